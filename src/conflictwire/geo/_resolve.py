"""Toponym resolution: pick one gazetteer entry per name using the whole document.

Why iterate: "Alexandria" in a story that also names Rapides Parish and Pineville is
Alexandria, Louisiana; the evidence is the other names, whose own readings depend on
this one.  Each reading gets a feature vector (population, feature class, how the name
matched, the words beside it, the containers the text names: see `_model.py`), and the
resolution model scores it as a dot product.  Rounds then add the story's focus country
and first-level division and the distance to the other places, as three more features
recomputed from the previous round's probabilities.  Names are resolved independently
given that context, so one hard name never spoils the rest.

What stays a rule (`Rules`), not a fitted number: how features are built (the country
population floor, the distance scale, the weight of a demonym's or a province's vote),
the user's home-country preference, and the decisions after scoring (a pointless winner
gives way to a close placed runner-up, provinces over much smaller namesakes abroad,
one kind per list, outliers dropped).  Those are thresholds over whole stories, which a
per-reading linear score cannot express.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import median

import numpy as np

from ..models import Place
from ..reference.places import PlaceWords
from ._gazetteer import Candidate, Gazetteer, NameKind
from ._model import CONTEXT_FEATURES, PRIOR_FEATURES, ResolutionModel
from ._normalize import ARTICLES, spelling
from ._recognize import COMMA_GAP, Mention

__all__ = ["Rules", "Scored", "distance_km", "resolve", "score_mentions"]


@dataclass(frozen=True, slots=True)
class Rules:
    """The resolver's rules and feature settings (the scores themselves come from a `ResolutionModel`)."""

    country_floor: float = 7.0  # a country's log10-population feature is at least this (small states are known)
    near_km: float = 250.0  # the distance scale of the `near` feature
    rounds: int = 3
    demonym_vote: float = 0.3  # "Turkish airstrikes" names the actor, not the ground
    admin_vote: float = 2.0  # "in Diyala province" says where the story is more than a village does
    outlier_population: int = 5000
    unnamed_country_population: int = 100_000
    # a province beats a namesake town abroad this many times smaller (its country seen elsewhere / not)
    province_over_town: float = 10.0
    province_over_town_alone: float = 50.0
    pointless_margin: float = 1.0  # in score units: a placed runner-up this close beats a pointless winner
    # a collection known to be about one country (an ACLED country feed): its readings gain `home`.
    # A user's stated preference, so a rule and not a fitted weight: no data set says how strongly to hold it.
    home_country: str | None = None
    home: float = 3.0
    note_rules: bool = True  # locate's focus country, stated places and country parts (False: the older rules)

    @classmethod
    def previous(cls) -> Rules:
        """The rules before the conflict-notes work (benchmarks compare against them)."""
        return cls(demonym_vote=1.0, admin_vote=1.0, pointless_margin=-math.inf, note_rules=False)


_F = {name: i for i, name in enumerate(PRIOR_FEATURES)}
_N_PRIOR = len(PRIOR_FEATURES)
_N_CONTEXT = len(CONTEXT_FEATURES)


def _class_features(c: Candidate, row: np.ndarray, r: Rules) -> None:
    """What kind of place the reading is, and how its name matched (the prior)."""
    code = c.feature_code
    pop = math.log10(c.population + 1)
    if code.startswith("PCL"):
        row[_F["country"]] = 1.0
        row[_F["country_population"]] = max(pop, r.country_floor)
    elif code == "ADM1":
        row[_F["admin1"]] = 1.0
    elif code == "ADM2":
        row[_F["admin2"]] = 1.0
    elif code == "CONT":
        row[_F["continent"]] = 1.0
    elif code == "RGN" or c.feature_class == "H":
        row[_F["region"]] = 1.0
    else:
        # a division's or region's population is no measure of how often a namesake is meant
        row[_F["population"]] = pop
        if code == "PPLC":
            row[_F["capital"]] = 1.0
    if c.feature_class == "P" and c.population >= 1_000_000:
        row[_F["major_city"]] = 1.0
    if c.kind == NameKind.ALTERNATE:
        row[_F["alternate_name"]] = 1.0
    elif c.kind == NameKind.VARIANT:
        row[_F["variant_name"]] = 1.0
    elif c.kind == NameKind.SKELETON:
        row[_F["skeleton_name"]] = 1.0
    if c.latitude is None and code != "ADM2":
        row[_F["no_point"]] = 1.0


def _spelling_features(text: str, c: Candidate, row: np.ndarray, arabic: frozenset[str]) -> None:
    """What the surface form says beyond the folded key.

    The key folds "Samarra" and "Samara" together (doubled letters collapse), so the
    exact spelling is extra evidence for the place whose own name is written that way.
    A name written with an Arabic article ("al-Baaj", "Al Rashid") comes from an
    Arabic-speaking country (`arabic`, the reference's `arabic_article` countries): a namesake
    in Hungary or New Jersey is unlikely.
    """
    said = spelling(text)
    if said and said == spelling(c.name):
        row[_F["exact_spelling"]] = 1.0
    first = said.partition(" ")[0]
    if first in ARTICLES and " " in said and c.country in arabic:
        row[_F["arabic_article"]] = 1.0
    elif c.kind == NameKind.VARIANT and c.country in arabic:
        # English drops the article routinely: "Kut" for Al-Kut, "Amara city" for Al-Amarah (not
        # a Romanian village); this offsets the variant's own feature
        row[_F["arabic_variant"]] = 1.0


_THE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _said_kind(text: str, ms: list[Mention], words: PlaceWords) -> str | None:
    """ "Amara city", "the state of Washington": the word beside a name says what kind of place it is
    (the words are place_cues.csv's kind lists).

    "the Pacific", "the Sahel": a town never takes the article, a sea or a region does.
    """
    for m in ms:
        before = text[max(0, m.start - 20) : m.start]
        hit = words.kind_after.match(text[m.end : m.end + 16]) or words.kind_before.search(before)
        if hit:
            word = hit.group("word").lower()
            if word in words.town_kinds:
                return "P"
            if words.kind_before.search(f"{word} of "):
                return "A"
            return "AHL"  # "the tropical Pacific region", "the Kurdistan region": anything but a town
    if all(_THE.search(text[max(0, m.start - 6) : m.start]) for m in ms):  # "breathe Pacific" is no "the"
        return "HL"
    return None


def _capital_countries(cands: list[Candidate]) -> set[str | None]:
    """Countries whose capital is among a name's readings (the `capital_division` feature).

    Bare "Washington" in the news is the capital; the state is "Washington state" or "the
    state of Washington" (the words beside the name) or one of a list of states.  So a
    division named like its country's capital is marked; the capital itself is not marked
    over namesakes elsewhere ("al-Riyad" in Kirkuk is not Riyadh).
    """
    return {x.country for x in cands if x.feature_code == "PPLC"}


def _vote_weight(ms: list[Mention], cands: list[Candidate], r: Rules) -> float:
    """How much a name's reading says about the story's country.

    "Turkish airstrikes" names the actor, not the ground: a demonym votes weakly.  A
    province or country name ("in Diyala province", "Qadissiya") says where the story
    is: its vote counts more than a village's.
    """
    if all(m.demonym for m in ms):
        return r.demonym_vote
    if cands and all(c.feature_code == "ADM1" or c.feature_code.startswith("PCL") for c in cands[:1]):
        return r.admin_vote
    return 1.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _softmax(scores: np.ndarray) -> np.ndarray:
    ex = np.exp(scores - scores.max())
    return ex / ex.sum()


@dataclass(slots=True)
class Scored:
    """A document's names after the rounds: per key, its mentions, readings, features and scores.

    `features[k]` is the matrix (readings x `FEATURES`) the last round scored, which is what
    training fits the model on: the context columns are computed from the model's own
    previous round, as at run time.  A reading a rule has ruled out scores -inf.
    """

    groups: dict[str, list[Mention]]
    cands: dict[str, list[Candidate]]
    features: dict[str, np.ndarray]
    scores: dict[str, np.ndarray]
    container_of: dict[str, set[tuple[str | None, str | None]]]


def score_mentions(mentions: list[Mention], text: str, model: ResolutionModel, rules: Rules, *,
                   words: PlaceWords) -> Scored:
    """Features and scores of every reading of every name, after `rules.rounds` rounds of context.

    `words` (the reference's) gives the Arabic-article countries and the kind words beside a name.
    """
    arabic_article_countries = words.arabic_article_countries
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.candidates:
            groups[m.key].append(m)
    keys = list(groups)
    cands = {k: groups[k][0].candidates for k in keys}
    within = {k: {x for m in groups[k] for x in m.within} for k in keys}
    weight = {k: math.sqrt(len(groups[k])) * _vote_weight(groups[k], cands[k], rules) for k in keys}
    prior: dict[str, np.ndarray] = {}
    said: dict[str, str | None] = {}
    for k in keys:
        kind = said[k] = _said_kind(text, groups[k], words)
        capitals = _capital_countries(cands[k])
        rows = np.zeros((len(cands[k]), _N_PRIOR))
        for i, c in enumerate(cands[k]):
            row = rows[i]
            _class_features(c, row, rules)
            _spelling_features(groups[k][0].text, c, row, arabic_article_countries)
            if kind is not None and c.feature_class in kind:
                row[_F["said_kind"]] = 1.0
            if c.feature_code == "ADM1" and c.country in capitals:
                row[_F["capital_division"]] = 1.0
        prior[k] = rows
    # containment by a following admin name ("Alexandria, La."): restrict to that division
    container_of = _containers(within, cands)
    for k, boxes in container_of.items():
        countries = {cc for cc, _ in boxes}
        for i, c in enumerate(cands[k]):
            if (c.country, c.admin1) in boxes:
                prior[k][i, _F["container_division"]] = 1.0
            elif c.country in countries:
                prior[k][i, _F["container_country"]] = 1.0
    home = {
        k: np.array([rules.home if rules.home_country and c.country == rules.home_country else 0.0
                     for c in cands[k]])
        for k in keys
    }
    base = {k: prior[k] @ model.prior + home[k] for k in keys}
    # and the container itself: "Buffalo, New York" names the state holding Buffalo, not the city.
    # A rule, not a feature: the text states the containment, so the other readings are out (their
    # score is -inf; training leaves them out too)
    holders: dict[str, list[int]] = defaultdict(list)
    for k, i in _comma_holders(mentions, cands, text):
        holders[k].append(i)
    for k, held in holders.items():
        out = np.ones(len(cands[k]), dtype=bool)
        out[held] = False
        base[k][out] = -np.inf
    _capital_rule(keys, cands, prior, base, said, set(holders))
    context = {k: np.zeros((len(cands[k]), _N_CONTEXT)) for k in keys}
    scores = {k: base[k].copy() for k in keys}
    for _ in range(rules.rounds):
        context = _context(keys, cands, scores, weight, rules)
        scores = {k: base[k] + context[k] @ model.context for k in keys}
    features = {k: np.hstack([prior[k], context[k]]) for k in keys}
    return Scored(dict(groups), cands, features, scores, container_of)


def _capital_rule(keys: list[str], cands: dict[str, list[Candidate]], prior: dict[str, np.ndarray],
                  base: dict[str, np.ndarray], said: dict[str, str | None], held: set[str]) -> None:
    """Bare "Washington" in the news is the capital: a division named like its country's capital is
    ruled out unless the text says it is meant.

    It is meant when the word beside the name says a division ("Washington state", "the state of
    Washington"), when the text names it as a container ("Seattle, Washington"), or when the best
    reading of another name lies in it (a town of the state around it); a list of states is
    `_list_kinds`' after scoring.  A rule rather than a weight: the idiom is not a matter of degree,
    and the labelled sets hold too few bare capitals to weigh it.
    """
    col = _F["capital_division"]
    tops = {k: cands[k][int(np.argmax(base[k]))] for k in keys}
    for k in keys:
        if said[k] == "A" or k in held:
            continue
        around = {(c.country, c.admin1) for k2, c in tops.items() if k2 != k and c.feature_class == "P"}
        row = base[k].copy()
        for i, c in enumerate(cands[k]):
            if prior[k][i, col] and (c.country, c.admin1) not in around:
                row[i] = -np.inf
        if np.isfinite(row).any():  # never rule out every reading
            base[k] = row


def _context(keys: list[str], cands: dict[str, list[Candidate]], scores: dict[str, np.ndarray],
             weight: dict[str, float], rules: Rules) -> dict[str, np.ndarray]:
    """The context columns of every reading, from the other names' probabilities in `scores`."""
    votes_c: dict[str, dict[str, float]] = {}
    votes_a: dict[str, dict[tuple[str, str], float]] = {}
    picks: dict[str, Candidate] = {}
    for k in keys:
        probs = _softmax(scores[k])
        vc: dict[str, float] = defaultdict(float)
        va: dict[tuple[str, str], float] = defaultdict(float)
        for p, c in zip(probs.tolist(), cands[k], strict=True):
            if c.country:
                vc[c.country] += p * weight[k]
                if c.admin1:
                    va[(c.country, c.admin1)] += p * weight[k]
        votes_c[k], votes_a[k] = vc, va
        picks[k] = cands[k][int(np.argmax(probs))]
    tot_c: dict[str, float] = defaultdict(float)
    tot_a: dict[tuple[str, str], float] = defaultdict(float)
    for k in keys:
        for cc, v in votes_c[k].items():
            tot_c[cc] += v
        for a, v in votes_a[k].items():
            tot_a[a] += v
    total = sum(weight.values())
    towns = [(k2, p2) for k2, p2 in picks.items() if p2.feature_class == "P" and p2.latitude is not None]
    out: dict[str, np.ndarray] = {}
    for k in keys:
        others = total - weight[k]
        rows = np.zeros((len(cands[k]), _N_CONTEXT))
        for i, c in enumerate(cands[k]):
            if others > 0 and c.country:
                rows[i, 0] = (tot_c[c.country] - votes_c[k].get(c.country, 0.0)) / others
                if c.admin1 and c.feature_code != "ADM1":
                    a = (c.country, c.admin1)
                    rows[i, 1] = (tot_a[a] - votes_a[k].get(a, 0.0)) / others
            if c.latitude is not None and c.feature_class == "P":
                best = min(
                    (distance_km(c.latitude, c.longitude or 0.0, p2.latitude, p2.longitude or 0.0)  # type: ignore[arg-type]
                     for k2, p2 in towns if k2 != k),
                    default=math.inf,
                )
                if best < math.inf:
                    rows[i, 2] = math.exp(-best / rules.near_km)
        out[k] = rows
    return out


def resolve(mentions: list[Mention], gazetteer: Gazetteer, text: str, model: ResolutionModel,
            rules: Rules | None = None, *, words: PlaceWords) -> list[Place]:
    """Resolve every mention to a `Place` (unresolved ones keep latitude None and a reason).

    `words` is the reference's (`PlaceReference.words`): where a name written "al-..." is taken
    to lie, and the cue words beside names (place_cues.csv).
    """
    r = rules or Rules()
    sc = score_mentions(mentions, text, model, r, words=words)
    groups, cands, scores = sc.groups, sc.cands, sc.scores
    chosen: dict[str, tuple[Candidate, float]] = {}
    for k in groups:
        probs = _softmax(scores[k])
        i = int(np.argmax(probs))
        if cands[k][i].latitude is None and cands[k][i].feature_code != "ADM2":
            # a pointless winner ("Amara", an Ethiopian region without a point) maps nothing:
            # a close runner-up that can be placed is the more useful reading
            pointed = [j for j, c in enumerate(cands[k]) if c.latitude is not None]
            j = max(pointed, key=scores[k].__getitem__, default=None)
            if j is not None and scores[k][j] >= scores[k][i] - r.pointless_margin:
                i = j
        chosen[k] = (cands[k][i], float(probs[i]))
    _provinces_over_namesakes(chosen, cands, sc.container_of, r)
    _list_kinds(mentions, chosen, cands, text)
    for k in _outliers(groups, chosen, r):
        del chosen[k]
    # after the outliers go: a neighbourhood must not take the point of a town just dropped
    main = _main_town({k: ms for k, ms in groups.items() if k in chosen}, chosen)
    return [_place(m, chosen, gazetteer, text, main, words) for m in mentions]


def _comma_holders(mentions: list[Mention], cands: dict[str, list[Candidate]], text: str) -> set[tuple[str, int]]:
    """(key, candidate index) of each division after "X, " that holds one of X's towns."""
    out: set[tuple[str, int]] = set()
    ordered = sorted(mentions, key=lambda m: m.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.key not in a.within or not COMMA_GAP.fullmatch(text[a.end : b.start]):
            continue
        towns = {(x.country, x.admin1) for x in cands.get(a.key, ()) if x.feature_class == "P"}
        for i, c in enumerate(cands.get(b.key, ())):
            if (c.feature_code == "ADM1" and (c.country, c.admin1) in towns) or (
                c.feature_code.startswith("PCL") and c.country in {t[0] for t in towns}
            ):
                out.add((b.key, i))
    return out


def _provinces_over_namesakes(
    chosen: dict[str, tuple[Candidate, float]],
    cands: dict[str, list[Candidate]],
    container_of: dict[str, set[tuple[str | None, str | None]]],
    w: Rules,
) -> None:
    """A province beats a much smaller town abroad that borrowed its name.

    "Ontario" next to Toronto is the province, not Ontario, California, however American the
    rest of the story is (10 times the population is enough when the province's country has
    other places in the story, 50 times when it has none).  The town keeps the name when its
    own state is named, unless the story also names a town inside the province; and always
    when the text gives the state as its container ("Ontario, California").  The province
    may have no point (large divisions have none): unresolved with a reason is better than
    a point 3,000 km away.
    """
    states = {(c.country, c.admin1) for c, _ in chosen.values() if c.feature_code == "ADM1"}
    places_in = Counter(c.country for c, _ in chosen.values() if c.country)
    # the towns the story names, by division (a town's own entry never matters: the province is abroad)
    towns_in = Counter((x.country, x.admin1) for x, _ in chosen.values() if x.feature_class == "P")
    for k, (c, p) in list(chosen.items()):
        if c.feature_class != "P" or (c.country, c.admin1) in container_of.get(k, ()):
            continue
        own_state = (c.country, c.admin1) in states
        province = next((x for x in cands[k] if _province_beats(x, c, towns_in, own_state, places_in, w)), None)
        if province is not None:
            chosen[k] = (province, p)
            if c.country:
                places_in[c.country] -= 1
            places_in[province.country] += 1


def _province_beats(
    x: Candidate,
    town: Candidate,
    towns_in: Counter[tuple[str | None, str | None]],
    own_state: bool,
    places_in: Counter[str | None],
    w: Rules,
) -> bool:
    """Does province x beat the town reading of its name (see `_provinces_over_namesakes`)?"""
    if x.feature_code != "ADM1" or x.country == town.country:
        return False
    pop = max(town.population, 1)
    if towns_in[(x.country, x.admin1)] > 0:  # "Toronto" for "Ontario"
        return x.population >= pop
    if own_state:
        return False
    # the province lies in another country than the town: any count of its country is another place
    ratio = w.province_over_town if places_in[x.country] > 0 else w.province_over_town_alone
    return x.population >= ratio * pop


_LIST_GAP = re.compile(r"^(?:\s*,\s*|,?\s+(?:and|or)\s+)$")


def _list_kind(c: Candidate) -> str | None:
    return "PCL" if c.feature_code.startswith("PCL") else "ADM1" if c.feature_code == "ADM1" else None


def _holds(box: Candidate, c: Candidate) -> bool:
    """Is `box` a larger division that `c` lies in ("Washington, D.C.", "Toronto, Canada")?"""
    if c.country != box.country or _rank(c) >= _rank(box):
        return False
    return box.feature_code.startswith("PCL") or box.feature_code == "ADM1" and c.admin1 == box.admin1


def _list_kinds(
    mentions: list[Mention], chosen: dict[str, tuple[Candidate, float]], cands: dict[str, list[Candidate]], text: str
) -> None:
    """Names in one list are places of one kind: "British Columbia, Alberta, Manitoba, Ontario and
    New Brunswick" are all Canadian provinces, "Utah, Washington and Wisconsin" all US states.

    In a list of at least three names where two thirds of the others (two at least) share a
    kind (province or country) and a country, a name with a reading of that kind there takes it.
    A comma before a province usually names a town in it ("Washington, Pennsylvania"), but not
    when another name of the province's kind follows: "Washington, Pennsylvania and California"
    lists three states, while "Portland, Oregon and Seattle" names a town in its state.
    """
    run: list[Mention] = []
    runs: list[list[Mention]] = []
    forced: dict[int, tuple[str, str | None]] = {}  # run index -> the kind its container imposes
    ordered = sorted((m for m in mentions if m.key in chosen and not m.demonym), key=lambda m: m.start)
    for i, m in enumerate(ordered):
        if not run or not _LIST_GAP.match(text[run[-1].end : m.start]):
            run = [m]
            runs.append(run)
        elif not _holds(chosen[m.key][0], chosen[run[-1].key][0]):
            run.append(m)
        elif (listed := _listed_kind(m, ordered[i + 1 : i + 2], chosen, cands, text)) is not None:
            run.append(m)
            forced[len(runs) - 1] = listed
        else:
            run = [m]
            runs.append(run)
    for j, r in enumerate(runs):
        if len(r) < 3:
            continue
        for m in r:
            mine = chosen[m.key][0]
            if j in forced:
                kind, country = forced[j]
            else:
                others = Counter((_list_kind(chosen[o.key][0]), chosen[o.key][0].country) for o in r if o.key != m.key)
                (kind, country), n = others.most_common(1)[0]
                if kind is None or n < 2 or 3 * n < 2 * sum(others.values()):
                    continue
            if (_list_kind(mine), mine.country) == (kind, country):
                continue
            same = next((c for c in cands[m.key] if _list_kind(c) == kind and c.country == country), None)
            if same is not None:
                chosen[m.key] = (same, chosen[m.key][1])


def _listed_kind(
    m: Mention, after: list[Mention], chosen: dict[str, tuple[Candidate, float]],
    cands: dict[str, list[Candidate]], text: str,
) -> tuple[str, str | None] | None:
    """The kind and country of container `m` when the next name, in the same list, has a reading of that kind."""
    if not after or not _LIST_GAP.match(text[m.end : after[0].start]):
        return None
    box = chosen[m.key][0]
    kind = _list_kind(box)
    if kind is None or not any(_list_kind(c) == kind and c.country == box.country for c in cands[after[0].key]):
        return None
    return kind, box.country


def _outliers(groups: dict[str, list[Mention]], chosen: dict[str, tuple[Candidate, float]], w: Rules) -> list[str]:
    """Small places whose only reading lies in a country the story is not about, far from the rest.

    "Metina" in a story about Dahuk has one gazetteer entry, in Afghanistan: a wrong point
    is worse than none, so such a name is left unresolved.
    """
    countries: dict[str, float] = defaultdict(float)
    named: set[str] = set()  # countries the story names outright ("Canada", "the UK")
    for k, (c, _) in chosen.items():
        if c.country:
            countries[c.country] += len(groups[k])
            if c.feature_code.startswith("PCL"):
                named.add(c.country)
    total = sum(countries.values())
    out = []
    for k, (c, _) in chosen.items():
        if c.feature_class != "P" or not c.country or c.latitude is None:
            continue
        own = len(groups[k])
        others = total - own
        if others < 2 or (countries[c.country] - own) > 0:
            continue
        if c.population >= w.outlier_population:
            # a town of some size is still an outlier when the story names its countries and
            # not this one: Fife, Washington in a story about Scotland and the UK
            if c.population >= w.unnamed_country_population or not named or c.country in named:
                continue
        else:
            top = max((v for cc, v in countries.items() if cc != c.country), default=0.0)
            if top / others < 0.6 and not (named and c.country not in named):
                continue
        near = any(
            x.latitude is not None and distance_km(c.latitude, c.longitude or 0.0, x.latitude, x.longitude or 0.0) < 500
            for k2, (x, _) in chosen.items()
            if k2 != k and x.feature_class == "P"
        )
        if not near:
            out.append(k)
    return out


def _main_town(groups: dict[str, list[Mention]], chosen: dict[str, tuple[Candidate, float]]) -> str | None:
    """The settlement the story is about: the most mentioned resolved town (first on ties)."""
    best: tuple[int, int] | None = None
    key = None
    for k, ms in groups.items():
        c, _ = chosen[k]
        if c.feature_class != "P" or c.latitude is None or any(m.cue for m in ms):
            continue
        rank = (len(ms), -ms[0].start)
        if best is None or rank > best:
            best, key = rank, k
    return key


def _containers(
    within: dict[str, set[str]], cands: dict[str, list[Candidate]]
) -> dict[str, set[tuple[str | None, str | None]]]:
    """For "X, Y" pairs, the (country, admin1) readings of Y that X may lie in."""
    out: dict[str, set[tuple[str | None, str | None]]] = {}
    for k, ys in within.items():
        acc: set[tuple[str | None, str | None]] = set()
        for y in ys:
            for c in cands.get(y, []):
                if c.feature_class == "A":
                    acc.add((c.country, c.admin1 if c.feature_code == "ADM1" else None))
        if acc:
            out[k] = acc
    return out


def _relation(text: str, start: int, words: PlaceWords) -> str | None:
    m = words.relation_before.search(text[max(0, start - 60) : start])
    if not m:
        return None
    return re.sub(r"\s+", " ", m.group().strip())


def _place(
    m: Mention, chosen: dict[str, tuple[Candidate, float]], gaz: Gazetteer, text: str, main: str | None,
    words: PlaceWords,
) -> Place:
    place = Place(start=m.start, end=m.end, name=m.text)
    rel = _relation(text, m.start, words)
    hood = m.cue in words.neighbourhood_cues
    box = m.container.key if m.container is not None else _foreign_comma_container(m, chosen)
    if not hood and box is not None and box in chosen:
        bc, bp = chosen[box]
        own = chosen[m.key][0] if m.key in chosen else None
        # a bracket lends no country, which may be a namesake state ("Kagara (Rafi LGA, Niger)"),
        # and nothing to a large town: "Baghdad (Mansour)" names a district, not a Qatari suburb
        bracket_ok = not m.bracketed or (
            not bc.feature_code.startswith("PCL") and (own is None or own.population < 50_000)
        )
        # a city named by its own name is no unknown village: "the Nice of Russia" is a figure of
        # speech, "Pinsk of the Brest region" is Pinsk; but "Palanpur area of Surat city" is a part
        # of Surat, and "Bradford, Ontario" another Bradford
        city = (
            m.container is not None
            and not words.town_part_after.match(text, m.end)
            and own is not None
            and own.feature_class == "P"
            and own.kind == NameKind.PRIMARY
            and own.population >= 100_000
        )
        if _lends_point(bc, own) and (own is None or not _inside(own, bc)) and bracket_ok and not city:
            # the gazetteer's only readings lie elsewhere: the named container is the best point
            _fill(place, bc, gaz)
            place.geonameid = None
            place.stand_in = True
            place.geo_precision = 3 if bc.feature_class == "A" else 2
            place.reason = f"in {bc.name}: no {m.text} there in the gazetteer (container's point)"
            place.score = round(0.7 * bp, 3)
            return place
    if m.key in chosen and not hood:
        c, p = chosen[m.key]
        _fill(place, c, gaz)
        place.score = round(p, 3)
        place.reason = "gazetteer" + (" (demonym)" if m.demonym else "")
        if c.latitude is None and c.feature_code == "ADM2":
            _county_point(place, c, chosen)
        elif c.latitude is None:
            place.reason = "in gazetteer without coordinates"
            place.geo_precision = None
        if rel:
            place.reason += f"; relation: {rel}"
            place.geo_precision = max(place.geo_precision or 2, 2)
        return place
    parent_key = None
    if hood:
        # the parent must have resolved to a town: "in Joao Pessoa, Paraiba, ... in Rangel
        # neighborhood" lies in the story's town, not at the state's point
        parent = m.parent.key if m.parent is not None and m.parent.key in chosen else None
        parent_key = parent if parent is not None and chosen[parent][0].feature_class == "P" else main
    if parent_key is not None:
        pc, p = chosen[parent_key]
        near = None
        if m.candidates and pc.latitude is not None:
            close = [
                c
                for c in m.candidates
                if c.latitude is not None
                and distance_km(c.latitude, c.longitude or 0.0, pc.latitude, pc.longitude or 0.0) < 25
            ]
            near = max(close, key=lambda c: c.population) if close else None
        if near is not None:
            _fill(place, near, gaz)
            place.reason = f"gazetteer, inside {pc.name}"
        else:
            _fill(place, pc, gaz)
            place.geonameid = None
            place.stand_in = True
            place.feature_code = "PPLX"
            place.reason = f"{m.cue or 'part'} of {pc.name} (not in gazetteer): parent's point"
        place.geo_precision = 2
        place.resolved_name = pc.name if near is None else near.name
        place.score = round(0.8 * p, 3)
        return place
    place.reason = f"{m.cue} not in gazetteer and no containing place found" if m.cue else "not in gazetteer"
    return place


def _foreign_comma_container(m: Mention, chosen: dict[str, tuple[Candidate, float]]) -> str | None:
    """The division after "X, " when X's reading lies in another country: "Bradford, Ontario"
    with only the English Bradford in the gazetteer is no English town."""
    own = chosen.get(m.key)
    for key in m.within:
        box = chosen.get(key)
        if (
            own is not None
            and box is not None
            # a division, or a city named like its division ("El Alto, La Paz": the packaged data
            # has only a Peruvian El Alto)
            and (box[0].feature_class == "A" or box[0].population >= 100_000)
            and box[0].country != own[0].country
            # spelled out: "Chennai, TN" is in Tamil Nadu, not Tennessee; "Warder, Somali" not in Somalia
            and box[0].kind in (NameKind.PRIMARY, NameKind.ALTERNATE)
        ):
            return key
    return None


_RANK_COUNTRY = 4
_RANK = {"CONT": 5, "RGN": _RANK_COUNTRY, "ADM1": 3, "ADM2": 2}


def _rank(c: Candidate) -> int:
    """How large a kind of place is: continent 5, country, region or sea 4, province 3, county 2, town 1."""
    if c.feature_code.startswith("PCL") or c.feature_class == "H":
        return _RANK_COUNTRY
    return _RANK.get(c.feature_code, 1)


def _lends_point(box: Candidate, own: Candidate | None) -> bool:
    """May a named container's point stand in for a name whose readings all lie elsewhere?

    Only a container that is a place of its own (a country, province or town, not a continent
    or a loose region), and only for a name read as a town, county or province: "the Americas
    in Alaska" is no more in Alaska than "Cameroon in Africa" is at Africa's point, and "Iran"
    in "the crossing with Iran in Missan" stays Iran.  A province abroad is just a wrong
    reading: "al-Bihar in Basra" is not in India.  A sea, or a container without a point
    of its own, has nothing to lend.
    """
    if box.feature_code in ("CONT", "RGN") or box.feature_class == "H" or box.latitude is None:
        return False
    return own is None or _rank(own) < _RANK_COUNTRY


def _inside(c: Candidate, box: Candidate) -> bool:
    """Is candidate c plausibly inside the container the text names?"""
    if box.feature_code.startswith("PCL"):
        return c.country == box.country
    if box.feature_class == "A" and box.admin1 and c.admin1:
        return c.country == box.country and c.admin1 == box.admin1
    if c.latitude is None or box.latitude is None:
        return c.country == box.country
    return distance_km(c.latitude, c.longitude or 0.0, box.latitude, box.longitude or 0.0) < 150


def _fill(place: Place, c: Candidate, gaz: Gazetteer) -> None:
    place.latitude, place.longitude = c.latitude, c.longitude
    place.geonameid = c.geonameid or None
    place.feature_code = c.feature_code
    place.country = c.country
    place.country_name = gaz.country_name(c.country)
    place.admin1 = gaz.admin1_name(c.country, c.admin1) or _division_name(c.admin1)
    place.admin2 = _division_name(c.admin2)
    place.resolved_name = c.name
    code = c.feature_code
    if code.startswith("PCL") or code in ("CONT", "RGN", "ADM1", "ADM2"):
        place.geo_precision = 3
        if code.startswith("PCL") or code in ("CONT", "RGN"):
            place.admin1 = None
    else:
        place.geo_precision = 1


_ADMIN_CODE = re.compile(r"[0-9A-Z]{1,3}")  # GeoNames admin codes: "02", "WE", "ENG"


def _division_name(admin: str | None) -> str | None:
    """An admin field as a name: an imported row may carry the name itself ("Ninewa"), but a bare
    code with no name in the gazetteer ("02") is no name, and ACLED's admin columns hold names."""
    if not admin or _ADMIN_CODE.fullmatch(admin):
        return None
    return admin


def _county_point(place: Place, c: Candidate, chosen: dict[str, tuple[Candidate, float]]) -> None:
    """A US county has no point in the packaged data: use the document's towns in its state."""
    pts = [
        (x.latitude, x.longitude)
        for x, _ in chosen.values()
        if x.feature_class == "P" and x.country == c.country and x.admin1 == c.admin1 and x.latitude is not None
    ]
    if pts:
        # the median, not the mean: one wrongly read town across the state must not drag the county
        place.latitude = median(p[0] for p in pts)  # type: ignore[misc]
        place.longitude = median(p[1] for p in pts)  # type: ignore[misc]
        place.reason = "county: centre of the document's towns in its state"
    else:
        state = [x for x, _ in chosen.values() if x.feature_code == "ADM1" and x.admin1 == c.admin1]
        if state and state[0].latitude is not None:
            place.latitude, place.longitude = state[0].latitude, state[0].longitude
            place.reason = "county: its state's point"
        else:
            place.reason = "county without coordinates"
    place.geo_precision = 3
