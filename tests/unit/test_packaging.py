"""Project plumbing: environment.yml and pyproject.toml list the same packages and ranges; the
README's two commands are what .ci/run and the Makefile run."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_environment_yml_is_generated_from_pyproject_and_the_lock():
    """environment.yml pins, for every package pyproject.toml names, the version the lock pins (and
    that version lies in pyproject's range): scripts/sync_environment.py writes it, `make lock` runs it."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "sync_environment.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "  - pandas==" in env and "      - mplfonts==" in env


def test_the_lock_pins_every_package_with_hashes():
    """requirements.lock: every requirement is ==-pinned and carries at least one sha256 hash, and
    every package pyproject.toml names is in it. (pip --require-hashes refuses anything else.)"""
    from packaging.requirements import Requirement

    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])  # one entry per requirement
    names = set()
    for e in entries:
        head = e.split("\\")[0].strip()
        assert re.match(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*==\S+", head), head
        assert "--hash=sha256:" in e, head
        names.add(re.sub(r"[-_.]+", "-", head.split("==")[0]).lower())
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for spec in py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"] + ["setuptools"]:
        name = re.sub(r"[-_.]+", "-", Requirement(spec).name).lower()
        assert name in names, f"{name} is not in requirements.lock: run `make lock`"


def test_make_installs_from_the_lock_only():
    mk = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r $(LOCK)" in mk
    assert "--no-deps --no-build-isolation -e ." in mk
    # nothing in the default install path resolves versions on the day (the canary does, on purpose)
    install = mk.split("$(STAMP):")[1].split("\ninstall:")[0]
    assert "--upgrade" not in install and "'.[test]'" not in install


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    mk = (ROOT / "Makefile").read_text()
    assert re.search(r"^reports:", mk, re.M) and re.search(r"^test:", mk, re.M)


def test_notebooks_are_committed_executed_and_clean():
    """nbval skips cells saved without an execution count, so an unexecuted notebook would test
    nothing; and saved outputs must hold no error, memory address, timing or machine path."""
    import json

    for nb_path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3", nb_path.name
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code and all(c.get("execution_count") for c in code), f"{nb_path.name}: run scripts/make_notebooks.py --execute"
        text = nb_path.read_text(encoding="utf-8")
        assert '"output_type": "error"' not in text, nb_path.name
        assert not re.search(r" at 0x[0-9a-f]{6,}", text), nb_path.name
        assert "iopub.status" not in text, f"{nb_path.name}: execution timing metadata"
        assert not re.search(r'"(/work|/tmp|/root|/home)/', text), f"{nb_path.name}: machine path in outputs"
