"""A briefing's base-year statistics from a cited source (the plan package's ``statistics.csv``): a row of the
key figures table for each, their sources under the record's, and ``base_statistics`` in the key figures.

A statistic is shown as its file gives it, with its source; nothing is computed from it. A plan without
statistics (Tibet's 13th) shows nothing here: its pages do not change.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from jnjp_analysis.pages.display import escape
from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.plan.statistics import Statistic


class StatisticsParts:
    """The briefing's parts of the base-year statistics (a mixin: the page has ``plan``, ``slug``, ``lang``,
    ``_t`` and ``_md``)."""

    plan: Any
    slug: str
    lang: str

    def shown_statistics(self) -> tuple[Statistic, ...]:
        """The statistics of the page's unit, and the region's where the plan has one unit (it is the whole).

        Returns
        -------
        tuple of Statistic
            In the file's order; empty for a plan without ``statistics.csv``.
        """
        one = len(self.plan.units) == 1
        return tuple(s for s in self.plan.statistics if s.unit == self.slug or (one and s.unit == REGION))

    def base_statistics_figures(self) -> dict:
        """``{"base_statistics": {indicator: value}}`` where the page shows statistics, else ``{}``.

        Returns
        -------
        dict
            What the key figures gain (values in the indicator's unit, as the file gives them).
        """
        shown = self.shown_statistics()
        return {"base_statistics": {s.indicator: s.value for s in shown}} if shown else {}

    def _value(self, s: Statistic) -> str:
        return f"{s.value:,.10g} {self._t(f'unit_stat_{s.indicator}', self.lang)}"  # type: ignore[attr-defined]

    def with_statistics_rows(self, table: pd.DataFrame) -> pd.DataFrame:
        """The key figures table with a row for each statistic shown (the table unchanged without any).

        Parameters
        ----------
        table : pandas.DataFrame
            The key figures table (two columns: figure and value).

        Returns
        -------
        pandas.DataFrame
            With one more row per statistic: its label (year, "cited") and its value with its unit.
        """
        shown = self.shown_statistics()
        if not shown:
            return table
        L = self.lang
        rows = [(self._t(f"lbl_stat_{s.indicator}", L, year=s.year), self._value(s))  # type: ignore[attr-defined]
                for s in shown]
        return pd.concat([table, pd.DataFrame(rows, columns=table.columns)], ignore_index=True)

    def statistics_sources(self) -> str:
        """The part "Base-year statistics (cited; not from the plan's text)": each statistic's value, unit and
        source (title, issuer, date, link, quote), text from the file escaped.

        Returns
        -------
        str
            Markdown in the page's language; "" where the page shows no statistic.
        """
        shown = self.shown_statistics()
        if not shown:
            return ""
        L = self.lang
        lines = [self._md("stat_sources_h", L)]  # type: ignore[attr-defined]
        for s in shown:
            src = self._md("comma_sep", L).join(  # type: ignore[attr-defined]
                x for x in (s.source_title, s.source_issuer, s.source_date) if x)
            # an autolink takes no backslash escapes: only a URL without spaces or <> is linked
            url = (f" <{html.escape(s.source_url)}>" if s.source_url.startswith(("http://", "https://"))
                   and not any(c in s.source_url for c in " <>") else " " + escape(s.source_url))
            lines.append(f"- {escape(self._t(f'lbl_stat_{s.indicator}', L, year=s.year))}: "  # type: ignore[attr-defined]
                         f"**{escape(self._value(s))}** ({self._md(f'rstatus_{s.status}', L)}; "  # type: ignore[attr-defined]
                         f"{self._md('stat_as_printed', L)} “{escape(s.value_text)}”) — {escape(src)}{url} "  # type: ignore[attr-defined]
                         f"“{escape(s.source_quote)}”" + (f" ({escape(s.note)})" if s.note else ""))
        return "\n".join(lines)
