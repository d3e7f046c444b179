"""Print a built page to an A4 PDF with Debian's Chromium (``jnjp build --pdf``).

Why Chromium: it renders the page exactly as a reader's browser does (the same HTML, the same
embedded font, the same print CSS in the ``jnjp`` nbconvert template: A4, charts never split), the
project already uses it for its browser tests, and it embeds the page's font subset in the PDF.
An HTML-to-PDF library (WeasyPrint) would be a second layout engine to keep in step, with
Pango/Cairo system libraries to install.

The footer (source, build date, page N / M) is a CSS ``@page`` margin box, added to a print-only
copy of the page, so the HTML page itself stays byte-reproducible. The build date is today's, or
``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.files import atomic_write
from jnjp_analysis.pages import webfont

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--no-pdf-header-footer", "--hide-scrollbars"]
FOOTER = {
    "zh": "资料来源：{source}；jnjp_analysis 计算 · 生成日期 {date}",
    "en": "Source: {source}; computed with jnjp_analysis · built {date}",
}
PAGE = {"zh": '"第 " counter(page) " 页，共 " counter(pages) " 页"', "en": '"page " counter(page) " of " counter(pages)'}


def chromium() -> str:
    """The Chromium executable that prints the PDFs: ``chromium`` on the PATH, else ``/usr/bin/chromium``.

    Returns
    -------
    str
        Path of the executable.

    Raises
    ------
    JnjpError
        If neither exists (``--pdf`` needs Chromium: ``apt-get install chromium``).
    """
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if exe is None:
        raise JnjpError("--pdf needs Chromium (Debian: apt-get install chromium); none was found")
    return exe


def build_date() -> str:
    """The build date the PDF footer prints: ``SOURCE_DATE_EPOCH``'s date when set, else today's (UTC).

    Returns
    -------
    str
        ISO date, ``YYYY-MM-DD``.

    Raises
    ------
    JnjpError
        If ``SOURCE_DATE_EPOCH`` is set but not a whole number of seconds since 1970
        (:func:`checks.source_date_epoch`).
    """
    from jnjp_analysis.checks import source_date_epoch

    epoch = source_date_epoch()
    when = dt.datetime.fromtimestamp(epoch, dt.UTC) if epoch is not None else dt.datetime.now(dt.UTC)
    return when.date().isoformat()


def footer_source(plan: object, lang: str) -> str:
    """The plan as the PDF footer cites it: its ``short_source`` label, else its ``source_title``, else its title.

    Parameters
    ----------
    plan : Plan, str, path-like or None
        The plan (None for the default).
    lang : str
        ``"zh"`` or ``"en"``.

    Returns
    -------
    str
        The citation.
    """
    from jnjp_analysis.plan.load import load

    p = load(plan)  # type: ignore[arg-type]
    w = p.words(lang)
    return str(w.get("short_source") or w.get("source_title") or p.title)


def print_version(page: str, lang: str, date: str, plan: object = None) -> str:
    """The page with its footer as @page margin boxes, and a font subset that covers the footer too.

    The page's embedded font (:func:`webfont.embed`) is replaced by one subset to the page's text
    plus the footer's; the page itself is not changed.

    Parameters
    ----------
    page : str
        A built HTML page.
    lang : str
        ``"zh"`` for the Chinese footer; any other value gives the English one.
    date : str
        The build date printed in the footer (:func:`build_date`).
    plan : Plan, str, path-like or None, optional
        The plan the page is of, cited in the footer (:func:`footer_source`); None for the default.

    Returns
    -------
    str
        The HTML of the print-only copy (A4, footer with source, date and "page N of M").
    """
    lg = "zh" if lang == "zh" else "en"
    footer = FOOTER[lg].format(date=date, source=footer_source(plan, lg))
    esc = footer.replace("\\", "\\\\").replace('"', '\\"')
    css = ("<style>@page{size:A4;margin:14mm 12mm 18mm 12mm;"
           f'@bottom-left{{content:"{esc}";font-size:7.5pt;color:#555;font-family:"{webfont.FAMILY}",sans-serif}}'
           f'@bottom-right{{content:{PAGE["zh" if lang == "zh" else "en"]};font-size:7.5pt;color:#555;'
           f'font-family:"{webfont.FAMILY}",sans-serif}}}}</style>\n')
    bare = re.sub(r'<style id="jnjp-embedded-font">.*?</style>\n', "", page, flags=re.S)
    chars = webfont.page_characters(bare) + footer + "第页共0123456789of "
    font = webfont.font_css("".join(sorted(set(chars))))
    return bare.replace("</head>", font + css + "</head>", 1)


def to_pdf(html_file: Path, pdf_file: Path, lang: str, timeout: int = 120, plan: object = None) -> None:
    """Print ``html_file`` to ``pdf_file`` (written to a temp file, then moved into place).

    Parameters
    ----------
    html_file : pathlib.Path
        A built HTML page (UTF-8).
    pdf_file : pathlib.Path
        Where the A4 PDF goes; replaced atomically.
    lang : str
        The page's language, for the footer (:func:`print_version`).
    timeout : int, default 120
        Seconds Chromium may take before the print is abandoned.
    plan : Plan, str, path-like or None, optional
        The plan the page is of (cited in the footer); None for the default.

    Raises
    ------
    JnjpError
        If Chromium is not installed (:func:`chromium`), or ``SOURCE_DATE_EPOCH`` is malformed.
    RuntimeError
        If Chromium fails or writes no PDF (with the end of its stderr).
    subprocess.TimeoutExpired
        If Chromium takes longer than ``timeout``.
    """
    exe = chromium()
    page = html_file.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="jnjp-pdf-") as tmp:
        src = Path(tmp) / "page.html"
        src.write_text(print_version(page, lang, build_date(), plan), encoding="utf-8")
        out = Path(tmp) / "page.pdf"
        r = subprocess.run([exe, *CHROMIUM_ARGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                            f"--print-to-pdf={out}", src.as_uri()], capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            raise RuntimeError(f"Chromium could not print {html_file.name}: {r.stderr.strip()[-500:]}")
        atomic_write(pdf_file, out.read_bytes())
