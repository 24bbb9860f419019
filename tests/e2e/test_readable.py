"""Every page readable at the common screen sizes, in both languages, in a real browser.

At 1024×768, 1280×720, 1366×768 and 1920×1080, in English and Chinese, every page (the Data page with the
problem table of a broken upload, the Briefing on two slides) is measured in the browser (CHECK below):

- an element that hides what does not fit (overflow hidden or an ellipsis) and has more text than it shows, and
  a field (a select box's choice) whose value is wider than the field;
- a "…" on screen that the words themselves do not have (the catalogue's own "…", as in "Search…", are fine);
- text whose lines reach past the box it belongs to: a card, button, figure, table cell, column or block;
- a short word in a table ("类型", "错误") broken over lines;
- st.dataframe, which draws on a canvas: its columns, as the grid holds them (read from the React props of
  the canvas), must all be in view (or scroll sideways under a pinned first column), each as wide as its header, and each cell's words must fit its
  column on the lines the row's height allows (measured with the page's own font in a canvas);
- and the sum of those columns must fit the part of the grid in sight: the grid's box as cut by the window and by any
  box around it that clips ("31 December 20" at a table's edge once passed every other check).

Material icons (drawn from their names, as "add") are not text. Screenshots at 1024×768 go to the test's output folder; the Overview and slide 4 of the Briefing at 1024×768
go to docs/screenshots (overview-1024-en.png, briefing-1024-zh.png, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from programmes import next_programme_bytes

from conftest import INDICATORS, rows_for, valid_content, write_rows
from jwp_data.cli import stored_programme
from jwp_data.store import VersionStore
from tests.e2e.conftest import SCREENSHOTS, serve_app
from tests.e2e.test_browser import PAGES, updated_default, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK
from tests.servers import dashboard

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080)]
BRIEFING_SLIDES = (1, 4)
CATALOGUES = [
    ROOT / "jwp_data" / "i18n" / "locale" / "jwp.pot",
    ROOT / "jwp_data" / "i18n" / "locale" / "zh" / "LC_MESSAGES" / "jwp.po",
]
EXIT_FULL_SCREEN = {"en": "Exit full screen", "zh": "退出全屏"}

CHECK = """(allowed) => {
  const problems = [];
  const say = (kind, el, text, detail) => problems.push(
    `${kind}: "${text.trim().slice(0, 60)}" ${detail || ""} [${el.tagName.toLowerCase()}` +
    `${el.dataset.testid ? " " + el.dataset.testid : ""}]`);
  const hidden = (el) => el.closest("[aria-hidden='true'], .st-key-brief-more-keys, [data-testid='stToast'], " +
    "[data-testid='stSidebar'][data-collapsed='true'], [data-testid='stTooltipContent']");
  const BOXES = "[data-testid='stMetric'], button, figure, th, td, [data-testid='stColumn'], " +
    "[data-testid='stVerticalBlock'], [data-testid='stExpander'], [data-testid='stSidebarContent'], [data-testid='stMain']";
  const roots = document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebar'][data-collapsed='false']");
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      if (el.closest("svg, canvas, [data-testid='stDataFrame'] table, [data-testid='stPlotlyChart']") || hidden(el)) {
        continue;
      }
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own.length) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!box.width || !box.height || style.visibility === "hidden") continue;
      if (/material/i.test(style.fontFamily)) continue;  // an icon's name, drawn as the icon
      if (box.width <= 2 && box.height <= 2) continue;  // words for screen readers only
      const text = el.textContent;
      for (const probe of [el, el.parentElement]) {
        const s = getComputedStyle(probe);
        const clips = (s.overflowX === "hidden" || s.overflowX === "clip" || s.textOverflow === "ellipsis");
        if (clips && probe.scrollWidth > probe.clientWidth + 1) {
          say("cut", el, text, `(${probe.scrollWidth} > ${probe.clientWidth} px)`);
          break;
        }
      }
      if (text.includes("…") && !allowed.some((words) => text.includes(words))) say("ellipsis", el, text);
      const container = el.parentElement.closest(BOXES);
      if (!container) continue;
      const outer = container.getBoundingClientRect();
      for (const node of own) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const words = node.textContent.trim();
        const lines = new Set([...range.getClientRects()].filter((r) => r.width).map((r) => Math.round(r.top))).size;
        if (el.closest("[data-testid='stTable'] th, [data-testid='stTable'] td") && !/\\s/.test(words) && words.length <= 8 && lines > 1) {
          say("broken over lines", el, words, `(${lines} lines)`);
        }
        const past = [...range.getClientRects()].find((r) => r.width && (r.right > outer.right + 1 || r.left < outer.left - 1));
        if (past) {
          say("past its box", el, node.textContent,
            `(text ${Math.round(past.left)}-${Math.round(past.right)}, box ${Math.round(outer.left)}-${Math.round(outer.right)})`);
        }
      }
    }
  }
  // a field's value (a select box shows its choice in a read-only input): never wider than the field
  for (const root of roots) {
    for (const field of root.querySelectorAll("input")) {
      if (!field.value || hidden(field) || !field.checkVisibility() || field.type === "file") continue;
      if (field.scrollWidth > field.clientWidth + 1) say("cut", field, field.value, `(${field.scrollWidth} > ${field.clientWidth} px)`);
    }
  }
  for (const grid of document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")) {
    const scroller = grid.querySelector(".dvn-scroller");
    const name = [...grid.querySelectorAll("th")].map((h) => h.textContent).join(" | ") || "?";
    if (!grid.checkVisibility() || !grid.getBoundingClientRect().height) continue;  // in a closed expander
    const canvas = grid.querySelector("canvas");
    if (!canvas) { problems.push(`table starting "${name}": not drawn`); continue; }
    let fiber = canvas[Object.keys(canvas).find((k) => k.startsWith("__reactFiber"))];
    let props = null;
    while (fiber && !props) {
      const p = fiber.memoizedProps;
      if (p && Array.isArray(p.columns) && p.columns.length && p.columns[0].width !== undefined && p.rowHeight) props = p;
      fiber = fiber.return;
    }
    if (!props) { problems.push(`table starting "${name}": column widths not found`); continue; }
    const page = document.querySelector("[data-testid='stMainBlockContainer']").getBoundingClientRect();
    const drawn = grid.getBoundingClientRect();
    if (drawn.right > Math.min(page.right, window.innerWidth) + 1) {
      problems.push(`table starting "${name}": runs ${Math.round(drawn.right - page.right)} px past the page`);
    }
    if (!props.freezeColumns && scroller && scroller.scrollWidth > scroller.clientWidth + 1) {
      problems.push(`table starting "${name}": columns past its right edge (${scroller.scrollWidth} > ${scroller.clientWidth} px)`);
    }
    // Streamlit wraps only in rows over 4rem; below 80 px a wrapped second line was not seen drawn
    const lines = props.rowHeight >= 80 ? Math.floor((props.rowHeight - 12) / 20) : 1;
    const total = props.columns.reduce((sum, c) => sum + c.width, 0);
    // The grid in sight: its box as cut by the window and by every box around it that clips. Its columns must fit
    // there (a pinned first column lets the others scroll sideways: then the grid's own width must be in sight).
    let left = Math.max(drawn.left, 0), right = Math.min(drawn.right, window.innerWidth);
    for (let up = grid.parentElement; up && up !== document.body; up = up.parentElement) {
      const s = getComputedStyle(up);
      if (s.overflowX !== "visible" || s.clipPath !== "none") {
        const box = up.getBoundingClientRect();
        left = Math.max(left, box.left);
        right = Math.min(right, box.right);
      }
    }
    const inSight = right - left;
    const needed = props.freezeColumns && scroller ? Math.min(total, scroller.clientWidth) : total;
    if (needed > inSight + 1) {
      problems.push(`table starting "${name}": its columns take ${Math.round(needed)} px, ${Math.round(inSight)} px are in sight`);
    }
    const growing = props.columns.filter((c) => c.grow).length;
    const extra = scroller && growing && scroller.clientWidth > total ? (scroller.clientWidth - total) / growing : 0;
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `14px ${getComputedStyle(grid).fontFamily}`;
    props.columns.forEach((column, index) => {
      if (!column.title) return;  // the row marker
      const width = column.width + (column.grow ? extra : 0);
      const head = ctx.measureText(column.title).width + 16;  // and the cell's padding
      if (head > width + 1) problems.push(`table header "${column.title}" needs ${Math.round(head)} px, has ${Math.round(width)}`);
      const th = [...grid.querySelectorAll("th")].find((h) => h.textContent === column.title);
      const at = th ? th.getAttribute("aria-colindex") : "none";
      for (const cell of grid.querySelectorAll(`td[aria-colindex="${at}"]`)) {
        const words = cell.textContent;
        if (!words || column.kind === "progress" || /^\\d+(\\.\\d+)?%?$/.test(words) && width >= 60) continue;
        const need = ctx.measureText(words).width + 16;
        const oneWord = !/\\s/.test(words.trim()) && !/[\\u2e80-\\u9fff\\uff00-\\uffef]/.test(words);
        // a word (not Chinese) must not break: the grid wraps one that only just fits, so it needs 4 px more
        const room = lines === 1 ? width : oneWord ? width - 4 : width * lines * 0.9;
        if (need > room + 1) {  // wrapped lines end short of the edge
          problems.push(`table cell "${words.slice(0, 40)}" of "${column.title}" needs ${Math.round(need)} px, ` +
            `has ${lines} line(s) of ${Math.round(width)}`);
        }
      }
    });
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def served(chromium_path, tmp_path_factory):
    """A dashboard whose store holds two versions of the shipped programme and a second programme, so that
    History and Compare show their tables."""
    folder = tmp_path_factory.mktemp("readable")
    store = folder / "store.sqlite3"
    for data, name in (
        (SHIPPED_WORKBOOK.read_bytes(), "jwp_2010_2011.xlsx"),
        (updated_default(folder, 2).read_bytes(), "jwp_2010_2011_update.xlsx"),
        (next_programme_bytes(), "jwp_2012_2013.xlsx"),
    ):
        VersionStore(store).publish(data, name, "Maria Officer", programme=stored_programme(data))
    with serve_app(store, folder / "streamlit.log") as url:
        yield url


SHIPPED = "JWP-2010-2011"  # the programme of the shipped workbook


def ellipsis_words() -> list[str]:
    """The catalogue's own words with "…" (as "Search…"): the part of each around the "…", without placeholders."""
    found = set()
    for catalogue in CATALOGUES:
        for text in re.findall(r'^msg(?:id|str) "(.*)"$', catalogue.read_text(encoding="utf-8"), re.M):
            for part in re.split(r"\{[^}]*\}", text):
                if "…" in part:
                    found.add(part)
    return sorted(found)


def broken_workbook(folder: Path) -> Path:
    content = valid_content()
    content["Indicators"] = [dict(INDICATORS[0], measure="bogus"), *INDICATORS[1:]]
    return write_rows(folder / "broken.xlsx", {name: rows_for(name, rows) for name, rows in content.items()})


def measure(page) -> list[str]:
    """What CHECK finds, once every table has been in view (a grid draws when it first shows)."""
    for grid in page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").all():
        if grid.is_visible():
            grid.scroll_into_view_if_needed()
            grid.locator("canvas").first.wait_for(state="attached")
    page.wait_for_timeout(300)
    found = page.evaluate(CHECK, ellipsis_words())
    if any("not drawn" in problem for problem in found):  # a grid mounts its canvas a moment after it shows
        page.wait_for_timeout(1500)
        found = page.evaluate(CHECK, ellipsis_words())
    return found


def open_and_measure(page, url: str, path: str, lang: str, extra: str = "") -> list[str]:
    page.goto(f"{url}/{path}?lang={lang}{extra}")
    wait_for_app(page)
    page.wait_for_timeout(500)  # the slide's type settles after the run
    return measure(page)


@pytest.mark.parametrize("lang", ["en", "zh", "fr", "ru"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
def test_every_page_shows_its_words_and_figures_whole(browser, served, lang, width, height, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    seen: dict[str, list[str]] = {}
    small = (width, height) == (1024, 768)
    try:
        for path in PAGES:
            name = path or "overview"
            if path == "briefing":
                for slide in BRIEFING_SLIDES:
                    seen[f"briefing slide {slide}"] = open_and_measure(page, served, path, lang, f"&slide={slide}")
                    if small and slide == 4:  # the README's picture is of the shipped programme, measured too
                        shipped = f"&slide={slide}&programme={SHIPPED}"
                        seen["briefing, shipped programme"] = open_and_measure(page, served, path, lang, shipped)
                        page.screenshot(path=SCREENSHOTS / f"briefing-{width}-{lang}.png")
                continue
            seen[name] = open_and_measure(page, served, path, lang)
            if path == "data":
                upload(page, broken_workbook(tmp_path))
                expect(page.locator("[data-testid='stMain'] [data-testid='stTable'] tbody td").first).to_be_attached()
                page.wait_for_timeout(300)
                name = "data-problems"
                seen[name] = page.evaluate(CHECK, ellipsis_words())
            if small:
                page.screenshot(path=tmp_path / f"{name}-{width}-{lang}.png")
                print(f"screenshot: {tmp_path / f'{name}-{width}-{lang}.png'}")
                if not path:  # the README's picture is of the shipped programme, measured too
                    seen["overview, shipped programme"] = open_and_measure(
                        page, served, path, lang, f"&programme={SHIPPED}"
                    )
                    page.screenshot(path=SCREENSHOTS / f"overview-{width}-{lang}.png")
            if width < 1280:
                collapsed = page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed")
                if collapsed != "true":
                    seen[name].append("the sidebar is open below 1280 px")
    finally:
        context.close()
    cut = {where: found for where, found in seen.items() if found}
    assert not cut, f"at {width}×{height} ({lang}): " + "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in cut.items()
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_full_screen_offers_its_way_out_and_the_slides_use_the_screens_height(browser, served, lang):
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        page.goto(f"{served}/briefing?lang={lang}&slide=2")
        wait_for_app(page)
        button = page.locator("#jwp-fullscreen")
        expect(button).not_to_have_text(EXIT_FULL_SCREEN[lang])
        button.click()
        page.wait_for_function("() => !!document.fullscreenElement")
        expect(button).to_have_text(EXIT_FULL_SCREEN[lang])
        page.wait_for_timeout(500)
        screen = page.evaluate("() => window.innerHeight")
        bottom = page.evaluate("() => document.querySelector('.jwp-present .jwp-slide').getBoundingClientRect().bottom")
        assert screen * 0.8 <= bottom <= screen, f"the slide ends at {bottom:.0f} px of {screen}"
        button.click()
        page.wait_for_function("() => !document.fullscreenElement")
        expect(button).not_to_have_text(EXIT_FULL_SCREEN[lang])
    finally:
        context.close()


# A grid whose box is cut by the box around it: the grid itself has room for its columns, so it does not scroll,
# yet "31 December 2010" shows as "31 Decembe". CUT_BOX=600 is the same table whole.
CUT_TABLE_APP = """
import pandas as pd
import streamlit as st

table = pd.DataFrame({"Indicator": ["OO1-EA1", "OO2-EA1"], "Reported on": ["31 December 2010", "31 May 2011"]})
config = {"Indicator": st.column_config.TextColumn(width=110), "Reported on": st.column_config.TextColumn(width=170)}
box = int(st.query_params.get("box", "600"))
st.html(f"<style>.st-key-box {{ width: {box}px; overflow: hidden; }} .st-key-inner {{ min-width: 400px; }}</style>")
with st.container(key="box"), st.container(key="inner"):
    st.dataframe(table, hide_index=True, column_config=config, width=300)
"""


def test_the_measure_finds_a_table_cut_by_the_box_around_it(browser, tmp_path):
    script = tmp_path / "cut_table.py"
    script.write_text(CUT_TABLE_APP)
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        with dashboard(script, cwd=tmp_path, log=tmp_path / "streamlit.log") as server:
            found = {}
            for box in (200, 600):
                page.goto(f"{server.url}/?box={box}")
                wait_for_app(page)
                found[box] = measure(page)
    finally:
        context.close()
    assert any("columns take" in problem and "in sight" in problem for problem in found[200]), found[200]
    assert found[600] == []
