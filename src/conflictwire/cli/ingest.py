"""`conflictwire ingest`: read documents, extract incidents, store them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import ConflictwireError
from ..ingest import parse_published
from ..ingest.readers import INPUT_KINDS
from ..pipeline import ingest
from ..store import Store
from ._app import DbOption, HomeCountryOption, app, console, err_console, settings_for


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs with none.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per database transaction.")] = 50,
    home_country: HomeCountryOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="What the inputs are: 'news', or 'acled-note' (ACLED coders' notes, whose remarks such "
        "as '7 fatalities coded' are read). Default: each record's 'kind' field, else news unless it carries "
        "an ACLED event id on a short untitled text.")] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link each report to the stored reports of the "
                                       "same incident (default), or keep every report its own incident until "
                                       "`conflictwire relink`.")] = True,
    event_model: Annotated[Path | None, typer.Option(
        "--event-model", help="Event-type model to use (e.g. one made by `conflictwire train event-types`). "
        "Default: $CONFLICTWIRE_EVENT_MODEL, else the model shipped with the package.")] = None,
) -> None:
    """Ingest articles: extract incidents, figures and places into the database (re-ingest is a no-op)."""
    if published and parse_published(published) is None:
        raise typer.BadParameter(f"{published!r} is not a date (use YYYY-MM-DD)", param_hint="--published")
    if kind is not None and kind not in INPUT_KINDS:
        raise typer.BadParameter(f"{kind!r}: use one of {', '.join(INPUT_KINDS)}", param_hint="--kind")
    settings = settings_for(db, batch_size=batch_size, default_published=published, home_country=home_country,
                            link_reports=link, input_kind=kind, event_model=event_model)
    try:
        store = Store(settings.db_url)
        with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                      TimeElapsedColumn(), console=err_console, disable=quiet, transient=True) as bar:
            task = bar.add_task("ingest", total=None)
            report = ingest(inputs, store, settings, on_article=lambda n: bar.advance(task, n))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for rej in report.rejections:
        err_console.print(f"[yellow]rejected[/yellow] {rej.source}: {rej.reason}" + (f" ({rej.detail})"
                                                                                    if rej.detail else ""))
    if not quiet:
        console.print(
            f"{report.read} read, {report.stored} stored, {report.duplicates} already known, "
            f"{len(report.rejections)} rejected; {report.incidents} incident reports: {report.new_incidents} new "
            f"incidents, {report.joined} joined a known one ({report.near_duplicates} near-duplicate articles); "
            f"{report.figures} figures -> {store.url}")
