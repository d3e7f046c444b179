"""What reading a record gives: its rows as read (:class:`Row`), the graded findings about them
(:class:`Finding`, placed by :class:`At`), and the accepted :class:`Record` (or the
:class:`RecordError` that refuses it); :class:`CheckResult` holds what
:func:`jnjp_analysis.records.validate.check` found.

**An estimate is kept, not used.** Status ``estimate`` (预计数) marks a figure announced before the
year closed (a year-end work conference, a government work report), before the statistics bureau's
bulletin. It is read, validated (types, bounds, plausibility, year-on-year jumps) and shown with its
status and source, and a warning on its row says it is not used; but :meth:`Record.series` and
:meth:`Record.value`, through which every computation reads a record (ceilings, pacing, the
assessment), leave it out, and so do the checks that compare figures with each other (unit sums,
the intensity consistency, an average against the annual growth). Why not use it with a flag: an
estimate is later revised, and not always by a little (Tibet's 2016 growth was announced as 11.5 %
on 2016-12-31; the region's 2016–2020 average of 9.0 % does not fit it, see the shipped record's
notes), and a published ceiling should not rest on a figure its own source calls provisional. A
year with only an estimate is therefore a documented gap, as a row with a note is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from jnjp_analysis.errors import Finding, JnjpError
from jnjp_analysis.model.annual import Checkpoint, Observation
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.records.schema import (
    BASIS_COLUMN,
    ESTIMATE,
    PlanLike,
    check_indicator,
    check_unit,
    get_plan,
    indicators,
    unit_keys,
)


class RecordError(JnjpError):
    """A record was refused; ``findings`` holds every error (and the warnings found with them)."""

    def __init__(self, path: str, findings: list[Finding]):
        self.path, self.findings = path, findings
        errors = [f for f in findings if f.level == "error"]
        shown = "\n".join(f"  {f}" for f in errors[:25])
        more = f"\n  … and {len(errors) - 25} more" if len(errors) > 25 else ""
        super().__init__(f"{path}: {len(errors)} error(s); the record is refused:\n{shown}{more}")


@dataclass(frozen=True)
class At:
    """Where a finding is (file, sheet, row, column, the cell's value) and the record row it is about.

    Attributes
    ----------
    file : str
        The file.
    sheet : str or None
        The sheet of an Excel workbook (None for a CSV).
    row : int or None
        The row of the file or sheet (1 is the header), or None.
    column : str or None
        The column, or None.
    value : object
        The cell's value as read, or None.
    unit, year, indicator : str, int, str or None
        The record row it is about, where known.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    unit: str | None = None
    year: int | None = None
    indicator: str | None = None

    def error(self, code: str, message: str, hint: str | None = None) -> Finding:
        """An error here.

        Parameters
        ----------
        code : str
            The kind of finding (see :class:`Finding`).
        message : str
            The English sentence.
        hint : str or None
            What to do about it.

        Returns
        -------
        Finding
            Level ``"error"``, at this place.
        """
        return Finding("error", code, message, self.file, self.sheet, self.row, self.column, self.value, hint,
                       self.unit, self.year, self.indicator)


@dataclass
class Row:
    """One row as read: its cells as text (what the user typed) and where it came from.

    Attributes
    ----------
    file : str
        The file it was read from.
    sheet : str or None
        The sheet of an Excel workbook (None for a CSV).
    row : int
        Its row number in the file or sheet.
    cells : dict of str to str
        Column → the cell's text.
    """

    file: str
    sheet: str | None
    row: int
    cells: dict[str, str]

    def at(self, column: str | None = None, value: object = None, *, year: int | None = None,
           indicator: str | None = None) -> At:
        """Where a finding about this row is: its file, sheet and row, ``column`` and ``value``.

        Parameters
        ----------
        column : str or None
            The column.
        value : object
            The cell's value.
        year : int or None
            The row's year, where it is known to be one.
        indicator : str or None
            The row's indicator (default: its ``indicator`` cell, if any).

        Returns
        -------
        At
            With the row's ``unit`` and ``indicator`` cells.
        """
        return At(self.file, self.sheet, self.row, column, value, self.cells.get("unit"), year,
                  indicator if indicator is not None else self.cells.get("indicator"))


@dataclass
class Record:
    """A validated record: ``data`` (one row per unit, year and indicator with a value or a note)
    and the ``warnings`` it was accepted with.

    Attributes
    ----------
    data : pandas.DataFrame
        The record's columns (:func:`columns`; ``year`` int, ``value`` float, NaN where only a note is given;
        rates as fractions, amounts in the indicator's unit) and ``file``, ``sheet``, ``row`` of each row,
        sorted by unit (schema order), year and indicator.
    warnings : list of Finding
        The warnings it was accepted with.
    path : str
        The file it was read from.
    shipped : bool
        Whether it is the shipped record.
    added_from_shipped : int
        The number of values taken from the shipped record (``load(..., with_shipped=True)``).
    plan : Plan
        The plan it was read against (required, keyword-only).
    """

    data: pd.DataFrame
    warnings: list[Finding] = field(default_factory=list)
    path: str = ""
    shipped: bool = False
    added_from_shipped: int = 0  # values taken from the shipped record (load(..., with_shipped=True))
    plan: Plan = field(kw_only=True, repr=False, compare=False)

    def plan_for(self, plan: PlanLike) -> Plan:
        """The plan to analyse the record against: ``plan``, which must be the one it was read against.

        Parameters
        ----------
        plan : Plan, str or path-like
            A plan (see :func:`get_plan`; required).

        Returns
        -------
        Plan
            The plan.

        Raises
        ------
        JnjpError
            If ``plan`` is another plan than the one the record was read against (its units, years and
            bounds were checked against that one).
        """
        own = self.plan
        pl = get_plan(plan)
        if pl.folder != own.folder:
            raise JnjpError(f"the record {self.path or '(unnamed)'} was read against plan {own.id}, not {pl.id}: "
                            f"read it with plan={pl.id!r} (records.load(path, plan=...))")
        return pl

    def values(self) -> pd.DataFrame:
        """The rows with a value, estimates included (what the record holds, each with its status).

        Returns
        -------
        pandas.DataFrame
            The rows of ``data`` whose ``value`` is not NaN, same columns, index reset.
        """
        return self.data[self.data["value"].notna()].reset_index(drop=True)

    def estimates(self) -> pd.DataFrame:
        """The values with status :data:`ESTIMATE`: held and shown, not used by :meth:`series`.

        Returns
        -------
        pandas.DataFrame
            The rows of :meth:`values` whose ``status`` is ``"estimate"``, same columns, index reset.
        """
        v = self.values()
        return v[v["status"] == ESTIMATE].reset_index(drop=True)

    def series(self, unit: str, indicator: str) -> pd.Series:
        """The values the analysis uses of one unit and indicator, indexed by int year: years without a
        value, and estimates (:data:`ESTIMATE`, made before the year closed), are left out.

        Parameters
        ----------
        unit : str
            ``"region"`` or a unit slug.
        indicator : str
            A name of :func:`indicators` (e.g. ``"energy_10k_tce"``).

        Returns
        -------
        pandas.Series
            Float values (fractions or the indicator's unit), named ``indicator``, sorted by year.

        Raises
        ------
        JnjpError
            For a unit or an indicator the record format does not know (with the closest name)."""
        pl = self.plan
        check_unit(unit, plan=pl)
        check_indicator(indicator, plan=pl)
        d = self.values()
        d = d[(d["unit"] == unit) & (d["indicator"] == indicator) & (d["status"] != ESTIMATE)]
        return pd.Series(d["value"].to_numpy(dtype=float), index=d["year"].to_numpy(dtype="int64"),
                         name=indicator).sort_index()

    def _with_basis(self, unit: str, indicator: str, cumulative: bool) -> list[tuple[int, float, str]]:
        """(year, value, basis) of the values the analysis uses of one unit and indicator, in year order."""
        pl = self.plan
        check_unit(unit, plan=pl)
        check_indicator(indicator, plan=pl)
        if indicators(pl)[indicator].cumulative != cumulative:
            raise JnjpError(f"{indicator} is {'not ' if cumulative else ''}a cumulative indicator: use "
                            f"Record.{'observations' if cumulative else 'checkpoints'}")
        d = self.values()
        d = d[(d["unit"] == unit) & (d["indicator"] == indicator) & (d["status"] != ESTIMATE)].sort_values("year")
        bases = d[BASIS_COLUMN] if BASIS_COLUMN in d.columns else pd.Series("", index=d.index)
        return [(int(y), float(v), str(b)) for y, v, b in zip(d["year"], d["value"], bases)]

    def observations(self, unit: str, indicator: str) -> tuple[Observation, ...]:
        """The annual values the analysis uses of one unit and indicator (``intensity_change``,
        ``carbon_intensity_change``), each with its statistical basis, as :mod:`jnjp_analysis.model.annual`
        takes them. Estimates are left out, as in :meth:`series`.

        Parameters
        ----------
        unit : str
            ``"region"`` or a unit's slug.
        indicator : str
            A name of :func:`indicators`, not a cumulative one (see :meth:`checkpoints`).

        Returns
        -------
        tuple of Observation
            In year order; ``basis`` is the row's ``basis`` cell (``""`` where the record format has no basis
            column, or the cell is empty).

        Raises
        ------
        JnjpError
            For a unit or an indicator the record format does not know, or a cumulative indicator."""
        return tuple(Observation(y, v, b) for y, v, b in self._with_basis(unit, indicator, False))

    def checkpoints(self, unit: str, indicator: str) -> tuple[Checkpoint, ...]:
        """The cumulative values of one unit and indicator (``intensity_change_cum``: a change from the base
        year to the row's year) as checkpoints from the base year + 1 to the row's year, each with its basis.

        Parameters
        ----------
        unit : str
            ``"region"`` or a unit's slug.
        indicator : str
            A cumulative indicator of :func:`indicators`.

        Returns
        -------
        tuple of Checkpoint
            In year order.

        Raises
        ------
        JnjpError
            For a unit or an indicator the record format does not know, or one that is not cumulative."""
        first = self.plan.base_year + 1
        return tuple(Checkpoint(first, y, v, b) for y, v, b in self._with_basis(unit, indicator, True))

    def bases(self, unit: str, indicator: str) -> tuple[str, ...]:
        """The statistical bases the values of one unit and indicator are stated on, in year order of first
        use (``("",)`` for a record without a basis column; empty where it has no value).

        Parameters
        ----------
        unit : str
            ``"region"`` or a unit's slug.
        indicator : str
            A name of :func:`indicators`.

        Returns
        -------
        tuple of str
            More than one: the series breaks, and nothing chains its values across the break
            (:func:`jnjp_analysis.model.annual.chained`).
        """
        cum = indicators(self.plan).get(indicator)
        return tuple(dict.fromkeys(b for _y, _v, b in self._with_basis(unit, indicator, bool(cum and cum.cumulative))))

    def value(self, unit: str, year: int, indicator: str) -> float | None:
        """The value the analysis uses of one unit, year and indicator (an estimate is not one: None).

        Parameters
        ----------
        unit : str
            ``"region"`` or a unit slug.
        year : int
            The year.
        indicator : str
            A name of :func:`indicators`.

        Returns
        -------
        float or None
            The value (a fraction, or in the indicator's unit); None if the record has none, or only an
            estimate (see :meth:`estimates`).

        Raises
        ------
        JnjpError
            For a unit or an indicator the record format does not know.
        """
        s = self.series(unit, indicator)
        return float(s[year]) if year in s.index else None

    def units(self) -> list[str]:
        """Units with at least one value, in the schema's order.

        Returns
        -------
        list of str
            ``"region"`` and unit slugs, in the plan's order.
        """
        have = set(self.values()["unit"])
        return [u for u in unit_keys(self.plan) if u in have]

    def warnings_for(self, unit: str | None) -> list[Finding]:
        """Warnings about ``unit`` (None: all).

        Parameters
        ----------
        unit : str or None
            ``"region"`` or a unit slug; None for every warning.

        Returns
        -------
        list of Finding
            The warnings about ``unit`` and those about no unit in particular.
        """
        return [w for w in self.warnings if unit is None or w.unit in (unit, None)]


@dataclass
class CheckResult:
    """What :func:`check` found: ``record`` (None if refused), ``errors`` and ``warnings``."""

    path: str
    record: Record | None
    errors: list[Finding]
    warnings: list[Finding]

    @property
    def ok(self) -> bool:
        """True if there are no errors (the record is accepted)."""
        return not self.errors

    @property
    def findings(self) -> list[Finding]:
        """The errors, then the warnings."""
        return self.errors + self.warnings
