"""English pages use the plan's own word for its whole area (labels.en.whole: "province" in the
INVENTED fixture tests/plans/synthetic-4y), not "region"/"Regional cap" (issue 28); Tibet's word is
"region", so its pages read as before (tests/test_numbers_unchanged.py)."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import pytest

FOURY = Path(__file__).parents[1] / "plans" / "synthetic-4y"


class _Open(dict):
    def __missing__(self, k: str) -> str:
        return ""  # a value the page puts in (not a plan word)


def test_no_english_text_says_region_for_a_province():
    from jnjp_analysis import i18n
    from jnjp_analysis.plan.load import load

    words = _Open(i18n.plan_words(load(FOURY), "en"))
    said = {}
    for key, en in i18n.catalogue("en").items():
        text = string.Formatter().vformat(re.sub(r"\{(\w+):[^}]*\}", r"{\1}", en), (), words)
        if re.search(r"\b[Rr]egion(al)?\b", text):
            said[key] = text
    assert said == {}


@pytest.mark.parametrize(("key", "expected"), [
    ("regional_cap", "Provincial cap"), ("region", "Province"), ("job_overview", "Province overview"),
    ("lbl_regional", "Provincial"), ("scope_region", "province"), ("rec_proxy_pacing", "Growth: the province's, as a proxy."),
])
def test_the_plan_word_and_its_forms(key, expected):
    from jnjp_analysis.i18n import t
    from jnjp_analysis.plan.load import load

    assert t(key, "en", plan=load(FOURY)) == expected


def test_the_overview_headings_and_the_pollutant_chart_say_province():
    from jnjp_analysis.pages import charts
    from jnjp_analysis.pages.briefing import Overview

    o = Overview(lang="en", plan=FOURY, n_draws=100)
    assert o.heading("regional") == "## Province-wide targets in the plan body"
    assert o.heading("reconcile") == "## Reconciliation: city sums against provincial figures"
    assert o.heading("pollutants") == "## Shares of the provincial pollutant caps"
    # the fixture's text: 附表 (the table), caps of 2024, clause 一 (labels.en.regional_no)
    assert o.caption("pollutants") == "*Figure: the table's 2024 city caps as shares of the provincial caps of clause (一), as printed.*"
    fig = charts.pollutant_chart("en", plan=FOURY)
    ax = fig.axes[0]
    assert ax.get_title() == "City pollutant caps as a share of the provincial cap"
    assert ax.get_xlabel() == "Share of the provincial 2024 cap (%)"
    assert "Provincial cap" in [x.get_text() for x in ax.texts]


def test_a_plan_may_give_its_adjective_and_a_word_without_one_is_used_as_it_is(tmp_path):
    from jnjp_analysis.i18n import t
    from jnjp_analysis.plan.load import load

    pkg = tmp_path / "synthetic-4y"
    shutil.copytree(FOURY, pkg)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["labels"]["en"]["whole"] = "league"  # a word the pages know no adjective of
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    assert t("regional_cap", "en", plan=load(pkg)) == "League cap"
    d["jnjp:plan"]["labels"]["en"]["whole_adj"] = "league-wide"
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    assert t("regional_cap", "en", plan=load(pkg)) == "League-wide cap"
    assert t("h_overview_reconcile", "en", plan=load(pkg)) == "Reconciliation: city sums against league-wide figures"
