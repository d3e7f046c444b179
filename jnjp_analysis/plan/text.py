"""A plan's text and its provenance (the encodings and CSV reading are :mod:`jnjp_analysis.files`).

* **The plan text is verified when it is read.** Its SHA-256 is recorded in one place, the
  Frictionless descriptor ``data/plans/xizang-13fyp/datapackage.json``; a changed text is refused, naming the file
  and both hashes, unless ``JNJP_ALLOW_MODIFIED_SOURCE=1`` is set (the CLI's
  ``--allow-modified-source``), which says the text was replaced on purpose. A text at another path,
  passed explicitly, is the caller's choice and is read as given.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from jnjp_analysis import files
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import PLAN_FILE, RAW_DIR
from jnjp_analysis.errors import SourceHashError

DATAPACKAGE = RAW_DIR / "datapackage.json"
ALLOW_MODIFIED_ENV = "JNJP_ALLOW_MODIFIED_SOURCE"


# ------------------------------------------------------------------------------------ provenance
@lru_cache(maxsize=1)
def provenance() -> dict:
    """The default plan's Frictionless descriptor (publisher, document number, dates, licence, hash).

    Returns
    -------
    dict
        The parsed ``data/plans/xizang-13fyp/datapackage.json``, read once per process.

    Raises
    ------
    JnjpError
        If the descriptor cannot be read as UTF-8 text.
    """
    return json.loads(files.read_text(DATAPACKAGE, "provenance file"))


def _hash_of(desc: dict, name: str, where: Path) -> str:
    for r in desc.get("resources", []):
        if r.get("name") == name:
            algo, _, digest = str(r.get("hash", "")).partition(":")
            if algo != "sha256" or len(digest) != 64:
                raise JnjpError(f"{where}: resource {name!r} hash must be 'sha256:<64 hex>', got {r.get('hash')!r}")
            return digest
    raise JnjpError(f"{where}: no resource named {name!r}")


def recorded_sha256(name: str = "plan") -> str:
    """The SHA-256 that the default plan's datapackage.json records for one of its resources.

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
    return _hash_of(provenance(), name, DATAPACKAGE)


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


def _descriptor_for(p: Path) -> tuple[Path, dict] | None:
    """The plan package descriptor beside a text whose ``plan`` resource names it, else None."""
    dp = p.parent / "datapackage.json"
    if not dp.is_file():
        return None
    desc = json.loads(files.read_text(dp, "plan descriptor"))
    for r in desc.get("resources", []):
        if r.get("name") == "plan" and r.get("path") == p.name:
            return dp, desc
    return None


def verify_plan(path: Path | str, data: bytes) -> None:
    """Refuse a plan package's text if its bytes are not the ones its descriptor records.

    Parameters
    ----------
    path : Path or str
        Where the text was read from; a text that is not the ``plan`` resource of a
        ``datapackage.json`` beside it is the caller's choice and is not checked.
    data : bytes
        The text's bytes.

    Raises
    ------
    SourceHashError
        If its SHA-256 is not the recorded one and ``JNJP_ALLOW_MODIFIED_SOURCE`` is not ``1``,
        naming both hashes.
    JnjpError
        If ``JNJP_ALLOW_MODIFIED_SOURCE`` has a bad value, or the recorded hash is missing or malformed.
    """
    p = Path(path).resolve()
    found = _descriptor_for(p)
    if found is None or allow_modified_source():
        return
    dp, desc = found
    recorded = _hash_of(desc, "plan", dp)
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        raise SourceHashError(
            f"{p}: SHA-256 is {actual}, but {dp.name} records {recorded}: the plan text has changed. "
            f"Restore it (git checkout -- {p.name}); if you replaced it on purpose, update the hash in "
            f"{dp}, or set {ALLOW_MODIFIED_ENV}=1 (CLI: --allow-modified-source)")


@lru_cache(maxsize=8)
def _plan_text(path: str, mtime_ns: int, size: int, allowed: bool, desc_stamp: tuple) -> str:
    data = Path(path).read_bytes()
    verify_plan(path, data)
    return files.decode(data, path, "plan text")


def plan_text(path: Path | str | None = None, descriptor: object = None) -> str:
    """A plan's text (verified when it is a plan package's text); cached until the file changes.

    Parameters
    ----------
    path : Path or str or None
        A plan text to read; None for the default plan's.
    descriptor : object, optional
        Unused (the descriptor beside the text is read); kept for the loader's call.

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
    dp = p.parent / "datapackage.json"
    ds = dp.stat() if dp.is_file() else None
    desc_stamp = (ds.st_mtime_ns, ds.st_size) if ds else ()
    return _plan_text(str(p), st.st_mtime_ns, st.st_size, allow_modified_source(), desc_stamp)
