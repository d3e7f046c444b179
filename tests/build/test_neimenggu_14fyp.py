"""Inner Mongolia's 14th-period energy-saving and emission-reduction scheme (内政发〔2022〕17号), shipped as
data/plans/neimenggu-14fyp and entered through the plan form from its stored text, as an analyst would
(issue 30).

The text (nmg_14fyp_sxlmgt_excerpt_2022-06-17.txt) is the visible excerpt of a repost, 8 lines; the
targets are all on line 7 (二、主要目标):

    到2025年,全区单位地区生产总值能源消耗比2020年下降15%,能源消费总量得到合理控制,
    化学需氧量、氨氮、氮氧化物、挥发性有机物排放总量比2020年分别下降8%、8%、10%、10%以上。

so: intensity cut 15 % (basic; no incentive level stated), the total in words, COD / NH3-N / NOx / VOCs
cut 8 / 8 / 10 / 10 % from 2020. The record's values are typed here from their quoted sources (real GDP
growth 6.3 % in 2021, 4.2 % in 2022 preliminary, 7.3 % in 2023; energy intensity −3 % in 2024).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "data" / "plans" / "neimenggu-14fyp"
TEXT = PKG / "nmg_14fyp_sxlmgt_excerpt_2022-06-17.txt"
FORM = PKG / "form" / "neimenggu-14fyp.xlsx"
TOTAL_QUOTE = "能源消费总量得到合理控制"  # line 7
ENERGY_QUOTE = "全区单位地区生产总值能源消耗比2020年下降15%"  # line 7
POLLUTANT_QUOTE = "化学需氧量、氨氮、氮氧化物、挥发性有机物排放总量比2020年分别下降8%、8%、10%、10%以上"  # line 7
TITLE = "内蒙古自治区“十四五”节能减排综合工作实施方案"  # line 2
TARGET_LINE = 7


def fill(path: Path) -> None:
    """Fill the empty form at ``path`` from the stored text, as an analyst would: one unit (the region),
    its intensity cut 15 and the four pollutant cuts 8/8/10/10 on line 7, the total stated in words."""
    from openpyxl import load_workbook
    from test_plan_form import _append, _keyed

    from jnjp_analysis.plan import form

    wb = load_workbook(path)
    _keyed(wb[form.PLAN_SHEET], {
        "id": "neimenggu-14fyp", "title": TITLE,
        "title_en": "Inner Mongolia Autonomous Region: comprehensive work scheme for energy saving and emission "
                    "reduction in the 14th Five-Year period",
        "issuer": "内蒙古自治区人民政府", "document_number": "内政发〔2022〕17号", "date_signed": "2022-05-25",
        "date_published": "2022-06-06",
        "url": "http://sxlmgt.com/info/2014011517/201803271746129353/202206171200328271.shtml",
        "base_year": 2020, "target_year": 2025, "level": "province",
        "region_name": "内蒙古自治区", "region_name_en": "Inner Mongolia Autonomous Region",
        "period_name_zh": "“十四五”", "period_name_en": "14th Five-Year"}, "value")
    _append(wb[form.UNITS_SHEET], "slug", [{"slug": "nmg", "name": "内蒙古自治区",
                                            "name_en": "Inner Mongolia", "class": "autonomous region"}])
    pollutants = [("cod", "化学需氧量", "COD", 8, "8"), ("nh3n", "氨氮", "Ammonia nitrogen (NH3-N)", 8, "8"),
                  ("nox", "氮氧化物", "NOx", 10, "10"), ("vocs", "挥发性有机物", "VOCs", 10, "10")]
    _append(wb[form.POLLUTANTS_SHEET], "slug", [{"slug": s, "name": n, "name_en": e, "target": "cut"}
                                                for s, n, e, _, _ in pollutants])
    _append(wb[form.CONTROLS_SHEET], "kind", [
        {"kind": "intensity_cut", "incentive": "no"},
        {"kind": "total_increment", "stated": "words", "quote": TOTAL_QUOTE,
         "note": "二、主要目标 states the total in words only"}])
    _append(wb[form.TARGETS_SHEET], "unit", [
        {"unit": "nmg", "indicator": "intensity_cut_pct", "value": 15, "value_text": "15", "source_line": TARGET_LINE},
        *({"unit": "nmg", "indicator": form.CUT_INDICATOR, "pollutant": s, "value": v, "value_text": t,
           "source_line": TARGET_LINE} for s, _, _, v, t in pollutants)])
    _append(wb[form.CATALOGUE_SHEET], "target_id", [
        {"target_id": "energy_intensity", "clause": "二", "indicator": "Energy consumption per unit of GDP",
         "indicator_zh": "单位地区生产总值能源消耗", "scope": "region", "base_year": 2020, "target_year": 2025,
         "value": 15, "unit": "% cut", "kind": "cut", "value_text": "15%", "quote": ENERGY_QUOTE,
         "note": "二、主要目标; no incentive level is stated"},
        {"target_id": "cod_cut", "clause": "二", "indicator": "COD emissions, cut from 2020",
         "indicator_zh": "化学需氧量排放总量", "scope": "region", "base_year": 2020, "target_year": 2025, "value": 8,
         "unit": "% cut", "kind": "cut", "value_text": "8%", "quote": POLLUTANT_QUOTE},
        {"target_id": "nh3n_cut", "clause": "二", "indicator": "NH3-N emissions, cut from 2020",
         "indicator_zh": "氨氮排放总量", "scope": "region", "base_year": 2020, "target_year": 2025, "value": 8,
         "unit": "% cut", "kind": "cut", "value_text": "8%", "quote": POLLUTANT_QUOTE},
        {"target_id": "nox_cut", "clause": "二", "indicator": "NOx emissions, cut from 2020",
         "indicator_zh": "氮氧化物排放总量", "scope": "region", "base_year": 2020, "target_year": 2025, "value": 10,
         "unit": "% cut", "kind": "cut", "value_text": "10%", "quote": POLLUTANT_QUOTE},
        {"target_id": "vocs_cut", "clause": "二", "indicator": "VOCs emissions, cut from 2020 (at least)",
         "indicator_zh": "挥发性有机物排放总量", "scope": "region", "base_year": 2020, "target_year": 2025,
         "value": 10, "unit": "% cut", "kind": "cut", "value_text": "10%以上", "quote": POLLUTANT_QUOTE}])
    _keyed(wb[form.LABELS_SHEET], {
        "source_title": "《内蒙古自治区“十四五”节能减排综合工作实施方案》（内政发〔2022〕17号，转载节选）",
        "issued": "2022", "plan_id": "neimenggu-14fyp", "whole": "全区", "unit_word": "全区", "T_word": "五",
        "energy_table": "主要目标", "pollutant_table": "主要目标", "tables": "二、主要目标",
        "regional_no": "二", "pacing_no": "", "warning_no": "", "assessment_no": "",
        "record_context": "内蒙古数据来自自治区统计局统计公报、新闻发布会及政府工作报告；2022年、2024年为初步数。"}, "zh")
    _keyed(wb[form.LABELS_SHEET], {
        "source_title": "Inner Mongolia's 14th Five-Year comprehensive work scheme for energy saving and emission "
                        "reduction (内政发〔2022〕17号, excerpt of a repost)",
        "issued": "2022", "plan_id": "neimenggu-14fyp", "whole": "region", "unit_word": "region",
        "units_word": "region", "Unit_word": "Region", "T_word": "five",
        "energy_table": "main targets", "Energy_table": "Main targets", "pollutant_table": "main targets",
        "Pollutant_table": "Main targets", "tables": "clause 二 (main targets)",
        "regional_no": "二", "pacing_no": "", "warning_no": "", "assessment_no": "",
        "record_context": "Inner Mongolia's values come from the region's statistical communiqués, the statistics "
                          "bureau's press conferences and the government work report; 2022 and 2024 are "
                          "preliminary."}, "en")
    wb.save(path)


def _plan():
    from jnjp_analysis.plan.load import load

    return load("neimenggu-14fyp")


def _printed(text: str) -> float:
    """The number a value text prints: '15%' → 15, '10%以上' → 10."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)%?(?:以上)?", text)
    assert m, text
    return float(m.group(1))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- the package ---------------------------------------------------------------------------------------------
def test_the_package_loads_with_the_targets_of_line_7():
    p = _plan()
    assert (p.id, p.base_year, p.target_year, p.slugs) == ("neimenggu-14fyp", 2020, 2025, ("nmg",))
    assert p.unit("nmg").name == "内蒙古自治区"
    assert p.total_stated == "words" and p.total_words_quote == TOTAL_QUOTE
    t = p.targets("nmg")
    assert t.intensity_cut == 0.15  # 下降15%
    assert t.incentive_cut is None  # no incentive level is stated
    assert t.energy_base_10k_tce is None and t.increment_10k_tce is None
    assert t.source_line == TARGET_LINE
    # 化学需氧量、氨氮、氮氧化物、挥发性有机物 … 分别下降8%、8%、10%、10%以上
    cuts = {(u, pol): v for u, pol, v, _ in p.cuts}
    assert cuts == {("nmg", "cod"): 0.08, ("nmg", "nh3n"): 0.08, ("nmg", "nox"): 0.10, ("nmg", "vocs"): 0.10}
    assert p.copy is not None and p.copy["kind"] == "excerpt" and "sxlmgt.com" in p.copy["url"]
    assert "三" in p.copy["not_visible"]


def test_every_target_walks_to_its_quoted_source():
    text = TEXT.read_text(encoding="utf-8")
    line = text.splitlines()[TARGET_LINE - 1]
    assert line.startswith("到2025年,全区单位地区生产总值能源消耗比2020年下降15%")
    targets = _rows(PKG / "targets.csv")
    assert {(r["indicator"], r["value"]) for r in targets} == {
        ("intensity_cut_pct", "15"), ("cod_cut_pct", "8"), ("nh3n_cut_pct", "8"), ("nox_cut_pct", "10"),
        ("vocs_cut_pct", "10")}
    for r in targets:
        assert int(r["source_line"]) == TARGET_LINE
        assert r["value_text"] + "%" in line and float(r["value"]) == _printed(r["value_text"]), r
    catalogue = _rows(PKG / "catalogue.csv")
    assert [r["target_id"] for r in catalogue] == ["energy_intensity", "cod_cut", "nh3n_cut", "nox_cut", "vocs_cut"]
    for r in catalogue:
        assert r["quote"] in line and r["value_text"] in r["quote"], r
        assert float(r["value"]) == _printed(r["value_text"]), r
    assert TOTAL_QUOTE in line


# the record, typed from the sources (provinces' register M1-M5): (year, indicator) → (value, status, as printed)
RECORD = {(2021, "gdp_growth"): (0.063, "preliminary", "增長6.3%"),
          (2022, "gdp_growth"): (0.042, "preliminary", "增长4.2%"),
          (2023, "gdp_growth"): (0.073, "not_stated", "增长7.3%"),
          (2024, "intensity_change"): (-0.03, "preliminary", "能耗下降3%")}


def test_every_record_value_walks_to_its_quoted_source():
    rows = _rows(PKG / "records" / "record.csv")
    got = {(int(r["year"]), r["indicator"]): r for r in rows}
    assert set(got) == set(RECORD)
    for key, (value, status, printed) in RECORD.items():
        r = got[key]
        assert r["unit"] == "nmg" and float(r["value"]) == value and r["status"] == status, key
        assert printed in r["source_quote"], key
        assert r["source_url"].startswith("http") and r["source_title"] and r["source_issuer"], key
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["source_date"]), key
    assert "basis" not in rows[0]  # the 2024 source states no statistical basis: none is claimed


def test_the_central_scenario_is_the_observed_growth_and_names_its_placeholder():
    from jnjp_analysis.scenarios.definition import read_scenarios

    p = _plan()
    s = read_scenarios(plan=p)["central"]
    # 2021-2023 observed (6.3, 4.2, 7.3 %), 2024 the work report's estimate 6%左右, 2025 the 2024 figure carried
    assert list(s.gdp_growth.loc["nmg"]) == [0.063, 0.042, 0.073, 0.06, 0.06]
    assert s.placeholder  # 2025 has no observed value: every page says the scenario holds a placeholder
    # the even pace of a 15 % cut over five years: 1 − 0.85^(1/5); ln 0.85 = −0.162519, /5 = −0.032504,
    # e^−0.032504 = 0.968019, so 1 − 0.968019 = 0.031981
    assert s.energy_param.loc["nmg", 2021] == pytest.approx(0.03198, abs=1e-5)


# -- the form round trip -------------------------------------------------------------------------------------
def _same_package(out: Path) -> None:
    for name in ("units.csv", "targets.csv", "catalogue.csv", "nmg_14fyp_sxlmgt_excerpt_2022-06-17.txt"):
        assert (out / name).read_bytes() == (PKG / name).read_bytes(), name
    new = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    shipped = json.loads((PKG / "datapackage.json").read_text(encoding="utf-8"))
    assert new["jnjp:plan"] == shipped["jnjp:plan"]
    # the one addition by hand: the copy's provenance (the form has no field for it)
    shipped["resources"][0].pop("jnjp:copy")
    assert new["resources"] == shipped["resources"]


def test_the_committed_form_imports_as_the_shipped_package(tmp_path):
    from jnjp_analysis.plan import form
    from jnjp_analysis.plan.load import load

    out, findings = form.import_form(FORM, TEXT, tmp_path / "neimenggu-14fyp")
    assert not [f for f in findings if f.level == "error"]
    _same_package(out)
    t = load(out).targets("nmg")
    assert t.intensity_cut == 0.15


def test_the_form_filled_afresh_reproduces_the_package(tmp_path):
    from jnjp_analysis.plan import form

    x = form.write_template(tmp_path / "plan.xlsx")
    fill(x)
    out, _ = form.import_form(x, TEXT, tmp_path / "neimenggu-14fyp")
    _same_package(out)


def test_a_word_total_form_writes_a_scenario_the_analyst_must_fill_not_an_implied_growth(tmp_path):
    """A total in words implies no growth: the imported scenario leaves the growth cells empty, and the loader
    names them (before, 'implied' failed deep in the model with no row or column)."""
    from jnjp_analysis.errors import JnjpError
    from jnjp_analysis.plan import form
    from jnjp_analysis.scenarios.definition import read_scenarios

    x = form.write_template(tmp_path / "plan.xlsx")
    fill(x)
    out, _ = form.import_form(x, TEXT, tmp_path / "neimenggu-14fyp")
    rows = _rows(out / "scenarios.csv")
    growth = next(r for r in rows if r["parameter"] == "gdp_growth")
    assert [growth[str(y)] for y in range(2021, 2026)] == [""] * 5 and growth["status"] == "placeholder"
    assert "TO BE FILLED" in growth["rationale"]
    with pytest.raises(JnjpError, match=r"scenarios\.csv, row 2, column '2021': missing value"):
        read_scenarios(plan=out)


# -- slow: the pages -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_pages_build_in_both_languages_with_no_tibet_words(tmp_path):
    from _pages import TIBET_WORDS, built_texts

    texts = built_texts(PKG, tmp_path / "reports")
    assert {"nmg_zh.html", "nmg_en.html", "index.html"} <= set(texts)
    for name in ("nmg_zh.html", "nmg_en.html", "index.html"):
        for w in TIBET_WORDS:
            assert w not in texts[name], (name, w)
    assert "内蒙古自治区" in texts["nmg_zh.html"] and "Inner Mongolia" in texts["nmg_en.html"]
    assert TOTAL_QUOTE in texts["nmg_zh.html"] and TOTAL_QUOTE in texts["nmg_en.html"]
    assert "sxlmgt.com" in texts["nmg_zh.html"] and "sxlmgt.com" in texts["nmg_en.html"]  # the copy, under the title
    # 2025's growth is a placeholder (carried forward): the pages say the scenario holds one
    assert "含占位假设" in texts["nmg_zh.html"] and "holds a placeholder assumption" in texts["nmg_en.html"]
