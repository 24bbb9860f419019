"""An attacker's upload in a real browser: the file is refused in the visitor's language, and everyone else's
dashboard carries on."""

from __future__ import annotations

from playwright.sync_api import expect

from benchmarks import crafted
from tests.e2e.test_browser import main, main_text, open_page, shows, upload


def test_a_sparse_range_bomb_is_refused_and_another_visitor_still_gets_the_overview(browser, app_url, tmp_path):
    bomb = tmp_path / "matrix.xlsx"
    bomb.write_bytes(crafted.sparse_range())  # a header in A1 and one value in XFD1048576: 27 KB
    attacker = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    visitor = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-GB")
    try:
        page = attacker.new_page()
        open_page(page, app_url, "data", "zh")
        upload(page, bomb)
        shows(page, "上限为 100,000 行")
        assert "Traceback" not in main_text(page)
        assert page.locator("[data-testid='stException']").count() == 0

        other = visitor.new_page()
        open_page(other, app_url)
        shows(other, "Headline indicators", "50+", "Target: 12")
        expect(main(other).get_by_text("Connection error")).to_have_count(0)

        page.reload()  # the attacker's own session works too
        page.wait_for_selector("[data-testid='stMain'] [data-testid='stElementContainer']", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        attacker.close()
        visitor.close()
