"""The place tables read into one typed, immutable `PlaceReference`; the gazetteer knows which tables built it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conflictwire.geo import Gazetteer
from conflictwire.reference import PlaceReference, read_table
from conflictwire.reference.places import BUILD_TABLES, Division


@pytest.fixture(scope="module")
def places() -> PlaceReference:
    return PlaceReference.load()


def test_divisions_are_typed_and_iraq_carries_acled_names(places: PlaceReference) -> None:
    iraq = places.admin1["IQ"]
    assert all(isinstance(d, Division) for d in iraq)
    assert len(iraq) == 18  # Iraq's eighteen governorates
    babil = places.division("IQ", "Babil")
    assert babil is not None and babil.seat == "Al Hillah" and babil.written == "Babylon"
    kirkuk = places.division("IQ", "Kirkuk")
    assert kirkuk is not None and kirkuk.written == "Kirkuk"  # no ACLED spelling of its own: the name itself


def test_the_reference_cannot_be_changed_in_place(places: PlaceReference) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        places.fingerprint = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        places.country_aliases["US"] = ()  # type: ignore[index]
    assert isinstance(places.words.common, frozenset)


def test_word_tables_are_read_by_kind(places: PlaceReference) -> None:
    w = places.words
    assert "molotov" in w.common and "judge" in w.titles and "trustee" in w.roles
    assert "white house" in w.common_phrases and "county" in w.feature_after
    assert "George" in w.given_names and w.dotted_cities["L.A."] == ("Los Angeles", "US")
    assert w.landmark_after.match(" square") and not w.landmark_after.match(" said")
    assert "IQ" in w.arabic_article_countries and "IQ" in places.skeleton_countries
    assert "IR" in places.skeleton_countries and "IR" not in w.arabic_article_countries


def test_every_place_row_names_a_general_source() -> None:
    """No row's reason may be a development set: its source names a general list, never LGL or GeoVirus."""
    for name in (*BUILD_TABLES, "place_words", "given_names", "city_abbreviations", "place_cues"):
        for row in read_table(name):
            assert not any(dev in row["source"].lower() for dev in ("lgl", "geovirus", "geowebnews", "dev set"))


def test_a_gazetteer_built_from_other_tables_is_outdated(places: PlaceReference, tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite"
    with Gazetteer.open_path(path, create=True, places=places) as gaz:
        gaz.set_meta("reference", places.fingerprint)
    assert Gazetteer.is_built(path, places)
    changed = dataclasses.replace(places, fingerprint="0" * 16)
    assert not Gazetteer.is_built(path, changed)


def test_a_new_gazetteer_keys_names_by_the_reference_skeleton_countries(places: PlaceReference) -> None:
    none = dataclasses.replace(places, skeleton_countries=frozenset())
    with Gazetteer.in_memory(places) as gaz, Gazetteer.in_memory(none) as bare:
        assert gaz.skeleton_countries == places.skeleton_countries and not bare.skeleton_countries


def test_cue_lists_are_compiled_from_the_table(places: PlaceReference) -> None:
    w = places.words
    assert w.kind_after.match(" city") and w.kind_after.match(" region")
    assert w.kind_before.search("the state of ") and not w.kind_before.search("the region of ")
    assert "city" in w.town_kinds and "suburb" in w.neighbourhood_cues
    assert w.relation_before.search("12 km northwest of ") and w.relation_before.search("on the outskirts of ")
    assert w.noun_after.match(" forces") and not w.noun_after.match(" said")


def test_a_cue_row_in_an_unknown_list_is_refused() -> None:
    from conflictwire.errors import ReferenceDataError
    from conflictwire.reference.places import _cues

    rows = [{"list": "town_kind", "pattern": "city", "source": "x"}, {"list": "weather", "pattern": "rain",
                                                                        "source": "x"}]
    with pytest.raises(ReferenceDataError, match="weather"):
        _cues(rows)
