"""`conflictwire train ...`: rebuild the project's learned artefacts from ../shared/data.

Thin by design: options in, one library call, a summary out. Everything the command
does is `conflictwire.extract.classifier.train_event_types()`, callable from Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, err_console

__all__ = ["train_app", "train_event_types_cli"]

train_app = typer.Typer(help="Train the project's models from the shared data (reproducible, offline).",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")


@train_app.command("event-types")
def train_event_types_cli(
    shared: Annotated[
        Path, typer.Option("--shared", help="The shared/ folder holding data/.")
    ] = Path("../shared"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Artefact path (default: the one shipped in conflictwire/data)."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", help="k for the k-fold figures; 0 skips them.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
) -> None:
    """Train the event-type classifier (25 ACLED sub-event types + NONE) and write its provenance."""
    from ..errors import ConflictwireError
    from ..extract.classifier import train_event_types

    command = f"conflictwire train event-types --shared {shared} --folds {folds} --seed {seed}"
    if out is not None:
        command += f" --out {out}"
    try:
        metrics = train_event_types(shared, out, folds=folds, seed=seed, command=command)
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    for part in ("cv", "cv_prior_corrected_nested", "in_sample"):
        figures = metrics.get(part, {})
        if figures:
            shown = ", ".join(f"{k}={v:.3f}" for k, v in figures.items() if isinstance(v, float))
            console.print(f"{part}: {shown}")
    console.print(f"wrote {metrics['artefact']} ({metrics['artefact_bytes'] / 1e6:.1f} MB) "
                  f"and {metrics['provenance']}")
