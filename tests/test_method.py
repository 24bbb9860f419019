"""The method: progress, status, evidence counts and roll-ups, branch by branch."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import INDICATORS, RESULTS
from jwp_data import assess, read_workbook

AS_OF = date(2011, 5, 31)  # elapsed = 515 / 729 ≈ 0.706 of 2010-01-01…2011-12-31


def indicator(**fields):
    base = {"indicator_id": "X", "objective_id": "OO1", "accomplishment_en": "A", "indicator_en": "I"}
    return {**base, **fields}


def one(make_book, ind, results=(), evidence=None):
    """Assess a workbook whose OO1 holds the given indicator (OO2 keeps a milestone)."""
    changes = {"Indicators": [ind, INDICATORS[2]], "Results": [*results, RESULTS[2]]}
    changes["Evidence"] = evidence if evidence is not None else None
    result = assess(read_workbook(make_book(**changes)))
    return result.indicators.set_index("indicator_id").loc["X"], result


def test_elapsed_share_of_the_programme_period(make_book):
    _, result = one(make_book, indicator(measure="count", target=4))
    assert result.elapsed == pytest.approx(515 / 729)


def test_count_reaching_target_is_achieved(make_book):
    row, _ = one(
        make_book, indicator(measure="count", target=4), [{"indicator_id": "X", "reported_on": AS_OF, "actual": 4}]
    )
    assert (row["progress"], row["status"]) == (1.0, "achieved")


def test_progress_at_or_above_elapsed_is_on_track(make_book):
    row, _ = one(
        make_book, indicator(measure="count", target=10), [{"indicator_id": "X", "reported_on": AS_OF, "actual": 8}]
    )
    assert (row["progress"], row["status"]) == (pytest.approx(0.8), "on_track")


def test_progress_below_elapsed_is_behind(make_book):
    row, _ = one(
        make_book, indicator(measure="count", target=10), [{"indicator_id": "X", "reported_on": AS_OF, "actual": 7}]
    )
    assert (row["progress"], row["status"]) == (pytest.approx(0.7), "behind")


def test_baseline_is_subtracted(make_book):
    ind = indicator(measure="percent", baseline=20, target=60)
    row, _ = one(make_book, ind, [{"indicator_id": "X", "reported_on": AS_OF, "actual": 50}])
    assert row["progress"] == pytest.approx(0.75)


def test_lower_is_better_when_target_is_below_baseline(make_book):
    ind = indicator(measure="percent", baseline=40, target=10)
    row, _ = one(make_book, ind, [{"indicator_id": "X", "reported_on": AS_OF, "actual": 16}])
    assert (row["progress"], row["status"]) == (pytest.approx(0.8), "on_track")
    row, _ = one(make_book, ind, [{"indicator_id": "X", "reported_on": AS_OF, "actual": 10}])
    assert row["status"] == "achieved"


def test_progress_is_clamped_to_zero_and_one(make_book):
    ind = indicator(measure="count", baseline=5, target=10)
    row, _ = one(make_book, ind, [{"indicator_id": "X", "reported_on": AS_OF, "actual": 2}])
    assert (row["progress"], row["status"]) == (0.0, "behind")
    row, _ = one(make_book, ind, [{"indicator_id": "X", "reported_on": AS_OF, "actual": 30}])
    assert row["progress"] == 1.0


def test_no_actual_is_no_data(make_book):
    row, _ = one(make_book, indicator(measure="count", target=4), [{"indicator_id": "X", "reported_on": AS_OF}])
    assert row["status"] == "no_data"
    assert row["progress"] != row["progress"]  # NaN: no progress value


def test_count_without_target_is_tracked_without_progress(make_book):
    row, result = one(make_book, indicator(measure="count"), [{"indicator_id": "X", "reported_on": AS_OF, "actual": 3}])
    assert row["status"] == "tracked"
    assert result.totals["with_data"] == 1  # only the milestone has a progress value


def test_count_from_evidence_when_no_actual_is_reported(make_book):
    evidence = [{"indicator_id": "X", "item_en": f"Forum {n}"} for n in range(3)]
    row, _ = one(make_book, indicator(measure="count", target=4), [], evidence)
    assert (row["actual"], row["evidence_count"], row["status"]) == (3, 3, "on_track")
    assert row["actual_from_evidence"]


def test_evidence_dated_after_as_of_is_not_counted(make_book):
    evidence = [
        {"indicator_id": "X", "item_en": "Before", "date": date(2011, 5, 31)},
        {"indicator_id": "X", "item_en": "After", "date": date(2011, 6, 1)},
        {"indicator_id": "X", "item_en": "Undated"},
    ]
    row, _ = one(make_book, indicator(measure="count", target=4), [], evidence)
    assert row["evidence_count"] == 2


def test_reported_actual_stands_over_evidence(make_book):
    evidence = [{"indicator_id": "X", "item_en": "Forum"}]
    row, _ = one(
        make_book,
        indicator(measure="count", target=4),
        [{"indicator_id": "X", "reported_on": AS_OF, "actual": 0}],
        evidence,
    )
    assert (row["actual"], row["evidence_count"]) == (0, 1)


def test_latest_reporting_date_is_the_current_result(make_book):
    results = [
        {"indicator_id": "X", "reported_on": date(2011, 5, 1), "actual": 9},
        {"indicator_id": "X", "reported_on": date(2010, 6, 1), "actual": 2},
    ]
    row, _ = one(make_book, indicator(measure="count", target=10), results)
    assert (row["actual"], str(row["reported_on"].date())) == (9, "2011-05-01")


def test_assessing_on_an_earlier_date_uses_what_was_known_then(make_book):
    results = [
        {"indicator_id": "X", "reported_on": date(2010, 6, 1), "actual": 2},
        {"indicator_id": "X", "reported_on": date(2011, 5, 1), "actual": 9},
    ]
    matrix = read_workbook(
        make_book(
            Indicators=[indicator(measure="count", target=10)],
            Results=results,
            Evidence=None,
            Objectives=[{"objective_id": "OO1", "title_en": "A"}],
        )
    )
    earlier = assess(matrix, date(2010, 6, 1)).indicators.iloc[0]
    assert (earlier["actual"], earlier["status"]) == (2, "behind")
    assert assess(matrix, date(2010, 6, 1)).elapsed == pytest.approx(151 / 729)


@pytest.mark.parametrize(
    ("rating", "progress", "status"),
    [("not started", 0.0, "not_started"), ("in progress", 0.5, "in_progress"), ("achieved", 1.0, "achieved")],
)
def test_milestone_rating_gives_progress_and_status(make_book, rating, progress, status):
    row, _ = one(
        make_book, indicator(measure="milestone"), [{"indicator_id": "X", "reported_on": AS_OF, "rating": rating}]
    )
    assert (row["progress"], row["status"]) == (progress, status)


def test_unrated_milestone_is_no_data(make_book):
    row, _ = one(make_book, indicator(measure="milestone"), [{"indicator_id": "X", "reported_on": AS_OF}])
    assert row["status"] == "no_data"


def test_roll_up_per_objective_and_programme(make_book):
    result = assess(read_workbook(make_book()))
    # I1: 5 of 4 achieved (1.0); I2: 20 of 50 behind (0.4); I3 in progress (0.5)
    oo1 = result.objectives.set_index("objective_id").loc["OO1"]
    assert (oo1["indicators"], oo1["achieved"], oo1["with_data"]) == (2, 1, 2)
    assert oo1["completion"] == pytest.approx(0.7)
    assert result.totals["completion"] == pytest.approx((1.0 + 0.4 + 0.5) / 3)
    assert list(result.totals["status_counts"]) == [
        "achieved",
        "on_track",
        "behind",
        "in_progress",
        "not_started",
        "tracked",
        "no_data",
    ]
    assert result.totals["status_counts"]["behind"] == 1


def test_objective_without_progress_values_has_empty_completion(make_book):
    results = [r for r in RESULTS if r["indicator_id"] != "I3"]
    result = assess(read_workbook(make_book(Results=results)))
    oo2 = result.objectives.set_index("objective_id").loc["OO2"]
    assert oo2["with_data"] == 0
    assert oo2["completion"] != oo2["completion"]  # NaN


def test_summary_rows_give_whole_numbers_as_integers_and_gaps_as_null(make_book):
    from jwp_data.method.assessment import summary

    indicators = [
        indicator(indicator_id="A", measure="percent", baseline=10, target=62.5, headline="yes"),
        indicator(indicator_id="B", measure="count", target=4),
        {**INDICATORS[2], "baseline": None},
    ]
    results = [
        {"indicator_id": "A", "reported_on": AS_OF, "actual": 30.5, "qualifier": ">"},
        RESULTS[2],
    ]
    rows = {
        r["indicator_id"]: r
        for r in summary(read_workbook(make_book(Indicators=indicators, Results=results, Evidence=None)))["indicators"]
    }
    a, b, milestone = rows["A"], rows["B"], rows["I3"]
    assert (a["baseline"], a["target"], a["actual"], a["qualifier"]) == (10, 62.5, 30.5, ">")
    assert (a["reported_on"], a["headline"], a["evidence_count"]) == ("2011-05-31", True, 0)
    assert a["progress"] == pytest.approx(20.5 / 52.5)
    assert type(a["baseline"]) is int and type(a["progress"]) is float
    assert (b["baseline"], b["actual"], b["reported_on"], b["progress"], b["status"]) == (
        0,
        None,
        None,
        None,
        "no_data",
    )
    assert (b["qualifier"], b["rating"], b["headline"]) == (None, None, False)
    assert (milestone["baseline"], milestone["rating"], milestone["progress"]) == (None, "in_progress", 0.5)
