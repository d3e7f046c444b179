"""Analysis on a record of observed statistics (:mod:`jnjp_analysis.records`): what the plan's
targets meant at the growth that actually happened, and how each unit paced.

* :func:`ceilings` — with GDP growth alone (the shipped case): the consumption the intensity target
  allowed each year, E_2015·Π(1 + g_t)·(1 − requirement_t) with the even-pace requirement, beside
  the cap's even path; and :func:`ceiling_2020`, from the annual series or, where years are missing,
  from the published period average (1 + ḡ)^T. Where a prefecture has no growth of its own, the
  region's stands in, and every row says so (``growth_basis = "proxy: region"``).
* :func:`observed_pacing` — with energy too: the barometer lights per year, the 前松后紧 verdict,
  the year the target became implausible, met or missed (:mod:`jnjp_analysis.pacing` on observed data).
* :func:`lmdi` — the change in consumption since 2015 split into an activity effect (real GDP) and
  an intensity effect, additive LMDI-I (Ang 2004): with L(a, b) = (a − b)/(ln a − ln b),
  ΔE_act = L(E_t, E_0)·ln(G_t/G_0), ΔE_int = L(E_t, E_0)·ln(I_t/I_0); they sum to E_t − E_0 exactly.
* :func:`assessment` — clause (二十): one table per year, every unit, its lights and reasons.
* :func:`early_warning` — clause (二十三): units whose consumption grows too fast or whose progress
  lags, with why.

The region's targets: intensity −10 % (clause (二)); its 2015 consumption and increment are the sums
of the prefectures' annex figures (456 and 261 × 10^4 tce) because the plan body gives none.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from jnjp_analysis import BASE_YEAR, PLAN_YEARS, TARGET_YEAR, T
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.model import pacing, trajectory
from jnjp_analysis.records.core import REGION, UNITS, Record, check_unit, unit_name

PROXY = "proxy: region"


def unit_targets(unit: str) -> dict:
    """``total_cut``, ``energy_2015_10k_tce``, ``increment_10k_tce`` and ``cap_2020_10k_tce`` of the
    region or a prefecture (:meth:`Plan.targets`, as a dict).

    Parameters
    ----------
    unit : str
        ``"region"`` or a prefecture slug.

    Returns
    -------
    dict
        ``total_cut`` (the cumulative intensity cut 2015–2020, a fraction: 0.10 = 10 %),
        ``energy_2015_10k_tce``, ``increment_10k_tce`` and ``cap_2020_10k_tce`` (10^4 tce).

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    from jnjp_analysis.plan.load import load

    t = load().targets(unit)
    e0, cap, R = t.energy_base_10k_tce, t.cap_target_10k_tce, t.intensity_cut
    return {"total_cut": R, "energy_2015_10k_tce": e0, "increment_10k_tce": cap - e0, "cap_2020_10k_tce": cap}


def _check_unit(unit: str) -> str:
    return check_unit(unit)


def growth(record: Record, unit: str, *, proxy: bool = True) -> pd.DataFrame:
    """Real GDP growth per plan year: ``year``, ``gdp_growth`` (NaN where unknown), ``growth_basis``
    ("record", "proxy: region" or ""). ``attrs``: ``average`` (ḡ over the plan period, from the
    unit's own ``gdp_growth_avg`` or the region's as a proxy) and ``average_basis``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    pandas.DataFrame
        One row per plan year (2016–2020): ``year`` (int), ``gdp_growth`` (a fraction, 0.078 = 7.8 %),
        ``growth_basis``; ``attrs['average']`` a fraction or None, ``attrs['average_basis']``
        ("record", "proxy: region" or "").

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    _check_unit(unit)
    own = record.series(unit, "gdp_growth")
    reg = record.series(REGION, "gdp_growth") if proxy and unit != REGION else pd.Series(dtype=float)
    rows = []
    for y in PLAN_YEARS:
        if y in own.index:
            rows.append((y, float(own[y]), "record"))
        elif y in reg.index:
            rows.append((y, float(reg[y]), PROXY))
        else:
            rows.append((y, math.nan, ""))
    out = pd.DataFrame(rows, columns=["year", "gdp_growth", "growth_basis"]).astype({"year": "int64"})
    avg, basis = record.value(unit, TARGET_YEAR, "gdp_growth_avg"), "record"
    if avg is None and proxy and unit != REGION:
        avg, basis = record.value(REGION, TARGET_YEAR, "gdp_growth_avg"), PROXY
    out.attrs.update(average=avg, average_basis=basis if avg is not None else "")
    return out


def ceilings(record: Record, unit: str, *, proxy: bool = True) -> pd.DataFrame:
    """Per plan year: ``gdp_growth``, ``growth_basis``, ``gdp_index`` (real, 2015 = 1; NaN unless
    every year up to it is known), ``requirement`` (even-pace cumulative cut), ``ceiling_10k_tce``
    (what the intensity target allowed at that growth), ``cap_path_10k_tce`` (the cap's even
    geometric path), ``binding`` ("intensity" where the ceiling is below the cap path, else "cap").

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    pandas.DataFrame
        One row per plan year (2016–2020): ``year`` and the columns above (rates and ``requirement`` as
        fractions; ``*_10k_tce`` in 10^4 tce; ``binding`` "" where the ceiling is unknown). ``attrs``: the
        :func:`unit_targets` of the unit, ``average`` and ``average_basis`` (:func:`growth`).

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    tg = unit_targets(unit)
    g = growth(record, unit, proxy=proxy)
    R, e0 = tg["total_cut"], tg["energy_2015_10k_tce"]
    a = trajectory.even_annual_cut(R)
    k = g["year"].to_numpy() - BASE_YEAR
    req = 1.0 - (1.0 - a) ** k
    req[k == T] = R
    idx = np.cumprod(1.0 + g["gdp_growth"].to_numpy())  # NaN propagates past the first unknown year
    cap = trajectory.cap_path(e0, tg["increment_10k_tce"]).set_index("year").loc[g["year"], "energy_10k_tce"].to_numpy()
    out = g.copy()
    out["gdp_index"] = idx
    out["requirement"] = req
    out["ceiling_10k_tce"] = e0 * idx * (1.0 - req)
    out["cap_path_10k_tce"] = cap
    out["binding"] = ["" if math.isnan(c) else ("intensity" if c < p else "cap") for c, p in zip(out["ceiling_10k_tce"], cap)]
    out.attrs.update(tg, average=g.attrs["average"], average_basis=g.attrs["average_basis"])
    return out


def ceiling_2020(record: Record, unit: str, *, proxy: bool = True) -> dict | None:
    """The 2020 consumption the intensity target allowed at the growth that happened, against the
    cap. From the annual series if complete, else from the period average (1 + ḡ)^T, with the range
    that ḡ's rounding to 0.1 point leaves (ḡ ± 0.0005). None if neither is known.

    Keys: ``ceiling_10k_tce``, ``low``/``high`` (the rounding range; equal to the ceiling for an
    annual series), ``cap_2020_10k_tce``, ``headroom_10k_tce`` (cap − ceiling), ``binding``
    ("intensity": the cap never bound), ``growth_avg``, ``basis`` ("annual" or "period average"),
    ``growth_basis`` ("record" or "proxy: region").

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    dict or None
        Keys ``ceiling_10k_tce``, ``low_10k_tce``, ``high_10k_tce``, ``cap_2020_10k_tce`` and
        ``headroom_10k_tce`` (10^4 tce); ``binding``; ``growth_avg`` (the average annual real growth, a
        fraction); ``basis``; ``growth_basis``; ``implied_growth`` (the average growth at which the cap and
        the intensity target bind together, a fraction). None if no growth is known.

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    c = ceilings(record, unit, proxy=proxy)
    tg = {k: c.attrs[k] for k in ("total_cut", "energy_2015_10k_tce", "cap_2020_10k_tce")}
    last = c.iloc[-1]
    factor = tg["energy_2015_10k_tce"] * (1.0 - tg["total_cut"])
    if not math.isnan(last["ceiling_10k_tce"]):
        ceil = lo = hi = float(last["ceiling_10k_tce"])
        gavg = float(last["gdp_index"]) ** (1.0 / T) - 1.0
        basis = "annual"
        gb = PROXY if (c["growth_basis"] == PROXY).any() else "record"
    elif c.attrs["average"] is not None:
        gavg = float(c.attrs["average"])
        ceil = factor * (1.0 + gavg) ** T
        lo, hi = factor * (1.0 + gavg - 0.0005) ** T, factor * (1.0 + gavg + 0.0005) ** T
        basis, gb = "period average", c.attrs["average_basis"]
    else:
        return None
    cap = tg["cap_2020_10k_tce"]
    return {"ceiling_10k_tce": ceil, "low_10k_tce": lo, "high_10k_tce": hi, "cap_2020_10k_tce": cap,
            "headroom_10k_tce": cap - ceil, "binding": "intensity" if ceil < cap else "cap",
            "growth_avg": gavg, "basis": basis, "growth_basis": gb,
            "implied_growth": trajectory.implied_gdp_growth(energy_2015=tg["energy_2015_10k_tce"],
                                                            increment=cap - tg["energy_2015_10k_tce"],
                                                            total_cut=tg["total_cut"])}


def _observed(record: Record, unit: str, proxy: bool) -> tuple[pd.DataFrame | None, str]:
    """The longest run of years from 2016 with energy, and with intensity change or growth, as a
    pacing record; the basis ("record", "proxy: region") or the reason there is none."""
    en = record.series(unit, "energy_10k_tce")
    ic = record.series(unit, "intensity_change")
    g = growth(record, unit, proxy=proxy).set_index("year")
    years = []
    for y in PLAN_YEARS:
        if y not in en.index and y not in ic.index:
            break
        years.append(y)
    if not years:
        return None, "no energy consumption or intensity change for 2016"
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


def observed_pacing(record: Record, unit: str, *, proxy: bool = True) -> dict:
    """Lights and verdict on what happened. Keys: ``table`` (:func:`pacing.check`, None if the
    record cannot support it), ``verdict`` (:func:`pacing.verdict`), ``basis``, ``reason``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    dict
        ``table`` (pandas.DataFrame or None: a row per observed year from 2016, with its lights),
        ``verdict`` (dict or None), ``basis`` ("record", "proxy: region", or "" when there is no table) and
        ``reason`` (why there is no table, else "").

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    _check_unit(unit)
    df, basis = _observed(record, unit, proxy)
    if df is None:
        return {"table": None, "verdict": None, "basis": "", "reason": basis}
    tg = unit_targets(unit)
    kw = dict(total_cut=tg["total_cut"], energy_2015=tg["energy_2015_10k_tce"], increment=tg["increment_10k_tce"])
    if "intensity_cut" not in df and "gdp_growth" not in df:
        kw.pop("total_cut")  # consumption only
    table = pacing.check(df, **kw)
    verdict = pacing.verdict(df, **kw)
    return {"table": table, "verdict": verdict, "basis": basis, "reason": ""}


def observed_pacings(record: Record, *, proxy: bool = True) -> dict[str, dict]:
    """:func:`observed_pacing` of every unit, computed once for the assessment and the warning list.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    dict of str to dict
        Unit (``"region"`` and every prefecture slug, in schema order) → its :func:`observed_pacing`.
    """
    return {u: observed_pacing(record, u, proxy=proxy) for u in UNITS}


def _log_mean(a: float, b: float) -> float:
    return a if a == b else (a - b) / (math.log(a) - math.log(b))


def lmdi(record: Record, unit: str, *, proxy: bool = True) -> pd.DataFrame:
    """Additive LMDI-I of the change in consumption since 2015, for each year with energy and a
    known real GDP index: ``year``, ``energy_10k_tce``, ``change_10k_tce``, ``activity_10k_tce``,
    ``intensity_10k_tce`` (activity + intensity = change, exactly), ``growth_basis``. The base-year
    value is always the plan's (annex 1), as for the lights and the ceilings: one base per page; a
    record's base-year value that differs is flagged as a warning (``attrs['base']``).

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).

    Returns
    -------
    pandas.DataFrame
        One row per such year: ``year`` (int), the ``*_10k_tce`` columns (10^4 tce; changes against 2015)
        and ``growth_basis``. ``attrs``: ``base`` (``"annex 1"``) and ``energy_2015_10k_tce`` (10^4 tce).

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    en = record.series(unit, "energy_10k_tce")
    c = ceilings(record, unit, proxy=proxy).set_index("year")
    # one base on every page: the plan's (the targets are set on it); a record's base-year value
    # that differs is a warning on the same page (records: "base")
    e0 = unit_targets(unit)["energy_2015_10k_tce"]
    rows = []
    for y in PLAN_YEARS:
        G = c.loc[y, "gdp_index"]
        if y not in en.index or math.isnan(G):
            continue
        et = float(en[y])
        if et <= 0 or e0 <= 0:
            continue
        L = _log_mean(et, e0)
        act = L * math.log(G)
        inten = L * math.log((et / e0) / G)
        basis = PROXY if (c.loc[:y, "growth_basis"] == PROXY).any() else "record"
        rows.append((y, et, et - e0, act, inten, basis))
    out = pd.DataFrame(rows, columns=["year", "energy_10k_tce", "change_10k_tce", "activity_10k_tce",
                                      "intensity_10k_tce", "growth_basis"]).astype({"year": "int64"})
    out.attrs["base"] = "annex 1"
    out.attrs["energy_2015_10k_tce"] = e0
    return out


def assessment(record: Record, year: int, *, proxy: bool = True, lang: str = "en",
               pacings: dict[str, dict] | None = None) -> pd.DataFrame:
    """Clause (二十): every unit in ``year`` — ``unit``, ``name``, ``light`` (green/yellow/red, or
    "none": not rateable), ``intensity_light``, ``energy_light``, ``cumulative_cut``,
    ``energy_10k_tce``, ``basis`` and ``reason``. ``pacings``: :func:`observed_pacings`, if at hand.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    year : int
        A plan year, 2016–2020.
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of ``name``.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.

    Returns
    -------
    pandas.DataFrame
        One row per unit (``"region"`` first, then the prefectures): ``cumulative_cut`` (the cut in
        intensity since 2015, a fraction) and ``energy_10k_tce`` (10^4 tce) NaN where unknown; ``basis``
        ("record" or "proxy: region"); ``reason`` in words ("not rateable: …" for light "none").

    Raises
    ------
    JnjpError
        For a year that is not a plan year.
    """
    if year not in PLAN_YEARS:
        raise JnjpError(f"year {year} is not a plan year ({PLAN_YEARS[0]}–{PLAN_YEARS[-1]})")
    pacings = pacings or observed_pacings(record, proxy=proxy)
    rows = []
    for u in UNITS:
        p = pacings[u]
        t = p["table"]
        if t is None or year not in set(t["year"]):
            why = p["reason"] if t is None else f"the record's series end in {int(t['year'].max())}"
            rows.append((u, unit_name(u, lang), "none", "", "", math.nan, math.nan, "", f"not rateable: {why}"))
            continue
        r = t.set_index("year").loc[year]
        rows.append((u, unit_name(u, lang), r["light"], r.get("intensity_light", ""), r.get("energy_light", ""),
                     float(r.get("cumulative_cut", math.nan)), float(r.get("energy_10k_tce", math.nan)),
                     p["basis"], r["reason"]))
    return pd.DataFrame(rows, columns=["unit", "name", "light", "intensity_light", "energy_light", "cumulative_cut",
                                       "energy_10k_tce", "basis", "reason"])


def assessments(record: Record, *, proxy: bool = True, lang: str = "en",
                pacings: dict[str, dict] | None = None) -> dict[int, pd.DataFrame]:
    """:func:`assessment` for every plan year (each unit's pacing computed once).

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of the unit names.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.

    Returns
    -------
    dict of int to pandas.DataFrame
        Plan year (2016–2020) → its :func:`assessment` table.
    """
    pacings = pacings or observed_pacings(record, proxy=proxy)
    return {y: assessment(record, y, lang=lang, pacings=pacings) for y in PLAN_YEARS}


def early_warning(record: Record, *, proxy: bool = True, lang: str = "en",
                  pacings: dict[str, dict] | None = None) -> pd.DataFrame:
    """Clause (二十三): the units to warn, judged on *every* rated year (a unit above its cap in 2018
    and red for four years needs a warning even if its latest year is green) — ``unit``, ``name``,
    ``year`` (the latest rated year), ``light`` (the worst light of any year), ``years`` (the years
    whose light is not green, e.g. "2017, 2018"), the flags ``too_fast`` (consumption above its
    even path in some year), ``cap_exceeded`` (above the target-year cap in some year), ``behind``
    (intensity progress behind the requirement in some year), ``intensity_rose`` (in some year),
    ``implausible_from``, ``why`` in words, ``basis``. A unit is listed if any year's light is
    yellow or red, or its target became implausible. Empty if none (or none rateable).
    ``pacings``: :func:`observed_pacings`, if at hand.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    proxy : bool
        Use the region's growth where the unit has none (labelled ``"proxy: region"``).
    lang : str
        ``"en"`` or ``"zh"``: the language of ``name``.
    pacings : dict of str to dict or None
        :func:`observed_pacings` of the same record, if already computed; None computes it.

    Returns
    -------
    pandas.DataFrame
        One row per unit to warn, with the columns above: ``year`` int; ``light`` "yellow", "red" (or
        "green" where only the target became implausible); the flags bool; ``implausible_from`` a year
        or None; ``basis`` "record" or "proxy: region".
    """
    pacings = pacings or observed_pacings(record, proxy=proxy)
    rows = []
    for u in UNITS:
        p = pacings[u]
        t, v = p["table"], p["verdict"]
        if t is None:
            continue
        # above the cap in any plan year the record holds, inside the rated run or past a gap after it
        en = record.series(u, "energy_10k_tce")
        cap_years = [int(y) for y, e in en.items() if y in PLAN_YEARS
                     and e > t.attrs["energy_2015_10k_tce"] + t.attrs["increment_10k_tce"] + 1e-9]
        bad_light = t["light"].isin(("yellow", "red"))
        energy_lights = t["energy_light"] if "energy_light" in t else pd.Series("green", index=t.index)
        intensity_lights = t["intensity_light"] if "intensity_light" in t else pd.Series("green", index=t.index)
        fast = bool(energy_lights.isin(("yellow", "red")).any())
        over = bool(cap_years)
        behind = bool(intensity_lights.isin(("yellow", "red")).any())
        rose = bool("annual_cut" in t and (t["annual_cut"] < 0).any())
        imp = v.get("implausible_from") if v is not None else None
        if not (bad_light.any() or imp is not None or over):
            continue
        fast = fast or over
        why = []
        if fast:
            why.append("consumption growing too fast" + (" (above the cap)" if over else ""))
        if behind:
            why.append("intensity progress behind schedule" + (" (intensity rose)" if rose else ""))
        if imp is not None:
            why.append(f"target implausible from {imp}")
        worst = "red" if over else max(t["light"], key=("green", "yellow", "red").index)
        rows.append((u, unit_name(u, lang), int(t["year"].iloc[-1]), worst,
                     ", ".join(str(y) for y in sorted({*map(int, t.loc[bad_light, "year"]), *cap_years})),
                     fast, over, behind, rose, imp,
                     "; ".join(why), p["basis"]))
    return pd.DataFrame(rows, columns=["unit", "name", "year", "light", "years", "too_fast", "cap_exceeded", "behind",
                                       "intensity_rose", "implausible_from", "why", "basis"])


def coverage(record: Record, unit: str) -> pd.DataFrame:
    """What the record holds for a unit: ``indicator`` × ``year`` (2015–2020) with the value, or
    NaN where nothing is known. Notes on empty rows (why a value is missing) in ``attrs['notes']``.

    Parameters
    ----------
    record : Record
        A validated record (:func:`jnjp_analysis.records.load`).
    unit : str
        ``"region"`` or a prefecture slug.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator name (schema order), one float column per year 2015–2020: the value (a
        fraction, or in the indicator's unit). ``attrs['notes']``: (indicator, year) → note.

    Raises
    ------
    JnjpError
        For an unknown unit.
    """
    from jnjp_analysis.records.core import indicators

    d = record.data[record.data["unit"] == _check_unit(unit)]
    grid = pd.DataFrame(index=list(indicators()), columns=list(range(BASE_YEAR, TARGET_YEAR + 1)), dtype=float)
    for r in d.itertuples():
        if not math.isnan(r.value):
            grid.loc[r.indicator, r.year] = r.value
    grid.attrs["notes"] = {(r.indicator, int(r.year)): r.note for r in d.itertuples() if math.isnan(r.value) and r.note}
    return grid
