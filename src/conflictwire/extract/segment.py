"""Incident segmentation: which sentences report which distinct incident.

A news article mixes day events with totals, campaigns, background and projections.
Each sentence is read for what kind of statement it is, then event sentences are
grouped into incidents:

* a sentence starts an incident only when it is *anchored* (a casualty count or a
  date) and reports something that happened (not background from an earlier year,
  not a campaign total "in four weeks", not a projection, not a generic present);
* an unanchored event sentence right after an incident continues it;
* "In one incident", "Separately", a second toll, or a different kind of event
  start a new incident;
* a toll that equals the sum of the tolls reported after it ("97 killed in three
  separate incidents (21, 51, 25)") is a total and never becomes a fourth record; so is
  a toll in a sentence that says it counts several separate incidents when the tolls after
  it add up to no more than it ("97 killed in three separate attacks": "at least 20",
  "more than 50", 25);
* a news headline restates the story below it, so it never opens an incident of its own;
* a sentence that only adds the wounded ("Seven others were wounded") continues the
  incident whose dead were just reported;
* a sentence that tells an event already told again ("the military confirmed the attack but
  said eight were killed") never opens a second one, and its toll is not added to the first;
* a toll right after an event told with no day or toll of its own ("Gunmen stormed a post.
  Three policemen were killed.") opens the incident at that telling;
* "These were only rumours" takes back the incidents told in the sentences just before it;
* in a dated story, a counted arrest ("about 40 people were taken into custody") is anchored
  like a toll: it opens an arrest incident of the story's day.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import TYPE_CHECKING

from ..nlp.sentences import SentenceIndex
from ..reference.language import Bounds, LanguageReference
from .casualties import Casualty, CasualtyReader
from .dates import DateMention
from .phrases import phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .numbers import Count

__all__ = ["Segment", "SentenceInfo", "SentenceReader", "segment"]

# The statement patterns: grammar here, their words in `statement_cues.csv` (one list per
# placeholder, see `phrases.fill`); compiled once per `SentenceReader`.
_STATEMENT_PATTERNS: dict[str, str] = {
    # "In a separate attack", "Meanwhile": a lead that turns to another incident
    "boundary": r"(?i)^\W*({boundary})\b",
    # "three separate attacks": a toll said to count several incidents
    "separate_count": r"(?i)\b({separate_count}) (separate|different|distinct) ({separate_events})\b",
    "aggregate": r"(?i)\b(({aggregate_count}) separate ({aggregate_events})|{aggregate})",
    # a count over a period or a campaign, never one day's event
    "campaign": r"(?i)\b({campaign})\b",
    # running totals as news articles write them; a note or a snippet tells one event, and its other
    # sentences are context its type is read from, so these are read only in articles
    "news_campaign": r"(?i)\b({news_campaign})\b",
    "hypothetical": r"(?i)\b({hypothetical})\b",
    # an event announced or scheduled for later ("a protest for next week", "will hold a sit-in
    # tomorrow") has not happened: news reports such plans, ACLED codes only what took place
    "planned": r"(?i)\b({planned})\b",
    # a date right after a verb of saying dates the statement, not the event it reports
    "statement_date": r"(?i)\b({statement_verb})\s+(late\s+|early\s+)?(on\s+)?$",
    # between a count and the arrest verb: who was arrested ("persons including seven women") and an auxiliary
    "arrest_link": r"(?i)\s+(?:(?!of\b)[\w'-]+\s+){0,5}?(?:(?:{arrest_auxiliary})\s+)?$",
    "definite_before": r"(?i)\b({definite})\s+$",
    # between an arrest verb and its count: "arrested 17 kar sevaks", "rounded up about 40"
    "arrest_object": r"(?i)^\s+(?:(?:{arrest_count_modifier})\s+)?$",
    # "twelve years ago", "weeks after a man killed 10": the toll belongs to an earlier event
    "years_ago": r"(?i)\b({years_ago})\b",
    # "This comes after security forces killed 35 demonstrators": the toll belongs to an earlier event
    "earlier_event": r"(?i)^\W*({earlier_subject}) ({follow_verb}) (({earlier_interval}) )?(after|since)\b",
    # a roundup turns to its next place with a locative lead: "In X, ...", "Elsewhere in the
    # province, ...", "in the old city of X, ..."; the lead runs to the first comma
    "place_lead": r"(?i)^\W*(?:(?:{lead_adverb})\s*,?\s+)?(?:in|at|near)\s+(?P<lead>[^,.;:]{2,60}),",
    # "Of these, 97 died in police firing": a share of the total just given is part of that total
    "part_of_total": r"(?i)^\W*({part_of_total})\b",
    # the words of a fight: each side's losses in it are one incident's toll (see Segment.counts_its_losses)
    "fight": r"(?i)\b({fight})\b",
    # what a sentence that only counts a fight's losses may say beside its counts: the casualty words and
    # a definite reference back to the fight ("were killed in the assault", "died in the fighting")
    "loss_words": r"(?i)\b({loss_word})\b",
    "anaphoric_start": r"(?i)^\W*({anaphoric_subject}) ({anaphoric_verb})\b",
    # a violence trigger that is only a noun yields to a territorial verb beside it
    "violence_noun_only": r"(?i)({violence_noun_only})",
}
# "killed in X", "at X": a town named as where something happened, not where the injured were taken
LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?$")
RETRACTED_WITHIN = 6  # sentences: how far back "these were only rumours" takes events back
RETOLD_WITHIN = 3  # sentences: a retelling further from its incident is left out, not attached across others
RECALLED_DAYS = 14  # a daily story's news is of the last days; a day weeks before is recalled
FIGHTERS = frozenset({"combatants", "state_forces"})


@dataclass(slots=True)
class SentenceInfo:
    index: int
    start: int
    end: int
    text: str
    klass: str | None  # violence, territory, protest, arrest, or None (no trigger)
    trigger: tuple[int, int] | None
    casualties: list[Casualty]
    dates: list[DateMention]
    background: bool
    campaign: bool
    hypothetical: bool
    generic: bool
    boundary: bool
    aggregate: bool
    headline: bool = False
    planned: bool = False  # reports an event announced for later (statement pattern `planned`)
    place_lead: bool = False  # opens on a locative phrase naming a place (statement pattern `place_lead`)
    towns: frozenset[str] = frozenset()  # the towns it puts an event in ("in X", "at X"), by gazetteer id
    acts: bool = False  # names an act of violence besides its losses (see Segment.counts_its_losses)
    retells: bool = False  # refers back to an event already told ("in the incident", "the 12 dead included")
    retracts: bool = False  # says what was just told were rumours or false reports (see segment)
    counted_arrest: bool = False  # counts the people arrested ("47 were arrested"; see segment)
    no_claim: bool = False  # says nobody claimed the attack ("No group claimed responsibility"; see segment)
    fight: bool = False  # names a fight (statement pattern `fight`; see Segment.counts_its_losses)
    separate_count: bool = False  # says its toll counts several separate incidents ("in three separate attacks")
    # the event dates that are not the day of a statement ("police said Monday")
    told_dates: list[DateMention] = field(default_factory=list)

    @property
    def killed_bounds(self) -> tuple[int, int | None]:
        """Lowest and highest deaths the sentence states (high None: open, "at least 20")."""
        killed = [c.count for c in self.casualties if c.kind == "killed"]
        low = sum(c.low for c in killed)
        high = None if any(c.high is None for c in killed) else sum(c.high or 0 for c in killed)
        return low, high

    @property
    def only_injuries(self) -> bool:
        return bool(self.casualties) and all(c.kind == "injured" for c in self.casualties)

    @property
    def toll(self) -> int:
        return sum(c.count.best for c in self.casualties if c.kind == "killed")

    @property
    def event_dates(self) -> list[DateMention]:
        return [d for d in self.dates if d.date and not d.since and not d.dateline and d.kind != "year"]


@dataclass(slots=True)
class Segment:
    """One incident's sentences."""

    sentences: list[SentenceInfo] = field(default_factory=list)
    retold_at: int = -1  # index of the last sentence that told this incident again (see segment)

    @property
    def last_index(self) -> int:
        """The last sentence that told or retold this incident: what the next sentence follows on."""
        return max(self.sentences[-1].index, self.retold_at)

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def klass(self) -> str:
        return next((s.klass for s in self.sentences if s.klass), "violence")

    @property
    def has_toll(self) -> bool:
        return any(s.casualties for s in self.sentences)

    @property
    def has_injuries(self) -> bool:
        return any(c.kind == "injured" for s in self.sentences for c in s.casualties)

    @property
    def towns(self) -> frozenset[str]:
        return frozenset().union(*(s.towns for s in self.sentences))

    def counts_its_losses(self, s: SentenceInfo) -> bool:
        """Whether `s` only counts this incident's casualties: its toll, not a new incident.

        News tells an event, then its cost: "police fired tear gas at the marchers on Friday. At
        least 20 protesters were injured"; "militants stormed the village. Five villagers died".
        A sentence with no action, day or place of its own ("an air strike killed 18" has an
        action) that gives the first toll after an incident's telling is that incident's toll.
        After a toll it is one only in a fight: a battle report gives each side's dead in turn
        ("four soldiers were killed in the assault; dozens of militants died, he said"), and ACLED
        codes a battle's fatalities as the sum of both sides, so fighters' deaths after a fight
        whose dead are fighters too continue it.
        """
        if s.event_dates or s.place_lead or s.boundary or s.acts:
            return False
        before = [c for x in self.sentences for c in x.casualties]
        if not before:
            return True
        killed = [c for c in s.casualties if c.kind != "injured"]
        return (self.klass in ("violence", "territory") and bool(killed)
                and all(c.group in FIGHTERS for c in killed + [c for c in before if c.kind != "injured"])
                and any(x.fight for x in (*self.sentences, s)))

    def civilians_killed_apart(self, s: SentenceInfo) -> bool:
        """Whether `s` tells an armed group killing civilians beside this incident's fight.

        "Fighting raged in the east on Monday. Militants killed four civilians trying to flee." ACLED
        codes an armed group's killing of civilians as an attack of its own, not as the battle's
        toll; civilians told as dying in it ("four civilians were killed in the crossfire") stay the
        battle's.
        """
        killed = [c for c in s.casualties if c.kind != "injured"]
        return (bool(killed) and all(c.group == "civilians" and c.active for c in killed)
                and any(x.fight for x in self.sentences) and not s.retells)

    def on_another_day(self, s: SentenceInfo) -> bool:
        """Whether `s` tells its event on a day this incident was not told on (statement days aside).

        Only exact days count: a month or a year is no day of its own ("in March") to tell apart.
        """
        own = {d.date for x in self.sentences for d in x.told_dates if d.precision == 1}
        days = {d.date for d in s.told_dates if d.precision == 1}
        return bool(own and days and not days & own)

    def elsewhere(self, s: SentenceInfo) -> bool:
        """Whether `s` puts its event in a town other than every town this incident is in."""
        own = self.towns
        return bool(s.towns and own and not s.towns & own)


def _is_generic(doc: Doc, start: int, end: int) -> bool:
    """Present-tense or present-perfect main clause: 'Attacks by ISIS ... are frequent'."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    aux = [c for c in root.children if c.dep_ in {"aux", "auxpass"}]
    if root.tag_ in {"VBZ", "VBP"}:
        return True
    return root.tag_ in {"VBN", "VBG"} and bool(aux) and all(a.tag_ in {"VBZ", "VBP", "VBG"} for a in aux)


ROUNDED_TOTAL = 100


def _rounded(count: Count) -> bool:
    """A vague or approximate count ("hundreds", "nearly 100", "as many as 400", "over 100")."""
    return count.vague or count.low < count.best or count.high is None or count.high > count.best


def _days_ahead_or_recalled(sdates: list[DateMention], published: date | None) -> tuple[bool, bool]:
    """Whether a news sentence's named days are all to come (a plan) or all weeks past (recalled).

    "The March 15 programme" in a March 10 story is a plan; a day more than RECALLED_DAYS before
    publication, or only an earlier month, is what the story recalls, not its news. Summaries are
    not read this way: a note may be written months after its event (see `read_sentences`).
    """
    days = [d for d in sdates if d.kind in {"iso", "dmy_num", "dmy", "mdy"} and d.date]
    months = [d for d in sdates if d.precision == 3 and d.kind in {"last_unit", "month_year"} and d.date]
    if published is not None and months and len(months) == len([d for d in sdates if d.date and not d.since]) \
            and all(d.date < published.replace(day=1) for d in months):
        # "declared liberated last month", "in January" in a February story: a day's news names its
        # day, so an event dated only by an earlier month is what the story recalls
        return False, True
    if published is None or not days:
        return False, False
    if any(d.kind in {"weekday", "relday"} and d.date and not d.since for d in sdates):
        # "stabbed on Tuesday, a month after the attack of February 27": the sentence's own day is
        # this week's, and the full date it names is the earlier event it recalls
        return False, False
    ahead = all(d.ahead for d in days)
    recalled = not ahead and all((published - d.date).days > RECALLED_DAYS for d in days if d.date and not d.ahead)
    return ahead, recalled


# the news_cues.csv lists the sentence reader reads, each in its grammar (docs/reference.md)
_NEWS_PATTERNS = {
    "running_total": r"(?i)\b({running_total})\b",
    "retraction": r"(?i)\b({retraction})\b",
    "retelling": r"(?i)\b({retelling})\b",
    "next_event": r"(?i)^\W*(?:{next_event})\b",  # a sentence that opens on another time of the day
    "no_claim": r"(?i)\b(?:{no_claim})\b",
    "support": r"(?i)\b(?:{support})\s+(?:[\w.'-]+\s+){0,4}$",  # what backed an operation, just before a word
    # where a roundup sentence may pass from one event to the next: a semicolon, or a comma and a
    # contrastive conjunction ("..., killing six, while a roadside bomb killed three soldiers in Y")
    "roundup_joint": r"(?i);\s+|,\s+(?:{roundup_joint})\s+",
}


class SentenceReader:
    """Reads sentences for segmentation with the words of one `LanguageReference`, compiled once.

    The trigger words (`segment_triggers.csv`) say which kind of event a sentence tells; the
    casualty reader counts its dead and wounded.
    """

    def __init__(self, language: LanguageReference, casualties: CasualtyReader | None = None) -> None:
        self.casualties = casualties if casualties is not None else CasualtyReader(language)
        self.triggers: dict[str, re.Pattern[str]] = {
            kind: re.compile(r"(?i)\b(" + "|".join(alts) + r")\b")
            for kind, alts in language.segment_triggers.items()}
        self.news: dict[str, re.Pattern[str]] = {name: phrase(template, language.news_cues)
                                                 for name, template in _NEWS_PATTERNS.items()}
        self.numbers = self.casualties.numbers
        words = language.statement_cues
        self.rx: dict[str, re.Pattern[str]] = {name: phrase(template, words)
                                               for name, template in _STATEMENT_PATTERNS.items()}
        self.statement_date = self.rx["statement_date"]

    def _counted_arrest(self, text: str) -> bool:
        """Whether an arrest verb of `text` has a number of people before or after it.

        "47 miscreants were arrested", "about 40 people had been taken into custody", "police
        arrested 17 kar sevaks": an exact count of the people held is what an arrest report
        counts, as a toll is what a killing's report counts. A vague one ("several arrests")
        is not: roundups and totals are written that way.
        """
        # "the four persons arrested last week": a definite count refers to arrests already known
        counts = [c for c in self.numbers.find_counts(text) if not c.vague and c.best > 0
                  and not self.rx["definite_before"].search(text, 0, c.start)]
        for m in self.triggers["arrest"].finditer(text):
            for c in counts:
                if c.end <= m.start() and self.rx["arrest_link"].fullmatch(text, c.end, m.start()):
                    return True
                if c.start >= m.end() and self.rx["arrest_object"].fullmatch(text, m.end(), c.start):
                    return True
        return False

    def _trigger(self, name: str, text: str) -> re.Match[str] | None:
        """The first trigger of kind `name` in `text`; a violent word that only says what backed an operation
        ("Kurdish forces, backed by coalition air strikes, took the town") is its means, not the event."""
        for m in self.triggers[name].finditer(text):
            if name != "violence" or not self.news["support"].search(text, max(0, m.start() - 40), m.start()):
                return m
        return None

    def _klass(self, text: str) -> tuple[str | None, tuple[int, int] | None]:
        hits = [(name, m) for name in self.triggers if (m := self._trigger(name, text))]
        if not hits:
            return None, None
        # violence outranks the others: "mortars landed in X, which was declared under full control" is shelling
        order = ["violence", "protest", "arrest", "territory"]
        name, m = min(hits, key=lambda h: order.index(h[0]))
        if name == "violence" and any(h[0] == "territory" for h in hits) and not self.casualties.find_casualties(text):
            terr = next(m2 for n2, m2 in hits if n2 == "territory")
            viol_only_noun = self.rx["violence_noun_only"].fullmatch(m.group(0))
            if viol_only_noun or terr.start() < m.start():
                name, m = "territory", terr
        return name, (m.start(), m.end())

    def read_sentences(self, doc: Doc, published: date | None, dates: list[DateMention],
                       *, vague_policy: Mapping[str, Bounds] | None = None,
                       headline_end: int = 0, coder_remarks: bool = False,
                       whole_text: bool = False, place_starts: Sequence[int] = (),
                       towns: Sequence[tuple[int, str]] = (),
                       sentences: SentenceIndex | None = None, text: str | None = None) -> list[SentenceInfo]:
        """Describe every sentence of `doc` for segmentation; text before `headline_end` is the headline.

        `coder_remarks`: the document is an ACLED note (see casualties.find_casualties); `whole_text`:
        it is a short summary of one event, which may be written long after it (see segment);
        `place_starts`: where the geoparser found place names, for locative leads; `towns`: where it
        found towns (start, identity), for telling one town's incident from the next; `sentences`
        and `text`: the document's `SentenceIndex` and text, when the caller has them already.
        """
        starts = sorted(place_starts)
        text = text if text is not None else doc.text
        sentences = sentences if sentences is not None else SentenceIndex.of(doc)
        out: list[SentenceInfo] = []
        rx = self.rx
        prev_campaign = prev_total = False
        located = [(at, ident) for at, ident in towns if LOCATIVE_BEFORE.search(text, max(0, at - 12), at)]
        spans = (sentences.char_bounds() if whole_text
                 else self.units(doc, located, vague_policy, sentences=sentences, text=text))
        for i, (s, e) in enumerate(spans):
            stext = text[s:e]
            klass, trig = self._klass(stext)
            cas = self.casualties.find_casualties(text, s, e, vague_policy=vague_policy, coder_remarks=coder_remarks)
            sdates = [d for d in dates if s <= d.start < e]
            full_dates = [d for d in sdates if d.kind in {"iso", "dmy_num", "dmy", "mdy"}]
            background = bool(published) and not full_dates and any(
                d.kind == "year" and d.date is not None and d.date.year < published.year for d in sdates)
            background = background or bool(rx["earlier_event"].match(stext))
            campaign = bool(rx["campaign"].search(stext)) or any(d.since for d in sdates) or (
                prev_campaign and bool(rx["anaphoric_start"].match(stext))) or (
                prev_total and bool(rx["part_of_total"].match(stext)))
            if not whole_text:
                campaign = (campaign or bool(rx["news_campaign"].search(stext))
                            or bool(self.news["running_total"].search(stext)))
            # "hundreds" (and in articles also "as many as 400", "nearly 100") with no day of their own:
            # a running total, not a day's toll
            rounded = (lambda c: c.vague) if whole_text else _rounded
            if any(rounded(c.count) and c.count.best >= ROUNDED_TOTAL for c in cas) and not [
                    d for d in sdates if not d.since]:
                campaign = True
            counted_arrest = not whole_text and bool(self.triggers["arrest"].search(stext)) and self._counted_arrest(
                stext)
            if counted_arrest and not cas:
                # "35 youths were held in connection with the arson": the news of this sentence is the
                # arrest; the violence it names is the reason, told (or not) in a sentence of its own
                klass, trig = "arrest", _span(self.triggers["arrest"].search(stext))
            ahead_only, recalled = (False, False) if whole_text else _days_ahead_or_recalled(sdates, published)
            planned = bool(klass) and not cas and (bool(rx["planned"].search(stext)) or ahead_only)
            background = background or recalled or bool(rx["years_ago"].search(stext))
            info = SentenceInfo(
                index=i, start=s, end=e, text=stext, klass=klass,
                trigger=(s + trig[0], s + trig[1]) if trig else None, casualties=cas, dates=sdates,
                background=background, campaign=campaign,
                hypothetical=planned or (bool(rx["hypothetical"].search(stext[: trig[0]] if trig else stext)) if klass
                                         else False),
                generic=_is_generic(doc, s, e) if klass and not cas and not sdates else False,
                boundary=bool(rx["boundary"].match(stext) or self.news["next_event"].match(stext)),
                aggregate=bool(rx["aggregate"].search(stext)),
                headline=s < headline_end, planned=planned, place_lead=_place_lead(rx["place_lead"], stext, s, starts),
                towns=frozenset(ident for at, ident in located if s <= at < e),
                acts=bool(self.triggers["violence"].search(rx["loss_words"].sub(" ", stext))),
                retells=bool(cas) and not whole_text and bool(self.news["retelling"].search(stext)),
                retracts=not whole_text and bool(self.news["retraction"].search(stext)),
                counted_arrest=counted_arrest and klass == "arrest",
                no_claim=not whole_text and bool(self.news["no_claim"].search(stext)),
                fight=bool(rx["fight"].search(stext)),
                separate_count=bool(rx["separate_count"].search(stext)),
            )
            info.told_dates = [d for d in info.event_dates if not self.statement_date.search(
                stext[max(0, d.start - s - 25) : d.start - s])]
            out.append(info)
            prev_campaign = campaign
            prev_total = campaign or info.aggregate
        return out

    def units(self, doc: Doc, located: Sequence[tuple[int, str]],
              vague_policy: Mapping[str, Bounds] | None = None, *, sentences: SentenceIndex | None = None,
              text: str | None = None) -> list[tuple[int, int]]:
        """The spans read as sentences: `doc`'s sentences, a roundup sentence cut where it passes to another town.

        Wire roundups tell several events in one sentence: "Another bomb went off in X, killing six,
        while a roadside bomb killed three soldiers in Y." ACLED codes one event per location, so
        such a sentence is cut at a joint (see `roundup_joint`) when the part after it has a toll of its
        own and puts its event in a town (`located`: start, identity) that the part before does not
        name. A part without a toll of its own ("..., while six others were wounded") stays with its
        sentence, so one event's wounded are never split from its dead. `sentences` and `text`: as
        for `read_sentences`.
        """
        text = text if text is not None else doc.text
        sentences = sentences if sentences is not None else SentenceIndex.of(doc)
        out: list[tuple[int, int]] = []
        for s, e in sentences.char_bounds():
            for m in self.news["roundup_joint"].finditer(text, s, e):
                cut = m.start()
                before = {ident for at, ident in located if s <= at < cut}
                after = {ident for at, ident in located if m.end() <= at < e}
                if (after - before
                        and self.casualties.find_casualties(text, s, cut, vague_policy=vague_policy)
                        and self.casualties.find_casualties(text, m.end(), e, vague_policy=vague_policy)):
                    out.append((s, cut))
                    s = m.end()
            out.append((s, e))
        return out


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return (m.start(), m.end()) if m else None


def _place_lead(lead: re.Pattern[str], stext: str, offset: int, place_starts: list[int]) -> bool:
    """Whether the sentence opens on "In <place>, ..." (`lead`) with a place the geoparser found in the lead."""
    m = lead.match(stext)
    if m is None:
        return False
    lo, hi = offset + m.start("lead"), offset + m.end("lead")
    pos = bisect_left(place_starts, lo)
    return pos < len(place_starts) and place_starts[pos] < hi


def _totals_of_later(sents: list[SentenceInfo]) -> set[int]:
    """Indices of sentences whose toll is the total of two or more later tolls (see module docstring)."""
    tolls = [s for s in sents if s.toll]
    found = set()
    for pos, s in enumerate(tolls):
        later = tolls[pos + 1 : pos + 8]
        running = 0
        for n, t in enumerate(later, 1):
            running += t.toll
            if running == s.toll and n >= 2:
                found.add(s.index)
                break
            if running > s.toll:
                break
        if s.index in found or not s.separate_count:
            continue
        low, high = 0, 0
        for n, t in enumerate(later, 1):
            t_low, t_high = t.killed_bounds
            low += t_low
            high = None if high is None or t_high is None else high + t_high
            if low > s.toll:
                break
            if n >= 2 and (high is None or high >= s.toll):
                found.add(s.index)
                break
    return found


def segment(sents: list[SentenceInfo], *, whole_text: bool = False) -> list[Segment]:
    """Group event sentences into incidents (see module docstring).

    `whole_text` is for notes and snippets: one record, unless the text itself marks a second
    incident ("Separately, ..."); campaign totals, background and projections stay out of it.
    """
    if whole_text and not any(s.boundary for s in sents[1:]):
        # a note or a snippet reports one event: one segment of what it says happened
        # the lead always stays: it carries the event even when it reads like a campaign
        # (unless it only announces an event for later)
        kept = [s for s in sents[:1] if not s.planned] + [
            s for s in sents[1:] if not (s.campaign or s.background or s.hypothetical)]
        return [Segment(kept)] if kept else []
    totals = _totals_of_later(sents)
    out: list[Segment] = []
    current: Segment | None = None
    in_aggregate = False  # after a total: sentences without a toll of their own only restate it
    # whether a sentence before each one has told the day of an event
    told_day = [bool(s.klass and s.event_dates) and not (s.background or s.campaign or s.hypothetical)
                for s in sents]
    dated_before = [False, *accumulate(told_day, operator.or_)][: len(sents)]
    pending: SentenceInfo | None = None  # an event told with no day or toll of its own, just skipped
    for pos, s in enumerate(sents):
        story_dated = dated_before[pos]
        # "Gunmen stormed a police post near the town. Three policemen were killed, officials said.":
        # the toll right after an event that was told without one is that event's toll, so the
        # incident opens at the telling, which names its actors and its place
        lead = pending if pending is not None and s.index - pending.index == 1 else None
        pending = None
        if s.retracts:
            # "These were only rumours": the events just told did not happen as told
            out = [g for g in out if s.index - g.last_index > RETRACTED_WITHIN]
            current = None
            continue
        if s.index in totals or (s.aggregate and not s.boundary and (s.toll == 0 or in_aggregate)):
            in_aggregate, current = True, None
            continue
        if not s.klass or s.background or s.hypothetical or s.campaign or s.headline:
            continue
        if s.generic or s.no_claim:
            # "Attacks by ISIS ... are frequent", "No group claimed responsibility, but ISIS has carried out
            # similar attacks": commentary, never part of an incident (nor a name for its attacker)
            continue
        # a locative lead in a dated story opens the next place's incident of the story's day
        anchored = bool(s.casualties) or bool(s.event_dates) or (s.place_lead and story_dated) or (
            s.counted_arrest and story_dated)
        adjacent = current is not None and s.index - current.last_index <= 1
        starts_new = (
            s.boundary
            or s.place_lead
            or current is None
            or not adjacent
            or (bool(s.casualties) and current.has_toll and not (s.only_injuries and not current.has_injuries)
                and not current.counts_its_losses(s))
            # "two were stabbed in the next town": a toll told of another town is that town's incident
            or (bool(s.casualties) and current.elsewhere(s))
            or (s.klass != current.klass and anchored and not current.counts_its_losses(s))
            # "... on Tuesday. Kurdish forces took the town on Monday.": ACLED codes one event per day
            or current.on_another_day(s)
            or current.civilians_killed_apart(s)
        )
        if not starts_new:
            assert current is not None
            current.sentences.append(s)
            continue
        if lead is not None and s.casualties and not (s.boundary or s.place_lead or s.event_dates) and (
                s.retells or not s.acts) and not in_aggregate:
            current = Segment([lead, s])
            out.append(current)
            continue
        if s.retells and out and not (s.event_dates or s.place_lead or s.boundary):
            # "The military confirmed the attack but said eight were killed": the same event told
            # again, with another source's toll. The sentences after it still follow on from the
            # incident it retells, but it adds nothing to it: neither its toll (the first telling's
            # stands) nor the sources it names as actors.
            told = current if current is not None and adjacent else out[-1]
            if s.index - told.last_index <= RETOLD_WITHIN:
                told.retold_at = s.index
                current = told
            continue
        if not anchored or (in_aggregate and not s.boundary and not s.casualties):
            pending = s if not anchored and not in_aggregate else None
            continue
        in_aggregate = False
        current = Segment([s])
        out.append(current)
    return _without_restating_lede(sents, out)


def _without_restating_lede(sents: list[SentenceInfo], segs: list[Segment]) -> list[Segment]:
    """Drop a lede that only sums up what the body then tells day by day.

    A news lede names no day ("two people were killed and shops burnt as the violence spread")
    and the paragraphs below give each of its deaths with its day; the lede is then a second
    telling, not an incident. It stays when it has a day of its own, when no later incident is
    dated, or when the dated incidents below account for fewer deaths than it gives.
    """
    # the first telling under the headline (a dateline the parser split off, "SALEM, Ore.", tells nothing)
    lede = next((s for s in sents if not s.headline and s.klass), None)
    if len(segs) < 2 or lede is None or segs[0].sentences[0].index != lede.index:
        return segs
    first, rest = segs[0], segs[1:]
    # "a gunman killed eight people, police said Monday": the day of the statement is no day of the lede's own
    if any(s.told_dates for s in first.sentences):
        return segs
    toll = sum(s.toll for s in first.sentences)
    dated = [g for g in rest if any(s.event_dates for s in g.sentences)]
    told_below = sum(s.toll for g in dated for s in g.sentences)
    return rest if dated and 0 < toll <= told_below else segs
