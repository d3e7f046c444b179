"""Issue 28: a plan of the shapes real plans take loads, grades as its text says and builds every page in both
languages, speaking of that plan only.

The INVENTED fixture tests/plans/synthetic-shapes/ (2020 → 2025, 示例省, three cities): an incentive level for
甲市 only (附表二, line 17: 17 %) with the exemption of a city that meets it (line 8); COD and VOCs caps (附表一,
lines 12-14); units' increments (20 + 10 + 5 = 35) above the province's stated 30, and VOCs caps (1.0 + 0.6 +
0.5 = 2.1) above its 2.0; no numbered clause (targets under 二、主要目标; no pacing, warning or assessment
clause label). Its invented record: real growth 9 %/yr (甲市, 乙市) and 4 %/yr (丙市), 2025 consumption 126.2,
77.5 and 44.0 × 10^4 tce. Worked by hand:

    甲市  GDP × 1.09^5 = 1.538624; 126.2 / (100 × 1.538624) = 0.820213 → cut 17.98 % ≥ 15 % (basic) and ≥ 17 %
          (incentive): incentive met; 126.2 > cap 100 + 20 = 120, exempt (its incentive level met)
    乙市  77.5 / (60 × 1.538624) = 0.839495 → cut 16.05 % ≥ 13 %: met; 77.5 > cap 70: MISSED — it has no
          incentive level, so no exemption (an incentive level of 0 it would always meet was the old defect)
    丙市  GDP × 1.04^5 = 1.216653; 44 / (40 × 1.216653) = 0.904120 → cut 9.59 % < 12 %: missed; 44 ≤ 45: met
    the province: its stated increment 30 (not the cities' 35): cap 200 + 30 = 230
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pages import TIBET_WORDS, YEAR_2015, built_texts

from jnjp_analysis.plan.load import load

SHAPES = Path(__file__).parents[1] / "plans" / "synthetic-shapes"


def test_the_incentive_level_of_one_city_and_the_provinces_stated_increment():
    p = load(SHAPES)
    got = {t.unit: (t.intensity_cut, t.incentive_cut, t.total_exemption, t.energy_base_10k_tce, t.increment_10k_tce)
           for t in p.energy}
    assert got == {"jia": (0.15, 0.17, "incentive_met", 100.0, 20.0), "yi": (0.13, None, "", 60.0, 10.0),
                   "bing": (0.12, None, "", 40.0, 5.0)}
    region = p.targets("region")
    assert (region.energy_base_10k_tce, region.increment_10k_tce, region.incentive_cut) == (200.0, 30.0, None)
    assert (p.cap("jia", "vocs"), p.cap("bing", "cod")) == (1.0, 0.5)


def test_the_target_year_grades_by_hand():
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    p = load(SHAPES)
    res = assessment.period_result(records.load(with_shipped=True, plan=p), plan=p).set_index(["unit", "indicator"])
    assert res.loc[("jia", "energy_intensity"), "achieved"] == pytest.approx(0.179787, abs=1e-6)
    assert res.loc[("yi", "energy_intensity"), "achieved"] == pytest.approx(0.160505, abs=1e-6)
    assert res.loc[("bing", "energy_intensity"), "achieved"] == pytest.approx(0.095880, abs=1e-6)
    assert {k: res.loc[k, "status"] for k in res.index if k[0] != "region"} == {
        ("jia", "energy_intensity"): "incentive_met", ("jia", "energy_total"): "exempt",
        ("yi", "energy_intensity"): "met", ("yi", "energy_total"): "missed",
        ("bing", "energy_intensity"): "missed", ("bing", "energy_total"): "met"}
    assert res.loc[("region", "energy_total"), "target"] == 230.0


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    return built_texts(SHAPES, tmp_path_factory.mktemp("shapes") / "reports")


@pytest.mark.slow
def test_every_page_builds_in_both_languages(pages):
    for unit in ("jia", "yi", "bing", "overview"):
        for lang in ("zh", "en"):
            assert f"{unit}_{lang}.html" in pages, (unit, lang)


@pytest.mark.slow
def test_no_word_of_tibet_on_its_pages(pages):
    for name, text in pages.items():
        for w in TIBET_WORDS:
            assert w not in text, (name, w)
        assert not YEAR_2015.search(text), name


@pytest.mark.slow
def test_its_pages_name_vocs_and_its_excess_as_printed(pages):
    en = pages["overview_en.html"]
    assert "VOCs" in en and "挥发性有机物" in pages["overview_zh.html"]
    # the cities' increments (35) above the province's stated 30: said, never corrected
    assert "add up to 35" in pages["jia_en.html"] and "30" in pages["jia_en.html"]


def test_a_unit_cap_without_the_regions_cap_draws_no_share_of_it(tmp_path):
    # synthetic-4y without its catalogue row cod_cap: the cities' COD caps stand, the province states none
    import shutil

    from jnjp_analysis.pages import charts, page_base

    pkg = tmp_path / "synthetic-4y"
    shutil.copytree(Path(__file__).parents[1] / "plans" / "synthetic-4y", pkg)
    cat = pkg / "catalogue.csv"
    cat.write_text("".join(x for x in cat.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not x.startswith("cod_cap,")), encoding="utf-8")
    fig = charts.pollutant_chart("en", plan=pkg)  # was KeyError 'cod_cap'
    assert [x.get_text() for x in fig.axes[0].get_yticklabels()] == ["NOx"]
    shares = page_base.pollutant_shares_table(load(pkg)).set_index(["unit", "pollutant"])
    assert shares.loc[("jia", "cod"), "regional_cap_target_10k_t"] != shares.loc[("jia", "cod"), "regional_cap_target_10k_t"]
    assert shares.loc[("jia", "nox"), "share_of_regional_cap_pct"] == pytest.approx(100 * 2.5 / 4.6, abs=1e-6)  # 54.3478 %


def test_a_key_figure_that_rounds_to_zero_is_never_negative_zero():
    from jnjp_analysis.pages.briefing import _r

    assert str(_r(-1e-9)) == "0.0" and str(_r(-0.0)) == "0.0" and _r(-0.25, 1) == -0.2


def test_a_kind_without_a_grading_rule_is_never_graded_as_another():
    # a kind added to the list of kinds alone used to fall into the carbon cap's branch and vanish from the grades
    import dataclasses

    from jnjp_analysis.errors import JnjpError
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    p = load(SHAPES)
    odd = dataclasses.replace(p.controls[1], id="renewable_share", kind="renewable_share")  # registered nowhere
    q = dataclasses.replace(p, controls=(*p.controls, odd))
    with pytest.raises(JnjpError, match="the kind 'renewable_share' of 'renewable_share' has no grading rule"):
        assessment.period_result(records.load(with_shipped=True, plan=q), plan=q)
