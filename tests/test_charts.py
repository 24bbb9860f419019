"""Chart builders: traces, labels, colours and the data behind each figure, in both languages."""

from __future__ import annotations

import functools
import itertools
import re
import shutil
import subprocess
import unicodedata

import plotly.graph_objects as go
import pytest

from conftest import write_three_dates_book
from jwp_data import assess, read_workbook
from jwp_data.export import chart_html
from jwp_data.i18n import CATALOGUE, LANGUAGE_NAMES, LANGUAGES, STATUS_SYMBOLS
from jwp_data.i18n.format import format_number, format_percent
from jwp_data.method.timeline import completion_over_time, timeline
from jwp_data.present.charts import (
    END_LABEL_HEIGHT,
    END_LABEL_SHIFT,
    FONT_FAMILIES,
    LineEnd,
    completion_chart,
    completion_over_time_chart,
    end_labels,
    font_family,
    label_width,
    status_chart,
)
from jwp_data.present.indicator_charts import bullet_chart, indicator_chart, rating_chart
from jwp_data.present.text import plain, wrap_lines, wrapped
from jwp_data.workbook.schema import STATUS_COLOURS, STATUSES
from tests.paths import SHIPPED_WORKBOOK


@pytest.fixture(scope="module")
def result():
    return assess(read_workbook(SHIPPED_WORKBOOK))


def _indicator(result, indicator_id):
    return result.indicators.set_index("indicator_id").loc[indicator_id].to_dict() | {"indicator_id": indicator_id}


def test_completion_bars_show_average_progress_per_objective_in_workbook_order(result):
    chart = completion_chart(result, "en")
    (bar,) = chart.figure.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert [label.split(" · ")[0] for label in bar.y] == ["OO1", "OO2", "OO5", "EE"]
    assert list(bar.x) == [66.7, 66.7, 50.0, 0]


def test_completion_bars_are_labelled_k_of_n_achieved(result):
    notes = [a.text for a in completion_chart(result, "en").figure.layout.annotations]
    assert "66.7% · 2 of 3 achieved" in notes
    assert "66.7% · 1 of 3 achieved" in notes
    assert "No data · 0 of 1 achieved" in notes
    chinese = [a.text for a in completion_chart(result, "zh").figure.layout.annotations]
    assert "66.7% · 3 项中已实现 2 项" in chinese


def test_completion_chart_marks_the_elapsed_share(result):
    figure = completion_chart(result, "en").figure
    (line,) = figure.layout.shapes
    assert line.x0 == line.x1 == pytest.approx(70.6, abs=0.1)
    assert "Period elapsed: 71%" in [a.text for a in figure.layout.annotations]


def test_completion_chart_titles_axes_and_hover_follow_the_language(result):
    english, chinese = completion_chart(result, "en"), completion_chart(result, "zh")
    assert english.figure.layout.title.text.startswith("Completion per operational objective")
    assert english.figure.layout.xaxis.title.text == "Completion (%)"
    assert english.figure.layout.yaxis.title.text in ("", None)  # the labels name the objectives
    assert chinese.figure.layout.xaxis.title.text == "完成度（%）"
    assert "完成度：66.7%" in chinese.figure.data[0].hovertext[0]


def test_completion_chart_data_table_and_alt_text(result):
    chart = completion_chart(result, "en")
    assert chart.table.columns.tolist() == ["Objective", "Title", "Completion", "Achieved", "With data", "Indicators"]
    assert chart.table["Completion"].tolist() == ["66.7%", "66.7%", "50%", "No data"]
    assert "OO1: 66.7% · 2 of 3 achieved" in chart.alt
    assert completion_chart(result, "zh").table.columns[2] == "完成度"


def test_status_chart_has_the_seven_statuses_in_order_and_colours(result):
    traces = status_chart(result, "en").figure.data
    assert len(traces) == 7
    assert [t.marker.color for t in traces] == [STATUS_COLOURS[s] for s in STATUSES]
    assert [t.name for t in traces] == [
        "✔ Achieved",
        "↗ On track",
        "⚠ Behind",
        "▶ In progress",
        "○ Not started",
        "• Tracked (no target)",
        "– No data",
    ]


def test_status_chart_counts_each_status_per_objective(result):
    traces = {t.name: t for t in status_chart(result, "en").figure.data}
    assert list(traces["✔ Achieved"].x) == [2, 1, 0, 0]
    assert list(traces["▶ In progress"].x) == [0, 2, 2, 0]
    assert list(traces["– No data"].x) == [0, 0, 2, 1]
    assert traces["⚠ Behind"].text[0] == "⚠ 1"  # symbol and count on the bar, not colour alone


def test_status_chart_in_chinese(result):
    chart = status_chart(result, "zh")
    assert chart.figure.data[0].name == "✔ 已实现"
    assert chart.figure.layout.xaxis.title.text == "指标数"
    assert "✔ 已实现：3" in chart.alt


def test_bullet_chart_shows_target_expected_and_actual(result):
    chart = bullet_chart(_indicator(result, "OO2-EA1"), result.elapsed, "en")
    traces = {t.name: t for t in chart.figure.data}
    assert traces["Actual"].x == (50.0,)
    assert traces["Actual"].marker.color == STATUS_COLOURS["achieved"]
    assert traces["Target"].x == (12.0,)
    assert traces["Expected by now"].x[0] == pytest.approx(12 * result.elapsed)
    assert "Baseline" not in traces  # a zero baseline is the axis itself
    assert chart.figure.layout.title.text == "OO2-EA1: 50+ against a target of 12"
    assert chart.figure.layout.xaxis.title.text == "countries"


def test_bullet_chart_table_and_alt_text_in_chinese(result):
    chart = bullet_chart(_indicator(result, "OO1-EA1"), result.elapsed, "zh")
    row = chart.table.iloc[0]
    assert (row["目标"], row["数值"], row["状况"]) == ("4", "5", "✔ 已实现")
    assert "实际 5（论坛和进程），目标 4" in chart.alt
    assert chart.figure.layout.xaxis.title.text == "论坛和进程"


def test_bullet_chart_without_a_reported_value_says_no_data(result):
    chart = bullet_chart(_indicator(result, "OO5-EA1"), result.elapsed, "en")
    assert "Actual" not in [t.name for t in chart.figure.data]
    assert [a.text for a in chart.figure.layout.annotations] == ["No data"]


def test_rating_chart_marks_the_current_rating(result):
    chart = rating_chart(_indicator(result, "OO2-EA2"), "en")
    steps = chart.figure.data[1]
    assert list(steps.text) == ["○ Not started", "▶ In progress", "✔ Achieved"]
    assert list(steps.marker.size) == [18, 30, 18]
    assert steps.marker.color[1] == STATUS_COLOURS["in_progress"]
    assert chart.figure.layout.title.text == "OO2-EA2: milestone rated ▶ In progress"
    assert chart.table["Current rating"].tolist() == ["", "✔", ""]


def test_indicator_chart_picks_the_chart_for_the_measure(result):
    assert indicator_chart(_indicator(result, "OO2-EA2"), result.elapsed, "en").figure.data[1].mode == "markers+text"
    assert indicator_chart(_indicator(result, "OO1-EA1"), result.elapsed, "en").figure.layout.barmode == "overlay"


def test_completion_over_time_has_a_line_per_objective_and_the_programme(tmp_path):
    assessments = timeline(read_workbook(write_three_dates_book(tmp_path / "three.xlsx")))
    chart = completion_over_time_chart(completion_over_time(assessments), "en")
    names = [t.name for t in chart.figure.data]
    assert names == ["OO1 · Advocacy", "OO2 · Policy", "Whole programme"]
    oo1 = chart.figure.data[0]
    assert list(oo1.y) == [22.5, 47.5, 70.0]
    assert list(oo1.x) == ["2010-06-30", "2010-12-31", "2011-05-31"]
    assert chart.figure.layout.yaxis.title.text == "Completion (%)"
    assert chart.figure.layout.xaxis.title.text in ("", None)  # the ticks are dates
    assert list(chart.figure.layout.xaxis.ticktext) == ["30 June 2010", "31 December 2010", "31 May 2011"]
    assert "31 May 2011: 63.3%" in chart.alt
    chinese = completion_over_time_chart(completion_over_time(assessments), "zh")
    assert chinese.figure.data[2].name == "整个方案"
    assert chinese.figure.layout.xaxis.ticktext[0] == "2010年6月30日"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_status_legend_stands_right_of_the_bars_away_from_the_axis_title(result, lang):
    layout = status_chart(result, lang).figure.layout
    assert layout.legend.orientation == "v" and layout.legend.x > 1 and layout.legend.xanchor == "left"
    assert layout.xaxis.title.text and layout.xaxis.side in (None, "bottom")


def _end_labels(chart) -> dict[str, dict]:
    """The over-time figure's line-end labels by their words ("OO1 = OO2"), tags removed."""
    return {re.sub(r"<[^>]+>", "", a.text): a for a in chart.figure.layout.annotations if a.name == "end-label"}


@pytest.mark.parametrize("lang,whole", [("en", "All"), ("zh", "全部")])
def test_over_time_labels_sit_at_their_own_lines_last_value(lang, whole):
    """The shipped workbook: OO1 and OO2 both end at 66.7 %, the whole programme at 62.5 %, OO5 at 50 %."""
    chart = completion_over_time_chart(completion_over_time(timeline(read_workbook(SHIPPED_WORKBOOK))), lang)
    labels = _end_labels(chart)
    assert set(labels) == {"OO1 = OO2", whole, "OO5"}
    last = {trace.name.split(" · ")[0]: trace.y[-1] for trace in chart.figure.data}
    assert labels["OO1 = OO2"].y == last["OO1"] == last["OO2"] == 66.7
    assert labels["OO5"].y == last["OO5"] == 50.0
    assert labels[whole].y == 62.5 and 62.5 in last.values()
    assert all(label.x == "2011-05-31" and label.yanchor == "middle" for label in labels.values())


def test_lines_with_the_same_values_are_told_apart_by_their_dash():
    chart = completion_over_time_chart(completion_over_time(timeline(read_workbook(SHIPPED_WORKBOOK))), "en")
    oo1, oo2 = chart.figure.data[0], chart.figure.data[1]
    assert list(oo1.y) == list(oo2.y)
    dashes = [trace.line.dash for trace in chart.figure.data]
    assert len(set(dashes)) == len(dashes)
    assert oo1.line.width > oo2.line.width  # drawn first, so it shows either side of OO2's line


def test_close_end_labels_stand_a_line_apart_each_beside_its_own_point():
    """OO5 at 60 % and All at 62 % would overlap: each moves half a line's overlap up or down, none sideways."""
    ends = [LineEnd(60.0, "2011-05-31", "OO5", "#000"), LineEnd(62.0, "2011-05-31", "All", "#111")]
    ends.append(LineEnd(30.0, "2011-05-31", "OO3", "#222"))
    labels, room = end_labels(ends, pixels_per_point=2.5)
    by_text = {re.sub(r"<[^>]+>", "", a["text"]): a for a in labels}
    assert [by_text[k]["y"] for k in ("OO5", "All", "OO3")] == [60.0, 62.0, 30.0]
    assert {a["xshift"] for a in labels} == {END_LABEL_SHIFT}  # all just right of their own point
    drawn = {k: a["y"] * 2.5 + a["yshift"] for k, a in by_text.items()}
    assert drawn["All"] - drawn["OO5"] == pytest.approx(END_LABEL_HEIGHT)
    assert by_text["All"]["yshift"] == -by_text["OO5"]["yshift"] > 0  # centred on the two values
    assert abs(by_text["All"]["yshift"]) < END_LABEL_HEIGHT / 2  # the label's line still holds its point
    assert by_text["OO3"]["yshift"] == 0
    assert room == END_LABEL_SHIFT + max(label_width(k) for k in by_text)


def test_a_crowd_of_end_labels_is_spread_a_line_apart_around_its_values():
    ends = [LineEnd(v, "2011-05-31", f"OO{n}", "#000") for n, v in enumerate((50.0, 51.0, 52.0, 53.0, 95.0), 1)]
    labels, _ = end_labels(ends, pixels_per_point=2.0)
    drawn = sorted((a["y"] * 2.0 + a["yshift"] for a in labels), reverse=True)
    gaps = [upper - lower for upper, lower in itertools.pairwise(drawn)]
    assert all(gap >= END_LABEL_HEIGHT - 0.2 for gap in gaps)
    crowd = [a for a in labels if a["y"] < 60]
    assert sum(a["yshift"] for a in crowd) == pytest.approx(0, abs=0.5)  # centred on the crowd's values
    assert next(a for a in labels if a["y"] == 95.0)["yshift"] == 0


def test_end_label_words_are_escaped():
    (label,), _ = end_labels([LineEnd(1.0, "2011-05-31", "<b>x</b>", "#000")])
    assert "&lt;b&gt;x&lt;/b&gt;" in label["text"] and "<b>" not in label["text"]


def test_sheet_text_cannot_inject_markup_into_figures():
    assert plain("<b>bold</b> & co") == "&lt;b&gt;bold&lt;/b&gt; &amp; co"


def test_every_chart_is_a_valid_plotly_figure(result, tmp_path):
    """The builders skip plotly's validation for speed; rebuilding with validation must accept them."""
    import plotly.graph_objects as go

    assessments = timeline(read_workbook(write_three_dates_book(tmp_path / "three.xlsx")))
    built = [
        completion_chart(result, "zh"),
        status_chart(result, "en"),
        completion_over_time_chart(completion_over_time(assessments), "zh"),
        *(indicator_chart(row, result.elapsed, "en") for row in result.indicators.to_dict("records")),
    ]
    for chart in built:
        go.Figure(chart.figure.to_dict())  # raises ValueError on any invalid property
        assert chart.alt and not chart.table.empty


@pytest.mark.parametrize(
    "text",
    [
        "OO1 · 倡导、提高认识和教育以及与各利益攸关方的伙伴关系",
        "EE · 为加强协作创造有利环境并推动各方共同参与",
        "政策框架（国家行动方案）与协调一致的报告进程和科学技术",
    ],
)
def test_chinese_labels_wrap_between_characters_without_a_lone_last_character(text):
    lines = wrap_lines(text, 30)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) >= 2
    assert all(len(line.strip()) >= 2 for line in lines)
    assert not any(line[0] in "，。、）：" for line in lines)


def test_labels_never_break_inside_a_word_a_number_or_an_escaped_sign():
    text = "OO12 · Research & development of science-policy interfaces and tools"
    lines = wrap_lines(text, 20)
    assert set(" ".join(lines).split()) == set(text.split())
    shown = wrapped(text, "en", 20)
    assert all(part.count("&") == part.count("&amp;") for part in shown.split("<br>"))
    assert "&amp;" in shown and "<br>amp;" not in shown


def test_objective_labels_in_chinese_leave_no_lone_character(result):
    for chart in (completion_chart(result, "zh"), status_chart(result, "zh")):
        labels = chart.figure.data[0].y
        assert all(len(line) >= 2 for label in labels for line in label.split("<br>")), labels


@functools.cache
def _installed_fonts() -> dict[str, frozenset[int]]:
    """Every installed font family with the characters it holds, as fontconfig says (one call for all)."""
    if not shutil.which("fc-list"):
        pytest.fail("fontconfig (fc-list) is needed to check the chart fonts")
    done = subprocess.run(
        ["fc-list", "--format", "%{family}\t%{charset}\n"], capture_output=True, text=True, check=True
    )
    fonts: dict[str, set[int]] = {}
    for line in done.stdout.splitlines():
        families, _, charset = line.partition("\t")
        held = set()
        for span in charset.split():
            first, _, last = span.partition("-")
            held.update(range(int(first, 16), int(last or first, 16) + 1))
        for family in families.split(","):
            fonts.setdefault(family.strip(), set()).update(held)
    return {family: frozenset(held) for family, held in fonts.items()}


def _characters(lang: str) -> set[str]:
    """Every visible character the charts may show in a language: each catalogue text in it, the status
    symbols, the language's own name and its number signs (no-break spaces included)."""
    texts = [LANGUAGE_NAMES[lang], *STATUS_SYMBOLS.values(), format_number(1234567.5, lang), format_percent(0.5, lang)]
    for key in CATALOGUE:
        shown = CATALOGUE[key][lang]
        texts += shown if isinstance(shown, tuple) else [shown]
    return {ch for text in texts for ch in text if ch not in " \n" and unicodedata.category(ch) not in ("Cc", "Cf")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_character_a_language_shows_is_in_a_font_the_charts_name(result, lang):
    fonts = _installed_fonts()
    named = [family for family in FONT_FAMILIES[lang] if family in fonts]
    assert named, f"none of the chart fonts {FONT_FAMILIES[lang]} is installed"
    held = frozenset().union(*(fonts[family] for family in named))
    missing = sorted(ch for ch in _characters(lang) if ord(ch) not in held)
    assert missing == [], f"{lang}: {[f'{ch} U+{ord(ch):04X}' for ch in missing]} in none of {named}"
    assert font_family(lang).startswith(f'"{FONT_FAMILIES[lang][0]}"')
    assert completion_chart(result, lang).figure.layout.font.family == font_family(lang)


def test_every_chart_in_arabic_is_a_valid_plotly_figure(result, tmp_path):
    """The mirrored layouts and right-to-left words are properties plotly accepts."""
    import plotly.graph_objects as go

    assessments = timeline(read_workbook(write_three_dates_book(tmp_path / "three.xlsx")))
    built = [
        completion_chart(result, "ar"),
        status_chart(result, "ar"),
        completion_over_time_chart(completion_over_time(assessments), "ar"),
        *(indicator_chart(row, result.elapsed, "ar") for row in result.indicators.to_dict("records")),
    ]
    for chart in built:
        go.Figure(chart.figure.to_dict())


def test_in_arabic_bars_grow_from_the_right_with_the_objectives_on_the_right(result):
    english, arabic = (completion_chart(result, lang).figure.layout for lang in ("en", "ar"))
    assert list(english.xaxis.range) == [0, 100] and list(arabic.xaxis.range) == [100, 0]
    assert english.yaxis.side is None and arabic.yaxis.side == "right"
    assert arabic.yaxis.autorange == "reversed"  # the first objective still on top
    assert (english.margin.l, english.margin.r) == (arabic.margin.r, arabic.margin.l)
    # the "k of n achieved" words stand beyond the bars' end: right of them in English, left in Arabic
    ends = [note for note in arabic.annotations if note.xref == "paper"]
    assert ends and all(note.x < 0 and note.xanchor == "right" for note in ends)
    assert arabic.title.x == 1 and arabic.title.xanchor == "right"
    status = status_chart(result, "ar").figure.layout
    assert status.xaxis.autorange == "reversed" and status.legend.x == pytest.approx(-0.02)
    assert status.legend.xanchor == "right"


def test_in_arabic_hover_text_and_names_read_right_to_left(result):
    english, arabic = (status_chart(result, lang).figure for lang in ("en", "ar"))
    assert arabic.layout.hoverlabel.align == "right" and english.layout.hoverlabel.align is None
    for before, after in zip(english.data, arabic.data):
        assert all(text.startswith("\u2067") and text.endswith("\u2069") for text in after.hovertext)
        assert after.name.startswith("\u2067") and after.name.endswith("\u2069") and "\u2067" not in before.name
    assert not any("\u2067" in text for trace in english.data for text in trace.hovertext)


def test_the_font_check_sees_a_character_no_named_font_has():
    """The check above can fail: a Tibetan letter is in no font the English charts name."""
    fonts = _installed_fonts()
    held = frozenset().union(*(fonts[f] for f in FONT_FAMILIES["en"] if f in fonts))
    assert ord("ཀ") not in held and ord("A") in held


@pytest.mark.parametrize(("lang", "decimal", "group"), [("en", ".", ","), ("fr", ",", "\u202f"), ("ru", ",", "\u00a0")])
def test_plotlys_own_numbers_take_the_languages_signs(result, lang, decimal, group):
    assert completion_chart(result, lang).figure.layout.separators == decimal + group
    if lang != "en":
        config = chart_html.chart_config("stem", lang)
        assert config["locales"][config["locale"]]["format"] == {"decimal": decimal, "thousands": group}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_chart_file_names_the_languages_fonts_and_direction(lang):
    page = chart_html.chart_html(go.Figure(), "t", "stem", lang).decode("utf-8")
    assert f"font-family: {font_family(lang)};" in page
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
    if lang != "en":
        assert chart_html.chart_config("stem", lang)["locale"] == chart_html.PLOTLY_LOCALES[lang]
