"""The build: every briefing through a warm kernel, exported to code-free HTML, plus an index.

``jnjp build`` (``make reports``) runs ``notebooks/02_prefecture_briefing.ipynb`` once per
prefecture × language and ``01_region_overview.ipynb`` once per language. Each report:

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
prefecture, the record) and refuses with the cause. The build finishes every report it can, names
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
import html
import json
import os
import re
import signal
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jnjp_analysis import checks
from jnjp_analysis.build import css
from jnjp_analysis.build.cache import BuildCache, inputs
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import (
    BRIEFING_NB,
    BUNDLE_MIME,
    DEFAULT_CENTRAL,
    DEFAULT_PLAN,
    DEFAULT_SCENARIOS,
    DEFAULT_SEED,
    KEY_FIGURES_MIME,
    NEUTRAL_SEED,
    NOTEBOOK_DIR,
    OVERVIEW_NB,
    PACKAGE_DIR,
    REPORTS_DIR,
)
from jnjp_analysis.errors import UncleanNotebookError
from jnjp_analysis.files import atomic_write as _atomic_write
from jnjp_analysis.files import terminal_safe
from jnjp_analysis.i18n import LANGS, t
from jnjp_analysis.pages import a11y, webfont
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

PlanArg = Plan | str | os.PathLike | None

# jsonschema, which nbformat (every build) and frictionless (the record) import, builds 38 lark parsers
# for the "iri" format when rfc3987-syntax is installed: ≈ 2 s of every build process, more than a
# page costs. Nothing here checks formats (no FormatChecker: frictionless and nbformat validate
# structure only), so the build goes without it; a process that imported it already keeps it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

LOCK_NAME = ".jnjp-build.lock"
TEMPLATE_DIR = PACKAGE_DIR / "pages" / "templates"  # the "jnjp" nbconvert template


class BuildInterrupted(Exception):
    """SIGINT or SIGTERM stopped the build; every page on disk is whole and the index matches."""

    def __init__(self, signum: int, outcomes: list) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.outcomes = outcomes


def key_figures_json(kf: dict) -> str:
    """A report's key figures as the text of ``<name>.json``: sorted keys, indented, UTF-8 unescaped.

    Parameters
    ----------
    kf : dict
        The key figures the notebook emitted.

    Returns
    -------
    str
        The JSON text, ending in a newline; the same figures always give the same text.
    """
    return json.dumps(kf, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook template run with its parameters.

    Attributes
    ----------
    name : str
        The file stem of its outputs, e.g. ``"lhasa_zh"`` or ``"overview_en"``.
    template : str
        The notebook template's path.
    parameters : dict
        The notebook parameters (``lang``, ``seed``, ``scenario_file``, ``record_path``, ``prefecture``).
    title : str
        The page's title, in its language.
    lang : str
        ``"zh"`` or ``"en"``.
    prefecture : str or None
        The briefing's prefecture slug; None for the overview.
    """

    name: str  # file stem, e.g. "lhasa_zh" or "overview_en"
    template: str
    parameters: dict
    title: str
    lang: str
    prefecture: str | None


@dataclass(frozen=True)
class Outcome:
    """What became of one report in a build.

    Attributes
    ----------
    job : Job
        The report.
    ok : bool
        True if its outputs are written (or served from the cache).
    error : str
        Why it failed, one line; "" when ok.
    kept : str
        The path of the executed notebook kept for debugging (``<out>/_failed/``); "" if none.
    cached : bool
        True if served from the build cache, not run.
    reason : str
        Why it was (re)built, or "" when cached.
    """

    job: Job
    ok: bool
    error: str = ""
    kept: str = ""  # path of the executed notebook kept for debugging
    cached: bool = False  # served from the build cache, not run
    reason: str = ""  # why it was (re)built, or "" when cached


def has_bundle(job: Job) -> bool:
    """Our briefing and overview templates emit a data bundle; other templates need not.

    Parameters
    ----------
    job : Job
        The report.

    Returns
    -------
    bool
        True if its template is the shipped briefing or overview, which must write ``<name>_data.zip``.
    """
    return Path(job.template).resolve() in (BRIEFING_NB.resolve(), OVERVIEW_NB.resolve())


def outputs_of(job: Job, pdf: bool = False) -> list[str]:
    """The files a report writes (relative to the output folder).

    Parameters
    ----------
    job : Job
        The report.
    pdf : bool
        Whether the build also prints ``<name>.pdf``.

    Returns
    -------
    list of str
        ``<name>.html``, then ``<name>.json`` (a briefing), ``<name>_data.zip`` (a data bundle) and
        ``<name>.pdf`` (``pdf``) where they apply.
    """
    return ([f"{job.name}.html"] + ([f"{job.name}.json"] if job.prefecture else [])
            + ([f"{job.name}_data.zip"] if has_bundle(job) else []) + ([f"{job.name}.pdf"] if pdf else []))


def validate(prefs: list[str] | None, langs: list[str] | None, plan: PlanArg = None) -> tuple[list[str], list[str]]:
    """Resolve unit names to slugs and check languages; raise JnjpError listing the valid ones.

    Parameters
    ----------
    prefs : list of str or None
        Unit slugs or names; None for all of the plan's units.
    langs : list of str or None
        Languages, ``"zh"`` and/or ``"en"``; None for both.
    plan : Plan, str, path-like or None, optional
        The plan (None for the default).

    Returns
    -------
    slugs : list of str
        The prefecture slugs, in the order given.
    langs : list of str
        The languages, in the order given.

    Raises
    ------
    JnjpError
        If either list is a string, empty or names one twice, a unit is unknown
        (:class:`~jnjp_analysis.errors.UnknownUnitError`) or two names are the same unit, or a
        language is unknown.
    """
    the_plan = load(plan)
    slugs = [the_plan.unit(p).slug  # UnknownUnitError lists the valid ones
             for p in (checks.names(prefs, "prefectures") if prefs is not None else the_plan.slugs)]
    if len(set(slugs)) < len(slugs):
        raise JnjpError(f"prefectures {list(prefs or [])!r} name a prefecture twice")
    langs = checks.names(langs, "languages") if langs is not None else list(LANGS)
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise JnjpError(f"unknown language(s) {bad}; valid: {', '.join(LANGS)}")
    return list(dict.fromkeys(slugs)), list(dict.fromkeys(langs))


def default_out(plan: Plan) -> Path:
    """Where a build writes without ``--out``: ``reports/`` for the default plan, ``reports/<plan-id>/``
    for any other (one plan's pages never overwrite another's, and each index lists its own).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pathlib.Path
        The output folder.
    """
    return REPORTS_DIR if plan.id == DEFAULT_PLAN and plan.folder == load().folder else REPORTS_DIR / plan.id


def shown_scenarios(plan: Plan, scenario_file: str | None = None) -> tuple[str, ...]:
    """The scenarios every briefing of a plan compares.

    For the default plan, :data:`config.DEFAULT_SCENARIOS` (its shipped set; a user's scenario file
    must have them all). For another plan, every scenario of its (or the given) scenario file, in
    file order: its analysts named them.

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario_file : str or None, optional
        A user's scenario file; None for the plan's own.

    Returns
    -------
    tuple of str
        The scenario names.

    Raises
    ------
    JnjpError
        If the scenario file of a plan other than the default is refused.
    """
    if plan.id == DEFAULT_PLAN and plan.folder == load().folder:
        return tuple(DEFAULT_SCENARIOS)
    from jnjp_analysis import scenarios

    return tuple(scenarios.load(scenario_file or str(plan.scenario_file), plan=plan))


def plan_seed(plan) -> int:
    """The Monte Carlo seed of a plan's pages without ``--seed``: ``jnjp:plan.seed`` of its descriptor
    (a whole number ≥ 0), else ``DEFAULT_SEED`` for the default plan and ``NEUTRAL_SEED`` for any other.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    int
        The seed.
    """
    own = (plan.descriptor.get("jnjp:plan") or {}).get("seed")
    if isinstance(own, int) and not isinstance(own, bool) and own >= 0:
        return own
    return DEFAULT_SEED if plan.id == DEFAULT_PLAN else NEUTRAL_SEED


def has_overview(plan: PlanArg = None) -> bool:
    """Whether a plan's pages include the overview: a plan of more than one unit. A one-unit plan's
    overview would only repeat its unit's briefing (its "sums" are of one unit).

    Parameters
    ----------
    plan : Plan, str, path-like or None, optional
        The plan; None for the default.

    Returns
    -------
    bool
        True where the plan has two units or more.
    """
    return len(load(plan).units) > 1


def plan_jobs(slugs: list[str], langs: list[str], overview: bool = True, scenario_file: str | None = None,
              record: str | None = None, seed: int | None = None, plan: PlanArg = None) -> list[Job]:
    """The reports of a build: the overview in each language, then each prefecture in each language.

    A plan of one unit (a province tracked as a whole) has no overview: it would repeat its unit as
    the whole, with "sums" of one; its index links the unit's briefings only (:func:`has_overview`).

    Parameters
    ----------
    slugs : list of str
        Prefecture slugs (:func:`validate`).
    langs : list of str
        Languages, ``"zh"`` and/or ``"en"``.
    overview : bool
        Whether to include the region overview (where the plan has one: :func:`has_overview`).
    scenario_file : str or None
        The scenario CSV the notebooks read; None for the shipped one.
    record : str or None
        The record of observed statistics; None for the shipped one.
    seed : int or None
        The Monte Carlo seed; None for the plan's (:func:`plan_seed`).
    plan : Plan, str, path-like or None, optional
        The plan; None for the default. The notebooks get ``plan = None`` for the default plan
        and the package folder's absolute path for any other.

    Returns
    -------
    list of Job
        One job per report, in plan order.
    """
    the_plan = load(plan)
    default = the_plan.id == DEFAULT_PLAN and the_plan.folder == load().folder
    common = {"scenario_file": scenario_file, "seed": plan_seed(the_plan) if seed is None else seed,
              "plan": None if default else str(the_plan.folder.resolve())}
    brief = {} if default else {"scenario_names": list(shown_scenarios(the_plan, scenario_file))}
    jobs = []
    if overview and has_overview(the_plan):
        for lang in langs:
            jobs.append(Job(f"overview_{lang}", str(OVERVIEW_NB), {"lang": lang, "record_path": record, **common},
                            t("job_overview", lang, plan=the_plan), lang, None))
    for slug in slugs:
        u = the_plan.unit(slug)
        for lang in langs:
            jobs.append(Job(f"{slug}_{lang}", str(BRIEFING_NB),
                            {"prefecture": slug, "lang": lang, "record_path": record, **common, **brief},
                            u.label(lang), lang, slug))
    return jobs


_local = threading.local()


def export_html(nb, title: str, lang: str = "en") -> str:
    """Code-free, self-contained HTML: images inline as data URIs with their alt text, and the CJK
    font subset to the page's characters in its own CSS (:mod:`jnjp_analysis.webfont`), so it reads
    the same on a machine without Chinese fonts; ``<html lang>`` is the page's language, and in an
    English page every run of Chinese text is marked as such (:mod:`jnjp_analysis.pages.a11y`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    title : str
        The page's ``<title>``.
    lang : str
        ``"zh"`` or ``"en"``: the page's language.

    Returns
    -------
    str
        The page's HTML.
    """
    import nbformat

    from jnjp_analysis.pages.display import SVG_MIME, inline_svg

    # a shallow copy of what the page shows: key figures and the data bundle go to their own files,
    # and each SVG chart becomes a placeholder, replaced by the inline <svg> after the language
    # marking (which must not put a <span> into an SVG <text>)
    charts: list[str] = []
    cells = []
    for cell in nb.cells:
        if "outputs" not in cell:
            cells.append(cell)
            continue
        outputs = []
        for o in cell["outputs"]:
            data = o.get("data", {})
            if KEY_FIGURES_MIME in data or BUNDLE_MIME in data:
                continue
            if SVG_MIME in data:
                alt = (o.get("metadata", {}).get(SVG_MIME) or {}).get("alt")
                charts.append(inline_svg(data[SVG_MIME], alt, f"c{len(charts) + 1}-", webfont.FAMILY))
                o = {"output_type": "display_data", "metadata": {},
                     "data": {"text/html": _CHART_SLOT.format(n=len(charts))}}
            outputs.append(o)
        cells.append({**cell, "outputs": outputs})
    nb = nbformat.from_dict({**nb, "cells": cells})
    exporter = getattr(_local, "exporter", None)
    if exporter is None:  # loading the templates costs ~0.2 s: once per thread
        exporter = _local.exporter = _page_exporter()(
            template_name="jnjp", extra_template_basedirs=[str(TEMPLATE_DIR)], exclude_input=True,
            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    exporter.page_lang = a11y.LANG_ZH if lang == "zh" else "en"
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    page = a11y.mark_languages(body, lang)
    if charts:
        page = _CHART_SLOT_RE.sub(lambda m: charts[int(m.group(1)) - 1], page)
        page = page.replace("</head>", _CHART_CSS + "</head>", 1)
    return webfont.embed(css.prune(page))


@lru_cache(maxsize=1)
def _page_exporter():
    """nbconvert's HTMLExporter with the page's ``<html lang>`` from :attr:`page_lang`, a plain
    attribute. Its own ``language_code`` cannot carry "zh-Hans": nbconvert's check of that trait
    tests the value being replaced, not the new one, so the constructor turned "zh-Hans" into "en"
    and so did setting it a second time — a Chinese page exported after another Chinese page by the
    same thread was published as ``<html lang="en">`` (found in issue 19: which pages did depended on
    how the build's threads happened to share them out)."""
    from nbconvert import HTMLExporter

    class PageExporter(HTMLExporter):
        page_lang = "en"

        def _init_resources(self, resources):
            resources = super()._init_resources(resources)
            resources["language_code"] = self.page_lang
            return resources

    return PageExporter


_CHART_SLOT = '<div data-jnjp-chart="{n}"></div>'
_CHART_SLOT_RE = re.compile(r'<div data-jnjp-chart="(\d+)"></div>')
# inline charts (display.inline_svg) scale down with the page and never split across printed pages
_CHART_CSS = ('<style id="jnjp-charts">svg.jnjp-chart{display:block;max-width:100%;height:auto}'
              "svg.jnjp-chart *{stroke-linejoin:round;stroke-linecap:butt}"  # what matplotlib's SVG sets for itself
              "@media print{svg.jnjp-chart{break-inside:avoid}}</style>\n")


def _code_cells(nb):
    """(number, first source line, cell) of each code cell; numbers count from 1 as nbval does,
    papermill's injected-parameters cell included."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            n += 1
            first = (cell.get("source") or "").strip().splitlines()[:1]
            yield n, (first[0] if first else ""), cell


def stderr_outputs(nb) -> list[tuple[int, str, str]]:
    """(cell number, first source line, text) of every stderr stream output in an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    list of tuple of (int, str, str)
        The code cell's number (from 1, the injected-parameters cell included), its first source
        line and the text it wrote, stripped; empty if nothing was written to stderr.
    """
    return [(n, first, str(out.get("text", "")).strip()) for n, first, cell in _code_cells(nb)
            for out in cell.get("outputs", []) if out.get("output_type") == "stream" and out.get("name") == "stderr"]


def check_clean(nb) -> None:
    """Raise :class:`UncleanNotebookError` naming each cell that wrote to stderr, and what it wrote.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    UncleanNotebookError
        If any cell wrote to stderr (its first 300 characters are quoted).
    """
    bad = stderr_outputs(nb)
    if bad:
        parts = [f"cell {n} ({src!r}) wrote to stderr: {text[:300]}" for n, src, text in bad]
        raise UncleanNotebookError("not published, a page must carry no warning: " + "; ".join(parts))


def _extract(nb, mime: str) -> dict | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if mime in data:
                v = data[mime]
                return json.loads(v) if isinstance(v, str) else dict(v)
    return None


def extract_key_figures(nb) -> dict | None:
    """The key figures a notebook emitted (MIME ``application/vnd.jnjp.key-figures+json``).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    dict or None
        The first key-figures output, or None if the notebook emitted none.
    """
    return _extract(nb, KEY_FIGURES_MIME)


def bundle_zip(bundle: dict) -> bytes:
    """The data bundle as zip bytes that depend on the content only.

    Entries sorted, every date 1980-01-01, fixed permissions and compression level.

    Parameters
    ----------
    bundle : dict
        The bundle the notebook emitted: ``tables`` ({name: CSV text}), ``provenance`` and, optionally,
        ``key_figures``.

    Returns
    -------
    bytes
        The zip: ``<name>.csv`` per table, ``key_figures.json`` (if any) and ``provenance.json``.
    """
    import io
    import zipfile

    files = {f"{name}.csv": text.encode("utf-8") for name, text in bundle["tables"].items()}
    if bundle.get("key_figures") is not None:
        files["key_figures.json"] = key_figures_json(dict(bundle["key_figures"])).encode("utf-8")
    files["provenance.json"] = (json.dumps(bundle["provenance"], ensure_ascii=False, indent=2, sort_keys=True)
                                + "\n").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name], compresslevel=6)  # zlib 9: 20 % larger here and 13× slower
    return buf.getvalue()


def describe_failure(exc: BaseException, nb=None) -> str:
    """One line a user can act on.

    For a cell that raised, the exception's type and message and the cell (number and first line),
    not the notebook traceback that nbclient puts first.

    Parameters
    ----------
    exc : BaseException
        What the report raised.
    nb : nbformat.NotebookNode or None
        The executed notebook, to find the failed cell; None if it was never run.

    Returns
    -------
    str
        ``"<type>: <message>"`` (and the cell), at most about 2000 characters.
    """
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        failed = [(n, first) for n, first, cell in (_code_cells(nb) if nb is not None else ())
                  if any(o.get("output_type") == "error" for o in cell.get("outputs", []))]
        where = f" (cell {failed[0][0]}: {failed[0][1]!r})" if failed else ""
        msg = f"{ename}: {evalue}{where}"
    else:
        msg = f"{type(exc).__name__}: {exc}".strip()
    return msg if len(msg) <= 2000 else msg[:2000] + " …"


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
        if job.prefecture and kf is None:
            raise RuntimeError("the briefing emitted no key figures")
        bundle = _extract(nb, BUNDLE_MIME)
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


def write_index(out: Path, jobs: list[Job], outcomes: dict[str, Outcome], plan: PlanArg = None) -> None:
    """reports/index.html: every report that exists, with a few key figures, and the failures.

    Parameters
    ----------
    out : Path
        The output folder.
    jobs : list of Job
        The reports of this build, listed in this order by language.
    outcomes : dict of str to Outcome
        {job name: outcome} of this build; a job without one is listed as it is on disk.
    plan : Plan, str, path-like or None, optional
        The plan the pages are of (its title heads the index); None for the default.
    """
    the_plan = load(plan)
    zh, en = the_plan.words("zh"), the_plan.words("en")
    from jnjp_analysis.pages.display import topic

    h_zh, h_en = (html.escape(t("index_title", lang, plan=the_plan, topic=topic(the_plan, lang))) for lang in ("zh", "en"))
    page_title = html.escape(str(zh.get("index_page_title") or f"{t('index_title', 'zh', plan=the_plan, topic=topic(the_plan, 'zh'))} · "
                                                               f"{t('index_title', 'en', plan=the_plan, topic=topic(the_plan, 'en'))}"))
    source = html.escape(f"《{the_plan.title}》")
    issued = f" ({html.escape(str(en['issued']))})" if en.get("issued") else ""
    cap_words = html.escape(f"{the_plan.target_year} cap")
    rows = []
    for lang in LANGS:
        for j in [j for j in jobs if j.lang == lang]:
            exists = (out / f"{j.name}.html").exists()
            o = outcomes.get(j.name)
            kf = {}
            if (out / f"{j.name}.json").exists():
                kf = json.loads((out / f"{j.name}.json").read_text(encoding="utf-8"))
            status = "" if (o is None or o.ok) else ' <span class="fail">(this build failed; older report shown)</span>' \
                if exists else ' <span class="fail">(failed)</span>'
            link = f'<a href="{html.escape(j.name)}.html">{html.escape(j.title)}</a>' if exists else html.escape(j.title)
            figs = ""
            if kf:
                figs = (f"{kf['intensity_cut_pct']:g}% / {kf['cap_target_10k_tce']:g} · "
                        f"{kf['central_binding']} · P(both) {100 * kf['p_both']:.1f}% · {kf['pacing_verdict']}")
                figs += f' · <a href="{html.escape(j.name)}.json">JSON</a>'
            for suffix, label in (("_data.zip", "data (CSV)"), (".pdf", "PDF")):
                if exists and (out / f"{j.name}{suffix}").exists():
                    figs += (" · " if figs else "") + f'<a href="{html.escape(j.name)}{suffix}">{label}</a>'
            row_lang = ' lang="en"' if lang == "en" else ""
            rows.append(f"<tr{row_lang}><td>{lang}</td><td>{link}{status}</td><td>{figs}</td></tr>")
    # reports from earlier builds that this build did not touch
    listed = {j.name for j in jobs}
    others = sorted(p.stem for p in out.glob("*.html") if p.stem != "index" and p.stem not in listed)
    for name in others:
        rows.append(f'<tr lang="en"><td></td><td><a href="{html.escape(name)}.html">{html.escape(name)}</a> '
                    f'(earlier build)</td><td></td></tr>')
    page = f"""<!DOCTYPE html>
<html lang="{a11y.LANG_ZH}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{page_title}</title>
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}}
a{{color:#0645ad;text-decoration:underline}}.fail{{color:#b00}}</style></head>
<body>
<main>
<h1>{h_zh}<br><small lang="en">{h_en}</small></h1>
<p lang="en">Source: <span lang="{a11y.LANG_ZH}">{source}</span>{issued}. Key figures: intensity cut / {cap_words} (10^4 tce) ·
binding control in the central scenario · Monte Carlo probability of meeting both · pacing verdict.</p>
<table><thead lang="en"><tr><th>lang</th><th>report</th><th>key figures</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
</main>
</body></html>
"""
    _write_index_page(out, page)


def _write_index_page(out: Path, page: str) -> None:
    """Write index.html with its font; skip the subsetting (≈ 0.5 s) when neither the index's text
    nor the file on disk changed since the last build (recorded in the build cache folder)."""
    import hashlib

    from jnjp_analysis.build.cache import CACHE_DIRNAME, file_sha

    memo = out / CACHE_DIRNAME / "index.json"
    want = hashlib.sha256(page.encode("utf-8")).hexdigest()
    target = out / "index.html"
    try:
        m = json.loads(memo.read_text(encoding="utf-8"))
        if m["page"] == want and target.exists() and file_sha(target) == m["file"]:
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    _atomic_write(target, webfont.embed(page))
    memo.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(memo, json.dumps({"page": want, "file": file_sha(target)}))


def _refuse_foreign_index(out: Path) -> None:
    """An ``index.html`` in the output folder that no jnjp build wrote (a website's own front page,
    say) is not replaced without ``--force``: the build cache records the hash of every index it
    writes."""
    from jnjp_analysis.build.cache import CACHE_DIRNAME, file_sha

    target = out / "index.html"
    if not target.exists():
        return
    try:
        m = json.loads((out / CACHE_DIRNAME / "index.json").read_text(encoding="utf-8"))
        if file_sha(target) == m["file"]:
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    raise JnjpError(f"{target} was not written by jnjp build (or was edited since): it is not replaced. Build into "
                    "another --out (an empty folder), or pass --force to replace it")


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
        The prefectures to be built.
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
        lacks a scenario (or a prefecture's rows) a page shows, or the record is refused (``RecordError``).
    """
    from jnjp_analysis import scenarios
    from jnjp_analysis.plan import catalogue as targets

    the_plan = load(plan)  # the plan text (its hash) and its tables, checked against it
    targets.regional_targets(plan=the_plan)
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
        lacking = [p for p in slugs if p not in sset[n].prefectures]
        if lacking:
            raise JnjpError(f"{f}: scenario {n!r} has no rows for {lacking}, whose briefings show it")
    from jnjp_analysis.records import core as records

    rec = records.load(record, with_shipped=True, plan=the_plan)  # every error at once (RecordError), or the warnings the pages will show
    if rec.warnings and record is not None:
        print(terminal_safe(f"jnjp build: the record {record} was accepted with {len(rec.warnings)} warning(s); the "
                            f"pages show them (`jnjp record check {Path(record).name}` lists the same)"), file=sys.stderr)


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
        Prefecture slugs or names; None for all of the plan's units.
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
        For input it refuses, before running anything: an unknown prefecture or language, a bad
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
            _refuse_foreign_index(out)
        cache = BuildCache(out)
        outcomes: dict[str, Outcome] = {}
        todo: list[tuple[Job, dict, str]] = []
        for j in jobs_:
            inp = inputs(j.template, j.parameters, j.prefecture)
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
        results = build(args.prefecture, args.lang, args.jobs, args.out, not args.no_overview,
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
