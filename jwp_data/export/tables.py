"""Table exports: CSV and XLSX files of the indicator table and of the data behind each chart, with
meaningful file names.

Files are made from typed values (numbers, fractions, dates, qualifiers), never by reading back the
text a page shows: a figure keeps its value and gets an Excel number format that shows it as the
page does ('66.7%', '50+', '约3.5'); the page's text serves only for words.

No exported cell can run a formula (jwp_data.workbook.annotate holds the one rule): in CSV such text
gets a leading apostrophe (the usual guard, since Excel evaluates CSV text); in XLSX it is written as
a text cell with Excel's own "quote prefix" style, so Excel shows exactly what was typed and keeps it
text even when the cell is edited.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date, datetime

import pandas as pd

from jwp_data.export.table_model import DATE, INTEGER, NUMBER, PERCENT, TEXT, Column, Figure, Table, csv_number, figure
from jwp_data.export.xlsx import xlsx_bytes as xlsx_bytes
from jwp_data.i18n import CATALOGUE, LANGUAGE_NAMES, status_label, t
from jwp_data.i18n.format import is_missing, localized
from jwp_data.present.briefing import text
from jwp_data.present.cells import Count, Shown
from jwp_data.workbook.annotate import neutralise
from jwp_data.workbook.schema import STATUSES, in_every_language, language_of

PERCENT_KEYS = ("progress", "completion", "elapsed", "share")


def slug(value: str) -> str:
    """A file-name-safe form of a text: letters, digits, dots and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9.]+", "-", ascii_text).strip("-.") or "x"


def file_stem(programme_id: str | None, what: str, as_of: date | None, lang: str) -> str:
    """'JWP-2010-2011_objective-progress_2011-05-31_en' (parts that are unknown are left out)."""
    parts = [slug(programme_id) if programme_id else "", slug(what), as_of.isoformat() if as_of else "", lang]
    return "_".join(part for part in parts if part)


def file_name(programme_id: str | None, what: str, as_of: date | None, lang: str, ext: str) -> str:
    """'JWP-2010-2011_objective-progress_2011-05-31_en.xlsx'."""
    return f"{file_stem(programme_id, what, as_of, lang)}.{ext}"


def header(key: str, lang: str) -> str:
    """A column's header in a language: the catalogue's word for a core column, else the name itself."""
    entry = f"export.col.{key}"
    return t(entry, lang) if entry in CATALOGUE else str(key)


def _plain(value, kind: str):
    """A value as the writers take it (None for missing, date for dates, float/int for numbers)."""
    if is_missing(value):
        return None
    if kind == DATE:
        if isinstance(value, pd.Timestamp | datetime):
            return value.date()
        return value if isinstance(value, date) else text(value)
    if kind in (NUMBER, PERCENT):
        return float(value)
    if kind == INTEGER:
        return int(value)
    shown = value if isinstance(value, str) else str(value)
    return shown if shown.strip() else None


def _word(key: str, value, lang: str):
    """Core vocabularies (status, measure, rating, booleans) as words in the language."""
    if is_missing(value):
        return None
    base = key.split("_")[0]
    if key == "status" or key.startswith("status_"):
        return status_label(value, lang) if value in STATUSES else value
    if base in ("measure", "rating") and f"{base}.{value}" in CATALOGUE:
        return t(f"{base}.{value}", lang)
    if isinstance(value, bool):
        return t("export.yes" if value else "export.no", lang)
    return value


# The indicator table: (key, kind, how to get the value from an assessment row)
_INDICATOR_COLUMNS = (
    ("indicator_id", TEXT, "indicator_id"),
    ("objective_id", TEXT, "objective_id"),
    ("indicator", TEXT, "indicator_en"),
    ("accomplishment", TEXT, "accomplishment_en"),
    ("measure", TEXT, "measure"),
    ("baseline", NUMBER, "baseline"),
    ("target", NUMBER, "target"),
    ("unit", TEXT, "unit_en"),
    ("qualifier", TEXT, "qualifier"),
    ("actual", NUMBER, "actual"),
    ("rating", TEXT, "rating"),
    ("progress", PERCENT, "progress"),
    ("status", TEXT, "status"),
    ("reported_on", DATE, "reported_on"),
    ("evidence_count", INTEGER, "evidence_count"),
    ("performance", TEXT, "performance_en"),
    ("source", TEXT, "source"),
    ("headline", TEXT, "headline"),
)


def indicator_table(indicators: pd.DataFrame, lang: str = "en") -> Table:
    """The indicator table (assessment rows, filters applied) with headers and words in a language."""
    used = [(key, kind, source) for key, kind, source in _INDICATOR_COLUMNS if source in indicators.columns]
    columns = tuple(Column(key, header(key, lang), kind) for key, kind, _ in used)
    rows = []
    for record in indicators.to_dict("records"):
        row = []
        for key, kind, source in used:
            if source.endswith("_en"):
                value = localized(record, source[:-3], lang) or None
            elif key == "baseline" and record.get("measure") == "milestone":
                value = None
            else:
                value = _word(key, record.get(source), lang)
            row.append(_plain(value, kind))
        rows.append(tuple(row))
    return Table(t("export.sheet.indicators", lang), columns, tuple(rows), frozen_columns=1)


def _shown_column(key: str, values: list, lang: str) -> tuple[str, list] | None:
    """A column holding Shown figures: numbers (or dates) when every cell is a figure of one kind or empty;
    its words when a cell says something else or no cell has a value. None for a column without figures."""
    if not any(isinstance(v, Shown) for v in values):
        return None
    words = any(not isinstance(v, Shown) and not is_missing(v) for v in values)
    figures = [v for v in values if isinstance(v, Shown) and v.value is not None]
    kinds = {DATE if isinstance(v.value, date) else PERCENT if v.percent else NUMBER for v in figures}
    if words or len(kinds) != 1:
        return TEXT, [_plain(_word(key, str(v) if isinstance(v, Shown) else v, lang), TEXT) for v in values]
    kind = kinds.pop()

    def cell(value):
        if not isinstance(value, Shown) or value.value is None:
            return None
        return value.value if kind == DATE else figure(value)

    return kind, [cell(v) for v in values]


def _as_fraction(value, points: bool):
    """A percent figure as a fraction: with `points`, 62.5 -> 0.625."""
    if is_missing(value):
        return None
    return float(value) / 100 if points else float(value)


def _kind(key: str, series: pd.Series) -> str:
    if key.split("_")[0] in PERCENT_KEYS and pd.api.types.is_numeric_dtype(series):
        return PERCENT
    if pd.api.types.is_datetime64_any_dtype(series) or series.map(lambda v: isinstance(v, date)).any():
        return DATE
    if pd.api.types.is_bool_dtype(series):
        return TEXT
    if pd.api.types.is_integer_dtype(series):
        return INTEGER
    if pd.api.types.is_numeric_dtype(series):
        return NUMBER
    return TEXT


def data_table(table: pd.DataFrame, lang: str = "en", title: str | None = None, percent_points: bool = False) -> Table:
    """The data behind a chart (or a table as read on a page): core column names get headers and words
    in the language. A text in several languages (`x_en`, `x_fr`, …) becomes one column `x` in the chosen
    language, the English marked as such where that language's text is missing.

    Progress-like columns (progress, completion, elapsed, share) are fractions 0…1, or percentage
    points 0…100 with `percent_points`. A column of Shown figures (a chart's `data`) becomes numbers
    with a number format that shows them as the page does, or dates; text is only ever words.
    """
    names = list(map(str, table.columns))
    keys: list[str] = []
    for name in names:
        language, stem = language_of(name), name.rpartition("_")[0]
        if language is None or not any(n in names for n in in_every_language(stem)[1:]):
            keys.append(name)
        elif stem not in keys:
            keys.append(stem)
    records = table.to_dict("records")
    columns, values = [], []
    for key in keys:
        if key in table.columns and any(isinstance(v, Count) for v in table[key]):
            for column, cells in _count_columns(key, list(table[key]), set(map(str, table.columns)), lang):
                columns.append(column)
                values.append(cells)
            continue
        if key in table.columns:
            series = table[key]
            kind = _kind(key, series)
            shown = _shown_column(key, list(series), lang) if kind == TEXT else None
            if shown:
                kind, cells = shown
            elif kind == PERCENT:
                points = percent_points and pd.api.types.is_numeric_dtype(series)
                cells = [_as_fraction(r[key], points) for r in records]
            else:
                cells = [_plain(_word(key, r[key], lang), kind) for r in records]
        else:
            kind = TEXT
            cells = [localized(r, key, lang) or None for r in records]
        columns.append(Column(key, header(key, lang), kind))
        values.append(cells)
    rows = tuple(zip(*values)) if values else tuple(() for _ in records)
    return Table(title or t("export.sheet.data", lang), tuple(columns), rows)


def _count_columns(key: str, values: list, headers: set[str], lang: str) -> list[tuple[Column, list]]:
    """A column of counts ('2 of 3 achieved') as numbers: the count under the column's own header, and the
    total under 'Indicators' (or 'Indicators (header)') unless the table already has that column.
    A cell that is not a count (a word such as 'not in this version') is left empty."""
    counts = [v.count if isinstance(v, Count) else None for v in values]
    totals = [v.total if isinstance(v, Count) else None for v in values]
    out = [(Column(key, header(key, lang), INTEGER), counts)]
    indicators = t("dash.col.indicators", lang)
    if key == t("dash.col.achieved", lang):
        if indicators not in headers:
            out.append((Column(indicators, indicators, INTEGER), totals))
    else:
        total_header = t("export.col.count_total", lang, header=key)
        out.append((Column(total_header, total_header, INTEGER), totals))
    return out


def _csv_figure(figure: Figure, kind: str) -> str:
    """A figure in CSV: a plain number (percentage points for percents); with a qualifier, as the page shows it."""
    if figure.qualified:
        return neutralise(figure.text)
    return csv_number(round(figure.value * 100, 6) if kind == PERCENT else figure.value)


def csv_bytes(table: Table, lang: str = "en") -> bytes:
    """The table as CSV in UTF-8 with a byte-order mark (so Excel reads Chinese right); percents as 0–100."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            neutralise(t("export.percent_suffix", lang, header=c.header) if c.kind == PERCENT else c.header)
            for c in table.columns
        ]
    )
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row):
            if value is None:
                cells.append("")
            elif isinstance(value, Figure):
                cells.append(_csv_figure(value, column.kind))
            elif column.kind == PERCENT:
                cells.append(csv_number(round(value * 100, 1)))
            elif column.kind in (NUMBER, INTEGER):
                cells.append(csv_number(value))
            elif isinstance(value, date):
                cells.append(value.isoformat())
            else:
                cells.append(neutralise(str(value)))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8-sig")


def about_rows(programme, as_of: date, lang: str, workbook_label: str = "", rows: int | None = None) -> list:
    """The 'About' sheet of an export: programme, date, language, workbook, rows, when exported (dates and
    the row count as date and number cells)."""
    about = [
        (t("export.about.programme", lang), programme.title(lang)),
        (t("export.about.programme_id", lang), programme.programme_id),
        (t("export.about.as_of", lang), as_of),
        (t("export.about.language", lang), LANGUAGE_NAMES.get(lang, lang)),
    ]
    if workbook_label:
        about.append((t("export.about.workbook", lang), workbook_label))
    if rows is not None:
        about.append((t("export.about.rows", lang), int(rows)))
    about.append((t("export.about.exported", lang), date.today()))
    return about
