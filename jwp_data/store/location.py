"""Which store to open: a postgresql:// URL opens the PostgreSQL store, anything else an SQLite file.

This is the one module that knows both backends; neither backend imports it.
"""

from __future__ import annotations

import os
from pathlib import Path

from jwp_data import settings
from jwp_data.store.base import ProgrammeReader, Store
from jwp_data.store.postgres import PostgresStore
from jwp_data.store.sqlite import VersionStore

STORE_ENV = settings.STORE.name
DEFAULT_STORE = settings.DEFAULT_STORE


def store_location() -> str:
    """Where the store lives: $JWP_STORE (a file path or a postgresql:// URL), or a file in the user's data folder."""
    return settings.store_location()


def is_postgres_location(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def store_path() -> Path:
    """The SQLite file of the configured store (for a PostgreSQL store, the default file, which is not used)."""
    location = store_location()
    return DEFAULT_STORE if is_postgres_location(location) else Path(location).expanduser()


def open_store(
    location: str | os.PathLike | None = None,
    *,
    read_wait: float | None = None,
    write_wait: float | None = None,
    read_programme: ProgrammeReader | None = None,
) -> Store:
    """The store at this location (default: the configured one): PostgreSQL for a postgresql:// URL, else SQLite.

    `read_wait`/`write_wait`: seconds to wait for a lock (default: JWP_STORE_READ_WAIT/JWP_STORE_WRITE_WAIT).
    `read_programme`: how to read a stored workbook's programme, needed only to upgrade an old SQLite store."""
    location = str(location) if location is not None else store_location()
    if is_postgres_location(location):
        return PostgresStore(location, read_wait=read_wait, write_wait=write_wait)
    return VersionStore(
        Path(location).expanduser(), read_wait=read_wait, write_wait=write_wait, read_programme=read_programme
    )
