"""The sentences of one parsed `Doc`, found once and shared by every reader of the article.

Why: `Doc.sents` walks the whole document and builds new `Span`s on every use, and the
sentence of a token is not stored anywhere; the extractor asked for both several times per
article (segmentation, claimants, the snippet test), and `Doc.text` (which joins every token
again) with them. `SentenceIndex.of(doc)` reads the sentence starts, offsets and lengths as one
array and keeps the boundaries as plain integers, so each later lookup is a list index.

The boundaries are exactly `Doc.sents`' (a sentence starts at token *i* > 0 whose
`sent_start` is 1; tests/nlp/test_sentences.py checks this against spaCy).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["SentenceIndex"]


@dataclass(frozen=True, slots=True)
class SentenceIndex:
    """Sentence boundaries of one document, in tokens and in characters, in document order."""

    token_starts: tuple[int, ...]
    token_ends: tuple[int, ...]
    char_starts: tuple[int, ...]
    char_ends: tuple[int, ...]
    sentence_of_token: np.ndarray  # the index of each token's sentence

    @classmethod
    def of(cls, doc: Doc) -> SentenceIndex:
        """The sentences `doc.sents` would yield (an empty document has none)."""
        from spacy.attrs import IDX, LENGTH, SENT_START

        n = len(doc)
        if n == 0:
            empty = np.zeros(0, dtype=np.int64)
            return cls((), (), (), (), empty)
        if "sents" in doc.user_hooks:  # a custom segmenter: ask spaCy, as Doc.sents would
            spans = list(doc.sents)
            starts = [s.start for s in spans]
            ends = [s.end for s in spans]
        else:
            if not doc.has_annotation("SENT_START"):
                next(iter(doc.sents))  # raises spaCy's own error (E030): the doc has no sentence boundaries
            arr = doc.to_array([SENT_START]).astype(np.int64)
            arr[0] = 1  # Doc.sents always starts a sentence at the first token
            starts = np.flatnonzero(arr == 1).tolist()
            ends = [*starts[1:], n]
        cols = doc.to_array([IDX, LENGTH]).astype(np.int64)
        tok_end = cols[:, 0] + cols[:, 1]
        counts = np.diff(np.asarray([*starts, n], dtype=np.int64)) if starts else np.zeros(0, dtype=np.int64)
        return cls(tuple(starts), tuple(ends), tuple(int(cols[s, 0]) for s in starts),
                   tuple(int(tok_end[e - 1]) for e in ends),
                   np.repeat(np.arange(len(starts), dtype=np.int64), counts))

    def __len__(self) -> int:
        return len(self.token_starts)

    def char_bounds(self) -> list[tuple[int, int]]:
        """(start_char, end_char) of each sentence."""
        return list(zip(self.char_starts, self.char_ends, strict=True))

    def spans(self, doc: Doc) -> list[Span]:
        """The sentences as spaCy spans of `doc` (the document this index was built from)."""
        return [doc[s:e] for s, e in zip(self.token_starts, self.token_ends, strict=True)]

    def sentence_of(self, token_index: int) -> int:
        """The index of the sentence that holds token `token_index`."""
        return int(self.sentence_of_token[token_index])
