"""The HTML page every address opens, told where the server is: no guessing before the page connects.

Opened at a page's own address (`/briefing?slide=4`, a bookmark, a link in an e-mail), Streamlit's page cannot
tell whether `/briefing` is a page or the folder the app is served under. It first asks
`/briefing/_stcore/health`, gets "not found", waits 100 ms and only then asks `/_stcore/health`: about 0.12 s
before anything can be drawn, on every page but the first, for every visitor who comes in by an address.

The page's own files come from the folder of its address (`./static/...`); the server is there too. This module
tells the page so before Streamlit's script starts, through the setting Streamlit reads for that
(`window.__streamlit.BACKEND_BASE_URL`), and Streamlit then asks that one place only.

`DirectConnection` does it as ASGI middleware (serve.py): only the HTML page itself changes, only for an
address that is the app's root or one page under it, and only when the page is the one this was written
for. Anything else passes unchanged, and the page then finds the server the way it always has.
"""

from __future__ import annotations

import gzip
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

# Where Streamlit's page script is loaded; the setting must be read before it runs.
PAGE_SCRIPT = b'<script type="module"'
SERVER_HERE = (  # a setting already made (a page that embeds the app) is kept
    b"<script>window.__streamlit = Object.assign("
    b'{BACKEND_BASE_URL: new URL(".", window.location.href).href}, window.__streamlit);</script>\n    '
)
# Addresses that are never a page: Streamlit's own routes and files.
NOT_PAGES = ("_stcore", "static", "media", "component", "app", "favicon.png", "auth", "oauth2callback")
CONDITIONAL = {b"if-none-match", b"if-modified-since"}
VALIDATORS = {b"etag", b"last-modified"}


def with_server_here(html: bytes) -> bytes | None:
    """The page with the setting put before Streamlit's script, or None when this is not that page."""
    at = html.find(PAGE_SCRIPT)
    if at < 0 or b"__streamlit" in html[:at]:
        return None
    return html[:at] + SERVER_HERE + html[at:]


def is_page_address(path: str, base: str = "") -> bool:
    """True for the app's root and for one page under it (`/`, `/briefing`), under the base path if any.

    `/base` without its slash is left alone: the page's folder there is the one above the app."""
    base = base.strip("/")
    if base:
        prefix = f"/{base}/"
        if not path.startswith(prefix):
            return False
        path = "/" + path[len(prefix) :]
    rest = path[1:]
    return path.startswith("/") and "/" not in rest and rest not in NOT_PAGES


class DirectConnection:
    """ASGI middleware: the HTML page of a page address gets `with_server_here`; every other response passes."""

    def __init__(self, app: ASGIApp, base: Callable[[], str] | str = "") -> None:
        self.app = app
        self._base = base

    def base(self) -> str:
        return self._base() if callable(self._base) else self._base

    async def __call__(self, scope: Scope, receive, send) -> None:
        if (
            scope.get("type") != "http"
            or scope.get("method") != "GET"
            or not is_page_address(scope.get("path", ""), self.base())
        ):
            await self.app(scope, receive, send)
            return
        # The changed page is not the file the server's validators describe: ask for it whole.
        scope = dict(scope)
        scope["headers"] = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in CONDITIONAL]
        started: Message | None = None
        body: list[bytes] = []

        async def send_changed(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                encoding = headers.get(b"content-encoding", b"identity")
                if message.get("status") == 200 and html and encoding in (b"identity", b"gzip"):
                    started = message
                    return
                await send(message)
            elif started is not None:
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await _send_page(send, started, b"".join(body))
            else:
                await send(message)

        await self.app(scope, receive, send_changed)


async def _send_page(send, started: Message, raw: bytes) -> None:
    headers = list(started.get("headers", []))
    gzipped = any(k.lower() == b"content-encoding" and v == b"gzip" for k, v in headers)
    try:
        html = gzip.decompress(raw) if gzipped else raw
    except (OSError, EOFError):
        html = None
    changed = with_server_here(html) if html is not None else None
    if changed is None:
        await send(started)
        await send({"type": "http.response.body", "body": raw})
        return
    out = gzip.compress(changed, 6) if gzipped else changed
    headers = [(k, v) for k, v in headers if k.lower() not in VALIDATORS and k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(out)).encode()))
    await send({**started, "headers": headers})
    await send({"type": "http.response.body", "body": out})
