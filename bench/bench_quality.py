"""Quality on every data set in one run: ingest -> export -> ../shared/eval/score.py.

Prints one table (markdown, ready for the README) with a trivial baseline beside each
figure: the same records with their fields replaced by the most common value (majority
event type, zero fatalities, publication date), so each ratio shows what extraction adds.

    python bench/bench_quality.py [--shared ../shared] [--skip-acled] [--skip-geo]
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _scorer import score

BIN = Path(sys.executable).parent / "conflictwire"


def sh(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def ingest_export(src: Path, work: Path, name: str) -> tuple[Path, Path, float]:
    db = work / f"{name}.db"
    t0 = time.perf_counter()
    sh(str(BIN), "ingest", str(src), "--db", str(db), "-q")
    elapsed = time.perf_counter() - t0
    inc, fig = work / f"{name}.csv", work / f"{name}.figures.csv"
    sh(str(BIN), "export", "--db", str(db), "--format", "acled-csv", "-o", str(inc))
    sh(str(BIN), "export", "--db", str(db), "--format", "figures-csv", "-o", str(fig))
    return inc, fig, elapsed


def baseline(pred: Path, out: Path) -> Path:
    """Majority type, no casualties, no actors: what a record costs without extraction."""
    rows = list(csv.DictReader(pred.open(encoding="utf-8")))
    if not rows:
        out.write_text(pred.read_text(encoding="utf-8"), encoding="utf-8")
        return out
    top = Counter((r["event_type"], r["sub_event_type"]) for r in rows).most_common(1)[0][0]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({**r, "event_type": top[0], "sub_event_type": top[1], "fatalities": "0", "actor1": "",
                        "actor2": "", "confidence": "0.5"})
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--skip-acled", action="store_true", help="skip the 3,179 ACLED notes (about a minute)")
    ap.add_argument("--skip-geo", action="store_true", help="skip LGL and GeoVirus")
    args = ap.parse_args()
    shared: Path = args.shared
    if not (shared / "eval" / "score.py").exists():
        print(f"bench: no scorer at {shared}/eval/score.py", file=sys.stderr)
        return 2
    rows: list[tuple[str, str, float, float | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        inc, fig, secs = ingest_export(shared / "seeds" / "articles.jsonl", work, "seeds")
        gold = str(shared / "gold" / "seeds.json")
        res = score(shared, "incidents", "--gold", gold, "--pred", str(inc), "--figures", str(fig))
        base = score(shared, "incidents", "--gold", gold, "--pred", str(baseline(inc, work / "b.csv")),
                     "--figures", str(fig))
        for key in ("recall", "precision", "record_exact", "figures"):
            rows.append(("seeds", key, res[key], base[key], ""))
        rows.append(("seeds", "must_not_broken", len(res["must_not_broken"]), None, "target 0"))

        if not args.skip_acled:
            inc, _, secs = ingest_export(shared / "data" / "acled-iraq-2019.notes.jsonl", work, "acled")
            gold = str(shared / "data" / "acled-iraq-2019.csv")
            res = score(shared, "incidents", "--gold", gold, "--pred", str(inc))
            base = score(shared, "incidents", "--gold", gold, "--pred", str(baseline(inc, work / "ab.csv")))
            targets = {"event_type": 0.90, "sub_event_type": 0.80, "fatalities": 0.90, "actor1": 0.85,
                       "date_exact": 0.90, "precision": 0.85}
            for key in ("precision", "recall", "event_type", "sub_event_type", "fatalities", "actor1", "actor2",
                        "date_exact", "location_km", "record_exact"):
                note = f"target {targets[key]:.2f}" if key in targets else ""
                rows.append(("acled-iraq-2019 notes", key, res[key], base[key], note))
            rows.append(("acled-iraq-2019 notes", "notes/s (ingest, 1 process)", 3179 / secs, None, ""))

        inc, _, secs = ingest_export(shared / "data" / "case2021-task2-dev.jsonl", work, "case")
        gold = str(shared / "data" / "case2021-task2-dev.tsv")
        res = score(shared, "types", "--gold", gold, "--pred", str(inc))
        base = score(shared, "types", "--gold", gold, "--pred", str(baseline(inc, work / "cb.csv")))
        rows.append(("CASE 2021 dev (in-sample)", "weighted_f1_acled", res["weighted_f1_acled"],
                     base["weighted_f1_acled"], "target 0.75; CV in docs/event-types.md"))
        rows.append(("CASE 2021 dev (in-sample)", "weighted_f1_all", res["weighted_f1_all"],
                     base["weighted_f1_all"], "target 0.70"))

        if not args.skip_geo:
            for name, target in (("lgl", 0.83), ("geovirus", 0.90)):
                out = work / f"{name}.places.jsonl"
                src = shared / "data" / "geo" / f"{name}.jsonl"
                t0 = time.perf_counter()
                sh(str(BIN), "geoparse", str(src), "--format", "jsonl", "-o", str(out))
                secs = time.perf_counter() - t0
                res = score(shared, "geo", "--gold", str(src), "--pred", str(out))
                rows.append((name, "recognized", res["recognized"], None, "target 0.75"))
                rows.append((name, "acc161_resolved", res["acc161_resolved"], None, f"target {target:.2f}"))
                rows.append((name, "precision", res["precision"], None, ""))
                rows.append((name, "documents/s (geoparse CLI)", sum(1 for _ in src.open()) / secs, None, ""))

    print("| data set | measure | conflictwire | baseline | ratio | note |")
    print("|---|---|---|---|---|---|")
    for ds, key, value, base_value, note in rows:
        b = "" if base_value is None else f"{base_value:.3f}"
        r = "" if base_value is None else ratio(value, base_value)
        v = (f"{value:.3f}" if value < 10 else f"{value:.1f}") if isinstance(value, float) else str(value)
        print(f"| {ds} | {key} | {v} | {b} | {r} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
