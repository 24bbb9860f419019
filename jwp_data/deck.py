"""The briefing deck: a PowerPoint file people can reuse, with native (editable) charts.

Slides follow jwp_data.briefing: title, headline figures, one per operational objective (a bar
chart of its indicators' progress, made of chart data rather than a picture, and a compact
table with statuses), the status summary and the method note.
"""

from __future__ import annotations

import io
import unicodedata

from lxml.etree import SubElement
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from jwp_data.briefing import HEADLINE, METHOD, OBJECTIVE, SUMMARY, TITLE, Briefing, Slide, long_date, percent
from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import format_percent
from jwp_data.schema import STATUS_COLOURS, STATUSES

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
TEXT_LIMIT = 110  # characters of an indicator's wording in the compact table


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


def _short(value: str, limit: int = TEXT_LIMIT) -> str:
    """Text cut to about `limit` Latin characters (a Chinese character counts as two)."""
    used = 0
    for i, ch in enumerate(value):
        used += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used > limit:
            return value[:i].rstrip() + "…"
    return value


class _Writer:
    """Lays the briefing out on slides in one language."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.lang = briefing.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]

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

    def heading(self, slide, title: str, subtitle: str = "") -> None:
        self.text_box(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), [(title, 28, True, ACCENT)])
        if subtitle:
            self.text_box(
                slide,
                MARGIN,
                Inches(1.05),
                WIDTH - 2 * MARGIN,
                Inches(0.6),
                [(_short(subtitle, 260), 13, False, MUTED)],
            )

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
    def table(self, slide, x, y, widths, header, rows, statuses: dict[int, list[str]] | None = None, size: float = 11):
        """A compact table; `statuses` maps a column to the status of each row (tints that cell)."""
        shape = slide.shapes.add_table(
            len(rows) + 1, len(header), x, y, sum(widths, Emu(0)), Inches(0.4) * (len(rows) + 1)
        )
        table = shape.table
        for col, width in enumerate(widths):
            table.columns[col].width = width
        tints = {col: [_tint(STATUS_COLOURS[s]) for s in column] for col, column in (statuses or {}).items()}
        for row_index, values in enumerate([header, *rows]):
            table.rows[row_index].height = Inches(0.36)
            band = ACCENT if row_index == 0 else WHITE if row_index % 2 else RGBColor(0xF2, 0xF4, 0xF7)
            for col, value in enumerate(values):
                cell = table.cell(row_index, col)
                properties = cell._tc.get_or_add_tcPr()
                for side, margin in (("marL", 0.06), ("marR", 0.06), ("marT", 0.03), ("marB", 0.03)):
                    properties.set(side, str(Inches(margin)))
                fill = band if row_index == 0 or col not in tints else tints[col][row_index - 1]
                _solid_fill(properties, fill)
                header_row = row_index == 0
                self.run(cell.text_frame.paragraphs[0], value, size, header_row, WHITE if header_row else INK)
        return table

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
        for point, line in zip(plot.series[0].points, objective.indicators):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(STATUS_COLOURS[line.status])
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
        count = max(len(item.figures), 1)
        gap = Inches(0.25)
        width = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
        for i, figure in enumerate(item.figures):
            x = MARGIN + (width + gap) * i
            box = slide.shapes.add_shape(1, int(x), y, int(width), Inches(1.7))
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xF8)
            box.line.fill.background()
            self.text_box(
                slide,
                int(x),
                y,
                int(width),
                Inches(1.7),
                [(figure.value, 40, True, ACCENT), (figure.label, 16, True, INK), (figure.note, 12, False, MUTED)],
                anchor=MSO_ANCHOR.MIDDLE,
                align=PP_ALIGN.CENTER,
            )

    def headline_slide(self, slide, item: Slide) -> None:
        self.heading(slide, item.title, item.subtitle)
        self.figures(slide, item, Inches(1.7))
        y = Inches(3.7)
        self.text_box(
            slide, MARGIN, y, Inches(8), Inches(0.4), [(t("brief.headline_indicators", self.lang), 16, True, ACCENT)]
        )
        if item.paragraphs:
            self.text_box(
                slide,
                MARGIN + Inches(4),
                y,
                WIDTH - 2 * MARGIN - Inches(4),
                Inches(0.4),
                [(p, 12, False, MUTED) for p in item.paragraphs],
                align=PP_ALIGN.RIGHT,
            )
        if not item.indicators:
            self.text_box(
                slide,
                MARGIN,
                y + Inches(0.45),
                Inches(8),
                Inches(0.4),
                [(t("brief.no_headline", self.lang), 14, False, MUTED)],
            )
            return
        lang = self.lang
        rows = [
            [f"{line.indicator_id} · {_short(line.text, 150)}", line.result, line.target, line.status_label]
            for line in item.indicators
        ]
        widths = [Inches(6.8), Inches(2.1), Inches(2.1), Inches(1.33)]
        header = [t("brief.indicator", lang), t("brief.result", lang), t("brief.target", lang), t("brief.status", lang)]
        self.table(
            slide, MARGIN, y + Inches(0.45), widths, header, rows, {3: [line.status for line in item.indicators]}
        )

    def objective_slide(self, slide, item: Slide) -> None:
        self.heading(slide, item.title, item.subtitle)
        figures = " · ".join(f"{f.label}: {f.value}" for f in item.figures)
        elapsed = t("brief.elapsed_line", self.lang, elapsed=format_percent(self.briefing.elapsed, self.lang, 0))
        self.text_box(
            slide, MARGIN, Inches(1.65), WIDTH - 2 * MARGIN, Inches(0.4), [(f"{figures} · {elapsed}", 14, True, INK)]
        )
        top = Inches(2.15)
        if not item.indicators:
            self.text_box(
                slide, MARGIN, top, Inches(8), Inches(0.5), [(t("brief.no_indicators", self.lang), 16, False, MUTED)]
            )
            return
        chart_height = min(Inches(4.7), Inches(1.0) + Inches(0.55) * len(item.indicators))
        self.progress_chart(slide, MARGIN, top, Inches(4.6), chart_height, item)
        lang = self.lang
        rows = [
            [
                f"{line.indicator_id} · {_short(line.text)}",
                line.result,
                line.target,
                percent(line.progress),
                line.status_label,
            ]
            for line in item.indicators
        ]
        widths = [Inches(3.1), Inches(1.15), Inches(1.05), Inches(1.05), Inches(1.18)]
        header = [
            t("brief.indicator", lang),
            t("brief.result", lang),
            t("brief.target", lang),
            t("brief.progress", lang),
            t("brief.status", lang),
        ]
        self.table(
            slide, MARGIN + Inches(4.8), top, widths, header, rows, {4: [line.status for line in item.indicators]}
        )

    def summary_slide(self, slide, item: Slide) -> None:
        self.heading(slide, item.title, item.subtitle)
        objectives = [row for row in item.rows if row.objective_id is not None]
        chart_height = min(Inches(2.6), Inches(1.0) + Inches(0.35) * len(objectives))
        self.status_chart(slide, MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, chart_height, item)
        lang = self.lang
        header = [
            t("brief.objective", lang),
            t("brief.indicators", lang),
            t("brief.achieved", lang),
            t("brief.completion", lang),
        ]
        header += [status_label(s, lang) for s in STATUSES]
        rows = []
        for row in item.rows:
            name = row.title if row.objective_id is None else f"{row.objective_id} · {_short(row.title, 60)}"
            rows.append(
                [name, str(row.indicators), str(row.achieved), percent(row.completion)]
                + [str(row.status_counts[s]) for s in STATUSES]
            )
        widths = [Inches(2.6), Inches(1.1), Inches(1.05), Inches(1.2)] + [Inches(0.91)] * len(STATUSES)
        self.table(slide, MARGIN, Inches(1.6) + chart_height, widths, header, rows, size=10)

    def method_slide(self, slide, item: Slide) -> None:
        self.heading(slide, item.title, item.subtitle)
        frame = self.text_box(
            slide,
            MARGIN,
            Inches(1.7),
            WIDTH - 2 * MARGIN,
            Inches(5.2),
            [(f"• {p}", 16, False, INK) for p in item.paragraphs],
        )
        for paragraph in frame.paragraphs:
            paragraph.space_after = Pt(8)

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
