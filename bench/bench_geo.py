"""Geoparsing benchmark: gazetteer build time and memory, toponyms resolved per second, accuracy,
for the hand-set resolution weights and the fitted model, in one run.

    .venv/bin/python bench/bench_geo.py [--shared ../shared] [--gazetteer FILE] [--model FILE]
                                        [--lowercase] [--skip-seeds]

Without --gazetteer the default gazetteer is built into a temporary directory (in a
child process, so its peak memory is measured apart from parsing).  Speed is CPU time
of `Geoparser.parse` in this single process; accuracy comes from ../shared/eval/score.py.

Each model (`hand`: the weights tuned by hand before issue #15, kept in _hand_weights.py;
`fitted`: --model, default the one shipped) is measured on LGL and GeoVirus whole, on
their documents in the fold `conflictwire train geo-resolution` keeps aside, on the ACLED
Iraq notes' locations (each note parsed and located as a whole, no spaCy: the share within
ACLED's radius of the gold point, all notes and the aside fold), and on the seeds (ingest,
export and score.py incidents, the model passed through CONFLICTWIRE_GEO_MODEL).
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _hand_weights import hand_model
from _scorer import score
from conflictwire.geo import Gazetteer, Geoparser, ResolutionModel, build_default, distance_km, place_record
from conflictwire.training.geo_resolution import ACLED_RADIUS_KM, ASIDE_FOLD, fold_of

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


def _measure(gp: Geoparser, shared: Path, work: Path, lowercase: bool, speed: bool) -> dict[str, float]:
    """LGL and GeoVirus: whole, and the documents of the aside fold, scored by score.py geo."""
    out: dict[str, float] = {}
    total_cpu = 0.0
    total_places = 0
    runs = [(name, False) for name in ("lgl", "geovirus")]
    runs += [(name, True) for name in ("lgl", "geovirus")] if lowercase else []
    for name, lower in runs:
        gold = shared / "data" / "geo" / f"{name}.jsonl"
        docs = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
        tag = name
        if lower:
            tag = f"{name} lower"
            gold = work / f"{name}.lower.jsonl"
            docs = [{**d, "text": _lower(d["text"])} for d in docs]
            gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        n = 0
        t0 = time.process_time()
        preds = []
        for d in docs:
            places = [p for p in gp.parse(d["text"]) if p.latitude is not None]
            n += len(places)
            preds.append({"id": d["id"], "places": [place_record(p) for p in places]})
        cpu = time.process_time() - t0
        if not lower:
            total_cpu += cpu
            total_places += n
        pred = work / f"{tag}.pred.jsonl"
        pred.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
        s = score(shared, "geo", "--gold", str(gold), "--pred", str(pred))
        print(f"{gp.model.label[:12]:12} {tag:14s} docs={len(docs)} toponyms={n} cpu={cpu:.2f}s ({n / cpu:.0f}/s)  "
              f"recognized={s['recognized']:.3f} acc161_resolved={s['acc161_resolved']:.3f} "
              f"precision={s['precision']:.3f} acc161_all={s['acc161_all']:.3f} median_km={s['median_km']:.1f}")
        out[f"{tag} acc161_all"] = s["acc161_all"]
        out[f"{tag} acc161_resolved"] = s["acc161_resolved"]
        if lower:
            continue
        aside = [i for i, d in enumerate(docs) if fold_of(name, str(d["id"])) == ASIDE_FOLD]
        gold_a, pred_a = work / f"{name}.aside.gold.jsonl", work / f"{name}.aside.pred.jsonl"
        gold_a.write_text("".join(json.dumps(docs[i]) + "\n" for i in aside), encoding="utf-8")
        pred_a.write_text("".join(json.dumps(preds[i]) + "\n" for i in aside), encoding="utf-8")
        s = score(shared, "geo", "--gold", str(gold_a), "--pred", str(pred_a))
        out[f"{name} aside acc161_all"] = s["acc161_all"]
        out[f"{name} aside acc161_resolved"] = s["acc161_resolved"]
    if speed and total_cpu:
        print(f"overall (as written): {total_places / total_cpu:.0f} toponyms resolved per CPU second (one core)")
    return out


def _notes(gp: Geoparser, shared: Path) -> dict[str, float]:
    """ACLED Iraq notes: the share whose place (the whole note located) lies within ACLED's radius."""
    path = shared / "data" / "acled-iraq-2019.csv"
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("notes") or "").strip()]
    hits = {"all": 0, "aside": 0}
    seen = {"all": 0, "aside": 0}
    for r in rows:
        note = r["notes"].strip()
        where = gp.locate(gp.parse(note), note, 0, len(note))
        ok = where is not None and where.latitude is not None and where.longitude is not None and distance_km(
            float(r["latitude"]), float(r["longitude"]), where.latitude, where.longitude
        ) <= ACLED_RADIUS_KM.get(r["geo_precision"], 25.0)
        for part in ("all", "aside") if fold_of("acled-iraq", r["event_id_cnty"]) == ASIDE_FOLD else ("all",):
            seen[part] += 1
            hits[part] += ok
    return {f"acled notes {part} location_km": hits[part] / max(seen[part], 1) for part in hits}


def _seeds(shared: Path, work: Path, gaz_path: Path) -> dict[str, float]:
    """The seeds end to end with this model: ingest, export, score.py incidents."""
    env = {**os.environ, "CONFLICTWIRE_GEO_MODEL": str(work / "model.npz"), "CONFLICTWIRE_GAZETTEER": str(gaz_path)}
    cli = [sys.executable, "-m", "conflictwire.cli"]
    db, inc, fig = work / "seeds.db", work / "seeds.csv", work / "seeds.figures.csv"
    subprocess.run([*cli, "ingest", str(shared / "seeds" / "articles.jsonl"), "--db", str(db), "-q"],
                   env=env, check=True, capture_output=True)
    subprocess.run([*cli, "export", "--db", str(db), "--format", "acled-csv", "-o", str(inc)], env=env, check=True,
                   capture_output=True)
    subprocess.run([*cli, "export", "--db", str(db), "--format", "figures-csv", "-o", str(fig)], env=env,
                   check=True, capture_output=True)
    s = score(shared, "incidents", "--gold", str(shared / "gold" / "seeds.json"), "--pred", str(inc),
              "--figures", str(fig))
    return {f"seeds {k}": float(s[k]) for k in ("recall", "precision", "record_exact", "location_km", "figures")} | {
        "seeds must_not_broken": float(len(s["must_not_broken"]))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO / ".." / "shared"))
    ap.add_argument("--gazetteer", help="use this gazetteer file instead of building one")
    ap.add_argument("--lowercase", action="store_true",
                    help="also parse the corpora lower-cased (the truecasing path) and score that")
    ap.add_argument("--model", help="the fitted resolution model to compare (default: the one shipped)")
    ap.add_argument("--skip-seeds", action="store_true", help="skip the seeds (two ingests)")
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
        gaz = Gazetteer.open_path(gaz_path)
        fitted = ResolutionModel.load(Path(args.model) if args.model else None)
        models = {"hand": hand_model(), "fitted": fitted}
        print(f"fitted model: {args.model or 'shipped'} ({fitted.label})")
        table: dict[str, dict[str, float]] = {}
        for label, model in models.items():
            gp = Geoparser(gaz, model=model)
            work = Path(tmp) / label
            work.mkdir()
            table[label] = _measure(gp, shared, work, args.lowercase, label == "fitted")
            table[label].update(_notes(gp, shared))
            if not args.skip_seeds:
                model.save(work / "model.npz")
                table[label].update(_seeds(shared, work, gaz_path))
        print()
        print(f"{'figure':34} {'hand':>8} {'fitted':>8} {'diff':>8}")
        for key in table["hand"]:
            a, b = table["hand"][key], table["fitted"][key]
            print(f"{key:34} {a:8.3f} {b:8.3f} {b - a:+8.3f}")
        print(f"peak RSS while parsing {_peak_mb():.0f} MB (before opening the gazetteer {base_mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
