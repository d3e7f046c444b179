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

WORDS = Path(__file__).parent / "plans" / "synthetic-words"
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
    for page in ("jia_zh.html", "jia_en.html"):
        assert f'href="{page}"' in index
    assert "overview" not in index
    text = _page_text(index)
    assert f"“{QUOTE}”" in text and "10^4 tce" not in text and not re.search(r"(?i)\bnan\b", text)
