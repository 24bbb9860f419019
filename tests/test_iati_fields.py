"""The Programme sheet's optional IATI fields: read into the programme, and checked for form where they are."""

from __future__ import annotations

import pytest

from conftest import PROGRAMME
from jwp_data import validate_workbook

IATI = {
    "iati_identifier": "XM-DAC-99999-JWP-2010-2011",
    "reporting_org_ref": "XM-DAC-99999",
    "reporting_org_type": "40",
    "reporting_org_name": "Example secretariat",
    "baseline_year": 2008,
}


def test_the_iati_fields_are_read_into_the_programme(make_book):
    programme = validate_workbook(make_book(Programme={**PROGRAMME, **IATI})).matrix.programme
    assert (programme.iati_identifier, programme.reporting_org_ref, programme.reporting_org_type) == (
        "XM-DAC-99999-JWP-2010-2011",
        "XM-DAC-99999",
        "40",
    )
    assert (programme.reporting_org_name, programme.baseline_year) == ("Example secretariat", 2008)


def test_a_workbook_without_the_iati_fields_loads_with_them_empty(make_book):
    programme = validate_workbook(make_book()).matrix.programme
    assert programme.iati_identifier is None and programme.baseline_year is None


@pytest.mark.parametrize(
    ("field", "value", "variant", "words"),
    [
        ("reporting_org_ref", "UNCCD", "reporting_org_ref", "registration agency code"),
        ("reporting_org_ref", "XM-DAC 41301", "reporting_org_ref", "without spaces"),
        ("iati_identifier", "XM-DAC-99999-JWP/2010", "iati_identifier", "/ & | ?"),
        ("iati_identifier", "XI-IATI-1-JWP", "iati_prefix", "must begin with the reporting organisation's reference"),
        ("iati_identifier", "XM-DAC-99999", "iati_prefix", "XM-DAC-99999-JWP-2010-2011"),
        ("reporting_org_type", "multilateral", "reporting_org_type", "40 (multilateral)"),
        ("baseline_year", "last year", "year", "not a year from 1900 to 2011"),
        ("baseline_year", 2015, "year", "not a year from 1900 to 2011"),
    ],
)
def test_a_malformed_iati_field_is_a_located_error_saying_how_to_fix_it(make_book, field, value, variant, words):
    programme = {**PROGRAMME, **IATI, field: value}
    result = validate_workbook(make_book(Programme=programme))
    row = list(programme).index(field) + 2
    assert not result.valid
    [issue] = result.errors
    assert (issue.sheet, issue.row, issue.column, issue.variant) == ("Programme", row, "value", variant)
    assert words in issue.message("en")
    assert issue.message("zh") != issue.message("en")
