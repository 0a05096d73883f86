"""`geoparse_articles`, the stream behind `conflictwire geoparse`."""

from __future__ import annotations

from conflictwire.geo import Gazetteer, Geoparser
from conflictwire.geo._run import geoparse_articles
from conflictwire.models import Article, Place, Rejection


class _BreaksOnMarker(Geoparser):
    """The real parser, made to fail on one document: no input is known to break it, so the
    fault is injected to test that a batch survives the next bug."""

    def parse(self, text: str, doc: object = None) -> list[Place]:  # type: ignore[override]
        if "BREAK" in text:
            raise ValueError("injected fault")
        return super().parse(text)


def test_a_document_that_breaks_the_parser_is_rejected_and_the_batch_goes_on(
    small_gazetteer: Gazetteer,
) -> None:
    docs = [
        Article(id="a", text="Clashes were reported in Karvana on Sunday."),
        Article(id="b", text="BREAK in Karvana.", metadata={"origin": "feed.jsonl:2"}),
        Article(id="c", text="Fighters later entered Zubaydiya."),
    ]
    out = list(geoparse_articles(docs, _BreaksOnMarker(small_gazetteer)))
    assert [r["id"] for r in out if isinstance(r, dict)] == ["a", "c"]
    (rej,) = [r for r in out if isinstance(r, Rejection)]
    assert (rej.source, rej.reason) == ("feed.jsonl:2", "processing-failed")
    assert "ValueError: injected fault" in rej.detail
    assert out[0]["places"][0]["name"] == "Karvana"  # type: ignore[index]
