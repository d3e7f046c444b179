"""Reading a filled plan form: the workbook's sheets as grids, their data rows by column key, a cell's
text as typed, and the plan's text by lines.

Nothing is checked here but the shape of the workbook (its size, its header rows, unknown or missing
columns and keys, over-long cells, formulas without a value); every finding goes to the import's
:class:`FormReport`. The checks of each sheet are :mod:`jnjp_analysis.plan.form_check`'s.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jnjp_analysis import files
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.plan import rules
from jnjp_analysis.plan.form_layout import TABLE_SHEETS


def short(v: object, n: int = 80) -> str:
    """A cell's value as a form's finding quotes it: :func:`files.short_repr`, at most ``n`` characters.

    Parameters
    ----------
    v : object
        The value.
    n : int
        The length at most.

    Returns
    -------
    str
    """
    return files.short_repr(v, n)


_MAX_ROWS = 5000  # per sheet: far above any plan's
_MAX_COLS = 40
_MAX_CELL = 4000  # characters
_MAX_UNZIPPED = 100 * 1024 * 1024
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


# ------------------------------------------------------------------------------------- reading
def _cell_text(v: object) -> str:
    """A cell as text, as typed (None → ""; 2020.0 → "2020"; a date → ISO); nothing stripped."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return (v.date() if isinstance(v, dt.datetime) else v).isoformat()
    return str(v)


def num_str(v: float) -> str:
    """A number as the package writes it: a whole number without its ".0", else its repr.

    Parameters
    ----------
    v : float
        The number.

    Returns
    -------
    str
        ``19`` for 19.0, ``2.9`` for 2.9.
    """
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


class FormReport(rules.Report):
    """The findings of one import (the rule set's reporter that keeps every finding)."""


@dataclass
class FormRow:
    """One data row of a table sheet: its cells by column key (stripped text and raw value)."""

    sheet: str
    row: int
    text: dict[str, str]
    raw: dict[str, object]
    letters: dict[str, str] = field(default_factory=dict)

    def at(self, key: str) -> dict[str, Any]:
        """Where a cell of the row is, as a finding names it.

        Parameters
        ----------
        key : str
            The cell's column key.

        Returns
        -------
        dict
            ``sheet``, ``row``, ``column`` and ``cell`` (its letter and row, "?" for a column the sheet lacks).
        """
        return {"sheet": self.sheet, "row": self.row, "column": key, "cell": f"{self.letters.get(key, '?')}{self.row}"}


def _open(path: Path) -> tuple[Any, Any]:
    from openpyxl import load_workbook

    data = files.read_bytes(path, "plan form")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist())
        if size > _MAX_UNZIPPED:
            raise JnjpError(f"{path}: the workbook unpacks to {size / 1e6:,.0f} MB, above the limit of "
                            f"{_MAX_UNZIPPED / 1e6:.0f} MB for a plan form")
        return (load_workbook(io.BytesIO(data), data_only=True, read_only=True),
                load_workbook(io.BytesIO(data), data_only=False, read_only=True))
    except JnjpError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise JnjpError(f"{path}: not a readable Excel workbook (.xlsx): {type(exc).__name__}: {short(str(exc))}; "
                        "save the form as .xlsx (Excel, WPS or LibreOffice)") from None


def _grid(ws_v: Any, ws_f: Any, ctx: FormReport) -> list[list[object]]:
    """The sheet's values, every row (the declared dimension is not trusted); a formula without a
    stored value is an error naming its cell."""
    from openpyxl.utils import get_column_letter

    for ws in (ws_v, ws_f):
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
    grid: list[list[object]] = []
    rows = zip(ws_v.iter_rows(values_only=True, max_col=_MAX_COLS), ws_f.iter_rows(values_only=True, max_col=_MAX_COLS))
    for i, (vals, forms) in enumerate(rows, start=1):
        if i > _MAX_ROWS:
            raise JnjpError(f"{ctx.file}, sheet {ws_v.title!r}: more than {_MAX_ROWS:,} rows, the limit for a plan form")
        row: list[object] = []
        for j, v in enumerate(vals, start=1):
            fv = forms[j - 1] if j <= len(forms) else None
            if v is None and isinstance(fv, str) and fv.startswith("="):
                ctx.add("error", "formula-without-value", f"the cell holds the formula {short(fv)} but no value",
                        ws_v.title, i, None, f"{get_column_letter(j)}{i}",
                        hint="open the file in Excel or LibreOffice and save it, or type the value")
            row.append(v)
        grid.append(row)
    while grid and all(_cell_text(v).strip() == "" for v in grid[-1]):
        grid.pop()
    return grid


def read_sheets(path: Path, ctx: FormReport) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook as a grid of cell values (a formula without a stored value is an error).

    Parameters
    ----------
    path : Path
        The filled form.
    ctx : FormReport
        The import's report: a formula without a value is added to it as an error.

    Returns
    -------
    dict of str to list of list
        Each sheet's rows of values by its name, trailing empty rows left out.

    Raises
    ------
    JnjpError
        For a file that is not a readable workbook, unpacks too large, or has a sheet too long or damaged.
    """
    wb, wbf = _open(path)
    try:
        out = {}
        for ws in wb.worksheets:
            try:
                out[ws.title] = _grid(ws, wbf[ws.title], ctx)
            except JnjpError:
                raise
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged sheet
                raise JnjpError(f"{path}, sheet {ws.title!r}: the sheet cannot be read ({type(exc).__name__}: "
                                f"{short(str(exc))}); open the file in Excel or LibreOffice and save it again") from None
        return out
    finally:
        wb.close()
        wbf.close()


def _clean(v: object, ctx: FormReport, where: dict[str, Any]) -> str:
    """A cell's text, surrounding spaces removed with a warning (never silently); an over-long cell
    is an error."""
    s = _cell_text(v)
    if len(s) > _MAX_CELL:
        ctx.add("error", "cell-too-long", f"a cell of {len(s):,} characters (the limit is {_MAX_CELL:,})", value=s,
                hint="quote the sentence the value comes from, not the document", **where)
        return s[:_MAX_CELL]
    t = s.strip()
    if t != s and t:
        ctx.add("warning", "spaces-removed", "spaces around the cell's text were removed", value=s, **where)
    return t


def table_rows(name: str, grid: list[list[object]] | None, ctx: FormReport) -> list[FormRow]:
    """The data rows of a table sheet, by the column keys of its header row (row 5 in the template).

    Parameters
    ----------
    name : str
        The sheet's name (a key of :data:`~jnjp_analysis.plan.form_layout.TABLE_SHEETS`).
    grid : list of list or None
        The sheet's values (:func:`read_sheets`); None where the form lacks the sheet (an error).
    ctx : FormReport
        The import's report: a missing header, an unknown, duplicate or missing column, a cell beyond the
        header's columns, an over-long cell or spaces removed are added to it.

    Returns
    -------
    list of FormRow
        The non-empty rows below the header, in order.
    """
    from openpyxl.utils import get_column_letter

    if grid is None:
        ctx.add("error", "missing-sheet", f"the form has no sheet {name!r}", hint="fill the form `jnjp plan template` writes")
        return []
    spec = TABLE_SHEETS[name].cols
    first = spec[0].key
    hdr = next((i for i, r in enumerate(grid[:20]) if r and _cell_text(r[0]).strip() == first), None)
    if hdr is None:
        ctx.add("error", "no-header", f"no header row (a row starting with the key {first!r})", name,
                hint="keep row 5 of the template (the column keys) as it is")
        return []
    header = [_cell_text(v).strip() for v in grid[hdr]]
    while header and not header[-1]:
        header.pop()
    keys = [c.key for c in spec]
    for j, k in enumerate(header):
        letter = get_column_letter(j + 1)
        if k not in keys:
            close = difflib.get_close_matches(k, keys, n=1)
            ctx.add("error", "unknown-column", f"unknown column {k!r} (nothing is dropped silently)", name, hdr + 1, k,
                    f"{letter}{hdr + 1}", hint=f"did you mean {close[0]!r}?" if close else f"the columns are {', '.join(keys)}")
        elif header.count(k) > 1 and header.index(k) != j:
            ctx.add("error", "duplicate-column", f"column {k!r} appears twice", name, hdr + 1, k, f"{letter}{hdr + 1}")
    for c in spec:
        if c.key not in header:
            ctx.add("error", "missing-column", f"the header lacks column {c.key!r}", name, hdr + 1, c.key,
                    hint=f"the columns are {', '.join(keys)}")
    index = {k: j for j, k in reversed(list(enumerate(header))) if k in keys}
    letters = {k: get_column_letter(j + 1) for k, j in index.items()}
    out = []
    for i, cells in enumerate(grid[hdr + 1:], start=hdr + 2):
        if all(_cell_text(v).strip() == "" for v in cells):
            continue
        extra = [f"{get_column_letter(j + 1)}{i}" for j, v in enumerate(cells)
                 if j >= len(header) and _cell_text(v).strip()]
        if extra:
            ctx.add("error", "extra-cell", f"cells beyond the header's columns: {', '.join(extra[:5])}", name, i,
                    hint="put the text in the note column, or delete it")
        raw = {k: (cells[j] if j < len(cells) else None) for k, j in index.items()}
        row = FormRow(name, i, {}, raw, letters)
        row.text = {k: _clean(v, ctx, row.at(k)) for k, v in raw.items()}
        out.append(row)
    return out


def keyed_rows(name: str, grid: list[list[object]] | None, ctx: FormReport, keys: list[str], value_cols: tuple[str, ...],
               extra_key: re.Pattern | None = None) -> dict[str, FormRow]:
    """The rows of a key/value sheet (Plan, Labels) by their key (column A).

    Parameters
    ----------
    name : str
        The sheet's name.
    grid : list of list or None
        The sheet's values (:func:`read_sheets`); None where the form lacks the sheet (an error).
    ctx : FormReport
        The import's report: a missing header or column, an unknown, duplicate or missing key are added to it.
    keys : list of str
        The keys the sheet may have.
    value_cols : tuple of str
        The columns of the values (``value``; ``zh`` and ``en``).
    extra_key : re.Pattern or None
        The pattern of further keys the sheet may have (the Labels sheet's optional ones).

    Returns
    -------
    dict of str to FormRow
        Each known key's row.
    """
    from openpyxl.utils import get_column_letter

    if grid is None:
        ctx.add("error", "missing-sheet", f"the form has no sheet {name!r}", hint="fill the form `jnjp plan template` writes")
        return {}
    hdr = next((i for i, r in enumerate(grid[:20]) if r and _cell_text(r[0]).strip() == "key"), None)
    if hdr is None:
        ctx.add("error", "no-header", "no header row (a row starting with 'key')", name,
                hint="keep row 5 of the template (the column keys) as it is")
        return {}
    header = [_cell_text(v).strip() for v in grid[hdr]]
    index = {k: header.index(k) for k in value_cols if k in header}
    for k in value_cols:
        if k not in index:
            ctx.add("error", "missing-column", f"the header lacks column {k!r}", name, hdr + 1, k)
    out: dict[str, FormRow] = {}
    letters = {k: get_column_letter(j + 1) for k, j in index.items()}
    for i, cells in enumerate(grid[hdr + 1:], start=hdr + 2):
        key = _cell_text(cells[0]).strip() if cells else ""
        vals = {k: (cells[j] if j < len(cells) else None) for k, j in index.items()}
        if not key:
            if any(_cell_text(v).strip() for v in vals.values()):
                ctx.add("error", "no-key", "a value in a row without a key (column A)", name, i, "key", f"A{i}",
                        hint="keep the key column as the template writes it")
            continue
        if key not in keys and not (extra_key and extra_key.match(key)):
            close = difflib.get_close_matches(key, keys, n=1)
            ctx.add("error", "unknown-key", f"unknown key {key!r} (nothing is dropped silently)", name, i, "key", f"A{i}",
                    value=key, hint=f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(keys)}")
            continue
        if key in out:
            ctx.add("error", "duplicate-key", f"key {key!r} appears twice (first on row {out[key].row})", name, i, "key",
                    f"A{i}")
            continue
        row = FormRow(name, i, {}, vals, letters)
        row.text = {k: _clean(v, ctx, row.at(k)) for k, v in vals.items()}
        out[key] = row
    return out


def cell_number(row: FormRow, key: str, ctx: FormReport, *, required: bool = True, whole: bool = False,
                hint: str | None = None, percent: bool | None = None) -> float | None:
    """A number cell: a number, or text that is one; an error naming the cell otherwise (for "16%", a
    hint by what the cell holds: ``percent`` True, a cut in percent; False, an amount).

    Parameters
    ----------
    row : FormRow
        The row.
    key : str
        The cell's column key.
    ctx : FormReport
        The import's report: an error is added to it for an empty required cell or a cell that is not
        a finite number ≥ 0 (a whole one with ``whole``).
    required : bool
        Whether an empty cell is an error.
    whole : bool
        Whether the number must be a whole number (a year, a line).
    hint : str or None
        The hint of a not-a-number error (a default one where None).
    percent : bool or None
        What the column holds, for the hint on a cell such as "16%": True, a cut in percent; False, an
        amount; None, either.

    Returns
    -------
    float or None
        The number; None for an empty cell or an error.
    """
    raw, text = row.raw.get(key), row.text.get(key, "")
    if text == "":
        if required:
            ctx.add("error", "empty-required", f"{key!r} is required", **row.at(key))
        return None
    if isinstance(raw, bool) or not (isinstance(raw, (int, float)) or _NUMBER.match(text)):
        pct = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[%％]\s*", text)
        if pct and percent:  # "16%": the form's columns hold the number alone, a cut in percent
            hint = f"did you mean {pct.group(1)}? (the number alone: a cut is in percent, the sign is the column's)"
        elif pct and percent is False:
            hint = "a percent, but the indicator is an amount (its unit is the column's): is it the right indicator?"
        ctx.add("error", "not-a-number", f"{short(text)} is not a number", value=text,
                hint=hint or "type the number alone (its unit is the column's)", **row.at(key))
        return None
    v = float(raw) if isinstance(raw, (int, float)) else float(text)
    if not math.isfinite(v) or v < 0:
        ctx.add("error", "not-a-number", f"{text} must be a finite number ≥ 0", value=text, **row.at(key))
        return None
    if whole and not v.is_integer():
        ctx.add("error", "not-a-whole-number", f"{text} must be a whole number", value=text, **row.at(key))
        return None
    return v


def cell_required(row: FormRow, key: str, ctx: FormReport, what: str | None = None) -> str:
    """A required text cell: an error naming the cell where it is empty.

    Parameters
    ----------
    row : FormRow
        The row.
    key : str
        The cell's column key.
    ctx : FormReport
        The import's report: an error is added to it for an empty cell.
    what : str or None
        How the error names the cell (its key where None).

    Returns
    -------
    str
        The cell's text, stripped ("" where empty).
    """
    v = row.text.get(key, "")
    if v == "":
        ctx.add("error", "empty-required", f"{what or repr(key)} is required", **row.at(key))
    return v



# ------------------------------------------------------------------------------------ the text
class PlanText:
    """The plan's text, its lines as :func:`jnjp_analysis.plan.load.load` splits them, and offsets."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()
        starts, pos = [], 0
        for line in text.splitlines(keepends=True):
            starts.append(pos)
            pos += len(line)
        self.starts = starts

    def holds_loosely(self, s: str) -> bool:
        """Whether ``s`` is in the text, white space aside (a title the text prints with stray spaces).

        Parameters
        ----------
        s : str
            What is looked for.

        Returns
        -------
        bool
        """
        if s in self.text:
            return True
        if not hasattr(self, "_squeezed"):
            self._squeezed = re.sub(r"\s+", "", self.text)
        return re.sub(r"\s+", "", s) in self._squeezed

    def line_at(self, offset: int) -> int:
        """The line (from 1) a character offset of the text is on.

        Parameters
        ----------
        offset : int
            The offset in the text.

        Returns
        -------
        int
        """
        return bisect.bisect_right(self.starts, offset)

    def occurrences(self, s: str) -> list[int]:
        """The offsets of every occurrence of ``s`` in the text (none for "").

        Parameters
        ----------
        s : str
            What is looked for.

        Returns
        -------
        list of int
        """
        out, i = [], self.text.find(s)
        while i >= 0 and s:
            out.append(i)
            i = self.text.find(s, i + 1)
        return out


@dataclass
class Draft:
    """What a form says, checked: the package's parts."""

    plan: dict[str, Any] = field(default_factory=dict)
    units: list[dict[str, str]] = field(default_factory=list)
    pollutants: list[dict[str, str]] = field(default_factory=list)
    controls: list[dict[str, Any]] = field(default_factory=list)  # the Controls sheet's rows, checked
    targets: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    tables: list[rules.Table] = field(default_factory=list)
    catalogue: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: {"zh": {}, "en": {}})
    statistics: list[dict[str, str]] = field(default_factory=list)  # the Statistics sheet's rows, checked
    # the Scenarios sheet's rows, checked and pivoted: scenarios.csv's rows (scenario, unit, parameter, the years,
    # rationale, status); empty: the import writes the default placeholder scenario
    scenarios: list[list[object]] = field(default_factory=list)
