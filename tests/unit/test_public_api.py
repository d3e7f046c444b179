"""The public API at the top (0.3.0): ``import jnjp_analysis as jnjp; plan = jnjp.load_plan("xizang-13fyp")``.

Expected numbers are Tibet's plan as printed (annex 1, line 56: 拉萨市 12 %, 215, +90) and worked by hand
in the comments; the same numbers are asserted through the layers' own modules in test_trajectory.py,
test_pacing.py and test_scenarios.py.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import jnjp_analysis as jnjp

ROOT = Path(__file__).resolve().parents[2]
ZERO_SD = {"gdp_growth": 0.0, "intensity_cut": 0.0, "energy_elasticity": 0.0, "energy_growth": 0.0}
HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
SRC = "final,Invented yearbook (test),test office,2021,,,"


def test_importing_the_package_stays_light_and_the_names_come_on_first_use():
    code = ("import sys, jnjp_analysis as jnjp\n"
            "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules, 'heavy import'\n"
            "assert 'load_plan' in dir(jnjp) and 'load_plan' in jnjp.__all__\n"
            "plan = jnjp.load_plan('xizang-13fyp')\n"
            "print(plan.id, plan.base_year, plan.target_year)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["xizang-13fyp", "2015", "2020"]


def test_every_public_name_resolves_and_the_0_1_0_names_are_gone():
    for name in jnjp.__all__:
        assert callable(getattr(jnjp, name)), name
    assert jnjp.load_plan is __import__("jnjp_analysis.plan.load", fromlist=["load"]).load
    # 0.1.0's period constants went in 0.3.0 (a plan's period is on its Plan)
    for old in ("BASE_YEAR", "TARGET_YEAR", "PLAN_YEARS", "T", "source", "prefectures"):
        with pytest.raises(AttributeError):
            getattr(jnjp, old)
    assert jnjp.__version__ == "0.3.0"


def test_tibet_through_the_public_api():
    plan = jnjp.load_plan("xizang-13fyp")
    assert "xizang-13fyp" in jnjp.list_plans()
    assert isinstance(plan, jnjp.Plan)
    lhasa = jnjp.unit_targets(plan, "lhasa")
    assert lhasa == plan.targets("拉萨市") and isinstance(lhasa, jnjp.UnitTargets)
    # annex 1, line 56 of the plan's text: 拉萨市 12 %, 215 × 10^4 tce in 2015, +90
    assert (lhasa.intensity_cut, lhasa.energy_base_10k_tce, lhasa.increment_10k_tce, lhasa.source_line) == (
        0.12, 215, 90, 56)
    assert jnjp.unit_targets("xizang-13fyp", "lhasa") == lhasa
    # even pace 1 − 0.88^(1/5): ln 0.88 = −0.127833, /5 = −0.025567, e^x = 0.974757 -> 0.025243
    assert jnjp.even_annual_cut(lhasa.intensity_cut, lhasa.years) == pytest.approx(0.025243, abs=1e-6)
    assert jnjp.even_path(0.12, lhasa.years).iloc[-1]["cumulative_cut"] == pytest.approx(0.12)
    # after 6 % and 6 %: 0.88 / 0.94² = 0.88 / 0.8836 = 0.995926; ln = −0.004082, /3 = −0.001361 -> 0.001360
    assert jnjp.required_remaining_cut(0.12, [0.06, 0.06], lhasa.years) == pytest.approx(0.001360, abs=1e-6)
    # the geometric cap path: 215 · (305/215)^(1/5) = 230.574 in 2016, exactly 305 in 2020
    cp = jnjp.cap_path(215, 90, years=lhasa.years).set_index("year")["energy_10k_tce"]
    assert (cp[2016], cp[2020]) == (pytest.approx(230.574, abs=1e-3), 305)
    # 305 / (215 · 0.88) = 1.612051; ln = 0.477507, /5 = 0.095501, e^x − 1 = 0.100210
    assert jnjp.implied_gdp_growth(lhasa) == pytest.approx(0.100210, abs=1e-6)
    # 1.08^5 = 1.469328; 215 · 1.469328 · 0.88 = 277.997 < 305: the intensity target binds
    dc = jnjp.double_control(lhasa, 0.08).iloc[0]
    assert (round(dc["allowed_by_intensity_10k_tce"], 3), dc["binding"]) == (277.997, "intensity")


def test_pacing_through_the_public_api():
    lhasa = jnjp.unit_targets("xizang-13fyp", "lhasa")
    # on the even pace every year is green
    assert list(jnjp.pacing_table([0.025243] * 5, targets=lhasa)["light"]) == ["green"] * 5
    # 1 %, 1 %, 2 %, 4 %, 5 %: the cuts pile up in the last years (the guide's example)
    v = jnjp.pacing_verdict([0.01, 0.01, 0.02, 0.04, 0.05], targets=lhasa)
    assert v["verdict"] == "front_loose_back_tight" and v["triggers"] == ("intensity_back_loading",)


def test_scenarios_and_monte_carlo_through_the_public_api():
    plan = jnjp.load_plan("xizang-13fyp")
    assert list(jnjp.load_scenarios(plan=plan)) == ["plan_consistent", "even_pace", "low_growth", "central",
                                                   "high_growth"]  # scenarios.csv, in file order
    # plan_consistent: the implied growth at the even pace lands exactly on both controls (README)
    c = jnjp.compliance(jnjp.project("plan_consistent", plan=plan), plan=plan).set_index("unit").loc["lhasa"]
    assert (c["energy_target_10k_tce"], c["binding"], bool(c["both_met"])) == (pytest.approx(305), "both", True)
    # with no spread every draw is the scenario itself: both controls met in every draw
    mc = jnjp.monte_carlo(50, seed=1, scenario="plan_consistent", units=["lhasa"], sd=ZERO_SD, plan=plan)
    p = mc.probabilities.set_index("unit").loc["lhasa"]
    assert (p["p_intensity"], p["p_cap"], p["p_both"], p["n"]) == (1.0, 1.0, 1.0, 50)


def test_records_and_assessment_through_the_public_api(tmp_path):
    plan = jnjp.load_plan("xizang-13fyp")
    # 拉萨 grows 10 %/yr; consumption 225, 310, 255, 268, 280 in 2016-2020 (2017 above the cap)
    rows = [f"lhasa,{y},gdp_growth,0.10,{SRC}\n" for y in plan.years]
    rows += [f"lhasa,{y},energy_10k_tce,{e},{SRC}\n" for y, e in zip(plan.years, (225, 310, 255, 268, 280))]
    f = tmp_path / "record.csv"
    f.write_text(HEAD + "".join(rows), encoding="utf-8")
    findings = jnjp.check_record(f, plan=plan).findings
    assert not [x for x in findings if x.level == "error"]
    # the one warning is a code with its arguments; the public API says it in words: 310 / 225 − 1 = +37.8 %
    [w] = findings
    assert (w.code, w.message) == ("jump", "")
    assert jnjp.finding_text(w, "en", plan=plan) == ("Lhasa total energy consumption: 225 in 2016 → 310 in 2017 "
                                                      "(+37.8 %, beyond ±25 %)")
    assert jnjp.finding_text(w, "zh", plan=plan) == "拉萨市能源消费总量：2016年225 → 2017年310（+37.8%，超过±25%）"
    rec = jnjp.load_record(f, plan=plan)
    r = jnjp.period_result(rec, plan=plan, units=["lhasa"]).set_index("indicator")
    # 1.1^5 = 1.61051; (280 / 215) / 1.61051 = 1.3023256 / 1.61051 = 0.8086417: a cut of 0.191358 ≥ 12 %
    assert r.loc["energy_intensity", "achieved"] == pytest.approx(0.191358, abs=1e-6)
    assert r.loc["energy_intensity", "status"] == "met"
    # 280 ≤ 215 + 90 = 305
    assert (r.loc["energy_total", "achieved"], r.loc["energy_total", "status"]) == (280, "met")
    # clause (二十三) judges every year: 2017's 310 > 215 + 90 = 305 is red; the other years are green
    # (2019: 268 under the even path 215 · (305/215)^(4/5) = 284.4, a cut of 1 − (268/215)/1.1^4 = 14.9 %
    # beyond the even 1 − 0.88^(4/5) = 9.7 %)
    w = jnjp.early_warning(rec, plan=plan).set_index("unit").loc["lhasa"]
    assert (w["year"], w["light"], w["years"], bool(w["cap_exceeded"])) == (2020, "red", "2017", True)


def test_the_readme_python_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```", section, re.S | re.M)
    assert blocks and "import jnjp_analysis as jnjp" in blocks[0]
    for code in blocks:
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert r.returncode == 0, f"{code}\n--- stderr\n{r.stderr[-3000:]}"
        assert "Traceback" not in r.stderr and "Warning" not in r.stderr, r.stderr
