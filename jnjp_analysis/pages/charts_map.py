"""The double-control map: a unit's scenarios as points over GDP growth × annual intensity cut, the
grid's growth axis and the statuses it colours (:mod:`jnjp_analysis.pages.charts` re-exports them).
"""

from __future__ import annotations

import math

import matplotlib
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from jnjp_analysis import scenarios
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.pages.chart_base import MAP_STATUSES, STATUS_COLOURS, PlanArg, new_figure, unit_name
from jnjp_analysis.plan.load import load


def scenario_points(compliance: pd.DataFrame, unit: str, *, plan: PlanArg = None) -> pd.DataFrame:
    """(average GDP growth, average annual intensity cut) of each scenario for the map.

    Parameters
    ----------
    compliance : pandas.DataFrame
        :func:`scenarios.compliance_table` (or :func:`scenarios.compliance`) output; only the
        unit's rows are used.
    unit : str
        A unit's slug or name (:meth:`Plan.unit`).

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    pandas.DataFrame
        One row per scenario: ``scenario``, ``gdp_growth`` (average annual real growth over the period,
        fraction) and ``annual_cut`` (the constant annual intensity cut that gives the target year's
        cumulative cut, fraction), as :func:`double_control_map` takes them.

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    plan = load(plan)
    c = compliance[compliance["unit"] == plan.unit(unit).slug]
    return pd.DataFrame({"scenario": c["scenario"].to_numpy(), "gdp_growth": c["gdp_growth_avg"].to_numpy(),
                         "annual_cut": 1 - (1 - c["cumulative_cut"].to_numpy()) ** (1 / plan.T)})


MAP_GROWTH_MAX = 0.20  # the map's usual growth axis, 0-20 %/yr: kept wherever the data fit in it
MAP_GROWTH_NARROW = 0.10  # the axis where every value is far below 20 %/yr (the data and their margin fit in 10 %)
MAP_GROWTH_STEP = 0.05  # a wider axis ends on a multiple of 5 %/yr


def map_growth_max(values) -> float:
    """The upper end of the double-control map's growth axis for the growths it shows (the unit's
    implied growth, its scenarios' average growth; fractions per year): 20 %/yr wherever they fit in
    it with their margin (the larger of 2 points and a tenth of the largest), 10 %/yr where they are
    all far smaller (they and their margin fit in 10 %), else the next multiple of 5 %/yr above them.
    The axis starts at 0: a negative growth is not drawn.

    Parameters
    ----------
    values : iterable of float
        The growths shown (NaN ignored).

    Returns
    -------
    float
        The axis' upper end, a fraction per year (0.20 for Tibet's units).
    """
    hi = max([float(v) for v in values if v == v] + [0.0])
    need = hi + max(0.02, 0.1 * hi)
    if need <= MAP_GROWTH_NARROW:
        return MAP_GROWTH_NARROW
    if need <= MAP_GROWTH_MAX:
        return MAP_GROWTH_MAX
    return round(MAP_GROWTH_STEP * math.ceil(need / MAP_GROWTH_STEP - 1e-9), 6)


def map_grid(unit: str, points: pd.DataFrame | None = None, *, plan: PlanArg = None) -> scenarios.GridSpec:
    """The grid of a unit's double-control map (:data:`scenarios.MAP_GRID` with the growth axis of
    :func:`map_growth_max` over the unit's implied growth and the ``points``' growth); its data bundle
    carries the same grid.

    Parameters
    ----------
    unit : str
        A unit's slug or name.
    points : pandas.DataFrame or None, optional
        The scenarios the map marks (:func:`scenario_points`).
    plan : Plan, str, path-like or None, optional
        The plan; None for the default.

    Returns
    -------
    GridSpec
        The map's axes.
    """
    plan = load(plan)
    g = [trajectory.implied_gdp_growth(plan.targets(plan.unit(unit).slug))]
    if points is not None:
        g += list(points["gdp_growth"])
    return scenarios.MAP_GRID.with_max(map_growth_max(g), None)


def double_control_map(unit: str, points: pd.DataFrame | None = None, lang: str = "zh",
                       growth_max: float | None = None, cut_max: float = 0.06, *, plan: PlanArg = None) -> Figure:
    """Where each control is met over constant GDP growth × constant annual intensity cut.

    Scenarios (``points``: scenario, gdp_growth, annual_cut) are shown as labelled points, with
    the even pace as a dashed line and the implied GDP growth on it as a star.

    Parameters
    ----------
    unit : str
        A unit's slug or name (:meth:`Plan.unit`).
    points : pandas.DataFrame or None, optional
        Scenarios to mark (:func:`scenario_points`: ``scenario``, ``gdp_growth``, ``annual_cut``, both
        fractions); None for the map alone.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    growth_max : float or None, optional
        Upper end of the GDP growth axis (fraction per year; :data:`scenarios.MAP_GRID`'s number of values
        from 0); None for :func:`map_growth_max` of the unit's implied growth and the ``points``' growth.
    cut_max : float, default 0.06
        Upper end of the annual intensity cut axis (fraction per year; :data:`scenarios.MAP_GRID`'s number of values).

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Map over GDP growth (x, %/yr) and annual intensity cut (y, %/yr), each cell coloured
        by which controls are met in the target year (both, intensity only, cap only, neither).

    Raises
    ------
    JnjpError
        For an unknown unit or language.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(unit).slug
    if growth_max is None:
        growth_max = map_grid(slug, points, plan=plan).growth_max
    spec = scenarios.MAP_GRID.with_max(growth_max, cut_max)  # the grid its data bundle table carries
    gg, pp = spec.gdp_growth, spec.pace
    grid = spec.grid(slug, plan=plan)
    codes = {k: i for i, k in enumerate(MAP_STATUSES)}
    z = grid["status"].map(codes).to_numpy().reshape(len(pp), len(gg))
    fig, ax = new_figure(8.0, 5.0)
    cmap = matplotlib.colors.ListedColormap([STATUS_COLOURS[k] for k in MAP_STATUSES])
    ax.pcolormesh(100 * gg, 100 * pp, z, cmap=cmap, vmin=-0.5, vmax=len(MAP_STATUSES) - 0.5, shading="nearest",
                  alpha=0.55, rasterized=True)
    tg = plan.targets(slug)
    a = trajectory.even_annual_cut(tg.intensity_cut, years=tg.T)
    g_star = trajectory.implied_gdp_growth(tg)
    ax.axhline(100 * a, color="#0072B2", lw=1.2, ls="--")
    ax.annotate(t("even_pace_line", lang, a=100 * a), (100 * growth_max, 100 * a), xytext=(-4, 4),
                textcoords="offset points", ha="right", fontsize=9, color="#0072B2")
    if plan.has_incentive and tg.incentive_cut is not None:  # the incentive level's even pace, above the basic one
        ai = trajectory.even_annual_cut(tg.incentive_cut, years=tg.T)
        ax.axhline(100 * ai, color="#0072B2", lw=1.0, ls=":")
        ax.annotate(t("incentive_pace_line", lang, a=100 * ai), (100 * growth_max, 100 * ai), xytext=(-4, 4),
                    textcoords="offset points", ha="right", fontsize=9, color="#0072B2")
    star = ax.plot([100 * g_star], [100 * a], marker="*", ms=15, color="black", ls="none", zorder=6,
                   label=t("implied_growth", lang, g=100 * g_star))[0]
    shown = [k for k in MAP_STATUSES if k != "exempt" or (grid["status"] == "exempt").any()]
    handles = [Patch(facecolor=STATUS_COLOURS[k], alpha=0.55, label=t(k, lang)) for k in shown]
    leg = ax.legend(handles=handles, loc="upper left", frameon=True)
    ax.add_artist(leg)
    marks = ["o", "s", "D", "^", "v", "P", "X", "h"]
    pts = [star]
    if points is not None:
        for i, r in enumerate(points.itertuples()):
            pts.append(ax.plot(100 * r.gdp_growth, 100 * r.annual_cut, marker=marks[i % len(marks)], ms=8,
                               mec="black", ls="none", color=sns.color_palette()[i % 10], zorder=7 + i * 0.01,
                               alpha=0.9, label=scenario_label(r.scenario, lang))[0])
    ax.legend(handles=pts, loc="lower right", frameon=True, title=t("scenario", lang))
    ax.set_xlim(0, 100 * growth_max)
    ax.set_ylim(0, 100 * cut_max)
    ax.set_title(t("map_title", lang, name=unit_name(plan, slug, lang)))
    ax.set_xlabel(t("map_x", lang))
    ax.set_ylabel(t("map_y", lang))
    return fig
