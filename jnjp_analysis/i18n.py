"""Labels and texts in 中文 (``zh``) and English (``en``) for charts, tables and briefings."""

from __future__ import annotations

from .checks import JnjpError

LANGS = ("zh", "en")

_T: dict[str, tuple[str, str]] = {
    # units
    "unit_energy": ("万吨标准煤", "$10^4$ tce"),
    "unit_energy_plain": ("万吨标准煤", "10^4 tce"),
    "unit_mass": ("万吨", "10^4 t"),
    # chart titles and axes
    "year": ("年份", "Year"),
    "intensity_title": ("{name}：单位GDP能耗路径", "{name}: energy intensity path"),
    "intensity_axis": ("能耗强度（2015年=100）", "Energy per unit of GDP (2015 = 100)"),
    "even_path": ("均衡进度路径（目标）", "Even-pace target path"),
    "target_level": ("2020年目标：下降{pct}%", "2020 target: −{pct}%"),
    "energy_title": ("{name}：能源消费总量与控制目标", "{name}: energy consumption against the cap"),
    "energy_axis": ("能源消费量（万吨标准煤）", "Energy consumption ($10^4$ tce)"),
    "cap_path": ("总量均衡路径", "Even path to the cap"),
    "cap_level": ("2020年总量上限 {cap:g}", "2020 cap {cap:g}"),
    "map_title": ("{name}：“双控”可行区域", "{name}: double-control map"),
    "map_x": ("GDP年均实际增速（%）", "Average real GDP growth (%/yr)"),
    "map_y": ("能耗强度年均下降率（%）", "Annual intensity cut (%/yr)"),
    "both": ("两项均达标", "both controls met"),
    "intensity_only": ("仅强度达标", "intensity only"),
    "cap_only": ("仅总量达标", "cap only"),
    "neither": ("均未达标", "neither"),
    "implied_growth": ("隐含增速 {g:.1f}%", "implied growth {g:.1f}%"),
    "even_pace_line": ("均衡下降率 {a:.2f}%", "even pace {a:.2f}%"),
    "pacing_title": ("{name}：进度预警（{scenario}）", "{name}: pacing lights ({scenario})"),
    "pacing_row_intensity": ("强度", "Intensity"),
    "pacing_row_energy": ("总量", "Consumption"),
    "pacing_row_overall": ("综合", "Overall"),
    "light_green": ("绿", "G"),
    "light_yellow": ("黄", "Y"),
    "light_red": ("红", "R"),
    "pacing_legend": ("绿：达到进度要求；黄：差距不超过要求的10%；红：差距更大、强度上升或超上限",
                      "G: on schedule; Y: behind by ≤ 10 % of the requirement; R: further behind, intensity rose or cap exceeded"),
    "pollutant_title": ("各地（市）污染物总量控制计划占全区上限比例", "Prefecture pollutant caps as a share of the regional cap"),
    "pollutant_axis": ("占全区2020年上限的比例（%）", "Share of the regional 2020 cap (%)"),
    "regional_cap": ("全区上限", "Regional cap"),
    "fan_title": ("{name}：能源消费不确定性（{scenario}，{n}次模拟）", "{name}: consumption uncertainty ({scenario}, {n} draws)"),
    "fan_median": ("中位数", "median"),
    "fan_band_90": ("5%–95%区间", "5–95 % band"),
    "fan_band_50": ("25%–75%区间", "25–75 % band"),
    "implied_title": ("各地（市）“双控”隐含GDP增速", "GDP growth implied by each prefecture's double control"),
    "implied_axis": ("年均实际增速（%）", "Average real growth (%/yr)"),
    "compliance_title": ("各情景2020年“双控”达标情况", "2020 double-control compliance by scenario"),
    "scenario": ("情景", "Scenario"),
    "prefecture": ("地（市）", "Prefecture"),
    "region": ("全区", "Region"),
    # scenario names
    "sc_plan_consistent": ("规划一致", "plan-consistent"),
    "sc_even_pace": ("均衡进度", "even pace"),
    "sc_low_growth": ("低增长", "low growth"),
    "sc_central": ("基准", "central"),
    "sc_high_growth": ("高增长", "high growth"),
    # pollutants
    "pol_cod": ("化学需氧量", "COD"),
    "pol_nh3n": ("氨氮", "NH3-N"),
    "pol_so2": ("二氧化硫", "SO2"),
    "pol_nox": ("氮氧化物", "NOx"),
    # binding / verdict
    "bind_intensity": ("强度目标", "intensity target"),
    "bind_cap": ("总量上限", "total cap"),
    "bind_both": ("两者同时", "both"),
    "bind_n/a": ("无法判断", "n/a"),
    "verdict_front-loose, back-tight": ("前松后紧", "front-loose, back-tight"),
    "verdict_on schedule": ("进度均衡", "on schedule"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
    # section headings of the briefing and the overview
    "h_brief_key": ("关键数据", "Key figures"),
    "h_brief_intensity": ("能耗强度路径", "Energy intensity path"),
    "h_brief_energy": ("能源消费总量", "Total energy consumption"),
    "h_brief_map": ("“双控”可行区域", "Double-control map"),
    "h_brief_pacing": ("进度预警（前松后紧检查）", "Pacing check (front-loose, back-tight)"),
    "h_brief_pollutants": ("污染物排放总量控制", "Pollutant caps"),
    "h_brief_mc": ("不确定性（蒙特卡洛模拟）", "Uncertainty (Monte Carlo)"),
    "h_brief_scenarios": ("情景结果（2020年）", "Scenario results (2020)"),
    "h_brief_method": ("方法说明", "Method notes"),
    "h_overview_annex1": ("附件1：各地（市）能耗“双控”目标", "Annex 1: energy double-control targets"),
    "h_overview_annex2": ("附件2：各地（市）2020年污染物排放总量（万吨）", "Annex 2: 2020 pollutant caps (10^4 t)"),
    "h_overview_regional": ("正文中的全区目标", "Region-wide targets in the plan body"),
    "h_overview_reconcile": ("核对：各地（市）合计与全区目标", "Reconciliation: prefecture sums against regional figures"),
    "h_overview_implied": ("“双控”隐含GDP增速", "GDP growth implied by the double control"),
    "h_overview_pollutants": ("污染物总量份额", "Shares of the regional pollutant caps"),
    "h_overview_scenarios": ("各情景结果", "Scenario results"),
    "h_overview_mc": ("达标概率（蒙特卡洛）", "Probability of compliance (Monte Carlo)"),
}


def t(key: str, lang: str = "zh", **fmt: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``fmt``."""
    check_lang(lang)
    try:
        text = _T[key][LANGS.index(lang)]
    except KeyError:
        raise KeyError(f"no label {key!r}") from None
    return text.format(**fmt) if fmt else text


def scenario_label(name: str, lang: str = "zh") -> str:
    key = f"sc_{name}"
    return t(key, lang) if key in _T else name


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise JnjpError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang
