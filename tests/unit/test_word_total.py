"""A total-consumption control stated in words (issue 30, item 1): a 14th-period plan says only
“能源消费总量得到合理控制”. The plan holds the word target with its quote and no base or increment; double
control grades intensity alone; the total is "stated_in_words", never met or missed; pacing has no
consumption light. The package tests/plans/synthetic-words is INVENTED (its README says so)."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import PlanError
from jnjp_analysis.i18n import t
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import assessment
from jnjp_analysis.records import core as records

WORDS = Path(__file__).parents[1] / "plans" / "synthetic-words"
QUOTE = "能源消费总量得到合理控制"  # line 7 of the invented text


def _copy(tmp_path: Path) -> Path:
    pkg = tmp_path / "synthetic-words"
    shutil.copytree(WORDS, pkg)
    return pkg


def _edit_descriptor(pkg: Path, edit) -> None:
    dp = pkg / "datapackage.json"
    d = json.loads(dp.read_text(encoding="utf-8"))
    edit(d["jnjp:plan"])
    dp.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")


def test_the_plan_loads_with_its_word_total_and_no_base_or_increment():
    p = load_plan(WORDS)
    assert p.total_stated == "words" and not p.has_numeric_total
    assert p.total_words_quote == QUOTE
    assert p.control("total_increment").words_quote == QUOTE
    jia = p.targets("jia")
    assert jia.intensity_cut == 0.135  # 附表, line 15: 甲市　13.5
    assert jia.energy_base_10k_tce is None and jia.increment_10k_tce is None and jia.cap_target_10k_tce is None
    assert p.targets("region").energy_base_10k_tce is None
    cols = set(p.energy_targets().columns)
    assert not cols & {"energy_base_10k_tce", "increment_10k_tce", "cap_target_10k_tce"}


def test_a_word_quote_not_in_the_text_is_refused_naming_the_field(tmp_path):
    pkg = _copy(tmp_path)

    def edit(d):
        d["controlled_indicators"][1]["quote"] = "能源消费总量得到有效控制"  # not the text's words

    _edit_descriptor(pkg, edit)
    with pytest.raises(PlanError, match=r"controlled_indicators\[1\]\.quote"):
        load_plan(pkg)


def test_numeric_base_or_increment_with_a_word_total_is_refused(tmp_path):
    pkg = _copy(tmp_path)
    with (pkg / "targets.csv").open("a", encoding="utf-8") as f:
        f.write("jia,energy_base_10k_tce,100,100,15\n")
    with pytest.raises(PlanError, match=r"row 3, column 'indicator': 'energy_base_10k_tce'.*in words"):
        load_plan(pkg)


def test_a_plan_may_omit_the_total_altogether(tmp_path):
    pkg = _copy(tmp_path)
    _edit_descriptor(pkg, lambda d: d["controlled_indicators"].pop(1))
    p = load_plan(pkg)
    assert p.total_stated == "absent" and p.total_words_quote == ""
    res = assessment.period_result(records.load(plan=p), plan=p)
    assert set(res["indicator"]) == {"energy_intensity"}


def test_the_target_year_grades_intensity_alone_and_the_total_is_stated_in_words():
    p = load_plan(WORDS)
    res = assessment.period_result(records.load(plan=p), plan=p).set_index(["unit", "indicator"])
    r = res.loc[("jia", "energy_intensity")]
    # the record's changes 2021-2025: -3, -3, -2, -3, -4 %: 0.97 × 0.97 = 0.9409; × 0.98 = 0.922082;
    # × 0.97 = 0.89441954; × 0.96 = 0.8586427584; cut = 1 − 0.8586427584 = 0.1413572416 ≥ 0.135: met
    assert r["achieved"] == pytest.approx(0.1413572416, abs=1e-9)
    assert r["status"] == "met"
    w = res.loc[("jia", "energy_total")]
    assert w["status"] == "stated_in_words"
    assert math.isnan(w["target"]) and math.isnan(w["achieved"])
    assert not (res["status"].isin(("met", "missed")) & (res.index.get_level_values("indicator") == "energy_total")).any()


def test_pacing_has_no_consumption_light_the_light_is_the_intensity_light():
    p = load_plan(WORDS)
    op = assessment.observed_pacing(records.load(plan=p), "jia", plan=p)
    tab = op["table"]
    assert "energy_light" not in tab and "energy_10k_tce" not in tab
    assert list(tab["light"]) == list(tab["intensity_light"])
    # 2023: cumulative 1 − 0.97 × 0.97 × 0.98 = 7.7918 % against the even pace 1 − (1 − 0.135)^(3/5) = 8.33 %
    # (0.865^0.6 = e^(0.6 ln 0.865) = e^(−0.08702) = 0.91667): behind by 0.54 point, within 10 % of the
    # requirement (0.833 point): yellow
    assert tab.set_index("year").loc[2023, "cumulative_cut"] == pytest.approx(0.077918, abs=1e-6)
    assert tab.set_index("year").loc[2023, "light"] == "yellow"


def test_the_word_total_has_its_sentence_in_both_languages():
    assert t("result_stated_in_words", "en") == "stated in words; not graded as a number"
    assert t("result_stated_in_words", "zh") == "以文字表述，不作数值考核"
    assert QUOTE in t("total_in_words", "zh", quote=QUOTE) and QUOTE in t("total_in_words", "en", quote=QUOTE)


def test_the_projection_states_no_consumption_number():
    from jnjp_analysis import scenarios

    p = load_plan(WORDS)
    sc = scenarios.read_scenarios(plan=p)["central"]
    proj = scenarios.project(sc, plan=p)
    assert proj["energy_10k_tce"].isna().all() and proj["cap_path_10k_tce"].isna().all()
    c = scenarios.compliance(proj, plan=p).set_index("unit").loc["jia"]
    # 6 %/yr growth and the even pace of 13.5 %: the cut is the target itself, 0.135
    assert c["cumulative_cut"] == pytest.approx(0.135, abs=1e-9)
    assert c["cap_met"] is None and math.isnan(c["cap_target_10k_tce"])
