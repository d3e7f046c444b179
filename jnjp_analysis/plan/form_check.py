"""The checks of a filled plan form, sheet by sheet, against the plan's text (:func:`check_sheets`).

Each sheet's rows are checked by the shared rule set of a plan package (:mod:`jnjp_analysis.plan.rules`):
every value against its line of the text or its quoted sentence, read by position; names, kinds,
indicators and years against the form's layout (:mod:`jnjp_analysis.plan.form_layout`). What passes
is gathered in a :class:`Draft`, the package's parts; the units' sums are reconciled against the
catalogue's regional figures and shown, never corrected. Every finding goes to the import's report.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

from jnjp_analysis.checks import valid_date
from jnjp_analysis.errors import PlanError
from jnjp_analysis.plan import rules, statistics
from jnjp_analysis.plan.definition import EXEMPTIONS, TARGET_KINDS, Unit
from jnjp_analysis.plan.form_layout import (
    CAP_INDICATOR,
    CATALOGUE_COLS,
    CATALOGUE_SHEET,
    CONTROL_IDS,
    CONTROLS_SHEET,
    CUT_INDICATOR,
    ENERGY_INDICATORS,
    INDICATOR_UNITS,
    INDICATORS,
    INSTRUCTIONS_SHEET,
    KIND_COLUMNS,
    KIND_SPECS,
    KINDS,
    LABELS,
    LABELS_SHEET,
    LEVELS,
    NEEDS_KIND,
    NO,
    PERCENT_INDICATORS,
    PLAN_FIELDS,
    PLAN_SHEET,
    POLLUTANT_TARGETS,
    POLLUTANTS_SHEET,
    REDUCTION_INDICATOR,
    SCENARIOS_SHEET,
    SCOPES,
    STATISTICS_SHEET,
    TABLE_SHEETS,
    TABLES_SHEET,
    TARGETS_SHEET,
    UNITS_SHEET,
    YES,
)
from jnjp_analysis.plan.form_read import (
    Draft,
    FormReport,
    FormRow,
    PlanText,
    cell_number,
    cell_required,
    keyed_rows,
    num_str,
    short,
    table_rows,
)
from jnjp_analysis.plan.form_reconcile import _check_labels, _check_regional_carbon, _reconcile
from jnjp_analysis.plan.form_scenarios import _check_scenarios, energy_led

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_LABEL_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_URL = re.compile(r"^https?://[^\s]+$")


def _clean_occurrence(value_text: str, line: str) -> bool:
    """Whether ``value_text`` is on ``line`` and not only inside a longer number ("2" in "21", "1.2")."""
    i = line.find(value_text)
    while i >= 0:
        before = line[i - 1] if i > 0 else ""
        after = line[i + len(value_text):i + len(value_text) + 2]
        starts_digit, ends_digit = value_text[:1].isdigit(), value_text[-1:].isdigit()
        bad_before = starts_digit and (before.isdigit() or before == ".")
        bad_after = ends_digit and (after[:1].isdigit() or (after[:1] == "." and after[1:2].isdigit()))
        if not bad_before and not bad_after:
            return True
        i = line.find(value_text, i + 1)
    return False


# ------------------------------------------------------------------------------------ checking
def _check_plan(rows: dict[str, FormRow], ctx: FormReport, text: PlanText, d: Draft) -> None:
    for f in PLAN_FIELDS:
        if f.key not in rows:
            ctx.add("error" if f.required else "warning", "missing-field", f"no row for {f.key!r} ({f.en})",
                    PLAN_SHEET, hint="keep the rows the template writes")
    got: dict[str, Any] = {}
    for f in PLAN_FIELDS:
        r = rows.get(f.key)
        if r is None:
            continue
        v = r.text.get("value", "")
        at = r.at("value")
        if v == "":
            if f.required:
                ctx.add("error", "empty-required", f"{f.key!r} ({f.en}) is required", **at)
            continue
        if f.key in ("base_year", "target_year"):
            n = cell_number(r, "value", ctx, whole=True)
            if n is None:
                continue
            if not 1950 <= n <= 2099:
                ctx.add("error", "not-a-year", f"{v} is not a year (1950–2099)", value=v, **at)
                continue
            got[f.key] = int(n)
        elif f.key == "id" and not _PLAN_ID.match(v):
            ctx.add("error", "bad-id", f"id {short(v)} must be lower-case letters, digits, '-', '_', '.'", value=v,
                    hint="e.g. xizang-14fyp", **at)
        elif f.key == "level" and v not in LEVELS:
            close = difflib.get_close_matches(v, LEVELS, n=1)
            ctx.add("error", "unknown-level", f"unknown level {short(v)}", value=v,
                    hint=f"did you mean {close[0]!r}?" if close else f"one of {', '.join(LEVELS)}", **at)
        elif f.key.startswith("date_") and not valid_date(v):
            ctx.add("error", "bad-date", f"{short(v)} is not a date", value=v,
                    hint="YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-01-01", **at)
        elif f.key == "url" and not _URL.match(v):
            ctx.add("error", "bad-url", f"{short(v)} is not a web address", value=v,
                    hint="https://… as the browser shows it; leave it empty if the text was not found online", **at)
        else:
            got[f.key] = v
            if f.key in ("title", "issuer", "document_number", "region_name") and not text.holds_loosely(v):
                ctx.add("warning", "not-in-text", f"{f.key} {short(v)} is not found in the text: is it as printed?",
                        value=v, **at)
    base, target = got.get("base_year"), got.get("target_year")
    if base is not None and target is not None:
        at = rows["target_year"].at("value")
        if not base < target:
            ctx.add("error", "years", f"base year {base} must be before target year {target}", value=target,
                    hint="the base year is the one the targets are measured from", **at)
        elif target - base > 15:
            ctx.add("error", "years", f"period {base}-{target}: longer than 15 years", value=target, **at)
        else:
            rules.check_period(ctx, text.text, base, target, rows["base_year"].at("value"), at)
    for k in ("period_name_zh", "period_name_en"):
        if k in rows and not rows[k].text.get("value"):
            ctx.add("info", "period-name", f"no {k}: the pages name the period {base}-{target}", **rows[k].at("value"))
    if "url" in rows and not rows["url"].text.get("value"):
        ctx.add("info", "no-url", "where the text was found is left empty", **rows["url"].at("value"))
    d.plan = got



def _check_named(rows: list[FormRow], ctx: FormReport, text: PlanText, what: str, has_class: bool) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for r in rows:
        slug, name, name_en = (cell_required(r, k, ctx) for k in ("slug", "name", "name_en"))
        if slug and (not _SLUG.match(slug) or slug == "region"):
            ctx.add("error", "bad-slug", f"{short(slug)} is not a slug (a-z, 0-9, _, starting with a letter"
                    + ("; not 'region')" if what == "unit" else ")"), value=slug, **r.at("slug"))
            continue
        if not (slug and name and name_en):
            continue
        dup = next((o for o in out if o["slug"] == slug or o["name"] == name), None)
        if dup is not None:
            ctx.add("error", "duplicate", f"{what} {slug!r} / {name!r} appears twice (row {dup['_row']})",
                    **r.at("slug" if dup["slug"] == slug else "name"))
            continue
        if not text.holds_loosely(name):
            ctx.add("warning", "not-in-text", f"the {what}'s name {short(name)} is not found in the text: is it as printed?",
                    value=name, **r.at("name"))
        item = {"slug": slug, "name": name, "name_en": name_en, "_row": str(r.row)}
        if has_class:
            item["class"] = r.text.get("class", "")
        if what == "pollutant":
            target = r.text.get("target", "")
            if target and target not in POLLUTANT_TARGETS:
                close = difflib.get_close_matches(target.lower(), POLLUTANT_TARGETS, n=1)
                ctx.add("error", "unknown-pollutant-target", f"unknown target {short(target)} of pollutant {slug!r}",
                        value=target, hint=(f"did you mean {close[0]!r}? " if close else "") + "cap (an absolute cap in "
                        "the target year), cut (a cut from the base year, in percent) or reduction (the amount the key "
                        "projects remove by the target year, 10^4 t)", **r.at("target"))
                continue
            if not target:
                ctx.add("info", "pollutant-target-default", f"pollutant {slug!r}: no target type, 'cap' is used",
                        **r.at("target"))
            item["target"] = target or "cap"
        out.append(item)
    return out


def _locate(r: FormRow, value_text: str, ctx: FormReport, text: PlanText) -> int | None:
    """The line of the text a row's value is on: its ``source_line`` (checked against its ``quote``,
    if any), or the line of its value text within the quote. None (with an error) if neither holds."""
    line_v = cell_number(r, "source_line", ctx, required=False, whole=True)
    quote = r.text.get("quote", "")
    if line_v is None and not quote:
        if r.text.get("source_line", "") == "":
            ctx.add("error", "empty-required", "give the line of the text, or quote the sentence", **r.at("source_line"))
        return None
    n = len(text.lines)
    line = None
    if line_v is not None:
        line = int(line_v)
        if not 1 <= line <= n:
            ctx.add("error", "line-out-of-range", f"line {line} is not in the text ({n} lines)", value=line,
                    **r.at("source_line"))
            return None
    if quote:
        occ = text.occurrences(quote)
        if not occ:
            ctx.add("error", "quote-not-in-text", f"the quote is not in the text: {short(quote)}", value=quote,
                    hint="copy the sentence from the text itself (same characters, full-width punctuation)", **r.at("quote"))
            return None
        if value_text and value_text not in quote:
            ctx.add("error", "value-text-not-in-quote", f"the value text {short(value_text)} is not in its quote",
                    value=value_text, **r.at("value_text"))
            return None
        if line is not None:
            if quote not in text.lines[line - 1]:
                on = sorted({text.line_at(o) for o in occ})
                ctx.add("error", "quote-not-on-line", f"the quote is not on line {line} of the text",
                        value=quote, hint=f"it is on line {', '.join(map(str, on[:5]))}", **r.at("source_line"))
                return None
            return line
        lines = sorted({text.line_at(o + (quote.find(value_text) if value_text else 0)) for o in occ})
        if len(lines) > 1:
            ctx.add("error", "quote-ambiguous", f"the quote is on more than one line ({', '.join(map(str, lines[:5]))})",
                    value=quote, hint="give the line number too", **r.at("quote"))
            return None
        return lines[0]
    return line


def _check_value_text(r: FormRow, value: float | None, value_text: str, line: int, ctx: FormReport, text: PlanText,
                      percent: bool, unit_en: str, d: Draft, unit: str, indicator: str) -> None:
    """The value is read by position (the rule set, as the loader reads it: its own column of its own
    unit's table row, or the number its sentence gives for its indicator, never a piece of a longer number
    or a date), states one number, and that number is the value; a percent typed as a fraction (0.19 for
    19 %) or a percent where an amount belongs is an error with a hint."""
    from jnjp_analysis.plan.load import check_target_value, number_in

    n_before = len(ctx.errors)
    units = tuple(Unit(u["slug"], u["name"], u["name_en"], u.get("class", "")) for u in d.units)
    me = next((u for u in units if u.slug == unit), None)
    if me is not None:
        check_target_value(ctx, tuple(d.tables), text.lines, line, me, units, indicator, value_text, _words(d),
                           r.at("value_text"), sentence=r.text.get("quote", ""))
    if len(ctx.errors) > n_before:
        return
    try:
        said = number_in(value_text)
    except PlanError:
        ctx.add("error", "value-text-numbers", f"the value text {short(value_text)} must state exactly one number",
                value=value_text, hint="copy the literal of this one value, e.g. 19 or 2.9万吨", **r.at("value_text"))
        return
    if percent and ("万" in value_text or "吨" in value_text):
        ctx.add("error", "unit-mismatch", f"the value text {short(value_text)} is an amount, but the indicator is a "
                "percent", value=value_text, **r.at("value_text"))
        return
    if not percent and ("%" in value_text or "％" in value_text):
        ctx.add("error", "unit-mismatch", f"the value text {short(value_text)} is a percent, but the value is in "
                f"{unit_en}", value=value_text, hint="is it the right column or indicator?", **r.at("value_text"))
        return
    if value is None:
        return
    if percent and 0 < value < 1 and abs(value * 100 - said) < 1e-6:
        ctx.add("error", "percent-as-fraction", f"{num_str(value)} is a fraction, but the form asks for a percent "
                f"(the text says {value_text})", value=value, hint=f"did you mean {num_str(round(value * 100, 10))}?",
                **r.at("value"))
        return
    if said != value:
        ctx.add("error", "value-mismatch", f"value {num_str(value)} but its value text {short(value_text)} says "
                f"{num_str(said)}", value=value, hint=f"did you mean {num_str(said)}?", **r.at("value"))


def _words(d: Draft) -> dict[str, tuple[str, ...]]:
    return rules.family_words((p["slug"], p["name"]) for p in d.pollutants)


def _check_tables(rows: list[FormRow], ctx: FormReport, text: PlanText, d: Draft) -> None:
    """The Tables sheet: each target table of the text with its lines and its columns' indicators in printed
    order (the rule set checks them as the loader does; a header that names another indicator is warned)."""
    from jnjp_analysis.plan.load import ENERGY_INDICATORS as energy_inds
    from jnjp_analysis.plan.load import KIND_INDICATORS

    # every indicator is a column's name (a kind not declared is said on its Targets rows)
    suffix = {"cut": "cut_pct", "reduction": "reduction_10k_t"}
    known = [*energy_inds, *KIND_INDICATORS, *(f"{p['slug']}_{suffix.get(p.get('target', 'cap'), 'cap_10k_t')}"
                                             for p in d.pollutants)]
    tables, at = [], []
    for r in rows:
        name = cell_required(r, "name", ctx)
        first, last = (cell_number(r, k, ctx, whole=True) for k in ("first_line", "last_line"))
        header = cell_number(r, "header_line", ctx, required=False, whole=True)
        cols = [c.strip() for c in re.split(r"[,，、;；\s]+", cell_required(r, "columns", ctx)) if c.strip()]
        if not name or first is None or last is None or not cols:
            continue
        tables.append(rules.Table(name, int(first), int(last), tuple(cols), int(header or 0)))
        at.append(r.at("columns"))
    rules.check_tables(ctx, tables, len(text.lines), known, at, text.lines, _words(d))
    d.tables = tables


def known_indicators(d: Draft) -> list[str]:
    """The targets.csv indicators a unit may have under this form's declarations (the incentive level too).

    Parameters
    ----------
    d : Draft
        The form's checked parts (its controls).

    Returns
    -------
    list of str
        The indicators, in the order targets.csv lists them.
    """
    out = _unit_indicators(d)
    if _declared(d).get("intensity_cut", {}).get("incentive") and "intensity_incentive_cut_pct" not in out:
        out.insert(1, "intensity_incentive_cut_pct")
    return out


def _yes_no(r: FormRow, key: str, ctx: FormReport) -> bool | None:
    """A yes/no cell (yes, no, 是, 否; empty is no); None (with an error) for anything else."""
    v = r.text.get(key, "")
    if v.lower() in YES:
        return True
    if v == "" or v.lower() in NO:
        return False
    ctx.add("error", "bad-yes-no", f"{short(v)} is neither yes nor no", value=v, hint="yes (是) or no (否)",
            **r.at(key))
    return None


def _declared(d: Draft) -> dict[str, dict[str, Any]]:
    """The controlled indicators by kind: the Controls sheet's, or Tibet's 13th's two where it is empty."""
    if d.controls:
        return {c["kind"]: c for c in d.controls}
    return {k: {"kind": k, "id": CONTROL_IDS[k], "incentive": False, "exemption": "", "scope": "units"}
            for k in ("intensity_cut", "total_increment")}


def _check_controls(rows: list[FormRow], ctx: FormReport, d: Draft) -> None:
    """The Controls sheet: each kind once, its incentive, exemption and scope as its kind allows; a
    regional target from another document with its value in its quoted sentence and its source."""
    seen: dict[str, int] = {}
    for r in rows:
        kind = cell_required(r, "kind", ctx)
        if not kind:
            continue
        if kind not in TARGET_KINDS:
            close = difflib.get_close_matches(kind, list(TARGET_KINDS), n=1)
            ctx.add("error", "unknown-kind", f"unknown kind of controlled indicator {short(kind)}", value=kind,
                    hint=(f"did you mean {close[0]!r}? " if close else "") + f"valid: {', '.join(TARGET_KINDS)}",
                    **r.at("kind"))
            continue
        if kind in seen:
            ctx.add("error", "duplicate", f"kind {kind!r} appears twice (first on row {seen[kind]})", **r.at("kind"))
            continue
        seen[kind] = r.row
        incentive = _yes_no(r, "incentive", ctx)
        if incentive and kind != "intensity_cut":
            ctx.add("error", "incentive-not-intensity", f"an incentive level for {kind}: only the energy-intensity cut "
                    "(intensity_cut) has one (1310号's 激励目标)", value=r.text.get("incentive"),
                    hint="leave the cell empty (or no)", **r.at("incentive"))
            incentive = False
        exemption = r.text.get("exemption", "")
        if exemption and exemption not in EXEMPTIONS:
            close = difflib.get_close_matches(exemption, list(EXEMPTIONS), n=1)
            ctx.add("error", "unknown-exemption", f"unknown exemption rule {short(exemption)}", value=exemption,
                    hint=(f"did you mean {close[0]!r}? " if close else "") + f"valid: {', '.join(EXEMPTIONS)}",
                    **r.at("exemption"))
            exemption = ""
        elif exemption and kind != "total_increment":
            ctx.add("error", "exemption-not-total", f"an exemption for {kind}: only the total-consumption check "
                    "(total_increment) has one", value=exemption, hint="leave the cell empty", **r.at("exemption"))
            exemption = ""
        scope = r.text.get("scope", "") or "units"
        if scope not in SCOPES:
            ctx.add("error", "unknown-scope", f"unknown scope {short(scope)}", value=scope,
                    hint="units (a value per unit on the Targets sheet) or region (one regional carbon target)",
                    **r.at("scope"))
            scope = "units"
        elif scope not in KIND_SPECS[kind].scopes:
            ctx.add("error", "scope-region-not-carbon", f"scope {scope} for {kind}: this kind is set for "
                    f"{' or '.join(KIND_SPECS[kind].scopes)} only", value=scope, hint="give scope units and each unit's "
                    "value on the Targets sheet", **r.at("scope"))
            scope = "units"
        stated = r.text.get("stated", "") or "number"
        if stated not in ("number", "words"):
            ctx.add("error", "unknown-stated", f"unknown way of stating the total {short(stated)}", value=stated,
                    hint="number (a base and an increment per unit) or words (the text's sentence, quoted)",
                    **r.at("stated"))
            stated = "number"
        elif stated == "words" and kind != "total_increment":
            ctx.add("error", "stated-not-total", f"stated = words for {kind}: only the total-consumption control "
                    "(total_increment) may be stated in words", value=stated, hint="leave the cell empty",
                    **r.at("stated"))
            stated = "number"
        item: dict[str, Any] = {"kind": kind, "id": CONTROL_IDS[kind], "incentive": bool(incentive),
                                "exemption": exemption, "scope": scope, "stated": stated, "row": r.row, "_r": r}
        src_keys = ("source_title", "source_issuer", "source_date", "source_url", "quote")
        if stated == "words":  # the text's sentence, quoted verbatim (checked against the text in _check_word_total)
            item["words_quote"] = cell_required(r, "quote", ctx, "a total stated in words needs the text's sentence "
                                                "quoted verbatim ('quote')")
            if exemption:
                ctx.add("error", "exemption-words", "an exemption from a total stated in words: it is not graded as a "
                        "number, so there is nothing to exempt from", value=exemption, hint="empty the exemption",
                        **r.at("exemption"))
                item["exemption"] = ""
        elif scope == "region":
            item.update(_regional_control(r, kind, ctx))
        else:
            given = [k for k in ("value", *src_keys) if r.text.get(k)]
            if given:
                ctx.add("error", "region-only", f"{given[0]} is for scope region only (a regional target from another "
                        "document)", value=r.text[given[0]], hint="the units' values go on the Targets sheet; empty "
                        "the cell, or give scope region", **r.at(given[0]))
        d.controls.append(item)
    if not d.controls:
        return
    kinds = {c["kind"] for c in d.controls}
    # an energy-led plan declares its double control; a carbon-led one (a carbon-intensity cut and no energy one, the
    # 15th period's shape) may state its energy total in words or not at all, never as a number (plan.load's rule)
    carbon_led = "intensity_cut" not in kinds and "carbon_intensity_cut" in kinds
    for need in (() if carbon_led else ("intensity_cut", "total_increment")):
        if need not in kinds:
            ctx.add("error", "missing-control", f"the Controls sheet lacks {need!r}: a plan that declares its controlled "
                    "indicators declares its energy double control (intensity_cut and total_increment) too, unless it "
                    "is carbon led (a carbon_intensity_cut and no intensity_cut)",
                    CONTROLS_SHEET, hint="add a row for it, or leave the sheet empty for these two alone")
    total = next((c for c in d.controls if c["kind"] == "total_increment"), None)
    if carbon_led and total is not None and total.get("stated", "number") != "words":
        ctx.add("error", "numeric-total-without-intensity", "a numeric total_increment needs the energy intensity_cut "
                "beside it (energy double control); a carbon-led plan states its energy total in words or not at all",
                CONTROLS_SHEET, hint="give the total's row stated = words and its quote, or remove it")
    ex = next((c for c in d.controls if c["exemption"] == "incentive_met"), None)
    inc = next((c for c in d.controls if c["kind"] == "intensity_cut"), None)
    if ex is not None and not (inc and inc["incentive"]):
        where = f" (row {inc['row']})" if inc else ""
        ctx.add("error", "exemption-without-incentive", "exemption incentive_met exempts a unit that met its incentive "
                "intensity target, but the intensity_cut declares no incentive level", value=ex["exemption"],
                hint=f"set incentive = yes on the intensity_cut row{where} and give each unit's incentive level, "
                "or empty the exemption", **ex["_r"].at("exemption"))


def _regional_control(r: FormRow, kind: str, ctx: FormReport) -> dict[str, Any]:
    """A regional carbon target from another document: its value (a percent for a cut, 10^4 t CO2 for a
    cap), stated by its quoted sentence, and its source (title, issuer, date, URL, quote)."""
    pct = KIND_SPECS[kind].region_key == "value_pct"
    value = cell_number(r, "value", ctx, hint="type 12.24 for a 12.24 % cut (the percent sign is the column's)" if pct
                    else "type the number of 10^4 t CO2 alone", percent=pct)
    src = {k: cell_required(r, k, ctx, f"a regional target from another document needs its {k}")
           for k in ("source_title", "source_issuer", "source_date", "quote")}
    if src["source_date"] and not valid_date(src["source_date"]):
        ctx.add("error", "bad-date", f"{short(src['source_date'])} is not a date", value=src["source_date"],
                hint="YYYY-MM-DD, YYYY-MM or YYYY", **r.at("source_date"))
    url = r.text.get("source_url", "")
    if url and not _URL.match(url):
        ctx.add("error", "bad-url", f"{short(url)} is not a web address", value=url, **r.at("source_url"))
    quote = src["quote"]
    if value is not None and quote:
        said = f"{value:g}" if pct else num_str(value)
        pct_in_quote = any(f"{said}{c}" in quote for c in "%％")
        if pct and 0 < value < 1 and _clean_occurrence(f"{value * 100:g}", quote):
            ctx.add("error", "percent-as-fraction", f"{num_str(value)} is a fraction, but a cut is given in percent "
                    f"(the quote says {value * 100:g}%)", value=value, hint=f"did you mean {value * 100:g}?",
                    **r.at("value"))
        elif pct and value >= 100:
            ctx.add("error", "cut-not-below-100", f"a cut of {num_str(value)} % must be below 100 %", value=value,
                    **r.at("value"))
        elif not _clean_occurrence(said, quote):
            ctx.add("error", "value-not-in-quote", f"the value {said} is not in its quoted sentence: {short(quote)}",
                    value=value, hint="the number as the quote prints it", **r.at("value"))
        elif not pct and pct_in_quote:
            ctx.add("error", "unit-mismatch", f"the quote states {said} as a percent, but a CO2 cap is in 10^4 t CO2",
                    value=value, hint="is it a carbon_intensity_cut?", **r.at("value"))
    source = {"title": src["source_title"], "issuer": src["source_issuer"], "date": src["source_date"]}
    if url:
        source["url"] = url
    source["quote"] = quote
    return {"value": value, "source": source}


def _check_targets(rows: list[FormRow], ctx: FormReport, text: PlanText, d: Draft) -> None:
    slugs = [u["slug"] for u in d.units]
    pols = {p["slug"]: p.get("target", "cap") for p in d.pollutants}
    declared = _declared(d)
    pol_ind = {CAP_INDICATOR: ("cap", "_cap_10k_t"), CUT_INDICATOR: ("cut", "_cut_pct"),
               REDUCTION_INDICATOR: ("reduction", "_reduction_10k_t")}
    by_suffix = {sfx: name for name, (_, sfx) in pol_ind.items()}
    for r in rows:
        n_errors = len(ctx.errors)
        unit, ind = cell_required(r, "unit", ctx), cell_required(r, "indicator", ctx)
        pol = r.text.get("pollutant", "")
        ok = True
        if unit and unit not in slugs:
            by_name = next((u["slug"] for u in d.units if unit in (u["name"], u["name_en"])), None)
            close = by_name or next(iter(difflib.get_close_matches(unit, slugs, n=1)), None)
            ctx.add("error", "unknown-unit", f"unknown unit {short(unit)}: not a slug of the Units sheet "
                    f"({', '.join(slugs) or 'none'})", value=unit,
                    hint=f"did you mean {close!r}?" if close else "add the unit to the Units sheet", **r.at("unit"))
            ok = False
        if ind and ind not in INDICATORS:
            m = re.match(r"^([a-z][a-z0-9_]*?)(_cap_10k_t|_cut_pct|_reduction_10k_t)$", ind)
            if m and m.group(1) in pols and pol in ("", m.group(1)):  # targets.csv's spelling, accepted as it is
                ind, pol = by_suffix[m.group(2)], m.group(1)
            else:
                near = difflib.get_close_matches(ind, INDICATORS, n=1)
                ctx.add("error", "unknown-indicator", f"unknown indicator {short(ind)}", value=ind,
                        hint=(f"did you mean {near[0]!r}? " if near else "") + f"valid: {', '.join(INDICATORS)}",
                        **r.at("indicator"))
                ok = False
        if ind in pol_ind:
            want, _ = pol_ind[ind]
            if not pol:
                ctx.add("error", "empty-required", f"a pollutant {want} needs its pollutant", **r.at("pollutant"))
                ok = False
            elif pol not in pols:
                close = next(iter(difflib.get_close_matches(pol, list(pols), n=1)), None)
                ctx.add("error", "unknown-pollutant", f"unknown pollutant {short(pol)}: not a slug of the Pollutants "
                        f"sheet ({', '.join(pols) or 'none'})", value=pol,
                        hint=f"did you mean {close!r}?" if close else "add it to the Pollutants sheet", **r.at("pollutant"))
                ok = False
            elif pols[pol] != want:
                other = next(n for n, (w, _) in pol_ind.items() if w == pols[pol])
                ctx.add("error", "pollutant-target-mismatch", f"a {want} of {pol}, whose target the Pollutants sheet "
                        f"gives as a {pols[pol]}", value=ind, hint=f"choose {other}, or change the pollutant's target "
                        "on the Pollutants sheet", **r.at("indicator"))
                ok = False
        elif ind in INDICATORS and pol:
            ctx.add("error", "pollutant-not-pollutant-indicator", f"a pollutant ({short(pol)}) for {ind}, which is not "
                    "a pollutant's target", value=pol,
                    hint=f"empty the pollutant cell, or choose {CAP_INDICATOR}, {CUT_INDICATOR} or {REDUCTION_INDICATOR}",
                    **r.at("pollutant"))
            ok = False
        if ind in NEEDS_KIND:
            k = NEEDS_KIND[ind]
            c = declared.get(k)
            if c is None or c["scope"] != "units" or (k == "intensity_cut" and not c["incentive"]):
                what = ("an intensity_cut with incentive = yes" if k == "intensity_cut" else f"{k} with scope units")
                ctx.add("error", "kind-not-declared", f"{ind}: the Controls sheet declares no {what}", value=ind,
                        hint=f"declare {what} on the Controls sheet, or remove the row", **r.at("indicator"))
                ok = False
        percent = ind in PERCENT_INDICATORS
        value = cell_number(r, "value", ctx, hint="type 19 for a 19 % cut (the percent sign is the column's)" if percent
                        else None, percent=percent if ind in INDICATORS else None)
        if value is not None and percent and value >= 100:
            ctx.add("error", "cut-not-below-100", f"a cut of {num_str(value)} % must be below 100 %",
                    value=value, **r.at("value"))
        value_text = cell_required(r, "value_text", ctx, "the value as printed ('value_text')")
        line = _locate(r, value_text, ctx, text)
        if line is not None and value_text and ok and unit and ind:
            key_ind = f"{pol}{pol_ind[ind][1]}" if ind in pol_ind else ind
            _check_value_text(r, value, value_text, line, ctx, text, percent, INDICATOR_UNITS.get(ind, ("", "its unit"))[1],
                              d, unit, key_ind)
        if not ok or not unit or not ind:
            continue
        key = (unit, f"{pol}{pol_ind[ind][1]}" if ind in pol_ind else ind)
        if key in d.targets:
            ctx.add("error", "duplicate", f"({unit}, {key[1]}) appears twice (first on row {d.targets[key]['row']})",
                    **r.at("indicator"))
            continue
        d.targets[key] = {"value": value, "value_text": value_text, "line": line, "row": r.row,
                          "quote": r.text.get("quote", ""), "note": r.text.get("note", ""), "_r": r,
                          "_clean": len(ctx.errors) == n_errors}
    energy = {u["slug"]: (d.targets[(u["slug"], "energy_base_10k_tce")]["value"],
                          d.targets[(u["slug"], "increment_10k_tce")]["value"]) for u in d.units
              if all(d.targets.get((u["slug"], k), {}).get("value") is not None
                     for k in ("energy_base_10k_tce", "increment_10k_tce"))}
    rules.check_energy_plausible(ctx, energy, {u["slug"]: u["name"] for u in d.units},
                                 {s: d.targets[(s, "increment_10k_tce")]["_r"].at("value") for s in energy})
    for u in d.units:
        missing = [i for i in _unit_indicators(d) if (u["slug"], i) not in d.targets]
        if missing:
            ctx.add("error", "missing-target", f"unit {u['slug']!r} ({u['name']}) lacks {', '.join(missing)}",
                    TARGETS_SHEET, hint="one row per unit and indicator: the energy targets, the kinds the Controls "
                    "sheet declares, and every pollutant's cap or cut")
        basic = d.targets.get((u["slug"], "intensity_cut_pct"), {})
        inc = d.targets.get((u["slug"], "intensity_incentive_cut_pct"), {})
        if basic.get("_clean") and inc.get("_clean") and inc["value"] < basic["value"]:  # both rows as printed
            ctx.add("error", "incentive-below-basic", f"unit {u['slug']!r}: incentive cut {num_str(inc['value'])} % is "
                    f"below its basic target {num_str(basic['value'])} % (row {basic['row']})", value=inc["value"],
                    hint="the incentive level is the larger cut (激励目标 ≥ 基本目标): are the two rows swapped?",
                    **inc["_r"].at("value"))


def _unit_indicators(d: Draft) -> list[str]:
    """The targets.csv indicators every unit has, in the order written: the energy targets, the declared
    kinds' (the carbon targets), then each pollutant's cap or cut. The incentive level is not among
    them: a plan may set one for some units only (a unit without one is checked on its total as usual)."""
    declared = _declared(d)
    words = _total_in_words(d)  # no base-year consumption or increment: never a made-up one
    # a carbon-led plan (controls declared, no intensity_cut) has no energy targets at all
    out = [i for i in ENERGY_INDICATORS if energy_led(d) and not (words and i in _NUMERIC_TOTAL)]
    for ind, (sp, col) in KIND_COLUMNS.items():  # the declared kinds' required columns (plan.kinds)
        c = declared.get(sp.kind)
        if ind not in out and col.required and c is not None and c["scope"] == "units" and not (words and ind in _NUMERIC_TOTAL):
            out.append(ind)
    out += [f"{p['slug']}_cap_10k_t" for p in d.pollutants if p.get("target", "cap") == "cap"]
    out += [f"{p['slug']}_cut_pct" for p in d.pollutants if p.get("target") == "cut"]
    out += [f"{p['slug']}_reduction_10k_t" for p in d.pollutants if p.get("target") == "reduction"]
    return out


_NUMERIC_TOTAL = ("energy_base_10k_tce", "increment_10k_tce")  # a unit's numeric total: base and increment


def _total_in_words(d: Draft) -> bool:
    """Whether the Controls sheet states the total-consumption control in words."""
    return any(c["kind"] == "total_increment" and c.get("stated") == "words" for c in d.controls)


def _check_word_total(ctx: FormReport, text: PlanText, d: Draft) -> None:
    """A total stated in words: its quote is the text's own words, and no unit has a base-year
    consumption or an increment (a number the text does not give)."""
    c = next((c for c in d.controls if c["kind"] == "total_increment" and c.get("stated") == "words"), None)
    if c is None:
        return
    quote = c.get("words_quote", "")
    if quote and quote not in text.text:
        ctx.add("error", "quote-not-in-text", f"the total's words are not in the text: {short(quote)}", value=quote,
                hint="copy the sentence from the text exactly (same characters and punctuation)", **c["_r"].at("quote"))
    for (unit, ind), t in d.targets.items():
        if ind in _NUMERIC_TOTAL:
            ctx.add("error", "number-with-words-total", f"unit {unit!r} has {ind}, but the Controls sheet states the "
                    f"total in words (row {c['row']})", value=t["value"], hint="delete the row, or state the total "
                    "as a number (stated = number)", **t["_r"].at("indicator"))


def _check_catalogue(rows: list[FormRow], ctx: FormReport, text: PlanText, d: Draft) -> None:
    from jnjp_analysis.errors import CatalogueError
    from jnjp_analysis.plan.catalogue import value_from_text

    seen: dict[str, int] = {}
    for r in rows:
        vals = {c.key: (cell_required(r, c.key, ctx) if c.required else r.text.get(c.key, "")) for c in CATALOGUE_COLS}
        tid = vals["target_id"]
        if tid and not _SLUG.match(tid):
            ctx.add("error", "bad-slug", f"target id {short(tid)} must be a-z, 0-9, _", value=tid, **r.at("target_id"))
        if tid in seen:
            ctx.add("error", "duplicate", f"target {tid!r} appears twice (first on row {seen[tid]})", **r.at("target_id"))
        seen.setdefault(tid, r.row)
        kind = vals["kind"]
        if kind and kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1)
            ctx.add("error", "unknown-kind", f"unknown kind {short(kind)}", value=kind,
                    hint=(f"did you mean {close[0]!r}? " if close else "") + f"valid: {', '.join(KINDS)}", **r.at("kind"))
        years = {}
        for k in ("base_year", "target_year"):
            y = cell_number(r, k, ctx, required=False, whole=True)
            if y is not None and not 1950 <= y <= 2099:
                ctx.add("error", "not-a-year", f"{num_str(y)} is not a year (1950–2099)", value=y, **r.at(k))
                y = None
            years[k] = None if y is None else int(y)
        if years["base_year"] and years["target_year"] and not years["base_year"] < years["target_year"]:
            ctx.add("error", "years", f"base year {years['base_year']} must be before target year {years['target_year']}",
                    value=years["target_year"], **r.at("target_year"))
        value = cell_number(r, "value", ctx, required=False)
        clause, quote, vt, unit = vals["clause"], vals["quote"], vals["value_text"], vals["unit"]
        if clause and clause[1:-1] + " )" not in text.text and clause not in text.text:
            ctx.add("error", "clause-not-in-text", f"the clause {short(clause)} is not found in the text", value=clause,
                    hint="as printed, e.g. （二）", **r.at("clause"))
        if quote and quote not in text.text:
            ctx.add("error", "quote-not-in-text", f"the quote is not in the text: {short(quote)}", value=quote,
                    hint="copy the sentence from the text itself (same characters, full-width punctuation)", **r.at("quote"))
        elif quote and vt and vt not in quote:
            ctx.add("error", "value-text-not-in-quote", f"the value text {short(vt)} is not in its quote", value=vt,
                    **r.at("value_text"))
        elif quote and vt:
            try:
                said = value_from_text(vt)
                if len(re.findall(r"\d+(?:\.\d+)?", vt)) > 1:
                    raise ValueError
            except (CatalogueError, ValueError):
                ctx.add("error", "value-text-numbers", f"the value text {short(vt)} must state one number (or a word "
                        "such as 全面, 零增长)", value=vt, **r.at("value_text"))
            else:
                pct = "%" in unit or "％" in unit
                if math.isnan(said) and value is not None:
                    ctx.add("error", "value-mismatch", f"value {num_str(value)} but its value text {short(vt)} states "
                            "no number", value=value, hint="leave the value empty", **r.at("value"))
                elif not math.isnan(said) and value is None and r.text.get("value", "") == "" \
                        and not any(ch.isdigit() for ch in vt):  # a word target (全面, 零增长): its value is the word's
                    value = said
                    ctx.add("info", "word-value", f"the value text {short(vt)} is a word: its value {num_str(said)} "
                            "is used", value=vt, **r.at("value"))
                elif not math.isnan(said) and value is None and r.text.get("value", "") == "":
                    ctx.add("error", "empty-required", f"the value is required: its value text says {num_str(said)}",
                            hint=f"type {num_str(said)} (the number alone)", **r.at("value"))
                elif value is not None and pct and 0 < value < 1 and abs(value * 100 - said) < 1e-6:
                    ctx.add("error", "percent-as-fraction", f"{num_str(value)} is a fraction, but the unit {unit!r} "
                            f"is a percent (the text says {vt})", value=value,
                            hint=f"did you mean {num_str(round(value * 100, 10))}?", **r.at("value"))
                elif value is not None and not math.isnan(said) and said != value:
                    ctx.add("error", "value-mismatch", f"value {num_str(value)} but its value text {short(vt)} says "
                            f"{num_str(said)}", value=value, hint=f"did you mean {num_str(said)}?", **r.at("value"))
                elif not pct and ("%" in vt or "％" in vt):
                    ctx.add("error", "unit-mismatch", f"the value text {short(vt)} is a percent, but the unit is "
                            f"{short(unit)}", value=vt, hint="the unit of a percent is '%' or '% cut'", **r.at("unit"))
                else:
                    from jnjp_analysis.plan.load import check_catalogue_row

                    check_catalogue_row(ctx, text.text, tid, vt, quote, _words(d), r.at("value_text"), r.at("quote"))
        d.catalogue.append({**vals, **{k: ("" if v is None else str(v)) for k, v in years.items()},
                            "value": "" if value is None else num_str(value), "_row": r.row,
                            "_cell": r.at("value")["cell"], "_value": value})


def _check_statistics(rows: list[FormRow], ctx: FormReport, d: Draft) -> None:
    """The Statistics sheet, by the rule set of ``statistics.csv`` (:func:`jnjp_analysis.plan.statistics.check`):
    each problem an error naming its cell."""
    base = d.plan.get("base_year")
    if not rows or not isinstance(base, int):
        return  # no rows, or no base year to check them against (the Plan sheet's error says so)
    by_row = {r.row: r for r in rows}
    _, problems = statistics.check(((r.row, r.text) for r in rows), base, [u["slug"] for u in d.units])
    for p in problems:
        ctx.add("error", p.code, p.why, value=by_row[p.row].text.get(p.column), **by_row[p.row].at(p.column))
    if not problems:
        d.statistics = [{k: r.text.get(k, "") for k in statistics.COLUMNS} for r in rows]


def check_sheets(sheets: dict[str, list[list[object]]], ctx: FormReport, text: PlanText) -> Draft:
    """Check every sheet of a filled form against the plan's text, in the form's order, and reconcile the
    units' sums against the catalogue's regional figures where there is no error.

    Parameters
    ----------
    sheets : dict of str to list of list
        The workbook's sheets by name, as :func:`jnjp_analysis.plan.form_read.read_sheets` reads them.
    ctx : FormReport
        The import's report: every finding is added to it.
    text : PlanText
        The plan's text.

    Returns
    -------
    Draft
        What the form says, checked (complete only where ``ctx`` holds no error).
    """
    known = (INSTRUCTIONS_SHEET, PLAN_SHEET, *TABLE_SHEETS)
    for name in sheets:
        if name not in known and sheets[name]:
            ctx.add("warning", "extra-sheet", f"sheet {name!r} is not part of the form: it is not read", name)
    d = Draft()
    _check_plan(keyed_rows(PLAN_SHEET, sheets.get(PLAN_SHEET), ctx, [f.key for f in PLAN_FIELDS], ("value",)), ctx, text, d)
    d.units = _check_named(table_rows(UNITS_SHEET, sheets.get(UNITS_SHEET), ctx), ctx, text, "unit", True)
    if not d.units and UNITS_SHEET in sheets:
        ctx.add("error", "empty-sheet", "no units", UNITS_SHEET, hint="one row per unit the plan allocates targets to")
    d.pollutants = _check_named(table_rows(POLLUTANTS_SHEET, sheets.get(POLLUTANTS_SHEET), ctx), ctx, text, "pollutant",
                                False)
    _check_controls(table_rows(CONTROLS_SHEET, sheets.get(CONTROLS_SHEET), ctx), ctx, d)
    _check_tables(table_rows(TABLES_SHEET, sheets.get(TABLES_SHEET), ctx), ctx, text, d)
    _check_targets(table_rows(TARGETS_SHEET, sheets.get(TARGETS_SHEET), ctx), ctx, text, d)
    _check_catalogue(table_rows(CATALOGUE_SHEET, sheets.get(CATALOGUE_SHEET), ctx), ctx, text, d)
    _check_regional_carbon(ctx, d)
    _check_word_total(ctx, text, d)
    _check_labels(keyed_rows(LABELS_SHEET, sheets.get(LABELS_SHEET), ctx, [k for k, _, _ in LABELS],
                              ("zh", "en"), _LABEL_KEY), ctx, d)
    if sheets.get(STATISTICS_SHEET):  # optional: a form without it, or with it empty, imports
        _check_statistics(table_rows(STATISTICS_SHEET, sheets[STATISTICS_SHEET], ctx), ctx, d)
    if sheets.get(SCENARIOS_SHEET):  # optional: empty or absent, the import writes the placeholder scenario
        _check_scenarios(table_rows(SCENARIOS_SHEET, sheets[SCENARIOS_SHEET], ctx), ctx, d)
    if not ctx.errors:
        _reconcile(ctx, d)
    return d
