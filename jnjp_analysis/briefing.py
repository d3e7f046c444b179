"""What the briefing and overview notebooks show: key figures, tables, figures and method notes.

The notebooks stay thin: each cell calls one method here and displays the result. Everything is
deterministic (seeded Monte Carlo, fixed rounding, sorted tables, PNGs without timestamps).
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from .checks import JnjpError
from . import charts, pacing, prefectures, readers, scenarios, source, targets, trajectory
from .config import DEFAULT_DRAWS, DEFAULT_SCENARIOS, DEFAULT_SEED, KEY_FIGURES_MIME
from .i18n import check_lang, scenario_label, t



def _r(x: float | None, nd: int = 6) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), nd)


def _fmt(x: float, nd: int = 1, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    v = round(100 * x if pct else x, nd) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{v:.{nd}f}%" if pct else f"{v:,.{nd}f}"


def _yes(b: object, lang: str) -> str:
    return t("yes" if b else "no", lang)


# ------------------------------------------------------------------------------ display helpers
def show(fig) -> None:
    """Display a figure as PNG only (no text repr for nbval to trip over) and release it."""
    from IPython.display import display

    display({"image/png": base64.b64encode(charts.to_png(fig)).decode("ascii")}, raw=True)


def show_table(df: pd.DataFrame) -> None:
    """Display a table without its row index, as HTML and plain text."""
    from IPython.display import display

    display({"text/html": df.to_html(index=False, border=0, classes="dataframe jnjp-table", na_rep="–"),
             "text/plain": df.to_string(index=False)}, raw=True)


def show_markdown(text: str) -> None:
    from IPython.display import Markdown, display

    display(Markdown(text))


def emit_key_figures(kf: dict) -> None:
    """Attach the key figures to the notebook output under their own MIME type; the build
    extracts them into the report's JSON (HTML export does not render this type)."""
    from IPython.display import display

    display({KEY_FIGURES_MIME: kf}, raw=True)


# ---------------------------------------------------------------------------------- briefing
@dataclass
class Briefing:
    """One prefecture's briefing in one language."""

    prefecture: str
    lang: str = "zh"
    scenario_file: str | None = None
    scenario_names: tuple[str, ...] | list[str] | None = DEFAULT_SCENARIOS
    central: str = "central"
    seed: int = DEFAULT_SEED
    n_draws: int = DEFAULT_DRAWS
    record_path: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.pref = prefectures.get(self.prefecture)
        self.slug = self.pref.slug
        check_lang(self.lang)
        available = scenarios.load(self.scenario_file)
        names = list(self.scenario_names or available)
        unknown = [n for n in names + [self.central] if n not in available]
        if unknown:
            raise JnjpError(f"unknown scenario(s) {unknown}; the scenario file has {list(available)}")
        self.sset = {n: available[n] for n in names}
        self.central_scenario = available[self.central]
        self.targets = source.energy_target(self.slug)

    # -- computations -------------------------------------------------------------------------
    @cached_property
    def projections(self) -> pd.DataFrame:
        return pd.concat([scenarios.project(s) for s in self.sset.values()], ignore_index=True)

    @cached_property
    def compliance(self) -> pd.DataFrame:
        comp = scenarios.compliance_table(self.sset)
        return comp[comp["prefecture"] == self.slug].reset_index(drop=True)

    @cached_property
    def central_compliance(self) -> pd.Series:
        c = scenarios.compliance(scenarios.project(self.central_scenario, prefectures=[self.slug]))
        return c.set_index("prefecture").loc[self.slug]

    @cached_property
    def monte_carlo(self) -> scenarios.MonteCarloResult:
        return scenarios.monte_carlo(self.n_draws, seed=self.seed, scenario=self.central_scenario,
                                     prefectures=[self.slug])

    @cached_property
    def pacing_record(self) -> tuple[pd.DataFrame, str]:
        if self.record_path:
            return readers.record(self.record_path), "record"
        p = scenarios.project(self.central_scenario, prefectures=[self.slug])
        p = p[(p["prefecture"] == self.slug) & (p["year"] > 2015)]
        return pd.DataFrame({"year": p["year"].to_numpy(), "intensity_cut": p["annual_cut"].to_numpy(),
                             "energy_10k_tce": p["energy_10k_tce"].to_numpy()}), f"scenario:{self.central}"

    @cached_property
    def pacing_table(self) -> pd.DataFrame:
        rec, _ = self.pacing_record
        return pacing.check(rec, prefecture=self.slug)

    @cached_property
    def verdict(self) -> pd.Series:
        rec, _ = self.pacing_record
        return pacing.verdict(rec, prefecture=self.slug)

    # -- key figures ----------------------------------------------------------------------------
    def key_figures(self) -> dict:
        tg = self.targets
        cc = self.central_compliance
        mc = self.monte_carlo.probabilities.set_index("prefecture").loc[self.slug]
        v = self.verdict
        caps = source.pollutant_caps()
        caps = caps[caps["prefecture"] == self.slug].set_index("pollutant")["cap_2020_10k_t"]
        reg = targets.regional_targets().set_index("target_id")["value"]
        return {
            "prefecture": self.slug,
            "name_zh": self.pref.name_zh,
            "name_en": self.pref.name_en,
            "lang": self.lang,
            "intensity_cut_pct": _r(tg["intensity_cut_pct"]),
            "energy_2015_10k_tce": _r(tg["energy_2015_10k_tce"]),
            "increment_10k_tce": _r(tg["increment_10k_tce"]),
            "cap_2020_10k_tce": _r(tg["cap_2020_10k_tce"]),
            "even_annual_cut_pct": _r(100 * trajectory.even_annual_cut(float(tg["intensity_cut"]))),
            "implied_gdp_growth_pct": _r(100 * trajectory.implied_gdp_growth(self.slug)),
            "central_scenario": self.central,
            "central_gdp_growth_avg_pct": _r(100 * cc["gdp_growth_avg"]),
            "central_energy_2020_10k_tce": _r(cc["energy_2020_10k_tce"]),
            "central_cumulative_cut_pct": _r(100 * cc["cumulative_cut"]),
            "central_intensity_met": bool(cc["intensity_met"]),
            "central_cap_met": bool(cc["cap_met"]),
            "central_binding": cc["binding"],
            "central_headroom_10k_tce": _r(cc["headroom_10k_tce"]),
            "mc_draws": int(self.n_draws),
            "mc_seed": int(self.seed),
            "p_intensity": _r(mc["p_intensity"]),
            "p_cap": _r(mc["p_cap"]),
            "p_both": _r(mc["p_both"]),
            "pacing_source": self.pacing_record[1],
            "pacing_verdict": v["verdict"],
            "pacing_back_loading": _r(v.get("back_loading")),
            "pacing_implausible_from": v.get("implausible_from"),
            "pacing_first_red": v.get("first_red"),
            "pollutant_caps_10k_t": {p: _r(caps[p]) for p in source.POLLUTANTS},
            "pollutant_share_of_regional_pct": {p: _r(100 * caps[p] / reg[f"{p}_cap"], 4) for p in source.POLLUTANTS},
        }

    def key_figures_table(self) -> pd.DataFrame:
        kf = self.key_figures()
        L = self.lang
        zh = L == "zh"
        u = t("unit_energy_plain", L)
        rows = [
            ("能耗强度降低目标（2020年比2015年）" if zh else "Intensity cut target (2020 vs 2015)", f"{kf['intensity_cut_pct']:g}%"),
            ("均衡年均下降率" if zh else "Even annual pace", f"{kf['even_annual_cut_pct']:.2f}%"),
            ("2015年能源消费总量" if zh else "2015 consumption", f"{kf['energy_2015_10k_tce']:g} {u}"),
            ("“十三五”能耗增量上限" if zh else "Allowed increment 2015–2020", f"{kf['increment_10k_tce']:g} {u}"),
            ("2020年总量上限" if zh else "2020 cap", f"{kf['cap_2020_10k_tce']:g} {u}"),
            ("“双控”隐含GDP年均增速" if zh else "GDP growth implied by the two controls", f"{kf['implied_gdp_growth_pct']:.2f}%"),
            (("约束性控制（{}情景）" if zh else "Binding control ({} scenario)").format(scenario_label(self.central, L)),
             t(f"bind_{kf['central_binding']}", L)),
            ("2020年余量（允许量−预测量）" if zh else "2020 headroom (allowed − projected)",
             f"{kf['central_headroom_10k_tce']:.1f} {u}"),
            ("两项同时达标概率" if zh else "Probability of meeting both",
             f"{100 * kf['p_both']:.1f}%" if kf["p_both"] is not None else "–"),
            ("进度判断" if zh else "Pacing verdict", t(f"verdict_{kf['pacing_verdict']}", L)),
        ]
        return pd.DataFrame(rows, columns=["指标" if zh else "Figure", "数值" if zh else "Value"])

    # -- texts ----------------------------------------------------------------------------------
    def title(self) -> str:
        if self.lang == "zh":
            return (f"# {self.pref.name_zh}“十三五”节能减排目标简报\n\n"
                    f"依据《西藏自治区“十三五”节能减排规划暨实施方案》（2018年）附件1、附件2及正文条款。")
        return (f"# {self.pref.name_en} ({self.pref.name_zh}): 13th Five-Year energy-saving targets briefing\n\n"
                "Source: Tibet Autonomous Region 13th Five-Year Plan for Energy Saving and Emission Reduction "
                "(2018), annexes 1 and 2 and the plan body.")

    def heading(self, key: str) -> str:
        return "## " + t(f"h_brief_{key}", self.lang)

    def scenario_table(self) -> pd.DataFrame:
        L = self.lang
        zh = L == "zh"
        rows = []
        for r in self.compliance.itertuples():
            rows.append({
                t("scenario", L): scenario_label(r.scenario, L),
                ("GDP年均增速" if zh else "GDP growth"): _fmt(r.gdp_growth_avg, 2, pct=True),
                ("2020年能耗（万吨标准煤）" if zh else "Energy 2020 (10^4 tce)"): _fmt(r.energy_2020_10k_tce, 1),
                ("强度累计下降" if zh else "Intensity cut"): _fmt(r.cumulative_cut, 2, pct=True),
                ("强度达标" if zh else "Intensity met"): _yes(r.intensity_met, L),
                ("总量达标" if zh else "Cap met"): _yes(r.cap_met, L),
                ("约束性控制" if zh else "Binding"): t(f"bind_{r.binding}", L),
                ("余量（万吨标准煤）" if zh else "Headroom (10^4 tce)"): _fmt(r.headroom_10k_tce, 1),
            })
        return pd.DataFrame(rows)

    def pacing_display(self) -> pd.DataFrame:
        L = self.lang
        zh = L == "zh"
        tab = self.pacing_table
        out = pd.DataFrame({("年份" if zh else "Year"): tab["year"].astype(str)})
        if "cumulative_cut" in tab:
            out["累计下降" if zh else "Cumulative cut"] = [_fmt(x, 2, pct=True) for x in tab["cumulative_cut"]]
            out["进度要求" if zh else "Requirement"] = [_fmt(x, 2, pct=True) for x in tab["requirement"]]
            out["剩余年份所需降幅" if zh else "Pace now required"] = [_fmt(x, 2, pct=True) for x in tab["required_remaining_cut"]]
        if "energy_10k_tce" in tab:
            out["能耗（万吨标准煤）" if zh else "Energy (10^4 tce)"] = [_fmt(x, 1) for x in tab["energy_10k_tce"]]
            out["增量已用" if zh else "Increment used"] = [_fmt(x, 1, pct=True) for x in tab["increment_used_share"]]
        out["预警" if zh else "Light"] = [t(f"light_{x}", L) for x in tab["light"]]
        return out

    def pacing_summary(self) -> str:
        v = self.verdict
        src = self.pacing_record[1]
        zh = self.lang == "zh"
        what = ((f"以下为{scenario_label(self.central, 'zh')}情景的计划路径（尚无实际统计数据）。" if src.startswith("scenario")
                 else "以下为实际统计记录。") if zh else
                (f"Below: the planned path of the {scenario_label(self.central, 'en')} scenario (no actual statistics given)."
                 if src.startswith("scenario") else "Below: the record of actual statistics."))
        verdict = t(f"verdict_{v['verdict']}", self.lang)
        imp = v.get("implausible_from")
        if zh:
            s = f"{what}判断：**{verdict}**。"
            s += (f"自{imp}年起，剩余年份所需年均降幅已超过此前最好水平。" if imp else "所需降幅未超过已达到的最好水平。")
        else:
            s = f"{what} Verdict: **{verdict}**. "
            s += (f"From {imp} the annual cut still required exceeds the best achieved so far." if imp
                  else "The cut still required never exceeds the best achieved so far.")
        return s

    def method_notes(self) -> str:
        if self.lang == "zh":
            return (
                "- 目标数据：附件1（能耗强度降低目标、2015年能源消费总量、“十三五”增量控制目标）与附件2（2020年污染物排放总量）；"
                "全区目标见正文第（二）条。\n"
                "- 均衡年均下降率 a = 1 − (1 − R)^(1/5)；剩余年份所需降幅 1 − ((1 − R)/Π(1 − r_t))^(1/(5 − k))。\n"
                "- “双控”：强度目标允许 2020 年能耗 E₂₀₁₅·Y₂₀₂₀/Y₂₀₁₅·(1 − R)，总量目标允许 E₂₀₁₅ + ΔE，取其小者；"
                "两者相等时的 GDP 年均增速为隐含增速。\n"
                "- 进度预警（第（十九）条“防止前松后紧”、第（二十三）条预警机制）：参照国家“双控”晴雨表"
                "（发改办环资〔2020〕901号）：达到进度要求为绿，差距不超过要求的10%为黄，更大为红；强度上升或超总量上限亦为红。\n"
                "- 情景假设为分析假设，不是规划数据（见 data/raw/scenarios.csv 的 rationale 列）；蒙特卡洛使用固定随机种子。\n"
                "- 附件2各地（市）氨氮、二氧化硫之和（0.344、0.538万吨）超过第（二）条全区上限（0.3、0.5万吨），按原文呈现。"
            )
        return (
            "- Targets: annex 1 (intensity cut, 2015 consumption, allowed increment) and annex 2 (2020 pollutant "
            "caps); regional targets from clause (二).\n"
            "- Even annual pace a = 1 − (1 − R)^(1/5); pace still required after k years: "
            "1 − ((1 − R)/Π(1 − r_t))^(1/(5 − k)).\n"
            "- Double control: the intensity target allows E₂₀₁₅·Y₂₀₂₀/Y₂₀₁₅·(1 − R) in 2020, the cap E₂₀₁₅ + ΔE; "
            "the smaller binds. The GDP growth at which they are equal is the implied growth.\n"
            "- Pacing (clause (十九): no 'front-loose, back-tight'; clause (二十三): early warning) follows the national "
            "double-control barometer (发改办环资〔2020〕901号): green on schedule, yellow behind by no more than 10 % "
            "of the requirement, red further behind; red also where intensity rose or the cap is exceeded.\n"
            "- Scenario inputs are analysts' assumptions, not plan figures (see the rationale column of "
            "data/raw/scenarios.csv); the Monte Carlo is seeded.\n"
            "- Annex 2's prefecture caps for NH3-N and SO2 add up to 0.344 and 0.538 (10^4 t), above the regional caps "
            "of clause (二) (0.3 and 0.5): shown as printed."
        )

    # -- figures --------------------------------------------------------------------------------
    def fig_intensity(self):
        return charts.intensity_chart(self.slug, self.projections, self.lang)

    def fig_energy(self):
        return charts.energy_chart(self.slug, self.projections, self.lang)

    def fig_map(self):
        return charts.double_control_map(self.slug, charts.scenario_points(self.compliance, self.slug), self.lang)

    def fig_pacing(self):
        return charts.pacing_chart(self.pacing_table, self.slug, self.central if not self.record_path else "record", self.lang)

    def fig_pollutants(self):
        return charts.pollutant_chart(self.lang, highlight=self.slug)

    def fig_fan(self):
        return charts.fan_chart(self.monte_carlo, self.slug, self.lang)


# ---------------------------------------------------------------------------------- overview
@dataclass
class Overview:
    """The region overview in one language."""

    lang: str = "zh"
    scenario_file: str | None = None
    central: str = "central"
    seed: int = DEFAULT_SEED
    n_draws: int = DEFAULT_DRAWS

    def __post_init__(self) -> None:
        check_lang(self.lang)
        self.sset = scenarios.load(self.scenario_file)
        if self.central not in self.sset:
            raise JnjpError(f"unknown scenario {self.central!r}; the scenario file has {list(self.sset)}")

    @cached_property
    def compliance(self) -> pd.DataFrame:
        return scenarios.compliance_table(self.sset)

    def title(self) -> str:
        if self.lang == "zh":
            return ("# 西藏自治区“十三五”节能减排目标：全区概览\n\n"
                    "依据《西藏自治区“十三五”节能减排规划暨实施方案》（2018年）。")
        return ("# Tibet Autonomous Region, 13th Five-Year energy-saving targets: region overview\n\n"
                "Source: Tibet Autonomous Region 13th Five-Year Plan for Energy Saving and Emission Reduction (2018).")

    def heading(self, key: str) -> str:
        return "## " + t(f"h_overview_{key}", self.lang)

    def annex1(self) -> pd.DataFrame:
        e = source.energy_targets()
        zh = self.lang == "zh"
        return pd.DataFrame({
            t("prefecture", self.lang): [prefectures.get(s).name(self.lang) for s in e["prefecture"]],
            ("强度降低目标（%）" if zh else "Intensity cut (%)"): [f"{x:g}" for x in e["intensity_cut_pct"]],
            ("2015年能耗（万吨标准煤）" if zh else "2015 energy (10^4 tce)"): [f"{x:g}" for x in e["energy_2015_10k_tce"]],
            ("增量目标（万吨标准煤）" if zh else "Increment (10^4 tce)"): [f"{x:g}" for x in e["increment_10k_tce"]],
            ("2020年上限（万吨标准煤）" if zh else "2020 cap (10^4 tce)"): [f"{x:g}" for x in e["cap_2020_10k_tce"]],
            ("均衡年均降幅" if zh else "Even pace"): [f"{100 * trajectory.even_annual_cut(x):.2f}%" for x in e["intensity_cut"]],
            ("隐含GDP增速" if zh else "Implied growth"): [f"{100 * trajectory.implied_gdp_growth(s):.2f}%" for s in e["prefecture"]],
        })

    def annex2(self) -> pd.DataFrame:
        c = source.pollutant_caps()
        w = c.pivot(index="prefecture", columns="pollutant", values="cap_2020_10k_t").loc[list(prefectures.SLUGS)]
        out = pd.DataFrame({t("prefecture", self.lang): [prefectures.get(s).name(self.lang) for s in w.index]})
        for p in source.POLLUTANTS:
            out[t(f"pol_{p}", self.lang)] = [f"{x:.3f}" for x in w[p]]
        return out

    def regional(self) -> pd.DataFrame:
        r = targets.regional_targets()
        zh = self.lang == "zh"
        return pd.DataFrame({
            ("条款" if zh else "Clause"): r["clause"],
            ("指标" if zh else "Indicator"): r["indicator_zh"] if zh else r["indicator"],
            ("范围" if zh else "Scope"): [_SCOPE_ZH.get(x, x) for x in r["scope"]] if zh else r["scope"],
            ("目标值" if zh else "Value"): ["–" if math.isnan(v) else f"{v:g}" for v in r["value"]],
            ("单位" if zh else "Unit"): [_UNIT_ZH.get(x, x) for x in r["unit"]] if zh else r["unit"],
            ("原文" if zh else "Quote"): r["quote"],
        })

    def reconciliation(self) -> pd.DataFrame:
        r = targets.reconcile()
        zh = self.lang == "zh"
        status = {"exceeds": ("超出", "exceeds"), "within": ("未超出", "within"), "info": ("信息", "info"),
                  "stricter": ("更严", "stricter"), "looser": ("更松", "looser"), "equal": ("相等", "equal")}
        return pd.DataFrame({
            ("核对项" if zh else "Check"): [_RECON_ZH.get(c, i) if zh else i for c, i in zip(r["check"], r["indicator"])],
            ("单位" if zh else "Unit"): r["unit"],
            ("各地（市）合计" if zh else "Prefecture sum"): [f"{x:g}" for x in r["prefecture_sum"]],
            ("全区" if zh else "Regional"): ["–" if math.isnan(x) else f"{x:g}" for x in r["regional"]],
            ("差额" if zh else "Difference"): ["–" if math.isnan(x) else f"{x:+g}" for x in r["difference"]],
            ("结果" if zh else "Status"): [status[s][0 if zh else 1] for s in r["status"]],
        })

    def scenario_table(self) -> pd.DataFrame:
        L = self.lang
        zh = L == "zh"
        c = self.compliance
        out = pd.DataFrame({
            t("scenario", L): [scenario_label(s, L) for s in c["scenario"]],
            t("prefecture", L): [t("region", L) if p == scenarios.REGION else prefectures.get(p).name(L) for p in c["prefecture"]],
            ("2020年能耗（万吨标准煤）" if zh else "Energy 2020 (10^4 tce)"): [_fmt(x, 1) for x in c["energy_2020_10k_tce"]],
            ("强度累计下降" if zh else "Intensity cut"): [_fmt(x, 2, pct=True) for x in c["cumulative_cut"]],
            ("约束性控制" if zh else "Binding"): [t(f"bind_{b}", L) for b in c["binding"]],
            ("余量（万吨标准煤）" if zh else "Headroom (10^4 tce)"): [_fmt(x, 1) for x in c["headroom_10k_tce"]],
        })
        return out

    def mc_table(self) -> pd.DataFrame:
        mc = scenarios.monte_carlo(self.n_draws, seed=self.seed, scenario=self.central)
        p = mc.probabilities
        zh = self.lang == "zh"
        return pd.DataFrame({
            t("prefecture", self.lang): [t("region", self.lang) if s == scenarios.REGION else prefectures.get(s).name(self.lang)
                                         for s in p["prefecture"]],
            ("强度达标概率" if zh else "P(intensity met)"): [_fmt(x, 1, pct=True) for x in p["p_intensity"]],
            ("总量达标概率" if zh else "P(cap met)"): [_fmt(x, 1, pct=True) for x in p["p_cap"]],
            ("两项均达标概率" if zh else "P(both met)"): [_fmt(x, 1, pct=True) for x in p["p_both"]],
        })

    def notes(self) -> str:
        if self.lang == "zh":
            return ("全区强度只在各地（市）GDP增速相同时才能精确汇总（data/raw 中没有各地2015年GDP权重），否则记为“–”。"
                    "全区总量“上限”为各地（市）上限之和（717万吨标准煤），正文未给出全区总量目标。")
        return ("Regional intensity is aggregated only where all prefectures share one GDP path (data/raw holds no "
                "base-year GDP weights); otherwise it shows '–'. The regional 'cap' is the sum of prefecture caps "
                "(717 × 10^4 tce); the plan body states no regional total.")

    def fig_implied(self):
        return charts.implied_growth_chart(self.lang)

    def fig_pollutants(self):
        return charts.pollutant_chart(self.lang)

    def fig_compliance(self):
        return charts.compliance_chart(self.compliance, self.lang)


_SCOPE_ZH = {"region": "全区", "lhasa": "拉萨市", "other_seats": "其他地（市）所在地", "industry": "工业",
             "public_institutions": "公共机构", "agriculture": "农业"}
_UNIT_ZH = {"% cut": "%（下降）", "10^4 t": "万吨", "% of energy consumption": "%（占能源消费）", "direction": "方向",
            "% of new buildings": "%（新建建筑）", "% of area": "%（覆盖率）",
            "standard buses per 10^4 people": "标台/万人", "% of motorised trips": "%（机动化出行）",
            "lake basins": "个湖泊流域", "% growth": "%（增长）", "%": "%"}
_RECON_ZH = {
    "cod_cap_sum": "化学需氧量2020年上限", "nh3n_cap_sum": "氨氮2020年上限", "so2_cap_sum": "二氧化硫2020年上限",
    "nox_cap_sum": "氮氧化物2020年上限", "energy_2015_sum": "2015年能源消费总量", "increment_sum": "“十三五”增量目标",
    "cap_2020_sum": "2020年总量上限（2015年+增量）", "cap_average_growth": "上限允许的年均增速",
    "intensity_cut_weighted": "按能耗加权的强度降低目标",
}


