"""Crash safety: `conflictwire ingest` killed with SIGKILL mid-batch, then run again, loses and repeats nothing.

A real process on a real database (an SQLite file in WAL mode, and PostgreSQL): the test
waits until the first batch is committed (a database condition, never a sleep), makes the
process's next write wait on a lock the test holds, kills it, and runs the same command
again. The store must then equal, row for row, the store one uninterrupted run of the same
input leaves (articles, reports, incidents, links, evidence, history, rejections).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conflictwire.config import Settings
from conflictwire.pipeline import Pipeline, ingest
from conflictwire.store import Store

pytestmark = pytest.mark.slow
SRC = Path(__file__).resolve().parents[1] / "src"
BATCH = 3  # small batches: the input spans five, so a kill after the first always lands mid-run
WAIT = 180.0  # seconds a condition may take on a busy machine before the test gives up


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment of a `conflictwire` child: this checkout's sources, the session's gazetteer."""
    return {**os.environ, "PYTHONPATH": str(SRC), "CONFLICTWIRE_GAZETTEER": str(settings.gazetteer_file),
            "CONFLICTWIRE_CACHE": str(settings.cache_dir.parent), "COLUMNS": "200"}


def wait_for(condition: Callable[[], bool], what: str, proc: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the process ended ({proc.returncode}) before {what}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


@contextmanager
def writes_held(url: str) -> Iterator[Callable[[], bool]]:
    """Hold the database so that no other process can commit; yields "is a writer waiting on us?".

    SQLite: the write lock itself (BEGIN IMMEDIATE); whether the other process waits cannot be
    seen, so the answer is always yes. PostgreSQL: an exclusive lock on `incident_history`, which
    every batch with an incident writes to after its articles and reports, so the process is
    caught with a half-written transaction open; pg_locks shows when it waits.
    """
    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            raw = conn.connection.driver_connection
            raw.isolation_level = None
            raw.execute("BEGIN IMMEDIATE")
            try:
                yield lambda: True
            finally:
                raw.execute("ROLLBACK")
        else:
            with conn.begin():
                conn.execute(text("LOCK TABLE incident_history IN EXCLUSIVE MODE"))
                probe = create_engine(url)

                def waiting() -> bool:
                    with probe.connect() as c:
                        return bool(c.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar())

                try:
                    yield waiting
                finally:
                    probe.dispose()
    engine.dispose()


def test_ingest_killed_mid_batch_then_rerun_equals_one_uninterrupted_run(
        backend_url: str, tmp_path: Path, fixtures: Path, settings: Settings, pipeline: Pipeline,
        snapshot: Callable[[str], object]) -> None:
    wire = fixtures / "reliability" / "wire.jsonl"
    items = sum(1 for line in wire.read_text(encoding="utf-8").splitlines() if line.strip())
    cmd = [sys.executable, "-m", "conflictwire.cli", "ingest", str(wire), "--db", backend_url,
           "--batch-size", str(BATCH), "-q"]
    env = cli_env(settings)

    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: _stored_items(backend_url) >= BATCH, "the first batch's commit", first)
        with writes_held(backend_url) as waiting:
            wait_for(waiting, "the next batch to wait on the held lock", first)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == -signal.SIGKILL
    committed = _stored_items(backend_url)
    assert BATCH <= committed < items, "the kill must land after the first batch and before the last"
    if backend_url.startswith("sqlite"):
        assert scalar(backend_url, "PRAGMA integrity_check") == "ok"

    second = subprocess.run(cmd[:-1], env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert f"its first {committed} items were stored already" in second.stdout
    assert scalar(backend_url, "SELECT count(*) FROM ingest_checkpoints") == 0  # a finished run forgets it

    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    run = replace(settings, db_url=reference, batch_size=BATCH)
    with Store(reference) as store:
        ingest([str(wire)], store, run, pipeline=pipeline)
    got, want = snapshot(backend_url), snapshot(reference)
    assert got["articles"] and got["incidents"] and got["mentions"] and got["rejections"]
    assert any("linked" in row for row in got["incident_history"]), "the input must exercise linking"
    for table in want:
        assert got[table] == want[table], table


def _stored_items(url: str) -> int:
    """Items (articles and rejections) the interrupted run has committed, by its checkpoint."""
    try:
        return int(scalar(url, "SELECT coalesce(max(position), 0) FROM ingest_checkpoints") or 0)
    except Exception:  # noqa: BLE001 - the schema may not be there yet while the process starts
        return 0
