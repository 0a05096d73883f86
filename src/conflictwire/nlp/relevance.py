"""The relevance cascade: a cheap first pass that decides which documents need the full NLP.

Why: most of a national news stream does not report political violence or protest, and
the full pipeline (spaCy parse, geoparse, extraction, sentence vectors) costs about ten
times what reading the words costs. A linear model over hashed word n-grams plus counts
of event keywords scores a document in well under a millisecond; a document that scores
below the threshold is stored as an article with a note saying the cascade skipped it,
so nothing is lost silently and `--no-cascade` can reprocess it later.

How a document is scored: the text is cut into windows of about `window_words` words
(half-overlapping) and the score is the highest window probability, together with the
whole document's. One paragraph about a police firing inside a long article on budget
politics must keep the article; averaging over the article would drown it.

The keyword list is data (`reference/data/relevance_keywords.csv`, each stem with its
source in the ACLED codebook); the weights are an artefact trained by
`conflictwire train relevance` (`training/relevance.py`), shipped in `data/` with its
provenance. Nothing here loads at import time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError
from ..reference import read_table

if TYPE_CHECKING:
    from scipy.sparse import spmatrix

__all__ = [
    "CASCADE_NOTE",
    "KEYWORD_TABLE",
    "RELEVANCE_MODEL_FILE",
    "Keywords",
    "RelevanceModel",
    "shipped_relevance_model",
    "windows",
]

KEYWORD_TABLE = "relevance_keywords"
RELEVANCE_MODEL_FILE = "relevance.npz"
# the first words of the note a skipped article carries (the store keeps it in processing_notes)
CASCADE_NOTE = "cascade: not parsed"


def shipped_relevance_model() -> Path:
    """The relevance model installed with the package."""
    return Path(str(resources.files("conflictwire") / "data" / RELEVANCE_MODEL_FILE))


class Keywords:
    """Event keyword stems by group; counts per group are features of the relevance model."""

    def __init__(self, rows: Sequence[dict[str, str]]) -> None:
        groups: dict[str, list[str]] = {}
        for row in rows:
            groups.setdefault(row["group"], []).append(re.escape(row["term"].lower()).replace(r"\ ", r"\s+"))
        self.groups = tuple(sorted(groups))
        # a stem matches at a word start: "kill" finds killed, killings; "shell" also finds shelling
        self._patterns = tuple(re.compile(r"\b(?:" + "|".join(sorted(groups[g], key=len, reverse=True)) + ")")
                               for g in self.groups)

    @classmethod
    def load(cls, path: Path | None = None) -> Keywords:
        return cls(read_table(KEYWORD_TABLE, required=("term", "group"), path=path))

    def counts(self, text: str) -> np.ndarray:
        """log(1 + hits) per group: enough to say "many killing words", bounded for long texts."""
        low = text.lower()
        return np.array([math.log1p(len(p.findall(low))) for p in self._patterns], dtype=np.float32)

    def any_hit(self, text: str) -> bool:
        low = text.lower()
        return any(p.search(low) for p in self._patterns)


def windows(text: str, size: int) -> list[str]:
    """Half-overlapping windows of `size` words; a short text is its own single window."""
    words = text.split()
    if len(words) <= size:
        return [text]
    step = max(1, size // 2)
    return [" ".join(words[i : i + size]) for i in range(0, len(words) - step, step)]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the cascade said about one document."""

    keep: bool
    score: float


class RelevanceModel:
    """Hashed n-grams + keyword counts -> logistic regression; `threshold` on the best window."""

    def __init__(self, coef: np.ndarray, intercept: float, *, threshold: float, n_features: int,
                 ngram_max: int = 2, window_words: int = 80, keywords: Keywords | None = None) -> None:
        self.keywords = keywords or Keywords.load()
        if coef.shape != (n_features + len(self.keywords.groups),):
            raise ModelError(f"relevance model has {coef.shape[0]} weights; expected {n_features} hashed features "
                             f"and {len(self.keywords.groups)} keyword groups (retrain: conflictwire train relevance)")
        self.coef = coef.astype(np.float32)
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.n_features = int(n_features)
        self.ngram_max = int(ngram_max)
        self.window_words = int(window_words)
        self._vectorizer = hashing_vectorizer(self.n_features, self.ngram_max)

    # -- persistence -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path | None = None) -> RelevanceModel:
        """Read an artefact written by `save` (default: the one shipped)."""
        file = path or shipped_relevance_model()
        try:
            with np.load(file, allow_pickle=False) as z:
                return cls(z["coef"], float(z["intercept"]), threshold=float(z["threshold"]),
                           n_features=int(z["n_features"]), ngram_max=int(z["ngram_max"]),
                           window_words=int(z["window_words"]))
        except FileNotFoundError:
            raise ModelError(f"{file}: no relevance model (train one: conflictwire train relevance)") from None
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"{file}: not a relevance model ({type(exc).__name__}: {exc})") from exc

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            np.savez_compressed(fh, coef=self.coef.astype(np.float16), intercept=np.float64(self.intercept),
                                threshold=np.float64(self.threshold), n_features=np.int64(self.n_features),
                                ngram_max=np.int64(self.ngram_max), window_words=np.int64(self.window_words))

    def with_threshold(self, threshold: float) -> RelevanceModel:
        return RelevanceModel(self.coef, self.intercept, threshold=threshold, n_features=self.n_features,
                              ngram_max=self.ngram_max, window_words=self.window_words, keywords=self.keywords)

    # -- scoring -----------------------------------------------------------------------------
    def features(self, texts: Sequence[str]) -> spmatrix:
        return featurize(texts, self._vectorizer, self.keywords)

    def scores(self, texts: Sequence[str]) -> list[float]:
        """The relevance of each text: the highest probability over its windows and itself."""
        if not texts:
            return []
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            parts = windows(text, self.window_words)
            if len(parts) > 1:
                parts.append(text)
            pieces += parts
            owner += [i] * len(parts)
        logits = self.features(pieces) @ self.coef + self.intercept
        best = np.full(len(texts), -np.inf)
        np.maximum.at(best, np.asarray(owner), logits)
        return [float(1.0 / (1.0 + math.exp(-x))) for x in best]

    def decide(self, texts: Sequence[str]) -> list[Decision]:
        return [Decision(s >= self.threshold, s) for s in self.scores(texts)]


def hashing_vectorizer(n_features: int, ngram_max: int):  # noqa: ANN201 - sklearn type
    """Word 1..n-grams hashed to `n_features` columns, l2-normalised: no vocabulary to ship."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(n_features=n_features, ngram_range=(1, ngram_max), alternate_sign=False,
                             norm="l2", lowercase=True, token_pattern=r"(?u)\b\w[\w'-]*\b")


def featurize(texts: Sequence[str], vectorizer, keywords: Keywords) -> spmatrix:  # noqa: ANN001
    """[hashed n-grams | keyword-group counts]: what training fits and scoring applies alike."""
    from scipy.sparse import csr_matrix, hstack

    grams = vectorizer.transform(texts)
    kw = csr_matrix(np.vstack([keywords.counts(t) for t in texts]))
    return hstack([grams, kw], format="csr")
