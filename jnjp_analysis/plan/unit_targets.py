"""A unit's targets for a plan period (:class:`UnitTargets`), as :meth:`Plan.targets` gives them."""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field

from jnjp_analysis.errors import JnjpError


@dataclass(frozen=True)
class UnitTargets:
    """A unit's energy targets for a plan period (or, for the region, the sums of its units').

    Attributes
    ----------
    unit : str
        The unit's slug (``"region"`` for the sums).
    intensity_cut : float or None
        R, the cumulative energy-intensity cut from the base year to the target year, a fraction; None for
        a carbon-led plan, which sets no energy-intensity target (:attr:`Plan.has_energy_intensity`).
    energy_base_10k_tce : float or None
        E_B, consumption in the base year, 10^4 tce; None where the plan states no numeric total
        (:attr:`Plan.total_stated` ``"words"`` or ``"absent"``).
    increment_10k_tce : float or None
        ΔE, the allowed increase from base to target year, 10^4 tce; None as ``energy_base_10k_tce``.
    base_year, target_year : int
        The plan's base and target year.
    source_line : int or None
        The line of the plan's text the row was read from (None for the region's sums).
    incentive_cut : float or None
        The incentive level of the intensity cut (a fraction, at least R), None where the plan sets none.
    total_exemption : str
        The rule that exempts the unit from the total check (:data:`EXEMPTIONS`), or ``""``.
    carbon_intensity_cut : float or None
        The cut of CO2 per unit of GDP from base to target year (a fraction), None where none is set.
    carbon_cap_10k_tco2 : float or None
        The CO2 cap in the target year, 10^4 t CO2, None where none is set.
    extra : mapping
        The targets of kinds without a field of their own (their column's ``attr`` → value; a fraction for
        a percent), e.g. ``non_fossil_share``.
    """

    unit: str
    intensity_cut: float | None
    energy_base_10k_tce: float | None
    increment_10k_tce: float | None
    base_year: int
    target_year: int
    source_line: int | None = None
    incentive_cut: float | None = None
    total_exemption: str = ""
    carbon_intensity_cut: float | None = None
    carbon_cap_10k_tco2: float | None = None
    extra: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}), compare=False)

    def value(self, attr: str) -> float | None:
        """The target a kind's column holds (:attr:`plan.kinds.Column.attr`): a field, else a key of
        ``extra`` (the kinds without a field of their own); None where the unit has none."""
        if attr in UNIT_FIELDS:
            v = getattr(self, attr)
            return None if v is None else float(v)
        return self.extra.get(attr)

    @property
    def R(self) -> float:
        """The energy-intensity cut (:attr:`intensity_cut`) where the trajectory, the scenarios, the pacing or
        the Monte Carlo need it.

        Raises
        ------
        JnjpError
            For a carbon-led plan's unit, which has no energy-intensity target to project or pace.
        """
        if self.intensity_cut is None:
            raise JnjpError(f"unit {self.unit!r}: the plan sets no energy-intensity cut (a carbon-led plan): there is "
                            "no energy trajectory, scenario, pacing or Monte Carlo to compute; its carbon target is "
                            "graded on the record (records.assessment.period_result, model.annual)")
        return self.intensity_cut

    @property
    def cap_target_10k_tce(self) -> float | None:
        """E_B + ΔE, the total-consumption cap in the target year, 10^4 tce; None without a numeric total."""
        if self.energy_base_10k_tce is None or self.increment_10k_tce is None:
            return None
        return self.energy_base_10k_tce + self.increment_10k_tce

    @property
    def has_total(self) -> bool:
        """Whether the unit has a numeric total (a base and an increment)."""
        return self.energy_base_10k_tce is not None and self.increment_10k_tce is not None

    @property
    def T(self) -> int:
        """The number of years of the period, target − base."""
        return self.target_year - self.base_year

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the period after the base year, base + 1 … target."""
        return tuple(range(self.base_year + 1, self.target_year + 1))


# the UnitTargets fields a kind's column may name (the others go to UnitTargets.extra)
UNIT_FIELDS = frozenset(("intensity_cut", "energy_base_10k_tce", "increment_10k_tce", "incentive_cut",
                          "carbon_intensity_cut", "carbon_cap_10k_tco2"))
