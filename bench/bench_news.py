"""Coding quality on every register in one run, beside the previous commit's figures.

A rule that lifts whole news articles can cost the ACLED notes or the CASE snippets, and a
rule fitted to the news dev set lifts it without lifting the aside half. This bench prints,
for the working tree and for a baseline revision (default: the commit before HEAD, or HEAD
itself when the tree has uncommitted changes):

* news dev, news aside and news aside2 (`bench/gold/news-dev.json`, split by its `split`
  field): f1, precision, recall, record_exact, every field, broken must-not rules;
* the seeds (`shared/gold/seeds.json`);
* the ACLED Iraq 2019 notes, declared as notes (`--kind acled-note`) where the code has it;
* CASE 2021 dev, 5-fold held out through the whole pipeline (`bench_case_pipeline.py`),
  only with `--case` because it refits the model five times per revision.

News articles are ingested with `--no-link`: the gold scores each article by itself.
The baseline runs from a temporary `git worktree` with `PYTHONPATH` pointing at its `src`,
in this same virtualenv. Figures of a clean commit are cached in `.cache/bench-news/`, keyed by
the commit and the gold file's contents (a new split or a corrected gold is measured afresh).

    python bench/bench_news.py [--shared ../shared] [--against REV] [--skip-acled] [--case]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _scorer import score

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "gold" / "news-dev.json"
CACHE = ROOT / ".cache" / "bench-news"
CLI = "import sys; from conflictwire.cli import main; sys.argv[0] = 'conflictwire'; main()"
NEWS_KEYS = ("f1", "precision", "recall", "record_exact", "event_type", "sub_event_type", "fatalities",
             "actor1", "actor2", "location_km", "date_ok", "date_exact")
SPLITS = ("dev", "aside", "aside2")
ACLED_KEYS = ("precision", "recall", "event_type", "sub_event_type", "fatalities", "actor1", "actor2",
              "date_exact", "record_exact")


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout.strip()


class Code:
    """One revision of the package, run as `conflictwire` in a child process."""

    def __init__(self, src: Path) -> None:
        self.src = src
        self.env = {**os.environ, "PYTHONPATH": str(src)}
        self.help = self.run("ingest", "--help")

    def run(self, *args: str) -> str:
        return subprocess.run([sys.executable, "-c", CLI, *args], env=self.env, capture_output=True, text=True,
                              check=True).stdout

    def ingest_export(self, src: Path, work: Path, name: str, *extra: str) -> Path:
        db, out = work / f"{name}.db", work / f"{name}.csv"
        self.run("ingest", str(src), "--db", str(db), "-q", *extra)
        self.run("export", "--db", str(db), "--format", "acled-csv", "-o", str(out))
        return out


def news_inputs(shared: Path, work: Path) -> tuple[Path, dict[str, Path]]:
    """The gold's articles as one JSONL input, and one gold file per split."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    wanted = {a["id"]: a for a in gold["articles"]}
    texts: dict[str, str] = {}
    for file in sorted({a["file"] for a in gold["articles"]}):
        with (shared / file).open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if doc["id"] in wanted:
                    texts[doc["id"]] = doc["text"]
    missing = sorted(set(wanted) - set(texts))
    if missing:
        raise SystemExit(f"bench: {len(missing)} gold articles not found in {shared}: {missing[:3]}")
    src = work / "news.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for aid, art in wanted.items():
            doc = {"id": aid, "text": texts[aid], "source": art.get("source", "")}
            if art.get("published"):
                doc["published"] = art["published"]
            fh.write(json.dumps(doc) + "\n")
    splits: dict[str, Path] = {}
    for split in SPLITS:
        ids = {a["id"] for a in gold["articles"] if a["split"] == split}
        part = {**gold, "articles": [a for a in gold["articles"] if a["id"] in ids],
                "incidents": [g for g in gold["incidents"] if g["article_id"] in ids],
                "must_not": [r for r in gold["must_not"] if r["article_id"] in ids]}
        splits[split] = work / f"news-{split}.json"
        splits[split].write_text(json.dumps(part), encoding="utf-8")
    return src, splits


def case_folds(code: Code, shared: Path, bench_dir: Path) -> dict[str, float]:
    script = bench_dir / "bench_case_pipeline.py"
    if not script.exists():
        return {}
    out = subprocess.run([sys.executable, str(script), "--shared", str(shared)], env=code.env, capture_output=True,
                         text=True, check=True, cwd=bench_dir).stdout
    found = {}
    for key in ("weighted_f1_acled", "weighted_f1_all"):
        m = re.search(rf"\| {key} \| ([\d.]+) \|", out)
        if m:
            found[key] = float(m.group(1))
    return found


def measure(code: Code, bench_dir: Path, shared: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    res: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src, splits = news_inputs(shared, work)
        pred = code.ingest_export(src, work, "news", "--no-link")
        for split, gold in splits.items():
            r = score(shared, "incidents", "--gold", str(gold), "--pred", str(pred))
            res[f"news {split}"] = {k: r[k] for k in NEWS_KEYS} | {"must_not_broken": len(r["must_not_broken"])}
        pred = code.ingest_export(shared / "seeds" / "articles.jsonl", work, "seeds")
        r = score(shared, "incidents", "--gold", str(shared / "gold" / "seeds.json"), "--pred", str(pred))
        res["seeds"] = {k: r[k] for k in ("recall", "precision", "record_exact")} | {
            "must_not_broken": len(r["must_not_broken"])}
        if not args.skip_acled:
            kind = ("--kind", "acled-note") if "--kind" in code.help else ()
            pred = code.ingest_export(shared / "data" / "acled-iraq-2019.notes.jsonl", work, "acled", *kind)
            r = score(shared, "incidents", "--gold", str(shared / "data" / "acled-iraq-2019.csv"), "--pred", str(pred))
            res["acled notes"] = {k: r[k] for k in ACLED_KEYS}
        if args.case:
            res["CASE 5-fold"] = case_folds(code, shared, bench_dir)
    return res


def baseline(rev: str, shared: Path, args: argparse.Namespace) -> tuple[str, dict[str, dict[str, float]]]:
    sha = git("rev-parse", rev)
    gold_key = hashlib.sha256(GOLD.read_bytes()).hexdigest()[:8]
    key = f"{sha[:12]}-{gold_key}-{'a' if not args.skip_acled else ''}{'c' if args.case else ''}.json"
    cached = CACHE / key
    if cached.exists():
        return sha, json.loads(cached.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        git("worktree", "add", "--detach", str(tree), sha)
        try:
            res = measure(Code(tree / "src"), tree / "bench", shared, args)
        finally:
            git("worktree", "remove", "--force", str(tree))
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(res), encoding="utf-8")
    return sha, res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--against", help="baseline revision (default HEAD~1, or HEAD with uncommitted changes)")
    ap.add_argument("--no-baseline", action="store_true", help="measure the working tree only")
    ap.add_argument("--skip-acled", action="store_true", help="skip the 3,179 ACLED notes (about 3 minutes each)")
    ap.add_argument("--case", action="store_true", help="add CASE 5-fold through the pipeline (about 10 minutes)")
    args = ap.parse_args()
    shared = args.shared.resolve()
    if not (shared / "eval" / "score.py").exists():
        print(f"bench: no scorer at {shared}/eval/score.py", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    now = measure(Code(ROOT / "src"), ROOT / "bench", shared, args)
    before: dict[str, dict[str, float]] = {}
    label = ""
    if not args.no_baseline:
        rev = args.against or ("HEAD" if git("status", "--porcelain", "--untracked-files=no") else "HEAD~1")
        sha, before = baseline(rev, shared, args)
        label = f"{rev} ({sha[:7]})"
    print(f"| data set | measure | working tree | {label or 'baseline'} | change |")
    print("|---|---|---|---|---|")
    for ds, figures in now.items():
        for key, value in figures.items():
            old = before.get(ds, {}).get(key)
            delta = "" if old is None else f"{value - old:+.3f}" if isinstance(value, float) else f"{value - old:+d}"
            shown_old = "" if old is None else (f"{old:.3f}" if isinstance(old, float) else str(old))
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"| {ds} | {key} | {shown} | {shown_old} | {delta} |")
    print(f"\n{time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
