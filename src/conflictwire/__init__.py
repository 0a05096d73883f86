"""conflictwire: conflict news in, geocoded, sourced, evidence-backed incident records out.

The public surface is small; everything else is an implementation detail that may move.
"""

from .config import Settings
from .errors import ConflictwireError, ExportError, GeocodeError, IngestError, ModelError, StoreError
from .export import export
from .ingest import read_inputs
from .models import Article, ArticleResult, Evidence, Figure, Incident, Mention, Place, Rejection
from .pipeline import IngestReport, Pipeline, ingest
from .store import IncidentFilter, Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleResult",
    "ConflictwireError",
    "Evidence",
    "ExportError",
    "Figure",
    "GeocodeError",
    "Incident",
    "IncidentFilter",
    "IngestError",
    "IngestReport",
    "Mention",
    "ModelError",
    "Pipeline",
    "Place",
    "Rejection",
    "Settings",
    "Store",
    "StoreError",
    "export",
    "ingest",
    "read_inputs",
]
