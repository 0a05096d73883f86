"""`conflictwire relink`: score and cluster stored reports again after a rule, weight or model change."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConflictwireError
from ..link import Linking
from ..store import Store
from ._app import DbOption, app, console, date_option, err_console, settings_for


@app.command("relink")
def relink_cli(
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First event date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last event date (YYYY-MM-DD).")] = None,
    policy: Annotated[str | None, typer.Option(help="Fatalities policy: conservative, max, median, latest.")] = None,
) -> None:
    """Recompute cross-report links for the reports of a date range (all of them by default)."""
    settings = settings_for(db, fatalities_policy=policy)
    try:
        store = Store(settings.db_url, create=False)  # relinking a database that is not there is a typo
        outcome = store.relink(Linking.from_settings(settings), date_option(date_from, "--from"),
                               date_option(date_to, "--to"))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    console.print(f"relinked: {outcome.reports_joined} reports joined another incident, "
                  f"{outcome.incidents_retired} incident ids retired (their aliases point to the survivor)")
