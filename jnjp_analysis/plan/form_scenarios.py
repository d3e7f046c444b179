"""The plan form's Scenarios sheet (情景 Scenarios): its rows checked by the scenario reader's own rules
(:mod:`jnjp_analysis.plan.scenario_rules`) and pivoted into the rows of ``scenarios.csv``; and whether a plan
takes scenarios at all (:func:`energy_led`: a carbon-led plan has no energy trajectory to project).
"""

from __future__ import annotations

import difflib
from typing import Any

from jnjp_analysis.errors import JnjpError
from jnjp_analysis.plan import scenario_rules
from jnjp_analysis.plan.form_read import Draft, FormReport, FormRow, cell_number, cell_required, num_str, short


def energy_led(d: Draft) -> bool:
    """Whether the plan sets an energy-intensity cut (a form without controls declares Tibet's 13th's two): a
    carbon-led plan has no energy trajectory for a scenario to project, hence no scenario file."""
    return not d.controls or any(c.get("kind") == "intensity_cut" for c in d.controls)


def _check_scenarios(rows: list[FormRow], ctx: FormReport, d: Draft) -> None:
    """The Scenarios sheet (long form: one row per scenario x unit x parameter x year), by the scenario reader's
    own cell and block rules (:mod:`jnjp_analysis.plan.scenario_rules`), each problem an error naming its cell;
    pivoted into ``d.scenarios``, the rows of ``scenarios.csv`` (one column per year), where there is none."""
    base, target = d.plan.get("base_year"), d.plan.get("target_year")
    if not rows:
        return
    if not energy_led(d):
        ctx.add("error", "scenarios-carbon-led", "the plan declares no energy-intensity cut (intensity_cut): a "
                "carbon-led plan has no energy trajectory to project, so it takes no scenarios",
                hint="leave the Scenarios sheet empty, or declare intensity_cut on the Controls sheet",
                **rows[0].at("scenario"))
        return
    if not isinstance(base, int) or not isinstance(target, int) or not d.units:
        return  # no period or units to check the rows against (the Plan or Units sheet's error says so)
    n_errors = len(ctx.errors)
    years = [str(y) for y in range(base + 1, target + 1)]
    slugs = [u["slug"] for u in d.units]
    valid = scenario_rules.parameters(x["slug"] for x in d.pollutants)
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        name = cell_required(r, "scenario", ctx)
        unit = cell_required(r, "unit", ctx)
        param = cell_required(r, "parameter", ctx)
        rationale = cell_required(r, "rationale", ctx, "the rationale (where the number comes from)")
        if name and not name.replace("_", "").replace("-", "").isalnum():
            ctx.add("error", "bad-scenario-name", f"bad scenario name {short(name)}", value=name,
                    hint="letters, digits, - and _, e.g. central", **r.at("scenario"))
        if unit and unit not in slugs:
            close = difflib.get_close_matches(unit, slugs, n=1)
            ctx.add("error", "unknown-unit", f"unknown unit {short(unit)}", value=unit,
                    hint=f"did you mean {close[0]!r}?" if close else f"a slug of the Units sheet: {', '.join(slugs)}",
                    **r.at("unit"))
        if param and param not in valid:
            close = difflib.get_close_matches(param, valid, n=1)
            ctx.add("error", "unknown-parameter", f"unknown parameter {short(param)}", value=param,
                    hint=f"did you mean {close[0]!r}?" if close else f"valid: {', '.join(valid)}", **r.at("parameter"))
        y = cell_number(r, "year", ctx, whole=True, hint=f"a year of the period: {years[0]}–{years[-1]}")
        year = str(int(y)) if y is not None else ""
        if year and year not in years:
            ctx.add("error", "year-outside-period", f"{year} is not a year of the plan's period after its base year "
                    f"{base}", value=year, hint=f"the years are {years[0]}–{years[-1]}", **r.at("year"))
            year = ""
        status = r.text.get("status", "")
        if status not in scenario_rules.STATUSES:
            ctx.add("error", "bad-status", f"{short(status)} is not a status", value=status,
                    hint="empty, or placeholder (a named placeholder, not a forecast)", **r.at("status"))
        value: float | str | None = None
        if r.text.get("value", "") == "":
            ctx.add("error", "empty-required", "'value' is required", **r.at("value"))
        elif param in valid:
            try:
                value = scenario_rules.cell(param, r.text["value"], "value", year)
            except JnjpError as exc:
                ctx.add("error", "bad-scenario-value", str(exc), value=r.text["value"],
                        hint="a fraction (0.08 for 8 %), or even (intensity_cut) / implied (gdp_growth)", **r.at("value"))
        if not (name and unit and param and year) or value is None:
            continue
        g = groups.setdefault((name, unit, param), {"first": r, "cells": {}, "rationale": rationale, "placeholder": False})
        if year in g["cells"]:
            ctx.add("error", "duplicate-year", f"{name}, {unit}, {param}: year {year} is also on row "
                    f"{g['cells'][year][0].row}", value=year, **r.at("year"))
            continue
        if rationale and g["rationale"] != rationale:
            if g["rationale"]:
                ctx.add("error", "rationale-conflict", f"{name}, {unit}, {param}: a second rationale (row "
                        f"{g['first'].row} gives another); one rationale per scenario, unit and parameter",
                        value=rationale, hint="give the same rationale on every row of the group", **r.at("rationale"))
            else:
                g["rationale"] = rationale
        g["cells"][year] = (r, value)
        g["placeholder"] |= status == "placeholder"
    if len(ctx.errors) > n_errors:
        return
    for (name, unit, param), g in groups.items():
        missing = [y for y in years if y not in g["cells"]]
        if missing:
            ctx.add("error", "missing-year", f"{name}, {unit}, {param}: no row for year(s) {', '.join(missing)}; "
                    f"every year {years[0]}–{years[-1]} must be given", hint="add a row per missing year",
                    **g["first"].at("year"))
    blocks: dict[tuple[str, str], list[str]] = {}
    for name, unit, param in groups:
        blocks.setdefault((name, unit), []).append(param)
    for (name, unit), params in blocks.items():
        problem = scenario_rules.block_problem(params)
        first = groups[(name, unit, params[0])]["first"]
        if problem == "no-gdp-growth":
            ctx.add("error", problem, f"scenario {name}, {unit}: no gdp_growth rows", hint="add its GDP growth",
                    **first.at("parameter"))
        elif problem:
            modes = [m for m in scenario_rules.ENERGY_MODES if m in params]
            ctx.add("error", problem, f"scenario {name}, {unit}: needs exactly one of "
                    f"{', '.join(scenario_rules.ENERGY_MODES)}, found {', '.join(modes) or 'none'}", **first.at("parameter"))
    if len(ctx.errors) > n_errors:
        return

    def text(v: float | str) -> str:
        return v if isinstance(v, str) else num_str(v)

    d.scenarios = [[name, unit, param, *(text(g["cells"][y][1]) for y in years), g["rationale"],
                    "placeholder" if g["placeholder"] else ""] for (name, unit, param), g in groups.items()]
