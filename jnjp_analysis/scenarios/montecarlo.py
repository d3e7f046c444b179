"""Monte Carlo around a scenario over its plan's period (vectorised over draws, seeded, chunked)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from jnjp_analysis import checks
from jnjp_analysis.config import DEFAULT_SEED, TOL
from jnjp_analysis.errors import JnjpError, ScenarioError
from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.scenarios.definition import ENERGY_MODES, PlanLike, Scenario, resolve, select_units
from jnjp_analysis.scenarios.projection import MODE_CODE, energy_paths

_EPS = TOL


# ---------------------------------------------------------------------------------- Monte Carlo
@dataclass(frozen=True)
class MonteCarloResult:
    """``probabilities``: per unit (and ``region`` for the sum of energy against the sum of
    caps) the share of draws meeting the intensity control, the cap, and both, in the plan's target year. ``quantiles``: tidy
    (unit, year, quantity, quantile, value) for ``energy_10k_tce`` and ``intensity_index``.
    ``assumptions``: the distributions used.

    Attributes
    ----------
    scenario : str
        The scenario's name.
    n : int
        The number of draws.
    seed : int
        The seed of ``numpy.random.default_rng``.
    probabilities : pandas.DataFrame
        Columns ``unit`` (slug, then ``region``), ``p_intensity``, ``p_cap``, ``p_both`` (shares of draws,
        fractions; NaN for the region's intensity and both) and ``n``; for a plan with an incentive level
        also ``p_incentive`` (the incentive cut met) and ``p_double_control`` (both met, or the incentive
        cut met by a unit exempt from the total check then), NaN for the region.
    quantiles : pandas.DataFrame
        Columns ``unit``, ``year`` (base year to target year, 2015-2020 for Tibet; the base year is known),
        ``quantity`` (``energy_10k_tce`` in 10^4 tce or ``intensity_index`` with base year = 1), ``quantile`` (a
        fraction) and ``value``.
    assumptions : Mapping[str, object]
        ``sd``, ``correlation``, ``distribution``, ``quantile_draws``, ``seed`` and ``chunk``.
    """

    scenario: str
    n: int
    seed: int
    probabilities: pd.DataFrame
    quantiles: pd.DataFrame
    assumptions: Mapping[str, object]


DEFAULT_SD = {"gdp_growth": 0.015, "intensity_cut": 0.008, "energy_elasticity": 0.15, "energy_growth": 0.015}
DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
# unit-draws in one vectorised chunk by default (draws × units): ≈ 25 MB for each path array of a
# 5-year plan, however many units the plan has (it was 65,536 draws whatever the units: 1.2 GB of
# temporaries for 60 units)
CHUNK_UNIT_DRAWS = 2 ** 19


def monte_carlo(n: int, seed: int = DEFAULT_SEED, scenario: Scenario | str = "central",
                units: Iterable[str] | None = None, sd: Mapping[str, float] | None = None,
                correlation: float = 0.5, quantiles: Iterable[float] = DEFAULT_QUANTILES,
                quantile_draws: int = 50_000, chunk: int | None = None, *, plan: PlanLike) -> MonteCarloResult:
    """Monte Carlo around a scenario.

    Uncertain inputs, all normal and *persistent over the period* (a draw is one possible outcome
    over the plan's years, 2016-2020 for Tibet, so it is the level of growth and pace that is
    uncertain, not year-to-year noise, which would largely cancel out over the period):

    * GDP growth of unit p: scenario path + sd_g·(√ρ·z_common + √(1 − ρ)·z_p), with
      ``sd['gdp_growth']`` (default 1.5 pp) and ``correlation`` ρ (default 0.5) between units
      (they share the region's fiscal transfers and investment cycle);
    * the energy parameter of p (intensity cut, elasticity or energy growth): scenario path +
      sd·z'_p, independent across units (defaults: cut 0.8 pp/yr, elasticity 0.15, energy
      growth 1.5 pp/yr).

    Growth is clipped above −95 %, cuts to (−0.95, 0.95). Probabilities use all ``n`` draws; the
    fan-chart quantiles use the first ``quantile_draws`` (default 5·10^4: the 5 % quantile's
    sampling error is then ~0.1 percentage point of probability).

    Seeded (``numpy.random.default_rng(seed)``, drawn chunk by chunk in a fixed order): the same
    seed and n give the same numbers, whatever the chunk (each draw takes the next values of the
    stream). Vectorised over draws in chunks of ``chunk`` draws to bound memory; no Python loop over
    draws. With every sd 0 each draw equals :func:`project`.

    Parameters
    ----------
    n : int
        The number of draws (≥ 1).
    seed : int, default DEFAULT_SEED
        The random seed, a whole number ≥ 0.
    scenario : Scenario or str, default "central"
        The scenario around which to draw, or the name of one in the plan's scenario file.
    units : iterable of str, optional
        Slugs or names of the units (default: all the scenario covers); distinct.
    sd : Mapping[str, float], optional
        Standard deviations (≥ 0) overriding DEFAULT_SD, keyed ``gdp_growth``, ``intensity_cut``,
        ``energy_growth`` (fractions per year) or ``energy_elasticity``.
    correlation : float, default 0.5
        ρ, the correlation of GDP growth between units, in [0, 1].
    quantiles : iterable of float, default DEFAULT_QUANTILES
        The fan-chart quantiles, each in [0, 1].
    quantile_draws : int, default 50_000
        How many of the first draws the quantiles use (≥ 0); 0 for no quantiles (``quantiles`` is then
        an empty table with its columns): the probabilities alone, without holding any draw's path
        (the overview, which shows no fan chart, of a plan with many units).
    chunk : int, optional
        Draws per vectorised chunk (≥ 1); by default :data:`CHUNK_UNIT_DRAWS` unit-draws a chunk, at
        most 65,536 draws (65,536 for Tibet's 7 units; 8,738 for 60 units): the memory a chunk takes
        does not grow with the plan's units.
    plan : Plan, str or path-like
        The plan whose targets and period apply (required).

    Returns
    -------
    MonteCarloResult
        The probabilities of meeting the controls, the quantiles by year and the assumptions used.

    Raises
    ------
    ScenarioError
        If ``n``, ``seed``, ``chunk`` or ``correlation`` is invalid, an ``sd`` key is unknown or its value
        negative, a quantile lies outside [0, 1], the scenario is unknown or its years are not the plan's, or
        it has no rows for a unit.
    JnjpError
        If an ``sd`` value is not a finite number or a unit is unknown.
    """
    try:
        n = checks.count(n, "monte_carlo: n")
        seed = checks.seed(seed, "monte_carlo: seed")
        if chunk is not None:
            chunk = checks.count(chunk, "monte_carlo: chunk")
        rho = checks.fraction(correlation, "monte_carlo: correlation", 0.0, 1.0, closed_high=True)
    except JnjpError as exc:
        raise ScenarioError(str(exc)) from None
    sdv = {**DEFAULT_SD, **(sd or {})}
    for key, v in sdv.items():
        if key not in DEFAULT_SD:
            raise ScenarioError(f"monte_carlo: unknown sd key {key!r}; valid: {', '.join(DEFAULT_SD)}")
        if checks.number(v, f"monte_carlo: sd[{key!r}]") < 0:
            raise ScenarioError(f"monte_carlo: sd[{key!r}] = {v!r} must be a number >= 0")
    qs = np.asarray(list(quantiles), float)
    if qs.size == 0 or np.isnan(qs).any() or ((qs < 0) | (qs > 1)).any():
        raise ScenarioError("monte_carlo: quantiles must lie in [0, 1]")
    sc, p = resolve(scenario, plan)
    slugs = select_units(sc, units, plan=p)
    T = p.T
    tg = p.energy_targets().set_index("unit").loc[slugs]
    # a total in words or none: consumption is drawn on a base of 1 (intensity is scale-free), its cap is
    # infinite (nothing to miss), and no consumption number or consumption probability is reported (NaN)
    numeric = p.has_numeric_total
    e0 = tg["energy_base_10k_tce"].to_numpy(float) if numeric else np.ones(len(slugs))
    cap = tg["cap_target_10k_tce"].to_numpy(float) if numeric else np.full(len(slugs), np.inf)
    R = tg["intensity_cut"].to_numpy(float)
    incentive = p.has_incentive  # a basic and an incentive level (1310号's 基本目标 / 激励目标)
    exempt = incentive and tg["total_exemption"].eq("incentive_met").to_numpy()
    inc_allow = e0 * (1.0 - tg["incentive_cut"].to_numpy(float) + _EPS) if incentive else None
    g_mean = sc.gdp_growth.loc[slugs].to_numpy(float)
    p_mean = sc.energy_param.loc[slugs].to_numpy(float)
    modes = np.array([MODE_CODE[m] for m in sc.energy_mode.loc[slugs]])
    P = len(slugs)
    if chunk is None:
        chunk = max(1, min(65_536, CHUNK_UNIT_DRAWS // P))
    par_sd = np.array([sdv[ENERGY_MODES[m]] for m in modes])
    a_common, a_own = math.sqrt(rho), math.sqrt(1.0 - rho)
    rng = np.random.default_rng(seed)
    try:
        nq = min(n, checks.count(quantile_draws, "monte_carlo: quantile_draws", minimum=0))
    except JnjpError as exc:
        raise ScenarioError(str(exc)) from None
    energy_q = np.empty((nq, P, T), dtype=np.float32)
    inten_q = np.empty((nq, P, T), dtype=np.float32)
    hits_int = np.zeros(P, dtype=np.int64)
    hits_cap = np.zeros(P, dtype=np.int64)
    hits_both = np.zeros(P, dtype=np.int64)
    hits_inc = np.zeros(P, dtype=np.int64)
    hits_dc = np.zeros(P, dtype=np.int64)
    hits_region = 0
    cap_region = cap.sum()
    int_allow = e0 * (1.0 - R + _EPS)
    cap_allow = cap * (1 + _EPS)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        z = rng.standard_normal((m, 2 * P + 1))
        dg = sdv["gdp_growth"] * (a_common * z[:, :1] + a_own * z[:, 1:P + 1])
        dp = par_sd * z[:, P + 1:]
        k = max(0, min(m, nq - start))
        e_end, y_end, e_path, y_path = energy_paths(e0, g_mean, modes, p_mean, dg, dp, keep=k, clip=True)
        # intensity met: 1 − (E/E0)/Y ≥ R  ⇔  E ≤ Y·E0·(1 − R)  (one multiply, no temporaries of ratios)
        incm = e_end <= y_end * inc_allow if inc_allow is not None else None
        y_end *= int_allow
        im = e_end <= y_end
        if incm is not None:
            incm &= im  # no grade better than the basic target allows
        cm = e_end <= cap_allow
        hits_int += np.count_nonzero(im, axis=0)
        hits_cap += np.count_nonzero(cm, axis=0)
        im &= cm
        hits_both += np.count_nonzero(im, axis=0)
        if incm is not None:  # double control with the exemption: both met, or the incentive level met
            hits_inc += np.count_nonzero(incm, axis=0)
            hits_dc += np.count_nonzero(im | (incm & exempt), axis=0)
        hits_region += int(np.count_nonzero(e_end.sum(axis=1) <= cap_region * (1 + _EPS)))
        if k:
            energy_q[start:start + k] = e_path[:, :, 1:]
            inten_q[start:start + k] = (e_path[:, :, 1:] / e0[:, None]) / y_path[:, :, 1:]
    probs = pd.DataFrame({"unit": slugs, "p_intensity": hits_int / n, "p_cap": hits_cap / n,
                          "p_both": hits_both / n, "n": n})
    region_row = {"unit": REGION, "p_intensity": np.nan, "p_cap": hits_region / n, "p_both": np.nan, "n": n}
    if not numeric:  # no numeric total: double control is the intensity cut alone, no cap probability
        probs["p_cap"] = np.nan
        probs["p_both"] = probs["p_intensity"]
        region_row["p_cap"] = np.nan
    if incentive:  # only a plan with an incentive level has these columns (Tibet's 13th: none)
        probs.insert(4, "p_incentive", hits_inc / n)
        probs.insert(5, "p_double_control", hits_dc / n)
        region_row.update(p_incentive=np.nan, p_double_control=np.nan)
    probs = pd.concat([probs, pd.DataFrame([region_row])[probs.columns]], ignore_index=True)
    years = np.array(p.years)
    recs = []
    Q = len(qs)
    for qty, arr, base in (("energy_10k_tce", energy_q, e0), ("intensity_index", inten_q, np.ones(P))):
        if nq == 0 or (qty == "energy_10k_tce" and not numeric):  # no consumption number without a base
            continue
        # unit by unit: the quantiles' sorting copies hold one unit's draws, not every unit's
        qv = np.stack([np.quantile(np.ascontiguousarray(arr[:, u, :].T), qs, axis=1) for u in range(P)],
                      axis=1).astype(float)  # (Q, P, T)
        qv = np.concatenate([np.broadcast_to(base[None, :, None], (Q, P, 1)), qv], axis=2)  # the base is known
        recs.append(pd.DataFrame({
            "unit": np.tile(np.repeat(slugs, T + 1), Q),
            "year": np.tile(np.r_[p.base_year, years], P * Q).astype("int64"),
            "quantity": qty,
            "quantile": np.repeat(qs, P * (T + 1)),
            "value": qv.reshape(-1),
        }))
    assumptions = {"sd": sdv, "correlation": rho, "distribution": f"normal, persistent over {years[0]}-{years[-1]}",
                   "quantile_draws": nq, "seed": seed, "chunk": chunk}
    qcols = ["unit", "year", "quantity", "quantile", "value"]
    quant = (pd.concat(recs, ignore_index=True) if recs else
             pd.DataFrame({"unit": pd.Series(dtype=object), "year": pd.Series(dtype="int64"),
                           "quantity": pd.Series(dtype=object), "quantile": pd.Series(dtype=float),
                           "value": pd.Series(dtype=float)})[qcols])
    return MonteCarloResult(sc.name, int(n), int(seed), probs, quant, assumptions)

