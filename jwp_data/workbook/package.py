"""A workbook file as a zip package, opened the way spreadsheet readers open it (any letter case, `\\` read as
`/`), with the refusals that need no sheet: not a workbook, encrypted, old or binary formats, macros, too large
unpacked, XML declarations. Also what every reader shares: the facts measured of a sheet, and the errors."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from defusedxml import ElementTree

from jwp_data.workbook import schema
from jwp_data.workbook.issues import WorkbookError, make_issue

FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # its name in an OLE2 directory
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
XML_SUFFIXES = (".xml", ".rels", ".vml")

# Cell-level patterns, on bytes. `(?:\w+:)?` admits a namespace prefix (`<x:c`), which calamine also reads.


@dataclass
class SheetFacts:
    """What a sheet would cost to parse, read from its bytes: how far it reaches and what it holds."""

    name: str
    rows: int = 0  # the farthest row (1-based), header included
    columns: int = 0  # the farthest column (1-based)
    cells: int = 0  # cell elements in the file
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def too_large_file(size: int) -> WorkbookError:
    return WorkbookError(
        [make_issue("too_large", variant="file", size_mb=megabytes(size), limit_mb=megabytes(schema.MAX_FILE_BYTES))]
    )


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def not_xlsx(variant: str = "", **context) -> WorkbookError:
    return WorkbookError([make_issue("not_xlsx", variant=variant, **context)])


def too_large(variant: str, sheet: str | None = None, **context) -> WorkbookError:
    return WorkbookError([make_issue("too_large", sheet, variant=variant, **context)])


def short_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


class Package:
    """A zip package with its member names normalised as readers see them: `/` for `\\`, any letter case."""

    def __init__(self, data: bytes):
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise not_xlsx() from None
        self.members: dict[str, zipfile.ZipInfo] = {}
        for member in members:
            key = part_key(member.filename)
            if any(segment in (".", "..") for segment in key.split("/")):
                # `xl/worksheets/./sheet2.xml`: one reader resolves it, another reads it as written
                raise not_xlsx("part_name", name=shown_name(member.filename))
            if key in self.members:  # two parts that readers cannot tell apart: which one is read depends on the reader
                raise not_xlsx("duplicate_part", name=shown_name(member.filename))
            self.members[key] = member
        names = self.members.keys()
        if "encryptedpackage" in names:
            raise not_xlsx("encrypted")
        unpacked = sum(m.file_size for m in members)
        if unpacked > schema.MAX_UNPACKED_BYTES:
            raise too_large("unpacked", size_mb=megabytes(unpacked), limit_mb=megabytes(schema.MAX_UNPACKED_BYTES))
        mimetype = self.read("mimetype", check_xml=False) if "mimetype" in names else b""
        self.is_ods = mimetype.strip() == ODS_MIME
        if mimetype.startswith(b"application/vnd.oasis.opendocument") and not self.is_ods:
            raise not_xlsx()
        types = self.read("[content_types].xml") or b"" if not self.is_ods else b""
        lowered = types.lower()
        if any(name.endswith("workbook.bin") for name in names) or b"sheet.binary" in lowered:
            raise not_xlsx("xlsb")  # checked first: Excel declares every .xlsb "macroEnabled"
        if (
            any(name.endswith("vbaproject.bin") for name in names)
            or b"macroenabled" in lowered
            or b"vbaproject" in lowered
            or (self.is_ods and any(n.startswith(("basic/", "scripts/")) and not n.endswith("/") for n in names))
        ):
            raise WorkbookError([make_issue("macro_content")])

    def has(self, path: str) -> bool:
        return part_key(path) in self.members

    def read(self, path: str, check_xml: bool = True) -> bytes | None:
        """A member's bytes, inflated in bounded chunks (a member that lies about its size is refused)."""
        member = self.members.get(part_key(path))
        if member is None:
            return None
        try:
            # zipfile stops at the member's declared size (the declared sizes add up to at most the unpacked
            # limit) and checks its CRC, so a member that lies about its size is refused instead of inflating
            with self.archive.open(member) as stream:
                raw = stream.read(member.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise not_xlsx("damaged", detail=short_reason(exc)) from None
        # `!` alone is found at memory speed; most parts hold none, and then no `<!` either
        if check_xml and b"!" in raw and b"<!" in raw and any(marker in raw for marker in FORBIDDEN_XML):
            raise not_xlsx("xml_declaration")
        return raw

    def xml(self, path: str):
        raw = self.read(path)
        if raw is None:
            return None
        try:
            return ElementTree.fromstring(raw)
        except Exception as exc:  # defusedxml raises its own classes for entity attacks
            if "Forbidden" in type(exc).__name__ or "DTD" in type(exc).__name__:
                raise not_xlsx("xml_declaration") from None
            raise not_xlsx("damaged", detail=short_reason(exc)) from None


def part_key(name: str) -> str:
    """A part's name as readers match it: `/` for `\\`, no leading or doubled `/`, any letter case."""
    return re.sub("/{2,}", "/", name.replace("\\", "/")).lstrip("/").lower()


def shown_name(name: str) -> str:
    """A part's name as a message quotes it: printable, and not too long."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in name)
    return printable if len(printable) <= 80 else printable[:79] + "…"


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def relationships(package: Package, part: str) -> list[tuple[str, str, str]]:
    """(id, type, resolved target path) of a part's relationships; external targets are left out."""
    folder, name = dirname(part), part.rsplit("/", 1)[-1]
    rels = package.xml(join(folder, "_rels", name + ".rels"))
    found = []
    for rel in rels.iter() if rels is not None else ():
        if local_name(rel.tag) != "Relationship" or rel.get("TargetMode", "").lower() == "external":
            continue
        target = rel.get("Target", "").replace("\\", "/")
        path = target.lstrip("/") if target.startswith("/") else normpath(join(folder, target))
        found.append((rel.get("Id", ""), rel.get("Type", ""), path))
    return found


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    """Column letters to a 1-based number (A = 1)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number
