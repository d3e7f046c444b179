"""The year-by-year section of a briefing: each year against its own annual target, each statistical
basis apart, the official checkpoints, and the year from which the period's target became implausible.

It is drawn where the plan sets annual targets (``annual_targets.csv``) or the record states an
intensity on more than one basis; the numbers come from :mod:`jnjp_analysis.model.annual` and the
record (:meth:`Record.observations`, :meth:`Record.checkpoints`), never from the page.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from jnjp_analysis.model import annual, trajectory
from jnjp_analysis.pages.display import escape
from jnjp_analysis.plan.kinds import KINDS

# the kinds with an annual change in the record: (the plan's kind, the annual indicator, the checkpoint indicator)
SERIES = (("intensity_cut", "intensity_change", "intensity_change_cum"),
          ("carbon_intensity_cut", "carbon_intensity_change", "carbon_intensity_change_cum"))


def _pct(x: float, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{100 * x + 0.0:.{digits}f}%".replace("-0.0%", "0.0%").replace("-", "−")


class AnnualParts:
    """The parts of the year-by-year section, for a page with ``plan``, ``slug``, ``lang``, ``record_section``
    (its ``record``), ``_t`` and ``_md``."""

    plan: Any
    slug: str
    lang: str

    # ------------------------------------------------------------------------------------ numbers
    def _annual_record(self) -> Any:
        return self.record_section.record  # type: ignore[attr-defined]

    def _series(self) -> list[tuple[str, str, str]]:
        """The kinds the page shows year by year: the plan controls them, and the record has their annual change
        or the plan sets them annual targets (a period whose first year is not observed yet)."""
        rec = self._annual_record()
        inds = set(rec.data["indicator"]) if rec is not None else set()
        return [(k, a, c) for k, a, c in SERIES if self.plan.control(k) is not None
                and (a in inds or self.plan.annual_targets_of(k))]

    def shows_annual(self) -> bool:
        """Whether the section is drawn: annual targets, or an intensity stated on more than one basis."""
        rec = self._annual_record()
        series = self._series()
        if not series:
            return False
        return bool(self.plan.annual_targets) or any(
            len(rec.bases(self.slug, a)) > 1 or rec.checkpoints(self.slug, c) for _k, a, c in series
            if c in set(rec.data["indicator"]))

    def annual_frames(self) -> dict[str, pd.DataFrame]:
        """The section's frames, for the chart and the data bundle.

        Returns
        -------
        dict of str to pandas.DataFrame
            ``chart_annual_targets`` (kind, year, change, basis, cut, target_cut, about, result, light: each
            observed year against its own annual target, and a year with a target not observed yet; even_cut:
            the even annual cut that reaches the period's target) and ``table_bases`` (kind, what — ``segment``, a run
            of years on one basis chained; ``checkpoint``, an official cumulative figure; ``from_base``, the
            change from the base year formed within one basis —, basis, first_year, last_year, change, method).
        """
        rec = self._annual_record()
        grades, bases = [], []
        B = self.plan.base_year
        inds = set(rec.data["indicator"])
        for kind, a, c in self._series():
            obs = rec.observations(self.slug, a)
            cps = rec.checkpoints(self.slug, c) if c in inds else ()
            g = annual.annual_grades(obs, self.plan.annual_targets_of(kind))
            # a year with a target and no observation yet: its target, no cut, no light
            seen = set(g["year"])
            waiting = [{"year": tg.year, "change": math.nan, "basis": "", "cut": math.nan, "target_cut": tg.cut,
                        "about": bool(tg.about), "result": "not_observed", "light": "", "shortfall": math.nan}
                       for tg in self.plan.annual_targets_of(kind) if tg.year not in seen and tg.cut is not None]
            if waiting:
                g = pd.concat([g, pd.DataFrame(waiting, columns=g.columns)], ignore_index=True).sort_values(
                    "year", kind="stable").reset_index(drop=True)
            grades.append(g.assign(kind=kind))
            for s in annual.segments(obs).itertuples(index=False):
                bases.append({"kind": kind, "what": "segment", "basis": s.basis, "first_year": s.first_year,
                              "last_year": s.last_year, "change": s.change, "method": "annual"})
            for cp in cps:
                bases.append({"kind": kind, "what": "checkpoint", "basis": cp.basis, "first_year": cp.first_year,
                              "last_year": cp.last_year, "change": cp.change, "method": "checkpoint"})
            ch = annual.chained(obs, cps, base_year=B)
            last = ch[ch["year"] == self.plan.target_year]
            if len(last) and not math.isnan(float(last["change"].iloc[0])):
                r = last.iloc[0]
                bases.append({"kind": kind, "what": "from_base", "basis": r["basis"], "first_year": B + 1,
                              "last_year": int(r["year"]), "change": float(r["change"]), "method": r["method"]})
        cols = ["kind", "year", "change", "basis", "cut", "target_cut", "about", "result", "light", "even_cut"]
        for i, g in enumerate(grades):  # the even annual cut that reaches the period's target, beside each year
            even = self._even(str(g["kind"].iloc[0])) if len(g) else None
            grades[i] = g.assign(even_cut=math.nan if even is None else even[1])
        chart = pd.concat(grades, ignore_index=True)[cols] if grades else pd.DataFrame(columns=cols)
        table = pd.DataFrame(bases, columns=["kind", "what", "basis", "first_year", "last_year", "change", "method"])
        return {"chart_annual_targets": chart, "table_bases": table}

    def _even(self, kind: str) -> tuple[float, float] | None:
        """The period's target of a kind and the even annual cut that reaches it (None without a target; the
        energy-intensity cut is a UnitTargets field of that name)."""
        target = self.plan.targets(self.slug).value(KINDS[kind].target_attr or "intensity_cut")
        if target is None:
            return None
        return target, trajectory.even_annual_cut(target, years=self.plan.T)

    def _pace(self, kind: str) -> pd.DataFrame | None:
        """The required pace after each year for a kind, from its annual values on one basis (None where the
        series breaks or the kind has no period target)."""
        rec = self._annual_record()
        a = next(x for k, x, _c in SERIES if k == kind)
        obs = rec.observations(self.slug, a)
        if len({o.basis for o in obs}) != 1:
            return None
        even = self._even(kind)  # the period's target: the kind's own
        if even is None:
            return None
        return annual.required_pace(annual.chained(obs, base_year=self.plan.base_year), total_cut=even[0],
                                    base_year=self.plan.base_year, target_year=self.plan.target_year)

    # ------------------------------------------------------------------------------------ words
    def _kind_name(self, kind: str) -> str:
        return self._t(f"annual_kind_{kind}", self.lang)  # type: ignore[attr-defined]

    def annual_summary(self) -> str:
        """The section's sentences (Markdown): per kind, the chained change of each basis, the checkpoints,
        the change from the base year where it can be formed, and the year the target became implausible."""
        f = self.frames("annual")  # type: ignore[attr-defined]
        table = f["table_bases"]
        out = []
        grades = f["chart_annual_targets"]
        for kind in dict.fromkeys(grades["kind"]):
            rows = table[table["kind"] == kind]
            name = self._kind_name(kind)
            if grades.loc[grades["kind"] == kind, "cut"].isna().all():  # no year observed yet
                even = self._even(kind)
                first = grades[grades["kind"] == kind].iloc[0]
                out.append("- " + self._md("annual_none_yet", self.lang, kind=name, year=int(first["year"]),  # type: ignore[attr-defined]
                                           target=(self._t("annual_about", self.lang, pct=_pct(first["target_cut"]))  # type: ignore[attr-defined]
                                                   if first["about"] else _pct(first["target_cut"])),
                                           total="–" if even is None else _pct(even[0], 1),
                                           even="–" if even is None else _pct(even[1], 2),
                                           base=self.plan.base_year, target_year=self.plan.target_year))
                continue
            segs = rows[rows["what"] == "segment"]
            parts = [self._md("annual_segment", self.lang, first=int(r.first_year), last=int(r.last_year),  # type: ignore[attr-defined]
                              change=_pct(r.change, 2), basis=self._basis_word(r.basis)) for r in segs.itertuples()]
            line = self._md("annual_kind_line", self.lang, kind=name, segments=self._t("semi_sep", self.lang).join(parts))  # type: ignore[attr-defined]
            if len(segs) > 1:
                line += " " + self._md("annual_break", self.lang)  # type: ignore[attr-defined]
            for r in rows[rows["what"] == "checkpoint"].itertuples():
                line += " " + self._md("annual_checkpoint", self.lang, first=int(r.first_year), last=int(r.last_year),  # type: ignore[attr-defined]
                                       change=_pct(r.change, 1), basis=self._basis_word(r.basis))
            fb = rows[rows["what"] == "from_base"]
            if len(fb):
                r = fb.iloc[0]
                line += " " + self._md(f"annual_from_base_{r['method']}", self.lang, base=self.plan.base_year,  # type: ignore[attr-defined]
                                       last=int(r["last_year"]), change=_pct(float(r["change"]), 2))
            pace = self._pace(kind)
            if pace is not None:
                y = annual.implausible_from(pace)
                if y is not None:
                    p = pace.set_index("year").loc[y]
                    line += " " + self._md("annual_implausible", self.lang, year=y, need=_pct(float(p["required_cut"]), 2),  # type: ignore[attr-defined]
                                           even=_pct(float(p["even_cut"]), 2), ratio=f"{float(p['ratio']):.2f}",
                                           factor=f"{pace.attrs['factor']:g}")
            out.append("- " + line)
        return "\n".join(out)

    def _basis_word(self, basis: str) -> str:
        key = f"annual_basis_{basis}" if basis in ("old", "2024", "revised", "") else ""
        return self._t(key, self.lang) if key else escape(basis)  # type: ignore[attr-defined]

    def annual_table(self) -> pd.DataFrame:
        """Each observed year against its annual target (the display table)."""
        f = self.frames("annual")["chart_annual_targets"]  # type: ignore[attr-defined]
        L = self.lang
        t = self._t  # type: ignore[attr-defined]
        rows = []
        for r in f.itertuples(index=False):
            target = "–" if math.isnan(r.target_cut) else (t("annual_about", L, pct=_pct(r.target_cut)) if r.about
                                                           else _pct(r.target_cut))
            rows.append({t("annual_col_indicator", L): self._kind_name(r.kind), t("annual_col_year", L): int(r.year),
                         t("annual_col_basis", L): "–" if r.result == "not_observed" else self._basis_word(r.basis),
                         t("annual_col_cut", L): _pct(r.cut),
                         t("annual_col_target", L): target, t("annual_col_result", L): t(f"annual_result_{r.result}", L)})
        return pd.DataFrame(rows)
