"""The shipped 2010–2011 matrix gives the figures decided from the document (status 31 May 2011)."""

from __future__ import annotations

import pytest

from jwp_data import assess, read_workbook
from tests.paths import SHIPPED_WORKBOOK


@pytest.fixture(scope="module")
def result():
    return assess(read_workbook(SHIPPED_WORKBOOK))


def indicator(result, indicator_id):
    return result.indicators.set_index("indicator_id").loc[indicator_id]


def test_programme_period_and_as_of(result):
    programme = result.programme
    assert (programme.programme_id, str(programme.start), str(programme.end), str(programme.as_of)) == (
        "JWP-2010-2011",
        "2010-01-01",
        "2011-12-31",
        "2011-05-31",
    )


def test_four_sections_eleven_indicators(result):
    assert result.objectives["objective_id"].tolist() == ["OO1", "OO2", "OO5", "EE"]
    assert result.totals["indicators"] == 11


def test_forums_contributed_to_is_five_of_at_least_four_with_evidence(result):
    forums = indicator(result, "OO1-EA1")
    assert (forums["actual"], forums["target"], forums["status"], forums["headline"]) == (5, 4, "achieved", True)
    assert forums["evidence_count"] == 5


def test_the_five_forums_are_named_in_the_evidence():
    evidence = read_workbook(SHIPPED_WORKBOOK).evidence
    rows = evidence[evidence["indicator_id"] == "OO1-EA1"]
    forums = " | ".join(rows["item_en"] + " " + rows["place"].fillna(""))
    for name in ("Guatemala", "Central and Eastern Europe", "G8", "Cancún", "Nairobi"):
        assert name in forums


def test_countries_supported_is_more_than_fifty_of_twelve(result):
    countries = indicator(result, "OO2-EA1")
    assert (countries["actual"], countries["qualifier"], countries["target"]) == (50, ">", 12)
    assert (countries["status"], countries["headline"]) == ("achieved", True)
    assert "UNDP" in countries["performance_en"] and "15" in countries["performance_en"]


def test_information_products_and_civil_society_materials(result):
    assert indicator(result, "OO1-EA2")[["actual", "evidence_count", "status"]].tolist() == [4, 4, "achieved"]
    assert indicator(result, "OO1-EA3")[["actual", "status"]].tolist() == [0, "behind"]


def test_status_counts_and_completion(result):
    totals = result.totals
    counts = {k: v for k, v in totals["status_counts"].items() if v}
    assert counts == {"achieved": 3, "behind": 1, "in_progress": 4, "no_data": 3}
    assert (totals["with_data"], totals["completion"]) == (8, 0.625)


def test_headline_indicators_are_the_forums_and_the_countries(result):
    assert result.indicators.loc[result.indicators["headline"], "indicator_id"].tolist() == ["OO1-EA1", "OO2-EA1"]


def test_chinese_text_comes_from_the_document(result):
    forums = indicator(result, "OO1-EA1")
    assert forums["indicator_zh"] == "共同为至少四个论坛和进程做出贡献。"
    assert result.objectives.set_index("objective_id").loc["OO1", "title_zh"] == "倡导、提高认识和教育"
