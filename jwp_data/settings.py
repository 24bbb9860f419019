"""Every setting the dashboard reads from its environment or from Streamlit secrets, in one place.

Environment variables are read when asked for (not at import), so a test or a long-running server sees
the value of the moment. Streamlit secrets are only named here: the core never imports Streamlit, so
`ui/` reads them (ui/auth_config.py) under these names. README.md's "Settings" table lists them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    """One setting: its name, where it is set ('environment' or 'secret'), its default and what it means."""

    name: str
    source: str
    default: str
    meaning: str

    def read(self) -> str:
        """The environment variable's value, stripped; the default when it is unset or blank."""
        assert self.source == "environment", self.name
        return os.environ.get(self.name, "").strip() or self.default


DEFAULT_STORE = Path.home() / ".local" / "share" / "jwp-dashboard" / "store.sqlite3"

STORE = Setting(
    "JWP_STORE",
    "environment",
    "~/.local/share/jwp-dashboard/store.sqlite3",
    "where published versions are kept: an SQLite file, or a postgresql:// URL shared by several servers",
)
STORE_READ_WAIT = Setting(
    "JWP_STORE_READ_WAIT",
    "environment",
    "2",
    "seconds a page view waits for the store's lock before it shows the last version it read",
)
STORE_WRITE_WAIT = Setting(
    "JWP_STORE_WRITE_WAIT",
    "environment",
    "5",
    "seconds a publish, revert or sign-in count waits for another writer before it gives up",
)
EDITOR_PASSWORD = Setting(
    "JWP_EDITOR_PASSWORD",
    "environment",
    "",
    "the editors' password in plain text (used when no password hash is in the secrets)",
)
TRUSTED_PROXIES = Setting(
    "JWP_TRUSTED_PROXIES",
    "environment",
    "",
    "addresses or networks of reverse proxies whose X-Forwarded-For header is believed (comma-separated)",
)
BROWSER = Setting(
    "JWP_BROWSER",
    "environment",
    "",
    "the Chrome or Chromium that renders PNG/SVG charts (default: the one kaleido finds)",
)
BROWSER_PATH = Setting(
    "BROWSER_PATH",
    "environment",
    "",
    "the same as JWP_BROWSER, read when JWP_BROWSER is not set (kaleido's own name for it)",
)
WORKER_MEMORY_MB = Setting(
    "JWP_WORKER_MEMORY_MB",
    "environment",
    "512",
    "megabytes of memory one upload's worker may use beyond what it holds at start; past it the upload is refused",
)
PASSWORD_HASH_SECRET = Setting(
    "editor_password_hash",
    "secret",
    "",
    "the editors' password as `python -m jwp_data password` prints it (scrypt; a hex SHA-256 still works)",
)
LEGACY_PASSWORD_SECRET = Setting(
    "editor_password_sha256",
    "secret",
    "",
    "the older name of editor_password_hash, still read when that is not set",
)
AUTH_SECRET = Setting(
    "auth",
    "secret",
    "",
    "the [auth] section for organisation sign-in (OpenID Connect through st.login), as Streamlit documents it",
)
EDITORS_SECRET = Setting(
    "editors",
    "secret",
    "",
    "the [editors] section: `emails` allowed to publish after organisation sign-in, `provider` if [auth] has several",
)

SETTINGS = (
    STORE,
    STORE_READ_WAIT,
    STORE_WRITE_WAIT,
    EDITOR_PASSWORD,
    TRUSTED_PROXIES,
    BROWSER,
    BROWSER_PATH,
    WORKER_MEMORY_MB,
    PASSWORD_HASH_SECRET,
    LEGACY_PASSWORD_SECRET,
    AUTH_SECRET,
    EDITORS_SECRET,
)


def store_location() -> str:
    """Where the store lives: JWP_STORE (a file path or a postgresql:// URL), or a file in the user's data folder."""
    return os.environ.get(STORE.name, "").strip() or str(DEFAULT_STORE)


def _seconds(setting: Setting) -> float:
    try:
        value = float(setting.read())
    except ValueError:
        value = float(setting.default)  # a typo keeps the default rather than stopping every page
    return value if value > 0 else float(setting.default)


def read_wait() -> float:
    """Seconds a page view waits for a lock on the store (JWP_STORE_READ_WAIT, default 2)."""
    return _seconds(STORE_READ_WAIT)


def write_wait() -> float:
    """Seconds a publish or revert waits for another writer (JWP_STORE_WRITE_WAIT, default 5)."""
    return _seconds(STORE_WRITE_WAIT)


def editor_password() -> str:
    """The plain editors' password from the environment ('' when not set; never stripped)."""
    return os.environ.get(EDITOR_PASSWORD.name, "")


def trusted_proxies() -> str:
    return TRUSTED_PROXIES.read()


def browser() -> tuple[str, str] | None:
    """(variable, path) of the first browser variable that is set, or None."""
    for setting in (BROWSER, BROWSER_PATH):
        value = os.environ.get(setting.name)
        if value:
            return setting.name, value
    return None


def worker_memory_mb() -> int:
    """Megabytes an upload's worker may use (JWP_WORKER_MEMORY_MB, default 512)."""
    return int(_seconds(WORKER_MEMORY_MB))
