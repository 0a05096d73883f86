"""`SentenceIndex`: the sentences found once per document are exactly spaCy's."""

from __future__ import annotations

import pytest

from conflictwire.nlp.sentences import SentenceIndex

TEXTS = [
    "Gunmen killed two soldiers near the town on Friday. Police said the attackers fled.",
    "Headline without a stop\n\nThe body of the story starts here. It goes on; and on!\nA last line",
    "one",
    "lower-cased text. no capitals at all. police said so",
    "   \n\n  ",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS)
def test_index_equals_spacy_sentences(nlp, text: str) -> None:  # noqa: ANN001 - spaCy Language
    doc = nlp(text)
    index = SentenceIndex.of(doc)
    sents = list(doc.sents)
    assert len(index) == len(sents)
    assert [(s.start, s.end) for s in index.spans(doc)] == [(s.start, s.end) for s in sents]
    assert index.char_bounds() == [(s.start_char, s.end_char) for s in sents]
    assert [index.sentence_of(t.i) for t in doc] == [next(i for i, s in enumerate(sents) if t in s) for t in doc]


@pytest.mark.slow
def test_index_of_seed_articles_equals_spacy(nlp, shared) -> None:  # noqa: ANN001
    for path in sorted((shared / "seeds").glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        assert SentenceIndex.of(doc).char_bounds() == [(s.start_char, s.end_char) for s in doc.sents]


def test_empty_doc_has_no_sentences() -> None:
    import spacy

    nlp = spacy.blank("en")
    assert len(SentenceIndex.of(nlp(""))) == 0


def test_doc_without_boundaries_raises_as_spacy_does() -> None:
    import spacy

    doc = spacy.blank("en")("Two words. And more words.")
    with pytest.raises(ValueError, match="E030"):
        SentenceIndex.of(doc)
    with pytest.raises(ValueError, match="E030"):
        list(doc.sents)
