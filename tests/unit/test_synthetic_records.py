"""The records layer on a plan that is not Tibet's: the INVENTED fixture tests/plans/synthetic-4y/
(示例省, base 2020 → target 2024; README.md there) and its invented record, records/record.csv:

    unit        cut    E_2020   ΔE   cap 2024   COD   NOx   the record (invented)
    示例省 region  15 %    172     48     220      2.3   4.6   growth 7 % in 2021–2024, average 7 %
    甲市 jia       19 %    100     21     121      1.2   2.5   energy 100, 104, 110.8 (2020–2022); growth 10 % (2021, 2022)
    乙市 yi        10 %     64     17      81      0.8   1.5   intensity change −3 % (2021–2023)
    丙州 bing       5 %      8     10      18      0.3   0.6   energy 10.5, 12.9, 15.8, 18.6 (2021–2024)

The schema's units and years come from the plan; the Excel form is the plan's; the assessment
grades the units with the numbers worked by hand in the comments (the literal is asserted, never
the code's own formula). Useful roots: 0.81^(1/4) = √0.9 = 0.9486833; 1.21^(1/4) = √1.1 = 1.0488088;
1.5^(1/2) = 1.2247449; 1.07^4 = 1.1449² = 1.3107960.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis.errors import JnjpError, PlanError
from jnjp_analysis.pages import words
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import assessment, decomposition, warning
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-4y"
PLAN = load_plan(FIXTURE)
HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
SRC = "final,Invented yearbook (test),test office,2025,,,"


def _csv(tmp_path: Path, body: str, name: str = "rec.csv") -> Path:
    f = tmp_path / name
    f.write_text(HEAD + body, encoding="utf-8")
    return f


def _row(unit, year, ind, value) -> str:
    return f"{unit},{year},{ind},{value},{SRC}\n"


@pytest.fixture(scope="module")
def rec() -> records.Record:
    return records.load(plan=PLAN)


# ----------------------------------------------------------------------------- the schema is the plan's
def test_the_schema_takes_its_units_years_and_indicators_from_the_plan():
    f = {x["name"]: x for x in records.schema(PLAN)["fields"]}
    # the fixture's record.schema.json states none of these: the region and units.csv in order, 2020–2024
    assert f["unit"]["constraints"]["enum"] == ["region", "jia", "yi", "bing"]
    assert (f["year"]["constraints"]["minimum"], f["year"]["constraints"]["maximum"]) == (2020, 2024)
    # the pollutants are the two the plan caps (COD, NOx); no SO2 or ammonia nitrogen
    # (and the cumulative carbon-intensity change since the base year 2020, issue 18)
    assert f["indicator"]["constraints"]["enum"] == list(records.indicators(PLAN)) == [
        "gdp_growth", "gdp_growth_avg", "gdp_current_100m_yuan", "energy_10k_tce", "intensity_change",
        "carbon_intensity_change_cum", "cod_10k_t", "nox_10k_t"]
    assert records.indicators(PLAN)["gdp_growth_avg"].first_year == 2021
    assert records.indicators(PLAN)["carbon_intensity_change_cum"].first_year == 2021
    assert records.statuses(PLAN) == ("preliminary", "revised", "final", "estimate", "not_stated")
    assert records.unit_keys(PLAN) == ("region", "jia", "yi", "bing")
    assert records.columns(PLAN) == records.columns(plan=TIBET)  # the same format as Tibet's
    assert records.schema_file(PLAN) == FIXTURE / "records" / "record.schema.json"
    # Tibet's schema is untouched by it
    assert records.schema(plan=TIBET)["fields"][0]["constraints"]["enum"][1] == "lhasa"


def test_the_shipped_invented_record_passes_clean(rec):
    res = records.check(plan=PLAN)
    assert res.ok and res.findings == []
    assert rec.path == str(FIXTURE / "records" / "record.csv") and rec.shipped and rec.plan is PLAN
    assert len(rec.values()) == 17  # 5 region + 5 jia + 3 yi + 4 bing rows
    assert rec.units() == ["region", "jia", "yi", "bing"]
    assert rec.value("jia", 2022, "energy_10k_tce") == 110.8


@pytest.mark.parametrize("body, code, where, hint", [
    # a unit of Tibet's plan is none of this plan's
    (_row("lhasa", 2021, "energy_10k_tce", 104), "unknown-unit", "row 2, column 'unit'", "units: region, jia, yi, bing"),
    # its name as printed: the slug is the hint
    (_row("乙市", 2021, "energy_10k_tce", 66), "unknown-unit", "row 2, column 'unit'", "write 'yi' for 乙市"),
    (_row("示例省", 2021, "gdp_growth", 0.07), "unknown-unit", "row 2, column 'unit'", "write 'region'"),
    # a year of Tibet's period, outside 2020–2024
    (_row("jia", 2019, "energy_10k_tce", 98), "year-out-of-range", "row 2, column 'year'",
     "the plan's base year 2020 to its target year 2024"),
    (_row("jia", 2025, "energy_10k_tce", 125), "year-out-of-range", "row 2, column 'year'", "2024"),
    # an average from the base year has no value in the base year itself
    (_row("region", 2020, "gdp_growth_avg", 0.07), "year-not-allowed", "row 2, column 'year'", "the first year is 2021"),
    # SO2 is not capped by this plan: not an indicator of its record
    (_row("jia", 2021, "so2_10k_t", 0.1), "unknown-indicator", "row 2, column 'indicator'", "nox_10k_t"),
])
def test_a_tibet_unit_or_year_in_a_synthetic_record_is_refused_with_file_row_and_column(tmp_path, body, code, where,
                                                                                        hint):
    f = _csv(tmp_path, body)
    res = records.check(f, plan=PLAN)
    assert not res.ok
    e = next(x for x in res.errors if x.code == code)
    assert str(e).startswith(f"error: {f}, {where}"), str(e)
    assert hint in (e.hint or ""), e.hint
    with pytest.raises(records.RecordError, match=f"{f}, {where}"):
        records.load(f, plan=PLAN)


def test_the_same_rows_are_judged_by_the_plan_they_are_read_against(tmp_path):
    # jia 2021 is a unit and a year of the synthetic plan, neither of Tibet's (2015–2020, seven prefectures)
    f = _csv(tmp_path, _row("jia", 2021, "energy_10k_tce", 104))
    assert records.check(f, plan=PLAN).ok
    got = {(e.code, e.column) for e in records.check(f, plan=TIBET).errors}
    assert got == {("unknown-unit", "unit"), ("year-out-of-range", "year")}
    # and Tibet's shipped record is refused by the synthetic plan: its years are 2015–2020
    # (2015–2019 are outside 2020–2024; the 2016–2020 average of 2020 is before this plan's first year 2021)
    # and its unit lhasa (Lhasa's own rows, shipped since issue 18) is not one of this plan's
    res = records.check(records.shipped_record(plan=TIBET), plan=PLAN)
    assert not res.ok and {e.code for e in res.errors} == {"year-out-of-range", "year-not-allowed", "unknown-unit"}


def test_the_plausibility_checks_use_the_plans_targets(tmp_path):
    # 甲市 2021 typed as 1.04 (tce for 10^4 tce): 1.04 / 100 = 0.0104 × the base, below 0.316;
    # log10(0.0104) = −1.98 → moved by 10^2: 104
    # 丙州 NOx 60 against its cap 0.6: 60 / 0.6 = 100 ×, beyond 31.6 ×; log10(100) = 2 → 0.6
    res = records.check(_csv(tmp_path, _row("jia", 2021, "energy_10k_tce", "1.04") + _row("bing", 2022, "nox_10k_t", 60)),
                        plan=PLAN)
    hints = sorted(e.hint for e in res.errors if e.code == "implausible-amount")
    assert hints == ["0.6 × 10^4 t? the plan's cap for 丙州 is 0.6", "104 × 10^4 tce? the plan's base for 甲市 is 100"]
    # 甲市 2020 (the base year) as 101: 1 % off the plan's base 100, beyond 0.5 %: accepted and flagged
    res = records.check(_csv(tmp_path, _row("jia", 2020, "energy_10k_tce", 101), "base.csv"), plan=PLAN)
    assert res.ok and [w.code for w in res.warnings] == ["base"]
    assert words.finding_message(res.warnings[0], plan=PLAN) == "jia 2020 consumption 101 differs from the plan's base 100 × 10^4 tce; the analysis uses the plan's base"


# ------------------------------------------------------------------ a schema that disagrees with its plan
@pytest.fixture
def copy(tmp_path):
    """A copy of the fixture (its folder named as its id) whose record schema a test may break."""
    dst = tmp_path / "synthetic-4y"
    shutil.copytree(FIXTURE, dst)
    return dst


def _edit_schema(folder: Path, change) -> Path:
    f = folder / "records" / "record.schema.json"
    desc = json.loads(f.read_text(encoding="utf-8"))
    change(desc)
    f.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    return f


def _field(desc, name):
    return next(x for x in desc["fields"] if x["name"] == name)


def test_a_schema_that_states_other_units_is_refused_naming_file_and_field(copy):
    f = _edit_schema(copy, lambda d: _field(d, "unit")["constraints"].update(enum=["region", "lhasa", "jia"]))
    with pytest.raises(PlanError) as exc:
        records.schema(copy)
    msg = str(exc.value)
    assert msg.startswith(f"{f}, field 'unit', constraints.enum: ['region', 'lhasa', 'jia'], but plan synthetic-4y "
                          "has ['region', 'jia', 'yi', 'bing']"), msg


def test_a_schema_that_states_other_years_is_refused(copy):
    f = _edit_schema(copy, lambda d: _field(d, "year")["constraints"].update(minimum=2015, maximum=2020))
    with pytest.raises(PlanError, match=r"field 'year', constraints\.minimum: 2015, but plan synthetic-4y has 2020 "
                                        r"\(its base year\)") as exc:
        records.check(plan=copy)
    assert str(f) in str(exc.value)


def test_a_schema_that_states_the_plans_own_units_and_years_is_accepted(copy):
    def state(d):
        _field(d, "unit")["constraints"]["enum"] = ["region", "jia", "yi", "bing"]
        _field(d, "year")["constraints"].update(minimum=2020, maximum=2024)

    _edit_schema(copy, state)
    assert records.check(plan=copy).ok


def test_a_pollutant_the_plan_does_not_cap_or_a_first_year_outside_it_is_refused(copy):
    so2 = {"name": "so2_10k_t", "kind": "amount", "unit": "10^4 t", "unit_zh": "万吨", "minimum": 0,
           "label_en": "SO2 emissions", "label_zh": "二氧化硫排放量"}
    _edit_schema(copy, lambda d: d["jnjp:indicators"].append(so2))
    with pytest.raises(PlanError, match=r"jnjp:indicators\[8\] \('so2_10k_t'\): a pollutant plan synthetic-4y sets "
                                        r"no target for \(it caps cod, nox and cuts none\)"):
        records.schema(copy)


def test_a_first_year_outside_the_plan_is_refused(copy):
    def tibet_first_year(d):
        next(x for x in d["jnjp:indicators"] if x["name"] == "gdp_growth_avg")["first_year"] = 2016

    _edit_schema(copy, tibet_first_year)
    with pytest.raises(PlanError, match=r"first_year 2016 is not a year of plan synthetic-4y \(2021–2024\)"):
        records.schema(copy)


def test_a_plan_without_a_record_format_says_so(copy):
    (copy / "records" / "record.schema.json").unlink()
    with pytest.raises(PlanError, match=r"record\.schema\.json: plan synthetic-4y has no record format"):
        records.check(plan=copy)


def test_a_plan_that_ships_no_record_still_reads_its_users_records(copy, tmp_path):
    (copy / "records" / "datapackage.json").unlink()
    (copy / "records" / "record.csv").unlink()
    with pytest.raises(PlanError, match=r"plan synthetic-4y ships no record"):
        records.load(plan=copy)
    f = _csv(tmp_path, _row("jia", 2021, "energy_10k_tce", 104))
    rec = records.load(f, with_shipped=True, plan=copy)  # nothing to add
    assert rec.added_from_shipped == 0 and rec.value("jia", 2021, "energy_10k_tce") == 104
    x = record_template.write(tmp_path / "empty.xlsx", ["jia"], plan=copy)  # a form with nothing prefilled
    assert records.check(x, plan=copy).record.values().empty


# -------------------------------------------------------------------------------------- the Excel form
def test_the_form_of_the_synthetic_plan_round_trips(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", plan=PLAN)
    wb = load_workbook(x)
    # the instructions, the region, then 甲市, 乙市, 丙州 by their short names and slugs
    assert wb.sheetnames[0] == record_template.INSTRUCTIONS_SHEET
    assert wb.sheetnames[1].endswith(" region") and wb.sheetnames[2:] == ["甲 jia", "乙 yi", "丙 bing"]
    readme = " ".join(str(c.value) for row in wb[record_template.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "甲市、乙市、丙州" in readme and "Jiashi, Yishi, Bingzhou" in readme and "拉萨" not in readme
    for sheet, name in (("甲 jia", "甲市"), ("乙 yi", "乙市"), ("丙 bing", "丙州")):
        ws = wb[sheet]
        assert ws["A1"].value.startswith(name) and (ws["A2"].value, ws["B2"].value) == ("unit", sheet.split()[1])
        rows = [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=8) if r[0].value is not None]
        # one row per year 2020–2024 and indicator (8), but the average and the cumulative carbon change
        # only from 2021: 5 × 8 − 2 = 38
        assert sorted({y for y, _ in rows}) == [2020, 2021, 2022, 2023, 2024] and len(rows) == 38
        assert [y for y, ind in rows if ind == "gdp_growth_avg"] == [2021, 2022, 2023, 2024]
        assert [y for y, ind in rows if ind == "carbon_intensity_change_cum"] == [2021, 2022, 2023, 2024]
        assert {ind for _, ind in rows} == set(records.indicators(PLAN)) and ("so2_10k_t" not in {i for _, i in rows})
        years = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
        assert [(dv.formula1, dv.formula2) for dv in years] == [("2020", "2024")]
    # the shipped invented values come back exactly, with their sources
    cols = list(records.columns(PLAN))
    got = records.load(x, plan=PLAN).data[cols].reset_index(drop=True)
    want = records.load(plan=PLAN).data[cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    # what an office types comes back as typed: 乙市 2024, −2 %
    ws = wb["乙 yi"]
    for r in ws.iter_rows(min_row=8):
        if (r[0].value, r[1].value) == (2024, "intensity_change"):
            r[4].value, r[5].value, r[6].value = -0.02, "final", "Invented yearbook (test)"
    wb.save(x)
    back = records.load(x, plan=PLAN)
    assert back.value("yi", 2024, "intensity_change") == -0.02 and len(back.values()) == 18


def test_the_form_refuses_a_unit_of_another_plan_and_is_refused_by_another_plan(tmp_path):
    with pytest.raises(JnjpError, match=r"unknown unit\(s\) \['lhasa'\]; units of plan synthetic-4y: region, jia, yi, bing"):
        record_template.write(tmp_path / "f.xlsx", ["lhasa"], plan=PLAN)
    # an empty form of the synthetic plan read as Tibet's: the sheet's unit (B2) is none of Tibet's
    x = record_template.write(tmp_path / "syn.xlsx", ["jia"], prefill=False, plan=PLAN)
    from openpyxl import load_workbook

    wb = load_workbook(x)
    ws = wb["甲 jia"]
    for r in ws.iter_rows(min_row=8):
        if (r[0].value, r[1].value) == (2021, "energy_10k_tce"):
            r[4].value = 104
    wb.save(x)
    assert records.check(x, plan=PLAN).ok
    (e,) = records.check(x, plan=TIBET).errors
    assert (e.code, e.sheet, e.row, e.column) == ("unknown-unit", "甲 jia", 2, "B")


# ---------------------------------------------------------------------------------------- the analysis
def test_the_region_ceiling_at_the_growth_that_happened(rec):
    # 7 % a year, all four years: index 1.07^4 = 1.3107960; ceiling 172 × 1.3107960 × (1 − 0.15)
    # = 172 × 1.1141766 = 191.6384 < cap 220 (headroom 28.3616): the intensity target binds
    c = assessment.ceiling_target(rec, "region", plan=rec.plan)
    assert c["ceiling_10k_tce"] == pytest.approx(191.6384, abs=1e-4) and c["basis"] == "annual"
    assert c["cap_target_10k_tce"] == 220 and c["headroom_10k_tce"] == pytest.approx(28.3616, abs=1e-4)
    assert c["binding"] == "intensity" and c["growth_avg"] == pytest.approx(0.07, abs=1e-12)
    # the controls meet at (220 / (172 × 0.85))^(1/4) − 1 = 1.5047880^(1/4) − 1 = 1.1075640 − 1
    assert c["implied_growth"] == pytest.approx(0.107564, abs=1e-6)


def test_a_unit_ceiling_uses_its_own_growth_then_the_regions(rec):
    # 甲市: 10 %, 10 % (own), 7 %, 7 % (the region's): index 1.1, 1.21, 1.2947, 1.385329;
    # requirement 1 − √0.9^k: 0.0513167, 0.1, 0.1461850, then R = 0.19
    # ceilings 100 × 1.1 × 0.9486833 = 104.3552; 100 × 1.21 × 0.9 = 108.9; 129.47 × 0.8538150 = 110.5434;
    # 138.5329 × 0.81 = 112.2116
    c = assessment.ceilings(rec, "jia", plan=rec.plan)
    assert list(c["year"]) == [2021, 2022, 2023, 2024]
    assert list(c["growth_basis"]) == ["record", "record", "proxy: region", "proxy: region"]
    assert list(c["ceiling_10k_tce"]) == pytest.approx([104.3552, 108.9, 110.5434, 112.2116], abs=1e-4)
    # the cap's even path 100 × 1.21^(k/4): 104.880885, 110, 115.368973, 121
    assert list(c["cap_path_10k_tce"]) == pytest.approx([104.880885, 110.0, 115.368973, 121.0], abs=1e-6)
    assert c.attrs["cap_target_10k_tce"] == 121 and c.attrs["energy_base_10k_tce"] == 100


def test_an_estimate_of_a_unit_s_growth_is_shown_not_used_as_in_tibet_s_record(tmp_path):
    # 甲市 2023 growth 12 % announced before the year closed (invented): held with status estimate, a warning
    # on its row; the ceilings are those of the shipped record alone (the test above): 2023 takes the
    # region's 7 %, 129.47 × 0.8538150 = 110.5434 (with the estimate: 121 × 1.12 × 0.8538150 = 115.7090)
    est = "estimate,Invented work report (test),test office,2023-12-31,,,"
    f = _csv(tmp_path, f"jia,2023,gdp_growth,0.12,{est}\n")
    res = records.check(f, with_shipped=True, plan=PLAN)
    assert res.ok and [(w.code, w.unit, w.year, w.row) for w in res.warnings] == [("estimate", "jia", 2023, 2)]
    rec = res.record
    assert list(rec.estimates()["value"]) == [0.12] and rec.value("jia", 2023, "gdp_growth") is None
    c = assessment.ceilings(rec, "jia", plan=rec.plan).set_index("year")
    assert (c.loc[2023, "gdp_growth"], c.loc[2023, "growth_basis"]) == (0.07, "proxy: region")
    assert c.loc[2023, "ceiling_10k_tce"] == pytest.approx(110.5434, abs=1e-4)


def test_the_cumulative_carbon_change_of_the_synthetic_plan_starts_after_its_base(tmp_path):
    # base 2020: a cumulative change has no value for 2020 itself; a 2024 value alone is complete
    (e,) = records.check(_csv(tmp_path, _row("jia", 2020, "carbon_intensity_change_cum", -0.05)), plan=PLAN).errors
    assert e.code == "year-not-allowed" and "the first year is 2021" in e.hint
    res = records.check(_csv(tmp_path, _row("jia", 2024, "carbon_intensity_change_cum", -0.12), "c.csv"), plan=PLAN)
    assert res.ok and res.warnings == [] and res.record.value("jia", 2024, "carbon_intensity_change_cum") == -0.12


def test_lmdi_on_the_plans_base(rec):
    # 甲市 2021: 104 against the base 100, G = 1.1: L = 4 / ln 1.04 = 4 / 0.0392207 = 101.98693;
    # activity L·ln 1.1 = 101.98693 × 0.0953102 = 9.720392; intensity = 4 − 9.720392 = −5.720392
    d = decomposition.lmdi(rec, "jia", plan=rec.plan).set_index("year")
    assert list(d.index) == [2021, 2022]
    assert d.loc[2021, "activity_10k_tce"] == pytest.approx(9.720392, abs=1e-6)
    assert d.loc[2021, "intensity_10k_tce"] == pytest.approx(-5.720392, abs=1e-6)
    # 2022: 110.8, G = 1.21: L = 10.8 / ln 1.108 = 10.8 / 0.1025566 = 105.30772; activity L·ln 1.21 = 20.073795
    assert d.loc[2022, "activity_10k_tce"] == pytest.approx(20.073795, abs=1e-6)
    assert d.attrs["base"] == "the table" and d.attrs["energy_base_10k_tce"] == 100


# 甲市, growth 10 %: annual cut 1 − (104/100)/1.1 = 0.0545455 (≥ 0.0513167: green), then
#   1 − (110.8/104)/1.1 = 0.0314685; cumulative 1 − 110.8/121 = 0.0842975 < 0.9 × 0.1 = 0.09: red;
#   consumption 104 ≤ 104.880885 green, 110.8 − 110 = 0.8 ≤ 10 % of the 10 allowed: yellow.
# 乙市, −3 % a year: cumulative 0.03, 0.0591, 0.087327 against 1 − 0.9^(k/4) = 0.0259963, 0.0513167,
#   0.0759789: green.
# 丙州, the region's 7 %: cuts 1 − (10.5/8)/1.07 = −0.2266355, −0.1481976, −0.1446787, −0.1002011
#   (intensity rose: red); consumption against 8 × 1.5^(k/2) = 9.797959, 12, 14.696938 with the yellow
#   band + 10 % of what is allowed to date (9.977755, 12.4, 15.366632): red; 18.6 > the 2024 cap 18: red.
def test_the_assessment_grades_every_unit_by_year(rec):
    a = assessment.assessments(rec, plan=rec.plan)
    assert sorted(a) == [2021, 2022, 2023, 2024]
    lights = {y: dict(zip(t["unit"], t["light"])) for y, t in a.items()}
    assert lights[2021] == {"region": "none", "jia": "green", "yi": "green", "bing": "red"}
    assert lights[2022] == {"region": "none", "jia": "red", "yi": "green", "bing": "red"}
    assert lights[2023] == {"region": "none", "jia": "none", "yi": "green", "bing": "red"}
    assert lights[2024] == {"region": "none", "jia": "none", "yi": "none", "bing": "red"}
    t22 = words.with_assessment_reasons(a[2022], plan=PLAN).set_index("unit")
    assert (t22.loc["jia", "intensity_light"], t22.loc["jia", "energy_light"]) == ("red", "yellow")
    assert t22.loc["jia", "cumulative_cut"] == pytest.approx(0.0842975, abs=1e-6)
    assert t22.loc["jia", "name"] == "Jiashi" and assessment.assessment(rec, 2022, lang="zh", plan=rec.plan)["name"].iloc[1] == "甲市"
    assert t22.loc["bing", "basis"] == "proxy: region" and t22.loc["yi", "basis"] == "record"
    assert t22.loc["region", "reason"] == "not rateable: no energy consumption or intensity change for 2021"
    assert words.with_assessment_reasons(a[2023], plan=PLAN).set_index("unit").loc["jia", "reason"] == "not rateable: the record's series end in 2022"
    t24 = words.with_assessment_reasons(a[2024], plan=PLAN).set_index("unit")
    assert t24.loc["bing", "reason"] == "intensity rose; consumption above the 2024 cap"
    assert t24.loc["bing", "energy_10k_tce"] == 18.6
    with pytest.raises(JnjpError, match=r"year 2019 is not a plan year \(2021–2024, plan synthetic-4y\)"):
        assessment.assessment(rec, 2019, plan=rec.plan)


def test_the_early_warning_list_and_its_why(rec):
    ew = words.with_warning_why(warning.early_warning(rec, plan=rec.plan), plan=PLAN).set_index("unit")
    assert list(ew.index) == ["jia", "bing"]  # 乙市 is green throughout, on pace to its 10 %
    jia, bing = ew.loc["jia"], ew.loc["bing"]
    # 甲市: red in 2022; consumption above the even path (yellow), intensity behind; the remaining pace
    # after 2022, 1 − (0.81 / 0.9157025)^(1/2) = 1 − 0.9405141 = 0.0594859, exceeds the best cut so
    # far, 0.0545455 (after 2021 it was 1 − (0.81/0.9454545)^(1/3) = 0.0502380: still within reach)
    assert (jia["year"], jia["light"], jia["years"]) == (2022, "red", "2022")
    assert (jia["too_fast"], jia["cap_exceeded"], jia["behind"], jia["intensity_rose"]) == (True, False, True, False)
    assert jia["implausible_from"] == 2022
    assert jia["why"] == "consumption growing too fast; intensity progress behind schedule; target implausible from 2022"
    # 丙州: red every year, above its 2024 cap of 18, intensity rising; implausible from 2021 (the best cut
    # so far is negative, any remaining pace is not)
    assert (bing["year"], bing["light"], bing["years"]) == (2024, "red", "2021, 2022, 2023, 2024")
    assert (bing["too_fast"], bing["cap_exceeded"], bing["behind"], bing["intensity_rose"]) == (True, True, True, True)
    assert bing["implausible_from"] == 2021 and bing["basis"] == "proxy: region"
    assert bing["why"] == ("consumption growing too fast (above the 2024 cap); intensity progress behind schedule "
                           "(intensity rose); target implausible from 2021")
    # the pages' sentence is the same function, in their language
    assert words.warning_why(bing, "zh", plan=PLAN).startswith("能耗增长过快（已超2024年上限）")


def test_why_a_light_is_not_green_is_read_from_the_numbers(rec):
    t = assessment.observed_pacing(rec, "bing", plan=rec.plan)["table"].set_index("year")
    targets = PLAN.targets("bing")
    assert assessment.reason_codes(t.loc[2021], targets) == ["intensity_rose", "energy_well_above_path"]
    # 2024: 18.6 > 18, the cap (not the even path) is the reason
    assert assessment.reason_codes(t.loc[2024], targets) == ["intensity_rose", "cap_exceeded"]
    assert words.reason_text(["intensity_rose", "cap_exceeded"], "en", plan=PLAN) == \
        "intensity rose; consumption above the 2024 cap"
    jia = assessment.observed_pacing(rec, "jia", plan=rec.plan)["table"].set_index("year")
    assert assessment.reason_codes(jia.loc[2021], PLAN.targets("jia")) == []
    assert assessment.reason_codes(jia.loc[2022], PLAN.targets("jia")) == ["intensity_well_behind",
                                                                            "energy_slightly_above_path"]
    assert words.reason_text([], "en", plan=PLAN) == "on schedule"


def test_coverage_spans_the_plans_years(rec):
    cov = assessment.coverage(rec, "yi", plan=rec.plan)
    assert list(cov.columns) == [2020, 2021, 2022, 2023, 2024]
    assert list(cov.loc["intensity_change"].dropna()) == [-0.03, -0.03, -0.03]


def test_a_record_is_analysed_against_the_plan_it_was_read_against(rec):
    # None: the record's own plan; Tibet's is refused, naming both
    assert assessment.ceilings(rec, "jia", plan=PLAN).equals(assessment.ceilings(rec, "jia", plan=rec.plan))
    with pytest.raises(JnjpError, match=r"was read against plan synthetic-4y, not xizang-13fyp"):
        assessment.ceilings(rec, "jia", plan="xizang-13fyp")
    with pytest.raises(JnjpError, match=r"unknown unit 'lhasa': .*units: region, jia, yi, bing"):
        assessment.observed_pacing(rec, "lhasa", plan=rec.plan)
