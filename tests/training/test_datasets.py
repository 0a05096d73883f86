"""The loaders read each source of shared/data into labelled examples, and only they name its files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conflictwire.errors import ModelError
from conflictwire.extract.classifier import NONE
from conflictwire.extract.taxonomy import SUB_EVENT_TYPES
from conflictwire.training import CASE_CODES, load_examples, source_files
from conflictwire.training.datasets import ACLED_NOTES, CASE_SNIPPETS, NEWS_LEADS

SRC = Path(__file__).resolve().parents[2] / "src" / "conflictwire"


def test_datasets_load_examples_reads_every_source(fake_shared: Path) -> None:
    examples = load_examples(fake_shared)
    by_source = Counter(e.source for e in examples)
    # 12 Iraq rows of which 2 are skipped (no note; a type ACLED does not have)
    assert by_source == {"acled-iraq": 10, "acled-testland-2020": 2, "case": 8, "news-lgl": 2}
    assert all(e.label in SUB_EVENT_TYPES for e in examples if e.source.startswith("acled"))
    assert {e.doc_id for e in examples if e.source == "acled-iraq"} >= {"acled-iraq-2019-0", "acled-iraq-2019-9"}


def test_datasets_case_codes_outside_acled_are_none(fake_shared: Path) -> None:
    case = {e.doc_id: e.label for e in load_examples(fake_shared) if e.source == "case"}
    assert case["c0"] == "Air/drone strike" and case["c5"] == "Arrests"
    assert case["c6"] == NONE and case["c7"] == NONE  # NATURAL_DISASTER, DIPLO: "no record"


def test_datasets_case_codes_cover_acled_types_once() -> None:
    assert sorted(CASE_CODES.values()) == sorted(SUB_EVENT_TYPES)


def test_datasets_news_leads_are_short_none_examples(fake_shared: Path) -> None:
    leads = {e.doc_id: e for e in load_examples(fake_shared) if e.source == "news-lgl"}
    assert set(leads) == {"a1", "a3"}  # a2 has no lead of 40 characters
    assert all(e.label == NONE for e in leads.values())
    long_lead = leads["a1"].text
    assert long_lead.startswith("Sentence number 0 ") and len(long_lead) <= 400 and long_lead.endswith(".")
    assert leads["a3"].text.endswith("Work starts in spring.")


def test_datasets_none_news_false_leaves_news_out(fake_shared: Path) -> None:
    assert not any(e.source.startswith("news") for e in load_examples(fake_shared, none_news=False))
    assert all(f.suffix != ".jsonl" for f in source_files(fake_shared, none_news=False))


def test_datasets_missing_notes_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="--shared") as err:
        load_examples(tmp_path)
    assert str(tmp_path / "data" / ACLED_NOTES) in str(err.value)


def test_datasets_source_files_lists_what_exists(fake_shared: Path) -> None:
    data = fake_shared / "data"
    files = source_files(fake_shared)
    assert files == sorted(files)
    assert data / ACLED_NOTES in files and data / CASE_SNIPPETS in files
    assert data / "train" / "acled-testland-2020.csv" in files
    assert data / NEWS_LEADS["lgl"] in files and data / NEWS_LEADS["geovirus"] not in files  # not written


def test_datasets_file_names_appear_only_in_training() -> None:
    """Issue 15: runtime code reads a fitted artefact, never a data set, so it must not name one."""
    names = [ACLED_NOTES, CASE_SNIPPETS, *(Path(p).name for p in NEWS_LEADS.values())]
    offenders = [f"{path.relative_to(SRC)}: {name}"
                 for path in SRC.rglob("*.py") if "training" not in path.relative_to(SRC).parts
                 for name in names if name in path.read_text(encoding="utf-8")]
    assert not offenders
