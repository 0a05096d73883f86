"""Event typing at ingest: text -> ranked ACLED sub-event types (or "NONE") from a fitted artefact.

This module is what runs when articles are ingested: it loads the packaged model
(`conflictwire/data/event_types.npz`, or the file `Settings.event_model` names), turns
text into the model's features and ranks the labels. It reads no data set and never
imports `conflictwire.training`, which fits, cross-validates and builds the artefact.

Why this design:

* **One linear model, four views of the text.** Word 1-2-gram TF-IDF catches ACLED's
  phrasing, character 2-5-gram TF-IDF survives spelling variants and inflections
  ("airstrikes", "air-strike"), a hand-written cue lexicon (`cues.py`) names the
  *means* of an event, and a packaged sentence encoder (`nlp/embeddings.py`) places
  paraphrases near each other; the last two are what carry over from ACLED's note
  register to news wording. A multinomial logistic regression over the four gives
  probabilities the pipeline can rank and threshold.
* **The feature recipe lives here, once.** `word_vectorizer`, `char_vectorizer` and
  `EventTypeClassifier.features` are used both by training and by a loaded model, so
  the columns a model was fitted on are the columns it is applied to.
* **"NONE" is a class, not a threshold.** Texts outside ACLED's types are trained as
  "NONE", so relevance filtering is a prediction the model can be measured on.
* **A prior correction.** ACLED's label mix (40 % protests and air strikes) is not the
  news mix; two scalars (a power of the training prior, a NONE factor) and a softmax
  temperature are chosen on out-of-fold predictions and stored with the model as class
  biases and a temperature, which is all the runtime applies.
* **A portable artefact.** The fitted state is plain arrays in one `.npz` (vocabularies,
  idf weights, coefficients in float16, class biases) plus a JSON header (params,
  temperature, the cue lexicon it was fitted with); no pickle, so loading never
  executes code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conflictwire.config import EVENT_MODEL_FILE, shipped_event_model
from conflictwire.errors import ModelError
from conflictwire.extract.cues import CueMatcher, cue_groups
from conflictwire.extract.taxonomy import DISORDER_TYPE, PLOVER, SUB_EVENT_TYPES, event_type_of
from conflictwire.nlp.embeddings import DEFAULT_ENCODER, SentenceEncoder
from conflictwire.reference.language import LanguageReference

__all__ = [
    "DEFAULT_ARTEFACT",
    "LABELS",
    "NONE",
    "EventTypeClassifier",
    "EventTyping",
    "TrainParams",
    "char_vectorizer",
    "clean_text",
    "softmax",
    "word_vectorizer",
]

NONE = "NONE"
DEFAULT_ARTEFACT = EVENT_MODEL_FILE
FORMAT_VERSION = 1
LABELS: tuple[str, ...] = (*SUB_EVENT_TYPES, NONE)  # every label a model can rank, in column order

# ---------------------------------------------------------------- text normalisation

_TAG = re.compile(r"\s*\[[^\[\]]{0,120}\]")  # ACLED's "[size=no report]", "[women targeted: ...]"
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_LEAD = re.compile(
    r"^\s*(on|around|between|from|during|in|as of|overnight|late on|early on|since|at night on|by)\b"
    r"[^,.;]{0,48}?(\d|\b" + _MONTH + r")[^,.;]{0,30}?,\s*",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Strip what only ACLED notes carry, so the model learns events, not note templates.

    ACLED notes open with the date ("On 3 May 2020, ...") and close with coder tags
    ("[size=no report]"); news never does. Left in, both become strong features that
    say "this is an ACLED note" instead of "this is a clash". Harmless on news text.
    """
    text = _TAG.sub(" ", text or "")
    text = _LEAD.sub("", text, count=1)
    return _SPACE.sub(" ", text).strip()



# ---------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class EventTyping:
    """Everything a record needs from the typing step, derived from one ranked prediction.

    `sub_event_type` is the best ACLED type even when NONE ranks first, so a caller that
    must emit a record (one ACLED note = one record) still has a type; `is_event` and
    `none_probability` say whether the text looked like a political-violence/protest event.
    """

    sub_event_type: str
    event_type: str
    disorder_type: str
    plover_event: str
    plover_mode: str
    confidence: float  # probability of `sub_event_type`
    none_probability: float
    is_event: bool  # the top-ranked label is an ACLED type, not NONE

    @classmethod
    def from_ranked(cls, ranked: Sequence[tuple[str, float]]) -> EventTyping:
        probs = dict(ranked)
        sub, conf = next(((lab, pr) for lab, pr in ranked if lab != NONE), ("Other", 0.0))
        event_type = event_type_of(sub)
        plover_event, plover_mode = PLOVER.get(sub, ("", ""))
        return cls(sub, event_type, DISORDER_TYPE.get(event_type, ""), plover_event, plover_mode,
                   float(conf), float(probs.get(NONE, 0.0)), bool(ranked) and ranked[0][0] != NONE)


@dataclass(frozen=True, slots=True)
class TrainParams:
    """Hyper-parameters; stored in the artefact header so a model says how it was made.

    Kept with the runtime because a loaded model needs the feature half of them (n-gram
    settings, which blocks are on, their scales, the encoder) to rebuild its columns; the
    weighting and solver fields only matter to `conflictwire.training`. The defaults were
    chosen by the k-fold runs in docs/event-types.md.
    """

    word_max_features: int = 40_000
    char_max_features: int = 40_000
    min_df: int = 2
    cue_scale: float = 1.0
    C: float = 10.0  # with the sentence vectors; 30 was best without them (docs/event-types.md)
    case_weight: float = 10.0  # CASE snippets are the news register we must transfer to
    news_weight: float = 0.3  # off-topic news leads: enough to learn "not conflict", not to swamp NONE
    class_balance: float = 0.5  # weight ~ count**-class_balance, 0 = none, 1 = fully balanced
    max_iter: int = 300
    use_words: bool = True
    use_chars: bool = True
    use_cues: bool = True
    cue_pairs: bool = False  # add the products of every two cue groups that fire together
    use_embeddings: bool = True  # append the sentence encoder's vector (nlp/embeddings.py)
    embed_scale: float = 1.0  # its weight against the unit-length TF-IDF blocks
    encoder: str = DEFAULT_ENCODER


def word_vectorizer(p: TrainParams, vocabulary: dict[str, int] | None = None) -> Any:
    """The word 1-2-gram TF-IDF block: unfitted for training, or fixed to a stored `vocabulary`.

    One definition for both, so a loaded model tokenises exactly as the fitted one did.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), min_df=p.min_df, max_features=p.word_max_features,
        sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b", dtype=np.float32, vocabulary=vocabulary,
    )


def char_vectorizer(p: TrainParams, vocabulary: dict[str, int] | None = None) -> Any:
    """The character 2-5-gram TF-IDF block (`char_wb`), unfitted or fixed to a stored `vocabulary`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True, analyzer="char_wb", ngram_range=(2, 5), min_df=p.min_df,
        max_features=p.char_max_features, sublinear_tf=True, dtype=np.float32, vocabulary=vocabulary,
    )


def _pair_products(on: np.ndarray) -> np.ndarray:
    """Indicators of every unordered pair of cue groups firing together, (n, g*(g-1)/2).

    Why: a linear model cannot say "protest AND live fire" (excessive force) versus
    "protest AND stones" (violent demonstration); the pairs let it, at 630 extra columns.
    """
    n, g = on.shape
    iu, ju = np.triu_indices(g, k=1)
    return (on[:, iu] & on[:, ju]).astype(np.float32).reshape(n, len(iu))


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits (or of log-probabilities: the per-row constant cancels)."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _packaged_cue_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The packaged cue lexicon, for a model being fitted (a loaded model brings its own)."""
    return cue_groups(LanguageReference.load())


@dataclass
class EventTypeClassifier:
    """Ranks ACLED sub-event types (and "NONE") for a text.

    Build one with `load()` (the shipped artefact, or a trained file); training builds
    them with `conflictwire.training.fit_classifier`. Keep one for the process: loading
    costs a few hundred milliseconds, predicting a sentence well under one.
    """

    params: TrainParams
    classes: tuple[str, ...]
    coef: np.ndarray  # (n_classes, n_features) float32
    intercept: np.ndarray  # (n_classes,)
    word_vocab: tuple[str, ...] = ()
    word_idf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    char_vocab: tuple[str, ...] = ()
    char_idf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    temperature: float = 1.0
    class_bias: np.ndarray | None = None  # (n_classes,) added to the logits: prior correction
    # the cue lexicon the model was fitted with travels with it, so editing event_cues.csv never
    # silently misaligns a shipped artefact's coefficients; a new model takes the packaged lexicon
    cue_groups: tuple[tuple[str, tuple[str, ...]], ...] = field(default_factory=_packaged_cue_groups)
    meta: dict[str, Any] = field(default_factory=dict)
    embedding_dim: int = 0  # width of the sentence-encoder block (0 when params.use_embeddings is off)
    _vectorizers: tuple[Any, Any] | None = field(default=None, init=False, repr=False)
    _cues: CueMatcher | None = field(default=None, init=False, repr=False)
    _encoder: SentenceEncoder | None = field(default=None, init=False, repr=False)

    def use_encoder(self, encoder: SentenceEncoder | None) -> EventTypeClassifier:
        """Share one loaded sentence encoder (and its memo) between models, e.g. across folds."""
        self._encoder = encoder
        return self

    def use_vectorizers(self, word: Any, char: Any) -> EventTypeClassifier:
        """Use already fitted TF-IDF vectorizers (None for a block that is off).

        Why: training fits on the vectorizers it has just fitted, whose idf weights are
        float64; without this the model would rebuild them from the float32 copies it
        stores, and the coefficients would be fitted on slightly different columns.
        """
        self._vectorizers = (word, char)
        return self

    # ------------------------------------------------------------ features
    def features(self, texts: Sequence[str]) -> Any:
        """The sparse (n_texts, n_features) matrix the coefficients apply to, float32.

        Blocks in order: word TF-IDF, char TF-IDF, cue counts (and pairs), sentence vector;
        texts are cleaned first (`clean_text`). Training fits on this same matrix.
        """
        from scipy import sparse

        cleaned = [clean_text(t) for t in texts]
        if self._vectorizers is None:
            wv = cv = None
            if self.params.use_words:
                wv = word_vectorizer(self.params, {t: i for i, t in enumerate(self.word_vocab)})
                wv.idf_ = self.word_idf.astype(np.float64)
            if self.params.use_chars:
                cv = char_vectorizer(self.params, {t: i for i, t in enumerate(self.char_vocab)})
                cv.idf_ = self.char_idf.astype(np.float64)
            self._vectorizers = (wv, cv)
        if self._cues is None:
            self._cues = CueMatcher(self.cue_groups)
        blocks = []
        wv, cv = self._vectorizers
        if wv is not None:
            blocks.append(wv.transform(cleaned))
        if cv is not None:
            blocks.append(cv.transform(cleaned))
        if self.params.use_cues:
            cues = self._cues.transform(cleaned)
            blocks.append(sparse.csr_matrix(cues * self.params.cue_scale))
            if self.params.cue_pairs:
                blocks.append(sparse.csr_matrix(_pair_products(cues > 0) * self.params.cue_scale))
        if self.params.use_embeddings:
            if self._encoder is None:
                self._encoder = SentenceEncoder(self.params.encoder)
            vecs = self._encoder.encode(cleaned)
            if self.embedding_dim and vecs.shape[1] != self.embedding_dim:
                raise ModelError(f"the model was fitted on {self.embedding_dim}-dimensional sentence vectors, "
                                 f"{self.params.encoder} gives {vecs.shape[1]}: retrain")
            blocks.append(sparse.csr_matrix(vecs * self.params.embed_scale))
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    # ------------------------------------------------------------ predicting
    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_classes) probabilities, columns in `self.classes` order."""
        if not texts:
            return np.zeros((0, len(self.classes)), np.float32)
        x = self.features(list(texts))
        logits = np.asarray(x @ self.coef.T) + self.intercept
        if self.class_bias is not None:
            logits = logits + self.class_bias
        return softmax(logits / self.temperature)

    def sentence_vectors(self, texts: Sequence[str]) -> np.ndarray | None:
        """The sentence encoder's vectors of `texts` as the model saw them, or None without an encoder.

        Linking compares reports by these; right after `predict_many` on the same texts they come
        from the encoder's memo at no cost.
        """
        if not self.params.use_embeddings or not texts:
            return None
        if self._encoder is None:
            self._encoder = SentenceEncoder(self.params.encoder)
        return self._encoder.encode([clean_text(t) for t in texts])

    def predict_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """For each text, every label (ACLED sub-event type or "NONE") ranked by probability."""
        probs = self.probabilities(texts)
        out = []
        for row in probs:
            order = np.argsort(-row, kind="stable")
            out.append([(self.classes[i], float(row[i])) for i in order])
        return out

    def predict(self, text: str) -> list[tuple[str, float]]:
        """Sub-event types (ACLED names as in taxonomy.SUB_EVENT_TYPES, or "NONE") ranked by probability.

        Every label is returned, so a caller can take the best non-NONE type when it must emit a record.
        """
        return self.predict_many([text])[0]

    def typing(self, text: str) -> EventTyping:
        """The record fields (types, disorder type, PLOVER event and mode, confidence) for `text`."""
        return EventTyping.from_ranked(self.predict(text))

    def typing_many(self, texts: Sequence[str]) -> list[EventTyping]:
        """`typing()` for many texts in one vectorised pass."""
        return [EventTyping.from_ranked(r) for r in self.predict_many(texts)]

    # ------------------------------------------------------------ persistence
    def save(self, path: Path) -> Path:
        """Write the portable artefact: arrays in a compressed .npz, settings as a JSON header."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {
            "format": "conflictwire.event_types", "format_version": FORMAT_VERSION,
            "params": asdict(self.params), "classes": list(self.classes),
            "temperature": self.temperature, "meta": self.meta, "embedding_dim": self.embedding_dim,
            "cue_groups": [[name, list(alts)] for name, alts in self.cue_groups],
        }
        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                header=np.array(json.dumps(header, sort_keys=True)),
                coef=self.coef.astype(np.float16),
                intercept=self.intercept.astype(np.float32),
                word_vocab=np.array(self.word_vocab, dtype=str),
                word_idf=self.word_idf.astype(np.float16),
                char_vocab=np.array(self.char_vocab, dtype=str),
                char_idf=self.char_idf.astype(np.float16),
                class_bias=(np.zeros(len(self.classes), np.float32) if self.class_bias is None
                            else self.class_bias.astype(np.float32)),
            )
        return path

    @classmethod
    def load(cls, path: Path | None = None) -> EventTypeClassifier:
        """Load an artefact; the default is the one shipped in ``conflictwire/data``."""
        path = Path(path) if path is not None else shipped_event_model()
        if not path.is_file():
            raise ModelError(
                f"event-type model not found at {path}; build it with `conflictwire train event-types`"
            )
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(str(z["header"]))
                arrays = {k: z[k] for k in z.files if k != "header"}
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"unreadable event-type model {path}: {exc}") from exc
        fmt = (header.get("format"), header.get("format_version"))
        if fmt != ("conflictwire.event_types", FORMAT_VERSION):
            raise ModelError(f"{path} is not a conflictwire event-type model of format {FORMAT_VERSION}")
        known = set(TrainParams.__dataclass_fields__)
        # artefacts older than the sentence encoder have no such flag: they were fitted without it
        params = TrainParams(**{"use_embeddings": False,
                                **{k: v for k, v in header["params"].items() if k in known}})
        model = cls(
            params=params, classes=tuple(header["classes"]),
            coef=arrays["coef"].astype(np.float32), intercept=arrays["intercept"].astype(np.float32),
            word_vocab=tuple(arrays["word_vocab"].tolist()), word_idf=arrays["word_idf"].astype(np.float32),
            char_vocab=tuple(arrays["char_vocab"].tolist()), char_idf=arrays["char_idf"].astype(np.float32),
            temperature=float(header.get("temperature", 1.0)), meta=header.get("meta", {}),
            class_bias=arrays["class_bias"].astype(np.float32) if "class_bias" in arrays else None,
            cue_groups=tuple((name, tuple(alts)) for name, alts in header.get("cue_groups", [])),
            embedding_dim=int(header.get("embedding_dim", 0)),
        )
        g = len(model.cue_groups)
        width = (len(model.word_vocab) * params.use_words + len(model.char_vocab) * params.use_chars
                 + (g + params.cue_pairs * g * (g - 1) // 2) * params.use_cues
                 + model.embedding_dim * params.use_embeddings)
        if model.coef.shape != (len(model.classes), width):
            raise ModelError(f"{path}: coefficients {model.coef.shape} do not fit {width} features; retrain")
        return model
