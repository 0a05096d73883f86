"""Lower-cased text: give likely place names back their capitals before recognition.

Why: recognition starts from capitalised words, so a feed or corpus that arrives all in
lower case ("lucknow: the babri masjid action committee ... in ayodhya") yields no place
at all.  Capitalising every gazetteer name would turn "nice", "reading" and "mobile" into
towns, so a lower-case name is restored only when it is safe: a known name of two words
or more ("uttar pradesh"), a country or first-level division by its own name ("pakistan",
"texas"), or a town of 100,000 or more where English puts a place, after a locative word
("in ahmedabad") or as a dateline at the start of a line ("lucknow: ..."); such a name is then
restored wherever else it stands in the document.  A smaller town is restored when English
names it as one ("in kheda district", "borsad and kathlal towns") and the gazetteer has it in
a country the document already names: the settlement noun says it is a place, the country
says which reading (a "temple town" or a "mining town" has no namesake in the story's
country).  So is a smaller town after a locative word ("in kapadvanj") when the gazetteer puts it in a
first-level division the document already names (the state, or a large town of it): local news
names the small towns of the region it covers.  Only the case changes, so every character offset
stays valid for the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..reference.places import PlaceWords
from ._gazetteer import Candidate, Gazetteer, NameKind
from ._normalize import joined_key, name_key

__all__ = ["is_lowercased", "truecase"]

MIN_TOWN = 100_000
_MAX_WORDS = 4
_WORD = re.compile(r"[a-z]+(?:['\u2019-][a-z]+)*")
_DATELINE = re.compile(r"(?:^|\n)\s*$")


_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"\u2019\u201d)]?\s+)([^\W\d_])", re.M)
MIN_SENTENCES = 4


def is_lowercased(text: str) -> bool:
    """True for a text written (or scraped) in lower case.

    Hardly any capitals (fewer than 1 letter in 500) says so at once. A few capitals can come
    from what a scraper kept around the story (a share bar, an agency tag), so a text with under
    1 capital in 20 letters (ordinary English has 2 to 4 in 100) is lower-cased when at least four
    in five of its sentences start in lower case. Asked of every document, so it counts with
    C-level `map` and stops early on ordinary text.
    """
    caps = sum(map(str.isupper, text))
    if caps * 20 >= len(text):
        return False
    letters = sum(map(str.isalpha, text))
    if letters < 40 or caps * 20 >= letters:
        return False
    if caps * 500 < letters:
        return True
    starts = [m.group(1) for m in _SENTENCE_START.finditer(text)]
    return len(starts) >= MIN_SENTENCES and sum(map(str.islower, starts)) * 5 >= len(starts) * 4


def truecase(text: str, gazetteer: Gazetteer, home_country: str | None = None, *, words: PlaceWords) -> str:
    """`text` with the place names it probably holds capitalised (same length, same offsets).

    `home_country` (ISO alpha-2) counts as named by every document, as it is for resolution;
    `words` are the reference's: `common` words are rarely places alone (never restored as
    one-word names), and place_cues.csv's locative, object, function, settlement and describing
    words say where English puts a place name.
    """
    common = words.common
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    word_keys = [name_key(text[s:e]) for s, e in spans]
    grams = _grams(text, spans, word_keys, common, words.function_words)
    found = gazetteer.candidates_for_keys({k for row in grams[1:] for k in row if k is not None})
    # only the words that open a run the gazetteer knows can be restored: visit those, in order
    hits = sorted({i for row in grams[1:] for i, k in enumerate(row) if k is not None and k in found})
    one = grams[1]
    chars = list(text)
    single: set[str] = set()  # one-word names restored somewhere: one sense per discourse
    covered: set[int] = set()  # words inside a restored longer name
    resume = 0  # the first word after the last restored name
    for i in hits:
        if i < resume:
            continue
        for n in range(_MAX_WORDS, 0, -1):
            key = grams[n][i] if i < len(grams[n]) else None
            if key is None or key not in found:
                continue
            if n == 1 and not (
                any(_division(c) for c in found[key])
                or _placed(text, spans[i][0], spans[i][1], words) and any(_notable(c) for c in found[key])
            ):
                continue
            for s, _ in spans[i : i + n]:
                chars[s] = chars[s].upper()
            if n == 1:
                single.add(key)
            else:
                covered.update(range(i, i + n))
            resume = i + n
            break
    countries = {c.country for key in single for c in found[key] if _division(c) or _notable(c)}
    countries.discard(None)
    if home_country:
        countries.add(home_country)
    for i, key in enumerate(one):
        if (key is not None and key not in single and i not in covered and key in found and countries
                and words.named_settlement_after.match(text, spans[i][1])
                and not words.described_before.search(text[max(0, spans[i][0] - 20) : spans[i][0]])
                and any(_settlement(c) and c.country in countries for c in found[key])):
            chars[spans[i][0]] = chars[spans[i][0]].upper()
            single.add(key)
    regions = _regions(found[key] for key in single)
    for i, key in enumerate(one):
        if (key is not None and key not in single and i not in covered and key in found and regions
                and _placed(text, spans[i][0], spans[i][1], words)
                and any(_town(c) and (c.country, c.admin1) in regions for c in found[key])):
            chars[spans[i][0]] = chars[spans[i][0]].upper()
            single.add(key)
    # "in ahmedabad ... ahmedabad police said": the name keeps its sense through the document
    for i, key in enumerate(one):
        if key in single and i not in covered:
            chars[spans[i][0]] = chars[spans[i][0]].upper()
    out = "".join(chars)
    return out if len(out) == len(text) else text


def _grams(text: str, spans: list[tuple[int, int]], word_keys: list[str], common: frozenset[str],
           function_words: frozenset[str]) -> list[list[str | None]]:
    """`grams[n][i]`: the key of the run of n words from word i that may be looked up, else None.

    A run holds words with only a space or hyphen between them, and may not start or end on a
    common word (one word alone) or a function word (longer runs). Built one length at a time
    from the runs one word shorter, so each gap between neighbours is tested once.
    """
    grams: list[list[str | None]] = [[]]
    grams.append([k if k and k.partition(" ")[0] not in common and k.rpartition(" ")[2] not in common else None
                  for k in word_keys])
    adjacent = [_adjacent(text, a, b) for a, b in zip(spans, spans[1:], strict=False)]
    starts = list(range(len(spans)))  # words that open a run of n - 1 words
    for n in range(2, _MAX_WORDS + 1):
        starts = [i for i in starts if i + n <= len(spans) and adjacent[i + n - 2]]
        row: list[str | None] = [None] * max(0, len(spans) - n + 1)
        for i in starts:
            key = joined_key(word_keys[i : i + n])
            if key and key.partition(" ")[0] not in function_words and key.rpartition(" ")[2] not in function_words:
                row[i] = key
        grams.append(row)
    return grams


def _regions(readings: Iterable[list[Candidate]]) -> set[tuple[str | None, str | None]]:
    """The first-level divisions the restored names stand in: a state named outright, a large town's state.

    Local news names the small towns of the region it covers ("in borsad" in a story about
    Gujarat), so a region the document already names is what makes a smaller town's name safe.
    """
    return {(c.country, c.admin1) for cands in readings for c in cands
            if c.admin1 and (c.feature_code == "ADM1" and c.kind == NameKind.PRIMARY or _notable(c)
                             and c.feature_class == "P")}


def _town(c: Candidate) -> bool:
    """A town by its own name (not a division, not an alias): what "in <name>" can be below the notable size."""
    return c.kind == NameKind.PRIMARY and c.feature_class == "P"


def _adjacent(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text[a[1] : b[0]] in (" ", "-")


def _placed(text: str, start: int, end: int, words: PlaceWords) -> bool:
    """Where English puts a place name: after a locative word, or as a dateline.

    A word with an object after it is a verb, whatever the gazetteer says ("in reading the report").
    """
    before = text[max(0, start - 20) : start]
    if words.locative_before.search(before):
        return not words.object_after.match(text[end : end + 8])
    return bool(_DATELINE.search(before)) and text[end : end + 1] in (":", ",")


def _division(c: Candidate) -> bool:
    """A country or first-level division by its own name: "pakistan", "gujarat", "texas"."""
    return (c.feature_code.startswith("PCL") or c.feature_code == "ADM1") and c.kind == NameKind.PRIMARY


def _settlement(c: Candidate) -> bool:
    """A town or a division by its own name, the readings a settlement noun can follow."""
    return c.kind == NameKind.PRIMARY and (c.feature_class == "P" or c.feature_code.startswith("ADM"))


def _notable(c: Candidate) -> bool:
    """A country, a division or a large town, by its own name: "to make" is no town's other name."""
    if c.feature_code.startswith("PCL") or c.feature_code == "ADM1":
        return c.kind in (NameKind.PRIMARY, NameKind.ALTERNATE)  # "britain", not "us"
    return c.population >= MIN_TOWN and c.kind == NameKind.PRIMARY
