"""A typed editor's name is shown as text, with "(name given at sign-in)": in the sign-in caption, and in the
live news after a publish or a revert, for readers who follow and for readers who keep an earlier version
(AppTest, both languages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_reading import assert_shown_as_text
from streamlit.testing.v1 import AppTest
from test_app_editor import DATA_PAGE, PASSWORD, book, sign_in, store, upload
from test_app_editor import run as run_page

from conftest import labels, publish_book

pytestmark = pytest.mark.usefixtures("spare_workers", "editor_password")


@pytest.fixture
def editor_password(monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)


NAME = "![t](http://127.0.0.1:9/t.png)[Re-login](http://x.test/p) :material/lock: $x$"
ROOT = Path(__file__).resolve().parent.parent
TYPED = {"en": "(name given at sign-in)", "zh": "（登录时填写的姓名）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_typed_name_is_text_in_the_sign_in_caption(make_book, lang):
    label = {"en": "Sign in as editor", "zh": "以编辑身份登录"}[lang]
    at = sign_in(upload(run_page(DATA_PAGE, lang=lang), book(make_book)), NAME, label=label)
    caption = next(c for c in labels(at.caption) if TYPED[lang] in c)
    assert_shown_as_text(caption, f"{NAME} {TYPED[lang]}" if lang == "en" else NAME)


def _news_page():
    """The news of the version named in the URL, as the live poll shows it."""
    import streamlit as st

    from ui import live
    from ui.markdown import plain

    st.toast(plain(live.news(int(st.query_params["version"]), st.query_params["lang"])))


def _published_twice(make_book) -> tuple[int, int]:
    first = publish_book(store(), book(make_book), "first.xlsx", "Li").version.id
    second = publish_book(store(), book(make_book, I1={"actual": 6}), "second.xlsx", "Li", base=first).version.id
    return first, second


@pytest.mark.parametrize(("lang", "action"), [("en", "publish"), ("zh", "publish"), ("en", "revert"), ("zh", "revert")])
def test_the_live_news_names_the_programme_version_and_typed_name_as_text(make_book, lang, action):
    first, second = _published_twice(make_book)
    if action == "publish":
        made = publish_book(store(), book(make_book, I1={"actual": 7}), "third.xlsx", NAME, base=second).version.id
    else:
        made = store().revert(first, NAME, "back", base=second, sign_in="password").id
    at = AppTest.from_function(_news_page, default_timeout=60)
    at.query_params.update(version=str(made), lang=lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    toast = at.toast[0].value
    assert_shown_as_text(toast, NAME)
    assert TYPED[lang] in toast and "TEST\\-1" in toast and f"{made}" in toast
    words = {"en": ("published by", "made current again by"), "zh": ("发布", "恢复为当前版本")}[lang]
    assert words[action == "revert"] in toast


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_on_an_earlier_version_is_told_of_a_publish_with_the_name_as_text(make_book, lang):
    first, second = _published_twice(make_book)
    made = publish_book(store(), book(make_book, I1={"actual": 7}), "third.xlsx", NAME, base=second).version.id
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state["jwp_view_version"] = first  # viewing version 1 from History; the page last saw version 2
    at.session_state["jwp_live_seen"] = second
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    toast = at.toast[0].value
    assert_shown_as_text(toast, NAME)
    assert TYPED[lang] in toast and f"{made}" in toast
