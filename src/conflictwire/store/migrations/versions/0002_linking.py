"""Linking: per-report mentions, scored pairs, article signatures and near-duplicates, incident aliases.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Existing databases keep their incidents as they are; `conflictwire relink` makes each one a
mention of itself (its record as it stands) and links them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("incident_id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("event_date", sa.Date),
        sa.Column("time_precision", sa.Integer, nullable=False, server_default="3"),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("country", sa.String(128)),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("vector", sa.LargeBinary),
        sa.Column("summary", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("link_score", sa.Float),
        sa.Column("link_reasons", sa.JSON),
        sa.Column("linked_to", sa.String(64)),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_mentions_incident_id", "mentions", ["incident_id"])
    op.create_index("ix_mentions_article_id", "mentions", ["article_id"])
    op.create_index("ix_mentions_event_date", "mentions", ["event_date"])
    op.create_table(
        "mention_pairs",
        sa.Column("a", sa.String(64), primary_key=True),
        sa.Column("b", sa.String(64), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reasons", sa.JSON),
    )
    op.create_index("ix_mention_pairs_b", "mention_pairs", ["b"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "article_bands",
        sa.Column("band", sa.Integer, nullable=False),
        sa.Column("bucket", sa.String(16), nullable=False),
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_article_bands_bucket", "article_bands", ["band", "bucket"])
    op.create_table(
        "article_duplicates",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("other_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("similarity", sa.Float, nullable=False),
    )
    op.create_table(
        "incident_aliases",
        sa.Column("old_id", sa.String(64), primary_key=True),
        sa.Column("new_id", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_index("ix_incident_aliases_new_id", "incident_aliases", ["new_id"])


def downgrade() -> None:
    for name in ("incident_aliases", "article_duplicates", "article_bands", "article_signatures",
                 "mention_pairs", "mentions"):
        op.drop_table(name)
