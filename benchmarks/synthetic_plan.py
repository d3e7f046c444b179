"""An INVENTED plan package with many units, for the scale benchmark (``benchmarks/run.py``).

Made on the fly from the test fixture ``tests/plans/synthetic-4y`` (示例省, a fictitious province, a
4-year plan): the same text, catalogue, record and scenario rationale, with the fixture's three
units (甲市, 乙市, 丙州) and ``n - 3`` more whose names and numbers are made up — deterministically,
so two runs build the same plan. Every file says it is invented; no figure describes a real place.

    python benchmarks/synthetic_plan.py /tmp/synthetic-60u 60   # then: jnjp --plan /tmp/synthetic-60u build
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "plans" / "synthetic-4y"
# common characters (GB 2312 level 1) for invented two-character place names, as real ones mostly are
_CHARS = "安宝北昌长成川东丰福广海河和华淮吉嘉江金锦京靖开康兰乐丽临龙隆鹿洛南宁平齐庆泉荣瑞山上绍深石松泰"
_KINDS = ("市", "州", "市", "市")


def make_plan(dest: Path | str, n_units: int = 60, seed: int = 19) -> Path:
    """Write an invented plan package of ``n_units`` units into ``dest`` (a new folder).

    Parameters
    ----------
    dest : Path or str
        The folder to create (must not exist); its name is the plan's id (e.g. ``synthetic-60u``).
    n_units : int, default 60
        Units of the plan (≥ 3; the fixture's three come first). The build makes 2 · n + 2 pages.
    seed : int, default 19
        Seed of the invented names and numbers.

    Returns
    -------
    Path
        ``dest``.
    """
    dest = Path(dest)
    shutil.copytree(FIXTURE, dest)
    rng = random.Random(seed)
    units = list(csv.DictReader(io.StringIO((dest / "units.csv").read_text(encoding="utf-8"))))
    names = {u["name"] for u in units}
    while len(units) < n_units:
        i = len(units) + 1
        name = rng.choice(_CHARS) + rng.choice(_CHARS) + rng.choice(_KINDS)
        if name in names:
            continue
        names.add(name)
        units.append({"slug": f"u{i:03d}", "name": name, "name_en": f"Unit {i} (invented)", "class": "city"})
    text = (dest / "synthetic_plan_fictitious.txt").read_text(encoding="utf-8").splitlines()
    first = next(i for i, ln in enumerate(text) if ln.startswith("甲市"))  # the annex's first row
    targets = list(csv.DictReader(io.StringIO((dest / "targets.csv").read_text(encoding="utf-8"))))
    known = {u["slug"] for u in units[:3]}
    rows = [r for r in targets if r["unit"] in known]
    new_lines = []
    for k, u in enumerate(units[3:], start=3):
        cut, base = rng.randint(5, 19), rng.randint(8, 120)
        inc = max(2, round(base * rng.uniform(0.1, 0.3)))
        cod, nox = round(base * rng.uniform(0.005, 0.015), 2), round(base * rng.uniform(0.01, 0.03), 2)
        vals = [str(cut), str(base), str(inc), f"{cod:g}", f"{nox:g}"]
        new_lines.append("　".join([u["name"], *vals]))
        line = first + k + 1  # 1-based line number of this row
        for ind, v in zip(("intensity_cut_pct", "energy_base_10k_tce", "increment_10k_tce", "cod_cap_10k_t",
                           "nox_cap_10k_t"), vals):
            rows.append({"unit": u["slug"], "indicator": ind, "value": v, "value_text": v, "source_line": str(line)})
    text[first + 3:first + 3] = new_lines
    body = ("\n".join(text) + "\n").encode("utf-8")
    (dest / "synthetic_plan_fictitious.txt").write_bytes(body)
    _write_csv(dest / "units.csv", units)
    _write_csv(dest / "targets.csv", rows)
    scen = list(csv.DictReader(io.StringIO((dest / "scenarios.csv").read_text(encoding="utf-8"))))
    out = []
    for param in dict.fromkeys(r["parameter"] for r in scen):
        model = next(r for r in scen if r["parameter"] == param)
        out += [r for r in scen if r["parameter"] == param]
        out += [{**model, "unit": u["slug"]} for u in units[3:]]
    _write_csv(dest / "scenarios.csv", out)
    desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    desc["name"] = desc["jnjp:plan"]["id"] = dest.name  # a plan's id is its folder's name
    desc["title"] = f"INVENTED BENCHMARK PLAN, not a real plan: {n_units} made-up units (benchmarks/synthetic_plan.py)"
    for r in desc["resources"]:
        if r["name"] == "plan":
            r["bytes"] = len(body)
            r["hash"] = "sha256:" + hashlib.sha256(body).hexdigest()
    desc["jnjp:plan"]["reader_note"] = f"targets.csv: the table (附表, lines {first + 1}-{first + n_units} of the text)"
    for lang in ("zh", "en"):
        desc["jnjp:plan"]["labels"][lang]["plan_id"] = desc["name"]
    (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return dest


def _write_csv(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


if __name__ == "__main__":
    print(make_plan(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 60))
