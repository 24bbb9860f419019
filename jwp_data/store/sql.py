"""The SQL both backends share: column lists, the connection wrapper and the statements every write uses.

Statements are written with `?` placeholders; `Db` rewrites them for drivers that use another one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from jwp_data.store.records import Version

SCHEMA_VERSION = 5  # 1: one programme (versions, audit); 2: programmes, sign-in, throttle tables; 3: models;
# 4: drafts; 5: the programme's titles in every language
SIGN_IN_EVENTS = ("sign_in_failed", "sign_in_paused")

VERSION_COLUMNS = (
    "id, sha256, file_name, published_at, published_by, note, programme_id, as_of, size,"
    " sign_in, title_en, title_zh, period_start, period_end, titles"
)
AUDIT_COLUMNS = "id, at, action, version_id, actor, note, sign_in, programme_id, client"
SELECT_VERSION = "SELECT " + VERSION_COLUMNS + " FROM versions"  # noqa: S608
SELECT_AUDIT = "SELECT " + AUDIT_COLUMNS + " FROM audit"  # noqa: S608
# Every table a copy carries over, with its columns (in this order), parents before children.
TABLES = {
    "versions": VERSION_COLUMNS + ", data, model, model_sha256",
    "audit": AUDIT_COLUMNS,
    "programmes": "programme_id, current_id",
    "sign_in_counters": "scope, key, failures, last_failure, paused_until",
    "sign_in_failures": "id, at, client, account",
}


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


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def version(row) -> Version:
    return Version(*row)


def facts(programme) -> tuple[str, str, str, str]:
    """title_en, title_zh, start, end of a programme (jwp_data.workbook.model.Programme), as stored."""
    iso = lambda d: d.isoformat() if d is not None else ""  # noqa: E731
    return programme.title_en or "", programme.title_zh or "", iso(programme.start), iso(programme.end)


def titles(programme) -> str:
    """The programme's titles in every language it has one in, as stored: JSON {"en": …, "fr": …}."""
    return json.dumps(programme.titles(), ensure_ascii=False, sort_keys=True)


def current_id(db: Db, programme_id: str) -> int | None:
    row = db.one("SELECT current_id FROM programmes WHERE programme_id = ?", (programme_id,))
    return row[0] if row else None


def insert_version(
    db: Db, data: bytes, sha: str, file_name: str, who: str, note: str, programme, sign_in: str, model: bytes | None
):
    """Store a new version's bytes, model file and facts; its row (VERSION_COLUMNS)."""
    return db.one(
        "INSERT INTO versions (sha256, file_name, published_at, published_by, note, programme_id, as_of,"  # noqa: S608
        " size, data, sign_in, title_en, title_zh, period_start, period_end, model, model_sha256, titles)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + VERSION_COLUMNS,
        (
            sha,
            file_name,
            now(),
            who,
            note,
            programme.programme_id,
            programme.as_of.isoformat(),
            len(data),
            data,
            sign_in,
            *facts(programme),
            model,
            model_sha256(model),
            titles(programme),
        ),
    )


def model_sha256(model: bytes | None) -> str | None:
    return None if model is None else hashlib.sha256(model).hexdigest()


def keep_model(db: Db, version_id: int, model: bytes) -> None:
    """Store a version's model file if it has none yet (a version published before schema 3)."""
    db.execute(
        "UPDATE versions SET model = ?, model_sha256 = ? WHERE id = ? AND model IS NULL",
        (model, model_sha256(model), version_id),
    )


def make_current(db: Db, action: str, version: Version, who: str, note: str, sign_in: str) -> None:
    """Make a version its programme's current one and say so in the audit log."""
    db.execute(
        "INSERT INTO audit (at, action, version_id, actor, note, sign_in, programme_id, client)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, '')",
        (now(), action, version.id, who, note, sign_in, version.programme_id),
    )
    db.execute(
        "INSERT INTO programmes (programme_id, current_id) VALUES (?, ?)"
        " ON CONFLICT (programme_id) DO UPDATE SET current_id = excluded.current_id",
        (version.programme_id, version.id),
    )


def event(db: Db, action: str, actor: str, client: str, note: str = "") -> None:
    """A sign-in event ('sign_in_failed' or 'sign_in_paused') in the audit log."""
    db.execute(
        "INSERT INTO audit (at, action, version_id, actor, note, sign_in, programme_id, client)"
        " VALUES (?, ?, NULL, ?, ?, '', NULL, ?)",
        (now(), action, actor, note, client),
    )
