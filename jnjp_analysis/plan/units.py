"""The units of the default plan (Tibet's 13th: its prefecture-level divisions), as 0.1.0 gave them.

Kept for the 0.1.0 API (``jnjp_analysis.prefectures``) until 0.3.0; a plan's units are
:attr:`jnjp_analysis.plan.definition.Plan.units`. The rows are read from the default plan package's
``units.csv`` (slug, name as the annex prints it, English name, class): nothing here is typed twice.
For Tibet's plan the class is the seat class, since the transport targets of clause (八) differ between
拉萨市 (``"lhasa"``) and the other prefecture seats (``"other_seat"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jnjp_analysis.errors import UnknownPrefectureError

SeatClass = Literal["lhasa", "other_seat"]


@dataclass(frozen=True)
class Prefecture:
    """One unit of the default plan, as its tables print it (for Tibet: a prefecture-level division).

    Attributes
    ----------
    slug : str
        The key used throughout the package, e.g. ``"lhasa"``.
    name_zh : str
        The name as the annex prints it, e.g. ``"拉萨市"``, ``"那曲地区"``.
    name_en : str
        The English name, e.g. ``"Lhasa"``.
    seat_class : {"lhasa", "other_seat"}
        Which transport targets of clause (八) apply to its seat.
    """

    slug: str
    name_zh: str  # as the annex prints it
    name_en: str
    seat_class: SeatClass

    @property
    def short_zh(self) -> str:
        """The name without 市 / 地区, e.g. 拉萨."""
        for suffix in ("地区", "市"):
            if self.name_zh.endswith(suffix):
                return self.name_zh[: -len(suffix)]
        return self.name_zh

    def name(self, lang: str = "zh") -> str:
        """The name in a language: the annex name for ``"zh"``, the English name otherwise.

        Parameters
        ----------
        lang : str, default "zh"
            ``"zh"`` for Chinese; any other value gives English.

        Returns
        -------
        str
            ``name_zh`` or ``name_en``.
        """
        return self.name_zh if lang == "zh" else self.name_en


def _read() -> tuple[Prefecture, ...]:
    import csv

    from jnjp_analysis.config import DEFAULT_PLAN, PLANS_DIR

    with open(PLANS_DIR / DEFAULT_PLAN / "units.csv", encoding="utf-8", newline="") as fh:
        return tuple(Prefecture(r["slug"], r["name"], r["name_en"], r["class"])  # type: ignore[arg-type]
                     for r in csv.DictReader(fh))


PREFECTURES: tuple[Prefecture, ...] = _read()

SLUGS: tuple[str, ...] = tuple(p.slug for p in PREFECTURES)


def _valid_list() -> str:
    return ", ".join(f"{p.slug} ({p.name_zh}, {p.name_en})" for p in PREFECTURES)


def get(name_or_slug: str | Prefecture) -> Prefecture:
    """Look a prefecture up by slug (``lhasa``), annex name (``拉萨市``), short name (``拉萨``)
    or English name (``Lhasa``, case-insensitive).

    Parameters
    ----------
    name_or_slug : str or Prefecture
        The key (surrounding spaces ignored); a Prefecture is returned as it is.

    Returns
    -------
    Prefecture
        The prefecture.

    Raises
    ------
    UnknownPrefectureError
        If it is not a string or names none of the units (a JnjpError and KeyError; the message lists the valid
        names).
    """
    if isinstance(name_or_slug, Prefecture):
        return name_or_slug
    if not isinstance(name_or_slug, str):
        raise UnknownPrefectureError(
            f"prefecture must be a string, got {type(name_or_slug).__name__}; valid: {_valid_list()}"
        )
    key = name_or_slug.strip()
    for p in PREFECTURES:
        if key in (p.slug, p.name_zh, p.short_zh) or key.lower() == p.name_en.lower():
            return p
    raise UnknownPrefectureError(f"unknown prefecture {name_or_slug!r}; valid: {_valid_list()}")


def all_prefectures() -> tuple[Prefecture, ...]:
    """The default plan's units in the order of its table.

    Returns
    -------
    tuple of Prefecture
        For Tibet's 13th plan: 拉萨, 日喀则, 昌都, 林芝, 山南, 那曲, 阿里.
    """
    return PREFECTURES
