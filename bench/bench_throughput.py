"""Throughput of the whole pipeline against bare spaCy on the same texts, in one run.

Prints, per corpus: words/s and articles/s of bare spaCy (the same model, `nlp.pipe`) and of the
full pipeline on one core, their ratio, the time of each stage (parse, geoparse, extract,
link/store), the same with the relevance cascade on, the cascade's recall of the incidents the
full pipeline finds, peak RSS, the core count and the model names.

Why CPU time as well as wall time, and why interleaved chunks: the machine is shared, so wall
time depends on whoever else is running. The corpus is cut into chunks and each chunk runs
bare spaCy, the full pipeline and the cascade one after the other (the order rotating from
chunk to chunk), so load drift hits all three alike; `time.process_time` counts this process's
CPU only. Ratios are printed for both clocks.

    python bench/bench_throughput.py [--shared ../shared] [--corpus news acled case] [--limit N]
                                     [--e2e] [--workers 2]

`--e2e` then runs `conflictwire ingest` on the whole news corpus in a subprocess (cascade on,
`--workers N`) and prints its wall time, its CPU time (all processes) and the peak RSS of its
largest process.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from conflictwire.config import Settings
from conflictwire.ingest.readers import read_inputs
from conflictwire.link import Linking, dedupe_within_article
from conflictwire.models import Article, ArticleResult
from conflictwire.nlp import model_name
from conflictwire.nlp.cascade import Cascade
from conflictwire.nlp.embeddings import DEFAULT_ENCODER
from conflictwire.nlp.relevance import RelevanceModel
from conflictwire.pipeline import Pipeline
from conflictwire.store import Store
from conflictwire.training.relevance import _aside

CORPORA = {
    "news": ("data/news/india-police-events.jsonl", "news"),
    "acled": ("data/acled-iraq-2019.notes.jsonl", "acled-note"),
    "case": ("data/case2021-task2-dev.jsonl", "news"),
}


class Clock:
    """Wall and CPU seconds accumulated per named stage."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    def timed(self, stage: str, fn, *args):  # noqa: ANN001, ANN201
        w, c = time.perf_counter(), time.process_time()
        out = fn(*args)
        self.wall[stage] += time.perf_counter() - w
        self.cpu[stage] += time.process_time() - c
        return out


def read(path: Path, kind: str, limit: int | None, settings: Settings) -> list[Article]:
    """The corpus as `conflictwire ingest` reads it: cleaned, with its publication dates and outlets.

    Why the ingest reader: relative dates ("on tuesday") resolve against the publication date, and
    the outlet names the focus country, so reading bare texts would time (and score the cascade
    against) a pipeline that finds other incidents than ingest does.
    """
    out = []
    for item in read_inputs([str(path)], settings):
        if isinstance(item, Article):
            item.kind = kind
            out.append(item)
            if limit and len(out) >= limit:
                break
    return out


def full(pipeline: Pipeline, articles: list[Article], clock: Clock, prior: Counter[int], prefix: str
         ) -> list[ArticleResult]:
    """What `Pipeline._parse` does, stage by stage, so each stage's time can be read."""
    docs = clock.timed(f"{prefix}parse", lambda: list(pipeline.nlp.pipe([a.text for a in articles], batch_size=32)))
    results = []
    for doc, article in zip(docs, articles, strict=True):
        prior.update(pipeline.extractor.dates.explicit_years(article.text))
        places = clock.timed(f"{prefix}geoparse", pipeline.geoparser.parse, article.text, doc)
        found = clock.timed(f"{prefix}extract", lambda a=article, d=doc, p=places: pipeline.extractor.extract(
            a, d, p, pipeline.geoparser.locate, year_prior=prior))
        incidents = dedupe_within_article(found.incidents)
        vector_of = {id(inc): vec for inc, vec in zip(found.incidents, found.vectors, strict=False)}
        results.append(ArticleResult(article, incidents, found.figures, places, found.notes,
                                     [vector_of.get(id(inc)) for inc in incidents], summary=found.summary))
    return results


def run_corpus(name: str, articles: list[Article], pipeline: Pipeline, cascade: Cascade, settings: Settings,
               chunk: int, tmp: Path) -> dict:
    clock = Clock()
    linking = Linking.from_settings(settings)
    stores = {"full": Store(f"sqlite:///{tmp}/{name}-full.db"), "cascade": Store(f"sqlite:///{tmp}/{name}-cas.db")}
    incidents_of: dict[str, int] = {}
    kept_ids: set[str] = set()
    score_of: dict[str, float] = {}
    priors = {"full": Counter(), "cascade": Counter()}
    # warm-up: first-call costs (lazy loads, the encoder) are not anybody's throughput
    warm = [Article(id="warm", text="Police fired at protesters in Mosul on 3 May 2019, killing two."),
            *(replace(a, metadata={}) for a in articles[:5])]
    full(pipeline, warm, Clock(), Counter(), "")
    list(pipeline.nlp.pipe([a.text for a in warm]))
    # the sentence encoder memoises vectors by text: without clearing, whichever run comes second
    # on a chunk would get the first one's vectors for free
    import gc

    from conflictwire.nlp.embeddings import SentenceEncoder

    with warnings.catch_warnings():  # isinstance on some of torch's objects warns
        warnings.simplefilter("ignore")
        encoders = [o for o in gc.get_objects() if isinstance(o, SentenceEncoder)]
    for i in range(0, len(articles), chunk):
        part = [replace(a, metadata={}) for a in articles[i : i + chunk]]
        texts = [a.text for a in part]

        def bare(texts: list[str] = texts) -> None:
            for _ in pipeline.nlp.pipe(texts, batch_size=32):
                pass

        def whole(part: list[Article] = part) -> None:
            res = full(pipeline, [replace(a, metadata={}) for a in part], clock, priors["full"], "full:")
            for r in res:
                incidents_of[r.article.id] = len(r.incidents)
            clock.timed("full:link/store", stores["full"].save_batch, res, linking)

        def cascaded(part: list[Article] = part) -> None:
            arts = [replace(a, metadata={}) for a in part]
            decisions = clock.timed("cascade:decide", cascade.model.decide, [a.text for a in arts])
            kept = [a for a, d in zip(arts, decisions, strict=True) if d.keep]
            kept_ids.update(a.id for a in kept)
            score_of.update((a.id, d.score) for a, d in zip(arts, decisions, strict=True))
            res = full(pipeline, kept, clock, priors["cascade"], "cascade:") if kept else []
            res += [cascade.skipped_result(a, d.score) for a, d in zip(arts, decisions, strict=True) if not d.keep]
            clock.timed("cascade:link/store", stores["cascade"].save_batch, res, linking)

        runs = [("bare", bare), ("full", whole), ("cascade", cascaded)]
        k = (i // chunk) % 3
        for label, fn in runs[k:] + runs[:k]:  # rotate the order chunk by chunk
            for enc in encoders:
                enc._memo.clear()
            clock.timed(label, fn)
    for s in stores.values():
        s.close()
    return {"clock": clock, "incidents_of": incidents_of, "kept": kept_ids, "score_of": score_of}


def report(name: str, articles: list[Article], out: dict) -> None:
    clock: Clock = out["clock"]
    n = len(articles)
    words = sum(len(a.text.split()) for a in articles)
    kept = out["kept"]
    kept_words = sum(len(a.text.split()) for a in articles if a.id in kept)
    print(f"\n## {name}: {n:,} articles, {words:,} words ({words / n:.0f} a document); "
          f"cascade keeps {len(kept):,} articles, {kept_words / words:.1%} of the words")
    print("| run | wall s | CPU s | words/s (CPU) | articles/s (CPU) | ratio to bare spaCy, wall | CPU |")
    print("|---|---|---|---|---|---|---|")
    base_w, base_c = clock.wall["bare"], clock.cpu["bare"]
    for label, title in (("bare", "bare spaCy (nlp.pipe)"), ("full", "full pipeline (parse+geo+extract+link/store)"),
                         ("cascade", "pipeline with the cascade")):
        w, c = clock.wall[label], clock.cpu[label]
        print(f"| {title} | {w:.1f} | {c:.1f} | {words / c:,.0f} | {n / c:.1f} | {base_w / w:.2f}x | "
              f"{base_c / c:.2f}x |")
    print("\ntime per stage, CPU s (share of the run):")
    for run in ("full", "cascade"):
        total = clock.cpu[run]
        stages = [s for s in clock.cpu if s.startswith(run + ":")]
        shown = ", ".join(f"{s.split(':', 1)[1]} {clock.cpu[s]:.1f} ({clock.cpu[s] / total:.0%})" for s in stages)
        print(f"- {run}: {shown}")
    inc = out["incidents_of"]
    total = sum(inc.values())
    if total:
        kept_inc = sum(v for k, v in inc.items() if k in kept)
        docs_with = [k for k, v in inc.items() if v]
        print(f"\ncascade recall of the full pipeline's incidents: {kept_inc}/{total} = {kept_inc / total:.4f} "
              f"(documents with an incident kept: {sum(k in kept for k in docs_with)}/{len(docs_with)})")
        if name == "news":
            for part, test in (("trained-on two thirds", False), ("kept-aside third", True)):
                ids = [a.id for a in articles if _aside(a.id) == test]
                t = sum(inc.get(i, 0) for i in ids)
                k = sum(inc.get(i, 0) for i in ids if i in kept)
                print(f"  {part}: {k}/{t} = {k / max(1, t):.4f}")
        what_if(name, articles, inc, out["score_of"])


def what_if(name: str, articles: list[Article], inc: dict[str, int], score_of: dict[str, float]) -> None:
    """Incidents kept and words left to parse at other thresholds: the trade-off, from this run's scores."""
    words = {a.id: len(a.text.split()) for a in articles}
    total_w = sum(words.values())
    parts = [("all", [a.id for a in articles])]
    if name == "news":
        parts += [("aside", [a.id for a in articles if _aside(a.id)])]
    print("\n| threshold | " + " | ".join(f"incidents kept ({p})" for p, _ in parts) + " | words parsed |")
    print("|---|" + "---|" * len(parts) + "---|")
    for t in (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
        cells = []
        for _, ids in parts:
            tot = sum(inc.get(i, 0) for i in ids)
            cells.append(f"{sum(inc.get(i, 0) for i in ids if score_of.get(i, 1.0) >= t) / max(1, tot):.3f}")
        parsed = sum(w for i, w in words.items() if score_of.get(i, 1.0) >= t) / total_w
        print(f"| {t} | " + " | ".join(cells) + f" | {parsed:.1%} |")


def e2e(shared: Path, workers: int, model: Path | None) -> None:
    src = shared / CORPORA["news"][0]
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "conflictwire.cli", "ingest", str(src), "--db", f"{tmp}/e2e.db", "--cascade",
               "--workers", str(workers), "-q"]
        if model:
            cmd += ["--relevance-model", str(model)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        store = Store(f"sqlite:///{tmp}/e2e.db")
        stored, incidents = store.count("articles"), store.count("incidents")
        store.close()
    print(f"\n## end to end: conflictwire ingest of {src.name}, --cascade --workers {workers}")
    print(f"exit {proc.returncode}; {stored} articles and {incidents} incidents stored; wall {wall:.1f} s, "
          f"CPU {cpu:.1f} s (all processes); peak RSS of the largest process {after.ru_maxrss / 1024:.0f} MB")
    if proc.returncode:
        print(proc.stderr[-2000:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--corpus", nargs="+", default=["news", "acled"], choices=sorted(CORPORA))
    ap.add_argument("--limit", type=int, default=None, help="articles per corpus (default: all)")
    ap.add_argument("--chunk", type=int, default=50, help="articles per interleaved chunk")
    ap.add_argument("--relevance-model", type=Path, default=None, help="default: the shipped model")
    ap.add_argument("--e2e", action="store_true", help="also time conflictwire ingest of the news corpus")
    ap.add_argument("--workers", type=int, default=2, help="workers of the --e2e run")
    args = ap.parse_args()
    settings = Settings(db_url="sqlite://")
    t0 = time.perf_counter()
    pipeline = Pipeline.from_settings(settings)
    cascade = Cascade(RelevanceModel.load(args.relevance_model))
    load = time.perf_counter() - t0
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; spaCy model {model_name(settings)} "
          f"({', '.join(pipeline.nlp.pipe_names)}); sentence encoder {DEFAULT_ENCODER}; cascade threshold "
          f"{cascade.threshold:.4f}; models loaded in {load:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.corpus:
            rel, kind = CORPORA[name]
            path = args.shared / rel
            if not path.exists():
                print(f"bench: {path} not found", file=sys.stderr)
                return 2
            articles = read(path, kind, args.limit, settings)
            report(name, articles, run_corpus(name, articles, pipeline, cascade, settings, args.chunk, Path(tmp)))
    print(f"\npeak RSS of this one-core process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.e2e:
        e2e(args.shared, args.workers, args.relevance_model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
