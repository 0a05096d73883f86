"""Run an application under uvicorn: in the foreground (`conflictwire serve`) or in a thread (tests, bench).

Why a thread helper in the library: the API tests and `bench/bench_api.py` must talk to the
real server over loopback, as a client would, not to the application in process; one
helper starts it on a free port, waits until it accepts connections, and stops it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

__all__ = ["background", "serve"]


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info") -> None:
    """Serve `app` until interrupted (Ctrl-C stops it cleanly)."""
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)


@contextmanager
def background(app: FastAPI, host: str = "127.0.0.1", port: int = 0, *, timeout: float = 20.0,
               log_level: str = "warning") -> Iterator[str]:
    """Serve `app` in a thread for the duration of the block; yields its base URL (`http://127.0.0.1:PORT`).

    `port=0` takes a free port from the system, so parallel test runs never collide.
    """
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="conflictwire-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the API server did not start on {host}:{port}")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout)
