"""The decomposition of the change in consumption since the base year (additive LMDI-I): how much of it
is activity (real GDP) and how much intensity, for the record section of a page."""

from __future__ import annotations

import math

import pandas as pd

from jnjp_analysis.records.assessment import PROXY, analysis_plan, ceilings
from jnjp_analysis.records.record import Record
from jnjp_analysis.records.schema import PlanLike


def _log_mean(a: float, b: float) -> float:
    return a if a == b else (a - b) / (math.log(a) - math.log(b))


def lmdi(record: Record, unit: str, *, proxy: bool = True, plan: PlanLike) -> pd.DataFrame:
    """Additive LMDI-I of the change in consumption since the base year, for each year with energy and
    a known real GDP index: ``year``, ``energy_10k_tce``, ``change_10k_tce``, ``activity_10k_tce``,
    ``intensity_10k_tce`` (activity + intensity = change, exactly), ``growth_basis``. The base-year
    value is always the plan's (Tibet's annex 1), as for the lights and the ceilings: one base per
    page; a record's base-year value that differs is flagged as a warning (``attrs['base']``).

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
        One row per such year: ``year`` (int), the ``*_10k_tce`` columns (10^4 tce; changes against the base
        year) and ``growth_basis``. ``attrs``: ``base`` (the plan's table of the base, ``"annex 1"`` for
        Tibet's) and ``energy_base_10k_tce`` (the base-year consumption, 10^4 tce).

    Raises
    ------
    JnjpError
        For an unknown unit, or a plan other than the record's.
    """
    pl = analysis_plan(record, unit, plan)
    en = record.series(unit, "energy_10k_tce")
    c = ceilings(record, unit, proxy=proxy, plan=pl).set_index("year")
    # one base on every page: the plan's (the targets are set on it); a record's base-year value
    # that differs is a warning on the same page (records: "base")
    e0 = pl.targets(unit).energy_base_10k_tce
    rows = []
    for y in pl.years:
        G = c.loc[y, "gdp_index"]
        if e0 is None or y not in en.index or math.isnan(G):  # no base (a total in words or none): no decomposition
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
    labels = pl.descriptor.get("jnjp:plan", {}).get("labels", {}).get("en", {})
    out.attrs["base"] = str(labels.get("energy_table") or "the plan")
    out.attrs["energy_base_10k_tce"] = e0
    return out
