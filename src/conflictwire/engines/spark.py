"""The Spark engine: `process_chunk` in `mapPartitions`, the tables written by Spark's Parquet writer.

Each executor's Python worker loads the models (spaCy, the gazetteer, the event-type
classifier, the actor lexicon) once and keeps them for every partition it is given:
`_pipeline_for` caches one `Pipeline` per `Settings` in the worker process.  That cache is
the one piece of module state in conflictwire, and it exists because a Spark worker has no
other place to keep an object between tasks (PySpark reuses its workers, so the cache
lives as long as the worker does; see docs/spark.md).

pyspark is imported only here, only when the engine is used.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConflictwireError
from ..models import Rejection
from . import tables
from .run import Chunk, RunReport, _count_chunk, failed_rejections, process_chunk
from .tables import ResultRows

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import Pipeline

__all__ = ["local_session", "run_spark", "spark_schema"]

log = logging.getLogger(__name__)

_PIPELINES: dict[Settings, Pipeline] = {}  # per Python worker process: models load once, not once per task


def _pipeline_for(settings: Settings) -> Pipeline:
    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        from ..pipeline import Pipeline

        started = time.perf_counter()
        pipeline = _PIPELINES[settings] = Pipeline.from_settings(settings)
        log.info("Python worker %d loaded the models in %.1f s", os.getpid(), time.perf_counter() - started)
    return pipeline


def _process_partition(settings: Settings, chunks: Iterable[Chunk]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Runs in the executor: every chunk of the partition, in order, as (table, row) pairs."""
    for chunk in chunks:
        pipeline = _pipeline_for(settings) if chunk.fresh else None  # nothing to process: no models
        yield from process_chunk(chunk, pipeline, settings.batch_size).rows()  # type: ignore[arg-type]


def _summarise(pairs: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """A partition's counts for the run's report (small: the driver collects one per partition)."""
    part = ResultRows()
    for name, row in pairs:
        if name in ("articles", "rejections"):
            part.tables[name].append(row)
        elif name in ("incidents", "figures"):
            part.tables[name].append({})
    statuses = [r["status"] for r in part.tables["articles"]]
    yield {"processed": statuses.count("processed"), "failed": statuses.count("failed"),
           "incidents": len(part.tables["incidents"]), "figures": len(part.tables["figures"]),
           "rejections": [(r.source, r.reason, r.detail) for r in failed_rejections(part)]}


def spark_schema(table: str) -> Any:
    """The Spark schema of one table, from the same column kinds as the pyarrow one."""
    from pyspark.sql import types as T

    kinds = {"str": T.StringType(), "int": T.LongType(), "float": T.DoubleType(), "bool": T.BooleanType(),
             "date": T.DateType(), "strs": T.ArrayType(T.StringType()), "bytes": T.BinaryType(),
             "json": T.StringType()}
    return T.StructType([T.StructField(name, kinds[kind], True) for name, kind in tables.SCHEMA[table]])


def local_session(master: str = "local[2]", app_name: str = "conflictwire") -> Any:
    """A Spark session on this machine only: the driver binds to loopback, no web UI, and the
    workers run this Python with this PYTHONPATH (so they import the same conflictwire)."""
    from pyspark.sql import SparkSession

    # pyspark picks the workers' Python, and the JVM its local address, from the environment only
    # (not from a setting): this process's Python, and loopback, unless the caller chose otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "true")
               .config("spark.sql.session.timeZone", "UTC"))
    if os.environ.get("PYTHONPATH"):
        builder = builder.config("spark.executorEnv.PYTHONPATH", os.environ["PYTHONPATH"])
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _session_from_environment() -> Any:
    """Under `spark-submit` the session it configured (master, resources); run by hand, local[*] on loopback."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if os.environ.get("PYSPARK_GATEWAY_PORT"):  # spark-submit started the JVM and passes its port down
        return SparkSession.builder.appName("conflictwire").getOrCreate()
    return local_session("local[*]")


def run_spark(chunks: list[Chunk], output: Path, settings: Settings, *, spark: Any = None,
              partitions: int | None = None, on_documents: Callable[[int], None] | None = None) -> RunReport:
    """Process the chunks in Spark (one partition per chunk unless `partitions` says) and write the tables."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:  # an install without the dependency: say what to do
        raise ConflictwireError("the Spark engine needs pyspark (pip install pyspark)") from exc

    from pyspark.sql import SparkSession

    own = spark is None and SparkSession.getActiveSession() is None  # a session started here is stopped here
    session = spark or _session_from_environment()
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    try:
        return _run(session, chunks, output, settings, partitions, on_documents)
    except (Py4JError, PySparkException) as exc:  # a lost executor, a worker out of memory...: say it plainly
        first = next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ConflictwireError(f"the Spark job failed (output {output} is incomplete; rerun with --overwrite): "
                                f"{first.strip()}") from exc
    finally:
        if own:
            session.stop()


def _run(session: Any, chunks: list[Chunk], output: Path, settings: Settings, partitions: int | None,
         on_documents: Callable[[int], None] | None) -> RunReport:
    from pyspark import StorageLevel

    sc = session.sparkContext
    if str(sc.master).startswith("local") and any(c.fresh for c in chunks):
        # the workers share this machine's cache: build the gazetteer once here, not in two racing workers
        from ..geo._gazetteer import Gazetteer

        Gazetteer.open(settings).close()
    report = RunReport(engine="spark")
    for chunk in chunks:
        _count_chunk(report, chunk)
    slices = max(1, min(partitions or len(chunks), len(chunks)))
    report.partitions = slices
    rows = (sc.parallelize(chunks, slices)
            .mapPartitions(lambda part: _process_partition(settings, part))
            .persist(StorageLevel.MEMORY_AND_DISK))  # written six times (one per table), computed once
    try:
        # one pass over the computed rows for the report: statuses, pipeline rejections and row counts
        for part in rows.mapPartitions(_summarise).collect():
            report.processed += part["processed"]
            report.failed += part["failed"]
            report.incidents += part["incidents"]
            report.figures += part["figures"]
            report.rejections.extend(Rejection(*r) for r in part["rejections"])
        for name in tables.TABLES:
            columns = [c for c, _ in tables.SCHEMA[name]]
            frame = session.createDataFrame(
                rows.filter(lambda tr, n=name: tr[0] == n).map(lambda tr, cs=columns: tuple(tr[1][c] for c in cs)),
                spark_schema(name))
            frame.write.mode("error").parquet(str((output / name).resolve()))
    finally:
        rows.unpersist()
    if on_documents:
        on_documents(sum(len(c.items) for c in chunks))
    return report
