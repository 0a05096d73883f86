from __future__ import annotations

import conflictwire.geo as geo


def test_geo_public_surface() -> None:
    assert geo.__all__ == sorted(geo.__all__)
    for name in geo.__all__:
        assert getattr(geo, name) is not None
    assert {"Gazetteer", "Geoparser", "Candidate"} <= set(geo.__all__)
