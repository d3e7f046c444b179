"""Rendering: every chart renders in both languages with no warning of any kind (Python warnings
and matplotlib's own log records, e.g. "findfont: Failed to find font weight bold", which go to
stderr and so into a page), units on the axes, and stable bytes."""

import logging
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from jnjp_analysis import scenarios as sc
from jnjp_analysis.model import pacing
from jnjp_analysis.pages import charts
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.plan.load import load as load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted


@pytest.fixture(scope="module")
def data():
    sset = sc.load(plan=TIBET)
    proj = pd.concat([sc.project(s, plan=TIBET) for s in sset.values()], ignore_index=True)
    comp = pd.concat([sc.compliance(sc.project(s, plan=TIBET), plan=TIBET) for s in sset.values()], ignore_index=True)
    p = sc.project("central", plan=TIBET).query("unit == 'shigatse' and year > 2015")
    table = pacing.check(pd.DataFrame({"year": p.year, "intensity_cut": p.annual_cut,
                                       "energy_10k_tce": p.energy_10k_tce}), targets=load_plan(plan=TIBET).targets("shigatse"))
    return proj, comp, table, sc.monte_carlo(2000, seed=3, plan=TIBET)


def all_figures(data, lang):
    proj, comp, table, mc = data
    return {
        "intensity": charts.intensity_chart("shigatse", proj, lang),
        "energy": charts.energy_chart("shigatse", proj, lang),
        "map": charts.double_control_map("shigatse", charts.scenario_points(comp, "shigatse"), lang),
        "pacing": charts.pacing_chart(table, "shigatse", "central", lang),
        "pollutants": charts.pollutant_chart(lang, highlight="shigatse"),
        "fan": charts.fan_chart(mc, "shigatse", lang),
        "implied": charts.implied_growth_chart(lang),
        "compliance": charts.compliance_chart(comp, lang),
    }


def _render_clean(fig, caplog) -> bytes:
    """PNG bytes of ``fig``; any Python warning raises, any matplotlib log record >= WARNING fails."""
    caplog.clear()
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING, logger="matplotlib"):
        warnings.simplefilter("error")
        png = charts.to_png(fig)
    noisy = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not noisy, noisy
    return png


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_without_any_warning(data, lang, caplog):
    from jnjp_analysis.pages import briefing, explorer

    figs = all_figures(data, lang)
    figs["explorer"] = explorer.figure(explorer.evaluate(explorer.plan_consistent("lhasa")), lang)
    figs["record"] = briefing.Briefing("lhasa", lang, n_draws=1000).fig_record()
    figs["record_region"] = briefing.Overview(lang, n_draws=1000).fig_record()
    for name, fig in figs.items():
        assert isinstance(fig, Figure), name
        png = _render_clean(fig, caplog)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000, name


def test_the_clean_render_check_can_fail(caplog):
    """The registered CJK font has no bold face: asking for one must trip the check above."""
    charts.setup()
    fig = Figure()
    fig.add_subplot().set_title("拉萨市", fontweight="bold")
    with pytest.raises(AssertionError, match="weight bold"):
        _render_clean(fig, caplog)


def test_titles_and_units_are_in_the_language(data):
    zh = all_figures(data, "zh")
    en = all_figures(data, "en")
    assert "日喀则市" in zh["intensity"].axes[0].get_title()
    assert "Shigatse" in en["intensity"].axes[0].get_title()
    assert "万吨标准煤" in zh["energy"].axes[0].get_ylabel()
    assert "tce" in en["energy"].axes[0].get_ylabel()
    assert "%" in en["map"].axes[0].get_xlabel() and "%" in en["map"].axes[0].get_ylabel()
    assert "2015 = 100" in en["intensity"].axes[0].get_ylabel()


def test_cjk_font_is_the_one_used():
    charts.setup()
    found = font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.sans-serif"]))
    assert "NotoSansCJK" in found.replace(" ", "")


def test_the_glyph_check_can_fail():
    """With a Latin-only font the same text must produce the warning our checks turn into errors."""
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("拉萨市", fontfamily="DejaVu Sans")
    with pytest.warns(UserWarning, match="[Gg]lyph"):
        charts.to_png(fig)


def test_png_bytes_are_deterministic(data):
    a = charts.to_png(charts.pollutant_chart("zh"))
    b = charts.to_png(charts.pollutant_chart("zh"))
    assert a == b


def test_unknown_language_is_refused(data):
    with pytest.raises(ValueError, match="unknown language 'fr'; valid: zh, en"):
        charts.implied_growth_chart("fr")
