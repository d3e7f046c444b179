"""Annual targets of a plan package: the optional resource ``annual_targets.csv``.

A plan (or, for the nation, the State Council's annual work report) may set a target for single years
of a period: the national energy intensity "降低3%左右" in 2021, no number in 2022, 2 % in 2023 … Each
row of ``annual_targets.csv`` is one year of one kind's annual target, with its quote and source:

``indicator``
    the kind whose annual target it is: ``intensity_cut`` or ``carbon_intensity_cut`` (:data:`INDICATORS`);
``year``
    a year of the period (the base year + 1 to the target year);
``value_pct``
    the cut in percent (3 for "降低3%"); empty where the year has no numeric target;
``qualifier``
    ``about`` ("左右", kept and shown, never used to soften a grade), ``at_least`` ("以上"), ``none`` (the
    year has no numeric target: ``value_pct`` empty) or empty (the number as it stands);
``value_text``
    the number as printed ("3%左右"), verbatim in ``quote``; empty for a year without a number;
``quote``
    the sentence that sets it, verbatim from its source;
``source_title``, ``source_issuer``, ``source_date``, ``source_url``, ``note``
    where it is found.

:func:`read` checks each row and refuses a malformed one naming the file, the row and the column. The
model grades each observed year against its own target (:func:`jnjp_analysis.model.annual.annual_grades`
takes the :class:`AnnualTarget` s of :attr:`jnjp_analysis.plan.definition.Plan.annual_targets`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jnjp_analysis import files
from jnjp_analysis.errors import PlanError

FILE_NAME = "annual_targets.csv"
# the kinds that may have annual targets: a cut of an intensity from the year before
INDICATORS = ("intensity_cut", "carbon_intensity_cut")
QUALIFIERS = ("about", "at_least", "none", "")
COLUMNS = ("indicator", "year", "value_pct", "qualifier", "value_text", "quote", "source_title", "source_issuer",
           "source_date", "source_url", "note")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class AnnualTarget:
    """A target for one year: a cut of the indicator from the year before.

    Attributes
    ----------
    year : int
        The year it is set for.
    cut : float or None
        The cut, a fraction (0.02 for "降低2%"); None where the year has no numeric target (the text
        says so, e.g. 2022's "统筹考核…留有适当弹性").
    about : bool
        The target says "左右" (about).
    qualifier : str
        As ``annual_targets.csv`` gives it: ``"about"``, ``"at_least"``, ``"none"`` or ``""``.
    value_text, quote : str
        The number as printed and the sentence that sets it (``""`` where built by hand).
    source_title, source_issuer, source_date, source_url, note : str
        Where it is found.
    """

    year: int
    cut: float | None
    about: bool = False
    qualifier: str = ""
    value_text: str = ""
    quote: str = ""
    source_title: str = ""
    source_issuer: str = ""
    source_date: str = ""
    source_url: str = ""
    note: str = ""


def read(path: Path, base_year: int, target_year: int) -> tuple[tuple[str, AnnualTarget], ...]:
    """The annual targets of ``annual_targets.csv``: (kind, :class:`AnnualTarget`) in the file's order.

    Parameters
    ----------
    path : pathlib.Path
        The file (a plan package's ``annual_targets.csv``).
    base_year, target_year : int
        The plan's period: a year of an annual target is base_year + 1 … target_year.

    Returns
    -------
    tuple of (str, AnnualTarget)
        The kind (:data:`INDICATORS`) and its target for one year.

    Raises
    ------
    PlanError
        For a file that cannot be read, a missing or unknown column, or a malformed row (naming the file,
        the row and the column): an unknown indicator, a year outside the period or given twice for one
        indicator, a value that is not a percent in (0, 100), a value_text not verbatim in its quote or
        stating another number than value_pct, a qualifier ``none`` with a value or a value without one.
    """
    rows = files.csv_table(path, "annual targets", COLUMNS, PlanError)
    out: list[tuple[str, AnnualTarget]] = []
    seen: dict[tuple[str, int], int] = {}
    for i, r in rows:
        def bad(column: str, why: str, _i: int = i) -> PlanError:
            return PlanError(f"{path}, row {_i}, column {column}: {why}")

        kind = r["indicator"]
        if kind not in INDICATORS:
            raise bad("indicator", f"{kind[:40]!r} is not a kind with annual targets; give one of {', '.join(INDICATORS)}")
        if not r["year"].isascii() or not r["year"].isdigit():
            raise bad("year", f"{r['year'][:20]!r} is not a year")
        year = int(r["year"])
        if not base_year < year <= target_year:
            raise bad("year", f"{year} is outside the plan's period: give a year from {base_year + 1} to {target_year}")
        if (kind, year) in seen:
            raise bad("year", f"{kind} {year} is given twice (rows {seen[(kind, year)]} and {i})")
        seen[(kind, year)] = i
        q = r["qualifier"]
        if q not in QUALIFIERS:
            raise bad("qualifier", f"{q[:20]!r}: give about (左右), at_least (以上), none (no numeric target) or leave "
                                   "it empty")
        quote, text, pct = r["quote"], r["value_text"], r["value_pct"]
        if not quote:
            raise bad("quote", "empty: quote the sentence that sets the year's target (or says it sets none)")
        if not r["source_title"]:
            raise bad("source_title", "empty: name the document the quote is from")
        if (q == "none") != (pct == ""):
            raise bad("value_pct", f"{pct!r} with qualifier {q!r}: a year without a numeric target has qualifier none "
                                   "and an empty value_pct; a year with one has a value_pct and no qualifier none")
        cut: float | None = None
        if pct != "":
            try:
                v = float(pct)
            except ValueError:
                raise bad("value_pct", f"{pct[:20]!r} is not a number (a percent: 3 for 3 %)") from None
            if not 0 < v < 100:
                raise bad("value_pct", f"{v:g} is not a cut in percent (0 < value < 100)")
            if not text:
                raise bad("value_text", "empty: give the number as printed in the quote (e.g. 3%左右)")
            nums = _NUMBER.findall(text)
            if len(nums) != 1:
                raise bad("value_text", f"{text[:40]!r} must state exactly one number, found {nums or 'none'}")
            if float(nums[0]) != v:
                raise bad("value_text", f"{text[:40]!r} states {nums[0]}, but value_pct is {pct}")
            cut = v / 100.0
        if text and text not in quote:
            raise bad("value_text", f"{text[:40]!r} is not verbatim in the row's quote")
        out.append((kind, AnnualTarget(year, cut, about=q == "about", qualifier=q, value_text=text, quote=quote,
                                       source_title=r["source_title"], source_issuer=r["source_issuer"],
                                       source_date=r["source_date"], source_url=r["source_url"], note=r["note"])))
    return tuple(out)
