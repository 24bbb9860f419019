"""Organisation sign-in (OpenID Connect) never meets the password pause: not the address's, not a name's,
not a site flooded with wrong passwords."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.auth
from conftest import button, labels
from jwp_data.store.throttle import SignInThrottle
from tests.test_app_editor import DATA_PAGE, OIDC_SECRETS, book, store, upload


@pytest.fixture
def every_pause_on():
    """Every pause there is, for the address AppTest sessions come from ('unknown') and the editor's email."""
    throttle = SignInThrottle(store())
    for n in range(5):
        throttle.failed("unknown", f"guess {n}")
    for n in range(5):
        throttle.failed(f"198.51.100.{n}", "editor@unccd.int")
    for n in range(20):
        throttle.failed(f"203.0.113.{n}", f"name {n}")
    for n in range(15):  # the site's line of tries is full
        throttle.reserve(f"192.0.2.{n}", f"name {n}")
    assert throttle.wait("unknown")[1] == "client" and throttle.wait("192.0.2.99", "editor@unccd.int")[1] == "account"
    assert not throttle.reserve("192.0.2.99", "someone").allowed  # the site's line is full


@pytest.fixture
def no_password_check(monkeypatch):
    """The password throttle must not even be asked."""

    def asked():
        raise AssertionError("organisation sign-in asked the password throttle")

    monkeypatch.setattr(ui.auth, "_throttle", asked)


def test_a_signed_in_organisation_editor_publishes_whatever_the_password_pause(
    make_book, every_pause_on, no_password_check
):
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    at.secrets.update(OIDC_SECRETS)
    at.user = {"is_logged_in": True, "email": "editor@unccd.int", "email_verified": True}
    upload(at.run(), book(make_book))
    assert [c for c in labels(at.caption) if c.startswith("Signed in as editor: editor")]
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert "Published as version 1. Everyone now sees this file." in labels(at.success)
    assert labels(at.error) == []


def test_the_organisation_sign_in_button_is_offered_whatever_the_password_pause(
    make_book, every_pause_on, no_password_check
):
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    at.secrets.update(OIDC_SECRETS)
    upload(at.run(), book(make_book))
    assert "Sign in as editor" in [b.label for b in at.button]
    assert labels(at.error) == []
    assert [w.key for w in at.text_input if w.key == "jwp_sign_in_password"] == []  # no password form at all
