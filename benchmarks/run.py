"""Benchmarks, run on demand (`make bench` or `python benchmarks/run.py [mc|build|explorer]`).
Never part of the tests. The results print as one Markdown table (each figure beside its aim and the
papermill + nbconvert loop's figure from the same run) and go to benchmarks/results/*.json.
`benchmarks/loop.sh` is the loop, `benchmarks/synthetic_plan.py` the invented plan of the scale row."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the issue asks
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def bench_mc(n: int = 1_000_000, loop_n: int = 2_000, repeats: int = 3) -> dict:
    import numpy as np

    from jnjp_analysis import scenarios as sc
    from jnjp_analysis.plan.load import load

    plan = load()  # the default plan: Tibet's (below the pages a plan is passed, never defaulted)

    sc.monte_carlo(1000, plan=plan)  # warm caches (scenario file, annex parse)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sc.monte_carlo(n, plan=plan)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    sc.monte_carlo(n, plan=plan)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # the obvious way: a Python loop over draws, prefectures and years, same model and inputs
    s = sc.get("central", plan=plan)
    tg = plan.energy_targets().set_index("unit").loc[list(s.units)]
    e0 = tg["energy_base_10k_tce"].to_numpy()
    cap = tg["cap_target_10k_tce"].to_numpy()
    R = tg["intensity_cut"].to_numpy()
    g_mean = s.gdp_growth.to_numpy()
    el = s.energy_param.to_numpy()
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    hits = [0] * len(e0)
    for _ in range(loop_n):
        z = rng.standard_normal(2 * len(e0) + 1)
        for p in range(len(e0)):
            dg = 0.015 * (0.5 ** 0.5 * z[0] + 0.5 ** 0.5 * z[1 + p])
            de = 0.15 * z[1 + len(e0) + p]
            e, y = e0[p], 1.0
            for t in range(plan.T):
                g = max(g_mean[p, t] + dg, -0.95)
                y *= 1 + g
                e *= 1 + (el[p, t] + de) * g
            if 1 - (e / e0[p]) / y >= R[p] and e <= cap[p]:
                hits[p] += 1
    loop = (time.perf_counter() - t0) / loop_n * n

    # the other obvious way: one DataFrame row per draw, pandas row-wise apply
    import pandas as pd

    P = len(e0)
    zs = pd.DataFrame(rng.standard_normal((loop_n, 2 * P + 1)))

    def one_draw(row):
        out = []
        for p in range(P):
            dg = 0.015 * (0.5 ** 0.5 * row[0] + 0.5 ** 0.5 * row[1 + p])
            de = 0.15 * row[1 + P + p]
            e, y = e0[p], 1.0
            for t in range(plan.T):
                g = max(g_mean[p, t] + dg, -0.95)
                y *= 1 + g
                e *= 1 + (el[p, t] + de) * g
            out.append(1 - (e / e0[p]) / y >= R[p] and e <= cap[p])
        return pd.Series(out)

    t0 = time.perf_counter()
    zs.apply(one_draw, axis=1)
    apply_s = (time.perf_counter() - t0) / loop_n * n
    best = min(times)
    return {"draws": n, "vectorised_s_best": round(best, 3), "vectorised_s_median": round(statistics.median(times), 3),
            "loop_s_scaled": round(loop, 1), "apply_s_scaled": round(apply_s, 1), "loop_sample_draws": loop_n,
            "speedup_vs_loop": round(loop / best, 1), "speedup_vs_apply": round(apply_s / best, 1),
            "peak_memory_MiB": round(peak / 2 ** 20, 1)}


def _run(cmd: list[str], **kw) -> dict:
    """Run a whole process tree; its wall time, CPU-seconds (user + system of it and every descendant
    it waited for) and peak memory (the largest sum of RSS over the tree, sampled every 50 ms)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate(kw.pop("input", None))
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mib": peak / 2 ** 20, "stdout": out}


def _retry(fn, tries: int = 3):
    """``fn()``, again if it failed: on a shared machine someone may rewrite a notebook or the package
    under a run (a half-written notebook fails every page); the figure is then of the next attempt."""
    for k in range(tries):
        try:
            return fn()
        except RuntimeError as exc:
            if k == tries - 1:
                raise
            print(f"benchmark: retrying after: {str(exc)[:300]}", file=sys.stderr)
            time.sleep(5)


def _jnjp(*args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "jnjp"), *args]


def bench_build(jobs: int = 2, repeats: int = 3, units: int = 60) -> dict:
    """Issue 19's figures, side by side in one run (see the README's benchmark section):

    * cold: a forced build of Tibet's 16 pages into an empty folder, against the obvious loop
      (``benchmarks/loop.sh``: papermill then ``jupyter nbconvert --no-input`` per page, ``jobs``
      at a time), alternating which goes first, ``repeats`` pairs, medians;
    * per page: CPU-seconds of the whole build (every process: the build, its kernels) per page, on
      Tibet's plan and on an invented plan of ``units`` units (``benchmarks/synthetic_plan.py``:
      2 · units + 2 pages), and the marginal cost per added page; peak memory of each build;
    * nothing changed; one unit's scenario rows changed (山南's central growth), which pages ran;
    * page sizes (the largest Chinese briefing, English briefing, overview) and whether the charts
      are vector."""
    import re

    from jnjp_analysis.plan.load import load

    tmp = Path(tempfile.mkdtemp(prefix="jnjp-bench-build-"))
    common = ["--jobs", str(jobs), "--no-progress"]
    cold, loops = [], []
    try:
        for i in range(repeats):
            def build_once(i=i):
                cold.append(_retry(lambda: _run(_jnjp("build", "--out", str(tmp / f"cold{i}"), "--force", *common),
                                                cwd=ROOT)))

            def loop_once(i=i):
                def attempt():
                    shutil.rmtree(tmp / f"loop{i}", ignore_errors=True)
                    return _run(["bash", str(ROOT / "benchmarks" / "loop.sh"), str(tmp / f"loop{i}"), str(jobs)],
                                cwd=ROOT)

                loops.append(_retry(attempt))

            for step in ((build_once, loop_once) if i % 2 == 0 else (loop_once, build_once)):
                step()
        out = tmp / "cold0"
        n_pages = len(list(out.glob("*.html"))) - 1  # the index is no page
        # other people's edits to the package during the run invalidate the cache (as they should): one
        # untimed build first brings it up to date, and every timed one must have rebuilt nothing
        _run(_jnjp("build", "--out", str(out), *common), cwd=ROOT)
        nochange, stale = [], 0
        for _ in range(repeats):
            r = _run(_jnjp("build", "--out", str(out), *common), cwd=ROOT)
            nochange.append(r["wall"])
            stale += "nothing rebuilt" not in r["stdout"]
        scen = tmp / "scenarios.csv"
        shutil.copy(load().scenario_file, scen)  # the default plan's shipped scenarios
        _run(_jnjp("build", "--out", str(out), "--scenario-file", str(scen), *common), cwd=ROOT)  # same content
        text = scen.read_text(encoding="utf-8")
        row = next(r for r in text.splitlines() if r.startswith("central,shannan,gdp_growth,"))
        onechange, rebuilt = [], []
        for k in range(repeats):
            new = row.replace("gdp_growth,0.1,", f"gdp_growth,{0.095 + 0.001 * k:.3f},", 1)
            assert new != row, row
            scen.write_text(text.replace(row, new), encoding="utf-8")
            r = _run(_jnjp("build", "--out", str(out), "--scenario-file", str(scen), "--explain", *common), cwd=ROOT)
            onechange.append(r["wall"])
            rebuilt = sorted(ln.split(":")[0].strip() for ln in r["stdout"].splitlines()
                             if ln.startswith("  ") and "up to date" not in ln)
            if len(rebuilt) > 4:  # someone edited the package meanwhile: bring the cache up to date, again
                onechange.pop()
                _run(_jnjp("build", "--out", str(out), "--scenario-file", str(scen), *common), cwd=ROOT)
        # page sizes, and the charts of a page: inline SVG, and no raster image in it
        sizes = {p.stem: p.stat().st_size for p in out.glob("*.html") if p.stem != "index"}
        zh = max((v, k) for k, v in sizes.items() if k.endswith("_zh") and not k.startswith("overview"))
        en = max((v, k) for k, v in sizes.items() if k.endswith("_en") and not k.startswith("overview"))
        ov = max((v, k) for k, v in sizes.items() if k.startswith("overview"))
        page = (out / f"{zh[1]}.html").read_text(encoding="utf-8")
        svgs, pngs = len(re.findall(r"<svg\b", page)), len(re.findall(r"data:image/png", page))
        loop_sizes = [p.stat().st_size for p in (tmp / "loop0").glob("*_zh.html") if not p.name.startswith("overview")]
        # the scale: an invented plan of `units` units, built cold once
        syn = tmp / f"synthetic-{units}u"
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic_plan import make_plan

        make_plan(syn, units)
        big = _retry(lambda: _run(_jnjp("--plan", str(syn), "build", "--out", str(tmp / "syn-out"), "--force", *common),
                                  cwd=ROOT))
        syn_pages = len(list((tmp / "syn-out").glob("*.html"))) - 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median
    c_wall, c_cpu = med(r["wall"] for r in cold), med(r["cpu"] for r in cold)
    l_wall, l_cpu = med(r["wall"] for r in loops), med(r["cpu"] for r in loops)
    per_page = c_cpu / n_pages
    syn_per_page = big["cpu"] / syn_pages
    return {
        "pages": n_pages, "jobs": jobs, "repeats": repeats, "cpu_count": os.cpu_count(),
        "cold_wall_s": round(c_wall, 1), "cold_cpu_s": round(c_cpu, 1),
        "loop_wall_s": round(l_wall, 1), "loop_cpu_s": round(l_cpu, 1),
        "cold_wall_all": [round(r["wall"], 1) for r in cold], "loop_wall_all": [round(r["wall"], 1) for r in loops],
        "speedup": round(l_wall / c_wall, 2),
        "cpu_per_page": round(per_page, 2), "loop_cpu_per_page": round(l_cpu / n_pages, 2),
        "synthetic_units": units, "synthetic_pages": syn_pages, "synthetic_wall_s": round(big["wall"], 1),
        "synthetic_cpu_s": round(big["cpu"], 1), "synthetic_cpu_per_page": round(syn_per_page, 2),
        "per_page_ratio": round(syn_per_page / per_page, 3),
        "marginal_cpu_per_page": round((big["cpu"] - c_cpu) / (syn_pages - n_pages), 2),
        "peak_mib": round(med(r["peak_mib"] for r in cold)), "loop_peak_mib": round(med(r["peak_mib"] for r in loops)),
        "synthetic_peak_mib": round(big["peak_mib"]),
        "nochange_s": round(med(nochange), 2), "nochange_stale_runs": stale,
        "onechange_s": round(med(onechange), 1) if onechange else float("nan"), "onechange_rebuilt": rebuilt,
        "zh_page_kb": round(zh[0] / 1000), "zh_page": zh[1], "en_page_kb": round(en[0] / 1000), "en_page": en[1],
        "overview_kb": round(ov[0] / 1000), "loop_zh_page_kb": round(max(loop_sizes) / 1000) if loop_sizes else None,
        "zh_page_svg_charts": svgs, "zh_page_png_images": pngs,
    }


def table(build: dict | None, mc: dict | None = None, explorer: dict | None = None) -> str:
    """The one Markdown table ``make bench`` prints: each figure, its aim, the loop's figure."""
    rows = [("figure", "result", "aim", "the papermill + nbconvert loop, same run")]

    def ok(good: bool) -> str:
        return "met" if good else "**missed**"

    if build:
        b = build
        n = b["pages"]
        rows += [
            (f"cold build, Tibet's {n} pages, {b['jobs']} jobs, empty folder, forced (median of {b['repeats']}, "
             f"alternating)", f"{b['cold_wall_s']} s wall ({', '.join(map(str, b['cold_wall_all']))})",
             f"≤ 10 s: {ok(b['cold_wall_s'] <= 10)}",
             f"{b['loop_wall_s']} s wall ({', '.join(map(str, b['loop_wall_all']))})"),
            ("speed-up over the loop", f"{b['speedup']}×", f"≥ 5×: {ok(b['speedup'] >= 5)}", "1×"),
            ("CPU-seconds per page (every process of the build / pages)", f"{b['cpu_per_page']} ({b['cold_cpu_s']} CPU-s)",
             f"≤ 0.5: {ok(b['cpu_per_page'] <= 0.5)}", f"{b['loop_cpu_per_page']} ({b['loop_cpu_s']} CPU-s)"),
            (f"the same on an invented plan of {b['synthetic_units']} units ({b['synthetic_pages']} pages)",
             f"{b['synthetic_cpu_per_page']} CPU-s a page ({b['synthetic_cpu_s']} CPU-s, {b['synthetic_wall_s']} s wall); "
             f"× {b['per_page_ratio']} Tibet's; marginal {b['marginal_cpu_per_page']} a page",
             f"within 15 %: {ok(abs(b['per_page_ratio'] - 1) <= 0.15)}", "–"),
            ("peak memory of the build (sum of RSS over its processes)",
             f"{b['peak_mib']} MiB ({n} pages) · {b['synthetic_peak_mib']} MiB ({b['synthetic_pages']} pages)",
             f"flat in pages: {ok(b['synthetic_peak_mib'] <= 1.15 * b['peak_mib'])}", f"{b['loop_peak_mib']} MiB"),
            ("rebuild, nothing changed", f"{b['nochange_s']} s" + (f" ({b['nochange_stale_runs']} run(s) found the "
             "package edited meanwhile)" if b["nochange_stale_runs"] else ""),
             f"< 0.3 s: {ok(b['nochange_s'] < 0.3)}", "–"),
            ("rebuild, one unit's scenario rows changed (山南)",
             f"{b['onechange_s']} s ({', '.join(b['onechange_rebuilt'])})", f"< 3 s: {ok(b['onechange_s'] < 3)}", "–"),
            (f"largest Chinese briefing ({b['zh_page']})",
             f"{b['zh_page_kb']} KB, {b['zh_page_svg_charts']} charts as inline SVG (text in the page's font), "
             f"{b['zh_page_png_images']} PNG", f"≤ 400 KB, print quality: {ok(b['zh_page_kb'] <= 400)}",
             f"{b['loop_zh_page_kb']} KB (no font, no bundle)"),
            ("largest English briefing · overview", f"{b['en_page_kb']} KB · {b['overview_kb']} KB", "–", "–"),
        ]
    if mc:
        rows.append((f"Monte Carlo, {mc['draws']:,} draws (best of 3)", f"{mc['vectorised_s_best']} s; "
                     f"{mc['speedup_vs_loop']}× a Python loop, {mc['speedup_vs_apply']}× pandas apply; "
                     f"{mc['peak_memory_MiB']} MiB", "–", "–"))
    if explorer:
        rows.append((f"explorer redraw (median / max of {explorer['redraws']})",
                     f"{explorer['median_s']} s / {explorer['max_s']} s", "–", "–"))
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def bench_explorer(n: int = 20) -> dict:
    from jnjp_analysis.pages.explorer import Explorer

    e = Explorer("zh")
    e.timings.clear()
    for i in range(n):
        e.growth.value = 6.0 + 0.5 * (i % 12)
    return {"redraws": n, "median_s": round(statistics.median(e.timings), 3), "max_s": round(max(e.timings), 3)}


def main(argv: list[str]) -> int:
    which = argv or ["mc", "explorer", "build"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    res = {}
    for w in which:
        res[w] = {"mc": bench_mc, "build": bench_build, "explorer": bench_explorer}[w]()
        (RESULTS / f"{w}.json").write_text(json.dumps(res[w], indent=2, ensure_ascii=False) + "\n")
    import platform

    import psutil

    print(f"\n{time.strftime('%Y-%m-%d')}, {platform.machine()} {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2 ** 30:.0f} GiB, Python {platform.python_version()}; load average "
          f"{os.getloadavg()[0]:.1f} at the end (other work on the machine inflates every figure)\n")
    print(table(res.get("build"), res.get("mc"), res.get("explorer")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
