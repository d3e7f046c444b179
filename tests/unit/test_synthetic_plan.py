"""The generic code on a plan that is not Tibet's: the INVENTED fixture tests/plans/synthetic-4y/.

示例省 (a fictitious province; README.md in the fixture) has a 4-year period, base 2020 → target
2024, three units and two pollutants, with numbers chosen so that every expected value below can
be worked by hand (the comment shows the arithmetic; the literal is asserted, never the model's
own formula):

    unit        cut    E_2020   ΔE   cap 2024   COD   NOx
    甲市 jia    19 %    100     21     121      1.2   2.5
    乙市 yi     10 %     64     17      81      0.8   1.5
    丙州 bing    5 %      8     10      18      0.3   0.6

Useful roots: 0.81^(1/4) = √0.9 = 0.9486833; 1.21^(1/4) = √1.1 = 1.0488088; 1.1^(3/2) = 1.1·√1.1
= 1.1536897; 1.07^4 = 1.1449² = 1.3107960; 1.12^4 = 1.2544² = 1.5735194.
"""

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis.errors import CatalogueError, JnjpError, PlanError, SourceHashError, UnknownUnitError
from jnjp_analysis.model import pacing
from jnjp_analysis.model import trajectory as tr
from jnjp_analysis.pages import words
from jnjp_analysis.plan.load import load

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-4y"
TEXT = "synthetic_plan_fictitious.txt"

plan = load(FIXTURE)
JIA = plan.targets("jia")
YEARS = (2021, 2022, 2023, 2024)


# ------------------------------------------------------------------------------- the plan itself
def test_period_units_and_names_as_printed():
    assert (plan.id, plan.base_year, plan.target_year, plan.T) == ("synthetic-4y", 2020, 2024, 4)
    assert plan.years == YEARS
    assert plan.all_years == (2020, 2021, 2022, 2023, 2024)
    assert plan.slugs == ("jia", "yi", "bing")
    assert [u.name for u in plan.units] == ["甲市", "乙市", "丙州"]
    assert [u.name_en for u in plan.units] == ["Jiashi", "Yishi", "Bingzhou"]
    assert (plan.region.name, plan.level, plan.document_number) == ("示例省", "city", "")
    assert "虚构" in plan.title and "not a real plan" in plan.title_en
    assert [(p.slug, p.name) for p in plan.pollutants] == [("cod", "化学需氧量"), ("nox", "氮氧化物")]


def test_lookups_by_slug_name_short_name_and_english():
    assert plan.unit("yi") is plan.unit("乙市") is plan.unit("乙") is plan.unit("yishi") is plan.unit(" Yishi ")
    assert plan.unit("丙州").slug == "bing" and plan.unit("丙州").short_name == "丙"
    assert plan.name("bing", "en") == "Bingzhou" and plan.name("jia") == "甲市"
    assert plan.unit("示例省").slug == "region"
    with pytest.raises(UnknownUnitError, match=r"unknown unit '丁市' of plan synthetic-4y; valid: jia \(甲市, Jiashi\)"):
        plan.unit("丁市")


def test_targets_per_unit():
    # 甲市: 19 % → 0.19; cap 100 + 21 = 121
    assert (JIA.intensity_cut, JIA.energy_base_10k_tce, JIA.increment_10k_tce) == (0.19, 100, 21)
    assert JIA.cap_target_10k_tce == 121
    assert (JIA.base_year, JIA.target_year, JIA.T, JIA.years, JIA.source_line) == (2020, 2024, 4, YEARS, 26)
    yi, bing = plan.targets("乙市"), plan.targets("Bingzhou")
    # 乙市: 10 %, 64 + 17 = 81; 丙州: 5 %, 8 + 10 = 18
    assert (yi.intensity_cut, yi.energy_base_10k_tce, yi.cap_target_10k_tce, yi.source_line) == (0.10, 64, 81, 27)
    assert (bing.intensity_cut, bing.energy_base_10k_tce, bing.cap_target_10k_tce, bing.source_line) == (0.05, 8, 18, 28)
    e = plan.energy_targets()
    assert list(e["intensity_cut_pct"]) == [19, 10, 5]
    assert list(e["cap_target_10k_tce"]) == [121, 81, 18]
    assert (e.attrs["plan"], e.attrs["base_year"], e.attrs["target_year"]) == ("synthetic-4y", 2020, 2024)


def test_region_is_the_sums_with_an_energy_weighted_cut():
    r = plan.targets("region")
    # ΣE = 100 + 64 + 8 = 172; ΣΔE = 21 + 17 + 10 = 48; cap 172 + 48 = 220
    assert r.energy_base_10k_tce == 172 and r.increment_10k_tce == 48 and r.cap_target_10k_tce == 220
    # Σ E·R / Σ E = (100·0.19 + 64·0.10 + 8·0.05) / 172 = (19 + 6.4 + 0.4) / 172 = 25.8 / 172 = 0.15
    assert r.intensity_cut == pytest.approx(0.15, abs=1e-12)
    assert (r.base_year, r.target_year, r.source_line) == (2020, 2024, None)


def test_pollutant_caps():
    caps = plan.pollutant_caps()
    assert list(zip(caps["unit"], caps["pollutant"], caps["cap_target_10k_t"])) == [
        ("jia", "cod", 1.2), ("jia", "nox", 2.5), ("yi", "cod", 0.8), ("yi", "nox", 1.5),
        ("bing", "cod", 0.3), ("bing", "nox", 0.6)]
    assert plan.cap("乙市", "nox") == 1.5
    # region: COD 1.2 + 0.8 + 0.3 = 2.3; NOx 2.5 + 1.5 + 0.6 = 4.6 (as printed in clause （一）)
    assert plan.cap("region", "cod") == 2.3
    assert plan.cap("region", "nox") == 4.6
    with pytest.raises(UnknownUnitError, match="sets no target for a pollutant 'so2'"):
        plan.cap("jia", "so2")


def test_catalogue_quotes_are_in_the_text():
    from jnjp_analysis.plan.catalogue import regional_targets

    cat = regional_targets(plan=plan).set_index("target_id")
    assert cat.loc["energy_intensity", "value"] == 15.0
    assert (cat.loc["cod_cap", "value"], cat.loc["nox_cap", "value"]) == (2.3, 4.6)
    assert cat.loc["energy_intensity", "target_year"] == 2024


def test_the_descriptor_hash_is_the_texts():
    desc = json.loads((FIXTURE / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "plan")
    data = (FIXTURE / TEXT).read_bytes()
    assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and res["bytes"] == len(data)
    header = (FIXTURE / "scenarios.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "scenario,unit,parameter,2021,2022,2023,2024,rationale"


# ---------------------------------------------------------------------------------------- faults
@pytest.fixture
def broken(tmp_path, monkeypatch):
    """A copy of the fixture to break; returns its folder (named as its id)."""
    monkeypatch.delenv("JNJP_ALLOW_MODIFIED_SOURCE", raising=False)
    dst = tmp_path / "synthetic-4y"
    shutil.copytree(FIXTURE, dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_value_text_not_on_its_line_is_refused(broken):
    # row 2 of targets.csv is jia's cut "19", said to be on line 27 (乙市's row: 10 64 17 0.8 1.5)
    _edit(broken / "targets.csv", "jia,intensity_cut_pct,19,19,26", "jia,intensity_cut_pct,19,19,27")
    with pytest.raises(CatalogueError, match=r"targets\.csv, row 2, column 'value_text': line 27 is not 甲市's row of 附表: it is 乙市 \(yi\)'s") as exc:
        load(broken)
    assert "乙市" in str(exc.value)  # the line is quoted


def test_a_value_that_differs_from_its_value_text_is_refused(broken):
    # row 3: jia's base consumption typed as 101, but the text says 100
    _edit(broken / "targets.csv", "jia,energy_base_10k_tce,100,100,26", "jia,energy_base_10k_tce,101,100,26")
    with pytest.raises(CatalogueError, match=r"targets\.csv, row 3: value 101 but its value text '100' says 100"):
        load(broken)


def test_an_unknown_unit_is_refused(broken):
    # row 12: bing's cut given to a unit 丁 (ding) that units.csv does not have
    _edit(broken / "targets.csv", "bing,intensity_cut_pct,5,5,28", "ding,intensity_cut_pct,5,5,28")
    with pytest.raises(PlanError, match=r"targets\.csv, row 12, column 'unit': 'ding' is not in units\.csv "
                                        r"\(jia, yi, bing\)"):
        load(broken)


def test_a_changed_text_is_refused_naming_the_file_and_both_hashes(broken):
    _edit(broken / TEXT, "下降15%", "下降16%")
    actual = hashlib.sha256((broken / TEXT).read_bytes()).hexdigest()
    with pytest.raises(SourceHashError) as exc:
        load(broken)
    msg = str(exc.value)
    assert str(broken / TEXT) in msg and "datapackage.json" in msg
    assert actual in msg and "ba225563b9fabe92053495fcb6e3d46e734517904ce948473e0536fc5f0e2d12" in msg


def test_a_descriptor_id_that_is_not_the_folder_name_is_refused(broken, tmp_path):
    other = tmp_path / "synthetic-5y"
    broken.rename(other)
    with pytest.raises(PlanError, match=r"synthetic-5y/datapackage\.json: 'jnjp:plan\.id' 'synthetic-4y' must be "
                                        r"the folder's name 'synthetic-5y'"):
        load(other)


# --------------------------------------------------------------------- the model on a 4-year plan
def test_even_annual_cut_and_even_path():
    # a = 1 − 0.81^(1/4) = 1 − √0.9 = 1 − 0.9486833 = 0.0513167
    assert tr.even_annual_cut(JIA.intensity_cut, JIA.years) == pytest.approx(0.0513167, abs=1e-6)
    assert tr.even_annual_cut(0.19, 4) == pytest.approx(0.0513167, abs=1e-6)
    path = tr.even_path(JIA.intensity_cut, JIA.years)
    assert list(path["year"]) == [2020, 2021, 2022, 2023, 2024]
    assert (path.attrs["base_year"], path.attrs["target_year"]) == (2020, 2024)
    p = path.set_index("year")
    # after 2 years: 1 − (√0.9)² = 1 − 0.9 = 0.1; intensity index 0.9
    assert p.loc[2022, "cumulative_cut"] == pytest.approx(0.1, abs=1e-6)
    assert p.loc[2022, "intensity_index"] == pytest.approx(0.9, abs=1e-6)
    # after 3: 1 − 0.9^(3/2) = 1 − 0.9·0.9486833 = 1 − 0.8538150 = 0.1461850
    assert p.loc[2023, "cumulative_cut"] == pytest.approx(0.1461850, abs=1e-6)
    assert p.loc[2024, "cumulative_cut"] == 0.19
    # the same from a count and a base year
    assert tr.even_path(0.19, 4, base_year=2020).set_index("year").loc[2022, "cumulative_cut"] == pytest.approx(
        0.1, abs=1e-6)


def test_cumulative_and_required_remaining_cut_after_two_years():
    # achieved 4 % (2021) and 6 % (2022): 0.96 · 0.94 = 0.9024 remains → cumulative 0.0976
    assert tr.cumulative_cut([0.04, 0.06], YEARS) == pytest.approx(0.0976, abs=1e-6)
    # remaining: (0.81 / 0.9024)^(1/2) = 0.8976064^(1/2) = 0.9474209 → 1 − 0.9474209 = 0.0525791 a year
    assert tr.required_remaining_cut(0.19, [0.04, 0.06], YEARS) == pytest.approx(0.0525791, abs=1e-6)
    assert tr.required_remaining_cut(0.19, {2021: 0.04, 2022: 0.06}, 4, base_year=2020) == pytest.approx(
        0.0525791, abs=1e-6)
    with pytest.raises(JnjpError, match=r"achieved_cuts covers 4 years of 4 \(2021-2024\): no year remains"):
        tr.required_remaining_cut(0.19, [0.05] * 4, YEARS)
    # Tibet's years are outside this plan's period
    with pytest.raises(JnjpError, match=r"achieved_cuts: years \[2016\] outside the plan period 2021-2024"):
        tr.required_remaining_cut(0.19, {2016: 0.04}, YEARS)


def test_cap_path_geometric():
    cp = tr.cap_path(JIA.energy_base_10k_tce, JIA.increment_10k_tce, years=JIA.years)
    assert list(cp["year"]) == [2020, 2021, 2022, 2023, 2024]
    c = cp.set_index("year")
    # annual growth 1.21^(1/4) − 1 = √1.1 − 1 = 0.0488088: 2021 = 100 · 1.0488088 = 104.880885
    assert c.loc[2021, "energy_10k_tce"] == pytest.approx(104.880885, abs=1e-6)
    # year 2: 100 · 1.21^(2/4) = 100 · 1.1 = 110; share of ΔE used (110 − 100) / 21 = 0.476190; time 2/4
    assert c.loc[2022, "energy_10k_tce"] == pytest.approx(110.0, abs=1e-6)
    assert c.loc[2022, "increment_used_share"] == pytest.approx(0.476190, abs=1e-6)
    assert c.loc[2022, "time_share"] == 0.5
    assert c.loc[2024, "energy_10k_tce"] == 121
    # remaining growth from 110 after 2 years: (121 / 110)^(1/2) − 1 = √1.1 − 1 = 0.0488088
    assert tr.remaining_allowed_growth(100, 21, 110, 2, years=JIA.years) == pytest.approx(0.0488088, abs=1e-6)


def test_implied_gdp_growth():
    # 甲市: (121 / (100 · 0.81))^(1/4) − 1 = (121/81)^(1/4) − 1 = (11/9)^(1/2) − 1 = 1.1055416 − 1 = 0.1055416
    assert tr.implied_gdp_growth(JIA) == pytest.approx(0.1055416, abs=1e-6)
    assert tr.implied_gdp_growth(energy_base=100, increment=21, total_cut=0.19, years=4) == pytest.approx(
        0.1055416, abs=1e-6)
    # 丙州: 18 / (8 · 0.95) = 18 / 7.6 = 2.3684211; √ = 1.5389675; √ = 1.2405513 → 0.2405513
    assert tr.implied_gdp_growth(plan.targets("bing")) == pytest.approx(0.2405513, abs=1e-6)


def test_gdp_index_over_the_plans_years():
    g = tr.gdp_index(0.07, JIA.years)
    assert list(g.index) == [2020, 2021, 2022, 2023, 2024]
    # 1.07² = 1.1449; 1.07⁴ = 1.1449² = 1.3107960
    assert g.loc[2022] == pytest.approx(1.1449, abs=1e-6)
    assert g.loc[2024] == pytest.approx(1.3107960, abs=1e-6)
    with pytest.raises(JnjpError, match=r"gdp_growth: 5 values, but the plan period has 4 years \(2021-2024\)"):
        tr.gdp_index([0.07] * 5, JIA.years)


def test_double_control_at_a_constant_growth():
    dcf = tr.double_control(JIA, 0.07)
    dc = dcf.iloc[0]
    # 7 %/yr: 1.07⁴ = 1.3107960; intensity allows 100 · 1.3107960 · 0.81 = 106.174477 < cap 121
    assert dc["gdp_index_target"] == pytest.approx(1.3107960, abs=1e-6)
    assert dc["gdp_growth_avg"] == pytest.approx(0.07, abs=1e-6)
    assert dc["allowed_by_intensity_10k_tce"] == pytest.approx(106.174477, abs=1e-6)
    assert dc["allowed_by_cap_10k_tce"] == 121
    assert dc["binding"] == "intensity"
    assert dc["allowed_target_10k_tce"] == pytest.approx(106.174477, abs=1e-6)
    # headroom 121 − 106.174477 = 14.825523
    assert dc["headroom_10k_tce"] == pytest.approx(14.825523, abs=1e-6)
    assert dc["implied_gdp_growth"] == pytest.approx(0.1055416, abs=1e-6)
    assert (dc["unit"], dc["energy_base_10k_tce"]) == ("jia", 100)
    assert (dcf.attrs["base_year"], dcf.attrs["target_year"]) == (2020, 2024)
    # 12 %/yr: 1.12⁴ = 1.2544² = 1.5735194; 100 · 1.5735194 · 0.81 = 127.455068 > 121: the cap binds, 6.455068 apart
    dc = tr.double_control(JIA, pd.Series([0.12] * 4, index=YEARS)).iloc[0]
    assert dc["binding"] == "cap"
    assert dc["allowed_target_10k_tce"] == 121
    assert dc["headroom_10k_tce"] == pytest.approx(6.455068, abs=1e-6)
    # a growth path on Tibet's years is refused, naming the years expected
    with pytest.raises(JnjpError, match=r"gdp_growth: years \[2016, 2017, 2018, 2019, 2020\] outside the plan "
                                        r"period 2021-2024"):
        tr.double_control(JIA, pd.Series([0.1] * 5, index=range(2016, 2021)))


def test_even_paths_of_a_unit():
    ep = tr.even_paths(JIA)
    assert list(ep["year"]) == [2020, 2021, 2022, 2023, 2024] and set(ep["unit"]) == {"jia"}
    row = ep.set_index("year").loc[2022]
    # both paths after 2 of 4 years: cut 0.1 (see above), consumption 110
    assert row["cumulative_cut"] == pytest.approx(0.1, abs=1e-6)
    assert row["energy_10k_tce"] == pytest.approx(110.0, abs=1e-6)
    assert (ep.attrs["base_year"], ep.attrs["target_year"]) == (2020, 2024)


# A four-year record for 甲市 (R = 19 %). Requirement on the even path 1 − 0.9486833^k:
#   k=1 0.0513167, k=2 0.1, k=3 0.1461850, k=4 0.19. The barometer: green if met; yellow if missed by
#   at most 10 % of the requirement; red beyond; and red where intensity rose.
RECORD = [0.06, 0.035, 0.02, -0.01]


def test_pacing_lights_on_a_four_year_record():
    t = pacing.check(RECORD, targets=JIA)
    assert list(t["year"]) == list(YEARS)
    # 2021: 0.06 ≥ 0.0513167 → green
    # 2022: 1 − 0.94·0.965 = 1 − 0.9071 = 0.0929 < 0.1, but ≥ 0.9 · 0.1 = 0.09 (missed by 7.1 %) → yellow
    # 2023: 1 − 0.9071·0.98 = 1 − 0.888958 = 0.111042 < 0.9 · 0.1461850 = 0.1315665 (missed by 24.0 %) → red
    # 2024: −0.01, intensity rose → red
    assert list(t["intensity_light"]) == ["green", "yellow", "red", "red"]
    assert list(t["cumulative_cut"]) == pytest.approx([0.06, 0.0929, 0.111042, 0.1021524], abs=1e-6)
    assert list(t["requirement"]) == pytest.approx([0.0513167, 0.1, 0.1461850, 0.19], abs=1e-6)
    assert list(t["reason_codes"]) == ["", "intensity_slightly_behind", "intensity_well_behind", "intensity_rose"]
    assert list(words.with_pacing_reasons(t)["reason"]) == ["on schedule", "intensity cut slightly behind schedule",
                                 "intensity cut well behind schedule", "intensity rose"]
    # remaining pace: 1 − (0.81/0.94)^(1/3): 0.8617021, ln = −0.1488458, /3 = −0.0496153, e^x = 0.9515955 → 0.0484045
    # then 1 − (0.81/0.9071)^(1/2) = 1 − 0.8929556^(1/2) = 1 − 0.9449633 = 0.0550367
    # then 1 − 0.81/0.888958 = 1 − 0.9111792 = 0.0888208; none after the last year
    rem = t["required_remaining_cut"].to_numpy()
    assert list(rem[:3]) == pytest.approx([0.0484045, 0.0550367, 0.0888208], abs=1e-6)
    assert pd.isna(rem[3])
    assert (t.attrs["base_year"], t.attrs["target_year"], t.attrs["total_cut"]) == (2020, 2024, 0.19)
    # the same without targets, with the period given
    t2 = pacing.check(RECORD, total_cut=0.19, base_year=2020, years=4)
    assert list(t2["intensity_light"]) == ["green", "yellow", "red", "red"]
    with pytest.raises(JnjpError, match=r"record: 5 values, but the plan period has 4 years \(2021-2024\)"):
        pacing.check([0.05] * 5, targets=JIA)


def test_pacing_verdict_on_a_four_year_record():
    v = pacing.verdict(RECORD, targets=JIA)
    assert v["lights"] == "2021:green 2022:yellow 2023:red 2024:red"
    assert v["first_red"] == 2023
    # best so far 0.06 (2021); the remaining pace 0.0888208 after 2023 exceeds it first
    assert v["implausible_from"] == 2023
    assert v["cumulative_cut"] == pytest.approx(0.1021524, abs=1e-6) and not v["target_met"]
    # log progress −ln(1 − r): 0.0618754, 0.0356275, 0.0202027, −0.0099503; target −ln 0.81 = 0.2107210.
    # last L = 1: 1 − (0.0618754 + 0.0356275 + 0.0202027)/0.2107210 − 1/4 = 1 − 0.5585835 − 0.25 = 0.1914165
    # (L = 2: 1 − 0.0975029/0.2107210 − 1/2 = 0.0372907; L = 3: 1 − 0.0618754/0.2107210 − 3/4 = −0.0436366)
    assert v["back_loading"] == pytest.approx(0.1914165, abs=1e-6)
    assert v["front_loose_back_tight"] and v["verdict"] == "front_loose_back_tight"
    # the even pace a = 1 − √0.9 = 0.05131670 (rounded up to 0.0513168, so that it meets the requirement rather
    # than missing it by a rounding residue) in all four years: green throughout, not back-loaded
    v = pacing.verdict([0.0513168] * 4, targets=JIA)
    assert v["lights"] == "2021:green 2022:green 2023:green 2024:green"
    assert v["back_loading"] == pytest.approx(0.0, abs=1e-6)


def test_consumption_lights_on_a_four_year_record():
    # even geometric path to 121: 104.880885, 110, 115.368973 (100 · 1.1^(3/2)), 121
    rec = pd.DataFrame({"year": list(YEARS), "energy_10k_tce": [104.0, 110.8, 117.5, 122.0]})
    t = pacing.check(rec, targets=JIA)
    # 2021: 104 ≤ 104.880885 → green
    # 2022: 110.8 − 110 = 0.8 ≤ 10 % of the 10 allowed to date = 1.0 → yellow
    # 2023: 117.5 − 115.368973 = 2.131 > 10 % of 15.368973 = 1.536897 → red
    # 2024: 122 > the 2024 cap 121 → red
    assert list(t["energy_light"]) == ["green", "yellow", "red", "red"]
    assert list(t["allowed_path_10k_tce"]) == pytest.approx([104.880885, 110.0, 115.368973, 121.0], abs=1e-6)
    assert words.with_pacing_reasons(t)["reason"].iloc[3] == "consumption above the 2024 cap"
    # share of ΔE used in 2022: (110.8 − 100) / 21 = 0.514286; on the even path 0.476190
    assert t["increment_used_share"].iloc[1] == pytest.approx(0.514286, abs=1e-6)
    v = pacing.verdict(rec, targets=JIA)
    # cap front-loading: max of used − even: 2021 (4 − 4.880885)/21 = −0.041947; 2022 0.514286 − 0.476190 =
    # 0.038095; 2023 (17.5 − 15.368973)/21 = 0.101477; 2024 (22 − 21)/21 = 0.047619 → 0.101477
    assert v["cap_front_loading"] == pytest.approx(0.101477, abs=1e-6)
    assert v["cap_exceeded_from"] == 2024
