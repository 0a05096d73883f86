"""Toponym recognition: gazetteer matching over capitalised token runs, plus cue patterns.

Why not spaCy's NER alone: the small English model tags "Tal Afar" and "al Zahraa"
as people and misses most Middle East names, while a folded-key gazetteer match
finds them.  NER stays one signal (it vetoes matches inside PERSON/ORG names) when
the caller has a Doc.  Cue patterns ("the neighborhood of X", "X district") find
names the gazetteer does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..reference.places import PlaceWords
from ._gazetteer import Candidate, Gazetteer, NameKind
from ._normalize import ARTICLES, name_key, skeleton_key
from ._people import after_initial, find_surnames
from ._tokens import Token, joined, sentence_start, tokenize

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["COMMA_GAP", "Mention", "Token", "recognize", "tokenize"]

_CONTRACTION = re.compile(r"(?:['\u2019](?:ve|re|ll|d|m|t)|n['\u2019]t)$", re.IGNORECASE)
# between a place and its container: the whole gap, "Alexandria, La.", not ", and ... to Iran" (fullmatch)
COMMA_GAP = re.compile(r"\s*,\s*")

_NAME = re.compile(
    r"(?:(?:al|el|an|ar|as|ash|at|az|ad)[-\s])?[A-Z][\w'\u2019\u02bf-]*(?:\s+(?:al[-\s])?[A-Z][\w'\u2019\u02bf-]*){0,3}"
)


@dataclass(slots=True)
class Mention:
    """A recognised toponym span and what the gazetteer offers for it."""

    start: int
    end: int
    text: str
    key: str
    candidates: list[Candidate] = field(default_factory=list)
    cue: str | None = None  # "neighborhood", "district"... when a cue pattern found it
    parent: Mention | None = None  # the place it lies in ("al Zahraa, a neighborhood of eastern Mosul")
    within: tuple[str, ...] = ()  # explicit container names that follow ("Alexandria, La.")
    relation: str | None = None  # "70 km west of", "south of", "outside"
    container: Mention | None = None  # "Metina region of Dahuk province": the named container
    demonym: bool = False
    strength: float = 1.0
    bracketed: bool = False  # its container came from a bracket: "Rubaya (Masisi, Nord-Kivu)"


def _inner_words(w: PlaceWords) -> frozenset[str]:
    """Lower-case words that may sit inside a name: connectors and Arabic articles."""
    return w.connectors | ARTICLES


def _after_name_head(text: str, toks: list[Token], i: int, w: PlaceWords) -> bool:
    """Does token i continue a name begun by an Arabic topographic word (`name_head` words)?"""
    k = i - 1
    if k > 0 and toks[k].text.lower() in _inner_words(w) and joined(text, toks[k], toks[i]):
        k -= 1  # "Bab el-Oued": past the article
    return k >= 0 and toks[k].text.lower() in w.name_heads and joined(text, toks[k], toks[k + 1])


def _name_head_alone(text: str, toks: list[Token], i: int, j: int, w: PlaceWords) -> bool:
    """Is toks[i:j] only the topographic word of a longer name ("Bab" of "Bab el-Oued")?"""
    return j == i + 1 < len(toks) and toks[i].text.lower() in w.name_heads and joined(text, toks[i], toks[j])


def _spans(text: str, toks: list[Token], inner: frozenset[str], max_len: int = 6) -> Iterable[tuple[int, int]]:
    """Token index ranges that may be a place name: start capitalised (or al-), end capitalised."""
    n = len(toks)
    for i, t in enumerate(toks):
        if _CONTRACTION.search(t.text):
            continue
        low = t.text.lower()
        article = (
            i + 1 < n
            and toks[i + 1].cap
            and (
                (low in ("al", "el") and joined(text, t, toks[i + 1]))
                or (low in ARTICLES and text[t.end : toks[i + 1].start] == "-")
            )
        )
        if not (t.cap or article):
            continue
        if t.cap:
            yield i, i + 1
        for j in range(i + 1, min(n, i + max_len)):
            if not joined(text, toks[j - 1], toks[j]):
                break
            w = toks[j]
            if w.cap:
                yield i, j + 1
            elif w.text.lower() not in inner:
                break


@dataclass(slots=True)
class _Context:
    """What the precision rules need to know about the whole document."""

    text: str
    toks: list[Token]
    words: PlaceWords
    lower_words: set[str]
    surnames: set[str]
    # surnames after a title, a role, a known given name or a middle initial: people beyond doubt
    sure_surnames: set[str]
    persons: list[tuple[int, int]]
    orgs: list[tuple[int, int]]
    ent_places: set[tuple[int, int]]
    # divisions and countries already named in full: their abbreviation may follow ("New South Wales (NSW)")
    spelled_out: set[str] = field(default_factory=set)


def recognize(text: str, gazetteer: Gazetteer, words: PlaceWords, doc: Doc | None = None) -> list[Mention]:
    """Find toponyms in `text`; each mention carries its gazetteer candidates (maybe none).

    `words` are the reference's word tables (what is never a place alone, given names, titles...).
    """
    w = words
    toks = tokenize(text)
    spans = list(_spans(text, toks, _inner_words(w)))
    keyed: dict[tuple[int, int], str] = {}
    for i, j in spans:
        key = name_key(text[toks[i].start : toks[j - 1].end])
        if key:
            keyed[(i, j)] = key
    all_keys = set(keyed.values())
    for key in list(all_keys):
        first, _, rest = key.partition(" ")
        if rest and first in ARTICLES:
            all_keys.add(rest)
    found = gazetteer.candidates_for_keys(all_keys)
    persons, orgs, ent_places = _entity_spans(doc)
    lower_words = {t.text.lower() for t in toks if not t.cap}
    surnames, sure_surnames = find_surnames(text, toks, keyed, found, lower_words, w)
    ctx = _Context(
        text,
        toks,
        w,
        lower_words,
        surnames,
        sure_surnames,
        persons,
        orgs,
        ent_places,
    )

    mentions: list[Mention] = []
    taken = [False] * len(toks)
    # longest match first, left to right
    for (i, j), key in sorted(keyed.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if any(taken[i:j]):
            continue
        start, end = toks[i].start, toks[j - 1].end
        cands = _by_style(text, start, end, _candidates(key, found))
        if text[start:end] in w.dotted_cities:  # "L.A." folds like Louisiana's "La.": a name of its own
            city, country = w.dotted_cities[text[start:end]]
            key = name_key(city)
            cands = [
                replace(c, kind=NameKind.ABBREVIATION)
                for c in gazetteer.lookup(city)
                if c.country == country and c.feature_class == "P"
            ][:1]
        if not cands:
            continue
        if _after_name_head(text, toks, i, w) or _name_head_alone(text, toks, i, j, w):
            continue  # "Bir Hasan", "Kafr Amma", "Bab el-Oued": neither part alone is the place
        m = Mention(start, end, text[start:end], key, cands)
        if not _accept(m, ctx, i, j):
            if j - i > 1 and _inside_entity(m, ctx):
                # "'the Wali of Tal Afar'" tagged as a title: its "Afar" is no Ethiopian region either
                for k in range(i, j):
                    taken[k] = True
            continue
        for k in range(i, j):
            taken[k] = True
        mentions.append(m)
        if _best_kind(m) != NameKind.ABBREVIATION:
            ctx.spelled_out.update(c.name for c in cands if c.feature_class == "A")

    named = {c.country for m in mentions for c in m.candidates if c.feature_code.startswith("PCL") and c.country}
    # a name that can only be a province names its country too ("Rajouri district, J&K")
    named |= {
        c.country
        for m in mentions
        if m.candidates and all(c.feature_code == "ADM1" for c in m.candidates)
        for c in m.candidates
        if c.country
    }
    mentions.extend(_fuzzy_mentions(text, toks, keyed, taken, gazetteer, w, named))
    mentions.extend(_entity_mentions(text, ent_places, mentions, gazetteer, w))
    mentions.extend(_cue_mentions(text, mentions, w, found_keys=set(found)))
    mentions.extend(_parenthesised_mentions(text, toks, mentions, w))
    _states_after_lga(text, mentions, gazetteer)
    mentions.sort(key=lambda m: m.start)
    mentions = _codes_that_fit(text, mentions)
    _link_containers(text, mentions, w)
    return mentions


def _codes_that_fit(text: str, mentions: list[Mention]) -> list[Mention]:
    """A bare postal code after "Town, " names the town's state, so the town must have a reading
    there: "Dublin, OH" is Ohio, while "Chennai, TN" is Tamil Nadu, not Tennessee."""
    out: list[Mention] = []
    for m in mentions:
        town = out[-1] if out else None
        if (
            town is not None
            and town.candidates
            and m.candidates
            and _best_kind(m) == NameKind.CODE
            and COMMA_GAP.fullmatch(text[town.end : m.start])
            and not {(c.country, c.admin1) for c in town.candidates} & {(c.country, c.admin1) for c in m.candidates}
        ):
            continue
        out.append(m)
    return out


def _fuzzy_mentions(
    text: str,
    toks: list[Token],
    keyed: dict[tuple[int, int], str],
    taken: list[bool],
    gazetteer: Gazetteer,
    w: PlaceWords,
    named_countries: set[str] | frozenset[str] = frozenset(),
) -> list[Mention]:
    """Unmatched names in a place slot ("in Shirqat city") looked up by consonant skeleton.

    Transliterations of Arabic names differ mostly in vowels (Nassriya / Nasiriyah,
    Shirqat / Sharqat); the skeleton index covers only countries where that holds.  A
    vowel-blind match is a guess, so when the document names countries it must land in
    one of them: "Bavaria" in a story about Germany is not the Iranian hamlet Bāverd.
    """
    slots: dict[tuple[int, int], str] = {}
    for (i, j), key in keyed.items():
        if any(taken[i:j]) or j - i > 3 or not toks[i].cap:
            continue
        if (j - i == 1 and toks[i].text.isupper()) or key in w.common_phrases:
            continue
        if any(t.text.lower() in w.common for t in toks[i:j]):
            continue
        prev = toks[i - 1].text.lower() if i > 0 else ""
        after = bool(w.settlement_after.match(text[toks[j - 1].end : toks[j - 1].end + 30]))
        if prev not in w.slot_before and not after:
            continue
        if j < len(toks) and toks[j].cap and joined(text, toks[j - 1], toks[j]):
            continue  # only whole capitalised runs
        sk = skeleton_key(text[toks[i].start : toks[j - 1].end])
        if sk:
            slots[(i, j)] = sk
    if not slots:
        return []
    found = gazetteer.candidates_for_keys(slots.values())
    out = []
    for (i, j), sk in sorted(slots.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0]))):
        if any(taken[i:j]) or sk not in found:
            continue
        # with no reading left the name is still a place (a container may place it)
        cands = [c for c in found[sk] if not named_countries or c.country in named_countries]
        start, end = toks[i].start, toks[j - 1].end
        out.append(Mention(start, end, text[start:end], sk, cands, strength=0.7))
        for k in range(i, j):
            taken[k] = True
    return out


def _entity_mentions(
    text: str, ents: set[tuple[int, int]], mentions: list[Mention], gazetteer: Gazetteer, w: PlaceWords
) -> list[Mention]:
    """spaCy GPE/LOC/FAC spans the gazetteer matching missed: looked up whole, else kept unresolved."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in mentions]
    for s, e in sorted(ents):
        if any(s < b and a < e for a, b in taken):
            continue
        surface = text[s:e]
        if surface.lower().startswith("the "):
            s += 4
            surface = surface[4:]
        if not surface[:1].isupper() or surface.lower() in w.common or surface.lower() in w.common_phrases:
            continue
        cands = [c for c in gazetteer.lookup(surface, limit=50) if c.kind != NameKind.CODE]
        out.append(Mention(s, e, surface, name_key(surface), cands, strength=0.6))
        taken.append((s, e))
    return out


def _by_style(text: str, start: int, end: int, cands: list[Candidate]) -> list[Candidate]:
    """Abbreviations ("U.S.", "Calif.", "GA") may only match abbreviation entries, and words only names."""
    surface = text[start:end]
    letters = re.sub(r"[^A-Za-z]", "", surface)
    abbr = [c for c in cands if c.kind == NameKind.ABBREVIATION]
    if letters.isupper() and len(letters) <= 4:
        return [c for c in cands if c.kind in (NameKind.ABBREVIATION, NameKind.CODE)]
    if abbr and len(letters) <= 5 and ("." in surface or text[end : end + 1] == "."):
        return abbr
    return [c for c in cands if c.kind not in (NameKind.ABBREVIATION, NameKind.CODE)]


def _own_population(m: Mention) -> int:
    """The largest town the mention's text names by its main name."""
    return max((c.population for c in m.candidates if c.kind == NameKind.PRIMARY), default=0)


def _candidates(key: str, found: dict[str, list[Candidate]]) -> list[Candidate]:
    cands = list(found.get(key, []))
    first, _, rest = key.partition(" ")
    if rest and first in ARTICLES:
        ids = {c.id for c in cands}
        cands += [c for c in found.get(rest, []) if c.id not in ids]
    return cands


def _entity_spans(
    doc: Doc | None,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], set[tuple[int, int]]]:
    if doc is None:
        return [], [], set()
    # a span cut across a parenthesis ("the Zab (Amadiya") is a tagging slip, not a name: no veto
    named = [e for e in doc.ents if "(" not in e.text and ")" not in e.text]
    persons = [(e.start_char, e.end_char) for e in named if e.label_ == "PERSON"]
    orgs = [(e.start_char, e.end_char) for e in named if e.label_ in ("ORG", "WORK_OF_ART", "EVENT", "PRODUCT")]
    # a span with no proper noun (a sentence's first word, "Officials") is a common word, not a name
    places = {
        (e.start_char, e.end_char)
        for e in doc.ents
        if e.label_ in ("GPE", "LOC", "FAC") and any(t.pos_ == "PROPN" for t in e)
    }
    return persons, orgs, places


def _best_kind(m: Mention) -> int:
    """The most trusted way the mention's text names any of its candidates."""
    return min(c.kind for c in m.candidates)


def _inside_entity(m: Mention, ctx: _Context) -> bool:
    """Does a person or organisation span from spaCy hold the mention?"""
    return any(s <= m.start and m.end <= e for s, e in (*ctx.persons, *ctx.orgs))


def _accept(m: Mention, ctx: _Context, i: int, j: int) -> bool:
    """Precision rules: a capitalised word is a place only with enough evidence."""
    text, toks, w = ctx.text, ctx.toks, ctx.words
    best_kind = _best_kind(m)
    admin = any(c.feature_class in ("A", "L") for c in m.candidates)
    max_pop = max(c.population for c in m.candidates)
    surface = m.text
    single = j - i == 1
    prev = toks[i - 1] if i > 0 else None
    low = surface.lower()
    if (single and low in w.common) or low in w.common_phrases:
        return False
    if single and low in ARTICLES:
        return False  # "Al Shabaab": an Arabic article alone is no town (Ål, Norway)
    if text[m.end : m.end + 1] == "$":
        return False  # "US$460 million", "HK$": a currency
    if (m.start, m.end) in ctx.ent_places:
        return True
    if best_kind in (NameKind.ABBREVIATION, NameKind.CODE):
        letters = re.sub(r"[^A-Za-z]", "", surface)
        if len(letters) < 2:
            return False
        if best_kind == NameKind.ABBREVIATION and (
            any(c.name in ctx.spelled_out for c in m.candidates)
            or "." in surface
            or "&" in surface  # "J&K": no word is written so
            or text[m.end : m.end + 1] == "."
            or any(c.feature_code.startswith("PCL") for c in m.candidates)
        ):
            return True
        # a bare postal code only after "Town, ": "Dublin, OH"
        return prev is not None and prev.cap and bool(COMMA_GAP.fullmatch(text[prev.end : m.start]))
    nxt = toks[j] if j < len(toks) else None
    glued = (
        nxt is not None
        and nxt.cap
        and text[toks[j - 1].end : nxt.start] in (" ", "-")
        and nxt.text.lower() not in w.area_after  # "Biu LGA" is the area of the town Biu
    )
    if glued and nxt is not None and nxt.text.lower() in w.feature_after:
        return False  # "Red River", "Indian Ocean": another feature the gazetteer lacks
    if prev is not None and prev.text.lower() in w.feature_before and joined(text, prev, toks[i]):
        return False  # "Lake Ontario", "Mount Lebanon", "Fort Hood": a feature named after the place
    if best_kind == NameKind.DEMONYM:
        m.demonym = True
        return True
    if single and surface.isupper() and len(surface) <= 4:
        return False
    if single and len(surface) <= 4 and any(ch.isupper() for ch in surface[1:]):
        return False  # "JaS", "PoW": a short mixed-case word is an acronym
    if prev is not None and prev.text.lower().rstrip(".") in w.titles:
        return False
    if single and not admin and after_initial(text, toks, i):
        return False  # "Tommy G. Parler": a middle initial comes before a surname
    for s, e in ctx.persons:
        if s <= m.start and m.end <= e and (e - s) > (m.end - m.start) and not admin:
            return False
    for s, e in ctx.orgs:
        if s <= m.start and m.end <= e and (e - s) > (m.end - m.start) and not admin and max_pop < 100_000:
            return False
    small = not admin and max_pop < 100_000
    if single and low in ctx.lower_words and not admin and max_pop < 50_000:
        return False
    # inside a longer run of capitalised words that is not a place: a person or an organisation
    if glued and nxt is not None and small and nxt.text.lower() not in w.org_heads:
        return False
    # "George Mitchell", "Nadia Moayyad": a given name before a surname is no town either
    if single and glued and nxt is not None and surface in w.given_names and not admin and max_pop < 500_000:
        return nxt.text.lower() in w.org_heads
    if single and not admin and max_pop < 300_000 and surface in ctx.surnames:
        return False
    if single and not admin and surface in ctx.sure_surnames and _own_population(m) < 300_000:
        return False  # "Manning" is also Wanning's other name, but "Judge Casey Manning" is a person
    if single and small and w.said_after.match(text, m.end):
        return False
    if single and small and best_kind != NameKind.PRIMARY and sentence_start(text, toks, i, w):
        return False  # "Cases in Canada ...": a capitalised plural, only another name of a French hamlet
    return not (
        prev is not None
        and prev.cap
        and joined(text, prev, toks[i])
        and small
        and not (i == 1 or sentence_start(text, toks, i - 1, w))
        and not _POSSESSIVE_GAP.fullmatch(text[prev.end : m.start])  # "St. Petersburg's Pulkovo": a part of it
    )


_POSSESSIVE_GAP = re.compile(r"['\u2019]s ")




def _cue_mentions(text: str, mentions: list[Mention], w: PlaceWords, found_keys: set[str]) -> list[Mention]:
    """Names introduced by a settlement word ("the neighborhoods of Intisar, al Salam and al Shaimaa'")."""
    out: list[Mention] = []
    covered = [(m.start, m.end) for m in mentions]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in covered)

    def add(s: int, e: int, cue: str, explicit: bool) -> None:
        surface = text[s:e]
        words = surface.split()
        if not words or words[-1].lower() in w.feature_after or surface.lower() in w.common:
            return
        for m in mentions:
            if m.start == s and m.end == e:
                big = any(
                    (c.feature_class != "P" and c.latitude is not None)
                    or (c.population >= 500_000 and c.kind == NameKind.PRIMARY)
                    for c in m.candidates
                )
                small = all(c.feature_class == "P" and c.population < 100_000 for c in m.candidates)
                if (explicit and not big) or small:
                    m.cue = m.cue or cue
                return
        if free(s, e):
            out.append(Mention(s, e, surface, name_key(surface), [], cue=cue, strength=0.8))
            covered.append((s, e))

    for cm in w.cue_before.finditer(text):
        words = cm.group().split()
        cue = re.sub(r"s$", "", words[-2 if words[-1] in ("of", "—", "–", "-", ":") else -1].lower())
        pos = cm.end()
        # a list: "X, Y and Z"
        for _ in range(6):
            nm = _NAME.match(text, pos)
            if not nm:
                break
            add(nm.start(), _trim(text, nm.start(), nm.end()), cue, True)
            sep = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)", text[nm.end() :])
            if not sep:
                break
            pos = nm.end() + sep.end()
    for cm in w.neighbourhood_before.finditer(text):
        # Latin American notes: "in Colonia Vallejo", "Vila Ipiranga": a neighbourhood of the town
        nm = w.spanish_name.match(text, cm.end())
        if nm:
            add(nm.start(), _trim(text, nm.start(), nm.end()), "neighborhood", True)
    for nm in _NAME.finditer(text):
        word = w.cue_after.match(text[nm.end() : nm.end() + 40])
        if word and not re.match(r"\s+of\b", text[nm.end() + word.end() : nm.end() + word.end() + 4]):
            add(
                nm.start(),
                _trim(text, nm.start(), nm.end()),
                word.group().split()[-1].lower().rstrip("s"),
                True,
            )
    return out


_AFTER_LGA = re.compile(r"\bLGAs?\s*[,(]\s*$")


def _states_after_lga(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> None:
    """ "Kagara (Rafi LGA, Niger)": after a Local Government Area comes a Nigerian state.

    The states named by common words (Niger, Delta, Plateau, Rivers) are indexed only with
    "State"; right after "LGA" the bare word is the state, not the country or a Canadian town.
    """
    for m in mentions:
        if not _AFTER_LGA.search(text[max(0, m.start - 8) : m.start]):
            continue
        states = [c for c in gazetteer.lookup(f"{m.text} State") if c.country == "NG" and c.feature_code == "ADM1"]
        if states:
            m.candidates = states


def _parenthesised_mentions(text: str, toks: list[Token], mentions: list[Mention], w: PlaceWords) -> list[Mention]:
    """Unknown names given with their district or province in brackets: "Debiro (Biu LGA, Borno)".

    ACLED's notes and many wires place a village this way; when the bracket names a place
    the gazetteer knows, the name before it is a place too, found where the village is not.
    """
    out: list[Mention] = []
    covered = [(m.start, m.end) for m in mentions]
    ends = {t.end: k for k, t in enumerate(toks)}
    for bm in re.finditer(r"\s\(([^()]{2,80})\)", text):
        k = ends.get(bm.start())
        inside = [m for m in mentions if bm.start(1) <= m.start and m.end <= bm.end(1) and m.candidates]
        if k is None or not inside or not toks[k].cap:
            continue
        # a district and province ("Biu LGA, Borno") or a division ("(Niger)"); a lone town in
        # a bracket is as often another name or a party's ("Change Movement (Gorran)")
        first = min(inside, key=lambda m: m.start)  # mentions are in longest-first order here
        if "," not in bm.group(1) and not any(c.feature_class == "A" for c in first.candidates):
            continue
        j = k  # walk back over the name: capitalised words and the connectors inside names
        while (
            j > 0
            and (toks[j - 1].cap or toks[j - 1].text.lower() in _inner_words(w))
            and joined(text, toks[j - 1], toks[j])
        ):
            j -= 1
        while j < k and not toks[j].cap:
            j += 1
        s, e = toks[j].start, toks[k].end
        surface = text[s:e]
        words = surface.split()
        if (
            words[0].lower() in w.common
            or surface.isupper()
            or words[-1].lower() in w.feature_after
            or any(s < y and x < e for x, y in covered)
        ):
            continue
        out.append(Mention(s, e, surface, name_key(surface), [], strength=0.8))
        covered.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in "'\u2019-":
        e -= 1
    return e


# "Rubaya (Masisi, Nord-Kivu)", "Debiro (Biu LGA, Borno)": the bracket's first known place
_BRACKET = re.compile(r"^\s*\((?:[^()]*,\s*)?$")


def _settlement(m: Mention) -> bool:
    return m.cue is None and any(c.feature_class == "P" for c in m.candidates)


def _link_containers(text: str, mentions: list[Mention], w: PlaceWords) -> None:
    """Record "X, Y" and "X (… Y)" containment and the town a cue-found neighbourhood lies in.

    `w.district_comma`: ACLED's "Andar district, Ghazni", the district's province after the comma;
    `w.inside_gap`: "Metina region of Dahuk province", "Buhriz area in Diyala"; `w.in_city_gap`: the
    town a neighbourhood lies in.
    """
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = text[a.end : b.start]
        if _BRACKET.match(gap) and b.candidates and a.key != b.key:
            # the bracket lends its point to an unknown name, or to one the gazetteer has
            # nowhere in the division's countries ("Rubaya (Masisi, Nord-Kivu)" is no Kuwaiti
            # town); it restricts nothing, since its names are often ambiguous ("Kagara (Rafi
            # LGA, Niger)" names the state, not the country; "Bahia Blanca (Buenos Aires)")
            if not {c.country for c in a.candidates} & {c.country for c in b.candidates}:
                a.container, a.bracketed = b, True
        elif COMMA_GAP.fullmatch(gap) and b.candidates:
            if any(c.feature_class == "A" for c in b.candidates):
                a.within = (*a.within, b.key)
            elif _stands_for_province(text, a, b, w):
                # "Pisky, Donetsk": a city named like its province; the packaged data lacks the
                # village there and has only namesakes elsewhere in the country: the city's point
                a.container = b
        elif w.district_comma.match(gap) and b.candidates:
            if any(c.feature_class == "A" for c in b.candidates):
                a.within = (*a.within, b.key)
            elif not {c.country for c in a.candidates} & {c.country for c in b.candidates}:
                a.container = b  # "Andar district, Ghazni": no French Andar, but Ghazni's district
        elif (
            w.inside_gap.match(gap)
            and (a.candidates or a.strength < 1.0)  # a known name, or one found in a place slot
            and b.candidates
            and any(c.feature_class == "A" or c.population >= 50_000 for c in b.candidates)
        ):
            a.within = (*a.within, b.key)
            a.container = b
        elif (
            _POSSESSIVE_GAP.fullmatch(gap)
            and b.candidates
            and any(c.feature_class == "A" or c.population >= 50_000 for c in a.candidates)
        ):
            # "Beirut's Hamra district", "Moscow's Domodedovo airport": the second lies in the first
            b.within = (*b.within, a.key)
            b.container = a
    cues = {m.key: m.cue for m in mentions if m.cue}
    for m in mentions:
        m.cue = m.cue or cues.get(m.key)
    for idx, m in enumerate(mentions):
        if not m.cue:
            continue
        # 1. a town named after it in the same sentence: "... in southeastern Mosul"
        for later in mentions[idx + 1 :]:
            gap = text[m.end : later.start]
            if len(gap) > 160 or _SENTENCE_END.search(gap):
                break
            if _settlement(later) and w.in_city_gap.match(gap[-80:]):
                m.parent = later
                break
        # 2. the nearest town before it in the same sentence: "the eastern Mosul neighborhood of al Zahraa"
        if m.parent is None:
            for j in range(idx - 1, -1, -1):
                earlier = mentions[j]
                gap = text[earlier.end : m.start]
                if len(gap) > 160 or _SENTENCE_END.search(gap):
                    break
                if j > 0 and text[mentions[j - 1].end : earlier.start].strip() in (",", "("):
                    # "in Ciudad del Carmen, Campeche, ...", "in La Plata (Buenos Aires), ...": the
                    # state after the town, named like its capital, is not the neighbourhood's town
                    continue
                if _settlement(earlier):
                    m.parent = earlier
                    break
    # one sense per discourse: every mention of a neighbourhood shares its cue and town
    by_key: dict[str, Mention] = {}
    for m in mentions:
        if m.cue and (m.key not in by_key or (m.parent and not by_key[m.key].parent)):
            by_key[m.key] = m
    for m in mentions:
        first = by_key.get(m.key)
        if first is not None and first is not m:
            m.cue = m.cue or first.cue
            m.parent = m.parent or first.parent


_LIST_AROUND = re.compile(r"^\s*(?:,|and\b|or\b|&)")


def _stands_for_province(text: str, a: Mention, b: Mention, w: PlaceWords) -> bool:
    """Is b, after "a, ", a large town standing for its province, with a known only elsewhere?

    Not in a list of towns ("Denver, Indianapolis, Louisville", "Wajir, Mandera and Garissa"),
    and not when a is itself a large town.
    """
    if _LIST_AROUND.match(text[b.end : b.end + 6]) or text[max(0, a.start - 2) : a.start] == ", ":
        return False
    if w.division_after.match(text, b.end):
        return False  # "Makhmur, Sulaymania province": the province's point is no better than the town
    big = {(c.country, c.admin1) for c in b.candidates if c.feature_class == "P" and c.population >= 100_000}
    towns = [c for c in a.candidates if c.feature_class == "P"]
    return (
        bool(big and towns)
        and all(c.feature_class == "P" and c.population < 100_000 for c in a.candidates)
        and {c.country for c in towns} <= {cc for cc, _ in big}
        and not any((c.country, c.admin1) in big for c in towns)
    )


_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z\u201c\"]|\n")
