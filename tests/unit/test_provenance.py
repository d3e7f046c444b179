"""A package that holds only a repost, a summary or an excerpt of its plan says so (``jnjp:copy`` on its
``plan`` resource), and every page says it under its title (issue 30, item 7).

The package is the INVENTED one-unit fixture tests/plans/synthetic-words with a copy declared on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import PlanError
from jnjp_analysis.plan.load import load

WORDS = Path(__file__).parents[1] / "plans" / "synthetic-words"
COPY = {"kind": "summary", "host": "news.example.org <b>", "url": "https://news.example.org/1.html",
        "not_visible": "the plan's own clause 二、主要目标 and its annex", "note": "invented for a test"}


def _package(tmp_path: Path, copy: object) -> Path:
    pkg = tmp_path / "synthetic-words"
    shutil.copytree(WORDS, pkg)
    dp = pkg / "datapackage.json"
    d = json.loads(dp.read_text(encoding="utf-8"))
    next(r for r in d["resources"] if r["name"] == "plan")["jnjp:copy"] = copy
    dp.write_text(json.dumps(d, ensure_ascii=False, indent=2), encoding="utf-8")
    return pkg


def test_the_copy_is_held_and_said_under_every_title(tmp_path):
    from jnjp_analysis.pages.briefing import Briefing

    plan = load(_package(tmp_path, COPY))
    assert plan.copy["kind"] == "summary" and plan.copy["url"] == "https://news.example.org/1.html"
    zh = Briefing("jia", lang="zh", plan=plan, scenario_names=None).title()
    en = Briefing("jia", lang="en", plan=plan, scenario_names=None).title()
    assert "新闻摘要" in zh and "并非官方全文" in zh and "二、主要目标" in zh
    assert "news summary" in en and "not the official text" in en and "its annex" in en
    for title in (zh, en):  # the host is a user's text: escaped, never markup
        assert "<b>" not in title and "&lt;b&gt;" in title


def test_the_chinese_page_says_what_is_not_visible_in_chinese(tmp_path):
    from jnjp_analysis.pages.briefing import Briefing

    plan = load(_package(tmp_path, {**COPY, "not_visible_zh": "方案原文“二、主要目标”及其附件"}))
    zh = Briefing("jia", lang="zh", plan=plan, scenario_names=None).title()
    en = Briefing("jia", lang="en", plan=plan, scenario_names=None).title()
    assert "方案原文“二、主要目标”及其附件" in zh and "its annex" not in zh
    assert "its annex" in en and "及其附件" not in en


def test_the_chinese_page_names_the_host_in_chinese_where_given(tmp_path):
    from jnjp_analysis.pages.briefing import Briefing

    plan = load(_package(tmp_path, {**COPY, "host_zh": "某转载网站<b>（中文）"}))
    zh = Briefing("jia", lang="zh", plan=plan, scenario_names=None).title()
    en = Briefing("jia", lang="en", plan=plan, scenario_names=None).title()
    assert "某转载网站&lt;b&gt;（中文）" in zh and "某转载网站" not in en  # escaped; the English page keeps `host`


def test_a_package_without_a_copy_declared_says_nothing(tmp_path):
    from jnjp_analysis.pages.briefing import Briefing

    plan = load(WORDS)
    assert plan.copy is None
    b = Briefing("jia", lang="en", plan=plan, scenario_names=None)
    assert b.provenance() == "" and "not the official text" not in b.title()


@pytest.mark.parametrize("copy, field", [
    ({**COPY, "kind": "rumour"}, "kind"),
    ({**COPY, "not_visible": ""}, "not_visible"),
    ({**COPY, "url": "ftp://x"}, "url"),
    ({**COPY, "extra": 1}, "unknown field"),
    ("a summary", "must be an object"),
])
def test_a_malformed_copy_is_refused_naming_the_field(tmp_path, copy, field):
    with pytest.raises(PlanError, match="jnjp:copy") as e:
        load(_package(tmp_path, copy))
    assert field in str(e.value)
