"""A page opened at its own address (a bookmark, a link) connects at once, as the deployed dashboard serves it.

Streamlit's page cannot tell whether `/briefing` is a page or the folder the app lives in: left to itself it asks
`/briefing/_stcore/health` first, is told "not found", waits and asks again at the root. serve.py tells the page
where the server is (ui/page_shell.py); these tests watch what the browser asks for.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import wait_for_app
from tests.paths import ROOT
from tests.servers import Server, dashboard


def serve(script: str, tmp_path, base: str = "") -> Server:
    """`streamlit run script` with a store of its own, under the base path if one is given; not started."""
    env = {"JWP_STORE": str(tmp_path / "store.sqlite3")}
    return dashboard(ROOT / script, env=env, log=tmp_path / f"{script}.log", base=base)


def open_slide(browser, url: str) -> list[tuple[int, str]]:
    """Open the Briefing's second slide at its address; every (status, path) the browser was answered with."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-GB")
    tab = context.new_page()
    answered: list[tuple[int, str]] = []
    tab.on("response", lambda response: answered.append((response.status, urlparse(response.url).path)))
    try:
        tab.goto(url)
        wait_for_app(tab)
        expect(tab.locator(".jwp-present")).to_contain_text("OO1", timeout=30_000)
        tab.reload()  # a reload, as a presenter does, is the same visit again
        wait_for_app(tab)
        expect(tab.locator(".jwp-present")).to_contain_text("OO1", timeout=30_000)
    finally:
        context.close()
    return answered


def core_requests(answered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(status, path) for status, path in answered if "/_stcore/" in path]


@pytest.mark.parametrize("base", ["", "jwp"])
def test_a_page_opened_at_its_address_asks_the_server_only_where_it_is(browser, tmp_path, base):
    with serve("serve.py", tmp_path, base) as server:
        root = f"/{base}/" if base else "/"
        asked = core_requests(open_slide(browser, f"{server.url}{root}briefing?lang=en&slide=2"))
    assert asked, "the page never reached the server"
    assert all(status < 400 for status, _ in asked), asked
    where_it_is = {f"{root}_stcore/{route}" for route in ("health", "host-config", "stream")}
    assert {path for _, path in asked} <= where_it_is, asked


def test_without_serve_py_streamlit_asks_the_wrong_address_first(browser, tmp_path):
    """What the test above would see if the page were not told: the check can fail."""
    with serve("app.py", tmp_path) as server:
        asked = core_requests(open_slide(browser, f"{server.url}/briefing?lang=en&slide=2"))
    assert (404, "/briefing/_stcore/health") in asked
