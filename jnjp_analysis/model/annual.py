"""Annual targets, statistical bases and checkpoints: a period as the real record shows it.

Real plans and records differ from a plan's even path in three ways this module handles:

* **Annual targets.** A government may set a target for single years (the nation's energy intensity
  "about 3 %" in 2021, none in 2022, 2 % in 2023 …). :func:`annual_grades` grades each observed year
  against its own annual target, where one exists, with the barometer's lights: green where the cut
  reached the target, yellow where it missed by no more than ``tolerance`` of the target, red where it
  missed by more or the indicator rose. A year without a numeric target gets no light
  (``"no_target"``); "左右" is kept as ``about`` and shown, never used to soften the grade.
* **Statistical bases.** An indicator may be redefined (from 2024 China's energy intensity excludes
  raw-material use and non-fossil energy). Each observation carries its basis; annual values are chained
  only within one basis, never across a break (:func:`chained`, :func:`segments`).
* **Checkpoints.** An official cumulative figure over a span of years (2021–2023, on the new basis) is
  a value of its own (:class:`Checkpoint`). A cumulative change from the base year is the checkpoint
  itself, or a checkpoint chained with later annual values of the same basis.

:func:`required_pace` says, after each observed year, what average annual cut the remaining years
need to reach the period's target, against the plan's even pace; :func:`implausible_from` names the
year from which that requirement stays above ``factor`` times the even pace (an analyst's parameter;
the default 1.5 means "half again the plan's own even pace, in every remaining year").

Everything here returns numbers and codes; the pages say them in words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jnjp_analysis import checks
from jnjp_analysis.config import PACING_TOLERANCE, TOL
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan.annual_targets import AnnualTarget  # a plan's annual_targets.csv holds them

# the grade of one year against its annual target (``annual_grades``' ``result``)
ANNUAL_RESULTS = ("met", "slightly_missed", "missed", "rose", "no_target")
_LIGHT = {"met": "green", "slightly_missed": "yellow", "missed": "red", "rose": "red", "no_target": ""}
# how a cumulative change from the base year was formed (``chained``' ``method``)
METHODS = ("annual", "checkpoint", "checkpoint_and_annual", "basis_break")
DEFAULT_FACTOR = 1.5


@dataclass(frozen=True)
class Observation:
    """An observed annual change of an intensity, on one statistical basis.

    Attributes
    ----------
    year : int
        The year observed (the change is from the year before).
    change : float
        The change, a fraction (−0.038 for "下降3.8%").
    basis : str
        The statistical basis it is stated on (a label of the record, e.g. ``"2024"``), ``""`` where one
        basis holds throughout.
    """

    year: int
    change: float
    basis: str = ""


@dataclass(frozen=True)
class Checkpoint:
    """An official cumulative change over a span of years, on one basis.

    Attributes
    ----------
    first_year, last_year : int
        The span: the change is from the year before ``first_year`` to ``last_year``.
    change : float
        The cumulative change, a fraction (−0.073 for "累计降低7.3%").
    basis : str
        Its statistical basis.
    """

    first_year: int
    last_year: int
    change: float
    basis: str = ""


def _observations(obs: object, name: str) -> list[Observation]:
    if isinstance(obs, pd.Series):
        items: list[object] = [Observation(int(y), float(v)) for y, v in obs.items()]
    elif isinstance(obs, Mapping):
        items = [Observation(int(y), float(v)) for y, v in obs.items()]
    elif isinstance(obs, Iterable) and not isinstance(obs, (str, bytes)):
        items = list(obs)
    else:
        raise checks.JnjpError(f"{name} must be Observations or a mapping year → change, got {type(obs).__name__}")
    out: list[Observation] = []
    for o in items:
        if not isinstance(o, Observation):
            raise checks.JnjpError(f"{name}: {o!r} is not an Observation")
        v = checks.number(o.change, f"{name}[{o.year}]")
        if not -1 < v < 1:
            raise checks.JnjpError(f"{name}[{o.year}] = {v:g}: a change is a fraction in (−1, 1) (−0.038 for −3.8 %)")
        out.append(o)
    years = [o.year for o in out]
    if len(set(years)) != len(years):
        raise checks.JnjpError(f"{name}: a year appears twice ({sorted(years)})")
    return sorted(out, key=lambda o: o.year)


def annual_grades(changes: object, targets: Iterable[AnnualTarget], *,
                  tolerance: float = PACING_TOLERANCE) -> pd.DataFrame:
    """Each observed year against its own annual target.

    Parameters
    ----------
    changes : mapping, Series or iterable of Observation
        The observed annual changes (fractions, −0.038 for a 3.8 % cut) by year.
    targets : iterable of AnnualTarget
        The annual targets; a year with none (or with ``cut`` None) is graded ``"no_target"``.
    tolerance : float, default PACING_TOLERANCE
        How far below the target a cut still rates yellow, a fraction of the target (0.1: within 10 %).

    Returns
    -------
    pandas.DataFrame
        One row per observed year: ``year``, ``change``, ``basis``, ``cut`` (−change), ``target_cut``
        (NaN without one), ``about``, ``result`` (a code of :data:`ANNUAL_RESULTS`), ``light``
        (``"green"``, ``"yellow"``, ``"red"``, ``""`` without a target) and ``shortfall`` (target − cut,
        NaN without a target).

    Raises
    ------
    JnjpError
        For a malformed change, a year given twice, a target year given twice or a cut outside [0, 1).
    """
    tol = checks.number(tolerance, "tolerance")
    if not 0 <= tol < 1:
        raise checks.JnjpError(f"tolerance = {tol:g} must be in [0, 1)")
    by_year: dict[int, AnnualTarget] = {}
    for given in targets:
        if given.year in by_year:
            raise checks.JnjpError(f"annual targets: year {given.year} appears twice")
        if given.cut is not None:
            checks.fraction(given.cut, f"annual target {given.year}")
        by_year[given.year] = given
    rows = []
    for o in _observations(changes, "changes"):
        tg: AnnualTarget | None = by_year.get(o.year)
        cut = -o.change
        if tg is None or tg.cut is None:
            result, target, short = "no_target", math.nan, math.nan
        else:
            target, short = tg.cut, tg.cut - cut
            if o.change > TOL:
                result = "rose"
            elif cut + TOL >= tg.cut:
                result = "met"
            elif short <= tol * tg.cut + TOL:
                result = "slightly_missed"
            else:
                result = "missed"
        rows.append({"year": o.year, "change": o.change, "basis": o.basis, "cut": cut, "target_cut": target,
                     "about": bool(tg.about) if tg is not None else False, "result": result,
                     "light": _LIGHT[result], "shortfall": short})
    out = pd.DataFrame(rows, columns=["year", "change", "basis", "cut", "target_cut", "about", "result", "light",
                                      "shortfall"])
    out["year"] = out["year"].astype("int64")
    return out


def segments(changes: object) -> pd.DataFrame:
    """The observed years in runs of one basis, each run's annual changes chained.

    Parameters
    ----------
    changes : iterable of Observation (or a mapping year → change: one basis)
        The observed annual changes.

    Returns
    -------
    pandas.DataFrame
        One row per run of consecutive years on one basis: ``basis``, ``first_year``, ``last_year`` and
        ``change`` (1 − Π(1 + change) taken negative: the run's compounded change). A new run starts
        where the basis changes or a year is missing; nothing is chained across either.
    """
    runs: list[list[Observation]] = []
    for o in _observations(changes, "changes"):
        if runs and runs[-1][-1].basis == o.basis and runs[-1][-1].year + 1 == o.year:
            runs[-1].append(o)
        else:
            runs.append([o])
    rows = [{"basis": r[0].basis, "first_year": r[0].year, "last_year": r[-1].year,
             "change": float(np.prod([1.0 + o.change for o in r]) - 1.0)} for r in runs]
    return pd.DataFrame(rows, columns=["basis", "first_year", "last_year", "change"])


def chained(changes: object, checkpoints: Iterable[Checkpoint] = (), *, base_year: int) -> pd.DataFrame:
    """The cumulative change from the base year to each observed year, formed within one basis only.

    For a year y it is, in this order: an official checkpoint from ``base_year + 1`` to y; the annual
    values from ``base_year + 1`` to y where all are on one basis; the latest checkpoint from
    ``base_year + 1`` to j < y chained with the annual values j + 1 … y where all are on the checkpoint's
    basis. Otherwise it is not formed (NaN, method ``"basis_break"``): nothing chains across a break.

    Parameters
    ----------
    changes : iterable of Observation (or a mapping year → change: one basis)
        The observed annual changes.
    checkpoints : iterable of Checkpoint
        Official cumulative changes over spans of years.
    base_year : int
        The period's base year B.

    Returns
    -------
    pandas.DataFrame
        One row per observed year (and per checkpoint's last year): ``year``, ``change`` (cumulative from
        B, a fraction), ``basis``, ``method`` (:data:`METHODS`) and ``checkpoint`` (the span used,
        ``"2021-2023"``, or ``""``).
    """
    B = checks.count(base_year, "base_year")
    obs = {o.year: o for o in _observations(changes, "changes")}
    cps = {}
    for c in checkpoints:
        if c.first_year != B + 1:
            continue  # a span not from the base year adds nothing to a cumulative from it
        if not c.first_year <= c.last_year:
            raise checks.JnjpError(f"checkpoint {c.first_year}-{c.last_year}: the span runs backwards")
        cps[c.last_year] = c
    rows = []
    for y in sorted(set(obs) | set(cps)):
        if y in cps:
            c = cps[y]
            rows.append((y, c.change, c.basis, "checkpoint", f"{c.first_year}-{c.last_year}"))
            continue
        run = [obs.get(k) for k in range(B + 1, y + 1)]
        if all(o is not None for o in run) and len({o.basis for o in run if o is not None}) == 1:
            rows.append((y, float(np.prod([1.0 + o.change for o in run if o is not None]) - 1.0), run[-1].basis,  # type: ignore[union-attr]
                         "annual", ""))
            continue
        done = False
        for j in sorted((k for k in cps if k < y), reverse=True):
            c = cps[j]
            tail = [obs.get(k) for k in range(j + 1, y + 1)]
            if all(o is not None and o.basis == c.basis for o in tail):
                v = (1.0 + c.change) * float(np.prod([1.0 + o.change for o in tail if o is not None])) - 1.0
                rows.append((y, v, c.basis, "checkpoint_and_annual", f"{c.first_year}-{c.last_year}"))
                done = True
                break
        if not done:
            rows.append((y, math.nan, obs[y].basis, "basis_break", ""))
    out = pd.DataFrame(rows, columns=["year", "change", "basis", "method", "checkpoint"])
    out["year"] = out["year"].astype("int64")
    return out


def required_pace(cumulative: pd.DataFrame, *, total_cut: float, base_year: int, target_year: int,
                  factor: float = DEFAULT_FACTOR) -> pd.DataFrame:
    """After each year, the average annual cut the remaining years need, against the even pace.

    Parameters
    ----------
    cumulative : DataFrame
        ``year`` and ``change`` (the cumulative change from the base year, a fraction; NaN where it cannot
        be formed), as :func:`chained` returns.
    total_cut : float
        R, the period's cut from the base to the target year, a fraction.
    base_year, target_year : int
        The period.
    factor : float, default 1.5
        A requirement above ``factor`` times the even pace is ``implausible``.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``cumulative_cut``, ``required_cut`` (1 − ((1 − R)/(1 − cut))^(1/(target − year)), NaN in the
        target year), ``even_cut``, ``ratio`` (required / even), ``implausible`` (ratio > factor) and, in the
        target year, ``met`` (the cut reached R; NaN before).
    """
    R = checks.cut(total_cut)
    B, Ty = checks.count(base_year, "base_year"), checks.count(target_year, "target_year")
    f = checks.number(factor, "factor")
    if not f >= 1:
        raise checks.JnjpError(f"factor = {f:g}: a requirement is implausible above factor × the even pace; give ≥ 1")
    a = trajectory.even_annual_cut(R, Ty - B)
    rows = []
    for y, ch in zip(cumulative["year"], cumulative["change"]):
        y = int(y)
        if not B < y <= Ty:
            continue
        cut = -float(ch)
        left = Ty - y
        req = 1.0 - ((1.0 - R) / (1.0 - cut)) ** (1.0 / left) if left > 0 and not math.isnan(cut) else math.nan
        ratio = req / a if a > 0 else math.nan
        met = (cut + TOL >= R) if left == 0 and not math.isnan(cut) else math.nan
        rows.append({"year": y, "cumulative_cut": cut, "required_cut": req, "even_cut": a, "ratio": ratio,
                     "implausible": bool(ratio > f) if not math.isnan(ratio) else False, "met": met})
    out = pd.DataFrame(rows, columns=["year", "cumulative_cut", "required_cut", "even_cut", "ratio", "implausible",
                                      "met"])
    out["year"] = out["year"].astype("int64")
    out.attrs.update(total_cut=R, base_year=B, target_year=Ty, factor=f)
    return out


def implausible_from(pace: pd.DataFrame) -> int | None:
    """The first year from which the remaining requirement stays implausible.

    Parameters
    ----------
    pace : DataFrame
        :func:`required_pace`'s table.

    Returns
    -------
    int or None
        The first year y such that the requirement after y and after every later year before the target
        year is implausible; None where there is none (a target year missed after a plausible last step is
        not "implausible", only missed).
    """
    rows = pace[pace["required_cut"].notna()].sort_values("year")
    flags = list(zip(rows["year"], rows["implausible"]))
    for i, (y, _) in enumerate(flags):
        if all(f for _, f in flags[i:]):
            return int(y)
    return None
