"""jnjp_analysis: Chinese energy-saving and emission-reduction plans (节能减排) as data, and their analysis.

A plan is a data package (``data/plans/<plan-id>/``) loaded into a frozen :class:`~jnjp_analysis.plan.definition.Plan`
(:func:`jnjp_analysis.plan.load.load`); the default is Tibet's 13th Five-Year plan,
《西藏自治区“十三五”节能减排规划暨实施方案》 (2018). The layers, bottom up: ``errors``, ``config``, ``checks``,
``files``, ``i18n`` (foundation); ``plan``; ``model``; ``scenarios`` and ``records``; ``pages``; ``build``; ``cli``
(README.md, "Module map").
"""

from __future__ import annotations

__version__ = "0.2.0"
