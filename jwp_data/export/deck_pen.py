"""The deck's pen: text runs, text boxes, headings, footers and tables written on a slide in one language.

Runs and tables are written straight as XML: python-pptx's property setters cost a lot per run, and a
deck has thousands of runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from lxml.etree import SubElement
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from jwp_data.i18n import is_rtl, t
from jwp_data.present.briefing import Briefing, long_date
from jwp_data.present.layout import text_lines
from jwp_data.present.text import is_wide, isolate
from jwp_data.workbook.schema import STATUS_COLOURS

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
LATIN_FONT = "Calibri"  # Latin and Cyrillic (LibreOffice puts in Carlito or Noto Sans, which have both)
CHINESE_FONT = "Microsoft YaHei"  # the East Asian face; PowerPoint substitutes where it is missing
ARABIC_FONT = "Arial"  # the complex-script face: Arabic in Windows' Arial; elsewhere the system's Arabic face


@dataclass(frozen=True)
class Faces:
    """A language's typefaces in a deck (DrawingML's latin, East Asian and complex-script slots) and its tags."""

    tag: str  # the proofing language, as a:rPr's lang writes it
    language_id: MSO_LANGUAGE_ID
    east_asian: str | None = None
    complex_script: str | None = None
    latin: str = LATIN_FONT


FACES = {
    "ar": Faces("ar-SA", MSO_LANGUAGE_ID.ARABIC, complex_script=ARABIC_FONT),
    "zh": Faces("zh-CN", MSO_LANGUAGE_ID.SIMPLIFIED_CHINESE, east_asian=CHINESE_FONT),
    "en": Faces("en-GB", MSO_LANGUAGE_ID.ENGLISH_UK),
    "fr": Faces("fr-FR", MSO_LANGUAGE_ID.FRENCH),
    "ru": Faces("ru-RU", MSO_LANGUAGE_ID.RUSSIAN),
    "es": Faces("es-ES", MSO_LANGUAGE_ID.SPANISH),
}
# Alignment is absolute in DrawingML (algn="l" is left whatever the direction): right to left, it is mirrored.
MIRRORED = {PP_ALIGN.LEFT: PP_ALIGN.RIGHT, PP_ALIGN.RIGHT: PP_ALIGN.LEFT}
DECK_LATIN_EM = 0.6  # a character without a width below (accented letters, dashes): a generous guess
# The advance width of each printable ASCII character, in thousandths of an em: the wider of the two faces
# LibreOffice puts in for a missing Calibri (Noto Sans, DejaVu Sans); Calibri itself is narrower. Rows are
# then as tall as their text, where one average width for every letter left up to four empty lines.
_ASCII_WIDTHS = (
    "318 401 460 838 636 950 780 275 390 390 551 838 318 361 318 372 636 636 636 636 636 636 636 636 636 636 337 337 "
    "838 838 838 531 1000 684 686 698 770 632 575 775 752 339 295 656 557 907 760 787 605 787 695 635 611 732 684 989 "
    "685 611 685 390 372 390 838 500 500 613 635 550 635 615 352 635 634 278 278 579 278 974 634 612 635 635 413 521 "
    "392 634 592 818 592 592 525 636 551 636 838"
)
# The same for the Russian alphabet (А to я, then Ё and ё), measured the same way.
_CYRILLIC_WIDTHS = (
    "684 686 686 610 781 632 1077 641 768 768 710 752 907 752 787 752 605 698 611 624 861 685 776 698 1069 1094 833 "
    "882 686 698 1080 695 613 617 589 525 691 615 901 532 650 650 604 639 754 654 612 654 635 550 583 592 855 592 681 "
    "613 915 942 707 790 594 549 842 602 632 615"
)
_CYRILLIC = [chr(c) for c in range(0x410, 0x450)] + ["Ё", "ё"]
LATIN_WIDTHS = (
    {chr(32 + i): int(w) / 1000 for i, w in enumerate(_ASCII_WIDTHS.split())}
    | {c: int(w) / 1000 for c, w in zip(_CYRILLIC, _CYRILLIC_WIDTHS.split())}
    | {
        "·": 0.318,
        "–": 0.5,
        "—": 1.0,
        "‘": 0.318,
        "’": 0.318,
        "“": 0.518,
        "”": 0.518,
        "…": 1.0,
        "▶": 0.769,  # the status symbols, from DejaVu Sans where the face has none
        "✔": 0.838,
        "⚠": 0.896,
        "\u2011": 0.361,  # the non-breaking hyphen of an id in right-to-left text, as wide as a hyphen
        "\u2068": 0.0,  # the invisible marks that isolate it
        "\u2069": 0.0,
    }
)
LINE_FACTOR = 1.37  # line height of Latin text, in font sizes (Noto Sans 1.36; Calibri 1.22, DejaVu Sans 1.16)
WIDE_LINE_FACTOR = 1.5  # line height where Chinese characters set the line (Noto Sans CJK, YaHei)
CELL_MARGIN = Inches(0.06)  # left and right
CELL_MARGIN_V = Inches(0.04)  # top and bottom
TABLE_SIZES = (12, 11, 10, 9)  # a table's type, largest first, until it fits above the footer
BOTTOM = HEIGHT - Inches(0.5)  # where the footer starts


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _tint(hex_colour: str, share: float = 0.75) -> RGBColor:
    """A colour mixed with white (for table cells whose word carries the status)."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return RGBColor(*(round(c + (255 - c) * share) for c in (r, g, b)))


def _solid_fill(parent, colour: RGBColor) -> None:
    """<a:solidFill><a:srgbClr val="..."/></a:solidFill> as the first child of a run's or cell's properties."""
    fill = parent.makeelement(qn("a:solidFill"), {})
    SubElement(fill, qn("a:srgbClr"), val=str(colour))
    parent.insert(0, fill)


def text_height(value: str, width, size: float) -> int:
    """The height in EMU of a text of `size` points set in a box `width` EMU wide."""
    lines = text_lines(value, Emu(width).pt / size, DECK_LATIN_EM, LATIN_WIDTHS)
    factor = WIDE_LINE_FACTOR if any(is_wide(ch) for ch in value) else LINE_FACTOR
    return int(Pt(lines * size * factor))


def word_width(value: str, size: float) -> int:
    """The width in EMU of a text's longest word at `size` points."""
    words = value.split() or [""]
    return max(int(Pt(size * sum(LATIN_WIDTHS.get(ch, DECK_LATIN_EM) for ch in word))) for word in words)


def header_fitted(widths, rows, size: float) -> list[int]:
    """Column widths in which each word of the header and the cells (`rows`, the header first) fits whole
    ("Результат", "المستهدفة" are longer than "Target"; a milestone's "▶ Выполняется"): a column widens as needed,
    and the first column, which holds the sentences, gives up the room."""
    columns = list(zip(*rows))
    fitted = [
        max(int(w), max(word_width(str(v), size) for v in column) + 2 * CELL_MARGIN + int(Pt(2)))
        for w, column in zip(widths, columns)
    ]
    fitted[0] = int(widths[0]) - (sum(fitted[1:]) - sum(int(w) for w in widths[1:]))
    return fitted


class Pen:
    """Writes text and tables on the slides of one briefing, in its language.

    Right to left (Arabic), each slide is mirrored: shapes are placed from the right edge (`x`), paragraphs are
    right to left and right-aligned, tables run their columns from the right.
    """

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.lang = briefing.lang
        self.faces_of = FACES.get(self.lang, FACES["en"])
        self.rtl = is_rtl(self.lang)
        faces = self.faces_of
        self._faces_xml = (
            f'<a:latin typeface="{faces.latin}"/>'
            + (f'<a:ea typeface="{faces.east_asian}"/>' if faces.east_asian else "")
            + (f'<a:cs typeface="{faces.complex_script}"/>' if faces.complex_script else "")
        )
        self._paragraph_xml = '<a:pPr algn="r" rtl="1"/>' if self.rtl else ""

    def x(self, x, width) -> int:
        """Where a shape `width` wide that starts `x` from the slide's start edge is placed: mirrored right to left."""
        return int(WIDTH - x - width) if self.rtl else int(x)

    def id_text(self, value) -> str:
        """An id or a figure put into a line of text (see present.text.isolate)."""
        return isolate(value, self.lang)

    def paragraph(self, paragraph, align=PP_ALIGN.LEFT) -> None:
        """A paragraph's alignment, and right to left its direction (mirrored alignment)."""
        paragraph.alignment = MIRRORED.get(align, align) if self.rtl else align
        if self.rtl:
            paragraph._p.get_or_add_pPr().set("rtl", "1")

    def style(self, font, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
        """A font's size, weight, colour and faces."""
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = colour
        self.faces(font)

    def faces(self, font) -> None:
        """The language's typefaces (latin, East Asian, complex script) and proofing language of a run (or a
        chart's text)."""
        faces = self.faces_of
        font.name = faces.latin
        rpr = font._rPr
        last = rpr.find(qn("a:latin"))
        for slot, typeface in (("a:ea", faces.east_asian), ("a:cs", faces.complex_script)):
            if typeface and rpr.find(qn(slot)) is None:
                element = OxmlElement(slot)
                element.set("typeface", typeface)
                last.addnext(element)
                last = element
        font.language_id = faces.language_id

    def run(self, paragraph, words: str, size: float, bold: bool, colour: RGBColor) -> None:
        """A run of text written straight as XML: size, weight, colour, typefaces and language.

        (python-pptx's property setters cost a lot per run; a deck has thousands of runs.)
        """
        run = paragraph._p.add_r()
        run.text = words
        properties = run.get_or_add_rPr()
        faces = self.faces_of
        properties.set("lang", faces.tag)
        properties.set("sz", str(round(size * 100)))
        properties.set("b", "1" if bold else "0")
        _solid_fill(properties, colour)
        SubElement(properties, qn("a:latin"), typeface=faces.latin)
        if faces.east_asian:
            SubElement(properties, qn("a:ea"), typeface=faces.east_asian)
        if faces.complex_script:
            SubElement(properties, qn("a:cs"), typeface=faces.complex_script)

    def text_box(self, slide, x, y, w, h, lines, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
        """A text box; lines are (text, size, bold, colour) tuples, one paragraph each."""
        frame = slide.shapes.add_textbox(self.x(x, w), y, w, h).text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        for i, (words, size, bold, colour) in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            self.paragraph(paragraph, align)
            self.run(paragraph, words, size, bold, colour)
        return frame

    def heading(self, slide, title: str, subtitle: str = "") -> int:
        """The slide's title and subtitle, as tall as their text; returns where the content may start."""
        width = WIDTH - 2 * MARGIN
        height = text_height(title, width - Inches(0.2), 28) + Inches(0.1)
        self.text_box(slide, MARGIN, Inches(0.3), width, height, [(title, 28, True, ACCENT)])
        y = Inches(0.3) + height
        if subtitle:
            below = text_height(subtitle, width - Inches(0.2), 14) + Inches(0.1)
            self.text_box(slide, MARGIN, y, width, below, [(subtitle, 14, False, MUTED)])
            y += below
        return y + Inches(0.1)

    def footer(self, slide, number: int, total: int) -> None:
        """Programme, date and slide number at the foot of a slide."""
        as_of = long_date(self.briefing.as_of, self.lang)
        place = self.id_text(f"{number}/{total}")
        words = f"{self.id_text(self.briefing.programme_id)} · {t('brief.as_of', self.lang, date=as_of)} · {place}"
        self.text_box(
            slide,
            MARGIN,
            HEIGHT - Inches(0.45),
            WIDTH - 2 * MARGIN,
            Inches(0.3),
            [(words, 10, False, MUTED)],
            align=PP_ALIGN.RIGHT,
        )

    def cell(self, value: str, size: float, bold: bool, ink: RGBColor, fill: RGBColor) -> str:
        """A table cell as XML: its text escaped, in the type, colour and fill given."""
        run = (
            f'<a:r><a:rPr lang="{self.faces_of.tag}" sz="{round(size * 100)}" b="{1 if bold else 0}" dirty="0">'
            f'<a:solidFill><a:srgbClr val="{ink}"/></a:solidFill>{self._faces_xml}</a:rPr>'
            f"<a:t>{escape(value, quote=False)}</a:t></a:r>"
        )
        return (
            f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{self._paragraph_xml}{run}</a:p></a:txBody>"
            f'<a:tcPr marL="{CELL_MARGIN}" marR="{CELL_MARGIN}" marT="{CELL_MARGIN_V}" marB="{CELL_MARGIN_V}">'
            f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>'
        )

    def row_heights(self, widths, rows, size: float) -> list[int]:
        """Each row's height in EMU: its tallest cell's text plus the cell margins."""
        return [
            max(text_height(value, int(w) - 2 * CELL_MARGIN, size) for value, w in zip(row, widths))
            + 2 * CELL_MARGIN_V
            + int(Pt(2))
            for row in rows
        ]

    def table(self, slide, x, y, widths, header, rows, statuses: dict[int, list[str]] | None = None, bottom=BOTTOM):
        """A table written as XML in one pass; rows as tall as their text, in the largest type that fits.

        `statuses` maps a column to the status of each row (tints that cell). Right to left, the first column is
        on the right (a:tblPr rtl="1").
        """
        given = widths
        for size in TABLE_SIZES:
            widths = [Emu(w) for w in header_fitted(given, [header, *rows], size)]
            heights = self.row_heights(widths, [header, *rows], size)
            if y + sum(heights) <= bottom:
                break
        tints = {col: [_tint(STATUS_COLOURS[s]) for s in column] for col, column in (statuses or {}).items()}
        rtl = ' rtl="1"' if self.rtl else ""
        xml = [f'<a:tbl {nsdecls("a")}><a:tblPr firstRow="1" bandRow="1"{rtl}/><a:tblGrid>']
        xml += [f'<a:gridCol w="{int(w)}"/>' for w in widths]
        xml.append("</a:tblGrid>")
        for index, (values, height) in enumerate(zip([header, *rows], heights)):
            band = ACCENT if index == 0 else WHITE if index % 2 else RGBColor(0xF2, 0xF4, 0xF7)
            xml.append(f'<a:tr h="{height}">')
            for col, value in enumerate(values):
                fill = band if index == 0 or col not in tints else tints[col][index - 1]
                xml.append(self.cell(value, size, index == 0, WHITE if index == 0 else INK, fill))
            xml.append("</a:tr>")
        xml.append("</a:tbl>")
        width = sum(widths, Emu(0))
        frame = slide.shapes.add_table(1, 1, self.x(x, width), y, width, sum(heights))
        graphic_data = frame._element.graphic.graphicData
        graphic_data.remove(graphic_data[0])
        graphic_data.append(parse_xml("".join(xml)))
        return frame

    def chart_text(self, chart, size: float = 12) -> None:
        """A chart's text in the deck's ink and faces."""
        chart.font.size = Pt(size)
        chart.font.color.rgb = INK
        self.faces(chart.font)
