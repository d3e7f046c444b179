"""The page's CSS cut down to the rules that can apply to it.

nbconvert's ``lab`` template inlines all of JupyterLab's stylesheet (≈ 240 KB: the code editor, the
file browser, dialogs, widgets, 370 theme variables) into every page; a built briefing uses a few
dozen of its rules. :func:`prune` keeps, in each ``<style>`` of a page,

* every rule whose selector list has at least one selector that can match the page: one whose
  classes (outside functional pseudo-classes such as ``:not(…)``, ``:is(…)``) all occur in a
  ``class`` attribute of the page (ids, element names, attributes and pseudo-classes are not
  judged: such a selector is kept). The selector list is kept as written, so a list that a browser
  drops for one selector it cannot parse is still dropped;
* every at-rule but ``@media``/``@supports``/``@layer``/``@container`` as written (``@font-face``,
  ``@keyframes``, ``@page``…); those four are pruned inside;
* every custom property (``--jp-…``) that a kept declaration or the page's own ``style``
  attributes use, directly or through another property; the others are dropped;

and drops comments. A page has no script, so no class appears later than the page is written: a
rule dropped here could never apply. The result depends on the page only (deterministic).
``tests/test_page_css.py`` checks that a pruned page renders pixel for pixel as the full one.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NESTED = ("@media", "@supports", "@layer", "@container")
_STYLE = re.compile(r"(<style\b[^>]*>)(.*?)(</style>)", re.S | re.I)
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_CLASS = re.compile(r"\.(-?[_a-zA-Z\u00a0-\uffff][\w\u00a0-\uffff-]*)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_KEEP_IDS = ("jnjp-embedded-font",)  # the font's own <style> (webfont.embed) is never touched


def _string_end(text: str, i: int) -> int:
    """The index just after the quoted string that opens at ``text[i]`` (a backslash escapes the
    next character; an unclosed string runs to the end)."""
    q, j, n = text[i], i + 1, len(text)
    while j < n and text[j] != q:
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _strip_comments(css: str) -> str:
    out, i, n = [], 0, len(css)
    while i < n:
        c = css[i]
        if c in "\"'":
            j = _string_end(css, i)
            out.append(css[i:j])
            i = j
        elif css.startswith("/*", i):
            j = css.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _parse(css: str) -> list:
    """Statements: ``(prelude, body)`` with body a str (declarations, or an at-rule kept whole), a
    list (a nested block), or None (a statement ending in ``;``)."""
    pos = 0
    n = len(css)

    def block(end_at_brace: bool) -> list:
        nonlocal pos
        items: list = []
        start = pos
        while pos < n:
            c = css[pos]
            if c in "\"'":
                pos = _string_end(css, pos)
            elif c == ";" and css[start:pos].lstrip().startswith("@"):
                items.append((css[start:pos].strip(), None))
                pos += 1
                start = pos
            elif c == "{":
                prelude = css[start:pos].strip()
                pos += 1
                if prelude.lower().startswith(_NESTED):
                    items.append((prelude, block(True)))
                else:
                    items.append((prelude, _body()))
                start = pos
            elif c == "}":
                pos += 1
                if end_at_brace:
                    return items
                start = pos
            else:
                pos += 1
        return items

    def _body() -> str:
        nonlocal pos
        depth, start = 1, pos
        while pos < n:
            c = css[pos]
            if c in "\"'":
                pos = _string_end(css, pos)
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    pos += 1
                    return css[start:pos - 1]
            pos += 1
        return css[start:]

    return block(False)


def _scan(text: str):
    """``(index, character, depth)`` for each character of ``text`` outside strings (quoted
    strings are skipped whole); ``depth`` counts the ``(`` and ``[`` open around it, the bracket
    itself included on opening and excluded on closing."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            i = _string_end(text, i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        yield i, c, depth
        i += 1


def _split(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside parentheses, brackets and strings."""
    parts, start = [], 0
    for i, c, depth in _scan(text):
        if c == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _required_classes(selector: str) -> frozenset:
    """The classes an element chain must carry for ``selector`` to match: those outside ``(…)``,
    ``[…]`` and strings."""
    out = [c if depth == 0 and c not in ")]" else " " for _, c, depth in _scan(selector)]
    return frozenset(_CLASS.findall("".join(out)))


@lru_cache(maxsize=32)
def _sheet(css: str) -> tuple:
    """The parsed sheet, each style rule with the class sets of its selectors (cached: every page
    of a build carries the same stylesheets)."""

    def walk(items: list) -> tuple:
        out = []
        for prelude, body in items:
            if isinstance(body, list):
                out.append(("nested", prelude, walk(body)))
            elif body is None or prelude.startswith("@"):
                out.append(("verbatim", prelude, body))
            else:
                decls = tuple(d.strip() for d in _split(body, ";") if d.strip())
                sels = tuple(_required_classes(s) for s in _split(prelude, ","))
                out.append(("rule", prelude, (sels, decls)))
        return tuple(out)

    return walk(_parse(_strip_comments(css)))


def _prop(decl: str) -> str:
    return decl.split(":", 1)[0].strip()


def _kept(sheet: tuple, classes: frozenset) -> list:
    out = []
    for kind, prelude, body in sheet:
        if kind == "nested":
            inner = _kept(body, classes)
            if inner:
                out.append((kind, prelude, inner))
        elif kind == "verbatim":
            out.append((kind, prelude, body))
        else:
            sels, decls = body
            if any(s <= classes for s in sels):
                out.append((kind, prelude, decls))
    return out


def _walk_decls(items: list):
    for kind, _prelude, body in items:
        if kind == "nested":
            yield from _walk_decls(body)
        elif kind == "rule":
            yield from body


def _used_variables(items: list, inline_styles: str) -> set[str]:
    defs: dict[str, list[str]] = {}
    used: set[str] = set(_VAR.findall(inline_styles))
    for kind, _prelude, body in items:
        if kind == "verbatim" and body is not None:
            used.update(_VAR.findall(body))
    for d in _walk_decls(items):
        p = _prop(d)
        if p.startswith("--"):
            defs.setdefault(p, []).append(d)
        else:
            used.update(_VAR.findall(d))
    todo = list(used)
    while todo:
        for d in defs.get(todo.pop(), ()):
            for v in _VAR.findall(d.split(":", 1)[1] if ":" in d else ""):
                if v not in used:
                    used.add(v)
                    todo.append(v)
    return used


def _write(items: list, used: set[str]) -> str:
    out = []
    for kind, prelude, body in items:
        if kind == "nested":
            inner = _write(body, used)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif kind == "verbatim":
            out.append(f"{prelude};" if body is None else f"{prelude}{{{body.strip()}}}")
        else:
            decls = [d for d in body if not _prop(d).startswith("--") or _prop(d) in used]
            if decls:
                out.append(f"{prelude}{{{';'.join(decls)}}}")
    return "\n".join(out)


def page_classes(page: str) -> frozenset:
    """Every class named in a ``class`` attribute of ``page`` (outside its ``<style>`` elements).

    Parameters
    ----------
    page : str
        An HTML page.

    Returns
    -------
    frozenset of str
        The class names.
    """
    bare = _STYLE.sub(" ", page)
    return frozenset(c for m in _CLASS_ATTR.finditer(bare) for c in (m.group(1) or m.group(2) or "").split())


def prune(page: str) -> str:
    """``page`` with each ``<style>`` cut down to what can apply to it (module doc).

    Parameters
    ----------
    page : str
        An HTML page without scripts.

    Returns
    -------
    str
        The page, its markup unchanged, its style sheets pruned and without comments.
    """
    classes = page_classes(page)
    bare = _STYLE.sub(" ", page)
    inline = " ".join(m.group(1) or m.group(2) or "" for m in _STYLE_ATTR.finditer(bare))
    blocks = [m for m in _STYLE.finditer(page) if not any(f'id="{i}"' in m.group(1) for i in _KEEP_IDS)]
    kept = [_kept(_sheet(m.group(2)), classes) for m in blocks]
    used = _used_variables([k for items in kept for k in items], inline)
    out, pos = [], 0
    for m, items in zip(blocks, kept):
        out.append(page[pos:m.start()])
        text = _write(items, used)
        if text:
            out.append(f"{m.group(1)}\n{text}\n{m.group(3)}")
        pos = m.end()
    out.append(page[pos:])
    return "".join(out)
