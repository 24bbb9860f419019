"""Two biennia in a real browser: an editor publishes the 2012–2013 workbook next to the shipped 2010–2011 one,
and a Bureau member compares them through a shared link, in English and in Chinese.

The server is fresh (its own empty store and editors' password), so the figures are known. The
2012–2013 workbook is invented test data (tests/programmes.py), published through the Data page
as an editor would, confirming that it adds a new programme.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from programmes import write_next_programme

from tests.e2e.conftest import EDITOR_PASSWORD, serve_app
from tests.e2e.test_browser import download, main, main_text, open_page, shot, shows, upload, wait_for_app

LINK = "compare?a=JWP-2010-2011&b=JWP-2012-2013"


def open_link(page, url: str, link: str, lang: str = "en") -> None:
    page.goto(f"{url}/{link}&lang={lang}")
    wait_for_app(page)


@pytest.fixture(scope="module")
def fresh_url(chromium_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare-server")
    with serve_app(folder / "store.sqlite3", folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def published(fresh_url, browser, tmp_path_factory):
    """The 2012–2013 workbook published through the Data page by a signed-in editor, who confirms the new programme."""
    workbook = tmp_path_factory.mktemp("next") / "jwp_2012_2013.xlsx"
    write_next_programme(workbook)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB")
    context.set_default_timeout(30_000)
    page = context.new_page()
    open_page(page, fresh_url, "data")
    upload(page, workbook)
    shows(page, "can be loaded")
    page.get_by_role("textbox", name="Your name").fill("Test Editor")
    page.get_by_role("textbox", name="Editors' password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in as editor").click()
    wait_for_app(page)
    shows(page, "This adds a new programme: JWP-2012-2013 is not yet in the dashboard.")
    page.get_by_role("textbox", name="Note (optional)").fill("The next biennium")
    page.get_by_text("Yes, add programme JWP-2012-2013").click()
    page.get_by_role("button", name="Publish this file").click()
    wait_for_app(page)
    shows(page, "Published as version 1")
    context.close()
    return fresh_url


def metric(page, label: str) -> list[str]:
    """The values of the metric tiles with this label: A's, then B's."""
    tiles = main(page).locator("[data-testid='stMetric']", has_text=label)
    expect(tiles).to_have_count(2, timeout=30_000)
    return [tile.locator("[data-testid='stMetricValue']").inner_text() for tile in tiles.all()]


def test_a_shared_link_compares_the_two_biennia(page, published):
    open_link(page, published, LINK)
    shows(page, "Headline figures", "Indicators that carry over")
    assert metric(page, "Completion") == ["62.5%", "64.5%"]
    assert metric(page, "Indicators") == ["11", "12"]
    assert metric(page, "Achieved") == ["3", "3"]
    expect(main(page).locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
    shot(page, "compare-en")
    shows(page, '10 indicators carry over: 7 by the same id, 3 through the "continues" column.')
    shows(page, "Only in B: OO3 · Science, technology and knowledge.")
    main(page).get_by_text("Only in A (1)").scroll_into_view_if_needed()
    expect(main(page).locator("[role='gridcell']", has_text="continues OO1-EA3")).to_be_attached(timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert "A (usually the earlier)" in main_text(page)


def test_the_comparison_in_chinese(page, published):
    open_link(page, published, LINK, "zh")
    shows(page, "主要数字", "延续的指标")
    assert metric(page, "完成度") == ["62.5%", "64.5%"]
    shows(page, "共有 10 个指标延续：7 个编号相同，3 个经“continues”列对应。", "仅见于 B：OO3 · 科学、技术和知识。")
    assert "Headline figures" not in main_text(page)
    expect(main(page).locator(".js-plotly-plot")).to_have_count(3, timeout=30_000)
    shot(page, "compare-zh")


def test_an_unknown_programme_in_the_link_is_said_and_replaced(page, published):
    open_link(page, published, "compare?a=JWP-1999-2000&b=JWP-2012-2013")
    shows(page, "There is no programme or version 'JWP-1999-2000'")
    assert metric(page, "Completion") == ["62.5%", "64.5%"]
    assert "a=JWP-2010-2011" in page.url


def test_the_carried_over_chart_downloads_its_data(page, published, tmp_path):
    open_link(page, published, LINK)
    shows(page, "Indicators that carry over")
    page.locator("[class*='st-key-open-data-compare-carried']").get_by_role("button", name="Download").click()
    csv = download(page, "Chart data (CSV)", tmp_path)
    assert "compare-carried-JWP-2010-2011-2011-05-31-vs-JWP-2012-2013-2012-12-31" in csv.name
    assert csv.name.endswith("_en.csv")
    text = csv.read_text(encoding="utf-8-sig")
    assert "Id in A,Id in B,Progress A,Progress B" in text
    assert "OO1-EA3,OO1-EA5,0%,100%" in text
