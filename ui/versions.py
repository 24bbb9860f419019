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
from ui.source import PREVIEW_KEY, VERSION_KEY, current_store, forget_view, version_bytes
from ui.widgets import md, plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FLASH_KEY = "jwp_history_flash"
_REFUSED_KEY = "jwp_revert_refused"  # why the last revert changed nothing: shown by the revert button
_PICK_KEY = "jwp_history_pick"
_NOTE_KEY = "jwp_revert_note"


def _when(stamp: str) -> str:
    """'2011-06-01T09:30:12Z' -> '2011-06-01 09:30' (the column header says UTC)."""
    return stamp.replace("T", " ")[:16]


def version_table(versions: list[Version], current_id: int | None, lang: str) -> pd.DataFrame:
    """Every version, newest first: number, whether everyone sees it, when, who, file, programme, note."""
    col = lambda key: t(f"history.col.{key}", lang)  # noqa: E731
    return pd.DataFrame(
        {
            col("version"): [v.id for v in versions],
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
            col("version"): pd.array([e.version_id for e in entries], dtype="Int64"),
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
    """The version the reader chooses to look at (the newest by default)."""
    by_id = {v.id: v for v in versions}
    chosen = st.selectbox(
        t("history.pick", lang),
        list(by_id),
        key=_PICK_KEY,
        format_func=lambda i: t("history.option", lang, id=i, at=_when(by_id[i].published_at), name=by_id[i].file_name),
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
    if viewing is not None and viewing != current.id:
        st.info(md("history.viewing", lang, id=viewing, current=current.id), icon=":material/visibility:")
        st.button(md("history.back", lang, id=current.id), on_click=_back_to_current, icon=":material/undo:")
    if version.id == current.id:
        st.caption(md("history.is_current", lang, id=version.id))
    elif viewing != version.id:
        st.button(
            md("history.view", lang, id=version.id), on_click=_view, args=(version.id,), icon=":material/visibility:"
        )
    st.download_button(
        md("history.download", lang, id=version.id, name=version.file_name),
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
        st.session_state[_REFUSED_KEY] = md("history.revert.missing", lang, id=version_id)
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
    st.session_state[_FLASH_KEY] = ("success", md("history.revert.done", lang, id=version_id))


def revert_section(version: Version, current: Version, lang: str) -> None:
    """Editors make an earlier version current again for everyone, with an optional note."""
    refused = st.session_state.pop(_REFUSED_KEY, None)
    if refused:
        st.error(plain(refused), icon=":material/block:")
    if version.id == current.id:
        return
    st.subheader(md("history.revert.title", lang, id=version.id))
    if auth.editor_panel(lang) is None:
        return
    with st.form("jwp_revert"):
        st.text_input(t("history.revert.note", lang), key=_NOTE_KEY, max_chars=500)
        st.form_submit_button(
            md("history.revert.button", lang, id=version.id),
            type="primary",
            on_click=_revert,
            args=(version.id, current.id, lang),
        )
