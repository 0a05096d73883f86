"""Backup and restore: every stored table as JSON Lines, and back, exactly.

Why table rows and not incident records: an incident record (the `jsonl` export) is a view
that joins and reconciles rows; rebuilding the store from it would lose what the view leaves
out (articles that gave no incident, rejections, places, near-duplicate signatures, the
linker's scored pairs, a reviewer's must/cannot-link constraints). A backup therefore holds
the rows themselves, so a restore gives the same store and a second backup is byte-identical.

The file: line 1 is a header, `{"format": "conflictwire-backup", "version": 1, "schema":
"<alembic revision>", "tables": {"articles": 12, ...}}`; then one `{"table": ..., "row": {...}}`
line per row, tables in foreign-key order, rows in primary-key order. The header's counts let
a restore tell a truncated file from a whole one. Values are JSON: dates and times in ISO
8601, binary columns in base64, JSON columns as they are.

`api_tokens` is left out on purpose: a token grants write access to one deployment, and a
backup is a data file that is copied and shared.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import JSON, Column, Date, DateTime, Integer, LargeBinary, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from . import schema as t

__all__ = ["BACKUP_FORMAT", "BACKUP_VERSION", "BackupError", "backup_tables", "read_backup", "restore",
           "write_backup"]

BACKUP_FORMAT = "conflictwire-backup"
BACKUP_VERSION = 1
NOT_BACKED_UP = frozenset({"api_tokens"})
INSERT_CHUNK = 1000  # rows sent to the database in one statement


class BackupError(StoreError):
    """A backup file that cannot be restored; the message names the file and the line."""


def backup_tables() -> list[Table]:
    """The tables a backup holds, parents before children (the order a restore must insert them in).

    `reviews` comes first (it refers to no table): a restore into a database that holds rows
    renumbers the reviews, and the incidents and history that cite a review id then find its
    new number already known.
    """
    tables = [tab for tab in t.metadata.sorted_tables if tab.name not in NOT_BACKED_UP]
    return sorted(tables, key=lambda tab: tab.name != "reviews")  # stable: the rest keep their order


def _serial(tab: Table) -> bool:
    """A table whose key is a number the database hands out (evidence, places, reviews...)."""
    cols = list(tab.primary_key.columns)
    return len(cols) == 1 and isinstance(cols[0].type, Integer) and cols[0].autoincrement in (True, "auto")


# ---------------------------------------------------------------- write


def write_backup(store: Any, out: IO[str]) -> int:
    """Write the whole store to `out`; returns the number of rows written.

    One read transaction (REPEATABLE READ on PostgreSQL; SQLite's read transaction is a
    snapshot already), so a backup taken while an ingest runs is still one consistent state.
    """
    tables = backup_tables()
    n = 0
    try:
        with store.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                counts = {tab.name: conn.execute(select(func.count()).select_from(tab)).scalar_one()
                          for tab in tables}
                header = {"format": BACKUP_FORMAT, "version": BACKUP_VERSION, "schema": _revision(conn),
                          "tables": counts}
                out.write(json.dumps(header, ensure_ascii=False) + "\n")
                for tab in tables:
                    for row in _rows(conn, tab):
                        line = {"table": tab.name, "row": {c.name: _encode(row[c.name]) for c in tab.columns}}
                        out.write(json.dumps(line, ensure_ascii=False) + "\n")
                        n += 1
    except SQLAlchemyError as exc:
        raise StoreError(f"could not read the database for a backup: {exc}") from exc
    return n


def _revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _rows(conn: Connection, tab: Table) -> Iterator[Any]:
    """Every row, in primary-key order (all columns for a table without one), streamed."""
    order = list(tab.primary_key.columns) or list(tab.columns)
    result = conn.execution_options(stream_results=True, yield_per=INSERT_CHUNK).execute(
        select(tab).order_by(*order))
    yield from result.mappings()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


# ---------------------------------------------------------------- read


def read_backup(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The backup's lines as (line number, object); a line that is not a JSON object is a BackupError."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise BackupError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        lineno = 0
        try:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise BackupError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
                if not isinstance(obj, dict):
                    raise BackupError(f"{path}:{lineno}: a line must hold a JSON object")
                yield lineno, obj
        except UnicodeDecodeError as exc:
            raise BackupError(f"{path}:{lineno + 1}: not UTF-8 text (a backup is written in UTF-8)") from exc


def restore(store: Any, path: str | Path, *, into_existing: bool = False) -> dict[str, int]:
    """Load a backup into `store` in one transaction; returns the rows restored per table.

    A store that already holds rows is refused unless `into_existing` (then a row whose key is
    taken aborts the whole restore: nothing half-restored is ever committed). Bad input is a
    `BackupError` naming the file and the line.
    """
    path = Path(path)
    lines = read_backup(path)
    header = _header(path, next(lines, None))
    tables = {tab.name: tab for tab in backup_tables()}
    unknown = sorted(set(header["tables"]) - set(tables))
    if unknown:
        raise BackupError(f"{path}:1: tables this version of conflictwire does not have: {', '.join(unknown)} "
                          "(the backup was made by a newer version)")
    got: dict[str, int] = dict.fromkeys(header["tables"], 0)
    try:
        with store.engine.begin() as conn:
            if not into_existing:
                _must_be_empty(conn, tables.values())
            pending: list[dict[str, Any]] = []
            current: Table | None = None
            first = 0
            review_ids: dict[int, int] = {}  # with into_existing: a review's number in the file -> in the store
            for lineno, obj in lines:
                tab, row = _row(path, lineno, obj, tables)
                if into_existing:
                    if tab.name == "reviews":  # numbered one by one: the new number is needed at once
                        _flush(conn, path, current, pending, first, lineno - 1)
                        current, pending = None, []
                        old = row.pop("id")
                        review_ids[old] = _insert_review(conn, path, lineno, tab, row)
                        got["reviews"] = got.get("reviews", 0) + 1
                        continue
                    row = _renumbered(tab, row, review_ids)
                if tab is not current or len(pending) >= INSERT_CHUNK:
                    _flush(conn, path, current, pending, first, lineno - 1)
                    current, pending, first = tab, [], lineno
                pending.append(row)
                got[tab.name] = got.get(tab.name, 0) + 1
            _flush(conn, path, current, pending, first, first + len(pending) - 1)
            _check_counts(path, header["tables"], got)
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn, tables.values())
    except SQLAlchemyError as exc:
        raise StoreError(f"could not restore {path}: {exc}") from exc
    return got


def _header(path: Path, first: tuple[int, dict[str, Any]] | None) -> dict[str, Any]:
    if first is None:
        raise BackupError(f"{path}: empty file, not a conflictwire backup")
    lineno, obj = first
    if obj.get("format") != BACKUP_FORMAT:
        hint = " (it looks like an incident export: make a backup with `conflictwire export --format backup`)" \
            if "id" in obj and "event_type" in obj else ""
        raise BackupError(f"{path}:{lineno}: not a conflictwire backup: the first line has no "
                          f"\"format\": \"{BACKUP_FORMAT}\"{hint}")
    version = obj.get("version")
    if not isinstance(version, int) or version > BACKUP_VERSION:
        raise BackupError(f"{path}:{lineno}: backup format version {version!r}; this conflictwire reads "
                          f"versions up to {BACKUP_VERSION}")
    counts = obj.get("tables")
    if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
        raise BackupError(f"{path}:{lineno}: the header has no \"tables\" object of row counts")
    return obj


def _must_be_empty(conn: Connection, tables: Any) -> None:
    held = {tab.name: n for tab in tables if (n := conn.execute(select(func.count()).select_from(tab)).scalar_one())}
    if held:
        listed = ", ".join(f"{n:,} {name}" for name, n in sorted(held.items()))
        raise BackupError(f"the target database is not empty ({listed}); restore into an empty database, "
                          "or pass --into-existing to add the backup's rows to these")


def _row(path: Path, lineno: int, obj: dict[str, Any], tables: dict[str, Table]) -> tuple[Table, dict[str, Any]]:
    """The table and the decoded column values of one row line."""
    tab = tables.get(obj.get("table"))  # type: ignore[arg-type]
    row = obj.get("row")
    if tab is None or not isinstance(row, dict):
        what = f"unknown table {obj.get('table')!r}" if tab is None else "no \"row\" object"
        raise BackupError(f"{path}:{lineno}: {what}")
    extra = set(row) - set(tab.columns.keys())
    if extra:
        raise BackupError(f"{path}:{lineno}: table {tab.name} has no column {', '.join(sorted(extra))}")
    try:
        return tab, {name: _decode(tab.columns[name], value) for name, value in row.items()}
    except (ValueError, TypeError) as exc:
        raise BackupError(f"{path}:{lineno}: table {tab.name}: {exc}") from exc


def _decode(col: Column, value: Any) -> Any:
    """A JSON value back to what the column holds; a value of the wrong kind is a ValueError naming the column."""
    if value is None or isinstance(col.type, JSON):
        return value
    try:
        if isinstance(col.type, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(col.type, Date):
            return date.fromisoformat(value)
        if isinstance(col.type, LargeBinary):
            return base64.b64decode(value, validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"column {col.name}: {value!r} is not a {col.type.__class__.__name__} value") from exc
    if isinstance(col.type, Integer) and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError(f"column {col.name}: {value!r} is not an integer")
    return value


def _insert_review(conn: Connection, path: Path, lineno: int, tab: Table, row: dict[str, Any]) -> int:
    try:
        return conn.execute(tab.insert().values(**row)).inserted_primary_key[0]
    except SQLAlchemyError as exc:
        raise BackupError(f"{path}: line {lineno} (table reviews) cannot be stored: {exc}") from exc


def _renumbered(tab: Table, row: dict[str, Any], review_ids: dict[int, int]) -> dict[str, Any]:
    """A row to add beside existing ones: the database numbers it, and its review ids follow the reviews'.

    The review ids cited inside JSON are the ones the review layer writes: a history entry's
    `change.review_id`, and `review_overrides[field].review_id` on an incident.
    """
    if _serial(tab):
        row = {k: v for k, v in row.items() if k not in {c.name for c in tab.primary_key.columns}}
    if tab.name == "review_links":
        row["review_id"] = review_ids.get(row["review_id"], row["review_id"])
    elif tab.name == "incident_history" and isinstance(row.get("change"), dict) and "review_id" in row["change"]:
        row["change"] = {**row["change"], "review_id": review_ids.get(row["change"]["review_id"],
                                                                     row["change"]["review_id"])}
    elif tab.name == "incidents" and isinstance(row.get("review_overrides"), dict):
        row["review_overrides"] = {
            name: {**o, "review_id": review_ids.get(o["review_id"], o["review_id"])}
            if isinstance(o, dict) and "review_id" in o else o for name, o in row["review_overrides"].items()}
    return row


def _flush(conn: Connection, path: Path, tab: Table | None, rows: list[dict[str, Any]], first: int,
           last: int) -> None:
    if tab is None or not rows:
        return
    try:
        conn.execute(tab.insert(), rows)
    except SQLAlchemyError as exc:
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        raise BackupError(f"{path}: {where} (table {tab.name}) cannot be stored: "
                          f"{exc.orig if getattr(exc, 'orig', None) else exc}; nothing was restored") from exc


def _check_counts(path: Path, expected: dict[str, int], got: dict[str, int]) -> None:
    short = [f"{name}: {got.get(name, 0):,} of {n:,}" for name, n in expected.items() if got.get(name, 0) != n]
    if short:
        raise BackupError(f"{path}: the file does not hold the rows its header counts ({'; '.join(short)}): "
                          "a truncated or edited backup; nothing was restored")


def _advance_sequences(conn: Connection, tables: Any) -> None:
    """PostgreSQL hands out serial ids from a sequence that explicit ids do not move: move it past them."""
    for tab in tables:
        for col in tab.primary_key.columns if _serial(tab) else ():
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:t, :c), coalesce(max({col.name}), 1), "
                f"max({col.name}) IS NOT NULL) FROM {tab.name}"), {"t": tab.name, "c": col.name})
