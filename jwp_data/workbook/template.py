"""Writing workbooks in the format: the blank template people fill in, or one filled with given content."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from jwp_data.i18n import LANGUAGE_NAMES, is_rtl, t
from jwp_data.workbook import schema

READ_ME = "Read me"
DATE_FORMAT = "yyyy-mm-dd"
LAST_ROW = 1000  # drop-downs cover rows 2..LAST_ROW
# Written workbooks carry this time instead of "now", so that rebuilding one from the same content changes nothing.
FIXED_TIME = datetime(2000, 1, 1)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)
_WORDS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*")
_RIGHT_TO_LEFT = Alignment(vertical="top", wrap_text=True, readingOrder=2)  # Arabic text in a cell
# Narrative columns: wide and wrapped (in every language: see _width). Other columns fit their header.
_WIDTHS = {
    "value": 70,
    "title_en": 36,
    "title_zh": 24,
    "goal_en": 60,
    "goal_zh": 45,
    "accomplishment_en": 45,
    "accomplishment_zh": 32,
    "indicator_en": 45,
    "indicator_zh": 32,
    "unit_en": 22,
    "unit_zh": 14,
    "performance_en": 80,
    "performance_zh": 60,
    "item_en": 50,
    "item_zh": 40,
    "place": 20,
    "source": 40,
    "link": 40,
}
_CHOICES = {
    "measure": schema.MEASURES,
    "rating": tuple(r.replace("_", " ") for r in schema.RATINGS),
    "qualifier": tuple(q for q in schema.QUALIFIERS if q.isascii()),
    "headline": (schema.HEADLINE_TRUE[0], schema.HEADLINE_FALSE[0]),
}
# The Read me sheet's general notes, in the catalogue.
_GENERAL = tuple(f"template.general.{number}" for number in range(1, 6))


def _languages(lang: str) -> tuple[str, ...]:
    """The languages the template's own words are written in: English, and the reader's language beside it."""
    return ("en",) if lang == "en" else ("en", lang)


def _width(name: str) -> float | None:
    """A wrapped column's width; a text in Arabic, French, Russian or Spanish is as wide as its English."""
    if name in _WIDTHS:
        return _WIDTHS[name]
    language = schema.language_of(name)
    return _WIDTHS.get(f"{name.rpartition('_')[0]}_en") if language is not None else None


def write_workbook(target, content: dict | None = None, lang: str = "en") -> None:
    """Write a workbook to a path or binary file: the blank template, or the given content; its "Read me" sheet,
    notes and messages in English and the language `lang` beside it."""
    fixed_time = content is not None
    content = content or {}
    book = Workbook()
    languages = _languages(lang)
    _write_read_me(book.active, languages)
    _write_programme(book.create_sheet(schema.PROGRAMME.name), content.get("programme", {}), languages)
    for sheet in schema.SHEETS[1:]:
        _write_table(book.create_sheet(sheet.name), sheet, content.get(sheet.name.lower(), []), languages)
    book.properties.creator = "JWP Performance Dashboard"
    if fixed_time:
        book.properties.created = FIXED_TIME
    # Workbook.save() stamps "modified" with the current time; the writer itself keeps what is set.
    book.properties.modified = book.properties.created
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()


def template_bytes(lang: str = "en") -> bytes:
    """The blank template as .xlsx bytes, e.g. for a download button; its explanations in English and `lang`."""
    buffer = io.BytesIO()
    write_workbook(buffer, lang=lang)
    return buffer.getvalue()


def _both(key: str, sep: str, languages: tuple[str, ...]) -> str:
    """The template's words in each of its languages side by side, e.g. 'Sheet / Feuille'."""
    return sep.join(t(key, lang) for lang in languages)


def _write_read_me(ws, languages: tuple[str, ...]) -> None:
    ws.title = READ_ME
    ws["A1"] = _both("template.title", " · ", languages)
    ws["A1"].font = Font(bold=True, size=14)
    headers = (
        _both("template.head.sheet", " / ", languages),
        _both("template.head.column", " / ", languages),
        _both("template.head.required", " / ", languages),
        *(LANGUAGE_NAMES[lang] for lang in languages),
    )
    _write_header(ws, [schema.Column(name) for name in headers], row=3)
    general = _both("template.general", " / ", languages)
    rows = [(general, "", "", *(t(key, lang) for lang in languages)) for key in _GENERAL]
    yes = _both("template.yes", " / ", languages)
    for sheet in schema.SHEETS:
        note = f"template.sheet.{sheet.name.lower()}"
        rows.append((sheet.name, "", "", *(t(note, lang) for lang in languages)))
        columns = schema.PROGRAMME_FIELDS if sheet is schema.PROGRAMME else sheet.columns
        for column in columns:
            if schema.language_of(column.name) not in (None, "en"):
                continue  # explained once with the other languages of the same text, below its English
            required = yes if column.required else ""
            rows.append(("", column.name, required, *(column.help_text(lang) for lang in languages)))
            if schema.language_of(column.name) == "en":
                others = ", ".join(schema.in_every_language(column.name[:-3])[1:])
                rows.append(("", others, "", *(t("template.translations", lang) for lang in languages)))
    widths = (16, 26, 22, 70, 60)
    for number, row in enumerate(rows, 4):
        for col, value in enumerate(row, 1):
            cell = ws.cell(number, col, value)
            cell.alignment = _RIGHT_TO_LEFT if col > 3 and is_rtl(languages[col - 4]) else _WRAP
        if not row[1]:
            ws.cell(number, 1).font = _HEADER_FONT
        # Excel and LibreOffice keep a row one line high unless told: as high as its longest explanation
        lines = max(_lines(str(value or ""), width) for value, width in zip(row, widths))
        if lines > 1:
            ws.row_dimensions[number].height = 15 * lines
    for letter, width in zip("ABCDE", widths):
        ws.column_dimensions[letter].width = width
    # printed (or saved as PDF) across one page, every column on it, as many pages down as it takes
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _digits(character: str) -> float:
    """How many digits wide a character is, about: CJK two, Cyrillic a little wider than a Latin letter."""
    if unicodedata.east_asian_width(character) in "WF":
        return 2
    return 1.2 if "\u0400" <= character <= "\u04ff" else 1


def _lines(text: str, width: int) -> int:
    """About how many lines a text takes wrapped at spaces in a column `width` digits wide (a CJK character is two
    digits wide and may end a line, the average Latin letter of a proportional font a little narrower than a digit)."""
    room, lines = width * 1.1, 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0.0
        for word in _WORDS.findall(paragraph):
            size = sum(_digits(c) for c in word.rstrip())
            if used and used + size > room:
                lines, used = lines + 1, 0.0
            used += size + len(word) - len(word.rstrip())
    return lines


def _write_programme(ws, values: dict, languages: tuple[str, ...]) -> None:
    fields = {field.name: field for field in schema.PROGRAMME_FIELDS}
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Programme: unknown field(s) {', '.join(sorted(unknown))}")
    _write_header(ws, schema.PROGRAMME.columns, languages)
    for row, field in enumerate(fields.values(), 2):
        name = ws.cell(row, 1, field.name)
        name.comment = _comment(field, languages)
        name.alignment = _TOP
        value = _text_cell(ws.cell(row, 2, values.get(field.name)))
        value.alignment = _WRAP
        if field.kind == "date":
            value.number_format = DATE_FORMAT
    _size_columns(ws, schema.PROGRAMME.columns)


def _write_table(ws, sheet: schema.Sheet, rows: list[dict], languages: tuple[str, ...]) -> None:
    _write_header(ws, sheet.columns, languages)
    for number, row in enumerate(rows, 2):
        unknown = set(row) - set(sheet.column_names)
        if unknown:
            raise ValueError(f"{sheet.name} row {number}: unknown column(s) {', '.join(sorted(unknown))}")
        for col, column in enumerate(sheet.columns, 1):
            cell = _text_cell(ws.cell(number, col, row.get(column.name)))
            cell.alignment = _WRAP if _width(column.name) else _TOP
            if column.kind == "date" or isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    _size_columns(ws, sheet.columns)
    for col, column in enumerate(sheet.columns, 1):
        choices = _choices(sheet, column.name)
        if choices:
            letter = get_column_letter(col)
            validation = DataValidation(
                type="list",
                formula1=choices,
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                error=_both("template.choice_error", "\n", languages),
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)


def _choices(sheet: schema.Sheet, name: str) -> str | None:
    """The drop-down list of a column, as a data validation formula."""
    if name in _CHOICES:
        return '"' + ",".join(_CHOICES[name]) + '"'
    if sheet is schema.INDICATORS and name == "objective_id":
        letter = get_column_letter(schema.OBJECTIVES.column_names.index("objective_id") + 1)
        return f"{quote_sheetname(schema.OBJECTIVES.name)}!${letter}$2:${letter}${LAST_ROW}"
    return None


def _text_cell(cell):
    """Text stays text: openpyxl would store a value starting with '=' as a formula (content read from elsewhere,
    e.g. an IATI file, may start so)."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _write_header(ws, columns, languages: tuple[str, ...] = ("en",), row: int = 1) -> None:
    for col, column in enumerate(columns, 1):
        cell = ws.cell(row, col, column.name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP
        if column.help:
            cell.comment = _comment(column, languages)
    ws.freeze_panes = f"A{row + 1}"


def _comment(column: schema.Column, languages: tuple[str, ...]) -> Comment:
    text = "\n".join(column.help_text(lang) for lang in languages)
    if column.required:
        text = f"{_both('template.required', ' ', languages)}\n{text}"
    return Comment(text, "JWP Performance Dashboard", height=110, width=260)


def _size_columns(ws, columns) -> None:
    """Set widths, and give date columns their format and narrative columns wrapping for cells typed later."""
    for col, column in enumerate(columns, 1):
        dimension = ws.column_dimensions[get_column_letter(col)]
        dimension.width = _width(column.name) or max(14, len(column.name) + 4)
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        if _width(column.name):
            dimension.alignment = _WRAP
