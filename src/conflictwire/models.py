"""The typed records that cross every stage boundary.

Why one module: ingest, nlp, extract, geo, link, store and export all speak these
types and nothing else, so a Spark executor, the CLI and the (future) API can pass
them around without dicts whose keys drift apart.  They are plain dataclasses (no
ORM, no pydantic) so that they pickle cheaply and stay independent of the store.

Offsets (`start`, `end`) are always character offsets into `Article.text` exactly as
stored: no stage mutates the text after ingest.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from .errors import shorten

__all__ = [
    "ACLED_COLUMNS",
    "EXTENSION_COLUMNS",
    "Article",
    "ArticleResult",
    "Evidence",
    "Figure",
    "Incident",
    "Mention",
    "Place",
    "Rejection",
    "content_hash",
]


def content_hash(text: str) -> str:
    """Hash of the normalised text: the identity that makes re-ingest a no-op.

    Whitespace runs are folded and Unicode is NFC-normalised so that the same story
    scraped twice with different line breaks is still recognised.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    """One input document, after cleaning."""

    id: str
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: date | None = None
    language: str = "en"
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    # "news" (any report), or "acled-note": a coder's summary, whose own remarks ("7 fatalities
    # coded") are read as the count; news is never read that way (see ingest.readers.input_kind)
    kind: str = "news"

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


@dataclass(slots=True)
class Evidence:
    """A character span of an article that supports one field of a record.

    A field a reviewer edited is supported by the reviewer's note instead: `review_id` names
    the review, `text` is its note, and `article_id` is empty (no span of any article says it).
    """

    field: str
    article_id: str
    start: int
    end: int
    text: str
    review_id: int | None = None

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"evidence for {self.field!r} has bad offsets {self.start}..{self.end}")

    @classmethod
    def of(cls, name: str, article_id: str, start: int, end: int, text: str) -> Evidence:
        """Evidence for `name` read from `text[start:end]` (the article's full text)."""
        return cls(name, article_id, start, end, text[start:end])


@dataclass(slots=True)
class Place:
    """A toponym found in an article and what it resolved to (if anything)."""

    start: int
    end: int
    name: str
    latitude: float | None = None
    longitude: float | None = None
    geonameid: str | None = None
    feature_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    country_name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geo_precision: int | None = None  # ACLED: 1 exact town, 2 near/part of, 3 region
    resolved_name: str | None = None  # the gazetteer's name of the entry whose point was taken
    # the point is borrowed from a container or parent ("a neighbourhood of Mosul"): `resolved_name`
    # then names that other place, and the place itself is known only by the text's `name`
    stand_in: bool = False
    score: float = 0.0
    reason: str | None = None  # why it is unresolved, or how it was resolved


# ACLED export columns in ACLED's order (the ones a record can carry).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
EXTENSION_COLUMNS: tuple[str, ...] = (
    "fatalities_low", "fatalities_high", "injuries", "injuries_low", "injuries_high",
    "claimant", "confidence", "plover_event", "plover_mode", "article_ids", "review_status",
)


@dataclass(slots=True)
class Incident:
    """One incident in ACLED's shape, with the spans it was drawn from.

    `id` is stable: derived from the first article's content hash and the incident's
    position in it, so reprocessing the same article addresses the same record.
    """

    id: str = ""
    event_date: date | None = None
    time_precision: int | None = None
    disorder_type: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    # ACLED's `timestamp`: when the record was last changed, as Unix seconds; the store fills it
    # from its `updated_at` when it loads a record (None for a record not yet stored)
    timestamp: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    injuries_low: int | None = None
    injuries_high: int | None = None
    claimant: str = ""
    confidence: float = 0.0
    plover_event: str = ""
    plover_mode: str = ""
    article_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # why a field is empty or inferred, for the analyst
    # the reports it was built from, each with its own figures, claimant and why it joined (link stage)
    mentions: list[Mention] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # the version log, oldest first (store)
    # the review layer (store): "" unreviewed, "accepted" or "rejected"; the fields a reviewer set, each
    # with the machine's value beside it ({field: {"machine", "review_id", "by", "why", "at"}}); and the
    # review log, oldest first (loaded with the reports)
    review_status: str = ""
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def add_evidence(self, name: str, article_id: str, start: int, end: int, text: str) -> None:
        """Record that `text[start:end]` supports field `name` (duplicates are ignored)."""
        for ev in self.evidence:
            if ev.field == name and ev.start == start and ev.end == end and ev.article_id == article_id:
                return
        self.evidence.append(Evidence.of(name, article_id, start, end, text))

    def evidence_for(self, name: str) -> list[Evidence]:
        return [ev for ev in self.evidence if ev.field == name]

    def to_row(self) -> dict[str, Any]:
        """Flat dict of every scalar column (dates as ISO text, lists `;`-joined)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in NOT_IN_ROW:
                continue
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, list):
                value = ";".join(value)
            out[f.name] = value
        out["year"] = self.event_date.year if self.event_date else None
        out["event_id_cnty"] = self.id
        return out

    def to_dict(self) -> dict[str, Any]:
        """Full record with evidence, JSON-ready."""
        d = asdict(replace(self, mentions=[], history=[], reviews=[]))
        d["event_date"] = self.event_date.isoformat() if self.event_date else None
        d["mentions"] = [m.to_dict() for m in self.mentions]
        d["history"] = [_jsonable(h) for h in self.history]
        d["reviews"] = [_jsonable(r) for r in self.reviews]
        return d


def _jsonable(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in entry.items()}


# fields of an `Incident` that are not columns of its flat row: lists, nested records, the review layer's dicts
NOT_IN_ROW = frozenset({"evidence", "remarks", "mentions", "history", "overrides", "reviews"})


@dataclass(slots=True)
class Mention:
    """One report's own account of an incident, as extracted from that one article.

    Why kept apart from `Incident`: when ten outlets report one attack, the incident is a
    reconciliation of ten accounts that may differ (21 dead or "at least 20", another claimant).
    Each account stays whole, with its evidence into its own article, so the merged record can
    be re-derived under another policy and an analyst can see who said what.
    """

    id: str
    article_id: str
    record: Incident
    outlet: str = ""
    published: date | None = None
    incident_id: str = ""
    link_score: float | None = None  # the score with which it joined its incident (None: it opened it)
    link_reasons: list[str] = field(default_factory=list)
    linked_to: str = ""  # the mention it was scored against when it joined
    vector: bytes | None = None  # the sentence encoder's vector of its sentences (float16), for linking
    summary: bool = False  # told by a coder's summary (input declared or detected as ACLED notes), not a news report

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the report's own fields (no evidence copy: the incident carries it) and its link."""
        own = self.record.to_row()
        for key in ("article_ids", "event_id_cnty", "year", "review_status"):
            own.pop(key, None)
        return {"id": self.id, "article_id": self.article_id, "outlet": self.outlet,
                "published": self.published.isoformat() if self.published else None,
                "link_score": self.link_score, "link_reasons": list(self.link_reasons),
                "linked_to": self.linked_to, "record": own}


@dataclass(slots=True)
class Figure:
    """A humanitarian figure (displaced, refugees, in need...), never an incident count."""

    kind: str
    value: int | None = None
    value_low: int | None = None
    value_high: int | None = None
    as_of: date | None = None
    projection: bool = False
    claimant: str = ""
    article_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    id: str = ""

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_ids": ";".join(self.article_ids),
            "kind": self.kind,
            "value": self.value,
            "value_low": self.value_low,
            "value_high": self.value_high,
            "as_of": self.as_of.isoformat() if self.as_of else "",
            "projection": self.projection,
            "claimant": self.claimant,
        }


@dataclass(slots=True)
class Rejection:
    """A document that could not be ingested, and why (kept, so nothing is lost silently)."""

    source: str
    reason: str
    detail: str = ""
    at: datetime | None = None

    def __post_init__(self) -> None:
        # one line, and a pages-long exception message cut at a phrase boundary, never mid-word
        self.detail = shorten(self.detail) if self.detail else ""


@dataclass(slots=True)
class ArticleResult:
    """Everything the pipeline drew from one article; what the store persists in one go."""

    article: Article
    incidents: list[Incident] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "place 'X' unresolved: not in gazetteer"
    vectors: list[bytes | None] = field(default_factory=list)  # per incident: its sentence vector, for linking
    summary: bool = False  # the article is a coder's summary (an ACLED note): see link.features.blocked
