"""Command-line interface: `conflictwire` (a thin Typer layer over the library)."""

from __future__ import annotations

from . import (  # noqa: F401 - registers commands
    evaluate,
    export,
    gazetteer,
    geoparse,
    incidents,
    info,
    ingest,
    load,
    relink,
    restore,
    review,
    run,
    serve,
    show,
    stats,
    token,
    train,
    trends,
    watch,
)
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
