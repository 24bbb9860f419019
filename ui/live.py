"""Live updates: every open page notices a newly published or reverted version within seconds, without a click.

A fragment polls the id of the current version every POLL_SECONDS (one small store query). When it
changes, the whole page reruns on the new version and says so in a toast: which programme and version,
who made it current ("(name given at sign-in)" after a typed name) and when. The URL, and with it the
Briefing's slide number, stays as it was. A private preview, or an old version someone chose to view, is
never replaced: they are told, and keep what they look at.

The toast sits at the bottom right of the window (TOAST_CSS), clear of the Briefing's buttons and the
slide's title at the top; Streamlit puts it at the top right, over "Last", "Full screen" and, at 1024 px,
the slide's title.
"""

from __future__ import annotations

import streamlit as st

from jwp_data.store import StoreError
from ui.markdown import Markdown, md, plain
from ui.source import PREVIEW_KEY, VERSION_KEY, current_store, programme_in_view, version_number
from ui.widgets import author

POLL_SECONDS = 5
SEEN_KEY = "jwp_live_seen"  # the current version id when this session last drew the page
NEWS_KEY = "jwp_live_news"  # the message to show after the rerun that brought the new version
# Toasts at the bottom right, and each shown whole: Streamlit cuts a toast to three lines behind a "view more"
# button (in English only), which hid who published and when. The button is removed from sight and from screen
# readers in every language; a toast is never taller than a third of the window, and scrolls beyond that.
TOAST_CSS = """
[data-testid="stToastContainer"] { top: auto !important; bottom: 1rem; right: 1rem; left: auto; }
[data-testid="stToastText"] { display: block !important; max-height: 33vh; overflow-y: auto !important; }
[data-testid="stToastViewButton"] { display: none !important; }
"""


def current_version_id() -> int | None:
    """The id of the version everyone sees now of the programme in view (None while it has none stored)."""
    return current_store().current_id(programme_in_view())


def _when(at: str) -> str:
    """'2026-12-02 10:45 UTC' from the store's ISO time."""
    return at.replace("T", " ").replace("Z", "")[:16] + " UTC" if at else ""


def news(version_id: int, lang: str, kept: bool = False) -> Markdown:
    """What changed, in the user's words: the programme and version, who made it current and when.

    `kept`: the reader keeps a preview or an earlier version on screen, and is told so.
    """
    store = current_store()
    made = next((e for e in store.audit(programme_in_view()) if e.version_id == version_id), None)
    version = store.get(version_id)
    programme = version.programme_id if version else (made.programme_id if made else programme_in_view())
    if made is not None:
        action, who, sign_in, at = made.action, made.actor, made.sign_in, made.at
    elif version is not None:
        action, who, sign_in, at = "publish", version.published_by, version.sign_in, version.published_at
    else:
        action, who, sign_in, at = "publish", "", "", ""
    key = "live.kept" if kept else "live.reverted_by" if action == "revert" else "live.published_by"
    return md(
        key, lang, programme=programme, version=version_number(version_id), who=author(who, sign_in, lang), at=_when(at)
    )


def watch(view, lang: str) -> None:
    """Show the news a poll brought, remember the version drawn, and start polling (once per full run)."""
    st.html(f"<style>{TOAST_CSS}</style>")
    message = st.session_state.pop(NEWS_KEY, None)
    if message:
        st.toast(plain(message), icon=":material/update:", duration="long")
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
    kept = bool(st.session_state.get(PREVIEW_KEY) or st.session_state.get(VERSION_KEY) is not None)
    try:
        message = news(now, lang, kept)
    except StoreError:
        message = md("live.changed", lang, version=now)  # who and when are in the store we could not read
    if kept:
        st.toast(plain(message), icon=":material/update:", duration="long")
        return
    st.session_state[NEWS_KEY] = message
    st.rerun(scope="app")
