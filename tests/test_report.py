"""The standalone HTML report and the slide fragments: the figures are there, sheet text is escaped, it prints."""

from __future__ import annotations

import re

import pytest

from conftest import valid_content
from jwp_data import assess, read_workbook
from jwp_data.export.chart_html import plotly_js
from jwp_data.export.report import report_html, slide_html
from jwp_data.present.briefing import SLIDES_PER_OBJECTIVE, build_briefing
from tests.paths import SHIPPED_WORKBOOK

HOSTILE = '<img src=x onerror="alert(1)"> & </script><script>alert(2)</script>'


def report(path, lang: str = "en") -> str:
    result = assess(read_workbook(path))
    return report_html(build_briefing(result, lang, "Shipped workbook"), result)


@pytest.fixture
def english(make_book) -> str:
    return report(make_book(), "en")


def visible(page: str) -> str:
    """The report's text without scripts and tags, spaces collapsed."""
    body = re.sub(r"<script>.*?</script>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_report_contains_the_headline_figures_and_every_objective(english):
    text = visible(english)
    assert "Headline figures" in text
    assert "3 Indicators" in text and "1 Achieved 1 of 3" in text and "63.3% Completion" in text
    assert "OO1 · Advocacy" in text and "OO2 · Policy" in text
    assert "I2 · Recommendations reflected 20% 50% 40% ⚠ Behind" in text
    assert "Status summary" in text and "Whole programme 3 1 63.3%" in text
    assert "Method" in text


def test_report_works_offline_with_plotly_inside(english):
    assert "<script src=" not in english and "cdn.plot.ly" not in english.split("<script>", 1)[0]
    assert plotly_js()[:300] in english
    assert english.count('draw("chart-') == 2  # the completion and the status charts of the dashboard


def test_report_prints_one_section_a_page(english):
    assert "@media print" in english and "break-before: page" in english
    assert "@page { size: A4 landscape" in english
    assert english.count('<section id="s') == 6  # the briefing's slides, then the appendix
    assert english.count('<section class="jwp-appendix">') == 2  # one per objective


def test_report_sections_are_the_slides_in_the_same_order(make_book):
    result = assess(read_workbook(make_book()))
    briefing = build_briefing(result, "en")
    page = report_html(briefing, result)
    titles = re.findall(
        r'<section id="s\d+"><div class="jwp-slide[^"]*"[^>]*>(?:<div class="jwp-band">)?<h[12]>([^<]*)<', page
    )
    assert titles == [s.title for s in briefing.slides]


def test_the_appendix_lists_every_indicator_of_a_big_objective(make_book):
    content = valid_content()
    extra = [
        {
            "indicator_id": f"X{n:02d}",
            "objective_id": "OO1",
            "accomplishment_en": "More",
            "indicator_en": f"Extra {n}",
            "measure": "count",
            "target": 2,
        }
        for n in range(1, 41)
    ]
    result = assess(read_workbook(make_book(Indicators=content["Indicators"] + extra)))
    briefing = build_briefing(result, "en")
    slides = [s for s in briefing.slides if s.objective_id == "OO1"]
    assert len(slides) == SLIDES_PER_OBJECTIVE
    assert "Showing" in slides[0].paragraphs[0] and "of 42 indicators" in slides[0].paragraphs[0]
    text = visible(report_html(briefing, result))
    appendix = text.split("Appendix: every indicator", 2)[-1]
    assert all(f"X{n:02d} · Extra {n} " in appendix for n in range(1, 41))


def test_report_escapes_sheet_text_everywhere(make_book):
    content = valid_content()
    content["Objectives"][0]["title_en"] = HOSTILE
    content["Indicators"][0]["indicator_en"] = HOSTILE
    page = report(make_book(Objectives=content["Objectives"], Indicators=content["Indicators"]), "en")
    assert "<img" not in page.replace(plotly_js(), "")
    assert "</script><script>alert(2)" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;/script&gt;" in page
    charts = page.split("const charts", 1)[1]
    assert "OO1 \\u00b7 \\u0026lt;img" in charts  # chart labels: escaped for plotly, then made script-safe


def test_chinese_report_is_in_chinese(make_book):
    page = report(make_book(), "zh")
    assert '<html lang="zh" dir="ltr">' in page
    text = visible(page)
    for word in ("主要数据", "完成度", "状况汇总", "⚠ 滞后", "计算方法", "截至 2011年5月31日"):
        assert word in text
    assert "Headline figures" not in text


def test_slide_fragment_is_one_escaped_block(make_book):
    content = valid_content()
    content["Objectives"][1]["title_en"] = HOSTILE
    result = assess(read_workbook(make_book(Objectives=content["Objectives"])))
    slide = build_briefing(result, "en").slides[3]
    fragment = slide_html(slide, "en")
    assert fragment.startswith('<div class="jwp-slide jwp-objective"') and fragment.endswith("</div>")
    assert "<img" not in fragment and "&lt;img" in fragment
    assert "▶ In progress" in fragment and "width:50.0%" in fragment


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_programme_title_is_shown_whole(make_book, lang):
    content = valid_content()
    programme = content["Programme"]
    programme["title_en"] = " ".join(["Joint work programme of the secretariat and the Global Mechanism"] * 6)
    programme["title_zh"] = "秘书处和全球机制联合工作方案" * 25
    title = programme["title_en"] if lang == "en" else programme["title_zh"]
    assert len(title) > 255
    assert title in visible(report(make_book(Programme=programme), lang))


def test_the_arabic_report_reads_right_to_left_and_ids_stay_whole():
    page = report(SHIPPED_WORKBOOK, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    slides = re.findall(r'<div class="jwp-slide [^"]*" lang="(\w+)" dir="(\w+)">', page)
    assert slides and set(slides) == {("ar", "rtl")}
    assert '<bdi class="jwp-id">OO1-EA1</bdi>' in page  # isolated; .jwp-id never wraps
    # the report's own CSS places things by logical sides only, so right to left mirrors them
    assert not re.search(
        r"(?<![-\w])(left|right):|border-left|margin-right|text-align: ?(left|right)", page.split("<script>")[0]
    )


@pytest.mark.parametrize("lang", ["en", "fr", "ru", "es", "zh"])
def test_left_to_right_reports_say_so(lang):
    assert f'<html lang="{lang}" dir="ltr">' in report(SHIPPED_WORKBOOK, lang)


def test_the_slides_fonts_per_language_stay_on_the_slides():
    """The slides' stylesheet is also put on the Briefing page: a font rule for a language must not reach the
    page's own controls (Streamlit's icons are a font too)."""
    from jwp_data.export.report import CSS

    rules = [line for line in CSS.splitlines() if ":lang(" in line]
    assert {"ar", "ru"} <= {re.search(r":lang\((\w+)\)", rule).group(1) for rule in rules}
    assert all(rule.startswith(".jwp-slide:lang(") for rule in rules)
