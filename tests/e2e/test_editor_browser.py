"""Editing under attack and faults, in a real browser against servers of their own (own store, own settings):
the sign-in pause against a cache-clearing websocket message and a spoofed X-Forwarded-For, the store
fault banner, two editors publishing at once, and organisation sign-in against a real OpenID Connect
provider.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from jwp_data.cli import stored_programme
from jwp_data.store import open_store
from tests.e2e.test_browser import main, open_page, shows, upload, wait_for_app
from tests.paths import SHIPPED_WORKBOOK
from tests.servers import Server, dashboard, free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "e2e-attack-secret"


@contextmanager
def serve(tmp_path: Path, env: dict | None = None, cwd: Path = ROOT, port: int | None = None):
    """`streamlit run app.py` on a free port with its own store; yields (url, store location)."""
    settings = {"JWP_STORE": str(tmp_path / "store" / "store.sqlite3"), "JWP_EDITOR_PASSWORD": PASSWORD, **(env or {})}
    with dashboard(env=settings, cwd=cwd, port=port, log=tmp_path / "streamlit.log") as server:
        yield server.url, settings["JWP_STORE"]


def tab(browser, **options):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB", **options)
    context.set_default_timeout(30_000)
    return context, context.new_page()


def with_result(tmp_path: Path, name: str, value: int) -> Path:
    """The shipped workbook with the civil-society material sets (OO1-EA3) reported as `value`."""
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    sheet = book["Results"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("indicator_id")].value == "OO1-EA3":
            row[header.index("actual")].value = value
    path = tmp_path / name
    book.save(path)
    return path


def sign_in(page, name: str, password: str) -> None:
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Editors' password").fill(password)
    page.get_by_role("button", name="Sign in as editor").click()
    wait_for_app(page)


def clear_caches_and_rerun(url: str) -> list[str]:
    """What any visitor's browser can send: BackMsg clear_cache, then a rerun; returns the messages seen."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    seen = []
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(stream, subprotocols=["streamlit"], origin=url, open_timeout=30) as socket:
        clear = BackMsg()
        clear.clear_cache = True
        socket.send(clear.SerializeToString())
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        socket.send(rerun.SerializeToString())
        while "script_finished" not in seen:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=60))
            seen.append(message.WhichOneof("type"))
    return seen


def test_the_pause_holds_after_a_cache_clearing_websocket_message_and_a_spoofed_address(browser, tmp_path):
    paused = "Too many wrong passwords from your address. Try again in 5 minutes."
    with serve(tmp_path) as (url, _):
        context, page = tab(browser)
        open_page(page, url, "data")
        upload(page, SHIPPED_WORKBOOK)
        for attempt in range(5):
            sign_in(page, f"Guess {attempt}", "not the password")
        shows(page, paused)
        context.close()

        # the message processed in order, before the rerun it asked for (so the caches were cleared)
        assert "script_finished" in clear_caches_and_rerun(url)

        context, page = tab(browser, extra_http_headers={"X-Forwarded-For": "198.51.100.77"})
        open_page(page, url, "data")
        upload(page, SHIPPED_WORKBOOK)
        sign_in(page, "Maria", PASSWORD)
        shows(page, paused)
        expect(page.get_by_role("button", name="Publish this file")).to_have_count(0)
        context.close()


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_count(browser, tmp_path):
    with serve(tmp_path, env={"JWP_TRUSTED_PROXIES": "127.0.0.1"}) as (url, location):
        context, page = tab(browser, extra_http_headers={"X-Forwarded-For": "198.51.100.1"})
        open_page(page, url, "data")
        upload(page, SHIPPED_WORKBOOK)
        for attempt in range(5):
            sign_in(page, f"Guess {attempt}", "not the password")
        shows(page, "Too many wrong passwords from your address.")
        context.close()

        context, page = tab(browser, extra_http_headers={"X-Forwarded-For": "198.51.100.2"})
        open_page(page, url, "data")
        upload(page, SHIPPED_WORKBOOK)
        sign_in(page, "Maria", PASSWORD)
        shows(page, "Signed in as editor: Maria (name given at sign-in)")
        context.close()
        failed = [e.client for e in open_store(location).audit() if e.action == "sign_in_failed"]
        assert failed == ["198.51.100.1"] * 5


def test_a_store_that_cannot_be_opened_shows_the_banner_and_the_shipped_workbook(browser, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("where the store's folder should be")
    with serve(tmp_path, env={"JWP_STORE": str(blocker / "store.sqlite3")}) as (url, _):
        for lang, banner in (
            ("en", "The version store is unavailable (it cannot be opened). You are seeing the shipped workbook"),
            ("zh", "版本存储不可用（无法打开）。您看到的是随附的工作簿；发布功能已关闭。"),
        ):
            context, page = tab(browser)
            for path in ("", "history", "data"):
                open_page(page, url, path, lang)
                shows(page, banner)
                expect(page.get_by_text("Traceback")).to_have_count(0)
            open_page(page, url, "", lang)
            page.screenshot(path=tmp_path / f"store-down-{lang}.png")
            context.close()


def test_two_editors_at_once_the_second_is_told_and_sees_the_new_diff(browser, tmp_path):
    with serve(tmp_path) as (url, location):
        first = with_result(tmp_path, "v1.xlsx", 1).read_bytes()
        open_store(location).publish(first, "v1.xlsx", "Maria", programme=stored_programme(first), base=None)
        context, page = tab(browser)
        open_page(page, url, "data")
        upload(page, with_result(tmp_path, "mine.xlsx", 3))
        sign_in(page, "Ahmed", PASSWORD)
        shows(page, "What changes compared with the published version 1")

        theirs = with_result(tmp_path, "theirs.xlsx", 2).read_bytes()
        open_store(location).publish(theirs, "theirs.xlsx", "Li", programme=stored_programme(theirs), base=1)
        page.get_by_role("button", name="Publish this file").click()
        wait_for_app(page)
        shows(
            page,
            "Not published: version 2 was published by Li (name given at sign-in) at",
            "What changes compared with the published version 2",
        )
        wait_for_app(page)
        page.get_by_text("Not published: version 2").scroll_into_view_if_needed()
        page.screenshot(path=tmp_path / "conflict.png")
        assert open_store(location).current("JWP-2010-2011").file_name == "theirs.xlsx"

        page.get_by_role("button", name="Publish this file").click()
        wait_for_app(page)
        shows(page, "Published as version 3")
        context.close()


# --- organisation sign-in against a real OpenID Connect provider ---


@pytest.fixture
def oidc_provider(tmp_path):
    """oidc-provider-mock on a free local port; any e-mail typed on its form signs in."""
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        if os.environ.get("JWP_REQUIRE_BROWSER"):
            pytest.fail("JWP_REQUIRE_BROWSER is set but oidc-provider-mock is not installed")
        pytest.skip("oidc-provider-mock is not installed (pip install -r requirements.txt)")
    port = free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    ready = "/.well-known/openid-configuration"
    with Server(command, port, ready, log=tmp_path / "oidc.log", name="the OpenID Connect provider") as provider:
        yield provider.url


def _oidc_site(tmp_path: Path, provider: str, port: int) -> Path:
    """A working folder whose .streamlit/secrets.toml points Streamlit's st.login at the provider."""
    site = tmp_path / "site"
    (site / ".streamlit").mkdir(parents=True)
    (site / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "e2e-cookie-secret-e2e-cookie-secret"\n'
        'client_id = "jwp-dashboard"\n'
        'client_secret = "e2e-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[editors]\n"
        'emails = ["editor@unccd.example"]\n'
    )
    return site


def _sign_in_at_provider(page, url: str, email: str) -> None:
    """Sign in on the provider's own page, come back to the dashboard and open the Data page."""
    page.get_by_role("button", name="Sign in as editor").click()
    page.wait_for_selector("input[name='sub']", timeout=30_000)
    page.fill("input[name='sub']", email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    wait_for_app(page)
    open_page(page, url, "data")


def test_organisation_sign_in_round_trip_with_a_real_provider(browser, tmp_path, oidc_provider):
    port = free_port()
    site = _oidc_site(tmp_path, oidc_provider, port)
    env = {"JWP_EDITOR_PASSWORD": "", "AUTHLIB_INSECURE_TRANSPORT": "1"}
    with serve(tmp_path, env, cwd=site, port=port) as (url, location):
        context, page = tab(browser)
        open_page(page, url, "data")
        upload(page, with_result(tmp_path, "oct.xlsx", 3))
        shows(page, "Editors sign in with their organisation account to publish.")
        _sign_in_at_provider(page, url, "editor@unccd.example")
        upload(page, with_result(tmp_path, "oct.xlsx", 3))
        shows(page, "Signed in as editor: editor@unccd.example")
        page.get_by_role("button", name="Publish this file").click()
        wait_for_app(page)
        shows(page, "Published as version 1")

        open_page(page, url, "history")
        logged = main(page).locator("[role='gridcell']", has_text="organisation account editor@unccd.example")
        expect(logged.first).to_be_attached(timeout=30_000)
        assert open_store(location).audit()[0].sign_in == "oidc:editor@unccd.example"

        open_page(page, url, "data")
        upload(page, with_result(tmp_path, "nov.xlsx", 4))
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="End session").click()  # the provider ends its session too
        page.wait_for_url(f"{url}/**", timeout=30_000)
        open_page(page, url, "data")
        upload(page, with_result(tmp_path, "nov.xlsx", 4))
        shows(page, "Editors sign in with their organisation account to publish.")
        expect(page.get_by_role("button", name="Publish this file")).to_have_count(0)
        context.close()

        context, page = tab(browser)
        open_page(page, url, "data")
        upload(page, with_result(tmp_path, "nov.xlsx", 4))
        _sign_in_at_provider(page, url, "visitor@elsewhere.example")
        upload(page, with_result(tmp_path, "nov.xlsx", 4))
        shows(page, "You are signed in as visitor@elsewhere.example, which is not on the editors' list.")
        expect(page.get_by_role("button", name="Publish this file")).to_have_count(0)
        context.close()
        assert [v.id for v in open_store(location).versions()] == [1]
