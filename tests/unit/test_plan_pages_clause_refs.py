"""The regional clause reference in the pollutant-cap caption and the method notes (issue 28): a
label with its own punctuation ("二、主要目标") is quoted as it is, a missing one is omitted, instead of
being wrapped as 第（…）条 / clause (…) whatever it holds. Built from a copy of Tibet's package (its
annex-2 NH3-N and SO2 sums exceed the regional caps, so the method notes carry that bullet) whose
labels are edited."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

XIZANG = Path(__file__).parents[2] / "data" / "plans" / "xizang-13fyp"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory) -> Path:
    pkg = tmp_path_factory.mktemp("clauses") / "xizang-13fyp"
    shutil.copytree(XIZANG, pkg)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["labels"]["zh"]["regional_no"] = "二、主要目标"
    d["jnjp:plan"]["labels"]["en"].pop("regional_no")
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    return pkg


def test_a_clause_label_with_its_own_punctuation_is_quoted_in_the_caption_and_the_notes(pkg):
    from jnjp_analysis.pages.briefing import Briefing, Overview

    b = Briefing("lhasa", lang="zh", plan=pkg, scenario_names=["central"], n_draws=100)
    # cap_pollutants: 图：{pollutant_table}各{unit_word}{target}年…占{ref}{whole}上限的比例 with ref “二、主要目标”
    expected = "*图：附件2各地（市）2020年污染物排放上限占“二、主要目标”全区上限的比例，按原文呈现。*"
    assert b.caption("pollutants") == expected
    assert Overview(lang="zh", plan=pkg, n_draws=100).caption("pollutants") == expected
    # annex 2: NH3-N 0.344 > 0.3 and SO2 0.538 > 0.5 (Tibet's plan, clause (二) and annex 2)
    assert b.method_notes().splitlines()[-1] == (
        "- 附件2各地（市）氨氮、二氧化硫之和（0.344、0.538万吨）超过“二、主要目标”全区上限（0.3、0.5万吨），按原文呈现。")
    assert "第（二、主要目标）条" not in b.method_notes()


def test_a_missing_clause_label_is_omitted_in_the_caption_and_the_notes(pkg):
    from jnjp_analysis.pages.briefing import Briefing, Overview

    b = Briefing("lhasa", lang="en", plan=pkg, scenario_names=["central"], n_draws=100)
    expected = "*Figure: annex 2's 2020 prefecture caps as shares of the regional caps, as printed.*"
    assert b.caption("pollutants") == expected
    assert Overview(lang="en", plan=pkg, n_draws=100).caption("pollutants") == expected
    assert b.method_notes().splitlines()[-1] == (
        "- Annex 2's prefecture caps for NH3-N and SO2 add up to 0.344 and 0.538 (10^4 t), above the regional caps "
        "(0.3 and 0.5): shown as printed.")
