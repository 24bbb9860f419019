"""Servers the browser tests and the benchmarks start: the dashboard (`streamlit run`) or any other local HTTP
server, on a free port of 127.0.0.1, with its output in a log, ready once a page of it answers, and stopped after.

    with dashboard(env={"JWP_STORE": str(store)}, log=tmp_path / "streamlit.log") as server:
        page.goto(server.url)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.paths import ROOT

STREAMLIT_HEALTH = "/_stcore/health"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process on a local port: `start()` returns once `ready_path` answers 200, `stop()` ends it.

    Used as a context manager it starts on entering and stops on leaving. Its output (stdout and stderr) goes to
    `log`, or to a temporary file when no log is given; `log_tail()` reads the end of it either way.
    """

    def __init__(
        self,
        command: list[str],
        port: int,
        ready_path: str,
        *,
        env: dict[str, str] | None = None,
        cwd: Path = ROOT,
        log: Path | None = None,
        name: str = "server",
    ):
        self.command, self.port, self.ready_path = command, port, ready_path
        self.env = {**os.environ, **(env or {})}
        self.cwd, self.log, self.name = cwd, log, name
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.ready_after = 0.0  # seconds from the start to the first answer
        self._output = None

    def start(self, seconds: float = 120) -> Server:
        """Start the process and wait (at most `seconds`) for it to answer; RuntimeError, with its log, if not."""
        # appending: whatever this process reads of the log, the server's writes always go to its end
        self._output = self.log.open("a+b") if self.log else tempfile.TemporaryFile(mode="a+b")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command, cwd=self.cwd, env=self.env, stdout=self._output, stderr=subprocess.STDOUT
        )
        try:
            self._wait_ready(seconds)
        except BaseException:
            self.stop()
            raise
        self.ready_after = time.perf_counter() - started
        return self

    def _wait_ready(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass  # not listening yet, or listening but not ready (an HTTP error is an OSError too)
            time.sleep(0.1)  # polling for the first answer, not waiting for something to have happened
        raise RuntimeError(f"{self.name} did not answer {self.ready_path} within {seconds:g} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """End the process (SIGTERM, then SIGKILL after 10 s); an end other than by SIGTERM prints the log's tail."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._output is not None:
            if self.process is not None and not self.stopped_cleanly:
                print(f"{self.name} ended with {self.process.returncode}:\n{self.log_tail()}")
            self._output.close()
            self._output = None

    @property
    def stopped_cleanly(self) -> bool:
        """The process ended by itself with 0, or by the SIGTERM of `stop()`."""
        return self.process is not None and self.process.returncode in (0, -15)

    def log_tail(self, characters: int = 4000) -> str:
        """The end of what the process wrote."""
        if self._output is not None:
            self._output.flush()
            size = os.fstat(self._output.fileno()).st_size
            data = os.pread(self._output.fileno(), characters, max(0, size - characters))
        elif self.log is not None and self.log.exists():
            data = self.log.read_bytes()[-characters:]
        else:
            data = b""
        return data.decode(errors="replace")

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def dashboard(
    script: Path | str = ROOT / "app.py",
    *,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    port: int | None = None,
    log: Path | None = None,
    base: str = "",
) -> Server:
    """`streamlit run script` (app.py or serve.py) headless on 127.0.0.1, on `port` or a free one; not started yet.

    `env` is added to this process's environment (set JWP_STORE: a server must never share the real store);
    `base` serves the app under that path (`server.baseUrlPath`), as behind a proxy that gives it a folder.
    """
    port = port or free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none"]
    if base:
        command += ["--server.baseUrlPath", base]
    settings = {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    health = f"/{base}{STREAMLIT_HEALTH}" if base else STREAMLIT_HEALTH
    return Server(command, port, health, env=settings, cwd=cwd, log=log, name="streamlit")


def haproxy(
    backends: list[Server], *, affinity: bool = True, log: Path | None = None, port: int | None = None
) -> Server:
    """HAProxy with deploy/haproxy.cfg on `port` or a free one, in front of two dashboards (servers a and b);
    not started.

    Without `affinity` the sticky cookie is off (JWP_PROXY_NO_AFFINITY): what the tests show breaking.
    """
    port = port or free_port()
    env = {"JWP_PROXY_BIND": f"127.0.0.1:{port}"}
    env.update({f"JWP_DASHBOARD_{name}": f"127.0.0.1:{b.port}" for name, b in zip("AB", backends, strict=True)})
    if not affinity:
        env["JWP_PROXY_NO_AFFINITY"] = "1"
    command = ["haproxy", "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")]
    return Server(command, port, STREAMLIT_HEALTH, env=env, log=log, name="haproxy")
