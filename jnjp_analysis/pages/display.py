"""How notebooks show things: figures as PNG with alt text, tables without index, Markdown, and the
key figures under their own MIME type. Kept apart from what is computed (briefing.py) and from the
words (i18n.py).

Text that came from a user's file (a scenario name, a source) is escaped before it reaches a page:
IPython's ``Markdown`` and nbconvert pass raw HTML through.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pandas as pd

from jnjp_analysis.config import BUNDLE_MIME, DEFAULT_PLAN, KEY_FIGURES_MIME
from jnjp_analysis.i18n import plan_words, t
from jnjp_analysis.plan.definition import PACING_RULES


def fmt(x: float | None, nd: int = 1, pct: bool = False) -> str:
    """A number as pages show it: ``nd`` decimals, thousands separators, ``pct`` as 100·x with '%'.

    "–" for a missing value; never "-0.0".

    Parameters
    ----------
    x : float or None
        The value, in its own unit (a fraction where ``pct``); None or NaN for a missing value.
    nd : int, default 1
        Decimals shown.
    pct : bool, default False
        Show ``x`` (a fraction, 0.078) as a percentage ("7.8%") instead of a plain number.

    Returns
    -------
    str
        The formatted number, e.g. ``"1,234.5"`` or ``"7.80%"``; ``"–"`` for a missing value.
    """
    import math

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    v = round(100 * x if pct else x, nd) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{v:.{nd}f}%" if pct else f"{v:,.{nd}f}"


_vector = False  # charts as SVG (the build's kernels) or as PNG (a notebook anywhere else)


def use_vector_charts(on: bool = True) -> None:
    """Make :func:`show` emit SVG (text as text) instead of PNG, for the rest of this process.

    The build's warm kernels call it (:mod:`jnjp_analysis.build.kernel`): a built page inlines each
    chart as an ``<svg>`` whose text is set in the page's embedded font
    (:func:`inline_svg`), a twelfth of the bytes of the PNG, sharp in print and selectable. A
    notebook opened anywhere else (JupyterLab, nbval) keeps PNG, which needs no font on the
    reader's machine and which nbval does not compare (the image baselines test the charts).

    Parameters
    ----------
    on : bool, default True
        SVG if True, PNG if False.
    """
    global _vector
    _vector = bool(on)


def show(fig, alt: str | None = None) -> None:
    """Display a figure as one image only (no text repr for nbval to trip over), and release it.

    PNG, or SVG after :func:`use_vector_charts`; ``alt`` becomes the image's alt text in the
    exported page (output metadata ``{mime: {"alt": alt}}``).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (one of :mod:`charts`' functions).
    alt : str or None, optional
        Alt text for the exported page's image; None for none.
    """
    from IPython.display import display

    from jnjp_analysis.pages import charts

    if _vector:
        mime, data = SVG_MIME, charts.to_svg(fig)
    else:
        mime, data = "image/png", base64.b64encode(charts.to_png(fig)).decode("ascii")
    display({mime: data}, raw=True, metadata={mime: {"alt": alt}} if alt else None)


SVG_MIME = "image/svg+xml"
_SVG_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?", re.S)
_SVG_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_SVG_STYLE = re.compile(r"\s*<defs>\s*<style[^>]*>\*\{stroke-linejoin: round; stroke-linecap: butt\}</style>\s*</defs>")
_SVG_ID = re.compile(r'\b(id="|url\(#|href="#)([^"\)]+)')
_SVG_TAG = re.compile(r"<[^<>]+>")  # a tag (text content holds no < or >: matplotlib escapes them)
_SVG_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SVG_SIZE = re.compile(r'<svg\b([^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"')
_SVG_FONTS = {"'Noto Sans CJK SC', 'DejaVu Sans', sans-serif": "'{family}', 'Noto Sans CJK SC', sans-serif",
              "font-family: 'Noto Sans CJK SC';": "font-family: '{family}', 'Noto Sans CJK SC', sans-serif;",
              "font-family: 'DejaVu Sans';": "font-family: 'DejaVu Sans', '{family}', sans-serif;"}


def inline_svg(svg: str, alt: str | None, prefix: str, family: str, px_per_pt: float = 110 / 72) -> str:
    """A chart's SVG document (:func:`charts.to_svg`) as an element of an HTML page.

    Without the XML prologue and metadata; every id prefixed (a page holds several charts, each
    with its own ``patch_1``); sized in CSS pixels as the PNG was (:data:`charts.DPI`), scaling down
    to the page's width (class ``jnjp-chart``; the page's CSS gives it matplotlib's line joins and
    caps, its SVG's own ``<style>`` is dropped); the text in the page's embedded font ``family``
    first (mathtext's DejaVu Sans digits fall back to it); and ``role="img"`` with ``alt`` as its
    accessible name (the text inside is then one image to a screen reader, as an ``<img>`` is).

    Parameters
    ----------
    svg : str
        The SVG document.
    alt : str or None
        The chart's alt text; None for none (then the chart is marked decorative).
    prefix : str
        Prefix for the ids, unique in the page (e.g. ``"c3-"``).
    family : str
        The CSS font family the page embeds (:data:`jnjp_analysis.pages.webfont.FAMILY`).
    px_per_pt : float, optional
        CSS pixels per SVG point: 110 / 72 shows the chart at the size of the 110-dpi PNG.

    Returns
    -------
    str
        ``<svg …>…</svg>``, ready to put in a page.
    """
    import html as html_lib

    s = _SVG_METADATA.sub("", _SVG_PROLOGUE.sub("", svg, count=1), count=1).strip()
    # matplotlib's own sheet (``*{stroke-linejoin: round…}``) would style the whole page from inside
    # an inline <svg>: the page's chart CSS sets the same for svg.jnjp-chart only
    s = _SVG_STYLE.sub("", s, count=1)
    # the comments matplotlib writes repeat the chart's text: dropped, and the ids and fonts rewritten
    # inside tags only, so that a unit or scenario name drawn in the chart (``A id="x"``, text that
    # matplotlib leaves as it is but for & < >) is never changed
    s = _SVG_COMMENT.sub("", s)
    fonts = {old: new.format(family=family) for old, new in _SVG_FONTS.items()}

    def tag(m: re.Match) -> str:
        t = _SVG_ID.sub(lambda i: f"{i.group(1)}{prefix}{i.group(2)}", m.group(0))
        for old, new in fonts.items():
            t = t.replace(old, new)
        return t

    s = _SVG_TAG.sub(tag, s)
    # in a double-quoted attribute only & < > " need escaping; an apostrophe stays itself, as in the text
    label = (f' role="img" aria-label="{html_lib.escape(alt, quote=False).replace(chr(34), "&quot;")}"' if alt
             else ' aria-hidden="true"')

    def size(m: re.Match) -> str:
        w, h = (round(float(v) * px_per_pt) for v in (m.group(2), m.group(3)))
        return f'<svg{m.group(1)} width="{w}" height="{h}" class="jnjp-chart"{label}'

    s, n = _SVG_SIZE.subn(size, s, count=1)
    if n != 1:
        raise ValueError("not a matplotlib SVG: no <svg width=…pt height=…pt>")
    return s


def show_table(df: pd.DataFrame) -> None:
    """Display a table without its row index, as HTML (cells escaped) and plain text.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as the page shows it (labels and formatted values); missing cells show as "–".
    """
    from IPython.display import display

    display({"text/html": df.to_html(index=False, border=0, classes="dataframe jnjp-table", na_rep="–", escape=True),
             "text/plain": df.to_string(index=False)}, raw=True)


def show_markdown(text: str) -> None:
    """Display Markdown; an empty text (a section with nothing to say) displays nothing.

    Parameters
    ----------
    text : str
        Markdown text; user-supplied parts already through :func:`escape`.
    """
    from IPython.display import Markdown, display

    if text:
        display(Markdown(text))


_MD_SPECIAL = frozenset("\\`*_[]()#!|~{}<>")
_LINE_START = re.compile(r"^([-+]|\d+[.)])")  # a list marker, if the text is ever put at the start of a line
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_WHITESPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def escape(text: object) -> str:
    """User-supplied text for Markdown that becomes HTML: it stays text, in one run, and adds no structure.

    White space and control characters (a newline that would start a heading or a list)
    become one space; ``&``, ``<`` and ``>`` become entities (so no tag); Markdown's punctuation is
    backslash-escaped (so ``[x](javascript:…)`` is no link, ``# x`` no heading); ``://`` is written
    with an entity colon (so a bare URL is not turned into a link) and ``$`` as an entity (no math).
    Quotes and apostrophes are left alone: in text they are text (``&#x27;`` would show as such
    once its ``#`` is escaped).

    Parameters
    ----------
    text : object
        The text (anything; converted with ``str``), e.g. a scenario name or a source title from a
        user's file.

    Returns
    -------
    str
        The escaped text, on one line, stripped of leading and trailing white space; a leading list
        marker (``-``, ``+``, ``1.``) is escaped too.
    """
    out = []
    for c in _WHITESPACE.sub(" ", str(text)).strip():
        if c in _HTML:
            out.append(_HTML[c])
        elif c in _MD_SPECIAL:
            out.append("\\" + c)
        elif c == "$":
            out.append("&#36;")
        else:
            out.append(c)
    text = "".join(out).replace("://", "&#58;//")
    m = _LINE_START.match(text)
    return text if m is None else text[:m.end() - 1] + "\\" + text[m.end() - 1:]


def emit_key_figures(kf: dict) -> None:
    """Attach the key figures to the notebook output under their own MIME type.

    The build extracts them into the report's JSON (HTML export does not render this type).

    Parameters
    ----------
    kf : dict
        JSON-serialisable key figures (:meth:`briefing.Briefing.key_figures`).
    """
    from IPython.display import display

    display({KEY_FIGURES_MIME: kf}, raw=True)


def emit_bundle(bundle: dict) -> None:
    """Attach the page's data bundle (tables as CSV text, key figures, provenance) under its own MIME type.

    The build writes it as ``<page>_data.zip`` and drops it from the HTML.

    Parameters
    ----------
    bundle : dict
        ``{"tables": {name: CSV text}, "key_figures": dict or None, "provenance": dict}``
        (:meth:`briefing.Briefing.data_bundle`, :meth:`briefing.Overview.data_bundle`).
    """
    from IPython.display import display

    display({BUNDLE_MIME: bundle}, raw=True)


def pacing_rule(plan: Any) -> str:
    """The rule the pacing lights follow: ``jnjp:plan.pacing_rule`` of the plan's descriptor, else
    ``"barometer_2020"`` (the national barometer of 发改办环资〔2020〕901号) for the default plan, whose
    period it was written for, and ``"even_pace"`` (the even pace to the target year) for any other.

    Parameters
    ----------
    plan : Plan
        The plan.

    Returns
    -------
    str
        ``"barometer_2020"`` or ``"even_pace"`` (the i18n key ``mn_rule_<rule>`` words it).
    """
    rule = (plan.descriptor.get("jnjp:plan") or {}).get("pacing_rule")
    if rule in PACING_RULES:
        return str(rule)
    return "barometer_2020" if plan.id == DEFAULT_PLAN else "even_pace"




def cites_shipped_paths(plan: Any) -> bool:
    """Whether a page cites the plan's files as ``data/plans/<id>/…``: a plan shipped in the package's
    ``data/plans/`` (or the default plan's own package, wherever it is copied); a user's plan folder
    is cited by the paths inside it instead."""
    from jnjp_analysis.config import PLANS_DIR

    return plan.id == DEFAULT_PLAN or plan.folder.resolve().parent == PLANS_DIR.resolve()


def topic(plan: Any, lang: str) -> str:
    """What a plan's titles call it: 节能减排 where it has pollutant targets, 节能 where it has none, 降碳 where
    it is carbon led (no energy-intensity target)."""
    if not plan.has_energy_intensity:
        return t("topic_carbon", lang)
    return t("topic_saving_reduction" if plan.pollutants or plan.cut_pollutants or plan.reduction_pollutants else "topic_saving", lang)


_BARE_CLAUSE = re.compile(r"[0-9A-Za-z一二三四五六七八九十百零〇]+")  # a clause number without punctuation of its own


class PlanText:
    """What every part of a page shares: its plan (loaded on construction from a Plan, a plan id or a
    package folder; None for the default) and its texts in its language with the plan's words.

    The dataclasses that use it declare the fields ``lang`` and ``plan``; a ``__post_init__`` of their
    own calls this one first.
    """

    lang: str
    plan: Any

    def __post_init__(self) -> None:
        from jnjp_analysis.plan.load import load

        self.plan = load(self.plan)

    def _words(self, lang: str, md: bool = False) -> dict[str, object]:
        """The plan's words (:func:`i18n.plan_words`) and the clause references made of them
        (``warning_paren``, ``assessment_paren``, ``regional_ref`` (第（二）条), ``regional_of`` (" of
        clause (二)"): "" where the plan has no such clause label);
        strings through :func:`escape` where ``md``."""
        words = plan_words(self.plan, lang)
        if md:
            words = {k: escape(v) if isinstance(v, str) else v for k, v in words.items()}
        words["topic"] = topic(self.plan, lang)
        for name in ("warning", "assessment"):
            ref = self._clause_ref(f"{name}_no", lang, plain=True, md=md)
            words[f"{name}_paren"] = t("clause_paren", lang, ref=ref) if ref else ""
        ref = self._clause_ref("regional_no", lang, md=md)
        words["regional_ref"] = ref or ""
        words["regional_of"] = t("clause_of", lang, ref=ref) if ref else ""
        return words

    def _clause_ref(self, label: str, lang: str | None = None, plain: bool = False, md: bool = False) -> str | None:
        """A reference to a clause of the plan's text by its label in ``jnjp:plan.labels`` (e.g. ``pacing_no``).

        A bare number (``二``, ``19``) is wrapped as the page's templates wrap it (第（二）条, clause (二);
        ``plain``: 第二条, clause 二); a label with its own punctuation (``二、主要目标``) is quoted as it
        is; None where the plan has no such label (a page then omits the reference).
        """
        L = lang or self.lang
        no = self.plan.words(L).get(label)
        if not isinstance(no, str) or not no.strip():
            return None
        no = escape(no) if md else no.strip()
        if _BARE_CLAUSE.fullmatch(no):
            return t("clause_ref_plain" if plain else "clause_ref", L, no=no)
        return t("clause_ref_own", L, no=no)

    def _t(self, key: str, lang: str | None = None, **fmt: object) -> str:
        """The i18n label ``key`` in the page's language (or ``lang``) with the plan's words (:meth:`Plan.words`)."""
        L = lang or self.lang
        return t(key, L, **{**self._words(L), **fmt})

    def provenance(self) -> str:
        """The sentence under a page's title that says what copy of the plan the page reads, where the
        package holds a repost, a summary, an excerpt or a reproduction of it (:attr:`Plan.copy`); ""
        for a copy of the official text. The host and what is not visible are a user's text: escaped."""
        c = self.plan.copy
        if not c or c.get("kind") == "official":
            return ""
        return self._md("copy_note", self.lang, kind=self._t(f"copy_kind_{c['kind']}", self.lang),
                        # the Chinese page says them in Chinese where the package gives them so
                        host=escape(c.get(f"host_{self.lang}") or c.get("host", "")),
                        not_visible=escape(c.get(f"not_visible_{self.lang}") or c.get("not_visible", "")))

    def with_provenance(self, title: str) -> str:
        """A page's title, followed by :meth:`provenance` where it has one."""
        note = self.provenance()
        return f"{title}\n\n{note}" if note else title

    def _md(self, key: str, lang: str | None = None, **fmt: object) -> str:
        """The i18n label ``key`` for Markdown: as :meth:`_t`, with the plan's words through :func:`escape`.

        A plan's words (its labels, title, region and period names) are a user's text like a record's:
        a ``<script>`` or ``[x](javascript:…)`` in them stays text. The values of ``fmt`` are put in as
        given: a user's text among them (a unit's name) must be escaped by the caller.
        """
        L = lang or self.lang
        return t(key, L, **{**self._words(L, md=True), **fmt})
