"""The projection engine: scenario paths over a plan's period and their compliance with the two controls.

See :mod:`jnjp_analysis.scenarios.definition` for the model. The period, the units and their targets
come from the plan (keyword ``plan``, required: below the pages a plan is never defaulted).

Names say base and target, not years (``energy_target_10k_tce`` is the target year's consumption,
whatever the plan's target year; CHANGELOG.md has the 0.1.0 names).
"""

from __future__ import annotations

import math
import types
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from jnjp_analysis.config import TOL
from jnjp_analysis.errors import ScenarioError
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan.definition import REGION, Plan
from jnjp_analysis.plan.load import required as load_plan
from jnjp_analysis.scenarios.definition import ENERGY_MODES, PlanLike, Scenario, resolve, select_units

_EPS = TOL

MODE_CODE: Mapping[str, int] = types.MappingProxyType({m: i for i, m in enumerate(ENERGY_MODES)})
"""The code of each energy mode in :func:`energy_paths` (``intensity_cut`` 0, ``energy_elasticity`` 1,
``energy_growth`` 2)."""


def energy_paths(e0: np.ndarray, g_mean: np.ndarray, mode: np.ndarray, p_mean: np.ndarray,
                 dg: np.ndarray | None = None, dp: np.ndarray | None = None, keep: int | None = None,
                 clip: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Energy and GDP paths for many draws at once, one vectorised step per year.

    The engine of :func:`project`, :func:`~jnjp_analysis.scenarios.feasibility.feasibility_grid` and
    :func:`~jnjp_analysis.scenarios.montecarlo.monte_carlo`. The period's length T is the number of
    columns of ``g_mean``.

    Parameters
    ----------
    e0 : numpy.ndarray
        (P,) base-year energy of P units, 10^4 tce.
    g_mean : numpy.ndarray
        (P, T) real GDP growth per unit and year of the period, fractions per year.
    mode : numpy.ndarray
        (P,) codes of the units' energy modes (:data:`MODE_CODE`).
    p_mean : numpy.ndarray
        (P, T) the energy parameter per unit and year (cut or energy growth as fractions, or elasticity).
    dg, dp : numpy.ndarray, optional
        (N, P) deviations of each of N draws from ``g_mean`` and ``p_mean``, held over the period
        (default: one draw, no deviation).
    keep : int, optional
        How many leading draws keep their full paths (default all).
    clip : bool, default False
        Bound growth above −95 % and cuts to (−0.95, 0.95) (Monte Carlo only; the deterministic path is
        checked instead).

    Returns
    -------
    tuple of numpy.ndarray
        Target-year energy (N, P) in 10^4 tce, target-year GDP index (N, P) (base year = 1), energy paths
        (keep, P, T + 1) and GDP index paths (keep, P, T + 1), paths with the base year first.
    """
    P = len(e0)
    dg = np.zeros((1, P)) if dg is None else dg
    dp = np.zeros((1, P)) if dp is None else dp
    N = max(dg.shape[0], dp.shape[0])
    dg = np.broadcast_to(dg, (N, P))
    dp = np.broadcast_to(dp, (N, P))
    keep = N if keep is None else min(keep, N)
    energy = np.empty((N, P))
    energy[:] = e0
    gdp = np.ones((N, P))
    g = np.empty((N, P))  # work buffers, reused every year (in-place ufuncs: no temporaries)
    f = np.empty((N, P))
    T = g_mean.shape[1]
    e_path = np.empty((keep, P, T + 1))
    y_path = np.empty((keep, P, T + 1))
    e_path[:, :, 0] = e0
    y_path[:, :, 0] = 1.0
    groups = [(code, np.flatnonzero(mode == code)) for code in range(len(ENERGY_MODES)) if (mode == code).any()]
    for t in range(T):
        np.add(dg, g_mean[:, t], out=g)
        if clip:
            np.maximum(g, -0.95, out=g)
        np.add(g, 1.0, out=f)
        gdp *= f
        np.add(dp, p_mean[:, t], out=f)  # f = this year's energy parameter
        for code, cols in groups:
            whole = len(cols) == P
            fc = f if whole else f[:, cols]
            gc = g if whole else g[:, cols]
            if code == 0:  # intensity cut: (1 + g)(1 − r)
                if clip:
                    np.clip(fc, -0.95, 0.95, out=fc)
                np.subtract(1.0, fc, out=fc)
                fc *= 1.0 + gc
            elif code == 1:  # elasticity: 1 + ε·g
                fc *= gc
                fc += 1.0
            else:  # energy growth: 1 + e
                if clip:
                    np.maximum(fc, -0.95, out=fc)
                fc += 1.0
            if not whole:
                f[:, cols] = fc
        energy *= f
        if keep:
            e_path[:, :, t + 1] = energy[:keep]
            y_path[:, :, t + 1] = gdp[:keep]
    return energy, gdp, e_path, y_path


def unit_targets(unit: object, *, plan: PlanLike) -> tuple[str, float | None, float | None, float]:
    """(slug, E_B, cap, cumulative cut R) of a unit, or of ``"region"``: the sums of the units'
    consumption and caps with the plan body's regional cut (for Tibet 456, 717 and the 10 % of
    clause (二)). For constant rates shared by all units the region behaves exactly like such a unit.

    Parameters
    ----------
    unit : str or Unit
        A unit's slug, name as printed, short or English name, or ``"region"`` / ``"全区"`` for the whole
        region.
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    tuple of (str, float, float, float)
        The slug (or ``"region"``), E_B (base-year consumption, 10^4 tce), the target-year cap E_B + ΔE
        (10^4 tce) and R (a fraction).

    Raises
    ------
    JnjpError
        If the unit is unknown.
    """
    key = "region" if isinstance(unit, str) and unit.strip() == "全区" else unit
    key = key if isinstance(key, str) else getattr(key, "slug", key)
    t = load_plan(plan).targets(key)
    return t.unit, t.energy_base_10k_tce, t.cap_target_10k_tce, t.R


def _plan_attrs(df: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    df.attrs.update(plan=plan.id, plan_folder=str(plan.folder), base_year=plan.base_year,
                    target_year=plan.target_year)
    return df


def project(scenario: Scenario | str, units: Iterable[str] | None = None,
            pollutant_base: pd.DataFrame | None = None, *, plan: PlanLike) -> pd.DataFrame:
    """Year-by-year projection over the plan's period, one row per unit × year plus region rows.

    Columns: ``scenario``, ``unit`` (unit slug or ``region``), ``year``, ``gdp_growth``,
    ``gdp_index`` (base year = 1), ``energy_10k_tce``, ``energy_growth``, ``intensity_index`` (base
    year = 1), ``annual_cut``, ``cumulative_cut``, ``cap_path_10k_tce`` (even geometric path to the cap)
    and, where ``pollutant_base`` (unit, pollutant, ``emissions_base_10k_t``: the base year's
    emissions) and the scenario's pollutant growth are both given, ``<pollutant>_10k_t``.

    Region rows sum energy. Regional GDP (and so intensity) needs base-year GDP weights that the plan
    package does not hold: it is aggregated only where every unit has the same GDP growth path (then
    it is exact); otherwise those cells are NaN and ``attrs['region_note']`` says why.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or the name of one in the plan's scenario file.
    units : iterable of str, optional
        Slugs or names of the units to project (default: all the scenario covers); distinct.
    pollutant_base : pandas.DataFrame, optional
        Base-year emissions with the columns ``unit``, ``pollutant`` and ``emissions_base_10k_t``
        (10^4 t; the 0.1.0 name, whatever the base year).
    plan : Plan, str or path-like
        The plan to project on (required).

    Returns
    -------
    pandas.DataFrame
        T + 1 rows (base year to target year) per unit and for the region, with the columns above: growth
        rates and cuts are fractions (NaN in the base year), indices have base year = 1, ``*_10k_tce`` in
        10^4 tce, ``<pollutant>_10k_t`` in 10^4 t. ``attrs`` holds ``region_note``, ``units``, and the plan
        (``plan``, ``plan_folder``, ``base_year``, ``target_year``), which :func:`compliance` reads.

    Raises
    ------
    ScenarioError
        If the scenario name is unknown, its years are not the plan's, a unit is named twice or the
        scenario has no rows for it.
    JnjpError
        If a unit is unknown or ``units`` is not a non-empty list of names.
    """
    sc, p = resolve(scenario, plan)
    slugs = select_units(sc, units, plan=p)
    targets = [p.targets(s) for s in slugs]
    g = sc.gdp_growth.loc[slugs].to_numpy(float)
    par = sc.energy_param.loc[slugs].to_numpy(float)
    mode = np.array([MODE_CODE[m] for m in sc.energy_mode.loc[slugs]])
    # a total in words or none: consumption is projected on a base of 1 (intensity and growth are scale-free) and
    # its columns are NaN: no consumption number is made up
    numeric = p.has_numeric_total
    e0 = np.array([t.energy_base_10k_tce if numeric else 1.0 for t in targets], float)
    _, _, energy_p, gdp_p = energy_paths(e0, g, mode, par)
    energy, gdp = energy_p[0], gdp_p[0]
    years = np.array(p.all_years)
    nan_path = np.full(len(years), np.nan)
    frames = []
    for i, slug in enumerate(slugs):
        cp = (trajectory.cap_path(e0[i], targets[i].increment_10k_tce, years=p.years)["energy_10k_tce"].to_numpy()
              if numeric else np.full(len(years), np.nan))
        frames.append(_frame(sc.name, slug, years, np.r_[np.nan, g[i]], gdp[i], energy[i], cp))
    uniform = bool(np.allclose(g, g[:1], rtol=0, atol=1e-12))
    e_reg = energy.sum(axis=0)
    cp_reg = sum(f["cap_path_10k_tce"].to_numpy() for f in frames)
    region = _frame(sc.name, REGION, years, np.r_[np.nan, g[0]] if uniform else nan_path,
                    gdp[0] if uniform else nan_path, e_reg, cp_reg)
    out = pd.concat(frames + [region], ignore_index=True)
    if not numeric:
        out["energy_10k_tce"] = np.nan
        if len(slugs) > 1:  # units' consumption on a base of 1 each: no weights to sum the region's intensity by
            out.loc[out["unit"] == REGION, ["energy_growth", "intensity_index", "annual_cut", "cumulative_cut"]] = np.nan
    if pollutant_base is not None and sc.pollutant_growth:
        out = _add_pollutants(out, sc, slugs, pollutant_base)
    out.attrs["region_note"] = ("region GDP and intensity exact: all prefectures share one GDP path" if uniform else
                                "region GDP and intensity not aggregated: prefectures grow at different rates and "
                                "the plan package holds no base-year GDP weights")
    out.attrs["units"] = {"energy_10k_tce": "10^4 tce", "cap_path_10k_tce": "10^4 tce"}
    return _plan_attrs(out, p)


def _frame(name, slug, years, g, gdp, energy, cap_path) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        inten = (energy / energy[0]) / gdp
        annual = np.r_[np.nan, 1.0 - inten[1:] / inten[:-1]]
        eg = np.r_[np.nan, energy[1:] / energy[:-1] - 1.0]
    return pd.DataFrame({"scenario": name, "unit": slug, "year": years.astype("int64"), "gdp_growth": g,
                         "gdp_index": gdp, "energy_10k_tce": energy, "energy_growth": eg, "intensity_index": inten,
                         "annual_cut": annual, "cumulative_cut": 1.0 - inten, "cap_path_10k_tce": cap_path})



def _add_pollutants(out: pd.DataFrame, sc: Scenario, slugs: list[str], base: pd.DataFrame) -> pd.DataFrame:
    b = base.set_index(["unit", "pollutant"])["emissions_base_10k_t"]
    for pol, gr in sc.pollutant_growth.items():
        col = np.full(len(out), np.nan)
        for slug in slugs:
            if slug in gr.index and (slug, pol) in b.index:
                path = float(b.loc[(slug, pol)]) * np.r_[1.0, np.cumprod(1.0 + gr.loc[slug].to_numpy(float))]
                col[(out["unit"] == slug).to_numpy()] = path
        out[f"{pol}_10k_t"] = col
    return out


def _plan_of(projection: pd.DataFrame, plan: PlanLike) -> Plan:
    """The plan of a :func:`project` table: ``plan`` (required); the table's years must be the plan's (the target year among them) and its units the
    plan's."""
    p = load_plan(plan)
    if not len(projection):
        return p
    yrs = tuple(sorted(set(int(y) for y in projection["year"])))
    if p.target_year not in yrs or not set(yrs) <= set(p.all_years):
        raise ScenarioError(f"compliance: the projection runs {yrs[0]}-{yrs[-1]}, but plan {p.id} runs "
                            f"{p.base_year}-{p.target_year}; pass plan= the plan it was projected on")
    foreign = [u for u in projection["unit"].unique() if u != REGION and u not in p.slugs]
    if foreign:
        raise ScenarioError(f"compliance: the projection has units {foreign} that plan {p.id} does not have "
                            f"(its units: {', '.join(p.slugs)}); pass plan= the plan it was projected on")
    return p


def compliance(projection: pd.DataFrame, *, plan: PlanLike) -> pd.DataFrame:
    """Target-year compliance per unit (and the region) of a :func:`project` table.

    Columns (``target`` is the plan's target year): ``scenario``, ``unit``,
    ``gdp_growth_avg``, ``energy_target_10k_tce``, ``cap_target_10k_tce``, ``cumulative_cut``,
    ``target_cut``, ``intensity_met``, ``cap_met``, ``both_met``, ``allowed_by_intensity_10k_tce``
    (E_B·Y_{B+T}·(1 − R)), ``allowed_target_10k_tce`` (the smaller allowance), ``binding``
    (``intensity``/``cap``/``both``), ``headroom_10k_tce`` (allowed − projected; negative = over), and
    pollutant ``<p>_met`` where projected. A plan with an incentive level adds ``incentive_cut``,
    ``incentive_met``, ``total_exempt`` (the cap missed, but the incentive cut met by a unit its plan
    exempts from the total check then) and ``double_control_met`` (intensity met, and the cap met or
    exempt). The region's target cut is the plan body's regional cut
    (:meth:`Plan.targets` ``("region")``), its cap the sum of the projected units' caps (Tibet's plan
    body states no regional energy cap); its intensity is NaN where not aggregable.

    Parameters
    ----------
    projection : pandas.DataFrame
        A :func:`project` table (one or more scenarios).
    plan : Plan, str or path-like
        The plan whose targets apply (required).

    Returns
    -------
    pandas.DataFrame
        One row per scenario × unit (region included), with the columns above: ``gdp_growth_avg`` a
        fraction per year, ``cumulative_cut`` and ``target_cut`` fractions, ``*_10k_tce`` in 10^4 tce,
        ``*_met`` bool (``intensity_met`` and ``both_met`` None where intensity is NaN), ``binding``
        ``"n/a"`` where the intensity allowance is NaN. ``attrs`` names the plan, as :func:`project`.

    Raises
    ------
    ScenarioError
        If the table does not reach the plan's target year (projected on another plan).
    """
    p = _plan_of(projection, plan)
    e = p.energy_targets().set_index("unit")
    regional_cut = p.targets(REGION).R
    caps = p.pollutant_caps().set_index(["unit", "pollutant"])["cap_target_10k_t"]
    target, T = p.target_year, p.T
    rows = []
    for (sc, slug), grp in projection.groupby(["scenario", "unit"], sort=False):
        grp = grp.set_index("year")
        if slug == REGION:
            members = [s for s in projection["unit"].unique() if s != REGION]
            R = regional_cut
            e0 = float(e.loc[members, "energy_base_10k_tce"].sum()) if p.has_numeric_total else math.nan
            cap = float(e.loc[members, "cap_target_10k_tce"].sum()) if p.has_numeric_total else math.nan
        else:
            R = float(e.loc[slug, "intensity_cut"])
            # a total in words or none: no base, no cap (NaN), the cap graded by none (cap_met None)
            e0 = float(e.loc[slug, "energy_base_10k_tce"]) if p.has_numeric_total else math.nan
            cap = float(e.loc[slug, "cap_target_10k_tce"]) if p.has_numeric_total else math.nan
        e20 = float(grp.loc[target, "energy_10k_tce"])
        y20 = float(grp.loc[target, "gdp_index"])
        cut = float(grp.loc[target, "cumulative_cut"])
        by_int = e0 * y20 * (1.0 - R)
        allowed = min(by_int, cap) if not math.isnan(by_int) else cap
        if math.isnan(by_int):
            binding = "n/a"
        elif abs(by_int - cap) <= _EPS * max(1.0, cap):
            binding = "both"
        else:
            binding = "intensity" if by_int < cap else "cap"
        int_met = (cut + _EPS >= R) if not math.isnan(cut) else None
        cap_met = e20 <= cap * (1 + _EPS) if not math.isnan(cap) else None
        row = dict(scenario=sc, unit=slug, gdp_growth_avg=y20 ** (1 / T) - 1 if not math.isnan(y20) else math.nan,
                   energy_target_10k_tce=e20, cap_target_10k_tce=cap, cumulative_cut=cut, target_cut=R,
                   intensity_met=int_met, cap_met=None if cap_met is None else bool(cap_met),
                   both_met=(None if int_met is None else bool(int_met) if cap_met is None
                             else bool(int_met and cap_met)),
                   allowed_by_intensity_10k_tce=by_int, allowed_target_10k_tce=allowed, binding=binding,
                   headroom_10k_tce=allowed - e20)
        if p.has_incentive:  # only a plan with an incentive level has these columns (Tibet's 13th: none)
            t = p.targets(slug)
            inc = float(t.incentive_cut) if t.incentive_cut is not None else math.nan
            # the incentive level counts only where the basic one is met too (and nowhere the plan states none)
            inc_met = bool(int_met and cut + _EPS >= inc) if not math.isnan(cut) else None
            exempt = bool(inc_met) and t.total_exemption == "incentive_met" and not cap_met
            row.update(incentive_cut=inc, incentive_met=inc_met, total_exempt=exempt,
                       double_control_met=(bool(int_met and (cap_met or exempt)) if int_met is not None else None))
        for pol in (q.slug for q in p.pollutants):
            col = f"{pol}_10k_t"
            if col in grp and slug != REGION and not math.isnan(grp.loc[target, col]):
                row[f"{pol}_met"] = bool(grp.loc[target, col] <= caps.loc[(slug, pol)] + _EPS)
        rows.append(row)
    return _plan_attrs(pd.DataFrame(rows), p)


def compliance_table(sset: Mapping[str, Scenario] | Iterable[Scenario], *, plan: PlanLike) -> pd.DataFrame:
    """:func:`compliance` of several scenarios (a :func:`~jnjp_analysis.scenarios.definition.read_scenarios`
    result or a list), stacked in order.

    Parameters
    ----------
    sset : Mapping[str, Scenario] or iterable of Scenario
        The scenarios, e.g. ``scenarios.read_scenarios()``.
    plan : Plan, str or path-like
        The plan to project on (required).

    Returns
    -------
    pandas.DataFrame
        The :func:`compliance` tables of all the scenarios' projections, one after another, with a fresh index.
    """
    items = list(sset.values()) if isinstance(sset, Mapping) else list(sset)
    return pd.concat([compliance(project(s, plan=plan), plan=plan) for s in items], ignore_index=True)
