"""A record chart's energy axis covers every value it draws (issue 28): it stopped at the cap + 10 %
of (cap − base), so a consumption or an allowance above that was drawn off the chart. Made-up records
of Tibet's 林芝 (base 26, increment 17: cap 43 × 10^4 tce, intensity cut 11 %); the old top was
43 + 0.1 × (43 − 26) = 44.7. Tibet's own record charts keep their axes (the image baselines)."""

from __future__ import annotations

import numpy as np

from jnjp_analysis.plan.load import load as _load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

HEADER = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"


def _chart(tmp_path, rows: str):
    from jnjp_analysis.pages import charts
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    f = tmp_path / "rec.csv"
    f.write_text(HEADER + rows, encoding="utf-8")
    rec = records.load(f, plan=TIBET)
    return charts.record_chart(assessment.ceilings(rec, "nyingchi", plan=rec.plan), assessment.ceiling_target(rec, "nyingchi", plan=rec.plan),
                               rec.series("nyingchi", "energy_10k_tce"), "Nyingchi", "en")


def _drawn(ax) -> list[float]:
    ys = []
    for line in ax.get_lines():
        ys += [float(y) for y in np.asarray(line.get_ydata(), dtype=float) if y == y]
    return ys


def test_a_consumption_above_the_old_top_is_on_the_chart(tmp_path):
    # consumption 27.5 … 50 (50 > 44.7) at 10 % growth a year
    rows = "".join(f"nyingchi,{y},gdp_growth,0.1,final,t,i,2021,,,\nnyingchi,{y},energy_10k_tce,{e},final,t,i,2021,,,\n"
                   for y, e in zip(range(2016, 2021), (27.5, 32, 38, 44, 50)))
    ax = _chart(tmp_path, rows).axes[0]
    lo, hi = ax.get_ylim()
    assert hi > 50 and lo < 26
    assert all(lo <= y <= hi for y in _drawn(ax))


def test_an_allowance_above_the_old_top_is_on_the_chart(tmp_path):
    # 25 % growth a year: the intensity target allowed 26 × 1.25^5 × (1 − 0.11) = 70.6 in 2020 (> 44.7)
    rows = "".join(f"nyingchi,{y},gdp_growth,0.25,final,t,i,2021,,,\n" for y in range(2016, 2021))
    ax = _chart(tmp_path, rows).axes[0]
    lo, hi = ax.get_ylim()
    assert hi > 70.6
    assert all(lo <= y <= hi for y in _drawn(ax))

