"""The briefing: the sequence of slides shared by the deck, the HTML report and the Briefing page.

Everything here is plain data in the chosen language (words and figures exactly as the dashboard
shows them, through jwp_data.dashboard), so each renderer only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from jwp_data.charts import objective_label
from jwp_data.dashboard import card
from jwp_data.i18n import LANGUAGE_NAMES, t
from jwp_data.i18n.format import format_date, format_number, format_percent, fraction_or_none, is_missing, pick
from jwp_data.method import Assessment
from jwp_data.schema import STATUSES

TITLE, HEADLINE, OBJECTIVE, SUMMARY, METHOD = "title", "headline", "objective", "summary", "method"
PRESENTATION_KINDS = (HEADLINE, OBJECTIVE, SUMMARY)
INDICATORS_PER_SLIDE = 8  # what a chart and a table can show legibly on one slide
HEADLINES_PER_SLIDE = 6


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


@dataclass(frozen=True)
class Briefing:
    """The whole briefing in one language."""

    lang: str
    programme_id: str
    title: str
    as_of: date
    elapsed: float
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def presentation(self) -> tuple[Slide, ...]:
        """The slides of presentation mode: headline figures, each objective, the summary."""
        return tuple(s for s in self.slides if s.kind in PRESENTATION_KINDS)


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


def build_briefing(
    assessment: Assessment, lang: str = "en", source_label: str = "", per_slide: int = INDICATORS_PER_SLIDE
) -> Briefing:
    """The briefing of an assessment in one language: title, headline, one slide per objective, summary, method.

    An objective with more than `per_slide` indicators continues on further slides, '(2/3)'.
    """
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
    headline = indicators[indicators["headline"].astype(bool)]
    more = len(headline) - HEADLINES_PER_SLIDE
    slides.append(
        Slide(
            HEADLINE,
            t("brief.headline", lang),
            f"{title} · {subtitle}",
            figures,
            indicator_lines(headline.head(HEADLINES_PER_SLIDE), lang),
            paragraphs=(t("brief.more_headlines", lang, n=more),) if more > 0 else (),
        )
    )

    rows = []
    for record in assessment.objectives.to_dict("records"):
        own = indicator_lines(indicators[indicators["objective_id"] == record["objective_id"]], lang)
        parts = [own[i : i + per_slide] for i in range(0, len(own), per_slide)] or [()]
        for part_number, part in enumerate(parts, start=1):
            heading = objective_title(record, lang)
            if len(parts) > 1:
                heading = f"{heading} ({part_number}/{len(parts)})"
            slides.append(
                Slide(
                    OBJECTIVE,
                    heading,
                    localised(record, "goal", lang),
                    _rollup_figures(record, lang),
                    part,
                    objective_id=text(record["objective_id"]),
                )
            )
        rows.append(_rollup_row(text(record["objective_id"]), localised(record, "title", lang), record))
    rows.append(_rollup_row(None, t("brief.total", lang), totals))
    slides.append(Slide(SUMMARY, t("brief.summary", lang), subtitle, figures, rows=tuple(rows)))

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
    return Briefing(lang, programme.programme_id, title, assessment.as_of, assessment.elapsed, tuple(slides))
