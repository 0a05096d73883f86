"""The pipeline on invented wire copy: briefs, roundups and support phrases as agencies write them."""

from __future__ import annotations

from datetime import date

import pytest

from conflictwire.models import Article

pytestmark = pytest.mark.slow


def test_a_dated_brief_telling_two_days_gives_two_records(pipeline) -> None:  # noqa: ANN001
    # a short brief under a wire dateline is a news story, not a one-event snippet
    text = ("KIRKUK, Iraq, March 6 (Reuters) - Soldiers killed 9 militants in clashes near Hawija on Tuesday, "
            "the army said. Tribal fighters, backed by air strikes, took control of the village of Riyadh "
            "on Monday.")
    incs = pipeline.process(Article(id="b1", text=text, published=date(2019, 3, 6))).incidents
    assert sorted(i.event_date for i in incs) == [date(2019, 3, 4), date(2019, 3, 5)]
    monday = next(i for i in incs if i.event_date == date(2019, 3, 4))
    # the air strikes only backed the advance: the Monday event is a territorial one
    assert monday.event_type == "Strategic developments" or "territory" in monday.sub_event_type
    assert monday.fatalities == 0


def test_a_roundup_sentence_gives_each_town_its_own_record(pipeline) -> None:  # noqa: ANN001
    text = ("BAGHDAD (AP) - Bombings around the capital killed 10 people on Sunday, officials said. "
            "A car bomb exploded near a market in Mahmoudiya, killing seven, while a roadside bomb killed "
            "three soldiers in Tarmiya.")
    incs = pipeline.process(Article(id="r1", text=text, published=date(2019, 3, 4))).incidents
    assert sorted((i.location, i.fatalities) for i in incs) == [("Mahmoudiya", 7), ("Tarmiya", 3)]


def test_a_suicide_bomber_is_not_the_state_force_named_the_sentence_before(pipeline) -> None:  # noqa: ANN001
    text = ("Troops advance on the city\n\nFederal police and Hashed al-Shaabi units pressed their advance west "
            "of the city on Tuesday. A suicide bomber blew himself up at a checkpoint near Tal Afar on Wednesday, "
            "killing four Hashed fighters, a commander said.")
    incs = pipeline.process(Article(id="s1", title="Troops advance on the city", text=text,
                                    published=date(2019, 3, 7))).incidents
    bombing = next(i for i in incs if i.fatalities == 4)
    assert "Police" not in bombing.actor1 and "Military" not in bombing.actor1
    assert "Popular Mobilization Forces" in bombing.actor2
