"""Records of observed statistics: the schema, graded validation, the Excel form, and the analysis
on a record. Expected numbers are worked by hand in the comments (annex 1 of the plan for the
targets; the cited bulletins for the region's growth), never read back from the code."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis import cli
from jnjp_analysis.pages import record_view, words
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import assessment, decomposition, store, warning
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

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
    s = records.schema(plan=TIBET)
    f = {x["name"]: x for x in s["fields"]}
    # the plan's base year 2015 and target year 2020; the region and annex 1's seven units in its order
    assert (f["year"]["constraints"]["minimum"], f["year"]["constraints"]["maximum"]) == (2015, 2020)
    assert f["unit"]["constraints"]["enum"] == ["region", "lhasa", "shigatse", "chamdo", "nyingchi", "shannan", "nagqu",
                                                "ngari"]
    assert f["indicator"]["constraints"]["enum"] == list(records.indicators(plan=TIBET)) == [
        "gdp_growth", "gdp_growth_avg", "gdp_current_100m_yuan", "energy_10k_tce", "intensity_change",
        "carbon_intensity_change_cum", "cod_10k_t", "nh3n_10k_t", "so2_10k_t", "nox_10k_t"]
    # issue 18: a status for a figure announced before the year closed
    assert records.statuses(plan=TIBET) == ("preliminary", "revised", "final", "estimate", "not_stated")
    plan = load_plan(plan=TIBET)
    assert (plan.base_year, plan.target_year, list(plan.slugs)) == (2015, 2020, f["unit"]["constraints"]["enum"][1:])
    assert records.unit_keys(plan=TIBET) == ("region", *plan.slugs) and records.schema(plan) is s
    # the file states them too (for tools that read it without Python): they are checked against the plan
    raw = json.loads(records.schema_file(plan=TIBET).read_text(encoding="utf-8"))
    assert {x["name"]: x.get("constraints", {}).get("enum") for x in raw["fields"]}["unit"] == f["unit"]["constraints"]["enum"]
    assert records.schema_file(plan=TIBET) == Path(__file__).resolve().parents[2] / "data" / "plans" / "xizang-13fyp" / "records" \
        / "record.schema.json"


def test_the_shipped_record_passes_with_no_error():
    res = records.check(plan=TIBET)
    assert res.ok and res.errors == []
    # its gaps are documented rows with a note, not silent holes; the only warnings say that the three
    # estimates (region 2016 growth and GDP, 2019 growth: status estimate) are shown but not used
    assert [(w.code, w.unit, w.year, w.indicator, w.column) for w in res.warnings] == [
        ("estimate", "region", 2016, "gdp_growth", "status"), ("estimate", "region", 2016, "gdp_current_100m_yuan", "status"),
        ("estimate", "region", 2019, "gdp_growth", "status")]


def test_every_shipped_value_carries_its_source_and_the_quote_holds_the_number():
    d = records.load(plan=TIBET).values()
    assert len(d) == 16  # 12 of the region (3 of them estimates, 1 the carbon-intensity cut), 4 of Lhasa (issue 18)
    for r in d.itertuples():
        for c in ("status", "source_date", "source_url", "source_quote"):
            assert getattr(r, c), (r.indicator, r.year, c)
        assert r.source_title or r.source_issuer, (r.indicator, r.year)
        if records.indicators(plan=TIBET)[r.indicator].kind == "fraction":  # as the source writes it: 9.1%, 11%, 10-percent
            shown = [f"{100 * r.value:.1f}%", f"{100 * r.value:g}%", f"{100 * r.value:g}-percent"]
            shown += {0.09: ["nine percent"]}.get(r.value, [])  # CGTN, 2019: "grew about nine percent"
            if r.value < 0:  # a cut, as the source writes it: 累計降低12.24%
                shown += [f"降低{-100 * r.value:g}%", f"下降{-100 * r.value:g}%"]
        else:
            shown = [f"{r.value:g}"]
            if r.indicator == "gdp_current_100m_yuan":  # an English report in billions: 10^8 yuan = 0.1 billion
                shown.append(f"{r.value / 10:g} billion yuan")
        assert any(x in r.source_quote for x in shown), (shown, r.source_quote)
    # the values, typed from the sources (data/plans/xizang-13fyp/records/region_gdp.csv cites them)
    rec = records.load(plan=TIBET)
    assert rec.value("region", 2020, "gdp_growth") == 0.078 and rec.value("region", 2018, "gdp_growth") == 0.091
    assert rec.value("region", 2020, "gdp_growth_avg") == 0.09
    assert rec.value("region", 2017, "gdp_growth") == 0.10 and rec.value("region", 2015, "gdp_growth") == 0.11
    # 2015 GDP: Xinhua's 102.6 billion yuan = 1026 (10^8 yuan), a clean report; the work report's 1026.39 was
    # found only at a reproduction that injects unrelated text (the row's note names it as a second pointer)
    assert rec.value("region", 2015, "gdp_current_100m_yuan") == 1026
    # the carbon-intensity cut over the 13th period, 2020 against 2015: 中國新聞網 2021-09-28 (the region's
    # department of ecology and environment), "單位GDP二氧化碳排放量較2015年累計降低12.24%": -0.1224
    assert rec.value("region", 2020, "carbon_intensity_change_cum") == -0.1224
    # only an estimate made before the year closed was found for 2016 and 2019: held with status estimate
    # (中新社 2016-12-31 "预计…1148亿元…同比增长11.5%"; CGTN 2020-01-07 "grew about nine percent"), not used
    assert rec.value("region", 2016, "gdp_growth") is None and rec.value("region", 2019, "gdp_growth") is None
    assert 2016 not in rec.series("region", "gdp_growth").index
    est = rec.estimates().set_index(["unit", "year", "indicator"])["value"].to_dict()
    assert est == {("region", 2016, "gdp_growth"): 0.115, ("region", 2016, "gdp_current_100m_yuan"): 1148.0,
                   ("region", 2019, "gdp_growth"): 0.09}
    data = records.load(plan=TIBET).data
    notes = data[data["unit"] == "region"].set_index(["year", "indicator"])["note"]
    assert "not used" in notes[(2016, "gdp_growth")] and "not used" in notes[(2019, "gdp_growth")]
    # 2019 GDP: "estimated at more than 160 billion yuan" is a bound, not a value: left empty
    assert rec.value("region", 2019, "gdp_current_100m_yuan") is None and "a bound" in notes[(2019, "gdp_current_100m_yuan")]


def test_the_records_data_package_cites_the_missing_national_figures():
    ctx = {c["fact"]: c for c in records.provenance(plan=TIBET)["context"]}
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
    res = records.check(f, plan=TIBET)
    assert not res.ok and res.record is None
    e = next(x for x in res.errors if x.code == code)
    assert str(e).startswith(f"error: {f}, {where}")
    if hint:
        assert hint in (e.hint or ""), e.hint
    with pytest.raises(records.RecordError) as exc:
        records.load(f, plan=TIBET)
    assert f"{f}, {where}" in str(exc.value)


def test_an_unknown_column_is_refused_not_dropped(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(HEAD.strip() + ",remark\n" + _row("lhasa", 2016, "energy_10k_tce", 230).strip() + ",x\n", encoding="utf-8")
    res = records.check(f, plan=TIBET)
    assert [e.code for e in res.errors] == ["unknown-column"] and "'remark'" in str(res.errors[0])


def test_every_error_of_a_file_is_reported_at_once(tmp_path):
    body = (_row("lhasa", 2016, "gdp_growth", "7.8") + _row("tokyo", 2016, "energy_10k_tce", "1")
            + _row("lhasa", 2021, "energy_10k_tce", "1"))
    res = records.check(_csv(tmp_path, body), plan=TIBET)
    assert sorted(e.row for e in res.errors) == [2, 3, 4]


# ----------------------------------------------------------------------------------------- warnings
PREF_2016 = {"lhasa": 230, "shigatse": 80, "chamdo": 55, "nyingchi": 28, "shannan": 57, "nagqu": 22, "ngari": 28}


def test_prefecture_sums_off_the_region_are_accepted_with_the_gap(tmp_path):
    # 230 + 80 + 55 + 28 + 57 + 22 + 28 = 500 against the region's 480: gap +20 = +4.2 % (> 1 %)
    body = _row("region", 2016, "energy_10k_tce", 480) + "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())
    res = records.check(_csv(tmp_path, body), plan=TIBET)
    assert res.ok
    (w,) = [x for x in res.warnings if x.code == "sum"]
    m = words.finding_message(w, plan=TIBET)
    assert "sum to 500" in m and "reports 480" in m and "gap +20" in m and "+4.2 %" in m
    assert w.row == 2 and w.unit == "region"
    # within 1 %: 500 against 496 is +0.8 %: no warning
    body = body.replace("region,2016,energy_10k_tce,480", "region,2016,energy_10k_tce,496")
    assert "sum" not in _codes(records.check(_csv(tmp_path, body, "ok.csv"), plan=TIBET), "warning")


def test_a_record_warning_is_its_code_and_arguments_said_in_the_words_it_always_had(tmp_path, capsys):
    """The records layer returns a warning as its code and arguments, no sentence (issue 29, item 4:
    words out of the model and the foundation); the terminal, its JSON and the data bundle say it in
    the English they always had (the catalogue's find_sum with the unit's slug and the indicator's name)."""
    # 230 + 80 + 55 + 28 + 57 + 22 + 28 = 500 against the region's 480: gap +20, 20 / 480 = +4.2 %
    body = _row("region", 2016, "energy_10k_tce", 480) + "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())
    f = _csv(tmp_path, body)
    (w,) = [x for x in records.check(f, plan=TIBET).warnings if x.code == "sum"]
    assert w.message == "" and (w.unit, w.year, w.indicator) == ("region", 2016, "energy_10k_tce")
    assert dict(w.args) == {"n": "7", "s": "500", "total": "480", "gap": "+20", "unit_of": "10^4 tce", "pct": "+4.2"}
    said = "energy_10k_tce 2016: the 7 prefectures sum to 500, the region reports 480 (gap +20 10^4 tce, +4.2 %)"
    assert words.finding_message(w, plan=TIBET) == said
    assert cli.main(["record", "check", "--alone", str(f)]) == 0
    assert f"warning: {f}, row 2, column 'value': {said} — " in capsys.readouterr().out
    assert cli.main(["record", "check", "--alone", "--json", str(f)]) == 0
    assert [x["message"] for x in json.loads(capsys.readouterr().out)["findings"] if x["code"] == "sum"] == [said]
    frame = record_view.RecordSection("region", "en", str(f)).data_tables()["record_warnings"]
    assert list(frame.loc[frame["code"] == "sum", "message"]) == [said]


def test_a_jump_and_a_gap_are_warnings(tmp_path):
    # 日喀则 80 -> 120 is +50 % (beyond ±25 %); 2019 present, 2018 absent: a gap
    body = (_row("shigatse", 2016, "energy_10k_tce", 80) + _row("shigatse", 2017, "energy_10k_tce", 120)
            + _row("shigatse", 2019, "energy_10k_tce", 125))
    res = records.check(_csv(tmp_path, body), plan=TIBET)
    assert res.ok
    jump = next(w for w in res.warnings if w.code == "jump")
    assert "80 in 2016 → 120 in 2017 (+50.0 %" in words.finding_message(jump, plan=TIBET) and jump.row == 3
    gap = next(w for w in res.warnings if w.code == "gap")
    assert "no value for 2018" in words.finding_message(gap, plan=TIBET)


def test_a_base_year_off_the_annex_and_a_value_without_source_are_warnings(tmp_path):
    # 林芝's annex-1 base is 26; 27 is 3.8 % off (> 0.5 %)
    res = records.check(_csv(tmp_path, _row("nyingchi", 2015, "energy_10k_tce", 27, ",,,,,,")), plan=TIBET)
    assert res.ok and {"base", "no-source", "no-status"} <= set(_codes(res, "warning"))


def test_intensity_change_inconsistent_with_energy_and_growth_is_flagged(tmp_path):
    # (28.6 / 26) / 1.1 - 1 = 0: a stated -3 % change is 3 points off (> 0.5)
    body = (_row("nyingchi", 2015, "energy_10k_tce", 26) + _row("nyingchi", 2016, "energy_10k_tce", 28.6)
            + _row("nyingchi", 2016, "gdp_growth", 0.1) + _row("nyingchi", 2016, "intensity_change", -0.03))
    res = records.check(_csv(tmp_path, body), plan=TIBET)
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


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_the_excel_form_round_trips_without_loss(tmp_path):
    x = record_template.write(tmp_path / "form.xlsx", plan=TIBET)
    # the shipped values come back exactly, with their sources
    got = records.load(x, plan=TIBET).data[list(records.columns(plan=TIBET))]
    want = records.load(plan=TIBET).data[list(records.columns(plan=TIBET))]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    # what an office types comes back as typed, and equals the same rows written as CSV
    _fill(x, "林芝 nyingchi", {(2016, "energy_10k_tce"): 28.6, (2016, "gdp_growth"): 0.1})
    a = records.load(x, plan=TIBET).values()
    csv_ = _csv(tmp_path, records.load(plan=TIBET).data[list(records.columns(plan=TIBET))].to_csv(index=False, header=False)
                + "nyingchi,2016,gdp_growth,0.1,final,林芝市统计年鉴,,,,,\nnyingchi,2016,energy_10k_tce,28.6,final,林芝市统计年鉴,,,,,\n")
    b = records.load(csv_, plan=TIBET).values()
    cols = list(records.columns(plan=TIBET))
    pd.testing.assert_frame_equal(a[cols].reset_index(drop=True), b[cols].reset_index(drop=True))


def test_an_excel_error_names_the_sheet_and_the_row(tmp_path):
    x = record_template.write(tmp_path / "form.xlsx", ["region", "nyingchi"], prefill=False, plan=TIBET)
    _fill(x, "林芝 nyingchi", {(2016, "gdp_growth"): 7.8})
    res = records.check(x, plan=TIBET)
    (e,) = res.errors
    assert e.sheet == "林芝 nyingchi" and e.column == "value" and "did you mean 0.078?" in e.hint
    from openpyxl import load_workbook

    ws = load_workbook(x)["林芝 nyingchi"]
    assert (ws.cell(e.row, 1).value, ws.cell(e.row, 2).value) == (2016, "gdp_growth")


def test_a_changed_unit_cell_in_the_form_is_an_error(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["lhasa"], prefill=False, plan=TIBET)
    wb = load_workbook(x)
    ws = wb["拉萨 lhasa"]
    for row in ws.iter_rows(min_row=8):
        if (row[0].value, row[1].value) == (2016, "energy_10k_tce"):
            row[3].value, row[4].value = "吨标准煤", 2300000
    wb.save(x)
    (e,) = records.check(x, plan=TIBET).errors
    assert e.code == "unit-changed" and "万吨标准煤" in e.message


def test_the_form_has_a_sheet_per_unit_and_excel_validation():
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as d:
        wb = load_workbook(record_template.write(Path(d) / "f.xlsx", plan=TIBET))
        assert wb.sheetnames[0] == record_template.INSTRUCTIONS_SHEET and len(wb.sheetnames) == 1 + len(records.unit_keys(plan=TIBET))
        ws = wb["全区 region"]
        assert ws["A2"].value == "unit" and ws["B2"].value == "region"
        kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
        assert ("list", '"preliminary,revised,final,estimate,not_stated"') in kinds and ("decimal", "-0.999999") in kinds
        # the instructions say what an estimate is and that it is not used
        readme = " ".join(str(c.value) for row in wb[record_template.INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
        assert "estimate (announced before the year closed: shown, not used in the ceilings" in readme
        assert "estimate（年度结束前的预计数" in readme


# ---------------------------------------------------------------------------------------- analysis
def test_the_region_ceiling_at_the_growth_that_happened():
    # 456 × 1.09^5 × (1 − 0.10): 1.09^5 = 1.5386239549, × 456 = 701.6125, × 0.9 = 631.4513 (< cap 717)
    c = assessment.ceiling_target(records.load(plan=TIBET), "region", plan=TIBET)
    assert c["ceiling_10k_tce"] == pytest.approx(631.4513, abs=1e-3)
    assert c["basis"] == "period average" and c["binding"] == "intensity" and c["cap_target_10k_tce"] == 717
    assert c["low_10k_tce"] < 631.45 < c["high_10k_tce"] < 717
    # the two controls meet at (717 / (456 × 0.9))^(1/5) − 1 = 1.747076^0.2 − 1 = 11.805 %
    assert c["implied_growth"] == pytest.approx(0.11805, abs=1e-5)


def test_a_prefecture_without_growth_uses_the_region_as_a_labelled_proxy():
    # 拉萨: 215 × 1.5386239549 × (1 − 0.12) = 291.1077 < 305
    rec = records.load(plan=TIBET)
    c = assessment.ceiling_target(rec, "lhasa", plan=rec.plan)
    assert c["ceiling_10k_tce"] == pytest.approx(291.1077, abs=1e-3) and c["growth_basis"] == "proxy: region"
    g = assessment.growth(rec, "lhasa", plan=rec.plan)
    # 2018 is the region's (a proxy); 2020 is Lhasa's own 7.8 % (shipped since issue 18)
    assert list(g.loc[g["year"].isin([2018, 2020]), "growth_basis"]) == ["proxy: region", "record"]
    no_proxy = assessment.ceilings(rec, "lhasa", proxy=False, plan=rec.plan)
    # without the proxy only Lhasa's own 2019 and 2020 growth is there
    assert list(no_proxy["year"]) == [2016, 2017, 2018, 2019, 2020]
    assert list(no_proxy["growth_basis"]) == ["", "", "", "record", "record"]


def test_annual_ceilings_from_a_complete_growth_series(tmp_path):
    # 10 % a year for five years: index 1.1^5 = 1.61051; 林芝 26 × 1.61051 × 0.89 = 37.2672 (< 43)
    body = "".join(_row("nyingchi", y, "gdp_growth", 0.1) for y in range(2016, 2021))
    c = assessment.ceilings(records.load(_csv(tmp_path, body), plan=TIBET), "nyingchi", plan=TIBET)
    assert c["ceiling_10k_tce"].iloc[-1] == pytest.approx(37.2672, abs=1e-4)
    # 2016: even cut a = 1 − 0.89^(1/5) = 1 − exp(ln 0.89 / 5) = 1 − 0.976963 = 0.023037;
    # 26 × 1.1 × 0.976963 = 28.6 × 0.976963 = 27.9411
    assert c["ceiling_10k_tce"].iloc[0] == pytest.approx(27.9411, abs=1e-4)
    assert assessment.ceiling_target(records.load(_csv(tmp_path, body), plan=TIBET), "nyingchi", plan=TIBET)["basis"] == "annual"


def test_lmdi_adds_up_exactly_and_splits_as_worked_by_hand(tmp_path):
    # 林芝 base 26 (annex). 2016: 28.6 with 10 % growth: intensity flat, all +2.6 is activity.
    # 2017: 28.6 again with 10 % growth: G = 1.21, L(28.6, 26) = 2.6 / ln 1.1;
    #   activity = L·ln 1.21 = 2 × 2.6 = 5.2, intensity = L·ln(1.1 / 1.21) = −2.6; sum 2.6.
    body = "".join(_row("nyingchi", y, ind, v) for y, ind, v in [
        (2016, "energy_10k_tce", 28.6), (2016, "gdp_growth", 0.1), (2017, "energy_10k_tce", 28.6), (2017, "gdp_growth", 0.1)])
    d = decomposition.lmdi(records.load(_csv(tmp_path, body), plan=TIBET), "nyingchi", plan=TIBET).set_index("year")
    assert d.attrs["base"] == "annex 1"
    assert d.loc[2016, "activity_10k_tce"] == pytest.approx(2.6) and d.loc[2016, "intensity_10k_tce"] == pytest.approx(0, abs=1e-12)
    assert d.loc[2017, "activity_10k_tce"] == pytest.approx(5.2) and d.loc[2017, "intensity_10k_tce"] == pytest.approx(-2.6)
    assert (d["activity_10k_tce"] + d["intensity_10k_tce"] - d["change_10k_tce"]).abs().max() < 1e-12


def _lhasa_rose(tmp_path):
    # 拉萨 2016: 215 -> 240 with 5 % growth: annual cut 1 − (240/215)/1.05 = −0.0631 (intensity rose);
    # the even path allows 215 × (305/215)^(1/5) = 230.57 in 2016; 240 is above it by more than 10 %
    # of the 15.57 allowed to date: both lights red.
    return records.load(_csv(tmp_path, _row("lhasa", 2016, "energy_10k_tce", 240) + _row("lhasa", 2016, "gdp_growth", 0.05)), plan=TIBET)


def test_observed_pacing_lights_and_the_early_warning_list(tmp_path):
    rec = _lhasa_rose(tmp_path)
    p = assessment.observed_pacing(rec, "lhasa", plan=rec.plan)
    row = p["table"].iloc[0]
    assert row["annual_cut"] == pytest.approx(-0.063123, abs=1e-6)  # 240/215 = 1.116279; / 1.05 = 1.063123
    assert row["allowed_path_10k_tce"] == pytest.approx(230.574, abs=1e-3)
    assert (row["intensity_light"], row["energy_light"]) == ("red", "red") and p["basis"] == "record"
    # why the light is red, read from the row's numbers: the annual cut is negative; 240 is below the cap 305
    assert assessment.reason_codes(row, load_plan(plan=TIBET).targets("lhasa")) == ["intensity_rose", "energy_well_above_path"]
    assert words.reason_text(["intensity_rose", "energy_well_above_path"], "en") == \
        words.with_pacing_reasons(p["table"])["reason"].iloc[0] == \
        "intensity rose; consumption well above the even path"
    ew = warning.early_warning(rec, plan=rec.plan)
    assert list(ew["unit"]) == ["lhasa"]
    assert ew["too_fast"].iloc[0] and ew["behind"].iloc[0] and ew["intensity_rose"].iloc[0]
    # and the target is implausible from 2016: the best cut so far is negative, any remaining pace is not
    assert words.with_warning_why(ew)["why"].iloc[0] == ("consumption growing too fast; intensity progress behind schedule (intensity rose); "
                                 "target implausible from 2016")
    assert words.warning_why(ew.iloc[0], "zh") == "能耗增长过快；节能进度滞后（能耗强度上升）；自2016年起目标已难以完成"
    a = assessment.assessment(rec, 2016, plan=rec.plan).set_index("unit")
    assert a.loc["lhasa", "light"] == "red" and a.loc["shigatse", "light"] == "none"
    assert words.with_assessment_reasons(a)["reason"]["shigatse"].startswith("not rateable")


def test_the_shipped_record_rates_nobody_and_says_so():
    rec = records.load(plan=TIBET)
    assert warning.early_warning(rec, plan=rec.plan).empty
    for y in range(2016, 2021):
        a = assessment.assessment(rec, y, plan=rec.plan)
        assert list(a["unit"]) == ["region", "lhasa", "shigatse", "chamdo", "nyingchi", "shannan", "nagqu", "ngari"]
        assert list(a["light"]) == ["none"] * 8


def test_a_series_on_the_region_growth_is_labelled_proxy(tmp_path):
    # 日喀则 energy without its own growth: the region's 10 % stands in, and the pacing says so
    body = _row("region", 2016, "gdp_growth", 0.1) + _row("shigatse", 2016, "energy_10k_tce", 80)
    p = assessment.observed_pacing(records.load(_csv(tmp_path, body), plan=TIBET), "shigatse", plan=TIBET)
    assert p["basis"] == "proxy: region"
    assert p["table"]["annual_cut"].iloc[0] == pytest.approx(0.067599, abs=1e-6)  # 80/78 = 1.025641; / 1.1 = 0.932401


# ------------------------------------------------------------------- estimates and carbon (issue 18)
EST = "estimate,中新社,中国新闻网,2016-12-31,,,"  # the status of a figure announced before the year closed


def _growth_2016(tmp_path, status_src):
    """The region's growth: 2016 12 % (with ``status_src``), 2017-2020 10 % each, final."""
    body = _row("region", 2016, "gdp_growth", 0.12, status_src) + "".join(
        _row("region", y, "gdp_growth", 0.1) for y in range(2017, 2021))
    return records.load(_csv(tmp_path, body, f"g_{status_src.split(',')[0]}.csv"), plan=TIBET)


def test_an_estimate_validates_and_is_shown_with_a_warning_that_it_is_not_used(tmp_path):
    res = records.check(_csv(tmp_path, _row("region", 2016, "gdp_growth", 0.115, EST)), plan=TIBET)
    assert res.ok  # the status is one of the schema's
    (w,) = res.warnings
    assert (w.code, w.row, w.column, w.unit, w.year, w.indicator) == ("estimate", 2, "status", "region", 2016, "gdp_growth")
    assert words.finding_message(w, plan=TIBET) == ("region gdp_growth 2016 = 11.5% is an estimate made before the year closed: shown, not used in "
                         "the ceilings, the pacing or the assessment")
    assert words.finding_text(w, "zh") == ("西藏自治区（全区）2016年地区生产总值实际增速（可比价，比上年） = 11.5%为年度结束前的"
                                             "预计数：列出，但不用于计算上限、进度和评估")
    rec = res.record
    assert len(rec.values()) == 1 and list(rec.estimates()["value"]) == [0.115]  # held ...
    assert rec.value("region", 2016, "gdp_growth") is None and rec.series("region", "gdp_growth").empty  # ... not used
    # an estimate is validated like any value: a percent typed for a fraction is still refused
    bad = records.check(_csv(tmp_path, _row("region", 2016, "gdp_growth", 11.5, EST), "bad.csv"), plan=TIBET)
    assert [e.code for e in bad.errors] == ["fraction-out-of-range"] and "did you mean 0.115?" in bad.errors[0].hint
    # a status the schema does not have is refused, and the hint lists the schema's, estimate among them
    (e,) = records.check(_csv(tmp_path, _row("region", 2016, "gdp_growth", 0.1, "estimated,x,y,2016,,,"), "s.csv"), plan=TIBET).errors
    assert e.code == "unknown-status" and "estimate (预计数, not used)" in e.hint and e.hint.endswith("or not_stated (the source does not say)")


def test_an_estimate_is_not_used_in_the_ceiling(tmp_path):
    # the region's base 456 and cut 10 % (annex 1 summed; the ceiling test above); even pace
    # 1 − 0.9^(1/5) = 1 − 0.9791484 = 0.0208516 by 2016
    final = assessment.ceilings(_growth_2016(tmp_path, SRC), "region", plan=TIBET).set_index("year")
    # 2016 used: 456 × 1.12 × 0.9791484 = 510.72 × 0.9791484 = 500.0706
    assert final.loc[2016, "ceiling_10k_tce"] == pytest.approx(500.0706, abs=1e-3)
    # 2020: 456 × 1.12 × 1.1^4 × 0.9 = 510.72 × 1.4641 × 0.9 = 672.9706 (every year known: the annual basis)
    target = assessment.ceiling_target(_growth_2016(tmp_path, SRC), "region", plan=TIBET)
    assert target["ceiling_10k_tce"] == pytest.approx(672.9706, abs=1e-3) and target["basis"] == "annual"
    est = _growth_2016(tmp_path, EST)
    c = assessment.ceilings(est, "region", plan=est.plan).set_index("year")
    # the same 12 % as an estimate: 2016 has no growth, so no GDP index and no ceiling from 2016 on
    assert pd.isna(c.loc[2016, "gdp_growth"]) and c.loc[2016, "growth_basis"] == ""
    assert c["ceiling_10k_tce"].isna().all() and list(c.loc[2017:, "gdp_growth"]) == [0.1] * 4
    assert assessment.ceiling_target(est, "region", plan=est.plan) is None


def test_an_estimate_is_not_used_in_the_pacing(tmp_path):
    # 日喀则's own 2016 growth only as an estimate (20 %): the region's final 10 % stands in, as with none;
    # 80/78 = 1.025641, / 1.1 = 0.932401: a cut of 6.7599 % (with the estimate it would be 1.025641/1.2: 14.53 %)
    body = (_row("region", 2016, "gdp_growth", 0.1) + _row("shigatse", 2016, "gdp_growth", 0.2, EST)
            + _row("shigatse", 2016, "energy_10k_tce", 80))
    p = assessment.observed_pacing(records.load(_csv(tmp_path, body), plan=TIBET), "shigatse", plan=TIBET)
    assert p["basis"] == "proxy: region"
    assert p["table"]["annual_cut"].iloc[0] == pytest.approx(0.067599, abs=1e-6)


def test_an_estimate_is_left_out_of_the_checks_that_compare_figures(tmp_path):
    # Tibet's case: the 2016 and 2019 estimates 11.5 % and 9 % with 10 %, 9.1 %, 7.8 % give a geometric mean of
    # (1.115 × 1.10 × 1.091 × 1.09 × 1.078)^(1/5) − 1 = 1.5723078^0.2 − 1 = 9.47 %, against the published 9.0 %
    annual = {2016: 0.115, 2017: 0.10, 2018: 0.091, 2019: 0.09, 2020: 0.078}

    def body(status_2016_2019):
        return "".join(_row("region", y, "gdp_growth", g, status_2016_2019 if y in (2016, 2019) else SRC)
                       for y, g in annual.items()) + _row("region", 2020, "gdp_growth_avg", 0.09)

    as_final = records.check(_csv(tmp_path, body(SRC), "final.csv"), plan=TIBET)
    (w,) = [x for x in as_final.warnings if x.code == "average"]
    assert dict(w.args)["implied"] == "9.47" and dict(w.args)["avg"] == "9.00"
    as_estimates = records.check(_csv(tmp_path, body(EST), "est.csv"), plan=TIBET)
    assert sorted(x.code for x in as_estimates.warnings) == ["estimate", "estimate"]  # no average, no gap
    # 数据衔接: a region total that is only an estimate is no total to sum the prefectures against
    # (final: 500 against 480 is +4.2 %, flagged)
    prefs = "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())  # sum 500
    summed = records.check(_csv(tmp_path, _row("region", 2016, "energy_10k_tce", 480) + prefs, "sum_f.csv"), plan=TIBET)
    assert "sum" in _codes(summed, "warning")
    summed = records.check(_csv(tmp_path, _row("region", 2016, "energy_10k_tce", 480, EST) + prefs, "sum_e.csv"), plan=TIBET)
    assert "estimate" in _codes(summed, "warning") and "sum" not in _codes(summed, "warning")
    # a year with only an estimate is a documented gap: 2015 and 2017 final, 2016 an estimate; none: a gap
    gap = _row("region", 2015, "gdp_growth", 0.11) + _row("region", 2017, "gdp_growth", 0.1)
    assert _codes(records.check(_csv(tmp_path, gap, "gap.csv"), plan=TIBET), "warning") == ["gap"]
    filled = gap + _row("region", 2016, "gdp_growth", 0.115, EST)
    assert _codes(records.check(_csv(tmp_path, filled, "gap_e.csv"), plan=TIBET), "warning") == ["estimate"]
    # the year-on-year jump check reads what was typed, estimates too: 1026.39 → 1400 is +36.4 % (> 25 %)
    jump = _row("region", 2015, "gdp_current_100m_yuan", 1026.39) + _row("region", 2016, "gdp_current_100m_yuan", 1400, EST)
    assert sorted(_codes(records.check(_csv(tmp_path, jump, "jump.csv"), plan=TIBET), "warning")) == ["estimate", "jump"]


def test_the_form_offers_the_estimate_status_and_reads_it_back(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["region"], prefill=False, plan=TIBET)
    wb = load_workbook(x)
    ws = wb["全区 region"]
    (dv,) = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert dv.formula1 == '"preliminary,revised,final,estimate,not_stated"'
    assert dv.error == "preliminary / revised / final / estimate / not_stated"
    for row in ws.iter_rows(min_row=8):
        if (row[0].value, row[1].value) == (2019, "gdp_growth"):
            row[4].value, row[5].value, row[6].value = 0.09, "estimate", "Tibet's GDP grows 9% in 2019"
    wb.save(x)
    rec = records.load(x, plan=TIBET)
    assert [(r.year, r.indicator, r.value, r.status) for r in rec.estimates().itertuples()] == [
        (2019, "gdp_growth", 0.09, "estimate")]
    assert rec.value("region", 2019, "gdp_growth") is None and [w.code for w in rec.warnings] == ["estimate"]


def test_the_cumulative_carbon_intensity_change_is_a_fraction_from_the_year_after_the_base(tmp_path):
    ind = records.indicators(plan=TIBET)["carbon_intensity_change_cum"]
    assert (ind.kind, ind.first_year, ind.cumulative, ind.sum_check) == ("fraction", 2016, True, False)
    assert ind.label_zh.startswith("单位地区生产总值二氧化碳排放比2015年累计变化") and "not energy intensity" in ind.label_en
    # −12.24 typed for −12.24 %: refused, with the fraction as the hint
    (e,) = records.check(_csv(tmp_path, _row("region", 2020, "carbon_intensity_change_cum", -12.24), "pct.csv"), plan=TIBET).errors
    assert e.code == "fraction-out-of-range" and "did you mean -0.1224?" in e.hint
    # no value for the base year itself (a change from 2015 to 2015)
    (e,) = records.check(_csv(tmp_path, _row("region", 2015, "carbon_intensity_change_cum", 0), "base.csv"), plan=TIBET).errors
    assert e.code == "year-not-allowed" and "the first year is 2016" in e.hint
    # the period's end alone is complete (cumulative: 2016-2019 are no gap); a rise of 8 % is flagged (beyond +5 %)
    one = records.check(_csv(tmp_path, _row("region", 2020, "carbon_intensity_change_cum", -0.1224), "one.csv"), plan=TIBET)
    assert one.ok and one.warnings == [] and one.record.value("region", 2020, "carbon_intensity_change_cum") == -0.1224
    two = _row("region", 2016, "carbon_intensity_change_cum", -0.02) + _row("region", 2020, "carbon_intensity_change_cum", 0.08)
    assert _codes(records.check(_csv(tmp_path, two, "two.csv"), plan=TIBET), "warning") == ["unusual-rate"]

# -------------------------------------------------------------------------------------------- CLI
def test_cli_record_check_and_template(tmp_path, capsys):
    assert cli.main(["record", "check"]) == 0
    # the shipped record (nothing added): 16 values, the 3 warnings saying its estimates are not used
    assert "accepted: 16 value(s), 3 warning(s)" in capsys.readouterr().out
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
    rec = records.load(plan=TIBET)
    assert rec.path == str(Path(__file__).resolve().parents[2] / "data" / "plans" / "xizang-13fyp" / "records" / "region_gdp.csv")
    # the twelve values region_gdp.csv cites for the region: growth 2020 7.8 %, the 2016-2020 average 9.0 %,
    # growth 2018 9.1 %, 2017 10 %, 2015 11 %; GDP 2015 1026 (Xinhua's 102.6 billion), 2018 1477.63 and 2020 1902.74 (10^8 yuan);
    # the carbon-intensity change 2015-2020 -12.24 %; the estimates 2016 growth 11.5 % and GDP 1148, 2019
    # growth 9 %; and Lhasa's four: growth 2019 8.0 %, 2020 7.8 %, GDP 2019 617.88 and 2020 678.16
    assert sorted(rec.data["value"].dropna()) == [-0.1224, 0.078, 0.078, 0.08, 0.09, 0.09, 0.091, 0.1, 0.11, 0.115,
                                                  617.88, 678.16, 1026, 1148, 1477.63, 1902.74]


def test_pages_add_the_shipped_values_a_file_lacks_and_flag_the_ones_it_replaces(tmp_path):
    f = _csv(tmp_path, _row("lhasa", 2016, "energy_10k_tce", 240) + _row("region", 2020, "gdp_growth", 0.08))
    alone = records.load(f, plan=TIBET)
    assert alone.value("region", 2020, "gdp_growth_avg") is None and alone.added_from_shipped == 0
    both = records.load(f, with_shipped=True, plan=TIBET)
    # the shipped record has 16 values; the file replaces one of them (the region's 2020 growth): 15 are added
    assert both.added_from_shipped == 15 and both.value("region", 2020, "gdp_growth_avg") == 0.09
    assert both.value("region", 2020, "gdp_growth") == 0.08  # the file's value is the one used ...
    (w,) = [x for x in both.warnings if x.code == "replaces-shipped"]  # ... and the page says so
    assert w.file == str(f) and w.row == 3 and "0.08 replaces the shipped value 0.078" in words.finding_message(w, plan=TIBET)
    assert records.check(f, plan=TIBET).ok and not [x for x in records.check(f, plan=TIBET).warnings if x.code == "replaces-shipped"]


def test_one_file_with_every_fault_of_the_issue_gives_each_graded_message(tmp_path):
    """Issue 10's list: percent for a fraction and an unknown prefecture (errors), a gap and
    prefecture sums off the region's (warnings), each with file, row and column."""
    body = (_row("lhasa", 2016, "gdp_growth", "7.8")                               # row 2: percent
            + _row("lasa", 2017, "energy_10k_tce", "230")                          # row 3: unknown unit
            + _row("region", 2016, "energy_10k_tce", 480)                          # row 4: region total
            + "".join(_row(u, 2016, "energy_10k_tce", v) for u, v in PREF_2016.items())  # rows 5-11: sum 500
            + _row("lhasa", 2018, "energy_10k_tce", 250))                          # row 12: 2017 missing
    f = _csv(tmp_path, body)
    res = records.check(f, plan=TIBET)
    got = {(x.level, x.code): str(words.with_message(x, plan=TIBET)) for x in res.findings}
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
    fresh = records.check(f, with_shipped=True, plan=TIBET).record
    store._load.cache_clear()
    first = records.load(f, with_shipped=True, plan=TIBET)  # validates and writes the cache
    key = store._cache_key(str(f), True, plan=TIBET)
    cache = store._cache_file(key)
    assert cache.is_file() and cache.stat().st_mode & 0o077 == 0  # private
    store._load.cache_clear()
    monkeypatch.setattr(store, "check", lambda *a, **k: pytest.fail("validated again instead of reading the cache"))
    again = records.load(f, with_shipped=True, plan=TIBET)
    for rec in (first, again):
        pd.testing.assert_frame_equal(rec.data, fresh.data)
        assert [w.as_dict() for w in rec.warnings] == [w.as_dict() for w in fresh.warnings]
        assert (rec.path, rec.shipped, rec.added_from_shipped) == (fresh.path, fresh.shipped, fresh.added_from_shipped)
    monkeypatch.undo()
    cache.write_text("{not json", encoding="utf-8")
    store._load.cache_clear()
    pd.testing.assert_frame_equal(records.load(f, with_shipped=True, plan=TIBET).data, fresh.data)
    assert store._cache_read(cache, key, plan=TIBET) is not None  # rewritten


def test_a_changed_unit_key_in_a_form_sheet_is_named_at_b2(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["lhasa"], prefill=False, plan=TIBET)
    wb = load_workbook(x)
    wb["拉萨 lhasa"]["B2"] = "拉萨市"
    wb.save(x)
    (e,) = records.check(x, plan=TIBET).errors
    assert (e.sheet, e.row, e.column, e.code) == ("拉萨 lhasa", 2, "B", "unknown-unit") and e.hint == "write 'lhasa' for 拉萨市"


def test_a_workbook_that_is_not_the_form_is_refused_by_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "data"
    wb.active.append(["year", "energy"])
    wb.active.append([2016, 230])
    wb.save(tmp_path / "other.xlsx")
    codes = [e.code for e in records.check(tmp_path / "other.xlsx", plan=TIBET).errors]
    assert sorted(codes) == ["no-record-sheet", "not-a-record-sheet"]


def test_lhasa_s_own_growth_is_shipped_with_its_sources_and_used_where_it_has_it():
    """Issue 18, "the record that exists": Lhasa's 2019 and 2020 real GDP growth, verified with the
    search tool in the stored pages: 中国西藏网 2020-04-29 ("达到617.88亿元,按可比价计算,比去年同期
    增长8.0%") and xunjk.com 2021-04-02, a repost of China News Service ("达678.16亿元…按可比价格计算,
    增长7.8%"). Where Lhasa has its own growth its ceilings use it; elsewhere the region's stands in."""
    from jnjp_analysis.records import assessment

    rec = records.load(with_shipped=True, plan=TIBET)
    v = rec.values().set_index(["unit", "year", "indicator"])
    assert v.loc[("lhasa", 2019, "gdp_growth"), "value"] == 0.08
    assert v.loc[("lhasa", 2020, "gdp_growth"), "value"] == 0.078
    assert v.loc[("lhasa", 2019, "gdp_current_100m_yuan"), "value"] == 617.88
    assert v.loc[("lhasa", 2020, "gdp_current_100m_yuan"), "value"] == 678.16
    assert "增长8.0%" in v.loc[("lhasa", 2019, "gdp_growth"), "source_quote"]
    assert "增长7.8%" in v.loc[("lhasa", 2020, "gdp_growth"), "source_quote"]
    assert v.loc[("lhasa", 2019, "gdp_growth"), "source_url"] == "http://www.tibet.cn/cn/news/yc/202004/t20200429_6770352.html"
    c = assessment.ceilings(rec, "lhasa", plan=rec.plan).set_index("year")
    assert (c.loc[2019, "gdp_growth"], c.loc[2019, "growth_basis"]) == (0.08, "record")
    assert (c.loc[2020, "gdp_growth"], c.loc[2020, "growth_basis"]) == (0.078, "record")
    # 2017 and 2018: the region's 10 % and 9.1 % (the shipped region rows), as a proxy
    assert (c.loc[2017, "gdp_growth"], c.loc[2017, "growth_basis"]) == (0.1, assessment.PROXY)
    assert (c.loc[2018, "gdp_growth"], c.loc[2018, "growth_basis"]) == (0.091, assessment.PROXY)
