"""The double-control map's growth axis follows the plan's data (issue 28): 0-20 %/yr wherever the
unit's implied growth and its scenarios' growth fit in it with a margin (Tibet's maps, unchanged),
0-10 %/yr where they are all far smaller, wider where they are above it. Numbers hand-picked; the
fixtures are INVENTED (tests/plans)."""

from __future__ import annotations

from pathlib import Path

import pytest

PLANS = Path(__file__).parents[1] / "plans"


@pytest.mark.parametrize(("values", "expected"), [
    # Tibet's 昌都: implied 15.89 %/yr, scenarios 7-12 %: 15.89 + 2 (margin) = 17.89 <= 20
    ([0.1589, 0.10, 0.07, 0.095, 0.12], 0.20),
    # a province growing 4-6 %/yr: 6 + 2 = 8 <= 10
    ([0.04, 0.05, 0.06], 0.10),
    # 8 + 2 = 10 still fits in 10; 8.1 + 2 = 10.1 does not (then 20)
    ([0.08], 0.10), ([0.081], 0.20),
    # 18.2 + 2 = 20.2 > 20: the next multiple of 5, 25
    ([0.182], 0.25),
    # 24.06 + 2.406 (a tenth) = 26.47: 30
    ([0.2406, 0.07], 0.30),
    # a negative growth is not drawn: the axis of nothing above 0, 0 + 2 <= 10
    ([-0.03], 0.10),
])
def test_the_growth_axis_fits_the_data(values, expected):
    from jnjp_analysis.pages.charts import map_growth_max

    assert map_growth_max(values) == pytest.approx(expected)


def test_a_unit_growing_far_slower_gets_a_narrower_axis():
    from jnjp_analysis.pages import charts

    # synthetic-kinds' jia: implied growth 6.89 %/yr, its scenarios 6 %/yr: 6.89 + 2 = 8.89 <= 10
    fig = charts.double_control_map("jia", lang="en", plan=PLANS / "synthetic-kinds")
    assert fig.axes[0].get_xlim() == pytest.approx((0, 10))


def test_a_unit_growing_faster_than_20_percent_gets_a_wider_axis_and_bundle_grid():
    from jnjp_analysis.pages import charts
    from jnjp_analysis.pages.briefing import Briefing

    # synthetic-4y's bing: (1 + g)^4 = (8 + 10) / 8 / (1 - 0.05) = 2.3684, g = 24.05 %/yr; + 2.405 = 26.46: 30
    fig = charts.double_control_map("bing", lang="en", plan=PLANS / "synthetic-4y")
    assert fig.axes[0].get_xlim() == pytest.approx((0, 30))
    b = Briefing("bing", lang="en", plan=PLANS / "synthetic-4y", scenario_names=["central"], n_draws=10)
    grid = b.data_tables()["chart_double_control_map_grid"]
    assert grid["gdp_growth_frac"].max() == pytest.approx(0.30)
