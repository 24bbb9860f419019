"""Figures in tables: the typed value behind a cell together with the text a page shows for it.

A page shows '66.7%', '50+' or '31 May 2011'; a file people take away needs 0.667, 50 and a date.
Builders of tables keep both, so exports are made from the values and never read the text back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from jwp_data.i18n.format import format_date, format_percent, format_value, fraction_or_none, is_missing


@dataclass(frozen=True)
class Shown:
    """A figure as a page shows it (`text`) and the value behind it: a float (a fraction 0…1 for a percent)
    or a date; None where the page shows a word for no data. `decimals` is the most the text shows (of the
    percentage for a percent); `before` and `after` are the qualifier's words ('约', '+')."""

    value: float | date | None
    text: str
    percent: bool = False
    decimals: int = 1
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        return self.text


def percent_cell(fraction, lang: str = "en", decimals: int = 1, missing: str = "") -> Shown:
    """A fraction shown as a percentage ('62.5%'), or `missing` when there is none."""
    value = fraction_or_none(fraction)
    text = format_percent(value, lang, decimals) if value is not None else ""
    return Shown(value, text or missing, percent=True, decimals=decimals)


def value_cell(value, qualifier, measure: str, lang: str = "en") -> Shown:
    """A reported value with its qualifier, as format_value shows it ('50+', '45%'); a percent keeps its fraction."""
    number = fraction_or_none(value)
    text = format_value(number, qualifier, measure, lang)
    if number is None:
        return Shown(None, text, percent=measure == "percent")
    before, after = qualifier_words(qualifier, lang)
    if measure == "percent":
        return Shown(number / 100, text, percent=True, before=before, after=after)
    return Shown(number, text, before=before, after=after)


def qualifier_words(qualifier, lang: str = "en") -> tuple[str, str]:
    """The words a qualifier puts before and after a value in a language: ('约', '') or ('', '+')."""
    if is_missing(qualifier):
        return "", ""
    before, _, after = format_value(0, qualifier, "count", lang).partition("0")
    return before, after


def date_cell(day, lang: str = "en") -> Shown:
    """A date as a reader writes it ('31 May 2011', '2011年5月31日')."""
    if is_missing(day):
        return Shown(None, "")
    if isinstance(day, datetime):
        value = day.date()
    else:
        value = day if isinstance(day, date) else pd.Timestamp(day).date()
    return Shown(value, format_date(value, lang))


@dataclass(frozen=True)
class Count:
    """A count out of a total as a page says it ('2 of 3 achieved') with both numbers, so a file can keep
    them as two numeric columns."""

    count: int
    total: int
    text: str

    def __str__(self) -> str:
        return self.text


def shown_table(rows: list[dict]) -> pd.DataFrame:
    """The table a page shows: each figure as its text."""
    return pd.DataFrame([{k: v.text if isinstance(v, Shown | Count) else v for k, v in row.items()} for row in rows])


def typed_table(rows: list[dict]) -> pd.DataFrame:
    """The same rows with their figures as Shown cells, for the files."""
    return pd.DataFrame(rows)
