"""The Briefing on a projector, in a real browser: every slide fits the screen, the clicker's keys work,
the report and the dashboard print tidily, and an open screen follows a new version without a click.

This file runs after test_browser.py (it publishes a version into the shared store at its end).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from jwp_data import assess, read_workbook
from jwp_data.cli import stored_programme
from jwp_data.export.report import report_html
from jwp_data.present.briefing import build_briefing
from jwp_data.present.charts import PROGRAMME_COLOUR
from jwp_data.store import VersionStore
from jwp_data.workbook.schema import STATUS_COLOURS
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_browser import go_to, main, open_page, shows, updated_default, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = assess(read_workbook(SHIPPED_WORKBOOK))
SCREENS = [(1024, 768), (1280, 720), (1920, 1080)]
COUNTER = {"en": "Slide {n} of {total}", "zh": "第 {n} 页，共 {total} 页"}

# Where each visible part of the slide and the navigation ends, and the smallest type on the slide.
MEASURE = """() => {
  let bottom = 0, right = 0, smallest = 1000;
  const parts = document.querySelectorAll(
    ".jwp-present *, .st-key-brief_first, .st-key-brief_next, .st-key-brief_last");
  for (const part of parts) {
    const box = part.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    bottom = Math.max(bottom, box.bottom);
    right = Math.max(right, box.right);
    const own = [...part.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && part.closest(".jwp-present")) smallest = Math.min(smallest, parseFloat(getComputedStyle(part).fontSize));
  }
  return {bottom, right, smallest, scrollWidth: document.documentElement.scrollWidth};
}"""


def counter(page):
    return page.locator("[data-testid='stMain'] [data-testid='stMarkdown'] strong").first


def open_briefing(page, url: str, lang: str, slide: int = 1) -> None:
    page.goto(f"{url}/briefing?lang={lang}&slide={slide}")
    wait_for_app(page)
    expect(page.locator(".jwp-present .jwp-slide")).to_be_visible(timeout=60_000)
    for key in ("brief_first", "brief_next", "brief_pagedown", "brief_space", "brief_pageup"):  # keys are listening
        expect(page.locator(f".st-key-{key} button")).to_be_attached(timeout=30_000)


def press(page, key: str, lang: str, expected: int, total: int) -> None:
    page.keyboard.press(key)
    expect(counter(page)).to_have_text(COUNTER[lang].format(n=expected, total=total), timeout=30_000)
    wait_for_app(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("width", "height"), SCREENS, ids=lambda v: str(v))
def test_every_slide_shows_all_its_content_without_scrolling(browser, app_url, lang, width, height):
    total = len(build_briefing(DEFAULT, lang).slides)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        open_briefing(page, app_url, lang)
        for number in range(1, total + 1):
            if number > 1:
                press(page, "ArrowRight", lang, number, total)
            seen = page.evaluate(MEASURE)
            where = f"slide {number} at {width}x{height} ({lang})"
            assert seen["bottom"] <= height, f"{where} ends {seen['bottom'] - height:.0f} px below the screen"
            assert seen["right"] <= width and seen["scrollWidth"] <= width, f"{where} runs off to the right"
            assert seen["smallest"] >= 18, f"{where} has {seen['smallest']} px type"
            if (width, height) == (1280, 720) and number == 4:
                page.screenshot(path=SCREENSHOTS / f"briefing-{lang}.png")
    finally:
        context.close()


def test_clicker_and_keyboard_keys_move_through_the_slides(browser, app_url):
    total = len(build_briefing(DEFAULT, "en").slides)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_briefing(page, app_url, "en")
        for key, expected in [
            ("PageDown", 2),
            ("Space", 3),
            ("ArrowRight", 4),
            ("PageUp", 3),
            ("ArrowLeft", 2),
            ("End", total),
            ("Home", 1),
        ]:
            press(page, key, "en", expected, total)
            assert f"slide={expected}" in page.url.split("?")[1].split("&")
        page.keyboard.press("f")
        page.wait_for_function("() => !!document.fullscreenElement")
        expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
        expect(page.locator(".jwp-present .jwp-slide")).to_be_visible()
        page.keyboard.press("b")
        assert page.evaluate("() => document.documentElement.classList.contains('jwp-blank')")
        page.keyboard.press("b")
        page.keyboard.press("f")
        page.wait_for_function("() => !document.fullscreenElement")
    finally:
        context.close()


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_report_prints_on_a4_landscape_each_section_with_its_chart_on_one_page(browser, tmp_path):
    briefing = build_briefing(DEFAULT, "en", "Shipped workbook")
    page = browser.new_page()
    page.set_content(report_html(briefing, DEFAULT), wait_until="load")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 2")
    page.emulate_media(media="print")
    target = tmp_path / "report.pdf"
    page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    page.close()
    pages = pdf_pages(target)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert "(A4)" in size and width > height  # A4 landscape
    assert len(pages) == len(briefing.slides) + len(briefing.appendix)  # one page a section, none empty
    assert all(text.strip() for text in pages)
    for number, slide in enumerate(briefing.slides):
        assert slide.title.split(" (")[0] in " ".join(pages[number].split()), (
            f"section {number + 1} is not on page {number + 1}"
        )
    headline = " ".join(pages[1].split())
    assert "Completion per operational objective" in headline  # the chart on the same page as its section
    summary = next(" ".join(p.split()) for p in pages if "Status summary" in p)
    assert "Indicators by status" in summary or "Whole programme" in summary
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def test_a_dashboard_page_prints_without_the_sidebar_and_with_charts_inside_the_page(page, app_url):
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    expect(main(page).locator("figure.jwp-bars")).to_have_count(2, timeout=60_000)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1000, "height": 700})
    page.wait_for_timeout(500)
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    assert page.locator("[data-testid='stHeader']").is_hidden()
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('figure.jwp-bars')].map((c) => c.getBoundingClientRect().right))"
    )
    assert widest <= 1000


def test_the_overview_prints_its_bars_in_colour_even_without_background_graphics(page, app_url, tmp_path):
    page.goto(f"{app_url}/?lang=en")
    wait_for_app(page)
    expect(main(page).locator("figure.jwp-bars")).to_have_count(2, timeout=60_000)
    page.emulate_media(media="print")
    target = tmp_path / "overview.pdf"
    page.pdf(path=str(target), format="A4", print_background=False)  # the print dialog's default
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(target), str(tmp_path / "printed")], check=True)
    colours = set()
    for png in sorted(tmp_path.glob("printed*.png")):
        colours |= {colour for _, colour in Image.open(png).convert("RGB").getcolors(1 << 20)}

    def near(hex_colour: str) -> bool:
        wanted = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
        return any(all(abs(a - b) <= 6 for a, b in zip(colour, wanted)) for colour in colours)

    assert near(PROGRAMME_COLOUR)  # the completion bars
    assert near(STATUS_COLOURS["achieved"]) and near(STATUS_COLOURS["in_progress"])  # the status segments


def test_an_open_briefing_follows_a_new_version_within_seconds_and_keeps_its_slide(
    browser, app_url, store_file, tmp_path
):
    total = len(build_briefing(DEFAULT, "en").slides)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_briefing(page, app_url, "en", slide=4)
        expect(counter(page)).to_have_text(f"Slide 4 of {total}")
        store = VersionStore(store_file)
        data = updated_default(tmp_path, 0).read_bytes()
        version = store.publish(
            data, "jwp_live.xlsx", "Bureau Secretary", "for the live test", programme=stored_programme(data)
        ).version
        toast = page.locator("[data-testid='stToast']")
        expect(toast).to_contain_text(
            f"Updated to version {version.id} of JWP-2010-2011, published by Bureau Secretary (name given at sign-in) at",
            timeout=12_000,
        )
        expect(counter(page)).to_have_text(f"Slide 4 of {total}")
        assert "slide=4" in page.url.split("?")[1].split("&")
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar).to_contain_text(f"version {version.id}", ignore_case=True)
    finally:
        context.close()


def test_a_private_preview_stays_when_someone_publishes(page, app_url, store_file, tmp_path):
    open_page(page, app_url, "data")
    upload(page, updated_default(tmp_path, 2))
    shows(page, "can be loaded")
    page.get_by_role("button", name="Preview this file in the dashboard").click()
    wait_for_app(page)
    go_to(page, "Overview")
    shows(page, "Previewing your file", "Achieved 4")
    data = updated_default(tmp_path, 3).read_bytes()
    version = VersionStore(store_file).publish(data, "jwp_3.xlsx", "Other Editor", programme=stored_programme(data))
    toast = page.locator("[data-testid='stToast']")
    expect(toast).to_contain_text(
        f"Version {version.version.id} of JWP-2010-2011 was published by Other Editor (name given at sign-in) at",
        timeout=12_000,
    )
    expect(toast).to_contain_text("; your private preview stays on screen.")
    shows(page, "Previewing your file", "Achieved 4")
