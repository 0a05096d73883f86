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
    (tmp_path / "noise.txt").write_bytes(b"Mosul report: " + bytes(range(128, 256)))  # no encoding reads it
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    small = Settings(db_url="sqlite://", max_document_bytes=200)
    (tmp_path / "big.txt").write_text(STORY * 10, encoding="utf-8")
    items = list(read_inputs([str(tmp_path)], small))
    rejections = {Path(i.source).name: i for i in items if isinstance(i, Rejection)}
    reasons = {name: r.reason for name, r in rejections.items()}
    assert reasons == {"img.bin": "binary", "empty.txt": "empty", "noise.txt": "undecodable", "big.txt": "oversize"}
    assert "not UTF-8 at byte 14" in rejections["noise.txt"].detail
    assert rejections["big.txt"].detail == (
        f"{len(STORY) * 10} bytes exceeds the 200-byte limit (raise it with --max-bytes or CONFLICTWIRE_MAX_BYTES)")
    assert [a.id for a in items if isinstance(a, Article)] == ["good"]


def test_readers_size_limit_says_the_limit_with_thousands_separators(tmp_path: Path) -> None:
    p = tmp_path / "long.txt"
    p.write_text(STORY * 60_000, encoding="utf-8")  # about 5.8 MB, over the default limit
    (rej,) = _read(p)
    assert isinstance(rej, Rejection) and rej.reason == "oversize" and rej.source == str(p)
    assert rej.detail.endswith("bytes exceeds the 5,000,000-byte limit "
                               "(raise it with --max-bytes or CONFLICTWIRE_MAX_BYTES)")
    raised = list(read_inputs([str(p)], Settings(db_url="sqlite://", max_document_bytes=6_000_000,
                                                 max_document_chars=6_000_000)))
    assert [type(i) for i in raised] == [Article]


# ---------------------------------------------------------------- legacy encodings

CP1252_STORY = ("The mayor’s office said “two” died — café owner José Muñoz fled. "
                "Police sealed the road to the market on Monday.")
ARABIC_STORY = ("قتل شخصان وأصيب خمسة آخرون في هجوم بسيارة مفخخة على سوق شعبي في بغداد يوم الاثنين، "
                "بحسب ما قالت الشرطة. وقال مسؤول أمني إن الانفجار وقع في ساعة الذروة عندما كان السوق مزدحما.")


def test_readers_cp1252_text_is_decoded_and_the_encoding_recorded(tmp_path: Path) -> None:
    p = tmp_path / "mayor.txt"
    p.write_bytes(CP1252_STORY.encode("cp1252"))  # curly quotes and the dash exist in cp1252, not latin-1
    (art,) = _read(p)
    assert isinstance(art, Article)
    assert art.text == CP1252_STORY
    assert art.metadata["source_encoding"] == "cp1252"


def test_readers_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = "Le maire a déclaré que deux personnes étaient mortes à Château-Thierry, où l'église a brûlé."
    p = tmp_path / "maire.txt"
    p.write_bytes(text.encode("latin-1"))
    (art,) = _read(p)
    assert isinstance(art, Article) and art.text == text and art.metadata["source_encoding"]


def test_readers_cp1256_arabic_text_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "baghdad.txt"
    p.write_bytes(ARABIC_STORY.encode("cp1256"))
    (art,) = _read(p)
    assert isinstance(art, Article)
    assert art.text == ARABIC_STORY
    assert art.metadata["source_encoding"] == "cp1256"


def test_readers_legacy_jsonl_records_carry_the_encoding_and_utf8_carries_none(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.jsonl"
    rows = [{"id": "a1", "text": ARABIC_STORY}, {"id": "a2", "text": ARABIC_STORY + " " + ARABIC_STORY}]
    legacy.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("cp1256"))
    utf8 = tmp_path / "story.txt"
    utf8.write_text(CP1252_STORY, encoding="utf-8-sig")  # with a BOM: still UTF-8, the BOM is not text
    arts = _read(legacy, utf8)
    assert [a.text for a in arts] == [rows[0]["text"], rows[1]["text"], CP1252_STORY]
    assert [a.metadata.get("source_encoding") for a in arts] == ["cp1256", "cp1256", None]


# ---------------------------------------------------------------- sizes, for a progress bar


def test_readers_estimate_total_counts_files_lines_and_rows(tmp_path: Path) -> None:
    from conflictwire.ingest.readers import estimate_total

    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    for i in range(4):
        (folder / f"s{i}.txt").write_text(STORY, encoding="utf-8")
    (folder / "sub" / "s5.html").write_text("<html></html>", encoding="utf-8")
    (folder / ".hidden").write_text(STORY, encoding="utf-8")  # skipped by the reader, so not counted
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"x{i}", "text": STORY}) + "\n" for i in range(7)) + "\n\n",
                     encoding="utf-8")
    table = tmp_path / "a.csv"
    table.write_text(f'id,text\nr1,"{STORY}\nsecond line"\nr2,"{STORY}"\n', encoding="utf-8")
    assert estimate_total([str(folder)]) == 5
    assert estimate_total([str(jsonl)]) == 7
    assert estimate_total([str(table)]) == 2  # rows, though a quoted cell spans two lines
    assert estimate_total([str(folder), str(jsonl), str(table)]) == 14
    assert estimate_total([str(folder), str(jsonl)]) == len(_read(folder, jsonl))
    assert estimate_total(["-"]) is None
    assert estimate_total([str(jsonl), "https://example.invalid/feed"]) is None


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
