"""Draw the articles of the news gold's `aside2` split by a fixed, seeded procedure.

The `aside` half had been read over several sessions, so a rule could fit it without anyone
meaning to. `aside2` is a fresh sample, drawn by this script before the system was run on any
of its articles. It prints the ids; the annotator then codes each from its text alone.

    python bench/sample_news_gold.py [--shared ../shared] [--seed 16]

India: Times of India articles not yet in the gold, with a KILL, FORCE or ARREST label, of at
most 2,000 characters (so each can be read whole). Geo: LGL and GeoVirus texts not yet in the
gold that name a violent act in their first 400 characters, of at most 2,500 characters.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VIOLENT = re.compile(r"\b(killed|shot|shooting|bomb\w*|clash\w*|attack\w*|stabbed|explosion|gunmen|militants?)\b",
                     re.I)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--india", type=int, default=22)
    ap.add_argument("--geo", type=int, default=4)
    args = ap.parse_args()
    gold = json.loads((ROOT / "bench" / "gold" / "news-dev.json").read_text(encoding="utf-8"))
    used = {a["id"] for a in gold["articles"]}
    india = []
    with (args.shared / "data/news/india-police-events.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            lab = d["labels"]
            if d["id"] not in used and len(d["text"]) <= 2000 and (lab["KILL"] or lab["FORCE"] or lab["ARREST"]):
                india.append(d["id"])
    geo = []
    for name in ("lgl", "geovirus"):
        with (args.shared / f"data/geo/{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d["id"] not in used and len(d["text"]) <= 2500 and VIOLENT.search(d["text"][:400]):
                    geo.append(d["id"])
    rng = random.Random(args.seed)
    picked = rng.sample(sorted(india), args.india) + rng.sample(sorted(geo), args.geo)
    print(f"eligible: {len(india)} india, {len(geo)} geo")
    print("\n".join(picked))


if __name__ == "__main__":
    main()
