"""Workers that start in milliseconds in a server with threads: forked from a clean process started once.

A Streamlit server has threads, so it must not fork itself (another thread's lock could stay held in the child),
and starting a fresh interpreter per upload costs its start-up and imports (1.3 s on a busy 2-core machine).
Instead, the server starts one clean process, the zygote (`python -m jwp_data.workbook.pool`), when it starts:
it imports what reading a workbook needs, starts no thread, and waits on a Unix socket in a private folder.

For each call the server connects to that socket. The zygote forks a guardian for the connection and goes
back to waiting; the guardian reads the call, forks the worker, which sets its limits and runs the call, and
watches it: the wall-clock timeout, the exit status (a signal means memory or time ran out) and the worker's
peak memory. The guardian runs only our code and never parses the file, so it needs no limits; it sends
back the worker's pickled outcome with what it saw. The worker is in the guardian's process group, so the
server can stop both at once if the guardian itself does not answer in time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_HEADER = struct.Struct("!Q")
_GRACE = 10.0  # seconds the server waits past the wall-clock limit before it stops a guardian that has not answered
# numerical libraries start no thread pools of their own in the zygote: it forks, and a fork keeps one thread
_ONE_THREAD = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JE_ARROW_MALLOC_CONF": "background_thread:false",  # pyarrow's allocator
}
_PRELOAD = ("jwp_data.workbook.validate", "jwp_data.workbook.annotate", "pyarrow.compute")


@dataclass(frozen=True)
class Answer:
    """What a guardian reports of one call: the worker's pickled outcome (None if it gave none) and how it ended."""

    outcome: bytes | None
    timed_out: bool
    exitcode: int | None
    peak_mb: float


class Zygote:
    """The clean process workers are forked from, and the socket the server reaches it by."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="jwp-workers-"))  # mode 0700: only this user may connect
        self.address = str(self.folder / "zygote")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)
        # the worker imports what this process can: the package, and the modules of the functions called
        paths = [str(Path(__file__).resolve().parents[2]), *(p for p in sys.path if p and os.path.isdir(p))]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), **_ONE_THREAD}
        self.process = subprocess.Popen(  # noqa: S603 (our own module, with this interpreter)
            [sys.executable, "-m", "jwp_data.workbook.pool", str(listener.fileno()), str(os.getpid())],
            pass_fds=[listener.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # a signal meant for the server's terminal does not reach the workers
        )
        listener.close()

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, request: bytes, wall_seconds: float) -> Answer:
        """Send one pickled (limits, function, args) call; the guardian's answer."""
        deadline = time.monotonic() + wall_seconds + _GRACE
        guardian_group = answer = None
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(_GRACE)
                connection.connect(self.address)
                guardian = _read_exactly(connection, _HEADER.size, deadline)
                guardian_group = _HEADER.unpack(guardian)[0] if guardian else None
                connection.settimeout(_GRACE)
                connection.sendall(_HEADER.pack(len(request)) + request)
                answer = _read_message(connection, deadline)
        except OSError:  # the zygote or the guardian went away: as if the worker had died
            return Answer(None, False, None, 0.0)
        if answer is None:  # the guardian did not answer in time, or died: stop it and its worker
            if guardian_group:
                try:
                    os.killpg(guardian_group, signal.SIGKILL)
                except OSError:
                    pass
            return Answer(None, True, None, 0.0)
        return pickle.loads(answer)  # noqa: S301 (written by our guardian, not by the file)

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        try:
            os.unlink(self.address)
            self.folder.rmdir()
        except OSError:
            pass


def _read_exactly(connection: socket.socket, size: int, deadline: float) -> bytes | None:
    chunks, got = [], 0
    while got < size:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        connection.settimeout(left)
        try:
            chunk = connection.recv(min(size - got, 1 << 20))
        except (TimeoutError, OSError):
            return None
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_message(connection: socket.socket, deadline: float) -> bytes | None:
    header = _read_exactly(connection, _HEADER.size, deadline)
    if header is None:
        return None
    return _read_exactly(connection, _HEADER.unpack(header)[0], deadline)


_shared: Zygote | None = None
_shared_lock = threading.Lock()


def start() -> Zygote | None:
    """The server's zygote, started now if it is not running (None if it cannot be started here)."""
    global _shared
    with _shared_lock:
        if _shared is not None and _shared.alive():
            return _shared
        try:
            _shared = Zygote()
        except OSError:
            _shared = None
        return _shared


def running() -> Zygote | None:
    """The zygote if one has been started and is running."""
    zygote = _shared
    return zygote if zygote is not None and zygote.alive() else None


def stop() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.stop()
        _shared = None


# --- in the zygote ---------------------------------------------------------------------------------------


def _zygote(listener_fd: int, server_pid: int) -> None:
    """Import what a call needs, then fork a guardian for each connection; end when the server is gone."""
    import importlib

    for module in _PRELOAD:
        importlib.import_module(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # guardians are reaped by the kernel
    listener = socket.socket(fileno=listener_fd)
    address = Path(listener.getsockname())
    while True:
        ready, _, _ = select.select([listener], [], [], 1.0)
        if os.getppid() != server_pid:  # the server ended without stopping us: leave nothing behind
            with contextlib.suppress(OSError):
                address.unlink()
                address.parent.rmdir()
            return
        if not ready:
            continue
        try:
            connection, _ = listener.accept()
        except OSError:
            continue
        if os.fork() == 0:
            listener.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _guard(connection)
            finally:
                os._exit(0)
        connection.close()


def _guard(connection: socket.socket) -> None:
    """In a guardian: read one call, run it in a worker, answer with the outcome and how the worker ended."""
    os.setpgid(0, 0)  # the worker joins this group, so the server can stop both
    connection.sendall(_HEADER.pack(os.getpid()))
    request = _read_message(connection, time.monotonic() + _GRACE)
    if request is None:
        return
    from jwp_data.workbook import sandbox

    limits, function, args = pickle.loads(request)  # noqa: S301 (sent by the server)
    reader, writer = os.pipe()
    worker = os.fork()
    if worker == 0:
        os.close(reader)
        with os.fdopen(writer, "wb") as out:
            sandbox._send(sandbox._run(limits, function, args), out.write)
        os._exit(0)
    os.close(writer)
    chunks, timed_out = [], False
    deadline = time.monotonic() + limits.wall_seconds
    while True:
        left = deadline - time.monotonic()
        ready = select.select([reader], [], [], max(left, 0))[0] if left > 0 else []
        if not ready:
            timed_out = True
            os.kill(worker, signal.SIGKILL)
            break
        chunk = os.read(reader, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    _, status, usage = os.wait4(worker, 0)
    exitcode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    outcome = b"".join(chunks) if chunks and not timed_out else None
    answer = pickle.dumps(Answer(outcome, timed_out, exitcode, usage.ru_maxrss / 1024), pickle.HIGHEST_PROTOCOL)
    connection.settimeout(None)
    connection.sendall(_HEADER.pack(len(answer)) + answer)


if __name__ == "__main__":
    from jwp_data.workbook import pool  # the module under its own name, so that what it pickles can be read

    pool._zygote(int(sys.argv[1]), int(sys.argv[2]))
