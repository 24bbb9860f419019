"""What the six languages add to the warm-up at server start (ui/warm.py, run by serve.py).

Each run is a fresh process (nothing cached, no catalogue read yet) warming an empty store, so the shipped
workbook only: once with every language of the picker, once with English and Chinese as before the six, once with
English alone. Wall-clock seconds are printed, never asserted.

    python -m benchmarks.bench_warm [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# In the child: the languages are chosen before ui.warm reads them, the store is a new empty file.
_CHILD = """
import json, logging, sys, time
import jwp_data.i18n as i18n
i18n.LANGUAGES = tuple(sys.argv[1].split(","))
from streamlit.logger import set_log_level
set_log_level("error")
import re
from ui.warm import LOG, warm
said = []
LOG.addHandler(type("Kept", (logging.Handler,), {"emit": lambda self, record: said.append(record.getMessage())})())
LOG.setLevel(logging.INFO)
seconds = warm()
words = float(re.search(r"; ([0-9.]+) s of it", said[-1]).group(1))
print(json.dumps({"seconds": seconds, "languages": words}))
"""


def warm_seconds(languages: tuple[str, ...], store: Path) -> dict[str, float]:
    """Seconds one fresh process takes to warm up with these languages: in all, and for the words and figures."""
    env = {"JWP_STORE": str(store), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, ",".join(languages)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def warm_rows(runs: int) -> list[tuple[str, str, str]]:
    from jwp_data.i18n import LANGUAGES

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for label, languages in (
            (f"{len(LANGUAGES)} languages", LANGUAGES),
            ("en and zh", ("en", "zh")),
            ("en only", ("en",)),
        ):
            times = [warm_seconds(languages, Path(folder) / f"store-{label}-{n}.sqlite3") for n in range(runs)]
            whole = statistics.median(t["seconds"] for t in times)
            words = statistics.median(t["languages"] for t in times)
            rows.append((f"warm-up, shipped workbook, {label}", f"{whole:.2f} s", f"{words:.2f} s"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'':<50} {'in all':>8} {'words and figures':>18}  (medians of {args.runs})")
    for figure, whole, words in warm_rows(args.runs):
        print(f"{figure:<50} {whole:>8} {words:>18}")


if __name__ == "__main__":
    main()
