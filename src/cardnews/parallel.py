"""Draw and encode cards, in parallel processes when a series is long enough to gain from them.

Each card is drawn and encoded where it is sent and only its encoded bytes come back, so what is
written never depends on the number of processes. Workers are forked from the process that laid the
series out and start with its fonts already loaded; where forking is not available or not safe
(another thread is running), cards are drawn one after another.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Callable

from PIL import Image

from cardnews.encode import DEFAULT_QUALITY, encode_image
from cardnews.fonts import FontBook
from cardnews.geometry import CardLayout

Draw = Callable[[CardLayout, FontBook], Image.Image]

# Below this many cards, forking workers and collecting their bytes costs more than the second core
# saves (measured with benchmarks/run.py on two cores; see the README).
MIN_CARDS_FOR_PROCESSES = 4

_work: tuple[Draw, FontBook, str, int] | None = None  # what forked workers inherit: how to draw, fonts, format, quality


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def encode_cards(
    cards: list[CardLayout], fonts: FontBook, draw: Draw, image_format: str = "png", quality: int = DEFAULT_QUALITY, jobs: int = 1
) -> list[bytes]:
    """Every card drawn with `draw` and encoded, in order; by up to `jobs` processes when that is faster."""
    workers = min(jobs, len(cards))
    if workers < 2 or len(cards) < MIN_CARDS_FOR_PROCESSES or not _can_fork():
        return [encode_image(draw(card, fonts), image_format, quality) for card in cards]
    import multiprocessing

    global _work
    _work = (draw, fonts, image_format, quality)
    try:
        # leaving the block terminates the workers, at once on Ctrl-C too
        with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
            results = pool.map(_encode_in_worker, cards, chunksize=1)
    finally:
        _work = None
    if any(result is None for result in results):
        raise KeyboardInterrupt
    return results


def _encode_in_worker(card: CardLayout) -> bytes | None:
    draw, fonts, image_format, quality = _work
    try:
        return encode_image(draw(card, fonts), image_format, quality)
    except (KeyboardInterrupt, SystemExit):
        return None  # a pool worker that dies of these never answers; the parent raises instead


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group; the parent alone answers it (and stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _can_fork() -> bool:
    """Forking copies only the calling thread, so it is safe only while no other runs (and not on macOS,
    whose system libraries do not survive it)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" and threading.active_count() == 1
