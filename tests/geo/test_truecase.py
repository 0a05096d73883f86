"""Lower-cased text: likely place names get their capitals back, nothing else changes."""

from __future__ import annotations

import pytest

from conflictwire.geo import Geoparser
from conflictwire.geo._truecase import is_lowercased, truecase
from conflictwire.reference import PlaceReference

WORDS = PlaceReference.load().words

LOWER = ("lucknow: police fired on protesters in ahmedabad and across uttar pradesh on monday; "
         "officials in reading the report found it nice that the mobile unit moved to new delhi. "
         "gujarat police said pakistan was not involved.")


def test_is_lowercased_needs_enough_letters_and_almost_no_capitals() -> None:
    assert is_lowercased(LOWER)
    assert not is_lowercased("Police fired on protesters in Ahmedabad and across Uttar Pradesh on Monday.")
    assert not is_lowercased("too short")


def test_a_lower_case_story_with_a_few_scraped_capitals_is_still_lower_case() -> None:
    # a share bar the scraper kept brings capitals; the sentences still start in lower case
    story = ("lucknow: police fired on protesters in ahmedabad on monday. two people were hurt. "
             "officials said the curfew stays. the army was called in. shops stayed shut. buses did not run. "
             "schools were closed for the day. a peace committee met in the evening. more police arrived.\n"
             "Facebook Twitter Linkedin Mail")
    assert is_lowercased(story)
    cased = ("Police fired on protesters in Ahmedabad on Monday. Two people were hurt. Officials said the "
             "curfew stays. The army was called in. Shops stayed shut in the old city, residents said.")
    assert not is_lowercased(cased)


@pytest.mark.slow
def test_truecase_capitalises_places_where_english_puts_them(geoparser: Geoparser) -> None:
    out = truecase(LOWER, geoparser.gazetteer, words=WORDS)
    assert len(out) == len(LOWER) and out.lower() == LOWER
    for name in ("Lucknow:", "in Ahmedabad", "Uttar Pradesh", "New Delhi", "Gujarat police", "said Pakistan"):
        assert name in out, name
    for word in ("reading", "nice", "mobile", "police"):
        assert f" {word} " in out, word


@pytest.mark.slow
def test_parse_of_lower_case_text_keeps_the_original_spans(geoparser: Geoparser) -> None:
    places = geoparser.parse(LOWER)
    assert {p.name for p in places} >= {"lucknow", "ahmedabad", "uttar pradesh", "new delhi", "gujarat", "pakistan"}
    assert all(p.name == LOWER[p.start : p.end] for p in places)
    assert all(p.country in ("IN", "PK") for p in places if p.country)


@pytest.mark.slow
def test_a_restored_name_keeps_its_sense_through_the_document(geoparser: Geoparser) -> None:
    text = ("curfew was imposed in vadodara after the riots. shops stayed shut and "
            "vadodara police arrested forty people; officials travelled to make way for the army.")
    out = truecase(text, geoparser.gazetteer, words=WORDS)
    assert out.count("Vadodara") == 2
    # "make" is only another name of Macau: no town in lower-case prose
    assert "to make way" in out


@pytest.mark.slow
def test_truecase_restores_a_small_town_named_as_one_in_a_country_the_story_names(geoparser: Geoparser) -> None:
    # small towns of the gazetteer (under the large-town floor), each followed by a settlement noun
    small = [c for c in geoparser.gazetteer.candidates_for_keys({"kathlal", "kapadvanj"}).values()]
    assert small and all(c.population < 100_000 for cs in small for c in cs)
    text = "police fired in kathlal and kapadvanj towns of gujarat. a mining town and the same district were calm."
    out = truecase(text, geoparser.gazetteer, words=WORDS)
    assert "in Kathlal and Kapadvanj towns of Gujarat" in out
    assert "a mining town and the same district" in out
    # with no country named (and none given) a small town's reading is not trusted
    bare = "police fired in kathlal town on monday. shops were shut."
    assert truecase(bare, geoparser.gazetteer, words=WORDS) == bare
    assert "in Kathlal town" in truecase(bare, geoparser.gazetteer, "IN", words=WORDS)


@pytest.mark.slow
def test_a_smaller_town_after_a_locative_word_is_restored_in_a_region_the_story_names(geoparser: Geoparser) -> None:
    # a town under the large-town floor, with no settlement noun after it: only the story's region vouches for it
    small = geoparser.gazetteer.candidates_for_keys({"kapadvanj"}).get("kapadvanj", [])
    assert small and all(c.population < 100_000 for c in small)
    same_state = "ahmedabad: curfew stayed in force. police fired in kapadvanj on monday night."
    assert "fired in Kapadvanj on" in truecase(same_state, geoparser.gazetteer, words=WORDS)
    # a story about another state does not make a lower-case word a town of this one
    other_state = "lucknow: curfew stayed in force. police fired in kapadvanj on monday night."
    assert "in kapadvanj" in truecase(other_state, geoparser.gazetteer, words=WORDS)
    # nor does a region without a locative word before the name
    no_locative = "ahmedabad: curfew stayed in force. kapadvanj police fired on monday night."
    assert "kapadvanj police" in truecase(no_locative, geoparser.gazetteer, words=WORDS)
