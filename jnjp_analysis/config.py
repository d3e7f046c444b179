"""One place for the package's paths and defaults (no heavy imports: the build reads it before it
knows whether anything needs to run).

Two layouts:

* **a checkout** (``pip install -e .``, or running from the source tree): data, notebooks and
  reports are the folders beside the package (``data/``, ``notebooks/``, ``reports/``);
* **an installed wheel** (``pip install .``): the plan text, processed tables and notebook
  templates ship inside the package as ``jnjp_analysis/_resources/`` (setup.py copies them) and are
  found through ``importlib.resources``; reports go to ``./reports`` in the current folder, and
  ``jnjp data`` needs ``--out`` (it will not write into site-packages).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT = PACKAGE_DIR.parent
DEFAULT_PLAN = "xizang-13fyp"  # the plan every command uses without --plan: Tibet's 13th Five-Year plan
INSTALLED = not ((_CHECKOUT / "data" / "plans" / DEFAULT_PLAN / "datapackage.json").is_file()
                 and (_CHECKOUT / "notebooks").is_dir())
if INSTALLED:
    _res = resources.files("jnjp_analysis") / "_resources"
    if not isinstance(_res, Path) or not (_res / "data" / "plans" / DEFAULT_PLAN / "datapackage.json").is_file():
        raise ImportError("jnjp_analysis is installed without its data and notebook templates "
                          "(jnjp_analysis/_resources/): install it from a wheel built by its setup.py, or run it "
                          "from a checkout (pip install -e .)")
    PACKAGE_ROOT = _res
else:
    PACKAGE_ROOT = _CHECKOUT
PLANS_DIR = PACKAGE_ROOT / "data" / "plans"  # one folder per plan package (jnjp_analysis.plan.load)
PROCESSED_ROOT = PACKAGE_ROOT / "data" / "processed"  # <plan-id>/*.csv, made by `jnjp data`
# The default plan's files (the loaded Plan knows its own: plan.folder, plan.scenario_file, …)
RAW_DIR = PLANS_DIR / DEFAULT_PLAN
PROCESSED_DIR = PROCESSED_ROOT / DEFAULT_PLAN
PLAN_FILE = RAW_DIR / "xizang_13fyp_energy_saving_emission_reduction_plan_2018.txt"
SCENARIO_FILE = RAW_DIR / "scenarios.csv"
RECORDS_DIR = RAW_DIR / "records"
RECORD_SCHEMA = RECORDS_DIR / "record.schema.json"  # the Table Schema of every record
SHIPPED_RECORD = RECORDS_DIR / "region_gdp.csv"  # what the pages show without --record
NOTEBOOK_DIR = PACKAGE_ROOT / "notebooks"
BRIEFING_NB = NOTEBOOK_DIR / "02_unit_briefing.ipynb"
OVERVIEW_NB = NOTEBOOK_DIR / "01_region_overview.ipynb"
REPORTS_DIR = (Path.cwd() if INSTALLED else PACKAGE_ROOT) / "reports"

# what every briefing shows, and the scenario its pacing and Monte Carlo centre on
DEFAULT_SCENARIOS = ("plan_consistent", "even_pace", "low_growth", "central", "high_growth")
DEFAULT_CENTRAL = "central"
DEFAULT_SEED = 20180403  # the default plan's seed: the date its notice was signed (its pages keep their numbers)
# the seed of every other plan without a jnjp:plan.seed of its own: a fixed number that means nothing
# (no date of any plan), so that a plan's pages are reproducible without borrowing another plan's seed
NEUTRAL_SEED = 12345
DEFAULT_DRAWS = 100_000
# Absolute/relative tolerance of every "is it met" comparison (cumulative cuts, energy against a
# cap, binding "both"): far below any figure the plan prints (0.001 × 10^4 t), far above float error.
TOL = 1e-9
# the barometer's yellow band: behind by no more than 10 % of the requirement (发改办环资〔2020〕901号)
PACING_TOLERANCE = 0.10
KEY_FIGURES_MIME = "application/vnd.jnjp.key-figures+json"
BUNDLE_MIME = "application/vnd.jnjp.data-bundle+json"
# the word for a plan's whole area where its labels give none (Plan.words' "whole"), by language
WHOLE_WORD_DEFAULT = {"zh": "全地区", "en": "region"}


def file_mode() -> int:
    """0o666 less the process umask: the mode ``open()`` gives a new file.

    Written files get it (``mkstemp`` alone would make them private); read it from the main thread.

    Returns
    -------
    int
        The permission bits, e.g. ``0o644`` under umask 022.
    """
    import os

    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
