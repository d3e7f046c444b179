"""The charts of the plan's units side by side: pollutant caps as shares of the region's, the implied GDP
growth and the scenarios' compliance grid (:mod:`jnjp_analysis.pages.charts` re-exports them).
"""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from jnjp_analysis import scenarios
from jnjp_analysis.config import TOL
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.pages.chart_base import LEGEND_MAX_COLS, STATUS_COLOURS, PlanArg, new_figure, palette
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load


def pollutant_chart(lang: str = "zh", highlight: str | None = None, *, plan: PlanArg = None) -> Figure:
    """Each unit's target-year cap as a share of the regional cap, stacked per pollutant.

    The bar's end is the annex-2 sum (above 100 % for NH3-N and SO2 as printed).

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    highlight : str or None, optional
        A unit (slug or name) whose segments are outlined and hatched; None for none.

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
        For an unknown language or ``highlight`` unit.
    """
    plan = load(plan)
    return pollutant_chart_from(pollutant_shares_table(plan), lang, highlight, plan=plan)


def pollutant_shares_table(plan: Plan) -> pd.DataFrame:
    """Each unit's pollutant cap as a share of the region's: what :func:`pollutant_chart` draws, as
    the data bundle writes it (``chart_pollutant_shares``).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pandas.DataFrame
        ``prefecture``, ``pollutant``, ``cap_target_10k_t`` and ``regional_cap_target_10k_t`` (10^4 t; NaN
        where the plan states no regional cap of the pollutant) and ``share_of_regional_cap_pct`` (%).
    """
    from jnjp_analysis.plan import catalogue as targets

    caps = plan.pollutant_caps()
    reg = targets.regional_targets(plan=plan).set_index("target_id")["value"]
    out = caps[["unit", "pollutant", "cap_target_10k_t"]].copy()
    # a plan may cap its units' emissions without stating the region's cap: no share of it then (NaN)
    out["regional_cap_target_10k_t"] = [float(reg[f"{p}_cap"]) if f"{p}_cap" in reg.index else math.nan
                                        for p in out["pollutant"]]
    # unrounded: the chart draws these very values; the bundle's CSV writes six decimals
    out["share_of_regional_cap_pct"] = 100 * out["cap_target_10k_t"] / out["regional_cap_target_10k_t"]
    return out


def pollutant_chart_from(shares: pd.DataFrame, lang: str = "zh", highlight: str | None = None, *,
                         plan: PlanArg = None) -> Figure:
    """:func:`pollutant_chart` drawn from its frame (:func:`pollutant_shares_table`): each segment is
    a row's ``share_of_regional_cap_pct``.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`pollutant_shares_table`.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    highlight : str or None, optional
        A unit (slug or name) whose segments are outlined and hatched; None for none.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`pollutant_chart`.
    """
    check_lang(lang)
    plan = load(plan)
    stated = shares.dropna(subset=["share_of_regional_cap_pct"])
    pols = [p.slug for p in plan.pollutants if p.slug in set(stated["pollutant"])]  # shares of a cap the plan states
    pct = stated.set_index(["unit", "pollutant"])["share_of_regional_cap_pct"]
    fig, ax = new_figure(8.4, 4.4)
    left = np.zeros(len(pols))
    pal = palette(len(plan.units))
    hl = plan.unit(highlight).slug if highlight else None
    for i, p in enumerate(plan.units):
        share = np.array([float(pct[(p.slug, pol)]) for pol in pols])
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


def implied_growth_chart(lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Implied GDP growth by unit (bars) — the growth at which both controls coincide.

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
        Bar chart of each unit's implied average GDP growth over the period, in %/yr, labelled.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    plan = load(plan)
    return implied_growth_chart_from(implied_growth_frame(plan), lang, plan=plan)


def implied_growth_frame(plan: Plan) -> pd.DataFrame:
    """What :func:`implied_growth_chart` draws, as the data bundle writes it (``chart_implied_growth``).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pandas.DataFrame
        One row per unit: ``prefecture``, ``intensity_cut_pct``, ``energy_base_10k_tce``,
        ``cap_target_10k_tce`` and ``implied_gdp_growth_pct`` (%/yr).
    """
    e = plan.energy_targets()
    return pd.DataFrame({"unit": e["unit"], "intensity_cut_pct": e["intensity_cut_pct"],
                         "energy_base_10k_tce": e["energy_base_10k_tce"], "cap_target_10k_tce": e["cap_target_10k_tce"],
                         "implied_gdp_growth_pct": [100 * trajectory.implied_gdp_growth(plan.targets(s))
                                                    for s in e["unit"]]})  # the CSV writes six decimals


def implied_growth_chart_from(frame: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """:func:`implied_growth_chart` drawn from its frame (:func:`implied_growth_frame`): a bar per row.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`implied_growth_frame`.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None, optional
        The plan.

    Returns
    -------
    matplotlib.figure.Figure
        As :func:`implied_growth_chart`.
    """
    check_lang(lang)
    plan = load(plan)
    fig, ax = new_figure(8.0, 4.2)
    names = [plan.unit(s).label(lang) for s in frame["unit"]]
    vals = [float(v) for v in frame["implied_gdp_growth_pct"]]
    bars = ax.bar(names, vals, color=sns.color_palette()[0])
    ax.bar_label(bars, fmt="%.1f%%", fontsize=9)
    ax.set_ylabel(t("implied_axis", lang))
    ax.set_title(t("implied_title", lang, plan=plan))
    ax.set_ylim(0, max(vals) * 1.15)
    return fig


def compliance_chart(comp: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """Scenarios × units: which controls each scenario meets in the target year, cell-labelled.

    Parameters
    ----------
    comp : pandas.DataFrame
        :func:`scenarios.compliance_table` output (``scenario``, ``unit``, ``intensity_met``,
        ``cap_met``); the region's rows are left out. Every scenario needs a row for every
        unit shown.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.

    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`): its period, units and targets.
    Returns
    -------
    matplotlib.figure.Figure
        Grid of cells (rows: scenarios, columns: units), each coloured and labelled both,
        intensity only, cap only or neither; where the plan exempts the total at the incentive level
        (``total_exempt``), "cap exempt" for a cap missed at an incentive cut met.

    Raises
    ------
    JnjpError
        For an unknown language.
    """
    check_lang(lang)
    plan = load(plan)
    comp = comp[comp["unit"] != scenarios.REGION]
    scen = list(dict.fromkeys(comp["scenario"]))
    prefs = [p.slug for p in plan.units if p.slug in set(comp["unit"])]
    status = {}
    for r in comp.itertuples():
        exempt = bool(getattr(r, "total_exempt", False))  # a plan that exempts the total at the incentive level
        status[(r.scenario, r.unit)] = ("both" if r.intensity_met and r.cap_met else "exempt"
                                             if r.intensity_met and exempt else "intensity_only"
                                             if r.intensity_met else "cap_only" if r.cap_met else "neither")
    fig, ax = new_figure(8.6, 1.4 + 0.55 * len(scen))
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
