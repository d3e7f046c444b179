"""Records of observed statistics: the format, reading (CSV or the Excel template) and graded
validation.

**The format is described once**, as a Frictionless Table Schema, ``data/raw/records/record.schema.json``:
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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from . import BASE_YEAR, TARGET_YEAR, prefectures, readers
from .checks import JnjpError
from .scenarios import REGION  # the one key of the whole region
from .config import RECORD_SCHEMA as SCHEMA_FILE
from .config import RECORDS_DIR, SHIPPED_RECORD
UNITS: tuple[str, ...] = (REGION, *prefectures.SLUGS)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
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
    """The Table Schema of a record (``record.schema.json``), with ``jnjp:indicators`` and ``jnjp:warnings``."""
    return json.loads(readers.read_text(SCHEMA_FILE, "record schema"))


def columns() -> tuple[str, ...]:
    return tuple(f["name"] for f in schema()["fields"])


@dataclass(frozen=True)
class Indicator:
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
        return self.label_zh if lang == "zh" else self.label_en

    def unit_label(self, lang: str) -> str:
        return self.unit_zh if lang == "zh" else self.unit


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """The indicators a record may hold, in schema order (name → :class:`Indicator`)."""
    return {d["name"]: Indicator(**d) for d in schema()["jnjp:indicators"]}


def rules() -> dict:
    """The warning bounds (``jump_bound``, ``sum_tolerance``, ``base_tolerance``, ``consistency_tolerance``)."""
    return {k: v for k, v in schema()["jnjp:warnings"].items() if not k.endswith("_note")}


def unit_name(unit: str, lang: str = "zh") -> str:
    from .i18n import t

    return t("region_full", lang) if unit == REGION else prefectures.get(unit).name(lang)


# ---------------------------------------------------------------------------------------- findings
@dataclass(frozen=True)
class Finding:
    """One graded message: where (file, sheet, row, column), what, and a hint."""

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

    @property
    def where(self) -> str:
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
        return {k: getattr(self, k) for k in ("level", "code", "file", "sheet", "row", "column", "value",
                                              "unit", "year", "indicator", "message", "hint")}


@dataclass
class Row:
    """One row as read: its cells as text (what the user typed) and where it came from."""

    file: str
    sheet: str | None
    row: int
    cells: dict[str, str]


@dataclass
class Record:
    """A validated record: ``data`` (one row per unit, year and indicator with a value or a note)
    and the ``warnings`` it was accepted with."""

    data: pd.DataFrame
    warnings: list[Finding] = field(default_factory=list)
    path: str = ""
    shipped: bool = False
    added_from_shipped: int = 0  # values taken from the shipped record (load(..., with_shipped=True))

    def values(self) -> pd.DataFrame:
        """The rows with a value."""
        return self.data[self.data["value"].notna()].reset_index(drop=True)

    def series(self, unit: str, indicator: str) -> pd.Series:
        """Values of one unit and indicator, indexed by int year (years without a value left out)."""
        d = self.values()
        d = d[(d["unit"] == unit) & (d["indicator"] == indicator)]
        return pd.Series(d["value"].to_numpy(dtype=float), index=d["year"].to_numpy(dtype="int64"),
                         name=indicator).sort_index()

    def value(self, unit: str, year: int, indicator: str) -> float | None:
        s = self.series(unit, indicator)
        return float(s[year]) if year in s.index else None

    def units(self) -> list[str]:
        """Units with at least one value, in the schema's order."""
        have = set(self.values()["unit"])
        return [u for u in UNITS if u in have]

    def warnings_for(self, unit: str | None) -> list[Finding]:
        """Warnings about ``unit`` (None: all)."""
        return [w for w in self.warnings if unit is None or w.unit in (unit, None)]


# ----------------------------------------------------------------------------------------- reading
def _cell_text(v: object) -> str:
    """An Excel cell as the text a CSV would hold (None → empty; 2020.0 → '2020'; dates → ISO)."""
    import datetime as dt

    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        d = v.date() if isinstance(v, dt.datetime) else v
        return d.isoformat()
    return str(v).strip()


def _read_csv(path: Path) -> tuple[list[Row], list[Finding]]:
    header, rows = readers.csv_rows(path, "record")
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


def _read_excel(path: Path) -> tuple[list[Row], list[Finding]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise JnjpError(f"{path}: not a readable Excel workbook (.xlsx): {exc}") from None
    rows: list[Row] = []
    findings: list[Finding] = []
    f = str(path)
    data_sheets = 0
    try:
        for ws in wb.worksheets:
            grid = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
            if not grid or not grid[0] or ws.title.startswith("说明"):
                continue  # the instructions sheet (or an empty one)
            # row 2: "unit" | <slug>; the header is the first row whose column A is "year"
            key = grid[1][1] if len(grid) > 1 and len(grid[1]) > 1 and grid[1][0] == "unit" else None
            hdr = next((i for i, r in enumerate(grid[:20]) if r and r[0] == "year"), None)
            if key is None or hdr is None:
                findings.append(Finding("error", "not-a-record-sheet",
                                        "neither a template sheet (cell A2 'unit', B2 the unit, a header row starting 'year') "
                                        "nor the instructions sheet", f, ws.title,
                                        hint="use `jnjp record template` for the form, or delete the sheet"))
                continue
            data_sheets += 1
            if key not in UNITS:
                findings.append(Finding("error", "unknown-unit", f"the sheet's unit (cell B2) is {key!r}", f, ws.title, 2,
                                        "B", key, hint=_unit_hint(key)))
                continue
            header = [h for h in grid[hdr]]
            while header and header[-1] == "":
                header.pop()
            allowed = (*columns(), LABEL_COLUMN, UNIT_COLUMN)
            findings += _header_findings(["unit", *header], f, ws.title, allowed, row=hdr + 1)
            user_cols = [c for c in header if c not in ("year", "indicator", LABEL_COLUMN, UNIT_COLUMN)]
            for j, r in enumerate(grid[hdr + 1:], start=hdr + 2):
                cells = dict(zip(header, list(r) + [""] * (len(header) - len(r))))
                extra = [v for v in r[len(header):] if v != ""]
                if extra:
                    findings.append(Finding("error", "extra-cell", f"cells beyond the header: {extra!r}", f, ws.title, j,
                                            hint="put them in a column of the header, or delete them"))
                if all(cells.get(c, "") == "" for c in user_cols) and not extra:
                    continue  # a template row nobody filled
                cells["unit"] = key
                rows.append(Row(f, ws.title, j, cells))
    finally:
        wb.close()
    if not data_sheets:
        findings.append(Finding("error", "no-record-sheet", "the workbook has no record sheet", f,
                                hint="use the form written by `jnjp record template`"))
    return rows, findings


def read_rows(path: Path | str) -> tuple[list[Row], list[Finding]]:
    """The rows of a record file (CSV, or an Excel workbook from the template) and the structural
    findings (header, sheets)."""
    p = Path(path)
    if not p.exists():
        raise JnjpError(f"record {p} not found")
    if p.is_dir():
        raise JnjpError(f"record {p} is a folder, not a file")
    if p.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(p)
    if p.suffix.lower() == ".xls":
        raise JnjpError(f"{p}: an old .xls workbook; save it as .xlsx (Excel Workbook) or CSV UTF-8")
    return _read_csv(p)


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
    c = cell.strip()
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
    report = Resource(data=data, schema=Schema.from_descriptor(table_schema)).validate(limit_errors=100_000)
    out: list[Finding] = []
    bad: set[tuple[int, str]] = set()
    lo, hi = BASE_YEAR, TARGET_YEAR
    for e in report.tasks[0].errors if report.tasks else []:
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
            first = rows[int(note.rsplit(" ", 1)[-1]) - 2] if note.rsplit(" ", 1)[-1].isdigit() else None
            key = ", ".join(r.cells.get(c, "") for c in s["primaryKey"])
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
        base = dict(file=r.file, sheet=r.sheet, row=r.row, column="value", value=c["value"], unit=c.get("unit"),
                    indicator=ind.name, year=int(c["year"]) if (i, "year") not in bad and c.get("year") else None)
        if not math.isfinite(v):
            out.append(Finding("error", "not-finite", f"{c['value']!r} is not a finite number", hint="a plain number", **base))
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


def _warnings(d: pd.DataFrame) -> list[Finding]:
    """The accepted-but-flagged findings (module docstring), on a frame of rows without errors."""
    from . import source

    out: list[Finding] = []
    inds = indicators()
    rl = rules()
    src_cols = ("status", "source_title", "source_issuer", "source_date", "source_url", "source_quote")
    for idx, r in d.iterrows():
        base = dict(_where(d, idx), unit=r["unit"], year=int(r["year"]), indicator=r["indicator"])
        if math.isnan(r["value"]):
            if any(r[c] for c in src_cols):
                out.append(Finding("warning", "no-value", "a status or source but no value: counted as not available",
                                   column="value", hint="fill the value, or clear the row", **base))
            continue
        if not r["source_title"] and not r["source_issuer"]:
            out.append(Finding("warning", "no-source", f"{r['indicator']} {r['year']} = {r['value']:g} has no source",
                               column="source_title", hint="name the yearbook, bulletin or office it comes from", **base))
        if not r["status"]:
            out.append(Finding("warning", "no-status", f"{r['indicator']} {r['year']} has no status",
                               column="status", hint="preliminary, revised, final or not_stated", **base))
    vals = d[d["value"].notna()]
    for (unit, name), g in vals.groupby(["unit", "indicator"], sort=False):
        g = g.sort_values("year")
        years = list(g["year"])
        ind = inds[name]
        documented = set(d[(d["unit"] == unit) & (d["indicator"] == name) & d["value"].isna() & (d["note"] != "")]["year"])
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years and y not in documented]
        if missing and name != "gdp_growth_avg":
            out.append(Finding("warning", "gap", f"{unit} {name}: no value for {', '.join(map(str, missing))} between "
                               f"{years[0]} and {years[-1]}", column="year", unit=unit, indicator=name, year=missing[0],
                               hint="analyses that need every year stop before the gap", **_where(d, g.index[-1])))
        if ind.jump_check:
            bound = rl["jump_bound"]
            for (i0, a), (i1, b) in zip(g.iterrows(), list(g.iterrows())[1:]):
                if b["year"] == a["year"] + 1 and a["value"] > 0 and abs(b["value"] / a["value"] - 1) > bound:
                    ch = b["value"] / a["value"] - 1
                    out.append(Finding("warning", "jump", f"{unit} {name}: {a['value']:g} in {a['year']} → {b['value']:g} in "
                                       f"{b['year']} ({100 * ch:+.1f} %, beyond ±{100 * bound:g} %)", column="value",
                                       value=b["value"], unit=unit, year=int(b["year"]), indicator=name,
                                       hint="check it against the source; a unit slip (tce for 10^4 tce) looks like this",
                                       **_where(d, i1)))
    # 数据衔接: prefecture sums against the region's total
    tol = rl["sum_tolerance"]
    for name, ind in inds.items():
        if not ind.sum_check:
            continue
        sub = vals[vals["indicator"] == name]
        for year, g in sub.groupby("year"):
            reg = g[g["unit"] == REGION]
            pref = g[g["unit"] != REGION]
            if len(reg) and len(pref) == len(prefectures.SLUGS):
                total, s = float(reg["value"].iloc[0]), float(pref["value"].sum())
                gap = s - total
                if total > 0 and abs(gap) > tol * total:
                    out.append(Finding("warning", "sum", f"{name} {year}: the seven prefectures sum to {s:g}, the region "
                                       f"reports {total:g} (gap {gap:+g} {ind.unit}, {100 * gap / total:+.1f} %)",
                                       column="value", value=total, unit=REGION, year=int(year), indicator=name,
                                       hint=f"clause (二十三) asks for statistics that 基本衔接; beyond ±{100 * tol:g} % is flagged",
                                       **_where(d, reg.index[0])))
    # 2015 consumption against the plan's base (annex 1)
    base_tol = rl["base_tolerance"]
    e = source.energy_targets().set_index("prefecture")["energy_2015_10k_tce"]
    plan_base = {REGION: float(e.sum()), **{s: float(e[s]) for s in prefectures.SLUGS}}
    for idx, r in vals[(vals["indicator"] == "energy_10k_tce") & (vals["year"] == BASE_YEAR)].iterrows():
        pb = plan_base[r["unit"]]
        if abs(r["value"] - pb) > base_tol * pb:
            out.append(Finding("warning", "base", f"{r['unit']} 2015 consumption {r['value']:g} differs from the plan's base "
                               f"{pb:g} 10^4 tce (annex 1{'' if r['unit'] != REGION else ', sum of the prefectures'})",
                               column="value", value=r["value"], unit=r["unit"], year=BASE_YEAR, indicator="energy_10k_tce",
                               hint="the targets are set on the annex base; the analysis uses it", **_where(d, idx)))
    # intensity change against the record's own energy and growth
    ctol = rl["consistency_tolerance"]
    for unit in UNITS:
        u = vals[vals["unit"] == unit]
        ser = {n: dict(zip(g["year"], g["value"])) for n, g in u.groupby("indicator")}
        en, gr, ic = ser.get("energy_10k_tce", {}), ser.get("gdp_growth", {}), ser.get("intensity_change", {})
        for y, c in ic.items():
            if y in en and y - 1 in en and y in gr and en[y - 1] > 0:
                implied = en[y] / en[y - 1] / (1 + gr[y]) - 1
                if abs(implied - c) > ctol:
                    idx = u[(u["indicator"] == "intensity_change") & (u["year"] == y)].index[0]
                    out.append(Finding("warning", "inconsistent", f"{unit} {y}: intensity change {c:+.4f}, but energy and "
                                       f"growth in the record give {implied:+.4f}", column="value", value=c, unit=unit,
                                       year=int(y), indicator="intensity_change",
                                       hint="one of the three figures is from another vintage or basis", **_where(d, idx)))
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
        return not self.errors

    @property
    def findings(self) -> list[Finding]:
        return self.errors + self.warnings


def _key(cells: dict[str, str]) -> tuple[str, str, str]:
    return cells.get("unit", ""), cells.get("year", ""), cells.get("indicator", "")


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
            notes.append(Finding("warning", "replaces-shipped", f"{k[0]} {k[2]} {k[1]} = {ours or 'empty'} replaces the "
                                 f"shipped value {theirs} ({r.cells.get('source_title', '')})", u.file, u.sheet, u.row,
                                 "value", ours, hint="the file's value is used; check which source is right",
                                 unit=k[0], year=int(k[1]), indicator=k[2]))
    return added + good, notes, len([r for r in added if r.cells.get("value", "")])


def check(path: Path | str | None = None, *, with_shipped: bool = False) -> CheckResult:
    """Validate a record file (CSV or Excel; default the shipped record): every error and warning.

    ``with_shipped``: add the shipped record's values that the file does not have (what the pages
    show: a user's prefecture figures need not repeat the region's cited growth); a file value
    that replaces a shipped one is a warning. Errors are always the file's own."""
    p = Path(path) if path is not None else SHIPPED_RECORD
    is_shipped = p.resolve() == SHIPPED_RECORD.resolve()
    rows, structural = read_rows(p)
    errors = [f for f in structural if f.level == "error"]
    if any(f.code in ("missing-column", "unknown-column", "duplicate-column") for f in errors):
        return CheckResult(str(p), None, errors, [])
    fl, bad = _frictionless_findings(rows)
    errors += fl + _bound_findings(rows, bad) + _excel_unit_findings(rows, bad)
    bad_rows = {i for i, _ in bad} | {i for i, r in enumerate(rows) if any(
        e.row == r.row and e.sheet == r.sheet and e.file == r.file for e in errors)}
    good = [r for i, r in enumerate(rows) if i not in bad_rows]
    notes: list[Finding] = []
    added = 0
    if with_shipped and not is_shipped:
        good, notes, added = _with_shipped(good)
    d = _frame(good)
    warnings = notes + _warnings(d)
    errors.sort(key=lambda f: (f.file, f.sheet or "", f.row or 0))
    warnings.sort(key=lambda f: (f.file != str(p), f.file, f.sheet or "", f.row or 0))
    rec = None if errors else Record(d, warnings, str(p), shipped=is_shipped, added_from_shipped=added)
    return CheckResult(str(p), rec, errors, warnings)


# ----------------------------------------------------------------------------- the accepted-record cache
# Validation imports frictionless, whose descriptor checks import jsonschema (≈ 2 s the first time in a
# process). A build validates the record once, in its preflight; the kernels that render the pages
# then read the accepted record from this cache instead of validating it again. JSON, not pickle;
# keyed by the bytes of the file, the shipped record and the schema, the package version and the
# options; a private folder; a cache that does not parse is ignored and rewritten.
def _cache_file(path: str, with_shipped: bool) -> Path:
    import hashlib
    import os
    import tempfile

    from . import __version__

    h = hashlib.sha256()
    for f in (Path(path), SHIPPED_RECORD, SCHEMA_FILE):
        h.update(hashlib.sha256(f.read_bytes()).digest())
    h.update(f"{__version__}|{with_shipped}|{path}".encode())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"jnjp-record-cache-{uid}" / f"{h.hexdigest()[:40]}.json"


def _cache_read(f: Path) -> Record | None:
    try:
        c = json.loads(f.read_text(encoding="utf-8"))
        d = pd.DataFrame(c["data"], columns=c["columns"])
        d = d.astype({"year": "int64", "row": "int64", "value": "float64"})
        return Record(d, [Finding(**w) for w in c["warnings"]], c["path"], c["shipped"], c["added_from_shipped"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_write(f: Path, rec: Record) -> None:
    import os
    import tempfile

    try:
        f.parent.mkdir(mode=0o700, exist_ok=True)
        body = json.dumps({"columns": list(rec.data.columns), "data": rec.data.to_numpy().tolist(),
                           "warnings": [w.as_dict() for w in rec.warnings], "path": rec.path,
                           "shipped": rec.shipped, "added_from_shipped": rec.added_from_shipped},
                          ensure_ascii=False, default=str)
        fd, tmp = tempfile.mkstemp(dir=f.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, f)
    except OSError:
        pass  # a cache that cannot be written costs time, never a result


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, with_shipped: bool, shipped_stamp: tuple[int, int]) -> Record:
    f = _cache_file(path, with_shipped)
    rec = _cache_read(f) if f.is_file() else None
    if rec is not None:
        return rec
    res = check(path, with_shipped=with_shipped)
    if not res.ok:
        raise RecordError(res.path, res.findings)
    _cache_write(f, res.record)  # type: ignore[arg-type]
    return res.record  # type: ignore[return-value]


def load(path: Path | str | None = None, *, with_shipped: bool = False) -> Record:
    """The validated record (default: the shipped ``data/raw/records/region_gdp.csv``); a
    :class:`RecordError` listing every error if it is refused. ``with_shipped``: see :func:`check`
    (what the pages use). Cached until a file changes."""
    p = Path(path) if path is not None else SHIPPED_RECORD
    if not p.is_file():
        raise JnjpError(f"record {p} not found" if not p.exists() else f"record {p} is not a file")
    st, sh = p.stat(), SHIPPED_RECORD.stat()
    return _load(str(p), st.st_mtime_ns, st.st_size, with_shipped, (sh.st_mtime_ns, sh.st_size))


def provenance() -> dict:
    """The Data Package descriptor of ``data/raw/records/`` (resources and the context facts)."""
    return json.loads(readers.read_text(RECORDS_DIR / "datapackage.json", "records provenance"))
