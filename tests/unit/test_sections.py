"""Page sections declared once (jnjp_analysis/pages/sections.py): every chart is drawn from the very
frames the data bundle writes, the notebooks follow the declared sections, and the explorer draws
the charts module's map."""

import importlib.util
import io
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


def _nyingchi_record(tmp_path) -> str:
    """A record of Nyingchi's growth (10 %/yr) and consumption in every plan year, as an analyst enters it."""
    f = tmp_path / "nyingchi.csv"
    rows = "".join(f"nyingchi,{y},gdp_growth,0.1,final,t,i,2021,,,\nnyingchi,{y},energy_10k_tce,{e},final,t,i,2021,,,\n"
                   for y, e in zip(range(2016, 2021), (27.5, 29.5, 31.5, 33.5, 36)))
    f.write_text("unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
                 + rows, encoding="utf-8")
    return str(f)


def test_the_record_charts_are_drawn_from_the_bundles_frames(tmp_path, monkeypatch):
    b = Briefing("nyingchi", lang="en", n_draws=N, scenario_names=TIBET_SCENARIOS, record_path=_nyingchi_record(tmp_path))
    o = Overview(lang="en", n_draws=N)
    b_tables, o_tables = b.data_bundle()["tables"], o.data_bundle()["tables"]
    seen: list[pd.DataFrame] = []
    for name in ("record_chart", "record_chart_from", "pacing_chart"):  # whichever the pages call
        real = getattr(charts, name, None)
        if real is not None:
            def spy(*a, _f=real, **k):
                seen.extend(v for v in (*a, *k.values()) if isinstance(v, pd.DataFrame))
                return _f(*a, **k)
            monkeypatch.setattr(charts, name, spy)
    for what, draw, tables, member in (("briefing's record chart", b.fig_record, b_tables, "chart_record"),
                                       ("briefing's observed lights", b.fig_record_lights, b_tables, "record_pacing"),
                                       ("overview's record chart", o.fig_record, o_tables, "chart_record")):
        seen.clear()
        assert draw() is not None, what
        assert [table_csv(df) for df in seen] == [tables.get(member)], f"{what}: not drawn from the bundle's {member}.csv"
    # the briefing's chart_record holds the numbers drawn, per year (10^4 tce)
    f = pd.read_csv(io.StringIO(b_tables["chart_record"])).set_index("year")
    assert list(f.index) == [2015, 2016, 2017, 2018, 2019, 2020]
    assert f.loc[2015, "cap_path_10k_tce"] == 26  # annex 1: Nyingchi's 2015 consumption, 26
    assert (f["cap_target_10k_tce"] == 43).all()  # 26 + the increment 17 (annex 1)
    assert f.loc[2016:, "observed_energy_10k_tce"].tolist() == [27.5, 29.5, 31.5, 33.5, 36]  # the record above
    # what the -11 % target allowed at 10 %/yr: 26 · (1.1 · 0.89^(1/5))^k; 0.89^0.2 = e^(0.2 · ln 0.89) = 0.976963
    assert f.loc[2016, "ceiling_10k_tce"] == pytest.approx(27.9411, abs=1e-3)  # 26 · 1.1 · 0.976963
    assert f.loc[2020, "ceiling_target_10k_tce"] == pytest.approx(37.2672, abs=1e-3)  # 26 · 1.1^5 · 0.89 = 26 · 1.433354
    assert f["ceiling_target_10k_tce"].notna().sum() == 1  # the target year's row only


def test_the_record_sections_show_where_the_plan_has_them():
    # the record's text and sources always; the ceilings' chart where consumption is a number (and an
    # energy-intensity cut); the observed lights where the record rates a year (Tibet's shipped record has no
    # consumption: none)
    b = Briefing("shigatse", lang="en", n_draws=N, scenario_names=TIBET_SCENARIOS)
    shown = [s.id for s in b.SECTIONS if s.id.startswith("record") and b.has_section(s.id)]
    assert shown == ["record", "record_ceilings", "record_sources"]
    assert b.fig_record_lights() is None
    # a total stated in words: no ceilings in 10^4 tce; its record rates the intensity's years (lights)
    words = Briefing("jia", lang="en", n_draws=N, scenario_names=None, plan=str(ROOT / "tests" / "plans" / "synthetic-words"))
    assert [s.id for s in words.SECTIONS if s.id.startswith("record") and words.has_section(s.id)] == \
        ["record", "record_lights", "record_sources"]
    assert "chart_record" not in words.data_bundle()["tables"]
    carbon = Briefing("cn", lang="en", n_draws=N, plan="cn-15fyp", scenario_names=None)  # carbon led: no ceilings
    assert [s.id for s in carbon.SECTIONS if s.id.startswith("record") and carbon.has_section(s.id)] == ["record", "record_sources"]
    assert not {"chart_record", "record_ceilings", "record_pacing"} & set(carbon.data_bundle()["tables"])
