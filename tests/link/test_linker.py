"""The incremental linker over an in-memory index: batches and their order never change the result."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwire.link import Linker, MemoryIndex
from conflictwire.link.features import LinkKey

DAY = date(2020, 3, 1).toordinal()


def _keys() -> list[LinkKey]:
    """Three events, each told by two outlets, plus a look-alike on the same day with another toll."""
    out = []
    for e, (toll, place, lat) in enumerate([(3, "north", 36.3), (3, "south", 36.9), (12, "north", 36.3)]):
        for r in range(2):
            out.append(LinkKey(f"m{e}{r}", f"a{e}{r}", DAY + (e == 1 and r), 1, lat, 43.1, 1, "iq", "", place,
                               "violence", "Explosions/Remote violence", "Air/drone strike", "coalition",
                               frozenset({"coalition", "islamic state"}), toll, toll, True, 0, None, False, "",
                               frozenset(), None))
    return out


def _link(order: list[int], batch: int) -> list[list[str]]:
    keys = [_keys()[i] for i in order]
    index, linker = MemoryIndex(), Linker()
    for i in range(0, len(keys), batch):
        chunk = keys[i : i + batch]
        index.add(chunk)
        linker.link(chunk, index)
    return linker.clusters([k.mention_id for k in keys], index)


def test_each_event_becomes_one_cluster() -> None:
    assert _link(list(range(6)), 6) == [["m00", "m01"], ["m10", "m11"], ["m20", "m21"]]


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(6))), st.integers(min_value=1, max_value=6))
def test_any_order_and_batch_size_gives_the_same_clusters(order: list[int], batch: int) -> None:
    assert _link(order, batch) == _link(list(range(6)), 6)
