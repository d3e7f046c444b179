"""The plan form: an Excel workbook an analyst fills in from a plan's text (``jnjp plan template``),
checked against that text and written as a plan package (``jnjp plan import``).

The form is bilingual (中文 / English) and has one sheet per part of a package:

* 说明 Instructions — how to fill it, the indicators and their units;
* 规划 Plan — the plan's identity, one row per field (id, title, issuer, document number, the dates
  it was signed and published, where it was found, base and target year, level, region, period);
* 单位 Units — the units the plan allocates targets to, names as printed (``units.csv``);
* 污染物 Pollutants — the pollutants it sets targets for, each a ``cap`` (target-year cap) or a ``cut``
  (from the base year) (``jnjp:plan.pollutants``);
* 控制指标 Controls — its controlled indicators (``jnjp:plan.controlled_indicators``): one row per kind
  of :data:`~jnjp_analysis.plan.definition.TARGET_KINDS`, an incentive level (yes/no) for the intensity
  cut, an exemption rule for the total, and a regional carbon target from another document with its
  source; empty for Tibet's 13th's two (an intensity cut and a total increment);
* 目标 Targets — the units' targets (``targets.csv``): unit, indicator (a pollutant cap or cut with its
  pollutant; the incentive level and the carbon targets of the declared kinds), the value in the
  indicator's unit (every cut in percent), the value as printed and its line of the text, or the
  sentence quoted;
* 全区目标 Catalogue — the region-wide targets of the plan body with their quotes (``catalogue.csv``);
* 用词 Labels — the plan's own words the pages use (``jnjp:plan.labels``).

Every table sheet has its column titles (row 4) and the column keys the reader finds its columns by
(row 5); the data starts on row 6. Excel's data validation holds what it can (lists for the level,
indicators, kinds, units and pollutants; whole numbers for years and lines; numbers ≥ 0 for values).

:func:`import_form` reads a filled form, checks every cell against the plan's text and refuses the
form — writing nothing — on any error; each :class:`Finding` names the sheet, row and column. The
unit sums are reconciled against the catalogue's regional figures and shown (warnings, info), never
corrected. What a cell holds is data: it is compared, copied and quoted (shortened), never run.

So that the package builds (``jnjp --plan DIR build``), the import also writes ``scenarios.csv`` — one
scenario ``central``: per unit the even pace of its basic cut (``even``) and the plan's implied growth
(``implied``), a placeholder assumption and not a forecast, as its rationale says — and ``records/``:
the record format (``record.schema.json``; units and years are filled from the plan by
``records.core.schema()``; the emissions of every pollutant the plan caps or cuts) and an empty record
(``record.csv``, its header only).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import difflib
import hashlib
import io
import json
import math
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jnjp_analysis import files
from jnjp_analysis.checks import DATE_PATTERN
from jnjp_analysis.config import TOL
from jnjp_analysis.errors import JnjpError, PlanError
from jnjp_analysis.plan import rules
from jnjp_analysis.plan.definition import EXEMPTIONS, TARGET_KINDS, Unit
from jnjp_analysis.plan.kinds import KINDS as KIND_SPECS
from jnjp_analysis.plan.kinds import columns as _kind_columns
from jnjp_analysis.plan.load import ENERGY_INDICATORS as _ENERGY
from jnjp_analysis.plan.load import KIND_INDICATORS as _KIND_INDICATORS
from jnjp_analysis.plan.rules import Finding

INSTRUCTIONS_SHEET = "说明 Instructions"
PLAN_SHEET = "规划 Plan"
UNITS_SHEET = "单位 Units"
POLLUTANTS_SHEET = "污染物 Pollutants"
TARGETS_SHEET = "目标 Targets"
TABLES_SHEET = "表格 Tables"
CONTROLS_SHEET = "控制指标 Controls"
CATALOGUE_SHEET = "全区目标 Catalogue"
LABELS_SHEET = "用词 Labels"

_KIND_COLUMNS = _kind_columns()
LEVELS = ("province", "prefecture", "city", "county")  # what a plan's units are (Plan.level)
CAP_INDICATOR = "pollutant_cap_10k_t"  # with the pollutant in its own column: targets.csv's <pollutant>_cap_10k_t
CUT_INDICATOR = "pollutant_cut_pct"  # with the pollutant in its own column: targets.csv's <pollutant>_cut_pct
ENERGY_INDICATORS = _ENERGY  # every unit has them (plan.load's, from the registry of kinds)
# the Targets sheet's indicators: every registered kind's columns (plan.kinds), then a pollutant's cap or cut
INDICATORS = (*(n for n in _KIND_COLUMNS), CAP_INDICATOR, CUT_INDICATOR)
PERCENT_INDICATORS = (*(n for n, (_, c) in _KIND_COLUMNS.items() if c.percent), CUT_INDICATOR)
KINDS = ("cut", "cap", "floor", "full", "zero_growth", "decrease", "count")  # catalogue.RegionalTarget.kind
POLLUTANT_TARGETS = ("cap", "cut")  # definition.POLLUTANT_KINDS: an absolute cap, or a cut from the base year
# the controlled indicators (plan.kinds): the id the descriptor gives each kind
CONTROL_IDS = {k: sp.control_id for k, sp in KIND_SPECS.items()}
SCOPES = ("units", "region")
YES, NO = ("yes", "是", "y", "true", "1"), ("no", "否", "n", "false", "0")
# which Targets indicator needs which declared kind (load.KIND_INDICATORS): the incentive level, the carbon targets…
_NEEDS_KIND = dict(_KIND_INDICATORS)
_UNITS = {**{n: (c.unit_zh, c.unit_en) for n, (_, c) in _KIND_COLUMNS.items()},
          CAP_INDICATOR: ("万吨", "10^4 t"), CUT_INDICATOR: ("%", "%")}
_MEANING = {"intensity_cut_pct": ("单位GDP能耗降低（基本目标，基年至目标年累计）",
                                  "energy-intensity cut (the basic target), base year to target year"),
            "intensity_incentive_cut_pct": ("单位GDP能耗降低激励目标（不低于基本目标；须在“控制指标”表声明 incentive=yes）",
                                            "incentive level of the energy-intensity cut (at least the basic target; "
                                            "declare incentive = yes on the Controls sheet)"),
            "energy_base_10k_tce": ("基年能源消费量", "energy consumption in the base year"),
            "increment_10k_tce": ("能源消费增量（基年至目标年）", "allowed increase of consumption, base to target year"),
            "carbon_intensity_cut_pct": ("单位GDP二氧化碳排放降低（基年至目标年累计；须声明 carbon_intensity_cut）",
                                         "CO2-intensity cut, base year to target year (declare carbon_intensity_cut)"),
            "carbon_cap_10k_tco2": ("目标年二氧化碳排放总量上限（须声明 carbon_total_cap）",
                                    "target-year CO2 emission cap (declare carbon_total_cap)"),
            CAP_INDICATOR: ("目标年污染物排放总量上限（填“污染物”列；该污染物目标类型为 cap）",
                            "target-year emission cap (give the pollutant column; its target is 'cap')"),
            CUT_INDICATOR: ("污染物排放总量比基年下降（填“污染物”列；该污染物目标类型为 cut）",
                            "cut of a pollutant's emissions from the base year (give the pollutant column; its "
                            "target is 'cut')")}
# a kind registered since (plan.kinds) is described by its spec
_MEANING = {**{n: (c.meaning_zh + f"（须在“控制指标”表声明 {sp.kind}）", c.meaning_en + f" (declare {sp.kind})")
               for n, (sp, c) in _KIND_COLUMNS.items()}, **_MEANING}

_FIRST_DATA_ROW = 6  # row 4: column titles, row 5: column keys
_DATA_ROWS = 200  # rows formatted and validated in the template (more may be added)
_MAX_ROWS = 5000  # per sheet: far above any plan's
_MAX_COLS = 40
_MAX_CELL = 4000  # characters
_MAX_UNZIPPED = 100 * 1024 * 1024
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_LABEL_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s]+$")
_RESERVED = ("datapackage.json", "units.csv", "targets.csv", "catalogue.csv", "scenarios.csv", "records")


# ------------------------------------------------------------------------------------ findings
class FormRefused(PlanError):
    """A plan form refused: at least one error. ``findings`` holds every finding (errors, warnings,
    info); nothing was written."""

    def __init__(self, message: str, findings: list[Finding]):
        super().__init__(message)
        self.findings = findings


def _short(v: object, n: int = 80) -> str:
    return files.short_repr(v, n)


# ------------------------------------------------------------------------------------ the form
@dataclass(frozen=True)
class _Col:
    key: str
    zh: str
    en: str
    required: bool = True
    width: int = 16
    text: bool = True  # formatted as text ("@") so that Excel keeps what is typed (1.20 stays 1.20)


@dataclass(frozen=True)
class _Field:
    key: str
    zh: str
    en: str
    required: bool = True
    note: str = ""


_PLAN_FIELDS = (
    _Field("id", "规划编号（即文件夹名）", "plan id (the package folder's name)", note="a-z 0-9 - _ . e.g. xizang-14fyp"),
    _Field("title", "标题（原文）", "title as printed"),
    _Field("title_en", "标题（英文）", "title in English"),
    _Field("issuer", "发布机关（原文）", "issuer as printed"),
    _Field("document_number", "文号（原文）", "document number as printed", False, "e.g. 藏政办发〔2018〕18号; empty if none"),
    _Field("date_signed", "成文日期", "date signed", False, "YYYY-MM-DD, YYYY-MM or YYYY"),
    _Field("date_published", "发布日期", "date published", False, "YYYY-MM-DD, YYYY-MM or YYYY"),
    _Field("url", "原文网址", "where the text was found (URL)", False, "https://…"),
    _Field("base_year", "基年", "base year", note="the year the targets are measured from, e.g. 2020"),
    _Field("target_year", "目标年", "target year", note="the year they are met by, e.g. 2025"),
    _Field("level", "单位层级", "level of the units", note=" / ".join(LEVELS)),
    _Field("region_name", "地区名称（原文）", "region's name as printed", note="e.g. 西藏自治区"),
    _Field("region_name_en", "地区名称（英文）", "region's name in English"),
    _Field("period_name_zh", "规划期名称（中文）", "period's name in Chinese", False, "e.g. “十四五”"),
    _Field("period_name_en", "规划期名称（英文）", "period's name in English", False, "e.g. 14th Five-Year"),
)

_UNIT_COLS = (
    _Col("slug", "代码", "slug", width=14),
    _Col("name", "名称（原文）", "name as printed", width=18),
    _Col("name_en", "英文名称", "English name", width=22),
    _Col("class", "类别（可空）", "class (optional)", False, width=16),
)
_POLLUTANT_COLS = (
    _Col("slug", "代码", "slug", width=12),
    _Col("name", "名称（原文）", "name as printed", width=18),
    _Col("name_en", "英文名称", "English name", width=22),
    _Col("target", "目标类型：cap 排放上限 / cut 比基年下降（空：cap）", "target: cap (absolute) / cut (from the base "
         "year; empty: cap)", False, width=20),
)
_CONTROL_COLS = (
    _Col("kind", "控制指标类型", "kind", width=22),
    _Col("incentive", "激励目标（yes/no，仅能耗强度）", "incentive level (yes/no, intensity_cut only)", False, width=14),
    _Col("exemption", "免予考核规则（仅能耗总量）", "exemption (total_increment only)", False, width=16),
    _Col("scope", "范围：units 各单位 / region 仅全区（空：units）", "scope: units / region (empty: units)", False,
         width=12),
    _Col("value", "全区数值（仅 region：%或万吨二氧化碳）", "regional value (region only: % or 10^4 t CO2)", False,
         width=14, text=False),
    _Col("source_title", "来源标题（仅 region）", "source title (region only)", False, width=30),
    _Col("source_issuer", "发布机构", "source issuer", False, width=20),
    _Col("source_date", "发布日期", "source date", False, width=12),
    _Col("source_url", "网址", "URL where found", False, width=30),
    _Col("quote", "来源原句（照录，含该数值）", "quoted sentence (verbatim, with the number)", False, width=50),
    _Col("note", "备注", "note", False, width=30),
)
_TABLE_COLS = (
    _Col("name", "表格名称（原文）", "table's name as printed", width=16),
    _Col("first_line", "首行行号", "first row's line", width=10, text=False),
    _Col("last_line", "末行行号", "last row's line", width=10, text=False),
    _Col("header_line", "表头行号（可空）", "header's line (optional)", False, width=12, text=False),
    _Col("columns", "各列指标（按原文顺序，逗号分隔）", "the columns' indicators, in printed order, comma-separated",
         width=70),
)
_TARGET_COLS = (
    _Col("unit", "单位代码", "unit (slug)", width=12),
    _Col("indicator", "指标", "indicator", width=26),
    _Col("pollutant", "污染物（仅污染物指标）", "pollutant (pollutant caps and cuts only)", False, width=14),
    _Col("value", "数值（按指标单位）", "value (in the indicator's unit)", width=14, text=False),
    _Col("value_text", "原文数值（照录）", "value as printed", width=16),
    _Col("source_line", "原文行号", "line of the text", False, width=10, text=False),
    _Col("quote", "原文语句（或填行号）", "quoted sentence (or the line)", False, width=50),
    _Col("note", "备注", "note", False, width=30),
)
_CATALOGUE_COLS = (
    _Col("target_id", "目标代码", "target id", width=18),
    _Col("clause", "条款（原文）", "clause as printed", width=10),
    _Col("indicator", "指标（英文）", "indicator (English)", width=30),
    _Col("indicator_zh", "指标（原文）", "indicator as printed", width=24),
    _Col("scope", "范围", "scope", width=10),
    _Col("base_year", "基年", "base year", False, width=9, text=False),
    _Col("target_year", "目标年", "target year", False, width=9, text=False),
    _Col("value", "数值", "value", False, width=10, text=False),
    _Col("unit", "计量单位", "unit", width=10),
    _Col("kind", "类型", "kind", width=12),
    _Col("value_text", "原文数值（照录）", "value as printed", width=14),
    _Col("quote", "原文语句（照录）", "quoted sentence", width=50),
    _Col("note", "备注", "note", False, width=30),
)
_LABEL_COLS = (
    _Col("key", "键", "key", width=18),
    _Col("zh", "中文", "Chinese", False, width=34),
    _Col("en", "英文", "English", False, width=34),
    _Col("meaning", "说明", "meaning", False, width=60),
)

# the plan's words the pages use (Plan.words, i18n's PLAN_WORDS less those computed from the plan);
# (key, needed in Chinese too, meaning)
_LABELS = (
    ("source_title", True, "规划的引用名（空：《标题》） / the plan as cited (empty: the title)"),
    ("issued", True, "发布年份（空：发布日期的年份） / year issued (empty: the year of the date published)"),
    ("plan_id", True, "规划编号（空：即 id） / the plan id (empty: the id)"),
    ("whole", True, "原文对全地区的称呼，如 全区、全省 / the word for the whole region: region, province"),
    ("unit_word", True, "原文对单位的称呼，如 地（市）、市（州） / the word for a unit: prefecture, city"),
    ("units_word", False, "英文复数 / English plural: prefectures, cities"),
    ("Unit_word", False, "英文首字母大写 / English, capitalised: Prefecture, City"),
    ("energy_table", True, "能耗目标表的名称，如 附件1 / the energy table's name: annex 1"),
    ("Energy_table", False, "英文首字母大写 / English, capitalised: Annex 1"),
    ("pollutant_table", True, "污染物目标表的名称，如 附件2 / the pollutant table's name: annex 2"),
    ("Pollutant_table", False, "英文首字母大写 / English, capitalised: Annex 2"),
    ("tables", True, "两表合称，如 附件1、附件2 / the tables together: annexes 1 and 2"),
    ("regional_no", True, "全区目标所在条款序号，如 二 / the clause number of the regional targets"),
    ("pacing_no", True, "要求不得前松后紧的条款序号 / the clause on pacing"),
    ("warning_no", True, "预警条款序号 / the clause on early warning"),
    ("assessment_no", True, "评价考核条款序号 / the clause on assessment"),
    ("T_word", True, "规划期年数，如 五、five / the period's length in words"),
    ("record_context", True, "统计记录一节的说明句 / the sentence that opens the record's section"),
)
_OPTIONAL_LABELS = ("index_page_title", "short_source")


@dataclass(frozen=True)
class _Table:
    title: str
    cols: tuple[_Col, ...]
    zh: str
    en: str


_TABLES = {
    UNITS_SHEET: _Table("单位 Units — 分配目标的单位，名称照原文 / the units targets are allocated to, names as printed",
                        _UNIT_COLS,
                        "代码：小写字母、数字、下划线（不得为 region、overview、index），如 lhasa。名称与原文表格完全一致。"
                        "类别可空，为原文对该单位的称呼的英文，如 city、prefecture、county、district（仅用于显示）。",
                        "Slug: lower-case letters, digits, _ (not region, overview or index), e.g. lhasa. Names exactly as "
                        "the plan's table prints them. Class (optional, shown only): what the text calls the unit, in "
                        "English: city, prefecture, county, district…"),
    POLLUTANTS_SHEET: _Table("污染物 Pollutants — 规划设定排放目标的污染物 / the pollutants the plan sets targets for",
                             _POLLUTANT_COLS,
                             "代码如 cod、nh3n、so2、nox、vocs；按原文表格的顺序填写。目标类型：cap＝目标年排放总量上限（万吨），"
                             "cut＝比基年下降的百分比（如“比2020年下降8%”）；空即 cap。",
                             "Slugs such as cod, nh3n, so2, nox, vocs; in the order of the plan's table. Target: cap = an "
                             "absolute cap in the target year (10^4 t), cut = a cut from the base year in percent (\"比2020年"
                             "下降8%\"); empty is cap."),
    CONTROLS_SHEET: _Table("控制指标 Controls — 规划的控制指标及其类型 / the plan's controlled indicators and their kinds",
                           _CONTROL_COLS,
                           "每类一行。规划未设激励目标、碳目标时可不填本表（即能耗强度降低＋能源消费增量两项）；填写时须含 "
                           "intensity_cut 和 total_increment。incentive=yes：各单位另有激励目标（intensity_incentive_cut_pct）。"
                           "exemption=incentive_met：达到激励目标的单位能源消费总量免予考核（须 incentive=yes）。"
                           "scope=region：仅有全区碳目标且出自其他文件时，填数值与来源（标题、机构、日期、原句）；正文中的全区目标填“全区目标”表。",
                           "One row per kind. Leave the sheet empty for a plan with an intensity cut and a total increment "
                           "only (Tibet's 13th); otherwise give intensity_cut and total_increment among them. incentive = "
                           "yes: each unit also has an incentive level (intensity_incentive_cut_pct). exemption = "
                           "incentive_met: a unit that meets its incentive level is exempt from the total check (needs "
                           "incentive = yes). scope = region: a regional carbon target only, from another document: its "
                           "value and source (title, issuer, date, quote); the plan body's regional targets go on the "
                           "Catalogue sheet."),
    TABLES_SHEET: _Table("表格 Tables — 原文中的目标表格及其各列 / the text's target tables and their columns",
                         _TABLE_COLS,
                         "原文每张目标表一行：首行、末行为各单位数据行的行号；各列指标按原文从左到右（单位名称之后）的顺序填写，"
                         "如 intensity_cut_pct, energy_base_10k_tce, increment_10k_tce, cod_cap_10k_t。表中的数值按列读取："
                         "某单位某指标的数值必须是该单位所在行、该指标所在列的数字。",
                         "One row per target table of the text: first and last line of its units' rows; the columns' "
                         "indicators in printed order (after the unit's name), e.g. intensity_cut_pct, "
                         "energy_base_10k_tce, increment_10k_tce, cod_cap_10k_t. A table's values are read by position: "
                         "a unit's value is the number in its own row and its indicator's column."),
    TARGETS_SHEET: _Table("目标 Targets — 各单位目标（原文附表） / the units' targets (the plan's tables)",
                          _TARGET_COLS,
                          "每个单位填能耗强度降低（%，下降19%填19）、基年能源消费量和增量（万吨标准煤）、每种污染物的排放上限（万吨）"
                          "或比基年下降（%），以及“控制指标”表声明的激励目标、碳排放强度降低（%）、碳排放上限（万吨二氧化碳）。"
                          "“原文数值”照录原文（如 19、2.9万吨）；再填原文行号，或照录含该数值的原句。",
                          "Per unit: intensity cut in percent (a 19 % cut is 19), base-year consumption and increment (10^4 tce), "
                          "each pollutant's cap (10^4 t) or cut from the base year (%), and the kinds the Controls sheet "
                          "declares: the incentive level, the CO2-intensity cut (%), the CO2 cap (10^4 t CO2). 'value as "
                          "printed' exactly as the text prints it (19, 2.9万吨); then the line number of the text, or the "
                          "sentence quoted."),
    CATALOGUE_SHEET: _Table("全区目标 Catalogue — 正文中的全地区目标 / the region-wide targets of the plan body",
                            _CATALOGUE_COLS,
                            "每个目标一行，原句照录；代码：energy_intensity（能耗强度降低基本目标，% cut）、energy_intensity_incentive"
                            "（激励目标，% cut）、<污染物>_cap（如 cod_cap，万吨）用于核对各单位之和；carbon_intensity（碳排放强度降低，"
                            "% cut）、<污染物>_cut（如 cod_cut，比基年下降，% cut）为全区目标。范围 scope：region（全地区），"
                            "或目标所针对的部门、单位（如 industry、agriculture、public_institutions、某单位代码）。计量单位 "
                            "unit：% cut（下降百分比）、%（比重）、10^4 tce（万吨标准煤）、10^4 t（万吨）、10^4 t CO2，"
                            "或原文单位的英文（如 standard buses per 10^4 people）。数值为文字（全面、零增长）时可空。",
                            "One row per target, the sentence quoted verbatim; ids energy_intensity (the basic intensity cut, "
                            "% cut), energy_intensity_incentive (its incentive level, % cut) and <pollutant>_cap (cod_cap, "
                            "10^4 t) are reconciled against the units' sums; carbon_intensity (the CO2-intensity cut, % cut) "
                            "and <pollutant>_cut (cod_cut, the cut from the base year, % cut) are the region's targets. "
                            "Scope: region (the whole), or the sector or unit the target is for (industry, agriculture, "
                            "public_institutions, a unit's slug). Unit: % cut, % (a share), 10^4 tce, 10^4 t, 10^4 t CO2, "
                            "or the text's own unit in English (standard buses per 10^4 people). The value may be left "
                            "empty where the value text is a word (全面, 零增长): the word's value is used."),
    LABELS_SHEET: _Table("用词 Labels — 页面使用的规划原文用词 / the plan's words the pages use",
                         _LABEL_COLS,
                         "按原文填写；英文专用的键只填英文列。可另加 index_page_title、short_source。",
                         "As the plan words them; keys for English only need the English column. index_page_title and "
                         "short_source may be added."),
}


def _instructions() -> list[tuple[str, str]]:
    inds = [(f"{k}：{_MEANING[k][0]}（{_UNITS[k][0]}）", f"{k}: {_MEANING[k][1]} ({_UNITS[k][1]})") for k in INDICATORS]
    return [
        ("节能减排规划录入表", "Plan form: an energy-saving plan entered from its text"),
        ("", ""),
        ("从规划原文逐表填写：规划（基本信息）、单位、污染物、控制指标（目标类型）、目标（附表中各单位目标）、全区目标（正文）、用词。",
         "Fill each sheet from the plan's text: Plan (its identity), Units, Pollutants, Controls (the kinds of its "
         "targets), Targets (the units' targets in its tables), Catalogue (the region-wide targets of its body), "
         "Labels (its words)."),
        ("每个数值都照录原文写法（“原文数值”），并注明原文行号或照录原句；导入时逐一与原文核对。",
         "Every value with its literal as printed ('value as printed') and its line of the text or the sentence "
         "quoted; the import checks each one against the text."),
        ("行号：以 UTF-8 纯文本打开原文时的行号，第一行为 1。",
         "Line numbers: of the text file opened as UTF-8 plain text, the first line is 1."),
        ("单位：各项降低（能耗强度、激励目标、碳排放强度、污染物比基年下降）均填百分数（下降19%填 19，不是 0.19）；"
         "能源消费量与增量：万吨标准煤；污染物排放上限：万吨；碳排放上限：万吨二氧化碳。",
         "Units: every cut (energy intensity, its incentive level, CO2 intensity, a pollutant's cut from the base "
         "year) in percent (a 19 % cut is 19, not 0.19); consumption and increment in 10^4 tce; pollutant caps in "
         "10^4 t; the CO2 cap in 10^4 t CO2."),
        ("不要修改第5行的列名（key）和“规划”“用词”表的 key 列；数据从第6行起，可以增加行。",
         "Do not change the column keys of row 5, nor the key column of the Plan and Labels sheets; data start on "
         "row 6, add rows as needed."),
        ("列名带 * 的列可以留空；其余为必填。", "Columns marked * may be left empty; the others are required."),
        ("导入：jnjp plan import 本表.xlsx --text 原文.txt 文件夹/（文件夹名须为规划编号 id）。",
         "Import: jnjp plan import FORM.xlsx --text PLAN.txt DIR/ (the folder's name must be the plan id)."),
        ("有任何错误时不写任何文件；错误指出工作表、行、列和原因。各单位之和与全区目标的核对只显示，不修改。",
         "On any error nothing is written; each error names the sheet, row, column and reason. The units' sums "
         "are reconciled against the regional targets and shown, never corrected."),
        ("", ""),
        ("指标 indicator（单位 unit）", "Indicators and their units"),
        *inds,
        ("", ""),
        ("控制指标类型 Controls kind（评价规则 the rule that grades it）", "Controlled indicators: kinds and rules"),
        *((f"{k}（id {CONTROL_IDS[k]}）", f"{k} (id {CONTROL_IDS[k]}): {rule}") for k, rule in TARGET_KINDS.items()),
        *((f"exemption {k}：达到激励目标的单位免予能源消费总量考核", f"exemption {k}: {rule}") for k, rule in EXEMPTIONS.items()),
        ("污染物目标类型 target：cap（目标年排放上限，万吨）、cut（比基年下降，%）",
         "Pollutant targets: cap (a target-year cap, 10^4 t), cut (a cut from the base year, %)"),
        ("", ""),
        ("导入后的文件夹还有 scenarios.csv（默认情景 central：各单位按基本目标匀速降低强度，GDP 增速取规划隐含增速——占位假设，"
         "不是预测，请分析人员修改）和 records/（统计记录格式与空记录，用 jnjp record template 填写），因此可直接 jnjp --plan 文件夹 build。",
         "The package also gets scenarios.csv (a default scenario 'central': each unit cuts intensity at the even "
         "pace of its basic target and grows at the plan's implied growth: a placeholder assumption, not a "
         "forecast, for the analyst to edit) and records/ (the record format and an empty record, filled with jnjp "
         "record template), so that jnjp --plan DIR build builds its pages."),
        ("", ""),
        ("类型 kind：" + "、".join(KINDS), "Catalogue kinds: " + ", ".join(KINDS)),
        ("层级 level：" + "、".join(LEVELS), "Levels: " + ", ".join(LEVELS)),
    ]


def write_template(path: Path | str, *, force: bool = False) -> Path:
    """Write the empty plan form (.xlsx) an analyst fills in from a plan's text.

    Parameters
    ----------
    path : Path or str
        The workbook to write; its name must end in ``.xlsx`` (missing folders are created).
    force : bool
        Replace an existing file (a filled form is lost).

    Returns
    -------
    Path
        ``path``, written (atomically: a reader never sees half a file).

    Raises
    ------
    JnjpError
        For a name not ending in .xlsx, or an existing file without ``force``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    p = Path(path)
    if p.suffix.lower() != ".xlsx":
        raise JnjpError(f"{p}: the plan form is an Excel workbook; give a name ending in .xlsx")
    if p.exists() and not force:
        raise JnjpError(f"{p} exists (a filled form?): it is not replaced; give another name, or --force to replace it")
    grey = PatternFill("solid", fgColor="EEEEEE")
    bold, keyfont = Font(bold=True), Font(italic=True, color="666666")
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = INSTRUCTIONS_SHEET
    for i, (zh, en) in enumerate(_instructions(), start=1):
        ws.cell(i, 1, zh or None).alignment = Alignment(wrap_text=True)
        ws.cell(i, 2, en or None).alignment = Alignment(wrap_text=True)
    ws.cell(1, 1).font = ws.cell(1, 2).font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 90

    def validation(kind: Literal["whole", "decimal", "list"], error: str, **kw: Any) -> DataValidation:
        return DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle="jnjp", error=error, **kw)

    def year_dv() -> DataValidation:
        return validation("whole", "年份：1950–2099 的整数 / a year, 1950–2099", operator="between",
                          formula1="1950", formula2="2099")

    # the Plan sheet: one row per field
    ws = wb.create_sheet(PLAN_SHEET)
    ws.cell(1, 1, "规划 Plan — 规划基本信息 / the plan's identity").font = Font(bold=True, size=12)
    ws.cell(2, 1, "只填“值”列；不要修改 key 列。")
    ws.cell(3, 1, "Fill the value column only; do not change the key column.")
    for j, (t, k) in enumerate((("键 key", "key"), ("字段 field", "field"), ("值 value", "value"),
                                ("说明 note", "note")), start=1):
        ws.cell(4, j, t).font = bold
        ws.cell(5, j, k).font = keyfont
    dv_year, dv_level = year_dv(), validation("list", " / ".join(LEVELS), formula1='"' + ",".join(LEVELS) + '"')
    ws.add_data_validation(dv_year)
    ws.add_data_validation(dv_level)
    for i, f in enumerate(_PLAN_FIELDS, start=_FIRST_DATA_ROW):
        ws.cell(i, 1, f.key).fill = grey
        ws.cell(i, 2, f"{f.zh} / {f.en}" + ("" if f.required else "（可空 optional）")).fill = grey
        c = ws.cell(i, 3)
        if f.key in ("base_year", "target_year"):
            dv_year.add(c)
        else:
            c.number_format = "@"
            if f.key == "level":
                dv_level.add(c)
        if f.note:
            ws.cell(i, 4, f.note)
    for letter, w in zip("ABCD", (18, 44, 50, 40)):
        ws.column_dimensions[letter].width = w

    last = _FIRST_DATA_ROW + _DATA_ROWS - 1
    for title, table in _TABLES.items():
        ws = wb.create_sheet(title)
        ws.cell(1, 1, table.title).font = Font(bold=True, size=12)
        ws.cell(2, 1, table.zh)
        ws.cell(3, 1, table.en)
        for j, c in enumerate(table.cols, start=1):
            ws.cell(4, j, f"{c.zh} {c.en}" + ("" if c.required else " *")).font = bold
            ws.cell(5, j, c.key).font = keyfont
            letter = ws.cell(5, j).column_letter
            ws.column_dimensions[letter].width = c.width
            if c.text:
                for r in range(_FIRST_DATA_ROW, last + 1):
                    ws.cell(r, j).number_format = "@"
        col = {c.key: ws.cell(5, j).column_letter for j, c in enumerate(table.cols, start=1)}

        def rng(key: str, col: dict[str, str] = col) -> str:
            return f"{col[key]}{_FIRST_DATA_ROW}:{col[key]}{last}"

        dvs: list[tuple[DataValidation, str]] = []
        if title == TARGETS_SHEET:
            dvs += [
                (validation("list", "单位表中的代码 / a slug of the Units sheet",
                            formula1=f"'{UNITS_SHEET}'!$A${_FIRST_DATA_ROW}:$A${last}"), rng("unit")),
                (validation("list", " / ".join(INDICATORS), formula1='"' + ",".join(INDICATORS) + '"'), rng("indicator")),
                (validation("list", "污染物表中的代码 / a slug of the Pollutants sheet",
                            formula1=f"'{POLLUTANTS_SHEET}'!$A${_FIRST_DATA_ROW}:$A${last}"), rng("pollutant")),
                (validation("decimal", "≥ 0；强度降低填百分数：19%填19 / ≥ 0; a cut in percent: 19 for 19 %",
                            operator="greaterThanOrEqual", formula1="0"), rng("value")),
                (validation("whole", "行号：≥ 1 的整数 / a line number, 1 or more", operator="greaterThanOrEqual",
                            formula1="1"), rng("source_line")),
            ]
        elif title == TABLES_SHEET:
            dvs += [(validation("whole", "行号：≥ 1 的整数 / a line number, 1 or more", operator="greaterThanOrEqual",
                                formula1="1"), rng(k)) for k in ("first_line", "last_line", "header_line")]
        elif title == POLLUTANTS_SHEET:
            dvs += [(validation("list", "cap（排放上限）/ cut（比基年下降）", formula1='"cap,cut"'), rng("target"))]
        elif title == CONTROLS_SHEET:
            dvs += [
                (validation("list", " / ".join(TARGET_KINDS), formula1='"' + ",".join(TARGET_KINDS) + '"'), rng("kind")),
                (validation("list", "yes / no（是 / 否）", formula1='"yes,no"'), rng("incentive")),
                (validation("list", " / ".join(EXEMPTIONS), formula1='"' + ",".join(EXEMPTIONS) + '"'), rng("exemption")),
                (validation("list", " / ".join(SCOPES), formula1='"' + ",".join(SCOPES) + '"'), rng("scope")),
                (validation("decimal", "≥ 0；降低填百分数：12.24%填12.24 / ≥ 0; a cut in percent: 12.24 for 12.24 %",
                            operator="greaterThanOrEqual", formula1="0"), rng("value")),
            ]
        elif title == CATALOGUE_SHEET:
            dvs += [(year_dv(), rng("base_year")), (year_dv(), rng("target_year")),
                    (validation("decimal", "≥ 0", operator="greaterThanOrEqual", formula1="0"), rng("value")),
                    (validation("list", " / ".join(KINDS), formula1='"' + ",".join(KINDS) + '"'), rng("kind"))]
        elif title == LABELS_SHEET:
            for i, (key, zh_too, meaning) in enumerate(_LABELS, start=_FIRST_DATA_ROW):
                ws.cell(i, 1, key).fill = grey
                ws.cell(i, 4, meaning)
                if not zh_too:
                    ws.cell(i, 2).fill = grey
        for dv, ref in dvs:
            ws.add_data_validation(dv)
            dv.add(ref)
        ws.freeze_panes = ws.cell(_FIRST_DATA_ROW, 1)
    p.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    files.atomic_write(p, buf.getvalue())
    return p


# ------------------------------------------------------------------------------------- reading
def _cell_text(v: object) -> str:
    """A cell as text, as typed (None → ""; 2020.0 → "2020"; a date → ISO); nothing stripped."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return (v.date() if isinstance(v, dt.datetime) else v).isoformat()
    return str(v)


def _num_str(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


class _Ctx(rules.Report):
    """The findings of one import (the rule set's reporter that keeps every finding)."""


@dataclass
class _Row:
    """One data row of a table sheet: its cells by column key (stripped text and raw value)."""

    sheet: str
    row: int
    text: dict[str, str]
    raw: dict[str, object]
    letters: dict[str, str] = field(default_factory=dict)

    def at(self, key: str) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": key, "cell": f"{self.letters.get(key, '?')}{self.row}"}


def _open(path: Path) -> tuple[Any, Any]:
    from openpyxl import load_workbook

    data = files.read_bytes(path, "plan form")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist())
        if size > _MAX_UNZIPPED:
            raise JnjpError(f"{path}: the workbook unpacks to {size / 1e6:,.0f} MB, above the limit of "
                            f"{_MAX_UNZIPPED / 1e6:.0f} MB for a plan form")
        return (load_workbook(io.BytesIO(data), data_only=True, read_only=True),
                load_workbook(io.BytesIO(data), data_only=False, read_only=True))
    except JnjpError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise JnjpError(f"{path}: not a readable Excel workbook (.xlsx): {type(exc).__name__}: {_short(str(exc))}; "
                        "save the form as .xlsx (Excel, WPS or LibreOffice)") from None


def _grid(ws_v: Any, ws_f: Any, ctx: _Ctx) -> list[list[object]]:
    """The sheet's values, every row (the declared dimension is not trusted); a formula without a
    stored value is an error naming its cell."""
    from openpyxl.utils import get_column_letter

    for ws in (ws_v, ws_f):
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
    grid: list[list[object]] = []
    rows = zip(ws_v.iter_rows(values_only=True, max_col=_MAX_COLS), ws_f.iter_rows(values_only=True, max_col=_MAX_COLS))
    for i, (vals, forms) in enumerate(rows, start=1):
        if i > _MAX_ROWS:
            raise JnjpError(f"{ctx.file}, sheet {ws_v.title!r}: more than {_MAX_ROWS:,} rows, the limit for a plan form")
        row: list[object] = []
        for j, v in enumerate(vals, start=1):
            fv = forms[j - 1] if j <= len(forms) else None
            if v is None and isinstance(fv, str) and fv.startswith("="):
                ctx.add("error", "formula-without-value", f"the cell holds the formula {_short(fv)} but no value",
                        ws_v.title, i, None, f"{get_column_letter(j)}{i}",
                        hint="open the file in Excel or LibreOffice and save it, or type the value")
            row.append(v)
        grid.append(row)
    while grid and all(_cell_text(v).strip() == "" for v in grid[-1]):
        grid.pop()
    return grid


def _read_sheets(path: Path, ctx: _Ctx) -> dict[str, list[list[object]]]:
    wb, wbf = _open(path)
    try:
        out = {}
        for ws in wb.worksheets:
            try:
                out[ws.title] = _grid(ws, wbf[ws.title], ctx)
            except JnjpError:
                raise
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged sheet
                raise JnjpError(f"{path}, sheet {ws.title!r}: the sheet cannot be read ({type(exc).__name__}: "
                                f"{_short(str(exc))}); open the file in Excel or LibreOffice and save it again") from None
        return out
    finally:
        wb.close()
        wbf.close()


def _clean(v: object, ctx: _Ctx, where: dict[str, Any]) -> str:
    """A cell's text, surrounding spaces removed with a warning (never silently); an over-long cell
    is an error."""
    s = _cell_text(v)
    if len(s) > _MAX_CELL:
        ctx.add("error", "cell-too-long", f"a cell of {len(s):,} characters (the limit is {_MAX_CELL:,})", value=s,
                hint="quote the sentence the value comes from, not the document", **where)
        return s[:_MAX_CELL]
    t = s.strip()
    if t != s and t:
        ctx.add("warning", "spaces-removed", "spaces around the cell's text were removed", value=s, **where)
    return t


def _table(name: str, grid: list[list[object]] | None, ctx: _Ctx) -> list[_Row]:
    """The data rows of a table sheet, by the column keys of its header row (row 5 in the template)."""
    from openpyxl.utils import get_column_letter

    if grid is None:
        ctx.add("error", "missing-sheet", f"the form has no sheet {name!r}", hint="fill the form `jnjp plan template` writes")
        return []
    spec = _TABLES[name].cols
    first = spec[0].key
    hdr = next((i for i, r in enumerate(grid[:20]) if r and _cell_text(r[0]).strip() == first), None)
    if hdr is None:
        ctx.add("error", "no-header", f"no header row (a row starting with the key {first!r})", name,
                hint="keep row 5 of the template (the column keys) as it is")
        return []
    header = [_cell_text(v).strip() for v in grid[hdr]]
    while header and not header[-1]:
        header.pop()
    keys = [c.key for c in spec]
    for j, k in enumerate(header):
        letter = get_column_letter(j + 1)
        if k not in keys:
            close = difflib.get_close_matches(k, keys, n=1)
            ctx.add("error", "unknown-column", f"unknown column {k!r} (nothing is dropped silently)", name, hdr + 1, k,
                    f"{letter}{hdr + 1}", hint=f"did you mean {close[0]!r}?" if close else f"the columns are {', '.join(keys)}")
        elif header.count(k) > 1 and header.index(k) != j:
            ctx.add("error", "duplicate-column", f"column {k!r} appears twice", name, hdr + 1, k, f"{letter}{hdr + 1}")
    for c in spec:
        if c.key not in header:
            ctx.add("error", "missing-column", f"the header lacks column {c.key!r}", name, hdr + 1, c.key,
                    hint=f"the columns are {', '.join(keys)}")
    index = {k: j for j, k in reversed(list(enumerate(header))) if k in keys}
    letters = {k: get_column_letter(j + 1) for k, j in index.items()}
    out = []
    for i, cells in enumerate(grid[hdr + 1:], start=hdr + 2):
        if all(_cell_text(v).strip() == "" for v in cells):
            continue
        extra = [f"{get_column_letter(j + 1)}{i}" for j, v in enumerate(cells)
                 if j >= len(header) and _cell_text(v).strip()]
        if extra:
            ctx.add("error", "extra-cell", f"cells beyond the header's columns: {', '.join(extra[:5])}", name, i,
                    hint="put the text in the note column, or delete it")
        raw = {k: (cells[j] if j < len(cells) else None) for k, j in index.items()}
        row = _Row(name, i, {}, raw, letters)
        row.text = {k: _clean(v, ctx, row.at(k)) for k, v in raw.items()}
        out.append(row)
    return out


def _keyed(name: str, grid: list[list[object]] | None, ctx: _Ctx, keys: list[str], value_cols: tuple[str, ...],
           extra_key: re.Pattern | None = None) -> dict[str, _Row]:
    """The rows of a key/value sheet (Plan, Labels) by their key (column A)."""
    from openpyxl.utils import get_column_letter

    if grid is None:
        ctx.add("error", "missing-sheet", f"the form has no sheet {name!r}", hint="fill the form `jnjp plan template` writes")
        return {}
    hdr = next((i for i, r in enumerate(grid[:20]) if r and _cell_text(r[0]).strip() == "key"), None)
    if hdr is None:
        ctx.add("error", "no-header", "no header row (a row starting with 'key')", name,
                hint="keep row 5 of the template (the column keys) as it is")
        return {}
    header = [_cell_text(v).strip() for v in grid[hdr]]
    index = {k: header.index(k) for k in value_cols if k in header}
    for k in value_cols:
        if k not in index:
            ctx.add("error", "missing-column", f"the header lacks column {k!r}", name, hdr + 1, k)
    out: dict[str, _Row] = {}
    letters = {k: get_column_letter(j + 1) for k, j in index.items()}
    for i, cells in enumerate(grid[hdr + 1:], start=hdr + 2):
        key = _cell_text(cells[0]).strip() if cells else ""
        vals = {k: (cells[j] if j < len(cells) else None) for k, j in index.items()}
        if not key:
            if any(_cell_text(v).strip() for v in vals.values()):
                ctx.add("error", "no-key", "a value in a row without a key (column A)", name, i, "key", f"A{i}",
                        hint="keep the key column as the template writes it")
            continue
        if key not in keys and not (extra_key and extra_key.match(key)):
            close = difflib.get_close_matches(key, keys, n=1)
            ctx.add("error", "unknown-key", f"unknown key {key!r} (nothing is dropped silently)", name, i, "key", f"A{i}",
                    value=key, hint=f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(keys)}")
            continue
        if key in out:
            ctx.add("error", "duplicate-key", f"key {key!r} appears twice (first on row {out[key].row})", name, i, "key",
                    f"A{i}")
            continue
        row = _Row(name, i, {}, vals, letters)
        row.text = {k: _clean(v, ctx, row.at(k)) for k, v in vals.items()}
        out[key] = row
    return out


# ------------------------------------------------------------------------------------ the text
class _Text:
    """The plan's text, its lines as :func:`jnjp_analysis.plan.load.load` splits them, and offsets."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()
        starts, pos = [], 0
        for line in text.splitlines(keepends=True):
            starts.append(pos)
            pos += len(line)
        self.starts = starts

    def holds_loosely(self, s: str) -> bool:
        """Whether ``s`` is in the text, white space aside (a title the text prints with stray spaces)."""
        if s in self.text:
            return True
        if not hasattr(self, "_squeezed"):
            self._squeezed = re.sub(r"\s+", "", self.text)
        return re.sub(r"\s+", "", s) in self._squeezed

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def occurrences(self, s: str) -> list[int]:
        out, i = [], self.text.find(s)
        while i >= 0 and s:
            out.append(i)
            i = self.text.find(s, i + 1)
        return out


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


def _number(row: _Row, key: str, ctx: _Ctx, *, required: bool = True, whole: bool = False,
            hint: str | None = None, percent: bool | None = None) -> float | None:
    """A number cell: a number, or text that is one; an error naming the cell otherwise (for "16%", a
    hint by what the cell holds: ``percent`` True, a cut in percent; False, an amount)."""
    raw, text = row.raw.get(key), row.text.get(key, "")
    if text == "":
        if required:
            ctx.add("error", "empty-required", f"{key!r} is required", **row.at(key))
        return None
    if isinstance(raw, bool) or not (isinstance(raw, (int, float)) or _NUMBER.match(text)):
        pct = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[%％]\s*", text)
        if pct and percent:  # "16%": the form's columns hold the number alone, a cut in percent
            hint = f"did you mean {pct.group(1)}? (the number alone: a cut is in percent, the sign is the column's)"
        elif pct and percent is False:
            hint = "a percent, but the indicator is an amount (its unit is the column's): is it the right indicator?"
        ctx.add("error", "not-a-number", f"{_short(text)} is not a number", value=text,
                hint=hint or "type the number alone (its unit is the column's)", **row.at(key))
        return None
    v = float(raw) if isinstance(raw, (int, float)) else float(text)
    if not math.isfinite(v) or v < 0:
        ctx.add("error", "not-a-number", f"{text} must be a finite number ≥ 0", value=text, **row.at(key))
        return None
    if whole and not v.is_integer():
        ctx.add("error", "not-a-whole-number", f"{text} must be a whole number", value=text, **row.at(key))
        return None
    return v


def _required(row: _Row, key: str, ctx: _Ctx, what: str | None = None) -> str:
    v = row.text.get(key, "")
    if v == "":
        ctx.add("error", "empty-required", f"{what or repr(key)} is required", **row.at(key))
    return v


# ------------------------------------------------------------------------------------ checking
@dataclass
class _Draft:
    """What a form says, checked: the package's parts."""

    plan: dict[str, Any] = field(default_factory=dict)
    units: list[dict[str, str]] = field(default_factory=list)
    pollutants: list[dict[str, str]] = field(default_factory=list)
    controls: list[dict[str, Any]] = field(default_factory=list)  # the Controls sheet's rows, checked
    targets: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    tables: list[rules.Table] = field(default_factory=list)
    catalogue: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: {"zh": {}, "en": {}})


def _check_plan(rows: dict[str, _Row], ctx: _Ctx, text: _Text, d: _Draft) -> None:
    for f in _PLAN_FIELDS:
        if f.key not in rows:
            ctx.add("error" if f.required else "warning", "missing-field", f"no row for {f.key!r} ({f.en})",
                    PLAN_SHEET, hint="keep the rows the template writes")
    got: dict[str, Any] = {}
    for f in _PLAN_FIELDS:
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
            n = _number(r, "value", ctx, whole=True)
            if n is None:
                continue
            if not 1950 <= n <= 2099:
                ctx.add("error", "not-a-year", f"{v} is not a year (1950–2099)", value=v, **at)
                continue
            got[f.key] = int(n)
        elif f.key == "id" and not _PLAN_ID.match(v):
            ctx.add("error", "bad-id", f"id {_short(v)} must be lower-case letters, digits, '-', '_', '.'", value=v,
                    hint="e.g. xizang-14fyp", **at)
        elif f.key == "level" and v not in LEVELS:
            close = difflib.get_close_matches(v, LEVELS, n=1)
            ctx.add("error", "unknown-level", f"unknown level {_short(v)}", value=v,
                    hint=f"did you mean {close[0]!r}?" if close else f"one of {', '.join(LEVELS)}", **at)
        elif f.key.startswith("date_") and not _valid_date(v):
            ctx.add("error", "bad-date", f"{_short(v)} is not a date", value=v,
                    hint="YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2021-01-01", **at)
        elif f.key == "url" and not _URL.match(v):
            ctx.add("error", "bad-url", f"{_short(v)} is not a web address", value=v,
                    hint="https://… as the browser shows it; leave it empty if the text was not found online", **at)
        else:
            got[f.key] = v
            if f.key in ("title", "issuer", "document_number", "region_name") and not text.holds_loosely(v):
                ctx.add("warning", "not-in-text", f"{f.key} {_short(v)} is not found in the text: is it as printed?",
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


def _valid_date(v: str) -> bool:
    if not _DATE.match(v):
        return False
    parts = [int(x) for x in v.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _check_named(rows: list[_Row], ctx: _Ctx, text: _Text, what: str, has_class: bool) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for r in rows:
        slug, name, name_en = (_required(r, k, ctx) for k in ("slug", "name", "name_en"))
        if slug and (not _SLUG.match(slug) or slug == "region"):
            ctx.add("error", "bad-slug", f"{_short(slug)} is not a slug (a-z, 0-9, _, starting with a letter"
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
            ctx.add("warning", "not-in-text", f"the {what}'s name {_short(name)} is not found in the text: is it as printed?",
                    value=name, **r.at("name"))
        item = {"slug": slug, "name": name, "name_en": name_en, "_row": str(r.row)}
        if has_class:
            item["class"] = r.text.get("class", "")
        if what == "pollutant":
            target = r.text.get("target", "")
            if target and target not in POLLUTANT_TARGETS:
                close = difflib.get_close_matches(target.lower(), POLLUTANT_TARGETS, n=1)
                ctx.add("error", "unknown-pollutant-target", f"unknown target {_short(target)} of pollutant {slug!r}",
                        value=target, hint=(f"did you mean {close[0]!r}? " if close else "") + "cap (an absolute cap in "
                        "the target year) or cut (a cut from the base year, in percent)", **r.at("target"))
                continue
            if not target:
                ctx.add("info", "pollutant-target-default", f"pollutant {slug!r}: no target type, 'cap' is used",
                        **r.at("target"))
            item["target"] = target or "cap"
        out.append(item)
    return out


def _locate(r: _Row, value_text: str, ctx: _Ctx, text: _Text) -> int | None:
    """The line of the text a row's value is on: its ``source_line`` (checked against its ``quote``,
    if any), or the line of its value text within the quote. None (with an error) if neither holds."""
    line_v = _number(r, "source_line", ctx, required=False, whole=True)
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
            ctx.add("error", "quote-not-in-text", f"the quote is not in the text: {_short(quote)}", value=quote,
                    hint="copy the sentence from the text itself (same characters, full-width punctuation)", **r.at("quote"))
            return None
        if value_text and value_text not in quote:
            ctx.add("error", "value-text-not-in-quote", f"the value text {_short(value_text)} is not in its quote",
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


def _check_value_text(r: _Row, value: float | None, value_text: str, line: int, ctx: _Ctx, text: _Text,
                      percent: bool, unit_en: str, d: _Draft, unit: str, indicator: str) -> None:
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
        ctx.add("error", "value-text-numbers", f"the value text {_short(value_text)} must state exactly one number",
                value=value_text, hint="copy the literal of this one value, e.g. 19 or 2.9万吨", **r.at("value_text"))
        return
    if percent and ("万" in value_text or "吨" in value_text):
        ctx.add("error", "unit-mismatch", f"the value text {_short(value_text)} is an amount, but the indicator is a "
                "percent", value=value_text, **r.at("value_text"))
        return
    if not percent and ("%" in value_text or "％" in value_text):
        ctx.add("error", "unit-mismatch", f"the value text {_short(value_text)} is a percent, but the value is in "
                f"{unit_en}", value=value_text, hint="is it the right column or indicator?", **r.at("value_text"))
        return
    if value is None:
        return
    if percent and 0 < value < 1 and abs(value * 100 - said) < 1e-6:
        ctx.add("error", "percent-as-fraction", f"{_num_str(value)} is a fraction, but the form asks for a percent "
                f"(the text says {value_text})", value=value, hint=f"did you mean {_num_str(round(value * 100, 10))}?",
                **r.at("value"))
        return
    if said != value:
        ctx.add("error", "value-mismatch", f"value {_num_str(value)} but its value text {_short(value_text)} says "
                f"{_num_str(said)}", value=value, hint=f"did you mean {_num_str(said)}?", **r.at("value"))


def _words(d: _Draft) -> dict[str, tuple[str, ...]]:
    return rules.family_words((p["slug"], p["name"]) for p in d.pollutants)


def _check_tables(rows: list[_Row], ctx: _Ctx, text: _Text, d: _Draft) -> None:
    """The Tables sheet: each target table of the text with its lines and its columns' indicators in printed
    order (the rule set checks them as the loader does; a header that names another indicator is warned)."""
    from jnjp_analysis.plan.load import ENERGY_INDICATORS as energy_inds
    from jnjp_analysis.plan.load import KIND_INDICATORS

    # every indicator is a column's name (a kind not declared is said on its Targets rows)
    known = [*energy_inds, *KIND_INDICATORS, *(f"{p['slug']}_{'cut_pct' if p.get('target') == 'cut' else 'cap_10k_t'}"
                                             for p in d.pollutants)]
    tables, at = [], []
    for r in rows:
        name = _required(r, "name", ctx)
        first, last = (_number(r, k, ctx, whole=True) for k in ("first_line", "last_line"))
        header = _number(r, "header_line", ctx, required=False, whole=True)
        cols = [c.strip() for c in re.split(r"[,，、;；\s]+", _required(r, "columns", ctx)) if c.strip()]
        if not name or first is None or last is None or not cols:
            continue
        tables.append(rules.Table(name, int(first), int(last), tuple(cols), int(header or 0)))
        at.append(r.at("columns"))
    rules.check_tables(ctx, tables, len(text.lines), known, at, text.lines, _words(d))
    d.tables = tables


def _known_indicators(d: _Draft) -> list[str]:
    """The targets.csv indicators a unit may have under this form's declarations (the incentive level too)."""
    out = _unit_indicators(d)
    if _declared(d).get("intensity_cut", {}).get("incentive") and "intensity_incentive_cut_pct" not in out:
        out.insert(1, "intensity_incentive_cut_pct")
    return out


def _yes_no(r: _Row, key: str, ctx: _Ctx) -> bool | None:
    """A yes/no cell (yes, no, 是, 否; empty is no); None (with an error) for anything else."""
    v = r.text.get(key, "")
    if v.lower() in YES:
        return True
    if v == "" or v.lower() in NO:
        return False
    ctx.add("error", "bad-yes-no", f"{_short(v)} is neither yes nor no", value=v, hint="yes (是) or no (否)",
            **r.at(key))
    return None


def _declared(d: _Draft) -> dict[str, dict[str, Any]]:
    """The controlled indicators by kind: the Controls sheet's, or Tibet's 13th's two where it is empty."""
    if d.controls:
        return {c["kind"]: c for c in d.controls}
    return {k: {"kind": k, "id": CONTROL_IDS[k], "incentive": False, "exemption": "", "scope": "units"}
            for k in ("intensity_cut", "total_increment")}


def _check_controls(rows: list[_Row], ctx: _Ctx, d: _Draft) -> None:
    """The Controls sheet: each kind once, its incentive, exemption and scope as its kind allows; a
    regional target from another document with its value in its quoted sentence and its source."""
    seen: dict[str, int] = {}
    for r in rows:
        kind = _required(r, "kind", ctx)
        if not kind:
            continue
        if kind not in TARGET_KINDS:
            close = difflib.get_close_matches(kind, list(TARGET_KINDS), n=1)
            ctx.add("error", "unknown-kind", f"unknown kind of controlled indicator {_short(kind)}", value=kind,
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
            ctx.add("error", "unknown-exemption", f"unknown exemption rule {_short(exemption)}", value=exemption,
                    hint=(f"did you mean {close[0]!r}? " if close else "") + f"valid: {', '.join(EXEMPTIONS)}",
                    **r.at("exemption"))
            exemption = ""
        elif exemption and kind != "total_increment":
            ctx.add("error", "exemption-not-total", f"an exemption for {kind}: only the total-consumption check "
                    "(total_increment) has one", value=exemption, hint="leave the cell empty", **r.at("exemption"))
            exemption = ""
        scope = r.text.get("scope", "") or "units"
        if scope not in SCOPES:
            ctx.add("error", "unknown-scope", f"unknown scope {_short(scope)}", value=scope,
                    hint="units (a value per unit on the Targets sheet) or region (one regional carbon target)",
                    **r.at("scope"))
            scope = "units"
        elif scope not in KIND_SPECS[kind].scopes:
            ctx.add("error", "scope-region-not-carbon", f"scope {scope} for {kind}: this kind is set for "
                    f"{' or '.join(KIND_SPECS[kind].scopes)} only", value=scope, hint="give scope units and each unit's "
                    "value on the Targets sheet", **r.at("scope"))
            scope = "units"
        item: dict[str, Any] = {"kind": kind, "id": CONTROL_IDS[kind], "incentive": bool(incentive),
                                "exemption": exemption, "scope": scope, "row": r.row, "_r": r}
        src_keys = ("source_title", "source_issuer", "source_date", "source_url", "quote")
        if scope == "region":
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
    for need in ("intensity_cut", "total_increment"):
        if need not in kinds:
            ctx.add("error", "missing-control", f"the Controls sheet lacks {need!r}: a plan that declares its controlled "
                    "indicators declares its energy double control (intensity_cut and total_increment) too",
                    CONTROLS_SHEET, hint="add a row for it, or leave the sheet empty for these two alone")
    ex = next((c for c in d.controls if c["exemption"] == "incentive_met"), None)
    inc = next((c for c in d.controls if c["kind"] == "intensity_cut"), None)
    if ex is not None and not (inc and inc["incentive"]):
        where = f" (row {inc['row']})" if inc else ""
        ctx.add("error", "exemption-without-incentive", "exemption incentive_met exempts a unit that met its incentive "
                "intensity target, but the intensity_cut declares no incentive level", value=ex["exemption"],
                hint=f"set incentive = yes on the intensity_cut row{where} and give each unit's incentive level, "
                "or empty the exemption", **ex["_r"].at("exemption"))


def _regional_control(r: _Row, kind: str, ctx: _Ctx) -> dict[str, Any]:
    """A regional carbon target from another document: its value (a percent for a cut, 10^4 t CO2 for a
    cap), stated by its quoted sentence, and its source (title, issuer, date, URL, quote)."""
    pct = KIND_SPECS[kind].region_key == "value_pct"
    value = _number(r, "value", ctx, hint="type 12.24 for a 12.24 % cut (the percent sign is the column's)" if pct
                    else "type the number of 10^4 t CO2 alone", percent=pct)
    src = {k: _required(r, k, ctx, f"a regional target from another document needs its {k}")
           for k in ("source_title", "source_issuer", "source_date", "quote")}
    if src["source_date"] and not _valid_date(src["source_date"]):
        ctx.add("error", "bad-date", f"{_short(src['source_date'])} is not a date", value=src["source_date"],
                hint="YYYY-MM-DD, YYYY-MM or YYYY", **r.at("source_date"))
    url = r.text.get("source_url", "")
    if url and not _URL.match(url):
        ctx.add("error", "bad-url", f"{_short(url)} is not a web address", value=url, **r.at("source_url"))
    quote = src["quote"]
    if value is not None and quote:
        said = f"{value:g}" if pct else _num_str(value)
        pct_in_quote = any(f"{said}{c}" in quote for c in "%％")
        if pct and 0 < value < 1 and _clean_occurrence(f"{value * 100:g}", quote):
            ctx.add("error", "percent-as-fraction", f"{_num_str(value)} is a fraction, but a cut is given in percent "
                    f"(the quote says {value * 100:g}%)", value=value, hint=f"did you mean {value * 100:g}?",
                    **r.at("value"))
        elif pct and value >= 100:
            ctx.add("error", "cut-not-below-100", f"a cut of {_num_str(value)} % must be below 100 %", value=value,
                    **r.at("value"))
        elif not _clean_occurrence(said, quote):
            ctx.add("error", "value-not-in-quote", f"the value {said} is not in its quoted sentence: {_short(quote)}",
                    value=value, hint="the number as the quote prints it", **r.at("value"))
        elif not pct and pct_in_quote:
            ctx.add("error", "unit-mismatch", f"the quote states {said} as a percent, but a CO2 cap is in 10^4 t CO2",
                    value=value, hint="is it a carbon_intensity_cut?", **r.at("value"))
    source = {"title": src["source_title"], "issuer": src["source_issuer"], "date": src["source_date"]}
    if url:
        source["url"] = url
    source["quote"] = quote
    return {"value": value, "source": source}


def _check_targets(rows: list[_Row], ctx: _Ctx, text: _Text, d: _Draft) -> None:
    slugs = [u["slug"] for u in d.units]
    pols = {p["slug"]: p.get("target", "cap") for p in d.pollutants}
    declared = _declared(d)
    pol_ind = {CAP_INDICATOR: ("cap", "_cap_10k_t"), CUT_INDICATOR: ("cut", "_cut_pct")}
    for r in rows:
        n_errors = len(ctx.errors)
        unit, ind = _required(r, "unit", ctx), _required(r, "indicator", ctx)
        pol = r.text.get("pollutant", "")
        ok = True
        if unit and unit not in slugs:
            by_name = next((u["slug"] for u in d.units if unit in (u["name"], u["name_en"])), None)
            close = by_name or next(iter(difflib.get_close_matches(unit, slugs, n=1)), None)
            ctx.add("error", "unknown-unit", f"unknown unit {_short(unit)}: not a slug of the Units sheet "
                    f"({', '.join(slugs) or 'none'})", value=unit,
                    hint=f"did you mean {close!r}?" if close else "add the unit to the Units sheet", **r.at("unit"))
            ok = False
        if ind and ind not in INDICATORS:
            m = re.match(r"^([a-z][a-z0-9_]*)(_cap_10k_t|_cut_pct)$", ind)
            if m and m.group(1) in pols and pol in ("", m.group(1)):  # targets.csv's spelling, accepted as it is
                ind, pol = (CAP_INDICATOR if m.group(2) == "_cap_10k_t" else CUT_INDICATOR), m.group(1)
            else:
                near = difflib.get_close_matches(ind, INDICATORS, n=1)
                ctx.add("error", "unknown-indicator", f"unknown indicator {_short(ind)}", value=ind,
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
                ctx.add("error", "unknown-pollutant", f"unknown pollutant {_short(pol)}: not a slug of the Pollutants "
                        f"sheet ({', '.join(pols) or 'none'})", value=pol,
                        hint=f"did you mean {close!r}?" if close else "add it to the Pollutants sheet", **r.at("pollutant"))
                ok = False
            elif pols[pol] != want:
                other = CUT_INDICATOR if want == "cap" else CAP_INDICATOR
                ctx.add("error", "pollutant-target-mismatch", f"a {want} of {pol}, whose target the Pollutants sheet "
                        f"gives as a {pols[pol]}", value=ind, hint=f"choose {other}, or change the pollutant's target "
                        "on the Pollutants sheet", **r.at("indicator"))
                ok = False
        elif ind in INDICATORS and pol:
            ctx.add("error", "pollutant-not-pollutant-indicator", f"a pollutant ({_short(pol)}) for {ind}, which is not "
                    "a pollutant's target", value=pol,
                    hint=f"empty the pollutant cell, or choose {CAP_INDICATOR} or {CUT_INDICATOR}", **r.at("pollutant"))
            ok = False
        if ind in _NEEDS_KIND:
            k = _NEEDS_KIND[ind]
            c = declared.get(k)
            if c is None or c["scope"] != "units" or (k == "intensity_cut" and not c["incentive"]):
                what = ("an intensity_cut with incentive = yes" if k == "intensity_cut" else f"{k} with scope units")
                ctx.add("error", "kind-not-declared", f"{ind}: the Controls sheet declares no {what}", value=ind,
                        hint=f"declare {what} on the Controls sheet, or remove the row", **r.at("indicator"))
                ok = False
        percent = ind in PERCENT_INDICATORS
        value = _number(r, "value", ctx, hint="type 19 for a 19 % cut (the percent sign is the column's)" if percent
                        else None, percent=percent if ind in INDICATORS else None)
        if value is not None and percent and value >= 100:
            ctx.add("error", "cut-not-below-100", f"a cut of {_num_str(value)} % must be below 100 %",
                    value=value, **r.at("value"))
        value_text = _required(r, "value_text", ctx, "the value as printed ('value_text')")
        line = _locate(r, value_text, ctx, text)
        if line is not None and value_text and ok and unit and ind:
            key_ind = f"{pol}{pol_ind[ind][1]}" if ind in pol_ind else ind
            _check_value_text(r, value, value_text, line, ctx, text, percent, _UNITS.get(ind, ("", "its unit"))[1],
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
            ctx.add("error", "incentive-below-basic", f"unit {u['slug']!r}: incentive cut {_num_str(inc['value'])} % is "
                    f"below its basic target {_num_str(basic['value'])} % (row {basic['row']})", value=inc["value"],
                    hint="the incentive level is the larger cut (激励目标 ≥ 基本目标): are the two rows swapped?",
                    **inc["_r"].at("value"))


def _unit_indicators(d: _Draft) -> list[str]:
    """The targets.csv indicators every unit has, in the order written: the energy targets, the declared
    kinds' (the carbon targets), then each pollutant's cap or cut. The incentive level is not among
    them: a plan may set one for some units only (a unit without one is checked on its total as usual)."""
    declared = _declared(d)
    out = list(ENERGY_INDICATORS)
    for ind, (sp, col) in _KIND_COLUMNS.items():  # the declared kinds' required columns (plan.kinds)
        c = declared.get(sp.kind)
        if ind not in out and col.required and c is not None and c["scope"] == "units":
            out.append(ind)
    out += [f"{p['slug']}_cap_10k_t" for p in d.pollutants if p.get("target", "cap") == "cap"]
    out += [f"{p['slug']}_cut_pct" for p in d.pollutants if p.get("target") == "cut"]
    return out


def _check_catalogue(rows: list[_Row], ctx: _Ctx, text: _Text, d: _Draft) -> None:
    from jnjp_analysis.errors import CatalogueError
    from jnjp_analysis.plan.catalogue import value_from_text

    seen: dict[str, int] = {}
    for r in rows:
        vals = {c.key: (_required(r, c.key, ctx) if c.required else r.text.get(c.key, "")) for c in _CATALOGUE_COLS}
        tid = vals["target_id"]
        if tid and not _SLUG.match(tid):
            ctx.add("error", "bad-slug", f"target id {_short(tid)} must be a-z, 0-9, _", value=tid, **r.at("target_id"))
        if tid in seen:
            ctx.add("error", "duplicate", f"target {tid!r} appears twice (first on row {seen[tid]})", **r.at("target_id"))
        seen.setdefault(tid, r.row)
        kind = vals["kind"]
        if kind and kind not in KINDS:
            close = difflib.get_close_matches(kind, KINDS, n=1)
            ctx.add("error", "unknown-kind", f"unknown kind {_short(kind)}", value=kind,
                    hint=(f"did you mean {close[0]!r}? " if close else "") + f"valid: {', '.join(KINDS)}", **r.at("kind"))
        years = {}
        for k in ("base_year", "target_year"):
            y = _number(r, k, ctx, required=False, whole=True)
            if y is not None and not 1950 <= y <= 2099:
                ctx.add("error", "not-a-year", f"{_num_str(y)} is not a year (1950–2099)", value=y, **r.at(k))
                y = None
            years[k] = None if y is None else int(y)
        if years["base_year"] and years["target_year"] and not years["base_year"] < years["target_year"]:
            ctx.add("error", "years", f"base year {years['base_year']} must be before target year {years['target_year']}",
                    value=years["target_year"], **r.at("target_year"))
        value = _number(r, "value", ctx, required=False)
        clause, quote, vt, unit = vals["clause"], vals["quote"], vals["value_text"], vals["unit"]
        if clause and clause[1:-1] + " )" not in text.text and clause not in text.text:
            ctx.add("error", "clause-not-in-text", f"the clause {_short(clause)} is not found in the text", value=clause,
                    hint="as printed, e.g. （二）", **r.at("clause"))
        if quote and quote not in text.text:
            ctx.add("error", "quote-not-in-text", f"the quote is not in the text: {_short(quote)}", value=quote,
                    hint="copy the sentence from the text itself (same characters, full-width punctuation)", **r.at("quote"))
        elif quote and vt and vt not in quote:
            ctx.add("error", "value-text-not-in-quote", f"the value text {_short(vt)} is not in its quote", value=vt,
                    **r.at("value_text"))
        elif quote and vt:
            try:
                said = value_from_text(vt)
                if len(re.findall(r"\d+(?:\.\d+)?", vt)) > 1:
                    raise ValueError
            except (CatalogueError, ValueError):
                ctx.add("error", "value-text-numbers", f"the value text {_short(vt)} must state one number (or a word "
                        "such as 全面, 零增长)", value=vt, **r.at("value_text"))
            else:
                pct = "%" in unit or "％" in unit
                if math.isnan(said) and value is not None:
                    ctx.add("error", "value-mismatch", f"value {_num_str(value)} but its value text {_short(vt)} states "
                            "no number", value=value, hint="leave the value empty", **r.at("value"))
                elif not math.isnan(said) and value is None and r.text.get("value", "") == "" \
                        and not any(ch.isdigit() for ch in vt):  # a word target (全面, 零增长): its value is the word's
                    value = said
                    ctx.add("info", "word-value", f"the value text {_short(vt)} is a word: its value {_num_str(said)} "
                            "is used", value=vt, **r.at("value"))
                elif not math.isnan(said) and value is None and r.text.get("value", "") == "":
                    ctx.add("error", "empty-required", f"the value is required: its value text says {_num_str(said)}",
                            hint=f"type {_num_str(said)} (the number alone)", **r.at("value"))
                elif value is not None and pct and 0 < value < 1 and abs(value * 100 - said) < 1e-6:
                    ctx.add("error", "percent-as-fraction", f"{_num_str(value)} is a fraction, but the unit {unit!r} "
                            f"is a percent (the text says {vt})", value=value,
                            hint=f"did you mean {_num_str(round(value * 100, 10))}?", **r.at("value"))
                elif value is not None and not math.isnan(said) and said != value:
                    ctx.add("error", "value-mismatch", f"value {_num_str(value)} but its value text {_short(vt)} says "
                            f"{_num_str(said)}", value=value, hint=f"did you mean {_num_str(said)}?", **r.at("value"))
                elif not pct and ("%" in vt or "％" in vt):
                    ctx.add("error", "unit-mismatch", f"the value text {_short(vt)} is a percent, but the unit is "
                            f"{_short(unit)}", value=vt, hint="the unit of a percent is '%' or '% cut'", **r.at("unit"))
                else:
                    from jnjp_analysis.plan.load import check_catalogue_row

                    check_catalogue_row(ctx, text.text, tid, vt, quote, _words(d), r.at("value_text"), r.at("quote"))
        d.catalogue.append({**vals, **{k: ("" if v is None else str(v)) for k, v in years.items()},
                            "value": "" if value is None else _num_str(value), "_row": r.row,
                            "_cell": r.at("value")["cell"], "_value": value})


def _check_labels(rows: dict[str, _Row], ctx: _Ctx, d: _Draft) -> None:
    p = d.plan
    year = next((str(p[k])[:4] for k in ("date_published", "date_signed") if p.get(k)), "")
    derived = {"plan_id": (p.get("id", ""), p.get("id", "")),
               "source_title": (f"《{p['title']}》" if p.get("title") else "", p.get("title_en", "")),
               "issued": (year, year)}
    zh_too = {k: z for k, z, _ in _LABELS}
    for key in [*(k for k, _, _ in _LABELS), *(k for k in rows if k not in zh_too)]:
        r = rows.get(key)
        for lang in ("zh", "en"):
            if lang == "zh" and not zh_too.get(key, True) and not (r and r.text.get("zh")):
                continue
            v = r.text.get(lang, "") if r is not None else ""
            if key == "plan_id" and r is not None and v and p.get("id") and v != p["id"]:
                ctx.add("error", "label-plan-id", f"plan_id {_short(v)} is not the plan's id {p['id']!r}", value=v,
                        hint="leave it empty (the id is used)", **r.at(lang))
                continue
            if not v and key in derived and derived[key][lang == "en"]:
                v = derived[key][lang == "en"]
                ctx.add("info", "label-derived", f"label {key} ({lang}) left empty: {_short(v)} is used", LABELS_SHEET,
                        r.row if r else None, lang, f"{r.letters.get(lang, '?')}{r.row}" if r else None)
            if not v:
                if key not in _OPTIONAL_LABELS and (key in zh_too):
                    ctx.add("warning", "label-empty", f"label {key} ({lang}) is empty: the pages that use it cannot be "
                            "built (the package loads and checks without it)", LABELS_SHEET, r.row if r else None, lang,
                            f"{r.letters.get(lang, '?')}{r.row}" if r else None)
                continue
            d.labels[lang][key] = v
        if key not in zh_too and key not in _OPTIONAL_LABELS and r is not None:
            ctx.add("warning", "label-unknown", f"label {key!r} is not one the pages use (it is kept)", LABELS_SHEET,
                    r.row, "key", f"A{r.row}")


def _reconcile(ctx: _Ctx, d: _Draft) -> None:
    """The units' sums against the catalogue's regional figures: shown, never corrected."""
    cat = {c["target_id"]: c for c in d.catalogue if c["target_id"]}
    for p in d.pollutants:
        vals = [d.targets.get((u["slug"], f"{p['slug']}_cap_10k_t"), {}).get("value") for u in d.units]
        if any(v is None for v in vals) or not vals:
            continue
        s = round(sum(v for v in vals if v is not None), 6)
        c = cat.get(f"{p['slug']}_cap")
        if c is None or c["_value"] is None:
            ctx.add("info", "sum-no-regional", f"{p['slug']}: the units' caps sum to {_num_str(s)} × 10^4 t; the "
                    f"catalogue has no regional cap ({p['slug']}_cap) to reconcile them with", CATALOGUE_SHEET)
            continue
        r = c["_value"]
        level, code, how = (("warning", "sum-exceeds", "above") if s - r > TOL else ("info", "sum-within", "within"))
        ctx.add(level, code, f"{p['slug']}: the units' caps sum to {_num_str(s)} × 10^4 t, {how} the regional cap "
                f"{_num_str(r)} as printed (shown, not corrected)", CATALOGUE_SHEET, c["_row"], "value",
                c["_cell"], value=r)
    for ind, tid, what in (("intensity_cut_pct", "energy_intensity", "cuts"),
                           ("intensity_incentive_cut_pct", "energy_intensity_incentive", "incentive cuts")):
        e = [(d.targets.get((u["slug"], "energy_base_10k_tce"), {}).get("value"),
              d.targets.get((u["slug"], ind), {}).get("value")) for u in d.units]
        c = cat.get(tid)
        if not (e and all(a is not None and b is not None for a, b in e) and c is not None and c["_value"] is not None):
            continue
        e0 = sum(a for a, _ in e if a is not None)
        if e0 > 0:
            w = round(sum(a * b for a, b in e if a is not None and b is not None) / e0, 4)
            r = c["_value"]
            how = "stricter than" if w > r + TOL else "looser than" if w < r - TOL else "equal to"
            ctx.add("warning" if w < r - TOL else "info", "intensity-weighted",
                    f"the energy-weighted mean of the units' {what} is {_num_str(w)} %, {how} the regional "
                    f"{_num_str(r)} % (shown, not corrected)", CATALOGUE_SHEET, c["_row"], "value", c["_cell"],
                    value=r)


def _check_regional_carbon(ctx: _Ctx, d: _Draft) -> None:
    """A regional carbon-intensity target is given once: on the Catalogue sheet (the plan's text) or as a
    control of scope region (another document), not both (plan.load refuses both)."""
    c = next((c for c in d.controls if c["kind"] == "carbon_intensity_cut" and c["scope"] == "region"), None)
    row = next((x for x in d.catalogue if x["target_id"] == "carbon_intensity"), None)
    if c is not None and row is not None:
        ctx.add("error", "carbon-twice", f"the regional carbon-intensity target is both on the Catalogue sheet (row "
                f"{row['_row']}) and a control of scope region", value="region",
                hint="give it once: the Catalogue row where the plan's text states it, else the control",
                **c["_r"].at("scope"))


# ------------------------------------------------------------------------------------- writing
def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _package(d: _Draft, text_name: str, data: bytes) -> dict[str, str | bytes]:
    """The files of the package, by name."""
    p = d.plan
    units_csv = _csv(["slug", "name", "name_en", "class"],
                     [[u["slug"], u["name"], u["name_en"], u.get("class", "")] for u in d.units])
    trows = []
    for u in d.units:
        for ind in _known_indicators(d):
            if (u["slug"], ind) not in d.targets:  # an incentive level the plan does not set for this unit
                continue
            t = d.targets[(u["slug"], ind)]
            trows.append([u["slug"], ind, _num_str(t["value"]), t["value_text"], t["line"], t["quote"], t["note"]])
    targets_csv = _csv(["unit", "indicator", "value", "value_text", "source_line", "quote", "note"], trows)
    ccols = [c.key for c in _CATALOGUE_COLS]
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
            {"name": "scenarios", "path": "scenarios.csv", **csv_res,
             "title": "Scenario assumptions: a default 'central' scenario written by jnjp plan import, a placeholder "
                      "for the analyst to edit (each row has a rationale)"},
        ],
        "jnjp:plan": definition,
    }
    return {
        "datapackage.json": json.dumps(desc, ensure_ascii=False, indent=2) + "\n",
        text_name: data,
        "units.csv": units_csv,
        "targets.csv": targets_csv,
        "catalogue.csv": catalogue_csv,
        "scenarios.csv": _scenarios_csv(d),
        **_records(d),
    }


def _control_json(c: dict[str, Any]) -> dict[str, Any]:
    """One entry of ``jnjp:plan.controlled_indicators`` (plan.load._controls reads it)."""
    out: dict[str, Any] = {"id": c["id"], "kind": c["kind"]}
    if c["kind"] == "intensity_cut":
        out["incentive"] = c["incentive"]
    if c["exemption"]:
        out["exemption"] = c["exemption"]
    if c["scope"] == "region":
        v = float(c["value"])
        out["scope"] = "region"
        out["value_pct" if c["kind"] == "carbon_intensity_cut" else "value_10k_tco2"] = int(v) if v.is_integer() else v
        out["source"] = c["source"]
    return out


_PLACEHOLDER = "PLACEHOLDER ASSUMPTION, not a forecast (written by jnjp plan import; edit it): "


def _scenarios_csv(d: _Draft) -> str:
    """The default scenario ``central``: each unit at the even pace of its basic intensity cut and at the
    plan's implied growth — placeholders, computed from the plan (``even``, ``implied``), never a forecast."""
    p = d.plan
    years = [str(y) for y in range(p["base_year"] + 1, p["target_year"] + 1)]
    T = len(years)
    growth = (_PLACEHOLDER + f"'implied' is the growth at which the unit's intensity target and its total cap allow the "
              f"same {p['target_year']} consumption (the plan's own implied growth, computed, not typed). Replace it "
              "with the analyst's growth assumption for each year (a fraction: 0.06 = 6 %/yr) and say here where it "
              "comes from.")
    pace = (_PLACEHOLDER + f"'even' is the even annual pace of the unit's basic intensity cut, 1-(1-R)^(1/{T}) "
            "(computed, not typed). Replace it with the analyst's annual cuts (fractions: 0.03 = 3 %) and say here "
            "why.")
    # status "placeholder": every page built on it says so beside its numbers (scenarios.definition reads it)
    rows: list[list[object]] = [["central", u["slug"], "gdp_growth", *(["implied"] * T), growth, "placeholder"]
                                for u in d.units]
    rows += [["central", u["slug"], "intensity_cut", *(["even"] * T), pace, "placeholder"] for u in d.units]
    return _csv(["scenario", "prefecture", "parameter", *years, "rationale", "status"], rows)


_SOURCE_NOTE = "as in Tibet's record format (data/plans/xizang-13fyp/records/record.schema.json), the plan form's default"


def _record_schema(d: _Draft) -> dict[str, Any]:
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
          for x in d.pollutants),  # capped ones against the cap; cut ones graded on the base and target year
    ]
    # what each declared kind is graded on (plan.kinds: the spec's record indicators and their plausibility)
    specs = [KIND_SPECS[c["kind"]] for c in d.controls if c.get("kind") in KIND_SPECS]
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


def _records(d: _Draft) -> dict[str, str]:
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


def _check_out_dir(out: Path, pid: str | None, force: bool, ctx: _Ctx) -> None:
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
    ctx = _Ctx(str(form))
    data = files.read_bytes(tpath, "plan text")
    text = _Text(files.decode(data, tpath, "plan text"))
    if tpath.name in _RESERVED or tpath.name.startswith("."):
        ctx.add("error", "text-name", f"the text's file name {tpath.name!r} is one of the package's own names",
                file=str(tpath), hint="rename the text file, e.g. plan.txt")
    sheets = _read_sheets(form, ctx)
    known = (INSTRUCTIONS_SHEET, PLAN_SHEET, *_TABLES)
    for name in sheets:
        if name not in known and sheets[name]:
            ctx.add("warning", "extra-sheet", f"sheet {name!r} is not part of the form: it is not read", name)
    d = _Draft()
    _check_plan(_keyed(PLAN_SHEET, sheets.get(PLAN_SHEET), ctx, [f.key for f in _PLAN_FIELDS], ("value",)), ctx, text, d)
    d.units = _check_named(_table(UNITS_SHEET, sheets.get(UNITS_SHEET), ctx), ctx, text, "unit", True)
    if not d.units and UNITS_SHEET in sheets:
        ctx.add("error", "empty-sheet", "no units", UNITS_SHEET, hint="one row per unit the plan allocates targets to")
    d.pollutants = _check_named(_table(POLLUTANTS_SHEET, sheets.get(POLLUTANTS_SHEET), ctx), ctx, text, "pollutant",
                                False)
    _check_controls(_table(CONTROLS_SHEET, sheets.get(CONTROLS_SHEET), ctx), ctx, d)
    _check_tables(_table(TABLES_SHEET, sheets.get(TABLES_SHEET), ctx), ctx, text, d)
    _check_targets(_table(TARGETS_SHEET, sheets.get(TARGETS_SHEET), ctx), ctx, text, d)
    _check_catalogue(_table(CATALOGUE_SHEET, sheets.get(CATALOGUE_SHEET), ctx), ctx, text, d)
    _check_regional_carbon(ctx, d)
    _check_labels(_keyed(LABELS_SHEET, sheets.get(LABELS_SHEET), ctx, [k for k, _, _ in _LABELS],
                         ("zh", "en"), _LABEL_KEY), ctx, d)
    if not ctx.errors:
        _reconcile(ctx, d)
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
        kept = _keep_analysts_files(out, stage, package) if out.is_dir() else []
        for name, content in package.items():
            if name in kept:
                continue
            (stage / name).parent.mkdir(exist_ok=True)
            files.atomic_write(stage / name, content)
        try:
            regional_targets(plan=load(stage))
        except JnjpError as exc:
            ctx.add("error", "does-not-load", f"the package written does not load: {_short(str(exc), 300)}", file=str(out))
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


def _keep_analysts_files(out: Path, stage: Path, package: dict[str, str | bytes]) -> list[str]:
    """Copy into ``stage`` every file of the existing package ``out`` the import does not own (the analyst's
    record, scenarios, notes, any other file or folder); the names of ``package`` so kept."""
    import json as _json

    owned = set(_FORM_OWNED)
    try:  # the old text (named by the old descriptor) is the import's too
        old = _json.loads(files.read_text(out / "datapackage.json", "plan descriptor"))
        owned |= {r["path"] for r in old.get("resources", []) if isinstance(r, dict) and r.get("name") == "plan"
                  and isinstance(r.get("path"), str)}
    except (JnjpError, ValueError, AttributeError):
        pass
    owned |= {n for n in package if "/" not in n and n not in ("scenarios.csv",)} - {"scenarios.csv"}
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


def _refused(form: Path, ctx: _Ctx) -> FormRefused:
    errors = ctx.errors
    return FormRefused(f"{form}: refused, {len(errors)} error(s); nothing written. First: {errors[0]}",
                       _sorted(ctx.findings))
