"""Scenario projections and Monte Carlo. Hand-worked cases in the comments."""

import numpy as np
import pandas as pd
import pytest

from jnjp_analysis import scenarios as sc
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.model import trajectory as tr
from jnjp_analysis.plan.load import load as _load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

HEADER = "scenario,unit,parameter,2016,2017,2018,2019,2020,rationale\n"


def test_shipped_scenarios_load():
    sset = sc.load(plan=TIBET)
    assert {"plan_consistent", "even_pace", "low_growth", "central", "high_growth"} <= set(sset)
    for s in sset.values():
        assert len(s.units) == 7
        assert all(s.rationale.values()), f"{s.name}: every row needs a rationale"


# Annex 1 of the plan, typed from the document: slug -> (2015 consumption + increment = 2020 cap, cut)
ANNEX1_CAP_CUT = {
    "lhasa": (305, 0.12),     # 215 + 90
    "shigatse": (137, 0.09),  # 78 + 59
    "chamdo": (97, 0.09),     # 51 + 46
    "nyingchi": (43, 0.11),   # 26 + 17
    "shannan": (78, 0.10),    # 54 + 24
    "nagqu": (37, 0.09),      # 20 + 17
    "ngari": (20, 0.10),      # 12 + 8
}


def test_plan_consistent_lands_exactly_on_both_controls():
    comp = sc.compliance(sc.project("plan_consistent", plan=TIBET), plan=TIBET).set_index("unit")
    assert set(comp.index.drop("region")) == set(ANNEX1_CAP_CUT)
    for slug, (cap, cut) in ANNEX1_CAP_CUT.items():
        r = comp.loc[slug]
        assert r["energy_target_10k_tce"] == pytest.approx(cap, rel=1e-12), slug
        assert r["cumulative_cut"] == pytest.approx(cut, abs=1e-12), slug
        assert r["binding"] == "both" and r["intensity_met"] and r["cap_met"]
    # region: energy sums to 305+137+97+43+78+37+20 = 717; intensity cannot be aggregated (growth
    # differs by prefecture)
    assert comp.loc["region", "energy_target_10k_tce"] == pytest.approx(717)
    assert np.isnan(comp.loc["region", "cumulative_cut"])


def test_shigatse_high_growth_by_hand():
    """The issue's question: 日喀则 at 12 %/yr, elasticity 0.8 (annex 1: 2015 consumption 78, cut 9 %,
    increment 59 -> cap 137). Energy grows 0.8 * 12 % = 9.6 %/yr:
    1.096^2 = 1.201216, ^4 = 1.442920, ^5 = 1.581440; 78 * 1.581440 = 123.3523;
    cut = 1 - (1.096/1.12)^5 = 1 - 0.978571^5 = 1 - 0.897352 = 0.102648 >= 9 %;
    1.12^5 = 1.762342; intensity allows 78 * 1.762342 * 0.91 = 125.0910 < cap 137, so intensity
    binds, headroom 125.0910 - 123.3523 = 1.7387. 2016: 78 * 1.096 = 85.488."""
    proj = sc.project("high_growth", units=["shigatse"], plan=TIBET)
    row = sc.compliance(proj, plan=TIBET).set_index("unit").loc["shigatse"]
    assert row["energy_target_10k_tce"] == pytest.approx(123.3523, abs=1e-4)
    assert row["cumulative_cut"] == pytest.approx(0.102648, abs=1e-6)
    assert row["intensity_met"] and row["cap_met"]
    assert row["binding"] == "intensity"
    assert row["allowed_target_10k_tce"] == pytest.approx(125.0910, abs=1e-4)
    assert row["headroom_10k_tce"] == pytest.approx(1.7387, abs=1e-4)
    yr = proj[proj.unit == "shigatse"].set_index("year")
    assert yr.loc[2016, "energy_10k_tce"] == pytest.approx(85.488, abs=1e-9)
    assert yr.loc[2016, "gdp_index"] == pytest.approx(1.12)


def test_region_intensity_only_with_a_shared_growth_path():
    # even_pace: every prefecture at 10 % GDP growth -> the regional intensity is exact and equals
    # the energy-weighted cut of annex 1:
    # (215*12 + 78*9 + 51*9 + 26*11 + 54*10 + 20*9 + 12*10) / 456 = 4867 / 456 = 10.67325 %
    comp = sc.compliance(sc.project("even_pace", plan=TIBET), plan=TIBET).set_index("unit")
    assert comp.loc["region", "cumulative_cut"] == pytest.approx(0.1067325, abs=1e-7)
    proj = sc.project("central", plan=TIBET)
    assert "exact" in proj.attrs["region_note"]


def test_growth_window_shigatse_elasticity():
    # cap: (137/78)^(1/5) = 1.119245 -> g <= 0.119245 / 0.8 = 0.149056
    # intensity: q = 0.91^(1/5) = 0.981315 -> g >= (1 - q)/(q - 0.8) = 0.018685/0.181315 = 0.103055
    w = sc.growth_window("shigatse", energy_elasticity=0.8, plan=TIBET)
    assert w["max_gdp_growth"] == pytest.approx(0.149056, abs=1e-6)
    assert w["min_gdp_growth"] == pytest.approx(0.103055, abs=1e-6)
    # an intensity pace below the even pace can never meet the intensity control
    w = sc.growth_window("lhasa", intensity_cut=0.02, plan=TIBET)
    assert not w["feasible"]
    # at the even pace (0.88 per five years) the cap allows up to the implied growth:
    # 拉萨 305 / (215 * 0.88) = 1.612051; ln = 0.477507, /5 = 0.095501, e^x - 1 = 0.100210
    w = sc.growth_window("lhasa", intensity_cut=tr.even_annual_cut(0.12, 5), plan=TIBET)
    assert w["max_gdp_growth"] == pytest.approx(0.100210, abs=1e-6)


def test_feasibility_grid_agrees_with_the_window():
    grid = sc.feasibility_grid("shigatse", gdp_growth=[0.09, 0.12, 0.16], pace=[0.8], mode="energy_elasticity", plan=TIBET)
    assert list(grid["status"]) == ["cap_only", "both", "intensity_only"]


def test_monte_carlo_zero_variance_equals_projection():
    """With no variance every draw is the high_growth projection (12 %/yr, elasticity 0.8: energy
    +9.6 %/yr, 1.096^5 = 1.581440, cut 1 - (1.096/1.12)^5 = 0.102648 everywhere). By hand from annex 1:
    intensity met where the target cut is <= 10.2648 %: 拉萨 12 % no, 日喀则 9 yes, 昌都 9 yes,
    林芝 11 no, 山南 10 yes, 那曲 9 yes, 阿里 10 yes;
    cap met where E2015 * 1.581440 <= cap: 拉萨 340.01 > 305 no, 日喀则 123.35 <= 137 yes,
    昌都 80.65 <= 97 yes, 林芝 41.12 <= 43 yes, 山南 85.40 > 78 no, 那曲 31.63 <= 37 yes, 阿里 18.98 <= 20 yes."""
    zero = {k: 0.0 for k in sc.DEFAULT_SD}
    mc = sc.monte_carlo(500, seed=1, scenario="high_growth", sd=zero, plan=TIBET)
    p = mc.probabilities.set_index("unit")
    by_hand = {  # slug: (p_intensity, p_cap)
        "lhasa": (0.0, 0.0), "shigatse": (1.0, 1.0), "chamdo": (1.0, 1.0), "nyingchi": (0.0, 1.0),
        "shannan": (1.0, 0.0), "nagqu": (1.0, 1.0), "ngari": (1.0, 1.0),
    }
    for slug, (p_int, p_cap) in by_hand.items():
        assert p.loc[slug, "p_intensity"] == p_int, slug
        assert p.loc[slug, "p_cap"] == p_cap, slug
    q = mc.quantiles
    e = q[(q.quantity == "energy_10k_tce") & (q.unit == "lhasa") & (q["quantile"] == 0.5)].set_index("year")
    # 拉萨 215 * 1.096^t, t = 0..5: 215, 235.64, 258.26144, 283.05454, 310.22777, 340.00964
    assert list(e.index) == [2015, 2016, 2017, 2018, 2019, 2020]
    assert e["value"].to_numpy() == pytest.approx([215.0, 235.64, 258.26144, 283.05454, 310.22777, 340.00964],
                                                  rel=1e-6)  # float32 store


def test_monte_carlo_is_seeded_and_chunk_independent():
    a = sc.monte_carlo(20_000, seed=7, plan=TIBET)
    b = sc.monte_carlo(20_000, seed=7, chunk=3_000, plan=TIBET)
    c = sc.monte_carlo(20_000, seed=8, plan=TIBET)
    pd.testing.assert_frame_equal(a.probabilities, b.probabilities)
    pd.testing.assert_frame_equal(a.quantiles, b.quantiles)
    assert not a.probabilities.equals(c.probabilities)
    p = a.probabilities.set_index("unit")
    assert ((p[["p_intensity", "p_cap", "p_both"]].drop(index="region") >= 0) &
            (p[["p_intensity", "p_cap", "p_both"]].drop(index="region") <= 1)).all().all()
    assert (p["p_both"].drop(index="region") <= p[["p_intensity", "p_cap"]].drop(index="region").min(axis=1)).all()


def test_monte_carlo_without_quantiles_gives_the_same_probabilities():
    # the overview's call: probabilities from all draws, no path kept (quantile_draws=0)
    a = sc.monte_carlo(20_000, seed=7, plan=TIBET)
    b = sc.monte_carlo(20_000, seed=7, quantile_draws=0, plan=TIBET)
    pd.testing.assert_frame_equal(a.probabilities, b.probabilities)
    assert b.quantiles.empty and list(b.quantiles.columns) == ["unit", "year", "quantity", "quantile", "value"]
    assert b.assumptions["quantile_draws"] == 0
    # Tibet's 7 units: the default chunk is 65,536 draws (2^19 // 7 = 74,898, capped), as before
    assert a.assumptions["chunk"] == 65_536
    with pytest.raises(sc.ScenarioError, match="quantile_draws = -1 must be at least 0"):
        sc.monte_carlo(100, quantile_draws=-1, plan=TIBET)


def test_monte_carlo_bad_arguments():
    with pytest.raises(sc.ScenarioError, match="monte_carlo: n = 0 must be at least 1"):
        sc.monte_carlo(0, plan=TIBET)
    with pytest.raises(sc.ScenarioError, match="unknown sd key"):
        sc.monte_carlo(10, sd={"gdp": 0.1}, plan=TIBET)
    with pytest.raises(sc.ScenarioError, match="correlation"):
        sc.monte_carlo(10, correlation=2, plan=TIBET)


@pytest.mark.parametrize("body, match", [
    ("central,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\ncentral,xigaze,intensity_cut,0.02,0.02,0.02,0.02,0.02,x\n",
     r"row 3, column 'unit': unknown unit 'xigaze' of plan xizang-13fyp"),
    ("central,lhasa,gdp_growth,0.1,0.1,,0.1,0.1,x\n", r"row 2, column '2018': missing value"),
    ("central,lhasa,gdp_growth,0.1,-1.5,0.1,0.1,0.1,x\n", r"row 2, column '2017': gdp_growth = -1.5 is at or below"),
    ("central,lhasa,gdp_growth,0.1,nan,0.1,0.1,0.1,x\n", r"row 2, column '2017': gdp_growth is NaN"),
    ("central,lhasa,gdp_growth,0.1,abc,0.1,0.1,0.1,x\n", r"row 2, column '2017': 'abc' is not a number"),
    (",lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\n", r"row 2, column 'scenario'"),
    ("central,lhasa,growth,0.1,0.1,0.1,0.1,0.1,x\n", r"row 2, column 'parameter': unknown parameter 'growth'"),
    ("central,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\n", r"lhasa: needs exactly one of"),
    ("central,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\ncentral,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\n",
     r"row 3: duplicate of row 2"),
    ("central,lhasa,intensity_cut,implied,0.1,0.1,0.1,0.1,x\n", r"'implied' applies to gdp_growth only"),
])
def test_bad_scenario_rows_name_file_row_and_column(tmp_path, body, match):
    f = tmp_path / "bad_scenarios.csv"
    f.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(sc.ScenarioError, match=match) as exc:
        sc.load(f, plan=TIBET)
    assert "bad_scenarios.csv" in str(exc.value)


def test_missing_year_column(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("scenario,unit,parameter,2016,2017,2018,2019,rationale\n", encoding="utf-8")
    with pytest.raises(sc.ScenarioError, match=r"row 1\) lacks columns \['2020'\]"):
        sc.load(f, plan=TIBET)


def test_the_old_unit_column_name_is_refused_naming_file_and_column(tmp_path):
    # 0.3.0: the unit column is `unit`; a file with 0.1.0's header `prefecture` (column 2) is refused, and
    # the message names the file, the column and the new name (not a "lacks columns" list)
    f = tmp_path / "old.csv"
    f.write_text("scenario,prefecture,parameter,2016,2017,2018,2019,2020,rationale\n"
                 "x,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,r\n", encoding="utf-8")
    with pytest.raises(JnjpError, match=r"old\.csv: header \(row 1\), column 2 'prefecture': the unit column is now "
                                        r"named 'unit'"):
        sc.load(f, plan=TIBET)
    # the shipped file has the new header
    assert sc.scenario_columns(TIBET)[:3] == ("scenario", "unit", "parameter")


def test_unknown_scenario_name():
    with pytest.raises(sc.ScenarioError, match="unknown scenario 'boom'; valid: plan_consistent"):
        sc.project("boom", plan=TIBET)


def test_scenario_round_trips_through_csv(tmp_path):
    s = sc.Scenario.constant("probe", 0.09, energy_elasticity=0.7, units_=["lhasa"], plan=TIBET)
    f = tmp_path / "s.csv"
    f.write_text(HEADER + s.to_csv_text(), encoding="utf-8")
    back = sc.load(f, plan=TIBET)["probe"]
    pd.testing.assert_frame_equal(sc.project(back, plan=TIBET), sc.project(s, plan=TIBET))


def test_pollutant_paths_where_a_base_is_given(tmp_path):
    # COD base 1.0 (illustrative) growing 2 %/yr: 1.02^2 = 1.0404, ^4 = 1.082432, ^5 = 1.104081
    # <= 拉萨's annex-2 COD cap 1.160
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "p,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\np,lhasa,energy_growth,0.05,0.05,0.05,0.05,0.05,x\n"
                 "p,lhasa,cod_growth,0.02,0.02,0.02,0.02,0.02,x\n", encoding="utf-8")
    base = pd.DataFrame({"unit": ["lhasa"], "pollutant": ["cod"], "emissions_base_10k_t": [1.0]})
    proj = sc.project(sc.load(f, plan=TIBET)["p"], pollutant_base=base, plan=TIBET)
    assert proj.query("unit == 'lhasa' and year == 2020")["cod_10k_t"].iloc[0] == pytest.approx(1.104081, abs=1e-6)
    assert bool(sc.compliance(proj, plan=TIBET).set_index("unit").loc["lhasa", "cod_met"])


def test_cli_scenarios(capsys):
    from jnjp_analysis import cli

    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "plan_consistent" in out and "high_growth" in out


def test_the_default_plan_is_tibets_and_can_be_named():
    # a scenario read from Tibet's file knows its plan and its years 2016-2020; naming the plan changes nothing
    central = sc.get("central", plan=TIBET)
    assert central.plan is not None and central.plan.id == "xizang-13fyp"
    assert central.years == (2016, 2017, 2018, 2019, 2020)
    pd.testing.assert_frame_equal(sc.project("central", plan="xizang-13fyp"), sc.project("central", plan=TIBET))
    pd.testing.assert_frame_equal(sc.compliance(sc.project("central", plan=TIBET), plan=TIBET),
                                  sc.compliance(sc.project(central, plan=TIBET), plan="xizang-13fyp"))
