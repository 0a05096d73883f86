"""`conflictwire watch`: follow folders and feeds, ingesting what is new (see `conflictwire.ingest.watch`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConflictwireError
from ..ingest import parse_published
from ..ingest.watch import SourcePass, watch
from ..pipeline import IngestReport
from ..store import Store
from ._app import DbOption, HomeCountryOption, app, console, err_console, settings_for, shown_db


@app.command("watch")
def watch_cli(
    sources: Annotated[list[str], typer.Argument(help="Folders, RSS/Atom feed files, or feed URLs to follow.")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option(min=0.0, help="Seconds between two passes.")] = 300.0,
    once: Annotated[bool, typer.Option("--once", help="Make one pass and exit (for cron or a test).")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs with none.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per database transaction.")] = 50,
    home_country: HomeCountryOption = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link each report to the stored reports of the "
                                       "same incident (default).")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and rejections.")] = False,
) -> None:
    """Follow folders and feeds: ingest each new file or entry, then look again every --interval seconds.

    What was read is checkpointed in the database with the articles, so a watch stopped in any
    way (Ctrl-C, kill -9, a reboot) and started again goes on where it was: nothing is lost and
    nothing is counted twice. Only sources given as URLs are fetched over the network.
    """
    if published and parse_published(published) is None:
        raise typer.BadParameter(f"{published!r} is not a date (use YYYY-MM-DD)", param_hint="--published")
    settings = settings_for(db, batch_size=batch_size, default_published=published, home_country=home_country,
                            link_reports=link)

    def line(text: str) -> None:
        if not quiet:
            err_console.print(f"[cyan]watch[/cyan] {escape(text)}", soft_wrap=True)

    def after(n: int, report: IngestReport, found: list[SourcePass]) -> None:
        for rej in report.rejections:
            detail = f" ({rej.detail})" if rej.detail else ""
            err_console.print(f"[yellow]rejected[/yellow] {escape(f'{rej.source}: {rej.reason}{detail}')}",
                              soft_wrap=True)
        if not quiet:
            new = sum(len(s.new) for s in found)
            console.print(
                f"pass {n}: {new} new files or entries, {sum(s.seen for s in found)} read before; {report.read} read, "
                f"{report.stored} stored, {report.duplicates} already known, {len(report.rejections)} rejected; "
                f"{report.new_incidents} new incidents, {report.joined} joined a known one -> {shown_db(store.url)}",
                soft_wrap=True, markup=False)

    try:
        store = Store(settings.db_url, busy_timeout=settings.db_busy_timeout)
        watch(sources, store, settings, interval=interval, once=once, on_line=line, on_pass=after)
    except KeyboardInterrupt:
        line("stopped; the next watch goes on from here")
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
