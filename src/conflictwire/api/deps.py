"""What every route needs from the application: its store, its settings, and who is writing.

Why dependencies and not module globals: the store and settings live on `app.state`, set by
`create_app`, so each application (and each test server) has its own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from ..config import Settings
from ..store import Store
from ..store.tokens import TokenInfo

__all__ = ["Reader", "StoreDep", "SettingsDep", "Writer", "get_settings", "get_store", "reader", "writer"]


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _check(request: Request, authorization: str | None, *, touch: bool) -> TokenInfo:
    token = _bearer(authorization)
    info = get_store(request).check_token(token, touch=touch) if token else None
    if info is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED,
                            detail="a valid token is required: send 'Authorization: Bearer cw_...' "
                                   "(create one with `conflictwire token create NAME`)",
                            headers={"WWW-Authenticate": "Bearer"})
    return info


def writer(request: Request, authorization: Annotated[str | None, Header()] = None) -> TokenInfo:
    """The token behind a write; every write endpoint depends on it (401 without a valid one)."""
    return _check(request, authorization, touch=True)


def reader(request: Request, authorization: Annotated[str | None, Header()] = None) -> TokenInfo | None:
    """Reads are open unless the service runs private (`--private`), then they need a token too."""
    if not get_settings(request).api_read_token:
        return None
    # not marked used: a write per read would serialise readers on SQLite (tokens.check_token)
    return _check(request, authorization, touch=False)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Writer = Annotated[TokenInfo, Depends(writer)]
Reader = Annotated[TokenInfo | None, Depends(reader)]
