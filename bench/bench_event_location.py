"""Incident location on the ACLED Iraq notes: the current rules against the previous ones, in one run.

    .venv/bin/python bench/bench_event_location.py [--shared ../shared] [--limit N] [--other-countries]

Each note goes through spaCy once; its places are parsed and its incidents extracted
three times: with the resolution model shipped (`current`), with the hand-set weights it
replaced (`hand`, bench/_hand_weights.py), and with the hand-set weights and `locate` rules
before the conflict-notes work (`previous`; recognition fixes apply to all).  The
figure is the share of notes whose first incident lies within ACLED's radius of the
gold point (25/50/100 km by geo_precision 1/2/3) — `score.py incidents`' location_km
without its incident matching, so within about half a point of it.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections import Counter
from pathlib import Path

from _hand_weights import hand_model, previous_model
from conflictwire.config import Settings
from conflictwire.extract.incidents import Extractor
from conflictwire.geo import Gazetteer, Geoparser
from conflictwire.ingest import read_inputs
from conflictwire.models import Article
from conflictwire.nlp import build_nlp

REPO = Path(__file__).resolve().parent.parent
RADIUS_KM = {"1": 25.0, "2": 50.0, "3": 100.0}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(REPO / ".." / "shared"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N notes")
    ap.add_argument("--other-countries", action="store_true",
                    help="the ACLED notes of other countries in data/train (whole note located, no spaCy)")
    args = ap.parse_args(argv)
    data = Path(args.shared) / "data"
    if args.other_countries:
        return _other_countries(data / "train", args.limit)
    notes, gold_csv = data / "acled-iraq-2019.notes.jsonl", data / "acled-iraq-2019.csv"
    if not notes.exists() or not gold_csv.exists():
        print(f"bench_event_location: {data} lacks the ACLED Iraq notes", file=sys.stderr)
        return 2
    with gold_csv.open(newline="", encoding="utf-8-sig") as fh:
        gold = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}

    settings = Settings.from_env()
    nlp, extractor, gaz = build_nlp(settings), Extractor.from_settings(settings), Gazetteer.open(settings)
    prev_model, prev_rules = previous_model()
    parsers = {"current": Geoparser(gaz), "hand": Geoparser(gaz, model=hand_model()),
               "previous": Geoparser(gaz, prev_rules, model=prev_model)}
    hits = dict.fromkeys(parsers, 0)
    empty = dict.fromkeys(parsers, 0)
    cpu = dict.fromkeys(parsers, 0.0)
    articles = [a for a in read_inputs([str(notes)], settings, published=settings.default_published)
                if isinstance(a, Article) and a.id in gold]
    if args.limit:
        articles = articles[: args.limit]
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=32):
        g = gold[article.id]
        for label, gp in parsers.items():
            t0 = time.process_time()
            places = gp.parse(article.text, doc)
            found = extractor.extract(article, doc, places, gp.locate)
            cpu[label] += time.process_time() - t0
            inc = found.incidents[0] if found.incidents else None
            if inc is None or inc.latitude is None or inc.longitude is None:
                empty[label] += 1
                continue
            d = _km(float(g["latitude"]), float(g["longitude"]), inc.latitude, inc.longitude)
            hits[label] += d <= RADIUS_KM.get(g["geo_precision"], 25.0)
    n = len(articles) or 1
    for label in parsers:
        print(f"{label:9} notes={n} location_km={hits[label] / n:.3f} no_location={empty[label] / n:.3f} "
              f"parse+extract cpu={cpu[label]:.1f}s")
    ratio = hits["current"] / hits["previous"] if hits["previous"] else math.inf
    print(f"ratio current/previous: {ratio:.3f}")
    gaz.close()
    return 0


def _other_countries(train: Path, limit: int) -> int:
    """Per-country share of notes located within ACLED's radius: the shipped model, the hand-set weights,
    the previous rules (none of these notes is used to fit the model: a held-out check across countries)."""
    rows: list[dict[str, str]] = []
    for path in sorted(train.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows += list(csv.DictReader(fh))[: limit or None]
    if not rows:
        print(f"bench_event_location: no ACLED notes under {train}", file=sys.stderr)
        return 2
    gaz = Gazetteer.open(Settings.from_env())
    prev_model, prev_rules = previous_model()
    parsers = {"current": Geoparser(gaz), "hand": Geoparser(gaz, model=hand_model()),
               "previous": Geoparser(gaz, prev_rules, model=prev_model)}
    hits: dict[str, Counter[str]] = {label: Counter() for label in parsers}
    seen: Counter[str] = Counter()
    t0 = time.process_time()
    for r in rows:
        seen[r["country"]] += 1
        for label, gp in parsers.items():
            where = gp.locate(gp.parse(r["notes"]), r["notes"], 0, len(r["notes"]))
            if where is None or where.latitude is None or where.longitude is None:
                continue
            d = _km(float(r["latitude"]), float(r["longitude"]), where.latitude, where.longitude)
            hits[label][r["country"]] += d <= RADIUS_KM.get(r["geo_precision"], 25.0)
    print(f"{len(rows)} notes from {train} in {time.process_time() - t0:.1f} s CPU (all three)")
    print(f"{'country':32} {'notes':>6} {'current':>8} {'hand':>8} {'previous':>8}")
    for country, n in seen.most_common(20):
        print(f"{country:32} {n:6d} " + " ".join(f"{hits[label][country] / n:8.3f}" for label in parsers))
    total = {label: sum(h.values()) / len(rows) for label, h in hits.items()}
    print(f"{'all':32} {len(rows):6d} " + " ".join(f"{total[label]:8.3f}" for label in parsers)
          + f"  ratio current/previous {total['current'] / total['previous']:.3f}")
    gaz.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
