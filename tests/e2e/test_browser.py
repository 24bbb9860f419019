"""The whole product in a real browser, as a secretariat editor and a Bureau member would use it."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from conftest import INDICATORS, rows_for, valid_content, write_rows
from tests.e2e.conftest import EDITOR_PASSWORD, SCREENSHOTS
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["", "objectives", "indicators", "progress", "compare", "briefing", "data", "history", "method"]


def main(page):
    return page.locator("[data-testid='stMain']")


def main_text(page) -> str:
    return main(page).inner_text()


def shows(page, *texts: str) -> None:
    """Wait until the main area shows every text (Streamlit renders in several steps).

    Text that looks like an address (name@…, www.…) is shown with an invisible word joiner inside so that
    it never becomes a link; a reader sees the text as written here, so the joiner may stand anywhere.
    """
    for text in texts:
        expected = re.compile("\u2060?".join(map(re.escape, text))) if "@" in text or "www." in text else text
        expect(main(page)).to_contain_text(expected, timeout=30_000)


def wait_for_app(page) -> None:
    """Wait until Streamlit has finished the run that the last action started."""
    page.wait_for_selector("[data-testid='stMain'] [data-testid='stElementContainer']", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(300)


def open_page(page, url: str, path: str = "", lang: str = "en") -> None:
    page.goto(f"{url}/{path}?lang={lang}")
    wait_for_app(page)


def go_to(page, title: str) -> None:
    """Follow a sidebar link: the browser session (preview, sign-in) is kept."""
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
    wait_for_app(page)


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def grid_cells(page) -> list[str]:
    return page.locator("[data-testid='stMain'] [role='gridcell']").all_inner_texts()


def upload(page, path: Path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_for_app(page)


def updated_default(tmp_path: Path, civil_society_sets: int) -> Path:
    """The shipped workbook with the civil-society material sets (OO1-EA3) reported as given."""
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator_id")].value == "OO1-EA3":
            row[header.index("actual")].value = civil_society_sets
    path = tmp_path / f"jwp_update_{civil_society_sets}.xlsx"
    book.save(path)
    return path


def test_overview_shows_the_headline_figures(page, app_url):
    open_page(page, app_url)
    shows(page, "Headline indicators", "50+", "Target: 12", "62.5%", "✔ Achieved", "Evidence items (5)")
    forums = page.get_by_text("Joint contributions to at least four forums and processes.")
    expect(forums).to_be_visible()
    shot(page, "overview-en")


def test_switching_to_chinese_shows_chinese_labels(page, app_url):
    open_page(page, app_url)
    page.locator("[data-testid='stSidebar']").get_by_role("combobox", name="Language · 语言").click()
    page.get_by_role("option", name="中文").click()
    page.wait_for_url(re.compile(r"lang=zh"))
    wait_for_app(page)
    shows(page, "重点指标", "50+", "目标：12", "已实现")
    assert "Headline indicators" not in main_text(page)
    shot(page, "overview-zh")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_opens_without_an_error(page, app_url, lang):
    for path in PAGES:
        open_page(page, app_url, path, lang)
        assert page.locator("[data-testid='stException']").count() == 0, path
        assert "Traceback" not in main_text(page), path
    open_page(page, app_url, "objectives", lang)
    shows(page, "Operational objective" if lang == "en" else "业务目标")
    shot(page, f"objectives-{lang}")


def test_broken_workbook_shows_its_errors_with_row_and_column(page, app_url, tmp_path):
    content = valid_content()
    content["Indicators"] = [dict(INDICATORS[0], measure="bogus"), *INDICATORS[1:]]
    broken = write_rows(tmp_path / "broken.xlsx", {name: rows_for(name, rows) for name, rows in content.items()})
    open_page(page, app_url, "data")
    upload(page, broken)
    shows(page, "1 problem to fix")
    cells = main(page).locator("[data-testid='stTable'] tbody td")  # a table whose "What to do" wraps
    expect(cells.first).to_be_attached(timeout=30_000)
    assert cells.all_inner_texts()[:4] == ["Error", "Indicators", "2", "measure"]


def test_editor_previews_publishes_and_reverts(page, app_url, tmp_path):
    open_page(page, app_url, "data")
    upload(page, updated_default(tmp_path, 2))
    shows(page, "can be loaded")
    page.get_by_role("button", name="Preview this file in the dashboard").click()
    wait_for_app(page)
    go_to(page, "Overview")
    shows(page, "Previewing your file", "Achieved 4")  # the civil-society sets now reach their target

    go_to(page, "Data")
    upload(page, updated_default(tmp_path, 2))
    page.get_by_role("textbox", name="Your name").fill("Test Editor")
    page.get_by_role("textbox", name="Editors' password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in as editor").click()
    wait_for_app(page)
    shows(page, "Signed in as editor: Test Editor")
    page.get_by_role("textbox", name="Note (optional)").fill("Figures for the Bureau")
    page.get_by_role("button", name="Publish this file").click()
    wait_for_app(page)
    shows(page, "Published as version 1")

    upload(page, updated_default(tmp_path, 1))
    page.get_by_role("button", name="Publish this file").click()
    wait_for_app(page)
    shows(page, "Published as version 2")

    go_to(page, "History")
    expect(main(page).locator("[role='gridcell']").first).to_be_attached(timeout=30_000)
    cells = grid_cells(page)
    assert "Figures for the Bureau" in cells and "Test Editor (name given at sign-in)" in cells
    main(page).locator("[data-testid='stSelectbox']").first.click()  # the sidebar's first is the language
    page.get_by_role("option", name=re.compile(r"^Version 1 ")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Make version 1 current for everyone").click()
    wait_for_app(page)
    shows(page, "Version 1 is current again")
    logged = main(page).locator("[role='gridcell']", has_text="Made current again")
    expect(logged).to_be_attached(timeout=30_000)


def download(page, button_name: str, tmp_path: Path) -> Path:
    button = page.get_by_role("button", name=button_name).first
    expect(button).to_be_visible(timeout=30_000)
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as started:
        button.click()
    target = tmp_path / started.value.suggested_filename
    started.value.save_as(target)
    return target


def test_downloads_chart_html_indicator_table_and_briefing_deck(page, app_url, tmp_path):
    from pptx import Presentation

    open_page(page, app_url)
    page.locator(".st-key-open-data-completion-per-objective").get_by_role("button", name="Download").click()
    chart = download(page, "Interactive chart (HTML)", tmp_path)
    html = chart.read_text(encoding="utf-8")
    assert chart.name.startswith("JWP-2010-2011_") and chart.suffix == ".html"
    assert "Completion per operational objective" in html and "plotly" in html.lower()
    assert '<script src="https://cdn.plot.ly' not in html  # plotly.js is embedded: the file works offline
    assert len(html) > 1_000_000
    page.keyboard.press("Escape")  # close the Download control before leaving the page

    go_to(page, "Indicators")
    page.locator("[data-testid='stExpander'] summary", has_text="Download").click()
    table = openpyxl.load_workbook(download(page, "Indicator table (Excel)", tmp_path)).worksheets[0]
    rows = list(table.iter_rows(values_only=True))
    ids = [row[0] for row in rows[1:] if row[0]]
    assert len(ids) == 11 and "OO2-EA1" in ids

    go_to(page, "Briefing")
    page.locator("[data-testid='stExpander'] summary", has_text="Download").click()
    deck = Presentation(str(download(page, "Briefing deck (PowerPoint)", tmp_path)))
    texts = " ".join(
        cell.text if not shape.has_text_frame else shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        for cell in (shape.table.iter_cells() if shape.has_table else [shape])
        if shape.has_table or shape.has_text_frame
    )
    assert len(deck.slides) >= 6
    assert "50+" in texts and "Policy framework" in texts
