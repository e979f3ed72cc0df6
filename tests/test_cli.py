"""The command line driven with argument lists: help, exit codes, one-line messages, --debug."""

from __future__ import annotations

import re

import pytest

from cardnews.cli import main
from cardnews.layout.theme import list_layouts


def test_no_arguments_prints_help_and_returns_2(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("usage: cardnews")
    assert "build" in out and "convert" in out


@pytest.mark.parametrize("command", ["build", "convert"])
def test_missing_file_is_one_line_naming_it(command, tmp_path, capsys):
    missing = tmp_path / "no-such-week.yaml"
    assert main([command, str(missing)]) == 2
    captured = capsys.readouterr()
    message = captured.err.strip()
    assert len(message.splitlines()) == 1, captured.err
    assert str(missing) in message
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_missing_file_hint_names_a_real_command(tmp_path, capsys):
    main(["build", str(tmp_path / "missing.txt")])
    suggested = re.findall(r"`cardnews (\w+)", capsys.readouterr().err)
    for command in suggested:
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0, f"the message suggests `cardnews {command}`, which does not exist"


def test_unknown_layout_names_the_known_layouts(reference_yaml, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(reference_yaml), "--layout", "no-such-layout", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "no-such-layout" in captured.err
    known = list_layouts()
    assert known
    for name in known:
        assert name in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()  # nothing written


def test_debug_shows_a_traceback(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    assert main(["build", str(missing), "--debug"]) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert str(missing) in err


def test_input_error_lists_every_error_with_its_line(tmp_path, capsys):
    case = tmp_path / "broken.yaml"
    case.write_text("series:\n  title: 2024 상반기 강남구 모음\ncases:\n- kicker: 하나\n  items: [가]\n- headline: 둘\n  items: ['']\n", encoding="utf-8")
    assert main(["build", str(case), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{case}:4:" in err and "cases[0].headline" in err
    assert f"{case}:7:" in err and "cases[1].items[0]" in err
    assert "Traceback" not in err


def test_unknown_file_type(tmp_path, capsys):
    case = tmp_path / "week.docx"
    case.write_bytes(b"PK")
    assert main(["build", str(case)]) == 2
    err = capsys.readouterr().err
    assert str(case) in err and ".yaml" in err


def test_build_reports_what_it_wrote(built_yaml):
    assert built_yaml.exit_code == 0
    assert "01-cover.png" in built_yaml.stdout
    assert "2024 상반기 강남구 적극행정 우수사례 모음.zip" in built_yaml.stdout


def test_summary_warnings_are_printed_with_file_and_line(built_txt, reference_txt):
    assert built_txt.exit_code == 0
    assert f"{reference_txt}:25: warning:" in built_txt.stderr
    assert "U+200D" in built_txt.stderr


def test_convert_prints_yaml(reference_txt, capsys):
    assert main(["convert", str(reference_txt)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("series:\n")
    assert "headline: 장애인🧑\u200d🦽 건강 동행 챌린지 사업 추진" in out


def test_a_closed_pipe_is_not_an_error(tmp_path):
    """`cardnews layouts | head -1`: the reader leaving early is no bug to report."""
    import subprocess
    import sys

    done = subprocess.run(
        f"{sys.executable} -m cardnews layouts | head -c 1",
        shell=True, capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert "internal error" not in done.stderr
    assert "Traceback" not in done.stderr
