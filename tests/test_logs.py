"""The server log gets every stopped worker and every failed publish (the UI's faults: test_app_editor.py)."""

from __future__ import annotations

import logging
import time

import pytest

from conftest import publish_book, valid_content
from jwp_data.store import StaleBaseError, open_store
from jwp_data.workbook import sandbox


def test_a_worker_stopped_at_its_time_limit_is_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="jwp_data"), pytest.raises(sandbox.WorkerStopped) as stopped:
        sandbox.call(time.sleep, 30, limits=sandbox.Limits(wall_seconds=0.5))
    records = [r for r in caplog.records if r.name == "jwp_data.workbook.sandbox"]
    assert len(records) == 1 and records[0].levelno == logging.WARNING
    message = records[0].getMessage()
    assert message.startswith("worker for sleep stopped: ") and "timed out True" in message
    assert stopped.value.issue.message_en in message


def _book(make_book, title: str) -> bytes:
    return make_book(Programme={**valid_content()["Programme"], "title_en": title}).read_bytes()


def test_a_refused_publish_is_logged_with_the_file_and_programme(tmp_path, make_book, caplog):
    store = open_store(tmp_path / "store.sqlite3")
    first = publish_book(store, _book(make_book, "first"), "first.xlsx", "Maria", base=None).version
    with caplog.at_level(logging.WARNING, logger="jwp_data"), pytest.raises(StaleBaseError):
        publish_book(store, _book(make_book, "second"), "second.xlsx", "Li", base=None)
    records = [r for r in caplog.records if r.name == "jwp_data.store.base"]
    assert len(records) == 1
    message = records[0].getMessage()
    assert message.startswith("publish of second.xlsx (") and "to programme TEST-1 failed" in message
    assert f"version {first.id} was published by Maria" in message


def test_a_successful_publish_logs_nothing(tmp_path, make_book, caplog):
    with caplog.at_level(logging.INFO, logger="jwp_data"):
        publish_book(open_store(tmp_path / "store.sqlite3"), _book(make_book, "first"), "first.xlsx", "Maria")
    assert not [r for r in caplog.records if r.name.startswith("jwp_data.store")]
