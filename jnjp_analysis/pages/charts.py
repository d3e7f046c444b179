"""Figures for the briefings, each a function returning a :class:`matplotlib.figure.Figure`.

Figures are built with ``Figure()`` rather than ``pyplot`` so that notebooks never display a stray
figure repr. :func:`setup` registers the Noto Sans CJK SC font shipped by the ``mplfonts`` package
(installed with this package, so no system font or root is needed) and applies the seaborn theme
with the colour-blind-safe palette. A glyph missing from the fonts raises (the test suite turns
matplotlib's "Glyph … missing" warning into an error).

The registered font has one weight (Regular): no chart may ask for another (``fontweight="bold"``
makes matplotlib ≥ 3.11 log "findfont: Failed to find font weight bold" to stderr, which would
reach every page). Emphasis is by size and colour; ``tests/test_charts.py`` renders every chart
with all warnings and all matplotlib log records at WARNING or above as failures.
"""

from __future__ import annotations

import io
import math
import os
from functools import lru_cache

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from jnjp_analysis import scenarios
from jnjp_analysis.config import TOL
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load
from jnjp_analysis.records.assessment import PROXY

CJK_FAMILY = "Noto Sans CJK SC"
# Okabe-Ito colours (colour-blind safe); lights also carry a text label
LIGHT_COLOURS = {"green": "#009E73", "yellow": "#F0E442", "red": "#D55E00"}
STATUS_COLOURS = {"both": "#009E73", "intensity_only": "#56B4E9", "cap_only": "#E69F00", "neither": "#DDDDDD",
                  "exempt": "#8FD4BE"}  # exempt: a cap missed, but the incentive cut met where the plan exempts the total
# the double-control map's statuses, in the order of their codes (scenarios.feasibility_grid's
# ``status``): "exempt" only for a plan that exempts a unit meeting its incentive level from the total
MAP_STATUSES = ("both", "intensity_only", "cap_only", "neither", "exempt")
DPI = 110
LEGEND_MAX_COLS = 7  # a wider legend row than this wraps


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Path of the CJK font file: mplfonts' Noto Sans CJK SC, else a system Noto Sans CJK.

    Returns
    -------
    str
        Path of the font file (an ``.otf`` or ``.ttc``).

    Raises
    ------
    RuntimeError
        If neither ``mplfonts`` nor a system Noto Sans CJK font is found.
    """
    try:
        import mplfonts

        p = os.path.join(os.path.dirname(mplfonts.__file__), "fonts", "NotoSansCJKsc-Regular.otf")
        if os.path.exists(p):
            return p
    except ImportError:  # pragma: no cover - mplfonts is a dependency
        pass
    for f in font_manager.findSystemFonts():
        if "NotoSansCJK" in os.path.basename(f):
            return f
    raise RuntimeError("no CJK font found: install the 'mplfonts' package (a dependency) or fonts-noto-cjk")


_registered = False


def setup() -> None:
    """Register the CJK font (once) and apply the seaborn theme whenever it is not in force — a
    style context (pytest-mpl's, a notebook's) may have reset matplotlib's settings since the last
    call, so the live settings are checked rather than a flag."""
    global _registered
    if not _registered:
        font_manager.fontManager.addfont(cjk_font_path())
        _registered = True
    rc = matplotlib.rcParams
    if list(rc["font.sans-serif"][:1]) == [CJK_FAMILY] and rc["svg.hashsalt"] == "jnjp":
        return
    sns.set_theme(
        style="whitegrid", palette="colorblind",
        rc={
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": True,  # Noto Sans CJK has U+2212
            "mathtext.fontset": "dejavusans",
            # text is text: a unit's or a scenario's name with two dollar signs ("$5 to $10") is the
            # user's, never mathtext; the one label with math (the energy axis, 10^4) asks for it
            "text.parse_math": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.titlesize": 13,
            "axes.labelsize": 11,
            "legend.fontsize": 9,
            "svg.hashsalt": "jnjp",
        },
    )


def _fig(w: float = 8.0, h: float = 4.6) -> tuple[Figure, matplotlib.axes.Axes]:
    setup()
    fig = Figure(figsize=(w, h), layout="constrained")
    return fig, fig.add_subplot()


def to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """PNG bytes without a timestamp or software tag (so the same figure gives the same bytes).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : float or None, optional
        Resolution in dots per inch; None for the figure's own (:data:`DPI`, 110, after :func:`setup`).

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, dpi=dpi or "figure")
    return buf.getvalue()


def to_svg(fig: Figure) -> str:
    """SVG text of the figure with its text as text (``svg.fonttype`` ``"none"``), for a page that
    embeds the font: small, sharp at any zoom and in print, and selectable. No date, no software
    tag, ids from the fixed ``svg.hashsalt``: the same figure gives the same text.

    The text is laid out with the charts' font (:func:`cjk_font_path`), which is the font a page
    embeds (:mod:`jnjp_analysis.pages.webfont`), so a browser sets it where matplotlib measured it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        The SVG document (with its XML declaration; :func:`jnjp_analysis.pages.display.inline_svg`
        makes it an element of a page).
    """
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "jnjp", "svg.image_inline": True}):
        # dpi sets only what SVG cannot draw as vectors (the map's pcolormesh, drawn as an image):
        # 2 × DPI keeps it crisp in print at ≈ 8 KB a chart; the vector coordinates do not change
        fig.savefig(buf, format="svg", dpi=SVG_IMAGE_DPI,
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return buf.getvalue().decode("utf-8")


SVG_IMAGE_DPI = 2 * DPI


PlanArg = Plan | str | os.PathLike | None  # a Plan, a shipped plan's id or a package folder; None: the default


def _name(plan: Plan, prefecture: str, lang: str) -> str:
    return plan.name(prefecture, lang)


def _years_axis(ax, plan: Plan) -> None:
    ax.set_xticks(range(plan.base_year, plan.target_year + 1))
    ax.set_xlim(plan.base_year - 0.2, plan.target_year + 0.2)


def palette(n: int) -> list:
    """``n`` distinguishable colours: Okabe-Ito-like ``colorblind`` for up to 10, then ``husl``.

    Parameters
    ----------
    n : int
        How many (the plan's units).

    Returns
    -------
    list
        RGB tuples.
    """
    return list(sns.color_palette("colorblind", n)) if n <= 10 else list(sns.color_palette("husl", n))


def _scenario_lines(ax, projections: pd.DataFrame, slug: str, column: str, scale: float, lang: str) -> None:
    """One line per scenario of ``column`` (× ``scale``) for a prefecture."""
    for i, (name, g) in enumerate(projections[projections["prefecture"] == slug].groupby("scenario", sort=False)):
        ax.plot(g["year"], scale * g[column], marker="o", ms=3.5, lw=1.6, color=sns.color_palette()[i % 10],
                label=scenario_label(name, lang))


def _finish_path_axes(ax, plan: Plan, title: str, ylabel: str, lang: str, legend_loc: str) -> None:
    _years_axis(ax, plan)
    ax.set_title(title)
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(ylabel, parse_math=True)  # our own labels (the energy axis: $10^4$), no user text
    ax.legend(loc=legend_loc, ncols=2, frameon=True)


def intensity_chart(prefecture: str, projections: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Intensity index (base year = 100) of each scenario against the even-pace path to the target.

    The target level (100 less the annex-1 cut, in %) is drawn as a dotted line; where the plan sets an
    incentive level, its even path and level are drawn too (dash-dot, grey).

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:meth:`Plan.unit`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the prefecture, from
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
        For an unknown prefecture or language.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(prefecture).slug
    tg = plan.targets(slug)
    fig, ax = _fig()
    ep = trajectory.even_path(tg.intensity_cut, years=tg.years, base_year=tg.base_year)
    ax.plot(ep["year"], 100 * ep["intensity_index"], color="black", lw=2.2, ls="--", label=t("even_path", lang), zorder=5)
    ax.axhline(100 * (1 - tg.intensity_cut), color="black", lw=0.8, ls=":")
    ax.annotate(t("target_level", lang, plan=plan, pct=f"{round(100 * tg.intensity_cut, 6):g}"),
                (plan.base_year + 0.05, 100 * (1 - tg.intensity_cut)), xytext=(0, -12), textcoords="offset points",
                fontsize=9)
    if tg.incentive_cut is not None:  # a plan with an incentive level (the 14th period's 激励目标)
        ip = trajectory.even_path(tg.incentive_cut, years=tg.years, base_year=tg.base_year)
        ax.plot(ip["year"], 100 * ip["intensity_index"], color="#555555", lw=1.6, ls="-.",
                label=t("even_path_incentive", lang), zorder=5)
        ax.axhline(100 * (1 - tg.incentive_cut), color="#555555", lw=0.8, ls=":")
        ax.annotate(t("incentive_level", lang, plan=plan, pct=f"{round(100 * tg.incentive_cut, 6):g}"),
                    (plan.base_year + 0.05, 100 * (1 - tg.incentive_cut)), xytext=(0, -12),
                    textcoords="offset points", fontsize=9, color="#555555")
    _scenario_lines(ax, projections, slug, "intensity_index", 100.0, lang)
    _finish_path_axes(ax, plan, t("intensity_title", lang, name=_name(plan, slug, lang)),
                      t("intensity_axis", lang, plan=plan), lang, "upper right")
    return fig


def energy_chart(prefecture: str, projections: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Energy consumption (10^4 tce) of each scenario against the even path to the total cap.

    The target-year cap is drawn as a horizontal line.

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:meth:`Plan.unit`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the prefecture, from
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
        For an unknown prefecture or language.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(prefecture).slug
    tg = plan.targets(slug)
    fig, ax = _fig()
    cp = trajectory.cap_path(tg.energy_base_10k_tce, tg.increment_10k_tce, years=tg.years,
                             base_year=tg.base_year)
    cap = tg.cap_target_10k_tce
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=2.2, ls="--", label=t("cap_path", lang),
            zorder=5)
    ax.axhline(cap, color="#D55E00", lw=1.2, ls="-")
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (plan.base_year + 0.05, cap),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    _scenario_lines(ax, projections, slug, "energy_10k_tce", 1.0, lang)
    _finish_path_axes(ax, plan, t("energy_title", lang, name=_name(plan, slug, lang)), t("energy_axis", lang), lang,
                      "lower right")
    return fig


def scenario_points(compliance: pd.DataFrame, prefecture: str, *, plan: PlanArg = None) -> pd.DataFrame:
    """(average GDP growth, average annual intensity cut) of each scenario for the map.

    Parameters
    ----------
    compliance : pandas.DataFrame
        :func:`scenarios.compliance_table` (or :func:`scenarios.compliance`) output; only the
        prefecture's rows are used.
    prefecture : str
        A prefecture's slug or name (:meth:`Plan.unit`).

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
        For an unknown prefecture.
    """
    plan = load(plan)
    c = compliance[compliance["prefecture"] == plan.unit(prefecture).slug]
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


def map_grid(prefecture: str, points: pd.DataFrame | None = None, *, plan: PlanArg = None) -> scenarios.GridSpec:
    """The grid of a unit's double-control map (:data:`scenarios.MAP_GRID` with the growth axis of
    :func:`map_growth_max` over the unit's implied growth and the ``points``' growth); its data bundle
    carries the same grid.

    Parameters
    ----------
    prefecture : str
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
    g = [trajectory.implied_gdp_growth(plan.targets(plan.unit(prefecture).slug))]
    if points is not None:
        g += list(points["gdp_growth"])
    return scenarios.MAP_GRID.with_max(map_growth_max(g), None)


def double_control_map(prefecture: str, points: pd.DataFrame | None = None, lang: str = "zh",
                       growth_max: float | None = None, cut_max: float = 0.06, *, plan: PlanArg = None) -> Figure:
    """Where each control is met over constant GDP growth × constant annual intensity cut.

    Scenarios (``points``: scenario, gdp_growth, annual_cut) are shown as labelled points, with
    the even pace as a dashed line and the implied GDP growth on it as a star.

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:meth:`Plan.unit`).
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
        For an unknown prefecture or language.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(prefecture).slug
    if growth_max is None:
        growth_max = map_grid(slug, points, plan=plan).growth_max
    spec = scenarios.MAP_GRID.with_max(growth_max, cut_max)  # the grid its data bundle table carries
    gg, pp = spec.gdp_growth, spec.pace
    grid = spec.grid(slug, plan=plan)
    codes = {k: i for i, k in enumerate(MAP_STATUSES)}
    z = grid["status"].map(codes).to_numpy().reshape(len(pp), len(gg))
    fig, ax = _fig(8.0, 5.0)
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
    ax.set_title(t("map_title", lang, name=_name(plan, slug, lang)))
    ax.set_xlabel(t("map_x", lang))
    ax.set_ylabel(t("map_y", lang))
    return fig


def pacing_chart(table: pd.DataFrame, prefecture: str, scenario: str, lang: str = "zh", name: str | None = None, *,
                 plan: PlanArg = None) -> Figure:
    """Traffic lights by year (rows: intensity, consumption, overall), each cell coloured and labelled.

    The labels (绿/黄/红 or G/Y/R) ensure that colour is not the only cue. ``name`` replaces the
    prefecture's name in the title (for the region).

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`pacing.check` table: ``year`` and any of ``intensity_light``, ``energy_light`` and
        ``light`` (``"green"``, ``"yellow"`` or ``"red"``); a row is drawn for each present.
    prefecture : str
        A prefecture's slug or name, for the title (not looked up when ``name`` is given).
    scenario : str
        The scenario the lights check (its label goes in the title), or ``"record"`` for the
        observed pacing.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    name : str or None, optional
        Name for the title instead of the prefecture's (e.g. the region's).

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
        For an unknown language, or an unknown prefecture when ``name`` is not given.
    """
    check_lang(lang)
    plan = load(plan)
    rows = [(c, t(k, lang)) for c, k in (("intensity_light", "pacing_row_intensity"),
                                         ("energy_light", "pacing_row_energy"), ("light", "pacing_row_overall"))
            if c in table]
    years = table["year"].to_numpy()
    fig, ax = _fig(8.0, 0.9 + 0.62 * len(rows))
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
    ax.set_title(t("pacing_title", lang, name=name or _name(plan, prefecture, lang), scenario=scenario_label(scenario, lang)))
    ax.set_xlabel(t("pacing_legend", lang), fontsize=8.5, loc="left", labelpad=8)
    return fig


def pollutant_chart(lang: str = "zh", highlight: str | None = None, *, plan: PlanArg = None) -> Figure:
    """Each unit's target-year cap as a share of the regional cap, stacked per pollutant.

    The bar's end is the annex-2 sum (above 100 % for NH3-N and SO2 as printed).

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    highlight : str or None, optional
        A prefecture (slug or name) whose segments are outlined and hatched; None for none.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Horizontal stacked bars, one per pollutant, in % of the regional target-year cap, with each
        bar's total and the 100 % line.

    Raises
    ------
    JnjpError
        For an unknown language or ``highlight`` prefecture.
    """
    check_lang(lang)
    from jnjp_analysis.plan import catalogue as targets

    plan = load(plan)
    reg = targets.regional_targets(plan=plan).set_index("target_id")["value"]
    pols = [p.slug for p in plan.pollutants if f"{p.slug}_cap" in reg.index]  # shares of a cap the plan states
    fig, ax = _fig(8.4, 4.4)
    left = np.zeros(len(pols))
    pal = palette(len(plan.units))
    hl = plan.unit(highlight).slug if highlight else None
    for i, p in enumerate(plan.units):
        share = np.array([100 * plan.cap(p.slug, pol) / float(reg[f"{pol}_cap"]) for pol in pols])
        ax.barh(range(len(pols)), share, left=left, color=pal[i], label=p.label(lang),
                edgecolor="black" if p.slug == hl else "white", linewidth=2.0 if p.slug == hl else 0.5,
                hatch="//" if p.slug == hl else None)
        left += share
    for k, total in enumerate(left):
        ax.annotate(f"{total:.1f}%", (total, k), xytext=(4, 0), textcoords="offset points", va="center",
                    color="#A04000" if total > 100 + TOL else "black", fontsize=10 if total > 100 + TOL else 9)
    ax.axvline(100, color="black", lw=1.2, ls="--")
    ax.annotate(t("regional_cap", lang, plan=plan), (100, len(pols) - 0.5), xytext=(3, 0), textcoords="offset points", fontsize=9)
    ax.set_yticks(range(len(pols)), [pollutant_label(plan, p, lang) for p in pols])
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xlabel(t("pollutant_axis", lang, plan=plan))
    ax.set_title(t("pollutant_title", lang, plan=plan))
    fig.legend(loc="outside lower center", ncols=min(len(plan.units), LEGEND_MAX_COLS), frameon=False, fontsize=8.5)
    return fig


def pollutant_label(plan: Plan, slug: str, lang: str) -> str:
    """A pollutant's short label: the i18n ``pol_<slug>`` where there is one, else the plan's name for it
    (a pollutant outside Tibet's four, e.g. VOCs, is named as its plan names it).

    Parameters
    ----------
    plan : Plan
        The plan.
    slug : str
        The pollutant's slug, e.g. ``"cod"`` or ``"vocs"``.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The label (plain text: escape it before it reaches Markdown).
    """
    from jnjp_analysis.i18n import has

    return t(f"pol_{slug}", lang) if has(f"pol_{slug}") else plan.pollutant(slug).label(lang)


def fan_chart(mc: scenarios.MonteCarloResult, prefecture: str, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Monte Carlo fan of energy consumption (5-95 % and 25-75 % bands, median) against the cap.

    Parameters
    ----------
    mc : MonteCarloResult
        A :func:`scenarios.monte_carlo` result that includes the prefecture, with the default
        quantiles (0.05, 0.25, 0.5, 0.75, 0.95) of ``energy_10k_tce``.
    prefecture : str
        A prefecture's slug or name (:meth:`Plan.unit`).
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
        For an unknown prefecture or language.
    """
    check_lang(lang)
    plan = load(plan)
    slug = plan.unit(prefecture).slug
    q = mc.quantiles[(mc.quantiles.prefecture == slug) & (mc.quantiles.quantity == "energy_10k_tce")]
    w = q.pivot(index="year", columns="quantile", values="value")
    tg = plan.targets(slug)
    cap = tg.cap_target_10k_tce
    fig, ax = _fig()
    c = sns.color_palette()[0]
    ax.fill_between(w.index, w[0.05], w[0.95], color=c, alpha=0.2, lw=0, label=t("fan_band_90", lang))
    ax.fill_between(w.index, w[0.25], w[0.75], color=c, alpha=0.4, lw=0, label=t("fan_band_50", lang))
    ax.plot(w.index, w[0.5], color=c, lw=2, label=t("fan_median", lang))
    cp = trajectory.cap_path(tg.energy_base_10k_tce, tg.increment_10k_tce, years=tg.years,
                             base_year=tg.base_year)
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=1.6, ls="--", label=t("cap_path", lang))
    ax.axhline(cap, color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (plan.base_year + 0.05, cap),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    _years_axis(ax, plan)
    ax.set_title(t("fan_title", lang, name=_name(plan, slug, lang), scenario=scenario_label(mc.scenario, lang), n=f"{mc.n:,}"))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang), parse_math=True)
    ax.legend(loc="lower right", frameon=True)
    return fig


def implied_growth_chart(lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Implied GDP growth by prefecture (bars) — the growth at which both controls coincide.

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Bar chart of each prefecture's implied average GDP growth over the period, in %/yr, labelled.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    plan = load(plan)
    fig, ax = _fig(8.0, 4.2)
    names = [p.label(lang) for p in plan.units]
    vals = [100 * trajectory.implied_gdp_growth(plan.targets(p.slug)) for p in plan.units]
    bars = ax.bar(names, vals, color=sns.color_palette()[0])
    ax.bar_label(bars, fmt="%.1f%%", fontsize=9)
    ax.set_ylabel(t("implied_axis", lang))
    ax.set_title(t("implied_title", lang, plan=plan))
    ax.set_ylim(0, max(vals) * 1.15)
    return fig


def compliance_chart(comp: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Scenarios × prefectures: which controls each scenario meets in the target year, cell-labelled.

    Parameters
    ----------
    comp : pandas.DataFrame
        :func:`scenarios.compliance_table` output (``scenario``, ``prefecture``, ``intensity_met``,
        ``cap_met``); the region's rows are left out. Every scenario needs a row for every
        prefecture shown.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Grid of cells (rows: scenarios, columns: prefectures), each coloured and labelled both,
        intensity only, cap only or neither; where the plan exempts the total at the incentive level
        (``total_exempt``), "cap exempt" for a cap missed at an incentive cut met.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    plan = load(plan)
    comp = comp[comp["prefecture"] != scenarios.REGION]
    scen = list(dict.fromkeys(comp["scenario"]))
    prefs = [p.slug for p in plan.units if p.slug in set(comp["prefecture"])]
    status = {}
    for r in comp.itertuples():
        exempt = bool(getattr(r, "total_exempt", False))  # a plan that exempts the total at the incentive level
        status[(r.scenario, r.prefecture)] = ("both" if r.intensity_met and r.cap_met else "exempt"
                                             if r.intensity_met and exempt else "intensity_only"
                                             if r.intensity_met else "cap_only" if r.cap_met else "neither")
    fig, ax = _fig(8.6, 1.4 + 0.55 * len(scen))
    for i, s in enumerate(scen):
        for j, p in enumerate(prefs):
            st = status[(s, p)]
            ax.add_patch(matplotlib.patches.Rectangle((j, i), 1, 1, fc=STATUS_COLOURS[st], ec="white", lw=2))
            ax.text(j + 0.5, i + 0.5, t(st, lang), ha="center", va="center", fontsize=8)
    ax.set_xlim(0, len(prefs))
    ax.set_ylim(len(scen), 0)
    ax.set_xticks(np.arange(len(prefs)) + 0.5, [plan.name(p, lang) for p in prefs])
    ax.set_yticks(np.arange(len(scen)) + 0.5, [scenario_label(s, lang) for s in scen])
    ax.grid(False)
    ax.tick_params(length=0)
    ax.set_title(t("compliance_title", lang, plan=plan))
    return fig


def _record_ylim(e0: float, cap: float, observed: pd.Series, drawn: list) -> tuple[float, float]:
    """The record chart's energy axis: from below the base (or the lowest observed value) to 10 % of
    the span above the cap, as it always was where every value drawn fits in that; else from the
    lowest to the highest value drawn (the cap among them), with the same margins of their span."""
    vals = [float(x) for x in drawn if x is not None and x == x]
    lo_y = min(e0, *(observed.to_numpy() if len(observed) else [e0]))
    if cap > lo_y:
        bottom, top = lo_y - 0.04 * (cap - lo_y), cap + 0.10 * (cap - lo_y)
        if all(bottom <= x <= top for x in vals):
            return bottom, top
    lo, hi = min(vals), max(vals)
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - 0.04 * span, hi + 0.10 * span


def record_chart(ceilings: pd.DataFrame, ceiling_target: dict | None, observed: pd.Series, name: str,
                 lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """What the targets allowed at the growth that happened (:func:`assessment.ceilings`).

    Shown: the cap's even path and the target-year cap; the consumption the intensity target allowed each
    year where the growth is known, and in the target year (from the period average, with its rounding range, if
    the annual series is incomplete); observed consumption where the record has it. Proxy growth is
    said in the legend.

    Parameters
    ----------
    ceilings : pandas.DataFrame
        :func:`assessment.ceilings` of the unit: ``year``, ``cap_path_10k_tce``, ``ceiling_10k_tce``
        (10^4 tce), ``growth_basis``, and ``attrs`` ``energy_base_10k_tce``, ``cap_target_10k_tce``,
        ``total_cut`` (fraction).
    ceiling_target : dict or None
        :func:`assessment.ceiling_target` of the unit (``ceiling_10k_tce``, ``basis``,
        ``growth_basis``; for a period average also ``low_10k_tce``, ``high_10k_tce``,
        ``growth_avg``); None where unknown.
    observed : pandas.Series
        Recorded energy consumption in 10^4 tce, indexed by int year (may be empty).
    name : str
        The unit's name for the title, in ``lang``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Line chart of energy consumption in 10^4 tce by year, base to target year.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    plan = load(plan)
    B, Y = plan.base_year, plan.target_year
    fig, ax = _fig(8.0, 4.6)
    c = ceilings
    e0 = float(c.attrs["energy_base_10k_tce"])
    cap = float(c.attrs["cap_target_10k_tce"])
    drawn = [e0, cap, *c["cap_path_10k_tce"]]  # every value drawn: the axis covers them all
    ax.plot([B, *c["year"]], [e0, *c["cap_path_10k_tce"]], color="black", lw=2.0, ls="--",
            label=t("cap_path", lang), zorder=4)
    ax.axhline(cap, color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (B + 0.05, cap), xytext=(0, 4), textcoords="offset points",
                fontsize=9, color="#A04000")
    proxy = (c["growth_basis"] == PROXY).any() or (ceiling_target or {}).get("growth_basis") == PROXY
    lab: str | None = t("rec_chart_ceiling", lang) + (t("rec_chart_proxy", lang, plan=plan) if proxy else "")
    known = c[c["ceiling_10k_tce"].notna()]
    blue = "#0072B2"
    if len(known):
        ax.plot([B, *known["year"]], [e0, *known["ceiling_10k_tce"]], color=blue, marker="o", ms=4, lw=1.8,
                label=lab, zorder=5)
        drawn += list(known["ceiling_10k_tce"])
        lab = None
    if ceiling_target is not None and ceiling_target["basis"] == "period average":
        # the path the intensity target allowed had growth been the period average every year:
        # E_B · (1 + ḡ)^k · (1 − a)^k, ending at the target-year value (± the average's rounding)
        v, lo, hi = ceiling_target["ceiling_10k_tce"], ceiling_target["low_10k_tce"], ceiling_target["high_10k_tce"]
        k = np.arange(0, plan.T + 1)
        a = trajectory.even_annual_cut(float(c.attrs["total_cut"]), years=plan.T)
        path = e0 * ((1.0 + ceiling_target["growth_avg"]) * (1.0 - a)) ** k
        ax.plot(B + k, path, color=blue, lw=1.4, ls=":", zorder=3,
                label=t("rec_chart_ceiling_avg", lang, plan=plan) + (t("rec_chart_proxy", lang, plan=plan) if proxy else ""))
        ax.errorbar([Y], [v], yerr=[[v - lo], [hi - v]], fmt="D", ms=7, color=blue, capsize=4, lw=1.4, zorder=6)
        drawn += [*path, lo, hi]
    if ceiling_target is not None:
        v = ceiling_target["ceiling_10k_tce"]
        drawn.append(v)
        ax.annotate(t("rec_chart_ceiling_target", lang, plan=plan, v=f"{v:.1f}"), (Y, v), xytext=(-10, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=9, color=blue,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    if len(observed):
        ax.plot(observed.index, observed.to_numpy(), color="#009E73", marker="s", ms=5, lw=2.0,
                label=t("rec_chart_observed", lang), zorder=7)
        drawn += list(observed.to_numpy())
    _years_axis(ax, plan)
    ax.set_ylim(*_record_ylim(e0, cap, observed, drawn))
    ax.set_title(t("rec_chart_title", lang, name=name))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang), parse_math=True)
    ax.legend(loc="lower right", frameon=True)
    return fig
