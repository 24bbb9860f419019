"""Arabic reads right to left: the page says so (<html dir>), and the sidebar, the Overview's bars, the indicator
figures and the tables are mirrored, at a projector's 1280x720. Ids stay whole and in their own order inside
Arabic text. English beside it, unmirrored, shows the measures can tell the two apart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jwp_data.i18n import t
from tests.e2e.test_browser import open_page

# Each id's characters, as a range each: on one line (same top), left to right in the id's own order.
ID_PLACES = """
(pattern) => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  const expression = new RegExp(pattern, "g");
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.textContent.matchAll(expression)) {
      const places = [];
      for (let i = match.index; i < match.index + match[0].length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width > 0) { places.push([match[0][i - match.index], Math.round(box.left), Math.round(box.top)]); }
      }
      found.push(places);
    }
  }
  return found;
}
"""

BARS = """
() => [...document.querySelectorAll('.jwp-bars-completion .jwp-bar')].map((bar) => {
  const track = bar.parentElement.getBoundingClientRect(), own = bar.getBoundingClientRect();
  const row = bar.parentElement.previousElementSibling.getBoundingClientRect();  // the objective's words
  return {left: own.left - track.left, right: track.right - own.right, width: own.width,
          wordsRightOfBar: row.left >= track.right - 1, wordsLeftOfBar: row.right <= track.left + 1};
})
"""


def settled_bars(tab) -> list[dict]:
    """The completion bars' geometry once the page has settled (a loaded machine lays it out in steps)."""
    bars, before = tab.evaluate(BARS), None
    for _ in range(20):
        if bars == before:
            break
        tab.wait_for_timeout(250)
        bars, before = tab.evaluate(BARS), bars
    return bars


@pytest.fixture
def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.mark.parametrize("lang,direction", [("ar", "rtl"), ("en", "ltr")])
def test_the_page_takes_the_direction_of_its_language(projector, app_url, lang, direction):
    open_page(projector, app_url, "", lang)
    html = projector.locator("html")
    expect(html).to_have_attribute("dir", direction, timeout=30_000)
    expect(html).to_have_attribute("lang", t("dl.html_lang", lang))
    sidebar = projector.locator('[data-testid="stSidebar"]').bounding_box()
    main = projector.locator('[data-testid="stMain"]').bounding_box()
    assert (sidebar["x"] > main["x"]) == (direction == "rtl")  # the sidebar on the reading side's start
    heading = projector.locator('[data-testid="stMain"] h1').first.evaluate("(h) => getComputedStyle(h).textAlign")
    assert heading == ("start" if direction == "rtl" else "left")  # ours in Arabic, Streamlit's own in English


def test_in_arabic_the_overviews_bars_grow_from_the_right(projector, app_url):
    open_page(projector, app_url, "", "ar")
    projector.locator(".jwp-bars-completion .jwp-bar").first.wait_for()
    bars = settled_bars(projector)
    assert len(bars) >= 2
    for bar in bars:  # flush with the track's right end (a full bar is flush with both ends), its words right of it
        assert abs(bar["right"]) <= 1, bars
        assert bar["wordsRightOfBar"] and not bar["wordsLeftOfBar"]
    assert any(bar["left"] > 1 for bar in bars), bars  # grown leftwards: a bar short of full leaves the left end
    first, *_ = projector.locator(".jwp-bars-status [role=img]").first.evaluate(
        "(bar) => [...bar.children].map((s) => s.getBoundingClientRect().right)"
    )
    track = projector.locator(".jwp-bars-status [role=img]").first.bounding_box()
    assert abs(first - (track["x"] + track["width"])) <= 1  # the first status's segment at the right end


def test_in_english_the_same_bars_grow_from_the_left(projector, app_url):
    open_page(projector, app_url, "", "en")
    projector.locator(".jwp-bars-completion .jwp-bar").first.wait_for()
    for bar in settled_bars(projector):
        assert abs(bar["left"]) <= 1 and bar["wordsLeftOfBar"]


def test_in_arabic_a_table_wider_than_the_screen_keeps_its_first_column_in_sight(projector, app_url):
    """The indicator table is wider than the page at 1280 px: the grid can pin and start its scrolling only on its
    left, so it keeps the other languages' order there, the id column pinned in sight (a narrower table is
    mirrored: tests/test_widgets_rtl.py)."""
    open_page(projector, app_url, "indicators", "ar")
    headers = projector.locator('[data-testid="stDataFrame"] [role="columnheader"]')
    expect(headers.first).to_be_attached()
    names = headers.evaluate_all(
        "(cells) => cells.map((c) => [c.textContent.trim(), c.getBoundingClientRect().left])"
        ".filter(([name]) => name).sort((a, b) => a[1] - b[1]).map(([name]) => name)"
    )
    assert names[0] == t("dash.col.indicator_id", "ar")  # the id column, the table's first, pinned on the left


def test_ids_inside_arabic_text_stay_whole_and_in_their_own_order(projector, app_url):
    open_page(projector, app_url, "objectives", "ar")
    expect(projector.locator("html")).to_have_attribute("dir", "rtl")
    expect(projector.locator(".jwp-indicator-figure").first).to_be_attached()
    found = projector.evaluate(ID_PLACES, r"OO1[-\u2011]EA\d")
    assert found, "no id found on the page"
    for places in found:
        word = "".join(ch for ch, _, _ in places)
        assert re.fullmatch(r"OO1[-\u2011]EA\d", word)
        assert len({top for _, _, top in places}) == 1, f"{word} is broken over lines"
        lefts = [left for _, left, _ in places]
        assert lefts == sorted(lefts), f"{word} is drawn out of order"


def test_in_arabic_an_indicator_figure_is_mirrored(projector, app_url):
    open_page(projector, app_url, "objectives", "ar")
    figure = projector.locator(".jwp-indicator-figure").first
    figure.scroll_into_view_if_needed()
    assert figure.get_attribute("dir") == "rtl"
    title = figure.locator("figcaption").bounding_box()
    image = figure.locator("img").bounding_box()
    assert abs((title["x"] + title["width"]) - (image["x"] + image["width"])) <= 2  # the title starts on the right


def test_in_arabic_the_briefings_buttons_read_from_the_right_and_the_right_arrow_still_goes_on(projector, app_url):
    from tests.e2e.test_presenting import open_briefing

    open_briefing(projector, app_url, "ar", slide=2)
    places = {
        key: projector.locator(f".st-key-{key} button").bounding_box()["x"]
        for key in ("brief_first", "brief_prev", "brief_next", "brief_last")
    }
    # read from the right: first, previous, (the slide's number), next, last
    assert places["brief_first"] > places["brief_prev"] > places["brief_next"] > places["brief_last"]
    projector.keyboard.press("ArrowRight")  # what a clicker sends for "next", whatever the reading direction
    projector.wait_for_url(re.compile(r"slide=3"), timeout=30_000)
