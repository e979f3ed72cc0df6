"""What the command line prints: -q, -v, --json, progress on a terminal, and the bundled sample from anywhere."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cardnews.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TXT = ROOT / "cases" / "2024-h1-gangnam.txt"
NO_FONT = ROOT / "tests" / "bad_inputs" / "tofu.txt"
ZIP_NAME = "2024 상반기 강남구 적극행정 우수사례 모음.zip"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_json_lists_the_files_written_the_notices_with_file_and_line_and_the_timings(tmp_path):
    code, out, err = run("build", REFERENCE_TXT, "--out", tmp_path, "--size", "portrait,story", "--json")
    assert code == 0
    result = json.loads(out)  # stdout holds the JSON only
    assert result["status"] == "warnings" and result["exit_code"] == 0
    assert Path(result["zip"]) == tmp_path / ZIP_NAME and Path(result["zip"]).is_file()
    assert len(result["files"]) == 20 and all(Path(f).is_file() for f in result["files"])
    assert {Path(f).name for f in result["files"]} >= {"01-cover.png", "caption.txt", "alt.txt", "manifest.json"}
    assert sorted(Path(f).relative_to(result["folder"]).as_posix() for f in result["files"]) == sorted(
        p.relative_to(result["folder"]).as_posix() for p in Path(result["folder"]).rglob("*") if p.is_file()
    )
    assert result["cards"]["story"][0] == "01-cover.png" and len(result["cards"]["portrait"]) == 8
    (joiner,) = [n for n in result["notices"] if "U+200D" in n["message"]]
    assert joiner["file"] == str(REFERENCE_TXT) and joiner["line"] == 25 and joiner["level"] == "warning"
    assert joiner["text"] == f"{REFERENCE_TXT}:25: warning: {joiner['message']}"
    assert set(result["timings"]) == {"check", "draw", "package", "write", "total"}
    assert all(seconds >= 0 for seconds in result["timings"].values())
    assert result["timings"]["total"] >= result["timings"]["draw"]
    assert f"{REFERENCE_TXT}:25: warning:" in err  # people still read the warnings


def test_json_when_the_build_stops_names_each_error_and_its_line(tmp_path):
    code, out, err = run("build", NO_FONT, "--out", tmp_path, "--json")
    assert code == 2
    result = json.loads(out)
    assert result["status"] == "errors" and result["exit_code"] == 2 and result["file"] == str(NO_FONT)
    (error,) = result["notices"]
    assert (error["level"], error["file"], error["line"]) == ("error", str(NO_FONT), 7)
    assert "U+13000" in error["message"]
    assert not tmp_path.joinpath(ZIP_NAME).exists() and "Traceback" not in err


def test_json_of_a_file_that_cannot_be_read(tmp_path):
    code, out, _ = run("build", tmp_path / "missing.txt", "--out", tmp_path, "--json")
    assert code == 2
    (error,) = json.loads(out)["notices"]
    assert error["level"] == "error" and "missing.txt" in error["message"]


def test_check_json_and_quiet():
    code, out, _ = run("check", REFERENCE_TXT, "--json")
    result = json.loads(out)
    assert code == 1 and result["exit_code"] == 1 and result["warnings"] == 1 and result["errors"] == 0
    assert result["cards"] == {"portrait": 8} and result["notices"][0]["line"] == 25
    code, out, _ = run("check", REFERENCE_TXT, "-q")
    assert code == 1 and out.splitlines() == [f"{REFERENCE_TXT}:25: warning: " + result["notices"][0]["message"]]
    code, out, _ = run("check", NO_FONT, "-q")
    assert code == 2 and len(out.splitlines()) == 1 and ":7: error:" in out


def test_quiet_prints_only_warnings_and_verbose_every_file_and_stage(tmp_path):
    code, out, err = run("build", REFERENCE_TXT, "--out", tmp_path / "q", "-q")
    assert code == 0 and out == "" and err.count("warning:") == 1
    assert (tmp_path / "q" / ZIP_NAME).is_file()
    code, out, err = run("build", REFERENCE_TXT, "--out", tmp_path / "v", "--verbose")
    assert code == 0
    for name in ("01-cover.png", "caption.txt", "alt.txt", "manifest.json", ZIP_NAME.replace(".zip", ".pdf")):
        assert f"  {name}\n" in out
    assert "times: check " in out and "draw " in out and "write " in out
    code, normal, _ = run("build", REFERENCE_TXT, "--out", tmp_path / "n")
    assert "caption.txt" not in normal and "times:" not in normal and "done in" in normal


def test_quiet_and_verbose_together_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["build", str(REFERENCE_TXT), "-q", "-v"])
    assert done.value.code == 2 and "not allowed with" in capsys.readouterr().err


def run_on_a_terminal(argv: list[str], cwd: Path) -> tuple[int, str, bytes]:
    """The command with stderr on a pseudo-terminal, as in a terminal window: (exit code, stdout, stderr bytes)."""
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "cardnews", *argv], cwd=cwd, env=child_env(),
                             stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif child.poll() is not None:
            break
    os.close(master)
    out = child.stdout.read().decode()
    child.stdout.close()
    return child.wait(timeout=60), out, seen


def test_a_build_on_a_terminal_shows_cards_drawn_out_of_the_total_then_clears_the_line(tmp_path):
    code, out, err = run_on_a_terminal(["build", str(REFERENCE_TXT), "--out", str(tmp_path), "--jobs", "2"], tmp_path)
    assert code == 0, err
    text = err.decode()
    assert "drawing cards 8/8" in text and ("drawing cards 1/8" in text or "drawing cards 2/8" in text)
    progress_end = text.rindex("drawing cards 8/8")
    assert "\r\x1b[K" in text[progress_end:]  # the line is cleared before the warnings
    assert "warning:" in text[progress_end:] and "drawing" not in out and "done in" in out


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    code, _, err = run("build", REFERENCE_TXT, "--out", tmp_path)
    assert code == 0 and "drawing cards" not in err and "\r" not in err
    code, out, err = run_on_a_terminal(["build", str(REFERENCE_TXT), "--out", str(tmp_path), "-q"], tmp_path)
    assert code == 0 and out == "" and b"drawing cards" not in err


def test_the_sample_builds_from_any_folder(tmp_path):
    elsewhere = tmp_path / "anywhere"
    elsewhere.mkdir()
    done = subprocess.run([sys.executable, "-m", "cardnews", "sample"], cwd=elsewhere, env=child_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "out" / ZIP_NAME).is_file()
    assert "8 cards" in done.stdout and "Traceback" not in done.stderr


def test_the_sample_takes_the_build_options(tmp_path):
    from PIL import Image

    covers = {}
    for layout in ("warm", "civic"):
        code, out, _ = run("sample", "--out", tmp_path / layout, "--layout", layout, "--size", "square", "--json")
        result = json.loads(out)
        assert code == 0 and list(result["cards"]) == ["square"]
        covers[layout] = Image.open(Path(result["folder"], "01-cover.png")).convert("RGB")
    assert covers["warm"].size == (1080, 1080)
    assert covers["warm"].getpixel((540, 20)) != covers["civic"].getpixel((540, 20))  # another look
