"""The public names of the records layer in one module (the import path of 0.2.0,
``from jnjp_analysis.records import core as records``): nothing is defined here, each name is
re-exported from the module that does the job —

* :mod:`jnjp_analysis.records.schema`: the record format of a plan (its Table Schema, indicators,
  bounds and limits) and the plan's ``records/`` package (the shipped record, its provenance);
* :mod:`jnjp_analysis.records.record`: a row as read, a finding, the accepted record;
* :mod:`jnjp_analysis.records.read`: reading a CSV or the Excel/ODS form;
* :mod:`jnjp_analysis.records.validate`: graded validation (errors, warnings as codes, plausibility);
* :mod:`jnjp_analysis.records.store`: loading the accepted record, with its cache.

The package's own modules import from those; this one is kept for notebooks and scripts.
"""

from __future__ import annotations

from jnjp_analysis.config import SHIPPED_RECORD  # the default plan's; see shipped_record()
from jnjp_analysis.plan.definition import REGION  # the one key of the whole region
from jnjp_analysis.records.read import read_rows
from jnjp_analysis.records.record import At, CheckResult, Finding, Record, RecordError, Row
from jnjp_analysis.records.schema import (
    ESTIMATE,
    EXCEL_SUFFIXES,
    LABEL_COLUMN,
    SCHEMA_NAME,
    UNIT_COLUMN,
    Indicator,
    Level,
    PlanLike,
    check_indicator,
    check_unit,
    columns,
    find_shipped_record,
    get_plan,
    indicators,
    limits,
    provenance,
    rules,
    schema,
    schema_file,
    shipped_record,
    statuses,
    unit_hint,
    unit_keys,
    unit_name,
)
from jnjp_analysis.records.store import load
from jnjp_analysis.records.validate import check, plan_reference

__all__ = [
    "ESTIMATE",
    "EXCEL_SUFFIXES",
    "LABEL_COLUMN",
    "REGION",
    "SCHEMA_NAME",
    "SHIPPED_RECORD",
    "UNIT_COLUMN",
    "At",
    "CheckResult",
    "Finding",
    "Indicator",
    "Level",
    "PlanLike",
    "Record",
    "RecordError",
    "Row",
    "check",
    "check_indicator",
    "check_unit",
    "columns",
    "find_shipped_record",
    "get_plan",
    "indicators",
    "limits",
    "load",
    "plan_reference",
    "provenance",
    "read_rows",
    "rules",
    "schema",
    "schema_file",
    "shipped_record",
    "statuses",
    "unit_hint",
    "unit_keys",
    "unit_name",
]

