"""The Spark engine on `local[2]`: the same rows as the local engine, and a load equal to ingest.

Real Spark (a JVM and two Python workers that load the models themselves), real SQLite.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conflictwire.config import Settings
from conflictwire.engines import RunReport, load, run
from conflictwire.pipeline import IngestReport
from conflictwire.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("CI must provide a Java runtime for Spark (.ci/run installs default-jre-headless)")
        pytest.skip("no Java runtime: Spark cannot start")
    from conflictwire.engines.spark import local_session

    session = local_session("local[2]", "conflictwire-test")
    yield session
    session.stop()


def test_spark_local2_output_equals_the_local_engine_row_by_row(
        spark: Any, corpus: list[str], engine_settings: Settings, local_output: tuple[Path, RunReport],
        tmp_path: Path, parquet_rows: Callable[[Path], dict[str, list[dict[str, Any]]]],
        differing_columns: Callable[[dict[str, Any], dict[str, Any]], list[str]], close: Callable[[Any, Any], bool],
        ingested: tuple[str, IngestReport], store_rows: Callable[[str], dict[str, list[tuple[Any, ...]]]]) -> None:
    out = tmp_path / "spark-out"
    # chunks of 3: several partitions, each starting with the year prior of the documents before it
    report = run(corpus, out, engine_settings, engine="spark", spark=spark, chunk_size=3)
    assert report.engine == "spark" and report.partitions >= 4
    assert len(list((out / "articles").glob("part-*.parquet"))) >= 2  # written by the executors, in parts

    local_out, local_report = local_output
    for name in ("read", "processed", "duplicates", "failed", "incidents", "figures"):
        assert getattr(report, name) == getattr(local_report, name), name
    assert sorted((r.source, r.reason) for r in report.rejections) == sorted(
        (r.source, r.reason) for r in local_report.rejections)
    spark_rows, local_rows = parquet_rows(out), parquet_rows(local_out)
    assert spark_rows["incidents"] and spark_rows["evidence"] and spark_rows["places"] and spark_rows["rejections"]
    for name, rows in local_rows.items():
        assert len(spark_rows[name]) == len(rows), name
        differ = {(name, row["seq"]): cols for row, other in zip(rows, spark_rows[name], strict=True)
                  if (cols := differing_columns(row, other))}
        assert not differ

    url, by_ingest = ingested
    loaded = f"sqlite:///{tmp_path / 'spark-load.db'}"
    with Store(loaded) as store:
        by_load = load(out, store, engine_settings)
    assert (by_load.stored, by_load.new_incidents, by_load.joined) == (
        by_ingest.stored, by_ingest.new_incidents, by_ingest.joined)
    assert close(store_rows(loaded), store_rows(url))
