"""The text catalogues (jnjp_analysis/locale/zh.toml, en.toml): every key used, in both languages, with
the same placeholders, no English "region" where the plan has its own word; and the debug mode that
shows each text's key. Each check is a function of a catalogue, run on the shipped ones and shown
failing on a broken copy."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from jnjp_analysis import i18n
from jnjp_analysis.model.pacing import REASON_CODES, VERDICT_TRIGGERS, VERDICTS

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "jnjp_analysis"
FOURY = Path(__file__).parents[1] / "plans" / "synthetic-4y"  # an invented plan whose whole area is a "province"

# keys the code builds from a code: prefix -> the codes (checked against the model's lists)
CODE_KEYS = {"reason_": (*REASON_CODES, "on_schedule"), "trigger_": VERDICT_TRIGGERS}


def _source() -> str:
    files = [*PKG.rglob("*.py"), *PKG.rglob("*.j2"), ROOT / "scripts" / "make_notebooks.py"]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def unused_keys(keys: list[str], source: str) -> list[str]:
    """The keys no code names: neither as a string literal, nor by a prefix the code completes
    (``f"pol_{slug}"``, ``"verdict_" + code``); a key of :data:`CODE_KEYS`' prefixes must be one of its codes."""
    literals = set(re.findall(r'"([^"\n]+)"', source)) | set(re.findall(r"'([^'\n]+)'", source))
    prefixes = set(re.findall(r"""f["']([A-Za-z_]\w*?_)\{""", source)) | set(re.findall(r"""["']([A-Za-z_]\w*_)["']\s*\+""", source))
    out = []
    for k in keys:
        if k in literals:
            continue
        coded = [p for p in CODE_KEYS if k.startswith(p)]
        if coded:
            if k[len(coded[0]):] not in CODE_KEYS[coded[0]]:
                out.append(k)
        elif k.startswith("verdict_"):
            if k[len("verdict_"):] not in VERDICTS:
                out.append(k)
        elif not any(k.startswith(p) for p in prefixes):
            out.append(k)
    return out


def one_language_keys(zh: dict[str, str], en: dict[str, str]) -> list[str]:
    return sorted(set(zh) ^ set(en))


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# placeholders one language leaves out on purpose (the caller passes both): English says "the rule" where
# Chinese says the rule's name; English adds "of a unit" (a unit's sum) and the Chinese name beside the English one
ONE_LANGUAGE_ONLY = {("rec_no_energy", "rule"), ("rec_no_energy", "the_rule"), ("find_sum", "unit_of"),
                     ("find_partial-sum", "unit_of"), ("brief_title", "name_zh"),
                     ("brief_title_carbon", "name_zh")}  # the English title adds the Chinese name


def placeholder_mismatches(zh: dict[str, str], en: dict[str, str]) -> list[str]:
    """Keys whose texts do not have the same {placeholders} in both languages: the values the code passes.
    The plan's words (:data:`i18n.PLAN_WORDS`: ``{whole}``, ``{Whole_adj}``, ``{unit_word}``, ``{units_word}``…)
    follow each language's grammar and may differ; :data:`ONE_LANGUAGE_ONLY` lists the deliberate others."""
    def code_fields(k: str, text: str) -> set[str]:
        return {f for f in _fields(text) if f not in i18n.PLAN_WORDS and (k, f) not in ONE_LANGUAGE_ONLY}
    return [k for k in zh if k in en and code_fields(k, zh[k]) != code_fields(k, en[k])]


class _Open(dict):
    def __missing__(self, k: str) -> str:
        return ""  # a value the page puts in (not a plan word)


def says_region(en: dict[str, str], words: dict[str, object]) -> dict[str, str]:
    """English texts that say "region"/"regional" once the plan's words (a plan whose word is not
    "region") are filled in: a text must say the plan's word through {whole} and its forms."""
    said = {}
    for key, text in en.items():
        filled = string.Formatter().vformat(re.sub(r"\{(\w+):[^}]*\}", r"{\1}", text), (), _Open(words))
        if re.search(r"\b[Rr]egion(al)?\b", filled):
            said[key] = filled
    return said


@pytest.fixture(scope="module")
def province_words() -> dict[str, object]:
    from jnjp_analysis.plan.load import load

    words = i18n.plan_words(load(FOURY), "en")
    assert words["whole"] == "province"  # the fixture's own word (labels.en.whole)
    return words


# -- the shipped catalogues pass ---------------------------------------------------------------

def test_every_key_is_used():
    assert unused_keys(list(i18n.catalogue("zh")), _source()) == []


def test_every_key_is_in_both_languages():
    assert one_language_keys(i18n.catalogue("zh"), i18n.catalogue("en")) == []


def test_both_languages_have_the_same_placeholders():
    assert placeholder_mismatches(i18n.catalogue("zh"), i18n.catalogue("en")) == []


def test_no_english_text_says_region_where_the_plan_has_its_own_word(province_words):
    assert says_region(i18n.catalogue("en"), province_words) == {}


# -- and each check fails on a broken catalogue --------------------------------------------------

def test_an_unused_key_is_found():
    zh = dict(i18n.catalogue("zh"))
    zh["no_code_says_this_key"] = "没有代码引用"
    zh["reason_not_a_pacing_code"] = "不是进度原因代码"  # reason_ keys must be pacing's codes
    zh["verdict_not_a_verdict"] = "不是判断"
    assert unused_keys(list(zh), _source()) == ["no_code_says_this_key", "reason_not_a_pacing_code",
                                                "verdict_not_a_verdict"]


def test_a_key_in_one_language_only_is_found():
    zh, en = dict(i18n.catalogue("zh")), dict(i18n.catalogue("en"))
    del en["yes"]
    zh["zh_only"] = "只有中文"
    assert one_language_keys(zh, en) == ["yes", "zh_only"]


def test_a_placeholder_missing_in_one_language_is_found():
    zh, en = dict(i18n.catalogue("zh")), dict(i18n.catalogue("en"))
    en["intensity_title"] = "energy intensity path"  # zh: "{name}：单位GDP能耗路径"
    zh["implied_growth"] = "隐含增速"  # en: "implied growth {g:.1f}%"
    assert placeholder_mismatches(zh, en) == ["intensity_title", "implied_growth"]


def test_an_english_region_is_found(province_words):
    en = dict(i18n.catalogue("en"))
    en["regional_cap"] = "Regional cap"  # instead of "{Whole_adj} cap"
    en["region"] = "the region"
    assert sorted(says_region(en, province_words)) == ["region", "regional_cap"]


def test_a_broken_catalogue_file_is_named(monkeypatch, tmp_path):
    """The loader reads the package's file: a value that is not a string is an error naming the file."""
    (tmp_path / "locale").mkdir()
    (tmp_path / "locale" / "en.toml").write_text('"yes" = 1\n', encoding="utf-8")
    monkeypatch.setattr(i18n.resources, "files", lambda _pkg: tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(i18n.JnjpError, match=r"locale/en.toml: 'yes' is not a string"):
            i18n.catalogue("en")
    finally:
        i18n.catalogue.cache_clear()


# -- the catalogues are package data -----------------------------------------------------------

def test_the_catalogues_go_into_the_wheel():
    import tomllib

    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "locale/*.toml" in py["tool"]["setuptools"]["package-data"]["jnjp_analysis"]
    assert sorted(p.name for p in (PKG / "locale").glob("*.toml")) == sorted(f"{lang}.toml" for lang in i18n.LANGS)


# -- the debug mode: each text with its key ------------------------------------------------------

def test_the_debug_mode_shows_each_texts_key(monkeypatch):
    monkeypatch.delenv(i18n.SHOW_KEYS_ENV, raising=False)
    assert i18n.t("verdict_on_schedule", "en") == "on schedule"
    monkeypatch.setenv(i18n.SHOW_KEYS_ENV, "1")
    assert i18n.t("verdict_on_schedule", "en") == "on schedule【verdict_on_schedule】"
    assert i18n.t("verdict_on_schedule", "zh") == "进度均衡【verdict_on_schedule】"
    monkeypatch.setenv(i18n.SHOW_KEYS_ENV, "0")
    assert i18n.t("verdict_on_schedule", "en") == "on schedule"


def test_jnjp_build_show_keys_sets_the_debug_mode(monkeypatch):
    """`jnjp build --show-keys` turns the debug mode on for the build (and its kernels, which inherit it)."""
    import os

    from jnjp_analysis import cli
    from jnjp_analysis.build import runner

    monkeypatch.delenv(i18n.SHOW_KEYS_ENV, raising=False)
    seen = {}
    monkeypatch.setattr(runner, "main", lambda args: seen.setdefault("env", os.environ.get(i18n.SHOW_KEYS_ENV)) and 0)
    args = cli.build_parser().parse_args(["build", "--show-keys"])
    args.func(args)
    assert seen["env"] == "1"
    assert i18n.SHOW_KEYS_ENV not in os.environ  # and off again after the build: nothing leaks into later calls


def test_a_debug_build_is_not_served_from_the_cache_of_a_normal_one(monkeypatch):
    from jnjp_analysis.build import cache
    from jnjp_analysis.config import BRIEFING_NB

    monkeypatch.delenv(i18n.SHOW_KEYS_ENV, raising=False)
    plain = cache.inputs(str(BRIEFING_NB), {"unit": "lhasa", "lang": "en"}, "lhasa")
    monkeypatch.setenv(i18n.SHOW_KEYS_ENV, "1")
    keys = cache.inputs(str(BRIEFING_NB), {"unit": "lhasa", "lang": "en"}, "lhasa")
    assert cache.key_of(plain) != cache.key_of(keys)
