"""The registry of target kinds: one spec per kind a plan may declare (``jnjp:plan.controlled_indicators``).

A kind's spec says everything the rest of the package needs to know of it, in one place:

* its **columns** in ``targets.csv`` (a value per unit; percent or amount; required of every unit or not),
  which the loader reads, the form offers and checks, and the targets table shows;
* the **scopes** it allows (``units``: a value per unit; ``region``: one regional value from another
  document, with its source) and the catalogue row that states the region's level in the plan's text;
* the **record indicators** it is graded on, which the form writes into the plan's record format;
* its **grading**: the name of a rule of :mod:`jnjp_analysis.records.assessment` (``intensity_cut`` and
  ``total_increment`` for energy double control, ``at_least`` and ``at_most`` for a target-year value of
  the record against the target). A kind without a grading is refused at load, never skipped;
* its **words** (zh, en): its name, its targets-table column and its grading rule, for the pages.

Adding a kind is adding a spec here (and, where its record indicator is new, nothing else: the spec
carries the indicator's definition).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass, field

GRADINGS = ("intensity_cut", "total_increment", "at_least", "at_most")  # records.assessment's rules


@dataclass(frozen=True)
class Column:
    """A ``targets.csv`` indicator of a kind: a value per unit.

    Attributes
    ----------
    name : str
        The indicator, e.g. ``"carbon_intensity_cut_pct"``.
    attr : str
        Where a unit's targets hold it (:class:`~jnjp_analysis.plan.definition.UnitTargets`: a field, or a
        key of its ``extra``), e.g. ``"carbon_intensity_cut"``.
    percent : bool
        A percent in the file (19 for 19 %), held as a fraction; else an amount in ``unit_en``.
    unit_zh, unit_en : str
        Its unit, for the form.
    meaning_zh, meaning_en : str
        What it is, for the form's instructions.
    required : bool
        Every unit has it (False: a plan may set it for some units only, as an incentive level).
    below_100 : bool
        A percent that must be below 100 (a cut); False for a share that may reach 100.
    """

    name: str
    attr: str
    percent: bool
    unit_zh: str
    unit_en: str
    meaning_zh: str
    meaning_en: str
    required: bool = True
    below_100: bool = True


@dataclass(frozen=True)
class KindSpec:
    """One kind of controlled indicator.

    Attributes
    ----------
    kind : str
        Its name in ``jnjp:plan.controlled_indicators[].kind``.
    control_id : str
        The id the form gives its control (``energy_intensity``).
    rule : str
        How it is graded, in English (the descriptor's documentation, :attr:`Control.rule`).
    columns : tuple of Column
        Its ``targets.csv`` indicators.
    scopes : tuple of str
        ``"units"`` and/or ``"region"`` (a regional value from another document, with its source).
    region_key : str or None
        The key of the regional value in a control of scope region (``value_pct``, ``value_10k_tco2``).
    catalogue_id : str or None
        The catalogue row that states the region's level in the plan's text (``carbon_intensity``).
    region_percent : bool
        The regional value is a percent (held as a fraction).
    region_attr : str or None
        Where the region's targets hold the regional level (a UnitTargets field or extra key).
    record : tuple of mapping
        The record indicators it is graded on, as the record format defines them (``jnjp:indicators``;
        ``{base}`` in a text is the plan's base year, ``first_year`` ``"base+1"`` the year after it).
    grading : str or None
        The rule of :data:`GRADINGS` that grades it in the target year; None: not graded (refused).
    grade_on : str or None
        For ``at_least`` / ``at_most``: the record indicator graded (its value in the target year).
    sign : float
        The record value times ``sign`` is what is compared (−1: a change read as a cut).
    target_attr : str or None
        For ``at_least`` / ``at_most``: the unit's target (a UnitTargets field or extra key).
    percent : bool
        Its target and achievement are fractions shown as percent (else amounts).
    record_name : str
        What the graded record value is, in English ("CO2 emissions"), for a grade the record cannot give.
    record_first : bool
        Its record indicators come before the pollutants' in the record format (else after them).
    always_recorded : bool
        Its record indicators are in the record format the plan form writes whether or not the plan declares
        the kind: an observation needs no target to be recorded and shown (a carbon-intensity change beside a
        plan that sets no carbon target).
    text_words : tuple of str
        The words that name it in a plan's sentences and table headers (the rule set reads its numbers by
        them: :mod:`jnjp_analysis.plan.rules`), for a kind the rule set has no words of its own for.
    plausibility : mapping
        The record format's plausibility rules of its indicators (``jnjp:plausibility``).
    words : mapping
        ``name``, ``column`` and ``rule`` in (zh, en): its name, its targets-table column, its rule.
    """

    kind: str
    control_id: str
    rule: str
    columns: tuple[Column, ...] = ()
    scopes: tuple[str, ...] = ("units",)
    region_key: str | None = None
    catalogue_id: str | None = None
    region_percent: bool = True
    region_attr: str | None = None
    record: tuple[Mapping[str, object], ...] = ()
    grading: str | None = None
    grade_on: str | None = None
    sign: float = 1.0
    target_attr: str | None = None
    percent: bool = True
    record_name: str = ""
    record_first: bool = False
    always_recorded: bool = False
    text_words: tuple[str, ...] = ()
    plausibility: Mapping[str, Mapping[str, object]] = field(default_factory=lambda: types.MappingProxyType({}))
    words: Mapping[str, tuple[str, str]] = field(default_factory=lambda: types.MappingProxyType({}))


def _w(**kw: tuple[str, str]) -> Mapping[str, tuple[str, str]]:
    return types.MappingProxyType(kw)


KINDS: Mapping[str, KindSpec] = types.MappingProxyType({s.kind: s for s in (
    KindSpec(
        "intensity_cut", "energy_intensity",
        "energy use per unit of GDP cut from the base year by the target year: met where the cut reached is at "
        "least the basic target (and, with an incentive level, 'incentive met' at or beyond it)",
        columns=(
            Column("intensity_cut_pct", "intensity_cut", True, "%", "%",
                   "单位GDP能耗降低（基本目标，基年至目标年累计）", "energy-intensity cut, basic target (base to target year)"),
            Column("intensity_incentive_cut_pct", "incentive_cut", True, "%", "%",
                   "单位GDP能耗降低（激励目标）", "energy-intensity cut, incentive target", required=False),
        ),
        catalogue_id="energy_intensity", grading="intensity_cut",
        # an official cumulative change from the base year (a checkpoint: on its own statistical basis, it
        # bridges a redefinition of the indicator that the annual intensity_change values cannot be chained across)
        record=({"name": "intensity_change_cum", "kind": "fraction",
                 "unit": "fraction (-0.116 = a cumulative 11.6 % fall)", "unit_zh": "比例（-0.116 即累计下降11.6%）",
                 "minimum_exclusive": -1, "maximum_exclusive": 1, "first_year": "base+1", "cumulative": True,
                 "label_en": "cumulative change of energy per unit of GDP since {base} (official checkpoint)",
                 "label_zh": "单位地区生产总值能耗比{base}年累计变化（官方累计数）"},),
        record_first=True, always_recorded=True,
        plausibility=types.MappingProxyType({"intensity_change_cum": {"refuse": [-0.75, 0.5],
                                                                      "warn": [-0.35, 0.05]}})),
    KindSpec(
        "total_increment", "energy_total",
        "energy consumption in the target year within base + allowed increment: met where it is at most the "
        "cap; with the exemption 'incentive_met', exempt where the unit met its incentive intensity target",
        columns=(
            Column("energy_base_10k_tce", "energy_base_10k_tce", False, "万吨标准煤", "10^4 tce",
                   "基年能源消费量", "energy consumption in the base year"),
            Column("increment_10k_tce", "increment_10k_tce", False, "万吨标准煤", "10^4 tce",
                   "基年至目标年能源消费增量", "allowed increment, base to target year"),
        ),
        catalogue_id="energy_increment", region_percent=False, grading="total_increment", percent=False),
    KindSpec(
        "carbon_intensity_cut", "carbon_intensity",
        "CO2 per unit of GDP cut from the base year by the target year: met where the cut reached is at least "
        "the target",
        columns=(Column("carbon_intensity_cut_pct", "carbon_intensity_cut", True, "%", "%",
                        "单位GDP二氧化碳排放降低", "CO2-intensity cut, base to target year"),),
        scopes=("units", "region"), region_key="value_pct", catalogue_id="carbon_intensity",
        region_attr="carbon_intensity_cut", grading="at_least", grade_on="carbon_intensity_change_cum",
        sign=-1.0, target_attr="carbon_intensity_cut", record_name="cumulative carbon-intensity change",
        words=_w(name=("单位GDP二氧化碳排放降低", "Carbon-intensity cut"),
                 column=("单位GDP二氧化碳排放降低", "Cut in CO2 per unit of GDP"),
                 rule=("碳排放强度：{target}年单位GDP二氧化碳排放比{base}年累计降幅不低于目标即为完成。",
                       "Carbon intensity: met where CO2 per unit of GDP fell from {base} to {target} by at least the "
                       "target.")),
        record=({"name": "carbon_intensity_change_cum", "kind": "fraction",
                 "unit": "fraction (-0.1224 = a cumulative 12.24 % cut)", "unit_zh": "比例（-0.1224 即累计下降12.24%）",
                 "minimum_exclusive": -1, "maximum_exclusive": 1, "first_year": "base+1", "cumulative": True,
                 "label_en": "cumulative change in CO2 emissions per unit of GDP since {base} (carbon intensity, not "
                             "energy intensity)",
                 "label_zh": "单位地区生产总值二氧化碳排放比{base}年累计变化（碳排放强度，非能耗强度）"},
                {"name": "carbon_intensity_change", "kind": "fraction",
                 "unit": "fraction (-0.038 = a 3.8 % fall)", "unit_zh": "比例（-0.038 即下降3.8%）",
                 "minimum_exclusive": -1, "maximum_exclusive": 1, "first_year": "base+1",
                 "label_en": "change of CO2 emissions per unit of GDP on the previous year (carbon intensity, not "
                             "energy intensity)",
                 "label_zh": "单位地区生产总值二氧化碳排放比上年变化（碳排放强度，非能耗强度）"}),
        record_first=True, always_recorded=True,
        plausibility=types.MappingProxyType({"carbon_intensity_change_cum": {"refuse": [-0.75, 0.5],
                                                                             "warn": [-0.35, 0.05]},
                                             "carbon_intensity_change": {"refuse": [-0.5, 0.5],
                                                                         "warn": [-0.15, 0.1]}})),
    KindSpec(
        "carbon_total_cap", "carbon_total", "CO2 emissions in the target year at most the cap (10^4 t CO2)",
        columns=(Column("carbon_cap_10k_tco2", "carbon_cap_10k_tco2", False, "万吨二氧化碳", "10^4 t CO2",
                        "目标年二氧化碳排放上限", "CO2 cap in the target year"),),
        scopes=("units", "region"), region_key="value_10k_tco2", region_percent=False,
        region_attr="carbon_cap_10k_tco2", grading="at_most", grade_on="co2_10k_tco2",
        target_attr="carbon_cap_10k_tco2", percent=False, record_name="CO2 emissions",
        words=_w(name=("二氧化碳排放总量", "CO2 emissions (total)"),
                 column=("{target}年二氧化碳排放上限（万吨）", "{target} CO2 cap (10^4 t CO2)"),
                 rule=("二氧化碳排放总量：{target}年排放量不超过上限即为完成。",
                       "CO2 total: met where {target} emissions are within the cap.")),
        record=({"name": "co2_10k_tco2", "kind": "amount", "unit": "10^4 t CO2", "unit_zh": "万吨二氧化碳", "minimum": 0,
                 "sum_check": True, "jump_check": True, "label_en": "CO2 emissions", "label_zh": "二氧化碳排放量"},)),
    KindSpec(
        "non_fossil_share", "non_fossil_share",
        "the share of non-fossil energy in energy consumption in the target year: met where the record's share "
        "is at least the target",
        columns=(Column("non_fossil_share_pct", "non_fossil_share", True, "%", "%",
                        "目标年非化石能源占能源消费总量比重", "share of non-fossil energy in consumption, target year",
                        required=False, below_100=False),),
        scopes=("units", "region"), region_key="value_pct", catalogue_id="non_fossil_share",
        region_attr="non_fossil_share", grading="at_least", grade_on="non_fossil_share",
        target_attr="non_fossil_share", record_name="share of non-fossil energy", text_words=("非化石能源",),
        record=({"name": "non_fossil_share", "kind": "fraction", "unit": "fraction (0.2 = 20 %)",
                 "unit_zh": "比例（0.2 即 20%）", "minimum": 0, "maximum_exclusive": 1,
                 "label_en": "share of non-fossil energy in energy consumption",
                 "label_zh": "非化石能源占能源消费总量比重"},),
        plausibility=types.MappingProxyType({"non_fossil_share": {"refuse": [0, 1], "warn": [0.01, 0.9]}}),
        words=_w(name=("非化石能源消费比重", "Non-fossil share of energy"),
                 column=("{target}年非化石能源消费比重", "{target} non-fossil share of energy"),
                 rule=("非化石能源消费比重：{target}年非化石能源占能源消费总量比重不低于目标即为完成。",
                       "Non-fossil share: met where non-fossil energy is at least the target share of {target} "
                       "energy consumption."))),
)})


def spec(kind: str) -> KindSpec:
    """The spec of a kind.

    Parameters
    ----------
    kind : str
        A key of :data:`KINDS`.

    Returns
    -------
    KindSpec

    Raises
    ------
    KeyError
        For a kind not registered.
    """
    return KINDS[kind]


def columns() -> dict[str, tuple[KindSpec, Column]]:
    """Every registered ``targets.csv`` indicator, with its kind's spec and its column, in registry order."""
    return {c.name: (s, c) for s in KINDS.values() for c in s.columns}
