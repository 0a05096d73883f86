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


def _row_key(row: dict[str, Any]) -> str:
    return repr(sorted(row.items()))


@pytest.fixture(scope="session")
def parquet_rows() -> Callable[[Path], dict[str, list[dict[str, Any]]]]:
    """Every table of a run's output, its rows in a fixed order (the files' order is the engine's affair)."""
    from conflictwire.engines import read_table
    from conflictwire.engines.tables import TABLES

    def read(output: Path) -> dict[str, list[dict[str, Any]]]:
        return {name: sorted(read_table(output, name), key=_row_key) for name in TABLES}

    return read


@pytest.fixture(scope="session")
def store_rows() -> Callable[[str], dict[str, list[tuple[Any, ...]]]]:
    """Every table of a store, without its clock columns (when a row was written), rows in a fixed order."""
    from sqlalchemy import DateTime, select

    from conflictwire.store import Store
    from conflictwire.store import schema as t

    def read(url: str) -> dict[str, list[tuple[Any, ...]]]:
        out = {}
        with Store(url, create=False) as store, store.engine.connect() as conn:
            for table in t.metadata.sorted_tables:
                columns = [c for c in table.columns if not isinstance(c.type, DateTime)]
                out[table.name] = sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
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
