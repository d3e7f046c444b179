"""Trajectory math for the 2016-2020 plan period.

Notation (base year 2015, target year 2020, T = 5 years):

* ``R``   cumulative cut of energy intensity (energy per unit of real GDP), a fraction: 0.12 = 12 %.
* ``r_t`` annual cut in year t; cumulative after k years: 1 − Π_{t≤k}(1 − r_t).
* even pace: a = 1 − (1 − R)^(1/T); the even path after k years: 1 − (1 − a)^k.
* required remaining pace after k achieved years: 1 − ((1 − R) / Π_{t≤k}(1 − r_t))^(1/(T−k)).
* total-consumption cap: E_2020 ≤ E_2015 + ΔE (10^4 tce). Geometric even path
  E_k = E_2015·(1 + ΔE/E_2015)^(k/T); linear path E_k = E_2015 + ΔE·k/T.
* double control with real GDP growth g_t: the intensity target allows E_2015·Π(1 + g_t)·(1 − R) in
  2020, the cap allows E_2015 + ΔE; the smaller binds. They coincide at the implied average growth
  g* = ((E_2015 + ΔE) / (E_2015·(1 − R)))^(1/T) − 1.

Cuts and growth rates are fractions; energy is in 10^4 tce (万吨标准煤); years are ints.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from jnjp_analysis import BASE_YEAR, PLAN_YEARS, T, TARGET_YEAR
from jnjp_analysis import checks
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.config import TOL

Number = float | int


# ----------------------------------------------------------------------------------------- checks
# Every bound lives in jnjp_analysis.checks; these two helpers only apply them to a series.
def _rates(values: object, name: str, *, full: bool = False, allow_empty: bool = False) -> pd.Series:
    s = checks.year_series(values, name, full=full, allow_empty=allow_empty)
    for y, v in s.items():
        checks.growth(v, f"{name}[{y}]")
    return s


def _annual_cuts(values: object, name: str = "annual_cuts", **kw) -> pd.Series:
    s = checks.year_series(values, name, **kw)
    for y, v in s.items():
        checks.annual_cut(v, f"{name}[{y}]", floor=None)
    return s


# ------------------------------------------------------------------------------------- intensity
def even_annual_cut(total_cut: float, years: int = T) -> float:
    """The constant annual cut a = 1 − (1 − R)^(1/years) that reaches a cumulative cut R.

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1) (0.12 for 12 %).
    years : int, default T
        The number of years over which R is reached (5 for 2016-2020).

    Returns
    -------
    float
        a, a fraction per year.

    Raises
    ------
    JnjpError
        If R is outside [0, 1) (with a hint when it looks like a percent) or ``years`` is not a whole number ≥ 1.

    Examples
    --------
    >>> round(even_annual_cut(0.12), 5)   # 拉萨: 12 % over five years
    0.02524
    """
    R = checks.cut(total_cut)
    n = checks.count(years, "years")
    return 1.0 - (1.0 - R) ** (1.0 / n)


def cumulative_cut(annual_cuts: object) -> float:
    """The cumulative cut 1 − Π(1 − r_t) of a series of annual cuts (fractions; negative = rise).

    Parameters
    ----------
    annual_cuts : Series, mapping or sequence
        r_t, annual cuts as fractions, indexed by year from 2016 without gaps (a Series, a {year: cut}
        mapping, or a plain sequence taken as 2016, 2017, …); may be empty.

    Returns
    -------
    float
        The cumulative cut after those years, a fraction (0.0 for no years; negative when intensity rose).

    Raises
    ------
    JnjpError
        If a year lies outside 2016-2020, years have gaps or duplicates, or a cut is not a finite number below 1.
    """
    s = _annual_cuts(annual_cuts, allow_empty=True)
    return float(1.0 - np.prod(1.0 - s.to_numpy()))


def even_path(total_cut: float, years: int = T, base_year: int = BASE_YEAR) -> pd.DataFrame:
    """The even-pace path year by year, base year included.

    Columns: ``year``, ``annual_cut``, ``cumulative_cut``, ``intensity_index`` (base year = 1).

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1) (0.12 for 12 %).
    years : int, default T
        The number of years of the period (5).
    base_year : int, default BASE_YEAR
        The first row's year (2015).

    Returns
    -------
    pandas.DataFrame
        ``years + 1`` rows: ``year`` (int), ``annual_cut`` (a, fraction; NaN in the base year),
        ``cumulative_cut`` (1 − (1 − a)^k, fraction; exactly R in the last year) and ``intensity_index``
        (1 − cumulative cut, base year = 1).

    Raises
    ------
    JnjpError
        If R is outside [0, 1) or ``years`` is not a whole number ≥ 1.
    """
    a = even_annual_cut(total_cut, years)
    k = np.arange(0, checks.count(years, "years") + 1)
    cum = 1.0 - (1.0 - a) ** k
    cum[-1] = total_cut  # exact at the end, no rounding residue
    return pd.DataFrame({
        "year": (base_year + k).astype("int64"),
        "annual_cut": np.r_[np.nan, np.full(len(k) - 1, a)],
        "cumulative_cut": cum,
        "intensity_index": 1.0 - cum,
    })


def required_remaining_cut(total_cut: float, achieved_cuts: object, years: int = T) -> float:
    """The constant annual cut needed in the remaining years to reach ``total_cut`` after the
    ``achieved_cuts`` (k annual cuts from 2016): 1 − ((1 − R) / Π(1 − r_t))^(1/(years − k)).

    Negative when the target is already exceeded (intensity may then rise that much a year).
    Raises ValueError when no year remains.

    Parameters
    ----------
    total_cut : float
        R, the cumulative cut by the end of the period, a fraction in [0, 1).
    achieved_cuts : Series, mapping or sequence
        The k annual cuts already achieved (fractions), indexed by year from 2016 without gaps; may be empty.
    years : int, default T
        The number of years of the period (5).

    Returns
    -------
    float
        The constant annual cut needed in each of the ``years − k`` remaining years, a fraction per year.

    Raises
    ------
    JnjpError
        If R is outside [0, 1), ``achieved_cuts`` is malformed (years outside 2016-2020, gaps, cuts ≥ 1), or
        ``achieved_cuts`` covers all ``years`` so that no year remains.
    """
    R = checks.cut(total_cut)
    n = checks.count(years, "years")
    s = _annual_cuts(achieved_cuts, "achieved_cuts", allow_empty=True)
    k = len(s)
    if k >= n:
        raise checks.JnjpError(f"achieved_cuts covers {k} years of {n}: no year remains")
    done = float(np.prod(1.0 - s.to_numpy()))
    return 1.0 - ((1.0 - R) / done) ** (1.0 / (n - k))


# ------------------------------------------------------------------------------------ total cap
def cap_path(energy_2015: float, increment: float, kind: Literal["geometric", "linear"] = "geometric",
             years: int = T, base_year: int = BASE_YEAR) -> pd.DataFrame:
    """Consumption path from E_2015 to the cap E_2015 + ΔE.

    Columns: ``year``, ``energy_10k_tce``, ``increment_used_share`` (share of ΔE used by that year),
    ``time_share`` (k / years).

    Parameters
    ----------
    energy_2015 : float
        E_2015, consumption in the base year, 10^4 tce (≥ 0).
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce (≥ 0).
    kind : {"geometric", "linear"}, default "geometric"
        Geometric: E_k = E_2015·(1 + ΔE/E_2015)^(k/T) (linear when E_2015 is 0); linear: E_k = E_2015 + ΔE·k/T.
    years : int, default T
        The number of years of the period (5).
    base_year : int, default BASE_YEAR
        The first row's year (2015).

    Returns
    -------
    pandas.DataFrame
        ``years + 1`` rows: ``year`` (int), ``energy_10k_tce`` (E_k, 10^4 tce; exactly E_2015 + ΔE in the last
        year), ``increment_used_share`` ((E_k − E_2015) / ΔE, fraction; 0 then 1 when ΔE is 0) and
        ``time_share`` (k / years).

    Raises
    ------
    JnjpError
        If an energy is negative or not a finite number, ``years`` is not a whole number ≥ 1, or ``kind`` is
        neither ``"geometric"`` nor ``"linear"``.
    """
    e0 = checks.energy(energy_2015)
    de = checks.energy(increment, "increment")
    n = checks.count(years, "years")
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
    return pd.DataFrame({"year": (base_year + k).astype("int64"), "energy_10k_tce": e,
                         "increment_used_share": used, "time_share": k / n})


def increment_used_share(energy_2015: float, increment: float, energy_now: float) -> float:
    """Share of the allowed increment ΔE used: (E_k − E_2015) / ΔE (above 1 = cap exceeded).

    Parameters
    ----------
    energy_2015 : float
        E_2015, consumption in the base year, 10^4 tce.
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce (> 0).
    energy_now : float
        E_k, consumption in the year considered, 10^4 tce.

    Returns
    -------
    float
        The share of ΔE used, a fraction (negative when consumption fell below E_2015).

    Raises
    ------
    JnjpError
        If an energy is negative or not a finite number, or ΔE is 0.
    """
    e0 = checks.energy(energy_2015)
    de = checks.energy(increment, "increment")
    ek = checks.energy(energy_now, "energy_now")
    if de == 0:
        raise checks.JnjpError("increment is 0: no share can be computed")
    return (ek - e0) / de


def remaining_allowed_growth(energy_2015: float, increment: float, energy_now: float, years_done: int,
                             years: int = T) -> float:
    """The constant annual consumption growth still allowed: ((E_2015 + ΔE) / E_k)^(1/(T − k)) − 1.

    Parameters
    ----------
    energy_2015 : float
        E_2015, consumption in the base year, 10^4 tce.
    increment : float
        ΔE, the allowed increase by the target year, 10^4 tce.
    energy_now : float
        E_k, consumption after ``years_done`` years, 10^4 tce (> 0).
    years_done : int
        k, the number of plan years already elapsed, in [0, years).
    years : int, default T
        The number of years of the period (5).

    Returns
    -------
    float
        The annual growth of consumption that reaches the cap exactly in the target year, a fraction per year
        (negative when E_k is already above the cap).

    Raises
    ------
    JnjpError
        If an energy is negative or not finite, ``energy_now`` is 0, or ``years_done`` is outside [0, years).
    """
    e0 = checks.energy(energy_2015)
    de = checks.energy(increment, "increment")
    ek = checks.energy(energy_now, "energy_now")
    n = checks.count(years, "years")
    if not 0 <= years_done < n:
        raise checks.JnjpError(f"years_done = {years_done} must be in [0, {n})")
    if ek <= 0:
        raise checks.JnjpError("energy_now must be positive")
    return ((e0 + de) / ek) ** (1.0 / (n - years_done)) - 1.0


# ---------------------------------------------------------------------------- GDP and intensity
def gdp_index(gdp_growth: object, years: int = T) -> pd.Series:
    """Real GDP index (base year = 1) from a constant growth rate or year-indexed growth rates.
    Returns a Series indexed 2015..2015+len, named ``gdp_index``.

    Parameters
    ----------
    gdp_growth : float or Series, mapping or sequence
        Real GDP growth as a fraction per year: one number for every year, or rates for all of 2016-2020.
    years : int, default T
        The number of years a constant rate is applied to (5).

    Returns
    -------
    pandas.Series
        Y_t / Y_2015, indexed by ``year`` (int, base year first, value 1.0), named ``gdp_index``.

    Raises
    ------
    JnjpError
        If a rate is at or below −1 or above 1 (100 %/yr, with a hint when it looks like a percent), or a
        series does not cover 2016-2020 exactly.
    """
    g = growth_series(gdp_growth, "gdp_growth", years)
    idx = np.r_[1.0, np.cumprod(1.0 + g.to_numpy())]
    return pd.Series(idx, index=pd.Index(np.r_[BASE_YEAR, g.index.to_numpy()].astype("int64"), name="year"),
                     name="gdp_index")


def growth_series(growth: object, name: str, years: int = T) -> pd.Series:
    """A constant rate (number) becomes the same rate in 2016..2020; a Series/sequence is checked.

    Parameters
    ----------
    growth : float or Series, mapping or sequence
        A growth rate as a fraction per year, or rates for all of 2016-2020.
    name : str
        The parameter's name, used for the returned Series and in error messages.
    years : int, default T
        The number of years a constant rate is repeated for (5).

    Returns
    -------
    pandas.Series
        The rates (fractions per year) indexed by ``year`` (int, from 2016), named ``name``.

    Raises
    ------
    JnjpError
        If a rate is at or below −1 or above 1 (100 %/yr), not a finite number, or a series does not cover
        2016-2020 without gaps or duplicates.
    """
    if isinstance(growth, (int, float, np.integer, np.floating)) and not isinstance(growth, bool):
        v = checks.growth(growth, name)
        return pd.Series([v] * years, index=pd.Index(list(PLAN_YEARS[:years]), dtype="int64", name="year"), name=name)
    return _rates(growth, name, full=True)


def intensity_index(gdp: object, energy: object) -> pd.Series:
    """Energy intensity relative to the base year: (E_t / E_2015) / (Y_t / Y_2015).

    ``gdp`` and ``energy`` are Series indexed by year, the base year (2015) included; GDP at
    constant prices (an index or levels), energy in any one unit.

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
def implied_gdp_growth(prefecture: object = None, *, energy_2015: float | None = None,
                       increment: float | None = None, total_cut: float | None = None, years: int = T) -> float:
    """The average real GDP growth at which the intensity target and the total cap allow the same
    2020 consumption: ((E_2015 + ΔE) / (E_2015·(1 − R)))^(1/T) − 1.

    Give a prefecture (slug or name; its annex-1 targets are the defaults) and/or the numbers: a
    number given explicitly always wins over the annex (so ``total_cut=0.5`` is used, not ignored).
    拉萨 (12 %, 215, +90): ≈ 0.1002; 昌都 (9 %, 51, +46): ≈ 0.1589.

    Parameters
    ----------
    prefecture : str or Prefecture, optional
        A slug, Chinese or English name; its annex-1 row supplies whichever numbers are not given.
    energy_2015 : float, optional
        E_2015, consumption in 2015, 10^4 tce (> 0).
    increment : float, optional
        ΔE, the allowed increase 2015-2020, 10^4 tce.
    total_cut : float, optional
        R, the cumulative intensity cut, a fraction in [0, 1).
    years : int, default T
        The number of years of the period (5).

    Returns
    -------
    float
        g*, the average real GDP growth, a fraction per year.

    Raises
    ------
    JnjpError
        If neither a prefecture nor all three numbers are given, the prefecture is unknown, a number is out of
        bounds, or E_2015 is 0.
    """
    if prefecture is not None:
        row = source.energy_target(prefecture)
        energy_2015 = float(row["energy_2015_10k_tce"]) if energy_2015 is None else energy_2015
        increment = float(row["increment_10k_tce"]) if increment is None else increment
        total_cut = float(row["intensity_cut"]) if total_cut is None else total_cut
    if energy_2015 is None or increment is None or total_cut is None:
        missing = [n for n, v in (("energy_2015", energy_2015), ("increment", increment), ("total_cut", total_cut))
                   if v is None]
        raise checks.JnjpError(f"implied_gdp_growth: give a prefecture or {', '.join(missing)}")
    e0 = checks.energy(energy_2015)
    de = checks.energy(increment, "increment")
    R = checks.cut(total_cut)
    if e0 == 0:
        raise checks.JnjpError("energy_2015 is 0: the intensity target does not bound consumption")
    return ((e0 + de) / (e0 * (1.0 - R))) ** (1.0 / checks.count(years, "years")) - 1.0


def double_control(prefecture: object, gdp_growth: object, intensity_cut: float | None = None,
                   *, energy_2015: float | None = None, increment: float | None = None) -> pd.DataFrame:
    """What the two controls allow in 2020 for a GDP growth path.

    ``gdp_growth``: a constant annual real growth rate or a Series indexed 2016..2020.
    ``intensity_cut``: the cumulative cut R (default: the prefecture's annex-1 target).

    Returns one row: ``prefecture``, ``gdp_index_2020``, ``gdp_growth_avg``, ``energy_2015_10k_tce``,
    ``allowed_by_intensity_10k_tce`` = E_2015·Y_2020/Y_2015·(1 − R), ``allowed_by_cap_10k_tce`` =
    E_2015 + ΔE, ``allowed_2020_10k_tce`` (the smaller), ``binding`` (``intensity``, ``cap`` or ``both``
    within config.TOL), ``headroom_10k_tce`` (how much more the looser control would allow: the absolute
    difference of the two allowances), ``implied_gdp_growth``.

    Parameters
    ----------
    prefecture : str or Prefecture
        A slug, Chinese or English name; its annex-1 row supplies the defaults.
    gdp_growth : float or Series, mapping or sequence
        Real GDP growth, a fraction per year: one number, or rates for all of 2016-2020.
    intensity_cut : float, optional
        R, the cumulative intensity cut, a fraction in [0, 1) (default: the annex-1 target).
    energy_2015 : float, optional
        E_2015, 10^4 tce (default: the annex-1 value).
    increment : float, optional
        ΔE, 10^4 tce (default: the annex-1 value).

    Returns
    -------
    pandas.DataFrame
        One row with the columns above; also ``intensity_cut`` (R, fraction). ``gdp_index_2020`` is
        Y_2020/Y_2015, ``gdp_growth_avg`` and ``implied_gdp_growth`` are fractions per year, every
        ``*_10k_tce`` column is in 10^4 tce.

    Raises
    ------
    JnjpError
        If the prefecture is unknown, a growth rate, cut or energy is out of bounds, or the growth path does not
        cover 2016-2020.
    """
    row = source.energy_target(prefecture)
    slug = str(row.name)
    e0 = checks.energy(row["energy_2015_10k_tce"] if energy_2015 is None else energy_2015)
    de = checks.energy(row["increment_10k_tce"] if increment is None else increment, "increment")
    R = checks.cut(row["intensity_cut"] if intensity_cut is None else intensity_cut, "intensity_cut")
    y = gdp_index(gdp_growth)
    y2020 = float(y.loc[TARGET_YEAR])
    by_int = e0 * y2020 * (1.0 - R)
    by_cap = e0 + de
    diff = by_int - by_cap
    binding = "both" if abs(diff) <= TOL * max(1.0, by_cap) else ("intensity" if diff < 0 else "cap")
    return pd.DataFrame([{
        "prefecture": slug,
        "gdp_index_2020": y2020,
        "gdp_growth_avg": y2020 ** (1.0 / T) - 1.0,
        "intensity_cut": R,
        "energy_2015_10k_tce": e0,
        "allowed_by_intensity_10k_tce": by_int,
        "allowed_by_cap_10k_tce": by_cap,
        "allowed_2020_10k_tce": min(by_int, by_cap),
        "binding": binding,
        "headroom_10k_tce": abs(diff),
        "implied_gdp_growth": implied_gdp_growth(energy_2015=e0, increment=de, total_cut=R),
    }])


def even_paths(prefecture: object) -> pd.DataFrame:
    """The even intensity path and the geometric cap path of a prefecture, 2015-2020.

    Parameters
    ----------
    prefecture : str or Prefecture
        A slug, Chinese or English name; its annex-1 cut, 2015 consumption and increment are used.

    Returns
    -------
    pandas.DataFrame
        Six rows (2015-2020): ``prefecture`` (slug), the columns of :func:`even_path` (``year``,
        ``annual_cut``, ``cumulative_cut``, ``intensity_index``) and of :func:`cap_path` (``energy_10k_tce``
        in 10^4 tce, ``increment_used_share``, ``time_share``).

    Raises
    ------
    JnjpError
        If the prefecture is unknown.
    """
    row = source.energy_target(prefecture)
    ip = even_path(float(row["intensity_cut"]))
    cp = cap_path(float(row["energy_2015_10k_tce"]), float(row["increment_10k_tce"]))
    out = ip.merge(cp, on="year")
    out.insert(0, "prefecture", str(row.name))
    return out


