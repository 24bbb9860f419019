"""What pages read from the store: the model kept next to each file (never the workbook), the same banner for a
damaged old version as for a damaged current one, and one lock wait per page run."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import streamlit as st
from programmes import next_programme_bytes, next_programme_content
from streamlit.testing.v1 import AppTest
from test_app_pages import metrics, open_app

from conftest import labels, publish_book
from jwp_data.store import open_store, waits
from jwp_data.workbook import model_file, validate
from jwp_data.workbook.template import write_workbook
from tests.paths import SHIPPED_WORKBOOK

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.usefixtures("spare_workers")  # a version without a model is read in a worker

BANNER = {
    "en": "The version store is unavailable (its file failed an integrity check).",
    "zh": "版本存储不可用（",
}

COMPLETION = {"en": "Completion", "zh": "完成度"}


def store():
    return open_store(os.environ["JWP_STORE"])


def _two_versions() -> tuple[int, int]:
    """Version 1: the shipped 2010–2011 workbook; version 2: the invented 2012–2013 one (current)."""
    published = store()
    first = publish_book(published, SHIPPED_WORKBOOK.read_bytes(), "jwp_2010_2011.xlsx", "tester").version.id
    second = publish_book(published, next_programme_bytes(), "jwp_2012_2013.xlsx", "tester").version.id
    published.close()  # no idle connection of the test's may stand in the way of a lock holder
    return first, second


def _zero_some_bytes(version_id: int, column: str) -> None:
    def damage(db):
        blob = bytes(db.one(f"SELECT {column} FROM versions WHERE id = ?", (version_id,))[0])
        middle = len(blob) // 2
        db.execute(
            f"UPDATE versions SET {column} = ? WHERE id = ?",
            (blob[:middle] + bytes(64) + blob[middle + 64 :], version_id),
        )

    store()._write(damage)


@pytest.fixture
def parsed_here(monkeypatch) -> list[str]:
    """The sha256 of every workbook parsed in this process (not in a worker) from now on."""
    seen: list[str] = []
    real = validate.read_sheets

    def spy(data, names):
        seen.append(hashlib.sha256(data).hexdigest())
        return real(data, names)

    monkeypatch.setattr(validate, "read_sheets", spy)
    return seen


def test_pages_show_published_versions_from_their_stored_models_without_parsing_a_workbook(parsed_here):
    _two_versions()
    parsed_here.clear()  # publishing here parsed both (the dashboard does that in the upload worker)
    at = open_app("en", "overview")
    at.switch_page("pages/compare.py").run()
    assert metrics(at)["Completion"] == ["62.5%", "64.5%"]
    at.switch_page("pages/history.py").run()
    assert not at.exception
    shipped = hashlib.sha256(SHIPPED_WORKBOOK.read_bytes()).hexdigest()
    assert set(parsed_here) <= {shipped}  # the shipped workbook is ours and read in process; no published one


def test_a_file_published_from_the_data_page_is_stored_with_the_model_its_worker_made(make_book, monkeypatch):
    from test_app_editor import DATA_PAGE, PASSWORD, book, run, sign_in, upload

    from conftest import button

    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    data = book(make_book, I1={"actual": 6})
    at = sign_in(upload(run(DATA_PAGE), data), "Ahmed")
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert not at.exception
    version = store().current("TEST-1")
    assert version is not None and version.sha256 == hashlib.sha256(data).hexdigest()
    stored = model_file.load(store().model(version.id))
    assert stored.matrix.results.loc[stored.matrix.results["indicator_id"] == "I1", "actual"].tolist() == [6.0]


def test_a_version_stored_without_a_model_gets_one_from_a_worker_the_first_time_it_is_shown(parsed_here):
    data = next_programme_bytes()
    version = publish_book(store(), data, "jwp_2012_2013.xlsx", "tester", model=None).version
    assert store().model(version.id) is None
    parsed_here.clear()
    at = open_app("en", "overview", programme="JWP-2012-2013")
    assert "64.5%" in [v for values in metrics(at).values() for v in values]
    assert hashlib.sha256(data).hexdigest() not in parsed_here  # worked out in the worker
    assert store().model(version.id) is not None  # and kept: the next server start loads it


@pytest.mark.parametrize("column", ["model", "data"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_comparing_with_a_damaged_old_version_shows_the_store_banner_and_carries_on(lang, column):
    first, second = _two_versions()
    if column == "data":  # a version from before models were kept: its model is worked out from its file
        store()._write(lambda db: db.execute("UPDATE versions SET model = NULL, model_sha256 = NULL"))
    _zero_some_bytes(first, column)
    at = open_app(lang, "compare", a=f"v{first}", b=f"v{second}")
    assert not at.exception
    banners = [e for e in labels(at.error) if e.startswith(BANNER[lang])]
    assert len(banners) == 1
    if lang == "en":
        assert "A (" in " ".join(labels(at.error)) and "cannot be read: its file failed an integrity check" in " ".join(
            labels(at.error)
        )
    assert not at.metric  # nothing is made up for the side that cannot be read
    at.query_params["a"] = f"v{second}"  # the reader picks another version: the page works again
    at.run()
    assert not at.exception and metrics(at)[COMPLETION[lang]] == ["64.5%", "64.5%"]


def test_viewing_a_damaged_old_version_shows_the_store_banner_over_the_current_one():
    content = next_programme_content()
    content["programme"]["source"] = "A second version of the invented programme."
    second = io.BytesIO()
    write_workbook(second, content)
    published = store()
    first = publish_book(published, next_programme_bytes(), "first.xlsx", "tester").version.id
    publish_book(published, second.getvalue(), "second.xlsx", "tester")
    _zero_some_bytes(first, "model")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["jwp_view_version"] = first
    at.run()
    assert not at.exception
    assert [e for e in labels(at.error) if e.startswith(BANNER["en"])]
    assert "64.5%" in [
        v for values in metrics(at).values() for v in values
    ]  # the current version (2012–2013) carries the page


# --- a lock held by another program ---

LOCK_HOLDER = """
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA locking_mode = EXCLUSIVE")  # readers are shut out too, not only writers
    db.execute("BEGIN EXCLUSIVE")
    db.execute("CREATE TABLE IF NOT EXISTS lock_probe (x)")
    db.execute("COMMIT")  # in exclusive locking mode the lock stays until the connection closes
    print("locked", flush=True)
    time.sleep(600)
"""


@pytest.fixture
def allowances(monkeypatch) -> list[tuple[int, float]]:
    """(budget, seconds) for every read's lock-wait allowance from now on."""
    given: list[tuple[int, float]] = []
    real = waits.WaitBudget.allow

    def allow(self, read_wait):
        wait = real(self, read_wait)
        given.append((id(self), wait))
        return wait

    monkeypatch.setattr(waits.WaitBudget, "allow", allow)
    return given


@pytest.mark.parametrize("page", ["overview", "compare", "history"])
def test_under_a_lock_a_page_run_waits_once_and_shows_the_last_model_read(page, monkeypatch, allowances):
    monkeypatch.setenv("JWP_STORE_READ_WAIT", "0.3")
    _two_versions()
    at = open_app("en", page)
    before = metrics(at)
    from ui.source import current_store

    current_store().close()  # the server's idle connections would keep the holder from its exclusive lock
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(LOCK_HOLDER), os.environ["JWP_STORE"]], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        st.cache_data.clear()
        allowances.clear()
        at.run()
    finally:
        holder.kill()
        holder.wait()
    assert not at.exception
    assert [e for e in labels(at.error) if e.startswith("The version store is unavailable (another program")]
    assert metrics(at) == before  # the page renders from the last model read
    runs = {budget for budget, _ in allowances}
    waited = [seconds for _, seconds in allowances if seconds > 0]
    assert len(runs) == 1 and len(allowances) >= 2, allowances  # several reads, one shared allowance
    assert waited == [0.3], allowances  # the first read waited; every later one gave up at once
