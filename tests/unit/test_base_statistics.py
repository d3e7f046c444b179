"""Base-year statistics from a cited source (issue 30, item 2): the optional ``statistics.csv`` of a plan
package, read into :attr:`Plan.statistics`.

cn-14fyp ships the one verified value, register row O2 of data/sources/cn-national.csv: the 2020 total
energy consumption, "全年能源消費總量49.8億噸標準煤" (the 2020 statistical communiqué as a repost stores it).
The refusals edit a copy of that package in tmp_path.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import PlanError
from jnjp_analysis.plan.load import load as load_plan

PLANS = Path(__file__).parents[2] / "data" / "plans"
QUOTE = "初步核算,全年能源消費總量49.8億噸標準煤,比上年增長2.2%。"


def test_cn_14fyp_has_the_2020_consumption_from_the_communique():
    pl = load_plan(PLANS / "cn-14fyp")
    s = pl.statistic("cn", "energy_10k_tce")
    assert s is not None
    # 49.8 亿吨标准煤 (億噸標準煤) = 49.8 × 10000 万吨标准煤 = 498000 10^4 tce
    assert s.value == 498000
    assert (s.year, s.value_text, s.status) == (2020, "49.8億噸標準煤", "preliminary")
    assert s.source_quote == QUOTE
    assert (s.source_issuer, s.source_date) == ("国家统计局", "2021-03-02")
    assert s.source_url == "http://m.zjssba.com/tynfd/hyyw/20210302/55054.html"
    assert pl.statistic("cn", "gdp_current_100m_yuan") is None
    assert len(pl.statistics) == 1


def test_a_plan_without_the_file_has_no_statistics():
    assert load_plan(PLANS / "xizang-13fyp").statistics == ()


def _copy(tmp_path: Path, edit: dict[str, str] | None = None, extra: list[dict[str, str]] | None = None) -> Path:
    d = tmp_path / "cn-14fyp"
    shutil.copytree(PLANS / "cn-14fyp", d)
    f = d / "statistics.csv"
    rows = list(csv.DictReader(io.StringIO(f.read_text(encoding="utf-8"))))
    rows[0].update(edit or {})
    rows += extra or []
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    return d


@pytest.mark.parametrize(("edit", "column", "words"), [
    # 49.8 × 10000 = 498000, not 49800 (the factor of 亿吨 forgotten by a digit)
    ({"value": "49800"}, "value", "49.8 × 10000 = 498000"),
    ({"value_text": "49.9億噸標準煤", "value": "499000"}, "value_text", "not verbatim"),
    ({"source_issuer": ""}, "source_issuer", "source_issuer"),
    ({"source_url": ""}, "source_url", "source_url"),
    ({"source_url": "m.zjssba.com/tynfd"}, "source_url", "web address"),
    ({"source_date": "2021/03/02"}, "source_date", "not a date"),
    ({"year": "2021"}, "year", "base year 2020"),
    # 吨标准煤 alone is not in the table of printed units: refused, naming it
    ({"value_text": "49.8吨标准煤", "source_quote": "全年能源消费总量49.8吨标准煤"}, "value_text", "'吨标准煤'"),
    ({"status": "verified"}, "status", "preliminary"),
    ({"unit": "xizang"}, "unit", "units.csv"),
    ({"indicator": "energy_tce"}, "indicator", "energy_10k_tce"),
])
def test_a_bad_statistic_is_refused_naming_row_and_column(tmp_path, edit, column, words):
    d = _copy(tmp_path, edit)
    with pytest.raises(PlanError) as e:
        load_plan(d)
    msg = str(e.value)
    assert f"statistics.csv, row 2, column {column}:" in msg
    assert words in msg


def test_a_statistic_given_twice_is_refused(tmp_path):
    first = next(csv.DictReader(io.StringIO((PLANS / "cn-14fyp" / "statistics.csv").read_text(encoding="utf-8"))))
    d = _copy(tmp_path, extra=[dict(first)])
    with pytest.raises(PlanError, match=r"statistics.csv, row 3, column indicator: cn energy_10k_tce is given twice"):
        load_plan(d)


def test_other_printed_units_and_indicators(tmp_path):
    # invented rows, each value = the printed number × its unit's factor:
    # 1013567亿元 × 1 = 1013567 10^8 yuan; 98.9亿吨二氧化碳 × 10000 = 989000 10^4 t CO2
    src = {"status": "not_stated", "source_title": "示例（虚构）", "source_issuer": "示例", "source_date": "2021",
           "source_url": "https://example.org/x", "note": "invented"}
    d = _copy(tmp_path, extra=[
        {"unit": "region", "indicator": "gdp_current_100m_yuan", "year": "2020", "value": "1013567",
         "value_text": "1013567亿元", "source_quote": "国内生产总值1013567亿元", **src},
        {"unit": "cn", "indicator": "co2_10k_tco2", "year": "2020", "value": "989000",
         "value_text": "98.9亿吨 CO2", "source_quote": "排放98.9亿吨 CO2", **src}])
    pl = load_plan(d)
    assert pl.statistic("region", "gdp_current_100m_yuan").value == 1013567
    assert pl.statistic("cn", "co2_10k_tco2").value == 989000
