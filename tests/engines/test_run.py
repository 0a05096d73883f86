"""`run --engine local` and `load`: Parquet that round-trips every result, and a load that equals ingest."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.config import Settings
from conflictwire.engines import RunReport, load, read_manifest, run
from conflictwire.engines.run import plan
from conflictwire.engines.tables import TABLES, arrow_schema, from_rows, to_rows
from conflictwire.errors import ConflictwireError
from conflictwire.extract.dates import DateReader
from conflictwire.models import Article, Rejection
from conflictwire.pipeline import IngestReport
from conflictwire.reference import LanguageReference
from conflictwire.store import Store


def _article(ident: str, text: str) -> Article:
    return Article(id=ident, text=text, published=date(2019, 5, 1))


def test_plan_hands_each_chunk_the_years_stated_before_it() -> None:
    items: list[Article | Rejection] = [
        _article("a", "Fighting on 3 May 2018 and 4 May 2018."),
        Rejection("bad.txt", "empty"),
        _article("b", "A raid on 9 June 2017."),
        _article("a2", "Fighting on 3 May 2018 and 4 May 2018."),  # the same text again: not counted twice
        _article("c", "Nothing dated here at all, only words."),
        _article("d", "Clashes on 2018-01-02."),
    ]
    chunks = list(plan(items, 2))
    assert [[seq for seq, _, _ in c.items] for c in chunks] == [[0, 1], [2, 3], [4, 5]]
    assert [status for c in chunks for _, _, status in c.items] == [
        "fresh", "rejected", "fresh", "duplicate", "fresh", "fresh"]
    fresh_texts = [items[0].text, items[2].text, items[4].text]  # type: ignore[union-attr]
    assert chunks[0].prior == {}
    explicit_years = DateReader(LanguageReference.load()).explicit_years
    assert Counter(chunks[1].prior) == explicit_years(fresh_texts[0])
    assert Counter(chunks[2].prior) == explicit_years(fresh_texts[0]) + explicit_years(fresh_texts[1])
    assert chunks[2].prior == {2018: 2, 2017: 1}


@pytest.mark.slow
def test_tables_round_trip_every_result_field(pipeline, shared: Path) -> None:  # noqa: ANN001
    import pyarrow as pa

    from conflictwire.ingest import read_inputs

    articles = [a for a in read_inputs([str(shared / "seeds" / "articles.jsonl")], pipeline.settings)
                if isinstance(a, Article)]
    results = list(pipeline.pipe(articles))
    assert sum(len(r.incidents) for r in results) > 0 and any(r.figures for r in results)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for seq, result in enumerate(results):
        for name, row in to_rows(seq, "processed", result.article, result).rows():
            tables[name].append(row)
    # through Parquet's types and back (dates, lists, bytes, nulls)
    tables = {name: pa.Table.from_pylist(rows, schema=arrow_schema(name)).to_pylist() for name, rows in tables.items()}
    back = [result for _, _, _, result in from_rows(tables)]
    assert back == results
    assert any(inc.evidence for r in back for inc in r.incidents)


@pytest.mark.slow
def test_local_run_then_load_stores_exactly_what_ingest_stores(
        local_output: tuple[Path, RunReport], ingested: tuple[str, IngestReport], engine_settings: Settings,
        tmp_path: Path, store_rows: Callable[[str], dict[str, list[tuple[Any, ...]]]],
        close: Callable[[Any, Any], bool]) -> None:
    out, report = local_output
    assert report.duplicates == 1 and report.processed == report.read - 1
    assert {r.reason for r in report.rejections} >= {"malformed", "empty"}
    assert read_manifest(out)["batch_size"] == 4

    url, by_ingest = ingested
    loaded = f"sqlite:///{tmp_path / 'load.db'}"
    with Store(loaded) as store:
        by_load = load(out, store, engine_settings)
    assert close(store_rows(loaded), store_rows(url))  # floats to 1e-3: see conftest._close
    assert by_ingest.joined > 0  # the corpus has reports of one incident: linking had work to do
    for name in ("read", "stored", "duplicates", "incidents", "new_incidents", "joined", "near_duplicates",
                 "figures"):
        assert getattr(by_load, name) == getattr(by_ingest, name), name
    assert [(r.source, r.reason) for r in by_load.rejections] == [(r.source, r.reason) for r in by_ingest.rejections]
    with Store(loaded) as store:
        again = load(out, store, engine_settings)  # re-loading is a no-op, as re-ingest is
    assert again.stored == 0 and again.duplicates == by_load.stored + by_load.duplicates


def test_load_refuses_a_folder_that_is_not_a_run_and_creates_no_database(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.parquet").write_bytes(b"PAR1")
    db = tmp_path / "never.db"
    result = CliRunner().invoke(app, ["load", str(tmp_path / "notes"), "--db", str(db)])
    assert result.exit_code == 2
    assert "not the output of `conflictwire run`" in result.output and "notes" in result.output
    assert not db.exists()
    with pytest.raises(ConflictwireError, match="no such folder"):
        read_manifest(tmp_path / "missing")


def test_run_refuses_to_write_over_a_folder_with_files(tmp_path: Path, settings) -> None:  # noqa: ANN001
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConflictwireError, match="already exists"):
        run([str(tmp_path / "nothing.jsonl")], out, settings)
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_run_of_only_bad_inputs_writes_their_rejections(tmp_path: Path, settings,  # noqa: ANN001
                                                        parquet_rows: Callable[[Path], dict[str, Any]]) -> None:
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n[1, 2]\n', encoding="utf-8")
    report = run([str(tmp_path / "bad.jsonl"), str(tmp_path / "gone.txt")], tmp_path / "out", settings)
    assert report.processed == 0 and len(report.rejections) == 3
    rows = parquet_rows(tmp_path / "out")
    assert [(r["seq"], r["reason"]) for r in sorted(rows["rejections"], key=lambda r: r["seq"])] == [
        (0, "malformed"), (1, "malformed"), (2, "missing")]
    assert all(not rows[name] for name in TABLES if name != "rejections")


@pytest.mark.slow
def test_a_document_that_breaks_the_pipeline_becomes_a_rejection_in_its_place(pipeline) -> None:  # noqa: ANN001
    from conflictwire.engines.run import failed_rejections, process_chunk

    good = "Gunmen killed two farmers near Baqubah on 3 March, police said."
    broken = Article(id="broken", text="Gunmen killed three farmers near Tikrit on 4 March, police said.",
                     published="not a date", metadata={"origin": "feed.jsonl:2"})  # type: ignore[arg-type]
    items: list[Article | Rejection] = [_article("one", good), broken, _article("two", good + " Two were hurt.")]
    (chunk,) = plan(items, 10)
    rows = process_chunk(chunk, pipeline, batch_size=10)
    assert [(r["seq"], r["status"]) for r in rows.tables["articles"]] == [(0, "processed"), (1, "failed"),
                                                                          (2, "processed")]
    assert {r["seq"] for r in rows.tables["incidents"]} == {0, 2}
    (rejected,) = failed_rejections(rows)
    assert (rejected.source, rejected.reason) == ("feed.jsonl:2", "processing-failed")
    replayed = [(seq, type(item).__name__, status) for seq, item, status, _ in from_rows(rows.tables)]
    assert replayed == [(0, "Article", "processed"), (1, "Rejection", "rejected"), (2, "Article", "processed")]


def test_the_comparison_forgives_float_noise_only(close: Callable[[Any, Any], bool]) -> None:
    import numpy as np

    vec = np.array([0.25, -0.5], np.float16)
    assert close({"confidence": 0.8, "vector": vec.tobytes(), "rows": [(1, "x")]},
                 {"confidence": 0.8004, "vector": (vec + np.float16(0.0005)).tobytes(), "rows": [(1, "x")]})
    assert not close({"confidence": 0.8}, {"confidence": 0.81})
    assert not close({"vector": vec.tobytes()}, {"vector": (vec + np.float16(0.01)).tobytes()})
    assert not close({"rows": [(1, "Battles")]}, {"rows": [(1, "Riots")]})
    assert not close({"rows": [(1, "x")]}, {"rows": [(1, "x"), (2, "y")]})
