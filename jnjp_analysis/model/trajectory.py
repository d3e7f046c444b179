"""Trajectory math for a plan period: base year B, target year B + T, the years B + 1 … B + T.

Notation (the README's "Method, briefly"):

* ``R``   cumulative cut of energy intensity (energy per unit of real GDP) from B to B + T, a
  fraction: 0.12 = 12 %.
* ``r_t`` annual cut in year t; cumulative after k years: 1 − Π_{t≤k}(1 − r_t).
* even pace: a = 1 − (1 − R)^(1/T); the even path after k years: 1 − (1 − a)^k.
* required remaining pace after k achieved years: 1 − ((1 − R) / Π_{t≤k}(1 − r_t))^(1/(T−k)).
* total-consumption cap: E_{B+T} ≤ E_B + ΔE (10^4 tce). Geometric even path
  E_k = E_B·(1 + ΔE/E_B)^(k/T); linear path E_k = E_B + ΔE·k/T.
* double control with real GDP growth g_t: the intensity target allows E_B·Π(1 + g_t)·(1 − R) in
  the target year, the cap allows E_B + ΔE; the smaller binds. They coincide at the implied
  average growth g* = ((E_B + ΔE) / (E_B·(1 − R)))^(1/T) − 1.

The period comes from the caller, never from a module constant: a unit's
:class:`~jnjp_analysis.plan.definition.UnitTargets` (which carries its base and target year), or
explicit ``years`` (a count T with ``base_year``, or the years B + 1 … B + T themselves) and
``base_year``; a unit is never looked up by its name here (the caller passes ``plan.targets(slug)``).
Years are required: never a default plan's.

Cuts and growth rates are fractions; energy is in 10^4 tce (万吨标准煤); years are ints. Output
names say base and target, not years (``energy_base_10k_tce``, ``allowed_target_10k_tce``); the
years themselves are in ``DataFrame.attrs`` (``base_year``, ``target_year``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from jnjp_analysis import checks
from jnjp_analysis.config import TOL
from jnjp_analysis.plan.definition import UnitTargets

Number = float | int
Years = int | Iterable[int]


# ----------------------------------------------------------------------------- plan and period
def targets_of(targets: object) -> UnitTargets:
    """A unit's targets, checked: the model takes a :class:`UnitTargets` (``plan.targets("lhasa")``), never
    a unit's name.

    Parameters
    ----------
    targets : UnitTargets
        The unit's targets, from its plan.

    Returns
    -------
    UnitTargets
        ``targets`` itself.

    Raises
    ------
    JnjpError
        If ``targets`` is not a UnitTargets (a slug or a name: the message says to pass the plan's targets).
    """
    if isinstance(targets, UnitTargets):
        return targets
    hint = f' (plan.targets("{targets}"))' if isinstance(targets, str) else ""
    raise checks.JnjpError(f"targets must be a unit's UnitTargets from its plan{hint}, got "
                           f"{type(targets).__name__} {targets!r}")


def _is_count(years: object) -> bool:
    return isinstance(years, (int, np.integer)) and not isinstance(years, bool)


def period_of(years: Years | None = None, base_year: int | None = None, targets: object = None,
              *, name: str = "years") -> tuple[int, tuple[int, ...]]:
    """The period a function works on: (B, (B + 1, …, B + T)).

    Parameters
    ----------
    years : int or sequence of int, optional
        T, the number of years (with ``base_year``), or the years
        B + 1 … B + T themselves. None: the years of ``targets`` (one of the two is required).
    base_year : int, optional
        B. With ``years`` a sequence it must be ``years[0] − 1``.
    targets : UnitTargets, optional
        A unit's targets: their period; ``years`` and ``base_year``, when given too, must agree with it.
    name : str
        The parameter's name, for the messages.

    Returns
    -------
    tuple
        ``(base_year, years)``: B and the tuple of years after it.

    Raises
    ------
    JnjpError
        If the years are not a period (not consecutive, a count below 1, …), do not follow ``base_year``, or
        disagree with the targets' period (or ``targets`` is not a UnitTargets); the message names the parameter
        and the years expected.
    """
    if targets is not None:
        t = targets_of(targets)
        B, yrs = t.base_year, t.years
        if base_year is not None and checks.count(base_year, "base_year") != B:
            raise checks.JnjpError(f"base_year = {base_year}, but the targets of {t.unit} are for base year {B}")
        if years is not None:
            given = checks.period(years, name, base_year=B if _is_count(years) else None)
            if given != yrs:
                raise checks.JnjpError(f"{name} = {given[0]}-{given[-1]}, but the targets of {t.unit} are for "
                                       f"{yrs[0]}-{yrs[-1]} (base year {B})")
        return B, yrs
    if years is None:
        raise checks.JnjpError(f"{name} is required (or targets=): the period comes from the caller's plan, "
                               f"never a default one (plan.years, or plan.targets(slug))")
    if _is_count(years):
        if base_year is None:
            raise checks.JnjpError(f"{name} = {years} is a count of years: base_year is required with it "
                                   f"(plan.base_year), or pass the years themselves (plan.years)")
        B = checks.count(base_year, "base_year")
        return B, checks.period(years, name, base_year=B)
    yrs = checks.period(years, name, base_year=base_year)
    return yrs[0] - 1, yrs


def _count(years: Years | None, name: str = "years") -> int:
    """T from a count or a sequence of years (required: never a default plan's)."""
    if years is None:
        raise checks.JnjpError(f"{name} is required: T or the period's years (plan.T, plan.years), never a default plan's")
    if _is_count(years):
        return checks.count(years, name)
    return len(checks.period(years, name))


def _attrs(df: pd.DataFrame | pd.Series, base_year: int, years: tuple[int, ...]) -> pd.DataFrame | pd.Series:
    df.attrs.update(base_year=int(base_year), target_year=int(years[-1]))
    return df


# ------------------------------------------------------------------------------ year-indexed input
# Every bound lives in jnjp_analysis.checks; these two only apply them to a series.
def rate_series(values: object, name: str, years: tuple[int, ...], *, full: bool = False,
                allow_empty: bool = False) -> pd.Series:
    """Growth rates by year of the period, each checked by :func:`checks.growth`.

    Parameters
    ----------
    values : Series, mapping or sequence
        Rates (fractions per year) by year from ``years[0]`` without gaps.
    name : str
        The parameter's name, for the messages and the Series.
    years : tuple of int
        The period's years, B + 1 … B + T.
    full, allow_empty : bool
        As :func:`checks.year_series`.

    Returns
    -------
    pandas.Series
        The rates indexed by ``year``.

    Raises
    ------
    JnjpError
        As :func:`checks.year_series`, or a rate at or below −1 or above 1.
    """
    s = checks.year_series(values, name, years, full=full, allow_empty=allow_empty)
    for y, v in s.items():
        checks.growth(v, f"{name}[{y}]")
    return s


def annual_cut_series(values: object, years: tuple[int, ...], name: str = "annual_cuts", *,
                      full: bool = False, allow_empty: bool = False) -> pd.Series:
    """Annual intensity cuts by year of the period, each below 1 (no lower bound: a rise is negative).

    Parameters
    ----------
    values : Series, mapping or sequence
        Cuts (fractions) by year from ``years[0]`` without gaps.
    years : tuple of int
        The period's years, B + 1 … B + T.
    name : str
        The parameter's name, for the messages and the Series.
    full, allow_empty : bool
        As :func:`checks.year_series`.

    Returns
    -------
    pandas.Series
        The cuts indexed by ``year``.

    Raises
    ------
    JnjpError
        As :func:`checks.year_series`, or a cut of 1 or more.
    """
    s = checks.year_series(values, name, years, full=full, allow_empty=allow_empty)
    for y, v in s.items():
        checks.annual_cut(v, f"{name}[{y}]", floor=None)
    return s


# ------------------------------------------------------------------------------------- intensity
def even_annual_cut(total_cut: float, years: Years | None = None) -> float:
    """The constant annual cut a = 1 − (1 − R)^(1/T) that reaches a cumulative cut R in T years.

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1) (0.12 for 12 %).
    years : int or sequence of int, optional
        T, the number of years over which R is reached, or the years themselves (``targets.years``);
        required.

    Returns
    -------
    float
        a, a fraction per year.

    Raises
    ------
    JnjpError
        If R is outside [0, 1) (with a hint when it looks like a percent) or ``years`` is not a count ≥ 1 or a
        run of consecutive years.

    Examples
    --------
    >>> round(even_annual_cut(0.12, 5), 5)   # 拉萨: 12 % over five years
    0.02524
    """
    R = checks.cut(total_cut)
    n = _count(years)
    return 1.0 - (1.0 - R) ** (1.0 / n)


def cumulative_cut(annual_cuts: object, years: Years | None = None, base_year: int | None = None) -> float:
    """The cumulative cut 1 − Π(1 − r_t) of a series of annual cuts (fractions; negative = rise).

    Parameters
    ----------
    annual_cuts : Series, mapping or sequence
        r_t, annual cuts as fractions, indexed by year from the period's first year without gaps (a Series, a
        {year: cut} mapping, or a plain sequence taken as B + 1, B + 2, …); may be empty.
    years : int or sequence of int, optional
        The period (see :func:`period_of`); required.
    base_year : int, optional
        B, with a count ``years``.

    Returns
    -------
    float
        The cumulative cut after those years, a fraction (0.0 for no years; negative when intensity rose).

    Raises
    ------
    JnjpError
        If a year lies outside the period, years have gaps or duplicates, or a cut is not a finite number
        below 1.
    """
    _, yrs = period_of(years, base_year)
    s = annual_cut_series(annual_cuts, yrs, allow_empty=True)
    return float(1.0 - np.prod(1.0 - s.to_numpy()))


def even_path(total_cut: float, years: Years | None = None, base_year: int | None = None) -> pd.DataFrame:
    """The even-pace path year by year, base year included.

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1) (0.12 for 12 %).
    years : int or sequence of int, optional
        T (with ``base_year``) or the years B + 1 … B + T; required.
    base_year : int, optional
        B, the first row's year (default: ``years[0] − 1``; required with a count ``years``).

    Returns
    -------
    pandas.DataFrame
        T + 1 rows: ``year`` (int, B first), ``annual_cut`` (a, fraction; NaN in the base year),
        ``cumulative_cut`` (1 − (1 − a)^k, fraction; exactly R in the last year) and ``intensity_index``
        (1 − cumulative cut, base year = 1). ``attrs``: ``base_year``, ``target_year``.

    Raises
    ------
    JnjpError
        If R is outside [0, 1) or the years are not a period.
    """
    R = checks.cut(total_cut)
    B, yrs = period_of(years, base_year)
    a = even_annual_cut(R, len(yrs))
    k = np.arange(0, len(yrs) + 1)
    cum = 1.0 - (1.0 - a) ** k
    cum[-1] = R  # exact at the end, no rounding residue
    out = pd.DataFrame({
        "year": (B + k).astype("int64"),
        "annual_cut": np.r_[np.nan, np.full(len(k) - 1, a)],
        "cumulative_cut": cum,
        "intensity_index": 1.0 - cum,
    })
    return _attrs(out, B, yrs)


def required_remaining_cut(total_cut: float, achieved_cuts: object, years: Years | None = None,
                           base_year: int | None = None) -> float:
    """The constant annual cut needed in the remaining years to reach ``total_cut`` after the
    ``achieved_cuts`` (k annual cuts from the period's first year): 1 − ((1 − R) / Π(1 − r_t))^(1/(T − k)).

    Negative when the target is already exceeded (intensity may then rise that much a year).

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1).
    achieved_cuts : Series, mapping or sequence
        The k annual cuts already achieved (fractions), indexed by year from B + 1 without gaps; may be empty.
    years : int or sequence of int, optional
        The period (see :func:`period_of`); required.
    base_year : int, optional
        B, with a count ``years``.

    Returns
    -------
    float
        The constant annual cut needed in each of the T − k remaining years, a fraction per year.

    Raises
    ------
    JnjpError
        If R is outside [0, 1), ``achieved_cuts`` is malformed (years outside the period, gaps, cuts ≥ 1), or
        ``achieved_cuts`` covers all the years so that no year remains.
    """
    R = checks.cut(total_cut)
    _, yrs = period_of(years, base_year)
    n = len(yrs)
    s = annual_cut_series(achieved_cuts, yrs, "achieved_cuts", allow_empty=True)
    k = len(s)
    if k >= n:
        raise checks.JnjpError(f"achieved_cuts covers {k} years of {n} ({yrs[0]}-{yrs[-1]}): no year remains")
    done = float(np.prod(1.0 - s.to_numpy()))
    return 1.0 - ((1.0 - R) / done) ** (1.0 / (n - k))


# ------------------------------------------------------------------------------------ total cap
def cap_path(energy_base: float | None = None, increment: float | None = None,
             kind: Literal["geometric", "linear"] = "geometric", years: Years | None = None,
             base_year: int | None = None) -> pd.DataFrame:
    """Consumption path from E_B to the cap E_B + ΔE.

    Parameters
    ----------
    energy_base : float
        E_B, consumption in the base year, 10^4 tce (≥ 0).
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce (≥ 0).
    kind : {"geometric", "linear"}, default "geometric"
        Geometric: E_k = E_B·(1 + ΔE/E_B)^(k/T) (linear when E_B is 0); linear: E_k = E_B + ΔE·k/T.
    years : int or sequence of int, optional
        T (with ``base_year``) or the years B + 1 … B + T; required.
    base_year : int, optional
        B, the first row's year (default: ``years[0] − 1``; required with a count ``years``).

    Returns
    -------
    pandas.DataFrame
        T + 1 rows: ``year`` (int), ``energy_10k_tce`` (E_k, 10^4 tce; exactly E_B + ΔE in the last year),
        ``increment_used_share`` ((E_k − E_B) / ΔE, fraction; 0 then 1 when ΔE is 0) and ``time_share``
        (k / T). ``attrs``: ``base_year``, ``target_year``.

    Raises
    ------
    JnjpError
        If an energy is missing, negative or not a finite number, the years are not a period, or ``kind`` is
        neither ``"geometric"`` nor ``"linear"``.
    """
    e0 = checks.energy(energy_base, "energy_base")
    de = checks.energy(increment, "increment")
    B, yrs = period_of(years, base_year)
    n = len(yrs)
    k = np.arange(0, n + 1)
    if kind == "geometric":
        e = e0 * (1.0 + de / e0) ** (k / n) if e0 > 0 else e0 + de * k / n
    elif kind == "linear":
        e = e0 + de * k / n
    else:
        raise checks.JnjpError(f"kind must be 'geometric' or 'linear', got {kind!r}")
    e = np.asarray(e, dtype=float)
    e[-1] = e0 + de
    used = (e - e0) / de if de > 0 else np.where(k == 0, 0.0, 1.0)
    out = pd.DataFrame({"year": (B + k).astype("int64"), "energy_10k_tce": e,
                        "increment_used_share": used, "time_share": k / n})
    return _attrs(out, B, yrs)


def increment_used_share(energy_base: float | None = None, increment: float | None = None,
                         energy_now: float | None = None) -> float:
    """Share of the allowed increment ΔE used: (E_k − E_B) / ΔE (above 1 = cap exceeded).

    Parameters
    ----------
    energy_base : float
        E_B, consumption in the base year, 10^4 tce.
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce (> 0).
    energy_now : float
        E_k, consumption in the year considered, 10^4 tce.

    Returns
    -------
    float
        The share of ΔE used, a fraction (negative when consumption fell below E_B).

    Raises
    ------
    JnjpError
        If an energy is missing, negative or not a finite number, or ΔE is 0.
    """
    e0 = checks.energy(energy_base, "energy_base")
    de = checks.energy(increment, "increment")
    ek = checks.energy(energy_now, "energy_now")
    if de == 0:
        raise checks.JnjpError("increment is 0: no share can be computed")
    return (ek - e0) / de


def remaining_allowed_growth(energy_base: float | None = None, increment: float | None = None,
                             energy_now: float | None = None, years_done: int | None = None,
                             years: Years | None = None) -> float:
    """The constant annual consumption growth still allowed: ((E_B + ΔE) / E_k)^(1/(T − k)) − 1.

    Parameters
    ----------
    energy_base : float
        E_B, consumption in the base year, 10^4 tce.
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce.
    energy_now : float
        E_k, consumption after ``years_done`` years, 10^4 tce (> 0).
    years_done : int
        k, the number of plan years already elapsed, in [0, T).
    years : int or sequence of int, optional
        T, or the period's years; required.

    Returns
    -------
    float
        The annual growth of consumption that reaches the cap exactly in the target year, a fraction per year
        (negative when E_k is already above the cap).

    Raises
    ------
    JnjpError
        If an energy is negative or not finite, ``energy_now`` is 0, or ``years_done`` is outside [0, T).
    """
    e0 = checks.energy(energy_base, "energy_base")
    de = checks.energy(increment, "increment")
    ek = checks.energy(energy_now, "energy_now")
    n = _count(years)
    if not _is_count(years_done):
        raise checks.JnjpError(f"years_done must be a whole number, got {type(years_done).__name__} {years_done!r}")
    k = int(years_done)  # type: ignore[arg-type]
    if not 0 <= k < n:
        raise checks.JnjpError(f"years_done = {k} must be in [0, {n})")
    if ek <= 0:
        raise checks.JnjpError("energy_now must be positive")
    return ((e0 + de) / ek) ** (1.0 / (n - k)) - 1.0


# ---------------------------------------------------------------------------- GDP and intensity
def gdp_index(gdp_growth: object, years: Years | None = None, base_year: int | None = None) -> pd.Series:
    """Real GDP index (base year = 1) from a constant growth rate or year-indexed growth rates.

    Parameters
    ----------
    gdp_growth : float or Series, mapping or sequence
        Real GDP growth as a fraction per year: one number for every year, or rates for all the period's years.
    years : int or sequence of int, optional
        T (with ``base_year``) or the years B + 1 … B + T;
        required.
    base_year : int, optional
        B.

    Returns
    -------
    pandas.Series
        Y_t / Y_B, indexed by ``year`` (int, B first with value 1.0, then B + 1 … B + T), named ``gdp_index``;
        ``attrs``: ``base_year``, ``target_year``.

    Raises
    ------
    JnjpError
        If a rate is at or below −1 or above 1 (100 %/yr, with a hint when it looks like a percent), a series
        does not cover the period's years exactly, or the years are not a period (naming the years expected).
    """
    B, yrs = period_of(years, base_year)
    g = growth_series(gdp_growth, "gdp_growth", yrs)
    idx = np.r_[1.0, np.cumprod(1.0 + g.to_numpy())]
    out = pd.Series(idx, index=pd.Index(np.r_[B, g.index.to_numpy()].astype("int64"), name="year"),
                    name="gdp_index")
    return _attrs(out, B, yrs)


def growth_series(growth: object, name: str, years: Years | None = None, base_year: int | None = None) -> pd.Series:
    """A constant rate (number) becomes the same rate in every year of the period; a Series/sequence is checked.

    Parameters
    ----------
    growth : float or Series, mapping or sequence
        A growth rate as a fraction per year, or rates for all the period's years.
    name : str
        The parameter's name, used for the returned Series and in error messages.
    years : int or sequence of int, optional
        The period (see :func:`period_of`); required.
    base_year : int, optional
        B, with a count ``years``.

    Returns
    -------
    pandas.Series
        The rates (fractions per year) indexed by ``year`` (int, from B + 1), named ``name``.

    Raises
    ------
    JnjpError
        If a rate is at or below −1 or above 1 (100 %/yr), not a finite number, or a series does not cover
        the period's years without gaps or duplicates.
    """
    _, yrs = period_of(years, base_year)
    if isinstance(growth, (int, float, np.integer, np.floating)) and not isinstance(growth, bool):
        v = checks.growth(growth, name)
        return pd.Series([v] * len(yrs), index=pd.Index(list(yrs), dtype="int64", name="year"), name=name)
    return rate_series(growth, name, yrs, full=True)


def intensity_index(gdp: object, energy: object) -> pd.Series:
    """Energy intensity relative to the base year: (E_t / E_B) / (Y_t / Y_B).

    ``gdp`` and ``energy`` are Series indexed by year, the base year first; GDP at constant prices
    (an index or levels), energy in any one unit.

    Parameters
    ----------
    gdp : pandas.Series
        Real GDP (an index or levels, > 0) by year, the base year first.
    energy : pandas.Series
        Energy consumption (≥ 0, any one unit) for the same years.

    Returns
    -------
    pandas.Series
        The intensity index (base year = 1) by year, named ``intensity_index``.

    Raises
    ------
    JnjpError
        If either is not a Series, they cover different years, contain NaN, GDP is not positive or energy is
        negative.
    """
    if not isinstance(gdp, pd.Series) or not isinstance(energy, pd.Series):
        raise checks.JnjpError("gdp and energy must be year-indexed pandas Series, the base year included")
    if list(gdp.index) != list(energy.index):
        raise checks.JnjpError(f"gdp and energy must cover the same years, got {list(gdp.index)} and {list(energy.index)}")
    if gdp.isna().any() or energy.isna().any():
        raise checks.JnjpError("gdp or energy contains NaN")
    if (gdp <= 0).any() or (energy < 0).any():
        raise checks.JnjpError("gdp must be positive and energy non-negative")
    out = (energy / energy.iloc[0]) / (gdp / gdp.iloc[0])
    out.name = "intensity_index"
    return out.astype(float)


# -------------------------------------------------------------------------------- double control
def implied_gdp_growth(targets: object = None, *, energy_base: float | None = None, increment: float | None = None,
                       total_cut: float | None = None, years: Years | None = None) -> float:
    """The average real GDP growth at which the intensity target and the total cap allow the same
    target-year consumption: ((E_B + ΔE) / (E_B·(1 − R)))^(1/T) − 1.

    Give a unit's targets and/or the numbers: a number given explicitly always wins over the
    targets (so ``total_cut=0.5`` is used, not ignored), and so does ``years``.
    拉萨 (12 %, 215, +90, T = 5): ≈ 0.1002; 昌都 (9 %, 51, +46): ≈ 0.1589.

    Parameters
    ----------
    targets : UnitTargets, optional
        A unit's targets (``plan.targets("lhasa")``); they supply whichever numbers are not given, and T.
    energy_base : float, optional
        E_B, base-year consumption, 10^4 tce (> 0).
    increment : float, optional
        ΔE, the allowed increase from base to target year, 10^4 tce.
    total_cut : float, optional
        R, the cumulative intensity cut, a fraction in [0, 1).
    years : int or sequence of int, optional
        T or the period's years (default: the targets'; one of the two is required).

    Returns
    -------
    float
        g*, the average real GDP growth, a fraction per year.

    Raises
    ------
    JnjpError
        If neither targets nor all three numbers are given, ``targets`` is not a UnitTargets, a number is out of
        bounds, or E_B is 0.
    """
    n = None
    if targets is not None:
        t = targets_of(targets)
        energy_base = t.energy_base_10k_tce if energy_base is None else energy_base
        increment = t.increment_10k_tce if increment is None else increment
        total_cut = t.intensity_cut if total_cut is None else total_cut
        n = t.T
    if energy_base is None or increment is None or total_cut is None:
        missing = [k for k, v in (("energy_base", energy_base), ("increment", increment), ("total_cut", total_cut))
                   if v is None]
        why = (" (the plan states its total in words or not at all: no base or increment)"
               if targets is not None and not targets_of(targets).has_total else "")
        raise checks.JnjpError(f"implied_gdp_growth: give targets or {', '.join(missing)}{why}")
    e0 = checks.energy(energy_base, "energy_base")
    de = checks.energy(increment, "increment")
    R = checks.cut(total_cut)
    if e0 == 0:
        raise checks.JnjpError("energy_base is 0: the intensity target does not bound consumption")
    n = _count(years) if years is not None or n is None else n
    return ((e0 + de) / (e0 * (1.0 - R))) ** (1.0 / n) - 1.0


def double_control(targets: object, gdp_growth: object, intensity_cut: float | None = None,
                   *, energy_base: float | None = None, increment: float | None = None,
                   years: Years | None = None, base_year: int | None = None) -> pd.DataFrame:
    """What the two controls allow in the target year for a GDP growth path.

    Parameters
    ----------
    targets : UnitTargets or None
        A unit's targets (``plan.targets("lhasa")``): the defaults of the numbers and the period. None: give ``intensity_cut``, ``energy_base`` and ``increment`` (and the
        period by ``years``/``base_year``; one of the two is required).
    gdp_growth : float or Series, mapping or sequence
        Real GDP growth, a fraction per year: one number, or rates for all the period's years.
    intensity_cut : float, optional
        R, the cumulative intensity cut, a fraction in [0, 1) (default: the targets').
    energy_base : float, optional
        E_B, 10^4 tce (default: the targets').
    increment : float, optional
        ΔE, 10^4 tce (default: the targets').
    years : int or sequence of int, optional
        The period, when no targets are given (with targets it must agree with theirs).
    base_year : int, optional
        B, with a count ``years``.

    Returns
    -------
    pandas.DataFrame
        One row: ``unit`` (the unit's slug, ``""`` without targets), ``gdp_index_target``
        (Y_{B+T}/Y_B), ``gdp_growth_avg`` (fraction per year), ``intensity_cut`` (R),
        ``energy_base_10k_tce`` (E_B), ``allowed_by_intensity_10k_tce`` (E_B·Y_{B+T}/Y_B·(1 − R)),
        ``allowed_by_cap_10k_tce`` (E_B + ΔE), ``allowed_target_10k_tce`` (the smaller), ``binding``
        (``intensity``, ``cap`` or ``both`` within config.TOL), ``headroom_10k_tce`` (how much more the
        looser control would allow: the absolute difference of the two allowances) and
        ``implied_gdp_growth`` (fraction per year); every ``*_10k_tce`` in 10^4 tce. ``attrs``:
        ``base_year``, ``target_year``.

    Raises
    ------
    JnjpError
        If ``targets`` is not a UnitTargets, a number is missing or out of bounds, or the growth path does not
        cover the period's years.
    """
    t = targets_of(targets) if targets is not None else None
    B, yrs = period_of(years, base_year, t)
    if t is not None:
        energy_base = t.energy_base_10k_tce if energy_base is None else energy_base
        increment = t.increment_10k_tce if increment is None else increment
        intensity_cut = t.intensity_cut if intensity_cut is None else intensity_cut
    if energy_base is None or increment is None or intensity_cut is None:
        missing = [k for k, v in (("energy_base", energy_base), ("increment", increment),
                                  ("intensity_cut", intensity_cut)) if v is None]
        why = (" (the plan states its total in words or not at all: no base or increment)"
               if t is not None and not t.has_total else "")
        raise checks.JnjpError(f"double_control: give targets or {', '.join(missing)}{why}")
    e0 = checks.energy(energy_base, "energy_base")
    de = checks.energy(increment, "increment")
    R = checks.cut(intensity_cut, "intensity_cut")
    y = gdp_index(gdp_growth, yrs)
    y_target = float(y.loc[yrs[-1]])
    n = len(yrs)
    by_int = e0 * y_target * (1.0 - R)
    by_cap = e0 + de
    diff = by_int - by_cap
    binding = "both" if abs(diff) <= TOL * max(1.0, by_cap) else ("intensity" if diff < 0 else "cap")
    out = pd.DataFrame([{
        "unit": t.unit if t is not None else "",
        "gdp_index_target": y_target,
        "gdp_growth_avg": y_target ** (1.0 / n) - 1.0,
        "intensity_cut": R,
        "energy_base_10k_tce": e0,
        "allowed_by_intensity_10k_tce": by_int,
        "allowed_by_cap_10k_tce": by_cap,
        "allowed_target_10k_tce": min(by_int, by_cap),
        "binding": binding,
        "headroom_10k_tce": abs(diff),
        "implied_gdp_growth": implied_gdp_growth(energy_base=e0, increment=de, total_cut=R, years=n),
    }])
    return _attrs(out, B, yrs)


def even_paths(targets: object) -> pd.DataFrame:
    """The even intensity path and the geometric cap path of a unit, base year to target year.

    Parameters
    ----------
    targets : UnitTargets
        A unit's targets (``plan.targets("lhasa")``): its cut, base consumption, increment and period are used.

    Returns
    -------
    pandas.DataFrame
        T + 1 rows (B … B + T): ``unit`` (slug), the columns of :func:`even_path` (``year``,
        ``annual_cut``, ``cumulative_cut``, ``intensity_index``) and of :func:`cap_path` (``energy_10k_tce``
        in 10^4 tce, ``increment_used_share``, ``time_share``). ``attrs``: ``base_year``, ``target_year``.

    Raises
    ------
    JnjpError
        If ``targets`` is not a UnitTargets.
    """
    t = targets_of(targets)
    ip = even_path(t.R, t.years)
    if t.energy_base_10k_tce is None or t.increment_10k_tce is None:  # a total in words or none: no cap path (NaN)
        out = ip.assign(energy_10k_tce=np.nan, increment_used_share=np.nan, time_share=np.nan)
        out.insert(0, "unit", t.unit)
        out.attrs.clear()
        return _attrs(out, t.base_year, t.years)
    cp = cap_path(t.energy_base_10k_tce, t.increment_10k_tce, years=t.years)
    out = ip.merge(cp, on="year")
    out.insert(0, "unit", t.unit)
    out.attrs.clear()
    return _attrs(out, t.base_year, t.years)
