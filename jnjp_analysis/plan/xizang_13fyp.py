"""The plan's raw text and the two annex tables parsed from it.

The raw file in ``data/plans/xizang-13fyp/`` is the published text byte for byte; its SHA-256 is recorded in
``data/plans/xizang-13fyp/datapackage.json`` and checked every time the text is read (:mod:`jnjp_analysis.readers`). Nothing here is retyped: the annex tables are read from the text, so a
number in a table can always be traced to a line of the source.

The source layout breaks two rows of annex 1: the name column wraps, so that the line for 那曲地区
reads ``区  那曲地 9  20  17`` (the trailing 区 of the previous cell lands first). The row parser
therefore matches a row's text fragments, in any order, against the annex names.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jnjp_analysis.config import PACKAGE_ROOT, PLAN_FILE, PROCESSED_DIR, RAW_DIR  # noqa: F401 (re-exported)
from jnjp_analysis.errors import SourceParseError
from jnjp_analysis.plan import text as readers

if TYPE_CHECKING:  # the tables import pandas; reading the plan (every build) does not need it
    import pandas as pd

POLLUTANTS: dict[str, dict[str, str]] = {
    # slug: Chinese header as printed in annex 2, English name
    "cod": {"zh": "化学需氧量", "en": "COD"},
    "nh3n": {"zh": "氨氮", "en": "Ammonia nitrogen (NH3-N)"},
    "so2": {"zh": "二氧化硫", "en": "SO2"},
    "nox": {"zh": "氮氧化物", "en": "NOx"},
}


@dataclass(frozen=True)
class Line:
    """One line of the raw plan text, with its line number.

    Attributes
    ----------
    number : int
        The 1-based line number in the raw file.
    text : str
        The line's text, without its line end.
    """

    number: int  # 1-based line number in the raw file
    text: str


def sha256(path: Path | str = PLAN_FILE) -> str:
    """The SHA-256 of a file's bytes (default: the shipped plan text).

    Parameters
    ----------
    path : path-like, default PLAN_FILE
        The file to hash.

    Returns
    -------
    str
        The digest as 64 lower-case hex digits.
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def recorded_sha256() -> str:
    """The plan text's SHA-256 as data/plans/xizang-13fyp/datapackage.json records it (the one place it lives).

    Returns
    -------
    str
        The digest as 64 hex digits.

    Raises
    ------
    JnjpError
        If datapackage.json has no ``plan`` resource or its hash is not ``sha256:<64 hex>``.
    """
    return readers.recorded_sha256("plan")


def raw_text(path: Path | str | None = None) -> str:
    """The plan's text as published (UTF-8), verified against its recorded hash when it is the
    shipped file (readers.SourceHashError otherwise).

    Parameters
    ----------
    path : path-like, optional
        The text file (default: the shipped plan text in ``data/plans/xizang-13fyp/``).

    Returns
    -------
    str
        The whole text.

    Raises
    ------
    readers.SourceHashError
        If the shipped file does not match its recorded SHA-256 (unless ``JNJP_ALLOW_MODIFIED_SOURCE=1``).
    JnjpError
        If the file is missing, not a regular file or not UTF-8.
    """
    return readers.plan_text(path)


_NUM = re.compile(r"^\d+(?:\.\d+)?$")


def _annex_lines(text: str, annex: int, path: str) -> list[Line]:
    """Lines of annex ``annex`` (1 or 2): from its heading (``附件 1…``, not the list ``附件 :1.``)
    to the next annex heading or the printing note at the end."""
    lines = text.splitlines()
    start = None
    for i, line in enumerate(lines):
        if re.match(rf"^附件\s*{annex}\s*\S", line):
            start = i
            break
    if start is None:
        raise SourceParseError(f"{path}: annex {annex}: heading '附件 {annex}' not found")
    out: list[Line] = []
    for j in range(start, len(lines)):
        line = lines[j]
        if j > start and (re.match(r"^附件\s*\d", line) or "印发" in line):
            break
        out.append(Line(j + 1, line))
    return out


def _default_units() -> tuple:
    """The default plan's units as its ``units.csv`` lists them: the names the annex rows are matched against."""
    import csv

    from jnjp_analysis.config import DEFAULT_PLAN, PLANS_DIR
    from jnjp_analysis.plan.definition import Unit

    with open(PLANS_DIR / DEFAULT_PLAN / "units.csv", encoding="utf-8", newline="") as fh:
        return tuple(Unit(r["slug"], r["name"], r["name_en"], r["class"]) for r in csv.DictReader(fh))


def _match_name(fragments: list[str], units: tuple):
    """The unit whose annex name equals the fragments joined in some order."""
    if not fragments or len(fragments) > 4:
        return None
    for perm in itertools.permutations(fragments):
        joined = "".join(perm)
        for p in units:
            if joined == p.name_zh:
                return p
    return None


def _parse_rows(
    lines: list[Line], annex: int, n_values: int, path: str, units: tuple
) -> dict[str, tuple[Line, list[float]]]:
    """Rows of a table: each non-blank line whose text fragments name a prefecture."""
    rows: dict[str, tuple[Line, list[float]]] = {}
    for line in lines:
        tokens = line.text.split()
        if not tokens:
            continue
        # a token with a digit is a value cell (readable or not); the rest are name fragments
        words = [t for t in tokens if not any(ch.isdigit() for ch in t)]
        numbers = [t for t in tokens if any(ch.isdigit() for ch in t)]
        pref = _match_name(words, units)
        if pref is None:
            # A line that mixes a prefecture's characters with numbers but matches no name is a
            # broken row, not a heading: refuse it rather than drop a prefecture silently.
            short = len(words) <= 3 and len("".join(words)) <= 6
            if numbers and short and any(ch in p.name_zh for p in units for ch in "".join(words)):
                raise SourceParseError(
                    f"{path}: annex {annex}, line {line.number}: cannot tell which prefecture "
                    f"{line.text.strip()!r} is"
                )
            continue
        if len(numbers) != n_values or not all(_NUM.match(t) for t in numbers):
            raise SourceParseError(
                f"{path}: annex {annex}, line {line.number} ({pref.name_zh}): expected {n_values} "
                f"readable numbers, found {numbers} in {line.text.strip()!r}"
            )
        if pref.slug in rows:
            raise SourceParseError(
                f"{path}: annex {annex}, line {line.number}: {pref.name_zh} appears twice "
                f"(also line {rows[pref.slug][0].number})"
            )
        rows[pref.slug] = (line, [float(t) for t in numbers])
    missing = [p.name_zh for p in units if p.slug not in rows]
    if missing:
        first = lines[0].number if lines else 0
        last = lines[-1].number if lines else 0
        raise SourceParseError(
            f"{path}: annex {annex} (lines {first}-{last}): no readable row for {', '.join(missing)}"
        )
    return rows


def energy_targets(path: Path | str | None = None) -> pd.DataFrame:
    """Annex 1, "十三五" 各地(市)能耗总量和强度"双控"目标: one row per prefecture.

    Columns: ``unit`` (slug), ``name_zh``, ``intensity_cut_pct`` (% cut of energy per unit of
    GDP, 2020 vs 2015), ``intensity_cut`` (the same as a fraction), ``energy_2015_10k_tce`` (2015
    consumption, 10^4 tce, equivalent-value method 等价值), ``increment_10k_tce`` (allowed increase
    2015-2020), ``cap_2020_10k_tce`` (= 2015 + increment), ``source_line`` (line in the raw file).

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        Seven rows in annex order with the columns above; ``attrs['units']`` names the units.

    Raises
    ------
    SourceParseError
        If annex 1, its header (with the units % and 万吨标准煤) or a readable row for each prefecture is not
        found, naming the line.
    readers.SourceHashError
        If the shipped text does not match its recorded SHA-256.
    """
    import pandas as pd

    p = str(path or PLAN_FILE)
    lines = _annex_lines(raw_text(p), 1, p)
    header = next((l for l in lines if l.text.strip().startswith("地(市)")), None)
    if header is None:
        raise SourceParseError(f"{p}: annex 1: column header line '地(市) …' not found")
    if "万吨标准煤" not in header.text or "%" not in header.text:
        raise SourceParseError(
            f"{p}: annex 1, line {header.number}: header no longer states the units (%, 万吨标准煤)"
        )
    units = _default_units()
    rows = _parse_rows([l for l in lines if l.number > header.number], 1, 3, p, units)
    records = []
    for pref in units:
        line, (cut, e2015, inc) = rows[pref.slug]
        records.append(
            {
                "unit": pref.slug,
                "name_zh": pref.name_zh,
                "intensity_cut_pct": cut,
                "intensity_cut": round(cut / 100.0, 12),
                "energy_2015_10k_tce": e2015,
                "increment_10k_tce": inc,
                "cap_2020_10k_tce": e2015 + inc,
                "source_line": line.number,
            }
        )
    df = pd.DataFrame.from_records(records)
    df["source_line"] = df["source_line"].astype("int64")
    df.attrs["units"] = {
        "intensity_cut_pct": "% (2020 vs 2015)",
        "energy_2015_10k_tce": "10^4 tce (万吨标准煤, 等价值)",
        "increment_10k_tce": "10^4 tce (万吨标准煤, 等价值)",
        "cap_2020_10k_tce": "10^4 tce (万吨标准煤, 等价值)",
    }
    return df


def pollutant_caps(path: Path | str | None = None) -> pd.DataFrame:
    """Annex 2, "十三五" 各地(市)污染物排放总量控制计划: one row per prefecture × pollutant.

    Columns: ``unit`` (slug), ``name_zh``, ``pollutant`` (``cod``, ``nh3n``, ``so2``, ``nox``),
    ``pollutant_zh``, ``cap_2020_10k_t`` (10^4 t, 万吨), ``source_line``.
    The column order is read from the annex's header line, not assumed.

    Parameters
    ----------
    path : path-like, optional
        The plan's raw text (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        28 rows (7 prefectures × 4 pollutants) with the columns above; ``attrs['units']`` names the unit.

    Raises
    ------
    SourceParseError
        If annex 2, its unit line (万吨), its pollutant header or a readable row for each prefecture is not
        found, naming the line.
    readers.SourceHashError
        If the shipped text does not match its recorded SHA-256.
    """
    import pandas as pd

    p = str(path or PLAN_FILE)
    lines = _annex_lines(raw_text(p), 2, p)
    unit_line = next((l for l in lines if l.text.strip().startswith("单位")), None)
    if unit_line is None or "万吨" not in unit_line.text:
        raise SourceParseError(f"{p}: annex 2: unit line '单位 :万吨' not found")
    header_line = next((l for l in lines if "化学需氧量" in l.text), None)
    if header_line is None:
        raise SourceParseError(f"{p}: annex 2: header line with the pollutant names not found")
    by_zh = {v["zh"]: k for k, v in POLLUTANTS.items()}
    order = [by_zh.get(tok) for tok in header_line.text.split()]
    if None in order or sorted(order) != sorted(POLLUTANTS):  # type: ignore[type-var]
        raise SourceParseError(
            f"{p}: annex 2, line {header_line.number}: unexpected pollutant header "
            f"{header_line.text.strip()!r}"
        )
    body = [l for l in lines if l.number > header_line.number]
    units = _default_units()
    rows = _parse_rows(body, 2, len(order), p, units)
    records = []
    for pref in units:
        line, values = rows[pref.slug]
        for pol, value in zip(order, values):
            assert pol is not None
            records.append(
                {
                    "unit": pref.slug,
                    "name_zh": pref.name_zh,
                    "pollutant": pol,
                    "pollutant_zh": POLLUTANTS[pol]["zh"],
                    "cap_2020_10k_t": value,
                    "source_line": line.number,
                }
            )
    df = pd.DataFrame.from_records(records)
    df["source_line"] = df["source_line"].astype("int64")
    df.attrs["units"] = {"cap_2020_10k_t": "10^4 t (万吨)"}
    return df


def read(text: str, path: str, units: tuple, pollutants: list, base_year: int, target_year: int) -> tuple[tuple, tuple]:
    """The reader this plan's descriptor names (``jnjp:plan.reader = "xizang_13fyp"``): annex 1 and 2
    parsed from the text, for the units and pollutants of the plan package.

    Parameters
    ----------
    text : str
        The plan's text (verified by the loader).
    path : str
        Where it was read from, for messages.
    units : tuple of Unit
        The plan's units (their names as printed are what the rows are matched against).
    pollutants : list of Pollutant
        The plan's pollutants (their names as printed are the annex-2 header).
    base_year, target_year : int
        The plan's period.

    Returns
    -------
    energy : tuple of UnitTargets
        Annex 1, in the units' order.
    caps : tuple of (unit, pollutant, cap 10^4 t, line)
        Annex 2, unit × pollutant in the units' and the header's order.

    Raises
    ------
    SourceParseError
        If an annex, its header or units line, or a readable row for a unit is not found, naming the line.
    """
    from jnjp_analysis.plan.definition import UnitTargets

    lines = _annex_lines(text, 1, path)
    header = next((l for l in lines if l.text.strip().startswith("地(市)")), None)
    if header is None:
        raise SourceParseError(f"{path}: annex 1: column header line '地(市) …' not found")
    if "万吨标准煤" not in header.text or "%" not in header.text:
        raise SourceParseError(f"{path}: annex 1, line {header.number}: header no longer states the units (%, 万吨标准煤)")
    rows = _parse_rows([l for l in lines if l.number > header.number], 1, 3, path, units)
    energy = tuple(UnitTargets(u.slug, round(rows[u.slug][1][0] / 100.0, 12), rows[u.slug][1][1], rows[u.slug][1][2],
                               base_year, target_year, rows[u.slug][0].number) for u in units)
    lines = _annex_lines(text, 2, path)
    unit_line = next((l for l in lines if l.text.strip().startswith("单位")), None)
    if unit_line is None or "万吨" not in unit_line.text:
        raise SourceParseError(f"{path}: annex 2: unit line '单位 :万吨' not found")
    first = pollutants[0].name if pollutants else "化学需氧量"
    header_line = next((l for l in lines if first in l.text), None)
    if header_line is None:
        raise SourceParseError(f"{path}: annex 2: header line with the pollutant names not found")
    by_name = {p.name: p.slug for p in pollutants}
    order = [by_name.get(tok) for tok in header_line.text.split()]
    if None in order or sorted(order) != sorted(by_name.values()):  # type: ignore[type-var]
        raise SourceParseError(f"{path}: annex 2, line {header_line.number}: unexpected pollutant header "
                               f"{header_line.text.strip()!r}")
    rows = _parse_rows([l for l in lines if l.number > header_line.number], 2, len(order), path, units)
    caps = tuple((u.slug, pol, value, rows[u.slug][0].number) for u in units
                 for pol, value in zip(order, rows[u.slug][1]))
    return energy, caps
