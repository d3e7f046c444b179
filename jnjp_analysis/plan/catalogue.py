"""Tidy target tables, the catalogue of the plan's region-wide targets, and the reconciliation of
prefecture figures (annexes) against the regional figures (plan body).

Every catalogue row carries the clause it comes from, a verbatim quote of the raw text and the
literal ``value_text`` in that quote from which ``value`` is read; :func:`regional_targets` refuses
to return a row whose quote is not in the raw text or whose value text is not in its quote.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

import numpy as np
import pandas as pd

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import PROCESSED_ROOT, TOL
from jnjp_analysis.errors import CatalogueError
from jnjp_analysis.plan import xizang_13fyp as source


@dataclass(frozen=True)
class RegionalTarget:
    """One quantitative target of the plan body, with the clause and the verbatim quote it comes from.

    Attributes
    ----------
    target_id : str
        A stable identifier, e.g. ``energy_intensity`` or ``so2_cap``.
    clause : str
        The clause as printed, e.g. ``"(二)"``.
    indicator, indicator_zh : str
        The indicator in English and as the plan names it.
    scope : str
        Whom the target binds: ``region``, ``lhasa``, ``other_seats``, ``public_institutions``, …
    base_year : int or None
        The year the target is measured against (2015), None for a level.
    target_year : int
        The year by which it is to be met (2020 where the clause does not repeat it).
    value : float
        The number, in ``unit`` (10.0 for a 10 % cut; NaN for a qualitative target).
    unit : str
        The unit of ``value``, e.g. ``"% cut"``, ``"10^4 t"``.
    kind : str
        ``cut``, ``cap``, ``floor``, ``full``, ``zero_growth``, ``decrease``, ``count`` or ``reduction`` (an
        amount the key projects remove, 重点工程减排量).
    value_text : str
        The literal text in ``quote`` that states ``value``.
    quote : str
        The sentence verbatim from the raw text.
    note : str
        How a word was read as a number, where it was.
    """

    target_id: str
    clause: str  # as printed, e.g. "(二)"
    indicator: str  # English
    indicator_zh: str
    scope: str  # region, lhasa, other_seats, public_institutions, ...
    base_year: int | None
    target_year: int
    value: float
    unit: str
    kind: str  # cut | cap | floor | full | zero_growth | decrease | count | reduction
    value_text: str  # the literal text in `quote` that states `value`
    quote: str  # verbatim from the raw text
    note: str = ""


def _catalogue(plan) -> tuple[RegionalTarget, ...]:
    """The rows of a plan package's ``catalogue.csv`` (hand-curated from the plan body; each row is
    checked against the text by :func:`regional_targets`)."""
    from jnjp_analysis import files

    path = plan.folder / "catalogue.csv"
    if not path.is_file():
        return ()
    header, rows = files.csv_rows(path, "catalogue")
    need = ["target_id", "clause", "indicator", "indicator_zh", "scope", "base_year", "target_year", "value", "unit",
            "kind", "value_text", "quote"]
    missing = [c for c in need if c not in header]
    if missing:
        raise CatalogueError(f"{path}: header (row 1) lacks {missing}")
    out = []
    for i, r in rows:
        try:
            out.append(RegionalTarget(
                r["target_id"], r["clause"], r["indicator"], r["indicator_zh"], r["scope"],
                int(r["base_year"]) if r["base_year"] else None,
                int(r["target_year"]) if r["target_year"] else plan.target_year,
                float(r["value"]) if r["value"] else math.nan, r["unit"], r["kind"], r["value_text"], r["quote"],
                r.get("note", "")))
        except ValueError as exc:
            raise CatalogueError(f"{path}, row {i}: base_year and target_year must be years and value a number "
                                 f"({exc})") from None
    return tuple(out)


# value_text that states a number in words rather than digits, and the number it means
_WORD_VALUES = {"全面": 100.0, "全覆盖": 100.0, "零增长": 0.0, "有所下降": math.nan}


def value_from_text(value_text: str) -> float:
    """The number a catalogue ``value_text`` states: digits as written, or a word from _WORD_VALUES.

    Parameters
    ----------
    value_text : str
        The literal text, e.g. ``"10%"``, ``"2.9万吨"`` or ``"全面"``.

    Returns
    -------
    float
        The number as written (10.0 for ``"10%"``), 100.0 / 0.0 / NaN for the words of _WORD_VALUES.

    Raises
    ------
    CatalogueError
        If the text states no number.
    """
    if value_text in _WORD_VALUES:
        return _WORD_VALUES[value_text]
    digits = "".join(ch for ch in value_text if ch.isdigit() or ch == ".")
    if not digits:
        raise CatalogueError(f"value_text {value_text!r} states no number")
    return float(digits)


def regional_targets(path=None, *, plan) -> pd.DataFrame:
    """The plan body's quantitative targets, one row each (see :class:`RegionalTarget`).

    Raises :class:`CatalogueError` naming the row if a quote is not in the raw text, a value text
    is not in its quote, or a value differs from what its value text says.

    Parameters
    ----------
    path : path-like, optional
        A plan text to check the rows against (default: the plan's own, verified against its hash).
    plan : Plan or str
        The plan (required), whose ``catalogue.csv`` holds the rows.

    Returns
    -------
    pandas.DataFrame
        One row per target with the fields of :class:`RegionalTarget` as columns (``base_year`` nullable
        Int64, ``target_year`` int64; ``value`` in ``unit``).

    Raises
    ------
    CatalogueError
        If a quote, value text, value or clause does not match the raw text, as above.
    readers.SourceHashError
        If the shipped text does not match its recorded SHA-256.
    """
    from jnjp_analysis.plan.load import required as load
    from jnjp_analysis.plan.text import plan_text

    plan = load(plan)
    text = plan_text(path or plan.text_file)
    rows = _catalogue(plan)
    for t in rows:
        if t.quote not in text:
            raise CatalogueError(f"regional target {t.target_id} {t.clause}: quote not in the raw text: {t.quote!r}")
        if t.value_text not in t.quote:
            raise CatalogueError(f"regional target {t.target_id}: value_text {t.value_text!r} not in its quote")
        v = value_from_text(t.value_text)
        if not (v == t.value or (math.isnan(v) and math.isnan(t.value))):
            raise CatalogueError(f"regional target {t.target_id}: value {t.value} but value_text says {v}")
        # the clause heading must exist too, e.g. "(二)" / "(十一 )" as printed; none where the copy shows no
        # numbered clause (a summary, an excerpt): the quoted sentence is then the target's reference
        if t.clause and t.clause[1:-1] + " )" not in text and t.clause not in text:
            raise CatalogueError(f"regional target {t.target_id}: clause {t.clause} not found in the raw text")
    df = pd.DataFrame([asdict(t) for t in rows], columns=[f.name for f in fields(RegionalTarget)])
    df["base_year"] = df["base_year"].astype("Int64")
    df["target_year"] = df["target_year"].astype("int64")
    return df


def regional_value(target_id: str, *, plan) -> float:
    """The ``value`` of one regional target, in its unit (10.0 for the 10 % intensity cut).

    Parameters
    ----------
    target_id : str
        The target's identifier, e.g. ``"energy_intensity"``.
    plan : Plan or str
        The plan (required).

    Returns
    -------
    float
        The value as the catalogue holds it (percentages as percent, caps in 10^4 t, …).

    Raises
    ------
    JnjpError
        If no target has that identifier.
    """
    df = regional_targets(plan=plan)
    row = df.loc[df["target_id"] == target_id]
    if row.empty:
        raise JnjpError(f"unknown regional target {target_id!r}; valid: {', '.join(df['target_id'])}")
    return float(row["value"].iloc[0])


def reconcile(path=None, *, plan) -> pd.DataFrame:
    """Prefecture figures (annexes) against the regional figures (plan body, clause (二)).

    One row per check, columns ``check``, ``indicator``, ``unit``, ``units_sum``, ``regional``,
    ``difference`` (sum − regional), ``status`` and ``note``:

    * the four pollutant caps: Σ annex-2 caps against the regional caps; status ``exceeds`` where the
      prefecture caps add up to more than the region may emit (as printed: NH3-N 0.344 > 0.3 and
      SO2 0.538 > 0.5) and ``within`` otherwise;
    * 2015 energy consumption total and the sum of allowed increments (no regional figure in the
      plan: status ``info``), and the 2020 total cap with its average annual growth;
    * the energy-weighted mean of the prefecture intensity cuts, Σ E_i·R_i / Σ E_i, against the
      regional 10 %. If every prefecture grows at the same real GDP rate and meets its cut exactly,
      the regional intensity falls by exactly this much, so a figure above 10 % means the
      prefecture targets together are at least as strict as the regional one.

    Parameters
    ----------
    path : path-like, optional
        A plan text to check the catalogue against (default: the plan's own).
    plan : Plan or str
        The plan (required).

    Returns
    -------
    pandas.DataFrame
        Eight rows with the columns above; ``units_sum``, ``regional`` and ``difference`` in ``unit``
        (10^4 t, 10^4 tce, %/yr or %; ``regional`` and ``difference`` NaN where the plan body gives no
        figure), ``status`` one of ``exceeds``, ``within``, ``info``, ``stricter``, ``looser``, ``equal``.
        ``attrs`` holds ``base_year`` and ``target_year``. A plan whose total is stated in words or not
        at all (:attr:`Plan.has_numeric_total` false) has the pollutant rows only: no base to add up or
        to weight the intensity cuts by.

    Raises
    ------
    JnjpError
        If the raw text cannot be parsed or the catalogue does not match it.
    """
    from jnjp_analysis.plan.load import required as load

    plan = load(plan)
    e = plan.energy_targets()
    caps = plan.pollutant_caps()
    reg = regional_targets(path, plan=plan).set_index("target_id")
    B, Y = plan.base_year, plan.target_year
    rows = []
    for pol, g in caps.groupby("pollutant", sort=False):
        s = round(float(g["cap_target_10k_t"].sum()), 6)
        r = float(reg.loc[f"{pol}_cap", "value"]) if f"{pol}_cap" in reg.index else np.nan
        d = round(s - r, 6)
        rows.append(
            dict(check=f"{pol}_cap_sum", indicator=f"{plan.pollutant(pol).name} {Y} cap", unit="10^4 t",
                 units_sum=s, regional=r, difference=d,
                 status="info" if math.isnan(r) else ("exceeds" if d > TOL else "within"),
                 note=("the plan body gives no regional cap" if math.isnan(r)
                       else "prefecture caps add up to more than the regional cap as printed" if d > TOL
                       else "prefecture caps fit within the regional cap"))
        )
    if not plan.has_numeric_total:  # a total in words or none: no base, increment or cap to add up
        out = pd.DataFrame(rows, columns=["check", "indicator", "unit", "units_sum", "regional", "difference",
                                          "status", "note"])
        out.attrs.update(plan=plan.id, base_year=B, target_year=Y)
        return out
    e0 = float(e["energy_base_10k_tce"].sum())
    inc = float(e["increment_10k_tce"].sum())
    cap = e0 + inc
    growth = (cap / e0) ** (1 / plan.T) - 1
    rows.append(dict(check="energy_base_sum", indicator=f"{B} energy consumption", unit="10^4 tce",
                     units_sum=e0, regional=np.nan, difference=np.nan, status="info",
                     note="the plan body gives no regional total"))
    if "energy_increment" in reg.index:  # a plan body that states the regional increment (14th-period plans)
        ri = float(reg.loc["energy_increment", "value"])
        di = round(inc - ri, 6)
        rows.append(dict(check="increment_sum", indicator=f"allowed increment {B}-{Y}", unit="10^4 tce",
                         units_sum=inc, regional=ri, difference=di,
                         status="exceeds" if di > TOL else "within",
                         note=("the units' increments add up to more than the regional increment as printed"
                               if di > TOL else "the units' increments fit within the regional increment")))
    else:
        rows.append(dict(check="increment_sum", indicator=f"allowed increment {B}-{Y}", unit="10^4 tce",
                         units_sum=inc, regional=np.nan, difference=np.nan, status="info",
                         note="the plan body gives no regional increment"))
    rows.append(dict(check="cap_target_sum", indicator=f"{Y} consumption cap ({B} + increment)", unit="10^4 tce",
                     units_sum=cap, regional=np.nan, difference=np.nan, status="info",
                     note=f"average growth allowed {growth * 100:.2f} %/yr"))
    rows.append(dict(check="cap_average_growth", indicator="average annual growth allowed by the caps",
                     unit="%/yr", units_sum=round(growth * 100, 4), regional=np.nan, difference=np.nan,
                     status="info", note=f"(Σcap / ΣE{B})^(1/{plan.T}) − 1"))
    w = float((e["energy_base_10k_tce"] * e["intensity_cut_pct"]).sum() / e0)
    r = float(reg.loc["energy_intensity", "value"]) if "energy_intensity" in reg.index else np.nan
    rows.append(dict(check="intensity_cut_weighted", indicator="energy-weighted intensity cut", unit="%",
                     units_sum=round(w, 4), regional=r, difference=round(w - r, 4),
                     status="info" if math.isnan(r) else ("stricter" if w > r else ("looser" if w < r else "equal")),
                     note=f"Σ E{B}·cut / Σ E{B}; exact for the region if all grow at the same GDP rate"))
    if plan.has_incentive and e["incentive_cut_pct"].notna().all():  # every unit has one (else no mean of them)
        wi = float((e["energy_base_10k_tce"] * e["incentive_cut_pct"]).sum() / e0)
        ri = float(reg.loc["energy_intensity_incentive", "value"]) if "energy_intensity_incentive" in reg.index else np.nan
        rows.append(dict(check="incentive_cut_weighted", indicator="energy-weighted incentive intensity cut", unit="%",
                         units_sum=round(wi, 4), regional=ri, difference=round(wi - ri, 4),
                         status="info" if math.isnan(ri) else ("stricter" if wi > ri else ("looser" if wi < ri else "equal")),
                         note=f"Σ E{B}·incentive cut / Σ E{B}, as the basic target's"))
    out = pd.DataFrame(rows)
    out.attrs.update(plan=plan.id, base_year=B, target_year=Y)
    return out


def energy_targets_long(path=None) -> pd.DataFrame:
    """Annex 1 as one row per unit × indicator, with a ``unit_of_value`` column.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        Columns ``unit`` (slug), ``indicator`` (``intensity_cut_pct``, ``energy_2015_10k_tce``,
        ``increment_10k_tce``, ``cap_2020_10k_tce``), ``value``, ``unit_of_value`` (``%`` or ``10^4 tce``) and
        ``source_line`` (line in the raw file).
    """
    e = source.energy_targets(path)
    specs = [("intensity_cut_pct", "%"), ("energy_2015_10k_tce", "10^4 tce"),
             ("increment_10k_tce", "10^4 tce"), ("cap_2020_10k_tce", "10^4 tce")]
    rows = [dict(unit=r.unit, indicator=c, value=getattr(r, c), unit_of_value=u, source_line=r.source_line)
            for r in e.itertuples() for c, u in specs]
    return pd.DataFrame(rows)


def processed_tables(path=None, *, plan) -> dict[str, pd.DataFrame]:
    """The tables ``jnjp data`` writes to data/processed/, by file stem.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).
    plan : Plan or str
        The plan (required).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``energy_targets`` and ``pollutant_caps`` (from :mod:`jnjp_analysis.plan.xizang_13fyp`), ``regional_targets``
        and ``reconciliation``.
    """
    from jnjp_analysis.plan.load import required as load

    plan = load(plan)
    return {
        "energy_targets": plan.energy_targets(),
        "pollutant_caps": plan.pollutant_caps(),
        "regional_targets": regional_targets(path, plan=plan),
        "reconciliation": reconcile(path, plan=plan),
    }


def write_processed(out_dir=None, path=None, *, plan) -> list:
    """Write :func:`processed_tables` as UTF-8 CSV (sorted as returned, ``\\n`` line ends).

    Parameters
    ----------
    out_dir : path-like, optional
        The folder to write to, created if needed (default data/processed/ of a source checkout).
    path : path-like, optional
        The plan's raw text (default: the shipped file).
    plan : Plan or str
        The plan (required).

    Returns
    -------
    list of pathlib.Path
        The files written, ``<stem>.csv``, in the order of :func:`processed_tables`.

    Raises
    ------
    JnjpError
        If no ``out_dir`` is given in an installed package.
    """
    from pathlib import Path

    from jnjp_analysis.config import INSTALLED

    if out_dir is None and INSTALLED:
        raise JnjpError("this is an installed package: give an output folder (jnjp data --out DIR); the shipped "
                        f"tables are in {PROCESSED_ROOT}")
    from jnjp_analysis.plan.load import required as load

    plan = load(plan)
    out = Path(out_dir or PROCESSED_ROOT / plan.id)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, df in processed_tables(path, plan=plan).items():
        f = out / f"{stem}.csv"
        df.to_csv(f, index=False, lineterminator="\n")
        written.append(f)
    return written
