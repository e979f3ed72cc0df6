"""The bad-input corpus: every file gives its documented message and exit code, and never a traceback.

The expectations live in tests/bad_inputs/expected.yaml beside the files. A line there ending in "…"
is matched as a prefix (lists of layouts or sizes grow).
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from cardnews.cli import main

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
SUMMARY_LINE = {"en": ("errors", "error,", "warning;", "warnings;", "no problems"),
                "ko": ("만들기가 멈춥니다", "만들기는 계속됩니다", "문제가 없습니다")}
SAYS = {"en": "says", "ko": "says_ko"}
# An English sentence: three English words in a row (not a list of names, a Unicode character name or a path).
ENGLISH = re.compile(r"(?<![\w/.-])[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b")


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def matches(expected: str, line: str) -> bool:
    return line.startswith(expected[:-1]) if expected.endswith("…") else line == expected


def test_the_corpus_is_complete():
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "expected.yaml" and not p.name.startswith("."))
    assert files == sorted(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_says_exactly_what_is_documented(name, lang, tmp_path, monkeypatch):
    """In English (--lang en) and in Korean (--lang ko, the default), line by line; Korean has no English sentence."""
    monkeypatch.chdir(tmp_path)  # nothing may be written, not even here
    path = CORPUS / name
    code, out, err = run("check", path, "--lang", lang)
    lines = [line for line in (out + err).splitlines() if line]
    expected = [line.replace("{file}", str(path)) for line in EXPECTED[name][SAYS[lang]]]
    for line in expected:
        assert any(matches(line, got) for got in lines), f"missing: {line}\ngot:\n{out}{err}"
    unexpected = [got for got in lines if not any(matches(line, got) for line in expected)]
    assert all(got.startswith(f"{path}: ") and any(word in got for word in SUMMARY_LINE[lang]) for got in unexpected), unexpected
    if lang == "ko":
        assert not [got for got in lines if ENGLISH.search(got.replace(str(path), ""))], out + err
    assert code == EXPECTED[name]["exit"]
    assert "Traceback" not in out + err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["exit"] == 2))
def test_build_stops_on_the_same_errors_and_writes_nothing(name, tmp_path):
    path = CORPUS / name
    code, out, err = run("build", path, "--out", tmp_path / "out")
    assert code == 2
    assert "Traceback" not in err
    for line in EXPECTED[name]["says"]:
        line = line.replace("{file}", str(path))
        if " error: " in line or line.startswith("cardnews: "):
            assert any(matches(line.removeprefix("cardnews: "), got.removeprefix("cardnews: ")) for got in err.splitlines()), line
    assert not (tmp_path / "out").exists()


@pytest.fixture(scope="module")
def fonts():
    from cardnews.layout.fonts import FontBook

    return FontBook()


def test_python_tag_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("check", CORPUS / "yaml-python-tag.yaml")
    assert not (tmp_path / "pwned.txt").exists()


def test_template_syntax_in_case_text_is_drawn_literally(fonts):
    from cardnews.build import plan
    from cardnews.input.load import load_case

    planned = plan(load_case(CORPUS / "template-text.txt"), fonts)
    drawn = " ".join(line for card in planned.cards for line in card.texts)
    assert "{{ 7*7 }}" in drawn
    assert "{% for x in range(3) %}지원{% endfor %}" in drawn
    assert "49" not in drawn


def test_long_item_is_drawn_whole(fonts):
    from cardnews.build import plan
    from cardnews.input.load import load_case

    planned = plan(load_case(CORPUS / "long-item.txt"), fonts)
    item = next(i.text for c in planned.series.cases for i in c.items if len(i.text) > 300)
    drawn = "".join(line for card in planned.cards for line in card.texts).replace(" ", "").replace("✅", "")
    assert item.replace(" ", "") in drawn


def test_dangerous_bundle_name_stays_inside_the_output_folder(tmp_path):
    out = tmp_path / "out"
    code, _, err = run("build", CORPUS / "traversal-bundle-name.txt", "--out", out)
    assert code == 0, err
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written and all(name.startswith("out/") for name in written)
    (archive,) = out.glob("*.zip")
    assert archive.name == "etc CON.zip"
    with zipfile.ZipFile(archive) as bundle:
        for entry in bundle.namelist():
            assert not entry.startswith("/") and ".." not in entry.split("/") and "\\" not in entry


def test_missing_file(tmp_path):
    missing = tmp_path / "week48.txt"
    code, _, err = run("check", missing)
    assert err == f"cardnews: {missing}: no such file. Check the path, or run `cardnews new` to start one.\n"
    assert code == 2


def test_folder_instead_of_a_file(tmp_path):
    folder = tmp_path / "week48.yaml"
    folder.mkdir()
    code, _, err = run("check", folder)
    assert err == f"cardnews: {folder}: is a folder, not a case file (.yaml, .yml or .txt).\n"
    assert code == 2


def test_huge_file(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"a" * 2_000_001)
    code, _, err = run("check", huge)
    assert err == f"cardnews: {huge}: 2,000,001 bytes is too large for a case file (at most 2,000,000); split the series into smaller files.\n"
    assert code == 2


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code, _, err = run("build", CORPUS / "ok-bom-crlf.txt", "--out", blocker)
    assert err.splitlines()[-1] == f"cardnews: {blocker}: cannot write the output folder (File exists). Choose another with --out."
    assert code == 2


def test_yaml_values_are_text_as_typed():
    from cardnews.input.load import load_series

    series, _ = load_series(CORPUS / "yaml-typed-values.yaml")
    (case,) = series.cases
    assert (series.period, series.handle, series.hashtags) == ("2024.10", "010", ("yes", "no", "on", "off", "1_000"))
    assert (case.kicker, case.headline, case.contents) == ("12:30", "2023.11 성과", "0x1F")
    assert [item.text for item in case.items] == ["2024.10", ".nan", "1_000", "2024-01-01"]
    assert case.items[-1].notes == ("12:30", "true", "null", "~")


def test_an_empty_yaml_value_is_still_nothing(tmp_path):
    from cardnews.input.load import load_case

    case = tmp_path / "week.yaml"
    case.write_text("series:\n  title: 2024 상반기 강남구\n  handle:\ncases:\n  - headline: 제목\n    kicker:\n    items: [항목]\n", encoding="utf-8")
    loaded = load_case(case)
    series, notices = loaded.series, loaded.notices
    assert series.handle == "" and series.cases[0].kicker == "" and notices == []


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as file:
        file.truncate(1_000_000_000)  # sparse: 1 GB that costs nothing on disk, and must cost nothing in memory
    code, _, err = run("check", huge)
    assert err == f"cardnews: {huge}: 1,000,000,000 bytes is too large for a case file (at most 2,000,000); split the series into smaller files.\n"
    assert code == 2


@pytest.mark.parametrize("option", [[], ["--brand", "/dev/zero"]], ids=["file", "brand"])
def test_a_device_is_refused_not_read(option, tmp_path):
    zero = tmp_path / "week.txt"  # a case file name that leads to an endless device
    zero.symlink_to("/dev/zero")
    device = "/dev/zero" if option else str(zero)
    code, out, err = run("check", zero if not option else CORPUS / "ok-bom-crlf.txt", *option)
    what = {"": "a case file", "--brand": "a brand file", "--layout": "a layout file"}[option[0] if option else ""]
    assert (out + err).splitlines()[-1].endswith(f"{device}: is not a regular file (a device, pipe or socket); give the path of {what} saved on disk.")
    assert code == 2


def test_a_pipe_with_no_writer_is_refused_at_once(tmp_path):
    import os
    import subprocess
    import sys

    pipe = tmp_path / "week.txt"
    os.mkfifo(pipe)
    brand = tmp_path / "brand.yaml"
    os.mkfifo(brand)
    case = tmp_path / "case.txt"
    case.write_bytes((CORPUS / "ok-bom-crlf.txt").read_bytes())
    for argv in (["check", str(pipe)], ["check", str(case), "--brand", str(brand)]):
        done = subprocess.run([sys.executable, "-m", "cardnews", *argv], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "is not a regular file (a device, pipe or socket)" in done.stderr


def test_a_logo_that_is_a_symlink_loop(tmp_path):
    (tmp_path / "logo.png").symlink_to("logo.png")
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    case = tmp_path / "week.txt"
    case.write_bytes((CORPUS / "ok-bom-crlf.txt").read_bytes())
    code, _, err = run("check", case)
    assert err == f"cardnews: {tmp_path / 'brand.yaml'}:1: logo: 'logo.png' is a symbolic link that loops; point it at the PNG itself\n"
    assert code == 2


def test_windows_device_names_are_never_written(tmp_path):
    out = tmp_path / "out"
    code, _, err = run("build", CORPUS / "windows-device-names.txt", "--out", out, "--jobs", "1")
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["cardnews-LPT0", "cardnews-LPT0.zip"]


def test_a_zip_zip_bundle_line_leaves_another_series_zip_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    other = out / "2024 강남구 사례.zip"
    other.write_bytes(b"another series' bundle")
    code, _, err = run("build", CORPUS / "zip-zip-bundle-name.txt", "--out", out, "--jobs", "1")
    assert code == 0, err
    assert other.read_bytes() == b"another series' bundle"
    assert sorted(p.name for p in out.iterdir()) == ["2024 강남구 사례.zip", "2024 강남구 사례.zip.zip", "2024-강남구-사례-zip"]


def test_a_file_where_the_card_folder_goes_is_not_replaced(tmp_path):
    from cardnews.bundle.package import write_outputs
    from cardnews.errors import OutputError

    (tmp_path / "cards").write_bytes(b"not ours")
    with pytest.raises(OutputError, match="a file is where this series' cards go, so nothing was replaced"):
        write_outputs(tmp_path, "cards", [("01.png", b"x")], "bundle.zip", b"z")
    assert (tmp_path / "cards").read_bytes() == b"not ours"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards"]


def test_terminal_escapes_from_input_are_shown_not_sent(tmp_path):
    case = tmp_path / "week.yaml"
    case.write_text('series:\n  title: 2024 상반기 강남구\n  "\\e[2J\\e]0;pwned\\a": x\ncases:\n  - headline: 제목\n    items: [항목]\n', encoding="utf-8")
    code, out, err = run("check", case)
    assert code == 2
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert f"{case}:3: error: series.\\x1b[2J\\x1b]0;pwned\\x07: unknown key; expected one of" in out


def test_a_link_with_escapes_never_reaches_the_caption(tmp_path):
    with pytest.raises(SystemExit) as stopped:  # argparse refuses the option
        run("build", CORPUS / "ok-bom-crlf.txt", "--out", tmp_path / "out", "--link", "https://www.gangnam.go.kr/\x1b[2J")
    assert stopped.value.code == 2
    assert not (tmp_path / "out").exists()


def test_a_link_with_escapes_is_refused_by_the_caption_itself():
    from cardnews.bundle.caption import caption_text
    from cardnews.errors import InputError
    from cardnews.input.load import load_series

    series, _ = load_series(CORPUS / "ok-bom-crlf.txt")
    with pytest.raises(InputError, match=r"--link: holds spaces or invisible characters \(U\+000A, U\+001B\)"):
        caption_text(series, link="https://x.kr/\n\x1b[31m")
    assert "https://www.gangnam.go.kr/news" in caption_text(series, link=" https://www.gangnam.go.kr/news ")


def test_combining_marks_are_kept_to_two_a_letter_and_vietnamese_is_untouched():
    from cardnews.input.load import load_series

    series, _ = load_series(CORPUS / "combining-mark-stack.txt")
    first, second = series.cases[0].items
    assert "\u0179\u0302\u0303ONE" in first.text  # Ź (NFC) and two marks more
    assert "Nguyễn Thị Ánh" in second.text


def test_escapes_in_case_text_reach_neither_caption_nor_alt_text(tmp_path):
    out = tmp_path / "out"
    code, _, err = run("build", CORPUS / "yaml-terminal-escapes.yaml", "--out", out, "--jobs", "1")
    assert code == 0, err
    (archive,) = out.glob("*.zip")
    with zipfile.ZipFile(archive) as bundle:
        for name in bundle.namelist():
            if name.endswith((".txt", ".json")):
                text = bundle.read(name).decode("utf-8")
                assert "\x1b" not in text and "\x07" not in text, name
                if name.endswith("caption.txt"):
                    assert "안녕 [31m빨강[0m 끝" in text  # the rest of the text is kept


@pytest.mark.parametrize("lang, says", [
    ("en", "{brand}: warning: read as CP949 (Korean Windows); save it as UTF-8 to be sure"),
    ("ko", "{brand}: 경고: CP949(한글 Windows)로 읽었습니다. 확실하게 하려면 UTF-8로 저장하세요"),
])
@pytest.mark.parametrize("given", ["beside", "--brand"])
def test_a_brand_file_read_as_cp949_says_so_as_a_case_file_does(tmp_path, lang, says, given):
    """Not in the corpus: a brand.yaml there would be every case file's brand kit."""
    case = tmp_path / "case.txt"
    case.write_text((Path(__file__).resolve().parents[1] / "cases" / "2024-h1-gangnam.txt").read_text(encoding="utf-8"), encoding="utf-8")
    brand = (tmp_path if given == "beside" else tmp_path / "kits") / "brand.yaml"
    brand.parent.mkdir(exist_ok=True)
    brand.write_bytes('handle: "@강남구청"\norganisation: 강남구청\n'.encode("cp949"))
    code, out, err = run("check", case, "--lang", lang, *(["--brand", brand] if given == "--brand" else []))
    assert says.format(brand=brand) in (out + err).splitlines(), out + err
    assert code == 1
    code, out, err = run("build", case, "--out", tmp_path / "out", "--lang", lang, *(["--brand", brand] if given == "--brand" else []))
    assert code == 0 and says.format(brand=brand) in err.splitlines(), err
