"""Labels and texts in 中文 (``zh``) and English (``en``) for charts, tables and briefings.

The texts are data: one catalogue per language, ``jnjp_analysis/locale/<lang>.toml`` (package data),
a key per line, read once (:func:`catalogue`). Both catalogues hold the same keys, with the same
``{placeholders}`` (tests/unit/test_i18n_catalogues.py checks it).

With the environment variable ``JNJP_I18N_KEYS=1`` (or ``jnjp build --show-keys``), :func:`t` returns
each text followed by its key, ``"text【key】"``, so that a maintainer finds where a sentence comes from
(lenticular brackets: the pages' and the charts' CJK font has them).
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import resources

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import WHOLE_WORD_DEFAULT

LANGS = ("zh", "en")
# the environment variable that makes t() show each text's key beside it (a debug build)
SHOW_KEYS_ENV = "JNJP_I18N_KEYS"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The texts of ``lang``, key → text, as its catalogue ``locale/<lang>.toml`` holds them (read once).

    Parameters
    ----------
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    dict of str to str
        Every key of the catalogue and its text, in the catalogue's order (do not modify: it is shared).

    Raises
    ------
    JnjpError
        For an unknown language, or a catalogue that is not valid TOML or holds a value that is not a string.
    """
    check_lang(lang)
    path = resources.files("jnjp_analysis") / "locale" / f"{lang}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise JnjpError(f"the text catalogue locale/{lang}.toml is not valid TOML: {e}") from None
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        raise JnjpError(f"the text catalogue locale/{lang}.toml: {bad[0]!r} is not a string")
    return data


def show_keys() -> bool:
    """Whether :func:`t` shows each text's key beside it (the environment variable ``JNJP_I18N_KEYS`` is set
    to anything but ``""`` or ``"0"``).

    Returns
    -------
    bool
        True in a debug build that shows the keys.
    """
    return os.environ.get(SHOW_KEYS_ENV, "") not in ("", "0")


# The placeholders a plan fills (jnjp_analysis.plan.Plan.words): a label with one of them needs ``plan=``.
PLAN_WORDS = frozenset({"base", "target", "first", "T", "span", "period", "region", "title", "source_title", "issued",
                        "plan_id", "whole", "unit_word", "units_word", "Unit_word", "energy_table", "Energy_table",
                        "pollutant_table", "Pollutant_table", "tables", "regional_no", "pacing_no", "warning_no",
                        "assessment_no", "T_word", "record_context", "topic", "warning_paren", "assessment_paren",
                        "regional_ref", "regional_of", "Whole", "whole_adj", "Whole_adj"})
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[}:!]")


def t(key: str, lang: str = "zh", *, plan: object = None, **fmt: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``fmt``.

    Parameters
    ----------
    key : str
        The label's key, e.g. ``"unit_energy"`` or ``"cap_intensity"``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan or None, optional
        The plan whose words (:meth:`Plan.words`: its years, period, region, tables and clauses) fill
        the label's plan placeholders; ``fmt`` wins over them.
    **fmt : object
        Values for the label's other ``{placeholders}`` (:meth:`str.format`); without any (and no
        plan), the text is returned as stored (braces and all).

    Returns
    -------
    str
        The text in ``lang`` (followed by ``【key】`` where :func:`show_keys`).

    Raises
    ------
    JnjpError
        For an unknown language.
    KeyError
        For an unknown key (``no label 'key'``), a placeholder ``fmt`` does not fill, or a plan
        placeholder without ``plan``.
    """
    check_lang(lang)
    try:
        text = catalogue(lang)[key]
    except KeyError:
        raise KeyError(f"no label {key!r}") from None
    if plan is not None:
        fmt = {**plan_words(plan, lang), **fmt}
    elif not fmt and any(m in PLAN_WORDS for m in _FIELD.findall(text)):
        raise KeyError(f"label {key!r} has the plan's words: give plan=")
    out = text.format(**fmt) if fmt else text
    return f"{out}【{key}】" if show_keys() else out


# what the plan's word for its whole area makes as an adjective ("regional caps", "provincial caps"); a
# word not here is used as it is ("the municipality caps"), or the plan's label ``whole_adj`` says it
_WHOLE_ADJ = {"region": "regional", "autonomous region": "regional", "province": "provincial",
              "municipality": "municipal", "prefecture": "prefectural", "city": "city", "county": "county",
              "state": "state", "nation": "national", "country": "national"}


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def plan_words(plan: object, lang: str) -> dict[str, object]:
    """The plan's words (:meth:`Plan.words`) with the forms the templates make of its word for the
    whole area (``whole``: 全区, "province"; "region" in English where the plan gives none):
    ``Whole`` (capitalised: "Province"), ``whole_adj`` (its adjective: "provincial"; the label
    ``whole_adj`` where the plan gives one, else the word itself for a word without a known adjective)
    and ``Whole_adj`` ("Provincial").

    Parameters
    ----------
    plan : Plan
        The plan.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    dict
        ``plan.words(lang)`` and the three forms (strings as given, not escaped).
    """
    words = dict(plan.words(lang))  # type: ignore[attr-defined]
    whole = words.get("whole")
    whole = whole.strip() if isinstance(whole, str) and whole.strip() else WHOLE_WORD_DEFAULT[lang]
    adj = words.get("whole_adj")
    adj = adj.strip() if isinstance(adj, str) and adj.strip() else _WHOLE_ADJ.get(whole.lower(), whole)
    words.update(whole=whole, Whole=_capital(whole), whole_adj=adj, Whole_adj=_capital(adj))
    return words


def texts() -> list[str]:
    """Every label and text in both languages (to know which characters a page or widget may show).

    Returns
    -------
    list of str
        The Chinese and the English text of every label, in key order.
    """
    zh, en = catalogue("zh"), catalogue("en")
    return [x for k in zh for x in (zh[k], en.get(k, ""))]


def has(key: str) -> bool:
    """Whether there is a label ``key``.

    Parameters
    ----------
    key : str
        The label's key.

    Returns
    -------
    bool
        True if :func:`t` knows ``key`` (in both languages).
    """
    return key in catalogue("zh") and key in catalogue("en")


def scenario_label(name: str, lang: str = "zh") -> str:
    """A scenario's display name in ``lang``: its label ``sc_<name>`` for a shipped scenario, else the name.

    Parameters
    ----------
    name : str
        The scenario name as in the scenario file, e.g. ``"central"``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The label, or ``name`` unchanged for a user's scenario without one (not escaped: pass it
        through :func:`display.escape` before it reaches Markdown).

    Raises
    ------
    JnjpError
        For an unknown language, where ``name`` has a label (a name without one is returned
        unchecked).
    """
    key = f"sc_{name}"
    return t(key, lang) if has(key) else name


def check_lang(lang: str) -> str:
    """Check that ``lang`` is a language the texts are in (``"zh"`` or ``"en"``).

    Parameters
    ----------
    lang : str
        The language code to check.

    Returns
    -------
    str
        ``lang`` unchanged.

    Raises
    ------
    JnjpError
        For any other value, naming the valid ones.
    """
    if lang not in LANGS:
        raise JnjpError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang
