"""Incident assembly helpers (conflictwire.extract.incidents) that need no model."""

from __future__ import annotations

import pytest

from conflictwire.extract.incidents import CountryTable, _location_name
from conflictwire.models import Place


def test_location_takes_the_gazetteer_spelling_of_uncased_text() -> None:
    """Issue #17: lower-cased news writes "mosul"; the record says "Mosul"."""
    assert _location_name(Place(0, 5, "mosul", resolved_name="Mosul")) == "Mosul"
    assert _location_name(Place(0, 5, "MOSUL", resolved_name="Mosul")) == "Mosul"
    # the text's plain letters, not the gazetteer's long-vowel marks; another name is the gazetteer's
    assert _location_name(Place(0, 6, "rajkot", resolved_name="Rājkot")) == "Rajkot"
    assert _location_name(Place(0, 6, "baroda", resolved_name="Vadodara")) == "Vadodara"


def test_location_keeps_the_texts_proper_spelling() -> None:
    # the gazetteer's scholarly transliteration is not what readers (or ACLED) write
    assert _location_name(Place(0, 8, "Tal Afar", resolved_name="Tall \u2018Afar")) == "Tal Afar"


def test_location_of_a_stand_in_keeps_the_text() -> None:
    """A neighbourhood placed at its city's point is not the city: its own name stays, as written."""
    hood = Place(0, 9, "al zahraa", resolved_name="Mosul", stand_in=True)
    assert _location_name(hood) == "al zahraa"
    assert _location_name(Place(0, 6, "qaryat")) == "qaryat"


def test_country_table_names_region_and_number() -> None:
    countries = CountryTable()
    assert (countries.name("IQ"), countries.numeric("IQ"), countries.region("IQ")) == ("Iraq", 368, "Middle East")
    assert countries.region(None) == "" and countries.name(None) == ""


@pytest.mark.parametrize("text", [
    "police had fired ten rounds in the air to scare away the unruly mob",
    "police lobbed tear gas shells to disperse a stone-pelting crowd",
    "the police resorted to lathi-charge on the agitators",
])
def test_force_used_on_a_crowd_is_read_as_the_crowds_event(text: str) -> None:
    assert _crowds().dispersed(text) is not None


def test_fire_on_armed_men_is_not_crowd_dispersal() -> None:
    assert _crowds().dispersed("police fired at the militants hiding in the house") is None


def _crowds():  # noqa: ANN202
    from conflictwire.extract.crowds import CrowdFiring
    from conflictwire.reference.language import LanguageReference

    return CrowdFiring(LanguageReference.load())


@pytest.mark.parametrize(("told", "kind"), [
    ("Rioting spread to the market and subsequent police firing left three dead.", "riot"),
    ("Troops opened fire as marchers reached the bridge; two were wounded.", "protest"),
    ("A crowd set a bus alight before policemen fired in the air.", "riot"),
])
def test_a_force_firing_where_a_crowd_is_is_the_crowds_event(told: str, kind: str) -> None:
    assert _crowds().kind(told) == kind


@pytest.mark.parametrize("told", [
    "Police fired at gunmen holed up in a farmhouse.",  # no crowd: a fight
    "A mob burned shops near the station.",  # no force firing: the riot's own words decide
])
def test_no_crowd_or_no_firing_is_no_crowd_event(told: str) -> None:
    assert _crowds().kind(told) is None


@pytest.mark.parametrize(("text", "headline"), [
    ("Car bomb kills 12. SAMARRA, Iraq (AP) — A car bomb exploded on Sunday.", "Car bomb kills 12."),
    ("Gunman kills six. DAYTON, Ohio - A gunman opened fire.", "Gunman kills six."),
    ("A car bomb exploded on Sunday. Officials - and witnesses - said 12 died.", ""),  # no dateline after it
    ("A car bomb exploded on Sunday. IS claimed the attack.", ""),
    # a headline on a line of its own has no full stop
    ("Gunmen kill two north of the capital\n\nBAQUBA, Iraq (Reuters) - Gunmen shot two.",
     "Gunmen kill two north of the capital"),
    ("Gunmen kill two\nPolice said the attack - the third - was over.", ""),
    # a local paper's dateline: towns in capitals and a colon
    ("Feud leaves two dead in camp .\nMIEH MIEH/BEIRUT: Rival families clashed.", "Feud leaves two dead in camp ."),
    ("Feud leaves two dead in camp. Police: the clash is over.", ""),
])
def test_a_sentence_before_a_wire_dateline_is_the_headline(text: str, headline: str) -> None:
    from conflictwire.extract.incidents import _headline_before_dateline

    assert text[: _headline_before_dateline(text)] == headline

