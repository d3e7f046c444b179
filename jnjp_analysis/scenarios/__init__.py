"""The scenario layer: scenario definitions and files (:mod:`.definition`), the projection engine and
compliance (:mod:`.projection`), the growth window, feasibility grid and map grid (:mod:`.feasibility`)
and the Monte Carlo (:mod:`.montecarlo`). Every function that needs years, units or targets takes the
plan as a keyword ``plan``, required (never defaulted). The names below are imported explicitly from
those modules."""

from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.scenarios.definition import (
    ENERGY_MODES,
    KEY_COLUMNS,
    Scenario,
    ScenarioError,
    get,
    load,
    parameters,
    pollutant_growth_parameters,
    read_scenarios,
    resolve,
    scenario_columns,
    select_units,
)
from jnjp_analysis.scenarios.feasibility import EXPLORER_GRID, MAP_GRID, GridSpec, feasibility_grid, growth_window
from jnjp_analysis.scenarios.montecarlo import DEFAULT_QUANTILES, DEFAULT_SD, MonteCarloResult, monte_carlo
from jnjp_analysis.scenarios.projection import (
    MODE_CODE,
    compliance,
    compliance_table,
    energy_paths,
    project,
    unit_targets,
)

__all__ = [
    "DEFAULT_QUANTILES", "DEFAULT_SD", "ENERGY_MODES", "EXPLORER_GRID", "KEY_COLUMNS", "MAP_GRID", "MODE_CODE",
    "REGION", "GridSpec", "MonteCarloResult", "Scenario", "ScenarioError", "compliance", "compliance_table",
    "energy_paths", "feasibility_grid", "get", "growth_window", "load", "monte_carlo", "parameters",
    "pollutant_growth_parameters", "project", "read_scenarios", "resolve", "scenario_columns", "select_units",
    "unit_targets",
]
