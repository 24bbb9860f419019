"""The HTML report's status chart in a browser: its axis title never meets its legend, on screens of common
widths and in the A4 print, in both languages."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from jwp_data import assess, read_workbook
from jwp_data.export.report import report_html
from jwp_data.i18n import status_label, t
from jwp_data.present.briefing import build_briefing
from jwp_data.workbook.schema import STATUSES
from tests.paths import SHIPPED_WORKBOOK

LANGS = ["en", "zh"]

BOXES = """() => {
    const chart = document.querySelectorAll('.jwp-chart')[1];
    const box = (element) => { const r = element.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    return {
        title: box(chart.querySelector('.g-xtitle text')),
        legend: [...chart.querySelectorAll('.legend .traces')].map(box),
        legendText: chart.querySelector('.legend').textContent,
    };
}"""


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    paths = {}
    for lang in LANGS:
        paths[lang] = folder / f"report-{lang}.html"
        paths[lang].write_text(report_html(build_briefing(result, lang, "JWP"), result), encoding="utf-8")
    return paths


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [1920, 1280, 1024, 800])
def test_on_screen_the_status_axis_title_is_clear_of_the_legend(browser, reports, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(reports[lang].as_uri())
        page.wait_for_selector(".jwp-chart .legend")
        boxes = page.evaluate(BOXES)
        if width == 1024:
            page.locator(".jwp-chart").nth(1).screenshot(path=str(reports[lang].with_suffix(f".{width}.png")))
    finally:
        context.close()
    assert all(status_label(s, lang) in boxes["legendText"] for s in STATUSES)
    assert len(boxes["legend"]) == len(STATUSES)
    assert not [item for item in boxes["legend"] if overlap(item, boxes["title"])], boxes


def words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words with their boxes (xMin, yMin, xMax, yMax), read by pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    root = ElementTree.fromstring(out.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    return [
        [(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))) for w in page.iter("word")]
        for page in root.iter("page")
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_in_the_a4_print_no_word_of_the_status_chart_sits_on_another(browser, reports, lang, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed (.ci/run installs it)")
    page = browser.new_page()
    try:
        page.goto(reports[lang].as_uri())
        page.wait_for_selector(".jwp-chart .legend")
        page.emulate_media(media="print")
        page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")  # as the print dialog does
        pdf = tmp_path / f"report-{lang}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.close()
    title = t("dash.chart.status_title", lang).replace(" ", "")
    (chart_page,) = [p for p in words(pdf) if title in "".join(w[0] for w in p)]
    axis = t("dash.chart.status_axis", lang)
    axis_words = [w for w in chart_page if w[0] in axis.split()]
    legend_words = [w for w in chart_page if any(w[0] in status_label(s, lang).split() for s in STATUSES)]
    assert axis_words and legend_words
    for a in axis_words:
        for b in legend_words:
            assert not (a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]), (a, b)
