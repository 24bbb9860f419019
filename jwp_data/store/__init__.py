"""The version store: published workbooks, per programme, in SQLite (default) or PostgreSQL.

Each version keeps the original bytes, their sha256, the file name, the UTC time, who published it,
how they signed in and the note, plus the programme's id, titles and period (so a programme list
never has to read a workbook; the publisher, who has validated the file, passes its programme) and
the validated model (a model file, with its sha256, which pages load instead of the workbook). Every
programme has its own current version. Every change is one transaction that first takes the store's
write lock (SQLite `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so a failed or interrupted publish
leaves the store as it was, and two editors can never overwrite each other unseen: a publish or revert
names the version it was checked against (`base`) and is refused with `StaleBaseError` if another one
became current in the meantime.

Every way the store itself can fail (missing, read-only, locked, full, corrupt) comes out as
`StoreError` with a `kind` a page can explain, never as a database driver's exception.

Modules, each importing only those below it: location (open_store: picks a backend) > postgres, sqlite
(+ sqlite_schema), throttle, drafts > base (Store: the writes) > reads (the reads) > sql (shared SQL) > records,
errors, waits (one lock wait shared by the reads of a page run). `copy` sits on top.
"""

from jwp_data.store.base import ProgrammeReader, Store
from jwp_data.store.errors import STORE_ERROR_KINDS, StaleBaseError, StoreError
from jwp_data.store.location import (
    DEFAULT_STORE,
    STORE_ENV,
    is_postgres_location,
    open_store,
    store_location,
    store_path,
)
from jwp_data.store.records import ANY_BASE, AuditEntry, ProgrammeEntry, PublishResult, Version
from jwp_data.store.sql import SCHEMA_VERSION, SIGN_IN_EVENTS, TABLES, Db
from jwp_data.store.sqlite import SQLiteStore, VersionStore

__all__ = [
    "ANY_BASE",
    "DEFAULT_STORE",
    "SCHEMA_VERSION",
    "SIGN_IN_EVENTS",
    "STORE_ENV",
    "STORE_ERROR_KINDS",
    "TABLES",
    "AuditEntry",
    "Db",
    "ProgrammeEntry",
    "ProgrammeReader",
    "PublishResult",
    "SQLiteStore",
    "StaleBaseError",
    "Store",
    "StoreError",
    "Version",
    "VersionStore",
    "is_postgres_location",
    "open_store",
    "store_location",
    "store_path",
]
