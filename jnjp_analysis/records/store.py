"""The accepted record, loaded once (:func:`load`): validated by
:func:`jnjp_analysis.records.validate.check`, kept in memory per file state and in a private
on-disk cache that the kernels of a build read instead of validating again.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.records.record import Finding, Record, RecordError
from jnjp_analysis.records.schema import PlanLike, find_shipped_record, get_plan, shipped_record
from jnjp_analysis.records.validate import check


# Validation imports frictionless, whose descriptor checks import jsonschema (≈ 2 s the first time in a
# process). A build validates the record once, in its preflight; the kernels that render the pages
# then read the accepted record from this cache instead of validating it again. JSON, not pickle;
# keyed by the bytes of the file, the shipped record and the schema, the plan's package (its text,
# units and targets: the plausibility and consistency rules read them), the package's own code (a new
# rule is never served stale) and the options; in the user's private cache folder (files.py: mode
# 0700, refused if anyone else could write there); an entry is used only if it names its own key
# and its body matches the hash it carries; anything else is ignored and rewritten.
def _cache_key(path: str, with_shipped: bool, plan: PlanLike) -> str:
    import hashlib

    from jnjp_analysis.files import package_source_sha

    pl = get_plan(plan)
    h = hashlib.sha256()
    plan_files = sorted(f for f in pl.folder.iterdir() if f.is_file())
    records_files = sorted(f for f in pl.records_dir.iterdir() if f.is_file())  # the shipped record, schema, descriptor
    for f in (Path(path), *records_files, *plan_files):
        h.update(f.name.encode() + hashlib.sha256(f.read_bytes()).digest())
    h.update(f"{package_source_sha()}|{with_shipped}|{path}|{pl.id}|{pl.folder}".encode())
    return h.hexdigest()


def _cache_file(key: str) -> Path | None:
    from jnjp_analysis.files import private_cache_dir

    d = private_cache_dir("records")
    return None if d is None else d / f"{key[:40]}.json"


def _cache_read(f: Path, key: str, plan: PlanLike) -> Record | None:
    import hashlib

    try:
        c = json.loads(f.read_text(encoding="utf-8"))
        body = c["body"]
        if c["key"] != key or hashlib.sha256(body.encode("utf-8")).hexdigest() != c["body_sha256"]:
            return None
        b = json.loads(body)
        d = pd.DataFrame(b["data"], columns=b["columns"])
        d = d.astype({"year": "int64", "row": "int64", "value": "float64"})
        ws = [Finding(**{**w, "args": tuple(tuple(a) for a in w["args"])}) for w in b["warnings"]]
        return Record(d, ws, b["path"], b["shipped"], b["added_from_shipped"], plan=get_plan(plan))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_write(f: Path, key: str, rec: Record) -> None:
    import hashlib

    from jnjp_analysis.files import atomic_write

    body = json.dumps({"columns": list(rec.data.columns), "data": rec.data.to_numpy().tolist(),
                       "warnings": [w.as_dict() for w in rec.warnings], "path": rec.path,
                       "shipped": rec.shipped, "added_from_shipped": rec.added_from_shipped},
                      ensure_ascii=False, default=str)
    entry = {"key": key, "body_sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(), "body": body}
    try:
        atomic_write(f, json.dumps(entry, ensure_ascii=False), mode=0o600)
    except OSError:
        pass  # a cache that cannot be written costs time, never a result


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, with_shipped: bool, shipped_stamp: tuple[int, int],
          plan: Plan) -> Record:
    pl = get_plan(plan)
    key = _cache_key(path, with_shipped, pl)
    f = _cache_file(key)
    rec = _cache_read(f, key, pl) if f is not None and f.is_file() else None
    if rec is not None:
        return rec
    res = check(path, with_shipped=with_shipped, plan=pl)
    if res.record is None:
        raise RecordError(res.path, res.findings)
    if f is not None:
        _cache_write(f, key, res.record)
    return res.record


def load(path: Path | str | None = None, *, with_shipped: bool = False, plan: PlanLike) -> Record:
    """The validated record (default: the plan's shipped record, Tibet's
    ``data/plans/xizang-13fyp/records/region_gdp.csv``); a :class:`RecordError` listing every error if
    it is refused. ``with_shipped``: see :func:`check` (what the pages use). Cached until a file changes.

    Parameters
    ----------
    path : Path or str or None
        A record file (CSV, ``.xlsx``/``.xlsm``/``.ods``); None for the plan's shipped record.
    with_shipped : bool
        Add the shipped record's values that the file does not have (see :func:`check`).
    plan : Plan, str or path-like
        The plan the record is checked against (see :func:`get_plan`; required). The
        record remembers it (:attr:`Record.plan`).

    Returns
    -------
    Record
        The validated record, with the warnings it was accepted with.

    Raises
    ------
    RecordError
        If the record has errors (``findings`` lists them all).
    JnjpError
        For a file that cannot be read (not found, not a regular file, beyond the limits).
    PlanError
        For a plan whose record format is missing or disagrees with it (:func:`schema`).
    """
    from jnjp_analysis.files import regular_file

    pl = get_plan(plan)
    shipped = find_shipped_record(pl)
    p = regular_file(path if path is not None else shipped_record(pl), "record")
    st = p.stat()
    stamp = (shipped.stat().st_mtime_ns, shipped.stat().st_size) if shipped is not None and shipped.is_file() else (0, 0)
    return _load(str(p), st.st_mtime_ns, st.st_size, with_shipped, stamp, pl)
