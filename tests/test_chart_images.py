"""Image regression: every chart function, in both languages, against a committed baseline PNG
(pytest-mpl; `make test` passes --mpl). nbval does not compare images, so without this a chart
could change silently.

A deliberate change: `make baselines` rewrites tests/baseline/ (then look at the new PNGs and
commit them). A failure leaves the baseline, the new image and their difference in
tests/mpl-results/ (see pytest-mpl's --mpl-results-path).
"""

import pandas as pd
import pytest

from jnjp_analysis import charts, explorer, pacing
from jnjp_analysis import scenarios as sc

BASELINE = "baseline"
# RMS difference allowed (0-255 scale): anti-aliasing noise only, a moved line or label fails
COMPARE = dict(baseline_dir=BASELINE, tolerance=3, savefig_kwargs={"dpi": 60}, style={})
LANGS = ["zh", "en"]


@pytest.fixture(scope="module")
def data():
    sset = sc.load()
    proj = pd.concat([sc.project(s) for s in sset.values()], ignore_index=True)
    comp = sc.compliance_table(sset)
    p = sc.project("central").query("prefecture == 'shigatse' and year > 2015")
    table = pacing.check(pd.DataFrame({"year": p.year, "intensity_cut": p.annual_cut,
                                       "energy_10k_tce": p.energy_10k_tce}), prefecture="shigatse")
    return proj, comp, table, sc.monte_carlo(5000, seed=3, prefectures=["shigatse"])


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
