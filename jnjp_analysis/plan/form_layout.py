"""The plan form's layout as data: its sheets, their columns, fields and notes, and the empty form
(:func:`write_template`).

The sheet names (``PLAN_SHEET``…), the indicators, kinds, levels and scopes a cell may hold, the Plan
sheet's fields (:data:`PLAN_FIELDS`), each table sheet's columns (:data:`TABLE_SHEETS`), the Labels
sheet's keys (:data:`LABELS`) and the instructions are declared here once; the reader
(:mod:`jnjp_analysis.plan.form_read`), the checks (:mod:`jnjp_analysis.plan.form_check`) and the writer
(:mod:`jnjp_analysis.plan.form_write`) read them. :mod:`jnjp_analysis.plan.form` is the public entry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jnjp_analysis import files
from jnjp_analysis.errors import JnjpError
from jnjp_analysis.plan.definition import EXEMPTIONS, TARGET_KINDS
from jnjp_analysis.plan.kinds import KINDS as KIND_SPECS
from jnjp_analysis.plan.kinds import columns as _kind_columns
from jnjp_analysis.plan.load import ENERGY_INDICATORS as _ENERGY
from jnjp_analysis.plan.load import KIND_INDICATORS as _KIND_INDICATORS
from jnjp_analysis.plan.scenario_rules import ENERGY_MODES as SCENARIO_ENERGY_MODES

INSTRUCTIONS_SHEET = "说明 Instructions"
PLAN_SHEET = "规划 Plan"
UNITS_SHEET = "单位 Units"
POLLUTANTS_SHEET = "污染物 Pollutants"
TARGETS_SHEET = "目标 Targets"
TABLES_SHEET = "表格 Tables"
CONTROLS_SHEET = "控制指标 Controls"
CATALOGUE_SHEET = "全区目标 Catalogue"
LABELS_SHEET = "用词 Labels"
STATISTICS_SHEET = "统计 Statistics"  # optional: a form without it, or with it empty, imports
SCENARIOS_SHEET = "情景 Scenarios"  # optional: empty or absent, the import writes the placeholder scenario

KIND_COLUMNS = _kind_columns()
LEVELS = ("province", "prefecture", "city", "county")  # what a plan's units are (Plan.level)
CAP_INDICATOR = "pollutant_cap_10k_t"  # with the pollutant in its own column: targets.csv's <pollutant>_cap_10k_t
CUT_INDICATOR = "pollutant_cut_pct"  # with the pollutant in its own column: targets.csv's <pollutant>_cut_pct
# with the pollutant in its own column: targets.csv's <pollutant>_reduction_10k_t (重点工程减排量)
REDUCTION_INDICATOR = "pollutant_reduction_10k_t"
ENERGY_INDICATORS = _ENERGY  # every unit has them (plan.load's, from the registry of kinds)
# the Targets sheet's indicators: every registered kind's columns (plan.kinds), then a pollutant's cap or cut
INDICATORS = (*(n for n in KIND_COLUMNS), CAP_INDICATOR, CUT_INDICATOR, REDUCTION_INDICATOR)
PERCENT_INDICATORS = (*(n for n, (_, c) in KIND_COLUMNS.items() if c.percent), CUT_INDICATOR)
# catalogue.RegionalTarget.kind ("reduction": an amount the key projects remove, 重点工程减排量)
KINDS = ("cut", "cap", "floor", "full", "zero_growth", "decrease", "count", "reduction")
# definition.POLLUTANT_KINDS: an absolute cap, a cut from the base year, or the amount the key projects remove
POLLUTANT_TARGETS = ("cap", "cut", "reduction")
# the controlled indicators (plan.kinds): the id the descriptor gives each kind
CONTROL_IDS = {k: sp.control_id for k, sp in KIND_SPECS.items()}
SCOPES = ("units", "region")
YES, NO = ("yes", "是", "y", "true", "1"), ("no", "否", "n", "false", "0")
# which Targets indicator needs which declared kind (load.KIND_INDICATORS): the incentive level, the carbon targets…
NEEDS_KIND = dict(_KIND_INDICATORS)
INDICATOR_UNITS = {**{n: (c.unit_zh, c.unit_en) for n, (_, c) in KIND_COLUMNS.items()},
          CAP_INDICATOR: ("万吨", "10^4 t"), CUT_INDICATOR: ("%", "%"), REDUCTION_INDICATOR: ("万吨", "10^4 t")}
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
                            "target is 'cut')"),
            REDUCTION_INDICATOR: ("目标年污染物重点工程减排量（填“污染物”列；该污染物目标类型为 reduction）",
                                  "amount of a pollutant the key projects remove by the target year (give the "
                                  "pollutant column; its target is 'reduction')")}
# a kind registered since (plan.kinds) is described by its spec
_MEANING = {**{n: (c.meaning_zh + f"（须在“控制指标”表声明 {sp.kind}）", c.meaning_en + f" (declare {sp.kind})")
               for n, (sp, c) in KIND_COLUMNS.items()}, **_MEANING}

_FIRST_DATA_ROW = 6  # row 4: column titles, row 5: column keys
_DATA_ROWS = 200  # rows formatted and validated in the template (more may be added)


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


PLAN_FIELDS = (
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
    _Col("target", "目标类型：cap 排放上限 / cut 比基年下降 / reduction 重点工程减排量（空：cap）", "target: cap "
         "(absolute) / cut (from the base year) / reduction (removed by key projects, 10^4 t; empty: cap)", False,
         width=20),
)
_CONTROL_COLS = (
    _Col("kind", "控制指标类型", "kind", width=22),
    _Col("incentive", "激励目标（yes/no，仅能耗强度）", "incentive level (yes/no, intensity_cut only)", False, width=14),
    _Col("exemption", "免予考核规则（仅能耗总量）", "exemption (total_increment only)", False, width=16),
    _Col("scope", "范围：units 各单位 / region 仅全区（空：units）", "scope: units / region (empty: units)", False,
         width=12),
    _Col("stated", "总量表述（仅能耗总量）：number 数值 / words 文字（空：number）",
         "total stated as (total_increment only): number / words (empty: number)", False, width=16),
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
CATALOGUE_COLS = (
    _Col("target_id", "目标代码", "target id", width=18),
    _Col("clause", "条款（原文，可空）", "clause as printed (optional: a quoted sentence may have none)", False, width=10),
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
STATISTIC_COLS = (  # statistics.csv's columns (plan.statistics.COLUMNS), checked by its rule set
    _Col("unit", "单位代码（或 region）", "unit (slug, or region)", width=12),
    _Col("indicator", "指标", "indicator", width=24),
    _Col("year", "年份（基年）", "year (the base year)", width=9, text=False),
    _Col("value", "数值（按指标单位）", "value (in the indicator's unit)", width=14, text=False),
    _Col("value_text", "来源原文数值（照录，含单位）", "value as the source prints it, with its unit", width=18),
    _Col("status", "数据状态", "status", width=12),
    _Col("source_title", "来源标题", "source title", width=30),
    _Col("source_issuer", "发布机构", "source issuer", width=20),
    _Col("source_date", "发布日期", "source date", width=12),
    _Col("source_url", "网址", "URL where found", width=30),
    _Col("source_quote", "来源原句（照录，含该数值）", "quoted sentence (verbatim, with the value)", width=50),
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
LABELS = (
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
OPTIONAL_LABELS = ("index_page_title", "short_source")

# long form: one row per scenario x unit x parameter x year (the number of years is the plan's)
SCENARIO_COLS = (
    _Col("scenario", "情景名称", "scenario", width=12),
    _Col("unit", "单位代码", "unit (slug)", width=12),
    _Col("parameter", "参数", "parameter", width=18),
    _Col("year", "年份", "year", width=8, text=False),
    _Col("value", "数值（比例，0.08 即 8%；或 even / implied）", "value (a fraction, 0.08 = 8 %; or even / implied)",
         width=16),
    _Col("rationale", "依据（数值从何而来）", "rationale (where the number comes from)", width=60),
    _Col("status", "状态（空，或 placeholder 占位）", "status (empty, or placeholder)", False, width=14),
)


@dataclass(frozen=True)
class _Table:
    title: str
    cols: tuple[_Col, ...]
    zh: str
    en: str


TABLE_SHEETS = {
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
                           "stated=words：原文只以文字规定能源消费总量（如“能源消费总量得到合理控制”），在“来源原句”列照录该句，"
                           "“目标”表不填基年能源消费量和增量。"
                           "scope=region：仅有全区碳目标且出自其他文件时，填数值与来源（标题、机构、日期、原句）；正文中的全区目标填“全区目标”表。",
                           "One row per kind. Leave the sheet empty for a plan with an intensity cut and a total increment "
                           "only (Tibet's 13th); otherwise give intensity_cut and total_increment among them. incentive = "
                           "yes: each unit also has an incentive level (intensity_incentive_cut_pct). exemption = "
                           "incentive_met: a unit that meets its incentive level is exempt from the total check (needs "
                           "incentive = yes). stated = words: the text states the total in words only (能源消费总量得到合理"
                           "控制): quote its sentence verbatim in the quote column, and give no base-year consumption or "
                           "increment on the Targets sheet. scope = region: a regional carbon target only, from another document: its "
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
                            CATALOGUE_COLS,
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
    STATISTICS_SHEET: _Table("统计 Statistics — 基年统计数据（引自统计来源，非规划原文；可不填） / base-year statistics from a "
                             "cited source, not the plan's text (optional)", STATISTIC_COLS,
                             "可不填。每项一行：指标 energy_10k_tce（万吨标准煤）、gdp_current_100m_yuan（亿元，当年价）、"
                             "co2_10k_tco2（万吨二氧化碳）；年份须为基年；“来源原文数值”照录来源（如 49.8億噸標準煤），"
                             "数值＝原文数字×其单位的换算系数（亿吨标准煤 ×10000）；状态 preliminary（初步核算）、revised、"
                             "final、not_stated；来源标题、机构、日期、网址、原句均须填写，原句须含“来源原文数值”。",
                             "Optional. One row per statistic: indicator energy_10k_tce (10^4 tce), gdp_current_100m_yuan "
                             "(10^8 yuan, current prices), co2_10k_tco2 (10^4 t CO2); the year is the base year; 'value as "
                             "the source prints it' verbatim (49.8億噸標準煤), and the value is its number times its unit's "
                             "factor (亿吨标准煤 x 10000); status preliminary (初步核算), revised, final or not_stated; the "
                             "source's title, issuer, date, URL and quoted sentence are required, the quote holding the value "
                             "as printed."),
    SCENARIOS_SHEET: _Table("情景 Scenarios — 情景假设及其依据（可不填） / scenario assumptions with their rationale (optional)",
                            SCENARIO_COLS,
                            "可不填：不填则导入写入默认占位情景 central。每行一个情景×单位×参数×年份；规划期每一年（基年之后至目标年）"
                            "都要填，同一情景、单位、参数的各行填同一条依据。参数：gdp_growth（GDP实际增速）、"
                            + "、".join(SCENARIO_ENERGY_MODES) + "（能源三选一），<污染物>_growth（如 cod_growth）。数值为比例"
                            "（增速8%填 0.08，强度年降3%填 0.03）；even＝按基本目标匀速降低（仅 intensity_cut），implied＝规划隐含增速"
                            "（仅 gdp_growth）。依据必填：说明数值来源（规划增长目标、统计记录的实际增速……）；状态为空，或 placeholder"
                            "（占位，页面会注明）。只设碳排放强度目标、不设能耗强度目标的规划没有情景，不能填本表。",
                            "Optional: left empty, the import writes the default placeholder scenario 'central'. One row per "
                            "scenario x unit x parameter x year; every year of the period (after the base year, to the target "
                            "year) must be given, and the rows of one scenario, unit and parameter give one rationale. "
                            "Parameters: gdp_growth (real GDP growth), " + ", ".join(SCENARIO_ENERGY_MODES) + " (one of the "
                            "three for energy), <pollutant>_growth (cod_growth). Values are fractions (8 % growth is 0.08, a 3 % "
                            "annual intensity cut 0.03); even = the even pace of the basic target (intensity_cut only), implied "
                            "= the plan's implied growth (gdp_growth only). The rationale is required: where the number comes "
                            "from (the plan's growth target, the record's observed growth…); status empty, or placeholder (the "
                            "pages say so). A plan that sets only a carbon-intensity target, no energy-intensity cut, has no "
                            "scenarios: leave the sheet empty."),
}


def _instructions() -> list[tuple[str, str]]:
    inds = [(f"{k}：{_MEANING[k][0]}（{INDICATOR_UNITS[k][0]}）", f"{k}: {_MEANING[k][1]} ({INDICATOR_UNITS[k][1]})") for k in INDICATORS]
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
        ("情景 Scenarios 表（可不填）：填写后，导入按该表写 scenarios.csv（每个情景、单位、参数一行，各年一列，附依据），"
         "代替默认占位情景；碳排放强度主导（未声明 intensity_cut）的规划不能填。",
         "Scenarios sheet (optional): where it has rows, the import writes scenarios.csv from it (one row per "
         "scenario, unit and parameter, one column per year, with its rationale) instead of the default placeholder; "
         "a carbon-led plan (no intensity_cut declared) has no scenarios, so the sheet stays empty."),
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
    for i, f in enumerate(PLAN_FIELDS, start=_FIRST_DATA_ROW):
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
    for title, table in TABLE_SHEETS.items():
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
        elif title == SCENARIOS_SHEET:
            dvs += [
                (validation("list", "单位表中的代码 / a slug of the Units sheet",
                            formula1=f"'{UNITS_SHEET}'!$A${_FIRST_DATA_ROW}:$A${last}"), rng("unit")),
                (year_dv(), rng("year")),
                (validation("list", "空或 placeholder / empty or placeholder", formula1='"placeholder"'), rng("status")),
            ]
        elif title == TABLES_SHEET:
            dvs += [(validation("whole", "行号：≥ 1 的整数 / a line number, 1 or more", operator="greaterThanOrEqual",
                                formula1="1"), rng(k)) for k in ("first_line", "last_line", "header_line")]
        elif title == POLLUTANTS_SHEET:
            dvs += [(validation("list", "cap（排放上限）/ cut（比基年下降）/ reduction（重点工程减排量）",
                                formula1='"' + ",".join(POLLUTANT_TARGETS) + '"'), rng("target"))]
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
            for i, (key, zh_too, meaning) in enumerate(LABELS, start=_FIRST_DATA_ROW):
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

