"""Measuring an .xlsx sheet part from its bytes before it is parsed: how far it reaches, how many cells and
merged cells it holds, how much shared text its cells point to, and which cells hold formulas without a value
or error values. One numpy pass per part finds the tags; regular expressions look only where a bound says
they might matter."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from jwp_data.workbook import schema
from jwp_data.workbook.package import (
    XML_SUFFIXES,
    Package,
    SheetFacts,
    column_letters,
    column_number,
    local_name,
    megabytes,
    not_xlsx,
    part_key,
    relationships,
    too_large,
)

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


def inspect_xlsx(package: Package) -> dict[str, SheetFacts]:
    # The workbook part is where the package's relationships say (officeDocument), whatever its name.
    roots = [path for _, kind, path in relationships(package, "") if kind.endswith("/officeDocument")]
    workbook = roots[0] if roots else "xl/workbook.xml"
    book = package.xml(workbook)
    if book is None:
        raise not_xlsx()
    rels = relationships(package, workbook)
    targets = {rel_id: path for rel_id, _, path in rels}
    sheet_parts = {}
    for element in book.iter():
        if local_name(element.tag) != "sheet":
            continue
        rel_id = next((value for key, value in element.attrib.items() if local_name(key) == "id"), "")
        sheet_parts[element.get("name", "")] = targets.get(rel_id, "")
    # Every part is inflated once, bounded: XML parts are looked through for declarations, and every part that
    # holds sheet data is measured, whether or not the relationships name it, whatever its name or case.
    wanted = {part_key(path): name for name, path in sheet_parts.items() if path}
    strings_paths = {part_key(path) for _, kind, path in rels if kind.endswith("/sharedStrings")}
    facts, sheets_xml, strings = {}, {}, []
    for key, member in package.members.items():
        if member.is_dir():
            continue
        raw = package.read(member.filename, check_xml=key.endswith(XML_SUFFIXES) or key in wanted)
        if key in strings_paths or key.endswith("sharedstrings.xml"):
            strings.append(raw)
        name = wanted.get(key)
        if name is None and (b"sheetData" in raw):
            name = member.filename  # a part calamine might read that no relationship names: measured all the same
        if name is not None:
            facts[name] = measure_sheet(name, raw)
            sheets_xml[name] = raw
    for candidate in strings:
        check_shared_text(candidate, sheets_xml)
    return {name: facts[name] for name in sheet_parts if name in facts}


def measure_sheet(name: str, xml: bytes) -> SheetFacts:
    """How far a sheet reaches and how much it holds, refusing it if parsing it would cost too much."""
    facts = SheetFacts(name)
    # Element names carry the prefix the part declares for the spreadsheet namespace (none, as Excel writes).
    prefix = _PREFIX.search(xml, 0, 4096)
    p = (prefix.group(1) if prefix else None) or b""
    scan = scan_tags(xml, p)
    rows = scan.rows
    facts.cells = scan.cells  # cells, and the few <col>, <cfRule> elements
    far = scan.far  # references past column Z or row 99,999, each spelling once
    last_row = max((int(digits) for letters, digits in far if len(digits) > 5), default=0)
    last_column = max((column_number(letters) for letters, _ in far if len(letters) > 1), default=0)
    head = xml.find(b"sheetData")
    at = xml.find(b"dimension ref=", 0, head if head >= 0 else len(xml))
    dimension = _DIMENSION.match(xml, at) if at >= 0 else None
    if dimension:
        end = _REF_TEXT.findall(dimension.group(1))
        if end:
            letters, number = end[-1]
            last_row = max(last_row, int(number))
            last_column = max(last_column, column_number(letters))
    facts.rows = max(last_row, rows)
    if facts.rows > schema.MAX_ROWS_PER_SHEET + 1:
        raise too_large("rows", name, rows=facts.rows - 1, limit=schema.MAX_ROWS_PER_SHEET)
    if last_column > schema.MAX_COLUMNS_PER_SHEET:
        letters = column_letters(last_column)
        raise too_large("columns", name, letters=letters, columns=last_column, limit=schema.MAX_COLUMNS_PER_SHEET)
    facts.columns = max(last_column, 26 if facts.cells else 0)
    if last_column > 26:
        # A sheet wider than Z could hold a rectangle over the limit below row 100,000: find its last row.
        facts.rows = max(facts.rows, _last_row(xml))
    area = facts.rows * facts.columns
    if max(area, facts.cells) > schema.MAX_CELLS_PER_SHEET:
        raise too_large(
            "cells", name, rows=facts.rows, columns=facts.columns, cells=max(area, facts.cells),
            limit=schema.MAX_CELLS_PER_SHEET,
        )  # fmt: skip
    _check_merges(name, xml, facts)
    if scan.formulas:
        facts.formulas_without_value = formulas_without_value_cells(xml)
    if scan.error_values:
        facts.errors = error_cells(xml)
    return facts


@dataclass
class TagScan:
    """What one pass over a sheet part's bytes finds (see scan)."""

    rows: int = 0  # `<row` start tags (with the part's prefix)
    cells: int = 0  # `<c` start tags: cells, and the few <col>, <cfRule> elements
    formulas: bool = False  # a `<f>` or `<f ` start tag
    error_values: bool = False  # a `t="e"` attribute
    far: set[tuple[bytes, bytes]] = field(default_factory=set)  # what FAR finds: references past column Z or row 99,999


_BLOCK = 1 << 22  # bytes looked at in one go: a few arrays of positions, whatever the part's size
_BEHIND, _AHEAD = 2, 16  # bytes before and after a block that a tag or attribute starting in it may reach
_FAR_CANDIDATES = 10_000  # more references that may be far than this, and the regular expression looks at them all


def scan_tags(xml: bytes, prefix: bytes) -> TagScan:
    """Count the `<row` and `<c` tags, look for formulas, error values and far references, in one pass over the bytes.

    The same as xml.count(b"<row"), b"<f>" in xml, FAR.findall(xml) and so on, which each pass over the whole part
    (2-byte searches for a character as common as `<` are slow): numpy finds every `<` and every `"` of a block
    once, and looks at the few bytes around them. A reference that may be far (two letters, or six digits) is
    read by FAR itself, so what counts as far is the regular expression's, whatever the block boundaries.
    """
    data = np.frombuffer(xml, dtype=np.uint8)
    own, k = len(data), len(prefix)
    tag = np.frombuffer(b"<" + prefix, dtype=np.uint8)
    found = TagScan()
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
        found.far = set(FAR.findall(xml))
    else:
        matches = (FAR.match(xml, at - 3) for at in candidates)
        found.far = {match.groups() for match in matches if match}
    return found


def _is_letter(codes: np.ndarray) -> np.ndarray:
    folded = codes | 32
    return (folded >= ord("a")) & (folded <= ord("z"))


def _is_digit(codes: np.ndarray) -> np.ndarray:
    return (codes >= ord("0")) & (codes <= ord("9"))


_REF_TEXT = re.compile(rb"([A-Za-z]+)(\d+)")
FAR = re.compile(rb'r="([A-Za-z]{2,}|[A-Za-z]?(?=\d{6}))(\d+)"')
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
            column_number(m.group(1)),
            int(m.group(2)),
            column_number(m.group(3) or m.group(1)),
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
        raise too_large(
            "merges", name, ranges=count, cells=cells,
            limit_ranges=schema.MAX_MERGED_RANGES, limit_cells=schema.MAX_MERGED_CELLS,
        )  # fmt: skip


def _last_column(xml: bytes) -> int:
    """The largest column any cell reference names."""
    return max((column_number(letters) for letters in set(_COLUMN_LETTERS.findall(xml))), default=0)


def check_shared_text(strings: bytes | None, sheets_xml: dict[str, bytes]) -> None:
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
        raise too_large("shared_strings", size_mb=megabytes(total), limit_mb=megabytes(schema.MAX_SHARED_TEXT))


def formulas_without_value_cells(xml: bytes) -> set[tuple[int, int]]:
    cells = set()
    for match in _CELL.finditer(xml):
        inner = match.group(2)
        if not any(tag in inner for tag in _FORMULA) or _VALUE.search(inner):
            continue
        ref = _REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)) - 1, column_number(ref.group(1)) - 1))
    return cells


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
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
            cells[(int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)] = text
        at = xml.find(b't="e"', at + 5)
    return cells
