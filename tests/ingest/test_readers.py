"""Readers: every input kind, and bad documents becoming named rejections."""

from __future__ import annotations

import json
from pathlib import Path

from conflictwire.config import Settings
from conflictwire.ingest import read_inputs
from conflictwire.models import Article, Rejection

S = Settings(db_url="sqlite://")
STORY = "Five people were killed when a car bomb exploded in a market in Kirkuk on Tuesday, police said."


def _read(*paths: Path | str, **kw: object) -> list[Article | Rejection]:
    return list(read_inputs([str(p) for p in paths], S, **kw))  # type: ignore[arg-type]


def test_readers_text_file_title_is_short_first_line(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(f"Car bomb in Kirkuk\n\n{STORY}\n", encoding="utf-8")
    (art,) = _read(p)
    assert isinstance(art, Article)
    assert art.id == "story" and art.title == "Car bomb in Kirkuk"
    assert art.text.startswith("Car bomb in Kirkuk") and STORY in art.text


def test_readers_jsonl_keeps_extra_columns_and_rejects_bad_lines(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": STORY, "published": "2019-05-02", "source": "Wire", "desk": "ME"}),
        "{not json",
        json.dumps({"id": "x2", "title": "no text"}),
        json.dumps(["a list"]),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(p)
    arts = [i for i in items if isinstance(i, Article)]
    rejs = [i for i in items if isinstance(i, Rejection)]
    assert [a.id for a in arts] == ["x1"]
    assert arts[0].published.isoformat() == "2019-05-02" and arts[0].metadata["desk"] == "ME"
    assert sorted(r.source for r in rejs) == [f"{p}:2", f"{p}:3", f"{p}:4"]
    assert all(r.reason == "malformed" for r in rejs)


def test_readers_csv_rows_and_malformed_row(tmp_path: Path) -> None:
    p = tmp_path / "a.csv"
    p.write_text(f'id,title,text,published\nr1,T,"{STORY}",2020-01-08\nr2,T,"{STORY} Again.",x,extra\n',
                 encoding="utf-8")
    items = _read(p)
    assert isinstance(items[0], Article) and items[0].id == "r1"
    assert isinstance(items[1], Rejection) and items[1].reason == "malformed" and items[1].source.endswith(":3")


def test_readers_reject_binary_empty_undecodable_oversize(tmp_path: Path) -> None:
    (tmp_path / "img.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes(("Caf\xe9 bombing in Mosul killed " * 3).encode("latin-1"))
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    small = Settings(db_url="sqlite://", max_document_bytes=200)
    (tmp_path / "big.txt").write_text(STORY * 10, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], small))
    reasons = {Path(i.source).name: i.reason for i in items if isinstance(i, Rejection)}
    assert reasons == {"img.bin": "binary", "empty.txt": "empty", "latin.txt": "undecodable", "big.txt": "oversize"}
    assert [a.id for a in items if isinstance(a, Article)] == ["good"]


def test_readers_missing_path_is_a_rejection() -> None:
    (rej,) = _read("/nonexistent/nowhere.txt")
    assert isinstance(rej, Rejection) and rej.reason == "missing"


def test_readers_html_main_text(tmp_path: Path) -> None:
    body = " ".join([STORY] * 4)
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Kirkuk blast</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Kirkuk blast</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright 2019 Example News</footer></body></html>", encoding="utf-8")
    (art,) = _read(p)
    assert isinstance(art, Article)
    assert "car bomb exploded" in art.text and "Copyright" not in art.text


def _page(tmp_path: Path, head: str, name: str = "page.html") -> Path:
    """A small hand-written news page: `head` goes in <head>, the story in an <article>."""
    body = " ".join([STORY] * 4)
    p = tmp_path / name
    p.write_text(f"<html><head>{head}</head><body><article><h1>Kirkuk blast</h1><p>{body}</p><p>{body}</p>"
                 "</article></body></html>", encoding="utf-8")
    return p


def test_readers_html_source_is_the_declared_site_name(tmp_path: Path) -> None:
    p = _page(tmp_path, '<meta property="og:site_name" content="Kurdistan 24">'
                        "<title>Kirkuk blast | K24 English</title>")
    (art,) = _read(p)
    assert isinstance(art, Article) and art.source == "Kurdistan 24"


def test_readers_html_source_from_title_suffix_then_host(tmp_path: Path) -> None:
    (suffix,) = _read(_page(tmp_path, "<title>Kirkuk blast | Iraq Daily Wire</title>", "a.html"))
    (prefix,) = _read(_page(tmp_path, "<title>Iraq Daily Wire - Kirkuk blast</title>", "b.html"))
    (host,) = _read(_page(tmp_path, '<title>Kirkuk blast</title><link rel="canonical" '
                                    'href="https://www.example-wire.org/2019/kirkuk-blast">', "c.html"))
    (bare,) = _read(_page(tmp_path, "<title>Kirkuk blast</title>", "d.html"), source="Caller's outlet")
    assert isinstance(suffix, Article) and suffix.source == "Iraq Daily Wire" and suffix.title == "Kirkuk blast"
    assert isinstance(prefix, Article) and prefix.source == "Iraq Daily Wire"
    assert isinstance(host, Article) and host.source == "example-wire.org"
    # the page names no outlet at all: the caller's source stands
    assert isinstance(bare, Article) and bare.source == "Caller's outlet"


def test_readers_record_source_is_kept(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "r1", "text": STORY, "source": "Al Mirbad"}) + "\n", encoding="utf-8")
    (art,) = _read(p)
    assert isinstance(art, Article) and art.source == "Al Mirbad"


def test_readers_rss_feed_entries(tmp_path: Path) -> None:
    p = tmp_path / "feed.rss"
    p.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Blast</title><link>http://example.invalid/1</link><description>{STORY}</description>"
        "<pubDate>Tue, 30 Apr 2019 10:00:00 GMT</pubDate></item>"
        "<item><title>Two</title><link>http://example.invalid/2</link>"
        "<description>&lt;p&gt;Protesters gathered in Basra on Monday demanding jobs and water.&lt;/p&gt;"
        "</description></item></channel></rss>", encoding="utf-8")
    arts = _read(p)
    assert [a.url for a in arts] == ["http://example.invalid/1", "http://example.invalid/2"]
    assert arts[0].published.isoformat() == "2019-04-30" and arts[0].source == "Wire"
    assert "<p>" not in arts[1].text and "Protesters gathered" in arts[1].text


def test_readers_published_option_fills_missing_dates(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(STORY, encoding="utf-8")
    (art,) = _read(p, published="2019-05-01")
    assert art.published.isoformat() == "2019-05-01"


def test_readers_clean_false_keeps_text_verbatim(tmp_path: Path) -> None:
    raw = "Exit mobile version" + STORY + "\r\n"
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"id": "v", "text": raw}) + "\n", encoding="utf-8")
    (kept,) = _read(p, clean=False)
    (cleaned,) = _read(p)
    assert kept.text == raw
    assert cleaned.text == STORY


def test_readers_input_kind_declared_or_read_from_an_acled_event_id(tmp_path: Path) -> None:
    from dataclasses import replace

    p = tmp_path / "mixed.jsonl"
    rows = [{"id": "IRQ22736", "text": STORY}, {"id": "story-1", "text": STORY},
            {"id": "IRQ22737", "text": STORY, "title": "Car bomb"}, {"id": "n-1", "text": STORY, "kind": "acled-note"},
            {"id": "bad", "text": STORY, "kind": "tweet"}]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    got = _read(p)
    kinds = {a.id: a.kind for a in got if isinstance(a, Article)}
    assert kinds == {"IRQ22736": "acled-note", "story-1": "news", "IRQ22737": "news", "n-1": "acled-note"}
    (bad,) = [r for r in got if isinstance(r, Rejection)]
    assert bad.reason == "malformed" and "tweet" in (bad.detail or "")
    forced = list(read_inputs([str(p)], replace(S, input_kind="news")))
    assert {a.kind for a in forced if isinstance(a, Article)} == {"news", "acled-note"}  # a record's own word wins
