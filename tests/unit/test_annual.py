"""Annual targets, statistical bases and checkpoints (jnjp_analysis.model.annual).

The inputs are the national 14th period's annual changes as the project's cited record states them
(CO2 intensity −3.8 / −0.8 / flat / −3.4 / −5.0 % in 2021–2025; energy intensity −2.7 / −0.1 % on the
old basis, −0.5 / −3.8 / −5.1 % on the 2024 basis; the new-basis checkpoints −7.3 % for 2021–2023 and
−11.6 % for 2021–2024; annual energy-intensity targets about 3 % for 2021, none for 2022, 2 % for
2023, about 2.5 % for 2024, about 3 % for 2025). Every expected value is worked by hand in the comment
beside it; none is read from the code under test.
"""

from __future__ import annotations

import math

import pytest

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.model.annual import (
    AnnualTarget,
    Checkpoint,
    Observation,
    annual_grades,
    chained,
    implausible_from,
    required_pace,
    segments,
)

CO2 = [Observation(2021, -0.038), Observation(2022, -0.008), Observation(2023, 0.0), Observation(2024, -0.034),
       Observation(2025, -0.050)]
ENERGY = [Observation(2021, -0.027, "old"), Observation(2022, -0.001, "old"), Observation(2023, -0.005, "2024"),
          Observation(2024, -0.038, "2024"), Observation(2025, -0.051, "2024")]
CHECKPOINTS = [Checkpoint(2021, 2023, -0.073, "2024"), Checkpoint(2021, 2024, -0.116, "2024")]
ENERGY_TARGETS = [AnnualTarget(2021, 0.03, about=True), AnnualTarget(2022, None), AnnualTarget(2023, 0.02),
                  AnnualTarget(2024, 0.025, about=True), AnnualTarget(2025, 0.03, about=True)]


def test_co2_intensity_over_the_period_chains_to_12_42_percent_and_misses_18():
    # 0.962 × 0.992 × 1.000 × 0.966 × 0.950 = 0.954304 × 0.966 × 0.95 = 0.921857664 × 0.95 = 0.87576478
    # → a cumulative cut of 12.4235 %, short of the outline's 18 %
    cum = chained(CO2, base_year=2020).set_index("year")
    assert cum.loc[2025, "change"] == pytest.approx(-0.12423522, abs=1e-7)
    assert cum.loc[2025, "method"] == "annual"
    pace = required_pace(chained(CO2, base_year=2020), total_cut=0.18, base_year=2020, target_year=2025)
    assert pace.set_index("year").loc[2025, "met"] == False  # noqa: E712 (a numpy bool)


def test_the_year_from_which_the_co2_target_became_implausible_is_2023():
    # even pace: 1 − 0.82^(1/5) = 1 − e^(ln 0.82 / 5) = 1 − e^(−0.0396902) = 3.8913 %
    # after 2021: 1 − (0.82/0.962)^(1/4)     = 1 − 0.852391^(1/4) = 3.9140 % (ratio 1.006)
    # after 2022: 1 − (0.82/0.954304)^(1/3)  = 1 − 0.859265^(1/3) = 4.9303 % (ratio 1.267)
    # after 2023: 1 − 0.859265^(1/2)                             = 7.3034 % (ratio 1.877 > 1.5)
    # after 2024: 1 − (0.82/0.921857664)                          = 11.0492 % (ratio 2.839)
    pace = required_pace(chained(CO2, base_year=2020), total_cut=0.18, base_year=2020, target_year=2025)
    p = pace.set_index("year")
    assert p.loc[2021, "even_cut"] == pytest.approx(0.038913, abs=1e-6)
    assert p.loc[2021, "required_cut"] == pytest.approx(0.039140, abs=1e-5)
    assert p.loc[2022, "required_cut"] == pytest.approx(0.049303, abs=1e-5)
    assert p.loc[2023, "required_cut"] == pytest.approx(0.073034, abs=1e-5)
    assert p.loc[2024, "required_cut"] == pytest.approx(0.110492, abs=1e-5)
    assert math.isnan(p.loc[2025, "required_cut"])
    assert list(p["implausible"]) == [False, False, True, True, False]
    assert implausible_from(pace) == 2023
    # a stricter analyst (factor 1.2) sees it from 2022 (ratio 1.267 > 1.2), a looser one (3) never
    assert implausible_from(required_pace(chained(CO2, base_year=2020), total_cut=0.18, base_year=2020,
                                          target_year=2025, factor=1.2)) == 2022
    assert implausible_from(required_pace(chained(CO2, base_year=2020), total_cut=0.18, base_year=2020,
                                          target_year=2025, factor=3)) is None


def test_each_year_is_graded_against_its_own_annual_target():
    g = annual_grades(ENERGY, ENERGY_TARGETS).set_index("year")
    # 2021: 2.7 % against about 3 %: short by 0.3 points = 10 % of the target → yellow (within the 10 % tolerance)
    assert (g.loc[2021, "result"], g.loc[2021, "light"], bool(g.loc[2021, "about"])) == ("slightly_missed", "yellow", True)
    # 2022: no numeric target ("统筹考核…留有适当弹性") → no light
    assert (g.loc[2022, "result"], g.loc[2022, "light"]) == ("no_target", "")
    assert math.isnan(g.loc[2022, "target_cut"])
    # 2023: 0.5 % against 2 %: short by 1.5 points = 75 % of the target → missed, red
    assert (g.loc[2023, "result"], g.loc[2023, "light"]) == ("missed", "red")
    assert g.loc[2023, "shortfall"] == pytest.approx(0.015)
    # 2024: 3.8 % against about 2.5 %; 2025: 5.1 % against about 3 % → met
    assert list(g.loc[[2024, 2025], "result"]) == ["met", "met"]
    # the CO2 target of 2024, about 3.9 %: 3.4 % is short by 0.5 points = 12.8 % of it → red
    c = annual_grades(CO2, [AnnualTarget(2024, 0.039, about=True)]).set_index("year")
    assert (c.loc[2024, "result"], c.loc[2024, "light"]) == ("missed", "red")
    assert c.loc[2021, "result"] == "no_target"


def test_a_rise_is_red_whatever_the_target():
    g = annual_grades({2021: 0.01}, [AnnualTarget(2021, 0.03)])
    assert (g.loc[0, "result"], g.loc[0, "light"]) == ("rose", "red")


def test_energy_intensity_is_never_chained_across_the_basis_break():
    # old basis 2021–2022: 0.973 × 0.999 = 0.972027 → −2.7973 %
    # new basis 2023–2025: 0.995 × 0.962 × 0.949 = 0.95719 × 0.949 = 0.90837331 → −9.1627 %
    s = segments(ENERGY)
    assert list(zip(s["basis"], s["first_year"], s["last_year"])) == [("old", 2021, 2022), ("2024", 2023, 2025)]
    assert s.loc[0, "change"] == pytest.approx(-0.027973, abs=1e-9)
    assert s.loc[1, "change"] == pytest.approx(-0.09162669, abs=1e-9)
    # without checkpoints: 2021 and 2022 chain on the old basis; 2023 onwards would cross the break
    c = chained(ENERGY, base_year=2020).set_index("year")
    assert c.loc[2022, "change"] == pytest.approx(-0.027973, abs=1e-9)
    assert list(c.loc[[2023, 2024, 2025], "method"]) == ["basis_break"] * 3
    assert c.loc[[2023, 2024, 2025], "change"].isna().all()


def test_checkpoints_are_values_of_their_own_and_chain_on_their_basis_only():
    c = chained(ENERGY, CHECKPOINTS, base_year=2020).set_index("year")
    # 2023 and 2024 are the official new-basis figures, as stated
    assert (c.loc[2023, "change"], c.loc[2023, "method"], c.loc[2023, "checkpoint"]) == (-0.073, "checkpoint", "2021-2023")
    assert (c.loc[2024, "change"], c.loc[2024, "method"]) == (-0.116, "checkpoint")
    # 2025 = the 2021–2024 checkpoint and 2025's new-basis −5.1 %: 0.884 × 0.949 = 0.838916 → −16.1084 %
    assert c.loc[2025, "change"] == pytest.approx(-0.161084, abs=1e-9)
    assert (c.loc[2025, "method"], c.loc[2025, "checkpoint"], c.loc[2025, "basis"]) == (
        "checkpoint_and_annual", "2021-2024", "2024")
    # a checkpoint on another basis than the year after it is not chained
    other = [Observation(2024, -0.038, "2024"), Observation(2025, -0.051, "other")]
    c2 = chained(other, [Checkpoint(2021, 2024, -0.116, "2024")], base_year=2020).set_index("year")
    assert c2.loc[2025, "method"] == "basis_break"


def test_bad_inputs_are_named():
    with pytest.raises(JnjpError, match=r"changes\[2021\]"):
        annual_grades({2021: -3.8}, [])
    with pytest.raises(JnjpError, match="year 2021 appears twice"):
        annual_grades({2021: -0.03}, [AnnualTarget(2021, 0.03), AnnualTarget(2021, 0.02)])
    with pytest.raises(JnjpError, match="factor"):
        required_pace(chained(CO2, base_year=2020), total_cut=0.18, base_year=2020, target_year=2025, factor=0.5)
