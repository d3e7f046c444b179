"""The jobs a build runs: one :class:`Job` per briefing (unit × language) and overview (per
language), with its notebook, parameters and outputs, and the :class:`Outcome` of running it; the
checks of the units and languages asked for, the plan's output folder, the scenarios a page shows and
the seed of the plan's Monte Carlo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jnjp_analysis import checks
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import (
    BRIEFING_NB,
    DEFAULT_PLAN,
    DEFAULT_SCENARIOS,
    DEFAULT_SEED,
    NEUTRAL_SEED,
    OVERVIEW_NB,
    REPORTS_DIR,
)
from jnjp_analysis.i18n import LANGS, t
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

PlanArg = Plan | str | os.PathLike | None


@dataclass(frozen=True)
class Job:
    """One report to build: a notebook template run with its parameters.

    Attributes
    ----------
    name : str
        The file stem of its outputs, e.g. ``"lhasa_zh"`` or ``"overview_en"``.
    template : str
        The notebook template's path.
    parameters : dict
        The notebook parameters (``lang``, ``seed``, ``scenario_file``, ``record_path``, ``unit``: the briefing's unit slug).
    title : str
        The page's title, in its language.
    lang : str
        ``"zh"`` or ``"en"``.
    unit : str or None
        The briefing's unit slug; None for the overview.
    """

    name: str  # file stem, e.g. "lhasa_zh" or "overview_en"
    template: str
    parameters: dict
    title: str
    lang: str
    unit: str | None


@dataclass(frozen=True)
class Outcome:
    """What became of one report in a build.

    Attributes
    ----------
    job : Job
        The report.
    ok : bool
        True if its outputs are written (or served from the cache).
    error : str
        Why it failed, one line; "" when ok.
    kept : str
        The path of the executed notebook kept for debugging (``<out>/_failed/``); "" if none.
    cached : bool
        True if served from the build cache, not run.
    reason : str
        Why it was (re)built, or "" when cached.
    """

    job: Job
    ok: bool
    error: str = ""
    kept: str = ""  # path of the executed notebook kept for debugging
    cached: bool = False  # served from the build cache, not run
    reason: str = ""  # why it was (re)built, or "" when cached


def has_bundle(job: Job) -> bool:
    """Our briefing and overview templates emit a data bundle; other templates need not.

    Parameters
    ----------
    job : Job
        The report.

    Returns
    -------
    bool
        True if its template is the shipped briefing or overview, which must write ``<name>_data.zip``.
    """
    return Path(job.template).resolve() in (BRIEFING_NB.resolve(), OVERVIEW_NB.resolve())


def outputs_of(job: Job, pdf: bool = False) -> list[str]:
    """The files a report writes (relative to the output folder).

    Parameters
    ----------
    job : Job
        The report.
    pdf : bool
        Whether the build also prints ``<name>.pdf``.

    Returns
    -------
    list of str
        ``<name>.html``, then ``<name>.json`` (a briefing), ``<name>_data.zip`` (a data bundle) and
        ``<name>.pdf`` (``pdf``) where they apply.
    """
    return ([f"{job.name}.html"] + ([f"{job.name}.json"] if job.unit else [])
            + ([f"{job.name}_data.zip"] if has_bundle(job) else []) + ([f"{job.name}.pdf"] if pdf else []))


def validate(prefs: list[str] | None, langs: list[str] | None, plan: PlanArg = None) -> tuple[list[str], list[str]]:
    """Resolve unit names to slugs and check languages; raise JnjpError listing the valid ones.

    Parameters
    ----------
    prefs : list of str or None
        Unit slugs or names; None for all of the plan's units.
    langs : list of str or None
        Languages, ``"zh"`` and/or ``"en"``; None for both.
    plan : Plan, str, path-like or None, optional
        The plan (None for the default).

    Returns
    -------
    slugs : list of str
        The unit slugs, in the order given.
    langs : list of str
        The languages, in the order given.

    Raises
    ------
    JnjpError
        If either list is a string, empty or names one twice, a unit is unknown
        (:class:`~jnjp_analysis.errors.UnknownUnitError`) or two names are the same unit, or a
        language is unknown.
    """
    the_plan = load(plan)
    slugs = [the_plan.unit(p).slug  # UnknownUnitError lists the valid ones
             for p in (checks.names(prefs, "units") if prefs is not None else the_plan.slugs)]
    if len(set(slugs)) < len(slugs):
        raise JnjpError(f"units {list(prefs or [])!r} name a unit twice")
    langs = checks.names(langs, "languages") if langs is not None else list(LANGS)
    bad = [lang for lang in langs if lang not in LANGS]
    if bad:
        raise JnjpError(f"unknown language(s) {bad}; valid: {', '.join(LANGS)}")
    return list(dict.fromkeys(slugs)), list(dict.fromkeys(langs))


def default_out(plan: Plan) -> Path:
    """Where a build writes without ``--out``: ``reports/`` for the default plan, ``reports/<plan-id>/``
    for any other (one plan's pages never overwrite another's, and each index lists its own).

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    pathlib.Path
        The output folder.
    """
    return REPORTS_DIR if plan.id == DEFAULT_PLAN and plan.folder == load().folder else REPORTS_DIR / plan.id


def shown_scenarios(plan: Plan, scenario_file: str | None = None) -> tuple[str, ...]:
    """The scenarios every briefing of a plan compares.

    For the default plan, :data:`config.DEFAULT_SCENARIOS` (its shipped set; a user's scenario file
    must have them all). For another plan, every scenario of its (or the given) scenario file, in
    file order: its analysts named them.

    Parameters
    ----------
    plan : Plan
        The plan.
    scenario_file : str or None, optional
        A user's scenario file; None for the plan's own.

    Returns
    -------
    tuple of str
        The scenario names.

    Raises
    ------
    JnjpError
        If the scenario file of a plan other than the default is refused.
    """
    if plan.id == DEFAULT_PLAN and plan.folder == load().folder:
        return tuple(DEFAULT_SCENARIOS)
    from jnjp_analysis import scenarios

    if not plan.has_energy_intensity:  # a carbon-led plan has no energy trajectory for a scenario to project
        return ()
    return tuple(scenarios.load(scenario_file or str(plan.scenario_file), plan=plan))


def plan_seed(plan) -> int:
    """The Monte Carlo seed of a plan's pages without ``--seed``: ``jnjp:plan.seed`` of its descriptor
    (a whole number ≥ 0), else ``DEFAULT_SEED`` for the default plan and ``NEUTRAL_SEED`` for any other.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    int
        The seed.
    """
    own = (plan.descriptor.get("jnjp:plan") or {}).get("seed")
    if isinstance(own, int) and not isinstance(own, bool) and own >= 0:
        return own
    return DEFAULT_SEED if plan.id == DEFAULT_PLAN else NEUTRAL_SEED


def has_overview(plan: PlanArg = None) -> bool:
    """Whether a plan's pages include the overview: a plan of more than one unit. A one-unit plan's
    overview would only repeat its unit's briefing (its "sums" are of one unit). A plan whose total is
    stated in words or not at all has none yet (:class:`pages.overview.Overview` refuses it): its
    annexes, implied growth and compliance are of a numeric total; its units' briefings are built.

    Parameters
    ----------
    plan : Plan, str, path-like or None, optional
        The plan; None for the default.

    Returns
    -------
    bool
        True where the plan has two units or more and a numeric total.
    """
    p = load(plan)
    return len(p.units) > 1 and p.has_numeric_total


def plan_jobs(slugs: list[str], langs: list[str], overview: bool = True, scenario_file: str | None = None,
              record: str | None = None, seed: int | None = None, plan: PlanArg = None) -> list[Job]:
    """The reports of a build: the overview in each language, then each unit in each language.

    A plan of one unit (a province tracked as a whole) has no overview: it would repeat its unit as
    the whole, with "sums" of one; its index links the unit's briefings only (:func:`has_overview`).

    Parameters
    ----------
    slugs : list of str
        Unit slugs (:func:`validate`).
    langs : list of str
        Languages, ``"zh"`` and/or ``"en"``.
    overview : bool
        Whether to include the region overview (where the plan has one: :func:`has_overview`).
    scenario_file : str or None
        The scenario CSV the notebooks read; None for the shipped one.
    record : str or None
        The record of observed statistics; None for the shipped one.
    seed : int or None
        The Monte Carlo seed; None for the plan's (:func:`plan_seed`).
    plan : Plan, str, path-like or None, optional
        The plan; None for the default. The notebooks get ``plan = None`` for the default plan
        and the package folder's absolute path for any other.

    Returns
    -------
    list of Job
        One job per report, in plan order.
    """
    the_plan = load(plan)
    default = the_plan.id == DEFAULT_PLAN and the_plan.folder == load().folder
    common = {"scenario_file": scenario_file, "seed": plan_seed(the_plan) if seed is None else seed,
              "plan": None if default else str(the_plan.folder.resolve())}
    brief = {} if default else {"scenario_names": list(shown_scenarios(the_plan, scenario_file))}
    jobs = []
    if overview and has_overview(the_plan):
        for lang in langs:
            jobs.append(Job(f"overview_{lang}", str(OVERVIEW_NB), {"lang": lang, "record_path": record, **common},
                            t("job_overview", lang, plan=the_plan), lang, None))
    for slug in slugs:
        u = the_plan.unit(slug)
        for lang in langs:
            jobs.append(Job(f"{slug}_{lang}", str(BRIEFING_NB),
                            {"unit": slug, "lang": lang, "record_path": record, **common, **brief},
                            u.label(lang), lang, slug))
    return jobs
