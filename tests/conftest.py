import os

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

from jnjp_analysis import source  # noqa: E402


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
