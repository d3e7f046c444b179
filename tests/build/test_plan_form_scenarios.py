"""The plan form's optional Scenarios sheet (issue 30, item 8): scenarios with their rationale, in long form
(scenario, unit, parameter, year, value, rationale, status), checked by the scenario reader's own rules and
pivoted into the package's ``scenarios.csv`` instead of the placeholder.

The form is filled from the INVENTED fixture tests/plans/synthetic-4y (test_plan_form.fill): base year 2020,
target year 2024, so the scenario years are 2021, 2022, 2023, 2024; its units jia, yi, bing. The scenario
below is invented too: 8 %/yr growth (0.08) in every unit and year, the intensity cut at its even pace.
"""

import csv
import subprocess
import sys

import test_plan_form_kinds as kinds
from openpyxl import load_workbook
from test_plan_form import TEXT, _append, _refused, fill

from jnjp_analysis.plan import form

PID = "synthetic-4y"
YEARS = (2021, 2022, 2023, 2024)  # the fixture's base year 2020 + 1 … target year 2024
UNITS = ("jia", "yi", "bing")  # the fixture's units.csv
WHY = "Invented for the test: 8 %/yr, a round figure (an analyst would cite the plan's growth target)."
PACE = "The even pace of the unit's basic intensity cut (computed, not typed)."


def _rows(units=UNITS, years=YEARS):
    out = []
    for u in units:
        out += [{"scenario": "central", "unit": u, "parameter": "gdp_growth", "year": y, "value": 0.08,
                 "rationale": WHY} for y in years]
        out += [{"scenario": "central", "unit": u, "parameter": "intensity_cut", "year": y, "value": "even",
                 "rationale": PACE} for y in years]
    return out


def _form(tmp_path, rows, filler=fill):
    x = form.write_template(tmp_path / "plan.xlsx")
    filler(x)
    wb = load_workbook(x)
    where = _append(wb[form.SCENARIOS_SHEET], "scenario", rows) if rows else []
    wb.save(x)
    return x, where


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_template_has_a_bilingual_scenarios_sheet(tmp_path):
    wb = load_workbook(form.write_template(tmp_path / "plan.xlsx"))
    ws = wb[form.SCENARIOS_SHEET]
    assert [c.value for c in ws[5]][:7] == ["scenario", "unit", "parameter", "year", "value", "rationale", "status"]
    assert "依据" in ws.cell(4, 6).value and "rationale" in ws.cell(4, 6).value
    instructions = " ".join(str(c.value) for row in wb[form.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "情景 Scenarios" in instructions and "Scenarios sheet" in instructions


def test_a_filled_scenarios_sheet_replaces_the_placeholder_and_builds(tmp_path):
    x, _ = _form(tmp_path, _rows())
    out, findings = form.import_form(x, TEXT, tmp_path / PID)
    assert not [f for f in findings if f.level == "error"]
    rows = _read(out / "scenarios.csv")
    assert list(rows[0]) == ["scenario", "unit", "parameter", "2021", "2022", "2023", "2024", "rationale", "status"]
    assert len(rows) == 6  # 3 units x (gdp_growth, intensity_cut)
    jia = {r["parameter"]: r for r in rows if r["unit"] == "jia"}
    assert [jia["gdp_growth"][str(y)] for y in YEARS] == ["0.08", "0.08", "0.08", "0.08"]
    assert [jia["intensity_cut"][str(y)] for y in YEARS] == ["even", "even", "even", "even"]
    assert jia["gdp_growth"]["rationale"] == WHY and jia["intensity_cut"]["rationale"] == PACE
    assert {r["status"] for r in rows} == {""}  # no placeholder
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(out), "build", "--out", str(site),
                        "--unit", "jia", "--lang", "en", "--no-overview", "--no-progress"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    page = (site / "jia_en.html").read_text(encoding="utf-8")
    # the page's note beside a placeholder scenario (locale placeholder_note: "… holds a placeholder assumption")
    assert "placeholder assumption" not in page


def test_an_empty_sheet_gives_the_default_placeholder(tmp_path):
    x, _ = _form(tmp_path, [])
    assert form.SCENARIOS_SHEET in load_workbook(x).sheetnames  # the sheet is there, left empty
    out, _ = form.import_form(x, TEXT, tmp_path / PID)
    rows = _read(out / "scenarios.csv")
    assert {r["status"] for r in rows} == {"placeholder"}
    assert {r["2021"] for r in rows if r["parameter"] == "gdp_growth"} == {"implied"}


def test_a_missing_year_an_unknown_unit_and_a_non_number_are_refused_naming_the_cell(tmp_path):
    rows = _rows()
    del rows[3]  # jia's gdp_growth of 2024
    x, where = _form(tmp_path, rows)
    got = {(f.sheet, f.row, f.column, f.code) for f in _refused(x, tmp_path / PID)}
    # jia's gdp_growth group starts on the sheet's first data row (row 6) and lacks 2024
    assert (form.SCENARIOS_SHEET, where[0], "year", "missing-year") in got

    rows = _rows()
    rows[0]["unit"] = "ding"  # not a unit of the fixture
    rows[1]["value"] = "8%"  # not a number (a fraction is asked)
    (tmp_path / "b").mkdir()
    x, where = _form(tmp_path / "b", rows)
    got = {(f.sheet, f.row, f.column, f.code) for f in _refused(x, tmp_path / "b" / PID)}
    assert (form.SCENARIOS_SHEET, where[0], "unit", "unknown-unit") in got
    assert (form.SCENARIOS_SHEET, where[1], "value", "bad-scenario-value") in got


def test_a_year_outside_the_period_and_two_rationales_for_one_group_are_refused(tmp_path):
    rows = _rows()
    rows[1]["rationale"] = "Another rationale."  # jia's gdp_growth, 2022: a second rationale for the group
    rows[2]["year"] = 2020  # the base year: not a scenario year
    x, where = _form(tmp_path, rows)
    got = {(f.sheet, f.row, f.column, f.code) for f in _refused(x, tmp_path / PID)}
    assert (form.SCENARIOS_SHEET, where[1], "rationale", "rationale-conflict") in got
    assert (form.SCENARIOS_SHEET, where[2], "year", "year-outside-period") in got


def test_scenario_rows_for_a_carbon_led_plan_are_refused(tmp_path):
    def carbon_led(x):  # test_plan_form_kinds' carbon-led plan: only the carbon-intensity cut declared
        kinds.carbon_led(x, kinds.fill(x))

    x, where = _form(tmp_path, _rows(units=("jia",)), carbon_led)
    errors = kinds._refused(x, tmp_path / kinds.PID)
    assert [(f.sheet, f.row, f.column, f.code) for f in errors] == [
        (form.SCENARIOS_SHEET, where[0], "scenario", "scenarios-carbon-led")]
    assert "intensity_cut" in errors[0].message
