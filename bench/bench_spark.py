"""`conflictwire run`: the local engine against Spark on `local[N]`, on the same articles, in one run.

Prints articles/s for each engine end to end (models loaded, Parquet written) and for
the processing alone (local: after the models are loaded; Spark: after the session is
up, so the workers' own model loading is included), their ratio, and checks that both
wrote the same rows.

    python bench/bench_spark.py [--shared ../shared] [--limit 200] [--master local[2]]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from conflictwire.config import Settings
from conflictwire.engines import read_table, run
from conflictwire.engines.tables import TABLES
from conflictwire.pipeline import Pipeline


def _differences(a: Path, b: Path) -> dict[str, tuple[int, int, set[str]]]:
    """Per table: rows, rows that differ, and the columns they differ in (rows matched by their keys)."""
    def keyed(folder: Path, name: str) -> dict[tuple, dict]:
        return {(r["seq"], r.get("owner"), r.get("owner_position"), r.get("position")): r
                for r in read_table(folder, name)}

    out = {}
    for name in TABLES:
        ra, rb = keyed(a, name), keyed(b, name)
        differ = [k for k in ra.keys() | rb.keys() if ra.get(k) != rb.get(k)]
        columns = {c for k in differ if k in ra and k in rb for c in ra[k] if ra[k][c] != rb[k][c]}
        out[name] = (len(ra), len(differ), columns | ({"(row missing)"} if ra.keys() != rb.keys() else set()))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--limit", type=int, default=200, help="articles to process (of 1,257)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--chunk-size", type=int, default=25)
    args = ap.parse_args()
    src = args.shared / "data" / "news" / "india-police-events.jsonl"
    if not src.exists():
        print(f"bench: {src} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sample = work / "sample.jsonl"
        with src.open(encoding="utf-8") as fh:
            sample.write_text("".join(line for _, line in zip(range(args.limit), fh, strict=False)), encoding="utf-8")
        settings = Settings.from_env(db_url="sqlite://")

        t0 = time.perf_counter()
        pipeline = Pipeline.from_settings(settings)
        t1 = time.perf_counter()
        local = run([str(sample)], work / "local", settings, pipeline=pipeline, chunk_size=args.chunk_size)
        t2 = time.perf_counter()
        local_total, local_proc = t2 - t0, t2 - t1
        del pipeline

        from conflictwire.engines.spark import local_session

        t0 = time.perf_counter()
        session = local_session(args.master, "conflictwire-bench")
        t1 = time.perf_counter()
        spark = run([str(sample)], work / "spark", settings, engine="spark", spark=session,
                    chunk_size=args.chunk_size)
        t2 = time.perf_counter()
        session.stop()
        spark_total, spark_proc = t2 - t0, t2 - t1
        diff = _differences(work / "local", work / "spark")

    n = local.read
    print(f"cores: {os.cpu_count()}  spaCy: {settings.spacy_models[0]} (or fallback)  articles: {n}  "
          f"chunks of {args.chunk_size}, {spark.partitions} Spark partitions on {args.master}")
    print(f"{'engine':<18}{'total s':>9}{'art/s':>8}{'run s':>8}{'art/s':>8}")
    print(f"{'local':<18}{local_total:>9.1f}{n / local_total:>8.2f}{local_proc:>8.1f}{n / local_proc:>8.2f}"
          "   (total: model load + run)")
    print(f"{'spark ' + args.master:<18}{spark_total:>9.1f}{n / spark_total:>8.2f}{spark_proc:>8.1f}"
          f"{n / spark_proc:>8.2f}   (total: JVM + session + run, which includes the workers' model loads)")
    print(f"spark/local articles/s: total {local_total / spark_total:.2f}x, run {local_proc / spark_proc:.2f}x; "
          f"rows that differ: {sum(d for _, d, _ in diff.values())}")
    for name, (rows, differ, columns) in diff.items():
        print(f"  {name:<11}{rows:>7} rows, {differ} differ" + (f" in {', '.join(sorted(columns))}" if differ else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
