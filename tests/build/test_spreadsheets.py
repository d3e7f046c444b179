"""Record forms as offices save them (issue 21): a filled form re-saved by a real office client,
LibreOffice headless, as .xlsx and as .ods (LibreOffice's and many WPS users' default), reads back
equal to the original — through the same validation and messages. Skipped, saying why, where
LibreOffice is missing (`make test` installs Debian's libreoffice-calc-nogui as root)."""

import datetime as dt
import shutil
import subprocess

import pandas as pd
import pytest

from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.records import core as records
from jnjp_analysis.records import form as record_template

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: Debian package "
                                                         "libreoffice-calc-nogui; `make test` installs it as root")]


def _filled_form(tmp_path):
    from openpyxl import load_workbook

    x = record_template.write(tmp_path / "form.xlsx", ["region", "lhasa"], plan=TIBET)  # with the shipped values
    wb = load_workbook(x)
    ws = wb["拉萨 lhasa"]
    # invented values, labelled as such: 225 and 10 % in 2016; a date typed as a date (a serial number
    # with a date format), as an office would
    for row in ws.iter_rows(min_row=8):
        key = (row[0].value, row[1].value)
        if key in {(2016, "energy_10k_tce"): 1, (2016, "gdp_growth"): 1}:
            row[4].value = 225 if key[1] == "energy_10k_tce" else 0.1
            row[5].value, row[6].value, row[7].value = "final", "Test yearbook (invented)", "测试统计局"
            row[8].value = dt.date(2017, 5, 31)
            row[10].value = "“全年能源消费总量225万吨标准煤”"
    wb.save(x)
    return x


def _resave(src, fmt, out):
    out.mkdir()
    r = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{out.parent / 'lo-profile'}", "--headless",
                        "--convert-to", fmt, "--outdir", str(out), str(src)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    (f,) = out.glob(f"*.{fmt}")
    return f


def _comparable(rec):
    return rec.data.drop(columns=["file"]).reset_index(drop=True)


def test_a_form_resaved_by_libreoffice_as_xlsx_and_ods_reads_back_equal(tmp_path):
    x = _filled_form(tmp_path)
    original = records.load(x, plan=TIBET)
    assert original.value("lhasa", 2016, "energy_10k_tce") == 225
    assert original.data.set_index(["unit", "year", "indicator"]).loc[("lhasa", 2016, "gdp_growth"), "source_date"] == \
        "2017-05-31"
    # the shipped region values the form is prefilled with include the three estimates (issue 18): the
    # status comes back from the form's drop-down cell, so they stay shown and unused
    est = {(r.year, r.indicator): r.value for r in original.estimates().itertuples()}
    assert est == {(2016, "gdp_growth"): 0.115, (2016, "gdp_current_100m_yuan"): 1148, (2019, "gdp_growth"): 0.09}
    assert original.value("region", 2016, "gdp_growth") is None
    for fmt in ("xlsx", "ods"):
        again = records.load(_resave(x, fmt, tmp_path / fmt), plan=TIBET)
        pd.testing.assert_frame_equal(_comparable(again), _comparable(original))
        assert [w.code for w in again.warnings] == [w.code for w in original.warnings]
        assert len(again.estimates()) == 3 and again.value("region", 2019, "gdp_growth") is None


def test_an_error_in_an_ods_form_names_its_sheet_row_and_column(tmp_path):
    from openpyxl import load_workbook

    x = _filled_form(tmp_path)
    wb = load_workbook(x)
    ws = wb["拉萨 lhasa"]
    for row in ws.iter_rows(min_row=8):
        if (row[0].value, row[1].value) == (2017, "gdp_growth"):
            row[4].value, where = 7.8, row[0].row  # percent typed for a fraction
    wb.save(x)
    ods = _resave(x, "ods", tmp_path / "ods")
    (e,) = records.check(ods, plan=TIBET).errors
    assert (e.sheet, e.row, e.column, e.code) == ("拉萨 lhasa", where, "value", "fraction-out-of-range")
    assert e.hint.startswith("did you mean 0.078?")
