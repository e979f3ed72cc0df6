"""The web app: the page, and the HTTP API it uses (which a publishing script can use too).

Every build goes through the build queue; every error is JSON, `{"error": {"message": ...}}`, with the
CLI's message; the server keeps serving after any request, good or bad.
"""

from __future__ import annotations

import re
import traceback
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from cardnews import __version__
from cardnews.bundle.channels import CHANNELS
from cardnews.errors import CardnewsError
from cardnews.input.photos import MAX_PHOTO_BYTES
from cardnews.resources import fonts_dir, sample_case
from cardnews.layout.sizes import SIZES
from cardnews.layout.theme import list_layouts, load_theme
from cardnews.web.language import Language, page_templates
from cardnews.web.openapi import speak_the_request_language
from cardnews.web.page_text import CARD_MAKER, CHANNEL_NAMES, SIZE_NAMES, page_text
from cardnews.web.limits import BODY_TIMEOUT, MAX_BODY_BYTES, RequestLimits
from cardnews.web.queue import MAX_CPU_SECONDS, MAX_WAITING, BuildQueue, QueueFull
from cardnews.web.service import MAX_CARDS, MAX_CASES, CardService, CaseInput
from cardnews.i18n import N_, _

HERE = Path(__file__).resolve().parent
_DIGEST = re.compile(r"^[0-9a-f]{32}$")
MAX_FORM_FIELDS = 20


class CaseBody(BaseModel):
    # its description is the schema's (a msgid, translated per request), not a docstring
    model_config = ConfigDict(extra="forbid", populate_by_name=True, json_schema_extra={
        "description": N_("A case file and the settings to build it with; a setting left empty takes the file's own.")})

    text: str = Field(description=N_("the summary text (.txt) or YAML case file, whole"))
    format: str = Field("auto", description=N_("txt, yaml, or auto: by the file name's extension, else YAML when it starts with series:"))
    filename: str = Field("", description=N_("the file's name, used in messages only (e.g. 2024-h1-gangnam.txt)"))
    layout: str = Field("", description=N_("layout name (see /api/layouts); default: the file's, else civic"))
    size: str = Field("", description=N_("size preset(s): portrait, square, story, landscape; several as portrait,story; or all"))
    compact: str = Field("", description=N_("auto, on or off: brief cases several to a card (default: the file's, else off)"))
    channel: str = Field("", description=N_("channel(s) to package for: instagram, x, kakao, facebook, naver; several as instagram,x; or all"))
    image_format: str = Field("", description=N_("png (default) or jpg"))
    quality: int | None = Field(None, ge=1, le=95, description=N_("JPEG quality 1–95 (default 92)"))
    link: str = Field("", description=N_("a link for the post text"))
    source: str = Field(
        "", alias="from", description=N_("summary or release: how to read a text (default: a press release when it has □ headings, no .zip line and no ✅ line)")
    )
    photos: dict[str, str] = Field(default_factory=dict, description=N_("the photos the text names, each by the SHA-256 /api/photos answered with"))


class ErrorMessage(BaseModel):
    message: str = Field(description=N_("what is wrong, as the cardnews command line says it"))


class ErrorBody(BaseModel):
    model_config = ConfigDict(json_schema_extra={"description": N_("Every error the API answers with.")})

    error: ErrorMessage


_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": N_("the request is larger than the server takes")},
    422: {"model": ErrorBody, "description": N_("the case file or a setting is wrong; the message is the CLI's")},
    503: {"model": ErrorBody, "description": N_("busy: every build worker is busy and the line is full; try again after Retry-After seconds")},
}

_CASE_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CaseBody.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": N_("the case file (.txt, .yaml)")},
                        **{key: value for key, value in CaseBody.model_json_schema()["properties"].items() if key != "text"},
                    },
                    "required": ["file"],
                }
            },
            "text/plain": {"schema": {"type": "string", "description": N_("the case file's text; settings in the query string")}},
        },
    }
}


def _upload_doc(file: str, raw: str) -> dict:
    """An endpoint's body as OpenAPI says it: a form with one `file`, or the raw bytes with ?filename=."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary", "description": file}}, "required": ["file"]}
                },
                "application/octet-stream": {"schema": {"type": "string", "format": "binary", "description": raw}},
            },
        }
    }


_OPEN_BODY_DOC = _upload_doc(N_("the case file (.txt, .yaml, .yml)"), N_("the file's bytes; its name in ?filename="))
_PHOTO_BODY_DOC = _upload_doc(N_("the photo (JPEG, PNG, WebP, HEIC; at most 30 MB)"), N_("the photo's bytes; its name in ?filename="))


def create_app(
    *, brand_file: Path | None = None, jobs: int | None = None, max_body_bytes: int = MAX_BODY_BYTES,
    waiting: int = MAX_WAITING, warm_up: bool = True, workspace=None,
    cpu_seconds: float = MAX_CPU_SECONDS, body_timeout: float = BODY_TIMEOUT,
) -> FastAPI:
    """The app: `jobs` builds at once (default: one per core), `waiting` more in line, bodies up to `max_body_bytes`,
    `cpu_seconds` of CPU time for each request.

    With a `workspace` (web.workspace.api.Workspace) the team workspace is added, and with it sign-in.
    """
    service = CardService(brand_file)
    queue = BuildQueue(jobs, waiting, cpu_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if warm_up:
            for _ignored in range(queue.workers):
                queue.submit(_quietly, service.warm_up)
        yield
        queue.close()

    app = FastAPI(
        title="cardnews",
        version=__version__,
        summary=N_("Korean card news from a week's case summary: check, preview, and the zip bundle."),
        description=(
            N_("The API the cardnews page uses; a publishing script can use it too. Errors are JSON, `{\"error\": {\"message\": \"…\"}}`, with the messages of the `cardnews` command line. Builds are queued: no more run at once than the server has cores; when the line is full the answer is 503.")
        ),
        responses=_ERRORS,
        docs_url=None,  # the framework's docs page loads its scripts from a CDN; /docs is our own, offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service, app.state.queue = service, queue
    if workspace is not None:
        from cardnews.web.workspace.gate import Gate

        app.add_middleware(Gate, store=workspace.store)  # inside RequestLimits: its answers get the safe headers too
    app.add_middleware(RequestLimits, max_body_bytes=max_body_bytes, body_timeout=body_timeout, larger={"/api/photos": MAX_PHOTO_BYTES})
    app.add_middleware(Language)  # outermost: the limits' and the gate's answers are translated too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/fonts", StaticFiles(directory=fonts_dir()), name="fonts")
    speak_the_request_language(app)
    templates = page_templates(HERE / "templates")
    limits = {
        "max_body_kb": max_body_bytes // 1024, "max_cases": MAX_CASES, "max_cards": MAX_CARDS, "cpu_seconds": cpu_seconds,
        "jobs": queue.workers, "waiting": queue.waiting,
    }
    if workspace is not None:
        from cardnews.web.workspace.api import install

        install(app, workspace, service, queue, templates)

    async def queued(function, *args):
        return await queue.run(function, *args)

    # --- errors: always JSON, with the CLI's message ------------------------------------------------

    @app.exception_handler(CardnewsError)
    async def _cardnews_error(request: Request, exc: CardnewsError):
        return _error(422, str(exc))

    @app.exception_handler(QueueFull)
    async def _busy(request: Request, exc: QueueFull):
        return _error(503, _("busy: {workers} builds running and {waiting} waiting; try again in a few seconds").format(workers=queue.workers, waiting=queue.waiting), {"Retry-After": "5"})

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(
            ": ".join(part for part in (".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query")), _validation_message(error)) if part)
            for error in exc.errors()
        )
        return _error(422, problems)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException):
        return _error(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        traceback.print_exception(exc)
        return _error(
            500,
            _("internal error ({__name__}: {exc}). This is a bug in cardnews: please report it with the input file and the settings you used.").format(__name__=type(exc).__name__, exc=exc),
        )

    # --- the page -----------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page(request: Request):
        return templates.TemplateResponse(
            request, "index.html", {
                "layouts": _layouts(), "sizes": SIZES, "channels": CHANNELS, "limits": limits, "version": __version__,
                "size_names": SIZE_NAMES, "channel_names": CHANNEL_NAMES, "page_text": page_text(CARD_MAKER),
            }
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs(request: Request):
        base = str(request.base_url).rstrip("/")
        return templates.TemplateResponse(request, "docs.html", {"api": app.openapi(), "base": base, "limits": limits, "version": __version__})

    # --- the API ------------------------------------------------------------------------------------

    @app.get("/api/layouts", tags=["settings"], summary=N_("Layouts, sizes and channels the server offers"))
    async def layouts():
        return {
            "layouts": [{**layout, "preview": f"/api/layouts/{layout['name']}.jpg"} for layout in _layouts()],
            "sizes": [{"name": p.name, "width": p.width, "height": p.height, "use": p.use} for p in SIZES.values()],
            "channels": [{"name": c.name, "label": c.label, "max_images": c.max_images, "caption_limit": c.caption_limit} for c in CHANNELS.values()],
        }

    @app.get("/api/layouts/{name}.jpg", tags=["settings"], summary=N_("A layout's cover, small, drawn with the reference series"),
             response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
    async def layout_preview(name: str):
        if name not in list_layouts():
            raise HTTPException(404, _("unknown layout {name!r}; choose one of {choices}").format(name=name, choices=", ".join(sorted(list_layouts()))))
        data = await queued(service.layout_preview, name)
        return Response(data, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/api/example", tags=["settings"], summary=N_("The reference case file, as summary text or YAML"),
             response_class=PlainTextResponse)
    async def example(format: str = Query("txt", pattern="^(txt|yaml)$", description=N_("txt or yaml"))):
        path = sample_case().with_suffix(".txt" if format == "txt" else ".yaml")
        return PlainTextResponse(path.read_text(encoding="utf-8"), headers={"Content-Disposition": _disposition(path.name, inline=True)})

    @app.post("/api/open", tags=["build"], summary=N_("Read a case file as `cardnews` reads it: its text, kind and any notice"),
              openapi_extra=_OPEN_BODY_DOC)
    async def open_file(request: Request):
        data, filename = await _upload(request)
        return await queued(service.open_file, data, filename)

    @app.post("/api/check", tags=["build"], summary=N_("Check a case file: every problem, as `cardnews check` reports them"),
              openapi_extra=_CASE_BODY_DOC)
    async def check(request: Request):
        return await queued(service.check, await _case(request))

    @app.post("/api/preview", tags=["build"], summary=N_("Lay out and preview the cards: notices, caption, alt text and a preview of each card"),
              openapi_extra=_CASE_BODY_DOC)
    async def preview(request: Request):
        return await queued(service.preview, await _case(request), "/api/previews/{digest}.jpg", _team(request))

    @app.get("/api/previews/{digest}.jpg", tags=["build"], summary=N_("A card's preview, named by what it shows (from /api/preview)"),
             response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
    async def preview_image(request: Request, digest: str):
        team = _team(request)
        data = service.images.preview_bytes(digest, team) if _DIGEST.match(digest) else None
        if data is None:
            raise HTTPException(404, _("no such preview (it may have expired): ask /api/preview again"))
        cache = "public, max-age=31536000, immutable" if team is None else "private, no-store"
        return Response(data, media_type="image/jpeg", headers={"Cache-Control": cache})

    @app.post("/api/render", tags=["build"], summary=N_("Build the bundle: the zip `cardnews build` makes, with the same name"),
              openapi_extra=_CASE_BODY_DOC, response_class=Response, responses={200: {"content": {"application/zip": {}}}})
    async def render(request: Request):
        name, data, notices = await queued(service.bundle, await _case(request))
        headers = {"Content-Disposition": _disposition(name), "X-Cardnews-Warnings": str(sum(n.level != "error" for n in notices))}
        return Response(data, media_type="application/zip", headers=headers)

    @app.post("/api/card", tags=["build"], summary=N_("One card, encoded as it is in the bundle"),
              openapi_extra=_CASE_BODY_DOC, response_class=Response, responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}})
    async def card(
        request: Request,
        page: int = Query(..., ge=1, description=N_("the card's number in reading order, from 1")),
        card_size: str = Query("", description=N_("which size's card, when several are built (default: the first)")),
    ):
        name, data = await queued(service.card, await _case(request), card_size, page)
        media = "image/png" if name.endswith(".png") else "image/jpeg"
        return Response(data, media_type=media, headers={"Content-Disposition": _disposition(name)})

    @app.post("/api/photos", tags=["build"], summary=N_("Send a photo a case uses: it is checked, kept a while, and named by its SHA-256"),
              openapi_extra=_PHOTO_BODY_DOC)
    async def photo(request: Request):
        data, filename = await _upload(request)
        return await queued(service.photos.add, data, filename)

    @app.get("/api/health", tags=["server"], summary=N_("Whether the server is up, and how busy"))
    async def health():
        return {"status": "ok", "version": __version__, "jobs": queue.workers, "queued": queue.queued, "waiting_limit": queue.waiting}

    return app


async def _case(request: Request) -> CaseInput:
    """The case from a JSON body, a form with a `file` (or `text`), or the raw text; settings also from the query."""
    settings = {key: value for key, value in request.query_params.items() if key not in ("page", "card_size")}
    photos: dict[str, str] = {}
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = CaseBody.model_validate_json(await request.body())
        except ValueError as exc:
            errors: list = getattr(exc, "errors", lambda: [])()
            raise RequestValidationError(errors) from None
        fields = body.model_dump(exclude={"text", "photos"}, exclude_defaults=True, by_alias=True)
        photos = body.photos
        settings.update({key: value for key, value in fields.items() if value not in ("", None)})
        data = body.text.encode("utf-8")
    elif kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            settings.setdefault("filename", upload.filename or "")
        elif isinstance(text := form.get("text"), str):
            data = text.encode("utf-8")
        else:
            raise HTTPException(422, _("no case file: send it as the form field 'file' (or its text as 'text')"))
        settings.update({key: value for key, value in form.items() if key not in ("file", "text") and isinstance(value, str) and value})
    else:
        data = await request.body()
    filename = settings.pop("filename", "")
    format = settings.pop("format", "auto")
    return CaseInput.make(data, filename, format, **settings).with_photos(photos)


async def _upload(request: Request) -> tuple[bytes, str]:
    """A file's bytes and name, from a form's `file` or from the body with `?filename=`."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=MAX_FORM_FIELDS)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(422, _("no file: send it as the form field 'file'"))
        return await upload.read(), upload.filename or ""
    return await request.body(), request.query_params.get("filename", "")


def _team(request: Request) -> int | None:
    """The signed-in user's team (None without accounts): what a preview is made for and served to."""
    account = getattr(request.state, "account", None)
    return account.team_id if account is not None else None


def _layouts() -> list[dict]:
    found = []
    for name, path in list_layouts().items():
        try:
            theme = load_theme(path)
        except CardnewsError:
            continue  # a broken local layout is not offered; `cardnews layouts` says what is wrong with it
        found.append({"name": name, "label": theme.label, "description": theme.description})
    return found


# What a request's fields can get wrong, in the user's language; pydantic says the rest in English.
_VALIDATION = {
    "missing": N_("required"), "int_parsing": N_("must be a whole number"), "int_type": N_("must be a whole number"),
    "string_type": N_("must be text"), "bool_parsing": N_("must be true or false"), "json_invalid": N_("not valid JSON"),
    "dict_type": N_("must be a JSON object"), "model_attributes_type": N_("must be a JSON object"), "list_type": N_("must be a list"),
    "greater_than_equal": N_("must be at least {ge}"), "less_than_equal": N_("must be at most {le}"),
    "greater_than": N_("must be more than {gt}"), "less_than": N_("must be less than {lt}"), "extra_forbidden": N_("unknown field"),
}


def _validation_message(error: dict) -> str:
    known = _VALIDATION.get(error.get("type", ""))
    return _(known).format(**(error.get("ctx") or {})) if known else str(error.get("msg", ""))


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message}}, status_code=status, headers=headers)


def _disposition(name: str, inline: bool = False) -> str:
    """A download name that keeps Hangul (RFC 6266), with a plain ASCII fallback for old clients."""
    stem, suffix = Path(name).stem, Path(name).suffix
    fallback = (re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "cardnews") + suffix
    return f"{'inline' if inline else 'attachment'}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _quietly(function) -> None:
    try:
        function()
    except Exception:  # warming up is an optimisation: a failure shows on the first real request instead
        pass
