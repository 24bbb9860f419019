"""Time `summary` against the floor: pandas reading the same sheets with calamine and nothing else.

Both are timed as whole processes (interpreter start and imports included), alternately, median of several runs;
the load column is the machine's one-minute load average after each workbook.

    python -m benchmarks.bench_load [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.make_large import ensure_huge, ensure_large
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
SHEETS = ["Programme", "Objectives", "Indicators", "Results", "Evidence"]


def seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(path: Path, runs: int) -> dict:
    """Median seconds of `summary --json` and of the pandas-calamine floor for one workbook.

    The two alternate run by run, so that a machine busy with something else slows both alike.
    """
    summary_command = [sys.executable, "-m", "jwp_data", "summary", str(path), "--json"]
    floor_code = f"import sys, pandas as pd; pd.read_excel(sys.argv[1], sheet_name={SHEETS!r}, engine='calamine')"
    floor_command = [sys.executable, "-c", floor_code, str(path)]
    summary_times, floor_times = [], []
    for _ in range(runs):
        summary_times.append(seconds(summary_command))
        floor_times.append(seconds(floor_command))
    summary, floor = statistics.median(summary_times), statistics.median(floor_times)
    return {"summary": summary, "floor": floor, "ratio": summary / floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--huge", action="store_true", help="also the 20,000-indicator workbook (goal: 1.25)")
    args = parser.parse_args()
    print(f"{'workbook':<30}{'summary s':>11}{'floor s':>10}{'ratio':>8}{'load':>7}   goal: ratio <= 1.3, huge 1.25")
    cases = [("default (11 indicators)", SHIPPED_WORKBOOK), ("large (2,000 indicators)", ensure_large())]
    if args.huge:
        cases.append(("huge (20,000 indicators)", ensure_huge()))
    for label, path in cases:
        figures = measure(path, args.runs)
        load = os.getloadavg()[0]  # other work on the machine while measuring: the figures are only as good as this
        print(f"{label:<30}{figures['summary']:>11.3f}{figures['floor']:>10.3f}{figures['ratio']:>8.2f}{load:>7.2f}")


if __name__ == "__main__":
    main()
