"""What the notebooks show, without running them: key figures, record handling, overview tables."""

import pytest

from jnjp_analysis.pages import briefing
from jnjp_analysis.plan.load import load as _load_plan

TIBET = _load_plan("xizang-13fyp")  # below the pages a plan is required, never defaulted


def test_key_figures_by_hand():
    kf = briefing.Briefing("chamdo", "en", n_draws=2000).key_figures()
    # annex 1 row of 昌都市: 9 %, 51, +46; annex 2: COD 0.444 of the regional 2.9 = 15.3103 %
    assert (kf["intensity_cut_pct"], kf["energy_base_10k_tce"], kf["increment_10k_tce"]) == (9, 51, 46)
    # implied growth: 97 / (51 * 0.91) = 2.090067; ln = 0.737196, /5 = 0.147439, e^x - 1 = 15.8863 %
    assert kf["implied_gdp_growth_pct"] == pytest.approx(15.8863, abs=1e-4)
    assert kf["pollutant_share_of_regional_pct"]["cod"] == pytest.approx(15.3103, abs=1e-4)
    assert kf["pacing_source"] == "scenario:central"


def test_a_record_feeds_the_record_section_and_the_pacing_stays_a_scenario(tmp_path):
    # 拉萨 2016: 215 -> 240 with 5 % growth: r = 1 - (240/215)/1.05 = -0.0631 -> intensity rose -> red
    f = tmp_path / "actuals.csv"
    f.write_text("unit,year,indicator,value,status,source_title,source_issuer,source_date,source_url,source_quote,note\n"
                 "lhasa,2016,energy_10k_tce,240,final,Yearbook,TJJ,2017,,,\n"
                 "lhasa,2016,gdp_growth,0.05,final,Yearbook,TJJ,2017,,,\n", encoding="utf-8")
    b = briefing.Briefing("lhasa", "en", n_draws=1000, record_path=str(f))
    kf = b.key_figures()
    assert kf["pacing_source"] == "scenario:central"  # the pacing section checks a scenario, labelled as one
    assert kf["record_rated"] and kf["record_last_light"] == "red"
    text = b.record_summary()
    assert "2016 red" in text and "The record ends in 2016." in text and "actuals.csv" in text
    assert b.record_lights() is not None


def test_the_shipped_record_section_in_plain_words():
    b = briefing.Briefing("lhasa", "en", n_draws=1000)
    text = b.record_summary()
    # the region's 2016-2020 average growth 9 % (shipped record) as a labelled proxy, 拉萨 annex 1:
    # 1.09^5 = 1.538624; 215 × 1.538624 = 330.8041; × (1 − 0.12) = 291.1077 (see tests/test_records.py)
    assert "about 291.1 × 10^4 tce" in text and "proxy" in text and "the cap never bound" in text
    assert "西藏自治区数据暂缺" in text and "Without energy consumption the barometer cannot be lit" in text
    src = b.record_sources()
    # the record format's label is a package's text, escaped in the Markdown source (the page shows it plain)
    assert r"2018, real GDP growth on the previous year \(comparable prices\): **9.1%** (not stated)" in src
    assert "<http://www.tjcn.org/tjgb/26xz/36827.html>" in src and "1902.74 10^8 yuan, current prices" in src
    kf = b.key_figures()
    assert kf["record_ceiling_target_10k_tce"] == pytest.approx(291.1077, abs=1e-3) and kf["record_growth_basis"] == "proxy: region"


def test_the_overview_leads_with_the_warning_list():
    ov = briefing.Overview("en", n_draws=1000)
    assert "No unit can be rated" in ov.warning_summary() and ov.warning_table() is None
    # 1.09^5 = 1.538624; 456 × 1.538624 = 701.6125; × (1 − 0.10) = 631.4513, shown as 631.5
    assert "631.5" in ov.warning_summary()
    assert (ov.assessment_table().iloc[:, 1:] == "no data").all().all()


def test_unknown_scenario_in_briefing():
    with pytest.raises(ValueError, match="unknown scenario"):
        briefing.Briefing("lhasa", central="boom")


def test_overview_tables_show_the_overshoot():
    ov = briefing.Overview("zh", n_draws=1000)
    rec = ov.reconciliation()
    assert (rec.iloc[:, -1] == "超出").sum() == 2  # NH3-N and SO2
    a1 = ov.annex1()
    # 拉萨 implied growth: 305 / (215 × 0.88) = 1.612051; ^(1/5) = 1.100210 -> 10.02 %
    assert "10.02%" in set(a1.iloc[:, -1])
    en = briefing.Overview("en", n_draws=1000).scenario_table()
    assert "Region" in set(en["Prefecture"])


def test_every_scope_unit_check_and_status_has_both_labels():
    from jnjp_analysis import i18n
    from jnjp_analysis.plan import catalogue as targets

    r = targets.regional_targets(plan=TIBET)
    rec = targets.reconcile(plan=TIBET)
    keys = ([f"scope_{x}" for x in r["scope"]] + [f"unit_{x}" for x in r["unit"]]
            + [f"recon_{x}" for x in rec["check"]] + [f"status_{x}" for x in rec["status"]]
            + [f"unit_{x}" for x in rec["unit"]])
    from jnjp_analysis.plan.load import load

    plan = load()  # the reconciliation labels say the plan's years
    for k in keys:
        assert i18n.t(k, "zh", plan=plan) and i18n.t(k, "en", plan=plan), k


def test_no_inline_labels_outside_i18n():
    """Words live in i18n: no '"…" if zh else "…"' left in the modules that make pages."""
    import re
    from pathlib import Path

    for name in ("briefing.py", "overview.py", "page_base.py", "explorer.py", "charts.py", "chart_base.py",
                 "charts_map.py", "charts_region.py", "charts_record.py", "display.py", "record_view.py"):
        src = (Path(briefing.__file__).parent / name).read_text(encoding="utf-8")
        assert not re.search(r'if zh else|if (self\.)?(lang|L) == "zh"', src), name
