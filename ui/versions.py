"""Glue of the History page: the versions and the audit log as tables, viewing, downloading and reverting."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from jwp_data.i18n import t
from jwp_data.i18n.format import format_date
from jwp_data.store import AuditEntry, StaleBaseError, StoreError, Version
from ui import auth
from ui.faults import conflict, reason
from ui.source import PREVIEW_KEY, VERSION_KEY, current_store, forget_view, run_memo, version_bytes, version_number
from ui.widgets import md, plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FLASH_KEY = "jwp_history_flash"
_REFUSED_KEY = "jwp_revert_refused"  # why the last revert changed nothing: shown by the revert button
_PICK_KEY = "jwp_history_pick"
_NOTE_KEY = "jwp_revert_note"
_BANNER_SHOWN = "version_banner"  # in this run's memo: the banner above already says which version is in view


def _when(stamp: str) -> str:
    """'2011-06-01T09:30:12Z' -> '2011-06-01 09:30' (the column header says UTC)."""
    return stamp.replace("T", " ")[:16]


def version_table(versions: list[Version], current_id: int | None, lang: str) -> pd.DataFrame:
    """Every version, newest first: number (within its programme), whether everyone sees it, when, who, file,
    programme, note."""
    col = lambda key: t(f"history.col.{key}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("version"): [version_number(v.id) for v in versions],
            col("current"): ["✔" if v.id == current_id else "" for v in versions],
            col("published_at"): [_when(v.published_at) for v in versions],
            col("published_by"): [auth.shown_name(v.published_by, v.sign_in, lang) for v in versions],
            col("file_name"): [v.file_name for v in versions],
            col("programme"): [v.programme_id for v in versions],
            col("as_of"): [format_date(date.fromisoformat(v.as_of), lang) for v in versions],
            col("note"): [v.note for v in versions],
        }
    )


def _action(action: str, lang: str) -> str:
    return t(f"history.action.{action}" if action in ("publish", "revert") else f"editor.action.{action}", lang)


def audit_table(entries: list[AuditEntry], lang: str) -> pd.DataFrame:
    """Every publish, revert, wrong password and sign-in pause, newest first, with how the actor signed in."""
    col = lambda key: t(f"history.col.{key}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("at"): [_when(e.at) for e in entries],
            col("action"): [_action(e.action, lang) for e in entries],
            col("version"): pd.array([version_number(e.version_id) for e in entries], dtype="Int64"),
            col("actor"): [auth.shown_name(e.actor, e.sign_in, lang) for e in entries],
            t("editor.col.sign_in", lang): [auth.sign_in_label(e.sign_in, lang) for e in entries],
            t("editor.col.client", lang): [e.client or "" for e in entries],
            col("note"): [e.note for e in entries],
        }
    )


def show_flash() -> None:
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(plain(flash[1]))


def pick(versions: list[Version], lang: str) -> Version:
    """The version the reader chooses to look at: the one being viewed when coming back to the page, else the
    newest."""
    by_id = {v.id: v for v in versions}
    viewing = st.session_state.get(VERSION_KEY)
    if _PICK_KEY not in st.session_state and viewing in by_id:  # the picker's own state ends when the page is left
        st.session_state[_PICK_KEY] = viewing
    chosen = st.selectbox(
        t("history.pick", lang),
        list(by_id),
        key=_PICK_KEY,
        format_func=lambda i: t(
            "history.option", lang, id=version_number(i), at=_when(by_id[i].published_at), name=by_id[i].file_name
        ),
    )
    return by_id[chosen]


def _view(version_id: int) -> None:
    st.session_state[VERSION_KEY] = version_id
    st.session_state.pop(PREVIEW_KEY, None)
    forget_view()


def _back_to_current() -> None:
    st.session_state.pop(VERSION_KEY, None)
    forget_view()


def view_controls(version: Version, current: Version, lang: str) -> None:
    """Look at a version in the whole dashboard, read-only, for this browser session; or go back."""
    viewing = st.session_state.get(VERSION_KEY)
    number, current_number = version_number(version.id), version_number(current.id)
    if viewing is not None and viewing != current.id and not run_memo().get(_BANNER_SHOWN):
        said = {"id": version_number(viewing), "current": current_number}
        st.info(md("history.viewing", lang, **said), icon=":material/visibility:")
        st.button(md("history.back", lang, id=current_number), on_click=_back_to_current, icon=":material/undo:")
    if version.id == current.id:
        st.caption(md("history.is_current", lang, id=number))
    elif viewing != version.id:
        st.button(md("history.view", lang, id=number), on_click=_view, args=(version.id,), icon=":material/visibility:")
    st.download_button(
        md("history.download", lang, id=number, name=version.file_name),
        lambda: version_bytes(version.id),
        file_name=version.file_name,
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )


def _revert(version_id: int, base: int, lang: str) -> None:
    editor = auth.current_editor()  # rights are checked when acting, not only when the button was drawn
    if editor is None:
        st.session_state[_REFUSED_KEY] = md("history.revert.denied", lang)
        return
    note = str(st.session_state.get(_NOTE_KEY) or "").strip()
    try:
        current_store().revert(version_id, editor, note, base=base, sign_in=auth.sign_in_method())
    except KeyError:
        st.session_state[_REFUSED_KEY] = md("history.revert.missing", lang, id=version_number(version_id))
        return
    except StaleBaseError as refused:
        st.session_state[_REFUSED_KEY] = conflict(refused, "revert", lang)
        return
    except StoreError as problem:
        st.session_state[_REFUSED_KEY] = md("editor.revert.failed", lang, reason=reason(problem, lang))
        return
    finally:
        forget_view()
    st.session_state.pop(VERSION_KEY, None)
    st.session_state[_NOTE_KEY] = ""
    st.session_state[_FLASH_KEY] = ("success", md("history.revert.done", lang, id=version_number(version_id)))


def revert_section(version: Version, current: Version, lang: str) -> None:
    """Editors make an earlier version current again for everyone, with an optional note."""
    refused = st.session_state.pop(_REFUSED_KEY, None)
    if refused:
        st.error(plain(refused), icon=":material/block:")
    if version.id == current.id:
        return
    number = version_number(version.id)
    st.subheader(md("history.revert.title", lang, id=number))
    if auth.editor_panel(lang) is None:
        return
    with st.form("jwp_revert"):
        st.text_input(t("history.revert.note", lang), key=_NOTE_KEY, max_chars=500)
        st.form_submit_button(
            md("history.revert.button", lang, id=number),
            type="primary",
            on_click=_revert,
            args=(version.id, current.id, lang),
        )


def version_banner(view, lang: str) -> None:
    """On every page, the Briefing included, while this session views a version that is not the current one:
    which version it is, which one everyone else sees, and a button back to it."""
    if view.kind != "version" or view.version_id is None:
        return
    try:
        current = current_store().current_id(view.programme_id)
    except StoreError:
        return  # the store banner says what is wrong; the sidebar still names the version in view
    if current is None or current == view.version_id:
        return
    run_memo()[_BANNER_SHOWN] = True
    said = {"id": version_number(view.version_id), "current": version_number(current)}
    st.warning(
        md("dash.version_banner", lang, programme=view.programme_id or "", **said),
        icon=":material/history:",
    )
    st.button(
        md("history.back", lang, id=said["current"]),
        on_click=_back_to_current,
        icon=":material/undo:",
        key="jwp_back_to_current",
    )
