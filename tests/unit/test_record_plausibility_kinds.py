"""Record plausibility for the target kinds without an amount per unit in the plan (issue 28): pollutants
the plan cuts from the base year, and CO2 emissions against a carbon total cap. On the INVENTED fixture
tests/plans/synthetic-kinds/ (2020 base, 2025 target; COD and VOCs cut from 2020: 甲市 8 %, 乙市 7 %,
丙州 6 % of COD) and, for CO2, a copy of it given a regional carbon cap of 500 × 10^4 t CO2 from an invented
outside document. The rules are the record format's (records/record.schema.json, ``jnjp:plausibility``):
an amount off by more than 31.6 × (10^1.5) is refused as a unit slip, by more than 5 × warned.
Every expected number is worked by hand in the comments.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.pages import words
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import core as records

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-kinds"
HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
SRC = "final,Invented yearbook (test),test office,2026,,,"


def _csv(tmp_path: Path, body: str, name: str = "rec.csv") -> Path:
    f = tmp_path / name
    f.write_text(HEAD + body, encoding="utf-8")
    return f


def _row(unit, year, ind, value) -> str:
    return f"{unit},{year},{ind},{value},{SRC}\n"


# ------------------------------------------------------------------------ pollutants cut from the base year
def test_a_base_year_emission_in_tonnes_beside_a_target_year_one_in_10k_t_is_refused(tmp_path):
    plan = load_plan(FIXTURE)
    # 甲市 COD: 2020 typed in tonnes (45500 t), 2025 in 10^4 t (4.55): 4.55 / 45500 = 0.0001 × the base
    # year, a "cut" of 99.99 %, beyond 1/31.6; log10(45500 / 4.55) = 4: 4.55 in 2020, or 45500 in 2025
    res = records.check(_csv(tmp_path, _row("jia", 2020, "cod_10k_t", 45500) + _row("jia", 2025, "cod_10k_t", 4.55)),
                        plan=plan)
    assert not res.ok
    (e,) = [e for e in res.errors if e.code == "implausible-amount"]
    assert (e.unit, e.year, e.indicator, e.column, e.value) == ("jia", 2025, "cod_10k_t", "value", "4.55")
    assert "0.0001 × the record's 2020 value 45500 10^4 t (a cut of 99.99 %)" in e.message
    assert e.hint.startswith("one of the two in another unit? 4.55 × 10^4 t in 2020, or 45500 in 2025?")


def test_a_cut_far_beyond_the_usual_is_warned(tmp_path):
    plan = load_plan(FIXTURE)
    # 乙市 COD 2.0 -> 0.3: 0.3 / 2.0 = 0.15 × the base year (an 85 % cut): below 1/5, above 1/31.6: warned;
    # 甲市 5.0 -> 4.55 (0.91 ×, a 9 % cut): nothing
    body = (_row("yi", 2020, "cod_10k_t", 2.0) + _row("yi", 2025, "cod_10k_t", 0.3)
            + _row("jia", 2020, "cod_10k_t", 5.0) + _row("jia", 2025, "cod_10k_t", 4.55))
    res = records.check(_csv(tmp_path, body), plan=plan)
    assert res.ok
    (w,) = [w for w in res.warnings if w.code == "far-from-base"]
    assert (w.unit, w.year) == ("yi", 2025)
    assert words.finding_message(w, plan=plan) == "yi cod_10k_t 2025 = 0.3 × 10^4 t is 0.15 × the record's 2020 value 2: check the unit and the source of both years"
    assert "2020年" in words.finding_text(w, "zh", plan=plan) and "0.15倍" in words.finding_text(w, "zh", plan=plan)


def test_a_cut_pollutant_without_its_base_year_is_warned(tmp_path):
    plan = load_plan(FIXTURE)
    # 丙州 COD in 2025 only: the cut 1 − E(2025) / E(2020) needs the 2020 value
    res = records.check(_csv(tmp_path, _row("bing", 2025, "cod_10k_t", 1.2)), plan=plan)
    assert res.ok
    (w,) = [w for w in res.warnings if w.code == "cut-without-base"]
    assert (w.unit, w.year, w.indicator) == ("bing", 2025, "cod_10k_t")
    assert words.finding_message(w, plan=plan) == "bing cod_10k_t 2025 has a value but the record has none for 2020: the cut from 2020 cannot be graded without it"
    assert "无法评价比2020年的减排" in words.finding_text(w, "zh", plan=plan)
    # with its 2020 value (1.5: 1.2 / 1.5 = 0.8 ×, a 20 % cut) nothing is said
    res = records.check(_csv(tmp_path, _row("bing", 2020, "cod_10k_t", 1.5) + _row("bing", 2025, "cod_10k_t", 1.2),
                             "both.csv"), plan=plan)
    assert res.ok and not [w for w in res.warnings if w.code in ("cut-without-base", "far-from-base")]


# ------------------------------------------------------------------------------- CO2 against a carbon cap
@pytest.fixture()
def carbon_plan(tmp_path):
    """The fixture with a regional carbon total cap of 500 × 10^4 t CO2 (an invented outside document)
    and CO2 emissions in its record format."""
    d = tmp_path / "synthetic-kinds"
    shutil.copytree(FIXTURE, d)
    dp = d / "datapackage.json"
    desc = json.loads(dp.read_text(encoding="utf-8"))
    desc["jnjp:plan"]["controlled_indicators"].append({
        "id": "carbon_total", "kind": "carbon_total_cap", "scope": "region", "value_10k_tco2": 500,
        "source": {"title": "示例自治区碳达峰实施方案（虚构）", "issuer": "示例自治区人民政府（虚构）", "date": "2022-06",
                   "url": "", "quote": "到2025年，全区二氧化碳排放总量控制在500万吨以内（虚构）"}})
    dp.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    sp = d / "records" / "record.schema.json"
    sch = json.loads(sp.read_text(encoding="utf-8"))
    sch["jnjp:indicators"].append({"name": "co2_10k_tco2", "kind": "amount", "unit": "10^4 t CO2", "unit_zh": "万吨二氧化碳",
                                   "minimum": 0, "sum_check": True, "jump_check": True, "label_en": "CO2 emissions",
                                   "label_zh": "二氧化碳排放量"})
    sp.write_text(json.dumps(sch, ensure_ascii=False), encoding="utf-8")
    p = load_plan(d)
    assert p.targets("region").carbon_cap_10k_tco2 == 500.0
    return p


@pytest.mark.parametrize("typed, what", [
    # 480 × 10^4 t typed in tonnes: 4,800,000 / 500 = 9600 ×; log10(9600) = 3.98 → 10^4: 480
    ("4800000", "tonnes"),
    # typed in 10^8 t: 0.048 / 500 = 0.000096 ×; log10 = −4.02 → 10^−4: 480
    ("0.048", "10^8 t"),
])
def test_a_regional_co2_total_in_another_unit_is_refused_with_a_hint(tmp_path, carbon_plan, typed, what):
    res = records.check(_csv(tmp_path, _row("region", 2025, "co2_10k_tco2", typed)), plan=carbon_plan)
    assert not res.ok, what
    (e,) = res.errors
    assert (e.code, e.unit, e.year, e.value) == ("implausible-amount", "region", 2025, typed)
    assert e.hint == "480 × 10^4 t CO2? the plan's carbon cap for 示例自治区（全区） is 500"


def test_a_co2_total_far_from_the_cap_is_warned(tmp_path, carbon_plan):
    # 3000 / 500 = 6 ×: beyond 5 ×, within 31.6 ×: accepted with a warning; 520 (1.04 ×): nothing
    res = records.check(_csv(tmp_path, _row("region", 2025, "co2_10k_tco2", 3000)), plan=carbon_plan)
    assert res.ok
    (w,) = [w for w in res.warnings if w.code == "far-from-carbon-cap"]
    assert words.finding_message(w, plan=carbon_plan) == "region co2_10k_tco2 2025 = 3000 × 10^4 t CO2 is 6 × the plan's carbon cap 500: check the unit and the source"
    res = records.check(_csv(tmp_path, _row("region", 2025, "co2_10k_tco2", 520), "ok.csv"), plan=carbon_plan)
    assert res.ok and not [w for w in res.warnings if w.code == "far-from-carbon-cap"]
