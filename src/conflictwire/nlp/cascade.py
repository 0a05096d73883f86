"""Routing a stream of articles through the relevance cascade, in order.

Why a router and not a filter: every article must come out, in the order it went in
(the store, linking and the year prior depend on order), and a skipped article must
still be stored, with a note and a metadata flag, so that a `--no-cascade` reprocess can
find it. Only the articles the model keeps reach spaCy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from ..models import Article, ArticleResult
from .relevance import CASCADE_NOTE, RelevanceModel

__all__ = ["CASCADE_KEY", "Cascade", "skipped_by_cascade"]

CASCADE_KEY = "cascade"  # article.metadata[CASCADE_KEY] = {"skipped": True, "relevance": 0.01, "threshold": ...}


def skipped_by_cascade(result: ArticleResult) -> bool:
    """Whether this result is a skipped article's (no NLP ran on it)."""
    return bool((result.article.metadata.get(CASCADE_KEY) or {}).get("skipped"))


class Cascade:
    """Decide per chunk of articles; hand the kept ones to `parse`, merge the results back in order."""

    def __init__(self, model: RelevanceModel, *, chunk: int = 64) -> None:
        self.model = model
        self.chunk = chunk

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def split(self, articles: list[Article]) -> tuple[list[Article], dict[int, ArticleResult]]:
        """The articles to parse, and the skipped ones' results by position in `articles`."""
        decisions = self.model.decide([a.text for a in articles]) if articles else []
        kept = [a for a, d in zip(articles, decisions, strict=True) if d.keep]
        skipped = {i: self.skipped_result(a, d.score)
                   for i, (a, d) in enumerate(zip(articles, decisions, strict=True)) if not d.keep}
        return kept, skipped

    def skipped_result(self, article: Article, score: float) -> ArticleResult:
        article.metadata[CASCADE_KEY] = {"skipped": True, "relevance": round(score, 4),
                                         "threshold": round(self.threshold, 4)}
        note = (f"{CASCADE_NOTE}: relevance {score:.3f} below the cascade's threshold {self.threshold:.3f}; "
                "reprocess with --no-cascade to extract its incidents")
        return ArticleResult(article, notes=[note])

    def route(self, articles: Iterable[Article], parse: Callable[[list[Article]], Iterator[ArticleResult]],
              prior: Counter[int], years: Callable[[str], Counter[int]]) -> Iterator[ArticleResult]:
        """Every article's result in order: `parse` for the kept ones, a skipped result for the rest.

        `years` reads the years a text states (`DateReader.explicit_years`): a skipped article's
        still count towards the run's year prior, as the full pipeline would have counted them.
        """
        it = iter(articles)
        while chunk := list(islice(it, self.chunk)):
            kept, skipped = self.split(chunk)
            parsed = parse(kept) if kept else iter(())
            for i, article in enumerate(chunk):
                if i in skipped:
                    prior.update(years(article.text))
                    yield skipped[i]
                else:
                    yield next(parsed)
