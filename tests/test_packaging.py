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
