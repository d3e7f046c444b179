"""Every value of the cited-sources register (data/sources/cn-national.csv) walks to its quoted source:
the value as printed is in the quoted sentence, and the number in it is the value (in the row's unit)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REGISTER = Path(__file__).resolve().parents[1] / "data" / "sources" / "cn-national.csv"
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
