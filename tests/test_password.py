"""The editors' password secret: salted scrypt, the older unsalted SHA-256 still accepted with a warning."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from jwp_data import password as passwords

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_process_warning(monkeypatch):
    """As in a freshly started server: the unsalted-secret warning has not been given yet."""
    monkeypatch.setattr(passwords, "_warned", threading.Event())


def test_a_new_secret_is_scrypt_with_its_parameters_salt_and_hash_in_one_string():
    secret = passwords.hash_password(PASSWORD)
    name, n, r, p, salt, key = secret.split("$")
    assert (name, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(key)) == 32
    assert PASSWORD not in secret and hashlib.sha256(PASSWORD.encode()).hexdigest() not in secret


def test_the_same_password_gets_a_different_salt_each_time_and_both_secrets_accept_it():
    first, second = passwords.hash_password(PASSWORD), passwords.hash_password(PASSWORD)
    assert first != second
    assert passwords.verify(PASSWORD, first) and passwords.verify(PASSWORD, second)


def test_a_scrypt_secret_refuses_any_other_password():
    secret = passwords.hash_password(PASSWORD)
    for typed in ("", "correct horse battery stapl", PASSWORD + " ", PASSWORD.upper()):
        assert not passwords.verify(typed, secret)


def test_an_unsalted_sha256_secret_still_works_in_either_case():
    legacy = hashlib.sha256(PASSWORD.encode()).hexdigest()
    assert passwords.verify(PASSWORD, legacy) and passwords.verify(PASSWORD, f"  {legacy.upper()} ")
    assert not passwords.verify("guess", legacy)
    assert passwords.secret_kind(legacy) == "sha256"


@pytest.mark.parametrize(
    "secret",
    [
        PASSWORD,  # the password itself, pasted by mistake
        "abc123",
        "scrypt$16384$8$1$00$00",  # salt and hash too short
        "scrypt$1000$8$1$" + "00" * 16 + "$" + "00" * 32,  # n not a power of two
        "scrypt$2147483648$8$1$" + "00" * 16 + "$" + "00" * 32,  # asks for far too much memory
        None,
        42,
    ],
)
def test_a_secret_that_is_neither_form_is_not_used(secret):
    assert passwords.secret_kind(secret) is None
    assert not passwords.verify(PASSWORD, secret if isinstance(secret, str) else "")


def test_an_unsalted_secret_is_warned_about_once_per_process_with_the_way_to_upgrade(caplog, fresh_process_warning):
    legacy = hashlib.sha256(PASSWORD.encode()).hexdigest()
    with caplog.at_level(logging.WARNING, logger="jwp_data.password"):
        passwords.warn_if_unsalted(legacy, "editor_password_sha256")
        passwords.warn_if_unsalted(legacy, "editor_password_sha256")
    warnings = [r for r in caplog.records if r.name == "jwp_data.password"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    message = warnings[0].getMessage()
    assert "editor_password_sha256" in message and "python -m jwp_data password" in message
    assert legacy not in message and PASSWORD not in message


def test_a_scrypt_secret_is_not_warned_about(caplog, fresh_process_warning):
    with caplog.at_level(logging.WARNING, logger="jwp_data.password"):
        passwords.warn_if_unsalted(passwords.hash_password(PASSWORD), "editor_password_hash")
    assert not [r for r in caplog.records if r.name == "jwp_data.password"]


def _command(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jwp_data", "password"],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=60,
    )


def test_the_password_command_prints_a_secret_for_the_password_read_from_stdin():
    done = _command(PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    secret = done.stdout.strip()
    assert done.stdout.count("\n") == 1 and passwords.secret_kind(secret) == "scrypt"
    assert passwords.verify(PASSWORD, secret) and not passwords.verify("guess", secret)
    assert PASSWORD not in done.stdout + done.stderr


def test_the_password_command_refuses_an_empty_password():
    done = _command("\n")
    assert done.returncode == 2 and done.stdout == ""
    assert "no password" in done.stderr
