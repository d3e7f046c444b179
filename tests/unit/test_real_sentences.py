"""Sentences of real plans, read right (issue 30): a target sentence of commas that names the energy
indicators first and then lists the pollutants with 分别.

The sentence is the national 14th-period scheme's, as Xinhua's summary of 2022-01-24 prints it
(data/plans/cn-14fyp): energy intensity −13.5 %, the total in words, COD / NH3-N / NOx / VOCs −8 / −8 /
−10以上 / −10以上 %."""

from __future__ import annotations

from jnjp_analysis.plan import rules

SENT = ("《方案》明确,到2025年,全国单位国内生产总值能源消耗比2020年下降13.5%,能源消费总量得到合理控制,"
        "化学需氧量、氨氮、氮氧化物、挥发性有机物排放总量比2020年分别下降8%、8%、10%以上、10%以上。")
WORDS = rules.family_words([("cod", "化学需氧量"), ("nh3n", "氨氮"), ("nox", "氮氧化物"), ("vocs", "挥发性有机物")])


def _family_of(n: int) -> str | None:
    """The family of the n-th number (after the years) of the sentence."""
    toks = [t for t in rules.values(SENT) if SENT[t.start:t.end] not in ("2025", "2020")]
    return rules.attributed_family(SENT, toks[n], WORDS)


def test_the_pollutant_list_after_the_energy_clauses_pairs_in_order():
    # 13.5 is the energy intensity's; then 8, 8, 10, 10 are COD, NH3-N, NOx, VOCs in the order 分别 lists them
    assert _family_of(0) == rules.indicator_family("intensity_cut_pct")
    assert [_family_of(i) for i in (1, 2, 3, 4)] == ["pollutant:cod", "pollutant:nh3n", "pollutant:nox", "pollutant:vocs"]


def test_the_scheme_loads_with_its_five_numbers_read_from_the_sentence():
    from jnjp_analysis.plan.load import load

    plan = load("cn-14fyp")
    t = plan.targets("cn")
    assert t.intensity_cut == 0.135 and t.energy_base_10k_tce is None  # the total is a word target, no number
    assert plan.total_stated == "words" and plan.total_words_quote == "能源消费总量得到合理控制"
    assert dict((p, c) for _, p, c, _ in plan.cuts) == {"cod": 0.08, "nh3n": 0.08, "nox": 0.10, "vocs": 0.10}
    assert plan.region_carbon_intensity_cut == 0.18  # the outline's, cited from the 2021 work report
    assert plan.copy["kind"] == "summary"


def test_a_number_of_another_pollutant_in_the_list_is_still_refused(tmp_path):
    import shutil

    import pytest

    from jnjp_analysis.errors import CatalogueError
    from jnjp_analysis.plan.load import load

    pkg = tmp_path / "cn-14fyp"
    shutil.copytree(load("cn-14fyp").folder, pkg)
    t = pkg / "targets.csv"
    t.write_text(t.read_text(encoding="utf-8").replace("cn,nh3n_cut_pct,8,8,1", "cn,nh3n_cut_pct,10,10,1"),
                 encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"10 in the sentence is the number of 氮氧化物 \(nox\), not of nh3n_cut_pct"):
        load(pkg)
