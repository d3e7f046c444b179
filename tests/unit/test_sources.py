"""Every value of the cited-sources register (data/sources/cn-national.csv) walks to its quoted source:
the value as printed is in the quoted sentence, and the number in it is the value (in the row's unit)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REGISTER = Path(__file__).resolve().parents[2] / "data" / "sources" / "cn-national.csv"
ROWS = list(csv.DictReader(REGISTER.open(encoding="utf-8")))


def test_the_register_has_the_rows_the_national_plans_need():
    ids = {r["id"] for r in ROWS}
    # targets, annual statistics 2021-2025, checkpoints, annual targets, the 15th period
    for need in ("N1", "N2", "N6", "O5a", "O9a", "O13", "O17", "O22a", "O5b", "O9b", "O15", "O18", "O22b",
                 "O26", "O27", "O8", "O12", "O13b", "O21a", "O21b", "O25", "F1", "F2", "F4"):
        assert need in ids, need
    assert len(ids) == len(ROWS), "an id appears twice"


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_each_value_is_the_number_its_quote_prints(row):
    for c in ("title", "issuer", "date", "url", "quote", "class", "status"):
        assert row[c], (row["id"], c)
    assert row["class"] in ("P", "P-mirror", "S"), row["id"]  # never a compilation of unknown origin
    assert row["status"] == "verified"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), row["id"]
    assert row["url"].startswith(("http://", "https://"))
    assert row["value_text"] and row["value_text"] in row["quote"], row["id"]
    if row["value"] == "":
        assert row["qualifier"] in ("words", "none"), row["id"]  # a word target, or a year without a number
        return
    value = abs(float(row["value"]))
    if row["value_text"] == "remained flat":  # a word held as 0.0 (the row's note says so)
        assert value == 0.0
        return
    printed = float(re.search(r"\d+(?:\.\d+)?", row["value_text"]).group())
    if row["unit"] == "10^4 tce":  # printed in 亿吨标准煤: 1 亿吨 = 10^4 万吨
        printed *= 10_000
    assert value == pytest.approx(printed), row["id"]


def test_a_fall_is_negative_and_a_cut_positive():
    for r in ROWS:
        if r["value"] == "":
            continue
        v = float(r["value"])
        if r["indicator"].endswith(("_change", "_change_cum")):
            assert v <= 0, r["id"]  # every change in the register is a fall (or flat)
        if r["indicator"].endswith("_pct"):
            assert v > 0, r["id"]


def test_energy_intensity_values_carry_their_basis():
    for r in ROWS:
        if r["indicator"] in ("intensity_change", "intensity_change_cum", "energy_intensity_cut_pct"):
            assert r["basis"] in ("old", "2024"), r["id"]


def _rows(indicator):
    return [r for r in ROWS if r["indicator"] == indicator and r["value"] != "" and int(r["year"]) > 2020]


def test_the_national_14th_period_on_its_cited_record():
    """The national 14th period (base 2020, target 2025) on the register's values, by jnjp_analysis.model.annual."""
    from jnjp_analysis.model.annual import (
        AnnualTarget,
        Checkpoint,
        Observation,
        annual_grades,
        chained,
        implausible_from,
        required_pace,
    )

    co2 = [Observation(int(r["year"]), float(r["value"]) / 100) for r in _rows("carbon_intensity_change")]
    # CO2 intensity chained from the first-published annual values: 0.962 × 0.992 × 1.000 × 0.966 × 0.950
    # = 0.875765 → −12.42 %, short of the outline's 18 % (row N6)
    cum = chained(co2, base_year=2020)
    assert cum.set_index("year").loc[2025, "change"] == pytest.approx(-0.124235, abs=1e-6)
    pace = required_pace(cum, total_cut=float(next(r for r in ROWS if r["id"] == "N6")["value"]) / 100,
                         base_year=2020, target_year=2025)
    assert implausible_from(pace) == 2023  # after 2023 the two years left needed 7.30 %/yr, 1.88 × the even 3.89 %
    energy = [Observation(int(r["year"]), float(r["value"]) / 100, r["basis"]) for r in _rows("intensity_change")]
    targets = [AnnualTarget(int(r["year"]), float(r["value"]) / 100 if r["value"] else None, r["qualifier"] == "about")
               for r in ROWS if r["indicator"] == "annual_intensity_cut_pct" and int(r["year"]) <= 2025]
    g = annual_grades(energy, targets).set_index("year")
    # 2023: 0.5 % against 2 % → missed; 2022: no numeric target; 2024: 3.8 % against about 2.5 % → met
    assert (g.loc[2023, "result"], g.loc[2022, "result"], g.loc[2024, "result"]) == ("missed", "no_target", "met")
    checkpoints = [Checkpoint(int(r["first_year"]), int(r["year"]), float(r["value"]) / 100, r["basis"])
                   for r in ROWS if r["indicator"] == "intensity_change_cum"]
    c = chained(energy, checkpoints, base_year=2020).set_index("year")
    # the old basis chains 2021-2022 only (0.973 × 0.999 → −2.80 %); 2023 and 2024 are the checkpoints as stated;
    # 2025 = the 2021-2024 checkpoint × 2025 on the same basis: 0.884 × 0.949 = 0.838916 → −16.11 % (derived)
    assert c.loc[2022, "change"] == pytest.approx(-0.027973, abs=1e-6)
    assert list(c.loc[[2023, 2024], "method"]) == ["checkpoint", "checkpoint"]
    assert (c.loc[2025, "method"], round(c.loc[2025, "change"], 6)) == ("checkpoint_and_annual", -0.161084)
