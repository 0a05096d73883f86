"""`Store`: the one class that owns the database (SQLite by default, PostgreSQL by URL).

The CLI, benchmarks and the future API call `Store` methods and never write SQL;
`Store("sqlite://")` is an in-memory database for tests.  Writes are batched: one
transaction per batch of article results, so a crash loses at most the batch in
flight and never leaves half an article behind.

Every write transaction goes through `Store._write`, which makes writers take turns: on
SQLite it begins with `BEGIN IMMEDIATE` (the write lock is taken before the first read, so
a writer never reads a snapshot another process then changes under it), and on PostgreSQL
it takes a transaction-level advisory lock first (two processes never link against each
other's uncommitted reports, so two reports of one incident end as one incident).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import ReviewError, StoreError, UnknownIncident
from ..link.reconcile import report_order
from ..models import Article, ArticleResult, Evidence, Figure, Incident, Mention, Place, Rejection
from . import query as q
from . import reviewing
from . import reviews as rv
from . import schema as t
from . import tokens as tok
from . import trends as tr
from .linking import INCIDENT_COLUMNS as _INCIDENT_COLUMNS
from .linking import LinkOutcome, SqlLinkIndex, apply_clusters, chunks, mention_row
from .query import Breakdown, IncidentFilter, Sort
from .trends import Period, TrendRule, Trends

if TYPE_CHECKING:
    from ..link import Linking

__all__ = ["DEFAULT_BUSY_TIMEOUT", "EXTRACTOR_VERSION", "BatchOutcome", "Checkpoint", "FigurePage", "IncidentFilter",
           "IncidentPage", "Store"]

log = logging.getLogger(__name__)
EXTRACTOR_VERSION = "0.1.0"
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds an SQLite writer waits for another's write lock (Settings.db_busy_timeout)
# the advisory lock every PostgreSQL write transaction takes, one per schema (see `Store._write`)
_PG_WRITE_LOCK = "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/conflictwire-write'))"


def _now() -> datetime:
    return datetime.now(UTC)


def _epoch(at: datetime | None) -> int | None:
    """Unix seconds of a stored time: SQLite hands back a naive value, which the store wrote in UTC."""
    if at is None:
        return None
    return int((at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp())


def stable_id(prefix: str, *parts: str) -> str:
    """Short, deterministic id: reprocessing the same article addresses the same record."""
    return prefix + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class BatchOutcome:
    """What one batch wrote: articles, and what linking did with their reports."""

    written: int = 0
    link: LinkOutcome = field(default_factory=LinkOutcome)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a unit of input (an ingest run, a watched file or feed entry) is stored.

    `key` names the unit (a hash of what it is), `label` says it for a person, `position` is
    how many of its items (articles and rejections) are stored, and `complete` that all are.
    It is written in the same transaction as those items, so it can never run ahead of them
    nor lag behind.
    """

    key: str
    label: str
    position: int
    complete: bool = False


@dataclass(slots=True)
class IncidentPage:
    """One page of a filtered, sorted query, the total that matched, and how to ask for the next."""

    incidents: list[Incident]
    total: int
    limit: int
    offset: int
    next_cursor: str | None  # None on the last page


@dataclass(slots=True)
class FigurePage:
    figures: list[Figure]
    total: int
    limit: int
    offset: int


class Store:
    """A conflictwire database. Creates or migrates its schema (Alembic) when opened.

    `create=False` is how reading commands open a store: a database that does not exist yet
    (a mistyped `--db`) is a clear error, never a new empty file, and a database without
    conflictwire's schema is not given one.
    """

    def __init__(self, url: str = "sqlite://", *, engine: Engine | None = None, migrate: bool = True,
                 create: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.url = url
        self.busy_timeout = busy_timeout
        if not create and engine is None:
            self._must_exist(url)
        try:
            self.engine = engine or self._make_engine(url, create=create, busy_timeout=busy_timeout)
            if not create and not inspect(self.engine).has_table("alembic_version"):
                self.engine.dispose()
                raise StoreError(f"{self._safe_url()} is not a conflictwire database (it has no conflictwire "
                                 "schema); ingest into it first, or check --db")
            if migrate:
                self.migrate()
        except (SQLAlchemyError, OSError, ValueError) as exc:
            raise StoreError(f"cannot open database {self._safe_url()}: {exc.__class__.__name__}: {exc}") from exc

    @staticmethod
    def _must_exist(url: str) -> None:
        """An SQLite file a read opens must be there: SQLite would otherwise create it, empty."""
        path = _sqlite_path(url)
        if path is not None and not path.is_file():
            raise StoreError(f"no database at {path}: nothing has been ingested there "
                             "(check --db or $CONFLICTWIRE_DB, or run `conflictwire ingest` first)")

    # ------------------------------------------------------------ lifecycle

    @staticmethod
    def _make_engine(url: str, *, create: bool = True, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
        if url.startswith("sqlite"):
            kwargs: dict[str, Any] = {"connect_args": {"timeout": busy_timeout}}
            if url in ("sqlite://", "sqlite:///:memory:"):
                kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
            else:
                path = _sqlite_path(url)
                if path is not None and create:
                    path.parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, **kwargs)
            memory = url in ("sqlite://", "sqlite:///:memory:")

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_conn: Any, _record: Any) -> None:
                if not memory:
                    # the driver's own implicit BEGIN is switched off: `_begin` issues it, so that a
                    # write transaction can ask for the write lock up front (BEGIN IMMEDIATE)
                    dbapi_conn.isolation_level = None
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                if not memory:
                    cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

            if not memory:  # an in-memory database has one connection, shared by threads: no other writer

                @event.listens_for(engine, "begin")
                def _begin(conn: Connection) -> None:
                    opts = conn.get_execution_options()
                    if opts.get("isolation_level") != "AUTOCOMMIT":  # VACUUM, for one, runs outside a transaction
                        conn.exec_driver_sql("BEGIN IMMEDIATE" if opts.get("cw_write") else "BEGIN")

            return engine
        return create_engine(url, pool_pre_ping=True)

    @contextmanager
    def _write(self, *, serialize: bool = True) -> Iterator[Connection]:
        """One write transaction, taken in turn with every other writer of this database.

        Why: SQLite allows one writer, and a deferred transaction that read before writing
        fails at once ("database is locked", whatever the busy timeout) when another process
        wrote in between; `BEGIN IMMEDIATE` waits for the lock instead (up to the busy timeout).
        On PostgreSQL, linking reads the stored reports and writes incidents from them: two
        batches doing that at once would each miss the other's reports, so writes that link
        (`serialize`) hold one advisory lock per schema. Reading is never blocked.
        """
        with self.engine.connect() as conn:
            conn.execution_options(cw_write=True)
            with conn.begin():
                if serialize and self.engine.dialect.name == "postgresql":
                    conn.execute(text(_PG_WRITE_LOCK))
                yield conn

    def _busy(self, exc: SQLAlchemyError) -> str:
        """A clear sentence for SQLite's busy error (another writer held the lock past the busy timeout)."""
        if isinstance(exc, OperationalError) and "database is locked" in str(exc):
            return (f"the database is busy: another process held its write lock for more than "
                    f"{self.busy_timeout:g} s (the busy timeout; raise it with CONFLICTWIRE_DB_BUSY_TIMEOUT). "
                    "Nothing of this transaction was written; run the command again to go on")
        return str(exc)

    def _safe_url(self) -> str:
        return self.url.split("@")[-1] if "@" in self.url else self.url

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        head = ScriptDirectory.from_config(cfg).get_current_head()
        if self._schema_version() == head:
            return  # the usual case: no write lock taken, so opening never waits for a busy writer
        # two processes opening a new database at once: the second waits, then finds it at head
        with self._write() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def _schema_version(self) -> str | None:
        with self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    @staticmethod
    def sqlite_file(url: str) -> Path | None:
        """The file an SQLite URL names (None in memory and on other backends)."""
        return _sqlite_path(url)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writes

    def has_article(self, content_hash: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(
                select(t.articles.c.id).where(t.articles.c.content_hash == content_hash)
            ).first() is not None

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(set(hashes))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(conn.execute(
                    select(t.articles.c.content_hash).where(t.articles.c.content_hash.in_(chunk))
                ).scalars())
        return found

    def save_results(self, results: Sequence[ArticleResult], linking: Linking | None = None) -> int:
        """Persist a batch in one transaction; articles already stored (same content hash) are skipped.

        Returns the number of articles written. See `save_batch` for what linking did.
        """
        return self.save_batch(results, linking).written

    def save_batch(self, results: Sequence[ArticleResult], linking: Linking | None = None, *,
                   rejections: Sequence[Rejection] = (), checkpoints: Sequence[Checkpoint] = ()) -> BatchOutcome:
        """Persist a batch and, with `linking`, link its reports to the stored ones, in one transaction.

        Either the articles, their reports, every incident they change, the batch's rejections
        and the checkpoints that say how far the input is stored are committed together, or
        nothing is: a crash never leaves a report half linked, nor a checkpoint past what is stored.
        """
        out = BatchOutcome()
        try:
            with self._write() as conn:
                now = _now()
                saved: list[ArticleResult] = []
                for result in results:
                    if self._save_one(conn, result, now):
                        saved.append(result)
                out.written = len(saved)
                if linking is not None and saved:
                    out.link = self._link_batch(conn, saved, linking, now)
                self._insert_rejections(conn, rejections)
                self._put_checkpoints(conn, checkpoints, now)
        except SQLAlchemyError as exc:
            raise StoreError(f"could not write a batch of {len(results)} articles: {self._busy(exc)}") from exc
        return out

    # ------------------------------------------------------------ checkpoints (migration 0006)

    @staticmethod
    def _put_checkpoints(conn: Connection, items: Sequence[Checkpoint], now: datetime) -> None:
        c = t.ingest_checkpoints.c
        for cp in items:
            values = {"label": cp.label, "position": cp.position, "complete": cp.complete, "updated_at": now}
            if conn.execute(update(t.ingest_checkpoints).where(c.key == cp.key).values(**values)).rowcount == 0:
                conn.execute(insert(t.ingest_checkpoints).values(key=cp.key, **values))

    def checkpoints(self, keys: Iterable[str]) -> dict[str, Checkpoint]:
        """The stored checkpoints among `keys` (a unit never stored has none)."""
        c = t.ingest_checkpoints.c
        out: dict[str, Checkpoint] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(sorted(set(keys))):
                for r in conn.execute(select(t.ingest_checkpoints).where(c.key.in_(chunk))).mappings():
                    out[r["key"]] = Checkpoint(r["key"], r["label"], r["position"], bool(r["complete"]))
        return out

    def save_checkpoints(self, items: Sequence[Checkpoint]) -> None:
        """Write checkpoints alone (a unit that yielded nothing to store, such as an empty feed)."""
        if items:
            with self._write(serialize=False) as conn:
                self._put_checkpoints(conn, items, _now())

    def drop_checkpoint(self, key: str) -> None:
        """Forget a checkpoint (an ingest run that finished: the same command later reads its inputs again)."""
        with self._write(serialize=False) as conn:
            conn.execute(delete(t.ingest_checkpoints).where(t.ingest_checkpoints.c.key == key))

    def _link_batch(self, conn: Connection, saved: Sequence[ArticleResult], linking: Linking,
                    now: datetime) -> LinkOutcome:
        index = SqlLinkIndex(conn)
        dups = 0
        for r in saved:
            dups += bool(index.add_signature(r.article.id, r.article.text, linking.neardup))
        fresh = [inc.id for r in saved for inc in r.incidents]
        clusters = linking.linker.link(index.keys(fresh), index)
        outcome = apply_clusters(conn, index, clusters, now=now, policy=linking.policy, scales=linking.scales,
                                 extractor_version=EXTRACTOR_VERSION, cause="ingest", fresh=set(fresh))
        outcome.near_duplicates = dups
        return outcome

    def relink(self, linking: Linking, date_from: date | None = None, date_to: date | None = None) -> LinkOutcome:
        """Score and cluster again the reports of a date range (after a rule, weight or model change)."""
        m = t.mentions.c
        try:
            with self._write() as conn:
                self._backfill_mentions(conn)
                conds = []
                if date_from:
                    conds.append(m.event_date >= date_from)
                if date_to:
                    conds.append(m.event_date <= date_to)
                ids = list(conn.execute(select(m.id).where(*conds).order_by(m.id)).scalars())
                index = SqlLinkIndex(conn)
                # articles stored without linking (`ingest --no-link`) get their near-duplicate signatures now
                unsigned = select(t.articles.c.id, t.articles.c.text).where(
                    t.articles.c.id.not_in(select(t.article_signatures.c.article_id)))
                for aid, text in list(conn.execute(unsigned)):
                    index.add_signature(aid, text, linking.neardup)
                index.forget_pairs(ids)
                clusters = linking.linker.link(index.keys(ids), index)
                return apply_clusters(conn, index, clusters, now=_now(), policy=linking.policy,
                                      scales=linking.scales, extractor_version=EXTRACTOR_VERSION, cause="relink")
        except SQLAlchemyError as exc:
            raise StoreError(f"could not relink: {exc}") from exc

    def _backfill_mentions(self, conn: Connection) -> None:
        """Incidents stored before linking existed become one report each (their record as it stands)."""
        m = t.mentions.c
        legacy = [r["id"] for r in conn.execute(select(t.incidents.c.id).where(
            t.incidents.c.id.not_in(select(m.incident_id)))).mappings()]
        now = _now()
        for chunk in chunks(legacy):
            rows = list(conn.execute(select(t.incidents).where(t.incidents.c.id.in_(chunk))).mappings())
            for inc in self._hydrate(conn, rows):
                aid = inc.article_ids[0] if inc.article_ids else ""
                if aid:
                    conn.execute(insert(t.mentions).values(**mention_row(
                        Mention(id=inc.id, article_id=aid, record=inc, incident_id=inc.id), 0, now)))

    def _save_one(self, conn: Connection, result: ArticleResult, now: datetime) -> int:
        art = result.article
        if conn.execute(select(t.articles.c.id).where(t.articles.c.content_hash == art.content_hash)).first():
            return 0
        art_id = art.id
        if conn.execute(select(t.articles.c.id).where(t.articles.c.id == art_id)).first():
            # same id, different text (e.g. two files both named article.txt): keep both, distinctly
            art_id = f"{art.id}~{art.content_hash[:8]}"
            self._rename_article(result, art_id)
        meta = dict(art.metadata)
        if result.notes:  # why a field stayed empty (no date, unknown place): kept for the analyst
            meta["processing_notes"] = list(result.notes)
        conn.execute(insert(t.articles).values(
            id=art_id, content_hash=art.content_hash, url=art.url, source=art.source, title=art.title,
            text=art.text, published=art.published, language=art.language, meta=meta or None,
            ingested_at=now,
        ))
        vectors = list(result.vectors) + [None] * (len(result.incidents) - len(result.vectors))
        for pos, inc in enumerate(result.incidents):
            if not inc.id:
                inc.id = stable_id("inc-", art.content_hash, str(pos))
            if not inc.article_ids:
                inc.article_ids = [art_id]
            # the report as this article tells it; until linking says otherwise it is its own incident
            conn.execute(insert(t.mentions).values(**mention_row(
                Mention(id=inc.id, article_id=art_id, record=inc, outlet=art.source or "", published=art.published,
                        incident_id=inc.id, vector=vectors[pos], summary=result.summary), pos, now)))
            row = {c: getattr(inc, c) for c in _INCIDENT_COLUMNS}
            conn.execute(insert(t.incidents).values(
                **row, extractor_version=EXTRACTOR_VERSION, created_at=now, updated_at=now))
            for apos, aid in enumerate(inc.article_ids):
                conn.execute(insert(t.incident_articles).values(incident_id=inc.id, article_id=aid, position=apos))
            self._insert_evidence(conn, inc.evidence, incident_id=inc.id)
            change: dict[str, Any] = {"article_id": art_id, "mention_id": inc.id, "outlet": art.source or "",
                                      "extractor": EXTRACTOR_VERSION}
            if inc.remarks:
                change["remarks"] = list(inc.remarks)
            conn.execute(insert(t.incident_history).values(
                incident_id=inc.id, at=now, cause="extracted", change=change))
        for pos, fig in enumerate(result.figures):
            if not fig.id:
                fig.id = stable_id("fig-", art.content_hash, str(pos))
            conn.execute(insert(t.figures).values(
                id=fig.id, kind=fig.kind, value=fig.value, value_low=fig.value_low, value_high=fig.value_high,
                as_of=fig.as_of, projection=fig.projection, claimant=fig.claimant,
                article_ids=fig.article_ids or [art_id], created_at=now))
            self._insert_evidence(conn, fig.evidence, figure_id=fig.id)
        if result.places:
            conn.execute(insert(t.places), [
                {"article_id": art_id, "start_char": p.start, "end_char": p.end, "name": p.name,
                 "latitude": p.latitude, "longitude": p.longitude, "geonameid": p.geonameid,
                 "feature_code": p.feature_code, "country": p.country, "admin1": p.admin1, "admin2": p.admin2,
                 "geo_precision": p.geo_precision, "reason": p.reason}
                for p in result.places])
        return 1

    @staticmethod
    def _rename_article(result: ArticleResult, new_id: str) -> None:
        old = result.article.id
        result.article.id = new_id
        for rec in [*result.incidents, *result.figures]:
            rec.article_ids = [new_id if a == old else a for a in rec.article_ids]
            for ev in rec.evidence:
                if ev.article_id == old:
                    ev.article_id = new_id

    @staticmethod
    def _insert_evidence(conn: Connection, items: list[Evidence], **owner: str) -> None:
        if items:
            conn.execute(insert(t.evidence), [
                {**owner, "field": ev.field, "article_id": ev.article_id, "start_char": ev.start,
                 "end_char": ev.end, "text": ev.text} for ev in items])

    def add_rejections(self, items: Sequence[Rejection]) -> None:
        if not items:
            return
        with self._write(serialize=False) as conn:
            self._insert_rejections(conn, items)

    @staticmethod
    def _insert_rejections(conn: Connection, items: Sequence[Rejection]) -> None:
        if items:
            conn.execute(insert(t.rejections), [
                {"source": r.source, "reason": r.reason, "detail": r.detail, "at": r.at or _now()} for r in items])

    # ------------------------------------------------------------ reads

    def count(self, table: str) -> int:
        tab = t.metadata.tables[table]
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tab)).scalar_one())

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        query = select(t.articles).order_by(t.articles.c.ingested_at, t.articles.c.id)
        if ids is not None:
            query = query.where(t.articles.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            for r in conn.execute(query).mappings():
                yield Article(id=r["id"], text=r["text"], title=r["title"] or "", url=r["url"], source=r["source"],
                              published=r["published"], language=r["language"], metadata=r["meta"] or {},
                              content_hash=r["content_hash"])

    def get_article(self, article_id: str) -> Article | None:
        return next(self.articles([article_id]), None)

    def incidents(self, flt: IncidentFilter | None = None, *, with_reports: bool = False) -> list[Incident]:
        """Incidents matching `flt`, with their article ids and evidence, oldest first.

        `with_reports` also loads each incident's reports (`Incident.mentions`) and version log.
        """
        flt = flt or IncidentFilter()
        c = t.incidents.c
        query = select(t.incidents).where(*q.conditions(flt)).order_by(c.event_date, c.created_at, c.id)
        if flt.limit:
            query = query.limit(flt.limit)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query).mappings())
            return self._hydrate(conn, rows, with_reports=with_reports)

    def incident_page(self, flt: IncidentFilter | None = None, sort: Sort | None = None, *, limit: int = 100,
                      offset: int = 0, cursor: str | None = None, with_reports: bool = False) -> IncidentPage:
        """One page of incidents matching `flt` in `sort`'s order, and how many matched in all.

        Continue with `offset`, or with the page's `next_cursor` (fast at any depth, stable
        while incidents are added). A cursor another sort made raises `query.CursorError`.
        """
        flt, sort = flt or IncidentFilter(), sort or Sort()
        with self.engine.connect() as conn:
            total = int(conn.execute(q.count_query(flt)).scalar_one())
            rows = list(conn.execute(q.page_query(flt, sort, limit=limit, offset=offset, cursor=cursor)).mappings())
            items = self._hydrate(conn, rows, with_reports=with_reports)
        more = len(rows) == limit and (cursor is not None or offset + limit < total)
        return IncidentPage(items, total, limit, offset, q.encode_cursor(sort, rows[-1]) if more and rows else None)

    def iter_incidents(self, flt: IncidentFilter | None = None, sort: Sort | None = None, *, chunk: int = 1000,
                       with_reports: bool = False) -> Iterator[Incident]:
        """Every incident matching `flt`, in order, read `chunk` at a time (exports of any size)."""
        flt, sort = flt or IncidentFilter(), sort or Sort()
        cursor, left = None, flt.limit
        while left is None or left > 0:
            size = chunk if left is None else min(chunk, left)
            with self.engine.connect() as conn:
                rows = list(conn.execute(q.page_query(flt, sort, limit=size, cursor=cursor)).mappings())
                items = self._hydrate(conn, rows, with_reports=with_reports)
            yield from items
            if len(rows) < size:
                return
            cursor = q.encode_cursor(sort, rows[-1])
            left = None if left is None else left - len(rows)

    def count_incidents(self, flt: IncidentFilter | None = None) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(q.count_query(flt or IncidentFilter())).scalar_one())

    def breakdown(self, flt: IncidentFilter | None = None, *, top: int = 50) -> Breakdown:
        """Counts and fatalities by day, week, type, actor and admin1 (see `query.breakdown`)."""
        with self.engine.connect() as conn:
            return q.breakdown(conn, flt or IncidentFilter(), top=top)

    def trends(self, flt: IncidentFilter | None = None, *, end: date | None = None, period: Period = "week",
               baseline: int = 4, rule: TrendRule | None = None) -> Trends:
        """Per admin1, this period against the `baseline` periods before it, rises flagged (see `trends.trends`)."""
        with self.engine.connect() as conn:
            return tr.trends(conn, flt, end=end, period=period, baseline=baseline, rule=rule)

    def resolve_id(self, incident_id: str) -> str:
        """The id an incident has now: a merge retires ids, and their aliases point to the survivor.

        A report that joined a known incident never named one, but its own id (the id its incident
        would have had alone) is followed to the incident it joined, so no id a user saw dead-ends.
        """
        with self.engine.connect() as conn:
            new = conn.execute(select(t.incident_aliases.c.new_id)
                               .where(t.incident_aliases.c.old_id == incident_id)).scalar()
            if new is None:
                new = conn.execute(select(t.mentions.c.incident_id).where(
                    t.mentions.c.id == incident_id, t.mentions.c.incident_id != incident_id)).scalar()
        return new or incident_id

    def get_incident(self, incident_id: str) -> Incident | None:
        """One incident with its evidence, its reports and its version log (a retired id is followed)."""
        wanted = self.resolve_id(incident_id)
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(t.incidents).where(t.incidents.c.id == wanted)).mappings())
            found = self._hydrate(conn, rows, with_reports=True)
        return found[0] if found else None

    def near_duplicates(self, article_id: str) -> list[tuple[str, float]]:
        """Stored articles whose text is a near-duplicate of this one's, with their similarity."""
        d = t.article_duplicates.c
        with self.engine.connect() as conn:
            return [(o, s) for o, s in conn.execute(select(d.other_id, d.similarity)
                                                    .where(d.article_id == article_id).order_by(d.other_id))]

    def _hydrate(self, conn: Connection, rows: list[Any], *, with_reports: bool = False) -> list[Incident]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        links: dict[str, list[str]] = {i: [] for i in ids}
        evid: dict[str, list[Evidence]] = {i: [] for i in ids}
        remarks: dict[str, list[str]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for r in conn.execute(select(t.incident_articles).where(t.incident_articles.c.incident_id.in_(chunk))
                                  .order_by(t.incident_articles.c.position)).mappings():
                links[r["incident_id"]].append(r["article_id"])
            for r in conn.execute(select(t.evidence).where(t.evidence.c.incident_id.in_(chunk))
                                  .order_by(t.evidence.c.id)).mappings():
                evid[r["incident_id"]].append(
                    Evidence(r["field"], r["article_id"], r["start_char"], r["end_char"], r["text"]))
            for r in conn.execute(select(t.incident_history).where(t.incident_history.c.incident_id.in_(chunk))
                                  .order_by(t.incident_history.c.id)).mappings():
                remarks[r["incident_id"]].extend((r["change"] or {}).get("remarks", []))
        out = []
        for r in rows:
            inc = Incident(**{c: r[c] for c in _INCIDENT_COLUMNS}, timestamp=_epoch(r["updated_at"]),
                           review_status=r["review_status"] or "", overrides=dict(r["review_overrides"] or {}))
            inc.article_ids = links[inc.id]
            # a field a reviewer set is supported by their note, not by the machine's spans
            inc.evidence = evid[inc.id] + [rv.note_evidence(k, o) for k, o in sorted(inc.overrides.items())]
            inc.remarks = list(dict.fromkeys(remarks[inc.id]))
            out.append(inc)
        if with_reports:
            self._attach_reports(conn, out)
        return out

    @staticmethod
    def _attach_reports(conn: Connection, incs: list[Incident]) -> None:
        by_id = {inc.id: inc for inc in incs}
        index = SqlLinkIndex(conn)
        for chunk in chunks(list(by_id)):
            mids = list(conn.execute(select(t.mentions.c.id).where(t.mentions.c.incident_id.in_(chunk))).scalars())
            for m in sorted(index.mentions(mids).values(), key=report_order):
                by_id[m.incident_id].mentions.append(m)
            for h in conn.execute(select(t.incident_history).where(t.incident_history.c.incident_id.in_(chunk))
                                  .order_by(t.incident_history.c.id)).mappings():
                by_id[h["incident_id"]].history.append(
                    {"at": h["at"], "cause": h["cause"], "change": h["change"] or {}})
        logs = rv.review_logs(conn, {inc.id: [m.id for m in inc.mentions] for inc in incs})
        for inc in incs:
            inc.reviews = logs[inc.id]

    def figures(self, article_id: str | None = None) -> list[Figure]:
        with self.engine.connect() as conn:
            rows = list(conn.execute(select(t.figures).order_by(t.figures.c.created_at, t.figures.c.id)).mappings())
            evid: dict[str, list[Evidence]] = {}
            for r in conn.execute(select(t.evidence).where(t.evidence.c.figure_id.is_not(None))).mappings():
                evid.setdefault(r["figure_id"], []).append(
                    Evidence(r["field"], r["article_id"], r["start_char"], r["end_char"], r["text"]))
        figs = [_figure(r, evid.get(r["id"], [])) for r in rows]
        return [f for f in figs if article_id is None or article_id in f.article_ids]

    def figure_page(self, *, kind: str | None = None, date_from: date | None = None, date_to: date | None = None,
                    limit: int = 100, offset: int = 0) -> FigurePage:
        """Humanitarian figures by kind and as-of date, newest first, with the total that matched."""
        f = t.figures.c
        conds = []
        if kind:
            conds.append(func.lower(f.kind) == kind.lower())
        if date_from:
            conds.append(f.as_of >= date_from)
        if date_to:
            conds.append(f.as_of <= date_to)
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(t.figures).where(*conds)).scalar_one())
            rows = list(conn.execute(select(t.figures).where(*conds)
                                     .order_by(f.as_of.is_(None), f.as_of.desc(), f.id)
                                     .limit(limit).offset(offset)).mappings())
            evid: dict[str, list[Evidence]] = {}
            for chunk in chunks([r["id"] for r in rows]):
                for r in conn.execute(select(t.evidence).where(t.evidence.c.figure_id.in_(chunk))
                                      .order_by(t.evidence.c.id)).mappings():
                    evid.setdefault(r["figure_id"], []).append(
                        Evidence(r["field"], r["article_id"], r["start_char"], r["end_char"], r["text"]))
        figs = [_figure(r, evid.get(r["id"], [])) for r in rows]
        return FigurePage(figs, total, limit, offset)

    def article_ids_by_hash(self, hashes: Iterable[str]) -> dict[str, str]:
        """The stored article id of each content hash the store holds (an API caller's own ids may differ)."""
        wanted = list(set(hashes))
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(wanted):
                # row by row: a Result has .keys(), so dict.update() would take it for a mapping
                rows = conn.execute(select(t.articles.c.content_hash, t.articles.c.id)
                                    .where(t.articles.c.content_hash.in_(chunk)))
                found.update((h, i) for h, i in rows)
        return found

    # ------------------------------------------------------------ review (see reviews.py, reviewing.py)

    def _review(self, action: str, job: Any) -> Any:
        """Run one review action in its own transaction; a database failure is a `StoreError`."""
        try:
            with self._write() as conn:
                return job(conn, _now())
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {action}: {self._busy(exc)}") from exc

    def review_accept(self, incident_id: str, who: str, why: str) -> Incident:
        """Mark an incident accepted (it counts as checked; an accept also undoes an earlier reject)."""
        done = self._review("accept", lambda conn, now: reviewing.accept_or_reject(
            conn, incident_id, "accept", who=who, why=why, now=now))
        return self._reviewed(done)

    def review_reject(self, incident_id: str, who: str, why: str) -> Incident:
        """Mark an incident rejected: kept, with its reports, but left out of lists and exports by default."""
        done = self._review("reject", lambda conn, now: reviewing.accept_or_reject(
            conn, incident_id, "reject", who=who, why=why, now=now))
        return self._reviewed(done)

    def review_edit(self, incident_id: str, field: str, value: Any, who: str, why: str) -> Incident:
        """Set one field by hand; it keeps that value through re-extraction and relinking.

        `value` is checked against the field's type (text from a command line is read as it);
        an unknown field or a bad value raises `ReviewError` naming it.
        """
        done = self._review("edit", lambda conn, now: reviewing.edit(
            conn, incident_id, field, value, who=who, why=why, now=now))
        return self._reviewed(done)

    def review_merge(self, a: str, b: str, who: str, why: str, *, linking: Linking | None = None) -> Incident:
        """Make two incidents one; their reports stay together on every relink. Returns the merged incident."""
        link = linking or _default_linking()

        def job(conn: Connection, now: datetime) -> str:
            self._backfill_mentions(conn)
            return reviewing.merge(conn, [a, b], who=who, why=why, now=now, policy=link.policy, scales=link.scales,
                                   extractor_version=EXTRACTOR_VERSION)

        return self._reviewed(self._review("merge", job))

    def review_split(self, incident_id: str, parts: Sequence[str], who: str, why: str, *,
                     linking: Linking | None = None) -> list[Incident]:
        """Move reports (by report or article id) out of an incident into one of their own; they never rejoin
        on a relink. Returns the new incident, then the rest."""
        if isinstance(parts, str):
            raise ReviewError("give a list of report or article ids", param="ids")
        link = linking or _default_linking()

        def job(conn: Connection, now: datetime) -> list[str]:
            self._backfill_mentions(conn)
            return reviewing.split(conn, incident_id, list(parts), who=who, why=why, now=now, policy=link.policy,
                                   scales=link.scales, extractor_version=EXTRACTOR_VERSION)

        return [self._reviewed(i) for i in self._review("split", job)]

    def reviews(self, incident_id: str) -> list[dict[str, Any]]:
        """The review log of an incident, oldest first: action, field, old and new value, by, at, why."""
        inc = self.get_incident(incident_id)
        if inc is None:
            raise UnknownIncident(f"no incident {incident_id!r}", param="incident_id")
        return inc.reviews

    def _reviewed(self, incident_id: str) -> Incident:
        inc = self.get_incident(incident_id)
        if inc is None:  # the action's own transaction just wrote it
            raise StoreError(f"incident {incident_id} vanished after its review")
        return inc

    # ------------------------------------------------------------ API tokens (see tokens.py)

    def create_token(self, name: str) -> tuple[tok.TokenInfo, str]:
        """A new API token: its record and the secret, which is not stored and cannot be shown again."""
        with self._write(serialize=False) as conn:
            return tok.create_token(conn, name)

    def tokens(self) -> list[tok.TokenInfo]:
        with self.engine.connect() as conn:
            return tok.list_tokens(conn)

    def revoke_token(self, ident: str) -> list[tok.TokenInfo]:
        """Revoke active tokens by id, name or shown prefix; returns the ones revoked."""
        with self._write(serialize=False) as conn:
            return tok.revoke_token(conn, ident)

    def check_token(self, token: str, *, touch: bool = True) -> tok.TokenInfo | None:
        """The active token `token` is, or None (a revoked or unknown token is None)."""
        if not touch:
            with self.engine.connect() as conn:
                return tok.check_token(conn, token, touch=False)
        with self._write(serialize=False) as conn:
            return tok.check_token(conn, token, touch=touch)

    def places(self, article_id: str) -> list[Place]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.places).where(t.places.c.article_id == article_id)
                                .order_by(t.places.c.start_char)).mappings()
            return [Place(start=r["start_char"], end=r["end_char"], name=r["name"], latitude=r["latitude"],
                          longitude=r["longitude"], geonameid=r["geonameid"], feature_code=r["feature_code"],
                          country=r["country"], admin1=r["admin1"], admin2=r["admin2"],
                          geo_precision=r["geo_precision"], reason=r["reason"]) for r in rows]

    def history(self, incident_id: str) -> list[dict[str, Any]]:
        """Every logged change of an incident, oldest first (cause, time, what changed)."""
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(
                select(t.incident_history).where(t.incident_history.c.incident_id == incident_id)
                .order_by(t.incident_history.c.id)).mappings()]

    def rejections(self) -> list[Rejection]:
        with self.engine.connect() as conn:
            return [Rejection(r["source"], r["reason"], r["detail"] or "", r["at"])
                    for r in conn.execute(select(t.rejections).order_by(t.rejections.c.id)).mappings()]

    def stats(self) -> dict[str, Any]:
        """Counts and breakdowns for `conflictwire stats`."""
        c = t.incidents.c
        with self.engine.connect() as conn:
            by_type = dict(conn.execute(select(c.event_type, func.count()).group_by(c.event_type)).all())
            by_country = dict(conn.execute(select(c.country, func.count()).group_by(c.country)).all())
            span = conn.execute(select(func.min(c.event_date), func.max(c.event_date))).one()
            fatalities = conn.execute(select(func.coalesce(func.sum(c.fatalities), 0))).scalar_one()
            reasons = dict(conn.execute(select(t.rejections.c.reason, func.count())
                                        .group_by(t.rejections.c.reason)).all())
        return {
            "articles": self.count("articles"), "incidents": self.count("incidents"),
            "figures": self.count("figures"), "rejections": self.count("rejections"),
            "fatalities": int(fatalities), "first_date": span[0], "last_date": span[1],
            "by_event_type": by_type, "by_country": by_country, "rejections_by_reason": reasons,
        }


def _default_linking() -> Linking:
    """The linking a review reclusters with when the caller names none: the defaults `ingest` uses."""
    from ..link import Linking

    return Linking()


def _figure(r: Any, evidence: list[Evidence]) -> Figure:
    """A stored figure row as the model's `Figure`."""
    return Figure(kind=r["kind"], value=r["value"], value_low=r["value_low"], value_high=r["value_high"],
                  as_of=r["as_of"], projection=bool(r["projection"]), claimant=r["claimant"] or "",
                  article_ids=list(r["article_ids"]), evidence=evidence, id=r["id"])


def _sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for an in-memory database and other backends."""
    if not url.startswith("sqlite") or url in ("sqlite://", "sqlite:///:memory:"):
        return None
    path = url.split("sqlite:///", 1)[-1].split("?", 1)[0]
    return Path(path) if path else None
