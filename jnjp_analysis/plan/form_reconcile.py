"""The plan form's last checks, on the whole draft: the Labels sheet, and the units' sums against the
catalogue's regional figures (shown, never corrected), for :func:`jnjp_analysis.plan.form_check.check_sheets`."""

from __future__ import annotations

from jnjp_analysis.config import TOL
from jnjp_analysis.plan.form_layout import CATALOGUE_SHEET, LABELS, LABELS_SHEET, OPTIONAL_LABELS
from jnjp_analysis.plan.form_read import Draft, FormReport, FormRow, num_str, short


def _check_labels(rows: dict[str, FormRow], ctx: FormReport, d: Draft) -> None:
    p = d.plan
    year = next((str(p[k])[:4] for k in ("date_published", "date_signed") if p.get(k)), "")
    derived = {"plan_id": (p.get("id", ""), p.get("id", "")),
               "source_title": (f"《{p['title']}》" if p.get("title") else "", p.get("title_en", "")),
               "issued": (year, year)}
    zh_too = {k: z for k, z, _ in LABELS}
    for key in [*(k for k, _, _ in LABELS), *(k for k in rows if k not in zh_too)]:
        r = rows.get(key)
        for lang in ("zh", "en"):
            if lang == "zh" and not zh_too.get(key, True) and not (r and r.text.get("zh")):
                continue
            v = r.text.get(lang, "") if r is not None else ""
            if key == "plan_id" and r is not None and v and p.get("id") and v != p["id"]:
                ctx.add("error", "label-plan-id", f"plan_id {short(v)} is not the plan's id {p['id']!r}", value=v,
                        hint="leave it empty (the id is used)", **r.at(lang))
                continue
            if not v and key in derived and derived[key][lang == "en"]:
                v = derived[key][lang == "en"]
                ctx.add("info", "label-derived", f"label {key} ({lang}) left empty: {short(v)} is used", LABELS_SHEET,
                        r.row if r else None, lang, f"{r.letters.get(lang, '?')}{r.row}" if r else None)
            if not v:
                if key not in OPTIONAL_LABELS and (key in zh_too):
                    ctx.add("warning", "label-empty", f"label {key} ({lang}) is empty: the pages that use it cannot be "
                            "built (the package loads and checks without it)", LABELS_SHEET, r.row if r else None, lang,
                            f"{r.letters.get(lang, '?')}{r.row}" if r else None)
                continue
            d.labels[lang][key] = v
        if key not in zh_too and key not in OPTIONAL_LABELS and r is not None:
            ctx.add("warning", "label-unknown", f"label {key!r} is not one the pages use (it is kept)", LABELS_SHEET,
                    r.row, "key", f"A{r.row}")


def _reconcile(ctx: FormReport, d: Draft) -> None:
    """The units' sums against the catalogue's regional figures: shown, never corrected."""
    cat = {c["target_id"]: c for c in d.catalogue if c["target_id"]}
    for p in d.pollutants:
        vals = [d.targets.get((u["slug"], f"{p['slug']}_cap_10k_t"), {}).get("value") for u in d.units]
        if any(v is None for v in vals) or not vals:
            continue
        s = round(sum(v for v in vals if v is not None), 6)
        c = cat.get(f"{p['slug']}_cap")
        if c is None or c["_value"] is None:
            ctx.add("info", "sum-no-regional", f"{p['slug']}: the units' caps sum to {num_str(s)} × 10^4 t; the "
                    f"catalogue has no regional cap ({p['slug']}_cap) to reconcile them with", CATALOGUE_SHEET)
            continue
        r = c["_value"]
        level, code, how = (("warning", "sum-exceeds", "above") if s - r > TOL else ("info", "sum-within", "within"))
        ctx.add(level, code, f"{p['slug']}: the units' caps sum to {num_str(s)} × 10^4 t, {how} the regional cap "
                f"{num_str(r)} as printed (shown, not corrected)", CATALOGUE_SHEET, c["_row"], "value",
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
                    f"the energy-weighted mean of the units' {what} is {num_str(w)} %, {how} the regional "
                    f"{num_str(r)} % (shown, not corrected)", CATALOGUE_SHEET, c["_row"], "value", c["_cell"],
                    value=r)


def _check_regional_carbon(ctx: FormReport, d: Draft) -> None:
    """A regional carbon-intensity target is given once: on the Catalogue sheet (the plan's text) or as a
    control of scope region (another document), not both (plan.load refuses both)."""
    c = next((c for c in d.controls if c["kind"] == "carbon_intensity_cut" and c["scope"] == "region"), None)
    row = next((x for x in d.catalogue if x["target_id"] == "carbon_intensity"), None)
    if c is not None and row is not None:
        ctx.add("error", "carbon-twice", f"the regional carbon-intensity target is both on the Catalogue sheet (row "
                f"{row['_row']}) and a control of scope region", value="region",
                hint="give it once: the Catalogue row where the plan's text states it, else the control",
                **c["_r"].at("scope"))
