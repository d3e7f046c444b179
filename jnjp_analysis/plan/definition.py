"""A plan as a value: :class:`Plan`, its :class:`Unit` s, :class:`Pollutant` s and :class:`UnitTargets`.

A :class:`Plan` is loaded once from its package folder (:func:`jnjp_analysis.plan.load`) and passed
to every function that needs years, units or targets; nothing plan-specific is bound at import.
Names say *base* and *target*, not years: ``energy_base_10k_tce``, ``cap_target_10k_tce``; the years
are :attr:`Plan.base_year` and :attr:`Plan.target_year` (and ``DataFrame.attrs`` of the tables).
"""

from __future__ import annotations

import math
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jnjp_analysis.errors import UnknownUnitError
from jnjp_analysis.plan.annual_targets import AnnualTarget
from jnjp_analysis.plan.kinds import KINDS
from jnjp_analysis.plan.statistics import Statistic
from jnjp_analysis.plan.unit_targets import UnitTargets

if TYPE_CHECKING:  # pandas is imported by the tables only: a build with nothing to do never loads it
    import pandas as pd

REGION = "region"  # the slug of the plan's whole region (the sums of its units)

# The kinds of controlled indicator a plan may declare (``jnjp:plan.controlled_indicators``), each with
# the rule that grades it in the target year, from the registry of kinds (plan.kinds: one spec per kind).
# A plan without the key has the first two, as Tibet's 13th: one intensity cut and one total increment per unit.
TARGET_KINDS: dict[str, str] = {k: s.rule for k, s in KINDS.items()}
# what a pollutant's target is (jnjp:plan.pollutants[].target): an absolute cap in the target year, or a
# cut from the base year's emissions (the 14th period's form: "比2020年下降8%"), or the amount the key projects
# must remove by the target year (重点工程减排量, 10^4 t: Qinghai's 14th period)
POLLUTANT_KINDS = ("cap", "cut", "reduction")
# the rules a plan's pacing lights may follow (jnjp:plan.pacing_rule): the national barometer of 发改办环资
# 〔2020〕901号 (green met, yellow missed by at most 10 % of the requirement, red beyond), or the even pace alone
PACING_RULES = ("barometer_2020", "even_pace")
# rules that exempt a unit from a check (Control.exemption)
EXEMPTIONS: dict[str, str] = {
    "incentive_met": "a unit whose energy-intensity cut reached its incentive target is exempt from the "
                     "total-consumption check for the period",
}


class _Named:
    """What has a name as printed (``name``) and an English one (``name_en``)."""

    name: str
    name_en: str

    def label(self, lang: str = "zh") -> str:
        """The name in a language: as printed for ``"zh"``, the English name otherwise.

        Parameters
        ----------
        lang : str, default "zh"
            ``"zh"`` for Chinese; any other value gives English.

        Returns
        -------
        str
            :attr:`name` or :attr:`name_en`.
        """
        return self.name if lang == "zh" else self.name_en


@dataclass(frozen=True)
class Unit(_Named):
    """One unit a plan allocates targets to (a prefecture, a city, a province), or the region.

    Attributes
    ----------
    slug : str
        The key used throughout the package, e.g. ``"lhasa"``.
    name : str
        The name *as printed in this plan*, e.g. ``"拉萨市"``, ``"那曲地区"``.
    name_en : str
        The English name, e.g. ``"Lhasa"``.
    unit_class : str
        A class the plan's body distinguishes (Tibet's clause (八): ``"lhasa"`` or ``"other_seat"``), or ``""``.
    """

    slug: str
    name: str
    name_en: str
    unit_class: str = ""

    @property
    def short_name(self) -> str:
        """The name without its administrative suffix (市, 地区, 州, 盟), e.g. 拉萨."""
        for suffix in ("自治区", "地区", "自治州", "市", "州", "盟"):
            if self.name.endswith(suffix) and len(self.name) > len(suffix):
                return self.name[: -len(suffix)]
        return self.name

    # the names of 0.1.0's Prefecture
    @property
    def name_zh(self) -> str:
        """The name as printed (0.1.0's ``Prefecture.name_zh``)."""
        return self.name

    @property
    def short_zh(self) -> str:
        """:attr:`short_name` (0.1.0's ``Prefecture.short_zh``)."""
        return self.short_name

    @property
    def seat_class(self) -> str:
        """:attr:`unit_class` (0.1.0's ``Prefecture.seat_class``)."""
        return self.unit_class



@dataclass(frozen=True)
class Pollutant(_Named):
    """A pollutant a plan caps, e.g. ``Pollutant("cod", "化学需氧量", "COD")``.

    Attributes
    ----------
    slug : str
        The key, e.g. ``"cod"``.
    name : str
        The name as the plan prints it.
    name_en : str
        The English name.
    """

    slug: str
    name: str
    name_en: str



@dataclass(frozen=True)
class Control:
    """One controlled indicator a plan declares (``jnjp:plan.controlled_indicators``), with its kind.

    Attributes
    ----------
    id : str
        The indicator's key: ``energy_intensity``, ``energy_total``, ``carbon_intensity`` or ``carbon_total``.
    kind : str
        One of :data:`TARGET_KINDS`; its value says the rule that grades it.
    incentive : bool
        For ``intensity_cut``: the plan sets an incentive level beside the basic target (1310号's 激励目标).
    exemption : str
        For ``total_increment``: a rule of :data:`EXEMPTIONS` (``"incentive_met"``), or ``""``.
    scope : str
        ``"units"`` (a value per unit in ``targets.csv``) or ``"region"`` (one regional value only).
    region_value : float or None
        For scope ``"region"``: the regional target (a fraction for a cut, 10^4 t CO2 for a cap).
    source : mapping or None
        Where a target from outside the plan's text comes from (title, issuer, date, url, quote);
        None where the plan's text states it.
    stated : str
        For ``total_increment``: ``"number"`` (a base and an increment per unit) or ``"words"`` (a word
        target such as “能源消费总量得到合理控制”: held and shown with its quote, never graded as a number).
    words_quote : str
        For a total stated in words: its sentence, verbatim from the plan's text; ``""`` otherwise.
    """

    id: str
    kind: str
    incentive: bool = False
    exemption: str = ""
    scope: str = "units"
    region_value: float | None = None
    source: types.MappingProxyType | None = field(default=None, compare=False)
    stated: str = "number"
    words_quote: str = ""

    @property
    def rule(self) -> str:
        """The grading rule of the kind (:data:`TARGET_KINDS`), with the exemption's where it has one."""
        r = TARGET_KINDS[self.kind]
        return f"{r}; {EXEMPTIONS[self.exemption]}" if self.exemption else r


# how a plan states its total-consumption control (Plan.total_stated): a number per unit (base and increment),
# in words only (never graded as a number), or not at all
TOTAL_STATED = ("number", "words", "absent")

# the controls of a plan that declares none: Tibet's 13th's shape
DEFAULT_CONTROLS = (Control("energy_intensity", "intensity_cut"), Control("energy_total", "total_increment"))


@dataclass(frozen=True, eq=False)
class Plan:
    """One plan: its identity, period, units, targets and catalogue, loaded from its package.

    Build one with :func:`jnjp_analysis.plan.load`; it is immutable and compared by identity (one
    object per loaded package).

    Attributes
    ----------
    id : str
        The plan's id, the name of its folder, e.g. ``"xizang-13fyp"``.
    title, title_en : str
        The title as printed and in English.
    issuer, document_number : str
        Who issued it and its document number (``""`` where not known).
    base_year, target_year : int
        The period: targets are measured from the base year and met by the target year.
    level : str
        What its units are (``"prefecture"``, ``"city"``, ``"province"``).
    region : Unit
        The whole (slug ``"region"``), e.g. 西藏自治区.
    units : tuple of Unit
        The units in the plan's order.
    pollutants : tuple of Pollutant
        The pollutants the plan caps (absolute caps in the target year), in the order of its table.
    cut_pollutants : tuple of Pollutant
        The pollutants whose target is a cut from the base year's emissions (``target: "cut"``).
    reduction_pollutants : tuple of Pollutant
        The pollutants whose target is the amount the key projects remove by the target year
        (重点工程减排量, ``target: "reduction"``), in 10^4 t.
    controls : tuple of Control
        The controlled indicators the plan declares (:data:`DEFAULT_CONTROLS` where it declares none).
    folder : pathlib.Path
        The plan's package folder.
    text_file : pathlib.Path
        The plan's text (verified against its SHA-256 on every read).
    descriptor : mapping
        The package's ``datapackage.json`` (read-only).
    annual_targets : tuple of (str, AnnualTarget)
        The targets for single years (``annual_targets.csv``, optional): the kind (``intensity_cut``,
        ``carbon_intensity_cut``) and its target for one year; empty where the package has none.
    statistics : tuple of Statistic
        The base-year statistics (``statistics.csv``, optional), each cited; empty where the package has none.
    """

    id: str
    title: str
    title_en: str
    issuer: str
    document_number: str
    base_year: int
    target_year: int
    level: str
    region: Unit
    units: tuple[Unit, ...]
    pollutants: tuple[Pollutant, ...]
    folder: Path
    text_file: Path
    descriptor: types.MappingProxyType = field(repr=False)
    energy: tuple[UnitTargets, ...] = field(repr=False)
    caps: tuple[tuple[str, str, float, int], ...] = field(repr=False)  # (unit, pollutant, cap 10^4 t, line)
    region_intensity_cut: float | None = None  # the catalogue's energy_intensity target, a fraction
    cut_pollutants: tuple[Pollutant, ...] = ()
    cuts: tuple[tuple[str, str, float, int], ...] = field(default=(), repr=False)  # (unit, pollutant, cut, line)
    controls: tuple[Control, ...] = DEFAULT_CONTROLS
    region_incentive_cut: float | None = None  # the catalogue's energy_intensity_incentive, a fraction
    region_increment_10k_tce: float | None = None  # the catalogue's energy_increment, as the plan states it
    # the region's levels of kinds without a field of their own (plan.kinds: region_attr → value)
    region_values: Mapping[str, float] = field(default_factory=lambda: types.MappingProxyType({}))
    region_carbon_intensity_cut: float | None = None  # the catalogue's carbon_intensity or a regional control
    region_cuts: tuple[tuple[str, float], ...] = ()  # the catalogue's <pollutant>_cut rows, fractions
    annual_targets: tuple[tuple[str, AnnualTarget], ...] = ()  # annual_targets.csv: (kind, one year's target)
    reduction_pollutants: tuple[Pollutant, ...] = ()
    # (unit, pollutant, amount removed by the key projects 10^4 t, line)
    reductions: tuple[tuple[str, str, float, int], ...] = field(default=(), repr=False)
    statistics: tuple[Statistic, ...] = ()  # statistics.csv: base-year statistics from a cited source

    def statistic(self, unit: str, indicator: str) -> Statistic | None:
        """The base-year statistic of a unit (or ``"region"``) and indicator, or None.

        Parameters
        ----------
        unit : str
            A unit's slug or ``"region"``.
        indicator : str
            ``"energy_10k_tce"``, ``"gdp_current_100m_yuan"`` or ``"co2_10k_tco2"``.

        Returns
        -------
        Statistic or None
            As ``statistics.csv`` gives it (value, value text, status, source); None where it gives none.
        """
        return next((s for s in self.statistics if s.unit == unit and s.indicator == indicator), None)

    def annual_targets_of(self, kind: str) -> tuple[AnnualTarget, ...]:
        """The annual targets of one kind, in year order (empty where the plan sets none).

        Parameters
        ----------
        kind : str
            ``"intensity_cut"`` or ``"carbon_intensity_cut"``.

        Returns
        -------
        tuple of AnnualTarget
            What :func:`jnjp_analysis.model.annual.annual_grades` grades each observed year against.
        """
        return tuple(sorted((t for k, t in self.annual_targets if k == kind), key=lambda t: t.year))

    # ---------------------------------------------------------------------------- the controls
    def control(self, key: str) -> Control | None:
        """The controlled indicator of an id (``"carbon_intensity"``) or kind (``"intensity_cut"``), or None.

        Parameters
        ----------
        key : str
            An id or a kind of :data:`TARGET_KINDS`.

        Returns
        -------
        Control or None
            The first control of that id or kind; None where the plan declares none.
        """
        return next((c for c in self.controls if key in (c.id, c.kind)), None)

    @property
    def has_incentive(self) -> bool:
        """Whether the plan sets an incentive level of the energy-intensity cut."""
        c = self.control("intensity_cut")
        return bool(c and c.incentive)

    @property
    def total_stated(self) -> str:
        """How the plan states its total-consumption control (:data:`TOTAL_STATED`): ``"number"`` (a base
        and an increment per unit, graded), ``"words"`` (a word target, held with its quote, not graded as a
        number) or ``"absent"`` (no total control: double control grades intensity alone)."""
        c = self.control("total_increment")
        return "absent" if c is None else c.stated

    @property
    def has_numeric_total(self) -> bool:
        """Whether the total-consumption control is a number (:attr:`total_stated` ``"number"``)."""
        return self.total_stated == "number"

    @property
    def total_words_quote(self) -> str:
        """The total's word target as quoted from the plan's text (``""`` unless stated in words)."""
        c = self.control("total_increment")
        return c.words_quote if c is not None and c.stated == "words" else ""

    @property
    def has_energy_intensity(self) -> bool:
        """Whether the plan sets an energy-intensity cut. A carbon-led plan (the 15th period's: a cut of CO2
        per unit of GDP and no energy-intensity target) does not: the energy trajectory, the scenarios, the
        pacing and the Monte Carlo then have nothing to check, and its pages grade the carbon target."""
        return self.control("intensity_cut") is not None

    @property
    def has_carbon(self) -> bool:
        """Whether the plan sets a carbon target (intensity or total), by unit or for the region."""
        return self.control("carbon_intensity_cut") is not None or self.control("carbon_total_cap") is not None

    # ------------------------------------------------------------------------------- the period
    @property
    def T(self) -> int:
        """The number of years of the period, target − base (5 for 2016-2020)."""
        return self.target_year - self.base_year

    @property
    def years(self) -> tuple[int, ...]:
        """The years after the base year, base + 1 … target (2016 … 2020)."""
        return tuple(range(self.base_year + 1, self.target_year + 1))

    @property
    def all_years(self) -> tuple[int, ...]:
        """The base year and the plan's years (2015 … 2020)."""
        return (self.base_year, *self.years)

    def period_name(self, lang: str = "zh") -> str:
        """The period's name in a language (``jnjp:plan.period_name``, e.g. “十三五”), else ``base-target``.

        Parameters
        ----------
        lang : str, default "zh"
            ``"zh"`` or ``"en"``.

        Returns
        -------
        str
            The name.
        """
        names = self.descriptor.get("jnjp:plan", {}).get("period_name", {})
        return str(names.get(lang) or f"{self.base_year}-{self.target_year}")

    def words(self, lang: str = "zh") -> dict[str, object]:
        """The plan's words for page texts: the period's years and name, the region, the title and
        the references into the plan's text (``jnjp:plan.labels``), keyed as the i18n templates use them.

        Parameters
        ----------
        lang : str, default "zh"
            ``"zh"`` or ``"en"``.

        Returns
        -------
        dict
            ``base``, ``target``, ``first`` (base + 1), ``T``, ``span`` (e.g. ``2016–2020``), ``period``,
            ``region``, ``title`` (the plan's title in ``lang``), and every label of ``jnjp:plan.labels``
            for ``lang`` (e.g. ``energy_table``, ``regional_no``, ``unit_word``), strings as given.
        """
        labels = self.descriptor.get("jnjp:plan", {}).get("labels", {})
        out: dict[str, object] = {str(k): str(v) for k, v in (labels.get(lang) or {}).items()}
        out.update(base=self.base_year, target=self.target_year, first=self.base_year + 1, T=self.T,
                   span=f"{self.base_year + 1}–{self.target_year}", period=self.period_name(lang),
                   region=self.region.label(lang), title=self.title if lang == "zh" else (self.title_en or self.title))
        return out

    def citation(self) -> str:
        """How a data bundle cites the plan: ``jnjp:plan.citation``, else title, year and document number.

        Returns
        -------
        str
            e.g. ``西藏自治区“十三五”节能减排规划暨实施方案 (2018), 藏政办发〔2018〕18号, annexes 1-2 and clause (二)``.
        """
        d = self.descriptor.get("jnjp:plan", {})
        if d.get("citation"):
            return str(d["citation"])
        issued = self.words("en").get("issued")
        return ", ".join(x for x in (f"{self.title} ({issued})" if issued else self.title, self.document_number) if x)

    @property
    def copy(self) -> Mapping[str, str] | None:
        """What kind of copy of the plan the package holds (``jnjp:copy`` of its ``plan`` resource: ``kind`` —
        official, reproduction, repost, summary or excerpt —, ``host``, ``url``, ``not_visible``, ``note``); None
        where the package does not say (a copy of the official text)."""
        for r in self.descriptor.get("resources", []):
            if r.get("name") == "plan" and isinstance(r.get("jnjp:copy"), Mapping):
                return types.MappingProxyType(dict(r["jnjp:copy"]))
        return None

    # ------------------------------------------------------------------------------------ units
    @property
    def slugs(self) -> tuple[str, ...]:
        """The units' slugs in the plan's order."""
        return tuple(u.slug for u in self.units)

    def unit(self, key: object) -> Unit:
        """Look a unit up by slug, name as printed, short name or English name (case-insensitive);
        ``"region"`` (or the region's names) gives :attr:`region`.

        Parameters
        ----------
        key : str or Unit
            The key (surrounding spaces ignored); a Unit of this plan is returned as it is.

        Returns
        -------
        Unit
            The unit.

        Raises
        ------
        UnknownUnitError
            If it is not a string or names none of the plan's units (the message lists the valid ones).
        """
        if isinstance(key, Unit) and (key in self.units or key == self.region):
            return key
        if not isinstance(key, str):
            raise UnknownUnitError(f"a unit of {self.id} must be a string, got {type(key).__name__}; "
                                   f"valid: {self._valid()}")
        k = key.strip()
        for u in (*self.units, self.region):
            if k in (u.slug, u.name, u.short_name) or k.lower() == u.name_en.lower():
                return u
        raise UnknownUnitError(f"unknown unit {key!r} of plan {self.id}; valid: {self._valid()}")

    def _valid(self) -> str:
        return ", ".join(f"{u.slug} ({u.name}, {u.name_en})" for u in self.units)

    def name(self, slug: str, lang: str = "zh") -> str:
        """A unit's (or the region's) name in a language.

        Parameters
        ----------
        slug : str
            A unit's key (see :meth:`unit`).
        lang : str, default "zh"
            ``"zh"`` for the name as printed, anything else for English.

        Returns
        -------
        str
            The name.
        """
        return self.unit(slug).label(lang)

    def pollutant(self, slug: str) -> Pollutant:
        """One of the plan's pollutants by slug.

        Parameters
        ----------
        slug : str
            e.g. ``"cod"``.

        Returns
        -------
        Pollutant
            The pollutant.

        Raises
        ------
        UnknownUnitError
            If the plan caps no pollutant of that slug.
        """
        every = (*self.pollutants, *self.cut_pollutants, *self.reduction_pollutants)
        for p in every:
            if p.slug == slug:
                return p
        raise UnknownUnitError(f"plan {self.id} sets no target for a pollutant {slug!r}; valid: "
                               f"{', '.join(p.slug for p in every)}")

    # ---------------------------------------------------------------------------------- targets
    def targets(self, key: object) -> UnitTargets:
        """A unit's energy targets; for ``"region"`` the sums of the units' E_B and ΔE, and R the plan
        body's regional intensity target (catalogue row ``energy_intensity``) or, where the plan states
        none, the energy-weighted mean Σ E_i·R_i / Σ E_i. The region's incentive level is the plan
        body's (catalogue row ``energy_intensity_incentive``) and None where the plan states none: a
        level derived from the units' incentive levels is not a target. This is the one lookup of a
        unit's targets.

        Parameters
        ----------
        key : str or Unit
            A unit's key (see :meth:`unit`) or ``"region"``.

        Returns
        -------
        UnitTargets
            The targets.

        Raises
        ------
        UnknownUnitError
            If the key names no unit of the plan.
        """
        u = self.unit(key)
        if u.slug == REGION:
            numeric = self.has_numeric_total
            e0 = sum(float(t.energy_base_10k_tce or 0.0) for t in self.energy) if numeric else None
            r = self.region_intensity_cut
            if r is None and e0:
                r = sum(float(t.energy_base_10k_tce or 0.0) * t.R for t in self.energy) / e0
            elif r is None:  # no numeric total to weight by: the load let this pass for one unit only
                r = self.energy[0].intensity_cut
            # the region has an incentive level only where the plan states one (catalogue row
            # energy_intensity_incentive): a level derived from the units' is no target of the plan
            inc = self.region_incentive_cut
            caps = [t.carbon_cap_10k_tco2 for t in self.energy]
            carbon_cap = self.control("carbon_total_cap")
            ccap = (carbon_cap.region_value if carbon_cap and carbon_cap.scope == REGION
                    else round(sum(c for c in caps if c is not None), 6) if caps and None not in caps else None)
            # the region's increment is the one the plan states (catalogue row energy_increment), else the units' sum
            ri = self.region_increment_10k_tce
            total = self.control("total_increment")
            incr = (None if not numeric else ri if ri is not None
                    else sum(float(t.increment_10k_tce or 0.0) for t in self.energy))
            return UnitTargets(REGION, r, e0, incr,
                               self.base_year, self.target_year, incentive_cut=inc,
                               total_exemption=(total.exemption if total and inc is not None else ""),
                               carbon_intensity_cut=self.region_carbon_intensity_cut, carbon_cap_10k_tco2=ccap,
                               extra=self.region_values)
        for t in self.energy:
            if t.unit == u.slug:
                if len(self.units) == 1:  # a plan of one unit: the unit is the whole, its regional targets its own
                    return self._with_regional(t)
                return t
        raise UnknownUnitError(f"plan {self.id} sets no energy targets for {u.slug}")  # pragma: no cover

    def _with_regional(self, t: UnitTargets) -> UnitTargets:
        """The one unit's targets of a one-unit plan with the targets the plan sets for the whole only (a
        control of scope region: the nation's CO2-intensity cut from its outline), where the unit has none."""
        carbon = t.carbon_intensity_cut if t.carbon_intensity_cut is not None else self.region_carbon_intensity_cut
        cap_c = self.control("carbon_total_cap")
        ccap = (t.carbon_cap_10k_tco2 if t.carbon_cap_10k_tco2 is not None
                else cap_c.region_value if cap_c is not None and cap_c.scope == REGION else None)
        extra = {**self.region_values, **t.extra}
        return replace(t, carbon_intensity_cut=carbon, carbon_cap_10k_tco2=ccap, extra=types.MappingProxyType(extra))

    def energy_targets(self) -> pd.DataFrame:
        """The units' energy targets, one row per unit in the plan's order.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit`` (slug), ``name_zh`` (as printed), ``name_en``, ``intensity_cut_pct``
            (%), ``intensity_cut`` (fraction), ``energy_base_10k_tce``, ``increment_10k_tce``,
            ``cap_target_10k_tce`` (10^4 tce; these three only where the plan states a numeric total,
            :attr:`total_stated`) and ``source_line``; ``attrs`` holds the plan id and the base and target year.
        """
        import pandas as pd

        rows = []
        for t in self.energy:
            u = self.unit(t.unit)
            rows.append({"unit": t.unit, "name_zh": u.name, "name_en": u.name_en,
                         # NaN for a carbon-led plan's unit: it has no energy-intensity target
                         "intensity_cut_pct": math.nan if t.intensity_cut is None else round(t.intensity_cut * 100, 10),
                         "intensity_cut": math.nan if t.intensity_cut is None else t.intensity_cut})
            if self.has_numeric_total:  # a total in words or none has no number here, never a made-up one
                rows[-1].update(energy_base_10k_tce=t.energy_base_10k_tce, increment_10k_tce=t.increment_10k_tce,
                                cap_target_10k_tce=t.cap_target_10k_tce)
            rows[-1]["source_line"] = t.source_line
            if self.has_incentive:  # only a plan with an incentive level has these columns (Tibet's 13th: none)
                # a unit without an incentive level has none (NaN), never a level of 0 it would always meet
                rows[-1]["incentive_cut_pct"] = (math.nan if t.incentive_cut is None
                                                 else round(float(t.incentive_cut) * 100, 10))
                rows[-1]["incentive_cut"] = t.incentive_cut
                rows[-1]["total_exemption"] = t.total_exemption
        return self._attrs(pd.DataFrame(rows))

    def carbon_targets(self) -> pd.DataFrame:
        """The carbon targets, one row per unit that has one and one for the region where it is set.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit`` (slug, ``"region"`` last), ``name_zh``, ``name_en``,
            ``carbon_intensity_cut_pct`` (%, NaN where none), ``carbon_cap_10k_tco2`` (10^4 t CO2, NaN
            where none) and ``source`` (``"plan"`` for the plan's text, else the outside source's title);
            empty where the plan sets no carbon target.
        """
        import pandas as pd

        cols = ["unit", "name_zh", "name_en", "carbon_intensity_cut_pct", "carbon_cap_10k_tco2", "source"]
        rows = []
        for t in (*self.energy, self.targets(REGION)):
            if t.carbon_intensity_cut is None and t.carbon_cap_10k_tco2 is None:
                continue
            u = self.unit(t.unit)
            src = "plan"
            if t.unit == REGION:
                c = self.control("carbon_intensity_cut") or self.control("carbon_total_cap")
                if c is not None and c.scope == REGION and c.source:
                    src = str(c.source.get("title", ""))
            rows.append([t.unit, u.name, u.name_en,
                         math.nan if t.carbon_intensity_cut is None else round(t.carbon_intensity_cut * 100, 10),
                         math.nan if t.carbon_cap_10k_tco2 is None else t.carbon_cap_10k_tco2, src])
        return self._attrs(pd.DataFrame(rows, columns=cols))

    def pollutant_cuts(self) -> pd.DataFrame:
        """The pollutant targets set as cuts from the base year, one row per unit × pollutant, then the
        region's (the plan body's, where it states them).

        Returns
        -------
        pandas.DataFrame
            Columns ``unit`` (slug), ``name_zh``, ``pollutant`` (slug), ``pollutant_zh``,
            ``cut_pct`` (% of the base year's emissions) and ``source_line`` (None for the region's);
            empty where the plan sets none.
        """
        import pandas as pd

        rows = [{"unit": u, "name_zh": self.unit(u).name, "pollutant": p,
                 "pollutant_zh": self.pollutant(p).name, "cut_pct": round(v * 100, 10), "source_line": line}
                for u, p, v, line in self.cuts]
        rows += [{"unit": REGION, "name_zh": self.region.name, "pollutant": p,
                  "pollutant_zh": self.pollutant(p).name, "cut_pct": round(v * 100, 10), "source_line": None}
                 for p, v in self.region_cuts]
        cols = ["unit", "name_zh", "pollutant", "pollutant_zh", "cut_pct", "source_line"]
        return self._attrs(pd.DataFrame(rows, columns=cols).astype({"source_line": "Int64"}))

    def pollutant_reductions(self) -> pd.DataFrame:
        """The pollutant targets set as amounts the key projects remove by the target year (重点工程减排量),
        one row per unit × pollutant.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit`` (slug), ``name_zh``, ``pollutant`` (slug), ``pollutant_zh``,
            ``reduction_10k_t`` (10^4 t) and ``source_line``; empty where the plan sets none.
        """
        import pandas as pd

        rows = [{"unit": u, "name_zh": self.unit(u).name, "pollutant": p,
                 "pollutant_zh": self.pollutant(p).name, "reduction_10k_t": v, "source_line": line}
                for u, p, v, line in self.reductions]
        cols = ["unit", "name_zh", "pollutant", "pollutant_zh", "reduction_10k_t", "source_line"]
        return self._attrs(pd.DataFrame(rows, columns=cols).astype({"source_line": "Int64"}))

    def pollutant_caps(self) -> pd.DataFrame:
        """The units' pollutant caps in the target year, one row per unit × pollutant.

        Returns
        -------
        pandas.DataFrame
            Columns ``unit`` (slug), ``name_zh``, ``pollutant`` (slug), ``pollutant_zh`` (as
            printed), ``cap_target_10k_t`` (10^4 t) and ``source_line``; ``attrs`` as
            :meth:`energy_targets`.
        """
        import pandas as pd

        rows = [{"unit": u, "name_zh": self.unit(u).name, "pollutant": p,
                 "pollutant_zh": self.pollutant(p).name, "cap_target_10k_t": v, "source_line": line}
                for u, p, v, line in self.caps]
        cols = ["unit", "name_zh", "pollutant", "pollutant_zh", "cap_target_10k_t", "source_line"]
        return self._attrs(pd.DataFrame(rows, columns=cols))

    def cap(self, unit: str, pollutant: str) -> float:
        """One unit's cap of one pollutant in the target year, 10^4 t; the region's is the sum.

        Parameters
        ----------
        unit : str
            A unit's key or ``"region"``.
        pollutant : str
            A pollutant's slug.

        Returns
        -------
        float
            The cap, 10^4 t.
        """
        slug = self.unit(unit).slug
        if self.pollutant(pollutant) not in self.pollutants:
            raise UnknownUnitError(f"plan {self.id} sets {pollutant!r} as a cut from the base year, not a cap")
        vals = [v for u, p, v, _ in self.caps if p == pollutant and (slug == REGION or u == slug)]
        return round(sum(vals), 6)

    def _attrs(self, df: pd.DataFrame) -> pd.DataFrame:
        df.attrs.update(plan=self.id, base_year=self.base_year, target_year=self.target_year)
        return df

    # ------------------------------------------------------------------------------------ files
    def resource(self, name: str) -> dict[str, Any]:
        """One resource of the descriptor by name (``plan``, ``units``, ``catalogue``, ``scenarios``).

        Parameters
        ----------
        name : str
            The resource's ``name``.

        Returns
        -------
        dict
            The resource's fields.

        Raises
        ------
        KeyError
            If the descriptor has no such resource.
        """
        for r in self.descriptor["resources"]:
            if r["name"] == name:
                return dict(r)
        raise KeyError(name)

    @property
    def scenario_file(self) -> Path:
        """The plan's shipped scenario file (``scenarios.csv`` in its folder)."""
        return self.folder / "scenarios.csv"

    @property
    def records_dir(self) -> Path:
        """The folder of the plan's shipped records (``records/``)."""
        return self.folder / "records"
