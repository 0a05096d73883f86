"""ACLED's world regions by country (`reference/data/acled_regions.csv`).

ACLED files every event under a region ("Middle East", "Western Africa"...) decided by its
country alone, so the region is a table look-up, never an inference from the text. The table
holds one row per ISO 3166 country: ACLED's region name, the UN M49 subregion it was derived
from and the source of each row (the rule, or the ACLED export that shows an exception). A
country the table leaves empty (Antarctica, retired codes) gets no region rather than a guess.
See docs/export.md for the mapping rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reference import read_table

__all__ = ["RegionTable"]

_COLUMNS = ("iso2", "iso3", "country", "m49_subregion", "region", "source")


@dataclass(frozen=True, slots=True)
class RegionTable:
    """ISO alpha-2 (or alpha-3) code -> ACLED region name, read once from the packaged table."""

    by_iso2: dict[str, str]
    by_iso3: dict[str, str]

    @classmethod
    def load(cls) -> RegionTable:
        """The packaged table; a row without a source is refused, as every fact must name one."""
        by2: dict[str, str] = {}
        by3: dict[str, str] = {}
        for row in read_table("acled_regions", required=("iso2",)):
            by2[row["iso2"].upper()] = row["region"]
            if row["iso3"]:
                by3[row["iso3"].upper()] = row["region"]
        return cls(by2, by3)

    def region(self, code: str | None) -> str:
        """ACLED's region of a country given by its ISO alpha-2 or alpha-3 code ('' when unknown)."""
        key = (code or "").strip().upper()
        if len(key) == 3:
            return self.by_iso3.get(key, "")
        return self.by_iso2.get(key, "")
