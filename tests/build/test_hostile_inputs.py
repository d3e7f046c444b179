"""Hostile and careless inputs (issue 12): each kind gives the error it must give, and nothing
published (reports) or processed (data/processed) changes.

Hand-worked numbers are in the comments.
"""

import glob
import hashlib
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from jnjp_analysis import checks, cli, config, scenarios
from jnjp_analysis.build import reports
from jnjp_analysis.model import trajectory
from jnjp_analysis.plan import text as readers
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.plan.load import load as _load_plan
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records import core as records
from jnjp_analysis.records import store

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted

ROOT = Path(__file__).resolve().parents[2]
JNJP = str(Path(sys.executable).parent / "jnjp")
HEADER = "scenario,unit,parameter,2016,2017,2018,2019,2020,rationale\n"


def _snapshot(*folders: Path) -> dict:
    """{path: sha256} of every file below the folders (to prove nothing changed), except the build's
    lock file, which stays once created: deleting a file others may flock() is the racy way."""
    out = {}
    for d in folders:
        for p in sorted(Path(d).rglob("*")):
            if p.is_file() and p.name != reports.LOCK_NAME:
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def untouched(tmp_path):
    """A reports folder with a good earlier page, and data/processed; both must stay as they are."""
    out = tmp_path / "reports"
    out.mkdir()
    (out / "lhasa_en.html").write_text("GOOD EARLIER REPORT", encoding="utf-8")
    before = _snapshot(out, config.PROCESSED_DIR)
    yield out
    assert _snapshot(out, config.PROCESSED_DIR) == before, "a refused input changed a published or processed file"


def _scenario_file(tmp_path, replace=None, drop_scenario=None) -> Path:
    text = config.SCENARIO_FILE.read_text(encoding="utf-8")
    if replace:
        old, new = replace
        assert old in text, old
        text = text.replace(old, new, 1)
    if drop_scenario:
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith(drop_scenario + ",")) + "\n"
    f = tmp_path / "scenarios.csv"
    f.write_text(text, encoding="utf-8")
    return f


def _build(out, *extra):
    return cli.main(["build", "-p", "lhasa", "-l", "en", "--no-overview", "--no-progress", "--out", str(out), *extra])


# ------------------------------------------------------------------- percent for a fraction, inf
# the shipped row central,lhasa,gdp_growth,… with one or all of its five values spoilt
@pytest.mark.parametrize("spoilt, message", [
    ("central,lhasa,gdp_growth,8,8,8,8,8", "gdp_growth = 8 is above 1 (100 %/yr) (did you mean 0.08?"),
    ("central,lhasa,gdp_growth,0.1,0.1,5.0,0.09,0.08", "column '2018': gdp_growth = 5 is above 1 (100 %/yr) "
                                                       "(did you mean 0.05?"),
    ("central,lhasa,gdp_growth,0.1,inf,0.09,0.09,0.08", "column '2017': gdp_growth is infinite"),
    ("central,lhasa,gdp_growth,0.1,1e308,0.09,0.09,0.08", "column '2017': gdp_growth = 1e+308 is above 1"),
    ("central,lhasa,gdp_growth,0.1,-inf,0.09,0.09,0.08", "column '2017': gdp_growth is infinite"),
])
def test_a_scenario_file_with_an_implausible_rate_is_refused_before_anything_runs(tmp_path, capsys, untouched,
                                                                                spoilt, message):
    text = config.SCENARIO_FILE.read_text(encoding="utf-8")
    shipped = next(ln for ln in text.splitlines() if ln.startswith("central,lhasa,gdp_growth,"))
    f = _scenario_file(tmp_path, (",".join(shipped.split(",")[:8]), spoilt))  # scenario, prefecture, parameter, 5 years
    assert _build(untouched, "--scenario-file", str(f)) == 2
    err = capsys.readouterr().err
    assert "jnjp build: refused:" in err and "scenarios.csv, row " in err and message in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize("call, message", [
    (lambda: trajectory.gdp_index(10, years=TIBET.years), "gdp_growth = 10 is above 1 (100 %/yr) (did you mean 0.1?"),
    (lambda: trajectory.double_control(load_plan(plan=TIBET).targets("shigatse"), 12), "gdp_growth = 12 is above 1"),
    (lambda: scenarios.feasibility_grid("lhasa", [0.1], [5], plan=TIBET), "pace[0] (intensity_cut) = 5 is outside (-1, 1) "
                                                              "(did you mean 0.05?"),
    (lambda: scenarios.feasibility_grid("lhasa", [8], [0.02], plan=TIBET), "gdp_growth[0] = 8 is above 1"),
    (lambda: scenarios.feasibility_grid("lhasa", "0.1", [0.02], plan=TIBET), "must be a list of values, got the string '0.1'"),
    (lambda: trajectory.double_control(load_plan(plan=TIBET).targets("shigatse"), math.inf), "gdp_growth is infinite"),
    (lambda: trajectory.even_annual_cut(12), "did you mean 0.12?"),
    (lambda: scenarios.monte_carlo(100, seed=-1, plan=TIBET), "seed = -1 must be at least 0"),
    (lambda: scenarios.Scenario.constant("x", 0.08, intensity_cut=3, plan=TIBET), "intensity_cut = 3 is outside (-1, 1)"),
    (lambda: scenarios.growth_window("lhasa", energy_growth=9, plan=TIBET), "energy_growth = 9 is above 1"),
])
def test_the_api_refuses_percent_for_fraction_and_non_finite_values(call, message):
    with pytest.raises(checks.JnjpError) as exc:
        call()
    assert message in str(exc.value).replace("−", "-"), str(exc.value)


def test_an_argument_is_never_silently_ignored():
    # implied_gdp_growth(拉萨's targets, total_cut=0.5) uses 0.5 with 拉萨's 215 and +90:
    # 305 / (215 * 0.5) = 2.8372093; ln 2.8 = 1.0296194, ln(2.8372093 / 2.8) = ln 1.0132890 = 0.0132015,
    # sum 1.0428209; / 5 = 0.2085642; e^0.2 = 1.2214028, e^0.0085642 = 1.0086010, product 1.2319081
    lhasa = load_plan(plan=TIBET).targets("lhasa")
    assert trajectory.implied_gdp_growth(lhasa, total_cut=0.5) == pytest.approx(0.231908, abs=1e-6)
    # and with the annex's own 12 % it is the familiar 0.100210
    assert trajectory.implied_gdp_growth(lhasa) == pytest.approx(0.100210, abs=1e-6)
    import pandas as pd

    from jnjp_analysis.model import pacing

    with pytest.raises(checks.JnjpError, match=r"unknown column\(s\) \['energy'\]"):
        pacing.check(pd.DataFrame({"year": [2016], "energy_10k_tce": [230.0], "energy": [1.0]}), targets=lhasa)


# --------------------------------------------------------------------------- the plan's own text
@pytest.fixture
def tampered_plan(tmp_path, monkeypatch):
    """A copy of the shipped plan package whose text has one digit of annex 1 changed (拉萨 215 -> 216),
    standing in for data/plans/xizang-13fyp/, and the env var that allows it unset."""
    import shutil

    from jnjp_analysis.plan import load as plan_load

    plans = tmp_path / "plans"
    pkg = plans / config.DEFAULT_PLAN
    shutil.copytree(config.RAW_DIR, pkg)
    text = config.PLAN_FILE.read_bytes().replace("拉萨市  12  215  90".encode(), "拉萨市  12  216  90".encode(), 1)
    assert text != config.PLAN_FILE.read_bytes()
    fake = pkg / config.PLAN_FILE.name
    fake.write_bytes(text)
    monkeypatch.setattr(plan_load, "PLANS_DIR", plans)
    monkeypatch.setattr(readers, "PLAN_FILE", fake)
    monkeypatch.setattr(source, "PLAN_FILE", fake)
    monkeypatch.setenv(readers.ALLOW_MODIFIED_ENV, "0")
    return fake, hashlib.sha256(text).hexdigest()


def test_a_changed_plan_text_is_refused_and_processed_data_is_not_overwritten(tmp_path, tampered_plan, capsys,
                                                                             untouched):
    fake, digest = tampered_plan
    with pytest.raises(readers.SourceHashError) as exc:
        source.energy_targets()
    assert digest in str(exc.value) and source.recorded_sha256() in str(exc.value) and fake.name in str(exc.value)
    assert cli.main(["data"]) == 2  # the default output, data/processed/: untouched (fixture)
    err = capsys.readouterr().err
    assert "the plan text has changed" in err and "--allow-modified-source" in err and "Traceback" not in err
    out = tmp_path / "processed"
    assert cli.main(["data", "--out", str(out)]) == 2
    assert not out.exists() or not any(out.iterdir())


def test_a_replaced_plan_text_is_read_when_the_user_says_so(tmp_path, tampered_plan):
    out = tmp_path / "processed"
    assert cli.main(["--allow-modified-source", "data", "--out", str(out)]) == 0
    import pandas as pd

    assert pd.read_csv(out / "energy_targets.csv").set_index("unit").loc["lhasa", "energy_base_10k_tce"] == 216


# ------------------------------------------------------------- up-front checks of a build's inputs
REC_HEAD = "unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"


def test_a_bad_record_is_refused_before_any_kernel_starts(tmp_path, capsys, untouched):
    rec = tmp_path / "actuals.csv"
    rec.write_text(REC_HEAD + "lhasa,2016,energy_10k_tce,230,final,x,y,2017,,,\nlhasa,2017,gdp_growth,8.1,final,x,y,2018,,,\n",
                   encoding="utf-8")
    assert _build(untouched, "--record", str(rec)) == 2
    err = capsys.readouterr().err
    assert "actuals.csv, row 3, column 'value': gdp_growth = 8.1 is not a fraction" in err and "did you mean 0.081" in err


@pytest.mark.parametrize("args, message", [
    (["--seed", "-1"], "--seed = -1 must be at least 0"),
    (["--jobs", "0"], "--jobs = 0 must be at least 1"),
])
def test_bad_flags_are_refused(capsys, untouched, args, message):
    assert _build(untouched, *args) == 2
    assert message in capsys.readouterr().err


def test_a_scenario_file_without_the_default_names_is_refused(tmp_path, capsys, untouched):
    f = _scenario_file(tmp_path, drop_scenario="even_pace")
    assert _build(untouched, "--scenario-file", str(f)) == 2
    err = capsys.readouterr().err
    assert "no scenario(s) ['even_pace']" in err and "every briefing shows" in err


def test_an_output_folder_that_is_a_file_or_under_a_file_is_refused(tmp_path, capsys):
    f = tmp_path / "afile"
    f.write_text("x", encoding="utf-8")
    assert _build(f) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert _build(f / "sub") == 2
    err = capsys.readouterr().err
    assert "cannot write to the output folder" in err and "Traceback" not in err
    assert f.read_text(encoding="utf-8") == "x"


def test_a_second_build_into_the_same_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with reports.build_lock(out):
        assert _build(out) == 2
    err = capsys.readouterr().err
    assert f"another jnjp build (pid {os.getpid()}) is writing to {out}" in err


# ------------------------------------------------------------------------------------- encodings
def test_csv_utf8_with_bom_is_read(tmp_path):
    f = tmp_path / "bom.csv"
    f.write_bytes(b"\xef\xbb\xbf" + config.SCENARIO_FILE.read_bytes())
    assert list(scenarios.load(f, plan=TIBET)) == list(scenarios.load(plan=TIBET))
    rec = tmp_path / "rec.csv"
    rec.write_bytes(b"\xef\xbb\xbf" + REC_HEAD.replace("\n", "\r\n").encode() + b"lhasa,2016,energy_10k_tce,230,final,x,y,2017,,,\r\n")
    assert list(records.load(rec, plan=TIBET).series("lhasa", "energy_10k_tce")) == [230.0]


def test_a_gbk_file_is_refused_with_its_name_and_the_fix(tmp_path):
    f = tmp_path / "gbk.csv"
    f.write_bytes((HEADER + "central,拉萨市,gdp_growth,0.1,0.1,0.1,0.1,0.1,说明\n").encode("gbk"))
    with pytest.raises(checks.JnjpError) as exc:
        scenarios.load(f, plan=TIBET)
    assert "gbk.csv" in str(exc.value) and "is not UTF-8" in str(exc.value) and "save it as UTF-8" in str(exc.value)


def test_a_closed_pipe_is_no_traceback():
    r = subprocess.run(f"{JNJP} check | head -c 10", shell=True, capture_output=True, text=True)
    assert r.stdout == "Reconcilia" and "Traceback" not in r.stderr and "BrokenPipe" not in r.stderr, r.stderr


# ------------------------------------------------------------------------ stopping a build cleanly
def _kernel_dirs(pid: int) -> set:
    """The kernel socket folders of the build process ``pid`` (other builds may run meanwhile)."""
    return set(glob.glob(f"{tempfile.gettempdir()}/jnjp-k-{pid}-*"))


def _start_build(out: Path) -> subprocess.Popen:
    return subprocess.Popen([JNJP, "build", "--out", str(out), "-j", "2", "--no-progress"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_first_page(out: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not [p for p in out.glob("*.html") if p.name != "index.html"]:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no page written in time"
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_build_cleanly(tmp_path, sig, code):
    out = tmp_path / "out"
    proc = _start_build(out)
    _wait_for_first_page(out, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "interrupted" in err and "Traceback" not in err
    pages = sorted(p.name for p in out.glob("*.html") if p.name != "index.html")
    assert 1 <= len(pages) < 16, pages  # stopped part-way
    for p in pages:  # every page on disk is whole, and readable by others (umask 022)
        text = (out / p).read_text(encoding="utf-8")
        assert text.rstrip().endswith("</html>"), p
        assert os.stat(out / p).st_mode & 0o777 == 0o666 & ~_umask(), p
    index = (out / "index.html").read_text(encoding="utf-8")
    linked = sorted(set(__import__("re").findall(r'href="([a-z_]+\.html)"', index)))
    assert linked == pages, (linked, pages)  # the index lists exactly what is on disk
    assert not list(out.glob(".*.tmp")), "a temp file was left behind"
    assert not _kernel_dirs(proc.pid), "a kernel folder was left behind"


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


@pytest.mark.slow
def test_killing_the_build_leaves_no_kernel_running(tmp_path):
    """SIGKILL cannot be caught: the kernels notice their parent is gone and exit by themselves
    (ipykernel's parent poller); no page is half-written, because pages are renamed into place."""
    out = tmp_path / "out"
    proc = _start_build(out)
    _wait_for_first_page(out, proc)
    children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    assert children, "the build should have kernel processes"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]
              for c in children if Path(f"/proc/{c}/stat").exists()):
        assert time.monotonic() < deadline, f"kernels {children} still running 30 s after the build was killed"
        time.sleep(0.5)
    for p in out.glob("*.html"):
        assert p.read_text(encoding="utf-8").rstrip().endswith("</html>"), p.name


# ------------------------------------------------------------------ caches nobody else can plant (issue 20)
@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    """A fresh cache root for this test (files.CACHE_ENV), not yet created."""
    from jnjp_analysis import files

    root = tmp_path / "cache"
    monkeypatch.setenv(files.CACHE_ENV, str(root))
    store._load.cache_clear()
    yield root
    store._load.cache_clear()


def test_caches_are_created_private(cache_root):
    records.load(records.SHIPPED_RECORD, with_shipped=True, plan=TIBET)
    for d in (cache_root, cache_root / "records"):
        assert d.is_dir() and d.stat().st_mode & 0o777 == 0o700, d
    (entry,) = (cache_root / "records").iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("spoil, message", [
    (lambda d: os.chmod(d, 0o777), "can be read or written by others (mode 0777)"),
    (lambda d: os.chmod(d, 0o755), "can be read or written by others (mode 0755)"),
])
def test_a_cache_folder_others_can_write_is_refused(cache_root, spoil, message):
    (cache_root / "records").mkdir(parents=True, mode=0o700)
    os.chmod(cache_root, 0o700)
    spoil(cache_root / "records")
    with pytest.raises(checks.JnjpError) as exc:
        records.load(records.SHIPPED_RECORD, with_shipped=True, plan=TIBET)
    assert message in str(exc.value) and "JNJP_CACHE_DIR" in str(exc.value)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_of_another_user_is_refused(cache_root):
    d = cache_root / "records"
    d.mkdir(parents=True, mode=0o700)
    os.chmod(cache_root, 0o700)
    os.chown(d, 54321, -1)  # another account created it first
    with pytest.raises(checks.JnjpError, match="belongs to user id 54321"):
        records.load(records.SHIPPED_RECORD, with_shipped=True, plan=TIBET)


def test_a_planted_or_corrupt_record_cache_entry_is_not_served(cache_root):
    """An entry that names another key, or whose body does not match its hash, is ignored: the
    record is validated afresh (the issue's plant: an average of 2.0 %/yr for the cited 9.0 %)."""
    import json

    good = records.load(records.SHIPPED_RECORD, with_shipped=True, plan=TIBET)
    (entry,) = (cache_root / "records").iterdir()
    c = json.loads(entry.read_text(encoding="utf-8"))
    planted = c["body"].replace("0.09,", "0.02,")  # the 9.0 % average planted as 2.0 % …
    assert planted != c["body"]
    entry.write_text(json.dumps({**c, "body": planted}), encoding="utf-8")  # … without its hash
    store._load.cache_clear()
    again = records.load(records.SHIPPED_RECORD, with_shipped=True, plan=TIBET)
    assert again.value("region", 2020, "gdp_growth_avg") == 0.09 and again.data.equals(good.data)
    # an entry with a consistent hash but another file's key is not served either
    entry.write_text(json.dumps({**c, "key": "0" * 64}), encoding="utf-8")
    assert store._cache_read(entry, store._cache_key(str(records.SHIPPED_RECORD), True, plan=TIBET), plan=TIBET) is None


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
def test_a_planted_font_cache_is_rebuilt(cache_root):
    from jnjp_analysis.pages import webfont

    webfont._base_font.cache_clear()
    data, cmap = webfont._base_font()
    (ttf,) = (cache_root / "fonts").glob("*.ttf")
    ttf.write_bytes(b"\x00\x01\x00\x00" + b"planted" * 10)  # a font someone else wrote, its hash not recorded
    webfont._base_font.cache_clear()
    assert webfont._base_font() == (data, cmap)
    assert ttf.read_bytes() == data  # and rewritten
    webfont._base_font.cache_clear()


# ---------------------------------------------------------------- the build cache keys on every input
def test_the_build_cache_keys_on_the_shipped_record_the_template_and_the_code(tmp_path, monkeypatch):
    from jnjp_analysis import files
    from jnjp_analysis.build import cache

    mine = tmp_path / "mine.csv"
    mine.write_text(REC_HEAD + "lhasa,2016,energy_10k_tce,230,final,x,y,2017,,,\n", encoding="utf-8")
    import shutil

    pkg = tmp_path / config.DEFAULT_PLAN  # a copy of the plan package, whose shipped record changes
    shutil.copytree(config.PLANS_DIR / config.DEFAULT_PLAN, pkg)
    params = {"unit": "lhasa", "lang": "en", "record_path": str(mine), "scenario_file": None, "seed": 1,
              "plan": str(pkg)}
    before = cache.inputs(str(config.BRIEFING_NB), params, "lhasa")
    shipped = pkg / "records" / config.SHIPPED_RECORD.name  # the shipped record changes, the user's file does not
    shipped.write_text(shipped.read_text(encoding="utf-8").replace("0.078", "0.079"), encoding="utf-8")
    after = cache.inputs(str(config.BRIEFING_NB), params, "lhasa")
    assert [k for k in before if before[k] != after[k]] == ["record"]
    # the nbconvert template is part of the package's key (a changed template rebuilds every page)
    files.package_source_sha.cache_clear()
    template = config.PACKAGE_DIR / "pages" / "templates" / "jnjp" / "index.html.j2"
    text = template.read_text(encoding="utf-8")
    try:
        template.write_text(text + "\n{#- changed -#}\n", encoding="utf-8")
        files.package_source_sha.cache_clear()
        assert cache.inputs(str(config.BRIEFING_NB), params, "lhasa")["package"] != after["package"]
    finally:
        template.write_text(text, encoding="utf-8")
        files.package_source_sha.cache_clear()


def test_the_accepted_record_cache_keys_on_the_package_code(monkeypatch):
    from jnjp_analysis import files

    k1 = store._cache_key(str(records.SHIPPED_RECORD), True, plan=TIBET)
    monkeypatch.setattr(files, "package_source_sha", lambda: "a new validation rule")
    assert store._cache_key(str(records.SHIPPED_RECORD), True, plan=TIBET) != k1


# -------------------------------------------------------------------- the environment and the terminal
def test_a_bad_source_date_epoch_is_refused_before_any_kernel_starts(capsys, untouched, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    assert _build(untouched) == 2
    err = capsys.readouterr().err
    assert "SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970-01-01" in err
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert checks.source_date_epoch() == 1700000000


def test_a_closed_stdout_is_a_sentence_not_a_traceback():
    r = subprocess.run(f"{JNJP} record check >&-", shell=True, capture_output=True, text=True)
    assert r.returncode == 2 and "standard output is closed" in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_an_index_the_build_did_not_write_is_not_replaced(tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html>my own site</html>", encoding="utf-8")
    assert _build(out) == 2
    err = capsys.readouterr().err
    assert "index.html was not written by jnjp build (or was edited since): it is not replaced" in err
    assert (out / "index.html").read_text(encoding="utf-8") == "<html>my own site</html>"


@pytest.mark.parametrize("value", ["no", "false", "yes", " 1"])
def test_an_allow_modified_source_value_other_than_0_or_1_is_refused(monkeypatch, capsys, value):
    monkeypatch.setenv(readers.ALLOW_MODIFIED_ENV, value)
    assert cli.main(["check"]) == 2
    assert f"JNJP_ALLOW_MODIFIED_SOURCE={value!r}: give 1" in capsys.readouterr().err
