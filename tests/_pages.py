"""Shared by the tests that read a plan's built pages: one build, every page, key-figures file and bundle member
as text, and the words no page of a plan other than Tibet's may hold."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

TIBET_WORDS = ("西藏", "Tibet", "拉萨", "Lhasa", "十三五", "13th", "20180403", "901号", "Xizang", "xizang")
YEAR_2015 = re.compile(r"(?<![\d.])2015(?!\.?\d)")  # the year, not digits inside a longer number


def built_texts(plan: Path, out: Path) -> dict[str, str]:
    """Build every page of ``plan`` into ``out`` (both languages, 2 jobs) and return each page, key-figures
    file and data-bundle member as text, by name (``<bundle>.zip/<member>`` for a bundle's)."""
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(plan), "build", "--out", str(out),
                        "--no-progress", "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    found = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".html", ".json")}
    for z in out.glob("*.zip"):
        with zipfile.ZipFile(z) as f:
            found.update({f"{z.name}/{n}": f.read(n).decode("utf-8") for n in f.namelist()})
    return found
