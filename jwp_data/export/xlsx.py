"""Table exports as Excel workbooks, written with openpyxl: a styled, frozen and filtered header row,
column widths to fit, number and date formats, print settings, and an 'About' sheet."""

from __future__ import annotations

import io
import re
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from jwp_data.export.table_model import DATE, INTEGER, NUMBER, PERCENT, TEXT, Figure, Table, cell_width
from jwp_data.i18n import t
from jwp_data.workbook.annotate import needs_neutralising

HEADER_FILL = "1F4E79"


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name[:28]} {n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _font(bold: bool = False, colour: Color | None = None) -> Font:
    return Font(name="Calibri", size=11, bold=bold, color=colour or Color(theme=1), family=2, scheme="minor")


_TOP, _WRAP = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
_THIN = Side(style="thin")
# Cell styles by name: (font, alignment, number format, quote prefix); the header also has a fill and a border.
_STYLES = {
    "header": (_font(True, Color("FFFFFFFF")), _WRAP, "General", False),
    "header_quoted": (_font(True, Color("FFFFFFFF")), _WRAP, "General", True),
    "label": (_font(True), _TOP, "General", False),
    TEXT: (_font(), _WRAP, "General", False),
    "quoted": (_font(), _WRAP, "General", True),
    NUMBER: (_font(), _TOP, "General", False),
    INTEGER: (_font(), _TOP, "0", False),
    PERCENT: (_font(), _TOP, "0%", False),
    DATE: (_font(), _TOP, "yyyy-mm-dd", False),
}
_HEADER_FILL = PatternFill("solid", fgColor=Color("FF" + HEADER_FILL))
_HEADER_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def excel_text(value: str) -> str:
    """Text as a cell of an .xlsx file holds it: control characters as _x0007_, and text that already looks
    like such an escape kept literal (_x005F_ in front), as Excel writes them."""
    if "_x" in value:
        value = _ESCAPE_LIKE.sub(r"_x005F\1", value)
    return _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", value)


def _column_width(characters: float) -> float:
    """The width Excel stores for a column `characters` wide: whole pixels of a 7-pixel digit and 5 of padding."""
    pixels = int(characters * 7 + 0.5) + 5
    return (pixels * 256 // 7) / 256


def xlsx_bytes(tables: list[Table] | Table, about: list[tuple[str, str]] | None = None, lang: str = "en") -> bytes:
    """Tables as an Excel workbook: formatted, frozen header, widths, percent and date formats.

    `about` (label, value) rows go to a last sheet, so a file that travels says what it is.
    """
    tables = [tables] if isinstance(tables, Table) else list(tables)
    book = _Book()
    taken: set[str] = set()
    for table in tables:
        book.table(book.sheet(_sheet_name(table.title, taken)), table)
    if about:
        book.about(book.sheet(_sheet_name(t("export.sheet.about", lang), taken)), about)
    if tables:
        book.workbook.properties.title = tables[0].title
        book.workbook.properties.description = t("brief.generated", lang)
    out = io.BytesIO()
    book.workbook.save(out)
    return out.getvalue()


class _Book:
    """An openpyxl workbook being written, with its cell styles each made once and copied onto cells
    (openpyxl's per-cell style setters compare every font and fill, which made big tables slow)."""

    def __init__(self):
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.styles: dict[tuple[str, str | None], StyleArray] = {}

    def sheet(self, title: str):
        return self.workbook.create_sheet(title)

    def style(self, cell, style: str, num_format: str | None = None) -> None:
        """A named style (and a number format in place of its own) on a cell."""
        made = self.styles.get((style, num_format))
        if made is not None:
            cell._style = copy(made)
            return
        font, alignment, default_format, quoted = _STYLES[style]
        cell.font, cell.alignment, cell.number_format = font, alignment, num_format or default_format
        if quoted:
            cell.quotePrefix = True
        if style.startswith("header"):
            cell.fill, cell.border = _HEADER_FILL, _HEADER_BORDER
        self.styles[(style, num_format)] = copy(cell._style)

    def text(self, sheet, row: int, col: int, value: str, style: str) -> None:
        """Text written as text, never as a formula, whatever it starts with; control characters as Excel's
        _xHHHH_ escapes (openpyxl would refuse them, and its check of every string costs more than this one)."""
        cell = sheet.cell(row, col)
        cell._value, cell.data_type = excel_text(value), "s"
        self.style(cell, style)

    def cell(self, sheet, row: int, col: int, value, kind: str) -> None:
        """One cell: text stays text (quote-prefixed where it looks like a formula), numbers and dates in their format."""
        if isinstance(value, str):
            self.text(sheet, row, col, value, "quoted" if needs_neutralising(value) else TEXT)
            return
        cell = sheet.cell(row, col)
        if value is None:
            self.style(cell, kind)
        elif isinstance(value, date):
            cell.value = datetime(value.year, value.month, value.day)
            self.style(cell, DATE)
        elif isinstance(value, Figure):
            cell.value = value.value
            self.style(cell, NUMBER, value.num_format)
        else:
            cell.value = value
            self.style(cell, kind)

    def table(self, sheet, table: Table) -> None:
        """A table with its header row styled, frozen and filtered, columns as wide as their text, printed landscape."""
        for col, column in enumerate(table.columns, start=1):
            self.text(sheet, 1, col, column.header, "header_quoted" if needs_neutralising(column.header) else "header")
        for row, values in enumerate(table.rows, start=2):
            for col, (column, value) in enumerate(zip(table.columns, values), start=1):
                self.cell(sheet, row, col, value, column.kind)
        for col, column in enumerate(table.columns):
            widest = max([cell_width(column.header)] + [cell_width(r[col]) for r in table.rows])
            width = 12 if column.kind == PERCENT else min(max(widest + 2, 8), 60)
            sheet.column_dimensions[get_column_letter(col + 1)].width = _column_width(width)
        sheet.freeze_panes = sheet.cell(2, table.frozen_columns + 1)
        if table.columns:
            last = get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{max(len(table.rows), 1) + 1}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToHeight = 0  # as wide as one page, as long as it needs
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    def about(self, sheet, about: list[tuple[str, object]]) -> None:
        """The 'About' sheet: a bold label and its value on each row."""
        for row, (label, value) in enumerate(about, start=1):
            self.text(sheet, row, 1, label, "label")
            self.cell(sheet, row, 2, value, TEXT)
        widest = max((cell_width(label) for label, _ in about), default=10)
        sheet.column_dimensions["A"].width = _column_width(widest + 2)
        sheet.column_dimensions["B"].width = _column_width(80)
