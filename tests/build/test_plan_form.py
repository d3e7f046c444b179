"""The plan form (issue 18): `jnjp plan template` writes it, `jnjp plan import` checks a filled one
against the plan's text and writes the plan package.

The form is filled here as an analyst would, from the INVENTED fixture tests/plans/synthetic-4y/ (its
descriptor, units.csv, targets.csv, catalogue.csv and text synthetic_plan_fictitious.txt; some
targets by line number, some by quoted sentence). The expected values are the fixture's own literals
(its README's table), typed here, never computed by the code under test:

    unit        cut    E_2020   ΔE    COD   NOx      text line
    甲市 jia    19 %    100     21    1.2   2.5      26
    乙市 yi     10 %     64     17    0.8   1.5      27
    丙州 bing    5 %      8     10    0.3   0.6      28
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

from jnjp_analysis.plan import form, form_write
from jnjp_analysis.plan.load import load

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-4y"
TEXT = FIXTURE / "synthetic_plan_fictitious.txt"
ROOT = Path(__file__).resolve().parents[2]


def _csv(name):
    with open(FIXTURE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _header(ws, first):
    """The row of column keys (the row whose column A is ``first``) and {key: column}."""
    for row in ws.iter_rows(min_row=1, max_row=20):
        if row[0].value == first:
            return row[0].row, {c.value: c.column for c in row if c.value}
    raise AssertionError(f"no header row starting {first!r} in {ws.title}")


def _append(ws, first, rows):
    """Write ``rows`` (dicts by column key) from the first data row on; returns their row numbers."""
    hdr, col = _header(ws, first)
    out = []
    for i, r in enumerate(rows, start=hdr + 1):
        for k, v in r.items():
            ws.cell(i, col[k], v)
        out.append(i)
    return out


def _keyed(ws, values, column):
    """Fill a key/value sheet: ``values`` by key, into ``column`` (value, zh or en); {key: row}."""
    hdr, col = _header(ws, "key")
    rows = {}
    for row in ws.iter_rows(min_row=hdr + 1):
        k = row[0].value
        if k in values:
            ws.cell(row[0].row, col[column], values[k])
            rows[k] = row[0].row
    return rows


def fill(path, *, by_quote=("bing",)):
    """Fill the template at ``path`` with the fixture's contents; the targets of the units in
    ``by_quote`` are located by their quoted line, the others by line number. Returns where each
    target row is: {(unit, indicator): row}, and the rows of the other sheets."""
    desc = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
    d = desc["jnjp:plan"]
    lines = TEXT.read_text(encoding="utf-8").splitlines()
    wb = load_workbook(path)
    where = {}
    where["plan"] = _keyed(wb[form.PLAN_SHEET], {
        "id": d["id"], "title": d["title"], "title_en": d["title_en"], "issuer": d["issuer"],
        "document_number": d["document_number"] or None, "date_published": "2021-01-01",
        "base_year": d["base_year"], "target_year": d["target_year"], "level": d["level"],
        "region_name": d["region"]["name"], "region_name_en": d["region"]["name_en"],
        "period_name_zh": d["period_name"]["zh"], "period_name_en": d["period_name"]["en"]}, "value")
    where["units"] = _append(wb[form.UNITS_SHEET], "slug", _csv("units.csv"))
    where["pollutants"] = _append(wb[form.POLLUTANTS_SHEET], "slug", d["pollutants"])
    where["tables"] = _append(wb[form.TABLES_SHEET], "name", [  # the fixture's table and its columns, as declared
        {"name": t["name"], "first_line": t["first_line"], "last_line": t["last_line"],
         "header_line": t.get("header_line"), "columns": ", ".join(t["columns"])} for t in d["tables"]])
    rows = []
    for t in _csv("targets.csv"):
        ind, pol = t["indicator"], None
        if ind.endswith("_cap_10k_t"):
            ind, pol = form.CAP_INDICATOR, ind.removesuffix("_cap_10k_t")
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
    ws = wb[form.LABELS_SHEET]
    for lang in ("zh", "en"):
        where["labels"] = _keyed(ws, d["labels"][lang], lang)
    wb.save(path)
    return where


@pytest.fixture
def filled(tmp_path):
    x = form.write_template(tmp_path / "plan.xlsx")
    where = fill(x)
    return x, where


def _edit(x, sheet, row, column_key, value):
    wb = load_workbook(x)
    ws = wb[sheet]
    first = "key" if sheet in (form.PLAN_SHEET, form.LABELS_SHEET) else {
        form.UNITS_SHEET: "slug", form.POLLUTANTS_SHEET: "slug", form.TARGETS_SHEET: "unit",
        form.CATALOGUE_SHEET: "target_id", form.TABLES_SHEET: "name"}[sheet]
    _, col = _header(ws, first)
    ws.cell(row, col[column_key]).value = value  # (ws.cell(r, c, None) would leave the cell as it is)
    wb.save(x)


def _files(folder):
    """Every file under ``folder`` (records/ too) by relative path, with its bytes."""
    return {str(f.relative_to(folder)): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def _refused(x, out, text=TEXT):
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, text, out)
    assert not out.exists(), "nothing is written on refusal"
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")], "no temp folder left"
    return [f for f in ei.value.findings if f.level == "error"]


# ----------------------------------------------------------------------------------- the template
def test_the_template_is_bilingual_with_validation_and_is_not_overwritten(tmp_path):
    x = form.write_template(tmp_path / "plan.xlsx")
    wb = load_workbook(x)
    assert wb.sheetnames == [form.INSTRUCTIONS_SHEET, form.PLAN_SHEET, form.UNITS_SHEET, form.POLLUTANTS_SHEET,
                             form.CONTROLS_SHEET, form.TABLES_SHEET, form.TARGETS_SHEET, form.CATALOGUE_SHEET,
                             form.LABELS_SHEET, form.STATISTICS_SHEET, form.SCENARIOS_SHEET]
    ws = wb[form.TARGETS_SHEET]
    assert [c.value for c in ws[5]][:6] == ["unit", "indicator", "pollutant", "value", "value_text", "source_line"]
    assert "数值" in ws.cell(4, 4).value and "value" in ws.cell(4, 4).value
    kinds = {(dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("list", '"intensity_cut_pct,intensity_incentive_cut_pct,energy_base_10k_tce,increment_10k_tce,'
                    'carbon_intensity_cut_pct,carbon_cap_10k_tco2,non_fossil_share_pct,pollutant_cap_10k_t,pollutant_cut_pct,'
                    'pollutant_reduction_10k_t"') in kinds
    assert ("whole", "1") in kinds and ("decimal", "0") in kinds
    plan_dv = {(dv.type, dv.formula1) for dv in wb[form.PLAN_SHEET].data_validations.dataValidation}
    assert ("list", '"province,prefecture,city,county"') in plan_dv and ("whole", "1950") in plan_dv
    pol_dv = {(dv.type, dv.formula1) for dv in wb[form.POLLUTANTS_SHEET].data_validations.dataValidation}
    assert ("list", '"cap,cut,reduction"') in pol_dv
    assert [c.value for c in wb[form.POLLUTANTS_SHEET][5]][:4] == ["slug", "name", "name_en", "target"]
    ctl_dv = {(dv.type, dv.formula1) for dv in wb[form.CONTROLS_SHEET].data_validations.dataValidation}
    assert {("list", '"intensity_cut,total_increment,carbon_intensity_cut,carbon_total_cap,non_fossil_share"'),
            ("list", '"yes,no"'), ("list", '"incentive_met"'), ("list", '"units,region"')} <= ctl_dv
    assert [c.value for c in wb[form.CONTROLS_SHEET][5]][:4] == ["kind", "incentive", "exemption", "scope"]
    # the instructions name every indicator with its unit, in both languages
    instr = "\n".join(f"{a.value} | {b.value}" for a, b in wb[form.INSTRUCTIONS_SHEET].iter_rows(max_col=2))
    assert "carbon_cap_10k_tco2：目标年二氧化碳排放总量上限" in instr and "(10^4 t CO2)" in instr
    assert "pollutant_cut_pct: cut of a pollutant's emissions from the base year" in instr
    with pytest.raises(form.JnjpError, match="exists"):
        form.write_template(x)
    form.write_template(x, force=True)
    with pytest.raises(form.JnjpError, match=r"\.xlsx"):
        form.write_template(tmp_path / "plan.csv")


# ---------------------------------------------------------------------------------- the round trip
def test_a_filled_form_imports_as_the_fixture_plan(filled, tmp_path):
    x, _ = filled
    out, findings = form.import_form(x, TEXT, tmp_path / "synthetic-4y")
    assert not [f for f in findings if f.level == "error"]
    p = load(out)
    assert (p.id, p.base_year, p.target_year, p.level) == ("synthetic-4y", 2020, 2024, "city")
    assert p.slugs == ("jia", "yi", "bing")
    assert [u.name for u in p.units] == ["甲市", "乙市", "丙州"]
    assert p.unit("bing").unit_class == "prefecture"
    # the fixture's literals (README table): cut as a fraction, base, increment; and their lines
    got = {s: (p.targets(s).intensity_cut, p.targets(s).energy_base_10k_tce, p.targets(s).increment_10k_tce,
               p.targets(s).source_line) for s in p.slugs}
    assert got == {"jia": (0.19, 100, 21, 26), "yi": (0.10, 64, 17, 27), "bing": (0.05, 8, 10, 28)}
    caps = {(s, pol): p.cap(s, pol) for s in p.slugs for pol in ("cod", "nox")}
    assert caps == {("jia", "cod"): 1.2, ("yi", "cod"): 0.8, ("bing", "cod"): 0.3,
                    ("jia", "nox"): 2.5, ("yi", "nox"): 1.5, ("bing", "nox"): 0.6}
    assert p.region_intensity_cut == 0.15  # the catalogue's 15 % (fixture line 7)
    # the text byte for byte, its size and hash in the descriptor
    assert (out / TEXT.name).read_bytes() == TEXT.read_bytes()
    res = p.resource("plan")
    assert res["bytes"] == 1958
    assert res["hash"] == "sha256:ba225563b9fabe92053495fcb6e3d46e734517904ce948473e0536fc5f0e2d12"
    assert res["dates"] == {"published": "2021-01-01"}
    assert p.period_name("zh") == "“十四五”（虚构）" and p.words("en")["unit_word"] == "city"
    # the reconciliation shown: the fixture's sums equal the regional figures (2.3, 4.6; 2580 / 172 = 15)
    recon = {f.code for f in findings if f.sheet == form.CATALOGUE_SHEET}
    assert recon == {"sum-within", "intensity-weighted"}
    # `jnjp plan check` reads it too
    from jnjp_analysis.plan import catalogue

    assert list(catalogue.regional_targets(plan=p)["target_id"]) == ["energy_intensity", "cod_cap", "nox_cap"]


def test_an_existing_package_is_replaced_only_with_force(filled, tmp_path):
    x, _ = filled
    out = tmp_path / "synthetic-4y"
    form.import_form(x, TEXT, out)
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, TEXT, out)
    (e,) = [f for f in ei.value.findings if f.level == "error"]
    assert e.code == "exists" and "--force" in e.hint
    form.import_form(x, TEXT, out, force=True)
    assert load(out).slugs == ("jia", "yi", "bing")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "synthetic-4y"]


def test_a_package_that_would_not_load_is_not_moved_into_place(filled, tmp_path, monkeypatch):
    from jnjp_analysis.errors import PlanError
    from jnjp_analysis.plan import load as load_module

    x, _ = filled
    out = tmp_path / "synthetic-4y"
    form.import_form(x, TEXT, out)
    before = _files(out)

    def refuse(plan):
        raise PlanError("invented failure of the loader")

    monkeypatch.setattr(load_module, "load", refuse)
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, TEXT, out, force=True)
    assert ei.value.findings[0].code == "does-not-load"
    monkeypatch.undo()
    # the package there before is untouched, and no temp folder is left
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "synthetic-4y"]


def test_the_folder_must_be_named_as_the_plan_id(filled, tmp_path):
    x, _ = filled
    (e,) = _refused(x, tmp_path / "my-plan")
    assert e.code == "folder-name" and "synthetic-4y" in e.message


# -------------------------------------------------------------------------------------- the faults
def test_a_number_not_on_its_line_is_refused_naming_sheet_row_and_column(filled, tmp_path):
    x, where = filled
    row = where["targets"][("jia", "increment_10k_tce")]
    _edit(x, form.TARGETS_SHEET, row, "source_line", 27)  # 21 is on line 26, not 27 (乙市　10　64　17　0.8　1.5)
    (e,) = _refused(x, tmp_path / "synthetic-4y")
    # line 27 is a row of the declared table, and it is 乙市's, not 甲市's
    assert (e.sheet, e.row, e.column, e.code) == (form.TARGETS_SHEET, row, "value_text", "unit-not-on-line")
    assert "it is 乙市 (yi)'s" in e.message
    assert e.cell == f"E{row}"


def test_a_value_its_text_does_not_state_is_refused(filled, tmp_path):
    x, where = filled
    row = where["targets"][("yi", "energy_base_10k_tce")]
    _edit(x, form.TARGETS_SHEET, row, "value", 46)  # the text says 64
    (e,) = _refused(x, tmp_path / "synthetic-4y")
    assert (e.sheet, e.row, e.column, e.code) == (form.TARGETS_SHEET, row, "value", "value-mismatch")
    assert e.hint == "did you mean 64?"


def test_a_value_text_only_inside_a_longer_number_is_refused(filled, tmp_path):
    x, where = filled
    row = where["targets"][("jia", "increment_10k_tce")]
    _edit(x, form.TARGETS_SHEET, row, "value", 2)
    _edit(x, form.TARGETS_SHEET, row, "value_text", "2")  # "2" is on line 26 only inside 21, 1.2 and 2.5
    (e,) = _refused(x, tmp_path / "synthetic-4y")
    # read by position: the increment is column 3 of 甲市's row (甲市　19　100　21　1.2　2.5), which prints 21
    assert (e.row, e.column, e.code, e.hint) == (row, "value_text", "wrong-column", "did you mean 21?")


def test_an_unknown_indicator_unit_and_pollutant_are_refused(filled, tmp_path):
    x, where = filled
    r1 = where["targets"][("jia", "intensity_cut_pct")]
    r2 = where["targets"][("yi", "cod_cap_10k_t")]
    r3 = where["targets"][("bing", "nox_cap_10k_t")]
    _edit(x, form.TARGETS_SHEET, r1, "indicator", "intensity_cut")
    _edit(x, form.TARGETS_SHEET, r2, "unit", "乙市")  # a name, not the slug
    _edit(x, form.TARGETS_SHEET, r3, "pollutant", "so2")  # not a pollutant of the Pollutants sheet
    errors = _refused(x, tmp_path / "synthetic-4y")
    got = {(e.row, e.column, e.code) for e in errors}
    assert {(r1, "indicator", "unknown-indicator"), (r2, "unit", "unknown-unit"),
            (r3, "pollutant", "unknown-pollutant")} <= got
    hints = {e.code: e.hint for e in errors}
    assert hints["unknown-indicator"].startswith("did you mean 'intensity_cut_pct'?")
    assert hints["unknown-unit"] == "did you mean 'yi'?"
    # the rows missing in consequence are named too (the unit lacks them), all on the Targets sheet
    assert {e.sheet for e in errors} == {form.TARGETS_SHEET}


def test_an_unknown_catalogue_kind_is_refused(filled, tmp_path):
    x, where = filled
    row = where["catalogue"]["cod_cap"]
    _edit(x, form.CATALOGUE_SHEET, row, "kind", "ceiling")
    (e,) = _refused(x, tmp_path / "synthetic-4y")
    assert (e.sheet, e.row, e.column, e.code) == (form.CATALOGUE_SHEET, row, "kind", "unknown-kind")


def test_a_fraction_where_the_form_asks_a_percent_is_refused_with_a_hint(filled, tmp_path):
    x, where = filled
    row = where["targets"][("jia", "intensity_cut_pct")]
    _edit(x, form.TARGETS_SHEET, row, "value", 0.19)  # the form asks percent: 19 (fixture line 26)
    row_c = where["catalogue"]["energy_intensity"]
    _edit(x, form.CATALOGUE_SHEET, row_c, "value", 0.15)  # the unit is "% cut": 15 (fixture line 7)
    errors = _refused(x, tmp_path / "synthetic-4y")
    got = {(e.sheet, e.row, e.column, e.code, e.hint) for e in errors}
    assert got == {(form.TARGETS_SHEET, row, "value", "percent-as-fraction", "did you mean 19?"),
                   (form.CATALOGUE_SHEET, row_c, "value", "percent-as-fraction", "did you mean 15?")}


def test_a_percent_where_an_amount_belongs_is_refused(filled, tmp_path):
    x, where = filled
    row = where["catalogue"]["energy_intensity"]
    _edit(x, form.CATALOGUE_SHEET, row, "unit", "10^4 t")  # its value text is 15%
    (e,) = _refused(x, tmp_path / "synthetic-4y")
    assert (e.sheet, e.row, e.column, e.code) == (form.CATALOGUE_SHEET, row, "unit", "unit-mismatch")


def test_a_quote_not_in_the_text_is_refused(filled, tmp_path):
    x, where = filled
    row = where["catalogue"]["nox_cap"]
    _edit(x, form.CATALOGUE_SHEET, row, "quote", "全省氮氧化物排放总量控制在4.6万吨以内")  # not verbatim
    row_t = where["targets"][("bing", "cod_cap_10k_t")]  # located by its quote
    _edit(x, form.TARGETS_SHEET, row_t, "quote", "丙州 5 8 10 0.3 0.6")  # ASCII spaces where the text has U+3000
    errors = _refused(x, tmp_path / "synthetic-4y")
    assert {(e.sheet, e.row, e.column, e.code) for e in errors} == {
        (form.CATALOGUE_SHEET, row, "quote", "quote-not-in-text"), (form.TARGETS_SHEET, row_t, "quote", "quote-not-in-text")}


def test_years_out_of_order_and_empty_required_cells_are_refused(filled, tmp_path):
    x, where = filled
    _edit(x, form.PLAN_SHEET, where["plan"]["target_year"], "value", 2020)  # base 2020
    _edit(x, form.UNITS_SHEET, where["units"][1], "name_en", None)
    errors = _refused(x, tmp_path / "synthetic-4y")
    got = {(e.sheet, e.row, e.column, e.code) for e in errors}
    assert (form.PLAN_SHEET, where["plan"]["target_year"], "value", "years") in got
    assert (form.UNITS_SHEET, where["units"][1], "name_en", "empty-required") in got


def test_units_above_the_regional_cap_are_shown_never_corrected(filled, tmp_path):
    # a copy of the fixture's text whose regional COD cap is 2.0 (the units' caps still sum to 2.3)
    text = tmp_path / "plan.txt"
    text.write_text(TEXT.read_text(encoding="utf-8").replace("2.3万吨", "2.0万吨"), encoding="utf-8")
    x, where = filled
    row = where["catalogue"]["cod_cap"]
    quote = "全省化学需氧量、氮氧化物排放总量分别控制在2.0万吨、4.6万吨以内"
    _edit(x, form.CATALOGUE_SHEET, row, "value", 2.0)
    _edit(x, form.CATALOGUE_SHEET, row, "value_text", "2.0万吨")
    _edit(x, form.CATALOGUE_SHEET, row, "quote", quote)
    _edit(x, form.CATALOGUE_SHEET, where["catalogue"]["nox_cap"], "quote", quote)
    out, findings = form.import_form(x, text, tmp_path / "synthetic-4y")
    (w,) = [f for f in findings if f.code == "sum-exceeds"]
    assert (w.level, w.sheet, w.row, w.column) == ("warning", form.CATALOGUE_SHEET, row, "value")
    assert "2.3" in w.message and "2" in w.message
    p = load(out)
    assert p.cap("region", "cod") == 2.3  # the units' caps, as printed (1.2 + 0.8 + 0.3)
    from jnjp_analysis.plan import catalogue

    assert catalogue.regional_targets(plan=p).set_index("target_id").loc["cod_cap", "value"] == 2.0


def test_a_damaged_text_or_form_is_refused_without_a_package(filled, tmp_path):
    x, _ = filled
    bad = tmp_path / "plan.txt"
    bad.write_bytes("示例".encode("gbk"))
    with pytest.raises(form.JnjpError, match="not UTF-8"):
        form.import_form(x, bad, tmp_path / "synthetic-4y")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(form.JnjpError, match="not a readable Excel workbook"):
        form.import_form(junk, TEXT, tmp_path / "synthetic-4y")
    assert not (tmp_path / "synthetic-4y").exists()


# ------------------------------------------------------------------------------------------ the CLI
def _jnjp(*args, cwd):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_the_cli_writes_the_template_and_imports_exit_0_or_2(tmp_path):
    x = tmp_path / "plan.xlsx"
    r = _jnjp("plan", "template", x, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = _jnjp("plan", "template", x, cwd=tmp_path)
    assert r.returncode == 2 and "exists" in r.stderr and "Traceback" not in r.stderr
    where = fill(x)
    r = _jnjp("plan", "import", x, "--text", TEXT, tmp_path / "synthetic-4y", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "info: " in r.stdout and "wrote " in r.stdout and "Traceback" not in r.stderr
    r = _jnjp("plan", "check", tmp_path / "synthetic-4y", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    _edit(x, form.TARGETS_SHEET, where["targets"][("jia", "intensity_cut_pct")], "value", 0.19)
    r = _jnjp("plan", "import", x, "--text", TEXT, tmp_path / "other" / "synthetic-4y", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stdout + r.stderr
    assert "did you mean 19?" in r.stdout and "refused: 1 error(s)" in r.stdout
    assert not (tmp_path / "other" / "synthetic-4y").exists()
    r = _jnjp("plan", "import", tmp_path / "missing.xlsx", "--text", TEXT, tmp_path / "synthetic-4y", cwd=tmp_path)
    assert r.returncode == 2 and "not found" in r.stderr and "Traceback" not in r.stderr


# ---------------------------------------------------------------------------------- LibreOffice
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: Debian package "
                                            "libreoffice-calc-nogui; `make test` installs it as root")
def test_a_form_resaved_by_libreoffice_imports_to_the_same_package(filled, tmp_path):
    x, _ = filled
    a, _ = form.import_form(x, TEXT, tmp_path / "a" / "synthetic-4y")
    lo = tmp_path / "lo"
    lo.mkdir()
    r = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                        "--convert-to", "xlsx", "--outdir", str(lo), str(x)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    b, _ = form.import_form(lo / "plan.xlsx", TEXT, tmp_path / "b" / "synthetic-4y")
    assert _files(a) == _files(b)


# ----------------------------------------------------------------------------------- issue 28
def test_a_reimport_keeps_the_analysts_files(filled, tmp_path):
    x, _ = filled
    out = tmp_path / "synthetic-4y"
    form.import_form(x, TEXT, out)
    record = out / "records" / "record.csv"
    header = record.read_text(encoding="utf-8")
    mine = header + "jia,2021,energy_10k_tce,101,final,my yearbook\n"  # the analyst's own row (kept as typed)
    record.write_text(mine, encoding="utf-8")
    (out / "NOTES.md").write_text("my notes", encoding="utf-8")
    scen = (out / "scenarios.csv").read_text(encoding="utf-8") + "# edited\n"
    (out / "scenarios.csv").write_text(scen, encoding="utf-8")
    _, findings = form.import_form(x, TEXT, out, force=True)
    assert record.read_text(encoding="utf-8") == mine
    assert (out / "NOTES.md").read_text(encoding="utf-8") == "my notes"
    assert (out / "scenarios.csv").read_text(encoding="utf-8") == scen
    assert {f.code for f in findings if f.code == "kept"} == {"kept"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "synthetic-4y"]


def test_an_interrupt_during_the_swap_leaves_the_old_package(filled, tmp_path, monkeypatch):
    x, _ = filled
    out = tmp_path / "synthetic-4y"
    form.import_form(x, TEXT, out)
    before = _files(out)
    monkeypatch.setattr(form_write, "_exchange", lambda a, b: False)  # the two-rename path
    real = os.rename
    calls = []

    def rename(a, b):
        calls.append((a, b))
        if len(calls) == 2:  # Ctrl-C between moving the old package aside and moving the new one in
            raise KeyboardInterrupt
        return real(a, b)

    monkeypatch.setattr(form_write.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        form.import_form(x, TEXT, out, force=True)
    monkeypatch.setattr(form_write.os, "rename", real)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "synthetic-4y"]


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_the_form_reads_by_position_as_the_loader_does(filled, tmp_path):
    x, where = filled
    # 甲市's NOx cap 2.5 typed as its intensity cut (甲市　19　100　21　1.2　2.5: column 5, not 1)
    r1 = where["targets"][("jia", "intensity_cut_pct")]
    _edit(x, form.TARGETS_SHEET, r1, "value", 2.5)
    _edit(x, form.TARGETS_SHEET, r1, "value_text", "2.5")
    # the base year 2024 where the text measures from 2020 (比2020年) and sets targets for 2024 (到2024年)
    _edit(x, form.PLAN_SHEET, where["plan"]["base_year"], "value", 2021)
    # the regional COD cap read from the list's second place (化学需氧量、氮氧化物…分别控制在2.3万吨、4.6万吨以内)
    r3 = where["catalogue"]["cod_cap"]
    _edit(x, form.CATALOGUE_SHEET, r3, "value", 4.6)
    _edit(x, form.CATALOGUE_SHEET, r3, "value_text", "4.6万吨")
    errors = _refused(x, tmp_path / "synthetic-4y")
    got = {(e.sheet, e.row, e.code) for e in errors}
    assert got == {(form.TARGETS_SHEET, r1, "wrong-column"), (form.PLAN_SHEET, where["plan"]["base_year"],
                                                                "period-not-text"),
                   (form.CATALOGUE_SHEET, r3, "value-other-indicator")}


def test_an_implausible_base_or_increment_is_warned():
    # 拉萨市's 215 and 90 (Tibet's annex 1, line 56) typed swapped: an increment of 215 on a base of 90
    from jnjp_analysis.plan import rules

    rep = rules.Report("form")
    rules.check_energy_plausible(rep, {"lhasa": (90.0, 215.0), "a": (100.0, 20.0), "b": (50.0, 12.0),
                                       "c": (80.0, 18.0)},  # the others' increments are 20 %, 24 % and 22.5 % of base
                                 {"lhasa": "拉萨市"}, {"lhasa": {"row": 7}, "a": {}, "b": {}, "c": {}})
    (w,) = rep.findings
    assert (w.level, w.code, w.row) == ("warning", "implausible-increment", 7)
    assert w.hint == "are the base and the increment swapped?"


def test_a_title_the_text_prints_with_stray_spaces_is_found(filled, tmp_path):
    x, where = filled
    # the text prints 示例省“十四五”节能减排方案（测试用虚构文本） (line 1); typed with spaces, as PDF copies have them
    _edit(x, form.PLAN_SHEET, where["plan"]["title"], "value", "示例省 “十四五” 节能减排方案（测试用虚构文本）")
    _, findings = form.import_form(x, TEXT, tmp_path / "synthetic-4y")
    assert not [f for f in findings if f.code == "not-in-text"]
    _edit(x, form.PLAN_SHEET, where["plan"]["title"], "value", "示例省“十五五”节能减排方案")  # not the text's
    _, findings = form.import_form(x, TEXT, tmp_path / "synthetic-4y", force=True)
    assert [(f.level, f.row) for f in findings if f.code == "not-in-text"] == [("warning", where["plan"]["title"])]
