"""Only what pyproject.toml cannot say: the wheel carries the plan text, the processed tables and
the notebook templates (they live outside the package directory in the checkout) under
jnjp_analysis/_resources/, where jnjp_analysis.config finds them through importlib.resources."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = [("data/plans", "**/*"), ("data/processed", "**/*.csv"), ("notebooks", "*.ipynb")]


class BuildPyWithResources(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself
        target = Path(self.build_lib) / "jnjp_analysis" / "_resources"
        for folder, pattern in RESOURCES:
            for f in sorted((ROOT / folder).glob(pattern)):
                if f.is_file():
                    dest = target / folder / f.relative_to(ROOT / folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, dest)


setup(cmdclass={"build_py": BuildPyWithResources})
