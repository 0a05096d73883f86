"""Ingest: read documents from files, directories, stdin, URLs and feeds into `Article`s.

Bad documents become `Rejection`s (never exceptions), so a batch always goes on.
"""

from .clean import clean_text
from .dates import parse_published
from .readers import read_inputs

__all__ = ["clean_text", "parse_published", "read_inputs"]
