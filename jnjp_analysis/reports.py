"""The build: every briefing through papermill, exported to code-free HTML, plus an index.

``jnjp build`` (``make reports``) runs ``notebooks/02_prefecture_briefing.ipynb`` once per
prefecture × language and ``01_region_overview.ipynb`` once per language, in parallel worker
processes, with a progress bar. Each job:

1. executes the template with papermill into ``<out>/_work/`` (a kernel per job over IPC sockets in
   its own temp folder, so parallel kernel launches cannot race for TCP ports — papermill#239/#511);
2. exports HTML without code cells (nbconvert ``exclude_input``) and extracts the key figures the
   notebook emitted (MIME ``application/vnd.jnjp.key-figures+json``);
3. refuses to publish a notebook that wrote anything to stderr (a Python warning, a log record, a
   stray print to stderr): such a page is a failure of that report, exactly like an exception;
4. writes ``<name>.html`` and ``<name>.json`` to temp files and moves them into place, so a failed
   job never replaces a good report. A failed job's executed notebook is kept in ``<out>/_failed/``.

Unknown prefectures or languages are refused before anything runs. The build finishes every job it
can, names each failure at the end and returns non-zero.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import prefectures, source
from .briefing import DEFAULT_SEED, KEY_FIGURES_MIME, key_figures_json
from .i18n import LANGS

NOTEBOOK_DIR = source.PACKAGE_ROOT / "notebooks"
BRIEFING_NB = NOTEBOOK_DIR / "02_prefecture_briefing.ipynb"
OVERVIEW_NB = NOTEBOOK_DIR / "01_region_overview.ipynb"
REPORTS_DIR = source.PACKAGE_ROOT / "reports"


@dataclass(frozen=True)
class Job:
    name: str  # file stem, e.g. "lhasa_zh" or "overview_en"
    template: str
    parameters: dict
    title: str
    lang: str
    prefecture: str | None


@dataclass(frozen=True)
class Outcome:
    job: Job
    ok: bool
    error: str = ""
    kept: str = ""  # path of the executed notebook kept for debugging


def _ipc_kernel_manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        """A kernel over IPC sockets in a private temp folder (no TCP ports to race for)."""

        def __init__(self, **kw):
            super().__init__(**kw)
            self._jnjp_dir = tempfile.mkdtemp(prefix="jnjp-k-")
            self.transport = "ipc"
            self.connection_file = os.path.join(self._jnjp_dir, "kernel.json")

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._jnjp_dir, ignore_errors=True)

    return IPCKernelManager


def validate(prefs: list[str] | None, langs: list[str] | None) -> tuple[list[str], list[str]]:
    """Resolve prefecture names to slugs and check languages; raise ValueError listing the valid ones."""
    slugs = []
    for p in prefs or list(prefectures.SLUGS):
        slugs.append(prefectures.get(p).slug)  # UnknownPrefectureError lists the valid ones
    langs = list(langs or LANGS)
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise ValueError(f"unknown language(s) {bad}; valid: {', '.join(LANGS)}")
    return list(dict.fromkeys(slugs)), list(dict.fromkeys(langs))


def plan_jobs(slugs: list[str], langs: list[str], overview: bool = True, scenario_file: str | None = None,
              record: str | None = None, seed: int | None = None) -> list[Job]:
    common = {"scenario_file": scenario_file, "seed": DEFAULT_SEED if seed is None else seed}
    jobs = []
    if overview:
        for lang in langs:
            jobs.append(Job(f"overview_{lang}", str(OVERVIEW_NB), {"lang": lang, **common},
                            "全区概览" if lang == "zh" else "Region overview", lang, None))
    for slug in slugs:
        p = prefectures.get(slug)
        for lang in langs:
            jobs.append(Job(f"{slug}_{lang}", str(BRIEFING_NB),
                            {"prefecture": slug, "lang": lang, "record_path": record, **common},
                            p.name(lang), lang, slug))
    return jobs


def _atomic_write(path: Path, data: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def export_html(nb, title: str) -> str:
    """Code-free, self-contained HTML (images inline as data URIs)."""
    import copy

    from nbconvert import HTMLExporter

    nb = copy.deepcopy(nb)
    for cell in nb.cells:  # the key-figures output is for the JSON, not for the page
        if "outputs" in cell:
            cell["outputs"] = [o for o in cell["outputs"] if KEY_FIGURES_MIME not in o.get("data", {})]
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


class UncleanNotebookError(RuntimeError):
    """The notebook ran but wrote to stderr (a warning or a log record): not published."""


def stderr_outputs(nb) -> list[tuple[int, str, str]]:
    """(cell number, first source line, text) of every stderr stream output in an executed notebook.
    Cell numbers count code cells from 1 as nbval does, the injected-parameters cell included."""
    found = []
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                first = (cell.get("source") or "").strip().splitlines()[:1]
                found.append((n, first[0] if first else "", str(out.get("text", "")).strip()))
    return found


def check_clean(nb) -> None:
    """Raise :class:`UncleanNotebookError` naming each cell that wrote to stderr, and what it wrote."""
    bad = stderr_outputs(nb)
    if bad:
        parts = [f"cell {n} ({src!r}) wrote to stderr: {text[:300]}" for n, src, text in bad]
        raise UncleanNotebookError("not published, a page must carry no warning: " + "; ".join(parts))


def extract_key_figures(nb) -> dict | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if KEY_FIGURES_MIME in data:
                kf = data[KEY_FIGURES_MIME]
                return json.loads(kf) if isinstance(kf, str) else dict(kf)
    return None


def run_job(job: Job, out_dir: str) -> Outcome:
    """Execute one notebook and write its HTML and JSON atomically. Never raises."""
    import nbformat
    import papermill as pm

    out = Path(out_dir)
    work = out / "_work"
    work.mkdir(parents=True, exist_ok=True)
    executed = work / f"{job.name}.ipynb"
    try:
        known = pm.inspect_notebook(job.template)
        unknown = sorted(set(job.parameters) - set(known))
        if unknown:
            raise ValueError(f"{Path(job.template).name} has no parameter(s) {unknown}; it takes {sorted(known)}")
        pm.execute_notebook(job.template, str(executed), parameters=job.parameters, kernel_name="python3",
                            progress_bar=False, cwd=str(NOTEBOOK_DIR),
                            kernel_manager_class=_ipc_kernel_manager_class())
        nb = nbformat.read(executed, as_version=4)
        check_clean(nb)
        for cell in nb.cells:  # papermill gives its injected cell a random id: pin it, same input -> same page
            if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
                cell["id"] = "injected-parameters"
        page = export_html(nb, f"{job.title} · jnjp")
        kf = extract_key_figures(nb)
        if job.prefecture and kf is None:
            raise RuntimeError("the briefing emitted no key figures")
        if kf is not None:
            _atomic_write(out / f"{job.name}.json", key_figures_json(kf))
        _atomic_write(out / f"{job.name}.html", page)
        executed.unlink(missing_ok=True)
        return Outcome(job, True)
    except Exception as exc:  # one bad report must not stop the others
        failed = out / "_failed"
        failed.mkdir(parents=True, exist_ok=True)
        kept = ""
        if executed.exists():
            kept = str(failed / executed.name)
            os.replace(executed, kept)
        msg = f"{type(exc).__name__}: {exc}".strip()
        if len(msg) > 2000:
            msg = msg[:2000] + " …"
        return Outcome(job, False, msg, kept)


def write_index(out: Path, jobs: list[Job], outcomes: dict[str, Outcome]) -> None:
    """reports/index.html: every report that exists, with a few key figures, and the failures."""
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
                figs = (f"{kf['intensity_cut_pct']:g}% / {kf['cap_2020_10k_tce']:g} · "
                        f"{kf['central_binding']} · P(both) {100 * kf['p_both']:.1f}% · {kf['pacing_verdict']}")
                figs += f' · <a href="{html.escape(j.name)}.json">JSON</a>'
            rows.append(f"<tr><td>{lang}</td><td>{link}{status}</td><td>{figs}</td></tr>")
    # reports from earlier builds that this build did not touch
    listed = {j.name for j in jobs}
    others = sorted(p.stem for p in out.glob("*.html") if p.stem != "index" and p.stem not in listed)
    for name in others:
        rows.append(f'<tr><td></td><td><a href="{html.escape(name)}.html">{html.escape(name)}</a> '
                    f'(earlier build)</td><td></td></tr>')
    page = f"""<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><title>西藏“十三五”节能减排简报 · Tibet 13th FYP energy-saving briefings</title>
<style>body{{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}}
.fail{{color:#b00}}</style></head>
<body>
<h1>西藏自治区“十三五”节能减排目标简报<br><small>Tibet Autonomous Region: 13th Five-Year energy-saving target briefings</small></h1>
<p>Source: 《西藏自治区“十三五”节能减排规划暨实施方案》 (2018). Key figures: intensity cut / 2020 cap (10^4 tce) ·
binding control in the central scenario · Monte Carlo probability of meeting both · pacing verdict.</p>
<table><thead><tr><th>lang</th><th>report</th><th>key figures</th></tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""
    _atomic_write(out / "index.html", page)


def build(prefs: list[str] | None = None, langs: list[str] | None = None, jobs: int | None = None,
          out_dir: Path | str | None = None, overview: bool = True, scenario_file: str | None = None,
          record: str | None = None, seed: int | None = None, progress: bool = True) -> list[Outcome]:
    """Build the reports; returns one Outcome per job (see the module doc)."""
    slugs, langs_ = validate(prefs, langs)
    if scenario_file is not None:
        from . import scenarios

        scenarios.load(scenario_file)  # refuse a bad scenario file before anything runs
        scenario_file = str(Path(scenario_file).resolve())
    if record is not None:
        from .briefing import load_record

        load_record(record)
        record = str(Path(record).resolve())
    out = Path(out_dir or REPORTS_DIR).resolve()
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_jobs(slugs, langs_, overview, scenario_file, record, seed)
    n_jobs = max(1, min(jobs or os.cpu_count() or 1, len(plan)))
    outcomes: dict[str, Outcome] = {}
    from tqdm.auto import tqdm

    bar = tqdm(total=len(plan), desc="jnjp build", unit="report", disable=not progress, file=sys.stderr)
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        futures = {pool.submit(run_job, j, str(out)): j for j in plan}
        for fut in as_completed(futures):
            j = futures[fut]
            try:
                o = fut.result()
            except Exception as exc:  # a worker died
                o = Outcome(j, False, f"worker failed: {exc}")
            outcomes[j.name] = o
            bar.set_postfix_str(j.name)
            bar.update(1)
    bar.close()
    write_index(out, plan, outcomes)
    shutil.rmtree(out / "_work", ignore_errors=True)
    return [outcomes[j.name] for j in plan]


def main(args: argparse.Namespace) -> int:
    try:
        results = build(args.prefecture, args.lang, args.jobs, args.out, not args.no_overview,
                        str(args.scenario_file) if args.scenario_file else None,
                        str(args.record) if args.record else None, args.seed, not args.no_progress)
    except (ValueError, KeyError) as exc:
        print(f"jnjp build: refused: {exc}", file=sys.stderr)
        return 2
    ok = [r for r in results if r.ok]
    bad = [r for r in results if not r.ok]
    out = Path(args.out or REPORTS_DIR)
    print(f"jnjp build: {len(ok)} of {len(results)} reports written to {out} (index: {out / 'index.html'})")
    for r in bad:
        print(f"FAILED {r.job.name}: {r.error}", file=sys.stderr)
        if r.kept:
            print(f"       executed notebook kept at {r.kept}", file=sys.stderr)
    return 1 if bad else 0
