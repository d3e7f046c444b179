"""What a reader gets: pages that show Chinese without any system CJK font (the font subset is in
the page), an alt text on every chart, and A4 PDFs with the CJK font embedded."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jnjp_analysis.build import reports
from jnjp_analysis.pages import pdf, webfont

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (`make test` installs it as root)")
needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def site(tibet_site):
    out, results = tibet_site  # the session's one build of Tibet's pages (conftest.py)
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return out


def test_every_page_carries_its_font_subset_and_it_is_small(site):
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        font = webfont.embedded_font(text)
        assert font is not None and font[:4] == b"wOF2", page.name
        assert len(font) < 300_000, f"{page.name}: {len(font)} bytes of font (aim < 300 KB)"
        # every character a reader sees is in the subset (and the subset holds little else)
        import io

        from fontTools.ttLib import TTFont

        cmap = TTFont(io.BytesIO(font)).getBestCmap()
        seen = set(webfont.page_characters(text))
        missing = sorted(c for c in seen if ord(c) not in cmap and ord(c) > 0x2000)
        assert not missing, f"{page.name}: characters not in the embedded font: {missing[:20]}"
        assert len(cmap) <= len(seen) + 64, f"{page.name}: subset holds {len(cmap)} code points for {len(seen)}"


def test_every_chart_has_an_alt_text_in_the_page_language(site):
    zh = (site / "lhasa_zh.html").read_text(encoding="utf-8")
    en = (site / "lhasa_en.html").read_text(encoding="utf-8")
    for page in (zh, en):
        # charts are inline SVG (display.inline_svg): role="img", the alt text as their accessible name
        charts = re.findall(r"<svg\b[^>]*>", page)
        assert "<img" not in page
        assert len(charts) == 7 and all(re.search(r'role="img" aria-label="[^"]{20,}"', c) for c in charts), charts
    # the main number of the energy chart is the annex-1 cap of 拉萨: 215 + 90 = 305
    assert re.search(r'aria-label="[^"]*2020年总量上限305万吨标准煤', zh)
    assert re.search(r'aria-label="[^"]*the 2020 cap is 305 × 10\^4 tce', en)
    # 拉萨's implied growth: (305 / (215 × 0.88))^(1/5) − 1 = 0.100210 (test_trajectory), 10.02 %/yr
    assert "implied GDP growth 10.02%/yr" in en
    # the record chart's: 215 × 1.09^5 × 0.88 = 291.1 at the region's 2016-2020 average growth (a proxy)
    assert re.search(r'aria-label="[^"]*the intensity target allowed about 291\.1 × 10\^4 tce in 2020, against a cap of 305', en)


@needs_chromium
@needs_poppler
def test_pdfs_embed_the_cjk_font_and_hold_the_headline_numbers(site):
    for name in ("lhasa_zh", "lhasa_en", "overview_zh", "overview_en"):
        f = site / f"{name}.pdf"
        assert f.exists() and f.read_bytes()[:5] == b"%PDF-", name
        fonts = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout
        cjk = [ln for ln in fonts.splitlines() if "NotoSansCJK" in ln]
        assert cjk and all(" yes " in ln for ln in cjk), fonts  # embedded
        info = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, info
    text = subprocess.run(["pdftotext", "-layout", str(site / "lhasa_zh.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    # annex 1, 拉萨市: 12 %, 2015 consumption 215, cap 305; implied growth 10.02 % (trajectory)
    for s in ("拉萨市", "12%", "215 万吨标准煤", "305 万吨标准煤", "10.02%", "第 1 页", "资料来源"):
        assert s in text, s
    text_en = subprocess.run(["pdftotext", str(site / "lhasa_en.pdf"), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "Lhasa" in text_en and "305" in text_en and "page 1 of" in text_en


def test_pdf_without_chromium_is_refused_before_running(tmp_path, monkeypatch, capsys):
    from jnjp_analysis import cli

    monkeypatch.setattr(pdf.shutil, "which", lambda _: None)
    monkeypatch.setattr(pdf.os.path, "exists", lambda _: False)
    assert cli.main(["build", "-p", "ngari", "-l", "en", "--no-overview", "--pdf", "--out", str(tmp_path)]) == 2
    assert "--pdf needs Chromium" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.html"))


@needs_chromium
def test_chinese_renders_with_the_embedded_font_on_a_machine_without_cjk_fonts(site, tmp_path):
    """Chromium with a font configuration that holds no CJK font (only DejaVu, if present): every
    glyph of the Chinese headings must come from the page's own font. The same page with its font
    removed must not (a negative control: the check can fail)."""
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    from playwright.sync_api import sync_playwright

    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<dir>/usr/share/fonts/truetype/dejavu</dir>'
                    f'<cachedir>{tmp_path / "fc-cache"}</cachedir></fontconfig>', encoding="utf-8")
    page_file = site / "lhasa_zh.html"
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<style id="jnjp-embedded-font">.*?</style>', "", page_file.read_text(encoding="utf-8"),
                           flags=re.S), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]

    def heading_fonts(url: str, shot: Path) -> list[dict]:
        page = browser.new_page(viewport={"width": 1100, "height": 800})
        page.goto(url)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(shot))
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        used = []
        for sel in ("h1", "h2", "table td"):
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": sel})["nodeId"]
            used += cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        page.close()
        return used

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args, env=env)
        try:
            good = heading_fonts(page_file.as_uri(), tmp_path / "with_font.png")
            bad = heading_fonts(bare.as_uri(), tmp_path / "without_font.png")
        finally:
            browser.close()
    assert good and all(f["isCustomFont"] for f in good), good
    assert not all(f["isCustomFont"] for f in bad), bad  # the negative control
    print(f"screenshots: {tmp_path / 'with_font.png'}, {tmp_path / 'without_font.png'}")


def test_each_page_has_a_reproducible_data_bundle_with_units_and_provenance(site, tmp_path):
    import json
    import zipfile

    from jnjp_analysis.plan import text as readers

    z = zipfile.ZipFile(site / "lhasa_en_data.zip")
    names = z.namelist()
    assert names == sorted(names) and "provenance.json" in names and "key_figures.json" in names
    assert {"chart_intensity_path.csv", "chart_energy.csv", "chart_double_control_map_grid.csv", "chart_pacing.csv",
            "chart_fan_energy_quantiles.csv", "chart_pollutant_shares.csv"} <= set(names)
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())
    energy = z.read("chart_energy.csv").decode().splitlines()
    assert energy[0] == "series,year,energy_10k_tce"  # the unit is in the header
    # 拉萨's even path to the cap ends at the annex-1 cap: 215 + 90 = 305
    assert "even_path_to_cap,2020,305.000000" in energy
    shares = z.read("chart_pollutant_shares.csv").decode()
    assert "lhasa,nh3n,0.119000,0.300000,39.666667" in shares  # 0.119 / 0.3 = 39.6667 %
    prov = json.loads(z.read("provenance.json"))
    assert prov["plan_sha256"] == readers.recorded_sha256() and prov["monte_carlo"]["seed"] == 20180403
    assert "lhasa_en_data.zip" in (site / "lhasa_en.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="lhasa_en_data.zip"' in index
    # byte-reproducible: a rebuild into another folder gives the same zip
    [r] = reports.build(["lhasa"], ["en"], jobs=1, out_dir=tmp_path, overview=False, progress=False)
    assert r.ok, r.error
    assert (tmp_path / "lhasa_en_data.zip").read_bytes() == (site / "lhasa_en_data.zip").read_bytes()
    assert (tmp_path / "lhasa_en.html").read_bytes() == (site / "lhasa_en.html").read_bytes()


@needs_chromium
@pytest.mark.parametrize("name", ["lhasa_zh", "lhasa_en", "overview_zh", "overview_en", "index"])
def test_axe_finds_no_accessibility_violation(site, name):
    """axe-core (the engine of the browsers' accessibility audits; axe-playwright-python ships it) on
    a briefing in each language, the overviews and the index: zero violations of any rule."""
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto((site / f"{name}.html").as_uri())
            results = Axe().run(page)
        finally:
            browser.close()
    assert results.violations_count == 0, results.generate_report()


def _cjk_outside_zh(page: str) -> list[str]:
    """The runs of Chinese text in ``page`` whose language (the nearest ``lang``) is not Chinese."""
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.bad, self.skip = [], [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("meta", "img", "br", "link", "input", "hr"):
                return
            lang = dict(attrs).get("lang") or (self.stack[-1] if self.stack else "")
            self.stack.append(lang)
            self.skip += tag in ("style", "script", "title")

        def handle_endtag(self, tag):
            if tag in ("meta", "img", "br", "link", "input", "hr"):
                return
            if self.stack:
                self.stack.pop()
            self.skip -= tag in ("style", "script", "title")

        def handle_data(self, data):
            if not self.skip and not (self.stack and self.stack[-1].startswith("zh")):
                self.bad += re.findall(r"[\u4e00-\u9fff]+", data)

    p = P()
    p.feed(page)
    return p.bad


def test_text_in_the_other_language_carries_its_lang(site):
    en = (site / "lhasa_en.html").read_text(encoding="utf-8")
    zh = (site / "lhasa_zh.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="en"', en) and re.search(r'<html lang="zh-Hans"', zh)
    # the English pages name 拉萨市 and quote the plan: every run of Chinese is marked as Chinese
    assert '<span lang="zh-Hans">拉萨市</span>' in en
    for name in ("lhasa_en", "overview_en", "index"):
        page = (site / f"{name}.html").read_text(encoding="utf-8")
        assert _cjk_outside_zh(page) == [], name
    assert _cjk_outside_zh(zh.replace('lang="zh-Hans"', 'lang="en"', 1))  # the check can fail
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<main>" in index and '<small lang="en">Tibet Autonomous Region' in index
