"""The "front-loose, back-tight" (前松后紧) pacing check of clause (十九) and the early warning of
clause (二十三), as traffic lights per year and a verdict on a whole schedule.

Traffic lights (defaults follow the national double-control barometer, 能源消费总量和强度双控目标
晴雨表, 发改办环资〔2020〕901号, which rates progress against the requirement to date):

* **intensity** — the requirement after k years is the even-pace cumulative cut 1 − (1 − a)^k
  (``requirement="even"``) or the time-proportional R·k/T (``"linear"``). Green: the cumulative
  cut meets the requirement. Yellow: it misses it by no more than ``yellow_tolerance`` (10 %) of the
  requirement. Red: it misses by more, or — our addition — intensity *rose* that year
  (annual cut < 0), which the barometer would not see in a cumulative figure.
* **total consumption** — the requirement after k years is to stay on the even (geometric) path to
  the cap, E_k ≤ E_B·(1 + ΔE/E_B)^(k/T) (``"linear"``: E_B + ΔE·k/T). Green: at or below
  it. Yellow: above it by no more than ``yellow_tolerance`` of the increment allowed to date. Red:
  above by more, or consumption already above the target year's cap.

The period (base year B, the years B + 1 … B + T) comes from the unit's targets (``targets=``, a
:class:`~jnjp_analysis.plan.definition.UnitTargets`) or from ``base_year=``/``years=``; years are
required (never a default plan's). A unit is never looked up by its name here: the caller passes ``plan.targets(slug)``.

The barometer never rated Tibet (no statistics); the thresholds are parameters so that an analyst
can apply a stricter or looser rule and say so.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from jnjp_analysis import checks
from jnjp_analysis.config import PACING_TOLERANCE, TOL
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan.definition import UnitTargets

Requirement = Literal["even", "linear"]
LIGHTS = ("green", "yellow", "red")
# why a light is not green (the table's ``reason_codes``, ";"-joined; the sentences are i18n's ``reason_<code>``)
REASON_CODES = ("intensity_rose", "intensity_slightly_behind", "intensity_well_behind", "cap_exceeded",
                "energy_slightly_above_path", "energy_well_above_path", "exempt_if_incentive")
# "exempt_if_incentive" follows a consumption reason where the unit's plan exempts a unit that meets its
# incentive intensity level from the total check, and the unit's cut is on the incentive level's even pace:
# the light stays (the exemption is granted on the target year's result only), the reason says why it may not matter
_EPS = TOL
# what made a schedule "front-loose, back-tight" (verdict's ``triggers``; the sentences are i18n's ``trigger_<code>``):
# the intensity cut pushed into the last years, and the total's increment used ahead of its even path
VERDICT_TRIGGERS = ("intensity_back_loading", "total_front_loading")
# the verdict on a schedule, a code (the sentences are i18n's ``verdict_<code>``): front-loose, back-tight where a
# trigger fired, else on schedule
VERDICTS = ("front_loose_back_tight", "on_schedule")


def _resolve(targets: object, total_cut: float | None, energy_base: float | None, increment: float | None,
             years: object, base_year: int | None
             ) -> tuple[float | None, float | None, float | None, int, tuple[int, ...]]:
    """(R, E_B, ΔE, B, years): explicit numbers win over the targets; the period is the targets'."""
    t: UnitTargets | None = trajectory.targets_of(targets) if targets is not None else None
    if t is not None:
        total_cut = t.intensity_cut if total_cut is None else total_cut
        energy_base = t.energy_base_10k_tce if energy_base is None else energy_base
        increment = t.increment_10k_tce if increment is None else increment
    B, yrs = trajectory.period_of(years, base_year, t)  # type: ignore[arg-type]
    return total_cut, energy_base, increment, B, yrs


def _normalise_record(record: object, years: tuple[int, ...]) -> pd.DataFrame:
    """A record becomes a DataFrame indexed by int year from ``years[0]`` with the known columns."""
    if isinstance(record, pd.Series):
        df = checks.year_series(record, "record", years).to_frame("intensity_cut")
    elif isinstance(record, pd.DataFrame):
        df = record.copy()
        if "year" in df.columns:
            df = df.set_index("year")
    elif isinstance(record, (list, tuple, np.ndarray)):
        df = checks.year_series(list(record), "record", years).to_frame("intensity_cut")
    else:
        raise checks.JnjpError("record must be a DataFrame (year, intensity_cut and/or energy_10k_tce), "
                               f"a Series or a list of annual cuts; got {type(record).__name__}")
    known = {"intensity_cut", "energy_10k_tce", "gdp_growth"}
    cols = [c for c in df.columns if c in known]
    if not cols:
        raise checks.JnjpError(f"record has none of the columns {sorted(known)}; got {list(df.columns)}")
    unknown = [c for c in df.columns if c not in known]
    if unknown:
        raise checks.JnjpError(f"record has unknown column(s) {unknown}; known: {sorted(known)} (nothing is dropped silently)")
    out = pd.DataFrame(index=checks.year_series(pd.Series(0.0, index=df.index), "record.year", years).index)
    bound = {"intensity_cut": checks.annual_cut, "energy_10k_tce": checks.energy, "gdp_growth": checks.growth}
    for c in cols:
        s = checks.year_series(df[c], f"record.{c}", years)
        out[c] = [bound[c](v, f"record.{c}[{y}]") for y, v in s.items()]
    return out


def check(record: object, *, targets: object = None, total_cut: float | None = None,
          energy_base: float | None = None, increment: float | None = None, base_year: int | None = None,
          years: object = None, requirement: Requirement = "even",
          yellow_tolerance: float = PACING_TOLERANCE) -> pd.DataFrame:
    """Per-year pacing table for a record of actual or planned progress.

    ``record``: a DataFrame with ``year`` (B + 1 … without gaps) and any of ``intensity_cut`` (annual
    cut, fraction), ``energy_10k_tce`` (consumption, 10^4 tce), ``gdp_growth`` (real, fraction; with
    energy it gives the intensity cuts: r_t = 1 − (E_t/E_{t−1})/(1 + g_t)); or a plain list/Series of
    annual cuts. Targets from ``targets`` or given directly.

    Columns (those that the record allows): ``year``; intensity: ``annual_cut``, ``cumulative_cut``,
    ``expected_even``, ``expected_linear``, ``requirement``, ``share_of_target_done``,
    ``required_remaining_cut`` (NaN in the last year), ``required_to_even_ratio``,
    ``intensity_light``; consumption: ``energy_10k_tce``, ``increment_used_share``,
    ``expected_used_share_even``, ``time_share``, ``allowed_path_10k_tce``,
    ``remaining_allowed_growth``, ``energy_light``; and ``light`` (the worse of the two) with
    ``reason``.

    Parameters
    ----------
    record : DataFrame, Series or sequence
        The progress by year from B + 1 without gaps, as described above.
    targets : UnitTargets, optional
        A unit's targets (``plan.targets("lhasa")``): they fill whichever of ``total_cut``, ``energy_base`` and
        ``increment`` are not given, and give the period.
    total_cut : float, optional
        R, the cumulative intensity cut by the target year, a fraction in [0, 1) (needed for the intensity
        check).
    energy_base : float, optional
        E_B, base-year consumption, 10^4 tce (needed for the consumption check and to derive cuts from energy).
    increment : float, optional
        ΔE, the allowed increase from base to target year, 10^4 tce (needed for the consumption check).
    base_year : int, optional
        B, when no targets are given (with a count ``years``).
    years : int or sequence of int, optional
        The period's years B + 1 … B + T (or T with ``base_year``), when no targets are given (then
        required).
    requirement : {"even", "linear"}, default "even"
        The requirement to date: the even-pace path (geometric for consumption) or the time-proportional one.
    yellow_tolerance : float, default PACING_TOLERANCE
        How far behind the requirement still rates yellow, a fraction in [0, 1) of the requirement (intensity)
        or of the increment allowed to date (consumption); 0.1 for 10 %.

    Returns
    -------
    pandas.DataFrame
        One row per recorded year with the columns above: cuts, requirements and shares are fractions,
        ``remaining_allowed_growth`` a fraction per year, ``*_10k_tce`` in 10^4 tce, lights ``"green"``,
        ``"yellow"`` or ``"red"``, and ``reason_codes`` (";"-joined :data:`REASON_CODES`, "" when green:
        the pages say them in words). ``attrs`` holds the targets used
        (``total_cut``, ``energy_base_10k_tce``, ``increment_10k_tce``), ``base_year``,
        ``target_year``, ``requirement`` and ``yellow_tolerance``.

    Raises
    ------
    JnjpError
        If ``requirement`` or ``yellow_tolerance`` is invalid, the record is malformed (unknown columns, years
        outside the period or with gaps, values out of bounds), ``targets`` is not a UnitTargets, the period given
        disagrees with the targets', or a target the record needs is neither given nor in ``targets``.
    """
    if requirement not in ("even", "linear"):
        raise checks.JnjpError(f"requirement must be 'even' or 'linear', got {requirement!r}")
    tol = checks.number(yellow_tolerance, "yellow_tolerance")
    if not 0 <= tol < 1:
        raise checks.JnjpError(f"yellow_tolerance = {tol:g} must be in [0, 1)")
    R, e0, de, B, period = _resolve(targets, total_cut, energy_base, increment, years, base_year)
    T = len(period)
    target_year = period[-1]
    rec = _normalise_record(record, period)
    yrs = rec.index.to_numpy()
    k = yrs - B
    out = pd.DataFrame({"year": yrs.astype("int64")})
    reasons: list[list[str]] = [[] for _ in yrs]

    cuts = None
    if "intensity_cut" in rec:
        cuts = rec["intensity_cut"].to_numpy()
    elif "gdp_growth" in rec and "energy_10k_tce" in rec:
        if e0 is None:
            raise checks.JnjpError("to derive intensity cuts from energy and GDP, give targets or energy_base")
        e = rec["energy_10k_tce"].to_numpy()
        prev = np.r_[checks.energy(e0, "energy_base"), e[:-1]]
        cuts = 1.0 - (e / prev) / (1.0 + rec["gdp_growth"].to_numpy())
    if cuts is not None:
        if R is None:
            raise checks.JnjpError("give targets or total_cut for the intensity check")
        R = checks.cut(R)
        for y, c in zip(yrs, cuts):
            if not c < 1:
                raise checks.JnjpError(f"record.intensity_cut[{y}] = {c:g} is not below 1 (cuts are fractions)")
        a = trajectory.even_annual_cut(R, T)
        cum = 1.0 - np.cumprod(1.0 - cuts)
        exp_even = 1.0 - (1.0 - a) ** k
        exp_even[k == T] = R
        exp_lin = R * k / T
        req = exp_even if requirement == "even" else exp_lin
        done = np.cumprod(1.0 - cuts)
        rem = np.array([1.0 - ((1.0 - R) / d) ** (1.0 / (T - kk)) if kk < T else np.nan for d, kk in zip(done, k)])
        out["annual_cut"] = cuts
        out["cumulative_cut"] = cum
        out["expected_even"] = exp_even
        out["expected_linear"] = exp_lin
        out["requirement"] = req
        out["share_of_target_done"] = cum / R if R > 0 else np.nan
        out["required_remaining_cut"] = rem
        out["required_to_even_ratio"] = rem / a if a > 0 else np.nan
        lights = []
        for i, (c, cu, rq) in enumerate(zip(cuts, cum, req)):
            if c < 0:
                lights.append("red")
                reasons[i].append("intensity_rose")
            elif cu + _EPS >= rq:
                lights.append("green")
            elif cu + _EPS >= rq * (1.0 - tol):
                lights.append("yellow")
                reasons[i].append("intensity_slightly_behind")
            else:
                lights.append("red")
                reasons[i].append("intensity_well_behind")
        out["intensity_light"] = lights
        t_inc = trajectory.targets_of(targets) if isinstance(targets, UnitTargets) else None
        if t_inc is not None and t_inc.incentive_cut is not None:  # a plan with an incentive level
            a_inc = trajectory.even_annual_cut(t_inc.incentive_cut, T)
            req_inc = 1.0 - (1.0 - a_inc) ** k
            req_inc[k == T] = t_inc.incentive_cut
            out["incentive_requirement"] = req_inc
            out["on_incentive_pace"] = cum + _EPS >= req_inc

    # a plan whose total is stated in words or absent has no consumption check: the light is the intensity light
    no_total = isinstance(targets, UnitTargets) and not targets.has_total and energy_base is None and increment is None
    if "energy_10k_tce" in rec and not no_total:
        if e0 is None or de is None:
            raise checks.JnjpError("give targets or energy_base and increment for the consumption check")
        e0 = checks.energy(e0, "energy_base")
        de = checks.energy(de, "increment")
        e = rec["energy_10k_tce"].to_numpy()
        for y, v in zip(yrs, e):
            checks.energy(v, f"record.energy_10k_tce[{y}]")
        path = trajectory.cap_path(e0, de, "geometric" if requirement == "even" else "linear",
                                   years=period).set_index("year")
        allowed = path.loc[yrs, "energy_10k_tce"].to_numpy()
        out["energy_10k_tce"] = e
        out["increment_used_share"] = (e - e0) / de if de > 0 else np.nan
        out["expected_used_share_even"] = path.loc[yrs, "increment_used_share"].to_numpy()
        out["time_share"] = k / T
        out["allowed_path_10k_tce"] = allowed
        out["remaining_allowed_growth"] = [((e0 + de) / v) ** (1.0 / (T - kk)) - 1.0 if kk < T and v > 0 else np.nan
                                           for v, kk in zip(e, k)]
        lights = []
        for i, (v, al) in enumerate(zip(e, allowed)):
            if v > e0 + de + _EPS:
                lights.append("red")
                reasons[i].append("cap_exceeded")
            elif v <= al + _EPS:
                lights.append("green")
            elif v <= al + tol * (al - e0) + _EPS:
                lights.append("yellow")
                reasons[i].append("energy_slightly_above_path")
            else:
                lights.append("red")
                reasons[i].append("energy_well_above_path")
        out["energy_light"] = lights
        if "on_incentive_pace" in out and isinstance(targets, UnitTargets) and targets.total_exemption == "incentive_met":
            for i, (lt, on) in enumerate(zip(lights, out["on_incentive_pace"])):
                if lt != "green" and on:
                    reasons[i].append("exempt_if_incentive")

    light_cols = [c for c in ("intensity_light", "energy_light") if c in out]
    out["light"] = [max((r[c] for c in light_cols), key=LIGHTS.index) for _, r in out.iterrows()]
    # why a light is not green: codes (REASON_CODES) only; the pages say them in words (i18n's reason_<code>)
    out["reason_codes"] = [";".join(r) for r in reasons]
    out.attrs.update(total_cut=R, energy_base_10k_tce=e0, increment_10k_tce=de, base_year=int(B),
                     target_year=int(target_year), requirement=requirement, yellow_tolerance=tol)
    return out


def back_loading(annual_cuts: object, total_cut: float, years: object = None,
                 base_year: int | None = None) -> pd.Series:
    """Share of the target left for the last L years minus the even share L/T, for each L.

    Progress is measured in log terms, −ln(1 − r_t), so that shares add up. "Left for the last L
    years" = 1 − (log progress in the first T − L years) / (log target). An even schedule gives 0
    for every L; a positive value means that much of the target (as a fraction) is pushed into the
    last L years beyond their time share. Only the L whose first T − L years are in the record
    are returned (index: L).

    Parameters
    ----------
    annual_cuts : Series, mapping or sequence
        r_t, the annual intensity cuts (fractions) by year from B + 1 without gaps.
    total_cut : float
        R, the cumulative cut by the target year, a fraction in (0, 1).
    years : int or sequence of int, optional
        The period's years B + 1 … B + T (or T with ``base_year``); required.
    base_year : int, optional
        B, with a count ``years``.

    Returns
    -------
    pandas.Series
        The excess share of the target (a fraction; 0 = even, positive = back-loaded) for each L in 1..T − 1
        that the record allows, indexed by ``last_years`` (L), named ``back_loading``.

    Raises
    ------
    JnjpError
        If R is outside [0, 1) or is 0, or the cuts are malformed (empty, years outside the period, gaps,
        cuts ≥ 1).
    """
    R = checks.cut(total_cut)
    _, period = trajectory.period_of(years, base_year)  # type: ignore[arg-type]
    T = len(period)
    s = trajectory.annual_cut_series(annual_cuts, period)
    logs = -np.log1p(-s.to_numpy())
    target = -math.log1p(-R)
    if target == 0:
        raise checks.JnjpError("total_cut is 0: no schedule can be back-loaded")
    out = {}
    for L in range(1, T):
        first = T - L
        if first <= len(logs):
            out[L] = (1.0 - logs[:first].sum() / target) - L / T
    return pd.Series(out, name="back_loading", dtype=float).rename_axis("last_years")


def verdict(record: object, *, targets: object = None, total_cut: float | None = None,
            energy_base: float | None = None, increment: float | None = None, base_year: int | None = None,
            years: object = None, tolerance: float = 0.05, **check_kw) -> pd.Series:
    """A verdict on a whole schedule (planned or actual).

    * ``back_loading``: max over L of :func:`back_loading` (share of the target pushed into the last
      L years beyond their time share). ``front_loose_back_tight`` is True where it exceeds
      ``tolerance`` (default 0.05: more than 5 % of the target beyond the even share). Moving part
      of a cut from an earlier year to a later one never lowers it.
    * ``cap_front_loading``: max over recorded years of (share of ΔE used − share used on the even
      geometric path); ``cap_front_loose`` where it exceeds ``tolerance``. Using the increment early
      leaves too little for the last years — the same front-loose, back-tight problem for the cap.
      Not a trigger (``cap_front_loose_exempt``) for a unit its plan exempts from the total check at
      the incentive level (``targets.total_exemption == "incentive_met"``) whose cumulative cut in the
      last recorded year is on that level's even pace (the level itself in the target year).
    * ``triggers``: which of :data:`VERDICT_TRIGGERS` fired — ``"intensity_back_loading"``
      (``front_loose_back_tight``) and ``"total_front_loading"`` (``cap_front_loose``, not exempt);
      the verdict is front-loose, back-tight where any did.
    * ``implausible_from``: the first year after which the annual cut still required exceeds the
      best annual cut achieved so far (the target has become implausible); None if never.
    * ``first_red``: the first year with a red light; ``lights``: the lights joined by year.

    Parameters
    ----------
    record : DataFrame, Series or sequence
        The progress by year from B + 1, as for :func:`check`.
    targets : UnitTargets, optional
        A unit's targets: they fill the numbers not given, and give the period.
    total_cut : float, optional
        R, the cumulative intensity cut by the target year, a fraction in [0, 1).
    energy_base : float, optional
        E_B, base-year consumption, 10^4 tce.
    increment : float, optional
        ΔE, the allowed increase from base to target year, 10^4 tce.
    base_year : int, optional
        B, when no targets are given.
    years : int or sequence of int, optional
        The period's years, when no targets are given (required).
    tolerance : float, default 0.05
        The back-loading (share of the target) and cap front-loading (share of ΔE) above which a schedule
        is called front-loose, back-tight; a fraction.
    **check_kw
        Passed on to :func:`check` (``requirement``, ``yellow_tolerance``).

    Returns
    -------
    pandas.Series
        Named ``verdict``, dtype object. With intensity data: ``back_loading`` (fraction),
        ``front_loose_back_tight`` (bool), ``implausible_from`` (year or None), ``cumulative_cut`` (the last
        recorded, fraction), ``target_met`` (bool; True only with all T years). With consumption data:
        ``cap_front_loading`` (fraction of ΔE), ``cap_front_loose`` (bool), ``cap_exceeded_from`` (year or
        None), ``cap_front_loose_exempt`` (bool). Always: ``first_red`` (year or None), ``lights`` (text
        ``"2016:green 2017:…"``), ``triggers`` (a tuple of :data:`VERDICT_TRIGGERS`, empty when none fired)
        and ``verdict`` (a code of :data:`VERDICTS`: ``"front_loose_back_tight"`` where a trigger fired, else
        ``"on_schedule"``; the pages say it in words).

    Raises
    ------
    JnjpError
        If ``tolerance`` is not a finite number, or for any reason :func:`check` raises.
    """
    tol = checks.number(tolerance, "tolerance")
    table = check(record, targets=targets, total_cut=total_cut, energy_base=energy_base, increment=increment,
                  base_year=base_year, years=years, **check_kw)
    R = table.attrs["total_cut"]
    B, target_year = table.attrs["base_year"], table.attrs["target_year"]
    period = tuple(range(B + 1, target_year + 1))
    out: dict[str, object] = {}
    if "annual_cut" in table:
        bl = back_loading(pd.Series(table["annual_cut"].to_numpy(), index=table["year"].to_numpy()), R, period)
        out["back_loading"] = float(bl.max()) if len(bl) else math.nan
        out["front_loose_back_tight"] = bool(len(bl) and bl.max() > tol)
        best = np.maximum.accumulate(table["annual_cut"].to_numpy())
        req = table["required_remaining_cut"].to_numpy()
        bad = [int(y) for y, b, r in zip(table["year"], best, req) if not math.isnan(r) and r > b + _EPS]
        out["implausible_from"] = bad[0] if bad else None
        out["cumulative_cut"] = float(table["cumulative_cut"].iloc[-1])
        out["target_met"] = bool(len(table) == len(period) and table["cumulative_cut"].iloc[-1] + _EPS >= R)
    if "energy_10k_tce" in table:
        front = (table["increment_used_share"] - table["expected_used_share_even"]).to_numpy()
        out["cap_front_loading"] = float(np.max(front))
        out["cap_front_loose"] = bool(np.max(front) > tol)
        # a unit exempt from the total at the incentive level, and on that level's pace: the increment is not its target
        t_inc = trajectory.targets_of(targets) if isinstance(targets, UnitTargets) else None
        out["cap_front_loose_exempt"] = bool(
            out["cap_front_loose"] and t_inc is not None and t_inc.total_exemption == "incentive_met"
            and "on_incentive_pace" in table and bool(table["on_incentive_pace"].iloc[-1]))
        cap = table.attrs["energy_base_10k_tce"] + table.attrs["increment_10k_tce"]
        over = table.loc[table["energy_10k_tce"] > cap + _EPS, "year"]
        out["cap_exceeded_from"] = int(over.iloc[0]) if len(over) else None
    reds = table.loc[table["light"] == "red", "year"]
    out["first_red"] = int(reds.iloc[0]) if len(reds) else None
    out["lights"] = " ".join(f"{y}:{l}" for y, l in zip(table["year"], table["light"]))
    triggers = []
    if out.get("front_loose_back_tight"):
        triggers.append("intensity_back_loading")
    if out.get("cap_front_loose") and not out.get("cap_front_loose_exempt"):
        triggers.append("total_front_loading")
    out["triggers"] = tuple(triggers)
    out["verdict"] = VERDICTS[0] if triggers else VERDICTS[1]
    return pd.Series(out, name="verdict", dtype=object)
