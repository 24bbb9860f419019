"""The deployment in deploy/, tried for real: HAProxy (deploy/haproxy.cfg) in front of two `streamlit run serve.py`
servers on one PostgreSQL store, with one cookie secret, driven through the proxy in Chromium.

The proxy names the server that answered each request (X-Served-By) and logs it; its sticky cookie
(JWPSERVER) names the server that holds a browser's websocket session. Uploads and downloads must
reach that server: these tests show they do with the cookie, and that they do not without it.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from playwright.sync_api import expect
from programmes import next_programme_bytes

from conftest import postgres_schema_url, publish_book
from jwp_data.store import open_store
from tests.e2e.conftest import EDITOR_PASSWORD
from tests.e2e.test_browser import download, go_to, open_page, shows, updated_default, upload, wait_for_app
from tests.e2e.test_editor_browser import _oidc_site, _sign_in_at_provider, oidc_provider  # noqa: F401 (a fixture)
from tests.servers import Server, dashboard, free_port, haproxy

ROOT = Path(__file__).resolve().parents[2]
COOKIE_SECRET = "e2e-proxy-cookie-secret-the-same-on-every-server"
AFFINITY_COOKIE = "JWPSERVER"
EARLIER_AS_OF_ZH = "截至2011年5月31日的情况"  # the sidebar's line under the 2010-2011 programme's title, in Chinese


def require_haproxy() -> None:
    """Skip, saying why, where HAProxy is not installed; fail instead when JWP_REQUIRE_BROWSER is set (CI)."""
    if shutil.which("haproxy"):
        return
    if os.environ.get("JWP_REQUIRE_BROWSER"):
        pytest.fail("JWP_REQUIRE_BROWSER is set but HAProxy is not installed (apt-get install haproxy)")
    pytest.skip("HAProxy is not installed (apt-get install haproxy)")


@dataclass
class Site:
    url: str
    proxy: Server
    servers: dict[str, Server]  # by the proxy's name for them, 'a' and 'b'
    log: Path

    @property
    def store(self) -> str:
        return self.servers["a"].env["JWP_STORE"]

    def log_size(self) -> int:
        return self.log.stat().st_size

    def proxy_log(self, path_prefix: str, since: int = 0) -> list[tuple[str, int]]:
        """(server, status) of every request logged after byte `since` whose path starts with `path_prefix`."""
        with self.log.open("rb") as log:
            log.seek(since)
            lines = log.read().decode(errors="replace").splitlines()
        found = []
        for line in lines:
            match = re.search(r" dashboards/(\w+) \S+ (\d{3}) .*\"[A-Z]+ (\S+) HTTP", line)
            if match and match.group(3).startswith(path_prefix):
                found.append((match.group(1), int(match.group(2))))
        return found


def server_env(store: str) -> dict[str, str]:
    """What every server of one site shares: the store, the cookie secret, the proxy to believe, the password."""
    return {
        "JWP_STORE": store,
        "STREAMLIT_SERVER_COOKIE_SECRET": COOKIE_SECRET,
        "JWP_TRUSTED_PROXIES": "127.0.0.1",
        "JWP_EDITOR_PASSWORD": EDITOR_PASSWORD,
    }


@contextmanager
def deployment(store: str, folder: Path, affinity: bool = True, env: dict | None = None, cwd: Path = ROOT, port=None):
    """Two `serve.py` servers on `store` (started in `cwd`, with `env` added) and HAProxy in front of them
    (on `port` or a free one); yields the Site."""
    require_haproxy()
    folder.mkdir(parents=True, exist_ok=True)
    env = {**server_env(store), **(env or {})}
    with (
        dashboard(ROOT / "serve.py", env=env, cwd=cwd, log=folder / "server-a.log") as a,
        dashboard(ROOT / "serve.py", env=env, cwd=cwd, log=folder / "server-b.log") as b,
        haproxy([a, b], affinity=affinity, log=folder / "haproxy.log", port=port) as proxy,
    ):
        yield Site(proxy.url, proxy, {"a": a, "b": b}, folder / "haproxy.log")


@pytest.fixture(scope="module")
def site(chromium_path, postgres_server, tmp_path_factory):
    with deployment(postgres_schema_url(postgres_server), tmp_path_factory.mktemp("site")) as running:
        yield running


def tab(browser, **options):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-GB", **options)
    context.set_default_timeout(30_000)
    return context, context.new_page()


def affinity(context) -> str | None:
    """The server the proxy's cookie pins this browser to."""
    return next((c["value"] for c in context.cookies() if c["name"] == AFFINITY_COOKIE), None)


def moved(page, server: str) -> None:
    """Wait (at most 60 s) until the page has reconnected through the proxy to `server`, and its run ended."""
    for _ in range(600):
        if affinity(page.context) == server:
            wait_for_app(page)
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the page was not moved to server {server}: its cookie is {affinity(page.context)}")


def sign_in_and_publish(page, name: str) -> None:
    page.get_by_role("textbox", name="Your name").fill(name)
    page.get_by_role("textbox", name="Editors' password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in as editor").click()
    wait_for_app(page)
    page.get_by_role("button", name="Publish this file").click()
    wait_for_app(page)


def test_through_the_proxy_uploads_and_downloads_reach_the_editors_server_and_the_other_server_shows_the_publish(
    browser, site, tmp_path
):
    editor_context, editor = tab(browser, accept_downloads=True)
    viewer_context, viewer = tab(browser)
    since = site.log_size()  # other tests' requests went through the same proxy
    try:
        open_page(editor, site.url, "data")
        home = affinity(editor_context)
        other = {"a": "b", "b": "a"}[home]
        viewer_context.add_cookies([{"name": AFFINITY_COOKIE, "value": other, "url": site.url}])
        open_page(viewer, site.url, "")
        sidebar = viewer.locator("[data-testid='stSidebar']")
        expect(sidebar).to_contain_text("Shipped workbook")
        assert affinity(viewer_context) == other  # the proxy kept the viewer where the cookie said

        upload(editor, updated_default(tmp_path, 2))
        sign_in_and_publish(editor, "Editor behind the proxy")
        shows(editor, "Published as version 1")
        # the viewer on the other server does nothing: the page notices the new version by itself
        toast = viewer.locator("[data-testid='stToast']")
        expect(toast).to_contain_text(
            "Updated to version 1 of JWP-2010-2011, published by Editor behind the proxy", timeout=15_000
        )
        expect(sidebar).to_contain_text("Published version 1")

        go_to(editor, "Overview")
        editor.locator(".st-key-open-data-completion-per-objective").get_by_role("button", name="Download").click()
        chart = download(editor, "Interactive chart (HTML)", tmp_path).read_text(encoding="utf-8")
        assert "Completion per operational objective" in chart
        editor.keyboard.press("Escape")  # close the Download control before leaving the page
        go_to(editor, "Briefing")
        editor.locator("[data-testid='stExpander'] summary", has_text="Download").click()
        deck = download(editor, "Briefing deck (PowerPoint)", tmp_path)
        assert deck.suffix == ".pptx" and deck.stat().st_size > 20_000

        uploads, media = site.proxy_log("/_stcore/upload_file/", since), site.proxy_log("/media/", since)
        assert uploads and len(media) >= 2, site.proxy.log_tail()
        assert all(server == home and status < 300 for server, status in uploads + media), (home, uploads, media)
        assert open_store(site.store).current().published_by == "Editor behind the proxy"
    finally:
        editor_context.close()
        viewer_context.close()


# --- uploads without a browser: the session is a websocket, the upload a separate HTTP request ---


def _request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, headers, text) of one HTTP request on a new connection (each one is balanced on its own)."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers, refused.read().decode(errors="replace")


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def uploads_in_one_session(url: str, count: int) -> tuple[str, list[tuple[str, int, str]]]:
    """Open a page's session (its websocket) through the proxy and upload `count` files into it, as the
    browser does: the server that holds the session, and (server, status, text) of each upload.

    Cookies are kept as a browser keeps them: the proxy's sticky cookie, when it sets one, goes with
    every later request.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    _, headers, _ = _request(url + "/_stcore/health")  # the XSRF cookie, and the proxy's cookie if any
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    cookies = "; ".join(f"{key}={morsel.value}" for key, morsel in jar.items())
    xsrf = jar["_streamlit_xsrf"].value
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(stream, subprotocols=["streamlit"], origin=url, additional_headers={"Cookie": cookies}) as socket:
        holder = socket.response.headers["X-Served-By"]
        rerun = BackMsg()
        rerun.rerun_script.query_string = "lang=en"
        socket.send(rerun.SerializeToString())
        session = ""
        while not session:
            message = ForwardMsg()
            message.ParseFromString(socket.recv(timeout=60))
            if message.WhichOneof("type") == "new_session":
                session = message.new_session.initialize.session_id
        answers = []
        for n in range(count):
            body, kind = _multipart(f"book-{n}.xlsx", b"PK\x03\x04 not really a workbook")
            status, headers, text = _request(
                f"{url}/_stcore/upload_file/{session}/{uuid.uuid4()}",
                "PUT",
                body,
                {"Content-Type": kind, "Cookie": cookies, "X-Xsrftoken": xsrf, "Origin": url},
            )
            answers.append((headers["X-Served-By"], status, text))
    return holder, answers


def test_with_affinity_every_upload_reaches_the_server_holding_the_session(site):
    holder, answers = uploads_in_one_session(site.url, 4)
    assert len(answers) == 4 and all(server == holder and status < 300 for server, status, _ in answers), answers


def test_without_affinity_an_upload_reaches_the_other_server_and_is_refused(site, tmp_path):
    """The failure the sticky cookie is there to prevent (Streamlit issues #2936, #9976, #10043, #4173)."""
    servers = list(site.servers.values())
    with haproxy(servers, affinity=False, log=tmp_path / "haproxy-no-affinity.log") as round_robin:
        holder, answers = uploads_in_one_session(round_robin.url, 4)
    elsewhere = [(status, text) for server, status, text in answers if server != holder]
    assert elsewhere, f"round robin sent every upload to the session's server: {answers}"
    for status, text in elsewhere:
        assert status == 400 and "Invalid session_id" in text, answers
    assert all(status < 300 for server, status, _ in answers if server == holder), answers


# --- compression ---


def first_visit_bytes(browser, url: str, headers: dict) -> tuple[int, int, set]:
    """Bytes on the wire (response bodies as sent) of a first visit to the Overview: all of them, those of
    Streamlit's static scripts and style sheets, and the encodings those came in (fonts and images
    come compressed already)."""
    context, page = tab(browser, extra_http_headers=headers)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    open_page(page, url, "")
    page.wait_for_load_state("networkidle")
    total, static, encodings = 0, 0, set()
    for request in finished:
        size = request.sizes()["responseBodySize"]
        total += size
        answer = request.response()
        if answer is not None and re.search(r"/static/.*\.(js|css)$", request.url):
            static += size
            encodings.add(answer.headers.get("content-encoding", "identity"))
    context.close()
    return total, static, encodings


def test_the_proxy_compresses_the_first_visit(browser, site):
    compressed, compressed_static, encodings = first_visit_bytes(browser, site.url, {})
    plain, plain_static, plain_encodings = first_visit_bytes(browser, site.url, {"Accept-Encoding": "identity"})
    print(
        f"\nfirst visit through the proxy: {compressed / 1e6:.2f} MB compressed, {plain / 1e6:.2f} MB uncompressed"
        f" (scripts and style sheets {compressed_static / 1e6:.2f} / {plain_static / 1e6:.2f} MB)"
    )
    assert encodings == {"gzip"} and plain_encodings == {"identity"}
    assert compressed_static < plain_static / 2 and compressed < plain


# --- a server goes ---


@pytest.mark.parametrize("how", ["stopped", "killed"])
def test_when_the_editors_server_goes_their_pages_come_back_on_the_other_in_their_language_and_programme(
    browser, chromium_path, postgres_server, tmp_path, how
):
    """A redeploy (SIGTERM: the server closes its websockets) or a crash (SIGKILL: the connections just drop)."""
    store = postgres_schema_url(postgres_server)
    publish_book(open_store(store), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")  # the newer one opens first
    with deployment(store, tmp_path / "site") as site:
        viewer_context, viewer = tab(browser)
        editor_context, editor = tab(browser)
        try:
            viewer.goto(f"{site.url}/?lang=zh&programme=JWP-2010-2011")
            wait_for_app(viewer)
            expect(viewer.locator("[data-testid='stSidebar']")).to_contain_text(EARLIER_AS_OF_ZH)
            home = affinity(viewer_context)
            other = {"a": "b", "b": "a"}[home]
            editor_context.add_cookies([{"name": AFFINITY_COOKIE, "value": home, "url": site.url}])
            editor.goto(f"{site.url}/data?lang=en&programme=JWP-2010-2011")
            wait_for_app(editor)
            upload(editor, updated_default(tmp_path, 3))
            editor.get_by_role("textbox", name="Your name").fill("Editor whose server went")
            editor.get_by_role("textbox", name="Editors' password").fill(EDITOR_PASSWORD)
            editor.get_by_role("button", name="Sign in as editor").click()
            wait_for_app(editor)
            before = sorted(v.id for v in open_store(store).versions())

            # a publish in flight when the server goes: it completes or changes nothing
            editor.get_by_role("button", name="Publish this file").click()
            stopped = time.perf_counter()
            if how == "killed":
                site.servers[home].process.kill()
            site.servers[home].stop()

            moved(viewer, other)
            back = time.perf_counter() - stopped
            wait_for_app(viewer)
            assert "lang=zh" in viewer.url and "programme=JWP-2010-2011" in viewer.url
            expect(viewer.locator("[data-testid='stSidebar']")).to_contain_text(EARLIER_AS_OF_ZH)
            print(f"\nthe viewer's page was back on server {other} {back:.1f} s after server {home} was {how}")

            moved(editor, other)
            expect(editor.locator("[data-testid='stFileUploader']")).to_be_visible(timeout=30_000)
            wait_for_app(editor)
            assert "programme=JWP-2010-2011" in editor.url

            after = open_store(store)
            after.check()  # every stored file matches its SHA-256; no half-written version
            ids = sorted(v.id for v in after.versions())
            assert ids == before or (ids == [*before, max(before) + 1] and after.current("JWP-2010-2011").id == ids[-1])
            print(f"the publish in flight {'completed' if ids != before else 'changed nothing'}")
        finally:
            viewer_context.close()
            editor_context.close()


def test_an_editors_checked_file_comes_back_on_the_other_server_as_their_draft_and_can_be_published(
    browser, chromium_path, postgres_server, tmp_path
):
    """The draft is in the shared store under an id the browser holds in a cookie: no server's memory is needed."""
    store = postgres_schema_url(postgres_server)
    with deployment(store, tmp_path / "site") as site:
        context, editor = tab(browser)
        try:
            editor.goto(f"{site.url}/data?lang=en&programme=JWP-2010-2011")
            wait_for_app(editor)
            upload(editor, updated_default(tmp_path, 3))
            shows(editor, "Kept as your private draft until")
            home = affinity(context)
            other = {"a": "b", "b": "a"}[home]
            site.servers[home].process.kill()  # a crash: nothing is saved on the way out
            site.servers[home].stop()

            moved(editor, other)
            expect(editor.locator("[data-testid='stMain']")).to_contain_text(
                "Your draft jwp_update_3.xlsx, kept since", timeout=30_000
            )
            shows(editor, "What changes compared with", "Publish for everyone")
            sign_in_and_publish(editor, "Editor whose server crashed")
            shows(editor, "Published as version 1")
            assert open_store(store).current("JWP-2010-2011").file_name == "jwp_update_3.xlsx"
        finally:
            context.close()


# --- organisation sign-in ---


def test_an_organisation_sign_in_made_through_one_server_holds_on_the_other(
    browser,
    chromium_path,
    postgres_server,
    tmp_path,
    oidc_provider,  # noqa: F811 (the fixture imported above)
):
    """st.login keeps who signed in in a cookie signed with the site's cookie secret: every server can read it."""
    port = free_port()
    site_folder = _oidc_site(tmp_path, oidc_provider, port)  # its redirect address is the proxy's
    env = {"JWP_EDITOR_PASSWORD": "", "AUTHLIB_INSECURE_TRANSPORT": "1"}
    store = postgres_schema_url(postgres_server)
    with deployment(store, tmp_path / "site", env=env, cwd=site_folder, port=port) as site:
        context, page = tab(browser)
        try:
            open_page(page, site.url, "data")
            upload(page, updated_default(tmp_path, 4))
            _sign_in_at_provider(page, site.url, "editor@unccd.example")
            home = affinity(context)
            upload(page, updated_default(tmp_path, 4))
            shows(page, "Signed in as editor: editor@unccd.example")

            other = {"a": "b", "b": "a"}[home]
            context.add_cookies([{"name": AFFINITY_COOKIE, "value": other, "url": site.url}])
            open_page(page, site.url, "data")
            assert affinity(context) == other
            upload(page, updated_default(tmp_path, 4))
            shows(page, "Signed in as editor: editor@unccd.example")
            wait_for_app(page)  # the run that checked this upload has ended: its Publish button names this file
            page.get_by_role("button", name="Publish this file").click()
            wait_for_app(page)
            shows(page, "Published as version 1")
            assert {server for server, _ in site.proxy_log("/_stcore/upload_file/")} == {home, other}
            assert open_store(store).audit()[0].sign_in == "oidc:editor@unccd.example"
        finally:
            context.close()
