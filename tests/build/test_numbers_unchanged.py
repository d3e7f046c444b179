"""Every number Tibet's 16 pages, key figures, data bundles and processed tables state is what
0.1.0 stated (issue 17: the plan moved into a data package and names lost their years).

The "before" side is tests/baseline/numbers_v0.1.0/ (extracted from a build of commit cc626fa by
its extract.py; see its README). The "after" side is a fresh build, extracted the same way. The
two are compared through the renaming map of CHANGELOG.md (0.2.0), nothing else. A page is compared
on the numbers it states (every number token of its visible text, in order), not on its wording;
its key figures, data bundle and the processed tables are compared whole.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jnjp_analysis.config import DEFAULT_PLAN, PLANS_DIR

pytestmark = pytest.mark.slow

BASE = Path(__file__).resolve().parents[1] / "baseline" / "numbers_v0.1.0"
sys.path.insert(0, str(BASE))
from extract import NUMBER, decode_table  # noqa: E402

# CHANGELOG.md, "Renamed columns and rows": 0.1.0 name -> 0.2.0 name (column names and cell values)
RENAMED = {"energy_2015_10k_tce": "energy_base_10k_tce", "cap_2020_10k_tce": "cap_target_10k_tce",
           "cap_2020_10k_t": "cap_target_10k_t", "regional_cap_2020_10k_t": "regional_cap_target_10k_t",
           "energy_2020_10k_tce": "energy_target_10k_tce", "allowed_2020_10k_tce": "allowed_target_10k_tce",
           "intensity_index_2015_eq_100": "intensity_index_base_eq_100",
           "energy_2015_sum": "energy_base_sum", "cap_2020_sum": "cap_target_sum",
           # 0.3.0: `unit` is the one name of the unit dimension (CHANGELOG.md, 0.3.0)
           "prefecture": "unit", "prefecture_sum": "units_sum"}
TABLES_RENAMED = {"table_scenarios_2020": "table_scenarios_target"}  # bundle members
KEYS_RENAMED = {"energy_2015_10k_tce": "energy_base_10k_tce", "cap_2020_10k_tce": "cap_target_10k_tce",
                "central_energy_2020_10k_tce": "central_energy_target_10k_tce",
                "record_ceiling_2020_10k_tce": "record_ceiling_target_10k_tce", "prefecture": "unit"}  # key figures
# new columns and keys (their values are not 0.1.0 numbers; CHANGELOG.md, "Added")
ADDED = {"energy_targets": ["name_en"], "table_annex1": ["name_en"], "chart_pacing": ["reason_codes"],
         "record_pacing": ["reason_codes"], **{f"assessment_{y}": ["reason_codes"] for y in range(2016, 2021)}}
KEYS_ADDED = ("plan", "base_year", "target_year")
TABLES_ADDED = ("chart_record",)  # bundle members since 0.1.0 (CHANGELOG.md: the record chart's frame, 0.3.0)
# The one number of a page's text that is not a number of the plan: the record format's count of indicators,
# stated where a unit has no values ("Missing: all 9 indicators" / "全部9项指标" in 0.1.0). The format has a
# tenth indicator since issue 18 (carbon_intensity_change_cum), so the page now says 10 there. It is found in
# 0.1.0's own text (the fixture's page_text) because page_numbers alone cannot tell this 9 from another 9.
INDICATOR_COUNT = re.compile(r"Missing: all (9) indicators|全部(9)项指标")
INDICATORS_NOW = "10"  # 0.1.0's 9 + carbon_intensity_change_cum


def _expected_numbers(before: dict) -> list[str] | None:
    """The numbers a page states today: 0.1.0's, in order, with the format's indicator count now 10."""
    text = before.get("page_text")
    if text is None:
        return before.get("page_numbers")
    out: list[str] = []
    for chunk in text:
        counts = {m.start(g) for m in INDICATOR_COUNT.finditer(chunk) for g in (1, 2) if m.start(g) >= 0}
        out += [INDICATORS_NOW if m.start() in counts else m.group(0) for m in NUMBER.finditer(chunk)]
    return out


def _key_figures(kf: dict | None) -> dict | None:
    if kf is None:
        return None
    return {KEYS_RENAMED.get(k, k): v for k, v in kf.items()}


def _renamed(table: dict, names: dict[str, str] = RENAMED) -> tuple[list, list]:
    cols, rows = decode_table(table)
    return [names.get(c, c) for c in cols], [[names.get(x, x) for x in r] for r in rows]


def _without(table: dict, drop: list[str]) -> tuple[list, list]:
    cols, rows = decode_table(table)
    keep = [i for i, c in enumerate(cols) if c not in drop]
    return [cols[i] for i in keep], [[r[i] for i in keep] for r in rows]


@pytest.fixture(scope="module")
def after(tmp_path_factory) -> Path:
    """A build of today's code on Tibet's plan package as it is, but with the record 0.1.0 shipped
    (region_gdp_v0.1.0.csv, git show cc626fa:data/raw/records/region_gdp.csv): the comparison is of
    the move and the renames; the values cited since then (Lhasa's growth, issue 18) are tested on
    their own in tests/test_records.py."""
    out = tmp_path_factory.mktemp("after")
    pkg = out / "plans" / DEFAULT_PLAN
    shutil.copytree(PLANS_DIR / DEFAULT_PLAN, pkg)
    shutil.copyfile(BASE / "region_gdp_v0.1.0.csv", pkg / "records" / "region_gdp.csv")
    jnjp = [sys.executable, "-m", "jnjp_analysis.cli"]
    r = subprocess.run([*jnjp, "--plan", str(pkg), "build", "--out", str(out / "reports"), "--no-progress",
                        "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    subprocess.run([*jnjp, "data", "--out", str(out / "processed")], check=True, capture_output=True)
    subprocess.run([sys.executable, str(BASE / "extract.py"), str(out / "reports"), str(out / "processed"),
                    str(out / "numbers")], check=True, capture_output=True)
    return out / "numbers"


PAGES = sorted(p.stem for p in BASE.glob("*.json") if p.stem != "processed")


@pytest.mark.parametrize("page", PAGES)
def test_a_page_states_the_numbers_it_stated_in_0_1_0(after, page):
    before, now = json.loads((BASE / f"{page}.json").read_text()), json.loads((after / f"{page}.json").read_text())
    # every number token of the page's visible text (extract.py's page_numbers), in order; the wording is free
    assert now.get("page_numbers") == _expected_numbers(before)


@pytest.mark.parametrize("page", PAGES)
def test_a_pages_key_figures_and_data_bundle_are_those_of_0_1_0(after, page):
    before, now = json.loads((BASE / f"{page}.json").read_text()), json.loads((after / f"{page}.json").read_text())
    kf = now.get("key_figures")
    if kf is not None:
        assert {k: kf.pop(k) for k in KEYS_ADDED} == {"plan": "xizang-13fyp", "base_year": 2015, "target_year": 2020}
    assert kf == _key_figures(before.get("key_figures"))
    tables = {TABLES_RENAMED.get(k, k): v for k, v in before.get("bundle", {}).items()}
    assert sorted(k for k in now.get("bundle", {}) if k not in TABLES_ADDED) == sorted(tables)
    for name, table in tables.items():
        assert _without(now["bundle"][name], ADDED.get(name, [])) == _renamed(table), f"{page}: bundle table {name}"


def test_the_processed_tables_hold_the_numbers_of_0_1_0(after):
    before, now = json.loads((BASE / "processed.json").read_text()), json.loads((after / "processed.json").read_text())
    assert sorted(now) == sorted(before)
    for name, table in before.items():
        assert _without(now[name], ADDED.get(name, [])) == _renamed(table), name
