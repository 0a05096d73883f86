"""Table definitions (SQLAlchemy Core), mirrored by the Alembic migrations.

Why these shapes: incidents and the articles that mention them are separate rows
(`incident_articles`), so the linking stage can attach a new report to an existing
incident; every change to an incident is logged in `incident_history`; evidence is
its own table so each field can carry several spans from several articles.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)

__all__ = [
    "api_tokens",
    "article_bands",
    "article_duplicates",
    "article_signatures",
    "articles",
    "evidence",
    "figures",
    "incident_aliases",
    "incident_articles",
    "incident_history",
    "incidents",
    "ingest_checkpoints",
    "mention_pairs",
    "mentions",
    "metadata",
    "places",
    "rejections",
    "review_links",
    "reviews",
]

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", String(255), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("source", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("language", String(16), nullable=False, default="en"),
    Column("meta", JSON),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

incidents = Table(
    "incidents", metadata,
    Column("id", String(64), primary_key=True),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer),
    Column("disorder_type", String(64)),
    Column("event_type", String(64), index=True),
    Column("sub_event_type", String(64)),
    Column("actor1", Text), Column("assoc_actor_1", Text), Column("inter1", Integer),
    Column("actor2", Text), Column("assoc_actor_2", Text), Column("inter2", Integer),
    Column("interaction", Integer),
    Column("civilian_targeting", String(32)),
    Column("iso", Integer),
    Column("region", Text),
    Column("country", String(128), index=True),
    Column("admin1", Text), Column("admin2", Text), Column("admin3", Text),
    Column("location", Text),
    Column("latitude", Float), Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text), Column("source_scale", Text),
    Column("notes", Text),
    Column("fatalities", Integer, nullable=False, default=0),
    Column("tags", Text),
    Column("fatalities_low", Integer), Column("fatalities_high", Integer),
    Column("injuries", Integer), Column("injuries_low", Integer), Column("injuries_high", Integer),
    Column("claimant", Text),
    Column("confidence", Float),
    Column("plover_event", String(32)), Column("plover_mode", String(32)),
    Column("extractor_version", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # the review layer over the machine's record (migration 0004): "" unreviewed, accepted or rejected,
    # and the fields a reviewer set with the machine's value beside each; derived from `reviews` on
    # every write, kept here so that filters and pages see what a person sees
    Column("review_status", String(16), nullable=False, server_default=""),
    Column("review_overrides", JSON),
)

incident_articles = Table(
    "incident_articles", metadata,
    Column("incident_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Index("ix_incident_articles_article", "article_id"),
)

figures = Table(
    "figures", metadata,
    Column("id", String(64), primary_key=True),
    Column("kind", String(64), nullable=False),
    Column("value", BigInteger), Column("value_low", BigInteger), Column("value_high", BigInteger),
    Column("as_of", Date),
    Column("projection", Boolean, nullable=False, default=False),
    Column("claimant", Text),
    Column("article_ids", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

evidence = Table(
    "evidence", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), index=True),
    Column("figure_id", String(64), ForeignKey("figures.id", ondelete="CASCADE"), index=True),
    Column("field", String(64), nullable=False),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start_char", Integer, nullable=False), Column("end_char", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("latitude", Float), Column("longitude", Float),
    Column("geonameid", String(32)), Column("feature_code", String(16)),
    Column("country", String(8)), Column("admin1", Text), Column("admin2", Text),
    Column("geo_precision", Integer),
    Column("reason", Text),
)

rejections = Table(
    "rejections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)

incident_history = Table(
    "incident_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("cause", String(64), nullable=False),
    Column("change", JSON),
)

# ---------------------------------------------------------------- linking (migration 0002)
# Each report's own account of an incident (the extractor's record, whole); `incidents` holds
# their reconciliation. The blocking columns are copies of record fields, indexed for the
# candidate query.
mentions = Table(
    "mentions", metadata,
    Column("id", String(64), primary_key=True),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer, nullable=False, default=3),
    Column("family", String(32), nullable=False),
    Column("country", String(128)),
    Column("record", JSON, nullable=False),
    Column("vector", LargeBinary),
    Column("summary", Boolean, nullable=False, default=False),
    Column("link_score", Float),
    Column("link_reasons", JSON),
    Column("linked_to", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Scored candidate pairs (a < b) at or above the store floor: the graph that clustering reads.
mention_pairs = Table(
    "mention_pairs", metadata,
    Column("a", String(64), primary_key=True),
    Column("b", String(64), primary_key=True, index=True),
    Column("score", Float, nullable=False),
    Column("reasons", JSON),
)

article_signatures = Table(
    "article_signatures", metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

article_bands = Table(
    "article_bands", metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", String(16), nullable=False),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Index("ix_article_bands_bucket", "band", "bucket"),
)

# near-duplicate article pairs, stored both ways; `similarity` is the estimated Jaccard of their shingles
article_duplicates = Table(
    "article_duplicates", metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("similarity", Float, nullable=False),
)

# an incident id that a merge retired, and the incident that now holds its reports
incident_aliases = Table(
    "incident_aliases", metadata,
    Column("old_id", String(64), primary_key=True),
    Column("new_id", String(64), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------- service (migration 0003)
# The indexes the API's filtered, sorted pages use: the page orders by these exact
# expressions (undated incidents last), and the filters compare lower-cased names.
Index("ix_incidents_page_date", incidents.c.event_date.is_(None), incidents.c.event_date, incidents.c.id)
Index("ix_incidents_page_fatalities", incidents.c.fatalities, incidents.c.id)
Index("ix_incidents_lower_country", func.lower(incidents.c.country))
Index("ix_incidents_lower_admin1", func.lower(incidents.c.admin1))
Index("ix_incidents_lower_sub_event_type", func.lower(incidents.c.sub_event_type))
Index("ix_incidents_lower_event_type", func.lower(incidents.c.event_type))
Index("ix_incidents_lon_lat", incidents.c.longitude, incidents.c.latitude)
# migration 0005: an actor substring filter reads the actor names of a date range from this index
# alone (a covering index), not from the wide incident rows; the text filter's trigram index on
# SQLite (incidents_text, incident_text_keys) is made by the migration, not declared here
Index("ix_incidents_actors_by_date", incidents.c.event_date, incidents.c.review_status, incidents.c.actor1,
      incidents.c.actor2, incidents.c.assoc_actor_1, incidents.c.assoc_actor_2)

# Write access to the API: only a token's sha256 is kept; `prefix` lets a person tell tokens apart
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

# ---------------------------------------------------------------- review (migration 0004)
# Every human decision, apart from machine output: what was done to which incident, the field with
# its old and new value, who, when and why. Append-only: an incident's review state is derived from
# it. `mention_id` anchors the review to a report (the one that named the incident when it was
# reviewed), so the review follows that report when linking renames, merges or splits incidents.
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", String(64), nullable=False, index=True),
    Column("mention_id", String(64), nullable=False, index=True),
    Column("action", String(16), nullable=False),
    Column("field", String(64)),
    Column("old_value", JSON),
    Column("new_value", JSON),
    Column("who", String(128), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("why", Text, nullable=False),
)

# The clustering constraints human merges and splits leave: two reports that must share an incident
# ("must") or must never ("cannot"). The linker honours them on every ingest and relink. a < b.
review_links = Table(
    "review_links", metadata,
    Column("a", String(64), primary_key=True),
    Column("b", String(64), primary_key=True, index=True),
    Column("kind", String(8), nullable=False),
    Column("review_id", Integer, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
)

# ---------------------------------------------------------------- checkpoints (migration 0006)
# How far each unit of input is stored: an interrupted `ingest` run (keyed by its inputs), or a
# file or feed entry `watch` has read (keyed by where it is and what it holds). Written in the
# same transaction as the unit's articles and rejections, so a restart after a crash resumes
# exactly where the last commit left off: nothing lost, nothing read twice.
ingest_checkpoints = Table(
    "ingest_checkpoints", metadata,
    Column("key", String(64), primary_key=True),
    Column("label", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("complete", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
