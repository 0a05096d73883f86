"""The extraction entry point (`Pipeline.process`, and `ingest` over it) under hostile text and a
time budget: a sane result or a named rejection, never a crash, a hang or a lost document (issue 14)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.models import Article, ArticleResult
from conflictwire.pipeline import Pipeline, ingest
from conflictwire.store import Store

pytestmark = pytest.mark.slow

STORY = "Gunmen killed five soldiers at a checkpoint near Mosul on Friday, police said."
SCRIPTS = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "S", "Cc", "Cf"),
                        include_characters="ڕڵۆێەçêîşû\u200f\u202e\u2067\u2069\u0651\u064b")
TEXTS = st.text(SCRIPTS, min_size=1, max_size=120) | st.sampled_from([
    "قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل يوم الجمعة، حسبما قالت الشرطة.",
    "پێنج سەرباز لە هێرشێکدا لە نزیک موسڵ کوژران، پۆلیس ڕایگەیاند.",
    "Pênc leşker li nêzî Mûsilê hatin kuştin, polîs got.",
    "\u202eGunmen killed five soldiers near Mosul on Friday, police said.\u202c",
    "=cmd|' /C calc'!A0 killed 3 in Kirkuk on Monday, police said.",
])


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(parts=st.lists(TEXTS, min_size=1, max_size=4))
def test_pipeline_hostile_text_gives_a_sane_result(pipeline: Pipeline, parts: list[str]) -> None:
    text = " ".join(parts + [STORY])  # mixed scripts around one plain sentence
    result = pipeline.process(Article(id="h", text=text))
    assert isinstance(result, ArticleResult) and result.article.text == text
    spans = [e for inc in result.incidents for e in inc.evidence] + [e for f in result.figures for e in f.evidence]
    for e in spans:  # every piece of evidence points into the untouched text
        assert 0 <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.text
    for p in result.places:
        assert 0 <= p.start < p.end <= len(text) and text[p.start:p.end] == p.name


class HangsOn(Pipeline):
    """The real pipeline, with one stage made to hang on one article: the fault a hostile input causes."""

    hang_id = "stuck"

    def analyse(self, article: Article, doc, year_prior: Counter[int]) -> ArticleResult:  # noqa: ANN001
        while article.id == self.hang_id:
            pass
        return super().analyse(article, doc, year_prior)


def _inputs(tmp_path: Path) -> Path:
    path = tmp_path / "batch.jsonl"
    rows = [{"id": "before", "text": STORY, "published": "2019-05-04"},
            {"id": "stuck", "text": "On Monday a car bomb killed 4 people in Kirkuk, police said.",
             "published": "2019-05-06"},
            {"id": "after", "text": "Protesters gathered in Basra on Sunday to demand jobs and water.",
             "published": "2019-05-06"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_pipeline_hang_becomes_an_over_budget_rejection_and_the_batch_goes_on(pipeline: Pipeline,
                                                                            tmp_path: Path) -> None:
    # a budget several times what one short article takes on a loaded two-core machine (about 1.5 s)
    cfg = dataclasses.replace(pipeline.settings, max_document_seconds=8.0)
    hanging = HangsOn(cfg, pipeline.nlp, pipeline.geoparser, pipeline.extractor)
    store = Store("sqlite://")
    report = ingest([str(_inputs(tmp_path))], store, cfg, pipeline=hanging)
    (rej,) = report.rejections
    assert (rej.source, rej.reason) == (f"{tmp_path / 'batch.jsonl'}:2", "over-budget")
    assert report.stored == 2 and sorted(a.id for a in store.articles()) == ["after", "before"]
    assert [(r.source, r.reason) for r in store.rejections()] == [(rej.source, "over-budget")]
    # nothing is lost: the rejected document is read again on a later run and stored then
    again = ingest([str(_inputs(tmp_path))], store, pipeline.settings, pipeline=pipeline)
    assert (again.stored, again.duplicates) == (1, 2)
    assert sorted(a.id for a in store.articles()) == ["after", "before", "stuck"]


def test_pipeline_budget_interrupts_real_work(pipeline: Pipeline, tmp_path: Path) -> None:
    """A budget far below what parsing any article takes: every document is stopped and rejected, none stored."""
    cfg = dataclasses.replace(pipeline.settings, max_document_seconds=1e-6)
    store = Store("sqlite://")
    report = ingest([str(_inputs(tmp_path))], store, cfg, pipeline=pipeline)
    assert [r.reason for r in report.rejections] == ["over-budget"] * 3
    assert store.count("articles") == 0 and store.count("incidents") == 0
    assert report.all_rejected


def test_pipeline_folder_of_hostile_files_is_all_accounted_for(pipeline: Pipeline, fixtures: Path,
                                                              tmp_path: Path) -> None:
    """One `ingest` over a folder of hostile files: each is stored or a stored rejection, and the
    CSV export of what was stored starts no formula."""
    import csv

    from conflictwire.export import export
    from conflictwire.export.formats import FORMULA_STARTS

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"   \n")
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 20_000 + STORY + "</div>" * 20_000
                                        + "</body></html>", encoding="utf-8")
    (folder / "deep.jsonl").write_text('{"text": ' + "[" * 20_000 + "]" * 20_000 + "}\n", encoding="utf-8")
    (folder / "surrogate.jsonl").write_text('{"text": "' + STORY + ' \\udc80"}\n', encoding="utf-8")
    (folder / "arabic.txt").write_text("قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل يوم الجمعة.\n",
                                       encoding="utf-8")
    (folder / "kurdish.txt").write_text("پێنج سەرباز لە هێرشێکدا لە نزیک موسڵ کوژران، پۆلیس ڕایگەیاند.\n",
                                        encoding="utf-8")
    ambush = (fixtures / "report_ambush.txt").read_text(encoding="utf-8")  # a report known to give an incident
    with (folder / "injection.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "source", "published", "text"],
                                  ["inj", '=HYPERLINK("http://x")', "2019-03-05", ambush]])
    store = Store("sqlite://")
    report = ingest([str(folder)], store, pipeline.settings, pipeline=pipeline)
    assert report.stored + len(report.rejections) == 8, "every file is stored or rejected, none vanishes"
    rejected = {Path(r.source.split(":")[0]).name: r.reason for r in store.rejections()}
    assert rejected == {"binary.txt": "binary", "empty.txt": "empty", "nested.html": "empty",
                        "deep.jsonl": "malformed", "surrogate.jsonl": "undecodable"}
    assert sorted(a.id for a in store.articles()) == ["arabic", "inj", "kurdish"]
    out = tmp_path / "i.csv"
    export(store, "acled-csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["source"] for r in rows if "inj" in r["article_ids"]} == {"'=HYPERLINK(\"http://x\")"}
    assert not [v for r in rows for k, v in r.items() if k not in {"latitude", "longitude"} and
                v.startswith(FORMULA_STARTS)]
