"""`conflictwire ingest`: read documents, extract incidents, store them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..config import Settings
from ..errors import ConflictwireError
from ..ingest import parse_published
from ..ingest.readers import INPUT_KINDS, estimate_total
from ..pipeline import IngestReport, ingest
from ..store import Store
from ._app import DbOption, HomeCountryOption, app, console, err_console, settings_for, shown_db

ALL_REJECTED = 1  # exit status when every input was rejected (2 stays for usage and configuration errors)
NOTICE_EXAMPLES = 3  # a notice names this many documents, then says how many more


class RateColumn(ProgressColumn):
    """Documents per second over Rich's recent window ('…' until two updates have been seen)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


def _progress(quiet: bool) -> Progress:
    """The bar on stderr: a total and an ETA when the input size is known, always the count and rate."""
    return Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                    RateColumn(), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                    console=err_console, disable=quiet, transient=True)


def _print_outcome(report: IngestReport, quiet: bool, url: str) -> None:
    """Each rejection on one whole line (file and reason), legacy decodings as notices, then the summary."""
    for rej in report.rejections:
        line = f"{rej.source}: {rej.reason}" + (f" ({rej.detail})" if rej.detail else "")
        # soft_wrap: a long path is never folded across lines; escape: "[final].txt" is not markup
        err_console.print(f"[yellow]rejected[/yellow] {escape(line)}", soft_wrap=True)
    if not quiet:
        for encoding, origins in sorted(report.decoded.items()):
            named = ", ".join(origins[:NOTICE_EXAMPLES])
            more = f" and {len(origins) - NOTICE_EXAMPLES:,} more" if len(origins) > NOTICE_EXAMPLES else ""
            err_console.print(f"[cyan]note[/cyan] not UTF-8, decoded as {escape(encoding)} (detected): "
                              f"{escape(named)}{more}", soft_wrap=True)
        rejected = f"{len(report.rejections)} rejected" + (" (see above)" if report.rejections else "")
        if report.resumed:
            console.print(f"resumed an interrupted run: its first {report.resumed} items were stored already",
                          soft_wrap=True, markup=False)
        console.print(
            f"{report.read} read, {report.stored} stored, {report.duplicates} already known, {rejected}; "
            f"{report.incidents} incident reports: {report.new_incidents} new incidents, {report.joined} joined "
            f"a known one ({report.near_duplicates} near-duplicate articles); {report.figures} figures"
            + (f"; {report.cascade_skipped} articles not parsed (cascade)" if report.cascade_skipped else "")
            + f" -> {url}",
            soft_wrap=True, markup=False)


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, feeds, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs with none.")] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per database transaction.")] = 50,
    home_country: HomeCountryOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="What the inputs are: 'news', or 'acled-note' (ACLED coders' notes, whose remarks such "
        "as '7 fatalities coded' are read). Default: each record's 'kind' field, else news unless it carries "
        "an ACLED event id on a short untitled text.")] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link each report to the stored reports of the "
                                       "same incident (default), or keep every report its own incident until "
                                       "`conflictwire relink`.")] = True,
    max_bytes: Annotated[int | None, typer.Option(
        "--max-bytes", min=1, help="Reject a file larger than this many bytes (JSONL and CSV files of records "
        "excepted). Default: $CONFLICTWIRE_MAX_BYTES or 5000000.")] = None,
    max_seconds: Annotated[float | None, typer.Option(
        "--max-seconds", min=0, help="Reject a document whose processing takes longer than this many seconds "
        "(it is stopped, recorded as over-budget, and the batch goes on; 0: no limit). "
        "Default: $CONFLICTWIRE_MAX_SECONDS or 60.")] = None,
    event_model: Annotated[Path | None, typer.Option(
        "--event-model", help="Event-type model to use (e.g. one made by `conflictwire train event-types`). "
        "Default: $CONFLICTWIRE_EVENT_MODEL, else the model shipped with the package.")] = None,
    cascade: Annotated[bool | None, typer.Option(
        "--cascade/--no-cascade", help="Relevance cascade: a cheap model skips the full NLP of articles that "
        "report no event (they are stored with a note; ingest them again with --no-cascade into a fresh "
        "database to extract everything). Default: off, or $CONFLICTWIRE_CASCADE=1.")] = None,
    relevance_model: Annotated[Path | None, typer.Option(
        "--relevance-model", help="The cascade's model (e.g. one made by `conflictwire train relevance`). "
        "Default: the model shipped with the package.")] = None,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Processes that run the pipeline (each loads its own models, about 0.6 GB); "
        "this process writes to the database.")] = 1,
) -> None:
    """Ingest articles: extract incidents, figures and places into the database (re-ingest is a no-op).

    Exits 1 when inputs were given but every one was rejected; a run that stored or
    already knew some of them exits 0, and names each rejection. A run of files or folders
    that was interrupted (killed, a crash, a full disk) resumes where its last committed
    batch ended when the same command is run again.
    """
    if published and parse_published(published) is None:
        raise typer.BadParameter(f"{published!r} is not a date (use YYYY-MM-DD)", param_hint="--published")
    if kind is not None and kind not in INPUT_KINDS:
        raise typer.BadParameter(f"{kind!r}: use one of {', '.join(INPUT_KINDS)}", param_hint="--kind")
    settings = settings_for(db, batch_size=batch_size, default_published=published, home_country=home_country,
                            link_reports=link, input_kind=kind, max_document_bytes=max_bytes,
                            event_model=event_model, max_document_seconds=max_seconds, cascade=cascade,
                            workers=workers, relevance_model=relevance_model)
    store_with_progress(settings, quiet, "ingest", lambda: None if quiet else estimate_total(inputs),
                        lambda store, advance: ingest(inputs, store, settings, on_article=advance))


def store_with_progress(settings: Settings, quiet: bool, label: str, total: Callable[[], int | None],
                        work: Callable[[Store, Callable[[int], None]], IngestReport]) -> None:
    """Open the store, run `work` under a progress bar and print what it did.

    Shared by the commands that write articles (`ingest`, `load`): an error exits 2 with its
    message, and a run whose every input was rejected exits ALL_REJECTED.
    """
    try:
        expected = total()  # read before the database is opened (or created): a bad input stops here
        store = Store(settings.db_url, busy_timeout=settings.db_busy_timeout)
        with _progress(quiet) as bar:
            task = bar.add_task(label, total=expected)
            report = work(store, lambda n: bar.advance(task, n))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    _print_outcome(report, quiet, shown_db(store.url))
    if report.all_rejected:
        err_console.print(f"[red]nothing stored:[/red] every input was rejected ({len(report.rejections)})")
        raise typer.Exit(ALL_REJECTED)
