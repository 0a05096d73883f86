"""Language knowledge the extractor reads: cue words and phrases for event types, casualties, dates and segmentation."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LanguageReference"]


@dataclass(frozen=True, slots=True)
class LanguageReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    @classmethod
    def load(cls) -> LanguageReference:
        return cls()
