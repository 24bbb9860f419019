"""Editor sign-in on the page: the password form, the organisation sign-in button, and who is signed in.

Only editors publish and revert; everyone else is a viewer. How editors sign in is configured in ui/editors.py;
every password try is counted in the version store before the password is checked, per client address
(ui/client.py), per typed name and for the whole site (jwp_data.store.throttle), so neither a burst of sessions,
a cleared cache, a restart nor a fresh browser session gives fresh tries. Organisation sign-in never meets
this pause. The typed name is shown as typed, never as a verified identity. Rights are checked again by
`current_editor()` at the moment of every publish or revert, not only when the button is drawn.
"""

from __future__ import annotations

import math
import time

import streamlit as st

from jwp_data.i18n import t
from jwp_data.store import StoreError
from jwp_data.store.throttle import SignInThrottle
from ui import source
from ui.client import client_key
from ui.editors import (
    EDITOR_KEY,
    PASSWORD_ENV,
    PASSWORD_SECRET,
    EditorSession,
    configured_password,
    current_editor,
    mode,
    oidc_provider,
    shown_name,
    sign_in_label,
    sign_in_method,
    signed_in_email,
    unusable_password_secret,
)
from ui.faults import reason
from ui.widgets import Markdown, author, md, plain

__all__ = [
    "client_key",
    "current_editor",
    "editor_panel",
    "shown_name",
    "sidebar_status",
    "sign_in_label",
    "sign_in_method",
]

_FLASH_KEY = "jwp_sign_in_flash"
_NAME_KEY = "jwp_sign_in_name"
_PASSWORD_KEY = "jwp_sign_in_password"  # noqa: S105 (a widget key)


def _throttle() -> SignInThrottle:
    """The throttle on the version store: counts survive cache clears and restarts, shared by servers."""
    return SignInThrottle(source.current_store())


def _flash(kind: str, text: str) -> None:
    st.session_state[_FLASH_KEY] = (kind, text)


def _paused(seconds: float, scope: str | None, name: str, lang: str) -> None:
    if scope == "site":  # the site is slowed, never paused: this try only came when too many waited their turn
        return _flash("error", t("editor.auth.slowed", lang, n=max(1, math.ceil(seconds))))
    minutes = max(1, -(-int(seconds) // 60))
    _flash("error", md(f"editor.auth.wait.{scope or 'client'}", lang, n=minutes, name=name))


def _check_password(lang: str) -> None:
    name = " ".join(str(st.session_state.get(_NAME_KEY) or "").split())
    password = str(st.session_state.get(_PASSWORD_KEY) or "")
    st.session_state[_PASSWORD_KEY] = ""
    if not name:
        return _flash("error", md("auth.name_needed", lang))
    client, account = client_key(), name  # the throttle folds names (case, width, look-alikes) itself
    try:
        throttle = _throttle()
        attempt = throttle.reserve(client, account)  # the pause is checked and the try counted in one step
        if not attempt.allowed:
            return _paused(attempt.wait, attempt.scope, name, lang)
        if attempt.delay:  # the site is slowed by a flood of wrong passwords: wait for this try's turn
            time.sleep(attempt.delay)
        configured = configured_password()
        if configured and configured.matches(password):
            throttle.succeeded(client, account, attempt=attempt)
            st.session_state[EDITOR_KEY] = EditorSession(name, configured.fingerprint())
            return None
        throttle.wrong(attempt)
    except StoreError as problem:
        return _flash("error", md("editor.auth.store_down", lang, reason=reason(problem, lang)))
    if attempt.started:
        seconds, scope = max((seconds, scope) for scope, seconds in attempt.started)
        return _paused(seconds, scope, name, lang)
    return _flash("error", md("auth.wrong_password.left", lang, n=attempt.left))


def _sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)


def _password_form(lang: str) -> None:
    with st.form("jwp_sign_in"):
        st.text_input(t("auth.name", lang), key=_NAME_KEY, max_chars=80, help=t("auth.name_help", lang))
        st.text_input(t("auth.password", lang), key=_PASSWORD_KEY, type="password")
        st.form_submit_button(t("auth.sign_in", lang), on_click=_check_password, args=(lang,))


def editor_panel(lang: str, store_ok: bool = True) -> str | None:
    """Sign-in state and controls for editors; returns the editor's name, or None for a viewer.

    With `store_ok` False (the version store cannot be used) nobody can publish, so no editor is returned.
    """
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(plain(flash[1]))
    how = mode()
    if how == "off":
        unusable = unusable_password_secret()
        if unusable is not None:
            # names of our own settings, shown in code spans where escapes would show
            st.warning(md("auth.bad_digest", lang, secret=Markdown(unusable)), icon=":material/warning:")
        st.info(
            md("auth.off", lang, env=Markdown(PASSWORD_ENV), secret=Markdown(PASSWORD_SECRET)), icon=":material/lock:"
        )
        return None
    if not store_ok:
        st.info(t("editor.publish.off", lang), icon=":material/cloud_off:")
        return None
    editor = current_editor()
    if editor:
        st.caption(md("auth.signed_in", lang, name=author(editor, sign_in_method(), lang)))
        if how == "oidc":
            st.button(t("auth.sign_out", lang), on_click=st.logout)
        else:
            st.caption(t("editor.auth.password_caveat", lang))
            st.button(t("auth.sign_out", lang), on_click=_sign_out)
        return editor
    if how == "password":
        st.caption(t("auth.password_hint", lang))
        _password_form(lang)
    elif signed_in_email():
        st.warning(md("auth.not_editor", lang, email=signed_in_email()), icon=":material/block:")
        st.button(t("auth.sign_out", lang), on_click=st.logout)
    else:
        st.caption(t("auth.oidc_hint", lang))
        if st.button(t("auth.sign_in", lang), type="primary"):
            provider = oidc_provider()
            st.login(provider) if provider else st.login()
    return None


def sidebar_status(lang: str) -> None:
    """In the sidebar, who is signed in as editor (a typed name says so)."""
    editor = current_editor()
    if editor:
        st.caption(md("auth.signed_in", lang, name=author(editor, sign_in_method(), lang)))
