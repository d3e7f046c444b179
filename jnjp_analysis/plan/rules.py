"""One rule set for a plan package: how a number is read from the plan's text, for the form and the loader.

The plan form (:mod:`jnjp_analysis.plan.form`) and the loader (:mod:`jnjp_analysis.plan.load`) check a
package by the same rules; they differ only in how they report: the form collects every
:class:`Finding` (:class:`Report`), the loader stops at the first error (:class:`FirstError`).

A number is read **by position, never by search**:

* A **table row** (a line inside a table the package declares, ``jnjp:plan.tables``: its lines and the
  indicators of its columns in printed order) starts with its unit's name as printed; the numbers after
  the name are its columns. A value is accepted only as the number in *its own column* of *its own
  unit's* row (:func:`check_table_value`).
* A **sentence** (a quoted line, a regional target's quote) names what its numbers are: a value is
  accepted only where the nearest indicator word before it is its own indicator's (能耗, 增量,
  二氧化碳, a pollutant's name…; a list "A、B分别…x、y" pairs names and numbers in order), and an
  incentive level only where its part of the sentence says 激励 (:func:`check_sentence_value`).
* Everywhere, a number is a whole token: never a piece of a longer number (2 in 21, 10 in 100), never a
  part of a date (2022年1月1日, a header's 2020年), never a printed −20 read as 20 (:func:`tokens`).

The plan's period must be the text's: where the text measures its targets from a year (比2020年) or
sets them for one (到2025年), the package's base and target years are among those (:func:`check_period`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jnjp_analysis import files
from jnjp_analysis.errors import CatalogueError, Finding, PlanError
from jnjp_analysis.plan.kinds import KINDS

TOL = 1e-9

# --------------------------------------------------------------------------------------- findings


# the codes of findings about the text (a value not where the package says): CatalogueError in the loader
TEXT_CODES = frozenset({
    "value-text-not-on-line", "value-text-inside-number", "value-text-date", "value-text-sign", "value-text-numbers",
    "value-mismatch", "wrong-column", "unit-not-on-line", "table-columns", "value-other-indicator",
    "incentive-word", "several-numbers", "line-out-of-range", "period-not-text", "quote-not-in-text",
    "value-text-not-in-quote", "table-lines",
})


class Report:
    """The findings of one check: the form's reporter, which keeps every finding."""

    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def add(self, level: str, code: str, message: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, cell: str | None = None, value: object = None, hint: str | None = None,
            file: str | None = None) -> None:
        """Record one finding (``value`` is shortened for display)."""
        self.findings.append(Finding(level, code, message, file or self.file, sheet, row, column,
                                     None if value is None else files.short_repr(value, 80), hint, cell=cell))

    @property
    def errors(self) -> list[Finding]:
        """The findings of level ``error``."""
        return [f for f in self.findings if f.level == "error"]


class FirstError(Report):
    """The loader's reporter: the first error is raised (CatalogueError for a value not where the package
    says in the text, PlanError otherwise); warnings and infos are kept, not shown."""

    def add(self, level: str, code: str, message: str, sheet: str | None = None, row: int | None = None,
            column: str | None = None, cell: str | None = None, value: object = None, hint: str | None = None,
            file: str | None = None) -> None:
        super().add(level, code, message, sheet, row, column, cell, value, hint, file)
        if level == "error":
            f = self.findings[-1]
            hint_s = f" — {f.hint}" if f.hint else ""
            raise (CatalogueError if code in TEXT_CODES else PlanError)(f"{f.where}: {f.message}{hint_s}")


# --------------------------------------------------------------------------------------- numbers in text
_TOKEN = re.compile(r"(?<![\d.])([-−－]?)(\d+(?:\.\d+)?)(?![\d])")
_DATE_AFTER = re.compile(r"\s*[年月日]")


@dataclass(frozen=True)
class Token:
    """A whole number as printed: its span (with its sign), digits, sign and whether it is part of a date."""

    start: int
    end: int
    digits: str
    negative: bool
    date: bool

    @property
    def value(self) -> float:
        """The number, signed."""
        return -float(self.digits) if self.negative else float(self.digits)

    @property
    def digits_start(self) -> int:
        """Where its digits begin (after the sign)."""
        return self.end - len(self.digits)


def tokens(s: str) -> list[Token]:
    """The whole numbers of ``s`` in order: ``"下降-20%"`` → one token −20; ``"2022年1月1日"`` → three date
    parts; ``"21"`` → one token 21 (never a 2 and a 1).

    Parameters
    ----------
    s : str
        A line or a sentence.

    Returns
    -------
    list of Token
    """
    out = []
    for m in _TOKEN.finditer(s):
        date = bool(_DATE_AFTER.match(s, m.end()))
        out.append(Token(m.start(), m.end(), m.group(2), bool(m.group(1)), date))
    return out


def values(s: str) -> list[Token]:
    """The tokens of ``s`` that can be a value: every whole number but the parts of dates."""
    return [t for t in tokens(s) if not t.date]


def _value_text_token(value_text: str) -> Token | None:
    vt = values(value_text) or tokens(value_text)
    return vt[0] if len(vt) == 1 else None


def find_value(line: str, value_text: str) -> tuple[Token | None, str | None]:
    """Where ``value_text`` stands in ``line`` as a whole number: (its token, None), or (None, the code of
    why not: ``value-text-not-on-line``, ``value-text-inside-number``, ``value-text-date``,
    ``value-text-sign``, ``value-text-numbers``).

    Parameters
    ----------
    line : str
        The line (or sentence) of the text.
    value_text : str
        The value as printed, e.g. ``"14"``, ``"2.9万吨"``, ``"13.5%"``.

    Returns
    -------
    tuple
        The token found (the first clean occurrence), or None and the reason.
    """
    vt = _value_text_token(value_text)
    if vt is None:
        return None, "value-text-numbers"
    if value_text not in line:
        return None, "value-text-not-on-line"
    toks = tokens(line)
    why = "value-text-inside-number"
    i = line.find(value_text)
    while i >= 0:
        at = i + vt.digits_start
        tok = next((t for t in toks if t.digits_start == at and t.end == at + len(vt.digits)), None)
        if tok is not None:
            if tok.date:
                why = "value-text-date"
            elif tok.negative != vt.negative:
                why = "value-text-sign"
            else:
                return tok, None
        i = line.find(value_text, i + 1)
    return None, why


_WHY = {
    "value-text-not-on-line": "is not on {line}",
    "value-text-inside-number": "is on {line} only inside a longer number",
    "value-text-date": "is on {line} only as part of a date (…年…月…日)",
    "value-text-sign": "is on {line} only with another sign (the text prints a negative number, or the value "
                       "text one the text does not)",
    "value-text-numbers": "must state exactly one number",
}
_HINT = {
    "value-text-not-on-line": "check the line number (the first line of the file is 1)",
    "value-text-inside-number": "copy the whole number as printed (format the cell as text so that 1.20 stays 1.20)",
    "value-text-date": "a date is never a target's value: check the line",
    "value-text-sign": "copy the number with its sign as printed; a target the text prints as negative is not this value",
    "value-text-numbers": "copy the literal of this one value, e.g. 19 or 2.9万吨",
}


def report_value_text(report: Report, why: str, value_text: str, line_no: int, line: str, at: dict[str, Any]) -> None:
    """Report why a value text is not a whole number on its line (``line_no`` 0: in its quote), by the
    codes of :func:`find_value`."""
    where = f"line {line_no} of the text" if line_no else "its quote"
    report.add("error", why, f"the value text {files.short_repr(value_text, 80)} "
               + _WHY[why].format(line=where) + f": {files.short_repr(line.strip(), 120)}",
               value=value_text, hint=_HINT[why], **at)


# --------------------------------------------------------------------------------------- indicators' words
# the words that name an indicator in a plan's sentences and table headers, by family
FAMILY_WORDS: dict[str, tuple[str, ...]] = {
    "energy_intensity": ("能源消耗", "能耗强度", "能耗降低", "能耗下降", "单位GDP能耗", "生产总值能耗", "能耗"),
    "energy_base": ("能源消费量", "能源消费总量", "能耗总量"),
    "energy_increment": ("增量", "新增能耗", "新增能源消费"),
    "carbon": ("二氧化碳", "碳排放", "碳强度"),
}
# a targets.csv indicator's family (pollutants: "pollutant:<slug>")
INDICATOR_FAMILY = {
    "intensity_cut_pct": "energy_intensity", "intensity_incentive_cut_pct": "energy_intensity",
    "energy_base_10k_tce": "energy_base", "increment_10k_tce": "energy_increment",
    "carbon_intensity_cut_pct": "carbon", "carbon_cap_10k_tco2": "carbon",
}
INCENTIVE_WORD = "激励"


def indicator_family(indicator: str) -> str | None:
    """The family of a targets.csv indicator or a catalogue target id: ``"cod_cut_pct"`` (or ``_cap_10k_t``,
    ``_reduction_10k_t``, ``cod_reduction``) → ``"pollutant:cod"``,
    ``"energy_intensity_incentive"`` → ``"energy_intensity"``; None for an indicator of no known family."""
    if indicator in INDICATOR_FAMILY:
        return INDICATOR_FAMILY[indicator]
    if indicator in ("energy_intensity", "energy_intensity_incentive"):
        return "energy_intensity"
    if indicator == "energy_increment":
        return "energy_increment"
    if indicator == "carbon_intensity":
        return "carbon"
    for sp in KINDS.values():  # a kind registered with its own words (plan.kinds: text_words)
        if sp.text_words and (indicator == sp.catalogue_id or any(c.name == indicator for c in sp.columns)):
            return f"kind:{sp.kind}"
    m = re.match(r"^([a-z][a-z0-9_]*?)(_cap_10k_t|_cut_pct|_reduction_10k_t|_cap|_cut|_reduction)$", indicator)
    if m and not indicator.startswith(("energy_", "carbon_")):
        return f"pollutant:{m.group(1)}"
    return None


def is_incentive(indicator: str) -> bool:
    """Whether an indicator or target id is an incentive level (激励目标)."""
    return indicator in ("intensity_incentive_cut_pct", "energy_intensity_incentive")


def family_words(pollutants: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The words of every family, the plan's pollutants (slug, name as printed) among them."""
    out = dict(FAMILY_WORDS)
    out.update({f"kind:{sp.kind}": sp.text_words for sp in KINDS.values() if sp.text_words})
    for slug, name in pollutants:
        out[f"pollutant:{slug}"] = (name,)
    return out


def _occurrences(s: str, words: dict[str, tuple[str, ...]], end: int) -> list[tuple[int, int, str]]:
    """(start, end, family) of every indicator word that ends by ``end``, longest first where they overlap."""
    occ = []
    for fam, ws in words.items():
        for w in ws:
            i = s.find(w)
            while i >= 0 and i + len(w) <= end:
                occ.append((i, i + len(w), fam))
                i = s.find(w, i + 1)
    occ.sort(key=lambda o: (o[0], -(o[1] - o[0])))
    kept: list[tuple[int, int, str]] = []
    for o in occ:  # drop a word inside a longer one (能耗 in 能耗总量)
        if any(k[0] <= o[0] and o[1] <= k[1] for k in kept):
            continue
        kept.append(o)
    return kept


_SENTENCE_END = re.compile(r"[。；;！？\n]")


def attributed_family(sentence: str, tok: Token, words: dict[str, tuple[str, ...]]) -> str | None:
    """The family of the indicator a number in a sentence belongs to: the nearest indicator word before it,
    or, in a list "A、B…分别…x、y", the name in the place of the number among the numbers after 分别.
    None where no indicator word comes before it in its sentence.

    Parameters
    ----------
    sentence : str
        The quote or line.
    tok : Token
        The number (from :func:`tokens` of ``sentence``).
    words : dict
        The words of each family (:func:`family_words`).

    Returns
    -------
    str or None
    """
    start = max((m.end() for m in _SENTENCE_END.finditer(sentence, 0, tok.start)), default=0)
    part = sentence[start:tok.start]
    occ = _occurrences(part, words, len(part))
    if not occ:
        return None
    k = part.rfind("分别")
    if k >= 0 and occ[-1][1] <= k:  # "化学需氧量、氨氮…分别控制在 2.9万吨、0.3万吨": the i-th name, the i-th number
        # the list is the names of the clause that says 分别: after the last comma before it (a sentence of
        # commas names other indicators first: "能源消耗比2020年下降13.5%,…,化学需氧量、氨氮…分别下降8%、8%")
        clause = max(part.rfind(",", 0, k), part.rfind("，", 0, k))
        names = [o for o in occ if clause < o[0] and o[1] <= k]
        nums = [t for t in values(sentence) if start + k < t.start and not _SENTENCE_END.search(sentence, start + k, t.start)]
        idx = next((i for i, t in enumerate(nums) if t.start == tok.start), None)
        if idx is not None and idx < len(names):
            return names[idx][2]
        return None
    return occ[-1][2]


def own_token(sentence: str, tok: Token, indicator: str, words: dict[str, tuple[str, ...]]) -> Token:
    """Among the numbers of a sentence that print the same as ``tok`` ("分别下降8%、8%"), the one that is the
    indicator's own (:func:`attributed_family`); ``tok`` where none is, or where it is the only one."""
    fam = indicator_family(indicator)
    same = [t for t in values(sentence) if sentence[t.start:t.end] == sentence[tok.start:tok.end]]
    if fam is None or len(same) < 2:
        return tok
    return next((t for t in same if attributed_family(sentence, t, words) == fam), tok)


def _segment(sentence: str, tok: Token) -> str:
    """The part of a sentence that speaks of one number: from the number before it to the number after it."""
    vals = values(sentence)
    before = max((t.end for t in vals if t.end <= tok.start), default=0)
    after = min((t.start for t in vals if t.start >= tok.end), default=len(sentence))
    return sentence[before:after]


def check_sentence_value(report: Report, sentence: str, tok: Token, indicator: str,
                         words: dict[str, tuple[str, ...]], at: dict[str, Any], *, what: str = "quote") -> None:
    """A number read from a sentence is its indicator's: the nearest indicator word before it is its own
    family's (never the energy-intensity number as the CO2 cut), and an incentive level is the number
    whose part of the sentence says 激励 (the basic one's does not).

    Parameters
    ----------
    report : Report
        Where findings go.
    sentence : str
        The quote or line.
    tok : Token
        The number, a token of ``sentence``.
    indicator : str
        The targets.csv indicator or catalogue target id it is read as.
    words : dict
        :func:`family_words`.
    at : dict
        Where the finding points (sheet/row/column/cell or row/column).
    what : str
        How the sentence is named in messages.
    """
    fam = indicator_family(indicator)
    if fam is None:
        return
    got = attributed_family(sentence, tok, words)
    number = sentence[tok.start:tok.end]
    if got is not None and got != fam:
        name = next(iter(words.get(got, (got,))))
        report.add("error", "value-other-indicator", f"{number} in the {what} is the number of {name} "
                   f"({got.replace('pollutant:', '')}), not of {indicator}", value=number,
                   hint="take the number the sentence gives for this indicator (a list 'A、B分别 x、y' pairs them in "
                   "order)", **at)
        return
    if INCENTIVE_WORD in sentence and fam == "energy_intensity":  # only energy intensity has an incentive level
        says = INCENTIVE_WORD in _segment(sentence, tok)
        if says != is_incentive(indicator):
            report.add("error", "incentive-word", f"{number} is the sentence's "
                       + ("incentive level (激励目标)" if says else "basic target") + f", but the row is {indicator}",
                       value=number, hint="are the basic and the incentive level swapped?", **at)
    elif is_incentive(indicator) and INCENTIVE_WORD not in sentence:
        report.add("error", "incentive-word", f"the {what} says nothing of an incentive level (激励), but the row is "
                   f"{indicator}", value=number, hint="quote the sentence that states the incentive level", **at)


# --------------------------------------------------------------------------------------- tables
SKIP_COLUMN = "-"  # a table's column the package does not read (a statistic, a unit's rank…)


@dataclass(frozen=True)
class Table:
    """A table of the plan's text: its name, its lines (first to last, 1-based, inclusive), the line of its
    header (0: none) and the indicators of its columns in printed order (after the unit's name; ``"-"`` for
    a column not read)."""

    name: str
    first_line: int
    last_line: int
    columns: tuple[str, ...]
    header_line: int = 0

    def holds(self, line: int) -> bool:
        """Whether a line of the text is one of the table's rows."""
        return self.first_line <= line <= self.last_line


def check_tables(report: Report, tables: Sequence[Table], n_lines: int, known: Sequence[str],
                 at: Sequence[dict[str, Any]], lines: Sequence[str] = (),
                 words: dict[str, tuple[str, ...]] | None = None) -> None:
    """The declared tables: lines in the text and not overlapping, columns known and each once; a header
    cell that does not name its column's indicator is warned.

    Parameters
    ----------
    report : Report
    tables : sequence of Table
    n_lines : int
        The text's number of lines.
    known : sequence of str
        The indicators a column may be (targets.csv's names).
    at : sequence of dict
        Where each table's finding points.
    lines : sequence of str
        The text's lines (for the header check).
    words : dict, optional
        :func:`family_words`.
    """
    for t, where in zip(tables, at):
        if not (1 <= t.first_line <= t.last_line <= n_lines) or not (0 <= t.header_line <= n_lines):
            report.add("error", "table-lines", f"table {t.name!r}: lines {t.first_line}–{t.last_line} (header "
                       f"{t.header_line or 'none'}) are not lines of the text ({n_lines} lines)", **where)
            continue
        if any(o is not t and o.first_line <= t.last_line and t.first_line <= o.last_line for o in tables):
            report.add("error", "table-lines", f"table {t.name!r}: its lines overlap another table's", **where)
        bad = [c for c in t.columns if c not in known and c != SKIP_COLUMN]
        named = [c for c in t.columns if c != SKIP_COLUMN]
        if bad or not named or len(set(named)) != len(named):
            report.add("error", "table-columns", f"table {t.name!r}: columns {', '.join(t.columns) or 'none'}: each "
                       f"an indicator once ({', '.join(bad)} unknown)" if bad else
                       f"table {t.name!r}: columns {', '.join(t.columns) or 'none'}: each indicator once",
                       hint=f"indicators: {', '.join(known)}; '{SKIP_COLUMN}' for a column not read", **where)
            continue
        if t.header_line and lines and words:
            cells = [c for c in re.split(r"[\s　]+", lines[t.header_line - 1].strip()) if c]
            cells = cells[-len(t.columns):] if len(cells) >= len(t.columns) else cells
            if len(cells) != len(t.columns):
                report.add("warning", "table-header", f"table {t.name!r}: the header (line {t.header_line}) has "
                           f"{len(cells)} cells for {len(t.columns)} columns", **where)
                continue
            for c, cell in zip(t.columns, cells):
                if c == SKIP_COLUMN:
                    continue
                fam = indicator_family(c)
                ws = words.get(fam or "", ())
                said = _occurrences(cell, words, len(cell))
                if fam and ws and (not said or said[-1][2] != fam or (INCENTIVE_WORD in cell) != is_incentive(c)):
                    report.add("warning", "table-header", f"table {t.name!r}: column {c} is headed "
                               f"{files.short_repr(cell, 60)} in the text: is the column order right?", value=cell,
                               **where)


def row_numbers(line: str, unit_name: str) -> list[Token] | None:
    """The numbers of a table row after its unit's name (dates excluded), or None if the row does not
    start with that name."""
    s = line.lstrip(" \t　")
    if not s.startswith(unit_name):
        return None
    off = len(line) - len(s) + len(unit_name)
    return [t for t in values(line) if t.start >= off]


def check_table_value(report: Report, table: Table, line_no: int, line: str, unit_name: str,
                      other_units: dict[str, str], indicator: str, value_text: str, at: dict[str, Any]) -> None:
    """A value of a table row is the number in its own column of its own unit's row.

    Parameters
    ----------
    report : Report
    table : Table
        The table the line belongs to.
    line_no : int
        The line's number.
    line : str
        The line.
    unit_name : str
        The unit's name as printed.
    other_units : dict
        Name as printed → slug of the plan's other units (to say whose row it is).
    indicator : str
        The row's indicator (targets.csv's name).
    value_text : str
        The value as printed.
    at : dict
        Where the finding points.
    """
    nums = row_numbers(line, unit_name)
    short = files.short_repr(line.strip(), 120)
    if nums is None:
        whose = next((f"{n} ({s})" for n, s in sorted(other_units.items(), key=lambda x: -len(x[0]))
                      if line.lstrip(" \t　").startswith(n)), None)
        report.add("error", "unit-not-on-line", f"line {line_no} is not {unit_name}'s row of {table.name}"
                   + (f": it is {whose}'s" if whose else "") + f": {short}", value=line_no,
                   hint="give the line of this unit's own row", **at)
        return
    if len(nums) != len(table.columns):
        report.add("error", "table-columns", f"line {line_no} has {len(nums)} numbers after {unit_name}, but "
                   f"{table.name} declares {len(table.columns)} columns ({', '.join(table.columns)}): {short}",
                   value=line_no, hint="check the table's lines and columns", **at)
        return
    if indicator not in table.columns:
        report.add("error", "wrong-column", f"{table.name} has no column {indicator} (its columns: "
                   f"{', '.join(table.columns)})", value=indicator, hint="is it the right line or table?", **at)
        return
    k = table.columns.index(indicator)
    tok = nums[k]
    vt = _value_text_token(value_text)
    if vt is None:
        report_value_text(report, "value-text-numbers", value_text, line_no, line, at)
        return
    if not (vt.digits == tok.digits and vt.negative == tok.negative):
        printed = line[tok.start:tok.end]
        where_else = [table.columns[i] for i, t in enumerate(nums) if t.digits == vt.digits and t.negative == vt.negative]
        report.add("error", "wrong-column", f"{indicator} is column {k + 1} of {unit_name}'s row in {table.name}, "
                   f"which prints {printed}, not {files.short_repr(value_text, 40)}"
                   + (f" ({files.short_repr(value_text, 40)} is its {', '.join(where_else)})" if where_else else ""),
                   value=value_text, hint=f"did you mean {printed}?", **at)


# --------------------------------------------------------------------------------------- the period
_FROM = re.compile(r"比\s*(\d{4})\s*年")
_BY = re.compile(r"(?:到|至)\s*(\d{4})\s*年")


def check_period(report: Report, text: str, base: int, target: int, at_base: dict[str, Any],
                 at_target: dict[str, Any]) -> None:
    """The plan's years are the text's: where the text measures targets from a year (比2020年…) the base
    year is one of those, and where it sets them for a year (到2025年…) the target year is one of those.

    Parameters
    ----------
    report : Report
    text : str
        The plan's text.
    base, target : int
        The package's base and target years.
    at_base, at_target : dict
        Where a finding on each points.
    """
    froms = sorted({int(y) for y in _FROM.findall(text)})
    bys = sorted({int(y) for y in _BY.findall(text)})
    if froms and base not in froms:
        report.add("error", "period-not-text", f"base year {base}, but the text measures its targets from "
                   f"{', '.join(map(str, froms))} (比…年)", value=base, hint=f"did you mean {froms[0]}?", **at_base)
    if bys and target not in bys:
        report.add("error", "period-not-text", f"target year {target}, but the text sets its targets for "
                   f"{', '.join(map(str, bys))} (到…年)", value=target, hint=f"did you mean {bys[-1]}?", **at_target)


# --------------------------------------------------------------------------------------- plausibility
def check_energy_plausible(report: Report, energy: dict[str, tuple[float, float]], names: dict[str, str],
                           at: dict[str, dict[str, Any]], region_increment: float | None = None) -> None:
    """Warn where a unit's base-year consumption or increment is far from what its own base, the plan's
    other units and the region imply: an increment above the base (a consumption more than doubled in
    one period: base and increment swapped?), an increment-to-base ratio four times or a quarter of the
    other units' median, an increment above the region's.

    Parameters
    ----------
    report : Report
    energy : dict
        slug → (base-year consumption, increment), 10^4 tce.
    names : dict
        slug → name as printed.
    at : dict
        slug → where a finding on that unit points.
    region_increment : float, optional
        The region's stated increment, 10^4 tce.
    """
    ratios = {s: inc / base for s, (base, inc) in energy.items() if base > 0}
    for s, (base, inc) in energy.items():
        who = f"{names.get(s, s)} ({s})"
        if base > 0 and inc > base:
            report.add("warning", "implausible-increment", f"{who}: an increment of {inc:g} on a base of {base:g} × "
                       "10^4 tce more than doubles its consumption in one period", value=inc,
                       hint="are the base and the increment swapped?", **at[s])
            continue
        others = [r for o, r in ratios.items() if o != s]
        if s in ratios and len(others) >= 2:
            med = statistics.median(others)
            if med > 0 and not (med / 4 <= ratios[s] <= med * 4):
                report.add("warning", "implausible-increment", f"{who}: its increment is {ratios[s]:.0%} of its base, "
                           f"the other units' median {med:.0%}", value=inc,
                           hint="check the base and the increment against the table", **at[s])
                continue
        if region_increment is not None and inc > region_increment + TOL:
            report.add("warning", "implausible-increment", f"{who}: its increment {inc:g} is above the region's "
                       f"{region_increment:g} × 10^4 tce", value=inc, **at[s])
