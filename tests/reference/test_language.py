"""The language tables: read into immutable fields, and what the extractor reads comes from them.

Extending a table (a new number word, a new casualty verb, a new cue phrase) must change what
the readers find without a code change; these tests add a row to a loaded reference and check.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

import pytest

from conflictwire.errors import ReferenceDataError
from conflictwire.extract.casualties import CasualtyReader, toll_revision, totals
from conflictwire.extract.cues import CueMatcher, cue_groups
from conflictwire.extract.dates import DateReader
from conflictwire.extract.numbers import NumberReader
from conflictwire.extract.phrases import fill
from conflictwire.extract.segment import SentenceReader
from conflictwire.reference.language import LanguageReference


@pytest.fixture(scope="module")
def language() -> LanguageReference:
    return LanguageReference.load()


def test_every_language_part_is_read(language: LanguageReference) -> None:
    assert language.number_words["seven"] == ("unit", 7)
    assert ("at least", "at_least") in language.count_modifiers
    assert language.vague_quantities["acled"]["dozens"][1] == 12
    assert language.vague_quantities["codebook10"]["several"][1] == 10  # the override
    assert language.vague_quantities["codebook10"]["dozens"][1] == 12  # the rest from ACLED's policy
    assert language.calendar["month"]["sept"] == 9 and language.calendar["weekday"]["sunday"] == 6
    assert {"kill", "injury", "person", "victim:civilians"} <= set(language.casualty_words)
    assert "said" in language.claim_words["say"]
    assert language.type_cues["Air/drone strike"] == ("air",)


def test_the_loaded_tables_are_immutable(language: LanguageReference) -> None:
    with pytest.raises(TypeError):
        language.number_words["score"] = ("unit", 20)  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        language.count_modifiers = ()  # type: ignore[misc]


def _with(language: LanguageReference, **parts: object) -> LanguageReference:
    return dataclasses.replace(language, **parts)


def test_a_new_number_word_is_read_without_code(language: LanguageReference) -> None:
    before = NumberReader(language).find_counts("a score of villagers")
    assert not any(c.best == 20 for c in before)
    more = _with(language, number_words=MappingProxyType({**language.number_words, "a score of": ("unit", 20)}))
    (count,) = [c for c in NumberReader(more).find_counts("a score of villagers") if c.best == 20]
    assert count.text == "a score of"


def test_a_new_casualty_verb_is_read_without_code(language: LanguageReference) -> None:
    text = "Three villagers were slaughtered in the raid."
    assert totals(CasualtyReader(language).find_casualties(text)).killed == 0
    words = dict(language.casualty_words)
    words["kill"] = (*words["kill"], "slaughtered")
    reader = CasualtyReader(_with(language, casualty_words=MappingProxyType(words)))
    assert totals(reader.find_casualties(text)).killed == 3


def test_a_new_cue_phrase_is_read_without_code(language: LanguageReference) -> None:
    cues = tuple((name, (*alts, "bunker buster") if name == "air" else alts) for name, alts in language.event_cues)
    matcher = CueMatcher(cue_groups(_with(language, event_cues=cues)))
    assert "air" in matcher.matched("A bunker buster hit the compound.")
    assert "air" not in CueMatcher(cue_groups(language)).matched("A bunker buster hit the compound.")


def test_cue_placeholders_are_filled(language: LanguageReference) -> None:
    for _, alts in cue_groups(language):
        for alt in alts:
            assert "{protesters}" not in alt and "{gap}" not in alt and "{rebels}" not in alt


def test_month_names_come_from_the_table(language: LanguageReference) -> None:
    calendar = {**language.calendar, "month": MappingProxyType({**language.calendar["month"], "janvier": 1})}
    reader = DateReader(_with(language, calendar=MappingProxyType(calendar)))
    (d,) = reader.find_dates("on 3 janvier 2020", None)
    assert d.date is not None and (d.date.month, d.date.day) == (1, 3)
    assert not any(d.kind == "dmy" for d in DateReader(language).find_dates("on 3 janvier 2020", None))


# ---- the phrase patterns: grammar in code, their word lists in the tables (extract/phrases.py)


def _adding(lists: Mapping[str, tuple[str, ...]], name: str, *rows: str) -> MappingProxyType:
    return MappingProxyType({**lists, name: (*lists[name], *rows)})


def test_a_collective_noun_added_to_the_table_makes_a_count_a_group_size(language: LanguageReference) -> None:
    before = [c.count.best for c in CasualtyReader(language).find_casualties("A flotilla of 30 were killed.")]
    assert before == [30]
    words = _adding(language.casualty_words, "collective_noun", "flotilla")
    after = CasualtyReader(_with(language, casualty_words=words))
    assert after.find_casualties("A flotilla of 30 were killed.") == []
    assert [c.count.best for c in after.find_casualties("30 people were killed.")] == [30]


def test_a_revised_toll_event_added_to_the_table_is_read(language: LanguageReference) -> None:
    text = "The death toll from the stampede rose to 40."
    assert toll_revision(language).search(text) is None
    words = _adding(language.casualty_words, "revised_event", "stampede")
    assert toll_revision(_with(language, casualty_words=words)).search(text) is not None


def test_the_value_of_a_date_word_comes_from_the_table(language: LanguageReference) -> None:
    (d,) = DateReader(language).find_dates("in late March 2019", None)
    assert d.date is not None and d.date.day == 25
    calendar = {**language.calendar, "part_of_month": MappingProxyType({**language.calendar["part_of_month"],
                                                                         "late": 28})}
    (d,) = DateReader(_with(language, calendar=MappingProxyType(calendar))).find_dates("in late March 2019", None)
    assert d.date is not None and d.date.day == 28


def test_a_pattern_whose_word_list_is_missing_names_it(language: LanguageReference) -> None:
    cues = MappingProxyType({k: v for k, v in language.statement_cues.items() if k != "fight"})
    with pytest.raises(ReferenceDataError, match="'fight'"):
        SentenceReader(_with(language, statement_cues=cues))


def test_fill_keeps_repetitions_and_joins_lists_in_table_order() -> None:
    words = {"verb": ("stabbed to death", "stabbed")}
    filled = fill(r"\b(?:{verb})(?:\s+\w+){0,2}{tail}", words, tail="$")
    assert filled == r"\b(?:stabbed to death|stabbed)(?:\s+\w+){0,2}$"
