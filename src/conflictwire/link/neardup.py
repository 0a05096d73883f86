"""Near-duplicate articles: syndicated copies and updated versions of one story.

Why MinHash over word shingles: a wire story reprinted by another outlet differs by a
dateline, a byline, a footer or a paragraph added in an update, so its content hash
differs while most of its four-word runs are the same. MinHash (`datasketch`) estimates
the Jaccard similarity of the two shingle sets from fixed-size signatures, and
locality-sensitive banding of the signature finds the candidates of a new article with one
indexed look-up per band, so the cost per article does not grow with the store.

The signature and its band keys are plain values, so the store (SQLite or PostgreSQL)
keeps them in ordinary indexed tables and a Spark job can compute them on executors.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

__all__ = ["NearDupParams", "band_keys", "long_enough", "shingles", "signature", "similarity"]

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class NearDupParams:
    """How near-duplicates are found.

    128 permutations in 32 bands of 4 rows make two texts with Jaccard similarity 0.5 share
    a band with probability 0.88 and texts at 0.8 with probability 1.0; every candidate is
    then checked on its full signature against `threshold`. 0.5 keeps an update that added
    a third to the story, and no two distinct stories on one subject reach it (distinct
    reports of one event share names, not runs of four words).
    """

    num_perm: int = 128
    bands: int = 32
    # texts shorter than this many words are never near-duplicates of each other: short coded
    # summaries ("On May 7, Turkish forces conducted airstrikes in X region") share most of their
    # four-word runs by template, not by copying
    min_words: int = 80
    shingle_words: int = 4
    threshold: float = 0.5
    seed: int = 1

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


def shingles(text: str, size: int = 4) -> set[bytes]:
    """Runs of `size` words of the case-folded text (the text itself when it is shorter)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def long_enough(text: str, params: NearDupParams | None = None) -> bool:
    return len(_WORD.findall(text)) >= (params or NearDupParams()).min_words


def signature(text: str, params: NearDupParams | None = None) -> np.ndarray:
    """The MinHash signature (uint64, `num_perm` values) of a text's shingles."""
    from datasketch import MinHash

    p = params or NearDupParams()
    mh = MinHash(num_perm=p.num_perm, seed=p.seed)
    mh.update_batch(list(shingles(text, p.shingle_words)))
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def band_keys(sig: np.ndarray, params: NearDupParams | None = None) -> list[tuple[int, str]]:
    """One (band, key) per band: two articles are candidates when they share any pair."""
    p = params or NearDupParams()
    out = []
    for b in range(p.bands):
        chunk = np.ascontiguousarray(sig[b * p.rows : (b + 1) * p.rows]).tobytes()
        out.append((b, hashlib.blake2b(chunk, digest_size=8).hexdigest()))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    if a.shape != b.shape or not len(a):
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)
