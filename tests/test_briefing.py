"""What the notebooks show, without running them: key figures, record handling, overview tables."""

import pytest

from jnjp_analysis import briefing, readers, trajectory


def test_key_figures_by_hand():
    kf = briefing.Briefing("chamdo", "en", n_draws=2000).key_figures()
    # annex 1 row of 昌都市: 9 %, 51, +46; annex 2: COD 0.444 of the regional 2.9 = 15.3103 %
    assert (kf["intensity_cut_pct"], kf["energy_2015_10k_tce"], kf["increment_10k_tce"]) == (9, 51, 46)
    assert kf["implied_gdp_growth_pct"] == pytest.approx(15.8863, abs=1e-4)
    assert kf["pollutant_share_of_regional_pct"]["cod"] == pytest.approx(100 * 0.444 / 2.9, abs=1e-4)
    assert kf["pacing_source"] == "scenario:central"


def test_record_of_actuals_drives_the_pacing(tmp_path):
    # 拉萨 2016: 215 -> 240 with 5 % growth: r = 1 - (240/215)/1.05 = -0.0631 -> intensity rose -> red
    f = tmp_path / "actuals.csv"
    f.write_text("year,energy_10k_tce,gdp_growth\n2016,240,0.05\n", encoding="utf-8")
    b = briefing.Briefing("lhasa", "zh", n_draws=1000, record_path=str(f))
    assert b.pacing_table["annual_cut"].iloc[0] == pytest.approx(1 - (240 / 215) / 1.05)
    kf = b.key_figures()
    assert kf["pacing_source"] == "record" and kf["pacing_first_red"] == 2016


def test_bad_record_names_file_row_and_column(tmp_path):
    f = tmp_path / "actuals.csv"
    f.write_text("year,energy_10k_tce\n2016,230\n2017,n/a\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"actuals.csv, row 3, column 'energy_10k_tce'"):
        readers.record(f)


def test_unknown_scenario_in_briefing():
    with pytest.raises(ValueError, match="unknown scenario"):
        briefing.Briefing("lhasa", central="boom")


def test_overview_tables_show_the_overshoot():
    ov = briefing.Overview("zh", n_draws=1000)
    rec = ov.reconciliation()
    assert (rec.iloc[:, -1] == "超出").sum() == 2  # NH3-N and SO2
    a1 = ov.annex1()
    assert f"{100 * trajectory.implied_gdp_growth('lhasa'):.2f}%" in set(a1.iloc[:, -1])
    en = briefing.Overview("en", n_draws=1000).scenario_table()
    assert "Region" in set(en["Prefecture"])


def test_every_scope_unit_check_and_status_has_both_labels():
    from jnjp_analysis import i18n, targets

    r = targets.regional_targets()
    rec = targets.reconcile()
    keys = ([f"scope_{x}" for x in r["scope"]] + [f"unit_{x}" for x in r["unit"]]
            + [f"recon_{x}" for x in rec["check"]] + [f"status_{x}" for x in rec["status"]]
            + [f"unit_{x}" for x in rec["unit"]])
    for k in keys:
        assert i18n.t(k, "zh") and i18n.t(k, "en"), k


def test_no_inline_labels_outside_i18n():
    """Words live in i18n: no '"…" if zh else "…"' left in the modules that make pages."""
    import re
    from pathlib import Path

    for name in ("briefing.py", "explorer.py", "charts.py", "display.py"):
        src = (Path(briefing.__file__).parent / name).read_text(encoding="utf-8")
        assert not re.search(r'if zh else|if (self\.)?lang == "zh"', src), name
