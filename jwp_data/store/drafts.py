"""Private drafts: a checked upload an editor has not published yet, kept in the store for a day.

A draft is found only by the random id the browser that uploaded it holds (`secrets.token_urlsafe`, 256
bits); the store keeps the id's sha256, not the id, so whoever reads the database or a copy of it cannot
use the ids it finds. A draft lives `LIFETIME_SECONDS` after it was saved; expired drafts are removed by
every save and never handed out. Each draft is at most the size an upload may be, and all drafts together
at most `MAX_TOTAL_BYTES` and `MAX_DRAFTS`: a new draft pushes out the oldest ones beyond that, so uploads
by anyone can never fill the store's disk.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from jwp_data.store.base import Store
from jwp_data.store.sql import Db
from jwp_data.workbook.schema import MAX_FILE_BYTES

LIFETIME_SECONDS = 24 * 3600
MAX_DRAFTS = 50
MAX_TOTAL_BYTES = 10 * MAX_FILE_BYTES


@dataclass(frozen=True)
class Draft:
    """A kept upload: its bytes, its file name and when it was saved (seconds since the epoch)."""

    data: bytes
    file_name: str
    saved_at: float


class DraftTooLarge(ValueError):
    """The file is larger than an upload may be: it is not kept."""


def _key(draft_id: str) -> str:
    return hashlib.sha256(draft_id.encode()).hexdigest()


class Drafts:
    """The drafts kept in `store` (its `drafts` table)."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time):
        self.store, self.clock = store, clock

    def save(self, data: bytes, file_name: str, replaces: str | None = None) -> str:
        """Keep a file; returns the new draft's id, which only the caller knows. `replaces`: the id of the
        caller's earlier draft, removed in the same transaction."""
        if len(data) > MAX_FILE_BYTES:
            raise DraftTooLarge(len(data))
        draft_id = secrets.token_urlsafe(32)
        now = self.clock()

        def write(db: Db) -> None:
            db.execute("DELETE FROM drafts WHERE saved_at < ?", (now - LIFETIME_SECONDS,))
            if replaces:
                db.execute("DELETE FROM drafts WHERE key = ?", (_key(replaces),))
            kept = db.all("SELECT key, size FROM drafts ORDER BY saved_at DESC, key")
            total, room = len(data), []
            for number, (key, size) in enumerate(kept, start=1):
                total += size
                if room or number >= MAX_DRAFTS or total > MAX_TOTAL_BYTES:
                    room.append(key)
            for key in room:  # the oldest go first, so the new one fits
                db.execute("DELETE FROM drafts WHERE key = ?", (key,))
            db.execute(
                "INSERT INTO drafts (key, file_name, saved_at, size, data) VALUES (?, ?, ?, ?, ?)",
                (_key(draft_id), file_name, now, len(data), data),
            )

        self.store._write(write)
        return draft_id

    def get(self, draft_id: str | None) -> Draft | None:
        """The draft with this id, if it exists and has not expired."""
        if not draft_id:
            return None
        row = self.store._read(
            lambda db: db.one(
                "SELECT data, file_name, saved_at FROM drafts WHERE key = ? AND saved_at >= ?",
                (_key(draft_id), self.clock() - LIFETIME_SECONDS),
            )
        )
        return Draft(bytes(row[0]), row[1], row[2]) if row else None

    def discard(self, draft_id: str | None) -> None:
        """Remove a draft (published, or thrown away by the editor); nothing happens if it is gone already."""
        if draft_id:
            self.store._write(lambda db: db.execute("DELETE FROM drafts WHERE key = ?", (_key(draft_id),)))

    def purge(self) -> int:
        """Remove every expired draft; returns how many there were."""
        cutoff = self.clock() - LIFETIME_SECONDS
        return self.store._write(lambda db: db.execute("DELETE FROM drafts WHERE saved_at < ?", (cutoff,)).rowcount)
