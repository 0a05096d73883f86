"""`conflictwire load`: a `run`'s Parquet tables into the store, linked as `ingest` links."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from ..engines import load, read_manifest
from ..errors import ConflictwireError
from ..store import Store
from ._app import DbOption, app, err_console, settings_for, shown_db
from .ingest import ALL_REJECTED, _print_outcome, _progress


@app.command("load")
def load_cli(
    output: Annotated[str, typer.Argument(help="The OUTPUT folder of `conflictwire run`.")],
    db: DbOption = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link each report to the stored reports of the "
                                       "same incident (default), as ingest does.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Store and link the output of `conflictwire run` (re-loading is a no-op, like re-ingest)."""
    settings = settings_for(db, link_reports=link)
    try:
        manifest = read_manifest(output)  # checked before the database is opened (or created)
        store = Store(settings.db_url)
        with _progress(quiet) as bar:
            task = bar.add_task("load", total=None if quiet else int(manifest.get("read", 0)
                                                                     + manifest.get("rejections", 0)))
            report = load(output, store, settings, on_article=lambda n: bar.advance(task, n))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    _print_outcome(report, quiet, shown_db(store.url))
    if report.all_rejected:
        err_console.print(f"[red]nothing stored:[/red] every input was rejected ({len(report.rejections)})")
        raise typer.Exit(ALL_REJECTED)
