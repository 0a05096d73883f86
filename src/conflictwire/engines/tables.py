"""The Parquet tables a `run` writes and a `load` reads: `ArticleResult`s as flat rows, and back.

Why flat tables and not pickles: the output of a cluster job is data other tools read
(Spark SQL, DuckDB, pandas), so every field of an article, incident, figure, place and
evidence span is its own typed column.  The columns are derived from the dataclasses in
`models`, so a field added there is carried (or, if its type has no column kind yet, the
import fails loudly here instead of a load silently dropping it).

Every row carries `seq`, the position of its input document in the read stream (rejections
and repeated documents included): `load` replays the documents in that order, in the same
batches `ingest` would have used, so linking sees them exactly as `ingest` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from ..models import Article, ArticleResult, Evidence, Figure, Incident, Place, Rejection

__all__ = ["KINDS", "SCHEMA", "TABLES", "ResultRows", "arrow_schema", "from_rows", "to_rows"]

# what each Python annotation in `models` becomes: one of a few column kinds both pyarrow and Spark know
_KIND_OF_ANNOTATION = {
    "str": "str", "str | None": "str", "int": "int", "int | None": "int", "float": "float",
    "float | None": "float", "bool": "bool", "date | None": "date", "list[str]": "strs",
    "bytes | None": "bytes", "dict[str, Any]": "json",
}
KINDS = frozenset(_KIND_OF_ANNOTATION.values())

# nested parts of an incident that are tables of their own (evidence) or that only the store fills
# (mentions, history, review layer): a pipeline result never has them, and `to_rows` checks that
_INCIDENT_APART = ("evidence", "mentions", "history", "overrides", "reviews")


def _columns(cls: type, skip: Iterable[str] = ()) -> list[tuple[str, str]]:
    skipped = set(skip)
    out = []
    for f in fields(cls):
        if f.name in skipped:
            continue
        kind = _KIND_OF_ANNOTATION.get(str(f.type))
        if kind is None:
            raise TypeError(f"{cls.__name__}.{f.name}: no Parquet column kind for {f.type!r} "
                            "(add one in engines/tables)")
        out.append((f.name, kind))
    return out


_ARTICLE = _columns(Article)
_INCIDENT = _columns(Incident, _INCIDENT_APART)
_FIGURE = _columns(Figure, ("evidence",))
_PLACE = _columns(Place)
_EVIDENCE = _columns(Evidence)

# table -> [(column, kind)]; the keys first: `seq` (input order), then a row's place in its article
SCHEMA: dict[str, list[tuple[str, str]]] = {
    # every article read, in order; status "processed", "duplicate" (same text as an earlier one in the
    # run: `ingest` skips it too) or "failed" (the pipeline broke on it: its rejection has the same seq)
    "articles": [("seq", "int"), ("status", "str"), *_ARTICLE, ("notes", "strs"), ("summary", "bool")],
    "incidents": [("seq", "int"), ("position", "int"), *_INCIDENT, ("vector", "bytes")],
    "figures": [("seq", "int"), ("position", "int"), *_FIGURE],
    "places": [("seq", "int"), ("position", "int"), *_PLACE],
    # the span of an article that supports one field of an incident or a figure (owner, owner_position)
    "evidence": [("seq", "int"), ("owner", "str"), ("owner_position", "int"), ("position", "int"), *_EVIDENCE],
    "rejections": [("seq", "int"), ("source", "str"), ("reason", "str"), ("detail", "str")],
}
TABLES = tuple(SCHEMA)


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table (pyarrow is imported here only: the models stay free of it)."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "strs": pa.list_(pa.string()), "bytes": pa.binary(), "json": pa.string()}
    return pa.schema([(name, types[kind]) for name, kind in SCHEMA[table]])


@dataclass(slots=True)
class ResultRows:
    """The rows of some documents, table by table (what one partition or one local run produces)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def extend(self, other: ResultRows) -> None:
        for name, rows in other.tables.items():
            self.tables[name].extend(rows)

    def rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every row as (table, row): the one stream a Spark partition returns."""
        for name, rows in self.tables.items():
            for row in rows:
                yield name, row


def _plain(obj: Any, cols: list[tuple[str, str]]) -> dict[str, Any]:
    out = {}
    for name, kind in cols:
        value = getattr(obj, name)
        if kind == "json":
            value = json.dumps(value, sort_keys=True, ensure_ascii=False)
        elif kind == "strs":
            value = list(value)
        elif kind == "float" and value is not None:
            value = float(value)  # Spark's schema check refuses an int in a double column
        elif kind == "bool":
            value = bool(value)
        out[name] = value
    return out


def _back(cols: list[tuple[str, str]], row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, kind in cols:
        value = row[name]
        if kind == "json":
            value = json.loads(value) if value is not None else {}
        elif kind == "strs":
            value = list(value) if value is not None else []
        elif kind == "date" and value is not None and not isinstance(value, date):
            value = date.fromisoformat(str(value))
        out[name] = value
    return out


def to_rows(seq: int, status: str, article: Article, result: ArticleResult | None = None) -> ResultRows:
    """The rows of one document read at `seq`: its article, and what the pipeline drew from it (if anything)."""
    out = ResultRows()
    out.tables["articles"].append({"seq": seq, "status": status, **_plain(article, _ARTICLE),
                                   "notes": list(result.notes) if result else [],
                                   "summary": bool(result.summary) if result else False})
    if result is None:
        return out
    vectors = list(result.vectors) + [None] * (len(result.incidents) - len(result.vectors))
    for pos, inc in enumerate(result.incidents):
        for name in _INCIDENT_APART[1:]:
            if getattr(inc, name):
                raise ValueError(f"incident {pos} of {article.id}: {name} is set, but only the store fills it")
        out.tables["incidents"].append({"seq": seq, "position": pos, **_plain(inc, _INCIDENT), "vector": vectors[pos]})
        out.tables["evidence"].extend(_evidence_rows(seq, "incident", pos, inc.evidence))
    for pos, fig in enumerate(result.figures):
        out.tables["figures"].append({"seq": seq, "position": pos, **_plain(fig, _FIGURE)})
        out.tables["evidence"].extend(_evidence_rows(seq, "figure", pos, fig.evidence))
    out.tables["places"].extend({"seq": seq, "position": pos, **_plain(p, _PLACE)}
                                for pos, p in enumerate(result.places))
    return out


def rejection_row(seq: int, rejection: Rejection) -> dict[str, Any]:
    return {"seq": seq, "source": rejection.source, "reason": rejection.reason, "detail": rejection.detail}


def _evidence_rows(seq: int, owner: str, owner_pos: int, items: list[Evidence]) -> Iterator[dict[str, Any]]:
    for pos, ev in enumerate(items):
        yield {"seq": seq, "owner": owner, "owner_position": owner_pos, "position": pos, **_plain(ev, _EVIDENCE)}


def from_rows(tables: dict[str, list[dict[str, Any]]]) -> Iterator[tuple[int, Article | Rejection, str,
                                                                      ArticleResult | None]]:
    """The documents of some rows in `seq` order: (seq, article or rejection, status, result).

    A rejection is status "rejected"; a "failed" article comes back as its rejection (the
    pipeline could not process it), so a load records it exactly where `ingest` would.
    """
    by_seq: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for name in ("incidents", "figures", "places", "evidence"):
        groups: dict[int, list[dict[str, Any]]] = {}
        for row in tables.get(name, []):
            groups.setdefault(row["seq"], []).append(row)
        by_seq[name] = groups
    rejections = {row["seq"]: row for row in tables.get("rejections", [])}
    articles = {row["seq"]: row for row in tables.get("articles", [])}
    for seq in sorted(set(articles) | set(rejections)):
        art_row = articles.get(seq)
        if art_row is None or art_row["status"] == "failed":
            rej = rejections[seq]
            yield seq, Rejection(rej["source"], rej["reason"], rej["detail"] or ""), "rejected", None
            continue
        article = Article(**_back(_ARTICLE, art_row))
        if art_row["status"] != "processed":
            yield seq, article, art_row["status"], None
            continue
        yield seq, article, "processed", _result(article, art_row, {k: v.get(seq, []) for k, v in by_seq.items()})


def _result(article: Article, art_row: dict[str, Any], parts: dict[str, list[dict[str, Any]]]) -> ArticleResult:
    evidence: dict[tuple[str, int], list[Evidence]] = {}
    for row in sorted(parts["evidence"], key=lambda r: (r["owner"], r["owner_position"], r["position"])):
        evidence.setdefault((row["owner"], row["owner_position"]), []).append(Evidence(**_back(_EVIDENCE, row)))
    incidents, vectors = [], []
    for row in sorted(parts["incidents"], key=lambda r: r["position"]):
        incidents.append(Incident(**_back(_INCIDENT, row), evidence=evidence.get(("incident", row["position"]), [])))
        vectors.append(row["vector"])
    figures = [Figure(**_back(_FIGURE, row), evidence=evidence.get(("figure", row["position"]), []))
               for row in sorted(parts["figures"], key=lambda r: r["position"])]
    places = [Place(**_back(_PLACE, row)) for row in sorted(parts["places"], key=lambda r: r["position"])]
    return ArticleResult(article, incidents, figures, places, list(art_row["notes"] or []), vectors,
                         summary=bool(art_row["summary"]))
