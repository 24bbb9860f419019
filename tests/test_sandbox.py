"""The worker process: what the reader's checks miss, its limits stop, and the caller gets an issue, not a crash."""

from __future__ import annotations

import io
import os
import threading

import pytest

from benchmarks import crafted
from jwp_data.workbook import sandbox
from jwp_data.workbook.sandbox import Limits, WorkerStopped
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


@pytest.fixture(params=["fork", "start"])
def how(request, monkeypatch):
    """Run each test both ways a worker starts: forked from a single-threaded process, or started as a process."""
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


def test_a_worker_past_its_wall_clock_time_is_killed():
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
