"""The deck as LibreOffice Impress renders it: every table cell's text is on its slide, none runs under the
footer or off the slide, and no row is more than a line taller than its text, in English and Chinese, for
the shipped workbook and for long Chinese wording.

Needs LibreOffice Impress (`soffice`) and poppler's `pdftotext`; where they are missing the tests skip,
saying why, unless JWP_REQUIRE_BROWSER is set (as in CI), where they fail.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.export.deck import deck_bytes
from jwp_data.export.deck_pen import BOTTOM, CELL_MARGIN_V, HEIGHT, LINE_FACTOR, WIDTH
from jwp_data.present.briefing import build_briefing
from tests.paths import SHIPPED_WORKBOOK

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
EMU_PER_POINT = 12700
INVISIBLE = {0x2066: None, 0x2067: None, 0x2068: None, 0x2069: None, 0x200E: None, 0x200F: None, 0x2011: "-"}


def require_office() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = None if soffice else "LibreOffice (apt-get install libreoffice-impress-nogui)"
    if soffice and not shutil.which("pdftotext"):
        missing = "pdftotext (apt-get install poppler-utils)"
    if missing and os.environ.get("JWP_REQUIRE_BROWSER"):
        pytest.fail(f"JWP_REQUIRE_BROWSER is set but the deck cannot be rendered: no {missing}")
    if missing:
        pytest.skip(f"cannot render the deck: no {missing}")
    return soffice


def rendered(deck: bytes, folder: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """The deck converted to PDF by LibreOffice Impress: each page's words with their boxes, in points."""
    soffice = require_office()
    source = folder / "deck.pptx"
    source.write_bytes(deck)
    profile = folder / "profile"  # its own profile, so it never waits on another LibreOffice
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(folder / "deck.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in boxes.split("<page ")[1:]:
        pages.append([(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)])
    return pages


def squeeze(text: str) -> str:
    """Text to compare by its characters: no spaces, no invisible direction marks (which no PDF shows), a
    non-breaking hyphen as a hyphen and Arabic letters in their plain forms (a PDF gives each one's shaped form)."""
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE)
    return re.sub(r"\s+", "", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def empty_lines(slide, words) -> list[tuple[str, float]]:
    """Each table row whose text ends more than a line above its bottom: (its first cell, the empty lines)."""
    loose = []
    for shape in slide.shapes:
        if not shape.has_table:
            continue
        left, right = shape.left / EMU_PER_POINT, (shape.left + shape.width) / EMU_PER_POINT
        top = shape.top / EMU_PER_POINT
        for row in shape.table.rows:
            bottom = top + row.height / EMU_PER_POINT
            inside = [w for w in words if left <= w[0] < right and top <= (w[1] + w[3]) / 2 < bottom]
            size = row.cells[0].text_frame.paragraphs[0].runs[0].font.size.pt
            if inside:
                empty = bottom - CELL_MARGIN_V / EMU_PER_POINT - max(w[3] for w in inside)
                if empty > size * LINE_FACTOR:
                    loose.append((row.cells[0].text, round(empty / (size * LINE_FACTOR), 1)))
            top = bottom
    return loose


def check(deck: bytes, folder: Path, snug: bool = True) -> list:
    """Every table cell whole on its slide, nothing off the slide or in the footer; with `snug`, no row more than a
    line taller than its text. Returns the rendered pages."""
    pages = rendered(deck, folder)
    prs = Presentation(io.BytesIO(deck))
    assert len(pages) == len(prs.slides)
    width, height, bottom = WIDTH / EMU_PER_POINT, HEIGHT / EMU_PER_POINT, BOTTOM / EMU_PER_POINT
    for number, (slide, words) in enumerate(zip(prs.slides, pages), start=1):
        # Cells sit side by side, so the PDF's reading order mixes their lines: compare the characters
        # instead. A cell cut short would leave some of its characters out.
        shown = Counter(squeeze("".join(w[4] for w in words)))
        cells = Counter(
            squeeze(
                "".join(cell.text for shape in slide.shapes if shape.has_table for cell in shape.table.iter_cells())
            )
        )
        missing = cells - shown
        assert not missing, f"slide {number}: table text not shown: {''.join(missing.elements())!r}"
        if snug:
            assert empty_lines(slide, words) == [], f"slide {number}: rows taller than their text"
        for _x0, y0, x1, y1, word in words:
            assert x1 <= width + 0.5 and y1 <= height + 0.5, f"slide {number}: {word!r} is off the slide"
            footer = y0 >= bottom
            assert footer or y1 <= bottom + 1, (
                f"slide {number}: {word!r} runs into the footer ({y1:.0f} > {bottom:.0f})"
            )
    return pages


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shipped_deck_renders_in_impress_with_every_cell_in_full(lang, tmp_path):
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    check(deck_bytes(build_briefing(result, lang, "Shipped workbook")), tmp_path)


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_arabic_and_russian_decks_render_with_no_cell_cut_short(lang, tmp_path):
    """Rows may be a line taller than their text here: the estimate counts an Arabic letter, and Latin text beside
    it, at the widest face LibreOffice may put in, and English narratives carry the reader's marker."""
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    deck = deck_bytes(build_briefing(result, lang, "Shipped workbook"))
    pages = check(deck, tmp_path, snug=False)
    if lang != "ar":
        return
    # right to left: on the headline slide the table's first column (its header) stands right of its last
    header = next(shape.table for shape in Presentation(io.BytesIO(deck)).slides[1].shapes if shape.has_table).rows[0]
    first, last = (squeeze(header.cells[i].text.split()[0]) for i in (0, len(header.cells) - 1))
    place = {squeeze(word): x0 for x0, _y0, _x1, _y1, word in pages[1]}
    place |= {word[::-1]: x0 for word, x0 in place.items()}  # pdftotext gives Arabic in its visual order
    assert first in place and last in place and place[first] > place[last]


def test_long_chinese_wording_wraps_onto_more_lines_and_stays_on_its_slide(make_book, tmp_path):
    content = valid_content()
    wording = "秘书处与全球机制共同支持受影响国家缔约方制定并执行与十年战略相一致的国家行动方案，" * 3
    for indicator in content["Indicators"]:
        indicator["indicator_zh"] = indicator["indicator_id"] + wording
    content["Objectives"][0]["title_zh"] = "倡导、提高认识和教育" * 3
    result = assess(read_workbook(make_book(Indicators=content["Indicators"], Objectives=content["Objectives"])))
    check(deck_bytes(build_briefing(result, "zh")), tmp_path)


def test_a_milestones_rating_in_russian_is_never_broken_inside_a_word(tmp_path):
    """Impress broke "▶ Выполняется" in the narrow result column as "Выполняетс / я": the columns fit their cells'
    words too, not only their headers'."""
    result = assess(read_workbook(SHIPPED_WORKBOOK))
    words = [box[4] for page in rendered(deck_bytes(build_briefing(result, "ru")), tmp_path) for box in page]
    assert "Выполняется" in words and "Выполняетс" not in words
