"""Private drafts in the store (both backends): found only by their id, gone after a day, bounded in size,
and added to a store made by the dashboard before drafts."""

from __future__ import annotations

import sqlite3

import pytest

from jwp_data.store import SCHEMA_VERSION, open_store
from jwp_data.store import drafts as drafts_module
from jwp_data.store.drafts import LIFETIME_SECONDS, Drafts, DraftTooLarge
from jwp_data.workbook.schema import MAX_FILE_BYTES


def test_a_draft_is_found_by_its_id_from_another_store_object(store_location, clock):
    draft_id = Drafts(open_store(store_location), clock).save(b"workbook bytes", "june.xlsx")
    found = Drafts(open_store(store_location), clock).get(draft_id)  # another server, or after a restart
    assert (found.data, found.file_name, found.saved_at) == (b"workbook bytes", "june.xlsx", clock.now)


def test_draft_ids_are_long_random_and_never_stored_as_they_are(store_location, clock):
    drafts = Drafts(open_store(store_location), clock)
    first, second = drafts.save(b"a", "a.xlsx"), drafts.save(b"a", "a.xlsx")
    assert first != second and len(first) >= 43  # 32 random bytes, URL-safe
    stored = str(open_store(store_location)._read(lambda db: db.all("SELECT key, file_name FROM drafts")))
    assert first not in stored and second not in stored


def test_an_unknown_or_missing_id_finds_nothing(store_location, clock):
    drafts = Drafts(open_store(store_location), clock)
    draft_id = drafts.save(b"a", "a.xlsx")
    assert drafts.get(draft_id[:-1] + ("A" if draft_id[-1] != "A" else "B")) is None
    assert drafts.get("") is None and drafts.get(None) is None


def test_a_draft_expires_after_a_day_and_is_then_removed(store_location, clock):
    drafts = Drafts(open_store(store_location), clock)
    old = drafts.save(b"old", "old.xlsx")
    clock.now += LIFETIME_SECONDS - 1
    assert drafts.get(old) is not None
    clock.now += 2
    assert drafts.get(old) is None
    fresh = drafts.save(b"new", "new.xlsx")  # saving removes the expired ones
    count = open_store(store_location)._read(lambda db: db.one("SELECT count(*) FROM drafts")[0])
    assert count == 1 and drafts.get(fresh).data == b"new"
    clock.now += LIFETIME_SECONDS + 1
    assert drafts.purge() == 1


def test_discarding_removes_the_draft_and_a_replacement_removes_the_one_it_replaces(store_location, clock):
    drafts = Drafts(open_store(store_location), clock)
    first = drafts.save(b"first", "first.xlsx")
    second = drafts.save(b"second", "second.xlsx", replaces=first)
    assert drafts.get(first) is None and drafts.get(second).data == b"second"
    drafts.discard(second)
    drafts.discard(second)  # twice is fine
    assert drafts.get(second) is None


def test_a_file_larger_than_an_upload_may_be_is_not_kept(store_location, clock):
    drafts = Drafts(open_store(store_location), clock)
    with pytest.raises(DraftTooLarge):
        drafts.save(b"\0" * (MAX_FILE_BYTES + 1), "huge.xlsx")


def test_the_oldest_drafts_make_room_when_there_are_too_many(store_location, clock, monkeypatch):
    monkeypatch.setattr(drafts_module, "MAX_DRAFTS", 3)
    monkeypatch.setattr(drafts_module, "MAX_TOTAL_BYTES", 10)
    drafts = Drafts(open_store(store_location), clock)
    ids = []
    for n in range(4):
        clock.now += 1
        ids.append(drafts.save(b"x", f"{n}.xlsx"))
    assert [drafts.get(i) is not None for i in ids] == [False, True, True, True]
    clock.now += 1
    big = drafts.save(b"y" * 9, "big.xlsx")  # 9 + 1 + 1 would be over 10 bytes: only the newest other one stays
    assert [drafts.get(i) is not None for i in ids] == [False, False, False, True]
    assert drafts.get(big).data == b"y" * 9


def _schema_2_sqlite(path) -> None:
    """A store as the dashboard before drafts left it (schema 2, one version of nothing yet)."""
    from jwp_data.store import sqlite_schema

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    sqlite_schema._script(db, sqlite_schema._SQLITE_V1)
    sqlite_schema._script(db, sqlite_schema._SQLITE_V2)
    db.execute("PRAGMA user_version = 2")
    db.execute("COMMIT")
    db.close()


def test_a_schema_2_sqlite_store_gets_the_drafts_table(tmp_path, clock):
    path = tmp_path / "store.sqlite3"
    _schema_2_sqlite(path)
    store = open_store(path)
    assert store.schema_version() == SCHEMA_VERSION
    draft_id = Drafts(store, clock).save(b"kept", "kept.xlsx")
    assert Drafts(open_store(path), clock).get(draft_id).data == b"kept"


def test_a_schema_2_postgresql_store_gets_the_drafts_table(request, clock):
    import psycopg

    from conftest import postgres_schema_url
    from jwp_data.store import postgres

    url = postgres_schema_url(request.getfixturevalue("postgres_server"))
    with psycopg.connect(url, autocommit=True) as db:
        for statement in postgres._SCHEMA_2.split(";"):
            if statement.strip():
                db.execute(statement)
    store = open_store(url)
    assert store.schema_version() == SCHEMA_VERSION
    draft_id = Drafts(store, clock).save(b"kept", "kept.xlsx")
    assert Drafts(open_store(url), clock).get(draft_id).data == b"kept"
