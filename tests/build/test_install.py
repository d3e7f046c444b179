"""`pip install .` (not editable) gives a working package: the wheel carries the plan text, the
processed tables and the notebook templates, found through importlib.resources.

The test builds the wheel from a copy of the tracked sources, installs it with no dependencies
into a fresh venv, lends that venv the test environment's dependencies (a .pth line, and
JUPYTER_PATH for the data files such as nbconvert's templates, which a .pth cannot carry) — no
network, no resolution — and runs `jnjp check`, a one-page build and `jnjp data` from a folder
outside the checkout.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _tracked_sources(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md",
                            "jnjp_analysis", "data", "notebooks"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    if not files:  # not a git checkout: copy the folders themselves
        files = [str(p.relative_to(ROOT)) for d in ("jnjp_analysis", "data", "notebooks") for p in (ROOT / d).rglob("*")
                 if p.is_file()] + ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]
    for f in files:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest / f)


def test_wheel_installs_and_builds_outside_the_checkout(tmp_path):
    src, wheels, venv, work = tmp_path / "src", tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    _tracked_sources(src)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(src)], check=True, capture_output=True)
    [wheel] = list(wheels.glob("jnjp_analysis-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    env.pop("PYTHONPATH", None)

    def jnjp(*args):
        return subprocess.run([str(venv / "bin" / "jnjp"), *args], cwd=work, env=env, capture_output=True, text=True)

    where = subprocess.run([str(py), "-c", "import jnjp_analysis.config as c; print(c.INSTALLED, c.PACKAGE_ROOT)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith("True ") and str(venv) in where, where
    r = jnjp("check")
    assert r.returncode == 0, r.stderr
    assert "nh3n_cap_sum" in r.stdout and "0.344" in r.stdout
    r = jnjp("build", "-p", "ngari", "-l", "en", "--no-overview", "--no-progress", "-j", "1")
    assert r.returncode == 0, r.stdout + r.stderr
    page = (work / "reports" / "ngari_en.html").read_text(encoding="utf-8")
    assert "Ngari" in page and 'class="jnjp-chart" role="img"' in page  # charts inline as SVG
    # annex 1, 阿里地区: 10 %, 12, +8
    assert '"energy_base_10k_tce": 12.0' in (work / "reports" / "ngari_en.json").read_text(encoding="utf-8")
    r = jnjp("data")  # will not write into site-packages
    assert r.returncode == 2 and "give an output folder" in r.stderr and "Traceback" not in r.stderr
    r = jnjp("data", "--out", str(work / "processed"))
    assert r.returncode == 0, r.stderr
    assert (work / "processed" / "energy_targets.csv").read_bytes() == \
        (ROOT / "data" / "processed" / "xizang-13fyp" / "energy_targets.csv").read_bytes()
