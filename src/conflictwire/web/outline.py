"""The offline base map: every country's outline, from the shapes the `countryinfo` package ships.

Why not tiles by default: the dashboard must work on a laptop with no network (like the rest
of conflictwire), and an outline of countries is enough to place markers; online tiles are
offered on top when they can be reached.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["country_outlines"]


def _rounded(coords: Any, digits: int) -> Any:
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        return [round(float(c), digits) for c in coords]
    return [_rounded(c, digits) for c in coords]


def country_outlines(digits: int = 3) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of country polygons (about 170 countries, some 250 KB as JSON).

    Coordinates are rounded to `digits` decimals (3: about 100 m, far finer than the shapes).
    A country file without a shape is left out, never an error: the outline is a backdrop.
    """
    features: list[dict[str, Any]] = []
    folder = resources.files("countryinfo") / "data"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".json"):
            continue
        try:
            shapes = json.loads(item.read_text(encoding="utf-8")).get("geoJSON") or {}
        except (OSError, ValueError):
            continue
        for feat in shapes.get("features") or []:
            geom = feat.get("geometry") or {}
            if geom.get("type") not in {"Polygon", "MultiPolygon"}:
                continue
            features.append({"type": "Feature", "id": feat.get("id"),
                             "properties": {"name": (feat.get("properties") or {}).get("name", "")},
                             "geometry": {"type": geom["type"], "coordinates": _rounded(geom["coordinates"], digits)}})
    return {"type": "FeatureCollection", "features": features}
