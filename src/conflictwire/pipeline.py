"""The pipeline: ingest -> nlp -> geo -> extract -> link -> store.

`Pipeline` loads its models once (spaCy, gazetteer, classifier, actor lexicon) and
then maps articles to `ArticleResult`s without touching a database, so the same
object runs in the CLI, a test, or a Spark executor's `mapPartitions`.  `ingest()`
is the batch job on top: it reads inputs, skips known content hashes, processes,
and writes one transaction per batch, recording every rejection.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from .config import Settings
from .extract.dates import explicit_years
from .extract.incidents import Extractor
from .geo import Geoparser
from .ingest import read_inputs
from .link import Linking, dedupe_within_article
from .models import Article, ArticleResult, Rejection
from .nlp import build_nlp
from .nlp.cascade import Cascade, skipped_by_cascade
from .reference import Reference
from .store import Store

if TYPE_CHECKING:
    from spacy.language import Language

    from .parallel import WorkerPool

__all__ = ["IngestReport", "Pipeline", "ingest", "ingest_items"]

log = logging.getLogger(__name__)


class Pipeline:
    """Models loaded once; `process`/`pipe` are pure functions of the articles."""

    def __init__(self, settings: Settings, nlp: Language, geoparser: Geoparser, extractor: Extractor,
                 cascade: Cascade | None = None) -> None:
        self.settings = settings
        self.nlp = nlp
        self.geoparser = geoparser
        self.extractor = extractor
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
        across calls to share it over a whole ingest run); see `extract.dates`.
        """
        prior = year_prior if year_prior is not None else Counter()
        if self.cascade is not None:
            yield from self.cascade.route(articles, lambda kept: self._parse(kept, batch_size, prior), prior)
            return
        yield from self._parse(articles, batch_size, prior)

    def _parse(self, articles: Iterable[Article], batch_size: int, prior: Counter[int]) -> Iterator[ArticleResult]:
        """The full NLP of every article given (the cascade has already chosen them)."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            prior.update(explicit_years(article.text))
            places = self.geoparser.parse(article.text, doc)
            found = self.extractor.extract(article, doc, places, self.geoparser.locate, year_prior=prior)
            incidents = dedupe_within_article(found.incidents)
            vector_of = {id(inc): vec for inc, vec in zip(found.incidents, found.vectors, strict=False)}
            yield ArticleResult(article, incidents, found.figures, places, found.notes,
                                [vector_of.get(id(inc)) for inc in incidents], summary=found.summary)


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
        return bool(self.rejections) and self.stored == 0 and self.duplicates == 0


def _batches(items: Iterable[Article | Rejection], size: int) -> Iterator[list[Article | Rejection]]:
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
    """Read, process and store; idempotent by content hash, one transaction per batch."""
    items = read_inputs(inputs, settings, published=published or settings.default_published)
    return ingest_items(items, store, settings, pipeline=pipeline, on_article=on_article)


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
    if settings.workers > 1 and pipeline is None:
        from .parallel import WorkerPool

        with WorkerPool(settings, settings.workers) as pool:
            return _ingest_items(items, store, settings, pipeline=None, on_article=on_article, pool=pool)
    return _ingest_items(items, store, settings, pipeline=pipeline, on_article=on_article)


def _ingest_items(
    items: Iterable[Article | Rejection],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None,
    on_article: Callable[[int], None] | None,
    pool: WorkerPool | None = None,
) -> IngestReport:
    report = IngestReport()

    def get_pipeline() -> Pipeline:
        nonlocal pipeline
        if pipeline is None:  # models load only when there is something new to process
            pipeline = Pipeline.from_settings(settings)
        return pipeline

    linking = Linking.from_settings(settings) if settings.link_reports else None
    year_prior: Counter[int] = Counter()  # years stated across the whole run (see extract.dates)
    for batch in _batches(items, settings.batch_size):
        rejections = [x for x in batch if isinstance(x, Rejection)]
        articles = [x for x in batch if isinstance(x, Article)]
        report.read += len(articles)
        for a in articles:
            if a.metadata.get("source_encoding"):
                report.decoded.setdefault(a.metadata["source_encoding"], []).append(a.metadata.get("origin", a.id))
        known = store.known_hashes(a.content_hash for a in articles)
        fresh: list[Article] = []
        seen: set[str] = set()
        for a in articles:
            if a.content_hash in known or a.content_hash in seen:
                report.duplicates += 1
            else:
                seen.add(a.content_hash)
                fresh.append(a)
        results: list[ArticleResult] = []
        if fresh:
            results, failed = (pool.process(fresh, year_prior) if pool is not None
                               else _process_safely(get_pipeline(), fresh, year_prior))
            rejections.extend(failed)
        outcome = store.save_batch(results, linking)
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
        store.add_rejections(rejections)
        report.rejections.extend(rejections)
        if on_article:
            on_article(len(batch))
    return report


def _process_safely(pipeline: Pipeline, articles: list[Article],
                    year_prior: Counter[int]) -> tuple[list[ArticleResult], list[Rejection]]:
    """Process a batch; if one article breaks the pipeline, retry one by one and reject only that one."""
    try:
        return list(pipeline.pipe(articles, year_prior=year_prior)), []
    except Exception:  # noqa: BLE001 - one bad document must not stop the batch
        log.warning("a batch failed; retrying article by article", exc_info=True)
    results, failed = [], []
    for a in articles:
        try:
            results.append(next(pipeline.pipe([a], year_prior=year_prior)))
        except Exception as exc:  # noqa: BLE001
            failed.append(Rejection(a.metadata.get("origin", a.id), "processing-failed",
                                    f"{type(exc).__name__}: {exc}"))
    return results, failed
