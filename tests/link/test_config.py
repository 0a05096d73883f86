"""Linking configuration: the outlet table is sourced data, and bad settings are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.errors import ConflictwireError
from conflictwire.link import Linking, load_outlet_scales


def test_packaged_outlet_table_loads_with_a_source_per_row() -> None:
    scales = load_outlet_scales()
    assert scales and set(scales.values()) <= {"International", "Regional", "National", "Subnational",
                                               "Local partner", "New media", "Other"}


def test_outlet_row_without_source_is_refused_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "outlets.csv"
    bad.write_text("outlet,scale,source\nDaily Star,National,\n", encoding="utf-8")
    with pytest.raises(ConflictwireError, match=r"outlets\.csv line 2: empty source"):
        load_outlet_scales(bad)


def test_unknown_fatalities_policy_is_refused() -> None:
    with pytest.raises(ConflictwireError, match="unknown fatalities policy"):
        Linking.from_settings(Settings(fatalities_policy="highest"))
