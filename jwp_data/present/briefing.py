"""The briefing: the one sequence of slides shared by the Briefing page, the deck and the HTML report.

Everything here is plain data in the chosen language (words and figures exactly as the dashboard
shows them, through jwp_data.present.tables), so each renderer only lays it out. "Slide 4" is the same
slide on the projector, in the PowerPoint deck and in the report.

Slides are cut to fit the smallest screen the page supports (jwp_data.present.layout measures the
text), by the longest of the six languages: slide N is the same slide in every language. An objective whose
rows do not fit continues on the next slide, "OO5 (2/2)". A big objective
gets at most two slides: its headline indicators, then its weakest; every indicator is in the
report's appendix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from jwp_data.i18n import LANGUAGE_NAMES, LANGUAGES, t
from jwp_data.i18n.format import format_date, format_number, format_percent, fraction_or_none, is_missing, localized
from jwp_data.method.assessment import Assessment
from jwp_data.present.layout import (
    CANVASES,
    FIGURES_HEIGHT,
    HEADLINE_COLUMNS,
    INDICATORS_PER_SLIDE,
    LINE,
    OBJECTIVE_COLUMNS,
    PROGRESS_CELL,
    ROW_PADDING,
    SUMMARY_NUMBERS,
    TABLE_HEAD,
    fill,
    head_height,
    heading_height,
    objective_room,
    row_heights,
    split_rows,
    text_lines,
)
from jwp_data.present.tables import card
from jwp_data.present.text import is_wide, objective_label
from jwp_data.workbook.schema import STATUSES

TITLE, HEADLINE, OBJECTIVE, SUMMARY, METHOD = "title", "headline", "objective", "summary", "method"
APPENDIX = "appendix"
HEADLINES_PER_SLIDE = 6
SLIDES_PER_OBJECTIVE = 3  # a bigger objective shows its headline and weakest indicators


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


def source_shown(source: str, lang: str) -> str:
    """The programme's source (one text, whatever its language) for a reader: in Chinese, a source without a
    Chinese character is English standing in and carries the marker the Method page promises, '… [英文]'."""
    if lang == "en" or any(is_wide(ch) and ch.isalpha() for ch in source):
        return source
    return f"{source} {t('dash.fallback_mark', lang)}"


def percent(fraction: float | None, lang: str = "en") -> str:
    """A fraction as the dashboard shows it ('62.5%'), or '–' when there is none."""
    return format_percent(fraction, lang) or "–"


def long_date(day: date, lang: str) -> str:
    """A date as a reader writes it: '31 May 2011' or '2011年5月31日'."""
    return format_date(day, lang)


def indicator_lines(indicators: pd.DataFrame, lang: str) -> tuple[IndicatorLine, ...]:
    """The indicators of a table as briefing lines (the dashboard's words and figures), in table order."""
    return _lines(indicators.to_dict("records"), lang)


def _in_every_language(indicators: pd.DataFrame) -> dict[str, tuple[IndicatorLine, ...]]:
    records = indicators.to_dict("records")
    return {code: _lines(records, code) for code in LANGUAGES}


def _lines(records: list[dict], lang: str) -> tuple[IndicatorLine, ...]:
    lines = []
    for record in records:
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
        Figure(t("brief.indicators", lang), format_number(rollup["indicators"], lang)),
        Figure(
            t("brief.achieved", lang),
            format_number(rollup["achieved"], lang),
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


WEAKEST_FIRST = {"behind": 0, "not_started": 1, "no_data": 2, "in_progress": 3, "on_track": 4, "tracked": 5}


def weakest_first(lines) -> list:
    """Indicator lines with the headline ones first, then the weakest (by status, then progress)."""

    def rank(item):
        number, line, headline = item
        progress = line.progress if line.progress is not None else 0.0
        return (0 if headline else 1, WEAKEST_FIRST.get(line.status, 6), progress, number)

    return [line for _, line, _ in sorted(lines, key=rank)]


def build_briefing(
    assessment: Assessment, lang: str = "en", source_label: str = "", per_slide: int = INDICATORS_PER_SLIDE
) -> Briefing:
    """The briefing of an assessment in one language: title, headline, each objective, summary, method.

    An objective whose rows do not fit continues on the next slide, '(2/2)'; one that would need more
    than two slides shows its headline and weakest indicators, and the report's appendix has them all.
    Slides are cut by the longest of the six languages' texts, so every language numbers its slides alike.
    """
    programme = assessment.programme
    totals = assessment.totals
    title = programme.title(lang)
    as_of = long_date(assessment.as_of, lang)
    figures = (
        *_rollup_figures(totals, lang),
        Figure(t("brief.elapsed", lang), format_percent(assessment.elapsed, lang, 0), t("brief.elapsed_note", lang)),
    )
    subtitles = {code: t("brief.as_of", code, date=long_date(assessment.as_of, code)) for code in LANGUAGES}
    subtitle = subtitles[lang]
    source = text(programme.source)
    title_lines = (
        programme.programme_id,
        t("brief.period", lang, start=long_date(programme.start, lang), end=long_date(programme.end, lang)),
        t("brief.language", lang, name=LANGUAGE_NAMES.get(lang, lang)),
    )
    slides = [Slide(TITLE, title, subtitle, paragraphs=title_lines + ((source_label,) if source_label else ()))]
    indicators = assessment.indicators
    is_headline = indicators["headline"].astype(bool)
    headlines = _in_every_language(indicators[is_headline])
    headline = headlines[lang]
    headline_subtitle = f"{title} · {subtitle}"
    room = tuple(
        height
        - FIGURES_HEIGHT
        - 2.6  # "Headline indicators"
        - head_height(HEADLINE_COLUMNS)
        - 2.0  # "… and N more"
        - max(
            heading_height(t("brief.headline", code), f"{programme.title(code)} · {subtitles[code]}", width)
            for code in LANGUAGES
        )
        for width, height in CANVASES
    )
    count = fill(row_heights(headlines.values(), HEADLINE_COLUMNS), room, HEADLINES_PER_SLIDE)
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
        every = _in_every_language(mine)
        own = every[lang]
        name = objective_title(record, lang)
        goal = localized(record, "goal", lang)
        headings = [(objective_title(record, code), localized(record, "goal", code), code) for code in LANGUAGES]
        parts = _objective_parts(own, every.values(), headings, headline_ids, lang, per_slide)
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
        rows.append(_rollup_row(text(record["objective_id"]), localized(record, "title", lang), record))
    rows.append(_rollup_row(None, t("brief.total", lang), totals))
    slides.extend(_summary_slides(rows, assessment, subtitles, figures, lang))

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
        method.append(t("brief.source", lang, source=source_shown(source, lang)))
    slides.append(Slide(METHOD, t("brief.method", lang), subtitle, paragraphs=tuple(method)))
    return Briefing(
        lang, programme.programme_id, title, assessment.as_of, assessment.elapsed, tuple(slides), tuple(appendix)
    )


def _summary_slides(
    rows: list[ObjectiveRow], assessment: Assessment, subtitles: dict, figures, lang: str
) -> list[Slide]:
    """The status summary, continued on further slides when the objectives' rows do not fit."""
    records = assessment.objectives.to_dict("records")
    names = {code: [localized(r, "title", code) for r in records] for code in LANGUAGES}
    names = {code: [*values, t("brief.total", code)] for code, values in names.items()}
    heights = [
        tuple(
            max(
                max(
                    text_lines(f"{row.objective_id or ''} · {names[code][i]}", width - SUMMARY_NUMBERS - 1.0)
                    for code in LANGUAGES
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
        - max(heading_height(f"{t('brief.summary', code)} (1/2)", subtitles[code], width) for code in LANGUAGES)
        for width, height in CANVASES
    )
    parts = split_rows(heights, room, most=len(rows))
    title = t("brief.summary", lang)
    return [
        Slide(
            SUMMARY,
            f"{title} ({n}/{len(parts)})" if len(parts) > 1 else title,
            subtitles[lang],
            figures,
            rows=tuple(rows[i] for i in part),
            part=(n, len(parts)),
        )
        for n, part in enumerate(parts, start=1)
    ]


def _notes(lines) -> tuple[str, ...]:
    return tuple(f"{line.indicator_id}: {line.performance}" for line in lines if line.performance)


def _objective_parts(own, every, headings, headline_ids: set, lang: str, per_slide: int) -> list[tuple]:
    """An objective's indicators as (lines, note) per slide: all of them if two slides hold them, else a selection
    (`every`: the same lines in each language, which the cut follows)."""
    heights = row_heights(every, OBJECTIVE_COLUMNS)
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
