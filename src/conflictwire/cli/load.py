"""`conflictwire load`: a `run`'s Parquet tables into the store, linked as `ingest` links."""

from __future__ import annotations

from typing import Annotated

import typer

from ..engines import load, read_manifest
from ._app import DbOption, app, settings_for
from .ingest import store_with_progress


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

    def expected() -> int | None:
        manifest = read_manifest(output)  # checked before the database is opened (or created)
        return None if quiet else int(manifest.get("read", 0) + manifest.get("rejections", 0))

    store_with_progress(settings, quiet, "load", expected,
                        lambda store, advance: load(output, store, settings, on_article=advance))
