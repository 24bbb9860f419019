"""Refusing bad and crafted files before parsing: not an xlsx, too large, zip bombs, XML entities."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from pathlib import Path

import pytest

from jwp_data import validate_workbook
from jwp_data.workbook import schema, xlsx_parts
from jwp_data.workbook.package import column_number


def codes(result):
    return [(i.code, i.sheet) for i in result.errors]


def rewrite(path: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The workbook's package with some parts replaced or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def results_part(path: Path) -> str:
    """Path of the Results sheet inside the package (openpyxl numbers sheets in creation order)."""
    with zipfile.ZipFile(path) as archive:
        assert "xl/worksheets/sheet4.xml" in archive.namelist()
    return "xl/worksheets/sheet4.xml"


def test_text_file_renamed_xlsx_is_not_xlsx(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("indicator,actual\nOO1,5\n")
    result = validate_workbook(path)
    assert codes(result) == [("not_xlsx", None)]
    assert "Excel Workbook (*.xlsx)" in result.errors[0].message("en")


def test_old_xls_format_is_named(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = validate_workbook(path)
    assert codes(result) == [("not_xlsx", None)]
    assert ".xls" in result.errors[0].message("en")


def test_zip_that_is_not_a_workbook_is_not_xlsx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert codes(validate_workbook(buffer.getvalue())) == [("not_xlsx", None)]


def test_file_over_20_mb_is_too_large_before_reading(tmp_path):
    path = tmp_path / "big.xlsx"
    with path.open("wb") as handle:
        handle.truncate(schema.MAX_FILE_BYTES + 1)
    result = validate_workbook(path)
    assert codes(result) == [("too_large", None)]
    assert "20 MB" in result.errors[0].message("en")


def test_file_object_over_20_mb_reports_its_real_size():
    result = validate_workbook(io.BytesIO(b"PK" + b"\0" * (21 * 1024 * 1024)))
    assert codes(result) == [("too_large", None)]
    assert "The file is 21 MB" in result.errors[0].message("en")


def test_bytes_over_20_mb_are_too_large():
    assert codes(validate_workbook(b"PK" + b"\0" * schema.MAX_FILE_BYTES)) == [("too_large", None)]


def test_zip_bomb_is_refused_from_the_zip_directory(make_book):
    bomb = io.BytesIO()
    with zipfile.ZipFile(make_book()) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
        with target.open("xl/media/padding.bin", "w") as padding:
            block = b"\0" * (1 << 20)
            for _ in range(schema.MAX_UNPACKED_BYTES // len(block) + 1):
                padding.write(block)
    data = bomb.getvalue()
    assert len(data) < 400_000  # small on disk, over 200 MB unpacked
    result = validate_workbook(data)
    assert codes(result) == [("too_large", None)]
    assert "unpacks" in result.errors[0].message("en")


def test_zip_member_lying_about_its_size_is_refused(make_book):
    path = make_book()
    part = results_part(path)
    with zipfile.ZipFile(path) as archive:
        original = archive.read(part)
    padded = original.replace(b"</sheetData>", b"</sheetData>" + b" " * 5_000_000)
    data = bytearray(rewrite(path, {part: padded}))
    # make the central directory claim the part is only as large as the original
    offset = 0
    while True:
        offset = data.find(b"PK\x01\x02", offset)
        assert offset != -1
        name_length = struct.unpack("<H", data[offset + 28 : offset + 30])[0]
        if data[offset + 46 : offset + 46 + name_length].decode() == part:
            struct.pack_into("<I", data, offset + 24, len(original))
            break
        offset += 4
    result = validate_workbook(bytes(data))
    assert [code for code, _ in codes(result)] == ["not_xlsx"]
    assert "damaged" in result.errors[0].message("en")


def test_xml_entity_attack_is_refused(make_book):
    path = make_book()
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        b"<si><t>&lol3;</t></si></sst>"
    )
    with zipfile.ZipFile(path) as archive:
        has_strings = "xl/sharedStrings.xml" in archive.namelist()
    data = (
        rewrite(path, {"xl/sharedStrings.xml": laughs})
        if has_strings
        else rewrite(path, {}, {"xl/sharedStrings.xml": laughs})
    )
    result = validate_workbook(data)
    assert codes(result) == [("not_xlsx", None)]
    assert "XML declarations" in result.errors[0].message("en")


def test_sheet_with_too_many_rows_is_refused_before_parsing(make_book):
    path = make_book()
    part = results_part(path)
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(2, schema.MAX_ROWS_PER_SHEET + 3)
    )
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read(part)
    start, end = sheet.index(b"<sheetData>") + len(b"<sheetData>"), sheet.index(b"</sheetData>")
    data = rewrite(path, {part: sheet[:start] + b'<row r="1"><c r="A1"><v>1</v></c></row>' + rows + sheet[end:]})
    result = validate_workbook(data)
    assert codes(result) == [("too_large", "Results")]
    assert "100,001" in result.errors[0].message("en")


def test_damaged_package_is_not_xlsx(make_book):
    data = make_book().read_bytes()
    result = validate_workbook(data[: len(data) // 2])
    assert [code for code, _ in codes(result)] == ["not_xlsx"]


@pytest.mark.parametrize("kind", ["path", "str", "bytes", "file"])
def test_sources_can_be_paths_bytes_or_file_objects(make_book, kind):
    path = make_book()
    source = {"path": path, "str": str(path), "bytes": path.read_bytes(), "file": io.BytesIO(path.read_bytes())}[kind]
    assert validate_workbook(source).valid


# Pieces of sheet XML (with `{p}` for the part's namespace prefix), joined at random so that tags and attributes
# fall across the scan's blocks; the byte searches they are checked against are the reader's former ones.
_PIECES = [
    b'<{p}row r="7">',
    b'<{p}row r="100001">',
    b"<{p}row>",
    b"<{p}rowBreaks/>",
    b"</{p}row>",
    b'<{p}c r="B7" t="e">',
    b"<{p}c r='AB12'>",
    b'<{p}c r="a123456">',
    b'<{p}c r="123456">',
    b'<{p}c r="XFD1048576" s="1">',
    b'<{p}c s="1" r="C3">',
    b"<{p}c>",
    b"<{p}c/>",
    b"<{p}c\n",
    b'<{p}col min="1"/>',
    b"<{p}f>SUM(A1:A3)</{p}f>",
    b'<{p}f t="shared" si="0"/>',
    b"<{p}f/>",
    b"<{p}v>#N/A</{p}v>",
    b"<{p}is><{p}t>",
    b"<t>note:c </t>",
    b'text with r="ZZ9" and t="e" in it',
    b"t='e'",
    b'r="AB"',
    b'r="A12345"',
    b'xr="QQ1"',
    b"<x:c ",
    b"<long.prefix-1:row>",
    b"</long.prefix-1:c>",
    b"<",
    b":",
    b"x:",
    b"r",
    b'="',
    b't="',
    b'e"',
    b'"',
    b"=",
    b"f>",
    b"AA",
    b"999999",
    b"</{p}c>",
    b"<!-- -->",
]

_FAR = re.compile(rb"""r=["']([A-Za-z]{2,}|[A-Za-z]?(?=\d{6}))(\d+)["']""")
_START = rb"<(?:[A-Za-z0-9_.\-\x80-\xff]{0,32}:)?"


def _pieces(prefix: bytes) -> list[bytes]:
    return [piece.replace(b"{p}", prefix) for piece in _PIECES]


def _searched(xml: bytes) -> tuple:
    """What the one-pass scan should find, by regular expressions over the whole part."""
    rows = len(re.findall(_START + rb"row[ \t\r\n/>]", xml))
    cells = len(re.findall(_START + rb"c[ \t\r\n/>]", xml))
    plain = len(re.findall(_START + rb"(?:row|c) r=[\"']", xml))
    formulas = re.search(_START + rb"f[ \t\r\n/>]", xml) is not None
    errors = re.search(rb"t=[\"']e[\"']", xml) is not None
    far = _FAR.findall(xml)
    far_row = max((int(digits) for _, digits in far if len(digits) >= 6), default=0)
    far_column = max((column_number(letters) for letters, _ in far if len(letters) >= 2), default=0)
    return (rows, cells, plain < rows + cells, formulas, errors, far_row, far_column)


@pytest.mark.parametrize("block", [3, 8, 13, 64, 1 << 22])
@pytest.mark.parametrize("prefix", [b"", b"x:", b"sml.2-a:"])
def test_the_one_pass_scan_finds_what_regular_expressions_find_whatever_the_prefix_and_blocks(
    monkeypatch, block, prefix
):
    monkeypatch.setattr(xlsx_parts, "_BLOCK", block)
    rng = random.Random(block)
    pieces = _pieces(prefix)
    for _ in range(120):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        scan = xlsx_parts.scan_tags(xml)
        found = (
            scan.rows,
            scan.cells,
            scan.positional,
            scan.formulas,
            scan.error_values,
            scan.far_row,
            scan.far_column,
        )
        assert found == _searched(xml), xml


def test_far_references_are_read_wherever_the_blocks_end(monkeypatch):
    monkeypatch.setattr(xlsx_parts, "_BLOCK", 64)
    xml = b"".join(b'<c r="A%d"/><c r="AB%d"/>' % (n, n) for n in range(99_990, 100_010))
    scan = xlsx_parts.scan_tags(xml)
    assert (scan.far_row, scan.far_column) == (100_009, 28) == _searched(xml)[5:]
