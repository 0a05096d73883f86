"""API tokens (store/tokens.py) on both backends: handed out once, kept only as a hash."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from conflictwire.store import Store
from conflictwire.store import schema as t
from conflictwire.store.tokens import TOKEN_PREFIX, hash_token


def test_tokens_create_returns_the_secret_once_and_stores_only_its_hash(any_store: Store) -> None:
    info, secret = any_store.create_token("ingest-bot")
    assert secret.startswith(TOKEN_PREFIX) and len(secret) >= 40
    assert info.name == "ingest-bot" and info.prefix == secret[:10] and info.active
    with any_store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(t.api_tokens)).mappings()]
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(secret.encode()).hexdigest() == hash_token(secret)
    assert not any(secret in str(v) for v in rows[0].values())  # the secret itself is nowhere
    _, other = any_store.create_token("ingest-bot")
    assert other != secret


def test_tokens_check_accepts_the_secret_and_nothing_else(any_store: Store) -> None:
    info, secret = any_store.create_token("reader")
    found = any_store.check_token(secret, touch=False)
    assert found is not None and found.id == info.id
    assert any_store.tokens()[0].last_used_at is None  # touch=False writes nothing
    assert any_store.check_token(secret) is not None
    assert any_store.tokens()[0].last_used_at is not None
    for wrong in (secret[:-1], secret + "x", secret[len(TOKEN_PREFIX):], hash_token(secret), "", "cw_",
                  TOKEN_PREFIX + "x" * 300, info.prefix):
        assert any_store.check_token(wrong) is None


def test_tokens_list_and_revoke_by_id_name_or_prefix(any_store: Store) -> None:
    a, secret_a = any_store.create_token("alpha")
    b, secret_b = any_store.create_token("beta")
    c, secret_c = any_store.create_token("gamma")
    assert [i.name for i in any_store.tokens()] == ["alpha", "beta", "gamma"]
    assert [i.id for i in any_store.revoke_token(a.prefix)] == [a.id]
    assert [i.id for i in any_store.revoke_token("beta")] == [b.id]
    assert [i.id for i in any_store.revoke_token(str(c.id))] == [c.id]
    assert any_store.revoke_token("beta") == []  # already revoked
    assert any_store.revoke_token("nobody") == []
    assert all(not i.active and i.revoked_at is not None for i in any_store.tokens())
    assert all(any_store.check_token(s) is None for s in (secret_a, secret_b, secret_c))


def test_tokens_revoking_one_leaves_the_others(any_store: Store) -> None:
    _, keep = any_store.create_token("keep")
    gone, lose = any_store.create_token("lose")
    any_store.revoke_token(gone.prefix)
    assert any_store.check_token(keep) is not None and any_store.check_token(lose) is None
    assert [i.active for i in any_store.tokens()] == [True, False]
