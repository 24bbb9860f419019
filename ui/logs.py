"""The server's log: warnings of the core (`jwp_data.*`) and of the glue (`ui.*`), with time and logger, on stderr.

What is logged: every version store problem shown to a user, every failed publish, every stopped worker
and every sign-in pause; never a password, a password hash or a secret.
"""

from __future__ import annotations

import logging
import sys

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_LOGGERS = ("jwp_data", "ui", "jwp")
_HANDLER = "jwp-server-log"


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment (a server's, or a test runner's capture)."""

    def __init__(self):
        super().__init__()
        self.set_name(_HANDLER)
        self.setFormatter(logging.Formatter(_FORMAT))

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure() -> None:
    """Give the dashboard's loggers one stderr handler (once per process; Streamlit reruns app.py often)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(h.get_name() == _HANDLER for h in logger.handlers):  # survives a reload of this module
            logger.addHandler(_Stderr())
