"""Geoparsing: a local gazetteer, toponym recognition and context-aware resolution.

The public surface is small (see docs/geo.md): `Gazetteer` (build, import, lookup),
`Geoparser` (`parse` text into `Place`s, `locate` an incident) and the helpers the CLI uses.
"""

from ._build import build_default
from ._gazetteer import Candidate, Gazetteer, NameKind, PlaceRow
from ._importers import detect_format, import_file
from ._model import FEATURES, ResolutionModel, shipped_resolution_model
from ._normalize import name_key
from ._parser import Geoparser, focus_country
from ._resolve import Rules, distance_km
from ._run import geoparse_articles, place_record

__all__ = [
    "Candidate",
    "FEATURES",
    "Gazetteer",
    "Geoparser",
    "NameKind",
    "PlaceRow",
    "ResolutionModel",
    "Rules",
    "build_default",
    "detect_format",
    "distance_km",
    "focus_country",
    "geoparse_articles",
    "import_file",
    "name_key",
    "place_record",
    "shipped_resolution_model",
]
