"""Outside text in a real browser: a crafted Compare link and a crafted editor's name put no live link, no
outside image and no request on anyone's screen, in English and Chinese; and the live-update toast stays
clear of the Briefing's buttons and the slide's title on a projector's screen.

A local HTTP server records every request it gets: the crafted texts point their image at it and their
link at x.test, so a fetched image shows as a request, and a live link as an <a href> in the page.
"""

from __future__ import annotations

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from programmes import next_programme_bytes

from jwp_data.cli import stored_programme
from jwp_data.store import VersionStore
from tests.e2e.conftest import serve_app
from tests.e2e.test_browser import updated_default, wait_for_app

TYPED = {"en": "(name given at sign-in)", "zh": "（登录时填写的姓名）"}
NAVIGATION = ("brief_first", "brief_prev", "brief_next", "brief_last")


class Beacon:
    """A server on 127.0.0.1 that answers every request with an empty image and remembers its path."""

    def __init__(self):
        seen = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Beacon:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def beacon():
    with Beacon() as running:
        yield running


@pytest.fixture(scope="module")
def served(chromium_path, tmp_path_factory):
    """A fresh dashboard whose store holds the 2012–2013 programme beside the shipped 2010–2011 one."""
    folder = tmp_path_factory.mktemp("outside-text")
    store_file = folder / "store.sqlite3"
    data = next_programme_bytes()
    VersionStore(store_file).publish(data, "jwp_2012_2013.xlsx", "Tester", programme=stored_programme(data))
    with serve_app(store_file, folder / "streamlit.log") as url:
        yield url, store_file


def crafted(port: int, target: str) -> str:
    return f"![t](http://127.0.0.1:{port}/{target}.png)[Session expired - sign in again](http://x.test/phish)"


def seen(locator) -> str:
    """The text of an element as a reader sees it (the invisible word joiners that keep addresses unlinked aside)."""
    return locator.inner_text().replace("\u2060", "")


def assert_nothing_live(page, beacon: Beacon) -> None:
    """No link to x.test, no image from the beacon, and the beacon was never asked for anything."""
    page.wait_for_timeout(1000)  # an image would have been asked for by now
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
    assert not [link for link in links if "x.test" in link], links
    assert not [image for image in images if f":{beacon.port}" in image], images
    assert beacon.requests == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_crafted_compare_link_shows_its_text_and_fetches_nothing(browser, served, beacon, lang):
    url, _ = served
    text = crafted(beacon.port, f"compare-{lang}")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{url}/compare?a={quote(text)}&lang={lang}")
        wait_for_app(page)
        alert = page.locator("[data-testid='stAlert']").first
        expect(alert).to_be_visible(timeout=60_000)
        assert text in seen(alert)  # the reader sees the characters as written
        assert_nothing_live(page, beacon)
    finally:
        context.close()


def toast_test(browser, served, beacon, lang, tmp_path, width, height, number):
    url, store_file = served
    name = crafted(beacon.port, f"toast-{lang}-{width}")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{url}/briefing?lang={lang}&programme=JWP-2010-2011&slide=2")
        wait_for_app(page)
        expect(page.locator(".jwp-present .jwp-slide")).to_be_visible(timeout=60_000)
        data = updated_default(tmp_path, number).read_bytes()
        version = (
            VersionStore(store_file)
            .publish(data, "jwp_update.xlsx", name, programme=stored_programme(data), sign_in="password")
            .version
        )
        toast = page.locator("[data-testid='stToast']")
        expect(toast).to_be_visible(timeout=15_000)
        expect(toast).to_contain_text(TYPED[lang])
        assert name in seen(toast)
        expect(toast).to_contain_text("JWP-2010-2011")
        # the number people see: the version's place among its programme's versions (not the store's id)
        shown = len(VersionStore(store_file).versions("JWP-2010-2011"))
        expect(toast).to_contain_text(f"version {shown} of" if lang == "en" else f"第 {shown} 版")
        expect(toast).to_contain_text(version.published_at[:10])
        wait_for_app(page)
        page.wait_for_timeout(800)  # the toast's entry animation
        shots = Path(os.environ.get("JWP_E2E_SHOTS") or tmp_path)  # set it to keep the pictures and look at them
        page.screenshot(path=str(shots / f"toast-{lang}-{width}x{height}.png"))
        assert_nothing_live(page, beacon)
        # Streamlit's own "view more" (English in every language) would cut the toast to three lines
        assert not toast.locator("[data-testid='stToastViewButton']").is_visible()
        assert "view more" not in seen(toast)
        covered = clear_of(page, toast)
        assert not covered, f"the toast covers {covered} at {width}x{height} ({lang})"
    finally:
        context.close()


def clear_of(page, toast) -> list[str]:
    """Which of the Briefing's buttons and the slide's title the toast's box overlaps."""
    box = toast.bounding_box()
    assert box is not None
    parts = {key: page.locator(f".st-key-{key} button") for key in NAVIGATION}
    parts["full screen"] = page.locator("#jwp-fullscreen")
    parts["slide title"] = page.locator(".jwp-present .jwp-slide h2, .jwp-present .jwp-slide h1").first
    covered = []
    for what, locator in parts.items():
        other = locator.bounding_box()
        assert other is not None, what
        apart = (
            box["x"] + box["width"] <= other["x"]
            or other["x"] + other["width"] <= box["x"]
            or box["y"] + box["height"] <= other["y"]
            or other["y"] + other["height"] <= box["y"]
        )
        if not apart:
            covered.append(what)
    return covered


@pytest.mark.parametrize(
    ("lang", "width", "height", "number"),
    [("en", 1024, 768, 5), ("zh", 1024, 768, 6), ("en", 1280, 720, 7), ("zh", 1280, 720, 8)],
    ids=lambda v: str(v),
)
def test_a_crafted_editor_name_in_the_live_toast_is_text_and_the_toast_covers_no_control(
    browser, served, beacon, tmp_path, lang, width, height, number
):
    toast_test(browser, served, beacon, lang, tmp_path, width, height, number)
