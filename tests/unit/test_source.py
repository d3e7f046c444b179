"""The raw source and the annex tables parsed from it.

Expected numbers are read off the annex tables of the plan by eye (data/plans/xizang-13fyp/…_2018.txt, lines 54-75),
not from the parser.
"""

import hashlib

import pandas as pd
import pytest

from jnjp_analysis.errors import UnknownUnitError
from jnjp_analysis.plan import xizang_13fyp as source
from jnjp_analysis.plan.load import load

TIBET = load("xizang-13fyp")  # below the pages a plan is required, never defaulted

# Annex 1, typed from the document: slug -> (cut %, 2015 consumption, increment), 10^4 tce
ANNEX1 = {
    "lhasa": (12, 215, 90), "shigatse": (9, 78, 59), "chamdo": (9, 51, 46), "nyingchi": (11, 26, 17),
    "shannan": (10, 54, 24), "nagqu": (9, 20, 17), "ngari": (10, 12, 8),
}
# Worked by hand from the rows above: slug -> (cut as a fraction, 2020 cap = 2015 consumption + increment)
DERIVED = {
    "lhasa": (0.12, 305),     # 12 %; 215 + 90
    "shigatse": (0.09, 137),  # 9 %; 78 + 59
    "chamdo": (0.09, 97),     # 9 %; 51 + 46
    "nyingchi": (0.11, 43),   # 11 %; 26 + 17
    "shannan": (0.10, 78),    # 10 %; 54 + 24
    "nagqu": (0.09, 37),      # 9 %; 20 + 17
    "ngari": (0.10, 20),      # 10 %; 12 + 8
}
# Annex 2, typed from the document: slug -> (COD, NH3-N, SO2, NOx), 10^4 t
ANNEX2 = {
    "lhasa": (1.160, 0.119, 0.157, 1.750), "shigatse": (0.631, 0.079, 0.048, 0.574),
    "chamdo": (0.444, 0.058, 0.099, 0.994), "nyingchi": (0.203, 0.029, 0.002, 0.681),
    "shannan": (0.246, 0.035, 0.047, 0.456), "nagqu": (0.130, 0.017, 0.108, 0.527),
    "ngari": (0.069, 0.007, 0.077, 0.291),
}


def test_raw_file_is_the_seed_byte_for_byte():
    """The hash recorded in data/plans/xizang-13fyp/datapackage.json is the seed's, computed here by hashlib (the
    seed file shared/seeds/000_0b3171bbbd416ff2.txt hashes to adc8661a…29ea)."""
    data = source.PLAN_FILE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == "adc8661a24eccfec74c698ef31b1bc61b576534ecd8d14f58650a07bef9129ea"
    assert source.recorded_sha256() == "adc8661a24eccfec74c698ef31b1bc61b576534ecd8d14f58650a07bef9129ea"
    assert len(data) == 33_312


def test_annex1_matches_the_document():
    df = source.energy_targets()
    # the annex's row order: 拉萨市, 日喀则市, 昌都市, 林芝市, 山南市, 那曲地区, 阿里地区
    assert list(df["unit"]) == ["lhasa", "shigatse", "chamdo", "nyingchi", "shannan", "nagqu", "ngari"]
    for row in df.itertuples():
        cut, e15, inc = ANNEX1[row.unit]
        assert row.intensity_cut_pct == cut
        cut_fraction, cap = DERIVED[row.unit]
        assert row.intensity_cut == pytest.approx(cut_fraction, abs=1e-12)
        assert row.energy_2015_10k_tce == e15
        assert row.increment_10k_tce == inc
        assert row.cap_2020_10k_tce == cap


def test_annex1_broken_rows_of_nagqu_and_ngari():
    """The source prints '区  那曲地 9  20  17' and '区  阿里地 10  12  8': the name's last character
    wraps to the front. The parser must still give 那曲地区 = (9, 20, 17), 阿里地区 = (10, 12, 8)."""
    text = source.raw_text()
    assert "区  那曲地 9  20  17" in text and "区  阿里地 10  12  8" in text  # the layout we handle
    df = source.energy_targets().set_index("unit")
    assert tuple(df.loc["nagqu", ["intensity_cut_pct", "energy_2015_10k_tce", "increment_10k_tce"]]) == (9, 20, 17)
    assert tuple(df.loc["ngari", ["intensity_cut_pct", "energy_2015_10k_tce", "increment_10k_tce"]]) == (10, 12, 8)
    lines = text.splitlines()
    assert lines[df.loc["nagqu", "source_line"] - 1].startswith("区  那曲地")


def test_annex2_matches_the_document():
    df = source.pollutant_caps()
    assert len(df) == 7 * 4
    wide = df.pivot(index="unit", columns="pollutant", values="cap_2020_10k_t")
    for slug, vals in ANNEX2.items():
        assert tuple(wide.loc[slug, ["cod", "nh3n", "so2", "nox"]]) == pytest.approx(vals, abs=1e-12)
    assert set(df["pollutant"]) == {"cod", "nh3n", "so2", "nox"}


def test_units_are_carried():
    assert "10^4 tce" in source.energy_targets().attrs["units"]["energy_2015_10k_tce"]
    assert "10^4 t" in source.pollutant_caps().attrs["units"]["cap_2020_10k_t"]


def test_missing_row_names_annex_and_lines(altered_plan):
    p = altered_plan("林芝市  11  26  17", "")
    with pytest.raises(source.SourceParseError, match=r"annex 1 .*林芝市"):
        source.energy_targets(p)


def test_unreadable_value_names_annex_and_line(altered_plan):
    p = altered_plan("日喀则市  0.631", "日喀则市  0.6x1")
    with pytest.raises(source.SourceParseError, match=r"annex 2, line 69 \(日喀则市\)"):
        source.pollutant_caps(p)


def test_missing_value_names_line(altered_plan):
    p = altered_plan("昌都市  9  51  46", "昌都市  9  51")
    with pytest.raises(source.SourceParseError, match=r"annex 1, line 58 \(昌都市\): expected 3 readable numbers"):
        source.energy_targets(p)


def test_unrecognisable_broken_row(altered_plan):
    p = altered_plan("区  那曲地 9", "区  那地 9")
    with pytest.raises(source.SourceParseError, match=r"annex 1, line 62"):
        source.energy_targets(p)


def test_changed_pollutant_column_order_is_followed(altered_plan):
    """The column order comes from the header line: swapping two header names swaps the values."""
    p = altered_plan("化学需氧量 氨氮 二氧化硫 氮氧化物", "氨氮 化学需氧量 二氧化硫 氮氧化物")
    wide = source.pollutant_caps(p).pivot(index="unit", columns="pollutant", values="cap_2020_10k_t")
    assert wide.loc["lhasa", "nh3n"] == pytest.approx(1.160)
    assert wide.loc["lhasa", "cod"] == pytest.approx(0.119)


def test_unit_lookup():
    # the plan's units, looked up by slug, name as printed, short name or English name (units.csv)
    plan = load()
    assert plan.unit("lhasa").name == "拉萨市"
    assert plan.unit("那曲地区").slug == "nagqu"
    assert plan.unit("阿里").slug == "ngari"
    assert plan.unit("Shigatse").unit_class == "other_seat"
    assert plan.unit("拉萨市").unit_class == "lhasa"
    assert sum(u.unit_class == "lhasa" for u in plan.units) == 1
    with pytest.raises(UnknownUnitError, match=r"unknown unit 'xigaze'.*lhasa.*ngari"):
        plan.unit("xigaze")
    with pytest.raises(KeyError):
        plan.unit("")


def test_processed_csvs_match_raw(tmp_path):
    """data/processed/ is committed; it must be what `jnjp data` makes from the plan package (data/plans/xizang-13fyp/) now."""
    from jnjp_analysis.plan import catalogue as targets

    written = targets.write_processed(tmp_path, plan=TIBET)
    assert written
    for f in written:
        committed = source.PROCESSED_DIR / f.name
        assert committed.exists(), f"{committed} missing: run `jnjp data`"
        assert committed.read_bytes() == f.read_bytes(), f"{committed} drifted from the plan package: run `jnjp data`"
    frame = pd.read_csv(source.PROCESSED_DIR / "energy_targets.csv")
    assert frame["energy_base_10k_tce"].sum() == 456
