"""`GET /` (the dashboard page) and the files it loads: its script and style, Leaflet, MarkerCluster, outlines.

Why routes and not a `StaticFiles` mount: a router is what `create_app` mounts, one per module,
and a route per folder names exactly which files may be served (known suffixes inside a known
folder; `..` and anything else is a 404). None of these routes is in the OpenAPI schema: they
serve the page, not data, and stay open when reads need a token (the page then asks for one).
"""

from __future__ import annotations

import json
from importlib import import_module, resources
from pathlib import Path as FsPath
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status
from fastapi.responses import FileResponse, HTMLResponse, Response

from .legend import page_config
from .outline import country_outlines

__all__ = ["CONTENT_TYPES", "router"]

router = APIRouter(include_in_schema=False)

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".map": "application/json",
}
# the dashboard's own files change with the package; vendored ones only with their package's version
_OWN_CACHE = "no-cache"
_VENDOR_CACHE = "public, max-age=86400"
_VENDORS = {"leaflet": "xstatic.pkg.leaflet", "markercluster": "xstatic.pkg.leaflet_markercluster"}
# scripts only from this server; tiles (images) from OpenStreetMap when the analyst picks them
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: https://tile.openstreetmap.org; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_PLACEHOLDER = "<!--config-->"

FileName = Annotated[str, Path(max_length=200)]


def _assets() -> FsPath:
    return FsPath(str(resources.files("conflictwire.web") / "assets"))


def _file(folder: FsPath, name: str, cache: str) -> FileResponse:
    """`name` inside `folder`, with its content type; anything else (another suffix, `..`, absent) is a 404."""
    kind = CONTENT_TYPES.get(FsPath(name).suffix.lower())
    base = folder.resolve()
    path = (base / name).resolve()
    if kind is None or not path.is_relative_to(base) or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no file {name!r}")
    return FileResponse(path, media_type=kind, headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"})


@router.get("/", response_class=HTMLResponse)
def dashboard() -> HTMLResponse:
    """The page, with the palette and rings it draws with written into it (no request before the first draw)."""
    from .. import __version__

    page = (_assets() / "index.html").read_text(encoding="utf-8")
    # JSON inside <script>: `<` escaped so no text can close the element
    config = json.dumps(page_config(__version__), ensure_ascii=False).replace("<", "\\u003c")
    return HTMLResponse(page.replace(_PLACEHOLDER, config),
                        headers={"Content-Security-Policy": _CSP, "Cache-Control": _OWN_CACHE,
                                 "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


@router.get("/static/dashboard/{name}")
def own_file(name: FileName) -> FileResponse:
    return _file(_assets(), name, _OWN_CACHE)


@router.get("/static/outline/countries.geojson")
def outlines(request: Request) -> Response:
    """Country outlines for the offline base map, built once per application (on first use)."""
    body: bytes | None = getattr(request.app.state, "web_outlines", None)
    if body is None:
        body = json.dumps(country_outlines(), separators=(",", ":")).encode()
        request.app.state.web_outlines = body
    return Response(body, media_type="application/geo+json", headers={"Cache-Control": _VENDOR_CACHE})


@router.get("/static/{vendor}/{name:path}")
def vendor_file(vendor: Annotated[str, Path(max_length=40)], name: FileName) -> FileResponse:
    """Leaflet and MarkerCluster from their xstatic packages (`images/layers.png` and the like included)."""
    module = _VENDORS.get(vendor)
    if module is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no static folder {vendor!r}")
    return _file(FsPath(import_module(module).BASE_DIR), name, _VENDOR_CACHE)
