"""The plan form: an Excel workbook an analyst fills in from a plan's text (``jnjp plan template``),
checked against that text and written as a plan package (``jnjp plan import``).

The form is bilingual (中文 / English) and has one sheet per part of a package:

* 说明 Instructions — how to fill it, the indicators and their units;
* 规划 Plan — the plan's identity, one row per field (id, title, issuer, document number, the dates
  it was signed and published, where it was found, base and target year, level, region, period);
* 单位 Units — the units the plan allocates targets to, names as printed (``units.csv``);
* 污染物 Pollutants — the pollutants it sets targets for, each a ``cap`` (target-year cap) or a ``cut``
  (from the base year) (``jnjp:plan.pollutants``);
* 控制指标 Controls — its controlled indicators (``jnjp:plan.controlled_indicators``): one row per kind
  of :data:`~jnjp_analysis.plan.definition.TARGET_KINDS`, an incentive level (yes/no) for the intensity
  cut, an exemption rule for the total, and a regional carbon target from another document with its
  source; empty for Tibet's 13th's two (an intensity cut and a total increment);
* 目标 Targets — the units' targets (``targets.csv``): unit, indicator (a pollutant cap or cut with its
  pollutant; the incentive level and the carbon targets of the declared kinds), the value in the
  indicator's unit (every cut in percent), the value as printed and its line of the text, or the
  sentence quoted;
* 全区目标 Catalogue — the region-wide targets of the plan body with their quotes (``catalogue.csv``);
* 用词 Labels — the plan's own words the pages use (``jnjp:plan.labels``);
* 统计 Statistics — optional: base-year statistics from a cited source, not the plan's text (``statistics.csv``,
  checked by its one rule set, :func:`jnjp_analysis.plan.statistics.check`);
* 情景 Scenarios — optional: scenario assumptions in long form (scenario, unit, parameter, year, value, rationale,
  status), checked by the scenario reader's own rules (:mod:`jnjp_analysis.plan.scenario_rules`) and pivoted into
  ``scenarios.csv`` (one column per year, one rationale per scenario, unit and parameter).

Every table sheet has its column titles (row 4) and the column keys the reader finds its columns by
(row 5); the data starts on row 6. Excel's data validation holds what it can (lists for the level,
indicators, kinds, units and pollutants; whole numbers for years and lines; numbers ≥ 0 for values).

:func:`import_form` reads a filled form, checks every cell against the plan's text and refuses the
form — writing nothing — on any error; each :class:`Finding` names the sheet, row and column. The
unit sums are reconciled against the catalogue's regional figures and shown (warnings, info), never
corrected. What a cell holds is data: it is compared, copied and quoted (shortened), never run.

So that the package builds (``jnjp --plan DIR build``), the import also writes ``scenarios.csv`` — the Scenarios
sheet's where it has rows; otherwise one
scenario ``central``: per unit the even pace of its basic cut (``even``) and the plan's implied growth
(``implied``), a placeholder assumption and not a forecast, as its rationale says — and ``records/``:
the record format (``record.schema.json``; units and years are filled from the plan by
``records.core.schema()``; the emissions of every pollutant the plan caps or cuts) and an empty record
(``record.csv``, its header only).

This module is the public entry; the work is split by job: the layout as data and the empty form
(:mod:`~jnjp_analysis.plan.form_layout`), reading the workbook (:mod:`~jnjp_analysis.plan.form_read`),
the checks of each sheet by the shared rule set (:mod:`~jnjp_analysis.plan.form_check`), the package
writer and the import (:mod:`~jnjp_analysis.plan.form_write`).
"""


from __future__ import annotations

from jnjp_analysis.errors import JnjpError  # what the form's functions raise on unreadable input
from jnjp_analysis.plan.form_layout import (
    CAP_INDICATOR,
    CATALOGUE_SHEET,
    CONTROL_IDS,
    CONTROLS_SHEET,
    CUT_INDICATOR,
    ENERGY_INDICATORS,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    KINDS,
    LABELS_SHEET,
    LEVELS,
    NO,
    PERCENT_INDICATORS,
    PLAN_SHEET,
    POLLUTANT_TARGETS,
    POLLUTANTS_SHEET,
    REDUCTION_INDICATOR,
    SCENARIOS_SHEET,
    SCOPES,
    STATISTICS_SHEET,
    TABLES_SHEET,
    TARGETS_SHEET,
    UNITS_SHEET,
    YES,
    write_template,
)
from jnjp_analysis.plan.form_write import FormRefused, import_form
from jnjp_analysis.plan.rules import Finding

__all__ = [
    "CAP_INDICATOR",
    "CATALOGUE_SHEET",
    "CONTROLS_SHEET",
    "CONTROL_IDS",
    "CUT_INDICATOR",
    "ENERGY_INDICATORS",
    "INDICATORS",
    "INSTRUCTIONS_SHEET",
    "KINDS",
    "LABELS_SHEET",
    "LEVELS",
    "NO",
    "PERCENT_INDICATORS",
    "PLAN_SHEET",
    "POLLUTANTS_SHEET",
    "POLLUTANT_TARGETS",
    "REDUCTION_INDICATOR",
    "SCENARIOS_SHEET",
    "SCOPES",
    "STATISTICS_SHEET",
    "TABLES_SHEET",
    "TARGETS_SHEET",
    "UNITS_SHEET",
    "YES",
    "Finding",
    "FormRefused",
    "JnjpError",
    "import_form",
    "write_template",
]
