"""Running the web app: a listening socket, uvicorn, and a line saying where to open it."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from cardnews.errors import CardnewsError
from cardnews.web.app import create_app
from cardnews.web.limits import HEADER_TIMEOUT, error_body
from cardnews.i18n import _

MAX_CONNECTIONS = 200  # open connections at once; builds are bounded separately by the build queue


class TimedProtocol(H11Protocol):
    """HTTP/1.1 that gives a client `HEADER_TIMEOUT` seconds to send a request's headers, from the moment it
    connects or its previous response ends: a client that trickles them in cannot hold a connection open.
    (The body has its own deadline, in RequestLimits.)"""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = self.loop.call_later(self.header_timeout, self._headers_too_slow)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._header_timer is not None and self.conn.their_state is not h11.IDLE:  # the request line and headers are in
            self._header_timer.cancel()
            self._header_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self._header_timer is None:
            self._header_timer = self.loop.call_later(self.timeout_keep_alive + self.header_timeout, self._headers_too_slow)

    def connection_lost(self, exc) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        body = error_body(_("request headers not received within {header_timeout:g} s").format(header_timeout=self.header_timeout))
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\n"
            + b"content-length: %d\r\n\r\n" % len(body) + body
        )
        self.transport.close()


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind first, so a port in use is a plain message instead of a server log line."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except socket.gaierror:
        raise CardnewsError(_("--host {host}: not an address of this machine; use 127.0.0.1 (this machine) or 0.0.0.0 (the office network)").format(host=host)) from None
    except OSError as exc:
        hint = " Is cardnews serve already running? Choose another port with --port." if exc.errno in (48, 98) else ""
        raise CardnewsError(_("cannot listen on {host}:{port} ({strerror}).{hint}").format(host=host, port=port, strerror=exc.strerror, hint=hint)) from None


def server(app, sock: socket.socket, log_level: str = "info", header_timeout: float = HEADER_TIMEOUT) -> uvicorn.Server:
    protocol = type("TimedProtocol", (TimedProtocol,), {"header_timeout": header_timeout})
    config = uvicorn.Config(
        app, http=protocol, log_level=log_level, limit_concurrency=MAX_CONNECTIONS, timeout_keep_alive=5, server_header=False
    )
    return uvicorn.Server(config)


def serve(
    host: str = "127.0.0.1", port: int = 8000, brand_file: Path | None = None, jobs: int | None = None,
    data_dir: Path | None = None, database_url: str | None = None,
) -> None:
    """Serve until Ctrl-C, with the team workspace in `data_dir` (or the database at `database_url`)."""
    from cardnews.store.accounts import has_accounts
    from cardnews.store.database import DEFAULT_DATA
    from cardnews.web.workspace.api import open_workspace
    from cardnews.web.workspace.gate import is_loopback

    if brand_file is not None:
        from cardnews.input.brand import load_brand

        read: list = []
        load_brand(brand_file, read)  # a broken brand kit stops here, not on every request
        for notice in read:  # said once, here: the answers never name the server's files
            print(notice, file=sys.stderr)
    workspace = open_workspace(data_dir or DEFAULT_DATA, database_url)
    with workspace.store.session() as db:
        accounts = has_accounts(db)
    if not accounts and not is_loopback(host):
        workspace.store.close()
        raise CardnewsError(
            _("--host {host}: no account exists yet, so the server answers only on this computer (127.0.0.1). Create one first:  cardnews users add NAME --role admin").format(host=host)
        )
    app = create_app(brand_file=brand_file, jobs=jobs, workspace=workspace)
    sock = listening_socket(host, port)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    print(_("cardnews: open http://{shown}:{0}/ in a browser (Ctrl-C stops the server)").format(sock.getsockname()[1], shown=shown), flush=True)
    if host in ("0.0.0.0", "::"):
        print(_("cardnews: listening on every network address: other computers on the network can use it too"), flush=True)
    where = "PostgreSQL" if database_url else f"{(data_dir or DEFAULT_DATA)}/"
    print(f"cardnews: workspace data in {where}" + ("" if accounts else "; no account yet: cardnews users add NAME --role admin"), flush=True)
    server(app, sock).run(sockets=[sock])
