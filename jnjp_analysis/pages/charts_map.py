"""The double-control map: a unit's scenarios as points over GDP growth × annual intensity cut, the
grid's growth axis and the statuses it colours (:mod:`jnjp_analysis.pages.charts` re-exports them).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
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
    plan = load(plan)
    slug = plan.unit(unit).slug
    grid, pts = map_frames(slug, points, growth_max, cut_max, plan=plan)
    return double_control_map_from(grid, pts, slug, lang, plan=plan)


def map_frames(unit: str, points: pd.DataFrame | None = None, growth_max: float | None = None,
               cut_max: float | None = 0.06, *, plan: PlanArg = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """What :func:`double_control_map` draws, as its data bundle writes it: the grid
    (``chart_double_control_map_grid``) and the scenarios' points (``chart_double_control_map_scenarios``).

    Parameters
    ----------
    unit : str
        A unit's slug or name.
    points : pandas.DataFrame or None, optional
        :func:`scenario_points`; None for the map alone.
    growth_max : float or None, optional
        The growth axis' upper end; None for :func:`map_grid`'s.
    cut_max : float or None, default 0.06
        The cut axis' upper end; None for :data:`scenarios.MAP_GRID`'s.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame or None)
        The grid (``gdp_growth_frac``, ``annual_intensity_cut_frac``, ``status``; the growth varying
        fastest) and the points (``scenario``, ``gdp_growth_avg_frac``, ``annual_cut_avg_frac``; None
        without ``points``).
    """
    plan = load(plan)
    slug = plan.unit(unit).slug
    if growth_max is None:
        growth_max = map_grid(slug, points, plan=plan).growth_max
    grid = scenarios.MAP_GRID.with_max(growth_max, cut_max).grid(slug, plan=plan)
    grid = grid.rename(columns={"gdp_growth": "gdp_growth_frac", "pace": "annual_intensity_cut_frac"})[
        ["gdp_growth_frac", "annual_intensity_cut_frac", "status"]]
    pts = None if points is None else points.rename(columns={"gdp_growth": "gdp_growth_avg_frac",
                                                             "annual_cut": "annual_cut_avg_frac"})
    return grid, pts


def grid_axes(grid: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A map grid frame (:func:`map_frames`) as its growth axis, cut axis and status codes (rows: cuts).

    Parameters
    ----------
    grid : pandas.DataFrame
        ``gdp_growth_frac``, ``annual_intensity_cut_frac`` and ``status``, the growth varying fastest.

    Returns
    -------
    tuple of numpy.ndarray
        The growths, the cuts (fractions per year) and the codes of :data:`MAP_STATUSES`, shaped (cuts, growths).
    """
    gg = grid["gdp_growth_frac"].unique()
    pp = grid["annual_intensity_cut_frac"].unique()
    codes = {k: i for i, k in enumerate(MAP_STATUSES)}
    return gg, pp, grid["status"].map(codes).to_numpy().reshape(len(pp), len(gg))


def draw_map(ax, gg: np.ndarray, pp: np.ndarray, z: np.ndarray, lang: str, *, image: bool = False,
             **legend: object):
    """The map's coloured cells, the legend of the statuses shown, its axis limits and labels, on ``ax``
    (the briefing's map and the explorer's third panel).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    gg, pp, z : numpy.ndarray
        :func:`grid_axes`.
    lang : str
        ``"zh"`` or ``"en"``.
    image : bool, default False
        Cells as one image (quicker to redraw: the explorer) rather than a rasterized mesh.
    **legend
        Options of the statuses' legend (``loc``, ``frameon``, ``fontsize``).

    Returns
    -------
    matplotlib.legend.Legend
        The statuses' legend (the axes' legend: :meth:`~matplotlib.axes.Axes.add_artist` it before
        making another).
    """
    cmap = matplotlib.colors.ListedColormap([STATUS_COLOURS[k] for k in MAP_STATUSES])
    if image:
        dx, dy = 100 * (gg[1] - gg[0]) / 2, 100 * (pp[1] - pp[0]) / 2
        ax.imshow(z, origin="lower", aspect="auto", cmap=cmap, vmin=-0.5, vmax=len(MAP_STATUSES) - 0.5, alpha=0.55,
                  interpolation="nearest",
                  extent=(100 * gg[0] - dx, 100 * gg[-1] + dx, 100 * pp[0] - dy, 100 * pp[-1] + dy))
    else:
        ax.pcolormesh(100 * gg, 100 * pp, z, cmap=cmap, vmin=-0.5, vmax=len(MAP_STATUSES) - 0.5, shading="nearest",
                      alpha=0.55, rasterized=True)
    exempt = MAP_STATUSES.index("exempt")
    handles = [Patch(facecolor=STATUS_COLOURS[k], alpha=0.55, label=t(k, lang))
               for i, k in enumerate(MAP_STATUSES) if i != exempt or (z == exempt).any()]
    leg = ax.legend(handles=handles, **legend)
    ax.set_xlim(0, 100 * gg[-1])
    ax.set_ylim(0, 100 * pp[-1])
    ax.set_xlabel(t("map_x", lang))
    ax.set_ylabel(t("map_y", lang))
    return leg


def double_control_map_from(grid: pd.DataFrame, points: pd.DataFrame | None, unit: str, lang: str = "zh", *,
                            plan: PlanArg = None) -> Figure:
    """:func:`double_control_map` drawn from its frames (:func:`map_frames`): the cells are the grid's
    statuses, the marks the points' rows.

    Parameters
    ----------
    grid : pandas.DataFrame
        The grid frame of :func:`map_frames`.
    points : pandas.DataFrame or None
        The points frame of :func:`map_frames`; None for none.
    unit : str
        A unit's slug or name (its even pace, implied growth and the title).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`double_control_map`.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(unit).slug
    gg, pp, z = grid_axes(grid)
    growth_max = gg[-1]
    fig, ax = new_figure(8.0, 5.0)
    ax.add_artist(draw_map(ax, gg, pp, z, lang, loc="upper left", frameon=True))  # a second legend follows
    tg = plan.targets(slug)
    a = trajectory.even_annual_cut(tg.R, years=tg.T)
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
    marks = ["o", "s", "D", "^", "v", "P", "X", "h"]
    pts = [star]
    if points is not None:
        for i, r in enumerate(points.itertuples()):
            pts.append(ax.plot(100 * r.gdp_growth_avg_frac, 100 * r.annual_cut_avg_frac, marker=marks[i % len(marks)],
                               ms=8, mec="black", ls="none", color=sns.color_palette()[i % 10], zorder=7 + i * 0.01,
                               alpha=0.9, label=scenario_label(r.scenario, lang))[0])
    ax.legend(handles=pts, loc="lower right", frameon=True, title=t("scenario", lang))
    ax.set_title(t("map_title", lang, name=unit_name(plan, slug, lang)))
    return fig
