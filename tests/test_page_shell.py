"""The page opened at a page's address is told where the server is (ui/page_shell.py), and nothing else changes."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest
import streamlit

from ui.page_shell import SERVER_HERE, DirectConnection, is_page_address, with_server_here

STREAMLIT_PAGE = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()


def test_the_setting_comes_before_streamlits_script_in_the_page_it_ships():
    changed = with_server_here(STREAMLIT_PAGE)
    assert changed is not None, "Streamlit's page no longer loads its script as a module: see ui/page_shell.py"
    assert changed.index(b"BACKEND_BASE_URL") < changed.index(b'<script type="module"')
    assert changed.replace(SERVER_HERE, b"") == STREAMLIT_PAGE


def test_a_page_that_already_says_where_the_server_is_is_left_alone():
    page = b'<script>window.__streamlit = {BACKEND_BASE_URL: "https://x/"}</script><script type="module" src=a>'
    assert with_server_here(page) is None
    assert with_server_here(b"<html><body>Not found</body></html>") is None


@pytest.mark.parametrize(
    ("path", "base", "page"),
    [
        ("/", "", True),
        ("/briefing", "", True),
        ("/objectives", "/", True),
        ("/_stcore/health", "", False),
        ("/static/js/index.js", "", False),
        ("/media/abc.png", "", False),
        ("/briefing/_stcore/health", "", False),
        ("/briefing/", "", False),  # the page's folder would be /briefing/, not the app's
        ("/jwp/", "jwp", True),
        ("/jwp/briefing", "/jwp/", True),
        ("/jwp", "jwp", False),  # its folder is the one above the app
        ("/briefing", "jwp", False),
        ("/jwp/_stcore/host-config", "jwp", False),
    ],
)
def test_which_addresses_are_pages(path, base, page):
    assert is_page_address(path, base) is page


def run(app, path: str, headers: list[tuple[bytes, bytes]] | None = None, method: str = "GET"):
    """One request through DirectConnection around `app`: (the app's view of the request, status, headers, body)."""
    seen, sent = {}, []

    async def inner(scope, receive, send):
        seen.update(scope)
        await app(scope, receive, send)

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": headers or []}
    asyncio.run(DirectConnection(inner)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return seen, start["status"], dict(start["headers"]), body


def serving(body: bytes, content_type: bytes = b"text/html; charset=utf-8", status: int = 200, gzipped=False, parts=1):
    """An ASGI app answering every request with `body` (gzipped, and in `parts` pieces, if asked)."""
    payload = gzip.compress(body) if gzipped else body

    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"content-length", str(len(payload)).encode())]
        headers += [(b"etag", b'"abc"'), (b"last-modified", b"Sun, 06 Dec 2026 00:25:53 GMT")]
        if gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        size = -(-len(payload) // parts)
        for n in range(parts):
            chunk = payload[n * size : (n + 1) * size]
            await send({"type": "http.response.body", "body": chunk, "more_body": n < parts - 1})

    return app


@pytest.mark.parametrize("gzipped", [False, True])
@pytest.mark.parametrize("parts", [1, 3])
def test_the_page_at_a_page_address_gets_the_setting(gzipped, parts):
    _, status, headers, body = run(serving(STREAMLIT_PAGE, gzipped=gzipped, parts=parts), "/briefing")
    html = gzip.decompress(body) if gzipped else body
    assert status == 200
    assert html == with_server_here(STREAMLIT_PAGE)
    assert int(headers[b"content-length"]) == len(body)
    assert headers.get(b"content-encoding") == (b"gzip" if gzipped else None)
    # the server's validators describe its file, not this page: a browser must not keep the changed page under them
    assert b"etag" not in headers and b"last-modified" not in headers


def test_the_browser_asks_for_the_page_whole():
    asked = [(b"if-none-match", b'"abc"'), (b"if-modified-since", b"x"), (b"accept-encoding", b"gzip")]
    seen, *_ = run(serving(STREAMLIT_PAGE), "/", asked)
    assert seen["headers"] == [(b"accept-encoding", b"gzip")]


@pytest.mark.parametrize(
    ("path", "body", "content_type", "status", "method"),
    [
        ("/_stcore/host-config", b'{"allowedOrigins": []}', b"application/json", 200, "GET"),
        ("/static/js/x.js", b'<script type="module">', b"text/javascript", 200, "GET"),
        ("/briefing", b"<html>Not found</html>", b"text/html", 404, "GET"),
        ("/briefing", STREAMLIT_PAGE, b"text/html", 200, "HEAD"),
        ("/media/x.html", STREAMLIT_PAGE, b"text/html", 200, "GET"),
    ],
)
def test_every_other_response_passes_unchanged(path, body, content_type, status, method):
    _, got_status, headers, got = run(serving(body, content_type, status), path, method=method)
    assert (got_status, got) == (status, body)
    assert headers[b"etag"] == b'"abc"'


def test_a_body_that_is_not_the_gzip_it_claims_passes_unchanged():
    async def app(scope, receive, send):
        headers = [(b"content-type", b"text/html"), (b"content-encoding", b"gzip")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"not gzip"})

    assert run(app, "/")[3] == b"not gzip"
