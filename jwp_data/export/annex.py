"""The Word annex: "Performance by expected accomplishment" as the report to the Conference of the Parties lays it out.

A front part the secretariat completes (document symbol, session, agenda item: placeholders, highlighted,
when not given), the title, "Note by the secretariat" and a summary with the headline figures; then, for
each objective, its heading and statement and one table of three columns: expected accomplishment,
performance indicator, performance data including main outputs.

Each indicator takes several rows: its figures (reported value with its qualifier, target, status), one
row per narrative paragraph, and its evidence as a short list. Rows never split across pages, so a long
narrative continues on the next page between paragraphs; the accomplishment and indicator cells are merged
down their rows, and the header row repeats on each page. A4, Times New Roman 10 pt with SimSun for Chinese.
Texts in the language, English standing in (marked) where a translation is missing, as in every export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from jwp_data.export.annex_file import docx_bytes
from jwp_data.export.annex_pen import (
    BODY_SIZE,
    Pen,
    clean,
    is_rtl,
    paragraphs_of,
)
from jwp_data.i18n import t
from jwp_data.i18n.format import format_date, format_percent, format_value, is_missing, localized
from jwp_data.method.assessment import Assessment
from jwp_data.present.tables import headline_cards
from jwp_data.present.text import listed, pair
from jwp_data.workbook.model import Matrix

WIDTHS = (2600, 2600, 4438)  # twips: the three columns across A4 inside 20 mm margins (170 mm)
EVIDENCE_SHOWN = 10  # items listed under an indicator; the rest are counted
_OPERATIONAL = re.compile(r"OO\s*(\d+)", re.IGNORECASE)
_GAP = "\0"  # where a value goes in a catalogue text; `clean` removes it from any outside text


@dataclass(frozen=True)
class FrontPart:
    """What the secretariat gives the document: its symbol, the session and the agenda item (may be empty)."""

    symbol: str = ""
    session: str = ""
    agenda_item: str = ""


class _Annex:
    """Writes the annex of one assessment in one language."""

    def __init__(self, assessment: Assessment, matrix: Matrix, lang: str, front: FrontPart, rtl: bool):
        self.assessment, self.matrix, self.lang, self.front = assessment, matrix, lang, front
        self.pen = Pen(rtl)
        self.parts: list[str] = []

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def add(self, runs, **options) -> None:
        self.parts.append(self.pen.paragraph(runs, **options))

    def filled(self, key: str | None, value: str, placeholder: str, **run) -> list[str]:
        """The user's value (in a catalogue text's gap, if `key`), or a highlighted placeholder when none was given."""
        before, _, after = (self.t(key, value=_GAP) if key else _GAP).partition(_GAP)
        value = clean(value).strip()
        middle = self.pen.run(value, **run) if value else self.pen.run(self.t(placeholder), mark=True, **run)
        return [self.pen.run(before, **run) if before else "", middle, self.pen.run(after, **run) if after else ""]

    def front_part(self) -> None:
        pen = self.pen
        self.add(self.filled(None, self.front.symbol, "annex.placeholder.symbol"), align="right", after=240)
        self.add(pen.run(self.t("annex.conference"), bold=True), after=0)
        self.add(self.filled(None, self.front.session, "annex.placeholder.session", bold=True), after=0)
        self.add(self.filled("annex.agenda_item", self.front.agenda_item, "annex.placeholder.agenda_item"), after=360)
        title = self.t("annex.title", programme=self.assessment.programme.title(self.lang))
        self.add(pen.run(title, bold=True, size=28), after=240, indent=1134, keep_next=True, outline=0)
        self.add(pen.run(self.t("annex.note"), bold=True, size=24), after=240, indent=1134, keep_next=True)
        self.add(pen.run(self.t("annex.summary"), bold=True, size=BODY_SIZE + 4), align="center", keep_next=True)
        for text in self.summary():
            self.add(pen.run(text), box=True, after=120, indent=567)

    def summary(self) -> list[str]:
        """The summary's paragraphs: what the document is, the roll-up and the headline figures."""
        result, lang = self.assessment, self.lang
        totals = result.totals
        lines = [
            self.t("annex.summary.intro", programme=result.programme.title(lang), date=format_date(result.as_of, lang)),
            self.t(
                "annex.summary.totals",
                total=totals["indicators"],
                achieved=totals["achieved"],
                with_data=totals["with_data"],
                completion=format_percent(totals["completion"], lang) or "–",
            ),
        ]
        figures = []
        for card in headline_cards(result, lang):
            if card.measure == "milestone":
                figures.append(pair(card.text.rstrip(".。"), self.t(f"status.{card.status}"), lang))
                continue
            if card.unit:
                figure = self.t("annex.summary.figure", value=card.value, unit=card.unit)
            else:
                figure = pair(card.text.rstrip(".。"), card.value, lang)
            figures.append(self.t("annex.summary.target", figure=figure, target=card.target) if card.target else figure)
        if figures:
            lines.append(self.t("annex.summary.headlines", figures=listed(figures, lang)))
        return lines

    def objectives(self) -> None:
        pen = self.pen
        self.add(
            pen.run(self.t("annex.section"), bold=True, size=BODY_SIZE + 4),
            before=240,
            after=240,
            keep_next=True,
            outline=0,
        )
        evidence = self.evidence()
        records = self.assessment.indicators.to_dict("records")
        by_objective: dict[str, list[dict]] = {}
        for record in records:
            by_objective.setdefault(record["objective_id"], []).append(record)
        for objective in self.assessment.objectives.to_dict("records"):
            self.add(pen.run(self.heading(objective), bold=True), before=240, after=120, keep_next=True, outline=1)
            goal = localized(objective, "goal", self.lang)
            if goal:
                self.add(pen.run(goal), after=120, keep_next=True)
            mine = by_objective.get(objective["objective_id"], [])
            if mine:
                self.parts.append(self.table(mine, evidence))
            else:
                self.add(pen.run(self.t("annex.no_indicators"), italic=True))

    def heading(self, objective: dict) -> str:
        """'Operational objective 1: Advocacy…' for an OO id (as the Strategy numbers them), else the title."""
        title = localized(objective, "title", self.lang)
        found = _OPERATIONAL.fullmatch(str(objective["objective_id"]).strip())
        if found:
            return self.t("annex.operational_objective", number=int(found.group(1)), title=title)
        return title or str(objective["objective_id"])

    def evidence(self) -> dict[str, list[dict]]:
        """Each indicator's evidence counted on the assessment date (undated items included), in sheet order."""
        table = self.matrix.evidence
        table = table[table["date"].isna() | (table["date"] <= pd.Timestamp(self.assessment.as_of))]
        grouped: dict[str, list[dict]] = {}
        for record in table.to_dict("records"):
            grouped.setdefault(record["indicator_id"], []).append(record)
        return grouped

    def table(self, indicators: list[dict], evidence: dict[str, list[dict]]) -> str:
        pen = self.pen
        header = [
            pen.header_cell(pen.paragraph(pen.run(self.t(key), italic=True, size=18), after=60), width)
            for key, width in zip(("annex.col.accomplishment", "annex.col.indicator", "annex.col.data"), WIDTHS)
        ]
        rows = [pen.row(header, header=True)]
        previous = None
        for record in indicators:
            accomplishment = localized(record, "accomplishment", self.lang)
            new_group = accomplishment != previous
            previous = accomplishment
            data = self.data_cells(record, evidence.get(record["indicator_id"], []))
            for number, paragraphs in enumerate(data):
                first = number == 0
                cells = [
                    pen.cell(
                        [self.cell_text(accomplishment)] if first and new_group else [],
                        WIDTHS[0],
                        "restart" if first and new_group else "continue",
                        top=first and new_group,
                    ),
                    pen.cell(
                        [self.cell_text(localized(record, "indicator", self.lang))] if first else [],
                        WIDTHS[1],
                        "restart" if first else "continue",
                        top=first,
                    ),
                    pen.cell(paragraphs, WIDTHS[2], top=first),
                ]
                rows.append(pen.row(cells))
        return pen.table(list(WIDTHS), rows)

    def cell_text(self, text: str) -> str:
        return self.pen.paragraph(self.pen.run(text), before=40, after=80)

    def data_cells(self, record: dict, items: list[dict]) -> list[list[str]]:
        """The performance data of one indicator as rows: its figures, each narrative paragraph, its evidence."""
        pen = self.pen
        rows = [[self.pen.paragraph(pen.run(self.figures(record), bold=True), before=40, after=80)]]
        narrative = localized(record, "performance", self.lang)
        rows += [[self.cell_text(paragraph)] for paragraph in paragraphs_of(narrative)]
        if items:
            listed_items = [
                pen.paragraph(pen.run(f"•\u00a0{self.evidence_item(item)}"), after=40, indent=0, hanging=170)
                for item in items[:EVIDENCE_SHOWN]
            ]
            if len(items) > EVIDENCE_SHOWN:
                more = self.t("annex.evidence_more", n=len(items) - EVIDENCE_SHOWN)
                listed_items.append(pen.paragraph(pen.run(more, italic=True), after=40, hanging=170))
            label = pen.paragraph(pen.run(self.t("annex.evidence", n=len(items)), italic=True), before=40, after=40)
            rows.append([label, *listed_items])
        return rows

    def figures(self, record: dict) -> str:
        """'Result: 50+; target: 12; status: Achieved (reported on 31 May 2011)': the first line of the data."""
        lang, measure = self.lang, record["measure"]
        if measure == "milestone":
            rating = record.get("rating")
            value = self.t("annex.not_reported") if is_missing(rating) else self.t(f"status.{rating}")
        else:
            value = format_value(record["actual"], record.get("qualifier"), measure, lang)
            value = value or self.t("annex.not_reported")
            if record.get("actual_from_evidence"):
                value = f"{value} {self.t('brief.from_evidence')}"
        parts = [pair(self.t("brief.result"), value, lang)]
        target = "" if measure == "milestone" else format_value(record["target"], None, measure, lang)
        if target:
            parts.append(pair(self.t("brief.target"), target, lang))
        parts.append(pair(self.t("brief.status"), self.t(f"status.{record['status']}"), lang))
        text = listed(parts, lang)
        if not is_missing(record.get("reported_on")):
            text += self.t("annex.reported_on", date=format_date(record["reported_on"], lang))
        return text

    def evidence_item(self, item: dict) -> str:
        words = localized(item, "item", self.lang)
        detail = [str(item["place"]).strip()] if not is_missing(item.get("place")) else []
        if not is_missing(item.get("date")):
            detail.append(format_date(item["date"], self.lang))
        return self.t("annex.evidence_detail", item=words, detail=listed(detail, self.lang)) if detail else words

    def write(self) -> bytes:
        self.front_part()
        self.objectives()
        title = self.t("annex.title", programme=self.assessment.programme.title(self.lang))
        about = (title, self.assessment.programme.programme_id, self.t("brief.generated"))
        return docx_bytes("".join(self.parts), self.lang, self.pen.rtl, *about)


def annex_bytes(
    assessment: Assessment, matrix: Matrix, lang: str = "en", front: FrontPart | None = None, rtl: bool | None = None
) -> bytes:
    """The annex as a Word (.docx) file in the language; `rtl` forces the direction (default: the language's)."""
    rtl = is_rtl(lang) if rtl is None else rtl
    return _Annex(assessment, matrix, lang, front or FrontPart(), rtl).write()
