"""The record format of a plan: its Table Schema, its indicators, bounds and limits, and the plan's
``records/`` package (the shipped record and its provenance).

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
is applied by :mod:`jnjp_analysis.records.validate`. Nothing else checks a record.

Every function takes ``plan`` (a :class:`Plan`, a shipped plan's id or a package folder), required
(never defaulted), resolved by :func:`jnjp_analysis.plan.load.required`; a
:class:`~jnjp_analysis.records.record.Record` remembers the plan it was read against.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

from jnjp_analysis import files
from jnjp_analysis.checks import DATE_PATTERN  # the one pattern a record format may hold
from jnjp_analysis.config import WHOLE_WORD_DEFAULT
from jnjp_analysis.errors import JnjpError, PlanError
from jnjp_analysis.plan.definition import REGION, Plan  # REGION: the one key of the whole region
from jnjp_analysis.plan.load import required as _required_plan

PlanLike: TypeAlias = "Plan | str | os.PathLike[str]"  # a Plan, a shipped plan's id, a package folder (required: never defaulted)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # spreadsheets read as the form
# Excel-only columns: written from the indicator, checked when read back (the indicator decides)
LABEL_COLUMN, UNIT_COLUMN = "label", "unit_of_value"
SCHEMA_NAME = "record.schema.json"  # the record format, in a plan's records/ folder
# the statistical basis of a value (a short label, e.g. "2024" for energy intensity as redefined from 2024):
# a column a plan's record format may declare; a record without it reads as one basis ("") throughout
BASIS_COLUMN = "basis"
OPTIONAL_COLUMNS = (BASIS_COLUMN,)  # a declared column a record's header may leave out (its cells read as "")
BASIS_MAX_CHARS = 32  # a label, not a sentence: why the basis changed belongs in the note
ESTIMATE = "estimate"  # the status of a figure announced before the year closed: kept and shown, never computed with
Level = Literal["error", "warning"]


def get_plan(plan: PlanLike) -> Plan:
    """The plan a record is read against: :func:`jnjp_analysis.plan.load.load` of ``plan``.

    Parameters
    ----------
    plan : Plan, str or path-like
        A Plan (returned as it is), a shipped plan's id, a plan package folder (required).

    Returns
    -------
    Plan
        The plan (loaded once per process and package state).

    Raises
    ------
    JnjpError
        If ``plan`` is None (a plan is required, never defaulted).
    PlanError
        If ``plan`` names no plan package, or the package is malformed.
    """
    return _required_plan(plan)


def unit_keys(plan: PlanLike) -> tuple[str, ...]:
    """The units a record of ``plan`` may hold: ``"region"``, then the plan's units in its order.

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        ``("region", *plan.slugs)``, e.g. ``("region", "lhasa", …, "ngari")`` for Tibet's plan.
    """
    return (REGION, *get_plan(plan).slugs)


def schema_file(plan: PlanLike) -> Path:
    """The file of the record format of ``plan``: ``record.schema.json`` in its ``records/`` folder.

    Parameters
    ----------
    plan : Plan, str or path-like
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


def schema(plan: PlanLike) -> dict[str, Any]:
    """The Table Schema of a record of ``plan``, with ``jnjp:indicators`` and ``jnjp:warnings``.

    What belongs to the plan comes from the plan: the ``unit`` enumeration (``"region"`` and the
    plan's units, in its order), the ``year`` minimum and maximum (its base and target year) and the
    ``indicator`` enumeration (the names of ``jnjp:indicators``) are filled in; a schema file that
    states any of them must agree with the plan, as must an indicator's ``first_year`` (a year of the
    plan) and the pollutant amounts (``<pollutant>_10k_t``: a pollutant the plan caps or cuts).

    Parameters
    ----------
    plan : Plan, str or path-like
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
    if BASIS_COLUMN in fields and fields[BASIS_COLUMN].get("type", "string") != "string":
        raise PlanError(f"{f}, field {BASIS_COLUMN!r}: type {fields[BASIS_COLUMN].get('type')!r}; the statistical basis "
                        "is a short text label (type string, e.g. \"2024\")")
    names = [d.get("name") for d in desc["jnjp:indicators"]]
    targeted = {f"{p.slug}_10k_t" for p in (*plan.pollutants, *plan.cut_pollutants)}
    targeted |= {f"{p.slug}_reduction_10k_t" for p in plan.reduction_pollutants}  # achieved by the key projects
    for i, d in enumerate(desc["jnjp:indicators"]):
        where = f"{f}, jnjp:indicators[{i}] ({d.get('name')!r})"
        if str(d.get("name", "")).endswith("_10k_t") and d["name"] not in targeted:
            red = ", ".join(p.slug for p in plan.reduction_pollutants)
            raise PlanError(f"{where}: a pollutant plan {plan.id} sets no target for (it caps "
                            f"{', '.join(p.slug for p in plan.pollutants) or 'none'} and cuts "
                            f"{', '.join(p.slug for p in plan.cut_pollutants) or 'none'}"
                            + (f"; its key projects reduce {red}" if red else "") + "): its values could be "
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


def columns(plan: PlanLike) -> tuple[str, ...]:
    """The columns of a record, in the schema's order.

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        The field names of ``record.schema.json`` (``unit``, ``year``, ``indicator``, ``value``, ``status``,
        the ``source_*`` columns and ``note``).
    """
    return tuple(f["name"] for f in schema(plan)["fields"])


def statuses(plan: PlanLike) -> tuple[str, ...]:
    """The statuses a value may have, in the schema's order (the ``status`` field's enumeration).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    tuple of str
        E.g. ``("preliminary", "revised", "final", "estimate", "not_stated")`` for Tibet's plan; a value
        with status :data:`ESTIMATE` is shown but not computed with (module docstring).
    """
    field_ = next(f for f in schema(plan)["fields"] if f["name"] == "status")
    return tuple(field_.get("constraints", {}).get("enum", ()))


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
        Whether the units' values are checked against the region's total (数据衔接).
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


def indicators(plan: PlanLike) -> dict[str, Indicator]:
    """The indicators a record may hold, in schema order (name → :class:`Indicator`).

    Parameters
    ----------
    plan : Plan, str or path-like
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


def rules(plan: PlanLike) -> dict[str, float]:
    """The warning bounds (``jump_bound``, ``sum_tolerance``, ``base_tolerance``, ``consistency_tolerance``).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        Bound name → value, as fractions (``jump_bound`` 0.25 = 25 %; ``average_tolerance`` too), from
        ``jnjp:warnings`` without its ``*_note`` entries.
    """
    return {k: v for k, v in schema(plan)["jnjp:warnings"].items() if not k.endswith("_note")}


def check_unit(unit: object, name: str = "unit", *, plan: PlanLike) -> str:
    """``unit`` if it is the region or a unit of the plan; else a JnjpError with the closest one.

    Parameters
    ----------
    unit : object
        The value to check: ``"region"`` or a unit's slug (Tibet's: ``"lhasa"``, … ``"ngari"``).
    name : str
        What the value is called in the error message (e.g. the argument's name).
    plan : Plan, str or path-like
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
        raise JnjpError(f"unknown {name} {unit!r}: {unit_hint(unit, pl)}")
    return unit


def check_indicator(indicator: object, *, plan: PlanLike) -> str:
    """``indicator`` if the record format has it; else a JnjpError with the closest name.

    Parameters
    ----------
    indicator : object
        The value to check: a name of :func:`indicators`.
    plan : Plan, str or path-like
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


def unit_name(unit: str, lang: str = "zh", *, plan: PlanLike) -> str:
    """The name of a unit in ``lang``: the region's full name, or the unit's as the plan prints it.

    Parameters
    ----------
    unit : str
        ``"region"`` or a unit's slug.
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str or path-like
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
    pl = get_plan(plan)
    if unit != REGION:
        return pl.name(unit, lang)
    region = str(pl.words(lang)["region"])
    return f"{region}（{whole_word(pl, lang)}）" if lang == "zh" else f"{region} ({whole_word(pl, lang)})"


def whole_word(plan: PlanLike, lang: str) -> str:
    """The plan's word for its whole area in ``lang`` (its label ``whole``: 全区, "region"), or the
    default word (:data:`config.WHOLE_WORD_DEFAULT`) where it gives none: the ``{whole}`` of the pages' texts.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (see :func:`get_plan`).
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The word (as given, not escaped).
    """
    whole = get_plan(plan).words(lang).get("whole")
    return whole.strip() if isinstance(whole, str) and whole.strip() else WHOLE_WORD_DEFAULT[lang]


def limits(plan: PlanLike) -> dict[str, float]:
    """The reading limits of ``jnjp:limits`` (file size, rows, cell length, unpacked workbook).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict
        ``max_file_mb`` (MB), ``max_rows``, ``max_cell_chars`` (characters), ``max_unzipped_mb`` (MB) and
        ``max_errors``, without the ``*_note`` entries.
    """
    return {k: v for k, v in schema(plan)["jnjp:limits"].items() if not k.endswith("_note")}


def _region_words(plan: Plan) -> set[str]:
    """What a user may type for the whole region, lower-cased: the plan's word for the whole (its
    ``jnjp:plan.labels`` ``whole``, e.g. 全区) and the first word of the region's English name (Tibet);
    its names as printed are found by :meth:`Plan.unit`."""
    labels = plan.descriptor.get("jnjp:plan", {}).get("labels", {})
    words = {str(v.get("whole", "")).lower() for v in labels.values() if isinstance(v, dict)}
    words.add(plan.region.name_en.split(" ")[0].lower())
    return words - {""}


def unit_hint(cell: str, plan: Plan) -> str:
    """What to write instead of ``cell`` in a unit column: the slug of a unit's printed name, ``region``
    for the plan's word for the whole, else the closest key (for the hint of an error).

    Parameters
    ----------
    cell : str
        What the user typed (``"拉萨市"``, ``"全区"``, ``"lasha"``, …).
    plan : Plan
        The plan whose units the record holds.

    Returns
    -------
    str
        E.g. ``"write 'lhasa' for 拉萨市"``, ``"write 'region' for the whole region"`` or
        ``"did you mean 'lhasa'? units: region, lhasa, …"``.
    """
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


def shipped_record(plan: PlanLike) -> Path:
    """The record shipped with a plan: the first resource of its ``records/datapackage.json`` that
    follows the record format (what the pages show without ``--record``).

    Parameters
    ----------
    plan : Plan, str or path-like
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


def find_shipped_record(plan: PlanLike) -> Path | None:
    """:func:`shipped_record`, or None for a plan that ships none (its records/ has no descriptor or
    no record resource): its users' records are still read, only nothing is added or prefilled.

    Parameters
    ----------
    plan : Plan, str or path-like
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


def provenance(plan: PlanLike) -> dict[str, Any]:
    """The Data Package descriptor of the plan's ``records/`` folder (resources and the context facts).

    Parameters
    ----------
    plan : Plan, str or path-like
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
