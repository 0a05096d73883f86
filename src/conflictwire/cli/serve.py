"""`conflictwire serve`: the HTTP API over an existing database (see the README's "Service")."""

from __future__ import annotations

from typing import Annotated

import typer

from ._app import DbOption, app, err_console, read_store, settings_for

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@app.command("serve")
def serve_cli(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless you mean to publish it).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    private: Annotated[bool, typer.Option("--private", help="Reads need a token too "
                                          "(default: $CONFLICTWIRE_API_PRIVATE, else reads are open).")] = False,
    cors: Annotated[list[str] | None, typer.Option("--cors", help="An origin a browser may call from "
                                                   "(repeat; default: $CONFLICTWIRE_API_CORS_ORIGINS, else none).")]
    = None,
) -> None:
    """Serve the database as a REST API (incidents, stats, figures, exports, and POST /articles;
    writes need a token from `conflictwire token create`) and a dashboard at /. OpenAPI docs at /docs."""
    from ..api import create_app
    from ..api.server import serve

    store = read_store(db)  # an existing database only: a mistyped --db creates nothing
    settings = settings_for(db, api_read_token=True if private else None,
                            api_cors_origins=tuple(cors) if cors else None)
    if host not in LOOPBACK and not settings.api_read_token:
        err_console.print(f"note: listening on {host} with open reads; use --private to require a token")
    serve(create_app(settings, store), host, port)
