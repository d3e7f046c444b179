"""A plan as a value: :class:`Plan`, its :class:`Unit` s, :class:`Pollutant` s and :class:`UnitTargets`.

A :class:`Plan` is loaded once from its package folder (:func:`jnjp_analysis.plan.load`) and passed
to every function that needs years, units or targets; nothing plan-specific is bound at import.
Names say *base* and *target*, not years: ``energy_base_10k_tce``, ``cap_target_10k_tce``; the years
are :attr:`Plan.base_year` and :attr:`Plan.target_year` (and ``DataFrame.attrs`` of the tables).
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from jnjp_analysis.errors import UnknownUnitError

REGION = "region"  # the slug of the plan's whole region (the sums of its units)


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
class UnitTargets:
    """A unit's energy targets for a plan period (or, for the region, the sums of its units').

    Attributes
    ----------
    unit : str
        The unit's slug (``"region"`` for the sums).
    intensity_cut : float
        R, the cumulative energy-intensity cut from the base year to the target year, a fraction.
    energy_base_10k_tce : float
        E_B, consumption in the base year, 10^4 tce.
    increment_10k_tce : float
        ΔE, the allowed increase from base to target year, 10^4 tce.
    base_year, target_year : int
        The plan's base and target year.
    source_line : int or None
        The line of the plan's text the row was read from (None for the region's sums).
    """

    unit: str
    intensity_cut: float
    energy_base_10k_tce: float
    increment_10k_tce: float
    base_year: int
    target_year: int
    source_line: int | None = None

    @property
    def cap_target_10k_tce(self) -> float:
        """E_B + ΔE, the total-consumption cap in the target year, 10^4 tce."""
        return self.energy_base_10k_tce + self.increment_10k_tce

    @property
    def T(self) -> int:
        """The number of years of the period, target − base."""
        return self.target_year - self.base_year

    @property
    def years(self) -> tuple[int, ...]:
        """The years of the period after the base year, base + 1 … target."""
        return tuple(range(self.base_year + 1, self.target_year + 1))


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
        The pollutants the plan caps, in the order of its table.
    folder : pathlib.Path
        The plan's package folder.
    text_file : pathlib.Path
        The plan's text (verified against its SHA-256 on every read).
    descriptor : mapping
        The package's ``datapackage.json`` (read-only).
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
        for p in self.pollutants:
            if p.slug == slug:
                return p
        raise UnknownUnitError(f"plan {self.id} caps no pollutant {slug!r}; valid: "
                               f"{', '.join(p.slug for p in self.pollutants)}")

    # ---------------------------------------------------------------------------------- targets
    def targets(self, key: object) -> UnitTargets:
        """A unit's energy targets; for ``"region"`` the sums of the units' E_B and ΔE, and R the plan
        body's regional intensity target (catalogue row ``energy_intensity``) or, where the plan states
        none, the energy-weighted mean Σ E_i·R_i / Σ E_i. This is the one lookup of a unit's targets.

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
            e0 = sum(t.energy_base_10k_tce for t in self.energy)
            r = self.region_intensity_cut
            if r is None:
                r = sum(t.energy_base_10k_tce * t.intensity_cut for t in self.energy) / e0
            return UnitTargets(REGION, r,
                               e0, sum(t.increment_10k_tce for t in self.energy), self.base_year, self.target_year)
        for t in self.energy:
            if t.unit == u.slug:
                return t
        raise UnknownUnitError(f"plan {self.id} sets no energy targets for {u.slug}")  # pragma: no cover

    def energy_targets(self) -> pd.DataFrame:
        """The units' energy targets, one row per unit in the plan's order.

        Returns
        -------
        pandas.DataFrame
            Columns ``prefecture`` (slug), ``name_zh`` (as printed), ``name_en``, ``intensity_cut_pct``
            (%), ``intensity_cut`` (fraction), ``energy_base_10k_tce``, ``increment_10k_tce``,
            ``cap_target_10k_tce`` (10^4 tce) and ``source_line``; ``attrs`` holds the plan id and the
            base and target year.
        """
        rows = []
        for t in self.energy:
            u = self.unit(t.unit)
            rows.append({"prefecture": t.unit, "name_zh": u.name, "name_en": u.name_en,
                         "intensity_cut_pct": round(t.intensity_cut * 100, 10), "intensity_cut": t.intensity_cut,
                         "energy_base_10k_tce": t.energy_base_10k_tce, "increment_10k_tce": t.increment_10k_tce,
                         "cap_target_10k_tce": t.cap_target_10k_tce, "source_line": t.source_line})
        return self._attrs(pd.DataFrame(rows))

    def pollutant_caps(self) -> pd.DataFrame:
        """The units' pollutant caps in the target year, one row per unit × pollutant.

        Returns
        -------
        pandas.DataFrame
            Columns ``prefecture`` (slug), ``name_zh``, ``pollutant`` (slug), ``pollutant_zh`` (as
            printed), ``cap_target_10k_t`` (10^4 t) and ``source_line``; ``attrs`` as
            :meth:`energy_targets`.
        """
        rows = [{"prefecture": u, "name_zh": self.unit(u).name, "pollutant": p,
                 "pollutant_zh": self.pollutant(p).name, "cap_target_10k_t": v, "source_line": line}
                for u, p, v, line in self.caps]
        return self._attrs(pd.DataFrame(rows))

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
        self.pollutant(pollutant)
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
