"""`conflictwire show ID`: one incident with its evidence highlighted in the article text."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..store import Store
from ._app import DbOption, app, console, err_console, settings_for

FIELD_STYLES = ["bold red", "bold green", "bold blue", "bold magenta", "bold cyan", "bold yellow"]


@app.command("show")
def show_cli(
    incident_id: Annotated[str, typer.Argument(help="Incident id (see `conflictwire incidents`).")],
    db: DbOption = None,
    context: Annotated[int, typer.Option(help="Characters of article text around the evidence.")] = 400,
) -> None:
    """Show one incident: every field, and the article text with the spans that support each field."""
    store = Store(settings_for(db).db_url)
    inc = store.get_incident(incident_id)
    if inc is None:
        err_console.print(f"[red]error:[/red] no incident {incident_id!r}")
        raise typer.Exit(1)
    fields = Table(show_header=False, box=None)
    for key, value in inc.to_row().items():
        if value not in (None, "", []):
            fields.add_row(f"[bold]{key}[/bold]", str(value))
    console.print(Panel(fields, title=f"incident {inc.id}"))
    styles: dict[str, str] = {}
    for aid in inc.article_ids:
        article = store.get_article(aid)
        if article is None:
            continue
        spans = [ev for ev in inc.evidence if ev.article_id == aid]
        if not spans:
            continue
        lo = max(0, min(ev.start for ev in spans) - context)
        hi = min(len(article.text), max(ev.end for ev in spans) + context)
        text = Text(("…" if lo else "") + article.text[lo:hi] + ("…" if hi < len(article.text) else ""))
        shift = 1 if lo else 0
        legend = Table(show_header=True, header_style="bold")
        legend.add_column("field")
        legend.add_column("evidence")
        for ev in spans:
            style = styles.setdefault(ev.field, FIELD_STYLES[len(styles) % len(FIELD_STYLES)])
            text.stylize(f"{style} underline", ev.start - lo + shift, ev.end - lo + shift)
            legend.add_row(Text(ev.field, style=style), f"[{ev.start}:{ev.end}] {ev.text}")
        console.print(Panel(text, title=f"article {aid}" + (f" — {article.title}" if article.title else "")))
        console.print(legend)
