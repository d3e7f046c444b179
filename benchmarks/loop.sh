#!/usr/bin/env bash
# The obvious way to build the briefings, for the benchmark (benchmarks/run.py) and for anyone to
# rerun by hand: papermill, then `jupyter nbconvert --no-input`, for every page, JOBS at a time.
#
#   bash benchmarks/loop.sh OUT [JOBS]          # Tibet's 16 pages into OUT (a new folder), JOBS=2
#
# Each page is a fresh papermill process (a fresh kernel) and a fresh nbconvert process; the pages
# carry no embedded font and no data bundle (a fair floor for the build: it does more).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$1
jobs=${2:-2}
bin="$here/.venv/bin"
mkdir -p "$out"
export OUT=$out BIN=$bin NB="$here/notebooks"
# one line per page: notebook, page name, papermill parameters
"$bin/python" - <<'PY' |
from jnjp_analysis.plan.load import load
for lang in ("zh", "en"):
    print(f"01_region_overview.ipynb overview_{lang} -p lang {lang}")
    for p in load().slugs:
        print(f"02_unit_briefing.ipynb {p}_{lang} -p unit {p} -p lang {lang}")
PY
xargs -P "$jobs" -L 1 bash -c 'set -e; nb=$0; name=$1; shift
  cd "$NB"
  "$BIN/papermill" --no-progress-bar "$NB/$nb" "$OUT/$name.ipynb" "$@" 2>/dev/null
  "$BIN/jupyter" nbconvert --to html --no-input "$OUT/$name.ipynb" 2>/dev/null'
