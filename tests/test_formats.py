"""Numbers, percentages and dates in each of the six languages: CLDR's signs, the United Nations' style where it
differs (Western digits in Arabic; the catalogue's month forms)."""

from __future__ import annotations

from datetime import date

import pytest
from babel.numbers import format_decimal

from jwp_data.i18n import LANGUAGES
from jwp_data.i18n.format import format_date, format_number, format_percent, format_value, printf_percent
from jwp_data.present.cells import qualifier_words
from jwp_data.present.text import wrap_lines

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("lang", "number", "percent"),
    [
        ("en", "2,500.5", "62.5%"),
        ("zh", "2,500.5", "62.5%"),
        ("ar", "2,500.5", "62.5%"),
        ("fr", f"2{NNBSP}500,5", f"62,5{NBSP}%"),
        ("ru", f"2{NBSP}500,5", f"62,5{NBSP}%"),
        ("es", "2.500,5", f"62,5{NBSP}%"),
    ],
)
def test_numbers_and_percentages_use_the_signs_of_each_language(lang, number, percent):
    assert format_number(2500.5, lang) == number
    assert format_percent(0.625, lang) == percent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_are_written_as_cldr_writes_them(lang):
    """Babel's signs, looked up once: the same text as Babel's own (slower) formatting of each number."""
    for value in (0, 7, 12.5, 999.25, 1000, 2500.5, 1234567.75):
        expected = format_decimal(value, format="#,##0.##", locale=lang, numbering_system="latn")
        assert format_number(value, lang, 2) == expected


def test_arabic_numbers_use_western_digits():
    written = format_number(1234567.25, "ar", 2) + format_percent(0.0375, "ar", 2)
    assert written == "1,234,567.253.75%"
    assert not any("\u0660" <= ch <= "\u06f9" for ch in written)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rounding_is_the_same_in_every_language(lang):
    """The figures agree across languages and with the shipped summary: only the signs differ."""
    shown = [format_percent(f, lang) for f in (2 / 3, 0.125, 1.0, 0.0)] + [format_number(-0.01, lang)]
    english = [format_percent(f) for f in (2 / 3, 0.125, 1.0, 0.0)] + [format_number(-0.01)]
    assert [s.replace(",", ".").replace(NBSP, "") for s in shown] == english == ["66.7%", "12.5%", "100%", "0%", "0"]


@pytest.mark.parametrize(("lang", "expected"), [("en", "45%"), ("fr", f"45{NBSP}%"), ("ar", "45%"), ("zh", "45%")])
def test_a_percent_value_takes_the_languages_percent_sign(lang, expected):
    assert format_value(45.0, None, "percent", lang) == expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_qualifier_words_still_split_around_the_number(lang):
    before, after = qualifier_words(">", lang)
    assert f"{before}50{after}" == format_value(50.0, ">", "count", lang)


def test_a_line_never_breaks_at_a_no_break_space():
    lines = wrap_lines(f"Réalisé à 62,5{NBSP}% dans 1{NNBSP}234{NNBSP}567 pays touchés", 10)
    assert f"62,5{NBSP}%" in " ".join(lines)
    assert any(f"1{NNBSP}234{NNBSP}567" in line for line in lines)
    assert not any(line.startswith(("%", "234", "567")) for line in lines)


def test_a_date_follows_the_catalogues_pattern_and_month(monkeypatch):
    """The United Nations' Russian and Arabic dates are not CLDR's: the pattern and month come from the catalogue."""
    from jwp_data.i18n import format as formats

    texts = {"format.date": "{day} {month} {year} года", "dash.month.5": "мая"}
    monkeypatch.setattr(formats, "t", lambda key, lang, **values: texts[key].format(**values))
    assert format_date(date(2011, 5, 31), "ru") == "31 мая 2011 года"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("ru", "31 мая 2011 года"), ("ar", "31 أيار/مايو 2011"), ("fr", "31 mai 2011"), ("es", "31 de mayo de 2011")],
)
def test_dates_take_the_united_nations_forms_of_the_catalogues(lang, expected):
    """The month in the genitive with "года" in Russian; both names of the month in Arabic, as UN documents write."""
    assert format_date(date(2011, 5, 31), lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("en", "63%"), ("fr", f"63{NBSP}%"), ("ar", "63%")])
def test_a_grids_progress_format_writes_the_percent_as_the_language_does(lang, expected):
    assert printf_percent(lang) % 62.9 == expected


def test_files_keep_numbers_as_numbers_in_every_language():
    """CSV cells and Excel cells carry the number, not the page's text: a French file has 0.625, never "62,5 %"."""
    import csv
    import io

    import openpyxl

    from jwp_data import assess, read_workbook
    from jwp_data.export import tables
    from tests.paths import SHIPPED_WORKBOOK

    indicators = assess(read_workbook(SHIPPED_WORKBOOK)).indicators
    csvs, sheets = {}, {}
    for lang in ("en", "fr", "ru"):
        table = tables.indicator_table(indicators, lang)
        csvs[lang] = list(csv.reader(io.StringIO(tables.csv_bytes(table, lang).decode("utf-8-sig"))))[1:]
        book = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes(table)))
        sheets[lang] = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows(min_row=2)]

    def numbers(rows):
        return [[cell for cell in row if isinstance(cell, int | float)] for row in rows]

    def numeric_texts(rows):
        return [[cell for cell in row if cell.replace(".", "", 1).isdigit()] for row in rows]

    assert numbers(sheets["en"]) and any(numbers(sheets["en"]))
    assert numbers(sheets["fr"]) == numbers(sheets["ru"]) == numbers(sheets["en"])
    assert numeric_texts(csvs["fr"]) == numeric_texts(csvs["ru"]) == numeric_texts(csvs["en"])
    assert any(numeric_texts(csvs["en"]))
