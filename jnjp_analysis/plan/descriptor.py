"""A plan package's descriptor checked for shape before it is read (:func:`check_descriptor_shape`), and
the copy of its text it declares (:func:`check_copy`, ``jnjp:copy``): never a traceback on a malformed one."""

from __future__ import annotations

from pathlib import Path

from jnjp_analysis.errors import PlanError
from jnjp_analysis.plan.definition import PACING_RULES

PLAN_KEY = "jnjp:plan"  # as plan.load's


def check_descriptor_shape(dp: Path, desc: object) -> None:
    """A descriptor is a JSON object whose ``resources`` is a list of objects and whose ``jnjp:plan`` is an
    object with labels and period names of text (never a traceback on a malformed one).

    Parameters
    ----------
    dp : Path
        The descriptor's path, for the message.
    desc : object
        The parsed JSON.

    Raises
    ------
    PlanError
        Naming the field.
    """
    if not isinstance(desc, dict):
        raise PlanError(f"{dp}: the descriptor must be a JSON object, got {type(desc).__name__}")
    res = desc.get("resources", [])
    if not isinstance(res, list) or not all(isinstance(r, dict) for r in res):
        raise PlanError(f"{dp}: 'resources' must be a list of objects (name, path, …)")
    d = desc.get(PLAN_KEY)
    if not isinstance(d, dict):
        return  # said by the caller
    labels = d.get("labels", {})
    if not isinstance(labels, dict) or not all(
            isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items())
            for v in labels.values()):
        raise PlanError(f"{dp}: '{PLAN_KEY}.labels' must be {{language: {{key: text}}}}, every value a text")
    pn = d.get("period_name", {})
    if not isinstance(pn, dict) or not all(isinstance(v, str) for v in pn.values()):
        raise PlanError(f"{dp}: '{PLAN_KEY}.period_name' must be {{language: text}}")
    seed = d.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**32):
        raise PlanError(f"{dp}: '{PLAN_KEY}.seed' must be a whole number from 0 to 2^32 - 1 (the Monte Carlo seed of "
                        f"the plan's pages), got {str(seed)[:40]!r}")
    rule = d.get("pacing_rule")
    if rule is not None and rule not in PACING_RULES:
        raise PlanError(f"{dp}: '{PLAN_KEY}.pacing_rule' {str(rule)[:40]!r}: give one of {', '.join(PACING_RULES)}")
    for k in ("title", "title_en", "issuer", "document_number", "level", "reader_note"):
        if k in d and d[k] is not None and not isinstance(d[k], str):
            raise PlanError(f"{dp}: '{PLAN_KEY}.{k}' must be a text, got {type(d[k]).__name__}")
    text_res: dict = next((r for r in res if r.get("name") == "plan"), {})
    if COPY_KEY in text_res:
        check_copy(dp, text_res[COPY_KEY])


COPY_KEY = "jnjp:copy"  # on the 'plan' resource: what kind of copy of the plan the package holds
COPY_KINDS = ("official", "reproduction", "repost", "summary", "excerpt")


def check_copy(dp: Path, copy: object) -> None:
    """The ``jnjp:copy`` of a package's text: what kind of copy it is, where it was found and what of the plan
    it does not show (a plan may be had only as a repost, a news summary or an excerpt).

    Parameters
    ----------
    dp : Path
        The descriptor's path, for the message.
    copy : object
        ``{"kind": one of COPY_KINDS, "host": text, "host_zh": text, "url": http(s) address, "not_visible": text,
        "not_visible_zh": text, "note": text}``; ``not_visible`` (in English; ``not_visible_zh`` in Chinese for the
        Chinese pages) is required for every kind but ``official`` (say what part of the plan is not in the copy);
        ``host_zh`` says the host in Chinese for the Chinese pages.

    Raises
    ------
    PlanError
        Naming the field.
    """
    where = f"{dp}: resource 'plan', '{COPY_KEY}'"
    if not isinstance(copy, dict):
        raise PlanError(f"{where} must be an object {{kind, host, url, not_visible, note}}")
    unknown = set(copy) - {"kind", "host", "host_zh", "url", "not_visible", "not_visible_zh", "note"}
    if unknown:
        raise PlanError(f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))[:120]}")
    if copy.get("kind") not in COPY_KINDS:
        raise PlanError(f"{where}.kind {str(copy.get('kind'))[:40]!r}: give one of {', '.join(COPY_KINDS)}")
    for k in ("host", "host_zh", "url", "not_visible", "not_visible_zh", "note"):
        if k in copy and not isinstance(copy[k], str):
            raise PlanError(f"{where}.{k} must be a text")
    if not copy.get("host") or not str(copy.get("url", "")).startswith(("http://", "https://")):
        raise PlanError(f"{where}: give the 'host' and the 'url' (http or https) where the copy was found")
    if copy["kind"] != "official" and not copy.get("not_visible", "").strip():
        raise PlanError(f"{where}.not_visible: a {copy['kind']} must say what part of the plan it does not show")
