"""Live updates: every open page notices a newly published or reverted version within seconds, without a click.

A fragment polls the id of the current version every POLL_SECONDS (one small store query). When it
changes, the whole page reruns on the new version and says so ("Updated to version N (published by
X at T)"); the URL, and with it the Briefing's slide number, stays as it was. A private preview, or an
old version someone chose to view, is never replaced: they are told, and keep what they look at.
"""

from __future__ import annotations

import streamlit as st

from jwp_data.i18n import t
from jwp_data.store import StoreError
from ui.source import PREVIEW_KEY, VERSION_KEY, current_store, programme_in_view, version_number

POLL_SECONDS = 5
SEEN_KEY = "jwp_live_seen"  # the current version id when this session last drew the page
NEWS_KEY = "jwp_live_news"  # the message to show after the rerun that brought the new version


def current_version_id() -> int | None:
    """The id of the version everyone sees now of the programme in view (None while it has none stored)."""
    return current_store().current_id(programme_in_view())


def _when(at: str) -> str:
    """'2026-12-02 10:45 UTC' from the store's ISO time."""
    return at.replace("T", " ").replace("Z", "")[:16] + " UTC" if at else ""


def news(version_id: int, lang: str) -> str:
    """What changed, in the user's words: the version, who made it current and when."""
    store = current_store()
    latest = next((entry for entry in store.audit(programme_in_view()) if entry.version_id == version_id), None)
    if latest is not None and latest.action == "revert":
        return t("live.reverted", lang, id=version_number(version_id), who=latest.actor, at=_when(latest.at))
    version = store.get(version_id)
    who = version.published_by if version else (latest.actor if latest else "")
    at = version.published_at if version else (latest.at if latest else "")
    return t("live.updated", lang, id=version_number(version_id), who=who, at=_when(at))


def watch(view, lang: str) -> None:
    """Show the news a poll brought, remember the version drawn, and start polling (once per full run)."""
    message = st.session_state.pop(NEWS_KEY, None)
    if message:
        st.toast(message, icon=":material/update:", duration="long")
    if view.kind == "published":
        st.session_state[SEEN_KEY] = view.version_id
    elif view.kind == "default":
        st.session_state[SEEN_KEY] = None
    elif SEEN_KEY not in st.session_state:
        try:
            st.session_state[SEEN_KEY] = current_version_id()
        except StoreError:
            return
    with st.sidebar:
        _poll(lang)


@st.fragment(run_every=POLL_SECONDS)
def _poll(lang: str) -> None:
    try:
        now = current_version_id()
    except StoreError:
        return  # the store is out of reach for a moment: the page keeps what it shows
    if now is None or now == st.session_state.get(SEEN_KEY):
        return
    st.session_state[SEEN_KEY] = now
    message = news(now, lang)
    if st.session_state.get(PREVIEW_KEY) or st.session_state.get(VERSION_KEY) is not None:
        st.toast(t("live.preview_kept", lang, id=version_number(now)), icon=":material/update:", duration="long")
        return
    st.session_state[NEWS_KEY] = message
    st.rerun(scope="app")
