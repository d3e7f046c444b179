"""A plan's words are a user's text (issue 28): labels, unit and region names, the title and the
period's name typed into a plan package reach the pages as text, never as markup.

The package is tests/plans/synthetic-kinds (INVENTED) copied and filled with hostile words: a
``<script>`` in a label, ``[x](javascript:…)`` in a unit's English name, a line break and ``# X`` in
a name, an ``<iframe>`` in the record's context label. The units' Chinese names stay as printed in
the text (the loader checks them against it); the English names, labels and period names are free.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

KINDS = Path(__file__).parents[1] / "plans" / "synthetic-kinds"
SCRIPT = "<script>alert(1)</script>"
LINK = "[x](javascript:alert(2))"
IFRAME = '<iframe src="https://example.org/x"></iframe>'
HEADING = "Jia\n# INJECTED"


def _hostile_package(folder: Path) -> Path:
    pkg = folder / "synthetic-kinds"
    shutil.copytree(KINDS, pkg)
    rows = list(csv.DictReader((pkg / "units.csv").open(encoding="utf-8")))
    rows[0]["name_en"] = f"{HEADING} {LINK}"
    rows[1]["name_en"] = f"Yi {SCRIPT}"
    with (pkg / "units.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    p = d["jnjp:plan"]
    p["title_en"] = f"Scheme {SCRIPT}"
    p["region"]["name_en"] = f"Region {LINK}"
    p["period_name"]["en"] = f"14th\n# PERIOD {IFRAME}"
    en = p["labels"]["en"]
    en["whole"] = f"region {SCRIPT}"
    en["unit_word"] = f"city {LINK}"
    en["source_title"] = f"Source\n## SOURCE {LINK}"
    en["energy_table"] = f"the table {SCRIPT}"
    en["record_context"] = f"Context {IFRAME}"
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    # the record format's labels are the package's words too (its record names gdp_growth for 甲市)
    sch = pkg / "records" / "record.schema.json"
    j = json.loads(sch.read_text(encoding="utf-8"))
    for ind in j["jnjp:indicators"]:
        ind["label_en"] += f" {IFRAME} {LINK}"
    sch.write_text(json.dumps(j, ensure_ascii=False, indent=1), encoding="utf-8")
    return pkg


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    pkg = _hostile_package(tmp)
    out = tmp / "reports"
    r = subprocess.run([sys.executable, "-m", "jnjp_analysis.cli", "--plan", str(pkg), "build", "--out", str(out),
                        "--lang", "en", "-p", "jia", "--no-progress", "--jobs", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}


def test_the_pages_are_built(built):
    assert sorted(_pages(built)) == ["index.html", "jia_en.html", "overview_en.html"]


def test_no_script_iframe_or_javascript_link_from_the_plan_words(built):
    for name, page in _pages(built).items():
        # the page's own scripts are none of the plan's: no script element with the typed alert
        assert not re.search(r"<script[^>]*>\s*alert", page), name
        assert "<iframe" not in page, name
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I), name
        # the words are still shown, as text
        if name != "index.html":
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, name


def test_no_heading_injected_by_a_line_break_in_a_name(built):
    for name, page in _pages(built).items():
        for word in ("INJECTED", "PERIOD", "SOURCE"):
            # a heading of its own: the word starts it (in the unit's title it follows the name, as text)
            assert not re.search(rf"<h[1-6][^>]*>\s*{word}", page), (name, word)
