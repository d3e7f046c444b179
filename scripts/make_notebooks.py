"""Write the notebooks in notebooks/ from their cell lists, the pages' sections from
jnjp_analysis.pages.sections (then execute them with
`python scripts/make_notebooks.py --execute` so that nbval has outputs to compare)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from jnjp_analysis.pages import sections  # the pages' sections: one cell each

ROOT = Path(__file__).resolve().parent.parent
NB = ROOT / "notebooks"
KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}


def params(src: str):
    c = new_code_cell(src)
    c.metadata["tags"] = ["parameters"]
    return c


def nb(cells) -> nbformat.NotebookNode:
    n = new_notebook(cells=cells, metadata=KERNEL)
    for i, c in enumerate(n.cells):  # stable ids keep diffs small
        c["id"] = f"cell-{i:02d}"
    return n


# The data bundle (every chart's and table's numbers as CSV, ~1 MB) is written by the build as
# <page>_data.zip; its output is stripped from the committed notebook and not compared by nbval
# (tests/test_pages.py checks the zip itself).
BUNDLE_CELL = ("# NBVAL_IGNORE_OUTPUT\n# (the data bundle: the build writes it as <page>_data.zip; nbval reads a marker only on its own line)\n"
               "from jnjp_analysis.pages.display import emit_bundle\n"
               "emit_bundle({obj}.data_bundle())")


def strip_bundle(n: nbformat.NotebookNode) -> None:
    for c in n.cells:
        if c.cell_type == "code" and "emit_bundle(" in c.source:
            c.outputs = []


DATA = nb([
    new_markdown_cell("# 00 · Data: raw → processed\n\nA plan package's target tables and regional targets, read from "
                      "`data/plans/<plan>/` and checked against the plan's text. `jnjp data` writes them to "
                      "`data/processed/<plan>/`; set `write = True` to do it here."),
    params("plan = None  # None: the default plan (data/plans/xizang-13fyp/); or a plan id, or a package folder\n"
           "write = False  # write data/processed/<plan>/*.csv"),
    new_code_cell("from jnjp_analysis.files import file_sha\n"
                  "from jnjp_analysis.plan import catalogue as targets\n"
                  "from jnjp_analysis.plan.load import load\n"
                  "p = load(plan)\n"
                  "print(p.id, p.base_year, '->', p.target_year, len(p.units), 'units')\n"
                  "print('SHA-256 of the plan text:', file_sha(p.text_file))\n"
                  "print('matches its datapackage.json:', 'sha256:' + file_sha(p.text_file) == p.resource('plan')['hash'])"),
    new_code_cell("p.energy_targets()"),
    new_code_cell("p.pollutant_caps().pivot(index='unit', columns='pollutant', values='cap_target_10k_t')"),
    new_code_cell("targets.regional_targets(plan=p)[['target_id', 'clause', 'scope', 'value', 'unit', 'kind', 'quote']]"),
    new_code_cell("targets.reconcile(plan=p)"),
    new_code_cell("if write:\n    for f in targets.write_processed(plan=p):\n        print('wrote', f.name)"),
])

def section_cells(page_sections, obj: str, own: dict[str, str]) -> list:
    """One cell per section of a page, in the order :mod:`jnjp_analysis.pages.sections` declares them:
    ``show_section(<obj>, "<id>")``, or the section's own cell (``own``) where its parts are shown otherwise."""
    missing = {s.id for s in page_sections if s.own_cell} ^ set(own)
    if missing:
        raise SystemExit(f"sections with a cell of their own do not match the generator's: {sorted(missing)}")
    return [new_code_cell(own[s.id] if s.own_cell else f'show_section({obj}, "{s.id}")') for s in page_sections]


OVERVIEW = nb([
    params('lang = "zh"\nscenario_file = None\ncentral = "central"\nseed = 20180403\nn_draws = 100000\n'
           'record_path = None  # None: the plan\'s shipped record (data/plans/<plan>/records/region_gdp.csv)\n'
           'plan = None  # None: the default plan (xizang-13fyp); or a plan id, or a package folder'),
    new_code_cell("from jnjp_analysis.pages.briefing import Overview\n"
                  "from jnjp_analysis.pages.display import show, show_markdown, show_table\n"
                  "from jnjp_analysis.pages.sections import show_section\n"
                  "ov = Overview(lang=lang, scenario_file=scenario_file, central=central, seed=seed, n_draws=n_draws,\n"
                  "              record_path=record_path, plan=plan)\n"
                  "show_markdown(ov.title())"),
    *section_cells(sections.OVERVIEW, "ov", {}),
    new_code_cell(BUNDLE_CELL.format(obj="ov")),
])

# papermill only warns on a parameter the notebook does not take: `-p prefecture shigatse` (the name up to 0.2.0)
# would show the default unit under the other's file name. The injected cell runs before this one, so the old
# name is in the namespace exactly when it was passed (the build refuses it earlier: kernel.parameterize).
OLD_PARAMETER_CHECK = ("if 'prefecture' in globals():  # the parameter's name up to 0.2.0\n"
                       "    from jnjp_analysis.errors import JnjpError\n"
                       "    raise JnjpError(f\"parameter 'prefecture' is now 'unit' (papermill -p unit {prefecture}); \"\n"
                       "                    \"this notebook would otherwise show the default unit\")\n")

BRIEFING = nb([
    params('unit = "lhasa"  # a unit of the plan (its units.csv); Tibet\'s: lhasa, shigatse, chamdo, nyingchi, shannan, nagqu, ngari\n'
           'lang = "zh"  # "zh" or "en"\n'
           'scenario_file = None  # None: the plan\'s data/plans/<plan>/scenarios.csv\n'
           'scenario_names = ["plan_consistent", "even_pace", "low_growth", "central", "high_growth"]\n'
           'central = "central"\n'
           'seed = 20180403\n'
           'n_draws = 100000\n'
           'record_path = None  # record of observed statistics (CSV or .xlsx); None: the shipped region record\n'
           'plan = None  # None: the default plan (xizang-13fyp); or a plan id, or a package folder'),
    new_code_cell(OLD_PARAMETER_CHECK +
                  "from jnjp_analysis.pages.briefing import Briefing\n"
                  "from jnjp_analysis.pages.display import emit_key_figures, show, show_markdown, show_table\n"
                  "from jnjp_analysis.pages.sections import show_section\n"
                  "b = Briefing(unit, lang=lang, scenario_file=scenario_file, scenario_names=scenario_names,\n"
                  "             central=central, seed=seed, n_draws=n_draws, record_path=record_path, plan=plan)\n"
                  "show_markdown(b.title())"),
    *section_cells(sections.BRIEFING, "b", {
        "key": 'show_markdown(b.heading("key"))\nshow_table(b.key_figures_table())\nemit_key_figures(b.key_figures())',
    }),
    new_code_cell(BUNDLE_CELL.format(obj="b")),
])

EXPLORER = nb([
    new_markdown_cell("# 03 · Scenario explorer / 情景探索\n\nPick a unit (or the region), move the sliders for GDP "
                      "growth and the intensity pace or energy elasticity: the paths, the double-control map, the binding "
                      "control, the headroom and the pacing verdict follow. *Reset* returns to the plan-consistent "
                      "scenario; *Copy* shows the setting as rows for `data/plans/xizang-13fyp/scenarios.csv`. Run all cells in JupyterLab, "
                      "or serve it as a web page without code: `make explore`."),
    params('lang = "zh"  # "zh" or "en"\nunit = "lhasa"  # a unit\'s slug or "region"\n'
           'plan = None  # None: the default plan (xizang-13fyp); or a plan id, or a package folder'),
    new_code_cell("# NBVAL_IGNORE_OUTPUT\n# (a live widget view: its model id differs at every run)\n"
                  "from jnjp_analysis.pages.explorer import Explorer\n"
                  "ex = Explorer(lang, unit, plan)\n"
                  "ex.widget"),
    new_code_cell("# the numbers shown for the starting (plan-consistent) setting (the verdict: a code, said in words by i18n)\n"
                  "from jnjp_analysis.i18n import t\n"
                  "r = ex.result\n"
                  "print(f\"At the start (the plan-consistent setting): binding: {r['binding']}, headroom: {round(r['headroom_10k_tce'], 2) + 0.0:.2f} 10^4 tce, \"\n"
                  "      f\"energy {r['setting'].the_plan.target_year}: {r['energy_target_10k_tce']:.1f}, verdict: {t('verdict_' + r['verdict'], 'en')}\")"),
])

NOTEBOOKS = {"00_data.ipynb": DATA, "01_region_overview.ipynb": OVERVIEW, "02_unit_briefing.ipynb": BRIEFING,
             "03_scenario_explorer.ipynb": EXPLORER}


def main(argv: list[str]) -> int:
    NB.mkdir(exist_ok=True)
    names = [a for a in argv if not a.startswith("--")] or list(NOTEBOOKS)
    for name in names:
        if name in NOTEBOOKS:
            nbformat.write(NOTEBOOKS[name], NB / name)
        if "--execute" in argv and (NB / name).exists():
            from nbclient import NotebookClient

            n = nbformat.read(NB / name, as_version=4)
            NotebookClient(n, timeout=600, kernel_name="python3", store_widget_state=False, record_timing=False, resources={"metadata": {"path": str(NB)}}).execute()
            strip_bundle(n)
            nbformat.write(n, NB / name)
        print("wrote", name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
