"""`conflictwire evaluate`: per-field accuracy of the store against the user's ACLED CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import ConflictwireError
from ..evaluate import FIELDS, evaluate_against_acled
from ._app import DbOption, app, console, err_console, read_store


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Option("--gold", help="ACLED-format CSV of events you trust.")],
    db: DbOption = None,
    date_slack: Annotated[int, typer.Option(help="Days a date may be off when pairing by date and place.")] = 1,
    radius_km: Annotated[float, typer.Option(help="Distance for pairing by date and place.")] = 50.0,
    confusion: Annotated[int, typer.Option(help="Show this many most frequent sub-event confusions.")] = 10,
) -> None:
    """Score stored incidents against an ACLED CSV: detection precision/recall and per-field accuracy."""
    try:
        ev = evaluate_against_acled(gold, read_store(db).incidents(), date_slack=date_slack,
                                    radius_km=radius_km)
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"{ev.gold} gold events, {ev.predicted} records, {ev.matched} paired", show_header=True)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("precision", f"{ev.precision:.3f}")
    table.add_row("recall", f"{ev.recall:.3f}")
    for name in FIELDS:
        table.add_row(f"{name} accuracy", f"{ev.accuracy(name):.3f}")
    console.print(table)
    errors = sorted(((n, k) for k, n in ev.confusion.items() if k[0] != k[1]), reverse=True)[:confusion]
    if errors:
        conf = Table(title="most frequent sub-event confusions", show_header=True)
        for col in ("gold", "predicted", "n"):
            conf.add_column(col)
        for n, (g, p) in errors:
            conf.add_row(g, p, str(n))
        console.print(conf)
