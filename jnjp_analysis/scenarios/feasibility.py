"""Which GDP growth and pace meet both controls: the growth window, the feasibility grid, and the grid
of the double-control map (:class:`GridSpec`, :data:`MAP_GRID`).

The period's length T and the unit's targets come from the plan (keyword ``plan``, required: never
defaulted). Names say base and target, not years
(``energy_target_10k_tce`` is the target year's consumption).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jnjp_analysis import checks
from jnjp_analysis.config import TOL
from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.plan.load import required as load_plan
from jnjp_analysis.scenarios.definition import ENERGY_MODES, PlanLike, ScenarioError
from jnjp_analysis.scenarios.projection import MODE_CODE, energy_paths, unit_targets

_EPS = TOL


# ---------------------------------------------------------------------------------- growth window
def growth_window(unit: object, *, intensity_cut: float | None = None,
                  energy_elasticity: float | None = None, energy_growth: float | None = None,
                  plan: PlanLike) -> pd.Series:
    """The range of constant real GDP growth compatible with both controls, for a constant
    intensity pace, elasticity or energy growth (exactly one).

    Returns ``min_gdp_growth`` and ``max_gdp_growth`` (−inf / inf where unbounded, NaN both where no
    growth works) and ``feasible``. With a fixed intensity pace r, intensity is met for any growth
    iff r ≥ the even pace, and the cap gives g ≤ (cap/E_B)^(1/T)/(1 − r) − 1. With an
    elasticity ε < (1 − R)^(1/T), faster growth *helps* intensity: g ≥ (1 − q)/(q − ε), q =
    (1 − R)^(1/T); the cap gives g ≤ ((cap/E_B)^(1/T) − 1)/ε. T is the plan's number of years.

    Parameters
    ----------
    unit : str or Unit
        A unit's slug, Chinese or English name, or ``"region"`` (the regional cut and the sum of the caps).
    intensity_cut : float, optional
        A constant annual intensity cut r, a fraction in (−1, 1).
    energy_elasticity : float, optional
        A constant energy elasticity ε (energy growth / GDP growth), in [−5, 5].
    energy_growth : float, optional
        A constant annual consumption growth, a fraction per year in (−1, 1].
    plan : Plan, str or path-like
        The plan whose targets and period apply (required).

    Returns
    -------
    pandas.Series
        dtype object: ``unit`` (slug or ``"region"``), ``mode`` (the energy mode given), ``value`` (its
        value), ``min_gdp_growth`` and ``max_gdp_growth`` (fractions per year; the lower bound is at least −1)
        and ``feasible`` (bool).

    Raises
    ------
    ScenarioError
        If not exactly one of ``intensity_cut``, ``energy_elasticity`` and ``energy_growth`` is given.
    JnjpError
        If the value is out of bounds or the unit is unknown.
    """
    p = load_plan(plan)
    T = p.T
    slug, e0, cap, R = unit_targets(unit, plan=p)
    if e0 is None or cap is None:  # a total in words or none: no cap, so no double-control map (never a made-up one)
        raise ScenarioError(f"plan {p.id} states its total in words or not at all: no double-control map")
    given = {k: v for k, v in (("intensity_cut", intensity_cut), ("energy_elasticity", energy_elasticity),
                               ("energy_growth", energy_growth)) if v is not None}
    if len(given) != 1:
        raise ScenarioError(f"give exactly one of {', '.join(ENERGY_MODES)}")
    mode, v = next(iter(given.items()))
    v = checks.parameter(mode, v, mode)
    c = (cap / e0) ** (1 / T)  # allowed annual energy growth factor
    q = (1 - R) ** (1 / T)  # required annual intensity factor
    lo, hi = -math.inf, math.inf
    if mode == "intensity_cut":
        if 1 - v > q + _EPS:
            lo = hi = math.nan
        else:
            hi = c / (1 - v) - 1
    elif mode == "energy_growth":
        if 1 + v > c + _EPS:
            lo = hi = math.nan
        else:
            lo = (1 + v) / q - 1
    else:
        eps_ = v
        if eps_ > 0:
            hi = (c - 1) / eps_
        elif eps_ < 0:
            lo = max(lo, (c - 1) / eps_)
        if eps_ < q:
            lo = max(lo, (1 - q) / (q - eps_))
        else:
            hi = min(hi, -(1 - q) / (eps_ - q)) if eps_ > q else hi
            if eps_ == q:
                lo = hi = math.nan
        if not math.isnan(lo) and lo > hi:
            lo = hi = math.nan
    lo = max(lo, -1.0) if not math.isnan(lo) else lo
    return pd.Series({"unit": slug, "mode": mode, "value": float(v), "min_gdp_growth": lo,
                      "max_gdp_growth": hi, "feasible": not math.isnan(hi)}, dtype=object)


# ----------------------------------------------------------------------------- feasibility grid
def feasibility_grid(unit: object, gdp_growth: Iterable[float] | None = None, pace: Iterable[float] | None = None,
                     mode: str = "intensity_cut", *, plan: PlanLike) -> pd.DataFrame:
    """Which control is met in the plan's target year (``unit``: a unit's slug or ``"region"``)
    over a grid of constant GDP growth × constant pace (intensity cut, elasticity or energy growth, per
    ``mode``) held over the plan's T years. Defaults: growth 0-20 %, cut 0-6 % / elasticity 0-1.5 /
    energy growth 0-20 %.

    Columns: ``gdp_growth``, ``pace``, ``mode``, ``energy_target_10k_tce`` (the target year's consumption;
    the 0.1.0 name), ``cumulative_cut``, ``intensity_met``, ``cap_met``, ``status`` (``both``,
    ``intensity_only``, ``cap_only``, ``neither``). For a unit of a plan with an incentive level also
    ``incentive_met`` (the incentive cut reached), and where the plan exempts a unit that reaches it
    from the total check (exemption ``incentive_met``), ``status`` ``exempt`` for a cell whose cap is
    missed but whose incentive cut is met (both controls count as met there: double control holds).

    Parameters
    ----------
    unit : str or Unit
        A unit's slug, Chinese or English name, or ``"region"``.
    gdp_growth : iterable of float, optional
        The constant real GDP growth rates to try, fractions per year (default 0-0.20 in steps of 0.0025).
    pace : iterable of float, optional
        The constant values of ``mode`` to try: annual cuts or energy growth as fractions, or elasticities.
    mode : {"intensity_cut", "energy_elasticity", "energy_growth"}, default "intensity_cut"
        What ``pace`` holds.
    plan : Plan, str or path-like
        The plan whose targets and period apply (required).

    Returns
    -------
    pandas.DataFrame
        One row per growth × pace pair (growth varying fastest), with the columns above: ``gdp_growth`` and
        ``pace`` as given, ``energy_target_10k_tce`` in 10^4 tce, ``cumulative_cut`` the target year's cut
        (fraction), ``intensity_met`` and ``cap_met`` bool.

    Raises
    ------
    ScenarioError
        If ``mode`` is unknown or ``gdp_growth`` or ``pace`` is empty.
    JnjpError
        If a growth rate or pace is out of bounds (a percent for a fraction, 5 for 0.05, is refused with a hint)
        or the unit is unknown.
    """
    if mode not in ENERGY_MODES:
        raise ScenarioError(f"mode must be one of {', '.join(ENERGY_MODES)}, got {mode!r}")
    p = load_plan(plan)
    T = p.T
    slug, e0, cap, R = unit_targets(unit, plan=p)
    if e0 is None or cap is None:  # a total in words or none: no cap, so no double-control map (never a made-up one)
        raise ScenarioError(f"plan {p.id} states its total in words or not at all: no double-control map")
    default_pace = {"intensity_cut": np.linspace(0, 0.06, 61), "energy_elasticity": np.linspace(0, 1.5, 61),
                    "energy_growth": np.linspace(0, 0.20, 81)}[mode]
    if gdp_growth is None:
        gg = np.round(np.linspace(0, 0.20, 81), 6)
    else:  # every value checked: a percent for a fraction (5 for 0.05) is refused with a hint
        gg = np.array([checks.growth(v, f"feasibility_grid: gdp_growth[{i}]")
                       for i, v in enumerate(checks.sequence(gdp_growth, "feasibility_grid: gdp_growth"))], float)
    if pace is None:
        pp = np.round(default_pace, 6)
    else:
        pp = np.array([checks.parameter(mode, v, f"feasibility_grid: pace[{i}] ({mode})")
                       for i, v in enumerate(checks.sequence(pace, "feasibility_grid: pace"))], float)
    for name, arr in (("gdp_growth", gg), ("pace", pp)):
        if arr.size == 0:
            raise ScenarioError(f"feasibility_grid: {name} is empty")
    G, P = np.meshgrid(gg, pp, indexing="xy")
    e_end, y_end, _, _ = energy_paths(np.array([e0]), np.zeros((1, T)), np.array([MODE_CODE[mode]]),
                                      np.zeros((1, T)), dg=G.reshape(-1, 1), dp=P.reshape(-1, 1), keep=0)
    e20 = e_end[:, 0]
    cut = 1 - (e20 / e0) / y_end[:, 0]
    im = cut + _EPS >= R
    cm = e20 <= cap * (1 + _EPS)
    status = np.where(im & cm, "both", np.where(im, "intensity_only", np.where(cm, "cap_only", "neither")))
    cols = {"gdp_growth": G.ravel(), "pace": P.ravel(), "mode": mode, "energy_target_10k_tce": e20,
            "cumulative_cut": cut, "intensity_met": im, "cap_met": cm}
    tg = p.targets(slug)
    if p.has_incentive and slug != REGION and tg.incentive_cut is not None:
        inc = (cut + _EPS >= tg.incentive_cut) & im  # no grade better than the basic target allows
        cols["incentive_met"] = inc
        if tg.total_exemption == "incentive_met":
            status = np.where(inc & ~cm, "exempt", status)
    out = pd.DataFrame({**cols, "status": status})
    out.attrs.update(plan=p.id, base_year=p.base_year, target_year=p.target_year)
    return out


# ------------------------------------------------------------------------ the double-control map
@dataclass(frozen=True)
class GridSpec:
    """The axes of a feasibility grid: constant GDP growth from 0 to ``growth_max`` in ``growth_points``
    values × constant pace (of ``mode``) from 0 to ``pace_max`` in ``pace_points`` values, each rounded to
    6 decimals. One spec serves a chart and the data bundle that carries its numbers.

    Attributes
    ----------
    growth_max : float
        The upper end of the GDP growth axis, a fraction per year.
    growth_points : int
        The number of growth values, 0 and ``growth_max`` included.
    pace_max : float
        The upper end of the pace axis (an annual intensity cut, a fraction per year, for ``intensity_cut``).
    pace_points : int
        The number of pace values, 0 and ``pace_max`` included.
    mode : str
        The energy mode the pace is (one of ENERGY_MODES).
    """

    growth_max: float = 0.20
    growth_points: int = 201
    pace_max: float = 0.06
    pace_points: int = 151
    mode: str = "intensity_cut"

    @property
    def gdp_growth(self) -> np.ndarray:
        """The growth axis, fractions per year: 0 … ``growth_max``, ``growth_points`` values."""
        return np.round(np.linspace(0, self.growth_max, self.growth_points), 6)

    @property
    def pace(self) -> np.ndarray:
        """The pace axis: 0 … ``pace_max``, ``pace_points`` values."""
        return np.round(np.linspace(0, self.pace_max, self.pace_points), 6)

    def with_max(self, growth_max: float | None = None, pace_max: float | None = None) -> GridSpec:
        """The same spec with other upper ends (as many points).

        Parameters
        ----------
        growth_max : float, optional
            The new upper end of the growth axis (default: unchanged).
        pace_max : float, optional
            The new upper end of the pace axis (default: unchanged).

        Returns
        -------
        GridSpec
            The spec.
        """
        return GridSpec(self.growth_max if growth_max is None else growth_max, self.growth_points,
                        self.pace_max if pace_max is None else pace_max, self.pace_points, self.mode)

    def grid(self, unit: object, *, plan: PlanLike) -> pd.DataFrame:
        """:func:`feasibility_grid` of a unit over this spec's axes.

        Parameters
        ----------
        unit : str or Unit
            A unit's slug, Chinese or English name, or ``"region"``.
        plan : Plan, str or path-like
            The plan (required).

        Returns
        -------
        pandas.DataFrame
            The grid, ``pace_points`` × ``growth_points`` rows, growth varying fastest (so
            ``status.to_numpy().reshape(pace_points, growth_points)`` is the map).
        """
        return feasibility_grid(unit, gdp_growth=self.gdp_growth, pace=self.pace, mode=self.mode, plan=plan)


MAP_GRID = GridSpec()
"""The grid of the briefings' double-control map and of its data bundle table
(``chart_double_control_map_grid``): growth 0-20 %/yr in 201 values × annual intensity cut 0-6 %/yr in
151 values."""

EXPLORER_GRID = GridSpec(growth_max=0.20, growth_points=161, pace_max=0.08, pace_points=121)
"""The grid behind the explorer's double-control map: growth 0-20 %/yr in 161 values × annual intensity
cut 0-8 %/yr in 121 values."""
