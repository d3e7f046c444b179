"""Pages that every reader can use: the language of each run of text, and landmarks.

A screen reader speaks a page in the language its ``<html lang>`` names; an English page that quotes
the plan (“西藏自治区数据暂缺”, 拉萨市, 前松后紧) would be read out as English letters. So every run of
Chinese characters in the text of an English page is wrapped in ``<span lang="zh-Hans">`` (WCAG 2.1,
success criterion 3.1.2, *Language of Parts*). Only text between tags is touched: not tags, not
attribute values, not the content of ``<style>``, ``<script>``, ``<title>`` or ``<textarea>`` (a
``<title>`` takes no markup; its language is the page's). Chinese pages are left as they are: their
Latin runs are names, units and commands (Lhasa, tce, LMDI, ``jnjp build``) that a Chinese voice reads
as it should.
"""

from __future__ import annotations

import re

# a run of Chinese: it starts and ends with an ideograph or CJK punctuation (a curly quote right before or
# after it belongs to it), with digits, spaces and quotes between; curly quotes alone (“proxy”, it’s) are English
_C = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_RUN = re.compile(rf"[“‘]?[{_C}](?:[{_C}0-9%‰·“”‘’\s]*[{_C}])?[”’]?")
_RAW = re.compile(r"(<(style|script|title|textarea)\b.*?</\2\s*>)|(<[^>]*>)", re.S | re.I)
LANG_ZH = "zh-Hans"


def _wrap(text: str) -> str:
    return _RUN.sub(lambda m: f'<span lang="{LANG_ZH}">{m.group(0)}</span>', text)


def mark_languages(page: str, lang: str) -> str:
    """``page`` (HTML) with each run of Chinese text in an English page marked ``lang="zh-Hans"``.

    Parameters
    ----------
    page : str
        A whole HTML page.
    lang : str
        The page's language, ``"zh"`` or ``"en"``; a Chinese page is returned unchanged.

    Returns
    -------
    str
        The page, with the same text and structure, Chinese runs in ``<span lang="zh-Hans">``.
    """
    if lang != "en":
        return page
    out, pos = [], 0
    for m in _RAW.finditer(page):
        out.append(_wrap(page[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_wrap(page[pos:]))
    return "".join(out)
