"""The outlet table: scales for linking, home countries for extraction (conflictwire.outlets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.errors import ConflictwireError
from conflictwire.outlets import outlet_countries, read_outlets


def test_packaged_outlets_name_a_source_and_countries_are_iso2() -> None:
    rows = read_outlets()
    assert rows and all(r["source"] for r in rows)
    countries = outlet_countries()
    assert countries and all(len(c) == 2 and c.isupper() for c in countries.values())
    # an international agency covers no one country
    assert "reuters" not in countries


def test_user_outlet_table_replaces_the_packaged_one(tmp_path: Path) -> None:
    own = tmp_path / "outlets.csv"
    own.write_text("outlet,scale,source,country\nDaily Star,National,our desk's list,lb\nWire,International,x,\n",
                   encoding="utf-8")
    assert outlet_countries(own) == {"daily star": "LB"}
    bad = tmp_path / "bad.csv"
    bad.write_text("outlet,scale,source\nDaily Star,National,\n", encoding="utf-8")
    with pytest.raises(ConflictwireError, match="line 2"):
        read_outlets(bad)
