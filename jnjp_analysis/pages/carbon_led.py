"""What the briefing of a carbon-led plan states in place of the energy sections.

A carbon-led plan (:attr:`Plan.has_energy_intensity` false: the 15th period's cut of CO2 per unit of GDP,
with no energy-intensity target) has no energy trajectory, scenario, pacing or Monte Carlo to show. Its
key figures are the carbon target, the even annual pace that reaches it, the first annual target and what
the record has observed so far (chained within one statistical basis by :mod:`jnjp_analysis.model.annual`);
its year-by-year section (:mod:`.annual_view`) grades each observed year, and the target-year grade comes
from :func:`jnjp_analysis.records.assessment.period_result` as for any kind.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from jnjp_analysis.model import annual, trajectory

CARBON = "carbon_intensity_cut"


def _r(x: float | None, nd: int = 6) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return round(float(x), nd) + 0.0


class CarbonLedParts:
    """The key figures of a carbon-led plan's briefing, for a page with ``plan``, ``slug``, ``pref``, ``lang``,
    ``unit_targets``, ``record_section``, ``_t`` and ``_md``."""

    plan: Any
    slug: str
    lang: str

    def carbon_led_key_figures(self) -> dict:
        """The key figures of a carbon-led plan.

        Returns
        -------
        dict
            Identity as :meth:`Briefing.key_figures`; ``lead`` ``"carbon"``; ``carbon_intensity_cut_pct`` (%),
            ``even_annual_carbon_cut_pct`` (%/yr, the even pace that reaches it); ``first_annual_target_year``,
            ``first_annual_target_cut_pct`` (%) and ``first_annual_target_about`` (its 左右), None without one;
            ``carbon_observed_to`` (the last year whose change from the base year can be formed, None before
            the first) and ``carbon_change_cum_pct`` (that change, %; negative is a cut); ``record_warnings``
            (a count); ``total_stated`` and ``total_words_quote`` as for a plan without a numeric total.
        """
        ut = self.unit_targets  # type: ignore[attr-defined]
        cut = ut.carbon_intensity_cut
        first = next((a for a in self.plan.annual_targets_of(CARBON) if a.cut is not None), None)
        rec = self.record_section.record  # type: ignore[attr-defined]
        ch = annual.chained(rec.observations(self.slug, "carbon_intensity_change"),
                            rec.checkpoints(self.slug, "carbon_intensity_change_cum")
                            if "carbon_intensity_change_cum" in set(rec.data["indicator"]) else (),
                            base_year=self.plan.base_year)
        ch = ch[ch["change"].notna()]
        last = ch.iloc[-1] if len(ch) else None
        return {
            "unit": self.slug, "name_zh": self.pref.name_zh, "name_en": self.pref.name_en,  # type: ignore[attr-defined]
            "lang": self.lang, "plan": self.plan.id, "base_year": self.plan.base_year,
            "target_year": self.plan.target_year, "lead": "carbon",
            "carbon_intensity_cut_pct": None if cut is None else _r(100 * cut),
            "even_annual_carbon_cut_pct": None if cut is None else _r(100 * trajectory.even_annual_cut(cut, years=self.plan.T)),
            "first_annual_target_year": None if first is None else first.year,
            "first_annual_target_cut_pct": None if first is None else _r(100 * float(first.cut or 0.0)),
            "first_annual_target_about": None if first is None else bool(first.about),
            "carbon_observed_to": None if last is None else int(last["year"]),
            "carbon_change_cum_pct": None if last is None else _r(100 * float(last["change"])),
            "record_warnings": len(rec.warnings_for(self.slug)),
            "total_stated": self.plan.total_stated,
            "total_words_quote": self.plan.total_words_quote or None,
        }

    def carbon_led_key_figures_table(self, kf: dict) -> pd.DataFrame:
        """The key figures table of a carbon-led plan: the carbon target and its even pace, the first annual
        target, what is observed so far, and that the plan sets no energy-intensity target."""
        L, t = self.lang, self._t  # type: ignore[attr-defined]

        def pct(x: float | None, spec: str = "g") -> str:
            return "–" if x is None else f"{x:{spec}}%"

        first = "–"
        if kf["first_annual_target_year"] is not None:
            v = pct(kf["first_annual_target_cut_pct"])
            first = f"{kf['first_annual_target_year']}: " + (t("annual_about", L, pct=v) if kf["first_annual_target_about"]
                                                             else v)
        seen = (t("carbon_led_none_observed", L) if kf["carbon_observed_to"] is None else
                t("carbon_led_observed", L, base=kf["base_year"], year=kf["carbon_observed_to"],
                  change=f"{kf['carbon_change_cum_pct']:.2f}%"))
        rows = [(t("lbl_carbon_intensity_cut", L), pct(kf["carbon_intensity_cut_pct"])),
                (t("lbl_even_annual_pace", L), pct(kf["even_annual_carbon_cut_pct"], ".2f")),
                (t("lbl_first_annual_target", L), first),
                (t("lbl_carbon_observed", L), seen),
                (t("lbl_energy_intensity_target", L), t("carbon_led_no_energy_target", L))]
        if kf.get("total_words_quote"):
            rows.append((t("h_brief_energy", L), f"“{kf['total_words_quote']}”"))
        return pd.DataFrame(rows, columns=[t("lbl_figure", L), t("lbl_value", L)])
