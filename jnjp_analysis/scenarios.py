"""Scenario projections to 2020, Monte Carlo, and the double-control feasibility surface.

A scenario fixes, per prefecture and year 2016-2020, real GDP growth ``g_t`` and how energy follows
it, by exactly one of:

* ``intensity_cut`` r_t:     E_t = E_{t−1}·(1 + g_t)·(1 − r_t)
* ``energy_elasticity`` ε_t: E_t = E_{t−1}·(1 + ε_t·g_t)   (elasticity = energy growth / GDP growth)
* ``energy_growth`` e_t:     E_t = E_{t−1}·(1 + e_t)

starting from the annex-1 2015 consumption E_2015 (10^4 tce). Intensity index I_t = (E_t/E_2015) /
(Y_t/Y_2015). In 2020 the intensity control is met when 1 − I_2020 ≥ R and the total control when
E_2020 ≤ E_2015 + ΔE.

Shipped scenarios live in ``data/raw/scenarios.csv``: one row per scenario × prefecture × parameter,
year columns 2016-2020 and a ``rationale``. Two values are computed rather than typed: ``implied``
(GDP growth at which the two controls coincide) and ``even`` (the even annual pace of the
prefecture's intensity target).

The projection core (:func:`_energy_paths`) steps year by year over arrays of draws, so the
deterministic projection, the feasibility grid and the Monte Carlo run the same code.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import BASE_YEAR, PLAN_YEARS, T, TARGET_YEAR, prefectures, source, trajectory

from .config import SCENARIO_FILE  # noqa: E402
YEAR_COLS = [str(y) for y in PLAN_YEARS]
ENERGY_MODES = ("intensity_cut", "energy_elasticity", "energy_growth")
POLLUTANT_GROWTH = tuple(f"{p}_growth" for p in source.POLLUTANTS)
PARAMETERS = ("gdp_growth", *ENERGY_MODES, *POLLUTANT_GROWTH)
REGION = "region"
_EPS = 1e-9


class ScenarioError(ValueError):
    """A bad scenario row or argument; the message names file, row and column where there is one."""


@dataclass(frozen=True)
class Scenario:
    """One named scenario. ``gdp_growth`` and ``energy_param``: DataFrames indexed by prefecture
    slug with int year columns 2016-2020; ``energy_mode``: per prefecture, one of ENERGY_MODES;
    ``pollutant_growth``: optional {pollutant: DataFrame like gdp_growth}."""

    name: str
    gdp_growth: pd.DataFrame
    energy_mode: pd.Series
    energy_param: pd.DataFrame
    pollutant_growth: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    rationale: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def prefectures(self) -> list[str]:
        return list(self.gdp_growth.index)

    @classmethod
    def constant(cls, name: str, gdp_growth: float, *, intensity_cut: float | None = None,
                 energy_elasticity: float | None = None, energy_growth: float | None = None,
                 prefectures_: Iterable[str] | None = None) -> "Scenario":
        """The same constant rates for every listed prefecture (default all seven)."""
        given = {k: v for k, v in (("intensity_cut", intensity_cut), ("energy_elasticity", energy_elasticity),
                                   ("energy_growth", energy_growth)) if v is not None}
        if len(given) != 1:
            raise ScenarioError(f"give exactly one of {', '.join(ENERGY_MODES)}; got {sorted(given) or 'none'}")
        mode, value = next(iter(given.items()))
        slugs = [prefectures.get(p).slug for p in (prefectures_ or prefectures.SLUGS)]
        g = trajectory.check_rate(gdp_growth, "gdp_growth")
        _check_param(mode, value, "argument", 0, mode)
        gdf = pd.DataFrame(g, index=pd.Index(slugs, name="prefecture"), columns=list(PLAN_YEARS))
        pdf = pd.DataFrame(float(value), index=gdf.index, columns=list(PLAN_YEARS))
        return cls(name, gdf, pd.Series(mode, index=gdf.index, name="energy_mode"), pdf)

    def to_rows(self) -> list[dict[str, object]]:
        """The scenario as rows of the scenario CSV (for copying into data/raw/scenarios.csv)."""
        rows = []
        for slug in self.prefectures:
            for param, df in (("gdp_growth", self.gdp_growth), (str(self.energy_mode[slug]), self.energy_param)):
                row: dict[str, object] = {"scenario": self.name, "prefecture": slug, "parameter": param}
                row.update({str(y): round(float(df.loc[slug, y]), 6) for y in PLAN_YEARS})
                row["rationale"] = self.rationale.get((slug, param), "")
                rows.append(row)
        return rows

    def to_csv_text(self) -> str:
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["scenario", "prefecture", "parameter", *YEAR_COLS, "rationale"],
                           lineterminator="\n")
        w.writerows(self.to_rows())
        return buf.getvalue()


def _check_param(parameter: str, value: float, where: str, row: int, column: str) -> None:
    loc = f"{where}, row {row}, column {column!r}" if row else f"{where} {column!r}"
    if isinstance(value, float) and math.isnan(value):
        raise ScenarioError(f"{loc}: value is NaN")
    if parameter in ("gdp_growth", "energy_growth", *POLLUTANT_GROWTH) and value <= -1.0:
        raise ScenarioError(f"{loc}: {parameter} = {value:g} is at or below −100 %")
    if parameter == "intensity_cut" and not -1.0 < value < 1.0:
        raise ScenarioError(f"{loc}: intensity_cut = {value:g} is outside (−1, 1) (cuts are fractions)")
    if parameter == "energy_elasticity" and not -5.0 <= value <= 5.0:
        raise ScenarioError(f"{loc}: energy_elasticity = {value:g} is outside [−5, 5]")


def load(path: Path | str | None = None) -> dict[str, Scenario]:
    """Read a scenario CSV (default ``data/raw/scenarios.csv``) into {name: Scenario}, in file order.

    Rejects, naming file, row (1 = header) and column: missing columns, an empty or unknown
    scenario name cell, an unknown prefecture or parameter, a missing year value, a non-number, NaN,
    growth at or below −100 %, a duplicate row, a keyword (``implied``/``even``) where it has no
    meaning, and a scenario × prefecture without GDP growth or with other than one energy mode.
    """
    f = Path(path or SCENARIO_FILE)
    if not f.exists():
        raise FileNotFoundError(f"scenario file {f} not found")
    with f.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        need = ["scenario", "prefecture", "parameter", *YEAR_COLS]
        missing = [c for c in need if c not in header]
        if missing:
            raise ScenarioError(f"{f}: header (row 1) lacks columns {missing}; need {need} and 'rationale'")
        records: dict[str, dict[str, dict[str, list[float]]]] = {}
        rationale: dict[str, dict[tuple[str, str], str]] = {}
        seen: dict[tuple[str, str, str], int] = {}
        energy_rows = source.energy_targets().set_index("prefecture")
        for i, row in enumerate(reader, start=2):
            name = (row.get("scenario") or "").strip()
            if not name or not name.replace("_", "").replace("-", "").isalnum():
                raise ScenarioError(f"{f}, row {i}, column 'scenario': bad scenario name {name!r}")
            try:
                slug = prefectures.get(row.get("prefecture") or "").slug
            except prefectures.UnknownPrefectureError as exc:
                raise ScenarioError(f"{f}, row {i}, column 'prefecture': {exc}") from None
            param = (row.get("parameter") or "").strip()
            if param not in PARAMETERS:
                raise ScenarioError(f"{f}, row {i}, column 'parameter': unknown parameter {param!r}; "
                                    f"valid: {', '.join(PARAMETERS)}")
            key = (name, slug, param)
            if key in seen:
                raise ScenarioError(f"{f}, row {i}: duplicate of row {seen[key]} ({name}, {slug}, {param})")
            seen[key] = i
            et = energy_rows.loc[slug]
            values = []
            for col in YEAR_COLS:
                cell = (row.get(col) or "").strip()
                if cell == "":
                    raise ScenarioError(f"{f}, row {i}, column {col!r}: missing value for year {col}")
                if cell == "implied":
                    if param != "gdp_growth":
                        raise ScenarioError(f"{f}, row {i}, column {col!r}: 'implied' applies to gdp_growth only")
                    v = trajectory.implied_gdp_growth(slug)
                elif cell == "even":
                    if param != "intensity_cut":
                        raise ScenarioError(f"{f}, row {i}, column {col!r}: 'even' applies to intensity_cut only")
                    v = trajectory.even_annual_cut(float(et["intensity_cut"]))
                else:
                    try:
                        v = float(cell)
                    except ValueError:
                        raise ScenarioError(f"{f}, row {i}, column {col!r}: {cell!r} is not a number") from None
                _check_param(param, v, str(f), i, col)
                values.append(v)
            records.setdefault(name, {}).setdefault(slug, {})[param] = values
            rationale.setdefault(name, {})[(slug, param)] = (row.get("rationale") or "").strip()
    out: dict[str, Scenario] = {}
    for name, by_pref in records.items():
        out[name] = _assemble(name, by_pref, rationale[name], str(f), seen)
    if not out:
        raise ScenarioError(f"{f}: no scenario rows")
    return out


def _assemble(name, by_pref, rationale, where, seen) -> Scenario:
    slugs = [s for s in prefectures.SLUGS if s in by_pref]
    g, mode, par = {}, {}, {}
    pol: dict[str, dict[str, list[float]]] = {}
    for slug in slugs:
        params = by_pref[slug]
        first_row = min(seen[(name, slug, p)] for p in params)
        if "gdp_growth" not in params:
            raise ScenarioError(f"{where}, row {first_row}: scenario {name!r}, {slug}: no gdp_growth row")
        modes = [m for m in ENERGY_MODES if m in params]
        if len(modes) != 1:
            raise ScenarioError(f"{where}, row {first_row}: scenario {name!r}, {slug}: needs exactly one of "
                                f"{', '.join(ENERGY_MODES)}, found {modes or 'none'}")
        g[slug] = params["gdp_growth"]
        mode[slug] = modes[0]
        par[slug] = params[modes[0]]
        for pg in POLLUTANT_GROWTH:
            if pg in params:
                pol.setdefault(pg[: -len("_growth")], {})[slug] = params[pg]
    idx = pd.Index(slugs, name="prefecture")
    frame = lambda d: pd.DataFrame([d[s] for s in d], index=pd.Index(list(d), name="prefecture"),  # noqa: E731
                                   columns=list(PLAN_YEARS))
    return Scenario(name, frame(g), pd.Series(mode, name="energy_mode").reindex(idx), frame(par).reindex(idx),
                    {p: frame(d) for p, d in pol.items()}, rationale)


def get(scenario: Scenario | str, path: Path | str | None = None) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    sset = load(path)
    if scenario not in sset:
        raise ScenarioError(f"unknown scenario {scenario!r}; valid: {', '.join(sset)}")
    return sset[scenario]


# ------------------------------------------------------------------------------ projection core
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
    constant rates shared by all prefectures the region behaves exactly like such a unit."""
    if isinstance(prefecture, str) and prefecture.strip().lower() in (REGION, "全区"):
        from . import targets

        e = source.energy_targets()
        return (REGION, float(e["energy_2015_10k_tce"].sum()), float(e["cap_2020_10k_tce"].sum()),
                targets.regional_value("energy_intensity") / 100.0)
    row = source.energy_target(prefecture)
    return str(row.name), float(row["energy_2015_10k_tce"]), float(row["cap_2020_10k_tce"]), float(row["intensity_cut"])


def _targets_for(slugs: list[str]) -> pd.DataFrame:
    return source.energy_targets().set_index("prefecture").loc[slugs]


def _select(sc: Scenario, prefectures_: Iterable[str] | None) -> list[str]:
    if prefectures_ is None:
        return sc.prefectures
    slugs = [prefectures.get(p).slug for p in prefectures_]
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
    ``data/raw/`` does not hold: it is aggregated only where every prefecture has the same GDP
    growth path (then it is exact); otherwise those cells are NaN and ``attrs['region_note']``
    says why.
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
    """
    from . import targets

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
    """:func:`compliance` of several scenarios (a ``load()`` result or a list), stacked in order."""
    items = list(sset.values()) if isinstance(sset, Mapping) else list(sset)
    return pd.concat([compliance(project(s)) for s in items], ignore_index=True)


# ---------------------------------------------------------------------------------- growth window
def growth_window(prefecture: object, *, intensity_cut: float | None = None,
                  energy_elasticity: float | None = None, energy_growth: float | None = None) -> pd.Series:
    """The range of constant real GDP growth compatible with both controls, for a constant
    intensity pace, elasticity or energy growth (exactly one).

    Returns ``min_gdp_growth`` and ``max_gdp_growth`` (−inf / inf where unbounded, NaN both where no
    growth works) and ``feasible``. With a fixed intensity pace r, intensity is met for any growth
    iff r ≥ the even pace, and the cap gives g ≤ (cap/E_2015)^(1/5)/(1 − r) − 1. With an
    elasticity ε < (1 − R)^(1/5), faster growth *helps* intensity: g ≥ (1 − q)/(q − ε), q =
    (1 − R)^(1/5); the cap gives g ≤ ((cap/E_2015)^(1/5) − 1)/ε.
    """
    slug, e0, cap, R = unit_targets(prefecture)
    given = {k: v for k, v in (("intensity_cut", intensity_cut), ("energy_elasticity", energy_elasticity),
                               ("energy_growth", energy_growth)) if v is not None}
    if len(given) != 1:
        raise ScenarioError(f"give exactly one of {', '.join(ENERGY_MODES)}")
    mode, v = next(iter(given.items()))
    _check_param(mode, float(v), "argument", 0, mode)
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
    return pd.Series({"prefecture": slug, "mode": mode, "value": float(v), "min_gdp_growth": lo,
                      "max_gdp_growth": hi, "feasible": not math.isnan(hi)}, dtype=object)


# ----------------------------------------------------------------------------- feasibility grid
def feasibility_grid(prefecture: object, gdp_growth: Iterable[float] | None = None, pace: Iterable[float] | None = None,
                     mode: str = "intensity_cut") -> pd.DataFrame:
    """Which control is met (``prefecture``: a slug or ``"region"``) over a grid of constant GDP growth × constant pace (intensity cut,
    elasticity or energy growth, per ``mode``). Defaults: growth 0-20 %, cut 0-6 % / elasticity
    0-1.5 / energy growth 0-20 %.

    Columns: ``gdp_growth``, ``pace``, ``mode``, ``energy_2020_10k_tce``, ``cumulative_cut``,
    ``intensity_met``, ``cap_met``, ``status`` (``both``, ``intensity_only``, ``cap_only``,
    ``neither``).
    """
    if mode not in ENERGY_MODES:
        raise ScenarioError(f"mode must be one of {', '.join(ENERGY_MODES)}, got {mode!r}")
    slug, e0, cap, R = unit_targets(prefecture)
    gg = np.asarray(list(gdp_growth) if gdp_growth is not None else np.round(np.linspace(0, 0.20, 81), 6), float)
    default_pace = {"intensity_cut": np.linspace(0, 0.06, 61), "energy_elasticity": np.linspace(0, 1.5, 61),
                    "energy_growth": np.linspace(0, 0.20, 81)}[mode]
    pp = np.asarray(list(pace) if pace is not None else np.round(default_pace, 6), float)
    for name, arr in (("gdp_growth", gg), ("pace", pp)):
        if arr.size == 0 or np.isnan(arr).any():
            raise ScenarioError(f"feasibility_grid: {name} is empty or has NaN")
    if (gg <= -1).any():
        raise ScenarioError("feasibility_grid: gdp_growth at or below −100 %")
    G, P = np.meshgrid(gg, pp, indexing="xy")
    e_end, y_end, _, _ = _energy_paths(np.array([e0]), np.zeros((1, T)), np.array([_MODE_CODE[mode]]),
                                       np.zeros((1, T)), dg=G.reshape(-1, 1), dp=P.reshape(-1, 1), keep=0)
    e20 = e_end[:, 0]
    cut = 1 - (e20 / e0) / y_end[:, 0]
    im = cut + _EPS >= R
    cm = e20 <= cap * (1 + _EPS)
    status = np.where(im & cm, "both", np.where(im, "intensity_only", np.where(cm, "cap_only", "neither")))
    return pd.DataFrame({"gdp_growth": G.ravel(), "pace": P.ravel(), "mode": mode, "energy_2020_10k_tce": e20,
                         "cumulative_cut": cut, "intensity_met": im, "cap_met": cm, "status": status})


# ---------------------------------------------------------------------------------- Monte Carlo
@dataclass(frozen=True)
class MonteCarloResult:
    """``probabilities``: per prefecture (and ``region`` for the sum of energy against the sum of
    caps) the share of draws meeting the intensity control, the cap, and both. ``quantiles``: tidy
    (prefecture, year, quantity, quantile, value) for ``energy_10k_tce`` and ``intensity_index``.
    ``assumptions``: the distributions used."""

    scenario: str
    n: int
    seed: int
    probabilities: pd.DataFrame
    quantiles: pd.DataFrame
    assumptions: Mapping[str, object]


DEFAULT_SD = {"gdp_growth": 0.015, "intensity_cut": 0.008, "energy_elasticity": 0.15, "energy_growth": 0.015}
DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def monte_carlo(n: int, seed: int = 20180403, scenario: Scenario | str = "central",
                prefectures: Iterable[str] | None = None, sd: Mapping[str, float] | None = None,
                correlation: float = 0.5, quantiles: Iterable[float] = DEFAULT_QUANTILES,
                quantile_draws: int = 50_000, chunk: int = 65_536) -> MonteCarloResult:
    """Monte Carlo around a scenario.

    Uncertain inputs, all normal and *persistent over the period* (a draw is one possible
    2016-2020 outcome, so it is the level of growth and pace that is uncertain, not year-to-year
    noise, which would largely cancel out over five years):

    * GDP growth of prefecture p: scenario path + sd_g·(√ρ·z_common + √(1 − ρ)·z_p), with
      ``sd['gdp_growth']`` (default 1.5 pp) and ``correlation`` ρ (default 0.5) between prefectures
      (they share the region's fiscal transfers and investment cycle);
    * the energy parameter of p (intensity cut, elasticity or energy growth): scenario path +
      sd·z'_p, independent across prefectures (defaults: cut 0.8 pp/yr, elasticity 0.15, energy
      growth 1.5 pp/yr).

    Growth is clipped above −95 %, cuts to (−0.95, 0.95). Probabilities use all ``n`` draws; the
    fan-chart quantiles use the first ``quantile_draws`` (default 5·10^4: the 5 % quantile's
    sampling error is then ~0.1 percentage point of probability).

    Seeded (``numpy.random.default_rng(seed)``, drawn chunk by chunk in a fixed order): the same
    seed, n and chunk give the same numbers. Vectorised over draws in chunks of ``chunk`` draws to
    bound memory; no Python loop over draws. With every sd 0 each draw equals :func:`project`.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ScenarioError(f"monte_carlo: n must be a positive int, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ScenarioError(f"monte_carlo: seed must be an int, got {seed!r}")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ScenarioError(f"monte_carlo: chunk must be a positive int, got {chunk!r}")
    sdv = {**DEFAULT_SD, **(sd or {})}
    for k, v in sdv.items():
        if k not in DEFAULT_SD:
            raise ScenarioError(f"monte_carlo: unknown sd key {k!r}; valid: {', '.join(DEFAULT_SD)}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or math.isnan(v) or v < 0:
            raise ScenarioError(f"monte_carlo: sd[{k!r}] = {v!r} must be a number >= 0")
    rho = trajectory._check_number(correlation, "correlation")
    if not 0.0 <= rho <= 1.0:
        raise ScenarioError(f"monte_carlo: correlation = {rho:g} must be in [0, 1]")
    qs = np.asarray(list(quantiles), float)
    if qs.size == 0 or np.isnan(qs).any() or ((qs < 0) | (qs > 1)).any():
        raise ScenarioError("monte_carlo: quantiles must lie in [0, 1]")
    sc = get(scenario)
    slugs = _select(sc, prefectures)
    tg = _targets_for(slugs)
    e0 = tg["energy_2015_10k_tce"].to_numpy(float)
    cap = tg["cap_2020_10k_tce"].to_numpy(float)
    R = tg["intensity_cut"].to_numpy(float)
    g_mean = sc.gdp_growth.loc[slugs].to_numpy(float)
    p_mean = sc.energy_param.loc[slugs].to_numpy(float)
    modes = np.array([_MODE_CODE[m] for m in sc.energy_mode.loc[slugs]])
    P = len(slugs)
    par_sd = np.array([sdv[ENERGY_MODES[m]] for m in modes])
    a_common, a_own = math.sqrt(rho), math.sqrt(1.0 - rho)
    rng = np.random.default_rng(seed)
    nq = min(n, int(quantile_draws))
    energy_q = np.empty((nq, P, T), dtype=np.float32)
    inten_q = np.empty((nq, P, T), dtype=np.float32)
    hits_int = np.zeros(P, dtype=np.int64)
    hits_cap = np.zeros(P, dtype=np.int64)
    hits_both = np.zeros(P, dtype=np.int64)
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
        e_end, y_end, e_path, y_path = _energy_paths(e0, g_mean, modes, p_mean, dg, dp, keep=k, clip=True)
        # intensity met: 1 − (E/E0)/Y ≥ R  ⇔  E ≤ Y·E0·(1 − R)  (one multiply, no temporaries of ratios)
        y_end *= int_allow
        im = e_end <= y_end
        cm = e_end <= cap_allow
        hits_int += np.count_nonzero(im, axis=0)
        hits_cap += np.count_nonzero(cm, axis=0)
        im &= cm
        hits_both += np.count_nonzero(im, axis=0)
        hits_region += int(np.count_nonzero(e_end.sum(axis=1) <= cap_region * (1 + _EPS)))
        if k:
            energy_q[start:start + k] = e_path[:, :, 1:]
            inten_q[start:start + k] = (e_path[:, :, 1:] / e0[:, None]) / y_path[:, :, 1:]
    probs = pd.DataFrame({"prefecture": slugs, "p_intensity": hits_int / n, "p_cap": hits_cap / n,
                          "p_both": hits_both / n, "n": n})
    probs = pd.concat([probs, pd.DataFrame([{"prefecture": REGION, "p_intensity": np.nan,
                                             "p_cap": hits_region / n, "p_both": np.nan, "n": n}])],
                      ignore_index=True)
    years = np.arange(BASE_YEAR + 1, TARGET_YEAR + 1)
    recs = []
    Q = len(qs)
    for qty, arr, base in (("energy_10k_tce", energy_q, e0), ("intensity_index", inten_q, np.ones(P))):
        flat = np.ascontiguousarray(arr.reshape(len(arr), -1).T)  # (P·T, draws): rows are contiguous
        qv = np.quantile(flat, qs, axis=1).astype(float).reshape(Q, P, T)
        qv = np.concatenate([np.broadcast_to(base[None, :, None], (Q, P, 1)), qv], axis=2)  # 2015 is known
        recs.append(pd.DataFrame({
            "prefecture": np.tile(np.repeat(slugs, T + 1), Q),
            "year": np.tile(np.r_[BASE_YEAR, years], P * Q).astype("int64"),
            "quantity": qty,
            "quantile": np.repeat(qs, P * (T + 1)),
            "value": qv.reshape(-1),
        }))
    assumptions = {"sd": sdv, "correlation": rho, "distribution": "normal, persistent over 2016-2020",
                   "quantile_draws": nq, "seed": seed, "chunk": chunk}
    return MonteCarloResult(sc.name, int(n), int(seed), probs, pd.concat(recs, ignore_index=True), assumptions)
