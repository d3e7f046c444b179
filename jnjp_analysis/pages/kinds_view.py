"""What the pages show of a plan's target kinds beyond Tibet's 13th's (an incentive level of the
intensity cut and the exemption it brings, carbon targets, pollutant cuts from the base year), and the
target-year grade of every controlled indicator (:func:`jnjp_analysis.records.assessment.period_result`).

A page calls :meth:`KindsSection.shows` and :meth:`KindsSection.shows_result` and draws the sections
only where they are true: Tibet's 13th plan sets one intensity cut, one total and absolute caps, so its
pages have no targets-by-kind section, and a result section only where the record grades something (the
region's carbon intensity against the target the region was given, where that is cited).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from jnjp_analysis.pages.display import PlanText, escape, fmt
from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.plan.kinds import KINDS
from jnjp_analysis.records import assessment
from jnjp_analysis.records import core as records

ENERGY_KINDS = ("intensity_cut", "total_increment")  # the double control's: their words are the pages' own (i18n)


def _pct(x: float | None) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{round(100 * x, 4):g}%"


@dataclass
class KindsSection(PlanText):
    """The targets by kind and the target-year result, for one unit (``unit``) or all (``unit=None``).

    Attributes
    ----------
    unit : str or None
        A unit's slug, ``"region"``, or None for every unit and the region (the overview).
    lang : str
        ``"zh"`` or ``"en"``.
    record_path : str or None
        A user's record file; None for the plan's shipped record.
    plan : Plan, str, path-like or None
        The plan (loaded on construction).
    """

    unit: str | None
    lang: str = "zh"
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)

    def _units(self) -> list[str]:
        return [REGION, *self.plan.slugs] if self.unit is None else [self.unit]

    # ----------------------------------------------------------------------- targets by kind
    def shows(self) -> bool:
        """Whether the plan sets its units targets of a kind beyond an intensity cut, a total and absolute
        caps (a regional target from outside the plan's text alone, as Tibet's 13th period's carbon
        target, is shown with the result it grades, not here)."""
        unit_kinds = any(c.scope == "units" for c in self.plan.controls if c.kind not in ENERGY_KINDS)
        return bool(self.plan.has_incentive or self.plan.cut_pollutants or self.plan.reduction_pollutants or unit_kinds)

    def _kind_word(self, kind: str, key: str) -> str:
        """A word of a kind beyond the double control, from its spec (plan.kinds): ``name``, ``column`` or
        ``rule``, with the plan's base and target years."""
        zh, en = KINDS[kind].words[key]
        return (zh if self.lang == "zh" else en).format(base=self.plan.base_year, target=self.plan.target_year)

    def targets_table(self) -> pd.DataFrame:
        """The unit's (or every unit's) targets of every kind, one row per unit, labels in the page's language.

        Returns
        -------
        pandas.DataFrame
            Columns: the unit, the basic intensity cut, the incentive cut (where set), the target-year
            cap (10^4 tce, with "exempt at the incentive level" where the plan so rules), the carbon
            targets (where set) and each pollutant's cut from the base year (where set).
        """
        pl, L = self.plan, self.lang
        rows = []
        for u in self._units():
            t = pl.targets(u)
            row = {self._t("prefecture", L): pl.name(u, L) if u != REGION else self._t("region_full", L)}
            if pl.has_energy_intensity:  # a carbon-led plan has no energy-intensity column
                row[self._t("kind_col_basic", L)] = _pct(t.intensity_cut)
            if pl.has_incentive:
                row[self._t("kind_col_incentive", L)] = _pct(t.incentive_cut)
            # a total in words: its quote (a user's text: escaped where the table is shown), never a number
            cap = (f"{t.cap_target_10k_tce:g}" if t.cap_target_10k_tce is not None else
                   f"“{pl.total_words_quote}”" if pl.total_stated == "words" else "–")
            if t.total_exemption:
                cap += self._t("kind_cap_exempt_mark", L)
            if pl.has_energy_intensity or pl.total_stated == "words":
                row[self._t("kind_col_cap" if t.cap_target_10k_tce is not None else "kind_col_total_words", L)] = cap
            for c in pl.controls:  # the other kinds' targets, as their specs say (plan.kinds)
                if c.kind in ENERGY_KINDS:
                    continue
                sp = KINDS[c.kind]
                v = t.value(sp.target_attr or "")
                row[self._kind_word(c.kind, "column")] = (_pct(v) if sp.percent else "–" if v is None else f"{v:g}")
            cuts = pl.pollutant_cuts()
            for p in pl.cut_pollutants:
                v = cuts[(cuts["unit"] == u) & (cuts["pollutant"] == p.slug)]["cut_pct"]
                row[self._t("kind_col_pollutant_cut", L, pollutant=p.label(L))] = (
                    f"{float(v.iloc[0]):g}%" if len(v) else "–")
            reds = pl.pollutant_reductions()
            for p in pl.reduction_pollutants:  # the amounts the key projects remove (重点工程减排量)
                v = reds[(reds["unit"] == u) & (reds["pollutant"] == p.slug)]["reduction_10k_t"]
                row[self._t("kind_col_pollutant_reduction", L, pollutant=p.label(L))] = (
                    f"{float(v.iloc[0]):g}" if len(v) else "–")
            rows.append(row)
        return pd.DataFrame(rows)

    def rules(self) -> str:
        """The grading rule of each controlled indicator, and where a target from outside the plan's
        text comes from, as Markdown bullets in the page's language."""
        pl, L = self.plan, self.lang
        out = []
        for c in pl.controls:
            out.append("- " + self._rule(c) + self._source_text(c))
        if pl.cut_pollutants:
            out.append("- " + self._md("rule_pollutant_cut", L))
        if pl.reduction_pollutants:
            out.append("- " + self._md("rule_pollutant_reduction", L))
        return "\n".join(out)

    def _rule(self, c) -> str:
        """How a control is graded, in the page's language (the double control's from i18n, the others' from
        their specs)."""
        if c.kind not in ENERGY_KINDS:
            return self._kind_word(c.kind, "rule")
        if c.kind == "total_increment" and c.stated == "words":  # held with its quote, never graded as a number
            return self._md("total_in_words", self.lang, quote=escape(self.plan.total_words_quote or ""))
        return self._md(f"rule_{c.kind}" + ("_incentive" if c.incentive else "") + ("_exempt" if c.exemption else ""),
                        self.lang)

    def _source_text(self, c) -> str:
        """" This target is not in the plan's text; source: …" for a control from outside the text, else ""."""
        if not c.source:
            return ""
        s = c.source
        line = " " + self._md("kind_outside_source", self.lang, title=escape(s.get("title", "")),
                             issuer=escape(s.get("issuer", "")), date=escape(s.get("date", "")),
                             quote=escape(s.get("quote", "")))
        return line + (f" <{escape(s['url'])}>" if s.get("url") else "")

    # ------------------------------------------------------------------------ the result
    @cached_property
    def record(self) -> records.Record:
        """The record (the plan's shipped one, or ``record_path`` with the shipped values added)."""
        return records.load(self.record_path, plan=self.plan)

    @cached_property
    def result(self) -> pd.DataFrame:
        """:func:`assessment.period_result` of the record, the section's units only."""
        return assessment.period_result(self.record, lang=self.lang, plan=self.plan, units=self._units())

    def shows_result(self) -> bool:
        """Whether the record grades any controlled indicator of the section's units in the target year."""
        return bool((self.result["status"] != "not_rateable").any())

    def result_table(self) -> pd.DataFrame:
        """The graded rows (not the unrateable ones) in the page's language.

        Returns
        -------
        pandas.DataFrame
            Columns: unit, indicator, target (the basic level, and the incentive level where set),
            achieved, result.
        """
        L = self.lang
        rows = []
        for r in self.result.itertuples(index=False):
            if r.status == "not_rateable":
                continue
            words = r.status == "stated_in_words"  # a total in words: its quote, no number, no grade
            cut = r.kind == "pollutant_cut" or (r.kind in KINDS and KINDS[r.kind].percent)
            target = (f"“{self.plan.total_words_quote}”" if words else _pct(r.target) if cut else f"{r.target:g}")
            if cut and not math.isnan(r.incentive):
                target = self._t("kind_basic_incentive", L, basic=_pct(r.target), incentive=_pct(r.incentive))
            rows.append({self._t("prefecture", L): (self._t("region_full", L) if r.unit == REGION
                                                    else self.plan.name(r.unit, L)),
                         self._t("kind_col_indicator", L): (
                             self._t("ind_pollutant_cut", L,
                                     pollutant=self.plan.pollutant(r.indicator.removesuffix("_cut")).label(L))
                             if r.kind == "pollutant_cut" else
                             self._t("ind_pollutant_reduction", L,
                                     pollutant=self.plan.pollutant(r.indicator.removesuffix("_reduction")).label(L))
                             if r.kind == "pollutant_reduction"
                             else self._t(f"ind_{r.kind}", L) if r.kind in ENERGY_KINDS
                             else self._kind_word(r.kind, "name")),
                         self._t("kind_col_target", L): target,
                         self._t("kind_col_achieved", L): ("–" if words else _pct(r.achieved) if cut
                                                            else f"{r.achieved:g}" if r.kind == "pollutant_reduction"
                                                            else fmt(r.achieved, 1)),
                         self._t("kind_col_result", L): self._t(f"result_{r.status}", L)})
        return pd.DataFrame(rows)

    def result_sources(self) -> str:
        """The rule of each graded indicator and, for a target from outside the plan's text, its source
        (Markdown bullets; "" where nothing is graded)."""
        graded_rows = self.result[~self.result["status"].isin(("not_rateable", "stated_in_words"))]
        graded = set(graded_rows["indicator"])
        out = []
        for c in self.plan.controls:
            if c.id in graded:
                out.append("- " + self._rule(c) + self._source_text(c))
        if (graded_rows["kind"] == "pollutant_cut").any():
            out.append("- " + self._md("rule_pollutant_cut", self.lang))
        if (graded_rows["kind"] == "pollutant_reduction").any():
            out.append("- " + self._md("rule_pollutant_reduction", self.lang))
        if self.plan.total_stated == "words":  # held with its quote, never graded as a number
            out.append("- " + self._md("total_in_words", self.lang, quote=escape(self.plan.total_words_quote or "")))
        return "\n".join(out)

    def result_summary(self) -> str:
        """One sentence: how many indicators were graded in the target year, and how many could not be."""
        n = int((~self.result["status"].isin(("not_rateable", "stated_in_words"))).sum())
        m = int((self.result["status"] == "not_rateable").sum())
        return self._md("result_summary", self.lang, n=n, m=m)

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """The numbers behind the sections, for the page's data bundle (only those the page shows)."""
        out: dict[str, pd.DataFrame] = {}
        if self.shows():
            e = self.plan.energy_targets()
            keep = [c for c in ("unit", "intensity_cut_pct", "incentive_cut_pct", "cap_target_10k_tce",
                                "total_exemption") if c in e.columns]
            out["table_targets_by_kind"] = e[keep]
            if self.plan.has_carbon:
                out["table_carbon_targets"] = self.plan.carbon_targets()
            if self.plan.cut_pollutants:
                out["table_pollutant_cuts"] = self.plan.pollutant_cuts()
            if self.plan.reduction_pollutants:
                out["table_pollutant_reductions"] = self.plan.pollutant_reductions()
        if self.shows_result():
            out["table_period_result"] = self.result.drop(columns=["name"])
        return out


class KindsParts:
    """The parts of :class:`KindsSection` a page shows, on the page itself (the briefing and the
    overview both have a ``kinds_section``)."""

    @property
    def kinds_section(self) -> KindsSection:  # the page's own (a cached_property on the briefing and the overview)
        raise NotImplementedError

    def kinds_table(self) -> pd.DataFrame:
        """The targets of every kind (:meth:`KindsSection.targets_table`)."""
        return self.kinds_section.targets_table()

    def kinds_rules(self) -> str:
        """How each controlled indicator is graded (:meth:`KindsSection.rules`)."""
        return self.kinds_section.rules()

    def result_summary(self) -> str:
        """The target-year result's sentence (:meth:`KindsSection.result_summary`)."""
        return self.kinds_section.result_summary()

    def result_table(self) -> pd.DataFrame:
        """The graded indicators (:meth:`KindsSection.result_table`)."""
        return self.kinds_section.result_table()

    def result_sources(self) -> str:
        """The graded indicators' rules and outside sources (:meth:`KindsSection.result_sources`)."""
        return self.kinds_section.result_sources()
