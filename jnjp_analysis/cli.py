"""The ``jnjp`` command: ``jnjp data | check | build | scenarios | record check | record template | plan …``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from jnjp_analysis.files import terminal_safe


def _plan(args: argparse.Namespace):
    from jnjp_analysis.plan.load import load

    return load(args.plan)


def _cmd_data(args: argparse.Namespace) -> int:
    from jnjp_analysis.plan import catalogue as targets

    # every table is computed (and the plan text verified) before the first file is written
    for f in targets.write_processed(args.out, plan=_plan(args)):
        print(f"wrote {f}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    import pandas as pd

    from jnjp_analysis.plan import catalogue as targets

    plan = _plan(args)
    rec = targets.reconcile(plan=plan)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.max_colwidth", 60):
        print(terminal_safe(f"Reconciliation ({plan.id}, {plan.base_year}-{plan.target_year}): the units' "
                            "targets against the plan's regional figures"))
        print(rec.drop(columns=["note"]).to_string(index=False))
    over = rec[rec["status"] == "exceeds"]
    for r in over.itertuples():
        print(f"NOTE: {r.indicator}: prefecture caps sum to {r.units_sum:g} {r.unit}, "
              f"regional cap {r.regional:g} {r.unit} (+{r.difference:g})")
    # The mismatches are in the published plan itself, not errors of this package: exit 0.
    return 0


def _cmd_plan_list(args: argparse.Namespace) -> int:
    from jnjp_analysis.plan.load import load, plan_ids

    for pid in plan_ids():
        p = load(pid)
        print(terminal_safe(f"{pid}\t{p.base_year}-{p.target_year}\t{len(p.units)} {p.level} unit(s)\t{p.title}"))
    return 0


def _cmd_plan_check(args: argparse.Namespace) -> int:
    import pandas as pd

    from jnjp_analysis.plan import catalogue
    from jnjp_analysis.plan.load import load

    p = load(args.dir)
    print(terminal_safe(f"{p.folder}: plan {p.id}, {p.title} ({p.base_year}-{p.target_year}), "
                        f"{len(p.units)} unit(s), {len(p.pollutants)} pollutant(s); text verified"))
    cat = catalogue.regional_targets(plan=p)
    print(f"catalogue: {len(cat)} target(s), every quote found in the text")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(terminal_safe(catalogue.reconcile(plan=p).drop(columns=["note"]).to_string(index=False)))
    kinds = [c.kind + (" (incentive)" if c.incentive else "") + (f" (exempt: {c.exemption})" if c.exemption else "")
             + (" (region)" if c.scope == "region" else "") for c in p.controls]
    pols = ([f"{q.slug} cap" for q in p.pollutants] + [f"{q.slug} cut" for q in p.cut_pollutants]
            + [f"{q.slug} reduction" for q in p.reduction_pollutants])
    print(terminal_safe(f"controls: {', '.join(kinds)}; pollutants: {', '.join(pols) or 'none'}"))
    # what a build reads besides: the scenarios and the record format with its shipped record
    from jnjp_analysis import scenarios
    from jnjp_analysis.records import core as records

    if p.scenario_file.is_file():
        sset = scenarios.load(str(p.scenario_file), plan=p)
        print(terminal_safe(f"scenarios: {', '.join(sset)} ({p.scenario_file.name}, every row read)"))
    else:
        print(terminal_safe(f"scenarios: none ({p.scenario_file} is missing: a build needs a scenario 'central')"))
    shipped = records.find_shipped_record(p) if (p.records_dir / records.SCHEMA_NAME).is_file() else None
    if shipped is None:
        print(terminal_safe(f"record: none ({p.records_dir}/ has no record format or no record: a build needs both)"))
    else:
        rec = records.load(None, with_shipped=True, plan=p)
        print(terminal_safe(f"record: {shipped.name}, {len(rec.data)} row(s), {len(rec.warnings)} warning(s)"))
    return 0


def _cmd_plan_template(args: argparse.Namespace) -> int:
    from jnjp_analysis.plan import form

    p = form.write_template(args.file, force=args.force)
    print(terminal_safe(f"wrote {p}: fill it from the plan's text, then run: jnjp plan import {p.name} --text PLAN.txt "
                        "DIR (DIR named as the plan's id)"))
    return 0


def _cmd_plan_import(args: argparse.Namespace) -> int:
    """Every finding of a plan form; exit 0 if the package was written, 2 if the form was refused."""
    from jnjp_analysis.plan import form

    try:
        out, findings = form.import_form(args.file, args.text, args.dir, force=args.force)
    except form.FormRefused as exc:
        for f in exc.findings:
            print(terminal_safe(f))
        errors = [f for f in exc.findings if f.level == "error"]
        print(terminal_safe(f"{args.file}: refused: {len(errors)} error(s), "
                            f"{sum(f.level == 'warning' for f in exc.findings)} warning(s); nothing written"))
        return 2
    for f in findings:
        print(terminal_safe(f))
    print(terminal_safe(f"wrote {out}: {sum(f.level == 'warning' for f in findings)} warning(s); it loads "
                        f"(check it with: jnjp plan check {args.dir})"))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from jnjp_analysis.build import runner
    from jnjp_analysis.i18n import SHOW_KEYS_ENV

    if not getattr(args, "show_keys", False):
        return runner.main(args)
    before = os.environ.get(SHOW_KEYS_ENV)
    os.environ[SHOW_KEYS_ENV] = "1"  # a debug build: every text followed by its key (the kernels inherit it)
    try:
        return runner.main(args)
    finally:  # the caller's environment as it was (a test, a notebook calling main)
        if before is None:
            os.environ.pop(SHOW_KEYS_ENV, None)
        else:
            os.environ[SHOW_KEYS_ENV] = before


def _cmd_scenarios(args: argparse.Namespace) -> int:
    import pandas as pd

    from jnjp_analysis import scenarios

    plan = _plan(args)
    sset = scenarios.load(args.file, plan=plan)
    table = scenarios.compliance_table(sset, plan=plan)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return 0


def _cmd_record_check(args: argparse.Namespace) -> int:
    """Every error and warning of a record file; exit 0 if accepted (warnings or not), 2 if refused."""
    import json

    from jnjp_analysis.pages.words import with_message
    from jnjp_analysis.records import core as records

    # what the pages will show: the file with the shipped values it lacks (unless --alone)
    plan = _plan(args)
    res = records.check(args.file, with_shipped=not args.alone, plan=plan)
    findings = [with_message(f, plan=plan) for f in res.findings]  # a warning is a code: said in English here
    if args.json:
        print(json.dumps({"file": res.path, "accepted": res.ok, "findings": [f.as_dict() for f in findings]},
                         ensure_ascii=False, indent=1, default=str))
    else:
        for f in findings:
            print(terminal_safe(f))
        rec = res.record
        n = rec.values().shape[0] - rec.added_from_shipped if rec is not None else 0
        plus = f" (+{rec.added_from_shipped} shipped value(s) the pages add)" if rec is not None and rec.added_from_shipped else ""
        verdict = (f"accepted: {n} value(s){plus}, {len(res.warnings)} warning(s)" if res.ok else
                   f"refused: {len(res.errors)} error(s), {len(res.warnings)} warning(s)")
        print(terminal_safe(f"{res.path}: {verdict}"))
    return 0 if res.ok else 2


def _cmd_record_template(args: argparse.Namespace) -> int:
    from jnjp_analysis.records import form as record_template
    from jnjp_analysis.records.schema import unit_keys

    plan = _plan(args)
    units = args.unit or list(unit_keys(plan))
    p = record_template.write(args.file, units, prefill=not args.empty, force=args.force, plan=plan)
    print(terminal_safe(f"wrote {p} ({len(units)} unit sheet(s); check it with: jnjp record check {p.name})"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``jnjp``, with its subcommands and their options.

    Returns
    -------
    argparse.ArgumentParser
        The parser; each subcommand sets ``func``, the function that runs it.
    """
    p = argparse.ArgumentParser(prog="jnjp", description="energy-saving plan analysis: any plan package (--plan); the default is the shipped xizang-13fyp")
    p.add_argument("--allow-modified-source", action="store_true",
                   help="read the plan text even if its SHA-256 differs from the hash in its package's datapackage.json "
                        "(say so only if you replaced the text on purpose)")
    p.add_argument("--plan", default=None, metavar="ID|DIR",
                   help="a shipped plan's id (`jnjp plan list`) or a plan package folder (default: xizang-13fyp)")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("data", help="write the plan's processed tables (data/processed/<plan>/) from its package")
    d.add_argument("--out", type=Path, default=None, help="output folder (default data/processed/<plan>)")
    d.set_defaults(func=_cmd_data)
    c = sub.add_parser("check", help="print the reconciliation of unit and regional figures")
    c.set_defaults(func=_cmd_check)
    b = sub.add_parser("build", help="render every briefing to HTML (papermill + nbconvert)")
    b.add_argument("--unit", "-u", "-p", action="append", default=None,
                   help="slug or name; repeat for several (default: all of the plan's units)")
    b.add_argument("--lang", "-l", action="append", default=None, help="zh or en; repeat (default: both)")
    b.add_argument("--jobs", "-j", type=int, default=None, help="parallel notebooks (default: CPU count)")
    b.add_argument("--out", "-o", type=Path, default=None, help="output folder (default reports/)")
    b.add_argument("--no-overview", action="store_true", help="skip the region overview")
    b.add_argument("--scenario-file", type=Path, default=None, help="scenario CSV (default: the plan package's scenarios.csv)")
    b.add_argument("--record", type=Path, default=None, help="record of observed statistics (CSV or .xlsx, record.schema.json; default: the shipped region record)")
    b.add_argument("--seed", type=int, default=None, help="Monte Carlo seed")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")
    b.add_argument("--force", action="store_true", help="rebuild every report, ignoring the build cache")
    b.add_argument("--explain", action="store_true", help="say for each report why it was rebuilt or reused")
    b.add_argument("--pdf", action="store_true", help="also print every page to an A4 PDF (needs Chromium)")
    b.add_argument("--show-keys", action="store_true",
                   help="debug: every text of the pages followed by its key, 'text【key】' (as JNJP_I18N_KEYS=1)")
    b.set_defaults(func=_cmd_build)
    r = sub.add_parser("record", help="records of observed statistics: check a file, or write the Excel form")
    rsub = r.add_subparsers(dest="record_command", required=True)
    rc = rsub.add_parser("check", help="validate a record (CSV or .xlsx): errors refuse it, warnings are listed")
    rc.add_argument("file", type=Path, nargs="?", default=None, help="the record (default: the plan's shipped record, e.g. data/plans/xizang-13fyp/records/region_gdp.csv)")
    rc.add_argument("--json", action="store_true", help="findings as JSON")
    rc.add_argument("--alone", action="store_true",
                    help="check the file alone, without the shipped values a build adds to it (and the warnings "
                         "about values it replaces)")
    rc.set_defaults(func=_cmd_record_check)
    rt = rsub.add_parser("template", help="write the Excel form a statistics office fills in")
    rt.add_argument("file", type=Path, help="the workbook to write (.xlsx)")
    rt.add_argument("--unit", "-u", action="append", default=None, help="region or a unit slug; repeat (default: all eight)")
    rt.add_argument("--empty", action="store_true", help="do not write in the shipped record's values")
    rt.add_argument("--force", action="store_true", help="replace the file if it exists (a filled form is lost)")
    rt.set_defaults(func=_cmd_record_template)
    pl = sub.add_parser("plan", help="plan packages: list the shipped ones, check one against its text, or enter one "
                                      "through the Excel form (template, import)")
    plsub = pl.add_subparsers(dest="plan_command", required=True)
    pll = plsub.add_parser("list", help="the shipped plans: id, period, units, title")
    pll.set_defaults(func=_cmd_plan_list)
    plc = plsub.add_parser("check", help="load a plan package: verify its text, its tables and catalogue against it")
    plc.add_argument("dir", type=Path, help="the plan package folder (with datapackage.json)")
    plc.set_defaults(func=_cmd_plan_check)
    plt = plsub.add_parser("template", help="write the Excel form a plan is entered through (bilingual, validated)")
    plt.add_argument("file", type=Path, help="the workbook to write (.xlsx)")
    plt.add_argument("--force", action="store_true", help="replace the file if it exists (a filled form is lost)")
    plt.set_defaults(func=_cmd_plan_template)
    pli = plsub.add_parser("import", help="check a filled plan form against the plan's text and write its package")
    pli.add_argument("file", type=Path, help="the filled form (.xlsx)")
    pli.add_argument("--text", type=Path, required=True, help="the plan's text (UTF-8), copied into the package")
    pli.add_argument("dir", type=Path, help="the package folder to write, named as the plan's id")
    pli.add_argument("--force", action="store_true", help="replace an existing plan package in DIR")
    pli.set_defaults(func=_cmd_plan_import)
    s = sub.add_parser("scenarios", help="project every shipped scenario and print target-year compliance")
    s.add_argument("--file", type=Path, default=None, help="scenario CSV (default: the plan package's scenarios.csv)")
    s.set_defaults(func=_cmd_scenarios)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the ``jnjp`` command.

    Exit codes: 0 done; 1 some reports failed; 2 input refused or a file could not be read or
    written (one line on stderr, no traceback); 130 / 143 interrupted by SIGINT / SIGTERM; 141 the
    reader of our output went away (a closed pipe, e.g. ``jnjp check | head -1``).

    Parameters
    ----------
    argv : list of str or None
        The arguments (without the program name); None for ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit code.

    Raises
    ------
    SystemExit
        From argparse, for ``--help`` or arguments it cannot parse (exit code 2).
    """
    import os

    from jnjp_analysis.checks import JnjpError
    from jnjp_analysis.plan.text import ALLOW_MODIFIED_ENV, allow_modified_source

    args = build_parser().parse_args(argv)
    if sys.stdout is None:  # started with stdout closed (>&-): Python then drops every print
        if args.command in ("check", "scenarios") or getattr(args, "record_command", None) == "check":
            print(f"jnjp {args.command}: error: standard output is closed, and what this command does is print; "
                  "redirect it to a file or /dev/null instead", file=sys.stderr)
            return 2
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # the files are the product; the summary goes nowhere
    if args.allow_modified_source:
        os.environ[ALLOW_MODIFIED_ENV] = "1"  # kernels inherit it
    try:
        from jnjp_analysis.checks import source_date_epoch

        source_date_epoch()  # the environment is input too: refuse a bad value before anything runs
        allow_modified_source()
        return int(args.func(args))
    except JnjpError as exc:
        print(terminal_safe(f"jnjp {args.command}: error: {exc}"), file=sys.stderr)
        return 2
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return _closed_pipe()
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(terminal_safe(f"jnjp {args.command}: error:{where}: {exc.strerror or exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"jnjp {args.command}: interrupted", file=sys.stderr)
        return 130


def _closed_pipe() -> int:
    """stdout's reader closed the pipe: stop quietly (Python's documented recipe, exit 141)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


def entry() -> None:
    """The console script: flush stdout inside the guard so a closed pipe is no traceback."""
    code = main()
    try:
        if sys.stdout is not None:  # None when the process started with its stdout closed (>&-)
            sys.stdout.flush()
    except BrokenPipeError:
        code = _closed_pipe()
    except OSError:  # stdout closed or unwritable (EBADF, ENOSPC): what was printed may be lost
        code = code or 2
    sys.exit(code)


if __name__ == "__main__":
    entry()
