"""`GET /export.csv` and `GET /export.jsonl`: the filtered incidents in the CLI's export formats, streamed.

Why the exporters of `export/formats.py` and not new writers: the file a person downloads
must be the file `conflictwire export` writes (the scorer reads it), with the same guard
that no CSV cell starts a formula. Rows are read a chunk at a time by keyset, so an export
of the whole store never sits in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import IO, Any

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from ..export.formats import write_acled_csv, write_jsonl
from ..models import Incident
from .deps import StoreDep, reader
from .params import FilterDep, SortDep

__all__ = ["router"]

router = APIRouter(tags=["exports"], dependencies=[Depends(reader)])
CHUNK = 500


def _stream(incidents: Iterable[Incident], write: Callable[[Iterable[Any], IO[str]], int],
            header: bool) -> Iterator[str]:
    """The exporter's output, one chunk of records at a time; a CSV header is written once."""
    it = iter(incidents)
    first = True
    while True:
        chunk = list(islice(it, CHUNK))
        if not chunk and not first:
            return
        out = io.StringIO()
        write(chunk, out)
        text = out.getvalue()
        if header and not first:
            text = text.split("\n", 1)[1]  # the header line holds no quoted newline
        yield text
        first = False
        if len(chunk) < CHUNK:
            return


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/export.csv", summary="Filtered incidents as ACLED-ordered CSV",
            response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def export_csv(store: StoreDep, flt: FilterDep, sort: SortDep) -> StreamingResponse:
    """ACLED's columns in ACLED's order, then conflictwire's extension columns, as `conflictwire export
    --format acled-csv` writes them. A cell that would start a spreadsheet formula starts with `'`."""
    rows = store.iter_incidents(flt, sort)
    return StreamingResponse(_stream(rows, write_acled_csv, header=True), media_type="text/csv; charset=utf-8",
                             headers=_attachment("incidents.csv"))


@router.get("/export.jsonl", summary="Filtered incidents as JSON Lines, with evidence, reports and history",
            response_class=StreamingResponse, responses={200: {"content": {"application/x-ndjson": {}}}})
def export_jsonl(store: StoreDep, flt: FilterDep, sort: SortDep) -> StreamingResponse:
    """One full record per line, as `conflictwire export --format jsonl` writes it."""
    rows = store.iter_incidents(flt, sort, with_reports=True)
    return StreamingResponse(_stream(rows, write_jsonl, header=False), media_type="application/x-ndjson",
                             headers=_attachment("incidents.jsonl"))
