"""How long a read may wait for a lock: one allowance shared by every read of a page run.

A page run asks the store several things (the programmes, the current version, its model, the versions for
a picker). Under a lock held by another program each read would wait `read_wait` in turn, so a page would
wait several times the promised seconds. The glue that knows what a page run is (ui/source.py) gives the
store a `WaitBudget` per run through `share_budgets`; every read then waits at most what is left of it, and
once it is spent, reads that meet a lock fail at once while reads that meet none go through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class WaitBudget:
    """Seconds of lock waiting left to the reads of one page run."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.left = seconds
        self.granted: list[float] = []  # each read's allowance, in order (what the tests count)
        self._lock = threading.Lock()

    def allow(self, read_wait: float) -> float:
        """The wait the next read may use: the store's own, or less when this run has waited already."""
        with self._lock:
            wait = max(0.0, min(read_wait, self.left))
            self.granted.append(wait)
            return wait

    def spend(self, seconds: float) -> None:
        """A read waited for a lock and gave up (or went through late): take its wait off what is left."""
        with self._lock:
            self.left = max(0.0, self.left - seconds)


_source: Callable[[], WaitBudget | None] = lambda: None  # noqa: E731 (no page runs: every read waits read_wait)


def share_budgets(source: Callable[[], WaitBudget | None]) -> None:
    """Give the store the budget of the page run in progress (called once by the glue)."""
    global _source
    _source = source


def current() -> WaitBudget | None:
    """The budget of the page run in progress, None outside one."""
    return _source()
