"""Measuring an .xlsx sheet part from its bytes before it is parsed: how far it reaches, how many cells and
merged cells it holds, how much shared text its cells point to, and which cells hold formulas without a value
or error values. One numpy pass per part finds the tags; regular expressions look only where a bound says
they might matter."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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

# Patterns on bytes. Element names may carry any namespace prefix (`<x:c`), which calamine reads like none;
# attribute values may be in single or double quotes.
_NAME = rb"[^\s<>/:!?=\"']+"  # a namespace prefix
_CELL = re.compile(rb"<(?:" + _NAME + rb":)?c\s([^>]*?)(?<!/)>(.*?)</(?:" + _NAME + rb":)?c>", re.DOTALL)
_REF = re.compile(rb"""\br\s*=\s*["']([A-Za-z]+)(\d+)["']""")
_VALUE = re.compile(rb"<(?:" + _NAME + rb":)?v>[^<]")
_FORMULA = re.compile(rb"<(?:" + _NAME + rb":)?f[\s/>]")  # inside one cell's XML
_ERROR_VALUE = re.compile(rb"<(?:" + _NAME + rb":)?v>([^<]*)<")
_DIMENSION = re.compile(rb"""<(?:""" + _NAME + rb""":)?dimension\s+ref\s*=\s*["']([^"']*)["']""")
_MERGE = re.compile(
    rb"<(?:" + _NAME + rb":)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?[\"']"
)
_MERGE_TAG = re.compile(rb"[<:]mergeCell[\s/>]")
_SHARED_REF = re.compile(rb"""\st\s*=\s*["']s["'][^>]*>\s*<(?:""" + _NAME + rb""":)?v>\s*(\d+)\s*<""")
_SHARED_ITEM = re.compile(rb"<(?:" + _NAME + rb":)?si(?:\s[^>]*)?(?:/>|>(.*?)</(?:" + _NAME + rb":)?si>)", re.DOTALL)
# an inline string's content: runs of text between tags, up to its end tag (unrolled: no character-by-character step)
_INLINE = re.compile(
    rb"<(?:" + _NAME + rb":)?is(?:\s[^>]*)?>([^<]*(?:<(?!/(?:" + _NAME + rb":)?is>)[^<]*)*)</(?:" + _NAME + rb":)?is>"
)
_MARKUP = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&#?\w+;")
_INLINE_TAG = re.compile(rb"[<:]is[\s>]")
_DEFINED_NAME = re.compile(rb"<(?:" + _NAME + rb":)?definedName[\s/>]")
# A row or cell start tag, its attributes read as XML reads them (a `>` may stand inside a quoted value).
_ROW_OR_CELL = re.compile(rb"<(?:" + _NAME + rb":)?(row|c)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_R_ATTRIBUTE = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF_PARTS = re.compile(rb"\s*([A-Za-z]*)(\d*)")


def inspect_xlsx(package: Package) -> dict[str, SheetFacts]:
    # The workbook part is where the package's relationships say (officeDocument), whatever its name.
    roots = [path for _, kind, path in relationships(package, "") if kind.endswith("/officeDocument")]
    workbook = roots[0] if roots else "xl/workbook.xml"
    _check_defined_names(package.read(workbook) or b"")
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
    check_text(strings, sheets_xml, facts)
    return {name: facts[name] for name in sheet_parts if name in facts}


def _check_defined_names(workbook: bytes) -> None:
    """Refuse a workbook part with more defined names than any workbook needs, before it is parsed."""
    if workbook.count(b"definedName") <= 2 * schema.MAX_DEFINED_NAMES + 2:  # start and end tags, and the list
        return
    count = len(_DEFINED_NAME.findall(workbook))
    if count > schema.MAX_DEFINED_NAMES:
        raise too_large("defined_names", names=count, limit=schema.MAX_DEFINED_NAMES)


def measure_sheet(name: str, xml: bytes) -> SheetFacts:
    """How far a sheet reaches and how much it holds, refusing it if parsing it would cost too much."""
    facts = SheetFacts(name)
    scan = scan_tags(xml)
    facts.cells = scan.cells  # cell start tags, whatever their prefix (an upper bound)
    last_row, last_column = scan.far_row, scan.far_column  # of references past column Z or row 99,999
    head = xml.find(b"sheetData")
    dimension = _DIMENSION.search(xml, 0, head if head >= 0 else len(xml))
    if dimension:
        end = _REF_TEXT.findall(dimension.group(1))
        if end:
            letters, number = end[-1]
            last_row = max(last_row, int(number))
            last_column = max(last_column, column_number(letters))
    _refuse_past_limits(facts, max(last_row, scan.rows), last_column)
    if scan.positional:
        # some rows or cells are written without `r="…"` first: calamine places those after the one before
        rows, columns = _positions(xml)
        _refuse_past_limits(facts, max(last_row, rows, scan.rows), max(last_column, columns))
    if facts.columns > 26:
        # A sheet wider than Z could hold a rectangle over the limit below row 100,000: find its last row.
        _refuse_past_limits(facts, max(facts.rows, _last_row(xml)), facts.columns)
    _check_merges(name, xml, facts)
    if scan.formulas:
        facts.formulas_without_value = formulas_without_value_cells(xml)
    if scan.error_values:
        facts.errors = error_cells(xml)
    return facts


def _refuse_past_limits(facts: SheetFacts, rows: int, columns: int) -> None:
    """Record how far the sheet reaches; refuse it if that, or the rectangle it spans, is past the limits."""
    name = facts.name
    facts.rows = max(facts.rows, rows)
    if facts.rows > schema.MAX_ROWS_PER_SHEET + 1:
        raise too_large("rows", name, rows=facts.rows - 1, limit=schema.MAX_ROWS_PER_SHEET)
    if columns > schema.MAX_COLUMNS_PER_SHEET:
        letters = column_letters(columns)
        raise too_large("columns", name, letters=letters, columns=columns, limit=schema.MAX_COLUMNS_PER_SHEET)
    facts.columns = max(facts.columns, columns, 26 if facts.cells else 0)
    area = facts.rows * facts.columns
    if max(area, facts.cells) > schema.MAX_CELLS_PER_SHEET:
        raise too_large(
            "cells", name, rows=facts.rows, columns=facts.columns, cells=max(area, facts.cells),
            limit=schema.MAX_CELLS_PER_SHEET,
        )  # fmt: skip


def _positions(xml: bytes) -> tuple[int, int]:
    """The farthest row and column, placing rows and cells as calamine does: where `r` says, else after the one
    before. Stops as soon as either is past its limit."""
    row = column = last_row = last_column = 0
    for match in _ROW_OR_CELL.finditer(xml):
        attribute = _R_ATTRIBUTE.search(match.group(2))
        reference = (attribute.group(1) or attribute.group(2) or b"") if attribute else b""
        letters, digits = _REF_PARTS.match(reference).groups()
        if match.group(1) == b"row":
            row = int(digits) if digits else row + 1
            column = 0
        else:
            column = column_number(letters) if letters else column + 1
            if digits:
                row = max(row, int(digits))
        last_row, last_column = max(last_row, row), max(last_column, column)
        if last_row > schema.MAX_ROWS_PER_SHEET + 1 or last_column > schema.MAX_COLUMNS_PER_SHEET:
            break
    return last_row, last_column


@dataclass
class TagScan:
    """What one pass over a sheet part's bytes finds (see scan_tags)."""

    rows: int = 0  # row start tags, whatever their prefix
    cells: int = 0  # cell start tags, whatever their prefix
    positional: bool = False  # a row or cell start tag that does not begin with r="…": placed by its position
    formulas: bool = False  # a formula start tag
    error_values: bool = False  # a `t="e"` attribute
    far_row: int = 0  # the largest row of a reference written with six digits or more (`r="A100000"`)
    far_column: int = 0  # the largest column of a reference written with two letters or more (`r="AA1"`)


_BLOCK = 1 << 22  # bytes looked at in one go: a few arrays of positions, whatever the part's size
_PREFIX_LENGTH = 32  # a longer namespace prefix is taken for a start tag without looking further back
_LETTERS, _DIGITS = 4, 12  # read of a reference: more letters or digits than this are past any limit anyway
_BEHIND, _AHEAD = _PREFIX_LENGTH + 2, _LETTERS + _DIGITS + 8  # bytes before and after a block that a tag may reach
_LT, _COLON, _SLASH, _EQUALS = ord("<"), ord(":"), ord("/"), ord("=")


def scan_tags(xml: bytes) -> TagScan:
    """Count the row and cell start tags, look for formulas, error values and far references, in one pass.

    numpy finds every `<` and `:` of a block once and looks at the few bytes around them: a local name `row`,
    `c` or `f` followed by a space, `>` or `/` is a start tag when it follows `<`, or `:` after a namespace
    prefix that itself follows `<` (an end tag `</x:c>` is not one). A reference `r="…"` (or `r='…'`) written with
    two letters or more, or six digits or more, is read where it stands, as numbers, whatever the blocks.
    """
    data = np.frombuffer(xml, dtype=np.uint8)
    own = len(data)
    found = TagScan()
    plain = 0  # start tags that begin with r="…"
    for start in range(0, own, _BLOCK):
        end = min(start + _BLOCK, own)
        # the block with the bytes around it, zeros where the part ends, so that every index below is inside it
        block = data[max(start - _BEHIND, 0) : end + _AHEAD]
        front = _BEHIND - (start - max(start - _BEHIND, 0))
        back = (end - start) + _AHEAD + _BEHIND - front - len(block)
        if front or back:
            block = np.concatenate([np.zeros(front, np.uint8), block, np.zeros(back, np.uint8)])
        mine = block[_BEHIND : _BEHIND + end - start]
        at = np.flatnonzero((mine == _LT) | (mine == _COLON)) + _BEHIND  # every `<` and `:`
        name = block[at + 1]
        cell = at[(name == ord("c")) & _ends_name(block[at + 2])]
        row = at[
            (name == ord("r")) & (block[at + 2] == ord("o")) & (block[at + 3] == ord("w")) & _ends_name(block[at + 4])
        ]
        formula = at[(name == ord("f")) & _ends_name(block[at + 2])]
        cell, row, formula = (_start_tags(block, where) for where in (cell, row, formula))
        found.cells += len(cell)
        found.rows += len(row)
        found.formulas = found.formulas or len(formula) > 0
        plain += _count_plain(block, cell + 2) + _count_plain(block, row + 4)
        quote = np.flatnonzero(mine == _EQUALS) + _BEHIND + 1  # after every `=` (fewer than quotes)
        quote = quote[_is_quote(block[quote])]
        before = block[quote - 2]
        if not found.error_values:
            t = quote[before == ord("t")]
            found.error_values = bool(np.any((block[t + 1] == ord("e")) & _is_quote(block[t + 2])))
        _read_far(block, quote[before == ord("r")] + 1, found)  # the reference's first character, after r="
    found.positional = plain < found.rows + found.cells
    return found


def _read_far(block: np.ndarray, first: np.ndarray, found: TagScan) -> None:
    """Read the references starting at these positions as numbers; keep the farthest row and column."""
    letters = np.zeros(len(first), dtype=np.int64)
    column = np.zeros(len(first), dtype=np.int64)
    going = np.ones(len(first), dtype=bool)
    for offset in range(_LETTERS):
        code = block[first + offset]
        going &= _is_letter(code)
        column = np.where(going, column * 26 + (code | 32) - 96, column)
        letters += going
    if _LETTERS and going.any():  # five letters or more: past any column
        column[going & _is_letter(block[first + _LETTERS])] = 26**_LETTERS
    row = np.zeros(len(first), dtype=np.int64)
    digits = np.zeros(len(first), dtype=np.int64)
    going = np.ones(len(first), dtype=bool)
    for offset in range(_DIGITS):
        code = block[first + letters + offset]
        going &= _is_digit(code)
        row = np.where(going, row * 10 + code - 48, row)
        digits += going
    row[going & _is_digit(block[first + letters + _DIGITS])] = 10**_DIGITS  # more digits: past any row
    closed = _is_quote(block[first + letters + np.minimum(digits, _DIGITS)]) | going
    real = (digits > 0) & closed
    deep, wide = real & (digits >= 6), real & (letters >= 2)
    if deep.any():
        found.far_row = max(found.far_row, int(row[deep].max()))
    if wide.any():
        found.far_column = max(found.far_column, int(column[wide].max()))


def _start_tags(block: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Of these positions of `<` or `:` before a local name, those that begin a start tag."""
    opened = block[at] == _LT
    colon = np.flatnonzero(~opened)
    if len(colon) == 0:
        return at
    keep = opened.copy()
    where = at[colon]
    alive = np.ones(len(colon), dtype=bool)  # still walking back over the prefix
    for back in range(1, _PREFIX_LENGTH + 1):
        byte = block[where - back]
        here = alive & (byte == _LT)
        keep[colon[here]] = True
        keep[colon[here & (block[where - back + 1] == _SLASH)]] = False  # an end tag
        alive &= ~here & _is_name(byte)
    keep[colon[alive]] = True  # a prefix longer than any real one: counted, to be safe
    return at[keep]


def _count_plain(block: np.ndarray, after_name: np.ndarray) -> int:
    """How many of these tags go on with one space and r=" (or r=')."""
    return int(
        np.count_nonzero(
            (block[after_name] == ord(" "))
            & (block[after_name + 1] == ord("r"))
            & (block[after_name + 2] == _EQUALS)
            & _is_quote(block[after_name + 3])
        )
    )


def _ends_name(codes: np.ndarray) -> np.ndarray:
    return (codes == ord(" ")) | (codes == ord(">")) | (codes == _SLASH) | (codes == 9) | (codes == 10) | (codes == 13)


def _is_quote(codes: np.ndarray) -> np.ndarray:
    return (codes == 34) | (codes == 39)


def _is_name(codes: np.ndarray) -> np.ndarray:
    return (
        _is_letter(codes)
        | _is_digit(codes)
        | (codes == ord("_"))
        | (codes == ord("-"))
        | (codes == ord("."))
        | (codes >= 128)
    )


def _is_letter(codes: np.ndarray) -> np.ndarray:
    folded = codes | 32
    return (folded >= ord("a")) & (folded <= ord("z"))


def _is_digit(codes: np.ndarray) -> np.ndarray:
    return (codes >= ord("0")) & (codes <= ord("9"))


_REF_TEXT = re.compile(rb"([A-Za-z]+)(\d+)")
_ROW_NUMBERS = re.compile(rb"""\br\s*=\s*["']\s*[A-Za-z]{0,3}(\d+)""")
_COLUMN_LETTERS = re.compile(rb"""\br\s*=\s*["']\s*([A-Za-z]{1,3})\d""")


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
    if b"mergeCell" not in outside:
        return
    count = sum(1 for _ in _MERGE_TAG.finditer(outside))
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


def check_text(strings: list[bytes | None], sheets_xml: dict[str, bytes], facts: dict[str, SheetFacts]) -> None:
    """Refuse cells that together hold more text than the limit: shared text they point to (one long string in
    many cells) and text written in the cells themselves (inline strings, `t="inlineStr"`).

    Cheap bounds first (cells x longest shared string; the size of each part that holds inline text); the exact
    sums only when those bounds are over the limit.
    """
    cells = sum(sheet.cells for sheet in facts.values())
    inline_parts = [xml for xml in sheets_xml.values() if b"is" in xml and _INLINE_TAG.search(xml)]
    inline_bound = sum(len(xml) for xml in inline_parts)
    shared_bound = sum(cells * len(candidate) for candidate in strings if candidate)
    if shared_bound + inline_bound <= schema.MAX_SHARED_TEXT:
        return
    shared = max((_shared_text(candidate, sheets_xml) for candidate in strings if candidate), default=0)
    inline = 0
    if shared + inline_bound > schema.MAX_SHARED_TEXT:
        inline = sum(_text_length(match.group(1)) for xml in inline_parts for match in _INLINE.finditer(xml))
    total = shared + inline
    if total <= schema.MAX_SHARED_TEXT:
        return
    limit_mb = megabytes(schema.MAX_SHARED_TEXT)
    if shared > schema.MAX_SHARED_TEXT:  # over the limit on shared text alone
        raise too_large("shared_strings", size_mb=megabytes(total), limit_mb=limit_mb)
    raise too_large("text", size_mb=megabytes(total), limit_mb=limit_mb)


def _text_length(content: bytes) -> int:
    """The bytes of text (UTF-8) in an inline string's content, its tags (`<t>`, rich-text runs) left out and each
    character reference (`&amp;`, `&#20013;`) counted as the character it stands for."""
    if b"<" not in content and b"&" not in content:
        return len(content)
    length = len(content) - sum(map(len, _MARKUP.findall(content)))
    if b"&" in content:
        length -= sum(len(reference) - _character_bytes(reference) for reference in _ENTITY.findall(content))
    return length


def _character_bytes(reference: bytes) -> int:
    """How many UTF-8 bytes the character a reference (`&#20013;`, `&#x4e2d;`, `&amp;`) stands for takes."""
    if reference.startswith(b"&#"):
        digits = reference[2:-1]
        try:
            number = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
        except ValueError:
            return len(reference)
        return 1 if number < 0x80 else 2 if number < 0x800 else 3 if number < 0x10000 else 4
    return 1


def _shared_text(strings: bytes, sheets_xml: dict[str, bytes]) -> int:
    """The bytes of shared text all cells together point to."""
    lengths = [len(match.group(1) or b"") for match in _SHARED_ITEM.finditer(strings)]
    if not lengths:
        return 0
    total = 0
    for xml in sheets_xml.values():
        counts = Counter(_SHARED_REF.findall(xml))
        for index, n in counts.items():
            position = int(index)
            total += n * (lengths[position] if position < len(lengths) else 0)
    return total


def formulas_without_value_cells(xml: bytes) -> set[tuple[int, int]]:
    cells = set()
    for match in _CELL.finditer(xml):
        inner = match.group(2)
        if not _FORMULA.search(inner) or _VALUE.search(inner):
            continue
        ref = _REF.search(match.group(1))
        if ref:
            cells.add((int(ref.group(2)) - 1, column_number(ref.group(1)) - 1))
    return cells


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells holding an Excel error value (t="e"), which calamine reads as empty."""
    cells = {}
    for marker in (b't="e"', b"t='e'"):
        at = xml.find(marker)
        while at >= 0:
            start = xml.rfind(b"<", 0, at)  # the cell's start tag: attribute values hold no '<'
            close = xml.find(b">", xml.find(b"</", at))
            element = xml[start : close + 1] if close >= 0 else xml[start:at]
            ref = _REF.search(element)
            value = _ERROR_VALUE.search(element)
            if ref:
                text = value.group(1).decode("utf-8", "replace")[:20] if value else "#VALUE!"
                cells[(int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)] = text
            at = xml.find(marker, at + 5)
    return cells
