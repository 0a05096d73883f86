"""The pipeline: ingest -> nlp -> geo -> extract -> link -> store.

`Pipeline` loads its models once (spaCy, gazetteer, classifier, actor lexicon) and
then maps articles to `ArticleResult`s without touching a database, so the same
object runs in the CLI, a test, or a Spark executor's `mapPartitions`.  `ingest()`
is the batch job on top: it reads inputs, skips known content hashes, processes,
and writes one transaction per batch, recording every rejection.

Crash safety: each batch's transaction also stores a checkpoint, how many items of the
run are stored. A run killed mid-batch loses only that uncommitted batch; the same
command run again finds the checkpoint, skips the items already stored (without
processing or rejecting them again) and goes on from the next one, so the store ends
as one uninterrupted run would have left it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .budget import deadline
from .config import Settings
from .errors import IngestError
from .extract.dates import DateReader
from .extract.incidents import Extractor
from .geo import Geoparser
from .ingest import read_inputs
from .ingest.readers import files_in
from .link import Linking, dedupe_within_article
from .models import Article, ArticleResult, Rejection
from .nlp import build_nlp
from .nlp.cascade import Cascade, skipped_by_cascade
from .reference import LanguageReference, Reference
from .store import Checkpoint, Store

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from .parallel import PendingBatch, WorkerPool

__all__ = ["IngestReport", "Pipeline", "Unit", "ingest", "ingest_items", "ingest_units", "run_key"]

log = logging.getLogger(__name__)
# an ordinary report that runs every stage (a place, actors, a toll), processed once before budgets apply
WARM_UP_TEXT = "On Friday gunmen killed two soldiers at a checkpoint near the town, police said."
T = TypeVar("T")


class Pipeline:
    """Models loaded once; `process`/`pipe` are pure functions of the articles."""

    def __init__(self, settings: Settings, nlp: Language, geoparser: Geoparser, extractor: Extractor,
                 cascade: Cascade | None = None) -> None:
        self.settings = settings
        self.nlp = nlp
        self.geoparser = geoparser
        self.extractor = extractor
        self._warm = False  # see warm_up
        self.cascade = cascade  # None: every article gets the full NLP

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        reference = Reference.load()  # one copy of the place, actor and language tables for both stages
        return cls(settings, build_nlp(settings), Geoparser.from_settings(settings, reference),
                   Extractor.from_settings(settings, reference), cascade=_cascade(settings))

    def process(self, article: Article) -> ArticleResult:
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 32,
             year_prior: Counter[int] | None = None) -> Iterator[ArticleResult]:
        """Process a stream of articles; spaCy batches the parsing.

        `year_prior` accumulates the years the stream states explicitly (pass one Counter
        across calls to share it over a whole ingest run); see `extract.dates.DateReader`.
        """
        prior = year_prior if year_prior is not None else Counter()
        if self.cascade is not None:
            yield from self.cascade.route(articles, lambda kept: self._parse(kept, batch_size, prior), prior,
                                          self.extractor.dates.explicit_years)
            return
        yield from self._parse(articles, batch_size, prior)

    def _parse(self, articles: Iterable[Article], batch_size: int, prior: Counter[int]) -> Iterator[ArticleResult]:
        """The full NLP of every article given (the cascade has already chosen them)."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            prior.update(self.extractor.dates.explicit_years(article.text))
            yield self.analyse(article, doc, prior)

    def analyse(self, article: Article, doc: Doc, year_prior: Counter[int]) -> ArticleResult:
        """Everything after the parse, for one article: places, incidents and figures."""
        places = self.geoparser.parse(article.text, doc)
        found = self.extractor.extract(article, doc, places, self.geoparser.locate, year_prior=year_prior)
        incidents = dedupe_within_article(found.incidents)
        vector_of = {id(inc): vec for inc, vec in zip(found.incidents, found.vectors, strict=False)}
        return ArticleResult(article, incidents, found.figures, places, found.notes,
                             [vector_of.get(id(inc)) for inc in incidents], summary=found.summary)

    def warm_up(self) -> None:
        """Load what the stages load on first use (the sentence encoder, the classifier), once.

        Why: that loading takes seconds (13 s on a busy two-core machine) and would otherwise be
        charged to the first article's time budget, which could then be rejected for it.
        """
        if not self._warm:
            self.process(Article(id="warm-up", text=WARM_UP_TEXT))
            self._warm = True

    def process_within_budget(self, articles: list[Article], year_prior: Counter[int],
                              seconds: float | None) -> tuple[list[ArticleResult], list[Rejection]]:
        """Process a batch so that no article takes more than `seconds`; one that does becomes a rejection.

        How the budget is kept (see `budget.deadline` for the timer): the batch is parsed in one
        `nlp.pipe` call, as fast as spaCy goes, under one document's budget; if that parse runs
        out (or fails), each article is parsed alone under its own. The rest of each article's
        work (places, incidents) then runs under its own budget. So an article is never given
        more than twice its budget, and the articles beside a slow one are never rejected for it.
        An article that raises is rejected as "processing-failed", as before; the others go on.
        """
        skipped: dict[int, ArticleResult] = {}
        given = articles
        if self.cascade is not None:  # only the articles the relevance cascade keeps get the full NLP
            articles, skipped = self.cascade.split(articles)
            for r in skipped.values():
                year_prior.update(self.extractor.dates.explicit_years(r.article.text))
        if seconds and articles:
            self.warm_up()
        parsed, rejected = self._parse_within(articles, seconds) if articles else ([], [])
        results: list[ArticleResult] = []
        for article, doc in parsed:
            years = self.extractor.dates.explicit_years(article.text)
            year_prior.update(years)
            where = _origin(article)
            try:
                with deadline(seconds, where):
                    results.append(self.analyse(article, doc, year_prior))
            except IngestError as exc:
                rejected.append(Rejection(exc.source, exc.reason, exc.detail))
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                log.warning("%s: processing failed", where, exc_info=True)
                rejected.append(Rejection(where, "processing-failed", f"{type(exc).__name__}: {exc}"))
            else:
                continue
            year_prior -= Counter(years)  # a rejected article's years do not count for the others
        if skipped:  # back in the order the articles came in
            done = {id(r.article): r for r in results}
            results = [skipped[i] if i in skipped else done[id(a)] for i, a in enumerate(given)
                       if i in skipped or id(a) in done]
        return results, rejected

    def _parse_within(self, articles: list[Article], seconds: float | None) -> tuple[list[tuple[Article, Doc]],
                                                                                        list[Rejection]]:
        try:
            with deadline(seconds, "batch"):
                return list(zip(articles, self.nlp.pipe((a.text for a in articles), batch_size=32), strict=True)), []
        except Exception:  # noqa: BLE001 - over budget, or one text broke the batch: parse them one by one
            log.info("a batch's parse failed or ran out of time; parsing its articles one by one", exc_info=True)
        parsed, rejected = [], []
        for a in articles:
            try:
                with deadline(seconds, _origin(a)):
                    parsed.append((a, self.nlp(a.text)))
            except IngestError as exc:
                rejected.append(Rejection(exc.source, exc.reason, exc.detail))
            except Exception as exc:  # noqa: BLE001
                rejected.append(Rejection(_origin(a), "processing-failed", f"{type(exc).__name__}: {exc}"))
        return parsed, rejected


def _origin(article: Article) -> str:
    """Where an article came from, as its rejection names it (the file and line, else its id)."""
    return str(article.metadata.get("origin", article.id))


def _cascade(settings: Settings) -> Cascade | None:
    """The relevance cascade `settings` asks for, with its model loaded (None when off)."""
    if not settings.cascade:
        return None
    from .nlp.relevance import RelevanceModel

    model = RelevanceModel.load(settings.relevance_model)
    if settings.relevance_threshold is not None:
        model = model.with_threshold(settings.relevance_threshold)
    return Cascade(model)


@dataclass(slots=True)
class IngestReport:
    """What one `ingest` run did; the CLI prints it."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    incidents: int = 0  # reports of incidents read (one per incident per article)
    new_incidents: int = 0  # incidents the store did not hold before (with linking on)
    joined: int = 0  # reports that joined an incident another article had reported
    near_duplicates: int = 0  # articles found to be a syndicated copy or an update of a stored one
    figures: int = 0
    resumed: int = 0  # items an interrupted run of the same command had stored already (skipped)
    cascade_skipped: int = 0  # articles stored without the full NLP: the relevance cascade judged them irrelevant
    rejections: list[Rejection] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    # documents that were not UTF-8, by the legacy encoding they were read in ("cp1256": [their origins])
    decoded: dict[str, list[str]] = field(default_factory=dict)

    @property
    def all_rejected(self) -> bool:
        """Nothing could be stored, because every input was rejected: a script must see this as a failure.

        A run whose articles were all known already did its job (re-ingest is a no-op), and a
        run that read nothing at all rejected nothing; neither counts.
        """
        return bool(self.rejections) and self.stored == 0 and self.duplicates == 0 and self.resumed == 0

    def add(self, other: IngestReport) -> None:
        """Add another run's counts to these (a `watch` adds up its passes)."""
        for name in ("read", "stored", "duplicates", "incidents", "new_incidents", "joined", "near_duplicates",
                     "figures", "resumed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejections.extend(other.rejections)
        self.notes.update(other.notes)
        for enc, origins in other.decoded.items():
            self.decoded.setdefault(enc, []).extend(origins)


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of input that is checkpointed as one: an ingest run, or a file or feed entry `watch` read.

    `key` identifies it (see `run_key`), `label` says it for a person, `items` are its articles
    and rejections in a fixed order, and `skip` how many of them an earlier run already stored.
    """

    key: str
    label: str
    items: Iterable[Article | Rejection]
    skip: int = 0


@dataclass(frozen=True, slots=True)
class _Tag:
    key: str
    label: str
    position: int  # items of the unit stored once this one is
    last: bool


def _fingerprint(item: str) -> object | None:
    """What identifies one input's content cheaply (path, size, modification time); None if it cannot be known."""
    if item == "-" or item.startswith(("http://", "https://")):
        return None  # stdin is gone once read, and a URL may answer differently: such a run is not resumed
    path = Path(item).expanduser().resolve()
    if path.is_dir():
        return [str(path), [[str(f.relative_to(path)), *_stat(f)] for f in files_in(path)]]
    return [str(path), *_stat(path)] if path.exists() else [str(path), None]


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def run_key(inputs: Iterable[str], settings: Settings, published: str | None = None) -> str | None:
    """The checkpoint key of an ingest run: its inputs (what they are now) and the settings that shape
    the articles read from them. None when an input cannot be read the same way twice (stdin, a URL).

    Why the sizes and times: a file changed since the interrupted run would not yield the same
    items in the same order, so that run's position would mean nothing for it; the new run then
    starts from the first item, and the content hashes still keep every stored article once.
    The batch size is not part of it: the position counts items, so a run that died of memory
    may be resumed with smaller batches.
    """
    prints = [_fingerprint(str(i)) for i in inputs]
    if any(p is None for p in prints):
        return None
    shape = {"inputs": prints, "published": published or settings.default_published, "kind": settings.input_kind,
             "max_bytes": settings.max_document_bytes, "max_chars": settings.max_document_chars,
             "min_chars": settings.min_document_chars}
    return "run-" + hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()[:40]


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    published: str | None = None,
    on_article: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read, process and store; idempotent by content hash, one transaction per batch, resumable.

    A run of files and folders checkpoints each batch; the same run, interrupted and started
    again, resumes after the last committed batch (see the module docstring). A run that
    finishes forgets its checkpoint, so running it again reads everything (and finds it known).
    """
    inputs = [str(i) for i in inputs]
    items = read_inputs(inputs, settings, published=published or settings.default_published)
    key = run_key(inputs, settings, published)
    if key is None:
        return ingest_items(items, store, settings, pipeline=pipeline, on_article=on_article)
    held = store.checkpoints([key]).get(key)
    skip = held.position if held is not None and not held.complete else 0
    if skip:
        log.info("resuming an interrupted run: %d items are stored already", skip)
    unit = Unit(key, " ".join(inputs)[:500], items, skip)
    report = ingest_units([unit], store, settings, pipeline=pipeline, on_article=on_article)
    store.drop_checkpoint(key)
    return report


def ingest_items(
    items: Iterable[Article | Rejection],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_article: Callable[[int], None] | None = None,
) -> IngestReport:
    """Process and store articles already read (an API request's, a queue's); rejections are recorded.

    Why apart from `ingest`: a service holds its articles in memory, not in files, and keeps
    one loaded `pipeline` across requests. With `settings.workers` > 1 (and no `pipeline`
    given), N worker processes run the pipeline and this process writes (see `parallel.py`).
    """
    return _ingest(((x, None) for x in items), store, settings, pipeline=pipeline, on_article=on_article)


def ingest_units(
    units: Iterable[Unit],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_article: Callable[[int], None] | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Process and store units of input, each batch committing how far each unit is stored.

    A unit's first `skip` items are read past (an earlier run stored them): they are neither
    processed nor recorded again, but the years their articles state still count towards the
    run's year prior, as they did when they were first processed (see `extract.dates`).
    """
    report = report if report is not None else IngestReport()
    year_prior: Counter[int] = Counter()
    return _ingest(_tagged(units, report, year_prior, on_article), store, settings, pipeline=pipeline,
                   on_article=on_article, report=report, year_prior=year_prior)


def _tagged(units: Iterable[Unit], report: IngestReport, year_prior: Counter[int],
            on_article: Callable[[int], None] | None) -> Iterator[tuple[Article | Rejection, _Tag | None]]:
    dates: DateReader | None = None  # read the calendar words only when a run resumes
    for unit in units:
        it = iter(unit.items)
        seen: set[str] = set()
        for _ in range(unit.skip):
            item = next(it, None)
            if item is None:
                break
            report.resumed += 1
            if isinstance(item, Article) and item.content_hash not in seen:
                seen.add(item.content_hash)
                dates = dates or DateReader(LanguageReference.load())
                year_prior.update(dates.explicit_years(item.text))
            if on_article:
                on_article(1)
        pos = unit.skip
        item = next(it, None)
        while item is not None:
            following = next(it, None)
            pos += 1
            yield item, _Tag(unit.key, unit.label, pos, following is None)
            item = following


def _checkpoints(tags: Iterable[_Tag | None]) -> list[Checkpoint]:
    """How far each unit of a batch is stored once the batch commits (its furthest item in the batch)."""
    last: dict[str, _Tag] = {}
    for tag in tags:
        if tag is not None and (tag.key not in last or tag.position > last[tag.key].position):
            last[tag.key] = tag
    return [Checkpoint(t.key, t.label, t.position, t.last) for t in last.values()]


def _ingest(
    stream: Iterable[tuple[Article | Rejection, _Tag | None]],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_article: Callable[[int], None] | None = None,
    report: IngestReport | None = None,
    year_prior: Counter[int] | None = None,
) -> IngestReport:
    """With `settings.workers` > 1 (and no `pipeline` given), N worker processes run the
    pipeline and this process keeps the order, the year prior and the linked writes (`parallel.py`)."""
    if settings.workers > 1 and pipeline is None:
        from .parallel import WorkerPool

        with WorkerPool(settings, settings.workers) as pool:
            return _ingest_with(stream, store, settings, pipeline=None, on_article=on_article, report=report,
                                year_prior=year_prior, pool=pool)
    return _ingest_with(stream, store, settings, pipeline=pipeline, on_article=on_article, report=report,
                        year_prior=year_prior)


def _ingest_with(
    stream: Iterable[tuple[Article | Rejection, _Tag | None]],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None,
    on_article: Callable[[int], None] | None,
    report: IngestReport | None,
    year_prior: Counter[int] | None,
    pool: WorkerPool | None = None,
) -> IngestReport:
    report = report if report is not None else IngestReport()

    def get_pipeline() -> Pipeline:
        nonlocal pipeline
        if pipeline is None:  # models load only when there is something new to process
            pipeline = Pipeline.from_settings(settings)
        return pipeline

    linking = Linking.from_settings(settings) if settings.link_reports else None
    # years stated across the whole run (see extract.dates)
    prior: Counter[int] = year_prior if year_prior is not None else Counter()

    def prepare(tagged: list[tuple[Article | Rejection, _Tag | None]], stored_soon: set[str]) -> _Batch:
        """A batch's rejections and the articles to process: neither stored (nor about to be) nor seen in it."""
        batch = _Batch(tagged)
        articles = [x for x, _ in tagged if isinstance(x, Article)]
        report.read += len(articles)
        for a in articles:
            if a.metadata.get("source_encoding"):
                report.decoded.setdefault(a.metadata["source_encoding"], []).append(a.metadata.get("origin", a.id))
        known = store.known_hashes(a.content_hash for a in articles) | stored_soon
        seen: set[str] = set()
        for a in articles:
            if a.content_hash in known or a.content_hash in seen:
                report.duplicates += 1
            else:
                seen.add(a.content_hash)
                batch.fresh.append(a)
        return batch

    def finish(batch: _Batch, results: list[ArticleResult], failed: list[Rejection]) -> None:
        """Store a processed batch (one transaction, with its checkpoints) and count it."""
        rejections = batch.rejections + failed
        outcome = store.save_batch(results, linking, rejections=rejections,
                                   checkpoints=_checkpoints(tag for _, tag in batch.tagged))
        written = outcome.written
        report.stored += written
        report.duplicates += len(results) - written
        report.new_incidents += outcome.link.incidents_created if linking else sum(len(r.incidents) for r in results)
        report.joined += outcome.link.reports_joined
        report.near_duplicates += outcome.link.near_duplicates
        for r in results:
            report.cascade_skipped += skipped_by_cascade(r)
            report.incidents += len(r.incidents)
            report.figures += len(r.figures)
            if r.notes:
                report.notes[r.article.id] = r.notes
        report.rejections.extend(rejections)
        if on_article:
            on_article(len(batch.tagged))

    if pool is None:
        for tagged in _batches(stream, settings.batch_size):
            batch = prepare(tagged, set())
            results, failed = (_process_safely(get_pipeline(), batch.fresh, prior, settings.max_document_seconds)
                               if batch.fresh else ([], []))
            finish(batch, results, failed)
        return report
    # with workers, the parent stores batch k while the workers process batch k + 1: the articles
    # of k that are about to be stored count as known when k + 1 is checked for duplicates, so the
    # store ends as with one worker
    pending: tuple[_Batch, PendingBatch | None] | None = None
    for tagged in _batches(stream, settings.batch_size):
        done: tuple[_Batch, list[ArticleResult], list[Rejection]] | None = None
        if pending is not None:
            results, failed = pending[1].result() if pending[1] is not None else ([], [])
            done = (pending[0], results, failed)
        batch = prepare(tagged, {r.article.content_hash for r in done[1]} if done else set())
        pending = (batch, pool.submit(batch.fresh, prior) if batch.fresh else None)
        if done is not None:
            finish(*done)
    if pending is not None:
        finish(pending[0], *(pending[1].result() if pending[1] is not None else ([], [])))
    return report


@dataclass(slots=True)
class _Batch:
    """One batch of input: its tagged items, the rejections read with it and the articles to process."""

    tagged: list[tuple[Article | Rejection, _Tag | None]]
    fresh: list[Article] = field(default_factory=list)

    @property
    def rejections(self) -> list[Rejection]:
        return [x for x, _ in self.tagged if isinstance(x, Rejection)]


def _process_safely(pipeline: Pipeline, articles: list[Article], year_prior: Counter[int],
                    seconds: float | None) -> tuple[list[ArticleResult], list[Rejection]]:
    """Process a batch; an article that breaks the pipeline or runs over its time budget is rejected alone."""
    return pipeline.process_within_budget(articles, year_prior, seconds)
