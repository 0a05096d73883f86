"""Fixtures of the engine tests: a small mixed corpus, and a store's content as comparable rows."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# invented reports (no outlet's text): two tell one ambush, so loading must link them as ingest does;
# the last line is not JSON, and one record repeats another's text (ingest skips it)
REPORTS = [
    {"id": "eng-1", "source": "Valley Courier (fixture)", "published": "2019-03-06", "title": "Ambush near Baqubah",
     "text": "Ambush near Baqubah\n\nBAQUBAH, Iraq, March 5, 2019 - Gunmen killed four soldiers in an ambush on an "
             "army patrol near Baqubah on Monday, police said. Two more soldiers were wounded."},
    {"id": "eng-2", "source": "Plains Herald (fixture)", "published": "2019-03-06", "title": "Four troops die",
     "text": "Four troops die in Diyala attack\n\nFour Iraqi soldiers died on Monday when militants ambushed their "
             "patrol outside Baqubah, in Diyala province, security sources said on Tuesday."},
    {"id": "eng-3", "source": "Plains Herald (fixture)", "published": "2019-03-20", "title": "Protest in Basra",
     "text": "Protest in Basra\n\nHundreds of people protested peacefully in Basra on 18 March against power cuts, "
             "organisers said. Police said two protesters were arrested."},
    {"id": "eng-4", "source": "Valley Courier (fixture)", "published": "2019-03-21", "title": "Airstrike",
     "text": "An airstrike killed six militants in a village west of Mosul on Wednesday, the coalition said, "
             "after they had attacked a checkpoint on 15 March and on 2 February 2019."},
]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, fixtures: Path, shared: Path) -> list[str]:
    """Inputs of every kind `run` must read as `ingest` does: JSON Lines (with a malformed line and a
    repeated text), a folder of text files (with an empty one and a picture), the seeds, the linking
    fixtures (re-worded reports of the seeds' incidents, which link to them)."""
    root = tmp_path_factory.mktemp("engine-corpus")
    lines = [json.dumps(r) for r in REPORTS]
    lines.insert(2, "{not json")
    lines.append(json.dumps({**REPORTS[0], "id": "eng-1-again"}))
    (root / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    folder = root / "texts"
    folder.mkdir()
    for name in ("report_ambush.txt", "report_protest.txt", "no_event.txt"):
        shutil.copy(fixtures / name, folder / name)
    (folder / "blank.txt").write_text("", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(200)))
    linking = sorted((fixtures / "linking").glob("*.jsonl"))
    return [str(root / "reports.jsonl"), str(folder), str(shared / "seeds" / "articles.jsonl"),
            *map(str, linking)]


def _row_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """Where a row belongs: its document, then its owner and place in it (unique in every table)."""
    return (row["seq"], row.get("owner") or "", row.get("owner_position") or 0, row.get("position") or 0)


@pytest.fixture(scope="session")
def parquet_rows() -> Callable[[Path], dict[str, list[dict[str, Any]]]]:
    """Every table of a run's output, its rows in a fixed order (the files' order is the engine's affair)."""
    from conflictwire.engines import read_table
    from conflictwire.engines.tables import TABLES

    def read(output: Path) -> dict[str, list[dict[str, Any]]]:
        return {name: sorted(read_table(output, name), key=_row_key) for name in TABLES}

    return read


def _close(x: Any, y: Any) -> bool:
    """Equal, except that floats (and float16 sentence vectors) may differ by 1e-3, at any depth.

    Why a tolerance: the sentence encoder pads each batch to its longest text and memoises texts
    it has seen, so the last bits of a vector can depend on which texts a process encoded before
    (a Spark worker sees other chunks than the local engine). Every other value, and so every
    decision drawn from the floats, must be exactly equal.
    """
    import numpy as np

    if isinstance(x, float) and isinstance(y, float):
        return bool(np.isclose(x, y, rtol=0, atol=1e-3))
    if isinstance(x, bytes) and isinstance(y, bytes) and len(x) == len(y) and len(x) % 2 == 0 and x != y:
        return bool(np.allclose(np.frombuffer(x, np.float16), np.frombuffer(y, np.float16), rtol=0, atol=1e-3))
    if isinstance(x, dict) and isinstance(y, dict):
        return x.keys() == y.keys() and all(_close(x[k], y[k]) for k in x)
    if isinstance(x, list | tuple) and isinstance(y, list | tuple):
        return len(x) == len(y) and all(_close(u, v) for u, v in zip(x, y, strict=True))
    return bool(x == y)


def _differing_columns(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return sorted(c for c in a.keys() | b.keys() if not _close(a.get(c), b.get(c)))


@pytest.fixture(scope="session")
def differing_columns() -> Callable[[dict[str, Any], dict[str, Any]], list[str]]:
    """The columns in which two rows differ (see `_close`); a fixture, as conftest helpers are not importable."""
    return _differing_columns


@pytest.fixture(scope="session")
def close() -> Callable[[Any, Any], bool]:
    """`_close` as a fixture."""
    return _close


@pytest.fixture(scope="session")
def store_rows() -> Callable[[str], dict[str, list[tuple[Any, ...]]]]:
    """Every table of a store, without its clock columns (when a row was written), in primary-key order."""
    from sqlalchemy import DateTime, select

    from conflictwire.store import Store
    from conflictwire.store import schema as t

    def read(url: str) -> dict[str, list[tuple[Any, ...]]]:
        out = {}
        with Store(url, create=False) as store, store.engine.connect() as conn:
            for table in t.metadata.sorted_tables:
                columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
                order = list(table.primary_key.columns) or columns
                out[table.name] = [tuple(r) for r in conn.execute(select(*columns).order_by(*order))]
        return out

    return read


@pytest.fixture(scope="session")
def engine_settings(pipeline):  # noqa: ANN001, ANN201 - Settings
    """The pipeline's settings with small batches, so that storing and linking span several of them."""
    from dataclasses import replace

    return replace(pipeline.settings, batch_size=4)


@pytest.fixture(scope="session")
def local_output(pipeline, engine_settings, corpus: list[str],  # noqa: ANN001
                 tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The corpus run by the local engine (in chunks of 5), and its report: what Spark must equal."""
    from conflictwire.engines import run

    out = tmp_path_factory.mktemp("local-run") / "out"
    return out, run(corpus, out, engine_settings, pipeline=pipeline, chunk_size=5)


@pytest.fixture(scope="session")
def ingested(pipeline, engine_settings, corpus: list[str],  # noqa: ANN001
             tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any]:
    """The corpus stored by `ingest` (URL of an SQLite file, and the ingest report): what a load must equal."""
    from conflictwire.pipeline import ingest
    from conflictwire.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('ingest') / 'ingest.db'}"
    with Store(url) as store:
        report = ingest(corpus, store, engine_settings, pipeline=pipeline)
    return url, report
