"""Draw and encode cards, in parallel processes when a series is long enough to gain from them.

Each card is drawn and encoded where it is dealt and only its encoded bytes come back, so what is
written never depends on the number of processes. Workers are forked from the process that laid the
series out and start with its fonts already loaded; where forking is not available or not safe
(another thread is running), cards are drawn one after another.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
from typing import Callable, TypeVar

from PIL import Image

from cardnews.render.encode import DEFAULT_QUALITY, encode_image
from cardnews.layout.fonts import FontBook
from cardnews.layout.geometry import CardLayout
from cardnews.i18n import _

Draw = Callable[[CardLayout, FontBook], Image.Image]
Progress = Callable[[int, int], None]  # (cards done, total)
Kept = TypeVar("Kept")


def _as_is(data: bytes) -> bytes:
    return data

# Forking a worker and collecting its files takes about 4 ms, drawing and encoding a card about 40: on two
# idle cores a second process is faster from two cards on, but only from four is the gain (20-35%) larger
# than what other load on the machine takes away (benchmarks/run.py measures it; README: Speed).
MIN_CARDS_FOR_PROCESSES = 4
# A spawned worker starts a fresh interpreter and loads cardnews and its fonts (about 0.3 s) before its first card.
MIN_CARDS_FOR_SPAWN = 16
_NUMBER = struct.Struct(">H")  # the number of the next batch of cards, in the pipe workers take them from
_FRAME = struct.Struct(">cII")  # what a worker sends: a card's file (kind, card number, length), or its answer
_CARD, _ANSWER = b"C", b"A"
_READ_SIZE = 1 << 20
_MAX_NUMBERS_IN_PIPE = 2048  # written before the workers start: 4 KB, what any pipe holds; past that many cards, batches of several


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def encode_cards(
    cards: list[CardLayout],
    fonts: FontBook,
    draw: Draw,
    image_format: str = "png",
    quality: int = DEFAULT_QUALITY,
    jobs: int = 1,
    min_cards: int = MIN_CARDS_FOR_PROCESSES,
    meanwhile: Callable[[], object] | None = None,
    progress: Progress | None = None,
    start_method: str | None = None,
    keep: Callable[[bytes], Kept] = _as_is,  # type: ignore[assignment]
) -> list[Kept]:
    """Every card drawn with `draw` and encoded, in order; by up to `jobs` processes from `min_cards` cards.

    Processes are forked where the system can fork (Linux), else started fresh (`spawn`: macOS, Windows),
    which pays off only from MIN_CARDS_FOR_SPAWN cards; `start_method` forces one ("fork" or "spawn").

    Each card's file is given to `keep` here as soon as it is encoded (in any order), and what `keep`
    returns is what comes back: a writer can put each file on disk at once, so no process ever holds the
    whole series. `meanwhile` is called once in this process, while the workers draw (or after the cards,
    without them); `progress(done, total)` after each card is encoded, in this process.
    """
    workers = min(jobs, len(cards))
    method = start_method or _start_method()
    if method == "spawn" and workers >= 2 and len(cards) >= max(min_cards, MIN_CARDS_FOR_SPAWN):
        return _encode_spawned(cards, fonts, draw, image_format, quality, workers, meanwhile, progress, keep)
    if workers < 2 or len(cards) < min_cards or method != "fork" or not _can_fork():
        encoded = []
        for card in cards:
            encoded.append(keep(encode_image(draw(card, fonts), image_format, quality, card.photographic)))
            if progress is not None:
                progress(len(encoded), len(cards))
        if meanwhile is not None:
            meanwhile()
        return encoded
    return _encode_forked(cards, fonts, draw, image_format, quality, workers, meanwhile, progress, keep)


def _encode_forked(
    cards: list[CardLayout], fonts: FontBook, draw: Draw, image_format: str, quality: int, workers: int,
    meanwhile: Callable[[], object] | None, progress: Progress | None, keep: Callable[[bytes], Kept],
) -> list[Kept]:
    """Cards drawn by `workers` forked processes: each takes the next card number from a shared pipe until
    none is left (so a slow card does not hold the others up) and sends each card's file back through a
    pipe of its own as soon as it is encoded, then its answer (done, or what went wrong). A few
    milliseconds of overhead, where a process pool takes fifteen; this process does only `meanwhile` and
    `keep`, so it keeps none of the memory that drawing takes."""
    tasks, more = os.pipe()
    # the busiest cards first, so that no worker is left with a long one at the end
    batch = -(-len(cards) // _MAX_NUMBERS_IN_PIPE)  # one card each up to 2,048 cards
    batches = range(-(-len(cards) // batch))
    order = sorted(batches, key=lambda number: -sum(len(card.elements) for card in cards[number * batch : (number + 1) * batch]))
    os.write(more, b"".join(_NUMBER.pack(number) for number in order))  # fits the pipe: see _MAX_NUMBERS_IN_PIPE
    results: list[Kept | None] = [None] * len(cards)
    children: dict[int, int] = {}  # the pipe each worker answers on: its pid
    try:
        for _ignored in range(workers):
            read, write = os.pipe()
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})  # held until the worker ignores them
            parent = os.getpid()
            try:
                pid = os.fork()
                if pid == 0:  # the worker: never returns
                    try:
                        os.close(read)
                        os.close(more)
                        for other in children:
                            os.close(other)
                        # Ctrl-C and SIGTERM reach the whole process group; the parent answers them and stops the workers.
                        signal.signal(signal.SIGINT, signal.SIG_IGN)
                        signal.signal(signal.SIGTERM, signal.SIG_IGN)
                        _die_with(parent)
                        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                        _work_and_exit(tasks, write, cards, fonts, draw, image_format, quality, batch)
                    finally:
                        os._exit(1)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(write)
            children[read] = pid
        os.close(more)
        more = -1
        if meanwhile is not None:
            meanwhile()
        done = 0
        for index, data in _answers(children):
            results[index] = keep(data)
            done += 1
            if progress is not None:
                progress(done, len(cards))
    finally:
        for fd in (tasks, more):
            if fd >= 0:
                os.close(fd)
        for read, pid in children.items():  # left only after a failure or Ctrl-C: stop them
            try:
                os.close(read)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
    if any(result is None for result in results):
        raise RuntimeError(_("a process drawing cards stopped without an answer"))
    return results  # type: ignore[return-value]


def _answers(children: dict[int, int]):
    """(index, file) of each card as the workers send them, whichever comes first; ends when every worker
    has answered done, and raises what a worker ran into (KeyboardInterrupt when one was interrupted)."""
    import selectors

    waiting = selectors.DefaultSelector()
    received: dict[int, bytearray] = {}
    for read in children:
        waiting.register(read, selectors.EVENT_READ)
        received[read] = bytearray()
    try:
        while received:
            for key, _events in waiting.select():
                read = int(key.fd)
                chunk = os.read(read, _READ_SIZE)
                if not chunk:  # it ended before its answer
                    raise RuntimeError(_("a process drawing cards stopped without an answer"))
                buffer = received[read]
                buffer += chunk
                while len(buffer) >= _FRAME.size:
                    kind, index, length = _FRAME.unpack_from(buffer)
                    end = _FRAME.size + length
                    if len(buffer) < end:
                        break
                    payload = bytes(buffer[_FRAME.size : end])
                    del buffer[:end]
                    if kind == _CARD:
                        yield index, payload
                        continue
                    waiting.unregister(read)
                    del received[read]
                    _finish(read, children, payload)
                    break
    finally:
        waiting.close()


def _finish(read: int, children: dict[int, int], payload: bytes) -> None:
    """A worker's last word: reaped when it is done, else what it ran into raised here."""
    try:
        outcome, value = pickle.loads(payload)
    except Exception as exc:  # an answer that does not unpickle
        outcome, value = "failed", RuntimeError(_("a process drawing cards gave an unreadable answer ({exc})").format(exc=exc))
    if outcome == "interrupted":
        raise KeyboardInterrupt
    if outcome == "failed":
        raise value
    os.close(read)
    os.waitpid(children.pop(read), 0)


def _work_and_exit(
    tasks: int, pipe: int, cards: list[CardLayout], fonts: FontBook, draw: Draw, image_format: str, quality: int, batch: int = 1,
) -> None:
    """In a forked worker: draw and encode batches of `batch` cards while there are numbers to take,
    sending each card's file to the parent as it is made, then the answer (done, or what went wrong); exit."""
    answer: tuple[str, object]
    try:
        while number := os.read(tasks, _NUMBER.size):  # a read this small takes a whole number, or nothing at the end
            (first,) = _NUMBER.unpack(number)
            for index in range(first * batch, min(len(cards), (first + 1) * batch)):
                _send(pipe, _CARD, index, encode_image(draw(cards[index], fonts), image_format, quality, cards[index].photographic))
        answer = ("done", None)
    except (KeyboardInterrupt, SystemExit):
        answer = ("interrupted", None)
    except BaseException as exc:  # everything goes back to the parent, which raises it
        answer = ("failed", exc)
    try:
        try:
            said = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that does not pickle: send what it said
            said = pickle.dumps(("failed", RuntimeError(repr(answer[1]))), protocol=pickle.HIGHEST_PROTOCOL)
        _send(pipe, _ANSWER, 0, said)
    except OSError:  # no one is reading any more
        pass
    finally:
        os._exit(0)  # no exit handlers, and the parent's buffered output is not written a second time


def _send(pipe: int, kind: bytes, index: int, data: bytes) -> None:
    """One frame to the parent: its kind, the card's number and the data, written whole."""
    view = memoryview(_FRAME.pack(kind, index, len(data)) + data)
    while view:
        view = view[os.write(pipe, view) :]


def _die_with(parent: int) -> None:
    """In a worker: be killed when the parent dies, however it dies (kill -9 too), instead of drawing on
    for no one (Linux's PR_SET_PDEATHSIG; where there is none, the worker ends when its answer finds no reader)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before that took hold
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _start_method() -> str:
    """fork where the system has it and it is safe (macOS has fork, but its system libraries do not survive it)."""
    return "fork" if hasattr(os, "fork") and sys.platform != "darwin" else "spawn"


def _encode_spawned(
    cards: list[CardLayout], fonts: FontBook, draw: Draw, image_format: str, quality: int, workers: int,
    meanwhile: Callable[[], object] | None, progress: Progress | None, keep: Callable[[bytes], Kept],
) -> list[Kept]:
    """Cards drawn by `workers` fresh processes (a spawn pool), for systems that cannot fork: each loads
    its own fonts once and draws batches of cards; the files come back in order, each batch given to
    `keep` as it arrives. `draw` must be a module's function, as it is sent to the workers by name."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    batch = max(1, min(8, len(cards) // (4 * workers)))
    batches = [list(range(start, min(start + batch, len(cards)))) for start in range(0, len(cards), batch)]
    results: list[Kept] = []
    done = 0
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_spawned, initargs=(str(fonts.directory),)) as pool:
        futures = [pool.submit(_draw_spawned, [cards[index] for index in indices], draw, image_format, quality) for indices in batches]
        if meanwhile is not None:
            meanwhile()
        try:
            futures.reverse()
            while futures:  # each batch let go of once kept
                files = futures.pop().result()
                results += [keep(data) for data in files]
                done += len(files)
                if progress is not None:
                    progress(done, len(cards))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


_spawned_fonts: FontBook | None = None


def _start_spawned(directory: str) -> None:
    """In a spawned worker: its own fonts, and Ctrl-C left to the parent (it reaches the whole process group)."""
    global _spawned_fonts
    from pathlib import Path

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _spawned_fonts = FontBook(Path(directory))


def _draw_spawned(cards: list[CardLayout], draw: Draw, image_format: str, quality: int) -> list[bytes]:
    assert _spawned_fonts is not None
    return [encode_image(draw(card, _spawned_fonts), image_format, quality, card.photographic) for card in cards]


def _can_fork() -> bool:
    """Forking copies only the calling thread, so it is safe only while no other runs (and not on macOS,
    whose system libraries do not survive it)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1
