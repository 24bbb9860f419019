"""The pause after wrong editor passwords lives in the store: restarts, new store objects and other
server processes all see the same counts (both backends)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jwp_data.store import open_store
from jwp_data.store.throttle import SignInThrottle

ROOT = Path(__file__).resolve().parent.parent


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_five_wrong_passwords_from_one_client_pause_it_for_five_minutes(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    assert throttle.wait("198.51.100.7", "Maria") == (0, None)
    lefts = [throttle.failed("198.51.100.7", f"name {n}") for n in range(5)]
    assert lefts == [4, 3, 2, 1, 0]
    assert throttle.wait("198.51.100.7", "someone else") == (300, "client")
    assert throttle.wait("203.0.113.9", "someone else") == (0, None)  # another client may still try
    clock.now += 299
    assert throttle.wait("198.51.100.7") == (1, "client")
    clock.now += 1
    assert throttle.wait("198.51.100.7") == (0, None)
    # the count starts again after a pause; another 5 failures pause again
    assert [throttle.failed("198.51.100.7", f"again {n}") for n in range(5)][-1] == 0


def test_five_wrong_passwords_for_one_account_pause_it_from_every_address(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n in range(5):
        throttle.failed(f"198.51.100.{n}", "Maria")
    # the typed name counts whatever its case and spaces
    assert throttle.wait("203.0.113.9", "  maria ") == (300, "account")
    assert throttle.wait("203.0.113.9", "Li") == (0, None)


def test_a_right_password_resets_the_client_and_account_counts(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for _ in range(4):
        throttle.failed("198.51.100.7", "Maria")
    throttle.succeeded("198.51.100.7", "Maria")
    assert throttle.failed("198.51.100.7", "Maria") == 4


def test_twenty_failures_in_ten_minutes_pause_password_sign_in_for_everyone(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n in range(20):  # spread over addresses and names, as a distributed guess would be
        throttle.failed(f"198.51.100.{n}", f"name {n}")
        clock.now += 10
    waiting, scope = throttle.wait("203.0.113.9", "Maria")
    assert scope == "site" and waiting == 600 - 200  # until the first of the 20 is ten minutes old
    clock.now += waiting
    assert throttle.wait("203.0.113.9", "Maria") == (0, None)


def test_failures_and_pauses_are_in_the_audit_log(store_location, clock):
    store = open_store(store_location)
    throttle = SignInThrottle(store, clock)
    for _ in range(5):
        throttle.failed("198.51.100.7", "Director-General")
    entries = store.audit()
    assert [e.action for e in entries].count("sign_in_failed") == 5
    paused = [e for e in entries if e.action == "sign_in_paused"]
    assert {(e.actor, e.client, e.note) for e in paused} == {
        ("Director-General", "198.51.100.7", "client: 300 s"),
        ("Director-General", "198.51.100.7", "account: 300 s"),
    }
    assert all(e.version_id is None and e.programme_id is None for e in entries)
    assert store.audit("TEST-1") == []  # a programme's history holds only its publishes and reverts


def test_record_event_writes_sign_in_events_only(store_location):
    store = open_store(store_location)
    store.record_event("sign_in_failed", "Maria", "198.51.100.7", "wrong password")
    entry = store.audit()[0]
    assert (entry.action, entry.actor, entry.client, entry.note, entry.version_id) == (
        "sign_in_failed",
        "Maria",
        "198.51.100.7",
        "wrong password",
        None,
    )
    with pytest.raises(ValueError):
        store.record_event("publish", "Maria", "198.51.100.7")


def test_the_pause_survives_a_restart(store_location, clock):
    """A new store object (a restarted server, or a cleared Streamlit cache) sees the same pause."""
    throttle = SignInThrottle(open_store(store_location), clock)
    for _ in range(5):
        throttle.failed("198.51.100.7", "Maria")
    restarted = SignInThrottle(open_store(store_location), clock)
    assert restarted.wait("198.51.100.7") == (300, "client")


FAILING_SERVER = """
    import sys
    from jwp_data.store import open_store
    from jwp_data.store.throttle import SignInThrottle
    location, client, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    throttle = SignInThrottle(open_store(location))
    for n in range(count):
        throttle.failed(client, f"guess {n}")
    print(throttle.wait(client, "guess")[1])
"""


def _server(location: str, client: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(FAILING_SERVER), location, client, str(count)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_server_processes_on_one_store_share_the_counts(store_location):
    """An attacker who spreads tries over two servers behind a load balancer gets no extra tries."""
    open_store(store_location)
    servers = [_server(store_location, "198.51.100.7", 3), _server(store_location, "198.51.100.7", 2)]
    for server in servers:
        _, err = server.communicate(timeout=120)
        assert server.returncode == 0, err
    # 3 + 2 failures of one client, counted in two processes at once: the client is paused for both
    throttle = SignInThrottle(open_store(store_location))
    waiting, scope = throttle.wait("198.51.100.7")
    assert scope == "client" and 0 < waiting <= 300
    assert [e.action for e in open_store(store_location).audit()].count("sign_in_failed") == 5


def test_every_pause_is_logged_at_the_server_without_the_typed_name(store_location, clock, caplog):
    throttle = SignInThrottle(open_store(store_location), clock)
    with caplog.at_level(logging.INFO, logger="jwp_data"):
        for _ in range(4):
            throttle.failed("198.51.100.7", "Maria")
        assert not [r for r in caplog.records if "paused" in r.getMessage()]  # no pause yet, nothing logged
        throttle.failed("198.51.100.7", "Maria")
    paused = [r for r in caplog.records if r.name == "jwp_data.store.throttle"]
    assert [r.levelno for r in paused] == [logging.WARNING, logging.WARNING]
    messages = sorted(r.getMessage() for r in paused)
    assert messages == [
        "sign-in paused for 300 s after wrong passwords: account (client 198.51.100.7)",
        "sign-in paused for 300 s after wrong passwords: client (client 198.51.100.7)",
    ]
    assert not any("Maria" in r.getMessage() for r in caplog.records)
