"""Writers for each export format; each takes records and a text or binary stream.

Why one small function per format with a shared registry: the CLI, the API and a
Spark job pick a writer by name, and a plugin can add one without touching the CLI.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from ..models import ACLED_COLUMNS, EXTENSION_COLUMNS, Figure, Incident
from ..store.backup import write_backup

__all__ = ["EXPORTERS", "FORMULA_STARTS", "Exporter", "FIGURE_COLUMNS", "INCIDENT_COLUMNS", "safe_text"]

INCIDENT_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EXTENSION_COLUMNS
FIGURE_COLUMNS: tuple[str, ...] = (
    "article_ids", "kind", "value", "value_low", "value_high", "as_of", "projection", "claimant", "id")


@dataclass(frozen=True, slots=True)
class Exporter:
    name: str
    binary: bool
    # "incidents", "incidents+reports" (with each report and the version log), "figures", or "store"
    # (the writer is handed the Store itself: the backup, which is every table and not a list of records)
    records: str
    write: Callable[[Iterable[Any], IO[Any]], int]
    help: str


# a spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in an
# article's title or an actor name copied from a page): such text is written behind a quote.
# This holds for every text cell of every CSV export (acled-csv, figures-csv, the API's /export.csv),
# since they are all written by `_write_csv`; numbers stay numbers ("-0.5" is a longitude)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs: a leading formula character gets a `'` before it."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        # a lone CR is not quoted by the csv module when rows end in LF, yet every CSV reader (and a
        # spreadsheet) starts a new row there, whose first cell would then escape the formula guard:
        # every line break is written as LF, which is quoted
        return safe_text(value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".") if value == value else ""
    return value


def _write_csv(records: Iterable[Incident | Figure], columns: tuple[str, ...], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow({k: _cell(v) for k, v in rec.to_row().items()})
        n += 1
    return n


def write_acled_csv(incidents: Iterable[Incident], out: IO[str]) -> int:
    return _write_csv(incidents, INCIDENT_COLUMNS, out)


def write_figures_csv(figures: Iterable[Figure], out: IO[str]) -> int:
    return _write_csv(figures, FIGURE_COLUMNS, out)


def write_jsonl(incidents: Iterable[Incident], out: IO[str]) -> int:
    n = 0
    for inc in incidents:
        out.write(json.dumps(inc.to_dict(), ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_geojson(incidents: Iterable[Incident], out: IO[str]) -> int:
    """A FeatureCollection of the incidents that have coordinates (others cannot be mapped)."""
    features = []
    for inc in incidents:
        if inc.latitude is None or inc.longitude is None:
            continue
        props = {k: v for k, v in inc.to_row().items() if k not in {"latitude", "longitude"}}
        props["evidence"] = [{"field": e.field, "article_id": e.article_id, "start": e.start, "end": e.end,
                              "text": e.text} for e in inc.evidence]
        features.append({"type": "Feature", "id": inc.id,
                         "geometry": {"type": "Point", "coordinates": [inc.longitude, inc.latitude]},
                         "properties": props})
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, default=str)
    out.write("\n")
    return len(features)


def write_parquet(incidents: Iterable[Incident], out: IO[bytes]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kept = list(incidents)
    rows = [inc.to_row() for inc in kept]
    cols = {c: [r.get(c) for r in rows] for c in INCIDENT_COLUMNS}
    cols["article_ids"] = [r["article_ids"].split(";") if r["article_ids"] else [] for r in rows]
    cols["evidence"] = [json.dumps([{"field": e.field, "article_id": e.article_id, "start": e.start,
                                     "end": e.end, "text": e.text} for e in inc.evidence], ensure_ascii=False)
                        for inc in kept]
    pq.write_table(pa.table(cols), out)
    return len(rows)


EXPORTERS: dict[str, Exporter] = {
    e.name: e for e in (
        Exporter("acled-csv", False, "incidents", write_acled_csv,
                 "ACLED column order, then the extension columns (score.py reads it)"),
        Exporter("jsonl", False, "incidents+reports", write_jsonl,
                 "one full record per line, with evidence spans, each report and the version log"),
        Exporter("geojson", False, "incidents", write_geojson, "FeatureCollection of mapped incidents"),
        Exporter("parquet", True, "incidents", write_parquet, "columnar, for Spark and pandas (needs -o)"),
        Exporter("figures-csv", False, "figures", write_figures_csv, "humanitarian figures"),
        Exporter("backup", False, "store", write_backup,
                 "every stored table as JSON Lines with a versioned header; `conflictwire import` restores it"),
    )
}
