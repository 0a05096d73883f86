"""Build the service: routers for incidents, articles, review and the dashboard, over one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from ..config import Settings
from ..errors import StoreError
from ..store import Store
from ..store.query import CursorError
from ..web import router as dashboard
from . import articles, exports, incidents, review, stats, trends
from .articles import IngestState
from .limits import BodyLimit

__all__ = ["create_app"]


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application for `settings.db_url` (or an open `store`, which the caller then owns).

    Routers are mounted here and only here, one module each, so the API, the review
    workflow and the dashboard grow apart without touching one another.
    """
    from .. import __version__

    app = FastAPI(title="conflictwire", version=__version__, lifespan=_lifespan,
                  description="Structured, geocoded, sourced conflict incidents, with the evidence for every field.")
    app.state.settings = settings
    app.state.store = store if store is not None else Store(settings.db_url, create=False,
                                                            busy_timeout=settings.db_busy_timeout)
    app.state.ingest = IngestState()
    # routers: `app.include_router(module.router)` lines go below, one per module
    app.include_router(incidents.router)
    app.include_router(stats.router)
    app.include_router(trends.router)
    app.include_router(exports.router)
    app.include_router(articles.router)
    app.include_router(review.router)
    app.include_router(dashboard)
    _errors(app)
    # the last added runs first: the size check guards everything, CORS answers browsers' preflights
    if settings.api_cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.api_cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"],
                           expose_headers=["Content-Disposition"])
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, let a write in progress finish (the store stays open: its owner closes it)."""
    yield
    app.state.ingest.close()


def _errors(app: FastAPI) -> None:
    """Library errors a request can cause, as the HTTP answers they are (never a bare 500)."""

    @app.exception_handler(CursorError)
    async def _bad_cursor(_: Request, exc: CursorError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_400_BAD_REQUEST)

    @app.exception_handler(StoreError)
    async def _store_down(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"the database could not answer: {exc}"},
                            status_code=status.HTTP_503_SERVICE_UNAVAILABLE)
