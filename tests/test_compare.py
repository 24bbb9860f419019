"""Comparing two programmes (or two versions): objectives, statuses, headline figures, indicators that carry over."""

from __future__ import annotations

import io
from datetime import date

import pytest
from programmes import next_programme_bytes

from conftest import INDICATORS, valid_content
from jwp_data import read_workbook
from jwp_data.method.compare import compare, matching_indicators
from jwp_data.present.compare_charts import carried_chart, objectives_chart, status_chart
from jwp_data.present.compare_tables import (
    carried_rows,
    comparison_side_label,
    headline_figures,
    headline_rows,
    objective_rows,
    unmatched_rows,
)
from jwp_data.workbook.schema import STATUSES
from tests.paths import SHIPPED_WORKBOOK


@pytest.fixture(scope="module")
def biennia():
    """The shipped 2010–2011 matrix (A) and the invented 2012–2013 one (B)."""
    return compare(read_workbook(SHIPPED_WORKBOOK), read_workbook(io.BytesIO(next_programme_bytes())))


def book(make_book, indicators=None, objectives=None, programme=None, results=None):
    """The small valid workbook with changes; results of indicators that were renamed follow their new id."""
    content = valid_content()
    changes = {}
    if indicators is not None:
        changes["Indicators"] = indicators
        if results is None:
            old_ids = [r["indicator_id"] for r in INDICATORS]
            new_ids = dict(zip(old_ids, (r["indicator_id"] for r in indicators)))
            results = [dict(r, indicator_id=new_ids[r["indicator_id"]]) for r in content["Results"]]
    if objectives is not None:
        changes["Objectives"] = objectives
    if programme is not None:
        changes["Programme"] = {**content["Programme"], **programme}
    if results is not None:
        changes["Results"] = results
    return read_workbook(make_book(Evidence=None, **changes))


def renamed(old_id, new_id, continues=True):
    rows = [dict(r) for r in INDICATORS]
    for row in rows:
        if row["indicator_id"] == old_id:
            row["indicator_id"] = new_id
            if continues:
                row["continues"] = old_id
    return rows


# --- matching indicators -------------------------------------------------------------------


def test_indicators_with_the_same_id_carry_over(make_book):
    result = compare(book(make_book), book(make_book))
    assert result.carried[["indicator_id_a", "indicator_id_b", "match"]].values.tolist() == [
        ["I1", "I1", "same_id"],
        ["I2", "I2", "same_id"],
        ["I3", "I3", "same_id"],
    ]
    assert result.only_a.empty and result.only_b.empty


def test_continues_matches_an_indicator_renamed_in_the_later_programme(make_book):
    later = book(make_book, indicators=renamed("I2", "I2-NEW"))
    result = compare(book(make_book), later)
    pairs = result.carried[["indicator_id_a", "indicator_id_b", "match"]].values.tolist()
    assert ["I2", "I2-NEW", "continues"] in pairs
    assert result.only_a.empty and result.only_b.empty


def test_continues_matches_when_the_later_programme_is_a(make_book):
    later = book(make_book, indicators=renamed("I2", "I2-NEW"))
    result = compare(later, book(make_book))
    assert ["I2-NEW", "I2", "continues"] in result.carried[
        ["indicator_id_a", "indicator_id_b", "match"]
    ].values.tolist()


def test_a_renamed_indicator_without_continues_is_on_its_side_only(make_book):
    later = book(make_book, indicators=renamed("I2", "I2-NEW", continues=False))
    result = compare(book(make_book), later)
    assert result.only_a["indicator_id"].tolist() == ["I2"]
    assert result.only_b["indicator_id"].tolist() == ["I2-NEW"]
    assert len(result.carried) == 2


def test_continues_wins_over_the_same_id_and_each_indicator_pairs_once():
    import pandas as pd

    a = pd.DataFrame({"indicator_id": ["X", "Y"], "continues": [None, None]})
    b = pd.DataFrame({"indicator_id": ["X", "Z", "W"], "continues": [None, "X", "X"]})
    assert matching_indicators(a, b) == [("X", "Z", "continues")]


def test_carried_rows_give_value_status_and_progress_on_both_sides(make_book):
    later_results = [
        {"indicator_id": "I1", "reported_on": date(2011, 5, 31), "actual": 2},
        {"indicator_id": "I2", "reported_on": date(2011, 5, 31), "actual": 50},
        {"indicator_id": "I3", "reported_on": date(2011, 5, 31), "rating": "achieved"},
    ]
    result = compare(book(make_book), book(make_book, results=later_results))
    rows = carried_rows(result, "en").set_index("Id in B")
    assert rows.loc["I1", "Value A"] == "5" and rows.loc["I1", "Value B"] == "2"
    assert rows.loc["I1", "Status A"] == "✔ Achieved" and rows.loc["I1", "Status B"] == "⚠ Behind"
    assert rows.loc["I1", "Progress change"] == "-50.0 pts"
    assert rows.loc["I3", "Value B"] == "✔ Achieved" and rows.loc["I3", "Progress change"] == "+50.0 pts"
    assert rows.loc["I2", "Progress A"] == "40%" and rows.loc["I2", "Progress B"] == "100%"
    chinese = carried_rows(result, "zh").set_index("B 中编号")
    assert chinese.loc["I1", "状态 B"] == "⚠ 滞后" and chinese.loc["I1", "进展变化"] == "-50.0 百分点"


# --- objectives, statuses, headline figures ------------------------------------------------


def test_objectives_match_by_id_and_unmatched_ones_show_on_their_side(make_book):
    later = book(
        make_book,
        objectives=[
            {"objective_id": "OO1", "title_en": "Advocacy", "title_zh": "倡导"},
            {"objective_id": "OO3", "title_en": "Science", "title_zh": "科学"},
        ],
        indicators=[dict(INDICATORS[0]), dict(INDICATORS[1]), dict(INDICATORS[2], objective_id="OO3")],
    )
    result = compare(book(make_book), later)
    table = result.objectives.set_index("objective_id")
    assert list(table.index) == ["OO1", "OO3", "OO2"]  # B's own objective after the one before it in B
    assert table.loc["OO2", "in_a"] and not table.loc["OO2", "in_b"]
    assert table.loc["OO3", "in_b"] and not table.loc["OO3", "in_a"]
    shown = objective_rows(result, "en").set_index("Objective")
    assert shown.loc["OO2", "Completion B"] == "not in this one"
    assert shown.loc["OO3", "Completion A"] == "not in this one"
    assert shown.loc["OO3", "Completion B"] == "50%"
    assert shown.loc["OO1", "Achieved A"] == "1 of 2 (50%)"
    assert objective_rows(result, "zh").set_index("业务目标").loc["OO1", "已实现 A"] == "2 项中 1 项（50%）"


def test_the_two_biennia_side_by_side(biennia):
    objectives = biennia.objectives.set_index("objective_id")
    assert list(objectives.index) == ["OO1", "OO2", "OO3", "OO5", "EE"]
    assert objectives.loc["OO1", "completion_a"] == pytest.approx(2 / 3)
    assert objectives.loc["OO1", "completion_b"] == pytest.approx(0.7222, abs=1e-4)
    assert objectives.loc["OO1", "share_achieved_a"] == pytest.approx(2 / 3)
    assert objectives.loc["OO1", "share_achieved_b"] == pytest.approx(1 / 3)
    assert not objectives.loc["OO3", "in_a"]
    counts = biennia.status_counts.set_index("status")
    assert list(counts.index) == list(STATUSES)
    assert counts["a"].to_dict() == {
        "achieved": 3,
        "on_track": 0,
        "behind": 1,
        "in_progress": 4,
        "not_started": 0,
        "tracked": 0,
        "no_data": 3,
    }
    assert counts.loc["on_track", "b"] == 5 and counts.loc["no_data", "b"] == 0


def test_ten_indicators_carry_over_three_through_continues(biennia):
    carried = biennia.carried
    assert len(carried) == 10
    assert carried.loc[carried["match"] == "continues", ["indicator_id_a", "indicator_id_b"]].values.tolist() == [
        ["OO1-EA3", "OO1-EA5"],
        ["OO2-EA3", "OO2-EA4"],
        ["OO5-EA2", "OO5-EA5"],
    ]
    assert biennia.only_a["indicator_id"].tolist() == ["OO5-EA3"]
    assert biennia.only_b["indicator_id"].tolist() == ["OO3-EA1", "OO3-EA2"]
    assert unmatched_rows(biennia.only_b, "zh")["业绩指标"].tolist()[0] == "为两次科学与政策会议提供联合投入。"


def test_headline_figures_say_both_totals_and_the_change(biennia):
    english = headline_figures(biennia, "en").set_index("Figure")
    assert english.loc["Indicators"].tolist() == ["11", "12", "+1"]
    assert english.loc["Achieved"].tolist() == ["3", "3", "0"]
    assert english.loc["Completion"].tolist() == ["62.5%", "64.5%", "+2.0 pts"]
    chinese = headline_figures(biennia, "zh").set_index("数字")
    assert chinese.loc["完成度"].tolist() == ["62.5%", "64.5%", "+2.0 百分点"]


def test_two_programmes_have_no_change_in_the_period_elapsed(biennia, make_book):
    elapsed = headline_figures(biennia, "en").set_index("Figure").loc["Period elapsed"].tolist()
    assert elapsed[:2] != ["–", "–"] and elapsed[2] == "–"  # both shares shown, no difference between them
    may, later = book(make_book), book(make_book, programme={"as_of": date(2011, 9, 30)})
    same = headline_figures(compare(may, later), "en").set_index("Figure").loc["Period elapsed"].tolist()
    assert same[2].startswith("+") and same[2].endswith(" pts")


def test_a_stored_side_is_named_with_its_version_number_in_legends_and_text(biennia):
    from dataclasses import replace

    named = replace(biennia, versions=(2, 1))
    assert comparison_side_label(named, "a", "en") == "JWP-2010-2011 · version 2 · as of 31 May 2011"
    assert comparison_side_label(named, "b", "zh").startswith("JWP-2012-2013 · 版本 1 · 截至")
    chart = objectives_chart(named, "en")
    names = [trace.name for trace in chart.figure.data if trace.showlegend is not False]
    assert names[0] == "A · JWP-2010-2011 · version 2 · as of 31 May 2011"
    assert names[1].startswith("B · JWP-2012-2013 · version 1 · as of ")
    assert "JWP-2010-2011 · version 2 · as of 31 May 2011" in status_chart(named, "en").alt
    assert comparison_side_label(biennia, "a", "en") == "JWP-2010-2011 · as of 31 May 2011"  # not stored


def test_headline_indicators_pair_across_a_renamed_id(biennia):
    rows = headline_rows(biennia, "en")
    assert rows["Indicator"].tolist() == ["OO1-EA1", "OO2-EA1", "OO5-EA2 → OO5-EA5"]
    countries = rows.set_index("Indicator").loc["OO2-EA1"]
    assert (countries["Value A"], countries["Target A"], countries["Value B"], countries["Target B"]) == (
        "50+",
        "12",
        "24",
        "30",
    )


# --- charts -------------------------------------------------------------------------------


def test_objective_chart_has_a_bar_per_side_per_panel_with_the_figures_as_text(biennia):
    chart = objectives_chart(biennia, "en")
    a_completion, _, b_completion, b_share = chart.figure.data
    assert [label.split(" · ")[0] for label in a_completion.y] == ["OO1", "OO2", "OO3", "OO5", "EE"]
    assert list(a_completion.x) == [66.7, 66.7, 0, 50.0, 0]
    assert list(a_completion.text)[2] == "not in this one"
    assert list(b_completion.text)[:3] == ["72.2%", "76.7%", "25%"]
    assert b_share.text[0] == "33%" and b_share.xaxis == "x2"
    assert a_completion.name.startswith("A · JWP-2010-2011") and b_completion.name.startswith("B · JWP-2012-2013")
    assert "OO1 completion 66.7%, 2 of 3 achieved" in chart.alt
    chinese = objectives_chart(biennia, "zh")
    assert chinese.figure.layout.xaxis.title.text == "完成度" and "OO3 完成度 25%" in chinese.alt


def test_status_chart_stacks_the_seven_statuses_for_a_and_b(biennia):
    chart = status_chart(biennia, "en")
    assert chart.figure.data[0].name == "✔ Achieved"
    on_track = chart.figure.data[1]
    assert list(on_track.x) == [0, 5]
    assert "B (JWP-2012-2013 · as of 31 December 2012): ✔ Achieved: 3; ↗ On track: 5" in chart.alt
    assert "↗ 进展顺利：5" in status_chart(biennia, "zh").alt


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_status_chart_legend_stands_right_of_the_bars_away_from_the_axis_title(biennia, lang):
    layout = status_chart(biennia, lang).figure.layout
    assert layout.legend.orientation == "v" and layout.legend.x > 1 and layout.legend.xanchor == "left"
    assert layout.xaxis.title.text and layout.xaxis.side in (None, "bottom")


def test_carried_chart_draws_progress_a_to_b_and_says_when_there_is_none(biennia):
    chart = carried_chart(biennia, "en")
    a_points, b_points = chart.figure.data[-2:]
    assert len(b_points.x) == 9 and len(a_points.x) == 7  # EE-EA1 is tracked (no target) in B, no data in A
    assert "OO1-EA3 → OO1-EA5 0% → 100%" in chart.alt
    assert "EE-EA1 no progress value → no progress value" in chart.alt
    assert len(chart.table) == 10
    assert "延续" in carried_chart(biennia, "zh").figure.layout.title.text


def test_every_compare_chart_is_a_valid_plotly_figure(biennia, make_book):
    import plotly.graph_objects as go

    nothing_in_common = compare(
        book(make_book),
        book(make_book, indicators=[dict(r, indicator_id=f"N{n}") for n, r in enumerate(INDICATORS)]),
    )
    for comparison in (biennia, nothing_in_common):
        for builder in (objectives_chart, status_chart, carried_chart):
            for lang in ("en", "zh", "ar"):
                chart = builder(comparison, lang)
                go.Figure(chart.figure.to_dict())  # raises ValueError on any invalid property
                assert chart.alt
    assert carried_chart(nothing_in_common, "en").table.empty


def test_the_invented_programme_is_valid_and_says_it_is_invented(tmp_path):
    path = tmp_path / "next.xlsx"
    path.write_bytes(next_programme_bytes())
    matrix = read_workbook(path)
    assert matrix.warnings == ()
    assert matrix.programme.programme_id == "JWP-2012-2013"
    assert (matrix.programme.start, matrix.programme.end, matrix.programme.as_of) == (
        date(2012, 1, 1),
        date(2013, 12, 31),
        date(2012, 12, 31),
    )
    assert "illustrative" in matrix.programme.title_en and "Invented" in matrix.programme.source
    assert matrix.reporting_dates() == [date(2012, 6, 30), date(2012, 12, 31)]


def test_in_arabic_the_two_panels_trade_places_and_run_from_the_right(biennia):
    english, arabic = (objectives_chart(biennia, lang).figure.layout for lang in ("en", "ar"))
    assert list(english.xaxis.domain) == [0, 0.47] and list(arabic.xaxis.domain) == [0.53, 1]  # A's panel on the right
    assert list(arabic.xaxis2.domain) == [0, 0.47]
    assert list(arabic.xaxis.range) == list(reversed(english.xaxis.range))


@pytest.mark.parametrize("builder", [objectives_chart, status_chart, carried_chart])
def test_compare_charts_are_set_in_the_fonts_of_their_language(biennia, builder):
    from jwp_data.present.charts import font_family

    assert builder(biennia, "zh").figure.layout.font.family == font_family("zh")
