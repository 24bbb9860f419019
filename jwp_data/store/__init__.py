"""The version store: published workbooks, per programme, in SQLite (default) or PostgreSQL.

Each version keeps the original bytes, their sha256, the file name, the UTC time, who published it,
how they signed in and the note, plus the programme's id, titles and period (so a programme list
never has to read a workbook). Every programme has its own current version. Every change is one
transaction that first takes the store's write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL
advisory lock), so a failed or interrupted publish leaves the store as it was, and two editors can
never overwrite each other unseen: a publish or revert names the version it was checked against
(`base`) and is refused with `StaleBaseError` if another one became current in the meantime.

Every way the store itself can fail (missing, read-only, locked, full, corrupt) comes out as
`StoreError` with a `kind` a page can explain, never as a database driver's exception.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jwp_data.workbook.issues import WorkbookError
from jwp_data.workbook.validate import validate_workbook

STORE_ENV = "JWP_STORE"
DEFAULT_STORE = Path.home() / ".local" / "share" / "jwp-dashboard" / "store.sqlite3"
SCHEMA_VERSION = 2  # 1: one programme (versions, audit); 2: programmes, sign-in, throttle tables

READ_WAIT = 2.0  # seconds a page view waits for a lock before giving up (then the page falls back)
WRITE_WAIT = 5.0  # seconds a publish or revert waits for another writer
_MAX_IDLE = 4  # idle read connections kept per store object

STORE_ERROR_KINDS = ("unavailable", "read_only", "locked", "full", "corrupt")
SIGN_IN_EVENTS = ("sign_in_failed", "sign_in_paused")


class StoreError(Exception):
    """The store cannot be opened, read or written. `kind` is one of STORE_ERROR_KINDS, `reason` a short text."""

    def __init__(self, kind: str, reason: str):
        assert kind in STORE_ERROR_KINDS, kind
        super().__init__(f"{kind}: {reason}")
        self.kind, self.reason = kind, reason


class _AnyBase:
    def __repr__(self) -> str:
        return "ANY_BASE"


ANY_BASE: Any = _AnyBase()  # `base` not given: publish/revert without checking (scripts; the UI always passes one)


@dataclass(frozen=True)
class Version:
    """One published workbook (without its bytes; `store.data(id)` gives them). Dates are ISO strings."""

    id: int
    sha256: str
    file_name: str
    published_at: str
    published_by: str
    note: str
    programme_id: str
    as_of: str
    size: int
    sign_in: str = ""  # 'password' or 'oidc:<email>'; '' for versions published before schema 2
    title_en: str = ""
    title_zh: str = ""
    start: str = ""
    end: str = ""


class StaleBaseError(Exception):
    """A publish or revert was checked against `base`, but `current` (another version, or None) is current now."""

    def __init__(self, current: Version | None, base: int | None):
        if current is None:
            text = f"version {base} is no longer current"
        else:
            text = f"version {current.id} was published by {current.published_by} at {current.published_at}"
        super().__init__(text + " after you checked your file")
        self.current, self.base = current, base


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log. version_id and programme_id are None for sign-in events."""

    id: int
    at: str
    action: str  # 'publish' | 'revert' | 'sign_in_failed' | 'sign_in_paused'
    version_id: int | None
    actor: str
    note: str
    sign_in: str = ""
    programme_id: str | None = None
    client: str = ""


@dataclass(frozen=True)
class ProgrammeEntry:
    """A programme in the store, described by its current version."""

    programme_id: str
    title_en: str
    title_zh: str
    start: str
    end: str
    current: Version


@dataclass(frozen=True)
class PublishResult:
    version: Version
    created: bool  # False when the same file was already stored (its bytes are not stored twice)
    made_current: bool = True  # False when that file already was the current version


def store_location() -> str:
    """Where the store lives: $JWP_STORE (a file path or a postgresql:// URL), or a file in the user's data folder."""
    configured = os.environ.get(STORE_ENV, "").strip()
    return configured or str(DEFAULT_STORE)


def is_postgres_location(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def store_path() -> Path:
    """The SQLite file of the configured store (for a PostgreSQL store, the default file, which is not used)."""
    location = store_location()
    return DEFAULT_STORE if is_postgres_location(location) else Path(location).expanduser()


def open_store(location: str | os.PathLike | None = None) -> Store:
    """The store at this location (default: the configured one): PostgreSQL for a postgresql:// URL, else SQLite."""
    location = str(location) if location is not None else store_location()
    if is_postgres_location(location):
        from jwp_data.store.postgres import PostgresStore

        return PostgresStore(location)
    return VersionStore(Path(location).expanduser())


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


VERSION_COLUMNS = (
    "id, sha256, file_name, published_at, published_by, note, programme_id, as_of, size,"
    " sign_in, title_en, title_zh, period_start, period_end"
)
AUDIT_COLUMNS = "id, at, action, version_id, actor, note, sign_in, programme_id, client"
_SELECT_VERSION = "SELECT " + VERSION_COLUMNS + " FROM versions"  # noqa: S608
_SELECT_AUDIT = "SELECT " + AUDIT_COLUMNS + " FROM audit"  # noqa: S608
# Every table a copy carries over, with its columns (in this order), parents before children.
TABLES = {
    "versions": VERSION_COLUMNS + ", data",
    "audit": AUDIT_COLUMNS,
    "programmes": "programme_id, current_id",
    "sign_in_counters": "scope, key, failures, last_failure, paused_until",
    "sign_in_failures": "id, at, client, account",
}


def _version(row) -> Version:
    return Version(*row)


def _programme_facts(data: bytes) -> tuple[str, str, str, str] | None:
    """title_en, title_zh, start, end of a workbook's programme (None if the bytes no longer validate)."""
    matrix = validate_workbook(data).matrix
    return None if matrix is None else _facts(matrix.programme)


def _facts(p) -> tuple[str, str, str, str]:
    iso = lambda d: d.isoformat() if d is not None else ""  # noqa: E731
    return p.title_en or "", p.title_zh or "", iso(p.start), iso(p.end)


class Db:
    """A connection inside one store operation; SQL is written with `?` placeholders for both backends."""

    def __init__(self, connection, placeholder: str = "?"):
        self.connection, self.placeholder = connection, placeholder

    def execute(self, sql: str, params: tuple | list = ()):
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)
        return self.connection.execute(sql, params)

    def one(self, sql: str, params: tuple | list = ()):
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple | list = ()) -> list:
        return self.execute(sql, params).fetchall()


class Store:
    """What both backends offer. Subclasses provide `_read(fn)` and `_write(fn)`: run fn(Db) on a connection
    (in a write transaction holding the store's write lock for `_write`) and turn driver errors into StoreError."""

    location: str

    # --- backend ---

    def _read(self, fn: Callable[[Db], Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _write(self, fn: Callable[[Db], Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def schema_version(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def _integrity_problem(self, db: Db) -> str | None:
        """The backend's own integrity check (None: fine)."""
        return None

    def close(self) -> None:
        """Release connections this object keeps (none for SQLite)."""

    # --- writes ---

    def publish(
        self, data: bytes, file_name: str, who: str, note: str = "", *, base=ANY_BASE, sign_in: str = "password"
    ) -> PublishResult:
        """Store a valid workbook as the current version of its programme; raises WorkbookError if it is not valid.

        `base`: the id of the programme's current version the editor checked the file against (None: the
        programme had none). If another version is current by now, nothing is written and StaleBaseError says
        which. Publishing the file that already is current changes nothing (made_current False)."""
        validation = validate_workbook(data)
        if not validation.valid:
            raise WorkbookError(validation.issues)
        programme = validation.matrix.programme
        facts = _facts(programme)
        sha = hashlib.sha256(data).hexdigest()
        programme_id = programme.programme_id

        def write(db: Db) -> PublishResult:
            current_id = self._current_id(db, programme_id)
            row = db.one(_SELECT_VERSION + " WHERE sha256 = ?", (sha,))
            if row is not None and row[0] == current_id:
                return PublishResult(_version(row), created=False, made_current=False)
            self._check_base(db, base, current_id)
            created = row is None
            if created:
                row = db.one(
                    "INSERT INTO versions (sha256, file_name, published_at, published_by, note, programme_id, as_of,"  # noqa: S608
                    " size, data, sign_in, title_en, title_zh, period_start, period_end)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + VERSION_COLUMNS,
                    (
                        sha,
                        file_name,
                        _now(),
                        who,
                        note,
                        programme_id,
                        programme.as_of.isoformat(),
                        len(data),
                        data,
                        sign_in,
                        *facts,
                    ),
                )
            version = _version(row)
            self._make_current(db, "publish", version, who, note, sign_in)
            return PublishResult(version, created=created)

        return self._write(write)

    def revert(self, version_id: int, who: str, note: str = "", *, base=ANY_BASE, sign_in: str = "password") -> Version:
        """Make an earlier version current again for its programme (recorded in the audit log).

        `base`: the programme's current version id when the editor decided; StaleBaseError if that changed."""

        def write(db: Db) -> Version:
            row = db.one(_SELECT_VERSION + " WHERE id = ?", (version_id,))
            if row is None:
                raise KeyError(version_id)
            version = _version(row)
            self._check_base(db, base, self._current_id(db, version.programme_id))
            self._make_current(db, "revert", version, who, note, sign_in)
            return version

        return self._write(write)

    def record_event(self, action: str, actor: str, client: str, note: str = "") -> None:
        """Write a sign-in event ('sign_in_failed' or 'sign_in_paused') into the audit log."""
        if action not in SIGN_IN_EVENTS:
            raise ValueError(f"not a sign-in event: {action!r}")
        self._write(lambda db: self._event(db, action, actor, client, note))

    @staticmethod
    def _event(db: Db, action: str, actor: str, client: str, note: str = "") -> None:
        db.execute(
            "INSERT INTO audit (at, action, version_id, actor, note, sign_in, programme_id, client)"
            " VALUES (?, ?, NULL, ?, ?, '', NULL, ?)",
            (_now(), action, actor, note, client),
        )

    def _check_base(self, db: Db, base, current_id: int | None) -> None:
        if base is ANY_BASE or base == current_id:
            return
        current = None
        if current_id is not None:
            current = _version(db.one(_SELECT_VERSION + " WHERE id = ?", (current_id,)))
        raise StaleBaseError(current, base)

    @staticmethod
    def _current_id(db: Db, programme_id: str) -> int | None:
        row = db.one("SELECT current_id FROM programmes WHERE programme_id = ?", (programme_id,))
        return row[0] if row else None

    @staticmethod
    def _make_current(db: Db, action: str, version: Version, who: str, note: str, sign_in: str) -> None:
        db.execute(
            "INSERT INTO audit (at, action, version_id, actor, note, sign_in, programme_id, client)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, '')",
            (_now(), action, version.id, who, note, sign_in, version.programme_id),
        )
        db.execute(
            "INSERT INTO programmes (programme_id, current_id) VALUES (?, ?)"
            " ON CONFLICT (programme_id) DO UPDATE SET current_id = excluded.current_id",
            (version.programme_id, version.id),
        )

    # --- reads ---

    _LATEST_PROGRAMME = (
        "SELECT p.current_id FROM programmes p JOIN versions v ON v.id = p.current_id"
        " ORDER BY v.period_end DESC, v.period_start DESC, p.programme_id LIMIT 1"
    )

    def current_id(self, programme_id: str | None = None) -> int | None:
        """The id of the programme's current version (one cheap query, for polling); None while it has none.
        Without a programme: the current version of the latest programme by period."""
        if programme_id is None:
            row = self._read(lambda db: db.one(self._LATEST_PROGRAMME))
            return row[0] if row else None
        return self._read(lambda db: self._current_id(db, programme_id))

    def current(self, programme_id: str | None = None) -> Version | None:
        """The version everyone sees for this programme (default: the latest programme by period); None if none."""

        def read(db: Db) -> Version | None:
            if programme_id is None:
                current = db.one(self._LATEST_PROGRAMME)
            else:
                current = db.one("SELECT current_id FROM programmes WHERE programme_id = ?", (programme_id,))
            if current is None:
                return None
            return _version(db.one(_SELECT_VERSION + " WHERE id = ?", (current[0],)))

        return self._read(read)

    def programmes(self) -> list[ProgrammeEntry]:
        """Every programme with a current version, the latest period first (end, then start, descending)."""
        rows = self._read(
            lambda db: db.all(
                "SELECT "  # noqa: S608
                + ", ".join("v." + c.strip() for c in VERSION_COLUMNS.split(","))
                + " FROM programmes p JOIN versions v ON v.id = p.current_id"
                " ORDER BY v.period_end DESC, v.period_start DESC, p.programme_id"
            )
        )
        entries = []
        for row in rows:
            v = _version(row)
            entries.append(ProgrammeEntry(v.programme_id, v.title_en, v.title_zh, v.start, v.end, v))
        return entries

    def versions(self, programme_id: str | None = None) -> list[Version]:
        """Versions newest first: of one programme, or of all (None)."""
        if programme_id is None:
            rows = self._read(lambda db: db.all(_SELECT_VERSION + " ORDER BY id DESC"))
        else:
            rows = self._read(
                lambda db: db.all(_SELECT_VERSION + " WHERE programme_id = ? ORDER BY id DESC", (programme_id,))
            )
        return [_version(r) for r in rows]

    def find(self, sha256: str) -> Version | None:
        """The version holding exactly these bytes (by their sha256), if one does."""
        row = self._read(lambda db: db.one(_SELECT_VERSION + " WHERE sha256 = ?", (sha256,)))
        return _version(row) if row else None

    def get(self, version_id: int) -> Version | None:
        """A version by its id; None if there is none."""
        row = self._read(lambda db: db.one(_SELECT_VERSION + " WHERE id = ?", (version_id,)))
        return _version(row) if row else None

    def data(self, version_id: int) -> bytes:
        """The original bytes of a version, exactly as uploaded (checked against their sha256: a damaged
        store raises StoreError(kind='corrupt') rather than handing out bytes that are not the file)."""
        row = self._read(lambda db: db.one("SELECT sha256, data FROM versions WHERE id = ?", (version_id,)))
        if row is None:
            raise KeyError(version_id)
        data = bytes(row[1])
        if hashlib.sha256(data).hexdigest() != row[0]:
            raise StoreError("corrupt", f"the stored file of version {version_id} is damaged")
        return data

    def audit(self, programme_id: str | None = None) -> list[AuditEntry]:
        """The audit log newest first: everything (None), or one programme's publishes and reverts."""
        if programme_id is None:
            rows = self._read(lambda db: db.all(_SELECT_AUDIT + " ORDER BY id DESC"))
        else:
            rows = self._read(
                lambda db: db.all(_SELECT_AUDIT + " WHERE programme_id = ? ORDER BY id DESC", (programme_id,))
            )
        return [AuditEntry(*r) for r in rows]

    def check(self) -> None:
        """Raise StoreError(kind='corrupt') if the database fails its integrity check or a stored file no
        longer matches its sha256."""

        def read(db: Db) -> str | None:
            problem = self._integrity_problem(db)
            if problem:
                return problem
            for version_id, sha, data in db.execute("SELECT id, sha256, data FROM versions"):
                if hashlib.sha256(bytes(data)).hexdigest() != sha:
                    return f"the stored file of version {version_id} is damaged"
            return None

        problem = self._read(read)
        if problem:
            raise StoreError("corrupt", problem)

    # --- copying whole stores ---

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table (for `store copy`)."""
        return self._read(
            lambda db: {
                table: [tuple(r) for r in db.all("SELECT " + columns + " FROM " + table + " ORDER BY 1, 2")]  # noqa: S608 (fixed names)
                for table, columns in TABLES.items()
            }
        )

    def load(self, rows: dict[str, list[tuple]]) -> None:
        """Fill an empty store with `dump()` rows of another one, keeping ids (one transaction)."""

        def write(db: Db) -> None:
            if db.one("SELECT count(*) FROM versions")[0] or db.one("SELECT count(*) FROM audit")[0]:
                raise StoreError("unavailable", "the destination store is not empty")
            for table, columns in TABLES.items():
                marks = ", ".join("?" for _ in columns.split(","))
                for row in rows.get(table, []):
                    db.execute("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", row)  # noqa: S608
            self._after_load(db)

        self._write(write)

    def _after_load(self, db: Db) -> None:
        """Backend fix-ups after rows were inserted with explicit ids."""


# --- SQLite ---

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


def _script(db, sql: str) -> None:
    """Run DDL statements one by one inside the open transaction (executescript would commit it first)."""
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _fill_programme_facts(db: Db) -> None:
    """Schema 2 keeps each version's programme titles and period: read them from the stored bytes."""
    for version_id, data in db.all("SELECT id, data FROM versions"):
        facts = _programme_facts(bytes(data))
        if facts is not None:
            db.execute(
                "UPDATE versions SET title_en = ?, title_zh = ?, period_start = ?, period_end = ? WHERE id = ?",
                (*facts, version_id),
            )


def _sqlite_error(exc: BaseException, path: Path) -> StoreError:
    """What went wrong, in the store's terms."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return StoreError("full", "the disk is full")
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreError("read_only", f"cannot write in {path.parent}")
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            return StoreError("unavailable", f"a part of the path {path.parent} is a file, not a folder")
        return StoreError("unavailable", exc.strerror or str(exc))
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_IOERR and _disk_nearly_full(path):  # e.g. the WAL index (-shm) could not grow
        return StoreError("full", "the disk is full")
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError("locked", "another process holds a lock on the store")
    if code == sqlite3.SQLITE_FULL:
        return StoreError("full", "the disk is full")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(
            "corrupt", "the store file is damaged" if code == sqlite3.SQLITE_CORRUPT else "not a database"
        )
    if code == sqlite3.SQLITE_READONLY or not os.access(path.parent, os.W_OK) or _read_only_filesystem(path):
        return StoreError("read_only", f"the store at {path} is read-only")
    if code == sqlite3.SQLITE_CANTOPEN:
        if not path.exists():
            return StoreError("unavailable", f"the store file {path} is missing")
        return StoreError("unavailable", f"cannot open {path}")
    if code == sqlite3.SQLITE_IOERR:
        return StoreError("unavailable", "input/output error")
    return StoreError("unavailable", str(exc) or type(exc).__name__)


def _disk_nearly_full(path: Path) -> bool:
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < 512 * 1024


def _read_only_filesystem(path: Path) -> bool:
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# Errors after which a read tries again on a read-only connection (a folder that became read-only: WAL
# needs its -shm file, which then cannot be created).
_RETRY_READ_ONLY = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR}


class VersionStore(Store):
    """The SQLite store: one file (WAL journal), any number of processes on one machine."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path).expanduser() if path else store_path()
        self.location = str(self.path)
        # Idle read connections, reused while the file is the same one (opening one costs far more than a
        # lookup); any error closes the connection and the next read opens afresh.
        self._idle: list[tuple[sqlite3.Connection, tuple[int, int]]] = []
        self._idle_lock = threading.Lock()
        self._prepare()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    def _pooled(self) -> sqlite3.Connection | None:
        identity = self._file_identity()
        with self._idle_lock:
            while self._idle:
                db, opened_on = self._idle.pop()
                if opened_on == identity:
                    return db
                db.close()  # the file was replaced or removed: never read the old one
        return None

    def _keep(self, db: sqlite3.Connection) -> None:
        identity = self._file_identity()
        with self._idle_lock:
            if identity is not None and len(self._idle) < _MAX_IDLE:
                self._idle.append((db, identity))
                return
        db.close()

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for db, _ in idle:
            db.close()

    def _connect(self, mode: str, timeout: float) -> sqlite3.Connection:
        uri = self.path.absolute().as_uri() + "?mode=" + mode
        db = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self) -> None:
        """Create the file or upgrade its schema if needed; a current store that cannot be written still opens."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and not self.path.is_file():
                raise StoreError("unavailable", f"{self.path} is a folder, not a store file")
            existing = self.path.exists() and self.path.stat().st_size > 0
        except OSError as exc:
            raise _sqlite_error(exc, self.path) from exc
        if existing:
            version = self.schema_version()
            if version == SCHEMA_VERSION:
                return
            if version > SCHEMA_VERSION:
                raise StoreError(
                    "unavailable", f"the store has schema {version}; this dashboard knows {SCHEMA_VERSION}"
                )
        try:
            db = self._connect("rwc", WRITE_WAIT)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path) from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if version == 0 and "versions" in tables:
                    version = 1  # a store made before the schema was numbered
                if version < 1:
                    _script(db, _SQLITE_V1)
                if version < 2:
                    _script(db, _SQLITE_V2)
                    _fill_programme_facts(Db(db))
                if version < SCHEMA_VERSION:
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path) from exc
        finally:
            db.close()

    def schema_version(self) -> int:
        version = self._read(lambda db: db.one("PRAGMA user_version")[0])
        if version == 0 and self._read(
            lambda db: db.one("SELECT count(*) FROM sqlite_master WHERE name = 'versions'")[0]
        ):
            return 1
        return version

    def _read(self, fn: Callable[[Db], Any]) -> Any:
        """fn on a read connection; if the file cannot be opened for writing (a read-only folder, a WAL file that
        cannot get its -shm), read-only and then immutable connections still let viewers read."""
        db = self._pooled()
        if db is not None:
            try:
                result = fn(Db(db))
            except sqlite3.Error as exc:
                db.close()
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _RETRY_READ_ONLY:
                    raise _sqlite_error(exc, self.path) from exc
            except BaseException:
                db.close()
                raise
            else:
                self._keep(db)
                return result
        first_error: sqlite3.Error | None = None
        for mode in ("rw", "ro", "ro&immutable=1"):
            try:
                db = self._connect(mode, READ_WAIT)
            except sqlite3.Error as exc:
                first_error = first_error or exc
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _RETRY_READ_ONLY:
                    break
                continue
            try:
                result = fn(Db(db))
            except sqlite3.Error as exc:
                db.close()
                first_error = first_error or exc
                if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) not in _RETRY_READ_ONLY:
                    break
                continue
            except BaseException:
                db.close()
                raise
            if mode == "rw":
                self._keep(db)
            else:
                db.close()  # a fallback connection: try a normal one again next time
            return result
        raise _sqlite_error(first_error, self.path) from first_error

    def _write(self, fn: Callable[[Db], Any]) -> Any:
        """fn inside BEGIN IMMEDIATE (the store's write lock, waited for at most WRITE_WAIT); all or nothing."""
        try:
            db = self._connect("rw", WRITE_WAIT)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path) from exc
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                result = fn(Db(db))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            return result
        except (sqlite3.Error, OSError) as exc:
            raise _sqlite_error(exc, self.path) from exc
        finally:
            db.close()

    def _integrity_problem(self, db: Db) -> str | None:
        rows = db.all("PRAGMA quick_check")
        return None if [tuple(r) for r in rows] == [("ok",)] else f"integrity check failed: {rows[0][0]}"


SQLiteStore = VersionStore
