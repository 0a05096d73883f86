"""`load`: a `run`'s Parquet tables into the store, stored and linked exactly as `ingest` does it.

Why through `pipeline.ingest_items`: storing is more than inserting rows (skipping
known texts, one transaction per batch, linking each batch against what is stored,
recording rejections, the report's counts).  `load` replays the documents in their
input order, in the batches `ingest` would have made, and hands `ingest_items` a
stand-in pipeline that returns the results the run computed instead of computing
them.  So a load cannot drift from an ingest: it is the same code path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConflictwireError
from ..models import Article, ArticleResult, Rejection
from . import tables
from .run import FORMAT_VERSION, MANIFEST

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import IngestReport
    from ..store import Store

__all__ = ["load", "read_manifest", "read_table", "replay"]

WINDOW = 2_000  # documents read from the tables at a time: a load's memory does not grow with the output


def read_manifest(output: str | Path) -> dict[str, Any]:
    """The manifest a `run` wrote; a folder without one (or of another format) is refused by name."""
    folder = Path(output)
    path = folder / MANIFEST
    if not folder.is_dir():
        raise ConflictwireError(f"{folder}: no such folder (give the OUTPUT folder of `conflictwire run`)")
    if not path.is_file():
        raise ConflictwireError(f"{folder}: not the output of `conflictwire run` (no {MANIFEST})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConflictwireError(f"{path}: unreadable ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        raise ConflictwireError(f"{path}: format {data.get('format') if isinstance(data, dict) else '?'} "
                                f"is not the one this version reads ({FORMAT_VERSION})")
    missing = [name for name in tables.TABLES if not (folder / name).is_dir()]
    if missing:
        raise ConflictwireError(f"{folder}: incomplete output, missing table(s) {', '.join(missing)}")
    return data


def read_table(output: str | Path, table: str, filter: Any = None) -> list[dict[str, Any]]:
    """One table's rows (either engine's files: Spark's `part-*` and `_SUCCESS` or the local writer's)."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(Path(output) / table), schema=tables.arrow_schema(table), format="parquet")
    return dataset.to_table(filter=filter).to_pylist()


def _documents(output: Path) -> Iterator[tuple[int, Article | Rejection, str, ArticleResult | None]]:
    """Every document of the output in input order, read a window of `seq` at a time."""
    import pyarrow.dataset as ds

    seqs = [r["seq"] for name in ("articles", "rejections") for r in read_table(output, name)]
    if not seqs:
        return
    top = max(seqs)
    for lo in range(0, top + 1, WINDOW):
        window = (ds.field("seq") >= lo) & (ds.field("seq") < lo + WINDOW)
        yield from tables.from_rows({name: read_table(output, name, window) for name in tables.TABLES})


class _Replay:
    """Stands in for `Pipeline` inside `ingest_items`: the result the run computed for each article."""

    def __init__(self) -> None:
        self.results: dict[int, ArticleResult] = {}

    def pipe(self, articles: Iterable[Article], batch_size: int = 32,
             year_prior: object = None) -> Iterator[ArticleResult]:
        for article in articles:
            yield self.results.pop(id(article))

    def process_within_budget(self, articles: list[Article], year_prior: object,
                              seconds: float | None) -> tuple[list[ArticleResult], list[Rejection]]:
        """The run kept each document's budget already: its results, and no new rejection."""
        return list(self.pipe(articles)), []


def replay(output: str | Path) -> tuple[Iterator[Article | Rejection], _Replay]:
    """The documents of an output as `ingest_items` reads them, and the pipeline that answers for them."""
    stand_in = _Replay()

    def items() -> Iterator[Article | Rejection]:
        for _seq, item, _status, result in _documents(Path(output)):
            if result is not None:
                stand_in.results[id(item)] = result
            yield item

    return items(), stand_in


def load(output: str | Path, store: Store, settings: Settings, *,
         on_article: Callable[[int], None] | None = None) -> IngestReport:
    """Store and link a run's output; idempotent like `ingest` (texts the store knows are skipped).

    The batches are the run's (its manifest's `batch_size`), so linking proceeds as the
    `ingest` of the same inputs with the same settings would.
    """
    from ..pipeline import ingest_items

    manifest = read_manifest(output)
    settings = replace(settings, batch_size=int(manifest.get("batch_size") or settings.batch_size))
    items, stand_in = replay(output)
    return ingest_items(items, store, settings, pipeline=stand_in, on_article=on_article)  # type: ignore[arg-type]
