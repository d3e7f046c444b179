"""The run of a build: every briefing through a warm kernel, exported to code-free HTML, plus an index
(the jobs: :mod:`jnjp_analysis.build.jobs`; the export: :mod:`jnjp_analysis.build.export`; the index
page: :mod:`jnjp_analysis.build.index`).

``jnjp build`` (``make reports``) runs ``notebooks/02_unit_briefing.ipynb`` once per
unit × language and ``01_region_overview.ipynb`` once per language. Each report:

1. is skipped when the build cache (:mod:`jnjp_analysis.cache`) holds it with the same inputs and
   untouched outputs (``--force`` ignores the cache, ``--explain`` says why each one ran);
2. is parameterised as papermill does (``inspect_notebook`` refuses unknown parameters,
   ``parameterize_notebook`` injects the ``injected-parameters`` cell) and executed in a *warm
   kernel* (:mod:`jnjp_analysis.kernel`): each build thread keeps one kernel and runs its reports
   in it one after the other, each in a clean namespace;
3. is refused if its notebook wrote anything to stderr (a Python warning, a log record, a stray
   print to stderr): such a page is a failure of that report, exactly like an exception;
4. is exported without code cells (nbconvert ``exclude_input``), its key figures (MIME
   ``application/vnd.jnjp.key-figures+json``) extracted, and ``<name>.html`` / ``<name>.json``
   written to temp files and moved into place, so a failed report never replaces a good one. A
   failed report's executed notebook is kept in ``<out>/_failed/``.

Before the first kernel starts, :func:`preflight` checks everything a report will need (the output
folder, the seed, the plan text's hash and annexes, the scenario names each page shows for each
unit, the record) and refuses with the cause. The build finishes every report it can, names
each failure at the end and returns non-zero.

One build at a time per output folder (a lock file, ``<out>/.jnjp-build.lock``; a second build
is refused, naming the folder). Ctrl-C or SIGTERM stops queued reports, kills the running kernels,
removes their temp folders, rewrites the index to match what is on disk and exits 130 / 143; a
report that was interrupted leaves its previous page in place. Pages are written with the user's
umask (``mkstemp`` alone would make them private).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from jnjp_analysis import checks
from jnjp_analysis.build.cache import BuildCache, inputs
from jnjp_analysis.build.export import (
    bundle_zip,
    check_clean,
    describe_failure,
    export_html,
    extract_key_figures,
    extract_output,
    key_figures_json,
)
from jnjp_analysis.build.index import refuse_foreign_index, write_index
from jnjp_analysis.build.jobs import (
    Job,
    Outcome,
    PlanArg,
    default_out,
    has_bundle,
    has_overview,
    outputs_of,
    plan_jobs,
    shown_scenarios,
    validate,
)
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import BUNDLE_MIME, DEFAULT_CENTRAL, NOTEBOOK_DIR
from jnjp_analysis.files import atomic_write as _atomic_write
from jnjp_analysis.files import terminal_safe
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

# jsonschema, which nbformat (every build) and frictionless (the record) import, builds 38 lark parsers
# for the "iri" format when rfc3987-syntax is installed: ≈ 2 s of every build process, more than a
# page costs. Nothing here checks formats (no FormatChecker: frictionless and nbformat validate
# structure only), so the build goes without it; a process that imported it already keeps it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


LOCK_NAME = ".jnjp-build.lock"


class BuildInterrupted(Exception):
    """SIGINT or SIGTERM stopped the build; every page on disk is whole and the index matches."""

    def __init__(self, signum: int, outcomes: list) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.outcomes = outcomes


def run_job(job: Job, out_dir: str, kernel=None) -> Outcome:
    """Execute one report and write its HTML and JSON atomically. Never raises.

    ``kernel``: a :class:`~jnjp_analysis.kernel.WarmKernel` to run in; without one a kernel is
    started for this report and stopped after it.

    Parameters
    ----------
    job : Job
        The report.
    out_dir : str
        The output folder.
    kernel : WarmKernel or None
        The kernel to run in; None to start one for this report only.

    Returns
    -------
    Outcome
        ok if every output is written; else the failure in one line, and the executed notebook
        kept in ``<out>/_failed/`` if it ran.
    """
    import nbformat

    from jnjp_analysis.build.kernel import WarmKernel, parameterize

    out = Path(out_dir)
    nb = None
    own = kernel is None
    try:
        nb = parameterize(job.template, job.parameters)
        if own:
            kernel = WarmKernel(str(NOTEBOOK_DIR))
        kernel.run(nb)
        check_clean(nb)
        page = export_html(nb, f"{job.title} · jnjp", job.lang)
        kf = extract_key_figures(nb)
        if job.unit and kf is None:
            raise RuntimeError("the briefing emitted no key figures")
        bundle = extract_output(nb, BUNDLE_MIME)
        if bundle is None and has_bundle(job):
            raise RuntimeError("the notebook emitted no data bundle")
        if kf is not None:
            _atomic_write(out / f"{job.name}.json", key_figures_json(kf))
        if bundle is not None:
            _atomic_write(out / f"{job.name}_data.zip", bundle_zip(bundle))
        _atomic_write(out / f"{job.name}.html", page)
        return Outcome(job, True)
    except Exception as exc:  # noqa: BLE001 (one bad report must not stop the others)
        kept = ""
        if nb is not None:
            failed = out / "_failed"
            failed.mkdir(parents=True, exist_ok=True)
            kept = str(failed / f"{job.name}.ipynb")
            _atomic_write(Path(kept), nbformat.writes(nb))
        return Outcome(job, False, describe_failure(exc, nb), kept)
    finally:
        if own and kernel is not None:
            kernel.shutdown()


def _check_out(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise JnjpError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise JnjpError(f"cannot write to the output folder {out}: {exc.strerror or exc}") from None
    return out


def preflight(slugs: list[str], langs: list[str], overview: bool, scenario_file: str | None,
              record: str | None, plan: PlanArg = None) -> None:
    """Check everything the reports will read, before any kernel starts (module doc).

    A record accepted with warnings is said so on stderr.

    Parameters
    ----------
    slugs : list of str
        The units to be built.
    langs : list of str
        The languages to be built.
    overview : bool
        Whether the overview is built.
    scenario_file : str or None
        The scenario CSV; None for the shipped one.
    record : str or None
        The record of observed statistics; None for the shipped one.
    plan : Plan, str, path-like or None, optional
        The plan; None for the default.

    Raises
    ------
    JnjpError
        If the plan text or its annexes cannot be read or verified, the scenario file is refused or
        lacks a scenario (or a unit's rows) a page shows, or the record is refused (``RecordError``).
    """
    from jnjp_analysis.plan import catalogue as targets

    the_plan = load(plan)  # the plan text (its hash) and its tables, checked against it
    targets.regional_targets(plan=the_plan)
    if not the_plan.has_energy_intensity:  # carbon led: no energy trajectory, so no scenario to check
        if scenario_file is not None:
            raise JnjpError(f"{scenario_file}: plan {the_plan.id} is carbon led (no energy-intensity target): a "
                            "scenario file has nothing to project; leave --scenarios out")
    else:
        _check_scenarios(the_plan, slugs, overview, scenario_file)
    from jnjp_analysis.records.store import load as load_record

    rec = load_record(record, with_shipped=True, plan=the_plan)  # every error at once (RecordError), or the warnings the pages will show
    if rec.warnings and record is not None:
        print(terminal_safe(f"jnjp build: the record {record} was accepted with {len(rec.warnings)} warning(s); the "
                            f"pages show them (`jnjp record check {Path(record).name}` lists the same)"), file=sys.stderr)


def _check_scenarios(the_plan: Plan, slugs: list[str], overview: bool, scenario_file: str | None) -> None:
    """The scenarios every briefing shows and the central one exist, with rows for every unit built."""
    from jnjp_analysis import scenarios

    f = scenario_file or str(the_plan.scenario_file)
    sset = scenarios.load(f, plan=the_plan)
    shown = shown_scenarios(the_plan, scenario_file)
    wanted = list(dict.fromkeys([*shown, DEFAULT_CENTRAL])) if slugs else []
    if overview and DEFAULT_CENTRAL not in wanted:
        wanted.append(DEFAULT_CENTRAL)
    missing = [n for n in wanted if n not in sset]
    if missing:
        raise JnjpError(f"{f}: no scenario(s) {missing}; every briefing shows {list(shown)} and centres "
                        f"on {DEFAULT_CENTRAL!r} (the file has {list(sset)})")
    for n in (shown if slugs else ()):
        lacking = [p for p in slugs if p not in sset[n].units]
        if lacking:
            raise JnjpError(f"{f}: scenario {n!r} has no rows for {lacking}, whose briefings show it")


@contextlib.contextmanager
def build_lock(out: Path):
    """Hold ``<out>/.jnjp-build.lock`` for the build; refuse if another build holds it.

    Parameters
    ----------
    out : Path
        The output folder.

    Raises
    ------
    JnjpError
        If another build holds the lock (naming its pid).
    """
    import fcntl

    path = out / LOCK_NAME
    fh = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            fh.seek(0)
            who = fh.read().strip() or "another process"
            raise JnjpError(f"another jnjp build ({who}) is writing to {out}; wait for it to finish, or build "
                            f"into another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def build(prefs: list[str] | None = None, langs: list[str] | None = None, jobs: int | None = None,
          out_dir: Path | str | None = None, overview: bool = True, scenario_file: str | None = None,
          record: str | None = None, seed: int | None = None, progress: bool = True,
          force: bool = False, pdf: bool = False, plan: PlanArg = None) -> list[Outcome]:
    """Build the reports; returns one Outcome per job, in plan order (see the module doc).

    With ``pdf``, each page is also printed to ``<name>.pdf`` (A4, :mod:`jnjp_analysis.pdf`).
    Raises JnjpError for input it refuses (before running anything), BuildInterrupted on a signal.

    Parameters
    ----------
    prefs : list of str or None
        Unit slugs or names; None for all of the plan's units.
    langs : list of str or None
        ``"zh"`` and/or ``"en"``; None for both.
    jobs : int or None
        Parallel notebooks (threads, each with a warm kernel), ≥ 1; None for the CPU count.
    out_dir : Path or str or None
        The output folder; None for :func:`default_out` (``reports/``, or ``reports/<plan-id>/``).
    overview : bool
        Whether to build the region overview.
    scenario_file : str or None
        The scenario CSV; None for the shipped one.
    record : str or None
        The record of observed statistics (CSV or .xlsx); None for the shipped one.
    seed : int or None
        The Monte Carlo seed, ≥ 0; None for ``DEFAULT_SEED``.
    progress : bool
        Whether to show a progress bar on stderr.
    force : bool
        Whether to rebuild every report, ignoring the build cache (and replace an index no build wrote).
    pdf : bool
        Whether to also print every page to an A4 PDF (needs Chromium).
    plan : Plan, str, path-like or None, optional
        The plan whose pages to build: a Plan, a shipped plan's id or a package folder; None for
        the default (:data:`config.DEFAULT_PLAN`).

    Returns
    -------
    list of Outcome
        One per report, in plan order.

    Raises
    ------
    JnjpError
        For input it refuses, before running anything: an unknown unit or language, a bad
        ``SOURCE_DATE_EPOCH``, seed or job count, a scenario file or record that is missing or refused,
        an output folder that cannot be written, ``pdf`` without Chromium, another build holding the
        folder, or an ``index.html`` no build wrote (without ``force``).
    BuildInterrupted
        On SIGINT or SIGTERM, after the index is rewritten; it carries the outcomes so far.
    """
    plan = load(plan)
    slugs, langs_ = validate(prefs, langs, plan)
    checks.source_date_epoch()  # a bad value would hang every kernel: refuse it first
    if seed is not None:
        seed = checks.seed(seed, "--seed")
    if jobs is not None:
        jobs = checks.count(jobs, "--jobs")
    for what, f in (("scenario file", scenario_file), ("record", record)):
        if f is not None and not Path(f).is_file():
            raise JnjpError(f"{what} {f} {'is not a file' if Path(f).exists() else 'not found'}")
    scenario_file = str(Path(scenario_file).resolve()) if scenario_file is not None else None
    record = str(Path(record).resolve()) if record is not None else None
    out = _check_out(Path(out_dir or default_out(plan)).resolve())
    if pdf:
        from jnjp_analysis.pages import pdf as pdf_mod

        pdf_mod.chromium()  # refuse --pdf without Chromium before anything runs
    jobs_ = plan_jobs(slugs, langs_, overview, scenario_file, record, seed, plan)
    with build_lock(out):
        if not force:
            refuse_foreign_index(out)
        cache = BuildCache(out)
        outcomes: dict[str, Outcome] = {}
        todo: list[tuple[Job, dict, str]] = []
        for j in jobs_:
            inp = inputs(j.template, j.parameters, j.unit)
            verdict = cache.check(j.name, inp, outputs_of(j, pdf))
            if verdict.fresh and not force:
                outcomes[j.name] = Outcome(j, True, cached=True)
            else:
                todo.append((j, inp, "forced (--force)" if force else verdict.reason))
        if todo:
            preflight(slugs, langs_, overview and has_overview(plan), scenario_file, record, plan)
            ran, signum = _run_all(todo, out, cache, jobs, progress, pdf)
            outcomes.update(ran)
        else:
            signum = None
        write_index(out, jobs_, outcomes, plan)
        results = [outcomes[j.name] for j in jobs_ if j.name in outcomes]
        if signum is not None:
            raise BuildInterrupted(signum, results)
    return results


def _run_all(todo: list[tuple[Job, dict, str]], out: Path, cache: BuildCache, jobs: int | None,
             progress: bool, pdf: bool = False) -> tuple[dict[str, Outcome], int | None]:
    """Run the stale reports on ``jobs`` threads, each with its own warm kernel. Returns the
    outcomes and the signal that stopped the build (None if none did)."""
    from tqdm.auto import tqdm

    from jnjp_analysis.build.kernel import WarmKernel

    n_threads = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    kernels: list[WarmKernel] = []
    local = threading.local()
    lock = threading.Lock()
    stop = threading.Event()
    received: list[int] = []

    def work(job: Job, inp: dict, reason: str) -> Outcome:
        if stop.is_set():
            return Outcome(job, False, "not run: the build was interrupted", reason=reason)
        k = getattr(local, "kernel", None)
        if k is None:
            k = local.kernel = WarmKernel(str(NOTEBOOK_DIR))
            with lock:
                kernels.append(k)
        o = run_job(job, str(out), kernel=k)
        if o.ok and pdf and not stop.is_set():
            from jnjp_analysis.pages import pdf as pdf_mod

            try:
                pdf_mod.to_pdf(out / f"{job.name}.html", out / f"{job.name}.pdf", job.lang,
                               plan=job.parameters.get("plan"))
            except Exception as exc:  # noqa: BLE001 - a PDF failure fails this report only
                o = Outcome(job, False, f"PDF: {type(exc).__name__}: {exc}")
        if stop.is_set() and not o.ok:
            return Outcome(job, False, "interrupted; its previous page (if any) is left in place", o.kept, reason=reason)
        if o.ok:
            cache.record(job.name, inp, outputs_of(job, pdf))
        return Outcome(o.job, o.ok, o.error, o.kept, False, reason)

    def on_signal(signum, _frame) -> None:
        received.append(signum)
        stop.set()
        for k in list(kernels):
            k.kill()

    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            handlers[sig] = signal.signal(sig, on_signal)
    results: dict[str, Outcome] = {}
    bar = tqdm(total=len(todo), desc="jnjp build", unit="report", disable=not progress, file=sys.stderr)
    try:
        with ThreadPoolExecutor(max_workers=n_threads) as pool:
            futures = {pool.submit(work, j, inp, why): j for j, inp, why in todo}
            for fut in as_completed(futures):
                j = futures[fut]
                try:
                    o = fut.result()
                except Exception as exc:  # noqa: BLE001 - run_job never raises; this is a bug guard
                    o = Outcome(j, False, f"{type(exc).__name__}: {exc}")
                results[j.name] = o
                bar.set_postfix_str(j.name)
                bar.update(1)
    finally:
        bar.close()
        for k in kernels:
            k.shutdown()
        for sig, h in handlers.items():
            signal.signal(sig, h)
    return results, (received[0] if received else None)


def main(args: argparse.Namespace) -> int:
    """``jnjp build``: build, then print a summary and each failure.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options of ``jnjp build`` (:func:`jnjp_analysis.cli.build_parser`).

    Returns
    -------
    int
        The exit code: 0 every report written or up to date, 1 some failed, 2 input refused,
        128 + the signal number (130, 143) if interrupted.
    """
    try:
        results = build(args.unit, args.lang, args.jobs, args.out, not args.no_overview,
                        str(args.scenario_file) if args.scenario_file else None,
                        str(args.record) if args.record else None, args.seed, not args.no_progress,
                        force=args.force, pdf=args.pdf, plan=getattr(args, "plan", None))
    except BuildInterrupted as exc:
        done = sum(1 for r in exc.outcomes if r.ok)
        print(f"jnjp build: interrupted ({exc}); {done} report(s) up to date or written, the rest not run or left "
              f"as they were; every page on disk is whole and the index lists what is there", file=sys.stderr)
        return 128 + exc.signum
    except JnjpError as exc:
        print(terminal_safe(f"jnjp build: refused: {exc}"), file=sys.stderr)
        return 2
    ok = [r for r in results if r.ok]
    bad = [r for r in results if not r.ok]
    cached = [r for r in results if r.cached]
    out = Path(args.out or default_out(load(getattr(args, "plan", None))))
    if args.explain:
        for r in results:
            print(f"  {r.job.name}: {'up to date (cache)' if r.cached else r.reason}")
    built = len(results) - len(cached)
    if built == 0:
        print(terminal_safe(f"jnjp build: all {len(results)} reports up to date, nothing rebuilt "
                            f"({out}; index: {out / 'index.html'}; --force rebuilds)"))
    else:
        print(terminal_safe(f"jnjp build: {len(ok) - len(cached)} of {built} rebuilt reports written, {len(cached)} up to "
                            f"date from the cache ({out}; index: {out / 'index.html'})"))
    for r in bad:
        print(terminal_safe(f"FAILED {r.job.name}: {r.error}"), file=sys.stderr)
        if r.kept:
            print(terminal_safe(f"       executed notebook kept at {r.kept}"), file=sys.stderr)
    return 1 if bad else 0
