"""`conflictwire train ...`: rebuild the project's learned artefacts from ../shared/data.

Thin by design: options in, one library call, a summary out. Everything the command
does is `conflictwire.training.train_event_types()`, callable from Python.
The model goes to the user's data folder unless `--out` names a path: training never
replaces the model installed with the package (maintainers rebuild it with `make model`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, console, err_console, settings_for

__all__ = ["train_app", "train_encoder_cli", "train_event_types_cli", "train_geo_resolution_cli", "train_relevance_cli",
           "usage_hint"]

train_app = typer.Typer(help="Train the project's models from the shared data (reproducible, offline).",
                        no_args_is_help=True)
app.add_typer(train_app, name="train")


# the folder every training command reads its data sets from
SharedOption = Annotated[Path, typer.Option("--shared", help="The shared/ folder holding data/.")]


@contextmanager
def failures_exit(target: Path) -> Iterator[None]:
    """A training failure (bad data, a file that cannot be written) becomes one error line and exit code 1."""
    from ..errors import ConflictwireError

    try:
        yield
    except ConflictwireError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        err_console.print(f"[red]error:[/red] cannot write {target}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc


def usage_hint(model: Path) -> str:
    """How to run with a trained model: the environment variable, or the option of `ingest`."""
    return (f"use it with CONFLICTWIRE_EVENT_MODEL={model} conflictwire ingest ... "
            f"(or conflictwire ingest --event-model {model} ...)")


@train_app.command("event-types")
def train_event_types_cli(
    shared: SharedOption = Path("../shared"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Artefact path (default: event_types.npz in the user's data folder, "
                     "$XDG_DATA_HOME/conflictwire or ~/.local/share/conflictwire; never the installed package)."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", help="k for the k-fold figures; 0 skips them.")] = 5,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
) -> None:
    """Train the event-type classifier (25 ACLED sub-event types + NONE) and write its provenance."""
    from ..training import train_event_types

    target = out if out is not None else settings_for(None).trained_event_model_file
    command = f"conflictwire train event-types --shared {shared} --folds {folds} --seed {seed}"
    if out is not None:
        command += f" --out {out}"
    with failures_exit(target):
        metrics = train_event_types(shared, target, folds=folds, seed=seed, command=command)
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


@train_app.command("relevance")
def train_relevance_cli(
    shared: SharedOption = Path("../shared"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Artefact path (default: relevance.npz in the user's data folder; "
                     "never the installed package). Use it with --relevance-model or Settings.relevance_model."),
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, help="k of the cross-validation that picks the "
                                       "threshold.")] = 5,
    target_recall: Annotated[float, typer.Option(
        "--target-recall", min=0.5, max=1.0, help="Share of each held-out source's positives the threshold "
        "keeps in cross-validation.")] = 0.995,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the fold split.")] = 0,
    teacher: Annotated[bool, typer.Option(
        "--teacher/--no-teacher", help="Label the India news and CASE snippets by whether the full pipeline "
        "finds an incident in them (default; runs the pipeline once, then cached), or by their gold labels.")] = True,
) -> None:
    """Train the relevance cascade's model (hashed n-grams + keyword counts, logistic regression)."""
    from ..nlp.relevance import RELEVANCE_MODEL_FILE
    from ..training.relevance import RelevanceParams, pipeline_teacher, train_relevance

    settings = settings_for(None)
    target = out if out is not None else settings.data_dir / RELEVANCE_MODEL_FILE
    command = (f"conflictwire train relevance --shared {shared} --folds {folds} --target-recall {target_recall} "
               f"--seed {seed}" + ("" if teacher else " --no-teacher") + (f" --out {out}" if out is not None else ""))
    params = RelevanceParams(folds=folds, target_recall=target_recall, seed=seed)

    def progress(msg: str) -> None:
        err_console.print(f"[dim]{msg}[/dim]")

    with failures_exit(target):
        metrics = train_relevance(shared, target, params=params, command=command, progress=progress,
                                  teacher=pipeline_teacher(settings, progress) if teacher else None)
    console.print(f"threshold {metrics['threshold']:.4f} (cross-validated, {folds} folds)")
    for part in ("cv", "kept_aside_figures"):
        for source, fig in metrics[part].items():
            shown = ", ".join(f"{k}={v}" for k, v in fig.items() if v is not None)
            console.print(f"{part} {source}: {shown}")
    console.print(f"wrote {metrics['artefact_path']} ({metrics['artefact_bytes'] / 1e6:.2f} MB) "
                  f"and {metrics['provenance_path']}")


@train_app.command("geo-resolution")
def train_geo_resolution_cli(
    shared: SharedOption = Path("../shared"),
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Artefact path (default: geo_resolution.npz in the user's data folder; never "
                     "the installed package). Use it with CONFLICTWIRE_GEO_MODEL or Settings.geo_model."),
    ] = None,
) -> None:
    """Fit the geoparser's resolution model (which gazetteer reading a name means) on LGL, GeoVirus and ACLED notes."""
    from ..geo import Gazetteer, Geoparser, ResolutionModel
    from ..geo._model import RESOLUTION_MODEL_FILE
    from ..reference import Reference
    from ..training.geo_resolution import load_geo_docs, train_geo_resolution

    settings = settings_for(None)
    target = out if out is not None else settings.data_dir / RESOLUTION_MODEL_FILE
    command = f"conflictwire train geo-resolution --shared {shared}" + (f" --out {out}" if out is not None else "")

    def progress(msg: str) -> None:
        err_console.print(f"[dim]{msg}[/dim]")

    parser = None
    try:
        with failures_exit(target):
            load_geo_docs(shared)  # a wrong --shared fails before the gazetteer is opened (or built)
            reference = Reference.load()
            # the rules' defaults (no home country): the model is fitted for every collection; the
            # model in use is not read, so a missing or broken one can be replaced
            parser = Geoparser(Gazetteer.open(settings, reference.places), places=reference.places,
                               model=ResolutionModel.blank())
            metrics = train_geo_resolution(shared, target, parser, command=command, progress=progress)
    finally:
        if parser is not None:
            parser.gazetteer.close()
    console.print(f"l2 {metrics['l2']} (cross-validated on folds 0-3)")
    for part in ("fitted_figures", "aside_figures"):
        shown = ", ".join(f"{k}={v}" for k, v in metrics[part].items())
        console.print(f"{part}: {shown}")
    console.print(f"wrote {metrics['artefact_path']} and {metrics['provenance_path']}")
    console.print(f"use it with CONFLICTWIRE_GEO_MODEL={metrics['artefact_path']} conflictwire ingest ...")


@train_app.command("encoder")
def train_encoder_cli(
    out: Annotated[Path, typer.Option("--out", help="Where to write the ONNX file (the shipped one is "
                                      "src/conflictwire/data/sentence_encoder.onnx: `make encoder`).")],
    fine_tune: Annotated[bool, typer.Option("--fine-tune", help="Experimental: first fine-tune the top layers on the "
                                            "event-type labels of --shared's data (a few minutes on 2 cores); "
                                            "measured no better than the shipped one (docs/event-types.md).")] = False,
    shared: SharedOption = Path("../shared"),
) -> None:
    """Export the packaged MiniLM to int8 ONNX for the runtime (maintainers; needs the encoder-build extra)."""
    from ..training.encoder import train_encoder

    command = f"conflictwire train encoder --out {out}" + (f" --fine-tune --shared {shared}" if fine_tune else "")
    with failures_exit(out):
        prov = train_encoder(out, command=command, fine_tune_on=shared if fine_tune else None)
    console.print(f"wrote {prov['artefact_path']} ({prov['artefact_bytes'] / 1e6:.1f} MB; cosine to the "
                  f"transformer at worst {prov['agreement_with_transformer']:.4f}) and {prov['provenance']}")
    console.print("retrain the event-type model on it: make model")
