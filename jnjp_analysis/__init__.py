"""jnjp_analysis: Chinese energy-saving and emission-reduction plans (节能减排) as data, and their analysis.

A plan is a data package (``data/plans/<plan-id>/``) loaded into a frozen :class:`~jnjp_analysis.plan.definition.Plan`
(:func:`jnjp_analysis.plan.load.load`); the default is Tibet's 13th Five-Year plan,
《西藏自治区“十三五”节能减排规划暨实施方案》 (2018). The layers, bottom up: ``errors``, ``config``, ``checks``,
``files``, ``i18n`` (foundation); ``plan``; ``model``; ``scenarios`` and ``records``; ``pages``; ``build``; ``cli``
(README.md, "Module map").
"""

from __future__ import annotations

import warnings

__version__ = "0.2.0"

_PERIOD = {"BASE_YEAR": "base_year", "TARGET_YEAR": "target_year", "PLAN_YEARS": "years", "T": "T"}


def __getattr__(name: str) -> object:
    """0.1.0's period constants (Tibet's 13th plan), until 0.3.0: a plan's period is on its Plan."""
    if name in _PERIOD:
        warnings.warn(f"jnjp_analysis.{name} is deprecated (0.2.0) and goes in 0.3.0: use "
                      f"jnjp_analysis.plan.load.load().{_PERIOD[name]} (a plan's period is data)",
                      DeprecationWarning, stacklevel=2)
        from jnjp_analysis.plan.load import load

        return getattr(load(), _PERIOD[name])
    raise AttributeError(f"module 'jnjp_analysis' has no attribute {name!r}")
