"""Actor knowledge: aliases as news and ACLED name actors, ACLED actor names and their government periods."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ActorReference"]


@dataclass(frozen=True, slots=True)
class ActorReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    @classmethod
    def load(cls) -> ActorReference:
        return cls()
