"""Store faults come out as StoreError with a kind a page can explain, never as a driver's exception;
viewers keep reading where reading is possible; a publish that fails changes nothing.

The folders and disks here are real: a small tmpfs mounted for the test (read-only by remounting it,
full by filling it) where the machine allows mounting (root with CAP_SYS_ADMIN); otherwise a folder
without write permission for the read-only cases, and the full-disk case is skipped, saying why.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import publish_book, valid_content
from jwp_data.store import StoreError, VersionStore, open_store

ROOT = Path(__file__).resolve().parent.parent


def _book(make_book, title: str = "Test programme") -> bytes:
    return make_book(Programme={**valid_content()["Programme"], "title_en": title}).read_bytes()


def _snapshot(store) -> tuple:
    return store.versions(), store.audit(), store.programmes(), store.current()


class Folder:
    """A folder on its own small filesystem (or a plain folder when mounting is not allowed)."""

    def __init__(self, path: Path, mounted: bool):
        self.path, self.mounted = path, mounted

    def read_only(self) -> None:
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True, capture_output=True)
        else:
            self.path.chmod(0o555)

    def writable(self) -> None:
        if self.mounted:
            subprocess.run(["mount", "-o", "remount,rw", str(self.path)], check=True, capture_output=True)
        else:
            self.path.chmod(0o755)


@contextmanager
def small_filesystem(size: str = "4m") -> Iterator[Folder]:
    path = Path(tempfile.mkdtemp(prefix="jwp-store-fs-"))
    try:
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True
        )
        mounted = result.returncode == 0
    except OSError:
        mounted = False
    try:
        yield Folder(path, mounted)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)
        else:
            path.chmod(0o755)
        subprocess.run(["rm", "-rf", str(path)], capture_output=True)


@pytest.fixture
def folder() -> Iterator[Folder]:
    with small_filesystem() as folder:
        if not folder.mounted and os.geteuid() == 0:
            pytest.skip("running as root without the right to mount: no folder here can be made read-only")
        yield folder


# --- read-only ---


def test_a_read_only_folder_still_shows_every_version_and_refuses_to_publish(folder, make_book):
    path = folder.path / "store.sqlite3"
    store = open_store(path)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    folder.read_only()
    try:
        viewer = open_store(path)  # a server starting on the read-only folder
        assert viewer.current() == first and viewer.data(first.id) == _book_bytes(store, first)
        assert [p.programme_id for p in viewer.programmes()] == ["TEST-1"]
        with pytest.raises(StoreError) as failed:
            publish_book(viewer, _book(make_book, "second"), "second.xlsx", "Li", base=first.id)
        assert failed.value.kind == "read_only"
        assert _snapshot(viewer) == _snapshot(store)
    finally:
        folder.writable()


def _book_bytes(store, version) -> bytes:
    return store.data(version.id)


def test_a_folder_that_becomes_read_only_while_the_server_runs_keeps_the_pages_readable(folder, make_book):
    """WAL needs its -shm file next to the database: reads fall back to read-only (then immutable) access."""
    path = folder.path / "store.sqlite3"
    store = open_store(path)  # the running server's store object
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    folder.read_only()
    try:
        assert store.current_id("TEST-1") == first.id
        assert store.current() == first and len(store.data(first.id)) == first.size
        assert [e.action for e in store.audit()] == ["publish"]
        with pytest.raises(StoreError) as failed:
            store.revert(first.id, "Li")
        assert failed.value.kind == "read_only"
    finally:
        folder.writable()
    assert publish_book(store, _book(make_book, "second"), "second.xlsx", "Li").created  # writable again: works again


def test_a_store_that_cannot_be_created_in_a_read_only_folder_says_so(folder):
    folder.read_only()
    try:
        with pytest.raises(StoreError) as failed:
            open_store(folder.path / "new" / "store.sqlite3")
        assert failed.value.kind == "read_only"
    finally:
        folder.writable()


# --- broken paths and files ---


def test_a_parent_path_that_is_a_file_is_reported_not_raised(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError) as failed:
        open_store(tmp_path / "data" / "store.sqlite3")
    assert failed.value.kind == "unavailable" and "is a file" in failed.value.reason


def test_a_file_that_is_not_a_database_is_reported_as_corrupt(tmp_path):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a store\n" * 200)
    with pytest.raises(StoreError) as failed:
        open_store(path)
    assert failed.value.kind == "corrupt"


def test_a_store_whose_pages_are_damaged_fails_its_check_and_raises_on_reads(tmp_path, make_book):
    path = tmp_path / "store.sqlite3"
    store = open_store(path)
    publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria")
    publish_book(store, _book(make_book, "second"), "second.xlsx", "Maria")
    store.check()  # healthy
    store.close()  # damage to the file at rest (no connection of ours open to mask it)
    raw = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(raw), page):  # every page after the first: b-tree headers and cells
        raw[start : start + 64] = b"\xa5" * 64
    path.write_bytes(bytes(raw))
    with pytest.raises(StoreError) as failed:
        store.check()
    assert failed.value.kind == "corrupt"
    for read in (store.versions, store.audit, store.programmes, lambda: store.data(1)):
        with pytest.raises(StoreError) as failed:
            read()
        assert failed.value.kind == "corrupt"


def test_a_stored_file_that_no_longer_matches_its_hash_is_a_store_problem(store_location, make_book):
    """Partly damaged data must not reach the reader as 'your workbook is invalid': data() refuses it."""
    store = open_store(store_location)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    second = publish_book(store, _book(make_book, "second"), "second.xlsx", "Maria").version
    damaged = store.data(first.id)[:-100] + bytes(100)
    store._write(lambda db: db.execute("UPDATE versions SET data = ? WHERE id = ?", (damaged, first.id)))
    with pytest.raises(StoreError) as failed:
        store.data(first.id)
    assert failed.value.kind == "corrupt" and f"version {first.id}" in failed.value.reason
    with pytest.raises(StoreError) as failed:
        store.check()
    assert failed.value.kind == "corrupt"
    assert len(store.data(second.id)) == second.size  # the rest of the store is still readable


# --- full disk ---


def test_a_publish_on_a_full_disk_changes_nothing_and_works_once_there_is_room(make_book):
    with small_filesystem("1m") as folder:
        if not folder.mounted:
            pytest.skip("cannot mount a small filesystem here (needs root with CAP_SYS_ADMIN) to fill a disk")
        path = folder.path / "store.sqlite3"
        store = open_store(path)
        publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria")
        before = _snapshot(store)
        filler = folder.path / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk to the last byte
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        big = _book(make_book, "second " + "x" * 20_000)
        with pytest.raises(StoreError) as failed:
            publish_book(store, big, "second.xlsx", "Li")
        assert failed.value.kind == "full", failed.value.__cause__
        assert _snapshot(store) == before
        filler.unlink()
        assert publish_book(store, big, "second.xlsx", "Li").created
        store.check()


# --- another process holding a lock ---

SHORT_WAITS = {"read_wait": 0.2, "write_wait": 0.2}  # a lock held for longer than this is "locked"

LOCK_HOLDER = """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA locking_mode=EXCLUSIVE")  # e.g. a backup or a maintenance script
    db.execute("BEGIN EXCLUSIVE")
    db.execute("UPDATE versions SET note = note")
    print("locked", flush=True)
    time.sleep(120)
"""


def test_a_store_locked_by_another_process_gives_a_locked_error_and_changes_nothing(tmp_path, make_book):
    path = tmp_path / "store.sqlite3"
    store = open_store(path, **SHORT_WAITS)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    before = _snapshot(store)
    store.close()  # its idle read connections would keep the other process from taking its exclusive lock
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOCK_HOLDER), str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        for operation in (
            store.current,
            lambda: store.current_id("TEST-1"),
            store.programmes,
            lambda: open_store(path, **SHORT_WAITS),
            lambda: publish_book(store, _book(make_book, "second"), "second.xlsx", "Li", base=first.id),
            lambda: store.revert(first.id, "Li", base=first.id),
        ):
            with pytest.raises(StoreError) as failed:
                operation()
            assert failed.value.kind == "locked"
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert _snapshot(VersionStore(path)) == before


# --- PostgreSQL ---


def test_an_unreachable_postgresql_server_is_unavailable_and_the_password_stays_out_of_the_reason():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once the socket is closed
    with pytest.raises(StoreError) as failed:
        open_store(f"postgresql://editor:s3cret@127.0.0.1:{port}/jwp")
    assert failed.value.kind == "unavailable"
    assert "s3cret" not in str(failed.value) and f"127.0.0.1:{port}/jwp" in failed.value.reason


def _postgres(request) -> str:
    from conftest import postgres_schema_url

    return postgres_schema_url(request.getfixturevalue("postgres_server"))


def test_a_read_only_postgresql_session_keeps_pages_readable_and_refuses_to_publish(request, make_book):
    location = _postgres(request)
    store = open_store(location)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    viewer = open_store(location + "%20-cdefault_transaction_read_only%3Don")  # e.g. a standby server
    assert viewer.current() == first
    with pytest.raises(StoreError) as failed:
        publish_book(viewer, _book(make_book, "second"), "second.xlsx", "Li", base=first.id)
    assert failed.value.kind == "read_only"
    assert _snapshot(store)[0] == [first]


def test_a_postgresql_store_locked_by_another_session_gives_a_locked_error_and_changes_nothing(request, make_book):
    import psycopg

    location = _postgres(request)
    store = open_store(location, **SHORT_WAITS)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    before = _snapshot(store)
    with psycopg.connect(location) as other:  # a maintenance session holding the strongest table lock
        other.execute("LOCK TABLE versions, programmes IN ACCESS EXCLUSIVE MODE")
        for operation in (
            store.current,
            lambda: store.current_id("TEST-1"),
            lambda: publish_book(store, _book(make_book, "second"), "second.xlsx", "Li", base=first.id),
        ):
            with pytest.raises(StoreError) as failed:
                operation()
            assert failed.value.kind == "locked"
        other.rollback()
    assert _snapshot(store) == before


def test_postgresql_reads_that_share_a_page_runs_wait_give_up_at_once_after_the_first_and_then_read_again(
    request, make_book, monkeypatch
):
    import psycopg

    from jwp_data.store import waits

    location = _postgres(request)
    store = open_store(location, **SHORT_WAITS)
    publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria")
    budget = waits.WaitBudget(SHORT_WAITS["read_wait"])
    monkeypatch.setattr(waits, "_source", lambda: budget)  # one page run
    with psycopg.connect(location) as other:
        other.execute("LOCK TABLE versions, programmes IN ACCESS EXCLUSIVE MODE")
        for read in (store.current, store.programmes, store.versions):
            with pytest.raises(StoreError) as failed:
                read()
            assert failed.value.kind == "locked"
        other.rollback()
    assert budget.granted == [SHORT_WAITS["read_wait"], 0.0, 0.0]
    assert store.current().id == 1  # a spent allowance still reads what no lock holds up
    monkeypatch.setattr(waits, "_source", lambda: None)
    assert store.versions()[0].id == 1  # the connection is back to its own wait


def test_a_writer_of_one_postgresql_store_never_holds_up_a_store_in_another_schema(request, make_book):
    """Two stores in one database (two schemas): each has its own write lock, the same one all its servers take."""
    import psycopg

    from jwp_data.store.postgres import WRITE_LOCK

    busy, other = _postgres(request), _postgres(request)
    with psycopg.connect(busy) as writer:  # a publish of the busy store, half-way through its transaction
        writer.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_schema()))", (WRITE_LOCK,))
        published = publish_book(open_store(other, **SHORT_WAITS), _book(make_book, "other"), "other.xlsx", "Li")
        assert published.version.id == 1
        with pytest.raises(StoreError) as failed:
            publish_book(open_store(busy, **SHORT_WAITS), _book(make_book, "busy"), "busy.xlsx", "Maria")
        assert failed.value.kind == "locked"
        writer.rollback()
    assert publish_book(open_store(busy, **SHORT_WAITS), _book(make_book, "busy"), "busy.xlsx", "Maria").version.id == 1


def test_a_publish_on_a_full_postgresql_disk_changes_nothing_and_works_once_there_is_room(request, make_book):
    """The store's tables on a small filesystem of their own (a tablespace on a tmpfs), filled to the last byte."""
    import psycopg

    from conftest import postgres_schema_url

    server = request.getfixturevalue("postgres_server")
    location = postgres_schema_url(server)
    with small_filesystem("2m") as folder:
        if not folder.mounted:
            pytest.skip("cannot mount a small filesystem here (needs root with CAP_SYS_ADMIN) to fill a disk")
        import shutil

        shutil.chown(folder.path, "postgres")
        folder.path.chmod(0o700)
        space = "jwp_tiny_" + os.urandom(4).hex()
        try:
            with psycopg.connect(server, autocommit=True) as db:
                db.execute(f"CREATE TABLESPACE {space} LOCATION '{folder.path}'")
        except psycopg.Error as exc:
            pytest.skip(f"the test server cannot put a tablespace on this machine's small filesystem: {exc}")
        try:
            on_tiny = location + f"%20-cdefault_tablespace%3D{space}"
            store = open_store(on_tiny)
            publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria")
            before = _snapshot(store)
            filler = folder.path / "filler"
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
            try:
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError:
                pass
            finally:
                os.close(fd)
            big = _book(make_book, "second " + os.urandom(40_000).hex())  # does not fit on the full disk
            with pytest.raises(StoreError) as failed:
                publish_book(store, big, "second.xlsx", "Li")
            assert failed.value.kind == "full", failed.value.__cause__
            assert _snapshot(store) == before
            filler.unlink()
            assert publish_book(store, big, "second.xlsx", "Li").created
            store.check()
            store.close()
        finally:
            with psycopg.connect(server, autocommit=True) as db:
                schema = location.rsplit("%3D", 1)[1]
                db.execute(f"DROP SCHEMA {schema} CASCADE")
                db.execute(f"DROP TABLESPACE {space}")


def test_a_stored_model_that_no_longer_matches_its_hash_is_a_store_problem(store_location, make_book):
    store = open_store(store_location)
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria").version
    second = publish_book(store, _book(make_book, "second"), "second.xlsx", "Maria").version
    model = store.model(first.id)
    damaged = model[:20] + bytes(20) + model[40:]
    store._write(lambda db: db.execute("UPDATE versions SET model = ? WHERE id = ?", (damaged, first.id)))
    with pytest.raises(StoreError) as failed:
        store.model(first.id)
    assert failed.value.kind == "corrupt" and f"model of version {first.id}" in failed.value.reason
    with pytest.raises(StoreError) as failed:
        store.check()
    assert failed.value.kind == "corrupt"
    assert store.model(second.id) is not None and store.data(first.id)  # the rest is still readable
