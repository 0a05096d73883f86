"""Training the geoparser's resolution model (`conflictwire train geo-resolution`).

What is learned: one coefficient per feature of a gazetteer reading (see
`conflictwire.geo._model`), by a conditional logit: for every recognised name with a
known answer, the softmax over its readings' scores should put its mass on the right
ones.  That is the resolver's own decision rule (it softmaxes the same scores), so the
fitted numbers mean what the resolver does with them.

Labelled names, all under ``shared/data`` (their sha256 go in the provenance):

* ``geo/lgl.jsonl`` and ``geo/geovirus.jsonl``: news with gold toponym spans and points.
  A recognised name overlapping a gold span is labelled; its right readings are the gold
  GeoNames id or any reading within 161 km of the gold point (the distance the accuracy
  is scored at).
* ``acled-iraq-2019.csv``: each note's gold location.  A recognised name whose folded key
  is the location's (with or without an Arabic article) is labelled; its right readings
  lie within ACLED's radius of the point (25/50/100 km by geo_precision).

Nothing under ``shared/eval`` is read.

The split: every document goes to one of five folds by the sha256 of "source:id"
(`fold_of`); folds 0-3 are fitted on, fold 4 is kept aside, never fitted on and never
used to choose a parameter, and measured once at the end (and by bench/bench_geo.py).
The context features (the story's other names) depend on the model's own previous
round, so fitting alternates: score with the current model, read the last round's
features, refit (`iterations` times, starting from a model that knows nothing).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from conflictwire.errors import ModelError
from conflictwire.geo import Candidate, Geoparser, ResolutionModel, Rules, distance_km, name_key
from conflictwire.geo._recognize import Mention
from conflictwire.geo._resolve import score_mentions
from conflictwire.reference.places import PlaceWords

from .datasets import ACLED_NOTES, NEWS_LEADS

__all__ = ["ACLED_RADIUS_KM", "ASIDE_FOLD", "FOLDS", "GeoDoc", "GeoParams", "GoldPoint", "Labelled",
           "fit_conditional_logit", "fit_resolution_model", "fold_of", "geo_source_files", "label_documents",
           "load_geo_docs", "train_geo_resolution"]

FOLDS = 5
ASIDE_FOLD = 4
GOLD_KM = 161.0  # a reading this close to a gold toponym's point is right (the accuracy's own distance)
ACLED_RADIUS_KM = {"1": 25.0, "2": 50.0, "3": 100.0}  # by ACLED's geo_precision


def fold_of(source: str, doc_id: str) -> int:
    """The fold (0-4) of a document: fixed by its source and id, the same on every machine and run."""
    return int(hashlib.sha256(f"{source}:{doc_id}".encode()).hexdigest(), 16) % FOLDS


@dataclass(frozen=True, slots=True)
class GoldPoint:
    """Where a span of the text (or, for an ACLED note, a named location) lies."""

    start: int
    end: int
    name: str
    latitude: float
    longitude: float
    geonameid: str | None
    radius_km: float


@dataclass(frozen=True, slots=True)
class GeoDoc:
    source: str  # "lgl", "geovirus", "acled-iraq"
    doc_id: str
    text: str
    gold: tuple[GoldPoint, ...]
    by_name: bool = False  # ACLED: match gold by the name, not the span

    @property
    def fold(self) -> int:
        return fold_of(self.source, self.doc_id)


@dataclass(frozen=True, slots=True)
class GeoParams:
    # penalties on the squared coefficients tried by cross-validation on folds 0-3 (the best mean top-1 wins)
    l2_grid: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0)
    iterations: int = 4  # score, read features, refit
    max_iter: int = 500
    # a name counts once per labelled mention (the accuracy counts every mention), and each source's
    # names weigh as much in total as another's (LGL alone has twice the others' names)
    per_mention: bool = True
    balance_sources: bool = True


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_geo_docs(shared_dir: Path) -> list[GeoDoc]:
    """LGL, GeoVirus and the ACLED Iraq notes as documents with gold points.

    Raises ModelError naming the missing file: all three are needed for a model whose
    figures mean the same from one training to the next.
    """
    data = Path(shared_dir) / "data"
    needed = [data / rel for rel in NEWS_LEADS.values()] + [data / ACLED_NOTES]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise ModelError(f"no geoparsing training data at {', '.join(missing)}: pass --shared pointing at the "
                         "shared/ folder")
    docs: list[GeoDoc] = []
    for source, rel in sorted(NEWS_LEADS.items()):
        for d in _jsonl(data / rel):
            gold = tuple(
                GoldPoint(int(t["start"]), int(t["end"]), t.get("name", ""), float(t["lat"]), float(t["lon"]),
                          str(t["geonameid"]) if t.get("geonameid") else None, GOLD_KM)
                for t in d.get("toponyms", []) if t.get("lat") is not None and t.get("lon") is not None
            )
            docs.append(GeoDoc(source, str(d["id"]), d["text"], gold))
    with (data / ACLED_NOTES).open(newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            note = (r.get("notes") or "").strip()
            if not note or not r.get("location") or not r.get("latitude"):
                continue
            g = GoldPoint(0, 0, r["location"], float(r["latitude"]), float(r["longitude"]), None,
                          ACLED_RADIUS_KM.get(r.get("geo_precision", ""), 25.0))
            docs.append(GeoDoc("acled-iraq", r["event_id_cnty"], note, (g,), by_name=True))
    return docs


def geo_source_files(shared_dir: Path) -> list[Path]:
    data = Path(shared_dir) / "data"
    return sorted([data / ACLED_NOTES, *(data / rel for rel in NEWS_LEADS.values())])


def _bare(key: str) -> str:
    """A folded key without a leading Arabic article ("al qurna" and "qurna" are one name)."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"} else key


def _right(cands: Sequence[Candidate], g: GoldPoint) -> np.ndarray:
    return np.array([
        (g.geonameid is not None and c.geonameid == g.geonameid)
        or (c.latitude is not None
            and distance_km(c.latitude, c.longitude or 0.0, g.latitude, g.longitude) <= g.radius_km)
        for c in cands
    ], dtype=bool)


def _gold_for(doc: GeoDoc, ms: list[Mention]) -> tuple[GoldPoint | None, int]:
    """The gold point of a name (one per name: the resolver reads a name one way) and its labelled mentions."""
    if doc.by_name:
        want = {_bare(name_key(g.name)) for g in doc.gold}
        return (doc.gold[0], len(ms)) if _bare(ms[0].key) in want else (None, 0)
    found: GoldPoint | None = None
    n = 0
    for m in ms:
        hit = next((g for g in doc.gold if m.start < g.end and g.start < m.end), None)
        if hit is not None:
            found = found or hit
            n += 1
    return found, n


@dataclass(slots=True)
class Labelled:
    """One document's recognised names, kept across refits (recognition does not depend on the model)."""

    doc: GeoDoc
    text: str
    mentions: list[Mention]


@dataclass(slots=True)
class Groups:
    """Stacked feature rows of labelled names: `starts` index each name's first row."""

    x: np.ndarray
    right: np.ndarray
    starts: np.ndarray
    source: list[str]
    fold: np.ndarray
    mentions: np.ndarray  # labelled mentions per name

    def weights(self, p: GeoParams) -> np.ndarray:
        """Each name's weight in the loss (mean 1)."""
        w = self.mentions.astype(float) if p.per_mention else np.ones(len(self.starts))
        if p.balance_sources:
            src = np.array(self.source)
            for s in set(self.source):
                w[src == s] /= w[src == s].sum()
        return w * (len(w) / w.sum())


def label_documents(docs: Sequence[GeoDoc], parser: Geoparser) -> list[Labelled]:
    """Recognise each document's names once, exactly as `Geoparser.parse` would."""
    out = []
    for d in docs:
        seen, mentions = parser.mentions(d.text)
        out.append(Labelled(d, seen, mentions))
    return out


def _groups(labelled: Sequence[Labelled], model: ResolutionModel, rules: Rules,
            words: PlaceWords) -> Groups:
    """The last round's features of every labelled name that has a right reading and a wrong one."""
    xs: list[np.ndarray] = []
    rights: list[np.ndarray] = []
    sources: list[str] = []
    folds: list[int] = []
    counts: list[int] = []
    for item in labelled:
        sc = score_mentions(item.mentions, item.text, model, rules, words=words)
        for k, ms in sc.groups.items():
            g, n = _gold_for(item.doc, ms)
            if g is None:
                continue
            live = np.isfinite(sc.scores[k])  # readings no rule has ruled out
            right = _right(sc.cands[k], g)[live]
            if right.any() and not right.all():  # a name with one kind of reading teaches nothing
                xs.append(sc.features[k][live])
                rights.append(right)
                sources.append(item.doc.source)
                folds.append(item.doc.fold)
                counts.append(n)
    if not xs:
        raise ModelError("no labelled names with a choice to learn from")
    sizes = np.array([len(r) for r in rights])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return Groups(np.vstack(xs), np.concatenate(rights), starts, sources, np.array(folds), np.array(counts))


def _subset(g: Groups, keep: np.ndarray) -> Groups:
    """The names where `keep` is true (a fold, a source), rows and all."""
    if not keep.any():
        return Groups(g.x[:0], g.right[:0], np.zeros(0, dtype=int), [], g.fold[:0], g.mentions[:0])
    ends = np.append(g.starts[1:], len(g.right))
    rows = np.concatenate([np.arange(s, e) for s, e, k in zip(g.starts, ends, keep, strict=True) if k])
    sizes = (ends - g.starts)[keep]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return Groups(g.x[rows], g.right[rows], starts, [s for s, k in zip(g.source, keep, strict=True) if k],
                  g.fold[keep], g.mentions[keep])


def fit_conditional_logit(x: np.ndarray, right: np.ndarray, starts: np.ndarray, *, l2: float = 1.0,
                          weights: np.ndarray | None = None, max_iter: int = 500) -> np.ndarray:
    """Coefficients maximising sum over names of weight * log P(a right reading) - l2/2 * |coef|^2.

    P is the softmax of x @ coef within each name's rows (rows starts[i]:starts[i+1]).
    """
    from scipy.optimize import minimize

    n = len(starts)
    sw = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    group = np.repeat(np.arange(n), np.diff(np.append(starts, len(right))))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[group])
        z_all = np.add.reduceat(e, starts)
        e_right = np.where(right, e, 0.0)
        z_right = np.add.reduceat(e_right, starts)
        ll = np.log(z_right) - np.log(z_all)
        p_all = e / z_all[group]
        p_right = e_right / z_right[group]
        grad = -(x.T @ ((p_right - p_all) * sw[group])) + l2 * w
        return float(-(sw * ll).sum() + 0.5 * l2 * w @ w), grad

    res = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    if not np.all(np.isfinite(res.x)):
        raise ModelError(f"the resolution model did not converge: {res.message}")
    return res.x


def _top1(g: Groups, coef: np.ndarray) -> float:
    """Share of names whose best-scored reading is a right one (before the resolver's later rules)."""
    if not len(g.starts):
        return math.nan
    s = g.x @ coef
    ends = np.append(g.starts[1:], len(s))
    hits = [bool(g.right[a + int(np.argmax(s[a:b]))]) for a, b in zip(g.starts, ends, strict=True)]
    return float(np.mean(hits))


def _figures(g: Groups, coef: np.ndarray) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for source in sorted(set(g.source)):
        sub = _subset(g, np.array([s == source for s in g.source]))
        out[f"{source}_names"] = len(sub.starts)
        out[f"{source}_top1"] = round(_top1(sub, coef), 4)
    out["all_top1"] = round(_top1(g, coef), 4)
    return out


def _cross_validate(fit: Groups, l2: float, p: GeoParams) -> list[dict[str, float | int]]:
    """Fit on three of the fitted folds, score the fourth, for each of them."""
    out: list[dict[str, float | int]] = []
    for f in sorted(set(fit.fold.tolist())):
        train = _subset(fit, fit.fold != f)
        test = _subset(fit, fit.fold == f)
        c = fit_conditional_logit(train.x, train.right, train.starts, l2=l2, weights=train.weights(p),
                                  max_iter=p.max_iter)
        out.append({"fold": f, **_figures(test, c)})
    return out


def fit_resolution_model(
    labelled: Sequence[Labelled], parser: Geoparser, p: GeoParams, *, progress: Callable[[str], None] | None = None,
) -> tuple[ResolutionModel, list[dict], float, dict[str, list[dict[str, float | int]]]]:
    """Fit on every labelled document outside the aside fold: the model, its history, the penalty, the CV figures.

    Starts from the blank model (all readings tie), so the first context features are the
    plain spread of readings; each iteration rescores with the last fit and refits.  The
    penalty is chosen in the last iteration by cross-validation within the fitted folds
    (skipped when `p.l2_grid` has one value).
    """
    say = progress or (lambda _msg: None)
    words = parser.places.words
    rules = parser.rules
    model = ResolutionModel.blank()
    history: list[dict] = []
    l2 = p.l2_grid[len(p.l2_grid) // 2]
    cv: dict[str, list[dict[str, float | int]]] = {}
    for it in range(p.iterations):
        g = _groups(labelled, model, rules, words)
        fit = _subset(g, g.fold != ASIDE_FOLD)
        if it == p.iterations - 1 and len(p.l2_grid) > 1:  # the penalty, on the settled features
            cv = {str(v): _cross_validate(fit, v, p) for v in p.l2_grid}
            l2 = max(p.l2_grid, key=lambda v: float(np.mean([f["all_top1"] for f in cv[str(v)]])))
        coef = fit_conditional_logit(fit.x, fit.right, fit.starts, l2=l2, weights=fit.weights(p),
                                     max_iter=p.max_iter)
        model = ResolutionModel(coef, "fitted")
        history.append({"iteration": it + 1, "l2": l2, "fitted_names": len(fit.starts),
                        "fitted_top1": round(_top1(fit, coef), 4)})
        say(f"iteration {it + 1}: {len(fit.starts)} names, l2 {l2}, top-1 on the fitted folds "
            f"{history[-1]['fitted_top1']:.4f}")
    return model, history, l2, cv


def train_geo_resolution(shared_dir: Path, out: Path, parser: Geoparser, *, params: GeoParams | None = None,
                         command: str = "", progress: Callable[[str], None] | None = None) -> dict:
    """Fit on folds 0-3, measure on fold 4, write the artefact and its provenance next to it.

    `parser` supplies the gazetteer, the reference's words and the rules; its own model is
    not used (fitting starts from zero coefficients).
    """
    p = params or GeoParams()
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    docs = load_geo_docs(shared_dir)
    say(f"recognising names in {len(docs)} documents")
    labelled = label_documents(docs, parser)
    model, history, l2, cv = fit_resolution_model(labelled, parser, p, progress=say)
    # figures with the final model's own context
    words = parser.places.words
    g = _groups(labelled, model, parser.rules, words)
    fitted = _subset(g, g.fold != ASIDE_FOLD)
    aside = _subset(g, g.fold == ASIDE_FOLD)
    date = datetime.now(UTC)
    model = ResolutionModel(model.coef, f"fitted {date.date().isoformat()}")
    model.save(out)
    metrics = {
        "artefact": out.name,
        "trained_at": date.isoformat(timespec="seconds"),
        "command": command,
        "model": "conditional logit (softmax over a name's readings), L2-penalised, scipy L-BFGS",
        "params": asdict(p),
        "rules": asdict(parser.rules),
        # the candidates come from the gazetteer: another build (other tables, an import) is another model
        "gazetteer": {"file": str(getattr(parser.gazetteer, "path", "")),
                      "reference_fingerprint": parser.places.fingerprint},
        "split": (f"documents hashed into {FOLDS} folds by sha256('source:id') % {FOLDS}; folds 0-3 fitted, "
                  f"fold {ASIDE_FOLD} kept aside (never fitted, never tuned on)"),
        "labels": {"lgl, geovirus": f"recognised names overlapping a gold span; right readings: the gold "
                                    f"GeoNames id or within {GOLD_KM:.0f} km of the gold point",
                   "acled-iraq": "recognised names whose key is the note's location; right readings within "
                                 "ACLED's radius (25/50/100 km by geo_precision)"},
        "documents": dict(Counter(d.source for d in docs)),
        "coefficients": model.as_dict(),
        "history": history,
        "l2": l2,
        "cv_within_fitted_folds": {v: {"mean_all_top1": round(float(np.mean([f["all_top1"] for f in folds])), 4),
                                       "folds": folds} for v, folds in cv.items()},
        "fitted_figures": _figures(fitted, model.coef),
        "aside_figures": _figures(aside, model.coef),
        "note": "top1: share of labelled names with a choice whose best-scored reading is right, before the "
                "resolver's rules; bench/bench_geo.py measures the whole geoparser against the hand-set weights",
        "sources": {str(f.relative_to(Path(shared_dir))): hashlib.sha256(f.read_bytes()).hexdigest()
                    for f in geo_source_files(shared_dir)},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    prov = out.with_name(out.stem + ".provenance.json")
    prov.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    metrics["artefact_path"] = str(out)
    metrics["provenance_path"] = str(prov)
    return metrics
