"""`run`: the pipeline over inputs into Parquet, in one process (`local`) or on Spark.

The driver reads the inputs with the same readers as `ingest` and cuts the stream into
contiguous chunks; a chunk is processed by `process_chunk` wherever it runs, so the local
engine and a Spark executor execute the very same code on the very same chunks.

Why chunks carry a year prior: `ingest` reads a yearless date ("on 3 March") against the
years the documents *read so far* state (see `extract.dates`), which makes an article's
result depend on the ones before it.  The driver counts those years (a regular expression,
cheap) and hands each chunk the count at its start; inside the chunk the pipeline goes on
counting as `ingest` does.  So every engine, and any number of partitions, gives exactly
the results `ingest` would.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConflictwireError
from ..extract.dates import DateReader
from ..ingest import read_inputs
from ..models import Article, Rejection
from ..reference import LanguageReference
from . import tables
from .tables import ResultRows, rejection_row, to_rows

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import Pipeline

__all__ = ["ENGINES", "MANIFEST", "Chunk", "RunReport", "failed_rejections", "plan", "process_chunk", "read_plan",
           "run", "write_manifest"]

ENGINES = ("local", "spark")
MANIFEST = "_conflictwire.json"  # beside the tables: what wrote them, and with which batch size
FORMAT_VERSION = 1


@dataclass(slots=True)
class Chunk:
    """Consecutive documents of the input stream, with the year prior in force at the first one.

    `items` are (seq, article or rejection, status): status "fresh" (to process), "duplicate"
    (an earlier document of the run had the same text) or "rejected" (a reader refused it).
    """

    index: int
    prior: dict[int, int]
    items: list[tuple[int, Article | Rejection, str]]

    @property
    def fresh(self) -> int:
        return sum(status == "fresh" for _, _, status in self.items)


@dataclass(slots=True)
class RunReport:
    """What one `run` did; the CLI prints it and the manifest keeps it."""

    engine: str = "local"
    read: int = 0
    processed: int = 0
    duplicates: int = 0
    failed: int = 0
    incidents: int = 0
    figures: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    partitions: int = 1

    def add(self, rows: ResultRows) -> None:
        """Count one chunk's rows (rejections are counted apart, where they are read or fail)."""
        for row in rows.tables["articles"]:
            self.processed += row["status"] == "processed"
            self.failed += row["status"] == "failed"
        self.incidents += len(rows.tables["incidents"])
        self.figures += len(rows.tables["figures"])


def plan(items: Iterable[Article | Rejection], chunk_size: int,
         dates: DateReader | None = None) -> Iterator[Chunk]:
    """Number the read stream and cut it into chunks of at most `chunk_size` documents.

    A repeated text is marked as `ingest` treats it (skipped, not processed twice); the
    prior counts only the documents that will be processed, as `ingest`'s does. `dates`
    reads the years stated (the packaged calendar words when not given).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    explicit_years = (dates or DateReader(LanguageReference.load())).explicit_years
    prior: Counter[int] = Counter()
    seen: set[str] = set()
    numbered = enumerate(items)
    index = 0
    while batch := list(islice(numbered, chunk_size)):
        chunk = Chunk(index, dict(prior), [])
        for seq, item in batch:
            if isinstance(item, Rejection):
                chunk.items.append((seq, item, "rejected"))
            elif item.content_hash in seen:
                chunk.items.append((seq, item, "duplicate"))
            else:
                seen.add(item.content_hash)
                prior.update(explicit_years(item.text))
                chunk.items.append((seq, item, "fresh"))
        yield chunk
        index += 1


def read_plan(inputs: Iterable[str], settings: Settings, chunk_size: int) -> Iterator[Chunk]:
    """The inputs read as `ingest` reads them (same readers, limits and default date), in chunks."""
    items = read_inputs(inputs, settings, published=settings.default_published)
    return plan(items, chunk_size)


def process_chunk(chunk: Chunk, pipeline: Pipeline, batch_size: int) -> ResultRows:
    """A chunk's rows: each document processed (or marked), in order; a document that breaks
    the pipeline becomes a "processing-failed" rejection, never a failed job."""
    from ..pipeline import _process_safely  # the same retry-one-by-one rule `ingest` applies

    out = ResultRows()
    prior: Counter[int] = Counter(chunk.prior)
    fresh = [(seq, item) for seq, item, status in chunk.items if status == "fresh"]
    done: dict[int, Any] = {}
    for start in range(0, len(fresh), batch_size):
        batch = fresh[start:start + batch_size]
        results, failed = _process_safely(pipeline, [a for _, a in batch], prior,
                                          pipeline.settings.max_document_seconds)
        by_article = {id(r.article): r for r in results}
        failures = iter(failed)
        for seq, article in batch:
            result = by_article.get(id(article))
            done[seq] = result if result is not None else next(failures)
    for seq, item, status in chunk.items:
        if isinstance(item, Rejection):
            out.tables["rejections"].append(rejection_row(seq, item))
        elif status == "duplicate":
            out.extend(to_rows(seq, "duplicate", item))
        elif isinstance(done[seq], Rejection):
            out.extend(to_rows(seq, "failed", item))
            out.tables["rejections"].append(rejection_row(seq, done[seq]))
        else:
            out.extend(to_rows(seq, "processed", item, done[seq]))
    return out


def _prepare_output(output: Path, overwrite: bool) -> None:
    if output.exists() and (output.is_file() or any(output.iterdir())):
        if not overwrite:
            raise ConflictwireError(f"{output}: already exists and is not empty (choose a new folder, or --overwrite)")
        if output.is_file():
            output.unlink()
        else:
            shutil.rmtree(output)


def write_manifest(output: Path, report: RunReport, settings: Settings) -> None:
    """What wrote the tables: `load` refuses a folder without it, and replays with its batch size."""
    output.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT_VERSION, "engine": report.engine, "batch_size": settings.batch_size,
            "read": report.read, "processed": report.processed, "duplicates": report.duplicates,
            "failed": report.failed, "incidents": report.incidents, "figures": report.figures,
            "rejections": len(report.rejections), "partitions": report.partitions, "tables": list(tables.TABLES)}
    (output / MANIFEST).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _count_chunk(report: RunReport, chunk: Chunk) -> None:
    report.read += sum(isinstance(item, Article) for _, item, _ in chunk.items)
    report.duplicates += sum(status == "duplicate" for _, _, status in chunk.items)
    report.rejections.extend(item for _, item, _ in chunk.items if isinstance(item, Rejection))


def run(inputs: Iterable[str], output: str | Path, settings: Settings, *, engine: str = "local",
        chunk_size: int = 200, overwrite: bool = False, pipeline: Pipeline | None = None,
        spark: Any = None, partitions: int | None = None,
        on_documents: Callable[[int], None] | None = None) -> RunReport:
    """Process `inputs` into Parquet tables under `output` (one folder per table, see `tables`).

    `engine="local"` runs here, loading the models once (or using `pipeline`); `"spark"`
    runs each chunk in a Spark executor (`spark`: a session to use, else one is started
    from the environment's Spark configuration; see `engines.spark`).
    """
    if engine not in ENGINES:
        raise ConflictwireError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    output = Path(output)
    _prepare_output(output, overwrite)
    chunks = read_plan(inputs, settings, chunk_size)
    if engine == "spark":
        from .spark import run_spark

        report = run_spark(list(chunks), output, settings, spark=spark, partitions=partitions,
                           on_documents=on_documents)
    else:
        report = _run_local(chunks, output, settings, pipeline, on_documents)
    write_manifest(output, report, settings)
    return report


def _run_local(chunks: Iterable[Chunk], output: Path, settings: Settings, pipeline: Pipeline | None,
               on_documents: Callable[[int], None] | None) -> RunReport:
    """Chunk after chunk in this process, each appended to the Parquet files as it is done."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    report = RunReport(engine="local")
    writers: dict[str, Any] = {}
    try:
        for name in tables.TABLES:
            (output / name).mkdir(parents=True, exist_ok=True)
            writers[name] = pq.ParquetWriter(output / name / "part-00000.parquet", tables.arrow_schema(name))
        for chunk in chunks:
            _count_chunk(report, chunk)
            if chunk.fresh and pipeline is None:  # models load only when there is something to process
                from ..pipeline import Pipeline

                pipeline = Pipeline.from_settings(settings)
            rows = process_chunk(chunk, pipeline, settings.batch_size)  # type: ignore[arg-type]
            report.add(rows)
            report.rejections.extend(failed_rejections(rows))
            for name, table_rows in rows.tables.items():
                if table_rows:
                    writers[name].write_table(pa.Table.from_pylist(table_rows, schema=tables.arrow_schema(name)))
            if on_documents:
                on_documents(len(chunk.items))
    finally:
        for writer in writers.values():
            writer.close()
    return report


def failed_rejections(rows: ResultRows) -> list[Rejection]:
    """The rejections the pipeline made (their article is in the rows with status "failed"), not the readers."""
    failed = {r["seq"] for r in rows.tables["articles"] if r["status"] == "failed"}
    return [Rejection(r["source"], r["reason"], r["detail"]) for r in rows.tables["rejections"] if r["seq"] in failed]
