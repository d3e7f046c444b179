"""The build: files, links, key-figures JSON against the functions, refusals, partial failure and
never overwriting a good report."""

import json
import re

import pytest

from jnjp_analysis import cli, scenarios
from jnjp_analysis.build import reports, runner
from jnjp_analysis.plan.load import load as _load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tibet_site):
    return tibet_site  # the session's one build of Tibet's pages (conftest.py)


def test_build_writes_every_page_and_the_index(built):
    out, results = built
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    names = {f"{s}_{lang}" for s in ("lhasa", "nagqu") for lang in ("zh", "en")} | {"overview_zh", "overview_en"}
    for n in names:
        page = (out / f"{n}.html").read_text(encoding="utf-8")
        assert "<html" in page
        # charts inline as SVG with an accessible name, text as text in the page's font; no raster image
        charts = re.findall(r"<svg\b[^>]*>", page)
        assert len(charts) >= 4 and all('class="jnjp-chart" role="img" aria-label="' in c for c in charts), n
        assert "<img" not in page, n
        # the only raster left: what SVG draws as an image (the map's pcolormesh), inside its chart
        assert page.count("data:image/png") == page.count("<image "), n
        assert "<?xml" not in page and "<!DOCTYPE svg" not in page, n
        ids = re.findall(r'\bid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), f"{n}: duplicate ids"
        assert "jnjp_analysis.pages.briefing import" not in page, "code cells must not be exported"
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page, f"{n}: a warning reached the page"
        assert "Traceback (most recent call last)" not in page, n
    index = (out / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"]+)"', index))
    for n in names:
        assert f"{n}.html" in links
    for link in links:
        assert (out / link).exists(), link
    # a good build leaves no folder behind but its cache (no _failed, no work folder)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == [".jnjp-cache"]


def test_rebuilding_gives_the_same_bytes(built, tmp_path):
    """Same inputs, same pages: a rebuild of one report is byte-identical (no ids, dates or paths)."""
    out, _ = built
    [r] = reports.build(["lhasa"], ["en"], jobs=1, out_dir=tmp_path, overview=False, progress=False)
    assert r.ok, r.error
    assert (tmp_path / "lhasa_en.html").read_bytes() == (out / "lhasa_en.html").read_bytes()
    assert (tmp_path / "lhasa_en.json").read_bytes() == (out / "lhasa_en.json").read_bytes()


def test_pages_are_in_their_language(built):
    out, _ = built
    assert "拉萨市“十三五”节能减排目标简报" in (out / "lhasa_zh.html").read_text(encoding="utf-8")
    # the English page marks the Chinese name as Chinese (a screen reader switches voice)
    assert 'Lhasa (<span lang="zh-Hans">拉萨市</span>): 13th Five-Year' in (out / "lhasa_en.html").read_text(encoding="utf-8")
    # a unit other than the notebook's default (lhasa) is the one its page is about: its title, not just its
    # name somewhere (every briefing's pollutant chart names all seven); units.csv: nagqu, 那曲地区, Nagqu
    assert 'Nagqu (<span lang="zh-Hans">那曲地区</span>): 13th Five-Year' in (out / "nagqu_en.html").read_text(encoding="utf-8")
    assert "那曲地区“十三五”节能减排目标简报" in (out / "nagqu_zh.html").read_text(encoding="utf-8")


def test_the_build_passes_the_briefing_its_unit():
    """The briefing notebook's parameter is ``unit`` (``prefecture`` up to 0.2.0)."""
    [job] = reports.plan_jobs(["shigatse"], ["en"], overview=False)
    assert job.template.endswith("02_unit_briefing.ipynb")
    assert job.parameters["unit"] == "shigatse" and "prefecture" not in job.parameters


def test_papermill_with_the_old_parameter_name_fails_loudly(tmp_path):
    """papermill itself only warns on a parameter a notebook does not take: ``-p prefecture shigatse`` would
    have run the default unit (lhasa). The briefing notebook refuses it, naming the new parameter."""
    import papermill as pm

    from jnjp_analysis.config import BRIEFING_NB, NOTEBOOK_DIR

    with pytest.raises(pm.PapermillExecutionError) as e:
        pm.execute_notebook(str(BRIEFING_NB), str(tmp_path / "out.ipynb"), parameters={"prefecture": "shigatse"},
                            cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3")
    assert e.value.ename == "JnjpError"
    assert "parameter 'prefecture' is now 'unit' (papermill -p unit shigatse)" in e.value.evalue


def test_key_figures_json_matches_the_functions(built):
    out, _ = built
    kf = json.loads((out / "lhasa_en.json").read_text(encoding="utf-8"))
    assert kf["unit"] == "lhasa"
    # annex 1: 12 %, 215, +90 -> cap 305
    assert (kf["intensity_cut_pct"], kf["energy_base_10k_tce"], kf["cap_target_10k_tce"]) == (12, 215, 305)
    # 305 / (215 × 0.88) = 1.612051, fifth root 1.100210
    assert kf["implied_gdp_growth_pct"] == pytest.approx(10.0210, abs=1e-4)
    # 1 − 0.88^(1/5) = 1 − 0.974757
    assert kf["even_annual_cut_pct"] == pytest.approx(2.5243, abs=1e-4)
    # central (scenarios.csv): growth .10, .10, .095, .09, .09, elasticity 0.7: energy 215 × 1.07² × 1.0665 × 1.063²
    # = 215 × 1.379733 = 296.6425; the intensity target allows 215 × (1.21 × 1.095 × 1.1881 = 1.574173) × 0.88
    # = 297.8335, under the cap 305: intensity binds, headroom 297.8335 − 296.6425 = 1.1910
    assert kf["central_binding"] == "intensity"
    assert kf["central_headroom_10k_tce"] == pytest.approx(1.1910, abs=1e-4)
    # a sampled probability has no hand value: this checks the page states what the library computes
    mc = scenarios.monte_carlo(kf["mc_draws"], seed=kf["mc_seed"], scenario="central", units=["lhasa"], plan=TIBET)
    assert kf["p_both"] == pytest.approx(mc.probabilities.set_index("unit").loc["lhasa", "p_both"], abs=1e-6)
    zh = json.loads((out / "lhasa_zh.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in zh.items() if k != "lang"} == {k: v for k, v in kf.items() if k != "lang"}
    ng = json.loads((out / "nagqu_zh.json").read_text(encoding="utf-8"))
    assert (ng["intensity_cut_pct"], ng["energy_base_10k_tce"], ng["increment_10k_tce"]) == (9, 20, 17)


def test_unknown_prefecture_or_language_is_refused_before_running(tmp_path, capsys):
    assert cli.main(["build", "-p", "xigaze", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "unknown unit 'xigaze' of plan xizang-13fyp" in err and "shigatse" in err
    assert cli.main(["build", "-l", "fr", "--out", str(tmp_path), "--no-progress"]) == 2
    assert "unknown language(s) ['fr']; valid: zh, en" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_one_failure_does_not_stop_the_others_nor_replace_a_good_report(tmp_path, monkeypatch, capsys):
    good = tmp_path / "ngari_en.html"
    good.write_text("GOOD EARLIER REPORT", encoding="utf-8")
    real_plan = reports.plan_jobs

    def plan(*a, **kw):
        jobs = real_plan(*a, **kw)
        # sabotage one job: a parameter value the notebook rejects at run time
        return [reports.Job(j.name, j.template, {**j.parameters, "central": "no_such_scenario"}, j.title, j.lang,
                            j.unit) if j.name == "ngari_en" else j for j in jobs]

    monkeypatch.setattr(runner, "plan_jobs", plan)  # build() plans its jobs in runner
    code = cli.main(["build", "-p", "ngari", "-p", "shannan", "-l", "en", "--no-overview", "-j", "2",
                     "--out", str(tmp_path), "--no-progress"])
    assert code == 1
    err = capsys.readouterr().err
    assert "FAILED ngari_en" in err and "no_such_scenario" in err
    assert good.read_text(encoding="utf-8") == "GOOD EARLIER REPORT"
    assert (tmp_path / "shannan_en.html").exists()
    assert (tmp_path / "_failed" / "ngari_en.ipynb").exists()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "this build failed; older report shown" in index


def test_unknown_notebook_parameter_is_refused(tmp_path):
    job = reports.plan_jobs(["lhasa"], ["en"], overview=False)[0]
    bad = reports.Job(job.name, job.template, {**job.parameters, "colour": "red"}, job.title, job.lang, job.unit)
    o = reports.run_job(bad, str(tmp_path))
    assert not o.ok and "no parameter(s) ['colour']" in o.error
    assert not (tmp_path / "lhasa_en.html").exists()


@pytest.mark.parametrize("body, text", [
    ('import warnings\nwarnings.warn("careful: a test warning")', "careful: a test warning"),
    ('import logging\nlogging.getLogger("matplotlib.font_manager").warning("findfont: a test log record")',
     "findfont: a test log record"),
])
def test_a_notebook_that_warns_is_not_published(tmp_path, make_template, body, text):
    """A page whose notebook wrote to stderr is a failed report: the good page stays, the executed
    notebook is kept in _failed/ and the error names the cell and the text."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "warny_en.html").write_text("GOOD EARLIER REPORT", encoding="utf-8")
    job = reports.Job("warny_en", make_template(body), {"lang": "en"}, "t", "en", None)
    o = reports.run_job(job, str(out))
    assert not o.ok
    # code cells: 1 parameters, 2 papermill's injected parameters, 3 the body
    assert "cell 3" in o.error and "wrote to stderr" in o.error and text in o.error
    assert (out / "warny_en.html").read_text(encoding="utf-8") == "GOOD EARLIER REPORT"
    assert (out / "_failed" / "warny_en.ipynb").exists()


def test_a_clean_notebook_is_published(tmp_path, make_template):
    """The same template without the warning is published: the check above is about the warning."""
    job = reports.Job("quiet_en", make_template('print("all good")'), {"lang": "en"}, "t", "en", None)
    o = reports.run_job(job, str(tmp_path))
    assert o.ok, o.error
    assert "all good" in (tmp_path / "quiet_en.html").read_text(encoding="utf-8")
