"""Issue 29: a new target kind is one spec (jnjp_analysis/plan/kinds.py), proven by the non-fossil share of
energy consumption (the 14th and 15th periods' "非化石能源消费比重达到20%左右"), end to end: the form,
the package, the record, the grade, the page section, both languages.

The plan is the INVENTED fixture tests/plans/synthetic-kinds entered through the form as its tests do,
its text with one line added (line 31): "全区非化石能源消费比重达到20%左右。" — a regional target of the
text, on the Catalogue sheet (target id non_fossil_share), and the kind declared on the Controls sheet.
Its record gets the region's share in 2025, invented: 21.3 % ≥ 20 % → met; a second record with 18.5 %
→ missed (by hand: the rule is "at least the target share").
"""

from __future__ import annotations

import csv
import io

import pytest
from test_plan_form import _header
from test_plan_form_kinds import CONTROLS, PID, TEXT, fill

from jnjp_analysis.plan import form
from jnjp_analysis.plan.load import load

LINE = "全区非化石能源消费比重达到20%左右。"


def _package(tmp_path, share: float):
    text = tmp_path / "plan.txt"
    text.write_text(TEXT.read_text(encoding="utf-8") + LINE + "\n", encoding="utf-8")
    x = form.write_template(tmp_path / "plan.xlsx")
    fill(x, controls=[*CONTROLS, {"kind": "non_fossil_share"}])
    from openpyxl import load_workbook

    wb = load_workbook(x)
    _append_after(wb[form.CATALOGUE_SHEET], {
        "target_id": "non_fossil_share", "clause": "（一）", "indicator": "Non-fossil share of energy consumption",
        "indicator_zh": "非化石能源消费比重", "scope": "region", "target_year": 2025, "value": 20, "unit": "%",
        "kind": "floor", "value_text": "20%", "quote": "全区非化石能源消费比重达到20%左右"})
    wb.save(x)
    out, _ = form.import_form(x, text, tmp_path / PID)
    rec = out / "records" / "record.csv"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["region", 2025, "non_fossil_share", share, "final", "INVENTED TEST VALUE: not a statistic",
                "none: invented for the tests of jnjp_analysis", "2026", "", "", "invented"])
    rec.write_text(rec.read_text(encoding="utf-8") + buf.getvalue(), encoding="utf-8")
    return out


def _append_after(ws, row):
    """Append one row under the sheet's filled rows (the fixture's catalogue is already there)."""
    used = [r[0].row for r in ws.iter_rows(min_row=6) if r[0].value not in (None, "")]
    hdr_first = "target_id"

    hdr, col = _header(ws, hdr_first)
    at = max(used, default=hdr) + 1
    for k, v in row.items():
        ws.cell(at, col[k], v)



@pytest.mark.parametrize("share, status", [(0.213, "met"), (0.185, "missed")])
def test_the_regional_non_fossil_share_is_read_and_graded(tmp_path, share, status):
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    p = load(_package(tmp_path, share))
    assert p.control("non_fossil_share").kind == "non_fossil_share"
    assert p.targets("region").value("non_fossil_share") == 0.2  # 20 % as printed (左右: about)
    assert "non_fossil_share" in records.indicators(p)  # the form wrote the kind's record indicator
    res = assessment.period_result(records.load(with_shipped=True, plan=p), plan=p).set_index(["unit", "indicator"])
    row = res.loc[("region", "non_fossil_share")]
    assert (row["target"], row["achieved"], row["status"]) == (0.2, share, status)


@pytest.mark.slow
def test_its_page_section_in_both_languages(tmp_path):
    import subprocess
    import sys

    pkg = _package(tmp_path, 0.213)
    out = tmp_path / "reports"
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(pkg), "build", "--out", str(out),
                        "-p", "jia", "--no-progress", "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    zh = (out / "overview_zh.html").read_text(encoding="utf-8")
    en = (out / "overview_en.html").read_text(encoding="utf-8")
    assert "非化石能源消费比重" in zh and "21.3%" in zh
    assert "Non-fossil share of energy" in en and "21.3%" in en
    assert "Non-fossil share: met where non-fossil energy is at least the target share of 2025" in en


def test_a_kind_registered_without_a_grading_rule_is_refused_at_load(tmp_path, monkeypatch):
    import dataclasses
    import json
    import shutil
    from pathlib import Path

    from jnjp_analysis.errors import PlanError
    from jnjp_analysis.plan import kinds
    from jnjp_analysis.plan import load as plan_load

    ungraded = dataclasses.replace(kinds.KINDS["non_fossil_share"], kind="renewable_share", grading=None)
    monkeypatch.setattr(plan_load, "KINDS", {**kinds.KINDS, "renewable_share": ungraded})
    monkeypatch.setattr(plan_load, "TARGET_KINDS", {**plan_load.TARGET_KINDS, "renewable_share": "ungraded"})
    pkg = tmp_path / "synthetic-kinds"
    shutil.copytree(Path(__file__).parents[1] / "plans" / "synthetic-kinds", pkg)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["jnjp:plan"]["controlled_indicators"].append({"id": "renewable_share", "kind": "renewable_share"})
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PlanError, match=r"controlled_indicators'\[3\]\.kind 'renewable_share' has no grading rule"):
        load(pkg)
