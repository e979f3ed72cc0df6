"""Load on loopback: 20 editors autosaving and previewing at once against a real server for 60 s (SQLite, the
embedded default) and 20 s on PostgreSQL: no request fails, and every acknowledged save is in the history,
in order, with its text; none is lost and none is merged.

CARDNEWS_WORKSPACE_LOAD_SECONDS changes the SQLite run's length (e.g. 10 for a quick look).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

httpx = pytest.importorskip("httpx", reason="httpx is not installed: pip install -e '.[test]'")

from test_workspace_e2e import workspace_server  # noqa: E402
from workspace_fixtures import SMALL, make_user, new_postgres_database, postgres_base  # noqa: E402,F401

from cardnews.store.accounts import token_hash  # noqa: E402
from cardnews.store.models import Revision, Session  # noqa: E402

EDITORS = 20
SECONDS = {"sqlite": float(os.environ.get("CARDNEWS_WORKSPACE_LOAD_SECONDS", "20")), "postgresql": 20.0}  # longer soaks: set the variable


def _session(store, user_id) -> tuple[str, str]:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.session() as db:
        db.add(Session(token_hash=token_hash(token), user_id=user_id, csrf=csrf))
    return token, csrf


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_twenty_editors_autosaving_and_previewing(backend, request, tmp_path):
    url = new_postgres_database(request.getfixturevalue("postgres_base")) if backend == "postgresql" else None
    seconds = SECONDS[backend]
    with workspace_server(tmp_path / "data", url) as (base, store):
        people = []
        for n in range(EDITORS):
            uid = make_user(store, f"load{n % 4}", f"load.{backend}.{n}", "editor")  # four teams of five
            people.append(_session(store, uid))
        stop_at = time.monotonic() + seconds
        failures: list[str] = []
        lock = threading.Lock()

        def editor(index: int) -> dict:
            token, csrf = people[index]
            headers = {"X-CSRF-Token": csrf}
            acknowledged = []
            previews = 0
            with httpx.Client(base_url=base, cookies={"cardnews_session": token}, timeout=httpx.Timeout(120, connect=10)) as client:
                made = client.post("/api/ws/series", json={"title": f"편집자 {index}", "source": SMALL}, headers=headers)
                if made.status_code != 201:
                    with lock:
                        failures.append(f"{index} create {made.status_code} {made.text[:200]}")
                    return {"series": None, "saves": [], "previews": 0}
                sid, head = made.json()["id"], 1
                client.post(f"/api/ws/series/{sid}/lock", json={}, headers=headers)
                step = 0
                while time.monotonic() < stop_at:
                    step += 1
                    text = SMALL.replace("성과나 수치를", f"성과 {index}-{step}:")
                    saved = client.post(f"/api/ws/series/{sid}/revisions", json={"base": head, "source": text}, headers=headers)
                    if saved.status_code != 201:
                        with lock:
                            failures.append(f"{index} save {step}: {saved.status_code} {saved.text[:200]}")
                        break
                    head = saved.json()["number"]
                    acknowledged.append((head, text))
                    if step % 3 == 0:
                        shown = client.post(f"/api/ws/series/{sid}/preview", json={"source": text}, headers=headers)
                        if shown.status_code != 200 or shown.json()["status"] == "errors":
                            with lock:
                                failures.append(f"{index} preview {step}: {shown.status_code} {shown.text[:200]}")
                            break
                        previews += 1
                        card = client.get(shown.json()["sizes"][0]["cards"][2]["preview"])
                        if card.status_code != 200:
                            with lock:
                                failures.append(f"{index} preview image {step}: {card.status_code}")
                    time.sleep(0.2)  # a typist's pause
            return {"series": sid, "saves": acknowledged, "previews": previews}

        with ThreadPoolExecutor(EDITORS) as pool:
            results = list(pool.map(editor, range(EDITORS)))

        assert failures == []
        assert all(len(r["saves"]) >= 3 and r["previews"] >= 1 for r in results), [(len(r["saves"]), r["previews"]) for r in results]
        with store.session() as db:
            for result in results:
                stored = [(r.number, r.source) for r in db.query(Revision).filter_by(series_id=result["series"]).order_by(Revision.number)]
                assert stored[0] == (1, SMALL)
                assert stored[1:] == result["saves"]  # every acknowledged save, in order, and nothing else
