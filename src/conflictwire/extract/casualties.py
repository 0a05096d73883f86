"""Killed and injured counts attached to a casualty word, with the victim group.

Why patterns around counts rather than any number near "killed": in "Iraqi forces
detonated two vehicle-borne IEDs and killed 21" the two is IEDs, not dead.  A count
counts only when it sits directly on a casualty word, either before it ("two
civilians are dead", "1 farmer killed") or after it ("killing 25 terrorists").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .numbers import ACLED_VAGUE, Count, find_counts

__all__ = ["Casualty", "CasualtyTotals", "find_casualties", "totals"]

KILL_WORDS = (r"killed|killing|kills|kill|dead|died|dies|slain|executed|murdered|massacred|beheaded|"
              r"shot dead|lost their lives|lost his life|lost her life|bodies of|fatalities|deaths|death|perished")
INJURY_WORDS = r"wounded|wounding|injured|injuring|injuries|hurt|maimed"
EITHER_WORDS = r"killed or wounded|killed or injured|casualties|dead or wounded|dead or injured"
PERSON = (
    r"people|persons|person|civilians?|children|child|kids|women|woman|men|man|boys?|girls?|soldiers?|troops|"
    r"fighters?|militants?|terrorists?|insurgents?|jihadists?|extremists?|gunmen|gunman|policemen|policeman|"
    r"police(?:\s+officers?)?|officers?|members?|protesters?|demonstrators?|residents?|villagers?|farmers?|"
    r"shepherds?|workers?|students?|journalists?|guards?|personnel|recruits?|others|individuals?|victims?|"
    r"pilgrims?|worshippers?|passengers?|fishermen|miners?|herders?|cadres|combatants|rebels?|militiamen|"
    r"commanders?|leaders?|officials?|employees?|doctors?|nurses?|teachers?|family|families|relatives|"
    r"brothers?|sons?|daughters?|wife|husband|mother|father|infants?|babies|baby|elderly|youths?|teenagers?|"
    r"(?:\"|“|”|')?terrorists?(?:\"|“|”|')?|suspects?|detainees?|prisoners?|inmates?|volunteers?|guerrillas?"
)
VICTIM_GROUPS = [
    ("civilians", r"civilian|people|person|child|kid|women|woman|\bmen\b|\bman\b|boy|girl|resident|villager|"
                  r"farmer|shepherd|worker|student|journalist|family|families|relative|pilgrim|worshipper|passenger|"
                  r"fisherm|miner|herder|doctor|nurse|teacher|brother|son|daughter|wife|husband|mother|father|"
                  r"infant|bab|elderly|youth|teenager|protester|demonstrator"),
    ("state_forces", r"soldier|troop|police|officer|guard|personnel|recruit"),
    ("combatants", r"fighter|militant|terrorist|insurgent|jihadist|extremist|gunm|rebel|militiam|combatant|"
                   r"cadre|guerrilla|commander"),
]
_AUX = r"(?:(?:were|was|are|is|have been|has been|had been|been|got|reportedly|also|all|later|were\s+all)\s+)*"
_ADJ = r"(?:[A-Za-z][\w'’\-]*\s+){0,3}?"
_NEG_RE = re.compile(r"(?i)\b(no (?:one|body|casualties|fatalities|injuries|deaths)|nobody|without casualties|"
                     r"no (?:reported )?(?:casualties|injuries|fatalities|deaths))\b")


@dataclass(frozen=True, slots=True)
class Casualty:
    """One count attached to a casualty word."""

    kind: str  # "killed", "injured" or "either" (killed or wounded, unresolved)
    count: Count
    group: str  # civilians, state_forces, combatants, unknown
    start: int  # span of the whole phrase, for evidence
    end: int


@dataclass(slots=True)
class CasualtyTotals:
    killed: int = 0
    killed_low: int = 0
    killed_high: int | None = 0
    injured: int | None = None
    injured_low: int | None = None
    injured_high: int | None = None
    groups: dict[str, int] | None = None
    spans: dict[str, list[tuple[int, int]]] | None = None


def _group(phrase: str) -> str:
    low = phrase.lower()
    for name, rx in VICTIM_GROUPS:
        if re.search(rx, low):
            return name
    return "unknown"


def _kind(word: str) -> str:
    w = word.lower()
    if re.fullmatch(EITHER_WORDS, w):
        return "either"
    return "injured" if re.fullmatch(INJURY_WORDS, w) else "killed"


_FORWARD = re.compile(
    rf"(?i)^\s*(?P<noun>{_ADJ}(?:{PERSON})\b)?\s*(?:[,—–-]\s*(?:including|among them)[^,—–]*[,—–]\s*)?{_AUX}"
    rf"(?P<word>{EITHER_WORDS}|{KILL_WORDS}|{INJURY_WORDS})\b"
)
_BACKWARD = re.compile(
    rf"(?i)\b(?P<word>{EITHER_WORDS}|{KILL_WORDS}|{INJURY_WORDS})(?:\s+(?:and|or)\s+(?:{KILL_WORDS}|"
    rf"{INJURY_WORDS}))?\s+(?:(?:at least|up to|more than|about|around|nearly|some|over)\s+)?$"
)
_BACK_NOUN = re.compile(rf"(?i)^\s*(?P<noun>{_ADJ}(?:{PERSON})\b)")
_PRONOUN = re.compile(rf"(?i)\b(?:(?P<word>{KILL_WORDS}|{INJURY_WORDS})\s+(?P<pro>him|her)\b|"
                      r"(?:shot|stabbed|beat|beaten|hanged)\s+(?P<pro2>him|her)\s+(?P<word2>dead|to death)\b)")


def find_casualties(text: str, start: int = 0, end: int | None = None,
                    *, vague_policy: dict[str, tuple[int, int, int | None]] | None = None) -> list[Casualty]:
    """Casualty counts in text[start:end]; offsets stay relative to `text`."""
    end = len(text) if end is None else end
    span = text[start:end]
    out: list[Casualty] = []
    for c in find_counts(span, vague_policy=vague_policy or ACLED_VAGUE):
        after = span[c.end : c.end + 90]
        before = span[max(0, c.start - 40) : c.start]
        singular = c.text.lower() in {"a", "an", "one", "single"}
        fwd = _FORWARD.match(after)
        if fwd and (fwd.group("noun") or not singular):
            noun = fwd.group("noun") or ""
            if singular and not noun:
                continue
            out.append(Casualty(_kind(fwd.group("word")), c, _group(noun), start + c.start,
                                start + c.end + fwd.end()))
            continue
        back = _BACKWARD.search(before)
        prev = out[-1] if out else None
        if not back and prev and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[prev.end : start + c.start]):
            # "killed several fighters and two civilians": the second count shares the verb
            noun_m = _BACK_NOUN.match(after)
            if noun_m:
                out.append(Casualty(prev.kind, c, _group(noun_m.group("noun")), start + c.start,
                                    start + c.end + noun_m.end()))
            continue
        if back:
            noun_m = _BACK_NOUN.match(after)
            if singular and not noun_m:
                continue
            noun = noun_m.group("noun") if noun_m else ""
            phrase_end = c.end + (noun_m.end() if noun_m else 0)
            out.append(Casualty(_kind(back.group("word")), c, _group(noun),
                                start + max(0, c.start - 40) + back.start(), start + phrase_end))
    for m in _PRONOUN.finditer(span):
        pro = "pro" if m.group("pro") else "pro2"
        one = Count(m.start(pro), m.end(pro), m.group(pro), 1, 1, 1)
        word = m.group("word") or m.group("word2")
        out.append(Casualty(_kind(word), one, "unknown", start + m.start(), start + m.end()))
    return out


def totals(found: Iterable[Casualty], sentence_of: dict[int, int] | None = None) -> CasualtyTotals:
    """Sum counts within a sentence, take the largest per victim group across sentences.

    Why: a story restates its toll ("two civilians are dead" ... "civilian deaths"),
    while one sentence listing groups ("3 soldiers and 2 civilians killed") adds up.
    """
    per: dict[tuple[str, str], dict[int, list[Casualty]]] = {}
    for cas in found:
        sent = sentence_of.get(cas.start, 0) if sentence_of else 0
        per.setdefault((cas.kind, cas.group), {}).setdefault(sent, []).append(cas)
    res = CasualtyTotals(groups={}, spans={"fatalities": [], "injuries": []})
    k_low = k_best = 0
    k_high: int | None = 0
    i_low = i_best = 0
    i_high: int | None = 0
    seen_injury = False
    for (kind, group), by_sent in per.items():
        best_sent = max(by_sent.values(), key=lambda cs: sum(c.count.best for c in cs))
        low = sum(c.count.low for c in best_sent)
        best = sum(c.count.best for c in best_sent)
        high = None if any(c.count.high is None for c in best_sent) else sum(c.count.high or 0 for c in best_sent)
        spans = [(c.start, c.end) for c in best_sent]
        if kind in {"killed", "either"}:
            if kind == "either":
                low, best = 0, 0
            k_low, k_best = k_low + low, k_best + best
            k_high = None if k_high is None or high is None else k_high + high
            if kind == "killed":
                assert res.groups is not None
                res.groups[f"killed:{group}"] = best
            assert res.spans is not None
            res.spans["fatalities"].extend(spans)
        if kind in {"injured", "either"}:
            seen_injury = True
            if kind == "either":
                low = best = 0
            i_low, i_best = i_low + low, i_best + best
            i_high = None if i_high is None or high is None else i_high + high
            assert res.spans is not None
            res.spans["injuries"].extend(spans)
            if kind == "injured":
                assert res.groups is not None
                res.groups[f"injured:{group}"] = best
    res.killed, res.killed_low, res.killed_high = k_best, k_low, k_high
    if seen_injury:
        res.injured, res.injured_low, res.injured_high = i_best, i_low, i_high
    return res


def says_no_casualties(text: str) -> re.Match[str] | None:
    """'No casualties were reported': evidence for an explicit zero."""
    return _NEG_RE.search(text)
