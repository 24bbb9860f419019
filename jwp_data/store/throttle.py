"""The pause after wrong editor passwords, kept in the version store.

The counts live in store tables, not in a server's memory or cache: clearing Streamlit's caches,
restarting the server or sending a try to another server behind the same store does not reset them.

Policy:
- 5 wrong passwords in a row from one client (its address), or for one account (the typed name,
  case and surrounding spaces ignored): that client or account waits 5 minutes; its count then starts
  again (so every further 5 failures pause it again); a successful sign-in resets both counts;
- 20 wrong passwords within 10 minutes for the whole site, from anyone: password sign-in pauses for
  everyone until fewer than 20 are left in the last 10 minutes;
- counts older than a day are forgotten.

`failed()` also writes the audit log: a 'sign_in_failed' line for every wrong password, and a
'sign_in_paused' line when it starts a pause (note: scope and seconds). Callers must not record
these themselves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from jwp_data.store import sql
from jwp_data.store.base import Store
from jwp_data.store.sql import Db

MAX_FAILURES = 5  # per client and per account
PAUSE_SECONDS = 300
SITE_MAX_FAILURES = 20
SITE_WINDOW_SECONDS = 600
FORGET_SECONDS = 86_400
SCOPES = ("client", "account", "site")

_log = logging.getLogger(__name__)


def account_key(account: str) -> str:
    return " ".join(account.split()).casefold()


class SignInThrottle:
    """Wrong passwords per client, per account and for the whole site, counted in `store`."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time):
        self.store, self.clock = store, clock

    def _keys(self, client: str, account: str) -> list[tuple[str, str]]:
        keys = [("client", client)]
        if account_key(account):
            keys.append(("account", account_key(account)))
        return keys

    def wait(self, client: str, account: str = "") -> tuple[float, str | None]:
        """(seconds to wait before a password may be checked, and which pause: 'client', 'account' or 'site'),
        or (0, None) when it may be tried now. The longest pause wins."""
        now = self.clock()
        keys = self._keys(client, account)

        def read(db: Db) -> tuple[float, str | None]:
            waits = []
            for scope, key in keys:
                row = db.one("SELECT paused_until FROM sign_in_counters WHERE scope = ? AND key = ?", (scope, key))
                if row and row[0] > now:
                    waits.append((row[0] - now, scope))
            recent = db.all(
                "SELECT at FROM sign_in_failures WHERE at > ? ORDER BY at DESC LIMIT ?",
                (now - SITE_WINDOW_SECONDS, SITE_MAX_FAILURES),
            )
            if len(recent) >= SITE_MAX_FAILURES:
                waits.append((recent[-1][0] + SITE_WINDOW_SECONDS - now, "site"))
            return max(waits, default=(0, None))

        return self.store._read(read)

    def failed(self, client: str, account: str = "") -> int:
        """Count a wrong password (and write it to the audit log); returns the tries left before this client or
        account pauses (0: a pause has started, or the site-wide one is on)."""
        now = self.clock()
        keys = self._keys(client, account)

        paused: list[tuple[str, int]] = []

        def write(db: Db) -> int:
            paused.clear()  # a write that is tried again starts afresh
            db.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - FORGET_SECONDS,))
            db.execute(
                "INSERT INTO sign_in_failures (at, client, account) VALUES (?, ?, ?)", (now, client, account.strip())
            )
            sql.event(db, "sign_in_failed", account.strip(), client)
            left = MAX_FAILURES
            for scope, key in keys:
                row = db.one(
                    "SELECT failures, last_failure, paused_until FROM sign_in_counters WHERE scope = ? AND key = ?",
                    (scope, key),
                )
                if row and row[2] > now:  # already paused (a try that raced the pause): the pause stands
                    left = 0
                    continue
                failures = row[0] if row and now - row[1] < FORGET_SECONDS else 0
                failures += 1
                paused_until = 0.0
                if failures >= MAX_FAILURES:
                    failures, paused_until = 0, now + PAUSE_SECONDS
                    sql.event(db, "sign_in_paused", account.strip(), client, f"{scope}: {PAUSE_SECONDS} s")
                    paused.append((scope, PAUSE_SECONDS))
                    left = 0
                else:
                    left = min(left, MAX_FAILURES - failures)
                db.execute(
                    "INSERT INTO sign_in_counters (scope, key, failures, last_failure, paused_until)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures,"
                    " last_failure = excluded.last_failure, paused_until = excluded.paused_until",
                    (scope, key, failures, now, paused_until),
                )
            recent = db.one("SELECT count(*) FROM sign_in_failures WHERE at > ?", (now - SITE_WINDOW_SECONDS,))[0]
            if recent == SITE_MAX_FAILURES:  # this failure starts the site-wide pause
                sql.event(db, "sign_in_paused", account.strip(), client, f"site: {SITE_WINDOW_SECONDS} s")
                paused.append(("site", SITE_WINDOW_SECONDS))
            if recent >= SITE_MAX_FAILURES:
                left = 0
            return left

        left = self.store._write(write)
        for scope, seconds in paused:  # the typed name is in the audit log, not here: it may be a mistyped password
            _log.warning("sign-in paused for %s s after wrong passwords: %s (client %s)", seconds, scope, client)
        return left

    def succeeded(self, client: str, account: str = "") -> None:
        """A right password: this client's and this account's counts start again."""
        keys = self._keys(client, account)

        def write(db: Db) -> None:
            for scope, key in keys:
                db.execute("DELETE FROM sign_in_counters WHERE scope = ? AND key = ?", (scope, key))

        self.store._write(write)
