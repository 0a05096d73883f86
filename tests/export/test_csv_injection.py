"""CSV injection: no text cell of any CSV export starts a spreadsheet formula, whatever the text
(property test, derandomized), and the text is still all there behind the guard."""

from __future__ import annotations

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwire.export.formats import FORMULA_STARTS, write_acled_csv, write_figures_csv
from conflictwire.models import Figure, Incident

# text as a page or a feed may give it: formula starters up front, Arabic, Kurdish, right-to-left marks
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(FORMULA_STARTS + ("'", " =", "\n=", "＝")), st.text(max_size=30)),
    st.sampled_from(["a\r=HYPERLINK(\"http://x\")", "b\r\n@SUM(A1)",
                     "=HYPERLINK(\"http://x\",\"a\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                     "=cmd|' /C calc'!A0", "\u202e=1+1", "ميليشيا =1", "=پێنج"]),
)
TEXT_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location", "admin1", "admin2", "admin3",
               "notes", "source", "region", "country", "tags", "claimant", "event_type", "sub_event_type")
PROFILE = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def _unguard(cell: str, original: str) -> str:
    """The text as it was: the guard's quote taken off, and line breaks as written (every one as LF)."""
    return cell[1:] if _lf(original).startswith(FORMULA_STARTS) else cell


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@PROFILE
@given(values=st.fixed_dictionaries({name: HOSTILE for name in TEXT_FIELDS}),
       article_ids=st.lists(HOSTILE.filter(lambda s: ";" not in s), min_size=1, max_size=3))
def test_csv_injection_acled_cells_never_start_a_formula(values: dict[str, str], article_ids: list[str]) -> None:
    inc = Incident(id="inc-1", event_date=date(2019, 5, 3), latitude=-33.9, longitude=-70.6, fatalities=1,
                   article_ids=article_ids, **values)
    out = io.StringIO()
    write_acled_csv([inc], out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))  # one row: no line break splits it
    for name, original in {**values, "article_ids": ";".join(article_ids)}.items():
        assert not row[name].startswith(FORMULA_STARTS), (name, row[name])
        assert _unguard(row[name], original) == _lf(original), "the guard adds one quote and takes nothing away"
    assert row["latitude"] == "-33.9"  # a number is written as a number


@PROFILE
@given(claimant=HOSTILE, kind=HOSTILE, article_ids=st.lists(HOSTILE.filter(lambda s: ";" not in s), max_size=3))
def test_csv_injection_figure_cells_never_start_a_formula(claimant: str, kind: str, article_ids: list[str]) -> None:
    fig = Figure(kind=kind, value=-3, claimant=claimant, article_ids=article_ids, id="fig-1")
    out = io.StringIO()
    write_figures_csv([fig], out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    for name in ("claimant", "kind", "article_ids", "id"):
        assert not row[name].startswith(FORMULA_STARTS), (name, row[name])
    assert _unguard(row["claimant"], claimant) == _lf(claimant)
