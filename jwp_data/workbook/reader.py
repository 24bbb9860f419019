"""Reading a workbook safely: what the file is, then what parsing it would cost, judged from its bytes before
calamine parses a single sheet; then one calamine parse per sheet.

Every check here is cheap (one numpy pass over each inflated sheet part, byte searches and a few regular
expressions), so that a crafted file is refused in milliseconds. The worker process (jwp_data/sandbox.py) that runs this code for
untrusted uploads is the second line: its memory and time limits stop whatever these checks miss.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import dirname, join, normpath

import numpy as np
import python_calamine
from defusedxml import ElementTree

from jwp_data.workbook import schema
from jwp_data.workbook.issues import WorkbookError, make_issue

_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # its name in an OLE2 directory
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_XML_SUFFIXES = (".xml", ".rels", ".vml")

# Cell-level patterns, on bytes. `(?:\w+:)?` admits a namespace prefix (`<x:c`), which calamine also reads.
_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Za-z]+)(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_FORMULA = (b"<f>", b"<f ", b":f>", b":f ")  # inside one cell's XML
_ERROR_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_DIMENSION = re.compile(rb'dimension ref="([^"]*)"')
_PREFIX = re.compile(rb"<(\w+:)?worksheet[\s>]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')
_SHARED_REF = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>(\d+)<')
_SST_PREFIX = re.compile(rb"<(\w+:)?sst[\s>]")
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", re.DOTALL)


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class RawSheet:
    """A sheet as Excel shows it: row lists from row 1, merged ranges filled in."""

    name: str
    rows: list[list] = field(default_factory=list)
    empty_rows: set[int] = field(default_factory=set)  # 0-based indexes of rows empty in the file
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 0-based
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col), 0-based -> '#DIV/0!'


@dataclass
class SheetFacts:
    """What a sheet would cost to parse, read from its bytes: how far it reaches and what it holds."""

    name: str
    rows: int = 0  # the farthest row (1-based), header included
    columns: int = 0  # the farthest column (1-based)
    cells: int = 0  # cell elements in the file
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


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


def _too_large(variant: str, sheet: str | None = None, **context) -> WorkbookError:
    return WorkbookError([make_issue("too_large", sheet, variant=variant, **context)])


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


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
        raise _not_xlsx("encrypted") from None
    except (python_calamine.CalamineError, ValueError) as exc:
        raise _not_xlsx("damaged", detail=_short(exc)) from None


def inspect(data: bytes) -> dict[str, SheetFacts]:
    """Every sheet's name and facts, after refusing what is not a plain workbook or would cost too much to parse.

    Raises WorkbookError (not_xlsx, macro_content or too_large) without parsing any sheet.
    """
    if data.startswith(_OLE_MAGIC):
        # An OLE2 file is either an old .xls or an encrypted .xlsx (Excel wraps it in an EncryptedPackage stream)
        raise _not_xlsx("encrypted" if _ENCRYPTED_STREAM in data else "xls")
    if not data.startswith(b"PK"):
        raise _not_xlsx()
    package = _Package(data)
    if package.is_ods:
        return _inspect_ods(package)
    return _inspect_xlsx(package)


class _Package:
    """A zip package with its member names normalised as readers see them: `/` for `\\`, any letter case."""

    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise _not_xlsx() from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            key = _key(member.filename)
            if key in self.members:  # two parts that readers cannot tell apart
                raise _not_xlsx("damaged", detail=f"two parts named {member.filename[:80]}")
            self.members[key] = member
        names = self.members.keys()
        if "encryptedpackage" in names:
            raise _not_xlsx("encrypted")
        unpacked = sum(m.file_size for m in members)
        if unpacked > schema.MAX_UNPACKED_BYTES:
            raise _too_large("unpacked", size_mb=_mb(unpacked), limit_mb=_mb(schema.MAX_UNPACKED_BYTES))
        mimetype = self.read("mimetype", check_xml=False) if "mimetype" in names else b""
        self.is_ods = mimetype.strip() == _ODS_MIME
        if mimetype.startswith(b"application/vnd.oasis.opendocument") and not self.is_ods:
            raise _not_xlsx()
        types = self.read("[content_types].xml") or b"" if not self.is_ods else b""
        lowered = types.lower()
        if any(name.endswith("workbook.bin") for name in names) or b"sheet.binary" in lowered:
            raise _not_xlsx("xlsb")  # checked first: Excel declares every .xlsb "macroEnabled"
        if (
            any(name.endswith("vbaproject.bin") for name in names)
            or b"macroenabled" in lowered
            or b"vbaproject" in lowered
            or (self.is_ods and any(n.startswith(("basic/", "scripts/")) and not n.endswith("/") for n in names))
        ):
            raise WorkbookError([make_issue("macro_content")])

    def has(self, path: str) -> bool:
        return _key(path) in self.members

    def read(self, path: str, check_xml: bool = True) -> bytes | None:
        """A member's bytes, inflated in bounded chunks (a member that lies about its size is refused)."""
        member = self.members.get(_key(path))
        if member is None:
            return None
        try:
            # zipfile stops at the member's declared size (the declared sizes add up to at most the unpacked
            # limit) and checks its CRC, so a member that lies about its size is refused instead of inflating
            with self.archive.open(member) as stream:
                raw = stream.read(member.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise _not_xlsx("damaged", detail=_short(exc)) from None
        # `!` alone is found at memory speed; most parts hold none, and then no `<!` either
        if check_xml and b"!" in raw and b"<!" in raw and any(marker in raw for marker in _FORBIDDEN_XML):
            raise _not_xlsx("xml_declaration")
        return raw

    def xml(self, path: str):
        raw = self.read(path)
        if raw is None:
            return None
        try:
            return ElementTree.fromstring(raw)
        except Exception as exc:  # defusedxml raises its own classes for entity attacks
            if "Forbidden" in type(exc).__name__ or "DTD" in type(exc).__name__:
                raise _not_xlsx("xml_declaration") from None
            raise _not_xlsx("damaged", detail=_short(exc)) from None


def _key(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _relationships(package: _Package, part: str) -> list[tuple[str, str, str]]:
    """(id, type, resolved target path) of a part's relationships; external targets are left out."""
    folder, name = dirname(part), part.rsplit("/", 1)[-1]
    rels = package.xml(join(folder, "_rels", name + ".rels"))
    found = []
    for rel in rels.iter() if rels is not None else ():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode", "").lower() == "external":
            continue
        target = rel.get("Target", "").replace("\\", "/")
        path = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), path))
    return found


def _inspect_xlsx(package: _Package) -> dict[str, SheetFacts]:
    # The workbook part is where the package's relationships say (officeDocument), whatever its name.
    roots = [path for _, kind, path in _relationships(package, "") if kind.endswith("/officeDocument")]
    workbook = roots[0] if roots else "xl/workbook.xml"
    book = package.xml(workbook)
    if book is None:
        raise _not_xlsx()
    rels = _relationships(package, workbook)
    targets = {rel_id: path for rel_id, _, path in rels}
    sheet_parts = {}
    for element in book.iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), "")
        sheet_parts[element.get("name", "")] = targets.get(rel_id, "")
    # Every part is inflated once, bounded: XML parts are looked through for declarations, and every part that
    # holds sheet data is measured, whether or not the relationships name it, whatever its name or case.
    wanted = {_key(path): name for name, path in sheet_parts.items() if path}
    strings_paths = {_key(path) for _, kind, path in rels if kind.endswith("/sharedStrings")}
    facts, sheets_xml, strings = {}, {}, []
    for key, member in package.members.items():
        if member.is_dir():
            continue
        raw = package.read(member.filename, check_xml=key.endswith(_XML_SUFFIXES) or key in wanted)
        if key in strings_paths or key.endswith("sharedstrings.xml"):
            strings.append(raw)
        name = wanted.get(key)
        if name is None and (b"sheetData" in raw):
            name = member.filename  # a part calamine might read that no relationship names: measured all the same
        if name is not None:
            facts[name] = _measure_sheet(name, raw)
            sheets_xml[name] = raw
    for candidate in strings:
        _check_shared_text(candidate, sheets_xml)
    return {name: facts[name] for name in sheet_parts if name in facts}


def _measure_sheet(name: str, xml: bytes) -> SheetFacts:
    """How far a sheet reaches and how much it holds, refusing it if parsing it would cost too much."""
    facts = SheetFacts(name)
    # Element names carry the prefix the part declares for the spreadsheet namespace (none, as Excel writes).
    prefix = _PREFIX.search(xml, 0, 4096)
    p = (prefix.group(1) if prefix else None) or b""
    scan = _scan(xml, p)
    rows = scan.rows
    facts.cells = scan.cells  # cells, and the few <col>, <cfRule> elements
    far = scan.far  # references past column Z or row 99,999, each spelling once
    last_row = max((int(digits) for letters, digits in far if len(digits) > 5), default=0)
    last_column = max((_column_number(letters) for letters, _ in far if len(letters) > 1), default=0)
    head = xml.find(b"sheetData")
    at = xml.find(b"dimension ref=", 0, head if head >= 0 else len(xml))
    dimension = _DIMENSION.match(xml, at) if at >= 0 else None
    if dimension:
        end = _REF_TEXT.findall(dimension.group(1))
        if end:
            letters, number = end[-1]
            last_row = max(last_row, int(number))
            last_column = max(last_column, _column_number(letters))
    facts.rows = max(last_row, rows)
    if facts.rows > schema.MAX_ROWS_PER_SHEET + 1:
        raise _too_large("rows", name, rows=facts.rows - 1, limit=schema.MAX_ROWS_PER_SHEET)
    if last_column > schema.MAX_COLUMNS_PER_SHEET:
        letters = _column_letters(last_column)
        raise _too_large("columns", name, letters=letters, columns=last_column, limit=schema.MAX_COLUMNS_PER_SHEET)
    facts.columns = max(last_column, 26 if facts.cells else 0)
    if last_column > 26:
        # A sheet wider than Z could hold a rectangle over the limit below row 100,000: find its last row.
        facts.rows = max(facts.rows, _last_row(xml))
    area = facts.rows * facts.columns
    if max(area, facts.cells) > schema.MAX_CELLS_PER_SHEET:
        raise _too_large(
            "cells", name, rows=facts.rows, columns=facts.columns, cells=max(area, facts.cells),
            limit=schema.MAX_CELLS_PER_SHEET,
        )  # fmt: skip
    _check_merges(name, xml, facts)
    if scan.formulas:
        facts.formulas_without_value = _formulas_without_value(xml)
    if scan.error_values:
        facts.errors = _error_cells(xml)
    return facts


@dataclass
class _Scan:
    """What one pass over a sheet part's bytes finds (see _scan)."""

    rows: int = 0  # `<row` start tags (with the part's prefix)
    cells: int = 0  # `<c` start tags: cells, and the few <col>, <cfRule> elements
    formulas: bool = False  # a `<f>` or `<f ` start tag
    error_values: bool = False  # a `t="e"` attribute
    far: set[tuple[bytes, bytes]] = field(
        default_factory=set
    )  # what _FAR finds: references past column Z or row 99,999


_BLOCK = 1 << 22  # bytes looked at in one go: a few arrays of positions, whatever the part's size
_BEHIND, _AHEAD = 2, 16  # bytes before and after a block that a tag or attribute starting in it may reach
_FAR_CANDIDATES = 10_000  # more references that may be far than this, and the regular expression looks at them all


def _scan(xml: bytes, prefix: bytes) -> _Scan:
    """Count the `<row` and `<c` tags, look for formulas, error values and far references, in one pass over the bytes.

    The same as xml.count(b"<row"), b"<f>" in xml, _FAR.findall(xml) and so on, which each pass over the whole part
    (2-byte searches for a character as common as `<` are slow): numpy finds every `<` and every `"` of a block
    once, and looks at the few bytes around them. A reference that may be far (two letters, or six digits) is
    read by _FAR itself, so what counts as far is the regular expression's, whatever the block boundaries.
    """
    data = np.frombuffer(xml, dtype=np.uint8)
    own, k = len(data), len(prefix)
    tag = np.frombuffer(b"<" + prefix, dtype=np.uint8)
    found = _Scan()
    candidates: list[int] = []
    for start in range(0, own, _BLOCK):
        end = min(start + _BLOCK, own)
        # the block with the bytes around it, zeros where the part ends, so that every index below is inside it
        block = data[max(start - _BEHIND, 0) : end + k + _AHEAD]
        front = _BEHIND - (start - max(start - _BEHIND, 0))
        back = (end - start) + k + _AHEAD + _BEHIND - front - len(block)
        if front or back:
            block = np.concatenate([np.zeros(front, np.uint8), block, np.zeros(back, np.uint8)])
        mine = block[_BEHIND : _BEHIND + end - start]
        at = np.flatnonzero(mine == 60) + _BEHIND  # every `<`
        for offset in range(1, k + 1):
            at = at[block[at + offset] == tag[offset]]
        name = block[at + k + 1]
        found.cells += int(np.count_nonzero(name == ord("c")))
        r = at[name == ord("r")]
        found.rows += int(np.count_nonzero((block[r + k + 2] == ord("o")) & (block[r + k + 3] == ord("w"))))
        if not found.formulas:
            after = block[at[name == ord("f")] + k + 2]
            found.formulas = bool(np.any((after == ord(">")) | (after == ord(" "))))
        quote = np.flatnonzero(mine == ord("=")) + _BEHIND + 1  # after every `=` (fewer than `"`)
        quote = quote[block[quote] == 34]
        before = block[quote - 2]
        if not found.error_values:
            t = quote[before == ord("t")]
            found.error_values = bool(np.any((block[t + 1] == ord("e")) & (block[t + 2] == 34)))
        if len(candidates) <= _FAR_CANDIDATES:
            first = quote[before == ord("r")] + 1  # the reference's first character, after r="
            lead = _is_letter(block[first])
            wide = lead & _is_letter(block[first + 1])
            deep = np.ones(len(first), dtype=bool)
            for offset in range(6):
                deep &= _is_digit(block[first + lead + offset])
            candidates.extend((first[wide | deep] - _BEHIND + start).tolist())
    if len(candidates) > _FAR_CANDIDATES:
        found.far = set(_FAR.findall(xml))
    else:
        matches = (_FAR.match(xml, at - 3) for at in candidates)
        found.far = {match.groups() for match in matches if match}
    return found


def _is_letter(codes: np.ndarray) -> np.ndarray:
    folded = codes | 32
    return (folded >= ord("a")) & (folded <= ord("z"))


def _is_digit(codes: np.ndarray) -> np.ndarray:
    return (codes >= ord("0")) & (codes <= ord("9"))


_REF_TEXT = re.compile(rb"([A-Za-z]+)(\d+)")
_FAR = re.compile(rb'r="([A-Za-z]{2,}|[A-Za-z]?(?=\d{6}))(\d+)"')
_ROW_NUMBERS = re.compile(rb'r="[A-Za-z]{0,3}(\d+)"')
_COLUMN_LETTERS = re.compile(rb'r="([A-Za-z]{1,3})\d')


def _last_row(xml: bytes) -> int:
    """The largest row number any cell or row reference names."""
    return max((int(number) for number in set(_ROW_NUMBERS.findall(xml))), default=0)


def _check_merges(name: str, xml: bytes, facts: SheetFacts) -> None:
    """Refuse merged ranges that would take long to fill: too many, or covering too many cells.

    A merged range is filled only within the sheet's used rectangle: cheaply bounded by the sheet limits first,
    then, if that bound is over the limit, by the sheet's real last row.
    """
    # merged ranges are listed after the rows (or, against the schema, before them): never among them
    head, tail = xml.find(b"sheetData"), xml.rfind(b"sheetData")
    outside = xml[: max(head, 0)] + xml[tail:] if head >= 0 else xml
    count = outside.count(b"mergeCell ")
    if count == 0:
        return
    ranges = [
        (
            _column_number(m.group(1)),
            int(m.group(2)),
            _column_number(m.group(3) or m.group(1)),
            int(m.group(4) or m.group(2)),
        )
        for m in _MERGE.finditer(outside)
    ]

    def covered(rows: int, columns: int) -> int:
        total = 0
        for first_col, first_row, last_col, last_row in ranges:
            total += max(min(last_row, rows) - first_row + 1, 0) * max(min(last_col, columns) - first_col + 1, 0)
        return total

    cells = covered(schema.MAX_ROWS_PER_SHEET + 1, schema.MAX_COLUMNS_PER_SHEET)
    if cells > schema.MAX_MERGED_CELLS:
        facts.rows = max(facts.rows, _last_row(xml))
        cells = covered(facts.rows, max(facts.columns, _last_column(xml)))
    if count > schema.MAX_MERGED_RANGES or cells > schema.MAX_MERGED_CELLS:
        raise _too_large(
            "merges", name, ranges=count, cells=cells,
            limit_ranges=schema.MAX_MERGED_RANGES, limit_cells=schema.MAX_MERGED_CELLS,
        )  # fmt: skip


def _last_column(xml: bytes) -> int:
    """The largest column any cell reference names."""
    return max((_column_number(letters) for letters in set(_COLUMN_LETTERS.findall(xml))), default=0)


def _check_shared_text(strings: bytes | None, sheets_xml: dict[str, bytes]) -> None:
    """Refuse cells that together point to more shared text than the limit (one long string, many cells).

    A cheap bound first (cells x longest string); the exact sum only when that bound is over the limit.
    """
    if not strings:
        return
    cells = sum(xml.count(b't="s"') for xml in sheets_xml.values())
    if cells * len(strings) <= schema.MAX_SHARED_TEXT:
        return
    if b"si/>" in strings:  # an empty item written short: item by item, so that the numbering stays right
        lengths = [len(item) for item in _SHARED_ITEM.findall(strings)]
    else:  # each piece after an <si> holds one item (and some markup: an upper bound)
        found = _SST_PREFIX.search(strings, 0, 4096)
        tag = b"<" + ((found.group(1) if found else None) or b"") + b"si>"
        lengths = [len(piece) for piece in strings.split(tag)[1:]]
    if cells * max(lengths, default=0) <= schema.MAX_SHARED_TEXT:
        return
    total = 0
    for xml in sheets_xml.values():
        counts = Counter(_SHARED_REF.findall(xml))
        for index, n in counts.items():
            position = int(index)
            total += n * (lengths[position] if position < len(lengths) else 0)
    if total > schema.MAX_SHARED_TEXT:
        raise _too_large("shared_strings", size_mb=_mb(total), limit_mb=_mb(schema.MAX_SHARED_TEXT))


def _formulas_without_value(xml: bytes) -> set[tuple[int, int]]:
    cells = set()
    for match in _CELL.finditer(xml):
        inner = match.group(2)
        if not any(tag in inner for tag in _FORMULA) or _VALUE.search(inner):
            continue
        ref = _REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1))
    return cells


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells holding an Excel error value (t="e"), which calamine reads as empty."""
    cells = {}
    at = xml.find(b't="e"')
    while at >= 0:
        start = xml.rfind(b"<", 0, at)  # the cell's start tag: attribute values hold no '<'
        close = xml.find(b">", xml.find(b"</", at))
        element = xml[start : close + 1] if close >= 0 else xml[start:at]
        ref = _REF.search(element)
        value = _ERROR_VALUE.search(element)
        if ref:
            text = value.group(1).decode("utf-8", "replace")[:20] if value else "#VALUE!"
            cells[(int(ref.group(2)) - 1, _column_number(ref.group(1)) - 1)] = text
        at = xml.find(b't="e"', at + 5)
    return cells


def _column_number(letters: bytes | str) -> int:
    """Column letters to a 1-based number (A = 1)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


# --- OpenDocument spreadsheets (.ods) ------------------------------------------------------------

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _repeat(element, attribute: str) -> int:
    text = element.get(_ODS_TABLE + attribute, "1")
    return int(text) if text.isdigit() and len(text) < 10 else 1


def _inspect_ods(package: _Package) -> dict[str, SheetFacts]:
    """The tables of an .ods file, measured as calamine expands them: repeated rows and columns count as many.

    LibreOffice writes the empty space to the sheet's end as one repeated row; only rows and columns that
    hold something count towards how far a table reaches.
    """
    for key, member in package.members.items():
        if key.endswith(_XML_SUFFIXES) and key != "content.xml":
            package.read(member.filename)
    content = package.read("content.xml")
    if content is None:
        raise _not_xlsx()
    facts: dict[str, SheetFacts] = {}
    sheet: SheetFacts | None = None
    row = column = 0
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
                row += repeated
                element.clear()
            elif tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell") and event == "end":
                if sheet is None:
                    continue
                repeated = _repeat(element, "number-columns-repeated")
                has_value = element.get(_ODS_OFFICE + "value-type") is not None or len(element)
                if has_value:
                    row_has_value = True
                    sheet.columns = max(sheet.columns, column + repeated)
                    if sheet.columns > schema.MAX_COLUMNS_PER_SHEET:
                        letters = _column_letters(sheet.columns)
                        raise _too_large(
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
        raise _not_xlsx("damaged", detail=_short(exc)) from None
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
        raise _too_large("rows", sheet.name, rows=sheet.rows - 1, limit=schema.MAX_ROWS_PER_SHEET)
    area = sheet.rows * max(sheet.columns, 1)
    if max(area, sheet.cells) > schema.MAX_CELLS_PER_SHEET:
        raise _too_large(
            "cells", sheet.name, rows=sheet.rows, columns=sheet.columns, cells=max(area, sheet.cells),
            limit=schema.MAX_CELLS_PER_SHEET,
        )  # fmt: skip


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
