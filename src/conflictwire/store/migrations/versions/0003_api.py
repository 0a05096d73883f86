"""Service: hashed API tokens, and the indexes that keep filtered, sorted pages fast.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03

Why the expression indexes: the filters compare `lower(country)` and `lower(admin1)` (a user
types "iraq" as readily as "Iraq"), and pages sort with undated incidents last, so the
indexes hold exactly those expressions; SQLite (3.9+) and PostgreSQL both use them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# (name, expressions): mirrored by `schema.py`, which builds the same ones for the query layer
INCIDENT_INDEXES = (
    ("ix_incidents_page_date", ["(event_date IS NULL)", "event_date", "id"]),
    ("ix_incidents_page_fatalities", ["fatalities", "id"]),
    ("ix_incidents_lower_country", ["lower(country)"]),
    ("ix_incidents_lower_admin1", ["lower(admin1)"]),
    ("ix_incidents_lower_sub_event_type", ["lower(sub_event_type)"]),
    ("ix_incidents_lower_event_type", ["lower(event_type)"]),
    ("ix_incidents_lon_lat", ["longitude", "latitude"]),
)


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False),
        # sha256 of the token, hex: the token itself is printed once and never stored
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_used_at", TZ),
        sa.Column("revoked_at", TZ),
    )
    for name, exprs in INCIDENT_INDEXES:
        op.create_index(name, "incidents", [sa.text(e) if "(" in e else e for e in exprs])


def downgrade() -> None:
    for name, _ in INCIDENT_INDEXES:
        op.drop_index(name, table_name="incidents")
    op.drop_table("api_tokens")
