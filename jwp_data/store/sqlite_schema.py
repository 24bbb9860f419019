"""The SQLite store's tables, and the upgrade of a store made by an older dashboard."""

from __future__ import annotations

import sqlite3

from jwp_data.store import sql
from jwp_data.store.base import ProgrammeReader
from jwp_data.store.errors import StoreError
from jwp_data.store.sql import SCHEMA_VERSION, Db

_SQLITE_V1 = """
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

_SQLITE_V2 = """
DROP VIEW IF EXISTS version_info;
ALTER TABLE versions ADD COLUMN sign_in TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN title_en TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN title_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN period_start TEXT NOT NULL DEFAULT '';
ALTER TABLE versions ADD COLUMN period_end TEXT NOT NULL DEFAULT '';
CREATE INDEX versions_programme ON versions (programme_id, id);
ALTER TABLE audit RENAME TO audit_v1;
CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('publish', 'revert', 'sign_in_failed', 'sign_in_paused')),
    version_id INTEGER REFERENCES versions(id),
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    sign_in TEXT NOT NULL DEFAULT '',
    programme_id TEXT,
    client TEXT NOT NULL DEFAULT ''
);
INSERT INTO audit (id, at, action, version_id, actor, note, programme_id)
    SELECT a.id, a.at, a.action, a.version_id, a.actor, a.note, v.programme_id
    FROM audit_v1 a JOIN versions v ON v.id = a.version_id;
DROP TABLE audit_v1;
CREATE INDEX audit_programme ON audit (programme_id, id);
CREATE TABLE programmes (
    programme_id TEXT PRIMARY KEY,
    current_id INTEGER NOT NULL REFERENCES versions(id)
);
INSERT INTO programmes (programme_id, current_id)
    SELECT a.programme_id, a.version_id FROM audit a
    WHERE a.id = (SELECT max(b.id) FROM audit b WHERE b.programme_id = a.programme_id);
CREATE TABLE sign_in_counters (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    paused_until REAL NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    client TEXT NOT NULL,
    account TEXT NOT NULL
);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
"""


def _script(db: sqlite3.Connection, text: str) -> None:
    """Run DDL statements one by one inside the open transaction (executescript would commit it first)."""
    for statement in text.split(";"):
        if statement.strip():
            db.execute(statement)


def _fill_programme_facts(db: Db, read_programme: ProgrammeReader) -> None:
    """Schema 2 keeps each version's programme titles and period: read them from the stored bytes."""
    for version_id, data in db.all("SELECT id, data FROM versions"):
        programme = read_programme(bytes(data))
        if programme is not None:
            db.execute(
                "UPDATE versions SET title_en = ?, title_zh = ?, period_start = ?, period_end = ? WHERE id = ?",
                (*sql.facts(programme), version_id),
            )


def _to_3(db: sqlite3.Connection) -> None:
    """Schema 3: each version keeps its validated model next to the original file (jwp_data/workbook/model_file.py).
    Versions stored before have none; the first page that shows one works it out in a worker and keeps it."""
    db.execute("ALTER TABLE versions ADD COLUMN model BLOB")
    db.execute("ALTER TABLE versions ADD COLUMN model_sha256 TEXT")


_SQLITE_V4 = """
CREATE TABLE drafts (
    key TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    saved_at REAL NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX drafts_saved_at ON drafts (saved_at);
"""


def _add_drafts(db: sqlite3.Connection) -> None:
    """Schema 4: uploads kept as private drafts for a day (jwp_data/store/drafts.py)."""
    _script(db, _SQLITE_V4)


def _add_titles(db: sqlite3.Connection) -> None:
    """Schema 5: each version keeps its programme's title in every language (JSON); a version stored before has
    '' and shows its English and Chinese titles, the only ones a workbook could give then."""
    db.execute("ALTER TABLE versions ADD COLUMN titles TEXT NOT NULL DEFAULT ''")


def upgrade(db: sqlite3.Connection, read_programme: ProgrammeReader | None) -> None:
    """Bring a store (inside BEGIN IMMEDIATE) to SCHEMA_VERSION; a new file gets every table."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and "versions" in tables:
        version = 1  # a store made before the schema was numbered
    if version == 1 and read_programme is None:
        raise StoreError("unavailable", "the store has schema 1; open it from the dashboard to upgrade it")
    if version < 1:
        _script(db, _SQLITE_V1)
    if version < 2:
        _script(db, _SQLITE_V2)
        if read_programme is not None:
            _fill_programme_facts(Db(db), read_programme)
    if version < 3:
        _to_3(db)
    if version < 4:
        _add_drafts(db)
    if version < 5:
        _add_titles(db)
    if version < SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
