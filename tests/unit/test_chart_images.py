"""Image regression: every chart function, in both languages, against a committed baseline PNG
(pytest-mpl; `make test` passes --mpl). nbval does not compare images, so without this a chart
could change silently.

A deliberate change: `make baselines` rewrites tests/baseline/ (then look at the new PNGs and
commit them). A failure leaves the baseline, the new image and their difference in
tests/mpl-results/ (see pytest-mpl's --mpl-results-path).
"""

from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis import scenarios as sc
from jnjp_analysis.model import pacing
from jnjp_analysis.pages import charts, explorer
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.plan.load import load as load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

BASELINE = str(Path(__file__).resolve().parents[1] / "baseline")  # tests/baseline, shared by both tiers
# RMS difference allowed (0-255 scale): anti-aliasing noise only, a moved line or label fails
COMPARE = dict(baseline_dir=BASELINE, tolerance=3, savefig_kwargs={"dpi": 60}, style={})
LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def data():
    sset = sc.load(plan=TIBET)
    proj = pd.concat([sc.project(s, plan=TIBET) for s in sset.values()], ignore_index=True)
    comp = sc.compliance_table(sset, plan=TIBET)
    p = sc.project("central", plan=TIBET).query("unit == 'shigatse' and year > 2015")
    table = pacing.check(pd.DataFrame({"year": p.year, "intensity_cut": p.annual_cut,
                                       "energy_10k_tce": p.energy_10k_tce}), targets=load_plan(plan=TIBET).targets("shigatse"))
    return proj, comp, table, sc.monte_carlo(5000, seed=3, units=["shigatse"], plan=TIBET)


def _themed():
    charts.setup()  # pytest-mpl resets matplotlib's style around each test; setup() applies ours again


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_intensity(data, lang):
    _themed()
    return charts.intensity_chart("shigatse", data[0], lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_energy(data, lang):
    _themed()
    return charts.energy_chart("shigatse", data[0], lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_double_control_map(data, lang):
    _themed()
    return charts.double_control_map("shigatse", charts.scenario_points(data[1], "shigatse"), lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_pacing(data, lang):
    _themed()
    return charts.pacing_chart(data[2], "shigatse", "central", lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_pollutants(lang):
    _themed()
    return charts.pollutant_chart(lang, highlight="shigatse")


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_fan(data, lang):
    _themed()
    return charts.fan_chart(data[3], "shigatse", lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_implied_growth(lang):
    _themed()
    return charts.implied_growth_chart(lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_compliance(data, lang):
    _themed()
    return charts.compliance_chart(data[1], lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_explorer(lang):
    _themed()
    return explorer.figure(explorer.evaluate(explorer.plan_consistent("shigatse")), lang)


def _record_with_energy(tmp_path_factory):
    """A made-up 林芝 record (10 % growth a year, consumption 27.5 → 36): only for the picture."""
    from jnjp_analysis.records import core as records

    f = tmp_path_factory.mktemp("rec") / "rec.csv"
    rows = "".join(f"nyingchi,{y},gdp_growth,0.1,final,t,i,2021,,,\nnyingchi,{y},energy_10k_tce,{e},final,t,i,2021,,,\n"
                   for y, e in zip(range(2016, 2021), (27.5, 29.5, 31.5, 33.5, 36)))
    f.write_text("unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
                 + rows, encoding="utf-8")
    return records.load(f, plan=TIBET)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_record_shipped_region(lang):
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    _themed()
    rec = records.load(plan=TIBET)
    return charts.record_chart(assessment.ceilings(rec, "region", plan=rec.plan), assessment.ceiling_target(rec, "region", plan=rec.plan),
                               rec.series("region", "energy_10k_tce"), records.unit_name("region", lang, plan=TIBET), lang)


@pytest.mark.mpl_image_compare(**COMPARE)
@pytest.mark.parametrize("lang", LANGS)
def test_record_with_energy(tmp_path_factory, lang):
    from jnjp_analysis.records import assessment
    from jnjp_analysis.records import core as records

    _themed()
    rec = _record_with_energy(tmp_path_factory)
    return charts.record_chart(assessment.ceilings(rec, "nyingchi", plan=rec.plan), assessment.ceiling_target(rec, "nyingchi", plan=rec.plan),
                               rec.series("nyingchi", "energy_10k_tce"), records.unit_name("nyingchi", lang, plan=TIBET), lang)
