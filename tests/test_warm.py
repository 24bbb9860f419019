"""Warming the server at start (serve.py): the first visitor's page finds the workbook already assessed."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from conftest import publish_book, write_three_dates_book
from jwp_data.store import open_store
from ui import loaders
from ui.warm import warm

ROOT = Path(__file__).resolve().parent.parent


def _count_assessments(monkeypatch) -> list:
    calls = []
    real = loaders.assess
    monkeypatch.setattr(loaders, "assess", lambda matrix, *a, **k: calls.append(matrix.sha256) or real(matrix, *a, **k))
    return calls


def _count_validations(monkeypatch) -> list:
    from ui import source

    calls = []
    real = source.validate_workbook
    monkeypatch.setattr(source, "validate_workbook", lambda data: calls.append("here") or real(data))
    monkeypatch.setattr(source.sandbox, "validate", lambda data: calls.append("worker") or real(data))
    return calls


def test_after_warming_the_overview_does_not_assess_the_workbook_again(monkeypatch, tmp_path):
    monkeypatch.setenv("JWP_STORE", str(tmp_path / "store.sqlite3"))
    calls = _count_assessments(monkeypatch)
    validations = _count_validations(monkeypatch)
    warm()
    assert len(calls) == 1
    assert validations == ["here"]  # the shipped workbook is ours: read in the server, no worker started
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert len(calls) == 1
    assert validations == ["here"]  # the page found the warm-up's validation


def test_warming_prepares_the_published_version_too(monkeypatch, tmp_path):
    monkeypatch.setenv("JWP_STORE", str(tmp_path / "store.sqlite3"))
    published = write_three_dates_book(tmp_path / "three_dates.xlsx")
    publish_book(open_store(), published.read_bytes(), published.name, "editor")
    calls = _count_assessments(monkeypatch)
    warm()
    assert len(calls) == 2  # the shipped workbook and the published version
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(calls) == 2
