"""Every file the package reads comes in here: the plan text, scenario files and records.

* **Encodings.** Text files must be UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"
  writes one). Anything else is refused with the file name and "save it as UTF-8"; we do not guess
  GBK (Chinese Windows Excel's plain "CSV"), because a guess that decodes is not a guess that is
  right: almost any byte string decodes as GB18030.
* **The plan text is verified when it is read.** Its SHA-256 is recorded in one place, the
  Frictionless descriptor ``data/raw/datapackage.json``; a changed text is refused, naming the file
  and both hashes, unless ``JNJP_ALLOW_MODIFIED_SOURCE=1`` is set (the CLI's
  ``--allow-modified-source``), which says the text was replaced on purpose. A text at another path,
  passed explicitly, is the caller's choice and is read as given.
* **Scenario files** are checked cell by cell with :mod:`jnjp_analysis.checks`; an error names the
  file, row (1 = header), column and value. **Records** of observed statistics (CSV or Excel) are
  validated against their Table Schema by :mod:`jnjp_analysis.records`, which reads CSV through
  :func:`csv_rows` here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from functools import lru_cache
from pathlib import Path

from . import PLAN_YEARS, checks, files, prefectures
from .checks import JnjpError
from .config import PLAN_FILE, RAW_DIR, SCENARIO_FILE

DATAPACKAGE = RAW_DIR / "datapackage.json"
ALLOW_MODIFIED_ENV = "JNJP_ALLOW_MODIFIED_SOURCE"


class SourceHashError(JnjpError):
    """The plan text is not the one recorded in data/raw/datapackage.json."""


# ------------------------------------------------------------------------------------- encodings
def decode(data: bytes, path: Path | str, what: str = "file") -> str:
    """UTF-8 text (a leading BOM dropped); otherwise a JnjpError naming the file.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : Path or str
        The file they were read from, for the message.
    what : str
        What it is, for the message ("scenario file", "plan text").

    Returns
    -------
    str
        The decoded text, without a byte-order mark.

    Raises
    ------
    JnjpError
        If ``data`` is not UTF-8, naming the first bad byte and its offset, with how to save as UTF-8.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JnjpError(
            f"{path}: the {what} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 "
            "(in Excel: 'CSV UTF-8 (comma delimited)'; Excel's plain 'CSV' on Chinese Windows is GBK)") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: Path | str, what: str = "file") -> str:
    """A UTF-8 text file; a folder, FIFO, link loop or a file over the size limit is refused
    (:func:`files.regular_file`).

    Parameters
    ----------
    path : Path or str
        The file a user named.
    what : str
        What it is, for the message.

    Returns
    -------
    str
        The file's text, without a byte-order mark.

    Raises
    ------
    JnjpError
        If it is not a readable regular file within the size limit, or is not UTF-8.
    """
    return decode(files.read_bytes(path, what), path, what)


def csv_rows(path: Path | str, what: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(row number, {column: cell})]) of a UTF-8 CSV; row 1 is the header.

    Cells beyond the header are refused rather than dropped.

    Parameters
    ----------
    path : Path or str
        The CSV file.
    what : str
        What it is, for the message ("scenario file", "record").

    Returns
    -------
    header : list of str
        The column names, stripped.
    rows : list of tuple of (int, dict of str to str)
        Each non-blank row's number (the header is row 1) and its stripped cells by column; a short
        row is padded with ``""``.

    Raises
    ------
    JnjpError
        If the file cannot be read as UTF-8 text (:func:`read_text`), is empty, is not readable as CSV
        (naming the line), or a row has more cells than the header has columns.
    """
    text = read_text(path, what)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise JnjpError(f"{path}: the {what} is empty") from None
    except csv.Error as exc:
        raise JnjpError(f"{path}, row 1: not a readable CSV header ({exc})") from None
    rows = []
    it = enumerate(reader, start=2)
    while True:
        try:
            i, cells = next(it)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            hint = (f"a cell is longer than {csv.field_size_limit():,} characters" if "field larger" in str(exc)
                    else str(exc))
            raise JnjpError(f"{path}, line {line}: the {what} cannot be read as CSV: {hint}") from None
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise JnjpError(f"{path}, row {i}: {len(cells)} cells but the header has {len(header)} columns "
                            f"(extra: {_short(cells[len(header):])}); a comma inside a value needs quotes")
        rows.append((i, dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))))
    return header, rows


def _short(x: object, n: int = 200) -> str:
    r = repr(x)
    return r if len(r) <= n else r[:n] + f"… ({len(r):,} characters)"


# ------------------------------------------------------------------------------------ provenance
@lru_cache(maxsize=1)
def provenance() -> dict:
    """The Frictionless descriptor of data/raw/ (publisher, document number, dates, licence, hash).

    Returns
    -------
    dict
        The parsed ``data/raw/datapackage.json``, read once per process.

    Raises
    ------
    JnjpError
        If the descriptor cannot be read as UTF-8 text.
    """
    return json.loads(read_text(DATAPACKAGE, "provenance file"))


def recorded_sha256(name: str = "plan") -> str:
    """The SHA-256 that data/raw/datapackage.json records for one of its resources.

    Parameters
    ----------
    name : str
        The resource's ``name`` in the descriptor.

    Returns
    -------
    str
        The hex digest (64 characters), without the ``sha256:`` prefix.

    Raises
    ------
    JnjpError
        If no resource has that name, or its hash is not ``sha256:<64 hex>``.
    """
    for r in provenance()["resources"]:
        if r["name"] == name:
            algo, _, digest = r["hash"].partition(":")
            if algo != "sha256" or len(digest) != 64:
                raise JnjpError(f"{DATAPACKAGE}: resource {name!r} hash must be 'sha256:<64 hex>', got {r['hash']!r}")
            return digest
    raise JnjpError(f"{DATAPACKAGE}: no resource named {name!r}")


def allow_modified_source() -> bool:
    """``JNJP_ALLOW_MODIFIED_SOURCE``: ``1`` allows a changed plan text, ``0`` or unset does not.

    Any other value (``no``, ``false``, which would read as yes if only "0" meant no) is refused.

    Returns
    -------
    bool
        True if the variable is ``1``.

    Raises
    ------
    JnjpError
        If the variable is set to anything but ``""``, ``0`` or ``1``.
    """
    raw = os.environ.get(ALLOW_MODIFIED_ENV, "")
    if raw not in ("", "0", "1"):
        raise JnjpError(f"{ALLOW_MODIFIED_ENV}={raw[:40]!r}: give 1 (the plan text was replaced on purpose) or 0 "
                        "(check it against its recorded hash), or unset it")
    return raw == "1"


def verify_plan(path: Path | str, data: bytes) -> None:
    """Refuse the shipped plan text if its bytes are not the recorded ones (see the module doc).

    Parameters
    ----------
    path : Path or str
        Where the text was read from; a path other than the shipped plan file is not checked.
    data : bytes
        The text's bytes.

    Raises
    ------
    SourceHashError
        If ``path`` is the shipped plan file, its SHA-256 is not the recorded one, and
        ``JNJP_ALLOW_MODIFIED_SOURCE`` is not ``1``; naming both hashes.
    JnjpError
        If ``JNJP_ALLOW_MODIFIED_SOURCE`` has a bad value, or the recorded hash is missing or malformed.
    """
    p = Path(path)
    if p.resolve() != PLAN_FILE.resolve() or allow_modified_source():
        return
    actual = hashlib.sha256(data).hexdigest()
    recorded = recorded_sha256("plan")
    if actual != recorded:
        raise SourceHashError(
            f"{p}: SHA-256 is {actual}, but {DATAPACKAGE.name} records {recorded}: the plan text has changed. "
            f"Restore it (git checkout -- {p.name}); if you replaced it on purpose, update the hash in "
            f"data/raw/datapackage.json, or set {ALLOW_MODIFIED_ENV}=1 (CLI: --allow-modified-source)")


@lru_cache(maxsize=8)
def _plan_text(path: str, mtime_ns: int, size: int, allowed: bool) -> str:
    data = Path(path).read_bytes()
    verify_plan(path, data)
    return decode(data, path, "plan text")


def plan_text(path: Path | str | None = None) -> str:
    """The plan's text (verified when it is the shipped file); cached until the file changes.

    Parameters
    ----------
    path : Path or str or None
        A plan text to read; None for the shipped one.

    Returns
    -------
    str
        The plan's text.

    Raises
    ------
    JnjpError
        If the file is not a readable regular file, is not UTF-8, or (:class:`SourceHashError`) is the
        shipped file and has changed.
    """
    p = files.regular_file(path or PLAN_FILE, "plan text")
    st = p.stat()
    return _plan_text(str(p), st.st_mtime_ns, st.st_size, allow_modified_source())


# ------------------------------------------------------------------------------------- scenarios
SCENARIO_COLUMNS = ("scenario", "prefecture", "parameter", *(str(y) for y in PLAN_YEARS))


def scenario_rows(path: Path | str | None = None):
    """The rows of a scenario CSV, each cell checked: {name: {slug: {parameter: [5 values]}}},
    {name: {(slug, parameter): rationale}}, {(name, slug, parameter): row number}.

    ``implied`` (gdp_growth) and ``even`` (intensity_cut) are computed from the annex.

    Parameters
    ----------
    path : Path or str or None
        A scenario CSV; None for the shipped one (data/raw/scenarios.csv).

    Returns
    -------
    records : dict
        {scenario name: {prefecture slug: {parameter: [values for 2016-2020]}}}, values as fractions.
    rationale : dict
        {scenario name: {(slug, parameter): the row's rationale text}}.
    seen : dict
        {(scenario name, slug, parameter): row number}, row 1 being the header.

    Raises
    ------
    JnjpError
        Naming file, row and column: the file cannot be read as a UTF-8 CSV, the header lacks a column
        or has an unknown one, a bad scenario name, an unknown prefecture or parameter, a duplicate
        row, a missing or non-numeric value, ``implied``/``even`` for the wrong parameter, a value out
        of its parameter's bounds (:func:`checks.parameter`), or no rows at all.
    """
    from . import source, trajectory
    from .scenarios import PARAMETERS

    f = Path(path or SCENARIO_FILE)
    header, rows = csv_rows(f, "scenario file")
    missing = [c for c in SCENARIO_COLUMNS if c not in header]
    if missing:
        raise JnjpError(f"{f}: header (row 1) lacks columns {missing}; need {list(SCENARIO_COLUMNS)} and 'rationale'")
    unknown = [c for c in header if c not in (*SCENARIO_COLUMNS, "rationale")]
    if unknown:
        raise JnjpError(f"{f}: header (row 1) has unknown column(s) {unknown}; a scenario file has "
                        f"{list(SCENARIO_COLUMNS)} and 'rationale'")
    records: dict[str, dict[str, dict[str, list[float]]]] = {}
    rationale: dict[str, dict[tuple[str, str], str]] = {}
    seen: dict[tuple[str, str, str], int] = {}
    energy_rows = source.energy_targets().set_index("prefecture")
    for i, row in rows:
        name = row["scenario"]
        if not name or not name.replace("_", "").replace("-", "").isalnum():
            raise JnjpError(f"{f}, row {i}, column 'scenario': bad scenario name {name!r}")
        try:
            slug = prefectures.get(row["prefecture"]).slug
        except prefectures.UnknownPrefectureError as exc:
            raise JnjpError(f"{f}, row {i}, column 'prefecture': {exc}") from None
        param = row["parameter"]
        if param not in PARAMETERS:
            raise JnjpError(f"{f}, row {i}, column 'parameter': unknown parameter {param!r}; "
                            f"valid: {', '.join(PARAMETERS)}")
        key = (name, slug, param)
        if key in seen:
            raise JnjpError(f"{f}, row {i}: duplicate of row {seen[key]} ({name}, {slug}, {param})")
        seen[key] = i
        values = []
        for col in SCENARIO_COLUMNS[3:]:
            cell = row[col]
            where = f"{f}, row {i}, column {col!r}"
            if cell == "":
                raise JnjpError(f"{where}: missing value for year {col}")
            if cell == "implied":
                if param != "gdp_growth":
                    raise JnjpError(f"{where}: 'implied' applies to gdp_growth only")
                v = trajectory.implied_gdp_growth(slug)
            elif cell == "even":
                if param != "intensity_cut":
                    raise JnjpError(f"{where}: 'even' applies to intensity_cut only")
                v = trajectory.even_annual_cut(float(energy_rows.loc[slug, "intensity_cut"]))
            else:
                try:
                    v = float(cell)
                except ValueError:
                    raise JnjpError(f"{where}: {cell!r} is not a number") from None
            values.append(checks.parameter(param, v, f"{where}: {param}"))
        records.setdefault(name, {}).setdefault(slug, {})[param] = values
        rationale.setdefault(name, {})[(slug, param)] = row.get("rationale", "")
    if not records:
        raise JnjpError(f"{f}: no scenario rows")
    return records, rationale, seen
