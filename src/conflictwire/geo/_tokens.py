"""Tokens of recognition: words with character offsets, and when two of them belong to one
name or a capital only opens a sentence.

Why apart from `_recognize`: the people rules (`_people`) and the place rules both read
tokens, and a token's capital is computed once here because the span search asks for it
about a million times on LGL.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..reference.places import PlaceWords

__all__ = ["Token", "joined", "sentence_start", "tokenize"]

_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., D.C., U.S.A.
    r"|[A-Z][a-z]{0,3}\.\s?[A-Z][a-z]{0,2}\."  # W.Va., N. Y.
    r"|[A-Z]{1,2}&[A-Z]{1,2}(?![\w&])"  # J&K (Jammu and Kashmir)
    r"|[^\W\d_](?:\w|['\u2019\u02bf\u02be`](?=[^\W\d_]))*"
    r"|\d+"
)
_POSSESSIVE = re.compile(r"['\u2019]s$")
_ARTICLE_HYPHEN = re.compile(r"^(?:al|el|an|ar|as|ash|at|az|ad)-[A-Z]")


class Token(NamedTuple):
    """A word with its character offsets.

    A named tuple, not a dataclass: recognition makes one per word of every document (100,000
    for 300 news articles), and a frozen dataclass's construction cost more than the search.
    """

    start: int
    end: int
    text: str
    # starts a name: a capital, or a hyphenated Arabic article ("al-Zahraa", "as-Sadr");
    # computed once here because the span search asks for it about a million times on LGL
    cap: bool


def _starts_name(t: str) -> bool:
    """A capital, an elided French article before one ("d'Ivoire") or a hyphenated Arabic article."""
    elided = len(t) > 2 and t[0] in "dl" and t[1] in "'\u2019" and t[2].isupper()
    return t[:1].isupper() or elided or bool(_ARTICLE_HYPHEN.match(t))


def tokenize(text: str) -> list[Token]:
    """Word tokens with character offsets; possessive 's is left out of the token."""
    out = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        t = m.group()
        if len(t) > 2 and _POSSESSIVE.search(t):
            e -= 2
            t = t[:-2]
        out.append(Token(s, e, t, _starts_name(t)))
    return out


def joined(text: str, a: Token, b: Token) -> bool:
    """Two tokens belong to one name only when a single space or hyphen separates them."""
    gap = text[a.end : b.start]
    return (
        gap in (" ", "-", "\u00a0", "'s ", "\u2019s ")
        or (a.text.endswith(".") and gap == "")
        or (gap == ". " and a.text in ("St", "Mt", "Ft", "Ste", "Pt"))
    )


def sentence_start(text: str, toks: list[Token], k: int, words: PlaceWords) -> bool:
    """Token k opens a sentence, a line or a quotation (`words.titles` end no sentence)."""
    if k == 0:
        return True
    gap = text[toks[k - 1].end : toks[k].start]
    if "\n" in gap or any(ch in gap for ch in '!?:;"\u201c'):
        return True
    before = toks[k - 1].text
    if not ("." in gap or before.endswith(".")):
        return False
    # "Dr. Julia Peters", "Jose A. Cordova": the full stop of a title or an initial ends no sentence
    word = before.lower().rstrip(".")
    return not (gap.strip() in (".", "") and (word in words.titles or (len(word) == 1 and before[0].isupper())))
