"""Median AppTest rerun per dashboard page, with the default workbook and with the 2,000-indicator one.

A rerun is what a user waits for after a click: the script runs again with the caches warm.
Goals: ≤ 150 ms per page with the default workbook, ≤ 600 ms with the large one.

    python -m benchmarks.bench_pages [--runs N] [--pages overview,objectives,...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.make_large import ensure_large

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "objectives", "indicators", "progress", "method")
GOALS_MS = {"default": 150, "large": 600}


def page_reruns(workbook: Path | None, page: str, runs: int) -> float:
    """Median milliseconds of an AppTest rerun of one page (after a first, cache-filling run)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if workbook is not None:
        at.session_state["jwp_preview"] = {"data": workbook.read_bytes(), "file_name": workbook.name}
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    # An empty version store of our own: the benchmark never reads or writes the real one.
    os.environ["JWP_STORE"] = str(Path(tempfile.mkdtemp()) / "store.sqlite3")
    workbooks = {"default": None, "large": ensure_large()}
    pages = [p for p in args.pages.split(",") if p]
    print(f"{'page':<12}" + "".join(f"{name + ' (ms)':>16}" for name in workbooks))
    for page in pages:
        cells = []
        for name, path in workbooks.items():
            ms = page_reruns(path, page, args.runs)
            mark = "" if ms <= GOALS_MS[name] else " !"
            cells.append(f"{ms:>14.0f}{mark:2}")
        print(f"{page:<12}" + "".join(cells))
    print("goals: " + ", ".join(f"{name} ≤ {ms} ms" for name, ms in GOALS_MS.items()) + "  (! = over)")


if __name__ == "__main__":
    main()
