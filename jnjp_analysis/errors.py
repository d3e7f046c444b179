"""Every exception the package raises, in one place.

:class:`JnjpError` (a ``ValueError``) is bad input: its message says what, where (file, sheet, row,
column or parameter) and, when we can tell, what was probably meant. The CLI turns it into exit
code 2 with the message and no traceback. The others are its kinds, plus the two build failures
(a kernel that would not start, a notebook that ran but was not clean), which are not input errors.
RecordError, which carries the record's findings, lives with them in
:mod:`jnjp_analysis.records.core`.
"""

from __future__ import annotations

from dataclasses import dataclass


class JnjpError(ValueError):
    """Bad input: the message says what, where, and (when we can tell) what was probably meant."""


class UnknownUnitError(KeyError, JnjpError):
    """A name that is none of the plan's units; the message lists the valid ones."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])



class SourceHashError(JnjpError):
    """A plan text is not the one its plan's datapackage.json records."""


class SourceParseError(JnjpError):
    """A plan text does not have the shape its reader expects; the message names annex and line."""


class CatalogueError(JnjpError):
    """A catalogue or target row whose quote, line or value does not match the plan's text."""


class PlanError(JnjpError):
    """A plan package (its descriptor, units, tables) is malformed; the message names file, row, field."""


class ScenarioError(JnjpError):
    """A bad scenario row or argument; the message names file, row and column where there is one."""


class KernelError(RuntimeError):
    """The kernel could not be started or reset."""


class UncleanNotebookError(RuntimeError):
    """The notebook ran but wrote to stderr (a warning or a log record): not published."""


@dataclass(frozen=True)
class Finding:
    """One graded message about a plan package, a plan form or a record: where (file, sheet, row, column,
    cell), what, a hint, and — for a record — the row it is about. The one finding type of the package:
    the plan's rule set (:mod:`jnjp_analysis.plan.rules`) and the record's checks
    (:mod:`jnjp_analysis.records.validate`) both report with it.

    Attributes
    ----------
    level : {"error", "warning", "info"}
        An error refuses the form, the package or the record; a warning or an info is shown.
    code : str
        The kind of finding, e.g. ``"wrong-column"``, ``"jump"``; a record warning's has an i18n sentence
        ``find_<code>``.
    message : str
        The English sentence; empty for a record warning, which is its code and ``args`` (the pages say it:
        :func:`jnjp_analysis.pages.words.finding_text`, and in the terminal's English
        :func:`jnjp_analysis.pages.words.finding_message`).
    file : str
        The file it is about.
    sheet : str or None
        The sheet of a workbook, or None.
    row : int or None
        The row of the file or sheet, or None.
    column : str or None
        The column, or None.
    value : object
        The value as read (shortened), or None.
    hint : str or None
        What to do about it, or None.
    cell : str or None
        A form's cell reference, e.g. ``"D7"``, or None.
    unit, year, indicator : str, int, str or None
        The record row it is about, where known.
    args : tuple
        (name, value) pairs filling its i18n sentence, for the pages.
    """

    level: str
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
    args: tuple[tuple[str, str], ...] = ()
    cell: str | None = None

    @property
    def where(self) -> str:
        """Where it is, as text: file, sheet, row, column and cell (those known), comma-separated."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}" + (f" ({self.cell})" if self.cell else ""))
        return ", ".join(parts)

    def __str__(self) -> str:
        """Level, place, message and hint; a finding without a message (a record warning) shows its code and
        ``args`` in their place."""
        hint = f" — {self.hint}" if self.hint else ""
        what = self.message or self.code + (f" ({', '.join(f'{k}={v}' for k, v in self.args)})" if self.args else "")
        return f"{self.level}: {self.where}: {what}{hint}"

    def as_dict(self) -> dict[str, object]:
        """The finding as a plain dict (for JSON): every field, and ``where``.

        Returns
        -------
        dict
            Keys ``level``, ``code``, ``file``, ``sheet``, ``row``, ``column``, ``cell``, ``value``, ``unit``,
            ``year``, ``indicator``, ``message``, ``hint`` and ``args``.
        """
        return {k: getattr(self, k) for k in ("level", "code", "file", "sheet", "row", "column", "cell", "value",
                                              "unit", "year", "indicator", "message", "hint", "args")}
