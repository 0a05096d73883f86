"""The resolution model: one linear score per gazetteer reading, from named features.

Why a model and not hand-set numbers: a new gazetteer or language changes how much
population, feature class or the story's other places say about a name; refitting
(`conflictwire train geo-resolution`) measures that on labelled data instead of
re-tuning by hand.  The runtime only needs the coefficients, so the artefact is a
plain `.npz` (no pickled estimator): the feature names in order and one coefficient
per name.  A model whose names differ from this release's `FEATURES` is refused with a
message that says to retrain, never silently misapplied.

What the features are (each is computed in `_resolve.py`):

* prior: ``population`` (log10 of population + 1, for towns and other point features),
  ``country`` and ``country_population`` (a country, and its log-population floored at
  `Rules.country_floor`), ``admin1``, ``admin2``, ``continent``, ``region`` (a region
  or water body), ``capital``, ``major_city`` (a town of a million or more), how the
  name matched (``alternate_name``, ``variant_name``, ``skeleton_name``), ``no_point``;
* the surface form: ``exact_spelling``, ``arabic_article``, ``arabic_variant``,
  ``said_kind`` (the word beside the name says this kind of place: "Amara city"),
  ``capital_division`` (a division named like its country's capital);
* the text's containers: ``container_division`` ("Alexandria, La.": inside that
  division), ``container_country`` (only its country matches).  The division after "X, "
  that holds one of X's readings ("Buffalo, New York") is a rule, not a feature: the text
  states it, so the other readings of that name are ruled out;
* the rest of the story, recomputed each round from the previous round's readings:
  ``country_votes`` and ``admin1_votes`` (the share of the other names' probability in
  this reading's country and first-level division), ``near`` (exp(-km / `Rules.near_km`)
  to the nearest other town picked).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ModelError

__all__ = ["CONTEXT_FEATURES", "FEATURES", "PRIOR_FEATURES", "RESOLUTION_MODEL_FILE", "ResolutionModel",
           "shipped_resolution_model"]

RESOLUTION_MODEL_FILE = "geo_resolution.npz"

PRIOR_FEATURES: tuple[str, ...] = (
    "population", "country", "country_population", "admin1", "admin2", "continent", "region", "capital",
    "major_city", "alternate_name", "variant_name", "skeleton_name", "no_point", "exact_spelling",
    "arabic_article", "arabic_variant", "said_kind", "capital_division", "container_division",
    "container_country",
)
CONTEXT_FEATURES: tuple[str, ...] = ("country_votes", "admin1_votes", "near")
FEATURES: tuple[str, ...] = PRIOR_FEATURES + CONTEXT_FEATURES


def shipped_resolution_model() -> Path:
    """The resolution model installed with the package."""
    return Path(str(resources.files("conflictwire") / "data" / RESOLUTION_MODEL_FILE))


@dataclass(frozen=True)
class ResolutionModel:
    """Coefficients over `FEATURES`: a reading's score is their dot product with its features.

    Scores are log-odds-like: the resolver turns a name's scores into probabilities with a
    softmax, which is what a conditional-logit fit of these coefficients assumes.
    """

    coef: np.ndarray
    label: str = ""  # where the numbers come from ("fitted 2026-12-08", "hand-set"): shown by benches

    def __post_init__(self) -> None:
        coef = np.asarray(self.coef, dtype=np.float64)
        if coef.shape != (len(FEATURES),):
            raise ModelError(f"resolution model has {coef.size} coefficients; this release scores "
                             f"{len(FEATURES)} features (retrain: conflictwire train geo-resolution)")
        if not np.all(np.isfinite(coef)):
            raise ModelError("resolution model has a coefficient that is not a finite number")
        object.__setattr__(self, "coef", coef)

    @property
    def prior(self) -> np.ndarray:
        return self.coef[: len(PRIOR_FEATURES)]

    @property
    def context(self) -> np.ndarray:
        return self.coef[len(PRIOR_FEATURES):]

    def as_dict(self) -> dict[str, float]:
        """Feature name -> coefficient (for provenance and reading)."""
        return {name: round(float(v), 6) for name, v in zip(FEATURES, self.coef, strict=True)}

    @classmethod
    def blank(cls) -> ResolutionModel:
        """Every coefficient 0: all readings of a name tie (where fitting starts)."""
        return cls(np.zeros(len(FEATURES)), "blank")

    @classmethod
    def from_dict(cls, coefficients: dict[str, float], label: str = "") -> ResolutionModel:
        """A model from named coefficients; a name this release does not score is an error, a missing one is 0."""
        unknown = set(coefficients) - set(FEATURES)
        if unknown:
            raise ModelError(f"unknown resolution features: {', '.join(sorted(unknown))}")
        return cls(np.array([float(coefficients.get(n, 0.0)) for n in FEATURES]), label)

    @classmethod
    def load(cls, path: Path | None = None) -> ResolutionModel:
        """Read an artefact written by `save` (default: the one shipped with the package)."""
        file = Path(path) if path is not None else shipped_resolution_model()
        try:
            with np.load(file, allow_pickle=False) as z:
                names = tuple(str(n) for n in z["features"])
                coef = z["coef"]
                label = str(z["label"]) if "label" in z.files else ""
        except FileNotFoundError:
            raise ModelError(f"{file}: no resolution model (train one: conflictwire train geo-resolution)") from None
        except (OSError, KeyError, ValueError, EOFError) as exc:
            raise ModelError(f"{file}: not a resolution model ({type(exc).__name__}: {exc})") from exc
        if names != FEATURES:
            raise ModelError(f"{file}: its features ({', '.join(names)}) are not this release's "
                             "(retrain: conflictwire train geo-resolution)")
        return cls(coef, label)

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez(fh, features=np.array(FEATURES), coef=self.coef.astype(np.float64), label=np.array(self.label))
