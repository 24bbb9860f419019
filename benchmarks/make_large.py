"""Write a large valid workbook: 2,000 indicators, 10,000 Results rows, 10,000 Evidence rows.

python -m benchmarks.make_large [PATH]    (default: benchmarks/out/large.xlsx)
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from jwp_data.workbook.template import write_workbook

OUT = Path(__file__).resolve().parent / "out"
LOREM = (
    "Joint activities of the secretariat and the Global Mechanism were carried out as planned; "
    "outputs include workshops, joint papers and briefings for Parties and partners."
)


def large_content(indicators: int = 2000, results: int = 10_000, evidence: int = 10_000, objectives: int = 20) -> dict:
    """Content for write_workbook: seeded, so every run writes the same workbook."""
    rng = random.Random(2011)
    start = date(2010, 1, 1)
    dates = [start + timedelta(days=91 * q) for q in range(1, 6)]  # five quarterly reporting dates
    objective_rows = [
        {"objective_id": f"OO{n}", "title_en": f"Operational objective {n}", "title_zh": f"业务目标 {n}"}
        for n in range(1, objectives + 1)
    ]
    indicator_rows, measures = [], []
    for n in range(indicators):
        measure = ("count", "count", "percent", "milestone")[n % 4]
        measures.append(measure)
        row = {
            "indicator_id": f"IND-{n:05d}",
            "objective_id": f"OO{n % objectives + 1}",
            "accomplishment_en": f"Expected accomplishment {n}",
            "accomplishment_zh": f"预期成绩 {n}",
            "indicator_en": f"Performance indicator {n}",
            "indicator_zh": f"业绩指标 {n}",
            "measure": measure,
            "headline": "yes" if n < 4 else None,
        }
        if measure == "count":
            row.update(target=rng.randint(2, 60), unit_en="items", unit_zh="项")
        elif measure == "percent":
            row.update(baseline=10, target=rng.choice([40, 50, 75]))
        indicator_rows.append(row)
    result_rows = []
    per_indicator = results // indicators
    for n in range(indicators):
        for q in range(per_indicator):
            row = {"indicator_id": f"IND-{n:05d}", "reported_on": dates[q], "performance_en": LOREM}
            if measures[n] == "milestone":
                row["rating"] = rng.choice(["not started", "in progress", "achieved"])
            elif measures[n] == "count" and n % 4 == 1:
                pass  # no reported actual: the count comes from the Evidence sheet
            elif measures[n] == "count":
                row["actual"] = rng.randint(0, 60)
            else:
                row["actual"] = rng.randint(2, 100)
            result_rows.append(row)
    evidence_rows = [
        {
            "indicator_id": f"IND-{rng.randrange(indicators // 4) * 4 + 1:05d}",
            "item_en": f"Evidence item {n}",
            "date": start + timedelta(days=rng.randrange(600)),
            "place": "Bonn",
        }
        for n in range(evidence)
    ]
    programme = {
        "programme_id": "BENCH",
        "title_en": "Benchmark programme",
        "start": start,
        "end": date(2011, 12, 31),
        "as_of": dates[-1],
    }
    return {
        "programme": programme,
        "objectives": objective_rows,
        "indicators": indicator_rows,
        "results": result_rows,
        "evidence": evidence_rows,
    }


def ensure_large(path: Path | None = None) -> Path:
    """The large workbook's path, writing it first if it is not there."""
    path = path or OUT / "large.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, large_content())
    return path


def ensure_huge(path: Path | None = None) -> Path:
    """A workbook at the row limit: 20,000 indicators, 100,000 Results and 100,000 Evidence rows."""
    path = path or OUT / "huge.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_workbook(path, large_content(20_000, 100_000, 100_000, 50))
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT / "large.xlsx"
    target.unlink(missing_ok=True)
    print(ensure_large(target))
