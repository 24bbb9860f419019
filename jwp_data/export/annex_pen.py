"""How the Word annex is written: WordprocessingML for runs, paragraphs and tables, in one pass.

Every run carries the fonts of UN parliamentary documents (Times New Roman for Latin and Cyrillic, SimSun
for Chinese, Simplified Arabic for complex script), so Word never falls back to MS Mincho. Tables are
written as XML text and parsed once: python-docx's cell-by-cell API is quadratic on a 2,000-indicator
workbook.

Outside text (workbook cells, what a user typed) reaches the XML only through `text_xml`, which applies
the one rule of `clean` and then escapes `<`, `&` and `>`: it can never become markup.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"
COMPLEX_FONT = "Simplified Arabic"
BODY_SIZE = 20  # half-points: 10 pt, the body text of UN parliamentary documents
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; lone surrogates;
# U+FFFE, U+FFFF), and the invisible C1 controls and DEL, are removed.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Explicit bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what a reader
# sees ("Trojan Source"); they are removed, so text shows in its own order. The marks LRM, RLM and ALM,
# which only settle the direction of neutral characters next to them, stay: Arabic text needs them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[\t\r\n]+")


def clean(text) -> str:
    """Outside text as the annex writes it: controls and bidi overrides removed, tabs and line breaks as one space."""
    text = "" if text is None else str(text)
    if not text.isascii():
        text = _BIDI_CONTROLS.sub("", _CONTROLS.sub("", text))
    elif not text.isprintable():
        text = _CONTROLS.sub("", text)
    return _SPACES.sub(" ", text)


def text_xml(text) -> str:
    """Text ready for a <w:t> element: cleaned (see `clean`), then escaped."""
    return escape(clean(text))


def paragraphs_of(text) -> list[str]:
    """A narrative's paragraphs: one per line, empty lines dropped."""
    if text is None:
        return []
    return [line.strip() for line in re.split(r"\r\n|\r|\n|\u2028|\u2029", str(text)) if line.strip()]


def is_rtl(lang: str) -> bool:
    """Whether a language is written right to left (Arabic, Persian, Hebrew, Urdu)."""
    return lang.split("-")[0].lower() in RTL_LANGUAGES


FONTS = (
    f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{EAST_ASIAN_FONT}" w:cs="{COMPLEX_FONT}"/>'
)


class Pen:
    """Writes runs, paragraphs and tables as XML text in one language (right to left when `rtl`)."""

    def __init__(self, rtl: bool = False):
        self.rtl = rtl
        self._formats: dict[tuple, str] = {}

    def run_properties(
        self, bold: bool = False, italic: bool = False, size: int = BODY_SIZE, mark: bool = False
    ) -> str:
        """<w:rPr> with the three fonts, in the schema's order of elements (made once per format)."""
        key = (bold, italic, size, mark)
        if key not in self._formats:
            self._formats[key] = self._run_properties(*key)
        return self._formats[key]

    def _run_properties(self, bold: bool, italic: bool, size: int, mark: bool) -> str:
        parts = [FONTS]
        if bold:
            parts.append("<w:b/><w:bCs/>")
        if italic:
            parts.append("<w:i/><w:iCs/>")
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
        if mark:
            parts.append('<w:highlight w:val="yellow"/>')
        if self.rtl:
            parts.append("<w:rtl/>")
        return f"<w:rPr>{''.join(parts)}</w:rPr>"

    def run(self, text, bold: bool = False, italic: bool = False, size: int = BODY_SIZE, mark: bool = False) -> str:
        """One run of outside or catalogue text; `mark` highlights a placeholder the secretariat fills in."""
        return f'<w:r>{self.run_properties(bold, italic, size, mark)}<w:t xml:space="preserve">{text_xml(text)}</w:t></w:r>'

    def paragraph(
        self,
        runs: str | list[str],
        *,
        align: str | None = None,
        before: int = 0,
        after: int = 120,
        keep_next: bool = False,
        indent: int = 0,
        hanging: int = 0,
        box: bool = False,
        size: int = BODY_SIZE,
        outline: int | None = None,
    ) -> str:
        """A paragraph of runs; spacing in twentieths of a point, indents in twips; `box` draws a frame;
        `outline` makes it a heading of that level in Word's navigation pane."""
        runs = runs if isinstance(runs, str) else "".join(runs)
        props = []
        if keep_next:
            props.append("<w:keepNext/>")
        if box:
            side = '<w:{0} w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
            props.append(f"<w:pBdr>{''.join(side.format(s) for s in ('top', 'left', 'bottom', 'right'))}</w:pBdr>")
        if self.rtl:
            props.append("<w:bidi/>")
        props.append(f'<w:spacing w:before="{before}" w:after="{after}"/>')
        if indent or hanging:
            # w:left is the leading edge: the right one in a right-to-left paragraph (ECMA-376, 1st edition)
            props.append(f'<w:ind w:left="{indent + hanging}" w:right="0" w:hanging="{hanging}"/>')
        if align:
            props.append(f'<w:jc w:val="{align}"/>')
        if outline is not None:
            props.append(f'<w:outlineLvl w:val="{outline}"/>')
        # the paragraph mark carries the fonts too, so even an empty paragraph never asks for another font
        props.append(self.run_properties(size=size))
        return f"<w:p><w:pPr>{''.join(props)}</w:pPr>{runs}</w:p>"

    def cell(self, paragraphs: list[str], width: int, merge: str | None = None, top: bool = False) -> str:
        """A table cell; `merge` 'restart' or 'continue' merges it down its column; `top` rules a line above."""
        props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
        if merge == "restart":
            props.append('<w:vMerge w:val="restart"/>')
        elif merge == "continue":
            props.append("<w:vMerge/>")
        if top:
            props.append('<w:tcBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>')
        body = "".join(paragraphs) or self.paragraph([], after=0)
        return f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>{body}</w:tc>"

    @staticmethod
    def row(cells: list[str], header: bool = False) -> str:
        """A table row that never splits across pages; a header row repeats on each page the table reaches."""
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"

    def table(self, widths: list[int], rows: list[str]) -> str:
        """A table of fixed column widths (twips), ruled above, below and under its header row."""
        rule = 'w:val="single" w:sz="8" w:space="0" w:color="000000"'
        borders = (
            f'<w:tblBorders><w:top {rule}/><w:left w:val="nil"/><w:bottom {rule}/><w:right w:val="nil"/>'
            '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
        )
        props = (
            ("<w:bidiVisual/>" if self.rtl else "")
            + f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            + borders
            + '<w:tblLayout w:type="fixed"/>'
            + '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            + '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
            ' w:noHBand="1" w:noVBand="1"/>'
        )
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"

    @staticmethod
    def header_cell(paragraph: str, width: int) -> str:
        """A header cell: ruled below, so the rule repeats with the header on every page."""
        rule = '<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>'
        return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{rule}<w:vAlign w:val="bottom"/></w:tcPr>{paragraph}</w:tc>'
