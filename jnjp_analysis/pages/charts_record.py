"""The record chart: what the targets allowed at the growth that happened, the cap's path and observed
consumption, drawn from its frame (:func:`record_frame`, the data bundle's ``chart_record``;
:mod:`jnjp_analysis.pages.charts` re-exports them).
"""

from __future__ import annotations

from typing import Any

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


# the columns of :func:`record_frame` (10^4 tce unless said)
RECORD_FRAME_COLUMNS = ("year", "cap_path_10k_tce", "cap_target_10k_tce", "ceiling_10k_tce", "growth_basis",
                        "ceiling_avg_path_10k_tce", "ceiling_target_10k_tce", "ceiling_target_low_10k_tce",
                        "ceiling_target_high_10k_tce", "ceiling_target_basis", "ceiling_target_growth_basis",
                        "observed_energy_10k_tce")


def record_frame(ceilings: pd.DataFrame, ceiling_target: dict | None, observed: pd.Series, *,
                 plan: PlanArg = None) -> pd.DataFrame:
    """Every number the record chart draws, one row per year (the data bundle's ``chart_record``).

    Parameters
    ----------
    ceilings, ceiling_target, observed, plan
        As :func:`record_chart` takes them.

    Returns
    -------
    pandas.DataFrame
        One row per year, the base year to the target year and any other recorded year, in order:
        ``year``; ``cap_path_10k_tce`` (the cap's even path; the base year's consumption in the base
        year); ``cap_target_10k_tce`` (the target-year cap, every row); ``ceiling_10k_tce`` (what the
        intensity target allowed at the growth that happened; the base year's consumption in the base
        year) and its ``growth_basis``; ``ceiling_avg_path_10k_tce`` (what it allowed had growth been the
        period average every year, where the target-year ceiling is of the period average);
        ``ceiling_target_10k_tce`` with ``ceiling_target_low_10k_tce`` / ``ceiling_target_high_10k_tce``
        (the period average's rounding), ``ceiling_target_basis`` and ``ceiling_target_growth_basis`` in the
        target year's row only; ``observed_energy_10k_tce`` (the record's consumption). Empty cells where
        there is no such number.
    """
    plan = load(plan)
    B, Y = plan.base_year, plan.target_year
    c = ceilings
    e0 = float(c.attrs["energy_base_10k_tce"])
    years = sorted({*range(B, Y + 1), *(int(y) for y in c["year"]), *(int(y) for y in observed.index)})
    out = pd.DataFrame({"year": years})
    at = {int(y): i for i, y in enumerate(c["year"])}
    nan = float("nan")

    def col(name: str, base: Any) -> list:
        return [base if y == B else c[name].iloc[at[y]] if y in at else (None if base is None else nan) for y in years]

    out["cap_path_10k_tce"] = col("cap_path_10k_tce", e0)
    out["cap_target_10k_tce"] = float(c.attrs["cap_target_10k_tce"])
    out["ceiling_10k_tce"] = col("ceiling_10k_tce", e0)
    out["growth_basis"] = col("growth_basis", None)
    avg = {}
    ct = ceiling_target or {}
    if ceiling_target is not None and ct["basis"] == "period average":
        # E_B · (1 + ḡ)^k · (1 − a)^k, ending at the target-year value (± the average's rounding)
        k = np.arange(0, plan.T + 1)
        a = trajectory.even_annual_cut(float(c.attrs["total_cut"]), years=plan.T)
        avg = dict(zip((B + k).tolist(), e0 * ((1.0 + ct["growth_avg"]) * (1.0 - a)) ** k))
    out["ceiling_avg_path_10k_tce"] = [avg.get(y, nan) for y in years]
    target = [y == Y and ceiling_target is not None for y in years]
    for name, key in (("ceiling_target_10k_tce", "ceiling_10k_tce"), ("ceiling_target_low_10k_tce", "low_10k_tce"),
                      ("ceiling_target_high_10k_tce", "high_10k_tce")):
        out[name] = [float(ct[key]) if t_ and ct.get(key) is not None else nan for t_ in target]
    out["ceiling_target_basis"] = [ct["basis"] if t_ else None for t_ in target]
    out["ceiling_target_growth_basis"] = [ct.get("growth_basis") if t_ else None for t_ in target]
    obs = {int(y): float(v) for y, v in observed.items()}
    out["observed_energy_10k_tce"] = [obs.get(y, nan) for y in years]
    return out


def record_chart(ceilings: pd.DataFrame, ceiling_target: dict | None, observed: pd.Series, name: str,
                 lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """What the targets allowed at the growth that happened (:func:`assessment.ceilings`): the
    :func:`record_chart_from` of their :func:`record_frame`.

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
    return record_chart_from(record_frame(ceilings, ceiling_target, observed, plan=plan), name, lang, plan=plan)


def record_chart_from(frame: pd.DataFrame, name: str, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """The record chart drawn from its frame (:func:`record_frame`, the data bundle's ``chart_record``).

    Shown: the cap's even path and the target-year cap; the consumption the intensity target allowed each
    year where the growth is known, and in the target year (from the period average, with its rounding range, if
    the annual series is incomplete); observed consumption where the record has it. Proxy growth is
    said in the legend.

    Parameters
    ----------
    frame : pandas.DataFrame
        :func:`record_frame`'s columns.
    name : str
        The unit's name for the title, in ``lang``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``: titles, labels and legend.
    plan : Plan, str, path-like or None, optional
        The plan (None for the default): its period.

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
    B = plan.base_year
    fig, ax = new_figure(8.0, 4.6)
    f = frame
    year = f["year"].astype(int)
    e0 = float(f.loc[year == B, "cap_path_10k_tce"].iloc[0])
    cap = float(f["cap_target_10k_tce"].iloc[0])
    path = f[f["cap_path_10k_tce"].notna()]
    drawn = [*path["cap_path_10k_tce"]]  # every value drawn: the axis covers them all
    ax.plot(path["year"].astype(int).tolist(), path["cap_path_10k_tce"].tolist(), color="black", lw=2.0, ls="--",
            label=t("cap_path", lang), zorder=4)
    drawn.append(cap)
    ax.axhline(cap, color="#D55E00", lw=1.2)
    ax.annotate(t("cap_level", lang, plan=plan, cap=cap), (B + 0.05, cap), xytext=(0, 4), textcoords="offset points",
                fontsize=9, color="#A04000")
    proxy = bool((f["growth_basis"] == PROXY).any() or (f["ceiling_target_growth_basis"] == PROXY).any())
    lab: str | None = t("rec_chart_ceiling", lang) + (t("rec_chart_proxy", lang, plan=plan) if proxy else "")
    known = f[f["ceiling_10k_tce"].notna()]  # the base year's consumption, then the years whose growth is known
    blue = "#0072B2"
    if (known["year"] != B).any():
        ax.plot(known["year"].astype(int).tolist(), known["ceiling_10k_tce"].tolist(), color=blue, marker="o", ms=4, lw=1.8,
                label=lab, zorder=5)
        drawn += list(known["ceiling_10k_tce"])
    tr = f[f["ceiling_target_10k_tce"].notna()]
    avg = f[f["ceiling_avg_path_10k_tce"].notna()]
    if len(tr) and tr["ceiling_target_basis"].iloc[0] == "period average":
        # the path the intensity target allowed had growth been the period average every year
        ty, v = int(tr["year"].iloc[0]), float(tr["ceiling_target_10k_tce"].iloc[0])
        lo, hi = float(tr["ceiling_target_low_10k_tce"].iloc[0]), float(tr["ceiling_target_high_10k_tce"].iloc[0])
        ax.plot(avg["year"].astype(int).to_numpy(), avg["ceiling_avg_path_10k_tce"].to_numpy(), color=blue, lw=1.4, ls=":", zorder=3,
                label=t("rec_chart_ceiling_avg", lang, plan=plan) + (t("rec_chart_proxy", lang, plan=plan) if proxy else ""))
        ax.errorbar([ty], [v], yerr=[[v - lo], [hi - v]], fmt="D", ms=7, color=blue, capsize=4, lw=1.4, zorder=6)
        drawn += [*avg["ceiling_avg_path_10k_tce"], lo, hi]
    if len(tr):
        ty, v = int(tr["year"].iloc[0]), float(tr["ceiling_target_10k_tce"].iloc[0])
        drawn.append(v)
        ax.annotate(t("rec_chart_ceiling_target", lang, plan=plan, v=f"{v:.1f}"), (ty, v), xytext=(-10, 0),
                    textcoords="offset points", ha="right", va="center", fontsize=9, color=blue,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    obs = f[f["observed_energy_10k_tce"].notna()]
    observed = pd.Series(obs["observed_energy_10k_tce"].to_numpy(), index=obs["year"].astype(int).to_numpy())
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
