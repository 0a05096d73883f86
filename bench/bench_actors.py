"""Actor-role accuracy on ACLED notes, against a baseline measured in the same run.

Each ACLED row's note is one document describing one event; the gold sub-event type and
country are passed in, as the pipeline passes its own. Accuracy uses the independent
scorer's ``actor_match`` (family level), read from ../shared/eval/score.py at run time.

    .venv/bin/python bench/bench_actors.py --shared ../shared            # regex cues only
    .venv/bin/python bench/bench_actors.py --shared ../shared --parse    # + spaCy dependency cues
    .venv/bin/python bench/bench_actors.py --shared ../shared --errors 30 --only iraq

Baseline: the first actor mention in the note is actor1, the next different one actor2.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from _scorer import load_scorer
from conflictwire.config import Settings
from conflictwire.extract.actors import ActorLexicon, ActorMention, assign_roles

csv.field_size_limit(10**8)


def baseline(mentions: list[ActorMention]) -> tuple[str, str, int | None]:
    """First mention is actor1, the next mention with another name is actor2."""
    names = [(m.canonical, m.inter) for m in mentions if not m.canonical.startswith("@")]
    if not names:
        return "", "", None
    a1, i1 = names[0]
    a2 = next((n for n, _ in names[1:] if n != a1), "")
    return a1, a2, i1


def load_spacy(settings: Settings):  # noqa: ANN201 - spaCy is optional here
    import spacy

    for name in settings.spacy_models:
        try:
            return spacy.load(name, disable=["ner"])
        except OSError:
            continue
    raise SystemExit("no spaCy model installed; run without --parse")


def run(path: Path, lexicon: ActorLexicon, scorer: ModuleType, *, nlp=None, errors: int = 0,  # noqa: ANN001
        seed: int = 0) -> dict[str, float]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("notes")]
    texts = [r["notes"] for r in rows]
    docs = list(nlp.pipe(texts, batch_size=64)) if nlp is not None else [None] * len(rows)
    hits: Counter[str] = Counter()
    wrong: list[str] = []
    t0 = time.perf_counter()
    for r, doc in zip(rows, docs, strict=True):
        text, country = r["notes"], r.get("country") or None
        roles = assign_roles(text, 0, len(text), lexicon, sub_event_type=r["sub_event_type"], country=country,
                             doc=doc)
        b1, b2, bi = baseline(lexicon.find(text, country=country))
        ok1 = scorer.actor_match([r["actor1"]], roles.actor1)
        ok2 = scorer.actor_match([r["actor2"]], roles.actor2)
        hits["actor1"] += ok1
        hits["actor2"] += ok2
        hits["both"] += ok1 and ok2
        hits["inter1"] += str(roles.inter1 or 0) == (r.get("inter1") or "0")
        hits["inter2"] += str(roles.inter2 or 0) == (r.get("inter2") or "0")
        hits["interaction"] += str(roles.interaction or 0) == (r.get("interaction") or "0")
        hits["exact1"] += roles.actor1 == r["actor1"]
        hits["base_actor1"] += scorer.actor_match([r["actor1"]], b1)
        hits["base_actor2"] += scorer.actor_match([r["actor2"]], b2)
        hits["base_inter1"] += str(bi or 0) == (r.get("inter1") or "0")
        if not (ok1 and ok2):
            wrong.append(f"[{r['sub_event_type']}] gold={r['actor1']!r} / {r['actor2']!r}  "
                         f"pred={roles.actor1!r} / {roles.actor2!r}\n    {text[:300]}")
    elapsed = time.perf_counter() - t0
    n = len(rows)
    res = {k: v / n for k, v in hits.items()}
    print(f"\n== {path.name}: {n} notes, {elapsed:.1f}s for roles ({1000 * elapsed / max(n, 1):.2f} ms/note)"
          f"{' + parse' if nlp is not None else ''}")
    for key in ("actor1", "actor2", "inter1"):
        base = res.get(f"base_{key}", 0.0)
        ratio = res[key] / base if base else float("inf")
        print(f"  {key:<12} {res[key]:.3f}   baseline {base:.3f}   ratio {ratio:.2f}")
    for key in ("both", "inter2", "interaction", "exact1"):
        print(f"  {key:<12} {res[key]:.3f}")
    if errors and wrong:
        random.Random(seed).shuffle(wrong)
        print(f"  -- {min(errors, len(wrong))} of {len(wrong)} errors --")
        for line in wrong[:errors]:
            print("  " + line)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--parse", action="store_true", help="add spaCy dependency cues (slower)")
    ap.add_argument("--errors", type=int, default=0, help="print N random errors per file")
    ap.add_argument("--only", choices=["iraq", "train"], help="one data set only")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if not (args.shared / "eval" / "score.py").exists():
        print(f"no shared data at {args.shared}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.shared)
    settings = Settings()
    lexicon = ActorLexicon.load(settings)
    nlp = load_spacy(settings) if args.parse else None
    data = args.shared / "data"
    files = []
    if args.only in (None, "iraq"):
        files.append(data / "acled-iraq-2019.csv")
    if args.only in (None, "train"):
        files.extend(sorted((data / "train").glob("*.csv")))
    for f in files:
        run(f, lexicon, scorer, nlp=nlp, errors=args.errors, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
