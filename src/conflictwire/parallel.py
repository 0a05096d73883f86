"""`--workers N`: the pipeline in N processes, each loading its models once.

Why processes and a split of each batch: spaCy, the geoparser and the sentence encoder are
CPU-bound Python, so threads would share one core. The parent keeps everything that must be
sequential: reading, the content-hash check, the run's year prior, and the store writes with
cross-report linking (one transaction per batch, as with one worker). Each batch is cut into
2N contiguous parts of about equal length (a worker done early takes the next part rather than
wait for the slowest); part i is processed with the year prior the sequential run would have had
at its first article (the run's prior plus the years stated by parts 0..i-1), so N workers
produce the same results, in the same order, as one. The parent stores batch k while the
workers process batch k + 1 (`submit` returns at once; see `pipeline._ingest_with`).

Workers start with the "spawn" method: a forked copy of a parent that has opened a database
or started torch threads can deadlock, and spawn makes every worker load its models fresh.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING

from .config import Settings
from .extract.dates import DateReader
from .models import Article, ArticleResult, Rejection
from .reference import LanguageReference

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["PendingBatch", "WorkerPool", "split_contiguous"]

# parts a batch is cut into per worker: a worker that finishes its part early takes the next one
# instead of idling until the slowest part of the batch is done
PARTS_PER_WORKER = 2

# The one pipeline of a worker process, set by its initializer. Module state is the only way a
# ProcessPoolExecutor initializer can hand an object to later tasks; it lives in the worker only.
_WORKER_PIPELINE: list[Pipeline] = []


def _init_worker(settings: Settings) -> None:
    from .pipeline import Pipeline

    _WORKER_PIPELINE.append(Pipeline.from_settings(settings))


def _work(articles: list[Article], prior: Counter[int]) -> tuple[list[ArticleResult], list[Rejection]]:
    from .pipeline import _process_safely

    pipeline = _WORKER_PIPELINE[0]
    return _process_safely(pipeline, articles, prior, pipeline.settings.max_document_seconds)


def _peak_rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def split_contiguous(articles: Sequence[Article], parts: int) -> list[list[Article]]:
    """At most `parts` contiguous, non-empty runs of about equal text length, in order."""
    if parts <= 1 or len(articles) <= 1:
        return [list(articles)] if articles else []
    total = sum(len(a.text) for a in articles)
    out: list[list[Article]] = []
    current: list[Article] = []
    done = 0
    for a in articles:
        current.append(a)
        done += len(a.text)
        if len(out) < parts - 1 and done >= total * (len(out) + 1) / parts:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


class PendingBatch:
    """A batch the workers are processing; `result()` waits for it and keeps the batch's order."""

    def __init__(self, futures: list[Future[tuple[list[ArticleResult], list[Rejection]]]]) -> None:
        self._futures = futures

    def result(self) -> tuple[list[ArticleResult], list[Rejection]]:
        results: list[ArticleResult] = []
        failed: list[Rejection] = []
        for f in self._futures:
            r, bad = f.result()
            results += r
            failed += bad
        return results, failed


class WorkerPool:
    """N processes running `Pipeline`; `process` returns what `_process_safely` would, in order."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.workers = workers
        self._dates = DateReader(LanguageReference.load())  # the parent's year prior, as a sequential run's
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(settings,))

    def process(self, articles: list[Article], year_prior: Counter[int]) -> tuple[list[ArticleResult],
                                                                                    list[Rejection]]:
        """Process one batch across the workers; `year_prior` is advanced as a sequential run would."""
        return self.submit(articles, year_prior).result()

    def submit(self, articles: list[Article], year_prior: Counter[int]) -> PendingBatch:
        """Start one batch across the workers and return at once; `year_prior` is advanced now.

        Why apart from `process`: the parent can write the previous batch while the workers
        process this one (see `pipeline._ingest_with`).
        """
        futures = []
        for part in split_contiguous(articles, self.workers * PARTS_PER_WORKER):
            futures.append(self._pool.submit(_work, part, Counter(year_prior)))
            for a in part:
                year_prior.update(self._dates.explicit_years(a.text))
        return PendingBatch(futures)

    def peak_rss_kb(self) -> list[int]:
        """Each worker's peak resident memory so far (kB, as getrusage reports it on Linux)."""
        futures = [self._pool.submit(_peak_rss_kb) for _ in range(self.workers)]
        return [f.result() for f in futures]

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
