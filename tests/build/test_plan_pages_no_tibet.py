"""The pages of a plan that is not Tibet's speak of that plan only (issue 28): a build of the INVENTED
fixture tests/plans/synthetic-kinds (2020 → 2025, pollutant cuts, no caps) holds no word of Tibet,
of its 13th plan, of its base year, of its notice's date as a seed (20180403) or of the 2020
barometer (发改办环资〔2020〕901号) in any page, key-figures file or data bundle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pages import TIBET_WORDS, YEAR_2015, built_texts

pytestmark = pytest.mark.slow

KINDS = Path(__file__).parents[1] / "plans" / "synthetic-kinds"



@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> dict[str, str]:
    return built_texts(KINDS, tmp_path_factory.mktemp("kinds") / "reports")


def test_no_word_of_tibet_on_another_plans_pages(texts):
    assert any(n.endswith("_data.zip/provenance.json") for n in texts)
    for name, text in texts.items():
        for w in TIBET_WORDS:
            assert w not in text, (name, w)
        assert not YEAR_2015.search(text), name


def test_a_plan_without_caps_names_none_and_its_pacing_rule_is_the_even_pace(texts):
    en = texts["jia_en.html"]
    assert "pollutant caps" not in en  # the fixture cuts its pollutants: it caps none
    assert "the even pace to the target year" in en
    # not the default plan's record path: a user's folder has its own record
    assert "data/plans/synthetic-kinds/records" not in en
