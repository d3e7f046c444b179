"""Qinghai's 14th-period plan (data/plans/qinghai-14fyp, issue 30): 青政〔2022〕46号 (2022-09-08) as reposted by
北极星碳管家网 (2022-09-28), whose targets are visible only in the reposter's summary sentence: energy intensity
−12.5 % (basic) and −14.5 % (incentive), the total in words, and reductions by key projects of COD, NH3-N, NOx
and VOCs of 0.48, 0.03, 0.55 and 0.15 万吨. The record holds the GDP growth that could be verified (2022 2.3 %,
2023 5.3 %, 2025 4.1 %)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from jnjp_analysis.errors import CatalogueError
from jnjp_analysis.plan.load import load

PKG = Path(__file__).resolve().parents[2] / "data" / "plans" / "qinghai-14fyp"
SENTENCE = "化学需氧量、氨氮、氮氧化物、挥发性有机物重点工程减排量分别达到0.48、0.03、0.55、0.15万吨"


def _csv(name):
    with (PKG / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_package_loads_with_the_four_amounts_read_in_order_from_the_sentence():
    plan = load("qinghai-14fyp")
    lines = plan.text_file.read_text(encoding="utf-8").splitlines()
    assert SENTENCE in lines[9 - 1]  # the reposter's summary, line 9
    # the n-th amount of the 分别 list is the n-th pollutant's
    assert [(p, v, line) for _, p, v, line in plan.reductions] == [
        ("cod", 0.48, 9), ("nh3n", 0.03, 9), ("nox", 0.55, 9), ("vocs", 0.15, 9)]
    t = plan.targets("qinghai")
    assert (t.intensity_cut, t.incentive_cut) == (0.125, 0.145)
    assert t.energy_base_10k_tce is None and t.increment_10k_tce is None  # no number made up for the total
    assert plan.total_stated == "words" and plan.total_words_quote == "能源消费总量得到合理控制"
    assert plan.document_number == "青政〔2022〕46号" and plan.slugs == ("qinghai",)
    assert plan.cuts == () and plan.caps == ()


def test_the_copy_says_it_is_a_repost_whose_target_sentence_is_the_reposters_summary():
    plan = load("qinghai-14fyp")
    c = plan.copy
    assert c["kind"] == "repost" and c["url"] == "https://news.bjx.com.cn/html/20220928/1257759.shtml"
    assert "二、主要目标" in c["not_visible"] and "summary" in c["note"]
    text = plan.text_file.read_text(encoding="utf-8")
    assert "青政〔2022〕46号" in text and "2022年9月8日" in text and "全文如下" in text


def test_a_swapped_amount_is_refused_naming_the_row(tmp_path):
    pkg = tmp_path / "qinghai-14fyp"
    shutil.copytree(PKG, pkg)
    t = pkg / "targets.csv"
    t.write_text(t.read_text(encoding="utf-8").replace("qinghai,cod_reduction_10k_t,0.48,0.48,9",
                                                       "qinghai,cod_reduction_10k_t,0.55,0.55,9"), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"targets\.csv, row 4, column 'value_text': 0\.55 in the sentence is "
                                              r"the number of 氮氧化物 \(nox\), not of cod_reduction_10k_t"):
        load(pkg)


def test_every_target_walks_to_its_quote():
    text = (PKG / "qinghai_14fyp_bjx_repost_2022-09-28.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    for r in _csv("targets.csv"):
        assert r["value_text"] in lines[int(r["source_line"]) - 1], r
        assert float(r["value"]) == float(r["value_text"]), r
    for r in _csv("catalogue.csv"):
        assert r["quote"] in text and r["value_text"].rstrip("%") in r["quote"], r["target_id"]
        assert float(r["value"]) == float(r["value_text"].rstrip("%")), r["target_id"]
    d = json.loads((PKG / "datapackage.json").read_text(encoding="utf-8"))
    for c in d["jnjp:plan"]["controlled_indicators"]:
        if c.get("stated") == "words":
            assert c["quote"] in lines[9 - 1]


# the verified values (the notes on provinces, rows Q2, Q3, Q4), percent as printed in each quote
GROWTH = {2021: ("5.7", "bcx.ltd"), 2022: ("2.3", "terratotal.com"), 2023: ("5.3", "253pk.com"), 2025: ("4.1", "cisceindiaresults.com")}


def test_every_record_value_walks_to_its_quote_and_nothing_else_is_recorded():
    rows = _csv("records/record.csv")
    assert {int(r["year"]): r["indicator"] for r in rows} == {2021: "gdp_growth", 2022: "gdp_growth",
                                                               2023: "gdp_growth", 2025: "gdp_growth"}
    for r in rows:
        printed, host = GROWTH[int(r["year"])]
        assert host in r["source_url"] and "hasakesitana" not in r["source_url"]  # not the spam host
        assert re.search(rf"增[长長]{re.escape(printed)}%", r["source_quote"]), r["year"]
        assert float(r["value"]) == pytest.approx(float(printed) / 100)  # 2.3 % → 0.023
        for c in ("source_title", "source_issuer", "source_date"):
            assert r[c], (r["year"], c)


def test_the_central_scenario_takes_the_observed_growth_and_the_even_pace():
    from jnjp_analysis import scenarios

    sc = scenarios.get("central", plan="qinghai-14fyp")
    g = sc.gdp_growth.loc["qinghai"]
    assert (g[2021], g[2022], g[2023], g[2025]) == (0.057, 0.023, 0.053, 0.041)  # the record's observed growth
    # the even pace of the basic 12.5 %: 1 − (1 − 0.125)^(1/5) = 1 − 0.875^0.2 = 0.026353 (0.875^0.2 = 0.973647)
    assert list(sc.energy_param.loc["qinghai"].round(6)) == [0.026353] * 5
    # 2024 is not observed from a clean source: the scenario is flagged a placeholder (every page says so) and its
    # rationale names the year
    rows = {r["parameter"]: r for r in _csv("scenarios.csv")}
    assert sc.placeholder and rows["gdp_growth"]["status"] == "placeholder"
    assert "PLACEHOLDER for 2024" in rows["gdp_growth"]["rationale"]


# -- slow: the built pages -----------------------------------------------------------------------
@pytest.mark.slow
def test_its_pages_build_in_both_languages_with_the_reductions(tmp_path):
    from _pages import TIBET_WORDS, built_texts

    found = built_texts(PKG, tmp_path / "out")
    for lang, col in (("zh", "重点工程减排量"), ("en", "removed by key projects")):
        page = found[f"qinghai_{lang}.html"]
        assert col in page
        for v in ("0.48", "0.03", "0.55", "0.15", "12.5%", "14.5%", "能源消费总量得到合理控制"):
            assert v in page, (lang, v)
        assert "news.bjx.com.cn" in page  # the copy's host under the title
        assert not [w for w in TIBET_WORDS if w in page], lang


# -- the plan form: Qinghai entered as an analyst would ------------------------------------------------
def _fill_qinghai(path):
    """Fill the template from the stored repost: the one unit 青海省, the intensity cut and its incentive level,
    the total in words and the four reductions, each from the summary sentence (line 9)."""
    from openpyxl import load_workbook
    from test_plan_form import _append, _keyed

    from jnjp_analysis.plan import form

    d = json.loads((PKG / "datapackage.json").read_text(encoding="utf-8"))["jnjp:plan"]
    wb = load_workbook(path)
    _keyed(wb[form.PLAN_SHEET], {
        "id": "qinghai-14fyp", "title": d["title"], "title_en": d["title_en"], "issuer": d["issuer"],
        "document_number": "青政〔2022〕46号", "date_published": "2022-09-08", "base_year": 2020, "target_year": 2025,
        "level": "province", "region_name": "青海省", "region_name_en": "Qinghai Province",
        "period_name_zh": "“十四五”", "period_name_en": "14th Five-Year"}, "value")
    _append(wb[form.UNITS_SHEET], "slug", _csv("units.csv"))
    _append(wb[form.POLLUTANTS_SHEET], "slug", d["pollutants"])  # each with target "reduction"
    _append(wb[form.CONTROLS_SHEET], "kind", [{"kind": "intensity_cut", "incentive": "yes"},
                                              {"kind": "total_increment", "stated": "words",
                                               "quote": "能源消费总量得到合理控制"}])
    rows = []
    for t in _csv("targets.csv"):
        ind, pol = t["indicator"], None
        if ind.endswith("_reduction_10k_t"):
            ind, pol = form.REDUCTION_INDICATOR, ind.removesuffix("_reduction_10k_t")
        rows.append({"unit": t["unit"], "indicator": ind, "pollutant": pol, "value": float(t["value"]),
                     "value_text": t["value_text"], "source_line": int(t["source_line"])})
    _append(wb[form.TARGETS_SHEET], "unit", rows)
    cat = []
    for c in _csv("catalogue.csv"):
        c = dict(c)
        c.update(base_year=int(c["base_year"]), target_year=int(c["target_year"]), value=float(c["value"]))
        cat.append(c)
    _append(wb[form.CATALOGUE_SHEET], "target_id", cat)
    for lang in ("zh", "en"):
        _keyed(wb[form.LABELS_SHEET], d["labels"][lang], lang)
    wb.save(path)


def test_the_plan_form_takes_qinghai_with_its_reductions(tmp_path):
    from jnjp_analysis.plan import form

    x = form.write_template(tmp_path / "plan.xlsx")
    _fill_qinghai(x)
    out, findings = form.import_form(x, PKG / "qinghai_14fyp_bjx_repost_2022-09-28.txt", tmp_path / "qinghai-14fyp")
    assert not [f for f in findings if f.level == "error"], [f.message for f in findings if f.level == "error"]
    p = load(out)
    assert [(u, pol, v, line) for u, pol, v, line in p.reductions] == [
        ("qinghai", "cod", 0.48, 9), ("qinghai", "nh3n", 0.03, 9), ("qinghai", "nox", 0.55, 9),
        ("qinghai", "vocs", 0.15, 9)]
    t = p.targets("qinghai")
    assert (t.intensity_cut, t.incentive_cut, t.energy_base_10k_tce) == (0.125, 0.145, None)
    # the shipped package's units, targets and catalogue are the form's, byte for byte (its descriptor adds by hand
    # the copy's provenance, jnjp:copy, which the form has no field for; its record and scenario are cited by hand)
    for f in ("units.csv", "targets.csv", "catalogue.csv"):
        assert (out / f).read_bytes() == (PKG / f).read_bytes(), f


def test_the_plan_form_refuses_a_swapped_reduction_naming_its_cell(tmp_path):
    from openpyxl import load_workbook
    from test_plan_form import _header

    from jnjp_analysis.plan import form

    x = form.write_template(tmp_path / "plan.xlsx")
    _fill_qinghai(x)
    wb = load_workbook(x)
    ws = wb[form.TARGETS_SHEET]
    hdr, col = _header(ws, "unit")
    row = next(r for r in range(hdr + 1, hdr + 10) if ws.cell(r, col["pollutant"]).value == "cod")
    ws.cell(row, col["value"]).value = 0.55  # NOx's amount given as COD's
    ws.cell(row, col["value_text"]).value = "0.55"
    wb.save(x)
    with pytest.raises(form.FormRefused) as ei:
        form.import_form(x, PKG / "qinghai_14fyp_bjx_repost_2022-09-28.txt", tmp_path / "out")
    errs = [f for f in ei.value.findings if f.level == "error"]
    assert errs and errs[0].row == row and "氮氧化物" in errs[0].message, [(f.row, f.message) for f in errs]
