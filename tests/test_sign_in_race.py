"""A burst of password tries over real websockets, as an attacker sends it: Streamlit's own protocol, no browser.

Every session opens the History page (where an editor can revert), then all of them submit the sign-in form
at the same instant. The store's audit log counts the passwords that were checked and found wrong; a
session that got in shows "Signed in as editor".
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import postgres_schema_url, publish_book, valid_content
from jwp_data.store import open_store
from tests.servers import dashboard

pytestmark = pytest.mark.timeout(900)  # two bursts of page runs on a shared machine

PASSWORD = "correct horse battery staple"
SIGNED_IN = b"Signed in as editor"
PAUSED = b"Too many wrong passwords"
WRONG = b"Wrong password."


@dataclass
class Form:
    name: str
    password: str
    submit: str


def _form(messages: list) -> Form:
    """The widget ids of the sign-in form among a run's messages."""
    ids = {}
    for message in messages:
        if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
            continue
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "text_input":
            ids["password" if element.text_input.type == element.text_input.PASSWORD else "name"] = (
                element.text_input.id
            )
        elif kind == "button" and element.button.is_form_submitter and element.button.form_id == "jwp_sign_in":
            ids["submit"] = element.button.id
    return Form(**ids)


async def _run(socket, ask) -> tuple[list, bytes]:
    """Send one rerun; the run's messages and raw bytes, up to its end."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    await socket.send(ask.SerializeToString())
    messages, received = [], b""
    while True:
        data = await asyncio.wait_for(socket.recv(), timeout=120)
        received += data
        message = ForwardMsg()
        message.ParseFromString(data)
        messages.append(message)
        if message.WhichOneof("type") == "script_finished":
            if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # the page asked for a rerun
                continue
            if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                raise RuntimeError(f"the page's run ended with {message.script_finished}")
            return messages, received


def _rerun(query: str, widgets: list | None = None):
    from streamlit.proto.BackMsg_pb2 import BackMsg

    ask = BackMsg()
    ask.rerun_script.query_string = query
    ask.rerun_script.page_name = "history"
    for widget in widgets or []:
        ask.rerun_script.widget_states.widgets.append(widget)
    return ask


async def _session(url: str, name: str, password: str, ready: asyncio.Barrier) -> bytes:
    """One attacker's session: open the History page, wait for all the others, submit the form; what came back."""
    import websockets
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    query = "programme=TEST-1&lang=en"
    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None, open_timeout=60) as socket:
        messages, _ = await _run(socket, _rerun(query))
        form = _form(messages)
        typed = [WidgetState(id=form.name, string_value=name), WidgetState(id=form.password, string_value=password)]
        await ready.wait()
        _, received = await _run(socket, _rerun(query, [*typed, WidgetState(id=form.submit, trigger_value=True)]))
        return received


async def _burst(urls: list[str], sessions: int, right: int | None) -> list[bytes]:
    """`sessions` sessions spread over the servers submit at once; session `right` types the right password."""
    ready = asyncio.Barrier(sessions)
    return await asyncio.gather(
        *(
            _session(urls[n % len(urls)], f"guess {n}", PASSWORD if n == right else f"wrong {n}", ready)
            for n in range(sessions)
        )
    )


def _store_with_a_revert(location: str, make_book) -> None:
    """Programme TEST-1 with version 1 current and version 2 newer: History offers a revert, so the sign-in form."""
    store = open_store(location)
    publish_book(store, make_book().read_bytes(), "one.xlsx", "Maria")
    second = make_book(Programme={**valid_content()["Programme"], "title_en": "second"})
    publish_book(store, second.read_bytes(), "two.xlsx", "Maria")
    store.revert(1, "Maria", "back")


def _checked(location: str) -> int:
    """Passwords checked and found wrong, as the audit log records them."""
    return [e.action for e in open_store(location).audit()].count("sign_in_failed")


def _race(location: str, servers: int, sessions: int, tmp_path: Path) -> tuple[list[bytes], int, list[bytes], int]:
    """Start the servers on one store; burst 1: all wrong; burst 2 (the address now paused): one right password."""
    env = {"JWP_STORE": location, "JWP_EDITOR_PASSWORD": PASSWORD, "JWP_STORE_WRITE_WAIT": "30"}
    started = [dashboard(env=env, log=tmp_path / f"server{n}.log").start() for n in range(servers)]
    try:
        urls = [server.url for server in started]
        first = asyncio.run(_burst(urls, sessions, right=None))
        after_first = _checked(location)
        second = asyncio.run(_burst(urls, sessions, right=sessions // 2))
        return first, after_first, second, _checked(location)
    finally:
        for server in started:
            server.stop()


def _report(label: str, first: list[bytes], checked_first: int, second: list[bytes], checked: int) -> None:
    print(
        f"{label}: burst 1 checked {checked_first} password(s) of {len(first)}, "
        f"{sum(PAUSED in r for r in first)} told to wait; burst 2 (one right password) checked "
        f"{checked - checked_first}, {sum(SIGNED_IN in r for r in second)} signed in"
    )


def test_forty_sessions_at_once_on_one_server_get_five_passwords_checked_and_no_sign_in(tmp_path, make_book):
    location = str(tmp_path / "store.sqlite3")
    _store_with_a_revert(location, make_book)
    first, checked_first, second, checked = _race(location, servers=1, sessions=40, tmp_path=tmp_path)
    _report("one server, SQLite", first, checked_first, second, checked)
    assert checked_first == 5  # the other 35 were refused before their password was looked at
    # four were told how many tries were left, the fifth started the pause and the other 35 met it
    assert (sum(WRONG in r for r in first), sum(PAUSED in r for r in first)) == (4, 36)
    assert checked == 5  # while paused, not even the right password is checked
    assert not any(SIGNED_IN in received for received in first + second)


def test_two_servers_on_one_postgresql_store_share_the_five_tries(tmp_path, make_book, request):
    location = postgres_schema_url(request.getfixturevalue("postgres_server"))
    _store_with_a_revert(location, make_book)
    first, checked_first, second, checked = _race(location, servers=2, sessions=40, tmp_path=tmp_path)
    _report("two servers, PostgreSQL", first, checked_first, second, checked)
    assert checked_first == 5
    assert (sum(WRONG in r for r in first), sum(PAUSED in r for r in first)) == (4, 36)
    assert checked == 5
    assert not any(SIGNED_IN in received for received in first + second)
