"""The national 15th period (data/plans/cn-15fyp): a carbon-led plan, as far as it is published.

The draft outline, as the 2026 government work report presents it, sets a cut of CO2 per unit of GDP of 17 %
over 2026-2030 (line 4 of the stored excerpt) and no energy-intensity target; the 2026 list of main targets
asks for about 3.8 % in 2026 (register row F2). No year of the period is observed yet (the 2026 statistics
come in 2027). The expected numbers are the sources' own or worked by hand in the comment beside them.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from _pages import TIBET_WORDS, built_texts

from jnjp_analysis.errors import JnjpError, PlanError
from jnjp_analysis.pages.briefing import Briefing
from jnjp_analysis.plan.load import load as load_plan

PLAN = load_plan("cn-15fyp")
ROOT = Path(__file__).resolve().parents[2]


def _printed(text: str) -> float:
    return float(re.search(r"\d+(?:\.\d+)?", text).group())


def test_every_target_walks_to_its_quoted_source():
    text = PLAN.text_file.read_text(encoding="utf-8")
    rows = list(csv.DictReader((PLAN.folder / "targets.csv").open(encoding="utf-8")))
    assert [(r["unit"], r["indicator"], r["value"]) for r in rows] == [("cn", "carbon_intensity_cut_pct", "17")]
    assert text.splitlines()[3] == "单位国内生产总值二氧化碳排放累计降低17%"  # line 4, as the summary prints it
    for r in csv.DictReader((PLAN.folder / "catalogue.csv").open(encoding="utf-8")):
        assert r["quote"] in text and float(r["value"]) == _printed(r["value_text"])
    [(kind, a)] = PLAN.annual_targets
    assert (kind, a.year, a.value_text, a.about) == ("carbon_intensity_cut", 2026, "3.8%左右", True)
    assert "单位国内生产总值二氧化碳排放降低3.8%左右" in a.quote and a.source_url.startswith("https://www.jwview.com/")
    # the record holds no value yet: its header only
    assert list(csv.reader((PLAN.folder / "records" / "record.csv").open(encoding="utf-8")))[1:] == []


def test_the_plan_is_carbon_led():
    assert not PLAN.has_energy_intensity and PLAN.has_carbon
    t = PLAN.targets("cn")
    assert t.intensity_cut is None and t.carbon_intensity_cut == 0.17
    assert (PLAN.base_year, PLAN.target_year, PLAN.total_stated) == (2025, 2030, "absent")
    with pytest.raises(JnjpError, match="carbon-led"):
        _ = t.R  # no energy trajectory, scenario, pacing or Monte Carlo to compute


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_key_figures_before_the_first_observed_year(lang):
    kf = Briefing("cn", lang=lang, plan=PLAN).key_figures()
    assert kf["lead"] == "carbon" and kf["carbon_intensity_cut_pct"] == 17.0
    # even pace: 1 − (1 − 0.17)^(1/5); ln 0.83 = −0.186330, /5 = −0.037266, e^… = 0.963420 → 3.6580 %
    assert kf["even_annual_carbon_cut_pct"] == pytest.approx(3.6580, abs=5e-4)
    assert (kf["first_annual_target_year"], kf["first_annual_target_cut_pct"], kf["first_annual_target_about"]) == (
        2026, 3.8, True)
    assert kf["carbon_observed_to"] is None and kf["carbon_change_cum_pct"] is None
    assert "intensity_cut_pct" not in kf and "p_intensity" not in kf  # nothing of an energy scenario


def _with_2026(tmp_path, change: float) -> Path:
    """A copy of the package with one INVENTED 2026 observation (what the first observed year will add)."""
    pkg = tmp_path / "cn-15fyp"
    shutil.copytree(PLAN.folder, pkg)
    with (pkg / "records" / "record.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["cn", 2026, "carbon_intensity_change", change, "preliminary", "", "INVENTED test value", "test",
             "2027-02-28", "https://example.org/invented", f"invented: {change}", "not a statistic"])
    return pkg


@pytest.mark.parametrize("change, result, light", [
    (-0.035, "slightly_missed", "yellow"),  # 3.5 % against about 3.8 %: short by 0.3 ≤ 10 % of 3.8 = 0.38
    (-0.040, "met", "green"),               # 4.0 % ≥ 3.8 %
    (-0.030, "missed", "red"),              # short by 0.8 > 0.38
])
def test_the_first_observed_year_is_graded_against_its_annual_target(tmp_path, change, result, light):
    b = Briefing("cn", lang="en", plan=load_plan(_with_2026(tmp_path, change)))
    row = b.annual_frames()["chart_annual_targets"].set_index("year").loc[2026]
    assert (row["result"], row["light"], row["target_cut"]) == (result, light, pytest.approx(0.038))
    kf = b.key_figures()
    assert (kf["carbon_observed_to"], kf["carbon_change_cum_pct"]) == (2026, pytest.approx(100 * change))


def test_the_pace_still_required_after_the_first_year(tmp_path):
    b = Briefing("cn", lang="en", plan=load_plan(_with_2026(tmp_path, -0.035)))
    pace = b._pace("carbon_intensity_cut").set_index("year")
    # after 2026 at 3.5 %: 1 − (0.83 / 0.965)^(1/4); 0.83/0.965 = 0.860104, ln = −0.150702, /4 = −0.037676,
    # e^… = 0.963025 → 3.6975 % a year for 2027-2030
    assert pace.loc[2026, "required_cut"] == pytest.approx(0.036975, abs=5e-6)


def test_a_scenario_file_is_refused_for_a_carbon_led_plan(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("scenario,unit,parameter,2026,2027,2028,2029,2030,rationale\n", encoding="utf-8")
    with pytest.raises(JnjpError, match="carbon led"):
        Briefing("cn", lang="en", plan=PLAN, scenario_file=str(f))


def _descriptor_with(tmp_path, controls) -> Path:
    pkg = tmp_path / "cn-15fyp"
    shutil.copytree(PLAN.folder, pkg)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["controlled_indicators"] = controls
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return pkg


def test_a_plan_with_no_intensity_cut_at_all_is_refused(tmp_path):
    pkg = _descriptor_with(tmp_path, [{"id": "energy_total", "kind": "total_increment", "stated": "words",
                                       "quote": "国内生产总值增长保持在合理区间"}])
    with pytest.raises(PlanError, match="neither is declared"):
        load_plan(pkg)


def test_a_numeric_total_without_the_energy_intensity_cut_is_refused(tmp_path):
    pkg = _descriptor_with(tmp_path, [{"id": "carbon_intensity", "kind": "carbon_intensity_cut"},
                                      {"id": "energy_total", "kind": "total_increment"}])
    with pytest.raises(PlanError, match="needs the energy 'intensity_cut' beside"):
        load_plan(pkg)


def test_the_plan_builds_in_both_languages_with_nothing_of_tibet(tmp_path):
    out = tmp_path / "site"
    texts = built_texts(PLAN.folder, out)
    assert sorted(p.name for p in out.glob("*.html")) == ["cn_en.html", "cn_zh.html", "index.html"]
    for name, text in texts.items():  # no word of the default plan on another plan's pages, bundles or key figures
        for w in TIBET_WORDS:
            assert w not in text, (name, w)
    en, zh = texts["cn_en.html"], texts["cn_zh.html"]
    for page, words in ((en, ("carbon-reduction targets briefing", "17%", "3.66%", "about 3.8%", "not observed yet",
                              "none: the plan is carbon led")),
                        (zh, ("降碳目标简报", "17%", "3.66%", "3.8%左右", "尚无统计数据"))):
        for w in words:
            assert w in page, w
    # no energy section, no scenario, no Monte Carlo (their headings are the pages' own words)
    for heading in ("Scenario results", "Uncertainty (Monte Carlo)", "Pacing check", "Energy intensity"):
        assert heading not in en, heading
    assert json.loads(texts["cn_en.json"])["lead"] == "carbon"
    assert "no year observed" in texts["index.html"]
