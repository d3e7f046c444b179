"""Check that every public function, method and class of jnjp_analysis has a numpydoc docstring:
a summary, a ``Parameters`` section naming every parameter (but ``self``/``cls``), a ``Returns``
section where it returns something, and that no section names a parameter the function does not
have. Read statically with griffe (as mkdocstrings reads it for the API reference): nothing is
imported or run.

Public means: a name without a leading underscore, in a module without one, defined in that module
(not imported into it). Properties, dataclass fields and ``__init__`` (documented on the class) need
a summary only. Run: python scripts/check_docstrings.py [--quiet]; exit 1 listing each problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "jnjp_analysis"
NO_RETURN = {"None", "NoReturn", "Iterator[None]", "Generator[None, None, None]"}


def _sections(obj) -> dict:
    if obj.docstring is None:
        return {}
    out: dict = {}
    for s in obj.docstring.parse("numpy", warnings=False):
        out.setdefault(s.kind.value, []).append(s)
    return out


def _problems_of_function(fn, where: str) -> list[str]:
    out = []
    if fn.docstring is None or not fn.docstring.value.strip():
        return [f"{where}: no docstring"]
    if "property" in fn.labels or fn.name == "__init__":
        return out
    secs = _sections(fn)
    params = [p.name for p in fn.parameters if p.name not in ("self", "cls")]
    params = [p.lstrip("*") for p in params]
    documented = [e.name.lstrip("*") for s in secs.get("parameters", []) for e in s.value]
    missing = [p for p in params if p not in documented]
    if missing:
        out.append(f"{where}: Parameters section lacks {missing}")
    unknown = [p for p in documented if p not in params]
    if unknown:
        out.append(f"{where}: Parameters section names {unknown}, which the signature does not have")
    ret = str(fn.returns) if fn.returns is not None else None
    if ret not in (None, *NO_RETURN) and "returns" not in secs and "yields" not in secs:
        out.append(f"{where}: no Returns section (returns {ret})")
    return out


def problems() -> list[str]:
    pkg = griffe.load(PACKAGE, search_paths=[str(ROOT)], docstring_parser="numpy", resolve_aliases=False)
    out: list[str] = []
    for mod in sorted(pkg.modules.values(), key=lambda m: m.name):
        if mod.name.startswith("_"):
            continue
        if mod.docstring is None:
            out.append(f"{mod.path}: no module docstring")
        for name, member in mod.members.items():
            if name.startswith("_") or member.is_alias:
                continue
            where = f"{mod.path}.{name}"
            if member.is_function:
                out += _problems_of_function(member, where)
            elif member.is_class:
                if member.docstring is None or not member.docstring.value.strip():
                    out.append(f"{where}: no docstring")
                for mname, m in member.members.items():
                    if (mname.startswith("_") and mname != "__init__") or m.is_alias or not m.is_function:
                        continue
                    if mname == "__init__":
                        continue  # documented on the class (mkdocstrings: merge_init_into_class)
                    out += _problems_of_function(m, f"{where}.{mname}")
    return out


def main(argv: list[str]) -> int:
    found = problems()
    if found:
        print("\n".join(found))
        print(f"{len(found)} docstring problem(s)", file=sys.stderr)
        return 1
    if "--quiet" not in argv:
        print("every public function, method and class has its numpydoc sections")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
