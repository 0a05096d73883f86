"""Killed and injured counts attached to a casualty word, with the victim group.

Why patterns around counts rather than any number near "killed": in "Iraqi forces
detonated two vehicle-borne IEDs and killed 21" the two is IEDs, not dead.  A count
counts only when it sits directly on a casualty word, either before it ("two
civilians are dead", "1 farmer killed") or after it ("killing 25 terrorists").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..reference.language import Bounds, LanguageReference
from .numbers import Count, NumberReader
from .phrases import fill, phrase

__all__ = ["Casualty", "CasualtyReader", "CasualtyTotals", "toll_revision", "totals"]

# The phrase patterns: grammar here, their words in `casualty_words.csv` (one list per placeholder,
# see `phrases.fill`); compiled once per `CasualtyReader`.
_AUX = r"(?:(?:{toll_auxiliary})\s+)*(?:(?:{harm_before_kill})\s+and\s+)?"
_OF = r"(?:\s+of\s+(?:the\s+)?[\w\-'’]+(?:\s+[\w\-'’]+){0,2}?)?"
_ADJ = r"(?:[A-Za-z][\w'’\-]*\s+){0,3}?"
_SEP = re.compile(r"(?i)^\s*(?:,\s*and|,|and|&)\s+")
# a coder's explicit statement of the count ("7 fatalities coded", "coded as 3") overrides the prose
_CODED = re.compile(r"(?i)\b(?:(?P<n1>\d+) fatalit(?:y|ies) (?:(?:was|were) )?coded|"
                    r"fatalities (?:were )?coded as (?P<n2>\d+)|code[ds]? as (?P<n3>\d+))\b")
_PATTERNS: dict[str, str] = {
    "no_casualties": r"(?i)\b({no_casualties})\b",
    "bare_end": r"(?i)^(?:\s*[,.;:)]|\s*$|\s+(?:{bare_count_end})\b)",
    "unknown": r"(?i){unknown_toll}",
    # "a tailor was stabbed to death": verbs that only people undergo name one victim whatever the noun
    "one_person": r"(?i)\b(?P<subj>(?:a|an)\s+(?:[\w'’\-]+\s+){0,3}?[a-z][\w'’\-]*)\s+(?:was|had been)\s+"
                  r"(?P<verb>(?:allegedly\s+|reportedly\s+)?(?:{one_person_verb}))\b",
    "hedge": r"(?i)\b(?:{hedge})\b",
    # "wounding eight civilians, a police officer said": a listed person who goes on to speak is the
    # source of the figure, not one more victim
    "speaks": r"(?i)^\s*(?:,\s*)?(?:{speak_verb})\b",
    # "a mob of around 5,000 persons killed ...": a count after a collective noun is the size of a crowd
    "crowd_of": r"(?i)\b(?:{collective_noun})s?\s+of\s+(?:{crowd_size_modifier})?\s*$",
    # a follow-up's new toll of one event: "the death toll from Thursday's bombing rose to 40". The event
    # is named as one attack; a toll of a wave ("the death toll in the post-poll violence has risen to
    # 80", "the death toll now stands at 600") is a running total and is not read here
    "toll_revision": r"(?i)\bdeath toll (?:from|of|in) (?:the|this|that|[\w-]+'s|[\w-]+’s) (?:[\w-]+ ){0,3}?"
                     r"(?:{revised_event})\b[^.;:!?]{0,70}?\b(?:{toll_rise})\s+(?:to\s+)?",
    "owner": r"(?i)(?:{possessive})\s+",
    "distance": r"\s*(?:{distance_unit})",
}


def toll_revision(language: LanguageReference) -> re.Pattern[str]:
    """The follow-up's revised toll of one event ("the death toll from the bombing rose to 40").

    Linking reads it too, to prefer a later report that revises a toll (`link.reconcile`).
    """
    return phrase(_PATTERNS["toll_revision"], language.casualty_words)


@dataclass(frozen=True, slots=True)
class Casualty:
    """One count attached to a casualty word."""

    kind: str  # "killed", "injured", "either" (killed or wounded) or "both" (killed and wounded, unsplit)
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
        if kind == "both":  # half the unsplit toll as killed, the rest as injured (ACLED's convention)
            k_low, k_best = k_low, k_best + best // 2
            k_high = None if k_high is None or high is None else k_high + high
            i_best, i_low = i_best + (best - best // 2), i_low
            i_high = None if i_high is None or high is None else i_high + high
            seen_injury = True
            assert res.spans is not None
            res.spans["fatalities"].extend(spans)
            res.spans["injuries"].extend(spans)
            continue
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


class CasualtyReader:
    """Casualty counts read with the words of one `LanguageReference` (`casualty_words.csv`), compiled once."""

    def __init__(self, language: LanguageReference, numbers: NumberReader | None = None) -> None:
        self.numbers = numbers if numbers is not None else NumberReader(language)
        words = language.casualty_words
        trade = "|".join(words["trade"])

        def alt(name: str) -> str:
            return "|".join(w.replace("{trade}", trade) for w in words[name])

        kill, injury, either, both = alt("kill"), alt("injury"), alt("either"), alt("both")
        person, singular = alt("person"), alt("singular")
        self._both, self._either, self._injury = both, either, injury
        self._victim_groups = tuple((name.split(":", 1)[1], re.compile(alt(name)))
                                    for name in words if name.startswith("victim:"))
        aux = fill(_AUX, words)
        parts = {"adj": _ADJ, "of": _OF, "aux": aux, "person": person, "singular": singular, "kill": kill,
                 "injury": injury, "either": either, "both": both}
        self.rx = {name: phrase(template, words) for name, template in _PATTERNS.items()}
        self.toll_revision = self.rx["toll_revision"]
        self._forward = phrase(
            r"(?i)^\s*(?P<noun>{adj}(?:{person})\b{of})?"
            r"\s*(?:[,—–-]\s*(?:including|among them)[^,—–]*[,—–]\s*)?"
            r"{aux}(?P<word>{either}|{both}|{kill}|{injury})\b", words, **parts)
        # a casualty verb or noun that takes its victims after it: "killing 25 terrorists", "the death of
        # 1 civilian"
        self._verb = phrase(
            r"(?i)\b(?P<word>{both}|(?:{either_first})\s+or\s+(?:{either_second})|{either}|"
            r"(?:the\s+)?(?:{harm_noun}) of|{active_casualty_verb})(?:\s+and\s+(?:{and_injury}))?\s+", words, **parts)
        self._back_noun = phrase(
            r"(?i)^[\s\"“”']*(?:of\s+(?:{owner_determiner})\s+)?(?P<noun>{adj}(?:{person})\b)", words, **parts)
        self._pronoun = phrase(r"(?i)\b(?:(?P<word>{kill}|{injury})\s+(?P<pro>him|her)\b|"
                               r"(?:{pronoun_harm_verb})\s+(?P<pro2>him|her)\s+(?P<word2>dead|to death)\b)",
                               words, **parts)
        self._item = phrase(
            r"(?i)^(?:(?P<det>{item_determiner})\s+(?P<sg>(?:[\w'’\-]+\s+){0,4}?"
            r"(?:{singular})(?P<plural>s)?\b)(?:\s*\([^)]*\))?"
            r"(?:\s+of\s+(?:the\s+)?[A-Z][\w\-'’]*(?:\s+[A-Za-z][\w\-'’]*)"
            r"{0,3}(?=[,.;]|\s+(?:{item_end})\b))?)", words, **parts)
        self._clause = phrase(r"(?i)^\s+{aux}(?:{kill}|{injury})\b", words, **parts)
        # "the mukhtar of the village was killed": a singular passive names one victim even when its
        # subject is too far from the verb for the patterns above
        self._one_killed = phrase(
            r"(?i)\b(?P<subj>(?:{one_determiner})\s+(?:[\w'’\-]+\s+){0,3}?(?:{singular})\b)[^.;:!?]{0,90}?"
            r"\b(?P<verb>was\s+(?:(?:{one_killed_adverb})\s+)?(?:(?:shot|stabbed)\s+and\s+)?(?:{one_killed_verb}))\b",
            words, **parts)
        # "14 militants and three SDF fighters were killed": a counted noun listed before another
        self._listed = phrase(r"(?i)^\s*(?P<noun>{adj}(?:{person})\b{of})\s*(?:,\s*and|,|and|as well as)\s+",
                              words, **parts)

    def _group(self, phrase: str) -> str:
        low = phrase.lower()
        for name, rx in self._victim_groups:
            if rx.search(low):
                return name
        return "unknown"

    def _kind(self, word: str) -> str:
        w = word.lower()
        if re.fullmatch(self._both, w):
            return "both"
        if re.fullmatch(self._either, w):
            return "either"
        return "injured" if re.fullmatch(self._injury, w) else "killed"

    def _victim_list(self, span: str, pos: int, counts: dict[int, Count],
                     vague: Mapping[str, Bounds]) -> list[tuple[Count, str, int]]:
        """Victims listed after a casualty verb at `pos`: "his son and his wife", "two guards, a driver"."""
        out: list[tuple[Count, str, int]] = []
        i = pos
        while True:
            rest = span[i:]
            lead = len(rest) - len(rest.lstrip(' "“”\''))
            if rest[lead:].lower().startswith("all "):
                lead += 4
            c = counts.get(i + lead)
            owner = self.rx["owner"].match(rest, lead)
            if c is None and owner:  # "a woman and her three children": a count after a possessive
                c = counts.get(i + owner.end())
            if c is not None and c.text.lower() in {"a", "an", "one"} and self._item.match(rest[lead:]):
                c = None  # "a senior IS leader": let the singular-noun rule read it
            if c is not None:
                tail = span[c.end :]
                noun = self._back_noun.match(tail)
                singular = c.text.lower() in {"a", "an", "one", "single"}
                if noun:
                    end = c.end + noun.end()
                    out.append((c, self._group(noun.group("noun")), end))
                elif not singular and self.rx["bare_end"].match(tail) and not self.rx["distance"].match(tail):
                    end = c.end
                    out.append((c, "unknown", end))
                else:
                    break
            else:
                m = self._item.match(rest[lead:])
                if not m:
                    break
                start = i + lead
                end = start + m.end()
                if m.group("plural") and m.group("det").lower() in {"the", "his", "her", "their", "its"}:
                    low, best, high = vague["several"]  # "killing the militants inside": an unknown plural
                    item = Count(start, end, span[start:end], low, best, high, True)
                else:
                    item = Count(start, end, span[start:end], 1, 1, 1)
                out.append((item, self._group(m.group("sg")), end))
            if len(out) > 1 and (self._clause.match(span[end:]) or self.rx["speaks"].match(span[end:])):
                out.pop()  # "killed 1 soldier and six others were wounded": a new clause, not a victim
                break
            sep = _SEP.match(span[end:])
            if not sep:
                break
            i = end + sep.end()
        return out


    def find_casualties(self, text: str, start: int = 0, end: int | None = None,
                        *, vague_policy: Mapping[str, Bounds] | None = None,
                        coder_remarks: bool = False) -> list[Casualty]:
        """Casualty counts in text[start:end]; offsets stay relative to `text`.

        `coder_remarks` is for ACLED notes only: their coder's statement of the count ("7 fatalities
        coded") overrides the prose. News never says that, and "coded as" means other things there.
        """
        end = len(text) if end is None else end
        span = text[start:end]
        policy = vague_policy or self.numbers.vague
        counts = {c.start: c for c in self.numbers.find_counts(span, vague_policy=policy)}
        out: list[Casualty] = []
        used: set[int] = set()
        active: set[int] = set()  # where an active verb took victims after it: what precedes it is the agent
        for m in self._verb.finditer(span):
            kind = self._kind(re.sub(r"(?i)^(the\s+)?|\s+of$", "", m.group("word")))
            if kind != "both" and re.search(r"(?i)\bor\b", m.group("word")):
                kind = "either"
            for c, group, item_end in self._victim_list(span, m.end(), counts, vague_policy or self.numbers.vague):
                if c.start in used:
                    continue
                used.add(c.start)
                active.add(m.start("word"))
                out.append(Casualty(kind, c, group, start + m.start(), start + item_end))
        forward: dict[int, Casualty] = {}
        for c in counts.values():
            if c.start in used or self.rx["crowd_of"].search(span[max(0, c.start - 60) : c.start]):
                continue
            fwd = self._forward.match(span[c.end : c.end + 90])
            singular = c.text.lower() in {"a", "an", "one", "single"}
            if fwd and (fwd.group("noun") or not singular) and c.end + fwd.start("word") not in active:
                used.add(c.start)
                forward[c.start] = Casualty(self._kind(fwd.group("word")), c, self._group(fwd.group("noun") or ""),
                                            start + c.start, start + c.end + fwd.end())
        # walk back from each counted subject over the counted nouns listed before it
        for c in sorted(counts.values(), key=lambda c: -c.start):
            if c.start in used and c.start not in forward:
                continue
            if c.start in forward or c.text.lower() in {"a", "an", "one", "single"}:
                continue
            listed = self._listed.match(span[c.end : c.end + 90])
            nxt = next((f for f in forward.values() if listed and f.start - start == c.end + listed.end()), None)
            if listed and nxt is not None:
                used.add(c.start)
                forward[c.start] = Casualty(nxt.kind, c, self._group(listed.group("noun")), start + c.start, nxt.end)
        out.extend(forward.values())
        for m in self.toll_revision.finditer(span):  # "the death toll from Thursday's bombing rose to 40"
            c = counts.get(m.end())
            if c is not None and c.start not in used and c.text.lower() not in {"a", "an", "one", "single"}:
                used.add(c.start)
                out.append(Casualty("killed", c, "unknown", start + m.start(), start + c.end))
        for m in self._pronoun.finditer(span):
            pro = "pro" if m.group("pro") else "pro2"
            one = Count(m.start(pro), m.end(pro), m.group(pro), 1, 1, 1)
            word = m.group("word") or m.group("word2")
            out.append(Casualty(self._kind(word), one, "unknown", start + m.start(), start + m.end()))
        covered = [(c.start - start, c.end - start) for c in out if c.kind in {"killed", "both", "either"}]
        for m in [*self._one_killed.finditer(span), *self.rx["one_person"].finditer(span)]:
            v0, v1 = m.span("verb")
            hedged = self.rx["hedge"].search(span[max(0, m.start() - 40) : m.end()])
            if any(a <= v1 and v0 <= b for a, b in covered) or hedged:
                continue
            subj = m.group("subj")
            if any(a <= m.end("subj") and m.start("subj") <= b for a, b in covered):
                continue  # the subject is already counted by another verb
            one = Count(m.start("subj"), m.end("subj"), subj, 1, 1, 1)
            out.append(Casualty("killed", one, self._group(subj), start + m.start(), start + m.end()))
            covered.append(m.span())
        # the last statement wins: "coded as 3 divided across 3 events. 1 fatality coded"
        coded = next(reversed(list(_CODED.finditer(span))), None) if coder_remarks else None
        if coded:
            n = int(coded.group("n1") or coded.group("n2") or coded.group("n3"))
            stated = Count(coded.start(), coded.end(), coded.group(0), n, n, n)
            return [Casualty("killed", stated, "unknown", start + coded.start(), start + coded.end()),
                    *[c for c in out if c.kind == "injured"]]
        if not any(c.kind in {"killed", "both"} for c in out) and (unk := self.rx["unknown"].search(span)):
            low, best, high = (vague_policy or self.numbers.vague)["several"]
            vague = Count(unk.start(), unk.end(), unk.group(0), low, best, high, True)
            out.append(Casualty("killed", vague, "unknown", start + unk.start(), start + unk.end()))
        return sorted(out, key=lambda c: c.start)

    def says_no_casualties(self, text: str) -> re.Match[str] | None:
        """'No casualties were reported': evidence for an explicit zero."""
        return self.rx["no_casualties"].search(text)
