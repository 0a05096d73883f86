"""The outlet table (`data/outlets.csv`, or the user's CSV in `Settings.outlet_scales`).

One row per outlet: ACLED's source scale (for `source_scale` on merged incidents, see link/)
and, for an outlet whose own description says it covers one country, that country (ISO
alpha-2). Local news reports local events, so an article whose places say nothing about the
country is about its outlet's country (see extract.incidents). Every row names its source.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from .errors import ConflictwireError

__all__ = ["outlet_countries", "read_outlets"]


def read_outlets(path: Path | None = None) -> list[dict[str, str]]:
    """The table's rows; a row without outlet, scale and source is refused with its line number."""
    if path is None:
        text = resources.files("conflictwire").joinpath("data/outlets.csv").read_text(encoding="utf-8")
        origin = "conflictwire/data/outlets.csv"
    else:
        text = Path(path).read_text(encoding="utf-8")
        origin = str(path)
    rows = []
    for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        if not (row.get("outlet") and row.get("scale") and row.get("source")):
            raise ConflictwireError(f"{origin}: line {n}: an outlet row needs outlet, scale and source")
        rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows


def outlet_countries(path: Path | None = None) -> dict[str, str]:
    """Outlet name (lower case) -> ISO alpha-2 of the one country it covers, where the table says."""
    return {r["outlet"].lower(): r["country"].upper() for r in read_outlets(path) if r.get("country")}
