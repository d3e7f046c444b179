"""A plan of one unit (a province tracked as a whole, issue 28) has no overview: it would repeat its
unit as the whole with "sums" of one. The build writes the unit's briefings only and the index links
them alone, in both languages.

The package is INVENTED: tests/plans/synthetic-4y cut down to its unit 甲市 (line 26 of its text),
without the pollutant caps (the columns of the table not read, no regional cap to sum to) and with
the record's rows of 甲市 and the whole only."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from _pages import TIBET_WORDS, YEAR_2015, built_texts

FOURY = Path(__file__).parents[1] / "plans" / "synthetic-4y"


def _keep(path: Path, keep) -> None:
    rows = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([rows[0], *[r for r in rows[1:] if keep(r)]]) + "\n", encoding="utf-8")


def one_unit_package(folder: Path) -> Path:
    """synthetic-4y with its unit jia only (a helper other tests may use)."""
    pkg = folder / "synthetic-4y"
    shutil.copytree(FOURY, pkg)
    _keep(pkg / "units.csv", lambda r: r.startswith("jia,"))
    _keep(pkg / "targets.csv", lambda r: r.startswith("jia,") and "_cap_" not in r)
    _keep(pkg / "scenarios.csv", lambda r: r.split(",")[1] == "jia")
    _keep(pkg / "catalogue.csv", lambda r: r.startswith("energy_intensity,"))
    _keep(pkg / "records" / "record.csv", lambda r: r.split(",")[0] in ("jia", "region"))
    schema = json.loads((pkg / "records" / "record.schema.json").read_text(encoding="utf-8"))
    schema["jnjp:indicators"] = [i for i in schema["jnjp:indicators"] if not i["name"].endswith("_10k_t")]
    (pkg / "records" / "record.schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=1), encoding="utf-8")
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    for table in d["jnjp:plan"]["tables"]:
        table["first_line"] = table["last_line"] = 26  # 甲市　19　100　21　1.2　2.5
        table["columns"] = [c if "_cap_" not in c else "-" for c in table["columns"]]
    d["jnjp:plan"]["pollutants"] = []
    (pkg / "datapackage.json").write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    return pkg


def test_a_one_unit_plan_has_no_overview_job(tmp_path):
    from jnjp_analysis.build.jobs import plan_jobs

    pkg = one_unit_package(tmp_path)
    assert [j.name for j in plan_jobs(["jia"], ["zh", "en"], plan=pkg)] == ["jia_zh", "jia_en"]
    # a plan of three units keeps its overview
    assert [j.name for j in plan_jobs(["jia"], ["zh", "en"], plan=FOURY)] == ["overview_zh", "overview_en", "jia_zh", "jia_en"]


@pytest.mark.slow
def test_a_one_unit_plan_builds_its_briefings_and_the_index_links_them_alone(tmp_path):
    pkg = one_unit_package(tmp_path)
    out = tmp_path / "reports"
    texts = built_texts(pkg, out)
    assert sorted(p.name for p in out.glob("*.html")) == ["index.html", "jia_en.html", "jia_zh.html"]
    for name, text in texts.items():  # a page, key-figures file or bundle member of this plan speaks of it only
        for w in TIBET_WORDS:
            assert w not in text, (name, w)
        assert not YEAR_2015.search(text), name
    pages = set(re.findall(r'href="([^"]+)\.html"', (out / "index.html").read_text(encoding="utf-8")))
    assert pages == {"jia_zh", "jia_en"}
