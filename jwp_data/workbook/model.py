"""The performance matrix as the dashboard uses it: a programme and four tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from jwp_data.i18n.format import is_missing, localized
from jwp_data.workbook.issues import Issue
from jwp_data.workbook.schema import in_every_language


@dataclass(frozen=True)
class Programme:
    """The programme: id, titles, period and the date the workbook reports on."""

    programme_id: str
    title_en: str
    title_zh: str | None
    start: date
    end: date
    as_of: date
    source: str | None = None
    # What the IATI export needs (all optional in the workbook; see schema.IATI_FIELDS)
    iati_identifier: str | None = None
    reporting_org_ref: str | None = None
    reporting_org_type: str | None = None
    reporting_org_name: str | None = None
    baseline_year: int | None = None
    # The title in the other official languages (schema.in_every_language("title")); None where not given.
    title_ar: str | None = None
    title_fr: str | None = None
    title_ru: str | None = None
    title_es: str | None = None

    def elapsed(self, on: date | None = None) -> float:
        """Share of the programme period elapsed on a date (default: as_of), clamped to 0…1."""
        on = on or self.as_of
        share = (on - self.start).days / (self.end - self.start).days
        return min(1.0, max(0.0, share))

    def title(self, lang: str = "en", marked: bool = True) -> str:
        """The title in the language; the English one stands in, marked as English (unless not `marked`)."""
        return localized(vars(self), "title", lang, marked)

    def titles(self) -> dict[str, str]:
        """language -> title, for every language the programme has a title in (English first)."""
        texts = {name.rpartition("_")[2]: getattr(self, name) for name in in_every_language("title")}
        return {lang: text for lang, text in texts.items() if not is_missing(text)}


@dataclass(frozen=True)
class Matrix:
    """A loaded, valid workbook.

    Tables (pandas DataFrames, in workbook order, each with the Excel `row` it came from):
    objectives, indicators (measure, baseline, target as numbers, headline as bool),
    results (reported_on as datetime64, actual as float, rating as not_started/in_progress/achieved)
    and evidence (date as datetime64).
    """

    programme: Programme
    objectives: pd.DataFrame
    indicators: pd.DataFrame
    results: pd.DataFrame
    evidence: pd.DataFrame
    warnings: tuple[Issue, ...] = ()
    sha256: str = ""

    def reporting_dates(self) -> list[date]:
        """The distinct reporting dates in Results, oldest first."""
        dates = self.results["reported_on"].dropna().drop_duplicates().sort_values()
        return [d.date() for d in dates]


def current_results(results: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Each indicator's Results row with the latest reported_on up to as_of."""
    known = results[results["reported_on"] <= pd.Timestamp(as_of)]
    return known.sort_values("reported_on", kind="stable").drop_duplicates("indicator_id", keep="last")


def evidence_counts(evidence: pd.DataFrame, as_of: date) -> dict[str, int]:
    """Evidence items per indicator whose date is empty or not after as_of."""
    counted = evidence[evidence["date"].isna() | (evidence["date"] <= pd.Timestamp(as_of))]
    return counted.groupby("indicator_id").size().to_dict()
