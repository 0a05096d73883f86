"""Language knowledge the extractor reads: cue words and phrases for event types, casualties, dates and segmentation.

One table per kind of word (see docs/reference.md), each row one word or one alternative of
a pattern, with its `source`.  Rows are kept in table order: the extractor joins a list's
alternatives into one regular expression, and an alternation tries them left to right.

* `number_words.csv`: cardinal numerals and quantity words ("a dozen") with their value.
* `numeral_words.csv`: scale words after digits and numerals, the units of "twenty-one".
* `count_modifiers.csv`: "at least", "nearly"... and how each bounds a count.
* `vague_quantities.csv`: "several", "dozens"... as (low, best, high) per coding policy.
* `calendar_words.csv`: month and weekday names, small counts of days ("a few days ago"), and
  the words whose value the date resolver uses (parts of a month, "yesterday", "last").
* `date_words.csv`: the other words of date phrases (prepositions, parts of a day).
* `casualty_words.csv`: words of killing and injury, victim nouns and victim groups.
* `claim_words.csv`: reporting verbs, pronouns and statement nouns for attribution.
* `event_cues.csv` and `cue_actor_words.csv`: the event-type cue lexicon (one group per
  means of an event, as the ACLED codebook defines sub-event types); `event_type_cues.csv`
  says which groups are the evidence for each sub-event type.
* `segment_triggers.csv`: words that open an event segment, by kind of event.
* `statement_cues.csv`: what kind of statement a sentence is (a campaign total, a plan, a
  hypothesis, a turn to another incident), for segmentation.
* `figure_words.csv`: the words of humanitarian figures (displaced, refugees, in need).
* `role_words.csv`: verbs and nouns around an actor's name that make it agent or target.
* `news_cues.csv`: how news copy refers back to an event it already told,
  for reading whole articles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import ReferenceDataError
from .tables import Row, read_table

__all__ = ["Bounds", "LanguageReference"]

Bounds = tuple[int, int, int | None]  # a count's (low, best, high); high None = open


def _frozen(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


def _int(row: Row, column: str, table: str) -> int:
    try:
        return int(row[column])
    except (KeyError, ValueError):
        raise ReferenceDataError(f"{table}.csv: {column} must be an integer in row {row}") from None


def _lists(rows: list[Row], key: str, value: str) -> Mapping[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r[key], []).append(r[value])
    return _frozen({k: tuple(v) for k, v in out.items()})


def _word_lists(table: str) -> Mapping[str, tuple[str, ...]]:
    """A `list,pattern,source` table: list name -> its alternatives, in table order."""
    return _lists(read_table(table, required=("list", "pattern")), "list", "pattern")


def _empty() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class LanguageReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    number_words: Mapping[str, tuple[str, int]] = field(default_factory=_empty)  # word -> (unit|ten|scale, value)
    count_modifiers: tuple[tuple[str, str], ...] = ()  # (phrase, reading), in table order
    vague_quantities: Mapping[str, Mapping[str, Bounds]] = field(default_factory=_empty)  # policy -> word -> bounds
    calendar: Mapping[str, Mapping[str, int]] = field(default_factory=_empty)  # month|weekday|count -> word -> value
    casualty_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    claim_words: Mapping[str, frozenset[str]] = field(default_factory=_empty)  # say|pronoun|statement -> words
    cue_actor_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    event_cues: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (group, alternatives with {placeholders})
    segment_triggers: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # kind -> alternatives
    role_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    type_cues: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # sub-event type -> cue groups
    news_cues: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    statement_cues: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    figure_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    date_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives
    numeral_words: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)  # list -> alternatives

    @classmethod
    def load(cls) -> LanguageReference:
        """The packaged tables (each row checked for its source)."""
        numbers = {r["word"]: (r["kind"], _int(r, "value", "number_words"))
                   for r in read_table("number_words", required=("word", "value", "kind"))}
        modifiers = tuple((r["phrase"], r["reading"])
                          for r in read_table("count_modifiers", required=("phrase", "reading")))
        policies: dict[str, dict[str, Bounds]] = {}
        for r in read_table("vague_quantities", required=("word", "policy", "low", "best")):
            bounds = (_int(r, "low", "vague_quantities"), _int(r, "best", "vague_quantities"),
                      _int(r, "high", "vague_quantities") if r.get("high") else None)
            policies.setdefault(r["policy"], {})[r["word"]] = bounds
        if "acled" not in policies:
            raise ReferenceDataError("vague_quantities.csv: no row of the default policy 'acled'")
        # a policy lists only where it departs from ACLED's current reading
        vague = {name: _frozen({**policies["acled"], **rows}) for name, rows in policies.items()}
        calendar: dict[str, dict[str, int]] = {}
        for r in read_table("calendar_words", required=("word", "kind", "value")):
            calendar.setdefault(r["kind"], {})[r["word"]] = _int(r, "value", "calendar_words")
        claims: dict[str, set[str]] = {}
        for r in read_table("claim_words", required=("word", "kind")):
            claims.setdefault(r["kind"], set()).add(r["word"])
        cues: dict[str, list[str]] = {}
        for r in read_table("event_cues", required=("group", "pattern")):
            cues.setdefault(r["group"], []).append(r["pattern"])
        return cls(
            number_words=_frozen(numbers),
            count_modifiers=modifiers,
            vague_quantities=_frozen(vague),
            calendar=_frozen({k: _frozen(v) for k, v in calendar.items()}),
            casualty_words=_lists(read_table("casualty_words", required=("list", "pattern")), "list", "pattern"),
            claim_words=_frozen({k: frozenset(v) for k, v in claims.items()}),
            cue_actor_words=_lists(read_table("cue_actor_words", required=("list", "pattern")), "list", "pattern"),
            event_cues=tuple((g, tuple(alts)) for g, alts in cues.items()),
            segment_triggers=_lists(read_table("segment_triggers", required=("trigger", "pattern")),
                                    "trigger", "pattern"),
            role_words=_lists(read_table("role_words", required=("list", "pattern")), "list", "pattern"),
            type_cues=_lists(read_table("event_type_cues", required=("sub_event_type", "cue_group")),
                             "sub_event_type", "cue_group"),
            news_cues=_word_lists("news_cues"),
            statement_cues=_word_lists("statement_cues"),
            figure_words=_word_lists("figure_words"),
            date_words=_word_lists("date_words"),
            numeral_words=_word_lists("numeral_words"),
        )

    def numbers_of(self, kind: str) -> dict[str, int]:
        """Number words of one kind (unit, ten, scale) -> value, in table order."""
        return {w: v for w, (k, v) in self.number_words.items() if k == kind}
