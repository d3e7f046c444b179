"""Tidy target tables, the catalogue of the plan's region-wide targets, and the reconciliation of
prefecture figures (annexes) against the regional figures (plan body).

Every catalogue row carries the clause it comes from, a verbatim quote of the raw text and the
literal ``value_text`` in that quote from which ``value`` is read; :func:`regional_targets` refuses
to return a row whose quote is not in the raw text or whose value text is not in its quote.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from jnjp_analysis import BASE_YEAR, TARGET_YEAR, T
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import TOL
from jnjp_analysis.errors import CatalogueError


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
        ``cut``, ``cap``, ``floor``, ``full``, ``zero_growth``, ``decrease`` or ``count``.
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
    kind: str  # cut | cap | floor | full | zero_growth | decrease | count
    value_text: str  # the literal text in `quote` that states `value`
    quote: str  # verbatim from the raw text
    note: str = ""


# Hand-curated from the plan body (data/raw/xizang_13fyp_…_2018.txt); checked against the raw text on
# every call. Target year 2020 is the plan's horizon where a clause does not repeat it.
_CATALOGUE: tuple[RegionalTarget, ...] = (
    RegionalTarget("energy_intensity", "(二)", "Energy consumption per unit of GDP", "万元单位生产总值能耗",
                   "region", 2015, 2020, 10.0, "% cut", "cut", "10%",
                   "全区万元单位生产总值能耗比 2015年下降 10%"),
    RegionalTarget("cod_cap", "(二)", "COD emissions cap", "化学需氧量排放总量", "region", None, 2020,
                   2.9, "10^4 t", "cap", "2.9万吨",
                   "全区化学需氧量、氨氮、二氧化硫、氮氧化物排放总量分别控制在 2.9万吨、 0.3万吨、 0.5万吨、 5.3万吨以内"),
    RegionalTarget("nh3n_cap", "(二)", "Ammonia nitrogen emissions cap", "氨氮排放总量", "region", None, 2020,
                   0.3, "10^4 t", "cap", "0.3万吨",
                   "全区化学需氧量、氨氮、二氧化硫、氮氧化物排放总量分别控制在 2.9万吨、 0.3万吨、 0.5万吨、 5.3万吨以内"),
    RegionalTarget("so2_cap", "(二)", "SO2 emissions cap", "二氧化硫排放总量", "region", None, 2020,
                   0.5, "10^4 t", "cap", "0.5万吨",
                   "全区化学需氧量、氨氮、二氧化硫、氮氧化物排放总量分别控制在 2.9万吨、 0.3万吨、 0.5万吨、 5.3万吨以内"),
    RegionalTarget("nox_cap", "(二)", "NOx emissions cap", "氮氧化物排放总量", "region", None, 2020,
                   5.3, "10^4 t", "cap", "5.3万吨",
                   "全区化学需氧量、氨氮、二氧化硫、氮氧化物排放总量分别控制在 2.9万吨、 0.3万吨、 0.5万吨、 5.3万吨以内"),
    RegionalTarget("clean_energy_share", "(五)", "Clean low-carbon energy share of total consumption",
                   "清洁低碳能源消费比重", "region", None, 2020, 55.0, "% of energy consumption", "floor", "55%",
                   "到 2020年,清洁低碳能源消费比重占能源消费总量达到 55%以上"),
    RegionalTarget("industry_intensity", "(六)", "Energy per unit of value added, industry above designated size",
                   "规模以上工业企业单位增加值能耗", "industry", 2015, 2020, math.nan, "direction", "decrease",
                   "有所下降", "规模以上工业企业单位增加值能耗比 2015年有所下降",
                   "qualitative: 'some decrease', no number"),
    RegionalTarget("new_buildings_standard", "(七)", "New buildings meeting the energy-saving design standard",
                   "新建建筑执行节能设计标准", "region", None, 2020, 100.0, "% of new buildings", "full", "全面",
                   "到2020年全区新建建筑全面执行节能设计标准", "全面 (all) read as 100 %"),
    RegionalTarget("lhasa_stop_coverage", "(八)", "Public-transport stops within 500 m, central urban area",
                   "中心城区公共交通站点500米覆盖率", "lhasa", None, 2020, 100.0, "% of area", "full", "全覆盖",
                   "拉萨市实现中心城区公共交通站点 500米内全覆盖", "全覆盖 (full coverage) read as 100 %"),
    RegionalTarget("lhasa_buses_per_10k", "(八)", "Public-transport vehicles per 10^4 residents",
                   "万人公共交通车辆拥有量", "lhasa", None, 2020, 16.0, "standard buses per 10^4 people", "floor",
                   "16标台", "万人公共交通车辆拥有量达到 16标台以上"),
    RegionalTarget("lhasa_transit_share", "(八)", "Public transport share of motorised trips",
                   "公共交通占机动化出行比例", "lhasa", None, 2020, 60.0, "% of motorised trips", "floor", "60%",
                   "公共交通占机动化出行比例达到60%"),
    RegionalTarget("seats_stop_coverage", "(八)", "Public-transport stops within 500 m, central urban area",
                   "中心城区公共交通站点500米覆盖率", "other_seats", None, 2020, 70.0, "% of area", "floor", "70%",
                   "所在地城镇中心城区公共交通站点 500米覆盖率达到 70%"),
    RegionalTarget("seats_buses_per_10k", "(八)", "Public-transport vehicles per 10^4 residents",
                   "万人公共交通车辆拥有量", "other_seats", None, 2020, 14.0, "standard buses per 10^4 people",
                   "floor", "14标台", "万人公共交通车辆拥有量达到 14标台以上"),
    RegionalTarget("seats_transit_share", "(八)", "Public transport share of motorised trips",
                   "公共交通占机动化出行比例", "other_seats", None, 2020, 50.0, "% of motorised trips", "floor",
                   "50%", "公共交通占机动化出行比例达到 50%"),
    RegionalTarget("public_energy_per_area", "(十一)", "Public institutions: energy per m² of floor area",
                   "公共机构单位建筑面积能耗", "public_institutions", 2015, 2020, 9.0, "% cut", "cut", "9%",
                   "2020年公共机构单位建筑面积能耗、人均综合能耗和人均用水量指标分别比 2015年降低 9%、10%和15%"),
    RegionalTarget("public_energy_per_capita", "(十一)", "Public institutions: energy per person",
                   "公共机构人均综合能耗", "public_institutions", 2015, 2020, 10.0, "% cut", "cut", "10%",
                   "2020年公共机构单位建筑面积能耗、人均综合能耗和人均用水量指标分别比 2015年降低 9%、10%和15%"),
    RegionalTarget("public_water_per_capita", "(十一)", "Public institutions: water use per person",
                   "公共机构人均用水量", "public_institutions", 2015, 2020, 15.0, "% cut", "cut", "15%",
                   "2020年公共机构单位建筑面积能耗、人均综合能耗和人均用水量指标分别比 2015年降低 9%、10%和15%"),
    RegionalTarget("lake_surveys", "(十二)", "Lake basins with a full ecological survey", "湖泊流域生态环境系统调查",
                   "region", None, 2020, 75.0, "lake basins", "count", "75个",
                   "在75个湖泊流域全面开展生态环境系统调查工作"),
    RegionalTarget("fertiliser_pesticide_use", "(十六)", "Fertiliser and pesticide use per mu, main crops",
                   "主要农作物化肥农药亩均使用量", "agriculture", None, 2020, 0.0, "% growth", "zero_growth",
                   "零增长", "到 2020年实现主要农作物化肥农药亩均使用量零增长", "零增长 (zero growth) read as 0 %"),
    RegionalTarget("fertiliser_utilisation", "(十六)", "Fertiliser utilisation rate", "化肥利用率", "agriculture",
                   None, 2020, 30.0, "%", "floor", "30%", "化肥利用率提高到 30%以上"),
)

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


def regional_targets(path=None) -> pd.DataFrame:
    """The plan body's quantitative targets, one row each (see :class:`RegionalTarget`).

    Raises :class:`CatalogueError` naming the row if a quote is not in the raw text, a value text
    is not in its quote, or a value differs from what its value text says.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file, verified against its recorded hash).

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
    text = source.raw_text(path)
    for t in _CATALOGUE:
        if t.quote not in text:
            raise CatalogueError(f"regional target {t.target_id} {t.clause}: quote not in the raw text: {t.quote!r}")
        if t.value_text not in t.quote:
            raise CatalogueError(f"regional target {t.target_id}: value_text {t.value_text!r} not in its quote")
        v = value_from_text(t.value_text)
        if not (v == t.value or (math.isnan(v) and math.isnan(t.value))):
            raise CatalogueError(f"regional target {t.target_id}: value {t.value} but value_text says {v}")
        # the clause heading must exist too, e.g. "(二)" / "(十一 )" as printed
        if t.clause[1:-1] + " )" not in text and t.clause not in text:
            raise CatalogueError(f"regional target {t.target_id}: clause {t.clause} not found in the raw text")
    df = pd.DataFrame([asdict(t) for t in _CATALOGUE])
    df["base_year"] = df["base_year"].astype("Int64")
    df["target_year"] = df["target_year"].astype("int64")
    return df


def regional_value(target_id: str) -> float:
    """The ``value`` of one regional target, in its unit (10.0 for the 10 % intensity cut).

    Parameters
    ----------
    target_id : str
        The target's identifier, e.g. ``"energy_intensity"``.

    Returns
    -------
    float
        The value as the catalogue holds it (percentages as percent, caps in 10^4 t, …).

    Raises
    ------
    JnjpError
        If no target has that identifier.
    """
    df = regional_targets()
    row = df.loc[df["target_id"] == target_id]
    if row.empty:
        raise JnjpError(f"unknown regional target {target_id!r}; valid: {', '.join(df['target_id'])}")
    return float(row["value"].iloc[0])


def reconcile(path=None) -> pd.DataFrame:
    """Prefecture figures (annexes) against the regional figures (plan body, clause (二)).

    One row per check, columns ``check``, ``indicator``, ``unit``, ``prefecture_sum``, ``regional``,
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
        The plan's raw text (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        Eight rows with the columns above; ``prefecture_sum``, ``regional`` and ``difference`` in ``unit``
        (10^4 t, 10^4 tce, %/yr or %; ``regional`` and ``difference`` NaN where the plan body gives no
        figure), ``status`` one of ``exceeds``, ``within``, ``info``, ``stricter``, ``looser``, ``equal``.
        ``attrs`` holds ``base_year`` and ``target_year``.

    Raises
    ------
    JnjpError
        If the raw text cannot be parsed or the catalogue does not match it.
    """
    e = source.energy_targets(path)
    caps = source.pollutant_caps(path)
    reg = regional_targets(path).set_index("target_id")
    rows = []
    for pol, g in caps.groupby("pollutant", sort=False):
        s = round(float(g["cap_2020_10k_t"].sum()), 6)
        r = float(reg.loc[f"{pol}_cap", "value"])
        d = round(s - r, 6)
        rows.append(
            dict(check=f"{pol}_cap_sum", indicator=f"{source.POLLUTANTS[pol]['zh']} 2020 cap", unit="10^4 t",
                 prefecture_sum=s, regional=r, difference=d,
                 status="exceeds" if d > TOL else "within",
                 note=("prefecture caps add up to more than the regional cap as printed" if d > TOL
                       else "prefecture caps fit within the regional cap"))
        )
    e15 = float(e["energy_2015_10k_tce"].sum())
    inc = float(e["increment_10k_tce"].sum())
    cap = e15 + inc
    growth = (cap / e15) ** (1 / T) - 1
    rows.append(dict(check="energy_2015_sum", indicator="2015 energy consumption", unit="10^4 tce",
                     prefecture_sum=e15, regional=np.nan, difference=np.nan, status="info",
                     note="the plan body gives no regional total"))
    rows.append(dict(check="increment_sum", indicator="allowed increment 2015-2020", unit="10^4 tce",
                     prefecture_sum=inc, regional=np.nan, difference=np.nan, status="info",
                     note="the plan body gives no regional increment"))
    rows.append(dict(check="cap_2020_sum", indicator="2020 consumption cap (2015 + increment)", unit="10^4 tce",
                     prefecture_sum=cap, regional=np.nan, difference=np.nan, status="info",
                     note=f"average growth allowed {growth * 100:.2f} %/yr"))
    rows.append(dict(check="cap_average_growth", indicator="average annual growth allowed by the caps",
                     unit="%/yr", prefecture_sum=round(growth * 100, 4), regional=np.nan, difference=np.nan,
                     status="info", note="(Σcap / ΣE2015)^(1/5) − 1"))
    w = float((e["energy_2015_10k_tce"] * e["intensity_cut_pct"]).sum() / e15)
    r = float(reg.loc["energy_intensity", "value"])
    rows.append(dict(check="intensity_cut_weighted", indicator="energy-weighted intensity cut", unit="%",
                     prefecture_sum=round(w, 4), regional=r, difference=round(w - r, 4),
                     status="stricter" if w > r else ("looser" if w < r else "equal"),
                     note="Σ E2015·cut / Σ E2015; exact for the region if all grow at the same GDP rate"))
    out = pd.DataFrame(rows)
    out.attrs["base_year"], out.attrs["target_year"] = BASE_YEAR, TARGET_YEAR
    return out


def energy_targets_long(path=None) -> pd.DataFrame:
    """Annex 1 as one row per prefecture × indicator, with a ``unit`` column.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        Columns ``prefecture`` (slug), ``indicator`` (``intensity_cut_pct``, ``energy_2015_10k_tce``,
        ``increment_10k_tce``, ``cap_2020_10k_tce``), ``value``, ``unit`` (``%`` or ``10^4 tce``) and
        ``source_line`` (line in the raw file).
    """
    e = source.energy_targets(path)
    specs = [("intensity_cut_pct", "%"), ("energy_2015_10k_tce", "10^4 tce"),
             ("increment_10k_tce", "10^4 tce"), ("cap_2020_10k_tce", "10^4 tce")]
    rows = [dict(prefecture=r.prefecture, indicator=c, value=getattr(r, c), unit=u, source_line=r.source_line)
            for r in e.itertuples() for c, u in specs]
    return pd.DataFrame(rows)


def processed_tables(path=None) -> dict[str, pd.DataFrame]:
    """The tables ``jnjp data`` writes to data/processed/, by file stem.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``energy_targets`` and ``pollutant_caps`` (from :mod:`jnjp_analysis.source`), ``regional_targets``
        and ``reconciliation``.
    """
    return {
        "energy_targets": source.energy_targets(path),
        "pollutant_caps": source.pollutant_caps(path),
        "regional_targets": regional_targets(path),
        "reconciliation": reconcile(path),
    }


def write_processed(out_dir=None, path=None) -> list:
    """Write :func:`processed_tables` as UTF-8 CSV (sorted as returned, ``\\n`` line ends).

    Parameters
    ----------
    out_dir : path-like, optional
        The folder to write to, created if needed (default data/processed/ of a source checkout).
    path : path-like, optional
        The plan's raw text (default: the shipped file).

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
                        f"tables are in {source.PROCESSED_DIR}")
    out = Path(out_dir or source.PROCESSED_DIR)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, df in processed_tables(path).items():
        f = out / f"{stem}.csv"
        df.to_csv(f, index=False, lineterminator="\n")
        written.append(f)
    return written
