"""Place knowledge: country names, aliases and demonyms, admin divisions with the
names ACLED writes, regions and waters, given names and non-place words the
geoparser reads, and the one rule for which country an article is about."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PlaceReference"]


@dataclass(frozen=True, slots=True)
class PlaceReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    @classmethod
    def load(cls) -> PlaceReference:
        return cls()
