"""All benchmarks in one table: figure, median, goal.

    python -m benchmarks [--runs N] [--quick] [--no-browser] [--no-proxy]

Loading is timed as whole processes against the pandas-calamine floor; pages as AppTest reruns; the first
page after a restart with the million-defined-names file published, and pages under a lock (bench_model);
exports in process; pages in a real browser (benchmarks/bench_browser.py: Chromium, fresh servers,
cold and warm, interactions, many viewers; --quick for fewer repeats); a meeting through HAProxy and two
servers on PostgreSQL (benchmarks/bench_proxy.py: 50 viewers, a publish every 10 s; --quick: 10 viewers).
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import statistics
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _machine() -> str:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    return f"{cpu or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def rows(runs: int) -> list[tuple[str, str, str]]:
    from streamlit.logger import set_log_level

    # AppTest runs outside a server log "missing ScriptRunContext" warnings that say nothing here
    set_log_level("error")
    from benchmarks.bench_exports import cpu_ms, median_ms, timed
    from benchmarks.bench_load import measure
    from benchmarks.bench_pages import GOALS_MS, PAGES, page_reruns
    from benchmarks.make_large import ensure_large
    from jwp_data import assess, read_workbook
    from jwp_data.export import images, tables
    from jwp_data.export.annex import annex_bytes
    from jwp_data.export.deck import deck_bytes
    from jwp_data.present.briefing import build_briefing
    from jwp_data.present.charts import completion_chart, status_chart
    from tests.paths import SHIPPED_WORKBOOK

    large = ensure_large()
    table = []
    for label, path in (("default", SHIPPED_WORKBOOK), ("2,000 indicators", large)):
        figures = measure(path, runs)
        table.append((f"summary process, {label}", f"{figures['summary']:.2f} s", ""))
        table.append((f"summary / pandas-calamine floor, {label}", f"{figures['ratio']:.2f}x", "≤ 1.3x"))
    from benchmarks.bench_crafted import measure_all, slowest_and_largest

    slowest, largest = slowest_and_largest(measure_all())
    table.append((f"slowest refusal of a crafted file ({slowest['label']})", f"{slowest['seconds']:.2f} s", "≤ 10 s"))
    table.append(
        (f"largest refusal of a crafted file ({largest['label']})", f"{largest['peak_mb']:.0f} MB", "≤ 500 MB")
    )
    from benchmarks.bench_crafted import flood_rows

    table.extend(flood_rows())

    os.environ["JWP_STORE"] = str(Path(tempfile.mkdtemp()) / "store.sqlite3")
    for page in PAGES:
        for name, path in (("default", None), ("large", large)):
            ms = page_reruns(path, page, runs)
            table.append((f"page rerun {page}, {name}", f"{ms:.0f} ms", f"≤ {GOALS_MS[name]} ms"))
    from benchmarks.bench_store import store_rows

    table.extend(store_rows(runs))
    from benchmarks.bench_model import lock_rows, model_rows

    table.extend(model_rows(max(1, runs // 2)))
    table.extend(lock_rows(runs))

    for name, path in (("default", SHIPPED_WORKBOOK), ("large", large)):
        matrix = read_workbook(path)
        result = assess(matrix)
        for lang in ("en", "zh"):
            annex = functools.partial(annex_bytes, result, matrix, lang)
            table.append((f"COP annex (Word) {lang}, {name}", f"{median_ms(annex, runs):.0f} ms", "≤ 1 s"))
            table.append((f"COP annex (Word) {lang}, processor time, {name}", f"{cpu_ms(annex, runs):.0f} ms", ""))
        briefing = build_briefing(result, "en")
        table.append((f"briefing deck, {name}", f"{median_ms(lambda b=briefing: deck_bytes(b), runs):.0f} ms", "≤ 1 s"))
        table.append(
            (f"briefing deck, processor time, {name}", f"{cpu_ms(lambda b=briefing: deck_bytes(b), runs):.0f} ms", "")
        )
        table.append(
            (
                f"briefing slides (both languages measured), {name}",
                f"{median_ms(lambda r=result: build_briefing(r, 'en'), runs):.0f} ms",
                "",
            )
        )
        sheet = tables.indicator_table(result.indicators, "en")
        table.append((f"indicator XLSX, {name}", f"{median_ms(lambda s=sheet: tables.xlsx_bytes(s), runs):.0f} ms", ""))
    from benchmarks.bench_iati import iati_rows

    table.extend(iati_rows(runs))
    if images.available():
        result = assess(read_workbook(SHIPPED_WORKBOOK))
        first, _ = timed(lambda: images.image_bytes(completion_chart(result, "en").figure, "png"))
        later = statistics.median(
            timed(lambda lang=lang: images.image_bytes(status_chart(result, lang).figure, "svg"))[0]
            for lang in ("en", "zh")
        )
        table.append(("first chart PNG (starts Chromium)", f"{first:.0f} ms", ""))
        table.append(("later chart SVG", f"{later:.0f} ms", ""))
        images.shutdown()
    else:
        table.append(("chart images", "skipped", images.unavailable_reason()))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="fewer browser repeats (3 warm, 1 cold, 10 viewers)")
    parser.add_argument("--no-browser", dest="browser", action="store_false", help="skip the real-browser figures")
    parser.add_argument(
        "--no-proxy", dest="proxy", action="store_false", help="skip the meeting through HAProxy and two servers"
    )
    args = parser.parse_args()
    table = rows(args.runs)
    if args.browser:
        from benchmarks import bench_browser

        table += bench_browser.rows(["--quick"] if args.quick else ["--runs", str(args.runs)])
    if args.proxy:
        from benchmarks import bench_proxy

        table += bench_proxy.rows(["--viewers", "10", "--publishes", "2"] if args.quick else [])
    width = max(len(r[0]) for r in table)
    one, five, _ = os.getloadavg()
    print(f"machine: {_machine()}; load average {one:.2f} (1 min) / {five:.2f} (5 min) at the end")
    print(f"| {'figure':<{width}} | {'median':>10} | goal |")
    print(f"|{'-' * (width + 2)}|{'-' * 12}|------|")
    for figure, median, goal in table:
        print(f"| {figure:<{width}} | {median:>10} | {goal} |")


if __name__ == "__main__":
    main()
