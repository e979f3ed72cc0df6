"""A real server for the web tests: uvicorn on a free loopback port, in a background thread, stopped after."""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Iterator

from cardnews.web.app import create_app
from cardnews.web.limits import HEADER_TIMEOUT
from cardnews.web.server import listening_socket, server


@contextlib.contextmanager
def running_server(**options) -> Iterator[tuple[str, object]]:
    """(base URL, app) of the web app served on 127.0.0.1 while the block runs; `header_timeout` goes to the
    server, the other options to create_app."""
    header_timeout = options.pop("header_timeout", HEADER_TIMEOUT)
    app = create_app(**options)
    sock = listening_socket("127.0.0.1", 0)
    instance = server(app, sock, log_level="warning", header_timeout=header_timeout)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", app
    finally:
        instance.should_exit = True
        thread.join(timeout=30)
        sock.close()
