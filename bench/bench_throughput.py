"""Throughput of the whole pipeline against bare spaCy on the same articles, in one run.

The roadmap's goal is a pipeline "close to bare spaCy speed on one core"; this prints
both rates and their ratio, plus the cost of the store writes.

    python bench/bench_throughput.py [--shared ../shared] [--limit 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from conflictwire.config import Settings
from conflictwire.link import Linking
from conflictwire.models import Article
from conflictwire.pipeline import Pipeline
from conflictwire.store import Store


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--limit", type=int, default=300, help="articles to process (of 1,257)")
    args = ap.parse_args()
    src = args.shared / "data" / "news" / "india-police-events.jsonl"
    if not src.exists():
        print(f"bench: {src} not found", file=sys.stderr)
        return 2
    articles = []
    with src.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            articles.append(Article(id=obj["id"], text=obj["text"]))
            if len(articles) >= args.limit:
                break
    chars = sum(len(a.text) for a in articles)
    settings = Settings(db_url="sqlite://")
    t0 = time.perf_counter()
    pipeline = Pipeline.from_settings(settings)
    load = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in pipeline.nlp.pipe((a.text for a in articles), batch_size=32):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    results = list(pipeline.pipe(articles))
    full = time.perf_counter() - t0

    linking = Linking.from_settings(settings)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        for i in range(0, len(results), 50):
            store.save_results(results[i : i + 50])
        write = time.perf_counter() - t0
        linked_store = Store(f"sqlite:///{tmp}/linked.db")
        t0 = time.perf_counter()
        for i in range(0, len(results), 50):
            linked_store.save_results(results[i : i + 50], linking)
        linked = time.perf_counter() - t0

    n = len(articles)
    print(f"articles: {n} ({chars / n:.0f} characters on average); models loaded in {load:.1f} s")
    print("| stage | seconds | articles/s | ratio to bare spaCy |")
    print("|---|---|---|---|")
    print(f"| bare spaCy (nlp.pipe) | {bare:.1f} | {n / bare:.1f} | 1.00x |")
    print(f"| full pipeline (nlp+geo+extract+dedupe) | {full:.1f} | {n / full:.1f} | {full / bare:.2f}x |")
    print(f"| store writes (SQLite, batches of 50) | {write:.2f} | {n / write:.0f} | {write / bare:.2f}x |")
    print(f"| store writes with cross-report linking | {linked:.2f} | {n / linked:.0f} | {linked / bare:.2f}x |")
    print(f"incidents: {sum(len(r.incidents) for r in results)}, places: {sum(len(r.places) for r in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
