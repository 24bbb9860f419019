"""Accessibility in a real browser: axe-core's WCAG 2.0/2.1 A and AA rules on every page in each of the six languages,
and the words of Streamlit's own controls (skip link, file uploader) in the reader's language.

The dashboard has a store with two versions, so Compare and History show their tables, not a notice.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from jwp_data.cli import stored_programme
from jwp_data.i18n import LANGUAGES, t
from jwp_data.store import VersionStore
from tests.e2e.conftest import serve_app
from tests.e2e.test_browser import PAGES, open_page, updated_default, upload
from tests.paths import SHIPPED_WORKBOOK
from ui.upload import MAX_UPLOAD_MB

WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def served(chromium_path, tmp_path_factory):
    """A dashboard whose store holds the shipped workbook and an update of it (two versions)."""
    folder = tmp_path_factory.mktemp("a11y")
    store = folder / "store.sqlite3"
    for data in (SHIPPED_WORKBOOK.read_bytes(), updated_default(folder, 6).read_bytes()):
        VersionStore(store).publish(data, "workbook.xlsx", "An Editor", programme=stored_programme(data))
    with serve_app(store, folder / "streamlit.log") as url:
        yield url


def serious_violations(page) -> list[str]:
    """axe's serious and critical WCAG A/AA violations on the page as it is, one line per element."""
    options = {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in found
        if v["impact"] in SERIOUS
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_has_a_serious_accessibility_violation(page, served, lang, tmp_path):
    problems = {}
    for path in PAGES:
        open_page(page, served, path, lang)
        problems[path or "overview"] = serious_violations(page)
    open_page(page, served, "data", lang)
    upload(page, updated_default(tmp_path, 7))  # the check, the problem list and the change list
    expect(page.get_by_text(t("data.preview.start", lang))).to_be_visible()
    problems["data with a checked file"] = serious_violations(page)
    found = {where: found for where, found in problems.items() if found}
    assert not found, "\n".join(f"{where}: {line}" for where, lines in found.items() for line in lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_skip_link_and_the_uploader_speak_the_readers_language(page, served, lang):
    open_page(page, served, "data", lang)
    skip = page.locator("[data-testid='stSkipToContent']")
    expect(skip).to_have_text(t("dash.skip_to_main", lang))
    zone = page.locator("[data-testid='stFileUploaderDropzone']")
    button = zone.get_by_test_id("stBaseButton-secondary")
    expect(button).to_have_accessible_name(t("data.upload.choose", lang))
    shown = zone.evaluate("zone => zone.innerText")  # what is rendered: generated text, not hidden words
    assert "Upload" not in shown and "MB per file" not in shown
    words = zone.evaluate(
        """zone => [...zone.querySelectorAll('*')].map(e => getComputedStyle(e, '::after').content)
                   .filter(c => c && c !== 'none').join(' ')"""
    )
    assert t("data.upload.choose", lang) in words and t("data.upload.drop_hint", lang) in words
    label = t("data.upload.label", lang, mb=MAX_UPLOAD_MB)
    help_button = page.locator("[data-testid='stFileUploader'] [data-testid='stTooltipHoverTarget'] button")
    expect(help_button).to_have_accessible_name(t("dash.help_for", lang, label=label))
    upload(page, SHIPPED_WORKBOOK)
    remove = zone.locator("[data-testid='stFileChipDeleteBtn'] button")
    expect(remove).to_have_accessible_name(t("data.upload.remove", lang, name=SHIPPED_WORKBOOK.name))
