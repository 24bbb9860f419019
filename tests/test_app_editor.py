"""Editing under strain, as a user meets it (AppTest on real SQLite files): the sign-in pause, who did what,
a store that cannot be read or written, two editors at once, and several programmes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
import textwrap
import threading
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from test_app_data import change_list
from test_app_pages import unescaped

from conftest import button, labels, publish_book, valid_content
from jwp_data import password as passwords
from jwp_data.store import open_store
from jwp_data.store.throttle import SignInThrottle
from tests.paths import SHIPPED_WORKBOOK
from ui.client import client_address, socket_peer, trusted_proxies

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DATA_PAGE = str(ROOT / "pages" / "data.py")
HISTORY_PAGE = str(ROOT / "pages" / "history.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "correct horse battery staple"
OIDC_SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "s",
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    },
    "editors": {"emails": ["editor@unccd.int"]},
}
DOWN_SHIPPED = "The version store is unavailable ({}). You are seeing the shipped workbook; publishing is off."


def store():
    return open_store(os.environ["JWP_STORE"])


def run(script: str, **query) -> AppTest:
    at = AppTest.from_file(script, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def upload(at: AppTest, data: bytes, name: str = "update.xlsx") -> AppTest:
    at.file_uploader(key="jwp_uploader").set_value((name, data, XLSX))
    return at.run()


def sign_in(at: AppTest, name: str = "Maria", password: str = PASSWORD, label: str = "Sign in as editor") -> AppTest:
    at.text_input(key="jwp_sign_in_name").input(name)
    at.text_input(key="jwp_sign_in_password").input(password)
    return button(at, label).click().run()


def book(make_book, programme_id: str = "TEST-1", end: date | None = None, **results) -> bytes:
    """The small valid workbook for a programme, with some current results changed: I1={"actual": 6}."""
    content = valid_content()
    programme = {**content["Programme"], "programme_id": programme_id}
    if end:
        programme.update(start=date(end.year - 1, 1, 1), end=end, as_of=date(end.year - 1, 12, 31))
        for row in content["Results"]:
            row["reported_on"] = date(end.year - 1, 12, 31)
    for row in content["Results"]:
        row.update(results.get(row["indicator_id"], {}))
    return make_book(Programme=programme, Results=content["Results"]).read_bytes()


@pytest.fixture
def editor_password(monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)


# --- the client a wrong password is counted under ---


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "counted_as"),
    [
        ("203.0.113.7", [], "", "203.0.113.7"),
        ("::ffff:127.0.0.1", [], "", "127.0.0.1"),  # loopback through a dual-stack socket
        ("127.0.0.1", ["198.51.100.1"], "", "127.0.0.1"),  # a header from an untrusted peer is ignored
        ("10.0.0.2", ["198.51.100.1, 203.0.113.9"], "10.0.0.2", "203.0.113.9"),  # right-most untrusted wins
        ("10.0.0.2", ["1.1.1.1, 203.0.113.9, 10.0.0.3"], "10.0.0.0/24", "203.0.113.9"),  # a chain of proxies
        ("::ffff:10.0.0.2", ["203.0.113.9"], "10.0.0.2", "203.0.113.9"),
        ("10.0.0.2", ["not-an-address"], "10.0.0.2", "unknown"),
        (None, [], "", "unknown"),  # no address at all: one shared count, never a per-session one
        ("2001:db8::5", [], "", "2001:db8::5"),
    ],
)
def test_the_client_is_the_socket_peer_unless_a_trusted_proxy_names_it(peer, forwarded, trusted, counted_as):
    assert client_address(peer, forwarded, trusted_proxies(trusted)) == counted_as


@pytest.mark.parametrize(
    ("transport", "reported", "forwarded", "peer"),
    [
        ("127.0.0.1", "198.51.100.9", ["198.51.100.9"], "127.0.0.1"),  # the transport wins over a rewrite
        (None, "203.0.113.7", [], "203.0.113.7"),
        (None, "198.51.100.9", ["198.51.100.9"], None),  # maybe taken from the header: not believed
        (None, "203.0.113.7", ["198.51.100.9"], "203.0.113.7"),
    ],
)
def test_the_peer_is_never_an_address_the_server_may_have_read_from_the_header(transport, reported, forwarded, peer):
    assert socket_peer(transport, reported, forwarded) == peer


def test_a_mistyped_trusted_proxy_trusts_nothing():
    assert trusted_proxies("10.0.0.2, nonsense") == trusted_proxies("10.0.0.2")


# --- the sign-in pause lives in the store ---


def test_the_pause_after_five_wrong_passwords_survives_a_new_session_and_cleared_caches(make_book, editor_password):
    at = upload(run(DATA_PAGE), book(make_book))
    for attempt in range(4):
        sign_in(at, f"Guess {attempt}", "wrong")
    assert labels(at.error) == ["Wrong password. 1 more try before a pause."]
    sign_in(at, "Guess 4", "wrong")
    assert labels(at.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]

    st.cache_data.clear()
    st.cache_resource.clear()
    fresh = upload(run(DATA_PAGE), book(make_book))
    sign_in(fresh, "Maria", PASSWORD)
    assert labels(fresh.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]
    assert "Publish this file" not in [b.label for b in fresh.button]


def _with_secrets(secrets: dict) -> AppTest:
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    at.secrets.update(secrets)
    return at.run()


@pytest.fixture
def fresh_process_warning(monkeypatch):
    """As in a freshly started server: the unsalted-secret warning has not been given yet."""
    monkeypatch.setattr(passwords, "_warned", threading.Event())


def test_an_editor_signs_in_with_the_salted_password_secret_and_a_wrong_password_is_refused(make_book):
    at = upload(_with_secrets({"editor_password_hash": passwords.hash_password(PASSWORD)}), book(make_book))
    sign_in(at, "Maria", "correct horse")
    assert labels(at.error) == ["Wrong password. 4 more tries before a pause."]
    sign_in(at, "Maria", PASSWORD)
    assert "Signed in as editor: Maria (name given at sign-in)" in labels(at.caption)


def test_an_unsalted_secret_still_signs_in_and_the_server_log_says_once_how_to_upgrade(
    make_book, caplog, fresh_process_warning
):
    legacy = hashlib.sha256(PASSWORD.encode()).hexdigest()
    with caplog.at_level(logging.WARNING):
        at = upload(_with_secrets({"editor_password_hash": legacy}), book(make_book))
        sign_in(at, "Li", PASSWORD)
        at.run()
    assert "Signed in as editor: Li (name given at sign-in)" in labels(at.caption)
    warned = [r.getMessage() for r in caplog.records if r.name == "jwp_data.password"]
    assert warned == [
        "the secret editor_password_hash holds an unsalted SHA-256 of the editors' password; run "
        "`python -m jwp_data password` and set the secret editor_password_hash to what it prints"
    ]


def test_no_typed_password_or_password_hash_ever_reaches_the_server_log(make_book, caplog, fresh_process_warning):
    legacy = hashlib.sha256(PASSWORD.encode()).hexdigest()
    typed = ["wrong-0", "wrong-1", "wrong-2", "wrong-3", "wrong-4", PASSWORD]
    with caplog.at_level(logging.DEBUG):
        at = upload(_with_secrets({"editor_password_sha256": legacy}), book(make_book))
        for password in typed:
            sign_in(at, "Maria", password)  # five wrong ones start a pause; the right one then waits
    assert labels(at.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]
    logged = [r.getMessage() + repr(r.args) + str(r.exc_text or "") for r in caplog.records]
    assert any("sign-in paused" in text for text in logged)  # the pause was logged, so the log was captured
    for secret in [*typed, legacy, legacy.upper()]:
        assert not [text for text in logged if secret in text], secret


def test_wrong_passwords_for_one_name_pause_that_name_from_any_address(make_book, editor_password):
    throttle = SignInThrottle(store())
    for n in range(5):
        throttle.failed(f"198.51.100.{n}", "Maria")
    at = sign_in(upload(run(DATA_PAGE), book(make_book)), "  maria ")
    assert labels(at.error) == ["Too many wrong passwords for the name “maria”. Try again in 5 minutes."]
    at = sign_in(at, "Li")
    assert "Signed in as editor: Li (name given at sign-in)" in labels(at.caption)


def test_twenty_wrong_passwords_on_the_site_slow_sign_in_but_an_editor_still_gets_in(make_book, editor_password):
    throttle = SignInThrottle(store())
    for n in range(20):
        throttle.failed(f"198.51.100.{n}", f"name {n}")
    at = sign_in(upload(run(DATA_PAGE, lang="zh"), book(make_book)), "Li", label="以编辑身份登录")
    assert labels(at.error) == []
    assert "已以编辑身份登录：Li（登录时填写的姓名）" in labels(at.caption)


def test_when_ten_tries_already_wait_their_turn_the_next_is_told_to_come_back(make_book, editor_password):
    throttle = SignInThrottle(store())
    for n in range(20):
        throttle.failed(f"198.51.100.{n}", f"name {n}")
    at = upload(run(DATA_PAGE, lang="zh"), book(make_book))
    for n in range(15):  # one password check per second: these take the next fifteen seconds
        throttle.reserve(f"203.0.113.{n}", f"name {n}")
    at = sign_in(at, "Li", label="以编辑身份登录")
    # a try waits at most ten seconds for its turn; the rest of the line's length is the time to come back
    [error] = labels(at.error)
    seconds = re.fullmatch("本网站正收到大量错误密码，所有人的密码登录均已放慢。请在 (\\d+) 秒后重试。", error)
    assert seconds and 1 <= int(seconds[1]) <= 5
    assert "Li" not in " ".join(labels(at.caption))


def test_the_audit_log_shows_wrong_passwords_and_the_pause(make_book, editor_password):
    at = upload(run(DATA_PAGE), book(make_book))
    for _ in range(5):
        sign_in(at, "Mallory", "wrong")
    audit = run(HISTORY_PAGE).dataframe[-1].value
    assert set(map(tuple, audit[["Who", "From address"]].values.tolist())) == {("Mallory", "unknown")}
    # the fifth wrong password starts two pauses: for the address and for the name
    assert audit["What"].tolist() == ["Sign-in paused"] * 2 + ["Wrong password"] * 5
    assert sorted(audit["Note"][:2]) == ["account: 300 s", "client: 300 s"]


def test_a_pause_lasts_five_minutes_then_counting_starts_again():
    now = [1000.0]
    throttle = SignInThrottle(store(), clock=lambda: now[0])
    assert [throttle.failed("203.0.113.7", f"name {n}") for n in range(5)] == [4, 3, 2, 1, 0]
    assert throttle.wait("203.0.113.7", "name 0") == (300, "client")
    assert throttle.wait("198.51.100.1", "name 0") == (0, None)  # other addresses are not held up
    now[0] += 299
    assert throttle.wait("203.0.113.7") == (1, "client")
    now[0] += 1
    assert throttle.wait("203.0.113.7") == (0, None)
    assert throttle.failed("203.0.113.7", "name 5") == 4


def test_a_right_password_clears_the_count_of_wrong_ones():
    throttle = SignInThrottle(store(), clock=lambda: 0.0)
    for _ in range(4):
        throttle.failed("203.0.113.7", "Maria")
    throttle.succeeded("203.0.113.7", "Maria")
    assert throttle.failed("203.0.113.7", "Maria") == 4


# --- who did what ---


def test_a_typed_name_is_shown_as_typed_in_history_and_the_sidebar(make_book, editor_password):
    at = sign_in(upload(run(DATA_PAGE), book(make_book)), "Director-General")
    assert "Signed in as editor: Director\\-General (name given at sign-in)" in labels(at.caption)
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert "Published as version 1. Everyone now sees this file." in labels(at.success)
    assert (store().current("TEST-1").published_by, store().current("TEST-1").sign_in) == (
        "Director-General",
        "password",
    )

    history = run(HISTORY_PAGE)
    assert history.dataframe[0].value["By"].tolist() == ["Director-General (name given at sign-in)"]
    audit = history.dataframe[-1].value
    assert audit[["What", "Who", "Signed in with"]].values.tolist() == [
        ["Published", "Director-General (name given at sign-in)", "editors' password"]
    ]

    dashboard = AppTest.from_file(APP, default_timeout=60)
    dashboard.session_state["jwp_editor"] = at.session_state["jwp_editor"]
    dashboard.run()
    assert "Signed in as editor: Director\\-General (name given at sign-in)" in labels(dashboard.sidebar.caption)


def test_an_organisation_account_is_recorded_as_such(make_book):
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    at.secrets.update(OIDC_SECRETS)
    at.user = {"is_logged_in": True, "email": "editor@unccd.int", "email_verified": True}
    upload(at.run(), book(make_book))
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert store().audit()[0].sign_in == "oidc:editor@unccd.int"
    assert run(HISTORY_PAGE).dataframe[-1].value["Signed in with"].tolist() == ["organisation account editor@unccd.int"]


# --- two editors at once ---


def test_a_publish_after_someone_else_published_is_refused_and_shows_the_new_diff(make_book, editor_password):
    publish_book(store(), book(make_book), "may.xlsx", "Maria", base=None)
    mine = book(make_book, I1={"actual": 6})
    a = sign_in(upload(run(DATA_PAGE), mine, "mine.xlsx"), "Ahmed")
    assert "What changes compared with the published version 1" in [s.value for s in a.subheader]

    publish_book(store(), book(make_book, I2={"actual": 40}), "theirs.xlsx", "Li", base=1)
    button(a, "Publish this file").click().run()
    at = store().audit("TEST-1")[0].at.replace("T", " ")[:16]
    assert unescaped(labels(a.error)[0]) == (
        f"Not published: version 2 was published by Li (name given at sign-in) at {at} UTC after you checked "
        "your file. Below is what your file changes compared with version 2; publish again if you still mean to."
    )
    assert store().current("TEST-1").id == 2  # Li's work stands
    assert "What changes compared with the published version 2" in [s.value for s in a.subheader]
    assert ["I2", "Actual", "40%", "20%"] in change_list(a)  # publishing now would undo Li's change

    button(a, "Publish this file").click().run()  # deliberately, having seen the new diff
    assert "Published as version 3. Everyone now sees this file." in labels(a.success)
    assert store().current("TEST-1").sign_in == "password"


def test_a_publish_after_someone_else_made_an_older_version_current_names_who_did(make_book, editor_password):
    publish_book(store(), book(make_book, I1={"actual": 1}), "a.xlsx", "Maria", base=None)
    publish_book(store(), book(make_book, I1={"actual": 2}), "b.xlsx", "Maria", base=1)
    a = sign_in(upload(run(DATA_PAGE), book(make_book, I1={"actual": 3})), "Ahmed")
    store().revert(1, "Li", "back to the first", base=2, sign_in="oidc:li@unccd.int")
    button(a, "Publish this file").click().run()
    at = store().audit("TEST-1")[0].at.replace("T", " ")[:16]
    assert unescaped(labels(a.error)[0]).startswith(f"Not published: version 1 was published by Li at {at} UTC")
    assert "What changes compared with the published version 1" in [s.value for s in a.subheader]


def test_a_revert_after_someone_else_published_is_refused(make_book, editor_password):
    publish_book(store(), book(make_book, I1={"actual": 1}), "a.xlsx", "Maria", base=None)
    publish_book(store(), book(make_book, I1={"actual": 2}), "b.xlsx", "Maria", base=1)
    at = AppTest.from_file(HISTORY_PAGE, default_timeout=60).run()
    at.selectbox(key="jwp_history_pick").set_value(1).run()
    sign_in(at, "Ahmed")
    publish_book(store(), book(make_book, I1={"actual": 3}), "c.xlsx", "Li", base=2)
    button(at, "Make version 1 current for everyone").click().run()
    assert labels(at.error)[0].startswith("Nothing was changed: version 3 was published by Li")
    assert store().current("TEST-1").id == 3


# --- the store cannot be read or written ---


def _banner(at: AppTest) -> list[str]:
    return [e for e in labels(at.error) if e.startswith("The version store is unavailable")]


def test_a_store_path_under_a_file_still_shows_every_page_with_the_shipped_workbook(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    monkeypatch.setenv("JWP_STORE", str(blocker / "store.sqlite3"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert _banner(at) == [DOWN_SHIPPED.format("it cannot be opened")]
    assert any("Shipped workbook" in c for c in labels(at.sidebar.caption))
    for name in ("objectives", "indicators", "history", "data"):
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, name
        assert _banner(at) == [DOWN_SHIPPED.format("it cannot be opened")], name
        if name == "history":
            assert "The list of versions cannot be shown until the version store can be read again." in labels(at.info)


def test_history_alone_says_the_store_is_unavailable_instead_of_crashing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("JWP_STORE", str(blocker / "store.sqlite3"))
    at = run(HISTORY_PAGE, lang="zh")
    assert not at.exception
    assert _banner(at) == [] and labels(at.error)[0] == (
        "版本存储不可用（无法打开）。您看到的是随附的工作簿；发布功能已关闭。"
    )
    assert "在版本存储恢复可读之前，无法显示版本列表。" in labels(at.info)


def test_a_corrupted_store_is_a_store_problem_not_a_problem_in_the_workbook(tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    monkeypatch.setenv("JWP_STORE", str(damaged))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(_banner(at)) == 1
    assert not any("problem" in e.lower() and "workbook" in e.lower() for e in labels(at.error))
    assert at.metric  # the shipped workbook's figures are on the page


@pytest.fixture
def short_lock_waits(monkeypatch):
    """The server's store waits a fifth of a second for a lock (the settings), so a held lock shows at once."""
    monkeypatch.setenv("JWP_STORE_READ_WAIT", "0.2")
    monkeypatch.setenv("JWP_STORE_WRITE_WAIT", "0.2")


def _hold_lock(path: Path) -> subprocess.Popen:
    """Another process that takes the store's write lock and keeps it until killed."""
    from ui.source import current_store

    current_store().close()  # the server's idle read connections; it opens new ones when it next reads
    code = textwrap.dedent(
        f"""
        import sqlite3, sys, time
        db = sqlite3.connect({str(path)!r}, isolation_level=None)
        db.execute("PRAGMA locking_mode = EXCLUSIVE")  # readers are shut out too, not only writers
        db.execute("BEGIN EXCLUSIVE")
        db.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
        db.execute("COMMIT")  # in exclusive locking mode the lock stays until the connection closes
        print("locked", flush=True)
        time.sleep(600)
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_while_another_process_locks_the_store_pages_show_the_last_version_read(make_book, short_lock_waits, caplog):
    publish_book(store(), book(make_book, I1={"actual": 6}), "june.xlsx", "Maria", base=None)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not _banner(at)
    holder = _hold_lock(Path(os.environ["JWP_STORE"]))
    try:
        st.cache_data.clear()  # nothing in Streamlit's data cache may carry the page
        with caplog.at_level(logging.WARNING, logger="ui"):
            at.run()
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    assert {r.getMessage() for r in caplog.records if r.name == "ui.faults"} == {
        "version store problem shown to a user: another process holds a lock on the store (locked)"
    }
    assert _banner(at) == [
        "The version store is unavailable (another program is holding it locked). You are seeing version 1, the "
        "last one read before the problem; publishing is off."
    ]
    at.run()
    assert not _banner(at)  # the lock is gone: back to normal


def test_a_publish_that_cannot_write_says_nothing_was_published_and_changes_nothing(
    make_book, editor_password, short_lock_waits, caplog
):
    publish_book(store(), book(make_book), "may.xlsx", "Maria", base=None)
    before = (store().versions(), store().audit())
    at = sign_in(upload(run(DATA_PAGE), book(make_book, I1={"actual": 6})), "Ahmed")
    holder = _hold_lock(Path(os.environ["JWP_STORE"]))
    try:
        with caplog.at_level(logging.WARNING, logger="jwp_data"):
            button(at, "Publish this file").click().run()
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    assert labels(at.error)[0] == "Nothing was published: another program is holding it locked; try again."
    failed = [r.getMessage() for r in caplog.records if r.name == "jwp_data.store.base"]
    assert len(failed) == 1 and failed[0].startswith("publish of update.xlsx (")
    assert failed[0].endswith("to programme TEST-1 failed: locked: another process holds a lock on the store")
    assert (store().versions(), store().audit()) == before


@pytest.fixture
def read_only_folder(tmp_path):
    """A folder mounted read-only (a bind mount, so even root cannot write there)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    yield folder
    subprocess.run(["umount", str(folder)], capture_output=True, check=False)


def _mount_read_only(folder: Path) -> None:
    for command in (["mount", "--bind", str(folder), str(folder)], ["mount", "-o", "remount,ro,bind", str(folder)]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            pytest.skip(f"cannot make a read-only folder here ({' '.join(command)}: {done.stderr.strip()})")


def test_a_store_in_a_read_only_folder_is_read_but_a_publish_says_nothing_was_published(
    make_book, read_only_folder, monkeypatch, editor_password
):
    location = read_only_folder / "store.sqlite3"
    written = open_store(str(location))
    publish_book(written, book(make_book, I1={"actual": 6}), "june.xlsx", "Maria", base=None)
    written.close()
    _mount_read_only(read_only_folder)
    monkeypatch.setenv("JWP_STORE", str(location))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert not _banner(at)
    assert any("Published version 1" in c for c in labels(at.sidebar.caption))

    data = sign_in(upload(run(DATA_PAGE), book(make_book, I1={"actual": 7})), "Ahmed")
    assert labels(data.error) == [
        "Password sign-in is off while the version store cannot be written (its file or folder is read-only); "
        "try again later."
    ]

    organisation = AppTest.from_file(DATA_PAGE, default_timeout=60)
    organisation.secrets.update(OIDC_SECRETS)
    organisation.user = {"is_logged_in": True, "email": "editor@unccd.int", "email_verified": True}
    upload(organisation.run(), book(make_book, I1={"actual": 7}))
    button(organisation, "Publish this file").click().run()
    assert not organisation.exception
    assert labels(organisation.error) == ["Nothing was published: its file or folder is read-only; try again."]
    assert [v.id for v in open_store(str(location)).versions()] == [1]


# --- programmes ---


def test_a_new_programme_asks_for_confirmation_before_it_is_published(make_book, editor_password):
    at = sign_in(upload(run(DATA_PAGE), book(make_book, "JWP-2012-2013", end=date(2013, 12, 31))), "Maria")
    assert labels(at.warning)[-1].startswith(
        "This adds a new programme: JWP\\-2012\\-2013 is not yet in the dashboard."
    )
    button(at, "Publish this file").click().run()
    assert labels(at.error) == ["Not published: tick the box to confirm that this adds a new programme."]
    assert store().versions() == []
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert "Published as version 1. Everyone now sees this file." in labels(at.success)
    assert store().current("JWP-2012-2013").id == 1
    assert store().current("JWP-2010-2011") is None


def test_the_latest_programme_is_shown_and_the_sidebar_picks_another_kept_in_the_url(make_book):
    publish_book(store(), book(make_book, "JWP-2012-2013", end=date(2013, 12, 31)), "next.xlsx", "Maria", base=None)
    at = AppTest.from_file(APP, default_timeout=60).run()
    picker = at.sidebar.selectbox(key="jwp_programme_pick")
    assert picker.value == "JWP-2012-2013"
    assert picker.options[1] == "2010–2011 · JWP-2010-2011"  # the title, too long for the box, shows below it
    picker.set_value("JWP-2010-2011").run()
    assert at.query_params["programme"] == "JWP-2010-2011"
    assert any("Shipped workbook" in c for c in labels(at.sidebar.caption))

    linked = run(APP, programme="JWP-2012-2013")
    assert any("Published version 1" in c for c in labels(linked.sidebar.caption))
    unknown = run(APP, programme="NO-SUCH")
    assert unknown.sidebar.selectbox(key="jwp_programme_pick").value == "JWP-2012-2013"


def test_an_empty_store_still_offers_the_shipped_programme():
    from ui import source

    at = run(APP)
    assert not at.exception
    assert any("Shipped workbook" in c for c in labels(at.sidebar.caption))
    assert [box.key for box in at.sidebar.selectbox] == ["dash_language_switch"]  # one programme: nothing to pick
    assert source.DEFAULT_WORKBOOK == SHIPPED_WORKBOOK


def test_history_lists_the_programme_in_view(make_book):
    publish_book(store(), book(make_book, "JWP-2012-2013", end=date(2013, 12, 31)), "next.xlsx", "Maria", base=None)
    publish_book(store(), book(make_book), "test.xlsx", "Li", base=None)
    at = run(HISTORY_PAGE, programme="JWP-2012-2013")
    assert at.dataframe[0].value["File"].tolist() == ["next.xlsx"]
    assert at.caption[0].value.startswith("Programme JWP\\-2012\\-2013")
