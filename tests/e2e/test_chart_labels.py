"""Progress over time in the browser: each line's name sits at that line's last point, and two lines with
the same values are named together and drawn in different dashes."""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from conftest import publish_book
from jwp_data.i18n import t
from jwp_data.store import open_store
from tests.e2e.conftest import serve_app
from tests.e2e.test_browser import open_page
from tests.paths import SHIPPED_WORKBOOK

EARLIER = datetime(2010, 12, 31)


def shipped_on_two_dates(path: Path) -> Path:
    """The shipped workbook with every result reported once more, unchanged, on 31 December 2010: OO1 and OO2
    then have the same completion on both dates, as in the workbook people met."""
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    results = book["Results"]
    rows = [list(row) for row in results.iter_rows(min_row=2, values_only=True) if row[0]]
    for row in rows:
        results.append([row[0], EARLIER, *row[2:]])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def two_dates_url(chromium_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-dates")
    store = open_store(str(folder / "store.sqlite3"))
    data = shipped_on_two_dates(folder / "jwp_2010_2011.xlsx").read_bytes()
    publish_book(store, data, "jwp_2010_2011.xlsx", "tester")
    with serve_app(folder / "store.sqlite3", folder / "streamlit.log") as url:
        yield url


FIGURE = """() => {
    const plot = document.querySelector('[data-testid=stMain] .js-plotly-plot');
    const box = (element) => { const b = element.getBoundingClientRect();
        return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, x: b.left + b.width / 2, y: b.top + b.height / 2}; };
    const traces = [...plot.querySelectorAll('.scatterlayer .trace')];
    return {
        labels: plot._fullLayout.annotations.filter((a) => a.name === 'end-label')
            .map((a) => ({text: a.text, x: a.x, y: a.y})),
        lines: plot.data.map((d, i) => {
            const points = traces[i] ? [...traces[i].querySelectorAll('.point')] : [];
            return {name: d.name, x: d.x, y: d.y, dash: d.line.dash, last: points.length ? box(points.at(-1)) : null};
        }),
        drawn: [...plot.querySelectorAll('.annotation')].map((a) => ({
            text: a.textContent, box: box(a.querySelector('.annotation-text-g text')),
        })),
    };
}"""


@pytest.mark.parametrize(("lang", "whole"), [("en", "All"), ("zh", "全部")])
def test_each_end_label_sits_at_its_own_lines_last_point(browser, two_dates_url, lang, whole):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, two_dates_url, "progress", lang)
        expect(page.locator("[data-testid=stMain] .js-plotly-plot .annotation").first).to_be_visible(timeout=30_000)
        figure = page.evaluate(FIGURE)
        page.screenshot(path=str(Path("/tmp") / f"charts-progress-{lang}.png"), full_page=True)
    finally:
        context.close()
    labels = {re.sub(r"<[^>]+>", "", label["text"]): label for label in figure["labels"]}
    assert set(labels) == {"OO1 = OO2", whole, "OO5"}
    lines = {line["name"].split(" · ")[0]: line for line in figure["lines"]}
    lines[whole] = lines.pop(t("dash.programme_total", lang))
    ends = {name: line["y"][-1] for name, line in lines.items()}
    assert labels["OO1 = OO2"]["y"] == ends["OO1"] == ends["OO2"]
    assert labels["OO5"]["y"] == ends["OO5"]
    assert labels[whole]["y"] == ends[whole]
    assert all(label["x"] == "2011-05-31" for label in labels.values())
    # and drawn there: just right of its own line's last marker, on a line of text that holds that marker or ends
    # within a third of a line of it (labels drawn apart from a neighbour 4 points away move by up to that much)
    drawn = {item["text"]: item["box"] for item in figure["drawn"]}
    for text in labels:
        box = drawn[text]
        for name in text.split(" = "):
            point = lines[name]["last"]
            assert 0 < box["left"] - point["x"] <= 20, (text, name, box, point)
            assert box["top"] - 6 <= point["y"] <= box["bottom"] + 6, (text, name, box, point)
    ordered = sorted(drawn.values(), key=lambda b: b["top"])
    assert all(upper["bottom"] <= lower["top"] + 1 for upper, lower in itertools.pairwise(ordered)), ordered
    oo1, oo2 = figure["lines"][0], figure["lines"][1]
    assert oo1["y"] == oo2["y"] and oo1["dash"] != oo2["dash"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_download_control_under_the_chart_opens_with_its_formats(browser, two_dates_url, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_page(page, two_dates_url, "progress", lang)
        under_chart = page.locator(".st-key-open-data-completion-over-time")
        control = under_chart.get_by_role("button", name=t("export.downloads", lang))
        expect(control).to_be_visible(timeout=30_000)
        control.click()
        body = page.locator("[data-testid=stPopoverBody]")
        expect(body.get_by_role("button", name=t("export.data_xlsx", lang))).to_be_visible(timeout=30_000)
        expect(body.get_by_text(t("dash.chart.data", lang))).to_be_visible()
        page.screenshot(path=str(Path("/tmp") / f"charts-download-{lang}.png"))
    finally:
        context.close()
