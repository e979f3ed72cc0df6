"""The build queue: no more builds at once than cores, a bounded line behind them, busy beyond that.

Builds are CPU work (layout, drawing, encoding). Running more at once than there are cores only makes
every one of them slower, and an unbounded line lets one client tie the server up, so the line is short
and a request that finds it full is told to come back (HTTP 503) instead of waiting without end.
"""

from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from cardnews.budget import cpu_budget

T = TypeVar("T")

MAX_WAITING = 64  # requests in line behind the running builds
# CPU seconds one request may use: the reference series previews in 0.3 s and a 30-case bundle builds in
# about 3; an input that needs more is refused with a message instead of holding a worker for minutes.
MAX_CPU_SECONDS = 20.0


class QueueFull(Exception):
    """Every worker is busy and the line is full."""


class BuildQueue:
    """Runs build functions on `workers` threads (default: one per core), at most `waiting` more in line,
    each within `cpu_seconds` of CPU time (cardnews.budget)."""

    def __init__(self, workers: int | None = None, waiting: int = MAX_WAITING, cpu_seconds: float = MAX_CPU_SECONDS):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.waiting = max(0, waiting)
        self.cpu_seconds = cpu_seconds
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="cardnews-build")
        self._lock = threading.Lock()
        self._queued = 0  # running and waiting
        self._running = 0
        self.busiest = 0  # the most builds ever seen running at once

    @property
    def queued(self) -> int:
        return self._queued

    async def run(self, function: Callable[..., T], *args) -> T:
        """`function(*args)` on a worker thread, once one is free; QueueFull when the line is full."""
        with self._lock:
            if self._queued >= self.workers + self.waiting:
                raise QueueFull
            self._queued += 1
        try:
            return await asyncio.wrap_future(self._executor.submit(contextvars.copy_context().run, self._counted, function, *args))
        finally:
            with self._lock:
                self._queued -= 1

    def submit(self, function: Callable[..., T], *args):
        """Start `function(*args)` without waiting for it (warm-up work); not counted against the line."""
        return self._executor.submit(function, *args)

    def _counted(self, function: Callable[..., T], *args) -> T:
        with self._lock:
            self._running += 1
            self.busiest = max(self.busiest, self._running)
        try:
            with cpu_budget(self.cpu_seconds):
                return function(*args)
        finally:
            with self._lock:
                self._running -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
