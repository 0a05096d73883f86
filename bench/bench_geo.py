"""Geoparsing benchmark: gazetteer build time and memory, toponyms resolved per second, accuracy.

    .venv/bin/python bench/bench_geo.py [--shared ../shared] [--gazetteer FILE] [--lowercase]

Without --gazetteer the default gazetteer is built into a temporary directory (in a
child process, so its peak memory is measured apart from parsing).  Speed is CPU time
of `Geoparser.parse` in this single process; accuracy comes from ../shared/eval/score.py.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

from _scorer import score
from conflictwire.geo import Gazetteer, Geoparser, build_default, place_record

REPO = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(path: str, q: mp.Queue) -> None:
    t0 = time.perf_counter()
    build_default(path)
    q.put((time.perf_counter() - t0, _peak_mb()))


def _lower(text: str) -> str:
    """Lower case that keeps every offset (a character whose lower case is longer stays)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO / ".." / "shared"))
    ap.add_argument("--gazetteer", help="use this gazetteer file instead of building one")
    ap.add_argument("--lowercase", action="store_true",
                    help="also parse the corpora lower-cased (the truecasing path) and score that")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not (shared / "data" / "geo").is_dir():
        print(f"bench_geo: {shared}/data/geo not found", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        if args.gazetteer:
            gaz_path = Path(args.gazetteer)
        else:
            gaz_path = Path(tmp) / "gazetteer.sqlite"
            q: mp.Queue = mp.Queue()
            proc = mp.get_context("fork").Process(target=_build, args=(str(gaz_path), q))
            proc.start()
            secs, build_mb = q.get()
            proc.join()
            print(
                f"gazetteer build: {secs:.1f} s, peak RSS {build_mb:.0f} MB, "
                f"file {gaz_path.stat().st_size / 1e6:.0f} MB"
            )

        base_mb = _peak_mb()
        gp = Geoparser(Gazetteer.open_path(gaz_path))
        total_cpu = 0.0
        total_places = 0
        runs = [(name, False) for name in ("lgl", "geovirus")]
        runs += [(name, True) for name in ("lgl", "geovirus")] if args.lowercase else []
        for name, lower in runs:
            gold = shared / "data" / "geo" / f"{name}.jsonl"
            pred = Path(tmp) / f"{name}{'.lower' if lower else ''}.pred.jsonl"
            docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
            if lower:
                gold = Path(tmp) / f"{name}.lower.jsonl"
                docs = [{**d, "text": _lower(d["text"])} for d in docs]
                gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
                name += " lower"
            n = 0
            t0 = time.process_time()
            with pred.open("w", encoding="utf-8") as out:
                for d in docs:
                    places = [p for p in gp.parse(d["text"]) if p.latitude is not None]
                    n += len(places)
                    out.write(json.dumps({"id": d["id"], "places": [place_record(p) for p in places]}) + "\n")
            cpu = time.process_time() - t0
            if not lower:  # the goal is for text as written; the lower-cased path is printed apart
                total_cpu += cpu
                total_places += n
            s = score(shared, "geo", "--gold", str(gold), "--pred", str(pred))
            print(
                f"{name:14s} docs={len(docs)} toponyms={n} cpu={cpu:.2f}s ({n / cpu:.0f}/s)  "
                f"recognized={s['recognized']:.3f} acc161_resolved={s['acc161_resolved']:.3f} "
                f"precision={s['precision']:.3f} acc161_all={s['acc161_all']:.3f} "
                f"median_km={s['median_km']:.1f}"
            )
        print(
            f"overall (as written): {total_places / total_cpu:.0f} toponyms resolved per CPU second (one core); "
            f"peak RSS while parsing {_peak_mb():.0f} MB (before opening the gazetteer {base_mb:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
