"""The version store: survives restarts, never loses a publish, and a publish killed half-way changes nothing."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from conftest import publish_book, valid_content
from jwp_data import validate_workbook
from jwp_data.store import STORE_ENV, StaleBaseError, open_store, store_location, store_path

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
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _started_together(children: list[subprocess.Popen]) -> None:
    """Wait until every child says it is ready (one line on its stdout), then tell all of them to go at once."""
    for child in children:
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()


def _snapshot(location) -> tuple:
    store = open_store(location)
    return store.versions(), store.audit(), store.programmes(), store.current()


# --- basics ---


def test_a_published_workbook_keeps_its_bytes_hash_name_author_note_and_time(store_location, make_book):
    store = open_store(store_location)
    data = _book(make_book)
    result = publish_book(store, data, "jwp.xlsx", "Maria", "For the Bureau")
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


def test_a_version_keeps_the_programme_facts_its_publisher_passes_without_reading_the_file(store_location, make_book):
    data = _book(make_book, "Title in the file")
    checked = validate_workbook(data).matrix.programme
    told = replace(checked, programme_id="JWP-2030-2031", title_en="Title the caller checked", end=date(2031, 12, 31))
    version = open_store(store_location).publish(data, "a.xlsx", "Maria", programme=told).version
    assert (version.programme_id, version.title_en, version.start, version.end) == (
        "JWP-2030-2031",
        "Title the caller checked",
        checked.start.isoformat(),
        "2031-12-31",
    )
    assert version.as_of == checked.as_of.isoformat()


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
    first = publish_book(store, data, "a.xlsx", "Maria")
    again = publish_book(store, data, "copy of a.xlsx", "Li")
    assert (again.created, again.made_current, again.version.id) == (False, False, first.version.id)
    assert len(store.versions()) == 1 and len(store.audit()) == 1
    assert len(store.dump()["versions"]) == 1


def test_publishing_the_file_of_an_older_version_makes_it_current_without_a_copy(store_location, make_book):
    # The same bytes twice: a workbook written again is a different file (openpyxl stamps the time of
    # writing into it), which is why building "first" twice made this test fail whenever a second ticked over.
    store = open_store(store_location)
    first = _book(make_book, "first")
    old = publish_book(store, first, "a.xlsx", "Maria").version
    publish_book(store, _book(make_book, "second"), "b.xlsx", "Maria")
    again = publish_book(store, first, "a.xlsx", "Li", "back to the first figures")
    assert (again.created, again.made_current, again.version.id) == (False, True, old.id)
    assert store.current().id == old.id
    assert len(store.versions()) == 2
    assert next((e.action, e.version_id, e.actor) for e in store.audit()) == ("publish", old.id, "Li")


def test_revert_makes_an_earlier_version_current_and_is_audited(store_location, make_book):
    store = open_store(store_location)
    first = publish_book(store, _book(make_book, "first"), "a.xlsx", "Maria").version
    second = publish_book(store, _book(make_book, "second"), "b.xlsx", "Maria").version
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
    publish_book(store, _book(make_book), "a.xlsx", "Maria")
    with pytest.raises(KeyError):
        store.revert(99, "Li")
    assert len(store.audit()) == 1


def test_find_tells_whether_a_file_is_already_stored(store_location, make_book):
    store = open_store(store_location)
    data = _book(make_book)
    assert store.find(hashlib.sha256(data).hexdigest()) is None
    version = publish_book(store, data, "a.xlsx", "Maria").version
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
        from jwp_data.cli import stored_programme
        from jwp_data.store import open_store
        data = Path(sys.argv[2]).read_bytes()
        result = open_store(sys.argv[1]).publish(data, "jwp.xlsx", "Maria", "first", programme=stored_programme(data))
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
    import sys
    from pathlib import Path
    from jwp_data.cli import stored_programme
    from jwp_data.store import open_store
    store_file, book = sys.argv[1], Path(sys.argv[2])
    data = book.read_bytes()
    programme = stored_programme(data)
    store = open_store(store_file)
    print("ready", flush=True)
    sys.stdin.readline()
    result = store.publish(data, book.name, book.stem, programme=programme)
    print(result.version.id, result.created)
"""


def _publish_at_once(path: str, books: list[Path]) -> list[tuple[int, bool]]:
    children = [_child(PUBLISHER, str(path), str(book)) for book in books]
    _started_together(children)
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
    results = _publish_at_once(path, books)
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
    results = _publish_at_once(path, [book] * 5)
    assert {v for v, _ in results} == {1}
    assert sum(created for _, created in results) == 1
    assert len(open_store(path).versions()) == 1


HANGING_PUBLISHER = """
    import sys, time
    from pathlib import Path
    from jwp_data.cli import stored_programme
    from jwp_data.store import open_store, sql
    location, book = sys.argv[1], Path(sys.argv[2])

    def hang_after_the_version_row(*args):
        # the new version row is written (not committed); stop before it is made current and wait to be killed
        print("inside", flush=True)
        time.sleep(600)

    sql.make_current = hang_after_the_version_row
    data = book.read_bytes()
    open_store(location).publish(data, book.name, "Killed", programme=stored_programme(data))
"""


def _wait_until_inside(child) -> None:
    """Block until the child says it is inside the transaction (or fail with its error if it died first)."""
    line = child.stdout.readline()
    assert line.strip() == "inside", child.stderr.read()


def test_a_publish_killed_half_way_leaves_the_store_readable_and_unchanged(tmp_path, store_location, make_book):
    store = open_store(store_location)
    publish_book(store, _book(make_book, "before"), "before.xlsx", "Maria")
    before = _snapshot(store_location)
    book = tmp_path / "killed.xlsx"
    book.write_bytes(_book(make_book, "killed"))
    child = _child(HANGING_PUBLISHER, store_location, str(book))
    _wait_until_inside(child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert _snapshot(store_location) == before
    store.check()
    assert len(store.dump()["versions"]) == 1
    after = publish_book(
        open_store(store_location), book.read_bytes(), book.name, "Li"
    )  # the lock died with the process
    assert after.created and after.version.id > before[0][0].id
    assert open_store(store_location).current().published_by == "Li"


def test_a_publish_that_fails_inside_the_transaction_changes_nothing(store_location, make_book, monkeypatch):
    from jwp_data.store import sql

    store = open_store(store_location)
    publish_book(store, _book(make_book, "before"), "before.xlsx", "Maria")
    before = _snapshot(store_location)

    def failing(*args):  # the version row is already written when this runs
        raise RuntimeError("interrupted")

    monkeypatch.setattr(sql, "make_current", failing)
    with pytest.raises(RuntimeError):
        publish_book(store, _book(make_book, "after"), "after.xlsx", "Li")
    assert _snapshot(store_location) == before


def test_viewers_keep_reading_while_another_process_is_inside_a_publish(tmp_path, store_location, make_book):
    """A reader is never blocked by a writer: viewers keep seeing the current version during a publish."""
    store = open_store(store_location)
    publish_book(store, _book(make_book, "before"), "before.xlsx", "Maria")
    book = tmp_path / "slow.xlsx"
    book.write_bytes(_book(make_book, "slow"))
    child = _child(HANGING_PUBLISHER, store_location, str(book))
    try:
        _wait_until_inside(child)
        assert open_store(store_location).current().file_name == "before.xlsx"
        assert [v.file_name for v in store.versions()] == ["before.xlsx"]
    finally:
        child.kill()
        child.wait(timeout=30)


# --- programmes ---


def _programme_book(make_book, programme_id: str, first_year: int, title: str = "") -> bytes:
    """A valid workbook of another biennium: the small matrix moved to first_year..first_year+1."""
    shift = lambda d: d.replace(year=d.year + first_year - 2010)  # noqa: E731
    content = valid_content()
    programme = {
        **content["Programme"],
        "programme_id": programme_id,
        "title_en": title or f"Programme {first_year}",
        "title_zh": f"{first_year}年方案",
        "start": shift(content["Programme"]["start"]),
        "end": shift(content["Programme"]["end"]),
        "as_of": shift(content["Programme"]["as_of"]),
    }
    results = [{**r, "reported_on": shift(r["reported_on"])} for r in content["Results"]]
    evidence = [{**e, "date": shift(e["date"])} for e in content["Evidence"]]
    return make_book(Programme=programme, Results=results, Evidence=evidence).read_bytes()


def test_each_programme_has_its_own_current_version_history_and_audit(store_location, make_book):
    store = open_store(store_location)
    old = publish_book(store, _programme_book(make_book, "JWP-2010-2011", 2010), "2010.xlsx", "Maria").version
    new = publish_book(store, _programme_book(make_book, "JWP-2012-2013", 2012), "2012.xlsx", "Li").version
    old_fixed = publish_book(
        store, _programme_book(make_book, "JWP-2010-2011", 2010, "fixed"), "2010b.xlsx", "Maria"
    ).version

    # publishing 2012-2013 did not replace 2010-2011, and fixing 2010-2011 did not replace 2012-2013
    assert store.current("JWP-2010-2011") == old_fixed and store.current("JWP-2012-2013") == new
    assert store.current_id("JWP-2012-2013") == new.id
    assert [v.id for v in store.versions("JWP-2010-2011")] == [old_fixed.id, old.id]
    assert [v.id for v in store.versions("JWP-2012-2013")] == [new.id]
    assert [v.id for v in store.versions()] == [old_fixed.id, new.id, old.id]
    assert [(e.version_id, e.actor) for e in store.audit("JWP-2012-2013")] == [(new.id, "Li")]
    assert [e.version_id for e in store.audit("JWP-2010-2011")] == [old_fixed.id, old.id]

    # the list of programmes: latest period first, described without reading a workbook
    entries = store.programmes()
    assert [(p.programme_id, p.title_en, p.title_zh, p.start, p.end) for p in entries] == [
        ("JWP-2012-2013", "Programme 2012", "2012年方案", "2012-01-01", "2013-12-31"),
        ("JWP-2010-2011", "fixed", "2010年方案", "2010-01-01", "2011-12-31"),
    ]
    assert [p.current for p in entries] == [new, old_fixed]
    # without a programme: the latest one by period
    assert store.current() == new and store.current_id() == new.id


def test_a_revert_changes_only_its_own_programme(store_location, make_book):
    store = open_store(store_location)
    first = publish_book(store, _programme_book(make_book, "A", 2010), "a1.xlsx", "Maria").version
    publish_book(store, _programme_book(make_book, "A", 2010, "second"), "a2.xlsx", "Maria")
    other = publish_book(store, _programme_book(make_book, "B", 2012), "b.xlsx", "Li").version
    store.revert(first.id, "Maria", "back")
    assert store.current("A") == first and store.current("B") == other
    assert (store.audit("A")[0].action, store.audit("A")[0].version_id) == ("revert", first.id)


# --- no lost updates ---


def test_a_publish_checked_against_a_version_that_is_no_longer_current_is_refused(store_location, make_book):
    store = open_store(store_location)
    v1 = publish_book(store, _book(make_book, "one"), "one.xlsx", "Maria", base=None).version
    # Editor A checks a file against version 1; meanwhile editor B publishes version 2.
    v2 = publish_book(
        store, _book(make_book, "two"), "two.xlsx", "Li", base=v1.id, sign_in="oidc:li@example.org"
    ).version
    before = _snapshot(store_location)
    with pytest.raises(StaleBaseError) as refused:
        publish_book(store, _book(make_book, "three"), "three.xlsx", "Maria", base=v1.id)
    assert refused.value.base == v1.id
    assert refused.value.current == v2 and refused.value.current.published_by == "Li"
    assert str(refused.value) == f"version {v2.id} was published by Li at {v2.published_at} after you checked your file"
    assert _snapshot(store_location) == before  # nothing written, not even the file's bytes
    # A sees the diff against version 2 and publishes again, deliberately
    v3 = publish_book(store, _book(make_book, "three"), "three.xlsx", "Maria", base=v2.id).version
    assert store.current() == v3


def test_a_first_publish_names_no_base_and_is_refused_if_someone_published_first(store_location, make_book):
    store = open_store(store_location)
    theirs = publish_book(store, _book(make_book, "theirs"), "theirs.xlsx", "Li", base=None).version
    with pytest.raises(StaleBaseError) as refused:
        publish_book(store, _book(make_book, "mine"), "mine.xlsx", "Maria", base=None)
    assert refused.value.current == theirs and store.current() == theirs


def test_a_revert_decided_against_an_old_current_version_is_refused(store_location, make_book):
    store = open_store(store_location)
    v1 = publish_book(store, _book(make_book, "one"), "one.xlsx", "Maria").version
    v2 = publish_book(store, _book(make_book, "two"), "two.xlsx", "Maria").version
    v3 = publish_book(store, _book(make_book, "three"), "three.xlsx", "Li").version
    before = _snapshot(store_location)
    with pytest.raises(StaleBaseError) as refused:
        store.revert(v1.id, "Maria", "undo two", base=v2.id)
    assert refused.value.current == v3
    assert _snapshot(store_location) == before
    assert store.revert(v1.id, "Maria", "undo three", base=v3.id) == v1 == store.current()


def test_the_audit_log_records_how_each_editor_signed_in(store_location, make_book):
    store = open_store(store_location)
    v1 = publish_book(store, _book(make_book, "one"), "one.xlsx", "Maria (name given at sign-in)").version
    publish_book(store, _book(make_book, "two"), "two.xlsx", "li@example.org", sign_in="oidc:li@example.org")
    store.revert(v1.id, "li@example.org", sign_in="oidc:li@example.org")
    assert [(e.action, e.actor, e.sign_in) for e in store.audit()] == [
        ("revert", "li@example.org", "oidc:li@example.org"),
        ("publish", "li@example.org", "oidc:li@example.org"),
        ("publish", "Maria (name given at sign-in)", "password"),
    ]
    assert [v.sign_in for v in store.versions()] == ["oidc:li@example.org", "password"]


RACING_EDITOR = """
    import sys
    from pathlib import Path
    from jwp_data.cli import stored_programme
    from jwp_data.store import StaleBaseError, open_store
    location, book, base = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    data = book.read_bytes()
    programme = stored_programme(data)
    store = open_store(location)
    print("ready", flush=True)  # this editor has checked against `base`
    sys.stdin.readline()
    try:
        result = store.publish(data, book.name, book.stem, programme=programme, base=base)
        print("published", result.version.id)
    except StaleBaseError as refused:
        print("refused", refused.current.id, refused.current.published_by)
"""


def test_two_editors_publishing_against_the_same_version_at_once_one_wins_the_other_is_told(
    tmp_path, store_location, make_book
):
    store = open_store(store_location)
    base = publish_book(store, _book(make_book, "base"), "base.xlsx", "Maria").version
    children = []
    for name in ("Amina", "Bo", "Chen", "Dara"):
        book = tmp_path / f"{name}.xlsx"
        book.write_bytes(_book(make_book, f"from {name}"))
        children.append(_child(RACING_EDITOR, store_location, str(book), str(base.id)))
    _started_together(children)
    outcomes = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        outcomes.append(out.split())
    published = [o for o in outcomes if o[0] == "published"]
    refused = [o for o in outcomes if o[0] == "refused"]
    assert len(published) == 1 and len(refused) == 3
    winner = store.current()
    assert winner.id == int(published[0][1])
    # every loser was told who won, and nothing of theirs was stored
    assert all((int(o[1]), o[2]) == (winner.id, winner.published_by) for o in refused)
    assert [v.id for v in store.versions()] == [winner.id, base.id]
    assert [e.version_id for e in store.audit()] == [winner.id, base.id]


def test_a_store_file_restored_from_a_backup_is_read_at_once_by_a_running_server(tmp_path, make_book):
    """The server reuses its read connections only while the file is the same one."""
    path = tmp_path / "store.sqlite3"
    running = open_store(path)
    backup = tmp_path / "backup.sqlite3"
    old = publish_book(open_store(backup), _book(make_book, "from the backup"), "backup.xlsx", "Maria").version
    publish_book(running, _book(make_book, "live"), "live.xlsx", "Li")
    assert running.current().file_name == "live.xlsx"
    open_store(backup).close()
    os.replace(backup, path)
    assert running.current() == old
    assert running.data(old.id) == open_store(path).data(old.id)


def test_a_postgresql_url_in_the_environment_selects_the_postgresql_store(request, monkeypatch, make_book):
    from conftest import postgres_schema_url
    from jwp_data.store.postgres import PostgresStore

    url = postgres_schema_url(request.getfixturevalue("postgres_server"))
    monkeypatch.setenv(STORE_ENV, url)
    assert store_location() == url
    store = open_store()
    assert isinstance(store, PostgresStore) and store.location == url
    assert ROOT not in store_path().parents  # no SQLite file is made in the repository either
    version = publish_book(store, _book(make_book), "a.xlsx", "Maria").version
    assert open_store(url).current() == version


def test_a_publish_keeps_the_model_next_to_the_file_and_the_same_file_again_adds_a_missing_one(
    store_location, make_book
):
    from jwp_data.workbook import model_file

    store = open_store(store_location)
    data = make_book().read_bytes()
    validation, model = model_file.checked(data)
    first = store.publish(data, "a.xlsx", "Maria", programme=validation.matrix.programme)  # a script, no model
    assert store.model(first.version.id) is None
    again = store.publish(data, "a.xlsx", "Maria", programme=validation.matrix.programme, model=model)
    assert again.version.id == first.version.id and not again.created
    assert model_file.load(store.model(first.version.id)).matrix.programme == validation.matrix.programme
    assert store.data(first.version.id) == data  # the original stays, for downloads
    with pytest.raises(KeyError):
        store.model(first.version.id + 1)
