"""The History page as a user meets it (AppTest): versions, viewing one, downloading, reverting, the audit log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conftest import button, labels, publish_book, valid_content
from jwp_data.store import VersionStore

ROOT = Path(__file__).resolve().parent.parent
HISTORY_PAGE = str(ROOT / "pages" / "history.py")
APP = str(ROOT / "app.py")
PASSWORD = "correct horse battery staple"


def store() -> VersionStore:
    return VersionStore(os.environ["JWP_STORE"])


@pytest.fixture
def two_versions(make_book):
    """Version 1 (May, by Maria) and version 2 (June, by Li, current)."""
    results = valid_content()["Results"]
    results[0]["actual"] = 4
    publish_book(store(), make_book(Results=results).read_bytes(), "jwp-may.xlsx", "Maria", "For the Bureau")
    publish_book(store(), make_book().read_bytes(), "jwp-june.xlsx", "Li", "")
    return store()


def page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(HISTORY_PAGE, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def sign_in(at: AppTest, name: str = "Maria") -> AppTest:
    at.text_input(key="jwp_sign_in_name").input(name)
    at.text_input(key="jwp_sign_in_password").input(PASSWORD)
    return button(at, "Sign in as editor").click().run()


def choose(at: AppTest, version_id: int) -> AppTest:
    at.selectbox(key="jwp_history_pick").set_value(version_id)
    return at.run()


def test_before_any_publish_the_page_says_the_shipped_workbook_is_in_use():
    at = page()
    assert not at.exception
    assert labels(at.info) == ["Nothing has been published yet: everyone sees the workbook shipped with the dashboard."]


def test_every_version_is_listed_with_who_when_and_why(two_versions):
    at = page()
    assert "Everyone sees version 2. Times are UTC." in labels(at.caption)
    versions = at.dataframe[0].value
    assert list(versions.columns) == [
        "Version",
        "In use",
        "Published (UTC)",
        "By",
        "File",
        "Programme",
        "Reports on",
        "Note",
    ]
    rows = versions[["Version", "In use", "By", "File", "Programme", "Reports on", "Note"]].values.tolist()
    assert rows == [
        [2, "✔", "Li (name given at sign-in)", "jwp-june.xlsx", "TEST-1", "31 May 2011", ""],
        [1, "", "Maria (name given at sign-in)", "jwp-may.xlsx", "TEST-1", "31 May 2011", "For the Bureau"],
    ]
    assert versions["Published (UTC)"][0] == store().get(2).published_at.replace("T", " ")[:16]


def test_the_audit_log_lists_publishes_and_reverts(two_versions):
    two_versions.revert(1, "Ahmed", "June figures not confirmed")
    audit = page().dataframe[1].value
    assert list(audit.columns) == ["When (UTC)", "What", "Version", "Who", "Signed in with", "From address", "Note"]
    assert audit[["What", "Version", "Who", "Signed in with", "Note"]].values.tolist() == [
        ["Made current again", 1, "Ahmed (name given at sign-in)", "editors' password", "June figures not confirmed"],
        ["Published", 2, "Li (name given at sign-in)", "editors' password", ""],
        ["Published", 1, "Maria (name given at sign-in)", "editors' password", "For the Bureau"],
    ]


def test_an_earlier_version_can_be_viewed_in_the_whole_dashboard_read_only(two_versions):
    at = choose(page(), 1)
    assert [b.label for b in at.download_button] == ["Download version 1 (jwp\\-may\\.xlsx)"]
    button(at, "View version 1 in the dashboard").click().run()
    assert at.session_state["jwp_view_version"] == 1
    assert labels(at.info)[0] == (
        "You are viewing version 1, read-only, in the whole dashboard. Everyone else sees version 2."
    )

    dashboard = AppTest.from_file(APP, default_timeout=60)
    dashboard.session_state["jwp_view_version"] = 1
    dashboard.run()
    assert not dashboard.exception
    assert any(c.startswith("Showing: Earlier version 1") for c in labels(dashboard.sidebar.caption))
    assert store().current().id == 2  # viewing changes nothing for anyone else

    button(at, "Back to the current version (2)").click().run()
    assert "jwp_view_version" not in at.session_state


def test_viewing_a_version_ends_a_preview(two_versions):
    at = choose(page(), 1)
    at.session_state["jwp_preview"] = {"data": b"...", "file_name": "mine.xlsx"}
    button(at, "View version 1 in the dashboard").click().run()
    assert "jwp_preview" not in at.session_state


def test_the_current_version_offers_no_revert(two_versions, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = page()
    assert "Version 2 is the one everyone sees." in labels(at.caption)
    assert not [b for b in at.button if "current for everyone" in b.label]
    assert not at.text_input  # no sign-in needed to look


def test_a_viewer_sees_no_revert_and_is_told_how_publishing_is_turned_on(two_versions):
    at = choose(page(), 1)
    assert "Make version 1 current again" in [s.value for s in at.subheader]
    assert labels(at.info)[-1].startswith("Publishing is turned off")
    assert not [b for b in at.button if "current for everyone" in b.label]


def test_an_editor_makes_an_earlier_version_current_again(two_versions, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(choose(page(), 1), "Ahmed")
    at.text_input(key="jwp_revert_note").input("June figures not confirmed")
    button(at, "Make version 1 current for everyone").click().run()
    assert not at.exception
    assert labels(at.success)[0] == "Version 1 is current again. Everyone now sees it."
    assert store().current().id == 1
    entry = store().audit()[0]
    assert (entry.action, entry.version_id, entry.actor, entry.note) == (
        "revert",
        1,
        "Ahmed",
        "June figures not confirmed",
    )
    assert "Everyone sees version 1. Times are UTC." in labels(at.caption)
    assert at.dataframe[0].value["In use"].tolist() == ["", "✔"]


def test_revert_checks_editor_rights_when_acting(two_versions, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(choose(page(), 1))
    revert = button(at, "Make version 1 current for everyone")
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", "changed")  # the sign-in no longer holds
    revert.click().run()
    assert labels(at.error)[0] == "Nothing changed: only a signed-in editor can make a version current."
    assert store().current().id == 2
    assert len(store().audit()) == 2


def test_the_page_reads_in_chinese(two_versions):
    at = page(lang="zh")
    assert at.title[0].value == "版本与历史"
    assert list(at.dataframe[1].value.columns) == [
        "时间（UTC）",
        "操作",
        "版本",
        "操作人",
        "登录方式",
        "来源地址",
        "说明",
    ]
    assert at.dataframe[1].value["操作"].tolist() == ["发布", "发布"]


def test_coming_back_to_history_the_picker_shows_the_version_being_viewed(two_versions):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["jwp_view_version"] = 1  # viewed from History, then another page was opened
    at.run()
    at.switch_page("pages/history.py").run()
    assert not at.exception
    assert at.selectbox(key="jwp_history_pick").value == 1
    assert "View version 1 in the dashboard" not in [b.label for b in at.button]


PAGES = ("overview", "objectives", "indicators", "progress", "compare", "briefing", "data", "history", "method")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_says_when_a_version_that_is_not_current_is_in_view(two_versions, path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["jwp_view_version"] = 1
    at.run()
    at.switch_page(f"pages/{path}.py").run()
    assert not at.exception, path
    assert labels(at.warning)[0] == (
        "Not the current version: you are viewing version 1 of TEST\\-1, read-only. Everyone else sees version 2."
    )
    assert not any(i.startswith("You are viewing version") for i in labels(at.info))  # said once, not twice
    button(at, "Back to the current version (2)").click().run()
    assert "jwp_view_version" not in at.session_state
    assert not any(w.startswith("Not the current version") for w in labels(at.warning))


def test_the_banner_reads_in_chinese_on_the_briefing(two_versions):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.session_state["jwp_view_version"] = 1
    at.run()
    at.switch_page("pages/briefing.py").run()
    assert labels(at.warning)[0] == "这不是当前版本：您正在以只读方式查看 TEST\\-1 的版本 1。其他所有人看到的是版本 2。"
    assert "返回当前版本（2）" in [b.label for b in at.button]


def test_the_current_version_viewed_from_history_gets_no_banner(two_versions):
    two_versions.revert(1, "Ahmed")  # the version this session views became the current one
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["jwp_view_version"] = 1
    at.run()
    assert not any(w.startswith("Not the current version") for w in labels(at.warning))


def test_versions_are_numbered_within_their_programme(two_versions):
    from programmes import next_programme_bytes

    publish_book(store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Li")  # store id 3
    at = AppTest.from_file(HISTORY_PAGE, default_timeout=60)
    at.query_params["programme"] = "JWP-2012-2013"
    at.run()
    assert "Everyone sees version 1. Times are UTC." in labels(at.caption)
    assert at.dataframe[0].value["Version"].tolist() == [1]
    assert at.dataframe[1].value["Version"].tolist() == [1]
    assert at.selectbox(key="jwp_history_pick").format_func(3).startswith("Version 1 · ")
    assert "Version 1 is the one everyone sees." in labels(at.caption)

    dashboard = AppTest.from_file(APP, default_timeout=60)
    dashboard.query_params["programme"] = "JWP-2012-2013"
    dashboard.run()
    assert any(c.startswith("Showing: Published version 1 \\(") for c in labels(dashboard.sidebar.caption))
