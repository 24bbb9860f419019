"""The server's log: warnings of the core (`jwp_data.*`) and of the glue (`ui.*`), with time and logger, on stderr.

What is logged: every version store problem shown to a user, every failed publish, every stopped worker
and every sign-in pause; never a password, a password hash or a secret.
"""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_LOGGERS = ("jwp_data", "ui", "jwp")


def configure() -> None:
    """Give the dashboard's loggers one stderr handler (once per process; Streamlit reruns app.py often)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(getattr(h, "jwp_server_log", False) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(_FORMAT))
            handler.jwp_server_log = True  # type: ignore[attr-defined]
            logger.addHandler(handler)
