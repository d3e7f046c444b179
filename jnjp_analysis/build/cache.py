"""The build cache: a report is rebuilt only when something it depends on changed.

A report's key is the SHA-256 of its *inputs*, each hashed on its own so that the cache can say
which one changed (``jnjp build --explain``):

``template``     the notebook template's bytes;
``package``      every ``*.py`` file of this package and its nbconvert template (path and bytes): the
                 code that computes, draws and exports everything;
``font``         the files the font base subset is cut from (labels, the shipped plans' descriptors and
                 unit tables, the shipped record): a page's font comes from that base or from the full
                 font, in different bytes (:func:`jnjp_analysis.pages.webfont.base_sha`);
``plan``         every file of the plan package (text, descriptor, tables) but its scenarios and records;
``scenarios``    for a unit briefing, the scenario file's header, the scenario names in file
                 order and the rows of *that unit* only (a briefing reads no other rows); for
                 the overview, the whole file;
``record``       what the pages' record is made of: the user's record file (if any), the shipped
                 record that is merged into it, the record schema and the records' provenance;
``parameters``   the notebook parameters, file paths left out (their contents are hashed above);
``environment``  the Python version and every installed distribution with its version (what the
                 lock pins, as actually installed).

An entry (``<out>/.jnjp-cache/<report>.json``) holds the key, the input hashes and the SHA-256 of
each output file. It is written after the outputs, atomically. A report is served from the cache
only if its entry parses, its key matches, and every output file exists with the recorded hash;
anything else — a missing, corrupt or partial entry, an output edited or deleted — rebuilds it.

What we took from jupyter-cache (Jupyter Book) and Quarto's ``freeze``: key executed outputs by a
hash of their sources and keep a record per notebook; and what we added, because both key only on
a notebook's code cells (jupyter-cache) or its source file (Quarto): the data files, the package
source and the environment, which decide our pages as much as the notebook does, and verification
of the stored outputs before serving them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jnjp_analysis.config import file_mode
from jnjp_analysis.errors import UnknownUnitError
from jnjp_analysis.files import atomic_write, file_sha, package_source_sha
from jnjp_analysis.i18n import show_keys
from jnjp_analysis.plan.definition import Plan
from jnjp_analysis.plan.load import load

CACHE_DIRNAME = ".jnjp-cache"
_FILE_PARAMETERS = ("scenario_file", "record_path")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_sha() -> str:
    """SHA-256 of the package's code and templates (:func:`files.package_source_sha`).

    Returns
    -------
    str
        The hex digest (64 characters).
    """
    return package_source_sha()


@lru_cache(maxsize=1)
def environment_sha() -> str:
    """SHA-256 of the Python version and every installed distribution with its version.

    Returns
    -------
    str
        The hex digest (64 characters), computed once per process.
    """
    import os
    import re

    # the installed distributions as their metadata folders name them (``<name>-<version>.dist-info``):
    # reading 360 METADATA files through importlib.metadata took 0.4 s of every build, most of a
    # rebuild with nothing to do; the folder names carry the same name and version. A name without
    # a version (``<name>.egg-info`` of ``setup.py develop``) is read from its PKG-INFO, and an
    # ``.egg`` on the path is named by its file name (``<name>-<version>-py3.11.egg``).
    named = re.compile(r"^(.+?)-([^-]+)\.(?:dist|egg)-info$", re.I)
    bare = re.compile(r"^(.+)\.egg-info$", re.I)
    egg = re.compile(r"^(.+?)-([^-]+?)(?:-py\d[^-]*)?\.egg$", re.I)
    dists = set()

    def add(name: str, version: str) -> None:
        dists.add(f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}")

    for entry in sys.path:
        m = egg.match(os.path.basename(entry.rstrip("/"))) if entry else None
        if m:
            add(m.group(1), m.group(2))
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for n in names:
            m = named.match(n)
            if m:
                add(m.group(1), m.group(2))
            elif (b := bare.match(n)) is not None:
                info = os.path.join(entry or ".", n)
                info = os.path.join(info, "PKG-INFO") if os.path.isdir(info) else info
                try:
                    with open(info, encoding="utf-8", errors="replace") as fh:
                        version = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("Version:")), "?")
                except OSError:
                    version = "?"
                add(b.group(1), version)
    return _sha("\n".join([sys.version, *sorted(dists)]).encode())


def plan_package_sha(plan: Plan) -> str:
    """Hash of a plan package as the pages read it: every file of its folder but the scenarios and
    the records (hashed as inputs of their own), by name and content.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        The hex digest (64 characters).
    """
    parts = [f"{f.name}:{file_sha(f)}" for f in sorted(plan.folder.iterdir())
             if f.is_file() and f.name != plan.scenario_file.name]
    return _sha("\n".join(parts).encode())


def records_sha(plan: Plan) -> str:
    """Hash of a plan's shipped records folder (record, schema, provenance), by name and content.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        The hex digest (64 characters); that of nothing for a plan without records.
    """
    d = plan.records_dir
    parts = [f"{f.relative_to(d)}:{file_sha(f)}" for f in sorted(d.rglob("*")) if f.is_file()] if d.is_dir() else []
    return _sha("\n".join(parts).encode())


def scenario_rows_sha(path: Path | str, unit: str | None, plan: Plan | None = None) -> str:
    """Hash of what a report reads from the scenario file.

    Everything for the overview (``unit=None``), else header + scenario names in order + that
    unit's rows. A row whose unit cannot be read is kept, so the key changes with it.

    Parameters
    ----------
    path : Path or str
        The scenario file.
    unit : str or None
        The briefing's unit (any name :meth:`Plan.unit` takes); None for the overview.
    plan : Plan or None, optional
        The plan whose units the rows name; None for the default.

    Returns
    -------
    str
        The hex digest (64 characters).

    Raises
    ------
    UnknownUnitError
        If ``unit`` is not a unit of the plan.
    """
    if not Path(path).exists() and not load(plan).has_energy_intensity:
        return _sha(b"")  # a carbon-led plan has no scenario file: nothing of it enters the page
    data = Path(path).read_bytes()
    if unit is None:
        return _sha(data)
    plan = load(plan)
    unit = plan.unit(unit).slug
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return _sha(data)
    header, body = rows[0], rows[1:]
    col = header.index("unit") if "unit" in header else None
    names = list(dict.fromkeys(r[0] for r in body if r))
    mine = []
    for r in body:
        if col is None or col >= len(r):
            mine.append(r)  # unreadable row: keep it, so the key changes with it
            continue
        try:
            slug = plan.unit(r[col]).slug
        except UnknownUnitError:
            mine.append(r)
            continue
        if slug == unit:
            mine.append(r)
    return _sha(json.dumps([header, names, mine], ensure_ascii=False).encode())


@lru_cache(maxsize=1)
def font_base_sha() -> str:
    """:func:`jnjp_analysis.pages.webfont.base_sha`, once per process (the files a page's font base is
    cut from: a shipped plan's descriptor or record is data, outside the package's source hash)."""
    from jnjp_analysis.pages import webfont

    return webfont.base_sha()


def inputs(template: str, parameters: dict, unit: str | None) -> dict[str, str]:
    """The input hashes of one report (see the module doc).

    Parameters
    ----------
    template : str
        The notebook template's path.
    parameters : dict
        The notebook parameters; ``scenario_file`` and ``record_path`` are hashed by content, ``plan``
        (None for the default) names the plan whose package is hashed.
    unit : str or None
        The briefing's unit; None for the overview.

    Returns
    -------
    dict of str to str
        {input name: hex digest} for ``template``, ``package``, ``font`` (:func:`font_base_sha`),
        ``plan``, ``scenarios``, ``record``, ``parameters`` and ``environment``.
    """
    plan = load(parameters.get("plan"))
    scen = parameters.get("scenario_file") or plan.scenario_file
    rec = parameters.get("record_path")
    params = {k: v for k, v in parameters.items() if k not in _FILE_PARAMETERS}
    if show_keys():  # a debug build shows each text's key: never served from, nor served as, a normal page
        params["i18n_keys"] = True
    return {
        "template": file_sha(template),
        "package": package_sha(),
        "font": font_base_sha(),
        "plan": plan_package_sha(plan),
        "scenarios": scenario_rows_sha(scen, unit, plan),
        # the record a page shows: the user's file, and the plan's shipped records merged into it (the
        # record, the schema it was checked with, the provenance whose context sentences pages cite)
        "record": _sha("".join([file_sha(rec) if rec else "-", records_sha(plan)]).encode()),
        "parameters": _sha(json.dumps(params, sort_keys=True, ensure_ascii=False).encode()),
        "environment": environment_sha(),
    }


def key_of(inp: dict[str, str]) -> str:
    """A report's cache key: the SHA-256 of its input hashes.

    Parameters
    ----------
    inp : dict of str to str
        The input hashes (:func:`inputs`).

    Returns
    -------
    str
        The hex digest (64 characters), independent of the order of ``inp``.
    """
    return _sha(json.dumps(inp, sort_keys=True).encode())


@dataclass(frozen=True)
class Verdict:
    """Whether a report's cached outputs may be served.

    Attributes
    ----------
    fresh : bool
        True if the entry matches the inputs and every output is on disk with its recorded hash.
    reason : str
        Why it must be rebuilt ("changed: plan, record", "output x.html missing"); "" when fresh.
    """

    fresh: bool
    reason: str  # why it must be rebuilt ("" when fresh)


class BuildCache:
    """Entries for the reports of one output folder.

    Parameters
    ----------
    out : Path or str
        The output folder; the entries live in its ``.jnjp-cache/``.

    Attributes
    ----------
    out : Path
        The output folder.
    dir : Path
        The folder of the entries, ``<out>/.jnjp-cache``.
    mode : int
        The permission bits entries are written with (the umask's default).
    """

    def __init__(self, out: Path | str) -> None:
        self.out = Path(out)
        self.dir = self.out / CACHE_DIRNAME
        self.mode = file_mode()

    def _entry_path(self, name: str) -> Path:
        return self.dir / f"{name}.json"

    def check(self, name: str, inp: dict[str, str], outputs: list[str]) -> Verdict:
        """Whether report ``name`` may be served from the cache, and if not, why.

        Parameters
        ----------
        name : str
            The report's name (its entry is ``<name>.json``).
        inp : dict of str to str
            Its input hashes now (:func:`inputs`).
        outputs : list of str
            Its output files, relative to the output folder.

        Returns
        -------
        Verdict
            Fresh only if the entry parses, its key matches its inputs and ``inp``, it lists the same
            outputs, and each exists with its recorded hash.
        """
        p = self._entry_path(name)
        if not p.exists():
            return Verdict(False, "not built before (no cache entry)")
        try:
            entry = json.loads(p.read_text(encoding="utf-8"))
            old_inputs, old_key, old_outputs = entry["inputs"], entry["key"], entry["outputs"]
            assert isinstance(old_inputs, dict) and isinstance(old_outputs, dict)
        except Exception:  # noqa: BLE001 - any unreadable entry is rebuilt, never served
            return Verdict(False, "cache entry unreadable (corrupt or partial): rebuilt")
        if old_key != key_of(old_inputs):
            return Verdict(False, "cache entry inconsistent (key does not match its inputs): rebuilt")
        changed = [k for k in inp if old_inputs.get(k) != inp[k]]
        if changed:
            return Verdict(False, "changed: " + ", ".join(changed))
        if sorted(old_outputs) != sorted(outputs):
            return Verdict(False, "outputs differ from the cache entry")
        for f in outputs:
            q = self.out / f
            if not q.exists():
                return Verdict(False, f"output {f} missing")
            if file_sha(q) != old_outputs[f]:
                return Verdict(False, f"output {f} changed on disk")
        return Verdict(True, "")

    def record(self, name: str, inp: dict[str, str], outputs: list[str]) -> None:
        """Write report ``name``'s entry (atomically), after its outputs are written.

        Parameters
        ----------
        name : str
            The report's name.
        inp : dict of str to str
            The input hashes it was built from.
        outputs : list of str
            Its output files, relative to the output folder; each is hashed now.
        """
        self.dir.mkdir(parents=True, exist_ok=True)
        entry = {"key": key_of(inp), "inputs": inp,
                 "outputs": {f: file_sha(self.out / f) for f in sorted(outputs)}}
        atomic_write(self._entry_path(name), json.dumps(entry, indent=1, sort_keys=True), mode=self.mode)

    def forget(self, name: str) -> None:
        """Remove report ``name``'s entry, if any, so the next build rebuilds it.

        Parameters
        ----------
        name : str
            The report's name.
        """
        self._entry_path(name).unlink(missing_ok=True)
