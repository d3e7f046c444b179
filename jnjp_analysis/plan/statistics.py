"""Base-year statistics of a plan package: the optional resource ``statistics.csv``.

A plan's text does not print the statistics of its base year (the national 2020 energy consumption,
49.8 亿吨标准煤, is the statistical communiqué's, not the 14th plan's). Where a package needs one, it
enters as a cited value: each row of ``statistics.csv`` is one statistic of one unit, with its source:

``unit``
    a slug of ``units.csv``, or ``region`` (the whole);
``indicator``
    what it measures (:data:`INDICATORS`: the record format's names): ``energy_10k_tce`` (10^4 tce),
    ``gdp_current_100m_yuan`` (10^8 yuan, current prices), ``co2_10k_tco2`` (10^4 t CO2);
``year``
    the plan's base year (a base-year statistic);
``value``
    the value in the indicator's unit;
``value_text``
    the value as the quote prints it (``49.8億噸標準煤``): one number and a printed unit of
    :data:`PRINTED_UNITS`, whose factor turns it into ``value`` (49.8 × 10000 = 498000 10^4 tce);
``status``
    ``preliminary`` (初步核算), ``revised``, ``final`` or ``not_stated`` (:data:`STATUSES`);
``source_title``, ``source_issuer``, ``source_date``, ``source_url``, ``source_quote``
    where it is found (all required; the date YYYY[-MM[-DD]], the URL http(s));
``note``
    anything the reader should know (optional).

Nothing is computed from a statistic here: it is held and shown with its source. :func:`check` is the
one rule set, used by the package loader (:func:`read`, which refuses the first problem naming the file,
the row and the column) and by the plan form (which reports every problem naming the sheet's cell).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jnjp_analysis import files
from jnjp_analysis.checks import valid_date
from jnjp_analysis.errors import PlanError

FILE_NAME = "statistics.csv"
COLUMNS = ("unit", "indicator", "year", "value", "value_text", "status", "source_title", "source_issuer",
           "source_date", "source_url", "source_quote", "note")
SOURCE_COLUMNS = ("source_title", "source_issuer", "source_date", "source_url", "source_quote")
STATUSES = ("preliminary", "revised", "final", "not_stated")
REGION = "region"
# the printed units of each indicator and their factor to the indicator's unit (spaces in a printed unit
# are ignored: "亿吨 CO2" is "亿吨CO2"); simplified and traditional characters alike
PRINTED_UNITS: dict[str, dict[str, float]] = {
    "energy_10k_tce": {  # 10^4 tce
        "万吨标准煤": 1, "萬噸標準煤": 1, "亿吨标准煤": 10000, "億噸標準煤": 10000,
        "10^4tce": 1, "milliontonsofstandardcoal": 100, "milliontonnesofstandardcoal": 100,
        "billiontonsofstandardcoal": 100000, "billiontonnesofstandardcoal": 100000,
    },
    "gdp_current_100m_yuan": {  # 10^8 yuan, current prices
        "亿元": 1, "億元": 1, "万亿元": 10000, "萬億元": 10000,
        "billionyuan": 10, "trillionyuan": 10000,
    },
    "co2_10k_tco2": {  # 10^4 t CO2
        "万吨二氧化碳": 1, "萬噸二氧化碳": 1, "亿吨二氧化碳": 10000, "億噸二氧化碳": 10000,
        "万吨CO2": 1, "萬噸CO2": 1, "亿吨CO2": 10000, "億噸CO2": 10000,
        "billiontonsofCO2": 100000, "billiontonnesofCO2": 100000,
    },
}
INDICATORS = tuple(PRINTED_UNITS)
_VALUE_TEXT = re.compile(r"\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(\S.*?)?\s*")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Statistic:
    """One base-year statistic, cited.

    Attributes
    ----------
    unit : str
        A unit's slug or ``"region"``.
    indicator : str
        One of :data:`INDICATORS`.
    year : int
        The plan's base year.
    value : float
        In the indicator's unit (10^4 tce, 10^8 yuan, 10^4 t CO2).
    value_text : str
        The value as its quote prints it.
    status : str
        One of :data:`STATUSES`.
    source_title, source_issuer, source_date, source_url, source_quote, note : str
        Where it is found, and the quoted sentence that states it.
    """

    unit: str
    indicator: str
    year: int
    value: float
    value_text: str
    status: str
    source_title: str
    source_issuer: str
    source_date: str
    source_url: str
    source_quote: str
    note: str = ""


@dataclass(frozen=True)
class Problem:
    """A row refused: its row number, the column at fault, a code and why."""

    row: int
    column: str
    code: str
    why: str



def _short(s: str, n: int = 40) -> str:
    return repr(s if len(s) <= n else s[:n] + "…")


def check(rows: Iterable[tuple[int, Mapping[str, str]]], base_year: int,
          units: Iterable[str]) -> tuple[tuple[Statistic, ...], list[Problem]]:
    """Check rows of statistics (the one rule set of the package and the form).

    Parameters
    ----------
    rows : iterable of (int, mapping)
        Each row's number (as its file or sheet counts it) and its cells by column (stripped text).
    base_year : int
        The plan's base year: every statistic's year.
    units : iterable of str
        The plan's unit slugs (``"region"`` is allowed too).

    Returns
    -------
    statistics : tuple of Statistic
        The rows without a problem, in order.
    problems : list of Problem
        Every problem found (the row, the column, a code, why): an unknown unit, indicator or status; a
        year that is not the base year; a value that is not a number, or not the number of its value text
        times the factor of its printed unit; a printed unit unknown for the indicator; a value text not
        verbatim in the source's quote; a source field missing, a date not YYYY[-MM[-DD]], a URL not
        http(s); a (unit, indicator) given twice.
    """
    known = {*units, REGION}
    out: list[Statistic] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in rows:
        mine: list[Problem] = []

        def bad(column: str, code: str, why: str, _i: int = i, _mine: list[Problem] = mine) -> None:
            _mine.append(Problem(_i, column, code, why))

        def cell(k: str, _r: Mapping[str, str] = r) -> str:
            return (_r.get(k) or "").strip()

        unit, ind, year_s, value_s, text, status = (cell(k) for k in ("unit", "indicator", "year", "value",
                                                                      "value_text", "status"))
        if unit not in known:
            bad("unit", "unknown-unit", f"{_short(unit)} is not a unit of the plan; give a slug of units.csv or region")
        if ind not in PRINTED_UNITS:
            bad("indicator", "unknown-indicator", f"{_short(ind)} is not a statistic's indicator; give one of "
                                                  f"{', '.join(INDICATORS)}")
        year = int(year_s) if year_s.isascii() and year_s.isdigit() else None
        if year is None:
            bad("year", "bad-year", f"{_short(year_s)} is not a year")
        elif year != base_year:
            bad("year", "not-base-year", f"{year} is not the plan's base year {base_year}: a base-year statistic only")
        value: float | None = None
        try:
            value = float(value_s)
        except ValueError:
            bad("value", "not-a-number", f"{_short(value_s)} is not a number (in the indicator's unit)")
        if value is not None and not math.isfinite(value):
            bad("value", "not-a-number", f"{_short(value_s)} is not a finite number")
            value = None
        m = _VALUE_TEXT.fullmatch(text)
        if not text:
            bad("value_text", "empty", "empty: give the value as the quote prints it (e.g. 49.8億噸標準煤)")
        elif m is None:
            bad("value_text", "value-text-not-one-number", f"{_short(text)} must be one number and its printed unit")
        elif ind in PRINTED_UNITS:
            word = re.sub(r"\s+", "", m.group(2) or "")
            factor = PRINTED_UNITS[ind].get(word)
            if factor is None:
                bad("value_text", "unknown-printed-unit",
                    f"the printed unit {_short(word)} is not known for {ind}; give one of {', '.join(PRINTED_UNITS[ind])}")
            elif value is not None:
                stated = float(m.group(1).replace(",", "")) * factor
                if not math.isclose(stated, value, rel_tol=1e-9, abs_tol=1e-9):
                    bad("value", "value-not-its-text", f"{value_s} is not {_short(text)}: {m.group(1)} × {factor:g} = "
                                                       f"{stated:.10g} in the indicator's unit")
        if status not in STATUSES:
            bad("status", "unknown-status", f"{_short(status)}: give one of {', '.join(STATUSES)}")
        for k in SOURCE_COLUMNS:
            if not cell(k):
                bad(k, "missing-source", f"empty: every statistic needs its {k}")
        if cell("source_date") and not valid_date(cell("source_date")):
            bad("source_date", "bad-date", f"{_short(cell('source_date'))} is not a date: YYYY-MM-DD, YYYY-MM or YYYY")
        if cell("source_url") and not _URL.fullmatch(cell("source_url")):
            bad("source_url", "bad-url", f"{_short(cell('source_url'))} is not a web address (http:// or https://)")
        if text and cell("source_quote") and text not in cell("source_quote"):
            bad("value_text", "value-text-not-in-quote", f"{_short(text)} is not verbatim in the row's source_quote")
        if (unit, ind) in seen:
            bad("indicator", "duplicate", f"{unit} {ind} is given twice (rows {seen[(unit, ind)]} and {i})")
        seen.setdefault((unit, ind), i)
        problems += mine
        if not mine and value is not None and year is not None:
            out.append(Statistic(unit, ind, year, value, text, status, source_title=cell("source_title"),
                                 source_issuer=cell("source_issuer"), source_date=cell("source_date"),
                                 source_url=cell("source_url"), source_quote=cell("source_quote"), note=cell("note")))
    return tuple(out), problems


def read(path: Path, base_year: int, units: Iterable[str]) -> tuple[Statistic, ...]:
    """The statistics of ``statistics.csv``, in the file's order.

    Parameters
    ----------
    path : pathlib.Path
        The file (a plan package's ``statistics.csv``).
    base_year : int
        The plan's base year.
    units : iterable of str
        The plan's unit slugs.

    Returns
    -------
    tuple of Statistic

    Raises
    ------
    PlanError
        For a file that cannot be read, a missing or unknown column, or the first problem of :func:`check`,
        naming the file, the row and the column.
    """
    rows = files.csv_table(path, "statistics", COLUMNS, PlanError)
    stats, problems = check(rows, base_year, units)
    if problems:
        p = problems[0]
        raise PlanError(f"{path}, row {p.row}, column {p.column}: {p.why}")
    return stats
