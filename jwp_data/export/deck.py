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

from pptx import Presentation
from pptx.opc.packuri import PackURI

from jwp_data.export.deck_pen import HEIGHT, WIDTH, Pen
from jwp_data.export.deck_slides import HeadlineSlide, MethodSlide, ObjectiveSlide, SummarySlide, TitleSlide
from jwp_data.i18n import t
from jwp_data.present.briefing import HEADLINE, METHOD, OBJECTIVE, SUMMARY, TITLE, Briefing, Slide, long_date

WRITERS = {
    TITLE: TitleSlide,
    HEADLINE: HeadlineSlide,
    OBJECTIVE: ObjectiveSlide,
    SUMMARY: SummarySlide,
    METHOD: MethodSlide,
}


# The file's document properties (title, subject, comments) hold at most 255 characters each; the slides have no
# such limit and always carry the whole text.
PROPERTY_LIMIT = 255


def document_property(text: str) -> str:
    """A text for a document property: as it is when it fits, else cut with an ellipsis at the limit."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1].rstrip() + "…"


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


class _Deck:
    """Lays the briefing out on slides in one language: each slide by the writer of its kind."""

    def __init__(self, briefing: Briefing):
        self.briefing = briefing
        self.lang = briefing.lang
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        _counting_partnames(self.prs.part.package)
        pen = Pen(briefing)
        self.pen = pen
        self.writers = {kind: writer(pen) for kind, writer in WRITERS.items()}

    def notes(self, slide, item: Slide) -> None:
        """Speaker notes: each indicator's performance narrative."""
        if item.notes:
            words = "\n\n".join(item.notes)
        elif item.indicators:
            words = t("briefing.notes_none", self.lang)
        else:
            return
        frame = slide.notes_slide.notes_text_frame
        frame.text = words
        for paragraph in frame.paragraphs:
            self.pen.paragraph(paragraph)

    def write(self) -> bytes:
        """The deck's file: every slide, its footer and notes, and the file's properties."""
        total = len(self.briefing.slides)
        for number, item in enumerate(self.briefing.slides, start=1):
            slide = self.prs.slides.add_slide(self.blank)
            self.writers[item.kind].draw(slide, item)
            if item.kind != TITLE:
                self.pen.footer(slide, number, total)
            self.notes(slide, item)
        properties = self.prs.core_properties
        as_of = t("brief.as_of", self.lang, date=long_date(self.briefing.as_of, self.lang))
        properties.title = document_property(f"{self.briefing.title} — {as_of}")
        properties.subject = document_property(self.briefing.programme_id)
        properties.language = self.pen.faces_of.tag
        properties.comments = document_property(t("brief.generated", self.lang))
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()


def deck_bytes(briefing: Briefing) -> bytes:
    """The briefing as a PowerPoint (.pptx) file."""
    return _Deck(briefing).write()
