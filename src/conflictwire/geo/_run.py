"""Stream documents through the geoparser (what `conflictwire geoparse` runs).

Why a generator over `Article | Rejection`: it follows the stage contract (stream,
carry the article id), so a million-line JSONL never sits in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..models import Article, Place, Rejection
from ._parser import Geoparser

__all__ = ["geoparse_articles", "place_record"]

log = logging.getLogger(__name__)


def place_record(p: Place) -> dict[str, Any]:
    """The JSON shape `score.py geo` reads, plus the ACLED-relevant extras."""
    return {
        "start": p.start,
        "end": p.end,
        "name": p.name,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "geonameid": p.geonameid,
        "feature_code": p.feature_code,
        "country": p.country,
        "admin1": p.admin1,
        "geo_precision": p.geo_precision,
        "resolved_name": p.resolved_name,
        "score": p.score,
        "reason": p.reason,
    }


def geoparse_articles(
    items: Iterable[Article | Rejection],
    geoparser: Geoparser,
    *,
    include_unresolved: bool = False,
    nlp: Callable[[str], Any] | None = None,
) -> Iterator[dict[str, Any] | Rejection]:
    """One record per article: {"id", "places": [...]}; rejections pass through untouched.

    Unresolved toponyms are left out unless asked for: a name without a point is no
    use on a map, and the caller can still see it with `include_unresolved`.  A document
    that breaks the parser becomes a rejection naming the error, and the batch goes on.
    """
    for item in items:
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            places = geoparser.parse(item.text, nlp(item.text) if nlp is not None else None)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
            log.warning("geoparsing %s failed", item.id, exc_info=True)
            yield Rejection(item.metadata.get("origin", item.id), "processing-failed", f"{type(exc).__name__}: {exc}")
            continue
        if not include_unresolved:
            places = [p for p in places if p.latitude is not None]
        yield {"id": item.id, "places": [place_record(p) for p in places]}
