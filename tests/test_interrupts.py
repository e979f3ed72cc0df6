"""Nothing lost: a failed or interrupted build (Ctrl-C included) leaves the previous bundle byte-identical."""

from __future__ import annotations

import hashlib
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cardnews.cli import main
from cardnews.errors import OutputError
from cardnews.bundle.package import write_outputs

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_YAML = ROOT / "cases" / "2024-h1-gangnam.yaml"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(folder.rglob("*"))
    }


def staging_left(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".cardnews-")]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """An output folder holding last week's bundle, built once."""
    out = tmp_path_factory.mktemp("previous") / "out"
    assert main(["build", str(REFERENCE_YAML), "--out", str(out)]) == 0
    return out


@pytest.fixture
def out(previous, tmp_path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(previous, target)
    return target


@pytest.fixture
def changed_case(tmp_path) -> Path:
    """The reference series with one item changed: same bundle name, different cards."""
    text = REFERENCE_YAML.read_text(encoding="utf-8").replace("맞춤형 프로그램 지원", "맞춤형 프로그램 지원 확대")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_ctrl_c_while_rendering_leaves_the_previous_bundle(out, changed_case, monkeypatch, capsys):
    import cardnews.build

    before = snapshot(out)
    real_render, drawn = cardnews.build.render_card, []

    def render_then_interrupt(card, fonts):
        if len(drawn) == 3:
            raise KeyboardInterrupt
        drawn.append(card)
        return real_render(card, fonts)

    monkeypatch.setattr(cardnews.build, "render_card", render_then_interrupt)
    assert main(["build", str(changed_case), "--out", str(out)]) == 130
    assert capsys.readouterr().err.endswith("cardnews: interrupted; earlier output is unchanged.\n")
    assert snapshot(out) == before
    assert staging_left(out) == []


def _new_bundle(out: Path) -> tuple[str, list[tuple[str, bytes]], str, bytes]:
    folder = next(p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    zip_name = next(p.name for p in out.iterdir() if p.suffix == ".zip")
    return folder, [("01-cover.png", b"new cover"), ("02-contents.png", b"new contents")], zip_name, b"new zip"


def test_interrupt_at_every_step_of_writing_leaves_the_previous_bundle(out, monkeypatch):
    """Ctrl-C raised at each file operation of the write in turn, until one run gets through."""
    before = snapshot(out)
    folder, files, zip_name, zip_data = _new_bundle(out)
    calls = {"count": 0, "stop_at": 0}

    def interrupting(real):
        def wrapper(*args, **kwargs):
            calls["count"] += 1
            if calls["count"] == calls["stop_at"]:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(os, "replace", interrupting(os.replace))
    monkeypatch.setattr(pathlib.Path, "write_bytes", interrupting(pathlib.Path.write_bytes))
    monkeypatch.setattr(pathlib.Path, "mkdir", interrupting(pathlib.Path.mkdir))
    for stop_at in range(1, 50):
        calls.update(count=0, stop_at=stop_at)
        try:
            write_outputs(out, folder, files, zip_name, zip_data)
        except KeyboardInterrupt:
            assert snapshot(out) == before, f"interrupted at step {stop_at}"
            assert staging_left(out) == []
            continue
        break
    assert stop_at > 8  # every mkdir, write and rename was interrupted once
    assert (out / folder / "01-cover.png").read_bytes() == b"new cover"
    assert (out / zip_name).read_bytes() == b"new zip"
    assert staging_left(out) == []


def test_ctrl_c_signal_during_the_swap_is_held_then_undone(out, monkeypatch):
    before = snapshot(out)
    folder, files, zip_name, zip_data = _new_bundle(out)
    real_replace = os.replace
    moves = []

    def replace_and_signal(source, target):
        moves.append(target)
        if len(moves) == 2:  # the new folder is about to go in: a real SIGINT arrives now
            signal.raise_signal(signal.SIGINT)
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_and_signal)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(out, folder, files, zip_name, zip_data)
    assert snapshot(out) == before
    assert staging_left(out) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_failed_write_leaves_the_previous_bundle(out, monkeypatch):
    before = snapshot(out)
    folder, files, zip_name, zip_data = _new_bundle(out)
    real_replace = os.replace
    failed = []

    def replace_then_fail(source, target):
        if str(target).endswith(".zip") and "cardnews-" not in str(target) and not failed:
            failed.append(target)  # the new zip cannot go in; putting the old one back works
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with pytest.raises(OutputError) as error:
        write_outputs(out, folder, files, zip_name, zip_data)
    assert str(error.value) == f"{out}: writing the cards failed (No space left on device); the earlier output is unchanged."
    assert snapshot(out) == before
    assert staging_left(out) == []


@pytest.mark.parametrize("name", ["../escape", "/abs", "a/../../b", "a\\b", "", "a\nb"])
def test_names_that_would_leave_the_output_folder_are_refused(tmp_path, name):
    with pytest.raises(ValueError):
        write_outputs(tmp_path, "cards", [(name, b"x")], "bundle.zip", b"z")
    assert list(tmp_path.iterdir()) == []


# A build in a child process whose rendering (or writing) waits, so a real SIGINT lands mid-way.
_SLOW_BUILD = textwrap.dedent(
    """
    import pathlib, sys, time
    import cardnews.build
    from cardnews.cli import main

    stage = sys.argv[1]
    if stage == "render":
        real = cardnews.build.render_card
        def slow_render(card, fonts):
            print("rendering", flush=True)
            time.sleep(0.4)
            return real(card, fonts)
        cardnews.build.render_card = slow_render
    else:
        real_write = pathlib.Path.write_bytes
        def slow_write(self, data):
            if ".cardnews-" in str(self):
                print("writing", flush=True)
                time.sleep(0.3)
            return real_write(self, data)
        pathlib.Path.write_bytes = slow_write
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.parametrize("stage, marker", [("render", "rendering"), ("write", "writing")])
def test_real_sigint_to_a_build_leaves_the_previous_bundle(out, changed_case, stage, marker):
    before = snapshot(out)
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, stage, "build", str(changed_case), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert child.stdout.readline().startswith(marker)  # worker processes may print it at the same time
        time.sleep(0.1)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 130, err
    assert err.endswith("cardnews: interrupted; earlier output is unchanged.\n")
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert staging_left(out) == []


@pytest.mark.parametrize("stage, marker", [("render", "rendering"), ("write", "writing")])
def test_sigterm_stops_a_build_as_ctrl_c_does(out, changed_case, stage, marker):
    before = snapshot(out)
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, stage, "build", str(changed_case), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert child.stdout.readline().startswith(marker)
        time.sleep(0.1)
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert child.returncode == 143, err
    assert err.endswith("cardnews: stopped (SIGTERM); earlier output is unchanged.\n")
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert staging_left(out) == []


def test_a_build_killed_while_writing_leaves_staging_that_the_next_build_removes(out, changed_case):
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, "write", "build", str(changed_case), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert child.stdout.readline().startswith("writing")
        child.kill()  # SIGKILL: nothing of ours runs
        child.communicate(timeout=60)
    finally:
        child.kill()
    assert len(staging_left(out)) == 1
    assert main(["build", str(changed_case), "--out", str(out), "--jobs", "1"]) == 0
    assert staging_left(out) == []


def test_staging_of_a_build_still_writing_is_left_alone(tmp_path):
    import fcntl

    from cardnews.bundle.package import remove_stale_staging

    live, dead, old_lockless, young_lockless = (tmp_path / f".cardnews-{n}" for n in ("live", "dead", "old", "young"))
    for folder in (live, dead, old_lockless, young_lockless):
        folder.mkdir()
    (dead / ".lock").write_bytes(b"")
    holder = open(live / ".lock", "wb")
    fcntl.flock(holder, fcntl.LOCK_EX)
    os.utime(old_lockless, (time.time() - 7200, time.time() - 7200))
    try:
        assert sorted(p.name for p in remove_stale_staging(tmp_path)) == [".cardnews-dead", ".cardnews-old"]
        assert sorted(staging_left(tmp_path)) == [".cardnews-live", ".cardnews-young"]
    finally:
        holder.close()


_BIG_SERIES = "series:\n  title: 2024 상반기 강남구 사례\ncases:\n" + "".join(
    f"  - headline: 사례 {n} 제목\n    items: [첫 번째 항목, 두 번째 항목]\n" for n in range(1, 41)
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_workers_die_with_their_parent(tmp_path):
    case = tmp_path / "big.yaml"
    case.write_text(_BIG_SERIES, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, "render", "build", str(case), "--out", str(tmp_path / "out"), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert child.stdout.readline().startswith("rendering")
        workers = _children(child.pid)
        assert workers, "the build forked no workers"
        child.kill()
        child.communicate(timeout=60)
        deadline = time.monotonic() + 5  # unstopped, they would draw on for several seconds more
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        child.kill()


def _children(pid: int) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (pathlib.Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# `cardnews convert -o` whose rename waits, so that it can be killed with its hidden `.part` file written.
_SLOW_RENAME = textwrap.dedent(
    """
    import os, sys, time
    from cardnews.cli import main

    real_replace = os.replace
    def slow_replace(source, target):
        if str(source).endswith(".part"):
            print("renaming", flush=True)
            time.sleep(30)
        return real_replace(source, target)
    os.replace = slow_replace
    sys.exit(main(sys.argv[1:]))
    """
)


def _parts(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_write_killed_before_its_rename_leaves_a_part_file_that_the_next_write_removes(tmp_path):
    summary = ROOT / "cases" / "2024-h1-gangnam.txt"
    target = tmp_path / "week.yaml"
    child = subprocess.Popen(
        [sys.executable, "-c", _SLOW_RENAME, "convert", str(summary), "-o", str(target)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
    )
    try:
        assert child.stdout.readline().startswith("renaming")
        child.kill()  # SIGKILL: nothing of ours runs
        child.communicate(timeout=60)
    finally:
        child.kill()
    assert len(_parts(tmp_path)) == 1 and not target.exists()
    assert main(["convert", str(summary), "-o", str(target)]) == 0
    assert _parts(tmp_path) == []
    assert target.read_text(encoding="utf-8").startswith("series:")


def test_a_part_file_still_being_written_is_left_alone(tmp_path):
    import fcntl

    from cardnews.bundle.package import remove_stale_parts

    live, dead, other = (tmp_path / name for name in (".week.yaml.live.part", ".week.yaml.dead.part", ".other.yaml.dead.part"))
    for part in (live, dead, other):
        part.write_bytes(b"half")
    holder = open(live, "rb")
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        assert remove_stale_parts(tmp_path, ".week.yaml.") == [dead]
        assert _parts(tmp_path) == sorted([live.name, other.name])
    finally:
        holder.close()
