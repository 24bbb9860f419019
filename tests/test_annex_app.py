"""The COP annex on the Briefing and Data pages (AppTest): three fields labelled in the page's language, and
a Word file that carries what the secretariat typed, or placeholders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from jwp_data.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def made(monkeypatch) -> dict:
    """file name -> the callable a download button runs when clicked, for every button the pages draw."""
    files = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **options):
        files[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return files


def page(name: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"pages/{name}.py").run()
    if name == "briefing":  # the Briefing's downloads are made once their expander is opened
        at.session_state["open-briefing-downloads"] = True
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def front_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs][:4]


@pytest.mark.parametrize("name", ["briefing", "data"])
def test_the_annex_carries_the_symbol_session_and_agenda_item_typed_on_the_page(name, made):
    at = page(name, "en")
    fields = {field.key: field for field in at.text_input if field.key.startswith(f"annex-{name}-")}
    assert [field.label for field in fields.values()] == ["Document symbol", "Session", "Agenda item"]
    fields[f"annex-{name}-symbol"].input("ICCD/COP(10)/11")
    fields[f"annex-{name}-session"].input("Tenth session")
    fields[f"annex-{name}-agenda_item"].input(" 7 (b) ").run()
    assert not at.exception
    annex = made["JWP-2010-2011_cop-annex_2011-05-31_en.docx"]
    assert front_paragraphs(annex()) == [
        "ICCD/COP(10)/11",
        "Conference of the Parties",
        "Tenth session",
        "Item 7 (b) of the provisional agenda",
    ]


def test_left_empty_the_chinese_annex_shows_placeholders(made):
    at = page("briefing", "zh")
    assert t("annex.download", "zh") in [b.proto.label for b in at.get("download_button")]
    annex = made["JWP-2010-2011_cop-annex_2011-05-31_zh.docx"]
    assert front_paragraphs(annex()) == ["[文件编号]", "缔约方会议", "[届会]", "临时议程项目[议程项目]"]
