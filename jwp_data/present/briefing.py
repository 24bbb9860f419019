"""The briefing: the one sequence of slides shared by the Briefing page, the deck and the HTML report.

Everything here is plain data in the chosen language (words and figures exactly as the dashboard
shows them, through jwp_data.present.tables), so each renderer only lays it out. "Slide 4" is the same
slide on the projector, in the PowerPoint deck and in the report.

Slides are cut to fit the smallest screen the page supports (1024x768 or 1280x720 at an 18 px
body): the text of each row is measured in ems (a Chinese character counts as 1 em, other
characters about half), and an objective whose rows do not fit continues on the next slide,
"OO5 (2/2)". A big objective gets at most two slides: its headline indicators, then its weakest;
every indicator is in the report's appendix.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from jwp_data.i18n import LANGUAGE_NAMES, t
from jwp_data.i18n.format import format_date, format_number, format_percent, fraction_or_none, is_missing, pick
from jwp_data.method.assessment import Assessment
from jwp_data.present.tables import card
from jwp_data.present.text import objective_label
from jwp_data.workbook.schema import STATUSES

TITLE, HEADLINE, OBJECTIVE, SUMMARY, METHOD = "title", "headline", "objective", "summary", "method"
APPENDIX = "appendix"
INDICATORS_PER_SLIDE = 8  # at most, even when short rows would fit more
HEADLINES_PER_SLIDE = 6
SLIDES_PER_OBJECTIVE = 2  # a bigger objective shows its headline and weakest indicators

# The slide canvases (width, height) in ems of the body type, as the Briefing page lays a slide out at
# 1024x768 (the narrowest screen) and 1280x720 (the shortest); 1920x1080 has more room in ems than
# both. A slide's rows must fit both; the page's CSS (jwp_data.export.report.PRESENT_CSS) uses these measures.
CANVASES = ((52.0, 33.0), (66.0, 30.5))
CANVAS_WIDTH, CANVAS_HEIGHT = CANVASES[0][0], CANVASES[1][1]  # the narrowest and the shortest
LINE = 1.35  # line height
ROW_PADDING = 0.8  # a table row's padding and border
TITLE_SIZE = 1.6  # h2, in body ems
FIGURES_HEIGHT = 4.6  # the row of figure cards
TABLE_HEAD = 2.2
# Columns of an objective's table other than the indicator's wording (with their padding)
OBJECTIVE_COLUMNS = {"result": 6.0, "target": 6.0, "progress": 5.5, "status": 9.5}
HEADLINE_COLUMNS = {"result": 7.5, "target": 7.0, "status": 9.5}
SUMMARY_NUMBERS = 26.0  # the summary's number columns and its status bar, beside the objective's name
PROGRESS_CELL = 1.9  # a percentage with its bar under it
STATUS_CELL = 1.6  # a status in its tinted chip
LATIN_EM = 0.54  # a generous average width of a Latin letter, digit or space (measured: 0.52)


@dataclass(frozen=True)
class Figure:
    """One headline number: its label, the number as shown, and a short note."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator as the briefing shows it."""

    indicator_id: str
    text: str
    result: str
    target: str
    progress: float | None  # 0…1, None when the indicator has no progress value
    status: str
    status_label: str
    performance: str = ""  # the performance narrative (speaker notes)


@dataclass(frozen=True)
class ObjectiveRow:
    """One row of the status summary: an objective (or the whole programme) and its roll-up."""

    objective_id: str | None
    title: str
    indicators: int
    achieved: int
    completion: float | None
    status_counts: dict[str, int]


@dataclass(frozen=True)
class Slide:
    """One slide: a kind, a title, and the parts that kind uses."""

    kind: str
    title: str
    subtitle: str = ""
    figures: tuple[Figure, ...] = ()
    indicators: tuple[IndicatorLine, ...] = ()
    rows: tuple[ObjectiveRow, ...] = ()
    paragraphs: tuple[str, ...] = ()
    objective_id: str | None = None
    notes: tuple[str, ...] = ()  # what the presenter says: each indicator's performance narrative
    part: tuple[int, int] = (1, 1)  # this slide's place among an objective's slides


@dataclass(frozen=True)
class Briefing:
    """The whole briefing in one language."""

    lang: str
    programme_id: str
    title: str
    as_of: date
    elapsed: float
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    appendix: tuple[Slide, ...] = ()  # every indicator of every objective (the report's appendix)

    def presentation(self) -> tuple[Slide, ...]:
        """The slides of presentation mode: the same sequence as the deck and the report."""
        return self.slides


def text(value) -> str:
    """A cell's text, or '' for a missing value."""
    return "" if is_missing(value) else str(value).strip()


def localised(record: dict, stem: str, lang: str) -> str:
    """The `<stem>_zh` text in Chinese when there is one, else `<stem>_en` (plain, no fallback mark)."""
    return pick(record, stem, lang)[0]


def percent(fraction: float | None, lang: str = "en") -> str:
    """A fraction as the dashboard shows it ('62.5%'), or '–' when there is none."""
    return format_percent(fraction, lang) or "–"


def long_date(day: date, lang: str) -> str:
    """A date as a reader writes it: '31 May 2011' or '2011年5月31日'."""
    return format_date(day, lang)


def indicator_lines(indicators: pd.DataFrame, lang: str) -> tuple[IndicatorLine, ...]:
    """The indicators of a table as briefing lines (the dashboard's words and figures), in table order."""
    lines = []
    for record in indicators.to_dict("records"):
        shown = card(record, lang)
        result = shown.value
        if shown.from_evidence:
            result = f"{result} {t('brief.from_evidence', lang)}"
        target = "–" if shown.measure == "milestone" else shown.target or t("brief.no_target", lang)
        lines.append(
            IndicatorLine(
                indicator_id=text(shown.indicator_id),
                text=shown.text,
                result=result,
                target=target,
                progress=shown.progress,
                status=shown.status,
                status_label=shown.status_label,
                performance=shown.performance,
            )
        )
    return tuple(lines)


def _rollup_row(objective_id, title, rollup: dict) -> ObjectiveRow:
    return ObjectiveRow(
        objective_id=objective_id,
        title=title,
        indicators=int(rollup["indicators"]),
        achieved=int(rollup["achieved"]),
        completion=fraction_or_none(rollup["completion"]),
        status_counts={s: int(rollup["status_counts"].get(s, 0)) for s in STATUSES},
    )


def _rollup_figures(rollup: dict, lang: str) -> tuple[Figure, ...]:
    return (
        Figure(t("brief.indicators", lang), format_number(rollup["indicators"])),
        Figure(
            t("brief.achieved", lang),
            format_number(rollup["achieved"]),
            t("brief.achieved_of", lang, n=rollup["achieved"], total=rollup["indicators"]),
        ),
        Figure(
            t("brief.completion", lang),
            percent(rollup["completion"], lang),
            t("brief.completion_note", lang, n=rollup["with_data"]),
        ),
    )


def objective_title(record: dict, lang: str) -> str:
    """'OO1 · Advocacy, awareness raising and education', as the dashboard labels it."""
    return objective_label(record, lang)


def is_wide(ch: str) -> bool:
    """A Chinese (wide or full-width) character."""
    return unicodedata.east_asian_width(ch) in "WF"


def text_lines(value: str, width_em: float, latin: float = LATIN_EM) -> int:
    """How many lines a text takes in a column `width_em` wide, wrapping between words (and between Chinese characters).

    A Chinese character is 1 em wide, any other `latin` ems.
    """
    lines, used, word = 1, 0.0, 0.0
    width_em = max(width_em, 1.0)
    for ch in f"{value} ":
        wide = is_wide(ch)
        if ch in " \n" or wide:
            width = word + (1.0 if wide else 0.0)
            if ch == "\n" or (used and used + width > width_em):
                lines += 1
                used = 0.0
            while width > width_em:  # a word longer than the line breaks anywhere
                lines += 1
                width -= width_em
            used += width + (latin if ch == " " else 0.0)
            word = 0.0
        else:
            word += latin
    return lines


def _text_height(value: str, width_em: float, size: float = 1.0) -> float:
    return text_lines(value, width_em / size) * LINE * size if value else 0.0


def _row_height(line: IndicatorLine, columns: dict[str, float], width: float = CANVAS_WIDTH) -> float:
    """The height of an indicator's table row, in ems, in a table `width` ems wide."""
    wording = width - sum(columns.values()) - 1.0
    cells = [text_lines(f"{line.indicator_id} · {line.text}", wording)]
    cells += [text_lines(line.result, columns["result"] - 1.0), text_lines(line.target, columns["target"] - 1.0)]
    return max(max(cells) * LINE, PROGRESS_CELL if "progress" in columns else STATUS_CELL) + ROW_PADDING


def _heading_height(title: str, subtitle: str, width: float = CANVAS_WIDTH) -> float:
    return _text_height(title, width, TITLE_SIZE) + 0.4 + _text_height(subtitle, width) + 0.6


def _fill(heights: list[tuple[float, ...]], room: tuple[float, ...], most: int) -> int:
    """How many of the leading rows fit in `room` ems on every canvas (at least one, so nothing is lost)."""
    taken, used = 0, [0.0] * len(room)
    for height in heights:
        over = any(u + h > r for u, h, r in zip(used, height, room))
        if taken and (over or taken == most):
            break
        taken += 1
        used = [u + h for u, h in zip(used, height)]
    return taken


def split_rows(
    heights: list[tuple[float, ...]], room: tuple[float, ...], most: int = INDICATORS_PER_SLIDE
) -> list[range]:
    """Row positions cut into slides, each filling at most `room` ems of table rows on each canvas."""
    parts, start = [], 0
    while start < len(heights):
        taken = _fill(heights[start:], room, most)
        parts.append(range(start, start + taken))
        start += taken
    return parts or [range(0)]


WEAKEST_FIRST = {"behind": 0, "not_started": 1, "no_data": 2, "in_progress": 3, "on_track": 4, "tracked": 5}


def weakest_first(lines) -> list:
    """Indicator lines with the headline ones first, then the weakest (by status, then progress)."""

    def rank(item):
        number, line, headline = item
        progress = line.progress if line.progress is not None else 0.0
        return (0 if headline else 1, WEAKEST_FIRST.get(line.status, 6), progress, number)

    return [line for _, line, _ in sorted(lines, key=rank)]


def objective_room(heading: str, goal: str, note: str = "", canvas=CANVASES[0]) -> float:
    """Ems left for the table rows on an objective slide under its heading, figures and table head."""
    width, height = canvas
    used = _heading_height(heading, goal, width) + FIGURES_HEIGHT + TABLE_HEAD
    if note:
        used += _text_height(note, width) + 0.5
    return height - used


def _other(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def _heights(lines, others, columns) -> list[tuple[float, ...]]:
    """Each row's height on each canvas in the taller of the two languages, so both cut their slides alike."""
    return [
        tuple(max(_row_height(a, columns, width), _row_height(b, columns, width)) for width, _ in CANVASES)
        for a, b in zip(lines, others)
    ]


def build_briefing(
    assessment: Assessment, lang: str = "en", source_label: str = "", per_slide: int = INDICATORS_PER_SLIDE
) -> Briefing:
    """The briefing of an assessment in one language: title, headline, each objective, summary, method.

    An objective whose rows do not fit continues on the next slide, '(2/2)'; one that would need more
    than two slides shows its headline and weakest indicators, and the report's appendix has them all.
    Slides are cut by the longer of the English and Chinese texts, so both decks number their slides alike.
    """
    other = _other(lang)
    programme = assessment.programme
    totals = assessment.totals
    title = programme.title(lang)
    as_of = long_date(assessment.as_of, lang)
    figures = (
        *_rollup_figures(totals, lang),
        Figure(t("brief.elapsed", lang), format_percent(assessment.elapsed, lang, 0), t("brief.elapsed_note", lang)),
    )
    subtitle = t("brief.as_of", lang, date=as_of)
    source = text(programme.source)
    title_lines = (
        programme.programme_id,
        t("brief.period", lang, start=long_date(programme.start, lang), end=long_date(programme.end, lang)),
        t("brief.language", lang, name=LANGUAGE_NAMES.get(lang, lang)),
    )
    slides = [Slide(TITLE, title, subtitle, paragraphs=title_lines + ((source_label,) if source_label else ()))]
    indicators = assessment.indicators
    is_headline = indicators["headline"].astype(bool)
    headline = indicator_lines(indicators[is_headline], lang)
    headline_other = indicator_lines(indicators[is_headline], other)
    headline_subtitle = f"{title} · {subtitle}"
    room = tuple(
        height
        - FIGURES_HEIGHT
        - 2.6  # "Headline indicators"
        - TABLE_HEAD
        - 2.0  # "… and N more"
        - max(
            _heading_height(t("brief.headline", code), f"{assessment.programme.title(code)} · {subtitle}", width)
            for code in (lang, other)
        )
        for width, height in CANVASES
    )
    count = _fill(_heights(headline, headline_other, HEADLINE_COLUMNS), room, HEADLINES_PER_SLIDE)
    shown = headline[:count]
    more = len(headline) - count
    slides.append(
        Slide(
            HEADLINE,
            t("brief.headline", lang),
            headline_subtitle,
            figures,
            tuple(shown),
            paragraphs=(t("brief.more_headlines", lang, n=more),) if more > 0 else (),
            notes=_notes(shown),
        )
    )

    rows, appendix = [], []
    headline_ids = set(indicators.loc[is_headline, "indicator_id"].astype(str))
    for record in assessment.objectives.to_dict("records"):
        mine = indicators[indicators["objective_id"] == record["objective_id"]]
        own, own_other = indicator_lines(mine, lang), indicator_lines(mine, other)
        name = objective_title(record, lang)
        goal = localised(record, "goal", lang)
        headings = [(objective_title(record, code), localised(record, "goal", code), code) for code in (lang, other)]
        parts = _objective_parts(own, own_other, headings, headline_ids, lang, per_slide)
        for number, (part, note) in enumerate(parts, start=1):
            heading = f"{name} ({number}/{len(parts)})" if len(parts) > 1 else name
            slides.append(
                Slide(
                    OBJECTIVE,
                    heading,
                    goal,
                    _rollup_figures(record, lang),
                    part,
                    paragraphs=(note,) if note else (),
                    objective_id=text(record["objective_id"]),
                    notes=_notes(part),
                    part=(number, len(parts)),
                )
            )
        appendix.append(Slide(APPENDIX, name, goal, indicators=own, objective_id=text(record["objective_id"])))
        rows.append(_rollup_row(text(record["objective_id"]), localised(record, "title", lang), record))
    rows.append(_rollup_row(None, t("brief.total", lang), totals))
    slides.extend(_summary_slides(rows, assessment, subtitle, figures, lang))

    elapsed = format_percent(assessment.elapsed, lang, 0)
    method = [
        t("brief.method_progress", lang),
        t("brief.method_status", lang, elapsed=elapsed, date=as_of),
        t("brief.method_milestone", lang),
        t("brief.method_tracked", lang),
        t("brief.method_evidence", lang),
        t("brief.method_average", lang),
        t("brief.method_symbols", lang),
    ]
    if source:
        method.append(t("brief.source", lang, source=source))
    slides.append(Slide(METHOD, t("brief.method", lang), subtitle, paragraphs=tuple(method)))
    return Briefing(
        lang, programme.programme_id, title, assessment.as_of, assessment.elapsed, tuple(slides), tuple(appendix)
    )


def _summary_slides(rows: list[ObjectiveRow], assessment: Assessment, subtitle: str, figures, lang: str) -> list[Slide]:
    """The status summary, continued on further slides when the objectives' rows do not fit."""
    other = _other(lang)
    names = {
        code: [localised(r, "title", code) for r in assessment.objectives.to_dict("records")] for code in (lang, other)
    }
    names = {code: [*values, t("brief.total", code)] for code, values in names.items()}
    heights = [
        tuple(
            max(
                max(
                    text_lines(f"{row.objective_id or ''} · {names[code][i]}", width - SUMMARY_NUMBERS - 1.0)
                    for code in (lang, other)
                )
                * LINE,
                PROGRESS_CELL,
            )
            + ROW_PADDING
            for width, _ in CANVASES
        )
        for i, row in enumerate(rows)
    ]
    room = tuple(
        height
        - TABLE_HEAD
        - 2.2  # the colour legend under the table
        - max(_heading_height(f"{t('brief.summary', code)} (1/2)", subtitle, width) for code in (lang, other))
        for width, height in CANVASES
    )
    parts = split_rows(heights, room, most=len(rows))
    title = t("brief.summary", lang)
    return [
        Slide(
            SUMMARY,
            f"{title} ({n}/{len(parts)})" if len(parts) > 1 else title,
            subtitle,
            figures,
            rows=tuple(rows[i] for i in part),
            part=(n, len(parts)),
        )
        for n, part in enumerate(parts, start=1)
    ]


def _notes(lines) -> tuple[str, ...]:
    return tuple(f"{line.indicator_id}: {line.performance}" for line in lines if line.performance)


def _objective_parts(own, own_other, headings, headline_ids: set, lang: str, per_slide: int) -> list[tuple]:
    """An objective's indicators as (lines, note) per slide: all of them if two slides hold them, else a selection."""
    heights = _heights(own, own_other, OBJECTIVE_COLUMNS)
    room = tuple(
        min(objective_room(f"{name} (1/2)", goal, canvas=canvas) for name, goal, _ in headings) for canvas in CANVASES
    )
    parts = split_rows(heights, room, per_slide)
    if len(parts) <= SLIDES_PER_OBJECTIVE:
        return [(tuple(own[i] for i in part), "") for part in parts]
    room = tuple(
        min(
            objective_room(f"{name} (1/2)", goal, t("briefing.selection", code, n=0, total=len(own)), canvas)
            for name, goal, code in headings
        )
        for canvas in CANVASES
    )
    ranked = weakest_first((n, line, line.indicator_id in headline_ids) for n, line in enumerate(own))
    order = [own.index(line) for line in ranked]
    chosen = split_rows([heights[i] for i in order], room, per_slide)[:SLIDES_PER_OBJECTIVE]
    note = t("briefing.selection", lang, n=sum(len(part) for part in chosen), total=len(own))
    return [(tuple(own[order[i]] for i in part), note) for part in chosen]
