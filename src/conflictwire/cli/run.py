"""`conflictwire run`: the pipeline over inputs into Parquet, here or on Spark (no database)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..engines import ENGINES, RunReport, run
from ..errors import ConflictwireError
from ..ingest import parse_published
from ..ingest.readers import INPUT_KINDS, estimate_total
from ._app import HomeCountryOption, app, console, err_console, settings_for


def _print_outcome(report: RunReport, output: str, quiet: bool) -> None:
    for rej in report.rejections:
        line = f"{rej.source}: {rej.reason}" + (f" ({rej.detail})" if rej.detail else "")
        err_console.print(f"[yellow]rejected[/yellow] {escape(line)}", soft_wrap=True)
    if not quiet:
        console.print(f"{report.read} read, {report.processed} processed, {report.duplicates} repeated, "
                      f"{len(report.rejections)} rejected; {report.incidents} incident reports, {report.figures} "
                      f"figures ({report.engine} engine, {report.partitions} partition(s)) -> {output}",
                      soft_wrap=True, markup=False)


@app.command("run")
def run_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs or feeds (as for ingest).")],
    output: Annotated[str, typer.Argument(help="Folder for the Parquet tables (new or empty); the last argument.")],
    engine: Annotated[str, typer.Option(help=f"Where the pipeline runs: {' or '.join(ENGINES)}.")] = "local",
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs with none.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch (load stores them in these batches, "
                                            "as ingest would).")] = 50,
    chunk_size: Annotated[int, typer.Option(min=1, help="Documents per chunk (a Spark task's unit).")] = 50,
    partitions: Annotated[int | None, typer.Option(min=1, help="Spark partitions (default: one per chunk).")] = None,
    home_country: HomeCountryOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="What the inputs are: 'news' or 'acled-note' "
                                             "(default: as ingest decides).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace an existing output folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Run the pipeline and write Parquet tables (articles, incidents, evidence, figures, places, rejections).

    `conflictwire load OUTPUT --db URL` then stores and links them as `ingest` would.
    Exits 1 when every input was rejected.
    """
    if engine not in ENGINES:
        raise typer.BadParameter(f"{engine!r}: use one of {', '.join(ENGINES)}", param_hint="--engine")
    if published and parse_published(published) is None:
        raise typer.BadParameter(f"{published!r} is not a date (use YYYY-MM-DD)", param_hint="--published")
    if kind is not None and kind not in INPUT_KINDS:
        raise typer.BadParameter(f"{kind!r}: use one of {', '.join(INPUT_KINDS)}", param_hint="--kind")
    settings = settings_for(None, batch_size=batch_size, default_published=published, home_country=home_country,
                            input_kind=kind)
    progress = Progress(TextColumn(f"[bold]run ({engine})"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("documents"), TimeElapsedColumn(), console=err_console,
                        disable=quiet or engine == "spark", transient=True)  # Spark prints its stages' progress
    try:
        with progress as bar:
            task = bar.add_task("run", total=None if quiet else estimate_total(inputs))
            report = run(inputs, output, settings, engine=engine, chunk_size=chunk_size, overwrite=overwrite,
                         partitions=partitions, on_documents=lambda n: bar.advance(task, n))
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from exc
    _print_outcome(report, output, quiet)
    if report.rejections and report.processed == 0 and report.duplicates == 0:
        err_console.print(f"[red]nothing processed:[/red] every input was rejected ({len(report.rejections)})")
        raise typer.Exit(1)
