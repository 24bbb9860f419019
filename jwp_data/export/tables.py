"""Data and chart exports: CSV, XLSX and standalone interactive HTML, with meaningful file names.

No exported cell can run a formula. Text starting with = + - @, a tab or a carriage return is
neutralised: in CSV it gets a leading apostrophe (the usual guard, since Excel evaluates CSV
text); in XLSX it is written as a text cell with Excel's own "quote prefix" style, so Excel
shows exactly what was typed and keeps it text even when the cell is edited.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import xlsxwriter

from jwp_data.i18n import CATALOGUE, LANGUAGE_NAMES, status_label, t
from jwp_data.i18n.format import localized
from jwp_data.present.briefing import text
from jwp_data.workbook.schema import STATUSES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERCENT_KEYS = ("progress", "completion", "elapsed", "share")
TEXT, NUMBER, INTEGER, PERCENT, DATE = "text", "number", "integer", "percent", "date"
HEADER_FILL = "#1F4E79"


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its header in the chosen language and how its values are shown."""

    key: str
    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    """A table ready to write: columns and rows of plain values (str, float, int, date or None)."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    frozen_columns: int = 0


def needs_neutralising(value) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value):
    """Text that no spreadsheet will run as a formula (an apostrophe in front where needed)."""
    return "'" + value if needs_neutralising(value) else value


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


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value, kind: str):
    """A value as the writers take it (None for missing, date for dates, float/int for numbers)."""
    if _missing(value):
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
    if _missing(value):
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
                value = localized(record, source[:-3], lang, marked=False) or None
            elif key == "baseline" and record.get("measure") == "milestone":
                value = None
            else:
                value = _word(key, record.get(source), lang)
            row.append(_plain(value, kind))
        rows.append(tuple(row))
    return Table(t("export.sheet.indicators", lang), columns, tuple(rows), frozen_columns=1)


@dataclass(frozen=True)
class Figure:
    """A number read back from a page's formatted text ('66.7%', '50+', '约3.5'): the value for
    arithmetic, the Excel number format that shows it as the page did, and the text itself."""

    value: float
    num_format: str
    text: str


_FIGURE_TEXT = re.compile(
    r"^(?P<before>≥|>|~|约|<)?\s*(?P<number>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
    r"\s*(?P<percent>%)?\s*(?P<after>\+)?$"
)
_EMPTY_WORDS = {"–", "—", "-"}
_DATE_TEXT = re.compile(
    r"^(?:(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>\d{4})|(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日)$"
)


def _empty_word(value, lang: str) -> bool:
    if _missing(value):
        return True
    if not isinstance(value, str):
        return False
    shown = value.strip()
    return not shown or shown in _EMPTY_WORDS or shown in {t("dash.no_data_yet", code) for code in LANGUAGE_NAMES}


def _figure(value) -> Figure | None:
    """'66.7%' -> Figure(0.667, '0.0%'), '50+' -> Figure(50, '0"+"'); None for text that is not a figure."""
    match = _FIGURE_TEXT.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    number = match["number"].replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    shape = ("#,##0" if "," in match["number"] else "0") + ("." + "0" * decimals if decimals else "")
    amount = float(number)
    if match["percent"]:
        shape, amount = shape + "%", amount / 100
    before, after = match["before"] or "", match["after"] or ""
    quoted = (f'"{before}"' if before else "") + shape + (f'"{after}"' if after else "")
    return Figure(amount, quoted, value.strip())


def _date_text(value) -> date | None:
    """'31 May 2011' or '2011年5月31日' (as format_date writes them) -> a date; None otherwise."""
    match = _DATE_TEXT.match(value.strip()) if isinstance(value, str) else None
    if not match:
        return None
    if match["y"]:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    months = {t(f"dash.month.{n}", "en"): n for n in range(1, 13)}
    if match["month"] not in months:
        return None
    return date(int(match["year"]), months[match["month"]], int(match["day"]))


def _read_back(series: pd.Series, lang: str) -> tuple[str, list] | None:
    """A text column that holds only figures (or only dates) and empty words, as numbers (or dates).

    Page tables show figures as text ('66.7%', '50+', 'No data'); a spreadsheet needs the numbers.
    """
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series):
        return None
    shown = [v for v in series if not _empty_word(v, lang)]
    if not shown or not all(isinstance(v, str) for v in shown):
        return None
    dates = [_date_text(v) for v in shown]
    if all(dates):
        return DATE, [None if _empty_word(v, lang) else _date_text(v) for v in series]
    figures = [_figure(v) for v in shown]
    if not all(figures):
        return None
    percents = {f.num_format.rstrip('"+').endswith("%") for f in figures}
    if len(percents) > 1:
        return None
    kind = PERCENT if percents == {True} else NUMBER
    return kind, [None if _empty_word(v, lang) else _figure(v) for v in series]


def _as_fraction(value, points: bool):
    """A percent figure as a fraction: with `points`, 62.5 -> 0.625."""
    if _missing(value) or (isinstance(value, str) and not value.strip()):
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
    in the language. A pair `x_en`/`x_zh` becomes one column `x` in the chosen language.

    Progress-like columns (progress, completion, elapsed, share) are fractions 0…1, or percentage
    points 0…100 with `percent_points`. A text column of figures as a page shows them ('62.5%',
    '50+', '3.5', 'No data') becomes numbers with a number format that shows them the same way;
    a text column of dates ('31 May 2011', '2011年5月31日') becomes dates.
    """
    keys: list[str] = []
    for name in map(str, table.columns):
        stem = name[:-3]
        if name.endswith("_zh") and f"{stem}_en" in table.columns:
            continue
        keys.append(stem if name.endswith("_en") and f"{stem}_zh" in table.columns else name)
    records = table.to_dict("records")
    columns, values = [], []
    for key in keys:
        if key in table.columns:
            series = table[key]
            kind = _kind(key, series)
            read_back = _read_back(series, lang) if kind == TEXT else None
            if read_back:
                kind, cells = read_back
            elif kind == PERCENT:
                points = percent_points and pd.api.types.is_numeric_dtype(series)
                cells = [_as_fraction(r[key], points) for r in records]
            else:
                cells = [_plain(_word(key, r[key], lang), kind) for r in records]
        else:
            kind = TEXT
            cells = [localized(r, key, lang, marked=False) or None for r in records]
        columns.append(Column(key, header(key, lang), kind))
        values.append(cells)
    rows = tuple(zip(*values)) if values else tuple(() for _ in records)
    return Table(title or t("export.sheet.data", lang), tuple(columns), rows)


def _csv_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(round(value, 6))


def _csv_figure(figure: Figure, kind: str) -> str:
    """A figure in CSV: a plain number (percentage points for percents); with a qualifier, as the page shows it."""
    if figure.num_format.startswith('"') or figure.num_format.endswith('"'):
        return neutralise(figure.text)
    return _csv_number(round(figure.value * 100, 6) if kind == PERCENT else figure.value)


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
                cells.append(_csv_number(round(value * 100, 1)))
            elif column.kind in (NUMBER, INTEGER):
                cells.append(_csv_number(value))
            elif isinstance(value, date):
                cells.append(value.isoformat())
            else:
                cells.append(neutralise(str(value)))
        writer.writerow(cells)
    return out.getvalue().encode("utf-8-sig")


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, Figure):
        value = value.text
    shown = value if isinstance(value, str) else _csv_number(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name[:28]} {n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def xlsx_bytes(tables: list[Table] | Table, about: list[tuple[str, str]] | None = None, lang: str = "en") -> bytes:
    """Tables as an Excel workbook: formatted, frozen header, widths, percent and date formats.

    `about` (label, value) rows go to a last sheet, so a file that travels says what it is.
    """
    tables = [tables] if isinstance(tables, Table) else list(tables)
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(out, options)
    base = {"valign": "top", "font_size": 11}
    formats = {
        "header": book.add_format(
            {**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True, "border": 1}
        ),
        TEXT: book.add_format({**base, "text_wrap": True}),
        "quoted": book.add_format({**base, "text_wrap": True, "quote_prefix": True}),
        "header_quoted": book.add_format(
            {**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True, "border": 1}
            | {"quote_prefix": True}
        ),
        NUMBER: book.add_format({**base, "num_format": "General"}),
        INTEGER: book.add_format({**base, "num_format": "0"}),
        PERCENT: book.add_format({**base, "num_format": "0%"}),
        DATE: book.add_format({**base, "num_format": "yyyy-mm-dd"}),
        "label": book.add_format({**base, "bold": True}),
        "book": book,
        "base": base,
    }
    taken: set[str] = set()
    for table in tables:
        sheet = book.add_worksheet(_sheet_name(table.title, taken))
        _write_table(sheet, table, formats)
    if about:
        sheet = book.add_worksheet(_sheet_name(t("export.sheet.about", lang), taken))
        for row, (label, value) in enumerate(about):
            sheet.write_string(row, 0, label, formats["label"])
            _write_cell(sheet, row, 1, value, TEXT, formats)
        sheet.set_column(0, 0, max((_display_width(label) for label, _ in about), default=10) + 2)
        sheet.set_column(1, 1, 80)
    if tables:
        book.set_properties({"title": tables[0].title, "comments": t("brief.generated", lang)})
    book.close()
    return out.getvalue()


def _write_cell(sheet, row: int, col: int, value, kind: str, formats: dict) -> None:
    if value is None:
        sheet.write_blank(row, col, None, formats[kind])
    elif isinstance(value, str):
        sheet.write_string(row, col, value, formats["quoted" if needs_neutralising(value) else TEXT])
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), formats[DATE])
    elif isinstance(value, Figure):
        if value.num_format not in formats:
            formats[value.num_format] = formats["book"].add_format({**formats["base"], "num_format": value.num_format})
        sheet.write_number(row, col, value.value, formats[value.num_format])
    else:
        sheet.write_number(row, col, value, formats[kind])


def _write_table(sheet, table: Table, formats: dict) -> None:
    for col, column in enumerate(table.columns):
        sheet.write_string(
            0, col, column.header, formats["header_quoted" if needs_neutralising(column.header) else "header"]
        )
    for row, values in enumerate(table.rows, start=1):
        for col, (column, value) in enumerate(zip(table.columns, values)):
            _write_cell(sheet, row, col, value, column.kind, formats)
    for col, column in enumerate(table.columns):
        widest = max([_display_width(column.header)] + [_display_width(r[col]) for r in table.rows])
        width = 12 if column.kind == PERCENT else min(max(widest + 2, 8), 60)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, table.frozen_columns)
    if table.columns:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


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


# --- Charts as standalone interactive HTML ---------------------------------------------------

_SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value) -> str:
    """JSON that is safe inside a <script> element, whatever text the spreadsheet held.

    A str is taken to be JSON already (as plotly writes it); any other value is dumped first.
    """
    raw = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_SAFE[m.group()], raw)


def figure_json(fig) -> str:
    """A plotly figure as script-safe JSON (the standard json engine: the same bytes with or without orjson)."""
    import plotly.io as pio

    return script_json(pio.to_json(fig, engine="json"))


def plotly_js() -> str:
    """The plotly.js bundle shipped with plotly.py, so HTML exports work offline."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def image_button_options(stem: str, fmt: str = "png", scale: int = 2) -> dict:
    """Plotly's camera-button options: format, file name and scale."""
    return {"format": fmt, "filename": stem, "scale": scale}


PLOTLY_LOCALES = {"zh": "zh-CN"}


def toolbar_words(lang: str) -> dict[str, str]:
    """The chart toolbar's English tooltips (plotly.js's own words) with the language's words for them."""
    entries = (entry for key, entry in CATALOGUE.items() if key.startswith("dl.plotly."))
    return {entry["en"]: entry.get(lang) or entry["en"] for entry in entries}


def chart_config(stem: str, lang: str = "en") -> dict:
    """The plotly config for a chart: the camera button saves `stem.png` at twice the size, no logo;
    the toolbar's tooltips in the language."""
    config = {"displaylogo": False, "displayModeBar": True, "toImageButtonOptions": image_button_options(stem)}
    if lang in PLOTLY_LOCALES:
        locale = PLOTLY_LOCALES[lang]
        config["locale"] = locale
        config["locales"] = {locale: {"dictionary": toolbar_words(lang), "format": {}}}
    return config


def chart_html(fig, title: str, stem: str, lang: str = "en") -> bytes:
    """A chart as one standalone HTML file: plotly.js embedded, camera (PNG) and SVG buttons."""
    from html import escape

    config = script_json(chart_config(stem, lang))
    svg = script_json({"format": "svg", "filename": stem})
    svg_title = script_json(json.dumps(t("export.svg_button", lang), ensure_ascii=False))
    page = f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
body {{ font-family: "Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", Arial, sans-serif; margin: 1.5rem; color: #222; }}
h1 {{ font-size: 1.4rem; margin: 0 0 0.5rem; }}
#chart {{ width: 100%; height: 75vh; min-height: 420px; }}
p.note {{ color: #555; font-size: 0.9rem; }}
</style>
<script>{plotly_js()}</script>
</head>
<body>
<h1>{escape(title)}</h1>
<div id="chart"></div>
<p class="note">{escape(t("export.html_note", lang))}</p>
<script>
const figure = {figure_json(fig)};
const config = {config};
config.responsive = true;
config.modeBarButtonsToAdd = [{{
  name: "download-svg", title: {svg_title}, icon: Plotly.Icons.disk,
  click: (gd) => Plotly.downloadImage(gd, {svg})
}}];
Plotly.newPlot("chart", figure.data, figure.layout, config);
</script>
</body>
</html>
"""
    return page.encode("utf-8")
