"""What the region overview notebook shows: the plan's annexes and regional targets, their
reconciliation, every scenario's compliance, the Monte Carlo's probabilities and the record's
early warnings (the page's shared parts are in :mod:`.page_base`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from jnjp_analysis import scenarios
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import DEFAULT_DRAWS, DEFAULT_SEED
from jnjp_analysis.files import table_csv
from jnjp_analysis.i18n import check_lang, scenario_label
from jnjp_analysis.model import trajectory
from jnjp_analysis.pages import kinds_view, record_view, sections
from jnjp_analysis.pages.display import PlanText
from jnjp_analysis.pages.display import fmt as _fmt
from jnjp_analysis.pages.page_base import (
    OVERVIEW_SCENARIO_SECTIONS,
    bundle_provenance,
    placeholder_notes,
    pollutant_label,
    pollutant_sum_shares,
    share_items,
)
from jnjp_analysis.pages.sections import SectionPage
from jnjp_analysis.plan import catalogue as targets


@dataclass
class Overview(SectionPage, kinds_view.KindsParts, PlanText):
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
    SECTIONS = sections.OVERVIEW

    def __post_init__(self) -> None:
        check_lang(self.lang)
        super().__post_init__()  # the plan
        if not self.plan.has_numeric_total:  # its annex, implied growth, compliance and record are of a numeric total
            raise JnjpError(f"the overview needs a total-consumption control stated as a number; plan {self.plan.id!r} "
                            f"states its total {'in words' if self.plan.total_stated == 'words' else 'not at all'}: "
                            f"build the units' briefings alone (jnjp build --no-overview)")
        self.sset = scenarios.load(self.scenario_file, plan=self.plan)
        if self.central not in self.sset:
            raise JnjpError(f"unknown scenario {self.central!r}; the scenario file has {list(self.sset)}")

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """:func:`scenarios.compliance_table` of every scenario (all units and the region)."""
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
            ``"kinds"``, ``"result"`` (see :meth:`Briefing.shows`), ``"annex2"`` / ``"pollutants"``
            (the plan caps pollutants) or ``"record_chart"`` (the region's record chart: an energy-intensity cut).

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
                "annex2": caps, "pollutants": caps, "record_chart": self.warning_section.region.has_chart}[key]

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
        """The region's record chart (section ``warning_record``: :func:`charts.record_chart_from` of the
        bundle's ``chart_record``).

        Returns
        -------
        matplotlib.figure.Figure
            What the targets allowed at the growth that happened, the cap's path and observed
            consumption, in 10^4 tce by year.
        """
        return self.figure("warning_record")

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
        return self.with_provenance(self._md("overview_title", self.lang))

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
        """The plan's annex 1 (energy targets by unit), with the even pace and the implied growth.

        Returns
        -------
        pandas.DataFrame
            One row per unit, labels in the page's language: unit, intensity cut (%), base-year
            energy, allowed increment and target-year cap (10^4 tce), even annual pace and implied GDP growth
            (%/yr).
        """
        e = self.plan.energy_targets()
        return pd.DataFrame({
            self._t("prefecture", self.lang): [self.plan.name(s, self.lang) for s in e["unit"]],
            self._t("lbl_intensity_cut_2", self.lang): [f"{x:g}" for x in e["intensity_cut_pct"]],
            self._t("lbl_base_energy_10_4_tce", self.lang): [f"{x:g}" for x in e["energy_base_10k_tce"]],
            self._t("lbl_increment_10_4_tce", self.lang): [f"{x:g}" for x in e["increment_10k_tce"]],
            self._t("lbl_target_cap_10_4_tce", self.lang): [f"{x:g}" for x in e["cap_target_10k_tce"]],
            self._t("lbl_even_pace", self.lang): [f"{100 * trajectory.even_annual_cut(x, years=self.plan.T):.2f}%" for x in e["intensity_cut"]],
            self._t("lbl_implied_growth", self.lang): [f"{100 * trajectory.implied_gdp_growth(self.plan.targets(s)):.2f}%"
                                                  for s in e["unit"]],
        })

    def annex2(self) -> pd.DataFrame:
        """The plan's pollutant table (target-year caps by unit).

        Returns
        -------
        pandas.DataFrame
            One row per unit: its name and one column per pollutant, the cap in 10^4 t (three
            decimals).
        """
        c = self.plan.pollutant_caps()
        w = c.pivot(index="unit", columns="pollutant", values="cap_target_10k_t").loc[list(self.plan.slugs)]
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
        """The annexes' unit sums against the regional targets.

        Returns
        -------
        pandas.DataFrame
            One row per check, labels in the page's language: check, unit, unit sum, regional
            value, difference (signed) and status.
        """
        r = targets.reconcile(plan=self.plan)
        return pd.DataFrame({
            self._t("lbl_check", self.lang): [self._recon_label(c) for c in r["check"]],
            self._t("lbl_unit", self.lang): [self._t(f"unit_{x}", self.lang) for x in r["unit"]],
            self._t("lbl_prefecture_sum", self.lang): [f"{x:g}" for x in r["units_sum"]],
            self._t("lbl_regional", self.lang): ["–" if math.isnan(x) else f"{x:g}" for x in r["regional"]],
            self._t("lbl_difference", self.lang): ["–" if math.isnan(x) else f"{x:+g}" for x in r["difference"]],
            self._t("lbl_status", self.lang): [self._t(f"status_{x}", self.lang) for x in r["status"]],
        })

    def scenario_table(self) -> pd.DataFrame:
        """Every scenario's target-year outcome in every unit and the region.

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
                               for p in c["unit"]],
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
            One row per unit and the region: probability of meeting the intensity control, the
            cap, and both (%).
        """
        p = self.monte_carlo.probabilities
        out = pd.DataFrame({
            self._t("prefecture", self.lang): [self._t("region") if s == scenarios.REGION else self.plan.name(s, self.lang)
                                         for s in p["unit"]],
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
        cap = targets.reconcile(plan=self.plan).set_index("check").loc["cap_target_sum", "units_sum"]
        return self._md("overview_notes", self.lang, cap=f"{cap:g}")

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """Every chart's and table's numbers, units in the column names (for the data bundle).

        Returns
        -------
        dict of str to pandas.DataFrame
            The sections' frames (:data:`sections.OVERVIEW`: ``table_annex1``, ``table_annex2``,
            ``table_regional_targets``, ``table_reconciliation``, ``chart_implied_growth`` (%),
            ``chart_pollutant_shares`` (10^4 t and %), ``chart_compliance``, ``table_monte_carlo``
            (probabilities, fractions); each chart is drawn from its frame), the warning section's
            ``early_warning`` and ``assessment_<year>`` tables and the kinds section's.
        """
        return {**self.section_tables(), **self.warning_section.data_tables(), **self.kinds_section.data_tables()}

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
        c = self.compliance[self.compliance["unit"] != scenarios.REGION]
        return dict(lo=f"{g[lo]:.1f}", hi=f"{g[hi]:.1f}", lo_name=self.plan.name(lo, self.lang),
                    hi_name=self.plan.name(hi, self.lang), n_both=int((c["intensity_met"] & c["cap_met"]).sum()),
                    n=len(c), items=share_items(self.plan, pollutant_sum_shares(self.plan), self.lang))

    def fig_implied(self):
        """The implied-growth chart (:func:`charts.implied_growth_chart_from`), drawn from ``chart_implied_growth``.

        Returns
        -------
        matplotlib.figure.Figure
            Each unit's implied GDP growth (%/yr).
        """
        return self.figure("implied")

    def fig_pollutants(self):
        """The pollutant caps chart (:func:`charts.pollutant_chart_from`), drawn from ``chart_pollutant_shares``.

        Returns
        -------
        matplotlib.figure.Figure
            Each unit's target-year cap in % of the regional cap, per pollutant.
        """
        return self.figure("pollutants")

    def fig_compliance(self):
        """The compliance grid of every scenario (:func:`charts.compliance_chart`), drawn from ``chart_compliance``.

        Returns
        -------
        matplotlib.figure.Figure
            Which controls each scenario meets in each unit in the target year.
        """
        return self.figure("scenarios")
