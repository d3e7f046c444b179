"""Labels and texts in 中文 (``zh``) and English (``en``) for charts, tables and briefings."""

from __future__ import annotations

import re

from jnjp_analysis.checks import JnjpError

LANGS = ("zh", "en")

_T: dict[str, tuple[str, str]] = {
    # units
    "unit_energy": ("万吨标准煤", "$10^4$ tce"),
    "unit_energy_plain": ("万吨标准煤", "10^4 tce"),
    "unit_mass": ("万吨", "10^4 t"),
    # chart titles and axes
    "year": ("年份", "Year"),
    "intensity_title": ("{name}：单位GDP能耗路径", "{name}: energy intensity path"),
    "intensity_axis": ("能耗强度（{base}年=100）", "Energy per unit of GDP ({base} = 100)"),
    "even_path": ("均衡进度路径（目标）", "Even-pace target path"),
    "target_level": ("{target}年目标：下降{pct}%", "{target} target: −{pct}%"),
    "even_path_incentive": ("激励目标均衡进度路径", "Even-pace path to the incentive target"),
    "incentive_level": ("{target}年激励目标：下降{pct}%", "{target} incentive target: −{pct}%"),
    "energy_title": ("{name}：能源消费总量与控制目标", "{name}: energy consumption against the cap"),
    "energy_axis": ("能源消费量（万吨标准煤）", "Energy consumption ($10^4$ tce)"),
    "cap_path": ("总量均衡路径", "Even path to the cap"),
    "cap_level": ("{target}年总量上限 {cap:g}", "{target} cap {cap:g}"),
    "map_title": ("{name}：“双控”可行区域", "{name}: double-control map"),
    "map_x": ("GDP年均实际增速（%）", "Average real GDP growth (%/yr)"),
    "map_y": ("能耗强度年均下降率（%）", "Annual intensity cut (%/yr)"),
    "both": ("两项均达标", "both controls met"),
    "intensity_only": ("仅强度达标", "intensity only"),
    "cap_only": ("仅总量达标", "cap only"),
    "neither": ("均未达标", "neither"),
    "exempt": ("总量免考（达到激励目标）", "cap exempt (incentive met)"),
    "implied_growth": ("隐含增速 {g:.1f}%", "implied growth {g:.1f}%"),
    "even_pace_line": ("均衡下降率 {a:.2f}%", "even pace {a:.2f}%"),
    "incentive_pace_line": ("激励目标均衡下降率 {a:.2f}%", "even pace to the incentive target {a:.2f}%"),
    "pacing_title": ("{name}：进度预警（{scenario}）", "{name}: pacing lights ({scenario})"),
    "pacing_row_intensity": ("强度", "Intensity"),
    "pacing_row_energy": ("总量", "Consumption"),
    "pacing_row_overall": ("综合", "Overall"),
    "light_green": ("绿", "G"),
    "light_yellow": ("黄", "Y"),
    "light_red": ("红", "R"),
    "pacing_legend": ("绿：达到进度要求；黄：差距不超过要求的10%；红：差距更大、强度上升或超上限",
                      "G: on schedule; Y: behind by ≤ 10 % of the requirement; R: further behind, intensity rose or cap exceeded"),
    "pollutant_title": ("各{unit_word}污染物总量控制计划占{whole}上限比例", "{Unit_word} pollutant caps as a share of the {whole_adj} cap"),
    "pollutant_axis": ("占{whole}{target}年上限的比例（%）", "Share of the {whole_adj} {target} cap (%)"),
    "regional_cap": ("{whole}上限", "{Whole_adj} cap"),
    "fan_title": ("{name}：能源消费不确定性（{scenario}，{n}次模拟）", "{name}: consumption uncertainty ({scenario}, {n} draws)"),
    "fan_median": ("中位数", "median"),
    "fan_band_90": ("5%–95%区间", "5–95 % band"),
    "fan_band_50": ("25%–75%区间", "25–75 % band"),
    "implied_title": ("各{unit_word}“双控”隐含GDP增速", "GDP growth implied by each {unit_word}'s double control"),
    "implied_axis": ("年均实际增速（%）", "Average real growth (%/yr)"),
    "compliance_title": ("各情景{target}年“双控”达标情况", "{target} double-control compliance by scenario"),
    "scenario": ("情景", "Scenario"),
    "prefecture": ("{unit_word}", "{Unit_word}"),
    "region": ("{whole}", "{Whole}"),
    "region_full": ("{region}（{whole}）", "{region} ({whole})"),
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
    # which trigger made the verdict front-loose, back-tight (pacing.VERDICT_TRIGGERS)
    "verdict_with_triggers": ("{verdict}（{triggers}）", "{verdict} ({triggers})"),
    "trigger_intensity_back_loading": ("能耗强度降幅推后到最后几年", "intensity cut pushed into the last years"),
    "trigger_total_front_loading": ("能源消费增量提前用得过多", "consumption increment used ahead of its even path"),
    "verdict_total_exempt": ("能源消费增量虽提前用得过多，但{name}在此路径上达到能耗强度激励目标，能源消费总量免予考核，"
                             "故不据此判为前松后紧。",
                             "The consumption increment is used ahead of its even path, but {name} reaches its incentive "
                             "intensity level on this path and is then exempt from the total check, so this does not make "
                             "it front-loose, back-tight."),
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
    "h_brief_scenarios": ("情景结果（{target}年）", "Scenario results ({target})"),
    "h_brief_method": ("方法说明", "Method notes"),
    "h_overview_annex1": ("{energy_table}：各{unit_word}能耗“双控”目标", "{Energy_table}: energy double-control targets"),
    "h_overview_annex2": ("{pollutant_table}：各{unit_word}{target}年污染物排放总量（万吨）", "{Pollutant_table}: {target} pollutant caps (10^4 t)"),
    "h_overview_regional": ("正文中的{whole}目标", "{Whole}-wide targets in the plan body"),
    "h_overview_reconcile": ("核对：各{unit_word}合计与{whole}目标", "Reconciliation: {unit_word} sums against {whole_adj} figures"),
    "h_overview_implied": ("“双控”隐含GDP增速", "GDP growth implied by the double control"),
    "h_overview_pollutants": ("污染物总量份额", "Shares of the {whole_adj} pollutant caps"),
    "h_overview_scenarios": ("各情景结果", "Scenario results"),
    # the record of observed statistics (records.py, assessment.py, record_view.py)
    "h_brief_record": ("实际统计记录（{span}年）", "The record: what happened, {span}"),
    "h_overview_warning": ("预警名单{warning_paren}与年度评价考核{assessment_paren}",
                           "Early-warning list{warning_paren} and annual assessment{assessment_paren}"),
    "rec_context": ("{record_context}", "{record_context}"),  # the plan's own words (jnjp:plan.labels)
    "rec_file_shipped": ("记录：本包附带的{whole}记录（{shipped}，{n}个数值，每个数值附来源）。",
                         "Record: the {whole} record shipped with the package ({shipped}, {n} values, each with its source)."),
    "rec_file_package": ("记录：规划数据包中的{whole}记录（{shipped}，{n}个数值）。",
                         "Record: the record in the plan package ({shipped}, {n} values)."),
    "rec_file_user": ("记录：用户提供的文件 {file}（{n}个数值）。", "Record: the user's file {file} ({n} values)."),
    "rec_ceiling_partial": ("按实际增速{proxy}，能耗强度目标允许{name}的能源消费为：{items}（万吨标准煤）。{target}年的值需要{span}年各年增速或{T_word}年年均增速。",
                            "At the growth that happened{proxy}, the intensity target allowed {name}: {items} (10^4 tce). The {target} value needs every year's growth from {first} or the {T_word}-year average."),
    "rec_ceiling_year": ("{year}年{v}", "{year}: {v}"),
    "rec_ceiling_observed": ("（实际{e}）", " (observed {e})"),
    "cap_record_nogrowth": ("图：黑色虚线为总量控制的均衡路径，橙线为{target}年上限；记录中没有可用的GDP增速，故无强度目标允许的能耗线。",
                            "Figure: the cap's even path (black, dashed) and the {target} cap (orange); the record has no usable GDP growth, so no line for what the intensity target allowed."),
    "rec_proxy_partial": ("{name}的GDP增速不全：缺少的年份（及{T_word}年年均增速）以{whole}增速代替，凡用到之处均标为“代理”。",
                          "{name}'s GDP growth is incomplete: the {whole}'s stands in for the missing years (and the {T_word}-year average), labelled “proxy” wherever it is used."),
    "rec_implausible": ("自{year}年起目标已难以完成。", "The target became implausible in {year}."),
    "rec_file_plus_shipped": ("另加本包附带的{whole}记录中该文件没有的{m}个数值（均附来源）。",
                              "Added: the {m} value(s) of the shipped {whole} record that the file does not have (each with its source)."),
    "rec_known": ("**已知：** {items}。", "**Known:** {items}."),
    "rec_known_none": ("**已知：** 记录中没有{name}本身的统计数据。", "**Known:** the record holds no statistics of {name}'s own."),
    "rec_missing": ("**缺失：** {items}。", "**Missing:** {items}."),
    "rec_missing_all_years": ("{label}（各年均无）", "{label} (no year)"),
    "rec_missing_years": ("{label}（{years}年）", "{label} ({years})"),
    "rec_proxy": ("{name}没有自己的GDP增速：下文以{whole}增速代替，凡用到之处均标为“代理”。",
                  "{name} has no GDP growth of its own: the {whole}'s stands in below, labelled “proxy” wherever it is used."),
    "rec_ceiling": ("按实际增速（{basis}{g}%/年{proxy}），能耗强度目标允许{name}{target}年能源消费约{ceil}万吨标准煤"
                    "{range}，{cmp}总量上限{cap}万吨标准煤：{bind}",
                    "At the growth that happened ({basis}{g}%/yr{proxy}), the intensity target allowed {name} about {ceil} × 10^4 tce "
                    "in {target}{range}, {cmp} the cap of {cap}: {bind}"),
    "rec_ceiling_range": ("（增速取整范围内为{lo}–{hi}）", " ({lo}–{hi} within the rounding of the growth rate)"),
    "rec_cap_exceeded": ("但记录中{year}年的能源消费{e}万吨标准煤已超过总量上限{cap}，也超过当年能耗强度目标允许的{allow}："
                         "两项控制都被突破。",
                         "the recorded consumption of {e} in {year} is above the cap of {cap} and above the {allow} the "
                         "intensity target allowed that year, so both controls were broken."),
    "rec_cap_exceeded_intensity_met": ("但记录中{year}年的能源消费{e}万吨标准煤已超过总量上限{cap}，而未超过当年能耗强度目标允许的"
                                       "{allow}：总量控制被突破，强度目标则已达到。",
                                       "the recorded consumption of {e} in {year} is above the cap of {cap} but within the "
                                       "{allow} the intensity target allowed that year: the cap was exceeded while the "
                                       "intensity target was met."),
    "rec_cap_exceeded_intensity_unknown": ("但记录中{year}年的能源消费{e}万吨标准煤已超过总量上限{cap}：总量控制被突破"
                                           "（当年能耗强度目标允许的能耗未知）。",
                                           "the recorded consumption of {e} in {year} is above the cap of {cap}: the cap was "
                                           "exceeded (what the intensity target allowed that year is not known)."),
    "rec_open_gap": ("灯号止于{year}年：记录缺少{missing}年的能源消费和能耗强度数据（最晚有{last}年的数据）。",
                     "The lights stop in {year}: the record has no energy or intensity figure for {missing} (it has some up to {last})."),
    "rec_basis_period": ("{span}年年均", "{span} average "),
    "rec_basis_annual": ("逐年增速，平均", "annual growth, average "),
    "rec_proxy_mark": ("，代理：{whole}", ", proxy: the {whole}'s"),
    "rec_under": ("低于", "under"),
    "rec_over": ("高于", "above"),
    "rec_bind_intensity": ("总量上限从未起约束作用，起约束作用的是强度目标。两项控制在年均增速{gi}%时才相等。",
                           "the cap never bound; the intensity target was the binding control. The two controls meet only at {gi}%/yr."),
    "rec_bind_cap": ("总量上限比强度目标更严。两项控制在年均增速{gi}%时相等。",
                     "the cap was the stricter control. The two controls meet at {gi}%/yr."),
    "rec_no_growth": ("记录中没有可用的GDP增速，无法计算强度目标允许的能耗。", "The record has no usable GDP growth: the ceiling cannot be computed."),
    "rec_no_energy": ("没有能源消费数据，无法为{name}亮灯（{rule}）、判断是否前松后紧或做LMDI分解。持有数据的部门可用 "
                      "`jnjp{plan_opt} record template form.xlsx` 生成填报表（form.xlsx 为文件名），填好后用 `jnjp{plan_opt} build --record form.xlsx` 重建报告。",
                      "Without energy consumption {the_rule} cannot be lit for {name}, nor the 前松后紧 verdict given, nor the "
                      "LMDI split made. Whoever holds the data can write the form with `jnjp{plan_opt} record template FORM.xlsx`, fill "
                      "it in, and rebuild with `jnjp{plan_opt} build --record FORM.xlsx`."),
    "rec_lights": ("**实际进度（{rule}）：** {lights}。结论：{verdict}。{tail}", "**Observed pacing ({rule}):** {lights}. Verdict: {verdict}. {tail}"),
    # the rule the lights follow (display.pacing_rule), as the record section names it
    "rule_name_barometer_2020": ("晴雨表", "barometer"),
    "rule_name_even_pace": ("均衡进度", "even pace"),
    "the_rule_barometer_2020": ("晴雨表", "the barometer"),
    "the_rule_even_pace": ("进度灯", "the pacing lights"),
    "rec_met": ("{target}年目标已完成。", "The {target} target was met."),
    "rec_missed": ("{target}年目标未完成。", "The {target} target was missed."),
    "rec_open": ("记录止于{year}年。", "The record ends in {year}."),
    "rec_lmdi": ("**分解（LMDI加法）：** {base}–{year}年能源消费变化{change}万吨标准煤 = 经济增长效应{act} + 强度效应{inten}{proxy}。",
                 "**Decomposition (additive LMDI):** {base}–{year} consumption changed by {change} × 10^4 tce = activity {act} + intensity {inten}{proxy}."),
    "rec_warnings": ("**数据警告（已接受，需核实）：**", "**Warnings on the record (accepted; check them):**"),
    "rec_scenario_note": ("下文“进度预警”一节检查的是情景（分析假设），不是实际数据。",
                          "The pacing section below checks a scenario (an analysts' assumption), not what happened."),
    "rec_chart_title": ("{name}：按实际增速计算的强度目标允许能耗", "{name}: what the intensity target allowed at actual growth"),
    "rec_chart_ceiling": ("强度目标允许的能耗（逐年实际增速）", "Allowed by the intensity target (annual growth)"),
    "rec_chart_ceiling_avg": ("强度目标允许的能耗（按{T_word}年年均增速）", "Allowed by the intensity target (at the {T}-year average growth)"),
    "rec_chart_proxy": ("（代理：{whole}增速）", " (proxy: the {whole}'s growth)"),
    "rec_chart_ceiling_target": ("{target}年：{v}", "{target}: {v}"),
    "rec_chart_observed": ("实际能源消费", "Observed consumption"),
    "cap_record": ("图：黑色虚线为总量控制的均衡路径，橙线为{target}年上限；蓝色为按实际GDP增速（{gbasis}）强度目标允许的能耗{range}。",
                   "Figure: the cap's even path (black, dashed) and the {target} cap (orange); in blue, the consumption the intensity target allowed at the GDP growth that happened ({gbasis}){range}."),
    "cap_record_range": ("；年度增速不全，蓝色点线按{span}年年均增速计算，菱形误差线为增速取整（±0.05个百分点）的范围",
                         "; the annual series is incomplete, so the dotted blue path uses the {span} average growth, and the diamond's bar is the range left by rounding it (±0.05 points)"),
    "alt_record": ("{name}按实际增速计算的能耗图：强度目标允许{target}年约{ceil}万吨标准煤，总量上限{cap}万吨标准煤。",
                   "Chart for {name}: at actual growth the intensity target allowed about {ceil} × 10^4 tce in {target}, against a cap of {cap}."),
    "alt_record_none": ("{name}按实际增速计算的能耗图：记录中没有可用的GDP增速，只画出总量路径。",
                        "Chart for {name}: the record has no usable GDP growth; only the cap's path is drawn."),
    "semi_sep": ("；", "; "),
    "comma_sep": ("，", ", "),
    "full_stop": ("。", "."),
    "rec_proxy_pacing": ("增速为代理：{whole}增速。", "Growth: the {whole}'s, as a proxy."),
    "sc_record": ("实际记录", "the record"),
    "alt_record_lights": ("{name}实际进度灯号：{lights}。", "Observed pacing lights of {name}: {lights}."),
    "cap_record_lights": ("图：按记录中的实际数据评价的灯号（规则同国家晴雨表，发改办环资〔2020〕901号）。",
                          "Figure: lights on the record's observed data (the national barometer's rule, 发改办环资〔2020〕901号)."),
    "cap_record_lights_even": ("图：按记录中的实际数据评价的灯号（以到目标年的均衡进度为要求）。",
                               "Figure: lights on the record's observed data (the even pace to the target year as the requirement)."),
    "reason_on_schedule": ("进度正常", "on schedule"),
    "reason_intensity_rose": ("能耗强度上升", "intensity rose"),
    "reason_intensity_slightly_behind": ("强度下降略滞后", "intensity cut slightly behind schedule"),
    "reason_intensity_well_behind": ("强度下降明显滞后", "intensity cut well behind schedule"),
    "reason_cap_exceeded": ("能耗超过{target}年上限", "consumption above the {target} cap"),
    "reason_energy_slightly_above_path": ("能耗略高于均衡路径", "consumption slightly above the even path"),
    "reason_exempt_if_incentive": ("但强度降幅处于激励目标进度，达到激励目标时总量免予考核",
                                   "but the intensity cut is on the incentive target's pace: the total is exempt if "
                                   "that target is met"),
    "reason_energy_well_above_path": ("能耗明显高于均衡路径", "consumption well above the even path"),
    "assess_reasons": ("未亮绿灯的原因：", "Why a light is not green:"),
    "assess_reason_line": ("{year}年 {name}（{light}）：{why}", "{year}, {name} ({light}): {why}"),
    "rec_warnings_all": ("**记录的数据警告（已接受，需核实）：**", "**Warnings on the record (accepted; check them):**"),
    "rec_sources_h": ("**本节所用数值及来源：**", "**Values used here, with their sources:**"),
    "rec_no_source": ("未注明来源", "no source given"),
    "lbl_rec_indicator": ("指标", "Indicator"),
    "lbl_rec_value": ("数值", "Value"),
    "lbl_rec_unit": ("计量单位", "Unit of measure"),
    "rec_missing_everything": ("**缺失：** 全部{n}项指标的各年数据。", "**Missing:** all {n} indicators, every year."),
    "lbl_rec_status": ("数据状态", "Status"),
    "lbl_rec_source": ("来源", "Source"),
    "lbl_rec_issuer": ("发布机构", "Issuer"),
    "lbl_rec_date": ("日期", "Date"),
    "lbl_rec_url": ("网址", "URL where found"),
    "lbl_growth_basis": ("增速依据", "Growth basis"),
    "lbl_gdp_growth_year": ("GDP实际增速", "Real GDP growth"),
    "lbl_ceiling": ("强度目标允许的能耗（万吨标准煤）", "Allowed by the intensity target (10^4 tce)"),
    "lbl_cap_path": ("总量均衡路径（万吨标准煤）", "Cap's even path (10^4 tce)"),
    "lbl_unit_name": ("地区", "Area"),
    "lbl_why": ("原因", "Why"),
    "lbl_basis": ("依据", "Basis"),
    "basis_record": ("记录", "record"),
    "basis_proxy": ("代理：{whole}", "proxy: {whole}"),
    "basis_period": ("{T_word}年平均", "period average"),
    "rstatus_preliminary": ("初步核算", "preliminary"),
    "rstatus_revised": ("修订", "revised"),
    "rstatus_final": ("最终核实", "final"),
    "rstatus_not_stated": ("未说明", "not stated"),
    "rstatus_estimate": ("年度结束前的预计数，未用于计算", "estimate made before the year closed, not used"),
    "rstatus_": ("–", "–"),
    "lightw_green": ("绿灯", "green"),
    "lightw_yellow": ("黄灯", "yellow"),
    "lightw_red": ("红灯", "red"),
    "lightw_none": ("无数据", "no data"),
    "ew_none": ("**没有可评价的单位：** 记录中没有任何单位的能源消费或能耗强度数据。预警名单为空表示没有数据，不表示进度正常。",
                "**No unit can be rated:** the record has no energy consumption or intensity for any unit. An empty list "
                "here means no data, not no problem."),
    "ew_clear": ("已评价的{n}个单位均无需预警。", "None of the {n} rated units needs a warning."),
    "ew_intro": ("需要预警的单位（评价各年的全部灯号）：", "Units to warn (every rated year counts):"),
    "ew_years": ("{years}年", "{years}"),
    "lbl_years_warned": ("亮黄灯或红灯的年份", "Years lit yellow or red"),
    "lbl_worst_light": ("最差灯号", "Worst light"),
    "ew_fast": ("能耗增长过快", "consumption growing too fast"),
    "ew_cap": ("（已超{target}年上限）", " (above the {target} cap)"),
    "ew_behind": ("节能进度滞后", "intensity progress behind schedule"),
    "ew_rose": ("（能耗强度上升）", " (intensity rose)"),
    "ew_implausible": ("自{year}年起目标已难以完成", "target implausible from {year}"),
    "assess_intro": ("年度评价（灯号按年份；“无数据”即无法评价）：", "Annual assessment (lights by year; “no data”: not rateable):"),
    # record findings shown on the pages (records.finding_text); {unit} and {indicator} are names in the page's language
    "find_no-value": ("{unit}{year}年{indicator}：有数据状态或来源但没有数值，按无数据处理",
                      "{unit} {indicator} {year}: a status or source but no value: counted as not available"),
    "find_no-source": ("{unit}{year}年{indicator} = {value_text}，未注明来源", "{unit} {indicator} {year} = {value_text} has no source"),
    "find_no-status": ("{unit}{year}年{indicator}未注明数据状态", "{unit} {indicator} {year} has no status"),
    "find_estimate": ("{unit}{year}年{indicator} = {value_text}为年度结束前的预计数：列出，但不用于计算上限、进度和评估",
                      "{unit} {indicator} {year} = {value_text} is an estimate made before the year closed: shown, "
                      "not used in the ceilings, the pacing or the assessment"),
    "find_gap": ("{unit}{indicator}：{first}–{last}年之间缺少{missing}年的数值",
                 "{unit} {indicator}: no value for {missing} between {first} and {last}"),
    "find_jump": ("{unit}{indicator}：{y0}年{a} → {year}年{b}（{change}%，超过±{bound}%）",
                  "{unit} {indicator}: {a} in {y0} → {b} in {year} ({change} %, beyond ±{bound} %)"),
    "find_sum": ("{year}年{indicator}：{n}个{unit_word}合计{s}，{whole}为{total}（差{gap}，{pct}%）",
                 "{indicator} {year}: the {n} {units_word} sum to {s}, the {whole} reports {total} (gap {gap} {unit_of}, {pct} %)"),
    "find_partial-sum": ("{year}年{indicator}：已有数据的{n}个{unit_word}（{names}）合计{s}，已超过{whole}的{total}",
                         "{indicator} {year}: {n} {unit_word}(s) ({names}) already sum to {s}, above the {whole}'s {total} {unit_of}"),
    "find_base": ("{unit}{year}年能源消费{value_text}与规划基数{base}万吨标准煤不符；分析使用规划基数",
                  "{unit} {year} consumption {value_text} differs from the plan's base {base} × 10^4 tce; the analysis uses the plan's base"),
    "find_inconsistent": ("{unit}{year}年：能耗强度变化为{c}，但记录中的能源消费和GDP增速推算为{implied}",
                          "{unit} {year}: intensity change {c}, but energy and growth in the record give {implied}"),
    "find_average": ("{unit}：{first}–{year}年GDP年均增速为{avg}%，但各年增速推算为{implied}%",
                     "{unit}: average growth {first}–{year} of {avg} %/yr, but the annual growth gives {implied} %/yr"),
    "find_far-from-plan": ("{unit}{year}年{indicator}为{value_text}万吨标准煤，远离规划的基数{ref}和上限{cap}，请核对单位和来源",
                           "{unit} {indicator} {year} = {value_text} × 10^4 tce is far from the plan's base {ref} and cap {cap}: check the unit and the source"),
    "find_far-from-cap": ("{unit}{year}年{indicator}为{value_text}万吨，是规划上限{cap}的{ratio}倍，请核对单位和来源",
                          "{unit} {indicator} {year} = {value_text} × 10^4 t is {ratio} × the plan's cap {cap}: check the unit and the source"),
    "find_far-from-base": ("{unit}{year}年{indicator}为{value_text}万吨，是记录中{base_year}年{base}的{ratio}倍，请核对两年的单位和来源",
                           "{unit} {indicator} {year} = {value_text} × 10^4 t is {ratio} × the record's {base_year} value "
                           "{base}: check the unit and the source of both years"),
    "find_cut-without-base": ("{unit}{year}年{indicator}有数值，但记录中没有{base_year}年的数值：无法评价比{base_year}年的减排",
                              "{unit} {indicator} {year} has a value but the record has none for {base_year}: the cut "
                              "from {base_year} cannot be graded without it"),
    "find_far-from-carbon-cap": ("{unit}{year}年{indicator}为{value_text}万吨二氧化碳，是规划碳排放总量上限{cap}的{ratio}倍，请核对单位和来源",
                                 "{unit} {indicator} {year} = {value_text} × 10^4 t CO2 is {ratio} × the plan's carbon cap "
                                 "{cap}: check the unit and the source"),
    "find_unusual-rate": ("{unit}{year}年{indicator}为{value_text}%，超出常见范围（{lo}%至{hi}%），请核对来源",
                          "{unit} {indicator} {year} = {value_text} % is outside the usual range ({lo} % to {hi} %): check the source"),
    "find_replaces-shipped": ("{unit}{year}年{indicator} = {ours}，替换了本包附带的数值{theirs}（{title}）",
                              "{unit} {indicator} {year} = {ours} replaces the shipped value {theirs} ({title})"),
    "rec_region_ceiling_h": ("{whole}：", "The {whole}: "),
    "lbl_incentive_cut": ("能耗强度降低激励目标（比{base}年）", "Intensity cut, incentive target (vs {base})"),
    "lbl_even_annual_incentive_pace": ("激励目标均衡年均降幅", "Even annual pace to the incentive target"),
    "lbl_probability_double_control": ("完成“双控”考核的概率（含激励目标免考）",
                                       "Probability of passing the double control (with the incentive exemption)"),
    "lbl_carbon_intensity_cut": ("单位GDP二氧化碳排放降低目标（比{base}年）", "Carbon-intensity cut target (vs {base})"),
    "lbl_p_incentive_met": ("激励目标达标概率", "P(incentive cut met)"),
    "lbl_p_double_control_met": ("“双控”考核通过概率（含免考）", "P(double control passed, with exemption)"),
    "h_overview_kinds": ("各{unit_word}目标（按目标类型）及考核规则", "Targets by kind and how they are graded"),
    "h_overview_result": ("{target}年目标考核结果", "{target} result of each controlled indicator"),
    "h_brief_kinds": ("目标类型与考核规则", "Targets by kind and how they are graded"),
    "h_brief_result": ("{target}年目标考核结果", "{target} result of each controlled indicator"),
    "kind_col_basic": ("能耗强度降低基本目标", "Energy-intensity cut, basic"),
    "kind_col_incentive": ("能耗强度降低激励目标", "Energy-intensity cut, incentive"),
    "kind_col_cap": ("{target}年能源消费总量上限（万吨标准煤）", "{target} consumption cap (10^4 tce)"),
    "kind_cap_exempt_mark": ("（达到激励目标时免予考核）", " (exempt at the incentive level)"),
    "kind_col_pollutant_cut": ("{pollutant}比{base}年下降", "{pollutant} cut from {base}"),
    "kind_col_indicator": ("指标", "Indicator"),
    "kind_col_target": ("目标", "Target"),
    "kind_col_achieved": ("实际", "Achieved"),
    "kind_col_result": ("考核结果", "Result"),
    "kind_basic_incentive": ("基本{basic}，激励{incentive}", "basic {basic}, incentive {incentive}"),
    "kind_outside_source": ("该目标不在规划文本中，来源：{issuer}《{title}》（{date}）：“{quote}”",
                            "This target is not in the plan's text; source: {issuer}, {title} ({date}): “{quote}”"),
    "ind_intensity_cut": ("单位GDP能耗降低", "Energy-intensity cut"),
    "ind_total_increment": ("能源消费总量", "Energy consumption (total)"),
    "ind_pollutant_cut": ("{pollutant}排放量降低", "{pollutant} emissions cut"),
    "rule_intensity_cut": ("能耗强度：{target}年比{base}年累计降幅不低于目标即为完成。",
                           "Energy intensity: met where the cut from {base} to {target} is at least the target."),
    "rule_intensity_cut_incentive": ("能耗强度：累计降幅不低于基本目标即为完成，不低于激励目标即为完成激励目标。",
                                     "Energy intensity: met at or beyond the basic target; the incentive target is met "
                                     "at or beyond the incentive level."),
    "rule_total_increment": ("能源消费总量：{target}年消费量不超过{base}年消费量加增量即为完成。",
                             "Energy total: met where {target} consumption is within the {base} level plus the increment."),
    "rule_total_increment_exempt": ("能源消费总量：{target}年消费量不超过上限即为完成；能耗强度降低达到激励目标的，"
                                    "能源消费总量免予考核。",
                                    "Energy total: met where {target} consumption is within the cap; a unit whose "
                                    "intensity cut reached its incentive target is exempt from the total check."),
    "rule_pollutant_cut": ("污染物减排：以{base}年排放量为基数，{target}年降幅不低于目标比例；规划未给出基年排放量，"
                           "须由统计记录提供。",
                           "Pollutant cuts: from the {base} emissions, the {target} cut at least the target share; the "
                           "plan gives no base-year emissions, so a record must supply them."),
    "result_met": ("完成", "met"),
    "result_incentive_met": ("完成激励目标", "incentive target met"),
    "result_exempt": ("超出上限，但已完成激励目标，免予考核", "above the cap, exempt: incentive target met"),
    "result_missed": ("未完成", "missed"),
    "result_not_rateable": ("无法评价", "not rateable"),
    # a total stated in words (Plan.total_stated "words"): held with its quote, never graded as a number
    "result_stated_in_words": ("以文字表述，不作数值考核", "stated in words; not graded as a number"),
    "total_in_words": ("能源消费总量目标以文字表述：“{quote}”。以文字表述，不作数值考核。",
                       "The total energy consumption target is stated in words: “{quote}”. Stated in words; not graded as a number."),
    "result_summary": ("按统计记录可评价{n}项指标；另有{m}项因缺少数据无法评价。",
                       "The record grades {n} indicator(s); {m} cannot be graded for want of data."),
    "h_overview_mc": ("达标概率（蒙特卡洛）", "Probability of compliance (Monte Carlo)"),
    "bundle_link": ("本页所有图表和表格的数据（CSV，列名含单位）、关键数据及来源说明：[{file}]({file})",
                    "The data behind every chart and table on this page (CSV, units in the column names), the key "
                    "figures and their provenance: [{file}]({file})"),
    # beside the numbers of a scenario the plan form wrote (scenarios.csv, status "placeholder")
    "placeholder_note": ("**情景“{scenario}”是规划录入表写入的占位情景**（规划的隐含增速与均衡进度），不是预测：请编辑 scenarios.csv。",
                         "**Scenario “{scenario}” is a placeholder the plan form wrote** (the plan's implied growth and "
                         "the even pace), not a forecast: edit scenarios.csv."),
    # page texts
    "topic_saving_reduction": ("节能减排", "energy saving and emission reduction"),  # a plan with pollutant targets
    "topic_saving": ("节能", "energy saving"),  # a plan without
    "job_overview": ("{whole}概览", "{Whole} overview"),
    "index_title": ("{region}{period}{topic}目标简报", "{region}: {period} energy-saving target briefings"),
    "brief_title": ("# {name}{period}{topic}目标简报\n\n依据{source_title}{tables}及正文条款。",
                    "# {name} ({name_zh}): {period} energy-saving targets briefing\n\nSource: {source_title}, {tables} and the "
                    "plan body."),
    "overview_title": ("# {region}{period}{topic}目标：{whole}概览\n\n依据{source_title}。",
                       "# {region}, {period} energy-saving targets: {whole} overview\n\nSource: {source_title}."),
    "overview_notes": ("{whole}强度只在各{unit_word}GDP增速相同时才能精确汇总（规划数据包中没有各地{base}年GDP权重），否则记为“–”。"
                       "{whole}总量“上限”为各{unit_word}上限之和（{cap}万吨标准煤），正文未给出{whole}总量目标。",
                       "{Whole_adj} intensity is aggregated only where all {units_word} share one GDP path (the plan package holds no "
                       "base-year GDP weights); otherwise it shows '–'. The {whole_adj} 'cap' is the sum of {unit_word} caps "
                       "({cap} × 10^4 tce); the plan body states no {whole_adj} total."),
    "pacing_intro_scenario": ("以下为{scenario}情景的计划路径（尚无实际统计数据）。",
                              "Below: the planned path of the {scenario} scenario (no actual statistics given). "),
    "pacing_intro_record": ("以下为实际统计记录。", "Below: the record of actual statistics. "),
    "pacing_verdict_line": ("判断：**{verdict}**。", "Verdict: **{verdict}**. "),
    "pacing_implausible": ("自{year}年起，剩余年份所需年均降幅已超过此前最好水平。",
                           "From {year} the annual cut still required exceeds the best achieved so far."),
    "pacing_plausible": ("所需降幅未超过已达到的最好水平。", "The cut still required never exceeds the best achieved so far."),
    "list_sep": ("、", " and "),
    "items_sep": ("、", ", "), "items_last_sep": ("、", " and "),
    "share_item": ("{name}{v}%", "{v}% ({name})"),
    # the method notes, bullet by bullet (pages.briefing.Briefing.method_notes puts together what applies)
    "mn_targets": ("- 目标数据：{energy_table}（能耗强度降低目标、{base}年能源消费总量、{period}增量控制目标）{pollutants}；{regional}",
                   "- Targets: {energy_table} (intensity cut, {base} consumption, allowed increment){pollutants}; {regional}"),
    "mn_targets_caps": ("与{pollutant_table}（{target}年污染物排放总量）", " and {pollutant_table} ({target} pollutant caps)"),
    "mn_targets_cuts": ("与{pollutant_table}（污染物排放量比{base}年的降低比例）", " and {pollutant_table} (pollutant cuts from {base})"),
    "mn_regional": ("{whole}目标见正文{ref}。", "{whole_adj} targets from {ref}."),
    "mn_regional_none": ("{whole}目标见正文。", "{whole_adj} targets from the plan body."),
    "mn_pace": ("- 均衡年均下降率 a = 1 − (1 − R)^(1/{T})；剩余年份所需降幅 1 − ((1 − R)/Π(1 − r_t))^(1/({T} − k))。",
                "- Even annual pace a = 1 − (1 − R)^(1/{T}); pace still required after k years: "
                "1 − ((1 − R)/Π(1 − r_t))^(1/({T} − k))."),
    "mn_double": ("- “双控”：强度目标允许 {target} 年能耗 E<sub>{base}</sub>·Y<sub>{target}</sub>/Y<sub>{base}</sub>·(1 − R)，总量目标允许 "
                  "E<sub>{base}</sub> + ΔE，取其小者；两者相等时的 GDP 年均增速为隐含增速。",
                  "- Double control: the intensity target allows E<sub>{base}</sub>·Y<sub>{target}</sub>/Y<sub>{base}</sub>·(1 − R) in "
                  "{target}, the cap E<sub>{base}</sub> + ΔE; the smaller binds. The GDP growth at which they are equal is the implied "
                  "growth."),
    "mn_pacing": ("- 进度预警{clauses}：{rule}达到进度要求为绿，差距不超过要求的{tol}%为黄，更大为红；强度上升或超总量上限亦为红。",
                  "- Pacing{clauses} {rule}: green on schedule, yellow behind by no more than {tol} % "
                  "of the requirement, red further behind; red also where intensity rose or the cap is exceeded."),
    "mn_clauses": ("（{items}）", " ({items})"),
    "mn_clause_sep": ("、", "; "),
    "mn_clause_pacing": ("{ref}“防止前松后紧”", "{ref}: no 'front-loose, back-tight'"),
    "mn_clause_warning": ("{ref}预警机制", "{ref}: early warning"),
    "mn_rule_barometer_2020": ("参照国家“双控”晴雨表（发改办环资〔2020〕901号）：",
                               "follows the national double-control barometer (发改办环资〔2020〕901号)"),
    "mn_rule_even_pace": ("以到目标年的均衡进度为要求：", "takes the even pace to the target year as the requirement"),
    "mn_scenarios": ("- 情景假设为分析假设，不是规划数据（见 {file} 的 rationale 列）；蒙特卡洛使用固定随机种子。",
                     "- Scenario inputs are analysts' assumptions, not plan figures (see the rationale column of "
                     "{file}); the Monte Carlo is seeded."),
    "mn_scenarios_file": ("规划数据包中的 scenarios.csv", "the plan package's scenarios.csv"),
    # a reference to a clause of the plan's text (its label in jnjp:plan.labels): bare numbers are
    # wrapped, a label with its own punctuation ("二、主要目标") is quoted as it is
    "clause_ref": ("第（{no}）条", "clause ({no})"),
    "clause_ref_plain": ("第{no}条", "clause {no}"),
    "clause_ref_own": ("“{no}”", "“{no}”"),
    "clause_paren": ("（{ref}）", " ({ref})"),
    "clause_of": ("{ref}", " of {ref}"),  # "the regional caps of clause (二)": 第（二）条全区上限
    # the method notes' last bullet, where some unit sum exceeds a regional cap (none: no bullet)
    "method_notes_increment_exceeds": (
        "- 各{unit_word}能源消费增量之和（{s}万吨标准煤）超过{whole}增量目标（{r}万吨标准煤）：按原文列示，未作更正。",
        "- The {units_word}' increments add up to {s} × 10^4 tce, more than the {whole}'s stated increment of {r}: "
        "shown as printed, not corrected."),
    "method_notes_exceeds": (
        "- {pollutant_table}各{unit_word}{names}之和（{sums}万吨）超过{regional_ref}{whole}上限（{regs}万吨），按原文呈现。",
        "- {Pollutant_table}'s {unit_word} caps for {names} add up to {sums} (10^4 t), above the {whole_adj} caps"
        "{regional_of} ({regs}): shown as printed."),
    # the regional target catalogue and the reconciliation (targets.py keys)
    "scope_region": ("{whole}", "{whole}"), "scope_lhasa": ("拉萨市", "Lhasa"),
    "scope_other_seats": ("其他地（市）所在地", "other prefecture seats"), "scope_industry": ("工业", "industry"),
    "scope_public_institutions": ("公共机构", "public institutions"), "scope_agriculture": ("农业", "agriculture"),
    "unit_% cut": ("%（下降）", "% cut"), "unit_10^4 t": ("万吨", "10^4 t"),
    "unit_% of energy consumption": ("%（占能源消费）", "% of energy consumption"), "unit_direction": ("方向", "direction"),
    "unit_% of new buildings": ("%（新建建筑）", "% of new buildings"), "unit_% of area": ("%（覆盖率）", "% of area"),
    "unit_standard buses per 10^4 people": ("标台/万人", "standard buses per 10^4 people"),
    "unit_% of motorised trips": ("%（机动化出行）", "% of motorised trips"), "unit_lake basins": ("个湖泊流域", "lake basins"),
    "unit_% growth": ("%（增长）", "% growth"), "unit_%": ("%", "%"),
    "unit_10^4 tce": ("万吨标准煤", "10^4 tce"), "unit_%/yr": ("%/年", "%/yr"),
    "recon_cod_cap_sum": ("化学需氧量{target}年上限", "COD {target} cap"), "recon_nh3n_cap_sum": ("氨氮{target}年上限", "NH3-N {target} cap"),
    "recon_so2_cap_sum": ("二氧化硫{target}年上限", "SO2 {target} cap"), "recon_nox_cap_sum": ("氮氧化物{target}年上限", "NOx {target} cap"),
    "recon_energy_base_sum": ("{base}年能源消费总量", "{base} energy consumption"),
    "recon_increment_sum": ("{period}增量目标", "allowed increment {base}-{target}"),
    "recon_cap_target_sum": ("{target}年总量上限（{base}年+增量）", "{target} consumption cap ({base} + increment)"),
    "recon_cap_average_growth": ("上限允许的年均增速", "average annual growth allowed by the caps"),
    "recon_intensity_cut_weighted": ("按能耗加权的强度降低目标", "energy-weighted intensity cut"),
    "recon_pollutant_cap_sum": ("{pollutant}{target}年上限", "{pollutant} {target} cap"),
    "recon_incentive_cut_weighted": ("按能耗加权的强度降低激励目标", "energy-weighted incentive intensity cut"),
    "status_exceeds": ("超出", "exceeds"), "status_within": ("未超出", "within"), "status_info": ("信息", "info"),
    "status_stricter": ("更严", "stricter"), "status_looser": ("更松", "looser"), "status_equal": ("相等", "equal"),
    # table headers and UI labels (moved here from briefing.py and explorer.py)
    "lbl_intensity_cut_target_vs_base": ("能耗强度降低目标（{target}年比{base}年）", "Intensity cut target ({target} vs {base})"),
    "lbl_even_annual_pace": ("均衡年均下降率", "Even annual pace"),
    "lbl_base_consumption": ("{base}年能源消费总量", "{base} consumption"),
    "lbl_allowed_increment": ("{period}能耗增量上限", "Allowed increment {base}–{target}"),
    "lbl_target_cap": ("{target}年总量上限", "{target} cap"),
    "lbl_gdp_growth_implied_by_the_two_controls": ("“双控”隐含GDP年均增速", "GDP growth implied by the two controls"),
    "lbl_binding_control_scenario": ("约束性控制（{scenario}情景）", "Binding control ({scenario} scenario)"),
    "lbl_target_headroom_allowed_projected": ("{target}年余量（允许量−预测量）", "{target} headroom (allowed − projected)"),
    "lbl_probability_of_meeting_both": ("两项同时达标概率", "Probability of meeting both"),
    "lbl_pacing_verdict": ("进度判断", "Pacing verdict"),
    "lbl_figure": ("指标", "Figure"),
    "lbl_value": ("数值", "Value"),
    "lbl_gdp_growth": ("GDP年均增速", "GDP growth"),
    "lbl_energy_target_10_4_tce": ("{target}年能耗（万吨标准煤）", "Energy {target} (10^4 tce)"),
    "lbl_intensity_cut": ("强度累计下降", "Intensity cut"),
    "lbl_intensity_met": ("强度达标", "Intensity met"),
    "lbl_cap_met": ("总量达标", "Cap met"),
    "lbl_binding": ("约束性控制", "Binding"),
    "lbl_headroom_10_4_tce": ("余量（万吨标准煤）", "Headroom (10^4 tce)"),
    "lbl_year": ("年份", "Year"),
    "lbl_cumulative_cut": ("累计下降", "Cumulative cut"),
    "lbl_requirement": ("进度要求", "Requirement"),
    "lbl_pace_now_required": ("剩余年份所需降幅", "Pace now required"),
    "lbl_energy_10_4_tce": ("能耗（万吨标准煤）", "Energy (10^4 tce)"),
    "lbl_increment_used": ("增量已用", "Increment used"),
    "lbl_light": ("预警", "Light"),
    "lbl_intensity_cut_2": ("强度降低目标（%）", "Intensity cut (%)"),
    "lbl_base_energy_10_4_tce": ("{base}年能耗（万吨标准煤）", "{base} energy (10^4 tce)"),
    "lbl_increment_10_4_tce": ("增量目标（万吨标准煤）", "Increment (10^4 tce)"),
    "lbl_target_cap_10_4_tce": ("{target}年上限（万吨标准煤）", "{target} cap (10^4 tce)"),
    "lbl_even_pace": ("均衡年均降幅", "Even pace"),
    "lbl_implied_growth": ("隐含GDP增速", "Implied growth"),
    "lbl_clause": ("条款", "Clause"),
    "lbl_indicator": ("指标", "Indicator"),
    "lbl_scope": ("范围", "Scope"),
    "lbl_value_2": ("目标值", "Value"),
    "lbl_unit": ("单位", "Unit"),
    "lbl_quote": ("原文", "Quote"),
    "lbl_check": ("核对项", "Check"),
    "lbl_prefecture_sum": ("各{unit_word}合计", "{Unit_word} sum"),
    "lbl_regional": ("{whole}", "{Whole_adj}"),
    "lbl_difference": ("差额", "Difference"),
    "lbl_status": ("结果", "Status"),
    "lbl_p_intensity_met": ("强度达标概率", "P(intensity met)"),
    "lbl_p_cap_met": ("总量达标概率", "P(cap met)"),
    "lbl_p_both_met": ("两项均达标概率", "P(both met)"),
    "lbl_no_growth_meets_both": ("无可行增速", "no growth meets both"),
    "lbl_unit_2": ("{unit_word}", "Unit"),
    "lbl_energy_target": ("{target}年能耗", "Energy {target}"),
    "lbl_binding_control": ("约束性控制", "Binding control"),
    "lbl_headroom_allowed_projected": ("余量（允许−预测）", "Headroom (allowed − projected)"),
    "lbl_gdp_growth_meeting_both": ("两项达标的GDP增速区间", "GDP growth meeting both"),
    "lbl_gdp_growth_2": ("GDP增速%", "GDP growth %"),
    "lbl_intensity_cut_3": ("强度年降幅", "intensity cut"),
    "lbl_elasticity": ("能源弹性", "elasticity"),
    "lbl_intensity_cut_yr": ("强度年降幅%", "intensity cut %/yr"),
    "lbl_reset_to_plan_consistent": ("重置为规划一致情景", "Reset to plan-consistent"),
    "lbl_copy_as_scenario_rows": ("复制为情景行", "Copy as scenario rows"),
    # chart captions (what it shows, which scenario or record) and alt texts (what, and its main number)
    "cap_intensity": ("图：各情景单位GDP能耗指数（{base}年=100）与到{target}年目标的均衡进度路径；情景为分析假设，不是规划数据。",
                      "Figure: energy intensity ({base} = 100) of each scenario against the even-pace path to the {target} "
                      "target; scenarios are analysts' assumptions, not plan figures."),
    "alt_intensity": ("{name}{base}—{target}年单位GDP能耗路径折线图：目标为{target}年比{base}年下降{target_pct}%，{central}情景{target}年下降{cut}%。",
                      "Line chart of {name}'s energy intensity {base}–{target}: the target is −{target_pct}% by {target}; the "
                      "{central} scenario reaches −{cut}%."),
    "cap_energy": ("图：各情景能源消费总量（万吨标准煤）与到{target}年总量上限的均衡路径；情景为分析假设。",
                   "Figure: energy consumption (10^4 tce) of each scenario against the even path to the {target} cap; "
                   "scenarios are analysts' assumptions."),
    "alt_energy": ("{name}能源消费总量折线图：{target}年总量上限{cap}万吨标准煤，{central}情景{target}年为{e_target}万吨标准煤。",
                   "Line chart of {name}'s energy consumption: the {target} cap is {cap} × 10^4 tce; the {central} "
                   "scenario reaches {e_target} in {target}."),
    "cap_map": ("图：在不变的GDP增速与能耗强度年降幅下哪项控制目标达标（{energy_table}）；标记为各情景的平均值。",
                "Figure: which control is met for each constant GDP growth and annual intensity cut ({energy_table}); "
                "markers are the scenarios' averages."),
    "alt_map": ("{name}“双控”可行区域图：隐含GDP年均增速{g}%，均衡年降幅{a}%。",
                "Double-control map of {name}: implied GDP growth {g}%/yr at the even pace of {a}%/yr."),
    "pacing_what_scenario": ("{scenario}情景的计划路径", "the planned path of the {scenario} scenario"),
    "pacing_what_record": ("实际统计记录", "the record of actual statistics"),
    "cap_pacing": ("图：逐年进度预警，依据{what}。", "Figure: pacing lights by year, from {what}."),
    "alt_pacing": ("{name}进度预警图（{what}）：判断为{verdict}。", "Pacing lights of {name} ({what}): {verdict}."),
    "cap_fan": ("图：围绕{central}情景的{n}次蒙特卡洛模拟（随机种子{seed}）中能源消费的分布。",
                "Figure: energy consumption in {n} Monte Carlo draws around the {central} scenario (seed {seed})."),
    "alt_fan": ("{name}能源消费不确定性扇形图：两项控制目标同时达标的概率为{p}%。",
                "Fan chart of {name}'s energy consumption: the probability of meeting both controls is {p}%."),
    "cap_pollutants": ("图：{pollutant_table}各{unit_word}{target}年污染物排放上限占{regional_ref}{whole}上限的比例，按原文呈现。",
                       "Figure: {pollutant_table}'s {target} {unit_word} caps as shares of the {whole_adj} caps{regional_of}, as printed."),
    "alt_pollutants": ("污染物上限份额条形图：各{unit_word}合计为{whole}上限的{items}。",
                       "Bar chart of pollutant cap shares: the {unit_word} caps add up to {items} of the {whole_adj} caps."),
    "cap_implied": ("图：各{unit_word}强度目标与总量上限允许相同{target}年能耗时的GDP年均增速（{energy_table}）。",
                    "Figure: the GDP growth at which each {unit_word}'s intensity target and cap allow the same {target} "
                    "consumption ({energy_table})."),
    "alt_implied": ("各{unit_word}隐含GDP增速条形图：从{lo_name}的{lo}%到{hi_name}的{hi}%。",
                    "Bar chart of implied GDP growth: from {lo}%/yr ({lo_name}) to {hi}%/yr ({hi_name})."),
    "cap_compliance": ("图：各情景{target}年在各{unit_word}的达标情况；情景为分析假设。",
                       "Figure: {target} compliance of each scenario in each {unit_word}; scenarios are analysts' assumptions."),
    "alt_compliance": ("各情景达标情况图：{n}个情景×{unit_word}组合中有{n_both}个两项均达标。",
                       "Compliance grid: {n_both} of {n} scenario × {unit_word} cells meet both controls."),
}


# The placeholders a plan fills (jnjp_analysis.plan.Plan.words): a label with one of them needs ``plan=``.
PLAN_WORDS = frozenset({"base", "target", "first", "T", "span", "period", "region", "title", "source_title", "issued",
                        "plan_id", "whole", "unit_word", "units_word", "Unit_word", "energy_table", "Energy_table",
                        "pollutant_table", "Pollutant_table", "tables", "regional_no", "pacing_no", "warning_no",
                        "assessment_no", "T_word", "record_context", "topic", "warning_paren", "assessment_paren",
                        "regional_ref", "regional_of", "Whole", "whole_adj", "Whole_adj"})
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[}:!]")


def t(key: str, lang: str = "zh", *, plan: object = None, **fmt: object) -> str:
    """The label ``key`` in ``lang``, formatted with ``fmt``.

    Parameters
    ----------
    key : str
        The label's key, e.g. ``"unit_energy"`` or ``"cap_intensity"``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.
    plan : Plan or None, optional
        The plan whose words (:meth:`Plan.words`: its years, period, region, tables and clauses) fill
        the label's plan placeholders; ``fmt`` wins over them.
    **fmt : object
        Values for the label's other ``{placeholders}`` (:meth:`str.format`); without any (and no
        plan), the text is returned as stored (braces and all).

    Returns
    -------
    str
        The text in ``lang``.

    Raises
    ------
    JnjpError
        For an unknown language.
    KeyError
        For an unknown key (``no label 'key'``), a placeholder ``fmt`` does not fill, or a plan
        placeholder without ``plan``.
    """
    check_lang(lang)
    try:
        text = _T[key][LANGS.index(lang)]
    except KeyError:
        raise KeyError(f"no label {key!r}") from None
    if plan is not None:
        fmt = {**plan_words(plan, lang), **fmt}
    elif not fmt and any(m in PLAN_WORDS for m in _FIELD.findall(text)):
        raise KeyError(f"label {key!r} has the plan's words: give plan=")
    return text.format(**fmt) if fmt else text


# what the plan's word for its whole area makes as an adjective ("regional caps", "provincial caps"); a
# word not here is used as it is ("the municipality caps"), or the plan's label ``whole_adj`` says it
_WHOLE_ADJ = {"region": "regional", "autonomous region": "regional", "province": "provincial",
              "municipality": "municipal", "prefecture": "prefectural", "city": "city", "county": "county",
              "state": "state", "nation": "national", "country": "national"}
_WHOLE_DEFAULT = {"zh": "全地区", "en": "region"}


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def plan_words(plan: object, lang: str) -> dict[str, object]:
    """The plan's words (:meth:`Plan.words`) with the forms the templates make of its word for the
    whole area (``whole``: 全区, "province"; "region" in English where the plan gives none):
    ``Whole`` (capitalised: "Province"), ``whole_adj`` (its adjective: "provincial"; the label
    ``whole_adj`` where the plan gives one, else the word itself for a word without a known adjective)
    and ``Whole_adj`` ("Provincial").

    Parameters
    ----------
    plan : Plan
        The plan.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    dict
        ``plan.words(lang)`` and the three forms (strings as given, not escaped).
    """
    words = dict(plan.words(lang))  # type: ignore[attr-defined]
    whole = words.get("whole")
    whole = whole.strip() if isinstance(whole, str) and whole.strip() else _WHOLE_DEFAULT[lang]
    adj = words.get("whole_adj")
    adj = adj.strip() if isinstance(adj, str) and adj.strip() else _WHOLE_ADJ.get(whole.lower(), whole)
    words.update(whole=whole, Whole=_capital(whole), whole_adj=adj, Whole_adj=_capital(adj))
    return words


def texts() -> list[str]:
    """Every label and text in both languages (to know which characters a page or widget may show).

    Returns
    -------
    list of str
        The Chinese and the English text of every label, in key order.
    """
    return [x for pair in _T.values() for x in pair]


def has(key: str) -> bool:
    """Whether there is a label ``key``.

    Parameters
    ----------
    key : str
        The label's key.

    Returns
    -------
    bool
        True if :func:`t` knows ``key`` (in both languages).
    """
    return key in _T


def scenario_label(name: str, lang: str = "zh") -> str:
    """A scenario's display name in ``lang``: its label ``sc_<name>`` for a shipped scenario, else the name.

    Parameters
    ----------
    name : str
        The scenario name as in the scenario file, e.g. ``"central"``.
    lang : str, default "zh"
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The label, or ``name`` unchanged for a user's scenario without one (not escaped: pass it
        through :func:`display.escape` before it reaches Markdown).

    Raises
    ------
    JnjpError
        For an unknown language, where ``name`` has a label (a name without one is returned
        unchecked).
    """
    key = f"sc_{name}"
    return t(key, lang) if key in _T else name


def check_lang(lang: str) -> str:
    """Check that ``lang`` is a language the texts are in (``"zh"`` or ``"en"``).

    Parameters
    ----------
    lang : str
        The language code to check.

    Returns
    -------
    str
        ``lang`` unchanged.

    Raises
    ------
    JnjpError
        For any other value, naming the valid ones.
    """
    if lang not in LANGS:
        raise JnjpError(f"unknown language {lang!r}; valid: {', '.join(LANGS)}")
    return lang
