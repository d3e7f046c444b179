"""Issue 28: a plan package is read by position, by one rule set (plan/rules.py) that the loader and the form
share, and it never reaches outside its folder.

Each case edits a copy of the INVENTED fixture tests/plans/synthetic-kinds/ (its table, text lines 26-29):

    地区  基本  激励  2020年能源消费量  增量  二氧化碳  COD  VOCs        line
    甲市   14    16         100          20     18      8    10          27
    乙市   13    15          50          12     17      7     9          28
    丙州   10    12          20           4     15      6     8          29

and its catalogue (text lines 8-10): basic 13.5 %, incentive 15.5 %, increment 36, CO2 17.5 %, COD and VOCs
cuts 7 % and 9 % ("化学需氧量、挥发性有机物排放总量比2020年分别下降7%、9%"). Every case was accepted
without a word before the rule set (the issue's list); each now names the file, row and column.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import CatalogueError, PlanError
from jnjp_analysis.plan import rules
from jnjp_analysis.plan.load import load

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-kinds"


def _pkg(tmp_path, *, targets=(), catalogue=(), desc=None):
    d = tmp_path / "synthetic-kinds"
    shutil.copytree(FIXTURE, d)
    for name, edits in (("targets.csv", targets), ("catalogue.csv", catalogue)):
        p = d / name
        s = p.read_text(encoding="utf-8")
        for a, b in edits:
            assert s.count(a) == 1, a
            s = s.replace(a, b)
        p.write_text(s, encoding="utf-8")
    if desc:
        p = d / "datapackage.json"
        j = json.loads(p.read_text(encoding="utf-8"))
        desc(j["jnjp:plan"])
        p.write_text(json.dumps(j, ensure_ascii=False), encoding="utf-8")
    return d


# ------------------------------------------------------------------ a number from its own column of its own row
@pytest.mark.parametrize("targets, message", [
    # the VOCs cut 10 typed as 甲市's intensity cut (14)
    ([("jia,intensity_cut_pct,14,14,27", "jia,intensity_cut_pct,10,10,27")],
     r"row 2, column 'value_text': intensity_cut_pct is column 1 of 甲市's row in 附表, which prints 14, not '10' "
     r"\('10' is its vocs_cut_pct\)"),
    # base and increment swapped (100/20 -> 20/100): the first one read names it
    ([("jia,energy_base_10k_tce,100,100,27", "jia,energy_base_10k_tce,20,20,27"),
      ("jia,increment_10k_tce,20,20,27", "jia,increment_10k_tce,100,100,27")],
     r"row 4, column 'value_text': energy_base_10k_tce is column 3 of 甲市's row in 附表, which prints 100, not '20'"),
    # 甲市's cut given with 乙市's line
    ([("jia,intensity_cut_pct,14,14,27", "jia,intensity_cut_pct,13,13,28")],
     r"line 28 is not 甲市's row of 附表: it is 乙市 \(yi\)'s"),
    # an increment of 1 "found" in the date 2022年1月1日 (line 30)
    ([("jia,increment_10k_tce,20,20,27", "jia,increment_10k_tce,1,1,30")],
     r"the value text '1' is on line 30 of the text only as part of a date"),
    # a base of 2020 "found" in the header's 2020年 (line 26)
    ([("jia,energy_base_10k_tce,100,100,27", "jia,energy_base_10k_tce,2020,2020,26")],
     r"the value text '2020' is on line 26 of the text only as part of a date"),
    # 4 occurs only inside 14: read by position, the column prints 14
    ([("jia,intensity_cut_pct,14,14,27", "jia,intensity_cut_pct,4,4,27")],
     r"intensity_cut_pct is column 1 of 甲市's row in 附表, which prints 14, not '4'"),
])
def test_a_table_value_is_its_own_column_of_its_own_row(tmp_path, targets, message):
    with pytest.raises(CatalogueError, match=message):
        load(_pkg(tmp_path, targets=targets))


def test_a_table_not_declared_is_not_searched(tmp_path):
    # without jnjp:plan.tables, line 27 (甲市　14　16　100 …) holds seven numbers and no indicator's word
    with pytest.raises(CatalogueError, match=r"line 27 holds several numbers and names no indicator before 14"):
        load(_pkg(tmp_path, desc=lambda d: d.pop("tables")))


def test_a_column_order_the_header_contradicts_is_warned():
    # the fixture's header (line 26) prints 2020年能源消费量 before 能源消费增量; base and increment swapped here
    lines = (FIXTURE / "synthetic_kinds_fictitious.txt").read_text(encoding="utf-8").splitlines()
    cols = ("intensity_cut_pct", "intensity_incentive_cut_pct", "increment_10k_tce", "energy_base_10k_tce",
            "carbon_intensity_cut_pct", "cod_cut_pct", "vocs_cut_pct")
    rep = rules.Report("x")
    rules.check_tables(rep, [rules.Table("附表", 27, 29, cols, 26)], len(lines), list(cols), [{}], lines,
                       rules.family_words([("cod", "化学需氧量"), ("vocs", "挥发性有机物")]))
    assert [(f.level, f.code) for f in rep.findings] == [("warning", "table-header")] * 2
    assert "column increment_10k_tce is headed '2020年能源消费量（万吨标准煤）'" in rep.findings[0].message


# ------------------------------------------------------------------ a sentence's number is its indicator's
def test_the_basic_and_incentive_levels_swapped_in_the_catalogue_are_refused(tmp_path):
    d = _pkg(tmp_path, catalogue=[("（基本目标）,region,2020,2025,13.5,% cut,cut,13.5%",
                                   "（基本目标）,region,2020,2025,15.5,% cut,cut,15.5%")])
    with pytest.raises(CatalogueError, match=r"catalogue\.csv, row 2, column 'value_text': 15\.5 is the sentence's "
                                             r"incentive level \(激励目标\), but the row is energy_intensity"):
        load(d)


def test_a_co2_cut_quoted_from_the_energy_sentence_is_refused(tmp_path):
    d = _pkg(tmp_path, catalogue=[("17.5,% cut,cut,17.5%,单位地区生产总值二氧化碳排放比2020年下降17.5%",
                                   "13.5,% cut,cut,13.5%,完成全区单位地区生产总值能源消耗比2020年下降13.5%的基本目标")])
    with pytest.raises(CatalogueError, match=r"row 5, column 'value_text': 13\.5 in the quote is the number of "
                                             r"能源消耗 \(energy_intensity\), not of carbon_intensity"):
        load(d)


def test_a_list_pairs_its_names_and_numbers_in_order(tmp_path):
    # "化学需氧量、挥发性有机物排放总量比2020年分别下降7%、9%": COD is 7, VOCs 9; COD given 9 is VOCs's
    d = _pkg(tmp_path, catalogue=[("cut,7%,全区", "cut,9%,全区"), (",7,% cut", ",9,% cut")])
    with pytest.raises(CatalogueError, match=r"9 in the quote is the number of 挥发性有机物 \(vocs\), not of cod_cut"):
        load(d)


def test_the_sentence_rules_on_a_printed_negative_and_a_longer_number():
    assert rules.find_value("能源消费增量为-20万吨", "20万吨") == (None, "value-text-sign")
    assert rules.find_value("增量21万吨", "2")[1] == "value-text-inside-number"
    tok, why = rules.find_value("增量控制在36万吨标准煤以内", "36万吨")
    assert why is None and tok is not None and tok.value == 36.0


# ------------------------------------------------------------------ the period is the text's
@pytest.mark.parametrize("years, message", [
    ((2024, 2029), r"base year 2024, but the text measures its targets from 2020 \(比…年\) — did you mean 2020\?"),
    ((2015, 2020), r"base year 2015, but the text measures its targets from 2020"),
    ((2020, 2035), r"target year 2035, but the text sets its targets for 2025 \(到…年\) — did you mean 2025\?"),
])
def test_a_period_that_contradicts_the_text_is_refused(tmp_path, years, message):
    d = _pkg(tmp_path, desc=lambda j: j.update(base_year=years[0], target_year=years[1]))
    with pytest.raises(CatalogueError, match=message):
        load(d)


# ------------------------------------------------------------------ incentive levels for some units only
def test_an_incentive_level_for_some_units_only(tmp_path):
    # 乙市 and 丙州 without an incentive level (their rows removed): they have none, and no exemption
    d = _pkg(tmp_path, targets=[("yi,intensity_incentive_cut_pct,15,15,28\n", ""),
                                ("bing,intensity_incentive_cut_pct,12,12,29\n", "")])
    p = load(d)
    got = {t.unit: (t.incentive_cut, t.total_exemption) for t in p.energy}
    assert got == {"jia": (0.16, "incentive_met"), "yi": (None, ""), "bing": (None, "")}


# ------------------------------------------------------------------ nothing outside the package
def test_a_text_linked_out_of_the_package_is_refused(tmp_path):
    d = _pkg(tmp_path)
    outside = tmp_path / "edited.txt"
    shutil.copy(d / "synthetic_kinds_fictitious.txt", outside)
    (d / "synthetic_kinds_fictitious.txt").unlink()
    os.symlink(outside, d / "synthetic_kinds_fictitious.txt")
    with pytest.raises(PlanError, match=r"synthetic_kinds_fictitious\.txt: a symbolic link in the plan package \(to a "
                                        r"file outside it\)"):
        load(d)


@pytest.mark.parametrize("name", ["units.csv", "targets.csv", "catalogue.csv", "records/record.csv"])
def test_no_package_file_may_be_a_link(tmp_path, name):
    d = _pkg(tmp_path)
    secret = tmp_path / "secret.csv"
    secret.write_text("slug,name,name_en\nsecret,秘密,SECRET LINE\n", encoding="utf-8")
    (d / name).unlink()
    os.symlink(secret, d / name)
    with pytest.raises(PlanError, match="a symbolic link in the plan package") as ei:
        load(d)
    assert "SECRET" not in str(ei.value)


@pytest.mark.parametrize("slug", ["overview", "index", "region"])
def test_a_unit_slug_that_names_a_page_of_the_build_is_refused(tmp_path, slug):
    d = _pkg(tmp_path)
    p = d / "units.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("bing,丙州", f"{slug},丙州"), encoding="utf-8")
    with pytest.raises(PlanError, match=rf"units\.csv, row 4, column 'slug': '{slug}' is not a unit's slug"):
        load(d)


@pytest.mark.parametrize("edit, message", [
    (lambda j: j.clear() or j.update({"x": 1}), r"no 'jnjp:plan' object"),
    (lambda j: j.update(resources="plan.txt"), r"'resources' must be a list of objects"),
    (lambda j: j.update(resources=[["plan"]]), r"'resources' must be a list of objects"),
    (lambda j: j["jnjp:plan"].update(labels={"en": {"whole": ["province"]}}), r"'jnjp:plan\.labels' must be"),
    (lambda j: j["jnjp:plan"].update(period_name={"en": 14}), r"'jnjp:plan\.period_name' must be"),
    (lambda j: j["jnjp:plan"].update(title_en=["x"]), r"'jnjp:plan\.title_en' must be a text"),
    (lambda j: j["jnjp:plan"].update(seed="20180403"), r"'jnjp:plan\.seed' must be a whole number"),
    (lambda j: j["jnjp:plan"].update(pacing_rule="barometer"), r"'jnjp:plan\.pacing_rule' 'barometer': give one of"),
])
def test_a_malformed_descriptor_is_refused_naming_the_field(tmp_path, edit, message):
    d = _pkg(tmp_path)
    p = d / "datapackage.json"
    j = json.loads(p.read_text(encoding="utf-8"))
    edit(j)
    p.write_text(json.dumps(j, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PlanError, match=message):
        load(d)


def test_a_descriptor_that_is_a_list_is_refused(tmp_path):
    d = _pkg(tmp_path)
    (d / "datapackage.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(PlanError, match="the descriptor must be a JSON object, got list"):
        load(d)


def test_a_record_format_runs_no_pattern_of_its_own(tmp_path):
    # "(a+)+b" on a field of the record format: frictionless would run it on every cell (and hang on "aaaa…c")
    from jnjp_analysis.records import core as records

    d = _pkg(tmp_path)
    f = d / "records" / "record.schema.json"
    j = json.loads(f.read_text(encoding="utf-8"))
    next(x for x in j["fields"] if x["name"] == "note").setdefault("constraints", {})["pattern"] = "(a+)+b"
    f.write_text(json.dumps(j), encoding="utf-8")
    with pytest.raises(PlanError, match=r"field 'note', constraints\.pattern: '\(a\+\)\+b' is not the record format's "
                                        r"date pattern"):
        records.schema(load(d))


def test_plan_check_takes_a_shipped_id_from_any_folder(tmp_path):
    # `jnjp plan list` lists xizang-13fyp; `jnjp plan check xizang-13fyp` answered "neither a shipped plan" elsewhere
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "plan", "check", "xizang-13fyp"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "plan xizang-13fyp" in r.stdout and "text verified" in r.stdout
