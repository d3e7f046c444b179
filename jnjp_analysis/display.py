"""How notebooks show things: figures as PNG with alt text, tables without index, Markdown, and the
key figures under their own MIME type. Kept apart from what is computed (briefing.py) and from the
words (i18n.py).

Text that came from a user's file (a scenario name, a source) is escaped before it reaches a page:
IPython's ``Markdown`` and nbconvert pass raw HTML through.
"""

from __future__ import annotations

import base64
import html

import pandas as pd

from .config import BUNDLE_MIME, KEY_FIGURES_MIME


def fmt(x: float | None, nd: int = 1, pct: bool = False) -> str:
    """A number as pages show it: ``nd`` decimals, thousands separators, ``pct`` as 100·x with
    '%'; "–" for a missing value; never "-0.0"."""
    import math

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    v = round(100 * x if pct else x, nd) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{v:.{nd}f}%" if pct else f"{v:,.{nd}f}"


def show(fig, alt: str | None = None) -> None:
    """Display a figure as PNG only (no text repr for nbval to trip over), with ``alt`` as the
    image's alt text in the exported page, and release it."""
    from IPython.display import display

    from . import charts

    meta = {"image/png": {"alt": alt}} if alt else None
    display({"image/png": base64.b64encode(charts.to_png(fig)).decode("ascii")}, raw=True, metadata=meta)


def show_table(df: pd.DataFrame) -> None:
    """Display a table without its row index, as HTML (cells escaped) and plain text."""
    from IPython.display import display

    display({"text/html": df.to_html(index=False, border=0, classes="dataframe jnjp-table", na_rep="–", escape=True),
             "text/plain": df.to_string(index=False)}, raw=True)


def show_markdown(text: str) -> None:
    """Display Markdown; an empty text (a section with nothing to say) displays nothing."""
    from IPython.display import Markdown, display

    if text:
        display(Markdown(text))


_MD_SPECIAL = "\\`*_[]()#!|~"


def escape(text: object) -> str:
    """User-supplied text for Markdown/HTML: no markup survives (HTML escaped, then Markdown's
    punctuation backslash-escaped, so ``[x](javascript:…)`` stays text, not a link)."""
    out = html.escape(str(text), quote=True)
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in out)


def emit_key_figures(kf: dict) -> None:
    """Attach the key figures to the notebook output under their own MIME type; the build
    extracts them into the report's JSON (HTML export does not render this type)."""
    from IPython.display import display

    display({KEY_FIGURES_MIME: kf}, raw=True)


def emit_bundle(bundle: dict) -> None:
    """Attach the page's data bundle (tables as CSV text, key figures, provenance) under its own
    MIME type; the build writes it as ``<page>_data.zip`` and drops it from the HTML."""
    from IPython.display import display

    display({BUNDLE_MIME: bundle}, raw=True)
