"""The Word annex as LibreOffice Writer renders it: every cell's text is in the PDF and every word inside the
page's margins, in English and Chinese, for the shipped workbook, a narrative longer than a page and hostile
text; right to left, the table's columns run from the right.

Needs LibreOffice Writer (`soffice`) and poppler's `pdftotext`; where they are missing the tests skip, saying
why, unless JWP_REQUIRE_BROWSER is set (as in CI), where they fail.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.export.annex import FrontPart, annex_bytes
from tests.paths import SHIPPED_WORKBOOK
from tests.test_annex import hostile_source
from tests.test_deck_render import WORD

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
POINTS_PER_MM = 72 / 25.4
MARGINS = {"left": 20, "right": 20, "top": 25, "bottom": 25}  # mm, as jwp_data.export.annex sets the page


def require_writer() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = None if soffice else "LibreOffice Writer (apt-get install libreoffice-writer-nogui)"
    if soffice and not shutil.which("pdftotext"):
        missing = "pdftotext (apt-get install poppler-utils)"
    if missing and os.environ.get("JWP_REQUIRE_BROWSER"):
        pytest.fail(f"JWP_REQUIRE_BROWSER is set but the annex cannot be rendered: no {missing}")
    if missing:
        pytest.skip(f"cannot render the annex: no {missing}")
    return soffice


def render(annex: bytes, folder: Path) -> list[tuple[float, float, list]]:
    """The annex converted to PDF by LibreOffice Writer: each page's size and its words with their boxes, in points."""
    soffice = require_writer()
    source = folder / "annex.docx"
    source.write_bytes(annex)
    profile = folder / "profile"  # its own profile, so it never waits on another LibreOffice
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(folder / "annex.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for width, height, page in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        pages.append((float(width), float(height), words))
    return pages


def written_texts(annex: bytes) -> tuple[list[str], list[str]]:
    """The text of every table cell (a merged cell once) and of every paragraph outside tables."""
    with zipfile.ZipFile(io.BytesIO(annex)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    cells = ["".join(cell.itertext()) for cell in root.iter(f"{W}tc")]
    body = root.find(f"{W}body")
    paragraphs = ["".join(p.itertext()) for p in body.findall(f"{W}p")]
    return [c for c in cells if c.strip()], [p for p in paragraphs if p.strip()]


def check(annex: bytes, folder: Path) -> list:
    """Every cell's and paragraph's characters are in the PDF; every word is on its page, inside the margins."""
    pages = render(annex, folder)
    cells, paragraphs = written_texts(annex)
    shown = Counter(re.sub(r"\s+", "", html.unescape("".join(word[4] for _, _, words in pages for word in words))))
    for text in cells + paragraphs:
        # cells sit side by side, so the PDF's reading order mixes their lines: compare characters
        missing = Counter(re.sub(r"\s+", "", text)) - shown
        assert not missing, f"not in the PDF: {''.join(missing.elements())!r} of {text[:60]!r}"
    written = Counter(re.sub(r"\s+", "", "".join(cells + paragraphs)))
    assert not written - shown
    for number, (width, height, words) in enumerate(pages, start=1):
        left, right = MARGINS["left"] * POINTS_PER_MM, width - MARGINS["right"] * POINTS_PER_MM
        top, bottom = MARGINS["top"] * POINTS_PER_MM, height - MARGINS["bottom"] * POINTS_PER_MM
        assert round(width) == 595 and round(height) == 842  # A4
        for x0, y0, x1, y1, word in words:
            inside = x0 >= left - 1 and x1 <= right + 1 and y0 >= top - 1 and y1 <= bottom + 1
            assert inside, f"page {number}: {word!r} at ({x0:.0f}, {y0:.0f})–({x1:.0f}, {y1:.0f}) is off the page"
    return pages


@pytest.fixture(scope="module")
def shipped():
    matrix = read_workbook(SHIPPED_WORKBOOK)
    return assess(matrix), matrix


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_shipped_annex_renders_in_writer_with_every_cell_on_the_page(shipped, lang, tmp_path):
    result, matrix = shipped
    front = FrontPart(symbol="ICCD/COP(10)/11", session="Tenth session", agenda_item="7 (b)")
    pages = check(annex_bytes(result, matrix, lang, front), tmp_path)
    assert len(pages) > 3


def test_a_narrative_longer_than_a_page_continues_on_the_next_pages(make_book, tmp_path):
    content = valid_content()
    sentence = "秘书处与全球机制共同支持受影响国家缔约方制定并执行与十年战略相一致的国家行动方案。"
    content["Results"][0]["performance_zh"] = "\n".join(sentence * 4 for _ in range(30))
    content["Results"][1]["performance_zh"] = sentence * 70  # one paragraph taller than a page
    matrix = read_workbook(make_book(Results=content["Results"]))
    pages = check(annex_bytes(assess(matrix), matrix, "zh"), tmp_path)
    assert len(pages) >= 4


def test_hostile_text_converts_and_shows_as_text(make_book, tmp_path):
    result, matrix = hostile_source(make_book)
    pages = check(annex_bytes(result, matrix, "en"), tmp_path)
    words = html.unescape(" ".join(word[4] for _, _, page in pages for word in page))  # pdftotext writes XML
    assert "<script>alert(1)</script>" in words and "<w:p>&amp;" in words


def test_right_to_left_the_tables_columns_run_from_the_right(shipped, tmp_path):
    result, matrix = shipped
    pages = render(annex_bytes(result, matrix, "en", rtl=True), tmp_path)
    words = pages[0][2]
    x = {w: x0 for x0, _, _, _, w in words if w in ("accomplishment", "indicator", "data,")}
    assert x["accomplishment"] > x["indicator"] > x["data,"]
    (tmp_path / "ltr").mkdir()
    left_to_right = render(annex_bytes(result, matrix, "en"), tmp_path / "ltr")
    x = {w: x0 for x0, _, _, _, w in left_to_right[0][2] if w in ("accomplishment", "indicator", "data,")}
    assert x["accomplishment"] < x["indicator"] < x["data,"]
