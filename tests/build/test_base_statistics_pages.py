"""Base-year statistics on the briefing (issue 30, item 2): cn-14fyp's 2020 consumption, cited from the
statistical communiqué (register row O2: "全年能源消費總量49.8億噸標準煤" = 498000 10^4 tce), shown with its
source in both languages; text of a statistic is data, escaped on the page; Tibet shows none.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jnjp_analysis.pages.briefing import Briefing

PLANS = Path(__file__).parents[2] / "data" / "plans"
URL = "http://m.zjssba.com/tynfd/hyyw/20210302/55054.html"
SCRIPT = "<script>alert(1)</script>"
LINK = "[x](javascript:alert(2))"


@pytest.mark.parametrize(("lang", "label", "value", "heading"), [
    ("zh", "2020年能源消费总量（引用统计数据）", "498,000 万吨标准煤", "基年统计数据（引自统计来源，非规划原文）"),
    ("en", "2020 energy consumption (cited statistic)", "498,000 10^4 tce",
     "Base-year statistics (cited; not from the plan's text)"),
])
def test_the_cn_14fyp_briefing_shows_the_statistic_and_its_source(lang, label, value, heading):
    b = Briefing("cn", lang=lang, plan="cn-14fyp", scenario_names=None, n_draws=1000)
    # 49.8 亿吨标准煤 = 49.8 × 10000 = 498000 10^4 tce, as the file gives it
    assert b.key_figures()["base_statistics"] == {"energy_10k_tce": 498000}
    table = b.key_figures_table()
    assert [label, value] in table.values.tolist()
    src = b.record_sources()
    assert heading in src and value in src
    for part in ("国家统计局", "2021-03-02", f"<{URL}>", "全年能源消費總量49.8億噸標準煤", "中华人民共和国2020年国民经济和社会发展统计公报"):
        assert part in src, part


def test_tibet_shows_no_statistic():
    b = Briefing("lhasa", lang="en", n_draws=1000)
    assert "base_statistics" not in b.key_figures()
    assert "Base-year statistics" not in b.record_sources()
    assert "cited statistic" not in " ".join(b.key_figures_table().iloc[:, 0])


@pytest.mark.slow
def test_hostile_text_in_a_statistic_is_escaped_on_the_page(tmp_path):
    pkg = tmp_path / "cn-14fyp"
    shutil.copytree(PLANS / "cn-14fyp", pkg)
    f = pkg / "statistics.csv"
    rows = list(csv.DictReader(f.open(encoding="utf-8")))
    # an invented row: 1013567亿元 × 1 = 1013567 10^8 yuan; its words hostile
    rows.append({"unit": "cn", "indicator": "gdp_current_100m_yuan", "year": "2020", "value": "1013567",
                 "value_text": "1013567亿元", "status": "final", "source_title": f"Title {SCRIPT}",
                 "source_issuer": f"Issuer {LINK}", "source_date": "2021", "source_url": "https://example.org/<b>x</b>",
                 "source_quote": f"GDP 1013567亿元 {SCRIPT}", "note": f"note\n# INJECTED {LINK}"})
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    out = tmp_path / "reports"
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(pkg), "build", "--out", str(out),
                        "--lang", "en", "-p", "cn", "--no-progress", "--jobs", "1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    page = (out / "cn_en.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*>\s*alert", page)
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I)
    assert not re.search(r"<h[1-6][^>]*>\s*INJECTED", page)
    assert "Title &lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert "<b>x</b>" not in page
    assert "1,013,567 10^8 yuan" in page and "498,000 10^4 tce" in page
    kf = json.loads((out / "cn_en.json").read_text(encoding="utf-8"))
    assert kf["base_statistics"] == {"energy_10k_tce": 498000, "gdp_current_100m_yuan": 1013567}
