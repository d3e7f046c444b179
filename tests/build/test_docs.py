"""The documentation site (issue 21): it builds with warnings as errors, every public function has
its numpydoc sections, and every guide's commands do what the guide says.

Each guide's ```sh and ```python blocks are run in order, in one scratch folder per guide, with this
venv's ``jnjp`` first on PATH (```text blocks are shown, not run: servers, ``make``). The python
blocks assert what the guide states."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GUIDES = sorted((ROOT / "docs" / "guides").glob("*.md"))
BLOCK = re.compile(r"^```(sh|python)\n(.*?)^```", re.S | re.M)


def test_every_public_function_and_class_has_its_numpydoc_sections():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_docstrings.py")], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr


@pytest.mark.slow
def test_the_site_builds_with_warnings_as_errors(tmp_path):
    r = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-6000:]
    api = (tmp_path / "site" / "reference" / "records.html").read_text(encoding="utf-8")
    # the reference is generated from the code, with its numpydoc sections
    assert "jnjp_analysis.records.validate.check" in api and "Parameters" in api and "Raises" in api
    guide = tmp_path / "site" / "guides" / "record.html"
    assert guide.is_file()
    # Chinese reads on a machine without a Chinese font: the site embeds a subset of the package's font
    from fontTools.ttLib import TTFont

    assert 'href="../assets/jnjp-cjk.css"' in guide.read_text(encoding="utf-8")
    cmap = TTFont(str(tmp_path / "site" / "assets" / "jnjp-cjk.woff2")).getBestCmap()
    assert all(ord(c) in cmap for c in "拉萨市数据衔接")
    assert ":func:" not in api  # Sphinx roles in the docstrings are shown as code, not as markup


def test_every_guide_is_in_the_site_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert GUIDES and all(f"guides/{g.name}" in nav for g in GUIDES)


@pytest.mark.slow
@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.stem)
def test_the_commands_of_each_guide_run(guide, tmp_path):
    blocks = BLOCK.findall(guide.read_text(encoding="utf-8"))
    assert blocks, f"{guide.name} has no command a test runs"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "PYTHONHASHSEED": "0"}
    for kind, code in blocks:
        if kind == "sh":
            r = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=tmp_path, env=env, capture_output=True,
                               text=True, timeout=600)
        else:
            r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                               timeout=600)
        assert r.returncode == 0, f"{guide.name}: {kind} block failed:\n{code}\n--- stdout\n{r.stdout[-3000:]}\n" \
                                  f"--- stderr\n{r.stderr[-3000:]}"
        assert "Traceback" not in r.stderr, r.stderr
