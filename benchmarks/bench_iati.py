"""How long the IATI results XML takes: building it, checking it against the schema and the rules, reading it back.

Built from the default and the 2,000-indicator workbooks, with an IATI identity filled in (the shipped workbook
has none). Wall-clock and processor time are printed, never asserted.

    python -m benchmarks.bench_iati [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses

from benchmarks.bench_exports import cpu_ms, median_ms
from benchmarks.make_large import ensure_large
from jwp_data import read_workbook
from jwp_data.export.iati import iati_bytes, iati_problems
from jwp_data.export.iati_read import read_iati
from tests.paths import SHIPPED_WORKBOOK

IDENTITY = {
    "iati_identifier": "XM-DAC-99999-JWP",
    "reporting_org_ref": "XM-DAC-99999",
    "reporting_org_type": "40",
    "reporting_org_name": "Benchmark",
}


def _with_identity(matrix):
    return dataclasses.replace(matrix, programme=dataclasses.replace(matrix.programme, **IDENTITY))


def iati_rows(runs: int) -> list[tuple[str, str, str]]:
    """(figure, median, goal) rows for the benchmark table."""
    rows = []
    for name, path in (("default", SHIPPED_WORKBOOK), ("large", ensure_large())):
        matrix = _with_identity(read_workbook(path))
        data = iati_bytes(matrix)
        rows.append((f"IATI XML build, {name}", f"{median_ms(lambda m=matrix: iati_bytes(m), runs):.0f} ms", "≤ 1 s"))
        rows.append(
            (f"IATI XML build, processor time, {name}", f"{cpu_ms(lambda m=matrix: iati_bytes(m), runs):.0f} ms", "")
        )
        rows.append((f"IATI XML size, {name}", f"{len(data) / 1e6:.2f} MB", ""))
        rows.append(
            (f"IATI schema and rules check, {name}", f"{median_ms(lambda d=data: iati_problems(d), runs):.0f} ms", "")
        )
        rows.append(
            (
                f"IATI read back to workbook content, {name}",
                f"{median_ms(lambda d=data: read_iati(d), runs):.0f} ms",
                "",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    for figure, median, goal in iati_rows(options.runs):
        print(f"  {figure:<48} {median:>10}  {goal}")


if __name__ == "__main__":
    main()
