"""Glue of the Data page's drafts: a checked upload stays until the editor publishes or discards it.

The file is kept in the store for a day (jwp_data/store/drafts.py) under a random id. This session holds
the id in its state (so the draft survives moving between pages), and the browser holds it in a cookie
(so it survives a reload, which starts a new session). Why a cookie and not the address: an address is
shared, bookmarked, kept in the browser's history, sent to other sites as the referrer, logged by proxies
and shown on a projector; a viewer given the address must never get the draft. The cookie is set by the
page itself (Streamlit sends no headers of its own), for this site only (`SameSite=Strict`, so another
site's page cannot make the browser present it), and it ends when the draft does. Over HTTPS it is
`__Host-jwp_draft`: `Secure`, and the browser refuses it from anywhere but this host, so a neighbouring
site (another subdomain) cannot plant a draft of its own choosing for an editor to publish. The server
reads it from the request that opened the session (`st.context.cookies`), and over HTTPS only that name.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import UTC, datetime

import streamlit as st

from jwp_data.i18n import t
from jwp_data.store import StoreError
from jwp_data.store.drafts import LIFETIME_SECONDS, Drafts
from ui import source
from ui.faults import reason
from ui.source import PREVIEW_KEY
from ui.widgets import md, plain

COOKIE = "jwp_draft"  # over plain HTTP (a local or test server)
SECURE_COOKIE = "__Host-jwp_draft"  # over HTTPS
DRAFT_KEY = "jwp_draft"  # {"id", "sha256", "file_name", "saved_at"} of this session's draft
_ROUND_KEY = "jwp_uploader_round"  # a new uploader (key) after a discard, so that it forgets the file
_FORGET_KEY = "jwp_draft_forget"  # the draft ended in a callback: the next run removes the cookie
_FLASH_KEY = "jwp_draft_flash"
UPLOAD_KEY = "jwp_upload"  # ui.upload's checked upload (ui.upload imports this module, not the other way)


def _drafts() -> Drafts:
    return Drafts(source.current_store())


def uploader_key() -> str:
    """The file uploader's key: it changes when a draft is discarded, which empties the uploader."""
    round_ = st.session_state.get(_ROUND_KEY, 0)
    return "jwp_uploader" if not round_ else f"jwp_uploader_{round_}"


def browser_draft_id() -> str | None:
    """The draft id this browser sent when the session opened (its cookie), if any."""
    try:
        url = st.context.url
        value = st.context.cookies.get(SECURE_COOKIE if isinstance(url, str) and url.startswith("https:") else COOKIE)
    except Exception:  # no request behind this run (a bare script run): no cookie
        return None
    return value if isinstance(value, str) and value else None  # AppTest hands out a stand-in object


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M")


def _cookie_script(draft_id: str | None, expires: float = 0) -> None:
    """Set (or, without an id, remove) the browser's draft cookie, from the page."""
    value = json.dumps(draft_id or "")
    until = json.dumps(datetime.fromtimestamp(expires, UTC).strftime("%a, %d %b %Y %H:%M:%S GMT"))
    script = f"""<script>
(() => {{
  const https = location.protocol === "https:";
  const name = https ? "{SECURE_COOKIE}" : "{COOKIE}";
  document.cookie = name + "=" + {value} + "; Expires=" + {until} + "; Path=/; SameSite=Strict" + (https ? "; Secure" : "");
}})();
</script>"""
    st.html(script, unsafe_allow_javascript=True)


def show_flash() -> None:
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        st.success(plain(flash), icon=":material/delete:")


def forget_cookie_if_ended() -> None:
    """After a discard or a publish (in a callback): the browser's cookie goes too (called once per run)."""
    if st.session_state.pop(_FORGET_KEY, False):
        _cookie_script(None)


def ended() -> None:
    """The draft was published: it is no longer kept (called by the publish, which already changed the store)."""
    held = st.session_state.pop(DRAFT_KEY, None)
    draft_id = held["id"] if held else browser_draft_id()
    try:
        _drafts().discard(draft_id)
    except StoreError:
        pass  # it expires within a day anyway
    st.session_state[_FORGET_KEY] = True


def resume(lang: str) -> tuple[bytes, str] | None:
    """The bytes and file name of this browser's draft, if it still has one (after another page or a reload)."""
    held = st.session_state.get(DRAFT_KEY)
    draft_id = held["id"] if held else browser_draft_id()
    if not draft_id:
        return None
    try:
        draft = _drafts().get(draft_id)
    except StoreError as problem:
        st.warning(md("data.draft.unavailable", lang, reason=reason(problem, lang)), icon=":material/cloud_off:")
        return None
    if draft is None:  # expired, discarded in another tab, or published
        st.session_state.pop(DRAFT_KEY, None)
        return None
    sha = hashlib.sha256(draft.data).hexdigest()
    st.session_state[DRAFT_KEY] = {
        "id": draft_id,
        "sha256": sha,
        "file_name": draft.file_name,
        "saved_at": draft.saved_at,
    }
    st.info(
        md("data.draft.resumed", lang, name=draft.file_name, at=_when(draft.saved_at)),
        icon=":material/draft:",
    )
    return draft.data, draft.file_name


def keep(upload, lang: str) -> None:
    """Keep a checked, valid file as this browser's draft (once per file), say so, and offer to discard it.

    A file that already is its programme's current version is not kept: there is nothing left to publish."""
    held = st.session_state.get(DRAFT_KEY)
    if held is None or held["sha256"] != upload.sha256:
        current = source.published_view(upload.programme_id)
        if current.version_id is not None and current.sha256 == upload.sha256:
            return
        try:
            replaces = held["id"] if held else browser_draft_id()
            draft_id = _drafts().save(upload.data, upload.file_name, replaces=replaces)
        except StoreError as problem:  # a checked file is never larger than a draft may be (DraftTooLarge)
            st.caption(md("data.draft.not_kept", lang, reason=reason(problem, lang)))
            return
        held = {"id": draft_id, "sha256": upload.sha256, "file_name": upload.file_name, "saved_at": time.time()}
        st.session_state[DRAFT_KEY] = held
    until = held["saved_at"] + LIFETIME_SECONDS
    _cookie_script(held["id"], until)
    text, button = st.columns([4, 1], vertical_alignment="center")
    text.caption(md("data.draft.kept", lang, until=_when(until)))
    button.button(t("data.draft.discard", lang), on_click=_discard, args=(lang,), icon=":material/delete:")


def _discard(lang: str) -> None:
    held = st.session_state.pop(DRAFT_KEY, None)
    try:
        _drafts().discard(held["id"] if held else browser_draft_id())
    except StoreError:
        pass  # it expires within a day anyway; this browser forgets it now
    preview = st.session_state.get(PREVIEW_KEY)
    if held and preview and hashlib.sha256(preview["data"]).hexdigest() == held["sha256"]:
        st.session_state.pop(PREVIEW_KEY, None)  # the preview was of this file
    st.session_state.pop(UPLOAD_KEY, None)
    st.session_state[_ROUND_KEY] = st.session_state.get(_ROUND_KEY, 0) + 1
    st.session_state[_FORGET_KEY] = True
    st.session_state[_FLASH_KEY] = md("data.draft.discarded", lang)
