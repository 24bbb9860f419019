"""The diff shown before publishing: indicators added or removed, actual / rating / status changes, new dates."""

from __future__ import annotations

from datetime import date

from conftest import valid_content
from jwp_data import read_workbook
from jwp_data.diff import diff_matrices


def _matrix(make_book, **changes):
    return read_workbook(make_book(**changes))


def _results(**overrides):
    """The valid Results rows with some indicators' first row changed: I1={"actual": 6}."""
    rows = valid_content()["Results"]
    for row in rows:
        row.update(overrides.get(row["indicator_id"], {}))
    return rows


def test_the_same_workbook_gives_an_empty_diff(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book))
    assert diff.empty
    assert diff.changes == () and diff.added.empty and diff.removed.empty and diff.new_dates == ()


def test_an_actual_that_moves_is_listed_old_to_new(make_book):
    old = _matrix(make_book)
    new = _matrix(make_book, Results=_results(I1={"actual": 6}))
    diff = diff_matrices(old, new)
    assert [(c.indicator_id, c.field, c.old, c.new) for c in diff.changes] == [("I1", "actual", 5.0, 6.0)]
    table = diff.changes_table("en")
    assert table.to_dict("records") == [{"Indicator": "I1", "What": "Actual", "Published": "5", "This file": "6"}]


def test_a_percent_reaching_its_target_changes_actual_and_status(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I2={"actual": 50})))
    assert diff.changes_table("en").values.tolist() == [
        ["I2", "Actual", "20%", "50%"],
        ["I2", "Status", "⚠ Behind", "✔ Achieved"],
    ]


def test_a_milestone_rating_change_shows_rating_and_status_in_words(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I3={"rating": "achieved"})))
    table = diff.changes_table("zh")
    assert list(table.columns) == ["指标", "项目", "已发布", "此文件"]
    assert table.iloc[0].tolist() == ["I3", "评级", "进行中", "已实现"]
    assert table.iloc[1, 1] == "状态" and table.iloc[1, 3].endswith("已实现")


def test_a_new_qualifier_alone_counts_as_an_actual_change(make_book):
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=_results(I1={"qualifier": ">"})))
    assert diff.changes_table("en").values.tolist() == [["I1", "Actual", "5", "5+"]]


def test_a_removed_actual_shows_a_dash_and_no_data(make_book):
    results = [r for r in valid_content()["Results"] if r["indicator_id"] != "I2"]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=results))
    assert diff.changes_table("en").values.tolist() == [
        ["I2", "Actual", "20%", "—"],
        ["I2", "Status", "⚠ Behind", "– No data"],
    ]


def test_indicators_added_and_removed_are_listed_with_their_wording(make_book):
    indicators = valid_content()["Indicators"]
    indicators[1] = {**indicators[1], "indicator_id": "I2b", "indicator_en": "Parties using the guidance"}
    results = [{**r, "indicator_id": "I2b"} if r["indicator_id"] == "I2" else r for r in valid_content()["Results"]]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Indicators=indicators, Results=results))
    assert diff.indicators_table("added", "en").values.tolist() == [["I2b", "OO1", "Parties using the guidance"]]
    assert diff.indicators_table("removed", "en").values.tolist() == [["I2", "OO1", "Recommendations reflected"]]
    assert diff.changes == ()  # an indicator in only one file has no "before" or "now"
    assert not diff.empty


def test_new_reporting_dates_are_listed(make_book):
    results = valid_content()["Results"] + [{"indicator_id": "I1", "reported_on": date(2010, 12, 31), "actual": 3}]
    diff = diff_matrices(_matrix(make_book), _matrix(make_book, Results=results))
    assert diff.new_dates == (date(2010, 12, 31),)
    assert diff.changes == ()  # the current result (31 May 2011) is unchanged
    assert not diff.empty


def test_a_later_as_of_date_can_change_a_status_alone(make_book):
    # 40% of the way to the target: on track at the end of June 2010, behind once the period is over
    early = {**valid_content()["Programme"], "as_of": date(2010, 6, 30)}
    late = {**valid_content()["Programme"], "as_of": date(2011, 12, 31)}
    results = [{"indicator_id": "I2", "reported_on": date(2010, 6, 30), "actual": 20}]
    diff = diff_matrices(
        _matrix(make_book, Programme=early, Results=results, Evidence=None),
        _matrix(make_book, Programme=late, Results=results, Evidence=None),
    )
    assert (diff.old_as_of, diff.new_as_of) == (date(2010, 6, 30), date(2011, 12, 31))
    assert diff.changes_table("en").values.tolist() == [["I2", "Status", "↗ On track", "⚠ Behind"]]
