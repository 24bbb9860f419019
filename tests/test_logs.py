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
    assert stopped.value.issue.message("en") in message


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


@pytest.fixture
def server_log():
    """ui.logs.configure() as app.py calls it, undone afterwards."""
    from ui import logs

    names = ("jwp_data", "ui", "jwp")
    before = {name: list(logging.getLogger(name).handlers) for name in names}
    yield logs.configure
    for name in names:
        logging.getLogger(name).handlers[:] = before[name]


def test_the_server_log_writes_each_warning_once_with_time_level_and_logger(server_log, capsys):
    server_log()
    server_log()  # every rerun of app.py calls it again
    logging.getLogger("jwp_data.store.base").warning("publish of %s failed", "june.xlsx")
    lines = capsys.readouterr().err.splitlines()
    assert len([line for line in lines if "publish of june.xlsx failed" in line]) == 1
    line = next(line for line in lines if "publish of june.xlsx failed" in line)
    assert line.endswith(" WARNING jwp_data.store.base: publish of june.xlsx failed")
    assert line[:4].isdigit()  # it starts with the date and time
