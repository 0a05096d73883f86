from __future__ import annotations

import pytest

from conflictwire.extract.casualties import CasualtyReader, totals
from conflictwire.reference.language import LanguageReference

# the packaged words, compiled once for this module, as an Extractor does once per Reference
find_casualties = CasualtyReader(LanguageReference.load()).find_casualties


@pytest.mark.parametrize(("text", "killed", "injured"), [
    ("Three soldiers were killed and at least five others were wounded on Monday", 3, 5),
    ("Iraqi forces detonated two vehicle-borne IEDs and killed 21 fighters", 21, None),
    ("a roadside bomb exploded, killing two civilians", 2, None),
    ("the army said it killed 40 militants and injured a number of others", 40, 3),
    ("unidentified gunmen shot and killed a police officer", 1, None),
    ("gunmen shot him dead outside his home", 1, None),
    ("the explosion left 1 farmer killed and 2 others wounded", 1, 2),
    ("Four mortars landed in the district", 0, None),
    ("a bomb exploded, killing the driver and injuring 2 workers", 1, 2),
    ("the attack killed the mukhtar, his wife and two children", 4, None),
    ("which resulted in the killing of 1 civilian", 1, None),
    ("airstrikes killing or injuring 14 militants", 0, 0),
    ("killed two guards who replaced an elder killed 6 months earlier", 2, None),
    ("a number of militants were also killed (unknown fatalities)", 3, None),
    ("two IEDs killed and injured 8 personnel", 4, 4),
    ("3 fighters were killed, injured or captured", 0, 0),
    ("killed a senior IS leader and 4 of his companions", 5, None),
    ("2 members of the TMF were killed during a clash", 2, None),
    ("a photo journalist was stabbed and killed by an unknown group", 1, None),
    ("gunmen killed 1 soldier and six others were wounded", 1, 6),
    ("militants shot dead the head of Abu Saida town council, his son and a civilian", 3, None),
    ("airstrikes hit a cave, killing all the militants inside (unknown fatalities)", 3, None),
    ("9 Turkish soldiers were reported to be killed", 9, None),
    ("clashes resulted in the killing of 2 and injury of more than 10 demonstrators", 2, 10),
    # a singular subject far from its passive verb is still one victim
    ("the mayor of a farming village near the river was killed in a raid", 1, None),
    ("a retired engineer, who had returned home last year, was shot dead at his door", 1, None),
    ("it was not clear whether the driver was killed", 0, None),
    ("gunmen shot and killed an off duty and unarmed policeman", 1, None),
    ("at least three rioters were killed and 40 were hurt", 3, 40),
    ("at least 6 people were reported dead after the blast", 6, None),
    ("the raid left 12 fighters in total killed", 12, None),
    # the source of a figure is not one more victim
    ("gunmen attacked a bus, wounding eight civilians, a police officer said", 0, 8),
    ("the blast killed two soldiers and a civilian, an official told reporters", 3, None),
    # a crowd's size is not a toll
    ("a mob of around 5,000 persons killed nearly 65 persons in the village", 65, None),
    ("a crowd of 300 people attacked the station and killed two guards", 2, None),
    # every victim group of a list counts, not only the last
    ("at least 14 militants and three SDF fighters were killed in clashes", 17, None),
    ("two soldiers, three policemen and four civilians were wounded", 0, 9),
    # victims named by their trade
    ("gunmen shot dead two traders in the market on monday", 2, None),
    ("a bomb killed three judges and a driver outside the court", 4, None),
    ("later a 19-year-old was killed when police fired on the crowd", 1, None),
    # a count after a possessive in a list of victims
    ("the shell hit the house, killing a farmer and his four daughters", 5, None),
    # a follow-up's new toll
    ("the death toll from the market bombing rose to 31 on Friday", 31, None),
    ("the death toll from the ambush now stands at 9, officials said", 9, None),
    # a running total of a wave is not one event's toll
    ("the death toll in the post-poll violence has risen to 80", 0, None),
])
def test_casualties_attach_counts_to_casualty_words(text: str, killed: int, injured: int | None) -> None:
    t = totals(find_casualties(text))
    assert (t.killed, t.injured) == (killed, injured)


@pytest.mark.parametrize(("text", "as_note", "as_news"), [
    # read as news, "7 fatalities" is one more count in the same sentence group
    ("killing 5 civilians and injuring 20 others. 7 fatalities coded including the attackers", 7, 12),
    # the last coder's statement is the per-event one
    ("fatalities coded as 4 split across 4 events. 1 fatality coded for this event", 1, 0),
])
def test_coder_remarks_are_read_only_in_acled_notes(text: str, as_note: int, as_news: int) -> None:
    assert totals(find_casualties(text, coder_remarks=True)).killed == as_note
    assert totals(find_casualties(text)).killed == as_news


def test_casualties_killed_or_wounded_is_a_range() -> None:
    t = totals(find_casualties("the blast killed or wounded 12 people"))
    assert (t.killed_low, t.killed, t.killed_high) == (0, 0, 12)
    assert (t.injured_low, t.injured_high) == (0, 12)


def test_casualties_victim_groups_and_vague_counts() -> None:
    t = totals(find_casualties("clashes killed several fighters and two civilians"))
    assert t.groups == {"killed:combatants": 3, "killed:civilians": 2}
    assert t.killed == 5 and t.killed_high is None


def test_casualties_restatement_across_sentences_is_not_added() -> None:
    text = "Two civilians were killed. Later two civilians were confirmed dead."
    found = find_casualties(text)
    t = totals(found, {c.start: (0 if c.start < 26 else 1) for c in found})
    assert t.killed == 2


def test_casualties_counts_victims_named_by_nationality() -> None:
    text = "Two Palestinians were killed and four Iraqis were wounded."
    reader = CasualtyReader(LanguageReference.load(), nationals=["Palestinians", "Iraqis"])
    assert [(c.kind, c.count.best) for c in reader.find_casualties(text)] == [("killed", 2), ("injured", 4)]
    # without the nationality nouns the counts have no noun to count
    assert [c.kind for c in find_casualties(text)] == []


def test_nationals_are_the_regular_plurals_of_demonyms() -> None:
    from conflictwire.extract.incidents import _nationals

    found = _nationals({"Iraqi": "Iraq", "Afghan": "Afghanistan", "Chinese": "China", "British": "United Kingdom",
                        "Iraq": "Iraq"})
    assert sorted(found) == ["Afghans", "Chinese", "Iraqis"]


@pytest.mark.parametrize(("text", "count"), [
    ("Two persons sustained minor injuries in the clash.", 2),
    ("Five policemen suffered serious injuries.", 5),
    ("Three bystanders received bullet wounds.", 3),
])
def test_casualties_reads_injuries_sustained_or_suffered(text: str, count: int) -> None:
    assert [(c.kind, c.count.best) for c in find_casualties(text)] == [("injured", count)]
