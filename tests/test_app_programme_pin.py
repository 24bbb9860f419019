"""A page pins the programme it showed first in its address: a programme published later never moves it."""

from __future__ import annotations

import pytest
from programmes import next_programme_bytes
from test_app_pages import open_app

from conftest import publish_book
from jwp_data.store import open_store

pytestmark = pytest.mark.usefixtures("spare_workers")

EARLIER = "Joint work programme of the UNCCD secretariat and the Global Mechanism 2010–2011"


def title(at) -> str:
    return at.sidebar.subheader[0].value.replace("\\", "")  # as read: markdown escapes gone


def test_a_page_pins_the_programme_it_showed_first_in_its_address():
    at = open_app("en")
    assert at.query_params["programme"] == "JWP-2010-2011"
    publish_book(open_store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")  # a newer programme
    at.run()
    assert not at.exception
    assert at.query_params["programme"] == "JWP-2010-2011"
    assert title(at) == EARLIER


def test_the_briefing_keeps_its_programme_and_slide_when_another_programme_is_published():
    at = open_app("zh", "briefing", slide="2")
    publish_book(open_store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")
    at.run()
    assert at.query_params["programme"] == "JWP-2010-2011" and at.query_params["slide"] == "2"
    assert title(at) == "秘书处和全球机制2010-2011年联合工作方案"


def test_a_new_visitor_without_a_programme_in_the_address_gets_the_newest_pinned():
    publish_book(open_store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")
    at = open_app("en")
    assert at.query_params["programme"] == "JWP-2012-2013"


def test_the_live_poll_asks_only_for_the_pinned_programme(monkeypatch):
    import ui.live

    at = open_app("en")
    publish_book(open_store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")
    asked = []
    store = open_store()
    monkeypatch.setattr(ui.live, "current_store", lambda: store)
    real = store.current_id
    monkeypatch.setattr(store, "current_id", lambda programme_id=None: asked.append(programme_id) or real(programme_id))
    at.run()
    assert asked and set(asked) == {"JWP-2010-2011"}
