"""The early-warning list (Tibet's clause (二十三); a plan's warning clause): the units to warn, judged on every
rated year of the record, and why, as flags (the pages say it in words:
:func:`jnjp_analysis.pages.words.warning_why`). Read from the pacing tables of
:func:`jnjp_analysis.records.assessment.observed_pacings`, never from their sentences.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jnjp_analysis.config import TOL
from jnjp_analysis.records.assessment import analysis_plan, observed_pacings
from jnjp_analysis.records.record import Record
from jnjp_analysis.records.schema import PlanLike, unit_keys, unit_name


def early_warning(record: Record, *, proxy: bool = True, lang: str = "en",
                  pacings: dict[str, dict[str, Any]] | None = None, plan: PlanLike) -> pd.DataFrame:
    """The early-warning list (Tibet's clause (二十三)): the units to warn, judged on *every* rated year
    (a unit above its cap in one year and red for four years needs a warning even if its latest year
    is green) — ``unit``, ``name``, ``year`` (the latest rated year), ``light`` (the worst light of
    any year), ``years`` (the years whose light is not green, e.g. "2017, 2018"), the flags
    ``too_fast`` (consumption above its even path in some year), ``cap_exceeded`` (above the
    target-year cap in some plan year), ``behind`` (intensity progress behind the requirement in some
    year), ``intensity_rose`` (in some year), ``implausible_from``, ``basis`` (the pages say why in words from the
    flags: :func:`jnjp_analysis.pages.words.warning_why`). A unit is listed if any year's light is yellow or red,
    or its target became implausible. Empty if none (or none rateable). Every flag is read from the
    numbers and lights of the pacing table (:func:`pacing.check`), none from its sentences.
    ``pacings``: :func:`observed_pacings`, if at hand.

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

    Returns
    -------
    pandas.DataFrame
        One row per unit to warn, with the columns above: ``year`` int; ``light`` "yellow", "red" (or
        "green" where only the target became implausible); the flags bool; ``implausible_from`` a year
        or None; ``basis`` "record" or "proxy: region".
    """
    pl = analysis_plan(record, None, plan)
    pacings = pacings or observed_pacings(record, proxy=proxy, plan=pl)
    cols = ["unit", "name", "year", "light", "years", "too_fast", "cap_exceeded", "behind", "intensity_rose",
            "implausible_from", "basis"]
    rows = []
    for u in unit_keys(pl):
        p = pacings[u]
        t, v = p["table"], p["verdict"]
        if t is None:
            continue
        # above the cap in any plan year the record holds, inside the rated run or past a gap after it
        cap = pl.targets(u).cap_target_10k_tce
        en = record.series(u, "energy_10k_tce")
        cap_years = ([] if cap is None else  # a total in words or none: no cap to exceed
                     [int(y) for y, e in en.items() if y in pl.years and e > cap + TOL])
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
        worst = "red" if over else max(t["light"], key=("green", "yellow", "red").index)
        rows.append((u, unit_name(u, lang, plan=pl), int(t["year"].iloc[-1]), worst,
                     ", ".join(str(y) for y in sorted({*map(int, t.loc[bad_light, "year"]), *cap_years})),
                     fast, over, behind, rose, imp, p["basis"]))
    return pd.DataFrame(rows, columns=cols)
