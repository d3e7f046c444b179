"""Extract every number a build states into a compact, diffable JSON fixture.

Usage::

    python tests/baseline/numbers_v0.1.0/extract.py REPORTS_DIR PROCESSED_DIR OUT_DIR [--full]

``REPORTS_DIR`` is what ``make reports`` (``jnjp build``) wrote, ``PROCESSED_DIR`` is
``data/processed``.  Writes into ``OUT_DIR``:

* ``<page>.json`` for every ``<page>.html`` in REPORTS_DIR except ``index.html``::

      {"page": "lhasa_en",
       "key_figures": <REPORTS_DIR/<page>.json parsed as-is, or null (the overview has none)>,
       "bundle": {<table>: {"columns": [...], "rows": [[cell text, ...], ...]}, ...},
       "bundle_json": {<member>.json: <parsed>, ...},      # provenance.json, and key_figures.json
                                                           # only if it differs from <page>.json
       "bundle_files": [<every member of <page>_data.zip>, ...],
       "page_text": [<visible text of the HTML page, one block per item; a chart's alt text
                     (<img alt>, or <svg role="img" aria-label>) as "[img] ...">],
       "page_numbers": [<every number token of page_text, in order>]}

* ``index.json``: ``page_text`` / ``page_numbers`` of ``index.html``;
* ``processed.json``: ``{<csv stem>: {"columns": [...], "rows": [...]}}`` for PROCESSED_DIR/*.csv.

Every CSV cell is kept as its text (nothing re-parsed, nothing rounded); an empty cell is ``""``.
Key-figure JSON is parsed with a check that every float re-serialises to exactly the text the build
wrote (Python's ``repr``), so ``json.dumps`` of the fixture gives back the build's numbers.

Compaction: a table with more than ``COMPACT_ROWS`` rows (only ``chart_double_control_map_grid``,
30 351 rows, in v0.1.0) is stored losslessly column by column instead of as ``rows``::

    {"columns": [...], "n_rows": N, "encoded": [<one per column>]}

each column encoded as the shortest of ``{"cells": [...]}``, ``{"runs": [[text, count], ...]}``
(run-length) or ``{"repeat": [...block...], "times": k}`` (the block k times over).
:func:`decode_table` turns any table back into ``(columns, rows)``; ``--full`` writes plain rows.

Stdlib only.  Import it (``importlib``) to reuse :func:`decode_table`, :func:`load_fixture`,
:func:`extract`, :func:`read_csv`.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

COMPACT_ROWS = 1000

# A number in visible text: ASCII digits not glued to an identifier (so `cap_2020_10k_tce` or
# `WS5c79b951` yield nothing, `2.52%`, `−12.35%` and `10^4` do), an optional sign (ASCII or U+2212).
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])[-−+]?\d+(?:\.\d+)?(?![A-Za-z0-9_])")


# -- CSV and tables -------------------------------------------------------------------------------
def read_csv(text: str) -> dict:
    """CSV text -> ``{"columns": header, "rows": [[cell text, ...], ...]}`` (cells untouched)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return {"columns": [], "rows": []}
    return {"columns": rows[0], "rows": rows[1:]}


def _runs(col: list) -> list:
    out: list = []
    for v in col:
        if out and out[-1][0] == v:
            out[-1][1] += 1
        else:
            out.append([v, 1])
    return out


def _repeat(col: list):
    n = len(col)
    for p in range(1, n // 2 + 1):
        if n % p == 0 and col[:p] * (n // p) == col:
            return {"repeat": col[:p], "times": n // p}
    return None


def _encode_column(col: list) -> dict:
    options = [{"cells": col}, {"runs": _runs(col)}]
    rep = _repeat(col)
    if rep is not None:
        options.append(rep)
    return min(options, key=lambda o: len(json.dumps(o, ensure_ascii=False)))


def _decode_column(enc: dict) -> list:
    if "cells" in enc:
        return list(enc["cells"])
    if "runs" in enc:
        return [v for v, k in enc["runs"] for _ in range(k)]
    if "repeat" in enc:
        return list(enc["repeat"]) * enc["times"]
    raise ValueError(f"unknown column encoding {sorted(enc)}")


def compact_table(table: dict) -> dict:
    """A ``{"columns", "rows"}`` table in the column-wise encoding (lossless; see the module doc)."""
    cols = [list(c) for c in zip(*table["rows"])] if table["rows"] else [[] for _ in table["columns"]]
    enc = {"columns": table["columns"], "n_rows": len(table["rows"]),
           "encoded": [_encode_column(c) for c in cols]}
    assert decode_table(enc) == (table["columns"], table["rows"]), "compaction is not lossless"
    return enc


def decode_table(table: dict) -> tuple[list, list]:
    """``(columns, rows)`` of a fixture table, plain or compacted; rows as lists of cell text."""
    if "rows" in table:
        return list(table["columns"]), [list(r) for r in table["rows"]]
    cols = [_decode_column(e) for e in table["encoded"]]
    rows = [list(r) for r in zip(*cols)] if cols else []
    if len(rows) != table["n_rows"]:
        raise ValueError(f"decoded {len(rows)} rows, expected {table['n_rows']}")
    return list(table["columns"]), rows


def _table(text: str, full: bool) -> dict:
    t = read_csv(text)
    return t if full or len(t["rows"]) <= COMPACT_ROWS else compact_table(t)


# -- JSON with an exactness check --------------------------------------------------------------------
def _exact_float(s: str) -> float:
    f = float(s)
    if repr(f) != s:
        raise ValueError(f"float {s!r} would not re-serialise to the same text ({f!r})")
    return f


def load_json_exact(text: str):
    """Parse JSON, refusing a float whose text Python would not write back identically."""
    return json.loads(text, parse_float=_exact_float)


# -- visible text of a page ---------------------------------------------------------------------------
class _Text(HTMLParser):
    BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "div", "title", "caption",
             "figcaption", "br", "table", "ul", "ol", "main", "body", "summary", "details", "dt", "dd",
             "blockquote", "pre", "section", "header", "footer", "nav", "figure", "thead", "tbody"}
    HIDDEN = {"style", "script", "svg", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.chunks: list[str] = []
        self.cur: list[str] = []

    def flush(self) -> None:
        t = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if t:
            self.chunks.append(t)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.skip += 1
        if tag in self.BLOCK:
            self.flush()
        a = dict(attrs)
        # a chart: an <img> with its alt text (0.1.0), or an inline <svg role="img"> with it as its
        # aria-label (issue 19); the text drawn inside the SVG is the chart's, not the page's
        label = a.get("alt") if tag == "img" else a.get("aria-label") if tag == "svg" and a.get("role") == "img" else None
        if label:
            self.flush()
            self.chunks.append("[img] " + re.sub(r"\s+", " ", label).strip())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def page_text(html: str) -> list[str]:
    """The visible text of an HTML page (style, script, svg dropped), one item per block, img alt included."""
    p = _Text()
    p.feed(html)
    p.close()
    p.flush()
    return p.chunks


def numbers_in(chunks: list[str]) -> list[str]:
    """Every number token in the text, in order."""
    return [m.group(0) for c in chunks for m in NUMBER.finditer(c)]


# -- the fixture -----------------------------------------------------------------------------------
def extract_page(reports: Path, stem: str, full: bool = False) -> dict:
    html = (reports / f"{stem}.html").read_text(encoding="utf-8")
    kf_path = reports / f"{stem}.json"
    kf_text = kf_path.read_text(encoding="utf-8") if kf_path.exists() else None
    out: dict = {"page": stem, "key_figures": load_json_exact(kf_text) if kf_text is not None else None,
                 "bundle": {}, "bundle_json": {}, "bundle_files": []}
    zpath = reports / f"{stem}_data.zip"
    if zpath.exists():
        with zipfile.ZipFile(zpath) as z:
            names = sorted(z.namelist())
            out["bundle_files"] = names
            for name in names:
                text = z.read(name).decode("utf-8")
                if name.endswith(".csv"):
                    out["bundle"][name[:-4]] = _table(text, full)
                elif name.endswith(".json"):
                    if name == "key_figures.json" and text == kf_text:
                        continue  # byte-identical to <page>.json: stored once, as key_figures
                    out["bundle_json"][name] = load_json_exact(text)
                else:
                    raise ValueError(f"{zpath.name}: unexpected member {name}")
    chunks = page_text(html)
    out["page_text"] = chunks
    out["page_numbers"] = numbers_in(chunks)
    return out


def extract(reports: Path, processed: Path, out_dir: Path, full: bool = False) -> list[Path]:
    """Write the fixture for a build into out_dir; return the files written."""
    reports, processed, out_dir = Path(reports), Path(processed), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    stems = sorted(p.stem for p in reports.glob("*.html") if p.name != "index.html")
    if not stems:
        raise SystemExit(f"no pages in {reports}")
    for stem in stems:
        written.append(_write(out_dir / f"{stem}.json", extract_page(reports, stem, full)))
    index = reports / "index.html"
    if index.exists():
        chunks = page_text(index.read_text(encoding="utf-8"))
        written.append(_write(out_dir / "index.json",
                              {"page": "index", "page_text": chunks, "page_numbers": numbers_in(chunks)}))
    csvs = sorted(processed.glob("*.csv"))
    if not csvs:
        raise SystemExit(f"no CSV in {processed}")
    proc = {p.stem: _table(p.read_text(encoding="utf-8"), full) for p in csvs}
    written.append(_write(out_dir / "processed.json", proc))
    return written


def load_fixture(directory: Path) -> dict:
    """``{file stem: parsed JSON}`` for every fixture JSON in a directory."""
    return {p.stem: load_json_exact(p.read_text(encoding="utf-8")) for p in sorted(Path(directory).glob("*.json"))}


# -- writing: compact but diffable (short scalar lists on one line, the rest one item a line) --------
def _dumps(obj, indent: int = 0) -> str:
    pad, sub = " " * indent, " " * (indent + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{sub}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        one = json.dumps(obj, ensure_ascii=False)
        if all(not isinstance(x, (dict, list)) for x in obj) and len(one) <= 200:
            return one
        if all(isinstance(x, list) and all(not isinstance(y, (dict, list)) for y in x) for x in obj):
            return "[\n" + ",\n".join(sub + json.dumps(x, ensure_ascii=False) for x in obj) + "\n" + pad + "]"
        return "[\n" + ",\n".join(sub + _dumps(x, indent + 1) for x in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def _write(path: Path, obj) -> Path:
    text = _dumps(obj) + "\n"
    assert json.loads(text) == obj
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) != 3 or flags - {"--full"}:
        print("usage: extract.py REPORTS_DIR PROCESSED_DIR OUT_DIR [--full]", file=sys.stderr)
        return 2
    written = extract(Path(args[0]), Path(args[1]), Path(args[2]), full="--full" in flags)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files, {total} bytes, into {args[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
