"""Who says so: attribution of incidents and figures ("Iraqi army officials told CNN").

Uses the dependency parse: the subject of a reporting verb, the object of
"according to", or the "from X" of "a statement from X".  Pronoun subjects ("it
said") resolve to the previous named claimant, as a reader would.  The reporting verbs,
pronouns and statement nouns are rows of `reference/data/claim_words.csv`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..nlp.sentences import SentenceIndex
from ..reference.language import LanguageReference

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Claim", "ClaimFinder"]

@dataclass(frozen=True, slots=True)
class Claim:
    start: int
    end: int
    text: str
    sentence: int  # index of the sentence in the doc


def _span_text(tokens: list[Token]) -> tuple[int, int]:
    toks = [t for t in tokens if not t.is_punct or t.text in {"'", "’", "-"}]
    toks = toks or tokens
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _subject_tokens(tok: Token) -> list[Token] | None:
    # trim relative clauses and appositions: "Hikmet, a spokesman for the Peshmerga," -> Hikmet
    keep = [t for t in tok.subtree if not any(a.dep_ in {"relcl", "appos", "acl"} for a in [t, *t.ancestors]
                                             if a != tok and tok in a.ancestors)]
    return keep or [tok]


class ClaimFinder:
    """Finds claimants with the attribution words of one `LanguageReference`."""

    def __init__(self, language: LanguageReference) -> None:
        words = language.claim_words
        self.say: frozenset[str] = words["say"]
        self.pronouns: frozenset[str] = words["pronoun"]
        self.statement_nouns: frozenset[str] = words["statement"]
        self._cue_ids: frozenset[int] | None = None  # their spaCy string hashes, on first use

    def _candidates(self, doc: Doc) -> list[int]:
        """Indices of the tokens whose lower-case form is a reporting verb, a statement noun or "according"."""
        from spacy.attrs import LOWER

        if self._cue_ids is None:
            from spacy.strings import hash_string

            self._cue_ids = frozenset(hash_string(w) for w in self.say | self.statement_nouns | {"according"})
        ids = self._cue_ids
        return [i for i, h in enumerate(doc.to_array(LOWER).tolist()) if h in ids] if len(doc) else []

    def find_claims(self, doc: Doc, sentences: SentenceIndex | None = None, text: str | None = None) -> list[Claim]:
        """Claims in document order; pronouns already resolved to the previous named claimant.

        `sentences` and `text` are the document's `SentenceIndex` and text (`doc.text`, which spaCy
        rebuilds from the tokens on each use) when the caller has them already. Only the
        tokens whose lower-case form is an attribution word are looked at (found in one array
        of the doc's word ids, without making a `Token` of every word).
        """
        sentences = sentences if sentences is not None else SentenceIndex.of(doc)
        text = text if text is not None else doc.text
        raw: list[tuple[int, list[Token], bool]] = []
        for i in self._candidates(doc):
            tok, at = doc[i], sentences.sentence_of(i)
            low = tok.lower_
            if low in self.say and tok.pos_ in {"VERB", "AUX"}:
                subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
                if subj:
                    raw.append((at, _subject_tokens(subj[0]), subj[0].lower_ in self.pronouns))
                else:
                    agent = [c for c in tok.children if c.dep_ == "agent"]
                    if agent and list(agent[0].children):
                        obj = next(iter(agent[0].children))
                        raw.append((at, _subject_tokens(obj), obj.lower_ in self.pronouns))
            elif low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
                if objs:
                    obj = objs[0]
                    source = _statement_source(obj) or obj
                    raw.append((at, list(source.subtree), source.lower_ in self.pronouns))
            elif low in self.statement_nouns:
                src = _statement_source(tok)
                if src is not None and not any(c[1] and src in c[1] for c in raw):
                    raw.append((at, list(src.subtree), src.lower_ in self.pronouns))
        claims: list[Claim] = []
        last: Claim | None = None
        for sent, toks, is_pronoun in sorted(raw, key=lambda r: min(t.i for t in r[1])):
            if is_pronoun:
                if last is not None:
                    claims.append(Claim(last.start, last.end, last.text, sent))
                continue
            start, end = _span_text(toks)
            claim = Claim(start, end, text[start:end], sent)
            claims.append(claim)
            last = claim
        return claims


def _statement_source(tok: Token) -> Token | None:
    """'a statement Wednesday from the Shiite-led PMU' -> PMU's token."""
    for child in tok.children:
        if child.lower_ in {"from", "by"} and child.dep_ == "prep":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None
