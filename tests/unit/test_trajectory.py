"""Trajectory math. Hand-worked numbers are shown in the comments (natural logs to 6 digits)."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jnjp_analysis.model import trajectory as tr
from jnjp_analysis.plan.load import load

tibet = load("xizang-13fyp")  # Tibet's 13th FYP: base 2015, target 2020, T = 5
LHASA = tibet.targets("lhasa")  # annex 1: 12 %, 215, +90
TIBET_YEARS = tibet.years  # (2016, ..., 2020)


def test_even_annual_cut_lhasa():
    # 1 - 0.88^(1/5): ln 0.88 = -0.127833, /5 = -0.025567, e^x = 0.974757 -> 0.025243
    assert tr.even_annual_cut(0.12, 5) == pytest.approx(0.025243, abs=1e-6)
    assert tr.even_annual_cut(LHASA.intensity_cut, LHASA.years) == pytest.approx(0.025243, abs=1e-6)
    # 10 %: ln 0.9 = -0.105361, /5 = -0.021072, e^x = 0.979148 -> 0.020852
    assert tr.even_annual_cut(0.10, TIBET_YEARS) == pytest.approx(0.020852, abs=1e-6)
    # 0.3.0: the years are required, never a default plan's (issue 29)
    with pytest.raises(ValueError, match="years is required"):
        tr.even_annual_cut(0.12)


def test_cumulative_cut_by_hand():
    # 2 % then 3 %: 0.98 * 0.97 = 0.9506 of the base remains -> 1 - 0.9506 = 0.0494
    assert tr.cumulative_cut([0.02, 0.03], TIBET_YEARS) == pytest.approx(0.0494, abs=1e-12)
    assert tr.cumulative_cut([], TIBET_YEARS) == 0.0
    # 5 % then a 2 % rise: 0.95 * 1.02 = 0.969 -> 1 - 0.969 = 0.031
    assert tr.cumulative_cut(pd.Series([0.05, -0.02], index=[2016, 2017]), TIBET_YEARS) == pytest.approx(0.031, abs=1e-12)
    # a count with its base year names the same period
    assert tr.cumulative_cut([0.02, 0.03], 5, base_year=2015) == pytest.approx(0.0494, abs=1e-12)


def test_required_remaining_cut_by_hand():
    # after 2 % and 2 %: 0.88 / 0.9604 = 0.916285, ^(1/3): ln = -0.087428, /3 = -0.029143 -> 0.028722
    assert tr.required_remaining_cut(0.12, [0.02, 0.02], TIBET_YEARS) == pytest.approx(0.028722, abs=1e-6)
    # nothing done: the even pace 1 - 0.88^(1/5) = 0.025243 (worked in test_even_annual_cut_lhasa)
    assert tr.required_remaining_cut(0.12, [], TIBET_YEARS) == pytest.approx(0.025243, abs=1e-6)
    # target already beaten: negative (intensity may rise)
    assert tr.required_remaining_cut(0.10, [0.06, 0.06], TIBET_YEARS) < 0


def test_implied_gdp_growth_from_annex():
    # 拉萨: 305 / (215 * 0.88) = 1.612051; ln = 0.477507, /5 = 0.095501, e^x - 1 = 0.100210
    assert tr.implied_gdp_growth(LHASA) == pytest.approx(0.10021, abs=1e-5)
    # 昌都: 97 / (51 * 0.91) = 2.090067; ln = 0.737196, /5 = 0.147439, e^x - 1 = 0.158863
    assert tr.implied_gdp_growth(tibet.targets("昌都市")) == pytest.approx(0.15886, abs=1e-5)
    # the numbers alone, with T
    assert tr.implied_gdp_growth(energy_base=215, increment=90, total_cut=0.12, years=5) == pytest.approx(0.10021, abs=1e-5)
    # 0.3.0: the model takes a UnitTargets or numbers, never a unit's name; 0.1.0's keywords are gone
    with pytest.raises(ValueError, match=r'targets must be a unit\'s UnitTargets from its plan \(plan.targets\("lhasa"\)\)'):
        tr.implied_gdp_growth("lhasa")
    with pytest.raises(TypeError, match="energy_2015"):
        tr.implied_gdp_growth(energy_2015=215, increment=90, total_cut=0.12)
    with pytest.raises(TypeError, match="prefecture"):
        tr.implied_gdp_growth(prefecture=LHASA)


def test_double_control_lhasa_at_8_percent():
    # 1.08^5 = 1.469328; 215 * 1.469328 * 0.88 = 277.997 < cap 305 -> intensity binds, 27.003 apart
    dcf = tr.double_control(LHASA, 0.08)
    dc = dcf.iloc[0]
    assert dc["allowed_by_intensity_10k_tce"] == pytest.approx(277.997, abs=1e-3)
    assert dc["allowed_by_cap_10k_tce"] == 305
    assert dc["binding"] == "intensity"
    assert dc["headroom_10k_tce"] == pytest.approx(27.003, abs=1e-3)
    assert dc["gdp_index_target"] == pytest.approx(1.469328, abs=1e-6)
    assert dc["energy_base_10k_tce"] == 215
    assert (dcf.attrs["base_year"], dcf.attrs["target_year"]) == (2015, 2020)
    # at 12 %: 1.12^5 = 1.762342; 215 * 1.762342 * 0.88 = 333.435 > 305 -> the cap binds
    dc = tr.double_control(LHASA, pd.Series([0.12] * 5, index=range(2016, 2021))).iloc[0]
    assert dc["binding"] == "cap"
    assert dc["allowed_target_10k_tce"] == 305
    # at the implied growth both bind
    assert tr.double_control(LHASA, tr.implied_gdp_growth(LHASA)).iloc[0]["binding"] == "both"
    # a unit's name is not looked up (0.3.0): the caller passes the plan's targets
    with pytest.raises(ValueError, match=r"plan.targets\(\"lhasa\"\)"):
        tr.double_control("lhasa", 0.08)
    with pytest.raises(ValueError, match="got Unit"):
        tr.even_paths(tibet.unit("lhasa"))


def test_cap_path_by_hand():
    cp = tr.cap_path(LHASA.energy_base_10k_tce, LHASA.increment_10k_tce, years=LHASA.years).set_index("year")
    # 215 * (305/215)^(1/5): ln 1.418605 = 0.349674, /5 = 0.069935, e^x = 1.072438 -> 230.574
    assert cp.loc[2016, "energy_10k_tce"] == pytest.approx(230.574, abs=1e-3)
    # (230.5742 - 215) / 90 = 15.5742 / 90 = 0.173047
    assert cp.loc[2016, "increment_used_share"] == pytest.approx(0.173047, abs=1e-6)
    assert cp.loc[2020, "energy_10k_tce"] == 305
    lin = tr.cap_path(215, 90, "linear", TIBET_YEARS).set_index("year")
    # linear: 90 / 5 = 18 a year; 2017 = 215 + 2 * 18 = 251
    assert lin.loc[2017, "energy_10k_tce"] == pytest.approx(251, abs=1e-9)
    # remaining growth from 260 after 3 years: 305/260 = 1.173077, sqrt = 1.083087 -> 0.083087
    assert tr.remaining_allowed_growth(215, 90, 260, 3, years=5) == pytest.approx(0.083087, abs=1e-6)
    # 0.3.0: no default plan's T (years omitted is refused, naming the parameter)
    with pytest.raises(ValueError, match="years is required"):
        tr.remaining_allowed_growth(energy_base=215, increment=90, energy_now=260, years_done=3)
    with pytest.raises(ValueError, match="years is required"):
        tr.cap_path(energy_base=215, increment=90)
    for f in (lambda: tr.cap_path(energy_2015=215, increment=90), lambda: tr.increment_used_share(
            energy_2015=215, increment=90, energy_now=230), lambda: tr.remaining_allowed_growth(
            energy_2015=215, increment=90, energy_now=260, years_done=3)):
        with pytest.raises(TypeError, match="energy_2015"):
            f()


def test_intensity_index():
    gdp = pd.Series([1.0, 1.1, 1.21], index=[2015, 2016, 2017])
    energy = pd.Series([100.0, 105.0, 110.0], index=[2015, 2016, 2017])
    ii = tr.intensity_index(gdp, energy)
    # 2017: energy 110 / 100 = 1.10 over GDP 1.21 / 1.0 = 1.21 -> 1.10 / 1.21 = 0.909091
    assert ii[2017] == pytest.approx(0.909091, abs=1e-6)


@pytest.mark.parametrize("bad", [1.0, -0.1, 12, math.nan, math.inf])
def test_cut_outside_range_is_refused(bad):
    with pytest.raises(ValueError, match="total_cut"):
        tr.even_annual_cut(bad, 5)


def test_percent_instead_of_fraction_gets_a_hint():
    with pytest.raises(ValueError, match=r"did you mean 0\.12"):
        tr.even_annual_cut(12, 5)


def test_bad_year_series_are_refused():
    with pytest.raises(ValueError, match="outside the plan period 2016-2020"):
        tr.cumulative_cut(pd.Series([0.02, 0.02], index=[2015, 2016]), TIBET_YEARS)
    with pytest.raises(ValueError, match="missing \\[2017\\]"):
        tr.cumulative_cut(pd.Series([0.02, 0.02], index=[2016, 2018]), TIBET_YEARS)
    with pytest.raises(ValueError, match="duplicate years \\[2016\\]"):
        tr.cumulative_cut(pd.Series([0.02, 0.02], index=[2016, 2016]), TIBET_YEARS)
    with pytest.raises(ValueError, match="NaN"):
        tr.cumulative_cut([0.02, math.nan], TIBET_YEARS)
    with pytest.raises(ValueError, match="needs all years 2016-2020"):
        tr.double_control(LHASA, pd.Series([0.1, 0.1], index=[2016, 2017]))
    with pytest.raises(ValueError, match="negative"):
        tr.cap_path(-1, 10, years=TIBET_YEARS)
    with pytest.raises(ValueError, match=r"annual_cuts\[2017\] = 1 is not below 1"):
        tr.cumulative_cut([0.02, 1.0], TIBET_YEARS)
    with pytest.raises(ValueError, match="no year remains"):
        tr.required_remaining_cut(0.1, [0.02] * 5, TIBET_YEARS)
    with pytest.raises(ValueError, match="−100 %"):
        tr.double_control(LHASA, -1.5)
    # with the plan's years given, the same refusals; without them, the years are required (0.3.0)
    with pytest.raises(ValueError, match="outside the plan period 2016-2020"):
        tr.cumulative_cut(pd.Series([0.02, 0.02], index=[2015, 2016]), TIBET_YEARS)
    with pytest.raises(ValueError, match="years is required"):
        tr.cumulative_cut(pd.Series([0.02, 0.02], index=[2015, 2016]))
    with pytest.raises(ValueError, match="needs all years 2016-2020"):
        tr.double_control(None, pd.Series([0.1, 0.1], index=[2016, 2017]), 0.12, energy_base=215, increment=90,
                          years=TIBET_YEARS)
    with pytest.raises(ValueError, match="years is required"):
        tr.double_control(None, pd.Series([0.1, 0.1], index=[2016, 2017]), 0.12, energy_base=215, increment=90)


def test_the_period_is_an_argument_and_bad_periods_name_the_parameter():
    # a constant 5 % over 7 years from 2015 (0.1.0 failed here with a raw pandas error):
    # 1.05^7 = 1.407100, indexed 2015..2022
    g = tr.gdp_index(0.05, years=7, base_year=2015)
    assert list(g.index) == list(range(2015, 2023))
    assert g.loc[2022] == pytest.approx(1.407100, abs=1e-6)
    assert (g.attrs["base_year"], g.attrs["target_year"]) == (2015, 2022)
    # the same period as its years
    assert tr.gdp_index(0.05, years=range(2016, 2023)).loc[2022] == pytest.approx(1.407100, abs=1e-6)
    # a count without base_year: refused (0.3.0: never a default plan's base year)
    with pytest.raises(ValueError, match="years = 7 is a count of years: base_year is required"):
        tr.gdp_index(0.05, years=7)
    # too many values for the period: the message names the parameter and the years expected
    with pytest.raises(ValueError, match=r"gdp_growth: 7 values, but the plan period has 5 years \(2016-2020\)"):
        tr.gdp_index([0.05] * 7, years=TIBET_YEARS)
    with pytest.raises(ValueError, match=r"gdp_growth: needs all years 2016-2022"):
        tr.gdp_index(pd.Series([0.05] * 5, index=range(2016, 2021)), years=7, base_year=2015)
    with pytest.raises(ValueError, match=r"years = \[2016, 2018\] must be consecutive increasing years"):
        tr.even_path(0.1, years=[2016, 2018])
    with pytest.raises(ValueError, match=r"years = 2016-2020 do not follow base_year 2010: expected 2011-2015"):
        tr.even_path(0.1, years=TIBET_YEARS, base_year=2010)
    with pytest.raises(ValueError, match=r"years = 2016-2019, but the targets of lhasa are for 2016-2020"):
        tr.double_control(LHASA, 0.08, years=range(2016, 2020))
    with pytest.raises(ValueError, match="years = 0 must be at least 1"):
        tr.even_annual_cut(0.1, 0)


def test_year_series_takes_the_period():
    from jnjp_analysis import checks

    s = checks.year_series([0.1, 0.2], "x", (2021, 2022, 2023, 2024))
    assert list(s.index) == [2021, 2022] and list(s) == [0.1, 0.2]
    with pytest.raises(ValueError, match=r"x: years \[2020\] outside the plan period 2021-2024"):
        checks.year_series({2020: 0.1}, "x", (2021, 2022, 2023, 2024))
    with pytest.raises(ValueError, match=r"x: 5 values, but the plan period has 4 years \(2021-2024\)"):
        checks.year_series([0.1] * 5, "x", (2021, 2022, 2023, 2024))
    with pytest.raises(ValueError, match=r"years = 4 is a number of years: give base_year too"):
        checks.year_series([0.1], "x", 4)
    with pytest.raises(TypeError):
        checks.year_series([0.1], "x")  # the period is required


@given(st.floats(min_value=0.0, max_value=0.6), st.integers(min_value=1, max_value=10))
def test_even_path_ends_exactly_at_the_target(R, years):
    path = tr.even_path(R, years, base_year=2015)
    assert path["cumulative_cut"].iloc[-1] == R
    a = tr.even_annual_cut(R, years)
    assert 1 - (1 - a) ** years == pytest.approx(R, abs=1e-12)
    assert np.all(np.diff(path["cumulative_cut"]) >= -1e-15)


@given(st.floats(min_value=0.01, max_value=0.5), st.integers(min_value=0, max_value=4))
def test_on_the_even_path_the_required_pace_is_the_even_pace(R, k):
    a = tr.even_annual_cut(R, TIBET_YEARS)
    assert tr.required_remaining_cut(R, [a] * k, TIBET_YEARS) == pytest.approx(a, rel=1e-9, abs=1e-12)


@given(st.lists(st.floats(min_value=-0.2, max_value=0.3), min_size=0, max_size=4),
       st.floats(min_value=0.0, max_value=0.5))
def test_meeting_the_required_pace_reaches_the_target(done, R):
    req = tr.required_remaining_cut(R, done, TIBET_YEARS)
    assert tr.cumulative_cut(done + [req] * (5 - len(done)), TIBET_YEARS) == pytest.approx(R, abs=1e-9)
