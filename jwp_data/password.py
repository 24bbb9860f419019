"""The editors' password as a secret: a salted scrypt hash (`python -m jwp_data password` prints one).

A secret is one string, `scrypt$n$r$p$salt$hash` (salt and hash in hex). A bare hex SHA-256, the form of
earlier versions, is still accepted, with a warning in the server log (once per process) saying how to
replace it. Every comparison takes constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and a few tens of milliseconds per check
_MAX_N = 2**20  # a secret asking for more memory than this is not used
_KEY_BYTES = 32
_SCRYPT = re.compile(r"scrypt\$(\d+)\$(\d+)\$(\d+)\$((?:[0-9a-f]{2}){8,})\$((?:[0-9a-f]{2}){16,})")
_SHA256 = re.compile(r"[0-9a-f]{64}")
UPGRADE_HINT = "run `python -m jwp_data password` and set the secret editor_password_hash to what it prints"

_log = logging.getLogger(__name__)
_warned = threading.Event()


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, size: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r * p, dklen=size)


def hash_password(password: str) -> str:
    """A new secret for this password: scrypt with a random salt."""
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, _KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${key.hex()}"


def secret_kind(secret: object) -> str | None:
    """'scrypt' or 'sha256' for a usable secret (surrounding spaces and hex case ignored); None otherwise."""
    if not isinstance(secret, str):
        return None
    text = secret.strip().lower()
    match = _SCRYPT.fullmatch(text)
    if match:
        n, r, p = (int(v) for v in match.groups()[:3])
        usable = 1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= 64 and 0 < p <= 16
        return "scrypt" if usable else None
    return "sha256" if _SHA256.fullmatch(text) else None


def warn_if_unsalted(secret: str, name: str) -> None:
    """Log once per process that a hex SHA-256 secret should be replaced (the secret itself is never logged)."""
    if secret_kind(secret) == "sha256" and not _warned.is_set():
        _warned.set()
        _log.warning("the secret %s holds an unsalted SHA-256 of the editors' password; %s", name, UPGRADE_HINT)


def verify(password: str, secret: str) -> bool:
    """True when `password` is the one `secret` was made from (constant time for a given secret)."""
    kind = secret_kind(secret)
    text = secret.strip().lower() if kind else ""
    if kind == "scrypt":
        n, r, p, salt, key = _SCRYPT.fullmatch(text).groups()
        expected = bytes.fromhex(key)
        typed = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p), len(expected))
        return hmac.compare_digest(typed, expected)
    if kind == "sha256":
        return hmac.compare_digest(hashlib.sha256(password.encode("utf-8")).hexdigest(), text)
    return False
