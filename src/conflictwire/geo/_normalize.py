"""Name normalisation shared by the gazetteer index and the recogniser.

Why one function for both sides: a name only matches when the text form and the
gazetteer form fold to the same key, so "Al Qayyārah", "Qayyarah" and "qayyara",
or "Tall 'Afar" and "Tal Afar", must fold identically wherever they come from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from unidecode import unidecode

__all__ = [
    "ARTICLES",
    "is_latin_name",
    "name_key",
    "name_keys",
    "skeleton_key",
    "spelling",
]

# Arabic definite-article spellings met in English news ("al-", "el ", "ash-Sham", ...).  Unlike the
# word tables of reference/data, this set stays here: it is part of the key function itself, and
# every key in a gazetteer file was folded with it.
ARTICLES = frozenset({"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ul"})

_QUOTES = re.compile(r"['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u2032\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_AH = re.compile(r"(?<=[a-z]{2})ah\b")
_DOTS = re.compile(r"\.")
_SAINT = re.compile(r"^(st|ste|mt|ft|pt) ")
_SAINTS = {"st": "saint ", "ste": "sainte ", "mt": "mount ", "ft": "fort ", "pt": "point "}
# ʿayn, "spring", in names: Ra's al ʿAyn / Ras al-Ain, ʿAyn al ʿArab / Ain al-Arab, Ein Gedi
_SPRING = re.compile(r"\b(?:ayn|ein)\b")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Fold a name to its lookup key: ASCII, lower case, no quotes, single letters, no final -ah,
    and "ayn"/"ein" (spring) spelled "ain".

    The cache is per process and bounded; it only memoises a pure function.
    """
    s = unidecode(name).lower() if not name.isascii() else name.lower()
    s = _QUOTES.sub("", s)
    s = _DOTS.sub("", s)
    s = _NON_WORD.sub(" ", s).strip()
    s = _DOUBLE.sub(r"\1", s)
    s = _FINAL_AH.sub("a", s)
    s = _SAINT.sub(lambda m: _SAINTS[m.group(1)], s)
    return _SPRING.sub("ain", s)


def joined_key(word_keys: Sequence[str]) -> str:
    """`name_key` of words written with a space or hyphen between them, from each word's own key.

    Why: truecasing looks up every run of one to four words of a lower-cased text, and folding
    each run again costs more than the lookups. Once spaces and hyphens are word breaks, every
    step of `name_key` works inside a word except the expansion of a leading "st", "mt"...,
    which needs the word after it; so the run's key is its words' keys joined by spaces, with
    that expansion applied (tests/geo check the two agree).
    """
    joined = " ".join(word_keys)
    if not joined.startswith(("st", "mt", "ft", "pt")):  # what _SAINT needs to match at all
        return joined
    return _SAINT.sub(lambda m: _SAINTS[m.group(1)], joined)


_VOWELS = re.compile(r"[aeiou]")


@lru_cache(maxsize=65536)
def spelling(name: str) -> str:
    """A name as written, minus case, accents, quotes and punctuation, without folding letters.

    `name_key` collapses doubled letters and final -ah so spellings meet; this keeps
    them, so "Samarra" can still tell Sāmarrā' from Samara.
    """
    s = unidecode(name).lower() if not name.isascii() else name.lower()
    s = _QUOTES.sub("", s)
    return _NON_WORD.sub(" ", s).strip()


def skeleton_key(name: str) -> str | None:
    """The consonants of a name without its article: "Nassriya" and "An Nasiriyah" -> "~nsry".

    None when fewer than three consonants remain (too many names would collide).
    """
    key = name_keys(name)[-1] if name_keys(name) else ""
    sk = _VOWELS.sub("", key.replace(" ", "").replace("q", "k"))
    sk = _DOUBLE.sub(r"\1", sk)
    return "~" + sk if len(sk) >= 3 else None


def name_keys(name: str) -> list[str]:
    """The key of a name plus its article-less variant ("al zahra" -> "zahra")."""
    key = name_key(name)
    if not key:
        return []
    out = [key]
    first, _, rest = key.partition(" ")
    if rest and first in ARTICLES:
        out.append(rest)
    return out


def is_latin_name(name: str) -> bool:
    """True for a proper name written in Latin script (GeoNames also lists transliteration debris).

    Lower-case alternates such as "alksandrya  lwyyzyana" are machine transliterations
    that would only produce false matches, so a name must start with a capital.
    """
    if len(name) < 2 or not name[0].isupper():
        return False
    for ch in name:
        if ord(ch) < 0x250 or ch in "\u2018\u2019\u02bb\u02bc\u02be\u02bf":
            continue
        if unicodedata.category(ch).startswith("M"):
            continue
        return False
    return True
