"""`jnjp build --record FILE` end to end: a made-up record with several units in one file (CSV, and
the same values through the Excel form) feeds the briefings and the overview, which leads with the
early-warning list; the record's warnings reach the pages; text from the file is escaped.

The record is invented for the test (it is no statistic): 拉萨 grows 5 % and burns 240 in 2016
(intensity rose: red), the other six prefectures and the region have 2016 consumption only."""

import csv
import io
import re
import zipfile

import pytest

from jnjp_analysis import cli
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

pytestmark = pytest.mark.slow

HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
# 230 + 80 + 55 + 28 + 57 + 22 + 28 = 500 for the prefectures (拉萨 at 240: 510) against 480 for the region
PREFS = {"lhasa": 240, "shigatse": 80, "chamdo": 55, "nyingchi": 28, "shannan": 57, "nagqu": 22, "ngari": 28}
EVIL = "<script>alert(1)</script> [x](javascript:alert(2))"
# free text that would add structure to a page (a heading after a newline), a link (a bare URL), math
# (MathJax reads $…$) or a formula (a spreadsheet runs a cell that starts with =) — issue 20
STRUCTURE = "the bureau's figure\n# Fake heading\nsee http://evil.example/x and $x^2$"
FORMULA = '=HYPERLINK("http://evil.example","click")'


def _record_csv(path):
    rows = [[u, 2016, "energy_10k_tce", v, "final", EVIL, "test office", "2017", "", "", ""] for u, v in PREFS.items()]
    rows.append(["region", 2016, "energy_10k_tce", 480, "final", "Test yearbook", "test office", "2017", "", "", ""])
    rows.append(["lhasa", 2016, "gdp_growth", 0.05, "final", FORMULA, "test office", "2017", "", STRUCTURE, ""])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(HEAD + buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    d = tmp_path_factory.mktemp("recsite")
    rec = _record_csv(d / "made_up_record.csv")
    out = d / "out"
    code = cli.main(["build", "-p", "lhasa", "-l", "en", "-o", str(out), "--record", str(rec), "--no-progress", "-j", "2"])
    return out, rec, code


def test_the_build_accepts_the_record_and_the_overview_leads_with_the_warning_list(site):
    out, rec, code = site
    assert code == 0
    ov = (out / "overview_en.html").read_text(encoding="utf-8")
    # the warning section comes before annex 1
    assert ov.index("Early-warning list") < ov.index("Annex 1")
    assert "Units to warn" in ov
    # the file has no regional growth: the shipped, cited values are added, and the region's ceiling follows
    # the shipped record: 12 values of the region (3 of them estimates, shown and not used) and 4 of Lhasa
    # (issue 18), none of them in this file; the ceiling is 0.1.0's: the estimates do not enter it
    assert "Added: the 16 value(s) of the shipped region record" in ov and "about 631.5 × 10^4 tce in 2020" in ov
    # 拉萨: consumption growing too fast and intensity rose, 2016, red
    assert re.search(r"Lhasa</td>\s*<td>2016</td>\s*<td>red</td>\s*<td>consumption growing too fast; intensity progress "
                     r"behind schedule \(intensity rose\)", ov)
    # the 数据衔接 warning: 510 against 480, gap +30 = +6.2 %
    assert "the 7 prefectures sum to 510, the region reports 480 (gap +30 10^4 tce, +6.2 %)" in ov


def test_the_briefing_shows_the_observed_lights_and_escapes_the_file_text(site):
    out, rec, code = site
    page = (out / "lhasa_en.html").read_text(encoding="utf-8")
    assert "Observed pacing (barometer):</strong> 2016 red" in page
    assert "made_up_record.csv" in page
    # the region's growth stands in for Lhasa's 2017-2018: its sources are listed, the 2016 estimate (中新社
    # 2016-12-31, 11.5 %) with its status, which says it is not used (Lhasa's own 5 % is the 2016 growth)
    assert "Tibet Autonomous Region (region) 2016, real GDP growth on the previous year (comparable prices): <strong>11.5%</strong> " \
           "(estimate made before the year closed, not used)" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert len(re.findall(r'<svg\b[^>]*role="img"', page)) == 8  # seven charts + the observed lights, inline SVG


def test_free_text_adds_no_structure_link_math_or_script_and_bundles_hold_no_formula(site):
    out, rec, code = site
    page = (out / "lhasa_en.html").read_text(encoding="utf-8")
    # the quote is one line of text in the sources list: no heading, no link, the apostrophe as itself
    assert "Fake heading" in page and not re.search(r"<h\d[^>]*>\s*Fake heading", page)
    assert "the bureau's figure # Fake heading see http://evil.example/x and $x^2$" in page
    assert 'href="http://evil.example' not in page and "&#x27;" not in page
    # no script at all, from anywhere: the pages load nothing from a CDN (require.js, MathJax, mermaid)
    assert not re.search(r"<script|\bsrc=\"https?:|cdnjs\.|jsdelivr|unpkg\.com|mathjax|require\.js", page, re.I)
    for name in ("lhasa_en", "overview_en"):
        with zipfile.ZipFile(out / f"{name}_data.zip") as z:
            cells = [c for n in z.namelist() if n.endswith(".csv")
                     for row in csv.reader(io.StringIO(z.read(n).decode("utf-8"))) for c in row]
        assert not [c for c in cells if c.startswith(("=", "+", "@"))]  # no cell a spreadsheet would run
        if name == "lhasa_en":
            assert "'" + FORMULA in cells  # the source title, neutralised with a leading apostrophe (OWASP)
            # a negative number stays a number: 拉萨 2016 annual cut 1 − (240/215)/1.05 = −0.063123
            assert "-0.063123" in cells


def test_the_same_record_through_the_excel_form(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", prefill=False, plan=TIBET)
    wb = load_workbook(x)
    sheets = {ws["B2"].value: ws for ws in wb.worksheets[1:]}
    for unit, ind, v in [*((u, "energy_10k_tce", e) for u, e in PREFS.items()), ("region", "energy_10k_tce", 480),
                         ("lhasa", "gdp_growth", 0.05)]:
        for row in sheets[unit].iter_rows(min_row=8):
            if (row[0].value, row[1].value) == (2016, ind):
                row[4].value, row[5].value, row[6].value, row[7].value, row[8].value = v, "final", "Test yearbook", "test office", "2017"
    wb.save(x)
    a = records.load(x, plan=TIBET).values()
    b = records.load(_record_csv(tmp_path / "r.csv"), plan=TIBET).values()
    assert sorted(zip(a["unit"], a["indicator"], a["value"])) == sorted(zip(b["unit"], b["indicator"], b["value"]))
    out = tmp_path / "out"
    assert cli.main(["build", "-p", "nagqu", "-l", "zh", "--no-overview", "-o", str(out), "--record", str(x), "--no-progress"]) == 0
    assert "form.xlsx" in (out / "nagqu_zh.html").read_text(encoding="utf-8")
