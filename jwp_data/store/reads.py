"""Everything a page asks the store, the same on both backends (`StoreReads`, the base of `Store`)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from jwp_data.store import sql, waits
from jwp_data.store.errors import StoreError
from jwp_data.store.records import AuditEntry, ProgrammeEntry, Version
from jwp_data.store.sql import SELECT_AUDIT, SELECT_VERSION, VERSION_COLUMNS, Db

_LATEST_PROGRAMME = (
    "SELECT p.current_id FROM programmes p JOIN versions v ON v.id = p.current_id"
    " ORDER BY v.period_end DESC, v.period_start DESC, p.programme_id LIMIT 1"
)


class StoreReads:
    """Reads on a backend that provides `_read(fn)`: run fn(Db) on a connection, driver errors as StoreError."""

    location: str
    read_wait: float

    def _read(self, fn: Callable[[Db], Any]) -> Any:
        """fn(Db) on a read connection, waiting for a lock at most what the page run has left (see waits.py)."""
        budget = waits.current()
        wait = self.read_wait if budget is None else budget.allow(self.read_wait)
        started = time.monotonic()
        try:
            return self._read_waiting(fn, wait)
        except StoreError as failed:
            if budget is not None and failed.kind == "locked":
                budget.spend(max(wait, time.monotonic() - started))
            raise

    def _read_waiting(self, fn: Callable[[Db], Any], wait: float) -> Any:  # pragma: no cover - abstract
        """fn(Db) on a read connection that waits at most `wait` seconds for a lock; driver errors as StoreError."""
        raise NotImplementedError

    def _integrity_problem(self, db: Db) -> str | None:
        """The backend's own integrity check (None: fine)."""
        return None

    def current_id(self, programme_id: str | None = None) -> int | None:
        """The id of the programme's current version (one cheap query, for polling); None while it has none.
        Without a programme: the current version of the latest programme by period."""
        if programme_id is None:
            row = self._read(lambda db: db.one(_LATEST_PROGRAMME))
            return row[0] if row else None
        return self._read(lambda db: sql.current_id(db, programme_id))

    def current(self, programme_id: str | None = None) -> Version | None:
        """The version everyone sees for this programme (default: the latest programme by period); None if none."""

        def read(db: Db) -> Version | None:
            if programme_id is None:
                row = db.one(_LATEST_PROGRAMME)
                current = row[0] if row else None
            else:
                current = sql.current_id(db, programme_id)
            if current is None:
                return None
            return sql.version(db.one(SELECT_VERSION + " WHERE id = ?", (current,)))

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
        versions = [sql.version(row) for row in rows]
        return [ProgrammeEntry(v.programme_id, v.title_en, v.title_zh, v.start, v.end, v) for v in versions]

    def versions(self, programme_id: str | None = None) -> list[Version]:
        """Versions newest first: of one programme, or of all (None)."""
        if programme_id is None:
            rows = self._read(lambda db: db.all(SELECT_VERSION + " ORDER BY id DESC"))
        else:
            rows = self._read(
                lambda db: db.all(SELECT_VERSION + " WHERE programme_id = ? ORDER BY id DESC", (programme_id,))
            )
        return [sql.version(r) for r in rows]

    def find(self, sha256: str) -> Version | None:
        """The version holding exactly these bytes (by their sha256), if one does."""
        row = self._read(lambda db: db.one(SELECT_VERSION + " WHERE sha256 = ?", (sha256,)))
        return sql.version(row) if row else None

    def get(self, version_id: int) -> Version | None:
        """A version by its id; None if there is none."""
        row = self._read(lambda db: db.one(SELECT_VERSION + " WHERE id = ?", (version_id,)))
        return sql.version(row) if row else None

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

    def model(self, version_id: int) -> bytes | None:
        """The model file stored with a version (jwp_data/workbook/model_file.py), None if it has none yet
        (published before schema 3); checked against its sha256 like the original bytes."""
        row = self._read(lambda db: db.one("SELECT model_sha256, model FROM versions WHERE id = ?", (version_id,)))
        if row is None:
            raise KeyError(version_id)
        if row[1] is None:
            return None
        model = bytes(row[1])
        if hashlib.sha256(model).hexdigest() != row[0]:
            raise StoreError("corrupt", f"the stored model of version {version_id} is damaged")
        return model

    def audit(self, programme_id: str | None = None) -> list[AuditEntry]:
        """The audit log newest first: everything (None), or one programme's publishes and reverts."""
        if programme_id is None:
            rows = self._read(lambda db: db.all(SELECT_AUDIT + " ORDER BY id DESC"))
        else:
            rows = self._read(
                lambda db: db.all(SELECT_AUDIT + " WHERE programme_id = ? ORDER BY id DESC", (programme_id,))
            )
        return [AuditEntry(*r) for r in rows]

    def check(self) -> None:
        """Raise StoreError(kind='corrupt') if the database fails its integrity check or a stored file or model
        no longer matches its sha256."""

        def read(db: Db) -> str | None:
            problem = self._integrity_problem(db)
            if problem:
                return problem
            for version_id, sha, data in db.execute("SELECT id, sha256, data FROM versions"):
                if hashlib.sha256(bytes(data)).hexdigest() != sha:
                    return f"the stored file of version {version_id} is damaged"
            for version_id, sha, model in db.execute(
                "SELECT id, model_sha256, model FROM versions WHERE model IS NOT NULL"
            ):
                if hashlib.sha256(bytes(model)).hexdigest() != sha:
                    return f"the stored model of version {version_id} is damaged"
            return None

        problem = self._read(read)
        if problem:
            raise StoreError("corrupt", problem)

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every table (for `store copy`)."""
        return self._read(
            lambda db: {
                table: [tuple(r) for r in db.all("SELECT " + columns + " FROM " + table + " ORDER BY 1, 2")]  # noqa: S608 (fixed names)
                for table, columns in sql.TABLES.items()
            }
        )
