"""The 前松后紧 pacing check. Hand-worked cases in the comments."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jnjp_analysis.model import pacing
from jnjp_analysis.model import trajectory as tr
from jnjp_analysis.pages import words
from jnjp_analysis.plan.load import load

tibet = load("xizang-13fyp")  # Tibet's 13th FYP: base 2015, target 2020, T = 5
LHASA = tibet.targets("lhasa")  # annex 1: 12 %, 215, +90
TIBET_YEARS = tibet.years  # (2016, ..., 2020)


def test_even_path_is_green_every_year_lhasa():
    # 拉萨 cut 12 % (annex 1): even pace 1 - 0.88^(1/5) = 0.025243 (see test_trajectory); on that
    # path the pace still required in every later year is the same 0.025243
    a = tr.even_annual_cut(0.12, 5)
    t = pacing.check([a] * 5, targets=LHASA)
    assert list(t["light"]) == ["green"] * 5
    assert t["required_remaining_cut"].iloc[:4].to_numpy() == pytest.approx([0.025243] * 4, abs=1e-6)
    assert t["required_to_even_ratio"].iloc[:4].to_numpy() == pytest.approx([1.0] * 4)
    assert t["share_of_target_done"].iloc[-1] == pytest.approx(1.0)
    v = pacing.verdict([a] * 5, targets=LHASA)
    assert v["verdict"] == "on_schedule" and v["implausible_from"] is None and v["target_met"]
    assert (t.attrs["base_year"], t.attrs["target_year"], t.attrs["energy_base_10k_tce"]) == (2015, 2020, 215)
    # 0.3.0: a unit's name is refused (the caller passes the plan's targets); 0.1.0's keyword prefecture= is gone
    with pytest.raises(ValueError, match=r"plan.targets\(\"lhasa\"\)"):
        pacing.check([a] * 5, targets="lhasa")
    with pytest.raises(TypeError, match="prefecture"):
        pacing.verdict([a] * 5, prefecture="lhasa")


def test_lights_follow_the_barometer_rule():
    # R = 10 %: even pace a = 0.020852, requirement after one year = 0.020852.
    # 0.0200 misses by 0.000852 = 4.1 % of it -> yellow; 0.0180 misses by 13.7 % -> red;
    # -0.01: intensity rose -> red.
    p = dict(total_cut=0.10, base_year=2015, years=TIBET_YEARS)
    t = pacing.check([0.0200], **p)
    assert t["light"].iloc[0] == "yellow"
    assert pacing.check([0.0180], **p)["light"].iloc[0] == "red"
    assert pacing.check([-0.01], **p)["reason_codes"].iloc[0] == "intensity_rose"
    # the model gives codes, the pages the words
    assert words.with_pacing_reasons(pacing.check([-0.01], **p))["reason"].iloc[0] == "intensity rose"
    # a looser tolerance of 20 % makes 0.0180 yellow
    assert pacing.check([0.0180], **p, yellow_tolerance=0.2)["light"].iloc[0] == "yellow"
    # time-proportional requirement 0.10 * 1/5 = 0.02: 0.0200 is then green
    assert pacing.check([0.0200], **p, requirement="linear")["light"].iloc[0] == "green"
    # 0.3.0: without targets the years are required, never a default plan's
    with pytest.raises(ValueError, match="years is required"):
        pacing.check([0.0200], total_cut=0.10)


def test_consumption_lights():
    # 拉萨: even path 2016 = 230.574 (215 → 305). 232 exceeds by 1.426; 10 % of the 15.574 allowed
    # to date is 1.557 -> yellow. 234 -> red. 310 > cap 305 -> red, "above the 2020 cap".
    rec = lambda e: pd.DataFrame({"year": [2016], "energy_10k_tce": [e]})  # noqa: E731
    assert pacing.check(rec(230.0), targets=LHASA)["light"].iloc[0] == "green"
    assert pacing.check(rec(232.0), targets=LHASA)["light"].iloc[0] == "yellow"
    assert pacing.check(rec(234.0), targets=LHASA)["light"].iloc[0] == "red"
    assert pacing.check(rec(310.0), targets=LHASA)["reason_codes"].iloc[0] == "cap_exceeded"
    assert "2020 cap" in words.with_pacing_reasons(pacing.check(rec(310.0), targets=LHASA))["reason"].iloc[0]
    # the numbers alone, with the period given; 0.1.0's keyword energy_2015= is gone (0.3.0)
    assert pacing.check(rec(232.0), energy_base=215, increment=90, years=TIBET_YEARS)["light"].iloc[0] == "yellow"
    with pytest.raises(TypeError, match="energy_2015"):
        pacing.check(rec(232.0), energy_2015=215, increment=90, years=TIBET_YEARS)


def test_intensity_from_energy_and_gdp():
    # 拉萨 2016: energy 215 -> 220, GDP +10 %: r = 1 - (220/215)/1.10 = 0.069767
    rec = pd.DataFrame({"year": [2016], "energy_10k_tce": [220.0], "gdp_growth": [0.10]})
    # 220 / 215 = 1.023256; / 1.10 = 0.930233; 1 - 0.930233 = 0.069767
    t = pacing.check(rec, targets=LHASA)
    assert t["annual_cut"].iloc[0] == pytest.approx(0.069767, abs=1e-6)
    assert t["light"].iloc[0] == "green"


def test_back_loaded_schedule_is_flagged():
    # all of a 10 % cut in the last year: the first four years do nothing, so the share left for the
    # last year is 100 % against a time share of 20 %: back-loading 0.8
    sched = [0, 0, 0, 0, 0.10]
    v = pacing.verdict(sched, total_cut=0.10, years=TIBET_YEARS)
    assert v["back_loading"] == pytest.approx(0.8)
    assert v["front_loose_back_tight"] and v["verdict"] == "front_loose_back_tight"
    # after year 1 the required pace 1 - 0.9^(1/4) = 0.025996 exceeds the best so far (0)
    assert v["implausible_from"] == 2016


def test_cap_front_loading():
    # 拉萨 uses 275 - 215 = 60 of its 90 increment by 2016: share 60 / 90 = 0.666667 against
    # (230.5742 - 215) / 90 = 0.173047 on the even path (215 * (305/215)^(1/5) = 230.5742);
    # 0.666667 - 0.173047 = 0.493620
    rec = pd.DataFrame({"year": [2016, 2017], "energy_10k_tce": [275.0, 280.0]})
    v = pacing.verdict(rec, targets=LHASA)
    assert v["cap_front_loading"] == pytest.approx(0.493620, abs=1e-5)
    assert v["cap_front_loose"]


def test_bad_records_are_refused():
    with pytest.raises(ValueError, match="none of the columns"):
        pacing.check(pd.DataFrame({"year": [2016], "x": [1]}), targets=LHASA)
    with pytest.raises(ValueError, match="missing \\[2017\\]"):
        pacing.check(pd.DataFrame({"year": [2016, 2018], "intensity_cut": [0.02, 0.02]}), targets=LHASA)
    with pytest.raises(ValueError, match="NaN"):
        pacing.check([0.02, math.nan], targets=LHASA)
    with pytest.raises(ValueError, match="total_cut"):
        pacing.check([0.02], years=TIBET_YEARS)
    with pytest.raises(ValueError, match="requirement"):
        pacing.check([0.02], total_cut=0.1, years=TIBET_YEARS, requirement="fast")
    with pytest.raises(ValueError, match=r"record.year: years \[2021\] outside the plan period 2016-2020"):
        pacing.check(pd.DataFrame({"year": [2021], "intensity_cut": [0.02]}), targets=LHASA)


def _move(cuts, i, j, frac):
    """Move a fraction of year i's log-cut to year j (cumulative unchanged)."""
    logs = -np.log1p(-np.asarray(cuts, float))
    d = frac * logs[i]
    logs[i] -= d
    logs[j] += d
    return list(1 - np.exp(-logs))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=0.08), min_size=5, max_size=5),
       st.integers(0, 3), st.integers(1, 4), st.floats(min_value=0.05, max_value=1.0),
       st.floats(min_value=0.02, max_value=0.3))
@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_moving_cuts_later_never_improves_the_verdict(cuts, i, j, frac, R):
    """Property: moving part of a cut from an earlier to a later year never lowers the back-loading
    measure, never clears the 前松后紧 flag, and keeps the cumulative cut."""
    assume(i < j)
    later = _move(cuts, i, j, frac)
    assert tr.cumulative_cut(later, TIBET_YEARS) == pytest.approx(tr.cumulative_cut(cuts, TIBET_YEARS), abs=1e-12)
    before = pacing.verdict(cuts, total_cut=R, years=TIBET_YEARS)
    after = pacing.verdict(later, total_cut=R, years=TIBET_YEARS)
    assert after["back_loading"] >= before["back_loading"] - 1e-12
    assert after["front_loose_back_tight"] or not before["front_loose_back_tight"]


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.01, max_value=0.4), st.integers(1, 5))
def test_a_record_on_the_even_path_is_green(R, k):
    a = tr.even_annual_cut(R, TIBET_YEARS)
    t = pacing.check([a] * k, total_cut=R, years=TIBET_YEARS)
    assert (t["light"] == "green").all()
    if k < 5:
        assert t["required_remaining_cut"].to_numpy() == pytest.approx([a] * k, rel=1e-9)
