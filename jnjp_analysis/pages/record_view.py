"""What the pages show of a record: the "Record" section of a briefing and the overview's
early-warning list and annual assessment. Words in :mod:`jnjp_analysis.i18n`, numbers from
:mod:`jnjp_analysis.assessment`; text from a user's file is escaped (:func:`display.escape`)."""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from jnjp_analysis.config import DEFAULT_PLAN, TOL
from jnjp_analysis.pages import words
from jnjp_analysis.pages.display import PlanText, cites_shipped_paths, escape, fmt, pacing_rule
from jnjp_analysis.pages.words import finding_text
from jnjp_analysis.plan.definition import REGION, Plan
from jnjp_analysis.records import assessment, decomposition, warning
from jnjp_analysis.records.record import Record
from jnjp_analysis.records.schema import Indicator, find_shipped_record, indicators, unit_keys, unit_name
from jnjp_analysis.records.store import load as load_record

PlanArg = Plan | str | os.PathLike | None

# a recorded consumption above the cap, by how the intensity target stood that year (RecordSection._cap_breach)
CAP_BREACH_KEYS = {"both": "rec_cap_exceeded", "cap_only": "rec_cap_exceeded_intensity_met",
                   "cap_unknown": "rec_cap_exceeded_intensity_unknown"}


def _pct(x: float, nd: int = 1) -> str:
    """100·x without the '%' (the texts put the unit, e.g. "%/yr")."""
    return fmt(x, nd, pct=True).rstrip("%")


def verdict_words(page: PlanText, v: Any, lang: str, name: str) -> tuple[str, str]:
    """A pacing verdict (:func:`pacing.verdict`) as a page states it: the verdict with the trigger(s)
    that made it front-loose, back-tight (its ``triggers`` codes), and a sentence where the total's
    trigger was set aside by the plan's exemption at the incentive level ("" where not)."""
    verdict = page._md(f"verdict_{v['verdict']}", lang)
    triggers = tuple(v.get("triggers") or ())
    if triggers:
        verdict = page._md("verdict_with_triggers", lang, verdict=verdict,
                          triggers=page._md("semi_sep", lang).join(page._md(f"trigger_{c}", lang) for c in triggers))
    note = page._md("verdict_total_exempt", lang, name=escape(name)) if v.get("cap_front_loose_exempt") else ""
    return verdict, note


def _value_text(ind: Indicator, v: float) -> str:
    return fmt(v, pct=True) if ind.kind == "fraction" else f"{v:g}"


@dataclass
class RecordSection(PlanText):
    """The record as one unit's page shows it (``unit``: "region" or a unit slug).

    Attributes
    ----------
    unit : str
        ``"region"`` or a unit slug.
    lang : str
        ``"zh"`` or ``"en"``: the language of every text and table.
    record_path : str or None
        The record file; None for the shipped record. Loaded with the shipped record's values added
        (:func:`~jnjp_analysis.records.store.load`, ``with_shipped=True``).
    plan : Plan, str, path-like or None
        The plan (None for the default); loaded into a :class:`Plan` on construction.
    """

    unit: str
    lang: str = "zh"
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)

    @cached_property
    def record(self) -> Record:
        """The validated record, with the shipped record's values the file does not have."""
        return load_record(self.record_path, with_shipped=True, plan=self.plan)

    @cached_property
    def name(self) -> str:
        """The unit's name in ``lang``."""
        return unit_name(self.unit, self.lang, plan=self.plan)

    @cached_property
    def ceilings(self) -> pd.DataFrame:
        """:func:`assessment.ceilings` of the unit (every table, text and chart here reads this one)."""
        return assessment.ceilings(self.record, self.unit, plan=self.plan)

    @cached_property
    def ceiling(self) -> dict | None:
        """:func:`assessment.ceiling_target` of the unit (10^4 tce), or None if no growth is known."""
        return assessment.ceiling_target(self.record, self.unit, plan=self.plan)

    @cached_property
    def pacing(self) -> dict:
        """:func:`assessment.observed_pacing` of the unit."""
        return assessment.observed_pacing(self.record, self.unit, plan=self.plan)

    @cached_property
    def lmdi(self) -> pd.DataFrame:
        """:func:`decomposition.lmdi` of the unit (10^4 tce)."""
        return decomposition.lmdi(self.record, self.unit, plan=self.plan)

    @cached_property
    def uses_proxy(self) -> bool:
        """Whether the region's growth stands in for the unit's anywhere in the ceilings (a carbon-led plan
        has no ceilings: False)."""
        if not self.plan.has_energy_intensity:
            return False
        c = self.ceilings
        used = (c["growth_basis"] == assessment.PROXY).any() or c.attrs["average_basis"] == assessment.PROXY
        return bool(used)

    # -- words ---------------------------------------------------------------------------------
    def _shipped_name(self) -> str:
        """The shipped record's path as the pages cite it, ``data/plans/<plan>/records/<file>``."""
        f = find_shipped_record(self.plan)
        if f is None:
            return "–"
        if cites_shipped_paths(self.plan):  # a plan shipped with the package
            return f"data/plans/{self.plan.id}/records/{escape(f.name)}"
        return f"records/{escape(f.name)}"  # a user's plan folder: the path inside it

    def _file_line(self) -> str:
        n = len(self.record.values())
        if self.record.shipped:
            shipped = cites_shipped_paths(self.plan)
            return self._md("rec_file_shipped" if shipped else "rec_file_package", self.lang, n=n, shipped=self._shipped_name())
        line = self._md("rec_file_user", self.lang, file=escape(Path(self.record.path).name), n=n - self.record.added_from_shipped)
        if self.record.added_from_shipped:
            line += " " + self._md("rec_file_plus_shipped", self.lang, m=self.record.added_from_shipped)
        return line

    def _known_missing(self) -> tuple[str, str]:
        L = self.lang
        cov = assessment.coverage(self.record, self.unit, plan=self.plan)
        inds = indicators(plan=self.plan)
        known, missing = [], []
        sep = self._md("semi_sep", L)
        for name, row in cov.iterrows():
            ind = inds[name]
            years = [y for y in cov.columns if not math.isnan(row[y])]
            first = ind.first_year or self.plan.base_year
            span = [y for y in cov.columns if y >= first]
            if ind.cumulative:  # a value over the period (the average growth, the carbon change): the target year's
                span = [self.plan.target_year]
            if years:
                vals = ", ".join(f"{y}: {_value_text(ind, row[y])}" for y in years)
                known.append(f"{escape(ind.label(L))} ({vals})")
            lacking = [y for y in span if y not in years]
            if lacking and not years:
                missing.append(self._md("rec_missing_all_years", L, label=escape(ind.label(L))))
            elif lacking:
                missing.append(self._md("rec_missing_years", L, label=escape(ind.label(L)), years=", ".join(map(str, lacking))))
        if not known:
            return self._md("rec_known_none", L, name=escape(self.name)), self._md("rec_missing_everything", L, n=len(inds))
        return self._md("rec_known", L, items=sep.join(known)), self._md("rec_missing", L, items=sep.join(missing))

    def _ceiling_text(self) -> str:
        L = self.lang
        if not self.plan.has_numeric_total:  # no base: no ceiling in 10^4 tce (not "no growth")
            return self._md("rec_no_base", L)
        c = self.ceiling
        if c is None:
            known = self.ceilings
            known = known[known["ceiling_10k_tce"].notna()]
            if known.empty:
                return self._md("rec_no_growth", L)
            en = self.record.series(self.unit, "energy_10k_tce")
            items = self._md("comma_sep", L).join(
                self._md("rec_ceiling_year", L, year=int(r.year), v=fmt(r.ceiling_10k_tce))
                + (self._md("rec_ceiling_observed", L, e=fmt(en[r.year])) if r.year in en.index else "")
                for r in known.itertuples())
            proxy = self._md("rec_proxy_mark", L) if (known["growth_basis"] == assessment.PROXY).any() else ""
            return self._md("rec_ceiling_partial", L, name=escape(self.name), items=items, proxy=proxy)
        over = self._cap_breach()
        if over is not None:  # "the cap never bound" would contradict the record beside it
            code, year, e, allow = over
            nd = 2 if fmt(e) == fmt(allow) else 1  # two numbers that differ are never printed alike
            bind = self._md(CAP_BREACH_KEYS[code], L, year=year, e=fmt(e, nd), cap=f"{c['cap_target_10k_tce']:g}",
                           allow=fmt(allow, nd))
        else:
            bind = self._md("rec_bind_intensity" if c["binding"] == "intensity" else "rec_bind_cap", L,
                     gi=_pct(c["implied_growth"], 2))
        # a range only where there is one: the period average's rounding (an annual series has none)
        rng = (self._md("rec_ceiling_range", L, lo=fmt(c["low_10k_tce"]), hi=fmt(c["high_10k_tce"]))
               if c["basis"] == "period average" else "")
        return self._md("rec_ceiling", L, basis=self._md("rec_basis_period" if c["basis"] == "period average" else "rec_basis_annual", L),
                 g=_pct(c["growth_avg"]), proxy=self._md("rec_proxy_mark", L) if c["growth_basis"] == assessment.PROXY else "",
                 name=escape(self.name), ceil=fmt(c["ceiling_10k_tce"]), range=rng,
                 cmp=self._md("rec_under" if c["ceiling_10k_tce"] < c["cap_target_10k_tce"] else "rec_over", L),
                 cap=f"{c['cap_target_10k_tce']:g}", bind=bind)

    def _cap_breach(self) -> tuple[str, int, float, float] | None:
        """Whether a recorded consumption of a plan year is above the unit's cap, and how the
        intensity target stood that year: ``(code, year, consumption, allowance)`` with ``code`` a key
        of :data:`CAP_BREACH_KEYS` — ``"both"`` for the first year above both the cap and what the
        intensity target allowed at the growth that happened (:func:`assessment.ceilings`), else
        ``"cap_only"`` (above the cap, within the allowance) or ``"cap_unknown"`` (the allowance of
        that year unknown) for the first year above the cap; None where no year is above the cap."""
        c = self.ceilings
        cap = c.attrs["cap_target_10k_tce"]
        allowed = dict(zip(c["year"].astype(int), c["ceiling_10k_tce"].astype(float)))
        ct = self.ceiling
        if ct is not None and math.isnan(allowed.get(self.plan.target_year, math.nan)):
            allowed[self.plan.target_year] = float(ct["high_10k_tce"])  # the period average's (its upper bound)
        en = self.record.series(self.unit, "energy_10k_tce")
        en = en[en.index > self.plan.base_year]  # the plan years: the base year's value is not the plan's (a warning says so)
        over = en[en > cap + TOL]
        first: tuple[str, int, float, float] | None = None
        for y, e in over.items():
            allow = allowed.get(int(y), math.nan)
            code = "cap_unknown" if math.isnan(allow) else "both" if e > allow + TOL else "cap_only"
            if code == "both":
                return code, int(y), float(e), allow
            first = first or (code, int(y), float(e), allow)
        return first

    def _pacing_text(self) -> str:
        L = self.lang
        p = self.pacing
        if p["table"] is None:
            # the commands for this plan: without --plan they would write the default plan's form
            opt = "" if self.plan.id == DEFAULT_PLAN else f" --plan {self.plan.id}"
            rule = pacing_rule(self.plan)
            return self._md("rec_no_energy", L, name=escape(self.name), plan_opt=opt,
                            rule=self._md(f"rule_name_{rule}", L), the_rule=self._md(f"the_rule_{rule}", L))
        tab, v = p["table"], p["verdict"]
        lights = ", ".join(f"{y} {self._md(f'lightw_{c}', L)}" for y, c in zip(tab["year"], tab["light"]))
        verdict, exempt_note = verdict_words(self, v, L, self.name)
        last = int(tab["year"].iloc[-1])
        tail = [exempt_note] if exempt_note else []
        if v.get("implausible_from") is not None:
            tail.append(self._md("rec_implausible", L, year=v["implausible_from"]))
        if "target_met" in v and last == self.plan.target_year:
            tail.append(self._md("rec_met" if v["target_met"] else "rec_missed", L))
        elif last < self.plan.target_year:
            later = self._last_recorded_year()
            if later > last:  # the run of rateable years stops at a gap, not where the record ends
                tail.append(self._md("rec_open_gap", L, year=last, missing=last + 1, last=later))
            else:
                tail.append(self._md("rec_open", L, year=last))
        if p["basis"] == assessment.PROXY:
            tail.append(self._md("rec_proxy_pacing", L))
        return self._md("rec_lights", L, lights=lights, verdict=verdict, tail=" ".join(tail),
                        rule=self._md(f"rule_name_{pacing_rule(self.plan)}", L))

    def _last_recorded_year(self) -> int:
        """The latest year with energy or an intensity change for the unit (0 if none)."""
        years = [int(y) for n in ("energy_10k_tce", "intensity_change")
                 for y in self.record.series(self.unit, n).index]
        return max(years, default=0)

    def _lmdi_text(self) -> str | None:
        d = self.lmdi
        if d.empty:
            return None
        r = d.iloc[-1]
        return self._md("rec_lmdi", self.lang, year=int(r["year"]), change=f"{r['change_10k_tce']:+.1f}",
                 act=f"{r['activity_10k_tce']:+.1f}", inten=f"{r['intensity_10k_tce']:+.1f}",
                 proxy=self._md("rec_proxy_mark", self.lang) if r["growth_basis"] == assessment.PROXY else "")

    def summary(self) -> str:
        """The section's text: context, which record, what is known and missing, the ceiling, the
        observed pacing (or why there is none), LMDI, and the record's warnings for this unit.

        Returns
        -------
        str
            Markdown paragraphs in ``lang``; text from the record's file escaped.
        """
        L = self.lang
        known, missing = self._known_missing()
        parts = [self._md("rec_context", L), self._file_line(), known, missing]
        if not self.plan.has_energy_intensity:  # carbon led: no energy ceiling, pacing or decomposition
            parts.append(self._md("rec_carbon_led", L))
        elif self.uses_proxy and self.unit != REGION:
            own = not self.record.series(self.unit, "gdp_growth").empty or \
                not self.record.series(self.unit, "gdp_growth_avg").empty
            parts.append(self._md("rec_proxy_partial" if own else "rec_proxy", L, name=escape(self.name)))
        if self.plan.has_energy_intensity:
            parts += [self._ceiling_text(), self._pacing_text()]
            lm = self._lmdi_text()
            if lm:
                parts.append(lm)
        ws = self.record.warnings_for(self.unit)
        if ws:
            parts.append(self._md("rec_warnings", L) + "\n\n" + "\n".join(f"- {escape(finding_text(w, L, plan=self.plan))}" for w in ws))
        return "\n\n".join(parts)

    # -- the chart ---------------------------------------------------------------------------------
    @property
    def has_chart(self) -> bool:
        """Whether the section has its chart and its table of ceilings: consumption in 10^4 tce needs
        the plan's base-year consumption (a plan whose total is stated in words or not at all has none),
        and the ceilings an energy-intensity target (a carbon-led plan has none)."""
        return self.plan.has_numeric_total and self.plan.has_energy_intensity

    @property
    def has_lights(self) -> bool:
        """Whether the section has its observed lights (chart and table): an energy-intensity target and
        a rateable series."""
        return self.plan.has_energy_intensity and self.pacing["table"] is not None

    @cached_property
    def chart_frame(self) -> pd.DataFrame:
        """Every number :meth:`figure` draws, per year (:func:`charts.record_frame`; the data bundle's ``chart_record``)."""
        from jnjp_analysis.pages import charts

        return charts.record_frame(self.ceilings, self.ceiling, self.record.series(self.unit, "energy_10k_tce"), plan=self.plan)

    def figure(self):
        """The chart of what the targets allowed at the growth that happened, beside the recorded consumption.

        Returns
        -------
        matplotlib.figure.Figure
            :func:`charts.record_chart_from` of :attr:`chart_frame`: the ceilings, the target-year ceiling and the
            recorded consumption (10^4 tce).
        """
        from jnjp_analysis.pages import charts

        return charts.record_chart_from(self.chart_frame, self.name, self.lang, plan=self.plan)

    def lights_figure(self):
        """The observed lights (as the scenario pacing chart), or None without a rateable series.

        Returns
        -------
        matplotlib.figure.Figure or None
            :func:`charts.pacing_chart` of the observed pacing table (the data bundle's ``record_pacing``);
            None if there is none.
        """
        from jnjp_analysis.pages import charts

        if not self.has_lights:
            return None
        return charts.pacing_chart(self.data_tables()["record_pacing"], self.unit, "record", self.lang, name=self.name,
                                   plan=self.plan)

    def lights_alt(self) -> str:
        """The alternative text of :meth:`lights_figure`: each rated year and its light.

        Returns
        -------
        str
            Plain text in ``lang`` (no lights listed if the unit has no rateable series).
        """
        tab = self.pacing["table"]
        lights = "" if tab is None else self._t("comma_sep", self.lang).join(
            f"{y} {self._t(f'lightw_{c}', self.lang)}" for y, c in zip(tab["year"], tab["light"]))
        return self._t("alt_record_lights", self.lang, name=self.name, lights=lights)

    def lights_caption(self) -> str:
        """The caption of :meth:`lights_figure`.

        Returns
        -------
        str
            Markdown in ``lang``, in italics.
        """
        key = "cap_record_lights" if pacing_rule(self.plan) == "barometer_2020" else "cap_record_lights_even"
        return "*" + self._md(key, self.lang) + "*"

    def caption(self) -> str:
        """The caption of :meth:`figure`: the growth's basis (the record or the region's as a proxy), the range.

        Returns
        -------
        str
            Markdown in ``lang``, in italics; a different caption where no growth is known.
        """
        L = self.lang
        c = self.ceiling
        if c is None and self.ceilings["ceiling_10k_tce"].isna().all():
            return "*" + self._md("cap_record_nogrowth", L) + "*"
        gb = self._md("basis_proxy" if c and c["growth_basis"] == assessment.PROXY else "basis_record", L)
        rng = self._md("cap_record_range", L) if c and c["basis"] == "period average" else ""
        return "*" + self._md("cap_record", L, gbasis=gb, range=rng) + "*"

    def alt(self) -> str:
        """The alternative text of :meth:`figure`: the target-year ceiling against the cap.

        Returns
        -------
        str
            Plain text in ``lang`` (10^4 tce), or the sentence for a unit without a ceiling.
        """
        c = self.ceiling
        if c is None:
            return self._t("alt_record_none", self.lang, name=self.name)
        return self._t("alt_record", self.lang, name=self.name, ceil=fmt(c["ceiling_10k_tce"]), cap=f"{self.ceilings.attrs['cap_target_10k_tce']:g}")

    # -- tables --------------------------------------------------------------------------------
    def _source_rows(self) -> pd.DataFrame:
        v = self.record.values()
        units = [self.unit] + ([REGION] if self.uses_proxy and self.unit != REGION else [])
        return v[v["unit"].isin(units)]

    def sources(self) -> str:
        """Every value the section uses with its source, as a list (the region's growth too, where it
        stands in): value, status, title, issuer, date, URL where found, the quoted sentence.

        Returns
        -------
        str
            A Markdown list in ``lang`` under a heading (amounts with their unit, fractions as percentages;
            text from the file escaped); "" if the section uses no value.
        """
        L = self.lang
        inds = indicators(plan=self.plan)
        lines = [self._md("rec_sources_h", L)]
        for r in self._source_rows().itertuples():
            ind = inds[r.indicator]
            val = _value_text(ind, r.value) + ("" if ind.kind == "fraction" else f" {ind.unit_label(L)}")
            src = self._md("comma_sep", L).join(x for x in (r.source_title, r.source_issuer, r.source_date) if x)
            # an autolink takes no backslash escapes; the schema's uri format keeps spaces and <> out of it
            url = (f" <{html.escape(r.source_url)}>" if r.source_url.startswith(("http://", "https://")) and
                   not any(c in r.source_url for c in " <>") else escape(r.source_url))
            quote = f" “{escape(r.source_quote)}”" if r.source_quote else ""
            lines.append(f"- {escape(unit_name(r.unit, L, plan=self.plan))} {r.year}, {escape(ind.label(L))}: **{val}** "
                         f"({self._md(f'rstatus_{r.status}', L)}) — {escape(src) or self._md('rec_no_source', L)}{url}{quote}")
        if len(lines) == 1:
            return ""
        return "\n".join(lines)

    def sources_table(self) -> pd.DataFrame:
        """The values the section uses with their sources, one row each (for the data bundle).

        Returns
        -------
        pandas.DataFrame
            The record's columns (:func:`~jnjp_analysis.records.schema.columns`): ``value`` a fraction or in the indicator's unit.
        """
        return self._source_rows().drop(columns=["file", "sheet", "row"]).reset_index(drop=True)

    def ceilings_table(self) -> pd.DataFrame:
        """Per plan year: growth (and its basis), what the intensity target allowed, the cap's path;
        the target-year row from the period average where the annual series is incomplete.

        Returns
        -------
        pandas.DataFrame
            One row per plan year, formatted text: year, growth (%), its basis, the ceiling and the cap's path
            (10^4 tce); column titles in ``lang``.
        """
        L = self.lang
        c = self.ceilings
        c_target = self.ceiling
        rows = []
        for r in c.itertuples():
            ceil = r.ceiling_10k_tce
            basis = r.growth_basis
            g = fmt(r.gdp_growth, pct=True)
            if r.year == self.plan.target_year and math.isnan(ceil) and c_target is not None:
                ceil = c_target["ceiling_10k_tce"]
                g = f"{g} ({self._t('basis_period', L)} {fmt(c_target['growth_avg'], pct=True)})"
                basis = c_target["growth_basis"]
            rows.append((str(r.year), g, self._t("basis_proxy" if basis == assessment.PROXY else "basis_record", L) if basis else "–",
                         fmt(ceil), fmt(r.cap_path_10k_tce)))
        return pd.DataFrame(rows, columns=[self._t("lbl_year", L), self._t("lbl_gdp_growth_year", L), self._t("lbl_growth_basis", L),
                                           self._t("lbl_ceiling", L), self._t("lbl_cap_path", L)])

    def lights_table(self) -> pd.DataFrame | None:
        """The observed pacing table (as the scenario's pacing table), or None.

        Returns
        -------
        pandas.DataFrame or None
            One row per rated year, formatted text: the cumulative cut and the requirement (%), the consumption
            (10^4 tce) and the share of the increment used (%) where known, the light; column titles in
            ``lang``. None without a rateable series.
        """
        tab = self.pacing["table"]
        if tab is None:
            return None
        L = self.lang
        out = pd.DataFrame({self._t("lbl_year", L): tab["year"].astype(str)})
        if "cumulative_cut" in tab:
            out[self._t("lbl_cumulative_cut", L)] = [fmt(x, 2, pct=True) for x in tab["cumulative_cut"]]
            out[self._t("lbl_requirement", L)] = [fmt(x, 2, pct=True) for x in tab["requirement"]]
        if "energy_10k_tce" in tab:
            out[self._t("lbl_energy_10_4_tce", L)] = [fmt(x) for x in tab["energy_10k_tce"]]
            out[self._t("lbl_increment_used", L)] = [fmt(x, pct=True) for x in tab["increment_used_share"]]
        out[self._t("lbl_light", L)] = [self._t(f"lightw_{x}", L) for x in tab["light"]]
        return out

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """The section's numbers for the data bundle (units in column names).

        Returns
        -------
        dict of str to pandas.DataFrame
            ``record_values`` (:meth:`sources_table`), ``record_ceilings`` (:func:`assessment.ceilings`, rates as
            ``*_frac``), ``record_warnings``, and ``record_pacing`` and ``record_lmdi`` where there are any: the same
            frames at each call (the page's charts are drawn from them).
        """
        return dict(self._data_tables)

    @cached_property
    def _data_tables(self) -> dict[str, pd.DataFrame]:
        out = {"record_values": self.sources_table(),
               "record_warnings": pd.DataFrame([words.with_message(w, plan=self.plan).as_dict()
                                                for w in self.record.warnings_for(self.unit)],
                                               columns=["level", "code", "unit", "year", "indicator", "message", "hint"])}
        if not self.plan.has_energy_intensity:  # carbon led: no energy ceilings, pacing or decomposition
            return out
        out = {"record_values": out["record_values"],
               "record_ceilings": self.ceilings.rename(
                   columns={"gdp_growth": "gdp_growth_frac", "requirement": "requirement_cut_frac"}),
               "record_warnings": out["record_warnings"]}
        if self.pacing["table"] is not None:
            out["record_pacing"] = words.with_pacing_reasons(self.pacing["table"])
        if not self.lmdi.empty:
            out["record_lmdi"] = self.lmdi
        return out


@dataclass
class WarningSection(PlanText):
    """The overview's early-warning list (clause 二十三) and annual assessment (clause 二十).

    Attributes
    ----------
    lang : str
        ``"zh"`` or ``"en"``: the language of every text and table.
    record_path : str or None
        The record file; None for the shipped record (loaded as :class:`RecordSection` loads it).
    plan : Plan, str, path-like or None
        The plan (None for the default); loaded into a :class:`Plan` on construction.
    """

    lang: str = "zh"
    record_path: str | None = None
    plan: Any = None  # a Plan, a plan id or a package folder: a Plan once constructed (__post_init__)

    @cached_property
    def region(self) -> RecordSection:
        """The region's record section (its ceiling and chart lead the overview's warning section)."""
        return RecordSection(REGION, self.lang, self.record_path, plan=self.plan)

    @property
    def record(self) -> Record:
        """The validated record (the region section's)."""
        return self.region.record

    @cached_property
    def pacings(self) -> dict[str, dict]:
        """Each unit's observed pacing, computed once for the list, the assessment and the count."""
        return assessment.observed_pacings(self.record, plan=self.plan)

    @cached_property
    def warnings(self) -> pd.DataFrame:
        """:func:`warning.early_warning` of the record: the units to warn."""
        return warning.early_warning(self.record, lang=self.lang, pacings=self.pacings, plan=self.plan)

    @cached_property
    def assessments(self) -> dict[int, pd.DataFrame]:
        """:func:`assessment.assessments` of the record: plan year → every unit's light."""
        return assessment.assessments(self.record, lang=self.lang, pacings=self.pacings, plan=self.plan)

    def rated(self) -> int:
        """The number of units with a rateable observed series.

        Returns
        -------
        int
            0 to the number of units + 1 (the region and its units).
        """
        return sum(1 for p in self.pacings.values() if p["table"] is not None)

    def summary(self) -> str:
        """The section's text: context, which record, whether any unit is warned, and the region's ceiling.

        Returns
        -------
        str
            Markdown paragraphs in ``lang``.
        """
        L = self.lang
        rec = self.region
        head = [self._md("rec_context", L), rec._file_line()]
        n = self.rated()
        if n == 0:
            head.append(self._md("ew_none", L))
        elif self.warnings.empty:
            head.append(self._md("ew_clear", L, n=n))
        else:
            head.append(self._md("ew_intro", L))
        head.append(self._md("rec_region_ceiling_h", L) + rec._ceiling_text())
        return "\n\n".join(head)

    def warning_table(self) -> pd.DataFrame | None:
        """The early-warning list (clause 二十三) as the page shows it.

        Returns
        -------
        pandas.DataFrame or None
            One row per unit to warn, text in ``lang``: name, the years warned, the worst light, why, the
            growth's basis. None if no unit is warned.
        """
        w = self.warnings
        if w.empty:
            return None
        L = self.lang
        why = [words.warning_why(r, L, plan=self.plan) for r in w.itertuples()]
        return pd.DataFrame({self._t("lbl_unit_name", L): w["name"],
                             self._t("lbl_years_warned", L): [self._t("ew_years", L, years=y) if y else "–" for y in w["years"]],
                             self._t("lbl_worst_light", L): [self._t(f"lightw_{x}", L) for x in w["light"]], self._t("lbl_why", L): why,
                             self._t("lbl_basis", L): [self._t("basis_proxy" if b == assessment.PROXY else "basis_record", L) for b in w["basis"]]})

    def assessment_table(self) -> pd.DataFrame:
        """Units × plan years, the light of each (clause 二十).

        Returns
        -------
        pandas.DataFrame
            One row per unit (its name in ``lang``), one column per plan year (e.g. ``"2016"`` … ``"2020"`` for Tibet's 13th plan) holding
            the light in words.
        """
        L = self.lang
        a = self.assessments
        out = pd.DataFrame({self._t("lbl_unit_name", L): [unit_name(u, L, plan=self.plan) for u in unit_keys(self.plan)]})
        for y in self.plan.years:
            out[str(y)] = [self._t(f"lightw_{x}", L) for x in a[y]["light"]]
        return out

    def reasons(self) -> str:
        """Clause (二十)'s reasons: every light that is not green, by year, with why.

        Returns
        -------
        str
            A Markdown list in ``lang`` under a heading; "" if every rated light is green.
        """
        L = self.lang
        lines = []
        for y, tab in self.assessments.items():
            for r in tab.itertuples():
                if r.light in ("yellow", "red"):
                    why = words.reason_text(assessment.reason_codes(r, self.plan.targets(r.unit)), L, plan=self.plan)
                    lines.append("- " + self._md("assess_reason_line", L, year=y, name=escape(r.name), light=self._md(f"lightw_{r.light}", L), why=escape(why)))
        return self._md("assess_reasons", L) + "\n\n" + "\n".join(lines) if lines else ""

    def record_warnings(self) -> str:
        """Every warning the record was accepted with, as a list.

        Returns
        -------
        str
            A Markdown list in ``lang`` under a heading (text from the file escaped); "" if there is none.
        """
        ws = self.record.warnings
        if not ws:
            return ""
        return self._md("rec_warnings_all", self.lang) + "\n\n" + "\n".join(
            f"- {escape(finding_text(w, self.lang, plan=self.plan))}" for w in ws)

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """The section's numbers for the data bundle.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``early_warning`` (:func:`warning.early_warning`) and ``assessment_<year>`` for each plan year
            (:func:`assessment.assessment`).
        """
        out = {"early_warning": words.with_warning_why(self.warnings, plan=self.plan)}
        for y, tab in self.assessments.items():
            out[f"assessment_{y}"] = words.with_assessment_reasons(tab, plan=self.plan)
        return out
