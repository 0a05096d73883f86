"""Every packaged reference row names its source; a row without one is refused."""

from __future__ import annotations

import pytest

from conflictwire.errors import ReferenceDataError
from conflictwire.reference import packaged_tables, read_table, read_table_text


def test_a_row_without_a_source_is_refused_with_file_and_line() -> None:
    text = "name,source\nBaghdad,GeoNames\nMosul,\n"
    with pytest.raises(ReferenceDataError, match=r"places\.csv line 3: empty source"):
        read_table_text(text, "places.csv")


def test_a_table_without_a_source_column_is_refused() -> None:
    with pytest.raises(ReferenceDataError, match="missing column"):
        read_table_text("name\nBaghdad\n", "t.csv")


def test_comments_and_blank_rows_are_skipped_and_cells_stripped() -> None:
    rows = read_table_text("name,source\n# a note,\n,\n Mosul , GeoNames \n", "t.csv")
    assert rows == [{"name": "Mosul", "source": "GeoNames"}]


def test_required_columns_must_be_filled() -> None:
    with pytest.raises(ReferenceDataError, match="empty name"):
        read_table_text("name,source\n,GeoNames\n", "t.csv", required=["name"])


def test_a_missing_table_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ReferenceDataError, match="no such reference table"):
        read_table("nothing", path=tmp_path / "nothing.csv")


@pytest.mark.parametrize("name", packaged_tables())
def test_every_packaged_row_has_a_source(name: str) -> None:
    assert read_table(name)  # raises on a row without a source; an empty table is a mistake too
