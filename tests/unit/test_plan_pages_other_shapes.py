"""Pages of plans shaped unlike Tibet's (issue 28): a pollutant outside Tibet's four, and a plan whose
labels lack the clause references (pacing_no, warning_no, assessment_no). Built from copies of the
INVENTED fixture tests/plans/synthetic-4y (caps of COD and NOx in 2024)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FOURY = Path(__file__).parents[1] / "plans" / "synthetic-4y"


def _copy(tmp_path: Path) -> Path:
    pkg = tmp_path / "synthetic-4y"
    shutil.copytree(FOURY, pkg)
    return pkg


def test_a_capped_pollutant_outside_tibets_four_is_named_as_its_plan_names_it(tmp_path):
    pkg = _copy(tmp_path)
    # the NOx cap re-keyed as a VOCs cap (the text's numbers unchanged): no i18n label pol_vocs exists
    for f in ("targets.csv", "catalogue.csv"):
        (pkg / f).write_text((pkg / f).read_text(encoding="utf-8").replace("nox_cap", "vocs_cap"), encoding="utf-8")
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["pollutants"] = [p if p["slug"] != "nox" else {**p, "slug": "vocs", "name_en": "VOCs (as printed)"}
                                    for p in d["jnjp:plan"]["pollutants"]]
    for table in d["jnjp:plan"].get("tables", []):  # the table's column of that cap
        table["columns"] = ["vocs_cap_10k_t" if c == "nox_cap_10k_t" else c for c in table["columns"]]
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    from jnjp_analysis.pages import charts

    fig = charts.pollutant_chart("en", plan=pkg)
    assert [x.get_text() for x in fig.axes[0].get_yticklabels()] == ["COD", "VOCs (as printed)"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plan_without_clause_labels_omits_the_references(tmp_path, lang):
    pkg = _copy(tmp_path)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    for words in d["jnjp:plan"]["labels"].values():
        for k in ("pacing_no", "warning_no", "assessment_no"):
            words.pop(k, None)
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    from jnjp_analysis.pages.briefing import Briefing, Overview

    b = Briefing("jia", lang=lang, plan=pkg, scenario_names=["central"], n_draws=100)
    notes = b.method_notes()
    assert ("进度预警：" if lang == "zh" else "- Pacing takes") in notes
    assert Overview(lang=lang, plan=pkg, n_draws=100).heading("warning") == (
        "## 预警名单与年度评价考核" if lang == "zh" else "## Early-warning list and annual assessment")


def test_a_clause_label_with_its_own_punctuation_is_not_wrapped(tmp_path):
    pkg = _copy(tmp_path)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["labels"]["zh"]["pacing_no"] = "二、主要目标"
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    from jnjp_analysis.pages.briefing import Briefing

    notes = Briefing("jia", lang="zh", plan=pkg, scenario_names=["central"], n_draws=100).method_notes()
    assert "（“二、主要目标”“防止前松后紧”" in notes and "第（二、主要目标）条" not in notes
