"""The workspace's pages and API (/workspace, /login, /api/ws/…), added to the web app by `install`.

Handlers that only touch the database are plain functions (run on the server's thread pool); builds go
through the app's build queue like every other build. Another team's series, revision, file or kit is
answered 404, exactly as one that does not exist, so ids reveal nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from fastapi import APIRouter, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from starlette.exceptions import HTTPException

from cardnews import __version__
from cardnews.errors import CardnewsError
from cardnews.input.load import parse_case, raise_errors, settle
from cardnews.starter import starter_text
from cardnews.store import series as store
from cardnews.store.accounts import (
    Account, SignInRefused, add_user, audit, has_accounts, remove_user, set_role, sign_in, sign_out,
)
from cardnews.store.database import Store, team_file
from cardnews.store.models import ROLES, AuditEntry, BrandKit, Revision, Session, TeamLayout, User
from cardnews.web.service import CardService
from cardnews.web.workspace import recipes
from cardnews.web.workspace.gate import cleared_cookie, session_cookie
from cardnews.web.workspace.kits import KitProblems, kit_json, layout_choices, save_kit, save_layout, team_kits
from cardnews.i18n import N_, _
from cardnews.web.page_text import ROLE_NAMES, WORKSPACE, page_text

NO_ACCOUNT = N_("no account exists yet: create one with  cardnews users add NAME --role admin")  # said in each request's language


@dataclass
class Workspace:
    """The store and the folder where brand kits are laid out for builds."""

    store: Store
    cache: Path
    services: dict = field(default_factory=dict)


def open_workspace(data_dir: Path, database_url: str | None = None) -> Workspace:
    """The workspace in `data_dir` (SQLite there unless `database_url` names PostgreSQL), migrated to the newest schema."""
    from cardnews.store.database import open_store

    store_ = open_store(data_dir, database_url)
    return Workspace(store_, data_dir / "cache" / "kits")


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    password: str = Field(max_length=1000)


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=100)
    role: str
    password: str = Field(max_length=1000)


class RoleChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: str


class NewSeries(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)
    source: str = ""
    settings: dict = Field(default_factory=dict)


class Rename(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)


class Save(BaseModel):
    model_config = ConfigDict(extra="forbid")
    base: int = Field(description=N_("the revision the text was started from; the save lands only while it is still the newest"))
    source: str
    settings: dict = Field(default_factory=dict)
    name: str = Field("", max_length=200, description=N_("a name makes it a named version"))


class Restore(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: int
    base: int


class Take(BaseModel):
    model_config = ConfigDict(extra="forbid")
    take_over: bool = False


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str | None = None
    settings: dict | None = None


class NextWeek(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=300)


def install(app: FastAPI, workspace: Workspace, service: CardService, queue, templates) -> None:
    """Add the workspace's pages and routes (create_app puts its gate in front of the app)."""
    app.state.workspace = workspace
    router = APIRouter()

    def db():
        return workspace.store.session()

    def me(request: Request) -> Account:
        who = request.state.account
        if who is None:
            raise HTTPException(401, _(NO_ACCOUNT) if getattr(request.state, "no_accounts", False) else _("sign in first"))
        return who

    def editor(request: Request) -> Account:
        who = me(request)
        if not who.can_edit:
            raise HTTPException(403, _("{name} is a viewer: only editors and admins change series").format(name=who.name))
        return who

    def admin(request: Request) -> Account:
        who = me(request)
        if not who.is_admin:
            raise HTTPException(403, _("only an admin of team {team} may do this").format(team=who.team))
        return who

    def address(request: Request) -> str:
        return request.client.host if request.client else ""

    def conflict(exc: store.Conflict) -> JSONResponse:
        return JSONResponse({"error": {"message": str(exc), **exc.details}}, status_code=409)

    def found(function, *args):
        try:
            return function(*args)
        except store.NotFound as exc:
            raise HTTPException(404, str(exc)) from None

    def service_for(brand_file: Path | None) -> CardService:
        key = str(brand_file)
        if key not in workspace.services:
            workspace.services[key] = CardService(brand_file, images=service.images)  # drawn cards shared with the app
        return workspace.services[key]

    # --- pages ----------------------------------------------------------------------------------------

    def page_context(request: Request, **extra) -> dict:
        who = request.state.account
        return {"version": __version__, "account": who, "csrf": request.state.session or "", "role_names": ROLE_NAMES,
                "page_text": page_text(WORKSPACE), **extra}

    @router.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/workspace"):
        with db() as session:
            accounts = has_accounts(session)
        return templates.TemplateResponse(request, "workspace/login.html", page_context(
            request, next=next if next.startswith("/") and not next.startswith("//") else "/workspace", accounts=accounts))

    @router.get("/workspace", response_class=HTMLResponse, include_in_schema=False)
    def workspace_page(request: Request):
        if request.state.account is None:
            return RedirectResponse("/login", status_code=303)
        return templates.TemplateResponse(request, "workspace/home.html", page_context(request, roles=ROLES))

    @router.get("/workspace/series/{series_id}", response_class=HTMLResponse, include_in_schema=False)
    def series_page(request: Request, series_id: str):
        who = request.state.account
        if who is None:
            return RedirectResponse("/login", status_code=303)
        title = None
        if series_id.isascii() and series_id.isdigit() and len(series_id) < 19:
            with db() as session:
                try:
                    title = store.team_series(session, who, int(series_id)).title
                except store.NotFound:
                    pass
        if title is None:  # another team's, deleted or never made: the same page, in the browser's language
            return templates.TemplateResponse(request, "workspace/missing.html", page_context(request), status_code=404)
        return templates.TemplateResponse(request, "workspace/series.html", page_context(request, series_id=int(series_id), title=title))

    # --- session ------------------------------------------------------------------------------------------

    @router.post("/api/ws/login", tags=["workspace"], summary=N_("Sign in: a new session cookie (any earlier one is ended)"))
    def login(request: Request, body: Login):
        with db() as session:
            if not has_accounts(session):
                raise HTTPException(401, _(NO_ACCOUNT))
            old = getattr(request.state, "token", None)
            if old:  # never carry a session over a sign-in: a planted cookie stays worthless
                sign_out(session, old, None, address(request))
            refused: SignInRefused | None
            try:
                who, token, csrf = sign_in(session, body.name.strip(), body.password, address(request))
            except SignInRefused as exc:
                refused = exc
            else:
                refused = None
        if refused is not None:
            status = 429 if refused.retry_after else 401
            headers = {"Retry-After": str(refused.retry_after)} if refused.retry_after else None
            return JSONResponse({"error": {"message": str(refused)}}, status_code=status, headers=headers)
        response = JSONResponse({"user": _account_json(who), "csrf": csrf})
        response.headers["set-cookie"] = session_cookie(token, request.url.scheme == "https")
        response.headers["cache-control"] = "no-store"
        return response

    @router.post("/api/ws/logout", tags=["workspace"], summary=N_("Sign out: the session ends on the server too"))
    def logout(request: Request):
        who = me(request)
        with db() as session:
            sign_out(session, request.state.token, who, address(request))
        response = JSONResponse({"signed_out": True})
        response.headers["set-cookie"] = cleared_cookie(request.url.scheme == "https")
        return response

    @router.get("/api/ws/me", tags=["workspace"], summary=N_("Who is signed in, their role and team, and the CSRF token"))
    def whoami(request: Request):
        who = me(request)
        return JSONResponse({"user": _account_json(who), "csrf": request.state.session}, headers={"cache-control": "no-store"})

    # --- users and audit (admins) -----------------------------------------------------------------------

    @router.get("/api/ws/users", tags=["workspace"], summary=N_("The team's users (admins)"))
    def users(request: Request):
        who = admin(request)
        with db() as session:
            rows = session.scalars(select(User).where(User.team_id == who.team_id).order_by(User.name))
            return {"users": [{"id": u.id, "name": u.name, "role": u.role, "active": u.active} for u in rows]}

    @router.post("/api/ws/users", tags=["workspace"], summary=N_("Add a user to the team (admins)"), status_code=201)
    def new_user(request: Request, body: NewUser):
        who = admin(request)
        with db() as session:
            user = add_user(session, body.name, body.role, body.password, who.team, by=who, address=address(request))
            return {"id": user.id, "name": user.name, "role": user.role}

    def team_user(session, who: Account, user_id: int) -> User:
        """A user of the admin's own team, still active: anyone else is not found."""
        user = session.get(User, user_id)
        if user is None or user.team_id != who.team_id or not user.active:
            raise HTTPException(404, _("no user {id} in team {team}").format(id=user_id, team=who.team))
        return user

    @router.patch("/api/ws/users/{user_id}", tags=["workspace"], summary=N_("Change a team user's role (admins); the last admin stays one"))
    def change_role(request: Request, user_id: int, body: RoleChange):
        who = admin(request)
        with db() as session:
            user = team_user(session, who, user_id)
            set_role(session, who, user, body.role, address(request))
            return {"id": user.id, "name": user.name, "role": user.role}

    @router.delete("/api/ws/users/{user_id}", tags=["workspace"],
                   summary=N_("Remove a user of the team: signed out, cannot sign in (admins); never yourself or the last admin"))
    def remove_team_user(request: Request, user_id: int):
        who = admin(request)
        with db() as session:
            user = team_user(session, who, user_id)
            remove_user(session, who, user, address(request))
            return {"removed": user.name}

    @router.get("/api/ws/audit", tags=["workspace"], summary=N_("The team's audit log, newest first (admins)"))
    def audit_log(request: Request, limit: int = Query(200, ge=1, le=1000)):
        who = admin(request)
        with db() as session:
            rows = session.scalars(select(AuditEntry).where(AuditEntry.team_id == who.team_id).order_by(AuditEntry.id.desc()).limit(limit))
            return {"entries": [{"at": r.at.isoformat(), "user": r.user_name, "action": r.action, "target": r.target, "address": r.address} for r in rows]}

    # --- brand kits, layouts, files -------------------------------------------------------------------

    @router.get("/api/ws/kits", tags=["workspace"], summary=N_("The team's brand kits and layouts"))
    def kits(request: Request):
        who = me(request)
        with db() as session:
            return {"kits": [kit_json(k) for k in team_kits(session, who)], "layouts": layout_choices(session, who)}

    @router.post("/api/ws/kits", tags=["workspace"], summary=N_("Add or replace a brand kit: logo, colours, handle (admins)"), status_code=201)
    def new_kit(
        request: Request, name: str = Form(...), organisation: str = Form(""), handle: str = Form(""), primary: str = Form(""),
        accent: str = Form(""), logo: UploadFile | None = File(None),
    ):
        who = admin(request)
        data = logo.file.read(8 * 1024 * 1024 + 1) if logo is not None and logo.filename else None
        try:
            with db() as session:
                kit = save_kit(session, who, name, organisation, handle, {"primary": primary, "accent": accent}, data, address(request))
                return kit_json(kit)
        except KitProblems as exc:
            return _problems(exc)

    @router.delete("/api/ws/kits/{kit_id}", tags=["workspace"], summary=N_("Remove a brand kit (admins)"))
    def remove_kit(request: Request, kit_id: int):
        return remove_team_row(request, BrandKit, kit_id, "kit.remove", _("no brand kit {id}").format(id=kit_id))

    def remove_team_row(request: Request, model, row_id: int, action: str, missing: str) -> dict:
        """Delete an admin's team's kit or layout, audited; another team's, like a missing one, is a 404."""
        who = admin(request)
        with db() as session:
            row = session.get(model, row_id)
            if row is None or row.team_id != who.team_id:
                raise HTTPException(404, missing)
            session.delete(row)
            audit(session, who, action, f"{row_id} {row.name}", address(request))
            return {"removed": row_id}

    @router.post("/api/ws/layouts", tags=["workspace"], summary=N_("Add or replace a custom layout file, checked as the CLI checks it (admins)"),
                 status_code=201)
    def new_layout(request: Request, name: str = Form(...), file: UploadFile = File(...)):
        who = admin(request)
        data = file.file.read(1024 * 1024)
        try:
            with db() as session:
                layout = save_layout(session, who, name, data, address(request))
                return {"id": layout.id, "name": layout.name, "label": layout.label, "sha256": layout.sha256}
        except KitProblems as exc:
            return _problems(exc)

    @router.delete("/api/ws/layouts/{layout_id}", tags=["workspace"], summary=N_("Remove a custom layout (admins)"))
    def remove_layout(request: Request, layout_id: int):
        return remove_team_row(request, TeamLayout, layout_id, "layout.remove", _("no layout {id}").format(id=layout_id))

    @router.get("/api/ws/files/{digest}", tags=["workspace"], summary=N_("A logo or layout file of the team, by its SHA-256"))
    def file(request: Request, digest: str):
        who = me(request)
        with db() as session:
            blob = team_file(session, who.team_id, digest.lower())
            if blob is None:
                raise HTTPException(404, _("no such file"))
            return Response(blob.data, media_type=blob.media_type, headers={"Cache-Control": "private, max-age=31536000, immutable"})

    # --- series -------------------------------------------------------------------------------------------

    @router.get("/api/ws/series", tags=["workspace"], summary=N_("The team's series by week, newest first; q= searches titles and texts"))
    def series_list(request: Request, q: str = Query("", max_length=200), week: str = Query("", max_length=8)):
        who = me(request)
        with db() as session:
            weeks: dict[str, list] = {}
            for row in store.list_series(session, who, q.strip(), week):
                weeks.setdefault(row.week, []).append(_series_json(session, row))
            return {"weeks": [{"week": w, "series": items} for w, items in weeks.items()]}

    @router.post("/api/ws/series", tags=["workspace"], summary=N_("Start a series (editors)"), status_code=201)
    def series_new(request: Request, body: NewSeries):
        who = editor(request)
        with db() as session:
            row = store.create_series(session, who, body.title, body.source, body.settings, address=address(request))
            return _series_json(session, row)

    @router.get("/api/ws/series/{series_id}", tags=["workspace"], summary=N_("A series: its newest revision, settings, and who is editing it"))
    def series_get(request: Request, series_id: int):
        who = me(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            return {**_series_json(session, row), "revision": _revision_json(session, store.head(session, row), full=True)}

    @router.patch("/api/ws/series/{series_id}", tags=["workspace"], summary=N_("Rename a series (editors)"))
    def series_rename(request: Request, series_id: int, body: Rename):
        who = editor(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            store.rename(session, who, row, body.title, address(request))
            return _series_json(session, row)

    @router.delete("/api/ws/series/{series_id}", tags=["workspace"],
                   summary=N_("Delete a series with its history and downloads (editors); 409 while someone else is editing it"))
    def series_delete(request: Request, series_id: int):
        who = editor(request)
        try:
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                count = store.remove(session, who, row, address(request))
                return {"deleted": series_id, "revisions": count}
        except store.Conflict as exc:
            return conflict(exc)

    @router.get("/api/ws/series/{series_id}/revisions", tags=["workspace"], summary=N_("Every revision of a series, newest first"))
    def revisions(request: Request, series_id: int):
        who = me(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            rows = session.scalars(select(Revision).where(Revision.series_id == row.id).order_by(Revision.number.desc()).limit(1000))
            return {"head": row.head, "revisions": [_revision_json(session, r) for r in rows]}

    @router.get("/api/ws/series/{series_id}/revisions/{number}", tags=["workspace"], summary=N_("One revision, with its text"))
    def revision_get(request: Request, series_id: int, number: int):
        who = me(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            return _revision_json(session, found(store.revision, session, row, number), full=True)

    @router.post("/api/ws/series/{series_id}/revisions", tags=["workspace"], status_code=201,
                 summary=N_("Save the text as a new revision (autosave; with a name, a named version). 409 when someone else has it or saved since"))
    def revision_new(request: Request, series_id: int, body: Save):
        who = editor(request)
        try:
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                saved = store.save(session, who, row, body.base, body.source, body.settings, "named" if body.name.strip() else "auto",
                                   body.name, address(request))
                return _revision_json(session, saved)
        except store.Conflict as exc:
            return conflict(exc)

    @router.post("/api/ws/series/{series_id}/restore", tags=["workspace"], status_code=201,
                 summary=N_("Make an older revision the newest again (the history keeps everything)"))
    def revision_restore(request: Request, series_id: int, body: Restore):
        who = editor(request)
        try:
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                saved = found(store.restore, session, who, row, body.number, body.base, address(request))
                return _revision_json(session, saved, full=True)
        except store.Conflict as exc:
            return conflict(exc)

    @router.get("/api/ws/series/{series_id}/diff", tags=["workspace"], summary=N_("Two revisions compared as text (unified diff)"))
    def revision_diff(request: Request, series_id: int, a: int = Query(...), b: int = Query(...)):
        who = me(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            return {"a": a, "b": b, "diff": found(store.diff, session, row, a, b)}

    @router.post("/api/ws/series/{series_id}/lock", tags=["workspace"],
                 summary=N_("Edit the series (and keep editing: call again every 30 s); 409 says who has it; take_over takes it, logged"))
    def lock(request: Request, series_id: int, body: Take):
        who = editor(request)
        try:
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                taken = store.take(session, who, row, body.take_over, address(request))
                return {"editor": who.name, "until": row.editor_until.isoformat(), "taken_from": taken.name if taken else None, "head": row.head}
        except store.Conflict as exc:
            return conflict(exc)

    @router.delete("/api/ws/series/{series_id}/lock", tags=["workspace"], summary=N_("Stop editing the series"))
    def unlock(request: Request, series_id: int):
        who = editor(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            store.release(session, who, row)
            return {"editor": None}

    @router.post("/api/ws/series/{series_id}/next", tags=["workspace"], status_code=201,
                 summary=N_("Next week's series: this one's settings and brand, an example case to overwrite (like `cardnews new`)"))
    def next_week(request: Request, series_id: int, body: NextWeek):
        who = editor(request)
        with db() as session:
            row = found(store.team_series, session, who, series_id)
            latest = store.head(session, row)
            source = _starter(body.title.strip() or row.title, latest.source)
            created = store.create_series(session, who, body.title, source, json.loads(latest.settings), store.next_week(row.week),
                                          address(request))
            return _series_json(session, created)

    @router.post("/api/ws/series/{series_id}/preview", tags=["workspace"],
                 summary=N_("Preview the cards of the text being edited (or of the newest revision), with the series' kit and layout"))
    async def preview(request: Request, series_id: int, body: Draft):
        who = me(request)

        def prepare():
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                latest = store.head(session, row)
                source = latest.source if body.source is None else body.source
                settings = store.clean_settings(json.loads(latest.settings) if body.settings is None else body.settings)
                recipe = recipes.recipe_for(session, who, source, settings)
                return recipe, recipes.materialise(session, recipe, workspace.cache)

        recipe, brand_file = await anyio.to_thread.run_sync(prepare)
        return await queue.run(service_for(brand_file).preview, recipes.case_input(recipe), "/api/previews/{digest}.jpg", who.team_id)

    @router.get("/api/ws/series/{series_id}/zip", tags=["workspace"], response_class=Response,
                responses={200: {"content": {"application/zip": {}}}, 409: {"description": N_("the rebuilt zip is not the one first downloaded")}},
                summary=N_("Download a revision's zip (default: the newest), rebuilt and checked against the hashes of its first download"))
    async def download(request: Request, series_id: int, revision: int | None = Query(None, ge=1)):
        who = me(request)

        def prepare():
            with db() as session:
                row = found(store.team_series, session, who, series_id)
                rev = found(store.revision, session, row, revision or row.head)
                earlier = recipes.record_for(session, rev)
                if earlier is not None:
                    recipe = recipes.recipe_of(earlier)
                    recipes.check_recipe_layout(recipe)
                else:
                    recipe = recipes.recipe_for(session, who, rev.source, json.loads(rev.settings))
                return rev, earlier, recipe, recipes.materialise(session, recipe, workspace.cache)

        try:
            rev, earlier, recipe, brand_file = await anyio.to_thread.run_sync(prepare)
            name, data, notices = await queue.run(service_for(brand_file).bundle, recipes.case_input(recipe))
            if earlier is not None:
                recipes.check_rebuild(earlier, data)
        except recipes.RebuildMismatch as exc:
            def log_mismatch():
                with db() as session:
                    audit(session, who, "series.rebuild_differs", f"{series_id} {exc}", address(request))
            await anyio.to_thread.run_sync(log_mismatch)
            raise HTTPException(409, str(exc)) from None

        def log():
            with db() as session:
                if earlier is None:
                    recipes.record(session, who, rev, recipe, name, data)
                audit(session, who, "series.download", f"{series_id} r{rev.number} {name}", address(request))

        await anyio.to_thread.run_sync(log)
        from cardnews.web.app import _disposition

        zip_sha, _ignored = recipes.zip_hashes(data)
        return Response(data, media_type="application/zip", headers={
            "Content-Disposition": _disposition(name), "X-Cardnews-Zip-SHA256": zip_sha,
            "X-Cardnews-Rebuilt": "checked" if earlier is not None else "first", "Cache-Control": "private, no-store",
        })

    app.include_router(router)


def _problems(exc: KitProblems) -> JSONResponse:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return JSONResponse({"error": {"message": str(exc), "problems": lines}}, status_code=422)


def _account_json(who: Account) -> dict:
    return {"id": who.id, "name": who.name, "role": who.role, "team": who.team}


def _series_json(session, row) -> dict:
    current = store.holder(session, row)
    creator = session.get(User, row.created_by)
    return {
        "id": row.id, "title": row.title, "week": row.week, "head": row.head, "created_by": creator.name if creator else "",
        "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
        "editor": {"name": current.name, "until": current.until.isoformat()} if current else None,
        "url": f"/workspace/series/{row.id}",
    }


def _revision_json(session, rev: Revision, full: bool = False) -> dict:
    author = session.get(User, rev.author_id)
    out = {"number": rev.number, "kind": rev.kind, "name": rev.name, "author": author.name if author else "",
           "created_at": rev.created_at.isoformat(), "settings": json.loads(rev.settings)}
    if full:
        out["source"] = rev.source
    return out


def _starter(title: str, source: str) -> str:
    """Next week's text from this week's: its settings carried over, the cases an example to overwrite."""
    data = source.encode("utf-8")
    kind = recipes.detect_kind(data)
    try:
        parsed, notices = parse_case(data, "input." + kind, kind)
        previous = settle(parsed, "input." + kind, notices)
        raise_errors(previous.notices)
    except CardnewsError:
        previous = None  # an unfinished series still gives its settings (kept apart) and an empty start
    return starter_text(title, previous, as_summary=kind == "txt")
