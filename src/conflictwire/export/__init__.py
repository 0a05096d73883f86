"""Export: write incidents and figures from a Store in a named format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..store import IncidentFilter, Store
from .formats import EXPORTERS, FIGURE_COLUMNS, INCIDENT_COLUMNS, Exporter

__all__ = ["EXPORTERS", "FIGURE_COLUMNS", "INCIDENT_COLUMNS", "Exporter", "export"]


def export(store: Store, fmt: str, output: str | Path | None = None, flt: IncidentFilter | None = None) -> int:
    """Write the store's records in format `fmt` to `output` (stdout when None); returns the count."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    if exporter.records == "store":  # a backup is the whole store, whatever the filter
        records: Any = store
    elif exporter.records == "figures":
        records = store.figures()
    else:
        records = store.incidents(flt, with_reports=exporter.records == "incidents+reports")
    if output is None or str(output) == "-":
        if exporter.binary:
            raise ExportError(f"format {fmt!r} is binary: give an output file with -o")
        return exporter.write(records, sys.stdout)
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if exporter.binary:
            with path.open("wb") as fh:
                return exporter.write(records, fh)
        with path.open("w", encoding="utf-8", newline="") as fh:
            return exporter.write(records, fh)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
