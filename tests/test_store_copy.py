"""`python -m jwp_data store copy SRC DST`: a whole store, SQLite to PostgreSQL and back, verified."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import postgres_schema_url, publish_book, valid_content
from jwp_data.store import open_store
from jwp_data.store.throttle import SignInThrottle

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jwp_data", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _filled_store(location: str, make_book) -> None:
    store = open_store(location)
    first = publish_book(store, make_book().read_bytes(), "first.xlsx", "Maria", "first").version
    programme = {**valid_content()["Programme"], "programme_id": "OTHER", "title_en": "Other"}
    publish_book(
        store,
        make_book(Programme=programme).read_bytes(),
        "other.xlsx",
        "li@example.org",
        sign_in="oidc:li@example.org",
    )
    publish_book(
        store,
        make_book(Programme={**valid_content()["Programme"], "title_en": "fixed"}).read_bytes(),
        "second.xlsx",
        "Maria",
    )
    store.revert(first.id, "Li", "back")
    for _ in range(5):
        SignInThrottle(store).failed("198.51.100.7", "guess")


def _contents(location: str) -> tuple:
    store = open_store(location)
    return (
        store.versions(),
        store.audit(),
        store.programmes(),
        [store.data(v.id) for v in store.versions()],
        SignInThrottle(store).wait("198.51.100.7")[1],
    )


def test_a_store_copied_to_postgresql_and_back_is_the_same_store(tmp_path, request, make_book):
    sqlite_file = str(tmp_path / "original.sqlite3")
    _filled_store(sqlite_file, make_book)
    postgres = postgres_schema_url(request.getfixturevalue("postgres_server"))
    back = str(tmp_path / "back.sqlite3")

    there = _cli("store", "copy", sqlite_file, postgres)
    assert there.returncode == 0, there.stderr
    assert "copied 3 versions, 11 audit entries and 2 programmes" in there.stdout
    assert "sha256" in there.stdout
    again = _cli("store", "copy", postgres, back)
    assert again.returncode == 0, again.stderr

    original = _contents(sqlite_file)
    assert _contents(postgres) == original == _contents(back)
    assert original[4] == "client"  # the sign-in pause travelled with the store
    # the copies go on where the original left off
    result = publish_book(
        open_store(postgres),
        make_book(Programme={**valid_content()["Programme"], "title_en": "next"}).read_bytes(),
        "n.xlsx",
        "Li",
    )
    assert result.version.id == 4


def test_copying_into_a_store_that_is_not_empty_is_refused_and_changes_nothing(tmp_path, make_book):
    source, destination = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    _filled_store(source, make_book)
    publish_book(open_store(destination), make_book().read_bytes(), "mine.xlsx", "Li")
    before = _contents(destination)
    refused = _cli("store", "copy", source, destination)
    assert refused.returncode == 1 and "not empty" in refused.stderr
    assert _contents(destination) == before


def test_copying_from_a_store_that_does_not_exist_creates_nothing(tmp_path):
    refused = _cli("store", "copy", str(tmp_path / "typo.sqlite3"), str(tmp_path / "b.sqlite3"))
    assert refused.returncode == 2 and "no store at" in refused.stderr
    assert not (tmp_path / "typo.sqlite3").exists()


def test_a_damaged_store_is_not_copied(tmp_path, make_book):
    source, destination = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    _filled_store(source, make_book)
    store = open_store(source)
    store._write(lambda db: db.execute("UPDATE versions SET data = ? WHERE id = 1", (b"not the file",)))
    refused = _cli("store", "copy", source, destination)
    assert refused.returncode == 1 and "damaged" in refused.stderr
    assert open_store(destination).versions() == []


@pytest.mark.parametrize("location", ["postgresql://editor:s3cret@127.0.0.1:1/jwp"])
def test_the_password_of_a_url_is_never_printed(tmp_path, make_book, location):
    source = str(tmp_path / "a.sqlite3")
    _filled_store(source, make_book)
    refused = _cli("store", "copy", source, location)
    assert refused.returncode == 1 and "s3cret" not in refused.stderr + refused.stdout
