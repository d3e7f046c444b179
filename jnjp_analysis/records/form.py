"""The Excel form a statistics office fills in (``jnjp record template FILE.xlsx``), written from
a plan's record Table Schema (:mod:`jnjp_analysis.records.schema`), and read back by ``jnjp record check``.

One instructions sheet, then one sheet per unit (the region and the plan's units). A unit's
sheet: title; A2 ``unit`` / B2 its key (the reader takes the unit from here); instructions in
Chinese and English; a row of column titles (中文 / English) and the header row of column keys;
then one row per year of the plan (its base year to its target year) and indicator, with the
indicator's label and unit written in and the value, status and source cells left for the office.
Excel's data validation holds what it can: the status list (the schema's, ``estimate`` among them),
the value's bounds per indicator (a fraction between −1 and 1, an amount ≥ 0) with an error message
that says "0.078, not 7.8", and the year range on added rows. The shipped record's values (with
their sources and statuses, estimates too) are written in, so the form starts from what is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jnjp_analysis.checks import sequence
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.plan.definition import REGION, Plan
from jnjp_analysis.records.schema import (
    LABEL_COLUMN,
    UNIT_COLUMN,
    PlanLike,
    columns,
    find_shipped_record,
    get_plan,
    indicators,
    schema,
    unit_keys,
    unit_name,
    whole_word,
)
from jnjp_analysis.records.store import load

INSTRUCTIONS_SHEET = "说明 README"


def _instructions(plan: Plan) -> list[tuple[str, str | None]]:
    """The instructions sheet's lines (Chinese, English) for ``plan``: its title, its units, how to fill."""
    n = len(plan.units)
    names_zh = "、".join(u.name for u in plan.units)
    names_en = ", ".join(u.name_en for u in plan.units)
    labels = plan.descriptor.get("jnjp:plan", {}).get("labels", {})
    whole = whole_word(plan, "zh")  # the word for the whole region (全区)
    unit_zh = str(labels.get("zh", {}).get("unit_word") or "单位")
    units_en = str(labels.get("en", {}).get("units_word") or "units")
    return [
        (f"{plan.region.name}{plan.period_name('zh')}节能减排 统计记录表 / Record of observed statistics, "
         f"{plan.region.name_en} {plan.period_name('en')} energy saving plan", None),
        ("", None),
        (f"每个单位一张工作表（{whole}及{n}个{unit_zh}：{names_zh}）；请只填写“数值”“数据状态”及来源各列，"
         "不要修改 A2:B2、年份、指标和单位列。",
         f"One sheet per unit (the region and the {n} {units_en}: {names_en}). Fill only the value, status and source "
         "columns; do not change cells A2:B2 or the year, indicator and unit columns."),
        ("比例填小数：增速7.8%填 0.078；单位能耗下降3%填 -0.03。总量按“单位”列所示单位填写（能源：万吨标准煤；污染物：万吨；GDP：亿元）。",
         "Fractions as decimals: 7.8 % growth is 0.078; a 3 % fall in intensity is -0.03. Amounts in the unit column's "
         "unit (energy 10^4 tce, pollutants 10^4 t, GDP 10^8 yuan)."),
        ("数据状态：preliminary（初步核算）、revised（修订）、final（最终核实）、estimate（年度结束前的预计数：列出，"
         "但不用于计算上限、进度和评估）、not_stated（来源未说明）。",
         "Status: preliminary (初步核算), revised (修订), final (最终核实), estimate (announced before the year closed: "
         "shown, not used in the ceilings, the pacing or the assessment), not_stated (the source does not say)."),
        ("每个数值请注明来源：标题、发布机构、日期（YYYY、YYYY-MM 或 YYYY-MM-DD）、网址、原文语句。没有数据的行留空即可。",
         "Give each value its source: title, issuer, date (YYYY, YYYY-MM or YYYY-MM-DD), URL, the quoted sentence. "
         "Leave rows without data empty."),
        (f"填好后运行：jnjp record check 文件.xlsx —— 错误会指出工作表、行、列和原因；警告（如相邻年份跳变、各{unit_zh}之和与{whole}"
         "不衔接）会写入报告。",
         f"Then run: jnjp record check FILE.xlsx. Errors name the sheet, row, column and the reason; warnings (jumps "
         f"between years, {units_en} that do not sum to the region) are carried into the reports."),
        ("生成报告：jnjp build --record 文件.xlsx", "Build the reports with it: jnjp build --record FILE.xlsx"),
    ]


def _sheet_title(unit: str, plan: Plan) -> str:
    zh = whole_word(plan, "zh") if unit == REGION else plan.unit(unit).short_name
    return f"{zh} {unit}"


def write(path: Path | str, units: Sequence[str] | None = None, prefill: bool = True,
          force: bool = False, *, plan: PlanLike) -> Path:
    """Write the form of ``plan`` to ``path`` (.xlsx); ``prefill`` writes in the plan's shipped
    record's values. An existing file (perhaps a filled form) is not replaced unless ``force``.

    Parameters
    ----------
    path : Path or str
        The file to write; its name must end in ``.xlsx`` (missing folders are created).
    units : sequence of str or None
        The units to give a sheet, in order: ``"region"`` and/or the plan's unit slugs; None for all
        (the region, then the plan's units: eight sheets for Tibet's plan).
    prefill : bool
        Write in the shipped record's values and their sources.
    force : bool
        Replace an existing file.
    plan : Plan, str or path-like
        The plan whose record the form is for (required): its units, years and format.

    Returns
    -------
    Path
        ``path``, written.

    Raises
    ------
    JnjpError
        For a name not ending in .xlsx, an existing file without ``force``, or units that are not a
        non-empty list of distinct known units."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    pl = get_plan(plan)
    keys = unit_keys(pl)
    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise JnjpError(f"{p}: the template is an Excel workbook; give a name ending in .xlsx")
    if p.exists() and not force:
        raise JnjpError(f"{p} exists (a filled form?): it is not replaced; give another name, or --force to replace it")
    sheets = list(keys) if units is None else list(sequence(units, "units"))
    if not sheets:
        raise JnjpError(f"units is empty: name at least one of {', '.join(keys)}")
    bad = [u for u in sheets if u not in keys]
    if bad:
        raise JnjpError(f"unknown unit(s) {bad}; units of plan {pl.id}: {', '.join(keys)}")
    dup = sorted({u for u in sheets if sheets.count(u) > 1})
    if dup:
        raise JnjpError(f"unit(s) {dup} named twice: one sheet per unit")
    shipped = load(plan=pl).data if prefill and find_shipped_record(pl) is not None else None
    fields = {f["name"]: f for f in schema(pl)["fields"]}
    inds = indicators(pl)
    instructions = _instructions(pl)
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 110
    for i, (zh, en) in enumerate(instructions, start=1):
        ws.cell(i, 1, zh).alignment = Alignment(wrap_text=True)
        if en:
            ws.cell(i, 2, en).alignment = Alignment(wrap_text=True)
    ws.column_dimensions["B"].width = 110
    ws.cell(1, 1).font = Font(bold=True, size=13)
    row0 = len(instructions) + 2
    ws.cell(row0, 1, "指标 indicator / 单位 unit / 说明 meaning").font = Font(bold=True)
    for k, ind in enumerate(inds.values(), start=row0 + 1):
        ws.cell(k, 1, f"{ind.name}: {ind.label_zh}（{ind.unit_zh}）")
        ws.cell(k, 2, f"{ind.name}: {ind.label_en} ({ind.unit})")

    head = ["year", "indicator", LABEL_COLUMN, UNIT_COLUMN, *[c for c in columns(pl) if c not in ("unit", "year", "indicator")]]
    titles = {"year": "年份 year", "indicator": "指标 indicator", LABEL_COLUMN: "指标说明 meaning",
              UNIT_COLUMN: "单位 unit", **{c: fields[c].get("title", c) for c in fields}}
    status_enum = fields["status"]["constraints"]["enum"]
    grey = PatternFill("solid", fgColor="EEEEEE")
    lo, hi = pl.base_year, pl.target_year
    for unit in sheets:
        ws = wb.create_sheet(_sheet_title(unit, pl))
        ws.cell(1, 1, f"{unit_name(unit, 'zh', plan=pl)} {unit_name(unit, 'en', plan=pl)} — 统计记录 record of observed "
                      "statistics").font = Font(bold=True, size=12)
        ws.cell(2, 1, "unit")
        ws.cell(2, 2, unit)
        ws.cell(2, 3, "← 请勿修改 do not change")
        ws.cell(3, 1, "比例填小数（7.8% → 0.078），总量按“单位”列；每个数值注明来源。见“说明 README”工作表。")
        ws.cell(4, 1, "Fractions as decimals (7.8 % → 0.078), amounts in the unit column's unit; a source for every value. See sheet 'README'.")
        hdr = 7
        for j, c in enumerate(head, start=1):
            ws.cell(hdr - 1, j, titles[c]).font = Font(bold=True)
            ws.cell(hdr, j, c).font = Font(italic=True, color="666666")
        r = hdr + 1
        dv_status = DataValidation(type="list", formula1='"' + ",".join(status_enum) + '"', allow_blank=True,
                                   showErrorMessage=True, errorTitle="status 数据状态",
                                   error=" / ".join(status_enum))
        dv_frac = DataValidation(type="decimal", operator="between", formula1="-0.999999", formula2="0.999999",
                                 allow_blank=True, showErrorMessage=True, errorTitle="比例 fraction",
                                 error="比例填小数：7.8% 填 0.078 / a fraction: 0.078 for 7.8 %")
        dv_amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                   showErrorMessage=True, errorTitle="总量 amount",
                                   error="不能为负数 / must not be negative")
        dv_year = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi),
                                 allow_blank=False, showErrorMessage=True, errorTitle="年份 year", error=f"{lo}–{hi}")
        for dv in (dv_status, dv_frac, dv_amount, dv_year):
            ws.add_data_validation(dv)
        col = {c: j for j, c in enumerate(head, start=1)}
        have = shipped[shipped["unit"] == unit] if shipped is not None else None
        for year in pl.all_years:
            for ind in inds.values():
                if ind.first_year and year < ind.first_year:
                    continue
                ws.cell(r, col["year"], year)
                ws.cell(r, col["indicator"], ind.name)
                ws.cell(r, col[LABEL_COLUMN], ind.label_zh + " / " + ind.label_en)
                ws.cell(r, col[UNIT_COLUMN], ind.unit_zh)
                for c in ("year", "indicator", LABEL_COLUMN, UNIT_COLUMN):
                    ws.cell(r, col[c]).fill = grey
                (dv_frac if ind.kind == "fraction" else dv_amount).add(ws.cell(r, col["value"]))
                dv_status.add(ws.cell(r, col["status"]))
                dv_year.add(ws.cell(r, col["year"]))
                if have is not None:
                    m = have[(have["year"] == year) & (have["indicator"] == ind.name)]
                    if len(m):
                        src = m.iloc[0]
                        for c in head[4:]:
                            v = src[c]
                            if c == "value":
                                v = None if v != v else float(v)
                            ws.cell(r, col[c], v if v not in ("",) else None)
                r += 1
        widths = {"year": 8, "indicator": 22, LABEL_COLUMN: 44, UNIT_COLUMN: 16, "value": 12, "status": 13,
                  "source_title": 36, "source_issuer": 30, "source_date": 12, "source_url": 40, "source_quote": 50, "note": 40}
        for c, j in col.items():
            ws.column_dimensions[ws.cell(hdr, j).column_letter].width = widths.get(c, 16)
        ws.freeze_panes = ws.cell(hdr + 1, col["value"])
    import io

    from jnjp_analysis.files import atomic_write

    p.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(p, buf.getvalue())
    return p
