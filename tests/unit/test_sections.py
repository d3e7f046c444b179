"""Page sections declared once (jnjp_analysis/pages/sections.py): every chart is drawn from the very
frames the data bundle writes, the notebooks follow the declared sections, and the explorer draws
the charts module's map."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from jnjp_analysis.files import table_csv
from jnjp_analysis.pages import charts, explorer, sections
from jnjp_analysis.pages.briefing import Briefing, Overview

ROOT = Path(__file__).resolve().parents[2]
KINDS = str(ROOT / "tests" / "plans" / "synthetic-kinds")
TIBET_SCENARIOS = ("plan_consistent", "even_pace", "low_growth", "central", "high_growth")
N = 2000  # Monte Carlo draws: enough for a fan, quick


def _pages(plan):
    """Two briefings and two overviews of the same settings: one writes the bundle, the other draws."""
    if plan is None:
        kw = dict(unit="shigatse", scenario_names=TIBET_SCENARIOS)
    else:
        kw = dict(unit="jia", scenario_names=None)
    make_b = lambda: Briefing(lang="en", n_draws=N, plan=plan, **kw)  # noqa: E731
    make_o = lambda: Overview(lang="en", n_draws=N, plan=plan)  # noqa: E731
    return [(make_b(), make_b()), (make_o(), make_o())]


def _intercept(monkeypatch) -> list[pd.DataFrame]:
    """Every DataFrame handed to a chart function of :mod:`charts` (as the sections call them)."""
    seen: list[pd.DataFrame] = []
    for name in dir(charts):
        f = getattr(charts, name)
        if callable(f) and (name.endswith("_chart_from") or name in ("double_control_map_from", "pacing_chart",
                                                                    "compliance_chart")):
            def spy(*a, _f=f, **k):
                seen.extend(v for v in (*a, *k.values()) if isinstance(v, pd.DataFrame))
                return _f(*a, **k)
            monkeypatch.setattr(charts, name, spy)
    return seen


@pytest.mark.slow  # over 10 s in `make test-fast` (--durations)
@pytest.mark.parametrize("plan", [None, KINDS], ids=["xizang-13fyp", "synthetic-kinds"])
def test_each_chart_is_drawn_from_the_frames_its_bundle_writes(plan, monkeypatch):
    for writer, drawer in _pages(plan):
        tables = writer.data_bundle()["tables"]
        seen = _intercept(monkeypatch)
        charted = [s for s in drawer.SECTIONS if s.chart is not None and drawer.has_section(s.id)]
        assert charted, "a page without a chart"
        for s in charted:
            seen.clear()
            drawer.figure(s.id)
            drawn = [table_csv(df) for df in seen]
            assert drawn, f"{s.id}: the chart was handed no frame"
            for csv in drawn:  # each frame the chart was drawn from is a CSV of the bundle, of this section
                assert csv in [tables[f] for f in s.files], f"{s.id}: drawn from a frame the bundle does not write"
            for f in s.files:  # and each chart frame the section writes is one the chart was drawn from
                if f.startswith("chart_"):
                    assert tables[f] in drawn, f"{s.id}: the bundle's {f}.csv is not what the chart drew"
        monkeypatch.undo()


def test_the_notebooks_show_the_declared_sections_in_order():
    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "scripts" / "make_notebooks.py")
    mk = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mk)
    for nb, obj, declared in ((mk.BRIEFING, "b", sections.BRIEFING), (mk.OVERVIEW, "ov", sections.OVERVIEW)):
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        shown = [s.id for s in declared]
        at = [next(i for i, src in enumerate(cells)
                   if src == f'show_section({obj}, "{sid}")' or src.startswith(f'show_markdown({obj}.heading("{sid}"))'))
              for sid in shown]
        assert at == sorted(at) and len(set(at)) == len(at), f"{obj}: the cells do not follow the declared sections"
        generic = [s.id for s in declared if not s.own_cell]
        assert [src for src in cells if src.startswith("show_section(")] == [f'show_section({obj}, "{sid}")' for sid in generic]


def test_the_explorer_draws_the_charts_modules_map(monkeypatch):
    calls = []
    real = charts.draw_map

    def spy(ax, gg, pp, z, lang, **kw):
        calls.append((len(gg), len(pp), kw.get("image")))
        return real(ax, gg, pp, z, lang, **kw)

    monkeypatch.setattr(charts, "draw_map", spy)
    fig = explorer.figure(explorer.evaluate(explorer.plan_consistent("lhasa")), "en")
    # the explorer's grid: growth 0-20 %/yr in 161 values, cut 0-8 %/yr in 121 (scenarios.EXPLORER_GRID)
    assert calls == [(161, 121, True)]
    assert fig.axes[2].get_xlim() == (0.0, 20.0) and fig.axes[2].get_ylim() == (0.0, 8.0)


def test_a_section_that_builds_other_frames_than_it_declares_is_refused():
    b = Briefing("lhasa", lang="en", n_draws=N, scenario_names=TIBET_SCENARIOS)
    wrong = sections.Section("energy", ("chart_energy",), lambda page: {"chart_other": pd.DataFrame()})
    b.SECTIONS = (wrong,)  # this page only
    with pytest.raises(RuntimeError, match="built \\['chart_other'\\], declared \\['chart_energy'\\]"):
        b.frames("energy")
