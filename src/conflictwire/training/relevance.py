"""Training the relevance cascade's model (`conflictwire train relevance`).

Sources, all under ``shared/data`` (see `datasets.py`; their sha256 go in the provenance):

* ACLED notes (Iraq 2019 and ``train/*.csv``): every note reports an event, so positive;
* CASE 2021 dev snippets: an ACLED sub-event code is positive, the task's own non-ACLED
  classes (disasters, organised crime, diplomacy, attribution) are negative;
* the India police-events news: an article with any label is positive, the others negative
  (weight `news_negative_weight`: an unlabelled article may still tell of a riot);
* LGL and GeoVirus full texts: local and outbreak news, negative (mostly: a few tell of crimes).

With a `teacher` (the default of `conflictwire train relevance`), the India news and the CASE
snippets are labelled instead by what the full pipeline finds in them: positive when it
extracts at least one incident. Why: the cascade's job is to predict whether the full NLP
would find anything, and its recall is measured against exactly that. The India labels are
about police actions (an article can be labelled FAIL and hold no event the pipeline codes,
and a riot report can carry no label), so training on them alone spends the threshold on
articles the pipeline would have dropped anyway. The teacher's counts are cached per input
file and package version in the cache folder (running the pipeline over them takes minutes).

A third of the India news (chosen by a hash of the id, so the same third every run) is kept
aside: never trained on, never used to pick the threshold, scored once at the end. The
threshold is the highest that keeps `target_recall` of the positives of every held-out
source in k-fold cross-validation, scored the way the runtime scores (best window).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from conflictwire.config import Settings
from conflictwire.errors import ModelError
from conflictwire.extract.classifier import NONE
from conflictwire.nlp.relevance import Keywords, RelevanceModel, featurize, hashing_vectorizer, windows

from .datasets import ACLED_NOTES, ACLED_TRAIN_DIR, CASE_SNIPPETS, NEWS_LEADS, _acled_examples, _case_examples

__all__ = ["INDIA_NEWS", "RelevanceExample", "RelevanceParams", "load_relevance_examples", "train_relevance"]

INDIA_NEWS = "news/india-police-events.jsonl"  # under data/


@dataclass(frozen=True, slots=True)
class RelevanceParams:
    n_features: int = 2**18
    ngram_max: int = 2
    window_words: int = 80
    C: float = 4.0
    target_recall: float = 0.995  # of each held-out source's positives, in cross-validation
    news_negative_weight: float = 0.5
    acled_weight: float = 0.3  # 8,000 easy notes must not outweigh the news
    folds: int = 5
    seed: int = 0


@dataclass(frozen=True, slots=True)
class RelevanceExample:
    text: str
    label: int  # 1: reports an event the pipeline should code
    source: str
    doc_id: str = ""


def _aside(doc_id: str) -> bool:
    """A fixed third of the India news, by id: the part kept aside from training and tuning."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 3 == 0


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


Teacher = Callable[[str, list[tuple[str, str, str]]], dict[str, int]]  # (name, [(id, text, kind)]) -> incidents


def pipeline_teacher(settings: Settings, progress: Callable[[str], None] | None = None) -> Teacher:
    """Incidents the full pipeline (cascade off) finds per document, cached by content and version."""
    from conflictwire import __version__
    from conflictwire.models import Article
    from conflictwire.pipeline import Pipeline

    loaded: list[Pipeline] = []

    def count(name: str, docs: list[tuple[str, str, str]]) -> dict[str, int]:
        digest = hashlib.sha256(json.dumps([__version__, docs]).encode()).hexdigest()[:16]
        cache = settings.cache_dir / "relevance-teacher" / f"{name}-{digest}.json"
        if cache.is_file():
            return json.loads(cache.read_text(encoding="utf-8"))
        if not loaded:
            loaded.append(Pipeline.from_settings(replace(settings, cascade=False)))
        out: dict[str, int] = {}
        arts = (Article(id=i, text=t, kind=k) for i, t, k in docs)
        for n, result in enumerate(loaded[0].pipe(arts), start=1):
            out[result.article.id] = len(result.incidents)
            if progress and n % 100 == 0:
                progress(f"teacher {name}: {n}/{len(docs)}")
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(out), encoding="utf-8")
        return out

    return count


def load_relevance_examples(shared_dir: Path, teacher: Teacher | None = None
                            ) -> tuple[list[RelevanceExample], list[RelevanceExample]]:
    """(examples to train and cross-validate on, the India news kept aside)."""
    data = Path(shared_dir) / "data"
    iraq = data / ACLED_NOTES
    if not iraq.is_file():
        raise ModelError(f"no ACLED notes at {iraq}: pass --shared pointing at the shared/ folder")
    out: list[RelevanceExample] = []
    files = [iraq, *sorted((data / ACLED_TRAIN_DIR).glob("*.csv"))]
    for f in files:
        source = "acled-iraq" if f == iraq else "acled-other"
        out += [RelevanceExample(e.text, 1, source, e.doc_id) for e in _acled_examples(f, source)]
    if (data / CASE_SNIPPETS).is_file():
        case = _case_examples(data / CASE_SNIPPETS)
        found = teacher("case", [(e.doc_id, e.text, "news") for e in case]) if teacher else {}
        out += [RelevanceExample(e.text, int(found[e.doc_id] > 0) if teacher else int(e.label != NONE), "case",
                                 e.doc_id) for e in case]
    aside: list[RelevanceExample] = []
    if (data / INDIA_NEWS).is_file():
        news = _jsonl(data / INDIA_NEWS)
        found = teacher("india-news", [(str(d["id"]), d["text"], "news") for d in news]) if teacher else {}
        for doc in news:
            label = found[str(doc["id"])] > 0 if teacher else any((doc.get("labels") or {}).values())
            ex = RelevanceExample(doc["text"], int(label), "india-news", str(doc["id"]))
            (aside if _aside(ex.doc_id) else out).append(ex)
    for name, rel in NEWS_LEADS.items():
        if (data / rel).is_file():
            out += [RelevanceExample(d.get("text", ""), 0, f"news-{name}", str(d.get("id", "")))
                    for d in _jsonl(data / rel) if len(d.get("text", "")) >= 40]
    return out, aside


def relevance_source_files(shared_dir: Path) -> list[Path]:
    data = Path(shared_dir) / "data"
    files = [data / ACLED_NOTES, data / CASE_SNIPPETS, data / INDIA_NEWS,
             *sorted((data / ACLED_TRAIN_DIR).glob("*.csv")), *(data / rel for rel in NEWS_LEADS.values())]
    return sorted(f for f in files if f.is_file())


def _weight(ex: RelevanceExample, p: RelevanceParams) -> float:
    if ex.source.startswith("acled"):
        return p.acled_weight
    if ex.source == "india-news" and not ex.label:
        return p.news_negative_weight
    return 1.0


def fit_relevance(examples: Sequence[RelevanceExample], p: RelevanceParams, keywords: Keywords,
                  threshold: float = 0.5) -> RelevanceModel:
    """Fit on whole texts, plus every window of a negative long text (a window must not pass either)."""
    from sklearn.linear_model import LogisticRegression

    texts, labels, weights = [], [], []
    for ex in examples:
        parts = [ex.text] + (windows(ex.text, p.window_words) if not ex.label else [])
        w = _weight(ex, p)
        for t in dict.fromkeys(parts):
            texts.append(t)
            labels.append(ex.label)
            weights.append(w)
    vec = hashing_vectorizer(p.n_features, p.ngram_max)
    X = featurize(texts, vec, keywords)
    y = np.asarray(labels)
    sw = np.asarray(weights, dtype=float)
    # balance the classes by weight so the threshold means the same whatever the mix of sources
    for cls in (0, 1):
        if sw[y == cls].sum() > 0:
            sw[y == cls] *= (len(y) / 2.0) / sw[y == cls].sum()
    clf = LogisticRegression(C=p.C, max_iter=2000, solver="liblinear")
    clf.fit(X, y, sample_weight=sw)
    return RelevanceModel(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]), threshold=threshold,
                          n_features=p.n_features, ngram_max=p.ngram_max, window_words=p.window_words,
                          keywords=keywords)


def choose_threshold(scores: np.ndarray, labels: np.ndarray, sources: Sequence[str], target: float) -> float:
    """The highest threshold keeping `target` of the positives of every source that has positives."""
    best = 1.0
    for src in sorted(set(sources)):
        pos = np.sort(scores[(labels == 1) & (np.asarray(sources) == src)])
        if len(pos) == 0:
            continue
        # losing at most floor((1 - target) * n) positives of this source
        lose = int(np.floor((1.0 - target) * len(pos) + 1e-9))
        best = min(best, float(pos[lose]))
    return best


def summarize(scores: Sequence[float], examples: Sequence[RelevanceExample], threshold: float) -> dict:
    """Per source: positives kept (recall), negatives and words skipped."""
    out: dict[str, dict] = {}
    for src in sorted({e.source for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.source == src]
        pos = [i for i in idx if examples[i].label]
        neg = [i for i in idx if not examples[i].label]
        words = sum(len(examples[i].text.split()) for i in idx)
        skipped = sum(len(examples[i].text.split()) for i in idx if scores[i] < threshold)
        out[src] = {
            "examples": len(idx), "positives": len(pos),
            "recall": round(sum(scores[i] >= threshold for i in pos) / len(pos), 4) if pos else None,
            "negatives_skipped": round(sum(scores[i] < threshold for i in neg) / len(neg), 4) if neg else None,
            "words_skipped": round(skipped / words, 4) if words else None,
        }
    return out


def cross_validated_scores(examples: Sequence[RelevanceExample], p: RelevanceParams, keywords: Keywords,
                           progress: Callable[[str], None] | None = None) -> np.ndarray:
    rng = np.random.default_rng(p.seed)
    fold = rng.integers(0, p.folds, size=len(examples))
    scores = np.zeros(len(examples))
    for k in range(p.folds):
        train = [e for e, f in zip(examples, fold, strict=True) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        model = fit_relevance(train, p, keywords)
        scores[test] = model.scores([examples[i].text for i in test])
        if progress:
            progress(f"fold {k + 1}/{p.folds}")
    return scores


def train_relevance(shared_dir: Path, out: Path, *, params: RelevanceParams | None = None, command: str = "",
                    progress: Callable[[str], None] | None = None, teacher: Teacher | None = None) -> dict:
    """Cross-validate, pick the threshold, fit on everything but the kept-aside news, write model + provenance."""
    p = params or RelevanceParams()
    t0 = time.perf_counter()
    keywords = Keywords.load()
    examples, aside = load_relevance_examples(shared_dir, teacher)
    oof = cross_validated_scores(examples, p, keywords, progress)
    labels = np.asarray([e.label for e in examples])
    sources = [e.source for e in examples]
    threshold = choose_threshold(oof, labels, sources, p.target_recall)
    model = fit_relevance(examples, p, keywords, threshold)
    aside_scores = model.scores([e.text for e in aside])
    model.save(out)
    metrics = {
        "artefact": out.name,
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "params": asdict(p),
        "labels": "India news and CASE: the full pipeline's incidents (teacher)" if teacher else "gold labels",
        "threshold": round(threshold, 6),
        "examples": dict(Counter(sources)),
        "kept_aside": {"india-news": len(aside)},
        "keywords": {"table": "reference/data/relevance_keywords.csv", "groups": list(keywords.groups)},
        "cv": summarize(list(oof), examples, threshold),
        "kept_aside_figures": summarize(aside_scores, aside, threshold),
        "sources": {str(f.relative_to(Path(shared_dir))): hashlib.sha256(f.read_bytes()).hexdigest()
                    for f in relevance_source_files(shared_dir)},
        "seconds": round(time.perf_counter() - t0, 1),
        "note": "recall here is of gold labels; the recall of the incidents the full pipeline finds is "
                "measured by bench/bench_cascade.py",
    }
    prov = out.with_name(out.stem + ".provenance.json")
    prov.write_text(json.dumps(metrics, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    metrics["artefact_path"] = str(out)
    metrics["provenance_path"] = str(prov)
    metrics["artefact_bytes"] = out.stat().st_size
    return metrics
