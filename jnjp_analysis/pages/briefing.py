"""What the briefing and overview notebooks show: key figures, tables, figures and method notes.

The notebooks stay thin: each cell calls one method here and displays the result. Everything is
deterministic (seeded Monte Carlo, fixed rounding, sorted tables, PNGs without timestamps).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from jnjp_analysis import scenarios
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import (
    DEFAULT_DRAWS,
    DEFAULT_SCENARIOS,
    DEFAULT_SEED,
    PACING_TOLERANCE,
)
from jnjp_analysis.files import table_csv
from jnjp_analysis.i18n import check_lang, scenario_label, t
from jnjp_analysis.model import pacing, trajectory
from jnjp_analysis.pages import charts, kinds_view, record_view
from jnjp_analysis.pages.display import PlanText, cites_shipped_paths, escape, pacing_rule
from jnjp_analysis.pages.display import fmt as _fmt
from jnjp_analysis.plan import catalogue as targets
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

PlanArg = Plan | str | os.PathLike | None


def _r(x: float | None, nd: int = 6) -> float | None:
    """A key figure rounded to ``nd`` decimals; a value that rounds to zero is 0.0, never -0.0."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), nd) + 0.0


def _yes(b: object, lang: str) -> str:
    return t("yes" if b else "no", lang)


def _pollutant_shares_table(plan: Plan) -> pd.DataFrame:
    caps = plan.pollutant_caps()
    reg = targets.regional_targets(plan=plan).set_index("target_id")["value"]
    out = caps[["prefecture", "pollutant", "cap_target_10k_t"]].copy()
    # a plan may cap its units' emissions without stating the region's cap: no share of it then (NaN)
    out["regional_cap_target_10k_t"] = [float(reg[f"{p}_cap"]) if f"{p}_cap" in reg.index else math.nan
                                        for p in out["pollutant"]]
    out["share_of_regional_cap_pct"] = (100 * out["cap_target_10k_t"] / out["regional_cap_target_10k_t"]).round(6)
    return out


def _implied_growth_table(plan: Plan) -> pd.DataFrame:
    e = plan.energy_targets()
    return pd.DataFrame({"prefecture": e["prefecture"], "intensity_cut_pct": e["intensity_cut_pct"],
                         "energy_base_10k_tce": e["energy_base_10k_tce"], "cap_target_10k_tce": e["cap_target_10k_tce"],
                         "implied_gdp_growth_pct": [round(100 * trajectory.implied_gdp_growth(plan.targets(s)), 6)
                                                    for s in e["prefecture"]]})


pollutant_label = charts.pollutant_label  # a pollutant's short label (the plan's name where i18n has none)


def _share_items(plan: Plan, shares: dict[str, str], lang: str) -> str:
    """"化学需氧量106.0%、氨氮…" / "106.0% (COD), … and 99.5% (NOx)": the alt text's list of cap shares."""
    items = [t("share_item", lang, name=pollutant_label(plan, p, lang), v=v) for p, v in shares.items()]
    if len(items) < 2:
        return "".join(items)
    return t("items_sep", lang).join(items[:-1]) + t("items_last_sep", lang) + items[-1]


BRIEF_SCENARIO_SECTIONS = ("key", "intensity", "energy", "map", "pacing", "mc", "scenarios")
OVERVIEW_SCENARIO_SECTIONS = ("scenarios", "mc")  # the sections that show scenarios' numbers


def placeholder_notes(page: PlanText, sset: dict, lang: str) -> str:
    """The note beside a placeholder scenario's numbers (one line per such scenario among ``sset``;
    "" where none is): a scenario the plan form wrote so that a package builds at once, not a forecast."""
    return "\n\n".join(page._md("placeholder_note", lang, scenario=escape(scenario_label(n, lang)))
                       for n, sc in sset.items() if getattr(sc, "placeholder", False))


def method_notes(page: PlanText, lang: str) -> str:
    """The method notes' bullets (Markdown) that apply to the page's plan: its targets (pollutant caps
    or cuts only where it has them), the formulas, the pacing rule with the plan's clauses (omitted where
    the plan has no such clause label) and where the scenarios come from."""
    plan = page.plan
    pols = ("mn_targets_caps" if plan.pollutants else "mn_targets_cuts" if plan.cut_pollutants else None)
    ref = page._clause_ref("regional_no", lang, md=True)
    regional = page._md("mn_regional", lang, ref=ref) if ref else page._md("mn_regional_none", lang)
    clauses = [page._md(f"mn_clause_{k}", lang, ref=r) for k in ("pacing", "warning")
               if (r := page._clause_ref(f"{k}_no", lang, md=True))]
    shipped = cites_shipped_paths(plan)
    file = (f"data/plans/{escape(plan.id)}/scenarios.csv" if shipped else page._md("mn_scenarios_file", lang))
    return "\n".join([
        page._md("mn_targets", lang, pollutants=page._md(pols, lang) if pols else "", regional=regional),
        page._md("mn_pace", lang), page._md("mn_double", lang),
        page._md("mn_pacing", lang, clauses=page._md("mn_clauses", lang, items=page._md("mn_clause_sep", lang).join(clauses)) if clauses else "",
                 rule=page._md(f"mn_rule_{pacing_rule(plan)}", lang), tol=f"{100 * PACING_TOLERANCE:g}"),
        page._md("mn_scenarios", lang, file=file)])


def bundle_provenance(scenario_file: str | None, record_path: str | None, seed: int, n_draws: int, *,
                      plan: PlanArg = None) -> dict:
    """What a data bundle was computed from; no paths, no dates.

    The plan (and its recorded hash), the scenario and record files' SHA-256, the package version
    and the Monte Carlo seed.

    Parameters
    ----------
    scenario_file : str or None
        The user's scenario file, or None for the shipped ``data/plans/xizang-13fyp/scenarios.csv``.
    record_path : str or None
        The user's record file, or None for the shipped record.
    seed : int
        The Monte Carlo seed.
    n_draws : int
        The number of Monte Carlo draws.

    Returns
    -------
    dict
        ``plan`` (the plan's title and document number), ``plan_sha256``, ``scenario_file_sha256``,
        ``scenario_file`` ("shipped …" or "user's scenario file"), ``record_sha256``, ``record``
        (likewise), ``package`` (name and version), ``monte_carlo`` (``{"seed", "draws"}``) and
        ``units`` (what the column-name suffixes ``_10k_tce``, ``_10k_t``, ``_pct``, ``_frac`` mean).

    Raises
    ------
    OSError
        If the scenario or record file cannot be read.
    """
    from jnjp_analysis import __version__
    from jnjp_analysis.files import file_sha
    from jnjp_analysis.records.schema import find_shipped_record

    plan = load(plan)
    shipped_record = find_shipped_record(plan)
    shipped = f"shipped data/plans/{plan.id}/records/{shipped_record.name}" if shipped_record else "none shipped"
    return {
        "plan": plan.citation(),
        "plan_sha256": plan.resource("plan")["hash"].removeprefix("sha256:"),
        "scenario_file_sha256": file_sha(scenario_file or plan.scenario_file),
        "scenario_file": f"shipped data/plans/{plan.id}/scenarios.csv" if scenario_file is None else "user's scenario file",
        "record_sha256": file_sha(rec) if (rec := record_path or shipped_record) else None,
        "record": shipped if record_path is None else "user's record file",
        "package": f"jnjp_analysis {__version__}",
        "monte_carlo": {"seed": int(seed), "draws": int(n_draws)},
        "units": {"_10k_tce": "10^4 tce (万吨标准煤, 等价值)", "_10k_t": "10^4 t (万吨)", "_pct": "percent",
                  "_frac": "fraction (0.08 = 8 %)"},
    }


# ---------------------------------------------------------------------------------- briefing
@dataclass
class Briefing(kinds_view.KindsParts, PlanText):
    """One prefecture's briefing in one language.

    Each method returns one part of the briefing page (Markdown text, a display table, a figure,
    a caption or alt text), or its numbers (:meth:`key_figures`, :meth:`data_tables`).

    Parameters
    ----------
    prefecture : str
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
    pref : Prefecture
        The prefecture looked up.
    slug : str
        Its slug.
    sset : dict of str to Scenario
        The scenarios compared, by name.
    central_scenario : Scenario
        The central scenario.
    targets : pandas.Series
        The unit's row of :meth:`Plan.energy_targets`.
    unit_targets : UnitTargets
        The unit's targets (:meth:`Plan.targets`).

    Raises
    ------
    JnjpError
        For an unknown prefecture or language, a scenario name the scenario file lacks, or an
        invalid scenario file.
    """

    prefecture: str
    lang: str = "zh"
    scenario_file: str | None = None
    scenario_names: tuple[str, ...] | list[str] | None = DEFAULT_SCENARIOS
    central: str = "central"
    seed: int = DEFAULT_SEED
    n_draws: int = DEFAULT_DRAWS
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()  # the plan
        self.pref = self.plan.unit(self.prefecture)
        self.slug = self.pref.slug
        check_lang(self.lang)
        available = scenarios.load(self.scenario_file, plan=self.plan)
        names = list(self.scenario_names or available)
        unknown = [n for n in names + [self.central] if n not in available]
        if unknown:
            raise JnjpError(f"unknown scenario(s) {unknown}; the scenario file has {list(available)}")
        self.sset = {n: available[n] for n in names}
        self.central_scenario = available[self.central]
        self.unit_targets = self.plan.targets(self.slug)
        self.targets = self.plan.energy_targets().set_index("prefecture").loc[self.slug]

    # -- computations -------------------------------------------------------------------------
    @cached_property
    def projections(self) -> pd.DataFrame:
        """:func:`scenarios.project` of every scenario compared, stacked (all prefectures and the region)."""
        return pd.concat([scenarios.project(s, plan=self.plan) for s in self.sset.values()], ignore_index=True)

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """:func:`scenarios.compliance_table` of the scenarios compared, the prefecture's rows only."""
        comp = scenarios.compliance_table(self.sset, plan=self.plan)
        return comp[comp["prefecture"] == self.slug].reset_index(drop=True)

    @cached_property
    def central_compliance(self) -> pd.Series:
        """The central scenario's target-year compliance row for the prefecture (:func:`scenarios.compliance`)."""
        c = scenarios.compliance(scenarios.project(self.central_scenario, prefectures=[self.slug], plan=self.plan),
                                 plan=self.plan)
        return c.set_index("prefecture").loc[self.slug]

    @cached_property
    def monte_carlo(self) -> scenarios.MonteCarloResult:
        """The seeded Monte Carlo around the central scenario, for the prefecture."""
        return scenarios.monte_carlo(self.n_draws, seed=self.seed, scenario=self.central_scenario,
                                     prefectures=[self.slug], plan=self.plan)

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
            grades a controlled indicator in the target year) or ``"pollutants"`` (the plan caps pollutants).

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
                "pollutants": lambda: bool(self.plan.pollutants)}[key]()

    @cached_property
    def pacing_record(self) -> tuple[pd.DataFrame, str]:
        """The central scenario as a pacing record: the pacing section checks a scenario, labelled
        as one; the observed pacing is in the record section."""
        p = scenarios.project(self.central_scenario, prefectures=[self.slug], plan=self.plan)
        p = p[(p["prefecture"] == self.slug) & (p["year"] > self.plan.base_year)]
        return pd.DataFrame({"year": p["year"].to_numpy(), "intensity_cut": p["annual_cut"].to_numpy(),
                             "energy_10k_tce": p["energy_10k_tce"].to_numpy()}), f"scenario:{self.central}"

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
            Identity: ``prefecture`` (slug), ``name_zh``, ``name_en``, ``lang``, ``plan`` (its id),
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
        """
        tg = self.targets
        cc = self.central_compliance
        mc = self.monte_carlo.probabilities.set_index("prefecture").loc[self.slug]
        v = self.verdict
        caps = self.plan.pollutant_caps()
        caps = caps[caps["prefecture"] == self.slug].set_index("pollutant")["cap_target_10k_t"]
        reg = targets.regional_targets(plan=self.plan).set_index("target_id")["value"]
        pols = [p.slug for p in self.plan.pollutants]
        return {
            "prefecture": self.slug,
            "name_zh": self.pref.name_zh,
            "name_en": self.pref.name_en,
            "lang": self.lang,
            "plan": self.plan.id,
            "base_year": self.plan.base_year,
            "target_year": self.plan.target_year,
            "intensity_cut_pct": _r(tg["intensity_cut_pct"]),
            "energy_base_10k_tce": _r(tg["energy_base_10k_tce"]),
            "increment_10k_tce": _r(tg["increment_10k_tce"]),
            "cap_target_10k_tce": _r(tg["cap_target_10k_tce"]),
            "even_annual_cut_pct": _r(100 * trajectory.even_annual_cut(float(tg["intensity_cut"]), years=self.plan.T)),
            "implied_gdp_growth_pct": _r(100 * trajectory.implied_gdp_growth(self.unit_targets)),
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
            "pacing_verdict": v["verdict"],
            "pacing_back_loading": _r(v.get("back_loading")),
            "pacing_implausible_from": v.get("implausible_from"),
            "pacing_first_red": v.get("first_red"),
            "pollutant_caps_10k_t": {p: _r(caps[p]) for p in pols},
            "pollutant_share_of_regional_pct": {p: _r(100 * caps[p] / reg[f"{p}_cap"], 4) if f"{p}_cap" in reg.index
                                                else None for p in pols},
            **self._kind_figures(cc, mc),
        }

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
            cuts = cuts[cuts["prefecture"] == self.slug].set_index("pollutant")["cut_pct"]
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
            missing, the ceiling, the observed pacing, LMDI and the record's warnings for the prefecture.
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
        return self.record_section.sources()

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

    def fig_record(self):
        """The record section's chart (:func:`charts.record_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            What the targets allowed at the growth that happened, the cap's path and observed
            consumption, in 10^4 tce by year.
        """
        return self.record_section.figure()

    def fig_record_lights(self):
        """The record section's chart of observed lights (as the scenario pacing chart).

        Returns
        -------
        matplotlib.figure.Figure or None
            :func:`charts.pacing_chart` of the observed pacing, or None without a rateable series.
        """
        return self.record_section.lights_figure()

    def record_lights_alt(self) -> str:
        """Alt text of the observed-lights chart.

        Returns
        -------
        str
            Plain text naming the prefecture and each year's light.
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

    def key_figures_table(self) -> pd.DataFrame:
        """The key-figures table at the top of the briefing.

        Returns
        -------
        pandas.DataFrame
            Two columns, figure and value (labels in the page's language), ten rows: the intensity
            target (%), the even annual pace (%/yr), base-year consumption, the allowed increment and the target-year
            cap (10^4 tce), the implied GDP growth (%/yr), the central scenario's binding control and target-year
            headroom (10^4 tce), the probability of meeting both controls (%) and the pacing verdict.
        """
        kf = self.key_figures()
        L = self.lang
        u = self._t("unit_energy_plain", L)
        rows = [
            (self._t("lbl_intensity_cut_target_vs_base", self.lang), f"{kf['intensity_cut_pct']:g}%"),
            (self._t("lbl_even_annual_pace", self.lang), f"{kf['even_annual_cut_pct']:.2f}%"),
            (self._t("lbl_base_consumption", self.lang), f"{kf['energy_base_10k_tce']:g} {u}"),
            (self._t("lbl_allowed_increment", self.lang), f"{kf['increment_10k_tce']:g} {u}"),
            (self._t("lbl_target_cap", self.lang), f"{kf['cap_target_10k_tce']:g} {u}"),
            (self._t("lbl_gdp_growth_implied_by_the_two_controls", self.lang), f"{kf['implied_gdp_growth_pct']:.2f}%"),
            (self._t("lbl_binding_control_scenario", self.lang, scenario=scenario_label(self.central, L)),
             self._t(f"bind_{kf['central_binding']}", L)),
            (self._t("lbl_target_headroom_allowed_projected", self.lang),
             f"{kf['central_headroom_10k_tce']:.1f} {u}"),
            (self._t("lbl_probability_of_meeting_both", self.lang),
             f"{100 * kf['p_both']:.1f}%" if kf["p_both"] is not None else "–"),
            (self._t("lbl_pacing_verdict", self.lang), self._t(f"verdict_{kf['pacing_verdict']}", L)),
        ]
        if "incentive_cut_pct" in kf:  # a plan with an incentive level: its figures after the basic target's
            rows[1:1] = [(self._t("lbl_incentive_cut", L), f"{kf['incentive_cut_pct']:g}%"),
                         (self._t("lbl_even_annual_incentive_pace", L), f"{kf['even_annual_incentive_cut_pct']:.2f}%")]
            rows.append((self._t("lbl_probability_double_control", L),
                         f"{100 * kf['p_double_control']:.1f}%" if kf["p_double_control"] is not None else "–"))
        if kf.get("carbon_intensity_cut_pct") is not None:
            rows.insert(1, (self._t("lbl_carbon_intensity_cut", L), f"{kf['carbon_intensity_cut_pct']:g}%"))
        return pd.DataFrame(rows, columns=[self._t("lbl_figure", self.lang), self._t("lbl_value", self.lang)])

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        """The briefing's title.

        Returns
        -------
        str
            The title text with the prefecture's name (in the page's language and in Chinese).
        """
        return self._md("brief_title", self.lang, name=escape(self.pref.label(self.lang)), name_zh=escape(self.pref.name_zh))

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
        """The scenario comparison table: each scenario's target-year outcome for the prefecture.

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
        return pd.DataFrame(rows)

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
                                     sums=sep.join(f"{v:g}" for v in caps["prefecture_sum"]),
                                     regs=sep.join(f"{v:g}" for v in caps["regional"]))
        if "increment_sum" in over.index:  # the units' increments above the region's stated increment
            r = over.loc["increment_sum"]
            notes += "\n" + self._md("method_notes_increment_exceeds", L, s=f"{r['prefecture_sum']:g}",
                                     r=f"{r['regional']:g}")
        return notes

    # -- the data behind every chart and table ---------------------------------------------------
    def data_tables(self) -> dict[str, pd.DataFrame]:
        """Every chart's and table's numbers, units in the column names (for the data bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
            ``chart_intensity_path`` (series, year, intensity index with the base year = 100), ``chart_energy``
            (series, year, 10^4 tce), ``chart_double_control_map_grid`` and
            ``chart_double_control_map_scenarios`` (fractions), ``chart_pacing``,
            ``chart_fan_energy_quantiles`` (one column of 10^4 tce per quantile), ``chart_pollutant_shares``
            (10^4 t and %), ``table_key_figures``, ``table_scenarios_target``, ``table_pacing``, and the
            record section's tables (:meth:`record_view.RecordSection.data_tables`).
        """
        p = self.projections[self.projections["prefecture"] == self.slug]
        ut = self.unit_targets
        ep = trajectory.even_path(ut.intensity_cut, years=ut.years, base_year=ut.base_year)
        if ut.incentive_cut is not None:  # the incentive level's even path, drawn on the chart too
            ip = trajectory.even_path(ut.incentive_cut, years=ut.years, base_year=ut.base_year)
            ep = pd.concat([ep.assign(series="even_pace_target"), ip.assign(series="even_pace_incentive")],
                           ignore_index=True)
        else:
            ep = ep.assign(series="even_pace_target")
        cp = trajectory.cap_path(ut.energy_base_10k_tce, ut.increment_10k_tce, years=ut.years, base_year=ut.base_year)
        pts = charts.scenario_points(self.compliance, self.slug, plan=self.plan)
        grid = charts.map_grid(self.slug, pts, plan=self.plan).grid(self.slug, plan=self.plan)  # the map's (fig_map)
        q = self.monte_carlo.quantiles
        q = q[(q["prefecture"] == self.slug) & (q["quantity"] == "energy_10k_tce")]
        return {
            "chart_intensity_path": pd.concat([
                pd.DataFrame({"series": ep["series"], "year": ep["year"],
                              "intensity_index_base_eq_100": 100 * ep["intensity_index"]}),
                pd.DataFrame({"series": p["scenario"], "year": p["year"],
                              "intensity_index_base_eq_100": 100 * p["intensity_index"]})], ignore_index=True),
            "chart_energy": pd.concat([
                pd.DataFrame({"series": "even_path_to_cap", "year": cp["year"], "energy_10k_tce": cp["energy_10k_tce"]}),
                pd.DataFrame({"series": p["scenario"], "year": p["year"], "energy_10k_tce": p["energy_10k_tce"]})],
                ignore_index=True),
            "chart_double_control_map_grid": grid.rename(columns={"gdp_growth": "gdp_growth_frac",
                                                                  "pace": "annual_intensity_cut_frac"})[
                ["gdp_growth_frac", "annual_intensity_cut_frac", "status"]],
            "chart_double_control_map_scenarios": pts.rename(columns={"gdp_growth": "gdp_growth_avg_frac",
                                                                      "annual_cut": "annual_cut_avg_frac"}),
            "chart_pacing": self.pacing_table,
            "chart_fan_energy_quantiles": q.pivot(index="year", columns="quantile", values="value").rename(
                columns=lambda c: f"q{int(round(100 * c)):02d}_energy_10k_tce").reset_index(),
            **({"chart_pollutant_shares": _pollutant_shares_table(self.plan)} if self.plan.pollutants else {}),
            "table_key_figures": self.key_figures_table(),
            "table_scenarios_target": self.compliance,
            "table_pacing": self.pacing_display(),
            **self.record_section.data_tables(),
            **self.kinds_section.data_tables(),
        }

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

    # -- captions and alt texts (words in i18n, numbers from the functions) ----------------------
    @cached_property
    def _chart_numbers(self) -> dict:
        kf = self.key_figures()
        what = self._t("pacing_what_scenario", self.lang, scenario=scenario_label(self.central, self.lang))
        shares = self._pollutant_sum_shares(self.plan)
        return dict(name=self.pref.label(self.lang), target_pct=f"{kf['intensity_cut_pct']:g}",
                    central=scenario_label(self.central, self.lang), cut=_fmt(kf["central_cumulative_cut_pct"] / 100, 2, pct=True).rstrip("%"),
                    cap=f"{kf['cap_target_10k_tce']:g}", e_target=_fmt(kf["central_energy_target_10k_tce"], 1),
                    g=f"{kf['implied_gdp_growth_pct']:.2f}", a=f"{kf['even_annual_cut_pct']:.2f}", what=what,
                    verdict=self._t(f"verdict_{kf['pacing_verdict']}", self.lang), n=f"{kf['mc_draws']:,}", seed=kf["mc_seed"],
                    p=_fmt(kf["p_both"], 1, pct=True).rstrip("%") if kf["p_both"] is not None else "–",
                    items=_share_items(self.plan, shares, self.lang))

    @staticmethod
    def _pollutant_sum_shares(plan: Plan) -> dict[str, str]:
        rec = targets.reconcile(plan=plan).set_index("check")
        return {p.slug: f"{100 * rec.loc[f'{p.slug}_cap_sum', 'prefecture_sum'] / rec.loc[f'{p.slug}_cap_sum', 'regional']:.1f}"
                for p in plan.pollutants}

    def caption(self, key: str) -> str:
        """One line under a chart: what it shows and which scenario or record it uses.

        Parameters
        ----------
        key : str
            The chart's key, e.g. ``"intensity"``, ``"energy"``, ``"map"``, ``"pacing"``, ``"fan"`` or
            ``"pollutants"`` (the label ``cap_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            One italic Markdown line, with the chart's numbers filled in.

        Raises
        ------
        KeyError
            For a key without a ``cap_<key>`` label.
        """
        return "*" + self._md(f"cap_{key}", **{k: escape(v) if isinstance(v, str) else v for k, v in self._chart_numbers.items()}) + "*"

    def alt(self, key: str) -> str:
        """The chart's alt text: what it shows and its main number.

        Parameters
        ----------
        key : str
            The chart's key, e.g. ``"intensity"``, ``"energy"``, ``"map"``, ``"pacing"``, ``"fan"`` or
            ``"pollutants"`` (the label ``alt_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            Plain text.

        Raises
        ------
        KeyError
            For a key without an ``alt_<key>`` label.
        """
        return self._t(f"alt_{key}", **self._chart_numbers)

    # -- figures --------------------------------------------------------------------------------
    def fig_intensity(self):
        """The intensity chart (:func:`charts.intensity_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Each scenario's intensity index (base year = 100) against the even-pace path.
        """
        return charts.intensity_chart(self.slug, self.projections, self.lang, plan=self.plan)

    def fig_energy(self):
        """The energy chart (:func:`charts.energy_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Each scenario's consumption (10^4 tce) against the even path to the cap.
        """
        return charts.energy_chart(self.slug, self.projections, self.lang, plan=self.plan)

    def fig_map(self):
        """The double-control map with the scenarios as points (:func:`charts.double_control_map`).

        Returns
        -------
        matplotlib.figure.Figure
            Which controls are met over GDP growth × annual intensity cut.
        """
        return charts.double_control_map(self.slug, charts.scenario_points(self.compliance, self.slug, plan=self.plan),
                                         self.lang, plan=self.plan)

    def fig_pacing(self):
        """The central scenario's pacing lights (:func:`charts.pacing_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Traffic lights by year.
        """
        return charts.pacing_chart(self.pacing_table, self.slug, self.central, self.lang, plan=self.plan)

    def fig_pollutants(self):
        """The pollutant caps chart with the prefecture highlighted (:func:`charts.pollutant_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Each unit's target-year cap in % of the regional cap, per pollutant.
        """
        return charts.pollutant_chart(self.lang, highlight=self.slug, plan=self.plan)

    def fig_fan(self):
        """The Monte Carlo fan (:func:`charts.fan_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Bands and median of consumption (10^4 tce) against the cap.
        """
        return charts.fan_chart(self.monte_carlo, self.slug, self.lang, plan=self.plan)


# ---------------------------------------------------------------------------------- overview
@dataclass
class Overview(kinds_view.KindsParts, PlanText):
    """The region overview in one language.

    Each method returns one part of the overview page (Markdown text, a display table, a figure, a
    caption or alt text), or its numbers (:meth:`data_tables`).

    Parameters
    ----------
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    scenario_file : str or None, optional
        A user's scenario CSV; None for the shipped one (every scenario in it is compared).
    central : str, default "central"
        The scenario the Monte Carlo uses.
    seed : int, optional
        Monte Carlo seed (default :data:`config.DEFAULT_SEED`).
    n_draws : int, optional
        Monte Carlo draws (default :data:`config.DEFAULT_DRAWS`, 100,000).
    record_path : str or None, optional
        A user's record file; None for the shipped record.
    plan : Plan, str, path-like or None, optional
        The plan (None for the default, :data:`config.DEFAULT_PLAN`); loaded on construction.

    Attributes
    ----------
    sset : dict of str to Scenario
        Every scenario in the scenario file, by name.

    Raises
    ------
    JnjpError
        For an unknown language, a ``central`` the scenario file lacks, or an invalid scenario file.
    """

    lang: str = "zh"
    scenario_file: str | None = None
    central: str = "central"
    seed: int = DEFAULT_SEED
    n_draws: int = DEFAULT_DRAWS
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)

    def __post_init__(self) -> None:
        check_lang(self.lang)
        super().__post_init__()  # the plan
        self.sset = scenarios.load(self.scenario_file, plan=self.plan)
        if self.central not in self.sset:
            raise JnjpError(f"unknown scenario {self.central!r}; the scenario file has {list(self.sset)}")

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """:func:`scenarios.compliance_table` of every scenario (all prefectures and the region)."""
        return scenarios.compliance_table(self.sset, plan=self.plan)

    @cached_property
    def kinds_section(self) -> kinds_view.KindsSection:
        """Every unit's targets by kind and the target-year result (:class:`kinds_view.KindsSection`)."""
        return kinds_view.KindsSection(None, self.lang, self.record_path, plan=self.plan)

    def shows(self, key: str) -> bool:
        """Whether the overview has a section its plan's kinds call for.

        Parameters
        ----------
        key : str
            ``"kinds"``, ``"result"`` (see :meth:`Briefing.shows`), or ``"annex2"`` / ``"pollutants"``
            (the plan caps pollutants).

        Returns
        -------
        bool
            True where the section is drawn.

        Raises
        ------
        KeyError
            For another key.
        """
        caps = bool(self.plan.pollutants)
        return {"kinds": self.kinds_section.shows(), "result": self.kinds_section.shows_result(),
                "annex2": caps, "pollutants": caps}[key]

    @cached_property
    def monte_carlo(self) -> scenarios.MonteCarloResult:
        """The seeded Monte Carlo around the central scenario, every unit (computed once per page): its
        probabilities only (the overview draws no fan chart), so the page holds no draw's path however
        many units the plan has."""
        return scenarios.monte_carlo(self.n_draws, seed=self.seed, scenario=self.sset[self.central], plan=self.plan,
                                     quantile_draws=0)

    @cached_property
    def warning_section(self) -> record_view.WarningSection:
        """The early-warning list and annual assessment from the record (:class:`record_view.WarningSection`)."""
        return record_view.WarningSection(self.lang, self.record_path, plan=self.plan)

    def warning_summary(self) -> str:
        """The warning section's text.

        Returns
        -------
        str
            Markdown: which record, how many units could be rated and whether any is warned, and the
            region's ceiling.
        """
        return self.warning_section.summary()

    def warning_table(self) -> pd.DataFrame | None:
        """The early-warning list (clause 二十三).

        Returns
        -------
        pandas.DataFrame or None
            One row per warned unit, labels in the page's language: unit, years warned, worst light, why
            and growth basis; None if no unit is warned.
        """
        return self.warning_section.warning_table()

    def assessment_table(self) -> pd.DataFrame:
        """The annual assessment (clause 二十).

        Returns
        -------
        pandas.DataFrame
            Units × plan years, the light of each (one column per plan year).
        """
        return self.warning_section.assessment_table()

    def assessment_intro(self) -> str:
        """The text that introduces the annual assessment.

        Returns
        -------
        str
            Markdown text.
        """
        return self._md("assess_intro", self.lang)

    def assessment_reasons(self) -> str:
        """Clause (二十)'s reasons: every light that is not green, by year, with why.

        Returns
        -------
        str
            A Markdown list under its lead-in; "" if every light is green.
        """
        return self.warning_section.reasons()

    def record_warnings(self) -> str:
        """Every warning the record's checks raised, for all units.

        Returns
        -------
        str
            A Markdown list under its lead-in; "" if there is none.
        """
        return self.warning_section.record_warnings()

    def fig_record(self):
        """The region's record chart (:func:`charts.record_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            What the targets allowed at the growth that happened, the cap's path and observed
            consumption, in 10^4 tce by year.
        """
        return self.warning_section.region.figure()

    def record_caption(self) -> str:
        """Caption under the region's record chart.

        Returns
        -------
        str
            One italic Markdown line.
        """
        return self.warning_section.region.caption()

    def record_alt(self) -> str:
        """Alt text of the region's record chart.

        Returns
        -------
        str
            Plain text with the region's target-year ceiling and cap (10^4 tce), or saying there is none.
        """
        return self.warning_section.region.alt()

    def title(self) -> str:
        """The overview's title.

        Returns
        -------
        str
            The title text.
        """
        return self._md("overview_title", self.lang)

    def heading(self, key: str) -> str:
        """A section heading of the overview.

        Parameters
        ----------
        key : str
            The section's key, e.g. ``"regional"``, ``"reconcile"``, ``"warning"`` or ``"mc"`` (the
            label ``h_overview_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            A Markdown level-2 heading, ``"## …"``.

        Raises
        ------
        KeyError
            For a key without an ``h_overview_<key>`` label.

        The sections that show scenarios' numbers (:data:`OVERVIEW_SCENARIO_SECTIONS`) say, under their
        heading, which of them is a placeholder (:func:`placeholder_notes`).
        """
        head = "## " + self._md(f"h_overview_{key}", self.lang)
        note = placeholder_notes(self, self.sset, self.lang) if key in OVERVIEW_SCENARIO_SECTIONS else ""
        return head + ("\n\n" + note if note else "")

    def annex1(self) -> pd.DataFrame:
        """The plan's annex 1 (energy targets by prefecture), with the even pace and the implied growth.

        Returns
        -------
        pandas.DataFrame
            One row per prefecture, labels in the page's language: prefecture, intensity cut (%), base-year
            energy, allowed increment and target-year cap (10^4 tce), even annual pace and implied GDP growth
            (%/yr).
        """
        e = self.plan.energy_targets()
        return pd.DataFrame({
            self._t("prefecture", self.lang): [self.plan.name(s, self.lang) for s in e["prefecture"]],
            self._t("lbl_intensity_cut_2", self.lang): [f"{x:g}" for x in e["intensity_cut_pct"]],
            self._t("lbl_base_energy_10_4_tce", self.lang): [f"{x:g}" for x in e["energy_base_10k_tce"]],
            self._t("lbl_increment_10_4_tce", self.lang): [f"{x:g}" for x in e["increment_10k_tce"]],
            self._t("lbl_target_cap_10_4_tce", self.lang): [f"{x:g}" for x in e["cap_target_10k_tce"]],
            self._t("lbl_even_pace", self.lang): [f"{100 * trajectory.even_annual_cut(x, years=self.plan.T):.2f}%" for x in e["intensity_cut"]],
            self._t("lbl_implied_growth", self.lang): [f"{100 * trajectory.implied_gdp_growth(self.plan.targets(s)):.2f}%"
                                                  for s in e["prefecture"]],
        })

    def annex2(self) -> pd.DataFrame:
        """The plan's pollutant table (target-year caps by unit).

        Returns
        -------
        pandas.DataFrame
            One row per prefecture: its name and one column per pollutant, the cap in 10^4 t (three
            decimals).
        """
        c = self.plan.pollutant_caps()
        w = c.pivot(index="prefecture", columns="pollutant", values="cap_target_10k_t").loc[list(self.plan.slugs)]
        out = pd.DataFrame({self._t("prefecture"): [self.plan.name(s, self.lang) for s in w.index]})
        for pol in self.plan.pollutants:
            out[pollutant_label(self.plan, pol.slug, self.lang)] = [f"{x:.3f}" for x in w[pol.slug]]
        return out

    def regional(self) -> pd.DataFrame:
        """The plan's regional targets, as the catalogue quotes them.

        Returns
        -------
        pandas.DataFrame
            One row per target, labels in the page's language: clause, indicator, scope, value ("–" if
            none), unit and the quoted sentence.
        """
        r = targets.regional_targets(plan=self.plan)
        return pd.DataFrame({
            self._t("lbl_clause", self.lang): r["clause"],
            self._t("lbl_indicator", self.lang): r[{"zh": "indicator_zh", "en": "indicator"}[self.lang]],  # the catalogue is bilingual
            self._t("lbl_scope", self.lang): [self._t(f"scope_{x}", self.lang) for x in r["scope"]],
            self._t("lbl_value_2", self.lang): ["–" if math.isnan(v) else f"{v:g}" for v in r["value"]],
            self._t("lbl_unit", self.lang): [self._t(f"unit_{x}", self.lang) for x in r["unit"]],
            self._t("lbl_quote", self.lang): r["quote"],
        })

    def _recon_label(self, check: str) -> str:
        """A reconciliation check's label: i18n ``recon_<check>``, else (a pollutant no label names) the
        plan's name of the pollutant and the words for its target-year cap."""
        from jnjp_analysis.i18n import has

        if has(f"recon_{check}") or not check.endswith("_cap_sum"):
            return self._t(f"recon_{check}", self.lang)
        return self._t("recon_pollutant_cap_sum", self.lang,
                       pollutant=self.plan.pollutant(check[: -len("_cap_sum")]).label(self.lang))

    def reconciliation(self) -> pd.DataFrame:
        """The annexes' prefecture sums against the regional targets.

        Returns
        -------
        pandas.DataFrame
            One row per check, labels in the page's language: check, unit, prefecture sum, regional
            value, difference (signed) and status.
        """
        r = targets.reconcile(plan=self.plan)
        return pd.DataFrame({
            self._t("lbl_check", self.lang): [self._recon_label(c) for c in r["check"]],
            self._t("lbl_unit", self.lang): [self._t(f"unit_{x}", self.lang) for x in r["unit"]],
            self._t("lbl_prefecture_sum", self.lang): [f"{x:g}" for x in r["prefecture_sum"]],
            self._t("lbl_regional", self.lang): ["–" if math.isnan(x) else f"{x:g}" for x in r["regional"]],
            self._t("lbl_difference", self.lang): ["–" if math.isnan(x) else f"{x:+g}" for x in r["difference"]],
            self._t("lbl_status", self.lang): [self._t(f"status_{x}", self.lang) for x in r["status"]],
        })

    def scenario_table(self) -> pd.DataFrame:
        """Every scenario's target-year outcome in every prefecture and the region.

        Returns
        -------
        pandas.DataFrame
            One row per scenario × unit, labels and formatted values in the page's language: scenario,
            unit (or the region), target-year energy (10^4 tce), cumulative intensity cut (%), the binding
            control and the target-year headroom (10^4 tce; negative = over).
        """
        L = self.lang
        c = self.compliance
        out = pd.DataFrame({
            self._t("scenario", L): [scenario_label(s, L) for s in c["scenario"]],
            self._t("prefecture", L): [self._t("region", L) if p == scenarios.REGION else self.plan.name(p, L)
                               for p in c["prefecture"]],
            self._t("lbl_energy_target_10_4_tce", self.lang): [_fmt(x, 1) for x in c["energy_target_10k_tce"]],
            self._t("lbl_intensity_cut", self.lang): [_fmt(x, 2, pct=True) for x in c["cumulative_cut"]],
            self._t("lbl_binding", self.lang): [self._t(f"bind_{b}", L) for b in c["binding"]],
            self._t("lbl_headroom_10_4_tce", self.lang): [_fmt(x, 1) for x in c["headroom_10k_tce"]],
        })
        return out

    def mc_table(self) -> pd.DataFrame:
        """The Monte Carlo's probabilities of meeting the controls under the central scenario.

        Returns
        -------
        pandas.DataFrame
            One row per prefecture and the region: probability of meeting the intensity control, the
            cap, and both (%).
        """
        p = self.monte_carlo.probabilities
        out = pd.DataFrame({
            self._t("prefecture", self.lang): [self._t("region") if s == scenarios.REGION else self.plan.name(s, self.lang)
                                         for s in p["prefecture"]],
            self._t("lbl_p_intensity_met", self.lang): [_fmt(x, 1, pct=True) for x in p["p_intensity"]],
            self._t("lbl_p_cap_met", self.lang): [_fmt(x, 1, pct=True) for x in p["p_cap"]],
            self._t("lbl_p_both_met", self.lang): [_fmt(x, 1, pct=True) for x in p["p_both"]],
        })
        if "p_double_control" in p:  # a plan with an incentive level and the total's exemption
            out[self._t("lbl_p_incentive_met", self.lang)] = [_fmt(x, 1, pct=True) for x in p["p_incentive"]]
            out[self._t("lbl_p_double_control_met", self.lang)] = [_fmt(x, 1, pct=True) for x in p["p_double_control"]]
        return out

    def notes(self) -> str:
        """The notes at the end of the overview.

        Returns
        -------
        str
            Markdown text, with the sum of the units' target-year caps (10^4 tce).
        """
        cap = targets.reconcile(plan=self.plan).set_index("check").loc["cap_target_sum", "prefecture_sum"]
        return self._md("overview_notes", self.lang, cap=f"{cap:g}")

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """Every chart's and table's numbers, units in the column names (for the data bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
            ``table_annex1``, ``table_annex2``, ``table_regional_targets``, ``table_reconciliation``,
            ``chart_implied_growth`` (%), ``chart_pollutant_shares`` (10^4 t and %), ``chart_compliance``,
            ``table_monte_carlo`` (probabilities, fractions), and the warning section's
            ``early_warning`` and ``assessment_<year>`` tables.
        """
        return {
            "table_annex1": self.plan.energy_targets().drop(columns=["source_line"]),
            **({"table_annex2": self.plan.pollutant_caps().drop(columns=["source_line"])} if self.plan.pollutants else {}),
            "table_regional_targets": targets.regional_targets(plan=self.plan),
            "table_reconciliation": targets.reconcile(plan=self.plan),
            "chart_implied_growth": _implied_growth_table(self.plan),
            **({"chart_pollutant_shares": _pollutant_shares_table(self.plan)} if self.plan.pollutants else {}),
            "chart_compliance": self.compliance,
            "table_monte_carlo": self.monte_carlo.probabilities,
            **self.warning_section.data_tables(),
            **self.kinds_section.data_tables(),
        }

    def data_bundle(self) -> dict:
        """The data bundle the build writes beside the page (see :func:`jnjp_analysis.reports.write_bundle`).

        Returns
        -------
        dict
            ``tables`` (:meth:`data_tables` as CSV text, by name), ``key_figures`` (None: the overview has
            none) and ``provenance`` (:func:`bundle_provenance`).
        """
        return {"tables": {k: table_csv(v) for k, v in self.data_tables().items()},
                "key_figures": None,
                "provenance": bundle_provenance(self.scenario_file, self.record_path, self.seed, self.n_draws,
                                                plan=self.plan)}

    def bundle_link(self) -> str:
        """The line that links the page's data bundle.

        Returns
        -------
        str
            Markdown text with a link to ``overview_<lang>_data.zip``.
        """
        return self._md("bundle_link", self.lang, file=f"overview_{self.lang}_data.zip")

    @cached_property
    def _chart_numbers(self) -> dict:
        g = {p.slug: 100 * trajectory.implied_gdp_growth(self.plan.targets(p.slug)) for p in self.plan.units}
        lo, hi = min(g, key=lambda k: g[k]), max(g, key=lambda k: g[k])
        c = self.compliance[self.compliance["prefecture"] != scenarios.REGION]
        return dict(lo=f"{g[lo]:.1f}", hi=f"{g[hi]:.1f}", lo_name=self.plan.name(lo, self.lang),
                    hi_name=self.plan.name(hi, self.lang), n_both=int((c["intensity_met"] & c["cap_met"]).sum()),
                    n=len(c), items=_share_items(self.plan, Briefing._pollutant_sum_shares(self.plan), self.lang))

    def caption(self, key: str) -> str:
        """One line under a chart: what it shows.

        Parameters
        ----------
        key : str
            The chart's key: ``"implied"``, ``"pollutants"`` or ``"compliance"`` (the label ``cap_<key>``
            in :mod:`i18n`).

        Returns
        -------
        str
            One italic Markdown line, with the chart's numbers filled in.

        Raises
        ------
        KeyError
            For a key without a ``cap_<key>`` label.
        """
        return "*" + self._md(f"cap_{key}", **{k: escape(v) if isinstance(v, str) else v for k, v in self._chart_numbers.items()}) + "*"

    def alt(self, key: str) -> str:
        """The chart's alt text: what it shows and its main numbers.

        Parameters
        ----------
        key : str
            The chart's key: ``"implied"``, ``"pollutants"`` or ``"compliance"`` (the label ``alt_<key>``
            in :mod:`i18n`).

        Returns
        -------
        str
            Plain text.

        Raises
        ------
        KeyError
            For a key without an ``alt_<key>`` label.
        """
        return self._t(f"alt_{key}", **self._chart_numbers)

    def fig_implied(self):
        """The implied-growth chart (:func:`charts.implied_growth_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Each prefecture's implied GDP growth (%/yr).
        """
        return charts.implied_growth_chart(self.lang, plan=self.plan)

    def fig_pollutants(self):
        """The pollutant caps chart (:func:`charts.pollutant_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Each unit's target-year cap in % of the regional cap, per pollutant.
        """
        return charts.pollutant_chart(self.lang, plan=self.plan)

    def fig_compliance(self):
        """The compliance grid of every scenario (:func:`charts.compliance_chart`).

        Returns
        -------
        matplotlib.figure.Figure
            Which controls each scenario meets in each unit in the target year.
        """
        return charts.compliance_chart(self.compliance, self.lang, plan=self.plan)
