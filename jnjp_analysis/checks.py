"""The one place where values that enter the package are checked, and the one error base class.

Every error this package raises for bad *input* is a :class:`JnjpError` (a ``ValueError``), with a
message that names where the value came from (file, row, column, parameter) and, where we can
guess the mistake, a hint. Readers of files (:mod:`jnjp_analysis.readers`), the CLI and the API
functions all call the checks below, so a bound is written once.

Bounds (fractions throughout: 0.08 means 8 %):

* a cumulative cut R: 0 ≤ R < 1;
* an annual intensity cut r: −1 < r < 1 (negative = intensity rose);
* a growth rate (GDP, energy, pollutant): −1 < g ≤ 1 — more than 100 % a year is refused as a
  likely percent-for-fraction mistake ("did you mean 0.08? rates are fractions");
* an energy elasticity: −5 ≤ ε ≤ 5;
* energy and emissions: ≥ 0; a seed: a whole number ≥ 0;
* every number finite (no NaN, no ±inf).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Any, cast

from jnjp_analysis.errors import JnjpError  # also re-exported: checks.JnjpError

# the one pattern a record format may constrain a field by (a source's date: YYYY, YYYY-MM or YYYY-MM-DD); a
# plan package is a folder someone may send, and a pattern of its own (say "(a+)+b") could make validation hang
DATE_PATTERN = "[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"


def valid_date(v: str) -> bool:
    """Whether ``v`` is a date as a source gives it (YYYY, YYYY-MM or YYYY-MM-DD: :data:`DATE_PATTERN`) that
    exists in the calendar (no 2021-02-30).

    Parameters
    ----------
    v : str
        The date as written.

    Returns
    -------
    bool
        True for a valid date.
    """
    import datetime as dt
    import re

    if not re.fullmatch(DATE_PATTERN, v):
        return False
    parts = [int(x) for x in v.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _ints() -> tuple[type, ...]:
    """The whole-number types: int, and numpy's integers if numpy is loaded (no numpy value can
    exist before it is; not importing it keeps ``jnjp build`` with nothing to do quick)."""
    np = sys.modules.get("numpy")
    return (int, np.integer) if np is not None else (int,)


def _reals() -> tuple[type, ...]:
    """The number types :func:`number` takes: int, float, and numpy's if numpy is loaded."""
    np = sys.modules.get("numpy")
    return (int, float, np.integer, np.floating) if np is not None else (int, float)

MAX_GROWTH = 1.0  # 100 %/yr: above this a rate is refused as a likely percent
MAX_ELASTICITY = 5.0


def _where(name: str) -> str:
    return name


def _hint_fraction(v: float) -> str:
    return f" (did you mean {v / 100:g}? rates are fractions: 0.08 for 8 %)" if 1.0 <= abs(v) <= 100.0 else ""


def number(x: Any, name: str) -> float:
    """A finite real number (bools and strings refused).

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message (parameter, file and column).

    Returns
    -------
    float
        ``x`` as a float.

    Raises
    ------
    JnjpError
        If ``x`` is not an int or float (a bool, a string, None), is NaN, or is infinite.
    """
    if isinstance(x, bool) or not isinstance(x, _reals()):
        raise JnjpError(f"{name} must be a number, got {type(x).__name__} {x!r}")
    v = float(cast(float, x))  # a real number: checked above
    if math.isnan(v):
        raise JnjpError(f"{name} is NaN")
    if math.isinf(v):
        raise JnjpError(f"{name} is infinite")
    return v


def cut(x: Any, name: str = "total_cut") -> float:
    """A cumulative cut R in [0, 1): 0.12 for 12 %.

    Parameters
    ----------
    x : Any
        The value to check, a fraction.
    name : str
        Where it came from, for the message.

    Returns
    -------
    float
        ``x`` as a float, 0 ≤ R < 1.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, or is outside [0, 1) (with a hint when it looks like a percent).
    """
    v = number(x, name)
    if not 0.0 <= v < 1.0:
        raise JnjpError(f"{name} = {v:g} is outside [0, 1){_hint_fraction(v)}")
    return v


def annual_cut(x: Any, name: str = "intensity_cut", *, floor: float | None = -1.0) -> float:
    """An annual intensity cut below 1 and (for inputs) above ``floor`` = −1.

    The trajectory math passes ``floor=None``: a required pace may be a large negative cut when a
    target is beaten.

    Parameters
    ----------
    x : Any
        The value to check, a fraction a year (negative = intensity rose).
    name : str
        Where it came from, for the message.
    floor : float or None
        The exclusive lower bound (−1 by default); None for no lower bound.

    Returns
    -------
    float
        ``x`` as a float, ``floor`` < r < 1.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, is 1 or more, or is at or below ``floor``.
    """
    v = number(x, name)
    if not v < 1.0 or (floor is not None and not v > floor):
        span = f"({floor:g}, 1)" if floor is not None else "below 1"
        raise JnjpError(f"{name} = {v:g} is {'outside' if floor is not None else 'not'} {span}{_hint_fraction(v)}")
    return v


def growth(x: Any, name: str = "gdp_growth") -> float:
    """An annual growth rate in (−1, MAX_GROWTH].

    Parameters
    ----------
    x : Any
        The value to check, a fraction a year (0.08 for 8 %/yr).
    name : str
        Where it came from, for the message.

    Returns
    -------
    float
        ``x`` as a float, −1 < g ≤ 1.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, is at or below −1 (−100 %), or is above ``MAX_GROWTH`` (100 %/yr,
        likely a percent given for a fraction).
    """
    v = number(x, name)
    if v <= -1.0:
        raise JnjpError(f"{name} = {v:g} is at or below −100 %{_hint_fraction(v)}")
    if v > MAX_GROWTH:
        raise JnjpError(f"{name} = {v:g} is above {MAX_GROWTH:g} (100 %/yr){_hint_fraction(v)}")
    return v


def elasticity(x: Any, name: str = "energy_elasticity") -> float:
    """An energy elasticity (energy growth over GDP growth) in [−MAX_ELASTICITY, MAX_ELASTICITY].

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message.

    Returns
    -------
    float
        ``x`` as a float, −5 ≤ ε ≤ 5.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, or is outside [−5, 5].
    """
    v = number(x, name)
    if not -MAX_ELASTICITY <= v <= MAX_ELASTICITY:
        raise JnjpError(f"{name} = {v:g} is outside [−{MAX_ELASTICITY:g}, {MAX_ELASTICITY:g}]")
    return v


def energy(x: Any, name: str = "energy_base") -> float:
    """An amount of energy (or emissions), in 10^4 tce: a finite number ≥ 0.

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message.

    Returns
    -------
    float
        ``x`` as a float, ≥ 0.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, or is negative.
    """
    v = number(x, name)
    if v < 0:
        raise JnjpError(f"{name} = {v:g} 10^4 tce is negative")
    return v


def count(x: Any, name: str, minimum: int = 1) -> int:
    """A whole number (int, not bool) ≥ ``minimum``.

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message.
    minimum : int
        The smallest value allowed (inclusive).

    Returns
    -------
    int
        ``x`` as an int.

    Raises
    ------
    JnjpError
        If ``x`` is not an int (a bool, a float, a string), or is below ``minimum``.
    """
    if isinstance(x, bool) or not isinstance(x, _ints()):
        raise JnjpError(f"{name} must be a whole number, got {type(x).__name__} {x!r}")
    n = int(cast(int, x))  # an int or a numpy integer: checked above
    if n < minimum:
        raise JnjpError(f"{name} = {x} must be at least {minimum}")
    return n


def seed(x: Any, name: str = "seed") -> int:
    """A random seed: a whole number ≥ 0 (numpy refuses negative seeds).

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message.

    Returns
    -------
    int
        ``x`` as an int, ≥ 0.

    Raises
    ------
    JnjpError
        If ``x`` is not an int, or is negative.
    """
    return count(x, name, minimum=0)


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (the reproducible-builds date the PDFs print), or None when unset.

    A value that is not a whole number of seconds since 1970 is refused naming it: the Jupyter kernels
    read it too, and with ``abc`` every kernel hangs until its start-up times out.

    Returns
    -------
    int or None
        Seconds since 1970-01-01 UTC, 0 to 253402300799 (9999-12-31); None if unset or empty.

    Raises
    ------
    JnjpError
        If the variable is set to anything but ASCII digits, or to a date after 9999-12-31.
    """
    import os

    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    if len(raw) > 12 or not raw.isascii() or not raw.isdigit() or int(raw) > 253402300799:  # 9999-12-31
        raise JnjpError(f"SOURCE_DATE_EPOCH={raw[:40]!r} is not a whole number of seconds since 1970-01-01 "
                        "(the reproducible-builds convention, e.g. 1700000000): unset it or give such a number")
    return int(raw)


def fraction(x: Any, name: str, low: float = 0.0, high: float = 1.0, *, closed_high: bool = False) -> float:
    """A number in [low, high) (or [low, high]).

    Parameters
    ----------
    x : Any
        The value to check.
    name : str
        Where it came from, for the message.
    low : float
        The lower bound (inclusive).
    high : float
        The upper bound (exclusive unless ``closed_high``).
    closed_high : bool
        Whether ``high`` itself is allowed.

    Returns
    -------
    float
        ``x`` as a float, within the bounds.

    Raises
    ------
    JnjpError
        If ``x`` is not a finite number, or is outside the bounds.
    """
    v = number(x, name)
    ok = low <= v <= high if closed_high else low <= v < high
    if not ok:
        raise JnjpError(f"{name} = {v:g} must be in [{low:g}, {high:g}{']' if closed_high else ')'}")
    return v


PARAMETER_CHECKS = {
    "gdp_growth": growth,
    "intensity_cut": annual_cut,
    "energy_elasticity": elasticity,
    "energy_growth": growth,
}


def parameter(kind: str, x: Any, name: str) -> float:
    """A scenario parameter value of ``kind`` (gdp_growth, intensity_cut, energy_elasticity,
    energy_growth, <pollutant>_growth).

    Parameters
    ----------
    kind : str
        The parameter's kind, which picks the check: :func:`growth` for ``gdp_growth``,
        ``energy_growth`` and every ``*_growth``, :func:`annual_cut` for ``intensity_cut``,
        :func:`elasticity` for ``energy_elasticity``.
    x : Any
        The value to check.
    name : str
        Where it came from, for the message (file, row, column).

    Returns
    -------
    float
        ``x`` as a float, within the bounds of its kind.

    Raises
    ------
    JnjpError
        If ``kind`` is unknown, or ``x`` fails the check of its kind.
    """
    check = PARAMETER_CHECKS.get(kind, growth if kind.endswith("_growth") else None)
    if check is None:
        raise JnjpError(f"{name}: unknown parameter kind {kind!r}")
    return check(x, name)


def sequence(x: Any, name: str) -> list:
    """A list of values; a string (or bytes) is refused rather than split into characters.

    Parameters
    ----------
    x : Any
        The value to check: any iterable but a string or bytes.
    name : str
        Where it came from, for the message.

    Returns
    -------
    list
        The values of ``x``, in order.

    Raises
    ------
    JnjpError
        If ``x`` is a string or bytes, or is not iterable.
    """
    if isinstance(x, (str, bytes)):
        raise JnjpError(f"{name} must be a list of values, got the string {x!r}")
    if not isinstance(x, Iterable):
        raise JnjpError(f"{name} must be a list of values, got {type(x).__name__}")
    return list(x)


def names(x: Any, name: str) -> list:
    """A non-empty list of distinct names (units, languages).

    A string is refused rather than split into characters, an empty list rather than read as "all"
    or "none", a repeated name rather than done twice.

    Parameters
    ----------
    x : Any
        The value to check: a list of names.
    name : str
        Where it came from, for the message.

    Returns
    -------
    list
        The names, in order.

    Raises
    ------
    JnjpError
        If ``x`` is a string or not iterable, is empty, holds an unhashable value, or names one twice.
    """
    vals = sequence(x, name)
    if not vals:
        raise JnjpError(f"{name} is empty: name at least one (or pass None for all)")
    seen: set = set()
    dup = []
    for v in vals:
        try:
            if v in seen:
                dup.append(v)
            seen.add(v)
        except TypeError:
            raise JnjpError(f"{name}: {v!r} is not a name") from None
    if dup:
        raise JnjpError(f"{name}: {sorted(map(str, set(dup)))} named more than once")
    return vals


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def period(years: Any, name: str = "years", *, base_year: Any = None) -> tuple[int, ...]:
    """The years of a plan period after its base year, B + 1 … B + T, as a tuple.

    Parameters
    ----------
    years : int or sequence of int
        Either the number of years T (then ``base_year`` is required), or the years themselves
        (consecutive, increasing, e.g. ``(2016, 2017, 2018, 2019, 2020)`` or ``range(2021, 2025)``).
    name : str
        The parameter's name, for the message.
    base_year : int, optional
        B, the base year: required with a count, checked against the years when they are given.

    Returns
    -------
    tuple of int
        The years B + 1 … B + T (T ≥ 1).

    Raises
    ------
    JnjpError
        If a count is not a whole number ≥ 1 or comes without ``base_year``, the years are not whole
        numbers, are empty, not consecutive or not increasing, or do not follow ``base_year``; the
        message names ``name`` and the years expected.
    """
    b = None if base_year is None else count(base_year, "base_year", minimum=1)
    if isinstance(years, _ints()) and not isinstance(years, bool):
        n = count(years, name)
        if b is None:
            raise JnjpError(f"{name} = {n} is a number of years: give base_year too, or the years themselves "
                            "(e.g. range(base_year + 1, target_year + 1))")
        return tuple(range(b + 1, b + n + 1))
    if isinstance(years, (str, bytes)) or not isinstance(years, Iterable):
        raise JnjpError(f"{name} must be a number of years or the period's years (e.g. (2016, …, 2020)), "
                        f"got {type(years).__name__} {years!r}"[:300])
    vals = list(years)
    if not vals:
        raise JnjpError(f"{name} is empty: give the period's years (base_year + 1 … target_year)")
    if any(isinstance(y, bool) or not isinstance(y, _ints()) for y in vals):
        raise JnjpError(f"{name}: years must be whole numbers, got {vals!r}"[:300])
    out = tuple(int(y) for y in vals)
    expected = tuple(range(out[0], out[0] + len(out)))
    if out != expected:
        raise JnjpError(f"{name} = {list(out)} must be consecutive increasing years, e.g. {list(expected)}"[:300])
    if b is not None and out[0] != b + 1:
        raise JnjpError(f"{name} = {_span(out)} do not follow base_year {b}: expected {b + 1}-{b + len(out)}")
    return out


def year_series(values: Any, name: str, years: tuple[int, ...], *, full: bool = False, allow_empty: bool = False):
    """Annual values as a float Series indexed by int year, from the period's first year without gaps.

    Accepts a Series indexed by year, a mapping {year: value}, or a plain sequence (taken as
    ``years[0]``, ``years[0] + 1``, …). Refuses years outside the period, gaps, duplicates, NaN,
    non-numbers, more values than the period has years, or (``full``) fewer than all its years.

    Parameters
    ----------
    values : Any
        A Series indexed by year, a mapping {year: value}, or a sequence starting in ``years[0]``.
    name : str
        Where it came from, for the message; also the name of the Series.
    years : tuple of int
        The period's years after the base year, B + 1 … B + T (e.g. ``plan.years``,
        ``targets.years``), as :func:`period` accepts them.
    full : bool
        Whether all the period's years are required.
    allow_empty : bool
        Whether no values at all is accepted (an empty Series is returned).

    Returns
    -------
    pandas.Series
        Float values indexed by int ``year``, sorted, from ``years[0]`` without gaps.

    Raises
    ------
    JnjpError
        If ``years`` is not a period (see :func:`period`); the index is not whole-number years, years
        repeat, fall outside the period or leave a gap, ``full`` and a year is missing, it is empty (unless
        ``allow_empty``), or a value is NaN or not a finite number. The message names ``name`` and the years
        expected.
    """
    import numpy as np
    import pandas as pd

    period_years = period(years, "years")
    span = _span(period_years)
    if isinstance(values, pd.Series):
        s = values.copy()
    elif isinstance(values, dict):
        s = pd.Series(values, dtype=object)
    else:
        vals = sequence(values, name)
        if len(vals) > len(period_years):
            raise JnjpError(f"{name}: {len(vals)} values, but the plan period has {len(period_years)} years "
                            f"({span}): give at most one value a year")
        idx = range(period_years[0], period_years[0] + len(vals))
        s = pd.Series(vals, index=list(idx), dtype=object)
    if s.empty:
        if allow_empty:
            return pd.Series([], dtype=float, index=pd.Index([], dtype="int64", name="year"), name=name)
        raise JnjpError(f"{name} is empty: give values for the years {span}")
    try:
        years_in = [int(y) for y in s.index]
    except (TypeError, ValueError):
        raise JnjpError(f"{name}: index must be years (ints) of {span}, got {list(s.index)!r}"[:300]) from None
    if any(int(y) != y for y in s.index):
        raise JnjpError(f"{name}: years must be whole numbers, got {list(s.index)!r}"[:300])
    dup = sorted({y for y in years_in if years_in.count(y) > 1})
    if dup:
        raise JnjpError(f"{name}: duplicate years {dup}")
    bad = [y for y in years_in if y not in period_years]
    if bad:
        raise JnjpError(f"{name}: years {bad} outside the plan period {span}")
    years_sorted = sorted(years_in)
    expected = list(range(period_years[0], period_years[0] + len(years_sorted)))
    if years_sorted != expected:
        missing = sorted(set(expected) - set(years_sorted))
        raise JnjpError(f"{name}: years must run from {period_years[0]} without gaps; missing {missing}")
    if full and len(years_sorted) != len(period_years):
        raise JnjpError(f"{name}: needs all years {span}, got {years_sorted}")
    vals = []
    for y, v in zip(years_in, s.to_numpy()):
        if isinstance(v, (float, np.floating)) and math.isnan(v):
            raise JnjpError(f"{name}: NaN in year {y}")
        vals.append(number(v, f"{name}[{y}]"))
    out = pd.Series(vals, index=pd.Index(years_in, dtype="int64", name="year"), name=name)
    return out.sort_index()
