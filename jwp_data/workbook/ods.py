"""Measuring an OpenDocument spreadsheet (.ods) from its content.xml before it is parsed, with the same
limits as an .xlsx."""

from __future__ import annotations

import io

from defusedxml import ElementTree

from jwp_data.workbook import schema
from jwp_data.workbook.issues import WorkbookError
from jwp_data.workbook.package import (
    XML_SUFFIXES,
    Package,
    SheetFacts,
    column_letters,
    megabytes,
    not_xlsx,
    short_reason,
    too_large,
)

# --- OpenDocument spreadsheets (.ods) ------------------------------------------------------------

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _repeat(element, attribute: str) -> int:
    return _count(element.get(_ODS_TABLE + attribute, "1"))


def _count(text: str) -> int:
    """A count as a reader may take it: any number of digits, leading zeros, a `+` sign; else 1."""
    text = text.strip().removeprefix("+")
    return int(text) if text.isascii() and text.isdigit() else 1


def inspect_ods(package: Package) -> dict[str, SheetFacts]:
    """The tables of an .ods file, measured as calamine expands them: repeated rows and columns count as many.

    LibreOffice writes the empty space to the sheet's end as one repeated row; only rows and columns that
    hold something count towards how far a table reaches.
    """
    for key, member in package.members.items():
        if key.endswith(XML_SUFFIXES) and key != "content.xml":
            package.read(member.filename)
    content = package.read("content.xml")
    if content is None:
        raise not_xlsx()
    facts: dict[str, SheetFacts] = {}
    sheet: SheetFacts | None = None
    row = column = 0
    text = 0  # bytes of cell text that repeats add to what content.xml holds
    row_has_value = False
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
            tag = element.tag
            if tag == _ODS_TABLE + "table":
                if event == "start":
                    sheet = SheetFacts(element.get(_ODS_TABLE + "name", ""))
                    row = 0
                else:
                    if sheet is not None:
                        facts[sheet.name] = sheet
                    sheet = None
                    element.clear()
            elif tag == _ODS_TABLE + "table-row" and sheet is not None:
                if event == "start":
                    column, row_has_value = 0, False
                    continue
                repeated = _repeat(element, "number-rows-repeated")
                if row_has_value:
                    sheet.rows = row + repeated
                    sheet.cells += sheet_row_cells(element) * repeated
                    _check_ods_reach(sheet)
                    if repeated > 1:  # the row's text, once more for each repeat
                        text += len("".join(element.itertext()).encode()) * (repeated - 1)
                        _check_ods_text(len(content) + text)
                row += repeated
                element.clear()
            elif tag == _ODS_TEXT + "s" and event == "end":  # spaces written as a count: `<text:s text:c="5"/>`
                text += _count(element.get(_ODS_TEXT + "c", "1"))
                _check_ods_text(len(content) + text)
            elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell") and event == "end":
                if sheet is None:
                    continue
                repeated = _repeat(element, "number-columns-repeated")
                has_value = element.get(_ODS_OFFICE + "value-type") is not None or len(element)
                if has_value:
                    row_has_value = True
                    if repeated > 1:  # the cell's text, once more for each repeat
                        text += len("".join(element.itertext()).encode()) * (repeated - 1)
                        _check_ods_text(len(content) + text)
                    sheet.columns = max(sheet.columns, column + repeated)
                    if sheet.columns > schema.MAX_COLUMNS_PER_SHEET:
                        letters = column_letters(sheet.columns)
                        raise too_large(
                            "columns", sheet.name, letters=letters, columns=sheet.columns,
                            limit=schema.MAX_COLUMNS_PER_SHEET,
                        )  # fmt: skip
                    if element.get(_ODS_CALCEXT + "value-type") == "error":
                        text = "".join(element.itertext()).strip()[:20] or "#VALUE!"
                        for offset in range(min(repeated, schema.MAX_COLUMNS_PER_SHEET)):
                            sheet.errors[(row, column + offset)] = text
                column += repeated
    except WorkbookError:
        raise
    except Exception as exc:  # a malformed content.xml; defusedxml refuses entity attacks the same way
        raise not_xlsx("damaged", detail=short_reason(exc)) from None
    return facts


def sheet_row_cells(element) -> int:
    """Cells with a value in one ODS row element, counting repeated columns."""
    return sum(
        _repeat(cell, "number-columns-repeated")
        for cell in element
        if cell.get(_ODS_OFFICE + "value-type") is not None or len(cell)
    )


def _check_ods_reach(sheet: SheetFacts) -> None:
    if sheet.rows > schema.MAX_ROWS_PER_SHEET + 1:
        raise too_large("rows", sheet.name, rows=sheet.rows - 1, limit=schema.MAX_ROWS_PER_SHEET)
    area = sheet.rows * max(sheet.columns, 1)
    if max(area, sheet.cells) > schema.MAX_CELLS_PER_SHEET:
        raise too_large(
            "cells", sheet.name, rows=sheet.rows, columns=sheet.columns, cells=max(area, sheet.cells),
            limit=schema.MAX_CELLS_PER_SHEET,
        )  # fmt: skip


def _check_ods_text(size: int) -> None:
    if size > schema.MAX_SHARED_TEXT:
        raise too_large("text", size_mb=megabytes(size), limit_mb=megabytes(schema.MAX_SHARED_TEXT))
