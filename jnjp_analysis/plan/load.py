"""Load a plan package (``data/plans/<plan-id>/``) into a frozen :class:`~.definition.Plan`.

A package is a Frictionless Data Package: ``datapackage.json`` (provenance, the text's SHA-256 and,
under ``jnjp:plan``, the plan's definition), the text byte for byte, ``units.csv``, ``catalogue.csv``,
``scenarios.csv`` and ``records/``. Its unit targets come from one of two places, as the descriptor
says (``jnjp:plan.reader``):

* ``"tables"``: ``targets.csv``, one row per unit × indicator with the literal ``value_text`` as
  printed and the ``source_line`` it is on; the line must contain the value text and the value must
  be the number it states (re-checked on every load);
* a reader module named for one plan (``"xizang_13fyp"``: :mod:`jnjp_analysis.plan.xizang_13fyp`),
  which parses the tables from the text itself.
"""

from __future__ import annotations

import math
import os
import re
import types
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from jnjp_analysis import files
from jnjp_analysis.config import DEFAULT_PLAN, PLANS_DIR
from jnjp_analysis.errors import CatalogueError, JnjpError, PlanError
from jnjp_analysis.plan import annual_targets, rules, statistics
from jnjp_analysis.plan import text as plan_text
from jnjp_analysis.plan.definition import (
    DEFAULT_CONTROLS,
    EXEMPTIONS,
    POLLUTANT_KINDS,
    REGION,
    TARGET_KINDS,
    Control,
    Plan,
    Pollutant,
    Unit,
    UnitTargets,
)
from jnjp_analysis.plan.descriptor import check_descriptor_shape
from jnjp_analysis.plan.kinds import KINDS
from jnjp_analysis.plan.kinds import columns as kind_columns
from jnjp_analysis.plan.unit_targets import UNIT_FIELDS

PLAN_KEY = "jnjp:plan"
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# a unit's slug names its pages (<slug>_zh.html): never the region's, the overview's or the index's
RESERVED_SLUGS = (REGION, "overview", "index")
# targets.csv indicators of energy double control: the intensity cut every unit has, and the base and increment
# of a numeric total (a total stated in words or absent has none, and refuses them)
ENERGY_INDICATORS = tuple(c.name for k in ("intensity_cut", "total_increment") for c in KINDS[k].columns if c.required)
# targets.csv indicators of the other columns of the registry's kinds (the incentive level, the carbon targets,
# and any kind registered since), by kind; "<pollutant>_cap_10k_t" / "_cut_pct" are the pollutants'
KIND_INDICATORS = {name: s.kind for name, (s, c) in kind_columns().items() if name not in ENERGY_INDICATORS}


def plan_ids() -> list[str]:
    """The ids of the plans shipped with the package (folders of ``data/plans/`` with a descriptor).

    Returns
    -------
    list of str
        Sorted plan ids, e.g. ``["xizang-13fyp"]``.
    """
    if not PLANS_DIR.is_dir():
        return []
    return sorted(d.name for d in PLANS_DIR.iterdir() if (d / "datapackage.json").is_file())


def folder_of(plan: str | os.PathLike | None = None) -> Path:
    """The package folder a ``--plan`` value means: a shipped plan's id, or a folder's path.

    Parameters
    ----------
    plan : str or path-like, optional
        An id of :func:`plan_ids`, or the path of a folder holding ``datapackage.json``; None for
        the default plan (Tibet's 13th Five-Year plan).

    Returns
    -------
    pathlib.Path
        The folder, resolved.

    Raises
    ------
    PlanError
        If it is neither a shipped plan's id nor a folder with a ``datapackage.json``.
    """
    key = DEFAULT_PLAN if plan is None else plan
    name = os.fspath(key)  # a shipped plan's id whether it comes as text or as a path (argparse's type=Path)
    if isinstance(name, str) and _PLAN_ID.match(name) and (PLANS_DIR / name / "datapackage.json").is_file():
        return (PLANS_DIR / name).resolve()
    p = Path(key)
    if (p / "datapackage.json").is_file():
        return p.resolve()
    raise PlanError(f"plan {str(key)[:200]!r}: neither a shipped plan ({', '.join(plan_ids()) or 'none'}) nor a "
                    "folder with a datapackage.json; see `jnjp plan list`")


def load(plan: str | os.PathLike | Plan | None = None) -> Plan:
    """Load a plan package, verifying its text and checking its tables against it.

    Loaded once per process and package state (a changed file is read afresh).

    Parameters
    ----------
    plan : str, path-like or Plan, optional
        A shipped plan's id (``"xizang-13fyp"``, the default) or a package folder; a Plan is
        returned as it is.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    PlanError
        If the descriptor, units, pollutants or targets are malformed (naming file, row, field).
    SourceHashError
        If the text is not the one its descriptor records (unless JNJP_ALLOW_MODIFIED_SOURCE=1).
    CatalogueError
        If a target's value text is not on its line, or its value differs from what it says.
    """
    if isinstance(plan, Plan):
        return plan
    folder = folder_of(plan)
    refuse_links(folder)
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.iterdir()) if f.is_file())
    return _load(str(folder), stamp, plan_text.allow_modified_source())


def required(plan: str | os.PathLike | Plan | None, name: str = "plan") -> Plan:
    """:func:`load` of a plan a function below the pages was given: there a plan is required, never defaulted.

    Parameters
    ----------
    plan : str, path-like or Plan
        A Plan (returned as it is), a shipped plan's id or a package folder.
    name : str
        The parameter's name, for the message.

    Returns
    -------
    Plan
        The plan.

    Raises
    ------
    JnjpError
        If ``plan`` is None (the message names the parameter); PlanError as :func:`load`.
    """
    if plan is None:
        raise JnjpError(f"{name} is required: pass the Plan (jnjp.load_plan(\"xizang-13fyp\")), a shipped plan's id "
                        f"or a plan package folder; only the pages, the build and jnjp.load_plan() choose the default plan")
    return load(plan)


def refuse_links(folder: Path) -> None:
    """Refuse a package that holds a symbolic link (its own files and those of ``records/``): a package is
    a folder someone may send, and nothing outside it is read, not even a line quoted back in an error.

    Parameters
    ----------
    folder : Path
        The package folder (itself possibly reached through a link: that is the user's choice).

    Raises
    ------
    PlanError
        Naming the link.
    """
    for d in (folder, folder / "records"):
        if d is not folder and d.is_symlink():
            raise PlanError(f"{d}: a symbolic link in the plan package; a package holds its own files (copy them in)")
        if not d.is_dir():
            continue
        for f in sorted(d.iterdir()):
            if f.is_symlink():
                raise PlanError(f"{f}: a symbolic link in the plan package (to {'a file outside it' if not _within(f, folder) else 'another file'}); "
                                "a package holds its own files, nothing outside it is read (copy the file in)")


def _within(link: Path, folder: Path) -> bool:
    try:
        link.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


@lru_cache(maxsize=16)
def _load(folder_s: str, _stamp: tuple, _allowed: bool) -> Plan:
    import json

    folder = Path(folder_s)
    dp = folder / "datapackage.json"
    try:
        desc = json.loads(files.read_text(dp, "plan descriptor"))
    except json.JSONDecodeError as exc:
        raise PlanError(f"{dp}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    check_descriptor_shape(dp, desc)
    d = desc.get(PLAN_KEY)
    if not isinstance(d, dict):
        raise PlanError(f"{dp}: no '{PLAN_KEY}' object: the plan's definition (id, title, base_year, target_year, …)")

    T = TypeVar("T")

    def field(name: str, kind: type[T], default: object = ...) -> T:
        v = d.get(name, default)
        if v is ... or not isinstance(v, kind) or isinstance(v, bool):
            raise PlanError(f"{dp}: '{PLAN_KEY}.{name}' must be a {kind.__name__}, got {v!r}"[:300])
        return v

    pid = field("id", str)
    if not _PLAN_ID.match(pid) or pid != folder.name:
        raise PlanError(f"{dp}: '{PLAN_KEY}.id' {pid!r} must be the folder's name {folder.name!r} "
                        "(lower-case letters, digits, '-', '_', '.')")
    base, target = field("base_year", int), field("target_year", int)
    if not (1949 < base < target <= base + 15 and target < 2100):
        raise PlanError(f"{dp}: period {base}-{target}: need base_year < target_year within 15 years")
    reg = field("region", dict)
    region = Unit(REGION, str(reg.get("name", "")), str(reg.get("name_en", "")))
    if not region.name or not region.name_en:
        raise PlanError(f"{dp}: '{PLAN_KEY}.region' needs 'name' (as printed) and 'name_en'")
    pollutants: list[Pollutant] = []
    cut_pollutants: list[Pollutant] = []
    red_pollutants: list[Pollutant] = []
    for i, p in enumerate(field("pollutants", list, [])):
        if not (isinstance(p, dict) and isinstance(p.get("slug"), str) and _SLUG.match(p["slug"])
                and p.get("name") and p.get("name_en")):
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}]' needs slug (a-z, 0-9, _), name, name_en")
        kind = p.get("target", "cap")
        if kind not in POLLUTANT_KINDS:
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}].target' {str(kind)[:40]!r}: give one of "
                            f"{', '.join(POLLUTANT_KINDS)} (an absolute cap, a cut from the base year, or the "
                            "amount the key projects remove by the target year)")
        if any(q.slug == p["slug"] for q in (*pollutants, *cut_pollutants, *red_pollutants)):
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}]': pollutant {p['slug']!r} appears twice")
        {"cap": pollutants, "cut": cut_pollutants, "reduction": red_pollutants}[kind].append(
            Pollutant(p["slug"], str(p["name"]), str(p["name_en"])))
    controls = _controls(dp, d.get("controlled_indicators"))
    units = _units(folder / "units.csv")
    text_res = next((r for r in desc.get("resources", []) if r.get("name") == "plan"), None)
    if text_res is None or not isinstance(text_res.get("path"), str) or "/" in text_res["path"] \
            or "\\" in text_res["path"] or text_res["path"] in ("", ".", ".."):
        raise PlanError(f"{dp}: no resource named 'plan' with the text's file name as 'path'")
    text_file = folder / text_res["path"]
    text = plan_text.plan_text(text_file, desc)
    _check_words_quotes(dp, d.get("controlled_indicators"), controls, text)
    rep = rules.FirstError(str(dp))
    rules.check_period(rep, text, base, target, {"column": f"{PLAN_KEY}.base_year"},
                       {"column": f"{PLAN_KEY}.target_year"})
    reader = field("reader", str)
    cuts: tuple[tuple[str, str, float, int], ...] = ()
    reductions: tuple[tuple[str, str, float, int], ...] = ()
    words = rules.family_words((p.slug, p.name) for p in (*pollutants, *cut_pollutants, *red_pollutants))
    if reader == "tables":
        tables = read_tables(dp, d.get("tables"), text, pollutants, cut_pollutants, controls, words,
                             red_pollutants=red_pollutants)
        energy, caps, cuts, reductions = _tables(folder / "targets.csv", text, units, pollutants, base, target,
                                                 controls=controls, cut_pollutants=cut_pollutants, tables=tables,
                                                 words=words, red_pollutants=red_pollutants)
    elif reader == "xizang_13fyp":
        from jnjp_analysis.plan import xizang_13fyp

        if cut_pollutants or red_pollutants or any(c.scope == "units" and c not in DEFAULT_CONTROLS for c in controls) \
                or not any(c.kind == "total_increment" and c.stated == "number" for c in controls):
            raise PlanError(f"{dp}: the 'xizang_13fyp' reader reads Tibet's annexes only: intensity cut, "
                            "increment and caps; give unit targets of other kinds in targets.csv (reader 'tables')")
        energy, caps = xizang_13fyp.read(text, str(text_file), units, pollutants, base, target)
    else:
        raise PlanError(f"{dp}: '{PLAN_KEY}.reader' {reader!r}: give 'tables' (targets.csv) or 'xizang_13fyp'")
    regional = _regional(folder / "catalogue.csv", text, words)
    numeric_total = any(c.kind == "total_increment" and c.stated == "number" for c in controls)
    if not numeric_total and "energy_increment" in regional:
        raise PlanError(f"{folder / 'catalogue.csv'}: row energy_increment gives a number, but the plan states its "
                        f"total {'in words' if any(c.kind == 'total_increment' for c in controls) else 'not at all'} "
                        f"('{PLAN_KEY}.controlled_indicators'): no number is made up for it")
    energy_led = any(c.kind == "intensity_cut" for c in controls)  # a carbon-led plan has no energy intensity
    if energy_led and not numeric_total and len(units) > 1 and "energy_intensity" not in regional:
        raise PlanError(f"{folder / 'catalogue.csv'}: a plan without a numeric total and with several units needs "
                        "its regional energy-intensity target (row energy_intensity): there is no base to weight by")
    region_cuts = tuple((q.slug, regional[f"{q.slug}_cut"]) for q in cut_pollutants if f"{q.slug}_cut" in regional)
    carbon = next((c for c in controls if c.kind == "carbon_intensity_cut"), None)
    region_carbon = regional.get("carbon_intensity")
    if carbon is not None and carbon.scope == REGION:
        if region_carbon is not None:
            raise PlanError(f"{dp}: the regional carbon-intensity target is both in catalogue.csv and in "
                            f"'{PLAN_KEY}.controlled_indicators' (give it once)")
        region_carbon = carbon.region_value
    # the regional level of a kind without a Plan field of its own: its catalogue row, or its control of scope region
    region_values = {}
    for c in controls:
        sp = KINDS[c.kind]
        if sp.region_attr and sp.region_attr not in UNIT_FIELDS:
            v = c.region_value if c.scope == REGION else regional.get(sp.catalogue_id or "")
            if v is not None:
                region_values[sp.region_attr] = v
    return Plan(
        id=pid, title=str(field("title", str)), title_en=str(d.get("title_en", "")), issuer=str(d.get("issuer", "")),
        document_number=str(d.get("document_number", "") or ""), base_year=base, target_year=target,
        level=str(d.get("level", "unit")), region=region, units=units, pollutants=tuple(pollutants), folder=folder,
        text_file=text_file, descriptor=types.MappingProxyType(desc), energy=energy, caps=caps,
        region_intensity_cut=regional.get("energy_intensity"), cut_pollutants=tuple(cut_pollutants), cuts=cuts,
        controls=controls, region_incentive_cut=regional.get("energy_intensity_incentive"),
        region_increment_10k_tce=regional.get("energy_increment"),
        region_values=types.MappingProxyType(region_values),
        region_carbon_intensity_cut=region_carbon, region_cuts=region_cuts,
        annual_targets=(annual_targets.read(folder / annual_targets.FILE_NAME, base, target)
                        if (folder / annual_targets.FILE_NAME).is_file() else ()),
        reduction_pollutants=tuple(red_pollutants), reductions=reductions,
        statistics=(statistics.read(folder / statistics.FILE_NAME, base, [u.slug for u in units])
                    if (folder / statistics.FILE_NAME).is_file() else ()),
    )


# the catalogue rows that state a registered kind's regional level in percent (plan.kinds: catalogue_id)
_PERCENT_CATALOGUE_IDS = frozenset(s.catalogue_id for s in KINDS.values() if s.catalogue_id and s.region_percent)


def _regional(cat: Path, text: str = "", words: dict[str, tuple[str, ...]] | None = None) -> dict[str, float]:
    """The catalogue's regional targets the engine reads: the cuts as fractions (``energy_intensity`` (basic),
    ``energy_intensity_incentive``, ``carbon_intensity`` and ``<pollutant>_cut``) and ``energy_increment`` in
    10^4 tce, as stated; each row of a known
    indicator read from its quote by the rule set (:func:`check_catalogue_row`)."""
    out: dict[str, float] = {}
    if not cat.is_file():
        return out
    _, rows = files.csv_rows(cat, "catalogue")
    rep = rules.FirstError(str(cat))
    for i, r in rows:
        tid = r.get("target_id") or ""
        if text and words is not None:
            check_catalogue_row(rep, text, tid, r.get("value_text") or "", r.get("quote") or "", words,
                                {"row": i, "column": "value_text"}, {"row": i, "column": "quote"})
        if tid == "energy_increment" and (r.get("value") or "").strip():  # an amount (10^4 tce), kept as stated
            try:
                out[tid] = float(r["value"])
            except ValueError:
                raise PlanError(f"{cat}, row {i}, column 'value': {r['value']!r} is not a number") from None
            continue
        if tid in ("energy_intensity", "energy_intensity_incentive", "carbon_intensity") or tid.endswith("_cut") \
                or tid in _PERCENT_CATALOGUE_IDS:
            try:
                out[tid] = round(float(r["value"]) / 100.0, 12)
            except ValueError:
                raise PlanError(f"{cat}, row {i}, column 'value': {r['value']!r} is not a number") from None
    return out


def check_catalogue_row(report: rules.Report, text: str, target_id: str, value_text: str, quote: str,
                        words: dict[str, tuple[str, ...]], at_value: dict, at_quote: dict) -> None:
    """A regional target of a known indicator (energy intensity and its incentive level, the increment,
    carbon, a pollutant's cap or cut) is read from its quote by position: its quote is in the text, its
    value text a whole number in the quote, and the number the quote gives for that indicator.

    Parameters
    ----------
    report : rules.Report
    text : str
        The plan's text.
    target_id : str
        The catalogue row's id.
    value_text, quote : str
        The row's value as printed and its quoted sentence.
    words : dict
        :func:`rules.family_words` of the plan.
    at_value, at_quote : dict
        Where a finding on the value text or the quote points.
    """
    if rules.indicator_family(target_id) is None or not quote or not value_text:
        return
    if quote not in text:
        report.add("error", "quote-not-in-text", f"the quote of {target_id} is not in the text: "
                   f"{files.short_repr(quote, 80)}", value=quote, **at_quote)
        return
    if not any(ch.isdigit() for ch in value_text):  # a word target (全面, 零增长): no number to place
        return
    tok, why = rules.find_value(quote, value_text)
    if tok is None:
        if why == "value-text-not-on-line":
            report.add("error", "value-text-not-in-quote", f"the value text {files.short_repr(value_text, 40)} of "
                       f"{target_id} is not in its quote", value=value_text, **at_value)
        else:
            rules.report_value_text(report, why or "value-text-numbers", value_text, 0, quote, at_value)
        return
    rules.check_sentence_value(report, quote, rules.own_token(quote, tok, target_id, words), target_id, words, at_value)


def _controls(dp: Path, raw: object) -> tuple[Control, ...]:
    """``jnjp:plan.controlled_indicators`` read and checked (:data:`DEFAULT_CONTROLS` where absent)."""
    if raw is None:
        return DEFAULT_CONTROLS
    where = f"{dp}: '{PLAN_KEY}.controlled_indicators'"
    if not isinstance(raw, list) or not raw:
        raise PlanError(f"{where} must be a non-empty list of {{id, kind, …}}")
    out: list[Control] = []
    for i, c in enumerate(raw):
        at = f"{where}[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) or not _SLUG.match(c["id"]):
            raise PlanError(f"{at} needs an 'id' (a-z, 0-9, _)")
        kind = c.get("kind")
        if kind not in TARGET_KINDS:
            raise PlanError(f"{at}.kind {str(kind)[:40]!r} is not a known kind; give one of {', '.join(TARGET_KINDS)}")
        unknown = set(c) - {"id", "kind", "incentive", "exemption", "scope", "value_pct", "value_10k_tco2",
                            "source", "note", "stated", "quote"}
        if unknown:
            raise PlanError(f"{at}: unknown field(s) {', '.join(sorted(unknown))}")
        stated, quote = _stated(at, kind, c)
        spec = KINDS[kind]
        if spec.grading is None:
            raise PlanError(f"{at}.kind {kind!r} has no grading rule: a kind that cannot be graded is not declared")
        incentive, exemption, scope = c.get("incentive", False), c.get("exemption", ""), c.get("scope", "units")
        if not isinstance(incentive, bool) or (incentive and kind != "intensity_cut"):
            raise PlanError(f"{at}.incentive: true or false, and only for kind 'intensity_cut'")
        if exemption and (exemption not in EXEMPTIONS or kind != "total_increment"):
            raise PlanError(f"{at}.exemption {str(exemption)[:40]!r}: only {', '.join(EXEMPTIONS)}, "
                            "for kind 'total_increment'")
        if scope not in spec.scopes:
            raise PlanError(f"{at}.scope {str(scope)[:40]!r}: kind {kind!r} takes {' or '.join(map(repr, spec.scopes))}")
        value: float | None = None
        source = c.get("source")
        if scope == REGION:
            key = spec.region_key or "value_pct"
            v = c.get(key)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v) or v < 0 or \
                    (key == "value_pct" and v >= 100):
                raise PlanError(f"{at}.{key}: a regional target needs its number ({key}), got {v!r}"[:300])
            if not (isinstance(source, dict) and all(source.get(k) for k in ("title", "issuer", "date", "quote"))):
                raise PlanError(f"{at}.source: a target from outside the plan's text needs its source "
                                "{title, issuer, date, url, quote}")
            if str(v if key != "value_pct" else _num_text(v)) not in str(source["quote"]):
                raise PlanError(f"{at}: {key} {v} is not in its quoted sentence {str(source['quote'])[:120]!r}")
            value = round(v / 100.0, 12) if key == "value_pct" else float(v)
        if any(o.id == c["id"] for o in out):
            raise PlanError(f"{at}: id {c['id']!r} appears twice")
        out.append(Control(c["id"], kind, incentive, exemption, scope, value,
                           types.MappingProxyType(dict(source)) if isinstance(source, dict) else None,
                           stated, quote))
    kinds = [c.kind for c in out]
    # the total may be stated in words or absent (a 14th-period plan: “能源消费总量得到合理控制”); an intensity cut
    # is what double control then grades, so one is needed: energy's, or carbon's alone (a carbon-led plan, the
    # 15th period's “以强度控制为主、总量控制为辅”)
    if "intensity_cut" not in kinds and "carbon_intensity_cut" not in kinds:
        raise PlanError(f"{where}: the engine needs an intensity cut to grade: an energy 'intensity_cut' (energy "
                        "double control) or, for a carbon-led plan, a 'carbon_intensity_cut'; neither is declared")
    if "intensity_cut" not in kinds and "total_increment" in kinds and next(
            c for c in out if c.kind == "total_increment").stated == "number":
        raise PlanError(f"{where}: a numeric energy total ('total_increment') needs the energy 'intensity_cut' beside "
                        "it (energy double control); a carbon-led plan states its energy total in words or not at all")
    if any(c.exemption == "incentive_met" for c in out) and not any(c.incentive for c in out):
        raise PlanError(f"{where}: exemption 'incentive_met' needs an 'intensity_cut' with 'incentive': true")
    return tuple(out)


def _stated(at: str, kind: str, c: dict) -> tuple[str, str]:
    """A control's ``stated`` (``"number"``, the default, or ``"words"``) and the word target's ``quote``."""
    stated, quote = c.get("stated", "number"), c.get("quote")
    if stated not in ("number", "words") or (stated == "words" and kind != "total_increment"):
        raise PlanError(f"{at}.stated {str(stated)[:40]!r}: 'number' or 'words', and 'words' only for kind "
                        "'total_increment' (a total stated in words, e.g. 能源消费总量得到合理控制)")
    if stated == "words":
        if not isinstance(quote, str) or not quote.strip():
            raise PlanError(f"{at}.quote: a total stated in words needs its sentence, verbatim from the plan's text")
        if c.get("exemption"):
            raise PlanError(f"{at}.exemption: a total stated in words is not graded, so nothing is exempt from it")
        return stated, quote.strip()
    if quote is not None:
        raise PlanError(f"{at}.quote: only a total stated in words ('stated': 'words') has a quote here")
    return stated, ""


def _check_words_quotes(dp: Path, raw: object, controls: tuple[Control, ...], text: str) -> None:
    """A total stated in words has its quote verbatim in the plan's text (naming the descriptor's field)."""
    for i, c in enumerate(controls):
        if c.stated == "words" and c.words_quote not in text:
            at = f"'{PLAN_KEY}.controlled_indicators[{i}].quote'" if isinstance(raw, list) else "its quote"
            raise PlanError(f"{dp}: {at} {files.short_repr(c.words_quote, 80)} is not in the plan's text "
                            "(give the sentence of the total's word target verbatim)")


def _num_text(v: float) -> str:
    """A number as a quote would print it: 12 for 12.0, 12.24 for 12.24."""
    return f"{v:g}"


def _units(path: Path) -> tuple[Unit, ...]:
    header, rows = files.csv_rows(path, "units file")
    need = ["slug", "name", "name_en"]
    if [c for c in need if c not in header]:
        raise PlanError(f"{path}: header (row 1) must have {need} (and optionally 'class'); got {header}")
    out: list[Unit] = []
    for i, r in rows:
        if not _SLUG.match(r["slug"]) or r["slug"] in RESERVED_SLUGS:
            raise PlanError(f"{path}, row {i}, column 'slug': {r['slug']!r} is not a unit's slug (a-z, 0-9, _; "
                            f"not {', '.join(RESERVED_SLUGS)}: the names of the region and of the build's own pages)")
        if not r["name"] or not r["name_en"]:
            raise PlanError(f"{path}, row {i}: 'name' (as printed in the plan) and 'name_en' are required")
        if any(u.slug == r["slug"] or u.name == r["name"] for u in out):
            raise PlanError(f"{path}, row {i}: unit {r['slug']!r} / {r['name']!r} appears twice")
        out.append(Unit(r["slug"], r["name"], r["name_en"], r.get("class", "")))
    if not out:
        raise PlanError(f"{path}: no units")
    return tuple(out)


def number_in(value_text: str) -> float:
    """The number a literal as printed states: ``"12"`` → 12.0, ``"2.9万吨"`` → 2.9, ``"10%"`` → 10.0.

    Parameters
    ----------
    value_text : str
        The literal.

    Returns
    -------
    float
        The one number in it.

    Raises
    ------
    PlanError
        If it holds no number, or more than one.
    """
    nums = re.findall(r"\d+(?:\.\d+)?", value_text)
    if len(nums) != 1:
        raise PlanError(f"value text {value_text!r} must state exactly one number, found {nums or 'none'}")
    return float(nums[0])


def read_tables(dp: Path, raw: object, text: str, pollutants: list[Pollutant], cut_pollutants: list[Pollutant],
                controls: tuple[Control, ...], words: dict[str, tuple[str, ...]], *,
                red_pollutants: list[Pollutant] | None = None) -> tuple[rules.Table, ...]:
    """``jnjp:plan.tables``: the text's tables the targets are read from, by position: each with its
    ``name``, ``first_line`` and ``last_line`` (its rows), optional ``header_line`` and its ``columns``,
    the indicators of the numbers after a unit's name in printed order.

    Parameters
    ----------
    dp : Path
        The descriptor, for messages.
    raw : object
        The field's JSON value (None: no table; every target is then read from a sentence).
    text : str
        The plan's text.
    pollutants, cut_pollutants : list of Pollutant
        The plan's capped and cut pollutants (their columns ``<slug>_cap_10k_t``, ``<slug>_cut_pct``).
    red_pollutants : list of Pollutant, optional
        Its pollutants with amounts the key projects remove (columns ``<slug>_reduction_10k_t``).
    controls : tuple of Control
        The declared kinds.
    words : dict
        :func:`rules.family_words`.

    Returns
    -------
    tuple of rules.Table

    Raises
    ------
    PlanError
        A malformed declaration, naming the field.
    """
    if raw is None:
        return ()
    where = f"{dp}: '{PLAN_KEY}.tables'"
    if not isinstance(raw, list):
        raise PlanError(f"{where} must be a list of {{name, first_line, last_line, columns}}")
    out = []
    for i, t in enumerate(raw):
        ok = (isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("columns"), list)
              and all(isinstance(c, str) for c in t["columns"])
              and all(isinstance(t.get(k, 0), int) and not isinstance(t.get(k, 0), bool)
                      for k in ("first_line", "last_line", "header_line"))
              and "first_line" in t and "last_line" in t)
        if not ok or set(t) - {"name", "first_line", "last_line", "header_line", "columns", "note"}:
            raise PlanError(f"{where}[{i}] needs name (text), first_line, last_line (line numbers), optional "
                            "header_line, and columns (the indicators in printed order)")
        out.append(rules.Table(t["name"], t["first_line"], t["last_line"], tuple(t["columns"]), t.get("header_line", 0)))
    known = [*ENERGY_INDICATORS, *KIND_INDICATORS, *(f"{p.slug}_cap_10k_t" for p in pollutants),
             *(f"{p.slug}_cut_pct" for p in cut_pollutants),
             *(f"{p.slug}_reduction_10k_t" for p in red_pollutants or [])]
    rules.check_tables(rules.FirstError(str(dp)), out, len(text.splitlines()), known,
                       [{"column": f"{PLAN_KEY}.tables[{i}]"} for i in range(len(out))], text.splitlines(), words)
    return tuple(out)


def check_target_value(report: rules.Report, tables: tuple[rules.Table, ...], lines: list[str], line_no: int,
                       unit: Unit, units: tuple[Unit, ...], indicator: str, value_text: str,
                       words: dict[str, tuple[str, ...]], at: dict, *, sentence: str = "") -> None:
    """A unit's target value is read by position: the number in its own column of its own unit's row
    where its line is a table's row; else from its sentence (``sentence``, or the line), the number
    the sentence gives for its indicator (:mod:`jnjp_analysis.plan.rules`).

    Parameters
    ----------
    report : rules.Report
    tables : tuple of rules.Table
    lines : list of str
        The text's lines.
    line_no : int
        The value's line (1-based).
    unit : Unit
        Its unit.
    units : tuple of Unit
        The plan's units.
    indicator : str
        targets.csv's indicator.
    value_text : str
        The value as printed.
    words : dict
        :func:`rules.family_words`.
    at : dict
        Where findings point.
    sentence : str
        The quoted sentence (form), or "" for the line.
    """
    line = lines[line_no - 1]
    others = {u.name: u.slug for u in units if u.slug != unit.slug}
    table = next((t for t in tables if t.holds(line_no)), None)
    if table is not None:
        rules.check_table_value(report, table, line_no, line, unit.name, others, indicator, value_text, at)
        return
    s = sentence or line
    tok, why = rules.find_value(s, value_text)
    if tok is None:
        rules.report_value_text(report, why or "value-text-numbers", value_text, 0 if sentence else line_no, s, at)
        return
    if unit.name not in s and any(n in s for n in others):
        report.add("error", "unit-not-on-line", f"line {line_no} names {', '.join(n for n in others if n in s)}, "
                   f"not {unit.name}", value=line_no, hint="give the line of this unit's own target", **at)
        return
    tok = rules.own_token(s, tok, indicator, words)  # "分别下降8%、8%": this indicator's 8, not the first one
    if len(rules.values(s)) > 1 and rules.attributed_family(s, tok, words) is None:
        report.add("error", "several-numbers", f"line {line_no} holds several numbers and names no indicator before "
                   f"{value_text}: a table row is read by its columns", value=line_no,
                   hint=f"declare the table ({PLAN_KEY}.tables: its lines and its columns in printed order)", **at)
        return
    rules.check_sentence_value(report, s, tok, indicator, words, at, what="sentence")


def _tables(path: Path, text: str, units: tuple[Unit, ...], pollutants: list[Pollutant], base: int,
            target: int, *, controls: tuple[Control, ...] = DEFAULT_CONTROLS,
            cut_pollutants: list[Pollutant] | None = None, tables: tuple[rules.Table, ...] = (),
            words: dict[str, tuple[str, ...]] | None = None, red_pollutants: list[Pollutant] | None = None,
            ) -> tuple[tuple[UnitTargets, ...], tuple[tuple[str, str, float, int], ...],
                       tuple[tuple[str, str, float, int], ...], tuple[tuple[str, str, float, int], ...]]:
    """targets.csv read and checked against the text by the rule set (:func:`check_target_value`)."""
    header, rows = files.csv_rows(path, "targets file")
    need = ["unit", "indicator", "value", "value_text", "source_line"]
    if [c for c in need if c not in header]:
        raise PlanError(f"{path}: header (row 1) must have {need}; got {header}")
    lines = text.splitlines()
    slugs = [u.slug for u in units]
    by_slug = {u.slug: u for u in units}
    caps_ok = {f"{p.slug}_cap_10k_t": p.slug for p in pollutants}
    cuts_ok = {f"{p.slug}_cut_pct": p.slug for p in cut_pollutants or []}
    reds_ok = {f"{p.slug}_reduction_10k_t": p.slug for p in red_pollutants or []}
    kinds = {c.kind: c for c in controls}
    words = words if words is not None else rules.family_words(
        (p.slug, p.name) for p in (*pollutants, *(cut_pollutants or []), *(red_pollutants or [])))
    # the indicators each unit must have: the energy ones, and those of the declared unit-level kinds; the
    # incentive level is optional per unit (a plan may set one for some units only)
    allowed_kind = [ind for ind, k in KIND_INDICATORS.items()
                    if k in kinds and kinds[k].scope == "units" and (k != "intensity_cut" or kinds[k].incentive)]
    need_kind = [ind for ind in allowed_kind if kind_columns()[ind][1].required]
    exemption = kinds["total_increment"].exemption if "total_increment" in kinds else ""
    total = kinds.get("total_increment")
    numeric_total = total is not None and total.stated == "number"
    # the energy indicators every unit has: the intensity cut, and the base and increment of a numeric total only
    # (none for a carbon-led plan, which declares no energy intensity cut)
    need_energy = [ind for ind in ENERGY_INDICATORS
                   if numeric_total or (ind == "intensity_cut_pct" and "intensity_cut" in kinds)]
    got: dict[tuple[str, str], tuple[float, int]] = {}
    rep = rules.FirstError(str(path))
    for i, r in rows:
        where = f"{path}, row {i}"
        if r["unit"] not in slugs:
            raise PlanError(f"{where}, column 'unit': {r['unit']!r} is not in units.csv ({', '.join(slugs)})")
        ind = r["indicator"]
        if ind not in ENERGY_INDICATORS and ind not in caps_ok and ind not in cuts_ok and ind not in reds_ok \
                and ind not in allowed_kind:
            why = (" (the descriptor declares no such kind: see jnjp:plan.controlled_indicators)"
                   if ind in KIND_INDICATORS else "")
            raise PlanError(f"{where}, column 'indicator': unknown {ind!r}{why}; valid: "
                            f"{', '.join((*ENERGY_INDICATORS, *allowed_kind, *caps_ok, *cuts_ok, *reds_ok))}")
        if ind == "intensity_cut_pct" and "intensity_cut" not in kinds:
            raise PlanError(f"{where}, column 'indicator': {ind!r}, but the plan declares no energy 'intensity_cut' "
                            f"('{PLAN_KEY}.controlled_indicators': a carbon-led plan); declare it or remove the row")
        if ind in ENERGY_INDICATORS and ind not in need_energy:
            raise PlanError(f"{where}, column 'indicator': {ind!r} gives a number, but the plan states its total "
                            f"{'in words' if total is not None else 'not at all'} ('{PLAN_KEY}.controlled_indicators'): "
                            "no base or increment is made up for it (remove the row)")
        try:
            value, line_no = float(r["value"]), int(r["source_line"])
        except ValueError:
            raise PlanError(f"{where}: 'value' must be a number and 'source_line' a line number, got "
                            f"{r['value']!r}, {r['source_line']!r}") from None
        if not math.isfinite(value) or value < 0:
            raise PlanError(f"{where}, column 'value': {value} must be a finite number ≥ 0")
        if not 1 <= line_no <= len(lines):
            raise CatalogueError(f"{where}, column 'source_line': line {line_no} is not in the text "
                                 f"({len(lines)} lines)")
        if not r["value_text"]:
            raise CatalogueError(f"{where}, column 'value_text': empty (the value as printed on line {line_no})")
        check_target_value(rep, tables, lines, line_no, by_slug[r["unit"]], units, ind, r["value_text"], words,
                           {"row": i, "column": "value_text"})
        if number_in(r["value_text"]) != value:
            raise CatalogueError(f"{where}: value {value:g} but its value text {r['value_text']!r} says "
                                 f"{number_in(r['value_text']):g}")
        if (r["unit"], ind) in got:
            raise PlanError(f"{where}: ({r['unit']}, {ind}) appears twice")
        got[(r["unit"], ind)] = (value, line_no)
    energy = []
    for s in slugs:
        missing = [ind for ind in need_energy if (s, ind) not in got]
        if missing:
            raise PlanError(f"{path}: unit {s!r} lacks {', '.join(missing)}")
        missing = [ind for ind in need_kind if (s, ind) not in got]
        if missing:
            raise PlanError(f"{path}: unit {s!r} lacks {', '.join(missing)} (a kind the descriptor declares)")
        cut: float | None
        if (s, "intensity_cut_pct") in got:
            cut, line = got[(s, "intensity_cut_pct")]
        else:  # a carbon-led plan sets no energy intensity cut: the unit's line is its carbon cut's
            cut, line = None, got.get((s, "carbon_intensity_cut_pct"), (math.nan, 0))[1]
        # the exemption "incentive_met" is for a unit with an incentive level; one without is checked as usual
        has_inc = (s, "intensity_incentive_cut_pct") in got
        extra: dict[str, object] = {"total_exemption": exemption if has_inc or exemption != "incentive_met" else ""}
        more: dict[str, float] = {}  # the targets of kinds without a UnitTargets field of their own
        for ind in allowed_kind:  # each declared kind's columns, as its spec (plan.kinds) reads them
            if (s, ind) not in got:
                continue
            _, col = kind_columns()[ind]
            v = got[(s, ind)][0]
            if col.percent and col.below_100 and v >= 100:
                raise PlanError(f"{path}: unit {s!r}: {ind} {v:g} % must be below 100 %")
            if col.percent and v > 100:
                raise PlanError(f"{path}: unit {s!r}: {ind} {v:g} % must be at most 100 %")
            val = round(v / 100.0, 12) if col.percent else v
            (extra if col.attr in UNIT_FIELDS else more)[col.attr] = val
        extra["extra"] = types.MappingProxyType(more)
        if cut is not None and cut >= 100:
            raise PlanError(f"{path}: unit {s!r}: intensity cut {cut:g} % must be below 100 %")
        inc = extra.get("incentive_cut")
        if isinstance(inc, float) and cut is not None and inc < cut / 100.0:
            raise PlanError(f"{path}: unit {s!r}: incentive cut {inc * 100:g} % is below its basic target {cut:g} % "
                            "(the incentive level is the larger cut)")
        e_b = got[(s, "energy_base_10k_tce")][0] if numeric_total else None
        d_e = got[(s, "increment_10k_tce")][0] if numeric_total else None
        energy.append(UnitTargets(s, None if cut is None else round(cut / 100.0, 12), e_b, d_e, base, target, line,
                                  **extra))  # type: ignore[arg-type]
    caps = []
    for s in slugs:
        for ind, pol in caps_ok.items():
            if (s, ind) not in got:
                raise PlanError(f"{path}: unit {s!r} lacks its {pol} cap ({ind})")
            v, line = got[(s, ind)]
            caps.append((s, pol, v, line))
    cuts = []
    for s in slugs:
        for ind, pol in cuts_ok.items():
            if (s, ind) not in got:
                raise PlanError(f"{path}: unit {s!r} lacks its {pol} cut from the base year ({ind})")
            v, line = got[(s, ind)]
            if v >= 100:
                raise PlanError(f"{path}: unit {s!r}: {ind} {v:g} % must be below 100 %")
            cuts.append((s, pol, round(v / 100.0, 12), line))
    reductions = []
    for s in slugs:
        for ind, pol in reds_ok.items():
            if (s, ind) not in got:
                raise PlanError(f"{path}: unit {s!r} lacks the amount its key projects remove of {pol} ({ind})")
            v, line = got[(s, ind)]
            reductions.append((s, pol, v, line))
    return tuple(energy), tuple(caps), tuple(cuts), tuple(reductions)
