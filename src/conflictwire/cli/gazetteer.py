"""`conflictwire gazetteer import|stats|lookup`: build, extend and inspect the local gazetteer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..geo import Gazetteer, build_default, import_file
from ._app import app, console, err_console, settings_for

__all__ = ["gazetteer_app"]

gazetteer_app = typer.Typer(help="Build, extend and inspect the local gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

NOT_FOUND = 1  # exit status of a lookup that found nothing (2 stays for usage errors)
GazOption = Annotated[Path | None, typer.Option("--gazetteer", help="Gazetteer file (default: the cached one).")]


@gazetteer_app.command("import")
def import_cli(
    files: Annotated[list[Path], typer.Argument(help="GeoNames dumps, ACLED/UCDP CSVs or custom place CSVs.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="geonames, geonames-alternates, geonames-admin, acled, ucdp or custom."),
    ] = None,
    gazetteer: GazOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the packaged base first.")] = False,
) -> None:
    """Add places to the gazetteer (built from the packaged GeoNames data on first use)."""
    settings = settings_for(None, gazetteer_path=gazetteer)
    if rebuild:
        build_default(settings.gazetteer_file)
    with Gazetteer.open(settings) as gaz:
        for f in files:
            n = import_file(gaz, f, fmt)
            console.print(f"{f}: {n} rows imported into {gaz.path}")


@gazetteer_app.command("stats")
def stats_cli(gazetteer: GazOption = None) -> None:
    """Counts of places and names by source and feature code."""
    with Gazetteer.open(settings_for(None, gazetteer_path=gazetteer)) as gaz:
        console.print_json(json.dumps(gaz.stats()))


@gazetteer_app.command("lookup")
def lookup_cli(
    name: Annotated[str, typer.Argument(help="A place name in any common spelling.")],
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-2 filter.")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 10,
    gazetteer: GazOption = None,
) -> None:
    """Candidates for a name, best known first (exits 1 when the gazetteer has no place of that name)."""
    with Gazetteer.open(settings_for(None, gazetteer_path=gazetteer)) as gaz:
        found = gaz.lookup(name, country=country, limit=limit)
        if not found:
            where = f" in country {country.upper()}" if country else ""
            err_console.print(f"{name!r} is not in the gazetteer{where} ({gaz.path}): no place has that name "
                              "or a spelling of it; add places with `conflictwire gazetteer import`",
                              soft_wrap=True, markup=False)
            raise typer.Exit(NOT_FOUND)
        for c in found:
            console.print(
                f"{c.name}\t{c.feature_code}\t{c.country or ''}\t{c.admin1 or ''}\t"
                f"{c.latitude}\t{c.longitude}\tpop={c.population}\tgeonameid={c.geonameid or ''}\t{c.source}"
            )
