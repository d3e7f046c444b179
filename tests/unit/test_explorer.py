"""The explorer's numbers (no browser): evaluate() against hand-worked cases and bad settings."""

import pytest

from jnjp_analysis.pages import explorer as ex


def test_plan_consistent_setting_lands_on_both_controls():
    r = ex.evaluate(ex.plan_consistent("lhasa"))
    assert r["binding"] == "both" and r["intensity_met"] and r["cap_met"]
    assert r["energy_target_10k_tce"] == pytest.approx(305)
    assert r["verdict"] == "on_schedule"


def test_region_uses_the_summed_caps_and_the_regional_cut():
    # region: E2015 456, cap 717, cut 10 %: the implied growth is (717/456/0.9)^(1/5) - 1:
    # 717 / 456 = 1.572368, / 0.9 = 1.747076; ln = 0.557944, /5 = 0.111589, e^x - 1 = 11.8053 %
    s = ex.plan_consistent("region")
    assert s.gdp_growth_pct == pytest.approx(11.8053, abs=1e-4)
    r = ex.evaluate(s)
    assert r["energy_target_10k_tce"] == pytest.approx(717)
    assert r["binding"] == "both"


def test_elasticity_setting_by_hand():
    # 日喀则 12 %, elasticity 0.8 (energy +9.6 %/yr): 1.096^5 = 1.581440, 78 * 1.581440 = 123.3523;
    # intensity allows 78 * 1.12^5 * 0.91 = 78 * 1.762342 * 0.91 = 125.0910 (< cap 78 + 59 = 137);
    # headroom 125.0910 - 123.3523 = 1.7387 (as in tests/test_scenarios.py)
    r = ex.evaluate(ex.Setting("shigatse", 12.0, "energy_elasticity", 0.8))
    assert r["energy_target_10k_tce"] == pytest.approx(123.3523, abs=1e-4)
    assert r["headroom_10k_tce"] == pytest.approx(1.7387, abs=1e-4)
    assert r["binding"] == "intensity"


@pytest.mark.parametrize("setting, match", [
    (ex.Setting("lhasa", 25.0, "intensity_cut", 2.0), "gdp_growth_pct = 25.0 is outside"),
    (ex.Setting("lhasa", 10.0, "intensity_cut", 12.0), "pace = 12.0 is outside"),
    (ex.Setting("lhasa", 10.0, "energy_elasticity", -0.5), "pace = -0.5 is outside"),
    (ex.Setting("lhasa", float("nan"), "intensity_cut", 2.0), "gdp_growth_pct"),
    (ex.Setting("lhasa", 10.0, "magic", 2.0), "mode must be one of"),
])
def test_nonsensical_settings_are_rejected(setting, match):
    with pytest.raises(ValueError, match=match):
        ex.evaluate(setting)


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_widgets_bound_the_settings_and_reset_works():
    e = ex.Explorer("en", "chamdo")
    assert (e.growth.min, e.growth.max) == ex.GROWTH_RANGE
    assert (e.cut.min, e.cut.max) == ex.CUT_RANGE
    assert (e.elasticity.min, e.elasticity.max) == ex.ELASTICITY_RANGE
    e.growth.value = 99.0  # the slider clamps what the UI cannot exceed
    assert e.growth.value == ex.GROWTH_RANGE[1]
    e._reset()
    # back to 昌都's implied growth: 97 / (51 * 0.91) = 2.090067; ^(1/5) = 1.158863 -> 15.8863 %
    assert e.growth.value == pytest.approx(15.8863, abs=1e-4)
    assert e.result["binding"] == "both"
    e._copy()
    assert e.rows.value.startswith("explorer,chamdo,gdp_growth,")
    assert len(e.timings) >= 3


def test_the_explorer_map_shows_the_exempt_area_of_a_plan_with_an_incentive_level():
    """The invented synthetic-kinds plan exempts a unit that meets its incentive cut from the total:
    the map's legend names that area (and only there: Tibet's has four)."""
    from pathlib import Path

    plan = str(Path(__file__).parents[1] / "plans" / "synthetic-kinds")
    fig = ex.figure(ex.evaluate(ex.Setting("jia", 10.0, "intensity_cut", 4.0, plan)), "en")
    labels = [t.get_text() for t in fig.axes[2].get_legend().get_texts()]
    assert labels == ["both controls met", "intensity only", "cap only", "neither", "cap exempt (incentive met)"]
    fig = ex.figure(ex.evaluate(ex.plan_consistent("lhasa")), "en")
    assert len(fig.axes[2].get_legend().get_texts()) == 4
