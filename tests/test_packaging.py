"""Project plumbing: environment.yml and pyproject.toml list the same packages and ranges; the
README's two commands are what .ci/run and the Makefile run."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _req(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = dict(_req(s) for s in py["project"]["dependencies"] + py["project"]["optional-dependencies"]["test"])
    text = (ROOT / "environment.yml").read_text()
    listed = {}
    for line in text.splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+[<>=!].*)$", line)
        if m:
            name, rng = _req(m.group(1))
            if name != "python":
                listed[name] = rng
    assert listed == wanted


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    mk = (ROOT / "Makefile").read_text()
    assert re.search(r"^reports:", mk, re.M) and re.search(r"^test:", mk, re.M)
