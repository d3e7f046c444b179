"""What the unit briefing (:mod:`.briefing`) and the region overview (:mod:`.overview`) share: the
pollutant shares, the placeholder and method notes, and the data bundle's provenance.
"""

from __future__ import annotations

import os

from jnjp_analysis.config import PACING_TOLERANCE
from jnjp_analysis.i18n import scenario_label, t
from jnjp_analysis.pages import charts
from jnjp_analysis.pages.charts_region import pollutant_shares_table as pollutant_shares_table  # the chart's frame
from jnjp_analysis.pages.display import PlanText, cites_shipped_paths, escape, pacing_rule
from jnjp_analysis.plan import catalogue as targets
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

PlanArg = Plan | str | os.PathLike | None

pollutant_label = charts.pollutant_label  # a pollutant's short label (the plan's name where i18n has none)


def share_items(plan: Plan, shares: dict[str, str], lang: str) -> str:
    """The alt text's list of cap shares: "化学需氧量106.0%、氨氮…" / "106.0% (COD), … and 99.5% (NOx)".

    Parameters
    ----------
    plan : Plan
        The plan (its pollutants' names).
    shares : dict of str to str
        Each pollutant's share, formatted (:func:`pollutant_sum_shares`), by slug.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The items joined in the language's manner; "" for none.
    """
    items = [t("share_item", lang, name=pollutant_label(plan, p, lang), v=v) for p, v in shares.items()]
    if len(items) < 2:
        return "".join(items)
    return t("items_sep", lang).join(items[:-1]) + t("items_last_sep", lang) + items[-1]


def pollutant_sum_shares(plan: Plan) -> dict[str, str]:
    """The units' summed caps of each pollutant as a share of the region's cap (captions and alt texts).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    dict of str to str
        The share in % with one decimal (``"106.0"``), by pollutant slug.
    """
    rec = targets.reconcile(plan=plan).set_index("check")
    return {p.slug: f"{100 * rec.loc[f'{p.slug}_cap_sum', 'units_sum'] / rec.loc[f'{p.slug}_cap_sum', 'regional']:.1f}"
            for p in plan.pollutants}


BRIEF_SCENARIO_SECTIONS = ("key", "intensity", "energy", "map", "pacing", "mc", "scenarios")
OVERVIEW_SCENARIO_SECTIONS = ("scenarios", "mc")  # the sections that show scenarios' numbers


def placeholder_notes(page: PlanText, sset: dict, lang: str) -> str:
    """The note beside a placeholder scenario's numbers (one line per such scenario among ``sset``;
    "" where none is): a scenario the plan form wrote so that a package builds at once, not a forecast."""
    return "\n\n".join(page._md("placeholder_note", lang, scenario=escape(scenario_label(n, lang)))
                       for n, sc in sset.items() if getattr(sc, "placeholder", False))


def method_notes(page: PlanText, lang: str) -> str:
    """The method notes' bullets (Markdown) that apply to the page's plan: its targets (pollutant caps
    or cuts only where it has them), the formulas, the pacing rule with the plan's clauses (omitted where
    the plan has no such clause label) and where the scenarios come from."""
    plan = page.plan
    pols = ("mn_targets_caps" if plan.pollutants else "mn_targets_cuts" if plan.cut_pollutants
            else "mn_targets_reductions" if plan.reduction_pollutants else None)
    ref = page._clause_ref("regional_no", lang, md=True)
    regional = page._md("mn_regional", lang, ref=ref) if ref else page._md("mn_regional_none", lang)
    clauses = [page._md(f"mn_clause_{k}", lang, ref=r) for k in ("pacing", "warning")
               if (r := page._clause_ref(f"{k}_no", lang, md=True))]
    shipped = cites_shipped_paths(plan)
    file = (f"data/plans/{escape(plan.id)}/scenarios.csv" if shipped else page._md("mn_scenarios_file", lang))
    if not plan.has_energy_intensity:  # carbon led: the carbon target, graded year by year; no scenario
        return "\n".join([page._md("mn_targets_carbon", lang, pollutants=page._md(pols, lang) if pols else "",
                                    regional=regional),
                          page._md("mn_pace", lang), page._md("mn_double_carbon", lang),
                          page._md("mn_pacing_carbon", lang, tol=f"{100 * PACING_TOLERANCE:g}")])
    return "\n".join([
        # a total in words or none: no base or increment in the table, double control is intensity alone
        page._md("mn_targets" if plan.has_numeric_total else "mn_targets_words", lang,
                 pollutants=page._md(pols, lang) if pols else "", regional=regional),
        page._md("mn_pace", lang), page._md("mn_double" if plan.has_numeric_total else "mn_double_words", lang),
        page._md("mn_pacing", lang, clauses=page._md("mn_clauses", lang, items=page._md("mn_clause_sep", lang).join(clauses)) if clauses else "",
                 rule=page._md(f"mn_rule_{pacing_rule(plan)}", lang), tol=f"{100 * PACING_TOLERANCE:g}"),
        page._md("mn_scenarios", lang, file=file)])


def bundle_provenance(scenario_file: str | None, record_path: str | None, seed: int, n_draws: int, *,
                      plan: PlanArg = None) -> dict:
    """What a data bundle was computed from; no paths, no dates.

    The plan (and its recorded hash), the scenario and record files' SHA-256, the package version
    and the Monte Carlo seed.

    Parameters
    ----------
    scenario_file : str or None
        The user's scenario file, or None for the shipped ``data/plans/xizang-13fyp/scenarios.csv``.
    record_path : str or None
        The user's record file, or None for the shipped record.
    seed : int
        The Monte Carlo seed.
    n_draws : int
        The number of Monte Carlo draws.

    Returns
    -------
    dict
        ``plan`` (the plan's title and document number), ``plan_sha256``, ``scenario_file_sha256``,
        ``scenario_file`` ("shipped …" or "user's scenario file"), ``record_sha256``, ``record``
        (likewise), ``package`` (name and version), ``monte_carlo`` (``{"seed", "draws"}``) and
        ``units`` (what the column-name suffixes ``_10k_tce``, ``_10k_t``, ``_pct``, ``_frac`` mean).

    Raises
    ------
    OSError
        If the scenario or record file cannot be read.
    """
    from jnjp_analysis import __version__
    from jnjp_analysis.files import file_sha
    from jnjp_analysis.records.schema import find_shipped_record

    plan = load(plan)
    shipped_record = find_shipped_record(plan)
    shipped = f"shipped data/plans/{plan.id}/records/{shipped_record.name}" if shipped_record else "none shipped"
    carbon_led = not plan.has_energy_intensity  # no scenario: nothing to project
    return {
        "plan": plan.citation(),
        "plan_sha256": plan.resource("plan")["hash"].removeprefix("sha256:"),
        "scenario_file_sha256": None if carbon_led else file_sha(scenario_file or plan.scenario_file),
        "scenario_file": ("none (a carbon-led plan: no energy trajectory to project)" if carbon_led else
                          f"shipped data/plans/{plan.id}/scenarios.csv" if scenario_file is None else "user's scenario file"),
        "record_sha256": file_sha(rec) if (rec := record_path or shipped_record) else None,
        "record": shipped if record_path is None else "user's record file",
        "package": f"jnjp_analysis {__version__}",
        "monte_carlo": None if carbon_led else {"seed": int(seed), "draws": int(n_draws)},
        "units": {"_10k_tce": "10^4 tce (万吨标准煤, 等价值)", "_10k_t": "10^4 t (万吨)", "_pct": "percent",
                  "_frac": "fraction (0.08 = 8 %)"},
    }
