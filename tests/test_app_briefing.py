"""The Briefing page as a presenter meets it (AppTest), and the download buttons beside charts and tables.

A page of an st.navigation app runs through the app: AppTest.from_file("app.py").run(), then
switch_page("pages/briefing.py").run().
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import require_images
from jwp_data import assess, read_workbook
from jwp_data.present.briefing import build_briefing
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
BRIEFING = "pages/briefing.py"
DEFAULT = assess(read_workbook(SHIPPED_WORKBOOK))
SEQUENCE = {lang: [s.title for s in build_briefing(DEFAULT, lang).slides] for lang in ("en", "zh")}
SLIDES = len(SEQUENCE["en"])  # the deck's and the report's sequence: title, headline, objectives, summary, method


def briefing(lang: str = "en", slide: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if slide is not None:
        at.query_params["slide"] = slide
    at.run()
    at.switch_page(BRIEFING).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def slide_text(at: AppTest) -> str:
    """The text of the slide in view (its HTML without tags)."""
    body = next(h.proto.body for h in at.html if "jwp-slide" in h.proto.body and "<style>" not in h.proto.body)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip()


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Slide" in m.value or "页" in m.value)


@pytest.mark.parametrize(
    ("lang", "of_total"),
    [("en", "Slide {n} of {total}"), ("zh", "第 {n} 页，共 {total} 页")],
)
def test_presenter_goes_through_the_decks_slides_in_order_and_back(lang, of_total):
    at = briefing(lang)
    seen = [slide_text(at)]
    assert at.button(key="brief_prev").disabled and at.button(key="brief_first").disabled
    while not at.button(key="brief_next").disabled:
        at.button(key="brief_next").click().run()
        seen.append(slide_text(at))
        assert at.query_params["slide"] == str(len(seen))
        assert counter(at) == f"**{of_total.format(n=len(seen), total=SLIDES)}**"
    assert len(seen) == SLIDES == len(SEQUENCE[lang])
    for title, text in zip(SEQUENCE[lang], seen):
        assert text.startswith(title)
    at.button(key="brief_prev").click().run()
    assert at.query_params["slide"] == str(SLIDES - 1)
    assert slide_text(at) == seen[-2]
    at.button(key="brief_first").click().run()
    assert at.query_params["slide"] == "1"
    at.button(key="brief_last").click().run()
    assert at.query_params["slide"] == str(SLIDES)


def test_english_and_chinese_number_their_slides_alike():
    assert len(SEQUENCE["en"]) == len(SEQUENCE["zh"])
    for english, chinese in zip(SEQUENCE["en"], SEQUENCE["zh"]):
        assert english.split(" ")[0] == chinese.split(" ")[0] or not english.startswith(("OO", "EE"))


def test_a_slide_number_in_the_url_opens_that_slide():
    at = briefing("en", slide="4")
    assert slide_text(at).startswith("OO2 · Policy framework")
    assert counter(at) == f"**Slide 4 of {SLIDES}**"


@pytest.mark.parametrize(("asked", "shown"), [("99", SLIDES), ("0", 1), ("two", 1)])
def test_a_slide_number_out_of_range_shows_the_nearest_slide(asked, shown):
    at = briefing("en", slide=asked)
    assert at.query_params["slide"] == str(shown)


def test_headline_slide_shows_the_programme_figures_in_large_type():
    text = slide_text(briefing("en", slide="2"))
    assert "11 Indicators" in text and "3 Achieved" in text and "62.5% Completion" in text
    assert "71% Period elapsed" in text
    assert "OO2-EA1 · At least 12 affected countries" in text


def test_summary_slide_shows_each_objectives_statuses_as_a_bar():
    at = briefing("en", slide=str(SLIDES - 1))
    assert slide_text(at).startswith("Status summary")
    body = next(h.proto.body for h in at.html if "jwp-summary" in h.proto.body)
    assert 'aria-label="✔ Achieved 2 · ⚠ Behind 1"' in body  # OO1
    assert "jwp-legend" in body


def test_briefing_offers_the_deck_and_the_report_in_the_language_once_downloads_is_opened():
    at = briefing("zh")
    assert at.get("download_button") == [] and at.text_input.len == 0  # nothing mounted while closed
    at.session_state["open-briefing-downloads"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["简报幻灯片（PowerPoint）", "简报报告（HTML）", "缔约方会议文件附件（Word）"]


def _downloads_script():
    import pandas as pd
    import plotly.graph_objects as go
    import streamlit as st

    from ui.downloads import chart_downloads, plotly_config, table_downloads

    fig = go.Figure(go.Bar(x=["OO1"], y=[70]), layout={"title": {"text": "Completion"}})
    table = pd.DataFrame({"objective_id": ["OO1"], "completion": [0.7]})
    st.json(plotly_config("completion-per-objective"))
    chart_downloads(fig, table, "completion-per-objective")
    table_downloads(table, "en", "indicators")


def test_a_chart_gets_html_csv_and_excel_downloads_and_the_camera_hint_without_a_browser(monkeypatch):
    monkeypatch.setenv("JWP_BROWSER", "/nonexistent/chromium")
    at = AppTest.from_function(_downloads_script, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Interactive chart (HTML)",
        "Chart data (CSV)",
        "Chart data (Excel)",
        "Indicator table (Excel)",
        "Indicator table (CSV)",
    ]
    assert "camera button" in at.caption[0].value
    config = at.json[0].value
    assert '"filename": "JWP-2010-2011_completion-per-objective_2011-05-31_en"' in config


def test_with_a_browser_a_chart_also_gets_png_and_svg():
    require_images()
    at = AppTest.from_function(_downloads_script, default_timeout=60).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Image (PNG)" in labels and "Image (SVG)" in labels
    assert not [c for c in at.caption if "camera button" in c.value]
