"""Deprecated since 0.2.0: ``jnjp_analysis.prefectures`` (the plan's units) moved to :mod:`jnjp_analysis.plan.units`.

Kept for one release so that code written for 0.1.0 runs; it warns once on import. See CHANGELOG.md.
"""

import warnings as _warnings

from jnjp_analysis.plan.units import *  # noqa: F403

_warnings.warn("jnjp_analysis.prefectures is deprecated since 0.2.0 and will be removed in 0.3.0: "
               "use jnjp_analysis.plan.units (CHANGELOG.md)", DeprecationWarning, stacklevel=2)
