"""The version store: survives restarts, never loses a publish, and a publish killed half-way changes nothing."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import valid_content
from jwp_data import WorkbookError
from jwp_data.store import STORE_ENV, open_store, store_location, store_path

ROOT = Path(__file__).resolve().parent.parent


def _book(make_book, title: str = "Test programme") -> bytes:
    """A valid workbook; a different title gives different bytes."""
    return make_book(Programme={**valid_content()["Programme"], "title_en": title}).read_bytes()


def _child(script: str, *args: str) -> subprocess.Popen:
    """Run a Python snippet in a separate process (a separate dashboard server, as far as the store knows)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _snapshot(location) -> tuple:
    store = open_store(location)
    return store.versions(), store.audit(), store.programmes(), store.current()


# --- basics ---


def test_a_published_workbook_keeps_its_bytes_hash_name_author_note_and_time(store_location, make_book):
    store = open_store(store_location)
    data = _book(make_book)
    result = store.publish(data, "jwp.xlsx", "Maria", "For the Bureau")
    version = result.version
    assert result.created and result.made_current
    assert (version.id, version.file_name, version.published_by, version.note) == (
        1,
        "jwp.xlsx",
        "Maria",
        "For the Bureau",
    )
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert (version.programme_id, version.as_of, version.size) == ("TEST-1", "2011-05-31", len(data))
    assert version.published_at.endswith("Z") and len(version.published_at) == 20
    assert (version.sign_in, version.title_en, version.title_zh, version.start, version.end) == (
        "password",
        "Test programme",
        "测试方案",
        "2010-01-01",
        "2011-12-31",
    )
    assert store.data(version.id) == data
    assert store.current() == version == store.current("TEST-1")
    assert store.current_id("TEST-1") == version.id


def test_an_empty_store_has_no_current_version(store_location):
    store = open_store(store_location)
    assert store.current() is None and store.versions() == [] and store.audit() == []
    assert store.programmes() == [] and store.current_id("TEST-1") is None


def test_an_invalid_workbook_is_refused_and_nothing_is_stored(store_location, make_book):
    store = open_store(store_location)
    with pytest.raises(WorkbookError) as refused:
        store.publish(make_book(Objectives=None).read_bytes(), "bad.xlsx", "Maria")
    assert next(i.code for i in refused.value.errors) == "missing_sheet"
    assert store.versions() == [] and store.audit() == []


def test_the_store_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "here" / "jwp.sqlite3"))
    assert store_path() == tmp_path / "here" / "jwp.sqlite3"
    assert store_location() == str(tmp_path / "here" / "jwp.sqlite3")
    assert open_store().path == tmp_path / "here" / "jwp.sqlite3"
    assert (tmp_path / "here" / "jwp.sqlite3").exists()


def test_the_default_location_is_outside_the_repository(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert ROOT not in store_path().parents


# --- duplicates, revert, audit ---


def test_the_same_file_twice_is_stored_once(store_location, make_book):
    store = open_store(store_location)
    data = _book(make_book)
    first = store.publish(data, "a.xlsx", "Maria")
    again = store.publish(data, "copy of a.xlsx", "Li")
    assert (again.created, again.made_current, again.version.id) == (False, False, first.version.id)
    assert len(store.versions()) == 1 and len(store.audit()) == 1
    assert len(store.dump()["versions"]) == 1


def test_publishing_the_file_of_an_older_version_makes_it_current_without_a_copy(store_location, make_book):
    # The same bytes twice: a workbook written again is a different file (openpyxl stamps the time of
    # writing into it), which is why building "first" twice made this test fail whenever a second ticked over.
    store = open_store(store_location)
    first = _book(make_book, "first")
    old = store.publish(first, "a.xlsx", "Maria").version
    store.publish(_book(make_book, "second"), "b.xlsx", "Maria")
    again = store.publish(first, "a.xlsx", "Li", "back to the first figures")
    assert (again.created, again.made_current, again.version.id) == (False, True, old.id)
    assert store.current().id == old.id
    assert len(store.versions()) == 2
    assert next((e.action, e.version_id, e.actor) for e in store.audit()) == ("publish", old.id, "Li")


def test_revert_makes_an_earlier_version_current_and_is_audited(store_location, make_book):
    store = open_store(store_location)
    first = store.publish(_book(make_book, "first"), "a.xlsx", "Maria").version
    second = store.publish(_book(make_book, "second"), "b.xlsx", "Maria").version
    assert store.current() == second
    store.revert(first.id, "Li", "wrong figures in b")
    assert store.current() == first
    assert [(e.action, e.version_id, e.actor, e.note) for e in store.audit()] == [
        ("revert", first.id, "Li", "wrong figures in b"),
        ("publish", second.id, "Maria", ""),
        ("publish", first.id, "Maria", ""),
    ]
    assert [v.id for v in store.versions()] == [second.id, first.id]  # nothing is deleted


def test_revert_to_a_version_that_does_not_exist_changes_nothing(store_location, make_book):
    store = open_store(store_location)
    store.publish(_book(make_book), "a.xlsx", "Maria")
    with pytest.raises(KeyError):
        store.revert(99, "Li")
    assert len(store.audit()) == 1


def test_find_tells_whether_a_file_is_already_stored(store_location, make_book):
    store = open_store(store_location)
    data = _book(make_book)
    assert store.find(hashlib.sha256(data).hexdigest()) is None
    version = store.publish(data, "a.xlsx", "Maria").version
    assert store.find(hashlib.sha256(data).hexdigest()) == version


# --- restarts and processes ---


def test_versions_survive_a_restart_in_another_process(tmp_path, store_location, make_book):
    path = store_location
    data = _book(make_book)
    book = tmp_path / "book.xlsx"
    book.write_bytes(data)
    child = _child(
        """
        import sys
        from pathlib import Path
        from jwp_data.store import open_store
        result = open_store(sys.argv[1]).publish(Path(sys.argv[2]).read_bytes(), "jwp.xlsx", "Maria", "first")
        print(result.version.id)
        """,
        str(path),
        str(book),
    )
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    restarted = open_store(path)
    current = restarted.current()
    assert (current.id, current.file_name, current.published_by, current.note) == (
        int(out),
        "jwp.xlsx",
        "Maria",
        "first",
    )
    assert restarted.data(current.id) == data


PUBLISHER = """
    import sys, time
    from pathlib import Path
    from jwp_data.store import open_store
    store_file, book, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    data = book.read_bytes()
    store = open_store(store_file)
    while not go.exists():
        time.sleep(0.005)
    result = store.publish(data, book.name, book.stem)
    print(result.version.id, result.created)
"""


def _publish_at_once(tmp_path, path: str, books: list[Path]) -> list[tuple[int, bool]]:
    go = tmp_path / "go"
    children = [_child(PUBLISHER, str(path), str(book), str(go)) for book in books]
    time.sleep(0.5)  # let every child open the store and wait
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        version_id, created = out.split()
        results.append((int(version_id), created == "True"))
    return results


def test_several_processes_publishing_at_once_each_get_their_own_version(tmp_path, store_location, make_book):
    path = store_location
    open_store(path)
    books = []
    for n in range(8):
        book = tmp_path / f"editor{n}.xlsx"
        book.write_bytes(_book(make_book, f"Update {n}"))
        books.append(book)
    results = _publish_at_once(tmp_path, path, books)
    store = open_store(path)
    assert sorted(v for v, _ in results) == list(range(1, 9))
    assert all(created for _, created in results)
    assert len(store.audit()) == 8
    for book, (version_id, _) in zip(books, results):
        assert store.data(version_id) == book.read_bytes()
        assert store.get(version_id).published_by == book.stem


def test_the_same_file_published_by_several_processes_at_once_is_stored_once(tmp_path, store_location, make_book):
    path = store_location
    open_store(path)
    book = tmp_path / "same.xlsx"
    book.write_bytes(_book(make_book))
    results = _publish_at_once(tmp_path, path, [book] * 5)
    assert {v for v, _ in results} == {1}
    assert sum(created for _, created in results) == 1
    assert len(open_store(path).versions()) == 1


HANGING_PUBLISHER = """
    import sys, time
    from pathlib import Path
    from jwp_data import store as store_module
    location, book, inside = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

    def hang_after_the_version_row(*args):
        # the new version row is written (not committed); stop before it is made current and wait to be killed
        inside.touch()
        time.sleep(600)

    store_module.Store._make_current = staticmethod(hang_after_the_version_row)
    store_module.open_store(location).publish(book.read_bytes(), book.name, "Killed")
"""


def _wait_until_inside(child, inside: Path) -> None:
    deadline = time.monotonic() + 60
    while not inside.exists():
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "the child never reached the transaction"
        time.sleep(0.01)


def test_a_publish_killed_half_way_leaves_the_store_readable_and_unchanged(tmp_path, store_location, make_book):
    store = open_store(store_location)
    store.publish(_book(make_book, "before"), "before.xlsx", "Maria")
    before = _snapshot(store_location)
    book = tmp_path / "killed.xlsx"
    book.write_bytes(_book(make_book, "killed"))
    inside = tmp_path / "inside-the-transaction"
    child = _child(HANGING_PUBLISHER, store_location, str(book), str(inside))
    _wait_until_inside(child, inside)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert _snapshot(store_location) == before
    store.check()
    assert len(store.dump()["versions"]) == 1
    after = open_store(store_location).publish(book.read_bytes(), book.name, "Li")  # the lock died with the process
    assert after.created and after.version.id > before[0][0].id
    assert open_store(store_location).current().published_by == "Li"


def test_a_publish_that_fails_inside_the_transaction_changes_nothing(store_location, make_book, monkeypatch):
    from jwp_data import store as store_module

    store = open_store(store_location)
    store.publish(_book(make_book, "before"), "before.xlsx", "Maria")
    before = _snapshot(store_location)

    def failing(*args):  # the version row is already written when this runs
        raise RuntimeError("interrupted")

    monkeypatch.setattr(store_module.Store, "_make_current", staticmethod(failing))
    with pytest.raises(RuntimeError):
        store.publish(_book(make_book, "after"), "after.xlsx", "Li")
    assert _snapshot(store_location) == before


def test_viewers_keep_reading_while_another_process_is_inside_a_publish(tmp_path, store_location, make_book):
    """A reader is never blocked by a writer: viewers keep seeing the current version during a publish."""
    store = open_store(store_location)
    store.publish(_book(make_book, "before"), "before.xlsx", "Maria")
    book = tmp_path / "slow.xlsx"
    book.write_bytes(_book(make_book, "slow"))
    inside = tmp_path / "inside"
    child = _child(HANGING_PUBLISHER, store_location, str(book), str(inside))
    try:
        _wait_until_inside(child, inside)
        assert open_store(store_location).current().file_name == "before.xlsx"
        assert [v.file_name for v in store.versions()] == ["before.xlsx"]
    finally:
        child.kill()
        child.wait(timeout=30)
