"""What the store hands out: versions, audit lines, programmes and the outcome of a publish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
