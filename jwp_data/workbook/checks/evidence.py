"""The Evidence sheet: items of evidence for indicators, with optional date, country and link."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from jwp_data.workbook.checks.base import SheetChecker, Table, translations
from jwp_data.workbook.checks.cells import as_date, frame, shown, texts

_ISO3 = re.compile(r"^[A-Z]{3}$")
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)


class EvidenceChecker(SheetChecker):
    """Checks the Evidence sheet: known indicators, an English item, and a usable date, country code and link."""

    def check(self, table: Table, known: set[str] | None) -> pd.DataFrame:
        """The evidence table; a country code or link that is not one is dropped with a warning."""
        sheet = table.sheet
        ids = self.ids(table, "indicator_id")
        for indicator, row in zip(ids, table.rows):
            if known is not None and indicator is not None and indicator not in known:
                self.add("unknown_reference", sheet, row, "indicator_id", value=indicator, target="Indicators")
        items = self.required_text(table, "item_en")
        dates = []
        for raw, row in zip(table.columns["date"], table.rows):
            value = raw if raw.__class__ is date else as_date(raw)  # most are dates already
            if raw is not None and value is None:
                self.add("bad_type", sheet, row, "date", "date", value=shown(raw))
            dates.append(value)
        countries = []
        column = table.columns["country_iso3"]
        for text, raw, row in zip(texts(column), column, table.rows):
            text = (text or "").upper() or None
            if text and not _ISO3.match(text):
                self.add("ignored_value", sheet, row, "country_iso3", "country", value=shown(raw))
                text = None
            countries.append(text)
        links = []
        column = table.columns["link"]
        for text, raw, row in zip(texts(column), column, table.rows):
            if text and not _LINK.match(text):
                self.add("ignored_value", sheet, row, "link", "link", value=shown(raw))
                text = None
            links.append(text)
        return frame(
            {
                "indicator_id": ids,
                "item_en": items,
                **translations(table, "item"),
                "date": pd.to_datetime(pd.Series(dates, dtype=object)),
                "place": texts(table.columns["place"]),
                "country_iso3": countries,
                "link": links,
                "row": table.rows,
            }
        )
