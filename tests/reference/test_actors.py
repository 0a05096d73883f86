"""The actor tables: aliases with sources, country spellings, demonyms and periods."""

from __future__ import annotations

import dataclasses

import pytest

from conflictwire.errors import ReferenceDataError
from conflictwire.extract.actors import ActorLexicon
from conflictwire.extract.periods import PeriodTable
from conflictwire.reference.actors import ActorReference, AliasRow, alias_rows


@pytest.fixture(scope="module")
def actors() -> ActorReference:
    return ActorReference.load()


def test_the_actor_tables_are_read(actors: ActorReference) -> None:
    assert any(r.canonical == "Islamic State ({country})" for r in actors.aliases)
    assert actors.acled_country("Czechia") == "Czech Republic"
    assert actors.acled_country("Iraq") == "Iraq" and actors.acled_country(None) is None
    assert actors.demonyms["Emirati"] == "United Arab Emirates"
    assert any(p.country == "Iraq" and p.label == "2018-2020" for p in actors.periods)


def test_a_bad_alias_row_names_its_line() -> None:
    with pytest.raises(ValueError, match="aliases.csv:3: inter must be 1-8"):
        alias_rows([(2, {"canonical": "A", "inter": "2", "family": "rebel"}),
                    (3, {"canonical": "B", "inter": "12", "family": "rebel"})], "aliases.csv")


def test_a_packaged_alias_table_error_is_a_reference_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictwire.reference import actors as module

    def bad_table(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
        return [{"canonical": "X", "inter": "nine", "family": "rebel", "source": "test"}]

    monkeypatch.setattr(module, "read_table", bad_table)
    with pytest.raises(ReferenceDataError, match="inter must be an integer"):
        ActorReference.load()


def test_a_new_alias_row_is_found_without_code(actors: ActorReference) -> None:
    row = AliasRow("Example Brigade", r"\bexample brigade\b", 3, "militia", "Iraq", "actor")
    more = dataclasses.replace(actors, aliases=(row, *actors.aliases))
    found = ActorLexicon.load(None, more).find("The Example Brigade fired rockets.", country="Iraq")
    assert [m.canonical for m in found] == ["Example Brigade"]
    assert not ActorLexicon.load(None, actors).find("The Example Brigade fired rockets.", country="Iraq")


def test_a_gazetteer_spelling_becomes_acleds(actors: ActorReference) -> None:
    lexicon = ActorLexicon.load(None, actors)
    assert lexicon.focus_country("Palestinian Territory") == "Palestine"
    found = lexicon.find("Protesters gathered in the square.", country="Palestinian Territory")
    assert [m.canonical for m in found] == ["Protesters (Palestine)"]


def test_periods_come_from_the_reference(actors: ActorReference) -> None:
    table = PeriodTable.from_reference(actors)
    from datetime import date
    assert table.fit("Military Forces of Iraq (2018-2020)", date(2016, 5, 1)) == "Military Forces of Iraq (2014-2018)"
