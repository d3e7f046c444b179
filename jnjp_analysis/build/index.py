"""The index page of a build (``<out>/index.html``): every report on disk with a few key figures, its
data and PDF, and the failures of this build — rendered from the Jinja2 template
``build/templates/index.html.j2``, every value escaped, with its font subset embedded; an index no
build wrote is not replaced.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jnjp_analysis.build.jobs import Job, Outcome, PlanArg
from jnjp_analysis.checks import JnjpError
from jnjp_analysis.files import atomic_write as _atomic_write
from jnjp_analysis.i18n import LANGS, t
from jnjp_analysis.pages import a11y, webfont
from jnjp_analysis.plan.load import load

TEMPLATES = Path(__file__).resolve().parent / "templates"  # index.html.j2


@lru_cache(maxsize=1)
def _template() -> Any:
    """The index template; every value it shows is escaped (``|h``: :func:`html.escape`, the escaping of
    the pages; anything without it by Jinja's autoescape)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True,
                      undefined=StrictUndefined)
    env.filters["h"] = lambda s: Markup(html.escape(str(s)))
    return env.get_template("index.html.j2")


def write_index(out: Path, jobs: list[Job], outcomes: dict[str, Outcome], plan: PlanArg = None) -> None:
    """reports/index.html: every report that exists, with a few key figures, and the failures.

    Parameters
    ----------
    out : Path
        The output folder.
    jobs : list of Job
        The reports of this build, listed in this order by language.
    outcomes : dict of str to Outcome
        {job name: outcome} of this build; a job without one is listed as it is on disk.
    plan : Plan, str, path-like or None, optional
        The plan the pages are of (its title heads the index); None for the default.
    """
    the_plan = load(plan)
    zh, en = the_plan.words("zh"), the_plan.words("en")
    from jnjp_analysis.pages.display import topic

    h_zh, h_en = (t("index_title", lang, plan=the_plan, topic=topic(the_plan, lang)) for lang in ("zh", "en"))
    page_title = str(zh.get("index_page_title") or f"{t('index_title', 'zh', plan=the_plan, topic=topic(the_plan, 'zh'))} · "
                                                   f"{t('index_title', 'en', plan=the_plan, topic=topic(the_plan, 'en'))}")
    rows: list[dict[str, Any]] = []
    for lang in LANGS:
        for j in [j for j in jobs if j.lang == lang]:
            exists = (out / f"{j.name}.html").exists()
            o = outcomes.get(j.name)
            kf = {}
            if (out / f"{j.name}.json").exists():
                kf = json.loads((out / f"{j.name}.json").read_text(encoding="utf-8"))
            figs: list[dict[str, str | None]] = []
            if kf.get("lead") == "carbon":  # a carbon-led plan: its carbon target, the even pace, what is observed
                seen = (f"{kf['carbon_change_cum_pct']:.2f}% to {kf['carbon_observed_to']}"
                        if kf.get("carbon_observed_to") is not None else "no year observed")
                figs.append({"text": f"CO2/GDP −{kf['carbon_intensity_cut_pct']:g}% · even "
                                     f"{kf['even_annual_carbon_cut_pct']:.2f}%/yr · {seen}", "href": None})
            elif kf and "cap_target_10k_tce" in kf:
                figs.append({"text": f"{kf['intensity_cut_pct']:g}% / {kf['cap_target_10k_tce']:g} · "
                                     f"{kf['central_binding']} · P(both) {100 * kf['p_both']:.1f}% · {kf['pacing_verdict']}",
                             "href": None})
            elif kf:  # a total stated in words or not at all: no cap, binding control or P(both); its words instead
                words = f"“{kf['total_words_quote']}”" if kf.get("total_words_quote") else "no total"
                p_int = f"{100 * kf['p_intensity']:.1f}%" if kf.get("p_intensity") is not None else "–"
                # an observed target year: what the record says, not the central scenario's outlook
                outcome = (f"{kf['target_year']} record: " + ", ".join(f"{k} {v['status']}" for k, v in kf["record_result"].items())
                           if kf.get("record_result") else f"P(intensity) {p_int} · {kf['pacing_verdict']}")
                figs.append({"text": f"{kf['intensity_cut_pct']:g}% · {words} · {outcome}", "href": None})
            if kf:  # the key figures beside the page, for every plan
                figs.append({"text": "JSON", "href": f"{j.name}.json"})
            for suffix, label in (("_data.zip", "data (CSV)"), (".pdf", "PDF")):
                if exists and (out / f"{j.name}{suffix}").exists():
                    figs.append({"text": label, "href": f"{j.name}{suffix}"})
            rows.append({"earlier": False, "lang": lang, "name": j.name, "title": j.title, "exists": exists,
                         "failed": not (o is None or o.ok), "figs": figs})
    # reports from earlier builds that this build did not touch
    listed = {j.name for j in jobs}
    others = sorted(p.stem for p in out.glob("*.html") if p.stem != "index" and p.stem not in listed)
    rows += [{"earlier": True, "name": name} for name in others]
    page = _template().render(
        lang_zh=a11y.LANG_ZH, page_title=page_title, h_zh=h_zh, h_en=h_en, source=f"《{the_plan.title}》",
        issued=str(en["issued"]) if en.get("issued") else "", cap_words=f"{the_plan.target_year} cap", numeric_total=the_plan.has_numeric_total, rows=rows)
    _write_index_page(out, page)


def _write_index_page(out: Path, page: str) -> None:
    """Write index.html with its font; skip the subsetting (≈ 0.5 s) when neither the index's text
    nor the file on disk changed since the last build (recorded in the build cache folder)."""
    import hashlib

    from jnjp_analysis.build.cache import CACHE_DIRNAME, file_sha

    memo = out / CACHE_DIRNAME / "index.json"
    want = hashlib.sha256(page.encode("utf-8")).hexdigest()
    target = out / "index.html"
    try:
        m = json.loads(memo.read_text(encoding="utf-8"))
        if m["page"] == want and target.exists() and file_sha(target) == m["file"]:
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    _atomic_write(target, webfont.embed(page))
    memo.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(memo, json.dumps({"page": want, "file": file_sha(target)}))


def refuse_foreign_index(out: Path) -> None:
    """An ``index.html`` in the output folder that no jnjp build wrote (a website's own front page,
    say) is not replaced without ``--force``: the build cache records the hash of every index it
    writes.

    Parameters
    ----------
    out : Path
        The output folder.

    Raises
    ------
    JnjpError
        If ``out/index.html`` exists and is not the index the last build wrote.
    """
    from jnjp_analysis.build.cache import CACHE_DIRNAME, file_sha

    target = out / "index.html"
    if not target.exists():
        return
    try:
        m = json.loads((out / CACHE_DIRNAME / "index.json").read_text(encoding="utf-8"))
        if file_sha(target) == m["file"]:
            return
    except (OSError, ValueError, KeyError, TypeError):
        pass
    raise JnjpError(f"{target} was not written by jnjp build (or was edited since): it is not replaced. Build into "
                    "another --out (an empty folder), or pass --force to replace it")
