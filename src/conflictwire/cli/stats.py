"""`conflictwire stats`: what the database holds."""

from __future__ import annotations

from rich.table import Table

from ._app import DbOption, app, console, read_store


@app.command("stats")
def stats_cli(db: DbOption = None) -> None:
    """Counts of articles, incidents, figures and rejections, with breakdowns."""
    s = read_store(db).stats()
    table = Table(show_header=False, title="conflictwire database")
    for key in ("articles", "incidents", "figures", "rejections", "fatalities", "first_date", "last_date"):
        table.add_row(key, str(s[key]))
    for group in ("by_event_type", "by_country", "rejections_by_reason"):
        for name, n in sorted(s[group].items(), key=lambda kv: -kv[1]):
            table.add_row(f"{group.replace('_', ' ')}: {name or '(none)'}", str(n))
    console.print(table)
