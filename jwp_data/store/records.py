"""What the store hands out: versions, audit lines, programmes and the outcome of a publish."""

from __future__ import annotations

import json
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
    titles: str = ""  # the programme's title in every language it has one in, as JSON {"fr": …}; '' before schema 5

    def programme_titles(self) -> dict[str, str]:
        """language -> the programme's title: English and Chinese from their columns, the others from `titles`."""
        return programme_titles(self.title_en, self.title_zh, self.titles)


def programme_titles(title_en: str, title_zh: str, titles: str) -> dict[str, str]:
    """language -> title from a version's stored facts (`titles` is JSON, or '' for a version stored before it)."""
    found = {"en": title_en, "zh": title_zh}
    try:
        stored = json.loads(titles) if titles else {}
    except ValueError:
        stored = {}
    if isinstance(stored, dict):
        found |= {lang: text for lang, text in stored.items() if isinstance(text, str)}
    return {lang: text for lang, text in found.items() if text}


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

    def titles(self) -> dict[str, str]:
        """language -> the programme's title, for every language its current version has one in."""
        return self.current.programme_titles()


@dataclass(frozen=True)
class PublishResult:
    version: Version
    created: bool  # False when the same file was already stored (its bytes are not stored twice)
    made_current: bool = True  # False when that file already was the current version
