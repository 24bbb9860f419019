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


if __name__ == "__main__" and not (len(sys.argv) >= 2 and sys.argv[1] == "--flood"):
    main()


# --- a flood: hostile uploads in flight while an editor uploads the shipped workbook ---------------------------

FLOOD = (  # the six files of issue 20 that took the workers longest
    "prefixed rows (x:row), one far column",
    ".ods ten-digit repeat count",
    "450 columns of cells without r=",
    "101 MB of inline text",
    "a million defined names",
    ".ods rows repeated, leading zeros",
)

# Run in a process with threads, as the server is: each upload is sandbox.validate (what ui/source.py calls),
# from its own thread, named by its client where the code has clients (it had none before issue 20).
_FLOOD_PROBE = """
import contextlib, json, resource, sys, threading, time
from jwp_data.workbook import sandbox
try:
    from jwp_data.workbook import pool
except ImportError:
    pool = None
client = getattr(sandbox, "on_behalf_of", lambda name: contextlib.nullcontext())
legit = open(sys.argv[1], "rb").read()
hostile = [open(path, "rb").read() for path in sys.argv[2:]]
keep = threading.Thread(target=threading.Event().wait, daemon=True)  # a server has threads
keep.start()
if pool is not None:
    pool.start()
    with client("warm-up"):
        sandbox.validate(legit)  # the server starts its zygote at start-up, before any visitor
def upload(data, who):
    started = time.perf_counter()
    with client(who):
        result = sandbox.validate(data)
    return time.perf_counter() - started, [i.code for i in result.errors][:1]
def call_nothing():
    started = time.perf_counter()
    with client("editor"):
        sandbox.call(len, b"")
    return time.perf_counter() - started
start = sorted(call_nothing() for _ in range(5))
plain = sorted(upload(legit, "editor")[0] for _ in range(5))
answers = {}
def attack(n, data):
    answers[n] = upload(data, "attacker")
flood = [threading.Thread(target=attack, args=(n, data)) for n, data in enumerate(hostile)]
started = time.perf_counter()
for thread in flood:
    thread.start()
time.sleep(0.3)  # the six are in flight
during, codes = upload(legit, "editor")
for thread in flood:
    thread.join()
peaks = list(getattr(sandbox, "peak_memory_mb", lambda: [])())
peaks.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
print(json.dumps({"start": start[2], "plain": plain[len(plain) // 2], "during": during, "legit_codes": codes,
                  "flood_seconds": time.perf_counter() - started,
                  "hostile": [answers[n] for n in sorted(answers)], "peak_mb": max(peaks)}))
"""


def flood(root: Path = ROOT, costly: bool = False) -> dict:
    """Six hostile uploads in flight and one legitimate one, in a fresh process with threads started in `root` (a
    checkout of the code to measure): the legitimate one's time to answer, alone and during the flood."""
    from tests.paths import SHIPPED_WORKBOOK

    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, label in enumerate(FLOOD):
            build = crafted.costly_within_limits if costly else crafted.CASES[label][0]
            path = Path(folder) / f"{n}{'.ods' if label.startswith('.ods') and not costly else '.xlsx'}"
            path.write_bytes(build())
            paths.append(str(path))
        done = subprocess.run(
            [sys.executable, "-c", _FLOOD_PROBE, str(SHIPPED_WORKBOOK), *paths],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def flood_rows(root: Path = ROOT) -> list[tuple[str, str, str]]:
    rows = []
    first = True
    for costly, what in ((False, "issue 20's six files"), (True, "six costly files within the byte limits")):
        figures = flood(root, costly)
        if first:
            rows.append(
                ("a worker's start and answer, in a server (nothing to read)", f"{figures['start'] * 1000:.0f} ms", "")
            )
            first = False
        rows.append(
            (f"upload of the shipped workbook, checked (alone, {what} run)", f"{figures['plain']:.2f} s", "≤ 1 s")
        )
        rows.append(
            (f"upload of the shipped workbook while {what} are in flight", f"{figures['during']:.2f} s", "≤ 2 s")
        )
        slowest = max(seconds for seconds, _ in figures["hostile"])
        rows.append((f"{what}: last answered", f"{slowest:.1f} s", ""))
        rows.append((f"{what}: peak memory of one worker", f"{figures['peak_mb']:.0f} MB", "≤ 512 MB + start"))
    return rows


if __name__ == "__main__" and len(sys.argv) >= 2 and sys.argv[1] == "--flood":
    for figure, value, goal in flood_rows(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT):
        print(f"{figure:<85}{value:>10}  {goal}")
