"""Every exception the package raises, in one place.

:class:`JnjpError` (a ``ValueError``) is bad input: its message says what, where (file, sheet, row,
column or parameter) and, when we can tell, what was probably meant. The CLI turns it into exit
code 2 with the message and no traceback. The others are its kinds, plus the two build failures
(a kernel that would not start, a notebook that ran but was not clean), which are not input errors.
RecordError, which carries the record's findings, lives with them in
:mod:`jnjp_analysis.records.core`.
"""

from __future__ import annotations


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


class Located:
    """Where a finding is and how it prints, for the findings of records and of plan forms: each
    is a dataclass with ``level``, ``message``, ``file``, ``sheet``, ``row``, ``column`` and ``hint``
    (and, for a plan form, ``cell``)."""

    level: str
    message: str
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    hint: str | None

    @property
    def where(self) -> str:
        """Where it is, as text: file, sheet, row, column and cell (those known), comma-separated."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            cell = getattr(self, "cell", None)
            parts.append(f"column {self.column!r}" + (f" ({cell})" if cell else ""))
        return ", ".join(parts)

    def __str__(self) -> str:
        hint = f" — {self.hint}" if self.hint else ""
        return f"{self.level}: {self.where}: {self.message}{hint}"
