"""The worker process: what the reader's checks miss, its limits stop, and the caller gets an issue, not a crash."""

from __future__ import annotations

import io
import os
import threading
import time
from collections import Counter

import pytest

from benchmarks import crafted
from jwp_data.workbook import pool, sandbox
from jwp_data.workbook.sandbox import Limits, WorkerStopped
from jwp_data.workbook.turns import Busy, FairTurns
from tests.paths import SHIPPED_WORKBOOK


def _allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def _spin() -> None:
    while True:
        pass


def _abort() -> None:
    os.abort()


def _exit() -> None:
    os._exit(3)


def _calamine_without_checks(data: bytes) -> int:
    """What the server did before the reader's checks: hand the file straight to calamine."""
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
    return len(book.get_sheet_by_name("Results").to_python(skip_empty_area=False))


def _raise() -> None:
    raise KeyError("a bug")


def _wait_for(path: str) -> str:
    """A worker that stays in flight until the file exists."""
    while not os.path.exists(path):
        time.sleep(0.01)
    return path


@pytest.fixture(scope="module")
def zygote():
    started = pool.start()
    yield started
    pool.stop()


@pytest.fixture(params=["fork", "pool", "start"])
def how(request, monkeypatch):
    """Run each test every way a worker starts: forked from a single-threaded process, forked from the zygote
    (a server with threads), or started as a process of its own (a server where the zygote cannot run)."""
    if request.param == "pool":
        request.getfixturevalue("zygote")
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    else:
        monkeypatch.setattr(pool, "running", lambda: None)
        monkeypatch.setattr(pool, "start", lambda: None)
    if request.param == "start":
        monkeypatch.setattr(threading, "active_count", lambda: 2)
    return request.param


def test_a_result_comes_back(how):
    assert sandbox.call(_allocate, 10) == 10 * 1024 * 1024


def test_memory_over_the_limit_is_too_large(how):
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_allocate, 600, limits=Limits(memory_mb=200))
    assert stopped.value.issue.code == "too_large"
    assert "more than 200 MB of memory" in stopped.value.issue.message("en")
    assert "200 MB" in stopped.value.issue.message("zh")


def test_a_worker_that_runs_too_long_is_stopped(how):
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_spin, limits=Limits(cpu_seconds=1, wall_seconds=20))
    assert stopped.value.issue.code == "too_large"
    assert "more than 1 seconds" in stopped.value.issue.message("en")


def test_a_worker_past_its_wall_clock_time_is_killed(how):
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_spin, limits=Limits(cpu_seconds=60, wall_seconds=1))
    assert stopped.value.issue.code == "too_large"


def test_an_abort_in_native_code_is_too_large(how):
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_abort)
    assert stopped.value.issue.code == "too_large"


def test_a_worker_that_dies_otherwise_is_not_xlsx(how):
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_exit)
    assert stopped.value.issue.code == "not_xlsx"
    assert "exit code 3" in stopped.value.issue.message("en")


def test_a_bug_in_the_worker_is_raised_in_the_caller(how):
    with pytest.raises(KeyError, match="a bug"):
        sandbox.call(_raise)


def test_calamine_on_a_sparse_range_bomb_is_stopped_by_the_limit_alone(how):
    # the reader refuses this file before calamine sees it; without that check, the worker's limit holds
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_calamine_without_checks, crafted.sparse_range())
    assert stopped.value.issue.code == "too_large"


def test_validate_gives_a_validation_whatever_happens(how):
    result = sandbox.validate(crafted.sparse_range())
    assert [i.code for i in result.errors] == ["too_large"]
    assert sandbox.validate(SHIPPED_WORKBOOK.read_bytes()).valid


def test_the_marked_up_copy_falls_back_to_the_list_of_problems(how):
    from jwp_data.workbook.issues import make_issue

    data = SHIPPED_WORKBOOK.read_bytes()
    issue = make_issue("missing_value", "Results", 2, "reported_on")
    marked = sandbox.annotate(data, [issue], "en", "jwp.xlsx", limits=Limits(wall_seconds=0.01))
    import openpyxl

    assert openpyxl.load_workbook(io.BytesIO(marked)).sheetnames == ["Problems"]


def test_the_command_line_answers_a_bomb_the_checks_missed_with_exit_1(tmp_path, monkeypatch, capfd):
    import json

    from jwp_data.cli import main
    from jwp_data.workbook import xlsx_parts
    from jwp_data.workbook.package import SheetFacts

    # as if the reader's checks had a hole: the sparse-range bomb reaches calamine, in the worker (a forked
    # one, which runs this patched reader)
    monkeypatch.setattr(xlsx_parts, "measure_sheet", lambda name, xml: SheetFacts(name))
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(crafted.sparse_range())
    code = main(["validate", str(path), "--json", "--lang", "zh"])
    out = capfd.readouterr()  # what reaches the terminal, the worker's own output included
    document = json.loads(out.out)
    assert code == 1
    assert out.err == ""
    assert [e["code"] for e in document["errors"]] == ["too_large"]
    assert "内存" in document["errors"][0]["message"]


def test_the_zygote_runs_one_thread_so_that_forking_it_is_safe(zygote, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert sandbox.call(_allocate, 1) == 1024 * 1024  # the zygote has done its imports once it answers
    assert os.listdir(f"/proc/{zygote.process.pid}/task") == [str(zygote.process.pid)]


def test_a_pooled_worker_reports_its_peak_memory(zygote, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    before = len(sandbox.peak_memory_mb())
    sandbox.call(_allocate, 300)
    (peak,) = sandbox.peak_memory_mb(before)
    assert peak > 300


def test_the_memory_limit_is_a_setting(monkeypatch):
    monkeypatch.setenv("JWP_WORKER_MEMORY_MB", "300")
    assert Limits().memory_mb == 300
    monkeypatch.delenv("JWP_WORKER_MEMORY_MB")
    assert Limits().memory_mb == 512


def test_one_clients_six_uploads_in_flight_do_not_block_another_clients(zygote, monkeypatch, tmp_path):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    release = str(tmp_path / "release")
    outcomes = []

    def hostile():
        with sandbox.on_behalf_of("203.0.113.9"):
            try:
                outcomes.append(sandbox.call(_wait_for, release))
            except WorkerStopped as stopped:
                outcomes.append(stopped.issue.variant)

    flood = [threading.Thread(target=hostile) for _ in range(6)]
    for thread in flood:
        thread.start()
    while not sandbox._TURNS.running():
        time.sleep(0.01)
    with sandbox.on_behalf_of("198.51.100.7"):
        checked = sandbox.validate(SHIPPED_WORKBOOK.read_bytes())
    assert checked.valid
    assert sandbox._TURNS.running() == {"203.0.113.9": 1}  # the flood still holds one worker, and only one
    open(release, "w").close()
    for thread in flood:
        thread.join()
    # four waited their turn and ran; the fifth found four of its client's uploads waiting and was refused at once
    assert Counter(outcomes) == {"busy": 1, release: 5}


def _hold(turns: FairTurns, client: str, started: list, release: threading.Event) -> threading.Thread:
    def run():
        with turns.turn(client):
            started.append(client)
            release.wait()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _until(condition) -> None:
    while not condition():
        time.sleep(0.005)


def test_a_client_holds_one_turn_at_a_time_even_with_slots_free():
    turns, started, release = FairTurns(2, 4, 30), [], threading.Event()
    first = _hold(turns, "a", started, release)
    _until(lambda: started == ["a"])
    second = _hold(turns, "a", started, release)
    _until(lambda: len(turns._waiting) == 1)
    with turns.turn("b"):
        assert turns.running() == {"a": 1, "b": 1}
    assert started == ["a"] and len(turns._waiting) == 1  # a slot is free, but not for a second upload of a
    release.set()
    first.join()
    second.join()
    assert started == ["a", "a"]


def test_a_freed_slot_goes_to_the_client_served_least_recently():
    turns, started, release = FairTurns(1, 4, 30), [], threading.Event()
    threads = [_hold(turns, "a", started, release)]
    _until(lambda: started == ["a"])
    threads.append(_hold(turns, "a", started, release))
    _until(lambda: len(turns._waiting) == 1)
    threads.append(_hold(turns, "b", started, release))
    _until(lambda: len(turns._waiting) == 2)
    release.set()
    for thread in threads:
        thread.join()
    assert started == ["a", "b", "a"]


def test_uploads_waiting_past_the_cap_are_refused_at_once():
    turns, started, release = FairTurns(1, 2, 30), [], threading.Event()
    threads = [_hold(turns, "a", started, release)]
    _until(lambda: started == ["a"])
    threads += [_hold(turns, "a", started, release) for _ in range(2)]
    _until(lambda: len(turns._waiting) == 2)
    with pytest.raises(Busy):
        with turns.turn("a"):
            pass
    release.set()
    for thread in threads:
        thread.join()
    assert started == ["a"] * 3


def test_an_upload_that_waits_too_long_gives_up_and_says_so(zygote, monkeypatch):
    monkeypatch.setattr(sandbox, "_TURNS", FairTurns(1, 4, 0.05))
    release = threading.Event()
    holder = _hold(sandbox._TURNS, "a", [], release)
    _until(lambda: sandbox._TURNS.running())
    with pytest.raises(WorkerStopped) as stopped:
        sandbox.call(_allocate, 1)
    release.set()
    holder.join()
    assert "Other uploads from your address are still being checked" in stopped.value.issue.message("en")
    assert "来自您地址的其他上传文件仍在检查中" in stopped.value.issue.message("zh")
