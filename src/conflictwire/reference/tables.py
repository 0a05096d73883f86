"""Reading the reference tables: one CSV per kind of knowledge, one row one fact.

Why a loader of its own: every row must say where its fact comes from (a `source`
column naming a general source: GeoNames, ISO 3166, AP style, the ACLED codebook,
a packaged names list).  A row without one is refused when the table is read, so a
fact cannot slip into the layer without a reason that holds beyond one document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from ..errors import ReferenceDataError

__all__ = ["SOURCE_COLUMN", "Row", "packaged_tables", "read_table", "read_table_text"]

SOURCE_COLUMN = "source"
Row = dict[str, str]


def _data_dir() -> Path:
    return Path(str(resources.files("conflictwire.reference") / "data"))


def packaged_tables() -> list[str]:
    """Names (without `.csv`) of every table shipped in `reference/data/`."""
    return sorted(p.stem for p in _data_dir().glob("*.csv"))


def read_table(name: str, *, required: Sequence[str] = (), path: Path | None = None) -> list[Row]:
    """The rows of table `name` (packaged, or the CSV at `path`), each with its source.

    Cells are stripped; a row that is entirely empty, or whose first cell starts with
    `#`, is a comment.  `required` columns must be present and non-empty in every row.
    """
    file = path if path is not None else _data_dir() / f"{name}.csv"
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReferenceDataError(f"{file}: no such reference table") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(f"{file}: cannot be read ({exc.__class__.__name__}: {exc})") from exc
    return read_table_text(text, str(file), required=required)


def read_table_text(text: str, origin: str, *, required: Sequence[str] = ()) -> list[Row]:
    """Parse one table's text; `origin` names it in errors."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    must = [SOURCE_COLUMN, *required]
    missing = [c for c in must if c not in columns]
    if missing:
        raise ReferenceDataError(f"{origin}: missing column(s) {', '.join(missing)} (has: {', '.join(columns)})")
    rows: list[Row] = []
    for line_no, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        values = list(row.values())
        if not any(values) or (values and values[0].startswith("#")):
            continue
        empty = [c for c in must if not row.get(c)]
        if empty:
            raise ReferenceDataError(f"{origin} line {line_no}: empty {', '.join(empty)}; every reference row "
                                     "names the general source of its fact")
        rows.append(row)
    return rows
