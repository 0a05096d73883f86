"""`conflictwire incidents`: list incidents with filters, as a table."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..models import Incident
from ..store import IncidentFilter
from ..store.query import REVIEW_STATUSES
from ._app import DbOption, app, console, date_option, read_store


def incident_table(incidents: list[Incident], title: str | None = None) -> Table:
    """A readable table of incidents (also used by `make demo`)."""
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for col, kw in (("id", {"no_wrap": True}), ("date", {"no_wrap": True}), ("type", {}), ("actors", {}),
                    ("location", {}), ("killed", {"justify": "right"}), ("injured", {"justify": "right"}),
                    ("claimant", {})):
        table.add_column(col, **kw)
    for inc in incidents:
        date = inc.event_date.isoformat() if inc.event_date else "?"
        if inc.time_precision and inc.time_precision > 1:
            date += f" ~{inc.time_precision}"
        killed = str(inc.fatalities) + ("+" if inc.fatalities_high is None and inc.fatalities else "")
        actors = inc.actor1 + (f" → {inc.actor2}" if inc.actor2 else "")
        table.add_row(inc.id, date, inc.sub_event_type, actors,
                      f"{inc.location} (p{inc.geo_precision})" if inc.location else "-", killed,
                      "" if inc.injuries is None else str(inc.injuries), inc.claimant)
    return table


@app.command("incidents")
def incidents_cli(
    db: DbOption = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest event date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest event date, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="Country name, e.g. Iraq.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type or sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Substring of any actor name.")] = None,
    min_fatalities: Annotated[int | None, typer.Option(help="Only incidents with at least this many killed.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    ids: Annotated[bool, typer.Option("--ids", help="Print only the incident ids, one a line (for scripts).")] = False,
    review_status: Annotated[str | None, typer.Option(
        "--review-status", help="Only incidents a reviewer left unreviewed, accepted or rejected.")] = None,
    include_rejected: Annotated[bool, typer.Option(
        "--include-rejected", help="Also list incidents a reviewer rejected (left out by default).")] = False,
) -> None:
    """List stored incidents, oldest first (rejected ones only when asked for)."""
    if review_status is not None and review_status not in REVIEW_STATUSES:
        raise typer.BadParameter(f"use one of {', '.join(REVIEW_STATUSES)}", param_hint="--review-status")
    flt = IncidentFilter(
        date_from=date_option(date_from, "--from"), date_to=date_option(date_to, "--to"),
        country=country, event_type=event_type, actor=actor, min_fatalities=min_fatalities, limit=limit,
        review_status=review_status, include_rejected=include_rejected)
    store = read_store(db)
    found = store.incidents(flt)
    if ids:
        typer.echo("\n".join(inc.id for inc in found))
        return
    console.print(incident_table(found, title=f"{len(found)} incidents"))
