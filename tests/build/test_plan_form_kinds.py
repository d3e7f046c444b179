"""The plan form with the target kinds (issue 18): the Controls sheet (an incentive level, the exemption
of a unit that met it, a carbon target), pollutants set as cuts from the base year, and the package
the import writes building (`jnjp --plan DIR build`).

The form is filled here as an analyst would, from the INVENTED text
tests/plans/synthetic-kinds/synthetic_kinds_fictitious.txt and its fixture's units, catalogue and
labels. The expected values are the text's literals, typed here from its table (附表, lines 27-29)
and clause (一) (lines 8-10), never computed by the code under test:

    unit       basic  incentive  E_2020  ΔE   CO2-intensity  COD cut  VOCs cut   line
    甲市 jia    14 %    16 %      100     20    18 %           8 %      10 %       27
    乙市 yi     13 %    15 %       50     12    17 %           7 %       9 %       28
    丙州 bing   10 %    12 %       20      4    15 %           6 %       8 %       29
    region     13.5 %  15.5 %     (ΔE 36)      17.5 %          7 %       9 %       8-10
"""

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_plan_form import _append, _edit, _files, _header, _keyed

from jnjp_analysis.plan import form
from jnjp_analysis.plan.load import load

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-kinds"
TEXT = FIXTURE / "synthetic_kinds_fictitious.txt"
PID = "synthetic-kinds"

# the Controls sheet as the text's clause (二) states them (line 12: 基本目标和激励目标 …; line 14: 免予考核)
CONTROLS = [{"kind": "intensity_cut", "incentive": "yes"},
            {"kind": "total_increment", "exemption": "incentive_met"},
            {"kind": "carbon_intensity_cut"}]


def _csv(name):
    with open(FIXTURE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def fill(path, *, controls=CONTROLS, by_quote=("yi",)):
    """Fill the template at ``path`` from the invented text; the targets of the units in ``by_quote``
    are located by their quoted line, the others by line number. Returns where each row is."""
    d = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))["jnjp:plan"]
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    wb = load_workbook(path)
    where = {}
    where["plan"] = _keyed(wb[form.PLAN_SHEET], {
        "id": PID, "title": d["title"], "title_en": d["title_en"], "issuer": d["issuer"],
        "date_published": "2022-01-01", "base_year": 2020, "target_year": 2025, "level": "city",
        "region_name": d["region"]["name"], "region_name_en": d["region"]["name_en"],
        "period_name_zh": d["period_name"]["zh"], "period_name_en": d["period_name"]["en"]}, "value")
    where["units"] = _append(wb[form.UNITS_SHEET], "slug", _csv("units.csv"))
    where["pollutants"] = dict(zip(("cod", "vocs"), _append(wb[form.POLLUTANTS_SHEET], "slug", [
        {"slug": "cod", "name": "化学需氧量", "name_en": "COD", "target": "cut"},
        {"slug": "vocs", "name": "挥发性有机物", "name_en": "VOCs", "target": "cut"}])))
    where["controls"] = dict(zip((c["kind"] for c in controls), _append(wb[form.CONTROLS_SHEET], "kind", controls)))
    where["tables"] = _append(wb[form.TABLES_SHEET], "name", [  # the fixture's table and its columns, as declared
        {"name": t["name"], "first_line": t["first_line"], "last_line": t["last_line"],
         "header_line": t.get("header_line"), "columns": ", ".join(t["columns"])} for t in d["tables"]])
    rows = []
    for t in _csv("targets.csv"):  # the fixture's table, typed from the text's lines 27-29
        ind, pol = t["indicator"], None
        if ind.endswith("_cut_pct") and ind.split("_")[0] in ("cod", "vocs"):
            ind, pol = form.CUT_INDICATOR, ind.removesuffix("_cut_pct")
        r = {"unit": t["unit"], "indicator": ind, "pollutant": pol, "value": float(t["value"]),
             "value_text": t["value_text"]}
        if t["unit"] in by_quote:
            r["quote"] = lines[int(t["source_line"]) - 1]
        else:
            r["source_line"] = int(t["source_line"])
        rows.append(r)
    numbers = _append(wb[form.TARGETS_SHEET], "unit", rows)
    where["targets"] = {(t["unit"], t["indicator"]): n for t, n in zip(_csv("targets.csv"), numbers)}
    cat = []
    for c in _csv("catalogue.csv"):
        c = dict(c)
        for k in ("base_year", "target_year"):
            c[k] = int(c[k]) if c[k] else None
        c["value"] = float(c["value"])
        cat.append(c)
    where["catalogue"] = dict(zip((c["target_id"] for c in cat), _append(wb[form.CATALOGUE_SHEET], "target_id", cat)))
    for lang in ("zh", "en"):
        where["labels"] = _keyed(wb[form.LABELS_SHEET], d["labels"][lang], lang)
    wb.save(path)
    return where


@pytest.fixture
def filled(tmp_path):
    x = form.write_template(tmp_path / "plan.xlsx")
    return x, fill(x)


def _refused(x, out, text=TEXT):
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, text, out)
    assert not out.exists(), "nothing is written on refusal"
    return [f for f in ei.value.findings if f.level == "error"]


def _ctl(x, row, key, value):
    wb = load_workbook(x)
    ws = wb[form.CONTROLS_SHEET]
    _, col = _header(ws, "kind")
    ws.cell(row, col[key]).value = value
    wb.save(x)


# ---------------------------------------------------------------------------------- the round trip
def test_a_form_with_the_kinds_imports_and_loads_with_them(filled, tmp_path):
    x, _ = filled
    out, findings = form.import_form(x, TEXT, tmp_path / PID)
    p = load(out)
    assert [(c.id, c.kind, c.incentive, c.exemption, c.scope) for c in p.controls] == [
        ("energy_intensity", "intensity_cut", True, "", "units"),
        ("energy_total", "total_increment", False, "incentive_met", "units"),
        ("carbon_intensity", "carbon_intensity_cut", False, "", "units")]
    # the table's literals (lines 27-29) as fractions: basic, incentive, E_2020, ΔE, CO2 intensity, line
    got = {s: (p.targets(s).intensity_cut, p.targets(s).incentive_cut, p.targets(s).energy_base_10k_tce,
               p.targets(s).increment_10k_tce, p.targets(s).carbon_intensity_cut, p.targets(s).total_exemption,
               p.targets(s).source_line) for s in p.slugs}
    assert got == {"jia": (0.14, 0.16, 100, 20, 0.18, "incentive_met", 27),
                   "yi": (0.13, 0.15, 50, 12, 0.17, "incentive_met", 28),
                   "bing": (0.10, 0.12, 20, 4, 0.15, "incentive_met", 29)}
    assert p.pollutants == () and [q.slug for q in p.cut_pollutants] == ["cod", "vocs"]
    assert [(u, q, v, line) for u, q, v, line in p.cuts] == [
        ("jia", "cod", 0.08, 27), ("jia", "vocs", 0.10, 27), ("yi", "cod", 0.07, 28), ("yi", "vocs", 0.09, 28),
        ("bing", "cod", 0.06, 29), ("bing", "vocs", 0.08, 29)]
    # clause (一), lines 8-10: 13.5 % basic, 15.5 % incentive, 17.5 % CO2 intensity, 7 % and 9 % cuts
    assert (p.region_intensity_cut, p.region_incentive_cut, p.region_carbon_intensity_cut) == (0.135, 0.155, 0.175)
    assert p.region_cuts == (("cod", 0.07), ("vocs", 0.09))
    # the descriptor as the loader reads it (the fixture's own form)
    d = p.descriptor["jnjp:plan"]
    assert d["controlled_indicators"] == [{"id": "energy_intensity", "kind": "intensity_cut", "incentive": True},
                                          {"id": "energy_total", "kind": "total_increment",
                                           "exemption": "incentive_met"},
                                          {"id": "carbon_intensity", "kind": "carbon_intensity_cut"}]
    assert [q["target"] for q in d["pollutants"]] == ["cut", "cut"]
    # targets.csv: one row per unit × indicator, the energy ones, the declared kinds', the cuts
    rows = list(csv.DictReader(open(out / "targets.csv", encoding="utf-8", newline="")))
    assert [r["indicator"] for r in rows if r["unit"] == "jia"] == [
        "intensity_cut_pct", "intensity_incentive_cut_pct", "energy_base_10k_tce", "increment_10k_tce",
        "carbon_intensity_cut_pct", "cod_cut_pct", "vocs_cut_pct"]
    assert [(r["value"], r["value_text"], r["source_line"]) for r in rows if r["unit"] == "yi"] == [
        ("13", "13", "28"), ("15", "15", "28"), ("50", "50", "28"), ("12", "12", "28"), ("17", "17", "28"),
        ("7", "7", "28"), ("9", "9", "28")]
    # the reconciliation shown, never corrected: energy-weighted basic (100·14 + 50·13 + 20·10) / 170
    # = 2250 / 170 = 13.2353 % and incentive (1600 + 750 + 240) / 170 = 2590 / 170 = 15.2353 %, each looser
    # than the region's 13.5 % and 15.5 %
    recon = sorted((f.level, f.row, f.message) for f in findings if f.code == "intensity-weighted")
    assert [(lvl, m.split(" is ")[1].split(",")[0]) for lvl, _, m in recon] == [
        ("warning", "13.2353 %"), ("warning", "15.2353 %")]


def test_the_package_has_a_placeholder_scenario_and_an_empty_record(filled, tmp_path):
    from jnjp_analysis import scenarios
    from jnjp_analysis.records import core as records

    x, _ = filled
    out, _ = form.import_form(x, TEXT, tmp_path / PID)
    p = load(out)
    assert _files(out).keys() == {"datapackage.json", "synthetic_kinds_fictitious.txt", "units.csv", "targets.csv",
                                  "catalogue.csv", "scenarios.csv", "records/datapackage.json",
                                  "records/record.schema.json", "records/record.csv"}
    rows = list(csv.DictReader(open(out / "scenarios.csv", encoding="utf-8", newline="")))
    assert [(r["scenario"], r["unit"], r["parameter"]) for r in rows] == [
        ("central", "jia", "gdp_growth"), ("central", "yi", "gdp_growth"), ("central", "bing", "gdp_growth"),
        ("central", "jia", "intensity_cut"), ("central", "yi", "intensity_cut"), ("central", "bing", "intensity_cut")]
    assert {r[y] for r in rows[:3] for y in ("2021", "2025")} == {"implied"}
    assert {r[y] for r in rows[3:] for y in ("2021", "2025")} == {"even"}
    assert all(r["rationale"].startswith("PLACEHOLDER ASSUMPTION, not a forecast") for r in rows)
    central = scenarios.load(str(p.scenario_file), plan=p)["central"]
    # jia's implied growth: ((100 + 20) / 100 / (1 - 0.14))^(1/5) - 1 = 1.395349^0.2 - 1 = 0.068899;
    # its even pace 1 - 0.86^(1/5) = 0.029714, every year
    assert central.gdp_growth.loc["jia"].tolist() == pytest.approx([0.068899] * 5, abs=1e-6)
    assert central.energy_mode["jia"] == "intensity_cut"
    assert central.energy_param.loc["jia"].tolist() == pytest.approx([0.029714] * 5, abs=1e-6)
    # the record format: the plan's units and years; the emissions of both pollutants it cuts (COD, VOCs),
    # which the period result grades on their 2020 and 2025 values
    sch = records.schema(p)
    fields = {f["name"]: f for f in sch["fields"]}
    assert fields["unit"]["constraints"]["enum"] == ["region", "jia", "yi", "bing"]
    assert (fields["year"]["constraints"]["minimum"], fields["year"]["constraints"]["maximum"]) == (2020, 2025)
    # the plan sets a carbon-intensity target: the record has the value it is graded on (and its annual change);
    # its energy-intensity target, the official cumulative change (a checkpoint across a change of basis)
    assert list(records.indicators(p)) == ["gdp_growth", "gdp_growth_avg", "gdp_current_100m_yuan", "energy_10k_tce",
                                           "intensity_change", "intensity_change_cum", "carbon_intensity_change_cum",
                                           "carbon_intensity_change", "cod_10k_t", "vocs_10k_t"]
    assert records.indicators(p)["gdp_growth_avg"].first_year == 2021
    assert records.indicators(p)["carbon_intensity_change_cum"].cumulative is True
    assert "estimate" in fields["status"]["constraints"]["enum"]
    assert (out / "records" / "record.csv").read_text(encoding="utf-8") == (
        "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n")
    assert records.shipped_record(p).name == "record.csv"
    assert len(records.load(None, plan=p).data) == 0


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_a_capped_pollutant_gets_its_record_indicator(filled, tmp_path):
    """COD set as a cap: the Pollutants sheet says cap, its rows are caps; the record format then has
    cod_10k_t (and still no vocs_10k_t, a cut)."""
    from jnjp_analysis.records import core as records

    text = tmp_path / "plan.txt"  # a copy of the text whose table prints COD caps (万吨) in place of cuts
    lines = TEXT.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[26] = lines[26].replace("　8　10", "　0.8　10")
    text.write_text("".join(lines), encoding="utf-8")
    x, where = filled
    _edit(x, form.POLLUTANTS_SHEET, where["pollutants"]["cod"], "target", "cap")
    _edit(x, form.TABLES_SHEET, where["tables"][0], "columns", "intensity_cut_pct, intensity_incentive_cut_pct, "
          "energy_base_10k_tce, increment_10k_tce, carbon_intensity_cut_pct, cod_cap_10k_t, vocs_cut_pct")
    for u, line in (("jia", 27), ("yi", 28), ("bing", 29)):
        row = where["targets"][(u, "cod_cut_pct")]
        _edit(x, form.TARGETS_SHEET, row, "indicator", form.CAP_INDICATOR)
        _edit(x, form.TARGETS_SHEET, row, "quote", None)
        _edit(x, form.TARGETS_SHEET, row, "source_line", line)
    row = where["targets"][("jia", "cod_cut_pct")]
    _edit(x, form.TARGETS_SHEET, row, "value", 0.8)
    _edit(x, form.TARGETS_SHEET, row, "value_text", "0.8")
    out, _ = form.import_form(x, text, tmp_path / PID)
    p = load(out)
    assert [q.slug for q in p.pollutants] == ["cod"] and [q.slug for q in p.cut_pollutants] == ["vocs"]
    assert p.cap("jia", "cod") == 0.8 and p.cap("yi", "cod") == 7  # lines 27 and 28 of the copy
    # both get a record indicator: the capped COD is checked against its caps, the cut VOCs graded on 2020 and 2025
    assert "cod_10k_t" in records.indicators(p) and "vocs_10k_t" in records.indicators(p)
    assert "cod_cap" in records.plan_reference(p)["jia"] and "vocs_cap" not in records.plan_reference(p)["jia"]


def test_a_regional_carbon_cap_from_another_document(filled, tmp_path):
    x, where = filled
    wb = load_workbook(x)
    rows = _append(wb[form.CONTROLS_SHEET], "kind", [*CONTROLS, {
        "kind": "carbon_total_cap", "scope": "region", "value": 500,
        "source_title": "示例自治区碳达峰实施方案（虚构）", "source_issuer": "示例自治区人民政府（虚构）",
        "source_date": "2022-06", "quote": "到2025年，全区二氧化碳排放总量控制在500万吨以内（虚构）"}])
    wb.save(x)
    row = rows[-1]
    out, _ = form.import_form(x, TEXT, tmp_path / PID)
    c = load(out).control("carbon_total_cap")
    assert (c.scope, c.region_value, c.source["date"]) == ("region", 500.0, "2022-06")
    assert load(out).targets("region").carbon_cap_10k_tco2 == 500.0
    # the record format has the CO2 emissions a cap is graded on; the region's 2025 emissions against
    # the 500 × 10^4 t cap: 480 met, 520 missed (invented values); without them, not rateable
    from jnjp_analysis.records import assessment, core

    assert "co2_10k_tco2" in core.indicators(load(out))
    head = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
    for value, status in (("480", "met"), ("520", "missed")):
        rec = tmp_path / f"co2_{value}.csv"
        rec.write_text(head + f"region,2025,co2_10k_tco2,{value},final,invented,invented for this test,2026,,,\n",
                       encoding="utf-8")
        r = assessment.period_result(core.load(rec, plan=load(out)), plan=load(out), units=["region"])
        graded = r.set_index("kind").loc["carbon_total_cap"]
        assert (graded["status"], graded["target"], graded["achieved"]) == (status, 500.0, float(value))
    r = assessment.period_result(core.load(out / "records" / "record.csv", plan=load(out)), plan=load(out),
                                 units=["region"]).set_index("kind").loc["carbon_total_cap"]
    assert (r["status"], r["why"]) == ("not_rateable", "no CO2 emissions for 2025 in the record")
    # the value not in its quote: refused at the Controls row's value cell
    _ctl(x, row, "value", 50)
    (e,) = _refused(x, tmp_path / "b" / PID)
    assert (e.sheet, e.row, e.column, e.code) == (form.CONTROLS_SHEET, row, "value", "value-not-in-quote")


# -------------------------------------------------------------------------------------- the faults
@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_a_number_not_in_its_quoted_line_is_refused(filled, tmp_path):
    x, where = filled
    row = where["targets"][("yi", "intensity_incentive_cut_pct")]  # located by its quote: line 28
    _edit(x, form.TARGETS_SHEET, row, "value", 16)
    _edit(x, form.TARGETS_SHEET, row, "value_text", "16")  # 甲市's (line 27); line 28 reads 乙市　13　15　50 …
    errors = _refused(x, tmp_path / PID)
    assert [(e.sheet, e.row, e.column, e.code) for e in errors] == [
        (form.TARGETS_SHEET, row, "value_text", "value-text-not-in-quote")]
    # by line number: 甲市's carbon cut 18 said to be on line 29 (丙州　10　12　20　4　15　6　8)
    row = where["targets"][("jia", "carbon_intensity_cut_pct")]
    _edit(x, form.TARGETS_SHEET, where["targets"][("yi", "intensity_incentive_cut_pct")], "value", 15)
    _edit(x, form.TARGETS_SHEET, where["targets"][("yi", "intensity_incentive_cut_pct")], "value_text", "15")
    _edit(x, form.TARGETS_SHEET, row, "source_line", 29)
    (e,) = _refused(x, tmp_path / PID)
    assert (e.sheet, e.row, e.column, e.code, e.cell) == (form.TARGETS_SHEET, row, "value_text",
                                                          "unit-not-on-line", f"E{row}")


def test_an_unknown_kind_indicator_and_pollutant_target_are_refused(filled, tmp_path):
    x, where = filled
    r_kind = where["controls"]["carbon_intensity_cut"]
    _ctl(x, r_kind, "kind", "carbon_intensity")  # the id, not the kind
    r_ind = where["targets"][("bing", "carbon_intensity_cut_pct")]
    _edit(x, form.TARGETS_SHEET, r_ind, "indicator", "carbon_cut_pct")
    r_pol = where["pollutants"]["vocs"]
    _edit(x, form.POLLUTANTS_SHEET, r_pol, "target", "cuts")
    errors = _refused(x, tmp_path / PID)
    got = {(e.sheet, e.row, e.column, e.code): e.hint for e in errors}
    assert got[(form.CONTROLS_SHEET, r_kind, "kind", "unknown-kind")].startswith("did you mean 'carbon_intensity_cut'?")
    assert (form.TARGETS_SHEET, r_ind, "indicator", "unknown-indicator") in got
    assert got[(form.POLLUTANTS_SHEET, r_pol, "target", "unknown-pollutant-target")].startswith("did you mean 'cut'?")


def test_a_target_of_a_kind_not_declared_is_refused(filled, tmp_path):
    x, where = filled
    r_c = where["controls"]["carbon_intensity_cut"]
    _ctl(x, r_c, "kind", None)  # the carbon control removed: the units' carbon rows have no kind
    errors = _refused(x, tmp_path / PID)
    assert {(e.sheet, e.row, e.column, e.code) for e in errors} == {
        (form.TARGETS_SHEET, where["targets"][(u, "carbon_intensity_cut_pct")], "indicator", "kind-not-declared")
        for u in ("jia", "yi", "bing")}


def test_a_fraction_where_a_percent_belongs_and_the_reverse_are_refused(filled, tmp_path):
    x, where = filled
    r_inc = where["targets"][("jia", "intensity_incentive_cut_pct")]
    _edit(x, form.TARGETS_SHEET, r_inc, "value", 0.16)  # the text says 16 (line 27)
    r_cut = where["targets"][("bing", "vocs_cut_pct")]
    _edit(x, form.TARGETS_SHEET, r_cut, "value", 0.08)  # the text says 8 (line 29)
    r_cat = where["catalogue"]["carbon_intensity"]
    _edit(x, form.CATALOGUE_SHEET, r_cat, "value", 0.175)  # "% cut": 17.5 (line 9)
    r_pct = where["targets"][("yi", "carbon_intensity_cut_pct")]
    _edit(x, form.TARGETS_SHEET, r_pct, "value", "17%")  # the percent sign typed into the number
    errors = _refused(x, tmp_path / PID)
    got = {(e.sheet, e.row, e.column, e.code, e.hint) for e in errors}
    assert got == {
        (form.TARGETS_SHEET, r_inc, "value", "percent-as-fraction", "did you mean 16?"),
        (form.TARGETS_SHEET, r_cut, "value", "percent-as-fraction", "did you mean 8?"),
        (form.CATALOGUE_SHEET, r_cat, "value", "percent-as-fraction", "did you mean 17.5?"),
        (form.TARGETS_SHEET, r_pct, "value", "not-a-number",
         "did you mean 17? (the number alone: a cut is in percent, the sign is the column's)")}


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_a_percent_where_an_amount_belongs_is_refused(filled, tmp_path):
    text = tmp_path / "plan.txt"  # a copy whose table prints 乙市's increment as "12%"
    text.write_text(TEXT.read_text(encoding="utf-8").replace("乙市　13　15　50　12", "乙市　13　15　50　12%"),
                    encoding="utf-8")
    x, where = filled
    for ind in ("intensity_cut_pct", "intensity_incentive_cut_pct", "energy_base_10k_tce", "increment_10k_tce",
                "carbon_intensity_cut_pct", "cod_cut_pct", "vocs_cut_pct"):  # 乙市's rows: by the copy's line 28
        _edit(x, form.TARGETS_SHEET, where["targets"][("yi", ind)], "quote", "乙市　13　15　50　12%　17　7　9")
    row = where["targets"][("yi", "increment_10k_tce")]
    _edit(x, form.TARGETS_SHEET, row, "value_text", "12%")
    (e,) = _refused(x, tmp_path / PID, text)
    assert (e.sheet, e.row, e.column, e.code) == (form.TARGETS_SHEET, row, "value_text", "unit-mismatch")
    assert "10^4 tce" in e.message


def test_a_quote_not_in_the_text_is_refused(filled, tmp_path):
    x, where = filled
    row = where["targets"][("yi", "cod_cut_pct")]
    _edit(x, form.TARGETS_SHEET, row, "quote", "乙市 13 15 50 12 17 7 9")  # ASCII spaces; the text has U+3000
    r_cat = where["catalogue"]["energy_intensity_incentive"]
    _edit(x, form.CATALOGUE_SHEET, r_cat, "quote", "力争完成下降15.5%的激励目标。")  # the text has "，" after it
    errors = _refused(x, tmp_path / PID)
    assert {(e.sheet, e.row, e.column, e.code) for e in errors} == {
        (form.TARGETS_SHEET, row, "quote", "quote-not-in-text"), (form.CATALOGUE_SHEET, r_cat, "quote", "quote-not-in-text")}


def test_the_two_cuts_swapped_are_refused_by_their_columns(filled, tmp_path):
    x, where = filled
    # 甲市's two cuts swapped: basic 16, incentive 14 (both on line 27: 甲市　14　16 …): each read from its column
    r_basic, r_inc = where["targets"][("jia", "intensity_cut_pct")], where["targets"][("jia", "intensity_incentive_cut_pct")]
    for r, v in ((r_basic, 16), (r_inc, 14)):
        _edit(x, form.TARGETS_SHEET, r, "value", v)
        _edit(x, form.TARGETS_SHEET, r, "value_text", str(v))
    errors = _refused(x, tmp_path / PID)
    assert {(e.row, e.code, e.hint) for e in errors} == {(r_basic, "wrong-column", "did you mean 14?"),
                                                         (r_inc, "wrong-column", "did you mean 16?")}


def test_an_incentive_below_its_basic_target_is_refused(filled, tmp_path):
    text = tmp_path / "plan.txt"  # a copy of the text whose table prints 甲市's incentive level below its basic one
    lines = TEXT.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[26].startswith("甲市　14　16　")
    lines[26] = lines[26].replace("甲市　14　16　", "甲市　16　14　")
    text.write_text("".join(lines), encoding="utf-8")
    x, where = filled
    r_basic, r_inc = where["targets"][("jia", "intensity_cut_pct")], where["targets"][("jia", "intensity_incentive_cut_pct")]
    for r, v in ((r_basic, 16), (r_inc, 14)):
        _edit(x, form.TARGETS_SHEET, r, "value", v)
        _edit(x, form.TARGETS_SHEET, r, "value_text", str(v))
    (e,) = _refused(x, tmp_path / PID, text=text)
    assert (e.sheet, e.row, e.column, e.code) == (form.TARGETS_SHEET, r_inc, "value", "incentive-below-basic")
    assert "14 % is below its basic target 16 %" in e.message and f"row {r_basic}" in e.message


def test_an_exemption_without_an_incentive_is_refused(filled, tmp_path):
    x, where = filled
    _ctl(x, where["controls"]["intensity_cut"], "incentive", "no")
    errors = _refused(x, tmp_path / PID)
    r_ex = where["controls"]["total_increment"]
    (e,) = [e for e in errors if e.code == "exemption-without-incentive"]
    assert (e.sheet, e.row, e.column, e.cell) == (form.CONTROLS_SHEET, r_ex, "exemption", f"C{r_ex}")
    assert f"row {where['controls']['intensity_cut']}" in e.hint
    # and the units' incentive rows now have no declared kind, each named
    assert {(e.row, e.code) for e in errors if e.code != "exemption-without-incentive"} == {
        (where["targets"][(u, "intensity_incentive_cut_pct")], "kind-not-declared") for u in ("jia", "yi", "bing")}


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_controls_out_of_their_kind_are_refused(filled, tmp_path):
    x, where = filled
    r_c = where["controls"]["carbon_intensity_cut"]
    _ctl(x, r_c, "incentive", "yes")  # only the energy-intensity cut has an incentive level
    r_t = where["controls"]["total_increment"]
    _ctl(x, r_t, "scope", "region")  # only a carbon target may be the region's alone
    r_i = where["controls"]["intensity_cut"]
    _ctl(x, r_i, "exemption", "incentive_met")  # an exemption is the total check's
    errors = _refused(x, tmp_path / PID)
    assert {(e.sheet, e.row, e.column, e.code) for e in errors} == {
        (form.CONTROLS_SHEET, r_c, "incentive", "incentive-not-intensity"),
        (form.CONTROLS_SHEET, r_t, "scope", "scope-region-not-carbon"),
        (form.CONTROLS_SHEET, r_i, "exemption", "exemption-not-total")}


# ---------------------------------------------------------------------------------------- the build
def _jnjp(*args, cwd):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=900)


@pytest.mark.slow
def test_a_plan_entered_through_the_form_builds(tmp_path):
    x = tmp_path / "plan.xlsx"
    r = _jnjp("plan", "template", x, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    fill(x)
    pkg = tmp_path / PID
    r = _jnjp("plan", "import", x, "--text", TEXT, pkg, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    r = _jnjp("plan", "check", pkg, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "controls: intensity_cut (incentive), total_increment (exempt: incentive_met), carbon_intensity_cut; " \
           "pollutants: cod cut, vocs cut" in r.stdout
    assert "scenarios: central" in r.stdout and "record: record.csv, 0 row(s)" in r.stdout
    out = tmp_path / "out"
    r = _jnjp("--plan", pkg, "build", "--out", out, "--no-progress", "--jobs", "2", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    # the overview and the three units, zh and en (units.csv: jia, yi, bing)
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) == 8, pages
    assert not (out / "_failed").exists()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: Debian package "
                                            "libreoffice-calc-nogui; `make test` installs it as root")
def test_a_form_with_the_kinds_resaved_by_libreoffice_imports_to_the_same_package(filled, tmp_path):
    x, _ = filled
    a, _ = form.import_form(x, TEXT, tmp_path / "a" / PID)
    lo = tmp_path / "lo"
    lo.mkdir()
    r = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(lo), str(x)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    b, _ = form.import_form(lo / "plan.xlsx", TEXT, tmp_path / "b" / PID)
    assert _files(a) == _files(b)  # the Controls sheet's yes / incentive_met and the Pollutants' cut survive


def carbon_led(x, where):
    """Make the filled form at ``x`` a carbon-led plan: only the carbon-intensity cut declared, the energy rows of
    the Targets and Catalogue sheets removed (``where``: :func:`fill`'s rows)."""
    wb = load_workbook(x)
    energy = ("intensity_cut_pct", "intensity_incentive_cut_pct", "energy_base_10k_tce", "increment_10k_tce")
    for row in sorted((n for (_u, ind), n in where["targets"].items() if ind in energy), reverse=True):
        wb[form.TARGETS_SHEET].delete_rows(row)
    for row in sorted((n for tid, n in where["catalogue"].items() if tid.startswith("energy_")), reverse=True):
        wb[form.CATALOGUE_SHEET].delete_rows(row)
    for kind in ("total_increment", "intensity_cut"):  # the later row first: the rows above keep their numbers
        wb[form.CONTROLS_SHEET].delete_rows(where["controls"][kind])
    wb.save(x)


def test_a_carbon_led_plan_enters_through_the_form_and_builds_without_scenarios(filled, tmp_path):
    """Only the carbon-intensity cut declared (a carbon-led plan, the 15th period's shape): the energy rows of the
    Targets and Catalogue sheets removed, the package has no scenario file and loads with the table's CO2-intensity
    cuts of lines 27-29 (18 %, 17 %, 15 %) and clause (一)'s 17.5 %."""
    x, where = filled
    carbon_led(x, where)
    out, findings = form.import_form(x, TEXT, tmp_path / PID)
    assert not [f for f in findings if f.level == "error"]
    p = load(out)
    assert not p.has_energy_intensity and [c.kind for c in p.controls] == ["carbon_intensity_cut"]
    assert {s: p.targets(s).carbon_intensity_cut for s in p.slugs} == {"jia": 0.18, "yi": 0.17, "bing": 0.15}
    assert p.region_carbon_intensity_cut == 0.175
    assert not (out / "scenarios.csv").exists()
    assert "scenarios" not in [r["name"] for r in json.loads((out / "datapackage.json").read_text())["resources"]]
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(out), "build", "--out",
                        str(tmp_path / "site"), "--no-progress", "--unit", "jia", "--lang", "en"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    page = (tmp_path / "site" / "jia_en.html").read_text(encoding="utf-8")
    assert "none: the plan is carbon led" in page and "18%" in page
