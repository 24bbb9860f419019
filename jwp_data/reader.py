"""Reading a workbook safely: size and structure checks before parsing, then one calamine parse per sheet."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import join, normpath

import python_calamine
from defusedxml import ElementTree

from jwp_data import schema
from jwp_data.issues import WorkbookError, make_issue

_CHUNK = 1 << 20
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
_CELL = re.compile(rb"<c\s([^>]*?)(?<!/)>(.*?)</c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>[^<]")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class RawSheet:
    """A sheet as Excel shows it: row lists from row 1, merged ranges filled in."""

    name: str
    rows: list[list] = field(default_factory=list)
    empty_rows: set[int] = field(default_factory=set)  # 0-based indexes of rows empty in the file
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 0-based


def read_bytes(source) -> bytes:
    """The bytes of a path, a file object or bytes, refusing files over the size limit before reading them."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > schema.MAX_FILE_BYTES:
            raise _too_large_file(size)
        data = path.read_bytes()
    else:
        size = _stream_size(source)
        if size is not None and size > schema.MAX_FILE_BYTES:
            raise _too_large_file(size)
        data = source.read(schema.MAX_FILE_BYTES + 1)
    if len(data) > schema.MAX_FILE_BYTES:
        raise _too_large_file(len(data))
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


def _too_large_file(size: int) -> WorkbookError:
    return WorkbookError(
        [make_issue("too_large", variant="file", size_mb=_mb(size), limit_mb=_mb(schema.MAX_FILE_BYTES))]
    )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _not_xlsx(variant: str = "", **context) -> WorkbookError:
    return WorkbookError([make_issue("not_xlsx", variant=variant, **context)])


def read_sheets(data: bytes, wanted: tuple[str, ...]) -> dict[str, RawSheet]:
    """Check the package, then parse the wanted sheets (matched case-insensitively); keys are lower-case names."""
    archive = _open_package(data)
    paths = _sheet_paths(archive)
    found = {name.strip().lower(): name for name in paths}
    targets = {key: found[key] for key in (w.lower() for w in wanted) if key in found}
    formulas = _scan_members(archive, {paths[name]: name for name in targets.values()})
    try:
        book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
        sheets = {}
        for key, name in targets.items():
            sheets[key] = _parse_sheet(book.get_sheet_by_name(name), formulas.get(name, set()))
        return sheets
    except python_calamine.PasswordError:
        raise _not_xlsx("encrypted") from None
    except (python_calamine.CalamineError, ValueError) as exc:
        raise _not_xlsx("damaged", detail=_short(exc)) from None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _open_package(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise _not_xlsx("xls")
    if not data.startswith(b"PK"):
        raise _not_xlsx()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise _not_xlsx() from None
    names = {m.filename for m in members}
    if "EncryptedPackage" in names:
        raise _not_xlsx("encrypted")
    if "xl/workbook.xml" not in names:
        raise _not_xlsx()
    unpacked = sum(m.file_size for m in members)
    if unpacked > schema.MAX_UNPACKED_BYTES:
        raise WorkbookError(
            [
                make_issue(
                    "too_large",
                    variant="unpacked",
                    size_mb=_mb(unpacked),
                    limit_mb=_mb(schema.MAX_UNPACKED_BYTES),
                )
            ]
        )
    return archive


def _read_xml(archive: zipfile.ZipFile, name: str):
    try:
        raw = archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
        raise _not_xlsx("damaged", detail=_short(exc)) from None
    if any(marker in raw for marker in _FORBIDDEN_XML):
        raise _not_xlsx("xml_declaration")
    try:
        return ElementTree.fromstring(raw)
    except Exception as exc:  # defusedxml raises its own classes for entity attacks
        if "Forbidden" in type(exc).__name__ or "DTD" in type(exc).__name__:
            raise _not_xlsx("xml_declaration") from None
        raise _not_xlsx("damaged", detail=_short(exc)) from None


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the package."""
    book = _read_xml(archive, "xl/workbook.xml")
    rels = _read_xml(archive, "xl/_rels/workbook.xml.rels")
    if book is None or rels is None:
        raise _not_xlsx()
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_NS_PKG}Relationship")}
    paths = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        paths[sheet.get("name", "")] = path
    return paths


def _scan_members(archive: zipfile.ZipFile, sheet_parts: dict[str, str]) -> dict[str, set[tuple[int, int]]]:
    """Inflate every XML part once with a bounded buffer: checks sizes, XML declarations and row counts.

    zipfile stops at each member's declared size and checks its CRC, so a member that lies
    about its size is refused instead of inflating without bound. Returns, per sheet name,
    the formula cells that have no saved value.
    """
    formulas: dict[str, set[tuple[int, int]]] = {}
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels")):
            continue
        sheet = sheet_parts.get(member.filename)
        rows = 0
        has_formula = False
        tail = b""
        kept = []
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    window = tail + chunk
                    if any(marker in window for marker in _FORBIDDEN_XML):
                        raise _not_xlsx("xml_declaration")
                    if sheet is not None:
                        rows += window.count(b"<row") - tail.count(b"<row")
                        has_formula = has_formula or b"<f>" in window or b"<f " in window
                        kept.append(chunk)
                    tail = chunk[-16:]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise _not_xlsx("damaged", detail=_short(exc)) from None
        if sheet is None:
            continue
        if rows > schema.MAX_ROWS_PER_SHEET + 1:
            raise WorkbookError(
                [make_issue("too_large", sheet, variant="rows", rows=rows - 1, limit=schema.MAX_ROWS_PER_SHEET)]
            )
        if has_formula:
            formulas[sheet] = _formulas_without_value(b"".join(kept))
    return formulas


def _formulas_without_value(xml: bytes) -> set[tuple[int, int]]:
    cells = set()
    for match in _CELL.finditer(xml):
        inner = match.group(2)
        if not (b"<f>" in inner or b"<f " in inner) or _VALUE.search(inner):
            continue
        ref = _REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)) - 1, _column_index(ref.group(1).decode())))
    return cells


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _parse_sheet(sheet, formulas: set[tuple[int, int]]) -> RawSheet:
    rows = sheet.to_python(skip_empty_area=False)
    width = max((len(r) for r in rows), default=0)
    cleaned = []
    empty = set()
    for index, row in enumerate(rows):
        # calamine gives '' for an empty cell; text is trimmed and a cell of spaces is empty
        values = [(v.strip() or None) if v.__class__ is str else v for v in row]
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        if all(v is None for v in values):
            empty.add(index)
        cleaned.append(values)
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        if r0 >= len(cleaned):
            continue
        value = cleaned[r0][c0] if c0 < width else None
        for r in range(r0, min(r1, len(cleaned) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                cleaned[r][c] = value
    return RawSheet(sheet.name, cleaned, empty, formulas)
