"""Draw the articles of the news gold's `aside2` split by a fixed, seeded procedure.

The `aside` half had been read over several sessions, so a rule could fit it without anyone
meaning to. `aside2` is a fresh sample, drawn by this script before the system was run on any
of its articles. It prints the ids; the annotator then codes each from its text alone.

    python bench/sample_news_gold.py [--shared ../shared] [--seed 16] [--draw 1|2]

India: Times of India articles not yet in the gold, with a KILL, FORCE or ARREST label, of at
most 2,000 characters (so each can be read whole). Geo: LGL and GeoVirus texts not yet in the
gold that name a violent act in their first 400 characters, of at most 2,500 characters.

The first draw (`--draw 1`, the default) came out all arrests among the India articles and
nothing violent among the geo texts (a flu report, a quake, a car crash, a prison plan), so a
second draw (`--draw 2`, run after the first was annotated, among what was left) asks for what
the first lacked: India articles labelled KILL or FORCE of at most 3,000 characters, and geo
texts whose first 600 characters have both a casualty word and an armed actor.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARMED = re.compile(r"\b(police\w*|soldiers?|troops|militants?|gunm[ae]n|insurgents?|rebels?|army|attackers?)\b", re.I)
CASUALTY = re.compile(r"\b(killed|dead|wounded|injured|shot)\b", re.I)
VIOLENT = re.compile(r"\b(killed|shot|shooting|bomb\w*|clash\w*|attack\w*|stabbed|explosion|gunmen|militants?)\b",
                     re.I)


def candidates(shared: Path, used: set[str], draw: int) -> tuple[list[str], list[str]]:
    """The India and geo ids a draw may pick, in a fixed order."""
    india = []
    with (shared / "data/news/india-police-events.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            lab = d["labels"]
            if d["id"] in used:
                continue
            violent = bool(lab["KILL"] or lab["FORCE"])
            first = draw == 1 and len(d["text"]) <= 2000 and (violent or bool(lab["ARREST"]))
            if first or (draw == 2 and len(d["text"]) <= 3000 and violent):
                india.append(d["id"])
    geo = []
    for name in ("lgl", "geovirus"):
        with (shared / f"data/geo/{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d["id"] in used or len(d["text"]) > 2500:
                    continue
                head = d["text"][:600]
                if VIOLENT.search(head[:400]) if draw == 1 else (ARMED.search(head) and CASUALTY.search(head)):
                    geo.append(d["id"])
    return sorted(india), sorted(geo)


def pick(shared: Path, used: set[str], draw: int, seed: int, n_india: int, n_geo: int) -> list[str]:
    india, geo = candidates(shared, used, draw)
    rng = random.Random(seed)
    return rng.sample(india, min(n_india, len(india))) + rng.sample(geo, min(n_geo, len(geo)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--draw", type=int, choices=(1, 2), default=1)
    args = ap.parse_args()
    gold = json.loads((ROOT / "bench" / "gold" / "news-dev.json").read_text(encoding="utf-8"))
    # The splits that existed before aside2, so both draws can be repeated after it was added.
    used = {a["id"] for a in gold["articles"] if a["split"] in ("dev", "aside")}
    first = pick(args.shared, used, 1, args.seed, 22, 4)
    picked = first if args.draw == 1 else pick(args.shared, used | set(first), 2, args.seed, 4, 4)
    print("\n".join(picked))


if __name__ == "__main__":
    main()
