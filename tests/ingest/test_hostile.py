"""Hostile and broken input for every reader: each gives a named rejection or a sane article, never a
crash or a hang (issue 14). Property tests run with a fixed, derandomized budget so CI is repeatable.

The invariant checked on every input: reading yields only `Article`s and `Rejection`s; each rejection
names the file it came from (and the line or entry, where there is one) with a known reason; each
article is within the size limits and holds nothing that cannot be written as UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwire.config import Settings
from conflictwire.ingest import read_inputs
from conflictwire.models import Article, Rejection

S = Settings(db_url="sqlite://")
REASONS = {"binary", "empty", "undecodable", "malformed", "oversize", "unreadable", "missing"}
STORY = "Gunmen killed five soldiers at a checkpoint near Mosul on Friday, police said."
# Arabic, Kurdish (Sorani, in Arabic script with its own letters ڕ ڵ ۆ ێ ە; Kurmanji, in Latin
# with ç ê î ş û), right-to-left marks and overrides, combining marks, and Latin
SCRIPTS = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "S", "Cc", "Cf"),
                        include_characters="ڕڵۆێەçêîşû\u200f\u202e\u2067\u2069\u0651\u064b")
TEXTS = st.text(SCRIPTS, max_size=400) | st.sampled_from([
    "قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل يوم الجمعة، حسبما قالت الشرطة.",
    "پێنج سەرباز لە هێرشێکدا لە نزیک موسڵ کوژران، پۆلیس ڕایگەیاند.",
    "Pênc leşker li nêzî Mûsilê hatin kuştin, polîs got.",
    "\u202eGunmen killed five soldiers near Mosul on Friday, police said.\u202c",
    "=HYPERLINK(\"http://x\",\"click\") killed five near Mosul on Friday, police said.",
    STORY,
])
PROFILE = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _read_bytes_as(data: bytes, name: str) -> tuple[str, list[Article | Rejection]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return str(path), list(read_inputs([str(path)], S))


def _sane(path: str, items: list[Article | Rejection]) -> None:
    assert items, "every file yields at least one item"
    for item in items:
        assert isinstance(item, Article | Rejection)
        if isinstance(item, Rejection):
            assert item.source.startswith(path), f"a rejection must name its file: {item}"
            assert item.reason in REASONS, item
        else:
            assert S.min_document_chars <= len(item.text.strip()) and len(item.text) <= S.max_document_chars
            json.dumps([item.id, item.text, item.title, item.url, item.source, item.metadata],
                       ensure_ascii=False, default=str).encode("utf-8")


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256", "cp1252", "latin-1", "koi8-r"])


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in some encoding, pieces of which may be in another (a file pasted together from two sources)."""
    parts = draw(st.lists(st.tuples(TEXTS, ENCODINGS), min_size=1, max_size=3))
    return b"".join(text.encode(enc, errors="replace") for text, enc in parts)


BYTES = st.binary(max_size=3000) | encoded()


@PROFILE
@given(data=BYTES, ext=st.sampled_from([".txt", ".md", "", ".html", ".jsonl", ".json", ".csv", ".rss", ".atom"]))
def test_hostile_any_bytes_in_any_reader(data: bytes, ext: str) -> None:
    _sane(*_read_bytes_as(data, f"doc{ext}"))


@PROFILE
@given(records=st.lists(st.one_of(
    st.fixed_dictionaries({"text": TEXTS}, optional={"id": TEXTS, "title": TEXTS, "published": TEXTS,
                                                    "source": TEXTS, "url": TEXTS, "kind": TEXTS}),
    st.recursive(st.none() | st.booleans() | st.integers() | TEXTS,
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
                 max_leaves=8)), max_size=6), garbage=st.lists(TEXTS, max_size=2))
def test_hostile_jsonl_records(records: list[object], garbage: list[str]) -> None:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + garbage
    path, items = _read_bytes_as("\n".join(lines).encode("utf-8", errors="surrogatepass"), "feed.jsonl")
    _sane(path, items)
    whole_file = {"empty", "binary"}  # said of the file (nothing, or NUL bytes, in it); anything else of a line
    assert all(":" in i.source[len(path):] for i in items if isinstance(i, Rejection) and i.reason not in whole_file)


@PROFILE
@given(rows=st.lists(st.lists(TEXTS, min_size=1, max_size=4), max_size=6),
       header=st.sampled_from([["id", "text"], ["text"], ["id", "title"], ["text", "source", "published"]]))
def test_hostile_csv_rows(rows: list[list[str]], header: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    _sane(*_read_bytes_as(out.getvalue().encode("utf-8"), "notes.csv"))


@PROFILE
@given(body=TEXTS, title=TEXTS, depth=st.integers(0, 300), tag=st.sampled_from(["div", "p", "span", "b", "table"]))
def test_hostile_html_pages(body: str, title: str, depth: int, tag: str) -> None:
    html = (f"<html><head><title>{title}</title></head><body>" + f"<{tag}>" * depth + f"<p>{body}</p><p>{STORY}</p>"
            + f"</{tag}>" * (depth // 2) + "</body></html>")
    _sane(*_read_bytes_as(html.encode("utf-8"), "page.html"))


@PROFILE
@given(entries=st.lists(st.tuples(TEXTS, TEXTS), max_size=4), atom=st.booleans())
def test_hostile_feeds(entries: list[tuple[str, str]], atom: bool) -> None:
    from xml.sax.saxutils import escape

    if atom:
        items = "".join(f"<entry><title>{escape(t)}</title><summary>{escape(b)}</summary></entry>" for t, b in entries)
        xml = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
    else:
        items = "".join(f"<item><title>{escape(t)}</title><description>{escape(b)}</description></item>"
                        for t, b in entries)
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{items}</channel></rss>'
    _sane(*_read_bytes_as(xml.encode("utf-8", errors="replace"), "wire.atom" if atom else "wire.rss"))


# ---------------------------------------------------------------- named hostile inputs

NESTED = 20_000


@pytest.mark.parametrize("name", ["nested.html", "nested.htm", "nested.txt", "nested.rss"])
def test_hostile_nested_20k_levels(tmp_path: Path, name: str) -> None:
    inner = "<div>" * NESTED + STORY + "</div>" * NESTED
    doc = f"<html><body>{inner}</body></html>"
    if name.endswith(".rss"):
        doc = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Attack</title>'
               f"<description><![CDATA[{inner}]]></description></item></channel></rss>")
    path = tmp_path / name
    path.write_text(doc, encoding="utf-8")
    _sane(str(path), list(read_inputs([str(path)], S)))


def test_hostile_nested_json_is_a_named_rejection_and_the_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": ' + "[" * NESTED + "]" * NESTED + "}\n" + json.dumps({"id": "ok", "text": STORY}) + "\n",
                    encoding="utf-8")
    first, second = read_inputs([str(path)], S)
    assert isinstance(first, Rejection) and first.source == f"{path}:1" and first.reason == "malformed"
    assert isinstance(second, Article) and second.id == "ok"


def test_hostile_lone_surrogate_is_rejected_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "text": "' + STORY + ' \\ud800"}\n' + json.dumps({"id": "b", "text": STORY}) + "\n",
                    encoding="utf-8")
    first, second = read_inputs([str(path)], S)
    assert isinstance(first, Rejection) and (first.source, first.reason) == (f"{path}:1", "undecodable")
    assert isinstance(second, Article)


HUGE = 100_000_000  # bytes: the "huge" input, written to the test's temporary folder


def _huge(path: Path, head: str, tail: str) -> None:
    chunk = (STORY + " ") * 1000
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        for _ in range(HUGE // len(chunk)):
            fh.write(chunk)
        fh.write(tail)


@pytest.mark.parametrize("name", ["huge.txt", "huge.html", "huge.rss", "huge.jsonl", "huge.csv"])
def test_hostile_huge_100mb_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    small = json.dumps({"id": "small", "text": STORY})
    if name.endswith(".jsonl"):
        _huge(path, '{"id": "big", "text": "', f'"}}\n{small}\n')
    elif name.endswith(".csv"):
        _huge(path, 'id,text\nbig,"', f'"\nsmall,"{STORY}"\n')
    else:
        _huge(path, "", "")
    items = list(read_inputs([str(path)], S))
    _sane(str(path), items)
    big, *rest = items
    assert isinstance(big, Rejection) and big.reason in {"oversize", "malformed"}
    if name.endswith((".jsonl", ".csv")):  # the records after the huge one are still read
        assert big.source == f"{path}:{2 if name.endswith('.csv') else 1}"
        assert [a.id for a in rest if isinstance(a, Article)] == ["small"]


def test_hostile_huge_jsonl_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """Read in a child process whose peak memory is measured: a 100 MB line must not be held whole."""
    path = tmp_path / "huge.jsonl"
    _huge(path, '{"id": "big", "text": "', f'"}}\n{json.dumps({"id": "small", "text": STORY})}\n')
    # VmHWM is this process's own peak (getrusage's ru_maxrss would carry the parent's across exec)
    code = ("import re, sys; from conflictwire.config import Settings; from conflictwire.ingest import "
            "read_inputs; items = list(read_inputs([sys.argv[1]], Settings(db_url='sqlite://'))); "
            "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
            "print(len(items), int(peak) // 1024)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    count, peak_mb = map(int, out.stdout.split())
    assert count == 2
    assert peak_mb < HUGE // 1_000_000, f"peak {peak_mb} MB: the file was read whole"


def test_hostile_invalid_utf8_and_mixed_encodings_are_read_or_named(tmp_path: Path) -> None:
    cases = {
        "mixed.txt": STORY.encode() + " قتل خمسة جنود ".encode("cp1256") + " café".encode("latin-1"),
        "truncated.txt": (STORY + " پێنج سەرباز").encode()[:-1],  # a UTF-8 sequence cut in half
        "cp1256.txt": "قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل يوم الجمعة، حسبما قالت الشرطة.".encode("cp1256"),
        "utf16.txt": ("\ufeff" + STORY).encode("utf-16-le"),
        "noise.txt": bytes(range(128, 256)) * 40,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)], S))
        _sane(str(path), items)
        assert len(items) == 1
    (arabic,) = read_inputs([str(tmp_path / "cp1256.txt")], S)
    assert isinstance(arabic, Article) and "الموصل" in arabic.text and arabic.metadata["source_encoding"]


@pytest.mark.parametrize("text", [
    "قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل يوم الجمعة، حسبما قالت الشرطة.",
    "پێنج سەرباز لە هێرشێکدا لە نزیک موسڵ کوژران، پۆلیس ڕایگەیاند.",
    "Pênc leşker li nêzî Mûsilê hatin kuştin, polîs got û çend kes birîndar bûn.",
    "\u2067" + STORY + "\u2069 \u200fالموصل\u200f",
], ids=["arabic", "kurdish-sorani", "kurdish-kurmanji", "rtl-isolates"])
def test_hostile_right_to_left_and_kurdish_text_is_kept_exactly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rtl.jsonl"
    path.write_text(json.dumps({"id": "r", "title": text[:20], "text": text}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    (art,) = read_inputs([str(path)], S, clean=False)
    assert isinstance(art, Article) and art.text == text and art.title == text[:20].strip()


@PROFILE
@given(records=st.lists(st.fixed_dictionaries({"text": TEXTS}, optional={"id": TEXTS, "title": TEXTS}),
                        min_size=2, max_size=5), garbage=TEXTS, ext=st.sampled_from([".jsonl", ".csv"]))
def test_hostile_large_record_files_are_streamed_to_the_same_items(records: list[dict[str, str]], garbage: str,
                                                                   ext: str) -> None:
    """A record file over the byte limit is read as it streams; it must give what reading it whole gives."""
    if ext == ".jsonl":
        lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records] + [garbage + "\n"]
        data = "".join(lines).encode("utf-8")
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["id", "title", "text"])
        writer.writeheader()
        writer.writerows(records)
        data = out.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"records{ext}"
        path.write_bytes(data)
        whole = list(read_inputs([str(path)], S))
        longest = max(len(line) for line in data.splitlines(keepends=True))
        small = Settings(db_url="sqlite://", max_document_bytes=max(longest, len(data) - 1))
        streamed = list(read_inputs([str(path)], small))
    assert streamed == whole


def test_hostile_large_record_file_in_a_legacy_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "arabic.jsonl"
    line = json.dumps({"text": "قتل خمسة جنود في هجوم على نقطة تفتيش قرب الموصل"}, ensure_ascii=False)
    path.write_bytes(((line + "\n") * 20).encode("cp1256"))
    small = Settings(db_url="sqlite://", max_document_bytes=500)
    (rej,) = read_inputs([str(path)], small)
    assert isinstance(rej, Rejection) and (rej.source, rej.reason) == (str(path), "undecodable")
    assert "must be UTF-8" in rej.detail
    assert all(isinstance(a, Article) for a in read_inputs([str(path)], S))  # under the limit: detected, read
