"""Graded validation of a record against its plan (:func:`check`); the pages say its findings in either
language (:func:`jnjp_analysis.pages.words.finding_text`).

* *errors* refuse the file. Each names file, sheet (Excel), row, column and value, with a hint
  (``7.8`` for a fraction: "did you mean 0.078?"; ``拉萨市`` for a unit: "write 'lhasa'");
* *warnings* accept it and travel into the reports: a year-on-year jump beyond the stated bound,
  unit sums off the region's total (the 数据衔接 of Tibet's clause (二十三)) with the gap, a gap in a
  series, a base-year consumption off the plan's base, an intensity change inconsistent with the
  record's own energy and growth, a value without a source, a source without a value, a pollutant
  the plan cuts from the base year with a target-year value but none of the base year (the cut
  cannot be graded);
* *plausibility*: an amount off by a power of ten from what the plan makes plausible is an error
  with a unit-slip hint, merely far off a warning — consumption against the unit's base and cap, a
  capped pollutant against its cap, a cut pollutant against the record's own base-year value (a
  base in t beside a target in 10^4 t is a 99.99 % "cut"), CO2 emissions against the carbon cap.

An estimate (status ``estimate``) is validated and warned, and left out of the checks that compare
figures with each other (see :mod:`jnjp_analysis.records.record`).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from jnjp_analysis.plan.definition import REGION, Plan
from jnjp_analysis.records.read import read_rows
from jnjp_analysis.records.record import At, CheckResult, Finding, Record, Row
from jnjp_analysis.records.schema import (
    BASIS_COLUMN,
    BASIS_MAX_CHARS,
    ESTIMATE,
    UNIT_COLUMN,
    Indicator,
    PlanLike,
    columns,
    find_shipped_record,
    get_plan,
    indicators,
    limits,
    rules,
    schema,
    shipped_record,
    statuses,
    unit_hint,
    unit_keys,
    unit_name,
)

_STATUS_WORDS = {"preliminary": "初步核算", "revised": "修订", "final": "最终核实", ESTIMATE: "预计数, not used",
                 "not_stated": "the source does not say"}


def _status_hint(plan: Plan) -> str:
    """"preliminary (初步核算), revised (修订), …": the schema's statuses for a hint."""
    names = [f"{s} ({_STATUS_WORDS[s]})" if s in _STATUS_WORDS else s for s in statuses(plan)]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


def _number_hint(cell: str) -> str:
    import unicodedata

    c = cell.strip()
    plain = unicodedata.normalize("NFKC", c)
    ascii_digits = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in plain)
    if ascii_digits != c and _PLAIN_NUMBER.fullmatch(ascii_digits):
        return f"write ASCII digits: {ascii_digits} for {c}"
    if "_" in c:
        return f"no digit separators: {c.replace('_', '')} for {c}"
    if c.endswith("%"):
        try:
            return f"write fractions without '%': {float(c[:-1]) / 100:g} for {c}"
        except ValueError:
            pass
    if "," in c or "，" in c:
        return "no thousands separators (1234.5, not 1,234.5)"
    return "a plain number, e.g. 0.078 or 215.3"


def _frictionless_findings(rows: list[Row], plan: Plan) -> tuple[list[Finding], set[tuple[int, str]]]:
    """Type, required, enum, range, pattern, format and duplicate-key errors from the frictionless
    library; returns them and the (row index, column) cells they concern."""
    from frictionless import Resource, Schema

    s = schema(plan)
    table_schema = {k: s[k] for k in ("fields", "primaryKey", "missingValues")}
    cols = columns(plan)
    data = [list(cols)] + [[r.cells.get(c, "") for c in cols] for r in rows]
    cap = int(limits(plan)["max_errors"])
    report = Resource(data=data, schema=Schema.from_descriptor(table_schema)).validate(limit_errors=cap)
    out: list[Finding] = []
    bad: set[tuple[int, str]] = set()
    errs = report.tasks[0].errors if report.tasks else []
    if len(errs) >= cap:  # validation stopped there: the rows after it are not checked, so none of them is used
        stop = max((e.row_number - 2 for e in errs if hasattr(e, "row_number")), default=0)
        bad |= {(i, "value") for i in range(stop, len(rows))}
        r = rows[min(stop, len(rows) - 1)]
        out.append(Finding("error", "too-many-errors", f"{cap:,} errors found by row {r.row}; the rows after it were not "
                           "checked", r.file, r.sheet, r.row, hint="fix these first (a file in the wrong format "
                           "gives an error on every row)"))
    lo, hi = plan.base_year, plan.target_year
    inds = indicators(plan)
    first_seen: dict[tuple[str, ...], Row] = {}
    for r in rows:  # the first row of each key, for the duplicate's hint (linear)
        first_seen.setdefault(tuple(r.cells.get(c, "") for c in s["primaryKey"]), r)
    for e in errs:
        if not hasattr(e, "row_number"):
            continue
        i = e.row_number - 2  # position 1 is the header
        r = rows[i]
        col: str | None = getattr(e, "field_name", None)
        cell = getattr(e, "cell", None)
        text = "" if cell is None else str(cell)
        note = getattr(e, "note", "")
        at = r.at(col, cell)
        if e.type == "primary-key":
            k = tuple(r.cells.get(c, "") for c in s["primaryKey"])
            first = first_seen.get(k)
            key = ", ".join(k)
            out.append(at.error("duplicate", f"a second value for ({key})", hint=(
                f"the first is row {first.row}" + (f" of sheet {first.sheet!r}" if first and first.sheet else "")
                if first else "one value per unit, year and indicator")))
            continue
        if col is None:
            out.append(at.error(e.type, e.message))
            continue
        bad.add((i, col))
        if e.type == "type-error":
            if col == "value":
                out.append(at.error("not-a-number", f"{cell!r} is not a number", hint=_number_hint(text)))
            elif col == "year":
                out.append(at.error("bad-year", f"{cell!r} is not a year", hint="four digits, e.g. 2018"))
            elif col == "source_url":
                out.append(at.error("bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://"))
            else:
                out.append(at.error("type", f"{cell!r}: {note}"))
        elif "required" in note:
            out.append(at.error("empty", f"column {col!r} is empty", hint="every row names its unit, year and indicator"))
        elif col == "unit":
            out.append(at.error("unknown-unit", f"unknown unit {cell!r}", hint=unit_hint(text, plan)))
        elif col == "indicator":
            close = difflib.get_close_matches(text, list(inds), n=1)
            out.append(at.error("unknown-indicator", f"unknown indicator {cell!r}",
                                hint=(f"did you mean {close[0]!r}? " if close else "") + f"indicators: {', '.join(inds)}"))
        elif col == "year":
            out.append(at.error("year-out-of-range", f"year {cell} is outside {lo}–{hi}",
                                hint=f"a record covers the plan's base year {lo} to its target year {hi}"))
        elif col == "status":
            out.append(at.error("unknown-status", f"unknown status {cell!r}", hint=_status_hint(plan)))
        elif col == "source_date":
            out.append(at.error("bad-date", f"{cell!r} is not a date", hint="YYYY, YYYY-MM or YYYY-MM-DD"))
        elif col == "source_url":
            out.append(at.error("bad-url", f"{cell!r} is not a URL", hint="the full address, starting http:// or https://"))
        else:
            out.append(at.error(e.type, f"{cell!r}: {note}"))
    return out, bad


# What a value and a year cell may hold: ASCII digits only. Python's float() (and so the Table Schema
# check) also takes "1_000", full-width "２３０" and Arabic-Indic "٢٣٠", which pandas then refuses.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_PLAIN_INT = re.compile(r"[0-9]{4}", re.ASCII)  # a year as four ASCII digits: not "02018", "+2018", "２０１８"


def _year_findings(rows: list[Row], bad: set[tuple[int, str]]) -> list[Finding]:
    """A year the Table Schema took but that is not written in ASCII digits (２０１８, 2_018)."""
    out = []
    for i, r in enumerate(rows):
        y = r.cells.get("year", "")
        if (i, "year") not in bad and y and not _PLAIN_INT.fullmatch(y):
            bad.add((i, "year"))
            out.append(r.at("year", y).error("bad-year", f"{y!r} is not a year of four plain digits", hint=_number_hint(y)))
    return out


def _bound_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """The per-indicator bounds of ``jnjp:indicators`` on cells that passed the Table Schema."""
    out = []
    inds = indicators(plan)
    for i, r in enumerate(rows):
        c = r.cells
        if (i, "value") in bad or (i, "indicator") in bad or c.get("value", "") == "":
            continue
        ind = inds[c["indicator"]]
        v = float(c["value"])
        year_ok = (i, "year") not in bad and _PLAIN_INT.fullmatch(c.get("year", "")) is not None
        year = int(c["year"]) if year_ok else None
        at = r.at("value", c["value"], year=year, indicator=ind.name)
        if not math.isfinite(v):
            out.append(at.error("not-finite", f"{c['value']!r} is not a finite number", hint="a plain number"))
            continue
        if not _PLAIN_NUMBER.fullmatch(c["value"]):
            out.append(at.error("not-a-number", f"{c['value']!r} is not a plain number", hint=_number_hint(c["value"])))
            continue
        lo = -math.inf if ind.minimum_exclusive is None else ind.minimum_exclusive
        hi = math.inf if ind.maximum_exclusive is None else ind.maximum_exclusive
        if ind.kind == "fraction" and not (lo < v < hi):
            hint = (f"did you mean {v / 100:g}? fractions, not percent: {ind.unit}" if 1 <= abs(v) < 100
                    else f"fractions, not percent: {ind.unit}")
            out.append(at.error("fraction-out-of-range", f"{ind.name} = {c['value']} is not a fraction between "
                                f"{lo:g} and {hi:g}", hint=hint))
        if ind.kind == "amount" and ind.minimum is not None and v < ind.minimum:
            out.append(at.error("negative", f"{ind.label_en} = {c['value']} is negative",
                                hint=f"{ind.name} is an amount in {ind.unit}"))
        if ind.first_year and year is not None and year < ind.first_year:
            out.append(replace(at, column="year").error("year-not-allowed", f"{ind.name} has no value for {year}",
                                                        hint=f"{ind.label_en}: the first year is {ind.first_year}"))
    return out


def _basis_findings(rows: list[Row], plan: Plan) -> list[Finding]:
    """A basis is a short label on one line ("2024", "old"): why the series breaks belongs in the note."""
    if BASIS_COLUMN not in columns(plan):
        return []
    out = []
    for r in rows:
        b = r.cells.get(BASIS_COLUMN, "")
        if len(b) > BASIS_MAX_CHARS or any(ch in b for ch in "\r\n\t"):
            out.append(r.at(BASIS_COLUMN, b[:60]).error(
                "basis-label", f"the basis {b[:60]!r} is not a short label (at most {BASIS_MAX_CHARS} characters, one line)",
                hint="a label such as 2024 or old; say in the note what the basis is"))
    return out


def _excel_unit_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """The template's unit column is written from the indicator; a changed unit means the value is
    probably in another unit, so it is an error, not a guess."""
    out = []
    inds = indicators(plan)
    for i, r in enumerate(rows):
        u = r.cells.get(UNIT_COLUMN)
        if u is None or (i, "indicator") in bad or r.cells.get("indicator", "") not in inds:
            continue
        ind = inds[r.cells["indicator"]]
        if u not in ("", ind.unit_zh, ind.unit):
            out.append(r.at(UNIT_COLUMN, u, indicator=ind.name).error(
                "unit-changed", f"the unit column says {u!r}, but {ind.name} is in {ind.unit_zh} ({ind.unit})",
                hint=f"convert the value to {ind.unit} and restore the unit cell"))
    return out


def _frame(rows: list[Row], plan: Plan) -> pd.DataFrame:
    cols = columns(plan)
    d = pd.DataFrame([[r.cells.get(c, "") for c in cols] + [r.file, r.sheet or "", r.row] for r in rows],
                     columns=[*cols, "file", "sheet", "row"])
    d["year"] = d["year"].astype("int64") if len(d) else d["year"]
    d["value"] = pd.to_numeric(d["value"].replace("", float("nan")), errors="raise").astype(float)
    d["row"] = d["row"].astype("int64")
    order = {u: k for k, u in enumerate(unit_keys(plan))}
    iorder = {n: k for k, n in enumerate(indicators(plan))}
    d = d.assign(_u=d["unit"].map(order), _i=d["indicator"].map(iorder))
    return d.sort_values(["_u", "year", "_i"]).drop(columns=["_u", "_i"]).reset_index(drop=True)


def _where(d: pd.DataFrame, idx: Any, column: str | None = None, value: object = None, *, unit: str | None = None,
           year: int | None = None, indicator: str | None = None) -> At:
    """Where row ``idx`` of a record frame came from (file, sheet, row), with the column, value and record row."""
    r = d.loc[idx]
    return At(r["file"], r["sheet"] or None, int(r["row"]), column, value, unit, year, indicator)


def _g(x: float) -> str:
    return f"{x:g}"


def _pct_text(x: float, nd: int = 1) -> str:
    return f"{100 * x:+.{nd}f}"


def _value_words(ind: Indicator, v: float) -> str:
    """A value as a sentence shows it in either language: a fraction as a percentage (11.5%), an amount as is."""
    return f"{100 * v:.4g}%" if ind.kind == "fraction" else _g(v)


def _warn(code: str, at: At, *, hint: str | None = None, **args: str) -> Finding:
    """A warning at ``at``: its code and ``args`` (the parameters of its sentence ``find_<code>``), no
    sentence: :func:`jnjp_analysis.pages.words.finding_text` says it in a page's language,
    :func:`jnjp_analysis.pages.words.finding_message` in the terminal's English."""
    return Finding("warning", code, "", at.file, at.sheet, at.row, at.column, at.value, hint, at.unit, at.year,
                   at.indicator, tuple(sorted(args.items())))


def plan_reference(plan: PlanLike) -> dict[str, dict[str, float]]:
    """What the plan says of each unit, for the plausibility checks: ``energy_base`` and
    ``energy_cap`` (its energy targets, 10^4 tce) and ``<pollutant>_cap`` (its pollutant caps,
    10^4 t); the region's are the sums of the units' (Tibet's plan body gives no base).

    Parameters
    ----------
    plan : Plan, str or path-like
        The plan (see :func:`get_plan`).

    Returns
    -------
    dict of str to dict of str to float
        Unit (``"region"`` or a unit's slug) → ``energy_base`` and ``energy_cap`` (10^4 tce) and one
        ``<pollutant>_cap`` per pollutant the plan caps (10^4 t). Cached per plan.
    """
    return _plan_reference(get_plan(plan))


@lru_cache(maxsize=8)
def _plan_reference(plan: Plan) -> dict[str, dict[str, float]]:
    caps = {(u, p): float(v) for u, p, v, _ in plan.caps}
    def num(v: float | None) -> float:  # a total in words or none: NaN, and the checks against it are skipped
        return math.nan if v is None else float(v)

    out = {s: {"energy_base": num(plan.targets(s).energy_base_10k_tce),
               "energy_cap": num(plan.targets(s).cap_target_10k_tce),
               **{f"{p.slug}_cap": caps[(s, p.slug)] for p in plan.pollutants}} for s in plan.slugs}
    out[REGION] = {k: float(sum(out[s][k] for s in plan.slugs)) for k in out[plan.slugs[0]]}
    return out


def _plausibility_findings(rows: list[Row], bad: set[tuple[int, str]], plan: Plan) -> list[Finding]:
    """Each value against what the plan makes plausible (``jnjp:plausibility``): a unit slip (off by
    a power of ten from the plan's base or cap) or a rate far outside what Chinese statistics show
    is an *error* with a hint; a value merely far off is a *warning*."""
    out: list[Finding] = []
    rules_ = schema(plan)["jnjp:plausibility"]
    ref = plan_reference(plan)
    inds = indicators(plan)
    ok = [(i, r) for i, r in enumerate(rows)
          if not any((i, col) in bad for col in ("value", "indicator", "unit", "year")) and r.cells.get("value", "") != ""]
    # a pollutant the plan cuts from the base year: each value against the record's own base-year value
    cut_names = {f"{p.slug}_10k_t" for p in plan.cut_pollutants}
    cut_base = {(r.cells["unit"], r.cells["indicator"]): float(r.cells["value"]) for _, r in ok
                if r.cells["indicator"] in cut_names and int(r.cells["year"]) == plan.base_year}
    for i, r in ok:
        c = r.cells
        name, unit = c["indicator"], c["unit"]
        v, ind, year = float(c["value"]), inds[name], int(c["year"])
        cell = At(r.file, r.sheet, r.row, "value", c["value"], unit, year, name)  # errors quote the cell as typed
        num = replace(cell, value=v)  # warnings carry the number
        uname = unit_name(unit, "zh", plan=plan)
        if name in cut_names:
            base = cut_base.get((unit, name))
            if year == plan.base_year or base is None or base <= 0 or v <= 0:
                continue  # nothing to compare with (a missing base year is warned in _warnings)
            rule, B = rules_["pollutant"], plan.base_year
            ratio = v / base
            if ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]:
                k = round(math.log10(base / v))
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the record's {B} "
                                      f"value {base:g} {ind.unit} (a cut of {100 * (1 - ratio):.4g} %): a unit slip?",
                                      hint=f"one of the two in another unit? {base / 10 ** k:g} × {ind.unit} in {B}, "
                                           f"or {v * 10 ** k:g} in {year}? (the cut from {B} is graded on both)"))
            elif ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]:
                out.append(_warn("far-from-base", num, value_text=_g(v), base=_g(base), base_year=str(B),
                                 ratio=f"{ratio:.3g}", hint="check the unit (10^4 t) and the source of both years"))
            continue
        if name == "co2_10k_tco2":
            cap = plan.targets(unit).carbon_cap_10k_tco2
            if cap is None or cap <= 0 or v <= 0:
                continue  # no carbon cap for this unit: nothing in the plan to compare with
            rule = rules_.get("co2_10k_tco2", rules_["pollutant"])  # an amount against its target-year cap
            ratio = v / cap
            if ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]:
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the plan's "
                                      f"carbon cap {cap:g} {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, cap, f"the plan's carbon cap for {uname} is {cap:g}",
                                                           ind.unit)))
            elif ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]:
                out.append(_warn("far-from-carbon-cap", num, value_text=_g(v), cap=_g(cap), ratio=f"{ratio:.3g}",
                                 hint="check the unit (10^4 t CO2) and the source"))
            continue
        if name == "energy_10k_tce":
            rule, base, cap = rules_["energy_10k_tce"], ref[unit]["energy_base"], ref[unit]["energy_cap"]
            if math.isnan(base) or math.isnan(cap):
                continue  # the plan states no numeric total: nothing in it to compare with
            lo_refuse, hi_refuse = rule["refuse_below_base"] * base, rule["refuse_above_cap"] * cap
            if v < lo_refuse or v > hi_refuse:
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {v / base:.3g} × the plan's base "
                                      f"{base:g} (cap {cap:g}) {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, base, f"the plan's base for {uname} is {base:g}", ind.unit)))
            elif v < rule["warn_below_base"] * base or v > rule["warn_above_cap"] * cap:
                out.append(_warn("far-from-plan", num, value_text=_g(v), ref=_g(base), cap=_g(cap),
                                 hint="check the unit (10^4 tce) and the source"))
        elif name.endswith("_10k_t"):
            if f"{name.removesuffix('_10k_t')}_cap" not in ref[unit]:
                continue  # a pollutant the plan cuts from the base year: no amount in the plan to compare with
            rule = rules_["pollutant"]
            cap = ref[unit][f"{name.removesuffix('_10k_t')}_cap"]
            ratio = v / cap if cap > 0 else math.inf
            if v > 0 and (ratio > rule["refuse_factor"] or ratio < 1 / rule["refuse_factor"]):
                out.append(cell.error("implausible-amount", f"{name} = {c['value']} is {ratio:.3g} × the plan's "
                                      f"target-year cap {cap:g} {ind.unit}: a unit slip?",
                                      hint=_magnitude_hint(v, cap, f"the plan's cap for {uname} is {cap:g}", ind.unit)))
            elif v > 0 and (ratio > rule["warn_factor"] or ratio < 1 / rule["warn_factor"]):
                out.append(_warn("far-from-cap", num, value_text=_g(v), cap=_g(cap), ratio=f"{ratio:.3g}",
                                 hint="check the unit (10^4 t) and the source"))
        elif name in rules_:
            rule = rules_[name]
            (rlo, rhi), (wlo, whi) = rule["refuse"], rule["warn"]
            if not rlo < v < rhi:
                hint = (f"did you mean {v / 10:g}? fractions: 0.078 for 7.8 %" if wlo <= v / 10 <= whi
                        else f"a real rate between {rlo:g} and {rhi:g} ({ind.unit})")
                out.append(cell.error("implausible-rate", f"{name} = {c['value']} ({100 * v:g} %) is outside the "
                                      f"plausible range {rlo:g} to {rhi:g}", hint=hint))
            elif not wlo <= v <= whi:
                out.append(_warn("unusual-rate", num, value_text=_pct_text(v), lo=_pct_text(wlo),
                                 hi=_pct_text(whi), hint="check it against the source"))
    return out


def _magnitude_hint(v: float, ref: float, said: str, unit: str) -> str:
    """"230 × 10^4 tce? the plan's base for 拉萨 is 215": ``v`` moved by the power of ten nearest to ``ref``."""
    if v <= 0:
        return f"{said} {unit}"
    k = round(math.log10(v / ref))
    if k == 0:
        return f"{said} {unit}"
    return f"{v / 10 ** k:g} × {unit}? {said}"


def _warnings(d: pd.DataFrame, plan: Plan) -> list[Finding]:
    """The accepted-but-flagged findings (module docstring), on a frame of rows without errors; the
    sign slips found on the way come back as errors (:func:`_base_and_consistency`)."""
    out: list[Finding] = []
    inds = indicators(plan)
    rl = rules(plan)
    src_cols = ("status", "source_title", "source_issuer", "source_date", "source_url", "source_quote")
    for idx, r in d.iterrows():
        at = _where(d, idx, "value", unit=str(r["unit"]), year=int(r["year"]), indicator=str(r["indicator"]))
        if math.isnan(r["value"]):
            if any(r[c] for c in src_cols):
                out.append(_warn("no-value", at, hint="fill the value, or clear the row"))
            continue
        if not r["source_title"] and not r["source_issuer"]:
            out.append(_warn("no-source", replace(at, column="source_title"), value_text=_g(r["value"]),
                             hint="name the yearbook, bulletin or office it comes from"))
        if not r["status"]:
            out.append(_warn("no-status", replace(at, column="status"), hint=_status_hint(plan)))
        elif r["status"] == ESTIMATE:
            out.append(_warn("estimate", replace(at, column="status"),
                             value_text=_value_words(inds[r["indicator"]], r["value"]),
                             hint="replace it with the statistics bulletin's figure when one is found"))
    typed = d[d["value"].notna()]  # every value, estimates too: the jumps are checked on what was typed
    vals = typed[typed["status"] != ESTIMATE]  # the values computed with: the checks that compare figures
    for (unit, name), g_all in typed.groupby(["unit", "indicator"], sort=False):
        g_all = g_all.sort_values("year")
        g = g_all[g_all["status"] != ESTIMATE]
        ind = inds[name]
        years = list(g["year"])
        same = (d["unit"] == unit) & (d["indicator"] == name)
        # a year with a note and no value, or with an estimate only, is a documented gap, not a silent one
        documented = set(d[same & d["value"].isna() & (d["note"] != "")]["year"]) | set(g_all[g_all["status"] == ESTIMATE]["year"])
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years and y not in documented] if years else []
        if missing and not ind.cumulative and name != "gdp_growth_avg":  # (a schema of 0.1.0 has no 'cumulative')
            out.append(_warn("gap", _where(d, g.index[-1], "year", unit=unit, year=missing[0], indicator=name),
                             missing=", ".join(map(str, missing)), first=str(years[0]), last=str(years[-1]),
                             hint="analyses that need every year stop before the gap"))
        if ind.jump_check:
            bound = rl["jump_bound"]
            rows_ = list(g_all.iterrows())
            for (_, a), (i1, b) in zip(rows_, rows_[1:]):
                if b["year"] == a["year"] + 1 and a["value"] > 0 and abs(b["value"] / a["value"] - 1) > bound:
                    ch = b["value"] / a["value"] - 1
                    out.append(_warn("jump", _where(d, i1, "value", b["value"], unit=unit, year=int(b["year"]),
                                                    indicator=name),
                                     a=_g(a["value"]), y0=str(a["year"]), b=_g(b["value"]),
                                     change=f"{100 * ch:+.1f}", bound=_g(100 * bound),
                                     hint="check it against the source; a unit slip (tce for 10^4 tce) looks like this"))
    out += _cuts_without_base(d, vals, plan)
    out += _sums(d, vals, plan)
    out += _base_and_consistency(d, vals, plan)
    return out


def _cuts_without_base(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """A pollutant the plan cuts from the base year, with a target-year value but none of the base
    year: the cut (1 − E(target) / E(base)) cannot be graded; warned at the target-year value."""
    out: list[Finding] = []
    B, Y = plan.base_year, plan.target_year
    for p in plan.cut_pollutants:
        name = f"{p.slug}_10k_t"
        of = vals[vals["indicator"] == name]
        for unit, g in of.groupby("unit", sort=False):
            years = set(g["year"])
            if Y in years and B not in years:
                idx = g.index[list(g["year"]).index(Y)]
                out.append(_warn("cut-without-base", _where(d, idx, "value", g.loc[idx, "value"], unit=str(unit),
                                                            year=Y, indicator=name),
                                 base_year=str(B), hint=f"add the {B} value of the same source and unit"))
    return out


def _clause(plan: Plan, label: str) -> str:
    """"clause (二十三)" for a clause number of the plan's ``jnjp:plan.labels`` (English), else "the plan"."""
    no = plan.descriptor.get("jnjp:plan", {}).get("labels", {}).get("en", {}).get(label)
    return f"clause ({no})" if no else "the plan"


def _sums(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """数据衔接: the units against the region's total — all of them (the gap), or those known
    so far when they already exceed it."""
    out: list[Finding] = []
    tol = rules(plan)["sum_tolerance"]
    n_all = len(plan.slugs)
    for name, ind in indicators(plan).items():
        if not ind.sum_check:
            continue
        sub = vals[vals["indicator"] == name]
        for year, g in sub.groupby("year"):
            reg = g[g["unit"] == REGION]
            pref = g[g["unit"] != REGION]
            if not len(reg) or not len(pref):
                continue
            total, s = float(reg["value"].iloc[0]), float(pref["value"].sum())
            gap = s - total
            at = _where(d, reg.index[0], "value", total, unit=REGION, year=int(year), indicator=name)
            if len(pref) == n_all and total > 0 and abs(gap) > tol * total:
                out.append(_warn("sum", at, n=str(n_all), s=_g(s), total=_g(total), gap=f"{gap:+g}",
                                 unit_of=ind.unit, pct=f"{100 * gap / total:+.1f}",
                                 hint=f"{_clause(plan, 'warning_no')} asks for statistics that 基本衔接; beyond "
                                      f"±{100 * tol:g} % is flagged"))
            elif len(pref) < n_all and s > total * (1 + tol):
                out.append(_warn("partial-sum", at, n=str(len(pref)), names=", ".join(pref["unit"]),
                                 s=_g(s), total=_g(total), unit_of=ind.unit,
                                 hint="part of the region cannot exceed the whole: check the units and the sources"))
    return out


def _base_and_consistency(d: pd.DataFrame, vals: pd.DataFrame, plan: Plan) -> list[Finding]:
    """The base-year consumption against the plan's base; the intensity change against the record's
    energy and growth (the plan's base standing in for a missing base-year consumption, as in the
    analysis); an average growth against the annual ones."""
    out: list[Finding] = []
    rl = rules(plan)
    ref = plan_reference(plan)
    base_year = plan.base_year
    for idx, r in vals[(vals["indicator"] == "energy_10k_tce") & (vals["year"] == base_year)].iterrows():
        pb = ref[r["unit"]]["energy_base"]
        if not math.isnan(pb) and abs(r["value"] - pb) > rl["base_tolerance"] * pb:
            out.append(_warn("base", _where(d, idx, "value", r["value"], unit=r["unit"], year=base_year,
                                            indicator="energy_10k_tce"), value_text=_g(r["value"]), base=_g(pb),
                             hint="the targets are set on the plan's base; the analysis uses it, not this value"))
    ctol, atol = rl["consistency_tolerance"], rl["average_tolerance"]
    for unit in unit_keys(plan):
        u = vals[vals["unit"] == unit]
        ser = {n: dict(zip(g["year"], g["value"])) for n, g in u.groupby("indicator")}
        en = {base_year: ref[unit]["energy_base"], **ser.get("energy_10k_tce", {})}
        if not math.isnan(ref[unit]["energy_base"]):  # a plan without a numeric total: the record's own base-year value
            en[base_year] = ref[unit]["energy_base"]  # the analysis' base (a differing record value is flagged above)
        en = {y: v for y, v in en.items() if not math.isnan(v)}
        gr, ic = ser.get("gdp_growth", {}), ser.get("intensity_change", {})
        # the statistical basis of each value: the three figures are compared only on one basis where the
        # intensity change's series breaks (a redefined intensity is not energy over GDP of the old definition)
        basis = (dict(zip(zip(u["indicator"], u["year"]), u[BASIS_COLUMN])) if BASIS_COLUMN in u.columns else {})
        ic_bases = {basis.get(("intensity_change", y), "") for y in ic}
        for y, c in ic.items():
            if len(ic_bases) > 1 and not (basis.get(("intensity_change", y), "") == basis.get(("energy_10k_tce", y), "")
                                          == basis.get(("energy_10k_tce", y - 1), "")):
                continue  # across a basis break: nothing to compare on one basis
            if y in en and y - 1 in en and y in gr and en[y - 1] > 0:
                implied = en[y] / en[y - 1] / (1 + gr[y]) - 1
                idx = u[(u["indicator"] == "intensity_change") & (u["year"] == y)].index[0]
                at = _where(d, idx, "value", c, unit=unit, year=int(y), indicator="intensity_change")
                if abs(implied - c) <= ctol:
                    continue
                if abs(c + implied) <= ctol and abs(c) > ctol and abs(implied) > ctol:
                    out.append(at.error("sign-slip", f"intensity_change = {c:+.4f}, but energy and growth give "
                                        f"{implied:+.4f}: the same change with the other sign",
                                        hint="a fall in intensity is negative (-0.03 for a 3 % fall)"))
                    continue
                out.append(_warn("inconsistent", at, c=f"{c:+.4f}", implied=f"{implied:+.4f}",
                                 hint="one of the three figures is from another vintage or basis"))
        for y, avg in ser.get("gdp_growth_avg", {}).items():
            annual = [gr[k] for k in range(base_year + 1, y + 1) if k in gr]
            if len({basis.get(("gdp_growth", k), "") for k in range(base_year + 1, y + 1)}) > 1:
                continue  # annual growth on more than one basis: never chained across the break
            if annual and len(annual) == y - base_year:
                implied = math.prod(1 + a for a in annual) ** (1 / len(annual)) - 1
                if abs(implied - avg) > atol:
                    idx = u[(u["indicator"] == "gdp_growth_avg") & (u["year"] == y)].index[0]
                    out.append(_warn("average", _where(d, idx, "value", avg, unit=unit, year=int(y),
                                                       indicator="gdp_growth_avg"),
                                     avg=f"{100 * avg:.2f}", implied=f"{100 * implied:.2f}",
                                     first=str(base_year + 1), hint="the average and the annual figures disagree: "
                                     "check both against their sources"))
    return out


def _key(cells: dict[str, str]) -> tuple[str, str, str]:
    y = cells.get("year", "")
    return cells.get("unit", ""), str(int(y)) if y.isascii() and y.isdigit() else y, cells.get("indicator", "")


def _with_shipped(good: list[Row], plan: Plan) -> tuple[list[Row], list[Finding], int]:
    """The shipped record's rows that the user's file does not have, before the user's rows; a
    warning for each shipped value the user's file replaces with another (or with nothing)."""
    shipped, _ = read_rows(shipped_record(plan), plan=plan)
    mine = {_key(r.cells): r for r in good}
    added, notes = [], []
    for r in shipped:
        k = _key(r.cells)
        if k not in mine:
            added.append(r)
            continue
        u = mine[k]
        theirs, ours = r.cells.get("value", ""), u.cells.get("value", "")
        if theirs and (ours == "" or float(ours) != float(theirs)):
            notes.append(_warn("replaces-shipped", At(u.file, u.sheet, u.row, "value", ours, k[0], int(k[1]), k[2]),
                               ours=ours or "–", theirs=theirs, title=r.cells.get("source_title", ""),
                               hint="the file's value is used; check which source is right"))
    return added + good, notes, len([r for r in added if r.cells.get("value", "")])


def check(path: Path | str | None = None, *, with_shipped: bool = False, plan: PlanLike) -> CheckResult:
    """Validate a record file (CSV or Excel; default the plan's shipped record): every error and warning.

    ``with_shipped``: add the shipped record's values that the file does not have (what the pages
    show: a user's unit figures need not repeat the region's cited growth); a file value that
    replaces a shipped one is a warning. Errors are always the file's own.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the plan's shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have.
    plan : Plan, str or path-like
        The plan the record is checked against: its units, years, record format and targets (see
        :func:`get_plan`; required).

    Returns
    -------
    CheckResult
        The accepted :class:`Record` (None if there are errors), the errors and the warnings.

    Raises
    ------
    JnjpError
        For a file that cannot be read at all (:func:`read_rows`): not a regular file, an unreadable
        workbook, beyond the limits. Errors in its content are findings, not exceptions.
    PlanError
        For a plan whose record format is missing or disagrees with it (:func:`schema`).
    """
    pl = get_plan(plan)
    shipped = find_shipped_record(pl)
    p = Path(path) if path is not None else shipped_record(pl)
    rows, structural = read_rows(p, plan=pl)  # refuses a FIFO, a link loop, a file beyond the limits
    is_shipped = shipped is not None and p.resolve() == shipped.resolve()
    errors = [f for f in structural if f.level == "error"]
    if any(f.code in ("missing-column", "unknown-column", "duplicate-column") for f in errors):
        return CheckResult(str(p), None, errors, [])
    fl, bad = _frictionless_findings(rows, pl)
    errors += fl + _year_findings(rows, bad) + _bound_findings(rows, bad, pl) + _excel_unit_findings(rows, bad, pl)
    errors += _basis_findings(rows, pl)
    erred = {(e.file, e.sheet, e.row) for e in errors}  # a set: linear in rows and errors
    bad |= {(i, "value") for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    plaus = _plausibility_findings(rows, bad, pl)  # on the values that passed every check above
    errors += [f for f in plaus if f.level == "error"]
    erred |= {(e.file, e.sheet, e.row) for e in errors}
    bad_rows = {i for i, _ in bad} | {i for i, r in enumerate(rows) if (r.file, r.sheet, r.row) in erred}
    good = [r for i, r in enumerate(rows) if i not in bad_rows]
    notes: list[Finding] = []
    added = 0
    if with_shipped and not is_shipped and shipped is not None:
        good, notes, added = _with_shipped(good, pl)
    d = _frame(good, pl)
    found = notes + [f for f in plaus if f.level == "warning"] + _warnings(d, pl)
    errors += [f for f in found if f.level == "error"]  # the sign slips the consistency check finds
    warnings = [f for f in found if f.level == "warning"]
    errors.sort(key=lambda f: (f.file, f.sheet or "", f.row or 0))
    warnings.sort(key=lambda f: (f.file != str(p), f.file, f.sheet or "", f.row or 0))
    rec = None if errors else Record(d, warnings, str(p), shipped=is_shipped, added_from_shipped=added, plan=pl)
    return CheckResult(str(p), rec, errors, warnings)
