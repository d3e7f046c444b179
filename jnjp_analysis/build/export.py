"""An executed notebook to a page: code-free, self-contained HTML (:func:`export_html`, the "jnjp"
nbconvert template of ``pages/templates/``), refused if a cell wrote to stderr
(:func:`check_clean`); the key figures and the data bundle it emitted (:func:`extract_output`,
:func:`bundle_zip`); and a failure in one line (:func:`describe_failure`).
"""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache

from jnjp_analysis.build import css
from jnjp_analysis.config import (
    BUNDLE_MIME,
    KEY_FIGURES_MIME,
    PACKAGE_DIR,
)
from jnjp_analysis.errors import UncleanNotebookError
from jnjp_analysis.pages import a11y, webfont

TEMPLATE_DIR = PACKAGE_DIR / "pages" / "templates"  # the "jnjp" nbconvert template


def key_figures_json(kf: dict) -> str:
    """A report's key figures as the text of ``<name>.json``: sorted keys, indented, UTF-8 unescaped.

    Parameters
    ----------
    kf : dict
        The key figures the notebook emitted.

    Returns
    -------
    str
        The JSON text, ending in a newline; the same figures always give the same text.
    """
    return json.dumps(kf, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_local = threading.local()


def export_html(nb, title: str, lang: str = "en") -> str:
    """Code-free, self-contained HTML: images inline as data URIs with their alt text, and the CJK
    font subset to the page's characters in its own CSS (:mod:`jnjp_analysis.webfont`), so it reads
    the same on a machine without Chinese fonts; ``<html lang>`` is the page's language, and in an
    English page every run of Chinese text is marked as such (:mod:`jnjp_analysis.pages.a11y`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.
    title : str
        The page's ``<title>``.
    lang : str
        ``"zh"`` or ``"en"``: the page's language.

    Returns
    -------
    str
        The page's HTML.
    """
    import nbformat

    from jnjp_analysis.pages.display import SVG_MIME, inline_svg

    # a shallow copy of what the page shows: key figures and the data bundle go to their own files,
    # and each SVG chart becomes a placeholder, replaced by the inline <svg> after the language
    # marking (which must not put a <span> into an SVG <text>)
    charts: list[str] = []
    cells = []
    for cell in nb.cells:
        if "outputs" not in cell:
            cells.append(cell)
            continue
        outputs = []
        for o in cell["outputs"]:
            data = o.get("data", {})
            if KEY_FIGURES_MIME in data or BUNDLE_MIME in data:
                continue
            if SVG_MIME in data:
                alt = (o.get("metadata", {}).get(SVG_MIME) or {}).get("alt")
                charts.append(inline_svg(data[SVG_MIME], alt, f"c{len(charts) + 1}-", webfont.FAMILY))
                o = {"output_type": "display_data", "metadata": {},
                     "data": {"text/html": _CHART_SLOT.format(n=len(charts))}}
            outputs.append(o)
        cells.append({**cell, "outputs": outputs})
    nb = nbformat.from_dict({**nb, "cells": cells})
    exporter = getattr(_local, "exporter", None)
    if exporter is None:  # loading the templates costs ~0.2 s: once per thread
        exporter = _local.exporter = _page_exporter()(
            template_name="jnjp", extra_template_basedirs=[str(TEMPLATE_DIR)], exclude_input=True,
            exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    exporter.page_lang = a11y.LANG_ZH if lang == "zh" else "en"
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    page = a11y.mark_languages(body, lang)
    if charts:
        page = _CHART_SLOT_RE.sub(lambda m: charts[int(m.group(1)) - 1], page)
        page = page.replace("</head>", _CHART_CSS + "</head>", 1)
    return webfont.embed(css.prune(page))


@lru_cache(maxsize=1)
def _page_exporter():
    """nbconvert's HTMLExporter with the page's ``<html lang>`` from :attr:`page_lang`, a plain
    attribute. Its own ``language_code`` cannot carry "zh-Hans": nbconvert's check of that trait
    tests the value being replaced, not the new one, so the constructor turned "zh-Hans" into "en"
    and so did setting it a second time — a Chinese page exported after another Chinese page by the
    same thread was published as ``<html lang="en">`` (found in issue 19: which pages did depended on
    how the build's threads happened to share them out)."""
    from nbconvert import HTMLExporter

    class PageExporter(HTMLExporter):
        page_lang = "en"

        def _init_resources(self, resources):
            resources = super()._init_resources(resources)
            resources["language_code"] = self.page_lang
            return resources

    return PageExporter


_CHART_SLOT = '<div data-jnjp-chart="{n}"></div>'
_CHART_SLOT_RE = re.compile(r'<div data-jnjp-chart="(\d+)"></div>')
# inline charts (display.inline_svg) scale down with the page and never split across printed pages
_CHART_CSS = ('<style id="jnjp-charts">svg.jnjp-chart{display:block;max-width:100%;height:auto}'
              "svg.jnjp-chart *{stroke-linejoin:round;stroke-linecap:butt}"  # what matplotlib's SVG sets for itself
              "@media print{svg.jnjp-chart{break-inside:avoid}}</style>\n")


def _code_cells(nb):
    """(number, first source line, cell) of each code cell; numbers count from 1 as nbval does,
    papermill's injected-parameters cell included."""
    n = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            n += 1
            first = (cell.get("source") or "").strip().splitlines()[:1]
            yield n, (first[0] if first else ""), cell


def stderr_outputs(nb) -> list[tuple[int, str, str]]:
    """(cell number, first source line, text) of every stderr stream output in an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    list of tuple of (int, str, str)
        The code cell's number (from 1, the injected-parameters cell included), its first source
        line and the text it wrote, stripped; empty if nothing was written to stderr.
    """
    return [(n, first, str(out.get("text", "")).strip()) for n, first, cell in _code_cells(nb)
            for out in cell.get("outputs", []) if out.get("output_type") == "stream" and out.get("name") == "stderr"]


def check_clean(nb) -> None:
    """Raise :class:`UncleanNotebookError` naming each cell that wrote to stderr, and what it wrote.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Raises
    ------
    UncleanNotebookError
        If any cell wrote to stderr (its first 300 characters are quoted).
    """
    bad = stderr_outputs(nb)
    if bad:
        parts = [f"cell {n} ({src!r}) wrote to stderr: {text[:300]}" for n, src, text in bad]
        raise UncleanNotebookError("not published, a page must carry no warning: " + "; ".join(parts))


def extract_output(nb, mime: str) -> dict | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if mime in data:
                v = data[mime]
                return json.loads(v) if isinstance(v, str) else dict(v)
    return None


def extract_key_figures(nb) -> dict | None:
    """The key figures a notebook emitted (MIME ``application/vnd.jnjp.key-figures+json``).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook.

    Returns
    -------
    dict or None
        The first key-figures output, or None if the notebook emitted none.
    """
    return extract_output(nb, KEY_FIGURES_MIME)


def bundle_zip(bundle: dict) -> bytes:
    """The data bundle as zip bytes that depend on the content only.

    Entries sorted, every date 1980-01-01, fixed permissions and compression level.

    Parameters
    ----------
    bundle : dict
        The bundle the notebook emitted: ``tables`` ({name: CSV text}), ``provenance`` and, optionally,
        ``key_figures``.

    Returns
    -------
    bytes
        The zip: ``<name>.csv`` per table, ``key_figures.json`` (if any) and ``provenance.json``.
    """
    import io
    import zipfile

    files = {f"{name}.csv": text.encode("utf-8") for name, text in bundle["tables"].items()}
    if bundle.get("key_figures") is not None:
        files["key_figures.json"] = key_figures_json(dict(bundle["key_figures"])).encode("utf-8")
    files["provenance.json"] = (json.dumps(bundle["provenance"], ensure_ascii=False, indent=2, sort_keys=True)
                                + "\n").encode("utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, files[name], compresslevel=6)  # zlib 9: 20 % larger here and 13× slower
    return buf.getvalue()


def describe_failure(exc: BaseException, nb=None) -> str:
    """One line a user can act on.

    For a cell that raised, the exception's type and message and the cell (number and first line),
    not the notebook traceback that nbclient puts first.

    Parameters
    ----------
    exc : BaseException
        What the report raised.
    nb : nbformat.NotebookNode or None
        The executed notebook, to find the failed cell; None if it was never run.

    Returns
    -------
    str
        ``"<type>: <message>"`` (and the cell), at most about 2000 characters.
    """
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        failed = [(n, first) for n, first, cell in (_code_cells(nb) if nb is not None else ())
                  if any(o.get("output_type") == "error" for o in cell.get("outputs", []))]
        where = f" (cell {failed[0][0]}: {failed[0][1]!r})" if failed else ""
        msg = f"{ename}: {evalue}{where}"
    else:
        msg = f"{type(exc).__name__}: {exc}".strip()
    return msg if len(msg) <= 2000 else msg[:2000] + " …"
