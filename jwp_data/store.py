"""The version store: published workbooks in an embedded SQLite database that survives restarts.

Each version keeps the original bytes, their sha256, the file name, the UTC time, who published
it and the note. Every change is one SQLite transaction, so a failed or interrupted publish leaves
the store as it was, and publishes from several processes at once each get their own version.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jwp_data.issues import WorkbookError
from jwp_data.validate import validate_workbook

STORE_ENV = "JWP_STORE"
DEFAULT_STORE = Path.home() / ".local" / "share" / "jwp-dashboard" / "store.sqlite3"

_SCHEMA = """
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


@dataclass(frozen=True)
class Version:
    """One published workbook (without its bytes; `VersionStore.data(id)` gives them)."""

    id: int
    sha256: str
    file_name: str
    published_at: str
    published_by: str
    note: str
    programme_id: str
    as_of: str
    size: int


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    action: str
    version_id: int
    actor: str
    note: str


@dataclass(frozen=True)
class PublishResult:
    version: Version
    created: bool  # False when the same file was already stored (its bytes are not stored twice)
    made_current: bool = True  # False when that file already was the current version


def store_path() -> Path:
    """Where the store lives: $JWP_STORE, or a file in the user's data folder."""
    configured = os.environ.get(STORE_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_STORE


def open_store() -> VersionStore:
    """The store at its configured location."""
    return VersionStore(store_path())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class VersionStore:
    """Versions of the workbook, the current one, and the audit log of publishes and reverts."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA foreign_keys = ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def publish(self, data: bytes, file_name: str, who: str, note: str = "") -> PublishResult:
        """Store a valid workbook as the new current version; raises WorkbookError if it is not valid."""
        validation = validate_workbook(data)
        if not validation.valid:
            raise WorkbookError(validation.issues)
        programme = validation.matrix.programme
        sha = hashlib.sha256(data).hexdigest()
        with self._transaction() as db:
            row = db.execute("SELECT * FROM version_info WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                # The same file again: not stored twice, but publishing it makes it current as the editor meant.
                if db.execute("SELECT version_id FROM audit ORDER BY id DESC LIMIT 1").fetchone() == (row[0],):
                    return PublishResult(Version(*row), created=False, made_current=False)
                db.execute(
                    "INSERT INTO audit (at, action, version_id, actor, note) VALUES (?, 'publish', ?, ?, ?)",
                    (_now(), row[0], who, note),
                )
                return PublishResult(Version(*row), created=False)
            cursor = db.execute(
                "INSERT INTO versions (sha256, file_name, published_at, published_by, note, programme_id, as_of,"
                " size, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    sha,
                    file_name,
                    _now(),
                    who,
                    note,
                    programme.programme_id,
                    programme.as_of.isoformat(),
                    len(data),
                    data,
                ),
            )
            version_id = cursor.lastrowid
            db.execute(
                "INSERT INTO audit (at, action, version_id, actor, note) VALUES (?, 'publish', ?, ?, ?)",
                (_now(), version_id, who, note),
            )
            row = db.execute("SELECT * FROM version_info WHERE id = ?", (version_id,)).fetchone()
        return PublishResult(Version(*row), created=True)

    def revert(self, version_id: int, who: str, note: str = "") -> Version:
        """Make an earlier version current again (recorded in the audit log)."""
        with self._transaction() as db:
            row = db.execute("SELECT * FROM version_info WHERE id = ?", (version_id,)).fetchone()
            if row is None:
                raise KeyError(version_id)
            db.execute(
                "INSERT INTO audit (at, action, version_id, actor, note) VALUES (?, 'revert', ?, ?, ?)",
                (_now(), version_id, who, note),
            )
        return Version(*row)

    def current(self) -> Version | None:
        """The version everyone sees: the one named by the latest publish or revert; None while empty."""
        with self._connect() as db:
            row = db.execute(
                "SELECT v.* FROM audit a JOIN version_info v ON v.id = a.version_id ORDER BY a.id DESC LIMIT 1"
            ).fetchone()
        return Version(*row) if row else None

    def versions(self) -> list[Version]:
        """All versions, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM version_info ORDER BY id DESC").fetchall()
        return [Version(*r) for r in rows]

    def find(self, sha256: str) -> Version | None:
        """The version holding exactly these bytes (by their sha256), if one does."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM version_info WHERE sha256 = ?", (sha256,)).fetchone()
        return Version(*row) if row else None

    def get(self, version_id: int) -> Version | None:
        """A version by its id; None if there is none."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM version_info WHERE id = ?", (version_id,)).fetchone()
        return Version(*row) if row else None

    def data(self, version_id: int) -> bytes:
        """The original bytes of a version, exactly as uploaded."""
        with self._connect() as db:
            row = db.execute("SELECT data FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise KeyError(version_id)
        return bytes(row[0])

    def audit(self) -> list[AuditEntry]:
        """Publishes and reverts, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT id, at, action, version_id, actor, note FROM audit ORDER BY id DESC").fetchall()
        return [AuditEntry(*r) for r in rows]
