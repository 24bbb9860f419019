"""The Data page as a user meets it (AppTest): upload, the problems, preview, the diff, sign-in and publish."""

from __future__ import annotations

import hashlib
import io
import re
import time
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import button, labels, publish_book, valid_content
from jwp_data import validate_workbook
from jwp_data.i18n import t
from jwp_data.store import VersionStore
from jwp_data.workbook.annotate import issue_table
from tests.paths import SHIPPED_WORKBOOK

pytestmark = pytest.mark.usefixtures("spare_workers")

ROOT = Path(__file__).resolve().parent.parent
DATA_PAGE = str(ROOT / "pages" / "data.py")
APP = str(ROOT / "app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORD = "correct horse battery staple"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
}
EDITORS = {"emails": ["Editor@UNCCD.int"]}


def store() -> VersionStore:
    return VersionStore(Path(__import__("os").environ["JWP_STORE"]))


def page(lang: str | None = None, secrets: dict | None = None, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(DATA_PAGE, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    return at.run()


def upload(at: AppTest, data: bytes, name: str = "update.xlsx") -> AppTest:
    at.file_uploader(key="jwp_uploader").set_value((name, data, XLSX))
    return at.run()


def seen(text):
    """Markdown text as the reader sees it: escapes and word joiners gone."""
    return re.sub(r"\\(.)", r"\1", str(text)).replace("\u2060", "")


def table(at: AppTest, first_column: str):
    """The table (grid or static table) on the page whose first column is `first_column`, as the reader sees it."""
    found = [d.value for d in at.dataframe if d.value.columns[0] == first_column]
    found += [d.value.map(seen) for d in at.table if d.value.columns[0] == first_column]
    assert len(found) == 1, [list(d.value.columns) for d in [*at.dataframe, *at.table]]
    return found[0]


def change_list(at: AppTest) -> list[list[str]]:
    """The change list shown before publishing (an HTML table), header row first, as the reader sees its text."""
    import pandas as pd

    tables = [h.proto.body for h in at.get("html") if 'class="jwp-diff"' in h.proto.body]
    assert len(tables) == 1
    (frame,) = pd.read_html(io.StringIO(tables[0]))
    return [list(frame.columns), *frame.astype(str).values.tolist()]


def changed_book(make_book, **results) -> bytes:
    """The valid workbook with some current results changed: I1={"actual": 6}."""
    rows = valid_content()["Results"]
    for row in rows:
        row.update(results.get(row["indicator_id"], {}))
    return make_book(Results=rows).read_bytes()


def broken_book(make_book) -> bytes:
    indicators = valid_content()["Indicators"]
    del indicators[1]["target"]  # a percent indicator needs a target
    indicators[2]["measure"] = "date"  # not a measure
    return make_book(Indicators=indicators).read_bytes()


def sign_in(at: AppTest, name: str = "Maria", password: str = PASSWORD) -> AppTest:
    at.text_input(key="jwp_sign_in_name").input(name)
    at.text_input(key="jwp_sign_in_password").input(password)
    return button(at, "Sign in as editor").click().run()


# --- before and around an upload ---


def test_without_a_file_the_page_offers_the_template_and_the_workbook_in_use():
    at = page()
    assert not at.exception
    assert at.title[0].value == "Update the data"
    assert [b.label for b in at.download_button] == [
        "Download the blank template",
        "Download the workbook in use (jwp\\_2010\\_2011\\.xlsx)",
        "COP annex (Word)",
    ]
    assert "No file chosen yet" in at.info[0].value


def test_the_uploader_takes_any_file_so_that_every_refusal_is_the_apps_own():
    uploader = page().file_uploader(key="jwp_uploader")
    assert not uploader.allowed_type  # Streamlit's own refusal would be in English only
    assert "up to 20 MB" in uploader.label


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_pdf_is_refused_in_the_users_language(lang):
    pdf = b"%PDF-1.7\n" + b"0" * 200
    at = upload(page(lang=lang), pdf, "report.pdf")
    assert not at.exception and at.error
    said = table(at, issue_table([], lang).columns[0])
    assert said.iloc[0, -1] == validate_workbook(pdf).errors[0].message(lang)  # the core's words


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_file_is_called_empty(lang):
    at = upload(page(lang=lang), b"", "blank.xlsx")
    said = table(at, issue_table([], lang).columns[0])
    assert said.iloc[0, -1] == t("issue.not_xlsx.empty", lang, name="blank.xlsx")
    assert said.iloc[0].tolist()[1:4] == ["", "", ""]  # a whole-file problem: no sheet, row or column


def test_a_valid_file_loads_and_can_be_previewed(make_book):
    at = upload(page(), make_book().read_bytes(), "jwp-june.xlsx")
    assert not at.exception
    assert at.status[0].label == "File checked: it can be loaded"
    assert labels(at.success) == ["No errors in jwp\\-june\\.xlsx: the workbook can be loaded."]
    assert not at.error
    assert [b.label for b in at.button] == ["Discard this file", "Preview this file in the dashboard"]


def test_the_workbook_in_use_downloads_under_its_own_name_once_published(make_book):
    publish_book(store(), make_book().read_bytes(), "jwp-may.xlsx", "Maria")
    at = page()
    assert at.download_button[1].label == "Download the workbook in use (jwp\\-may\\.xlsx)"


# --- problems ---


def test_an_invalid_file_shows_one_line_and_a_table_of_every_problem(make_book):
    data = broken_book(make_book)
    at = upload(page(), data)
    assert at.status[0].label == "File checked: it has problems to fix"
    assert labels(at.error) == [
        "The workbook was not loaded: 2 problems to fix. Fix them in Excel and upload the file again."
    ]
    problems = table(at, "Type")
    assert list(problems.columns) == ["Type", "Sheet", "Row", "Column", "What to do"]
    expected = issue_table(validate_workbook(data).issues, "en")
    assert problems["What to do"].tolist() == expected["What to do"].tolist()
    assert problems[["Sheet", "Row", "Column"]].astype(str).values.tolist() == [
        ["Indicators", "3", "target"],
        ["Indicators", "4", "measure"],
    ]
    assert [b.label for b in at.download_button][-2:] == [
        "Download the list (CSV)",
        "Download your workbook with the problems marked",
    ]
    assert not at.button  # no preview and no publish for a file that does not load
    assert not at.success


def test_the_problems_are_listed_in_chinese_when_chosen(make_book):
    data = broken_book(make_book)
    at = upload(page(lang="zh"), data)
    assert at.error[0].value.startswith("工作簿未载入：有 2 个问题需要修正。")
    problems = table(at, "类型")
    assert list(problems.columns) == ["类型", "工作表", "行", "列", "处理方法"]
    assert problems["处理方法"].tolist() == [
        "百分比指标必须有目标值。请以百分点填写目标（50% 填 50）。",
        "“date”不是有效的计量方式。请使用 count、percent 或 milestone。",
    ]
    assert problems["类型"].tolist() == ["错误", "错误"]


def test_warnings_are_listed_but_the_file_loads(make_book):
    rows = valid_content()["Results"]
    rows[1]["actual"] = 0.5  # a percent typed as a fraction
    at = upload(page(), make_book(Results=rows).read_bytes())
    assert labels(at.warning)[0] == "1 warning worth checking. The workbook loads as it is."
    warnings = table(at, "Type")
    assert warnings[["Type", "Sheet", "Row", "Column"]].astype(str).values.tolist() == [
        ["Warning", "Results", "3", "actual"]
    ]
    assert "type 50" in warnings["What to do"][0]
    assert at.success and [b.label for b in at.button] == ["Discard this file", "Preview this file in the dashboard"]


def test_a_file_that_is_not_an_xlsx_is_explained_without_a_traceback():
    at = upload(page(), b"indicator_id,actual\nI1,5\n", "figures.xlsx")
    assert not at.exception
    assert at.error[0].value.startswith("The workbook was not loaded: 1 problem to fix.")
    assert table(at, "Type")["What to do"][0].startswith("This file is not an Excel workbook (.xlsx).")
    assert [b.label for b in at.download_button][-1] == "Download the list (CSV)"  # no annotated copy


def test_an_old_xls_file_renamed_to_xlsx_is_explained():
    at = upload(page(), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xlsx")
    assert "old-format Excel file (.xls)" in table(at, "Type")["What to do"][0]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(zip_bomb):
    started = time.monotonic()
    at = upload(page(), zip_bomb, "bomb.xlsx")
    assert time.monotonic() - started < 10
    assert not at.exception
    message = table(at, "Type")["What to do"][0]
    assert message.startswith("The workbook's content unpacks to 210 MB; the limit is 200 MB.")
    assert "Download your workbook with the problems marked" not in [b.label for b in at.download_button]


def test_a_file_over_20_mb_is_refused_by_its_size():
    at = upload(page(), b"PK\x03\x04" + b"\0" * (21 * 1024 * 1024), "huge.xlsx")
    assert table(at, "Type")["What to do"][0].startswith("The file is 21 MB; the limit is 20 MB.")


def test_sheet_text_in_a_file_name_is_shown_as_text(make_book):
    at = upload(page(), make_book().read_bytes(), "<b>**bold**</b>.xlsx")
    assert labels(at.success) == ["No errors in \\<b\\>\\*\\*bold\\*\\*\\</b\\>\\.xlsx: the workbook can be loaded."]


# --- preview ---


def test_preview_puts_the_file_in_view_for_this_session_only(make_book):
    data = changed_book(make_book, I1={"actual": 6})
    at = upload(page(), data, "mine.xlsx")
    button(at, "Preview this file in the dashboard").click().run()
    assert at.session_state["jwp_preview"] == {"data": data, "file_name": "mine.xlsx"}
    assert "You are previewing this file in the whole dashboard" in at.info[0].value
    assert store().versions() == []  # nothing published

    dashboard = AppTest.from_file(APP, default_timeout=60)
    dashboard.session_state["jwp_preview"] = at.session_state["jwp_preview"]
    dashboard.run()
    assert not dashboard.exception
    assert labels(dashboard.warning)[0].startswith("Previewing your file — not published (mine\\.xlsx)")

    someone_else = AppTest.from_file(APP, default_timeout=60).run()
    assert not any("Previewing" in w for w in labels(someone_else.warning))

    button(dashboard, "Stop the preview").click().run()  # on the banner, on every page
    assert "jwp_preview" not in dashboard.session_state
    assert not any("Previewing" in w for w in labels(dashboard.warning))
    assert "Stop the preview" not in [b.label for b in dashboard.button]


def test_the_preview_banner_has_a_stop_button_on_every_page(make_book):
    data = changed_book(make_book, I1={"actual": 6})
    for path in ("overview", "objectives", "indicators", "progress", "method", "history"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["jwp_preview"] = {"data": data, "file_name": "mine.xlsx"}
        at.switch_page(f"pages/{path}.py").run()
        assert not at.exception, path
        button(at, "Stop the preview").click().run()
        assert "jwp_preview" not in at.session_state, path


# --- the diff ---


def test_the_diff_lists_every_change_against_the_published_version(make_book):
    publish_book(store(), make_book().read_bytes(), "may.xlsx", "Maria")
    at = upload(page(), changed_book(make_book, I2={"actual": 50}, I3={"rating": "achieved"}))
    assert "What changes compared with the published version 1" in [s.value for s in at.subheader]
    assert "0 indicators added, 0 removed, 4 other changes." in labels(at.markdown)
    assert change_list(at) == [
        ["Indicator or objective", "What", "Published", "This file"],
        ["I2", "Actual", "20%", "50%"],
        ["I2", "Status", "⚠ Behind", "✔ Achieved"],
        ["I3", "Rating", "In progress", "Achieved"],
        ["I3", "Status", "▶ In progress", "✔ Achieved"],
    ]


NARRATIVE = (
    "Three subregional workshops were held with UNDP on aligning national action programmes, and the "
    "secretariat shared the material with the Global Mechanism for use by Parties."
)
APPENDED = "A fourth workshop <script>alert(1)</script> is set for [March](https://example.org) 2011."


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_sentence_appended_to_a_narrative_shows_marked_and_escaped(make_book, lang):
    publish_book(store(), changed_book(make_book, I1={"performance_en": NARRATIVE}), "may.xlsx", "Maria")
    at = upload(page(lang), changed_book(make_book, I1={"performance_en": f"{NARRATIVE} {APPENDED}"}))
    (body,) = [h.proto.body for h in at.get("html") if 'class="jwp-diff"' in h.proto.body]
    added = "A fourth workshop &lt;script&gt;alert(1)&lt;/script&gt; is set for [March](https://example.org) 2011."
    assert f"<ins>{added}</ins>" in body or f"<ins> {added}</ins>" in body
    assert "<script>" not in body and "<a " not in body
    assert "<del>" not in body.split("</style>", 1)[1].split("<table", 1)[1]  # nothing was taken out
    row = change_list(at)[1]
    assert row[0] == "I1" and row[3].endswith(APPENDED)
    assert row[2].endswith("for use by Parties.") and APPENDED not in row[2]


def test_the_diff_lists_indicators_added_and_removed_and_new_dates(make_book):
    from datetime import date

    publish_book(store(), make_book().read_bytes(), "may.xlsx", "Maria")
    indicators = valid_content()["Indicators"][:2]
    results = [r for r in valid_content()["Results"] if r["indicator_id"] != "I3"]
    results.append({"indicator_id": "I1", "reported_on": date(2010, 12, 31), "actual": 2})
    at = upload(page(), make_book(Indicators=indicators, Results=results).read_bytes())
    assert "**Indicators removed**" in labels(at.markdown)
    assert "**Indicators added**" not in labels(at.markdown)
    assert table(at, "Indicator").values.tolist() == [["I3", "OO2", "Framework agreed"]]
    # the new date's result of I1 is the one other change
    assert "0 indicators added, 1 removed, 1 other change." in labels(at.markdown)
    assert "New reporting date: 31 December 2010." in labels(at.markdown)


def test_the_same_file_as_the_one_in_use_changes_nothing():
    at = upload(page(), (SHIPPED_WORKBOOK).read_bytes(), "copy.xlsx")
    assert "What changes compared with the shipped workbook" in [s.value for s in at.subheader]
    assert "This is exactly the file everyone sees now: nothing would change." in labels(at.info)


# --- editors and publishing ---


def test_without_any_sign_in_set_up_publishing_is_off_and_the_page_says_how_to_turn_it_on(make_book):
    at = upload(page(), make_book().read_bytes())
    text = at.info[-1].value
    assert text.startswith("Publishing is turned off")
    for setting in ("`JWP_EDITOR_PASSWORD`", "`editor_password_hash", "`[auth]`", "`[editors]`", "secrets.toml"):
        assert setting in text
    assert "Publish this file" not in [b.label for b in at.button]


def test_an_editor_signs_in_with_the_password_and_publishes_with_a_note(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    data = changed_book(make_book, I1={"actual": 6})
    at = upload(page(), data, "june.xlsx")
    button(at, "Preview this file in the dashboard").click().run()
    sign_in(at, "Maria")
    assert "Signed in as editor: Maria (name given at sign-in)" in labels(at.caption)
    at.text_input(key="jwp_publish_note").input("Figures for the Bureau")
    at.checkbox(key="jwp_publish_new_programme").check()  # TEST-1 is a new programme in this store
    button(at, "Publish this file").click().run()
    assert not at.exception
    assert labels(at.success)[0] == "Published as version 1. Everyone now sees this file."
    version = store().current()
    assert (version.file_name, version.published_by, version.note) == ("june.xlsx", "Maria", "Figures for the Bureau")
    assert store().data(version.id) == data
    assert "jwp_preview" not in at.session_state  # the preview ended: it is what everyone sees now
    assert "This file is already the current version (1)." in labels(at.info)


def test_the_password_can_be_a_sha256_in_the_secrets(make_book):
    secrets = {"editor_password_sha256": hashlib.sha256(PASSWORD.encode()).hexdigest().upper()}
    at = upload(page(secrets=secrets), make_book().read_bytes())
    sign_in(at, "Li")
    assert "Signed in as editor: Li (name given at sign-in)" in labels(at.caption)


def test_a_password_secret_that_is_not_a_sha256_is_reported_not_used(make_book):
    at = upload(page(secrets={"editor_password_sha256": PASSWORD}), make_book().read_bytes())
    assert labels(at.warning)[-1].startswith(
        "The secret `editor_password_sha256` is set but is neither what `python -m jwp_data password` prints nor a SHA-256"
    )
    assert labels(at.info)[-1].startswith("Publishing is turned off")


def test_a_wrong_password_is_refused_and_counted(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(upload(page(), make_book().read_bytes()), password="guess")
    assert labels(at.error) == ["Wrong password. 4 more tries before a pause."]
    assert "Publish this file" not in [b.label for b in at.button]
    assert at.text_input(key="jwp_sign_in_password").value == ""


def test_a_name_is_needed_to_sign_in(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(upload(page(), make_book().read_bytes()), name="  ")
    assert labels(at.error) == ["Type your name: it is recorded with every version you publish."]


def test_after_five_wrong_passwords_even_the_right_one_waits(make_book, monkeypatch):
    import ui.auth

    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    monkeypatch.setattr(ui.auth, "client_key", lambda: "203.0.113.7")  # AppTest has no client address
    at = upload(page(), make_book().read_bytes())
    for _ in range(5):
        sign_in(at, password="guess")
    assert labels(at.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]
    sign_in(at, password=PASSWORD)
    assert labels(at.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]
    assert "Publish this file" not in [b.label for b in at.button]
    new_tab = sign_in(upload(page(), make_book().read_bytes()), password=PASSWORD)  # same client, new session
    assert labels(new_tab.error) == ["Too many wrong passwords from your address. Try again in 5 minutes."]


def test_rights_are_checked_when_publishing_not_only_when_the_button_was_drawn(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(upload(page(), make_book().read_bytes()))
    publish = button(at, "Publish this file")
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", "a new password")  # the password changed: every editor is out
    publish.click().run()
    assert labels(at.error)[0] == "Not published: only a signed-in editor can publish."
    assert store().versions() == []


def test_signing_out_removes_the_publish_button(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at = sign_in(upload(page(), make_book().read_bytes()))
    button(at, "Sign out").click().run()
    assert "Publish this file" not in [b.label for b in at.button]
    assert "Sign in as editor" in [b.label for b in at.button]


def test_an_editor_on_the_list_publishes_after_signing_in_with_openid_connect(make_book):
    user = {"is_logged_in": True, "email": "editor@unccd.int", "name": "Ed"}
    at = upload(page(secrets={"auth": AUTH, "editors": EDITORS}, user=user), make_book().read_bytes(), "oct.xlsx")
    assert "Signed in as editor: editor@unccd.int" in map(seen, labels(at.caption))
    at.checkbox(key="jwp_publish_new_programme").check()
    button(at, "Publish this file").click().run()
    assert labels(at.success)[0] == "Published as version 1. Everyone now sees this file."
    assert store().current().published_by == "editor@unccd.int"


def test_a_signed_in_user_not_on_the_list_cannot_publish(make_book):
    user = {"is_logged_in": True, "email": "visitor@example.org"}
    at = upload(page(secrets={"auth": AUTH, "editors": EDITORS}, user=user), make_book().read_bytes())
    assert "not on the editors' list" in at.warning[-1].value
    assert "Publish this file" not in [b.label for b in at.button]


def test_an_email_without_a_sign_in_is_not_an_editor(make_book):
    # AppTest's default user, like a local run without sign-in, has an e-mail but is not logged in
    secrets = {"auth": AUTH, "editors": {"emails": ["test@example.com"]}}
    at = upload(page(secrets=secrets, user={"email": "test@example.com"}), make_book().read_bytes())
    assert "Publish this file" not in [b.label for b in at.button]
    assert "Sign in as editor" in [b.label for b in at.button]


def test_the_sign_in_button_starts_openid_connect(make_book, monkeypatch):
    calls = []
    monkeypatch.setattr(st, "login", lambda *provider: calls.append(provider))
    at = upload(
        page(secrets={"auth": AUTH, "editors": EDITORS}, user={"is_logged_in": False}), make_book().read_bytes()
    )
    button(at, "Sign in as editor").click().run()
    assert calls == [()]


def test_an_editor_who_loses_the_sign_in_cannot_use_the_button_still_on_the_page(make_book):
    user = {"is_logged_in": True, "email": "editor@unccd.int"}
    at = upload(page(secrets={"auth": AUTH, "editors": EDITORS}, user=user), make_book().read_bytes())
    publish = button(at, "Publish this file")
    at.user = {"is_logged_in": True, "email": "visitor@example.org"}
    publish.click().run()
    assert labels(at.error)[0] == "Not published: only a signed-in editor can publish."
    assert store().versions() == []


def test_publishing_a_file_stored_before_makes_it_current_again(make_book, monkeypatch):
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    first = make_book().read_bytes()
    publish_book(store(), first, "may.xlsx", "Maria")
    publish_book(store(), changed_book(make_book, I1={"actual": 6}), "june.xlsx", "Maria")
    at = sign_in(upload(page(), first, "may again.xlsx"))
    button(at, "Publish this file").click().run()
    assert labels(at.success)[0] == "This file was already stored as version 1; it is now the current version again."
    assert store().current().id == 1 and len(store().versions()) == 2


def _workbook_with_title(title: str) -> bytes:
    book = openpyxl.load_workbook(SHIPPED_WORKBOOK)
    for row in book["Programme"].iter_rows(min_row=2):
        if row[0].value == "title_en":
            row[1].value = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_shipped_workbook_with_a_new_title_lists_the_title_as_the_only_change():
    at = upload(page(), _workbook_with_title("JWP 2010-2011 (revised)"))
    assert "0 indicators added, 0 removed, 1 other change." in [m.value for m in at.markdown]
    assert change_list(at)[1][1:] == [
        "Title (English)",
        "Joint work programme of the UNCCD secretariat and the Global Mechanism 2010–2011",
        "JWP 2010-2011 (revised)",
    ]


# --- drafts: a checked file stays until it is published or discarded ---


def browser_with_cookie(monkeypatch, draft_id: str | None) -> None:
    """A new session of a browser that holds this draft cookie (None: a browser without one)."""
    import ui.drafts

    monkeypatch.setattr(ui.drafts, "browser_draft_id", lambda: draft_id)


def kept_draft(make_book) -> tuple[AppTest, bytes]:
    """Version 1 published; a changed file uploaded and checked, so kept as this browser's draft."""
    publish_book(store(), make_book().read_bytes(), "may.xlsx", "Maria")
    data = changed_book(make_book, I2={"actual": 50})
    return upload(page(), data, "june.xlsx"), data


def test_a_checked_file_is_kept_as_a_draft_that_only_its_id_opens(make_book):
    from jwp_data.store.drafts import Drafts

    at, data = kept_draft(make_book)
    held = at.session_state["jwp_draft"]
    assert any(c.startswith("Kept as your private draft until") for c in labels(at.caption))
    assert Drafts(store()).get(held["id"]).data == data
    assert held["id"] not in str(at.query_params)  # never in the address


def test_the_draft_is_still_there_after_another_page(make_book):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    publish_book(store(), make_book().read_bytes(), "may.xlsx", "Maria")
    upload(at, changed_book(make_book, I2={"actual": 50}), "june.xlsx")
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    assert labels(at.info)[0].startswith("Your draft june\\.xlsx, kept since ")
    assert "What changes compared with the published version 1" in [s.value for s in at.subheader]
    assert "Publish for everyone" in [s.value for s in at.subheader]


def test_a_reload_opens_the_draft_again_from_the_browsers_cookie_and_checks_it_against_the_current_version(
    make_book, monkeypatch
):
    at, data = kept_draft(make_book)
    draft_id = at.session_state["jwp_draft"]["id"]
    publish_book(store(), changed_book(make_book, I3={"rating": "achieved"}), "july.xlsx", "Li")  # meanwhile

    browser_with_cookie(monkeypatch, draft_id)
    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    reloaded = page()
    assert not reloaded.exception
    assert labels(reloaded.info)[0].startswith("Your draft june\\.xlsx, kept since ")
    assert "What changes compared with the published version 2" in [s.value for s in reloaded.subheader]
    changes = change_list(reloaded)
    assert ["I2", "Actual", "20%", "50%"] in changes
    assert ["I3", "Rating", "Achieved", "In progress"] in changes
    sign_in(reloaded)
    button(reloaded, "Publish this file").click().run()
    assert labels(reloaded.success)[0] == "Published as version 3. Everyone now sees this file."
    assert store().data(store().current().id) == data


def test_a_viewer_with_the_address_but_without_the_cookie_sees_no_draft(make_book, monkeypatch):
    kept_draft(make_book)
    browser_with_cookie(monkeypatch, None)
    other = page()
    assert "No file chosen yet" in labels(other.info)[0]
    assert not other.dataframe and not other.subheader


def test_discarding_removes_the_draft_for_good(make_book, monkeypatch):
    from jwp_data.store.drafts import Drafts

    at, _ = kept_draft(make_book)
    draft_id = at.session_state["jwp_draft"]["id"]
    button(at, "Preview this file in the dashboard").click().run()
    button(at, "Discard this file").click().run()
    assert not at.exception
    assert labels(at.success) == ["The file was discarded: it is no longer kept."]
    assert "No file chosen yet" in labels(at.info)[0]
    assert "jwp_preview" not in at.session_state  # the preview was of that file
    assert Drafts(store()).get(draft_id) is None
    browser_with_cookie(monkeypatch, draft_id)
    assert "No file chosen yet" in labels(page().info)[0]


def test_publishing_ends_the_draft(make_book, monkeypatch):
    from jwp_data.store.drafts import Drafts

    monkeypatch.setenv("JWP_EDITOR_PASSWORD", PASSWORD)
    at, _ = kept_draft(make_book)
    draft_id = at.session_state["jwp_draft"]["id"]
    sign_in(at)
    button(at, "Publish this file").click().run()
    assert labels(at.success)[0] == "Published as version 2. Everyone now sees this file."
    assert Drafts(store()).get(draft_id) is None and "jwp_draft" not in at.session_state
    assert "Discard this file" not in [b.label for b in at.button]  # what is published is no draft


# --- which programme: the one of the file being checked ---


def _next_programme_changed() -> bytes:
    from programmes import next_programme_content

    from jwp_data.workbook.template import write_workbook

    content = next_programme_content()
    content["programme"]["title_en"] += " (revised)"
    out = io.BytesIO()
    write_workbook(out, content)
    return out.getvalue()


def test_the_workbook_in_use_is_the_one_of_the_programme_being_checked():
    from programmes import next_programme_bytes

    publish_book(store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Maria")  # the newest programme
    at = page()
    assert at.download_button[1].label == "Download the workbook in use (jwp\\_2012\\_2013\\.xlsx)"
    upload(at, _workbook_with_title("JWP 2010-2011 (revised)"), "update-2010.xlsx")
    assert at.download_button[1].label == "Download the workbook in use (jwp\\_2010\\_2011\\.xlsx)"


def test_versions_are_numbered_within_their_programme_on_the_data_page(make_book):
    from programmes import next_programme_bytes

    publish_book(store(), make_book().read_bytes(), "may.xlsx", "Maria")  # TEST-1, version 1 (store id 1)
    publish_book(store(), next_programme_bytes(), "jwp_2012_2013.xlsx", "Maria")  # store id 2
    at = upload(page(), _next_programme_changed(), "update-2012.xlsx")
    assert "What changes compared with the published version 1" in [s.value for s in at.subheader]


def test_over_https_only_the_host_only_cookie_names_a_draft(monkeypatch):
    """A neighbouring subdomain can set `jwp_draft` for the whole domain, never `__Host-jwp_draft`."""
    import types

    import ui.drafts

    context = types.SimpleNamespace(url="https://jwp.example.org/data", cookies={"jwp_draft": "planted"})
    monkeypatch.setattr(ui.drafts, "st", types.SimpleNamespace(context=context))
    assert ui.drafts.browser_draft_id() is None
    context.cookies["__Host-jwp_draft"] = "mine"
    assert ui.drafts.browser_draft_id() == "mine"
    context.url = "http://127.0.0.1:8501/data"  # a local server: no HTTPS, no prefix
    assert ui.drafts.browser_draft_id() == "planted"


def test_the_draft_reads_in_chinese(make_book, monkeypatch):
    at = upload(page(lang="zh"), changed_book(make_book, I2={"actual": 50}), "june.xlsx")
    assert any(c.startswith("已作为您的私人草稿保留至 ") for c in labels(at.caption))
    assert "舍弃此文件" in [b.label for b in at.button]
    browser_with_cookie(monkeypatch, at.session_state["jwp_draft"]["id"])
    reloaded = page(lang="zh")
    assert any(i.startswith("您自 ") and "起保留的草稿 june\\.xlsx 已恢复" in i for i in labels(reloaded.info))
