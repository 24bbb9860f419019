"""The SQLite store: one file (WAL journal), any number of processes on one machine.

Every write takes the file's write lock (`BEGIN IMMEDIATE`, waiting at most `write_wait`); reads wait at
most `read_wait` for a lock, then fall back to read-only connections so viewers can still read a store in
a folder that became read-only. Every failure comes out as a StoreError.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jwp_data import settings
from jwp_data.store import sqlite_schema
from jwp_data.store.base import ProgrammeReader, Store
from jwp_data.store.errors import StoreError
from jwp_data.store.sql import SCHEMA_VERSION, Db

_MAX_IDLE = 4  # idle read connections kept per store object
# Errors after which a read tries again on a read-only connection (a folder that became read-only: WAL
# needs its -shm file, which then cannot be created).
_RETRY_READ_ONLY = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR}


def _code(exc: BaseException) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF


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
    code = _code(exc)
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


class _IdleConnections:
    """Idle read connections, reused while the file is the same one (opening one costs far more than a lookup)."""

    def __init__(self, path: Path):
        self.path = path
        self._idle: list[tuple[sqlite3.Connection, tuple[int, int]]] = []
        self._lock = threading.Lock()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    def take(self) -> sqlite3.Connection | None:
        identity = self._file_identity()
        with self._lock:
            while self._idle:
                db, opened_on = self._idle.pop()
                if opened_on == identity:
                    return db
                db.close()  # the file was replaced or removed: never read the old one
        return None

    def keep(self, db: sqlite3.Connection) -> None:
        identity = self._file_identity()
        with self._lock:
            if identity is not None and len(self._idle) < _MAX_IDLE:
                self._idle.append((db, identity))
                return
        db.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for db, _ in idle:
            db.close()


class VersionStore(Store):
    """The SQLite store at `path` (default: the configured one)."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        read_wait: float | None = None,
        write_wait: float | None = None,
        read_programme: ProgrammeReader | None = None,
    ):
        self.path = Path(path or settings.store_location()).expanduser()
        self.location = str(self.path)
        self._waits(read_wait, write_wait)
        self._idle = _IdleConnections(self.path)  # any error closes a connection; the next read opens afresh
        self._prepare(read_programme)

    def close(self) -> None:
        self._idle.close()

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

    def _prepare(self, read_programme: ProgrammeReader | None) -> None:
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
            db = self._connect("rwc", self.write_wait)
        except sqlite3.Error as exc:
            raise _sqlite_error(exc, self.path) from exc
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                sqlite_schema.upgrade(db, read_programme)
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
        def read(db: Db) -> int:
            version = db.one("PRAGMA user_version")[0]
            if version == 0 and db.one("SELECT count(*) FROM sqlite_master WHERE name = 'versions'")[0]:
                return 1
            return version

        return self._read(read)

    def _read_waiting(self, fn: Callable[[Db], Any], wait: float) -> Any:
        """fn on a read connection; if the file cannot be opened for writing (a read-only folder, a WAL file that
        cannot get its -shm), read-only and then immutable connections still let viewers read."""
        db = self._idle.take()
        if db is not None:
            try:
                db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
                result = fn(Db(db))
            except sqlite3.Error as exc:
                db.close()
                if _code(exc) not in _RETRY_READ_ONLY:
                    raise _sqlite_error(exc, self.path) from exc
            except BaseException:
                db.close()
                raise
            else:
                self._idle.keep(db)
                return result
        first_error: sqlite3.Error | None = None
        for mode in ("rw", "ro", "ro&immutable=1"):
            try:
                db = self._connect(mode, wait)
            except sqlite3.Error as exc:
                first_error = first_error or exc
                if _code(exc) not in _RETRY_READ_ONLY:
                    break
                continue
            try:
                result = fn(Db(db))
            except sqlite3.Error as exc:
                db.close()
                first_error = first_error or exc
                if _code(exc) not in _RETRY_READ_ONLY:
                    break
                continue
            except BaseException:
                db.close()
                raise
            if mode == "rw":
                self._idle.keep(db)
            else:
                db.close()  # a fallback connection: try a normal one again next time
            return result
        raise _sqlite_error(first_error, self.path) from first_error

    def _write(self, fn: Callable[[Db], Any], *, wait: float | None = None) -> Any:
        """fn inside BEGIN IMMEDIATE (the store's write lock, waited for at most `wait`, default write_wait); all
        or nothing."""
        try:
            db = self._connect("rw", self.write_wait if wait is None else wait)
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
