"""Workbooks built in code: a small valid matrix, and helpers to break it one way at a time."""

from __future__ import annotations

import copy
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from jwp_data.workbook import schema

PROGRAMME = {
    "programme_id": "TEST-1",
    "title_en": "Test programme",
    "title_zh": "测试方案",
    "start": date(2010, 1, 1),
    "end": date(2011, 12, 31),
    "as_of": date(2011, 5, 31),
}
OBJECTIVES = [
    {"objective_id": "OO1", "title_en": "Advocacy", "title_zh": "倡导"},
    {"objective_id": "OO2", "title_en": "Policy", "title_zh": "政策"},
]
INDICATORS = [
    {
        "indicator_id": "I1",
        "objective_id": "OO1",
        "accomplishment_en": "Forums informed",
        "indicator_en": "Forums contributed to",
        "measure": "count",
        "target": 4,
        "headline": "yes",
        "unit_en": "forums",
    },
    {
        "indicator_id": "I2",
        "objective_id": "OO1",
        "accomplishment_en": "Parties informed",
        "indicator_en": "Recommendations reflected",
        "measure": "percent",
        "target": 50,
    },
    {
        "indicator_id": "I3",
        "objective_id": "OO2",
        "accomplishment_en": "Framework",
        "indicator_en": "Framework agreed",
        "measure": "milestone",
    },
]
RESULTS = [
    {"indicator_id": "I1", "reported_on": date(2011, 5, 31), "actual": 5},
    {"indicator_id": "I2", "reported_on": date(2011, 5, 31), "actual": 20},
    {"indicator_id": "I3", "reported_on": date(2011, 5, 31), "rating": "in progress"},
]
EVIDENCE = [{"indicator_id": "I1", "item_en": f"Forum {n}", "date": date(2010, n, 1)} for n in range(1, 6)]


JUNE, DECEMBER, MAY = date(2010, 6, 30), date(2010, 12, 31), date(2011, 5, 31)
THREE_DATES_RESULTS = [
    {"indicator_id": "I1", "reported_on": JUNE, "actual": 1},
    {"indicator_id": "I2", "reported_on": JUNE, "actual": 10},
    {"indicator_id": "I3", "reported_on": JUNE, "rating": "not started"},
    {"indicator_id": "I1", "reported_on": DECEMBER, "actual": 3},
    {"indicator_id": "I3", "reported_on": DECEMBER, "rating": "in progress"},
    {"indicator_id": "I1", "reported_on": MAY, "actual": 5, "qualifier": ">"},
    {"indicator_id": "I2", "reported_on": MAY, "actual": 20},
    {"indicator_id": "I3", "reported_on": MAY, "rating": "in progress"},
]


def three_dates_content() -> dict:
    """The small valid workbook reported on three dates (June 2010, December 2010, May 2011), no evidence."""
    content = valid_content()
    content["Results"] = THREE_DATES_RESULTS
    del content["Evidence"]
    return content


def write_three_dates_book(path):
    content = three_dates_content()
    return write_rows(path, {name: rows_for(name, value) for name, value in content.items()})


def valid_content() -> dict:
    """A fresh copy of the small valid workbook's content."""
    return copy.deepcopy(
        {
            "Programme": PROGRAMME,
            "Objectives": OBJECTIVES,
            "Indicators": INDICATORS,
            "Results": RESULTS,
            "Evidence": EVIDENCE,
        }
    )


def rows_for(sheet: str, content) -> list[list]:
    """Header and data rows for a sheet given as records (or, for Programme, a field dict)."""
    if sheet == "Programme":
        return [["field", "value"]] + [[k, v] for k, v in content.items()]
    spec = next(s for s in schema.SHEETS if s.name == sheet)
    used = [c for c in spec.column_names if any(c in r for r in content)]
    required = [c.name for c in spec.columns if c.required]
    header = [c for c in spec.column_names if c in used or c in required]
    return [header] + [[r.get(c) for c in header] for r in content]


def write_rows(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write sheets given as lists of rows (first row = header) to an .xlsx file."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# --- how many behaviours the tests check -----------------------------------------------------------------------


def pytest_addoption(parser):
    parser.addoption(
        "--behaviours",
        action="store_true",
        help="after collecting, list per test file how many behaviours (test functions) and items it has",
    )


def pytest_report_collectionfinish(config, start_path, items):
    """Beside pytest's count of items (one per parameter set), the count of behaviours: test functions."""
    per_file: dict[str, tuple[set, int]] = {}
    for item in items:
        path, _, name = item.nodeid.partition("::")
        functions, count = per_file.get(path, (set(), 0))
        functions.add(name.partition("[")[0])
        per_file[path] = (functions, count + 1)
    behaviours = sum(len(functions) for functions, _ in per_file.values())
    files = f"{len(per_file)} file" + ("s" if len(per_file) != 1 else "")
    lines = [f"{behaviours} behaviours (test functions) in {files}, {len(items)} items"]
    if config.getoption("behaviours"):
        width = max((len(path) for path in per_file), default=0)
        lines += [f"  {'file':<{width}}  behaviours  items"]
        for path, (functions, count) in sorted(per_file.items()):
            lines.append(f"  {path:<{width}}  {len(functions):>10}  {count:>5}")
    return lines


def require_images() -> None:
    """Skip a test of server-side chart images where no browser can render them (fail instead in CI)."""
    import os

    from jwp_data.export import images

    reason = images.unavailable_reason()
    if reason and os.environ.get("JWP_REQUIRE_BROWSER"):
        pytest.fail(f"JWP_REQUIRE_BROWSER is set but kaleido cannot render: {reason}")
    if reason:
        pytest.skip(f"kaleido cannot render here: {reason}")


def button(at, label: str):
    """The AppTest button with this label (fails, listing the buttons there are, if none)."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} among {[b.label for b in at.button]}"
    return matches[0]


def labels(elements) -> list[str]:
    """The texts of AppTest elements."""
    return [e.value for e in elements]


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once():
    """Each new AppTest scans every installed package for Streamlit components (a third of a second, more than most
    pages take to run); the installed packages do not change while the tests run, so they are scanned once."""
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # a Streamlit without that scan
        yield
        return
    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(found))
        yield


@pytest.fixture(autouse=True)
def fresh_server(tmp_path, monkeypatch):
    """Each test: its own empty version store, no editor password, and empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("JWP_STORE", str(tmp_path / "store" / "jwp.sqlite3"))
    monkeypatch.delenv("JWP_EDITOR_PASSWORD", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
    _remove_server_log_handlers()


def _remove_server_log_handlers() -> None:
    """An AppTest runs app.py, which gives the loggers the server's stderr handler; the next test starts without."""
    import logging

    for name in ("jwp_data", "ui", "jwp"):
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if h.get_name() == "jwp-server-log"]:
            logger.removeHandler(handler)


class _SpareWorkers:
    """Stands in for `subprocess` inside jwp_data.workbook.sandbox: the worker it is asked to start was started
    ahead of time (the same `python -m jwp_data.workbook.sandbox`, waiting for its call on standard input), and the
    next one starts at once, while this one works. A worker costs an interpreter and its imports (about half a
    second); this way a test with an upload does not wait for them. The worker reads no environment variable, so a
    spare started during an earlier test serves as well; one with another command or import path is not used.
    """

    PIPE, DEVNULL, TimeoutExpired = subprocess.PIPE, subprocess.DEVNULL, subprocess.TimeoutExpired

    def __init__(self):
        self._spare: tuple[tuple, subprocess.Popen] | None = None

    def Popen(self, command, **options):  # the name the sandbox calls
        wanted = (tuple(command), options.get("env", {}).get("PYTHONPATH"))
        spare, self._spare = self._spare, None
        if spare is not None and spare[0] == wanted and spare[1].poll() is None:
            process = spare[1]
        else:
            if spare is not None:
                self._end(spare[1])
            process = subprocess.Popen(command, **options)
        self._spare = (wanted, subprocess.Popen(command, **options))
        return process

    @staticmethod
    def _end(process: subprocess.Popen) -> None:
        process.kill()
        process.communicate()

    def close(self) -> None:
        if self._spare is not None:
            self._end(self._spare[1])
            self._spare = None


@pytest.fixture(scope="session")
def _spare_workers():
    workers = _SpareWorkers()
    yield workers
    workers.close()


@pytest.fixture
def spare_workers(_spare_workers, monkeypatch):
    """Uploads in AppTests are read in workers started ahead of time (see _SpareWorkers): the same processes, sooner."""
    from jwp_data.workbook import sandbox

    monkeypatch.setattr(sandbox, "subprocess", _spare_workers)


@pytest.fixture
def make_book(tmp_path):
    """Build a workbook from the valid content with changes: make_book(Results=[...], Evidence=None)."""
    counter = iter(range(10_000))

    def build(**changes) -> Path:
        content = valid_content()
        for sheet, value in changes.items():
            if value is None:
                content.pop(sheet, None)
            else:
                content[sheet] = value
        sheets = {name: rows_for(name, value) for name, value in content.items()}
        return write_rows(tmp_path / f"book{next(counter)}.xlsx", sheets)

    return build


@pytest.fixture
def write_book(tmp_path):
    """Write raw sheets (lists of rows) to a workbook in tmp_path."""
    counter = iter(range(10_000))

    def build(sheets: dict[str, list[list]]) -> Path:
        return write_rows(tmp_path / f"raw{next(counter)}.xlsx", sheets)

    return build


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A small .xlsx-looking zip whose sheet unpacks to 210 MiB (the limit is 200 MiB)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b" " * (1 << 20)
            for _ in range(210):
                sheet.write(block)
    return buffer.getvalue()


# --- version store backends: SQLite always, PostgreSQL when a server is at hand ---

POSTGRES_ENV = "JWP_TEST_POSTGRES"  # a postgresql:// URL of a server the tests may create schemas in
REQUIRE_POSTGRES_ENV = "JWP_REQUIRE_POSTGRES"  # set (as in CI): no PostgreSQL is a failure, not a skip


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL URL: $JWP_TEST_POSTGRES, or a throwaway cluster started from the installed server
    binaries for this test session (stopped at its end); None when neither is possible."""
    import os

    url = os.environ.get(POSTGRES_ENV, "").strip()
    if url:
        yield url
        return
    import shutil
    import tempfile

    from postgres_cluster import server_binaries, start, stop

    # Not under pytest's own temporary folder: that one is private to this user (0700, reset by every
    # pytest run), and the server runs as the `postgres` user when the tests run as root.
    folder = Path(tempfile.mkdtemp(prefix="jwp-postgres-"))
    try:
        url = start(folder) if server_binaries() else None
    except Exception as exc:  # reported through the skip reason below
        url, problem = None, f"could not start a PostgreSQL cluster: {exc}"
    else:
        problem = "no PostgreSQL server binaries (apt-get install postgresql) and no JWP_TEST_POSTGRES"
    if url is None:
        shutil.rmtree(folder, ignore_errors=True)
        yield problem
        return
    try:
        yield url
    finally:
        stop(folder)
        shutil.rmtree(folder, ignore_errors=True)


def postgres_schema_url(server: str) -> str:
    """A fresh, empty schema on the server, as a store URL (its search_path names the schema)."""
    import os
    import uuid

    if not server.startswith("postgresql://"):
        if os.environ.get(REQUIRE_POSTGRES_ENV):
            pytest.fail(f"{REQUIRE_POSTGRES_ENV} is set but {server}")
        pytest.skip(server)
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path):
    """Where a fresh, empty store lives: an SQLite file, or a PostgreSQL schema (each test its own)."""
    if request.param == "sqlite":
        return str(tmp_path / "stores" / "store.sqlite3")
    return postgres_schema_url(request.getfixturevalue("postgres_server"))


def publish_book(store, data: bytes, file_name: str, who: str, note: str = "", **options):
    """Publish as the dashboard does: the file is validated first and the store is given its programme and
    its model file (as the upload worker makes them)."""
    from jwp_data import WorkbookError
    from jwp_data.workbook import model_file

    validation, model = model_file.checked(data)
    if not validation.valid:
        raise WorkbookError(validation.issues)
    options.setdefault("model", model)
    return store.publish(data, file_name, who, note, programme=validation.matrix.programme, **options)


class Clock:
    """A clock the store's throttle and drafts read instead of the time: tests move it on by hand."""

    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()
