"""The outlet table (`reference/data/outlets.csv`, or the user's CSV in `Settings.outlet_scales`).

One row per outlet: ACLED's source scale (for `source_scale` on merged incidents, see link/)
and, for an outlet whose own description says it covers one country, that country (ISO
alpha-2). Local news reports local events, so an article whose places say nothing about the
country is about its outlet's country (see extract.incidents). Every row names its source.
"""

from __future__ import annotations

from pathlib import Path

from .reference import read_table

__all__ = ["outlet_countries", "read_outlets"]


def read_outlets(path: Path | None = None) -> list[dict[str, str]]:
    """The table's rows; a row without outlet, scale and source is refused with its line number."""
    return read_table("outlets", required=("outlet", "scale"), path=Path(path) if path is not None else None)


def outlet_countries(path: Path | None = None) -> dict[str, str]:
    """Outlet name (lower case) -> ISO alpha-2 of the one country it covers, where the table says."""
    return {r["outlet"].lower(): r["country"].upper() for r in read_outlets(path) if r.get("country")}
