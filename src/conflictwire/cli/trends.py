"""`conflictwire trends`: per region, this period against a baseline, the rises flagged (a thin layer over
`Store.trends`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..store import IncidentFilter, Trends
from ..store.trends import BASELINES, PERIODS
from ._app import DbOption, app, console, date_option, read_store


def trends_table(got: Trends, *, top: int) -> Table:
    """A table of the regions, flagged first (also what a report could print)."""
    assert got.current is not None and got.baseline is not None
    title = (f"{got.current.start} to {got.current.end} against {got.known_periods} of {got.baseline_periods} "
             f"{got.period}s before ({got.baseline.start} to {got.baseline.end})")
    table = Table(title=title, header_style="bold")
    for col in ("", "country", "admin1", "incidents", "per period before", "change", "killed", "killed before",
                "change (killed)"):
        table.add_column(col, justify="left" if col in ("", "country", "admin1") else "right")
    for a in got.areas[:top]:
        table.add_row("▲" if a.flagged else "", escape(a.country), escape(a.admin1),
                      f"[bold]{a.incidents}[/bold]" if a.incidents_rising else str(a.incidents),
                      f"{a.incidents_mean:.1f} ± {a.incidents_sd:.1f}", f"{a.incidents_change:+.1f}",
                      f"[bold]{a.fatalities}[/bold]" if a.fatalities_rising else str(a.fatalities),
                      f"{a.fatalities_mean:.1f} ± {a.fatalities_sd:.1f}", f"{a.fatalities_change:+.1f}")
    return table


@app.command("trends")
def trends_cli(
    db: DbOption = None,
    period: Annotated[str, typer.Option(help="week (7 days) or month (4 weeks).")] = "week",
    baseline: Annotated[int, typer.Option(help="Preceding periods to compare with: 4 or 52.")] = 4,
    end: Annotated[str | None, typer.Option(help="Last day of this period, YYYY-MM-DD (default: the latest "
                                                 "incident's date).")] = None,
    country: Annotated[str | None, typer.Option(help="Country name, e.g. Iraq.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Event type or sub-event type.")] = None,
    actor: Annotated[str | None, typer.Option(help="Substring of any actor name.")] = None,
    top: Annotated[int, typer.Option(help="At most this many regions.")] = 30,
) -> None:
    """Per region (admin1), incidents and fatalities this period against a baseline, rises flagged (▲)."""
    if period not in PERIODS:
        raise typer.BadParameter(f"use one of {', '.join(PERIODS)}", param_hint="--period")
    if baseline not in BASELINES:
        raise typer.BadParameter(f"use one of {', '.join(map(str, BASELINES))}", param_hint="--baseline")
    flt = IncidentFilter(country=country, event_type=event_type, actor=actor)
    got = read_store(db).trends(flt, end=date_option(end, "--end"), period=period,  # type: ignore[arg-type]
                                baseline=baseline)
    if got.current is None:
        console.print("No dated incident matches: nothing to compare.")
        return
    console.print(trends_table(got, top=top))
    rule = got.rule
    console.print(f"{len(got.flagged)} of {len(got.areas)} regions flagged (▲): at least {rule.min_incidents} "
                  f"incidents or {rule.min_fatalities} killed, at least the baseline mean + {rule.sds:g} sd and "
                  f"{rule.min_ratio:g} times the mean.")
