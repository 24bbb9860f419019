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
from jwp_data.store.throttle import SignInThrottle, address_key, fold_name

ROOT = Path(__file__).resolve().parent.parent


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


def test_twenty_wrong_passwords_slow_the_site_down_but_never_pause_it(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n in range(20):  # spread over addresses and names, as a distributed guess would be
        throttle.failed(f"198.51.100.{n}", f"name {n}")
    assert throttle.wait("203.0.113.9", "Maria") == (0, None)
    # from now on one password is checked per second: each try waits its turn, at most ten seconds
    turns = [throttle.reserve(f"203.0.113.{n}", f"editor {n}") for n in range(11)]
    assert [(a.allowed, a.delay) for a in turns] == [(True, float(n)) for n in range(11)]
    busy = throttle.reserve("203.0.113.99", "Maria")
    assert (busy.allowed, busy.scope, busy.wait) == (False, "site", 1.0)
    clock.now += 5  # five turns have passed: the next try waits behind the six still in line
    assert throttle.reserve("203.0.113.99", "Maria").delay == 6.0
    clock.now += 600  # ten quiet minutes: the site is not slowed any more
    assert throttle.reserve("203.0.113.100", "Li").delay == 0.0


def test_a_right_password_does_not_count_towards_the_site_limit(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n in range(19):
        throttle.failed(f"198.51.100.{n}", f"name {n}")
    right = throttle.reserve("203.0.113.9", "Maria")
    throttle.succeeded("203.0.113.9", "Maria", attempt=right)
    assert throttle.reserve("203.0.113.10", "Li").delay == 0.0  # 19 wrong + 1 right: not slowed


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
    from jwp_data.store.throttle import SignInThrottle, address_key, fold_name
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


# --- the try is counted before the password is checked ---


def test_the_fifth_reserved_try_starts_the_pause_before_any_password_is_checked(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    reserved = [throttle.reserve("198.51.100.7", f"guess {n}") for n in range(6)]
    assert [a.allowed for a in reserved] == [True] * 5 + [False]
    assert [a.left for a in reserved[:5]] == [4, 3, 2, 1, 0]
    assert reserved[4].started == (("client", 300.0),)
    assert (reserved[5].scope, reserved[5].wait) == ("client", 300)


def test_a_right_password_among_the_reserved_tries_clears_the_counts(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    reserved = [throttle.reserve("198.51.100.7", "Maria") for _ in range(5)]
    throttle.succeeded("198.51.100.7", "Maria", attempt=reserved[2])
    assert throttle.wait("198.51.100.7", "Maria") == (0, None)
    assert throttle.reserve("198.51.100.7", "Maria").left == 4


def _hammer(location: str, client: str, account: str, tries: int) -> int:
    from jwp_data.store import open_store as opened

    throttle = SignInThrottle(opened(location))
    return sum(throttle.reserve(client, account).allowed for _ in range(tries))


def test_forty_threads_reserving_at_once_get_five_tries(store_location):
    import threading
    from concurrent.futures import ThreadPoolExecutor

    open_store(store_location)
    start = threading.Barrier(40)

    def one(n: int) -> bool:
        throttle = SignInThrottle(open_store(store_location))
        start.wait()
        return throttle.reserve("198.51.100.7", f"guess {n}").allowed

    with ThreadPoolExecutor(40) as pool:
        allowed = list(pool.map(one, range(40)))
    assert sum(allowed) == 5


def test_four_processes_reserving_for_one_name_from_many_addresses_get_five_tries(store_location):
    from concurrent.futures import ProcessPoolExecutor

    open_store(store_location)
    with ProcessPoolExecutor(4) as pool:
        allowed = list(
            pool.map(_hammer, [store_location] * 4, [f"198.51.100.{n}" for n in range(4)], ["Maria"] * 4, [10] * 4)
        )
    assert sum(allowed) == 5


# --- what an attacker can do to an editor's address ---


def test_each_further_pause_of_an_address_doubles_up_to_four_hours(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    pauses = []
    for _ in range(8):
        for n in range(5):
            throttle.failed("198.51.100.7", f"guess {n}")
        waiting, _ = throttle.wait("198.51.100.7")
        pauses.append(waiting)
        clock.now += waiting
    assert pauses == [300, 600, 1200, 2400, 4800, 9600, 14400, 14400]


def test_a_right_password_or_a_quiet_day_ends_the_back_off(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for _ in range(2):
        for n in range(5):
            throttle.failed("198.51.100.7", f"guess {n}")
        clock.now += throttle.wait("198.51.100.7")[0]
    throttle.succeeded("198.51.100.7", "Maria")
    for n in range(5):
        throttle.failed("198.51.100.7", f"guess {n}")
    assert throttle.wait("198.51.100.7")[0] == 300
    clock.now += 300
    for n in range(5):
        throttle.failed("198.51.100.7", f"guess {n}")
    assert throttle.wait("198.51.100.7")[0] == 600
    clock.now += 600 + 86_400
    for n in range(5):
        throttle.failed("198.51.100.7", f"guess {n}")
    assert throttle.wait("198.51.100.7")[0] == 300


def test_a_name_is_paused_five_minutes_at_most_however_often_it_is_tried(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for round_ in range(3):
        for n in range(5):
            throttle.failed(f"198.51.{round_}.{n}", "Maria")
        assert throttle.wait("203.0.113.9", "Maria") == (300, "account")
        clock.now += 300


@pytest.mark.parametrize(
    "first, second",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"),  # one /64
        ("::ffff:198.51.100.7", "198.51.100.7"),  # IPv4-mapped IPv6 is the IPv4 address
        ("::1", "127.0.0.1"),  # loopback is one machine, whatever the address
        ("127.0.0.2", "127.0.0.20"),
        ("[2001:db8::5]", "2001:db8::6"),
    ],
)
def test_addresses_of_one_network_share_one_count(first, second):
    assert address_key(first) == address_key(second)


@pytest.mark.parametrize("first, second", [("2001:db8:1:2::1", "2001:db8:1:3::1"), ("198.51.100.7", "198.51.100.8")])
def test_addresses_of_other_networks_count_apart(first, second):
    assert address_key(first) != address_key(second)


def test_tries_from_one_ipv6_network_pause_the_whole_slash_64(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n in range(5):
        throttle.failed(f"2001:db8:1:2::{n + 1:x}", f"guess {n}")
    assert throttle.wait("2001:db8:1:2:abcd::1") == (300, "client")
    assert throttle.wait("2001:db8:1:3::1") == (0, None)


@pytest.mark.parametrize(
    "typed",
    [
        "maria",
        "  MARIA ",
        "\uff2d\uff41\uff52\uff49\uff41",  # full-width
        "M\u0430ri\u0430",  # Cyrillic a
        "\u041c\u0430ria",  # Cyrillic M and a
        "Ma\u00adria",  # soft hyphen
        "Ma\u200bri\u200ca",  # zero-width space and non-joiner
        "\u200eMaria\u200f",  # direction marks
        "\u202eMaria\u202c",  # a bidi override
        "Mar\ufeffia",  # zero-width no-break space
        "\u039caria",  # Greek capital mu
    ],
)
def test_names_that_look_the_same_are_one_name(typed):
    assert fold_name(typed) == "maria"


def test_accents_typed_composed_or_decomposed_are_one_name():
    assert fold_name("Jos\u00e9") == fold_name("Jose\u0301") == "jos\u00e9"
    assert fold_name("Jos\u00e9") != fold_name("Jose")  # an accent is a letter of the name, not decoration


def test_a_look_alike_name_is_paused_with_the_name_it_imitates(store_location, clock):
    throttle = SignInThrottle(open_store(store_location), clock)
    for n, typed in enumerate(["Maria", "\uff2d\uff41\uff52\uff49\uff41", "M\u0430ria", "Ma\u00adria", "Ma\u200bria"]):
        throttle.failed(f"198.51.100.{n}", typed)
    assert throttle.wait("203.0.113.9", "MARIA") == (300, "account")


def test_twenty_tries_from_twenty_loopback_addresses_pause_only_the_loopback(store_location, clock):
    """The issue's cheap lockout: 20 loopback addresses no longer pause (or even slow) anyone else."""
    throttle = SignInThrottle(open_store(store_location), clock)
    tried = [throttle.reserve(f"127.0.0.{n + 1}", f"guess {n}") for n in range(19)]
    tried.append(throttle.reserve("::1", "guess 19"))
    assert sum(a.allowed for a in tried) == 5
    assert throttle.wait("::ffff:127.0.0.99") == (300, "client")
    editor = throttle.reserve("198.51.100.7", "Maria")
    assert (editor.allowed, editor.delay) == (True, 0.0)
