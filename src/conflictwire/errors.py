"""Errors raised by conflictwire, one tree so callers can catch at the right depth.

    ConflictwireError
    ├── ConfigError        a setting (a CONFLICTWIRE_* variable) has a value that cannot be used
    ├── IngestError        a document could not be read (names the file and the reason)
    ├── StoreError         the database could not be opened or written
    ├── GeocodeError       the gazetteer could not be built or queried
    ├── ReferenceDataError  a reference table (reference/data/*.csv) is malformed or a row lacks its source
    ├── ModelError         a model (spaCy, classifier) is missing or unreadable
    ├── ExportError        an unknown format, or an output that cannot be written
    └── ReviewError        a review that cannot be applied: unknown field, bad value, missing note
        └── UnknownIncident    no incident has (or had) the id a review names
"""

from __future__ import annotations

__all__ = [
    "DETAIL_MAX_CHARS", "ConfigError", "ConflictwireError", "ExportError", "GeocodeError", "IngestError",
    "ModelError", "ReferenceDataError", "ReviewError", "StoreError", "UnknownIncident", "shorten",
]

# a rejection's detail longer than this (a parser's or a model's whole exception message) is shortened
DETAIL_MAX_CHARS = 400
_PHRASE_ENDS = (". ", "; ", ", ", ": ", " - ", " (")


class ConflictwireError(Exception):
    """Base of every error conflictwire raises on purpose."""


class ConfigError(ConflictwireError):
    """A configuration value (an environment variable) is unusable; the message names it and says what fits."""


class IngestError(ConflictwireError):
    """A document was rejected; `source` names it and `reason` is a short machine-readable code."""

    def __init__(self, source: str, reason: str, detail: str = "") -> None:
        self.source, self.reason, self.detail = source, reason, detail
        super().__init__(f"{source}: {reason}" + (f" ({detail})" if detail else ""))


class StoreError(ConflictwireError):
    pass


class GeocodeError(ConflictwireError):
    pass


class ReferenceDataError(ConflictwireError):
    """A reference table cannot be used; the message names the file, the row and what is wrong."""


class ModelError(ConflictwireError):
    pass


class ExportError(ConflictwireError):
    pass


class ReviewError(ConflictwireError):
    """A review that cannot be applied; `param` names what was wrong (the API answers 422 naming it)."""

    def __init__(self, message: str, param: str = "") -> None:
        self.param = param
        super().__init__(message)


class UnknownIncident(ReviewError):
    """A review names an incident id that no incident has, nor had before a merge (the API answers 404)."""


def shorten(text: str, limit: int = DETAIL_MAX_CHARS) -> str:
    """`text` on one line; past `limit` characters, cut at a phrase or word boundary and marked with "…".

    Why: a rejection detail may carry a whole exception message that runs to pages, yet
    a reader must never get half a word or half a number ("exceeds the 5,0"), and a
    short message is never touched beyond joining its lines.
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    floor = limit // 2  # a boundary this early would throw away too much: fall back to the next kind
    phrase = max(head.rfind(mark) for mark in _PHRASE_ENDS)
    if phrase > floor:
        head = head[: phrase + 1]
    elif head.rfind(" ") > floor:
        head = head[: head.rfind(" ")]
    return head.rstrip(" ,;:-(") + "…"
