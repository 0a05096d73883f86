"""How alike two reports' incidents are: an additive score with its reasons.

Why additive with named reasons: an analyst who sees two reports merged (or kept apart)
must be able to read why, so every term that moved the score is kept as a short phrase
("same sub-event type", "tolls 21 and 25 disagree") and stored with the decision. The
weights are a small frozen object, so a bench or a later trained model can replace them
without touching the rules.

The terms follow how reports of one event differ in practice: outlets agree on the kind of
event, the day and the place, and on the toll within each other's bounds ("at least 20" and
"21" agree); they differ in wording, the actor names they use and in how precisely they
place it. Two events of one day in one city are told apart by their tolls, their places and
what the sentences say.
"""

from __future__ import annotations

from dataclasses import dataclass

from .features import DEFAULT_ACTORS, LinkKey, km

__all__ = ["LinkWeights", "PairScore", "score_pair"]


@dataclass(frozen=True, slots=True)
class LinkWeights:
    """Weights of the pair score (log-odds-like units; `threshold` decides a link)."""

    threshold: float = 3.5
    same_sub_event: float = 2.0
    same_event_type: float = 0.5
    other_event_type: float = -1.0
    actor_overlap: float = 1.5  # times the Jaccard overlap of the actor names
    actor1_conflict: float = -1.0
    toll_equal: float = 2.0
    toll_compatible: float = 1.2
    toll_conflict: float = -1.0  # plus `toll_conflict_scale` times the relative difference
    toll_conflict_scale: float = -4.0
    toll_one_sided: float = -0.3
    # a later report's higher toll, up to `toll_rise` times the earlier one, is the same event's toll
    # updated, neither agreement nor contradiction
    toll_rose: float = 0.0
    toll_rise: float = 2.0
    injuries_compatible: float = 0.4
    injuries_conflict: float = -0.6
    same_day: float = 0.5
    next_day: float = -0.2
    days_apart: float = -0.8  # two days apart (a coarse date), then `per_day_apart` for each further day
    per_day_apart: float = -0.3
    same_place_name: float = 1.5
    same_point: float = 0.5  # within 2 km, names differ (a neighbourhood and its city)
    other_place: float = -1.2  # names differ and the points lie apart
    text_scale: float = 5.0  # times (cosine - text_pivot), clipped to +-text_cap
    text_pivot: float = 0.6
    text_cap: float = 2.0
    words_scale: float = 5.0  # fallback when a report has no sentence vector: times (Jaccard - words_pivot)
    words_pivot: float = 0.2
    same_claimant: float = 0.3
    same_story: float = 3.0  # the two articles are near-duplicate texts (syndication, an update)
    # one outlet tells one event once: two of its reports that are not copies of one story are
    # two events more often than two tellings (its follow-ups repeat the event's toll or place)
    same_outlet: float = -2.0
    same_passage: float = 0.97  # wording this close is the outlet re-running its own report: no penalty


def _toll_rose(a: LinkKey, b: LinkKey, most: float) -> bool:
    """Whether the later-published report gives a higher toll, within `most` times the earlier one.

    A toll grows as the wounded die and bodies are found ("the death toll rose to 40"), and
    follow-ups published days later report the larger figure; it rarely falls.
    """
    if a.published is None or b.published is None or a.published == b.published:
        return False
    early, late = (a, b) if a.published < b.published else (b, a)
    if not early.fatalities_low:
        return False
    return early.fatalities_low < late.fatalities_low <= most * early.fatalities_low


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float
    reasons: tuple[str, ...]


def _overlap(a: int, ah: int | None, b: int, bh: int | None) -> bool:
    """Whether two count ranges [low, high] (high None = open) share a value."""
    return (ah is None or b <= ah) and (bh is None or a <= bh)


def _count(low: int, high: int | None) -> str:
    return f"{low}+" if high is None else (str(low) if low == high else f"{low}-{high}")


def _add(terms: list[tuple[float, str]], weight: float, why: str) -> None:
    if weight:
        terms.append((weight, why))


def score_pair(a: LinkKey, b: LinkKey, w: LinkWeights | None = None, *, same_story: float | None = None) -> PairScore:
    """Score a blocked pair (see `features.blocked`); `same_story` is the two articles' text similarity."""
    w = w or LinkWeights()
    terms: list[tuple[float, str]] = []
    # kind of event
    if a.sub_event_type and a.sub_event_type == b.sub_event_type:
        _add(terms, w.same_sub_event, f"same sub-event type ({a.sub_event_type})")
    elif a.event_type and a.event_type == b.event_type:
        _add(terms, w.same_event_type, f"same event type ({a.event_type})")
    else:
        _add(terms, w.other_event_type, f"types differ ({a.sub_event_type} / {b.sub_event_type})")
    # actors: ACLED's default actors of a type (the civilians of an attack, the rioters of a riot) come
    # with the type, so only named actors are evidence that two reports tell one event
    named_a, named_b = a.actors - DEFAULT_ACTORS, b.actors - DEFAULT_ACTORS
    if named_a and named_b:
        jac = len(named_a & named_b) / len(named_a | named_b)
        _add(terms, round(w.actor_overlap * jac, 3), f"actors overlap {jac:.2f}")
    if a.actors and b.actors and a.actor1 and b.actor1 and a.actor1 != b.actor1 and a.actor1 not in b.actors \
            and b.actor1 not in a.actors and not a.actor1.startswith("unidentified") \
            and not b.actor1.startswith("unidentified"):
        _add(terms, w.actor1_conflict, f"actor1 differs ({a.actor1} / {b.actor1})")
    # tolls
    if a.has_toll and b.has_toll and (a.fatalities_low or b.fatalities_low or a.fatalities_high or b.fatalities_high):
        ca, cb = _count(a.fatalities_low, a.fatalities_high), _count(b.fatalities_low, b.fatalities_high)
        if a.fatalities_high is not None and (a.fatalities_low, a.fatalities_high) == (b.fatalities_low,
                                                                                      b.fatalities_high):
            _add(terms, w.toll_equal, f"same toll ({ca})")
        elif _overlap(a.fatalities_low, a.fatalities_high, b.fatalities_low, b.fatalities_high):
            _add(terms, w.toll_compatible, f"tolls agree ({ca} / {cb})")
        elif _toll_rose(a, b, w.toll_rise):
            terms.append((w.toll_rose, f"toll rose in the later report ({ca} / {cb})"))  # shown even at 0
        else:
            lo = min(a.fatalities_high if a.fatalities_high is not None else a.fatalities_low,
                     b.fatalities_high if b.fatalities_high is not None else b.fatalities_low)
            hi = max(a.fatalities_low, b.fatalities_low)
            rel = (hi - lo) / max(hi, 1)
            _add(terms, round(w.toll_conflict + w.toll_conflict_scale * rel, 3), f"tolls disagree ({ca} / {cb})")
    elif a.has_toll != b.has_toll and (a.fatalities_low or b.fatalities_low):
        _add(terms, w.toll_one_sided, "only one report gives a toll")
    if a.has_injuries and b.has_injuries and (a.injuries_low or b.injuries_low):
        if _overlap(a.injuries_low, a.injuries_high, b.injuries_low, b.injuries_high):
            _add(terms, w.injuries_compatible, "injured agree")
        else:
            _add(terms, w.injuries_conflict, "injured disagree")
    # day
    gap = abs((a.day or 0) - (b.day or 0))
    if gap == 0:
        _add(terms, w.same_day, "same day")
    elif gap == 1:
        _add(terms, w.next_day, "dates one day apart")
    else:
        _add(terms, round(w.days_apart + w.per_day_apart * (gap - 2), 3), f"dates {gap} days apart")
    # place
    located = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
    dist = km(a.latitude, a.longitude, b.latitude, b.longitude) if located else None  # type: ignore[arg-type]
    if a.location and a.location == b.location:
        _add(terms, w.same_place_name, f"same place ({a.location})")
    elif a.location and b.location:
        if dist is not None and dist <= 2.0:
            _add(terms, w.same_point, f"places {a.location} / {b.location} share a point")
        else:
            _add(terms, w.other_place, f"places differ ({a.location} / {b.location}"
                 + (f", {dist:.0f} km)" if dist is not None else ")"))
    # wording
    cos = None
    if a.vector is not None and b.vector is not None and a.vector.shape == b.vector.shape:
        cos = float(a.vector @ b.vector)
        val = max(-w.text_cap, min(w.text_cap, w.text_scale * (cos - w.text_pivot)))
        _add(terms, round(val, 3), f"wording similarity {cos:.2f}")
    elif a.words and b.words:
        jac = len(a.words & b.words) / len(a.words | b.words)
        val = max(-w.text_cap, min(w.text_cap, w.words_scale * (jac - w.words_pivot)))
        _add(terms, round(val, 3), f"shared words {jac:.2f}")
    if a.claimant and a.claimant == b.claimant:
        _add(terms, w.same_claimant, "same claimant")
    if same_story is not None:
        _add(terms, w.same_story, f"near-duplicate articles (text similarity {same_story:.2f})")
    elif a.outlet and a.outlet == b.outlet and (cos is None or cos < w.same_passage):
        _add(terms, w.same_outlet, f"both from {a.outlet}")
    total = round(sum(t for t, _ in terms), 3)
    return PairScore(total, tuple(f"{why} {t:+.2f}" for t, why in terms))
