"""`conflictwire geoparse`: toponyms with coordinates, one JSON line per document."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConflictwireError
from ..geo import Geoparser, geoparse_articles
from ..ingest import read_inputs
from ..models import Rejection
from ._app import HomeCountryOption, app, err_console, settings_for

__all__ = ["geoparse_cli"]


@app.command("geoparse")
def geoparse_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs or '-' for stdin (as `ingest`).")],
    fmt: Annotated[str, typer.Option("--format", help="Output format (only jsonl).")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    gazetteer: Annotated[
        Path | None, typer.Option("--gazetteer", help="Gazetteer file (default: the cached one).")
    ] = None,
    ner: Annotated[
        bool, typer.Option("--ner/--no-ner", help="Also use spaCy's entities (more precise, much slower).")
    ] = False,
    unresolved: Annotated[
        bool, typer.Option("--unresolved/--resolved-only", help="Also list names without coordinates.")
    ] = False,
    home_country: HomeCountryOption = None,
) -> None:
    """Find and resolve place names; offsets index the document text as given."""
    if fmt != "jsonl":
        raise typer.BadParameter(f"unknown format {fmt!r} (only jsonl)", param_hint="--format")
    settings = settings_for(None, gazetteer_path=gazetteer, home_country=home_country)
    try:
        parser = Geoparser.from_settings(settings)
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    nlp = None
    if ner:
        from ..nlp import build_nlp

        nlp = build_nlp(settings)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115 - closed below
    try:
        items = read_inputs(inputs, settings, clean=False)
        for rec in geoparse_articles(items, parser, include_unresolved=unresolved, nlp=nlp):
            if isinstance(rec, Rejection):
                err_console.print(f"[yellow]skipped[/] {escape(f'{rec.source}: {rec.reason} {rec.detail}'.rstrip())}",
                                  soft_wrap=True)  # whole on one line, brackets in a path kept
                continue
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
        parser.gazetteer.close()
