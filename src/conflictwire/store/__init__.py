"""Store: SQLAlchemy Core over SQLite (default) or PostgreSQL, schema managed by Alembic."""

from .store import EXTRACTOR_VERSION, IncidentFilter, Store, stable_id

__all__ = ["EXTRACTOR_VERSION", "IncidentFilter", "Store", "stable_id"]
