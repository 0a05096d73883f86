"""Phrase patterns assembled from word lists: the grammar stays in code, the words in the tables.

A phrase pattern of the extractor ("the death toll from <the> <attack> <rose> to N") is English
grammar around words: the groups, the gaps of a few words, the lookarounds and the slot a count
fills are code; the words that fill it (which verbs, which nouns) are rows of a reference table
(`reference/data/*.csv`, one alternative a row, each with its source).  A template names each
word list with a placeholder, `{list_name}`, and `fill` joins the list's rows into an alternation
in table order (an alternation tries them left to right, so a longer phrase comes before its
prefix).  Regular-expression repetitions (`{0,3}`) are not placeholders: a placeholder's name
starts with a letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..errors import ReferenceDataError

__all__ = ["fill", "phrase"]

_SLOT = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def fill(template: str, words: Mapping[str, Sequence[str]], **fragments: str) -> str:
    """`template` with each `{name}` replaced: by `fragments[name]` (a piece of grammar kept in
    code) or else by the alternation of the word list `words[name]`, its rows joined with `|`."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in fragments:
            return fragments[name]
        alternatives = words.get(name)
        if not alternatives:
            raise ReferenceDataError(f"no rows for the word list {name!r} that the pattern {template[:60]!r}... "
                                     "needs (see docs/reference.md)")
        return "|".join(alternatives)

    return _SLOT.sub(one, template)


def phrase(template: str, words: Mapping[str, Sequence[str]], flags: int = 0, **fragments: str) -> re.Pattern[str]:
    """`fill`, compiled."""
    return re.compile(fill(template, words, **fragments), flags)
