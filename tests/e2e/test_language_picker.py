"""The language picker in a real browser: all six languages, each in its own name and marked with its own
language, within the screen at 1024×768 and 1280×720, and the choice kept in the address."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jwp_data.i18n import LANGUAGE_NAMES, LANGUAGES, direction, language_tag, t
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_browser import wait_for_app


def _picker(page, lang: str):
    return page.locator("[data-testid='stSidebar']").get_by_role("combobox", name=t("dash.language", lang))


def _open_sidebar(page) -> None:
    """Below 1280 px the sidebar starts closed: open it as a reader would."""
    opener = page.locator("[data-testid='stExpandSidebarButton']")
    if opener.count() and opener.first.is_visible():
        opener.first.click()
    expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "false")
    page.wait_for_timeout(600)  # the sidebar slides in


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1280, 720)])
def test_the_picker_offers_the_six_languages_in_their_own_names_within_the_screen(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?lang=ru")
        wait_for_app(page)
        _open_sidebar(page)
        picker = _picker(page, "ru")
        expect(picker).to_have_value("Русский")
        expect(picker).to_have_attribute("lang", "ru")
        box = picker.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, f"the picker is off the screen: {box}"
        picker.click()
        options = page.get_by_role("option")
        expect(options).to_have_count(len(LANGUAGES))
        assert options.all_inner_texts() == [LANGUAGE_NAMES[code] for code in LANGUAGES]
        for code, option in zip(LANGUAGES, options.all(), strict=True):
            marked = option.locator(f"[lang='{language_tag(code)}'][dir='{direction(code)}']")
            expect(marked).to_have_text(LANGUAGE_NAMES[code])
            shown = marked.bounding_box()
            assert shown and shown["y"] >= 0 and shown["y"] + shown["height"] <= height, f"{code} off the screen"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"language-picker-{width}x{height}.png")
        options.filter(has_text="Español").click()
        page.wait_for_url(re.compile(r"lang=es"))
        wait_for_app(page)
        expect(_picker(page, "es")).to_have_value("Español")
        expect(_picker(page, "es")).to_have_attribute("lang", "es")
    finally:
        context.close()
