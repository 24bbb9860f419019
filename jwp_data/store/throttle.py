"""The pause after wrong editor passwords, kept in the version store.

The counts live in store tables, not in a server's memory or cache: clearing Streamlit's caches,
restarting the server or sending a try to another server behind the same store does not reset them.

A password is checked only after `reserve()` has counted the try, in the same store transaction that
checked the pause (SQLite's BEGIN IMMEDIATE; on PostgreSQL the store's transaction-level advisory lock).
So however many sessions, processes or servers submit at once, at most `MAX_TRIES` passwords are checked
per address and per typed name before a pause; `succeeded()` then takes back the count of a right one.

Policy:
- an address (IPv6 per /64, IPv4-mapped IPv6 as IPv4, every loopback address as one) gets 5 tries; the
  fifth starts a pause of 5 minutes, and each further pause of that address doubles it (10, 20, 40 ...
  minutes, at most 4 hours) until a right password from it, or a day without a pause;
- a typed name (folded by `fold_name`: width, case, invisible characters, look-alike letters) gets 5 tries,
  then a pause of 5 minutes (never longer: anyone can type an editor's name);
- the whole site is never paused: after 20 wrong passwords within 10 minutes from anyone, password checks
  are spaced one per `SITE_SPACING` seconds; a try waits for its turn (at most `SITE_MAX_DELAY` seconds)
  and is only turned away, uncounted, when that many are already waiting;
- a right password clears its address's and its name's counts and back-off; counts older than a day are
  forgotten.

`wrong()` writes the audit log: a 'sign_in_failed' line for every wrong password, and a 'sign_in_paused'
line for each pause that try started (note: scope and seconds). Callers must not record these themselves.
"""

from __future__ import annotations

import ipaddress
import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from jwp_data.store import sql
from jwp_data.store.base import Store
from jwp_data.store.sql import Db

MAX_TRIES = 5  # per address and per typed name, between pauses
PAUSE_SECONDS = 300  # the first pause of an address; every pause of a name
MAX_PAUSE_SECONDS = 4 * 3600  # the longest pause of an address
SITE_SLOW_AFTER = 20  # wrong passwords within SITE_WINDOW_SECONDS before checks are spaced
SITE_WINDOW_SECONDS = 600
SITE_SPACING = 1.0  # seconds between two password checks on the whole site while it is slowed
SITE_MAX_DELAY = 10.0  # the longest a try waits for its turn
FORGET_SECONDS = 86_400
# Rows of sign_in_counters that are not counts: an address's back-off (failures = pauses so far,
# paused_until = the end of its latest pause) and the site's next free turn (paused_until).
_BACKOFF, _SITE = "backoff", "site"

_log = logging.getLogger(__name__)

# Characters that show nothing: dropped before names are compared (format characters, category Cf, are too).
_INVISIBLE = dict.fromkeys(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x3164, 0xFFA0, *range(0xFE00, 0xFE10)]
)
# Cyrillic and Greek letters drawn like Latin ones (a small part of Unicode's confusables list).
_LOOK_ALIKES = str.maketrans(
    "АВЕКМНОРСТУХІЈЅҮԚԜаеорсухіјѕһԁԛԝӏүΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρυχ",
    "ABEKMHOPCTYXIJSYQWaeopcyxijshdqwlyABEZHIKMNOPTYXoikvpux",
)


def fold_name(name: str) -> str:
    """The key a typed name is counted under: names that look the same on screen get the same key.

    Full-width and other compatibility forms, case, spacing, invisible characters (soft hyphen, zero-width
    characters, direction marks) and common Cyrillic or Greek look-alikes are ignored; an accent typed as a
    separate mark (NFD) is the composed letter. An accent itself still counts.
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(c for c in text if ord(c) not in _INVISIBLE and unicodedata.category(c) != "Cf")
    text = unicodedata.normalize("NFKC", text.translate(_LOOK_ALIKES).casefold())
    return " ".join(text.split())


def address_key(address: str) -> str:
    """The key an address is counted under: an IPv6 address by its /64 (one site's or one customer's
    network), an IPv4-mapped one as its IPv4 address, every loopback address as 'loopback'; anything that
    is not an address as it is."""
    text = address.strip()
    try:
        parsed = ipaddress.ip_address(text.removeprefix("[").split("]")[0].split("%")[0])
    except ValueError:
        return text
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    if parsed.is_loopback:
        return "loopback"
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def backoff_seconds(pauses_before: int) -> float:
    """How long an address's pause lasts when it already had `pauses_before` pauses: 5, 10, 20 ... minutes."""
    return float(min(MAX_PAUSE_SECONDS, PAUSE_SECONDS * 2 ** min(pauses_before, 20)))


@dataclass(frozen=True)
class Attempt:
    """What `reserve()` decided about one sign-in try.

    allowed: the password may be checked (the try is already counted as wrong until `succeeded()`);
    wait, scope: when refused, the seconds to wait and which pause ('client', 'account' or 'site': the site
    is busy, not paused); delay: seconds to wait for the site's turn before checking the password;
    left: tries this address and name have after this one, should it be wrong; started: the pauses
    (scope, seconds) this try started, should it be wrong.
    """

    allowed: bool
    client: str
    account: str
    wait: float = 0.0
    scope: str | None = None
    delay: float = 0.0
    left: int = MAX_TRIES
    started: tuple[tuple[str, float], ...] = ()
    id: int | None = None


class SignInThrottle:
    """Password tries per address, per typed name and for the whole site, counted in `store`."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time):
        self.store, self.clock = store, clock

    @staticmethod
    def _keys(client: str, account: str) -> list[tuple[str, str]]:
        keys = [("client", address_key(client))]
        if fold_name(account):
            keys.append(("account", fold_name(account)))
        return keys

    @staticmethod
    def _pauses(db: Db, keys: list[tuple[str, str]], now: float) -> tuple[float, str | None]:
        waits = []
        for scope, key in keys:
            row = db.one("SELECT paused_until FROM sign_in_counters WHERE scope = ? AND key = ?", (scope, key))
            if row and row[0] > now:
                waits.append((row[0] - now, scope))
        return max(waits, default=(0, None))

    def wait(self, client: str, account: str = "") -> tuple[float, str | None]:
        """(seconds this address or name must wait before a password may be checked, and which pause:
        'client' or 'account'), or (0, None). The longest pause wins. Only for showing: `reserve()` decides."""
        now = self.clock()
        keys = self._keys(client, account)
        return self.store._read(lambda db: self._pauses(db, keys, now))

    def reserve(self, client: str, account: str = "") -> Attempt:
        """Check the pauses and count the try, in one store transaction: the only way to a password check."""
        now = self.clock()
        keys = self._keys(client, account)
        account = account.strip()

        def write(db: Db) -> Attempt:
            waiting, scope = self._pauses(db, keys, now)
            if waiting:
                return Attempt(False, client, account, wait=waiting, scope=scope, left=0)
            delay = 0.0
            recent = db.one("SELECT count(*) FROM sign_in_failures WHERE at > ?", (now - SITE_WINDOW_SECONDS,))[0]
            if recent >= SITE_SLOW_AFTER:
                row = db.one("SELECT paused_until FROM sign_in_counters WHERE scope = ? AND key = ''", (_SITE,))
                turn = max(now, row[0] if row else 0.0)
                delay = turn - now
                if delay > SITE_MAX_DELAY:  # too many already wait their turn: come back, uncounted
                    return Attempt(False, client, account, wait=delay - SITE_MAX_DELAY, scope="site", left=0)
                self._set(db, _SITE, "", 0, now, turn + SITE_SPACING)
            db.execute("DELETE FROM sign_in_failures WHERE at < ?", (now - FORGET_SECONDS,))
            attempt_id = db.one(
                "INSERT INTO sign_in_failures (at, client, account) VALUES (?, ?, ?) RETURNING id",
                (now, client, account),
            )[0]
            left, started = MAX_TRIES, []
            for scope, key in keys:
                row = db.one(
                    "SELECT failures, last_failure FROM sign_in_counters WHERE scope = ? AND key = ?", (scope, key)
                )
                tries = (row[0] if row and now - row[1] < FORGET_SECONDS else 0) + 1
                paused_until = 0.0
                if tries >= MAX_TRIES:
                    seconds = self._next_pause(db, key, now) if scope == "client" else PAUSE_SECONDS
                    tries, paused_until = 0, now + seconds
                    started.append((scope, seconds))
                    left = 0
                else:
                    left = min(left, MAX_TRIES - tries)
                self._set(db, scope, key, tries, now, paused_until)
            return Attempt(True, client, account, delay=delay, left=left, started=tuple(started), id=attempt_id)

        attempt = self.store._write(write)
        for scope, seconds in attempt.started:  # the typed name is in the audit log, not here: it may be a password
            _log.warning("sign-in paused for %g s after wrong passwords: %s (client %s)", seconds, scope, client)
        return attempt

    def _next_pause(self, db: Db, client_key: str, now: float) -> float:
        """The length of this address's next pause (doubling), written down as one more pause."""
        row = db.one(
            "SELECT failures, paused_until FROM sign_in_counters WHERE scope = ? AND key = ?", (_BACKOFF, client_key)
        )
        before = row[0] if row and now - row[1] < FORGET_SECONDS else 0
        seconds = backoff_seconds(before)
        self._set(db, _BACKOFF, client_key, before + 1, now, now + seconds)
        return seconds

    @staticmethod
    def _set(db: Db, scope: str, key: str, failures: int, last: float, paused_until: float) -> None:
        db.execute(
            "INSERT INTO sign_in_counters (scope, key, failures, last_failure, paused_until) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures,"
            " last_failure = excluded.last_failure, paused_until = excluded.paused_until",
            (scope, key, failures, last, paused_until),
        )

    def wrong(self, attempt: Attempt) -> None:
        """The reserved try's password was wrong: the audit log says so, and names the pauses it started."""
        if not attempt.allowed:
            return

        def write(db: Db) -> None:
            sql.event(db, "sign_in_failed", attempt.account, attempt.client)
            for scope, seconds in attempt.started:
                sql.event(db, "sign_in_paused", attempt.account, attempt.client, f"{scope}: {seconds:g} s")

        self.store._write(write)

    def failed(self, client: str, account: str = "") -> int:
        """Count a wrong password that was not reserved (tools and tests): reserve it and record it as wrong.
        Returns the tries left before this address or name pauses (0: paused now)."""
        attempt = self.reserve(client, account)
        self.wrong(attempt)
        return attempt.left

    def succeeded(self, client: str, account: str = "", *, attempt: Attempt | None = None) -> None:
        """A right password: this address's and this name's counts and back-off start again, and the reserved
        try no longer counts for the site."""
        keys = self._keys(client, account)

        def write(db: Db) -> None:
            for scope, key in [*keys, (_BACKOFF, keys[0][1])]:
                db.execute("DELETE FROM sign_in_counters WHERE scope = ? AND key = ?", (scope, key))
            if attempt is not None and attempt.id is not None:
                db.execute("DELETE FROM sign_in_failures WHERE id = ?", (attempt.id,))

        self.store._write(write)
