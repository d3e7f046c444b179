"""The regional target catalogue and the reconciliation.

Expected sums worked by hand from annex 2 (e.g. NH3-N: .119+.079+.058+.029+.035+.017+.007 = .344)
and annex 1 (215+78+51+26+54+20+12 = 456; 90+59+46+17+24+17+8 = 261).
"""

import math
import re

import pytest

from jnjp_analysis.plan import catalogue as targets
from jnjp_analysis.plan.load import load as _load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted


def test_every_quote_is_in_the_raw_text_and_every_value_in_its_quote(plan_text):
    df = targets.regional_targets(plan=TIBET)
    flat = plan_text
    for r in df.itertuples():
        assert r.quote in flat, r.target_id
        assert r.value_text in r.quote, r.target_id
        if not math.isnan(r.value) and re.search(r"\d", r.value_text):
            # the digits as printed give the value
            assert float(re.sub(r"[^\d.]", "", r.value_text)) == r.value, r.target_id
        assert r.clause.startswith("(") and r.clause.endswith(")")


def test_catalogue_holds_the_required_targets():
    df = targets.regional_targets(plan=TIBET).set_index("target_id")
    expect = {  # value, unit fragment: read off the plan body
        "energy_intensity": (10, "%"), "cod_cap": (2.9, "10^4 t"), "nh3n_cap": (0.3, "10^4 t"),
        "so2_cap": (0.5, "10^4 t"), "nox_cap": (5.3, "10^4 t"), "clean_energy_share": (55, "%"),
        "new_buildings_standard": (100, "%"), "lhasa_stop_coverage": (100, "%"),
        "lhasa_buses_per_10k": (16, "buses"), "lhasa_transit_share": (60, "%"),
        "seats_stop_coverage": (70, "%"), "seats_buses_per_10k": (14, "buses"),
        "seats_transit_share": (50, "%"), "public_energy_per_area": (9, "%"),
        "public_energy_per_capita": (10, "%"), "public_water_per_capita": (15, "%"),
        "fertiliser_pesticide_use": (0, "%"), "fertiliser_utilisation": (30, "%"),
    }
    for tid, (value, unit) in expect.items():
        assert df.loc[tid, "value"] == value, tid
        assert unit in df.loc[tid, "unit"], tid
        assert df.loc[tid, "target_year"] == 2020
    assert df.loc["energy_intensity", "clause"] == "(二)"
    assert df.loc["lhasa_buses_per_10k", "clause"] == "(八)"
    assert df.loc["public_water_per_capita", "clause"] == "(十一)"
    assert df.loc["energy_intensity", "base_year"] == 2015
    assert df.loc["lhasa_transit_share", "scope"] == "lhasa"
    assert df.loc["seats_transit_share", "scope"] == "other_seats"


def test_a_quote_missing_from_the_text_is_refused(altered_plan):
    p = altered_plan("达到 55%以上", "达到 50%以上")
    with pytest.raises(targets.CatalogueError, match="clean_energy_share"):
        targets.regional_targets(p, plan=TIBET)


def test_reconciliation_shows_the_overshooting_caps():
    # annex 2 column sums against the regional caps of the plan body (NH3-N 0.3, SO2 0.5, COD 2.9, NOx 5.3):
    # NH3-N .119+.079+.058+.029+.035+.017+.007 = .344 (exceeds 0.3 by .044)
    # SO2   .157+.048+.099+.002+.047+.108+.077 = .538 (exceeds 0.5)
    # COD   1.160+.631+.444+.203+.246+.130+.069 = 2.883 (within 2.9)
    # NOx   1.750+.574+.994+.681+.456+.527+.291 = 5.273 (within 5.3)
    rec = targets.reconcile(plan=TIBET).set_index("check")
    assert rec.loc["nh3n_cap_sum", "units_sum"] == pytest.approx(0.344)
    assert rec.loc["nh3n_cap_sum", "status"] == "exceeds"
    assert rec.loc["so2_cap_sum", "units_sum"] == pytest.approx(0.538)
    assert rec.loc["so2_cap_sum", "status"] == "exceeds"
    assert rec.loc["cod_cap_sum", "units_sum"] == pytest.approx(2.883)
    assert rec.loc["cod_cap_sum", "status"] == "within"
    assert rec.loc["nox_cap_sum", "units_sum"] == pytest.approx(5.273)
    assert rec.loc["nox_cap_sum", "status"] == "within"
    assert rec.loc["nh3n_cap_sum", "difference"] == pytest.approx(0.044)


def test_reconciliation_energy_totals():
    rec = targets.reconcile(plan=TIBET).set_index("check")
    assert rec.loc["energy_base_sum", "units_sum"] == 456
    assert rec.loc["increment_sum", "units_sum"] == 261
    assert rec.loc["cap_target_sum", "units_sum"] == 717
    # (717/456)^(1/5) - 1: ln(717/456) = 0.452583, /5 = 0.090517, e^x - 1 = 0.09474
    assert rec.loc["cap_average_growth", "units_sum"] == pytest.approx(9.474, abs=0.001)
    # (215*12 + 78*9 + 51*9 + 26*11 + 54*10 + 20*9 + 12*10) / 456
    # = (2580 + 702 + 459 + 286 + 540 + 180 + 120) / 456 = 4867 / 456 = 10.6732 (> the regional 10)
    assert rec.loc["intensity_cut_weighted", "units_sum"] == pytest.approx(10.6732, abs=1e-4)
    assert rec.loc["intensity_cut_weighted", "status"] == "stricter"


def test_cli_data_and_check(tmp_path, capsys):
    from jnjp_analysis import cli

    assert cli.main(["data", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "reconciliation.csv").exists()
    assert cli.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "nh3n_cap_sum" in out and "exceeds" in out and "0.344" in out
