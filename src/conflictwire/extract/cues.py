"""A hand-written cue lexicon for event typing: the words that name the *means* of an event.

Why a lexicon next to a learned model: ACLED notes and news snippets describe the same
events in different registers ("On 3 May, IS militants attacked ..." versus "Gunmen
stormed ..."). N-gram weights learned on ACLED's register transfer poorly, but the
means of an event (a warplane, a roadside bomb, tear gas, a sit-in) are named with the
same small set of words in both. Each cue group below becomes one feature column, so
the classifier learns how much to trust it from data instead of us hard-coding rules.

The lexicon is data (a tuple of name/pattern pairs), compiled once per `CueMatcher`,
never at import time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["CUE_GROUPS", "CueMatcher"]

# Actor alternations reused by the who-does-what cues below.
_PROTESTERS = r"(protesters|demonstrators|rioters|students|crowds?|mobs?|youths?|marchers)"
_STATE_AGENT = r"(police|security forces|riot police|troops|soldiers|officers|authorities|army)"
_STATE_FORCES = (r"(army|government|regime|state|federal|iraqi|syrian|afghan|national|security) "
                 r"(forces|troops|soldiers|army)")
_REBELS = (r"(rebels?|militants?|insurgents?|taliban|islamic state|isis|isil|daesh|jihadists?|al[- ]shabaa?b"
           r"|houthis?|fighters|separatists|militias?|gunmen|boko haram|terrorists)")
_GAP = r" ([\w-]+ ){0,3}"  # up to three words between the actor and the verb

# name -> alternatives (regular expressions, case-insensitive, each starting at a word boundary)
CUE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Explosions/Remote violence
    ("air", (
        r"air ?strikes?", r"air ?raids?", r"air[- ]?borne attack", r"warplanes?", r"fighter jets?",
        r"jets?\b", r"bombers?\b", r"drones?", r"uavs?", r"helicopters?", r"gunships?", r"aircraft",
        r"aerial", r"bombard(ed|ment)? from the air", r"air force", r"airforce", r"sorties?",
        r"air campaign", r"bombed by",
    )),
    ("shelling", (
        r"shell(s|ed|ing)?", r"mortars?", r"artillery", r"rockets?", r"missiles?", r"katyusha",
        r"howitzers?", r"projectiles?", r"grad\b", r"rocket[- ]propelled", r"rpgs?\b", r"tank fire",
        r"ballistic", r"cruise missile", r"fired \d+ (missiles|rockets)",
    )),
    ("ied", (
        r"ieds?", r"improvised explosive", r"roadside bomb", r"road ?side", r"landmines?", r"land mines?",
        r"mines?\b", r"minefield", r"explosive device", r"bomb (exploded|went off|blast)", r"sticky bomb",
        r"magnetic bomb", r"planted", r"booby[- ]?trap", r"unexploded", r"uxo", r"car bomb", r"vbied",
        r"bomb blast", r"explosion", r"exploded", r"detonat\w*", r"blast",
    )),
    ("suicide", (
        r"suicide", r"self[- ]?detonat\w*", r"blew (himself|herself|themselves) up", r"explosive vest",
        r"explosive belt", r"martyrdom operation",
    )),
    ("grenade", (
        r"grenades?", r"hand bomb", r"petrol bomb", r"molotov",
    )),
    ("chemical", (
        r"chemical", r"chlorine", r"sarin", r"mustard gas", r"nerve agent", r"poison(ous)? gas",
        r"toxic gas", r"gas attack", r"nerve gas",
    )),
    # Battles
    ("clash", (
        r"clash(es|ed)?", r"fighting", r"fought", r"gun ?battles?", r"exchange of fire", r"exchanged fire",
        r"firefight", r"skirmish\w*", r"engag(ed|ement)", r"battle\w*", r"offensive", r"ambush\w*",
        r"repelled", r"repulsed", r"counter[- ]?attack",
        r"attacked (a |an |the )?(checkpoint|post|base|position|outpost|convoy)",
    )),
    ("regain", (
        r"recaptur\w*", r"retook", r"retake", r"retaken", r"regain\w*", r"liberat\w*",
        r"clear(ed|ing) (of|the|out)", r"reclaim\w*", r"back under (government|army) control", r"took back",
        r"driven out", r"drove out", r"pushed out", r"wrested",
    )),
    ("overtake", (
        r"overran", r"overrun", r"seized control", r"took control", r"taken control",
        r"captur(ed|es) (the )?(town|city|village|district|area|base|territory)", r"fell to",
        r"seized (the )?(town|city|village|district|area)", r"took over", r"overtook", r"stormed",
        r"under (their|the group.s|militant) control",
    )),
    ("transfer", (
        r"handed over", r"hand over", r"handover", r"withdr(ew|awn|awal)", r"pulled out", r"redeploy\w*",
        r"evacuat(ed|ion) of(the)? (fighters|forces)", r"transferred (control|to)", r"ceded",
        r"relinquish\w*", r"deployed to replace",
    )),
    # Violence against civilians
    ("abduct", (
        r"abduct\w*", r"kidnap\w*", r"hostages?", r"forced(ly)? disappear\w*", r"went missing",
        r"taken captive", r"held captive", r"snatched", r"disappeared",
    )),
    ("sexual", (
        r"rap(e|ed|es|ing|ist)", r"sexual(ly)?", r"gang[- ]?rap\w*", r"molest\w*", r"sexual assault",
    )),
    ("attack_civ", (
        r"shot (dead|and killed)", r"gunned down", r"gunmen", r"assassinat\w*", r"murder\w*", r"stabbed",
        r"beheaded", r"executed", r"massacre\w*",
        r"killed (a|an|two|three|\d+)? ?(civilians?|man|woman|child|villagers?|farmers?)",
        r"opened fire on", r"targeted killing", r"unidentified (gunmen|assailants|armed)",
    )),
    # Protests and riots
    ("protest", (
        r"protest\w*", r"demonstrat\w*", r"rall(y|ies|ied)", r"march(ed|es|ers)?", r"sit[- ]?ins?",
        r"strikes? (by|over|against)", r"on strike", r"went on strike", r"picket\w*", r"vigil", r"gathered",
        r"boycott\w*", r"petition", r"placards?", r"slogans?", r"chant\w*", r"die[- ]in", r"hunger strike",
        r"walk[- ]?out",
    )),
    ("force", (
        r"tear ?gas", r"teargas", r"water ?cannons?", r"rubber bullets?", r"live (rounds|ammunition|fire)",
        r"batons?", r"baton[- ]charged?", r"lathi", r"pellets?", r"stun grenades?", r"crackdown",
        r"dispers(ed|e|ing)", r"beat(en)? (up )?protesters",
        r"fired (on|at|into) (the )?(protesters|demonstrators|crowd)",
    )),
    ("intervention", (
        r"dispers(ed|e|ing)", r"broke up",
        r"arrested (\d+ |several |dozens of |some )?(protesters|demonstrators|activists)",
        r"detained (\d+ )?(protesters|demonstrators)", r"police (intervened|blocked|prevented|stopped)",
        r"prevented (them|the protesters)", r"banned",
    )),
    ("riot", (
        r"riot\w*", r"rioters", r"stone[- ]?pelt\w*", r"threw stones", r"pelted", r"hurl(ed|ing)? stones",
        r"set (ablaze|fire|on fire)", r"torched", r"burn(ed|t|ing) (tyres|tires|vehicles|cars|the)",
        r"vandali[sz]\w*", r"smash\w*", r"clashed with (police|security)",
        r"violent (protest|demonstration)", r"angry (crowd|mob|protesters)",
    )),
    ("mob", (
        r"mob", r"lynch\w*", r"vigilante\w*", r"mob justice", r"angry (villagers|residents)",
        r"beaten to death", r"thrashed", r"communal (violence|clash)", r"residents (attacked|beat)",
    )),
    # Strategic developments
    ("arrest", (
        r"arrest\w*", r"detain\w*", r"apprehend\w*", r"custody",
        r"captured (a|an|\d+|two|three|several) (suspects?|militants?|members?)", r"nabbed",
        r"round(ed)? up", r"taken into custody", r"held for questioning",
        r"raid(ed|s)? (on )?(the )?(home|house|hideout)",
    )),
    ("agreement", (
        r"agreement", r"agreed", r"ceasefire", r"cease[- ]fire", r"truce",
        r"peace (deal|accord|talks|pact)", r"signed", r"prisoner (exchange|swap|release)",
        r"released (\d+ )?(prisoners|detainees|hostages)", r"deal (to|with)", r"accord", r"negotiat\w*",
        r"reconcil\w*", r"memorandum",
    )),
    ("disrupt", (
        r"defus\w*", r"dismantl\w*", r"disarm\w*", r"bomb squad",
        r"seized (a |an )?(weapons|arms|ammunition|explosives|cache)", r"weapons? (cache|depot|stockpile)",
        r"arms (cache|depot)", r"ammunition (cache|depot)", r"cache of",
        r"found (a |an )?(weapons|explosives|ied|bomb)", r"recovered (weapons|explosives|arms)",
        r"intercept\w*", r"shot down", r"foiled", r"thwarted",
        r"neutrali[sz]ed (a |an |the )?(bomb|device|ied|drone)", r"confiscat\w*",
        r"(seized|recovered|found|discovered|uncovered) ([\w,-]+ ){0,4}(guns|firearms|rifles|pistols|weapons|"
        r"bullets|ammunition|rounds|explosives?|grenades|mortars|rockets|bombs?|devices?|depot|hideout)",
        r"suspicious (package|object|device)s?", r"bomb disposal", r"controlled explosion",
        r"destroyed (a |an )?([\w-]+ )?(improvised explosive|ied|explosive device|bomb)",
    )),
    ("hq", (
        r"set up (a |an |new )?(base|headquarters|camp|outpost|office|checkpoint)",
        r"established (a |an |new )?(base|headquarters|camp|outpost|office|military)",
        r"new (base|headquarters|outpost)", r"opened (a |an )?(base|headquarters|office)",
    )),
    ("loot", (
        r"loot\w*", r"plunder\w*", r"ransack\w*", r"demolish\w*", r"razed", r"bulldoz\w*",
        r"destroy(ed|ing)? (homes|houses|property|shops|crops)",
        r"burn(ed|t) (down )?(homes|houses|shops|crops|property)", r"arson",
        r"set fire to (homes|houses|shops|crops|a house|the house)", r"confiscated (land|property)",
        r"extort\w*", r"vandali[sz]\w*",
    )),
    ("change", (
        r"announced", r"declared", r"formed",
        r"launch(ed)? (a |an )?(new )?(group|party|campaign|militia|operation)", r"merged", r"split",
        r"disband\w*", r"recruit\w*", r"curfew", r"state of emergency",
        r"suspend(ed)? (operations|activities)", r"mobili[sz]\w*", r"deployed", r"reinforcements?",
        r"renamed", r"pledged allegiance", r"joined",
    )),
    # Who does what to whom: actor-conditioned cues for the pairs n-grams confuse most
    ("protesters_violent", (
        _PROTESTERS + _GAP + r"(threw|hurled|pelted|torched|burned|burnt|set fire|set ablaze|smashed|"
        r"vandali[sz]ed|attacked|stormed|clashed|blocked|ransacked|looted|damaged|broke into|fought)",
        r"(threw|throwing|hurled|hurling) (stones|rocks|bricks|bottles|petrol bombs|molotov|fireworks)",
        r"molotov cocktails?", r"petrol bombs?", r"stone[- ]throwing",
        r"(protest|demonstration)s? turned violent", r"violent (protests?|demonstrations?|clashes)",
    )),
    ("force_on_protesters", (
        _STATE_AGENT + _GAP + r"(fired (live|on|at|into)|shot|opened fire|killed|beat|clubbed|attacked|"
        r"cracked down|violently|brutally)",
        _PROTESTERS + r" ([\w-]+ ){0,2}(were |was )?(killed|shot|wounded|injured|beaten|hurt)",
        r"(killed|killing|shot|wounded|injured|injuring) ([\w-]+ ){0,2}(protesters|demonstrators|marchers)",
        r"excessive force", r"(violently|brutally) (suppress|disperse|crush)\w*", r"deadly crackdown",
    )),
    ("police_intervene", (
        _STATE_AGENT + _GAP + r"(dispersed|broke up|blocked|prevented|detained|arrested|stopped|cordoned|"
        r"halted|removed|kettled)",
        r"(tear ?gas|water cannon)s? to disperse",
        _PROTESTERS + r" (were )?(arrested|detained|dispersed)",
    )),
    ("gov_takes", (
        _STATE_FORCES + _GAP + r"(recaptured|retook|regained|liberated|took back|cleared|seized|captured|"
        r"took control|entered|advanced|pushed)",
        r"(recaptur|retak|regain|liberat)\w* ([\w-]+ ){0,4}from (the )?" + _REBELS,
    )),
    ("rebels_take", (
        _REBELS + _GAP + r"(seized|captured|took control|took over|overran|overrun|stormed|gained control|"
        r"advanced)",
        r"fell (in)?to (the )?" + _REBELS,
        r"under (the )?control of (the )?" + _REBELS,
    )),
    # Not ACLED events (CASE's non-ACLED classes) -- the evidence for "NONE"
    ("disaster", (
        r"earthquakes?", r"floods?", r"flooding", r"cyclone", r"hurricane", r"typhoon", r"storm",
        r"tornado", r"landslides?", r"drought", r"wildfires?", r"forest fire", r"tsunami", r"heavy rains?",
        r"epidemic", r"pandemic", r"outbreak", r"covid", r"coronavirus", r"virus", r"infect(ed|ion|ions)",
        r"cases (of|rose|rise)", r"cholera", r"ebola", r"dengue", r"flu\b", r"influenza", r"quarantine",
        r"vaccin\w*", r"volcan\w*", r"avalanche", r"heat ?wave",
    )),
    ("accident", (
        r"accident\w*", r"collapsed?", r"derail\w*", r"crash(ed|es)?", r"collision", r"capsiz\w*",
        r"gas leak", r"leak(ed|age)?", r"short circuit", r"fire broke out", r"blaze", r"caught fire",
        r"factory fire", r"building collapse", r"stampede", r"cylinder (blast|explosion)", r"boiler",
        r"mine (collapse|accident)", r"drowned", r"spill",
    )),
    ("crime", (
        r"drugs?", r"narcotics?", r"cocaine", r"heroin", r"smuggl\w*", r"trafficking", r"cartel",
        r"robber(y|ies)", r"robbed", r"thie(f|ves)", r"theft", r"stole", r"burglar\w*", r"fraud", r"scam",
        r"bribe\w*", r"corruption", r"gang\b", r"gangs\b", r"mafia", r"money laundering", r"counterfeit",
        r"poach\w*", r"extortion racket",
    )),
    ("diplo", (
        r"diplomat\w*", r"ambassador", r"embassy", r"consulate", r"summit", r"talks with",
        r"visit(ed)? (to )?", r"met with", r"bilateral", r"foreign minister", r"sanctions?", r"expel\w*",
        r"expulsion", r"envoy", r"prime minister", r"president .{0,20}(said|met|called)", r"condemn\w*",
        r"statement", r"urged", r"called (on|for)", r"meeting",
    )),
    ("attrib", (
        r"claimed responsibility", r"claim(ed)? (the )?(attack|responsibility)", r"blamed", r"accused",
        r"responsible for", r"attributed", r"behind the (attack|bombing)",
        r"denied (responsibility|involvement)", r"suspected (of|to be)",
    )),
    # Generic violence / casualties (helps separate events from non-events)
    ("casualty", (
        r"killed", r"killing", r"dead", r"died", r"deaths?", r"wounded", r"injured", r"injuries",
        r"casualties", r"fatalities", r"martyred", r"bodies", r"slain",
    )),
    ("armed_actor", (
        r"militants?", r"insurgents?", r"rebels?", r"fighters", r"jihadists?", r"taliban", r"isis", r"isil",
        r"daesh", r"islamic state", r"al[- ]shabaa?b", r"boko haram", r"houthis?", r"ansarullah", r"troops",
        r"soldiers", r"army", r"militia\w*", r"security forces", r"police", r"gunmen", r"paramilitar\w*",
        r"pkk", r"ypg", r"sdf", r"hezbollah", r"pmf", r"hashd",
    )),
)


class CueMatcher:
    """Turns texts into a dense (n_texts, n_groups) matrix of cue counts, log-damped.

    Why log-damped counts rather than booleans: a snippet naming "mortars" three
    times is stronger evidence than a passing mention, but not three times stronger.
    """

    def __init__(self, groups: Sequence[tuple[str, tuple[str, ...]]] = CUE_GROUPS) -> None:
        self.names: tuple[str, ...] = tuple(name for name, _ in groups)
        # one alternation per group, anchored at a word start; "\b(a|b|c)"
        self._patterns = tuple(re.compile(r"\b(" + "|".join(alts) + ")", re.IGNORECASE) for _, alts in groups)

    def __len__(self) -> int:
        return len(self.names)

    def counts(self, text: str) -> list[int]:
        """Raw match counts per cue group, for explanations and tests."""
        return [len(p.findall(text)) for p in self._patterns]

    def first_span(self, name: str, text: str) -> tuple[int, int] | None:
        """Where cue group `name` first fires in `text`: the evidence for a typing decision."""
        if name not in self.names:
            return None
        m = self._patterns[self.names.index(name)].search(text)
        return (m.start(), m.end()) if m else None

    def matched(self, text: str) -> list[str]:
        """The names of the cue groups that fire on `text` (handy when debugging a label)."""
        return [name for name, c in zip(self.names, self.counts(text), strict=True) if c]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Feature matrix: log1p of the match counts, float32."""
        out = np.zeros((len(texts), len(self._patterns)), dtype=np.float32)
        for i, text in enumerate(texts):
            for j, p in enumerate(self._patterns):
                n = sum(1 for _ in p.finditer(text))
                if n:
                    out[i, j] = np.log1p(n)
        return out
