"""Bounded work per request, against a real server on loopback: slow clients are cut off, a request over its
CPU budget or its card limit gets a JSON error, and the server's memory comes back to where it was."""

from __future__ import annotations

import gc
import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
httpx = pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

from web_helpers import running_server  # noqa: E402

from cardnews.web.service import MAX_CARDS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = ROOT / "cases" / "2024-h1-gangnam.txt"
# One item of 100,000 syllables without a space: once 106 s of work and 1.1 GB that the server kept.
HOSTILE = "2024 상반기 강남구 적극행정 우수사례 모음.zip\n✅ 긴 사례\n\n긴 사례\n✅ " + "가" * 100_000 + "\n"


def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def _read_until_closed(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection (the socket's timeout bounds each wait)."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def _json_body(response: bytes) -> dict:
    return json.loads(response.split(b"\r\n\r\n", 1)[1])


def test_a_client_that_trickles_in_its_headers_is_answered_408_and_cut_off():
    with running_server(warm_up=False, header_timeout=0.5) as (base, _):
        with socket.create_connection(("127.0.0.1", _port(base)), timeout=30) as sock:
            sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the rest
            answer = _read_until_closed(sock)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert "headers not received" in _json_body(answer)["error"]["message"]
        assert httpx.get(f"{base}/api/health", timeout=30).status_code == 200  # the server goes on


def test_a_client_that_trickles_in_its_body_is_answered_408_and_cut_off():
    with running_server(warm_up=False, body_timeout=0.5) as (base, _):
        with socket.create_connection(("127.0.0.1", _port(base)), timeout=30) as sock:
            sock.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n" + "제목".encode())
            answer = _read_until_closed(sock)
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert "body not received" in _json_body(answer)["error"]["message"]


def test_a_request_over_its_cpu_budget_gets_a_json_error_and_the_next_one_is_served():
    # a 30-case series takes far more than 10 ms of CPU to lay out on any machine
    cases = "".join(f"사례 {n}번 제목\n✅ {n}번 사례의 첫 항목 내용입니다\n✅ 두 번째 항목 {n}\n\n" for n in range(1, 31))
    summary = "2024 상반기 강남구 적극행정 우수사례 모음.zip\n" + "".join(f"✅ 사례 {n}번 제목\n" for n in range(1, 31)) + "\n" + cases
    with running_server(warm_up=False, cpu_seconds=0.01) as (base, _):
        with httpx.Client(timeout=120) as client:
            refused = client.post(f"{base}/api/preview", content=summary.encode(), headers={"content-type": "text/plain"})
            assert refused.status_code == 422
            assert "more than 0.01 s of work" in refused.json()["error"]["message"]
            assert client.get(f"{base}/api/health").json()["status"] == "ok"


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads resident memory from /proc")
def test_one_long_unbroken_item_is_refused_by_its_card_count_and_memory_returns_to_its_baseline():
    with running_server(jobs=2) as (base, _):
        with httpx.Client(timeout=300) as client:
            def preview(text: str) -> httpx.Response:
                return client.post(f"{base}/api/preview", content=text.encode(), headers={"content-type": "text/plain"})

            assert preview(SUMMARY.read_text(encoding="utf-8")).status_code == 200  # caches warm, fonts loaded
            gc.collect()
            baseline = _rss_mb()
            for _ in range(2):
                refused = preview(HOSTILE)
                assert refused.status_code == 422
                message = refused.json()["error"]["message"]
                assert "cards" in message and f"at most {MAX_CARDS}" in message
            checked = client.post(f"{base}/api/check", content=HOSTILE.encode(), headers={"content-type": "text/plain"})
            assert checked.status_code == 200 and checked.json()["cards"]["portrait"] > MAX_CARDS  # checking draws nothing
            again = preview(SUMMARY.read_text(encoding="utf-8"))
            assert again.status_code == 200 and again.json()["status"] != "errors"
            gc.collect()
            grown = _rss_mb() - baseline
    assert grown < 120, f"resident memory grew by {grown:.0f} MB and stayed"


@pytest.mark.parametrize("endpoint", ["/api/render", "/api/card?page=1"])
def test_render_and_card_refuse_a_series_over_the_card_limit_as_preview_does(endpoint):
    """Building the zip or one card of a series the preview refuses is refused the same way, before any card
    is drawn: the limit named, in Korean by default and in English when the browser prefers it."""
    with running_server(warm_up=False) as (base, _):
        with httpx.Client(timeout=300) as client:
            answers = {
                language: client.post(f"{base}{endpoint}", content=HOSTILE.encode(), headers={"content-type": "text/plain", "accept-language": language})
                for language in ("ko", "en")
            }
    for answer in answers.values():
        assert answer.status_code == 422 and answer.headers["content-type"] == "application/json"
    english, korean = answers["en"].json()["error"]["message"], answers["ko"].json()["error"]["message"]
    assert english.startswith("this series makes ") and f"at most {MAX_CARDS} are drawn here" in english
    assert f"{MAX_CARDS}" in korean and "카드" in korean and "this series" not in korean
