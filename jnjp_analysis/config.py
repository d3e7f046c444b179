"""One place for the package's paths and defaults (no heavy imports: the build reads it before it
knows whether anything needs to run).

Paths point into the checkout (``data/``, ``notebooks/``, ``reports/`` beside the package).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE_ROOT = PACKAGE_DIR.parent
RAW_DIR = PACKAGE_ROOT / "data" / "raw"
PROCESSED_DIR = PACKAGE_ROOT / "data" / "processed"
PLAN_FILE = RAW_DIR / "xizang_13fyp_energy_saving_emission_reduction_plan_2018.txt"
SCENARIO_FILE = RAW_DIR / "scenarios.csv"
NOTEBOOK_DIR = PACKAGE_ROOT / "notebooks"
BRIEFING_NB = NOTEBOOK_DIR / "02_prefecture_briefing.ipynb"
OVERVIEW_NB = NOTEBOOK_DIR / "01_region_overview.ipynb"
REPORTS_DIR = PACKAGE_ROOT / "reports"

DEFAULT_SEED = 20180403  # the date the plan's notice was signed
DEFAULT_DRAWS = 100_000
KEY_FIGURES_MIME = "application/vnd.jnjp.key-figures+json"
