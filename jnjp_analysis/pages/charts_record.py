"""The record chart: what the targets allowed at the growth that happened, the cap's path and observed
consumption (:mod:`jnjp_analysis.pages.charts` re-exports it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from jnjp_analysis.i18n import check_lang, t
from jnjp_analysis.model import trajectory
from jnjp_analysis.pages.chart_base import PlanArg, new_figure, years_axis
from jnjp_analysis.plan.load import load
from jnjp_analysis.records.assessment import PROXY


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
    fig, ax = new_figure(8.0, 4.6)
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
    years_axis(ax, plan)
    ax.set_ylim(*_record_ylim(e0, cap, observed, drawn))
    ax.set_title(t("rec_chart_title", lang, name=name))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(t("energy_axis", lang), parse_math=True)
    ax.legend(loc="lower right", frameon=True)
    return fig
