"""How a built page carries its charts, style and font (issue 19): charts as inline SVG whose text
is set in the page's embedded font, the stylesheet cut to what applies, a per-page font subset
made quickly from a cached base. Whether a pruned page renders pixel for pixel as the full one is
checked in a real browser (marked ``browser``)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest

from jnjp_analysis import i18n
from jnjp_analysis.build import css
from jnjp_analysis.pages import charts, display, webfont

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


def _figure(title: str = "拉萨市：能源消费总量"):
    fig, ax = charts.new_figure()
    ax.plot([2015, 2020], [215, 305], label="总量上限")
    ax.set_title(title)
    ax.set_ylabel("Energy ($10^4$ tce)", parse_math=True)  # as the energy axis: mathtext asked for
    ax.legend()
    return fig


def test_svg_is_deterministic_and_keeps_text_as_text():
    a, b = charts.to_svg(_figure()), charts.to_svg(_figure())
    assert a == b
    assert ">拉萨市：能源消费总量</text>" in a  # text, not glyph outlines
    assert "<dc:date>" not in a and "Matplotlib v" not in a


def test_inline_svg_is_a_page_element_with_a_name_and_the_page_font():
    s = display.inline_svg(charts.to_svg(_figure()), "Alt <text> & more", "c2-", webfont.FAMILY)
    assert s.startswith("<svg") and s.endswith("</svg>")
    assert 'class="jnjp-chart" role="img" aria-label="Alt &lt;text&gt; &amp; more"' in s
    assert 'width="880" height="506"' in s  # 8 × 4.6 in at 110 px per inch, as the PNG was
    assert "<style" not in s and "<metadata" not in s  # nothing that would style the page
    ids = re.findall(r'\bid="([^"]+)"', s)
    assert ids and all(i.startswith("c2-") for i in ids)
    refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', s)
    assert all((x or y).startswith("c2-") for x, y in refs)
    fonts = set(re.findall(r"font-family: ([^;\"]+)", s))
    assert fonts and all(webfont.FAMILY in f for f in fonts), fonts
    assert "'DejaVu Sans', 'JNJP" in s  # mathtext's digits: DejaVu if the reader has it, else the page's font
    quoted = display.inline_svg(charts.to_svg(_figure()), 'the bureau\'s "figure"', "c3-", webfont.FAMILY)
    assert 'aria-label="the bureau\'s &quot;figure&quot;"' in quoted  # the apostrophe as itself, as in the text
    decorative = display.inline_svg(charts.to_svg(_figure()), None, "c1-", webfont.FAMILY)
    assert 'aria-hidden="true"' in decorative and "role=" not in decorative


def test_text_drawn_in_a_chart_is_never_rewritten():
    """A unit or scenario name is the user's: ids and fonts are rewritten in the SVG's tags only, and
    a name with dollar signs is text, not mathtext (it was drawn as "Jia 510to", or failed the page)."""
    fig, ax = charts.new_figure()
    ax.plot([2020, 2025], [1, 2], label="B url(#fn) font-family: 'DejaVu Sans';")
    ax.set_title('Jia id="x" costs $5 to $10 \\nosuch')
    ax.legend()
    s = display.inline_svg(charts.to_svg(fig), "alt", "c4-", webfont.FAMILY)
    texts = re.findall(r">([^<>]+)</text>", s)
    assert 'Jia id="x" costs $5 to $10 \\nosuch' in texts, texts
    assert "B url(#fn) font-family: 'DejaVu Sans';" in texts, texts
    assert "<!--" not in s  # matplotlib's comments repeat the text: dropped
    # the energy axis keeps its mathtext 10^4 (no user text in it)
    fig, ax = charts.new_figure()
    ax.set_ylabel(i18n.t("energy_axis", "en"), parse_math=True)
    assert "$10^4$" not in display.inline_svg(charts.to_svg(fig), None, "c5-", webfont.FAMILY)


def test_prune_keeps_what_can_apply_and_drops_the_rest():
    page = ('<html><head><style>/* c */ .a{color:red} .zz{color:blue} .a .zz, p{margin:0} .a:not(.zz){x:1}'
            ":root{--used:1px;--via:var(--used);--unused:2px} .a{width:var(--via)}"
            "@media print{.zz{y:1} .a{y:2}} @font-face{font-family:x;src:url(data:;base64,AA==)}"
            '::-moz-selection,.a::selection{z:1}</style></head><body><div class="a b">x</div></body></html>')
    out = css.prune(page)
    sheet = re.search(r"<style>(.*?)</style>", out, re.S).group(1)
    for kept in (".a{color:red}", ".a .zz, p{margin:0}", ".a:not(.zz){x:1}", "--used:1px", "--via:var(--used)",
                 "@media print{.a{y:2}}", "@font-face{", "::-moz-selection,.a::selection{z:1}"):
        assert kept in sheet, kept
    for dropped in (".zz{color:blue}", "--unused", ".zz{y:1}", "/* c */"):
        assert dropped not in sheet, dropped
    assert out.endswith('<body><div class="a b">x</div></body></html>')
    assert css.prune(out) == out  # idempotent


def test_base_font_cache_is_used_and_maps_only_base_characters():
    webfont._base_font.cache_clear()
    data, cmap = webfont._base_font()
    assert cmap <= {ord(c) for c in webfont.base_characters()}  # else the cached file would never pass
    assert ord("样") in cmap and ord("这") in cmap  # the plan's own words (datapackage.json)
    from fontTools.ttLib import TTFont

    woff = webfont.subset_woff2("拉萨市能源消费总量2020")
    font = TTFont(io.BytesIO(woff))
    assert woff[:4] == b"wOF2" and {ord(c) for c in "拉萨市能源消费总量2020"} <= set(font.getBestCmap())
    assert "vmtx" not in font and "vhea" not in font
    assert webfont.subset_woff2("2020总量消费能源市萨拉") == woff  # order and repeats do not matter


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`make test` installs it as root)")
@pytest.mark.parametrize("overview, lang", [(False, "zh"), (True, "en")])
def test_a_pruned_page_renders_as_the_full_one(tmp_path, monkeypatch, overview, lang):
    """The same notebook exported with and without pruning: Chromium's screenshots are identical
    (a Chinese briefing, and the English overview with its other tables and sections)."""
    from PIL import Image, ImageChops

    from jnjp_analysis.build import reports
    from jnjp_analysis.build.kernel import WarmKernel, parameterize
    from jnjp_analysis.config import NOTEBOOK_DIR

    [job] = [j for j in reports.plan_jobs(["lhasa"], [lang]) if (j.unit is None) == overview]
    nb = parameterize(job.template, job.parameters)
    with WarmKernel(str(NOTEBOOK_DIR)) as k:
        k.run(nb)
    pruned = reports.export_html(nb, job.title, job.lang)
    monkeypatch.setattr(css, "prune", lambda page: page)
    full = reports.export_html(nb, job.title, job.lang)
    assert len(pruned) < len(full) - 150_000, job.name
    shots = []
    for name, page in (("pruned", pruned), ("full", full)):
        (tmp_path / f"{name}.html").write_text(page, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={tmp_path / ('profile-' + name)}", f"--screenshot={shot}",
                        "--window-size=1200,12000", (tmp_path / f"{name}.html").as_uri()],
                       check=True, capture_output=True, timeout=120)
        shots.append(Image.open(shot).convert("RGB"))
    assert ImageChops.difference(*shots).getbbox() is None


def test_every_page_carries_its_own_language_whatever_was_exported_before():
    """Two Chinese pages in a row from one thread: nbconvert's ``language_code`` check turned the
    second into <html lang="en"> (which pages did depended on how the build's threads shared them)."""
    import nbformat

    from jnjp_analysis.build import reports

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("拉萨市：能源消费总量"))
    seen = [re.search(r'<html lang="([^"]*)"', reports.export_html(nb, "t", lang)).group(1)
            for lang in ("zh", "zh", "en", "en", "zh")]
    assert seen == ["zh-Hans", "zh-Hans", "en", "en", "zh-Hans"]
