"""`conflictwire info`: what a run would use: database, gazetteer, event-type model, spaCy model.

A new user's first question after "did it install?" is "which files is it reading?". `info()`
answers from the settings alone: it opens no database, builds no gazetteer and loads no model.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.engine import make_url

from .. import __version__
from ..config import Settings
from ..errors import ModelError
from ..geo import Gazetteer, shipped_resolution_model
from ..nlp import model_name
from ._app import DbOption, app, console, settings_for

__all__ = ["info", "info_cli"]


def info(settings: Settings) -> dict[str, str]:
    """The paths and models a run with these settings uses, each with its state, as text."""
    gaz = settings.gazetteer_file
    model = settings.event_model_file
    origin = "shipped with the package" if settings.event_model is None else "set by the user"
    geo = settings.geo_model or shipped_resolution_model()
    geo_origin = "shipped with the package" if settings.geo_model is None else "set by the user"
    try:
        spacy_model = model_name(settings)
    except ModelError:
        spacy_model = f"none installed (tried {', '.join(settings.spacy_models)})"
    return {
        "version": __version__,
        "database": make_url(settings.db_url).render_as_string(hide_password=True),
        "gazetteer": f"{gaz} ({'built' if Gazetteer.is_built(gaz) else 'not built yet: the first run builds it'})",
        "event model": f"{model} ({origin}{'' if model.is_file() else '; MISSING'})",
        "geo resolution model": f"{geo} ({geo_origin}{'' if geo.is_file() else '; MISSING'})",
        "trained models go to": str(settings.trained_event_model_file),
        "spaCy model": spacy_model,
        "cache folder": str(settings.cache_dir),
    }


@app.command("info")
def info_cli(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show the version, database, gazetteer, event-type and geo resolution models and spaCy model a run would use."""
    facts = info(settings_for(db))
    if as_json:
        console.print_json(data=facts)
        return
    table = Table(show_header=False, title="conflictwire")
    for key, value in facts.items():
        table.add_row(key, value)
    console.print(table)
