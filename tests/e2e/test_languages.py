"""Every page in each of the six languages, in a real browser, at 1280×720 and 1024×768.

Each page (the Briefing on slide 4, the Data page with the problem list of a broken upload as well) is
measured as tests/e2e/test_readable.py measures it (nothing cut, no stray "…", no text past its box, every table
column whole), and besides:

- no two texts overlap (the middle 0.8 em of their lines, where the letters are, meet by more than 2 px);
- no English is left where the catalogue has a translation: a text on screen that is the English of a
  catalogue entry whose text in the language differs (placeholders matching anything) is a failure (a sheet's
  name in a table cell, as the problem list gives it, is the workbook's own word);
- `<html lang>` is the language and `<html dir>` its direction: "rtl" in Arabic, never in the others.

The Overview and slide 4 of the Briefing, at 1280×720, go to docs/screenshots (overview-fr-1280.png,
briefing-fr-1280.png, ...). One browser for the whole run; each language and size opens its pages in one tab.

JWP_E2E_LANGUAGES=en,zh limits the run to those languages (the other four show English until their
catalogues are in; the test fails on them until then, as it should).
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from jwp_data.i18n import CATALOGUE, LANGUAGES, direction
from jwp_data.workbook.schema import SHEETS
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_browser import PAGES, upload
from tests.e2e.test_readable import SHIPPED, broken_workbook, measure, open_and_measure, served  # noqa: F401

SIZES = [(1280, 720), (1024, 768)]
SHEET_NAMES = {sheet.name for sheet in SHEETS}  # the workbook's own words, English in every language
SLIDE = 4
SCREENSHOT_SIZE = (1280, 720)
TESTED = [lang for lang in os.environ.get("JWP_E2E_LANGUAGES", ",".join(LANGUAGES)).split(",") if lang]

# Texts a reader sees: of every element with words of its own in the main area or the open sidebar, its whole
# text as shown and each of its own lines of words; the boxes of those lines, for the overlap check.
SEEN = """() => {
  const texts = new Set();
  const cells = new Set();  // texts in a table's cells
  const lines = [];
  const hidden = (el) => el.closest("[aria-hidden='true'], .st-key-brief-more-keys, [data-testid='stToast'], " +
    "[data-testid='stTooltipContent'], svg, canvas, [data-testid='stPlotlyChart']");
  const roots = document.querySelectorAll("[data-testid='stMain'], [data-testid='stSidebar'][data-collapsed='false']");
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own.length || hidden(el) || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
      if (/material/i.test(getComputedStyle(el).fontFamily)) continue;  // an icon's name, drawn as the icon
      const box = el.getBoundingClientRect();
      if (box.width <= 2 && box.height <= 2) continue;  // words for screen readers only
      const into = el.closest("td") ? cells : texts;
      into.add(el.innerText.trim());
      const block = el.closest("p, li, td, th, h1, h2, h3, h4, h5, h6, button, label, summary, [data-testid='stMarkdownContainer']");
      if (block) into.add(block.innerText.trim());
      // a line's box is its font's full height, more than a tight line-height gives: the middle 0.8em holds the ink
      const half = 0.4 * parseFloat(getComputedStyle(el).fontSize);
      for (const node of own) {
        into.add(node.textContent.trim());
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const box of range.getClientRects()) {
          if (box.width > 1 && box.height > 1) {
            const middle = (box.top + box.bottom) / 2;
            const r = {left: box.left, right: box.right, top: middle - half, bottom: middle + half};
            lines.push({text: node.textContent.trim().slice(0, 40), node, r});
          }
        }
      }
    }
  }
  const overlaps = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const a = lines[i], b = lines[j];
      if (a.node === b.node) continue;
      const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (x > 2 && y > 2) overlaps.push(`"${a.text}" overlaps "${b.text}" (${Math.round(x)}×${Math.round(y)} px)`);
    }
  }
  return {texts: [...texts].filter((t) => t), cells: [...cells].filter((t) => t), overlaps: overlaps.slice(0, 20),
          lang: document.documentElement.lang, dir: document.documentElement.dir};
}"""


def _pattern(english: str) -> re.Pattern | None:
    """A catalogue text as a pattern of what it looks like on screen ({placeholders} match anything); None for a
    text that would match too much (nothing but placeholders, or a single short word)."""
    parts = re.split(r"\{[^}]*\}", english.strip())
    words = "".join(parts)
    if len(re.sub(r"[\W\d_]", "", words)) < 3:
        return None
    return re.compile(".+?".join(re.escape(part) for part in parts), re.S)


def untranslated(lang: str) -> list[tuple[str, re.Pattern, list[re.Pattern]]]:
    """(key, pattern) of each English text whose text in `lang` differs: seen in that language, it is English left."""
    found = []
    for key in CATALOGUE:
        texts = CATALOGUE[key]
        english, own = texts["en"], texts[lang]
        english_forms = english if isinstance(english, tuple) else (english,)
        own_forms = own if isinstance(own, tuple) else (own,)
        own_patterns = [p for p in map(_pattern, own_forms) if p is not None]
        for form in english_forms:
            pattern = _pattern(form)
            if pattern is not None and form not in own_forms:
                found.append((key, pattern, own_patterns))
    return found


def english_left(texts: list[str], patterns: list[tuple[str, re.Pattern, list[re.Pattern]]]) -> list[str]:
    """Texts that read as a catalogue entry's English and not as its translation ("Programme {id} : {title}" in
    French is the translation, though the English pattern "Programme {id}: {title}" matches it too)."""
    return [
        f'"{text[:60]}" is the English of {key}'
        for text in texts
        for key, pattern, own in patterns
        if pattern.fullmatch(text) and not any(p.fullmatch(text) for p in own)
    ]


def look(page, lang: str, patterns) -> list[str]:
    """What SEEN finds wrong on the page as it is now."""
    seen = page.evaluate(SEEN)
    cells = [text for text in seen["cells"] if text not in SHEET_NAMES]  # a problem's sheet, named as in the file
    problems = list(seen["overlaps"]) + english_left(seen["texts"] + cells, patterns)
    if seen["lang"].split("-")[0] != lang:
        problems.append(f'<html lang="{seen["lang"]}">')
    if (seen["dir"] == "rtl") != (direction(lang) == "rtl"):
        problems.append(f'<html dir="{seen["dir"]}"> in {lang}')
    return problems


def test_the_english_left_check_finds_english_where_a_translation_exists():
    patterns = untranslated("zh")
    assert english_left(["Overview"], patterns) and english_left(["Slide 4 of 9"], patterns)
    assert not english_left(["概览", "第 4 页，共 9 页", "OO1-EA1", "62.5%"], patterns)
    assert not untranslated("en")


def test_the_page_checks_find_words_over_words_english_left_and_a_wrong_direction(browser, served):  # noqa: F811
    """The checks themselves, on the Chinese Overview with a sentence laid over its title and an English word."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        open_and_measure(page, served, "", "zh")
        assert look(page, "zh", untranslated("zh")) == []
        page.evaluate("""() => {
          document.documentElement.dir = "rtl";  // first: the page's own styles then move the title
          const title = document.querySelector("[data-testid='stMain'] h1");
          const words = document.createRange();
          words.selectNodeContents(title);
          const box = words.getBoundingClientRect();  // where the title's words now are
          const over = document.createElement("p");
          over.textContent = "Overview";
          over.style.cssText = `position: fixed; top: ${box.top}px; left: ${box.left}px; margin: 0; font-size: 2rem;`;
          title.parentElement.appendChild(over);
        }""")
        found = look(page, "zh", untranslated("zh"))
    finally:
        context.close()
    assert any('"Overview" overlaps' in problem or 'overlaps "Overview"' in problem for problem in found), found
    assert any("is the English of dash.page.overview" in problem for problem in found), found
    assert '<html dir="rtl"> in zh' in found


@pytest.mark.parametrize(("width", "height"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("lang", TESTED)
def test_every_page_in_every_language_reads_whole_and_in_that_language(
    browser,
    served,  # noqa: F811 (the fixture of test_readable, imported)
    lang,
    width,
    height,
    tmp_path,
):
    patterns = untranslated(lang)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(30_000)
    page = context.new_page()
    seen: dict[str, list[str]] = {}
    keep = (width, height) == SCREENSHOT_SIZE
    try:
        for path in PAGES:
            name = path or "overview"
            extra = f"&slide={SLIDE}&programme={SHIPPED}" if path == "briefing" else ""
            if not path:
                extra = f"&programme={SHIPPED}"
            seen[name] = open_and_measure(page, served, path, lang, extra) + look(page, lang, patterns)
            if keep and path in ("", "briefing"):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / f"{name}-{lang}-{width}.png")
            if path == "data":
                upload(page, broken_workbook(tmp_path))
                expect(page.locator("[data-testid='stMain'] [data-testid='stTable'] tbody td").first).to_be_attached()
                page.wait_for_timeout(300)
                seen["data-problems"] = measure(page) + look(page, lang, patterns)
    finally:
        context.close()
    wrong = {where: found for where, found in seen.items() if found}
    assert not wrong, f"{lang} at {width}×{height}:\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(found) for where, found in wrong.items()
    )
