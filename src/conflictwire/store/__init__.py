"""Store: SQLAlchemy Core over SQLite (default) or PostgreSQL, schema managed by Alembic."""

from .query import Breakdown, Bucket, CursorError, IncidentFilter, Sort
from .store import EXTRACTOR_VERSION, Checkpoint, FigurePage, IncidentPage, Store, stable_id
from .tokens import TokenInfo
from .trends import AreaTrend, TrendRule, Trends

__all__ = ["EXTRACTOR_VERSION", "AreaTrend", "Breakdown", "Bucket", "Checkpoint", "CursorError", "FigurePage",
           "IncidentFilter", "IncidentPage", "Sort", "Store", "TokenInfo", "TrendRule", "Trends", "stable_id"]
