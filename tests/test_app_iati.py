"""The Data page offers the results as IATI XML, or says which Programme fields that needs (AppTest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_iati_fields import IATI

from conftest import PROGRAMME, publish_book
from jwp_data.store import VersionStore

pytestmark = pytest.mark.usefixtures("spare_workers")

DATA_PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "data.py")
LABEL = "Results as IATI open data (XML)"


def page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def test_the_shipped_workbook_says_which_fields_the_iati_export_needs():
    at = page()
    assert not at.exception
    assert LABEL not in [b.label for b in at.download_button]
    [note] = [c.value for c in at.caption if "IATI" in c.value]
    assert "iati\\_identifier, reporting\\_org\\_ref, reporting\\_org\\_type, reporting\\_org\\_name" in note
    assert "Programme sheet" in note


def test_a_published_workbook_with_its_identity_offers_the_iati_file(make_book):
    data = make_book(Programme={**PROGRAMME, **IATI}).read_bytes()
    publish_book(VersionStore(Path(os.environ["JWP_STORE"])), data, "jwp.xlsx", "Maria")
    assert LABEL in [b.label for b in page().download_button]
    assert "成果的 IATI 开放数据（XML）" in [b.label for b in page("zh").download_button]
