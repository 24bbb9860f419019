"""Untrusted files are read in a worker process with hard limits, so that no file can take the server down.

The reader's own checks (jwp_data/workbook/reader.py) refuse crafted files before parsing; this is the second line.
A worker gets a memory limit (what it holds at start plus schema.WORKER_MEMORY_MB), a CPU-time limit and
a wall-clock timeout. A worker that runs out of memory or time, or dies, becomes one `too_large` or `not_xlsx`
issue in both languages; the calling process (a Streamlit server with every session, or the command line)
carries on.

How a worker starts: a process with one thread (the command line, a test) forks itself: the imports are
already done, so a worker costs tens of milliseconds. A process with threads (the Streamlit server) must not
fork itself (a lock held by another thread would stay locked in the child); it forks its workers from the
zygote (pool.py), a clean process started once with the server, in milliseconds too. Only where the zygote
cannot run does it start `python -m jwp_data.workbook.sandbox` per call (1.3 s of start-up on a busy 2-core
machine), which reads one pickled call on its standard input and writes the outcome on its standard output.

Whose call runs next is decided by turns.py: at most WORKER_SLOTS workers at once, one per client (named with
`on_behalf_of`), so that one client's uploads cannot take every worker.
"""

from __future__ import annotations

import contextvars
import faulthandler
import gc
import logging
import multiprocessing
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jwp_data import settings
from jwp_data.workbook import pool, schema
from jwp_data.workbook.issues import Issue, make_issue
from jwp_data.workbook.turns import Busy, FairTurns

_TIME_SIGNALS = {signal.SIGXCPU}
_MEMORY_SIGNALS = {
    signal.SIGABRT,
    signal.SIGSEGV,
    signal.SIGBUS,
    signal.SIGKILL,
}  # native allocation failure, OOM killer


_TURNS = FairTurns(schema.WORKER_SLOTS, schema.WAITING_PER_CLIENT, schema.WORKER_WAIT_SECONDS)
_client: contextvars.ContextVar[str] = contextvars.ContextVar("jwp_worker_client", default="")
_peaks: list[float] = []  # the last pooled workers' peak memory (MB), for the benchmark
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    memory_mb: int = field(default_factory=settings.worker_memory_mb)
    cpu_seconds: int = schema.WORKER_CPU_SECONDS
    wall_seconds: float = schema.WORKER_WALL_SECONDS


@contextmanager
def on_behalf_of(client: str):
    """Calls made in this block wait their turn as this client's (the dashboard: the connection's address)."""
    token = _client.set(client)
    try:
        yield
    finally:
        _client.reset(token)


def peak_memory_mb(since: int = 0) -> list[float]:
    """The peak memory (MB) of each worker started from the pool, from the `since`-th on."""
    return _peaks[since:]


class WorkerStopped(Exception):
    """The worker ran out of memory or time, or died: `.issue` says so to the user."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(issue.message("en"))


def _data_mb() -> float:
    """The process's private writable memory (VmData), in MB: what the data limit counts."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def _apply(limits: Limits) -> None:
    _reserve_arrow_memory()
    # RLIMIT_DATA rather than RLIMIT_AS: allocators and thread pools (glibc arenas, pyarrow's threads) reserve
    # address space they never use, which an address-space limit would count; the data limit counts memory
    # that can be written, and a failed allocation is a MemoryError in Python or an abort in calamine.
    ceiling = int((_data_mb() + limits.memory_mb) * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_DATA, (ceiling, ceiling))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _reserve_arrow_memory() -> None:
    """pandas keeps text in pyarrow, whose allocator (mimalloc) reserves a gigabyte of writable memory at first
    use. Reserve it before the limit is set, so that the limit counts what the file costs, not that reserve."""
    try:
        import pyarrow
        import pyarrow.compute
    except ImportError:
        return
    pyarrow.compute.is_null(pyarrow.array(["", None])).to_numpy(zero_copy_only=False)
    pyarrow.set_cpu_count(1)


def _run(limits: Limits, function, args) -> tuple:
    """In the worker: set the limits, call the function; ('ok', result), ('memory', None) or ('error', exc)."""
    try:
        _quiet()
        _apply(limits)
        gc.disable()  # one file, then the process ends: collecting cycles would only cost time
        return ("ok", function(*args))
    except MemoryError:
        return ("memory", None)
    except Exception as exc:  # a bug, not the file: raised again in the caller
        return ("error", exc)


def _quiet() -> None:
    """Native code that fails an allocation writes a line to stderr before it aborts: not for the user's eyes."""
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _send(outcome: tuple, write) -> None:
    try:
        payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None))
    except Exception as exc:  # an exception that cannot be pickled
        payload = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
    write(payload)


def call(function, *args, limits: Limits | None = None):
    """function(*args) in a worker process with hard limits; its result, or WorkerStopped with the issue to show.

    The function and its result travel between processes, so both must be picklable (module-level functions).
    """
    limits = limits or Limits()
    try:
        # at most so many workers at once, server-wide (their memory adds up), one per client
        with _TURNS.turn(_client.get()):
            zygote = None if threading.active_count() == 1 else pool.running() or pool.start()
            if threading.active_count() == 1:
                outcome, timed_out, exitcode = _forked(function, args, limits)
            elif zygote is not None:
                outcome, timed_out, exitcode = _pooled(zygote, function, args, limits)
            else:
                outcome, timed_out, exitcode = _started(function, args, limits)
    except Busy:
        _log.warning("worker for %s not started: the client has too many uploads waiting", function)
        raise WorkerStopped(make_issue("too_large", variant="busy")) from None
    if outcome is not None and outcome[0] == "ok":
        return outcome[1]
    if outcome is not None and outcome[0] == "error":
        raise outcome[1]
    issue = _stopped_issue(outcome, timed_out, exitcode, limits)
    _log.warning(
        "worker for %s stopped: %s (exit code %s, timed out %s, limits %s)",
        getattr(function, "__name__", function),
        issue.message("en"),
        exitcode,
        timed_out,
        limits,
    )
    raise WorkerStopped(issue)


def _pooled(zygote, function, args, limits: Limits):
    """Fork a worker from the zygote (see pool.py): a few milliseconds, safe from a process with threads."""
    request = pickle.dumps((limits, function, args), protocol=pickle.HIGHEST_PROTOCOL)
    answer = zygote.call(request, limits.wall_seconds)
    _peaks.append(answer.peak_mb)
    del _peaks[:-1000]
    try:
        outcome = pickle.loads(answer.outcome) if answer.outcome else None  # noqa: S301 (our worker's)
    except Exception:  # cut short: the worker died while answering
        outcome = None
    return outcome, answer.timed_out, answer.exitcode


def _forked(function, args, limits: Limits):
    """Fork this (single-threaded) process; the child answers through a pipe."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, limits, function, args), daemon=True)
    process.start()
    sender.close()
    outcome, timed_out = None, False
    try:
        if receiver.poll(limits.wall_seconds):
            try:
                outcome = pickle.loads(receiver.recv_bytes())  # noqa: S301 (written by our worker, not the file)
            except (EOFError, OSError):
                outcome = None  # it died before answering
        else:
            timed_out = True
    finally:
        receiver.close()
        if timed_out and process.is_alive():
            process.kill()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    return outcome, timed_out, process.exitcode


def _child(sender, limits: Limits, function, args) -> None:
    _send(_run(limits, function, args), sender.send_bytes)
    sender.close()


def _started(function, args, limits: Limits):
    """Start `python -m jwp_data.workbook.sandbox`: safe from a process with threads, which must not fork."""
    request = pickle.dumps((limits, function, args), protocol=pickle.HIGHEST_PROTOCOL)
    # the worker imports what this process can: the package, and the module of the function called
    paths = [str(Path(__file__).resolve().parent.parent), *(p for p in sys.path if p and os.path.isdir(p))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths))}
    process = subprocess.Popen(
        [sys.executable, "-m", "jwp_data.workbook.sandbox"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    timed_out = False
    try:
        output, _ = process.communicate(request, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        timed_out = True
    try:
        outcome = pickle.loads(output) if output and not timed_out else None  # noqa: S301 (our worker's)
    except Exception:  # cut short: the worker died while answering
        outcome = None
    return outcome, timed_out, process.returncode


def _stopped_issue(outcome, timed_out: bool, exitcode: int | None, limits: Limits) -> Issue:
    signal_number = -exitcode if exitcode is not None and exitcode < 0 else None
    if timed_out or signal_number in _TIME_SIGNALS:
        return make_issue("too_large", variant="time", seconds=limits.cpu_seconds)
    if (outcome is not None and outcome[0] == "memory") or signal_number in _MEMORY_SIGNALS:
        return make_issue("too_large", variant="memory", limit_mb=limits.memory_mb)
    detail = f"signal {signal_number}" if signal_number else f"exit code {exitcode}"
    return make_issue("not_xlsx", variant="crashed", detail=detail)


# --- what the dashboard and the command line run in a worker ----------------------------------------------


def validate(source):
    """validate_workbook for an untrusted file, in a worker: a Validation, whatever the file does."""
    from jwp_data.workbook.issues import WorkbookError
    from jwp_data.workbook.reader import read_bytes
    from jwp_data.workbook.validate import Validation, validate_workbook

    try:
        data = read_bytes(source)  # a file over the size limit is refused here, without a worker
    except WorkbookError as refused:
        return Validation(None, refused.issues)
    try:
        return call(validate_workbook, data)
    except WorkerStopped as stopped:
        return Validation(None, (stopped.issue,))


def validate_to_store(source):
    """sandbox.validate, and the model file the worker makes of a valid workbook (model_file.dump), which
    is what publishing stores and pages load: (Validation, bytes or None)."""
    from jwp_data.workbook import model_file
    from jwp_data.workbook.issues import WorkbookError
    from jwp_data.workbook.reader import read_bytes
    from jwp_data.workbook.validate import Validation

    try:
        data = read_bytes(source)
    except WorkbookError as refused:
        return Validation(None, refused.issues), None
    try:
        return call(model_file.checked, data)
    except WorkerStopped as stopped:
        return Validation(None, (stopped.issue,)), None


def annotate(data: bytes, issues, lang: str = "en", file_name: str = "", limits: Limits | None = None) -> bytes:
    """The marked-up copy of an untrusted workbook, made in a worker; the list of problems alone if that fails."""
    from jwp_data.workbook.annotate import annotate_workbook, problems_workbook

    issues = tuple(issues)
    try:
        marked = call(annotate_workbook, data, issues, lang, file_name, limits=limits)
    except WorkerStopped:
        marked = None
    return marked if marked is not None else problems_workbook(issues, lang, file_name)


def _serve() -> None:
    """The worker started by `_started`: one pickled call on standard input, its outcome on standard output."""
    # the request comes from the calling process (the file's bytes are inside it, as bytes); unpickling
    # imports the modules the call needs
    limits, function, args = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    _send(_run(limits, function, args), sys.stdout.buffer.write)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve()
