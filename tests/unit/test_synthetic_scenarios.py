"""The scenario layer on a plan that is not Tibet's: the INVENTED fixture tests/plans/synthetic-4y/.

示例省 (a fictitious province; README.md in the fixture) has a 4-year period, base 2020 → target
2024, and three units:

    unit        cut    E_2020   ΔE   cap 2024
    甲市 jia    19 %    100     21     121
    乙市 yi     10 %     64     17      81
    丙州 bing    5 %      8     10      18
    region      15 %    172     48     220    (the catalogue's regional cut)

Every expected value is worked by hand in the comment beside it and asserted as a literal, never
computed by the code under test or by its formula restated here. Names say base and target
(``energy_target_10k_tce`` is the target year's consumption, here 2024's).
"""

import math
from pathlib import Path

import numpy as np
import pytest

from jnjp_analysis import scenarios as sc
from jnjp_analysis.plan.load import load

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-4y"
plan = load(FIXTURE)
HEADER = "scenario,unit,parameter,2021,2022,2023,2024,rationale\n"
TIBET_HEADER = "scenario,unit,parameter,2016,2017,2018,2019,2020,rationale\n"
ZERO_SD = {"gdp_growth": 0.0, "intensity_cut": 0.0, "energy_elasticity": 0.0, "energy_growth": 0.0}

# "probe": one unit per energy mode, each growth path different
PROBE = (
    "probe,jia,gdp_growth,0.05,0.05,0.05,0.05,x\n"
    "probe,jia,energy_elasticity,0.5,0.5,0.5,0.5,x\n"
    "probe,yi,gdp_growth,0.10,0.10,0.10,0.10,x\n"
    "probe,yi,energy_growth,0.06,0.06,0.06,0.06,x\n"
    "probe,bing,gdp_growth,0.12,0.12,0.12,0.12,x\n"
    "probe,bing,intensity_cut,0.02,0.02,0.02,0.02,x\n"
)


@pytest.fixture
def probe(tmp_path):
    f = tmp_path / "probe.csv"
    f.write_text(HEADER + PROBE, encoding="utf-8")
    return sc.read_scenarios(f, plan=plan)["probe"]


# ---------------------------------------------------------------------------- the scenario file
def test_the_fixtures_scenario_file_is_read_on_its_years():
    sset = sc.read_scenarios(plan=plan)  # default: the plan's own scenarios.csv
    central = sset["central"]
    assert central.plan is plan
    assert central.years == (2021, 2022, 2023, 2024)
    assert central.units == ["jia", "yi", "bing"]
    assert all(central.rationale.values())
    # 'even' over T = 4: 1 - (1 - R)^(1/4); 甲市 1 - 0.81^(1/4) = 1 - √0.9 = 1 - 0.9486832980505 = 0.0513167019495
    assert central.energy_param.loc["jia", 2021] == pytest.approx(0.0513167019495, abs=1e-12)
    assert sc.get("central", plan=plan).years == (2021, 2022, 2023, 2024)


def test_implied_and_even_land_on_both_controls(tmp_path):
    # 甲市: implied growth g* = (121 / (100·0.81))^(1/4) - 1 = (121/81)^(1/4) - 1 = √(11/9) - 1 = √11/3 - 1
    #       = 3.3166247903554 / 3 - 1 = 0.1055415967851; with the even cut, 2024 energy
    #       = 100·(121/81)·0.81 = 121 = the cap, and the cumulative cut is exactly 19 %: both bind
    f = tmp_path / "pc.csv"
    f.write_text(HEADER + "pc,jia,gdp_growth,implied,implied,implied,implied,x\n"
                          "pc,jia,intensity_cut,even,even,even,even,x\n", encoding="utf-8")
    s = sc.read_scenarios(f, plan=plan)["pc"]
    assert s.gdp_growth.loc["jia", 2024] == pytest.approx(0.1055415967851, abs=1e-12)
    row = sc.compliance(sc.project(s, plan=plan), plan=plan).set_index("unit").loc["jia"]
    assert row["energy_target_10k_tce"] == pytest.approx(121.0, rel=1e-12)
    assert row["cumulative_cut"] == pytest.approx(0.19, abs=1e-12)
    assert row["binding"] == "both" and row["intensity_met"] and row["cap_met"]


def test_a_scenario_file_with_tibets_years_is_refused_naming_file_and_column(tmp_path):
    f = tmp_path / "tibet_years.csv"
    f.write_text(TIBET_HEADER + "probe,jia,gdp_growth,0.05,0.05,0.05,0.05,0.05,x\n", encoding="utf-8")
    with pytest.raises(sc.ScenarioError, match=r"header \(row 1\), column '2016': 2016 is not a year of plan "
                                               r"synthetic-4y") as exc:
        sc.read_scenarios(f, plan=plan)
    assert "tibet_years.csv" in str(exc.value) and "2021, 2022, 2023, 2024" in str(exc.value)


def test_a_unit_of_another_plan_is_refused(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "p,lhasa,gdp_growth,0.05,0.05,0.05,0.05,x\n", encoding="utf-8")
    with pytest.raises(sc.ScenarioError, match=r"s\.csv, row 2, column 'unit': unknown unit 'lhasa' of plan "
                                               r"synthetic-4y; valid: jia \(甲市, Jiashi\)"):
        sc.read_scenarios(f, plan=plan)


def test_a_scenario_of_one_plan_is_not_projected_on_another():
    tibet = sc.get("central", plan="xizang-13fyp")  # Tibet's central scenario: years 2016-2020
    with pytest.raises(sc.ScenarioError, match=r"scenario 'central' sets the years 2016-2020, but plan synthetic-4y "
                                               r"runs 2021-2024"):
        sc.project(tibet, plan=plan)
    synthetic = sc.project("central", plan=plan)
    with pytest.raises(sc.ScenarioError, match=r"the projection runs 2020-2024, but plan xizang-13fyp runs 2015-2020"):
        sc.compliance(synthetic, plan="xizang-13fyp")


def test_a_constant_scenario_round_trips_through_the_plans_csv(tmp_path):
    s = sc.Scenario.constant("probe", 0.09, energy_elasticity=0.7, units_=["乙市"], plan=plan)
    assert s.years == (2021, 2022, 2023, 2024) and s.units == ["yi"]
    text = s.to_csv_text()
    assert text.splitlines()[0] == "probe,yi,gdp_growth,0.09,0.09,0.09,0.09,"
    f = tmp_path / "s.csv"
    f.write_text(HEADER + text, encoding="utf-8")
    back = sc.read_scenarios(f, plan=plan)["probe"]
    assert back.years == s.years
    assert sc.project(back, plan=plan).equals(sc.project(s, plan=plan))


# ----------------------------------------------------------------------------------- projection
def test_a_projection_runs_over_the_plans_years(probe):
    proj = sc.project(probe, plan=plan)  # the scenario knows its plan
    assert proj.attrs["plan"] == "synthetic-4y"
    for unit in ("jia", "yi", "bing", "region"):
        assert list(proj.loc[proj.unit == unit, "year"]) == [2020, 2021, 2022, 2023, 2024]
    jia = proj[proj.unit == "jia"].set_index("year")
    # elasticity 0.5 at 5 %/yr growth: energy +2.5 %/yr: 100, 102.5, 105.0625, 107.6890625, 110.3812890625
    assert jia["energy_10k_tce"].to_numpy() == pytest.approx([100, 102.5, 105.0625, 107.6890625, 110.3812890625],
                                                             rel=1e-12)
    # GDP index 1.05^4 = 1.1025² = 1.21550625
    assert jia.loc[2024, "gdp_index"] == pytest.approx(1.21550625, rel=1e-12)
    # cap path 100·1.21^(k/4): k = 2 gives 100·1.1 = 110, k = 4 the cap 121
    assert jia.loc[2022, "cap_path_10k_tce"] == pytest.approx(110.0, rel=1e-12)
    assert jia.loc[2024, "cap_path_10k_tce"] == pytest.approx(121.0, rel=1e-12)


def test_compliance_in_the_target_year_by_hand(probe):
    comp = sc.compliance(sc.project(probe, plan=plan), plan=plan).set_index("unit")
    jia, yi, bing = comp.loc["jia"], comp.loc["yi"], comp.loc["bing"]
    # 甲市: E_2024 = 100·1.025^4 = 110.3812890625 <= 121: cap met;
    # intensity index (1.025/1.05)^4 = 1.103812890625/1.21550625 = 0.9081095968, cut 0.0918904032 < 19 %: not met;
    # intensity allows 100·1.21550625·0.81 = 98.45600625 < 121: intensity binds, headroom 98.45600625 - 110.3812890625
    # = -11.9252828125; average growth 1.21550625^(1/4) - 1 = 0.05
    assert jia["energy_target_10k_tce"] == pytest.approx(110.3812890625, rel=1e-12)
    assert jia["cap_target_10k_tce"] == 121
    assert jia["cumulative_cut"] == pytest.approx(0.0918904032, abs=1e-10)
    assert (jia["intensity_met"], jia["cap_met"], jia["both_met"], jia["binding"]) == (False, True, False, "intensity")
    assert jia["allowed_target_10k_tce"] == pytest.approx(98.45600625, rel=1e-12)
    assert jia["headroom_10k_tce"] == pytest.approx(-11.9252828125, rel=1e-10)
    assert jia["gdp_growth_avg"] == pytest.approx(0.05, abs=1e-12)
    # 乙市: E_2024 = 64·1.06^4 = 64·1.26247696 = 80.79852544 <= 81: cap met;
    # cut 1 - 1.26247696/1.4641 = 1 - 0.8622887508 = 0.1377112492 >= 10 %: met;
    # intensity allows 64·1.4641·0.9 = 84.33216 > 81: the cap binds, headroom 81 - 80.79852544 = 0.20147456
    assert yi["energy_target_10k_tce"] == pytest.approx(80.79852544, rel=1e-12)
    assert yi["cumulative_cut"] == pytest.approx(0.1377112492, abs=1e-10)
    assert (yi["intensity_met"], yi["cap_met"], yi["binding"]) == (True, True, "cap")
    assert yi["allowed_by_intensity_10k_tce"] == pytest.approx(84.33216, rel=1e-12)
    assert yi["headroom_10k_tce"] == pytest.approx(0.20147456, rel=1e-9)
    # 丙州: (1.12·0.98)^4 = 1.0976^4 = 1.20472576² = 1.4513641568; E_2024 = 8·1.4513641568 = 11.6109132545 <= 18;
    # cut 1 - 0.98^4 = 1 - 0.92236816 = 0.07763184 >= 5 %; intensity allows 8·1.12^4·0.95 = 8·1.57351936·0.95
    # = 11.958747136 < 18: intensity binds
    assert bing["energy_target_10k_tce"] == pytest.approx(11.6109132545, rel=1e-10)
    assert bing["cumulative_cut"] == pytest.approx(0.07763184, abs=1e-12)
    assert (bing["intensity_met"], bing["cap_met"], bing["binding"]) == (True, True, "intensity")
    assert bing["allowed_target_10k_tce"] == pytest.approx(11.958747136, rel=1e-12)


def test_region_rows_sum_the_units(probe):
    proj = sc.project(probe, plan=plan)
    region = proj[proj.unit == "region"].set_index("year")
    # 2024: 110.3812890625 + 80.79852544 + 11.6109132545 = 202.7907277570; 2020: 100 + 64 + 8 = 172
    assert region.loc[2024, "energy_10k_tce"] == pytest.approx(202.7907277570, rel=1e-12)
    assert region.loc[2020, "energy_10k_tce"] == 172
    # growth differs by unit: regional GDP and intensity are not aggregated
    assert math.isnan(region.loc[2024, "gdp_index"]) and "not aggregated" in proj.attrs["region_note"]
    r = sc.compliance(proj, plan=plan).set_index("unit").loc["region"]
    # cap: 121 + 81 + 18 = 220 >= 202.79: met; intensity not aggregable
    assert r["cap_target_10k_tce"] == 220 and r["cap_met"]
    assert r["binding"] == "n/a" and r["intensity_met"] is None


def test_region_on_a_shared_growth_path():
    # every unit at 10 %/yr growth and +7 %/yr energy: 1.07^4 = 1.1449² = 1.31079601
    s = sc.Scenario.constant("fast", 0.10, energy_growth=0.07, plan=plan)
    comp = sc.compliance(sc.project(s, plan=plan), plan=plan).set_index("unit")
    # region: 172·1.31079601 = 225.45691372 > 220: cap not met; the regional cut is the catalogue's 15 %,
    # the region's cut 1 - 1.31079601/1.4641 = 1 - 0.8952913121 = 0.1047086879 < 15 %: not met
    r = comp.loc["region"]
    assert r["energy_target_10k_tce"] == pytest.approx(225.45691372, rel=1e-12)
    assert r["target_cut"] == pytest.approx(0.15, abs=1e-12)
    assert r["cumulative_cut"] == pytest.approx(0.1047086879, abs=1e-10)
    assert (r["intensity_met"], r["cap_met"]) == (False, False)
    # 甲市 100·1.31079601 = 131.079601 > 121: over; 乙市 64·1.31079601 = 83.89094464 > 81: over;
    # 丙州 8·1.31079601 = 10.48636808 <= 18: within
    assert comp.loc["jia", "energy_target_10k_tce"] == pytest.approx(131.079601, rel=1e-12)
    assert [bool(comp.loc[u, "cap_met"]) for u in ("jia", "yi", "bing")] == [False, False, True]
    # intensity: the same cut 0.1047 everywhere: below 甲市's 19 %, above 乙市's 10 % and 丙州's 5 %
    assert [bool(comp.loc[u, "intensity_met"]) for u in ("jia", "yi", "bing")] == [False, True, True]


def test_the_shipped_central_scenario():
    # 7 %/yr growth at the even cut: the intensity target lands exactly, E_2024 = E_2020·1.07^4·(1 - R):
    # 甲市 100·1.31079601·0.81 = 106.1744768; 乙市 64·1.31079601·0.9 = 75.501850176; 丙州 8·1.31079601·0.95 = 9.962049676
    comp = sc.compliance(sc.project("central", plan=plan), plan=plan).set_index("unit")
    assert comp.loc["jia", "energy_target_10k_tce"] == pytest.approx(106.1744768, rel=1e-9)
    assert comp.loc["yi", "energy_target_10k_tce"] == pytest.approx(75.501850176, rel=1e-9)
    assert comp.loc["bing", "energy_target_10k_tce"] == pytest.approx(9.962049676, rel=1e-9)
    assert comp.loc["jia", "cumulative_cut"] == pytest.approx(0.19, abs=1e-12)
    # each below its cap (121, 81, 18): the intensity target binds
    assert list(comp.loc[["jia", "yi", "bing"], "binding"]) == ["intensity"] * 3
    # region: 106.1744768 + 75.501850176 + 9.962049676 = 191.638376652 (one growth path: cut exact, 15 %)
    assert comp.loc["region", "energy_target_10k_tce"] == pytest.approx(191.638376652, rel=1e-9)
    assert comp.loc["region", "cumulative_cut"] == pytest.approx(0.15, abs=1e-12)


# ---------------------------------------------------------------------------------- Monte Carlo
def test_monte_carlo_without_variance_is_the_deterministic_path(probe):
    mc = sc.monte_carlo(200, seed=1, scenario=probe, sd=ZERO_SD, plan=plan)
    p = mc.probabilities.set_index("unit")
    # as in test_compliance_in_the_target_year_by_hand: 甲市 intensity missed, cap met; 乙市 and 丙州 both met;
    # region 202.79 <= 220
    assert (p.loc["jia", "p_intensity"], p.loc["jia", "p_cap"], p.loc["jia", "p_both"]) == (0.0, 1.0, 0.0)
    assert (p.loc["yi", "p_intensity"], p.loc["yi", "p_cap"], p.loc["yi", "p_both"]) == (1.0, 1.0, 1.0)
    assert (p.loc["bing", "p_intensity"], p.loc["bing", "p_cap"]) == (1.0, 1.0)
    assert p.loc["region", "p_cap"] == 1.0 and math.isnan(p.loc["region", "p_intensity"])
    q = mc.quantiles
    e = q[(q.quantity == "energy_10k_tce") & (q.unit == "jia") & (q["quantile"] == 0.5)].set_index("year")
    # 100·1.025^t, t = 0..4
    assert list(e.index) == [2020, 2021, 2022, 2023, 2024]
    assert e["value"].to_numpy() == pytest.approx([100, 102.5, 105.0625, 107.6890625, 110.3812890625],
                                                  rel=1e-6)  # float32 store
    assert mc.assumptions["distribution"] == "normal, persistent over 2021-2024"


def test_monte_carlo_with_a_tiny_spread_over_the_cap():
    # 10 %/yr growth, +7 %/yr energy (test_region_on_a_shared_growth_path): 甲市 131.08 > 121 and 乙市 83.89 > 81
    # are far over their caps, 丙州 10.49 far under 18; 乙市's cut 0.1047 is 0.0047 above its 10 %. A spread of
    # 10^-6 per year moves none of them across: the shares are 0 or 1.
    s = sc.Scenario.constant("fast", 0.10, energy_growth=0.07, plan=plan)
    tiny = {"gdp_growth": 1e-6, "intensity_cut": 1e-6, "energy_elasticity": 1e-6, "energy_growth": 1e-6}
    p = sc.monte_carlo(2_000, seed=5, scenario=s, sd=tiny, plan=plan).probabilities.set_index("unit")
    assert list(p.loc[["jia", "yi", "bing"], "p_cap"]) == [0.0, 0.0, 1.0]
    assert list(p.loc[["jia", "yi", "bing"], "p_intensity"]) == [0.0, 1.0, 1.0]
    assert p.loc["region", "p_cap"] == 0.0  # 225.46 > 220
    assert list(p.index) == ["jia", "yi", "bing", "region"]


def test_monte_carlo_on_a_named_scenario_of_the_plan():
    mc = sc.monte_carlo(100, seed=2, scenario="central", units=["丙州"], sd=ZERO_SD, plan=plan)
    p = mc.probabilities.set_index("unit")
    # 丙州 central: 9.962049676 <= 18, cut exactly 5 %: both met
    assert (p.loc["bing", "p_intensity"], p.loc["bing", "p_cap"]) == (1.0, 1.0)
    assert sorted(set(mc.quantiles["year"])) == [2020, 2021, 2022, 2023, 2024]


# ------------------------------------------------------------------------ feasibility on 4 years
def test_feasibility_grid_on_a_four_year_period():
    # 甲市 at constant energy growth e and GDP growth g over 4 years:
    # cap: 100·1.04^4 = 116.985856 <= 121 met, 100·1.05^4 = 121.550625 > 121 not (over 5 years 1.04^5 would
    # give 121.665 > 121: the period is 4 years);
    # intensity: ((1 + e)/(1 + g))^4 <= 0.81  <=>  (1 + e)/(1 + g) <= √0.9 = 0.9486833:
    # 1.04/1.09 = 0.9541 no, 1.04/1.10 = 0.9455 yes, 1.04/1.15 = 0.9043 yes,
    # 1.05/1.09 = 0.9633 no, 1.05/1.10 = 0.9545 no, 1.05/1.15 = 0.9130 yes
    grid = sc.feasibility_grid("jia", gdp_growth=[0.09, 0.10, 0.15], pace=[0.04, 0.05], mode="energy_growth",
                               plan=plan)
    assert list(grid["status"]) == ["cap_only", "both", "both", "neither", "neither", "intensity_only"]
    assert grid["energy_target_10k_tce"].iloc[1] == pytest.approx(116.985856, rel=1e-12)
    assert grid["energy_target_10k_tce"].iloc[3] == pytest.approx(121.550625, rel=1e-12)


def test_growth_window_on_a_four_year_period():
    # 甲市, +4 %/yr energy: intensity needs 1 + g >= 1.04/√0.9 = 1.04/0.9486832981 = 1.0962562555;
    # the cap holds for any growth (1.04 <= 1.21^(1/4) = √1.1 = 1.0488088)
    w = sc.growth_window("jia", energy_growth=0.04, plan=plan)
    assert w["min_gdp_growth"] == pytest.approx(0.0962562555, abs=1e-10)
    assert w["max_gdp_growth"] == math.inf and w["feasible"]


def test_the_map_grid_spec():
    # one spec for the chart and its data bundle: 0-20 %/yr growth in 201 values × 0-6 %/yr cut in 151
    spec = sc.MAP_GRID
    assert (spec.growth_max, spec.growth_points, spec.pace_max, spec.pace_points, spec.mode) == (
        0.20, 201, 0.06, 151, "intensity_cut")
    assert spec.gdp_growth[1] == 0.001 and spec.pace[-1] == 0.06
    small = sc.GridSpec(growth_max=0.10, growth_points=3, pace_max=0.10, pace_points=2)
    # 甲市 at a 10 %/yr cut, growth 0, 5 %, 10 %: cut 1 - 0.9^4 = 0.3439 >= 19 % always; energy
    # 100·(1.1·0.9)^4 = 100·0.99^4 = 96.059601 at the top: within the cap. At no cut: cut 0, cap met
    # up to 100·1.05^4 = 121.55 > 121 (so at 5 % not), intensity never.
    grid = small.grid("jia", plan=plan)
    assert list(grid["status"]) == ["cap_only", "neither", "neither", "both", "both", "both"]
    assert np.asarray(grid["status"]).reshape(small.pace_points, small.growth_points).shape == (2, 3)
