"""What the dashboard pages show, shaped from an assessment: cards, sections and tables in a language.

Tables here use stable column ids (indicator_id, status, progress, ...); the UI puts the headers in
the reader's language (catalogue keys `dash.col.<id>`) and picks the column format from the id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from jwp_data.i18n import status_label, t
from jwp_data.i18n.format import (
    format_date,
    format_percent,
    format_value,
    fraction_or_none,
    is_missing,
    localized,
)
from jwp_data.method.assessment import Assessment
from jwp_data.present.text import objective_label
from jwp_data.workbook.model import Matrix
from jwp_data.workbook.schema import MEASURES, STATUSES, in_every_language

SEARCHED = (
    "indicator_id",
    *in_every_language("indicator"),
    *in_every_language("accomplishment"),
    *in_every_language("unit"),
)


def shown_value(indicator, lang: str = "en") -> str:
    """The current value as read out: '50+', '45%', a rating word for milestones, '–' when none."""
    if indicator["measure"] == "milestone":
        rating = indicator.get("rating")
        return "–" if is_missing(rating) else status_label(rating, lang)
    return format_value(indicator["actual"], indicator.get("qualifier"), indicator["measure"], lang) or "–"


def shown_target(indicator, lang: str = "en") -> str:
    """The target as read out ('12', '50%'); '' for milestones and counts without a target."""
    if indicator["measure"] == "milestone":
        return ""
    return format_value(indicator["target"], None, indicator["measure"], lang)


@dataclass(frozen=True)
class Card:
    """One indicator as a card: its words, value, target, status and progress, in one language."""

    indicator_id: str
    objective_id: str
    measure: str
    text: str
    accomplishment: str
    unit: str
    value: str
    target: str
    baseline: str
    status: str
    status_label: str
    progress: float | None
    progress_text: str
    evidence_count: int
    from_evidence: bool
    reported_on: str
    performance: str


def card(indicator, lang: str = "en") -> Card:
    """An assessed indicator row as a card in the language."""
    progress = fraction_or_none(indicator["progress"])
    measure = indicator["measure"]
    return Card(
        indicator_id=indicator["indicator_id"],
        objective_id=indicator["objective_id"],
        measure=measure,
        text=localized(indicator, "indicator", lang),
        accomplishment=localized(indicator, "accomplishment", lang),
        unit=localized(indicator, "unit", lang),
        value=shown_value(indicator, lang),
        target=shown_target(indicator, lang),
        baseline="" if measure == "milestone" else format_value(indicator["baseline"], None, measure, lang),
        status=indicator["status"],
        status_label=status_label(indicator["status"], lang),
        progress=progress,
        progress_text=format_percent(progress, lang) if progress is not None else "–",
        evidence_count=int(indicator["evidence_count"]),
        from_evidence=bool(indicator["actual_from_evidence"]),
        reported_on=format_date(indicator["reported_on"], lang),
        performance=localized(indicator, "performance", lang),
    )


def headline_cards(result: Assessment, lang: str = "en") -> list[Card]:
    """The headline indicators, in workbook order."""
    rows = result.indicators[result.indicators["headline"]]
    return [card(r, lang) for r in rows.to_dict("records")]


def programme_totals(result: Assessment, lang: str = "en") -> list[tuple[str, str]]:
    """The programme's roll-up as (label, value) pairs for metric tiles."""
    totals = result.totals
    return [
        (t("dash.totals.indicators", lang), str(totals["indicators"])),
        (t("dash.totals.achieved", lang), str(totals["achieved"])),
        (t("dash.totals.with_data", lang), str(totals["with_data"])),
        (t("dash.totals.completion", lang), format_percent(totals["completion"], lang) or "–"),
        (t("dash.totals.elapsed", lang), format_percent(result.elapsed, lang, 0)),
    ]


def status_counts_text(counts: dict, lang: str = "en") -> str:
    """'✔ Achieved 3 · ⚠ Behind 1 · …' for the statuses that occur, in the spec's order."""
    return " · ".join(f"{status_label(s, lang)} {counts[s]}" for s in STATUSES if counts.get(s))


def status_legend(lang: str = "en") -> pd.DataFrame:
    """The seven statuses in display order: symbol and word, and what each means."""
    return pd.DataFrame(
        {
            "status": [status_label(s, lang) for s in STATUSES],
            "meaning": [t(f"dash.method.status.{s}", lang) for s in STATUSES],
        }
    )


def objective_choices(result: Assessment, lang: str = "en") -> dict[str, str]:
    """Objective id -> 'OO1 · title' in workbook order."""
    return {r["objective_id"]: objective_label(r, lang) for r in result.objectives.to_dict("records")}


@dataclass(frozen=True)
class ObjectiveSummary:
    objective_id: str
    label: str
    goal: str
    indicators: int
    achieved: str  # "2 of 3"
    completion: str
    with_data: str  # "3 of 3"
    statuses: str


def objective_summary(result: Assessment, objective_id: str, lang: str = "en") -> ObjectiveSummary:
    """One objective's words and roll-up in the language."""
    record = result.objectives.set_index("objective_id").loc[objective_id].to_dict()
    record["objective_id"] = objective_id
    return ObjectiveSummary(
        objective_id=objective_id,
        label=objective_label(record, lang),
        goal=localized(record, "goal", lang),
        indicators=int(record["indicators"]),
        achieved=t("dash.k_of_n", lang, k=int(record["achieved"]), n=int(record["indicators"])),
        completion=format_percent(record["completion"], lang) or "–",
        with_data=t("dash.k_of_n", lang, k=int(record["with_data"]), n=int(record["indicators"])),
        statuses=status_counts_text(record["status_counts"], lang),
    )


def objective_sections(result: Assessment, objective_id: str, lang: str = "en") -> list[tuple[str, list[dict]]]:
    """An objective's indicators grouped by expected accomplishment, in workbook order: (accomplishment, rows)."""
    rows = result.indicators[result.indicators["objective_id"] == objective_id].to_dict("records")
    sections: list[tuple[str, list[dict]]] = []
    for row in rows:
        text = localized(row, "accomplishment", lang)
        if sections and sections[-1][0] == text:
            sections[-1][1].append(row)
        else:
            sections.append((text, [row]))
    return sections


def paginate(sections: list[tuple[str, list]], per_page: int) -> list[list[tuple[str, list]]]:
    """Sections split into pages of at most `per_page` indicators; a section may continue on the next page."""
    pages: list[list[tuple[str, list]]] = [[]]
    room = per_page
    for heading, rows in sections:
        while rows:
            if room == 0:
                pages.append([])
                room = per_page
            pages[-1].append((heading, rows[:room]))
            rows, room = rows[room:], room - len(rows[:room])
    return pages


@dataclass(frozen=True)
class Panel:
    """One indicator on the objective page: its card, its assessed row, its evidence and its reports."""

    card: Card
    indicator: dict
    evidence: pd.DataFrame
    history: pd.DataFrame


def objective_panels(
    matrix: Matrix,
    result: Assessment,
    assessments: dict,
    objective_id: str,
    lang: str = "en",
    page: int = 1,
    per_page: int = 10,
) -> list[tuple[str, list[Panel]]]:
    """One page of an objective's indicators, grouped by expected accomplishment, ready to show."""
    pages = paginate(objective_sections(result, objective_id, lang), per_page)
    chosen = pages[min(max(page, 1), len(pages)) - 1]
    return [
        (
            heading,
            [
                Panel(
                    card(row, lang),
                    row,
                    evidence_rows(matrix, row["indicator_id"], result.as_of, lang),
                    history_rows(matrix, assessments, row["indicator_id"], lang),
                )
                for row in rows
            ],
        )
        for heading, rows in chosen
    ]


def evidence_rows(matrix: Matrix, indicator_id: str, as_of: date, lang: str = "en") -> pd.DataFrame:
    """The evidence counted for an indicator on as_of (date empty or not after it): item, date, place, link."""
    evidence = matrix.evidence
    mine = evidence[evidence["indicator_id"] == indicator_id]
    mine = mine[mine["date"].isna() | (mine["date"] <= pd.Timestamp(as_of))]
    return pd.DataFrame(
        {
            "item": [localized(r, "item", lang) for r in mine.to_dict("records")],
            "date": [format_date(d, lang) for d in mine["date"]],
            "place": ["" if is_missing(p) else str(p) for p in mine["place"]],
            "link": [None if is_missing(x) else str(x) for x in mine["link"]],
        },
        columns=["item", "date", "place", "link"],
    )


def indicator_rows(result: Assessment, lang: str = "en") -> pd.DataFrame:
    """The whole matrix as one table for reading: one row per indicator, values in the language."""
    records = result.indicators.to_dict("records")
    return pd.DataFrame(
        {
            "indicator_id": [r["indicator_id"] for r in records],
            "objective_id": [r["objective_id"] for r in records],
            "indicator": [localized(r, "indicator", lang) for r in records],
            "measure": [t(f"measure.{r['measure']}", lang) for r in records],
            "value": [shown_value(r, lang) for r in records],
            "target": [shown_target(r, lang) for r in records],
            "status": [status_label(r["status"], lang) for r in records],
            "progress": [None if is_missing(r["progress"]) else round(r["progress"] * 100, 1) for r in records],
            "evidence": [int(r["evidence_count"]) for r in records],
            "reported_on": [format_date(r["reported_on"], lang) for r in records],
        }
    )


def indicator_table(
    result: Assessment,
    lang: str = "en",
    objective: str | None = None,
    statuses=(),
    measures=(),
    text: str = "",
) -> pd.DataFrame:
    """The indicators that pass the filters (see indicator_mask) as a table for reading."""
    mask = indicator_mask(result, objective, statuses, measures, text)
    return indicator_rows(result, lang)[mask.to_numpy()].reset_index(drop=True)


def filtered_indicators(
    result: Assessment,
    objective: str | None = None,
    statuses=(),
    measures=(),
    text: str = "",
) -> pd.DataFrame:
    """The assessed indicators that pass the filters, with their numbers (for exports)."""
    return result.indicators[indicator_mask(result, objective, statuses, measures, text).to_numpy()]


def indicator_mask(
    result: Assessment,
    objective: str | None = None,
    statuses=(),
    measures=(),
    text: str = "",
) -> pd.Series:
    """Which indicators pass the filters: one objective, any of the statuses and measures, and the search text.

    The search is case-insensitive, on the id, indicator, accomplishment and unit in both languages.
    """
    table = result.indicators
    mask = pd.Series(True, index=table.index)
    if objective:
        mask &= table["objective_id"].eq(objective)
    if statuses:
        mask &= table["status"].isin(list(statuses))
    if measures:
        mask &= table["measure"].isin(list(measures))
    words = (text or "").strip().casefold()
    if words:
        found = pd.Series(False, index=table.index)
        for column in (c for c in SEARCHED if c in table.columns):
            found |= table[column].fillna("").astype(str).str.casefold().str.contains(words, regex=False)
        mask &= found
    return mask


def filter_options(lang: str = "en") -> tuple[dict[str, str], dict[str, str]]:
    """Status and measure filter choices: code -> words, in display order."""
    return (
        {s: status_label(s, lang) for s in STATUSES},
        {m: t(f"measure.{m}", lang) for m in MEASURES},
    )


def history_rows(matrix: Matrix, assessments: dict, indicator_id: str, lang: str = "en") -> pd.DataFrame:
    """An indicator's reports, oldest first: date, value or rating, progress and status on that date, source."""
    results = matrix.results
    mine = results[results["indicator_id"] == indicator_id].sort_values("reported_on", kind="stable")
    rows = []
    for report in mine.to_dict("records"):
        on = report["reported_on"].date()
        assessed = assessments.get(on)
        state = None
        if assessed is not None:
            found = assessed.indicators[assessed.indicators["indicator_id"] == indicator_id]
            state = found.iloc[0].to_dict() if len(found) else None
        rows.append(
            {
                "reported_on": format_date(on, lang),
                "value": shown_value(state, lang) if state else "–",
                "progress": format_percent(state["progress"], lang) if state else "",
                "status": status_label(state["status"], lang) if state else "",
                "source": "" if is_missing(report["source"]) else str(report["source"]),
            }
        )
    return pd.DataFrame(rows, columns=["reported_on", "value", "progress", "status", "source"])


def _change(before: str, after: str) -> str:
    return after if before == after else f"{before} → {after}"


def change_rows(changes: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Changes between two dates as 'old → new' in the language: value (or rating), progress, status."""
    rows = []
    for r in changes.to_dict("records"):
        old = {k: r[f"{k}_before"] for k in ("actual", "qualifier", "rating", "progress", "status")}
        new = {k: r[f"{k}_after"] for k in ("actual", "qualifier", "rating", "progress", "status")}
        for state in (old, new):
            state["measure"] = r["measure"]
        rows.append(
            {
                "indicator_id": r["indicator_id"],
                "objective_id": r["objective_id"],
                "indicator": localized(r, "indicator", lang),
                "value": _change(shown_value(old, lang), shown_value(new, lang)),
                "progress": _change(
                    format_percent(old["progress"], lang) or "–", format_percent(new["progress"], lang) or "–"
                ),
                "status": _change(status_label(old["status"], lang), status_label(new["status"], lang)),
            }
        )
    return pd.DataFrame(rows, columns=["indicator_id", "objective_id", "indicator", "value", "progress", "status"])
