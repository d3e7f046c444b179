"""Records of observed statistics: the schema, graded validation, the Excel form, and the analysis
on a record. Expected numbers are worked by hand in the comments (annex 1 of the plan for the
targets; the cited bulletins for the region's growth), never read back from the code."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis import cli
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import assessment
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
SRC = "final,Yearbook,统计局,2021,,,"


def _csv(tmp_path, body: str, name: str = "rec.csv"):
    f = tmp_path / name
    f.write_text(HEAD + body, encoding="utf-8")
    return f


def _row(unit, year, ind, value, src=SRC):
    return f"{unit},{year},{ind},{value},{src}\n"


def _codes(res, level):
    return [f.code for f in res.findings if f.level == level]


# ------------------------------------------------------------------------------- schema and shipped
def test_the_schema_agrees_with_the_plan():
    s = records.schema()
    f = {x["name"]: x for x in s["fields"]}
    # the plan's base year 2015 and target year 2020; the region and annex 1's seven units in its order
    assert (f["year"]["constraints"]["minimum"], f["year"]["constraints"]["maximum"]) == (2015, 2020)
    assert f["unit"]["constraints"]["enum"] == ["region", "lhasa", "shigatse", "chamdo", "nyingchi", "shannan", "nagqu",
                                                "ngari"]
    assert f["indicator"]["constraints"]["enum"] == list(records.indicators()) == [
        "gdp_growth", "gdp_growth_avg", "gdp_current_100m_yuan", "energy_10k_tce", "intensity_change", "cod_10k_t",
        "nh3n_10k_t", "so2_10k_t", "nox_10k_t"]
    plan = load_plan()
    assert (plan.base_year, plan.target_year, list(plan.slugs)) == (2015, 2020, f["unit"]["constraints"]["enum"][1:])
    assert records.unit_keys() == ("region", *plan.slugs) == records.UNITS and records.schema(plan) is s
    # the file states them too (for tools that read it without Python): they are checked against the plan
    raw = json.loads(records.schema_file().read_text(encoding="utf-8"))
    assert {x["name"]: x.get("constraints", {}).get("enum") for x in raw["fields"]}["unit"] == f["unit"]["constraints"]["enum"]
    assert records.schema_file() == Path(__file__).resolve().parents[1] / "data" / "plans" / "xizang-13fyp" / "records" \
        / "record.schema.json"


def test_the_shipped_record_passes_with_no_error():
    res = records.check()
    assert res.ok and res.errors == []
    assert res.warnings == []  # its gaps are documented rows with a note, not silent holes


def test_every_shipped_value_carries_its_source_and_the_quote_holds_the_number():
    d = records.load().values()
    assert len(d) == 12  # 8 of the region, 4 of Lhasa (issue 18)
    for r in d.itertuples():
        for c in ("status", "source_date", "source_url", "source_quote"):
            assert getattr(r, c), (r.indicator, r.year, c)
        assert r.source_title or r.source_issuer, (r.indicator, r.year)
        if records.indicators()[r.indicator].kind == "fraction":  # as the source writes it: 9.1%, 11%, 10-percent
            shown = [f"{100 * r.value:.1f}%", f"{100 * r.value:g}%", f"{100 * r.value:g}-percent"]
        else:
            shown = [f"{r.value:g}"]
        assert any(x in r.source_quote for x in shown), (shown, r.source_quote)
    # the values, typed from the sources (data/plans/xizang-13fyp/records/region_gdp.csv cites them)
    rec = records.load()
    assert rec.value("region", 2020, "gdp_growth") == 0.078 and rec.value("region", 2018, "gdp_growth") == 0.091
    assert rec.value("region", 2020, "gdp_growth_avg") == 0.09
    assert rec.value("region", 2017, "gdp_growth") == 0.10 and rec.value("region", 2015, "gdp_growth") == 0.11
    assert rec.value("region", 2015, "gdp_current_100m_yuan") == 1026.39
    # only an estimate made before the year closed was found: empty, with a note that says so
    assert rec.value("region", 2016, "gdp_growth") is None and rec.value("region", 2019, "gdp_growth") is None
    data = records.load().data
    notes = data[data["unit"] == "region"].set_index(["year", "indicator"])["note"]
    assert "only an estimate" in notes[(2016, "gdp_growth")] and "only an estimate" in notes[(2019, "gdp_growth")]


def test_the_records_data_package_cites_the_missing_national_figures():
    ctx = {c["fact"]: c for c in records.provenance()["context"]}
    assert any("西藏自治区数据暂缺" in c["quote"] for c in ctx.values())
    assert any("未对西藏进行预警" in c["quote"] and c.get("document_number") == "发改办环资〔2020〕901号" for c in ctx.values())


# ------------------------------------------------------------------------------------------- errors
@pytest.mark.parametrize("body, code, where, hint", [
    (_row("lhasa", 2016, "gdp_growth", "7.8"), "fraction-out-of-range", "row 2, column 'value'", "did you mean 0.078?"),
    (_row("lhasa", 2016, "gdp_growth", "7.8%"), "not-a-number", "row 2, column 'value'", "0.078 for 7.8%"),
    (_row("lasa", 2016, "energy_10k_tce", "230"), "unknown-unit", "row 2, column 'unit'", "did you mean 'lhasa'?"),
    (_row("拉萨市", 2016, "energy_10k_tce", "230"), "unknown-unit", "row 2, column 'unit'", "write 'lhasa'"),
    (_row("lhasa", 2021, "energy_10k_tce", "230"), "year-out-of-range", "row 2, column 'year'", "2015 to its target year 2020"),
    (_row("lhasa", 2016, "energy_10k_tce", "-5"), "negative", "row 2, column 'value'", "10^4 tce"),
    (_row("lhasa", 2016, "energy_tce", "230"), "unknown-indicator", "row 2, column 'indicator'", "did you mean 'energy_10k_tce'?"),
    (_row("lhasa", 2016, "energy_10k_tce", '"1,230"'), "not-a-number", "row 2, column 'value'", "no thousands separators"),
    (_row("lhasa", 2015, "gdp_growth_avg", "0.09"), "year-not-allowed", "row 2, column 'year'", "the first year is 2016"),
    (_row("lhasa", 2016, "energy_10k_tce", "230", "finale,x,y,2021,,,"), "unknown-status", "row 2, column 'status'", "preliminary"),
    (_row("lhasa", 2016, "energy_10k_tce", "230", "final,x,y,2021-13,,,"), "bad-date", "row 2, column 'source_date'", "YYYY-MM"),
    (_row("lhasa", 2016, "energy_10k_tce", "230") * 2, "duplicate", "row 3", "the first is row 2"),
    (_row("lhasa", 2016, "energy_10k_tce", "inf"), "not-finite", "row 2, column 'value'", None),
])
def test_each_error_names_file_row_column_and_gives_a_hint(tmp_path, body, code, where, hint):
    f = _csv(tmp_path, body)
    res = records.check(f)
    assert not res.ok and res.record is None
    e = next(x for x in res.errors if x.code == code)
    assert str(e).startswith(f"error: {f}, {where}")
    if hint:
        assert hint in (e.hint or ""), e.hint
    with pytest.raises(records.RecordError) as exc:
        records.load(f)
    assert f"{f}, {where}" in str(exc.value)


def test_an_unknown_column_is_refused_not_dropped(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(HEAD.strip() + ",remark\n" + _row("lhasa", 2016, "energy_10k_tce", 230).strip() + ",x\n", encoding="utf-8")
    res = records.check(f)
    assert [e.code for e in res.errors] == ["unknown-column"] and "'remark'" in str(res.errors[0])


def test_every_error_of_a_file_is_reported_at_once(tmp_path):
    body = (_row("lhasa", 2016, "gdp_growth", "7.8") + _row("tokyo", 2016, "energy_10k_tce", "1")
            + _row("lhasa", 2021, "energy_10k_tce", "1"))
    res = records.check(_csv(tmp_path, body))
    assert sorted(e.row for e in res.errors) == [2, 3, 4]


# ----------------------------------------------------------------------------------------- warnings
PREF_2016 = {"lhasa": 230, "shigatse": 80, "chamdo": 55, "nyingchi": 28, "shannan": 57, "nagqu": 22, "ngari": 28}


def test_prefecture_sums_off_the_region_are_accepted_with_the_gap(tmp_path):
    # 230 + 80 + 55 + 28 + 57 + 22 + 28 = 500 against the region's 480: gap +20 = +4.2 % (> 1 %)
    body = _row("region", 2016, "energy_10k_tce", 480) + "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())
    res = records.check(_csv(tmp_path, body))
    assert res.ok
    (w,) = [x for x in res.warnings if x.code == "sum"]
    assert "sum to 500" in w.message and "reports 480" in w.message and "gap +20" in w.message and "+4.2 %" in w.message
    assert w.row == 2 and w.unit == "region"
    # within 1 %: 500 against 496 is +0.8 %: no warning
    body = body.replace("region,2016,energy_10k_tce,480", "region,2016,energy_10k_tce,496")
    assert "sum" not in _codes(records.check(_csv(tmp_path, body, "ok.csv")), "warning")


def test_a_jump_and_a_gap_are_warnings(tmp_path):
    # 日喀则 80 -> 120 is +50 % (beyond ±25 %); 2019 present, 2018 absent: a gap
    body = (_row("shigatse", 2016, "energy_10k_tce", 80) + _row("shigatse", 2017, "energy_10k_tce", 120)
            + _row("shigatse", 2019, "energy_10k_tce", 125))
    res = records.check(_csv(tmp_path, body))
    assert res.ok
    jump = next(w for w in res.warnings if w.code == "jump")
    assert "80 in 2016 → 120 in 2017 (+50.0 %" in jump.message and jump.row == 3
    gap = next(w for w in res.warnings if w.code == "gap")
    assert "no value for 2018" in gap.message


def test_a_base_year_off_the_annex_and_a_value_without_source_are_warnings(tmp_path):
    # 林芝's annex-1 base is 26; 27 is 3.8 % off (> 0.5 %)
    res = records.check(_csv(tmp_path, _row("nyingchi", 2015, "energy_10k_tce", 27, ",,,,,,")))
    assert res.ok and {"base", "no-source", "no-status"} <= set(_codes(res, "warning"))


def test_intensity_change_inconsistent_with_energy_and_growth_is_flagged(tmp_path):
    # (28.6 / 26) / 1.1 - 1 = 0: a stated -3 % change is 3 points off (> 0.5)
    body = (_row("nyingchi", 2015, "energy_10k_tce", 26) + _row("nyingchi", 2016, "energy_10k_tce", 28.6)
            + _row("nyingchi", 2016, "gdp_growth", 0.1) + _row("nyingchi", 2016, "intensity_change", -0.03))
    res = records.check(_csv(tmp_path, body))
    assert _codes(res, "warning") == ["inconsistent"]


# ------------------------------------------------------------------------------------------ Excel
def _fill(path, sheet, values: dict[tuple[int, str], object]):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows(min_row=8):
        key = (row[0].value, row[1].value)
        if key in values:
            row[4].value = values[key]
            row[5].value = "final"
            row[6].value = "林芝市统计年鉴"
    wb.save(path)


def test_the_excel_form_round_trips_without_loss(tmp_path):
    x = record_template.write(tmp_path / "form.xlsx")
    # the shipped values come back exactly, with their sources
    got = records.load(x).data[list(records.columns())]
    want = records.load().data[list(records.columns())]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    # what an office types comes back as typed, and equals the same rows written as CSV
    _fill(x, "林芝 nyingchi", {(2016, "energy_10k_tce"): 28.6, (2016, "gdp_growth"): 0.1})
    a = records.load(x).values()
    csv_ = _csv(tmp_path, records.load().data[list(records.columns())].to_csv(index=False, header=False)
                + "nyingchi,2016,gdp_growth,0.1,final,林芝市统计年鉴,,,,,\nnyingchi,2016,energy_10k_tce,28.6,final,林芝市统计年鉴,,,,,\n")
    b = records.load(csv_).values()
    cols = list(records.columns())
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True))


def test_an_excel_error_names_the_sheet_and_the_row(tmp_path):
    x = record_template.write(tmp_path / "form.xlsx", ["region", "nyingchi"], prefill=False)
    _fill(x, "林芝 nyingchi", {(2016, "gdp_growth"): 7.8})
    res = records.check(x)
    (e,) = res.errors
    assert e.sheet == "林芝 nyingchi" and e.column == "value" and "did you mean 0.078?" in e.hint
    from openpyxl import load_workbook

    ws = load_workbook(x)["林芝 nyingchi"]
    assert (ws.cell(e.row, 1).value, ws.cell(e.row, 2).value) == (2016, "gdp_growth")


def test_a_changed_unit_cell_in_the_form_is_an_error(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["lhasa"], prefill=False)
    wb = load_workbook(x)
    ws = wb["拉萨 lhasa"]
    for row in ws.iter_rows(min_row=8):
        if (row[0].value, row[1].value) == (2016, "energy_10k_tce"):
            row[3].value, row[4].value = "吨标准煤", 2300000
    wb.save(x)
    (e,) = records.check(x).errors
    assert e.code == "unit-changed" and "万吨标准煤" in e.message


def test_the_form_has_a_sheet_per_unit_and_excel_validation():
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as d:
        wb = load_workbook(record_template.write(Path(d) / "f.xlsx"))
        assert wb.sheetnames[0] == record_template.INSTRUCTIONS_SHEET and len(wb.sheetnames) == 1 + len(records.unit_keys())
        ws = wb["全区 region"]
        assert ws["A2"].value == "unit" and ws["B2"].value == "region"
        kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
        assert ("list", '"preliminary,revised,final,not_stated"') in kinds and ("decimal", "-0.999999") in kinds


# ---------------------------------------------------------------------------------------- analysis
def test_the_region_ceiling_at_the_growth_that_happened():
    # 456 × 1.09^5 × (1 − 0.10): 1.09^5 = 1.5386239549, × 456 = 701.6125, × 0.9 = 631.4513 (< cap 717)
    c = assessment.ceiling_target(records.load(), "region")
    assert c["ceiling_10k_tce"] == pytest.approx(631.4513, abs=1e-3)
    assert c["basis"] == "period average" and c["binding"] == "intensity" and c["cap_target_10k_tce"] == 717
    assert c["low_10k_tce"] < 631.45 < c["high_10k_tce"] < 717
    # the two controls meet at (717 / (456 × 0.9))^(1/5) − 1 = 1.747076^0.2 − 1 = 11.805 %
    assert c["implied_growth"] == pytest.approx(0.11805, abs=1e-5)


def test_a_prefecture_without_growth_uses_the_region_as_a_labelled_proxy():
    # 拉萨: 215 × 1.5386239549 × (1 − 0.12) = 291.1077 < 305
    rec = records.load()
    c = assessment.ceiling_target(rec, "lhasa")
    assert c["ceiling_10k_tce"] == pytest.approx(291.1077, abs=1e-3) and c["growth_basis"] == "proxy: region"
    g = assessment.growth(rec, "lhasa")
    # 2018 is the region's (a proxy); 2020 is Lhasa's own 7.8 % (shipped since issue 18)
    assert list(g.loc[g["year"].isin([2018, 2020]), "growth_basis"]) == ["proxy: region", "record"]
    no_proxy = assessment.ceilings(rec, "lhasa", proxy=False)
    # without the proxy only Lhasa's own 2019 and 2020 growth is there
    assert list(no_proxy["year"]) == [2016, 2017, 2018, 2019, 2020]
    assert list(no_proxy["growth_basis"]) == ["", "", "", "record", "record"]


def test_annual_ceilings_from_a_complete_growth_series(tmp_path):
    # 10 % a year for five years: index 1.1^5 = 1.61051; 林芝 26 × 1.61051 × 0.89 = 37.2672 (< 43)
    body = "".join(_row("nyingchi", y, "gdp_growth", 0.1) for y in range(2016, 2021))
    c = assessment.ceilings(records.load(_csv(tmp_path, body)), "nyingchi")
    assert c["ceiling_10k_tce"].iloc[-1] == pytest.approx(37.2672, abs=1e-4)
    # 2016: even cut a = 1 − 0.89^(1/5) = 1 − exp(ln 0.89 / 5) = 1 − 0.976963 = 0.023037;
    # 26 × 1.1 × 0.976963 = 28.6 × 0.976963 = 27.9411
    assert c["ceiling_10k_tce"].iloc[0] == pytest.approx(27.9411, abs=1e-4)
    assert assessment.ceiling_target(records.load(_csv(tmp_path, body)), "nyingchi")["basis"] == "annual"


def test_lmdi_adds_up_exactly_and_splits_as_worked_by_hand(tmp_path):
    # 林芝 base 26 (annex). 2016: 28.6 with 10 % growth: intensity flat, all +2.6 is activity.
    # 2017: 28.6 again with 10 % growth: G = 1.21, L(28.6, 26) = 2.6 / ln 1.1;
    #   activity = L·ln 1.21 = 2 × 2.6 = 5.2, intensity = L·ln(1.1 / 1.21) = −2.6; sum 2.6.
    body = "".join(_row("nyingchi", y, ind, v) for y, ind, v in [
        (2016, "energy_10k_tce", 28.6), (2016, "gdp_growth", 0.1), (2017, "energy_10k_tce", 28.6), (2017, "gdp_growth", 0.1)])
    d = assessment.lmdi(records.load(_csv(tmp_path, body)), "nyingchi").set_index("year")
    assert d.attrs["base"] == "annex 1"
    assert d.loc[2016, "activity_10k_tce"] == pytest.approx(2.6) and d.loc[2016, "intensity_10k_tce"] == pytest.approx(0, abs=1e-12)
    assert d.loc[2017, "activity_10k_tce"] == pytest.approx(5.2) and d.loc[2017, "intensity_10k_tce"] == pytest.approx(-2.6)
    assert (d["activity_10k_tce"] + d["intensity_10k_tce"] - d["change_10k_tce"]).abs().max() < 1e-12


def _lhasa_rose(tmp_path):
    # 拉萨 2016: 215 -> 240 with 5 % growth: annual cut 1 − (240/215)/1.05 = −0.0631 (intensity rose);
    # the even path allows 215 × (305/215)^(1/5) = 230.57 in 2016; 240 is above it by more than 10 %
    # of the 15.57 allowed to date: both lights red.
    return records.load(_csv(tmp_path, _row("lhasa", 2016, "energy_10k_tce", 240) + _row("lhasa", 2016, "gdp_growth", 0.05)))


def test_observed_pacing_lights_and_the_early_warning_list(tmp_path):
    rec = _lhasa_rose(tmp_path)
    p = assessment.observed_pacing(rec, "lhasa")
    row = p["table"].iloc[0]
    assert row["annual_cut"] == pytest.approx(-0.063123, abs=1e-6)  # 240/215 = 1.116279; / 1.05 = 1.063123
    assert row["allowed_path_10k_tce"] == pytest.approx(230.574, abs=1e-3)
    assert (row["intensity_light"], row["energy_light"]) == ("red", "red") and p["basis"] == "record"
    # why the light is red, read from the row's numbers: the annual cut is negative; 240 is below the cap 305
    assert assessment.reason_codes(row, load_plan().targets("lhasa")) == ["intensity_rose", "energy_well_above_path"]
    assert assessment.reason_text(["intensity_rose", "energy_well_above_path"], "en") == row["reason"] == \
        "intensity rose; consumption well above the even path"
    ew = assessment.early_warning(rec)
    assert list(ew["unit"]) == ["lhasa"]
    assert ew["too_fast"].iloc[0] and ew["behind"].iloc[0] and ew["intensity_rose"].iloc[0]
    # and the target is implausible from 2016: the best cut so far is negative, any remaining pace is not
    assert ew["why"].iloc[0] == ("consumption growing too fast; intensity progress behind schedule (intensity rose); "
                                 "target implausible from 2016")
    assert assessment.warning_why(ew.iloc[0], "zh") == "能耗增长过快；节能进度滞后（能耗强度上升）；自2016年起目标已难以完成"
    a = assessment.assessment(rec, 2016).set_index("unit")
    assert a.loc["lhasa", "light"] == "red" and a.loc["shigatse", "light"] == "none"
    assert a.loc["shigatse", "reason"].startswith("not rateable")


def test_the_shipped_record_rates_nobody_and_says_so():
    rec = records.load()
    assert assessment.early_warning(rec).empty
    for y in range(2016, 2021):
        a = assessment.assessment(rec, y)
        assert list(a["unit"]) == ["region", "lhasa", "shigatse", "chamdo", "nyingchi", "shannan", "nagqu", "ngari"]
        assert list(a["light"]) == ["none"] * 8


def test_a_series_on_the_region_growth_is_labelled_proxy(tmp_path):
    # 日喀则 energy without its own growth: the region's 10 % stands in, and the pacing says so
    body = _row("region", 2016, "gdp_growth", 0.1) + _row("shigatse", 2016, "energy_10k_tce", 80)
    p = assessment.observed_pacing(records.load(_csv(tmp_path, body)), "shigatse")
    assert p["basis"] == "proxy: region"
    assert p["table"]["annual_cut"].iloc[0] == pytest.approx(0.067599, abs=1e-6)  # 80/78 = 1.025641; / 1.1 = 0.932401


# -------------------------------------------------------------------------------------------- CLI
def test_cli_record_check_and_template(tmp_path, capsys):
    assert cli.main(["record", "check"]) == 0
    assert "accepted: 12 value(s), 0 warning(s)" in capsys.readouterr().out  # the shipped record: nothing added
    bad = _csv(tmp_path, _row("lhasa", 2016, "gdp_growth", "7.8"))
    assert cli.main(["record", "check", str(bad)]) == 2
    out = capsys.readouterr().out
    assert f"error: {bad}, row 2, column 'value'" in out and "refused: 1 error(s)" in out
    assert cli.main(["record", "check", "--json", str(bad)]) == 2
    js = json.loads(capsys.readouterr().out)
    assert js["accepted"] is False and js["findings"][0]["hint"].startswith("did you mean 0.078?")
    x = tmp_path / "form.xlsx"
    assert cli.main(["record", "template", str(x), "-u", "region", "-u", "lhasa"]) == 0
    assert cli.main(["record", "check", str(x)]) == 0
    assert cli.main(["record", "template", str(tmp_path / "form.csv")]) == 2


def test_the_shipped_record_path_is_the_config_one():
    rec = records.load()
    assert rec.path == str(Path(__file__).resolve().parents[1] / "data" / "plans" / "xizang-13fyp" / "records" / "region_gdp.csv")
    # the eight values region_gdp.csv cites for the region: growth 2020 7.8 %, the 2016-2020 average 9.0 %,
    # growth 2018 9.1 %, 2017 10 %, 2015 11 %; GDP 2015 1026.39, 2018 1477.63 and 2020 1902.74 (10^8 yuan);
    # and Lhasa's four: growth 2019 8.0 %, 2020 7.8 %, GDP 2019 617.88 and 2020 678.16
    assert sorted(rec.data["value"].dropna()) == [0.078, 0.078, 0.08, 0.09, 0.091, 0.1, 0.11, 617.88, 678.16,
                                                  1026.39, 1477.63, 1902.74]


def test_pages_add_the_shipped_values_a_file_lacks_and_flag_the_ones_it_replaces(tmp_path):
    f = _csv(tmp_path, _row("lhasa", 2016, "energy_10k_tce", 240) + _row("region", 2020, "gdp_growth", 0.08))
    alone = records.load(f)
    assert alone.value("region", 2020, "gdp_growth_avg") is None and alone.added_from_shipped == 0
    both = records.load(f, with_shipped=True)
    # the shipped record has 12 values; the file replaces one of them (the region's 2020 growth): 11 are added
    assert both.added_from_shipped == 11 and both.value("region", 2020, "gdp_growth_avg") == 0.09
    assert both.value("region", 2020, "gdp_growth") == 0.08  # the file's value is the one used ...
    (w,) = [x for x in both.warnings if x.code == "replaces-shipped"]  # ... and the page says so
    assert w.file == str(f) and w.row == 3 and "0.08 replaces the shipped value 0.078" in w.message
    assert records.check(f).ok and not [x for x in records.check(f).warnings if x.code == "replaces-shipped"]


def test_one_file_with_every_fault_of_the_issue_gives_each_graded_message(tmp_path):
    """Issue 10's list: percent for a fraction and an unknown prefecture (errors), a gap and
    prefecture sums off the region's (warnings), each with file, row and column."""
    body = (_row("lhasa", 2016, "gdp_growth", "7.8")                               # row 2: percent
            + _row("lasa", 2017, "energy_10k_tce", "230")                          # row 3: unknown unit
            + _row("region", 2016, "energy_10k_tce", 480)                          # row 4: region total
            + "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())  # rows 5-11: sum 500
            + _row("lhasa", 2018, "energy_10k_tce", 250))                          # row 12: 2017 missing
    f = _csv(tmp_path, body)
    res = records.check(f)
    got = {(x.level, x.code): str(x) for x in res.findings}
    assert got[("error", "fraction-out-of-range")].startswith(f"error: {f}, row 2, column 'value'")
    assert got[("error", "unknown-unit")].startswith(f"error: {f}, row 3, column 'unit'")
    assert got[("warning", "sum")].startswith(f"warning: {f}, row 4, column 'value'") and "gap +20" in got[("warning", "sum")]
    assert got[("warning", "gap")].startswith(f"warning: {f}, row 12, column 'year'") and "no value for 2017" in got[("warning", "gap")]
    assert not res.ok


def test_an_accepted_record_is_cached_for_the_kernels_and_a_broken_cache_is_ignored(tmp_path, monkeypatch):
    """The build validates once (preflight); the kernels read the accepted record back from a JSON
    cache, equal to a fresh validation. A cache that does not parse is ignored and rewritten."""
    f = _csv(tmp_path, _row("region", 2016, "energy_10k_tce", 480) + "".join(
        _row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items()))
    fresh = records.check(f, with_shipped=True).record
    records._load.cache_clear()
    first = records.load(f, with_shipped=True)  # validates and writes the cache
    key = records._cache_key(str(f), True)
    cache = records._cache_file(key)
    assert cache.is_file() and cache.stat().st_mode & 0o077 == 0  # private
    records._load.cache_clear()
    monkeypatch.setattr(records, "check", lambda *a, **k: pytest.fail("validated again instead of reading the cache"))
    again = records.load(f, with_shipped=True)
    for rec in (first, again):
        pd.testing.assert_frame_equal(rec.data, fresh.data)
        assert [w.as_dict() for w in rec.warnings] == [w.as_dict() for w in fresh.warnings]
        assert (rec.path, rec.shipped, rec.added_from_shipped) == (fresh.path, fresh.shipped, fresh.added_from_shipped)
    monkeypatch.undo()
    cache.write_text("{not json", encoding="utf-8")
    records._load.cache_clear()
    pd.testing.assert_frame_equal(records.load(f, with_shipped=True).data, fresh.data)
    assert records._cache_read(cache, key) is not None  # rewritten


def test_a_changed_unit_key_in_a_form_sheet_is_named_at_b2(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["lhasa"], prefill=False)
    wb = load_workbook(x)
    wb["拉萨 lhasa"]["B2"] = "拉萨市"
    wb.save(x)
    (e,) = records.check(x).errors
    assert (e.sheet, e.row, e.column, e.code) == ("拉萨 lhasa", 2, "B", "unknown-unit") and e.hint == "write 'lhasa' for 拉萨市"


def test_a_workbook_that_is_not_the_form_is_refused_by_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "data"
    wb.active.append(["year", "energy"])
    wb.active.append([2016, 230])
    wb.save(tmp_path / "other.xlsx")
    codes = [e.code for e in records.check(tmp_path / "other.xlsx").errors]
    assert sorted(codes) == ["no-record-sheet", "not-a-record-sheet"]


def test_lhasa_s_own_growth_is_shipped_with_its_sources_and_used_where_it_has_it():
    """Issue 18, "the record that exists": Lhasa's 2019 and 2020 real GDP growth, verified with the
    search tool in the stored pages: 中国西藏网 2020-04-29 ("达到617.88亿元,按可比价计算,比去年同期
    增长8.0%") and xunjk.com 2021-04-02, a repost of China News Service ("达678.16亿元…按可比价格计算,
    增长7.8%"). Where Lhasa has its own growth its ceilings use it; elsewhere the region's stands in."""
    from jnjp_analysis.records import assessment

    rec = records.load(with_shipped=True)
    v = rec.values().set_index(["unit", "year", "indicator"])
    assert v.loc[("lhasa", 2019, "gdp_growth"), "value"] == 0.08
    assert v.loc[("lhasa", 2020, "gdp_growth"), "value"] == 0.078
    assert v.loc[("lhasa", 2019, "gdp_current_100m_yuan"), "value"] == 617.88
    assert v.loc[("lhasa", 2020, "gdp_current_100m_yuan"), "value"] == 678.16
    assert "增长8.0%" in v.loc[("lhasa", 2019, "gdp_growth"), "source_quote"]
    assert "增长7.8%" in v.loc[("lhasa", 2020, "gdp_growth"), "source_quote"]
    assert v.loc[("lhasa", 2019, "gdp_growth"), "source_url"] == "http://www.tibet.cn/cn/news/yc/202004/t20200429_6770352.html"
    c = assessment.ceilings(rec, "lhasa").set_index("year")
    assert (c.loc[2019, "gdp_growth"], c.loc[2019, "growth_basis"]) == (0.08, "record")
    assert (c.loc[2020, "gdp_growth"], c.loc[2020, "growth_basis"]) == (0.078, "record")
    # 2017 and 2018: the region's 10 % and 9.1 % (the shipped region rows), as a proxy
    assert (c.loc[2017, "gdp_growth"], c.loc[2017, "growth_basis"]) == (0.1, assessment.PROXY)
    assert (c.loc[2018, "gdp_growth"], c.loc[2018, "growth_basis"]) == (0.091, assessment.PROXY)
