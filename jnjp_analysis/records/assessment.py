"""Analysis on a record of observed statistics (:mod:`jnjp_analysis.records`): what the plan's
targets meant at the growth that actually happened, and how each unit paced.

* :func:`ceilings` — with GDP growth alone (Tibet's shipped case): the consumption the intensity
  target allowed each year, E_B·Π(1 + g_t)·(1 − requirement_t) with the even-pace requirement,
  beside the cap's even path; and :func:`ceiling_target` (the target year's), from the annual series
  or, where years are missing, from the published period average (1 + ḡ)^T. Where a unit has no
  growth of its own, the region's stands in, and every row says so (``growth_basis = "proxy: region"``).
* :func:`observed_pacing` — with energy too: the barometer lights per year, the 前松后紧 verdict,
  the year the target became implausible, met or missed (:mod:`jnjp_analysis.model.pacing` on
  observed data); :func:`reason_codes` reads why a light is not green from the numbers of its row.
* :func:`lmdi` — the change in consumption since the base year split into an activity effect (real
  GDP) and an intensity effect, additive LMDI-I (Ang 2004): with L(a, b) = (a − b)/(ln a − ln b),
  ΔE_act = L(E_t, E_0)·ln(G_t/G_0), ΔE_int = L(E_t, E_0)·ln(I_t/I_0); they sum to E_t − E_0 exactly.
* :func:`assessment` — the annual assessment (Tibet's clause (二十)): one table per year, every unit,
  its lights and reasons.
* :func:`period_result` — the grade of every controlled indicator in the target year, by the rule of
  its kind (:data:`jnjp_analysis.plan.definition.TARGET_KINDS`): met, incentive met, missed, exempt
  (the total check, for a unit that met its incentive intensity target where its plan so rules) or not
  rateable, with the numbers it was graded on.
* :func:`jnjp_analysis.records.warning.early_warning` — the early-warning list (Tibet's clause (二十三)): units whose consumption
  grows too fast or whose progress lags, with why as flags (the pages say it in words:
  :func:`jnjp_analysis.pages.words.warning_why`).

The tables hold codes, never sentences: pacing's ``reason_codes`` (:data:`pacing.REASON_CODES`), the lights,
the statuses; the pages say them in words (:mod:`jnjp_analysis.pages.words`).

Every function takes ``plan`` (a Plan, a shipped plan's id or a package folder), required: the plan the
record was read against (:meth:`Record.plan_for` checks it is). The period, the units and their targets are the plan's: ``plan.targets(unit)`` (the
region's: the sums of the units' base and increment, with the plan body's regional cut — Tibet's
−10 % of clause (二); 456 and 261 × 10^4 tce).

Output names keep the 0.1.0 words (``energy_base_10k_tce``, ``cap_target_10k_tce``, :func:`ceiling_target`)
until the one renaming across the layers: they mean the plan's base year and target year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from jnjp_analysis.config import TOL
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.model import annual, pacing, trajectory
from jnjp_analysis.plan.definition import REGION, Plan, UnitTargets
from jnjp_analysis.plan.kinds import KINDS
from jnjp_analysis.records.record import Record
from jnjp_analysis.records.schema import (
    ESTIMATE,
    PlanLike,
    check_unit,
    indicators,
    unit_keys,
    unit_name,
)

PROXY = "proxy: region"
# why a grade or a pacing table cannot be formed: the annual values are stated on more than one statistical
# basis and no checkpoint bridges the break (model.annual.chained: nothing is chained across it)
BASIS_BREAK = "basis_break"
INTENSITY_CUM = "intensity_change_cum"  # the record's official cumulative energy-intensity change (a checkpoint)


def intensity_chain(record: Record, unit: str, plan: Plan) -> pd.DataFrame | None:
    """The cumulative energy-intensity change from the base year to each year, formed by
    :func:`jnjp_analysis.model.annual.chained` from the record's ``intensity_change`` (each value on its basis)
    and its ``intensity_change_cum`` checkpoints, where the record has a checkpoint or states the annual
    values on more than one basis; None where one basis holds and there is no checkpoint (the pacing
    table's chain of the annual values is then the same, and is used).

    Parameters
    ----------
    record : Record
        A validated record.
    unit : str
        ``"region"`` or a unit's slug.
    plan : Plan
        The record's plan.

    Returns
    -------
    pandas.DataFrame or None
        :func:`~jnjp_analysis.model.annual.chained`'s table (``year``, ``change``, ``basis``, ``method``,
        ``checkpoint``), or None.
    """
    inds = indicators(plan)
    obs = [o for o in (record.observations(unit, "intensity_change") if "intensity_change" in inds else ())
           if plan.base_year < o.year]
    cps = record.checkpoints(unit, INTENSITY_CUM) if INTENSITY_CUM in inds else ()
    if not cps and len({o.basis for o in obs}) <= 1:
        return None
    return annual.chained(obs, cps, base_year=plan.base_year)


def _as_dict(t: UnitTargets) -> dict[str, float | None]:
    e0, cap, R = t.energy_base_10k_tce, t.cap_target_10k_tce, t.intensity_cut
    if e0 is None or cap is None:  # a total in words or none: no number, never a made-up one
        return {"total_cut": R, "energy_base_10k_tce": None, "increment_10k_tce": None, "cap_target_10k_tce": None}
    return {"total_cut": R, "energy_base_10k_tce": e0, "increment_10k_tce": cap - e0, "cap_target_10k_tce": cap}


def analysis_plan(record: Record, unit: str | None, plan: PlanLike) -> Plan:
    """The plan of the analysis (the record's unless given; the record must have been read against
    it), with ``unit`` checked against it.

    Parameters
    ----------
    record : Record
        The record.
    unit : str or None
        A unit to check against the plan, or None.
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    Plan
    """
    pl = record.plan_for(plan)
    if unit is not None:
        check_unit(unit, plan=pl)
    return pl


def growth(record: Record, unit: str, *, proxy: bool = True, plan: PlanLike) -> pd.DataFrame:
    """Real GDP growth per plan year: ``year``, ``gdp_growth`` (NaN where unknown), ``growth_basis``
    ("record", "proxy: region" or ""). ``attrs``: ``average`` (ḡ over the plan period, from the
    unit's own ``gdp_growth_avg`` of the target year or the region's as a proxy) and ``average_basis``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    unit : str
        ``"region"`` or a unit's slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    pandas.DataFrame
        One row per plan year (Tibet's: 2016–2020): ``year`` (int), ``gdp_growth`` (a fraction, 0.078 =
        7.8 %), ``growth_basis``; ``attrs['average']`` a fraction or None, ``attrs['average_basis']``
        ("record", "proxy: region" or "").

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    own = record.series(unit, "gdp_growth")
    reg = record.series(REGION, "gdp_growth") if proxy and unit != REGION else pd.Series(dtype=float)
    rows = []
    for y in pl.years:
        if y in own.index:
            rows.append((y, float(own[y]), "record"))
        elif y in reg.index:
            rows.append((y, float(reg[y]), PROXY))
        else:
            rows.append((y, math.nan, ""))
    out = pd.DataFrame(rows, columns=["year", "gdp_growth", "growth_basis"]).astype({"year": "int64"})
    avg, basis = record.value(unit, pl.target_year, "gdp_growth_avg"), "record"
    if avg is None and proxy and unit != REGION:
        avg, basis = record.value(REGION, pl.target_year, "gdp_growth_avg"), PROXY
    out.attrs.update(average=avg, average_basis=basis if avg is not None else "")
    return out


def ceilings(record: Record, unit: str, *, proxy: bool = True, plan: PlanLike) -> pd.DataFrame:
    """Per plan year: ``gdp_growth``, ``growth_basis``, ``gdp_index`` (real, base year = 1; NaN unless
    every year up to it is known), ``requirement`` (even-pace cumulative cut), ``ceiling_10k_tce``
    (what the intensity target allowed at that growth), ``cap_path_10k_tce`` (the cap's even
    geometric path), ``binding`` ("intensity" where the ceiling is below the cap path, else "cap").

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    unit : str
        ``"region"`` or a unit's slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    pandas.DataFrame
        One row per plan year: ``year`` and the columns above (rates and ``requirement`` as fractions;
        ``*_10k_tce`` in 10^4 tce; ``binding`` "" where the ceiling is unknown). ``attrs``: the
        the unit's targets (``total_cut``, ``energy_base_10k_tce``, ``increment_10k_tce``,
        ``cap_target_10k_tce``, from :meth:`Plan.targets`), ``average`` and ``average_basis`` (:func:`growth`).

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    t = pl.targets(unit)
    g = growth(record, unit, proxy=proxy, plan=pl)
    R, e0 = t.R, t.energy_base_10k_tce
    a = trajectory.even_annual_cut(R, t.years)
    k = g["year"].to_numpy() - t.base_year
    req = 1.0 - (1.0 - a) ** k
    req[k == t.T] = R
    idx = np.cumprod(1.0 + g["gdp_growth"].to_numpy())  # NaN propagates past the first unknown year
    out = g.copy()
    out["gdp_index"] = idx
    out["requirement"] = req
    if e0 is None or t.increment_10k_tce is None:  # a total in words or none: no ceiling, no cap path (NaN)
        out["ceiling_10k_tce"] = out["cap_path_10k_tce"] = math.nan
        out["binding"] = ""
        out.attrs.update(_as_dict(t), average=g.attrs["average"], average_basis=g.attrs["average_basis"])
        return out
    path = trajectory.cap_path(e0, t.increment_10k_tce, years=t.years).set_index("year")
    cap = path.loc[g["year"], "energy_10k_tce"].to_numpy()
    out["ceiling_10k_tce"] = e0 * idx * (1.0 - req)
    out["cap_path_10k_tce"] = cap
    out["binding"] = ["" if math.isnan(c) else ("intensity" if c < p else "cap") for c, p in zip(out["ceiling_10k_tce"], cap)]
    out.attrs.update(_as_dict(t), average=g.attrs["average"], average_basis=g.attrs["average_basis"])
    return out


def ceiling_target(record: Record, unit: str, *, proxy: bool = True, plan: PlanLike) -> dict[str, Any] | None:
    """The target-year consumption the intensity target allowed at the growth that happened, against
    the cap (the name is 0.1.0's: Tibet's target year). From the annual series if complete, else from
    the period average (1 + ḡ)^T, with the range that ḡ's rounding to 0.1 point leaves (ḡ ± 0.0005).
    None if neither is known.

    Keys: ``ceiling_10k_tce``, ``low``/``high`` (the rounding range; equal to the ceiling for an
    annual series), ``cap_target_10k_tce`` (the target-year cap), ``headroom_10k_tce`` (cap − ceiling),
    ``binding`` ("intensity": the cap never bound), ``growth_avg``, ``basis`` ("annual" or "period
    average"), ``growth_basis`` ("record" or "proxy: region").

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    unit : str
        ``"region"`` or a unit's slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    dict or None
        Keys ``ceiling_10k_tce``, ``low_10k_tce``, ``high_10k_tce``, ``cap_target_10k_tce`` and
        ``headroom_10k_tce`` (10^4 tce); ``binding``; ``growth_avg`` (the average annual real growth, a
        fraction); ``basis``; ``growth_basis``; ``implied_growth`` (the average growth at which the cap and
        the intensity target bind together, a fraction). None if no growth is known.

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    t = pl.targets(unit)
    if t.energy_base_10k_tce is None or t.cap_target_10k_tce is None:
        return None  # a total in words or none: no cap to set a ceiling against
    c = ceilings(record, unit, proxy=proxy, plan=pl)
    last = c.iloc[-1]
    factor = t.energy_base_10k_tce * (1.0 - t.R)
    if not math.isnan(last["ceiling_10k_tce"]):
        ceil = lo = hi = float(last["ceiling_10k_tce"])
        gavg = float(last["gdp_index"]) ** (1.0 / t.T) - 1.0
        basis = "annual"
        gb = PROXY if (c["growth_basis"] == PROXY).any() else "record"
    elif c.attrs["average"] is not None:
        gavg = float(c.attrs["average"])
        ceil = factor * (1.0 + gavg) ** t.T
        lo, hi = factor * (1.0 + gavg - 0.0005) ** t.T, factor * (1.0 + gavg + 0.0005) ** t.T
        basis, gb = "period average", c.attrs["average_basis"]
    else:
        return None
    cap = t.cap_target_10k_tce
    return {"ceiling_10k_tce": ceil, "low_10k_tce": lo, "high_10k_tce": hi, "cap_target_10k_tce": cap,
            "headroom_10k_tce": cap - ceil, "binding": "intensity" if ceil < cap else "cap",
            "growth_avg": gavg, "basis": basis, "growth_basis": gb,
            "implied_growth": trajectory.implied_gdp_growth(t)}


def _observed(record: Record, unit: str, proxy: bool, plan: Plan) -> tuple[pd.DataFrame | None, str]:
    """The longest run of plan years from the first with energy, and with intensity change or growth,
    as a pacing record; the basis ("record", "proxy: region") or the reason there is none."""
    en = record.series(unit, "energy_10k_tce")
    ic = record.series(unit, "intensity_change")
    broken = len({o.basis for o in record.observations(unit, "intensity_change") if o.year in plan.years}) > 1
    if broken:  # stated on more than one basis: the annual values are never chained across the break
        ic = ic.iloc[0:0]
    g = growth(record, unit, proxy=proxy, plan=plan).set_index("year")
    years = []
    for y in plan.years:
        if y not in en.index and y not in ic.index:
            break
        years.append(y)
    if broken and not (years and all(y in en.index for y in years)):
        return None, f"{BASIS_BREAK}: the intensity change is stated on more than one basis, and is not chained across the break"
    if not years:
        return None, f"no energy consumption or intensity change for {plan.years[0]}"
    if not plan.targets(unit).has_total and not all(y in ic.index for y in years):
        # no base-year consumption in the plan to derive intensity from consumption and growth
        return None, "no intensity change for every year (the plan states no base-year consumption)"
    df = pd.DataFrame({"year": years})
    basis = "record"
    has_energy = all(y in en.index for y in years)
    if all(y in ic.index for y in years):
        df["intensity_cut"] = [-float(ic[y]) for y in years]
    elif has_energy and not g.loc[years, "gdp_growth"].isna().any():
        df["gdp_growth"] = g.loc[years, "gdp_growth"].astype(float).to_list()
        if (g.loc[years, "growth_basis"] == PROXY).any():
            basis = PROXY
    elif not has_energy:
        return None, "energy consumption without intensity change or GDP growth for the same years"
    if has_energy:  # without intensity or growth: the consumption check alone
        df["energy_10k_tce"] = [float(en[y]) for y in years]
    return df, basis


def observed_pacing(record: Record, unit: str, *, proxy: bool = True, plan: PlanLike) -> dict[str, Any]:
    """Lights and verdict on what happened. Keys: ``table`` (:func:`pacing.check` with the unit's
    targets, None if the record cannot support it), ``verdict`` (:func:`pacing.verdict`), ``basis``,
    ``reason``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    unit : str
        ``"region"`` or a unit's slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    dict
        ``table`` (pandas.DataFrame or None: a row per observed year from the first plan year, with its
        lights), ``verdict`` (pandas.Series or None), ``basis`` ("record", "proxy: region", or "" when there
        is no table) and ``reason`` (why there is no table, else "").

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    if not pl.has_energy_intensity:  # carbon led: no energy-intensity target to pace (model.annual paces carbon)
        return {"table": None, "verdict": None, "basis": "", "reason": "no energy-intensity target (a carbon-led plan)"}
    df, basis = _observed(record, unit, proxy, pl)
    if df is None:
        return {"table": None, "verdict": None, "basis": "", "reason": basis}
    t = pl.targets(unit)
    table = pacing.check(df, targets=t)
    verdict = pacing.verdict(df, targets=t)
    return {"table": table, "verdict": verdict, "basis": basis, "reason": ""}


def observed_pacings(record: Record, *, proxy: bool = True, plan: PlanLike) -> dict[str, dict[str, Any]]:
    """:func:`observed_pacing` of every unit, computed once for the assessment and the warning list.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    dict of str to dict
        Unit (``"region"`` and every unit's slug, in the plan's order) → its :func:`observed_pacing`.
    """
    pl = analysis_plan(record, None, plan)
    return {u: observed_pacing(record, u, proxy=proxy, plan=pl) for u in unit_keys(pl)}


def row_field(row: Any, name: str, default: object = None) -> Any:
    """A column of a row: a mapping or a pandas Series (by key), or a named tuple (by attribute).

    Parameters
    ----------
    row : mapping, pandas.Series or named tuple
        The row.
    name : str
        The column.
    default : object
        What a row without the column gives.

    Returns
    -------
    object
        The cell.
    """
    if isinstance(row, (Mapping, pd.Series)):
        return row.get(name, default)
    return getattr(row, name, default)


def known(x: object) -> bool:
    """Whether a cell holds a value: not None, NaN or empty.

    Parameters
    ----------
    x : object
        The cell.

    Returns
    -------
    bool
    """
    return x is not None and x == x and x != ""


def reason_codes(row: Any, targets: UnitTargets) -> list[str]:
    """Why a light of the pacing table is not green, read from the row's numbers and lights (not from
    its sentence): codes of :data:`pacing.REASON_CODES`, intensity first, then consumption, as
    :func:`pacing.check` gives its ``reason_codes``; empty when the light is green.

    * intensity: ``intensity_rose`` where the annual cut is negative, else ``intensity_slightly_behind`` /
      ``intensity_well_behind`` for a yellow / red ``intensity_light``;
    * consumption: ``cap_exceeded`` where ``energy_10k_tce`` is above the target-year cap E_B + ΔE, else
      ``energy_slightly_above_path`` / ``energy_well_above_path`` for a yellow / red ``energy_light``.

    Parameters
    ----------
    row : pandas.Series, mapping or named tuple
        One row of a :func:`pacing.check` table (:func:`observed_pacing`'s ``table``).
    targets : UnitTargets
        The unit's targets (``plan.targets(unit)``): the cap.

    Returns
    -------
    list of str
        The codes, e.g. ``["intensity_rose", "cap_exceeded"]``.
    """
    rc = row_field(row, "reason_codes")
    if isinstance(rc, str):  # pacing.check's own codes
        return [c for c in rc.split(";") if c]
    out = []
    il, el = row_field(row, "intensity_light"), row_field(row, "energy_light")
    if known(il) and il != "green":
        cut = row_field(row, "annual_cut")
        out.append("intensity_rose" if known(cut) and cut < 0 else
                   "intensity_slightly_behind" if il == "yellow" else "intensity_well_behind")
    if known(el) and el != "green":
        e = row_field(row, "energy_10k_tce")
        cap = targets.cap_target_10k_tce
        out.append("cap_exceeded" if known(e) and cap is not None and e > cap + TOL else
                   "energy_slightly_above_path" if el == "yellow" else "energy_well_above_path")
    return out


def assessment(record: Record, year: int, *, proxy: bool = True, lang: str = "en",
               pacings: dict[str, dict[str, Any]] | None = None, plan: PlanLike) -> pd.DataFrame:
    """The annual assessment (Tibet's clause (二十)): every unit in ``year`` — ``unit``, ``name``,
    ``light`` (green/yellow/red, or "none": not rateable), ``intensity_light``, ``energy_light``,
    ``cumulative_cut``, ``energy_10k_tce``, ``basis``, ``why`` and ``reason_codes``. ``pacings``:
    :func:`observed_pacings`, if at hand.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    year : int
        A plan year (Tibet's: 2016–2020).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of ``name``.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    pandas.DataFrame
        One row per unit (``"region"`` first, then the plan's units): ``cumulative_cut`` (the cut in
        intensity since the base year, a fraction) and ``energy_10k_tce`` (10^4 tce) NaN where unknown;
        ``basis`` ("record" or "proxy: region"); ``why`` (for light "none": why it is not rateable, else "")
        and ``reason_codes`` (pacing's: why a light is not green; :func:`jnjp_analysis.pages.words.with_assessment_reasons`
        says them in words).

    Raises
    ------
    JnjpError
        For a year that is not a plan year, or a plan other than the record's.
    """
    pl = analysis_plan(record, None, plan)
    if year not in pl.years:
        raise JnjpError(f"year {year} is not a plan year ({pl.years[0]}–{pl.years[-1]}, plan {pl.id})")
    pacings = pacings or observed_pacings(record, proxy=proxy, plan=pl)
    rows = []
    for u in unit_keys(pl):
        p = pacings[u]
        t = p["table"]
        name = unit_name(u, lang, plan=pl)
        if t is None or year not in set(t["year"]):
            why = p["reason"] if t is None else f"the record's series end in {int(t['year'].max())}"
            rows.append((u, name, "none", "", "", math.nan, math.nan, "", why, ""))
            continue
        r = t.set_index("year").loc[year]
        rows.append((u, name, r["light"], r.get("intensity_light", ""), r.get("energy_light", ""),
                     float(r.get("cumulative_cut", math.nan)), float(r.get("energy_10k_tce", math.nan)),
                     p["basis"], "", r.get("reason_codes", "")))
    return pd.DataFrame(rows, columns=["unit", "name", "light", "intensity_light", "energy_light", "cumulative_cut",
                                       "energy_10k_tce", "basis", "why", "reason_codes"])


def assessments(record: Record, *, proxy: bool = True, lang: str = "en",
                pacings: dict[str, dict[str, Any]] | None = None, plan: PlanLike) -> dict[int, pd.DataFrame]:
    """:func:`assessment` for every plan year (each unit's pacing computed once).

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of the unit names.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    dict of int to pandas.DataFrame
        Plan year → its :func:`assessment` table.
    """
    pl = analysis_plan(record, None, plan)
    pacings = pacings or observed_pacings(record, proxy=proxy, plan=pl)
    return {y: assessment(record, y, lang=lang, pacings=pacings, plan=pl) for y in pl.years}


# the statuses of period_result, in the order a page lists them
RESULT_STATUSES = ("incentive_met", "met", "exempt", "missed", "not_rateable", "stated_in_words")
CARBON_CHANGE = "carbon_intensity_change_cum"  # the record's cumulative change of CO2 per unit of GDP
CO2_EMISSIONS = "co2_10k_tco2"  # the record's CO2 emissions (10^4 t CO2), what a carbon_total_cap is graded on


def period_result(record: Record, *, proxy: bool = True, lang: str = "en",
                  pacings: dict[str, dict[str, Any]] | None = None, plan: PlanLike,
                  units: Iterable[str] | None = None) -> pd.DataFrame:
    """The target-year grade of every controlled indicator of every unit (and the region), each by the
    rule of its kind (:attr:`Control.rule`):

    * ``intensity_cut`` — the cumulative cut of energy per unit of GDP reached in the target year
      (:func:`observed_pacing`) against the basic target: ``met`` at or beyond it, and, where the plan
      sets an incentive level, ``incentive_met`` at or beyond that and the basic level; else ``missed``
      (a cut short of the basic target is ``missed`` whatever incentive level it reaches);
    * ``total_increment`` — consumption in the target year against E_B + ΔE: ``met`` or ``missed``;
      ``exempt`` where it is above the cap but the plan exempts a unit that met its incentive level
      (exemption ``incentive_met``) and this unit did; ``stated_in_words`` where the plan states the
      total in words only (:attr:`Plan.total_stated`): held with its quote, never graded as a number
      (double control then grades intensity alone); a plan without a total has no row for it;
    * ``carbon_intensity_cut`` — the record's cumulative change of CO2 per unit of GDP since the base
      year (``carbon_intensity_change_cum``, target year) against the cut: ``met`` or ``missed``;
    * ``carbon_total_cap`` — the record's CO2 emissions in the target year (``co2_10k_tco2``) against
      the cap: ``met`` at or below it, else ``missed``;
    * ``pollutant_cut`` (indicator ``<pollutant>_cut``, a pollutant the plan cuts from the base year)
      — 1 − E(target year) / E(base year) from the record's ``<pollutant>_10k_t`` of both years
      against the cut: ``met`` or ``missed`` (the plan states no base-year emissions: the record must).

    Anything the record cannot support is ``not_rateable``, with why.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of ``name``.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.
    units : iterable of str or None
        Only these units (slugs, or ``"region"``), in the plan's order; None for the region and every
        unit. A page grades its own unit only: its cost does not grow with the plan's units.

    Returns
    -------
    pandas.DataFrame
        One row per unit × controlled indicator (``"region"`` first): ``unit``, ``name``, ``indicator``
        (the control's id), ``kind``, ``target`` (a fraction for a cut, 10^4 tce or 10^4 t CO2 for a
        cap; the basic level), ``incentive`` (the incentive cut, NaN where none), ``achieved`` (the cut
        reached, a fraction, or the target-year amount; NaN where unknown), ``status`` (one of
        :data:`RESULT_STATUSES`), ``basis``, ``why`` (for ``not_rateable``: what is missing) and ``why_code``
        (a code where one is defined: :data:`BASIS_BREAK` where the intensity change is stated on more than
        one basis and no checkpoint bridges the break; else ``""``).
    """
    pl = analysis_plan(record, None, plan)
    keys = unit_keys(pl)
    if units is not None:
        wanted = set(units)
        unknown = sorted(wanted - set(keys))
        if unknown:
            raise JnjpError(f"period_result: units {unknown} are not the plan's ({', '.join(keys)})")
        keys = tuple(u for u in keys if u in wanted)
    pacings = pacings or {u: observed_pacing(record, u, proxy=proxy, plan=pl) for u in keys}
    Y = pl.target_year
    rows = []
    for u in keys:
        t = pl.targets(u)
        name = unit_name(u, lang, plan=pl)
        tab = pacings[u]["table"]
        at = tab.set_index("year").loc[Y] if tab is not None and Y in set(tab["year"]) else None
        basis = pacings[u]["basis"]
        why_none = (pacings[u]["reason"] if tab is None else
                    f"the record's series end in {int(tab['year'].max())}, before {Y}")
        intensity_status = ""
        for c in pl.controls:
            row: dict[str, Any] = dict(unit=u, name=name, indicator=c.id, kind=c.kind, target=math.nan,
                                       incentive=math.nan, achieved=math.nan, status="not_rateable",
                                       basis=basis, why="", why_code="")
            if c.kind == "intensity_cut":
                row.update(target=t.intensity_cut, incentive=math.nan if t.incentive_cut is None else t.incentive_cut)
                cut = float(at["cumulative_cut"]) if at is not None and "cumulative_cut" in at else math.nan
                chain = intensity_chain(record, u, pl)  # checkpoints, or a series on more than one basis
                if chain is not None:
                    ch = chain[chain["year"] == Y]
                    cut = -float(ch["change"].iloc[0]) if len(ch) else math.nan
                    if len(ch) and ch["method"].iloc[0] == BASIS_BREAK:
                        row.update(why_code=BASIS_BREAK, why=f"the intensity change is stated on more than one basis "
                                   f"and no checkpoint bridges the break to {Y}: not chained across it")
                    elif not len(ch):
                        row["why"] = f"no intensity for {Y}"
                    else:
                        row["basis"] = "record"
                if math.isnan(cut):
                    if chain is None:
                        row["why"] = why_none if at is None else f"no intensity for {Y}"
                else:
                    row["achieved"] = cut
                    # no grade better than the basic target allows: the incentive level counts only
                    # where the basic one is met too
                    basic = cut + TOL >= t.R
                    row["status"] = ("missed" if not basic else
                                     "incentive_met" if t.incentive_cut is not None and cut + TOL >= t.incentive_cut
                                     else "met")
                intensity_status = row["status"]
            elif c.kind == "total_increment" and c.stated == "words":
                row.update(status="stated_in_words", basis="")  # a word target: no number to grade against
            elif c.kind == "total_increment":
                row["target"] = t.cap_target_10k_tce
                e = float(at["energy_10k_tce"]) if at is not None and "energy_10k_tce" in at else math.nan
                if math.isnan(e):
                    row["why"] = why_none if at is None else f"no energy consumption for {Y}"
                else:
                    row["achieved"] = e
                    over = e > float(t.cap_target_10k_tce or 0.0) + TOL
                    row["status"] = ("met" if not over else
                                     "exempt" if t.total_exemption == "incentive_met" and intensity_status == "incentive_met"
                                     else "missed")
            elif (sp := KINDS.get(c.kind)) is not None and sp.grading in ("at_least", "at_most"):
                # a target-year value of the record against the unit's target (plan.kinds: the spec says which)
                target = t.value(sp.target_attr or "")
                if target is None:
                    continue  # a regional target only, or none for this unit
                row.update(target=target, basis="record")
                ind = sp.grade_on or ""
                ser = record.series(u, ind) if ind in indicators(pl) else pd.Series(dtype=float)
                if Y in ser.index:
                    got = sp.sign * float(ser[Y]) + 0.0
                    ok = got + TOL >= target if sp.grading == "at_least" else got <= target + TOL
                    row.update(achieved=got, status="met" if ok else "missed")
                else:
                    row["why"] = f"no {sp.record_name or ind} for {Y} in the record"
            else:  # a kind declared without a grading rule here: never graded as another kind, never skipped
                raise JnjpError(f"plan {pl.id}: the kind {c.kind!r} of {c.id!r} has no grading rule")
            if row["status"] == "not_rateable":
                row["basis"] = ""
            rows.append(row)
        rows += _pollutant_cut_rows(record, pl, u, name)
        rows += _pollutant_reduction_rows(record, pl, u, name)
    cols = ["unit", "name", "indicator", "kind", "target", "incentive", "achieved", "status", "basis", "why", "why_code"]
    out = pd.DataFrame(rows, columns=cols)
    out.attrs.update(plan=pl.id, target_year=Y)
    return out


def _pollutant_cut_rows(record: Record, pl: Plan, u: str, name: str) -> list[dict[str, Any]]:
    """The rows of :func:`period_result` for the pollutants ``pl`` cuts from the base year, unit ``u``:
    the cut reached, 1 − E(target year) / E(base year), from the record's ``<pollutant>_10k_t`` of
    both years, against the plan's cut (``met`` at or beyond it, else ``missed``); ``not_rateable``
    where the record lacks either year (the plan states no base-year emissions)."""
    B, Y = pl.base_year, pl.target_year
    cuts = ([(p, c) for (p, c) in pl.region_cuts] if u == REGION else
            [(p, c) for (unit, p, c, _line) in pl.cuts if unit == u])
    out = []
    inds = indicators(pl)
    for pol, cut in cuts:
        ind = f"{pol}_10k_t"
        row: dict[str, Any] = dict(unit=u, name=name, indicator=f"{pol}_cut", kind="pollutant_cut", target=cut,
                                   incentive=math.nan, achieved=math.nan, status="not_rateable", basis="", why="",
                                   why_code="")
        e = record.series(u, ind) if ind in inds else pd.Series(dtype=float)
        missing = [y for y in (B, Y) if y not in e.index]
        if missing:
            row["why"] = f"no {pol} emissions for {' and '.join(map(str, missing))} in the record"
        elif float(e[B]) <= 0:
            row["why"] = f"{pol} emissions of {B} are 0: no cut can be computed"
        else:
            achieved = 1.0 - float(e[Y]) / float(e[B])
            row.update(achieved=achieved, status="met" if achieved + TOL >= cut else "missed", basis="record")
        out.append(row)
    return out


def _pollutant_reduction_rows(record: Record, pl: Plan, u: str, name: str) -> list[dict[str, Any]]:
    """The rows of :func:`period_result` for the pollutants whose target is the amount the key projects
    remove by the target year (重点工程减排量), unit ``u``: the record's ``<pollutant>_reduction_10k_t`` of
    the target year (the achieved reduction, cumulative from the base year) against the plan's amount
    (``met`` at or above it, else ``missed``); ``not_rateable`` where the record has no such value."""
    Y = pl.target_year
    out = []
    inds = indicators(pl)
    for unit, pol, amount, _line in pl.reductions:
        if unit != u:
            continue
        ind = f"{pol}_reduction_10k_t"
        row: dict[str, Any] = dict(unit=u, name=name, indicator=f"{pol}_reduction", kind="pollutant_reduction",
                                   target=amount, incentive=math.nan, achieved=math.nan, status="not_rateable",
                                   basis="", why="", why_code="")
        e = record.series(u, ind) if ind in inds else pd.Series(dtype=float)
        if Y not in e.index:
            row["why"] = f"no {pol} reduction by key projects for {Y} in the record"
        else:
            got = float(e[Y])
            row.update(achieved=got, status="met" if got + TOL >= amount else "missed", basis="record")
        out.append(row)
    return out


def coverage(record: Record, unit: str, *, plan: PlanLike) -> pd.DataFrame:
    """What the record holds for a unit: ``indicator`` × ``year`` (the base to the target year) with
    the value, or NaN where nothing is known. Notes on empty rows (why a value is missing) in
    ``attrs['notes']``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.core.load`).
    unit : str
        ``"region"`` or a unit's slug.
    plan : Plan, str or path-like
        The plan (required): the one the record was read against.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator name (schema order), one float column per year (Tibet's: 2015–2020): the
        value (a fraction, or in the indicator's unit). ``attrs['notes']``: (indicator, year) → note;
        ``attrs['estimates']``: (indicator, year) → an estimate's value, left out of the grid (not used).

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    d = record.data[record.data["unit"] == unit]
    grid = pd.DataFrame(index=list(indicators(pl)), columns=list(pl.all_years), dtype=float)
    for r in d.itertuples():
        if not math.isnan(r.value) and r.status != ESTIMATE:  # an estimate is shown with its status, not used
            grid.loc[r.indicator, r.year] = r.value
    grid.attrs["notes"] = {(r.indicator, int(r.year)): r.note for r in d.itertuples() if math.isnan(r.value) and r.note}
    grid.attrs["estimates"] = {(r.indicator, int(r.year)): float(r.value) for r in d.itertuples()
                               if not math.isnan(r.value) and r.status == ESTIMATE}
    return grid
