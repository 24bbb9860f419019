"""The model file the store keeps next to each original workbook gives back exactly what the reader built."""

from __future__ import annotations

import json
import zlib

import pandas as pd
import pytest

from conftest import valid_content
from jwp_data import assess, validate_workbook
from jwp_data.workbook import model_file
from jwp_data.workbook.model_file import ModelFileError
from tests.paths import SHIPPED_WORKBOOK


def _same(loaded, validation) -> None:
    assert loaded.issues == validation.issues
    assert loaded.matrix.programme == validation.matrix.programme
    assert loaded.matrix.sha256 == validation.matrix.sha256
    assert loaded.matrix.warnings == validation.matrix.warnings
    for name in model_file.TABLES:
        pd.testing.assert_frame_equal(getattr(loaded.matrix, name), getattr(validation.matrix, name))


def test_the_shipped_workbook_comes_back_frame_for_frame_and_assesses_the_same():
    validation = validate_workbook(SHIPPED_WORKBOOK)
    loaded = model_file.load(model_file.dump(validation))
    _same(loaded, validation)
    before, after = assess(validation.matrix), assess(loaded.matrix)
    assert after.totals == before.totals
    pd.testing.assert_frame_equal(after.indicators, before.indicators)


def test_warnings_empty_cells_and_undated_evidence_come_back(make_book):
    content = valid_content()
    evidence = [{**row, "date": None, "country_iso3": "Somewhere"} for row in content["Evidence"]]  # warnings
    validation = validate_workbook(make_book(Evidence=evidence))
    assert validation.matrix.evidence["date"].isna().all()
    assert validation.valid and validation.warnings, "the book is meant to be valid with warnings"
    _same(model_file.load(model_file.dump(validation)), validation)


def test_an_invalid_workbook_has_no_model_file(make_book):
    validation, blob = model_file.checked(make_book(Indicators=None).read_bytes())
    assert not validation.valid and blob is None


def test_a_damaged_or_foreign_model_file_is_refused_not_misread():
    blob = model_file.dump(validate_workbook(SHIPPED_WORKBOOK))
    damaged = blob[:40] + bytes(16) + blob[56:]
    other_format = zlib.compress(json.dumps({"format": model_file.FORMAT + 1}).encode())
    for bad in (damaged, other_format, b"", b"not a model"):
        with pytest.raises(ModelFileError):
            model_file.load(bad)


def test_every_programme_field_comes_back_the_iati_identity_included(make_book):
    from test_iati_fields import IATI

    from conftest import PROGRAMME

    validation = validate_workbook(make_book(Programme={**PROGRAMME, **IATI}))
    loaded = model_file.load(model_file.dump(validation))
    assert loaded.matrix.programme == validation.matrix.programme
    assert loaded.matrix.programme.iati_identifier == IATI["iati_identifier"]
