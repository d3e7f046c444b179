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


@pytest.fixture(scope="session")
def tibet_site(tmp_path_factory):
    """One build of Tibet's pages for the session, shared by the tests that read them (tests/build/test_reports.py,
    test_pages.py): 拉萨 and 那曲 in zh and en, the overviews and the index, with A4 PDFs when Chromium is
    installed. Returns the folder and the build's results."""
    import shutil

    from jnjp_analysis.build import reports

    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    out = tmp_path_factory.mktemp("tibet-site")
    results = reports.build(["lhasa", "那曲地区"], ["zh", "en"], jobs=2, out_dir=out, progress=False,
                            pdf=chromium is not None)
    return out, results
