"""Write the records of the national plans (data/plans/<plan>/records/record.csv) and their annual targets
(data/plans/<plan>/annual_targets.csv) from the register of cited values (data/sources/cn-national.csv): each
value with its source, quote and basis. The 14th period's record holds 2021-2025; the 15th period's (base 2025)
holds the years after its base year the register has a value for (none yet: its record is its header).

    python scripts/make_cn_record.py

A value enters as the register states it (a percent there, a fraction here); nothing is computed. The
register's README says what could not be verified and is left out.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REGISTER = ROOT / "data" / "sources" / "cn-national.csv"
PLANS = {"cn-14fyp": (2020, 2025), "cn-15fyp": (2025, 2030)}  # plan id: (base year, target year)
# the register's indicators the record holds (all percents there, fractions here)
INDICATORS = ("gdp_growth", "intensity_change", "intensity_change_cum", "carbon_intensity_change",
              "carbon_intensity_change_cum")
HEADER = ["unit", "year", "indicator", "value", "status", "basis", "source_title", "source_issuer", "source_date",
          "source_url", "source_quote", "note"]


def rows(plan: str) -> list[list[str]]:
    base, target = PLANS[plan]
    out = []
    for r in csv.DictReader(REGISTER.open(encoding="utf-8")):
        if r["indicator"] not in INDICATORS or r["value"] == "" or not base < int(r["year"]) <= target:
            continue
        value = round(float(r["value"]) / 100, 6)
        status = "preliminary" if int(r["year"]) == target else "final"  # the target year's values are first estimates
        basis = r["basis"] if r["indicator"].startswith("intensity") or r["basis"] == "revised" else ""
        note = f"register row {r['id']}" + (f"; {r['note']}" if r["note"] else "")
        out.append(["cn", r["year"], r["indicator"], f"{value:g}", status, basis, r["title"], r["issuer"], r["date"],
                    r["url"], r["quote"], note])
    return sorted(out, key=lambda x: (INDICATORS.index(x[2]), int(x[1])))


ANNUAL = {"annual_intensity_cut_pct": "intensity_cut", "annual_carbon_intensity_cut_pct": "carbon_intensity_cut"}
ANNUAL_HEADER = ["indicator", "year", "value_pct", "qualifier", "value_text", "quote", "source_title", "source_issuer",
                 "source_date", "source_url", "note"]


def annual_rows(plan: str) -> list[list[str]]:
    """The annual targets of the plan's years (the State Council's and the government work reports'), as the
    register states them: a year without a numeric target (2022) is a row of its own, its quote saying so."""
    base, target = PLANS[plan]
    out = []
    for r in csv.DictReader(REGISTER.open(encoding="utf-8")):
        if r["indicator"] in ANNUAL and base < int(r["year"]) <= target:
            out.append([ANNUAL[r["indicator"]], r["year"], r["value"], r["qualifier"],
                        r["value_text"] if r["value"] else "", r["quote"], r["title"], r["issuer"], r["date"], r["url"],
                        f"register row {r['id']}" + (f"; {r['note']}" if r["note"] else "")])
    return sorted(out, key=lambda x: (x[0], int(x[1])))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    for plan in PLANS:
        folder = ROOT / "data" / "plans" / plan
        _write(folder / "records" / "record.csv", HEADER, rows(plan))
        _write(folder / "annual_targets.csv", ANNUAL_HEADER, annual_rows(plan))


if __name__ == "__main__":
    main()
