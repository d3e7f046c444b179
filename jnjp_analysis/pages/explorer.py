"""The interactive scenario explorer (notebooks/03_scenario_explorer.ipynb), built on ipywidgets.

:func:`evaluate` does the numbers for one setting (tested like every other function); the
:class:`Explorer` only wires widgets to it. Sliders are bounded so that no out-of-range setting can
be made through the UI, and :func:`evaluate` rejects one made directly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from jnjp_analysis import scenarios
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.i18n import check_lang, t
from jnjp_analysis.model import pacing, trajectory
from jnjp_analysis.pages import charts
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

GROWTH_RANGE = (0.0, 20.0)  # %/yr, slider bounds
CUT_RANGE = (-2.0, 8.0)  # %/yr
ELASTICITY_RANGE = (0.0, 1.5)
MODES = ("intensity_cut", "energy_elasticity")
EXPLORER_DPI = 80  # the widget image is redrawn on every change: a lighter PNG redraws faster


@dataclass(frozen=True)
class Setting:
    """One explorer setting. ``gdp_growth`` and ``pace`` in percent for the cut, plain number for
    the elasticity, as the sliders show them.

    Attributes
    ----------
    unit : str
        A unit slug or ``"region"``.
    gdp_growth_pct : float
        Constant real GDP growth in %/yr (8.0 for 8 %), within GROWTH_RANGE.
    mode : {"intensity_cut", "energy_elasticity"}
        How energy follows GDP.
    pace : float
        The annual intensity cut in %/yr (within CUT_RANGE), or the elasticity (within ELASTICITY_RANGE).
    plan : str or None
        The plan: a shipped plan's id or a package folder (a string, so that a setting stays hashable);
        None for the default.
    """

    unit: str  # a unit's slug or "region"
    gdp_growth_pct: float
    mode: str
    pace: float  # intensity cut in %/yr, or elasticity
    plan: str | None = None

    @property
    def the_plan(self) -> Plan:
        """The setting's :class:`Plan` (loaded once per process)."""
        return load(self.plan)


def plan_consistent(unit: str, plan: str | None = None) -> Setting:
    """Growth at which both controls coincide, with the even intensity pace.

    Parameters
    ----------
    unit : str
        A unit's slug or name, or ``"region"``.
    plan : str or None, optional
        A shipped plan's id or a package folder; None for the default.

    Returns
    -------
    Setting
        The unit's slug, the implied growth g* in %/yr, ``mode="intensity_cut"`` and the even annual cut in %/yr.

    Raises
    ------
    JnjpError
        If the unit is unknown, or the plan states its total in words or not at all (no cap to explore).
    """
    p = load(plan)
    if not p.has_numeric_total:  # its sliders, paths, map and headroom are consumption against a cap
        raise JnjpError(f"the scenario explorer needs a total-consumption control stated as a number; plan "
                        f"{p.id!r} states its total {'in words' if p.total_stated == 'words' else 'not at all'} "
                        f"(no base or increment): its briefings show the intensity target and the total's words")
    tg = p.targets(unit)
    g = trajectory.implied_gdp_growth(tg)
    return Setting(tg.unit, 100 * g, "intensity_cut", 100 * trajectory.even_annual_cut(tg.R, years=tg.T),
                   plan)


def _check(s: Setting) -> Setting:
    slug = s.the_plan.unit(s.unit).slug
    if s.mode not in MODES:
        raise JnjpError(f"mode must be one of {MODES}, got {s.mode!r}")
    for name, v, (lo, hi) in (("gdp_growth_pct", s.gdp_growth_pct, GROWTH_RANGE),
                              ("pace", s.pace, CUT_RANGE if s.mode == "intensity_cut" else ELASTICITY_RANGE)):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v) or not lo <= v <= hi:
            raise JnjpError(f"{name} = {v!r} is outside [{lo:g}, {hi:g}] for mode {s.mode}")
    return Setting(slug, float(s.gdp_growth_pct), s.mode, float(s.pace), s.plan)


def scenario_of(s: Setting) -> scenarios.Scenario:
    """The constant-rate scenario ``"explorer"`` of a setting (every unit of the plan for the region).

    Parameters
    ----------
    s : Setting
        The explorer setting (percentages are converted to fractions).

    Returns
    -------
    scenarios.Scenario
        A scenario named ``explorer`` with the setting's growth and pace in every year of the plan.

    Raises
    ------
    JnjpError
        If the unit is unknown, the mode is not one of MODES, or growth or pace is outside its slider range.
    """
    s = _check(s)
    prefs = list(s.the_plan.slugs) if s.unit == scenarios.REGION else [s.unit]
    kw = {"intensity_cut": s.pace / 100} if s.mode == "intensity_cut" else {"energy_elasticity": s.pace}
    return scenarios.Scenario.constant("explorer", s.gdp_growth_pct / 100, units_=prefs, plan=s.the_plan, **kw)


def evaluate(s: Setting) -> dict:
    """Everything the explorer shows for a setting: paths, target-year compliance, binding control,
    headroom (allowed − projected, 10^4 tce), the growth window and the pacing verdict.

    Parameters
    ----------
    s : Setting
        The explorer setting.

    Returns
    -------
    dict
        ``setting`` (the checked Setting), ``path`` (the unit's :func:`~jnjp_analysis.projection.project` rows,
        base to target year), ``energy_target_10k_tce`` and ``cap_target_10k_tce`` (10^4 tce), ``target_cut`` and
        ``cumulative_cut`` (fractions), ``intensity_met`` and ``cap_met`` (bool), ``binding`` (``intensity``,
        ``cap`` or ``both``), ``headroom_10k_tce`` (10^4 tce), ``min_gdp_growth`` and ``max_gdp_growth``
        (fractions per year; NaN where no growth works), ``verdict`` and ``lights`` (from
        :func:`~jnjp_analysis.pacing.verdict`).

    Raises
    ------
    JnjpError
        If the unit is unknown, the mode is not one of MODES, or growth or pace is outside its slider range.
    """
    s = _check(s)
    plan = s.the_plan
    sc = scenario_of(s)
    proj = scenarios.project(sc, plan=plan)
    comp = scenarios.compliance(proj, plan=plan).set_index("unit").loc[s.unit]
    path = proj[proj["unit"] == s.unit].reset_index(drop=True)
    tg = plan.targets(s.unit)
    cap, R = tg.cap_target_10k_tce, tg.intensity_cut
    rec = pd.DataFrame({"year": path["year"].iloc[1:].to_numpy(), "intensity_cut": path["annual_cut"].iloc[1:].to_numpy(),
                        "energy_10k_tce": path["energy_10k_tce"].iloc[1:].to_numpy()})
    v = pacing.verdict(rec, targets=tg)
    kw = {"intensity_cut": s.pace / 100} if s.mode == "intensity_cut" else {"energy_elasticity": s.pace}
    w = scenarios.growth_window(s.unit, plan=plan, **kw)
    return {
        "setting": s, "path": path, "energy_target_10k_tce": float(comp["energy_target_10k_tce"]),
        "cap_target_10k_tce": cap, "target_cut": R, "cumulative_cut": float(comp["cumulative_cut"]),
        "intensity_met": bool(comp["intensity_met"]), "cap_met": bool(comp["cap_met"]),
        "binding": comp["binding"], "headroom_10k_tce": float(comp["headroom_10k_tce"]),
        "min_gdp_growth": float(w["min_gdp_growth"]), "max_gdp_growth": float(w["max_gdp_growth"]),
        "verdict": v["verdict"], "lights": v["lights"],
    }


def summary_html(r: dict, lang: str = "zh") -> str:
    """The numbers panel. Each number sits in a span with a ``jnjp-…`` class (the browser test reads them).

    Parameters
    ----------
    r : dict
        An :func:`evaluate` result.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        An HTML ``<table class="jnjp-summary">``: target-year energy against the cap (10^4 tce), the cumulative cut
        against the target (%), whether each control is met, the binding control, the headroom (10^4 tce),
        the GDP growth window (%/yr) and the pacing verdict.
    """
    s = r["setting"]
    plan = s.the_plan
    name = t("region", lang, plan=plan) if s.unit == scenarios.REGION else plan.name(s.unit, lang)
    ok = lambda b: ("✔ " + t("yes", lang, plan=plan)) if b else ("✘ " + t("no", lang, plan=plan))  # noqa: E731
    hi = r["max_gdp_growth"]
    lo = r["min_gdp_growth"]
    if math.isnan(hi):
        window = t("lbl_no_growth_meets_both", lang, plan=plan)
    else:
        lo_txt = "–" if lo <= -1 else f"{100 * lo:.2f}%"
        window = f"{lo_txt} … {100 * hi:.2f}%" if not math.isinf(hi) else f"≥ {lo_txt}"
    rows = [
        (t("lbl_unit_2", lang, plan=plan), f'<span class="jnjp-unit">{name}</span>'),
        (t("lbl_energy_target", lang, plan=plan),
         f'<span class="jnjp-energy">{r["energy_target_10k_tce"]:.1f}</span> / {r["cap_target_10k_tce"]:g} {t("unit_energy_plain", lang, plan=plan)}'),
        (t("lbl_intensity_cut", lang, plan=plan),
         f'<span class="jnjp-cut">{100 * r["cumulative_cut"]:.2f}%</span> / {100 * r["target_cut"]:g}%'),
        (t("lbl_intensity_met", lang, plan=plan), f'<span class="jnjp-intensity-met">{ok(r["intensity_met"])}</span>'),
        (t("lbl_cap_met", lang, plan=plan), f'<span class="jnjp-cap-met">{ok(r["cap_met"])}</span>'),
        (t("lbl_binding_control", lang, plan=plan), f'<span class="jnjp-binding">{t("bind_" + r["binding"], lang, plan=plan)}</span>'),
        (t("lbl_headroom_allowed_projected", lang, plan=plan),
         f'<span class="jnjp-headroom">{round(r["headroom_10k_tce"], 2) + 0.0:.2f}</span> {t("unit_energy_plain", lang, plan=plan)}'),
        (t("lbl_gdp_growth_meeting_both", lang, plan=plan), f'<span class="jnjp-window">{window}</span>'),
        (t("lbl_pacing_verdict", lang, plan=plan), f'<span class="jnjp-verdict">{t("verdict_" + r["verdict"], lang, plan=plan)}</span>'),
    ]
    body = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f'<table class="jnjp-summary">{body}</table>'


@lru_cache(maxsize=32)
def _map_background(unit: str, plan: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The explorer map's grid (:data:`scenarios.EXPLORER_GRID`, finer than a page's) as
    :func:`charts.grid_axes` gives it: computed once per unit, reused at every redraw."""
    grid = scenarios.EXPLORER_GRID.grid(unit, plan=load(plan))
    return charts.grid_axes(grid.rename(columns={"gdp_growth": "gdp_growth_frac", "pace": "annual_intensity_cut_frac"}))


def figure(r: dict, lang: str = "zh") -> Figure:
    """Three panels: intensity path vs the even path, consumption vs the cap path, and the
    double-control map (growth × annual intensity cut) with the current setting as a point.

    Parameters
    ----------
    r : dict
        An :func:`evaluate` result.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``, for titles, labels and legends.

    Returns
    -------
    matplotlib.figure.Figure
        The three-panel figure: intensity index (base year = 100), consumption in 10^4 tce, and the map of which
        control is met over growth 0-20 %/yr × cut 0-8 %/yr.

    Raises
    ------
    JnjpError
        If ``lang`` is not a known language or the unit is unknown.
    """
    check_lang(lang)
    charts.setup()
    s = r["setting"]
    plan = s.the_plan
    tg = plan.targets(s.unit)
    slug = tg.unit
    path = r["path"]
    # fixed margins: a constrained layout would re-measure every text on each redraw (~3× slower)
    fig = Figure(figsize=(13.5, 4.4))
    a1, a2, a3 = fig.subplots(1, 3)
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.14, top=0.9, wspace=0.28)
    ep = trajectory.even_path(tg.intensity_cut, years=tg.years, base_year=tg.base_year)
    a1.plot(ep["year"], 100 * ep["intensity_index"], "k--", lw=2, label=t("even_path", lang, plan=plan))
    a1.plot(path["year"], 100 * path["intensity_index"], marker="o", color="#0072B2", lw=2, label=t("scenario", lang, plan=plan))
    a1.axhline(100 * (1 - tg.intensity_cut), color="black", lw=0.8, ls=":")
    a1.set_ylabel(t("intensity_axis", lang, plan=plan))
    a1.legend(loc="upper right")
    cp = trajectory.cap_path(tg.energy_base_10k_tce, tg.increment_10k_tce, years=tg.years, base_year=tg.base_year)
    a2.plot(cp["year"], cp["energy_10k_tce"], "k--", lw=2, label=t("cap_path", lang, plan=plan))
    a2.plot(path["year"], path["energy_10k_tce"], marker="o", color="#0072B2", lw=2, label=t("scenario", lang, plan=plan))
    a2.axhline(tg.cap_target_10k_tce, color="#D55E00", lw=1.2)
    a2.set_ylabel(t("energy_axis", lang, plan=plan), parse_math=True)
    a2.legend(loc="upper left")
    for a in (a1, a2):
        a.set_xticks(range(plan.base_year, plan.target_year + 1))
        a.set_xlabel(t("year", lang, plan=plan))
    gg, pp, z = _map_background(s.unit, s.plan)
    charts.draw_map(a3, gg, pp, z, lang, image=True, loc="upper left", fontsize=8)  # the pages' map, drawn as one image
    g = s.gdp_growth_pct
    annual_cut = 100 * (1 - (1 - r["cumulative_cut"]) ** (1 / plan.T))
    a3.plot([g], [annual_cut], marker="o", ms=11, color="#CC79A7", mec="black", zorder=5)
    name = t("region", lang, plan=plan) if slug == scenarios.REGION else plan.name(slug, lang)
    a1.set_title(f"{name} · {t('pacing_row_intensity', lang)}")
    a2.set_title(f"{name} · {t('pacing_row_energy', lang)}")
    a3.set_title(t("map_title", lang, plan=plan, name=name))
    return fig


@lru_cache(maxsize=1)
def font_style(plan: str | None = None) -> str:
    """The ``<style>`` that gives the explorer's widgets (and the notebook around them, in Voilà or
    JupyterLab) the package's CJK font, subset to every character the explorer can show.

    Widget labels are HTML set in the browser's own fonts: on a machine without a Chinese system font
    (most servers that would serve the explorer with Voilà, many readers' machines) they would show
    as boxes. The charts are images and carry their font already.

    Parameters
    ----------
    plan : str or None, optional
        The plan whose unit names the explorer shows (a shipped plan's id or a folder; None: the default).

    Returns
    -------
    str
        A ``<style>`` element: the WOFF2 subset (:func:`jnjp_analysis.webfont.font_css`) and the rules
        that put it first for the widgets' text.
    """
    from jnjp_analysis import i18n
    from jnjp_analysis.pages import webfont

    chars = "".join(i18n.texts()) + "".join(
        u.name + u.name_en for u in (*load(plan).units, load(plan).region)) + "03·情景探索/%.-0123456789"
    stack = f'"{webfont.FAMILY}", var(--jp-ui-font-family, sans-serif)'
    css = webfont.font_css("".join(sorted(set(chars))))
    return css + ("<style>.jupyter-widgets, .widget-label, .widget-readout, .widget-html-content, .widget-dropdown select,"
                  f" .widget-button, .widget-toggle-button, .jp-RenderedMarkdown {{font-family: {stack}}}</style>")


class Explorer:
    """ipywidgets front end: ``Explorer(lang).widget`` is the whole UI; ``.timings`` holds the
    redraw times in seconds.

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``, for every label.
    unit : str or None, default None
        The unit's slug or ``"region"`` to start with, at its plan-consistent setting; None for the
        plan's first unit.
    plan : str or None, optional
        A shipped plan's id or a package folder; None for the default.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The whole UI.
    timings : list of float
        The duration of each redraw, seconds.
    result : dict
        The :func:`evaluate` result last drawn.
    """

    def __init__(self, lang: str = "zh", unit: str | None = None, plan: str | None = None) -> None:
        import ipywidgets as w

        self.lang = check_lang(lang)
        self.plan = plan
        p = load(plan)
        opts = [(u.label(lang), u.slug) for u in p.units] + [(t("region", lang, plan=p), scenarios.REGION)]
        start = plan_consistent(unit or p.slugs[0], plan)
        self.unit = w.Dropdown(options=opts, value=start.unit, description=t("lbl_unit_2", lang, plan=p))
        self.growth = w.FloatSlider(value=start.gdp_growth_pct, min=GROWTH_RANGE[0], max=GROWTH_RANGE[1], step=0.1,
                                    description=t("lbl_gdp_growth_2", lang, plan=p), readout_format=".2f",
                                    continuous_update=False, style={"description_width": "8em"},
                                    layout=w.Layout(width="30em"))
        self.mode = w.ToggleButtons(options=[(t("lbl_intensity_cut_3", lang, plan=p), "intensity_cut"),
                                             (t("lbl_elasticity", lang, plan=p), "energy_elasticity")],
                                    value="intensity_cut")
        self.cut = w.FloatSlider(value=start.pace, min=CUT_RANGE[0], max=CUT_RANGE[1], step=0.05,
                                 description=t("lbl_intensity_cut_yr", lang, plan=p), readout_format=".2f",
                                 continuous_update=False, style={"description_width": "8em"}, layout=w.Layout(width="30em"))
        self.elasticity = w.FloatSlider(value=0.7, min=ELASTICITY_RANGE[0], max=ELASTICITY_RANGE[1], step=0.01,
                                        description=t("lbl_elasticity", lang, plan=p), readout_format=".2f",
                                        continuous_update=False, style={"description_width": "8em"},
                                        layout=w.Layout(width="30em"), disabled=True)
        self.reset = w.Button(description=t("lbl_reset_to_plan_consistent", lang, plan=p), icon="undo")
        self.copy = w.Button(description=t("lbl_copy_as_scenario_rows", lang, plan=p), icon="copy")
        self.rows = w.Textarea(value="", layout=w.Layout(width="100%", height="7em", display="none"))
        self.summary = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(width="100%"))
        self.timings: list[float] = []
        for c in (self.unit, self.growth, self.mode, self.cut, self.elasticity):
            c.observe(self._changed, names="value")
        self.reset.on_click(self._reset)
        self.copy.on_click(self._copy)
        self.widget = w.VBox([
            w.HTML(font_style(plan)),  # the CJK font: a browser without a Chinese system font shows no boxes
            w.HBox([self.unit, self.mode]),
            w.HBox([w.VBox([self.growth, self.cut, self.elasticity, w.HBox([self.reset, self.copy])]), self.summary]),
            self.image, self.rows,
        ])
        self._busy = False
        self.redraw()

    def setting(self) -> Setting:
        """The setting the widgets show now.

        Returns
        -------
        Setting
            The unit, growth (%/yr), mode, and the cut (%/yr) or elasticity of the active mode.
        """
        pace = self.cut.value if self.mode.value == "intensity_cut" else self.elasticity.value
        return Setting(self.unit.value, self.growth.value, self.mode.value, pace, self.plan)

    def redraw(self) -> dict:
        """Evaluate the current setting and redraw the picture and the numbers panel; the time is recorded.

        Returns
        -------
        dict
            The :func:`evaluate` result drawn (also kept as ``result``).

        Raises
        ------
        JnjpError
            If the widgets hold a setting :func:`evaluate` rejects.
        """
        t0 = time.perf_counter()
        r = evaluate(self.setting())
        png = charts.to_png(figure(r, self.lang), dpi=EXPLORER_DPI)
        self.image.value = png  # the picture first, so that when the numbers change the picture has too
        self.summary.value = summary_html(r, self.lang)
        self.timings.append(time.perf_counter() - t0)
        self.result = r
        return r

    def _changed(self, change) -> None:
        if self._busy:
            return
        self.cut.disabled = self.mode.value != "intensity_cut"
        self.elasticity.disabled = self.mode.value == "intensity_cut"
        self.redraw()

    def _reset(self, _=None) -> None:
        s = plan_consistent(self.unit.value, self.plan)
        self._busy = True
        try:
            self.mode.value = "intensity_cut"
            self.growth.value = s.gdp_growth_pct
            self.cut.value = s.pace
        finally:
            self._busy = False
        self.cut.disabled, self.elasticity.disabled = False, True
        self.redraw()

    def _copy(self, _=None) -> None:
        sc = scenario_of(self.setting())
        rationale = "explorer setting"
        self.rows.value = sc.to_csv_text().replace(",\n", f",{rationale}\n")
        self.rows.layout.display = None
