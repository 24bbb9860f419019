"""The Overview's HTML figures: the same numbers and words as the Plotly charts, escaped, readable, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest

from conftest import rows_for, valid_content, write_rows
from jwp_data import assess, read_workbook
from jwp_data.i18n import status_label
from jwp_data.present.bars import _ink_on, completion_html, status_html
from jwp_data.present.charts import completion_chart, status_chart
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES
from tests.paths import SHIPPED_WORKBOOK


class _Parsed(HTMLParser):
    """The elements of a figure: each tag's attributes with its own text, and all the visible text."""

    def __init__(self, markup: str):
        super().__init__()
        self.elements: list[dict] = []
        self.texts: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.elements.append({"tag": tag, **dict(attrs)})

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())


def widths(markup: str, colour: str) -> list[float]:
    """The widths (percent) of the bars drawn in a colour."""
    found = []
    for element in _Parsed(markup).elements:
        style = element.get("style", "")
        width = re.search(r"(?<![-\w])width:([\d.]+)%", style)
        if f"background:{colour}" in style and width:  # a bar, not a swatch of the key
            found.append(float(width.group(1)))
    return found


@pytest.fixture(scope="module")
def result():
    return assess(read_workbook(SHIPPED_WORKBOOK))


def test_completion_bars_are_as_long_as_each_objectives_completion(result):
    assert widths(completion_html(result, "en"), "#0072B2") == [66.7, 66.7, 50.0]  # EE has no data: no bar


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_completion_figure_says_what_the_plotly_chart_says(result, lang):
    texts = _Parsed(completion_html(result, lang)).texts
    chart = completion_chart(result, lang)
    assert texts[0] == chart.figure.layout.title.text  # the same title
    for note in chart.figure.layout.annotations:  # "66.7% · 2 of 3 achieved", "Period elapsed: 71%"
        assert note.text in texts
    assert chart.figure.layout.xaxis.title.text in texts
    assert [t for t in texts if t.isdigit()] == ["0", "25", "50", "75", "100"]


def test_completion_figure_marks_the_elapsed_share_on_every_bar(result):
    markers = [e for e in _Parsed(completion_html(result, "en")).elements if "dashed" in e.get("style", "")]
    assert len(markers) == 4 and all("inset-inline-start:70.6%" in m["style"] for m in markers)


def test_completion_rows_carry_their_details_as_a_tooltip(result):
    tips = [e["title"] for e in _Parsed(completion_html(result, "en")).elements if "title" in e]
    assert (
        tips[0]
        == "OO1 · Advocacy, awareness raising and education\nCompletion: 66.7%\n2 of 3 achieved\n3 of 3 with data"
    )
    chinese = [e["title"] for e in _Parsed(completion_html(result, "zh")).elements if "title" in e]
    assert "完成度：66.7%" in chinese[0] and "<br>" not in chinese[0]


def test_the_plotly_hover_keeps_its_line_breaks(result):
    hover = completion_chart(result, "en").figure.data[0].hovertext[0]
    assert hover.endswith("<br>Completion: 66.7%<br>2 of 3 achieved<br>3 of 3 with data") and "&lt;" not in hover


def test_status_segments_are_counts_of_the_longest_objective(result):
    markup = status_html(result, "en")
    # OO1: 2 achieved, 1 behind; OO2: 1 achieved, 2 in progress; OO5: 2 in progress, 2 no data; EE: 1 no data
    assert widths(markup, STATUS_COLOURS["achieved"]) == [50.0, 25.0]
    assert widths(markup, STATUS_COLOURS["in_progress"]) == [50.0, 50.0]
    assert widths(markup, STATUS_COLOURS["no_data"]) == [50.0, 25.0]
    texts = _Parsed(markup).texts
    assert "✔ 2" in texts and "⚠ 1" in texts and "Indicators: 4" in texts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_status_figure_has_the_plotly_charts_title_key_and_text_alternative(result, lang):
    markup = status_html(result, lang)
    chart = status_chart(result, lang)
    parsed = _Parsed(markup)
    assert parsed.texts[0] == chart.figure.layout.title.text
    assert [t for t in parsed.texts if t in {status_label(s, lang) for s in STATUSES}] == [
        status_label(s, lang) for s in STATUSES
    ]
    assert parsed.elements[0]["aria-label"] == chart.alt
    spoken = [e["aria-label"] for e in parsed.elements if e.get("role") == "img"]
    assert spoken[0] == ("✔ Achieved: 2; ⚠ Behind: 1" if lang == "en" else "✔ 已实现：2；⚠ 滞后：1")


def rows_for_all(content) -> dict:
    return {sheet: rows_for(sheet, records) for sheet, records in content.items()}


def test_a_segment_too_narrow_for_its_count_leaves_it_to_its_tooltip():
    counts = dict.fromkeys(STATUSES, 0) | {"achieved": 97, "behind": 2, "no_data": 1}
    objectives = pd.DataFrame(
        [{"objective_id": "OO1", "title_en": "Big", "title_zh": "大", "indicators": 100, "status_counts": counts}]
    )
    markup = status_html(SimpleNamespace(objectives=objectives, totals={"status_counts": counts}), "en")
    segments = [e for e in _Parsed(markup).elements if e.get("title")]
    assert [s["title"] for s in segments] == ["✔ Achieved: 97", "⚠ Behind: 2", "– No data: 1"]
    texts = _Parsed(markup).texts
    assert "✔ 97" in texts and "⚠ 2" not in texts and "– 1" not in texts


@pytest.mark.parametrize("colour", sorted(set(STATUS_COLOURS.values())))
def test_counts_on_status_colours_are_readable(colour):
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(colour), luminance(_ink_on(colour))), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG AA for text


def test_sheet_text_is_escaped_never_markup(tmp_path):
    content = valid_content()
    hostile = '<img src=x onerror="alert(1)"> & <b>bold</b>'
    content["Objectives"][0]["title_en"] = hostile
    book = write_rows(tmp_path / "hostile.xlsx", rows_for_all(content))
    result = assess(read_workbook(book))
    for markup in (completion_html(result, "en"), status_html(result, "en")):
        assert "<img" not in markup and "<b>" not in markup
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in markup
        assert any(hostile in text for text in _Parsed(markup).texts)  # shown as written


@pytest.mark.parametrize("figure", [completion_html, status_html])
def test_the_figures_take_the_direction_of_the_language(result, figure):
    assert _Parsed(figure(result, "ar")).elements[0]["dir"] == "rtl"
    assert _Parsed(figure(result, "fr")).elements[0]["dir"] == "ltr"


def test_places_along_a_bar_are_logical_sides_so_right_to_left_mirrors_them(result):
    for lang in ("ar", "en"):
        for markup in (completion_html(result, lang), status_html(result, lang)):
            styles = " ".join(e.get("style", "") for e in _Parsed(markup).elements)
            assert not re.search(r"(?<![-\w])(left|right):|border-left|margin-right|text-align:right", styles)
    # the words on the bar's scale move towards its start: leftwards in English, rightwards in Arabic
    assert "translateX(-50%)" in completion_html(result, "en") and "translateX(50%)" in completion_html(result, "ar")


def test_a_row_of_figures_shows_each_label_over_its_value_as_text():
    from jwp_data.present.bars import figures_html

    row = figures_html([("Target", "12"), ("Status", "<b>[x](https://x.test)</b>")], "ar")
    assert 'dir="rtl"' in row and "flex-wrap:wrap" in row
    pairs = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", row)
    assert pairs == [("Target", "\u206812\u2069"), ("Status", "\u2068&lt;b&gt;[x](https://x.test)&lt;/b&gt;\u2069")]
    # a value keeps its own direction inside right-to-left text: "50+" is never shown as "+50"
    assert "<dd" in figures_html([("Value", "50+")], "en") and "\u2068" not in figures_html([("Value", "50+")], "en")
    assert ">\u206850+\u2069</dd>" in figures_html([("Value", "50+")], "ar")


def test_an_indicators_lead_line_shows_its_id_and_words_as_text():
    from jwp_data.present.bars import lead_html

    line = lead_html('<img src=x onerror="alert(1)">', "**Loud** <script>alert(1)</script> [x](https://x.test)", "en")
    assert "<img" not in line and "<script" not in line
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in line and "**Loud**" in line  # as typed, not as formatting
    # in Arabic the id keeps its order and its hyphens do not break
    assert "<strong>\u2068OO1\u2011EA1\u2069</strong>" in lead_html("OO1-EA1", "نص", "ar")
