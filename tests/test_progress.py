"""Progress over time: the method on each reporting date, and what changed between two dates."""

from __future__ import annotations

import pytest

from conftest import (
    DECEMBER,
    JUNE,
    MAY,
    rows_for,
    three_dates_content,
    valid_content,
    write_rows,
    write_three_dates_book,
)
from jwp_data import read_workbook
from jwp_data.method.timeline import changes_between, completion_over_time, timeline
from jwp_data.present.tables import change_rows


@pytest.fixture
def three_dates(tmp_path):
    return read_workbook(write_three_dates_book(tmp_path / "three_dates.xlsx"))


def _completion(table, on, objective_id):
    rows = table[table["reported_on"].eq(on)]
    if objective_id is None:
        return rows[rows["objective_id"].isna()]["completion"].item()
    return rows[rows["objective_id"].eq(objective_id)]["completion"].item()


def test_timeline_assesses_each_reporting_date_oldest_first(three_dates):
    assessments = timeline(three_dates)
    assert list(assessments) == [JUNE, DECEMBER, MAY]
    assert [a.as_of for a in assessments.values()] == [JUNE, DECEMBER, MAY]


def test_completion_over_time_per_objective_and_for_the_programme(three_dates):
    table = completion_over_time(timeline(three_dates))
    # OO1: I1 (count, target 4) and I2 (percent, target 50); OO2: the milestone I3.
    assert _completion(table, JUNE, "OO1") == pytest.approx((0.25 + 0.2) / 2)
    assert _completion(table, JUNE, "OO2") == 0.0
    assert _completion(table, DECEMBER, "OO1") == pytest.approx((0.75 + 0.2) / 2)  # I2 keeps its June figure
    assert _completion(table, DECEMBER, "OO2") == 0.5
    assert _completion(table, MAY, "OO1") == pytest.approx((1.0 + 0.4) / 2)
    assert _completion(table, MAY, None) == pytest.approx((1.0 + 0.4 + 0.5) / 3)


def test_completion_over_time_counts_achieved_on_each_date(three_dates):
    table = completion_over_time(timeline(three_dates))
    oo1 = table[table["objective_id"].eq("OO1")]
    assert oo1["achieved"].tolist() == [0, 0, 1]
    assert oo1["indicators"].tolist() == [2, 2, 2]


def test_changes_list_actual_rating_and_status_old_to_new(three_dates):
    assessments = timeline(three_dates)
    changes = changes_between(assessments[JUNE], assessments[MAY]).set_index("indicator_id")
    assert list(changes.index) == ["I1", "I2", "I3"]
    assert (changes.loc["I1", "actual_before"], changes.loc["I1", "actual_after"]) == (1.0, 5.0)
    assert (changes.loc["I1", "status_before"], changes.loc["I1", "status_after"]) == ("on_track", "achieved")
    assert changes.loc["I2", "what"] == ["actual"]  # 10 -> 20, behind both times
    assert (changes.loc["I3", "rating_before"], changes.loc["I3", "rating_after"]) == ("not_started", "in_progress")
    assert changes.loc["I3", "what"] == ["rating", "status"]


def test_unchanged_indicators_are_left_out(three_dates):
    assessments = timeline(three_dates)
    changes = changes_between(assessments[DECEMBER], assessments[MAY])
    assert "I3" not in changes["indicator_id"].tolist()  # in progress on both dates


def test_same_date_has_no_changes(three_dates):
    assessments = timeline(three_dates)
    assert changes_between(assessments[MAY], assessments[MAY]).empty


def test_a_new_qualifier_counts_as_a_changed_actual(tmp_path):
    content = three_dates_content()
    content["Results"] = [
        {"indicator_id": "I1", "reported_on": JUNE, "actual": 5},
        {"indicator_id": "I1", "reported_on": MAY, "actual": 5, "qualifier": ">"},
    ]
    path = write_rows(tmp_path / "q.xlsx", {n: rows_for(n, v) for n, v in content.items()})
    assessments = timeline(read_workbook(path))
    changes = changes_between(assessments[JUNE], assessments[MAY])
    assert changes["indicator_id"].tolist() == ["I1"]
    assert changes["what"].item() == ["actual"]


def test_change_rows_read_old_to_new_in_both_languages(three_dates):
    assessments = timeline(three_dates)
    changes = changes_between(assessments[JUNE], assessments[MAY])
    english = change_rows(changes, "en").set_index("indicator_id")
    assert english.loc["I1", "value"] == "1 → 5+"
    assert english.loc["I1", "status"] == "↗ On track → ✔ Achieved"
    assert english.loc["I3", "value"] == "○ Not started → ▶ In progress"
    chinese = change_rows(changes, "zh").set_index("indicator_id")
    assert chinese.loc["I1", "status"] == "↗ 进展顺利 → ✔ 已实现"
    assert chinese.loc["I2", "status"] == "⚠ 滞后"  # unchanged status shown once


def test_no_results_means_no_reporting_dates(tmp_path):
    content = valid_content()
    content["Results"] = []
    del content["Evidence"]
    path = write_rows(tmp_path / "empty.xlsx", {n: rows_for(n, v) for n, v in content.items()})
    assert timeline(read_workbook(path)) == {}
