"""The year-by-year chart: each year's cut against its own annual target, the statistical bases apart."""

from __future__ import annotations

import math
import textwrap
from itertools import groupby

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from jnjp_analysis.i18n import check_lang, t
from jnjp_analysis.pages.chart_base import DPI, LIGHT_COLOURS, PlanArg, setup
from jnjp_analysis.plan.load import load

NO_TARGET_COLOUR = "#BBBBBB"


def annual_chart_from(frame: pd.DataFrame, lang: str = "zh", *, plan: PlanArg = None) -> Figure:
    """One panel per indicator: each year's cut (bars, coloured by its light against the year's own target,
    grey where the year has none) and the annual target (a black tick, "≈" where it says 左右); a dashed line
    where the statistical basis changes, each basis named above its years.

    Parameters
    ----------
    frame : pandas.DataFrame
        :meth:`AnnualParts.annual_frames`' ``chart_annual_targets`` (kind, year, cut, target_cut, about, basis,
        light).
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None
        The plan (its period).

    Returns
    -------
    matplotlib.figure.Figure
    """
    check_lang(lang)
    plan = load(plan)
    setup()
    kinds = list(dict.fromkeys(frame["kind"]))
    fig = Figure(figsize=(8.0, 1.2 + 2.6 * len(kinds)), dpi=DPI)
    axes = fig.subplots(len(kinds), 1, squeeze=False, sharex=True)
    years = list(plan.years)
    for ax, kind in zip(axes[:, 0], kinds):
        f = frame[frame["kind"] == kind].set_index("year")
        targeted = [y for y in years if y in f.index]
        xs = [y for y in targeted if not math.isnan(float(f.loc[y, "cut"]))]  # a year not observed yet has no bar
        cuts = [100 * float(f.loc[y, "cut"]) for y in xs]
        colours = [LIGHT_COLOURS.get(str(f.loc[y, "light"]), NO_TARGET_COLOUR) for y in xs]
        ax.bar(xs, cuts, color=colours, edgecolor="#444444", lw=0.6, width=0.6, zorder=2)
        for y, c in zip(xs, cuts):
            ax.annotate(f"{c + 0.0:.1f}".replace("-0.0", "0.0"), (y, c), textcoords="offset points", xytext=(0, 3 if c >= 0 else -11),
                        ha="center", fontsize=8.5)
        for y in targeted:
            tc = f.loc[y, "target_cut"]
            if not (isinstance(tc, float) and math.isnan(tc)):
                ax.hlines(100 * float(tc), y - 0.38, y + 0.38, color="black", lw=2.2, zorder=3)
                ax.annotate(("≈" if bool(f.loc[y, "about"]) else "") + f"{100 * float(tc):g}", (y + 0.4, 100 * float(tc)),
                            fontsize=8, va="center")
        even = f["even_cut"].dropna() if "even_cut" in f else pd.Series(dtype=float)
        if len(even):  # the even annual cut that reaches the period's target, across the period
            ax.axhline(100 * float(even.iloc[0]), color="#777777", ls=(0, (4, 3)), lw=1.1, zorder=1)
        bases = [str(f.loc[y, "basis"]) for y in xs]
        for i in range(1, len(xs)):
            if bases[i] != bases[i - 1]:
                ax.axvline((xs[i] + xs[i - 1]) / 2, color="#555555", ls="--", lw=1)
        if len(set(bases)) > 1:
            top = max([*cuts, *(100 * float(v) for v in f["target_cut"] if not math.isnan(float(v)))], default=1)
            for b, run in groupby(zip(xs, bases), key=lambda yb: yb[1]):  # each run of years on one basis, named
                ax.text(float(np.mean([y for y, _ in run])), top * 1.18 + 0.3,
                        t(f"annual_basis_{b}", lang) if b in ("old", "2024", "revised") else b,
                        ha="center", fontsize=8, color="#333333")
            ax.set_ylim(top=top * 1.35 + 0.6)
        else:  # room above the highest bar, tick or even line for its label
            hi = max([*cuts, *(100 * float(v) for v in f["target_cut"] if not math.isnan(float(v))),
                      *(100 * float(v) for v in even)], default=1)
            ax.set_ylim(bottom=min(ax.get_ylim()[0], 0.0), top=max(ax.get_ylim()[1], hi * 1.12 + 0.2))
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylabel(t("annual_axis", lang))
        title = t(f"annual_kind_{kind}", lang)
        if len(even):  # the dashed line's value in the panel's title, where no bar can cover it
            title += t("annual_even_mark", lang, pct=f"{100 * float(even.iloc[0]):.2f}")
        ax.set_title(title, fontsize=10.5, loc="left")
    axes[-1, 0].set_xticks(years, [str(y) for y in years])
    axes[-1, 0].set_xlim(years[0] - 0.6, years[-1] + 0.6)  # a year's bar and target tick are never cut off
    # the legend line wraps to the figure's width (the English one is longer than a line)
    # (by characters where Chinese has no spaces to break at: a Chinese character is about two Latin ones wide)
    axes[-1, 0].set_xlabel(textwrap.fill(t("annual_legend", lang), 120 if lang == "en" else 62), fontsize=8.5,
                           loc="left", labelpad=8)
    fig.tight_layout()
    return fig
