"""What the unit briefing notebook shows: key figures, tables, figures and method notes (the region
overview is :mod:`.overview`, re-exported here; what both pages share is :mod:`.page_base`).

The notebooks stay thin: each cell calls one method here and displays the result. Everything is
deterministic (seeded Monte Carlo, fixed rounding, sorted tables, PNGs without timestamps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from jnjp_analysis import scenarios
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import DEFAULT_DRAWS, DEFAULT_SCENARIOS, DEFAULT_SEED
from jnjp_analysis.files import table_csv
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import pacing, trajectory
from jnjp_analysis.pages import (
    annual_view,
    carbon_led,
    key_figure_tables,
    kinds_view,
    record_view,
    sections,
    statistics_view,
)
from jnjp_analysis.pages.display import PlanText, escape
from jnjp_analysis.pages.display import fmt as _fmt
from jnjp_analysis.pages.overview import Overview as Overview  # its module of 0.2.0: notebooks and tests import it here
from jnjp_analysis.pages.page_base import BRIEF_SCENARIO_SECTIONS as BRIEF_SCENARIO_SECTIONS
from jnjp_analysis.pages.page_base import OVERVIEW_SCENARIO_SECTIONS as OVERVIEW_SCENARIO_SECTIONS
from jnjp_analysis.pages.page_base import PlanArg as PlanArg
from jnjp_analysis.pages.page_base import bundle_provenance as bundle_provenance
from jnjp_analysis.pages.page_base import method_notes as method_notes
from jnjp_analysis.pages.page_base import placeholder_notes as placeholder_notes
from jnjp_analysis.pages.page_base import pollutant_label as pollutant_label
from jnjp_analysis.pages.page_base import pollutant_sum_shares, share_items
from jnjp_analysis.pages.sections import SectionPage
from jnjp_analysis.plan import catalogue as targets


def _r(x: float | None, nd: int = 6) -> float | None:
    """A key figure rounded to ``nd`` decimals; a value that rounds to zero is 0.0, never -0.0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), nd) + 0.0


# the key figures of a numeric total: left out (never NaN or 0) where the plan states its total in words or not at all
_CONSUMPTION_FIGURES = ("energy_base_10k_tce", "increment_10k_tce", "cap_target_10k_tce", "implied_gdp_growth_pct",
                        "central_energy_target_10k_tce", "central_cap_met", "central_binding", "central_headroom_10k_tce",
                        "p_cap", "p_both", "record_ceiling_target_10k_tce", "record_binding")


def _g(x: float | None, spec: str = "g") -> str:
    """A key figure as a caption shows it (``spec``: its format), "–" where the plan has none."""
    return "–" if x is None else format(x, spec)


def _yes(b: object, lang: str) -> str:
    return t("yes" if b else "no", lang)


# ---------------------------------------------------------------------------------- briefing
@dataclass
class Briefing(SectionPage, kinds_view.KindsParts, annual_view.AnnualParts, carbon_led.CarbonLedParts,
               key_figure_tables.KeyFigureTables, statistics_view.StatisticsParts, PlanText):
    """One unit's briefing in one language.

    Each method returns one part of the briefing page (Markdown text, a display table, a figure,
    a caption or alt text), or its numbers (:meth:`key_figures`, :meth:`data_tables`).

    Parameters
    ----------
    unit : str
        A unit's slug or name (:meth:`Plan.unit`), e.g. ``"lhasa"``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    scenario_file : str or None, optional
        A user's scenario CSV; None for the shipped one.
    scenario_names : sequence of str or None, optional
        The scenarios compared, in order (default: :data:`config.DEFAULT_SCENARIOS`); None or empty
        for every scenario in the file.
    central : str, default "central"
        The scenario the key figures, the pacing section and the Monte Carlo use.
    seed : int, optional
        Monte Carlo seed (default :data:`config.DEFAULT_SEED`).
    n_draws : int, optional
        Monte Carlo draws (default :data:`config.DEFAULT_DRAWS`, 100,000).
    record_path : str or None, optional
        A user's record file; None for the shipped record.
    plan : Plan, str, path-like or None, optional
        The plan (a Plan, a shipped plan's id or a package folder; None for the default,
        :data:`config.DEFAULT_PLAN`); loaded into a :class:`Plan` on construction.

    Attributes
    ----------
    pref : Unit
        The unit looked up.
    slug : str
        Its slug.
    sset : dict of str to Scenario
        The scenarios compared, by name.
    central_scenario : Scenario or None
        The central scenario (None for a carbon-led plan: no energy trajectory to project).
    targets : pandas.Series
        The unit's row of :meth:`Plan.energy_targets`.
    unit_targets : UnitTargets
        The unit's targets (:meth:`Plan.targets`).

    Raises
    ------
    JnjpError
        For an unknown unit or language, a scenario name the scenario file lacks, or an
        invalid scenario file.
    """

    unit: str
    lang: str = "zh"
    scenario_file: str | None = None
    scenario_names: tuple[str, ...] | list[str] | None = DEFAULT_SCENARIOS
    central: str = "central"
    seed: int = DEFAULT_SEED
    n_draws: int = DEFAULT_DRAWS
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)
    _cache: dict = field(default_factory=dict, repr=False)
    SECTIONS = sections.BRIEFING

    def __post_init__(self) -> None:
        super().__post_init__()  # the plan
        self.pref = self.plan.unit(self.unit)
        self.slug = self.pref.slug
        check_lang(self.lang)
        if not self.plan.has_energy_intensity:  # carbon led: no energy trajectory for a scenario to project
            if self.scenario_file is not None:
                raise JnjpError(f"plan {self.plan.id} is carbon led (no energy-intensity target): a scenario file "
                                f"({self.scenario_file}) has nothing to project; leave it out")
            self.sset, self.central_scenario = {}, None
        else:
            available = scenarios.load(self.scenario_file, plan=self.plan)
            names = list(self.scenario_names or available)
            unknown = [n for n in names + [self.central] if n not in available]
            if unknown:
                raise JnjpError(f"unknown scenario(s) {unknown}; the scenario file has {list(available)}")
            self.sset = {n: available[n] for n in names}
            self.central_scenario = available[self.central]
        self.unit_targets = self.plan.targets(self.slug)
        self.targets = self.plan.energy_targets().set_index("unit").loc[self.slug]

    # -- computations -------------------------------------------------------------------------
    @cached_property
    def projections(self) -> pd.DataFrame:
        """:func:`scenarios.project` of every scenario compared, stacked (all units and the region)."""
        return pd.concat([scenarios.project(s, plan=self.plan) for s in self.sset.values()], ignore_index=True)

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """:func:`scenarios.compliance_table` of the scenarios compared, the unit's rows only."""
        comp = scenarios.compliance_table(self.sset, plan=self.plan)
        return comp[comp["unit"] == self.slug].reset_index(drop=True)

    @property
    def _central(self) -> scenarios.Scenario:
        """The central scenario; a carbon-led plan has none (no energy trajectory to project)."""
        if self.central_scenario is None:
            raise JnjpError(f"plan {self.plan.id} is carbon led: there is no scenario to project")
        return self.central_scenario

    @cached_property
    def central_compliance(self) -> pd.Series:
        """The central scenario's target-year compliance row for the unit (:func:`scenarios.compliance`)."""
        c = scenarios.compliance(scenarios.project(self._central, units=[self.slug], plan=self.plan),
                                 plan=self.plan)
        return c.set_index("unit").loc[self.slug]

    @cached_property
    def monte_carlo(self) -> scenarios.MonteCarloResult:
        """The seeded Monte Carlo around the central scenario, for the unit."""
        return scenarios.monte_carlo(self.n_draws, seed=self.seed, scenario=self._central,
                                     units=[self.slug], plan=self.plan)

    @cached_property
    def record_section(self) -> record_view.RecordSection:
        """What happened (the record; shipped or ``record_path``), apart from the scenarios."""
        return record_view.RecordSection(self.slug, self.lang, self.record_path, plan=self.plan)

    @cached_property
    def kinds_section(self) -> kinds_view.KindsSection:
        """The targets by kind and the target-year result (:class:`kinds_view.KindsSection`), this unit's."""
        return kinds_view.KindsSection(self.slug, self.lang, self.record_path, plan=self.plan)

    def shows(self, key: str) -> bool:
        """Whether the page has a section its plan's kinds call for.

        Parameters
        ----------
        key : str
            ``"kinds"`` (targets beyond one intensity cut, a total and caps), ``"result"`` (the record
            grades a controlled indicator in the target year), ``"pollutants"`` (the plan caps pollutants),
            ``"total"`` (the total is a number: the consumption sections) or ``"total_words"`` (the total
            is stated in words: its quote where the consumption sections would be) or ``"annual"`` (annual
            targets, or an intensity on more than one statistical basis: the year-by-year section) or
            ``"energy_intensity"`` (the plan sets an energy-intensity cut: the trajectory, scenarios and pacing;
            a carbon-led plan does not), ``"record_chart"`` (the record's ceilings: a numeric total and an
            energy-intensity cut) or ``"record_lights"`` (the record's observed lights: a rateable series).

        Returns
        -------
        bool
            True where the section is drawn.

        Raises
        ------
        KeyError
            For another key.
        """
        return {"kinds": self.kinds_section.shows, "result": self.kinds_section.shows_result,
                "pollutants": lambda: bool(self.plan.pollutants),
                "total": lambda: self.plan.has_numeric_total,
                "total_words": lambda: self.plan.total_stated == "words",
                "energy_intensity": lambda: self.plan.has_energy_intensity,
                "annual": self.shows_annual, "record_chart": lambda: self.record_section.has_chart,
                "record_lights": lambda: self.record_section.has_lights}[key]()

    @cached_property
    def pacing_record(self) -> tuple[pd.DataFrame, str]:
        """The central scenario as a pacing record: the pacing section checks a scenario, labelled
        as one; the observed pacing is in the record section."""
        p = scenarios.project(self._central, units=[self.slug], plan=self.plan)
        p = p[(p["unit"] == self.slug) & (p["year"] > self.plan.base_year)]
        rec = pd.DataFrame({"year": p["year"].to_numpy(), "intensity_cut": p["annual_cut"].to_numpy(),
                            "energy_10k_tce": p["energy_10k_tce"].to_numpy()})
        if not self.plan.has_numeric_total:  # a total in words or none: no consumption to pace (no base)
            rec = rec.drop(columns=["energy_10k_tce"])
        return rec, f"scenario:{self.central}"

    @cached_property
    def pacing_table(self) -> pd.DataFrame:
        """:func:`pacing.check` of the central scenario's schedule (:attr:`pacing_record`)."""
        rec, _ = self.pacing_record
        return pacing.check(rec, targets=self.unit_targets)

    @cached_property
    def verdict(self) -> pd.Series:
        """:func:`pacing.verdict` of the central scenario's schedule (:attr:`pacing_record`)."""
        rec, _ = self.pacing_record
        return pacing.verdict(rec, targets=self.unit_targets)

    # -- key figures ----------------------------------------------------------------------------
    def key_figures(self) -> dict:
        """The briefing's key figures, as the page's JSON carries them (numbers rounded to 6 decimals).

        Returns
        -------
        dict
            Identity: ``unit`` (slug), ``name_zh``, ``name_en``, ``lang``, ``plan`` (its id),
            ``base_year`` and ``target_year`` (ints). Targets (the plan's table):
            ``intensity_cut_pct`` (%), ``energy_base_10k_tce``, ``increment_10k_tce``,
            ``cap_target_10k_tce`` (10^4 tce), ``even_annual_cut_pct`` and ``implied_gdp_growth_pct``
            (%/yr). Central scenario: ``central_scenario``, ``central_gdp_growth_avg_pct`` (%/yr),
            ``central_energy_target_10k_tce``, ``central_cumulative_cut_pct`` (%), ``central_intensity_met``,
            ``central_cap_met``, ``central_binding`` ("intensity", "cap" or "both"),
            ``central_headroom_10k_tce`` (negative = over). Monte Carlo: ``mc_draws``, ``mc_seed``,
            ``p_intensity``, ``p_cap``, ``p_both`` (probabilities, fractions). Record: ``pacing_source``,
            ``record_ceiling_target_10k_tce``, ``record_binding``, ``record_growth_basis``,
            ``record_rated``, ``record_last_light``, ``record_warnings`` (a count; None where the record
            has no value). Pacing: ``pacing_verdict``, ``pacing_back_loading`` (fraction),
            ``pacing_implausible_from``, ``pacing_first_red`` (years or None). Pollutants:
            ``pollutant_caps_10k_t`` (10^4 t) and ``pollutant_share_of_regional_pct`` (%), by pollutant.
            A plan whose total is stated in words or not at all has none of the consumption figures
            (:data:`_CONSUMPTION_FIGURES`) and instead ``total_stated`` (``"words"`` or ``"absent"``) and
            ``total_words_quote`` (the plan's words, or None). A carbon-led plan has the key figures of
            :meth:`carbon_led.CarbonLedParts.carbon_led_key_figures` instead. ``base_statistics``: see statistics_view.
        """
        if not self.plan.has_energy_intensity:
            return self.carbon_led_key_figures() | self.base_statistics_figures()
        tg = self.targets
        cc = self.central_compliance
        mc = self.monte_carlo.probabilities.set_index("unit").loc[self.slug]
        v = self.verdict
        caps = self.plan.pollutant_caps()
        caps = caps[caps["unit"] == self.slug].set_index("pollutant")["cap_target_10k_t"]
        reg = targets.regional_targets(plan=self.plan).set_index("target_id")["value"]
        pols = [p.slug for p in self.plan.pollutants]
        kf = {
            "unit": self.slug,
            "name_zh": self.pref.name_zh,
            "name_en": self.pref.name_en,
            "lang": self.lang,
            "plan": self.plan.id,
            "base_year": self.plan.base_year,
            "target_year": self.plan.target_year,
            "intensity_cut_pct": _r(tg["intensity_cut_pct"]),
            "energy_base_10k_tce": _r(tg.get("energy_base_10k_tce")),
            "increment_10k_tce": _r(tg.get("increment_10k_tce")),
            "cap_target_10k_tce": _r(tg.get("cap_target_10k_tce")),
            "even_annual_cut_pct": _r(100 * trajectory.even_annual_cut(float(tg["intensity_cut"]), years=self.plan.T)),
            "implied_gdp_growth_pct": (_r(100 * trajectory.implied_gdp_growth(self.unit_targets))
                                       if self.plan.has_numeric_total else None),
            "central_scenario": self.central,
            "central_gdp_growth_avg_pct": _r(100 * cc["gdp_growth_avg"]),
            "central_energy_target_10k_tce": _r(cc["energy_target_10k_tce"]),
            "central_cumulative_cut_pct": _r(100 * cc["cumulative_cut"]),
            "central_intensity_met": bool(cc["intensity_met"]),
            "central_cap_met": bool(cc["cap_met"]),
            "central_binding": cc["binding"],
            "central_headroom_10k_tce": _r(cc["headroom_10k_tce"]),
            "mc_draws": int(self.n_draws),
            "mc_seed": int(self.seed),
            "p_intensity": _r(mc["p_intensity"]),
            "p_cap": _r(mc["p_cap"]),
            "p_both": _r(mc["p_both"]),
            "pacing_source": self.pacing_record[1],
            **self._record_figures(),
            # the verdict in the English words 0.1.0 wrote here (the model gives a code: pacing.VERDICTS)
            "pacing_verdict": t(f"verdict_{v['verdict']}", "en"),
            "pacing_back_loading": _r(v.get("back_loading")),
            "pacing_implausible_from": v.get("implausible_from"),
            "pacing_first_red": v.get("first_red"),
            "pollutant_caps_10k_t": {p: _r(caps[p]) for p in pols},
            "pollutant_share_of_regional_pct": {p: _r(100 * caps[p] / reg[f"{p}_cap"], 4) if f"{p}_cap" in reg.index
                                                else None for p in pols},
            **self._kind_figures(cc, mc),
            **self.record_result_figures(),  # where the record grades the target year
        }
        if not self.plan.has_numeric_total:  # a total in words or none: no consumption figure, never a made-up one
            for k in _CONSUMPTION_FIGURES:
                kf.pop(k, None)
            kf["total_stated"] = self.plan.total_stated
            kf["total_words_quote"] = self.plan.total_words_quote or None
        return kf | self.base_statistics_figures()  # base_statistics: only where the plan has statistics

    def _kind_figures(self, cc: pd.Series, mc: pd.Series) -> dict:
        """The key figures of the kinds a plan may add (none for Tibet's 13th): the incentive level and
        what it means in the central scenario and the Monte Carlo, the carbon target, pollutant cuts."""
        ut, pl = self.unit_targets, self.plan
        out: dict = {}
        if pl.has_incentive and ut.incentive_cut is not None:
            out.update(incentive_cut_pct=_r(100 * ut.incentive_cut),
                       even_annual_incentive_cut_pct=_r(100 * trajectory.even_annual_cut(ut.incentive_cut, years=pl.T)),
                       total_exemption=ut.total_exemption or None,
                       central_incentive_met=bool(cc["incentive_met"]), central_total_exempt=bool(cc["total_exempt"]),
                       central_double_control_met=bool(cc["double_control_met"]),
                       p_incentive=_r(mc["p_incentive"]), p_double_control=_r(mc["p_double_control"]))
        if pl.has_carbon:
            out["carbon_intensity_cut_pct"] = None if ut.carbon_intensity_cut is None else _r(100 * ut.carbon_intensity_cut)
        if pl.cut_pollutants:
            cuts = pl.pollutant_cuts()
            cuts = cuts[cuts["unit"] == self.slug].set_index("pollutant")["cut_pct"]
            out["pollutant_cuts_pct"] = {p.slug: _r(cuts[p.slug]) for p in pl.cut_pollutants}
        return out

    def _record_figures(self) -> dict:
        rs = self.record_section
        c = rs.ceiling
        tab = rs.pacing["table"]
        return {
            "record_ceiling_target_10k_tce": _r(c["ceiling_10k_tce"]) if c else None,
            "record_binding": c["binding"] if c else None,
            "record_growth_basis": c["growth_basis"] if c else None,
            "record_rated": tab is not None,
            "record_last_light": tab["light"].iloc[-1] if tab is not None else None,
            "record_warnings": len(rs.record.warnings_for(self.slug)),
        }

    def record_summary(self) -> str:
        """The record section's text: what happened, apart from the scenarios.

        Returns
        -------
        str
            Markdown (:meth:`record_view.RecordSection.summary`): which record, what is known and
            missing, the ceiling, the observed pacing, LMDI and the record's warnings for the unit.
        """
        return self.record_section.summary()

    def record_sources(self) -> str:
        """The record section's list of sources.

        Returns
        -------
        str
            Markdown list of every value the section uses with its source
            (:meth:`record_view.RecordSection.sources`); "" if it uses none.
        """
        return "\n\n".join(x for x in (self.record_section.sources(), self.statistics_sources()) if x)

    def record_ceilings(self) -> pd.DataFrame:
        """The record section's table of what the targets allowed at the growth that happened.

        Returns
        -------
        pandas.DataFrame
            Per plan year, labels and formatted values in the page's language: year, GDP growth
            (%), growth basis (record or proxy), the ceiling and the cap's path (10^4 tce)
            (:meth:`record_view.RecordSection.ceilings_table`).
        """
        return self.record_section.ceilings_table()

    def record_lights(self) -> pd.DataFrame | None:
        """The record section's table of observed pacing lights.

        Returns
        -------
        pandas.DataFrame or None
            Per recorded year: cumulative cut and requirement (%), consumption (10^4 tce) and share of
            the increment used (%), where recorded, and the light; None without a rateable series.
        """
        return self.record_section.lights_table()

    def has_record_chart(self) -> bool:
        """Whether the record section has its chart and its table of ceilings (consumption in 10^4 tce:
        not for a plan whose total is stated in words or not at all; :attr:`record_view.RecordSection.has_chart`)."""
        return self.record_section.has_chart

    def fig_record(self):
        """The record section's chart (section ``record_ceilings``: :func:`charts.record_chart_from` of the
        bundle's ``chart_record``): what the targets allowed at the growth that happened, the cap's path and
        observed consumption, in 10^4 tce by year."""
        return self.figure("record_ceilings")

    def fig_record_lights(self):
        """The record section's chart of observed lights (section ``record_lights``: :func:`charts.pacing_chart`
        of the bundle's ``record_pacing``), or None without a rateable series."""
        return self.figure("record_lights") if self.has_section("record_lights") else None

    def record_lights_alt(self) -> str:
        """Alt text of the observed-lights chart.

        Returns
        -------
        str
            Plain text naming the unit and each year's light.
        """
        return self.record_section.lights_alt()

    def record_lights_caption(self) -> str:
        """Caption under the observed-lights chart.

        Returns
        -------
        str
            One italic Markdown line.
        """
        return self.record_section.lights_caption()

    def record_caption(self) -> str:
        """Caption under the record chart: which growth (recorded or proxy) the ceiling uses.

        Returns
        -------
        str
            One italic Markdown line.
        """
        return self.record_section.caption()

    def record_alt(self) -> str:
        """Alt text of the record chart.

        Returns
        -------
        str
            Plain text with the target-year ceiling and cap (10^4 tce), or saying there is no ceiling.
        """
        return self.record_section.alt()

    def total_words_text(self) -> str:
        """Where the consumption sections would be, for a plan whose total is stated in words: the
        plan's words, quoted (escaped), and that they are not graded as a number.

        Returns
        -------
        str
            Markdown text in the page's language.
        """
        return self._md("total_in_words", self.lang, quote=escape(self.plan.total_words_quote or ""))

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        """The briefing's title.

        Returns
        -------
        str
            The title text with the unit's name (in the page's language and in Chinese).
        """
        key = "brief_title" if self.plan.has_energy_intensity else "brief_title_carbon"
        return self.with_provenance(self._md(key, self.lang, name=escape(self.pref.label(self.lang)),
                                             name_zh=escape(self.pref.name_zh)))

    def heading(self, key: str) -> str:
        """A section heading of the briefing.

        Parameters
        ----------
        key : str
            The section's key, e.g. ``"key"``, ``"intensity"``, ``"record"`` or ``"method"`` (the label
            ``h_brief_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            A Markdown level-2 heading, ``"## …"``.

        Raises
        ------
        KeyError
            For a key without an ``h_brief_<key>`` label.

        A section that shows scenarios' numbers (:data:`BRIEF_SCENARIO_SECTIONS`) has, under its heading,
        the note that a placeholder scenario among them is one (:func:`placeholder_notes`).
        """
        head = "## " + self._md(f"h_brief_{key}", self.lang)
        note = placeholder_notes(self, self.sset, self.lang) if key in BRIEF_SCENARIO_SECTIONS else ""
        return head + ("\n\n" + note if note else "")

    def scenario_table(self) -> pd.DataFrame:
        """The scenario comparison table: each scenario's target-year outcome for the unit.

        Returns
        -------
        pandas.DataFrame
            One row per scenario, labels and formatted values in the page's language: scenario, average
            GDP growth (%/yr), target-year energy (10^4 tce), cumulative intensity cut (%), intensity met, cap met
            (yes/no), the binding control and the target-year headroom (10^4 tce; negative = over).
        """
        L = self.lang
        rows = []
        for r in self.compliance.itertuples():
            rows.append({
                self._t("scenario", L): scenario_label(r.scenario, L),
                self._t("lbl_gdp_growth", self.lang): _fmt(r.gdp_growth_avg, 2, pct=True),
                self._t("lbl_energy_target_10_4_tce", self.lang): _fmt(r.energy_target_10k_tce, 1),
                self._t("lbl_intensity_cut", self.lang): _fmt(r.cumulative_cut, 2, pct=True),
                self._t("lbl_intensity_met", self.lang): _yes(r.intensity_met, L),
                self._t("lbl_cap_met", self.lang): _yes(r.cap_met, L),
                self._t("lbl_binding", self.lang): self._t(f"bind_{r.binding}", L),
                self._t("lbl_headroom_10_4_tce", self.lang): _fmt(r.headroom_10k_tce, 1),
            })
        out = pd.DataFrame(rows)
        if not self.plan.has_numeric_total:  # a total in words or none: the intensity columns only
            out = out.drop(columns=[self._t(k, L) for k in ("lbl_energy_target_10_4_tce", "lbl_cap_met", "lbl_binding",
                                                            "lbl_headroom_10_4_tce")])
        return out

    def pacing_display(self) -> pd.DataFrame:
        """The pacing table of the central scenario, as the page shows it.

        Returns
        -------
        pandas.DataFrame
            One row per plan year, labels and formatted values in the page's language: year;
            cumulative cut, requirement and the annual cut now required (%); energy (10^4 tce) and share of
            the increment used (%); the light.
        """
        L = self.lang
        tab = self.pacing_table
        out = pd.DataFrame({self._t("lbl_year", self.lang): tab["year"].astype(str)})
        if "cumulative_cut" in tab:
            out[self._t("lbl_cumulative_cut", self.lang)] = [_fmt(x, 2, pct=True) for x in tab["cumulative_cut"]]
            out[self._t("lbl_requirement", self.lang)] = [_fmt(x, 2, pct=True) for x in tab["requirement"]]
            out[self._t("lbl_pace_now_required", self.lang)] = [_fmt(x, 2, pct=True) for x in tab["required_remaining_cut"]]
        if "energy_10k_tce" in tab:
            out[self._t("lbl_energy_10_4_tce", self.lang)] = [_fmt(x, 1) for x in tab["energy_10k_tce"]]
            out[self._t("lbl_increment_used", self.lang)] = [_fmt(x, 1, pct=True) for x in tab["increment_used_share"]]
        out[self._t("lbl_light", self.lang)] = [self._t(f"light_{x}", L) for x in tab["light"]]
        return out

    def pacing_summary(self) -> str:
        """The pacing section's text: which scenario is checked, the verdict and whether it stays plausible.

        Returns
        -------
        str
            Markdown text naming the first implausible year, if any.
        """
        v = self.verdict
        L = self.lang
        intro = self._md("rec_scenario_note", L) + " " + self._md("pacing_intro_scenario", L, scenario=escape(scenario_label(self.central, L)))
        imp = v.get("implausible_from")
        tail = self._md("pacing_implausible", L, year=imp) if imp else self._md("pacing_plausible", L)
        verdict, exempt_note = record_view.verdict_words(self, v, L, self.pref.label(L))  # which trigger fired
        return intro + self._md("pacing_verdict_line", L, verdict=verdict) + tail + (" " + exempt_note if exempt_note else "")

    def method_notes(self) -> str:
        """The method notes at the end of the briefing.

        Returns
        -------
        str
            Markdown text: the period, the pacing tolerance (%), and the pollutants whose annex-2 sum
            exceeds the regional cap, with both values (10^4 t).
        """
        L = self.lang
        rec = targets.reconcile(plan=self.plan).set_index("check")
        over = rec[rec["status"] == "exceeds"]
        sep = self._md("list_sep", L)
        notes = method_notes(self, L)
        caps = over[over.index.str.endswith("_cap_sum")]  # pollutant caps: <slug>_cap_sum
        if not caps.empty:
            notes += "\n" + self._md("method_notes_exceeds", L,
                                     names=sep.join(escape(pollutant_label(self.plan, c.removesuffix("_cap_sum"), L))
                                                    for c in caps.index),
                                     sums=sep.join(f"{v:g}" for v in caps["units_sum"]),
                                     regs=sep.join(f"{v:g}" for v in caps["regional"]))
        if "increment_sum" in over.index:  # the units' increments above the region's stated increment
            r = over.loc["increment_sum"]
            notes += "\n" + self._md("method_notes_increment_exceeds", L, s=f"{r['units_sum']:g}",
                                     r=f"{r['regional']:g}")
        return notes

    # -- the data behind every chart and table ---------------------------------------------------
    def data_tables(self) -> dict[str, pd.DataFrame]:
        """Every chart's and table's numbers, units in the column names (for the data bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
            The sections' frames (:data:`sections.BRIEFING`: ``table_key_figures``, ``chart_intensity_path``
            (series, year, intensity index with the base year = 100), ``chart_energy`` (series, year,
            10^4 tce), ``chart_double_control_map_grid`` and ``chart_double_control_map_scenarios``
            (fractions), ``table_scenarios_target``, ``chart_pacing``, ``table_pacing``,
            ``chart_fan_energy_quantiles`` (one column of 10^4 tce per quantile), ``chart_pollutant_shares``
            (10^4 t and %) where the plan caps pollutants; each chart is drawn from its frame), and the
            record section's and the kinds section's tables (:meth:`record_view.RecordSection.data_tables`).
        """
        return {**self.section_tables(), **self.record_section.data_tables(), **self.kinds_section.data_tables()}

    def data_bundle(self) -> dict:
        """The data bundle the build writes beside the page (see :func:`jnjp_analysis.reports.write_bundle`).

        Returns
        -------
        dict
            ``tables`` (:meth:`data_tables` as CSV text, by name), ``key_figures`` (:meth:`key_figures`)
            and ``provenance`` (:func:`bundle_provenance`).
        """
        return {"tables": {k: table_csv(v) for k, v in self.data_tables().items()},
                "key_figures": self.key_figures(),
                "provenance": bundle_provenance(self.scenario_file, self.record_path, self.seed, self.n_draws,
                                                plan=self.plan)}

    def bundle_link(self) -> str:
        """The line that links the page's data bundle.

        Returns
        -------
        str
            Markdown text with a link to ``<slug>_<lang>_data.zip``.
        """
        return self._md("bundle_link", self.lang, file=f"{self.slug}_{self.lang}_data.zip")

    # -- the numbers of the captions and alt texts (:meth:`SectionPage.caption`, :meth:`SectionPage.alt`) --
    @cached_property
    def _chart_numbers(self) -> dict:
        if not self.plan.has_energy_intensity:  # carbon led: the year-by-year chart names the unit only
            return dict(name=self.pref.label(self.lang))
        kf = dict.fromkeys(_CONSUMPTION_FIGURES) | self.key_figures()  # a total in words: None, shown as "–"
        what = self._t("pacing_what_scenario", self.lang, scenario=scenario_label(self.central, self.lang))
        shares = pollutant_sum_shares(self.plan)
        return dict(name=self.pref.label(self.lang), target_pct=f"{kf['intensity_cut_pct']:g}",
                    central=scenario_label(self.central, self.lang), cut=_fmt(kf["central_cumulative_cut_pct"] / 100, 2, pct=True).rstrip("%"),
                    cap=_g(kf["cap_target_10k_tce"]), e_target=_fmt(kf["central_energy_target_10k_tce"], 1),
                    g=_g(kf["implied_gdp_growth_pct"], ".2f"), a=f"{kf['even_annual_cut_pct']:.2f}", what=what,
                    verdict=self._t(f"verdict_{self.verdict['verdict']}", self.lang), n=f"{kf['mc_draws']:,}", seed=kf["mc_seed"],
                    p=_fmt(kf["p_both"], 1, pct=True).rstrip("%") if kf["p_both"] is not None else "–",
                    items=share_items(self.plan, shares, self.lang))

    # -- figures --------------------------------------------------------------------------------
    def fig_intensity(self):
        """The intensity chart (:func:`charts.intensity_chart_from`), drawn from the bundle's ``chart_intensity_path``.

        Returns
        -------
        matplotlib.figure.Figure
            Each scenario's intensity index (base year = 100) against the even-pace path.
        """
        return self.figure("intensity")

    def fig_energy(self):
        """The energy chart (:func:`charts.energy_chart_from`), drawn from the bundle's ``chart_energy``.

        Returns
        -------
        matplotlib.figure.Figure
            Each scenario's consumption (10^4 tce) against the even path to the cap.
        """
        return self.figure("energy")

    def fig_map(self):
        """The double-control map with the scenarios as points (:func:`charts.double_control_map_from`),
        drawn from the bundle's two ``chart_double_control_map_*`` frames.

        Returns
        -------
        matplotlib.figure.Figure
            Which controls are met over GDP growth × annual intensity cut.
        """
        return self.figure("map")

    def fig_pacing(self):
        """The central scenario's pacing lights (:func:`charts.pacing_chart`), drawn from ``chart_pacing``.

        Returns
        -------
        matplotlib.figure.Figure
            Traffic lights by year.
        """
        return self.figure("pacing")

    def fig_pollutants(self):
        """The pollutant caps chart with the unit highlighted (:func:`charts.pollutant_chart_from`).

        Returns
        -------
        matplotlib.figure.Figure
            Each unit's target-year cap in % of the regional cap, per pollutant.
        """
        return self.figure("pollutants")

    def fig_fan(self):
        """The Monte Carlo fan (:func:`charts.fan_chart_from`), drawn from ``chart_fan_energy_quantiles``.

        Returns
        -------
        matplotlib.figure.Figure
            Bands and median of consumption (10^4 tce) against the cap.
        """
        return self.figure("mc")
