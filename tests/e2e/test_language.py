"""The page in the reader's language, served from the app alone, with spreadsheet text kept as text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from jwp_data.i18n import t
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_browser import PAGES, go_to, main_text, open_page, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK


@pytest.fixture
def offline_page(browser, app_url):
    """A tab that may reach the app's own server only: every other request is refused and noted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(30_000)
    outside: list[str] = []

    def only_the_app(route):
        url = route.request.url
        if url.startswith((app_url, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_the_app)
    tab = context.new_page()
    tab.outside = outside
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_loads_from_the_app_alone_with_its_language_and_icons(offline_page, app_url, lang):
    for path in PAGES:
        open_page(offline_page, app_url, path, lang)
        expect(offline_page.locator("html")).to_have_attribute("lang", t("dl.html_lang", lang), timeout=30_000)
    fonts = offline_page.evaluate("() => [...document.fonts].map(f => f.family + ':' + f.status)")
    assert "Material Symbols Rounded:loaded" in fonts  # the page icons come with Streamlit
    icon = offline_page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\").href")
    assert icon.startswith(("data:", app_url))
    assert offline_page.outside == []


def test_the_chart_toolbar_speaks_chinese(page, app_url, tmp_path):
    open_page(page, app_url, "data", "zh")  # progress over time: the shipped workbook has one reporting date
    upload(page, two_dates_default(tmp_path))
    page.get_by_role("button", name=t("data.preview.start", "zh")).click()
    wait_for_app(page)
    go_to(page, t("dash.page.progress", "zh"))
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".modebar-btn").first).to_be_attached(timeout=30_000)
    titles = chart.locator(".modebar-btn").evaluate_all("(buttons) => buttons.map(b => b.getAttribute('data-title'))")
    assert "放大" in titles and "下载图表（PNG）" in titles
    assert "Zoom in" not in titles and "Download plot as a PNG" not in titles


def linked_text_workbook(tmp_path: Path) -> Path:
    """The shipped workbook with web and mail addresses in a title, a goal, an indicator and a narrative."""
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)

    def put(sheet: str, key: str, value: str, column: str, text: str) -> None:
        header = [cell.value for cell in book[sheet][1]]
        for row in book[sheet].iter_rows(min_row=2):
            if row[header.index(key)].value == value:
                row[header.index(column)].value = text

    put("Objectives", "objective_id", "OO1", "title_en", "Advocacy www.example.org")
    put("Objectives", "objective_id", "OO1", "goal_en", "See http://example.org/goal or write to goal@example.org")
    put("Indicators", "indicator_id", "OO1-EA1", "indicator_en", "Forums listed at https://example.org/forums")
    put("Results", "indicator_id", "OO1-EA1", "performance_en", "Narrative www.narrative.example and a@b.org")
    path = tmp_path / "links.xlsx"
    book.save(path)
    return path


def test_addresses_in_workbook_text_stay_text_and_the_preview_stops_from_any_page(page, app_url, tmp_path):
    open_page(page, app_url, "data")
    upload(page, linked_text_workbook(tmp_path))
    page.get_by_role("button", name="Preview this file in the dashboard").click()
    wait_for_app(page)
    for title in ("Overview", "Objectives"):
        go_to(page, title)
        for summary in page.locator("[data-testid='stMain'] [data-testid='stExpander'] summary").all():
            summary.click()
        wait_for_app(page)
        links = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMain] a, [data-testid=stSidebar] a')]"
            ".map(a => a.getAttribute('href') || '').filter(h => !h.startsWith('#'))"
            ".filter(h => /example|narrative|b\\.org|^mailto/.test(h))"
        )
        assert links == [], f"{title}: {links}"
    shown = main_text(page).replace("\u2060", "")
    assert "See http://example.org/goal or write to goal@example.org" in shown  # the text itself, unchanged
    page.get_by_role("button", name="Stop the preview").click()
    wait_for_app(page)
    expect(page.get_by_text("Previewing your file")).to_have_count(0)
    expect(page.get_by_role("button", name="Stop the preview")).to_have_count(0)


OVERLAPS = """(plot) => {
  const groups = {
    ytick: '.ytick text', xtick: '.xtick text', xtitle: '.g-xtitle text', ytitle: '.g-ytitle text',
    legend: '.legend .traces', legendtitle: '.legendtitletext', annotation: '.annotation', title: '.g-gtitle text',
  };
  const boxes = [];
  for (const [group, selector] of Object.entries(groups)) {
    for (const element of plot.querySelectorAll(selector)) {
      const r = element.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) boxes.push({group, r, text: element.textContent});
    }
  }
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  const hits = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (!apart(a.r, b.r)) hits.push(`${a.group} "${a.text}" / ${b.group} "${b.text}"`);
  }));
  return hits;
}"""


# The Objectives page draws each indicator as an SVG image (jwp_data/present/bullets.py): draw its markup at the
# image's size in the page, and list texts that overlap one another or leave the figure.
SVG_OVERLAPS = """(img) => {
  const bytes = Uint8Array.from(atob(img.src.split(',')[1]), (c) => c.charCodeAt(0));
  const holder = document.createElement('div');
  holder.innerHTML = new TextDecoder().decode(bytes);
  const svg = holder.querySelector('svg');
  svg.setAttribute('width', img.width);
  svg.setAttribute('height', img.height);
  document.body.appendChild(holder);
  const frame = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('text')].map((e) => ({r: e.getBoundingClientRect(), text: e.textContent}));
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  const hits = [];
  boxes.forEach((a, i) => {
    if (a.r.left < frame.left - 1 || a.r.right > frame.right + 1) hits.push(`"${a.text}" leaves the figure`);
    boxes.slice(i + 1).forEach((b) => { if (!apart(a.r, b.r)) hits.push(`"${a.text}" / "${b.text}"`); });
  });
  holder.remove();
  return {texts: boxes.length, hits};
}"""


# The Overview draws its figures as HTML (jwp_data/present/bars.py): list texts that overlap one another, run out of
# their own box (clipped or spilling) or leave the figure.
BARS_OVERLAPS = """(figure) => {
  const frame = figure.getBoundingClientRect();
  const boxes = [];
  const walker = document.createTreeWalker(figure, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const own = node.parentElement.getBoundingClientRect();
    for (const r of range.getClientRects()) if (r.width > 0) boxes.push({node, r, own, text: node.textContent});
  }
  const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
  const within = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1;
  const hits = [];
  boxes.forEach((a, i) => {
    if (!within(a.r, frame)) hits.push(`"${a.text}" leaves the figure`);
    if (!within(a.r, a.own)) hits.push(`"${a.text}" runs out of its box`);
    boxes.slice(i + 1).forEach((b) => {
      if (a.node !== b.node && !apart(a.r, b.r)) hits.push(`"${a.text}" / "${b.text}"`);
    });
  });
  return {texts: boxes.length, hits};
}"""


def two_dates_default(tmp_path: Path) -> Path:
    """The shipped workbook with an earlier report (31 December 2010): half the values, milestones not started."""
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    for row in list(sheet.iter_rows(min_row=2, values_only=True)):
        if not row[header.index("indicator_id")]:
            continue
        earlier = dict.fromkeys(header)
        earlier["indicator_id"] = row[header.index("indicator_id")]
        earlier["reported_on"] = datetime(2010, 12, 31)
        actual = row[header.index("actual")]
        if isinstance(actual, int | float):
            earlier["actual"] = actual // 2
        elif row[header.index("rating")]:
            earlier["rating"] = "not started"
        sheet.append([earlier[h] for h in header])
    path = tmp_path / "jwp_two_dates.xlsx"
    book.save(path)
    return path


def heading(tab, text: str) -> None:
    """Scroll so that the heading is at the top of the window (for the screenshot)."""
    tab.get_by_role("heading", name=text).first.evaluate("(h) => h.scrollIntoView({block: 'start'})")
    tab.wait_for_timeout(500)


def show_charts(tab, count: int) -> list:
    charts = tab.locator("[data-testid='stMain'] .js-plotly-plot")
    expect(charts.nth(count - 1)).to_be_attached(timeout=60_000)
    found = []
    for index in range(count):
        charts.nth(index).scroll_into_view_if_needed()
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_visible(timeout=30_000)
        found.append(charts.nth(index))
    tab.wait_for_timeout(500)
    return found


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_overview_and_progress_in_chinese_have_nothing_overlapping(browser, app_url, tmp_path, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    try:
        open_page(tab, app_url, "", "zh")
        figures = tab.locator("[data-testid='stMain'] figure.jwp-bars")
        expect(figures).to_have_count(2, timeout=60_000)
        assert tab.locator("[data-testid='stMain'] .js-plotly-plot").count() == 0  # the Overview needs no plotly.js
        for index in range(2):
            drawn = figures.nth(index).evaluate(BARS_OVERLAPS)
            assert drawn["texts"] >= 12 and drawn["hits"] == [], (index, drawn)
        heading(tab, t("dash.overview.completion", "zh"))
        tab.screenshot(path=SCREENSHOTS / f"overview-charts-zh-{width}x{height}.png")

        for objective, count in (("OO1", 3), ("OO5", 4)):
            tab.goto(f"{app_url}/objectives?objective={objective}&lang=zh")
            wait_for_app(tab)
            figures = tab.locator("[data-testid='stMain'] img[src^='data:image/svg+xml']")
            expect(figures.nth(count - 1)).to_be_visible(timeout=60_000)
            assert figures.count() == count, objective
            for index in range(count):
                drawn = figures.nth(index).evaluate(SVG_OVERLAPS)
                assert drawn["texts"] > 0 and drawn["hits"] == [], (objective, index, drawn)

        open_page(tab, app_url, "data", "zh")
        upload(tab, two_dates_default(tmp_path))
        tab.get_by_role("button", name=t("data.preview.start", "zh")).click()
        wait_for_app(tab)
        go_to(tab, t("dash.page.progress", "zh"))
        (over_time,) = show_charts(tab, 1)
        assert over_time.evaluate(OVERLAPS) == []
        heading(tab, t("dash.page.progress", "zh"))
        tab.screenshot(path=SCREENSHOTS / f"progress-zh-{width}x{height}.png")
    finally:
        context.close()
