"""One writer per kind of slide: title, headline figures, an objective, the status summary, the method note."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from jwp_data.export.deck_charts import progress_chart, status_chart
from jwp_data.export.deck_pen import ACCENT, BOTTOM, INK, MARGIN, MUTED, WHITE, WIDTH, Pen, text_height
from jwp_data.i18n import t
from jwp_data.i18n.format import format_percent
from jwp_data.present.briefing import Slide, percent


class SlideWriter:
    """Draws one kind of slide with the deck's pen."""

    def __init__(self, pen: Pen):
        self.pen = pen

    def draw(self, slide, item: Slide) -> None:
        raise NotImplementedError

    def nothing(self, slide, y, key: str, size: float, height) -> None:
        """A muted line where a slide has no indicators to show."""
        self.pen.text_box(slide, MARGIN, y, Inches(8), height, [(t(key, self.pen.lang), size, False, MUTED)])


class TitleSlide(SlideWriter):
    """The title band with the programme's name and date, and the lines under it."""

    def draw(self, slide, item: Slide) -> None:
        band = slide.shapes.add_shape(1, 0, Inches(2.2), WIDTH, Inches(2.6))  # 1 = rectangle
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        self.pen.text_box(
            slide,
            MARGIN,
            Inches(2.35),
            WIDTH - 2 * MARGIN,
            Inches(2.3),
            [(item.title, 36, True, WHITE), (item.subtitle, 24, False, WHITE)],
            anchor=MSO_ANCHOR.MIDDLE,
        )
        self.pen.text_box(
            slide,
            MARGIN,
            Inches(5.1),
            WIDTH - 2 * MARGIN,
            Inches(1.6),
            [(line, 16, False, MUTED) for line in item.paragraphs],
        )


class HeadlineSlide(SlideWriter):
    """The headline figures in cards, and the headline indicators in a table."""

    def draw(self, slide, item: Slide) -> None:
        y = self.pen.heading(slide, item.title, item.subtitle)
        self.figures(slide, item, y)
        y += Inches(1.65)
        self.pen.text_box(
            slide,
            MARGIN,
            y,
            Inches(5),
            Inches(0.4),
            [(t("brief.headline_indicators", self.pen.lang), 16, True, ACCENT)],
        )
        if item.paragraphs:
            self.pen.text_box(
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
            self.nothing(slide, y, "brief.no_headline", 14, Inches(0.4))
            return
        lang = self.pen.lang
        rows = [
            [
                f"{self.pen.id_text(line.indicator_id)} · {line.text}",
                self.pen.id_text(line.result),
                self.pen.id_text(line.target),
                line.status_label,
            ]
            for line in item.indicators
        ]
        widths = [Inches(6.63), Inches(2.1), Inches(2.0), Inches(1.6)]
        header = [t("brief.indicator", lang), t("brief.result", lang), t("brief.target", lang), t("brief.status", lang)]
        self.pen.table(slide, MARGIN, y, widths, header, rows, {3: [line.status for line in item.indicators]})

    def figures(self, slide, item: Slide, y) -> None:
        height = Inches(1.5)
        count = max(len(item.figures), 1)
        gap = Inches(0.25)
        width = (WIDTH - 2 * MARGIN - gap * (count - 1)) / count
        for i, figure in enumerate(item.figures):
            x = MARGIN + (width + gap) * i
            box = slide.shapes.add_shape(1, self.pen.x(x, width), y, int(width), height)
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xF8)
            box.line.fill.background()
            self.pen.text_box(
                slide,
                int(x),
                y,
                int(width),
                height,
                [(figure.value, 36, True, ACCENT), (figure.label, 16, True, INK), (figure.note, 11, False, MUTED)],
                anchor=MSO_ANCHOR.MIDDLE,
                align=PP_ALIGN.CENTER,
            )


class ObjectiveSlide(SlideWriter):
    """An objective: its figures, a chart of its indicators' progress and their table."""

    def draw(self, slide, item: Slide) -> None:
        y = self.pen.heading(slide, item.title, item.subtitle)
        figures = " · ".join(f"{f.label}: {f.value}" for f in item.figures)
        elapsed = t(
            "brief.elapsed_line", self.pen.lang, elapsed=format_percent(self.pen.briefing.elapsed, self.pen.lang, 0)
        )
        line = f"{figures} · {elapsed}"
        height = text_height(line, WIDTH - 2 * MARGIN - Inches(0.2), 14) + Inches(0.1)
        self.pen.text_box(slide, MARGIN, y, WIDTH - 2 * MARGIN, height, [(line, 14, True, INK)])
        y += height + Inches(0.05)
        bottom = BOTTOM
        if item.paragraphs:  # which indicators a big objective shows
            note = " ".join(item.paragraphs)
            below = text_height(note, WIDTH - 2 * MARGIN - Inches(0.2), 12) + Inches(0.1)
            bottom -= below
            self.pen.text_box(slide, MARGIN, bottom, WIDTH - 2 * MARGIN, below, [(note, 12, False, MUTED)])
        if not item.indicators:
            self.nothing(slide, y, "brief.no_indicators", 16, Inches(0.5))
            return
        lang = self.pen.lang
        rows = [
            [
                f"{self.pen.id_text(line.indicator_id)} · {line.text}",
                self.pen.id_text(line.result),
                self.pen.id_text(line.target),
                self.pen.id_text(percent(line.progress, self.pen.lang)),
                line.status_label,
            ]
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
            progress_chart(self.pen, slide, MARGIN, y, Inches(4.3), chart_height, item)
            x = MARGIN + Inches(4.5)
        else:  # nothing to chart: the table alone, and a word on why
            note = t("briefing.no_chart", lang)
            self.pen.text_box(slide, MARGIN, y, WIDTH - 2 * MARGIN, Inches(0.4), [(note, 12, False, MUTED)])
            y += Inches(0.45)
            x = MARGIN
        width = WIDTH - MARGIN - x
        widths = [width - sum(fixed, Emu(0)), *fixed]
        self.pen.table(slide, x, y, widths, header, rows, statuses, bottom=bottom)


class SummarySlide(SlideWriter):
    """The status summary: indicators by status per objective, as a chart and a table."""

    def draw(self, slide, item: Slide) -> None:
        y = self.pen.heading(slide, item.title, item.subtitle)
        objectives = [row for row in item.rows if row.objective_id is not None]
        if objectives:
            chart_height = min(BOTTOM - y, Inches(1.2) + Inches(0.45) * len(objectives))
            status_chart(self.pen, slide, MARGIN, y, Inches(6.0), chart_height, item)
        lang = self.pen.lang
        header = [
            t("brief.objective", lang),
            t("brief.indicators", lang),
            t("brief.achieved", lang),
            t("brief.completion", lang),
        ]
        rows = [
            [
                row.title if row.objective_id is None else f"{self.pen.id_text(row.objective_id)} · {row.title}",
                str(row.indicators),
                str(row.achieved),
                self.pen.id_text(percent(row.completion, self.pen.lang)),
            ]
            for row in item.rows
        ]
        fixed = [Inches(1.1), Inches(1.1), Inches(1.25)]
        x = MARGIN + Inches(6.2)
        widths = [WIDTH - MARGIN - x - sum(fixed, Emu(0)), *fixed]
        self.pen.table(slide, x, y, widths, header, rows)


class MethodSlide(SlideWriter):
    """The method note as bullet points, in the largest type that fits."""

    def draw(self, slide, item: Slide) -> None:
        y = self.pen.heading(slide, item.title, item.subtitle)
        width = WIDTH - 2 * MARGIN
        for size in (16, 15, 14, 13, 12):
            needed = sum(text_height(f"• {p}", width - Inches(0.2), size) + Pt(8) for p in item.paragraphs)
            if y + needed <= BOTTOM:
                break
        frame = self.pen.text_box(
            slide, MARGIN, y, width, BOTTOM - y, [(f"• {p}", size, False, INK) for p in item.paragraphs]
        )
        for paragraph in frame.paragraphs:
            paragraph.space_after = Pt(8)
