"""What a published workbook costs the server now that pages load its stored model, and what a lock costs a page.

1. The million-defined-names file (valid, built in code from the shipped workbook) published straight through
   the store (the upload pre-check refuses it). Each figure is a fresh process, as after a restart:
   - "empty store": the first page with only the shipped workbook (imports, warm caches: the floor);
   - "parse in the server process": what every server did for its first page before models were stored
     (validate_workbook on the stored bytes, in process);
   - "first page, model stored": the Overview's first AppTest run, the version's model loaded from the store;
   - "first page, no model yet": the same for a version stored before models were kept (its model is worked out
     once in a worker and kept), measured on a copy of the store;
   with each process's peak memory, and the sizes of the file and of its model.
2. A lock held by another program (SQLite `BEGIN EXCLUSIVE` in exclusive locking mode; on PostgreSQL, when
   JWP_TEST_POSTGRES names a server, an ACCESS EXCLUSIVE table lock): the rerun of a page
   after a good first run, with every read of the run sharing one wait (now), and with each read waiting
   `read_wait` on its own (before; the shared budget switched off).

    python -m benchmarks.bench_model [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
PAGES = ("overview", "compare", "history")

_FIRST_PAGE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from streamlit.logger import set_log_level
set_log_level("error")
started = time.perf_counter()
if {parse!r}:
    from jwp_data import validate_workbook
    from jwp_data.store import open_store
    assert validate_workbook(open_store().data(1)).valid
else:
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file({app!r}, default_timeout=600).run()
    assert not at.exception, at.exception
    assert at.metric
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

_LOCK_HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode = EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
db.execute("COMMIT")
print("locked", flush=True)
time.sleep(600)
"""


def million_names(count: int = 1_000_000) -> bytes:
    """The shipped workbook with `count` defined names in xl/workbook.xml: valid, and costly to parse."""
    from benchmarks.crafted import package, parts

    path = OUT / f"names-{count}.xlsx"
    if path.exists():
        return path.read_bytes()
    members = parts()
    names = b"".join(b'<definedName name="n%d">Results!$A$1</definedName>' % i for i in range(count))
    book = members["xl/workbook.xml"]
    members["xl/workbook.xml"] = book.replace(b"<definedNames/>", b"<definedNames>" + names + b"</definedNames>")
    data = package(members)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _publish(location: Path, data: bytes) -> tuple[int, float]:
    """Publish through the store as the dashboard does (validated and modelled in a worker); model bytes, seconds."""
    from jwp_data.store import open_store
    from jwp_data.workbook import model_file, sandbox
    from jwp_data.workbook.sandbox import Limits

    # the upload pre-check refuses this file, so it is checked here without it, in a worker with room to parse
    validation, model = sandbox.call(model_file.checked, data, limits=Limits(memory_mb=2048, cpu_seconds=120))
    assert validation.valid, validation.issues[:3]
    store = open_store(location)
    store.publish(data, "names.xlsx", "benchmark", programme=validation.matrix.programme, model=model)
    started = time.perf_counter()
    for _ in range(5):
        model_file.load(store.model(1))
    load = (time.perf_counter() - started) / 5
    store.close()
    return len(model), load


def _fresh_process(location: Path, parse: bool = False) -> dict:
    code = _FIRST_PAGE.format(root=str(ROOT), app=str(ROOT / "app.py"), parse=parse)
    env = {**os.environ, "JWP_STORE": str(location)}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def model_rows(runs: int) -> list[tuple[str, str, str]]:
    """Figures for the million-defined-names file published in a store."""
    data = million_names()
    folder = Path(tempfile.mkdtemp(prefix="jwp-bench-model-"))
    try:
        location = folder / "store.sqlite3"
        model_size, load = _publish(location, data)
        rows = [
            ("million defined names: file / model file", f"{len(data) / 1e6:.1f} / {model_size / 1e3:.0f} kB", ""),
            ("million defined names: load the stored model", f"{load * 1000:.0f} ms", ""),
        ]
        empty = statistics.median(_fresh_process(folder / "empty.sqlite3")["seconds"] for _ in range(runs))
        rows.append(("first page after a restart, empty store (shipped workbook only)", f"{empty:.2f} s", ""))
        for label, parse, without_model in (
            ("parse in the server process (each first page before)", True, False),
            ("first page after a restart, model stored", False, False),
            ("first page after a restart, no model yet (worker, once)", False, True),
        ):
            figures = []
            for _ in range(runs if not without_model else 1):
                where = location
                if without_model:
                    where = folder / "old.sqlite3"
                    shutil.copy(location, where)
                    _drop_models(where)
                figures.append(_fresh_process(where, parse))
            seconds = statistics.median(f["seconds"] for f in figures)
            peak = max(f["peak_mb"] for f in figures)
            goal = "≈ empty store" if not parse and not without_model else ""
            rows.append((f"million defined names: {label}", f"{seconds:.2f} s", goal))
            rows.append((f"million defined names: {label}, process peak", f"{peak:.0f} MB", ""))
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _drop_models(location: Path) -> None:
    import sqlite3

    with sqlite3.connect(location) as db:
        db.execute("UPDATE versions SET model = NULL, model_sha256 = NULL")


@contextmanager
def _sqlite_lock(location: str):
    """Another process holding the SQLite store in exclusive locking mode (readers are shut out)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_LOCK_HOLDER), location], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


@contextmanager
def _postgres_lock(location: str):
    """Another session holding ACCESS EXCLUSIVE locks on the store's tables (readers are shut out)."""
    import psycopg

    with psycopg.connect(location) as other:
        other.execute("LOCK TABLE versions, programmes IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            other.rollback()


def _locked_rerun(page: str, shared: bool, hold) -> float:
    """Seconds of one page rerun while another program holds the store locked (the first run was good)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from jwp_data.store import waits
    from ui import source

    source_of_budgets = waits._source
    if not shared:
        waits.share_budgets(lambda: None)  # as before: each read waits read_wait on its own
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        source.current_store().close()  # its idle connections would stand in the way of an exclusive lock
        with hold(os.environ["JWP_STORE"]):
            st.cache_data.clear()
            started = time.perf_counter()
            at.run()
            seconds = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(at.exception[0].value)
        return seconds
    finally:
        waits.share_budgets(source_of_budgets)


def lock_rows(runs: int) -> list[tuple[str, str, str]]:
    """A page rerun under a reader-blocking lock, with the shared wait and without (the default read_wait), on
    SQLite and, when JWP_TEST_POSTGRES names a server, on PostgreSQL."""
    import streamlit as st

    from jwp_data import settings
    from jwp_data.store import open_store
    from jwp_data.workbook import model_file
    from tests.paths import SHIPPED_WORKBOOK
    from tests.programmes import next_programme_bytes

    backends = [("SQLite", None, _sqlite_lock)]
    server = os.environ.get("JWP_TEST_POSTGRES", "").strip()
    if server.startswith("postgresql://"):
        backends.append(("PostgreSQL", server, _postgres_lock))
    saved = os.environ.get("JWP_STORE")
    rows = []
    for backend, server, hold in backends:
        folder = Path(tempfile.mkdtemp(prefix="jwp-bench-lock-"))
        os.environ["JWP_STORE"] = str(folder / "store.sqlite3") if server is None else _fresh_schema(server)
        try:
            st.cache_resource.clear()
            store = open_store()
            for data in (SHIPPED_WORKBOOK.read_bytes(), next_programme_bytes()):
                validation, model = model_file.checked(data)
                store.publish(data, "workbook.xlsx", "benchmark", programme=validation.matrix.programme, model=model)
            store.close()
            for page in PAGES:
                for shared, label in ((False, "each read waits (before)"), (True, "one wait per run")):
                    seconds = statistics.median(_locked_rerun(page, shared, hold) for _ in range(max(1, runs // 2)))
                    goal = f"≤ {settings.read_wait():.0f} s + page" if shared else ""
                    rows.append((f"{page} under a lock, {backend}, {label}", f"{seconds:.2f} s", goal))
        finally:
            st.cache_resource.clear()
            if saved is None:
                os.environ.pop("JWP_STORE", None)
            else:
                os.environ["JWP_STORE"] = saved
            shutil.rmtree(folder, ignore_errors=True)
    return rows


def _fresh_schema(server: str) -> str:
    """A new, empty schema on the server, as the URL of a store in it."""
    import uuid

    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from streamlit.logger import set_log_level

    set_log_level("error")
    for figure, value, goal in model_rows(args.runs) + lock_rows(args.runs):
        print(f"{figure:<80} {value:>14}  {goal}")


if __name__ == "__main__":
    main()
