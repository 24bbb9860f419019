"""Who may publish: how editors sign in (the configuration), who is signed in now, and how authors are named.

- `[auth]` in Streamlit secrets: OpenID Connect (`st.login`) and the allow-list `[editors] emails`.
- Otherwise an editors' password: the secret `editor_password_hash` (what `python -m jwp_data password`
  prints; a hex SHA-256, also under the older name `editor_password_sha256`, still works) or the
  environment variable `JWP_EDITOR_PASSWORD`.
- Neither: publishing is off.

Every name read here is listed in jwp_data/settings.py.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from jwp_data import password as passwords
from jwp_data import settings
from jwp_data.i18n import t

PASSWORD_ENV = settings.EDITOR_PASSWORD.name
PASSWORD_SECRET = settings.PASSWORD_HASH_SECRET.name
LEGACY_PASSWORD_SECRET = settings.LEGACY_PASSWORD_SECRET.name
EDITOR_KEY = "jwp_editor"
# Sessions remember which password they signed in with as a keyed fingerprint of the configuration, never the
# password or its hash; the key lives only in this process, as the sessions do.
_SESSION_KEY = secrets.token_bytes(32)


@dataclass(frozen=True)
class EditorSession:
    """A password sign-in, held in session state (a browser can send widget values, never this object)."""

    name: str
    configuration: str  # fingerprint of the configured password: changing the password signs everyone out


@dataclass(frozen=True)
class PasswordSetting:
    """The configured editors' password: a secret (scrypt or SHA-256) or a plain password from the environment."""

    secret: str | None = None
    plain: str | None = None

    def matches(self, typed: str) -> bool:
        if self.secret is not None:
            return passwords.verify(typed, self.secret)
        expected = hashlib.sha256((self.plain or "").encode("utf-8")).digest()
        return hmac.compare_digest(hashlib.sha256(typed.encode("utf-8")).digest(), expected)

    def fingerprint(self) -> str:
        text = f"secret:{self.secret}" if self.secret is not None else f"plain:{self.plain}"
        return hmac.new(_SESSION_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()


def secret(name: str, default=None):
    """A Streamlit secret (`default` when there is no secrets file at all)."""
    try:
        return st.secrets.get(name, default)
    except StreamlitSecretNotFoundError:
        return default


def unusable_password_secret() -> str | None:
    """The name of a password secret that is set but holds neither an scrypt secret nor a hex SHA-256."""
    for name in (PASSWORD_SECRET, LEGACY_PASSWORD_SECRET):
        value = secret(name)
        if value is not None and passwords.secret_kind(value) is None:
            return name
    return None


def configured_password() -> PasswordSetting | None:
    """The editors' password as configured: the first usable secret, else JWP_EDITOR_PASSWORD; None if neither."""
    for name in (PASSWORD_SECRET, LEGACY_PASSWORD_SECRET):
        value = secret(name)
        if passwords.secret_kind(value):
            passwords.warn_if_unsalted(value, name)
            return PasswordSetting(secret=value)
    plain = settings.editor_password()
    return PasswordSetting(plain=plain) if plain else None


def mode() -> str:
    """How editors sign in: 'oidc', 'password', or 'off' (nobody can publish)."""
    if secret(settings.AUTH_SECRET.name):
        return "oidc"
    return "password" if configured_password() else "off"


def editor_emails() -> frozenset[str]:
    emails = (secret(settings.EDITORS_SECRET.name) or {}).get("emails", [])
    if isinstance(emails, str):
        emails = [emails]
    return frozenset(str(e).strip().lower() for e in emails if str(e).strip())


def oidc_provider() -> str | None:
    return (secret(settings.EDITORS_SECRET.name) or {}).get("provider")


def signed_in_email() -> str | None:
    user = st.user
    if user.get("is_logged_in") is not True or user.get("email_verified") is False:
        return None
    return str(user.get("email") or "").strip().lower() or None


def current_editor() -> str | None:
    """Who may publish and revert in this session right now (recorded as the author); None for a viewer."""
    how = mode()
    if how == "oidc":
        email = signed_in_email()
        return email if email and email in editor_emails() else None
    if how == "password":
        session = st.session_state.get(EDITOR_KEY)
        configured = configured_password()
        if (
            isinstance(session, EditorSession)
            and configured
            and hmac.compare_digest(session.configuration, configured.fingerprint())
        ):
            return session.name
    return None


def sign_in_method() -> str:
    """How this session's editor signed in, as the audit log records it: 'password' or 'oidc:<email>'."""
    return f"oidc:{signed_in_email()}" if mode() == "oidc" else "password"


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
