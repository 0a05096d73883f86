"""Quality on every data set in one run: ingest -> export -> ../shared/eval/score.py.

Prints one table (markdown) with a trivial baseline beside each figure: the same records with
their fields replaced by the most common value (majority event type, zero fatalities, no
actors), so each ratio shows what extraction adds; the linking rows have single link beside
them. `--readme README.md` (`make figures`) writes the table into the README between its
figures markers, with the date and commit, so every figure there comes from this one command.

    python bench/bench_quality.py [--shared ../shared] [--skip-acled] [--skip-geo] [--skip-case-cv]
                                  [--skip-linking] [--readme README.md]
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
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
    """a against its baseline; blank when the baseline scores nothing (any gain is then infinite)."""
    return f"{a / b:.2f}x" if b else ""


Row = tuple[str, str, str, str, str, str]


def fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


def row(ds: str, keys: tuple[str, ...], res: dict, base: dict | None = None, target: str = "",
        base_name: str = "") -> Row:
    """One table row: several measures of one data set, its baseline, the ratio on the first measure."""
    value = " / ".join(fmt(res[k]) for k in keys)
    shown_base = "" if base is None else (base_name + " " if base_name else "") + " / ".join(fmt(base[k]) for k in keys)
    r = "" if base is None or not isinstance(res[keys[0]], float) else ratio(res[keys[0]], base[keys[0]])
    return ds, " / ".join(keys), value, shown_base, r, target


def seeds_rows(shared: Path, work: Path) -> list[Row]:
    inc, fig, _ = ingest_export(shared / "seeds" / "articles.jsonl", work, "seeds")
    gold = str(shared / "gold" / "seeds.json")
    res = score(shared, "incidents", "--gold", gold, "--pred", str(inc), "--figures", str(fig))
    base = score(shared, "incidents", "--gold", gold, "--pred", str(baseline(inc, work / "b.csv")),
                 "--figures", str(fig))
    res["must_not_broken"] = len(res["must_not_broken"])
    return [row("seeds", ("recall", "precision"), res, base, "recall 1.0"),
            row("seeds", ("record_exact",), res, base, "≥ 0.83"),
            row("seeds", ("figures",), res, None, "≥ 0.8"),
            row("seeds", ("must_not_broken",), res, None, "0")]


def news_rows(shared: Path, work: Path) -> list[Row]:
    """The hand-annotated news articles (bench/gold/news-dev.json), dev and aside halves."""
    from bench_news import news_inputs

    src, splits = news_inputs(shared, work)
    db, inc = work / "news.db", work / "news.csv"
    sh(str(BIN), "ingest", str(src), "--db", str(db), "-q", "--no-link")  # the gold scores each article alone
    sh(str(BIN), "export", "--db", str(db), "--format", "acled-csv", "-o", str(inc))
    rows = []
    for split, gold in splits.items():
        res = score(shared, "incidents", "--gold", str(gold), "--pred", str(inc))
        base = score(shared, "incidents", "--gold", str(gold), "--pred", str(baseline(inc, work / f"n{split}.csv")))
        res["must_not_broken"] = len(res["must_not_broken"])
        name = f"news articles, {split} half" + (" (never used to set a rule)" if split == "aside" else "")
        aim = split == "aside"
        rows += [row(name, ("f1", "precision", "recall"), res, base, "f1 ≥ 0.85" if aim else ""),
                 row(name, ("record_exact",), res, base, "≥ 0.50" if aim else ""),
                 row(name, ("sub_event_type", "fatalities", "actor1", "date_exact"), res, base),
                 row(name, ("must_not_broken",), res, None, "0")]
    return rows


def admin1_agreement(pred: Path, gold_csv: Path) -> tuple[float, int]:
    """Of the exported records whose point lies within ACLED's radius of their note's event, the share
    whose `admin1` is the name ACLED writes ("Kirkuk", "Ninewa"), and how many such records there are.

    One record per note is judged (the note's first), as `bench_event_location.py` does."""
    with gold_csv.open(newline="", encoding="utf-8-sig") as fh:
        gold = {r["event_id_cnty"]: r for r in csv.DictReader(fh)}
    radius = {"1": 25.0, "2": 50.0, "3": 100.0}
    seen: set[str] = set()
    right = located = 0
    with pred.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            note = next((a for a in (r.get("article_ids") or "").split(";") if a in gold), None)
            if note is None or note in seen or not r.get("latitude") or not r.get("longitude"):
                continue
            seen.add(note)
            g = gold[note]
            if _km(float(g["latitude"]), float(g["longitude"]), float(r["latitude"]), float(r["longitude"])) \
                    > radius.get(g["geo_precision"], 25.0):
                continue
            located += 1
            right += (r.get("admin1") or "").strip().lower() == g["admin1"].strip().lower()
    return (right / located if located else 0.0), located


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def acled_rows(shared: Path, work: Path) -> list[Row]:
    inc, _, secs = ingest_export(shared / "data" / "acled-iraq-2019.notes.jsonl", work, "acled")
    gold = str(shared / "data" / "acled-iraq-2019.csv")
    res = score(shared, "incidents", "--gold", gold, "--pred", str(inc))
    res["admin1 where located"], located = admin1_agreement(inc, Path(gold))
    base = score(shared, "incidents", "--gold", gold, "--pred", str(baseline(inc, work / "ab.csv")))
    ds = "ACLED Iraq 2019 notes"
    return [row(ds, ("precision", "recall"), res, None, "precision ≥ 0.85"),
            row(ds, ("event_type", "sub_event_type"), res, base, "≥ 0.90 / ≥ 0.80"),
            row(ds, ("fatalities",), res, base, "≥ 0.90"),
            row(ds, ("actor1", "actor2"), res, base, "actor1 ≥ 0.85"),
            row(ds, ("date_exact",), res, None, "≥ 0.90"),
            row(ds, ("location_km",), res, None, ""),
            row(f"{ds} ({located} records within ACLED's radius)", ("admin1 where located",), res, None, "≥ 0.90"),
            row(ds, ("record_exact",), res, base, ""),
            (ds, "notes per second (ingest, one process, SQLite)", f"{3179 / secs:.0f}", "", "", "")]


def case_rows(shared: Path, work: Path, cv: bool) -> list[Row]:
    inc, _, _ = ingest_export(shared / "data" / "case2021-task2-dev.jsonl", work, "case")
    gold = str(shared / "data" / "case2021-task2-dev.tsv")
    res = score(shared, "types", "--gold", gold, "--pred", str(inc))
    base = score(shared, "types", "--gold", gold, "--pred", str(baseline(inc, work / "cb.csv")))
    keys = ("weighted_f1_acled", "weighted_f1_all")
    rows = [row("CASE 2021 dev, in-sample (the model was trained on it)", keys, res, base, "")]
    if cv:  # the honest figure: the whole pipeline, the model refitted without each fold
        out = subprocess.run([sys.executable, str(Path(__file__).with_name("bench_case_pipeline.py")), "--shared",
                              str(shared)], capture_output=True, text=True, check=True).stdout
        held = {k: float(m.group(1)) for k in keys if (m := re.search(rf"\| {k} \| ([\d.]+) \|", out))}
        if len(held) == len(keys):
            rows.append(row("CASE 2021 dev, **5-fold held out** (`bench/bench_case_pipeline.py`)", keys, held, None,
                            "≥ 0.82 (issue #16)"))
    return rows


def geo_rows(shared: Path, work: Path) -> list[Row]:
    rows = []
    for name, target in (("LGL", "acc161 ≥ 0.83"), ("GeoVirus", "acc161 ≥ 0.90")):
        out = work / f"{name}.places.jsonl"
        src = shared / "data" / "geo" / f"{name.lower()}.jsonl"
        t0 = time.perf_counter()
        sh(str(BIN), "geoparse", str(src), "--format", "jsonl", "-o", str(out))
        secs = time.perf_counter() - t0
        res = score(shared, "geo", "--gold", str(src), "--pred", str(out))
        res["documents/s"] = sum(1 for _ in src.open()) / secs
        rows.append(row(name, ("recognized", "acc161_resolved", "precision"), res, None, target))
    return rows


def linking_rows(shared: Path, work: Path) -> list[Row]:
    """Cross-report linking on our fixtures and the hand-judged Times of India groups, single link beside."""
    from bench_linking import GOLD, fixture_inputs, india_inputs, run_set
    from conflictwire import Settings

    settings = Settings.from_env(db_url="sqlite://")
    india = Settings.from_env(db_url="sqlite://", home_country="IN")
    sets = [("linking, our fixtures (seeds, our re-wordings, syndicated copies)", fixture_inputs(shared, work),
             GOLD / "links-fixtures.json", settings)]
    for split in ("dev", "aside"):
        src, gold = india_inputs(shared, work, split)
        sets.append((f"linking, Times of India groups, {split} half", [src], gold, india))
    rows = []
    for name, inputs, gold, set_settings in sets:
        r = run_set(re.sub(r"\W+", "-", name)[:40], inputs, gold, shared, work, set_settings, None)
        names = {"precision": "precision", "recall": "recall", "pair F1": "pair_f1", "B-cubed F1": "bcubed_f1"}
        res = {shown: r[key] for shown, key in names.items()}
        base = {shown: r[f"base_{key}"] for shown, key in names.items()}
        rows.append(row(f"{name} ({r['gold_pairs']} gold pairs)", tuple(res), res, base, "pair F1 ≥ 0.90",
                        base_name="single link"))
    return rows


def render(rows: list[Row]) -> str:
    lines = ["| data set | measure | conflictwire | baseline | ratio | target |", "|---|---|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    return "\n".join(lines)


def write_readme(path: Path, table: str, args: argparse.Namespace) -> None:
    """Put the table between the README's figures markers, saying when and on what it was measured."""
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- figures:start -->", "<!-- figures:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"bench: {path} has no {start} ... {end} block")
    commit = subprocess.run(["git", "-C", str(path.parent), "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    skipped = [name for name, flag in (("ACLED notes", args.skip_acled), ("geoparsing", args.skip_geo),
                                       ("CASE 5-fold", args.skip_case_cv), ("linking", args.skip_linking)) if flag]
    head = (f"Measured by `make figures` (`bench/bench_quality.py --readme README.md`) on {date.today()} at commit "
            f"`{commit}`, {os.cpu_count()} cores" + (f"; not run this time: {', '.join(skipped)}" if skipped else "")
            + ". \"baseline\" is the same records with type, casualties and actors replaced by the majority type, "
            "zero and empty: what extraction adds; the linking rows have single link over the same scored pairs.")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    path.write_text(f"{before}{start}\n{head}\n\n{table}\n{end}{after}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--skip-acled", action="store_true", help="skip the 3,179 ACLED notes (about 3 minutes)")
    ap.add_argument("--skip-geo", action="store_true", help="skip LGL and GeoVirus")
    ap.add_argument("--skip-case-cv", action="store_true", help="skip CASE 5-fold held out (about 10 minutes)")
    ap.add_argument("--skip-linking", action="store_true", help="skip the linking sets")
    ap.add_argument("--readme", type=Path, help="write the table into this README's figures block")
    args = ap.parse_args()
    shared: Path = args.shared.resolve()
    if not (shared / "eval" / "score.py").exists():
        print(f"bench: no scorer at {shared}/eval/score.py", file=sys.stderr)
        return 2
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        steps = [("seeds", lambda: seeds_rows(shared, work)), ("news", lambda: news_rows(shared, work))]
        if not args.skip_acled:
            steps.append(("ACLED notes", lambda: acled_rows(shared, work)))
        steps.append(("CASE", lambda: case_rows(shared, work, not args.skip_case_cv)))
        if not args.skip_geo:
            steps.append(("geoparsing", lambda: geo_rows(shared, work)))
        if not args.skip_linking:
            steps.append(("linking", lambda: linking_rows(shared, work)))
        for name, step in steps:
            t0 = time.perf_counter()
            rows += step()
            print(f"bench: {name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    table = render(rows)
    print(table)
    if args.readme:
        write_readme(args.readme, table, args)
        print(f"bench: wrote the figures into {args.readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
