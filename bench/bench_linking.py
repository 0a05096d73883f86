"""Cross-report linking: pairwise and B-cubed F1 on real text, against single link, and its cost.

Sets (each ingested into its own SQLite store with the real pipeline, then exported and
scored by ../shared/eval/score.py `links`):

* `fixtures`  the seeds, our hand-written re-wordings (tests/fixtures/linking) and syndicated
              copies of both seeds made here (a wire dateline and a credit line added);
              gold: bench/gold/links-fixtures.json (ours, written from the texts).
* `india-dev`, `india-aside`  real Times of India articles (../shared/data/news) with our
              hand-annotated same-incident groups and near misses (bench/gold/links-india.json,
              docs/annotation-links.md); the aside half is for measuring only. Ingested with
              `home_country="IN"`, as the README asks of a one-country feed (most of these
              lower-cased texts place nothing, and an unplaced report links only within its country).
* `acled-dev`, `acled-aside`  ACLED Iraq 2019 notes: every note is a distinct event, so any
              pair linked there is a wrong merge (precision under the hardest negatives: many
              events of one day, one province and one type). Split by the parity of the note id.

The baseline is single link over the same scored pairs at the same threshold, i.e. what the
clusters would be without the constraints and the average-link rule.

Then the time to link 10k, 100k and 1M synthetic reports at a constant density (2,000 a
day over 100 countries), in memory, with the ratio of each step to the previous one.

    python bench/bench_linking.py [--shared ../shared] [--skip-acled] [--skip-synthetic] [--acled-limit N]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from _scorer import score
from conflictwire import Settings, Store, ingest
from conflictwire.link import Linker, MemoryIndex
from conflictwire.link.cluster import single_link
from conflictwire.link.features import LinkKey
from conflictwire.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold"


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _syndicate(art: dict, outlet: str) -> dict:
    return {**art, "id": f"{art['id'][:3]}-copy", "source": outlet, "url": "",
            "text": f"(Distributed by {outlet}) " + art["text"] + f"\n(Reporting by the {outlet} desk.)"}


def fixture_inputs(shared: Path, work: Path) -> list[Path]:
    seeds = [json.loads(ln) for ln in (shared / "seeds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = [_syndicate(a, "Desert Wire (fixture)") for a in seeds]
    fx = ROOT / "tests" / "fixtures" / "linking"
    return [_jsonl(work / "seeds.jsonl", seeds), fx / "mosul-dec25.jsonl", fx / "mosul-nov16.jsonl",
            fx / "mosul-nov18.jsonl",
            _jsonl(work / "copies.jsonl", copies)]


def india_inputs(shared: Path, work: Path, split: str) -> tuple[Path, Path]:
    gold = json.loads((GOLD / "links-india.json").read_text(encoding="utf-8"))
    incs = [i for i in gold["incidents"] if i["split"] == split]
    ids = {i["article_id"] for i in incs}
    rows = [json.loads(ln) for ln in (shared / "data" / "news" / "india-police-events.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["id"] in ids]
    sub = {"about": gold["about"], "articles": [{"id": i} for i in sorted(ids)], "incidents": incs}
    gpath = work / f"india-{split}.gold.json"
    gpath.write_text(json.dumps(sub), encoding="utf-8")
    return _jsonl(work / f"india-{split}.jsonl", rows), gpath


def acled_inputs(shared: Path, work: Path, split: str, limit: int | None) -> tuple[Path, Path]:
    parity = 0 if split == "dev" else 1
    rows = [json.loads(ln) for ln in (shared / "data" / "acled-iraq-2019.notes.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if int("".join(ch for ch in r["id"] if ch.isdigit()) or 0) % 2 == parity][:limit]
    gold = {"articles": [{"id": r["id"]} for r in rows],
            "incidents": [{"article_id": r["id"], "incident_key": r["id"]} for r in rows]}
    gpath = work / f"acled-{split}.gold.json"
    gpath.write_text(json.dumps(gold), encoding="utf-8")
    return _jsonl(work / f"acled-{split}.jsonl", rows), gpath


def bcubed(gold_path: Path, groups: list[list[str]]) -> float:
    """B-cubed F1 over the gold's articles: each article's co-linked set against its gold set."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    listed = {a["id"] for a in gold.get("articles", [])} | {i["article_id"] for i in gold["incidents"]}
    keys: dict[str, set[str]] = defaultdict(set)
    for i in gold["incidents"]:
        keys[i["incident_key"]].add(i["article_id"])
    true_with: dict[str, set[str]] = {a: {a} for a in listed}
    for members in keys.values():
        for a in members:
            true_with[a] |= members
    pred_with: dict[str, set[str]] = {a: {a} for a in listed}
    for g in groups:
        members = {a for a in g if a in listed}
        for a in members:
            pred_with[a] |= members
    p = sum(len(pred_with[a] & true_with[a]) / len(pred_with[a]) for a in listed) / len(listed)
    r = sum(len(pred_with[a] & true_with[a]) / len(true_with[a]) for a in listed) / len(listed)
    return 2 * p * r / (p + r) if p + r else 0.0


def _write_groups(path: Path, groups: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["article_ids", "event_date", "event_type", "sub_event_type", "fatalities"])
        w.writeheader()
        for g in groups:
            w.writerow({"article_ids": ";".join(g), "event_date": "", "event_type": "", "sub_event_type": "",
                        "fatalities": 0})
    return path


def run_set(name: str, inputs: list[Path], gold: Path, shared: Path, work: Path, settings: Settings,
            pipeline: Pipeline | None) -> dict[str, object]:
    store = Store(f"sqlite:///{work / name}.db")
    t0 = time.perf_counter()
    for path in inputs:  # one ingest run per file: linking is incremental across runs, as in use
        ingest([str(path)], store, settings, pipeline=pipeline)
    elapsed = time.perf_counter() - t0
    groups = [inc.article_ids for inc in store.incidents()]
    ours = score(shared, "links", "--gold", str(gold), "--pred", str(_write_groups(work / f"{name}.csv", groups)))
    # single link over the same kept pairs and threshold, mention ids mapped to their articles
    from sqlalchemy import select

    from conflictwire.store import schema as t

    with store.engine.connect() as conn:
        art = dict(conn.execute(select(t.mentions.c.id, t.mentions.c.article_id)).all())
        scores = {(a, b): s for a, b, s in conn.execute(select(t.mention_pairs.c.a, t.mention_pairs.c.b,
                                                               t.mention_pairs.c.score))}
    base_groups = [sorted({art[m] for m in g}) for g in single_link(art, scores, Linker().weights.threshold)]
    base = score(shared, "links", "--gold", str(gold), "--pred",
                 str(_write_groups(work / f"{name}.base.csv", base_groups)))
    return {"set": name, "gold_pairs": ours["gold_pairs"], "pred_pairs": ours["predicted_pairs"],
            "precision": ours["precision"], "recall": ours["recall"], "pair_f1": ours["pair_f1"],
            "bcubed_f1": bcubed(gold, groups), "base_precision": base["precision"], "base_recall": base["recall"],
            "base_pair_f1": base["pair_f1"], "base_bcubed_f1": bcubed(gold, base_groups), "seconds": elapsed}


# -------------------------------------------------------------------- synthetic cost

SUBS = [("Armed clash", "Battles"), ("Air/drone strike", "Explosions/Remote violence"),
        ("Attack", "Violence against civilians"), ("Shelling/artillery/missile attack", "Explosions/Remote violence")]


def synthetic_keys(n: int, seed: int = 3) -> list[LinkKey]:
    """n reports of n/2 events (two outlets each) at 2,000 reports a day over 100 countries."""
    rng = random.Random(seed)
    start = date(2020, 1, 1).toordinal()
    days = max(1, n // 2000)
    out: list[LinkKey] = []
    for e in range(n // 2):
        day, country = start + rng.randrange(days), f"c{rng.randrange(100)}"
        lat, lon = rng.uniform(-40, 50), rng.uniform(-20, 120)
        sub, typ = rng.choice(SUBS)
        toll = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20])
        for r in range(2):
            out.append(LinkKey(f"m{e}-{r}", f"a{e}-{r}", day + (r if rng.random() < 0.2 else 0), rng.choice([1, 1, 2]),
                               lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05), 1, country, "",
                               f"place{e % 5000}", "violence", typ, sub, "actor", frozenset({"actor", f"g{e % 40}"}),
                               toll, toll, True, 0, None, False, "", frozenset(), None))
    rng.shuffle(out)
    return out


def time_synthetic(n: int) -> tuple[float, float, int]:
    """Wall and CPU seconds to link n synthetic reports in batches of 1,000, and the merges made.

    CPU seconds are the cost figure: on a shared machine wall time also counts other work.
    """
    keys = synthetic_keys(n)
    index, linker = MemoryIndex(), Linker()
    t0, c0 = time.perf_counter(), time.process_time()
    merged = 0
    for i in range(0, len(keys), 1000):
        batch = keys[i : i + 1000]
        index.add(batch)
        merged += sum(len(c) > 1 for c in linker.link(batch, index))
    return time.perf_counter() - t0, time.process_time() - c0, merged


def _synthetic_table(sizes_arg: str) -> int:
    """Print the cost of linking synthetic stores of each size, CPU time against the size before."""
    print("\n| synthetic reports | wall seconds | CPU seconds | merged incidents | CPU ratio to previous size |")
    print("|---|---|---|---|---|")
    sizes = [int(x) for x in sizes_arg.split(",")]
    cpu_of: dict[int, float] = {}
    for n in sizes:
        wall, cpu, merged = time_synthetic(n)
        prev = cpu_of.get(sizes[sizes.index(n) - 1]) if sizes.index(n) else None
        cpu_of[n] = cpu
        print(f"| {n:,} | {wall:.1f} | {cpu:.1f} | {merged:,} | {f'{cpu / prev:.1f}x' if prev else ''} |",
              flush=True)
    if len(sizes) > 1:
        # the machine's load drifts over a long run: the size before the largest is timed again
        # after it, and the largest is compared with the mean of the two timings around it
        before, largest = sizes[-2], sizes[-1]
        wall, cpu, merged = time_synthetic(before)
        mean = (cpu_of[before] + cpu) / 2
        print(f"| {before:,} (again) | {wall:.1f} | {cpu:.1f} | {merged:,} | |")
        print(f"\n{largest:,} against {before:,} reports: {cpu_of[largest] / mean:.1f}x the CPU time "
              f"(mean of {cpu_of[before]:.1f} and {cpu:.1f} s); linear would be {largest / before:.0f}x")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--skip-acled", action="store_true")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--only-synthetic", action="store_true", help="just the cost of linking synthetic reports")
    ap.add_argument("--acled-limit", type=int, default=None)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.only_synthetic:
            return _synthetic_table(args.sizes)
        work = Path(tmp)
        settings = Settings.from_env(db_url="sqlite://")
        india = Settings.from_env(db_url="sqlite://", home_country="IN")
        pipeline = Pipeline.from_settings(settings)
        sets = [("fixtures", fixture_inputs(args.shared, work), GOLD / "links-fixtures.json", settings, pipeline)]
        for split in ("dev", "aside"):
            src, gold = india_inputs(args.shared, work, split)
            sets.append((f"india-{split}", [src], gold, india, None))
        if not args.skip_acled:
            for split in ("dev", "aside"):
                src, gold = acled_inputs(args.shared, work, split, args.acled_limit)
                sets.append((f"acled-{split}", [src], gold, settings, pipeline))
        for name, inputs, gold, set_settings, set_pipeline in sets:
            rows.append(run_set(name, inputs, gold, args.shared, work, set_settings, set_pipeline))
            r = rows[-1]
            print(f"{name}: pair P/R/F1 {r['precision']:.3f}/{r['recall']:.3f}/{r['pair_f1']:.3f} "
                  f"(single link {r['base_precision']:.3f}/{r['base_recall']:.3f}/{r['base_pair_f1']:.3f}), "
                  f"{r['pred_pairs']} predicted pairs, {r['seconds']:.1f} s", file=sys.stderr, flush=True)
    print("| set | gold pairs | predicted pairs | pair precision / recall / F1 | B-cubed F1 | single link P / R / F1 "
          "| single link B-cubed | ratio F1 |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['pair_f1'] / r['base_pair_f1']:.2f}x" if r["base_pair_f1"] else "n/a"
        print(f"| {r['set']} | {r['gold_pairs']} | {r['pred_pairs']} | {r['precision']:.3f} / {r['recall']:.3f} / "
              f"{r['pair_f1']:.3f} | {r['bcubed_f1']:.3f} | {r['base_precision']:.3f} / {r['base_recall']:.3f} / "
              f"{r['base_pair_f1']:.3f} | {r['base_bcubed_f1']:.3f} | {ratio} |")
    return 0 if args.skip_synthetic else _synthetic_table(args.sizes)


if __name__ == "__main__":
    raise SystemExit(main())
