"""Light indicator figures (HTML with inline SVG): the same words and marks as the Plotly charts, text escaped."""

from __future__ import annotations

import base64
import re
from xml.etree import ElementTree

import pytest

from jwp_data import assess, read_workbook
from jwp_data.present.bullets import bullet_html, indicator_html, rating_html
from jwp_data.present.indicator_charts import bullet_chart, rating_chart
from jwp_data.workbook.schema import STATUS_COLOURS
from tests.paths import SHIPPED_WORKBOOK


@pytest.fixture(scope="module")
def result():
    return assess(read_workbook(SHIPPED_WORKBOOK))


def _indicator(result, indicator_id):
    return result.indicators.set_index("indicator_id").loc[indicator_id].to_dict() | {"indicator_id": indicator_id}


def _svg(html: str) -> ElementTree.Element:
    """The figure's SVG, decoded from its image."""
    source = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    return ElementTree.fromstring(base64.b64decode(source))


def _words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_bullet_says_actual_target_and_expected_like_the_chart(result):
    indicator = _indicator(result, "OO1-EA1")
    html = bullet_html(indicator, result.elapsed, "en")
    chart = bullet_chart(indicator, result.elapsed, "en")
    assert chart.figure.layout.title.text in html  # "OO1-EA1: 5 against a target of 4"
    assert "Actual: 5" in _words(html) and "Target: 4" in _words(html) and "Expected by now" in _words(html)
    assert f'alt="{chart.alt}"' in html
    assert _svg(html).find("{http://www.w3.org/2000/svg}title").text == chart.alt


def test_bullet_bar_has_the_status_colour_and_reaches_past_the_target_when_exceeded(result):
    indicator = _indicator(result, "OO1-EA1")  # 5 against 4: achieved
    svg = _svg(bullet_html(indicator, result.elapsed, "en"))
    ns = "{http://www.w3.org/2000/svg}"
    target_range, actual = svg.findall(f"{ns}rect")
    assert actual.get("fill") == STATUS_COLOURS["achieved"]
    assert float(actual.get("width")) > float(target_range.get("width"))


def test_bullet_in_chinese_without_data_says_so(result):
    html = bullet_html(_indicator(result, "OO5-EA1"), result.elapsed, "zh")
    assert "无数据" in html and "目标" in html


def test_milestone_scale_marks_the_current_rating(result):
    indicator = _indicator(result, "OO2-EA2")
    html = rating_html(indicator, "en")
    assert rating_chart(indicator, "en").figure.layout.title.text in html
    circles = _svg(html).findall("{http://www.w3.org/2000/svg}circle")
    filled = [c for c in circles if c.get("fill") != "white"]
    assert len(filled) == 1 and filled[0].get("fill") == STATUS_COLOURS["in_progress"]
    assert indicator_html(indicator, result.elapsed, "en") == html


def test_sheet_text_is_escaped_never_markup(result):
    indicator = _indicator(result, "OO1-EA1") | {
        "indicator_id": '<img src=x onerror="alert(1)">',
        "unit_en": "<script>alert(1)</script> & co",
    }
    html = bullet_html(indicator, result.elapsed, "en")
    svg = ElementTree.tostring(_svg(html), encoding="unicode")  # still well-formed
    for text in (html, svg):
        assert "<script" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def _marks(html: str) -> dict:
    """Where the bars start and end and where the ticks and the expected diamond stand, in viewBox units."""
    ns = "{http://www.w3.org/2000/svg}"
    svg = _svg(html)
    target_range, actual = svg.findall(f"{ns}rect")
    lines = [line for line in svg.findall(f"{ns}line") if line.get("y1") == "2"]  # baseline and target ticks
    return {
        "direction": svg.get("direction"),
        "actual": (float(actual.get("x")), float(actual.get("x")) + float(actual.get("width"))),
        "range": (float(target_range.get("x")), float(target_range.get("x")) + float(target_range.get("width"))),
        "ticks": sorted(float(line.get("x1")) for line in lines),
    }


def test_in_right_to_left_the_bullet_is_mirrored_and_its_bars_grow_from_the_right(result):
    indicator = _indicator(result, "OO1-EA1")
    english, arabic = (_marks(bullet_html(indicator, result.elapsed, lang)) for lang in ("en", "ar"))
    assert english["direction"] == "ltr" and arabic["direction"] == "rtl"
    assert english["actual"][0] == 12 and arabic["actual"][1] == 800 - 12  # the bar starts at the scale's start
    for name in ("actual", "range"):
        assert arabic[name] == pytest.approx((800 - english[name][1], 800 - english[name][0]))
    assert arabic["ticks"] == sorted(800 - x for x in english["ticks"])
    assert 'dir="rtl"' in bullet_html(indicator, result.elapsed, "ar")


def test_in_right_to_left_the_milestone_scale_runs_from_the_right(result):
    indicator = _indicator(result, "OO2-EA2")
    ns = "{http://www.w3.org/2000/svg}"
    english, arabic = (
        [float(c.get("cx")) for c in _svg(rating_html(indicator, lang)).findall(f"{ns}circle")] for lang in ("en", "ar")
    )
    assert english == sorted(english) and arabic == [800 - x for x in english]  # "not started" on the right
