"""Writing the plan package a checked form describes (:func:`import_form`): the descriptor, the units,
targets and catalogue, a placeholder ``scenarios.csv`` and ``records/`` (the record format and an empty
record); staged beside the package folder, loaded, then swapped into place, keeping the analyst's own
files of an existing package.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from jnjp_analysis import files
from jnjp_analysis.checks import DATE_PATTERN
from jnjp_analysis.errors import JnjpError, PlanError
from jnjp_analysis.plan import statistics
from jnjp_analysis.plan.form_check import check_sheets, known_indicators
from jnjp_analysis.plan.form_layout import CATALOGUE_COLS, KIND_SPECS
from jnjp_analysis.plan.form_read import Draft, FormReport, PlanText, num_str, read_sheets, short
from jnjp_analysis.plan.form_scenarios import energy_led
from jnjp_analysis.plan.rules import Finding

_RESERVED = ("datapackage.json", "units.csv", "targets.csv", "catalogue.csv", "scenarios.csv", "records")


# ------------------------------------------------------------------------------------ findings
class FormRefused(PlanError):
    """A plan form refused: at least one error. ``findings`` holds every finding (errors, warnings,
    info); nothing was written."""

    def __init__(self, message: str, findings: list[Finding]):
        super().__init__(message)
        self.findings = findings


# ------------------------------------------------------------------------------------- writing
def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _package(d: Draft, text_name: str, data: bytes) -> dict[str, str | bytes]:
    """The files of the package, by name."""
    p = d.plan
    units_csv = _csv(["slug", "name", "name_en", "class"],
                     [[u["slug"], u["name"], u["name_en"], u.get("class", "")] for u in d.units])
    trows = []
    for u in d.units:
        for ind in known_indicators(d):
            if (u["slug"], ind) not in d.targets:  # an incentive level the plan does not set for this unit
                continue
            t = d.targets[(u["slug"], ind)]
            trows.append([u["slug"], ind, num_str(t["value"]), t["value_text"], t["line"], t["quote"], t["note"]])
    targets_csv = _csv(["unit", "indicator", "value", "value_text", "source_line", "quote", "note"], trows)
    ccols = [c.key for c in CATALOGUE_COLS]
    catalogue_csv = _csv(ccols, [[c[k] for k in ccols] for c in d.catalogue])
    dates = {k: p[f"date_{k}"] for k in ("signed", "published") if p.get(f"date_{k}")}
    plan_res: dict[str, Any] = {
        "name": "plan", "path": text_name,
        "title": p["title"] + (f" ({p['title_en']})" if p.get("title_en") else ""),
        "format": "txt", "mediatype": "text/plain", "encoding": "utf-8", "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "immutable": True, "publisher": p["issuer"],
    }
    if p.get("document_number"):
        plan_res["document_number"] = p["document_number"]
    if dates:
        plan_res["dates"] = dates
    plan_res["url"] = p.get("url") or None
    csv_res = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
    definition: dict[str, Any] = {
        "id": p["id"], "title": p["title"], "title_en": p["title_en"], "issuer": p["issuer"],
        "document_number": p.get("document_number", ""), "base_year": p["base_year"], "target_year": p["target_year"],
        "level": p["level"], "region": {"name": p["region_name"], "name_en": p["region_name_en"]},
        "pollutants": [{k: x[k] for k in ("slug", "name", "name_en", "target")} for x in d.pollutants],
        "reader": "tables",
        "reader_note": "targets.csv: the units' targets entered through the plan form (jnjp plan import), each value "
                       "with its literal as printed and its line of the text, read by position: a table row's value "
                       "from its own column (tables), a sentence's from the number it gives for the indicator",
        "tables": [{"name": t.name, **({"header_line": t.header_line} if t.header_line else {}),
                    "first_line": t.first_line, "last_line": t.last_line, "columns": list(t.columns)}
                   for t in d.tables],
    }
    names = {k: p[f"period_name_{k}"] for k in ("zh", "en") if p.get(f"period_name_{k}")}
    if names:
        definition["period_name"] = names
    definition["labels"] = d.labels
    if d.controls:
        definition["controlled_indicators"] = [_control_json(c) for c in d.controls]
        definition["controlled_indicators_note"] = ("The kinds of jnjp_analysis.plan.definition.TARGET_KINDS, as "
                                                    "declared on the form's Controls sheet (jnjp plan import).")
    desc = {
        "profile": "data-package",
        "name": p["id"],
        "title": f"{p['title_en'] or p['title']}: the plan package",
        "description": "Frictionless Data Package of one plan (jnjp_analysis.plan.load), entered through the plan "
                       "form and checked against its text (jnjp plan import): the text byte for byte with its SHA-256, "
                       "its units, its targets (each value with its literal and line) and its regional catalogue "
                       "(each quote re-checked against the text on every read).",
        "resources": [
            plan_res,
            {"name": "units", "path": "units.csv", **csv_res,
             "title": "The plan's units: slug, name as printed, English name, class"},
            {"name": "targets", "path": "targets.csv", **csv_res,
             "title": "The units' targets: unit x indicator, value, the literal value text, its line of the text"},
            {"name": "catalogue", "path": "catalogue.csv", **csv_res,
             "title": "Region-wide targets of the plan body, each with its verbatim quote"},
            *([{"name": "scenarios", "path": "scenarios.csv", **csv_res,
                "title": "Scenario assumptions entered on the plan form's Scenarios sheet, each with its rationale"
                if d.scenarios else "Scenario assumptions: a default 'central' scenario written by jnjp plan import, a "
                                    "placeholder for the analyst to edit (each row has a rationale)"}]
              if energy_led(d) else []),
            *([{"name": "statistics", "path": statistics.FILE_NAME, **csv_res,
                "title": "Base-year statistics from a cited source (not the plan's text), each with its source and quote"}]
              if d.statistics else []),
        ],
        "jnjp:plan": definition,
    }
    return {
        "datapackage.json": json.dumps(desc, ensure_ascii=False, indent=2) + "\n",
        text_name: data,
        "units.csv": units_csv,
        "targets.csv": targets_csv,
        "catalogue.csv": catalogue_csv,
        # a carbon-led plan has no energy trajectory for a scenario to project: no scenario file
        **({"scenarios.csv": _scenarios_csv(d)} if energy_led(d) else {}),
        **({statistics.FILE_NAME: _csv(list(statistics.COLUMNS), [[s[k] for k in statistics.COLUMNS] for s in d.statistics])}
           if d.statistics else {}),
        **_records(d),
    }


def _control_json(c: dict[str, Any]) -> dict[str, Any]:
    """One entry of ``jnjp:plan.controlled_indicators`` (plan.load._controls reads it)."""
    out: dict[str, Any] = {"id": c["id"], "kind": c["kind"]}
    if c["kind"] == "intensity_cut":
        out["incentive"] = c["incentive"]
    if c["exemption"]:
        out["exemption"] = c["exemption"]
    if c.get("stated") == "words":  # a total in words: its sentence, verbatim (plan.load checks it in the text)
        out["stated"] = "words"
        out["quote"] = c["words_quote"]
    if c["scope"] == "region":
        v = float(c["value"])
        out["scope"] = "region"
        out["value_pct" if c["kind"] == "carbon_intensity_cut" else "value_10k_tco2"] = int(v) if v.is_integer() else v
        out["source"] = c["source"]
    return out


_PLACEHOLDER = "PLACEHOLDER ASSUMPTION, not a forecast (written by jnjp plan import; edit it): "




def _scenarios_csv(d: Draft) -> str:
    """The scenarios of the form's Scenarios sheet where it has rows; otherwise the default scenario ``central``:
    each unit at the even pace of its basic intensity cut and at the plan's implied growth — placeholders,
    computed from the plan (``even``, ``implied``), never a forecast."""
    p = d.plan
    years = [str(y) for y in range(p["base_year"] + 1, p["target_year"] + 1)]
    if d.scenarios:  # the form's Scenarios sheet, checked and pivoted (form_check._check_scenarios)
        return _csv(["scenario", "unit", "parameter", *years, "rationale", "status"], d.scenarios)
    T = len(years)
    growth = (_PLACEHOLDER + f"'implied' is the growth at which the unit's intensity target and its total cap allow the "
              f"same {p['target_year']} consumption (the plan's own implied growth, computed, not typed). Replace it "
              "with the analyst's growth assumption for each year (a fraction: 0.06 = 6 %/yr) and say here where it "
              "comes from.")
    pace = (_PLACEHOLDER + f"'even' is the even annual pace of the unit's basic intensity cut, 1-(1-R)^(1/{T}) "
            "(computed, not typed). Replace it with the analyst's annual cuts (fractions: 0.03 = 3 %) and say here "
            "why.")
    implied: list[object] = ["implied"] * T
    if d.controls and not any(c["kind"] == "total_increment" and c.get("stated") != "words" for c in d.controls):
        # a total in words (or none) implies no growth: the cells are left for the analyst (the loader names them)
        implied = [""] * T
        growth = (_PLACEHOLDER + "TO BE FILLED: the plan states no number for its total consumption, so it implies no "
                  "growth. Give the analyst's growth for each year (a fraction: 0.06 = 6 %/yr), e.g. the observed "
                  "growth of the record, and say here where it comes from.")
    # status "placeholder": every page built on it says so beside its numbers (scenarios.definition reads it)
    rows: list[list[object]] = [["central", u["slug"], "gdp_growth", *implied, growth, "placeholder"]
                                for u in d.units]
    rows += [["central", u["slug"], "intensity_cut", *(["even"] * T), pace, "placeholder"] for u in d.units]
    return _csv(["scenario", "unit", "parameter", *years, "rationale", "status"], rows)


_SOURCE_NOTE = "as in Tibet's record format (data/plans/xizang-13fyp/records/record.schema.json), the plan form's default"


def _record_schema(d: Draft) -> dict[str, Any]:
    """The record format of the plan (as tests/plans/synthetic-4y/records/record.schema.json): its
    units and years are left out, records.core.schema() fills them from the plan; the pollutant amounts
    only of the pollutants the plan caps (a cut from the base year has no cap to check a value against)."""
    p = d.plan
    base = p["base_year"]

    def amount(name: str, unit: str, unit_zh: str, en: str, zh: str) -> dict[str, Any]:
        return {"name": name, "kind": "amount", "unit": unit, "unit_zh": unit_zh, "minimum": 0, "sum_check": True,
                "jump_check": True, "label_en": en, "label_zh": zh}

    def fraction(name: str, unit: str, unit_zh: str, en: str, zh: str, **kw: Any) -> dict[str, Any]:
        return {"name": name, "kind": "fraction", "unit": unit, "unit_zh": unit_zh, "minimum_exclusive": -1,
                "maximum_exclusive": 1, **kw, "label_en": en, "label_zh": zh}

    capped = [x for x in d.pollutants if x.get("target", "cap") == "cap"]
    indicators = [
        fraction("gdp_growth", "fraction (0.078 = 7.8 %)", "比例（0.078 即 7.8%）",
                 "real GDP growth on the previous year (comparable prices)", "地区生产总值实际增速（可比价，比上年）"),
        fraction("gdp_growth_avg", "fraction (0.09 = 9 %)", "比例（0.09 即 9%）",
                 f"average annual real GDP growth from {base} to this year", f"{base}年至本年地区生产总值年均实际增速",
                 first_year=base + 1, cumulative=True),
        amount("gdp_current_100m_yuan", "10^8 yuan, current prices", "亿元（当年价）", "GDP at current prices",
               "地区生产总值（当年价）"),
        amount("energy_10k_tce", "10^4 tce", "万吨标准煤", "total energy consumption", "能源消费总量"),
        fraction("intensity_change", "fraction (-0.03 = a 3 % fall)", "比例（-0.03 即下降3%）",
                 "change of energy per unit of real GDP on the previous year", "单位地区生产总值能耗比上年变化"),
        *(amount(f"{x['slug']}_10k_t", "10^4 t", "万吨", f"{x['name_en']} emissions", f"{x['name']}排放量")
          for x in d.pollutants if x.get("target") != "reduction"),  # capped: against the cap; cut: base and target year
        # a reduction by key projects: graded on the achieved amount, cumulative from the base year
        *({**amount(f"{x['slug']}_reduction_10k_t", "10^4 t", "万吨",
                    f"{x['name_en']} removed by the key projects, cumulative from {base}",
                    f"{x['name']}重点工程减排量（{base}年以来累计）"), "sum_check": False, "jump_check": False,
           "first_year": base + 1, "cumulative": True}
          for x in d.pollutants if x.get("target") == "reduction"),
    ]
    # what each declared kind is graded on (plan.kinds: the spec's record indicators and their plausibility),
    # and what is recorded whether or not the plan targets it (an energy or carbon intensity observed)
    declared = {c.get("kind") for c in d.controls}
    specs = [sp for sp in KIND_SPECS.values() if sp.kind in declared or sp.always_recorded]
    first = [_record_indicator(x, base) for sp in specs if sp.record_first for x in sp.record]
    indicators[5:5] = first
    indicators += [_record_indicator(x, base) for sp in specs if not sp.record_first for x in sp.record]
    kind_rules = {k: {**v, "note": _SOURCE_NOTE} for sp in specs for k, v in sp.plausibility.items()}
    fields = [
        {"name": "unit", "type": "string", "title": "单位 unit",
         "description": "region (the whole region) or a unit's slug as in the plan's units.csv",
         "constraints": {"required": True}},
        {"name": "year", "type": "integer", "title": "年份 year",
         "description": "calendar year of the value, from the plan's base year to its target year",
         "constraints": {"required": True}},
        {"name": "indicator", "type": "string", "title": "指标 indicator",
         "description": "one of the names in 'jnjp:indicators'", "constraints": {"required": True}},
        {"name": "value", "type": "number", "title": "数值 value",
         "description": "in the indicator's unit; fractions as fractions (0.078 for 7.8 %); empty = not available"},
        {"name": "status", "type": "string", "title": "数据状态 status",
         "description": "preliminary (初步核算), revised (修订), final (最终核实), estimate (预计数: announced before the "
                        "year closed; shown, not used in the ceilings, the pacing or the assessment), not_stated (the "
                        "source does not say)",
         "constraints": {"enum": ["preliminary", "revised", "final", "estimate", "not_stated"]}},
        {"name": "source_title", "type": "string", "title": "来源标题 source title"},
        {"name": "source_issuer", "type": "string", "title": "发布机构 issuer"},
        {"name": "source_date", "type": "string", "title": "发布日期 date", "description": "YYYY, YYYY-MM or YYYY-MM-DD",
         "constraints": {"pattern": DATE_PATTERN}},
        {"name": "source_url", "type": "string", "format": "uri", "title": "网址 URL where found"},
        {"name": "source_quote", "type": "string", "title": "原文 quoted sentence"},
        {"name": "note", "type": "string", "title": "备注 note"},
    ]
    band = {"refuse": [-0.25, 0.35], "warn": [-0.05, 0.15], "note": _SOURCE_NOTE}
    return {
        "$comment": f"The record format of plan {p['id']}, written by jnjp plan import: a Frictionless Table Schema as "
                    "data/plans/xizang-13fyp/records/record.schema.json. The unit list and the year range are left out "
                    "on purpose: jnjp_analysis.records.core.schema() fills them from the plan (region and units.csv; "
                    "base_year to target_year of jnjp:plan). Pollutant indicators: every pollutant the plan targets; "
                    "a capped one (" + (", ".join(x["slug"] for x in capped) or "none") + ") is checked against its "
                    "cap, a pollutant cut from the base year is graded on its base-year and target-year emissions "
                    "(records.assessment.period_result). The bounds and warnings are Tibet's record format's.",
        "fields": fields,
        "primaryKey": ["unit", "year", "indicator"],
        "missingValues": [""],
        "jnjp:indicators": indicators,
        "jnjp:limits": {"max_file_mb": 20, "max_rows": 100000, "max_cell_chars": 5000, "max_unzipped_mb": 50,
                        "max_errors": 1000, "limits_note": _SOURCE_NOTE},
        "jnjp:plausibility": {
            "energy_10k_tce": {"reference": "plan_energy", "refuse_below_base": 0.316, "refuse_above_cap": 3.16,
                               "warn_below_base": 0.8, "warn_above_cap": 1.25,
                               "note": _SOURCE_NOTE + ": against the unit's base and target-year cap"},
            "pollutant": {"reference": "plan_pollutant_cap", "refuse_factor": 31.6, "warn_factor": 5,
                          "note": _SOURCE_NOTE + ": against the unit's target-year cap"},
            "gdp_growth": dict(band),
            "gdp_growth_avg": {**band, "note": "as for gdp_growth"},
            "intensity_change": {"refuse": [-0.5, 0.5], "warn": [-0.15, 0.1], "note": _SOURCE_NOTE},
            **kind_rules,
        },
        "jnjp:warnings": {"jump_bound": 0.25, "jump_bound_note": _SOURCE_NOTE, "sum_tolerance": 0.01,
                          "sum_tolerance_note": _SOURCE_NOTE, "base_tolerance": 0.005,
                          "base_tolerance_note": _SOURCE_NOTE, "consistency_tolerance": 0.005,
                          "consistency_tolerance_note": _SOURCE_NOTE, "average_tolerance": 0.001,
                          "average_tolerance_note": _SOURCE_NOTE, "partial_sum_note": _SOURCE_NOTE},
    }


def _record_indicator(x: Any, base: int) -> dict[str, Any]:
    """A kind's record indicator (plan.kinds) for the plan: ``{base}`` in its texts and ``first_year`` ``base+1``."""
    out = {k: (v.format(base=base) if isinstance(v, str) and k.startswith("label") else v) for k, v in x.items()}
    if out.get("first_year") == "base+1":
        out["first_year"] = base + 1
    return out


def _records(d: Draft) -> dict[str, str]:
    """``records/``: the record format and an empty record (its header only), so that the plan builds
    before any statistic is entered; the analyst adds observed values with their status and source."""
    p = d.plan
    sch = _record_schema(d)
    desc = {
        "profile": "tabular-data-package",
        "name": f"{p['id']}-records",
        "title": f"The record of observed statistics of plan {p['id']}: empty until an analyst adds cited values",
        "description": "Frictionless Tabular Data Package written by jnjp plan import: the record format "
                       "(record.schema.json, whose unit list and year range come from the plan) and an empty record "
                       "(record.csv, its header only). Add observed values, each with its status and source: "
                       f"jnjp --plan {p['id']} record template FORM.xlsx, then jnjp --plan {p['id']} record check FORM.xlsx.",
        "resources": [{
            "name": "record", "path": "record.csv", "profile": "tabular-data-resource",
            "title": "The record: no value yet (header only)", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "schema": "record.schema.json"}],
        "context": [],
    }
    return {
        "records/datapackage.json": json.dumps(desc, ensure_ascii=False, indent=2) + "\n",
        "records/record.schema.json": json.dumps(sch, ensure_ascii=False, indent=1) + "\n",
        "records/record.csv": _csv([f["name"] for f in sch["fields"]], []),
    }


def _check_out_dir(out: Path, pid: str | None, force: bool, ctx: FormReport) -> None:
    f = str(out)
    if pid and out.name != pid:
        ctx.add("error", "folder-name", f"the package folder is named {out.name!r}, but the plan id is {pid!r}", file=f,
                hint=f"name the folder {pid!r} (e.g. {out.parent / pid}), or change the id on the Plan sheet")
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            ctx.add("error", "exists", "exists and is not a folder", file=f)
        elif any(out.iterdir()):
            if not (out / "datapackage.json").is_file():
                ctx.add("error", "exists", "is a folder with files but no datapackage.json: not a plan package, not "
                        "replaced", file=f, hint="give a new or empty folder")
            elif not force:
                ctx.add("error", "exists", "holds a plan package: it is not replaced", file=f,
                        hint="give another folder, or --force to replace it")


def import_form(xlsx: Path | str, text_path: Path | str, out_dir: Path | str, *,
                force: bool = False) -> tuple[Path, list[Finding]]:
    """Check a filled plan form against the plan's text and write the plan package it describes.

    Every cell is checked (see the module's docstring): each unit's value must be stated by its value
    text, on its line of the text (or in its quoted sentence, which must be in the text); each
    catalogue quote must be in the text and state its value; indicators, units, pollutants, kinds
    and the level must be known ones; a percent typed as a fraction (0.19 for a 19 % cut) is refused
    with "did you mean 19?"; the base year must precede the target year; required cells must be
    filled; a unit's target of a kind needs that kind declared on the Controls sheet, an incentive
    level is at least its basic target, an exemption needs an incentive level. The units' sums are reconciled against the catalogue's regional figures and shown as
    warnings or info, never corrected. On any error nothing is written. Otherwise the package is
    written into a temporary folder beside ``out_dir``, loaded (:func:`jnjp_analysis.plan.load.load`)
    and its catalogue checked, then moved into place: a failed import never leaves half a package.
    The package holds a placeholder ``scenarios.csv`` and ``records/`` (see the module's docstring).

    Parameters
    ----------
    xlsx : Path or str
        The filled form (.xlsx, as Excel, WPS or LibreOffice save it).
    text_path : Path or str
        The plan's text (UTF-8); it is copied into the package byte for byte.
    out_dir : Path or str
        The package folder to write; its name must be the plan's id. Missing parent folders are
        created; an existing package is replaced only with ``force``.
    force : bool
        Replace an existing plan package in ``out_dir``.

    Returns
    -------
    path : Path
        ``out_dir``, resolved, holding the package (it loads).
    findings : list of Finding
        The warnings and info (the reconciliation, derived labels, names not found in the text).

    Raises
    ------
    FormRefused
        If any check fails: its ``findings`` hold every finding, errors first; nothing was written.
    JnjpError
        If the form or the text cannot be read at all (not found, not an .xlsx, not UTF-8, too large).
    """
    from jnjp_analysis.plan.catalogue import regional_targets
    from jnjp_analysis.plan.load import load

    form, tpath, out = Path(xlsx), Path(text_path), Path(out_dir)
    if form.suffix.lower() not in (".xlsx", ".xlsm"):
        raise JnjpError(f"{form}: the plan form is an Excel workbook (.xlsx); save it as .xlsx")
    ctx = FormReport(str(form))
    data = files.read_bytes(tpath, "plan text")
    text = PlanText(files.decode(data, tpath, "plan text"))
    if tpath.name in _RESERVED or tpath.name.startswith("."):
        ctx.add("error", "text-name", f"the text's file name {tpath.name!r} is one of the package's own names",
                file=str(tpath), hint="rename the text file, e.g. plan.txt")
    sheets = read_sheets(form, ctx)
    d = check_sheets(sheets, ctx, text)
    _check_out_dir(out, d.plan.get("id"), force, ctx)
    if ctx.errors:
        raise _refused(form, ctx)

    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        stage = tmp / out.name
        os.mkdir(stage)  # the umask's mode (mkdtemp's own folder is 0700)
        package = _package(d, tpath.name, data)
        kept = _keep_analysts_files(out, stage, package, bool(d.scenarios)) if out.is_dir() else []
        for name, content in package.items():
            if name in kept:
                continue
            (stage / name).parent.mkdir(exist_ok=True)
            files.atomic_write(stage / name, content)
        try:
            regional_targets(plan=load(stage))
        except JnjpError as exc:
            ctx.add("error", "does-not-load", f"the package written does not load: {short(str(exc), 300)}", file=str(out))
            raise _refused(form, ctx) from None
        for name in kept:
            ctx.add("info", "kept", f"{name}: the analyst's file in the existing package is kept (not rewritten)",
                    file=str(out / name))
        _swap_into_place(stage, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load(out)
    return out.resolve(), _sorted(ctx.findings)


# what a re-import writes anew (the plan as the form describes it); everything else in an existing
# package is the analyst's and is kept: scenarios.csv and records/record.csv where they exist, notes, …
_FORM_OWNED = ("datapackage.json", "units.csv", "targets.csv", "catalogue.csv", "records/datapackage.json",
               "records/record.schema.json")


def _keep_analysts_files(out: Path, stage: Path, package: dict[str, str | bytes], form_scenarios: bool = False) -> list[str]:
    """Copy into ``stage`` every file of the existing package ``out`` the import does not own (the analyst's
    record, scenarios, notes, any other file or folder); the names of ``package`` so kept. Scenarios the form
    gives (``form_scenarios``) are the import's: they replace the package's."""
    import json as _json

    owned = set(_FORM_OWNED)
    try:  # the old text (named by the old descriptor) is the import's too
        old = _json.loads(files.read_text(out / "datapackage.json", "plan descriptor"))
        owned |= {r["path"] for r in old.get("resources", []) if isinstance(r, dict) and r.get("name") == "plan"
                  and isinstance(r.get("path"), str)}
    except (JnjpError, ValueError, AttributeError):
        pass
    owned |= {n for n in package if "/" not in n and n not in ("scenarios.csv",)} - {"scenarios.csv"}
    if form_scenarios:
        owned.add("scenarios.csv")
    kept = []
    for f in sorted(out.rglob("*")):
        rel = f.relative_to(out).as_posix()
        if rel in owned or (f.is_dir() and not f.is_symlink()):
            continue
        if f.is_symlink():
            continue  # a link is never followed out of a package (plan.load refuses one)
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, stage / rel)
        if rel in package:
            kept.append(rel)
    return kept


def _swap_into_place(stage: Path, out: Path) -> None:
    """Put the staged package at ``out``: an atomic exchange with an existing package where the system has one
    (Linux renameat2), else two renames with the old package restored if the second one does not happen."""
    if not out.exists():
        os.rename(stage, out)
        return
    if _exchange(stage, out):
        return
    backup = out.with_name(f"{out.name}.replaced-by-import")
    os.rename(out, backup)
    try:
        os.rename(stage, out)
    except BaseException:
        if not out.exists():
            os.rename(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _sorted(findings: list[Finding]) -> list[Finding]:
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: order.get(f.level, 3))  # stable: errors first, each in sheet order


def _refused(form: Path, ctx: FormReport) -> FormRefused:
    errors = ctx.errors
    return FormRefused(f"{form}: refused, {len(errors)} error(s); nothing written. First: {errors[0]}",
                       _sorted(ctx.findings))
