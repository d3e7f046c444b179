"""The rules of one scenario cell and one scenario block, shared by the scenario reader
(:func:`jnjp_analysis.scenarios.definition.scenario_rows`) and the plan form's Scenarios sheet
(:mod:`jnjp_analysis.plan.form_check`): one rule set, below both.

What a value computed from the plan means (``implied``: the growth at which the two controls coincide;
``even``: the even pace of the intensity cut) is the model's; here only which parameter each keyword
applies to, and the bounds of a typed number (:func:`jnjp_analysis.checks.parameter`).
"""

from __future__ import annotations

from collections.abc import Iterable

from jnjp_analysis import checks
from jnjp_analysis.errors import JnjpError

ENERGY_MODES = ("intensity_cut", "energy_elasticity", "energy_growth")
# a value computed from the plan's targets rather than typed, and the one parameter it applies to
KEYWORDS = {"implied": "gdp_growth", "even": "intensity_cut"}
STATUSES = ("", "placeholder")  # the optional column ``status``: empty, or a placeholder the plan form wrote


def parameters(pollutants: Iterable[str]) -> tuple[str, ...]:
    """The parameters a scenario row may set, given the slugs of the plan's pollutants.

    Parameters
    ----------
    pollutants : iterable of str
        The plan's pollutant slugs, in order.

    Returns
    -------
    tuple of str
        ``gdp_growth``, the energy modes, then ``<pollutant>_growth`` per pollutant.
    """
    return ("gdp_growth", *ENERGY_MODES, *(f"{p}_growth" for p in pollutants))


def cell(param: str, text: str, where: str, year: str) -> float | str:
    """One year's value of a scenario row, checked: a number within its parameter's bounds, or a keyword
    (:data:`KEYWORDS`) where it applies.

    Parameters
    ----------
    param : str
        The row's parameter.
    text : str
        The cell as typed.
    where : str
        Where the cell is, for the message (file, row, column).
    year : str
        The cell's year, for the message of a missing value.

    Returns
    -------
    float or str
        The number (a fraction), or the keyword (the caller computes its value).

    Raises
    ------
    JnjpError
        For an empty cell, a keyword for another parameter, a non-number or a value out of bounds.
    """
    if text == "":
        raise JnjpError(f"{where}: missing value for year {year}")
    if text in KEYWORDS:
        if param != KEYWORDS[text]:
            raise JnjpError(f"{where}: {text!r} applies to {KEYWORDS[text]} only")
        return text
    try:
        v = float(text)
    except ValueError:
        raise JnjpError(f"{where}: {text!r} is not a number") from None
    return checks.parameter(param, v, f"{where}: {param}")


def block_problem(params: Iterable[str]) -> str | None:
    """What is wrong with the parameters one scenario sets for one unit, as a code, or None.

    Parameters
    ----------
    params : iterable of str
        The parameters of the scenario × unit's rows.

    Returns
    -------
    str or None
        ``"no-gdp-growth"`` (no ``gdp_growth`` row), ``"energy-modes"`` (other than exactly one of
        :data:`ENERGY_MODES`), or None.
    """
    ps = set(params)
    if "gdp_growth" not in ps:
        return "no-gdp-growth"
    if sum(m in ps for m in ENERGY_MODES) != 1:
        return "energy-modes"
    return None
