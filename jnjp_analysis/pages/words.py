"""The codes of the model and the records said in words (:mod:`jnjp_analysis.i18n`): the model and the
records return codes (pacing's ``reason_codes`` and verdict, the warning list's flags, a finding's
``code`` and ``args``); the pages, here, turn them into sentences in either language.

The data bundles keep the English sentences 0.1.0 wrote into them (pacing's ``reason``, the
assessment's ``reason``, the warning list's ``why``, a record warning's ``message``): :func:`with_pacing_reasons`,
:func:`with_assessment_reasons`, :func:`with_warning_why` and :func:`with_message` add them; the terminal
(``jnjp record check``) says a record warning with the same words.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from jnjp_analysis.i18n import has, t
from jnjp_analysis.model.pacing import REASON_CODES
from jnjp_analysis.plan.load import load as load_plan
from jnjp_analysis.records.assessment import known, row_field
from jnjp_analysis.records.record import Finding
from jnjp_analysis.records.schema import PlanLike, indicators, unit_keys, unit_name

REASONS = {c: f"reason_{c}" for c in REASON_CODES}  # a pacing reason code -> its i18n key


def reason_text(codes: list[str] | tuple[str, ...], lang: str = "en", *, plan: PlanLike | None = None,
                target: int | None = None) -> str:
    """Why a light is not green (pacing's ``reason_codes``) in ``lang``: "on schedule" for none.

    Parameters
    ----------
    codes : list of str
        Keys of :data:`REASONS` (:data:`pacing.REASON_CODES`).
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None
        The plan (its target year is in the cap's reason).
    target : int or None
        The target year, where no plan is given (a table of :func:`pacing.check` holds it in ``attrs``).

    Returns
    -------
    str
        The reasons joined by the language's semicolon (plain text).
    """
    if not codes:
        return t("reason_on_schedule", lang)
    fill: dict[str, Any] = {"plan": load_plan(plan)} if target is None else {"target": int(target)}
    return t("semi_sep", lang).join(t(REASONS[c], lang, **fill) for c in codes)


def _codes(cell: object) -> list[str]:
    return [c for c in str(cell).split(";") if c] if isinstance(cell, str) else []


def _insert(table: pd.DataFrame, name: str, values: list[str], before: str) -> pd.DataFrame:
    """``table`` with the column ``name`` where ``before`` is (at the end where there is none)."""
    out = table.copy()
    at = list(out.columns).index(before) if before in out.columns else len(out.columns)
    out.insert(at, name, values)
    return out


def with_pacing_reasons(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table of :func:`pacing.check` with its reasons in words, column ``reason`` before ``reason_codes``
    (the data bundles' ``chart_pacing`` and ``record_pacing``: English, as 0.1.0 wrote them).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`pacing.check`'s table (``attrs["target_year"]`` names the cap).
    lang : str, default "en"
        ``"zh"`` or ``"en"``.

    Returns
    -------
    pandas.DataFrame
        A copy with the column ``reason`` ("on schedule" where green).
    """
    target = table.attrs.get("target_year")
    reasons = [reason_text(_codes(c), lang, target=target) for c in table["reason_codes"]]
    return _insert(table, "reason", reasons, "reason_codes")


def with_assessment_reasons(table: pd.DataFrame, *, plan: PlanLike | None = None) -> pd.DataFrame:
    """A table of :func:`assessment.assessment` with the reason of each light in words (English, the data
    bundles' ``assessment_<year>``), column ``reason`` in place of ``why``: pacing's reasons for a rated
    unit, "not rateable: <why>" for light "none".

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`assessment.assessment`'s table.
    plan : Plan, str, path-like or None
        The plan (its target year is in the cap's reason).

    Returns
    -------
    pandas.DataFrame
        A copy with ``reason`` where ``why`` was.
    """
    reasons = [f"not rateable: {why}" if light == "none" else reason_text(_codes(codes), "en", plan=plan)
               for light, why, codes in zip(table["light"], table["why"], table["reason_codes"])]
    return _insert(table, "reason", reasons, "why").drop(columns="why")


def warning_why(row: Any, lang: str = "en", *, plan: PlanLike | None = None) -> str:
    """Why a unit is on the early-warning list (a row of :func:`warning.early_warning`), in ``lang``.

    From the row's flags: "consumption growing too fast" (with "(above the <target year> cap)" where
    it was exceeded), "intensity progress behind schedule" (with "(intensity rose)"), "target
    implausible from <year>", joined by the language's semicolon.

    Parameters
    ----------
    row : pandas.Series, mapping or named tuple
        A row of :func:`warning.early_warning` (``too_fast``, ``cap_exceeded``, ``behind``,
        ``intensity_rose``, ``implausible_from``), e.g. from ``DataFrame.itertuples()``.
    lang : str
        ``"en"`` or ``"zh"``.
    plan : Plan, str, path-like or None
        The plan (its target year names the cap).

    Returns
    -------
    str
        The sentence (plain text).
    """
    pl = load_plan(plan)
    parts = []
    if row_field(row, "too_fast"):
        parts.append(t("ew_fast", lang) + (t("ew_cap", lang, plan=pl) if row_field(row, "cap_exceeded") else ""))
    if row_field(row, "behind"):
        parts.append(t("ew_behind", lang) + (t("ew_rose", lang) if row_field(row, "intensity_rose") else ""))
    imp = row_field(row, "implausible_from")
    if known(imp):
        parts.append(t("ew_implausible", lang, year=int(imp)))
    return t("semi_sep", lang).join(parts)


def with_warning_why(table: pd.DataFrame, *, plan: PlanLike | None = None) -> pd.DataFrame:
    """The early-warning list (:func:`warning.early_warning`) with why in words (English, the data
    bundles' ``early_warning``), column ``why`` before ``basis``.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`warning.early_warning`'s table.
    plan : Plan, str, path-like or None
        The plan (its target year names the cap).

    Returns
    -------
    pandas.DataFrame
        A copy with the column ``why``.
    """
    return _insert(table, "why", [warning_why(r, "en", plan=plan) for r in table.itertuples()], "basis")


def finding_text(f: Finding, lang: str, *, plan: PlanLike | None = None) -> str:
    """A record finding's sentence in ``lang`` (plain text: escape it where a page shows it). Units and
    indicators by their names in that language; a finding without an i18n sentence keeps its message.

    Parameters
    ----------
    f : Finding
        The finding.
    lang : str
        ``"zh"`` or ``"en"``.
    plan : Plan, str, path-like or None
        The plan of the record it is about (see :func:`get_plan`).

    Returns
    -------
    str
        The sentence, plain text.
    """
    key = f"find_{f.code}"
    if not has(key):
        return f.message
    pl = load_plan(plan)
    ind = indicators(pl).get(f.indicator or "")
    full = {"unit": unit_name(f.unit, lang, plan=pl) if f.unit in unit_keys(pl) else (f.unit or ""),
            "indicator": ind.label(lang) if ind else (f.indicator or ""),
            "year": "" if f.year is None else str(f.year), **dict(f.args or ())}
    if "names" in full:
        full["names"] = t("comma_sep", lang).join(unit_name(u, lang, plan=pl) for u in str(full["names"]).split(", "))
    return t(key, lang, plan=pl, **full)


def finding_message(f: Finding, *, plan: PlanLike | None = None) -> str:
    """A finding's English sentence as the terminal (``jnjp record check``) and the data bundle's
    ``record_warnings`` state it: a record warning's ``find_<code>`` with the unit's slug and the
    indicator's name as the record writes them (the words 0.1.0 wrote); a finding that carries its own
    message (an error, a plan form's finding) keeps it.

    Parameters
    ----------
    f : Finding
        The finding.
    plan : Plan, str, path-like or None
        The plan of the record it is about (see :func:`get_plan`): its words fill the sentence.

    Returns
    -------
    str
        The sentence, plain text.
    """
    key = f"find_{f.code}"
    if f.message or not has(key):
        return f.message
    full = {"unit": f.unit or "", "indicator": f.indicator or "", "year": "" if f.year is None else str(f.year),
            **dict(f.args or ())}
    return t(key, "en", plan=load_plan(plan), **full)


def with_message(f: Finding, *, plan: PlanLike | None = None) -> Finding:
    """The finding with its English sentence (:func:`finding_message`) as ``message``, for ``str()`` and
    :meth:`Finding.as_dict` in the terminal and the data bundle.

    Parameters
    ----------
    f : Finding
        The finding.
    plan : Plan, str, path-like or None
        The plan of the record it is about.

    Returns
    -------
    Finding
        ``f`` itself if it has a message, else a copy with one.
    """
    return f if f.message else replace(f, message=finding_message(f, plan=plan))
