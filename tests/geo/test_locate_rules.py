"""Incident location on conflict notes: focus country, stated locations, parts of a country.

Hand-written sentences in the style of ACLED notes; expected points come from the
gazetteer itself (never from a gold file), so the tests check the rules, not data.
"""

from __future__ import annotations

import math

import spacy
from spacy.tokens import Span

from conflictwire.geo import Geoparser
from conflictwire.geo._normalize import spelling
from conflictwire.models import Place


def _locate(gp: Geoparser, text: str) -> Place:
    where = gp.locate(gp.parse(text), text, 0, len(text))
    assert where is not None and where.latitude is not None, text
    return where


def _point_of(gp: Geoparser, name: str, country: str = "IQ", feature_class: str = "P") -> tuple[float, float]:
    c = next(
        c
        for c in gp.gazetteer.lookup(name, country=country)
        if c.latitude is not None and c.feature_class == feature_class
    )
    assert c.latitude is not None and c.longitude is not None
    return c.latitude, c.longitude


def _km(p: Place, lat: float, lon: float) -> float:
    assert p.latitude is not None and p.longitude is not None
    p1, p2 = math.radians(p.latitude), math.radians(lat)
    dl = math.radians(lon - p.longitude)
    x = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(x))


def test_spelling_keeps_doubled_letters() -> None:
    assert spelling("Sāmarrā’") == "samarra"
    assert spelling("Samara") != spelling("Samarra")


def test_exact_spelling_beats_a_bigger_folded_namesake(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Gunmen opened fire on a checkpoint in Samarra on Monday.")
    assert where.country == "IQ"


def test_a_comma_far_before_a_country_is_no_containment(geoparser: Geoparser) -> None:
    text = "Crowds filled the streets of Baghdad, and some speakers accused militias close to Iran."
    baghdad = next(p for p in geoparser.parse(text) if p.name == "Baghdad")
    assert baghdad.country == "IQ"


def test_focus_country_drops_a_namesake_abroad(geoparser: Geoparser) -> None:
    # "Karma" alone reads as an Indian town; next to Fallujah it is not India
    where = _locate(geoparser, "Security forces raided a house in Karma, east of Fallujah, and arrested a suspect.")
    assert where.country == "IQ"
    assert where.geo_precision == 2


def test_coded_as_names_the_location(geoparser: Geoparser) -> None:
    text = "Airstrikes hit militant shelters in the Avasin region (coded as Mergasur). No casualties."
    where = _locate(geoparser, text)
    assert where.name == "Mergasur"
    assert where.geo_precision == 2


def test_parenthesised_seat_replaces_the_area(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Jets bombed caves in the Avasin (Mergasur) region. No casualties were reported.")
    assert where.name == "Mergasur"
    assert where.country == "IQ"


def test_parenthesised_container_does_not_replace_a_known_town(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Demonstrators blocked a main road in Umm Qasr (Basra) on Sunday.")
    assert where.name == "Umm Qasr"


def test_province_named_by_its_seat_is_the_town(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Students marched in Diwaniya city to demand jobs.")
    assert where.geo_precision == 1
    assert _km(where, *_point_of(geoparser, "Diwaniyah")) < 5


def test_province_word_keeps_the_province(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Militants attacked a checkpoint somewhere in Diyala province.")
    assert where.geo_precision == 3
    assert where.admin1 == "Diyala"


def test_arabic_article_namesake_abroad_does_not_win(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Protesters set fire to the al-Haq office in Diwaniyah city.")
    assert where.country == "IQ"


def test_northern_part_of_a_country(geoparser: Geoparser) -> None:
    where = _locate(geoparser, "Jets conducted airstrikes on militant positions in northern Iraq.")
    middle = _point_of(geoparser, "Iraq", feature_class="A")
    assert where.latitude is not None and where.latitude > middle[0] + 2  # well north of the country's point
    assert "northern part" in (where.reason or "")


def test_a_country_the_text_names_keeps_its_towns(geoparser: Geoparser) -> None:
    text = "Fighters moved from Mosul in Iraq to Raqqa, Syria, where a car bomb exploded at a market."
    places = geoparser.parse(text)
    where = geoparser.locate(places, text, text.index("Raqqa"), len(text))
    assert where is not None and where.country == "SY", where


def test_ner_span_cut_across_a_parenthesis_does_not_veto(geoparser: Geoparser) -> None:
    nlp = spacy.blank("en")
    text = "Jets hit targets in the Zap (Amadiya) area on Monday."
    doc = nlp(text)
    words = [t.text for t in doc]
    start, end = words.index("the"), words.index("Amadiya") + 1  # "the Zap (Amadiya": a tagging slip
    doc.ents = [Span(doc, start, end, label="ORG")]
    names = {p.name for p in geoparser.parse(text, doc) if p.latitude is not None}
    assert "Amadiya" in names


def test_neighbourhood_never_points_at_a_dropped_outlier(geoparser: Geoparser) -> None:
    # the story's main town was an outlier (dropped); the neighbourhood used to look it up and crash
    text = (
        "Kyrgyz and Tajik villagers fought with stones near the Kyrgyz-Tajik border over land in Chek "
        "neighborhood near Kok-Tash village of Batken. Kyrgyz border guards fired warning shots."
    )
    places = geoparser.parse(text)
    assert {p.name for p in places} >= {"Chek", "Batken"}


def test_a_country_qualifying_a_noun_does_not_outvote_the_town(geoparser: Geoparser) -> None:
    text = "Two rockets fell on the US military base in Makhmur district. No injuries were reported."
    where = _locate(geoparser, text)
    assert where.name == "Makhmur" and where.country == "IQ"
    assert _km(where, *_point_of(geoparser, "Makhmur")) < 1


def test_a_country_qualifying_an_actor_is_not_the_ground(geoparser: Geoparser) -> None:
    text = "An activist was kidnapped after he left Tahrir square; Iran-backed militias were suspected."
    places = geoparser.parse(text)
    assert any(p.country == "IR" for p in places)  # recognised, yet not where it happened
    where = geoparser.locate(places, text, 0, len(text))
    assert where is None or where.country != "IR"


def test_provinces_of_conflict_countries_locate_at_their_seat(geoparser: Geoparser) -> None:
    for text, province, country, seat in (
        ("Boko Haram fighters attacked a village in Borno state, killing 4.", "Borno", "NG", "Maiduguri"),
        ("Taliban fighters clashed with ANDSF in Helmand province.", "Helmand", "AF", "Lashkar Gah"),
        ("Al Shabaab attacked an AMISOM base in Lower Shabelle region.", "Lower Shabelle", "SO", "Marka"),
        ("ADF militants killed 12 civilians in North Kivu province.", "North Kivu", "CD", "Goma"),
    ):
        where = _locate(geoparser, text)
        assert (where.name, where.country, where.geo_precision) == (province, country, 3), text
        assert _km(where, *_point_of(geoparser, seat, country)) < 1, text


def test_province_names_that_are_common_words_need_their_state_word(geoparser: Geoparser) -> None:
    places = geoparser.parse("Pelicans nest in the Danube Delta and on the Central Plateau of Haiti.")
    assert not [p for p in places if p.country == "NG"]
    delta = next(p for p in geoparser.parse("Gunmen kidnapped two workers in Delta State.") if "Delta" in p.name)
    assert delta.country == "NG" and delta.feature_code == "ADM1"


def test_neighbourhood_lies_in_the_town_not_in_the_state_named_after_it(geoparser: Geoparser) -> None:
    text = "On 3 May, in Joao Pessoa, Paraiba, a teenager was shot dead in Rangel neighborhood by armed men."
    where = _locate(geoparser, text)
    assert where.name == "Rangel" and where.geo_precision == 2
    assert _km(where, *_point_of(geoparser, "Joao Pessoa", "BR")) < 1


def test_a_country_qualifying_a_noun_is_never_the_place(geoparser: Geoparser) -> None:
    text = "Protesters angry at the high US dollar exchange rate blocked the road to the port."
    places = geoparser.parse(text)
    assert any(p.country == "US" for p in places)
    assert geoparser.locate(places, text, 0, len(text)) is None
    # after a preposition the same word order is a place: "protesters in Iraq gathered"
    where = _locate(geoparser, "On Monday protesters in Iraq gathered outside the ministry.")
    assert where.country == "IQ" and where.geo_precision == 3


def test_a_country_things_came_from_is_not_the_focus(geoparser: Geoparser) -> None:
    text = "Drivers of trailers who carry goods from Turkey held a protest in Batumi over new rules."
    where = _locate(geoparser, text)
    assert where.name == "Batumi" and where.country == "GE"


def test_the_tail_of_an_unknown_arabic_name_is_not_a_place(geoparser: Geoparser) -> None:
    # "Bir Hasan" (a Beirut suburb) is not in the packaged data; "Hasan" alone is a town in India
    places = geoparser.parse("Doctors at the hospital in Bir Hasan held a demonstration on Tuesday.")
    assert not [p for p in places if p.name in ("Hasan", "Bir")]
    # nor the topographic word alone: "Bab" is a Slovak village, "Bab el-Oued" a quarter of Algiers
    names = [p.name for p in geoparser.parse("Riots broke out in Bab el-Oued on Friday.")]
    assert "Bab" not in names and "Oued" not in names and "el-Oued" not in names


def test_a_newspaper_named_after_a_town_is_not_the_ground(geoparser: Geoparser) -> None:
    # a town would beat a province; the newspaper's town is no town of the story
    text = "The Baghdad Post reported that gunmen killed two guards in Diyala province."
    where = _locate(geoparser, text)
    assert where.name == "Diyala" and where.country == "IQ"
    # the town itself still counts when nothing else is named
    alone = "Gunmen killed two guards near the Baghdad airport on Monday."
    assert _km(_locate(geoparser, alone), *_point_of(geoparser, "Baghdad")) < 10


def test_a_name_english_writes_without_its_arabic_article_stays_arabic(geoparser: Geoparser) -> None:
    # "Amara" is Al-Amarah (Iraq, 320,000) written the English way, not a Romanian village
    text = "On Dec 10, four unidentified bombs went off in Amara city near a party office."
    assert _locate(geoparser, text).country == "IQ"


def test_one_focus_country_rule_for_place_and_actors(geoparser: Geoparser) -> None:
    """Issue 15: the extractor names an incident's country by the geoparser's own rule.

    The older extractor rule counted every resolved place, demonyms too, and countries
    twice: "Turkish ... Turkish ... Turkey's" outvoted the one Iraqi town, so the actors' suffix
    could say Turkey while `locate` preferred Iraq.  The shared rule leaves demonyms out.
    """
    from conflictwire.extract import incidents
    from conflictwire.geo import focus_country

    text = "Turkish jets and Turkish drones, Turkey's army said, struck positions near Zakho in Dahuk province."
    places = geoparser.parse(text)
    assert focus_country(places, text, geoparser.places) == "IQ"
    zakho = next(p for p in places if p.name == "Zakho")
    assert zakho.admin1 == "Dahuk"  # the governorate as ACLED writes it
    assert incidents.focus_country is focus_country  # the extractor calls this very function


def test_with_no_place_named_the_people_named_decide_the_focus(geoparser: Geoparser) -> None:
    """A story that names no country or town but "Iraqi forces" is about Iraq (the extractor's actors say so)."""
    from conflictwire.geo import focus_country

    text = "Iraqi forces killed three militants and arrested two others, a spokesman said."
    assert focus_country(geoparser.parse(text), text, geoparser.places) == "IQ"
