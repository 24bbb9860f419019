"""Real-browser tests: `streamlit run serve.py` (the dashboard as deployed) on a free local port, driven by
Playwright in Debian's Chromium.

They skip, with the reason printed, only where no Chromium is installed and JWP_REQUIRE_BROWSER is
unset; CI sets it, so there they run or fail.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.servers import dashboard

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("JWP_CHROMIUM", "/usr/bin/chromium")
EDITOR_PASSWORD = "e2e-editor-secret"
SCREENSHOTS = ROOT / "docs" / "screenshots"
SERVE = ROOT / "serve.py"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            # a browser test may start its own servers and a browser before it begins: longer than the default
            item.add_marker(pytest.mark.timeout(300))


def _browser_missing() -> str | None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements.txt)"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = _browser_missing()
    if reason:
        if os.environ.get("JWP_REQUIRE_BROWSER"):
            pytest.fail(f"JWP_REQUIRE_BROWSER is set but the browser tests cannot run: {reason}")
        print(f"\nskipping browser tests: {reason}")
        pytest.skip(reason)
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


@pytest.fixture(scope="session")
def store_file(tmp_path_factory) -> Path:
    """The served dashboard's version store (a test may publish into it as another editor would)."""
    return tmp_path_factory.mktemp("store") / "store.sqlite3"


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory, store_file):
    """The dashboard served by `streamlit run serve.py`, with a temporary store and an editor password."""
    env = {"JWP_STORE": str(store_file), "JWP_EDITOR_PASSWORD": EDITOR_PASSWORD}
    with dashboard(SERVE, env=env, log=tmp_path_factory.mktemp("log") / "streamlit.log") as server:
        yield server.url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="en-GB")
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@contextmanager
def serve_app(store: Path | str, log: Path, password: str = EDITOR_PASSWORD):
    """`streamlit run serve.py` on a free port with this store and editors' password; yields its address."""
    with dashboard(SERVE, env={"JWP_STORE": str(store), "JWP_EDITOR_PASSWORD": password}, log=log) as server:
        yield server.url
