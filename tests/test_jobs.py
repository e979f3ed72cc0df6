"""`--jobs`: cards drawn and encoded in parallel processes give the same bytes as one process."""

from __future__ import annotations

import contextlib
import io
import os
import threading
from pathlib import Path

import pytest

from cardnews.render import parallel
from cardnews.cli import main
from cardnews.render.draw import render_card

REFERENCE = Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.yaml"


def build(out: Path, *options: str) -> bytes:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["build", str(REFERENCE), "--out", str(out), *options]) == 0
    return next(out.glob("*.zip")).read_bytes()


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> bytes:
    return build(tmp_path_factory.mktemp("jobs-1"), "--jobs", "1")


def test_two_processes_give_a_byte_identical_bundle(one_process, tmp_path):
    assert parallel._can_fork(), "this test must run where cards can be drawn in forked processes"
    assert build(tmp_path, "--jobs", "2") == one_process


def test_every_channel_and_jpeg_are_byte_identical_too(tmp_path):
    options = ("--channel", "all", "--format", "jpg", "--quality", "85")
    assert build(tmp_path / "two", *options, "--jobs", "2") == build(tmp_path / "one", *options, "--jobs", "1")


def test_cards_are_drawn_in_other_processes(planned, fonts, tmp_path):
    drawers = tmp_path / "pids"

    def draw(card, fonts):
        with open(drawers, "a") as file:
            file.write(f"{os.getpid()}\n")
        return render_card(card, fonts)

    cards = planned.cards
    assert len(cards) >= parallel.MIN_CARDS_FOR_PROCESSES
    in_parallel = parallel.encode_cards(cards, fonts, draw, jobs=2)
    pids = set(drawers.read_text().split())
    assert len(pids) == 2 and str(os.getpid()) not in pids
    assert in_parallel == parallel.encode_cards(cards, fonts, render_card, jobs=1)


def test_a_short_series_is_drawn_here(planned, fonts, tmp_path):
    drawers = tmp_path / "pids"

    def draw(card, fonts):
        with open(drawers, "a") as file:
            file.write(f"{os.getpid()}\n")
        return render_card(card, fonts)

    parallel.encode_cards(planned.cards[: parallel.MIN_CARDS_FOR_PROCESSES - 1], fonts, draw, jobs=2)
    assert set(drawers.read_text().split()) == {str(os.getpid())}


def test_no_fork_while_another_thread_runs(planned, fonts):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not parallel._can_fork()
        assert parallel.encode_cards(planned.cards[:4], fonts, render_card, jobs=2)  # drawn here instead
    finally:
        stop.set()
        other.join()


def test_an_interrupt_in_a_worker_stops_the_build(planned, fonts):
    def interrupted(card, fonts):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        parallel.encode_cards(planned.cards, fonts, interrupted, jobs=2)


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(jobs, capsys):
    with pytest.raises(SystemExit):
        main(["build", str(REFERENCE), "--jobs", jobs])
    assert "is not a number of processes" in capsys.readouterr().err


def test_an_error_in_a_worker_is_raised_here(planned, fonts):
    from cardnews.errors import RenderError

    def failing(card, fonts):
        raise RenderError(f"cannot draw {card.filename}")

    with pytest.raises(RenderError, match="cannot draw"):
        parallel.encode_cards(planned.cards, fonts, failing, jobs=2)


def test_a_worker_that_dies_is_reported(planned, fonts):
    def dying(card, fonts):
        os._exit(3)

    with pytest.raises(RuntimeError, match="stopped without an answer"):
        parallel.encode_cards(planned.cards, fonts, dying, jobs=2)


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_card_drawn(planned, fonts, jobs):
    seen = []
    encoded = parallel.encode_cards(planned.cards, fonts, render_card, jobs=jobs, progress=lambda done, total: seen.append((done, total)))
    total = len(planned.cards)
    assert len(encoded) == total and seen[-1] == (total, total)
    assert all(b[0] > a[0] for a, b in zip(seen, seen[1:])) and {t for _, t in seen} == {total}
    if jobs == 1:
        assert seen == [(n, total) for n in range(1, total + 1)]


def test_a_failing_card_with_progress_is_raised_not_waited_for(planned, fonts):
    """The error is raised as soon as it comes back, while the other worker may still be drawing."""
    from cardnews.errors import RenderError

    bad = planned.cards[3]

    def failing(card, fonts):
        if card is bad or card == bad:
            raise RenderError(f"cannot draw {card.filename}")
        return render_card(card, fonts)

    seen = []
    with pytest.raises(RenderError, match="cannot draw"):
        parallel.encode_cards(planned.cards, fonts, failing, jobs=2, progress=lambda done, total: seen.append(done))
    assert max(seen, default=0) < len(planned.cards)


def test_where_there_is_no_fork_a_spawned_pool_draws_the_cards_and_the_bytes_are_the_same(one_process, tmp_path, monkeypatch):
    spawned = []
    original = parallel._encode_spawned

    def recorded(cards, *args, **kwargs):
        spawned.append(len(cards))
        return original(cards, *args, **kwargs)

    monkeypatch.setattr(parallel, "_start_method", lambda: "spawn")  # as on macOS and Windows
    monkeypatch.setattr(parallel, "MIN_CARDS_FOR_SPAWN", 2)  # the reference's 8 cards are enough here
    monkeypatch.setattr(parallel, "_encode_spawned", recorded)
    assert build(tmp_path, "--jobs", "2") == one_process
    assert spawned == [8]


def test_a_spawned_pool_gives_the_cards_in_order_with_progress(planned, fonts):
    cards = planned.cards * 3
    ticks = []
    spawned = parallel.encode_cards(cards, fonts, render_card, jobs=2, start_method="spawn", progress=lambda done, total: ticks.append((done, total)))
    assert spawned == parallel.encode_cards(cards, fonts, render_card, jobs=1)
    assert ticks[-1] == (len(cards), len(cards)) and [done for done, _ in ticks] == sorted(done for done, _ in ticks)


def test_past_the_pipe_s_numbers_workers_take_batches_and_every_card_comes_back_in_order(planned, fonts, monkeypatch):
    monkeypatch.setattr(parallel, "_MAX_NUMBERS_IN_PIPE", 3)  # as 2,048 is for a series of thousands of cards
    cards = planned.cards
    assert parallel.encode_cards(cards, fonts, render_card, jobs=2) == parallel.encode_cards(cards, fonts, render_card, jobs=1)
