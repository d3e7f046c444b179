"""One finding type for plans and records (issue 29, item 2): the plan's rule set and the record's checks
report with the same class, which prints and serialises the same way."""

from __future__ import annotations

from jnjp_analysis import errors
from jnjp_analysis.plan import rules
from jnjp_analysis.records import record


def test_plans_and_records_share_one_finding_type():
    assert rules.Finding is record.Finding is errors.Finding


def test_a_plan_finding_and_a_record_finding_say_where_alike():
    rep = rules.Report("form.xlsx")
    rep.add("error", "wrong-column", "14 is column 1", sheet="目标 Targets", row=7, column="value_text", cell="D7")
    plan_f = rep.findings[0]
    rec_f = record.At("record.csv", None, 3, "value", "x", unit="lhasa", year=2016).error("bad", "not a number")
    assert str(plan_f) == "error: form.xlsx, sheet '目标 Targets', row 7, column 'value_text' (D7): 14 is column 1"
    assert str(rec_f) == "error: record.csv, row 3, column 'value': not a number"
    assert set(plan_f.as_dict()) == set(rec_f.as_dict())  # one JSON shape for both
    assert (rec_f.unit, rec_f.year, plan_f.cell) == ("lhasa", 2016, "D7")
