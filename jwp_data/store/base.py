"""The store's interface: what both backends offer, and every write, written once on top of `_read`/`_write`."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jwp_data import settings
from jwp_data.store import sql
from jwp_data.store.errors import StaleBaseError, StoreError, shown_location
from jwp_data.store.reads import StoreReads
from jwp_data.store.records import ANY_BASE, PublishResult, Version
from jwp_data.store.sql import SELECT_VERSION, SIGN_IN_EVENTS, Db

if TYPE_CHECKING:
    from jwp_data.workbook.model import Programme

# Reads a stored workbook's programme (None when the bytes no longer validate); an upgrade from schema 1
# needs one, as those stores kept no titles or periods. The store never reads workbooks itself.
ProgrammeReader = Callable[[bytes], "Programme | None"]

_log = logging.getLogger(__name__)


class Store(StoreReads):
    """What both backends offer. Subclasses provide `_read(fn)` and `_write(fn)`: run fn(Db) on a connection
    (in a write transaction holding the store's write lock for `_write`) and turn driver errors into StoreError.

    `read_wait` and `write_wait` are the seconds a read or a write waits for a lock (default: the settings)."""

    read_wait: float
    write_wait: float

    def _waits(self, read_wait: float | None, write_wait: float | None) -> None:
        self.read_wait = settings.read_wait() if read_wait is None else read_wait
        self.write_wait = settings.write_wait() if write_wait is None else write_wait

    def _write(self, fn: Callable[[Db], Any], *, wait: float | None = None) -> Any:  # pragma: no cover - abstract
        """fn(Db) in a write transaction holding the store's write lock, waited for at most `wait` (default
        write_wait)."""
        raise NotImplementedError

    def schema_version(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        """Release connections this object keeps."""

    def publish(
        self,
        data: bytes,
        file_name: str,
        who: str,
        note: str = "",
        *,
        programme: Programme,
        model: bytes | None = None,
        base=ANY_BASE,
        sign_in: str = "password",
    ) -> PublishResult:
        """Store a workbook as the current version of its programme.

        The caller has validated `data` (in a worker) and passes the programme it names
        (`validation.matrix.programme`), whose id, titles and period are stored with the version, and the model
        file the worker made of it (jwp_data/workbook/model_file.py), which pages load instead of the workbook.
        Without one, the first page that shows the version works it out in a worker and keeps it. `base`: the id of the programme's current version the
        editor checked the file against (None: the programme had none). If another version is current by now,
        nothing is written and StaleBaseError says which. Publishing the file that already is current changes
        nothing (made_current False)."""
        sha = hashlib.sha256(data).hexdigest()

        def write(db: Db) -> PublishResult:
            current_id = sql.current_id(db, programme.programme_id)
            row = db.one(SELECT_VERSION + " WHERE sha256 = ?", (sha,))
            if row is not None and model is not None:
                sql.keep_model(db, row[0], model)
            if row is not None and row[0] == current_id:
                return PublishResult(sql.version(row), created=False, made_current=False)
            self._check_base(db, base, current_id)
            created = row is None
            if created:
                row = sql.insert_version(db, data, sha, file_name, who, note, programme, sign_in, model)
            version = sql.version(row)
            sql.make_current(db, "publish", version, who, note, sign_in)
            return PublishResult(version, created=created)

        try:
            return self._write(write)
        except (StoreError, StaleBaseError) as failed:
            _log.warning(
                "publish of %s (%s, sha256 %s) to programme %s failed: %s",
                file_name,
                shown_location(self.location),
                sha[:12],
                programme.programme_id,
                failed,
            )
            raise

    def revert(self, version_id: int, who: str, note: str = "", *, base=ANY_BASE, sign_in: str = "password") -> Version:
        """Make an earlier version current again for its programme (recorded in the audit log).

        `base`: the programme's current version id when the editor decided; StaleBaseError if that changed."""

        def write(db: Db) -> Version:
            row = db.one(SELECT_VERSION + " WHERE id = ?", (version_id,))
            if row is None:
                raise KeyError(version_id)
            version = sql.version(row)
            self._check_base(db, base, sql.current_id(db, version.programme_id))
            sql.make_current(db, "revert", version, who, note, sign_in)
            return version

        return self._write(write)

    def keep_model(self, version_id: int, model: bytes) -> None:
        """Store the model file worked out for a version that had none. It is written at the first page that
        shows the version, so it waits for the write lock no longer than a read may (StoreError if it cannot)."""
        self._write(lambda db: sql.keep_model(db, version_id, model), wait=self.read_wait)

    def record_event(self, action: str, actor: str, client: str, note: str = "") -> None:
        """Write a sign-in event ('sign_in_failed' or 'sign_in_paused') into the audit log."""
        if action not in SIGN_IN_EVENTS:
            raise ValueError(f"not a sign-in event: {action!r}")
        self._write(lambda db: sql.event(db, action, actor, client, note))

    @staticmethod
    def _check_base(db: Db, base, current_id: int | None) -> None:
        if base is ANY_BASE or base == current_id:
            return
        current = None
        if current_id is not None:
            current = sql.version(db.one(SELECT_VERSION + " WHERE id = ?", (current_id,)))
        raise StaleBaseError(current, base)

    def load(self, rows: dict[str, list[tuple]]) -> None:
        """Fill an empty store with `dump()` rows of another one, keeping ids (one transaction)."""

        def write(db: Db) -> None:
            if db.one("SELECT count(*) FROM versions")[0] or db.one("SELECT count(*) FROM audit")[0]:
                raise StoreError("unavailable", "the destination store is not empty")
            for table, columns in sql.TABLES.items():
                marks = ", ".join("?" for _ in columns.split(","))
                for row in rows.get(table, []):
                    db.execute("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")", row)  # noqa: S608
            self._after_load(db)

        self._write(write)

    def _after_load(self, db: Db) -> None:
        """Backend fix-ups after rows were inserted with explicit ids."""
