"""Warm kernels and the build cache (jnjp_analysis.build.kernel, jnjp_analysis.build.cache).

- a report built after others in the same kernel is byte-identical to one built alone;
- a kernel that dies is replaced, and the next report in that thread still builds;
- a second build rebuilds nothing; a changed scenario row rebuilds only that prefecture's pages
  and the overview; every page then equals a forced full rebuild byte for byte;
- a corrupt cache entry or an edited page is rebuilt, never served.
"""

import os
import shutil
import sys

import pytest

from jnjp_analysis import cli, config
from jnjp_analysis.build import cache, kernel, reports

pytestmark = pytest.mark.slow


def _names(results, cached):
    return sorted(r.job.name for r in results if r.cached == cached)


def test_a_report_after_others_in_one_kernel_equals_one_built_alone(tmp_path):
    alone, after = tmp_path / "alone", tmp_path / "after"
    [r] = reports.build(["lhasa"], ["en"], jobs=1, out_dir=alone, overview=False, progress=False)
    assert r.ok, r.error
    # one thread, one kernel: nagqu_zh, nagqu_en, lhasa_zh run in it before lhasa_en
    res = reports.build(["nagqu", "lhasa"], ["zh", "en"], jobs=1, out_dir=after, overview=False, progress=False)
    assert all(r.ok for r in res), [r.error for r in res]
    assert (after / "lhasa_en.html").read_bytes() == (alone / "lhasa_en.html").read_bytes()
    assert (after / "lhasa_en.json").read_bytes() == (alone / "lhasa_en.json").read_bytes()


def test_names_do_not_leak_and_a_dead_kernel_is_replaced(tmp_path, make_template):
    import glob
    import tempfile

    mine = f"{tempfile.gettempdir()}/jnjp-k-{os.getpid()}-*"  # this process's kernels only
    before = set(glob.glob(mine))
    set_x = make_template("leaked = 41", "set.ipynb")
    read_x = make_template('print("leaked" in dir())', "read.ipynb")
    die = make_template("import os\nos._exit(1)", "die.ipynb")
    with kernel.WarmKernel(str(config.NOTEBOOK_DIR)) as k:
        o1 = reports.run_job(reports.Job("a_en", set_x, {"lang": "en"}, "a", "en", None), str(tmp_path), kernel=k)
        o2 = reports.run_job(reports.Job("b_en", read_x, {"lang": "en"}, "b", "en", None), str(tmp_path), kernel=k)
        assert o1.ok and o2.ok, (o1.error, o2.error)
        assert ">False" in (tmp_path / "b_en.html").read_text(encoding="utf-8").replace("\n", "")
        o3 = reports.run_job(reports.Job("c_en", die, {"lang": "en"}, "c", "en", None), str(tmp_path), kernel=k)
        assert not o3.ok and "DeadKernelError" in o3.error
        o4 = reports.run_job(reports.Job("d_en", read_x, {"lang": "en"}, "d", "en", None), str(tmp_path), kernel=k)
        assert o4.ok, o4.error
    leaked = set(glob.glob(mine)) - before
    assert not leaked, f"kernel socket folders left behind: {leaked}"


def test_cache_rebuilds_only_what_changed_and_matches_a_forced_build(tmp_path, capsys):
    out, full = tmp_path / "out", tmp_path / "full"
    scen = tmp_path / "scenarios.csv"
    shutil.copy(config.SCENARIO_FILE, scen)
    args = ["build", "-p", "shannan", "-p", "ngari", "-l", "en", "-j", "2", "--no-progress",
            "--scenario-file", str(scen)]
    first = reports.build(["shannan", "ngari"], ["en"], jobs=2, out_dir=out, scenario_file=str(scen), progress=False)
    assert all(r.ok and not r.cached for r in first)
    # nothing changed: nothing runs, and the command says so
    assert cli.main(args + ["--out", str(out)]) == 0
    assert "all 3 reports up to date, nothing rebuilt" in capsys.readouterr().out
    # one row of 山南 changes: its page and the overview are rebuilt, 阿里 is served from the cache
    text = scen.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("central,shannan,gdp_growth,"))
    scen.write_text(text.replace(old, old.replace("gdp_growth,0.1,", "gdp_growth,0.095,", 1)), encoding="utf-8")
    assert old in text and old not in scen.read_text(encoding="utf-8")
    assert cli.main(args + ["--out", str(out), "--explain"]) == 0
    said = capsys.readouterr().out
    assert "shannan_en: changed: scenarios" in said and "overview_en: changed: scenarios" in said
    assert "ngari_en: up to date (cache)" in said
    # every page equals a forced full build from the same inputs
    forced = reports.build(["shannan", "ngari"], ["en"], jobs=2, out_dir=full, scenario_file=str(scen),
                           progress=False, force=True)
    assert all(r.ok and not r.cached for r in forced)
    for f in ["overview_en.html", "shannan_en.html", "shannan_en.json", "ngari_en.html", "ngari_en.json", "index.html"]:
        assert (out / f).read_bytes() == (full / f).read_bytes(), f


def test_a_corrupt_entry_or_an_edited_page_is_rebuilt(tmp_path):
    reports.build(["ngari"], ["en"], jobs=1, out_dir=tmp_path, overview=False, progress=False)
    good = (tmp_path / "ngari_en.html").read_bytes()
    entry = tmp_path / cache.CACHE_DIRNAME / "ngari_en.json"
    for spoil, reason in [(lambda: entry.write_text('{"key": "x"', encoding="utf-8"), "unreadable"),
                          (lambda: (tmp_path / "ngari_en.html").write_text("edited", encoding="utf-8"),
                           "ngari_en.html changed on disk"),
                          (lambda: (tmp_path / "ngari_en.json").unlink(), "ngari_en.json missing")]:
        spoil()
        [r] = reports.build(["ngari"], ["en"], jobs=1, out_dir=tmp_path, overview=False, progress=False)
        assert r.ok and not r.cached and reason in r.reason, r.reason
        assert (tmp_path / "ngari_en.html").read_bytes() == good
    [r] = reports.build(["ngari"], ["en"], jobs=1, out_dir=tmp_path, overview=False, progress=False)
    assert r.cached


def test_inputs_name_what_a_report_reads():
    """Scenario rows of another prefecture are not an input of a briefing; they are of the overview."""
    base = cache.scenario_rows_sha(config.SCENARIO_FILE, "lhasa")
    assert base == cache.scenario_rows_sha(config.SCENARIO_FILE, "拉萨市")
    assert base != cache.scenario_rows_sha(config.SCENARIO_FILE, "ngari")
    assert cache.scenario_rows_sha(config.SCENARIO_FILE, None) == cache.file_sha(config.SCENARIO_FILE)
    inp = cache.inputs(str(config.BRIEFING_NB), {"unit": "lhasa", "lang": "en", "scenario_file": str(config.SCENARIO_FILE)}, "lhasa")
    assert set(inp) == {"template", "package", "font", "plan", "scenarios", "record", "parameters", "environment"}


def test_the_font_input_follows_the_files_the_base_subset_is_cut_from(tmp_path, monkeypatch):
    """A shipped plan's unit table is data, outside the package's source hash, yet it decides whether
    a page's font is cut from the base subset or from the full font (different bytes): it is an input."""
    from jnjp_analysis.pages import webfont

    plans = tmp_path / "plans"
    shutil.copytree(config.PLANS_DIR, plans)
    monkeypatch.setattr(config, "PLANS_DIR", plans)
    before = webfont.base_sha()
    units = plans / config.DEFAULT_PLAN / "units.csv"
    units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert webfont.base_sha() != before


def test_the_environment_hash_sees_a_develop_install_and_an_egg(tmp_path, monkeypatch):
    """Distributions are named by their metadata folders; one without a version in its name (setup.py
    develop's ``foo.egg-info``) by its PKG-INFO, an ``.egg`` on the path by its file name."""
    def sha() -> str:
        cache.environment_sha.cache_clear()
        try:
            return cache.environment_sha()
        finally:
            cache.environment_sha.cache_clear()

    info = tmp_path / "site" / "foo.egg-info"
    info.mkdir(parents=True)
    (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path / "site")])
    v1 = sha()
    (info / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: foo\nVersion: 2.0\n", encoding="utf-8")
    v2 = sha()
    egg = tmp_path / "bar-3.1-py3.11.egg"
    egg.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(egg)])
    assert len({v1, v2, sha()}) == 3
