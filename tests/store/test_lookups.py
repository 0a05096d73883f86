"""Store look-ups the API relies on: stored ids by content hash (a caller's own ids may differ)."""

from __future__ import annotations

from collections.abc import Callable

from conflictwire.models import Incident
from conflictwire.store import Store


def test_store_article_ids_by_hash(any_store: Store, add_incidents: Callable[..., list[str]]) -> None:
    add_incidents(any_store, [Incident(location="Mosul")])
    add_incidents(any_store, [Incident(location="Basra")])
    arts = list(any_store.articles())
    found = any_store.article_ids_by_hash([a.content_hash for a in arts] + ["0" * 64])
    assert found == {a.content_hash: a.id for a in arts}
    assert any_store.article_ids_by_hash([]) == {}
