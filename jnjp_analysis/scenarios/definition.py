"""Scenario projections over a plan's period, Monte Carlo, and the double-control feasibility surface.

A scenario fixes, per unit of a plan (a prefecture of Tibet's 13th plan) and per year B + 1 … B + T of
the plan's period (2016-2020 for Tibet), real GDP growth ``g_t`` and how energy follows it, by exactly
one of:

* ``intensity_cut`` r_t:     E_t = E_{t−1}·(1 + g_t)·(1 − r_t)
* ``energy_elasticity`` ε_t: E_t = E_{t−1}·(1 + ε_t·g_t)   (elasticity = energy growth / GDP growth)
* ``energy_growth`` e_t:     E_t = E_{t−1}·(1 + e_t)

starting from the plan's base-year consumption E_B (10^4 tce). Intensity index I_t = (E_t/E_B) /
(Y_t/Y_B). In the target year the intensity control is met when 1 − I_{B+T} ≥ R and the total control
when E_{B+T} ≤ E_B + ΔE.

Every function takes the plan as a keyword ``plan`` (a :class:`~jnjp_analysis.plan.definition.Plan`,
a shipped plan's id or a package folder), required: below the pages a plan is never defaulted
(:func:`jnjp_analysis.plan.load.required`). A :class:`Scenario` read from a plan's scenario file knows
that plan.

A plan's scenarios live in its ``scenarios.csv`` (:attr:`Plan.scenario_file`): one row per scenario ×
unit × parameter, one column per year of the plan's period, a ``rationale`` and an optional ``status`` (empty, or
``placeholder`` on the rows of a scenario the plan form wrote so that a package builds at once). Two values are
computed rather than typed: ``implied`` (GDP growth at which the two controls coincide) and ``even``
(the even annual pace of the unit's intensity target).

Modules, split along their seams (all names stay reachable as ``scenarios.<name>``):

* this one: the :class:`Scenario` definition, reading a scenario file (:func:`read_scenarios`),
  :func:`get`, and resolving a scenario and its plan (:func:`resolve`, :func:`select_units`);
* :mod:`jnjp_analysis.scenarios.projection`: the projection engine (:func:`energy_paths`, which steps
  year by year over arrays of draws), :func:`project`, :func:`compliance`, :func:`unit_targets`;
* :mod:`jnjp_analysis.scenarios.feasibility`: :func:`growth_window`, :func:`feasibility_grid` and the
  map's grid (:data:`MAP_GRID`);
* :mod:`jnjp_analysis.scenarios.montecarlo`: :func:`monte_carlo`.

The deterministic projection, the feasibility grid and the Monte Carlo run the same engine.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from jnjp_analysis import checks, files
from jnjp_analysis.errors import JnjpError, ScenarioError, UnknownUnitError
from jnjp_analysis.plan import scenario_rules
from jnjp_analysis.plan.definition import REGION, Plan
from jnjp_analysis.plan.load import required as load_plan
from jnjp_analysis.plan.scenario_rules import ENERGY_MODES, STATUSES

PlanLike = Plan | str | os.PathLike  # required below the pages: never defaulted
KEY_COLUMNS = ("scenario", "unit", "parameter")  # the columns before the years in a scenario file


def pollutant_growth_parameters(plan: PlanLike) -> tuple[str, ...]:
    """The pollutant-growth parameters a plan's scenarios may set: ``<pollutant>_growth`` per pollutant it caps.

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    tuple of str
        E.g. ``("cod_growth", "nh3n_growth", "so2_growth", "nox_growth")`` for Tibet's 13th plan.
    """
    return tuple(f"{p.slug}_growth" for p in load_plan(plan).pollutants)


def parameters(plan: PlanLike) -> tuple[str, ...]:
    """The parameters a scenario row of a plan may set: ``gdp_growth``, the energy modes and the
    pollutant growths (:func:`pollutant_growth_parameters`).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    tuple of str
        The parameter names, ``gdp_growth`` first.
    """
    return scenario_rules.parameters(p.slug for p in load_plan(plan).pollutants)


def scenario_columns(plan: PlanLike) -> tuple[str, ...]:
    """The required columns of a plan's scenario file: ``scenario``, ``unit``, ``parameter`` and one
    per year of the plan's period (``rationale`` is optional).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    tuple of str
        E.g. ``("scenario", "unit", "parameter", "2016", …, "2020")`` for Tibet's 13th plan.
    """
    return (*KEY_COLUMNS, *(str(y) for y in load_plan(plan).years))


def _unit_slug(plan: Plan, key: object, name: str) -> str:
    """The slug of one of the plan's units (not the region), from a slug, name or unit object."""
    k = key if isinstance(key, str) else getattr(key, "slug", key)
    slug = plan.unit(k).slug
    if slug == REGION:
        raise UnknownUnitError(f"{name}: {key!r} is the whole region of plan {plan.id}, not one of its units; "
                               f"valid: {', '.join(plan.slugs)}")
    return slug


@dataclass(frozen=True)
class Scenario:
    """One named scenario on a plan's period. ``gdp_growth`` and ``energy_param``: DataFrames indexed
    by unit slug with one int column per year of the period; ``energy_mode``: per unit, one of
    ENERGY_MODES; ``pollutant_growth``: optional {pollutant: DataFrame like gdp_growth}.

    Attributes
    ----------
    name : str
        The scenario's name (the ``scenario`` column of the CSV).
    gdp_growth : pandas.DataFrame
        Real GDP growth g_t, fractions per year; index ``unit`` (unit slug), int columns B + 1 … B + T.
    energy_mode : pandas.Series
        Per unit slug, how energy follows GDP: ``intensity_cut``, ``energy_elasticity`` or
        ``energy_growth``.
    energy_param : pandas.DataFrame
        The energy mode's values r_t, ε_t or e_t (fractions, or the dimensionless elasticity), shaped like
        ``gdp_growth``.
    pollutant_growth : Mapping[str, pandas.DataFrame]
        Optional annual emission growth (fractions) per pollutant slug (``cod``, ``nh3n``, ``so2``, ``nox``
        for Tibet), each shaped like ``gdp_growth``.
    rationale : Mapping[tuple[str, str], str]
        The rationale text per (unit slug, parameter).
    placeholder : bool
        Whether the scenario is a placeholder the plan form wrote (so that a package builds at once), not
        an analyst's assumption: some row of it says ``placeholder`` in the optional ``status`` column.
    plan : Plan
        The plan the scenario is for (the one whose scenario file it was read from); required, keyword-only.
    """

    name: str
    gdp_growth: pd.DataFrame
    energy_mode: pd.Series
    energy_param: pd.DataFrame
    pollutant_growth: Mapping[str, pd.DataFrame] = field(default_factory=dict)
    rationale: Mapping[tuple[str, str], str] = field(default_factory=dict)
    placeholder: bool = False
    plan: Plan = field(kw_only=True, compare=False, repr=False)

    @property
    def units(self) -> list[str]:
        """The unit slugs the scenario covers, in order."""
        return list(self.gdp_growth.index)

    @property
    def years(self) -> tuple[int, ...]:
        """The years the scenario sets, B + 1 … B + T (its columns)."""
        return tuple(int(y) for y in self.gdp_growth.columns)

    @classmethod
    def constant(cls, name: str, gdp_growth: float, *, intensity_cut: float | None = None,
                 energy_elasticity: float | None = None, energy_growth: float | None = None,
                 units_: Iterable[str] | None = None, plan: PlanLike) -> Scenario:
        """The same constant rates for every listed unit (default all the plan's units) in every year.

        Parameters
        ----------
        name : str
            The scenario's name.
        gdp_growth : float
            Real GDP growth, a fraction per year in (−1, 1] (0.08 for 8 %), the same in every year of the period.
        intensity_cut : float, optional
            The annual intensity cut r_t, a fraction in (−1, 1).
        energy_elasticity : float, optional
            The energy elasticity ε_t (energy growth / GDP growth), in [−5, 5].
        energy_growth : float, optional
            Annual consumption growth e_t, a fraction per year in (−1, 1].
        units_ : iterable of str, optional
            Unit slugs or names (default: all the plan's units).
        plan : Plan, str or path-like
            The plan whose units and years the scenario covers (required).

        Returns
        -------
        Scenario
            The scenario, with exactly one of ``intensity_cut``, ``energy_elasticity``, ``energy_growth`` as its
            energy mode for every listed unit, and the plan's years as columns.

        Raises
        ------
        ScenarioError
            If not exactly one of ``intensity_cut``, ``energy_elasticity`` and ``energy_growth`` is given.
        JnjpError
            If a rate is out of bounds (with a hint when it looks like a percent) or a unit is unknown.
        """
        given = {k: v for k, v in (("intensity_cut", intensity_cut), ("energy_elasticity", energy_elasticity),
                                   ("energy_growth", energy_growth)) if v is not None}
        if len(given) != 1:
            raise ScenarioError(f"give exactly one of {', '.join(ENERGY_MODES)}; got {sorted(given) or 'none'}")
        mode, value = next(iter(given.items()))
        p = load_plan(plan)
        slugs = [_unit_slug(p, u, "units_") for u in (units_ or p.slugs)]
        g = checks.growth(gdp_growth, "gdp_growth")
        value = checks.parameter(mode, value, mode)
        gdf = pd.DataFrame(g, index=pd.Index(slugs, name="unit"), columns=list(p.years))
        pdf = pd.DataFrame(float(value), index=gdf.index, columns=list(p.years))
        return cls(name, gdf, pd.Series(mode, index=gdf.index, name="energy_mode"), pdf, plan=p)

    def to_rows(self) -> list[dict[str, object]]:
        """The scenario as rows of its plan's scenario CSV (for copying into ``scenarios.csv``).

        Returns
        -------
        list of dict
            Two rows per unit (``gdp_growth`` and the energy mode), each with the keys ``scenario``,
            ``unit`` (slug), ``parameter``, one key per year (``"2016"`` … ``"2020"`` for Tibet; values
            rounded to 6 decimals) and ``rationale`` (empty when none).
        """
        rows = []
        for slug in self.units:
            for param, df in (("gdp_growth", self.gdp_growth), (str(self.energy_mode[slug]), self.energy_param)):
                row: dict[str, object] = {"scenario": self.name, "unit": slug, "parameter": param}
                row.update({str(y): round(float(df.loc[slug, y]), 6) for y in self.years})
                row["rationale"] = self.rationale.get((slug, param), "")
                rows.append(row)
        return rows

    def to_csv_text(self) -> str:
        """The rows of :meth:`to_rows` as CSV text, without a header line.

        Returns
        -------
        str
            One CSV line per row, with the columns ``scenario``, ``unit``, ``parameter``, the years and
            ``rationale``, each line ending in a newline.
        """
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=[*KEY_COLUMNS, *(str(y) for y in self.years), "rationale"],
                           lineterminator="\n")
        w.writerows(self.to_rows())
        return buf.getvalue()


def read_scenarios(path: Path | str | None = None, *, plan: PlanLike) -> dict[str, Scenario]:
    """Read a plan's scenario CSV (default: the plan's own, :attr:`Plan.scenario_file`) into
    {name: Scenario}, in file order; each scenario knows the plan.

    Rejects, naming file, row (1 = header) and column: year columns that are not the plan's years,
    missing or unknown columns, an empty or unknown scenario name cell, an unknown unit or parameter,
    a missing year value, a non-number, NaN or infinity, a value outside its bounds (growth above
    100 %/yr: "did you mean 0.08?"), a duplicate row, a keyword (``implied``/``even``) where it has no
    meaning, a file that is not UTF-8, and a scenario × unit without GDP growth or with other than one
    energy mode.

    Parameters
    ----------
    path : path-like, optional
        The scenario CSV (default: the plan's ``scenarios.csv``).
    plan : Plan, str or path-like
        The plan whose years and units the file's columns and rows must be (required).

    Returns
    -------
    dict of str to Scenario
        The scenarios by name, in the order they first appear in the file.

    Raises
    ------
    ScenarioError
        For any of the problems above (every JnjpError of the reader is re-raised as a ScenarioError).
    """
    p = load_plan(plan)
    f = Path(path or p.scenario_file)
    placeholders: set[str] = set()
    try:
        records, rationale, seen = scenario_rows(f, plan=p, placeholders=placeholders)
    except ScenarioError:
        raise
    except JnjpError as exc:
        raise ScenarioError(str(exc)) from None
    return {name: _assemble(name, by_unit, rationale[name], str(f), seen, p, name in placeholders)
            for name, by_unit in records.items()}


def load(path: Path | str | None = None, *, plan: PlanLike) -> dict[str, Scenario]:
    """:func:`read_scenarios` under its 0.1.0 name (``scenarios.load(path)``).

    Parameters
    ----------
    path : path-like, optional
        The scenario CSV (default: the plan's ``scenarios.csv``).
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    dict of str to Scenario
        As :func:`read_scenarios`.

    Raises
    ------
    ScenarioError
        As :func:`read_scenarios`.
    """
    return read_scenarios(path, plan=plan)


def _assemble(name: str, by_unit: dict, rationale: dict, where: str, seen: dict, plan: Plan,
              placeholder: bool = False) -> Scenario:
    slugs = [s for s in plan.slugs if s in by_unit]
    g, mode, par = {}, {}, {}
    pol: dict[str, dict[str, list[float]]] = {}
    pollutant_growth = pollutant_growth_parameters(plan)
    for slug in slugs:
        params = by_unit[slug]
        first_row = min(seen[(name, slug, p)] for p in params)
        problem = scenario_rules.block_problem(params)  # the one rule the plan form's Scenarios sheet uses too
        if problem == "no-gdp-growth":
            raise ScenarioError(f"{where}, row {first_row}: scenario {name!r}, {slug}: no gdp_growth row")
        modes = [m for m in ENERGY_MODES if m in params]
        if problem == "energy-modes":
            raise ScenarioError(f"{where}, row {first_row}: scenario {name!r}, {slug}: needs exactly one of "
                                f"{', '.join(ENERGY_MODES)}, found {modes or 'none'}")
        g[slug] = params["gdp_growth"]
        mode[slug] = modes[0]
        par[slug] = params[modes[0]]
        for pg in pollutant_growth:
            if pg in params:
                pol.setdefault(pg[: -len("_growth")], {})[slug] = params[pg]
    idx = pd.Index(slugs, name="unit")

    def frame(d: dict[str, list[float]]) -> pd.DataFrame:
        return pd.DataFrame([d[s] for s in d], index=pd.Index(list(d), name="unit"), columns=list(plan.years))

    return Scenario(name, frame(g), pd.Series(mode, name="energy_mode").reindex(idx), frame(par).reindex(idx),
                    {p: frame(d) for p, d in pol.items()}, rationale, placeholder, plan=plan)


def get(scenario: Scenario | str, path: Path | str | None = None, *, plan: PlanLike) -> Scenario:
    """A scenario by name from a plan's scenario file; a :class:`Scenario` is returned as it is.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or the name of one in the file.
    path : path-like, optional
        The scenario CSV (default: the plan's ``scenarios.csv``).
    plan : Plan, str or path-like
        The plan whose scenario file is read (required).

    Returns
    -------
    Scenario
        The scenario.

    Raises
    ------
    ScenarioError
        If the name is not in the file, or the file is bad (see :func:`read_scenarios`).
    """
    if isinstance(scenario, Scenario):
        return scenario
    sset = read_scenarios(path, plan=plan)
    if scenario not in sset:
        raise ScenarioError(f"unknown scenario {scenario!r}; valid: {', '.join(sset)}")
    return sset[scenario]


def resolve(scenario: Scenario | str, plan: PlanLike) -> tuple[Scenario, Plan]:
    """A scenario and the plan it is projected on, checked against each other.

    The plan is ``plan`` (required); a scenario name is looked up in that plan's scenario file.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, or the name of one in the plan's scenario file.
    plan : Plan, str or path-like
        The plan (required).

    Returns
    -------
    tuple of (Scenario, Plan)
        The scenario and the plan.

    Raises
    ------
    ScenarioError
        If the name is unknown, or the scenario's years are not the plan's or it covers a unit the plan
        does not have.
    """
    if isinstance(scenario, Scenario):
        p = load_plan(plan)
        sc = scenario
    else:
        p = load_plan(plan)
        sc = get(scenario, plan=p)
    if sc.years != p.years:
        span = f"{sc.years[0]}-{sc.years[-1]}" if sc.years else "none"
        raise ScenarioError(f"scenario {sc.name!r} sets the years {span}, but plan {p.id} runs "
                            f"{p.years[0]}-{p.years[-1]} (base year {p.base_year}); project it on its own plan")
    foreign = [s for s in sc.units if s not in p.slugs]
    if foreign:
        raise ScenarioError(f"scenario {sc.name!r} covers {foreign}, which are not units of plan {p.id}; "
                            f"its units: {', '.join(p.slugs)}")
    return sc, p


def select_units(scenario: Scenario, units: Iterable[str] | None = None, *, plan: PlanLike) -> list[str]:
    """The slugs of the units to project of a scenario: all it covers, or those named.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    units : iterable of str, optional
        Slugs or names of units (default: all the scenario covers); distinct.
    plan : Plan, str or path-like
        The plan the names are looked up in (required).

    Returns
    -------
    list of str
        The unit slugs, in the order given (or the scenario's order).

    Raises
    ------
    ScenarioError
        If a unit is named twice or the scenario has no rows for it.
    JnjpError
        If a unit is unknown or ``units`` is not a non-empty list of names.
    """
    if units is None:
        return scenario.units
    p = load_plan(plan)
    slugs = [_unit_slug(p, u, "units") for u in checks.names(units, "units")]
    if len(set(slugs)) < len(slugs):
        raise ScenarioError(f"units {list(units)!r} name a unit twice")
    missing = [s for s in slugs if s not in scenario.units]
    if missing:
        raise ScenarioError(f"scenario {scenario.name!r} has no rows for {missing}; it covers {scenario.units}")
    return slugs


# ------------------------------------------------------------------------------------- scenarios


def scenario_rows(path: Path | str | None = None, *, plan: PlanLike, placeholders: set[str] | None = None):
    """The rows of a plan's scenario CSV, each cell checked: {name: {slug: {parameter: [T values]}}},
    {name: {(slug, parameter): rationale}}, {(name, slug, parameter): row number}.

    ``implied`` (gdp_growth) and ``even`` (intensity_cut) are computed from the unit's targets.

    Parameters
    ----------
    path : Path or str or None
        A scenario CSV; None for the plan's own (:attr:`Plan.scenario_file`).
    plan : Plan, str or path-like
        The plan whose years are the year columns and whose units the rows name (required).
    placeholders : set of str, optional
        Filled with the names of the scenarios some row of which says ``placeholder`` in the optional
        column ``status`` (:data:`STATUSES`: empty or ``placeholder``).

    Returns
    -------
    records : dict
        {scenario name: {unit slug: {parameter: [values for B + 1 … B + T]}}}, values as fractions.
    rationale : dict
        {scenario name: {(slug, parameter): the row's rationale text}}.
    seen : dict
        {(scenario name, slug, parameter): row number}, row 1 being the header.

    Raises
    ------
    JnjpError
        Naming file, row and column: the file cannot be read as a UTF-8 CSV, a year column is not a year of the
        plan, the header lacks a column or has an unknown one, a bad scenario name, an unknown unit (or the
        region) or parameter, a duplicate row, a missing or non-numeric value, ``implied``/``even`` for the
        wrong parameter, a value out of its parameter's bounds (:func:`checks.parameter`), a ``status`` other
        than empty or ``placeholder``, or no rows at all.
    """
    from jnjp_analysis.model import trajectory

    p = load_plan(plan)
    f = Path(path or p.scenario_file)
    cols = scenario_columns(p)
    year_cols = cols[len(KEY_COLUMNS):]
    header, rows = files.csv_rows(f, "scenario file")
    foreign = [c for c in header if c.strip().isdigit() and c not in year_cols]
    if foreign:
        raise JnjpError(f"{f}: header (row 1), column {foreign[0]!r}: {foreign[0].strip()} is not a year of plan "
                        f"{p.id} (base year {p.base_year}, target year {p.target_year}); its scenario files have the "
                        f"year columns {', '.join(year_cols)}")
    if "prefecture" in header and "unit" not in header:  # the 0.1.0/0.2.0 name of the unit column, gone in 0.3.0
        raise JnjpError(f"{f}: header (row 1), column {header.index('prefecture') + 1} 'prefecture': the unit column is "
                        f"now named 'unit' (jnjp_analysis 0.3.0); rename the column in the header line")
    missing = [c for c in cols if c not in header]
    if missing:
        raise JnjpError(f"{f}: header (row 1) lacks columns {missing}; need {list(cols)} and 'rationale' "
                        f"(and optionally 'status')")
    unknown = [c for c in header if c not in (*cols, "rationale", "status")]
    if unknown:
        raise JnjpError(f"{f}: header (row 1) has unknown column(s) {unknown}; a scenario file has "
                        f"{list(cols)} and 'rationale' (and optionally 'status')")
    valid = parameters(p)
    records: dict[str, dict[str, dict[str, list[float]]]] = {}
    rationale: dict[str, dict[tuple[str, str], str]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    for i, row in rows:
        name = row["scenario"]
        if not name or not name.replace("_", "").replace("-", "").isalnum():
            raise JnjpError(f"{f}, row {i}, column 'scenario': bad scenario name {name!r}")
        try:
            slug = _unit_slug(p, row["unit"], "unit")
        except UnknownUnitError as exc:
            raise JnjpError(f"{f}, row {i}, column 'unit': {exc}") from None
        param = row["parameter"]
        if param not in valid:
            raise JnjpError(f"{f}, row {i}, column 'parameter': unknown parameter {param!r}; "
                            f"valid: {', '.join(valid)}")
        key = (name, slug, param)
        if key in seen:
            raise JnjpError(f"{f}, row {i}: duplicate of row {seen[key]} ({name}, {slug}, {param})")
        seen[key] = i
        values = []
        for col in year_cols:
            where = f"{f}, row {i}, column {col!r}"
            v = scenario_rules.cell(param, row[col], where, col)  # the one cell rule (the plan form's too)
            if v == "implied":
                v = trajectory.implied_gdp_growth(p.targets(slug))
            elif v == "even":
                t = p.targets(slug)
                v = trajectory.even_annual_cut(t.R, t.years)
            values.append(checks.parameter(param, v, f"{where}: {param}"))
        records.setdefault(name, {}).setdefault(slug, {})[param] = values
        rationale.setdefault(name, {})[(slug, param)] = row.get("rationale", "")
        status = row.get("status") or ""
        if status not in STATUSES:
            raise JnjpError(f"{f}, row {i}, column 'status': {status!r} is not a status; valid: empty, or "
                            f"'placeholder' (a scenario the plan form wrote, not a forecast)")
        if status == "placeholder" and placeholders is not None:
            placeholders.add(name)
    if not records:
        raise JnjpError(f"{f}: no scenario rows")
    return records, rationale, seen
