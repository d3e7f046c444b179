"""Scenario projections to 2020, Monte Carlo, and the double-control feasibility surface.

A scenario fixes, per prefecture and year 2016-2020, real GDP growth ``g_t`` and how energy follows
it, by exactly one of:

* ``intensity_cut`` r_t:     E_t = E_{t−1}·(1 + g_t)·(1 − r_t)
* ``energy_elasticity`` ε_t: E_t = E_{t−1}·(1 + ε_t·g_t)   (elasticity = energy growth / GDP growth)
* ``energy_growth`` e_t:     E_t = E_{t−1}·(1 + e_t)

starting from the annex-1 2015 consumption E_2015 (10^4 tce). Intensity index I_t = (E_t/E_2015) /
(Y_t/Y_2015). In 2020 the intensity control is met when 1 − I_2020 ≥ R and the total control when
E_2020 ≤ E_2015 + ΔE.

Shipped scenarios live in ``data/plans/xizang-13fyp/scenarios.csv``: one row per scenario × prefecture × parameter,
year columns 2016-2020 and a ``rationale``. Two values are computed rather than typed: ``implied``
(GDP growth at which the two controls coincide) and ``even`` (the even annual pace of the
prefecture's intensity target).

Modules, split along their seams (all names stay reachable as ``scenarios.<name>``):

* this one: the :class:`Scenario` definition, loading a scenario file (cells checked by
  :mod:`jnjp_analysis.readers`) and :func:`get`;
* :mod:`jnjp_analysis.projection`: the projection engine (:func:`_energy_paths`, which steps year by
  year over arrays of draws), :func:`project`, :func:`compliance`, :func:`unit_targets`;
* :mod:`jnjp_analysis.feasibility`: :func:`growth_window` and :func:`feasibility_grid`;
* :mod:`jnjp_analysis.montecarlo`: :func:`monte_carlo`.

The deterministic projection, the feasibility grid and the Monte Carlo run the same engine.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jnjp_analysis import PLAN_YEARS, checks, files
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import SCENARIO_FILE
from jnjp_analysis.errors import ScenarioError
from jnjp_analysis.plan import units as prefectures
from jnjp_analysis.plan import xizang_13fyp as source

YEAR_COLS = [str(y) for y in PLAN_YEARS]
ENERGY_MODES = ("intensity_cut", "energy_elasticity", "energy_growth")
POLLUTANT_GROWTH = tuple(f"{p}_growth" for p in source.POLLUTANTS)
PARAMETERS = ("gdp_growth", *ENERGY_MODES, *POLLUTANT_GROWTH)


@dataclass(frozen=True)
class Scenario:
    """One named scenario. ``gdp_growth`` and ``energy_param``: DataFrames indexed by prefecture
    slug with int year columns 2016-2020; ``energy_mode``: per prefecture, one of ENERGY_MODES;
    ``pollutant_growth``: optional {pollutant: DataFrame like gdp_growth}.

    Attributes
    ----------
    name : str
        The scenario's name (the ``scenario`` column of the CSV).
    gdp_growth : pandas.DataFrame
        Real GDP growth g_t, fractions per year; index ``prefecture`` (slug), int columns 2016-2020.
    energy_mode : pandas.Series
        Per prefecture slug, how energy follows GDP: ``intensity_cut``, ``energy_elasticity`` or
        ``energy_growth``.
    energy_param : pandas.DataFrame
        The energy mode's values r_t, ε_t or e_t (fractions, or the dimensionless elasticity), shaped like
        ``gdp_growth``.
    pollutant_growth : Mapping[str, pandas.DataFrame]
        Optional annual emission growth (fractions) per pollutant slug (``cod``, ``nh3n``, ``so2``, ``nox``),
        each shaped like ``gdp_growth``.
    rationale : Mapping[tuple[str, str], str]
        The rationale text per (prefecture slug, parameter).
    """

    name: str
    gdp_growth: pd.DataFrame
    energy_mode: pd.Series
    energy_param: pd.DataFrame
    pollutant_growth: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    rationale: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @property
    def prefectures(self) -> list[str]:
        """The prefecture slugs the scenario covers, in order."""
        return list(self.gdp_growth.index)

    @classmethod
    def constant(cls, name: str, gdp_growth: float, *, intensity_cut: float | None = None,
                 energy_elasticity: float | None = None, energy_growth: float | None = None,
                 prefectures_: Iterable[str] | None = None) -> Scenario:
        """The same constant rates for every listed prefecture (default all seven).

        Parameters
        ----------
        name : str
            The scenario's name.
        gdp_growth : float
            Real GDP growth, a fraction per year in (−1, 1] (0.08 for 8 %), the same in 2016-2020.
        intensity_cut : float, optional
            The annual intensity cut r_t, a fraction in (−1, 1).
        energy_elasticity : float, optional
            The energy elasticity ε_t (energy growth / GDP growth), in [−5, 5].
        energy_growth : float, optional
            Annual consumption growth e_t, a fraction per year in (−1, 1].
        prefectures_ : iterable of str, optional
            Prefecture slugs or names (default: all seven).

        Returns
        -------
        Scenario
            The scenario, with exactly one of ``intensity_cut``, ``energy_elasticity``, ``energy_growth`` as its
            energy mode for every listed prefecture.

        Raises
        ------
        ScenarioError
            If not exactly one of ``intensity_cut``, ``energy_elasticity`` and ``energy_growth`` is given.
        JnjpError
            If a rate is out of bounds (with a hint when it looks like a percent) or a prefecture is unknown.
        """
        given = {k: v for k, v in (("intensity_cut", intensity_cut), ("energy_elasticity", energy_elasticity),
                                   ("energy_growth", energy_growth)) if v is not None}
        if len(given) != 1:
            raise ScenarioError(f"give exactly one of {', '.join(ENERGY_MODES)}; got {sorted(given) or 'none'}")
        mode, value = next(iter(given.items()))
        slugs = [prefectures.get(p).slug for p in (prefectures_ or prefectures.SLUGS)]
        g = checks.growth(gdp_growth, "gdp_growth")
        value = checks.parameter(mode, value, mode)
        gdf = pd.DataFrame(g, index=pd.Index(slugs, name="prefecture"), columns=list(PLAN_YEARS))
        pdf = pd.DataFrame(float(value), index=gdf.index, columns=list(PLAN_YEARS))
        return cls(name, gdf, pd.Series(mode, index=gdf.index, name="energy_mode"), pdf)

    def to_rows(self) -> list[dict[str, object]]:
        """The scenario as rows of the scenario CSV (for copying into data/plans/xizang-13fyp/scenarios.csv).

        Returns
        -------
        list of dict
            Two rows per prefecture (``gdp_growth`` and the energy mode), each with the keys ``scenario``,
            ``prefecture`` (slug), ``parameter``, ``"2016"`` … ``"2020"`` (values rounded to 6 decimals) and
            ``rationale`` (empty when none).
        """
        rows = []
        for slug in self.prefectures:
            for param, df in (("gdp_growth", self.gdp_growth), (str(self.energy_mode[slug]), self.energy_param)):
                row: dict[str, object] = {"scenario": self.name, "prefecture": slug, "parameter": param}
                row.update({str(y): round(float(df.loc[slug, y]), 6) for y in PLAN_YEARS})
                row["rationale"] = self.rationale.get((slug, param), "")
                rows.append(row)
        return rows

    def to_csv_text(self) -> str:
        """The rows of :meth:`to_rows` as CSV text, without a header line.

        Returns
        -------
        str
            One CSV line per row, with the columns ``scenario``, ``prefecture``, ``parameter``, 2016-2020 and
            ``rationale``, each line ending in a newline.
        """
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=["scenario", "prefecture", "parameter", *YEAR_COLS, "rationale"],
                           lineterminator="\n")
        w.writerows(self.to_rows())
        return buf.getvalue()


def load(path: Path | str | None = None) -> dict[str, Scenario]:
    """Read a scenario CSV (default ``data/plans/xizang-13fyp/scenarios.csv``) into {name: Scenario}, in file order.

    Rejects, naming file, row (1 = header) and column: missing or unknown columns, an empty or
    unknown scenario name cell, an unknown prefecture or parameter, a missing year value, a
    non-number, NaN or infinity, a value outside its bounds (growth above 100 %/yr: "did you mean
    0.08?"), a duplicate row, a keyword (``implied``/``even``) where it has no meaning, a file that
    is not UTF-8, and a scenario × prefecture without GDP growth or with other than one energy mode.

    Parameters
    ----------
    path : path-like, optional
        The scenario CSV (default ``data/plans/xizang-13fyp/scenarios.csv``).

    Returns
    -------
    dict of str to Scenario
        The scenarios by name, in the order they first appear in the file.

    Raises
    ------
    ScenarioError
        For any of the problems above (every JnjpError of the reader is re-raised as a ScenarioError).
    """
    f = Path(path or SCENARIO_FILE)
    try:
        records, rationale, seen = scenario_rows(f)
    except ScenarioError:
        raise
    except JnjpError as exc:
        raise ScenarioError(str(exc)) from None
    return {name: _assemble(name, by_pref, rationale[name], str(f), seen) for name, by_pref in records.items()}


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
    """A scenario by name from a scenario file; a :class:`Scenario` is returned as it is.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or the name of one in the file.
    path : path-like, optional
        The scenario CSV (default ``data/plans/xizang-13fyp/scenarios.csv``).

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    ScenarioError
        If the name is not in the file, or the file is bad (see :func:`load`).
    """
    if isinstance(scenario, Scenario):
        return scenario
    sset = load(path)
    if scenario not in sset:
        raise ScenarioError(f"unknown scenario {scenario!r}; valid: {', '.join(sset)}")
    return sset[scenario]


# ------------------------------------------------------------------------------------- scenarios
SCENARIO_COLUMNS = ("scenario", "prefecture", "parameter", *(str(y) for y in PLAN_YEARS))


def scenario_rows(path: Path | str | None = None):
    """The rows of a scenario CSV, each cell checked: {name: {slug: {parameter: [5 values]}}},
    {name: {(slug, parameter): rationale}}, {(name, slug, parameter): row number}.

    ``implied`` (gdp_growth) and ``even`` (intensity_cut) are computed from the annex.

    Parameters
    ----------
    path : Path or str or None
        A scenario CSV; None for the shipped one (data/plans/xizang-13fyp/scenarios.csv).

    Returns
    -------
    records : dict
        {scenario name: {prefecture slug: {parameter: [values for 2016-2020]}}}, values as fractions.
    rationale : dict
        {scenario name: {(slug, parameter): the row's rationale text}}.
    seen : dict
        {(scenario name, slug, parameter): row number}, row 1 being the header.

    Raises
    ------
    JnjpError
        Naming file, row and column: the file cannot be read as a UTF-8 CSV, the header lacks a column
        or has an unknown one, a bad scenario name, an unknown prefecture or parameter, a duplicate
        row, a missing or non-numeric value, ``implied``/``even`` for the wrong parameter, a value out
        of its parameter's bounds (:func:`checks.parameter`), or no rows at all.
    """
    from jnjp_analysis.model import trajectory

    f = Path(path or SCENARIO_FILE)
    header, rows = files.csv_rows(f, "scenario file")
    missing = [c for c in SCENARIO_COLUMNS if c not in header]
    if missing:
        raise JnjpError(f"{f}: header (row 1) lacks columns {missing}; need {list(SCENARIO_COLUMNS)} and 'rationale'")
    unknown = [c for c in header if c not in (*SCENARIO_COLUMNS, "rationale")]
    if unknown:
        raise JnjpError(f"{f}: header (row 1) has unknown column(s) {unknown}; a scenario file has "
                        f"{list(SCENARIO_COLUMNS)} and 'rationale'")
    records: dict[str, dict[str, dict[str, list[float]]]] = {}
    rationale: dict[str, dict[tuple[str, str], str]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    energy_rows = source.energy_targets().set_index("prefecture")
    for i, row in rows:
        name = row["scenario"]
        if not name or not name.replace("_", "").replace("-", "").isalnum():
            raise JnjpError(f"{f}, row {i}, column 'scenario': bad scenario name {name!r}")
        try:
            slug = prefectures.get(row["prefecture"]).slug
        except prefectures.UnknownPrefectureError as exc:
            raise JnjpError(f"{f}, row {i}, column 'prefecture': {exc}") from None
        param = row["parameter"]
        if param not in PARAMETERS:
            raise JnjpError(f"{f}, row {i}, column 'parameter': unknown parameter {param!r}; "
                            f"valid: {', '.join(PARAMETERS)}")
        key = (name, slug, param)
        if key in seen:
            raise JnjpError(f"{f}, row {i}: duplicate of row {seen[key]} ({name}, {slug}, {param})")
        seen[key] = i
        values = []
        for col in SCENARIO_COLUMNS[3:]:
            cell = row[col]
            where = f"{f}, row {i}, column {col!r}"
            if cell == "":
                raise JnjpError(f"{where}: missing value for year {col}")
            if cell == "implied":
                if param != "gdp_growth":
                    raise JnjpError(f"{where}: 'implied' applies to gdp_growth only")
                v = trajectory.implied_gdp_growth(slug)
            elif cell == "even":
                if param != "intensity_cut":
                    raise JnjpError(f"{where}: 'even' applies to intensity_cut only")
                v = trajectory.even_annual_cut(float(energy_rows.loc[slug, "intensity_cut"]))
            else:
                try:
                    v = float(cell)
                except ValueError:
                    raise JnjpError(f"{where}: {cell!r} is not a number") from None
            values.append(checks.parameter(param, v, f"{where}: {param}"))
        records.setdefault(name, {}).setdefault(slug, {})[param] = values
        rationale.setdefault(name, {})[(slug, param)] = row.get("rationale", "")
    if not records:
        raise JnjpError(f"{f}: no scenario rows")
    return records, rationale, seen
