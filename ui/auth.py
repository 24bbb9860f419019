"""Editor sign-in. Only editors publish and revert; everyone else is a viewer.

- `[auth]` in Streamlit secrets: OpenID Connect (`st.login`) and the allow-list `[editors] emails`.
- Otherwise an editor password: the secret `editor_password_sha256` (hex sha256 of the password) or the
  environment variable `JWP_EDITOR_PASSWORD`; after 5 wrong passwords a client waits before trying again.
- Neither: publishing is off and the page says how to turn it on.

Rights are checked again by `current_editor()` at the moment of every publish or revert, not only when the
button is drawn.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from jwp_data.i18n import t
from ui.widgets import md

PASSWORD_ENV = "JWP_EDITOR_PASSWORD"  # noqa: S105 (the name of the variable, not a password)
PASSWORD_SECRET = "editor_password_sha256"  # noqa: S105 (the name of the secret)
MAX_FAILURES = 5
PAUSE_SECONDS = 300
EDITOR_KEY = "jwp_editor"
_CLIENT_KEY = "jwp_sign_in_client"
_FLASH_KEY = "jwp_sign_in_flash"
_NAME_KEY = "jwp_sign_in_name"
_PASSWORD_KEY = "jwp_sign_in_password"  # noqa: S105 (a widget key)
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EditorSession:
    """A password sign-in, held in session state (a browser can send widget values, never this object)."""

    name: str
    password_digest: str  # the configured password when signing in: changing the password signs everyone out


class SignInThrottle:
    """Wrong passwords per client: after `max_failures` in a row, no try is checked until a pause has passed."""

    def __init__(
        self, max_failures: int = MAX_FAILURES, pause: float = PAUSE_SECONDS, clock: Callable = time.monotonic
    ):
        self.max_failures, self.pause, self.clock = max_failures, pause, clock
        self._lock = threading.Lock()
        self._clients: dict[str, tuple[int, float]] = {}  # client -> (failures in a row, paused until)

    def wait(self, client: str) -> float:
        """Seconds this client must still wait before a password is checked (0: it may try now)."""
        with self._lock:
            _, until = self._clients.get(client, (0, 0.0))
            return max(0.0, until - self.clock())

    def failed(self, client: str) -> int:
        """Count a wrong password; returns the tries left before a pause (0: the pause has started)."""
        with self._lock:
            failures, _ = self._clients.get(client, (0, 0.0))
            failures += 1
            if failures >= self.max_failures:
                self._clients[client] = (0, self.clock() + self.pause)
                return 0
            self._clients[client] = (failures, 0.0)
            return self.max_failures - failures

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)


@st.cache_resource
def _throttle() -> SignInThrottle:
    """One throttle for the whole server, so opening a new tab does not reset the count."""
    return SignInThrottle()


def _secret(name: str, default=None):
    try:
        return st.secrets.get(name, default)
    except StreamlitSecretNotFoundError:  # no secrets file at all
        return default


def digest(password: str) -> str:
    """The hex sha256 of a password, as `editor_password_sha256` holds it."""
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def _configured_digest() -> str | None:
    secret = _secret(PASSWORD_SECRET)
    if isinstance(secret, str) and _HEX_DIGEST.fullmatch(secret.strip().lower()):
        return secret.strip().lower()
    password = os.environ.get(PASSWORD_ENV, "")
    return digest(password) if password else None


def mode() -> str:
    """How editors sign in: 'oidc', 'password', or 'off' (nobody can publish)."""
    if _secret("auth"):
        return "oidc"
    return "password" if _configured_digest() else "off"


def editor_emails() -> frozenset[str]:
    emails = (_secret("editors") or {}).get("emails", [])
    if isinstance(emails, str):
        emails = [emails]
    return frozenset(str(e).strip().lower() for e in emails if str(e).strip())


def _signed_in_email() -> str | None:
    user = st.user
    if user.get("is_logged_in") is not True or user.get("email_verified") is False:
        return None
    return str(user.get("email") or "").strip().lower() or None


def current_editor() -> str | None:
    """Who may publish and revert in this session right now (recorded as the author); None for a viewer."""
    how = mode()
    if how == "oidc":
        email = _signed_in_email()
        return email if email and email in editor_emails() else None
    if how == "password":
        session = st.session_state.get(EDITOR_KEY)
        expected = _configured_digest()
        if isinstance(session, EditorSession) and expected and hmac.compare_digest(session.password_digest, expected):
            return session.name
    return None


def _client() -> str:
    """The client for counting wrong passwords: its IP address when known, else this browser session."""
    address = st.context.ip_address
    if isinstance(address, str) and address:
        return f"ip:{address}"
    return "session:" + st.session_state.setdefault(_CLIENT_KEY, uuid.uuid4().hex)


def _flash(kind: str, text: str) -> None:
    st.session_state[_FLASH_KEY] = (kind, text)


def _check_password(lang: str) -> None:
    client, throttle = _client(), _throttle()
    name = str(st.session_state.get(_NAME_KEY) or "").strip()
    password = str(st.session_state.get(_PASSWORD_KEY) or "")
    st.session_state[_PASSWORD_KEY] = ""
    waiting = throttle.wait(client)
    if waiting:
        return _flash("error", t("auth.paused", lang, minutes=max(1, round(waiting / 60))))
    if not name:
        return _flash("error", t("auth.name_needed", lang))
    expected = _configured_digest()
    if expected and hmac.compare_digest(digest(password), expected):
        throttle.succeeded(client)
        st.session_state[EDITOR_KEY] = EditorSession(name, expected)
        return None
    left = throttle.failed(client)
    if left:
        return _flash("error", t("auth.wrong_password", lang, left=left))
    return _flash("error", t("auth.paused", lang, minutes=round(PAUSE_SECONDS / 60)))


def _sign_out() -> None:
    st.session_state.pop(EDITOR_KEY, None)


def _password_form(lang: str) -> None:
    with st.form("jwp_sign_in"):
        st.text_input(t("auth.name", lang), key=_NAME_KEY, max_chars=80, help=t("auth.name_help", lang))
        st.text_input(t("auth.password", lang), key=_PASSWORD_KEY, type="password")
        st.form_submit_button(t("auth.sign_in", lang), on_click=_check_password, args=(lang,))


def editor_panel(lang: str) -> str | None:
    """Sign-in state and controls for editors; returns the editor's name, or None for a viewer."""
    flash = st.session_state.pop(_FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    how = mode()
    if how == "off":
        if _secret(PASSWORD_SECRET) is not None:
            st.warning(t("auth.bad_digest", lang, secret=PASSWORD_SECRET), icon=":material/warning:")
        st.info(t("auth.off", lang, env=PASSWORD_ENV, secret=PASSWORD_SECRET), icon=":material/lock:")
        return None
    editor = current_editor()
    if editor:
        st.caption(t("auth.signed_in", lang, name=md(editor)))
        if how == "oidc":
            st.button(t("auth.sign_out", lang), on_click=st.logout)
        else:
            st.button(t("auth.sign_out", lang), on_click=_sign_out)
        return editor
    if how == "password":
        st.caption(t("auth.password_hint", lang))
        _password_form(lang)
    elif _signed_in_email():
        st.warning(t("auth.not_editor", lang, email=md(_signed_in_email())), icon=":material/block:")
        st.button(t("auth.sign_out", lang), on_click=st.logout)
    else:
        st.caption(t("auth.oidc_hint", lang))
        if st.button(t("auth.sign_in", lang), type="primary"):
            provider = (_secret("editors") or {}).get("provider")
            st.login(provider) if provider else st.login()
    return None
