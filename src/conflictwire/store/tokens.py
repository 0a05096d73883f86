"""API tokens: random secrets handed out once, kept only as their SHA-256.

Why SHA-256 and not a slow password hash: a token is 32 random bytes, not a person's
password, so it cannot be guessed from a dictionary; a fast hash keeps a leaked database
from revealing any usable token while checking a request costs microseconds. A token reads
`cw_<43 url-safe characters>`; its first characters (`prefix`) are kept in clear so a
person can tell their tokens apart in `conflictwire token list`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from . import schema as t

__all__ = ["TOKEN_PREFIX", "TokenInfo", "check_token", "create_token", "hash_token", "list_tokens", "revoke_token"]

TOKEN_PREFIX = "cw_"
_SHOWN = 10  # characters of a token kept in clear: "cw_" and seven of the secret


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What the store knows of a token (never the token itself)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _info(row: object) -> TokenInfo:
    r = row._mapping  # type: ignore[attr-defined]
    return TokenInfo(r["id"], r["name"], r["prefix"], r["created_at"], r["last_used_at"], r["revoked_at"])


def create_token(conn: Connection, name: str) -> tuple[TokenInfo, str]:
    """A new token: its record, and the secret itself, which exists only in this return value."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    new_id = conn.execute(insert(t.api_tokens).values(
        name=name, token_hash=hash_token(secret), prefix=secret[:_SHOWN], created_at=now)).inserted_primary_key[0]
    return TokenInfo(int(new_id), name, secret[:_SHOWN], now), secret


def list_tokens(conn: Connection) -> list[TokenInfo]:
    return [_info(r) for r in conn.execute(select(t.api_tokens).order_by(t.api_tokens.c.id))]


def revoke_token(conn: Connection, ident: str) -> list[TokenInfo]:
    """Revoke the active tokens whose id, name or shown prefix is `ident`; returns those revoked."""
    c = t.api_tokens.c
    found = [i for i in list_tokens(conn) if i.active and ident in (str(i.id), i.name, i.prefix)]
    if found:
        conn.execute(update(t.api_tokens).where(c.id.in_([i.id for i in found]))
                     .values(revoked_at=datetime.now(UTC)))
    return found


def check_token(conn: Connection, token: str, *, touch: bool = True) -> TokenInfo | None:
    """The active token that `token` is, or None; `touch` marks it used (the list shows when it last was).

    Reads leave `touch` off: a write per read would serialise readers on SQLite.
    """
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    c = t.api_tokens.c
    row = conn.execute(select(t.api_tokens).where(c.token_hash == hash_token(token), c.revoked_at.is_(None))).first()
    if row is None:
        return None
    if touch:
        conn.execute(update(t.api_tokens).where(c.id == row.id).values(last_used_at=datetime.now(UTC)))
    return _info(row)
