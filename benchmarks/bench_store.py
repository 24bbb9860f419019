"""The version store on SQLite and PostgreSQL: publish latency, current-version lookups, and the store's
share of a page view (current_id, the programme list, the version's bytes from the in-process cache).

    python -m benchmarks.bench_store [--runs N] [--postgres URL]

PostgreSQL: --postgres, else $JWP_TEST_POSTGRES, else a throwaway cluster from the installed server
binaries (started and stopped here); skipped, saying why, when there is none. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
PAGE_VIEW_GOAL_MS = 5
LOOKUPS = 200  # lookups per run: one lookup is far below a timer's noise


def _variants(count: int) -> list[bytes]:
    """`count` different valid workbooks: the shipped one with another programme title each."""
    import io

    import openpyxl

    books = []
    for n in range(count):
        workbook = openpyxl.load_workbook(SHIPPED_WORKBOOK)
        sheet = workbook["Programme"]
        for row in sheet.iter_rows():
            if row[0].value == "title_en":
                row[1].value = f"Benchmark {n} {uuid.uuid4().hex[:6]}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        books.append(buffer.getvalue())
    return books


def _median_ms(action: Callable[[], object], runs: int, repeat: int = 1) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(repeat):
            action()
        times.append((time.perf_counter() - started) * 1000 / repeat)
    return statistics.median(times)


@contextmanager
def postgres(url: str | None) -> Iterator[str | None]:
    """A PostgreSQL URL with a fresh schema for the benchmark, or None (and why) when there is no server."""
    url = url or os.environ.get("JWP_TEST_POSTGRES", "").strip() or None
    folder = None
    if url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from postgres_cluster import server_binaries, start

        if server_binaries() is None:
            yield None
            return
        folder = Path(tempfile.mkdtemp(prefix="jwp-bench-postgres-"))
        url = start(folder)
    try:
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:12]
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
        finally:
            with psycopg.connect(url, autocommit=True) as db:
                db.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        if folder is not None:
            from postgres_cluster import stop

            stop(folder)
            shutil.rmtree(folder, ignore_errors=True)


def measure(location: str, runs: int) -> dict[str, float]:
    """Milliseconds (medians) of the store operations a dashboard does, on the store at `location`."""
    from jwp_data.cli import stored_programme
    from jwp_data.store import open_store

    store = open_store(location)
    books = _variants(runs + 1)
    store.publish(books[0], "first.xlsx", "Benchmark", programme=stored_programme(books[0]))
    publishes = []
    for data in books[1:]:
        base = store.current_id("JWP-2010-2011")
        started = time.perf_counter()  # the publisher validates the file, then the store writes it
        store.publish(data, "next.xlsx", "Benchmark", programme=stored_programme(data), base=base)
        publishes.append((time.perf_counter() - started) * 1000)
    cache: dict[int, bytes] = {}

    def page_view() -> None:
        # what a rerun asks of the store: the current id of the programme in view, the programme list for the
        # sidebar, and the bytes of that version (read once, then from the process's cache by id)
        version_id = store.current_id("JWP-2010-2011")
        store.programmes()
        if version_id not in cache:
            cache[version_id] = store.data(version_id)

    page_view()
    figures = {
        "publish": statistics.median(publishes),
        "current_id": _median_ms(lambda: store.current_id("JWP-2010-2011"), runs, LOOKUPS),
        "current": _median_ms(lambda: store.current("JWP-2010-2011"), runs, LOOKUPS),
        "page_view": _median_ms(page_view, runs, LOOKUPS),
    }
    store.close()
    return figures


def store_rows(runs: int, postgres_url: str | None = None) -> list[tuple[str, str, str]]:
    """Rows for the table of `python -m benchmarks`."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        backends = [("SQLite", str(Path(folder) / "bench.sqlite3"))]
        with postgres(postgres_url) as url:
            if url:
                backends.append(("PostgreSQL", url))
            for name, location in backends:
                figures = measure(location, runs)
                rows.append((f"store {name}: publish (validation included)", f"{figures['publish']:.1f} ms", ""))
                rows.append((f"store {name}: current_id lookup", f"{figures['current_id']:.2f} ms", ""))
                rows.append((f"store {name}: current version lookup", f"{figures['current']:.2f} ms", ""))
                rows.append(
                    (
                        f"store {name}: page-view overhead per rerun",
                        f"{figures['page_view']:.2f} ms",
                        f"≤ {PAGE_VIEW_GOAL_MS} ms",
                    )
                )
            if not url:
                rows.append(("store PostgreSQL", "skipped", "no PostgreSQL server (apt-get install postgresql)"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", help="a postgresql:// URL (default: $JWP_TEST_POSTGRES or a throwaway cluster)")
    args = parser.parse_args()
    rows = store_rows(args.runs, args.postgres)
    width = max(len(r[0]) for r in rows)
    for figure, median, goal in rows:
        print(f"{figure:<{width}}  {median:>10}  {goal}")


if __name__ == "__main__":
    main()
