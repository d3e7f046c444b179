"""Hostile and careless records (issue 20): a record must not be able to put a wrong number on a
published page. Each case names the error or warning it must give; the numbers in the comments are
worked by hand from the plan's annexes (annex 1: 拉萨 base 215, cap 305; 日喀则 78, 137; 林芝 26, 43;
the region 456, 717 as their sums; annex 2: 阿里 COD cap 0.069, SO2 cap 0.077 × 10^4 t).

The companion of tests/test_hostile_inputs.py (the build, the CLI, the caches)."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis import checks
from jnjp_analysis.build import reports
from jnjp_analysis.pages import record_view, words
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.records import assessment, decomposition, warning
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

HEAD = ["unit", "year", "indicator", "value", "status", "source_title", "source_issuer", "source_date", "source_url",
        "source_quote", "note"]
JNJP = str(Path(sys.executable).parent / "jnjp")


def _rec(tmp_path, *rows, name="rec.csv") -> Path:
    """A record file: each row (unit, year, indicator, value[, source_title[, source_quote]]), status
    final, issuer and date filled in."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD)
    for r in rows:
        unit, year, ind, value, *rest = r
        title = rest[0] if rest else "Test yearbook"
        quote = rest[1] if len(rest) > 1 else ""
        w.writerow([unit, year, ind, value, "final", title, "test office", "2017", "", quote, ""])
    f = tmp_path / name
    f.write_text(buf.getvalue(), encoding="utf-8")
    return f


def _codes(res, level=None):
    return sorted(f.code for f in res.findings if level is None or f.level == level)


def _one(res, code):
    (f,) = [f for f in res.findings if f.code == code]
    return f


# ------------------------------------------------------------------- plausible-looking wrong numbers
def test_a_unit_slip_in_one_year_is_refused_with_the_plans_base_as_the_hint(tmp_path):
    # 拉萨 2016 keyed as 2.3 for 230: 2.3 / 215 = 0.0107, below 0.316 × 215 = 67.9; 10^-2 away from 230
    res = records.check(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "2.3")), plan=TIBET)
    e = _one(res, "implausible-amount")
    assert not res.ok and (e.row, e.column, e.level) == (2, "value", "error")
    assert e.hint == "230 × 10^4 tce? the plan's base for 拉萨市 is 215"


def test_a_series_in_tce_instead_of_10k_tce_is_refused_row_by_row(tmp_path):
    # 2,300,000 tce = 230 × 10^4 tce: 2,300,000 / 305 = 7,541 × the cap, far above 3.16 × 305 = 963.8
    res = records.check(_rec(tmp_path, *[("lhasa", y, "energy_10k_tce", v) for y, v in
                                         ((2016, 2300000), (2017, 2450000), (2018, 2600000))]), plan=TIBET)
    errs = [f for f in res.errors if f.code == "implausible-amount"]
    assert [f.row for f in errs] == [2, 3, 4]
    assert [f.hint.split(" ×")[0] for f in errs] == ["230", "245", "260"]  # each moved by 10^4


def test_a_pollutant_in_tonnes_is_refused(tmp_path):
    # 阿里 COD 690 t keyed as 690 × 10^4 t: 690 / 0.069 = 10,000 × the cap (limit 31.6)
    res = records.check(_rec(tmp_path, ("ngari", 2016, "cod_10k_t", "690")), plan=TIBET)
    assert _one(res, "implausible-amount").hint == "0.069 × 10^4 t? the plan's cap for 阿里地区 is 0.069"


def test_a_value_far_from_the_plan_but_possible_is_accepted_and_flagged(tmp_path):
    # 昌都 300 against base 51 and cap 97: above 1.25 × 97 = 121.25, below 3.16 × 97 = 306.5
    # 阿里 SO2 0.6 against cap 0.077: 7.79 ×, beyond 5 ×, within 31.6 ×
    res = records.check(_rec(tmp_path, ("chamdo", 2016, "energy_10k_tce", "300"), ("ngari", 2016, "so2_10k_t", "0.6")), plan=TIBET)
    assert res.ok and _codes(res) == ["far-from-cap", "far-from-plan"]
    assert "is 7.79 × the plan's cap 0.077" in words.finding_message(_one(res, "far-from-cap"), plan=TIBET)


@pytest.mark.parametrize("value, code, level", [
    ("0.5", "implausible-rate", "error"),  # 50 %/yr real growth: a slip
    ("-0.999999", "implausible-rate", "error"),
    ("0.2", "unusual-rate", "warning"),  # 20 %/yr: possible, but beyond +15 %
    ("-0.08", "unusual-rate", "warning"),
])
def test_real_growth_outside_what_chinese_statistics_show(tmp_path, value, code, level):
    res = records.check(_rec(tmp_path, ("lhasa", 2017, "gdp_growth", value)), plan=TIBET)
    assert [(f.code, f.level) for f in res.findings] == [(code, level)]


def test_the_growth_hint_guesses_a_tenfold_slip_only_where_it_lands_in_the_usual_range(tmp_path):
    assert _one(records.check(_rec(tmp_path, ("lhasa", 2017, "gdp_growth", "0.5")), plan=TIBET), "implausible-rate").hint == \
        "did you mean 0.05? fractions: 0.078 for 7.8 %"
    assert _one(records.check(_rec(tmp_path, ("lhasa", 2017, "gdp_growth", "-0.999999")), plan=TIBET), "implausible-rate").hint == \
        "a real rate between -0.25 and 0.35 (fraction (0.078 = 7.8 %))"


def test_an_intensity_change_is_checked_against_energy_and_growth_on_the_plans_base(tmp_path):
    # 日喀则 2016 without a 2015 row: the plan's base 78; (80 / 78) / 1.10 − 1 = 1.025641 / 1.1 − 1 = −0.067599
    res = records.check(_rec(tmp_path, ("shigatse", 2016, "energy_10k_tce", "80"), ("shigatse", 2016, "gdp_growth", "0.1"),
                             ("shigatse", 2016, "intensity_change", "0.03")), plan=TIBET)
    w = _one(res, "inconsistent")
    assert res.ok and words.finding_message(w, plan=TIBET) == "shigatse 2016: intensity change +0.0300, but energy and growth in the record give -0.0676"


def test_an_intensity_change_with_the_sign_flipped_is_refused(tmp_path):
    # +0.0676 against the −0.067599 worked above: the same change, the other sign
    res = records.check(_rec(tmp_path, ("shigatse", 2016, "energy_10k_tce", "80"), ("shigatse", 2016, "gdp_growth", "0.1"),
                             ("shigatse", 2016, "intensity_change", "0.0676")), plan=TIBET)
    assert not res.ok and _codes(res, "error") == ["sign-slip"] and _one(res, "sign-slip").row == 4


def test_an_average_that_contradicts_the_annual_growth_is_flagged(tmp_path):
    # 拉萨 10 % in 2016 and 2017: the geometric mean is 10.00 %/yr, not the 12 % stated
    res = records.check(_rec(tmp_path, ("lhasa", 2016, "gdp_growth", "0.10"), ("lhasa", 2017, "gdp_growth", "0.10"),
                             ("lhasa", 2017, "gdp_growth_avg", "0.12")), plan=TIBET)
    assert words.finding_message(_one(res, "average"), plan=TIBET) == "lhasa: average growth 2016–2017 of 12.00 %/yr, but the annual growth gives 10.00 %/yr"
    # 1.10 × 1.08 = 1.188, √1.188 = 1.089954: an average of 9.0 % agrees within 0.1 point
    ok = records.check(_rec(tmp_path, ("lhasa", 2016, "gdp_growth", "0.10"), ("lhasa", 2017, "gdp_growth", "0.08"),
                            ("lhasa", 2017, "gdp_growth_avg", "0.09"), name="ok.csv"), plan=TIBET)
    assert "average" not in _codes(ok)


def test_prefectures_that_already_exceed_the_region_are_flagged_before_all_are_known(tmp_path):
    # 拉萨 230 + 日喀则 80 + 昌都 55 = 365 > the region's 300 (two of seven would have waited for all seven)
    res = records.check(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "230"), ("shigatse", 2016, "energy_10k_tce", "80"),
                             ("chamdo", 2016, "energy_10k_tce", "55"), ("region", 2016, "energy_10k_tce", "300")), plan=TIBET)
    w = _one(res, "partial-sum")
    assert words.finding_message(w, plan=TIBET) == ("energy_10k_tce 2016: 3 prefecture(s) (lhasa, shigatse, chamdo) already sum to 365, above the "
                         "region's 300 10^4 tce")
    assert words.finding_text(w, "zh") == "2016年能源消费总量：已有数据的3个地（市）（拉萨市，日喀则市，昌都市）合计365，已超过全区的300"


def test_the_shipped_record_passes_every_plausibility_check():
    res = records.check(plan=TIBET)
    # no error and no plausibility warning: the three findings say its estimates are not used (issue 18)
    assert res.ok and [f.code for f in res.findings] == ["estimate"] * 3


# ---------------------------------------------------------------------- numbers a user may type
@pytest.mark.parametrize("cell, hint", [
    ("1_000", "no digit separators: 1000 for 1_000"),
    ("２３０", "write ASCII digits: 230 for ２３０"),
    ("٢٣٠", "write ASCII digits: 230 for ٢٣٠"),
    ("1,230", "no thousands separators (1234.5, not 1,234.5)"),
])
def test_digits_python_would_take_are_refused_as_not_plain(tmp_path, cell, hint):
    res = records.check(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", cell)), plan=TIBET)
    (e,) = res.errors
    assert e.code == "not-a-number" and e.hint == hint and e.row == 2


def test_a_full_width_year_is_refused(tmp_path):
    (e,) = records.check(_rec(tmp_path, ("lhasa", "２０１９", "energy_10k_tce", "230")), plan=TIBET).errors
    assert (e.code, e.column, e.hint) == ("bad-year", "year", "write ASCII digits: 2019 for ２０１９")


def test_a_full_width_number_does_not_reach_the_build(tmp_path, capsys):
    f = _rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "２３０"))
    assert reports.main(_build_args(tmp_path / "out", f)) == 2
    err = capsys.readouterr().err
    assert "'２３０' is not a plain number" in err and "Traceback" not in err


def _build_args(out, record):
    import argparse

    return argparse.Namespace(unit=["lhasa"], lang=["en"], jobs=1, out=out, no_overview=True, scenario_file=None,
                              record=record, seed=None, no_progress=True, force=False, pdf=False, explain=False)


# --------------------------------------------------------------------------- files that misbehave
def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "rec.csv"
    os.mkfifo(fifo)
    r = subprocess.run([JNJP, "record", "check", str(fifo)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "is a FIFO (named pipe), not a regular file" in r.stderr and "Traceback" not in r.stderr


def test_a_symlink_loop_and_a_dangling_link_are_named(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(checks.JnjpError, match="is a symbolic link that loops"):
        records.check(a, plan=TIBET)
    (tmp_path / "gone.csv").symlink_to(tmp_path / "nothing.csv")
    with pytest.raises(checks.JnjpError, match="is a symbolic link to nothing"):
        records.load(tmp_path / "gone.csv", plan=TIBET)


@pytest.fixture
def default_csv_field_limit():
    """Python's default field limit (131,072); frictionless raises it for the whole process when imported."""
    old = csv.field_size_limit(131_072)
    yield
    csv.field_size_limit(old)


def test_a_cell_beyond_the_csv_field_limit_is_named_not_a_traceback(tmp_path, default_csv_field_limit):
    f = _rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "230", "x", "q" * 131_073))
    with pytest.raises(checks.JnjpError, match=r"rec\.csv, line \d+: the record cannot be read as CSV: a cell is longer "
                                               r"than 131,072 characters"):
        records.check(f, plan=TIBET)


def test_a_cell_longer_than_the_limit_is_an_error_naming_it(tmp_path):
    # the schema's jnjp:limits: 5,000 characters (a quoted paragraph); a page quotes every cell
    res = records.check(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "230", "x", "q" * 5_001)), plan=TIBET)
    e = _one(res, "cell-too-long")
    assert (e.row, e.column) == (2, "source_quote") and e.message == "a cell of 5,001 characters (the limit is 5,000)"


def test_files_beyond_the_size_and_row_limits_are_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (20 * 1024 * 1024 + 1))  # 20 MB + 1 byte
    with pytest.raises(checks.JnjpError, match=r"big\.csv is 21\.0 MB, above the limit of 21 MB"):
        records.check(big, plan=TIBET)
    monkeypatch.setitem(records.schema(plan=TIBET)["jnjp:limits"], "max_rows", 3)
    with pytest.raises(checks.JnjpError, match="4 rows, above the limit of 3"):
        records.check(_rec(tmp_path, *[("lhasa", y, "energy_10k_tce", "230") for y in (2016, 2017, 2018, 2019)]), plan=TIBET)


def test_duplicates_name_the_first_row_and_checking_stops_after_the_error_limit(tmp_path, monkeypatch):
    res = records.check(_rec(tmp_path, *[("lhasa", 2016, "energy_10k_tce", "230")] * 3), plan=TIBET)
    assert [(e.row, e.hint) for e in res.errors] == [(3, "the first is row 2"), (4, "the first is row 2")]
    monkeypatch.setitem(records.schema(plan=TIBET)["jnjp:limits"], "max_errors", 2)
    res = records.check(_rec(tmp_path, *[("lhasa", 2016, "energy_10k_tce", "230")] * 5 + [("lhasa", 2017, "energy_10k_tce", "x")]), plan=TIBET)
    assert "too-many-errors" in _codes(res) and res.record is None


# ------------------------------------------------------------------------ workbooks as users save them
def _form(tmp_path, unit="lhasa"):
    return record_template.write(tmp_path / "form.xlsx", [unit], prefill=False, plan=TIBET)


def _fill(ws, year, indicator, value):
    for row in ws.iter_rows(min_row=8):
        if (row[0].value, row[1].value) == (year, indicator):
            row[4].value, row[5].value, row[6].value, row[7].value = value, "final", "Test yearbook", "2017"
            return row[0].row
    raise AssertionError((year, indicator))


def test_a_filled_sheet_renamed_like_the_instructions_is_still_read(tmp_path):
    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    ws = wb["拉萨 lhasa"]
    _fill(ws, 2016, "energy_10k_tce", 230)
    ws.title = "说明 lhasa"
    wb.save(x)
    assert list(records.load(x, plan=TIBET).series("lhasa", "energy_10k_tce")) == [230.0]


def test_rows_past_a_declared_dimension_are_read(tmp_path):
    import re
    import zipfile

    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    _fill(wb["拉萨 lhasa"], 2020, "energy_10k_tce", 290)  # the last rows of the sheet
    wb.save(x)
    # a workbook whose <dimension> says A1:B3, as some writers leave it: read-only mode would stop there
    y = tmp_path / "short.xlsx"
    with zipfile.ZipFile(x) as zin, zipfile.ZipFile(y, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data, n = re.subn(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:B3"/>', data)
                assert n == 1
            zout.writestr(item, data)
    assert list(records.load(y, plan=TIBET).series("lhasa", "energy_10k_tce")) == [290.0]


def test_a_formula_without_a_stored_value_is_an_error_naming_the_cell(tmp_path):
    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    row = _fill(wb["拉萨 lhasa"], 2016, "energy_10k_tce", "=200+30")  # openpyxl stores no value for it
    wb.save(x)
    (e,) = records.check(x, plan=TIBET).errors
    assert (e.code, e.sheet, e.row, e.column) == ("formula-without-value", "拉萨 lhasa", row, "E")
    assert e.message == f"cell E{row} holds the formula '=200+30' but no value"


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    x = _form(tmp_path)
    monkeypatch.setitem(records.schema(plan=TIBET)["jnjp:limits"], "max_unzipped_mb", 0.001)  # 1 kB: any form is above
    with pytest.raises(checks.JnjpError, match=r"form\.xlsx: the workbook unpacks to .* MB, above the limit"):
        records.check(x, plan=TIBET)


def test_the_template_does_not_overwrite_a_filled_form(tmp_path, capsys):
    from jnjp_analysis import cli

    x = _form(tmp_path)
    before = x.read_bytes()
    assert cli.main(["record", "template", str(x)]) == 2
    assert "exists (a filled form?): it is not replaced" in capsys.readouterr().err and x.read_bytes() == before
    assert cli.main(["record", "template", str(x), "--force", "-u", "lhasa", "--empty"]) == 0


@pytest.mark.parametrize("suffix", [".et", ".numbers", ".xls"])
def test_other_spreadsheet_formats_are_refused_in_one_sentence(tmp_path, suffix):
    f = tmp_path / f"form{suffix}"
    f.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(checks.JnjpError) as exc:
        records.check(f, plan=TIBET)
    assert str(exc.value) == (f"{f}: a {suffix} spreadsheet, which is not read: save it as .xlsx (Excel Workbook), "
                              ".ods (OpenDocument) or CSV UTF-8")


def test_a_file_named_ods_that_is_not_one_is_named(tmp_path):
    f = tmp_path / "form.ods"
    f.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(checks.JnjpError, match=r"form\.ods: not a readable OpenDocument spreadsheet \(\.ods\)"):
        records.check(f, plan=TIBET)


# -------------------------------------------------------------------------------- the API
@pytest.mark.parametrize("call, message", [
    (lambda r: r.series("lasa", "energy_10k_tce"), "unknown unit 'lasa': did you mean 'lhasa'?"),
    (lambda r: r.series("lhasa", "energy"), "unknown indicator 'energy' (did you mean 'energy_10k_tce'?)"),
    (lambda r: r.series(["lhasa"], "energy_10k_tce"), "unit must be a string"),
    (lambda r: r.value("拉萨市", 2016, "gdp_growth"), "write 'lhasa' for 拉萨市"),
    (lambda r: assessment.observed_pacing(r, "Lhasa", plan=r.plan), "unknown unit 'Lhasa'"),
    (lambda r: assessment.coverage(r, "tibet", plan=r.plan), "write 'region' for the whole region"),
    (lambda r: record_template.write("/nonexistent/x.xlsx", "lhasa", plan=TIBET), "units must be a list of values, got the string"),
    (lambda r: record_template.write("/nonexistent/x.xlsx", [], plan=TIBET), "units is empty"),
    (lambda r: record_template.write("/nonexistent/x.xlsx", ["lhasa", "lhasa"], plan=TIBET), "unit(s) ['lhasa'] named twice"),
    (lambda r: reports.validate("lhasa", None), "units must be a list of values, got the string 'lhasa'"),
    (lambda r: reports.validate([], None), "units is empty"),
    (lambda r: reports.validate(["lhasa", "拉萨"], None), "name a unit twice"),
    (lambda r: reports.validate(None, ["en", "en"]), "languages: ['en'] named more than once"),
])
def test_the_api_refuses_wrong_types_empty_repeated_and_unknown_names(call, message):
    with pytest.raises(checks.JnjpError) as exc:
        call(records.load(plan=TIBET))
    assert message in str(exc.value), str(exc.value)


# --------------------------------------------------------------------- pages that agree with themselves
def test_one_base_per_page_the_plans(tmp_path):
    # 拉萨 2015 recorded as 220 (the plan's base is 215): flagged, and LMDI uses 215 like the lights:
    # 2016 at 230 with 10 % growth: change 230 − 215 = +15.0
    f = _rec(tmp_path, ("lhasa", 2015, "energy_10k_tce", "220"), ("lhasa", 2016, "energy_10k_tce", "230"),
             ("lhasa", 2016, "gdp_growth", "0.10"))
    rec = records.load(f, with_shipped=True, plan=TIBET)
    # the base, and a gap: Lhasa's growth is recorded for 2016 and (shipped) 2019-2020, not 2017-2018
    assert [w.code for w in rec.warnings_for("lhasa")] == ["base", "gap"]
    lm = decomposition.lmdi(rec, "lhasa", plan=rec.plan)
    assert lm.attrs["energy_base_10k_tce"] == 215 and lm["change_10k_tce"].tolist() == [15.0]
    assert assessment.observed_pacing(rec, "lhasa", plan=rec.plan)["table"]["increment_used_share"].tolist() == [pytest.approx(15 / 90)]


def _record_above_the_cap_in_2017(tmp_path):
    # 拉萨, growth 10 % each year: 2016 225 (cut 1 − (225/215)/1.1 = 0.048626 ≥ 0.025243, under the path 230.57:
    # green); 2017 310 (above the cap 305; intensity rose: 310/225 = 1.377778 > 1.1: red); 2018 240 (index
    # (240/215)/1.1³ = 1.116279/1.331 = 0.838677, cut 16.13 % ≥ 7.38 %; 240 ≤ the path 265.2: green)
    return _rec(tmp_path, *[r for y, e in ((2016, 225), (2017, 310), (2018, 240))
                            for r in (("lhasa", y, "energy_10k_tce", str(e)), ("lhasa", y, "gdp_growth", "0.10"))])


def test_the_warning_list_counts_every_year_not_only_the_latest(tmp_path):
    rec = records.load(_record_above_the_cap_in_2017(tmp_path), with_shipped=True, plan=TIBET)
    p = assessment.observed_pacing(rec, "lhasa", plan=rec.plan)["table"]
    assert list(p["light"]) == ["green", "red", "green"]
    w = warning.early_warning(rec, plan=rec.plan).set_index("unit").loc["lhasa"]
    assert (w["year"], w["light"], w["years"], w["cap_exceeded"], w["intensity_rose"]) == (2018, "red", "2017", True, True)


def test_the_ceiling_text_does_not_say_the_cap_never_bound_beside_a_record_above_it(tmp_path):
    f = _record_above_the_cap_in_2017(tmp_path)
    text = record_view.RecordSection("lhasa", "en", str(f))._ceiling_text()
    assert "never bound" not in text and "the recorded consumption of 310.0 in 2017 is above the cap of 305" in text
    zh = record_view.RecordSection("lhasa", "zh", str(f))._ceiling_text()
    assert "从未起约束作用" not in zh and "2017年的能源消费310.0万吨标准煤已超过总量上限305" in zh


def test_no_rounding_range_for_a_complete_annual_series(tmp_path):
    # 拉萨 10 % every year: 215 × 1.1^5 × 0.88 = 215 × 1.61051 × 0.88 = 304.7 — one number, no range
    f = _rec(tmp_path, *[("lhasa", y, "gdp_growth", "0.10") for y in range(2016, 2021)])
    text = record_view.RecordSection("lhasa", "en", str(f))._ceiling_text()
    assert "about 304.7 × 10^4 tce in 2020, under the cap" in text and "within the rounding" not in text


def test_lights_that_stop_at_a_gap_say_so(tmp_path):
    # 日喀则 energy 2016, 2017 and 2019: the lights stop in 2017, the record does not end there
    f = _rec(tmp_path, *[("shigatse", y, "energy_10k_tce", e) for y, e in ((2016, "80"), (2017, "85"), (2019, "95"))])
    text = record_view.RecordSection("shigatse", "en", str(f))._pacing_text()
    assert "The lights stop in 2017: the record has no energy or intensity figure for 2018 (it has some up to 2019)." in text
    assert "The record ends in 2017" not in text


def test_warnings_are_in_the_pages_language_and_escaped_once(tmp_path):
    f = _rec(tmp_path, ("shigatse", 2016, "energy_10k_tce", "80"), ("shigatse", 2018, "energy_10k_tce", "90"))
    zh = record_view.RecordSection("shigatse", "zh", str(f)).summary()
    assert "- 日喀则市能源消费总量：2016–2018年之间缺少2017年的数值" in zh
    en = record_view.RecordSection("shigatse", "en", str(f)).summary()
    assert "- Shigatse total energy consumption: no value for 2017 between 2016 and 2018" in en


def test_an_apostrophe_in_user_text_reaches_the_page_as_an_apostrophe(tmp_path):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    f = _rec(tmp_path, ("lhasa", 2016, "gdp_growth", "0.1", "the bureau's yearbook"))
    html = markdown2html_mistune(record_view.RecordSection("lhasa", "en", str(f)).sources())
    assert "the bureau's yearbook" in html and "&#x27;" not in html


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_record_check_lists_the_warnings_the_build_shows(tmp_path):
    # a file value that replaces a shipped one: only a build (with the shipped record merged) sees it
    f = _rec(tmp_path, ("region", 2020, "gdp_growth", "0.08"))
    r = subprocess.run([JNJP, "record", "check", str(f)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "region gdp_growth 2020 = 0.08 replaces the shipped value 0.078" in r.stdout
    alone = subprocess.run([JNJP, "record", "check", "--alone", str(f)], capture_output=True, text=True, timeout=120)
    assert "replaces the shipped" not in alone.stdout


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_an_escape_sequence_in_a_file_name_is_printed_as_text(tmp_path):
    f = _rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "x"), name="\x1b[31mred\x1b[0m.csv")
    r = subprocess.run([JNJP, "record", "check", str(f)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "\x1b" not in r.stdout + r.stderr and "\\x1b[31mred\\x1b[0m.csv" in r.stdout


def test_a_record_frame_is_never_modified_by_a_refused_file(tmp_path):
    before = records.load(plan=TIBET).data.copy()
    records.check(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "2.3")), plan=TIBET)
    pd.testing.assert_frame_equal(records.load(plan=TIBET).data, before)


# ------------------------------------------------------------------ found by the review (issue 20)
@pytest.mark.parametrize("year", ["02018", "+2018", "2018.0"])
def test_a_year_not_written_as_four_digits_is_refused_and_cannot_double_a_shipped_value(tmp_path, year):
    res = records.check(_rec(tmp_path, ("region", year, "gdp_growth", "0.09")), with_shipped=True, plan=TIBET)
    assert not res.ok and "bad-year" in _codes(res, "error")


def test_a_shipped_value_replaced_with_another_spelling_of_its_year_is_one_value(tmp_path):
    # "2018" in the file and in the shipped record are one key: the file's 0.09 replaces the shipped 0.091
    rec = records.load(_rec(tmp_path, ("region", "2018", "gdp_growth", "0.09")), with_shipped=True, plan=TIBET)
    assert rec.value("region", 2018, "gdp_growth") == 0.09
    # (and the shipped record's three estimates, shown and not used: region 2016 growth and GDP, 2019 growth)
    assert sorted(w.code for w in rec.warnings) == ["estimate"] * 3 + ["replaces-shipped"]


def _as_ods(xlsx, ods):
    """The workbook's cells, sheet by sheet, written as an OpenDocument spreadsheet (odfpy, through pandas)."""
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    with pd.ExcelWriter(ods, engine="odf") as w:
        for ws in wb.worksheets:
            pd.DataFrame(list(ws.iter_rows(values_only=True))).to_excel(w, sheet_name=ws.title, header=False, index=False)
    return ods


def test_an_ods_cell_that_says_na_is_what_the_user_typed(tmp_path):
    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    row = _fill(wb["拉萨 lhasa"], 2016, "energy_10k_tce", "N/A")
    wb.save(x)
    (e,) = records.check(_as_ods(x, tmp_path / "form.ods"), plan=TIBET).errors
    assert (e.code, e.row, e.value) == ("not-a-number", row, "N/A")  # not read as an empty cell


def test_an_ods_that_expands_beyond_the_limits_is_refused_before_it_is_expanded(tmp_path):
    import re
    import zipfile

    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    _fill(wb["拉萨 lhasa"], 2016, "energy_10k_tce", 230)
    wb.save(x)
    ods = _as_ods(x, tmp_path / "form.ods")
    bomb = tmp_path / "bomb.ods"
    with zipfile.ZipFile(ods) as zin, zipfile.ZipFile(bomb, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":  # one filled row, repeated 10 million times
                data, n = re.subn(rb"<table:table-row>", b'<table:table-row table:number-rows-repeated="10000000">', data, count=1)
                assert n == 1
            zout.writestr(item, data)
    with pytest.raises(checks.JnjpError, match="expands to more than"):
        records.check(bomb, plan=TIBET)


def test_cells_far_to_the_right_are_named_without_reading_every_column(tmp_path):
    from openpyxl import load_workbook

    x = _form(tmp_path)
    wb = load_workbook(x)
    wb["拉萨 lhasa"]["XFD9"] = 230  # a value typed in the last column of the sheet
    wb.save(x)
    (e,) = records.check(x, plan=TIBET).errors
    assert e.code == "extra-cell" and "XFD9" in e.message and e.sheet == "拉萨 lhasa"


def test_a_truncated_sheet_is_a_sentence_not_a_traceback(tmp_path):
    import zipfile

    x = _form(tmp_path)
    y = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(x) as zin, zipfile.ZipFile(y, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet2.xml" else data)
    with pytest.raises(checks.JnjpError, match=r"broken\.xlsx, sheet '拉萨 lhasa': the sheet cannot be read"):
        records.check(y, plan=TIBET)


def test_a_unit_above_its_cap_past_a_gap_is_on_the_warning_list(tmp_path):
    # 拉萨 230 in 2016, nothing in 2017, 320 in 2018: above the cap of 305 (annex 1: 215 + 90)
    rec = records.load(_rec(tmp_path, ("lhasa", 2016, "energy_10k_tce", "230"), ("lhasa", 2018, "energy_10k_tce", "320")),
                       with_shipped=True, plan=TIBET)
    w = warning.early_warning(rec, plan=rec.plan).set_index("unit").loc["lhasa"]
    assert (w["cap_exceeded"], w["years"], w["light"]) == (True, "2018", "red")
    page = record_view.RecordSection("lhasa", "en", str(rec.path))._ceiling_text()
    assert "the recorded consumption of 320.0 in 2018 is above the cap of 305" in page


def test_a_base_year_value_above_the_cap_is_not_called_a_broken_control(tmp_path):
    # the region's 2015 recorded as 800: a base warning (the plan's base is 456), not "both controls were broken"
    f = _rec(tmp_path, ("region", 2015, "energy_10k_tce", "800"))
    res = records.check(f, with_shipped=True, plan=TIBET)
    assert "base" in _codes(res, "warning")
    assert "broken" not in record_view.RecordSection("region", "en", str(f))._ceiling_text()


def test_a_near_zero_intensity_change_is_not_called_a_sign_slip(tmp_path):
    # the region: (501.1 / 456) / 1.10 − 1 = 1.098904 / 1.1 − 1 = −0.0010; a stated +0.0052 differs (a warning),
    # but −0.0010 is no "same change with the other sign"
    res = records.check(_rec(tmp_path, ("region", 2016, "energy_10k_tce", "501.1"), ("region", 2016, "gdp_growth", "0.10"),
                             ("region", 2016, "intensity_change", "0.0052")), plan=TIBET)
    assert res.ok and "inconsistent" in _codes(res, "warning")


def test_curly_quotes_in_english_are_not_marked_chinese():
    from jnjp_analysis.pages import a11y

    out = a11y.mark_languages("<p>It’s the “proxy”: 拉萨市 “西藏自治区数据暂缺”.</p>", "en")
    assert out == '<p>It’s the “proxy”: <span lang="zh-Hans">拉萨市 “西藏自治区数据暂缺”</span>.</p>'
