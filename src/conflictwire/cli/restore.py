"""`conflictwire import`: restore a backup made by `conflictwire export --format backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConflictwireError
from ..store import Store
from ..store.backup import restore
from ._app import DbOption, app, console, err_console, settings_for, shown_db


@app.command("import")
def import_cli(
    backup: Annotated[Path, typer.Argument(help="A backup file (`conflictwire export --format backup -o FILE`).")],
    db: DbOption = None,
    into_existing: Annotated[bool, typer.Option(
        "--into-existing", help="Add the backup's rows to a database that already holds some (refused by "
        "default; a row whose key is taken then aborts the whole import).")] = False,
) -> None:
    """Restore a backup into an empty database, in one transaction: all of it or nothing."""
    if not backup.is_file():  # checked before the target is opened: a typo must not create a database
        err_console.print(f"[red]error:[/red] {escape(str(backup))}: no such file", soft_wrap=True)
        raise typer.Exit(2)
    url = settings_for(db).db_url
    target = Store.sqlite_file(url)
    new_file = target is not None and not target.exists()
    store: Store | None = None
    try:
        store = Store(url)
        counts = restore(store, backup, into_existing=into_existing)
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        if new_file and target is not None:  # a failed restore into a new file leaves no empty database
            if store is not None:
                store.close()
            for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise typer.Exit(2) from exc
    held = ", ".join(f"{n:,} {name}" for name, n in counts.items() if n)
    console.print(f"restored {sum(counts.values()):,} rows ({held or 'an empty backup'}) -> {shown_db(store.url)}",
                  soft_wrap=True, markup=False)
