"""Korean first: every message has its Korean text, the shipped catalogue is compiled from the .po, and the
language is chosen by --lang, CARDNEWS_LANG or the browser's Accept-Language (Korean when nothing says)."""

from __future__ import annotations

import contextlib
import gettext
import io
import re
import string
from pathlib import Path

import pytest

babel = pytest.importorskip("babel", reason="Babel extracts the messages: pip install -e '.[test]'")
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

from cardnews import i18n  # noqa: E402
from cardnews.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "cardnews"
PO = PACKAGE / "locale" / "ko" / "LC_MESSAGES" / "cardnews.po"
MO = PO.with_suffix(".mo")
CORPUS = Path(__file__).resolve().parent / "bad_inputs"

# An English sentence: three English words in a row. Not a list of names (portrait, square, story), nor a
# Unicode character name (capitals), nor a path.
ENGLISH = re.compile(r"(?<![\w/.-])[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b")


def english_in(text: str) -> list[str]:
    return ENGLISH.findall(text)


# babel.cfg's methods, as `pybabel extract -F babel.cfg` reads them: the code and the web pages' templates
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"trimmed": "true"}}


def source_messages() -> dict[str, str]:
    """Every msgid in the package's code and templates, as the README's `pybabel extract` finds them, with where."""
    keywords = dict(DEFAULT_KEYWORDS, N_=None, NP_=(1, 2))
    found = {}
    for file, line, message, _comments, _context in extract_from_dir(PACKAGE, METHODS, OPTIONS, keywords=keywords):
        found.setdefault(message if isinstance(message, str) else message[0], f"{file}:{line}")
    return found


def catalogue() -> dict[str, str]:
    with PO.open("rb") as file:
        po = read_po(file)
    return {(m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, str) else m.string[0]) for m in po if m.id}


def fields(text: str) -> list[str]:
    """The {placeholders} and %(fields)s a message is formatted with."""
    return sorted(re.findall(r"\{[^{}]*\}|%\(\w+\)\w|%\w", text))


def test_every_message_in_the_code_has_korean():
    messages, korean = source_messages(), catalogue()
    assert len(messages) > 300
    assert any(where.startswith("web/templates/workspace/") for where in messages.values())  # the templates are read too
    missing = sorted(f"{where}: {m}" for m, where in messages.items() if not korean.get(m))
    assert not missing, "no Korean for:\n" + "\n".join(missing)


def test_korean_keeps_every_placeholder_and_percent_field():
    changed = [(m, k) for m, k in catalogue().items() if fields(m) != fields(k)]
    assert not changed, changed


def test_the_shipped_mo_is_compiled_from_the_po():
    with PO.open("rb") as file:
        fresh = io.BytesIO()
        write_mo(fresh, read_po(file))
    fresh.seek(0)
    with MO.open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            "the .mo is stale: run pybabel compile -d src/cardnews/locale -D cardnews"
        )


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("env, argv, says", [
    (None, [], "알 수 없는 이모지 단축 코드 :scrol:입니다"),
    ("en", [], "unknown emoji shortcode :scrol:"),
    ("en", ["--lang", "ko"], "알 수 없는 이모지 단축 코드 :scrol:입니다"),
    ("ko", ["--lang=en"], "unknown emoji shortcode :scrol:"),
    ("en_US.UTF-8", [], "unknown emoji shortcode :scrol:"),
    ("fr", [], "알 수 없는 이모지 단축 코드 :scrol:입니다"),
])
def test_korean_unless_english_is_asked_for(env, argv, says, monkeypatch):
    if env is None:
        monkeypatch.delenv("CARDNEWS_LANG", raising=False)
    else:
        monkeypatch.setenv("CARDNEWS_LANG", env)
    code, out = run("check", str(CORPUS / "unknown-shortcode.txt"), *argv)
    assert code == 2
    assert says in out
    assert ("오류 1개, 경고 0개" in out) == says.startswith("알 수")


def test_help_and_argparse_errors_are_korean(monkeypatch):
    monkeypatch.delenv("CARDNEWS_LANG", raising=False)
    with pytest.raises(SystemExit):
        run("build", "--help")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = out.getvalue()
    assert help_text.startswith("사용법: cardnews build")
    assert "이 도움말을 보이고 끝내기" in help_text and "사례 파일" in help_text
    lines = [line for line in help_text.splitlines() if english_in(line.split("  ")[-1])]
    assert not lines, lines
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        main(["check"])
    assert "cardnews check: 오류: 다음 인수가 꼭 있어야 합니다: file" in err.getvalue()


@pytest.mark.parametrize("header, chosen", [
    ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
    ("en-US,en;q=0.9,ko;q=0.8", "en"),
    ("en-GB", "en"),
    ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
    ("fr-FR,fr;q=0.9", None),
    ("ko;q=0.2,en;q=0.8", "en"),
    ("en;q=0,ko", "ko"),
    ("", None),
    (None, None),
])
def test_accept_language_picks_korean_or_english(header, chosen):
    assert i18n.from_accept_language(header) == chosen


def test_the_language_is_held_per_context():
    token = i18n.set_language("ko")
    try:
        assert i18n._("warning") == "경고"
        inner = i18n.set_language("en")
        assert i18n._("warning") == "warning"
        inner.var.reset(inner)
        assert i18n._("warning") == "경고"
    finally:
        token.var.reset(token)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("fastapi", reason="the web app is an extra: pip install -e '.[web]'")
    from fastapi.testclient import TestClient

    from cardnews.web.app import create_app

    with TestClient(create_app(warm_up=False)) as test_client:
        yield test_client


@pytest.mark.parametrize("header, says", [
    ("ko-KR,ko;q=0.9,en-US;q=0.8", "붙여넣은 글: 묶음 줄이 없습니다."),
    ("en-US,en;q=0.9", "pasted text: no bundle line."),
])
def test_web_api_errors_speak_the_browsers_language(client, header, says):
    answer = client.post("/api/check", content="안녕하세요\n", headers={"Accept-Language": header, "Content-Type": "text/plain"})
    assert answer.status_code == 422
    assert answer.json()["error"]["message"].startswith(says)


def test_web_notices_from_the_build_queue_are_korean(client):
    """Previews are laid out on the queue's threads: the request's language goes with them."""
    text = (CORPUS / "unknown-shortcode.txt").read_text(encoding="utf-8")
    answer = client.post("/api/preview", content=text, headers={"Accept-Language": "ko", "Content-Type": "text/plain"})
    messages = [n["message"] for n in answer.json()["notices"]] if answer.status_code == 200 else [answer.json()["error"]["message"]]
    assert any("알 수 없는 이모지 단축 코드 :scrol:입니다" in m for m in messages), messages
    assert not [m for m in messages if english_in(m)], messages


def test_the_korean_build_and_check_name_the_sizes_in_korean(tmp_path):
    """`카드 8장, 세로형 1080×1350` and `카드 8장 스토리`, not portrait and story; English keeps the names typed."""
    case = ROOT / "cases" / "2024-h1-gangnam.yaml"
    said = {}
    for lang in ("ko", "en"):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(["--lang", lang, "build", str(case), "--out", str(tmp_path / lang), "--size", "portrait,story", "--jobs", "1"])
            main(["--lang", lang, "check", str(case), "--size", "portrait,story"])
        said[lang] = out.getvalue() + err.getvalue()
    assert "세로형 1080×1350" in said["ko"] and "스토리 1080×1920" in said["ko"] and "카드 8장 스토리" in said["ko"], said["ko"]
    assert not re.search(r"\b(portrait|story)\b", said["ko"].replace(str(tmp_path), "")), said["ko"]
    assert "portrait 1080×1350" in said["en"] and "story 1080×1920" in said["en"], said["en"]
