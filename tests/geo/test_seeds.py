"""Acceptance checks on the two seed articles in ../shared (skipped without it)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from conflictwire.geo import Geoparser
from conflictwire.models import Place

pytestmark = [pytest.mark.slow, pytest.mark.shared]

NEIGHBOURHOODS = ("al Zahraa", "al Samah", "al Malayeen", "Intisar", "al Salam", "al Shaimaa", "al Wahda")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(x))


@pytest.fixture(scope="module")
def seed_places(shared_dir: Path, geoparser: Geoparser) -> list[tuple[str, list[Place]]]:
    out = []
    with open(shared_dir / "seeds" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            out.append((art["text"], geoparser.parse(art["text"])))
    return out


def _all(seed_places: list[tuple[str, list[Place]]], name: str) -> list[Place]:
    return [p for _, ps in seed_places for p in ps if p.name.rstrip("\u2019'") == name]


@pytest.mark.parametrize("name", ["Tal Afar", "Qayyara", "al Baaj"])
def test_seed_towns_within_10km_of_geonames(seed_places, geoparser: Geoparser, name: str) -> None:
    found = _all(seed_places, name)
    assert found, f"{name} not recognised"
    ref = next(c for c in geoparser.gazetteer.lookup(name) if c.country == "IQ")
    for p in found:
        assert p.latitude is not None and p.longitude is not None
        assert _km(p.latitude, p.longitude, ref.latitude or 0, ref.longitude or 0) < 10


@pytest.mark.parametrize("name", NEIGHBOURHOODS)
def test_mosul_neighbourhoods_resolve_inside_mosul(seed_places, geoparser: Geoparser, name: str) -> None:
    mosul = next(c for c in geoparser.gazetteer.lookup("Mosul") if c.country == "IQ")
    found = _all(seed_places, name)
    assert found, f"{name} not recognised"
    for text, places in seed_places:
        for p in places:
            if p.name.rstrip("\u2019'") != name:
                continue
            assert p.latitude is not None and p.longitude is not None
            assert _km(p.latitude, p.longitude, mosul.latitude or 0, mosul.longitude or 0) < 15
            loc = geoparser.locate(places, text, p.start, p.end)
            assert loc is not None and loc.geo_precision == 2 and loc.name == p.name and loc.country == "IQ"


@pytest.mark.parametrize("name", ["Syria", "Iraq"])
def test_countries_resolve_to_countries(seed_places, name: str) -> None:
    found = _all(seed_places, name)
    assert found and all(p.feature_code == "PCLI" for p in found)
