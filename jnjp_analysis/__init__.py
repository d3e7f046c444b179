"""jnjp_analysis: Chinese energy-saving and emission-reduction plans (节能减排) as data, and their analysis.

A plan is a data package (``data/plans/<plan-id>/``) loaded into a frozen :class:`~jnjp_analysis.plan.definition.Plan`
(:func:`load_plan`); the default is Tibet's 13th Five-Year plan,
《西藏自治区“十三五”节能减排规划暨实施方案》 (2018). The layers, bottom up: ``errors``, ``config``, ``checks``,
``files``, ``i18n`` (foundation); ``plan``; ``model``; ``scenarios`` and ``records``; ``pages``; ``build``; ``cli``
(README.md, "Module map").

The functions a researcher calls are reachable from here::

    import jnjp_analysis as jnjp

    plan = jnjp.load_plan("xizang-13fyp")          # jnjp.list_plans() for the shipped ids
    lhasa = plan.targets("lhasa")                   # a unit's targets (jnjp.unit_targets(plan, "lhasa"))
    jnjp.even_annual_cut(lhasa.intensity_cut, lhasa.years)
    jnjp.pacing_verdict([0.01, 0.01, 0.02, 0.04, 0.05], targets=lhasa)

Each is the function of its layer's module (listed in :data:`PUBLIC`), imported on first use: importing
the package imports neither pandas nor numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.3.0"

# name here -> (module, name there): the public API, each imported on first access
PUBLIC: dict[str, tuple[str, str]] = {
    # plans
    "Plan": ("jnjp_analysis.plan.definition", "Plan"),
    "UnitTargets": ("jnjp_analysis.plan.definition", "UnitTargets"),
    "load_plan": ("jnjp_analysis.plan.load", "load"),
    "list_plans": ("jnjp_analysis.plan.load", "plan_ids"),
    # trajectory math
    "even_annual_cut": ("jnjp_analysis.model.trajectory", "even_annual_cut"),
    "even_path": ("jnjp_analysis.model.trajectory", "even_path"),
    "required_remaining_cut": ("jnjp_analysis.model.trajectory", "required_remaining_cut"),
    "cap_path": ("jnjp_analysis.model.trajectory", "cap_path"),
    "implied_gdp_growth": ("jnjp_analysis.model.trajectory", "implied_gdp_growth"),
    "double_control": ("jnjp_analysis.model.trajectory", "double_control"),
    # pacing
    "pacing_table": ("jnjp_analysis.model.pacing", "check"),
    "pacing_verdict": ("jnjp_analysis.model.pacing", "verdict"),
    # scenarios
    "load_scenarios": ("jnjp_analysis.scenarios.definition", "load"),
    "project": ("jnjp_analysis.scenarios.projection", "project"),
    "compliance": ("jnjp_analysis.scenarios.projection", "compliance"),
    "monte_carlo": ("jnjp_analysis.scenarios.montecarlo", "monte_carlo"),
    # records and assessment
    "load_record": ("jnjp_analysis.records.core", "load"),
    "check_record": ("jnjp_analysis.records.core", "check"),
    "period_result": ("jnjp_analysis.records.assessment", "period_result"),
    "early_warning": ("jnjp_analysis.records.warning", "early_warning"),
    # a record's finding (a warning is its code and arguments) said in words, in either language
    "finding_text": ("jnjp_analysis.pages.words", "finding_text"),
}

__all__ = sorted([*PUBLIC, "unit_targets"])

if TYPE_CHECKING:  # what the names are, for type checkers and editors; at run time __getattr__ imports them
    from jnjp_analysis.model.pacing import check as pacing_table  # noqa: F401
    from jnjp_analysis.model.pacing import verdict as pacing_verdict  # noqa: F401
    from jnjp_analysis.model.trajectory import (  # noqa: F401
        cap_path,
        double_control,
        even_annual_cut,
        even_path,
        implied_gdp_growth,
        required_remaining_cut,
    )
    from jnjp_analysis.pages.words import finding_text  # noqa: F401
    from jnjp_analysis.plan.definition import Plan, UnitTargets  # noqa: F401
    from jnjp_analysis.plan.load import load as load_plan  # noqa: F401
    from jnjp_analysis.plan.load import plan_ids as list_plans  # noqa: F401
    from jnjp_analysis.records.assessment import period_result  # noqa: F401
    from jnjp_analysis.records.core import check as check_record  # noqa: F401
    from jnjp_analysis.records.core import load as load_record  # noqa: F401
    from jnjp_analysis.records.warning import early_warning  # noqa: F401
    from jnjp_analysis.scenarios.definition import load as load_scenarios  # noqa: F401
    from jnjp_analysis.scenarios.montecarlo import monte_carlo  # noqa: F401
    from jnjp_analysis.scenarios.projection import compliance, project  # noqa: F401


def __getattr__(name: str) -> object:
    """A name of the public API (:data:`PUBLIC`), imported from its module on first access.

    Parameters
    ----------
    name : str
        The attribute asked for, e.g. ``"load_plan"``.

    Returns
    -------
    object
        The function or class of that name in its module (kept here after the first access).

    Raises
    ------
    AttributeError
        If ``name`` is not a public name of the package.
    """
    if name not in PUBLIC:
        raise AttributeError(f"module 'jnjp_analysis' has no attribute {name!r}")
    module, attr = PUBLIC[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names with the public API, which is imported on first access.

    Returns
    -------
    list of str
        Sorted names.
    """
    return sorted({*globals(), *__all__})


def unit_targets(plan: object, unit: str) -> UnitTargets:
    """A unit's targets in a plan: ``load_plan(plan).targets(unit)``.

    Parameters
    ----------
    plan : Plan, str or path-like
        A Plan, a shipped plan's id (``"xizang-13fyp"``) or a plan package folder.
    unit : str
        The unit's slug, its name as printed, or ``"region"`` (e.g. ``"lhasa"``, ``"拉萨市"``).

    Returns
    -------
    UnitTargets
        Its intensity cut, base-year consumption, increment and period (and the kinds its plan sets).

    Raises
    ------
    PlanError
        If ``plan`` names no plan package, or the package is malformed.
    UnknownUnitError
        If ``unit`` is none of the plan's units (the message lists them).
    """
    from jnjp_analysis.plan.load import load

    return load(plan).targets(unit)  # type: ignore[arg-type]
