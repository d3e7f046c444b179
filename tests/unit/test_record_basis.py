"""A statistical basis that changes (issue 30, item 5): a record value carries its basis, an official
cumulative figure is a value of its own (a checkpoint, ``intensity_change_cum``), and nothing chains
annual values across a basis break — not the target-year grade, not the pacing, not the checks.

The plan is a copy of the INVENTED fixture tests/plans/synthetic-kinds (2020 → 2025, regional
energy-intensity target −13.5 %) whose record format declares a ``basis`` column and the new
indicators; every record value below is invented, and every expected number is worked by hand.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.model.annual import Checkpoint, Observation
from jnjp_analysis.plan.kinds import KINDS
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import assessment, core

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-kinds"
SRC = "INVENTED TEST FIXTURE: not a statistic,none: invented for the tests of jnjp_analysis,2026,,"


def _indicator(spec_kind: str, name: str) -> dict:
    """A kind's record indicator as the registry defines it, for the base year 2020 (as the form writes it)."""
    x = dict(next(d for d in KINDS[spec_kind].record if d["name"] == name))
    x["label_en"], x["label_zh"] = str(x["label_en"]).format(base=2020), str(x["label_zh"]).format(base=2020)
    if x.get("first_year") == "base+1":
        x["first_year"] = 2021
    return x


def _plan(tmp_path: Path, rows: list[str], *, basis_column: bool = True, header_basis: bool = True) -> Path:
    """The fixture with ``basis`` declared in its record format (after ``status``), the two new indicators
    and their plausibility rules (the registry's), and ``rows`` as its record."""
    d = tmp_path / "synthetic-kinds"
    shutil.copytree(FIXTURE, d)
    f = d / "records" / "record.schema.json"
    s = json.loads(f.read_text(encoding="utf-8"))
    if basis_column:
        at = [x["name"] for x in s["fields"]].index("status") + 1
        s["fields"].insert(at, {"name": "basis", "type": "string", "title": "统计口径 basis"})
    s["jnjp:indicators"] += [_indicator("intensity_cut", "intensity_change_cum"),
                             _indicator("carbon_intensity_cut", "carbon_intensity_change")]
    for k in ("intensity_cut", "carbon_intensity_cut"):
        s["jnjp:plausibility"].update({n: dict(v) for n, v in KINDS[k].plausibility.items()})
    f.write_text(json.dumps(s, ensure_ascii=False), encoding="utf-8")
    head = "unit,year,indicator,value,status" + (",basis" if header_basis else "") + \
        ",source_title,source_issuer,source_date,source_url,source_quote,note"
    (d / "records" / "record.csv").write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return d


def _row(unit: str, year: int, ind: str, value: float, basis: str | None) -> str:
    return f"{unit},{year},{ind},{value},final" + ("" if basis is None else f",{basis}") + f",{SRC},invented"


# the region's energy intensity, invented: 2021–2023 on the old basis, 2024–2025 on the basis of 2024
ANNUAL = [(2021, -0.027, "old"), (2022, -0.001, "old"), (2023, -0.005, "old"), (2024, -0.038, "2024"),
          (2025, -0.051, "2024")]
CHECKPOINT = _row("region", 2024, "intensity_change_cum", -0.116, "2024")  # 2021–2024, on the basis of 2024


def _record(d: Path):
    pl = load_plan(d)
    return core.load(d / "records" / "record.csv", plan=pl), pl


def test_a_record_on_two_bases_with_a_checkpoint_reads_each_value_with_its_basis(tmp_path):
    d = _plan(tmp_path, [_row("region", y, "intensity_change", v, b) for y, v, b in ANNUAL] + [CHECKPOINT])
    rec, _ = _record(d)
    assert rec.observations("region", "intensity_change") == (
        Observation(2021, -0.027, "old"), Observation(2022, -0.001, "old"), Observation(2023, -0.005, "old"),
        Observation(2024, -0.038, "2024"), Observation(2025, -0.051, "2024"))
    # a cumulative value is a checkpoint from the year after the base year (2021) to its own year
    assert rec.checkpoints("region", "intensity_change_cum") == (Checkpoint(2021, 2024, -0.116, "2024"),)
    assert rec.bases("region", "intensity_change") == ("old", "2024")


def test_a_record_without_the_basis_column_reads_as_one_basis(tmp_path):
    # the format declares the column; a file that leaves it out reads each value on basis ""
    d = _plan(tmp_path, [_row("region", 2021, "intensity_change", -0.027, None)], header_basis=False)
    rec, _ = _record(d)
    assert rec.observations("region", "intensity_change") == (Observation(2021, -0.027, ""),)


def test_the_grade_uses_the_checkpoint_and_never_chains_across_the_break(tmp_path):
    d = _plan(tmp_path, [_row("region", y, "intensity_change", v, b) for y, v, b in ANNUAL] + [CHECKPOINT])
    rec, pl = _record(d)
    r = assessment.period_result(rec, plan=pl, units=["region"]).set_index("indicator").loc["energy_intensity"]
    # the checkpoint −11.6 % to 2024, then 2025's −5.1 % on the same basis:
    # 1 − (1 − 0.116)(1 − 0.051) = 1 − 0.884 × 0.949 = 1 − 0.838916 = 0.161084 ≥ 0.135 (basic) and ≥ 0.155
    # (the fixture's incentive level): incentive met
    # (chaining all five annual values across the break would give 1 − 0.973 × 0.999 × 0.995 × 0.962 × 0.949
    #  = 11.70 %, "missed": that is what must not happen)
    assert r["achieved"] == pytest.approx(0.161084, abs=1e-6)
    assert r["status"] == "incentive_met"
    assert r["why_code"] == ""


def test_without_a_checkpoint_the_grade_is_not_rateable_for_the_break(tmp_path):
    d = _plan(tmp_path, [_row("region", y, "intensity_change", v, b) for y, v, b in ANNUAL])
    rec, pl = _record(d)
    r = assessment.period_result(rec, plan=pl, units=["region"]).set_index("indicator").loc["energy_intensity"]
    assert (r["status"], r["why_code"]) == ("not_rateable", "basis_break")
    assert math.isnan(r["achieved"])
    # the pacing does not chain the annual values either: the region has no consumption to pace on instead
    p = assessment.observed_pacing(rec, "region", plan=pl)
    assert p["table"] is None


def test_one_basis_with_a_checkpoint_in_the_target_year_uses_the_checkpoint(tmp_path):
    # one basis throughout; the official cumulative for 2021–2025 (−14 %) is the grade, not the chain of the
    # annual values (1 − 0.973 × 0.999 × 0.995 × 0.962 × 0.949 = 11.70 %): 14 % ≥ 13.5 %, below 15.5 %: met
    rows = [_row("region", y, "intensity_change", v, "") for y, v, _ in ANNUAL]
    rows.append(_row("region", 2025, "intensity_change_cum", -0.14, ""))
    rec, pl = _record(_plan(tmp_path, rows))
    r = assessment.period_result(rec, plan=pl, units=["region"]).set_index("indicator").loc["energy_intensity"]
    assert (r["achieved"], r["status"]) == (pytest.approx(0.14), "met")


# jia (base 2020: 100 × 10^4 tce in the plan) with the fixture's growth 0.08 in 2021 and 2022 and consumption
# 104.3 and 108.7: energy and growth imply 2021: 104.3 / 100 / 1.08 − 1 = −0.034259;
# 2022: 108.7 / 104.3 / 1.08 − 1 = 1.042186 / 1.08 − 1 = −0.035013
JIA = [_row("jia", 2021, "gdp_growth", 0.08, ""), _row("jia", 2021, "energy_10k_tce", 104.3, ""),
       _row("jia", 2022, "gdp_growth", 0.08, ""), _row("jia", 2022, "energy_10k_tce", 108.7, "")]


def test_the_sign_slip_check_does_not_compare_across_a_break(tmp_path):
    # 2022's +0.0350 is 2022's implied −0.0350 with the other sign; on the old basis it is a sign slip
    same = _plan(tmp_path / "a", [*JIA, _row("jia", 2021, "intensity_change", -0.0343, "old"),
                                  _row("jia", 2022, "intensity_change", 0.0350, "old")])
    res = core.check(same / "records" / "record.csv", plan=load_plan(same))
    assert [e.code for e in res.errors] == ["sign-slip"]
    # stated on the basis of 2024 beside 2021's old basis, it is not energy over GDP of the old definition:
    # nothing is compared across the break, the record is accepted and no inconsistency is warned
    broken = _plan(tmp_path / "b", [*JIA, _row("jia", 2021, "intensity_change", -0.0343, "old"),
                                    _row("jia", 2022, "intensity_change", 0.0350, "2024")])
    res = core.check(broken / "records" / "record.csv", plan=load_plan(broken))
    assert res.errors == []
    assert not [w for w in res.warnings if w.code in ("inconsistent", "sign-slip")]


def test_the_new_indicators_have_plausibility_rules_like_their_neighbours(tmp_path):
    # carbon_intensity_change as intensity_change (refused outside (−0.5, 0.5)); intensity_change_cum as the
    # cumulative carbon change (refused outside (−0.75, 0.5)): 0.6 and −0.9 are typing slips
    d = _plan(tmp_path, [_row("region", 2021, "carbon_intensity_change", 0.6, ""),
                         _row("region", 2022, "intensity_change_cum", -0.9, "")])
    res = core.check(d / "records" / "record.csv", plan=load_plan(d))
    assert sorted((e.indicator, e.code) for e in res.errors) == [
        ("carbon_intensity_change", "implausible-rate"), ("intensity_change_cum", "implausible-rate")]


def test_a_basis_is_a_short_label(tmp_path):
    d = _plan(tmp_path, [_row("region", 2021, "intensity_change", -0.027, "x" * 40)])
    res = core.check(d / "records" / "record.csv", plan=load_plan(d))
    assert [(e.code, e.column, e.row) for e in res.errors] == [("basis-label", "basis", 2)]


def test_tibets_record_reads_as_before():
    rec = core.load(plan=load_plan("xizang-13fyp"))
    # no basis column in Tibet's record format: the data keeps its columns, every value is on basis ""
    assert "basis" not in rec.data.columns
    assert list(core.columns(load_plan("xizang-13fyp"))) == ["unit", "year", "indicator", "value", "status", "source_title", "source_issuer",
                                    "source_date", "source_url", "source_quote", "note"]
    obs = rec.observations("region", "gdp_growth")
    assert obs and {o.basis for o in obs} == {""}
    assert [o.change for o in obs] == list(rec.series("region", "gdp_growth"))
