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
from jnjp_analysis.errors import PlanError
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

PLAN_KEY = "jnjp:plan"
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# targets.csv indicators and the pollutant caps "<pollutant>_cap_10k_t"
ENERGY_INDICATORS = ("intensity_cut_pct", "energy_base_10k_tce", "increment_10k_tce")
# targets.csv indicators of the other target kinds: the incentive level of the intensity cut, the carbon
# targets, and "<pollutant>_cut_pct" for a pollutant whose target is a cut from the base year
KIND_INDICATORS = {"intensity_incentive_cut_pct": "intensity_cut", "carbon_intensity_cut_pct": "carbon_intensity_cut",
                   "carbon_cap_10k_tco2": "carbon_total_cap"}


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
    if isinstance(key, str) and _PLAN_ID.match(key) and (PLANS_DIR / key / "datapackage.json").is_file():
        return (PLANS_DIR / key).resolve()
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
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(folder.iterdir()) if f.is_file())
    return _load(str(folder), stamp, plan_text.allow_modified_source())


@lru_cache(maxsize=16)
def _load(folder_s: str, _stamp: tuple, _allowed: bool) -> Plan:
    import json

    folder = Path(folder_s)
    dp = folder / "datapackage.json"
    try:
        desc = json.loads(files.read_text(dp, "plan descriptor"))
    except json.JSONDecodeError as exc:
        raise PlanError(f"{dp}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
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
    for i, p in enumerate(field("pollutants", list, [])):
        if not (isinstance(p, dict) and isinstance(p.get("slug"), str) and _SLUG.match(p["slug"])
                and p.get("name") and p.get("name_en")):
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}]' needs slug (a-z, 0-9, _), name, name_en")
        kind = p.get("target", "cap")
        if kind not in POLLUTANT_KINDS:
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}].target' {str(kind)[:40]!r}: give one of "
                            f"{', '.join(POLLUTANT_KINDS)} (an absolute cap, or a cut from the base year)")
        if any(q.slug == p["slug"] for q in (*pollutants, *cut_pollutants)):
            raise PlanError(f"{dp}: '{PLAN_KEY}.pollutants[{i}]': pollutant {p['slug']!r} appears twice")
        (pollutants if kind == "cap" else cut_pollutants).append(Pollutant(p["slug"], str(p["name"]), str(p["name_en"])))
    controls = _controls(dp, d.get("controlled_indicators"))
    units = _units(folder / "units.csv")
    text_res = next((r for r in desc.get("resources", []) if r.get("name") == "plan"), None)
    if text_res is None or not isinstance(text_res.get("path"), str) or "/" in text_res["path"]:
        raise PlanError(f"{dp}: no resource named 'plan' with the text's file name as 'path'")
    text_file = folder / text_res["path"]
    text = plan_text.plan_text(text_file, desc)
    reader = field("reader", str)
    cuts: tuple[tuple[str, str, float, int], ...] = ()
    if reader == "tables":
        energy, caps, cuts = _tables(folder / "targets.csv", text, units, pollutants, base, target,
                                     controls=controls, cut_pollutants=cut_pollutants)
    elif reader == "xizang_13fyp":
        from jnjp_analysis.plan import xizang_13fyp

        if cut_pollutants or any(c.scope == "units" and c not in DEFAULT_CONTROLS for c in controls):
            raise PlanError(f"{dp}: the 'xizang_13fyp' reader reads Tibet's annexes only: intensity cut, "
                            "increment and caps; give unit targets of other kinds in targets.csv (reader 'tables')")
        energy, caps = xizang_13fyp.read(text, str(text_file), units, pollutants, base, target)
    else:
        raise PlanError(f"{dp}: '{PLAN_KEY}.reader' {reader!r}: give 'tables' (targets.csv) or 'xizang_13fyp'")
    regional = _regional(folder / "catalogue.csv")
    region_cuts = tuple((q.slug, regional[f"{q.slug}_cut"]) for q in cut_pollutants if f"{q.slug}_cut" in regional)
    carbon = next((c for c in controls if c.kind == "carbon_intensity_cut"), None)
    region_carbon = regional.get("carbon_intensity")
    if carbon is not None and carbon.scope == REGION:
        if region_carbon is not None:
            raise PlanError(f"{dp}: the regional carbon-intensity target is both in catalogue.csv and in "
                            f"'{PLAN_KEY}.controlled_indicators' (give it once)")
        region_carbon = carbon.region_value
    return Plan(
        id=pid, title=str(field("title", str)), title_en=str(d.get("title_en", "")), issuer=str(d.get("issuer", "")),
        document_number=str(d.get("document_number", "") or ""), base_year=base, target_year=target,
        level=str(d.get("level", "unit")), region=region, units=units, pollutants=tuple(pollutants), folder=folder,
        text_file=text_file, descriptor=types.MappingProxyType(desc), energy=energy, caps=caps,
        region_intensity_cut=regional.get("energy_intensity"), cut_pollutants=tuple(cut_pollutants), cuts=cuts,
        controls=controls, region_incentive_cut=regional.get("energy_intensity_incentive"),
        region_carbon_intensity_cut=region_carbon, region_cuts=region_cuts,
    )


def _regional(cat: Path) -> dict[str, float]:
    """The catalogue's regional cuts the engine reads, as fractions: ``energy_intensity`` (basic),
    ``energy_intensity_incentive``, ``carbon_intensity`` and ``<pollutant>_cut``."""
    out: dict[str, float] = {}
    if not cat.is_file():
        return out
    _, rows = files.csv_rows(cat, "catalogue")
    for i, r in rows:
        tid = r.get("target_id") or ""
        if tid in ("energy_intensity", "energy_intensity_incentive", "carbon_intensity") or tid.endswith("_cut"):
            try:
                out[tid] = round(float(r["value"]) / 100.0, 12)
            except ValueError:
                raise PlanError(f"{cat}, row {i}, column 'value': {r['value']!r} is not a number") from None
    return out


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
                            "source", "note"}
        if unknown:
            raise PlanError(f"{at}: unknown field(s) {', '.join(sorted(unknown))}")
        incentive, exemption, scope = c.get("incentive", False), c.get("exemption", ""), c.get("scope", "units")
        if not isinstance(incentive, bool) or (incentive and kind != "intensity_cut"):
            raise PlanError(f"{at}.incentive: true or false, and only for kind 'intensity_cut'")
        if exemption and (exemption not in EXEMPTIONS or kind != "total_increment"):
            raise PlanError(f"{at}.exemption {str(exemption)[:40]!r}: only {', '.join(EXEMPTIONS)}, "
                            "for kind 'total_increment'")
        if scope not in ("units", REGION) or (scope == REGION and kind not in ("carbon_intensity_cut",
                                                                               "carbon_total_cap")):
            raise PlanError(f"{at}.scope {str(scope)[:40]!r}: 'units', or 'region' for a carbon target only")
        value: float | None = None
        source = c.get("source")
        if scope == REGION:
            key = "value_pct" if kind == "carbon_intensity_cut" else "value_10k_tco2"
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
                           types.MappingProxyType(dict(source)) if isinstance(source, dict) else None))
    kinds = [c.kind for c in out]
    for need in ("intensity_cut", "total_increment"):
        if need not in kinds:
            raise PlanError(f"{where}: the engine needs an energy 'intensity_cut' and a 'total_increment' "
                            f"(energy double control); {need!r} is missing")
    if any(c.exemption == "incentive_met" for c in out) and not any(c.incentive for c in out):
        raise PlanError(f"{where}: exemption 'incentive_met' needs an 'intensity_cut' with 'incentive': true")
    return tuple(out)


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
        if not _SLUG.match(r["slug"]) or r["slug"] == REGION:
            raise PlanError(f"{path}, row {i}, column 'slug': {r['slug']!r} is not a slug (a-z, 0-9, _; not 'region')")
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


def _tables(path: Path, text: str, units: tuple[Unit, ...], pollutants: list[Pollutant], base: int,
            target: int, *, controls: tuple[Control, ...] = DEFAULT_CONTROLS,
            cut_pollutants: list[Pollutant] | None = None,
            ) -> tuple[tuple[UnitTargets, ...], tuple[tuple[str, str, float, int], ...],
                       tuple[tuple[str, str, float, int], ...]]:
    from jnjp_analysis.errors import CatalogueError

    header, rows = files.csv_rows(path, "targets file")
    need = ["unit", "indicator", "value", "value_text", "source_line"]
    if [c for c in need if c not in header]:
        raise PlanError(f"{path}: header (row 1) must have {need}; got {header}")
    lines = text.splitlines()
    slugs = [u.slug for u in units]
    caps_ok = {f"{p.slug}_cap_10k_t": p.slug for p in pollutants}
    cuts_ok = {f"{p.slug}_cut_pct": p.slug for p in cut_pollutants or []}
    kinds = {c.kind: c for c in controls}
    # the indicators each unit must have: the energy ones, and those of the declared unit-level kinds
    need_kind = [ind for ind, k in KIND_INDICATORS.items()
                 if k in kinds and kinds[k].scope == "units" and (k != "intensity_cut" or kinds[k].incentive)]
    exemption = kinds["total_increment"].exemption if "total_increment" in kinds else ""
    got: dict[tuple[str, str], tuple[float, int]] = {}
    for i, r in rows:
        where = f"{path}, row {i}"
        if r["unit"] not in slugs:
            raise PlanError(f"{where}, column 'unit': {r['unit']!r} is not in units.csv ({', '.join(slugs)})")
        ind = r["indicator"]
        if ind not in ENERGY_INDICATORS and ind not in caps_ok and ind not in cuts_ok and ind not in need_kind:
            why = (" (the descriptor declares no such kind: see jnjp:plan.controlled_indicators)"
                   if ind in KIND_INDICATORS else "")
            raise PlanError(f"{where}, column 'indicator': unknown {ind!r}{why}; valid: "
                            f"{', '.join((*ENERGY_INDICATORS, *need_kind, *caps_ok, *cuts_ok))}")
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
        if not r["value_text"] or r["value_text"] not in lines[line_no - 1]:
            raise CatalogueError(f"{where}: value text {r['value_text']!r} is not on line {line_no} of the text: "
                                 f"{lines[line_no - 1].strip()[:120]!r}")
        if number_in(r["value_text"]) != value:
            raise CatalogueError(f"{where}: value {value:g} but its value text {r['value_text']!r} says "
                                 f"{number_in(r['value_text']):g}")
        if (r["unit"], ind) in got:
            raise PlanError(f"{where}: ({r['unit']}, {ind}) appears twice")
        got[(r["unit"], ind)] = (value, line_no)
    energy = []
    for s in slugs:
        missing = [ind for ind in ENERGY_INDICATORS if (s, ind) not in got]
        if missing:
            raise PlanError(f"{path}: unit {s!r} lacks {', '.join(missing)}")
        missing = [ind for ind in need_kind if (s, ind) not in got]
        if missing:
            raise PlanError(f"{path}: unit {s!r} lacks {', '.join(missing)} (a kind the descriptor declares)")
        cut, line = got[(s, "intensity_cut_pct")]
        extra: dict[str, object] = {"total_exemption": exemption}
        for ind, name in (("intensity_incentive_cut_pct", "incentive_cut"),
                          ("carbon_intensity_cut_pct", "carbon_intensity_cut")):
            if (s, ind) in got:
                v = got[(s, ind)][0]
                if v >= 100:
                    raise PlanError(f"{path}: unit {s!r}: {ind} {v:g} % must be below 100 %")
                extra[name] = round(v / 100.0, 12)
        if (s, "carbon_cap_10k_tco2") in got:
            extra["carbon_cap_10k_tco2"] = got[(s, "carbon_cap_10k_tco2")][0]
        if cut >= 100:
            raise PlanError(f"{path}: unit {s!r}: intensity cut {cut:g} % must be below 100 %")
        inc = extra.get("incentive_cut")
        if isinstance(inc, float) and inc < cut / 100.0:
            raise PlanError(f"{path}: unit {s!r}: incentive cut {inc * 100:g} % is below its basic target {cut:g} % "
                            "(the incentive level is the larger cut)")
        energy.append(UnitTargets(s, round(cut / 100.0, 12), got[(s, "energy_base_10k_tce")][0],
                                  got[(s, "increment_10k_tce")][0], base, target, line, **extra))  # type: ignore[arg-type]
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
    return tuple(energy), tuple(caps), tuple(cuts)
