"""The key-figures table at the top of a briefing, from its key figures (:meth:`Briefing.key_figures`).

Where the record grades the target year (the period is over and observed), the table states what happened,
each graded target with its result, in place of the central scenario's binding control, headroom,
probabilities and pacing verdict: those are a scenario's, and the scenario sections below still show them,
named as such.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from jnjp_analysis.i18n import scenario_label

# the rows that state a scenario's outcome: not key figures of a period the record has graded
SCENARIO_ROWS = frozenset(("binding", "headroom", "p_both", "p_intensity", "p_double_control", "verdict"))


class KeyFigureTables:
    """The key-figures table, for a briefing (``key_figures``, ``central``, ``verdict``, ``kinds_section``,
    ``plan``, ``lang``, ``_t``)."""

    plan: Any
    lang: str

    def record_result_figures(self) -> dict:
        """The record's grade of each controlled indicator in the target year, for the key figures' JSON:
        ``{"record_result": {control id: {"status", "achieved"}}}`` where the record grades any, else ``{}``."""
        res = self.kinds_section.result  # type: ignore[attr-defined]
        graded = res[~res["status"].isin(("not_rateable", "stated_in_words"))]
        if graded.empty:
            return {}
        return {"record_result": {r.indicator: {"status": r.status, "achieved": round(float(r.achieved), 6) + 0.0}
                                  for r in graded.itertuples(index=False)}}

    def key_figures_table(self) -> pd.DataFrame:
        """The key-figures table at the top of the briefing.

        Returns
        -------
        pandas.DataFrame
            Two columns, figure and value (labels in the page's language): the intensity target (%), the even
            annual pace (%/yr), base-year consumption, the allowed increment and the target-year cap (10^4 tce),
            the implied GDP growth (%/yr) — or the total's words where the plan states no number —, then the
            central scenario's binding control and target-year headroom (10^4 tce), the probability of meeting
            the controls (%) and the pacing verdict; where the record grades the target year, each graded
            target's result instead of the scenario's rows. A carbon-led plan has its own table
            (:meth:`carbon_led.CarbonLedParts.carbon_led_key_figures_table`).
        """
        kf = self.key_figures()  # type: ignore[attr-defined]
        L, t = self.lang, self._t  # type: ignore[attr-defined]
        if not self.plan.has_energy_intensity:
            return self.with_statistics_rows(self.carbon_led_key_figures_table(kf))  # type: ignore[attr-defined]
        verdict = t(f"verdict_{self.verdict['verdict']}", L)  # type: ignore[attr-defined]
        rows: list[tuple[str, str, str]] = [
            ("cut", t("lbl_intensity_cut_target_vs_base", L), f"{kf['intensity_cut_pct']:g}%"),
            ("pace", t("lbl_even_annual_pace", L), f"{kf['even_annual_cut_pct']:.2f}%")]
        if self.plan.has_numeric_total:
            u = t("unit_energy_plain", L)
            rows += [
                ("base", t("lbl_base_consumption", L), f"{kf['energy_base_10k_tce']:g} {u}"),
                ("increment", t("lbl_allowed_increment", L), f"{kf['increment_10k_tce']:g} {u}"),
                ("cap", t("lbl_target_cap", L), f"{kf['cap_target_10k_tce']:g} {u}"),
                ("implied", t("lbl_gdp_growth_implied_by_the_two_controls", L), f"{kf['implied_gdp_growth_pct']:.2f}%"),
                ("binding", t("lbl_binding_control_scenario", L, scenario=scenario_label(self.central, L)),  # type: ignore[attr-defined]
                 t(f"bind_{kf['central_binding']}", L)),
                ("headroom", t("lbl_target_headroom_allowed_projected", L), f"{kf['central_headroom_10k_tce']:.1f} {u}"),
                ("p_both", t("lbl_probability_of_meeting_both", L),
                 f"{100 * kf['p_both']:.1f}%" if kf["p_both"] is not None else "–"),
                ("verdict", t("lbl_pacing_verdict", L), verdict)]
        else:  # a total in words or none: no consumption figure; the words (the table escapes them)
            if kf.get("total_words_quote"):
                rows.append(("words", t("h_brief_energy", L), f"“{kf['total_words_quote']}”"))
            rows += [("p_intensity", t("lbl_probability_of_meeting_intensity", L),
                      f"{100 * kf['p_intensity']:.1f}%" if kf["p_intensity"] is not None else "–"),
                     ("verdict", t("lbl_pacing_verdict", L), verdict)]
        if "incentive_cut_pct" in kf:  # a plan with an incentive level: its figures after the basic target's
            rows[1:1] = [("incentive", t("lbl_incentive_cut", L), f"{kf['incentive_cut_pct']:g}%"),
                         ("incentive_pace", t("lbl_even_annual_incentive_pace", L),
                          f"{kf['even_annual_incentive_cut_pct']:.2f}%")]
            if self.plan.has_numeric_total:
                rows.append(("p_double_control", t("lbl_probability_double_control", L),
                             f"{100 * kf['p_double_control']:.1f}%" if kf["p_double_control"] is not None else "–"))
        if kf.get("carbon_intensity_cut_pct") is not None:
            rows.insert(1, ("carbon", t("lbl_carbon_intensity_cut", L), f"{kf['carbon_intensity_cut_pct']:g}%"))
        results = self._result_rows()
        if results:  # the period is observed: what happened, not what a scenario says
            rows = [r for r in rows if r[0] not in SCENARIO_ROWS] + results
        table = pd.DataFrame([(label, value) for _k, label, value in rows], columns=[t("lbl_figure", L), t("lbl_value", L)])
        return self.with_statistics_rows(table)  # type: ignore[attr-defined]  # a row per cited base-year statistic

    def _result_rows(self) -> list[tuple[str, str, str]]:
        """One row per target the record grades in the target year: the indicator and its result with the
        achieved level (the result table's words, :meth:`KindsSection.result_table`)."""
        ks = self.kinds_section  # type: ignore[attr-defined]
        res = ks.result[ks.result["status"] != "not_rateable"]
        table = ks.result_table()
        L, t = self.lang, self._t  # type: ignore[attr-defined]
        ind, ach, out = t("kind_col_indicator", L), t("kind_col_achieved", L), t("kind_col_result", L)
        return [("result", t("lbl_record_result", L, target=self.plan.target_year, indicator=row[ind]),
                 t("kf_result_value", L, result=row[out], achieved=row[ach]))
                for r, (_i, row) in zip(res.itertuples(index=False), table.iterrows())
                if r.status != "stated_in_words"]
