"""Command-line interface: `conflictwire` (a thin Typer layer over the library)."""

from __future__ import annotations

from . import evaluate, export, gazetteer, geoparse, incidents, ingest, show, stats, train  # noqa: F401 - registers commands
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
