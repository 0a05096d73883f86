"""Errors raised by conflictwire, one tree so callers can catch at the right depth.

    ConflictwireError
    ├── IngestError        a document could not be read (names the file and the reason)
    ├── StoreError         the database could not be opened or written
    ├── GeocodeError       the gazetteer could not be built or queried
    ├── ModelError         a model (spaCy, classifier) is missing or unreadable
    └── ExportError        an unknown format, or an output that cannot be written
"""

from __future__ import annotations

__all__ = ["ConflictwireError", "ExportError", "GeocodeError", "IngestError", "ModelError", "StoreError"]


class ConflictwireError(Exception):
    """Base of every error conflictwire raises on purpose."""


class IngestError(ConflictwireError):
    """A document was rejected; `source` names it and `reason` is a short machine-readable code."""

    def __init__(self, source: str, reason: str, detail: str = "") -> None:
        self.source, self.reason, self.detail = source, reason, detail
        super().__init__(f"{source}: {reason}" + (f" ({detail})" if detail else ""))


class StoreError(ConflictwireError):
    pass


class GeocodeError(ConflictwireError):
    pass


class ModelError(ConflictwireError):
    pass


class ExportError(ConflictwireError):
    pass
