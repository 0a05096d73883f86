"""`conflictwire train ...`: rebuild the project's learned artefacts from ../shared/data.

Thin by design: options in, one library call, a summary out. Everything the command
does is `conflictwire.training.train_event_types()`, callable from Python.
The model goes to the user's data folder unless `--out` names a path: training never
replaces the model installed with the package (maintainers rebuild it with `make model`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, err_console, settings_for

__all__ = ["train_app", "train_event_types_cli", "usage_hint"]

train_app = typer.Typer(help="Train the project's models from the shared data (reproducible, offline).",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")


def usage_hint(model: Path) -> str:
    """How to run with a trained model: the environment variable, or the option of `ingest`."""
    return (f"use it with CONFLICTWIRE_EVENT_MODEL={model} conflictwire ingest ... "
            f"(or conflictwire ingest --event-model {model} ...)")


@train_app.command("event-types")
def train_event_types_cli(
    shared: Annotated[
        Path, typer.Option("--shared", help="The shared/ folder holding data/.")
    ] = Path("../shared"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Artefact path (default: event_types.npz in the user's data folder, "
                     "$XDG_DATA_HOME/conflictwire or ~/.local/share/conflictwire; never the installed package)."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", help="k for the k-fold figures; 0 skips them.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
) -> None:
    """Train the event-type classifier (25 ACLED sub-event types + NONE) and write its provenance."""
    from ..errors import ConflictwireError
    from ..training import train_event_types

    target = out if out is not None else settings_for(None).trained_event_model_file
    command = f"conflictwire train event-types --shared {shared} --folds {folds} --seed {seed}"
    if out is not None:
        command += f" --out {out}"
    try:
        metrics = train_event_types(shared, target, folds=folds, seed=seed, command=command)
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        err_console.print(f"[red]error:[/red] cannot write {target}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    for part in ("cv", "cv_prior_corrected_nested", "in_sample"):
        figures = metrics.get(part, {})
        if figures:
            shown = ", ".join(f"{k}={v:.3f}" for k, v in figures.items() if isinstance(v, float))
            console.print(f"{part}: {shown}")
    console.print(f"wrote {metrics['artefact']} ({metrics['artefact_bytes'] / 1e6:.1f} MB) "
                  f"and {metrics['provenance']}")
    console.print(usage_hint(Path(metrics["artefact"])))
    active = settings_for(None)
    origin = "the shipped model" if active.event_model is None else "$CONFLICTWIRE_EVENT_MODEL"
    console.print(f"runs load {active.event_model_file} now ({origin})")
