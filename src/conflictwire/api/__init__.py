"""The HTTP service: a FastAPI application over one store (`conflictwire serve`).

The application is built by `create_app`, never at import time, so two services with
different settings or databases can live in one process (tests run several).
"""

from .app import create_app

__all__ = ["create_app"]
