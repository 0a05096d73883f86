"""Segmentation on hand-written articles (needs the spaCy model)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conflictwire.extract.dates import DateReader
from conflictwire.extract.segment import SentenceReader, segment
from conflictwire.reference.language import LanguageReference

_LANGUAGE = LanguageReference.load()
read_sentences = SentenceReader(_LANGUAGE).read_sentences
find_dates = DateReader(_LANGUAGE).find_dates

pytestmark = pytest.mark.slow


def _segments(nlp, text: str, published: date):  # noqa: ANN001, ANN202
    doc = nlp(text)
    sents = read_sentences(doc, published, find_dates(text, published))
    return sents, segment(sents)


def test_segment_separates_incidents_and_drops_campaign_totals(nlp, fixtures: Path) -> None:  # noqa: ANN001
    text = (fixtures / "report_ambush.txt").read_text(encoding="utf-8")
    sents, segs = _segments(nlp, text, date(2019, 3, 5))
    tolls = [sum(c.count.best for s in seg.sentences for c in s.casualties if c.kind == "killed") for seg in segs]
    assert tolls == [3, 2]
    assert "exchange of fire" in segs[0].sentences[-1].text  # the follow-up sentence joins the ambush
    campaign = next(s for s in sents if "Since January" in s.text)
    assert campaign.campaign


def test_segment_total_equal_to_later_parts_is_not_an_incident(nlp) -> None:  # noqa: ANN001
    text = ("Troops killed 30 militants in two separate clashes on Sunday, the army said. "
            "In the first clash, soldiers killed 12 militants near the dam. "
            "In a second clash, an air strike killed 18 militants in a village to the north.")
    _, segs = _segments(nlp, text, date(2019, 3, 5))
    assert [sum(c.count.best for s in g.sentences for c in s.casualties) for g in segs] == [12, 18]


def test_segment_background_and_projection_are_not_events(nlp) -> None:  # noqa: ANN001
    text = ("The group captured the town in 2014 and killed dozens of residents. "
            "Officials fear the militants could attack the dam on Friday. "
            "On Monday, a suicide bomber killed four people at a checkpoint.")
    _, segs = _segments(nlp, text, date(2019, 3, 5))
    assert len(segs) == 1 and "suicide bomber" in segs[0].sentences[0].text


def test_segment_whole_text_mode_makes_one_segment(nlp) -> None:  # noqa: ANN001
    text = "On 2 March, gunmen attacked a checkpoint. Two policemen were killed. A third was wounded."
    doc = nlp(text)
    sents = read_sentences(doc, date(2019, 3, 5), find_dates(text, date(2019, 3, 5)))
    assert len(segment(sents, whole_text=True)) == 1


def test_segment_earlier_event_named_as_context_is_background(nlp) -> None:  # noqa: ANN001
    text = ("On Monday, protesters burned tyres outside the governor's office. "
            "This comes after police shot dead 12 demonstrators in the city last month.")
    sents, segs = _segments(nlp, text, date(2019, 12, 3))
    assert sents[1].background
    assert all("shot dead" not in s.text for seg in segs for s in seg.sentences)


def test_segment_planned_and_recalled_events_are_not_incidents(nlp) -> None:  # noqa: ANN001
    published = date(2002, 3, 10)
    text = ("The union announced a protest for next week outside the assembly. "
            "Supporters marched to the site for the march 15 rally, the organisers said. "
            "Twelve years ago, a policeman was shot dead in the same street. "
            "On February 11, a gunman killed 12 people at a school in the town. "
            "On Saturday, police fired on a mob at the station, killing two people.")
    sents, segs = _segments(nlp, text, published)
    assert sents[0].planned and sents[1].planned
    assert sents[2].background and sents[3].background
    assert len(segs) == 1 and "police fired" in segs[0].sentences[0].text


def test_segment_whole_text_drops_a_lead_that_only_announces(nlp) -> None:  # noqa: ANN001
    text = "The union announced a protest for next week in the city against power cuts."
    doc = nlp(text)
    published = date(2019, 3, 5)
    sents = read_sentences(doc, published, find_dates(text, published), whole_text=True)
    assert segment(sents, whole_text=True) == []


@pytest.mark.parametrize("total", [
    "The minister said as many as 400 people had been killed in the unrest till May 3.",
    "Nearly 100 people had been killed in police firing during the riots, he said.",
    "About 100 people were shot dead by police, the spokesman claimed.",
    "Officials said 300 deaths have taken place in the aftermath of the riots.",
])
def test_segment_a_rounded_running_total_is_no_days_toll(nlp, total: str) -> None:  # noqa: ANN001
    text = "Police fired on a mob in the old city on Tuesday, killing one man. " + total
    sents, segs = _segments(nlp, text, date(2002, 3, 14))
    assert sents[1].campaign
    assert [sum(c.count.best for s in g.sentences for c in s.casualties if c.kind == "killed") for g in segs] == [1]


def test_segment_an_exact_toll_without_a_date_is_still_an_event(nlp) -> None:  # noqa: ANN001
    text = "Police fired on a mob in the old city on Tuesday. Separately, gunmen killed 120 villagers in Khor."
    sents, _ = _segments(nlp, text, date(2002, 3, 14))
    assert not sents[1].campaign


def test_segment_an_undated_lede_that_sums_up_the_body_is_no_incident(nlp) -> None:  # noqa: ANN001
    text = ("Two people were killed and shops were burnt as violence spread in the state. "
            "The curfew was extended. "
            "A shopkeeper was stabbed to death in the old town on Tuesday, police said. "
            "Later on Tuesday a 19-year-old was killed when police fired on a mob in the walled city.")
    _, segs = _segments(nlp, text, date(2002, 3, 27))
    tolls = [sum(c.count.best for s in g.sentences for c in s.casualties if c.kind == "killed") for g in segs]
    assert tolls == [1, 1] and all(g.sentences[0].index > 0 for g in segs)


def test_segment_a_lede_with_more_deaths_than_the_body_tells_stays(nlp) -> None:  # noqa: ANN001
    text = ("Five people were killed in clashes in the district. "
            "On Monday, one man was killed in the market, police said.")
    _, segs = _segments(nlp, text, date(2002, 3, 27))
    assert segs[0].sentences[0].index == 0


def test_segment_locative_lead_opens_the_next_place_of_a_dated_roundup(nlp) -> None:  # noqa: ANN001
    text = ("Rioters burned three shops in the market of Riverton on Tuesday, police said. "
            "In Lakeside, a mob set fire to a bus depot.")
    doc = nlp(text)
    lake = text.index("Lakeside")
    sents = read_sentences(doc, date(2019, 3, 6), find_dates(text, date(2019, 3, 6)), place_starts=[lake])
    assert sents[1].place_lead
    assert len(segment(sents)) == 2
    # without a place in the lead ("In a statement, ...") the sentence is no new place
    assert not read_sentences(doc, date(2019, 3, 6), find_dates(text, date(2019, 3, 6)))[1].place_lead


def test_segment_share_of_a_total_and_overall_toll_are_not_incidents(nlp) -> None:  # noqa: ANN001
    text = ("On Monday, gunmen killed two farmers near the border. "
            "The overall toll of the unrest reached 300 by Tuesday, excluding 40 killed in the first attack. "
            "Of these, 90 died in air strikes, the ministry said.")
    sents, segs = _segments(nlp, text, date(2019, 3, 6))
    assert sents[1].campaign and sents[2].campaign
    assert len(segs) == 1 and "farmers" in segs[0].sentences[0].text


def test_segment_weekday_of_the_event_outweighs_a_recalled_full_date(nlp) -> None:  # noqa: ANN001
    text = "A trader was stabbed on Tuesday, exactly one month after the bombing of February 5."
    sents, segs = _segments(nlp, text, date(2019, 3, 6))
    assert not sents[0].background and len(segs) == 1


def test_segment_people_held_is_an_arrest(nlp) -> None:  # noqa: ANN001
    text = "On Tuesday evening, 30 persons were held in a search of the old quarter."
    sents, _ = _segments(nlp, text, date(2019, 3, 6))
    assert sents[0].klass == "arrest"


def test_segment_a_toll_told_of_another_town_is_that_towns_incident(nlp) -> None:  # noqa: ANN001
    text = ("Police fired tear gas at a mob that burned shops in Riverton on Tuesday. "
            "Two people were stabbed in Lakeside, police said.")
    doc = nlp(text)
    towns = [(text.index("Riverton"), "1"), (text.index("Lakeside"), "2")]
    published = date(2019, 3, 6)
    sents = read_sentences(doc, published, find_dates(text, published), towns=towns)
    assert sents[0].towns == {"1"} and sents[1].towns == {"2"}
    assert len(segment(sents)) == 2
    # the same town, or a town only named as where the injured were taken, continues the incident
    same = read_sentences(doc, published, find_dates(text, published), towns=[towns[0], (towns[1][0], "1")])
    assert len(segment(same)) == 1
    taken = text.replace("were stabbed in Lakeside", "were taken to Lakeside")
    sents = read_sentences(nlp(taken), published, find_dates(taken, published),
                           towns=[towns[0], (taken.index("Lakeside"), "2")])
    assert not sents[1].towns and len(segment(sents)) == 1


def test_segment_each_sides_losses_are_one_fights_toll(nlp) -> None:  # noqa: ANN001
    text = ("Border guards retook the hill post from the rebels on Monday, the ministry said. "
            "Five guards were killed and nine wounded in the assault, a commander said. "
            "He said dozens of rebel fighters were killed.")
    _, segs = _segments(nlp, text, date(2019, 3, 5))
    assert len(segs) == 1
    # a sentence with an action of its own is another event, even in a fight
    text2 = text.replace("He said dozens of rebel fighters were killed.",
                         "An air strike killed 18 rebel fighters.")
    _, segs2 = _segments(nlp, text2, date(2019, 3, 5))
    assert len(segs2) == 2
    # civilians killed after a battle are not a side's losses: their own incident
    text3 = text.replace("He said dozens of rebel fighters were killed.", "Three villagers were killed.")
    _, segs3 = _segments(nlp, text3, date(2019, 3, 5))
    assert len(segs3) == 2


def test_segment_a_waves_running_toll_is_a_campaign(nlp) -> None:  # noqa: ANN001
    text = ("Protesters burned tyres outside the governor's office on Thursday, police said. "
            "The protests, now in their third day, have left at least six people dead.")
    sents, segs = _segments(nlp, text, date(2019, 3, 8))
    assert sents[1].campaign
    assert len(segs) == 1 and segs[0].sentences[0].index == sents[0].index


def test_segment_an_event_dated_only_by_an_earlier_month_is_recalled(nlp) -> None:  # noqa: ANN001
    text = ("Gunmen killed two guards at a checkpoint on Monday, police said. "
            "The army declared the district cleared of militants last month.")
    sents, segs = _segments(nlp, text, date(2019, 3, 6))
    assert sents[1].background and len(segs) == 1
    # this month's events are the story's news
    this_month = text.replace("last month", "in March")
    sents, _ = _segments(nlp, this_month, date(2019, 3, 20))
    assert not sents[1].background


def test_segment_a_toll_told_after_its_event_is_that_events_toll(nlp) -> None:  # noqa: ANN001
    text = ("Riot police fired tear gas at marchers outside the ministry on Friday. "
            "At least 20 protesters were injured, a medical source said.")
    _, segs = _segments(nlp, text, date(2019, 10, 5))
    assert len(segs) == 1 and segs[0].has_injuries
    # what a group has done in the past is history, not this event
    text2 = ("Gunmen shot dead a guard at a clinic on Tuesday, police said. "
             "Militants have attacked clinics and their guards in the past.")
    sents, segs2 = _segments(nlp, text2, date(2019, 5, 8))
    assert sents[1].campaign and len(segs2) == 1 and len(segs2[0].sentences) == 1


def _tolls(segs) -> list[int]:  # noqa: ANN001
    return [sum(c.count.best for s in g.sentences for c in s.casualties if c.kind == "killed") for g in segs]


def test_segment_a_second_sources_toll_retells_the_event(nlp) -> None:  # noqa: ANN001
    text = ("A truck bomb exploded at a checkpoint in the northern town on Friday, killing 12 people, "
            "provincial officials said. "
            "The army confirmed the attack but said five soldiers were killed and nine were wounded. "
            "The officials said 30 people were also wounded.")
    _, segs = _segments(nlp, text, date(2016, 11, 5))
    # one bombing, told three times: one incident, with the first telling's toll
    assert len(segs) == 1 and _tolls(segs) == [12]


def test_segment_the_victims_described_are_no_new_incident(nlp) -> None:  # noqa: ANN001
    text = ("Gunmen opened fire on a wedding party in the village on Saturday night, killing four people. "
            "The curfew was extended. "
            "The four killed included two teenagers, a hospital doctor said.")
    _, segs = _segments(nlp, text, date(2016, 11, 6))
    assert _tolls(segs) == [4]


def test_segment_a_new_attack_with_its_own_day_is_not_a_retelling(nlp) -> None:  # noqa: ANN001
    text = ("A car bomb killed nine people at a market on Friday, police said. "
            "On Saturday, three people were killed in the attack on a bus station, police said.")
    _, segs = _segments(nlp, text, date(2016, 11, 6))
    assert _tolls(segs) == [9, 3]


def test_segment_the_day_of_a_statement_does_not_date_the_lede(nlp) -> None:  # noqa: ANN001
    text = ("Investigators are looking into why a gunman killed six people at a clinic, police said Monday. "
            "The clinic stayed closed. "
            "The gunman went on a rampage at the clinic on Sunday morning, killing six patients.")
    _, segs = _segments(nlp, text, date(2009, 3, 31))
    # the lede's "Monday" is the day police spoke: the lede only restates Sunday's shooting
    assert _tolls(segs) == [6] and segs[0].sentences[0].index == 2


def test_segment_a_counted_arrest_in_a_dated_story_is_an_incident(nlp) -> None:  # noqa: ANN001
    text = ("Mobs set fire to a bus depot in the port town on Thursday night. "
            "The curfew was extended to two more districts. "
            "About 35 youths were taken into custody in connection with the arson.")
    sents, segs = _segments(nlp, text, date(2002, 3, 8))
    assert sents[2].counted_arrest
    assert [g.klass for g in segs] == ["violence", "arrest"]


@pytest.mark.parametrize("held", [
    "Several arrests have also been made.",  # vague: a roundup's words
    "The two men arrested earlier were questioned again.",  # definite: arrests already known
    "One of the arrested men was a shopkeeper.",  # one of them, not a count of arrests
])
def test_segment_an_uncounted_or_known_arrest_opens_nothing(nlp, held: str) -> None:  # noqa: ANN001
    text = f"Mobs set fire to a bus depot in the port town on Thursday night. The curfew was extended. {held}"
    sents, segs = _segments(nlp, text, date(2002, 3, 8))
    assert not sents[2].counted_arrest
    assert [g.klass for g in segs] == ["violence"]


def test_segment_a_counted_arrest_needs_a_dated_story(nlp) -> None:  # noqa: ANN001
    text = "The minister spoke about the law. He said that 40 people were arrested under it."
    _, segs = _segments(nlp, text, date(2002, 3, 8))
    assert segs == []


def test_segment_a_toll_after_an_untolled_telling_opens_at_the_telling(nlp) -> None:  # noqa: ANN001
    text = ("The army said on Monday that its troops were advancing in the eastern districts of the city. "
            "The curfew was extended. "
            "Militants stormed a police post near the river crossing. "
            "Four policemen were killed and two were wounded, an officer said.")
    _, segs = _segments(nlp, text, date(2016, 11, 8))
    opened = [g for g in segs if g.has_toll]
    assert len(opened) == 1 and opened[0].sentences[0].text.startswith("Militants stormed")


def test_segment_a_toll_with_its_own_attack_does_not_borrow_the_telling(nlp) -> None:  # noqa: ANN001
    text = ("The army said on Monday that its troops were advancing in the eastern districts of the city. "
            "The curfew was extended. "
            "Militants stormed a police post near the river crossing. "
            "A suicide car bomb killed four soldiers at a checkpoint, an officer said.")
    _, segs = _segments(nlp, text, date(2016, 11, 8))
    opened = [g for g in segs if g.has_toll]
    assert len(opened) == 1 and opened[0].sentences[0].text.startswith("A suicide car bomb")


@pytest.mark.parametrize("figure", [
    "Official statistics show that 240 people have been killed in shelling.",
    "According to hospital records, 240 people have been killed in shelling.",
])
def test_segment_a_count_from_statistics_is_a_running_total(nlp, figure: str) -> None:  # noqa: ANN001
    text = f"A mortar round hit a school in the eastern district on Tuesday, killing three pupils. {figure}"
    sents, segs = _segments(nlp, text, date(2016, 11, 9))
    assert sents[1].campaign and _tolls(segs) == [3]


def test_segment_events_called_rumours_are_taken_back(nlp) -> None:  # noqa: ANN001
    text = ("Word spread on Friday that a bus had been torched near the station. "
            "Two men were shot dead by police in the old quarter, residents said. "
            "These were only rumours, the district magistrate said. "
            "On Saturday, a shop was set on fire in the market and one man was killed.")
    _, segs = _segments(nlp, text, date(2016, 11, 13))
    assert _tolls(segs) == [1]


def test_segment_a_denied_claim_is_not_a_retraction(nlp) -> None:  # noqa: ANN001
    text = ("Gunmen killed two men in the old quarter on Friday, residents said. "
            "The police denied that the men were shot by officers.")
    sents, segs = _segments(nlp, text, date(2016, 11, 13))
    assert not sents[1].retracts and _tolls(segs) == [2]


def test_segment_a_roundup_sentence_is_cut_where_it_passes_to_another_towns_toll(nlp) -> None:  # noqa: ANN001
    text = ("Bombs struck three towns on Sunday. A car bomb exploded in Riverton, killing five, "
            "while a roadside bomb killed two soldiers in Lakeside.")
    towns = [(text.index("Riverton"), "1"), (text.index("Lakeside"), "2")]
    published = date(2019, 3, 4)
    sents = read_sentences(nlp(text), published, find_dates(text, published), towns=towns)
    assert [s.text for s in sents[1:]] == ["A car bomb exploded in Riverton, killing five",
                                           "a roadside bomb killed two soldiers in Lakeside."]
    assert sorted(_tolls(segment(sents))) == [2, 5]
    # the wounded of the same event, or a second toll with no town of its own, stay in the sentence
    for second in ("while two soldiers were wounded.", "while a roadside bomb killed two soldiers."):
        one = text.replace("while a roadside bomb killed two soldiers in Lakeside.", second)
        sents = read_sentences(nlp(one), published, find_dates(one, published), towns=towns[:1])
        assert len(sents) == 2
    # notes and snippets tell one event: their sentences are never cut
    whole = read_sentences(nlp(text), published, find_dates(text, published), towns=towns, whole_text=True)
    assert len(whole) == 2


def test_segment_a_sentence_opening_on_another_time_of_day_turns_to_another_event(nlp) -> None:  # noqa: ANN001
    text = ("A suicide bomber killed nine people at a market in Riverton on Sunday. "
            "Earlier in the day, a car bomb killed four people and wounded 11 in Lakeside.")
    published = date(2019, 3, 4)
    sents = read_sentences(nlp(text), published, find_dates(text, published))
    assert sents[1].boundary
    assert sorted(_tolls(segment(sents))) == [4, 9]
    assert sorted(_tolls(segment(sents, whole_text=True))) == [4, 9]
    # "later" alone is how a story goes on with the same event
    same = text.replace("Earlier in the day, a car bomb killed four people and wounded 11 in Lakeside.",
                        "Later, police said the bomber was a teenager.")
    assert not read_sentences(nlp(same), published, find_dates(same, published))[1].boundary
