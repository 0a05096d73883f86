"""Who did what to whom: assign ACLED actor roles to the mentions an ActorLexicon found.

ACLED's actor1 is the side that initiated the event, actor2 the side it was done to.
Reports say it in a handful of ways, and each becomes a *cue* with a weight:

* agent cues: "killed **by** X", "X attacked", "an X attack/IED/airstrike", the subject of
  an active verb in the dependency parse;
* patient cues: "X was/were killed", "targeting/against/attacked X", "X positions/patrol",
  the object or passive subject in the parse;
* grouping cues: "X backed by Y", "X and Y", "jointly with" put Y on X's side (assoc actor);
* source cues: "X said/told/reported", "according to X" remove X (a source is not a side).

Mentions of one actor pool their evidence (a quarter weight for the other mentions), and a
mention of the same state and regime period is the same side ("police" and "PMF" in Iraq).

Then the sub-event type supplies ACLED's defaults: protests always have Protesters as
actor1, riots Rioters, violence against civilians has Civilians as actor2, and violence
without a named perpetrator is by an "Unidentified Armed Group" (or a focus country's
``default`` row). In news articles a sentence that names no attacker takes the named armed
group acting in the sentences just before it. Regex cues work without a parse; a spaCy Doc
adds dependency cues on top. Weights were tuned on ACLED's public notes (bench/bench_actors.py
prints the effect).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from conflictwire.extract.phrases import fill, phrase
from conflictwire.extract.taxonomy import event_type_of, interaction_code
from conflictwire.reference.language import LanguageReference

if TYPE_CHECKING:
    import spacy.tokens

    from conflictwire.extract.actors import ActorLexicon, ActorMention

__all__ = ["ROLE_FIELDS", "ActorRoles", "Candidate", "RoleCues", "assign_roles", "score_mentions"]

ANAPHOR = "@armed"
_UAG = "Unidentified Armed Group ({country})"
_CIVILIANS = "Civilians ({country})"
_PROTESTERS = "Protesters ({country})"
_RIOTERS = "Rioters ({country})"
_POLICE = "Police Forces of {country}"

_PROTEST_SUBS = frozenset(
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
)
_RIOT_SUBS = frozenset({"Violent demonstration", "Mob violence"})
_VAC_SUBS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence"})
_VIOLENT_EVENTS = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
_ARMED_FAMILIES = frozenset({"islamic_state", "pkk", "taliban", "rebel", "militia", "gang", "unidentified"})
_NAMED_ARMED = _ARMED_FAMILIES - {"unidentified", "gang"}

# The cue patterns: grammar here, their words in `role_words.csv` (one list per placeholder, see
# `phrases.fill`); `{filler}`, `{not_prep}` and `{active_prefix}` are the pieces below, compiled
# once per `RoleCues`.
# up to a few determiners, numerals or adjectives between a cue word and a name
_FILLER = r"(?:(?:{filler_word}|(?!(?:{filler_stop})\b)[\w-]+)\s+)"
_NOT_PREP = r"(?!(?:{not_prep})\b)"
_ACTIVE_PREFIX = (
    r"^[\s,]*(?:\([^)]{0,40}\)\s*)?(?:(?:[\w-]+ly|{member_word}|"
    r"(?:{locative_preposition})\s+(?:the\s+)?[\w-]+)\s+){0,2}?"
    r"(?:{active_adverb})*"
)
_COORD_BETWEEN = re.compile(r"^\s*(?:,|and|&|as well as|,\s*and|/)\s*(?:the\s+)?(?:[\w-]+\s+){0,1}$", re.I)
_PATTERNS: dict[str, str] = {
    "by_before": r"\bby\s+{filler}{0,3}$",
    "support_before": r"(?:\b(?:{support_participle})\s+by|with\s+the\s+(?:{support_noun})\s+of|\b(?:{jointly})\s+with"
                      r"|\balongside)\s+{filler}{0,2}$",
    "owner_before": r"\b(?:{owned_force})\s+(?:belonging\s+to|of|from|operated\s+by)\s+{filler}{0,2}$",
    "repel_before": r"\b(?:{repel_stem})\w*\s+(?:\w+\s+){0,3}$",
    "reciprocal_after": r"\s*(?:(?:{reciprocal_filler})\s+){0,2}(?:{reciprocal_stem})",
    "between_before": r"\bbetween\s+{filler}{0,3}$",
    "patient_before_weak": r"\b(?:{patient_preposition})\s+{filler}{0,2}$",
    "casualty_after": r"^\s+(?:were\s+)?(?:{casualty_after})(?:\s+(?:or|and)\s+(?:{casualty_after_second}))?"
                      r"\s*(?:[.;()]|$|{clause_end})",
    "attack_noun_end": r"(?:{attack_noun_end})$",
    "count_before": r"\b(?:{count_word})\s+$",
    # "police and hospital officials said": a body named beside the officials who speak is a source too;
    # "police suspect the bomb went off early": who believes or estimates tells, it does not act (the
    # participles are left out: "gunmen, believed to be IS members, attacked" still attacked);
    # "Iraqi police officials, speaking on condition of anonymity, said": wire copy's unnamed sources
    "source_after": r"^[\s,]*(?:and\s+(?:\w+\s+){0,2}?(?=(?:officials?|sources?|spokesm[ae]n)\b))?"
                    r"(?:(?:{source_noun})\s+){0,2}(?:(?:have|has|had)\s+)?(?:{source_verb})\b"
                    r"|^\s+(?:officials?|spokesm[ae]n|sources?|statements?)\b"
                    r"|^[\s,]*(?:and\s+(?:\w+\s+){0,2}?)?(?:officials?|sources?)?\s*,\s*(?:{anonymous_source})\b",
    "source_before": r"(?:{source_before})\s+{filler}{0,2}$",
    # verbs after a mention make it the agent ("IS militants attacked"), a passive the target
    "active_after": r"{active_prefix}(?:{agent_verb})",
    "weak_active_after": r"{active_prefix}(?:{weak_agent_verb})",
    "passive_after": r"^[\s,]*(?:\w+\s+){0,2}?(?:{passive_auxiliary})\s+(?:\w+ly\s+|also\s+|all\s+)?"
                     r"(?:{passive_verb})\b",
    # a weapon noun after a name is its owner's ("IS mortars"), a position noun its target's ("PKK positions")
    "agent_noun_after": r"^\s*(?:'s\s+)?(?:{not_prep}[\w-]+\s+){0,2}(?:{agent_noun})\b",
    "patient_noun_after": r"^\s*(?:'s\s+)?(?:{not_prep}[\w-]+\s+)?(?:{patient_noun})\b",
    # a verb of attack right before a name makes it the target ("targeting PKK hideouts")
    "patient_before_strong": r"\b(?:{patient_verb})\s+{filler}{0,3}$",
    # nouns that, right after a named armed group ("IS militants", "PKK fighters"), belong to the
    # same mention, so that the generic word is not read as a second, anonymous actor
    "member_suffix": r"(?:\s*[-']?\s*s?)?\s+(?:suspected\s+)?(?:{member_noun})\b",
    # "police commissioner <name> said", "army spokesman Brig. Gen. <name> told reporters":
    # the force is named as the speaker's employer, so it speaks here and takes no side
    "titled_speaker_after": r"^\s+(?:(?:{source_title})\s+){1,3}(?:[\w.'-]+\s+){1,4}?(?:{speaker_verb})\b",
    # "IS said it had attacked": the group reporting its own act is the agent
    "self_report_after": r"^[\s,]*(?:\w+\s+){0,2}?(?:{self_report_verb})\s+(?:that\s+)?(?:{self_reference})\s+"
                         r"(?:had\s+|have\s+|has\s+)?(?:{agent_verb})",
}
_WINDOW = 90
_CONTEXT_CHARS = 400
_LOOKBACK_CHARS = 2000  # how far back "the militants" may look for the group they refer to
_LOOKAHEAD_CHARS = 300
_SIDE_WEIGHT = 0.25  # weight of a side's other mentions (tuned: 0.25-0.5 best on ACLED notes)


class RoleCues:
    """The role words of one `LanguageReference` (`role_words.csv`) compiled into the patterns scoring reads.

    Verbs after a mention make it the agent ("IS militants attacked"), a passive or a casualty
    word the target ("soldiers were killed"); a weapon noun after a name is its owner's ("IS
    mortars"), a position noun its target's ("PKK positions"); a verb of attack right before a
    name makes it the target ("targeting PKK hideouts").
    """

    # one compiled pattern per entry of `_PATTERNS`, case-insensitive
    by_before: re.Pattern[str]
    support_before: re.Pattern[str]
    owner_before: re.Pattern[str]
    repel_before: re.Pattern[str]
    reciprocal_after: re.Pattern[str]
    between_before: re.Pattern[str]
    patient_before_weak: re.Pattern[str]
    casualty_after: re.Pattern[str]
    attack_noun_end: re.Pattern[str]
    count_before: re.Pattern[str]
    source_after: re.Pattern[str]
    source_before: re.Pattern[str]
    active_after: re.Pattern[str]
    weak_active_after: re.Pattern[str]
    passive_after: re.Pattern[str]
    agent_noun_after: re.Pattern[str]
    patient_noun_after: re.Pattern[str]
    patient_before_strong: re.Pattern[str]
    member_suffix: re.Pattern[str]
    titled_speaker_after: re.Pattern[str]
    self_report_after: re.Pattern[str]
    attack_lemmas: frozenset[str]

    def __init__(self, language: LanguageReference) -> None:
        words = language.role_words
        parts = {"filler": fill(_FILLER, words), "not_prep": fill(_NOT_PREP, words),
                 "active_prefix": fill(_ACTIVE_PREFIX, words)}
        for name, template in _PATTERNS.items():
            setattr(self, name, phrase(template, words, re.I, **parts))
        # a name that modifies one of these nouns in the parse ("an IS attack") is the agent
        self.attack_lemmas = frozenset(words["attack_lemma"])


@dataclass(slots=True)
class ActorRoles:
    """ACLED actor fields for one incident, with the spans each field was read from."""

    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    evidence: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


# the fields an Incident takes over from ActorRoles, as named in both
ROLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ActorRoles) if f.name != "evidence")


@dataclass(slots=True)
class Candidate:
    """A mention with its role scores; a group of coordinated mentions shares one side."""

    mention: ActorMention
    agent: float = 0.0
    patient: float = 0.0
    source: bool = False
    support_of: int | None = None  # index of the candidate this one backs ("backed by")
    cues: list[str] = field(default_factory=list)

    @property
    def balance(self) -> float:
        return self.agent - self.patient


def _dep_cues(cand: Candidate, doc: spacy.tokens.Doc, attack_lemmas: frozenset[str]) -> None:
    """Add dependency-parse cues: subject of an active verb, passive subject, object, by-agent."""
    m = cand.mention
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    root = span.root
    # climb from a modifier ("IS" in "an IS attack") to the noun it modifies
    tok = root
    hops = 0
    climb = ("compound", "amod", "poss", "nmod", "appos", "conj")
    while tok.dep_ in climb and tok.head is not tok and hops < 3:
        if tok.dep_ == "conj":
            tok = tok.head
        else:
            head = tok.head
            if head.lemma_.lower() in attack_lemmas:
                cand.agent += 1.0
                cand.cues.append("dep:modifier-of-attack")
                return
            tok = head
        hops += 1
    dep = tok.dep_
    if dep == "nsubj" and tok.head.pos_ in ("VERB", "AUX"):
        cand.agent += 1.5
        cand.cues.append("dep:nsubj")
    elif dep in ("nsubjpass", "nsubj:pass"):
        cand.patient += 1.5
        cand.cues.append("dep:nsubjpass")
    elif dep == "pobj" and tok.head.dep_ == "agent":
        cand.agent += 1.5
        cand.cues.append("dep:by-agent")
    elif dep == "dobj" and tok.head.pos_ == "VERB":
        cand.patient += 1.0
        cand.cues.append("dep:dobj")


def score_mentions(
    text: str, mentions: list[ActorMention], cues: RoleCues, doc: spacy.tokens.Doc | None = None
) -> list[Candidate]:
    """Score each mention as agent and patient from the words around it (`cues`) and the parse."""
    cands = [Candidate(m) for m in mentions]
    for i, c in enumerate(cands):
        m = c.mention
        before = text[max(0, m.start - _WINDOW):m.start]
        # keep cues inside the sentence
        cut = max(before.rfind(". "), before.rfind("; "), before.rfind("\n"))
        if cut >= 0:
            before = before[cut + 1:]
        after = text[m.end:m.end + _WINDOW]
        if cues.self_report_after.match(after):
            c.agent += 2
            c.cues.append("self-report")
        elif (cues.source_before.search(before) or cues.source_after.match(after)
              or cues.titled_speaker_after.match(after)):
            c.source = True
            c.cues.append("source")
        if cues.support_before.search(before):
            for j in range(i - 1, -1, -1):
                if not cands[j].source:
                    c.support_of = j
                    break
            c.cues.append("support")
        agent_noun = bool(cues.agent_noun_after.match(after))
        if cues.owner_before.search(before):
            c.agent += 2
            c.cues.append("owner-of-weapon")
        elif cues.by_before.search(before) and c.support_of is None:
            c.agent += 3
            c.cues.append("by")
        elif agent_noun:
            # "repelled an IS attack": the verb's object is the attack, IS still attacked
            if cues.repel_before.search(before):
                c.agent += 1
                c.cues.append("repelled-attack")
        elif cues.patient_before_strong.search(before):
            c.patient += 2
            c.cues.append("patient-verb")
        elif cues.patient_before_weak.search(before):
            c.patient += 1
            c.cues.append("patient-prep")
        if cues.between_before.search(before):
            c.agent += 1
            c.cues.append("between")
        if cues.attack_noun_end.search(m.text):
            c.agent += 2
            c.cues.append("attack-noun")
        if cues.passive_after.match(after) or cues.casualty_after.match(after):
            c.patient += 3
            c.cues.append("passive")
        elif agent_noun:
            c.agent += 2
            c.cues.append("agent-noun")
        elif cues.active_after.match(after):
            c.agent += 2
            c.cues.append("active-verb")
        elif cues.weak_active_after.match(after):
            c.agent += 1
            c.cues.append("weak-verb")
        if cues.patient_noun_after.match(after):
            c.patient += 1.5
            c.cues.append("patient-noun")
        if cues.count_before.search(before):
            c.patient += 0.5
            c.cues.append("count")
        if doc is not None:
            _dep_cues(c, doc, cues.attack_lemmas)
    # coordination: "X and Y" / "X, Y" share X's side, unless the verb makes them opponents
    for i in range(1, len(cands)):
        prev, cur = cands[i - 1], cands[i]
        gap = text[prev.mention.end:cur.mention.start]
        if _COORD_BETWEEN.match(gap) and cues.reciprocal_after.match(text, cur.mention.end):
            # "GNA and LNA forces clashed": two sides, the first named taken as actor1
            prev.agent += 1
            cur.patient += 1
            prev.cues.append("reciprocal-first")
            cur.cues.append("reciprocal-second")
            continue
        if cur.support_of is None and _COORD_BETWEEN.match(gap) and not cues.between_before.search(
            text[max(0, prev.mention.start - 40):prev.mention.start]
        ) and prev.mention.family not in ("civilians",) and cur.mention.family not in ("civilians",):
            cur.support_of = prev.support_of if prev.support_of is not None else i - 1
            cur.cues.append("coordinated")
    return cands


def _resolve_anaphors(mentions: list[ActorMention], country: str | None, lexicon: ActorLexicon) -> None:
    """Give "militants"/"terrorists" the name of the armed group the text is about.

    The nearest named non-state armed group before the word wins, then the first one after it;
    with none, ACLED's convention for an unnamed perpetrator applies.
    """
    named = [m for m in mentions if m.canonical != ANAPHOR and m.family in _ARMED_FAMILIES
             and m.family != "unidentified" and m.kind == "actor"]
    for m in mentions:
        if m.canonical != ANAPHOR:
            continue
        before = [n for n in named if n.end <= m.start]
        after = [n for n in named if n.start >= m.end]
        ante = before[-1] if before else (after[0] if after else None)
        if ante is not None:
            m.canonical, m.inter, m.family, m.country = ante.canonical, ante.inter, ante.family, ante.country
        else:
            m.canonical = lexicon.canonical_for(_UAG, country)
            m.inter, m.family = 3, "unidentified"


def _resolve_generic(mentions: list[ActorMention], country: str | None, lexicon: ActorLexicon) -> None:
    """Read "soldiers"/"troops"/"police" as the foreign force the text names, if it names one.

    In "PKK militants attacked Turkish army units, killing one soldier" the soldier is Turkish;
    with no state force named at all, the usual opponent of the armed group named (the table's
    ``opponent`` column: the PKK's in Iraq is Turkey) is taken; otherwise generic words mean the
    focus country's own forces.
    """
    explicit = [m for m in mentions if m.kind == "actor" and m.family in ("state", "pmf", "peshmerga")]
    foreign = [m for m in explicit if country and m.country and m.country != country]
    own = [m for m in explicit if not (country and m.country and m.country != country)]
    usual: tuple[str, tuple[int, str, str]] | None = None
    if not explicit:
        for m in mentions:
            opp = lexicon.usual_opponent(m.canonical, country) if m.family in _NAMED_ARMED else ""
            found = lexicon.describe(opp, country) if opp else None
            if found and found[1] == "state":
                usual = (opp, found)
                break
    for m in mentions:
        if m.kind != "generic":
            continue
        if foreign and not own:
            before = [f for f in foreign if f.end <= m.start]
            ante = before[-1] if before else foreign[0]
            m.canonical, m.inter, m.family, m.country = ante.canonical, ante.inter, ante.family, ante.country
        elif usual is not None and m.canonical.startswith("Military Forces"):
            m.canonical, (m.inter, m.family, m.country) = usual
        m.kind = "actor"


_REGIME = re.compile(r"\bof\s+(?:the\s+)?(.+?\(\d{4}-(?:\d{4})?\))")


def _same_side(a: ActorMention, b: ActorMention) -> bool:
    """Whether two mentions are one side: the same actor, or forces of one state and period.

    "Police Forces of Iraq (2018-2020)" and "Military Forces of Iraq (2018-2020) Popular Mobilization
    Forces" are one side; Libya's "(2014-) Haftar Faction" and "(2016-) Government of National Accord"
    are two, as ACLED's different periods say.
    """
    if a.canonical == b.canonical:
        return True
    state_like = {"state", "pmf", "peshmerga"}
    if not (a.family in state_like and b.family in state_like and a.inter == b.inter
            and bool(a.country) and a.country == b.country):
        return False
    ra, rb = _REGIME.search(a.canonical), _REGIME.search(b.canonical)
    return ra is None or rb is None or ra.group(1) == rb.group(1)


def assign_roles(
    text: str,
    start: int,
    end: int,
    lexicon: ActorLexicon,
    *,
    sub_event_type: str,
    country: str | None,
    doc: spacy.tokens.Doc | None = None,
) -> ActorRoles:
    """Roles for the incident described by ``text[start:end]``.

    The pipeline passes the incident's sentence(s); for a short note that is the whole text.
    Spans in ``evidence`` are offsets into ``text``. Mentions outside the span are only used
    to resolve "militants"/"terrorists" back to the group named earlier.
    """
    country = lexicon.focus_country(country)
    start, end = max(0, start), min(len(text), end if end > start else len(text))
    # only the span and what precedes it can matter: matching a window keeps long articles
    # with many incidents linear instead of quadratic
    w0, w1 = max(0, start - _LOOKBACK_CHARS), min(len(text), end + _LOOKAHEAD_CHARS)
    all_mentions = lexicon.find(text[w0:w1], doc, country=country)
    for m in all_mentions:
        m.start += w0
        m.end += w0
    _resolve_anaphors(all_mentions, country, lexicon)
    _resolve_generic(all_mentions, country, lexicon)
    inside = [m for m in all_mentions if m.start < end and start < m.end]
    roles = lexicon.roles if lexicon.roles is not None else RoleCues(LanguageReference.load())
    cands = score_mentions(text, inside, roles, doc)
    # a news incident's sentence may only say "mortars landed"; who fired them is in the sentence
    # before ("after an ISIS attack on..."): a named armed group acting there is the fallback
    before = [m for m in all_mentions if start - _CONTEXT_CHARS <= m.start and m.end <= start]
    context = [c for c in score_mentions(text, before, roles, doc)
               if c.mention.family in _NAMED_ARMED and c.balance > 0 and not c.source]
    return _choose(cands, lexicon, sub_event_type, country, context_agent=context[-1] if context else None)


def _name(lexicon: ActorLexicon, template: str, country: str | None) -> str:
    return lexicon.canonical_for(template, country)


@dataclass(slots=True)
class _Side:
    """One chosen side: a mention (with its candidates) or a default name with no mention."""

    name: str = ""
    inter: int | None = None
    cand: Candidate | None = None


class _Scene:
    """The scored mentions of one incident and the choices made on them.

    Why a class: the protest, violence and strategic-development paths share the same views
    of the candidates (who is a source, who backs whom, text order), computed once here.
    """

    def __init__(self, cands: list[Candidate], lexicon: ActorLexicon, sub_event_type: str,
                 country: str | None) -> None:
        self.cands = cands
        self.lexicon = lexicon
        self.sub = sub_event_type
        self.event_type = event_type_of(sub_event_type)
        self.country = country
        live = [c for c in cands if not c.source] or [c for c in cands if c.mention.kind == "actor"]
        if self.event_type != "Strategic developments":
            # "the governor", "the PM" are what protests and attacks are about, rarely a side in them
            live = [c for c in live if c.mention.family != "government" or c.agent >= 2]
        self.live = live
        self.sides = [c for c in live
                      if c.support_of is None and c.mention.kind in ("actor", "assoc", "anaphor")]
        self.order = {id(c): k for k, c in enumerate(live)}
        self.roles = ActorRoles()

    # ---------------------------------------------------------------- helpers
    def name(self, template: str) -> str:
        return _name(self.lexicon, template, self.country)

    def rank(self, c: Candidate) -> int:
        return self.order.get(id(c), -1)

    def supporters(self, c: Candidate) -> list[Candidate]:
        """Mentions grouped with ``c`` ("backed by", "X and Y") that are another actor."""
        k = next((i for i, o in enumerate(self.cands) if o is c), None)
        if k is None:
            return []  # a side taken from the context before the span has no supporters inside it
        return [s for s in self.live if s.support_of == k and not _same_side(s.mention, c.mention)]

    def side_balance(self, c: Candidate) -> float:
        """A side's evidence is all its mentions' evidence: "PKK ... the PKK's fighters ..."."""
        same = [o.balance for o in self.live if o.mention.canonical == c.mention.canonical and o is not c]
        return c.balance + _SIDE_WEIGHT * sum(same)

    def pick_agent(self, pool: list[Candidate]) -> Candidate | None:
        pool = [c for c in pool if c.mention.family not in ("civilians", "protesters")]
        if not pool:
            return None
        def key(c: Candidate) -> tuple[float, int]:
            first = 0.5 if self.rank(c) == 0 else 0.0  # ACLED tends to name the initiator first
            return self.side_balance(c) + first, -self.rank(c)

        return max(pool, key=key)

    def pick_patient(self, pool: list[Candidate], exclude: ActorMention | None) -> Candidate | None:
        pool = [c for c in pool if exclude is None or not _same_side(c.mention, exclude)]
        pool = [c for c in pool if c.mention.kind != "target" or c.patient > 0]
        if not pool:
            return None
        return max(pool, key=lambda c: (-c.balance, c.patient, -self.rank(c)))

    def victims(self) -> list[Candidate]:
        return [c for c in self.live if c.mention.family == "civilians" and c.mention.kind != "target"]

    # ---------------------------------------------------------------- paths
    def crowd(self) -> tuple[_Side, _Side]:
        """Protests and riots: the crowd is actor1; a force that intervened is actor2."""
        protest = self.sub in _PROTEST_SUBS
        family = "protesters" if protest else "rioters"
        a1 = _Side(self.name(_PROTESTERS if protest else _RIOTERS), 6 if protest else 5)
        own = [c for c in self.live if c.mention.family == family]
        if own:
            self.roles.evidence["actor1"] = [(own[0].mention.start, own[0].mention.end)]
        assoc = [c.mention for c in self.live if c.mention.kind == "assoc"]
        if assoc:
            self.roles.assoc_actor_1 = _join(m.canonical for m in assoc)
            self.roles.evidence["assoc_actor_1"] = [(m.start, m.end) for m in assoc]
        a2 = _Side()
        if self.sub == "Peaceful protest":
            return a1, a2
        others = [c for c in self.sides if c.mention.family not in ("protesters", "rioters", "civilians")
                  and c.mention.kind == "actor"]
        if others:
            a2.cand = max(others, key=lambda c: (c.mention.inter == 1, c.patient + c.agent, -self.rank(c)))
        elif self.sub == "Mob violence":
            vict = self.victims()
            a2.cand = vict[0] if vict else None
        elif self.sub in ("Protest with intervention", "Excessive force against protesters"):
            a2 = _Side(self.name(_POLICE), 1)
        return a1, a2

    def violence(self, context_agent: Candidate | None) -> tuple[_Side, _Side]:
        """Battles, remote violence, violence against civilians and strategic developments."""
        violent = self.event_type in _VIOLENT_EVENTS
        a1 = _Side(cand=self.pick_agent([c for c in self.sides if c.mention.kind != "target"]))
        best = a1.cand
        # the best-placed side was on the receiving end: the perpetrator is unnamed
        if (best is not None and best.balance < 0 and violent
                and (best.mention.family not in _ARMED_FAMILIES or best.patient >= 2)):
            a1.cand = None
        a2 = _Side()
        if self.sub in _VAC_SUBS:
            a2 = _Side(self.name(_CIVILIANS), 7)
            vict = self.victims()
            if vict:
                self.roles.evidence["actor2"] = [(vict[0].mention.start, vict[0].mention.end)]
            assoc = [c.mention for c in self.live if c.mention.kind == "assoc"
                     or (c.mention.family in ("state", "pmf", "peshmerga") and c is not a1.cand
                         and c.patient > 0)]
            if assoc:  # an off-duty soldier shot at home is a civilian victim, the force an associate
                self.roles.assoc_actor_2 = _join(m.canonical for m in assoc)
                self.roles.evidence["assoc_actor_2"] = [(m.start, m.end) for m in assoc]
        else:
            pool = [c for c in self.sides if c is not a1.cand]
            a2.cand = self.pick_patient(pool, a1.cand.mention if a1.cand else None)
            cand = a2.cand
            if cand is not None and not violent and (
                    (cand.patient == 0 and cand.balance > 0)
                    or (cand.mention.family == "civilians" and cand.patient == 0)):
                a2.cand = None  # outside violence a side must be acted upon to be actor2
            if a2.cand is None and self.sub == "Looting/property destruction" and any(
                    c.mention.family == "civilians" for c in self.live):
                # ACLED codes damaged homes, crops and shops as violence against their civilian owners
                a2 = _Side(self.name(_CIVILIANS), 7)
        if a1.cand is not None and a2.cand is not None:
            a1.cand = self.common_enemy(a1.cand, a2.cand) or a1.cand
        if (a1.cand is None and violent and context_agent is not None
                and (a2.cand is None or not _same_side(a2.cand.mention, context_agent.mention))):
            a1.cand = context_agent
        if self.sub == "Arrests" and a1.cand is not None and a1.cand.balance < 0:
            a1.cand = None  # "50 persons were held": the people held are not the ones who arrested
        if a1.cand is None and violent:
            name, inter = self.lexicon.default_perpetrator(self.country) or (self.name(_UAG), 3)
            a1 = _Side(name, inter)
        elif a1.cand is None and self.sub == "Arrests":
            # an arrest with no arrester named is the state's: ACLED codes the police as actor1
            a1 = _Side(self.name(_POLICE), 1)
        elif a1.cand is None and self.sides and self.event_type == "Strategic developments":
            a1.cand = self.sides[0]
        return a1, a2

    def common_enemy(self, a: Candidate, b: Candidate) -> Candidate | None:
        """The named enemy of two allies picked as opponents, who is then the other side.

        Two actors whose usual opponent is the same (the coalition and Iraq's army both fight
        the Islamic State) fight on one side; when a report of one fight names them both and
        that common enemy too ("soldiers were killed when IS attacked; coalition jets struck in
        support"), the enemy is the fight's other side, not one of the allies.
        """
        enemy = self.lexicon.usual_opponent(a.mention.canonical, self.country)
        if not enemy or enemy != self.lexicon.usual_opponent(b.mention.canonical, self.country):
            return None
        return next((c for c in self.sides if c.mention.canonical == enemy), None)

    def attackers_of_protesters(self) -> Candidate | None:
        """ACLED names a non-state attacker of protesters as actor1 ("gunmen opened fire on protesters")."""
        if self.sub != "Excessive force against protesters":
            return None
        armed = [c for c in self.sides if c.mention.family in _ARMED_FAMILIES and c.balance > 0]
        return armed[0] if armed else None

    # ---------------------------------------------------------------- result
    def settle(self, a1: _Side, a2: _Side) -> ActorRoles:
        """Names, inter codes, associated actors and evidence from the chosen sides."""
        roles, lexicon, country = self.roles, self.lexicon, self.country
        for side, field_name in ((a1, "actor1"), (a2, "actor2")):
            c = side.cand
            if c is None:
                continue
            side.name, side.inter = _actor_of(c.mention, lexicon, country)
            roles.evidence[field_name] = _side_spans(c, self.live)
            assoc_field = "assoc_" + field_name.replace("actor", "actor_")
            if c.mention.kind == "assoc":
                setattr(roles, assoc_field, c.mention.canonical)
                roles.evidence[assoc_field] = [(c.mention.start, c.mention.end)]
            sup = self.supporters(c)
            if sup:
                setattr(roles, assoc_field, _join(_actor_of(s.mention, lexicon, country)[0] for s in sup))
                roles.evidence[assoc_field] = [(s.mention.start, s.mention.end) for s in sup]
        if (a2.cand is None and not a2.name and a1.name
                and self.event_type in ("Battles", "Explosions/Remote violence")):
            usual = lexicon.usual_opponent(a1.name, country)
            if usual:
                a2 = _Side(usual, lexicon.inter_of(usual, country) or None)
        if not a1.name and a2.name:
            # ACLED's sole actor is always actor1 (an unknown sub-event type can leave only a target)
            a1, a2 = a2, _Side()
            for suffix in ("actor", "assoc_actor_"):
                old = roles.evidence.pop(suffix + "2", None)
                if old:
                    roles.evidence[suffix + "1"] = old
            roles.assoc_actor_1, roles.assoc_actor_2 = roles.assoc_actor_2, ""
        roles.actor1, roles.inter1, roles.actor2, roles.inter2 = a1.name, a1.inter, a2.name, a2.inter
        roles.interaction = interaction_code(a1.inter, a2.inter)
        if a2.inter == 7 and self.event_type in _VIOLENT_EVENTS | {"Riots"}:
            roles.civilian_targeting = "Civilian targeting"
        return roles


def _choose(
    cands: list[Candidate],
    lexicon: ActorLexicon,
    sub_event_type: str,
    country: str | None,
    *,
    context_agent: Candidate | None = None,
) -> ActorRoles:
    scene = _Scene(cands, lexicon, sub_event_type, country)
    attacker = scene.attackers_of_protesters()
    if attacker is not None:
        a1, a2 = _Side(cand=attacker), _Side(scene.name(_PROTESTERS), 6)
    elif sub_event_type in _PROTEST_SUBS or sub_event_type in _RIOT_SUBS:
        a1, a2 = scene.crowd()
    else:
        a1, a2 = scene.violence(context_agent)
    return scene.settle(a1, a2)


def _join(names: Iterable[str]) -> str:
    """ACLED joins several associated actors with '; ', each once, in order of mention."""
    return "; ".join(dict.fromkeys(n for n in names if n))


def _side_spans(chosen: Candidate, live: list[Candidate]) -> list[tuple[int, int]]:
    """The chosen mention's span first, then every other mention of the same actor."""
    spans = [(chosen.mention.start, chosen.mention.end)]
    spans += [(c.mention.start, c.mention.end) for c in live
              if c is not chosen and c.mention.canonical == chosen.mention.canonical]
    return spans


def _actor_of(m: ActorMention, lexicon: ActorLexicon, country: str | None) -> tuple[str, int]:
    """The actor name for a mention: identity/occupation groups and targets stand for civilians."""
    if m.kind in ("assoc", "target"):
        return lexicon.canonical_for(_CIVILIANS, country), 7
    return m.canonical, m.inter
