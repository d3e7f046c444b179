"""The scenario layer: scenario definitions and files (:mod:`.definition`), the projection engine and
compliance (:mod:`.projection`), the growth window and feasibility grid (:mod:`.feasibility`) and the
Monte Carlo (:mod:`.montecarlo`). The names below are imported explicitly from those modules."""

from jnjp_analysis.plan.definition import REGION
from jnjp_analysis.scenarios.definition import (
    ENERGY_MODES,
    PARAMETERS,
    POLLUTANT_GROWTH,
    Scenario,
    ScenarioError,
    get,
    load,
)
from jnjp_analysis.scenarios.feasibility import feasibility_grid, growth_window
from jnjp_analysis.scenarios.montecarlo import DEFAULT_QUANTILES, DEFAULT_SD, MonteCarloResult, monte_carlo
from jnjp_analysis.scenarios.projection import compliance, compliance_table, project, unit_targets

__all__ = [
    "DEFAULT_QUANTILES", "DEFAULT_SD", "ENERGY_MODES", "PARAMETERS", "POLLUTANT_GROWTH", "REGION",
    "MonteCarloResult", "Scenario", "ScenarioError", "compliance", "compliance_table", "feasibility_grid",
    "get", "growth_window", "load", "monte_carlo", "project", "unit_targets",
]
