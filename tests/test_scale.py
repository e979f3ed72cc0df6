"""A long series is written while it is drawn: each card goes to disk as soon as it is encoded, so the
memory a build takes does not grow with the series' length, and the bundle is the same as ever."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import cardnews
from cardnews.cli import main


def series_text(cases: int) -> str:
    """A YAML series of `cases` cases of two items each (with the cover, contents and closing cards)."""
    return "series:\n  title: 2024 상반기 강남구 사례\n  bundle: 긴 시리즈\ncases:\n" + "".join(
        f"  - headline: 사례 {n} 제목은 두 줄이 되지 않게\n    items: [첫 번째 항목 {n}의 내용입니다, 두 번째 항목입니다]\n" for n in range(1, cases + 1)
    )


def write_series(folder: Path, cases: int) -> Path:
    path = folder / f"series-{cases}.yaml"
    path.write_text(series_text(cases), encoding="utf-8")
    return path


def staged_files(out: Path) -> int:
    """The files in the build's hidden staging folder (none before it is made)."""
    return sum(1 for staging in out.glob(".cardnews-*") for path in staging.rglob("*") if path.is_file() and path.name != ".lock")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_each_card_is_on_disk_before_the_series_is_drawn(tmp_path, monkeypatch, capsys, jobs):
    import cardnews.build

    case = write_series(tmp_path, 12)
    out = tmp_path / "out"
    real_render = cardnews.build.render_card

    def render_and_count(card, fonts):
        with (tmp_path / "counts").open("a") as counts:  # a file: with --jobs 2 this runs in the worker processes
            counts.write(f"{staged_files(out)}\n")
        return real_render(card, fonts)

    monkeypatch.setattr(cardnews.build, "render_card", render_and_count)
    assert main(["build", str(case), "--out", str(out), "--jobs", jobs, "--quiet"]) == 0
    counts = [int(line) for line in (tmp_path / "counts").read_text().split()]
    cards = len(counts)
    assert cards >= 14
    if jobs == "1":
        assert counts == list(range(cards))  # every card drawn before is already on disk
    else:
        assert max(counts) >= cards // 2  # the other process's cards too, while drawing goes on
    assert not list(out.glob(".cardnews-*"))
    assert len([name for name in zipfile.ZipFile(next(out.glob("*.zip"))).namelist() if name.endswith(".png") and name.count("/") == 1]) == cards  # and a copy of each in instagram/


def test_the_written_bundle_is_the_one_built_in_memory(tmp_path):
    case = write_series(tmp_path, 12)
    in_memory = cardnews.make(case).zip_data
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        assert main(["build", str(case), "--out", str(out), "--jobs", jobs, "--quiet"]) == 0
        assert next(out.glob("*.zip")).read_bytes() == in_memory


# A build in a fresh process, then its peak resident memory and that of its largest worker, in KiB.
_PEAK = textwrap.dedent(
    """
    import resource, sys
    from cardnews.cli import main
    code = main(sys.argv[1:])
    own = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
    sys.exit(code)
    """
)


def _peak_mb(case: Path, out: Path) -> float:
    done = subprocess.run([sys.executable, "-c", _PEAK, "build", str(case), "--out", str(out), "--quiet"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    own, worker = (int(value) for value in done.stderr.split()[-2:])
    return max(own, worker) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")
def test_peak_memory_does_not_grow_with_the_series(tmp_path):
    """Ten times the cases, about the same memory: before cards were written as made, 200 cases took
    some 140 MB more than 20 (every card's file held three times over until the end)."""
    short, long = (_peak_mb(write_series(tmp_path, cases), tmp_path / f"out-{cases}") for cases in (20, 200))
    assert long - short < 40, f"20 cases: {short:.0f} MB, 200 cases: {long:.0f} MB"
