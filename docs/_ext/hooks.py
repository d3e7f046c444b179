"""MkDocs hooks: the site reads the same on a machine without a Chinese font, like the pages do.

After the build, every character of the site's HTML is subset from the package's CJK font
(Noto Sans CJK SC from mplfonts, as the briefings embed it) into ``assets/jnjp-cjk.woff2``, and
``assets/jnjp-cjk.css`` declares it for the CJK code points only (``unicode-range``), first in the
font stacks of text and code: Latin keeps the theme's fonts; Chinese never shows as boxes."""

from __future__ import annotations

from pathlib import Path

_CHARS: set[str] = set()
RANGES = "U+2E80-2FDF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF, U+201C-201D, U+2018-2019"


def on_post_page(output: str, page, config) -> str:
    from jnjp_analysis.pages import webfont

    _CHARS.update(webfont.page_characters(output))
    return output


def on_post_build(config) -> None:
    from jnjp_analysis.pages import webfont

    assets = Path(config["site_dir"]) / "assets"
    assets.mkdir(exist_ok=True)
    cjk = "".join(sorted(c for c in _CHARS if ord(c) >= 0x2018))
    (assets / "jnjp-cjk.woff2").write_bytes(webfont.subset_woff2(cjk))
    fam = f'"{webfont.FAMILY}"'
    (assets / "jnjp-cjk.css").write_text(
        f"@font-face{{font-family:{fam};src:url(jnjp-cjk.woff2) format(\"woff2\");unicode-range:{RANGES};"
        "font-display:block}\n"
        f"body,h1,h2,h3,h4,h5,h6,p,li,td,th,a,span,div,input{{font-family:{fam},var(--bs-body-font-family),sans-serif}}\n"
        f"code,pre,kbd{{font-family:{fam},SFMono-Regular,Menlo,Monaco,Consolas,\"Liberation Mono\",monospace}}\n",
        encoding="utf-8")
