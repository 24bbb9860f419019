"""Whose upload is checked next: a few workers at once, one per client, and clients served in turn.

A client is whatever the caller names it by (the dashboard: the connection's address). One client's uploads run
one at a time, whatever the number of its browser sessions, so a client with many uploads in flight holds at most
one worker and the others stay free for everyone else. When a worker frees up, the waiting client served least
recently goes next. A client may have only a few uploads waiting; more are refused at once, and an upload that
waits too long gives up, so waiting threads stay bounded too.
"""

from __future__ import annotations

import itertools
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass


class Busy(Exception):
    """The client has too many uploads waiting, or this one waited too long for a worker."""


@dataclass
class _Waiting:
    client: str
    number: int


class FairTurns:
    """At most `slots` turns at once, at most one per client; freed slots go to the client served least recently."""

    def __init__(self, slots: int, waiting_per_client: int, wait_seconds: float):
        self.slots = slots
        self.waiting_per_client = waiting_per_client
        self.wait_seconds = wait_seconds
        self._changed = threading.Condition()
        self._running: dict[str, int] = {}
        self._waiting: list[_Waiting] = []
        self._last_served: dict[str, int] = {}
        self._numbers = itertools.count()

    @contextmanager
    def turn(self, client: str):
        """Wait for this client's turn (raises Busy), then hold a slot until the block ends."""
        with self._changed:
            if sum(1 for w in self._waiting if w.client == client) >= self.waiting_per_client:
                raise Busy(client)
            ticket = _Waiting(client, next(self._numbers))
            self._waiting.append(ticket)
            deadline = time.monotonic() + self.wait_seconds
            while self._next() is not ticket:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._waiting.remove(ticket)
                    self._changed.notify_all()
                    raise Busy(client)
                self._changed.wait(left)
            self._waiting.remove(ticket)
            self._running[client] = self._running.get(client, 0) + 1
            self._last_served[client] = ticket.number
        try:
            yield
        finally:
            with self._changed:
                self._running[client] -= 1
                if not self._running[client]:
                    del self._running[client]
                    if not any(w.client == client for w in self._waiting):
                        del self._last_served[client]  # nothing left of this client: forget it
                self._changed.notify_all()

    def _next(self) -> _Waiting | None:
        """The waiting ticket that may start now, if a slot is free."""
        if sum(self._running.values()) >= self.slots:
            return None
        ready = [w for w in self._waiting if not self._running.get(w.client)]
        if not ready:
            return None
        return min(ready, key=lambda w: (self._last_served.get(w.client, -1), w.number))

    def running(self) -> dict[str, int]:
        """Turns held now, per client."""
        with self._changed:
            return dict(self._running)
