"""deploy/run-local.sh, as the README's "Deploying for an organisation" has a reader try it: it starts
PostgreSQL, two servers and the proxy, the dashboard answers through the proxy, and `stop` ends all of it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.test_proxy import require_haproxy, uploads_in_one_session
from tests.paths import ROOT
from tests.servers import Server, free_port


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_run_local_starts_the_whole_site_and_stop_ends_every_part_of_it(tmp_path):
    require_haproxy()
    proxy, a, b, database = (free_port() for _ in range(4))
    env = {
        "JWP_PROXY_PORT": str(proxy),
        "JWP_DASHBOARD_PORTS": f"{a} {b}",
        "JWP_POSTGRES_PORT": str(database),
        "PYTHON": sys.executable,  # the Python that runs the tests, with the requirements installed
    }
    # its own folder rather than pytest's: the database's owner must reach it, and it outlives no test
    folder = Path(tempfile.mkdtemp(prefix="jwp-run-local-")) / "site"
    script = str(ROOT / "deploy" / "run-local.sh")
    site = Server([script, "start", str(folder)], proxy, "/_stcore/health", env=env, log=tmp_path / "run-local.log")
    with site:
        for _ in range(600):  # the proxy answers a moment before the script has seen it and said so
            if "The dashboard: http://127.0.0.1:" in site.log_tail():
                break
            time.sleep(0.1)
        assert f"The dashboard: http://127.0.0.1:{proxy}/" in site.log_tail()
        assert all(listening(port) for port in (proxy, a, b, database))
        holder, answers = uploads_in_one_session(site.url, 2)  # a page's session and uploads, through the proxy
        assert [(server, status) for server, status, _ in answers] == [(holder, 204)] * 2
        assert (folder / "cookie-secret").read_text().strip() and (folder / "editor-password").exists()

        stopped = subprocess.run([script, "stop", str(folder)], env={**os.environ, **env}, timeout=60)
        assert stopped.returncode == 0
        assert site.process.wait(timeout=30) == 0
    assert [port for port in (proxy, a, b, database) if listening(port)] == [], (proxy, a, b, database)
    assert not list((folder / "run").glob("*.pid")) and not (folder / "run-local.pid").exists()
    log = (tmp_path / "run-local.log").read_text()
    assert "stopping the proxy, the dashboard servers and PostgreSQL" in log
    shutil.rmtree(folder.parent)
