"""The plan form's optional Statistics sheet (issue 30, item 2): base-year statistics from a cited source,
checked by the one rule set of ``statistics.csv`` and written to it.

The form is filled from the INVENTED fixture tests/plans/synthetic-4y (test_plan_form.fill); the statistic
below is invented too (an invented source at example.org), its value worked by hand: 1.2亿吨标准煤 =
1.2 × 10000 = 12000 10^4 tce.
"""

import json

from openpyxl import load_workbook
from test_plan_form import TEXT, _append, _refused, fill

from jnjp_analysis.plan import form
from jnjp_analysis.plan.load import load

PID = "synthetic-4y"
ROW = {"unit": "jia", "indicator": "energy_10k_tce", "year": 2020, "value": 12000, "value_text": "1.2亿吨标准煤",
       "status": "preliminary", "source_title": "甲市2020年统计公报（虚构）", "source_issuer": "甲市统计局（虚构）",
       "source_date": "2021-03-01", "source_url": "https://example.org/jia-2020",
       "source_quote": "初步核算，全年能源消费总量1.2亿吨标准煤。", "note": "invented"}


def _form(tmp_path, rows):
    x = form.write_template(tmp_path / "plan.xlsx")
    fill(x)
    if rows:
        wb = load_workbook(x)
        where = _append(wb[form.STATISTICS_SHEET], "unit", rows)
        wb.save(x)
        return x, where
    return x, []


def test_the_statistics_sheet_round_trips_to_statistics_csv(tmp_path):
    x, _ = _form(tmp_path, [ROW])
    wb = load_workbook(x)
    head = [c.value for c in wb[form.STATISTICS_SHEET][4]]
    assert "来源标题 source title" in head and "数据状态 status" in head  # bilingual column titles
    out, findings = form.import_form(x, TEXT, tmp_path / PID)
    assert not [f for f in findings if f.level == "error"]
    assert (out / "statistics.csv").is_file()
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert any(r["name"] == "statistics" and r["path"] == "statistics.csv" for r in desc["resources"])
    s = load(out).statistic("jia", "energy_10k_tce")
    assert s is not None
    assert (s.year, s.value, s.value_text, s.status) == (2020, 12000, "1.2亿吨标准煤", "preliminary")
    assert s.source_url == "https://example.org/jia-2020"


def test_a_form_without_statistics_imports_without_the_file(tmp_path):
    x, _ = _form(tmp_path, [])
    out, _ = form.import_form(x, TEXT, tmp_path / PID)
    assert not (out / "statistics.csv").exists()
    assert load(out).statistics == ()
    # and a form saved without the sheet at all (an older template)
    wb = load_workbook(x)
    del wb[form.STATISTICS_SHEET]
    wb.save(x)
    out2, _ = form.import_form(x, TEXT, tmp_path / "b" / PID)
    assert load(out2).statistics == ()


def test_a_bad_statistic_is_refused_naming_its_cell(tmp_path):
    # 1.2亿吨 is 12000 10^4 tce, not 1200; the year is not the base year 2020; the issuer is missing
    x, where = _form(tmp_path, [{**ROW, "value": 1200},
                                {**ROW, "indicator": "co2_10k_tco2", "year": 2021, "value": 1.2,
                                 "value_text": "1.2亿吨", "source_issuer": None}])
    errors = _refused(x, tmp_path / PID)
    got = {(f.sheet, f.row, f.column, f.code) for f in errors}
    assert (form.STATISTICS_SHEET, where[0], "value", "value-not-its-text") in got
    assert (form.STATISTICS_SHEET, where[1], "year", "not-base-year") in got
    assert (form.STATISTICS_SHEET, where[1], "source_issuer", "missing-source") in got
    # "亿吨" alone is no unit of CO2 (nor of anything): refused naming the printed unit
    unknown = [f for f in errors if f.row == where[1] and f.column == "value_text"]
    assert unknown and unknown[0].code == "unknown-printed-unit" and "'亿吨'" in unknown[0].message
