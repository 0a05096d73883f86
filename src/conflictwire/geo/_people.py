"""People in the text: surnames, given names, titles and initials, so that "Judge Casey
Manning" and "Blanche D. Maness" are not towns.

Why a module: without spaCy's entities (the default of `conflictwire geoparse`, for speed)
capitalised words are all recognition sees, and many surnames and given names are also the
names of small towns somewhere.  One sense per discourse: once "Jones" is a person in a
story, a later bare "Jones" is too.
"""

from __future__ import annotations

import re

from ..reference.places import PlaceWords
from ._tokens import Token, joined, sentence_start

__all__ = ["AGE", "after_initial", "find_surnames", "titled"]

AGE = re.compile(r",\s\d{1,2},")  # "Jones, 45,"


def find_surnames(
    text: str, toks: list[Token], keyed: dict[tuple[int, int], str], found: dict, lower_words: set[str],
    w: PlaceWords,
) -> tuple[set[str], set[str]]:
    """Words seen as the last part of a capitalised run that is not a place ("Bob Jones" -> Jones),
    and the subset seen after a title, a role, a given name or a middle initial.

    One sense per discourse: once "Jones" is a person in a story, a later bare "Jones" is too.
    A sentence's first word written in lower case elsewhere ("Another Gainesville business")
    is capitalised by position, not part of a name.  `w` holds the titles, roles, given
    names and common words the rules read.
    """
    out: set[str] = set()
    sure: set[str] = set()
    for k in range(1, len(toks)):
        a, b = toks[k - 1], toks[k]
        if after_initial(text, toks, k):
            sure.add(b.text)  # "Blanche D. Maness"
            continue
        if not (a.cap and b.cap and joined(text, a, b)):
            continue
        if a.text.lower().rstrip(".") in w.titles or AGE.match(text, b.end):
            out.add(b.text)  # "Gov. Lincoln", "Jones, 45,"
            continue
        if k >= 2 and titled(text, toks[k - 2], a, w) and b.text.lower() not in w.org_heads:
            sure.add(b.text)  # "Judge Casey Manning", "trustee Les Bellah": whatever "Casey" is elsewhere
            continue
        if a.text.lower() in w.common or b.text.lower() in w.org_heads or a.text.isupper():
            continue
        if a.text.lower() in lower_words and sentence_start(text, toks, k - 1, w):
            continue
        if w.landmark_after.match(text, b.end):
            continue  # "Nazlet Sidon square", "Ras Beirut hospital": a landmark, not a person
        if keyed.get((k - 1, k + 1)) in found:
            continue  # "Elizabeth City", "Glen Burnie": one name
        if a.text in w.given_names:
            sure.add(b.text)
        elif keyed.get((k - 1, k)) not in found:
            out.add(b.text)
    return out | sure, sure


def titled(text: str, title: Token, name: Token, w: PlaceWords) -> bool:
    """Does a title or a role ("Rev.", "Judge", "administrator") come right before `name`?"""
    word = title.text.lower().rstrip(".")
    return (word in w.titles or word in w.roles) and text[title.end : name.start] in (" ", ". ")


def after_initial(text: str, toks: list[Token], k: int) -> bool:
    """Token k follows a given name and a middle initial ("David W. Lewis")."""
    if k < 2 or not toks[k].cap:
        return False
    name, initial = toks[k - 2], toks[k - 1]
    return (
        len(initial.text) == 1
        and initial.text.isupper()
        and text[initial.end : toks[k].start] == ". "
        and name.cap
        and len(name.text) > 1
        and text[name.end : initial.start] == " "
    )
