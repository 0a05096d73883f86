"""The reference layer: place, actor and language knowledge as sourced data.

Names, aliases, places and word lists live in `reference/data/*.csv`, one row one
fact with its `source`; code here only reads them.  `Reference` is built once per
run and handed to the stages that need it (`Geoparser`, `Extractor`), so there is
one copy of each fact and one rule for each question (which country an article is
about), whichever stage asks.  See docs/reference.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from .actors import ActorReference
from .language import LanguageReference
from .places import PlaceReference
from .tables import SOURCE_COLUMN, Row, packaged_tables, read_table, read_table_text

__all__ = ["SOURCE_COLUMN", "ActorReference", "LanguageReference", "PlaceReference", "Reference", "Row",
           "packaged_tables", "read_table", "read_table_text"]


@dataclass(frozen=True, slots=True)
class Reference:
    """Everything the stages know about places, actors and language, read once and shared."""

    places: PlaceReference
    language: LanguageReference
    actors: ActorReference

    @classmethod
    def load(cls) -> Reference:
        """The packaged tables (each row checked for its source)."""
        return cls(PlaceReference.load(), LanguageReference.load(), ActorReference.load())
