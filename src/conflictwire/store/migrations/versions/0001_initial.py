"""Initial schema: articles, incidents and their mentions, evidence, figures, places, rejections, history.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text), sa.Column("source", sa.Text), sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("meta", sa.JSON),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event_date", sa.Date, index=True),
        sa.Column("time_precision", sa.Integer),
        sa.Column("disorder_type", sa.String(64)),
        sa.Column("event_type", sa.String(64), index=True),
        sa.Column("sub_event_type", sa.String(64)),
        *[sa.Column(n, sa.Text) for n in ("actor1", "assoc_actor_1")], sa.Column("inter1", sa.Integer),
        *[sa.Column(n, sa.Text) for n in ("actor2", "assoc_actor_2")], sa.Column("inter2", sa.Integer),
        sa.Column("interaction", sa.Integer),
        sa.Column("civilian_targeting", sa.String(32)),
        sa.Column("iso", sa.Integer),
        sa.Column("region", sa.Text),
        sa.Column("country", sa.String(128), index=True),
        *[sa.Column(n, sa.Text) for n in ("admin1", "admin2", "admin3", "location")],
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        *[sa.Column(n, sa.Text) for n in ("source", "source_scale", "notes")],
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("tags", sa.Text),
        *[sa.Column(n, sa.Integer) for n in (
            "fatalities_low", "fatalities_high", "injuries", "injuries_low", "injuries_high")],
        sa.Column("claimant", sa.Text),
        sa.Column("confidence", sa.Float),
        sa.Column("plover_event", sa.String(32)), sa.Column("plover_mode", sa.String(32)),
        sa.Column("extractor_version", sa.String(32)),
        sa.Column("created_at", TZ, nullable=False), sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "incident_articles",
        sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_incident_articles_article", "incident_articles", ["article_id"])
    op.create_table(
        "figures",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(64), nullable=False),
        *[sa.Column(n, sa.BigInteger) for n in ("value", "value_low", "value_high")],
        sa.Column("as_of", sa.Date),
        sa.Column("projection", sa.Boolean, nullable=False),
        sa.Column("claimant", sa.Text),
        sa.Column("article_ids", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True),
        sa.Column("figure_id", sa.String(64), sa.ForeignKey("figures.id", ondelete="CASCADE"), index=True),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False), sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("start_char", sa.Integer, nullable=False), sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("latitude", sa.Float), sa.Column("longitude", sa.Float),
        sa.Column("geonameid", sa.String(32)), sa.Column("feature_code", sa.String(16)),
        sa.Column("country", sa.String(8)), sa.Column("admin1", sa.Text), sa.Column("admin2", sa.Text),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("reason", sa.Text),
    )
    op.create_table(
        "rejections",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_table(
        "incident_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(64), sa.ForeignKey("incidents.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("cause", sa.String(64), nullable=False),
        sa.Column("change", sa.JSON),
    )


def downgrade() -> None:
    for name in ("incident_history", "rejections", "places", "evidence", "figures", "incident_articles",
                 "incidents", "articles"):
        op.drop_table(name)
