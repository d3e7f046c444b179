"""Figures for the briefings, each a function returning a :class:`matplotlib.figure.Figure`.

Figures are built with ``Figure()`` rather than ``pyplot`` so that notebooks never display a stray
figure repr. :func:`setup` registers the Noto Sans CJK SC font shipped by the ``mplfonts`` package
(installed with this package, so no system font or root is needed) and applies the seaborn theme
with the colour-blind-safe palette. A glyph missing from the fonts raises (the test suite turns
matplotlib's "Glyph … missing" warning into an error).

The registered font has one weight (Regular): no chart may ask for another (``fontweight="bold"``
makes matplotlib ≥ 3.11 log "findfont: Failed to find font weight bold" to stderr, which would
reach every page). Emphasis is by size and colour; ``tests/unit/test_charts.py`` renders every chart
with all warnings and all matplotlib log records at WARNING or above as failures.

This module holds a unit's path charts (intensity, energy, pacing, the Monte Carlo fan) and re-exports
the rest: :mod:`.chart_base` (font, theme, colours, PNG/SVG), :mod:`.charts_map` (the double-control
map), :mod:`.charts_region` (the units side by side) and :mod:`.charts_record` (the record chart).
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from jnjp_analysis import scenarios
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.pages.chart_base import CJK_FAMILY as CJK_FAMILY
from jnjp_analysis.pages.chart_base import DPI as DPI
from jnjp_analysis.pages.chart_base import LEGEND_MAX_COLS as LEGEND_MAX_COLS
from jnjp_analysis.pages.chart_base import LIGHT_COLOURS as LIGHT_COLOURS
from jnjp_analysis.pages.chart_base import MAP_STATUSES as MAP_STATUSES
from jnjp_analysis.pages.chart_base import STATUS_COLOURS as STATUS_COLOURS
from jnjp_analysis.pages.chart_base import SVG_IMAGE_DPI as SVG_IMAGE_DPI
from jnjp_analysis.pages.chart_base import PlanArg as PlanArg
from jnjp_analysis.pages.chart_base import cjk_font_path as cjk_font_path
from jnjp_analysis.pages.chart_base import new_figure as new_figure
from jnjp_analysis.pages.chart_base import palette as palette
from jnjp_analysis.pages.chart_base import setup as setup
from jnjp_analysis.pages.chart_base import to_png as to_png
from jnjp_analysis.pages.chart_base import to_svg as to_svg
from jnjp_analysis.pages.chart_base import unit_name as unit_name
from jnjp_analysis.pages.chart_base import years_axis as years_axis
from jnjp_analysis.pages.charts_map import MAP_GROWTH_MAX as MAP_GROWTH_MAX
from jnjp_analysis.pages.charts_map import MAP_GROWTH_NARROW as MAP_GROWTH_NARROW
from jnjp_analysis.pages.charts_map import MAP_GROWTH_STEP as MAP_GROWTH_STEP
from jnjp_analysis.pages.charts_map import double_control_map as double_control_map
from jnjp_analysis.pages.charts_map import double_control_map_from as double_control_map_from
from jnjp_analysis.pages.charts_map import draw_map as draw_map
from jnjp_analysis.pages.charts_map import grid_axes as grid_axes
from jnjp_analysis.pages.charts_map import map_frames as map_frames
from jnjp_analysis.pages.charts_map import map_grid as map_grid
from jnjp_analysis.pages.charts_map import map_growth_max as map_growth_max
from jnjp_analysis.pages.charts_map import scenario_points as scenario_points
from jnjp_analysis.pages.charts_record import record_chart as record_chart
from jnjp_analysis.pages.charts_record import record_chart_from as record_chart_from
from jnjp_analysis.pages.charts_record import record_frame as record_frame
from jnjp_analysis.pages.charts_region import compliance_chart as compliance_chart
from jnjp_analysis.pages.charts_region import implied_growth_chart as implied_growth_chart
from jnjp_analysis.pages.charts_region import implied_growth_chart_from as implied_growth_chart_from
from jnjp_analysis.pages.charts_region import implied_growth_frame as implied_growth_frame
from jnjp_analysis.pages.charts_region import pollutant_chart as pollutant_chart
from jnjp_analysis.pages.charts_region import pollutant_chart_from as pollutant_chart_from
from jnjp_analysis.pages.charts_region import pollutant_label as pollutant_label
from jnjp_analysis.pages.charts_region import pollutant_shares_table as pollutant_shares_table
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load


def _finish_path_axes(ax, plan: Plan, title: str, ylabel: str, lang: str, legend_loc: str) -> None:
    years_axis(ax, plan)
    ax.set_title(title)
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(ylabel, parse_math=True)  # our own labels (the energy axis: $10^4$), no user text
    ax.legend(loc=legend_loc, ncols=2, frameon=True)


def intensity_chart(unit: str, projections: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Intensity index (base year = 100) of each scenario against the even-pace path to the target.

    The target level (100 less the annex-1 cut, in %) is drawn as a dotted line; where the plan sets an
    incentive level, its even path and level are drawn too (dash-dot, grey).

    Parameters
    ----------
    unit : str
        A unit's slug or name (:meth:`Plan.unit`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the unit, from
        ``year`` and ``intensity_index`` (base year = 1).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Line chart: intensity index (base year = 100) by year, base to target year.

    Raises
    ------
    JnjpError
        For an unknown unit or language.
    """
    plan = load(plan)
    return intensity_chart_from(intensity_frame(unit, projections, plan=plan), unit, lang, plan=plan)


def intensity_frame(unit: str, projections: pd.DataFrame, *, plan: PlanArg = None) -> pd.DataFrame:
    """What :func:`intensity_chart` draws, as its data bundle writes it (``chart_intensity_path``).

    Parameters
    ----------
    unit : str
        A unit's slug or name.
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked (only the unit's rows are used).
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    pandas.DataFrame
        ``series`` (``even_pace_target``, ``even_pace_incentive`` where the plan sets an incentive level,
        then each scenario), ``year`` and ``intensity_index_base_eq_100`` (base year = 100).
    """
    plan = load(plan)
    slug = plan.unit(unit).slug
    ut = plan.targets(slug)
    p = projections[projections["unit"] == slug]
    ep = trajectory.even_path(ut.R, years=ut.years, base_year=ut.base_year)
    if ut.incentive_cut is not None:  # the incentive level's even path, drawn on the chart too
        ip = trajectory.even_path(ut.incentive_cut, years=ut.years, base_year=ut.base_year)
        ep = pd.concat([ep.assign(series=EVEN_TARGET), ip.assign(series=EVEN_INCENTIVE)], ignore_index=True)
    else:
        ep = ep.assign(series=EVEN_TARGET)
    return pd.concat([
        pd.DataFrame({"series": ep["series"], "year": ep["year"], "intensity_index_base_eq_100": 100 * ep["intensity_index"]}),
        pd.DataFrame({"series": p["scenario"], "year": p["year"], "intensity_index_base_eq_100": 100 * p["intensity_index"]})],
        ignore_index=True)


EVEN_TARGET, EVEN_INCENTIVE, EVEN_CAP = "even_pace_target", "even_pace_incentive", "even_path_to_cap"  # a frame's reference series


def _scenario_series(ax, frame: pd.DataFrame, column: str, lang: str) -> None:
    """One line per scenario of a chart's frame (every series but the reference paths)."""
    rest = frame[~frame["series"].isin([EVEN_TARGET, EVEN_INCENTIVE, EVEN_CAP])]
    for i, (name, g) in enumerate(rest.groupby("series", sort=False)):
        ax.plot(g["year"], g[column], marker="o", ms=3.5, lw=1.6, color=sns.color_palette()[i % 10],
                label=scenario_label(name, lang))


def intensity_chart_from(frame: pd.DataFrame, unit: str, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """:func:`intensity_chart` drawn from its frame (:func:`intensity_frame`): every line the chart
    shows is a series of the frame the data bundle writes.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`intensity_frame`.
    unit : str
        A unit's slug or name (its target level and the title).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`intensity_chart`.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(unit).slug
    tg = plan.targets(slug)
    fig, ax = new_figure()
    col = "intensity_index_base_eq_100"
    ep = frame[frame["series"] == EVEN_TARGET]
    ax.plot(ep["year"], ep[col], color="black", lw=2.2, ls="--", label=t("even_path", lang), zorder=5)
    ax.axhline(100 * (1 - tg.R), color="black", lw=0.8, ls=":")
    ax.annotate(t("target_level", lang, plan=plan, pct=f"{round(100 * tg.R, 6):g}"),
                (plan.base_year + 0.05, 100 * (1 - tg.R)), xytext=(0, -12), textcoords="offset points",
                fontsize=9)
    ip = frame[frame["series"] == EVEN_INCENTIVE]
    if tg.incentive_cut is not None and not ip.empty:  # a plan with an incentive level (the 14th period's 激励目标)
        ax.plot(ip["year"], ip[col], color="#555555", lw=1.6, ls="-.",
                label=t("even_path_incentive", lang), zorder=5)
        ax.axhline(100 * (1 - tg.incentive_cut), color="#555555", lw=0.8, ls=":")
        ax.annotate(t("incentive_level", lang, plan=plan, pct=f"{round(100 * tg.incentive_cut, 6):g}"),
                    (plan.base_year + 0.05, 100 * (1 - tg.incentive_cut)), xytext=(0, -12),
                    textcoords="offset points", fontsize=9, color="#555555")
    _scenario_series(ax, frame, col, lang)
    _finish_path_axes(ax, plan, t("intensity_title", lang, name=unit_name(plan, slug, lang)),
                      t("intensity_axis", lang, plan=plan), lang, "upper right")
    return fig


def energy_chart(unit: str, projections: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Energy consumption (10^4 tce) of each scenario against the even path to the total cap.

    The target-year cap is drawn as a horizontal line.

    Parameters
    ----------
    unit : str
        A unit's slug or name (:meth:`Plan.unit`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the unit, from
        ``year`` and ``energy_10k_tce`` (10^4 tce).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Line chart: energy consumption in 10^4 tce by year, base to target year.

    Raises
    ------
    JnjpError
        For an unknown unit or language.
    """
    plan = load(plan)
    return energy_chart_from(energy_frame(unit, projections, plan=plan), unit, lang, plan=plan)


def energy_frame(unit: str, projections: pd.DataFrame, *, plan: PlanArg = None) -> pd.DataFrame:
    """What :func:`energy_chart` draws, as its data bundle writes it (``chart_energy``).

    Parameters
    ----------
    unit : str
        A unit's slug or name.
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked (only the unit's rows are used).
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    pandas.DataFrame
        ``series`` (``even_path_to_cap``, then each scenario), ``year`` and ``energy_10k_tce``.
    """
    plan = load(plan)
    slug = plan.unit(unit).slug
    ut = plan.targets(slug)
    p = projections[projections["unit"] == slug]
    cp = trajectory.cap_path(ut.energy_base_10k_tce, ut.increment_10k_tce, years=ut.years, base_year=ut.base_year)
    return pd.concat([
        pd.DataFrame({"series": EVEN_CAP, "year": cp["year"], "energy_10k_tce": cp["energy_10k_tce"]}),
        pd.DataFrame({"series": p["scenario"], "year": p["year"], "energy_10k_tce": p["energy_10k_tce"]})],
        ignore_index=True)


def energy_chart_from(frame: pd.DataFrame, unit: str, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """:func:`energy_chart` drawn from its frame (:func:`energy_frame`).

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`energy_frame`.
    unit : str
        A unit's slug or name (its cap and the title).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`energy_chart`.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(unit).slug
    cap = plan.targets(slug).cap_target_10k_tce
    fig, ax = new_figure()
    if cap is None:  # a total in words or none: there is no consumption chart to draw, never a made-up cap
        raise JnjpError(f"plan {plan.id} states its total in words or not at all: no consumption chart")
    cp = frame[frame["series"] == EVEN_CAP]
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=2.2, ls="--", label=t("cap_path", lang),
            zorder=5)
    ax.axhline(cap, color="#D55E00", lw=1.2, ls="-")
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (plan.base_year + 0.05, cap),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    _scenario_series(ax, frame, "energy_10k_tce", lang)
    _finish_path_axes(ax, plan, t("energy_title", lang, name=unit_name(plan, slug, lang)), t("energy_axis", lang), lang,
                      "lower right")
    return fig



def pacing_chart(table: pd.DataFrame, unit: str, scenario: str, lang: str = "zh", name: str | None = None, *,
                 plan: PlanArg = None) -> Figure:
    """Traffic lights by year (rows: intensity, consumption, overall), each cell coloured and labelled.

    The labels (绿/黄/红 or G/Y/R) ensure that colour is not the only cue. ``name`` replaces the
    unit's name in the title (for the region).

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`pacing.check` table: ``year`` and any of ``intensity_light``, ``energy_light`` and
        ``light`` (``"green"``, ``"yellow"`` or ``"red"``); a row is drawn for each present.
    unit : str
        A unit's slug or name, for the title (not looked up when ``name`` is given).
    scenario : str
        The scenario the lights check (its label goes in the title), or ``"record"`` for the
        observed pacing.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    name : str or None, optional
        Name for the title instead of the unit's (e.g. the region's).

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        One row of coloured, labelled cells per light, one column per year.

    Raises
    ------
    JnjpError
        For an unknown language, or an unknown unit when ``name`` is not given.
    """
    check_lang(lang)
    plan = load(plan)
    rows = [(c, t(k, lang)) for c, k in (("intensity_light", "pacing_row_intensity"),
                                         ("energy_light", "pacing_row_energy"), ("light", "pacing_row_overall"))
            if c in table]
    years = table["year"].to_numpy()
    fig, ax = new_figure(8.0, 0.9 + 0.62 * len(rows))
    for i, (col, _) in enumerate(rows):
        for j, light in enumerate(table[col]):
            ax.add_patch(matplotlib.patches.FancyBboxPatch((j + 0.06, i + 0.1), 0.88, 0.8,
                                                           boxstyle="round,pad=0.0,rounding_size=0.12",
                                                           fc=LIGHT_COLOURS[light], ec="white"))
            ax.text(j + 0.5, i + 0.5, t(f"light_{light}", lang), ha="center", va="center", fontsize=13,
                    color="black" if light == "yellow" else "white")
    ax.set_xlim(0, max(len(years), plan.T))  # a short record keeps the cells' size
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(len(years)) + 0.5, [str(y) for y in years])
    ax.set_yticks(np.arange(len(rows)) + 0.5, [label for _, label in rows])
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(t("pacing_title", lang, name=name or unit_name(plan, unit, lang), scenario=scenario_label(scenario, lang)))
    ax.set_xlabel(t("pacing_legend", lang), fontsize=8.5, loc="left", labelpad=8)
    return fig



def fan_chart(mc: scenarios.MonteCarloResult, unit: str, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Monte Carlo fan of energy consumption (5-95 % and 25-75 % bands, median) against the cap.

    Parameters
    ----------
    mc : MonteCarloResult
        A :func:`scenarios.monte_carlo` result that includes the unit, with the default
        quantiles (0.05, 0.25, 0.5, 0.75, 0.95) of ``energy_10k_tce``.
    unit : str
        A unit's slug or name (:meth:`Plan.unit`).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Bands and median of energy consumption in 10^4 tce by year, with the cap's even path
        and the target-year cap.

    Raises
    ------
    JnjpError
        For an unknown unit or language.
    """
    plan = load(plan)
    return fan_chart_from(fan_frame(mc, unit, plan=plan), unit, mc.scenario, mc.n, lang, plan=plan)


FAN_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)  # the fan's bands and median


def _fan_column(q: float) -> str:
    return f"q{int(round(100 * q)):02d}_energy_10k_tce"


def fan_frame(mc: scenarios.MonteCarloResult, unit: str, *, plan: PlanArg = None) -> pd.DataFrame:
    """What :func:`fan_chart` draws, as its data bundle writes it (``chart_fan_energy_quantiles``).

    Parameters
    ----------
    mc : MonteCarloResult
        A :func:`scenarios.monte_carlo` result that includes the unit.
    unit : str
        A unit's slug or name.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    pandas.DataFrame
        ``year`` and one column per quantile of consumption, ``q05_energy_10k_tce`` … (10^4 tce).
    """
    slug = load(plan).unit(unit).slug
    q = mc.quantiles[(mc.quantiles["unit"] == slug) & (mc.quantiles["quantity"] == "energy_10k_tce")]
    return q.pivot(index="year", columns="quantile", values="value").rename(columns=_fan_column).reset_index()


def fan_chart_from(frame: pd.DataFrame, unit: str, scenario: str, n: int, lang: str = "zh", *,
                   plan: PlanArg = None) -> Figure:
    """:func:`fan_chart` drawn from its frame (:func:`fan_frame`).

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`fan_frame`.
    unit : str
        A unit's slug or name (its cap and the title).
    scenario : str
        The scenario the Monte Carlo draws around (the title).
    n : int
        The number of draws (the title).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`fan_chart`.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(unit).slug
    w = frame.set_index("year")
    lo, q1, med, q3, hi = (w[_fan_column(q)] for q in FAN_QUANTILES)
    tg = plan.targets(slug)
    cap = tg.cap_target_10k_tce
    if cap is None:  # a total in words or none: there is no consumption chart to draw, never a made-up cap
        raise JnjpError(f"plan {plan.id} states its total in words or not at all: no consumption chart")
    fig, ax = new_figure()
    c = sns.color_palette()[0]
    ax.fill_between(w.index, lo, hi, color=c, alpha=0.2, lw=0, label=t("fan_band_90", lang))
    ax.fill_between(w.index, q1, q3, color=c, alpha=0.4, lw=0, label=t("fan_band_50", lang))
    ax.plot(w.index, med, color=c, lw=2, label=t("fan_median", lang))
    cp = trajectory.cap_path(tg.energy_base_10k_tce, tg.increment_10k_tce, years=tg.years,
                             base_year=tg.base_year)
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=1.6, ls="--", label=t("cap_path", lang))
    ax.axhline(cap, color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (plan.base_year + 0.05, cap),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    years_axis(ax, plan)
    ax.set_title(t("fan_title", lang, name=unit_name(plan, slug, lang), scenario=scenario_label(scenario, lang), n=f"{n:,}"))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang), parse_math=True)
    ax.legend(loc="lower right", frameon=True)
    return fig
