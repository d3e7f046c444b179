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
    tg = sc._targets_for(s.prefectures)
    e0 = tg["energy_2015_10k_tce"].to_numpy()
    cap = tg["cap_2020_10k_tce"].to_numpy()
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
            for t in range(5):
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
            for t in range(5):
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


def bench_build(prefs: list[str] | None = None, jobs: int = 2) -> dict:
    """Full build vs the obvious shell loop of `papermill` and `jupyter nbconvert` calls."""
    from jnjp_analysis import prefectures

    prefs = prefs or list(prefectures.SLUGS)
    bin_ = Path(sys.executable).parent
    out1 = Path(tempfile.mkdtemp(prefix="jnjp-bench-build-"))
    out2 = Path(tempfile.mkdtemp(prefix="jnjp-bench-loop-"))
    args = [str(bin_ / "jnjp"), "build", "--out", str(out1), "--jobs", str(jobs), "--no-progress"]
    for p in prefs:
        args += ["-p", p]
    t0 = time.perf_counter()
    subprocess.run(args, check=True, cwd=ROOT)
    built = time.perf_counter() - t0
    n_pages = len(list(out1.glob("*.html"))) - 1
    script = ["set -e"]
    nbdir = ROOT / "notebooks"
    for lang in ("zh", "en"):
        script.append(f"{bin_}/papermill --no-progress-bar {nbdir}/01_region_overview.ipynb {out2}/overview_{lang}.ipynb -p lang {lang}")
        script.append(f"{bin_}/jupyter nbconvert --to html --no-input {out2}/overview_{lang}.ipynb")
        for p in prefs:
            script.append(f"{bin_}/papermill --no-progress-bar {nbdir}/02_prefecture_briefing.ipynb {out2}/{p}_{lang}.ipynb "
                          f"-p prefecture {p} -p lang {lang}")
            script.append(f"{bin_}/jupyter nbconvert --to html --no-input {out2}/{p}_{lang}.ipynb")
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", "\n".join(script)], check=True, cwd=nbdir, capture_output=True)
    loop = time.perf_counter() - t0
    shutil.rmtree(out1, ignore_errors=True)
    shutil.rmtree(out2, ignore_errors=True)
    return {"pages": n_pages, "jobs": jobs, "build_s": round(built, 1), "shell_loop_s": round(loop, 1),
            "speedup": round(loop / built, 2)}


def bench_explorer(n: int = 20) -> dict:
    from jnjp_analysis.explorer import Explorer

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
