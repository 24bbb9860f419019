"""How long the downloads take: chart images (first, later, cached), the deck, the report, the COP annex, XLSX and CSV.

The first image includes starting the headless browser; later ones reuse it; a repeat of the same
chart comes from the cache. Figures are printed, never asserted.

    python -m benchmarks.bench_exports [--large] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from jwp_data import assess, read_workbook
from jwp_data.export import chart_html, images, tables
from jwp_data.export.annex import annex_bytes
from jwp_data.export.deck import deck_bytes
from jwp_data.export.report import report_bytes
from jwp_data.present.briefing import build_briefing
from jwp_data.present.charts import completion_chart, status_chart
from jwp_data.present.indicator_charts import indicator_chart
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return (time.perf_counter() - started) * 1000, value


def median_ms(action, runs: int) -> float:
    return statistics.median(timed(action)[0] for _ in range(runs))


def cpu_ms(action, runs: int) -> float:
    """Median processor time of an action in ms: what it costs, whatever else the machine is doing."""
    times = []
    for _ in range(runs):
        started = time.process_time()
        action()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def line(label: str, ms: float, note: str = "") -> None:
    print(f"  {label:<44} {ms:9.1f} ms  {note}")


def bench_images(result, runs: int) -> None:
    print(f"chart images (kaleido; browser: {images.find_browser() or 'none'})")
    if not images.available():
        print(f"  skipped: {images.unavailable_reason()}")
        return
    figures = [completion_chart(result, "en").figure, status_chart(result, "en").figure]
    figures += [indicator_chart(row, result.elapsed, "en").figure for row in result.indicators.to_dict("records")]
    ms, data = timed(lambda: images.image_bytes(figures[0], "png"))
    line("first PNG (starts the browser)", ms, f"{len(data):,} bytes")
    ms, data = timed(lambda: images.image_bytes(figures[0], "svg"))
    line("first SVG (browser running)", ms, f"{len(data):,} bytes")
    later = figures[1 : 1 + max(runs, 3)]
    for fmt in ("png", "svg"):
        times = [timed(lambda f=f, fmt=fmt: images.image_bytes(f, fmt))[0] for f in later]
        line(f"later {fmt.upper()}, other charts (median of {len(times)})", statistics.median(times))
    line("same chart again (cache)", median_ms(lambda: images.image_bytes(figures[0], "png"), runs))
    images.shutdown()


def bench_annex(name: str, result, matrix, runs: int) -> None:
    """The Word annex in each language: first build, median wall time and processor time."""
    for lang in ("en", "zh"):
        ms, data = timed(lambda lang=lang: annex_bytes(result, matrix, lang))
        line(f"COP annex {lang}, {name} (first)", ms, f"{len(data):,} bytes")
        line(
            f"COP annex {lang}, {name} (median of {runs})",
            median_ms(lambda lang=lang: annex_bytes(result, matrix, lang), runs),
        )
        line(
            f"COP annex {lang}, {name}, processor time",
            cpu_ms(lambda lang=lang: annex_bytes(result, matrix, lang), runs),
        )


def bench_files(name: str, result, runs: int) -> None:
    print(f"files: {name} ({len(result.indicators):,} indicators, {len(result.objectives)} objectives)")
    for lang in ("en", "zh"):
        briefing = build_briefing(result, lang)
        ms, deck = timed(lambda b=briefing: deck_bytes(b))
        line(f"deck {lang} (first)", ms, f"{len(briefing.slides)} slides, {len(deck):,} bytes")
        line(f"deck {lang} (median of {runs})", median_ms(lambda b=briefing: deck_bytes(b), runs))
        line(f"deck {lang}, processor time (median of {runs})", cpu_ms(lambda b=briefing: deck_bytes(b), runs))
    briefing = build_briefing(result, "en")
    line(f"briefing model en (median of {runs})", median_ms(lambda: build_briefing(result, "en"), runs))
    ms, page = timed(lambda: report_bytes(briefing, result))
    line("HTML report en (first)", ms, f"{len(page):,} bytes")
    line(f"HTML report en (median of {runs})", median_ms(lambda: report_bytes(briefing, result), runs))
    table = tables.indicator_table(result.indicators, "zh")
    line(
        f"indicator table model zh (median of {runs})",
        median_ms(lambda: tables.indicator_table(result.indicators, "zh"), runs),
    )
    ms, data = timed(lambda: tables.xlsx_bytes(table, lang="zh"))
    line("indicator XLSX zh", ms, f"{len(data):,} bytes")
    line(f"indicator XLSX zh (median of {runs})", median_ms(lambda: tables.xlsx_bytes(table, lang="zh"), runs))
    line(f"indicator CSV zh (median of {runs})", median_ms(lambda: tables.csv_bytes(table, "zh"), runs))
    chart = completion_chart(result, "en")
    line(f"chart HTML (median of {runs})", median_ms(lambda: chart_html.chart_html(chart.figure, "c", "c", "en"), runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="also the 2,000-indicator workbook")
    options = parser.parse_args()
    matrix = read_workbook(SHIPPED_WORKBOOK)
    result = assess(matrix)
    bench_images(result, options.runs)
    bench_files("default workbook", result, options.runs)
    bench_annex("default", result, matrix, options.runs)
    if options.large:
        from benchmarks.make_large import ensure_large

        matrix = read_workbook(ensure_large())
        result = assess(matrix)
        bench_files("large workbook", result, max(1, options.runs // 2))
        bench_annex("large", result, matrix, max(1, options.runs // 2))


if __name__ == "__main__":
    main()
