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
import os
from functools import lru_cache

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from jnjp_analysis import BASE_YEAR, TARGET_YEAR, scenarios
from jnjp_analysis.config import TOL
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan import units as prefectures
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.records.assessment import PROXY

CJK_FAMILY = "Noto Sans CJK SC"
# Okabe-Ito colours (colour-blind safe); lights also carry a text label
LIGHT_COLOURS = {"green": "#009E73", "yellow": "#F0E442", "red": "#D55E00"}
STATUS_COLOURS = {"both": "#009E73", "intensity_only": "#56B4E9", "cap_only": "#E69F00", "neither": "#DDDDDD"}
DPI = 110


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


def _name(prefecture: str, lang: str) -> str:
    return prefectures.get(prefecture).name(lang)


def _years_axis(ax) -> None:
    ax.set_xticks(range(BASE_YEAR, TARGET_YEAR + 1))
    ax.set_xlim(BASE_YEAR - 0.2, TARGET_YEAR + 0.2)


def _scenario_lines(ax, projections: pd.DataFrame, slug: str, column: str, scale: float, lang: str) -> None:
    """One line per scenario of ``column`` (× ``scale``) for a prefecture."""
    for i, (name, g) in enumerate(projections[projections["prefecture"] == slug].groupby("scenario", sort=False)):
        ax.plot(g["year"], scale * g[column], marker="o", ms=3.5, lw=1.6, color=sns.color_palette()[i % 10],
                label=scenario_label(name, lang))


def _finish_path_axes(ax, title: str, ylabel: str, lang: str, legend_loc: str) -> None:
    _years_axis(ax)
    ax.set_title(title)
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(ylabel)
    ax.legend(loc=legend_loc, ncols=2, frameon=True)


def intensity_chart(prefecture: str, projections: pd.DataFrame, lang: str = "zh") -> Figure:
    """Intensity index (2015 = 100) of each scenario against the even-pace path to the target.

    The target level (100 less the annex-1 cut, in %) is drawn as a dotted line.

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:func:`prefectures.get`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the prefecture, from
        ``year`` and ``intensity_index`` (2015 = 1).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Line chart: intensity index (2015 = 100) by year, 2015–2020.

    Raises
    ------
    JnjpError
        For an unknown prefecture or language.
    """
    check_lang(lang)
    slug = prefectures.get(prefecture).slug
    row = source.energy_target(slug)
    fig, ax = _fig()
    ep = trajectory.even_path(float(row["intensity_cut"]))
    ax.plot(ep["year"], 100 * ep["intensity_index"], color="black", lw=2.2, ls="--", label=t("even_path", lang), zorder=5)
    ax.axhline(100 * (1 - row["intensity_cut"]), color="black", lw=0.8, ls=":")
    ax.annotate(t("target_level", lang, pct=f"{row['intensity_cut_pct']:g}"), (BASE_YEAR + 0.05, 100 * (1 - row["intensity_cut"])),
                xytext=(0, -12), textcoords="offset points", fontsize=9)
    _scenario_lines(ax, projections, slug, "intensity_index", 100.0, lang)
    _finish_path_axes(ax, t("intensity_title", lang, name=_name(slug, lang)), t("intensity_axis", lang), lang, "upper right")
    return fig


def energy_chart(prefecture: str, projections: pd.DataFrame, lang: str = "zh") -> Figure:
    """Energy consumption (10^4 tce) of each scenario against the even path to the total cap.

    The 2020 cap (annex 1) is drawn as a horizontal line.

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:func:`prefectures.get`).
    projections : pandas.DataFrame
        :func:`scenarios.project` tables, stacked: one line per ``scenario`` for the prefecture, from
        ``year`` and ``energy_10k_tce`` (10^4 tce).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Line chart: energy consumption in 10^4 tce by year, 2015–2020.

    Raises
    ------
    JnjpError
        For an unknown prefecture or language.
    """
    check_lang(lang)
    slug = prefectures.get(prefecture).slug
    row = source.energy_target(slug)
    fig, ax = _fig()
    cp = trajectory.cap_path(float(row["energy_2015_10k_tce"]), float(row["increment_10k_tce"]))
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=2.2, ls="--", label=t("cap_path", lang), zorder=5)
    ax.axhline(row["cap_2020_10k_tce"], color="#D55E00", lw=1.2, ls="-")
    ax.annotate(t("cap_level", lang, cap=row["cap_2020_10k_tce"]), (BASE_YEAR + 0.05, row["cap_2020_10k_tce"]),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    _scenario_lines(ax, projections, slug, "energy_10k_tce", 1.0, lang)
    _finish_path_axes(ax, t("energy_title", lang, name=_name(slug, lang)), t("energy_axis", lang), lang, "lower right")
    return fig


def scenario_points(compliance: pd.DataFrame, prefecture: str) -> pd.DataFrame:
    """(average GDP growth, average annual intensity cut) of each scenario for the map.

    Parameters
    ----------
    compliance : pandas.DataFrame
        :func:`scenarios.compliance_table` (or :func:`scenarios.compliance`) output; only the
        prefecture's rows are used.
    prefecture : str
        A prefecture's slug or name (:func:`prefectures.get`).

    Returns
    -------
    pandas.DataFrame
        One row per scenario: ``scenario``, ``gdp_growth`` (average annual real growth 2016–2020,
        fraction) and ``annual_cut`` (the constant annual intensity cut that gives the 2020
        cumulative cut, fraction), as :func:`double_control_map` takes them.

    Raises
    ------
    JnjpError
        For an unknown prefecture.
    """
    c = compliance[compliance["prefecture"] == prefectures.get(prefecture).slug]
    return pd.DataFrame({"scenario": c["scenario"].to_numpy(), "gdp_growth": c["gdp_growth_avg"].to_numpy(),
                         "annual_cut": 1 - (1 - c["cumulative_cut"].to_numpy()) ** (1 / 5)})


def double_control_map(prefecture: str, points: pd.DataFrame | None = None, lang: str = "zh",
                       growth_max: float = 0.20, cut_max: float = 0.06) -> Figure:
    """Where each control is met over constant GDP growth × constant annual intensity cut.

    Scenarios (``points``: scenario, gdp_growth, annual_cut) are shown as labelled points, with
    the even pace as a dashed line and the implied GDP growth on it as a star.

    Parameters
    ----------
    prefecture : str
        A prefecture's slug or name (:func:`prefectures.get`).
    points : pandas.DataFrame or None, optional
        Scenarios to mark (:func:`scenario_points`: ``scenario``, ``gdp_growth``, ``annual_cut``, both
        fractions); None for the map alone.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    growth_max : float, default 0.20
        Upper end of the GDP growth axis (fraction per year; the grid has 201 values from 0).
    cut_max : float, default 0.06
        Upper end of the annual intensity cut axis (fraction per year; 151 values from 0).

    Returns
    -------
    matplotlib.figure.Figure
        Map over GDP growth (x, %/yr) and annual intensity cut (y, %/yr), each cell coloured
        by which controls are met in 2020 (both, intensity only, cap only, neither).

    Raises
    ------
    JnjpError
        For an unknown prefecture or language.
    """
    check_lang(lang)
    slug = prefectures.get(prefecture).slug
    gg = np.round(np.linspace(0, growth_max, 201), 6)
    pp = np.round(np.linspace(0, cut_max, 151), 6)
    grid = scenarios.feasibility_grid(slug, gdp_growth=gg, pace=pp, mode="intensity_cut")
    codes = {"both": 0, "intensity_only": 1, "cap_only": 2, "neither": 3}
    z = grid["status"].map(codes).to_numpy().reshape(len(pp), len(gg))
    fig, ax = _fig(8.0, 5.0)
    cmap = matplotlib.colors.ListedColormap([STATUS_COLOURS[k] for k in codes])
    ax.pcolormesh(100 * gg, 100 * pp, z, cmap=cmap, vmin=-0.5, vmax=3.5, shading="nearest", alpha=0.55,
                  rasterized=True)
    a = trajectory.even_annual_cut(float(source.energy_target(slug)["intensity_cut"]))
    g_star = trajectory.implied_gdp_growth(slug)
    ax.axhline(100 * a, color="#0072B2", lw=1.2, ls="--")
    ax.annotate(t("even_pace_line", lang, a=100 * a), (100 * growth_max, 100 * a), xytext=(-4, 4),
                textcoords="offset points", ha="right", fontsize=9, color="#0072B2")
    star = ax.plot([100 * g_star], [100 * a], marker="*", ms=15, color="black", ls="none", zorder=6,
                   label=t("implied_growth", lang, g=100 * g_star))[0]
    handles = [Patch(facecolor=STATUS_COLOURS[k], alpha=0.55, label=t(k, lang)) for k in codes]
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
    ax.set_title(t("map_title", lang, name=_name(slug, lang)))
    ax.set_xlabel(t("map_x", lang))
    ax.set_ylabel(t("map_y", lang))
    return fig


def pacing_chart(table: pd.DataFrame, prefecture: str, scenario: str, lang: str = "zh", name: str | None = None) -> Figure:
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
    ax.set_xlim(0, max(len(years), TARGET_YEAR - BASE_YEAR))  # a short record keeps the cells' size
    ax.set_ylim(len(rows), 0)
    ax.set_xticks(np.arange(len(years)) + 0.5, [str(y) for y in years])
    ax.set_yticks(np.arange(len(rows)) + 0.5, [label for _, label in rows])
    ax.grid(False)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(t("pacing_title", lang, name=name or _name(prefecture, lang), scenario=scenario_label(scenario, lang)))
    ax.set_xlabel(t("pacing_legend", lang), fontsize=8.5, loc="left", labelpad=8)
    return fig


def pollutant_chart(lang: str = "zh", highlight: str | None = None) -> Figure:
    """Each prefecture's 2020 cap as a share of the regional cap, stacked per pollutant.

    The bar's end is the annex-2 sum (above 100 % for NH3-N and SO2 as printed).

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    highlight : str or None, optional
        A prefecture (slug or name) whose segments are outlined and hatched; None for none.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal stacked bars, one per pollutant, in % of the regional 2020 cap, with each
        bar's total and the 100 % line.

    Raises
    ------
    JnjpError
        For an unknown language or ``highlight`` prefecture.
    """
    check_lang(lang)
    from jnjp_analysis.plan import catalogue as targets

    caps = source.pollutant_caps()
    reg = targets.regional_targets().set_index("target_id")["value"]
    pols = list(source.POLLUTANTS)
    fig, ax = _fig(8.4, 4.4)
    left = np.zeros(len(pols))
    pal = sns.color_palette("colorblind", 7)
    hl = prefectures.get(highlight).slug if highlight else None
    for i, p in enumerate(prefectures.PREFECTURES):
        share = np.array([100 * float(caps[(caps.prefecture == p.slug) & (caps.pollutant == pol)]["cap_2020_10k_t"].iloc[0])
                          / float(reg[f"{pol}_cap"]) for pol in pols])
        ax.barh(range(len(pols)), share, left=left, color=pal[i], label=p.name(lang),
                edgecolor="black" if p.slug == hl else "white", linewidth=2.0 if p.slug == hl else 0.5,
                hatch="//" if p.slug == hl else None)
        left += share
    for k, total in enumerate(left):
        ax.annotate(f"{total:.1f}%", (total, k), xytext=(4, 0), textcoords="offset points", va="center",
                    color="#A04000" if total > 100 + TOL else "black", fontsize=10 if total > 100 + TOL else 9)
    ax.axvline(100, color="black", lw=1.2, ls="--")
    ax.annotate(t("regional_cap", lang), (100, len(pols) - 0.5), xytext=(3, 0), textcoords="offset points", fontsize=9)
    ax.set_yticks(range(len(pols)), [t(f"pol_{p}", lang) for p in pols])
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xlabel(t("pollutant_axis", lang))
    ax.set_title(t("pollutant_title", lang))
    fig.legend(loc="outside lower center", ncols=7, frameon=False, fontsize=8.5)
    return fig


def fan_chart(mc: scenarios.MonteCarloResult, prefecture: str, lang: str = "zh") -> Figure:
    """Monte Carlo fan of energy consumption (5-95 % and 25-75 % bands, median) against the cap.

    Parameters
    ----------
    mc : MonteCarloResult
        A :func:`scenarios.monte_carlo` result that includes the prefecture, with the default
        quantiles (0.05, 0.25, 0.5, 0.75, 0.95) of ``energy_10k_tce``.
    prefecture : str
        A prefecture's slug or name (:func:`prefectures.get`).
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Bands and median of energy consumption in 10^4 tce by year, with the cap's even path
        and the 2020 cap.

    Raises
    ------
    JnjpError
        For an unknown prefecture or language.
    """
    check_lang(lang)
    slug = prefectures.get(prefecture).slug
    q = mc.quantiles[(mc.quantiles.prefecture == slug) & (mc.quantiles.quantity == "energy_10k_tce")]
    w = q.pivot(index="year", columns="quantile", values="value")
    row = source.energy_target(slug)
    fig, ax = _fig()
    c = sns.color_palette()[0]
    ax.fill_between(w.index, w[0.05], w[0.95], color=c, alpha=0.2, lw=0, label=t("fan_band_90", lang))
    ax.fill_between(w.index, w[0.25], w[0.75], color=c, alpha=0.4, lw=0, label=t("fan_band_50", lang))
    ax.plot(w.index, w[0.5], color=c, lw=2, label=t("fan_median", lang))
    cp = trajectory.cap_path(float(row["energy_2015_10k_tce"]), float(row["increment_10k_tce"]))
    ax.plot(cp["year"], cp["energy_10k_tce"], color="black", lw=1.6, ls="--", label=t("cap_path", lang))
    ax.axhline(row["cap_2020_10k_tce"], color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, cap=row["cap_2020_10k_tce"]), (BASE_YEAR + 0.05, row["cap_2020_10k_tce"]),
                xytext=(0, 4), textcoords="offset points", fontsize=9, color="#A04000")
    _years_axis(ax)
    ax.set_title(t("fan_title", lang, name=_name(slug, lang), scenario=scenario_label(mc.scenario, lang), n=f"{mc.n:,}"))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang))
    ax.legend(loc="lower right", frameon=True)
    return fig


def implied_growth_chart(lang: str = "zh") -> Figure:
    """Implied GDP growth by prefecture (bars) — the growth at which both controls coincide.

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Bar chart of each prefecture's implied average GDP growth 2016–2020, in %/yr, labelled.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    fig, ax = _fig(8.0, 4.2)
    names = [p.name(lang) for p in prefectures.PREFECTURES]
    vals = [100 * trajectory.implied_gdp_growth(p.slug) for p in prefectures.PREFECTURES]
    bars = ax.bar(names, vals, color=sns.color_palette()[0])
    ax.bar_label(bars, fmt="%.1f%%", fontsize=9)
    ax.set_ylabel(t("implied_axis", lang))
    ax.set_title(t("implied_title", lang))
    ax.set_ylim(0, max(vals) * 1.15)
    return fig


def compliance_chart(comp: pd.DataFrame, lang: str = "zh") -> Figure:
    """Scenarios × prefectures: which controls each scenario meets in 2020, cell-labelled.

    Parameters
    ----------
    comp : pandas.DataFrame
        :func:`scenarios.compliance_table` output (``scenario``, ``prefecture``, ``intensity_met``,
        ``cap_met``); the region's rows are left out. Every scenario needs a row for every
        prefecture shown.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Grid of cells (rows: scenarios, columns: prefectures), each coloured and labelled both,
        intensity only, cap only or neither.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    comp = comp[comp["prefecture"] != scenarios.REGION]
    scen = list(dict.fromkeys(comp["scenario"]))
    prefs = [p.slug for p in prefectures.PREFECTURES if p.slug in set(comp["prefecture"])]
    status = {}
    for r in comp.itertuples():
        status[(r.scenario, r.prefecture)] = ("both" if r.intensity_met and r.cap_met else "intensity_only"
                                             if r.intensity_met else "cap_only" if r.cap_met else "neither")
    fig, ax = _fig(8.6, 1.4 + 0.55 * len(scen))
    for i, s in enumerate(scen):
        for j, p in enumerate(prefs):
            st = status[(s, p)]
            ax.add_patch(matplotlib.patches.Rectangle((j, i), 1, 1, fc=STATUS_COLOURS[st], ec="white", lw=2))
            ax.text(j + 0.5, i + 0.5, t(st, lang), ha="center", va="center", fontsize=8)
    ax.set_xlim(0, len(prefs))
    ax.set_ylim(len(scen), 0)
    ax.set_xticks(np.arange(len(prefs)) + 0.5, [prefectures.get(p).name(lang) for p in prefs])
    ax.set_yticks(np.arange(len(scen)) + 0.5, [scenario_label(s, lang) for s in scen])
    ax.grid(False)
    ax.tick_params(length=0)
    ax.set_title(t("compliance_title", lang))
    return fig


def record_chart(ceilings: pd.DataFrame, ceiling_2020: dict | None, observed: pd.Series, name: str,
                 lang: str = "zh") -> Figure:
    """What the targets allowed at the growth that happened (:func:`assessment.ceilings`).

    Shown: the cap's even path and the 2020 cap; the consumption the intensity target allowed each
    year where the growth is known, and in 2020 (from the period average, with its rounding range, if
    the annual series is incomplete); observed consumption where the record has it. Proxy growth is
    said in the legend.

    Parameters
    ----------
    ceilings : pandas.DataFrame
        :func:`assessment.ceilings` of the unit: ``year``, ``cap_path_10k_tce``, ``ceiling_10k_tce``
        (10^4 tce), ``growth_basis``, and ``attrs`` ``energy_2015_10k_tce``, ``cap_2020_10k_tce``,
        ``total_cut`` (fraction).
    ceiling_2020 : dict or None
        :func:`assessment.ceiling_2020` of the unit (``ceiling_10k_tce``, ``basis``,
        ``growth_basis``; for a period average also ``low_10k_tce``, ``high_10k_tce``,
        ``growth_avg``); None where unknown.
    observed : pandas.Series
        Recorded energy consumption in 10^4 tce, indexed by int year (may be empty).
    name : str
        The unit's name for the title, in ``lang``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    Returns
    -------
    matplotlib.figure.Figure
        Line chart of energy consumption in 10^4 tce by year, 2015–2020.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    fig, ax = _fig(8.0, 4.6)
    c = ceilings
    e0 = float(c.attrs["energy_2015_10k_tce"])
    cap = float(c.attrs["cap_2020_10k_tce"])
    ax.plot([BASE_YEAR, *c["year"]], [e0, *c["cap_path_10k_tce"]], color="black", lw=2.0, ls="--",
            label=t("cap_path", lang), zorder=4)
    ax.axhline(cap, color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, cap=cap), (BASE_YEAR + 0.05, cap), xytext=(0, 4), textcoords="offset points",
                fontsize=9, color="#A04000")
    proxy = (c["growth_basis"] == PROXY).any() or (ceiling_2020 or {}).get("growth_basis") == PROXY
    lab = t("rec_chart_ceiling", lang) + (t("rec_chart_proxy", lang) if proxy else "")
    known = c[c["ceiling_10k_tce"].notna()]
    blue = "#0072B2"
    if len(known):
        ax.plot([BASE_YEAR, *known["year"]], [e0, *known["ceiling_10k_tce"]], color=blue, marker="o", ms=4, lw=1.8,
                label=lab, zorder=5)
        lab = None
    if ceiling_2020 is not None and ceiling_2020["basis"] == "period average":
        # the path the intensity target allowed had growth been the period average every year:
        # E_2015 · (1 + ḡ)^k · (1 − a)^k, ending at the 2020 value (± the average's rounding)
        v, lo, hi = ceiling_2020["ceiling_10k_tce"], ceiling_2020["low_10k_tce"], ceiling_2020["high_10k_tce"]
        k = np.arange(0, TARGET_YEAR - BASE_YEAR + 1)
        a = trajectory.even_annual_cut(float(c.attrs["total_cut"]))
        path = e0 * ((1.0 + ceiling_2020["growth_avg"]) * (1.0 - a)) ** k
        ax.plot(BASE_YEAR + k, path, color=blue, lw=1.4, ls=":", zorder=3,
                label=t("rec_chart_ceiling_avg", lang) + (t("rec_chart_proxy", lang) if proxy else ""))
        ax.errorbar([TARGET_YEAR], [v], yerr=[[v - lo], [hi - v]], fmt="D", ms=7, color=blue, capsize=4, lw=1.4, zorder=6)
    if ceiling_2020 is not None:
        v = ceiling_2020["ceiling_10k_tce"]
        ax.annotate(t("rec_chart_ceiling_2020", lang, v=f"{v:.1f}"), (TARGET_YEAR, v), xytext=(-10, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=9, color=blue,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    if len(observed):
        ax.plot(observed.index, observed.to_numpy(), color="#009E73", marker="s", ms=5, lw=2.0,
                label=t("rec_chart_observed", lang), zorder=7)
    _years_axis(ax)
    lo_y = min(e0, *(observed.to_numpy() if len(observed) else [e0]))
    ax.set_ylim(lo_y - 0.04 * (cap - lo_y), cap + 0.10 * (cap - lo_y))
    ax.set_title(t("rec_chart_title", lang, name=name))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang))
    ax.legend(loc="lower right", frameon=True)
    return fig
