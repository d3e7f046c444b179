"""The build's public names in one module (the import path of 0.2.0, ``jnjp_analysis.build.reports``):
nothing is defined here, each name is re-exported from the module that does the job —
:mod:`jnjp_analysis.build.jobs` (the jobs a build runs), :mod:`jnjp_analysis.build.export` (an
executed notebook to a page), :mod:`jnjp_analysis.build.index` (the index page) and
:mod:`jnjp_analysis.build.runner` (the lock, the signals, the run; ``jnjp build``). The package's own
modules import from those; this one is kept for notebooks and scripts.
"""

from __future__ import annotations

from jnjp_analysis.build.export import (
    TEMPLATE_DIR,
    bundle_zip,
    check_clean,
    describe_failure,
    export_html,
    extract_key_figures,
    extract_output,
    key_figures_json,
    stderr_outputs,
)
from jnjp_analysis.build.index import refuse_foreign_index, write_index
from jnjp_analysis.build.jobs import (
    Job,
    Outcome,
    PlanArg,
    default_out,
    has_bundle,
    has_overview,
    outputs_of,
    plan_jobs,
    plan_seed,
    shown_scenarios,
    validate,
)
from jnjp_analysis.build.runner import LOCK_NAME, BuildInterrupted, build, build_lock, main, preflight, run_job

__all__ = [
    "LOCK_NAME",
    "TEMPLATE_DIR",
    "BuildInterrupted",
    "Job",
    "Outcome",
    "PlanArg",
    "build",
    "build_lock",
    "bundle_zip",
    "check_clean",
    "default_out",
    "describe_failure",
    "export_html",
    "extract_key_figures",
    "extract_output",
    "has_bundle",
    "has_overview",
    "key_figures_json",
    "main",
    "outputs_of",
    "plan_jobs",
    "plan_seed",
    "preflight",
    "refuse_foreign_index",
    "run_job",
    "shown_scenarios",
    "stderr_outputs",
    "validate",
    "write_index",
]
