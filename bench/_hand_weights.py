"""The hand-set resolution weights the fitted model replaced, kept only so benches can compare.

They were tuned by hand on the LGL and GeoVirus development sets (before issue #15's
`conflictwire train geo-resolution`); `previous` is the set before the conflict-notes
work.  Nothing in the package reads this file.  (The hand-set weights also gave the division
after "X, " that holds X a bonus of 6; that is now a rule that rules the other readings out,
applied to both.)
"""

from __future__ import annotations

from conflictwire.geo import ResolutionModel, Rules

HAND: dict[str, float] = {
    "population": 1.0, "country": 2.0, "country_population": 1.0, "admin1": 7.5, "admin2": 4.0,
    "continent": 8.0, "region": 6.5, "capital": 0.0, "major_city": 0.0, "alternate_name": -1.5,
    "variant_name": -2.0, "skeleton_name": -2.5, "no_point": -1.0, "exact_spelling": 1.5,
    "arabic_article": 2.0, "arabic_variant": 2.0, "said_kind": 3.0, "capital_division": -2.5,
    "container_division": 6.0, "container_country": 3.0,
    "country_votes": 4.0, "admin1_votes": 3.5, "near": 2.0,
}
# before the conflict-notes work: no spelling, Arabic-article or said-kind evidence (and `Rules.previous()`)
PREVIOUS: dict[str, float] = {**HAND, "exact_spelling": 0.0, "arabic_article": 0.0, "arabic_variant": 0.0,
                              "said_kind": 0.0}


def hand_model() -> ResolutionModel:
    return ResolutionModel.from_dict(HAND, "hand-set")


def previous_model() -> tuple[ResolutionModel, Rules]:
    return ResolutionModel.from_dict(PREVIOUS, "hand-set, before the conflict notes"), Rules.previous()
