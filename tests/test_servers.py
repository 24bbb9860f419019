"""The one helper that starts servers for the browser tests and the benchmarks: it answers, logs, and is gone after."""

from __future__ import annotations

import os
import socket
import urllib.request

import pytest

from tests.servers import dashboard


def _refused(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_the_dashboard_answers_its_health_check_and_is_gone_after(tmp_path):
    log = tmp_path / "streamlit.log"
    with dashboard(env={"JWP_STORE": str(tmp_path / "store.sqlite3")}, log=log) as server:
        with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as answer:
            assert answer.read() == b"ok"
        with urllib.request.urlopen(server.url, timeout=10) as answer:
            assert b"<title>Streamlit</title>" in answer.read()
        pid = server.process.pid
    assert server.stopped_cleanly  # ended by the helper's SIGTERM (Streamlit then exits with 0), not killed
    assert _refused(server.port)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert f"http://127.0.0.1:{server.port}" in log.read_text()  # Streamlit's own start-up lines, in the log


def test_a_server_that_cannot_start_says_why_with_its_log(tmp_path):
    with pytest.raises(RuntimeError, match=r"streamlit exited with \d+:(.|\n)*does not exist"):
        dashboard(tmp_path / "no_such_app.py").start()
