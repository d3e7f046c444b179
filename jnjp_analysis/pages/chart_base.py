"""What every chart shares: the CJK font and the seaborn theme, the colours, a new figure, PNG and
SVG output, and the small helpers of the chart families (:mod:`jnjp_analysis.pages.charts` re-exports
its public names).

Figures are built with ``Figure()`` rather than ``pyplot`` so that notebooks never display a stray
figure repr. :func:`setup` registers the Noto Sans CJK SC font shipped by the ``mplfonts`` package
(installed with this package, so no system font or root is needed) and applies the seaborn theme
with the colour-blind-safe palette. A glyph missing from the fonts raises (the test suite turns
matplotlib's "Glyph … missing" warning into an error).

The registered font has one weight (Regular): no chart may ask for another (``fontweight="bold"``
makes matplotlib ≥ 3.11 log "findfont: Failed to find font weight bold" to stderr, which would
reach every page). Emphasis is by size and colour; ``tests/unit/test_charts.py`` renders every chart
with all warnings and all matplotlib log records at WARNING or above as failures.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache

import matplotlib
import seaborn as sns
from matplotlib import font_manager
from matplotlib.figure import Figure

from jnjp_analysis.plan.definition import Plan

CJK_FAMILY = "Noto Sans CJK SC"
# Okabe-Ito colours (colour-blind safe); lights also carry a text label
LIGHT_COLOURS = {"green": "#009E73", "yellow": "#F0E442", "red": "#D55E00"}
STATUS_COLOURS = {"both": "#009E73", "intensity_only": "#56B4E9", "cap_only": "#E69F00", "neither": "#DDDDDD",
                  "exempt": "#8FD4BE"}  # exempt: a cap missed, but the incentive cut met where the plan exempts the total
# the double-control map's statuses, in the order of their codes (scenarios.feasibility_grid's
# ``status``): "exempt" only for a plan that exempts a unit meeting its incentive level from the total
MAP_STATUSES = ("both", "intensity_only", "cap_only", "neither", "exempt")
DPI = 110
LEGEND_MAX_COLS = 7  # a wider legend row than this wraps


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Path of the CJK font file: mplfonts' Noto Sans CJK SC, else a system Noto Sans CJK.

    Returns
    -------
    str
        Path of the font file (an ``.otf`` or ``.ttc``).

    Raises
    ------
    RuntimeError
        If neither ``mplfonts`` nor a system Noto Sans CJK font is found.
    """
    try:
        import mplfonts

        p = os.path.join(os.path.dirname(mplfonts.__file__), "fonts", "NotoSansCJKsc-Regular.otf")
        if os.path.exists(p):
            return p
    except ImportError:  # pragma: no cover - mplfonts is a dependency
        pass
    for f in font_manager.findSystemFonts():
        if "NotoSansCJK" in os.path.basename(f):
            return f
    raise RuntimeError("no CJK font found: install the 'mplfonts' package (a dependency) or fonts-noto-cjk")


_registered = False


def setup() -> None:
    """Register the CJK font (once) and apply the seaborn theme whenever it is not in force — a
    style context (pytest-mpl's, a notebook's) may have reset matplotlib's settings since the last
    call, so the live settings are checked rather than a flag."""
    global _registered
    if not _registered:
        font_manager.fontManager.addfont(cjk_font_path())
        _registered = True
    rc = matplotlib.rcParams
    if list(rc["font.sans-serif"][:1]) == [CJK_FAMILY] and rc["svg.hashsalt"] == "jnjp":
        return
    sns.set_theme(
        style="whitegrid", palette="colorblind",
        rc={
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FAMILY, "DejaVu Sans"],
            "axes.unicode_minus": True,  # Noto Sans CJK has U+2212
            "mathtext.fontset": "dejavusans",
            # text is text: a unit's or a scenario's name with two dollar signs ("$5 to $10") is the
            # user's, never mathtext; the one label with math (the energy axis, 10^4) asks for it
            "text.parse_math": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.titlesize": 13,
            "axes.labelsize": 11,
            "legend.fontsize": 9,
            "svg.hashsalt": "jnjp",
        },
    )


def new_figure(w: float = 8.0, h: float = 4.6) -> tuple[Figure, matplotlib.axes.Axes]:
    """A new figure with one axes, after :func:`setup` (the font and the theme).

    Parameters
    ----------
    w, h : float, default 8.0 and 4.6
        Width and height in inches.

    Returns
    -------
    tuple of (matplotlib.figure.Figure, matplotlib.axes.Axes)
        The figure (constrained layout, no ``pyplot``) and its axes.
    """
    setup()
    fig = Figure(figsize=(w, h), layout="constrained")
    return fig, fig.add_subplot()


def to_png(fig: Figure, dpi: float | None = None) -> bytes:
    """PNG bytes without a timestamp or software tag (so the same figure gives the same bytes).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : float or None, optional
        Resolution in dots per inch; None for the figure's own (:data:`DPI`, 110, after :func:`setup`).

    Returns
    -------
    bytes
        The PNG file's bytes.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, dpi=dpi or "figure")
    return buf.getvalue()


def to_svg(fig: Figure) -> str:
    """SVG text of the figure with its text as text (``svg.fonttype`` ``"none"``), for a page that
    embeds the font: small, sharp at any zoom and in print, and selectable. No date, no software
    tag, ids from the fixed ``svg.hashsalt``: the same figure gives the same text.

    The text is laid out with the charts' font (:func:`cjk_font_path`), which is the font a page
    embeds (:mod:`jnjp_analysis.pages.webfont`), so a browser sets it where matplotlib measured it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        The SVG document (with its XML declaration; :func:`jnjp_analysis.pages.display.inline_svg`
        makes it an element of a page).
    """
    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "jnjp", "svg.image_inline": True}):
        # dpi sets only what SVG cannot draw as vectors (the map's pcolormesh, drawn as an image):
        # 2 × DPI keeps it crisp in print at ≈ 8 KB a chart; the vector coordinates do not change
        fig.savefig(buf, format="svg", dpi=SVG_IMAGE_DPI,
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return buf.getvalue().decode("utf-8")


SVG_IMAGE_DPI = 2 * DPI


PlanArg = Plan | str | os.PathLike | None  # a Plan, a shipped plan's id or a package folder; None: the default


def unit_name(plan: Plan, unit: str, lang: str) -> str:
    """A unit's name in a chart's title.

    Parameters
    ----------
    plan : Plan
        The plan.
    unit : str
        The unit's slug.
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        :meth:`Plan.name` of the unit.
    """
    return plan.name(unit, lang)


def years_axis(ax, plan: Plan) -> None:
    """Put the plan's years, base to target, on a chart's x axis (a tick a year).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    plan : Plan
        The plan (its ``base_year`` and ``target_year``).
    """
    ax.set_xticks(range(plan.base_year, plan.target_year + 1))
    ax.set_xlim(plan.base_year - 0.2, plan.target_year + 0.2)

def palette(n: int) -> list:
    """``n`` distinguishable colours: Okabe-Ito-like ``colorblind`` for up to 10, then ``husl``.

    Parameters
    ----------
    n : int
        How many (the plan's units).

    Returns
    -------
    list
        RGB tuples.
    """
    return list(sns.color_palette("colorblind", n)) if n <= 10 else list(sns.color_palette("husl", n))
