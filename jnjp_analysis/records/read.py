"""Reading a record file: a CSV, or the Excel form saved as ``.xlsx``/``.xlsm`` (Excel, WPS,
LibreOffice) or ``.ods``, into :class:`~jnjp_analysis.records.record.Row` s of text (what the user
typed) and the structural findings (header, sheets, formulas without values, cells over the length
limit). Nothing a user typed is dropped or coerced: unknown columns are refused, an Excel template
row is skipped only if every cell the user fills is empty. A file beyond the limits of the record
format's ``jnjp:limits`` (size, rows, unpacked size) is refused before it is expanded.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from jnjp_analysis import files
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.records.record import Finding, Row
from jnjp_analysis.records.schema import (
    EXCEL_SUFFIXES,
    LABEL_COLUMN,
    OPTIONAL_COLUMNS,
    UNIT_COLUMN,
    PlanLike,
    columns,
    get_plan,
    limits,
    unit_hint,
    unit_keys,
)


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
    required = [c for c in cols if c not in header and c not in OPTIONAL_COLUMNS]  # basis: "" where left out
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
                                    "B", key, hint=unit_hint(key, plan)))
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


def read_rows(path: Path | str, *, plan: PlanLike) -> tuple[list[Row], list[Finding]]:
    """The rows of a record file (CSV, or an Excel workbook from the template) and the structural
    findings (header, sheets, formulas without values, cells over the length limit). A file that is
    not a regular file, or beyond the limits of ``jnjp:limits``, is refused (JnjpError).

    Parameters
    ----------
    path : Path or str
        A CSV file, or an ``.xlsx``/``.xlsm``/``.ods`` workbook filled from the template.
    plan : Plan, str or path-like
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
