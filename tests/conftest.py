import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from jnjp_analysis.plan import xizang_13fyp as source


@pytest.fixture
def plan_text() -> str:
    return source.raw_text()


@pytest.fixture
def altered_plan(tmp_path):
    """Write a copy of the raw plan with ``old`` replaced by ``new`` and return its path."""

    def make(old: str, new: str):
        text = source.raw_text()
        assert old in text, f"fixture: {old!r} not in the raw text"
        p = tmp_path / "plan.txt"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
        return p

    return make


@pytest.fixture
def make_template(tmp_path):
    """Write a two-cell notebook template — a ``parameters`` cell (``lang = "en"``) and ``body`` —
    and return its path (for build tests that need a notebook of their own)."""

    def make(body: str, name: str = "template.ipynb") -> str:
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook

        params = new_code_cell('lang = "en"')
        params.metadata["tags"] = ["parameters"]
        nb = new_notebook(cells=[params, new_code_cell(body)],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
        path = tmp_path / name
        nbformat.write(nb, path)
        return str(path)

    return make
