"""An existing one-programme store (schema 1, as the dashboard wrote it before programmes) upgrades in
place, keeping every version, its bytes and the whole audit log."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from conftest import publish_book, valid_content
from jwp_data.cli import stored_programme
from jwp_data.store import SCHEMA_VERSION, StoreError, open_store

# The schema of the store before programmes (schema 1), exactly as that dashboard created it.
SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    programme_id TEXT NOT NULL,
    as_of TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('publish', 'revert')),
    version_id INTEGER NOT NULL REFERENCES versions(id),
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE VIEW IF NOT EXISTS version_info AS
    SELECT id, sha256, file_name, published_at, published_by, note, programme_id, as_of, size FROM versions;
"""


def _book(make_book, title: str) -> bytes:
    return make_book(Programme={**valid_content()["Programme"], "title_en": title}).read_bytes()


def _schema_1_store(path, books: list[bytes]) -> None:
    """Three versions published, then the first made current again, as the old store recorded them."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA_1)
        for n, data in enumerate(books, start=1):
            db.execute(
                "INSERT INTO versions (sha256, file_name, published_at, published_by, note, programme_id, as_of,"
                " size, data) VALUES (?, ?, ?, ?, ?, 'TEST-1', '2011-05-31', ?, ?)",
                (
                    hashlib.sha256(data).hexdigest(),
                    f"v{n}.xlsx",
                    f"2011-06-0{n}T10:00:00Z",
                    "Maria",
                    f"n{n}",
                    len(data),
                    data,
                ),
            )
            db.execute(
                "INSERT INTO audit (at, action, version_id, actor, note) VALUES (?, 'publish', ?, 'Maria', ?)",
                (f"2011-06-0{n}T10:00:00Z", n, f"n{n}"),
            )
        db.execute(
            "INSERT INTO audit (at, action, version_id, actor, note) VALUES ('2011-06-09T08:00:00Z', 'revert', 1, 'Li', 'wrong figures')"
        )
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone() == (0,)


def test_a_one_programme_store_upgrades_in_place_keeping_every_version_and_the_audit_log(tmp_path, make_book):
    path = tmp_path / "store.sqlite3"
    books = [_book(make_book, f"title {n}") for n in range(1, 4)]
    _schema_1_store(path, books)

    store = open_store(path, read_programme=stored_programme)
    assert store.schema_version() == SCHEMA_VERSION
    versions = store.versions()
    assert [(v.id, v.file_name, v.published_by, v.note, v.published_at) for v in versions] == [
        (3, "v3.xlsx", "Maria", "n3", "2011-06-03T10:00:00Z"),
        (2, "v2.xlsx", "Maria", "n2", "2011-06-02T10:00:00Z"),
        (1, "v1.xlsx", "Maria", "n1", "2011-06-01T10:00:00Z"),
    ]
    assert [store.data(v.id) for v in reversed(versions)] == books
    # titles and period read from the stored workbooks, so the programme list needs no bytes
    assert [(v.title_en, v.title_zh, v.start, v.end) for v in versions][2] == (
        "title 1",
        "测试方案",
        "2010-01-01",
        "2011-12-31",
    )
    assert all(v.sign_in == "" for v in versions)  # how they signed in was not recorded then
    assert [(e.id, e.action, e.version_id, e.actor, e.note, e.programme_id) for e in store.audit()] == [
        (4, "revert", 1, "Li", "wrong figures", "TEST-1"),
        (3, "publish", 3, "Maria", "n3", "TEST-1"),
        (2, "publish", 2, "Maria", "n2", "TEST-1"),
        (1, "publish", 1, "Maria", "n1", "TEST-1"),
    ]
    # the current version is still the one the last revert named
    assert store.current("TEST-1").id == 1 and store.current().id == 1
    assert [p.programme_id for p in store.programmes()] == ["TEST-1"]
    store.check()

    # and it keeps working as a schema-2 store: new ids follow the old ones
    result = publish_book(store, _book(make_book, "title 4"), "v4.xlsx", "Li", base=1, sign_in="oidc:li@example.org")
    assert result.version.id == 4 and store.audit()[0].id == 5
    assert open_store(path).schema_version() == SCHEMA_VERSION  # opening again does not upgrade twice


def test_an_upgrade_that_cannot_write_leaves_the_old_store_as_it_was(tmp_path, make_book):
    path = tmp_path / "store.sqlite3"
    _schema_1_store(path, [_book(make_book, "title 1")])
    before = path.read_bytes()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the write lock for longer than a publish waits
    try:
        with pytest.raises(StoreError) as failed:
            open_store(path, write_wait=0.2, read_programme=stored_programme)
        assert failed.value.kind == "locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM audit").fetchone() == (2,)
    assert len(before) > 0
    assert (
        open_store(path, read_programme=stored_programme).schema_version() == SCHEMA_VERSION
    )  # once the lock is gone it upgrades


def test_an_old_store_is_not_upgraded_by_a_caller_that_cannot_read_workbooks(tmp_path, make_book):
    """The store never parses workbooks itself: without a reader the titles could not be filled in."""
    path = tmp_path / "store.sqlite3"
    _schema_1_store(path, [_book(make_book, "title 1")])
    with pytest.raises(StoreError) as refused:
        open_store(path)
    assert refused.value.kind == "unavailable" and "schema 1" in refused.value.reason
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (0,)
    assert open_store(path, read_programme=stored_programme).versions()[0].title_en == "title 1"


def test_a_store_from_a_newer_dashboard_is_not_touched(tmp_path):
    path = tmp_path / "store.sqlite3"
    open_store(path)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 7")
    with pytest.raises(StoreError) as failed:
        open_store(path)
    assert failed.value.kind == "unavailable" and "schema 7" in failed.value.reason


def test_a_new_postgresql_store_records_its_schema_version(request):
    from conftest import postgres_schema_url

    store = open_store(postgres_schema_url(request.getfixturevalue("postgres_server")))
    assert store.schema_version() == SCHEMA_VERSION


# --- schema 2 -> 3: models next to the original files ---


def _schema_2_sqlite(path, data: bytes) -> None:
    from jwp_data.store import sqlite_schema

    with sqlite3.connect(path, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("BEGIN")
        sqlite_schema._script(db, sqlite_schema._SQLITE_V1)
        sqlite_schema._script(db, sqlite_schema._SQLITE_V2)
        db.execute("PRAGMA user_version = 2")
        _insert_schema_2_version(db, data)
        db.execute("COMMIT")


def _insert_schema_2_version(db, data: bytes, mark: str = "?") -> None:
    sql = (
        "INSERT INTO versions (sha256, file_name, published_at, published_by, note, programme_id, as_of, size, data,"
        " sign_in, title_en, title_zh, period_start, period_end)"
        " VALUES (?, 'old.xlsx', '2011-06-01T10:00:00Z', 'Maria', '', 'TEST-1', '2011-05-31', ?, ?, 'password',"
        " 'old', '', '2010-01-01', '2011-12-31')"
    )
    db.execute(sql.replace("?", mark), (hashlib.sha256(data).hexdigest(), len(data), data))
    db.execute("INSERT INTO programmes (programme_id, current_id) VALUES ('TEST-1', 1)")


def _schema_2_postgres(url: str, data: bytes) -> None:
    import psycopg

    from jwp_data.store import postgres

    with psycopg.connect(url, autocommit=True) as db:
        for statement in postgres._SCHEMA_2.split(";"):
            if statement.strip():
                db.execute(statement)
        _insert_schema_2_version(db, data, "%s")


def _schema_2_store(backend: str, request, tmp_path, data: bytes) -> str:
    """The location of a schema-2 store (SQLite or PostgreSQL) holding one version of `data`."""
    from conftest import postgres_schema_url

    if backend == "sqlite":
        location = str(tmp_path / "store.sqlite3")
        _schema_2_sqlite(location, data)
    else:
        location = postgres_schema_url(request.getfixturevalue("postgres_server"))
        _schema_2_postgres(location, data)
    return location


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_versions_stored_before_models_keep_their_file_and_get_a_model_once_it_is_worked_out(
    backend, request, tmp_path, make_book
):
    from jwp_data.workbook import model_file

    data = _book(make_book, "old")
    store = open_store(_schema_2_store(backend, request, tmp_path, data))
    assert store.schema_version() == SCHEMA_VERSION == 5
    assert store.data(1) == data and store.model(1) is None  # nothing is parsed while upgrading
    blob = model_file.dump(model_file.checked(data)[0])
    store.keep_model(1, blob)
    store.keep_model(1, b"a later, different model")  # the first one kept stays
    assert store.model(1) == blob
    store.check()


# --- schema 4 -> 5: the programme's titles in every language ---


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_upgraded_store_keeps_the_old_titles_and_stores_every_language_of_a_new_version(
    backend, request, tmp_path, make_book
):

    data = _book(make_book, "old")
    location = _schema_2_store(backend, request, tmp_path, data)
    store = open_store(location)
    assert store.schema_version() == SCHEMA_VERSION
    [before] = store.programmes()
    assert (before.current.titles, before.titles()) == ("", {"en": "old"})  # a version stored before schema 5

    programme = {**valid_content()["Programme"], "title_en": "new", "title_fr": "nouveau", "title_ar": "جديد"}
    publish_book(store, make_book(Programme=programme).read_bytes(), "new.xlsx", "Maria")
    [after] = store.programmes()
    assert after.titles() == {"en": "new", "ar": "جديد", "zh": programme["title_zh"], "fr": "nouveau"}
    assert open_store(location).programmes()[0].titles() == after.titles()  # read back from the database
    store.check()
