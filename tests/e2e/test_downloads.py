"""Every interactive chart download, on every page and in both languages, opens offline and draws its chart."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import write_three_dates_book
from jwp_data import assess, read_workbook
from jwp_data.export import chart_html
from jwp_data.i18n import t
from jwp_data.method.timeline import completion_over_time, timeline
from jwp_data.present import charts, indicator_charts
from tests.e2e.test_browser import go_to, open_page, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK

CHART_PAGES = ["", *(f"objectives?objective={oid}" for oid in ("OO1", "OO2", "OO5", "EE"))]


def open_offline(browser, path: Path) -> dict:
    """Open a downloaded HTML file with the network off: page errors, outside requests and the drawn traces."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
    tab = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on(
        "request",
        lambda request: None if request.url.startswith(("file:", "data:", "blob:")) else outside.append(request.url),
    )
    try:
        tab.goto(path.as_uri())
        tab.wait_for_timeout(300)
        drawn = tab.evaluate(
            """() => ({
                svgs: document.querySelectorAll('svg.main-svg').length,
                traces: document.querySelectorAll('svg.main-svg .trace').length,
                data: (document.getElementById('chart') || {}).data?.length ?? -1,
                title: document.title,
            })"""
        )
    finally:
        context.close()
    return {"errors": errors, "outside": outside, **drawn}


def assert_drawn(opened: dict, what: str) -> None:
    assert opened["errors"] == [], f"{what}: {opened['errors']}"
    assert opened["outside"] == [], f"{what} reaches out: {opened['outside']}"
    assert opened["svgs"] >= 1 and opened["data"] >= 0, f"{what}: no chart drawn ({opened})"
    assert opened["traces"] >= min(opened["data"], 1), f"{what}: the chart's data are not drawn ({opened})"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_builder_exports_html_that_draws_offline(browser, tmp_path, lang):
    matrix = read_workbook(SHIPPED_WORKBOOK)
    result = assess(matrix)
    built = [charts.completion_chart(result, lang), charts.status_chart(result, lang)]
    built += [indicator_charts.indicator_chart(row, result.elapsed, lang) for _, row in result.indicators.iterrows()]
    built.append(charts.completion_over_time_chart(completion_over_time(timeline(matrix)), lang))
    assert sum(1 for chart in built if chart.figure.data) >= 13
    for chart in built:
        path = tmp_path / f"{chart.name}-{lang}.html"
        path.write_bytes(chart_html.chart_html(chart.figure, chart.name, f"{chart.name}_{lang}", lang))
        assert_drawn(open_offline(browser, path), path.name)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_html_download_on_every_page_opens_offline_with_its_chart(page, browser, app_url, tmp_path, lang):
    opened = 0
    for path in CHART_PAGES:
        separator = "&" if "?" in path else "?"
        page.goto(f"{app_url}/{path}{separator}lang={lang}")
        wait_for_app(page)
        opened += download_every_chart(page, browser, tmp_path, lang, path or "overview")
    # Progress over time needs a workbook with several reporting dates: preview one
    open_page(page, app_url, "data", lang)
    upload(page, write_three_dates_book(tmp_path / "three-dates.xlsx"))
    page.get_by_role("button", name=t("data.preview.start", lang)).click()
    wait_for_app(page)
    go_to(page, t("dash.page.progress", lang))
    opened += download_every_chart(page, browser, tmp_path, lang, "progress")
    assert opened >= 2 + 11 + 1  # two overview charts, one per indicator, one over time


def download_every_chart(page, browser, tmp_path: Path, lang: str, where: str) -> int:
    """Open each chart's "Download" control on the page, download its interactive chart and open it offline."""
    controls = page.locator("[data-testid=stMain] [class*='st-key-open-data-']").get_by_role(
        "button", name=t("export.downloads", lang)
    )
    expect(controls.first).to_be_visible(timeout=30_000)
    for index in range(controls.count()):
        controls.nth(index).click()
        button = page.locator("[data-testid=stPopoverBody]").get_by_role("button", name=t("export.chart_html", lang))
        expect(button).to_be_visible(timeout=30_000)
        with page.expect_download(timeout=60_000) as started:
            button.click()
        target = tmp_path / f"{where.replace('?', '-')}-{index}-{started.value.suggested_filename}"
        started.value.save_as(target)
        assert target.name.endswith(f"_{lang}.html")
        assert_drawn(open_offline(browser, target), f"{where}: {target.name}")
        page.keyboard.press("Escape")
        expect(page.locator("[data-testid=stPopoverBody]")).to_have_count(0, timeout=30_000)
    return controls.count()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_briefing_report_opens_offline_without_an_error(page, browser, app_url, tmp_path, lang):
    open_page(page, app_url, "briefing", lang)
    page.locator("[data-testid='stExpander'] summary", has_text=t("export.downloads", lang)).click()
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name=t("brief.report", lang)).click()
    target = tmp_path / started.value.suggested_filename
    started.value.save_as(target)
    opened = open_offline(browser, target)
    assert opened["errors"] == [] and opened["outside"] == [], opened
