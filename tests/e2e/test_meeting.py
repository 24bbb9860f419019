"""Nobody loses their place, in a real browser: a presenter's programme and slide, an officer's checked file, and
which version is on screen. The dashboard here has a store of its own (the tests publish into it)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from programmes import next_programme_bytes

from jwp_data import assess, read_workbook
from jwp_data.cli import stored_programme
from jwp_data.present.briefing import build_briefing
from jwp_data.store import VersionStore
from jwp_data.store.drafts import Drafts
from tests.e2e.conftest import SCREENSHOTS, serve_app
from tests.e2e.test_browser import go_to, main, open_page, shows, updated_default, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK

SHIPPED_TITLE_ZH = "秘书处和全球机制2010-2011年联合工作方案"
NEXT_TITLE_ZH = "秘书处和全球机制2012-2013年联合工作方案（示例）"


@pytest.fixture
def served(chromium_path, tmp_path):
    """A dashboard on a store of its own: (its address, its store file)."""
    store = tmp_path / "store" / "meeting.sqlite3"
    with serve_app(store, tmp_path / "streamlit.log") as url:
        yield url, store


def publish(store, data: bytes, name: str) -> int:
    return VersionStore(store).publish(data, name, "Other Editor", programme=stored_programme(data)).version.id


def sidebar_text(page) -> str:
    """The sidebar's text, also while it is collapsed (as on the Briefing)."""
    return page.locator("[data-testid='stSidebar']").text_content()


def test_the_presenters_briefing_stays_on_its_programme_and_slide_when_another_programme_is_published(
    browser, served, tmp_path
):
    url, store = served
    total = len(build_briefing(assess(read_workbook(SHIPPED_WORKBOOK)), "zh").slides)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{url}/briefing?lang=zh&slide=2")
        wait_for_app(page)
        expect(page.locator(".jwp-present .jwp-slide")).to_be_visible(timeout=60_000)
        page.wait_for_url(re.compile(r"programme=JWP-2010-2011"))  # pinned in the address
        publish(store, next_programme_bytes(), "jwp_2012_2013.xlsx")  # a newer programme
        # then a new version of the presenter's own programme: once the screen has followed that one, its poll
        # has run after both publishes
        publish(store, updated_default(tmp_path, 0).read_bytes(), "jwp_2010_2011_update.xlsx")
        expect(page.locator("[data-testid='stToast']")).to_be_visible(timeout=20_000)
        wait_for_app(page)
        counter = main(page).locator("[data-testid='stMarkdown'] strong").first
        expect(counter).to_have_text(f"第 2 页，共 {total} 页")
        assert "programme=JWP-2010-2011" in page.url and "slide=2" in page.url
        shown = sidebar_text(page)
        assert SHIPPED_TITLE_ZH in shown and NEXT_TITLE_ZH not in shown
        assert "已发布版本 1（" in shown  # the update is version 1 of 2010–2011, though the store's second
    finally:
        context.close()


def test_a_checked_file_survives_other_pages_and_a_reload_until_it_is_discarded(browser, page, served, tmp_path):
    url, store = served
    open_page(page, url, "data")
    upload(page, updated_default(tmp_path, 2))
    shows(page, "can be loaded", "Kept as your private draft until")
    page.get_by_role("button", name="Preview this file in the dashboard").click()
    wait_for_app(page)
    go_to(page, "Overview")
    shows(page, "Previewing your file")
    go_to(page, "Data")
    shows(page, "Your draft jwp_update_2.xlsx, kept since", "What changes compared with", "Publish for everyone")
    page.reload()
    wait_for_app(page)
    shows(page, "Your draft jwp_update_2.xlsx, kept since", "What changes compared with", "Publish for everyone")
    expect(main(page).locator("table.jwp-diff td", has_text="Actual").first).to_be_visible(timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "draft-after-reload.png", full_page=True)

    cookie = next(c for c in page.context.cookies() if c["name"] == "jwp_draft")
    assert cookie["sameSite"] == "Strict" and cookie["value"] not in page.url
    assert Drafts(VersionStore(store)).get(cookie["value"]).file_name == "jwp_update_2.xlsx"

    viewer = browser.new_context()  # someone given the address, without the cookie
    try:
        other = viewer.new_page()
        other.goto(page.url)
        wait_for_app(other)
        expect(main(other)).to_contain_text("No file chosen yet", timeout=30_000)
        assert "jwp_update_2.xlsx" not in main(other).inner_text()
    finally:
        viewer.close()

    page.get_by_role("button", name="Discard this file").click()
    wait_for_app(page)
    shows(page, "The file was discarded", "No file chosen yet")
    assert Drafts(VersionStore(store)).get(cookie["value"]) is None
    page.reload()
    wait_for_app(page)
    shows(page, "No file chosen yet")
    assert "jwp_update_2.xlsx" not in main(page).inner_text()


def test_a_version_that_is_not_current_is_named_on_every_page_the_briefing_included(page, served, tmp_path):
    url, store = served
    publish(store, updated_default(tmp_path, 0).read_bytes(), "jwp_v1.xlsx")
    publish(store, updated_default(tmp_path, 2).read_bytes(), "jwp_v2.xlsx")
    open_page(page, url, "history")
    main(page).locator("[data-testid='stSelectbox']").first.click()  # the sidebar's first is the language
    page.get_by_role("option", name=re.compile(r"^Version 1 ")).click()
    wait_for_app(page)
    page.get_by_role("button", name="View version 1 in the dashboard").click()
    wait_for_app(page)
    banner = "Not the current version: you are viewing version 1 of JWP-2010-2011, read-only."
    go_to(page, "Overview")
    shows(page, banner)
    go_to(page, "History")
    shows(page, banner)
    picker = main(page).get_by_role("combobox", name="Version")
    expect(picker).to_have_value(re.compile(r"^Version 1 · "))  # the picker agrees with the banner
    go_to(page, "Briefing")  # the sidebar is collapsed there: the banner is the only hint, so it must be there
    shows(page, banner)
    expect(page.locator(".jwp-present .jwp-slide")).to_be_visible(timeout=60_000)
    page.screenshot(path=SCREENSHOTS / "version-banner-briefing.png")
    page.get_by_role("button", name="Back to the current version (2)").click()
    wait_for_app(page)
    expect(main(page)).not_to_contain_text("Not the current version", timeout=30_000)
    expect(page.locator(".jwp-present .jwp-slide")).to_be_visible()
