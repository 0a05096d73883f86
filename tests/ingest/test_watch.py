"""`watch`: only new files and feed entries are read, and a `kill -9` mid-pass loses and repeats nothing.

Real parts throughout: a folder of JSON Lines files and an RSS file written here (our own
invented reports, see tests/fixtures/reliability), a real SQLite store, a real
`conflictwire watch` process for the kill test.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.ingest.watch import watch
from conflictwire.pipeline import Pipeline
from conflictwire.store import Store

pytestmark = pytest.mark.slow
SRC = Path(__file__).resolve().parents[2] / "src"
WAIT = 180.0

ENTRY = """<item><guid>{guid}</guid><title>{title}</title><pubDate>{date}</pubDate>
<description>{text}</description></item>"""
ENTRIES = [
    ("mg-1", "Kirkuk checkpoint attack kills four officers", "Wed, 08 May 2019 09:00:00 GMT",
     "Four police officers died on Tuesday when gunmen in a car attacked a checkpoint at the southern entrance "
     "of Kirkuk, the provincial police said."),
    ("mg-2", "Fishermen protest in Fao", "Sat, 11 May 2019 09:00:00 GMT",
     "Dozens of fishermen protested at the port of Fao on Friday against a ban on fishing near the border, "
     "local officials said."),
    ("mg-3", "Brief", "Sat, 11 May 2019 10:00:00 GMT", "Short."),
]


def write_feed(path: Path, entries: list[tuple[str, str, str, str]]) -> None:
    items = "\n".join(ENTRY.format(guid=g, title=t, date=d, text=x) for g, t, d, x in entries)
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                    f"<title>Marsh Gazette</title>\n{items}\n</channel></rss>\n", encoding="utf-8")


def sources(tmp_path: Path, fixtures: Path) -> list[str]:
    """A folder of two JSON Lines files (the fixture's first and second halves) and a feed file."""
    lines = (fixtures / "reliability" / "wire.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.jsonl").write_text("".join(lines[:7]), encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(lines[7:]), encoding="utf-8")
    write_feed(tmp_path / "gazette.rss", ENTRIES)
    return [str(folder), str(tmp_path / "gazette.rss")]


def test_watch_reads_only_what_is_new_and_an_updated_entry_again(
        tmp_path: Path, fixtures: Path, settings: Settings, pipeline: Pipeline) -> None:
    folder, feed = sources(tmp_path, fixtures)
    (Path(folder) / "b.jsonl").unlink()
    write_feed(Path(feed), ENTRIES[:1])
    run = replace(settings, db_url=f"sqlite:///{tmp_path / 'w.db'}", default_published="2019-05-15")
    lines: list[str] = []
    with Store(run.db_url) as store:
        first = watch([folder, feed], store, run, once=True, pipeline=pipeline, on_line=lines.append)
        # a.jsonl: six reports and rw-04, a rejection; the feed: mg-1
        assert first.ingest.read == 7 and first.ingest.stored == 7
        assert len(first.ingest.rejections) == 1
        again = watch([folder, feed], store, run, once=True, pipeline=pipeline)
        assert again.ingest.read == 0 and not again.ingest.rejections
        assert [s.seen for s in again.sources] == [1, 1]

        lines_b = (fixtures / "reliability" / "wire.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        (Path(folder) / "b.jsonl").write_text("".join(lines_b[7:9]), encoding="utf-8")
        changed = (ENTRIES[0][0], ENTRIES[0][1], ENTRIES[0][2], ENTRIES[0][3] + " Two of them were brothers.")
        write_feed(Path(feed), [changed, ENTRIES[1]])  # the outlet updated mg-1 and added mg-2
        third = watch([folder, feed], store, run, once=True, pipeline=pipeline, on_line=lines.append)
        assert third.ingest.read == 4 and third.ingest.stored == 4
        assert [len(s.new) for s in third.sources] == [1, 2]
        assert store.count("articles") == 11
    assert any(line.startswith("reading ") and line.endswith("b.jsonl") for line in lines)


def test_watch_killed_mid_pass_then_restarted_equals_one_uninterrupted_pass(
        tmp_path: Path, fixtures: Path, settings: Settings, pipeline: Pipeline,
        snapshot: Callable[[str], object]) -> None:
    srcs = sources(tmp_path, fixtures)
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "conflictwire.cli", "watch", *srcs, "--db", str(db), "--once", "--batch-size", "3",
           "--published", "2019-05-15"]
    env = {**os.environ, "PYTHONPATH": str(SRC), "CONFLICTWIRE_GAZETTEER": str(settings.gazetteer_file),
           "CONFLICTWIRE_CACHE": str(settings.cache_dir.parent), "COLUMNS": "200"}
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + WAIT
        while _committed(db) < 3:  # the first batch (three items of a.jsonl) and its checkpoint
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "gave up waiting for the first commit"
            time.sleep(0.02)
        held = sqlite3.connect(db, isolation_level=None)
        held.execute("BEGIN IMMEDIATE")  # no further batch can commit: the kill lands mid-pass
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
        held.execute("ROLLBACK")
        held.close()
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < 16

    second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "(resuming after item 3)" in second.stderr  # a.jsonl was cut after its first batch

    reference = tmp_path / "reference.db"
    run = replace(settings, db_url=f"sqlite:///{reference}", batch_size=3, default_published="2019-05-15")
    with Store(run.db_url) as store:
        watch(srcs, store, run, once=True, pipeline=pipeline)
    got, want = snapshot(f"sqlite:///{db}"), snapshot(run.db_url)
    assert any("linked" in row for row in got["incident_history"]), "the feed's report must join a file's"
    for table in want:
        assert got[table] == want[table], table
    with Store(f"sqlite:///{db}") as store:  # and a further pass finds nothing new
        after = watch(srcs, store, replace(run, db_url=store.url), once=True, pipeline=pipeline)
    assert after.ingest.read == 0 and not after.ingest.rejections
    assert sum(s.seen for s in after.sources) == 5  # two files, three entries


def _committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT coalesce(sum(position), 0) FROM ingest_checkpoints").fetchone()[0])
    except sqlite3.Error:  # the schema is not there yet while the process starts
        return 0


def test_watch_polls_until_stopped_and_picks_up_a_file_added_between_passes(
        tmp_path: Path, fixtures: Path, settings: Settings, pipeline: Pipeline) -> None:
    import threading

    lines = (fixtures / "reliability" / "wire.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "one.jsonl").write_text(lines[0], encoding="utf-8")
    run = replace(settings, db_url=f"sqlite:///{tmp_path / 'w.db'}")
    stop = threading.Event()
    read: list[int] = []

    def after(n: int, report: object, found: object) -> None:
        read.append(report.read)  # type: ignore[attr-defined]
        if n == 1:
            (folder / "two.jsonl").write_text(lines[2], encoding="utf-8")  # arrives while the watch waits
        if n == 3:
            stop.set()

    with Store(run.db_url) as store:
        out = watch([str(folder)], store, run, interval=0.01, pipeline=pipeline, on_pass=after, stop=stop)
    assert out.passes == 3 and read == [1, 1, 0]
    assert out.ingest.read == 2 and out.ingest.stored == 2
