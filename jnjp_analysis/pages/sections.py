"""The sections of the briefing and the overview, each declared once (:data:`BRIEFING`, :data:`OVERVIEW`).

A :class:`Section` names its heading, the frames it writes to the data bundle and how they are built,
the chart drawn from those same frames, the words of its caption and alt text, its table and its text:
the page (:class:`SectionPage`), the data bundle, the notebooks (``scripts/make_notebooks.py``) and
:func:`show_section` all read the one declaration, so a chart cannot show other numbers than the
bundle's CSV beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd

from jnjp_analysis.pages import charts, charts_annual, words
from jnjp_analysis.pages.display import escape
from jnjp_analysis.plan import catalogue as targets


@dataclass(frozen=True)
class Section:
    """One section of a page.

    Attributes
    ----------
    id : str
        The section's key: its heading is ``h_brief_<id>`` or ``h_overview_<id>`` (:mod:`i18n`).
    files : tuple of str
        The data bundle's files the section writes (``<name>.csv``), in order.
    build : callable or None
        ``build(page)``: the frames of ``files``, by name.
    chart : callable or None
        ``chart(page, frames)``: the section's figure, drawn from the frames ``build`` made (the same
        objects the bundle writes); None for a section without a chart.
    words : str or None
        The chart's caption and alt text keys: ``cap_<words>`` and ``alt_<words>``.
    table : str or None
        The page's method that returns the section's display table.
    before, after : tuple of str
        The page's methods whose Markdown comes before the chart, and after the table.
    shows : str or None
        The key of the page's ``shows`` that says whether the plan has the section; None: always.
    own_cell : bool
        The section is shown by a notebook cell of its own (its parts do not follow the order above).
    heading : bool
        The section has its heading; False for one that goes on under the heading of the section before it.
    captions : str or None
        For a chart whose caption and alt text depend on more than the page's chart numbers: the page's
        methods ``<captions>_caption`` and ``<captions>_alt`` give them (instead of ``words``).
    """

    id: str
    files: tuple[str, ...] = ()
    build: Callable[[Any], dict[str, pd.DataFrame]] | None = None
    chart: Callable[[Any, dict[str, pd.DataFrame]], Any] | None = None
    words: str | None = None
    table: str | None = None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    shows: str | None = None
    own_cell: bool = False
    heading: bool = True
    captions: str | None = None


def _one(name: str, make: Callable[[Any], pd.DataFrame]) -> Callable[[Any], dict[str, pd.DataFrame]]:
    return lambda page: {name: make(page)}


def _map_frames(b: Any) -> dict[str, pd.DataFrame]:
    grid, pts = charts.map_frames(b.slug, charts.scenario_points(b.compliance, b.slug, plan=b.plan), plan=b.plan)
    return {"chart_double_control_map_grid": grid, "chart_double_control_map_scenarios": pts}


def _pacing_frames(b: Any) -> dict[str, pd.DataFrame]:
    # the bundle keeps the English reason beside the codes, as 0.2.0 wrote it (the model gives codes only)
    return {"chart_pacing": words.with_pacing_reasons(b.pacing_table), "table_pacing": b.pacing_display()}


_POLLUTANTS = Section(
    "pollutants", ("chart_pollutant_shares",), _one("chart_pollutant_shares", lambda p: charts.pollutant_shares_table(p.plan)),
    lambda p, f: charts.pollutant_chart_from(f["chart_pollutant_shares"], p.lang, highlight=getattr(p, "slug", None),
                                             plan=p.plan),
    words="pollutants", shows="pollutants")

BRIEFING: tuple[Section, ...] = (
    Section("key", ("table_key_figures",), _one("table_key_figures", lambda b: b.key_figures_table()),
            table="key_figures_table", own_cell=True),
    Section("kinds", table="kinds_table", after=("kinds_rules",), shows="kinds"),
    # the record: its text, the ceilings' chart and table, the observed lights' chart and table, the sources
    Section("record", before=("record_summary",)),
    Section("record_ceilings", ("chart_record",), _one("chart_record", lambda b: b.record_section.chart_frame),
            lambda b, f: charts.record_chart_from(f["chart_record"], b.record_section.name, b.lang, plan=b.plan),
            captions="record", table="record_ceilings", shows="record_chart", heading=False),
    Section("record_lights", ("record_pacing",), _one("record_pacing", lambda b: b.record_section.data_tables()["record_pacing"]),
            lambda b, f: charts.pacing_chart(f["record_pacing"], b.slug, "record", b.lang, name=b.record_section.name,
                                             plan=b.plan),
            captions="record_lights", table="record_lights", shows="record_lights", heading=False),
    Section("record_sources", after=("record_sources",), heading=False),
    Section("result", table="result_table", before=("result_summary",), after=("result_sources",), shows="result"),
    Section("annual", ("chart_annual_targets", "table_bases"), lambda b: b.annual_frames(),
            lambda b, f: charts_annual.annual_chart_from(f["chart_annual_targets"], b.lang, plan=b.plan),
            words="annual", table="annual_table", before=("annual_summary",), shows="annual"),
    Section("intensity", ("chart_intensity_path",),
            _one("chart_intensity_path", lambda b: charts.intensity_frame(b.slug, b.projections, plan=b.plan)),
            lambda b, f: charts.intensity_chart_from(f["chart_intensity_path"], b.slug, b.lang, plan=b.plan),
            words="intensity", shows="energy_intensity"),
    Section("energy", ("chart_energy",), _one("chart_energy", lambda b: charts.energy_frame(b.slug, b.projections, plan=b.plan)),
            lambda b, f: charts.energy_chart_from(f["chart_energy"], b.slug, b.lang, plan=b.plan), words="energy",
            shows="total"),
    Section("total_words", before=("total_words_text",), shows="total_words"),  # where the energy chart would be
    Section("map", ("chart_double_control_map_grid", "chart_double_control_map_scenarios"), _map_frames,
            lambda b, f: charts.double_control_map_from(f["chart_double_control_map_grid"],
                                                        f["chart_double_control_map_scenarios"], b.slug, b.lang, plan=b.plan),
            words="map", shows="total"),
    Section("scenarios", ("table_scenarios_target",), _one("table_scenarios_target", lambda b: b.compliance),
            table="scenario_table", shows="energy_intensity"),
    Section("pacing", ("chart_pacing", "table_pacing"), _pacing_frames,
            lambda b, f: charts.pacing_chart(f["chart_pacing"], b.slug, b.central, b.lang, plan=b.plan),
            words="pacing", table="pacing_display", before=("pacing_summary",), shows="energy_intensity"),
    Section("mc", ("chart_fan_energy_quantiles",),
            _one("chart_fan_energy_quantiles", lambda b: charts.fan_frame(b.monte_carlo, b.slug, plan=b.plan)),
            lambda b, f: charts.fan_chart_from(f["chart_fan_energy_quantiles"], b.slug, b.monte_carlo.scenario,
                                               b.monte_carlo.n, b.lang, plan=b.plan),
            words="fan", shows="total"),
    _POLLUTANTS,
    Section("method", before=("method_notes",), after=("bundle_link",)),
)
"""The briefing's sections, in the page's order."""

OVERVIEW: tuple[Section, ...] = (
    # the record: the early warnings, the region's ceilings chart, the annual assessment
    Section("warning", before=("warning_summary",), table="warning_table"),
    Section("warning_record", ("chart_record",), _one("chart_record", lambda o: o.warning_section.region.chart_frame),
            lambda o, f: charts.record_chart_from(f["chart_record"], o.warning_section.region.name, o.lang, plan=o.plan),
            captions="record", shows="record_chart", heading=False),
    Section("assessment", before=("assessment_intro",), table="assessment_table",
            after=("assessment_reasons", "record_warnings"), heading=False),
    Section("result", table="result_table", before=("result_summary",), after=("result_sources",), shows="result"),
    Section("annex1", ("table_annex1",),
            _one("table_annex1", lambda o: o.plan.energy_targets().drop(columns=["source_line"])), table="annex1"),
    Section("kinds", table="kinds_table", after=("kinds_rules",), shows="kinds"),
    Section("annex2", ("table_annex2",),
            _one("table_annex2", lambda o: o.plan.pollutant_caps().drop(columns=["source_line"])), table="annex2",
            shows="annex2"),
    Section("regional", ("table_regional_targets",),
            _one("table_regional_targets", lambda o: targets.regional_targets(plan=o.plan)), table="regional"),
    Section("reconcile", ("table_reconciliation",),
            _one("table_reconciliation", lambda o: targets.reconcile(plan=o.plan)), table="reconciliation"),
    Section("implied", ("chart_implied_growth",), _one("chart_implied_growth", lambda o: charts.implied_growth_frame(o.plan)),
            lambda o, f: charts.implied_growth_chart_from(f["chart_implied_growth"], o.lang, plan=o.plan), words="implied"),
    _POLLUTANTS,
    Section("scenarios", ("chart_compliance",), _one("chart_compliance", lambda o: o.compliance),
            lambda o, f: charts.compliance_chart(f["chart_compliance"], o.lang, plan=o.plan),
            words="compliance", table="scenario_table", after=("notes",)),
    Section("mc", ("table_monte_carlo",), _one("table_monte_carlo", lambda o: o.monte_carlo.probabilities),
            table="mc_table", after=("bundle_link",)),
)
"""The overview's sections, in the page's order."""


class SectionPage:
    """What a page built of :class:`Section`s has: each section's frames (built once), its figure
    drawn from them, the bundle's tables, and the captions and alt texts of its charts.

    A page sets :attr:`SECTIONS` and has ``lang``, ``shows(key)``, ``_chart_numbers`` (the numbers its
    captions and alt texts put in) and :class:`display.PlanText`'s ``_t`` and ``_md``.
    """

    SECTIONS: ClassVar[tuple[Section, ...]] = ()
    lang: str

    def section(self, sid: str) -> Section:
        """The page's section ``sid``.

        Parameters
        ----------
        sid : str
            The section's id, e.g. ``"intensity"``.

        Returns
        -------
        Section
            Its declaration.

        Raises
        ------
        KeyError
            For a section the page does not have.
        """
        for s in self.SECTIONS:
            if s.id == sid:
                return s
        raise KeyError(f"no section {sid!r}; the page has {[s.id for s in self.SECTIONS]}")

    def has_section(self, sid: str) -> bool:
        """Whether the page's plan calls for section ``sid`` (its ``shows`` key, if any, is true)."""
        s = self.section(sid)
        return s.shows is None or bool(self.shows(s.shows))  # type: ignore[attr-defined]

    def frames(self, sid: str) -> dict[str, pd.DataFrame]:
        """The frames section ``sid`` writes to the data bundle, built once per page.

        Parameters
        ----------
        sid : str
            The section's id.

        Returns
        -------
        dict of str to pandas.DataFrame
            By bundle file name (the section's ``files``); empty for a section without frames.

        Raises
        ------
        RuntimeError
            If the section's ``build`` does not make exactly its declared files.
        """
        cache = self.__dict__.setdefault("_section_frames", {})
        if sid not in cache:
            s = self.section(sid)
            out = s.build(self) if s.build is not None else {}
            if list(out) != list(s.files):
                raise RuntimeError(f"section {sid!r} built {list(out)}, declared {list(s.files)}")
            cache[sid] = out
        return cache[sid]

    def figure(self, sid: str):
        """Section ``sid``'s chart, drawn from the frames the data bundle writes (:meth:`frames`).

        Parameters
        ----------
        sid : str
            The section's id, e.g. ``"map"``.

        Returns
        -------
        matplotlib.figure.Figure
            The chart.

        Raises
        ------
        KeyError
            For a section without a chart.
        """
        s = self.section(sid)
        if s.chart is None:
            raise KeyError(f"section {sid!r} has no chart")
        return s.chart(self, self.frames(sid))

    def section_tables(self) -> dict[str, pd.DataFrame]:
        """The frames of every section the page shows, by bundle file name, in the page's order."""
        out: dict[str, pd.DataFrame] = {}
        for s in self.SECTIONS:
            if s.files and self.has_section(s.id):
                out.update(self.frames(s.id))
        return out

    def chart_caption(self, s: Section) -> str:
        """The caption under section ``s``'s chart (its ``captions`` method, else :meth:`caption` of its ``words``)."""
        return getattr(self, f"{s.captions}_caption")() if s.captions else self.caption(s.words or s.id)

    def chart_alt(self, s: Section) -> str:
        """The alt text of section ``s``'s chart (its ``captions`` method, else :meth:`alt` of its ``words``)."""
        return getattr(self, f"{s.captions}_alt")() if s.captions else self.alt(s.words or s.id)

    def caption(self, key: str) -> str:
        """One line under a chart: what it shows and which scenario or record it uses.

        Parameters
        ----------
        key : str
            The chart's words (a section's ``words``, e.g. ``"intensity"``, ``"fan"`` or
            ``"compliance"``: the label ``cap_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            One italic Markdown line, with the chart's numbers filled in.

        Raises
        ------
        KeyError
            For a key without a ``cap_<key>`` label.
        """
        nums = self._chart_numbers  # type: ignore[attr-defined]
        return "*" + self._md(f"cap_{key}", **{k: escape(v) if isinstance(v, str) else v  # type: ignore[attr-defined]
                                               for k, v in nums.items()}) + "*"

    def alt(self, key: str) -> str:
        """The chart's alt text: what it shows and its main numbers.

        Parameters
        ----------
        key : str
            The chart's words (the label ``alt_<key>`` in :mod:`i18n`).

        Returns
        -------
        str
            Plain text.

        Raises
        ------
        KeyError
            For a key without an ``alt_<key>`` label.
        """
        return self._t(f"alt_{key}", **self._chart_numbers)  # type: ignore[attr-defined]


def show_section(page: SectionPage, sid: str) -> None:
    """Show section ``sid`` of a page in a notebook, as its declaration orders it: heading (if it has
    one), text before, chart (with its alt text) and caption, table (if there is one), text after;
    nothing where the plan has no such section.

    Parameters
    ----------
    page : SectionPage
        A briefing or an overview.
    sid : str
        The section's id (not one shown by a cell of its own).
    """
    from jnjp_analysis.pages.display import show, show_markdown, show_table

    s = page.section(sid)
    if not page.has_section(sid):
        return
    if s.heading:
        show_markdown(page.heading(s.id))  # type: ignore[attr-defined]
    for m in s.before:
        show_markdown(getattr(page, m)())
    if s.chart is not None:
        show(page.figure(s.id), alt=page.chart_alt(s))
        show_markdown(page.chart_caption(s))
    table = getattr(page, s.table)() if s.table is not None else None
    if table is not None:  # a table method may have nothing to show (None)
        show_table(table)
    for m in s.after:
        show_markdown(getattr(page, m)())
