"""Benchmarks, run on demand (`make bench` or `python benchmarks/run.py [mc|build|explorer]`).
Never part of the tests. Results print as a Markdown table and go to benchmarks/results/."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the issue asks
ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def bench_mc(n: int = 1_000_000, loop_n: int = 2_000, repeats: int = 3) -> dict:
    import numpy as np

    from jnjp_analysis import scenarios as sc

    sc.monte_carlo(1000)  # warm caches (scenario file, annex parse)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sc.monte_carlo(n)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    sc.monte_carlo(n)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # the obvious way: a Python loop over draws, prefectures and years, same model and inputs
    s = sc.get("central")
    from jnjp_analysis.plan.load import load

    plan = load()
    tg = plan.energy_targets().set_index("prefecture").loc[list(s.prefectures)]
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


def bench_build(jobs: int = 2, repeats: int = 3) -> dict:
    """Side by side in one run, median of ``repeats``: (1) a cold full build (empty output folder)
    against the obvious parallel loop — `papermill` then `jupyter nbconvert --no-input` per page,
    ``jobs`` pages at a time (xargs -P); (2) a rebuild with nothing changed; (3) a rebuild after
    one prefecture's scenario rows changed (which pages ran, and how long)."""
    from jnjp_analysis.plan.load import load

    bin_ = Path(sys.executable).parent
    nbdir = ROOT / "notebooks"
    tmp = Path(tempfile.mkdtemp(prefix="jnjp-bench-build-"))

    def jnjp(out: Path, *extra: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([str(bin_ / "jnjp"), "build", "--out", str(out), "--jobs", str(jobs), "--no-progress", *extra],
                       check=True, cwd=ROOT, capture_output=True)
        return time.perf_counter() - t0

    lines = []
    for lang in ("zh", "en"):
        lines.append(f"01_region_overview.ipynb overview_{lang} -p lang {lang}")
        for p in load().slugs:
            lines.append(f"02_prefecture_briefing.ipynb {p}_{lang} -p prefecture {p} -p lang {lang}")
    per_page = (f'set -e; set -- $0 "$@"; nb=$1; name=$2; shift 2; '
                f'{bin_}/papermill --no-progress-bar {nbdir}/$nb "$OUT/$name.ipynb" "$@" 2>/dev/null; '
                f'{bin_}/jupyter nbconvert --to html --no-input "$OUT/$name.ipynb" 2>/dev/null')

    def loop(out: Path) -> float:
        out.mkdir()
        t0 = time.perf_counter()
        subprocess.run(["xargs", "-P", str(jobs), "-L", "1", "bash", "-c", per_page], input="\n".join(lines),
                       text=True, check=True, cwd=nbdir, env={**os.environ, "OUT": str(out)}, capture_output=True)
        return time.perf_counter() - t0

    cold, loops, nochange, onechange, rebuilt = [], [], [], [], []
    for i in range(repeats):
        out = tmp / f"cold{i}"
        cold.append(jnjp(out))
        loops.append(loop(tmp / f"loop{i}"))
        nochange.append(jnjp(out))
        scen = tmp / f"scenarios{i}.csv"
        shutil.copy(load().scenario_file, scen)  # the default plan's shipped scenarios
        jnjp(out, "--scenario-file", str(scen))  # same content as the default: nothing to do
        text = scen.read_text(encoding="utf-8")
        row = next(r for r in text.splitlines() if r.startswith("central,shannan,gdp_growth,"))
        scen.write_text(text.replace(row, row.replace("gdp_growth,0.1,", "gdp_growth,0.095,", 1)), encoding="utf-8")
        t0 = time.perf_counter()
        r = subprocess.run([str(bin_ / "jnjp"), "build", "--out", str(out), "--jobs", str(jobs), "--no-progress",
                            "--scenario-file", str(scen), "--explain"], check=True, cwd=ROOT, capture_output=True,
                           text=True)
        onechange.append(time.perf_counter() - t0)
        rebuilt = sorted(ln.split(":")[0].strip() for ln in r.stdout.splitlines()
                         if ln.startswith("  ") and "up to date" not in ln)
    n_pages = len(list((tmp / "cold0").glob("*.html"))) - 1
    shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median
    return {"pages": n_pages, "jobs": jobs, "repeats": repeats, "cold_build_s": round(med(cold), 1),
            "parallel_loop_s": round(med(loops), 1), "cold_speedup": round(med(loops) / med(cold), 2),
            "nochange_rebuild_s": round(med(nochange), 2), "one_prefecture_rebuild_s": round(med(onechange), 1),
            "one_prefecture_rebuilt": rebuilt, "cpu_count": os.cpu_count()}


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
    for w in which:
        res = {"mc": bench_mc, "build": bench_build, "explorer": bench_explorer}[w]()
        (RESULTS / f"{w}.json").write_text(json.dumps(res, indent=2) + "\n")
        print(f"\n| {w} | " + " | ".join(f"{k}: {v}" for k, v in res.items()) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
