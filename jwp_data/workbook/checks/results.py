"""The Results sheet: each indicator's reported values, dated within the programme."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from jwp_data.workbook import schema
from jwp_data.workbook.checks.base import SheetChecker, Table, translations
from jwp_data.workbook.checks.cells import as_date, as_text, floats, frame, number_text, shown, texts
from jwp_data.workbook.model import Programme

_RATING_SEPARATORS = re.compile(r"[\s_\-]")


class ResultsChecker(SheetChecker):
    """Checks the Results sheet: known indicators, dates in range, one result a day, values for the measure."""

    def check(
        self, table: Table, indicators: pd.DataFrame, known: set[str] | None, programme: Programme | None
    ) -> pd.DataFrame:
        """The results table; `known` are the indicator ids a row may name (None: not checked)."""
        measure_of = {
            indicator: measure if isinstance(measure, str) else None
            for indicator, measure in zip(indicators["indicator_id"], indicators["measure"])
        }
        ids = self.ids(table, "indicator_id")
        dates = self.dates(table, programme)
        self.references(table, ids, dates, known)
        actuals, qualifiers, ratings = [], [], []
        for indicator, raw_actual, raw_qual, raw_rating, row in zip(
            ids, table.columns["actual"], table.columns["qualifier"], table.columns["rating"], table.rows
        ):
            # most cells are empty: no call for them
            measure = measure_of.get(indicator)
            actuals.append(None if raw_actual is None else self.actual(measure, raw_actual, row))
            qualifiers.append(None if raw_qual is None else self.qualifier(raw_qual, row))
            ratings.append(None if raw_rating is None else self.rating(measure, raw_rating, row))
        return frame(
            {
                "indicator_id": ids,
                "reported_on": pd.to_datetime(pd.Series(dates, dtype=object)),
                "actual": floats(actuals),
                "qualifier": qualifiers,
                "rating": ratings,
                "performance_en": texts(table.columns["performance_en"]),
                **translations(table, "performance"),
                "source": texts(table.columns["source"]),
                "row": table.rows,
            }
        )

    def dates(self, table: Table, programme: Programme | None) -> list[date | None]:
        """Each row's reporting date: required, a date, between the programme's start and as_of."""
        dates = []
        for raw, row in zip(table.columns["reported_on"], table.rows):
            value = raw if raw.__class__ is date else as_date(raw)  # most are dates already
            if raw is None:
                if "reported_on" in table.present and row not in table.errors.get("reported_on", ()):
                    self.add("missing_value", table.sheet, row, "reported_on")
            elif value is None:
                self.add("bad_type", table.sheet, row, "reported_on", "date", value=shown(raw))
            elif programme and not programme.start <= value <= programme.as_of:
                self.add(
                    "out_of_range",
                    table.sheet,
                    row,
                    "reported_on",
                    "reported_on",
                    value=value,
                    start=programme.start,
                    as_of=programme.as_of,
                )
            dates.append(value)
        return dates

    def references(self, table: Table, ids: list, dates: list, known: set[str] | None) -> None:
        """Each row names a known indicator, and no indicator reports twice on one day."""
        first: dict = {}
        for indicator, day, row in zip(ids, dates, table.rows):
            if indicator is None:
                continue
            if known is not None and indicator not in known:
                self.add("unknown_reference", table.sheet, row, "indicator_id", value=indicator, target="Indicators")
            elif day is not None and (indicator, day) in first:
                self.add(
                    "duplicate_id",
                    table.sheet,
                    row,
                    "reported_on",
                    "result",
                    value=indicator,
                    date=day,
                    first_row=first[(indicator, day)],
                )
            elif day is not None:
                first[(indicator, day)] = row

    def actual(self, measure, raw, row) -> float | None:
        """An actual value for its indicator's measure; a milestone reports a rating instead."""
        if measure is None or raw is None:
            return None
        if measure == "milestone":
            self.add("ignored_value", "Results", row, "actual", "actual_milestone", value=shown(raw))
            return None
        value = self.measured(measure, raw, row, "actual")
        if value is not None and measure == "percent" and 0 < value <= 1:
            self.add("percent_looks_like_fraction", "Results", row, "actual", value=number_text(value))
        return value

    def qualifier(self, raw, row) -> str | None:
        """A qualifier ('>', '≥', '~'…) in its canonical form; None when unknown (issue recorded)."""
        text = as_text(raw)
        if text is None:
            return None
        canonical = schema.QUALIFIERS.get(text.replace(" ", ""))
        if canonical is None:
            self.add("bad_value", "Results", row, "qualifier", "qualifier", value=shown(raw))
        return canonical

    def rating(self, measure, raw, row) -> str | None:
        """A milestone's rating in its canonical form; ignored on a count or percent."""
        if measure is None or raw is None:
            return None
        if measure != "milestone":
            self.add("ignored_value", "Results", row, "rating", "rating_numeric", value=shown(raw), measure=measure)
            return None
        key = _RATING_SEPARATORS.sub("", (as_text(raw) or "").lower())
        rating = schema.RATING_ALIASES.get(key)
        if rating is None:
            self.add("bad_value", "Results", row, "rating", "rating", value=shown(raw))
        return rating
