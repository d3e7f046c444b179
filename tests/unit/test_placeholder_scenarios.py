"""Placeholder scenarios (issue 28): the plan form writes a central scenario so that a package builds at
once, with ``placeholder`` in the optional column ``status`` of scenarios.csv. The scenario knows it,
and every page section that shows its numbers says so beside them. Built on a copy of the INVENTED
fixture tests/plans/synthetic-4y (its one scenario, central, marked as a placeholder)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

FOURY = Path(__file__).parents[1] / "plans" / "synthetic-4y"
# the scenario's rationale says what the placeholder is (the form's implied growth and even pace, or an analyst's
# carried-forward year): the note points to it rather than assuming the form's default
NOTE = {"zh": "**情景“基准”含占位假设**，不是预测：依据见 scenarios.csv 的 rationale 列（请编辑）。",
        "en": "**Scenario “central” holds a placeholder assumption**, not a forecast: see the rationale column of "
              "scenarios.csv (edit it)."}


def _with_status(folder: Path, status) -> Path:
    pkg = folder / "synthetic-4y"
    shutil.copytree(FOURY, pkg)
    with (pkg / "scenarios.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (pkg / "scenarios.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[*rows[0], "status"])
        w.writeheader()
        for i, r in enumerate(rows):
            w.writerow({**r, "status": status(i, r)})
    return pkg


@pytest.fixture(scope="module")
def pkg(tmp_path_factory) -> Path:
    return _with_status(tmp_path_factory.mktemp("placeholder"), lambda i, r: "placeholder" if r["scenario"] == "central" else "")


def test_the_scenario_knows_it_is_a_placeholder(pkg, tmp_path):
    from jnjp_analysis import scenarios

    assert scenarios.load(plan=pkg)["central"].placeholder is True
    # an empty status everywhere: not a placeholder
    plain = _with_status(tmp_path, lambda i, r: "")
    assert scenarios.load(plan=plain)["central"].placeholder is False


def test_a_status_other_than_placeholder_is_refused_naming_file_row_and_column(tmp_path):
    from jnjp_analysis import scenarios

    bad = _with_status(tmp_path, lambda i, r: "forecast" if i == 2 else "")
    with pytest.raises(scenarios.ScenarioError, match=r"scenarios\.csv, row 4, column 'status': 'forecast' is not a status"):
        scenarios.load(plan=bad)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_briefing_says_so_beside_the_numbers(pkg, lang):
    from jnjp_analysis.pages.briefing import Briefing

    b = Briefing("jia", lang=lang, plan=pkg, scenario_names=["central"], n_draws=100)
    for key in ("key", "intensity", "energy", "map", "pacing", "mc", "scenarios"):
        assert b.heading(key).endswith("\n\n" + NOTE[lang]), key
    assert NOTE[lang] not in b.heading("method")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overview_says_so_beside_the_numbers(pkg, lang):
    from jnjp_analysis.pages.briefing import Overview

    o = Overview(lang=lang, plan=pkg, n_draws=100)
    for key in ("scenarios", "mc"):
        assert o.heading(key).endswith("\n\n" + NOTE[lang]), key
    assert NOTE[lang] not in o.heading("annex1")
