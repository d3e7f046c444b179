"""Annual targets in a plan package (issue 30, item 4): the optional ``annual_targets.csv``, read into
:attr:`Plan.annual_targets` and graded by :func:`jnjp_analysis.model.annual.annual_grades`.

The plan is a copy of the INVENTED fixture tests/plans/synthetic-kinds (2020 → 2025); the annual targets
below are invented too (their wording is modelled on the national ones: "3%左右", "2%", no number in 2022).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import PlanError
from jnjp_analysis.model.annual import AnnualTarget, Observation, annual_grades
from jnjp_analysis.plan.load import load as load_plan

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-kinds"
HEAD = ["indicator", "year", "value_pct", "qualifier", "value_text", "quote", "source_title", "source_issuer",
        "source_date", "source_url", "note"]
SRC = ["示例自治区政府工作报告（虚构）", "示例自治区人民政府（虚构）", "2021", "", "invented fixture"]
ROWS = [
    ["intensity_cut", "2021", "3", "about", "3%左右", "单位地区生产总值能耗降低3%左右", *SRC],
    ["intensity_cut", "2022", "", "none", "", "能耗强度目标在“十四五”规划期内统筹考核，并留有适当弹性", *SRC],
    ["intensity_cut", "2023", "2", "", "2%", "单位地区生产总值能耗降低2%左右的目标", *SRC],
    ["carbon_intensity_cut", "2024", "3.9", "at_least", "3.9%", "单位地区生产总值二氧化碳排放降低3.9%以上", *SRC],
]


def _plan(tmp_path: Path, rows: list[list[str]], head: list[str] = HEAD) -> Path:
    d = tmp_path / "synthetic-kinds"
    shutil.copytree(FIXTURE, d)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    w.writerows(rows)
    (d / "annual_targets.csv").write_text(buf.getvalue(), encoding="utf-8")
    return d


def test_annual_targets_load_into_the_plan(tmp_path):
    pl = load_plan(_plan(tmp_path, ROWS))
    got = [(k, t.year, t.cut, t.about, t.qualifier, t.value_text) for k, t in pl.annual_targets]
    # value_pct / 100: 3 → 0.03, 2 → 0.02, 3.9 → 0.039; "左右" is about; 2022 sets no number
    assert got == [("intensity_cut", 2021, 0.03, True, "about", "3%左右"),
                   ("intensity_cut", 2022, None, False, "none", ""),
                   ("intensity_cut", 2023, 0.02, False, "", "2%"),
                   ("carbon_intensity_cut", 2024, 0.039, False, "at_least", "3.9%")]
    assert pl.annual_targets[0][1].source_title == "示例自治区政府工作报告（虚构）"
    assert [t.year for t in pl.annual_targets_of("intensity_cut")] == [2021, 2022, 2023]
    assert [t.year for t in pl.annual_targets_of("carbon_intensity_cut")] == [2024]


def test_a_plan_without_the_file_has_no_annual_targets():
    assert load_plan(FIXTURE).annual_targets == ()


def test_the_model_grades_a_year_against_the_plans_target(tmp_path):
    pl = load_plan(_plan(tmp_path, ROWS))
    g = annual_grades([Observation(2021, -0.027, "old"), Observation(2022, -0.001, "old"),
                       Observation(2023, -0.005, "old")], pl.annual_targets_of("intensity_cut")).set_index("year")
    # 2021: cut 2.7 % against about 3 %: short 0.3 points = 10 % of the target, within the 10 % tolerance → yellow
    # 2022: no numeric target → no light; 2023: 0.5 % against 2 %, short 1.5 points (75 %) → red
    assert list(g["result"]) == ["slightly_missed", "no_target", "missed"]
    assert bool(g.loc[2021, "about"]) is True
    assert isinstance(pl.annual_targets[0][1], AnnualTarget)


@pytest.mark.parametrize(("row", "column", "message"), [
    (["energy_total", "2021", "3", "", "3%", "降低3%", *SRC], "indicator", "not a kind with annual targets"),
    (["intensity_cut", "2020", "3", "", "3%", "降低3%", *SRC], "year", "outside the plan's period"),
    (["intensity_cut", "2026", "3", "", "3%", "降低3%", *SRC], "year", "outside the plan's period"),
    (["intensity_cut", "2021", "3", "", "3%", "降低3个百分点", *SRC], "value_text", "not verbatim in the row's quote"),
    (["intensity_cut", "2021", "2.5", "", "3%", "降低3%", *SRC], "value_text", "states 3, but value_pct is 2.5"),
    (["intensity_cut", "2021", "", "", "", "留有适当弹性", *SRC], "value_pct", "qualifier none"),
    (["intensity_cut", "2021", "3", "none", "3%", "降低3%", *SRC], "value_pct", "qualifier none"),
    (["intensity_cut", "2021", "3", "roughly", "3%", "降低3%", *SRC], "qualifier", "'roughly'"),
    (["intensity_cut", "2021", "three", "", "3%", "降低3%", *SRC], "value_pct", "not a number"),
])
def test_a_malformed_row_is_refused_naming_file_row_and_column(tmp_path, row, column, message):
    d = _plan(tmp_path, [ROWS[0] if row[1] != "2021" else ROWS[2], row])
    with pytest.raises(PlanError) as e:
        load_plan(d)
    text = str(e.value)
    assert f"{d / 'annual_targets.csv'}, row 3, column {column}:" in text
    assert message in text


def test_a_year_given_twice_is_refused(tmp_path):
    d = _plan(tmp_path, [ROWS[0], ROWS[2], ROWS[0]])
    with pytest.raises(PlanError, match=r"annual_targets\.csv, row 4, column year: intensity_cut 2021 is given "
                                        r"twice \(rows 2 and 4\)"):
        load_plan(d)


def test_a_missing_column_is_refused(tmp_path):
    d = _plan(tmp_path, [r[:-1] for r in ROWS], head=HEAD[:-1])
    with pytest.raises(PlanError, match=r"annual_targets\.csv, row 1: missing column\(s\) note"):
        load_plan(d)
