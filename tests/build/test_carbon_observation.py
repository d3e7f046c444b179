"""A carbon observation needs no carbon target (issue 30, item 6): the record format the plan form writes
holds the carbon-intensity indicators whatever the plan declares, so a region's stated cumulative change of
CO2 per unit of GDP (as Tibet's department of ecology and environment stated −12.24 % for 2015-2020) is
accepted and shown for a plan entered through the form that sets no carbon target.

The plan is the INVENTED fixture tests/plans/synthetic-4y (base 2020, target 2024, no carbon target), filled
into the form as tests/build/test_plan_form.py does; the observation is invented for the test.
"""

from __future__ import annotations

import json

from test_plan_form import TEXT, fill

from jnjp_analysis.pages.record_view import RecordSection
from jnjp_analysis.plan import form
from jnjp_analysis.plan.load import load
from jnjp_analysis.records import store

HEADER = ("unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n")


def test_a_carbon_observation_is_recorded_and_shown_without_a_carbon_target(tmp_path):
    x = form.write_template(tmp_path / "plan.xlsx")
    fill(x)
    out, findings = form.import_form(x, TEXT, tmp_path / "synthetic-4y")
    assert not [f for f in findings if f.level == "error"]
    plan = load(out)
    assert not plan.has_carbon  # the fixture sets no carbon target
    names = [i["name"] for i in json.loads((out / "records" / "record.schema.json").read_text())["jnjp:indicators"]]
    assert {"carbon_intensity_change_cum", "carbon_intensity_change"} <= set(names)
    rec = tmp_path / "record.csv"
    rec.write_text(HEADER + "region,2024,carbon_intensity_change_cum,-0.1224,not_stated,INVENTED test source,test,"
                   "2025-09-28,https://example.org/invented,累计降低12.24%,invented for the test\n", encoding="utf-8")
    r = store.load(rec, plan=plan)
    assert r.value("region", 2024, "carbon_intensity_change_cum") == -0.1224
    shown = RecordSection("region", "en", str(rec), plan=plan).sources()
    assert "cumulative change in CO2 emissions per unit of GDP since 2020" in shown
    assert "**-12.2%**" in shown  # the page rounds a percent to one decimal
