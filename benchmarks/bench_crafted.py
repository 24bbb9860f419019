"""How fast, and in how much memory, crafted files are refused: a zip bomb, a lying zip, XML entities.

Each file is checked in a fresh process; the figures are the wall time of `validate_workbook` and the
process's peak resident memory.

    python -m benchmarks.bench_crafted
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from jwp_data import schema

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "data" / "jwp_2010_2011.xlsx"

_PROBE = """
import json, resource, sys, time
from jwp_data import validate_workbook
started = time.perf_counter()
result = validate_workbook(sys.argv[1])
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"codes": [i.code for i in result.errors], "seconds": seconds, "peak_mb": peak_mb}))
"""


def _copy_with(extra: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """About 300 KB on disk; its directory says it unpacks to more than 200 MB."""
    out = io.BytesIO(_copy_with())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target, target.open("xl/media/fill.bin", "w") as fill:
        for _ in range(schema.MAX_UNPACKED_BYTES // (1 << 20) + 1):
            fill.write(b"\0" * (1 << 20))
    return out.getvalue()


def lying_zip() -> bytes:
    """A sheet that inflates to 150 MB while the zip directory says it is tiny."""
    part = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(DEFAULT) as source:
        original = source.read(part)
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != part:
                target.writestr(item.filename, source.read(item.filename))
                continue
            with target.open(part, "w") as sheet:
                sheet.write(original)
                for _ in range(150):
                    sheet.write(b" " * (1 << 20))
    data = bytearray(out.getvalue())
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        length = struct.unpack("<H", data[offset + 28 : offset + 30])[0]
        if data[offset + 46 : offset + 46 + length].decode() == part:
            struct.pack_into("<I", data, offset + 24, len(original))
        offset += 4
    return bytes(data)


def entities() -> bytes:
    """A billion-laughs shared-strings part."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + n]), (b"&" + bytes([97 + n]) + b";") * 10) for n in range(8))
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;</t></si></sst>'
    )
    with zipfile.ZipFile(DEFAULT) as source:
        present = "xl/sharedStrings.xml" in source.namelist()
    if present:
        return _copy_with(replace={"xl/sharedStrings.xml": laughs})
    return _copy_with(extra={"xl/sharedStrings.xml": laughs})


CASES = {"zip bomb": zip_bomb, "lying zip": lying_zip, "XML entities": entities, "default workbook": DEFAULT.read_bytes}


def write_cases(folder: Path) -> None:
    for label, build in CASES.items():
        (folder / f"{label.replace(' ', '_')}.xlsx").write_bytes(build())


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        write_cases(Path(sys.argv[2]))
        return
    print(f"{'file':<18}{'size KB':>9}{'refused as':>16}{'seconds':>9}{'peak MB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        # written by another process, so that the probes do not inherit its memory high-water mark
        subprocess.run([sys.executable, "-m", "benchmarks.bench_crafted", "--write", folder], cwd=ROOT, check=True)
        for label in CASES:
            path = Path(folder) / f"{label.replace(' ', '_')}.xlsx"
            data = path.read_bytes()
            done = subprocess.run(
                [sys.executable, "-c", _PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            )
            figures = json.loads(done.stdout)
            refused = ",".join(figures["codes"]) or "(valid)"
            print(
                f"{label:<18}{len(data) / 1024:>9.0f}{refused:>16}{figures['seconds']:>9.3f}{figures['peak_mb']:>9.0f}"
            )


if __name__ == "__main__":
    main()
