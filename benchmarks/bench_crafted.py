"""How fast, and in how much memory, the command line answers crafted files (benchmarks/crafted.py).

Each file is checked by `python -m jwp_data validate FILE --json` run in-process by a probe (a fresh
interpreter per file); the figures are the wall time of that command and the peak resident memory of the
probe and its worker together.

    python -m benchmarks.bench_crafted
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import crafted

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import contextlib, io, json, resource, sys, time
from jwp_data.cli import main
out = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stdout(out):
    code = main(["validate", sys.argv[1], "--json"])
seconds = time.perf_counter() - started
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
codes = [e["code"] for e in json.loads(out.getvalue())["errors"]]
print(json.dumps({"exit": code, "codes": codes, "seconds": seconds, "peak_mb": peak / 1024}))
"""


_ANNOTATE_PROBE = """
import json, resource, sys, time
from jwp_data.workbook.annotate import annotate_workbook
from jwp_data.workbook.reader import inspect
from jwp_data.workbook.validate import validate_workbook
data = open(sys.argv[1], "rb").read()
cells = sum(f.cells for f in inspect(data).values())
issues = validate_workbook(data).issues
started = time.perf_counter()
annotate_workbook(data, issues, "en", "book.xlsx")
seconds = time.perf_counter() - started
print(json.dumps({"cells": cells, "seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def annotate_at_the_cap() -> dict:
    """The marked-up copy of the largest workbook that is still marked cell by cell (one problem in it)."""
    from benchmarks.make_large import large_content
    from jwp_data.workbook.template import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "at_cap.xlsx"
        content = large_content(500, 2_500, 2_500)
        content["indicators"][0]["measure"] = "number"  # one problem to mark
        write_workbook(path, content)
        done = subprocess.run(
            [sys.executable, "-c", _ANNOTATE_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
        )
    return json.loads(done.stdout)


def write_cases(folder: Path) -> dict[str, Path]:
    paths = {}
    for n, (label, (build, _)) in enumerate(crafted.CASES.items()):
        path = folder / f"{n:02d}{'.ods' if label.startswith('.ods') else '.xlsx'}"
        path.write_bytes(build())
        paths[label] = path
    return paths


def measure_all() -> list[dict]:
    """One row per crafted file: label, size, exit code, codes, seconds, peak MB."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        # written by another process, so that the probes do not inherit its memory high-water mark
        subprocess.run([sys.executable, "-m", "benchmarks.bench_crafted", "--write", folder], cwd=ROOT, check=True)
        for n, label in enumerate(crafted.CASES):
            path = next(Path(folder).glob(f"{n:02d}.*"))
            done = subprocess.run(
                [sys.executable, "-c", _PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            )
            rows.append({"label": label, "kb": path.stat().st_size / 1024, **json.loads(done.stdout)})
    return rows


def slowest_and_largest(rows: list[dict]) -> tuple[dict, dict]:
    refused = [r for r in rows if r["exit"] == 1]
    return max(refused, key=lambda r: r["seconds"]), max(refused, key=lambda r: r["peak_mb"])


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        write_cases(Path(sys.argv[2]))
        return
    rows = measure_all()
    print(f"{'file':<34}{'KB':>7}{'exit':>5}  {'answered with':<20}{'seconds':>8}{'peak MB':>9}")
    for r in rows:
        codes = ",".join(dict.fromkeys(r["codes"])) or "(valid)"
        print(f"{r['label']:<34}{r['kb']:>7.0f}{r['exit']:>5}  {codes:<20}{r['seconds']:>8.3f}{r['peak_mb']:>9.0f}")
    slowest, largest = slowest_and_largest(rows)
    print(f"slowest refusal: {slowest['label']}, {slowest['seconds']:.3f} s (goal: within 10 s)")
    print(f"largest refusal: {largest['label']}, {largest['peak_mb']:.0f} MB peak (goal: within 500 MB)")
    marked = annotate_at_the_cap()
    print(
        f"marked-up copy of a {marked['cells']:,}-cell workbook (the cap is 50,000): {marked['seconds']:.2f} s, "
        f"{marked['peak_mb']:.0f} MB peak for the process (goal: under 5 s and 300 MB)"
    )


if __name__ == "__main__":
    main()
