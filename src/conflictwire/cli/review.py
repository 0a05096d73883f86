"""`conflictwire review accept|edit|reject|merge|split`: the review workflow from the command line.

Each command parses its options and calls one `Store.review_*` method; what a review may set
and how a value is read are the library's (`store.reviews`), as for the API. `--by` names the
reviewer (default: the login name) and `--why` is required: the log keeps who, when and why.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.markup import escape

from ..errors import ConflictwireError, UnknownIncident
from ..link import Linking
from ..models import Incident
from ._app import DbOption, app, console, err_console, read_store, settings_for

__all__ = ["review_app"]

review_app = typer.Typer(help="Review incidents: accept, edit a field, reject, merge two, split one "
                              "(each logged with who, when and why).", no_args_is_help=True)
app.add_typer(review_app, name="review")

IdArg = Annotated[str, typer.Argument(help="Incident id (see `conflictwire incidents`).")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who reviews (default: your login name).")]
WhyOption = Annotated[str, typer.Option("--why", help="Why: a note kept in the review log (required).")]


def _who(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container: the note must name someone
        raise typer.BadParameter("no login name found; say who reviews with --by", param_hint="--by") from None


def _do(action: Callable[[], Any]) -> Any:
    """Run a review; a refused one is an error that says why (1 for an unknown id, 2 for a bad review)."""
    try:
        return action()
    except UnknownIncident as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(1) from exc
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc


def _said(inc: Incident, what: str) -> None:
    console.print(f"{inc.id}: {what}" + (f" [{inc.review_status}]" if inc.review_status else ""), soft_wrap=True)


@review_app.command("accept")
def accept_cli(incident_id: IdArg, why: WhyOption, db: DbOption = None, by: ByOption = None) -> None:
    """Mark an incident accepted (checked by a person; also undoes an earlier reject)."""
    inc = _do(lambda: read_store(db).review_accept(incident_id, _who(by), why))
    _said(inc, "accepted")


@review_app.command("reject")
def reject_cli(incident_id: IdArg, why: WhyOption, db: DbOption = None, by: ByOption = None) -> None:
    """Mark an incident rejected: kept, but left out of lists and exports (see --include-rejected)."""
    inc = _do(lambda: read_store(db).review_reject(incident_id, _who(by), why))
    _said(inc, "rejected")


@review_app.command("edit")
def edit_cli(
    incident_id: IdArg,
    field: Annotated[str, typer.Argument(help="The field to set, e.g. fatalities, event_date, location.")],
    value: Annotated[str, typer.Argument(help="Its new value, read as the field's type ('' empties an "
                                              "optional field).")],
    why: WhyOption,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Set one field by hand; the edit survives re-extraction and relinking, and the machine's value stays
    in the log."""
    inc = _do(lambda: read_store(db).review_edit(incident_id, field, value, _who(by), why))
    _said(inc, f"{field} = {getattr(inc, field)!r} (machine: {inc.overrides[field]['machine']!r})")


@review_app.command("merge")
def merge_cli(
    first: Annotated[str, typer.Argument(help="One incident id.")],
    second: Annotated[str, typer.Argument(help="The other incident id.")],
    why: WhyOption,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Merge two incidents into one; their reports stay together on every relink."""
    settings = settings_for(db)
    inc = _do(lambda: read_store(db).review_merge(first, second, _who(by), why,
                                                  linking=Linking.from_settings(settings)))
    _said(inc, f"merged, {len(inc.mentions)} report(s) from {', '.join(inc.article_ids)}")


@review_app.command("split")
def split_cli(
    incident_id: IdArg,
    parts: Annotated[list[str], typer.Argument(help="Report (mention) ids or article ids to move out.")],
    why: WhyOption,
    db: DbOption = None,
    by: ByOption = None,
) -> None:
    """Split reports out of an incident into one of their own; the two never rejoin on a relink."""
    settings = settings_for(db)
    made = _do(lambda: read_store(db).review_split(incident_id, parts, _who(by), why,
                                                   linking=Linking.from_settings(settings)))
    for inc in made:
        _said(inc, f"{len(inc.mentions)} report(s) from {', '.join(inc.article_ids)}")
