"""A budget of CPU time for one piece of work, kept per thread.

The web app gives each request one, so that no input can hold a worker for minutes; layout, drawing and
encoding call `check_budget()` between their steps. Without a budget (the command line) a check is one
thread-local lookup.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator

from cardnews.errors import WorkLimitError

_local = threading.local()


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Within the block, `check_budget()` raises WorkLimitError once this thread has used `seconds` of CPU."""
    previous = getattr(_local, "limit", None)
    _local.limit = (time.thread_time() + seconds, seconds)
    try:
        yield
    finally:
        _local.limit = previous


def check_budget() -> None:
    limit = getattr(_local, "limit", None)
    if limit is not None and time.thread_time() > limit[0]:
        raise WorkLimitError(
            f"this case file needs more than {limit[1]:g} s of work, the most the server gives one request; "
            "shorten its longest texts or split the series, or build it with the cardnews command."
        )
