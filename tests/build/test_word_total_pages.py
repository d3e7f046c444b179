"""The pages of a plan whose total-consumption control is stated in words (issue 30, item 1): the
briefing states the plan's words where the energy section would be, and shows no consumption number
(no base, increment, cap, headroom, implied growth or cap probability, never NaN or 0). The package
tests/plans/synthetic-words is INVENTED (its README says so): one unit 甲市, 2020–2025, intensity cut
13.5 % (附表, line 15), total “能源消费总量得到合理控制” (line 7)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from _pages import TIBET_WORDS, built_texts

from jnjp_analysis.errors import JnjpError

WORDS = Path(__file__).parents[1] / "plans" / "synthetic-words"
QUOTE = "能源消费总量得到合理控制"  # line 7 of the invented text
# the key figures of a numeric total, none of which a plan without one may carry
CONSUMPTION_KEYS = ("energy_base_10k_tce", "increment_10k_tce", "cap_target_10k_tce", "implied_gdp_growth_pct",
                    "central_headroom_10k_tce", "central_energy_target_10k_tce", "p_cap")


def _page_text(page: str) -> str:
    """A page's visible text: without its style, images and tags, entities decoded."""
    s = re.sub(r"<style.*?</style>|<svg.*?</svg>|<script.*?</script>", " ", page, flags=re.S)
    s = re.sub(r"<img[^>]*>", " ", s)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", s)))


# -- fast: the parts ---------------------------------------------------------------------------
def test_the_briefing_key_figures_leave_out_every_consumption_figure():
    from jnjp_analysis.pages.briefing import Briefing

    b = Briefing("jia", "en", scenario_names=None, n_draws=1000, plan=WORDS)
    kf = b.key_figures()
    assert not set(CONSUMPTION_KEYS) & set(kf)
    assert kf["total_stated"] == "words" and kf["total_words_quote"] == QUOTE
    assert kf["intensity_cut_pct"] == 13.5  # 附表, line 15
    table = b.key_figures_table().to_string()
    assert f"“{QUOTE}”" in table and "tce" not in table and "nan" not in table.lower()
    # the scenario table keeps the intensity columns only
    cols = list(b.scenario_table().columns)
    assert not [c for c in cols if "tce" in c or "cap" in c.lower() or "binding" in c.lower()], cols
    # the consumption sections are not on the page; the words section is, with the quote (escaped)
    hidden = {s.id for s in b.SECTIONS if not b.has_section(s.id)}
    assert {"energy", "map", "mc"} <= hidden and not {"intensity", "scenarios", "pacing"} & hidden
    assert b.has_section("total_words") and QUOTE in b.total_words_text()
    assert not b.has_record_chart()


def test_the_reconciliation_of_a_word_total_adds_up_no_base_or_increment():
    from jnjp_analysis.plan import catalogue

    rec = catalogue.reconcile(plan=str(WORDS))
    assert list(rec["check"]) == []  # no pollutant caps, no base: nothing to add up


def test_the_overview_refuses_a_word_total_clearly():
    from jnjp_analysis.pages.overview import Overview

    with pytest.raises(JnjpError, match=r"synthetic-words.*in words.*--no-overview"):
        Overview("zh", n_draws=1000, plan=WORDS)


def test_the_explorer_refuses_a_word_total_clearly():
    from jnjp_analysis.pages.explorer import plan_consistent

    with pytest.raises(JnjpError, match=r"explorer needs a total-consumption control stated as a number.*in words"):
        plan_consistent("jia", str(WORDS))


# -- slow: the built pages -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return built_texts(WORDS, tmp_path_factory.mktemp("words") / "reports")


@pytest.mark.slow
def test_both_briefings_build_and_state_the_quote_without_a_consumption_number(texts):
    pages = {n: _page_text(s) for n, s in texts.items() if n in ("jia_zh.html", "jia_en.html")}
    assert set(pages) == {"jia_zh.html", "jia_en.html"}
    for name, text in pages.items():
        assert f"“{QUOTE}”" in text, name
        assert not re.search(r"(?i)\bnan\b", text), name
        assert "万吨标准煤" not in text and "tce" not in text, name  # no consumption figure, cap or headroom
        for w in TIBET_WORDS:
            assert w not in text, (name, w)
    assert "能源消费总量目标以文字表述" in pages["jia_zh.html"]
    assert "stated in words" in pages["jia_en.html"]
    for lang in ("zh", "en"):
        kf = json.loads(texts[f"jia_{lang}.json"])
        assert not set(CONSUMPTION_KEYS) & set(kf) and kf["total_words_quote"] == QUOTE


@pytest.mark.slow
def test_the_index_links_the_units_pages_and_states_no_cap(texts):
    index = texts["index.html"]
    for page in ("jia_zh.html", "jia_en.html", "jia_zh.json", "jia_en.json"):  # each page and its key figures
        assert f'href="{page}"' in index
    assert "overview" not in index
    text = _page_text(index)
    assert f"“{QUOTE}”" in text and "10^4 tce" not in text and not re.search(r"(?i)\bnan\b", text)


# -- the plan form: a total stated in words --------------------------------------------------------
def _fill_words_form(path: Path, quote: str = QUOTE, extra_targets: tuple[dict, ...] = ()) -> None:
    """Fill the template from the invented text as an analyst would: one unit 甲市, its intensity cut
    13.5 (附表, line 15), the total stated in words with its sentence (line 7), no base or increment."""
    from openpyxl import load_workbook
    from test_plan_form import _append, _keyed

    from jnjp_analysis.plan import form

    d = json.loads((WORDS / "datapackage.json").read_text(encoding="utf-8"))["jnjp:plan"]
    wb = load_workbook(path)
    _keyed(wb[form.PLAN_SHEET], {
        "id": "synthetic-words", "title": d["title"], "title_en": d["title_en"], "issuer": d["issuer"],
        "date_published": "2021-01-01", "base_year": 2020, "target_year": 2025, "level": "city",
        "region_name": d["region"]["name"], "region_name_en": d["region"]["name_en"],
        "period_name_zh": d["period_name"]["zh"], "period_name_en": d["period_name"]["en"]}, "value")
    _append(wb[form.UNITS_SHEET], "slug", [{"slug": "jia", "name": "甲市", "name_en": "Jiashi", "class": "city"}])
    _append(wb[form.CONTROLS_SHEET], "kind", [{"kind": "intensity_cut"},
                                              {"kind": "total_increment", "stated": "words", "quote": quote}])
    _append(wb[form.TABLES_SHEET], "name", [{"name": "附表", "first_line": 15, "last_line": 15, "header_line": 14,
                                             "columns": "intensity_cut_pct"}])
    _append(wb[form.TARGETS_SHEET], "unit", [{"unit": "jia", "indicator": "intensity_cut_pct", "value": 13.5,
                                              "value_text": "13.5", "source_line": 15}, *extra_targets])
    _append(wb[form.CATALOGUE_SHEET], "target_id", [{
        "target_id": "energy_intensity", "clause": "（一）", "indicator": "Energy consumption per unit of GDP",
        "indicator_zh": "单位地区生产总值能源消耗", "scope": "region", "base_year": 2020, "target_year": 2025,
        "value": 13.5, "unit": "% cut", "kind": "cut", "value_text": "13.5%",
        "quote": "全区单位地区生产总值能源消耗比2020年下降13.5%"}])
    for lang in ("zh", "en"):
        _keyed(wb[form.LABELS_SHEET], d["labels"][lang], lang)
    wb.save(path)


def test_a_form_with_the_total_in_words_imports_and_loads_without_base_or_increment(tmp_path):
    from jnjp_analysis.plan import form
    from jnjp_analysis.plan.load import load as load_plan

    x = form.write_template(tmp_path / "plan.xlsx")
    _fill_words_form(x)
    out, _ = form.import_form(x, WORDS / "synthetic_words_fictitious.txt", tmp_path / "synthetic-words")
    p = load_plan(out)
    assert p.total_stated == "words" and p.total_words_quote == QUOTE
    jia = p.targets("jia")
    assert jia.intensity_cut == 0.135  # 附表, line 15: 甲市　13.5
    assert jia.energy_base_10k_tce is None and jia.increment_10k_tce is None
    rows = (out / "targets.csv").read_text(encoding="utf-8")
    assert "energy_base_10k_tce" not in rows and "increment_10k_tce" not in rows


def test_a_word_total_quote_not_in_the_text_is_refused_naming_its_cell(tmp_path):
    from jnjp_analysis.plan import form

    x = form.write_template(tmp_path / "plan.xlsx")
    _fill_words_form(x, quote="能源消费总量得到有效控制")  # not the text's words (line 7 says 合理控制)
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, WORDS / "synthetic_words_fictitious.txt", tmp_path / "synthetic-words")
    errs = [f for f in ei.value.findings if f.level == "error"]
    assert [(f.code, f.sheet, f.column) for f in errs] == [("quote-not-in-text", form.CONTROLS_SHEET, "quote")]


def test_a_base_with_a_word_total_is_refused(tmp_path):
    from jnjp_analysis.plan import form

    x = form.write_template(tmp_path / "plan.xlsx")
    # a made-up base: the text (line 15) prints 13.5 only; the form refuses the row whatever its value
    _fill_words_form(x, extra_targets=({"unit": "jia", "indicator": "energy_base_10k_tce", "value": 13.5,
                                        "value_text": "13.5", "source_line": 15},))
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, WORDS / "synthetic_words_fictitious.txt", tmp_path / "synthetic-words")
    codes = [f.code for f in ei.value.findings if f.level == "error"]
    assert "number-with-words-total" in codes, codes
