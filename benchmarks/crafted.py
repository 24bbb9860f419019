"""Files crafted as an attacker (or an unusual program) would write them, built in code from the shipped workbook.

Used by the tests (each case is refused, or read, as it should be) and by `benchmarks.bench_crafted` (how fast
and in how little memory). Each builder returns the file's bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from jwp_data.workbook import schema
from jwp_data.workbook.package import column_letters
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
RESULTS_PART = "xl/worksheets/sheet5.xml"  # the shipped workbook's Results sheet
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts(path=SHIPPED_WORKBOOK) -> dict[str, bytes]:
    """The members of a package, in order."""
    with zipfile.ZipFile(path) as archive:
        return {item.filename: archive.read(item.filename) for item in archive.infolist()}


def package(members: dict[str, bytes]) -> bytes:
    """A zip package of these members, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_results(sheet_data: bytes, after: bytes = b"") -> bytes:
    """The shipped workbook with the Results sheet's rows replaced (and elements added after the rows)."""
    members = parts()
    sheet = members[RESULTS_PART]
    start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    end = sheet.index(b"</sheetData>")
    sheet = sheet[:start] + sheet_data + b"</sheetData>" + after + sheet[end + len(b"</sheetData>") :]
    members[RESULTS_PART] = re.sub(rb'<dimension ref="[^"]*"/>', b"", sheet)
    return package(members)


HEADER = b'<row r="1"><c r="A1" t="inlineStr"><is><t>indicator_id</t></is></c></row>'


def sparse_rows() -> bytes:
    """A header in A1 and one value in J1048576: calamine would fill the rectangle between (14 s, 850 MB)."""
    return with_results(HEADER + b'<row r="1048576"><c r="J1048576"><v>1</v></c></row>')


def sparse_range() -> bytes:
    """A header in A1 and one value in XFD1048576: calamine asks for tens of GB and the process aborts."""
    return with_results(HEADER + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def sparse_columns() -> bytes:
    """A value in XFD2: a sheet 16,384 columns wide."""
    return with_results(HEADER + b'<row r="2"><c r="XFD2"><v>1</v></c></row>')


def far_dimension() -> bytes:
    """A <dimension> that claims the whole grid, with a few cells."""
    members = parts()
    members[RESULTS_PART] = re.sub(
        rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', members[RESULTS_PART]
    )
    return package(members)


def merge_bomb() -> bytes:
    """2,000 copies of one merged range A1:Z20000 over a sheet that reaches Z20000."""
    merges = b'<mergeCells count="2000">' + b'<mergeCell ref="A1:Z20000"/>' * 2000 + b"</mergeCells>"
    return with_results(HEADER + b'<row r="20000"><c r="Z20000"><v>1</v></c></row>', merges)


def shared_strings_bomb() -> bytes:
    """20,000 cells that all point to one 32,000-character shared string (a 111 KB file that needs 1.35 GB)."""
    members = parts()
    text = b"x" * 32_000
    members["xl/sharedStrings.xml"] = (
        b'<sst xmlns="' + MAIN_NS + b'" count="20000" uniqueCount="1"><si><t>' + text + b"</t></si></sst>"
    )
    rels = members["xl/_rels/workbook.xml.rels"]
    members["xl/_rels/workbook.xml.rels"] = rels.replace(
        b"</Relationships>",
        b'<Relationship Type="' + REL_NS + b'/sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>',
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rows = b"".join(
        b'<row r="%d">' % r + b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (c, r) for c in (b"A", b"B")) + b"</row>"
        for r in range(2, 10_002)
    )
    sheet = members[RESULTS_PART]
    start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    end = sheet.index(b"</sheetData>")
    members[RESULTS_PART] = sheet[:start] + HEADER + rows + sheet[end:]
    return package(members)


def _long_rows(first: int, last: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in (first, last))


def renamed_part() -> bytes:
    """The Results sheet stored as `sheet5.dat` (the relationships say so), reaching row 200,000."""
    members = parts()
    sheet = members.pop(RESULTS_PART)
    start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    end = sheet.index(b"</sheetData>")
    members["xl/worksheets/sheet5.dat"] = sheet[:start] + HEADER + _long_rows(2, 200_000) + sheet[end:]
    rels = members["xl/_rels/workbook.xml.rels"]
    members["xl/_rels/workbook.xml.rels"] = rels.replace(b"sheet5.xml", b"sheet5.dat")
    return package(members)


def recased_part() -> bytes:
    """The Results sheet stored as `XL/WORKSHEETS/SHEET5.XML` while the relationships say sheet5.xml."""
    members = parts()
    sheet = members.pop(RESULTS_PART)
    start = sheet.index(b"<sheetData>") + len(b"<sheetData>")
    end = sheet.index(b"</sheetData>")
    members["XL/WORKSHEETS/SHEET5.XML"] = sheet[:start] + HEADER + _long_rows(2, 200_000) + sheet[end:]
    return package(members)


def backslash_names() -> bytes:
    """The shipped workbook with every member name written with backslashes (as some Windows tools do)."""
    return package({name.replace("/", "\\"): data for name, data in parts().items()})


def _moved(members: dict[str, bytes]) -> dict[str, bytes]:
    """The package with the folder `xl/` renamed `data/`: the workbook part is found only through `_rels/.rels`."""
    moved = {}
    for name, data in members.items():
        moved[("data/" + name[3:]) if name.startswith("xl/") else name] = data.replace(b"/xl/", b"/data/")
    moved["_rels/.rels"] = moved["_rels/.rels"].replace(b"xl/workbook.xml", b"data/workbook.xml")
    return moved


def unusual_path() -> bytes:
    """The shipped workbook with its parts under `data/` instead of `xl/`."""
    return package(_moved(parts()))


def unusual_path_bomb() -> bytes:
    """A workbook under `data/` whose Results sheet reaches row 1,048,576."""
    return package(_moved(parts(io.BytesIO(sparse_range()))))


STRICT = {
    MAIN_NS: b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    REL_NS: b"http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_ooxml() -> bytes:
    """The shipped workbook in Strict Open XML's namespaces (Excel's 'Strict Open XML Spreadsheet')."""
    members = {}
    for name, data in parts().items():
        for old, new in STRICT.items():
            data = data.replace(old, new)
        members[name] = data
    return package(members)


def encrypted() -> bytes:
    """The start of an OLE2 compound file whose directory holds an EncryptedPackage stream (a password)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 34) + b"\0" * 62
    return header + entry + b"\0" * 1024


def old_xls() -> bytes:
    """The start of an OLE2 compound file holding a Workbook stream (an .xls file)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entry = "Workbook".encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 18) + b"\0" * 62
    return header + entry + b"\0" * 1024


def xlsb() -> bytes:
    """A binary workbook (.xlsb): a zip package whose workbook part is xl/workbook.bin."""
    return package(
        {
            "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/xl/workbook.bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.'
            b'main"/></Types>',
            "xl/workbook.bin": b"\x83\x01\x00",
        }
    )


def macros() -> bytes:
    """The shipped workbook with a VBA project added, under its .xlsx name."""
    members = parts()
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\0" * 512
    return package(members)


def macro_content_type() -> bytes:
    """The shipped workbook declaring itself macro-enabled in its content types (no VBA part)."""
    members = parts()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    return package(members)


def error_value() -> bytes:
    """The shipped workbook with #DIV/0! saved as the value of the first result's actual (C2)."""
    members = parts()
    sheet = members[RESULTS_PART]
    members[RESULTS_PART] = re.sub(
        rb'<c r="C2"[^>]*?(/>|>.*?</c>)', b'<c r="C2" t="e"><v>#DIV/0!</v></c>', sheet, count=1
    )
    return package(members)


# --- OpenDocument ------------------------------------------------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def _ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if hasattr(value, "isoformat"):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods(sheets: dict[str, list[list]], tail: str = "") -> bytes:
    """An .ods file as LibreOffice writes one: each table ends with the rest of the grid as repeated empty rows.

    `tail` is extra XML placed before the end of the last table.
    """
    tables = []
    names = list(sheets)
    for name in names:
        rows = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>" for row in sheets[name]
        )
        rest = (
            '<table:table-row table:number-rows-repeated="1048500">'
            '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        )
        extra = tail if name == names[-1] else ""
        tables.append(f'<table:table table:name="{escape(name)}">{rows}{extra}{rest}</table:table>')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.3">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def default_sheets() -> dict[str, list[list]]:
    """The shipped workbook's five sheets as rows of values."""
    from jwp_data.workbook.reader import read_bytes, read_sheets

    raw = read_sheets(read_bytes(SHIPPED_WORKBOOK), tuple(s.name for s in schema.SHEETS))
    return {sheet.name: sheet.rows for sheet in raw.values()}


def ods_default() -> bytes:
    """The shipped workbook saved as .ods."""
    return ods(default_sheets())


def ods_sparse_rows() -> bytes:
    """An .ods whose last table has a value after a million repeated empty rows."""
    far = (
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        '<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row>"
    )
    return ods(default_sheets(), far)


def ods_repeated_values() -> bytes:
    """An .ods row holding a value repeated over 16,384 columns, itself repeated 1,000 times."""
    row = (
        '<table:table-row table:number-rows-repeated="1000"><table:table-cell office:value-type="float" '
        'office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell>'
        "</table:table-row>"
    )
    return ods(default_sheets(), row)


def ods_macros() -> bytes:
    """An .ods carrying a LibreOffice Basic module."""
    out = io.BytesIO(ods_default())
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<module/>")
    return out.getvalue()


# --- the second round (issue 20): forms the first byte checks did not see -----------------------------


def prefixed_cells(rows: int, columns: int, prefix: bytes = b"x") -> bytes:
    """Results rows and cells written with a namespace prefix (`<x:row>`, `<x:c>`), rows 2 to rows + 1."""
    cells = b"".join(b'<%s:c r="%s%%d"/>' % (prefix, column_letters(c).encode()) for c in range(1, columns + 1))
    declared = b' xmlns:%s="%s"' % (prefix, MAIN_NS)
    row = b'<%s:row%s r="%%d">' % (prefix, declared) + cells + b"</%s:row>" % prefix
    count = columns + 1
    return with_results(HEADER + b"".join(row % ((n,) * count) for n in range(2, rows + 2)))


def prefixed_rows() -> bytes:
    """99,999 Results rows written `<x:row>`, one of them reaching column GR: 20 million cells as a rectangle."""
    declared = b' xmlns:x="%s"' % MAIN_NS
    rows = b"".join(
        b'<x:row%s r="%d"><x:c r="A%d"><x:v>1</x:v></x:c></x:row>' % (declared, n, n) for n in range(2, 100_000)
    )
    return with_results(HEADER + rows + b'<x:row%s r="100000"><x:c r="GR100000"/></x:row>' % declared)


def cells_without_reference(columns: int) -> bytes:
    """A Results row of `columns` cells written without `r=`: calamine places each after the one before."""
    return with_results(HEADER + b'<row r="2">' + b"<c><v>1</v></c>" * columns + b"</row>")


def rows_without_reference(rows: int) -> bytes:
    """`rows` Results rows written without `r=` after the header: rows 2 to rows + 1."""
    return with_results(HEADER + b"<row><c><v>1</v></c></row>" * rows)


def leading_zero_rows(last: int) -> bytes:
    """A value in row `last` of Results, its row and cell references written with leading zeros."""
    return with_results(HEADER + b'<row r="%010d"><c r="A%010d"><v>1</v></c></row>' % (last, last))


def single_quoted_reference() -> bytes:
    """A value in XFD2 whose reference is written in single quotes (XML allows either)."""
    return with_results(HEADER + b"<row r='2'><c r='XFD2'><v>1</v></c></row>")


def inline_text(size: int, cell: int = 1 << 20) -> bytes:
    """Results cells holding `size` bytes of inline text (`t="inlineStr"`), `cell` bytes to a cell."""
    count, rest = divmod(size, cell)
    lengths = [cell] * count + ([rest] if rest else [])
    rows = b"".join(
        b'<row r="%d"><c r="F%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (n, n, b"x" * length)
        for n, length in enumerate(lengths, start=2)
    )
    return with_results(HEADER + rows)


def dot_segment_part(name: str = "xl/worksheets/./sheet5.xml") -> bytes:
    """A second Results part whose name, resolved, is the first's: this copy reaches row 1,048,576."""
    members = parts()
    members[name] = parts(io.BytesIO(sparse_rows()))[RESULTS_PART]
    return package(members)


def defined_names(count: int) -> bytes:
    """The shipped workbook with `count` defined names (each a cell of Results)."""
    members = parts()
    names = b"".join(b'<definedName name="n%d">Results!$A$1</definedName>' % n for n in range(count))
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"<definedNames/>", b"<definedNames>" + names + b"</definedNames>"
    )
    return package(members)


def million_defined_names() -> bytes:
    """A million defined names: parsed, the workbook part alone held 635 MB."""
    return defined_names(1_000_000)


def ods_repeats(rows: str = "1", columns: str = "1") -> bytes:
    """An .ods whose last table ends with a value cell repeated `columns` times in a row repeated `rows` times,
    the counts written as given (any number of digits, leading zeros)."""
    row = (
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="float" '
        f'office:value="1" table:number-columns-repeated="{columns}"><text:p>1</text:p></table:table-cell>'
        "</table:table-row>"
    )
    return ods(default_sheets(), row)


def ods_ten_digit_rows() -> bytes:
    """An 800-byte trick: a row holding a value, repeated 1,000,000,000 times."""
    return ods_repeats(rows="1000000000")


def ods_leading_zero_rows() -> bytes:
    """200,000 rows written as a repeat count with leading zeros."""
    return ods_repeats(rows="0000200000")


def ods_leading_zero_columns() -> bytes:
    """16,384 columns written as a repeat count with leading zeros."""
    return ods_repeats(columns="0000016384")


def ods_repeated_text() -> bytes:
    """A 100 KB text in one cell, repeated over 200 columns and 10,000 rows (the text limit, not the cell limit)."""
    row = (
        '<table:table-row table:number-rows-repeated="10000"><table:table-cell office:value-type="string" '
        f'table:number-columns-repeated="200"><text:p>{"x" * 100_000}</text:p></table:table-cell>'
        "</table:table-row>"
    )
    return ods(default_sheets(), row)


def costly_within_limits(rows: int = 24_000, columns: int = 200) -> bytes:
    """Results filled with numbers to just under the cell limit (4,800,000 cells): it passes the byte checks, and
    reading it costs the worker seconds and hundreds of megabytes."""
    letters = [column_letters(c).encode() for c in range(1, columns + 1)]
    template = b'<row r="%d">' + b"".join(b'<c r="' + c + b'%d"><v>7</v></c>' for c in letters) + b"</row>"
    return with_results(HEADER + b"".join(template % ((n,) * (columns + 1)) for n in range(2, rows + 2)))


# label -> (builder, the error code it must get, or None when it must read as valid)
CASES = {
    "sparse range (XFD1048576)": (sparse_range, "too_large"),
    "sparse rows (J1048576)": (sparse_rows, "too_large"),
    "sparse columns (XFD2)": (sparse_columns, "too_large"),
    "dimension A1:XFD1048576": (far_dimension, "too_large"),
    "merge bomb": (merge_bomb, "too_large"),
    "shared strings bomb": (shared_strings_bomb, "too_large"),
    "renamed sheet part (.dat)": (renamed_part, "too_large"),
    "re-cased sheet part": (recased_part, "too_large"),
    "workbook at unusual path, bomb": (unusual_path_bomb, "too_large"),
    "password-protected": (encrypted, "not_xlsx"),
    "old .xls": (old_xls, "not_xlsx"),
    ".xlsb": (xlsb, "not_xlsx"),
    "macros (vbaProject.bin)": (macros, "macro_content"),
    "macro-enabled content type": (macro_content_type, "macro_content"),
    "error value #DIV/0!": (error_value, "cell_error"),
    ".ods sparse rows": (ods_sparse_rows, "too_large"),
    ".ods repeated values": (ods_repeated_values, "too_large"),
    ".ods with macros": (ods_macros, "macro_content"),
    "prefixed rows (x:row), one far column": (prefixed_rows, "too_large"),
    "450 columns of cells without r=": (lambda: cells_without_reference(450), "too_large"),
    "200,000 rows without r=": (lambda: rows_without_reference(200_000), "too_large"),
    "row reference with leading zeros": (lambda: leading_zero_rows(200_000), "too_large"),
    "single-quoted reference (XFD2)": (single_quoted_reference, "too_large"),
    "101 MB of inline text": (lambda: inline_text(101 * 1024 * 1024), "too_large"),
    "dot-segment part (xl/worksheets/./)": (dot_segment_part, "not_xlsx"),
    "a million defined names": (million_defined_names, "too_large"),
    ".ods ten-digit repeat count": (ods_ten_digit_rows, "too_large"),
    ".ods rows repeated, leading zeros": (ods_leading_zero_rows, "too_large"),
    ".ods columns repeated, leading zeros": (ods_leading_zero_columns, "too_large"),
    ".ods one text repeated": (ods_repeated_text, "too_large"),
    "backslash names": (backslash_names, None),
    "workbook at unusual path": (unusual_path, None),
    "Strict OOXML": (strict_ooxml, None),
    ".ods": (ods_default, None),
}
