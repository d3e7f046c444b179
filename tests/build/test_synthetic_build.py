"""A real `jnjp build --plan` of the INVENTED fixture tests/plans/synthetic-4y/ in both languages
(issue 17: one engine, any plan). The plan is not Tibet's: 示例省 (fictitious), three units, a
4-year period 2020 → 2024 (see tests/test_synthetic_plan.py for the hand-worked model numbers).

Expected key figures of 甲市 (jia: cut 19 %, E_2020 = 100, ΔE = 21, in 10^4 tce), worked by hand:

* cap 2024 = 100 + 21 = 121;
* even annual cut = 1 − 0.81^(1/4) = 1 − √0.9 = 1 − 0.9486833 = 5.13167 %/yr;
* implied growth: ((121/100)/0.81)^(1/4) − 1 = (1.21/0.81)^(1/4) − 1 = (11/9)^(1/2) − 1
  = 1.1055416 − 1 = 10.55416 %/yr;
* the fixture's central scenario (7 %/yr, the even pace): E_2024 = 100 · 1.07^4 · 0.81
  = 100 · 1.3107960 · 0.81 = 106.17448 (10^4 tce), below the cap, so the intensity control binds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parents[1] / "plans" / "synthetic-4y"
TIBET_WORDS = ("西藏", "拉萨", "十三五", "Tibet", "Lhasa", "13th Five-Year", "xizang")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "reports"
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(FIXTURE), "build", "--out", str(out),
                        "--no-progress", "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def _text(html: str) -> str:
    body = re.sub(r"<style.*?</style>|<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_every_page_of_the_plan_is_built_in_both_languages(built):
    names = sorted(p.stem for p in built.glob("*.html"))
    # three units and the overview, each in zh and en, and the index
    assert names == ["bing_en", "bing_zh", "index", "jia_en", "jia_zh", "overview_en", "overview_zh", "yi_en", "yi_zh"]
    for n in names:
        if n != "index":
            assert (built / f"{n}_data.zip").is_file(), n


def test_the_pages_speak_of_the_plan_and_not_of_tibet(built):
    for p in built.glob("*.html"):
        text = _text(p.read_text(encoding="utf-8"))
        for w in TIBET_WORDS:
            assert w not in text, f"{p.name}: {w!r}"
        assert not re.search(r"\{[a-z_A-Z]+\}", text), f"{p.name}: an unfilled placeholder"
    zh = _text((built / "jia_zh.html").read_text(encoding="utf-8"))
    assert "甲市" in zh and "示例省" in zh and "2024年" in zh and "2020年" in zh
    assert "附表" in zh  # the plan's table, as its text names it (jnjp:plan.labels)
    en = _text((built / "overview_en.html").read_text(encoding="utf-8"))
    assert "Jiashi" in en and "Bingzhou" in en and "2024" in en


def test_key_figures_of_jia_are_the_hand_worked_ones(built):
    kf = json.loads((built / "jia_en.json").read_text(encoding="utf-8"))
    assert kf["unit"] == "jia" and kf["name_zh"] == "甲市"
    assert kf["intensity_cut_pct"] == 19
    assert kf["increment_10k_tce"] == 21
    assert kf["even_annual_cut_pct"] == pytest.approx(5.13167, abs=1e-5)
    assert kf["implied_gdp_growth_pct"] == pytest.approx(10.55416, abs=1e-5)
    assert kf["central_binding"] == "intensity"
    assert kf["central_intensity_met"] is True and kf["central_cap_met"] is True
    assert kf["pollutant_caps_10k_t"] == {"cod": 1.2, "nox": 2.5}  # the fixture's table: 1.2, 2.5
    assert kf["pacing_verdict"] == "on schedule"  # the even pace every year
    figures = json.dumps(kf)
    assert "121" in figures  # the cap 100 + 21
    assert "106.174" in figures  # the central scenario's 2024 consumption


def test_the_overview_sums_this_plan_and_says_nothing_of_caps_it_does_not_exceed(built):
    # the units' caps: 121 + 81 + 18 = 220 (10^4 tce); COD 1.2 + 0.8 + 0.3 = 2.3 and NOx 2.5 + 1.5 + 0.6 = 4.6
    # equal the regional caps of clause (一), so no "above the regional caps" note
    zh = _text((built / "overview_zh.html").read_text(encoding="utf-8"))
    en = _text((built / "overview_en.html").read_text(encoding="utf-8"))
    assert "上限之和（220万吨标准煤）" in zh and "(220 × 10^4 tce)" in en
    for page in ("jia_zh", "jia_en"):
        text = _text((built / f"{page}.html").read_text(encoding="utf-8"))
        assert "above the regional caps of clause" not in text and "超过第（一）条" not in text, page


def test_the_index_names_the_plan(built):
    text = _text((built / "index.html").read_text(encoding="utf-8"))
    assert "示例省" in text and "2024 cap" in text
    for w in TIBET_WORDS:
        assert w not in text, w
