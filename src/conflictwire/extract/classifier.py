"""Event detection and typing: text -> ranked ACLED sub-event types (or "NONE").

Why this design:

* **One linear model, four views of the text.** Word 1-2-gram TF-IDF catches ACLED's
  phrasing, character 2-5-gram TF-IDF survives spelling variants and inflections
  ("airstrikes", "air-strike"), a hand-written cue lexicon (`cues.py`) names the
  *means* of an event, and a packaged sentence encoder (`nlp/embeddings.py`) places
  paraphrases near each other; the last two are what carry over from ACLED's note
  register to news wording. A multinomial logistic regression over the four gives
  probabilities the pipeline can rank and threshold.
* **"NONE" is a class, not a threshold.** CASE 2021's non-ACLED classes (disasters,
  crime, diplomacy, attributions) and leads of non-conflict news are trained as
  "NONE", so relevance filtering is a prediction the model can be measured on.
* **A prior correction.** ACLED's label mix (40 % protests and air strikes) is not the
  news mix; two scalars (a power of the training prior, a NONE factor) and a softmax
  temperature are chosen on out-of-fold predictions and stored with the model.
* **A portable artefact.** The fitted state is plain arrays in one `.npz` (vocabularies,
  idf weights, coefficients in float16, class biases) plus a JSON header (params,
  temperature, the cue lexicon it was fitted with); no pickle, so loading never
  executes code.
* **Reproducible training.** `train_event_types()` (CLI: `conflictwire train
  event-types`) reads only ``shared/data``, reports k-fold figures on the ACLED Iraq
  notes and the CASE snippets, then fits on everything and writes the artefact and
  its provenance.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import logging
import math
import platform
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from conflictwire.config import EVENT_MODEL_FILE, shipped_event_model
from conflictwire.errors import ModelError
from conflictwire.extract.cues import CUE_GROUPS, CueMatcher
from conflictwire.extract.taxonomy import DISORDER_TYPE, PLOVER, SUB_EVENT_TYPES, event_type_of
from conflictwire.nlp.embeddings import DEFAULT_ENCODER, SentenceEncoder

__all__ = [
    "CASE_CODES",
    "DEFAULT_ARTEFACT",
    "NONE",
    "EventTypeClassifier",
    "EventTyping",
    "Example",
    "TrainParams",
    "clean_text",
    "cross_validate",
    "evaluate_recipe",
    "load_examples",
    "score_predictions",
    "train_event_types",
    "weighted_f1",
]

log = logging.getLogger(__name__)

NONE = "NONE"
DEFAULT_ARTEFACT = EVENT_MODEL_FILE
FORMAT_VERSION = 1

# CASE 2021 task 2 codes for ACLED's sub-event types (the shared task's own label names).
CASE_CODES: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike", "ARMED_CLASH": "Armed clash", "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack", "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}
LABELS: tuple[str, ...] = (*SUB_EVENT_TYPES, NONE)

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


# ---------------------------------------------------------------- training data


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text. `source` drives weighting and cross-validation splits."""

    text: str
    label: str
    source: str
    doc_id: str = ""


def _acled_examples(path: Path, source: str) -> list[Example]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        sub = (r.get("sub_event_type") or "").strip()
        note = (r.get("notes") or "").strip()
        if sub in SUB_EVENT_TYPES and note:
            out.append(Example(note, sub, source, r.get("event_id_cnty", "")))
    return out


def _case_examples(path: Path) -> list[Example]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [Example(r["EventSnippet"], CASE_CODES.get(r["SubType"], NONE), "case", r["id"]) for r in rows]


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def _lead(text: str, max_chars: int = 400) -> str:
    """The first sentences of an article, up to about the length of a CASE snippet."""
    out = ""
    for sent in _SENT_END.split(text.strip()):
        if out and len(out) + len(sent) > max_chars:
            break
        out = f"{out} {sent}".strip()
    return out[: max_chars * 2]


def _news_leads(path: Path, source: str) -> list[Example]:
    """Article leads from non-conflict corpora, labelled NONE.

    GeoVirus is disease-outbreak news (CASE's NATURAL_DISASTER register) and LGL is US
    local news. Both are background text the pipeline must learn to drop.
    """
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                doc = json.loads(line)
                lead = _lead(doc.get("text", ""))
                if len(lead) >= 40:
                    out.append(Example(lead, NONE, source, str(doc.get("id", ""))))
    return out


def load_examples(shared_dir: Path, *, none_news: bool = True) -> list[Example]:
    """Every labelled text under ``shared_dir/data`` that training may use.

    Raises ModelError when the ACLED notes (the one source training cannot do without)
    are missing, so a wrong `--shared` fails with the path in the message.
    """
    data = Path(shared_dir) / "data"
    iraq = data / "acled-iraq-2019.csv"
    if not iraq.is_file():
        raise ModelError(f"no ACLED notes at {iraq}: pass --shared pointing at the shared/ folder")
    examples = _acled_examples(iraq, "acled-iraq")
    for csv_path in sorted((data / "train").glob("*.csv")):
        examples += _acled_examples(csv_path, "acled-" + csv_path.stem.removeprefix("acled-"))
    case = data / "case2021-task2-dev.tsv"
    if case.is_file():
        examples += _case_examples(case)
    if none_news:
        for name in ("geovirus", "lgl"):
            p = data / "geo" / f"{name}.jsonl"
            if p.is_file():
                examples += _news_leads(p, f"news-{name}")
    return examples


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

    The defaults were chosen by the k-fold runs in docs/event-types.md.
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


def _word_vectorizer(p: TrainParams, vocabulary: dict[str, int] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True, ngram_range=(1, 2), min_df=p.min_df, max_features=p.word_max_features,
        sublinear_tf=True, token_pattern=r"(?u)\b\w[\w'-]*\b", dtype=np.float32, vocabulary=vocabulary,
    )


def _char_vectorizer(p: TrainParams, vocabulary: dict[str, int] | None = None) -> Any:
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


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass
class EventTypeClassifier:
    """Ranks ACLED sub-event types (and "NONE") for a text.

    Build one with `load()` (the shipped artefact) or `fit()`; keep it for the process:
    loading costs a few hundred milliseconds, predicting a sentence well under one.
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
    # the cue lexicon the model was fitted with travels with it, so editing cues.py never
    # silently misaligns a shipped artefact's coefficients
    cue_groups: tuple[tuple[str, tuple[str, ...]], ...] = CUE_GROUPS
    meta: dict[str, Any] = field(default_factory=dict)
    embedding_dim: int = 0  # width of the sentence-encoder block (0 when params.use_embeddings is off)
    _vectorizers: tuple[Any, Any] | None = field(default=None, init=False, repr=False)
    _cues: CueMatcher | None = field(default=None, init=False, repr=False)
    _encoder: SentenceEncoder | None = field(default=None, init=False, repr=False)

    def use_encoder(self, encoder: SentenceEncoder | None) -> EventTypeClassifier:
        """Share one loaded sentence encoder (and its memo) between models, e.g. across folds."""
        self._encoder = encoder
        return self

    # ------------------------------------------------------------ features
    def _features(self, texts: Sequence[str]) -> Any:
        from scipy import sparse

        cleaned = [clean_text(t) for t in texts]
        if self._vectorizers is None:
            wv = cv = None
            if self.params.use_words:
                wv = _word_vectorizer(self.params, {t: i for i, t in enumerate(self.word_vocab)})
                wv.idf_ = self.word_idf.astype(np.float64)
            if self.params.use_chars:
                cv = _char_vectorizer(self.params, {t: i for i, t in enumerate(self.char_vocab)})
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

    # ------------------------------------------------------------ fitting
    @classmethod
    def fit(
        cls, examples: Sequence[Example], params: TrainParams | None = None, *, temperature: float = 1.0,
        encoder: SentenceEncoder | None = None,
    ) -> EventTypeClassifier:
        """Fit on `examples` with per-source and per-class sample weights (see TrainParams)."""
        from sklearn.linear_model import LogisticRegression

        p = params or TrainParams()
        if not examples:
            raise ModelError("no training examples")
        cleaned = [clean_text(e.text) for e in examples]
        word_vocab: tuple[str, ...] = ()
        char_vocab: tuple[str, ...] = ()
        word_idf = char_idf = np.zeros(0, np.float32)
        wv = cv = None
        if p.use_words:
            wv = _word_vectorizer(p).fit(cleaned)
            word_vocab = tuple(wv.get_feature_names_out())
            word_idf = wv.idf_.astype(np.float32)
        if p.use_chars:
            cv = _char_vectorizer(p).fit(cleaned)
            char_vocab = tuple(cv.get_feature_names_out())
            char_idf = cv.idf_.astype(np.float32)
        labels = [e.label for e in examples]
        classes = tuple(lab for lab in LABELS if lab in set(labels))
        model = cls(p, classes, np.zeros((0, 0), np.float32), np.zeros(0, np.float32),
                    word_vocab, word_idf, char_vocab, char_idf, temperature)
        model._vectorizers = (wv, cv)  # fitted ones; a loaded model rebuilds them from vocab + idf
        if p.use_embeddings:
            enc = encoder or SentenceEncoder(p.encoder)
            model.use_encoder(enc)
            model.embedding_dim = enc.dimension
        x = model._features([e.text for e in examples])
        y = np.array([classes.index(lab) for lab in labels])
        lr = LogisticRegression(C=p.C, max_iter=p.max_iter, solver="lbfgs")
        lr.fit(x, y, sample_weight=_sample_weights(examples, p))
        model.coef = lr.coef_.astype(np.float32)
        model.intercept = lr.intercept_.astype(np.float32)
        return model

    # ------------------------------------------------------------ predicting
    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_classes) probabilities, columns in `self.classes` order."""
        if not texts:
            return np.zeros((0, len(self.classes)), np.float32)
        x = self._features(list(texts))
        logits = np.asarray(x @ self.coef.T) + self.intercept
        if self.class_bias is not None:
            logits = logits + self.class_bias
        return _softmax(logits / self.temperature)

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


def _sample_weights(examples: Sequence[Example], p: TrainParams) -> np.ndarray:
    """Per-example weights: source weight times a softened inverse class frequency.

    Why: ACLED is 40 % peaceful protests and air strikes; CASE (and the held-out test)
    spreads evenly over 25 types. Softening (count**-0.5) keeps rare classes learnable
    without letting eight 'Sexual violence' notes dominate.
    """
    counts = Counter(e.label for e in examples)
    med = float(np.median(list(counts.values())))
    w = np.empty(len(examples), dtype=np.float64)
    for i, e in enumerate(examples):
        src = p.case_weight if e.source == "case" else p.news_weight if e.source.startswith("news") else 1.0
        w[i] = src * (counts[e.label] / med) ** -p.class_balance
    return w * (len(w) / w.sum())


# ---------------------------------------------------------------- evaluation


def weighted_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """(weighted F1, macro F1, accuracy) over (gold, predicted) pairs, as score.py defines them."""
    pairs = list(pairs)
    support = Counter(g for g, _ in pairs)
    f1s = {}
    for lab in support:
        tp = sum(1 for g, p in pairs if g == lab and p == lab)
        fp = sum(1 for g, p in pairs if g != lab and p == lab)
        fn = support[lab] - tp
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1s[lab] = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    n = len(pairs)
    if not n:
        return 0.0, 0.0, 0.0
    weighted = sum(f1s[lab] * support[lab] for lab in support) / n
    return weighted, sum(f1s.values()) / len(f1s), sum(1 for g, p in pairs if g == p) / n


def score_predictions(
    examples: Sequence[Example], probs: np.ndarray, classes: Sequence[str],
) -> dict[str, float]:
    """The acceptance figures for whichever of the two gold sets `examples` contains.

    ACLED notes: the top label other than NONE (the pipeline emits one record per note).
    CASE: the top label, NONE meaning "no record" (score.py's `types` rule).
    """
    top = [classes[i] for i in probs.argmax(axis=1)]
    none_idx = classes.index(NONE) if NONE in classes else -1
    masked = probs.copy()
    if none_idx >= 0:
        masked[:, none_idx] = -1.0
    top_event = [classes[i] for i in masked.argmax(axis=1)]
    res: dict[str, float] = {}
    notes = [i for i, e in enumerate(examples) if e.source == "acled-iraq"]
    if notes:
        res["iraq_n"] = len(notes)
        res["iraq_event_type"] = sum(
            event_type_of(top_event[i]) == event_type_of(examples[i].label) for i in notes) / len(notes)
        res["iraq_sub_event_type"] = sum(top_event[i] == examples[i].label for i in notes) / len(notes)
        res["iraq_flagged_none"] = sum(top[i] == NONE for i in notes) / len(notes)
    case = [i for i, e in enumerate(examples) if e.source == "case"]
    if case:
        pairs = [(examples[i].label, top[i]) for i in case]
        res["case_n"] = len(case)
        res["case_weighted_f1_all"], _, res["case_accuracy_all"] = weighted_f1(pairs)
        acled = [(g, p) for g, p in pairs if g != NONE]
        res["case_weighted_f1_acled"], res["case_macro_f1_acled"], _ = weighted_f1(acled)
    return res


def _folds(examples: Sequence[Example], k: int, seed: int) -> np.ndarray:
    """Fold ids: Iraq notes and CASE snippets are split k ways; other sources are always trained on."""
    rng = np.random.default_rng(seed)
    fold = np.full(len(examples), -1)
    for src in ("acled-iraq", "case"):
        idx = np.array([i for i, e in enumerate(examples) if e.source == src])
        if len(idx):
            rng.shuffle(idx)
            fold[idx] = np.arange(len(idx)) % k
    return fold


def cross_validate(
    examples: Sequence[Example], params: TrainParams, *, k: int = 5, seed: int = 0,
    train_sources: Callable[[str], bool] | None = None, encoder: SentenceEncoder | None = None,
) -> tuple[dict[str, float], np.ndarray, tuple[str, ...]]:
    """k-fold out-of-fold probabilities for the Iraq notes and CASE snippets, and their scores.

    Each fold trains on every other source plus the other k-1 folds of both held-out
    sets, so a figure never comes from a text the model saw. `train_sources` narrows
    what is trained on (a baseline trained on ACLED notes only is still scored on CASE).
    """
    fold = _folds(examples, k, seed)
    classes = tuple(lab for lab in LABELS if lab in {e.label for e in examples})
    oof = np.zeros((len(examples), len(classes)), np.float32)
    encoder = encoder or (SentenceEncoder(params.encoder) if params.use_embeddings else None)
    for f in range(k):
        train = [e for e, fi in zip(examples, fold, strict=True)
                 if fi != f and (train_sources is None or train_sources(e.source))]
        test_idx = np.flatnonzero(fold == f)
        m = EventTypeClassifier.fit(train, params, encoder=encoder)
        pr = m.probabilities([examples[i].text for i in test_idx])
        cols = [classes.index(c) for c in m.classes]
        oof[np.ix_(test_idx, cols)] = pr
        log.info("fold %d/%d done", f + 1, k)
    scored = [i for i in range(len(examples)) if fold[i] >= 0]
    res = score_predictions([examples[i] for i in scored], oof[scored], classes)
    return res, oof, classes


BIAS_GRID_PRIOR = (0.0, 0.25, 0.5, 0.75)
BIAS_GRID_NONE = (0.5, 0.7, 1.0, 1.4)


def _class_bias(classes: Sequence[str], prior: np.ndarray, power: float, none_factor: float) -> np.ndarray:
    bias = -power * np.log(prior)
    if NONE in classes:
        bias[list(classes).index(NONE)] += math.log(none_factor)
    return bias.astype(np.float32)


def training_prior(examples: Sequence[Example], classes: Sequence[str]) -> np.ndarray:
    """Label frequencies of the training set, in `classes` order (smoothed)."""
    counts = Counter(e.label for e in examples)
    prior = np.array([counts[c] + 1.0 for c in classes])
    return prior / prior.sum()


def tune_class_bias(
    examples: Sequence[Example], oof: np.ndarray, classes: Sequence[str], prior: np.ndarray,
    rows: Sequence[int] | None = None,
) -> tuple[np.ndarray, dict[str, float]]:
    """Pick a prior correction (logit -= power * log prior; NONE scaled) on out-of-fold predictions.

    Why: the training mix is ACLED's (40 % protests and air strikes), the news we type is
    not; dividing the probabilities by a power of the training prior is the classic
    label-shift correction. Two scalars, chosen for CASE weighted F1 while the ACLED
    notes stay above their target (sub-event accuracy >= 0.85).
    """
    rows = list(range(len(examples))) if rows is None else list(rows)
    logp = np.log(np.clip(oof, 1e-9, 1.0))
    best: tuple[float, np.ndarray, dict[str, float]] | None = None
    for power in BIAS_GRID_PRIOR:
        for none_factor in BIAS_GRID_NONE:
            bias = _class_bias(classes, prior, power, none_factor)
            res = score_predictions([examples[i] for i in rows], _softmax(logp[rows] + bias), classes)
            ok = res.get("iraq_sub_event_type", 1.0) >= 0.85
            gain = (res.get("case_weighted_f1_all", 0.0) + res.get("case_weighted_f1_acled", 0.0)) / 2
            key = gain if ok else gain - 1.0
            if best is None or key > best[0] + 1e-9:
                best = (key, bias, {"prior_power": power, "none_factor": none_factor})
    assert best is not None
    return best[1], best[2]


def fit_temperature(examples: Sequence[Example], oof: np.ndarray, classes: Sequence[str]) -> float:
    """A softmax temperature minimising the out-of-fold log loss (calibration on held-out folds).

    Works on log-probabilities, which equal logits up to a per-row constant.
    """
    rows = [i for i, e in enumerate(examples) if e.source in ("acled-iraq", "case")]
    y = np.array([classes.index(examples[i].label) for i in rows])
    logp = np.log(np.clip(oof[rows], 1e-9, 1.0))
    best_t, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(np.log(0.3), np.log(3.0), 41)):
        p = _softmax(logp / t)
        nll = float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0))))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def evaluate_recipe(
    examples: Sequence[Example], params: TrainParams, *, k: int = 5, seed: int = 0,
    train_sources: Callable[[str], bool] | None = None, encoder: SentenceEncoder | None = None,
) -> tuple[dict[str, Any], dict[str, float]]:
    """The held-out figures of a training recipe, and the prior correction it would ship with.

    Returns ({"cv": raw k-fold scores, "cv_prior_corrected_nested": honest figures with the
    correction tuned on the other folds, "cv_prior_corrected": tuned and scored on all folds
    (optimistic), "class_bias": the chosen scalars, "temperature", "calibration"}, choice).
    """
    cv, oof, classes = cross_validate(examples, params, k=k, seed=seed, train_sources=train_sources,
                                      encoder=encoder)
    rows = _scored_rows(examples)
    prior = training_prior(examples, classes)
    bias, choice = tune_class_bias(examples, oof, classes, prior, rows)
    adjusted = _softmax(np.log(np.clip(oof, 1e-9, 1.0)) + bias)
    temperature = fit_temperature(examples, adjusted, classes)
    calibrated = _softmax(np.log(np.clip(adjusted, 1e-9, 1.0)) / temperature)
    metrics: dict[str, Any] = {
        "cv": {**cv, "folds": k, "seed": seed},
        "cv_prior_corrected_nested": _nested_bias_estimate(examples, oof, classes, prior, k, seed),
        "cv_prior_corrected": score_predictions([examples[i] for i in rows], adjusted[rows], classes),
        "class_bias": choice,
        "temperature": temperature,
        "calibration": _calibration(examples, calibrated, classes, rows),
        "oof": calibrated,  # not serialised: for benches that pass the predictions to score.py
        "classes": classes,
    }
    return metrics, choice


def _calibration(
    examples: Sequence[Example], probs: np.ndarray, classes: Sequence[str], rows: Sequence[int],
) -> dict[str, float]:
    """Log loss and expected calibration error (10 bins) of the top label, out of fold."""
    y = np.array([list(classes).index(examples[i].label) for i in rows])
    p = probs[list(rows)]
    top = p.argmax(axis=1)
    conf = p.max(axis=1)
    hit = (top == y).astype(float)
    bins = np.minimum((conf * 10).astype(int), 9)
    ece = sum(abs(hit[bins == b].mean() - conf[bins == b].mean()) * (bins == b).mean()
              for b in range(10) if (bins == b).any())
    return {"log_loss": float(-np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-12, 1.0)))),
            "ece": float(ece), "mean_confidence": float(conf.mean()), "accuracy": float(hit.mean())}


def _scored_rows(examples: Sequence[Example]) -> list[int]:
    return [i for i, e in enumerate(examples) if e.source in ("acled-iraq", "case")]


def _nested_bias_estimate(
    examples: Sequence[Example], oof: np.ndarray, classes: Sequence[str], prior: np.ndarray,
    k: int, seed: int,
) -> dict[str, float]:
    """Honest figure for the prior correction: each fold is corrected with scalars tuned on the others."""
    fold = _folds(examples, k, seed)
    logp = np.log(np.clip(oof, 1e-9, 1.0))
    adjusted = np.zeros_like(oof)
    for f in range(k):
        others = [i for i in range(len(examples)) if fold[i] >= 0 and fold[i] != f]
        bias, _ = tune_class_bias(examples, oof, classes, prior, others)
        mine = np.flatnonzero(fold == f)
        adjusted[mine] = _softmax(logp[mine] + bias)
    rows = _scored_rows(examples)
    return score_predictions([examples[i] for i in rows], adjusted[rows], classes)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def train_event_types(
    shared_dir: Path,
    out_path: Path,
    *,
    params: TrainParams | None = None,
    folds: int = 5,
    seed: int = 0,
    none_news: bool = True,
    command: str = "conflictwire train event-types",
) -> dict[str, Any]:
    """Cross-validate, fit on all of ``shared_dir/data``, write the artefact and its provenance.

    Returns the metrics dict that is also written to ``<artefact stem>.provenance.json``:
    k-fold (held-out) figures, in-sample figures of the final model, data counts and hashes.
    `folds=0` skips cross-validation (and calibration) for a quick build.  `out_path` has no
    default: the shipped model is replaced only when a maintainer names its path (`make model`);
    the CLI's default is the user's data folder (`Settings.trained_event_model_file`).
    """
    p = params or TrainParams()
    shared_dir = Path(shared_dir)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    examples = load_examples(shared_dir, none_news=none_news)
    t0 = time.perf_counter()
    metrics: dict[str, Any] = {}
    choice: dict[str, float] | None = None
    encoder = SentenceEncoder(p.encoder) if p.use_embeddings else None
    if folds >= 2:
        metrics, choice = evaluate_recipe(examples, p, k=folds, seed=seed, encoder=encoder)
        del metrics["oof"], metrics["classes"]
    model = EventTypeClassifier.fit(examples, p, temperature=metrics.get("temperature", 1.0), encoder=encoder)
    if choice is not None:
        model.class_bias = _class_bias(model.classes, training_prior(examples, model.classes),
                                       choice["prior_power"], choice["none_factor"])
    ins = score_predictions(examples, model.probabilities([e.text for e in examples]), model.classes)
    metrics["in_sample"] = ins
    data_dir = shared_dir / "data"
    used = sorted({Path(f) for f in _source_files(data_dir, none_news) if Path(f).is_file()})
    provenance = {
        "artefact": out_path.name,
        "trained_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": command,
        "params": asdict(p),
        "examples": dict(sorted(Counter(e.source for e in examples).items())),
        "labels": dict(sorted(Counter(e.label for e in examples).items())),
        "data_files": {str(f.relative_to(shared_dir)): _sha256(f) for f in used},
        "metrics": metrics,
        "train_seconds": round(time.perf_counter() - t0, 1),
        "python": platform.python_version(),
        "sklearn": _sklearn_version(),
        "sentence_encoder": {"package": p.encoder, "version": encoder.version, "dimension": model.embedding_dim}
        if encoder is not None else None,
        "note": "cv = k-fold over the ACLED Iraq notes and the CASE dev snippets (other sources always "
                "in training); in_sample = the final model on its own training data.",
    }
    model.meta = {k: provenance[k] for k in ("trained_at", "command", "examples")}
    model.meta["cv"] = metrics.get("cv", {})
    model.meta["cv_prior_corrected_nested"] = metrics.get("cv_prior_corrected_nested", {})
    model.save(out_path)
    provenance["artefact_bytes"] = out_path.stat().st_size
    provenance["artefact_sha256"] = _sha256(out_path)
    prov_path = out_path.with_name(out_path.name.removesuffix(".npz") + ".provenance.json")
    prov_path.write_text(json.dumps(provenance, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return {**metrics, "artefact": str(out_path), "provenance": str(prov_path),
            "artefact_bytes": provenance["artefact_bytes"]}


def _source_files(data_dir: Path, none_news: bool) -> list[Path]:
    files = [data_dir / "acled-iraq-2019.csv", data_dir / "case2021-task2-dev.tsv",
             *sorted((data_dir / "train").glob("*.csv"))]
    if none_news:
        files += [data_dir / "geo" / "geovirus.jsonl", data_dir / "geo" / "lgl.jsonl"]
    return files


def _sklearn_version() -> str:
    import sklearn

    return str(sklearn.__version__)

