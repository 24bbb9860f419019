"""Reading a workbook safely: what the file is, then what parsing it would cost, judged from its bytes before
calamine parses a single sheet; then one calamine parse per sheet.

The checks are in three modules: `package` (the zip package and the refusals that need no sheet),
`xlsx_parts` (each .xlsx sheet part measured from its bytes) and `ods` (the same for .ods). Every check is
cheap (one numpy pass over each inflated sheet part, byte searches and a few regular expressions), so that a
crafted file is refused in milliseconds. The worker process (`workbook/sandbox.py`) that runs this code for
untrusted uploads is the second line: its memory and time limits stop whatever these checks miss.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from jwp_data.workbook import schema
from jwp_data.workbook.ods import inspect_ods
from jwp_data.workbook.package import (
    ENCRYPTED_STREAM,
    OLE_MAGIC,
    Package,
    SheetFacts,
    not_xlsx,
    short_reason,
    too_large_file,
)
from jwp_data.workbook.xlsx_parts import inspect_xlsx


@dataclass
class RawSheet:
    """A sheet as Excel shows it: row lists from row 1, merged ranges filled in."""

    name: str
    rows: list[list] = field(default_factory=list)
    empty_rows: set[int] = field(default_factory=set)  # 0-based indexes of rows empty in the file
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 0-based
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col), 0-based -> '#DIV/0!'


def read_bytes(source) -> bytes:
    """The bytes of a path, a file object or bytes, refusing files over the size limit before reading them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > schema.MAX_FILE_BYTES:
            raise too_large_file(size)
        data = path.read_bytes()
    else:
        size = _stream_size(source)
        if size is not None and size > schema.MAX_FILE_BYTES:
            raise too_large_file(size)
        data = source.read(schema.MAX_FILE_BYTES + 1)
    if len(data) > schema.MAX_FILE_BYTES:
        raise too_large_file(len(data))
    return data


def _stream_size(stream) -> int | None:
    """Bytes left in a seekable file object, without reading them."""
    try:
        here = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return end - here


def read_sheets(data: bytes, wanted: tuple[str, ...]) -> dict[str, RawSheet]:
    """Check the package, then parse the wanted sheets (matched case-insensitively); keys are lower-case names."""
    facts = inspect(data)
    found = {name.strip().lower(): name for name in facts}
    targets = {key: found[key] for key in (w.lower() for w in wanted) if key in found}
    try:
        book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
        sheets = {}
        for key, name in targets.items():
            sheets[key] = _parse_sheet(book.get_sheet_by_name(name), facts[name])
        return sheets
    except python_calamine.PasswordError:
        raise not_xlsx("encrypted") from None
    except (python_calamine.CalamineError, ValueError) as exc:
        raise not_xlsx("damaged", detail=short_reason(exc)) from None


def inspect(data: bytes) -> dict[str, SheetFacts]:
    """Every sheet's name and facts, after refusing what is not a plain workbook or would cost too much to parse.

    Raises WorkbookError (not_xlsx, macro_content or too_large) without parsing any sheet.
    """
    if data.startswith(OLE_MAGIC):
        # An OLE2 file is either an old .xls or an encrypted .xlsx (Excel wraps it in an EncryptedPackage stream)
        raise not_xlsx("encrypted" if ENCRYPTED_STREAM in data else "xls")
    if not data.startswith(b"PK"):
        raise not_xlsx()
    package = Package(data)
    if package.is_ods:
        return inspect_ods(package)
    return inspect_xlsx(package)


# --- parsing ---------------------------------------------------------------------------------------


def _parse_sheet(sheet, facts: SheetFacts) -> RawSheet:
    rows = sheet.to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    cleaned = []
    empty = set()
    for index, row in enumerate(rows):
        # calamine gives '' for an empty cell; text is trimmed and a cell of spaces is empty
        values = [(v.strip() or None) if v.__class__ is str else v for v in row]
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        if values.count(None) == width:
            empty.add(index)
        cleaned.append(values)
    errors = {cell: text for cell, text in facts.errors.items() if cell[0] < len(cleaned) and cell[1] < width}
    for r, _c in errors:  # an error cell is not empty, though calamine reads it so
        empty.discard(r)
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r0 >= len(cleaned):
            continue
        value = cleaned[r0][c0] if c0 < width else None
        for r in range(r0, min(r1, len(cleaned) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                cleaned[r][c] = value
    return RawSheet(sheet.name, cleaned, empty, facts.formulas_without_value, errors)
