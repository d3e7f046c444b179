"""The projection engine: scenario paths to 2020 and their compliance with the two controls.

See :mod:`jnjp_analysis.scenarios` for the model; this module was split out of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from jnjp_analysis import BASE_YEAR, TARGET_YEAR, T, checks
from jnjp_analysis.config import TOL
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan import units as prefectures
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.scenarios.definition import ENERGY_MODES, Scenario, ScenarioError, get

_EPS = TOL



_MODE_CODE = {m: i for i, m in enumerate(ENERGY_MODES)}


def _energy_paths(e0: np.ndarray, g_mean: np.ndarray, mode: np.ndarray, p_mean: np.ndarray,
                  dg: np.ndarray | None = None, dp: np.ndarray | None = None, keep: int | None = None,
                  clip: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Energy and GDP paths for many draws at once, one vectorised step per year.

    ``e0``: (P,) 2015 energy (10^4 tce). ``g_mean``, ``p_mean``: (P, 5) GDP growth and energy
    parameter per year; ``mode``: (P,) codes of ENERGY_MODES; ``dg``, ``dp``: (N, P) deviations of
    each draw, held over the period (default: one draw, no deviation). ``keep``: how many leading
    draws keep their full paths (default all). ``clip``: bound growth above −95 % and cuts to
    (−0.95, 0.95) (Monte Carlo only; the deterministic path is checked instead).

    Returns (energy_2020 (N, P), gdp_index_2020 (N, P), energy paths (keep, P, 6), gdp paths
    (keep, P, 6)), paths with the base year first.
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


def unit_targets(prefecture: object) -> tuple[str, float, float, float]:
    """(slug, E_2015, cap 2020, cumulative cut R) of a prefecture, or of ``"region"``: the sum of
    the annexes' consumption and caps (456, 717) with the regional 10 % cut of clause (二). For
    constant rates shared by all prefectures the region behaves exactly like such a unit.

    Parameters
    ----------
    prefecture : str or Prefecture
        A slug, Chinese or English name, or ``"region"`` / ``"全区"`` for the whole region.

    Returns
    -------
    tuple of (str, float, float, float)
        The slug (or ``"region"``), E_2015 (10^4 tce), the 2020 cap E_2015 + ΔE (10^4 tce) and R (a fraction).

    Raises
    ------
    JnjpError
        If the prefecture is unknown.
    """
    from jnjp_analysis.plan.load import load

    key = "region" if isinstance(prefecture, str) and prefecture.strip() == "全区" else prefecture
    t = load().targets(key)
    return t.unit, t.energy_base_10k_tce, t.cap_target_10k_tce, t.intensity_cut


def _targets_for(slugs: list[str]) -> pd.DataFrame:
    return source.energy_targets().set_index("prefecture").loc[slugs]


def _select(sc: Scenario, prefectures_: Iterable[str] | None) -> list[str]:
    if prefectures_ is None:
        return sc.prefectures
    slugs = [prefectures.get(p).slug for p in checks.names(prefectures_, "prefectures")]
    if len(set(slugs)) < len(slugs):
        raise ScenarioError(f"prefectures {list(prefectures_)!r} name a prefecture twice")
    missing = [s for s in slugs if s not in sc.prefectures]
    if missing:
        raise ScenarioError(f"scenario {sc.name!r} has no rows for {missing}; it covers {sc.prefectures}")
    return slugs


def project(scenario: Scenario | str, prefectures: Iterable[str] | None = None,
            pollutant_base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year-by-year projection 2015-2020, one row per prefecture × year plus region rows.

    Columns: ``scenario``, ``prefecture`` (slug or ``region``), ``year``, ``gdp_growth``,
    ``gdp_index`` (2015 = 1), ``energy_10k_tce``, ``energy_growth``, ``intensity_index`` (2015 = 1),
    ``annual_cut``, ``cumulative_cut``, ``cap_path_10k_tce`` (even geometric path to the cap) and,
    where ``pollutant_base`` (prefecture, pollutant, ``emissions_2015_10k_t``) and the scenario's
    pollutant growth are both given, ``<pollutant>_10k_t``.

    Region rows sum energy. Regional GDP (and so intensity) needs base-year GDP weights that
    ``data/plans/xizang-13fyp/`` does not hold: it is aggregated only where every prefecture has the same GDP
    growth path (then it is exact); otherwise those cells are NaN and ``attrs['region_note']``
    says why.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or the name of a shipped one.
    prefectures : iterable of str, optional
        Slugs or names of the prefectures to project (default: all the scenario covers); distinct.
    pollutant_base : pandas.DataFrame, optional
        2015 emissions with the columns ``prefecture``, ``pollutant`` and ``emissions_2015_10k_t`` (10^4 t).

    Returns
    -------
    pandas.DataFrame
        Six rows (2015-2020) per prefecture and for the region, with the columns above: growth rates and cuts
        are fractions (NaN in 2015), indices have 2015 = 1, ``*_10k_tce`` in 10^4 tce, ``<pollutant>_10k_t``
        in 10^4 t. ``attrs`` holds ``region_note`` and ``units``.

    Raises
    ------
    ScenarioError
        If the scenario name is unknown, a prefecture is named twice or the scenario has no rows for it.
    JnjpError
        If a prefecture is unknown or ``prefectures`` is not a non-empty list of names.
    """
    sc = get(scenario)
    slugs = _select(sc, prefectures)
    tg = _targets_for(slugs)
    g = sc.gdp_growth.loc[slugs].to_numpy(float)
    par = sc.energy_param.loc[slugs].to_numpy(float)
    mode = np.array([_MODE_CODE[m] for m in sc.energy_mode.loc[slugs]])
    e0 = tg["energy_2015_10k_tce"].to_numpy(float)
    _, _, energy_p, gdp_p = _energy_paths(e0, g, mode, par)
    energy, gdp = energy_p[0], gdp_p[0]
    years = np.arange(BASE_YEAR, TARGET_YEAR + 1)
    frames = []
    for i, slug in enumerate(slugs):
        cp = trajectory.cap_path(e0[i], float(tg.loc[slug, "increment_10k_tce"]))["energy_10k_tce"].to_numpy()
        frames.append(_frame(sc.name, slug, years, np.r_[np.nan, g[i]], gdp[i], energy[i], cp))
    uniform = bool(np.allclose(g, g[:1], rtol=0, atol=1e-12))
    e_reg = energy.sum(axis=0)
    cp_reg = sum(f["cap_path_10k_tce"].to_numpy() for f in frames)
    region = _frame(sc.name, REGION, years, np.r_[np.nan, g[0]] if uniform else np.full(6, np.nan),
                    gdp[0] if uniform else np.full(6, np.nan), e_reg, cp_reg)
    out = pd.concat(frames + [region], ignore_index=True)
    if pollutant_base is not None and sc.pollutant_growth:
        out = _add_pollutants(out, sc, slugs, pollutant_base)
    out.attrs["region_note"] = ("region GDP and intensity exact: all prefectures share one GDP path" if uniform else
                                "region GDP and intensity not aggregated: prefectures grow at different rates and "
                                "data/raw/ holds no base-year GDP weights")
    out.attrs["units"] = {"energy_10k_tce": "10^4 tce", "cap_path_10k_tce": "10^4 tce"}
    return out


def _frame(name, slug, years, g, gdp, energy, cap_path) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        inten = (energy / energy[0]) / gdp
        annual = np.r_[np.nan, 1.0 - inten[1:] / inten[:-1]]
        eg = np.r_[np.nan, energy[1:] / energy[:-1] - 1.0]
    return pd.DataFrame({"scenario": name, "prefecture": slug, "year": years.astype("int64"), "gdp_growth": g,
                         "gdp_index": gdp, "energy_10k_tce": energy, "energy_growth": eg, "intensity_index": inten,
                         "annual_cut": annual, "cumulative_cut": 1.0 - inten, "cap_path_10k_tce": cap_path})


def _add_pollutants(out, sc, slugs, base) -> pd.DataFrame:
    b = base.set_index(["prefecture", "pollutant"])["emissions_2015_10k_t"]
    for pol, gr in sc.pollutant_growth.items():
        col = np.full(len(out), np.nan)
        for slug in slugs:
            if slug in gr.index and (slug, pol) in b.index:
                path = float(b.loc[(slug, pol)]) * np.r_[1.0, np.cumprod(1.0 + gr.loc[slug].to_numpy(float))]
                col[(out["prefecture"] == slug).to_numpy()] = path
        out[f"{pol}_10k_t"] = col
    return out


def compliance(projection: pd.DataFrame) -> pd.DataFrame:
    """2020 compliance per prefecture (and the region) of a :func:`project` table.

    Columns: ``scenario``, ``prefecture``, ``gdp_growth_avg``, ``energy_2020_10k_tce``,
    ``cap_2020_10k_tce``, ``cumulative_cut``, ``target_cut``, ``intensity_met``, ``cap_met``,
    ``both_met``, ``allowed_by_intensity_10k_tce`` (E_2015·Y_2020·(1 − R)),
    ``allowed_2020_10k_tce`` (the smaller allowance), ``binding`` (``intensity``/``cap``/``both``),
    ``headroom_10k_tce`` (allowed − projected; negative = over), and pollutant ``<p>_met`` where
    projected. The region's target cut is the regional 10 %, its cap the sum of prefecture caps
    (the plan body states no regional cap); its intensity is NaN where not aggregable.

    Parameters
    ----------
    projection : pandas.DataFrame
        A :func:`project` table (one or more scenarios).

    Returns
    -------
    pandas.DataFrame
        One row per scenario × prefecture (region included), with the columns above: ``gdp_growth_avg`` a
        fraction per year, ``cumulative_cut`` and ``target_cut`` fractions, ``*_10k_tce`` in 10^4 tce,
        ``*_met`` bool (``intensity_met`` and ``both_met`` None where intensity is NaN), ``binding``
        ``"n/a"`` where the intensity allowance is NaN.
    """
    from jnjp_analysis.plan import catalogue as targets

    e = source.energy_targets().set_index("prefecture")
    regional_cut = targets.regional_value("energy_intensity") / 100.0
    caps = source.pollutant_caps().set_index(["prefecture", "pollutant"])["cap_2020_10k_t"]
    rows = []
    for (sc, slug), grp in projection.groupby(["scenario", "prefecture"], sort=False):
        grp = grp.set_index("year")
        if slug == REGION:
            members = [s for s in projection["prefecture"].unique() if s != REGION]
            R = regional_cut
            e0 = float(e.loc[members, "energy_2015_10k_tce"].sum())
            cap = float(e.loc[members, "cap_2020_10k_tce"].sum())
        else:
            R = float(e.loc[slug, "intensity_cut"])
            e0 = float(e.loc[slug, "energy_2015_10k_tce"])
            cap = float(e.loc[slug, "cap_2020_10k_tce"])
        e20 = float(grp.loc[TARGET_YEAR, "energy_10k_tce"])
        y20 = float(grp.loc[TARGET_YEAR, "gdp_index"])
        cut = float(grp.loc[TARGET_YEAR, "cumulative_cut"])
        by_int = e0 * y20 * (1.0 - R)
        allowed = min(by_int, cap) if not math.isnan(by_int) else cap
        if math.isnan(by_int):
            binding = "n/a"
        elif abs(by_int - cap) <= _EPS * max(1.0, cap):
            binding = "both"
        else:
            binding = "intensity" if by_int < cap else "cap"
        int_met = (cut + _EPS >= R) if not math.isnan(cut) else None
        cap_met = e20 <= cap * (1 + _EPS)
        row = dict(scenario=sc, prefecture=slug, gdp_growth_avg=y20 ** (1 / T) - 1 if not math.isnan(y20) else math.nan,
                   energy_2020_10k_tce=e20, cap_2020_10k_tce=cap, cumulative_cut=cut, target_cut=R,
                   intensity_met=int_met, cap_met=bool(cap_met),
                   both_met=(bool(int_met and cap_met) if int_met is not None else None),
                   allowed_by_intensity_10k_tce=by_int, allowed_2020_10k_tce=allowed, binding=binding,
                   headroom_10k_tce=allowed - e20)
        for pol in source.POLLUTANTS:
            col = f"{pol}_10k_t"
            if col in grp and slug != REGION and not math.isnan(grp.loc[TARGET_YEAR, col]):
                row[f"{pol}_met"] = bool(grp.loc[TARGET_YEAR, col] <= caps.loc[(slug, pol)] + _EPS)
        rows.append(row)
    return pd.DataFrame(rows)


def compliance_table(sset: Mapping[str, Scenario] | Iterable[Scenario]) -> pd.DataFrame:
    """:func:`compliance` of several scenarios (a ``load()`` result or a list), stacked in order.

    Parameters
    ----------
    sset : Mapping[str, Scenario] or iterable of Scenario
        The scenarios, e.g. ``scenarios.load()``.

    Returns
    -------
    pandas.DataFrame
        The :func:`compliance` tables of all the scenarios' projections, one after another, with a fresh index.
    """
    items = list(sset.values()) if isinstance(sset, Mapping) else list(sset)
    return pd.concat([compliance(project(s)) for s in items], ignore_index=True)


