"""Sign-in and sessions from the outside: fixation, CSRF, cookie flags, failed-login limits, the loopback rule.

Runs on SQLite and on PostgreSQL (the session and failure tables are in the database).
"""

from __future__ import annotations

import pytest

from workspace_fixtures import PASSWORD, app, client_for, database_url, make_user, postgres_base, store  # noqa: F401

from cardnews.store.models import AuditEntry, LoginFailure  # noqa: E402


def _user(store, role="editor") -> str:
    import secrets

    name = f"u{secrets.token_hex(4)}"
    make_user(store, f"t{name}", name, role)
    return name


def login(client, name, password=PASSWORD, **kw):
    return client.post("/api/ws/login", json={"name": name, "password": password}, **kw)


def test_sign_in_sets_an_httponly_samesite_cookie_and_gives_a_csrf_token(app, store):
    name = _user(store)
    client = client_for(app)
    response = login(client, name)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("cardnews_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert response.json()["user"]["name"] == name and len(response.json()["csrf"]) >= 40
    assert response.headers["cache-control"] == "no-store"
    assert client.get("/api/ws/me").json()["user"]["name"] == name


def test_a_session_id_planted_before_sign_in_is_not_the_one_after(app, store):
    """Session fixation: a cookie set by someone else before sign-in must not become a signed-in session."""
    name = _user(store)
    victim = client_for(app)
    victim.cookies.set("cardnews_session", "planted-by-an-attacker-0123456789")
    response = login(victim, name)
    new = response.cookies.get("cardnews_session")
    assert new and new != "planted-by-an-attacker-0123456789"
    attacker = client_for(app)
    attacker.cookies.set("cardnews_session", "planted-by-an-attacker-0123456789")
    assert attacker.get("/api/ws/me").status_code == 401


def test_signing_in_again_ends_the_earlier_session(app, store):
    name = _user(store)
    client = client_for(app)
    login(client, name)
    first = client.cookies.get("cardnews_session")
    other = client_for(app)
    other.cookies.set("cardnews_session", first)
    assert other.get("/api/ws/me").status_code == 200
    login(client, name)
    assert client.cookies.get("cardnews_session") != first
    assert other.get("/api/ws/me").status_code == 401  # the old id is worth nothing now


def test_sign_out_ends_the_session_on_the_server(app, store):
    name = _user(store)
    client = client_for(app)
    csrf = login(client, name).json()["csrf"]
    token = client.cookies.get("cardnews_session")
    assert client.post("/api/ws/logout", headers={"X-CSRF-Token": csrf}).status_code == 200
    replay = client_for(app)
    replay.cookies.set("cardnews_session", token)
    assert replay.get("/api/ws/me").status_code == 401


@pytest.mark.parametrize("header", [None, "wrong-token", ""])
def test_a_state_changing_request_without_the_csrf_token_is_refused(app, store, header):
    name = _user(store)
    client = client_for(app)
    login(client, name)
    headers = {} if header is None else {"X-CSRF-Token": header}
    response = client.post("/api/ws/series", json={"title": "x", "source": ""}, headers=headers)
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert client.get("/api/ws/series").json() == {"weeks": []}  # nothing was made


def test_another_sessions_csrf_token_does_not_do(app, store):
    first, second = client_for(app), client_for(app)
    login(first, _user(store))
    other_token = login(second, _user(store)).json()["csrf"]
    assert first.post("/api/ws/series", json={"title": "x"}, headers={"X-CSRF-Token": other_token}).status_code == 403


def test_a_request_from_another_site_is_refused_even_with_the_token(app, store):
    client = client_for(app)
    csrf = login(client, _user(store)).json()["csrf"]
    response = client.post("/api/ws/series", json={"title": "x"}, headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"})
    assert response.status_code == 403 and "another site" in response.json()["error"]["message"]
    same = client.post("/api/ws/series", json={"title": "x"}, headers={"X-CSRF-Token": csrf, "Origin": "http://127.0.0.1:8000"})
    assert same.status_code == 201


def test_sign_in_from_another_site_is_refused(app, store):
    client = client_for(app)
    assert login(client, _user(store), headers={"Origin": "http://evil.example"}).status_code == 403


def test_failed_sign_ins_are_limited_per_name_and_logged(app, store):
    name = _user(store)
    client = client_for(app)
    statuses = [login(client, name, "wrong password!").status_code for _ in range(5)]
    assert statuses == [401] * 5
    limited = login(client, name)  # the right password, too late
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) == 900
    assert "too many failed sign-ins" in limited.json()["error"]["message"]
    assert "cardnews_session" not in limited.headers.get("set-cookie", "")
    with store.session() as db:
        actions = [e.action for e in db.query(AuditEntry).filter(AuditEntry.target == name).order_by(AuditEntry.id)]
        assert actions == ["login.failed"] * 5 + ["login.limited"]
        assert db.query(LoginFailure).filter_by(name=name).count() == 5


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(app, store):
    name = _user(store)
    client = client_for(app)
    unknown = login(client, "nobody-at-all", "wrong password!")
    wrong = login(client, name, "wrong password!")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json() == {"error": {"message": "wrong user name or password"}}


def test_a_good_sign_in_clears_the_failures(app, store):
    name = _user(store)
    client = client_for(app)
    for _ in range(4):
        login(client, name, "wrong password!")
    assert login(client, name).status_code == 200
    for _ in range(4):
        assert login(client, name, "wrong password!").status_code == 401
    assert login(client, name).status_code == 200


def test_a_removed_user_is_signed_out_and_cannot_sign_in(app, store):
    import secrets

    team = f"t{secrets.token_hex(3)}"
    admin, editor = f"a{team}", f"e{team}"
    make_user(store, team, admin, "admin")
    editor_id = make_user(store, team, editor, "editor")
    boss, worker = client_for(app), client_for(app)
    csrf = login(boss, admin).json()["csrf"]
    login(worker, editor)
    assert boss.delete(f"/api/ws/users/{editor_id}", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert worker.get("/api/ws/me").status_code == 401
    assert login(client_for(app), editor).status_code == 401


def test_pages_send_the_safe_headers_and_no_session_is_readable_by_script(app, store):
    client = client_for(app)
    response = client.get("/login")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    unsigned = client.get("/api/ws/series")
    assert unsigned.status_code == 401 and unsigned.headers["x-content-type-options"] == "nosniff"


def test_without_accounts_only_loopback_clients_are_served(tmp_path):
    from fastapi.testclient import TestClient

    from cardnews.store.database import open_store
    from cardnews.web.app import create_app
    from cardnews.web.workspace.api import Workspace

    empty = open_store(tmp_path / "data")
    try:
        app = create_app(workspace=Workspace(empty, tmp_path / "cache"), warm_up=False)
        here = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 5000))
        assert here.get("/").status_code == 200  # the page works as before, on this computer
        assert here.get("/api/ws/me").json()["error"]["message"].startswith("no account exists yet")
        elsewhere = TestClient(app, base_url="http://10.0.0.5:8000", client=("10.0.0.7", 5000))
        refused = elsewhere.get("/")
        assert refused.status_code == 403 and "cardnews users add" in refused.json()["error"]["message"]
        assert TestClient(app, client=("::1", 5000)).get("/api/health").status_code == 200
    finally:
        empty.close()
