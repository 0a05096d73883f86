"""`conflictwire token create|list|revoke`: the API's tokens (a write to the service needs one)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ._app import DbOption, app, console, err_console, read_store

__all__ = ["token_app"]

token_app = typer.Typer(help="Create, list and revoke API tokens (writes to the service need one).",
                        no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def create_cli(
    name: Annotated[str, typer.Argument(help="Who or what the token is for (shown by `token list`).")],
    db: DbOption = None,
) -> None:
    """Create a token and print it once: only its hash is stored, so it cannot be shown again."""
    name = name.strip()
    if not name or len(name) > 128:
        raise typer.BadParameter("give a name of 1 to 128 characters", param_hint="NAME")
    info, secret = read_store(db).create_token(name)
    err_console.print(f"token {info.prefix}… for {info.name!r} (id {info.id}); keep it now, it is not shown again:")
    console.print(secret, soft_wrap=True, markup=False, highlight=False)


@token_app.command("list")
def list_cli(db: DbOption = None) -> None:
    """List tokens by id, name and shown prefix, with when each was created, last used and revoked."""
    table = Table()
    for col in ("id", "name", "prefix", "created", "last used", "revoked"):
        table.add_column(col)
    for t in read_store(db).tokens():
        table.add_row(str(t.id), t.name, t.prefix, _when(t.created_at), _when(t.last_used_at), _when(t.revoked_at))
    console.print(table)


@token_app.command("revoke")
def revoke_cli(
    ident: Annotated[str, typer.Argument(help="The token's shown prefix (cw_...), its id or its name.")],
    db: DbOption = None,
) -> None:
    """Revoke the active tokens whose prefix, id or name is IDENT; exit status 1 when none matched."""
    gone = read_store(db).revoke_token(ident)
    if not gone:
        err_console.print(f"[red]error:[/red] no active token {ident!r} (see `conflictwire token list`)")
        raise typer.Exit(1)
    for t in gone:
        console.print(f"revoked {t.prefix}… ({t.name}, id {t.id})")


def _when(at: object) -> str:
    return str(at)[:19] if at else ""
