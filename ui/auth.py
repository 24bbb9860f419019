"""Editor sign-in. Only editors publish and revert; everyone else is a viewer.

- `[auth]` in Streamlit secrets: OpenID Connect (`st.login`) and the allow-list `[editors] emails`.
- Otherwise an editor password: the secret `editor_password_sha256` (hex sha256 of the password) or the
  environment variable `JWP_EDITOR_PASSWORD`. Wrong passwords are counted in the version store per client
  address, per typed name and for the whole site (jwp_data.store.throttle), so a cleared cache, a restart or a
  fresh browser session gives no fresh tries. The typed name is shown as typed, never as a verified identity.
- Neither: publishing is off and the page says how to turn it on.

Rights are checked again by `current_editor()` at the moment of every publish or revert, not only when the
button is drawn.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from jwp_data.i18n import t
from jwp_data.store import StoreError
from ui import source
from ui.widgets import escape_markdown

PASSWORD_ENV = "JWP_EDITOR_PASSWORD"  # noqa: S105 (the name of the variable, not a password)
PASSWORD_SECRET = "editor_password_sha256"  # noqa: S105 (the name of the secret)
PROXIES_ENV = "JWP_TRUSTED_PROXIES"
UNKNOWN_CLIENT = "unknown"
EDITOR_KEY = "jwp_editor"
_FLASH_KEY = "jwp_sign_in_flash"
_NAME_KEY = "jwp_sign_in_name"
_PASSWORD_KEY = "jwp_sign_in_password"  # noqa: S105 (a widget key)
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class EditorSession:
    """A password sign-in, held in session state (a browser can send widget values, never this object)."""

    name: str
    password_digest: str  # the configured password when signing in: changing the password signs everyone out


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address from a socket or a header entry; ::ffff:a.b.c.d is a.b.c.d; None if it is not one."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def trusted_proxies(setting: str | None = None) -> tuple:
    """The proxies whose X-Forwarded-For is believed: addresses or networks in JWP_TRUSTED_PROXIES."""
    setting = os.environ.get(PROXIES_ENV, "") if setting is None else setting
    networks = []
    for item in re.split(r"[\s,]+", setting.strip()):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                continue  # a typo trusts nothing rather than everything
    return tuple(networks)


def client_address(peer: str | None, forwarded_for: list[str], trusted: tuple) -> str:
    """The address wrong passwords are counted under.

    The socket's peer, unless that peer is a trusted proxy: then the right-most X-Forwarded-For entry
    that is not itself a trusted proxy (entries to its left are whatever the client chose to send).
    'unknown' when no address can be had: everyone without one shares that count.
    """
    address = _address(peer)
    if address is None:
        return UNKNOWN_CLIENT

    def is_trusted(a) -> bool:
        return any(a.version == n.version and a in n for n in trusted)

    if is_trusted(address):
        hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
        for hop in reversed(hops):
            hop_address = _address(hop)
            if hop_address is None:
                return UNKNOWN_CLIENT
            address = hop_address
            if not is_trusted(hop_address):
                break
    return str(address)


def _connection() -> tuple[str | None, list[str]]:
    """The socket peer of this session's websocket and the X-Forwarded-For values of its handshake.

    Streamlit's server (uvicorn) may already have replaced the peer with an X-Forwarded-For entry when
    the peer is loopback, so the peer is read from the connection's transport where that can be done.
    """
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None, []
    client = runtime.get_instance().get_client(ctx.session_id)
    context = getattr(client, "client_context", None)
    if context is None:
        return None, []
    forwarded = [value for name, value in context.headers if name.lower() == "x-forwarded-for"]
    return socket_peer(_transport_peer(client), context.remote_ip, forwarded), forwarded


def socket_peer(transport_peer: str | None, reported: str | None, forwarded: list[str]) -> str | None:
    """The connection's peer: read from its transport; else the address Streamlit reports, unless the
    server may have taken that one from X-Forwarded-For (then no address: the shared 'unknown' count)."""
    if transport_peer:
        return transport_peer
    if forwarded and _address(reported) in {_address(h) for v in forwarded for h in v.split(",")}:
        return None
    return reported


def _transport_peer(client) -> str | None:
    # Streamlit internals (1.5x/1.6x with uvicorn): the websocket's receive is bound to the protocol object.
    receive = getattr(getattr(client, "_websocket", None), "_receive", None)
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    try:
        peer = transport.get_extra_info("peername") if transport is not None else None
    except (AttributeError, TypeError, OSError):  # an internal that changed: fall back to what Streamlit says
        return None
    return str(peer[0]) if peer else None


def client_key() -> str:
    """This connection's address for counting wrong passwords (never a per-session key)."""
    peer, forwarded = _connection()
    return client_address(peer, forwarded, trusted_proxies())


def _throttle():
    """The throttle on the version store: counts survive cache clears and restarts, shared by servers."""
    from jwp_data.store.throttle import SignInThrottle

    return SignInThrottle(source.current_store())


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


def sign_in_method() -> str:
    """How this session's editor signed in, as the audit log records it: 'password' or 'oidc:<email>'."""
    return f"oidc:{_signed_in_email()}" if mode() == "oidc" else "password"


def shown_name(who: str, sign_in: str | None, lang: str, text=str) -> str:
    """A recorded author as a reader should take it: a typed name says it was only typed.

    `text` prepares the name itself for where it is shown (`escape_markdown` for a markdown element).
    """
    if sign_in == "password":
        return t("editor.auth.typed_name", lang, name=text(who))
    return text(who)


def sign_in_label(sign_in: str | None, lang: str) -> str:
    """'password' / 'oidc:<email>' in the reader's words."""
    if not sign_in:
        return ""
    if sign_in.startswith("oidc:"):
        return t("editor.sign_in.oidc", lang, email=sign_in.removeprefix("oidc:"))
    return t("editor.sign_in.password", lang) if sign_in == "password" else sign_in


def _flash(kind: str, text: str) -> None:
    st.session_state[_FLASH_KEY] = (kind, text)


def _paused(seconds: float, scope: str | None, name: str, lang: str) -> None:
    minutes = max(1, -(-int(seconds) // 60))
    _flash("error", t(f"editor.auth.paused.{scope or 'client'}", lang, minutes=minutes, name=escape_markdown(name)))


def _check_password(lang: str) -> None:
    name = " ".join(str(st.session_state.get(_NAME_KEY) or "").split())
    password = str(st.session_state.get(_PASSWORD_KEY) or "")
    st.session_state[_PASSWORD_KEY] = ""
    if not name:
        return _flash("error", t("auth.name_needed", lang))
    client, account = client_key(), name  # the throttle compares names without case and spacing
    try:
        throttle = _throttle()
        waiting, scope = throttle.wait(client, account)
        if waiting:
            return _paused(waiting, scope, name, lang)
        expected = _configured_digest()
        if expected and hmac.compare_digest(digest(password), expected):
            throttle.succeeded(client, account)
            st.session_state[EDITOR_KEY] = EditorSession(name, expected)
            return None
        left = throttle.failed(client, account)
        waiting, scope = throttle.wait(client, account) if not left else (0, None)
    except StoreError as problem:
        from ui.faults import reason

        return _flash("error", t("editor.auth.store_down", lang, reason=reason(problem, lang)))
    if waiting:
        return _paused(waiting, scope, name, lang)
    return _flash("error", t("auth.wrong_password", lang, left=left))


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
        getattr(st, flash[0])(flash[1])
    how = mode()
    if how == "off":
        if _secret(PASSWORD_SECRET) is not None:
            st.warning(t("auth.bad_digest", lang, secret=PASSWORD_SECRET), icon=":material/warning:")
        st.info(t("auth.off", lang, env=PASSWORD_ENV, secret=PASSWORD_SECRET), icon=":material/lock:")
        return None
    if not store_ok:
        st.info(t("editor.publish.off", lang), icon=":material/cloud_off:")
        return None
    editor = current_editor()
    if editor:
        st.caption(t("auth.signed_in", lang, name=shown_name(editor, sign_in_method(), lang, escape_markdown)))
        if how == "oidc":
            st.button(t("auth.sign_out", lang), on_click=st.logout)
        else:
            st.caption(t("editor.auth.password_caveat", lang))
            st.button(t("auth.sign_out", lang), on_click=_sign_out)
        return editor
    if how == "password":
        st.caption(t("auth.password_hint", lang))
        _password_form(lang)
    elif _signed_in_email():
        st.warning(t("auth.not_editor", lang, email=escape_markdown(_signed_in_email())), icon=":material/block:")
        st.button(t("auth.sign_out", lang), on_click=st.logout)
    else:
        st.caption(t("auth.oidc_hint", lang))
        if st.button(t("auth.sign_in", lang), type="primary"):
            provider = (_secret("editors") or {}).get("provider")
            st.login(provider) if provider else st.login()
    return None


def sidebar_status(lang: str) -> None:
    """In the sidebar, who is signed in as editor (a typed name says so)."""
    editor = current_editor()
    if editor:
        st.caption(t("auth.signed_in", lang, name=shown_name(editor, sign_in_method(), lang, escape_markdown)))
