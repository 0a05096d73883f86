"""The Typer application and shared CLI helpers.

Commands live one per module and only parse options, then call the library
(see STYLE.md: the CLI adapts the library, it never owns it).
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..config import Settings, database_url
from ..errors import ConfigError, StoreError
from ..store import Store

__all__ = ["DbOption", "date_option", "HomeCountryOption", "app", "console", "err_console", "read_store",
           "settings_for", "shown_db"]

app = typer.Typer(
    name="conflictwire",
    help="Turn conflict news into a structured, geocoded, sourced incident database.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
console = Console()
if not console.is_terminal and "COLUMNS" not in os.environ:
    console = Console(width=180)  # piped or logged (make demo in CI): tables stay readable, not folded
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file path or database URL (default: $CONFLICTWIRE_DB or conflictwire.db)."),
]
HomeCountryOption = Annotated[
    str | None,
    typer.Option("--home-country", help="ISO alpha-2 code of the country the inputs are about (e.g. IQ): "
                 "its places win ties against namesakes abroad. Default: $CONFLICTWIRE_HOME_COUNTRY or none."),
]


def settings_for(db: str | None = None, **overrides: object) -> Settings:
    """Build the one Settings object a command passes down; a bad CONFLICTWIRE_* value is a usage error (2)."""
    try:
        return Settings.from_env(db_url=database_url(db), **overrides)
    except ConfigError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    """Configure logging here only: the library never touches the root logger."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def read_store(db: str | None) -> Store:
    """The store a reading command opens: an existing conflictwire database, never a new one.

    A mistyped `--db` is a usage error (exit 2) that names the path, and leaves no file behind.
    """
    try:
        return Store(settings_for(db).db_url, create=False)
    except StoreError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc


def shown_db(url: str) -> str:
    """The database as a person would name it: a SQLite file under the working folder by its relative
    path, any other URL with its password hidden (the summary line is pasted into tickets and logs)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return parsed.render_as_string(hide_password=True)


def date_option(value: str | None, hint: str) -> date | None:
    """A YYYY-MM-DD option as a date (None when absent); anything else is a clear usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)", param_hint=hint) from exc


def existing_path(value: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise typer.BadParameter(f"{value}: no such file or directory")
    return path
