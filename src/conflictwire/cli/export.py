"""`conflictwire export`: write incidents or figures in a named format."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import ConflictwireError
from ..export import EXPORTERS, export
from ..store import IncidentFilter
from ._app import DbOption, app, err_console, read_store

FORMATS_HELP = "; ".join(f"{name}: {e.help}" for name, e in EXPORTERS.items())


@app.command("export")
def export_cli(
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMATS_HELP)] = "acled-csv",
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (stdout when omitted).")] = None,
    db: DbOption = None,
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Also export incidents a reviewer rejected (left out by default).")] = False,
) -> None:
    """Export the database's incidents (or figures) as ACLED CSV, JSON Lines, GeoJSON, Parquet or figures CSV."""
    try:
        n = export(read_store(db), fmt, output, IncidentFilter(include_rejected=include_rejected))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if output:
        err_console.print(f"wrote {n} records to {output}")
