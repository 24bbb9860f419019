"""The COP annex downloaded from the Briefing page in a real browser: the typed session reaches the Word file."""

from __future__ import annotations

import io

from docx import Document

from tests.e2e.test_browser import download, open_page


def test_the_briefing_page_downloads_the_annex_with_the_typed_session(page, app_url, tmp_path):
    open_page(page, app_url, "briefing", lang="zh")
    page.get_by_text("下载", exact=True).click()
    field = page.get_by_role("textbox", name="届会", exact=True)
    field.fill("第十届会议")
    field.press("Enter")
    annex = download(page, "缔约方会议文件附件（Word）", tmp_path)
    assert annex.name == "JWP-2010-2011_cop-annex_2011-05-31_zh.docx"
    texts = [p.text for p in Document(io.BytesIO(annex.read_bytes())).paragraphs]
    assert texts[:4] == ["[文件编号]", "缔约方会议", "第十届会议", "临时议程项目[议程项目]"]
    assert "按预期成绩分列的业绩" in texts
    assert len(Document(io.BytesIO(annex.read_bytes())).tables) == 4
