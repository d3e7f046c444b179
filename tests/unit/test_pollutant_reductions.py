"""Pollutant reductions by key projects (重点工程减排量, issue 30 item 3): a third pollutant target form beside
caps and cuts — the amount (10^4 t) the key projects must remove by the target year, read by the rule set from
a 分别 list, graded in the target year on the record's achieved reduction (met where achieved ≥ target, not
rateable without a record value).

The fixture is INVENTED (not a real plan): a one-unit province 甲省 whose one sentence sets COD, NH3-N and NOx
reductions of 1.2, 0.1 and 2.5 (10^4 t), with an invented record graded by hand below."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import CatalogueError, PlanError
from jnjp_analysis.plan import rules
from jnjp_analysis.plan.load import load

QINGHAI = Path(__file__).resolve().parents[2] / "data" / "plans" / "qinghai-14fyp"
TEXT = ("甲省“十四五”节能减排方案（虚构测试文本，非真实规划）\n"
        "到2025年,甲省单位地区生产总值能源消耗比2020年下降13%,能源消费总量得到合理控制,"
        "化学需氧量、氨氮、氮氧化物重点工程减排量分别达到1.2、0.1、2.5万吨。\n")
TARGETS = ("unit,indicator,value,value_text,source_line\n"
           "jia,intensity_cut_pct,13,13,2\n"
           "jia,cod_reduction_10k_t,1.2,1.2,2\n"
           "jia,nh3n_reduction_10k_t,0.1,0.1,2\n"
           "jia,nox_reduction_10k_t,2.5,2.5,2\n")
SRC = ",INVENTED,invented,2026-01-01,https://example.org/invented,invented,INVENTED TEST FIXTURE"
# the invented record: COD 1.3 in 2025; NOx 3.0 in 2024 but 2.4 in 2025; no NH3-N value
RECORD = ("unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
          f"jia,2025,cod_reduction_10k_t,1.3,final{SRC}\n"
          f"jia,2024,nox_reduction_10k_t,3.0,final{SRC}\n"
          f"jia,2025,nox_reduction_10k_t,2.4,final{SRC}\n")


def _fixture(tmp: Path, targets: str = TARGETS) -> Path:
    """The invented package, built on the layout of the shipped Qinghai package (its labels and record format)."""
    pkg = tmp / "synthetic-reductions"
    shutil.copytree(QINGHAI, pkg)
    for f in ("qinghai_14fyp_bjx_repost_2022-09-28.txt", "catalogue.csv"):
        (pkg / f).unlink()
    (pkg / "text.txt").write_text(TEXT, encoding="utf-8")
    (pkg / "targets.csv").write_text(targets, encoding="utf-8")
    (pkg / "units.csv").write_text("slug,name,name_en,class\njia,甲省,Province Jia (invented),province\n",
                                   encoding="utf-8")
    (pkg / "scenarios.csv").write_text(
        "scenario,unit,parameter,2021,2022,2023,2024,2025,rationale\n"
        "central,jia,gdp_growth,0.06,0.06,0.06,0.06,0.06,invented\n"
        "central,jia,intensity_cut,even,even,even,even,even,invented\n", encoding="utf-8")
    (pkg / "records" / "record.csv").write_text(RECORD, encoding="utf-8")
    dp = pkg / "datapackage.json"
    d = json.loads(dp.read_text(encoding="utf-8"))
    raw = TEXT.encode("utf-8")
    d["name"] = "synthetic-reductions"
    d["resources"] = [r for r in d["resources"] if r["name"] != "catalogue"]
    d["resources"][0].update(path="text.txt", bytes=len(raw), hash="sha256:" + hashlib.sha256(raw).hexdigest())
    d["resources"][0].pop("jnjp:copy")
    p = d["jnjp:plan"]
    p.update(id="synthetic-reductions", title="甲省节能减排方案（虚构）", document_number="",
             region={"name": "甲省", "name_en": "Province Jia (invented)"})
    p["pollutants"] = [q for q in p["pollutants"] if q["slug"] != "vocs"]
    p["controlled_indicators"][0].pop("incentive")
    dp.write_text(json.dumps(d, ensure_ascii=False, indent=1), encoding="utf-8")
    sf = pkg / "records" / "record.schema.json"
    sch = json.loads(sf.read_text(encoding="utf-8"))
    sch["jnjp:indicators"] = [i for i in sch["jnjp:indicators"] if not i["name"].startswith("vocs")]
    sf.write_text(json.dumps(sch, ensure_ascii=False, indent=1), encoding="utf-8")
    return pkg


def test_the_rule_set_pairs_the_amounts_with_the_names_across_重点工程减排量():
    # "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到0.48、0.03、0.55、0.15万吨": the n-th number is
    # the n-th name's, with 重点工程减排量 between the names and 分别
    s = "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到0.48、0.03、0.55、0.15万吨。"
    words = rules.family_words([("cod", "化学需氧量"), ("nh3n", "氨氮"), ("nox", "氮氧化物"), ("vocs", "挥发性有机物")])
    got = [rules.attributed_family(s, t, words) for t in rules.values(s)]
    assert got == ["pollutant:cod", "pollutant:nh3n", "pollutant:nox", "pollutant:vocs"]
    assert rules.indicator_family("nox_reduction_10k_t") == "pollutant:nox"
    assert rules.indicator_family("nox_reduction") == "pollutant:nox"


def test_the_invented_plan_loads_its_reductions_in_tonnes_not_percent(tmp_path):
    plan = load(_fixture(tmp_path))
    # amounts as stated (10^4 t), not divided by 100 as a cut would be
    assert [(u, p, v) for u, p, v, _ in plan.reductions] == [("jia", "cod", 1.2), ("jia", "nh3n", 0.1),
                                                              ("jia", "nox", 2.5)]
    assert plan.cuts == () and plan.caps == ()
    r = plan.pollutant_reductions()
    assert list(r["reduction_10k_t"]) == [1.2, 0.1, 2.5] and list(r["source_line"]) == [2, 2, 2]


def test_graded_by_hand_met_missed_not_rateable(tmp_path):
    from jnjp_analysis.records import assessment, core

    plan = load(_fixture(tmp_path))
    res = assessment.period_result(core.load(None, plan=plan), lang="en", plan=plan, units=["jia"])
    res = res[res["kind"] == "pollutant_reduction"].set_index("indicator")
    # COD: 1.3 removed by 2025 ≥ 1.2 → met
    assert res.loc["cod_reduction", "status"] == "met" and res.loc["cod_reduction", "achieved"] == 1.3
    # NOx: 2.4 in the target year < 2.5 → missed (2024's 3.0 is not the target year's value)
    assert res.loc["nox_reduction", "status"] == "missed" and res.loc["nox_reduction", "achieved"] == 2.4
    # NH3-N: no record value → not rateable, never a made-up one
    assert res.loc["nh3n_reduction", "status"] == "not_rateable"
    assert res.loc["nh3n_reduction", "target"] == 0.1


def test_the_result_table_and_the_targets_table_show_the_amounts(tmp_path):
    from jnjp_analysis.pages.kinds_view import KindsSection

    plan = load(_fixture(tmp_path))
    for lang, col, ind in (("zh", "化学需氧量重点工程减排量（万吨）", "氮氧化物重点工程减排量（万吨）"),
                           ("en", "COD removed by key projects (10^4 t)", "NOx removed by key projects (10^4 t)")):
        ks = KindsSection(unit=None, lang=lang, plan=plan)
        assert ks.shows()
        t = ks.targets_table()
        assert list(t[col])[-1] == "1.2"  # the unit's row (after the region's)
        rt = ks.result_table()
        row = rt[rt.iloc[:, 1] == ind]
        assert len(row) == 1 and list(row.iloc[:, 2]) == ["2.5"] and list(row.iloc[:, 3]) == ["2.4"]


def test_a_swapped_amount_is_refused_naming_the_row(tmp_path):
    # NOx's 2.5 given as COD's: the rule set reads 2.5 as the third name's (氮氧化物), not COD's
    bad = TARGETS.replace("jia,cod_reduction_10k_t,1.2,1.2,2", "jia,cod_reduction_10k_t,2.5,2.5,2")
    with pytest.raises(CatalogueError, match=r"targets\.csv, row 3, column 'value_text': 2\.5 in the sentence is the "
                                              r"number of 氮氧化物 \(nox\), not of cod_reduction_10k_t"):
        load(_fixture(tmp_path, bad))


def test_a_missing_amount_and_an_unknown_target_form_are_refused(tmp_path):
    with pytest.raises(PlanError, match=r"unit 'jia' lacks the amount its key projects remove of nox"):
        load(_fixture(tmp_path, TARGETS.replace("jia,nox_reduction_10k_t,2.5,2.5,2\n", "")))
    pkg = _fixture(tmp_path / "b")
    dp = pkg / "datapackage.json"
    dp.write_text(dp.read_text(encoding="utf-8").replace('"reduction"', '"removal"', 1), encoding="utf-8")
    with pytest.raises(PlanError, match=r"pollutants\[0\]\.target' 'removal': give one of cap, cut, reduction"):
        load(pkg)
