"""Records of observed statistics: the format, reading (CSV or the Excel template) and graded
validation, each against a plan.

**The format is described once per plan**, as a Frictionless Table Schema in the plan's package,
``<plan>/records/record.schema.json`` (Tibet's: ``data/plans/xizang-13fyp/records/record.schema.json``):
one row per unit (the region or one of the plan's units), year and indicator, each value with its
status and source. Why Frictionless rather than pandera: a plan package already is a Frictionless
Data Package; a Table Schema is plain JSON that a statistics office, R or a spreadsheet tool can
read without Python; and the Excel template is generated from it (columns, drop-down lists, cell
bounds). What belongs to the plan is not copied into the schema by hand: the unit list (the region
and the plan's units, in its order), the year range (its base to its target year) and the indicator
list are filled from the :class:`~jnjp_analysis.plan.definition.Plan` when the schema is read, and a
schema that states them is checked against the plan (:func:`schema`). The schema is checked with
the ``frictionless`` library (types, required cells, enumerations, year range, date pattern, URL
format, duplicate keys); what a Table Schema cannot say — bounds that depend on the row's
indicator, and the warnings — comes from the schema's ``jnjp:indicators`` and ``jnjp:warnings`` and
is applied here. Nothing else checks a record.

Every function takes ``plan`` (a :class:`Plan`, a shipped plan's id or a package folder; None: the
default plan, Tibet's 13th Five-Year plan), resolved by :func:`jnjp_analysis.plan.load.load`; a
:class:`Record` remembers the plan it was read against.

**Graded validation** (:func:`check`):

* *errors* refuse the file. Each names file, sheet (Excel), row, column and value, with a hint
  (``7.8`` for a fraction: "did you mean 0.078?"; ``拉萨市`` for a unit: "write 'lhasa'");
* *warnings* accept it and travel into the reports: a year-on-year jump beyond the stated bound,
  unit sums off the region's total (the 数据衔接 of Tibet's clause (二十三)) with the gap, a gap in a
  series, a base-year consumption off the plan's base, an intensity change inconsistent with the
  record's own energy and growth, a value without a source, a source without a value, a pollutant
  the plan cuts from the base year with a target-year value but none of the base year (the cut
  cannot be graded);
* *plausibility*: an amount off by a power of ten from what the plan makes plausible is an error
  with a unit-slip hint, merely far off a warning — consumption against the unit's base and cap, a
  capped pollutant against its cap, a cut pollutant against the record's own base-year value (a
  base in t beside a target in 10^4 t is a 99.99 % "cut"), CO2 emissions against the carbon cap.

Nothing a user typed is dropped or coerced: unknown columns are refused, an Excel template row is
skipped only if every cell the user fills is empty.

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

import difflib
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

import pandas as pd

from jnjp_analysis import files
from jnjp_analysis.checks import DATE_PATTERN  # the one pattern a record format may hold
from jnjp_analysis.config import SHIPPED_RECORD as SHIPPED_RECORD  # the default plan's; see shipped_record()
from jnjp_analysis.errors import JnjpError, Located, PlanError
from jnjp_analysis.plan.definition import REGION, Plan  # REGION: the one key of the whole region
from jnjp_analysis.plan.load import load as _load_plan

PlanLike: TypeAlias = "Plan | str | os.PathLike[str] | None"  # a Plan, a shipped plan's id, a package folder; None: the default
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # spreadsheets read as the form
# Excel-only columns: written from the indicator, checked when read back (the indicator decides)
LABEL_COLUMN, UNIT_COLUMN = "label", "unit_of_value"
SCHEMA_NAME = "record.schema.json"  # the record format, in a plan's records/ folder
ESTIMATE = "estimate"  # the status of a figure announced before the year closed: kept and shown, never computed with
Level = Literal["error", "warning"]


def get_plan(plan: PlanLike = None) -> Plan:
    """The plan a record is read against: :func:`jnjp_analysis.plan.load.load` of ``plan``.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        A Plan (returned as it is), a shipped plan's id, a plan package folder; None for the default
        plan (Tibet's 13th Five-Year plan).

    Returns
    -------
    Plan
        The plan (loaded once per process and package state).

    Raises
    ------
    PlanError
        If ``plan`` names no plan package, or the package is malformed.
    """
    return _load_plan(plan)


def unit_keys(plan: PlanLike = None) -> tuple[str, ...]:
    """The units a record of ``plan`` may hold: ``"region"``, then the plan's units in its order.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        ``("region", *plan.slugs)``, e.g. ``("region", "lhasa", …, "ngari")`` for Tibet's plan.
    """
    return (REGION, *get_plan(plan).slugs)


class RecordError(JnjpError):
    """A record was refused; ``findings`` holds every error (and the warnings found with them)."""

    def __init__(self, path: str, findings: list[Finding]):
        self.path, self.findings = path, findings
        errors = [f for f in findings if f.level == "error"]
        shown = "\n".join(f"  {f}" for f in errors[:25])
        more = f"\n  … and {len(errors) - 25} more" if len(errors) > 25 else ""
        super().__init__(f"{path}: {len(errors)} error(s); the record is refused:\n{shown}{more}")


# ------------------------------------------------------------------------------------------ schema
def schema_file(plan: PlanLike = None) -> Path:
    """The file of the record format of ``plan``: ``record.schema.json`` in its ``records/`` folder.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    pathlib.Path
        ``plan.records_dir / "record.schema.json"``.

    Raises
    ------
    PlanError
        If the plan's package has no record format.
    """
    pl = get_plan(plan)
    f = pl.records_dir / SCHEMA_NAME
    if not f.is_file():
        raise PlanError(f"{f}: plan {pl.id} has no record format ({SCHEMA_NAME} in its records/ folder); copy "
                        "another plan's and adapt its indicators (the units and years come from the plan)")
    return f


def schema(plan: PlanLike = None) -> dict[str, Any]:
    """The Table Schema of a record of ``plan``, with ``jnjp:indicators`` and ``jnjp:warnings``.

    What belongs to the plan comes from the plan: the ``unit`` enumeration (``"region"`` and the
    plan's units, in its order), the ``year`` minimum and maximum (its base and target year) and the
    ``indicator`` enumeration (the names of ``jnjp:indicators``) are filled in; a schema file that
    states any of them must agree with the plan, as must an indicator's ``first_year`` (a year of the
    plan) and the pollutant amounts (``<pollutant>_10k_t``: a pollutant the plan caps or cuts).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        The parsed JSON descriptor: ``fields`` (with the plan's constraints) and the ``jnjp:indicators``,
        ``jnjp:warnings``, ``jnjp:limits`` and ``jnjp:plausibility`` extensions (read once per plan, cached:
        the same object each call).

    Raises
    ------
    PlanError
        If the schema file is missing or not JSON, lacks a field, or disagrees with the plan (the
        message names the file, the field and what the plan has).
    """
    return _schema(get_plan(plan))


@lru_cache(maxsize=8)
def _schema(plan: Plan) -> dict[str, Any]:
    f = schema_file(plan)
    try:
        desc = json.loads(files.read_text(f, "record schema"))
    except json.JSONDecodeError as exc:
        raise PlanError(f"{f}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    fields = {x.get("name"): x for x in desc.get("fields", []) if isinstance(x, dict)}
    missing = [c for c in ("unit", "year", "indicator", "value") if c not in fields]
    if missing or not isinstance(desc.get("jnjp:indicators"), list):
        raise PlanError(f"{f}: a record schema needs the fields unit, year, indicator and value and a "
                        f"'jnjp:indicators' list (missing: {', '.join(missing) or 'jnjp:indicators'})")
    for name, fd in fields.items():
        pat = fd.get("constraints", {}).get("pattern") if isinstance(fd.get("constraints"), dict) else None
        if pat is not None and pat != DATE_PATTERN:
            raise PlanError(f"{f}, field {str(name)[:40]!r}, constraints.pattern: {str(pat)[:60]!r} is not the record "
                            f"format's date pattern; a record format runs no pattern of its own (leave it out)")
    names = [d.get("name") for d in desc["jnjp:indicators"]]
    targeted = {f"{p.slug}_10k_t" for p in (*plan.pollutants, *plan.cut_pollutants)}
    for i, d in enumerate(desc["jnjp:indicators"]):
        where = f"{f}, jnjp:indicators[{i}] ({d.get('name')!r})"
        if str(d.get("name", "")).endswith("_10k_t") and d["name"] not in targeted:
            raise PlanError(f"{where}: a pollutant plan {plan.id} sets no target for (it caps "
                            f"{', '.join(p.slug for p in plan.pollutants) or 'none'} and cuts "
                            f"{', '.join(p.slug for p in plan.cut_pollutants) or 'none'}): its values could be "
                            "checked against nothing; leave the indicator out")
        if d.get("first_year") is not None and d["first_year"] not in plan.years:
            raise PlanError(f"{where}: first_year {d['first_year']!r} is not a year of plan {plan.id} "
                            f"({plan.years[0]}–{plan.years[-1]})")
    from_plan: list[tuple[str, str, object, str]] = [
        ("unit", "enum", [REGION, *plan.slugs], "the region and the units of its units.csv, in order"),
        ("year", "minimum", plan.base_year, "its base year"),
        ("year", "maximum", plan.target_year, "its target year"),
        ("indicator", "enum", names, "the names of jnjp:indicators"),
    ]
    for name, key, want, what in from_plan:
        cons = fields[name].setdefault("constraints", {})
        if key in cons and cons[key] != want:
            raise PlanError(f"{f}, field {name!r}, constraints.{key}: {cons[key]!r}, but plan {plan.id} has {want!r} "
                            f"({what}); correct the schema or leave the {key} out (it is taken from the plan)")
        cons[key] = want
    return desc


def columns(plan: PlanLike = None) -> tuple[str, ...]:
    """The columns of a record, in the schema's order.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        The field names of ``record.schema.json`` (``unit``, ``year``, ``indicator``, ``value``, ``status``,
        the ``source_*`` columns and ``note``).
    """
    return tuple(f["name"] for f in schema(plan)["fields"])


def statuses(plan: PlanLike = None) -> tuple[str, ...]:
    """The statuses a value may have, in the schema's order (the ``status`` field's enumeration).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        E.g. ``("preliminary", "revised", "final", "estimate", "not_stated")`` for Tibet's plan; a value
        with status :data:`ESTIMATE` is shown but not computed with (module docstring).
    """
    field_ = next(f for f in schema(plan)["fields"] if f["name"] == "status")
    return tuple(field_.get("constraints", {}).get("enum", ()))


_STATUS_WORDS = {"preliminary": "初步核算", "revised": "修订", "final": "最终核实", ESTIMATE: "预计数, not used",
                 "not_stated": "the source does not say"}


def _status_hint(plan: Plan) -> str:
    """"preliminary (初步核算), revised (修订), …": the schema's statuses for a hint."""
    names = [f"{s} ({_STATUS_WORDS[s]})" if s in _STATUS_WORDS else s for s in statuses(plan)]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


@dataclass(frozen=True)
class Indicator:
    """One indicator a record may hold, as ``jnjp:indicators`` of the schema describes it.

    Attributes
    ----------
    name : str
        The key written in a record's ``indicator`` column (``"gdp_growth"``, ``"energy_10k_tce"``, …).
    kind : {"fraction", "amount"}
        A rate as a fraction (0.078 = 7.8 %) or an amount in ``unit``.
    unit, unit_zh : str
        The unit of the value, in English and Chinese (``"10^8 yuan, current prices"``, ``"亿元（当年价）"``).
    label_en, label_zh : str
        What the indicator is, in English and Chinese.
    minimum, minimum_exclusive, maximum_exclusive : float or None
        Bounds of the value (inclusive minimum, exclusive minimum and maximum); None where unbounded.
    first_year : int or None
        The first year the indicator may have (``2016`` for an average growth from 2015); None: any year.
    sum_check : bool
        Whether the prefectures' values are checked against the region's total (数据衔接).
    jump_check : bool
        Whether a year-on-year change beyond ``jump_bound`` is flagged.
    cumulative : bool
        Whether a value runs from the base year to its year (an average growth, a cumulative change):
        one for the period's end is complete, so years without one are no gap.
    """

    name: str
    kind: Literal["fraction", "amount"]
    unit: str
    unit_zh: str
    label_en: str
    label_zh: str
    minimum: float | None = None
    minimum_exclusive: float | None = None
    maximum_exclusive: float | None = None
    first_year: int | None = None
    sum_check: bool = False
    jump_check: bool = False
    cumulative: bool = False

    def label(self, lang: str) -> str:
        """The indicator's label in ``lang``.

        Parameters
        ----------
        lang : str
            ``"zh"`` for Chinese; anything else gives English.

        Returns
        -------
        str
            ``label_zh`` or ``label_en``.
        """
        return self.label_zh if lang == "zh" else self.label_en

    def unit_label(self, lang: str) -> str:
        """The unit of the indicator's value in ``lang``.

        Parameters
        ----------
        lang : str
            ``"zh"`` for Chinese; anything else gives English.

        Returns
        -------
        str
            ``unit_zh`` or ``unit`` (``"10^4 tce"``, ``"fraction (0.078 = 7.8 %)"``, …).
        """
        return self.unit_zh if lang == "zh" else self.unit


def indicators(plan: PlanLike = None) -> dict[str, Indicator]:
    """The indicators a record may hold, in schema order (name → :class:`Indicator`).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict of str to Indicator
        Indicator name → its :class:`Indicator`, in the order of ``jnjp:indicators`` (cached per plan).
    """
    return _indicators(get_plan(plan))


@lru_cache(maxsize=8)
def _indicators(plan: Plan) -> dict[str, Indicator]:
    return {d["name"]: Indicator(**d) for d in schema(plan)["jnjp:indicators"]}


def rules(plan: PlanLike = None) -> dict[str, float]:
    """The warning bounds (``jump_bound``, ``sum_tolerance``, ``base_tolerance``, ``consistency_tolerance``).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        Bound name → value, as fractions (``jump_bound`` 0.25 = 25 %; ``average_tolerance`` too), from
        ``jnjp:warnings`` without its ``*_note`` entries.
    """
    return {k: v for k, v in schema(plan)["jnjp:warnings"].items() if not k.endswith("_note")}


def check_unit(unit: object, name: str = "unit", *, plan: PlanLike = None) -> str:
    """``unit`` if it is the region or a unit of the plan; else a JnjpError with the closest one.

    Parameters
    ----------
    unit : object
        The value to check: ``"region"`` or a unit's slug (Tibet's: ``"lhasa"``, … ``"ngari"``).
    name : str
        What the value is called in the error message (e.g. the argument's name).
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    str
        ``unit``, unchanged.

    Raises
    ------
    JnjpError
        If ``unit`` is not a string, or not a unit of the plan (with a hint: the slug of a name, or the closest one).
    """
    pl = get_plan(plan)
    if not isinstance(unit, str):
        raise JnjpError(f"{name} must be a string (region or a unit's slug), got {type(unit).__name__} {unit!r}")
    if unit not in unit_keys(pl):
        raise JnjpError(f"unknown {name} {unit!r}: {_unit_hint(unit, pl)}")
    return unit


def check_indicator(indicator: object, *, plan: PlanLike = None) -> str:
    """``indicator`` if the record format has it; else a JnjpError with the closest name.

    Parameters
    ----------
    indicator : object
        The value to check: a name of :func:`indicators`.
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    str
        ``indicator``, unchanged.

    Raises
    ------
    JnjpError
        If ``indicator`` is not a string or not an indicator of the record format (with the closest name).
    """
    inds = indicators(plan)
    if not isinstance(indicator, str) or indicator not in inds:
        close = difflib.get_close_matches(str(indicator), list(inds), n=1)
        raise JnjpError(f"unknown indicator {indicator!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                        + f"; indicators: {', '.join(inds)}")
    return indicator


def unit_name(unit: str, lang: str = "zh", *, plan: PlanLike = None) -> str:
    """The name of a unit in ``lang``: the region's full name, or the unit's as the plan prints it.

    Parameters
    ----------
    unit : str
        ``"region"`` or a unit's slug.
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    str
        E.g. ``"西藏自治区（全区）"`` or ``"拉萨市"`` in Chinese.

    Raises
    ------
    JnjpError
        For a slug that is none of the plan's units.
    """
    from jnjp_analysis.i18n import t

    pl = get_plan(plan)
    return t("region_full", lang, plan=pl) if unit == REGION else pl.name(unit, lang)


# ---------------------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding(Located):
    """One graded message: where (file, sheet, row, column), what, and a hint.

    Attributes
    ----------
    level : {"error", "warning"}
        An error refuses the record; a warning travels into the reports.
    code : str
        The kind of finding (``"jump"``, ``"sum"``, ``"unknown-column"``, …); its i18n sentence is ``find_<code>``.
    message : str
        The English sentence.
    file : str
        The file it is about.
    sheet : str or None
        The sheet of an Excel workbook (None for a CSV).
    row : int or None
        The row of the file (1 is the header), or None.
    column : str or None
        The column it is about, or None.
    value : object
        The cell's value as read, or None.
    hint : str or None
        What to do about it, or None.
    unit, year, indicator : str, int, str or None
        The record row it is about, where known.
    args : tuple
        (name, value) pairs filling its i18n sentence, for the pages.
    """

    level: Level
    code: str
    message: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    hint: str | None = None
    unit: str | None = None
    year: int | None = None
    indicator: str | None = None
    args: tuple[tuple[str, str], ...] = ()  # the parameters of its i18n sentence (find_<code>), for the pages

    def as_dict(self) -> dict[str, object]:
        """The finding as a plain dict (for JSON).

        Returns
        -------
        dict
            Keys ``level``, ``code``, ``file``, ``sheet``, ``row``, ``column``, ``value``, ``unit``, ``year``,
            ``indicator``, ``message``, ``hint`` and ``args``.
        """
        return {k: getattr(self, k) for k in ("level", "code", "file", "sheet", "row", "column", "value",
                                              "unit", "year", "indicator", "message", "hint", "args")}


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
    plan : Plan or None
        The plan it was read against (None: the default plan).
    """

    data: pd.DataFrame
    warnings: list[Finding] = field(default_factory=list)
    path: str = ""
    shipped: bool = False
    added_from_shipped: int = 0  # values taken from the shipped record (load(..., with_shipped=True))
    plan: Plan | None = field(default=None, repr=False, compare=False)

    def plan_for(self, plan: PlanLike = None) -> Plan:
        """The plan to analyse the record against: ``plan``, or (None) the one it was read against.

        Parameters
        ----------
        plan : Plan, str, path-like or None
            A plan (see :func:`get_plan`); None for the record's own (the default plan if it has none).

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
        own = self.plan if self.plan is not None else get_plan(None)
        if plan is None:
            return own
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
            ``"region"`` or a prefecture slug.
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
        pl = self.plan_for()
        check_unit(unit, plan=pl)
        check_indicator(indicator, plan=pl)
        d = self.values()
        d = d[(d["unit"] == unit) & (d["indicator"] == indicator) & (d["status"] != ESTIMATE)]
        return pd.Series(d["value"].to_numpy(dtype=float), index=d["year"].to_numpy(dtype="int64"),
                         name=indicator).sort_index()

    def value(self, unit: str, year: int, indicator: str) -> float | None:
        """The value the analysis uses of one unit, year and indicator (an estimate is not one: None).

        Parameters
        ----------
        unit : str
            ``"region"`` or a prefecture slug.
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
        return [u for u in unit_keys(self.plan_for()) if u in have]

    def warnings_for(self, unit: str | None) -> list[Finding]:
        """Warnings about ``unit`` (None: all).

        Parameters
        ----------
        unit : str or None
            ``"region"`` or a prefecture slug; None for every warning.

        Returns
        -------
        list of Finding
            The warnings about ``unit`` and those about no unit in particular.
        """
        return [w for w in self.warnings if unit is None or w.unit in (unit, None)]


# ----------------------------------------------------------------------------------------- reading
def _cell_text(v: object) -> str:
    """An Excel cell as the text a CSV would hold (None → empty; 2020.0 → '2020'; dates → ISO)."""
    import datetime as dt

    if v is None or (isinstance(v, float) and math.isnan(v)):  # NaN: an empty cell as pandas reads .ods
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        d = v.date() if isinstance(v, dt.datetime) else v
        return d.isoformat()
    return str(v).strip()


def limits(plan: PlanLike = None) -> dict[str, float]:
    """The reading limits of ``jnjp:limits`` (file size, rows, cell length, unpacked workbook).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        ``max_file_mb`` (MB), ``max_rows``, ``max_cell_chars`` (characters), ``max_unzipped_mb`` (MB) and
        ``max_errors``, without the ``*_note`` entries.
    """
    return {k: v for k, v in schema(plan)["jnjp:limits"].items() if not k.endswith("_note")}


def _cell_findings(rows: list[Row], plan: Plan) -> list[Finding]:
    """A cell longer than the limit is an error naming it (a page quotes every cell)."""
    n = int(limits(plan)["max_cell_chars"])
    return [r.at(c, v[:60] + "…").error("cell-too-long", f"a cell of {len(v):,} characters (the limit is {n:,})",
                                        hint="quote the sentence the value comes from, not the document")
            for r in rows for c, v in r.cells.items() if len(v) > n]


def _read_csv(path: Path, plan: Plan) -> tuple[list[Row], list[Finding]]:
    header, rows = files.csv_rows(path, "record")
    findings = _header_findings(header, str(path), None, columns(plan), plan)
    return [Row(str(path), None, i, r) for i, r in rows], findings


def _header_findings(header: list[str], file: str, sheet: str | None, allowed: tuple[str, ...], plan: Plan,
                     row: int = 1) -> list[Finding]:
    out = []
    cols = columns(plan)
    required = [c for c in cols if c not in header]
    unknown = [c for c in header if c not in allowed]
    dup = sorted({c for c in header if header.count(c) > 1})
    for c in required:
        out.append(Finding("error", "missing-column", f"the header lacks column {c!r}", file, sheet, row, c,
                           hint=f"a record has the columns {', '.join(cols)} (record.schema.json)"))
    for c in unknown:
        close = difflib.get_close_matches(c, cols, n=1)
        out.append(Finding("error", "unknown-column", f"unknown column {c!r} (nothing is dropped silently)",
                           file, sheet, row, c, hint=f"did you mean {close[0]!r}?" if close else
                           f"a record has the columns {', '.join(cols)}"))
    for c in dup:
        out.append(Finding("error", "duplicate-column", f"column {c!r} appears twice", file, sheet, row, c))
    return out


def _check_unpacked(path: Path, what: str, plan: Plan) -> None:
    """Refuse a zipped spreadsheet (.xlsx, .ods) that unpacks beyond ``jnjp:limits``' max_unzipped_mb:
    a small file can unpack to gigabytes."""
    import zipfile

    cap = limits(plan)["max_unzipped_mb"] * 1024 * 1024
    with zipfile.ZipFile(path) as z:
        size = sum(i.file_size for i in z.infolist())
    if size > cap:
        raise JnjpError(f"{path}: the {what} unpacks to {size / 1e6:,.0f} MB, above the limit of "
                        f"{cap / 1e6:.0f} MB for a record form (record.schema.json, jnjp:limits)")


def _open_workbooks(path: Path, plan: Plan) -> tuple[Any, Any]:
    """The workbook twice, read-only: with the values Excel stored, and with the formulas (to tell
    a formula whose value was never computed from an empty cell). The unpacked size is checked
    first (a small file can unpack to gigabytes)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        _check_unpacked(path, "workbook", plan)
        return (load_workbook(path, data_only=True, read_only=True),
                load_workbook(path, data_only=False, read_only=True))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        if isinstance(exc, JnjpError):
            raise
        raise JnjpError(f"{path}: not a readable Excel workbook (.xlsx): {exc}") from None


_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*?(/?)>')


def _far_cells(ws, cols: int) -> list[str]:
    """The references of filled cells (not self-closing ``<c …/>``) beyond column ``cols`` in a
    read-only sheet, from its XML (one linear scan, nothing expanded)."""
    from openpyxl.utils import column_index_from_string

    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(ws.parent, "_archive", None)
    if path is None or archive is None:
        return []
    xml = archive.read(path)
    return [f"{m.group(1).decode()}{m.group(2).decode()}" for m in _CELL.finditer(xml)
            if not m.group(3) and len(m.group(1)) >= 2 and column_index_from_string(m.group(1).decode()) > cols]


def _sheet_grid(ws_v: Any, ws_f: Any, f: str, findings: list[Finding], plan: Plan) -> list[list[str]]:
    """The sheet's cells as text, every row (the declared dimension is not trusted); a formula
    without a stored value is an error naming its cell, never an empty cell."""
    from openpyxl.utils import get_column_letter

    for ws in (ws_v, ws_f):
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # read to the last row really there, not to the declared <dimension>
    max_rows = int(limits(plan)["max_rows"])
    grid = []
    # a form has a dozen columns; cells far to the right (XFD) would make every row 16,384 cells long, so
    # rows are read to a fixed width and any filled cell beyond it is found in the sheet's XML instead
    cols = len(columns(plan)) + 30
    far = _far_cells(ws_v, cols)
    if far:
        findings.append(Finding("error", "extra-cell", f"filled cells far beyond the form's columns: {', '.join(far[:5])}"
                                + (f" and {len(far) - 5} more" if len(far) > 5 else ""), f, ws_v.title,
                                hint="put them in a column of the header, or delete them"))
    rows_v, rows_f = ws_v.iter_rows(values_only=True, max_col=cols), ws_f.iter_rows(values_only=True, max_col=cols)
    for i, (vals, forms) in enumerate(zip(rows_v, rows_f), start=1):
        if i > max_rows + 50:
            raise JnjpError(f"{f}, sheet {ws_v.title!r}: more than {max_rows:,} rows, the limit for a record "
                            "(record.schema.json, jnjp:limits)")
        row = []
        for j, (v, fv) in enumerate(zip(vals, list(forms) + [None] * (len(vals) - len(forms))), start=1):
            if v is None and isinstance(fv, str) and fv.startswith("="):
                findings.append(Finding("error", "formula-without-value",
                                        f"cell {get_column_letter(j)}{i} holds the formula {fv[:80]!r} but no value",
                                        f, ws_v.title, i, get_column_letter(j), fv[:80],
                                        hint="open the file in Excel or LibreOffice and save it (that stores the "
                                             "values), or type the number"))
                row.append("")  # the error above refuses the file; the cell is not read as empty
                continue
            row.append(_cell_text(v))
        grid.append(row)
    return grid


def _xlsx_sheets(path: Path, findings: list[Finding], plan: Plan) -> Iterator[tuple[str, list[list[str]]]]:
    """(title, grid) of every sheet of an .xlsx workbook (:func:`_sheet_grid`)."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    wb, wbf = _open_workbooks(path, plan)
    try:
        for ws in wb.worksheets:
            try:  # read-only sheets are parsed lazily, here
                grid = _sheet_grid(ws, wbf[ws.title], str(path), findings, plan)
            except (ParseError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
                if isinstance(exc, JnjpError):
                    raise
                raise JnjpError(f"{path}, sheet {ws.title!r}: the sheet cannot be read ({type(exc).__name__}: {exc}); "
                                "open the file in Excel or LibreOffice and save it again") from None
            yield ws.title, grid
    finally:
        wb.close()
        wbf.close()


def _ods_expanded_size(path: Path, plan: Plan) -> None:
    """Refuse an .ods whose repeated rows and cells (``number-rows-repeated``, ``number-columns-repeated``)
    expand beyond the row limit, or to more than 50 cells a row, before pandas expands them. Empty
    repeated rows and cells (LibreOffice writes them to the sheet's end) are not counted, as pandas
    does not expand them either."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    max_rows = int(limits(plan)["max_rows"]) + 50
    max_cells = 50 * max_rows
    rows = cells = 0
    with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
        row_cells, row_rep = 0, 1
        for event, el in iterparse(fh, events=("start", "end")):
            if event == "start" and el.tag == f"{t}table":
                rows = 0
            elif event == "start" and el.tag == f"{t}table-row":
                row_cells, row_rep = 0, int(el.get(f"{t}number-rows-repeated", "1"))
            elif event == "end" and el.tag == f"{t}table-cell":
                if len(el) or el.get(f"{office}value-type"):  # a cell with content
                    row_cells += int(el.get(f"{t}number-columns-repeated", "1"))
                el.clear()
            elif event == "end" and el.tag == f"{t}table-row":
                if row_cells:
                    rows += row_rep
                    cells += row_rep * row_cells
                if rows > max_rows or cells > max_cells or row_cells > 1000:
                    raise JnjpError(f"{path}: the spreadsheet expands to more than {min(rows, max_rows):,} rows or "
                                    f"{max_cells:,} cells, beyond the limits for a record (record.schema.json, jnjp:limits)")
                el.clear()


def _ods_sheets(path: Path, findings: list[Finding], plan: Plan) -> Iterator[tuple[str, list[list[str]]]]:
    """(title, grid) of every sheet of an OpenDocument spreadsheet (.ods: LibreOffice's and many WPS
    users' default), read with pandas' odf reader (odfpy): the values the office stored."""

    try:
        _check_unpacked(path, "spreadsheet", plan)
        _ods_expanded_size(path, plan)  # pandas expands repeated rows and cells in full: refuse a bomb first
        # keep_default_na=False, na_filter=False: a cell that says "N/A" or "null" is what the user typed
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf",
                               keep_default_na=False, na_filter=False)
    except JnjpError:
        raise
    except Exception as exc:  # noqa: BLE001 - odfpy raises many kinds for a file that is not an .ods
        raise JnjpError(f"{path}: not a readable OpenDocument spreadsheet (.ods): {type(exc).__name__}: {exc}") from None
    max_rows = int(limits(plan)["max_rows"])
    for title, frame in sheets.items():
        if len(frame) > max_rows + 50:
            raise JnjpError(f"{path}, sheet {title!r}: more than {max_rows:,} rows, the limit for a record "
                            "(record.schema.json, jnjp:limits)")
        yield str(title), [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _read_excel(path: Path, plan: Plan) -> tuple[list[Row], list[Finding]]:
    """The rows of a record form saved as .xlsx (Excel, WPS, LibreOffice) or .ods, each sheet read
    through the same rules and messages."""
    rows: list[Row] = []
    findings: list[Finding] = []
    f = str(path)
    data_sheets = 0
    sheets = _ods_sheets(path, findings, plan) if path.suffix.lower() == ".ods" else _xlsx_sheets(path, findings, plan)
    for title, grid in sheets:
        while grid and not any(grid[-1]):
            grid.pop()
        # row 2: "unit" | <slug>; the header is the first row whose column A is "year". A sheet that
        # looks like a unit sheet is read whatever its name; only a sheet that does not is skipped as
        # the instructions (named 说明…) or refused.
        key = grid[1][1] if len(grid) > 1 and len(grid[1]) > 1 and grid[1][0] == "unit" else None
        hdr = next((i for i, r in enumerate(grid[:20]) if r and r[0] == "year"), None)
        if key is None and hdr is None:
            if not grid or title.startswith("说明"):
                continue  # the instructions sheet, or an empty one
            findings.append(Finding("error", "not-a-record-sheet",
                                    "neither a template sheet (cell A2 'unit', B2 the unit, a header row starting 'year') "
                                    "nor the instructions sheet", f, title,
                                    hint="use `jnjp record template` for the form, or delete the sheet"))
            continue
        if key is None or hdr is None:
            findings.append(Finding("error", "not-a-record-sheet",
                                    "a unit sheet needs cell A2 'unit' with the unit in B2, and a header row "
                                    "starting 'year'" + (" (the header row is missing)" if hdr is None else
                                                         " (cell A2 is not 'unit')"), f, title,
                                    2 if key is None else None,
                                    hint="restore the form's rows 2 and 7 from `jnjp record template`"))
            continue
        data_sheets += 1
        if key not in unit_keys(plan):
            findings.append(Finding("error", "unknown-unit", f"the sheet's unit (cell B2) is {key!r}", f, title, 2,
                                    "B", key, hint=_unit_hint(key, plan)))
            continue
        header = list(grid[hdr])
        while header and header[-1] == "":
            header.pop()
        allowed = (*columns(plan), LABEL_COLUMN, UNIT_COLUMN)
        findings += _header_findings(["unit", *header], f, title, allowed, plan, row=hdr + 1)
        user_cols = [c for c in header if c not in ("year", "indicator", LABEL_COLUMN, UNIT_COLUMN)]
        for j, r in enumerate(grid[hdr + 1:], start=hdr + 2):
            cells = dict(zip(header, list(r) + [""] * (len(header) - len(r))))
            extra = [v for v in r[len(header):] if v != ""]
            if extra:
                findings.append(Finding("error", "extra-cell", f"cells beyond the header: {files.short_repr(extra)}",
                                        f, title, j, hint="put them in a column of the header, or delete them"))
            if all(cells.get(c, "") == "" for c in user_cols) and not extra:
                continue  # a template row nobody filled
            cells["unit"] = key
            rows.append(Row(f, title, j, cells))
    if not data_sheets:
        findings.append(Finding("error", "no-record-sheet", "the workbook has no record sheet", f,
                                hint="use the form written by `jnjp record template`"))
    return rows, findings


def read_rows(path: Path | str, *, plan: PlanLike = None) -> tuple[list[Row], list[Finding]]:
    """The rows of a record file (CSV, or an Excel workbook from the template) and the structural
    findings (header, sheets, formulas without values, cells over the length limit). A file that is
    not a regular file, or beyond the limits of ``jnjp:limits``, is refused (JnjpError).

    Parameters
    ----------
    path : Path or str
        A CSV file, or an ``.xlsx``/``.xlsm``/``.ods`` workbook filled from the template.
    plan : Plan, str, path-like or None
        The plan whose record format the file follows (see :func:`get_plan`).

    Returns
    -------
    rows : list of Row
        Every row read, its cells as text.
    findings : list of Finding
        The structural findings.

    Raises
    ------
    JnjpError
        For a path that is not a readable regular file, a spreadsheet format that is not read (``.xls``, …),
        an unreadable workbook, or a file beyond the limits (size, rows, unpacked size).
    """
    from jnjp_analysis.files import regular_file

    pl = get_plan(plan)
    lim = limits(pl)
    p = regular_file(path, "record", max_bytes=int(lim["max_file_mb"] * 1024 * 1024))
    if p.suffix.lower() in EXCEL_SUFFIXES:
        rows, findings = _read_excel(p, pl)
    elif p.suffix.lower() in (".xls", ".et", ".numbers", ".xlsb", ".ots", ".xltx", ".fods"):
        raise JnjpError(f"{p}: a {p.suffix} spreadsheet, which is not read: save it as .xlsx (Excel Workbook), "
                        ".ods (OpenDocument) or CSV UTF-8")
    else:
        rows, findings = _read_csv(p, pl)
    if len(rows) > lim["max_rows"]:
        raise JnjpError(f"{p}: {len(rows):,} rows, above the limit of {lim['max_rows']:,} for a record "
                        "(record.schema.json, jnjp:limits)")
    return rows, findings + _cell_findings(rows, pl)


# -------------------------------------------------------------------------------------- validation
def _region_words(plan: Plan) -> set[str]:
    """What a user may type for the whole region, lower-cased: the plan's word for the whole (its
    ``jnjp:plan.labels`` ``whole``, e.g. 全区) and the first word of the region's English name (Tibet);
    its names as printed are found by :meth:`Plan.unit`."""
    labels = plan.descriptor.get("jnjp:plan", {}).get("labels", {})
    words = {str(v.get("whole", "")).lower() for v in labels.values() if isinstance(v, dict)}
    words.add(plan.region.name_en.split(" ")[0].lower())
    return words - {""}


def _unit_hint(cell: str, plan: Plan) -> str:
    from jnjp_analysis.errors import UnknownUnitError

    keys = unit_keys(plan)
    slug: str | None
    try:
        slug = plan.unit(cell).slug
    except UnknownUnitError:
        slug = REGION if cell.strip().lower() in _region_words(plan) else None
    if slug == REGION:
        return "write 'region' for the whole region"
    if slug is not None:
        return f"write {slug!r} for {cell}"
    close = difflib.get_close_matches(cell.lower(), keys, n=1)
    return (f"did you mean {close[0]!r}? " if close else "") + f"units: {', '.join(keys)}"


def _number_hint(cell: str) -> str:
    import unicodedata

    c = cell.strip()
    plain = unicodedata.normalize("NFKC", c)
    ascii_digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in plain)
    if ascii_digits != c and _PLAIN_NUMBER.fullmatch(ascii_digits):
        return f"write ASCII digits: {ascii_digits} for {c}"
    if "_" in c:
        return f"no digit separators: {c.replace('_', '')} for {c}"
    if c.endswith("%"):
        try:
            return f"write fractions without '%': {float(c[:-1]) / 100:g} for {c}"
        except ValueError:
            pass
    if "," in c or "，" in c:
        return "no thousands separators (1234.5, not 1,234.5)"
    return "a plain number, e.g. 0.078 or 215.3"


def _frictionless_findings(rows: list[Row], plan: Plan) -> tuple[list[Finding], set[tuple[int, str]]]:
    """Type, required, enum, range, pattern, format and duplicate-key errors from the frictionless
    library; returns them and the (row index, column) cells they concern."""
    from frictionless import Resource, Schema

    s = schema(plan)
    table_schema = {k: s[k] for k in ("fields", "primaryKey", "missingValues")}
    cols = columns(plan)
    data = [list(cols)] + [[r.cells.get(c, "") for c in cols] for r in rows]
    cap = int(limits(plan)["max_errors"])
    report = Resource(data=data, schema=Schema.from_descriptor(table_schema)).validate(limit_errors=cap)
    out: list[Finding] = []
    bad: set[tuple[int, str]] = set()
    errs = report.tasks[0].errors if report.tasks else []
    if len(errs) >= cap:  # validation stopped there: the rows after it are not checked, so none of them is used
        stop = max((e.row_number - 2 for e in errs if hasattr(e, "row_number")), default=0)
        bad |= {(i, "value") for i in range(stop, len(rows))}
        r = rows[min(stop, len(rows) - 1)]
        out.append(Finding("error", "too-many-errors", f"{cap:,} errors found by row {r.row}; the rows after it were not "
                           "checked", r.file, r.sheet, r.row, hint="fix these first (a file in the wrong format "
                           "gives an error on every row)"))
    lo, hi = plan.base_year, plan.target_year
    inds = indicators(plan)
    first_seen: dict[tuple[str, ...], Row] = {}
    for r in rows:  # the first row of each key, for the duplicate's hint (linear)
        first_seen.setdefault(tuple(r.cells.get(c, "") for c in s["primaryKey"]), r)
    for e in errs:
        if not hasattr(e, "row_number"):
            continue
        i = e.row_number - 2  # position 1 is the header
        r = rows[i]
        col: str | None = getattr(e, "field_name", None)
        cell = getattr(e, "cell", None)
        text = "" if cell is None else str(cell)
        note = getattr(e, "note", "")
        at = r.at(col, cell)
        if e.type == "primary-key":
            k = tuple(r.cells.get(c, "") for c in s["primaryKey"])
            first = first_seen.get(k)
            key = ", ".join(k)
            out.append(at.error("duplicate", f"a second value for ({key})", hint=(
                f"the first is row {first.row}" + (f" of sheet {first.sheet!r}" if first and first.sheet else "")
                if first else "one value per unit, year and indicator")))
            continue
        if col is None:
            out.append(at.error(e.type, e.message))
            continue
        bad.add((i, col))
        if e.type == "type-error":
            if col == "value":
                out.append(at.error("not-a-number", f"{cell!r} is not a number", hint=_number_hint(text)))
            elif col == "year":
                out.append(at.error("bad-year", f"{cell!r} is not a year", hint="four digits, e.g. 2018"))
            elif col == "source_url":
                out.append(at.error("bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://"))
            else:
                out.append(at.error("type", f"{cell!r}: {note}"))
        elif "required" in note:
            out.append(at.error("empty", f"column {col!r} is empty", hint="every row names its unit, year and indicator"))
        elif col == "unit":
            out.append(at.error("unknown-unit", f"unknown unit {cell!r}", hint=_unit_hint(text, plan)))
        elif col == "indicator":
            close = difflib.get_close_matches(text, list(inds), n=1)
            out.append(at.error("unknown-indicator", f"unknown indicator {cell!r}",
                                hint=(f"did you mean {close[0]!r}? " if close else "") + f"indicators: {', '.join(inds)}"))
        elif col == "year":
            out.append(at.error("year-out-of-range", f"year {cell} is outside {lo}–{hi}",
                                hint=f"a record covers the plan's base year {lo} to its target year {hi}"))
        elif col == "status":
            out.append(at.error("unknown-status", f"unknown status {cell!r}", hint=_status_hint(plan)))
        elif col == "source_date":
            out.append(at.error("bad-date", f"{cell!r} is not a date", hint="YYYY, YYYY-MM or YYYY-MM-DD"))
        elif col == "source_url":
            out.append(at.error("bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://"))
        else:
            out.append(at.error(e.type, f"{cell!r}: {note}"))
    return out, bad


# What a value and a year cell may hold: ASCII digits only. Python's float() (and so the Table Schema
# check) also takes "1_000", full-width "２３０" and Arabic-Indic "٢٣٠", which pandas then refuses.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_PLAIN_INT = re.compile(r"[0-9]{4}", re.ASCII)  # a year as four ASCII digits: not "02018", "+2018", "２０１８"


def _year_findings(rows: list[Row], bad: set[tuple[int, str]]) -> list[Finding]:
    """A year the Table Schema took but that is not written in ASCII digits (２０１８, 2_018)."""
    out = []
    for i, r in enumerate(rows):
        y = r.cells.get("year", "")
        if (i, "year") not in bad and y and not _PLAIN_INT.fullmatch(y):
            bad.add((i, "year"))
            out.append(r.at("year", y).error("bad-year", f"{y!r} is not a year of four plain digits", hint=_number_hint(y)))
    return out


def _bound_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """The per-indicator bounds of ``jnjp:indicators`` on cells that passed the Table Schema."""
    out = []
    inds = indicators(plan)
    for i, r in enumerate(rows):
        c = r.cells
        if (i, "value") in bad or (i, "indicator") in bad or c.get("value", "") == "":
            continue
        ind = inds[c["indicator"]]
        v = float(c["value"])
        year_ok = (i, "year") not in bad and _PLAIN_INT.fullmatch(c.get("year", "")) is not None
        year = int(c["year"]) if year_ok else None
        at = r.at("value", c["value"], year=year, indicator=ind.name)
        if not math.isfinite(v):
            out.append(at.error("not-finite", f"{c['value']!r} is not a finite number", hint="a plain number"))
            continue
        if not _PLAIN_NUMBER.fullmatch(c["value"]):
            out.append(at.error("not-a-number", f"{c['value']!r} is not a plain number", hint=_number_hint(c["value"])))
            continue
        lo = -math.inf if ind.minimum_exclusive is None else ind.minimum_exclusive
        hi = math.inf if ind.maximum_exclusive is None else ind.maximum_exclusive
        if ind.kind == "fraction" and not (lo < v < hi):
            hint = (f"did you mean {v / 100:g}? fractions, not percent: {ind.unit}" if 1 <= abs(v) < 100
                    else f"fractions, not percent: {ind.unit}")
            out.append(at.error("fraction-out-of-range", f"{ind.name} = {c['value']} is not a fraction between "
                                f"{lo:g} and {hi:g}", hint=hint))
        if ind.kind == "amount" and ind.minimum is not None and v < ind.minimum:
            out.append(at.error("negative", f"{ind.label_en} = {c['value']} is negative",
                                hint=f"{ind.name} is an amount in {ind.unit}"))
        if ind.first_year and year is not None and year < ind.first_year:
            out.append(replace(at, column="year").error("year-not-allowed", f"{ind.name} has no value for {year}",
                                                        hint=f"{ind.label_en}: the first year is {ind.first_year}"))
    return out


def _excel_unit_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """The template's unit column is written from the indicator; a changed unit means the value is
    probably in another unit, so it is an error, not a guess."""
    out = []
    inds = indicators(plan)
    for i, r in enumerate(rows):
        u = r.cells.get(UNIT_COLUMN)
        if u is None or (i, "indicator") in bad or r.cells.get("indicator", "") not in inds:
            continue
        ind = inds[r.cells["indicator"]]
        if u not in ("", ind.unit_zh, ind.unit):
            out.append(r.at(UNIT_COLUMN, u, indicator=ind.name).error(
                "unit-changed", f"the unit column says {u!r}, but {ind.name} is in {ind.unit_zh} ({ind.unit})",
                hint=f"convert the value to {ind.unit} and restore the unit cell"))
    return out


def _frame(rows: list[Row], plan: Plan) -> pd.DataFrame:
    cols = columns(plan)
    d = pd.DataFrame([[r.cells.get(c, "") for c in cols] + [r.file, r.sheet or "", r.row] for r in rows],
                     columns=[*cols, "file", "sheet", "row"])
    d["year"] = d["year"].astype("int64") if len(d) else d["year"]
    d["value"] = pd.to_numeric(d["value"].replace("", float("nan")), errors="raise").astype(float)
    d["row"] = d["row"].astype("int64")
    order = {u: k for k, u in enumerate(unit_keys(plan))}
    iorder = {n: k for k, n in enumerate(indicators(plan))}
    d = d.assign(_u=d["unit"].map(order), _i=d["indicator"].map(iorder))
    return d.sort_values(["_u", "year", "_i"]).drop(columns=["_u", "_i"]).reset_index(drop=True)


def _where(d: pd.DataFrame, idx: Any, column: str | None = None, value: object = None, *, unit: str | None = None,
           year: int | None = None, indicator: str | None = None) -> At:
    """Where row ``idx`` of a record frame came from (file, sheet, row), with the column, value and record row."""
    r = d.loc[idx]
    return At(r["file"], r["sheet"] or None, int(r["row"]), column, value, unit, year, indicator)


def _g(x: float) -> str:
    return f"{x:g}"


def _pct_text(x: float, nd: int = 1) -> str:
    return f"{100 * x:+.{nd}f}"


def _value_words(ind: Indicator, v: float) -> str:
    """A value as a sentence shows it in either language: a fraction as a percentage (11.5%), an amount as is."""
    return f"{100 * v:.4g}%" if ind.kind == "fraction" else _g(v)


def _warn(code: str, at: At, plan: Plan, *, hint: str | None = None, **args: str) -> Finding:
    """A warning at ``at`` whose sentence is ``find_<code>`` in :mod:`i18n` (English here, for the
    terminal; :func:`finding_text` gives it in the page's language), with ``args`` as its parameters."""
    from jnjp_analysis.i18n import t

    full = {"unit": at.unit or "", "indicator": at.indicator or "", "year": "" if at.year is None else str(at.year),
            **args}
    return Finding("warning", code, t(f"find_{code}", "en", plan=plan, **full), at.file, at.sheet, at.row, at.column,
                   at.value, hint, at.unit, at.year, at.indicator, tuple(sorted(args.items())))


def finding_text(f: Finding, lang: str, *, plan: PlanLike = None) -> str:
    """A finding's sentence in ``lang`` (plain text: escape it where a page shows it). Units and
    indicators by their names in that language; a finding without an i18n sentence keeps its message.

    Parameters
    ----------
    f : Finding
        The finding.
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None
        The plan of the record it is about (see :func:`get_plan`).

    Returns
    -------
    str
        The sentence, plain text.
    """
    from jnjp_analysis.i18n import has, t

    key = f"find_{f.code}"
    if not has(key):
        return f.message
    pl = get_plan(plan)
    ind = indicators(pl).get(f.indicator or "")
    full = {"unit": unit_name(f.unit, lang, plan=pl) if f.unit in unit_keys(pl) else (f.unit or ""),
            "indicator": ind.label(lang) if ind else (f.indicator or ""),
            "year": "" if f.year is None else str(f.year), **dict(f.args or ())}
    if "names" in full:
        full["names"] = t("comma_sep", lang).join(unit_name(u, lang, plan=pl) for u in str(full["names"]).split(", "))
    return t(key, lang, plan=pl, **full)


def plan_reference(plan: PlanLike = None) -> dict[str, dict[str, float]]:
    """What the plan says of each unit, for the plausibility checks: ``energy_base`` and
    ``energy_cap`` (its energy targets, 10^4 tce) and ``<pollutant>_cap`` (its pollutant caps,
    10^4 t); the region's are the sums of the units' (Tibet's plan body gives no base).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict of str to dict of str to float
        Unit (``"region"`` or a unit's slug) → ``energy_base`` and ``energy_cap`` (10^4 tce) and one
        ``<pollutant>_cap`` per pollutant the plan caps (10^4 t). Cached per plan.
    """
    return _plan_reference(get_plan(plan))


@lru_cache(maxsize=8)
def _plan_reference(plan: Plan) -> dict[str, dict[str, float]]:
    caps = {(u, p): float(v) for u, p, v, _ in plan.caps}
    out = {s: {"energy_base": float(plan.targets(s).energy_base_10k_tce),
               "energy_cap": float(plan.targets(s).cap_target_10k_tce),
               **{f"{p.slug}_cap": caps[(s, p.slug)] for p in plan.pollutants}} for s in plan.slugs}
    out[REGION] = {k: float(sum(out[s][k] for s in plan.slugs)) for k in out[plan.slugs[0]]}
    return out


def _plausibility_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """Each value against what the plan makes plausible (``jnjp:plausibility``): a unit slip (off by
    a power of ten from the plan's base or cap) or a rate far outside what Chinese statistics show
    is an *error* with a hint; a value merely far off is a *warning*."""
    out: list[Finding] = []
    rules_ = schema(plan)["jnjp:plausibility"]
    ref = plan_reference(plan)
    inds = indicators(plan)
    ok = [(i, r) for i, r in enumerate(rows)
          if not any((i, col) in bad for col in ("value", "indicator", "unit", "year")) and r.cells.get("value", "") != ""]
    # a pollutant the plan cuts from the base year: each value against the record's own base-year value
    cut_names = {f"{p.slug}_10k_t" for p in plan.cut_pollutants}
    cut_base = {(r.cells["unit"], r.cells["indicator"]): float(r.cells["value"]) for _, r in ok
                if r.cells["indicator"] in cut_names and int(r.cells["year"]) == plan.base_year}
    for i, r in ok:
        c = r.cells
        name, unit = c["indicator"], c["unit"]
        v, ind, year = float(c["value"]), inds[name], int(c["year"])
        cell = At(r.file, r.sheet, r.row, "value", c["value"], unit, year, name)  # errors quote the cell as typed
        num = replace(cell, value=v)  # warnings carry the number
        uname = unit_name(unit, "zh", plan=plan)
        if name in cut_names:
            base = cut_base.get((unit, name))
            if year == plan.base_year or base is None or base <= 0 or v <= 0:
                continue  # nothing to compare with (a missing base year is warned in _warnings)
            rule, B = rules_["pollutant"], plan.base_year
            ratio = v / base
            if ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]:
                k = round(math.log10(base / v))
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the record's {B} "
                                      f"value {base:g} {ind.unit} (a cut of {100 * (1 - ratio):.4g} %): a unit slip?",
                                      hint=f"one of the two in another unit? {base / 10 ** k:g} × {ind.unit} in {B}, "
                                           f"or {v * 10 ** k:g} in {year}? (the cut from {B} is graded on both)"))
            elif ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]:
                out.append(_warn("far-from-base", num, plan, value_text=_g(v), base=_g(base), base_year=str(B),
                                 ratio=f"{ratio:.3g}", hint="check the unit (10^4 t) and the source of both years"))
            continue
        if name == "co2_10k_tco2":
            cap = plan.targets(unit).carbon_cap_10k_tco2
            if cap is None or cap <= 0 or v <= 0:
                continue  # no carbon cap for this unit: nothing in the plan to compare with
            rule = rules_.get("co2_10k_tco2", rules_["pollutant"])  # an amount against its target-year cap
            ratio = v / cap
            if ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]:
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the plan's "
                                      f"carbon cap {cap:g} {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, cap, f"the plan's carbon cap for {uname} is {cap:g}",
                                                           ind.unit)))
            elif ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]:
                out.append(_warn("far-from-carbon-cap", num, plan, value_text=_g(v), cap=_g(cap), ratio=f"{ratio:.3g}",
                                 hint="check the unit (10^4 t CO2) and the source"))
            continue
        if name == "energy_10k_tce":
            rule, base, cap = rules_["energy_10k_tce"], ref[unit]["energy_base"], ref[unit]["energy_cap"]
            lo_refuse, hi_refuse = rule["refuse_below_base"] * base, rule["refuse_above_cap"] * cap
            if v < lo_refuse or v > hi_refuse:
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {v / base:.3g} × the plan's base "
                                      f"{base:g} (cap {cap:g}) {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, base, f"the plan's base for {uname} is {base:g}", ind.unit)))
            elif v < rule["warn_below_base"] * base or v > rule["warn_above_cap"] * cap:
                out.append(_warn("far-from-plan", num, plan, value_text=_g(v), ref=_g(base), cap=_g(cap),
                                 hint="check the unit (10^4 tce) and the source"))
        elif name.endswith("_10k_t"):
            if f"{name.removesuffix('_10k_t')}_cap" not in ref[unit]:
                continue  # a pollutant the plan cuts from the base year: no amount in the plan to compare with
            rule = rules_["pollutant"]
            cap = ref[unit][f"{name.removesuffix('_10k_t')}_cap"]
            ratio = v / cap if cap > 0 else math.inf
            if v > 0 and (ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]):
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the plan's "
                                      f"target-year cap {cap:g} {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, cap, f"the plan's cap for {uname} is {cap:g}", ind.unit)))
            elif v > 0 and (ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]):
                out.append(_warn("far-from-cap", num, plan, value_text=_g(v), cap=_g(cap), ratio=f"{ratio:.3g}",
                                 hint="check the unit (10^4 t) and the source"))
        elif name in rules_:
            rule = rules_[name]
            (rlo, rhi), (wlo, whi) = rule["refuse"], rule["warn"]
            if not rlo < v < rhi:
                hint = (f"did you mean {v / 10:g}? fractions: 0.078 for 7.8 %" if wlo <= v / 10 <= whi
                        else f"a real rate between {rlo:g} and {rhi:g} ({ind.unit})")
                out.append(cell.error("implausible-rate", f"{name} = {c['value']} ({100 * v:g} %) is outside the "
                                      f"plausible range {rlo:g} to {rhi:g}", hint=hint))
            elif not wlo <= v <= whi:
                out.append(_warn("unusual-rate", num, plan, value_text=_pct_text(v), lo=_pct_text(wlo),
                                 hi=_pct_text(whi), hint="check it against the source"))
    return out


def _magnitude_hint(v: float, ref: float, said: str, unit: str) -> str:
    """"230 × 10^4 tce? the plan's base for 拉萨 is 215": ``v`` moved by the power of ten nearest to ``ref``."""
    if v <= 0:
        return f"{said} {unit}"
    k = round(math.log10(v / ref))
    if k == 0:
        return f"{said} {unit}"
    return f"{v / 10 ** k:g} × {unit}? {said}"


def _warnings(d: pd.DataFrame, plan: Plan) -> list[Finding]:
    """The accepted-but-flagged findings (module docstring), on a frame of rows without errors; the
    sign slips found on the way come back as errors (:func:`_base_and_consistency`)."""
    out: list[Finding] = []
    inds = indicators(plan)
    rl = rules(plan)
    src_cols = ("status", "source_title", "source_issuer", "source_date", "source_url", "source_quote")
    for idx, r in d.iterrows():
        at = _where(d, idx, "value", unit=str(r["unit"]), year=int(r["year"]), indicator=str(r["indicator"]))
        if math.isnan(r["value"]):
            if any(r[c] for c in src_cols):
                out.append(_warn("no-value", at, plan, hint="fill the value, or clear the row"))
            continue
        if not r["source_title"] and not r["source_issuer"]:
            out.append(_warn("no-source", replace(at, column="source_title"), plan, value_text=_g(r["value"]),
                             hint="name the yearbook, bulletin or office it comes from"))
        if not r["status"]:
            out.append(_warn("no-status", replace(at, column="status"), plan, hint=_status_hint(plan)))
        elif r["status"] == ESTIMATE:
            out.append(_warn("estimate", replace(at, column="status"), plan,
                             value_text=_value_words(inds[r["indicator"]], r["value"]),
                             hint="replace it with the statistics bulletin's figure when one is found"))
    typed = d[d["value"].notna()]  # every value, estimates too: the jumps are checked on what was typed
    vals = typed[typed["status"] != ESTIMATE]  # the values computed with: the checks that compare figures
    for (unit, name), g_all in typed.groupby(["unit", "indicator"], sort=False):
        g_all = g_all.sort_values("year")
        g = g_all[g_all["status"] != ESTIMATE]
        ind = inds[name]
        years = list(g["year"])
        same = (d["unit"] == unit) & (d["indicator"] == name)
        # a year with a note and no value, or with an estimate only, is a documented gap, not a silent one
        documented = set(d[same & d["value"].isna() & (d["note"] != "")]["year"]) | set(g_all[g_all["status"] == ESTIMATE]["year"])
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years and y not in documented] if years else []
        if missing and not ind.cumulative and name != "gdp_growth_avg":  # (a schema of 0.1.0 has no 'cumulative')
            out.append(_warn("gap", _where(d, g.index[-1], "year", unit=unit, year=missing[0], indicator=name), plan,
                             missing=", ".join(map(str, missing)), first=str(years[0]), last=str(years[-1]),
                             hint="analyses that need every year stop before the gap"))
        if ind.jump_check:
            bound = rl["jump_bound"]
            rows_ = list(g_all.iterrows())
            for (_, a), (i1, b) in zip(rows_, rows_[1:]):
                if b["year"] == a["year"] + 1 and a["value"] > 0 and abs(b["value"] / a["value"] - 1) > bound:
                    ch = b["value"] / a["value"] - 1
                    out.append(_warn("jump", _where(d, i1, "value", b["value"], unit=unit, year=int(b["year"]),
                                                    indicator=name), plan,
                                     a=_g(a["value"]), y0=str(a["year"]), b=_g(b["value"]),
                                     change=f"{100 * ch:+.1f}", bound=_g(100 * bound),
                                     hint="check it against the source; a unit slip (tce for 10^4 tce) looks like this"))
    out += _cuts_without_base(d, vals, plan)
    out += _sums(d, vals, plan)
    out += _base_and_consistency(d, vals, plan)
    return out


def _cuts_without_base(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """A pollutant the plan cuts from the base year, with a target-year value but none of the base
    year: the cut (1 − E(target) / E(base)) cannot be graded; warned at the target-year value."""
    out: list[Finding] = []
    B, Y = plan.base_year, plan.target_year
    for p in plan.cut_pollutants:
        name = f"{p.slug}_10k_t"
        of = vals[vals["indicator"] == name]
        for unit, g in of.groupby("unit", sort=False):
            years = set(g["year"])
            if Y in years and B not in years:
                idx = g.index[list(g["year"]).index(Y)]
                out.append(_warn("cut-without-base", _where(d, idx, "value", g.loc[idx, "value"], unit=str(unit),
                                                            year=Y, indicator=name), plan,
                                 base_year=str(B), hint=f"add the {B} value of the same source and unit"))
    return out


def _clause(plan: Plan, label: str) -> str:
    """"clause (二十三)" for a clause number of the plan's ``jnjp:plan.labels`` (English), else "the plan"."""
    no = plan.descriptor.get("jnjp:plan", {}).get("labels", {}).get("en", {}).get(label)
    return f"clause ({no})" if no else "the plan"


def _sums(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """数据衔接: the units against the region's total — all of them (the gap), or those known
    so far when they already exceed it."""
    out: list[Finding] = []
    tol = rules(plan)["sum_tolerance"]
    n_all = len(plan.slugs)
    for name, ind in indicators(plan).items():
        if not ind.sum_check:
            continue
        sub = vals[vals["indicator"] == name]
        for year, g in sub.groupby("year"):
            reg = g[g["unit"] == REGION]
            pref = g[g["unit"] != REGION]
            if not len(reg) or not len(pref):
                continue
            total, s = float(reg["value"].iloc[0]), float(pref["value"].sum())
            gap = s - total
            at = _where(d, reg.index[0], "value", total, unit=REGION, year=int(year), indicator=name)
            if len(pref) == n_all and total > 0 and abs(gap) > tol * total:
                out.append(_warn("sum", at, plan, n=str(n_all), s=_g(s), total=_g(total), gap=f"{gap:+g}",
                                 unit_of=ind.unit, pct=f"{100 * gap / total:+.1f}",
                                 hint=f"{_clause(plan, 'warning_no')} asks for statistics that 基本衔接; beyond "
                                      f"±{100 * tol:g} % is flagged"))
            elif len(pref) < n_all and s > total * (1 + tol):
                out.append(_warn("partial-sum", at, plan, n=str(len(pref)), names=", ".join(pref["unit"]),
                                 s=_g(s), total=_g(total), unit_of=ind.unit,
                                 hint="part of the region cannot exceed the whole: check the units and the sources"))
    return out


def _base_and_consistency(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """The base-year consumption against the plan's base; the intensity change against the record's
    energy and growth (the plan's base standing in for a missing base-year consumption, as in the
    analysis); an average growth against the annual ones."""
    out: list[Finding] = []
    rl = rules(plan)
    ref = plan_reference(plan)
    base_year = plan.base_year
    for idx, r in vals[(vals["indicator"] == "energy_10k_tce") & (vals["year"] == base_year)].iterrows():
        pb = ref[r["unit"]]["energy_base"]
        if abs(r["value"] - pb) > rl["base_tolerance"] * pb:
            out.append(_warn("base", _where(d, idx, "value", r["value"], unit=r["unit"], year=base_year,
                                            indicator="energy_10k_tce"), plan, value_text=_g(r["value"]), base=_g(pb),
                             hint="the targets are set on the plan's base; the analysis uses it, not this value"))
    ctol, atol = rl["consistency_tolerance"], rl["average_tolerance"]
    for unit in unit_keys(plan):
        u = vals[vals["unit"] == unit]
        ser = {n: dict(zip(g["year"], g["value"])) for n, g in u.groupby("indicator")}
        en = {base_year: ref[unit]["energy_base"], **ser.get("energy_10k_tce", {})}
        en[base_year] = ref[unit]["energy_base"]  # the analysis' base (a differing record value is flagged above)
        gr, ic = ser.get("gdp_growth", {}), ser.get("intensity_change", {})
        for y, c in ic.items():
            if y in en and y - 1 in en and y in gr and en[y - 1] > 0:
                implied = en[y] / en[y - 1] / (1 + gr[y]) - 1
                idx = u[(u["indicator"] == "intensity_change") & (u["year"] == y)].index[0]
                at = _where(d, idx, "value", c, unit=unit, year=int(y), indicator="intensity_change")
                if abs(implied - c) <= ctol:
                    continue
                if abs(c + implied) <= ctol and abs(c) > ctol and abs(implied) > ctol:
                    out.append(at.error("sign-slip", f"intensity_change = {c:+.4f}, but energy and growth give "
                                        f"{implied:+.4f}: the same change with the other sign",
                                        hint="a fall in intensity is negative (-0.03 for a 3 % fall)"))
                    continue
                out.append(_warn("inconsistent", at, plan, c=f"{c:+.4f}", implied=f"{implied:+.4f}",
                                 hint="one of the three figures is from another vintage or basis"))
        for y, avg in ser.get("gdp_growth_avg", {}).items():
            annual = [gr[k] for k in range(base_year + 1, y + 1) if k in gr]
            if annual and len(annual) == y - base_year:
                implied = math.prod(1 + a for a in annual) ** (1 / len(annual)) - 1
                if abs(implied - avg) > atol:
                    idx = u[(u["indicator"] == "gdp_growth_avg") & (u["year"] == y)].index[0]
                    out.append(_warn("average", _where(d, idx, "value", avg, unit=unit, year=int(y),
                                                       indicator="gdp_growth_avg"), plan,
                                     avg=f"{100 * avg:.2f}", implied=f"{100 * implied:.2f}",
                                     first=str(base_year + 1), hint="the average and the annual figures disagree: "
                                     "check both against their sources"))
    return out


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


def _key(cells: dict[str, str]) -> tuple[str, str, str]:
    y = cells.get("year", "")
    return cells.get("unit", ""), str(int(y)) if y.isascii() and y.isdigit() else y, cells.get("indicator", "")


def shipped_record(plan: PlanLike = None) -> Path:
    """The record shipped with a plan: the first resource of its ``records/datapackage.json`` that
    follows the record format (what the pages show without ``--record``).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    pathlib.Path
        E.g. ``data/plans/xizang-13fyp/records/region_gdp.csv`` for Tibet's plan.

    Raises
    ------
    PlanError
        If the plan ships no record (no resource with ``"schema": "record.schema.json"``).
    """
    pl = get_plan(plan)
    f = find_shipped_record(pl)
    if f is None:
        raise PlanError(f"{pl.records_dir / 'datapackage.json'}: no resource with \"schema\": \"{SCHEMA_NAME}\" and "
                        f"the record's file name as 'path': plan {pl.id} ships no record")
    return f


def find_shipped_record(plan: PlanLike = None) -> Path | None:
    """:func:`shipped_record`, or None for a plan that ships none (its records/ has no descriptor or
    no record resource): its users' records are still read, only nothing is added or prefilled.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    pathlib.Path or None
        The shipped record's file, or None.
    """
    plan = get_plan(plan)
    if not (plan.records_dir / "datapackage.json").is_file():
        return None
    for r in provenance(plan).get("resources", []):
        if isinstance(r, dict) and r.get("schema") == SCHEMA_NAME and isinstance(r.get("path"), str) \
                and "/" not in r["path"] and ".." not in r["path"]:
            return plan.records_dir / r["path"]
    return None


def _with_shipped(good: list[Row], plan: Plan) -> tuple[list[Row], list[Finding], int]:
    """The shipped record's rows that the user's file does not have, before the user's rows; a
    warning for each shipped value the user's file replaces with another (or with nothing)."""
    shipped, _ = read_rows(shipped_record(plan), plan=plan)
    mine = {_key(r.cells): r for r in good}
    added, notes = [], []
    for r in shipped:
        k = _key(r.cells)
        if k not in mine:
            added.append(r)
            continue
        u = mine[k]
        theirs, ours = r.cells.get("value", ""), u.cells.get("value", "")
        if theirs and (ours == "" or float(ours) != float(theirs)):
            notes.append(_warn("replaces-shipped", At(u.file, u.sheet, u.row, "value", ours, k[0], int(k[1]), k[2]), plan,
                               ours=ours or "–", theirs=theirs, title=r.cells.get("source_title", ""),
                               hint="the file's value is used; check which source is right"))
    return added + good, notes, len([r for r in added if r.cells.get("value", "")])


def check(path: Path | str | None = None, *, with_shipped: bool = False, plan: PlanLike = None) -> CheckResult:
    """Validate a record file (CSV or Excel; default the plan's shipped record): every error and warning.

    ``with_shipped``: add the shipped record's values that the file does not have (what the pages
    show: a user's unit figures need not repeat the region's cited growth); a file value that
    replaces a shipped one is a warning. Errors are always the file's own.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the plan's shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have.
    plan : Plan, str, path-like or None
        The plan the record is checked against: its units, years, record format and targets (see
        :func:`get_plan`; None: the default plan).

    Returns
    -------
    CheckResult
        The accepted :class:`Record` (None if there are errors), the errors and the warnings.

    Raises
    ------
    JnjpError
        For a file that cannot be read at all (:func:`read_rows`): not a regular file, an unreadable
        workbook, beyond the limits. Errors in its content are findings, not exceptions.
    PlanError
        For a plan whose record format is missing or disagrees with it (:func:`schema`).
    """
    pl = get_plan(plan)
    shipped = find_shipped_record(pl)
    p = Path(path) if path is not None else shipped_record(pl)
    rows, structural = read_rows(p, plan=pl)  # refuses a FIFO, a link loop, a file beyond the limits
    is_shipped = shipped is not None and p.resolve() == shipped.resolve()
    errors = [f for f in structural if f.level == "error"]
    if any(f.code in ("missing-column", "unknown-column", "duplicate-column") for f in errors):
        return CheckResult(str(p), None, errors, [])
    fl, bad = _frictionless_findings(rows, pl)
    errors += fl + _year_findings(rows, bad) + _bound_findings(rows, bad, pl) + _excel_unit_findings(rows, bad, pl)
    erred = {(e.file, e.sheet, e.row) for e in errors}  # a set: linear in rows and errors
    bad |= {(i, "value") for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    plaus = _plausibility_findings(rows, bad, pl)  # on the values that passed every check above
    errors += [f for f in plaus if f.level == "error"]
    erred |= {(e.file, e.sheet, e.row) for e in errors}
    bad_rows = {i for i, _ in bad} | {i for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    good = [r for i, r in enumerate(rows) if i not in bad_rows]
    notes: list[Finding] = []
    added = 0
    if with_shipped and not is_shipped and shipped is not None:
        good, notes, added = _with_shipped(good, pl)
    d = _frame(good, pl)
    found = notes + [f for f in plaus if f.level == "warning"] + _warnings(d, pl)
    errors += [f for f in found if f.level == "error"]  # the sign slips the consistency check finds
    warnings = [f for f in found if f.level == "warning"]
    errors.sort(key=lambda f: (f.file, f.sheet or "", f.row or 0))
    warnings.sort(key=lambda f: (f.file != str(p), f.file, f.sheet or "", f.row or 0))
    rec = None if errors else Record(d, warnings, str(p), shipped=is_shipped, added_from_shipped=added, plan=pl)
    return CheckResult(str(p), rec, errors, warnings)


# ----------------------------------------------------------------------------- the accepted-record cache
# Validation imports frictionless, whose descriptor checks import jsonschema (≈ 2 s the first time in a
# process). A build validates the record once, in its preflight; the kernels that render the pages
# then read the accepted record from this cache instead of validating it again. JSON, not pickle;
# keyed by the bytes of the file, the shipped record and the schema, the plan's package (its text,
# units and targets: the plausibility and consistency rules read them), the package's own code (a new
# rule is never served stale) and the options; in the user's private cache folder (files.py: mode
# 0700, refused if anyone else could write there); an entry is used only if it names its own key
# and its body matches the hash it carries; anything else is ignored and rewritten.
def _cache_key(path: str, with_shipped: bool, plan: PlanLike = None) -> str:
    import hashlib

    from jnjp_analysis.files import package_source_sha

    pl = get_plan(plan)
    h = hashlib.sha256()
    plan_files = sorted(f for f in pl.folder.iterdir() if f.is_file())
    records_files = sorted(f for f in pl.records_dir.iterdir() if f.is_file())  # the shipped record, schema, descriptor
    for f in (Path(path), *records_files, *plan_files):
        h.update(f.name.encode() + hashlib.sha256(f.read_bytes()).digest())
    h.update(f"{package_source_sha()}|{with_shipped}|{path}|{pl.id}|{pl.folder}".encode())
    return h.hexdigest()


def _cache_file(key: str) -> Path | None:
    from jnjp_analysis.files import private_cache_dir

    d = private_cache_dir("records")
    return None if d is None else d / f"{key[:40]}.json"


def _cache_read(f: Path, key: str, plan: PlanLike = None) -> Record | None:
    import hashlib

    try:
        c = json.loads(f.read_text(encoding="utf-8"))
        body = c["body"]
        if c["key"] != key or hashlib.sha256(body.encode("utf-8")).hexdigest() != c["body_sha256"]:
            return None
        b = json.loads(body)
        d = pd.DataFrame(b["data"], columns=b["columns"])
        d = d.astype({"year": "int64", "row": "int64", "value": "float64"})
        ws = [Finding(**{**w, "args": tuple(tuple(a) for a in w["args"])}) for w in b["warnings"]]
        return Record(d, ws, b["path"], b["shipped"], b["added_from_shipped"], plan=get_plan(plan))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_write(f: Path, key: str, rec: Record) -> None:
    import hashlib

    from jnjp_analysis.files import atomic_write

    body = json.dumps({"columns": list(rec.data.columns), "data": rec.data.to_numpy().tolist(),
                       "warnings": [w.as_dict() for w in rec.warnings], "path": rec.path,
                       "shipped": rec.shipped, "added_from_shipped": rec.added_from_shipped},
                      ensure_ascii=False, default=str)
    entry = {"key": key, "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(), "body": body}
    try:
        atomic_write(f, json.dumps(entry, ensure_ascii=False), mode=0o600)
    except OSError:
        pass  # a cache that cannot be written costs time, never a result


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, with_shipped: bool, shipped_stamp: tuple[int, int],
          plan: Plan | None = None) -> Record:
    pl = get_plan(plan)
    key = _cache_key(path, with_shipped, pl)
    f = _cache_file(key)
    rec = _cache_read(f, key, pl) if f is not None and f.is_file() else None
    if rec is not None:
        return rec
    res = check(path, with_shipped=with_shipped, plan=pl)
    if res.record is None:
        raise RecordError(res.path, res.findings)
    if f is not None:
        _cache_write(f, key, res.record)
    return res.record


def load(path: Path | str | None = None, *, with_shipped: bool = False, plan: PlanLike = None) -> Record:
    """The validated record (default: the plan's shipped record, Tibet's
    ``data/plans/xizang-13fyp/records/region_gdp.csv``); a :class:`RecordError` listing every error if
    it is refused. ``with_shipped``: see :func:`check` (what the pages use). Cached until a file changes.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the plan's shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have (see :func:`check`).
    plan : Plan, str, path-like or None
        The plan the record is checked against (see :func:`get_plan`; None: the default plan). The
        record remembers it (:attr:`Record.plan`).

    Returns
    -------
    Record
        The validated record, with the warnings it was accepted with.

    Raises
    ------
    RecordError
        If the record has errors (``findings`` lists them all).
    JnjpError
        For a file that cannot be read (not found, not a regular file, beyond the limits).
    PlanError
        For a plan whose record format is missing or disagrees with it (:func:`schema`).
    """
    from jnjp_analysis.files import regular_file

    pl = get_plan(plan)
    shipped = find_shipped_record(pl)
    p = regular_file(path if path is not None else shipped_record(pl), "record")
    st = p.stat()
    stamp = (shipped.stat().st_mtime_ns, shipped.stat().st_size) if shipped is not None and shipped.is_file() else (0, 0)
    return _load(str(p), st.st_mtime_ns, st.st_size, with_shipped, stamp, pl)


def provenance(plan: PlanLike = None) -> dict[str, Any]:
    """The Data Package descriptor of the plan's ``records/`` folder (resources and the context facts).

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        The parsed ``datapackage.json`` (Tibet's: ``data/plans/xizang-13fyp/records/datapackage.json``).

    Raises
    ------
    PlanError
        If it is not valid JSON.
    """
    f = get_plan(plan).records_dir / "datapackage.json"
    try:
        out: dict[str, Any] = json.loads(files.read_text(f, "records provenance"))
    except json.JSONDecodeError as exc:
        raise PlanError(f"{f}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    return out
