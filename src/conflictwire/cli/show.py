"""`conflictwire show ID`: one incident with its evidence highlighted in the article text."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..models import Incident
from ._app import DbOption, app, console, err_console, read_store

FIELD_STYLES = ["bold red", "bold green", "bold blue", "bold magenta", "bold cyan", "bold yellow"]


@app.command("show")
def show_cli(
    incident_id: Annotated[str, typer.Argument(help="Incident id (see `conflictwire incidents`).")],
    db: DbOption = None,
    context: Annotated[int, typer.Option(help="Characters of article text around the evidence.")] = 400,
    history: Annotated[bool, typer.Option("--history", help="Also print the incident's version log.")] = False,
) -> None:
    """Show one incident: every field, the reports it was built from and why each joined, and the
    article text with the spans that support each field."""
    store = read_store(db)
    inc = store.get_incident(incident_id)
    if inc is None:
        err_console.print(f"[red]error:[/red] no incident {incident_id!r}")
        raise typer.Exit(1)
    if inc.id != incident_id:
        err_console.print(f"{incident_id} was merged into {inc.id}")
    fields = Table(show_header=False, box=None)
    for key, value in inc.to_row().items():
        if value not in (None, "", []):
            fields.add_row(f"[bold]{key}[/bold]", str(value))
    for name, o in sorted(inc.overrides.items()):
        fields.add_row(f"[bold]{name}[/bold]", f"{getattr(inc, name)!r}: set by {o['by']} ({o['why']}); "
                                               f"machine: {o['machine']!r}")
    console.print(Panel(fields, title=f"incident {inc.id}" + (f" [{inc.review_status}]" if inc.review_status
                                                               else "")))
    console.print(reports_table(inc))
    if inc.reviews:
        console.print(reviews_table(inc))
    for aid in inc.article_ids:
        copies = [f"{other} ({sim:.2f})" for other, sim in store.near_duplicates(aid) if other in inc.article_ids]
        if copies:
            console.print(f"{aid} is a near-duplicate text of {', '.join(copies)} (syndicated copy or update)")
    if history:
        console.print(history_table(inc))
    styles: dict[str, str] = {}
    for aid in inc.article_ids:
        article = store.get_article(aid)
        if article is None:
            continue
        spans = [ev for ev in inc.evidence if ev.article_id == aid]
        if not spans:
            continue
        lo = max(0, min(ev.start for ev in spans) - context)
        hi = min(len(article.text), max(ev.end for ev in spans) + context)
        text = Text(("…" if lo else "") + article.text[lo:hi] + ("…" if hi < len(article.text) else ""))
        shift = 1 if lo else 0
        legend = Table(show_header=True, header_style="bold")
        legend.add_column("field")
        legend.add_column("evidence")
        for ev in spans:
            style = styles.setdefault(ev.field, FIELD_STYLES[len(styles) % len(FIELD_STYLES)])
            text.stylize(f"{style} underline", ev.start - lo + shift, ev.end - lo + shift)
            legend.add_row(Text(ev.field, style=style), f"[{ev.start}:{ev.end}] {ev.text}")
        console.print(Panel(text, title=f"article {aid}" + (f" — {article.title}" if article.title else "")))
        console.print(legend)


def reports_table(inc: Incident) -> Table:
    """One row per report: its outlet, its own figures and claimant, and why it joined."""
    table = Table(title=f"{len(inc.mentions)} report(s)", show_lines=True)
    for col in ("article", "outlet", "published", "date", "type", "place", "killed", "claimant", "joined because"):
        table.add_column(col)
    for m in inc.mentions:
        r = m.record
        killed = str(r.fatalities) + ("+" if r.fatalities_low is not None and r.fatalities_high is None else "")
        why = "first report" if m.link_score is None else (
            f"score {m.link_score:.2f} against {m.linked_to}:\n" + "\n".join(m.link_reasons))
        table.add_row(m.article_id, m.outlet, str(m.published or ""), str(r.event_date or ""), r.sub_event_type,
                      r.location, killed, r.claimant, why)
    return table


def reviews_table(inc: Incident) -> Table:
    """The review log: who did what to which field, from what to what, when and why."""
    table = Table(title=f"{len(inc.reviews)} review(s)", show_lines=True)
    for col in ("when", "by", "action", "field", "old", "new", "why"):
        table.add_column(col)
    for r in inc.reviews:
        table.add_row(str(r["at"])[:19], r["by"], r["action"], r["field"] or "",
                      "" if r["old"] is None else str(r["old"]), "" if r["new"] is None else str(r["new"]), r["why"])
    return table


def history_table(inc: Incident) -> Table:
    """The version log: what each article or command changed, when."""
    table = Table(title="history", show_lines=True)
    for col in ("when", "cause", "what"):
        table.add_column(col)
    for h in inc.history:
        change = h["change"]
        if h["cause"] == "reconciled":
            what = "; ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in change.get("fields", {}).items())
            if change.get("article_ids"):
                what += f" (after {', '.join(change['article_ids'])})"
        elif h["cause"] == "reviewed":
            what = (f"{change.get('action')} by {change.get('by')}"
                    + (f": {change.get('field')} {change.get('old')!r} -> {change.get('new')!r}"
                       if change.get("field") else "") + f" ({change.get('why')})")
        elif h["cause"] == "linked":
            what = (f"report of {change.get('article_id')} ({change.get('outlet') or 'no outlet'}) joined, "
                    f"score {change.get('score')}, by {change.get('by')}")
        else:
            what = f"extracted from {change.get('article_id')} ({change.get('outlet') or 'no outlet'})"
        table.add_row(str(h["at"])[:19], h["cause"], what)
    return table
