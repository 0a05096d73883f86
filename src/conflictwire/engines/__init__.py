"""Batch engines: `run` the pipeline over inputs into Parquet (here or on Spark), `load` it into a store.

Why apart from `pipeline.ingest`: a cluster has no database to write to while it
computes, so computing and storing are split.  `run` gives, row for row, the same
tables whichever engine computes them, and `load` stores them through the very code
path `ingest` uses (see `engines.load`).
"""

from __future__ import annotations

from .load import load, read_manifest, read_table
from .run import ENGINES, RunReport, run

__all__ = ["ENGINES", "RunReport", "load", "read_manifest", "read_table", "run"]
