"""`POST /articles`: ingest article objects sent in the request (a token is required); `GET /articles/{id}`: one.

Why through `read_records` and `ingest_items`: an article posted here is read with the same
fields, limits and rejections as a line of a JSON Lines file given to `conflictwire ingest`,
and processed, linked and stored by the same library call, so the two ways in cannot drift.
The pipeline (spaCy and the classifiers) loads on the first write and stays on `app.state`;
one write runs at a time, which also keeps SQLite to one writer.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Request, Response, status
from pydantic import BaseModel

from ..config import Settings
from ..ingest.readers import read_records
from ..models import Article, Rejection
from ..pipeline import IngestReport, Pipeline, ingest_items
from ..store import IncidentFilter, Store
from .deps import SettingsDep, StoreDep, Writer, reader
from .params import clean_text

__all__ = ["IngestState", "router"]

router = APIRouter(tags=["articles"])
T = TypeVar("T")


class IngestState:
    """What writes share within one application: the loaded pipeline, and the one thread that runs it.

    Why one dedicated thread and not the request's: the pipeline holds SQLite connections (the
    gazetteer) that may only be used by the thread that opened them, and the server's worker
    threads vary from request to request. Writes thus run one at a time, in order, which also
    keeps SQLite to one writer.
    """

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.pipeline = pipeline
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="conflictwire-ingest")

    def run(self, job: Callable[[], T]) -> T:
        """Run `job` on the ingest thread and wait for it."""
        return self._worker.submit(job).result()

    def pipeline_for(self, settings: Settings) -> Pipeline:
        """The loaded pipeline (loaded on the first write that has something new); call on the ingest thread."""
        if self.pipeline is None:
            self.pipeline = Pipeline.from_settings(settings)
        return self.pipeline

    def close(self) -> None:
        self._worker.shutdown(wait=True)


class ArticleOutcome(BaseModel):
    """One posted article: stored (new), duplicate (the store had its text already), or failed."""

    index: int
    id: str
    status: str
    stored_id: str | None = None
    incident_ids: list[str] = []


class RejectionOut(BaseModel):
    source: str
    reason: str
    detail: str


class IngestOut(BaseModel):
    read: int
    stored: int
    duplicates: int
    incidents: int
    new_incidents: int
    joined: int
    figures: int
    articles: list[ArticleOutcome]
    rejected: list[RejectionOut]


ArticleBody = Annotated[
    dict[str, Any] | list[Any],
    Body(description="One article object or a list of them: `text` (required), `title`, `published` "
                     "(YYYY-MM-DD), `source`, `url`, `id`, as in a JSON Lines input file.",
         examples=[{"id": "wire-1", "title": "Clashes near Mosul", "published": "2016-11-02", "source": "Wire",
                    "text": "Iraqi forces clashed with Islamic State fighters in Mosul on Tuesday..."}]),
]


def ingest_request(records: list[Any], store: Store, settings: Settings, state: IngestState) -> IngestOut:
    """Read, process, link and store posted records; say what became of each one."""
    items = list(read_records(records, settings, source="request"))
    posted = [(i, x) for i, x in enumerate(items) if isinstance(x, Article)]

    def job() -> tuple[set[str], IngestReport]:
        known = store.known_hashes(a.content_hash for _, a in posted)
        fresh = any(a.content_hash not in known for _, a in posted)
        pipeline = state.pipeline_for(settings) if fresh else None
        return known, ingest_items(items, store, settings, pipeline=pipeline)

    known, report = state.run(job)
    stored_ids = store.article_ids_by_hash(a.content_hash for _, a in posted)
    outcomes = []
    for index, art in posted:
        stored_id = stored_ids.get(art.content_hash)
        if stored_id is None:
            outcomes.append(ArticleOutcome(index=index, id=art.id, status="failed"))
            continue
        incident_ids = [inc.id for inc in store.incident_page(IncidentFilter(article_id=stored_id),
                                                               limit=1000).incidents]
        outcomes.append(ArticleOutcome(index=index, id=art.id, stored_id=stored_id, incident_ids=incident_ids,
                                       status="duplicate" if art.content_hash in known else "stored"))
    return IngestOut(read=report.read, stored=report.stored, duplicates=report.duplicates,
                     incidents=report.incidents, new_incidents=report.new_incidents, joined=report.joined,
                     figures=report.figures, articles=outcomes, rejected=[_rejection(r) for r in report.rejections])


def _rejection(r: Rejection) -> RejectionOut:
    return RejectionOut(source=r.source, reason=r.reason, detail=r.detail)


@router.post("/articles", response_model=IngestOut, status_code=status.HTTP_201_CREATED,
             summary="Ingest articles (token required)",
             responses={200: {"description": "Nothing new: every article was stored already.", "model": IngestOut},
                        401: {"description": "No valid token."},
                        413: {"description": "The body is larger than the service accepts."},
                        422: {"description": "Not an article object or list, too many articles, or every "
                                             "article was rejected (the body says why)."}})
def post_articles(request: Request, response: Response, store: StoreDep, settings: SettingsDep, token: Writer,
                  body: ArticleBody) -> IngestOut:
    """Ingest one article object or a list of them, as `conflictwire ingest` would a JSON Lines file:
    extraction, geocoding, linking to stored incidents. Answers 201 when something was stored, 200 when
    every article was known already, and 422 when every one was rejected (each with its reason)."""
    records = body if isinstance(body, list) else [body]
    if not records:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail="no articles: send an object or a list")
    if len(records) > settings.api_max_articles:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            detail=f"{len(records)} articles in one request; send at most "
                                   f"{settings.api_max_articles} (the api_max_articles setting)")
    out = ingest_request(records, store, settings, request.app.state.ingest)
    if out.rejected and out.stored == 0 and out.duplicates == 0:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=out.model_dump())
    if out.stored == 0:
        response.status_code = status.HTTP_200_OK
    return out


class ArticleOut(BaseModel):
    """A stored article as it was read: the text every evidence span's offsets point into."""

    id: str
    title: str
    source: str | None
    url: str | None
    published: str | None
    language: str
    text: str


@router.get("/articles/{article_id}", response_model=ArticleOut, dependencies=[Depends(reader)],
            summary="One stored article with its full text",
            responses={404: {"description": "No article has this id."}})
def get_article(store: StoreDep,
                article_id: Annotated[str, Path(max_length=255, description="An article id, as an incident's "
                                                                            "`article_ids` or evidence name it.")]
                ) -> ArticleOut:
    """The article an incident's evidence points into: `text[start:end]` of each span is its `text`.

    Why its own route and not inside `/incidents/{id}`: one article often reports several incidents,
    and a page showing them one after another fetches (and caches) its text once."""
    wanted = clean_text(article_id, "article_id", where="path")
    art = store.get_article(wanted) if wanted else None
    if art is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no article {article_id!r}")
    return ArticleOut(id=art.id, title=art.title, source=art.source, url=art.url,
                      published=art.published.isoformat() if art.published else None, language=art.language,
                      text=art.text)
