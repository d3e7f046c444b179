"""Pages that read the same on any machine: the CJK font embedded in each page, subset to its text.

A reader without a Chinese system font (a fresh Linux machine, many servers, some English-language
readers' systems) would otherwise see every Chinese word outside the charts as an empty box. Each
page therefore carries, in its own CSS, a subset of Noto Sans CJK SC (the font the charts use, from
the ``mplfonts`` package) holding only the characters that page uses, as WOFF2 (fontTools, with
brotli), and asks for it first everywhere. Subsetting is deterministic: the same page text gives the
same bytes.
"""

from __future__ import annotations

import base64
import html as html_lib
import importlib.util
import io
import re
from functools import lru_cache
from pathlib import Path

FAMILY = "JNJP Noto Sans CJK SC"
_STYLE_ID = "jnjp-embedded-font"
_STRIP = re.compile(r"<style\b.*?</style>|<script\b.*?</script>|data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+",
                    re.S | re.I)


@lru_cache(maxsize=1)
def font_path() -> Path:
    """Noto Sans CJK SC Regular as shipped by ``mplfonts`` (a dependency; no system font needed).

    Returns
    -------
    pathlib.Path
        Path of ``NotoSansCJKsc-Regular.otf`` inside the installed ``mplfonts`` package.

    Raises
    ------
    RuntimeError
        If ``mplfonts`` is not installed or lacks the font file.
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or spec.origin is None:
        raise RuntimeError("the 'mplfonts' package (a dependency) is not installed: no CJK font to embed")
    p = Path(spec.origin).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not p.is_file():
        raise RuntimeError(f"{p} not found in the mplfonts package")
    return p


def page_characters(page: str) -> str:
    """Every character a reader can see: the page without its CSS, scripts and embedded images.

    Entities decoded, white space dropped; sorted, so the subset does not depend on order.

    Parameters
    ----------
    page : str
        An HTML page.

    Returns
    -------
    str
        The distinct visible characters, sorted by code point.
    """
    text = html_lib.unescape(_STRIP.sub(" ", page))
    return "".join(sorted({c for c in text if not c.isspace()}))


# Layout features left out of every subset. Pages set text horizontally, so the vertical forms
# (vert, vrt2, …) and vertical metrics are dead weight; and ``locl`` holds the Japanese, Korean and
# Traditional forms of the ideographs (a Simplified-Chinese page, marked zh-Hans, never asks for them):
# its closure alone nearly doubled the glyphs of a page (888 for 513 characters, 519 without).
_DROP_FEATURES = ("locl", "valt", "vert", "vkrn", "vpal", "vrt2", "vchw", "vhal")
_DROP_TABLES = ("vhea", "vmtx", "VORG", "BASE")
# WOFF2 as fontTools writes it compresses at brotli quality 11: about 1 s a page for 3 % fewer bytes
# than quality 9 (0.1 s); the glyf transform costs another 0.3 s a page for 15 % fewer bytes. We take
# quality 9 without the transform (see _subset_woff2): a Chinese page's font is then ≈ 100 KB in base64.
BROTLI_QUALITY = 9


def _options():
    from fontTools import subset

    opts = subset.Options()
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.hinting = False  # screen and print at any size; hints only add bytes here
    # the subsetter's default layout features (kerning, ligatures…) but those above: "*" would also
    # keep every vertical and alternate form, some 2,000 glyphs for 300 characters
    opts.layout_features = [f for f in opts.layout_features if f not in _DROP_FEATURES]
    opts.drop_tables += list(_DROP_TABLES)
    return opts


def _subset_truetype(source: Path | io.BytesIO, chars: str):
    """A TTFont of ``source`` cut down to ``chars``, with TrueType outlines."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False, recalcBBoxes=False)
    sub = subset.Subsetter(_options())
    sub.populate(text=chars)
    sub.subset(font)
    if "CFF " in font:
        _cff_to_truetype(font)
    return font


def base_characters() -> str:
    """The characters of the base subset, which every page's subset is cut from when it can be.

    Every character our own pages can contain: all labels and texts (i18n.py), the plan text
    (quoted in the tables), the shipped plans' descriptors (their words: labels, titles, the record's
    context) and unit tables, the shipped record with its schema and sources
    (data/plans/xizang-13fyp/records/), ASCII and the punctuation the pages use; and GB 2312's
    symbols and its 3,755 level-1 (most common) hanzi, so that another plan's unit names and a
    user's scenario names rarely send a page down the slow path (a subset of the full 16 MB font,
    ≈ 2.5 s a page, instead of ≈ 0.15 s from this one). Rarer characters still work, slowly.

    Returns
    -------
    str
        The distinct characters, sorted by code point, white space excluded.
    """
    from jnjp_analysis import files
    from jnjp_analysis.plan import text as readers

    text = readers.plan_text()
    for f in base_sources():
        text += files.read_text(f, "record file" if f.parent.name == "records" else "plan file")
    text += _gb2312_common()
    text += "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、：；（）“”‘’《》〔〕…—–−·×±≤≥→%‰°²³₀ΔΠ✔✘¶"  # ¶: nbconvert's heading anchors
    return "".join(sorted({c for c in text if not c.isspace()}))


def base_sources() -> list[Path]:
    """The files whose characters :func:`base_characters` takes, besides the default plan's text
    (which its descriptor pins by SHA-256): i18n.py, the shipped record's files, and every shipped
    plan's ``datapackage.json`` and ``units.csv``.

    Returns
    -------
    list of Path
        In a fixed order.
    """
    from jnjp_analysis.config import PACKAGE_DIR, PLANS_DIR, RECORDS_DIR

    out = [PACKAGE_DIR / "i18n.py"]
    out += [f for f in sorted(RECORDS_DIR.glob("*")) if f.suffix in (".csv", ".json")]
    out += [f for f in sorted(PLANS_DIR.glob("*/*")) if f.name in ("datapackage.json", "units.csv")]
    return out


def base_sha() -> str:
    """SHA-256 of what decides the base subset (:func:`base_sources`' names and bytes): a page's font
    is cut from the base or from the full font by it, in different bytes, so the build cache keys
    every page on it (a shipped plan's descriptor edited: the pages are rebuilt, not served stale).

    Returns
    -------
    str
        The hex digest.
    """
    import hashlib

    h = hashlib.sha256()
    for f in base_sources():
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _gb2312_common() -> str:
    """GB 2312's symbol rows (01–09) and level-1 hanzi (rows 16–55: the 3,755 most common)."""
    out = []
    for hi in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


_BASE_LOCK = __import__("threading").Lock()


@lru_cache(maxsize=1)
def _base_font() -> tuple[bytes, frozenset]:
    """The TrueType base subset (bytes and its code points), built once and kept in the user's
    private cache folder (:func:`files.private_cache_dir`: mode 0700, refused if anyone else could
    write there, so nobody can plant a font whose digits are swapped), keyed by the font file, the
    characters and the fontTools version. A cached file is used only if its bytes match the hash
    recorded beside it and it maps no character outside the base characters; else it is rebuilt."""
    import hashlib

    import fontTools
    from fontTools.ttLib import TTFont

    from jnjp_analysis.files import atomic_write, private_cache_dir

    chars = base_characters()
    fp = font_path()
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the subsetting options and conversion
    key = hashlib.sha256(f"{fp.stat().st_size}:{fp.stat().st_mtime_ns}:{fontTools.version}:{code}:{chars}".encode()).hexdigest()
    folder = private_cache_dir("fonts")
    cached = folder / f"base-{key[:32]}.ttf" if folder is not None else None
    with _BASE_LOCK:
        data = b""
        if cached is not None and cached.is_file():
            data = cached.read_bytes()
            recorded = cached.with_suffix(".sha256")
            ok = recorded.is_file() and recorded.read_text(encoding="ascii").strip() == hashlib.sha256(data).hexdigest()
            if not ok or not data.startswith(b"\x00\x01\x00\x00"):
                data = b""
        cmap = frozenset(TTFont(io.BytesIO(data)).getBestCmap()) if data else frozenset()
        if not data or not cmap <= frozenset(ord(c) for c in chars):
            font = _subset_truetype(fp, chars)
            wanted = {ord(c) for c in chars}
            for table in font["cmap"].tables:  # the subsetter also keeps code points that share a
                if hasattr(table, "cmap") and table.cmap:  # kept glyph (∋, ≅): map the base's own only,
                    table.cmap = {u: g for u, g in table.cmap.items() if u in wanted}  # or no cache would pass
            buf = io.BytesIO()
            font.save(buf)
            data = buf.getvalue()
            cmap = frozenset(TTFont(io.BytesIO(data)).getBestCmap())
            if cached is not None:
                try:
                    atomic_write(cached, data, mode=0o600)
                    atomic_write(cached.with_suffix(".sha256"), hashlib.sha256(data).hexdigest() + "\n", mode=0o600)
                except OSError:
                    pass  # a cache that cannot be written costs time, never a result
    return data, cmap


def subset_woff2(chars: str) -> bytes:
    """The font cut down to ``chars`` (plus .notdef), as WOFF2.

    From the small base subset when it holds every character, else from the full font.

    Parameters
    ----------
    chars : str
        The characters to keep (order and repeats do not matter).

    Returns
    -------
    bytes
        The WOFF2 font, TrueType outlines; the same ``chars`` give the same bytes.

    Raises
    ------
    RuntimeError
        If the font is missing (:func:`font_path`).
    """
    return _subset_woff2("".join(sorted(set(chars))))


_WOFF2_LOCK = __import__("threading").Lock()


class _Brotli:
    """brotli as fontTools' WOFF2 writer calls it (``compress(data, mode=…)``), at :data:`BROTLI_QUALITY`."""

    def __init__(self, module) -> None:
        self._module = module

    def __getattr__(self, name: str):
        return getattr(self._module, name)

    def compress(self, data: bytes, mode: int = 0, **kw) -> bytes:
        return self._module.compress(data, mode=mode, quality=BROTLI_QUALITY)


@lru_cache(maxsize=64)
def _subset_woff2(chars: str) -> bytes:
    """:func:`subset_woff2` of sorted, distinct characters; memoised (an index or a PDF print of an
    unchanged page asks again for the same subset)."""
    from fontTools.ttLib import woff2

    data, cmap = _base_font()
    wanted = {ord(c) for c in chars}
    source = io.BytesIO(data) if wanted <= cmap else font_path()
    font = _subset_truetype(source, chars)
    buf = io.BytesIO()
    font.flavor = "woff2"
    # no glyf transform: fontTools' Python triplet encoding would save ~15 % of the font's bytes
    # (≈ 11 KB on a Chinese page) for ≈ 0.3 s a page
    font.flavorData = woff2.WOFF2FlavorData(transformedTables=())
    with _WOFF2_LOCK:  # the writer's brotli, at our quality, only while we write
        module = woff2.brotli
        woff2.brotli = _Brotli(module)
        try:
            font.save(buf)
        finally:
            woff2.brotli = module
    return buf.getvalue()


def _cff_to_truetype(font) -> None:
    """Replace the subset's CFF outlines by quadratic TrueType ones (fontTools' cu2qu, as in its
    otf2ttf snippet). Chromium embeds a TrueType webfont in a PDF as a named CID font; a CFF one
    becomes unnamed Type 3 glyphs, which print poorly and which pdffonts cannot name."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for g in glyf.glyphs.values():
        g.recalcBounds(glyf)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    font["maxp"] = maxp
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    maxp.numGlyphs = len(order)
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True  # maxp and head from the new glyphs (cheap: a few hundred of them)


def font_css(chars: str) -> str:
    """The ``<style>`` element that embeds the font subset for ``chars`` and puts it first in every font stack.

    Code keeps a monospace face for Latin and falls back to the subset for CJK.

    Parameters
    ----------
    chars : str
        The characters the subset must hold (:func:`page_characters`).

    Returns
    -------
    str
        ``<style id="jnjp-embedded-font">…</style>`` followed by a newline: an ``@font-face`` with
        the WOFF2 as a base64 ``data:`` URL, and the CSS rules that use it.

    Raises
    ------
    RuntimeError
        If the font is missing (:func:`font_path`).
    """
    data = base64.b64encode(subset_woff2(chars)).decode("ascii")
    stack = f'"{FAMILY}", "Noto Sans CJK SC", sans-serif'
    return (f'<style id="{_STYLE_ID}">\n'
            f'@font-face{{font-family:"{FAMILY}";src:url(data:font/woff2;base64,{data}) format("woff2");'
            f"font-weight:100 900;font-style:normal;font-display:block}}\n"
            f":root{{--jp-content-font-family:{stack};--jp-ui-font-family:{stack}}}\n"
            f"body,h1,h2,h3,h4,table,th,td,p,li,a,small{{font-family:{stack}}}\n"
            # code keeps a monospace face for Latin, and falls back to the subset for any CJK in it
            f'code,pre,kbd{{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace,{stack}}}\n'
            f"</style>\n")


def embed(page: str) -> str:
    """``page`` with its font subset in a ``<style>`` at the end of ``<head>``.

    An earlier one is replaced, so embedding twice gives the same page.

    Parameters
    ----------
    page : str
        An HTML page with a ``</head>``.

    Returns
    -------
    str
        The page with the subset of the characters it shows (:func:`page_characters`) embedded.

    Raises
    ------
    ValueError
        If the page has no ``</head>``.
    RuntimeError
        If the font is missing (:func:`font_path`).
    """
    page = re.sub(rf'<style id="{_STYLE_ID}">.*?</style>\n', "", page, flags=re.S)
    css = font_css(page_characters(page))
    if "</head>" not in page:
        raise ValueError("page has no </head>: cannot embed the font")
    return page.replace("</head>", css + "</head>", 1)


def embedded_font(page: str) -> bytes | None:
    """The WOFF2 bytes embedded in ``page`` (None if none): for tests and size reports.

    Parameters
    ----------
    page : str
        An HTML page, as :func:`embed` writes it.

    Returns
    -------
    bytes or None
        The decoded WOFF2 font, or None if the page embeds no font.
    """
    m = re.search(rf'<style id="{_STYLE_ID}">.*?base64,([A-Za-z0-9+/=]+)\)', page, re.S)
    return base64.b64decode(m.group(1)) if m else None
