"""Two dashboard servers on one PostgreSQL store, as behind a load balancer: a publish on one reaches the other."""

from __future__ import annotations

from playwright.sync_api import expect

from conftest import postgres_schema_url
from jwp_data.store import open_store
from tests.e2e.conftest import EDITOR_PASSWORD, serve_app
from tests.e2e.test_browser import open_page, shows, updated_default, upload, wait_for_app


def test_a_publish_on_one_server_is_seen_on_the_other_within_ten_seconds(browser, postgres_server, tmp_path):
    store = postgres_schema_url(postgres_server)
    with (
        serve_app(store, tmp_path / "server_a.log") as server_a,
        serve_app(store, tmp_path / "server_b.log") as server_b,
    ):
        viewer = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
        editor = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        editor.set_default_timeout(30_000)
        try:
            open_page(viewer, server_b, "")
            sidebar = viewer.locator("[data-testid='stSidebar']")
            expect(sidebar).to_contain_text("Shipped workbook", timeout=30_000)

            open_page(editor, server_a, "data")
            upload(editor, updated_default(tmp_path, 2))
            editor.get_by_role("textbox", name="Your name").fill("Editor on server A")
            editor.get_by_role("textbox", name="Editors' password").fill(EDITOR_PASSWORD)
            editor.get_by_role("button", name="Sign in as editor").click()
            wait_for_app(editor)
            editor.get_by_role("button", name="Publish this file").click()
            wait_for_app(editor)
            shows(editor, "Published as version 1")

            # the viewer on server B does nothing: the page notices the new version by itself
            toast = viewer.locator("[data-testid='stToast']")
            expect(toast).to_contain_text(
                "Updated to version 1 of JWP-2010-2011, published by Editor on server A (name given at sign-in)",
                timeout=10_000,
            )
            expect(sidebar).to_contain_text("Published version 1")
            assert open_store(store).current("JWP-2010-2011").published_by == "Editor on server A"
        finally:
            viewer.context.close()
            editor.context.close()
