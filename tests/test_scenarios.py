"""Scenario projections and Monte Carlo. Hand-worked cases in the comments."""

import numpy as np
import pandas as pd
import pytest

from jnjp_analysis import scenarios as sc
from jnjp_analysis import trajectory as tr

HEADER = "scenario,prefecture,parameter,2016,2017,2018,2019,2020,rationale\n"


def test_shipped_scenarios_load():
    sset = sc.load()
    assert {"plan_consistent", "even_pace", "low_growth", "central", "high_growth"} <= set(sset)
    for s in sset.values():
        assert len(s.prefectures) == 7
        assert all(s.rationale.values()), f"{s.name}: every row needs a rationale"


def test_plan_consistent_lands_exactly_on_both_controls():
    comp = sc.compliance(sc.project("plan_consistent")).set_index("prefecture")
    for slug, r in comp.drop(index="region").iterrows():
        assert r["energy_2020_10k_tce"] == pytest.approx(r["cap_2020_10k_tce"], rel=1e-12), slug
        assert r["cumulative_cut"] == pytest.approx(r["target_cut"], abs=1e-12), slug
        assert r["binding"] == "both" and r["intensity_met"] and r["cap_met"]
    # region: energy sums to 717; intensity cannot be aggregated (growth differs by prefecture)
    assert comp.loc["region", "energy_2020_10k_tce"] == pytest.approx(717)
    assert np.isnan(comp.loc["region", "cumulative_cut"])


def test_shigatse_high_growth_by_hand():
    """The issue's question: 日喀则 at 12 %/yr, elasticity 0.8. Energy grows 0.8 * 12 % = 9.6 %/yr:
    78 * 1.096^5 = 78 * 1.581469 = 123.355; cut = 1 - (1.096/1.12)^5 = 0.102648 >= 9 %;
    intensity allows 78 * 1.12^5 * 0.91 = 125.092 < cap 137, so intensity binds, headroom 1.737."""
    proj = sc.project("high_growth", prefectures=["shigatse"])
    row = sc.compliance(proj).set_index("prefecture").loc["shigatse"]
    assert row["energy_2020_10k_tce"] == pytest.approx(78 * 1.096 ** 5)
    assert row["cumulative_cut"] == pytest.approx(1 - (1.096 / 1.12) ** 5)
    assert row["intensity_met"] and row["cap_met"]
    assert row["binding"] == "intensity"
    assert row["headroom_10k_tce"] == pytest.approx(78 * 1.12 ** 5 * 0.91 - 78 * 1.096 ** 5)
    yr = proj[proj.prefecture == "shigatse"].set_index("year")
    assert yr.loc[2016, "energy_10k_tce"] == pytest.approx(78 * 1.096)
    assert yr.loc[2016, "gdp_index"] == pytest.approx(1.12)


def test_region_intensity_only_with_a_shared_growth_path():
    # even_pace: every prefecture at 10 % GDP growth -> the regional intensity is exact and equals
    # the energy-weighted cut 4867/456 = 10.673 % (targets.reconcile)
    comp = sc.compliance(sc.project("even_pace")).set_index("prefecture")
    assert comp.loc["region", "cumulative_cut"] == pytest.approx(4867 / 456 / 100)
    proj = sc.project("central")
    assert "exact" in proj.attrs["region_note"]


def test_growth_window_shigatse_elasticity():
    # cap: (137/78)^(1/5) = 1.119245 -> g <= 0.119245 / 0.8 = 0.149056
    # intensity: q = 0.91^(1/5) = 0.981315 -> g >= (1 - q)/(q - 0.8) = 0.018685/0.181315 = 0.103055
    w = sc.growth_window("shigatse", energy_elasticity=0.8)
    assert w["max_gdp_growth"] == pytest.approx(0.149056, abs=1e-6)
    assert w["min_gdp_growth"] == pytest.approx(0.103055, abs=1e-6)
    # an intensity pace below the even pace can never meet the intensity control
    w = sc.growth_window("lhasa", intensity_cut=0.02)
    assert not w["feasible"]
    # at the even pace the cap allows up to the implied growth
    w = sc.growth_window("lhasa", intensity_cut=tr.even_annual_cut(0.12))
    assert w["max_gdp_growth"] == pytest.approx(tr.implied_gdp_growth("lhasa"))


def test_feasibility_grid_agrees_with_the_window():
    grid = sc.feasibility_grid("shigatse", gdp_growth=[0.09, 0.12, 0.16], pace=[0.8], mode="energy_elasticity")
    assert list(grid["status"]) == ["cap_only", "both", "intensity_only"]


def test_monte_carlo_zero_variance_equals_projection():
    zero = {k: 0.0 for k in sc.DEFAULT_SD}
    mc = sc.monte_carlo(500, seed=1, scenario="high_growth", sd=zero)
    comp = sc.compliance(sc.project("high_growth")).set_index("prefecture")
    p = mc.probabilities.set_index("prefecture")
    for slug in comp.index.drop("region"):
        assert p.loc[slug, "p_intensity"] == float(comp.loc[slug, "intensity_met"])
        assert p.loc[slug, "p_cap"] == float(comp.loc[slug, "cap_met"])
    q = mc.quantiles
    e = q[(q.quantity == "energy_10k_tce") & (q.prefecture == "lhasa") & (q["quantile"] == 0.5)].set_index("year")
    proj = sc.project("high_growth").query("prefecture == 'lhasa'").set_index("year")
    assert e["value"].to_numpy() == pytest.approx(proj["energy_10k_tce"].to_numpy(), rel=1e-6)  # float32 store


def test_monte_carlo_is_seeded_and_chunk_independent():
    a = sc.monte_carlo(20_000, seed=7)
    b = sc.monte_carlo(20_000, seed=7, chunk=3_000)
    c = sc.monte_carlo(20_000, seed=8)
    pd.testing.assert_frame_equal(a.probabilities, b.probabilities)
    pd.testing.assert_frame_equal(a.quantiles, b.quantiles)
    assert not a.probabilities.equals(c.probabilities)
    p = a.probabilities.set_index("prefecture")
    assert ((p[["p_intensity", "p_cap", "p_both"]].drop(index="region") >= 0) &
            (p[["p_intensity", "p_cap", "p_both"]].drop(index="region") <= 1)).all().all()
    assert (p["p_both"].drop(index="region") <= p[["p_intensity", "p_cap"]].drop(index="region").min(axis=1)).all()


def test_monte_carlo_bad_arguments():
    with pytest.raises(sc.ScenarioError, match="monte_carlo: n = 0 must be at least 1"):
        sc.monte_carlo(0)
    with pytest.raises(sc.ScenarioError, match="unknown sd key"):
        sc.monte_carlo(10, sd={"gdp": 0.1})
    with pytest.raises(sc.ScenarioError, match="correlation"):
        sc.monte_carlo(10, correlation=2)


@pytest.mark.parametrize("body, match", [
    ("central,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\ncentral,xigaze,intensity_cut,0.02,0.02,0.02,0.02,0.02,x\n",
     r"row 3, column 'prefecture': unknown prefecture 'xigaze'"),
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
        sc.load(f)
    assert "bad_scenarios.csv" in str(exc.value)


def test_missing_year_column(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("scenario,prefecture,parameter,2016,2017,2018,2019,rationale\n", encoding="utf-8")
    with pytest.raises(sc.ScenarioError, match=r"row 1\) lacks columns \['2020'\]"):
        sc.load(f)


def test_unknown_scenario_name():
    with pytest.raises(sc.ScenarioError, match="unknown scenario 'boom'; valid: plan_consistent"):
        sc.project("boom")


def test_scenario_round_trips_through_csv(tmp_path):
    s = sc.Scenario.constant("probe", 0.09, energy_elasticity=0.7, prefectures_=["lhasa"])
    f = tmp_path / "s.csv"
    f.write_text(HEADER + s.to_csv_text(), encoding="utf-8")
    back = sc.load(f)["probe"]
    pd.testing.assert_frame_equal(sc.project(back), sc.project(s))


def test_pollutant_paths_where_a_base_is_given(tmp_path):
    # COD base 1.0 (illustrative) growing 2 %/yr: 1.02^5 = 1.104081 <= 拉萨's cap 1.160
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "p,lhasa,gdp_growth,0.1,0.1,0.1,0.1,0.1,x\np,lhasa,energy_growth,0.05,0.05,0.05,0.05,0.05,x\n"
                 "p,lhasa,cod_growth,0.02,0.02,0.02,0.02,0.02,x\n", encoding="utf-8")
    base = pd.DataFrame({"prefecture": ["lhasa"], "pollutant": ["cod"], "emissions_2015_10k_t": [1.0]})
    proj = sc.project(sc.load(f)["p"], pollutant_base=base)
    assert proj.query("prefecture == 'lhasa' and year == 2020")["cod_10k_t"].iloc[0] == pytest.approx(1.02 ** 5)
    assert bool(sc.compliance(proj).set_index("prefecture").loc["lhasa", "cod_met"])


def test_cli_scenarios(capsys):
    from jnjp_analysis import cli

    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "plan_consistent" in out and "high_growth" in out
