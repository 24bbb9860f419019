"""The briefing deck: a PowerPoint file people can reuse, with native (editable) charts and speaker notes.

Slides are jwp_data.present.briefing's sequence, the same as the Briefing page and the report: title,
headline figures, each operational objective (a bar chart of its indicators' progress, made of
chart data rather than a picture, beside a table; a table alone when no indicator has progress),
the status summary and the method note. Each slide's notes carry its indicators' performance
narratives.

Tables are written as XML in one pass, each row as tall as its text needs (a Chinese character
counts as a full em), so nothing is clipped in PowerPoint or LibreOffice and no wording is
shortened; a table that would run off its slide is set in smaller type instead. Parts are named
by counters, not by python-pptx's search over every part (which made big decks quadratic).
"""

from __future__ import annotations

import io
import re
from html import escape

from lxml.etree import SubElement
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_percent
from jwp_data.present.briefing import (
    HEADLINE,
    METHOD,
    OBJECTIVE,
    SUMMARY,
    TITLE,
    Briefing,
    Slide,
    is_wide,
    long_date,
    percent,
    text_lines,
)
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
LATIN_FONT = "Calibri"
CHINESE_FONT = "Microsoft YaHei"  # the East Asian face; PowerPoint substitutes where it is missing
LANGUAGE_IDS = {"en": MSO_LANGUAGE_ID.ENGLISH_UK, "zh": MSO_LANGUAGE_ID.SIMPLIFIED_CHINESE}
LANGUAGE_TAGS = {"en": "en-GB", "zh": "zh-CN"}
DECK_LATIN_EM = 0.6  # Calibri is narrower; LibreOffice's stand-in (DejaVu Sans) is about this wide
LINE_FACTOR = 1.22  # line height of Latin text, in font sizes
WIDE_LINE_FACTOR = 1.5  # line height where Chinese characters set the line (Noto Sans CJK, YaHei)
CELL_MARGIN = Inches(0.06)  # left and right
CELL_MARGIN_V = Inches(0.04)  # top and bottom
TABLE_SIZES = (12, 11, 10, 9)  # a table's type, largest first, until it fits above the footer
BOTTOM = HEIGHT - Inches(0.5)  # where the footer starts


def _rgb(hex_colour: str) -> RGBColor:
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
    lines = text_lines(value, Emu(width).pt / size, DECK_LATIN_EM)
    factor = WIDE_LINE_FACTOR if any(is_wide(ch) for ch in value) else LINE_FACTOR
    return int(Pt(lines * size * factor))


def _counting_partnames(package) -> None:
    """Name new parts by a counter per kind (chart3.xml, chart4.xml…) instead of searching every part each time."""
    search = package.next_partname
    counters: dict[str, int] = {}

    def next_partname(tmpl: str) -> PackURI:
        if tmpl not in counters:  # the first of its kind: one search, from then on count
            counters[tmpl] = int(re.search(r"(\d+)\.\w+$", str(search(tmpl))).group(1)) - 1
        counters[tmpl] += 1
        return PackURI(tmpl % counters[tmpl])

    package.next_partname = next_partname


class _Writer:
    """Lays the briefing out on slides in one language."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.lang = briefing.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        _counting_partnames(self.prs.part.package)

    # --- text ---------------------------------------------------------------------------
    def style(self, font, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = colour
        self.faces(font)

    def faces(self, font) -> None:
        """Latin and East Asian typefaces and the proofing language of a run (or a chart's text)."""
        font.name = LATIN_FONT
        rpr = font._rPr
        if self.lang == "zh" and rpr.find(qn("a:ea")) is None:
            east_asian = OxmlElement("a:ea")
            east_asian.set("typeface", CHINESE_FONT)
            rpr.find(qn("a:latin")).addnext(east_asian)
        font.language_id = LANGUAGE_IDS.get(self.lang, MSO_LANGUAGE_ID.ENGLISH_UK)

    def run(self, paragraph, words: str, size: float, bold: bool, colour: RGBColor) -> None:
        """A run of text written straight as XML: size, weight, colour, typefaces and language.

        (python-pptx's property setters cost a lot per run; a deck has thousands of runs.)
        """
        run = paragraph._p.add_r()
        run.text = words
        properties = run.get_or_add_rPr()
        properties.set("lang", LANGUAGE_TAGS.get(self.lang, "en-GB"))
        properties.set("sz", str(round(size * 100)))
        properties.set("b", "1" if bold else "0")
        _solid_fill(properties, colour)
        SubElement(properties, qn("a:latin"), typeface=LATIN_FONT)
        if self.lang == "zh":
            SubElement(properties, qn("a:ea"), typeface=CHINESE_FONT)

    def text_box(self, slide, x, y, w, h, lines, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
        """A text box; lines are (text, size, bold, colour) tuples, one paragraph each."""
        frame = slide.shapes.add_textbox(x, y, w, h).text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        for i, (words, size, bold, colour) in enumerate(lines):
            paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            paragraph.alignment = align
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
        as_of = long_date(self.briefing.as_of, self.lang)
        words = f"{self.briefing.programme_id} · {t('brief.as_of', self.lang, date=as_of)} · {number}/{total}"
        self.text_box(
            slide,
            MARGIN,
            HEIGHT - Inches(0.45),
            WIDTH - 2 * MARGIN,
            Inches(0.3),
            [(words, 10, False, MUTED)],
            align=PP_ALIGN.RIGHT,
        )

    # --- tables -------------------------------------------------------------------------
    def _cell(self, value: str, size: float, bold: bool, ink: RGBColor, fill: RGBColor) -> str:
        faces = f'<a:latin typeface="{LATIN_FONT}"/>' + (
            f'<a:ea typeface="{CHINESE_FONT}"/>' if self.lang == "zh" else ""
        )
        lang = LANGUAGE_TAGS.get(self.lang, "en-GB")
        run = (
            f'<a:r><a:rPr lang="{lang}" sz="{round(size * 100)}" b="{1 if bold else 0}" dirty="0">'
            f'<a:solidFill><a:srgbClr val="{ink}"/></a:solidFill>{faces}</a:rPr>'
            f"<a:t>{escape(value, quote=False)}</a:t></a:r>"
        )
        return (
            f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{run}</a:p></a:txBody>"
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

        `statuses` maps a column to the status of each row (tints that cell).
        """
        for size in TABLE_SIZES:
            heights = self.row_heights(widths, [header, *rows], size)
            if y + sum(heights) <= bottom:
                break
        tints = {col: [_tint(STATUS_COLOURS[s]) for s in column] for col, column in (statuses or {}).items()}
        xml = [f'<a:tbl {nsdecls("a")}><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>']
        xml += [f'<a:gridCol w="{int(w)}"/>' for w in widths]
        xml.append("</a:tblGrid>")
        for index, (values, height) in enumerate(zip([header, *rows], heights)):
            band = ACCENT if index == 0 else WHITE if index % 2 else RGBColor(0xF2, 0xF4, 0xF7)
            xml.append(f'<a:tr h="{height}">')
            for col, value in enumerate(values):
                fill = band if index == 0 or col not in tints else tints[col][index - 1]
                xml.append(self._cell(value, size, index == 0, WHITE if index == 0 else INK, fill))
            xml.append("</a:tr>")
        xml.append("</a:tbl>")
        frame = slide.shapes.add_table(1, 1, x, y, sum(widths, Emu(0)), sum(heights))
        graphic_data = frame._element.graphic.graphicData
        graphic_data.remove(graphic_data[0])
        graphic_data.append(parse_xml("".join(xml)))
        return frame

    # --- charts -------------------------------------------------------------------------
    def chart_text(self, chart, size: float = 12) -> None:
        chart.font.size = Pt(size)
        chart.font.color.rgb = INK
        self.faces(chart.font)

    def progress_chart(self, slide, x, y, w, h, objective: Slide):
        """A native bar chart: one bar per indicator, its progress 0–100%, coloured by status."""
        data = CategoryChartData(number_format="0%")
        data.categories = [line.indicator_id for line in objective.indicators]
        data.add_series(t("brief.progress", self.lang), [line.progress for line in objective.indicators])
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, x, y, w, h, data).chart
        self.chart_text(chart)
        chart.has_legend = False
        chart.has_title = True
        chart.chart_title.text_frame.text = t("brief.chart_progress", self.lang)
        self.style(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
        values = chart.value_axis
        values.minimum_scale, values.maximum_scale, values.major_unit = 0, 1, 0.25
        values.tick_labels.number_format = "0%"
        values.tick_labels.number_format_is_linked = False
        values.has_major_gridlines = True
        chart.category_axis.reverse_order = True  # the first indicator at the top, as in the table
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format, labels.number_format_is_linked = "0%", False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(12)
        series = plot.series[0]._element
        for index, line in enumerate(objective.indicators):  # each bar in its status colour, as XML (fast)
            colour = STATUS_COLOURS[line.status].lstrip("#").upper()
            series._insert_dPt(
                parse_xml(
                    f'<c:dPt {nsdecls("c", "a")}><c:idx val="{index}"/><c:invertIfNegative val="0"/>'
                    f'<c:bubble3D val="0"/><c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
                    "</c:spPr></c:dPt>"
                )
            )
        return chart

    def status_chart(self, slide, x, y, w, h, summary: Slide):
        """A native stacked bar chart: indicators of each objective by status."""
        rows = [row for row in summary.rows if row.objective_id is not None]
        data = CategoryChartData(number_format="0")
        data.categories = [row.objective_id for row in rows]
        shown = [s for s in STATUSES if any(row.status_counts[s] for row in rows)] or ["no_data"]
        for status in shown:
            data.add_series(status_label(status, self.lang), [row.status_counts[status] for row in rows])
        chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_STACKED, x, y, w, h, data).chart
        self.chart_text(chart)
        chart.has_title = True
        chart.chart_title.text_frame.text = t("brief.chart_status", self.lang)
        self.style(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        chart.category_axis.reverse_order = True
        chart.value_axis.has_major_gridlines = True
        chart.value_axis.major_unit = 1 if max((r.indicators for r in rows), default=0) <= 10 else None
        plot = chart.plots[0]
        plot.gap_width = 50
        plot.overlap = 100
        for series, status in zip(plot.series, shown):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(STATUS_COLOURS[status])
        return chart

    # --- slides -------------------------------------------------------------------------
    def title_slide(self, slide, item: Slide) -> None:
        band = slide.shapes.add_shape(1, 0, Inches(2.2), WIDTH, Inches(2.6))  # 1 = rectangle
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        self.text_box(
            slide,
            MARGIN,
            Inches(2.35),
            WIDTH - 2 * MARGIN,
            Inches(2.3),
            [(item.title, 36, True, WHITE), (item.subtitle, 24, False, WHITE)],
            anchor=MSO_ANCHOR.MIDDLE,
        )
        self.text_box(
            slide,
            MARGIN,
            Inches(5.1),
            WIDTH - 2 * MARGIN,
            Inches(1.6),
            [(line, 16, False, MUTED) for line in item.paragraphs],
        )

    def figures(self, slide, item: Slide, y) -> None:
        height = Inches(1.5)
        count = max(len(item.figures), 1)
        gap = Inches(0.25)
        width = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
        for i, figure in enumerate(item.figures):
            x = MARGIN + (width + gap) * i
            box = slide.shapes.add_shape(1, int(x), y, int(width), height)
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xF8)
            box.line.fill.background()
            self.text_box(
                slide,
                int(x),
                y,
                int(width),
                height,
                [(figure.value, 36, True, ACCENT), (figure.label, 16, True, INK), (figure.note, 11, False, MUTED)],
                anchor=MSO_ANCHOR.MIDDLE,
                align=PP_ALIGN.CENTER,
            )

    def headline_slide(self, slide, item: Slide) -> None:
        y = self.heading(slide, item.title, item.subtitle)
        self.figures(slide, item, y)
        y += Inches(1.65)
        self.text_box(
            slide, MARGIN, y, Inches(5), Inches(0.4), [(t("brief.headline_indicators", self.lang), 16, True, ACCENT)]
        )
        if item.paragraphs:
            self.text_box(
                slide,
                MARGIN + Inches(5),
                y,
                WIDTH - 2 * MARGIN - Inches(5),
                Inches(0.4),
                [(p, 12, False, MUTED) for p in item.paragraphs],
                align=PP_ALIGN.RIGHT,
            )
        y += Inches(0.45)
        if not item.indicators:
            self.text_box(
                slide, MARGIN, y, Inches(8), Inches(0.4), [(t("brief.no_headline", self.lang), 14, False, MUTED)]
            )
            return
        lang = self.lang
        rows = [
            [f"{line.indicator_id} · {line.text}", line.result, line.target, line.status_label]
            for line in item.indicators
        ]
        widths = [Inches(6.63), Inches(2.1), Inches(2.0), Inches(1.6)]
        header = [t("brief.indicator", lang), t("brief.result", lang), t("brief.target", lang), t("brief.status", lang)]
        self.table(slide, MARGIN, y, widths, header, rows, {3: [line.status for line in item.indicators]})

    def objective_slide(self, slide, item: Slide) -> None:
        y = self.heading(slide, item.title, item.subtitle)
        figures = " · ".join(f"{f.label}: {f.value}" for f in item.figures)
        elapsed = t("brief.elapsed_line", self.lang, elapsed=format_percent(self.briefing.elapsed, self.lang, 0))
        line = f"{figures} · {elapsed}"
        height = text_height(line, WIDTH - 2 * MARGIN - Inches(0.2), 14) + Inches(0.1)
        self.text_box(slide, MARGIN, y, WIDTH - 2 * MARGIN, height, [(line, 14, True, INK)])
        y += height + Inches(0.05)
        bottom = BOTTOM
        if item.paragraphs:  # which indicators a big objective shows
            note = " ".join(item.paragraphs)
            below = text_height(note, WIDTH - 2 * MARGIN - Inches(0.2), 12) + Inches(0.1)
            bottom -= below
            self.text_box(slide, MARGIN, bottom, WIDTH - 2 * MARGIN, below, [(note, 12, False, MUTED)])
        if not item.indicators:
            self.text_box(
                slide, MARGIN, y, Inches(8), Inches(0.5), [(t("brief.no_indicators", self.lang), 16, False, MUTED)]
            )
            return
        lang = self.lang
        rows = [
            [f"{line.indicator_id} · {line.text}", line.result, line.target, percent(line.progress), line.status_label]
            for line in item.indicators
        ]
        header = [
            t("brief.indicator", lang),
            t("brief.result", lang),
            t("brief.target", lang),
            t("brief.progress", lang),
            t("brief.status", lang),
        ]
        statuses = {4: [line.status for line in item.indicators]}
        fixed = [Inches(1.15), Inches(1.0), Inches(1.0), Inches(1.45)]
        if any(line.progress is not None for line in item.indicators):
            chart_height = min(bottom - y, Inches(1.0) + Inches(0.55) * len(item.indicators))
            self.progress_chart(slide, MARGIN, y, Inches(4.3), chart_height, item)
            x = MARGIN + Inches(4.5)
        else:  # nothing to chart: the table alone, and a word on why
            note = t("briefing.no_chart", lang)
            self.text_box(slide, MARGIN, y, WIDTH - 2 * MARGIN, Inches(0.4), [(note, 12, False, MUTED)])
            y += Inches(0.45)
            x = MARGIN
        width = WIDTH - MARGIN - x
        widths = [width - sum(fixed, Emu(0)), *fixed]
        self.table(slide, x, y, widths, header, rows, statuses, bottom=bottom)

    def summary_slide(self, slide, item: Slide) -> None:
        y = self.heading(slide, item.title, item.subtitle)
        objectives = [row for row in item.rows if row.objective_id is not None]
        if objectives:
            chart_height = min(BOTTOM - y, Inches(1.2) + Inches(0.45) * len(objectives))
            self.status_chart(slide, MARGIN, y, Inches(6.0), chart_height, item)
        lang = self.lang
        header = [
            t("brief.objective", lang),
            t("brief.indicators", lang),
            t("brief.achieved", lang),
            t("brief.completion", lang),
        ]
        rows = [
            [
                row.title if row.objective_id is None else f"{row.objective_id} · {row.title}",
                str(row.indicators),
                str(row.achieved),
                percent(row.completion),
            ]
            for row in item.rows
        ]
        fixed = [Inches(1.1), Inches(1.1), Inches(1.25)]
        x = MARGIN + Inches(6.2)
        widths = [WIDTH - MARGIN - x - sum(fixed, Emu(0)), *fixed]
        self.table(slide, x, y, widths, header, rows)

    def method_slide(self, slide, item: Slide) -> None:
        y = self.heading(slide, item.title, item.subtitle)
        width = WIDTH - 2 * MARGIN
        for size in (16, 15, 14, 13, 12):
            needed = sum(text_height(f"• {p}", width - Inches(0.2), size) + Pt(8) for p in item.paragraphs)
            if y + needed <= BOTTOM:
                break
        frame = self.text_box(
            slide, MARGIN, y, width, BOTTOM - y, [(f"• {p}", size, False, INK) for p in item.paragraphs]
        )
        for paragraph in frame.paragraphs:
            paragraph.space_after = Pt(8)

    def notes(self, slide, item: Slide) -> None:
        """Speaker notes: each indicator's performance narrative."""
        if item.notes:
            words = "\n\n".join(item.notes)
        elif item.indicators:
            words = t("briefing.notes_none", self.lang)
        else:
            return
        slide.notes_slide.notes_text_frame.text = words

    def write(self) -> bytes:
        layout = {
            TITLE: self.title_slide,
            HEADLINE: self.headline_slide,
            OBJECTIVE: self.objective_slide,
            SUMMARY: self.summary_slide,
            METHOD: self.method_slide,
        }
        total = len(self.briefing.slides)
        for number, item in enumerate(self.briefing.slides, start=1):
            slide = self.prs.slides.add_slide(self.blank)
            layout[item.kind](slide, item)
            if item.kind != TITLE:
                self.footer(slide, number, total)
            self.notes(slide, item)
        properties = self.prs.core_properties
        properties.title = (
            f"{self.briefing.title} — {t('brief.as_of', self.lang, date=long_date(self.briefing.as_of, self.lang))}"
        )
        properties.subject = self.briefing.programme_id
        properties.language = "zh-CN" if self.lang == "zh" else "en"
        properties.comments = t("brief.generated", self.lang)
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def deck_bytes(briefing: Briefing) -> bytes:
    """The briefing as a PowerPoint (.pptx) file."""
    return _Writer(briefing).write()
