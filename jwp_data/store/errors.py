"""How the store fails: StoreError (the store itself) and StaleBaseError (another editor got there first)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jwp_data.store.records import Version

STORE_ERROR_KINDS = ("unavailable", "read_only", "locked", "full", "corrupt")


class StoreError(Exception):
    """The store cannot be opened, read or written. `kind` is one of STORE_ERROR_KINDS, `reason` a short text."""

    def __init__(self, kind: str, reason: str):
        assert kind in STORE_ERROR_KINDS, kind
        super().__init__(f"{kind}: {reason}")
        self.kind, self.reason = kind, reason


class StaleBaseError(Exception):
    """A publish or revert was checked against `base`, but `current` (another version, or None) is current now."""

    def __init__(self, current: Version | None, base: int | None):
        if current is None:
            text = f"version {base} is no longer current"
        else:
            text = f"version {current.id} was published by {current.published_by} at {current.published_at}"
        super().__init__(text + " after you checked your file")
        self.current, self.base = current, base


def shown_location(location: str) -> str:
    """A store's location for messages and logs: a URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", location)
