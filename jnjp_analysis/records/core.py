"""Records of observed statistics: the format, reading (CSV or the Excel template) and graded
validation.

**The format is described once**, as a Frictionless Table Schema, ``data/plans/xizang-13fyp/records/record.schema.json``:
one row per unit (the region or a prefecture), year and indicator, each value with its status and
source. Why Frictionless rather than pandera: the provenance of ``data/raw`` already is a
Frictionless Data Package; a Table Schema is plain JSON that a statistics office, R or a
spreadsheet tool can read without Python; and the Excel template is generated from it (columns,
drop-down lists, cell bounds). The schema is checked with the ``frictionless`` library (types,
required cells, enumerations, year range, date pattern, URL format, duplicate keys); what a Table
Schema cannot say — bounds that depend on the row's indicator, and the warnings — comes from the
schema's ``jnjp:indicators`` and ``jnjp:warnings`` and is applied here. Nothing else checks a record.

**Graded validation** (:func:`check`):

* *errors* refuse the file. Each names file, sheet (Excel), row, column and value, with a hint
  (``7.8`` for a fraction: "did you mean 0.078?"; ``拉萨市`` for a unit: "write 'lhasa'");
* *warnings* accept it and travel into the reports: a year-on-year jump beyond the stated bound,
  prefecture sums off the region's total (the 数据衔接 of clause (二十三)) with the gap, a gap in a
  series, a 2015 consumption off the plan's base, an intensity change inconsistent with the
  record's own energy and growth, a value without a source, a source without a value.

Nothing a user typed is dropped or coerced: unknown columns are refused, an Excel template row is
skipped only if every cell the user fills is empty.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from jnjp_analysis import BASE_YEAR, TARGET_YEAR, files
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import RECORD_SCHEMA as SCHEMA_FILE
from jnjp_analysis.config import RECORDS_DIR, SHIPPED_RECORD
from jnjp_analysis.plan import units as prefectures
from jnjp_analysis.plan.definition import REGION  # the one key of the whole region

UNITS: tuple[str, ...] = (REGION, *prefectures.SLUGS)
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".ods")  # spreadsheets read as the form
# Excel-only columns: written from the indicator, checked when read back (the indicator decides)
LABEL_COLUMN, UNIT_COLUMN = "label", "unit_of_value"
Level = Literal["error", "warning"]


class RecordError(JnjpError):
    """A record was refused; ``findings`` holds every error (and the warnings found with them)."""

    def __init__(self, path: str, findings: list[Finding]):
        self.path, self.findings = path, findings
        errors = [f for f in findings if f.level == "error"]
        shown = "\n".join(f"  {f}" for f in errors[:25])
        more = f"\n  … and {len(errors) - 25} more" if len(errors) > 25 else ""
        super().__init__(f"{path}: {len(errors)} error(s); the record is refused:\n{shown}{more}")


# ------------------------------------------------------------------------------------------ schema
@lru_cache(maxsize=1)
def schema() -> dict:
    """The Table Schema of a record (``record.schema.json``), with ``jnjp:indicators`` and ``jnjp:warnings``.

    Returns
    -------
    dict
        The parsed JSON descriptor: ``fields`` and the ``jnjp:indicators``, ``jnjp:warnings``,
        ``jnjp:limits`` and ``jnjp:plausibility`` extensions (read once, cached).
    """
    return json.loads(files.read_text(SCHEMA_FILE, "record schema"))


def columns() -> tuple[str, ...]:
    """The columns of a record, in the schema's order.

    Returns
    -------
    tuple of str
        The field names of ``record.schema.json`` (``unit``, ``year``, ``indicator``, ``value``, ``status``,
        the ``source_*`` columns and ``note``).
    """
    return tuple(f["name"] for f in schema()["fields"])


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


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """The indicators a record may hold, in schema order (name → :class:`Indicator`).

    Returns
    -------
    dict of str to Indicator
        Indicator name → its :class:`Indicator`, in the order of ``jnjp:indicators`` (cached).
    """
    return {d["name"]: Indicator(**d) for d in schema()["jnjp:indicators"]}


def rules() -> dict:
    """The warning bounds (``jump_bound``, ``sum_tolerance``, ``base_tolerance``, ``consistency_tolerance``).

    Returns
    -------
    dict
        Bound name → value, as fractions (``jump_bound`` 0.25 = 25 %; ``average_tolerance`` too), from
        ``jnjp:warnings`` without its ``*_note`` entries.
    """
    return {k: v for k, v in schema()["jnjp:warnings"].items() if not k.endswith("_note")}


def check_unit(unit: object, name: str = "unit") -> str:
    """``unit`` if it is the region or a prefecture slug; else a JnjpError with the closest one.

    Parameters
    ----------
    unit : object
        The value to check: ``"region"`` or a prefecture slug (``"lhasa"``, … ``"ngari"``).
    name : str
        What the value is called in the error message (e.g. the argument's name).

    Returns
    -------
    str
        ``unit``, unchanged.

    Raises
    ------
    JnjpError
        If ``unit`` is not a string, or not a known unit (with a hint: the slug of a Chinese name, or the closest one).
    """
    if not isinstance(unit, str):
        raise JnjpError(f"{name} must be a string (region or a prefecture slug), got {type(unit).__name__} {unit!r}")
    if unit not in UNITS:
        raise JnjpError(f"unknown {name} {unit!r}: {_unit_hint(unit)}")
    return unit


def check_indicator(indicator: object) -> str:
    """``indicator`` if the record format has it; else a JnjpError with the closest name.

    Parameters
    ----------
    indicator : object
        The value to check: a name of :func:`indicators`.

    Returns
    -------
    str
        ``indicator``, unchanged.

    Raises
    ------
    JnjpError
        If ``indicator`` is not a string or not an indicator of the record format (with the closest name).
    """
    if not isinstance(indicator, str) or indicator not in indicators():
        close = difflib.get_close_matches(str(indicator), list(indicators()), n=1)
        raise JnjpError(f"unknown indicator {indicator!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                        + f"; indicators: {', '.join(indicators())}")
    return indicator


def unit_name(unit: str, lang: str = "zh") -> str:
    """The name of a unit in ``lang``: the region's full name, or the prefecture's.

    Parameters
    ----------
    unit : str
        ``"region"`` or a prefecture slug.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        E.g. ``"西藏自治区"`` or ``"拉萨市"`` in Chinese.

    Raises
    ------
    JnjpError
        For an unknown prefecture slug.
    """
    from jnjp_analysis.i18n import t

    return t("region_full", lang) if unit == REGION else prefectures.get(unit).name(lang)


# ---------------------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
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
    args: tuple = ()  # the parameters of its i18n sentence (find_<code>), for the pages

    @property
    def where(self) -> str:
        """Where it is, as text: file, sheet, row and column (those known), comma-separated."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.level}: {self.where}: {self.message}{hint}"

    def as_dict(self) -> dict:
        """The finding as a plain dict (for JSON).

        Returns
        -------
        dict
            Keys ``level``, ``code``, ``file``, ``sheet``, ``row``, ``column``, ``value``, ``unit``, ``year``,
            ``indicator``, ``message``, ``hint`` and ``args``.
        """
        return {k: getattr(self, k) for k in ("level", "code", "file", "sheet", "row", "column", "value",
                                              "unit", "year", "indicator", "message", "hint", "args")}


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
    """

    data: pd.DataFrame
    warnings: list[Finding] = field(default_factory=list)
    path: str = ""
    shipped: bool = False
    added_from_shipped: int = 0  # values taken from the shipped record (load(..., with_shipped=True))

    def values(self) -> pd.DataFrame:
        """The rows with a value.

        Returns
        -------
        pandas.DataFrame
            The rows of ``data`` whose ``value`` is not NaN, same columns, index reset.
        """
        return self.data[self.data["value"].notna()].reset_index(drop=True)

    def series(self, unit: str, indicator: str) -> pd.Series:
        """Values of one unit and indicator, indexed by int year (years without a value left out).

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
        check_unit(unit)
        check_indicator(indicator)
        d = self.values()
        d = d[(d["unit"] == unit) & (d["indicator"] == indicator)]
        return pd.Series(d["value"].to_numpy(dtype=float), index=d["year"].to_numpy(dtype="int64"),
                         name=indicator).sort_index()

    def value(self, unit: str, year: int, indicator: str) -> float | None:
        """The value of one unit, year and indicator.

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
            The value (a fraction, or in the indicator's unit); None if the record has none.

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
            ``"region"`` and prefecture slugs.
        """
        have = set(self.values()["unit"])
        return [u for u in UNITS if u in have]

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


def limits() -> dict:
    """The reading limits of ``jnjp:limits`` (file size, rows, cell length, unpacked workbook).

    Returns
    -------
    dict
        ``max_file_mb`` (MB), ``max_rows``, ``max_cell_chars`` (characters), ``max_unzipped_mb`` (MB) and
        ``max_errors``, without the ``*_note`` entries.
    """
    return {k: v for k, v in schema()["jnjp:limits"].items() if not k.endswith("_note")}


def _cell_findings(rows: list[Row]) -> list[Finding]:
    """A cell longer than the limit is an error naming it (a page quotes every cell)."""
    n = limits()["max_cell_chars"]
    return [Finding("error", "cell-too-long", f"a cell of {len(v):,} characters (the limit is {n:,})", r.file, r.sheet,
                    r.row, c, v[:60] + "…", hint="quote the sentence the value comes from, not the document",
                    unit=r.cells.get("unit"), indicator=r.cells.get("indicator"))
            for r in rows for c, v in r.cells.items() if len(v) > n]


def _read_csv(path: Path) -> tuple[list[Row], list[Finding]]:
    header, rows = files.csv_rows(path, "record")
    findings = _header_findings(header, str(path), None, allowed=columns())
    return [Row(str(path), None, i, r) for i, r in rows], findings


def _header_findings(header: list[str], file: str, sheet: str | None, allowed: tuple[str, ...],
                     row: int = 1) -> list[Finding]:
    out = []
    cols = columns()
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


def _check_unpacked(path: Path, what: str) -> None:
    """Refuse a zipped spreadsheet (.xlsx, .ods) that unpacks beyond ``jnjp:limits``' max_unzipped_mb:
    a small file can unpack to gigabytes."""
    import zipfile

    cap = limits()["max_unzipped_mb"] * 1024 * 1024
    with zipfile.ZipFile(path) as z:
        size = sum(i.file_size for i in z.infolist())
    if size > cap:
        raise JnjpError(f"{path}: the {what} unpacks to {size / 1e6:,.0f} MB, above the limit of "
                        f"{cap / 1e6:.0f} MB for a record form (record.schema.json, jnjp:limits)")


def _open_workbooks(path: Path):
    """The workbook twice, read-only: with the values Excel stored, and with the formulas (to tell
    a formula whose value was never computed from an empty cell). The unpacked size is checked
    first (a small file can unpack to gigabytes)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        _check_unpacked(path, "workbook")
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


def _sheet_grid(ws_v, ws_f, f: str, findings: list[Finding]) -> list[list[str]]:
    """The sheet's cells as text, every row (the declared dimension is not trusted); a formula
    without a stored value is an error naming its cell, never an empty cell."""
    from openpyxl.utils import get_column_letter

    for ws in (ws_v, ws_f):
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # read to the last row really there, not to the declared <dimension>
    max_rows = limits()["max_rows"]
    grid = []
    # a form has a dozen columns; cells far to the right (XFD) would make every row 16,384 cells long, so
    # rows are read to a fixed width and any filled cell beyond it is found in the sheet's XML instead
    cols = len(columns()) + 30
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


def _xlsx_sheets(path: Path, findings: list[Finding]):
    """(title, grid) of every sheet of an .xlsx workbook (:func:`_sheet_grid`)."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    wb, wbf = _open_workbooks(path)
    try:
        for ws in wb.worksheets:
            try:  # read-only sheets are parsed lazily, here
                grid = _sheet_grid(ws, wbf[ws.title], str(path), findings)
            except (ParseError, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
                if isinstance(exc, JnjpError):
                    raise
                raise JnjpError(f"{path}, sheet {ws.title!r}: the sheet cannot be read ({type(exc).__name__}: {exc}); "
                                "open the file in Excel or LibreOffice and save it again") from None
            yield ws.title, grid
    finally:
        wb.close()
        wbf.close()


def _ods_expanded_size(path: Path) -> None:
    """Refuse an .ods whose repeated rows and cells (``number-rows-repeated``, ``number-columns-repeated``)
    expand beyond the row limit, or to more than 50 cells a row, before pandas expands them. Empty
    repeated rows and cells (LibreOffice writes them to the sheet's end) are not counted, as pandas
    does not expand them either."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    max_rows = limits()["max_rows"] + 50
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


def _ods_sheets(path: Path, findings: list[Finding]):
    """(title, grid) of every sheet of an OpenDocument spreadsheet (.ods: LibreOffice's and many WPS
    users' default), read with pandas' odf reader (odfpy): the values the office stored."""

    try:
        _check_unpacked(path, "spreadsheet")
        _ods_expanded_size(path)  # pandas expands repeated rows and cells in full: refuse a bomb first
        # keep_default_na=False, na_filter=False: a cell that says "N/A" or "null" is what the user typed
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="odf",
                               keep_default_na=False, na_filter=False)
    except JnjpError:
        raise
    except Exception as exc:  # noqa: BLE001 - odfpy raises many kinds for a file that is not an .ods
        raise JnjpError(f"{path}: not a readable OpenDocument spreadsheet (.ods): {type(exc).__name__}: {exc}") from None
    max_rows = limits()["max_rows"]
    for title, frame in sheets.items():
        if len(frame) > max_rows + 50:
            raise JnjpError(f"{path}, sheet {title!r}: more than {max_rows:,} rows, the limit for a record "
                            "(record.schema.json, jnjp:limits)")
        yield str(title), [[_cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _read_excel(path: Path) -> tuple[list[Row], list[Finding]]:
    """The rows of a record form saved as .xlsx (Excel, WPS, LibreOffice) or .ods, each sheet read
    through the same rules and messages."""
    rows: list[Row] = []
    findings: list[Finding] = []
    f = str(path)
    data_sheets = 0
    sheets = _ods_sheets(path, findings) if path.suffix.lower() == ".ods" else _xlsx_sheets(path, findings)
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
        if key not in UNITS:
            findings.append(Finding("error", "unknown-unit", f"the sheet's unit (cell B2) is {key!r}", f, title, 2,
                                    "B", key, hint=_unit_hint(key)))
            continue
        header = [h for h in grid[hdr]]
        while header and header[-1] == "":
            header.pop()
        allowed = (*columns(), LABEL_COLUMN, UNIT_COLUMN)
        findings += _header_findings(["unit", *header], f, title, allowed, row=hdr + 1)
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


def read_rows(path: Path | str) -> tuple[list[Row], list[Finding]]:
    """The rows of a record file (CSV, or an Excel workbook from the template) and the structural
    findings (header, sheets, formulas without values, cells over the length limit). A file that is
    not a regular file, or beyond the limits of ``jnjp:limits``, is refused (JnjpError).

    Parameters
    ----------
    path : Path or str
        A CSV file, or an ``.xlsx``/``.xlsm``/``.ods`` workbook filled from the template.

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

    lim = limits()
    p = regular_file(path, "record", max_bytes=lim["max_file_mb"] * 1024 * 1024)
    if p.suffix.lower() in EXCEL_SUFFIXES:
        rows, findings = _read_excel(p)
    elif p.suffix.lower() in (".xls", ".et", ".numbers", ".xlsb", ".ots", ".xltx", ".fods"):
        raise JnjpError(f"{p}: a {p.suffix} spreadsheet, which is not read: save it as .xlsx (Excel Workbook), "
                        ".ods (OpenDocument) or CSV UTF-8")
    else:
        rows, findings = _read_csv(p)
    if len(rows) > lim["max_rows"]:
        raise JnjpError(f"{p}: {len(rows):,} rows, above the limit of {lim['max_rows']:,} for a record "
                        "(record.schema.json, jnjp:limits)")
    return rows, findings + _cell_findings(rows)


# -------------------------------------------------------------------------------------- validation
def _unit_hint(cell: str) -> str:
    if cell == "全区" or cell.lower() in ("tibet", "xizang", "西藏", "西藏自治区"):
        return "write 'region' for the whole region"
    try:
        return f"write {prefectures.get(cell).slug!r} for {cell}"
    except JnjpError:
        close = difflib.get_close_matches(cell.lower(), UNITS, n=1)
        return (f"did you mean {close[0]!r}? " if close else "") + f"units: {', '.join(UNITS)}"


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


def _frictionless_findings(rows: list[Row]) -> tuple[list[Finding], set[tuple[int, str]]]:
    """Type, required, enum, range, pattern, format and duplicate-key errors from the frictionless
    library; returns them and the (row index, column) cells they concern."""
    from frictionless import Resource, Schema

    s = schema()
    table_schema = {k: s[k] for k in ("fields", "primaryKey", "missingValues")}
    cols = columns()
    data = [list(cols)] + [[r.cells.get(c, "") for c in cols] for r in rows]
    cap = limits()["max_errors"]
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
    lo, hi = BASE_YEAR, TARGET_YEAR
    first_seen: dict[tuple, Row] = {}
    for r in rows:  # the first row of each key, for the duplicate's hint (linear)
        first_seen.setdefault(tuple(r.cells.get(c, "") for c in s["primaryKey"]), r)
    for e in errs:
        if not hasattr(e, "row_number"):
            continue
        i = e.row_number - 2  # position 1 is the header
        r = rows[i]
        col = getattr(e, "field_name", None)
        cell = getattr(e, "cell", None)
        note = getattr(e, "note", "")
        base = dict(file=r.file, sheet=r.sheet, row=r.row, column=col, value=cell, unit=r.cells.get("unit"),
                    indicator=r.cells.get("indicator"))
        if e.type == "primary-key":
            k = tuple(r.cells.get(c, "") for c in s["primaryKey"])
            first = first_seen.get(k)
            key = ", ".join(k)
            out.append(Finding("error", "duplicate", f"a second value for ({key})", hint=(
                f"the first is row {first.row}" + (f" of sheet {first.sheet!r}" if first and first.sheet else "")
                if first else "one value per unit, year and indicator"), **base))
            continue
        if col is None:
            out.append(Finding("error", e.type, e.message, **base))
            continue
        bad.add((i, col))
        if e.type == "type-error":
            if col == "value":
                out.append(Finding("error", "not-a-number", f"{cell!r} is not a number", hint=_number_hint(cell), **base))
            elif col == "year":
                out.append(Finding("error", "bad-year", f"{cell!r} is not a year", hint="four digits, e.g. 2018", **base))
            elif col == "source_url":
                out.append(Finding("error", "bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://", **base))
            else:
                out.append(Finding("error", "type", f"{cell!r}: {note}", **base))
        elif "required" in note:
            out.append(Finding("error", "empty", f"column {col!r} is empty", hint="every row names its unit, year and indicator", **base))
        elif col == "unit":
            out.append(Finding("error", "unknown-unit", f"unknown unit {cell!r}", hint=_unit_hint(str(cell)), **base))
        elif col == "indicator":
            close = difflib.get_close_matches(str(cell), list(indicators()), n=1)
            out.append(Finding("error", "unknown-indicator", f"unknown indicator {cell!r}",
                               hint=(f"did you mean {close[0]!r}? " if close else "") + f"indicators: {', '.join(indicators())}",
                               **base))
        elif col == "year":
            out.append(Finding("error", "year-out-of-range", f"year {cell} is outside {lo}–{hi}",
                               hint=f"a record covers the plan's base year {lo} to its target year {hi}", **base))
        elif col == "status":
            out.append(Finding("error", "unknown-status", f"unknown status {cell!r}",
                               hint="preliminary (初步核算), revised (修订), final (最终核实) or not_stated", **base))
        elif col == "source_date":
            out.append(Finding("error", "bad-date", f"{cell!r} is not a date", hint="YYYY, YYYY-MM or YYYY-MM-DD", **base))
        elif col == "source_url":
            out.append(Finding("error", "bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://", **base))
        else:
            out.append(Finding("error", e.type, f"{cell!r}: {note}", **base))
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
            out.append(Finding("error", "bad-year", f"{y!r} is not a year of four plain digits", r.file, r.sheet, r.row, "year",
                               y, hint=_number_hint(y), unit=r.cells.get("unit"), indicator=r.cells.get("indicator")))
    return out


def _bound_findings(rows: list[Row], bad: set[tuple[int, str]]) -> list[Finding]:
    """The per-indicator bounds of ``jnjp:indicators`` on cells that passed the Table Schema."""
    out = []
    inds = indicators()
    for i, r in enumerate(rows):
        c = r.cells
        if (i, "value") in bad or (i, "indicator") in bad or c.get("value", "") == "":
            continue
        ind = inds[c["indicator"]]
        v = float(c["value"])
        year_ok = (i, "year") not in bad and _PLAIN_INT.fullmatch(c.get("year", "")) is not None
        base = dict(file=r.file, sheet=r.sheet, row=r.row, column="value", value=c["value"], unit=c.get("unit"),
                    indicator=ind.name, year=int(c["year"]) if year_ok else None)
        if not math.isfinite(v):
            out.append(Finding("error", "not-finite", f"{c['value']!r} is not a finite number", hint="a plain number", **base))
            continue
        if not _PLAIN_NUMBER.fullmatch(c["value"]):
            out.append(Finding("error", "not-a-number", f"{c['value']!r} is not a plain number",
                               hint=_number_hint(c["value"]), **base))
            continue
        if ind.kind == "fraction" and not (ind.minimum_exclusive < v < ind.maximum_exclusive):
            hint = (f"did you mean {v / 100:g}? fractions, not percent: {ind.unit}" if 1 <= abs(v) < 100
                    else f"fractions, not percent: {ind.unit}")
            out.append(Finding("error", "fraction-out-of-range", f"{ind.name} = {c['value']} is not a fraction between "
                               f"{ind.minimum_exclusive:g} and {ind.maximum_exclusive:g}", hint=hint, **base))
        if ind.kind == "amount" and ind.minimum is not None and v < ind.minimum:
            out.append(Finding("error", "negative", f"{ind.label_en} = {c['value']} is negative",
                               hint=f"{ind.name} is an amount in {ind.unit}", **base))
        if ind.first_year and base["year"] is not None and base["year"] < ind.first_year:
            out.append(Finding("error", "year-not-allowed", f"{ind.name} has no value for {base['year']}",
                               hint=f"{ind.label_en}: the first year is {ind.first_year}", column="year",
                               **{k: v for k, v in base.items() if k != "column"}))
    return out


def _excel_unit_findings(rows: list[Row], bad: set[tuple[int, str]]) -> list[Finding]:
    """The template's unit column is written from the indicator; a changed unit means the value is
    probably in another unit, so it is an error, not a guess."""
    out = []
    inds = indicators()
    for i, r in enumerate(rows):
        u = r.cells.get(UNIT_COLUMN)
        if u is None or (i, "indicator") in bad or r.cells.get("indicator", "") not in inds:
            continue
        ind = inds[r.cells["indicator"]]
        if u not in ("", ind.unit_zh, ind.unit):
            out.append(Finding("error", "unit-changed", f"the unit column says {u!r}, but {ind.name} is in {ind.unit_zh} ({ind.unit})",
                               r.file, r.sheet, r.row, UNIT_COLUMN, u, hint=f"convert the value to {ind.unit} and restore the unit cell",
                               unit=r.cells.get("unit"), indicator=ind.name))
    return out


def _frame(rows: list[Row]) -> pd.DataFrame:
    cols = columns()
    d = pd.DataFrame([[r.cells.get(c, "") for c in cols] + [r.file, r.sheet or "", r.row] for r in rows],
                     columns=[*cols, "file", "sheet", "row"])
    d["year"] = d["year"].astype("int64") if len(d) else d["year"]
    d["value"] = pd.to_numeric(d["value"].replace("", float("nan")), errors="raise").astype(float)
    d["row"] = d["row"].astype("int64")
    order = {u: k for k, u in enumerate(UNITS)}
    iorder = {n: k for k, n in enumerate(indicators())}
    d = d.assign(_u=d["unit"].map(order), _i=d["indicator"].map(iorder))
    return d.sort_values(["_u", "year", "_i"]).drop(columns=["_u", "_i"]).reset_index(drop=True)


def _where(d: pd.DataFrame, idx) -> dict:
    r = d.loc[idx]
    return dict(file=r["file"], sheet=r["sheet"] or None, row=int(r["row"]))


def _g(x: float) -> str:
    return f"{x:g}"


def _pct_text(x: float, nd: int = 1) -> str:
    return f"{100 * x:+.{nd}f}"


def _warn(code: str, where: dict, column: str, *, value: object = None, hint: str | None = None,
          unit: str | None = None, year: int | None = None, indicator: str | None = None, **args: str) -> Finding:
    """A warning whose sentence is ``find_<code>`` in :mod:`i18n` (English here, for the terminal;
    :func:`finding_text` gives it in the page's language), with ``args`` as its parameters."""
    from jnjp_analysis.i18n import t

    full = {"unit": unit or "", "indicator": indicator or "", "year": "" if year is None else str(year), **args}
    return Finding("warning", code, t(f"find_{code}", "en", **full), column=column, value=value, hint=hint,
                   unit=unit, year=year, indicator=indicator, args=tuple(sorted(args.items())), **where)


def finding_text(f: Finding, lang: str) -> str:
    """A finding's sentence in ``lang`` (plain text: escape it where a page shows it). Units and
    indicators by their names in that language; a finding without an i18n sentence keeps its message.

    Parameters
    ----------
    f : Finding
        The finding.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The sentence, plain text.
    """
    from jnjp_analysis.i18n import has, t

    key = f"find_{f.code}"
    if not has(key):
        return f.message
    ind = indicators().get(f.indicator or "")
    full = {"unit": unit_name(f.unit, lang) if f.unit in UNITS else (f.unit or ""),
            "indicator": ind.label(lang) if ind else (f.indicator or ""),
            "year": "" if f.year is None else str(f.year), **dict(f.args or ())}
    if "names" in full:
        full["names"] = t("comma_sep", lang).join(unit_name(u, lang) for u in str(full["names"]).split(", "))
    return t(key, lang, **full)


@lru_cache(maxsize=1)
def plan_reference() -> dict[str, dict[str, float]]:
    """What the plan says of each unit, for the plausibility checks: ``energy_base`` and
    ``energy_cap`` (annex 1, 10^4 tce) and ``<pollutant>_cap`` (annex 2, 10^4 t); the region's are
    the sums of the prefectures' (the plan body gives no base).

    Returns
    -------
    dict of str to dict of str to float
        Unit (``"region"`` or a prefecture slug) → ``energy_base`` and ``energy_cap`` (10^4 tce) and one
        ``<pollutant>_cap`` per pollutant (10^4 t). Cached.
    """
    from jnjp_analysis.plan import xizang_13fyp as source

    e = source.energy_targets().set_index("prefecture")
    pc = source.pollutant_caps().pivot(index="prefecture", columns="pollutant", values="cap_2020_10k_t")
    out = {s: {"energy_base": float(e.loc[s, "energy_2015_10k_tce"]), "energy_cap": float(e.loc[s, "cap_2020_10k_tce"]),
               **{f"{p}_cap": float(pc.loc[s, p]) for p in pc.columns}} for s in prefectures.SLUGS}
    out[REGION] = {k: float(sum(out[s][k] for s in prefectures.SLUGS)) for k in out[prefectures.SLUGS[0]]}
    return out


def _plausibility_findings(rows: list[Row], bad: set[tuple[int, str]]) -> list[Finding]:
    """Each value against what the plan makes plausible (``jnjp:plausibility``): a unit slip (off by
    a power of ten from the plan's base or cap) or a rate far outside what Chinese statistics show
    is an *error* with a hint; a value merely far off is a *warning*."""
    out: list[Finding] = []
    rules_ = schema()["jnjp:plausibility"]
    ref = plan_reference()
    inds = indicators()
    for i, r in enumerate(rows):
        c = r.cells
        if any((i, col) in bad for col in ("value", "indicator", "unit", "year")) or c.get("value", "") == "":
            continue
        name, unit = c["indicator"], c["unit"]
        v, ind, year = float(c["value"]), inds[name], int(c["year"])
        where = dict(file=r.file, sheet=r.sheet, row=r.row)
        meta = dict(unit=unit, year=year, indicator=name)
        uname = unit_name(unit, "zh")
        if name == "energy_10k_tce":
            rule, base, cap = rules_["energy_10k_tce"], ref[unit]["energy_base"], ref[unit]["energy_cap"]
            lo_refuse, hi_refuse = rule["refuse_below_base"] * base, rule["refuse_above_cap"] * cap
            if v < lo_refuse or v > hi_refuse:
                out.append(Finding("error", "implausible-amount", f"{name} = {c['value']} is {v / base:.3g} × the plan's base "
                                   f"{base:g} (cap {cap:g}) {ind.unit}: a unit slip?", column="value", value=c["value"],
                                   hint=_magnitude_hint(v, base, f"the plan's base for {uname} is {base:g}", ind.unit),
                                   **where, **meta))
            elif v < rule["warn_below_base"] * base or v > rule["warn_above_cap"] * cap:
                out.append(_warn("far-from-plan", where, "value", value=v, **meta, value_text=_g(v), ref=_g(base),
                                 cap=_g(cap), hint="check the unit (10^4 tce) and the source"))
        elif name.endswith("_10k_t"):
            rule = rules_["pollutant"]
            cap = ref[unit][f"{name.removesuffix('_10k_t')}_cap"]
            ratio = v / cap if cap > 0 else math.inf
            if v > 0 and (ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]):
                out.append(Finding("error", "implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the plan's "
                                   f"target-year cap {cap:g} {ind.unit}: a unit slip?", column="value", value=c["value"],
                                   hint=_magnitude_hint(v, cap, f"the plan's cap for {uname} is {cap:g}", ind.unit),
                                   **where, **meta))
            elif v > 0 and (ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]):
                out.append(_warn("far-from-cap", where, "value", value=v, **meta, value_text=_g(v), cap=_g(cap),
                                 ratio=f"{ratio:.3g}", hint="check the unit (10^4 t) and the source"))
        elif name in rules_:
            rule = rules_[name]
            (rlo, rhi), (wlo, whi) = rule["refuse"], rule["warn"]
            if not rlo < v < rhi:
                hint = (f"did you mean {v / 10:g}? fractions: 0.078 for 7.8 %" if wlo <= v / 10 <= whi
                        else f"a real rate between {rlo:g} and {rhi:g} ({ind.unit})")
                out.append(Finding("error", "implausible-rate", f"{name} = {c['value']} ({100 * v:g} %) is outside the "
                                   f"plausible range {rlo:g} to {rhi:g}", column="value", value=c["value"], hint=hint,
                                   **where, **meta))
            elif not wlo <= v <= whi:
                out.append(_warn("unusual-rate", where, "value", value=v, **meta, value_text=_pct_text(v),
                                 lo=_pct_text(wlo), hi=_pct_text(whi), hint="check it against the source"))
    return out


def _magnitude_hint(v: float, ref: float, said: str, unit: str) -> str:
    """"230 × 10^4 tce? the plan's base for 拉萨 is 215": ``v`` moved by the power of ten nearest to ``ref``."""
    if v <= 0:
        return f"{said} {unit}"
    k = round(math.log10(v / ref))
    if k == 0:
        return f"{said} {unit}"
    return f"{v / 10 ** k:g} × {unit}? {said}"


def _warnings(d: pd.DataFrame) -> list[Finding]:
    """The accepted-but-flagged findings (module docstring), on a frame of rows without errors; the
    sign slips found on the way come back as errors (:func:`_consistency`)."""
    out: list[Finding] = []
    inds = indicators()
    rl = rules()
    src_cols = ("status", "source_title", "source_issuer", "source_date", "source_url", "source_quote")
    for idx, r in d.iterrows():
        meta = dict(unit=r["unit"], year=int(r["year"]), indicator=r["indicator"])
        where = _where(d, idx)
        if math.isnan(r["value"]):
            if any(r[c] for c in src_cols):
                out.append(_warn("no-value", where, "value", hint="fill the value, or clear the row", **meta))
            continue
        if not r["source_title"] and not r["source_issuer"]:
            out.append(_warn("no-source", where, "source_title", value_text=_g(r["value"]),
                             hint="name the yearbook, bulletin or office it comes from", **meta))
        if not r["status"]:
            out.append(_warn("no-status", where, "status", hint="preliminary, revised, final or not_stated", **meta))
    vals = d[d["value"].notna()]
    for (unit, name), g in vals.groupby(["unit", "indicator"], sort=False):
        g = g.sort_values("year")
        years = list(g["year"])
        ind = inds[name]
        documented = set(d[(d["unit"] == unit) & (d["indicator"] == name) & d["value"].isna() & (d["note"] != "")]["year"])
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years and y not in documented]
        if missing and name != "gdp_growth_avg":
            out.append(_warn("gap", _where(d, g.index[-1]), "year", unit=unit, indicator=name, year=missing[0],
                             missing=", ".join(map(str, missing)), first=str(years[0]), last=str(years[-1]),
                             hint="analyses that need every year stop before the gap"))
        if ind.jump_check:
            bound = rl["jump_bound"]
            rows_ = list(g.iterrows())
            for (i0, a), (i1, b) in zip(rows_, rows_[1:]):
                if b["year"] == a["year"] + 1 and a["value"] > 0 and abs(b["value"] / a["value"] - 1) > bound:
                    ch = b["value"] / a["value"] - 1
                    out.append(_warn("jump", _where(d, i1), "value", value=b["value"], unit=unit, year=int(b["year"]),
                                     indicator=name, a=_g(a["value"]), y0=str(a["year"]), b=_g(b["value"]),
                                     change=f"{100 * ch:+.1f}", bound=_g(100 * bound),
                                     hint="check it against the source; a unit slip (tce for 10^4 tce) looks like this"))
    out += _sums(d, vals)
    out += _base_and_consistency(d, vals)
    return out


def _sums(d: pd.DataFrame, vals: pd.DataFrame) -> list[Finding]:
    """数据衔接: the prefectures against the region's total — all of them (the gap), or those known
    so far when they already exceed it."""
    out: list[Finding] = []
    tol = rules()["sum_tolerance"]
    n_all = len(prefectures.SLUGS)
    for name, ind in indicators().items():
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
            if len(pref) == n_all and total > 0 and abs(gap) > tol * total:
                out.append(_warn("sum", _where(d, reg.index[0]), "value", value=total, unit=REGION, year=int(year),
                                 indicator=name, n=str(n_all), s=_g(s), total=_g(total), gap=f"{gap:+g}",
                                 unit_of=ind.unit, pct=f"{100 * gap / total:+.1f}",
                                 hint=f"clause (二十三) asks for statistics that 基本衔接; beyond ±{100 * tol:g} % is flagged"))
            elif len(pref) < n_all and s > total * (1 + tol):
                out.append(_warn("partial-sum", _where(d, reg.index[0]), "value", value=total, unit=REGION,
                                 year=int(year), indicator=name, n=str(len(pref)), names=", ".join(pref["unit"]),
                                 s=_g(s), total=_g(total), unit_of=ind.unit,
                                 hint="part of the region cannot exceed the whole: check the units and the sources"))
    return out


def _base_and_consistency(d: pd.DataFrame, vals: pd.DataFrame) -> list[Finding]:
    """The base-year consumption against the plan's base; the intensity change against the record's
    energy and growth (the plan's base standing in for a missing base-year consumption, as in the
    analysis); an average growth against the annual ones."""
    out: list[Finding] = []
    rl = rules()
    ref = plan_reference()
    base_year = BASE_YEAR
    for idx, r in vals[(vals["indicator"] == "energy_10k_tce") & (vals["year"] == base_year)].iterrows():
        pb = ref[r["unit"]]["energy_base"]
        if abs(r["value"] - pb) > rl["base_tolerance"] * pb:
            out.append(_warn("base", _where(d, idx), "value", value=r["value"], unit=r["unit"], year=base_year,
                             indicator="energy_10k_tce", value_text=_g(r["value"]), base=_g(pb),
                             hint="the targets are set on the plan's base; the analysis uses it, not this value"))
    ctol, atol = rl["consistency_tolerance"], rl["average_tolerance"]
    for unit in UNITS:
        u = vals[vals["unit"] == unit]
        ser = {n: dict(zip(g["year"], g["value"])) for n, g in u.groupby("indicator")}
        en = {base_year: ref[unit]["energy_base"], **ser.get("energy_10k_tce", {})}
        en[base_year] = ref[unit]["energy_base"]  # the analysis' base (a differing record value is flagged above)
        gr, ic = ser.get("gdp_growth", {}), ser.get("intensity_change", {})
        for y, c in ic.items():
            if y in en and y - 1 in en and y in gr and en[y - 1] > 0:
                implied = en[y] / en[y - 1] / (1 + gr[y]) - 1
                idx = u[(u["indicator"] == "intensity_change") & (u["year"] == y)].index[0]
                if abs(implied - c) <= ctol:
                    continue
                if abs(c + implied) <= ctol and abs(c) > ctol and abs(implied) > ctol:
                    out.append(Finding("error", "sign-slip", f"intensity_change = {c:+.4f}, but energy and growth give "
                                       f"{implied:+.4f}: the same change with the other sign", column="value", value=c,
                                       hint="a fall in intensity is negative (-0.03 for a 3 % fall)", unit=unit,
                                       year=int(y), indicator="intensity_change", **_where(d, idx)))
                    continue
                out.append(_warn("inconsistent", _where(d, idx), "value", value=c, unit=unit, year=int(y),
                                 indicator="intensity_change", c=f"{c:+.4f}", implied=f"{implied:+.4f}",
                                 hint="one of the three figures is from another vintage or basis"))
        for y, avg in ser.get("gdp_growth_avg", {}).items():
            annual = [gr.get(k) for k in range(base_year + 1, y + 1)]
            if annual and all(a is not None for a in annual):
                implied = math.prod(1 + a for a in annual) ** (1 / len(annual)) - 1
                if abs(implied - avg) > atol:
                    idx = u[(u["indicator"] == "gdp_growth_avg") & (u["year"] == y)].index[0]
                    out.append(_warn("average", _where(d, idx), "value", value=avg, unit=unit, year=int(y),
                                     indicator="gdp_growth_avg", avg=f"{100 * avg:.2f}", implied=f"{100 * implied:.2f}",
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


def _with_shipped(good: list[Row]) -> tuple[list[Row], list[Finding], int]:
    """The shipped record's rows that the user's file does not have, before the user's rows; a
    warning for each shipped value the user's file replaces with another (or with nothing)."""
    shipped, _ = read_rows(SHIPPED_RECORD)
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
            notes.append(_warn("replaces-shipped", dict(file=u.file, sheet=u.sheet, row=u.row), "value", value=ours,
                               unit=k[0], year=int(k[1]), indicator=k[2], ours=ours or "–", theirs=theirs,
                               title=r.cells.get("source_title", ""),
                               hint="the file's value is used; check which source is right"))
    return added + good, notes, len([r for r in added if r.cells.get("value", "")])


def check(path: Path | str | None = None, *, with_shipped: bool = False) -> CheckResult:
    """Validate a record file (CSV or Excel; default the shipped record): every error and warning.

    ``with_shipped``: add the shipped record's values that the file does not have (what the pages
    show: a user's prefecture figures need not repeat the region's cited growth); a file value
    that replaces a shipped one is a warning. Errors are always the file's own.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have.

    Returns
    -------
    CheckResult
        The accepted :class:`Record` (None if there are errors), the errors and the warnings.

    Raises
    ------
    JnjpError
        For a file that cannot be read at all (:func:`read_rows`): not a regular file, an unreadable
        workbook, beyond the limits. Errors in its content are findings, not exceptions.
    """
    p = Path(path) if path is not None else SHIPPED_RECORD
    rows, structural = read_rows(p)  # refuses a FIFO, a link loop, a file beyond the limits
    is_shipped = p.resolve() == SHIPPED_RECORD.resolve()
    errors = [f for f in structural if f.level == "error"]
    if any(f.code in ("missing-column", "unknown-column", "duplicate-column") for f in errors):
        return CheckResult(str(p), None, errors, [])
    fl, bad = _frictionless_findings(rows)
    errors += fl + _year_findings(rows, bad) + _bound_findings(rows, bad) + _excel_unit_findings(rows, bad)
    erred = {(e.file, e.sheet, e.row) for e in errors}  # a set: linear in rows and errors
    bad |= {(i, "value") for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    plaus = _plausibility_findings(rows, bad)  # on the values that passed every check above
    errors += [f for f in plaus if f.level == "error"]
    erred |= {(e.file, e.sheet, e.row) for e in errors}
    bad_rows = {i for i, _ in bad} | {i for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    good = [r for i, r in enumerate(rows) if i not in bad_rows]
    notes: list[Finding] = []
    added = 0
    if with_shipped and not is_shipped:
        good, notes, added = _with_shipped(good)
    d = _frame(good)
    found = notes + [f for f in plaus if f.level == "warning"] + _warnings(d)
    errors += [f for f in found if f.level == "error"]  # the sign slips the consistency check finds
    warnings = [f for f in found if f.level == "warning"]
    errors.sort(key=lambda f: (f.file, f.sheet or "", f.row or 0))
    warnings.sort(key=lambda f: (f.file != str(p), f.file, f.sheet or "", f.row or 0))
    rec = None if errors else Record(d, warnings, str(p), shipped=is_shipped, added_from_shipped=added)
    return CheckResult(str(p), rec, errors, warnings)


# ----------------------------------------------------------------------------- the accepted-record cache
# Validation imports frictionless, whose descriptor checks import jsonschema (≈ 2 s the first time in a
# process). A build validates the record once, in its preflight; the kernels that render the pages
# then read the accepted record from this cache instead of validating it again. JSON, not pickle;
# keyed by the bytes of the file, the shipped record and the schema, the package's own code (a new
# rule is never served stale) and the options; in the user's private cache folder (files.py: mode
# 0700, refused if anyone else could write there); an entry is used only if it names its own key
# and its body matches the hash it carries; anything else is ignored and rewritten.
def _cache_key(path: str, with_shipped: bool) -> str:
    import hashlib

    from jnjp_analysis.files import package_source_sha

    h = hashlib.sha256()
    from jnjp_analysis.config import PLAN_FILE

    # the plan text too: the plausibility and consistency rules read its annexes (plan_reference)
    for f in (Path(path), SHIPPED_RECORD, SCHEMA_FILE, PLAN_FILE):
        h.update(hashlib.sha256(f.read_bytes()).digest())
    h.update(f"{package_source_sha()}|{with_shipped}|{path}".encode())
    return h.hexdigest()


def _cache_file(key: str) -> Path | None:
    from jnjp_analysis.files import private_cache_dir

    d = private_cache_dir("records")
    return None if d is None else d / f"{key[:40]}.json"


def _cache_read(f: Path, key: str) -> Record | None:
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
        return Record(d, ws, b["path"], b["shipped"], b["added_from_shipped"])
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
def _load(path: str, mtime_ns: int, size: int, with_shipped: bool, shipped_stamp: tuple[int, int]) -> Record:
    key = _cache_key(path, with_shipped)
    f = _cache_file(key)
    rec = _cache_read(f, key) if f is not None and f.is_file() else None
    if rec is not None:
        return rec
    res = check(path, with_shipped=with_shipped)
    if not res.ok:
        raise RecordError(res.path, res.findings)
    if f is not None:
        _cache_write(f, key, res.record)  # type: ignore[arg-type]
    return res.record  # type: ignore[return-value]


def load(path: Path | str | None = None, *, with_shipped: bool = False) -> Record:
    """The validated record (default: the shipped ``data/plans/xizang-13fyp/records/region_gdp.csv``); a
    :class:`RecordError` listing every error if it is refused. ``with_shipped``: see :func:`check`
    (what the pages use). Cached until a file changes.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have (see :func:`check`).

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
    """
    from jnjp_analysis.files import regular_file

    p = regular_file(path if path is not None else SHIPPED_RECORD, "record")
    st, sh = p.stat(), SHIPPED_RECORD.stat()
    return _load(str(p), st.st_mtime_ns, st.st_size, with_shipped, (sh.st_mtime_ns, sh.st_size))


def provenance() -> dict:
    """The Data Package descriptor of ``data/plans/xizang-13fyp/records/`` (resources and the context facts).

    Returns
    -------
    dict
        The parsed ``datapackage.json``.
    """
    return json.loads(files.read_text(RECORDS_DIR / "datapackage.json", "records provenance"))
