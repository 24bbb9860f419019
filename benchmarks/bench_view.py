"""What the version store costs a page view: median AppTest rerun of a page whose workbook is *published*
in a store (the usual case for readers), against the same workbook as a private preview (no store read).

Prints wall-clock and process-CPU milliseconds (CPU time is steadier on a shared machine), and the
megabytes hashed with SHA-256 during one rerun of the published page (a deterministic count). The
difference between "published" and "preview" is the store's page-view overhead (goal: ≤ 5 ms).

    python -m benchmarks.bench_view [--runs N] [--pages overview,objectives]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.make_large import ensure_large
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent


def _publish(data: bytes, name: str) -> None:
    from jwp_data import store
    from jwp_data.workbook import model_file

    validation, model = model_file.checked(data)  # as the upload worker does
    # the store named by JWP_STORE
    store.open_store().publish(data, name, "benchmark", programme=validation.matrix.programme, model=model)


class _HashCounter:
    """Counts the bytes given to hashlib.sha256 while installed."""

    def __init__(self):
        self.bytes, self._real = 0, hashlib.sha256

    def __call__(self, data=b"", **kwargs):
        self.bytes += len(data)
        return self._real(data, **kwargs)

    def __enter__(self):
        hashlib.sha256 = self
        return self

    def __exit__(self, *exc):
        hashlib.sha256 = self._real


def hashed_mb(page: str) -> float:
    """Megabytes hashed during one warm rerun of a page showing the published workbook."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    with _HashCounter() as counter:
        at.run()
    return counter.bytes / 1e6


def rerun_ms(page: str, runs: int, preview: bytes | None) -> tuple[float, float]:
    """Median (wall, CPU) milliseconds of a rerun after a first, cache-filling run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if preview is not None:
        at.session_state["jwp_preview"] = {"data": preview, "file_name": "preview.xlsx"}
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pages", default="overview,objectives")
    args = parser.parse_args()
    print(
        f"{'workbook':<10}{'page':<12}{'published wall/CPU (ms)':>26}{'preview wall/CPU (ms)':>26}"
        f"{'hashed per rerun':>18}"
    )
    for label, path in (("default", SHIPPED_WORKBOOK), ("large", ensure_large())):
        os.environ["JWP_STORE"] = str(Path(tempfile.mkdtemp()) / "store.sqlite3")
        data = path.read_bytes()
        _publish(data, path.name)
        for page in [p for p in args.pages.split(",") if p]:
            published = rerun_ms(page, args.runs, None)
            preview = rerun_ms(page, args.runs, data)
            cells = "".join(f"{w:>16.0f} / {c:<7.0f}" for w, c in (published, preview))
            print(f"{label:<10}{page:<12}{cells}{hashed_mb(page):>14.1f} MB")


if __name__ == "__main__":
    main()
