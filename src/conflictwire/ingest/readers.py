"""Readers for every input the CLI accepts, each yielding `Article | Rejection`.

Why yield rejections instead of raising: a batch of thousands of documents must go
on past one bad file, and the bad file must still be accounted for (it is stored in
the `rejections` table), so a reader never stops the stream.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from ..config import Settings
from ..errors import IngestError
from ..models import Article, Rejection
from .clean import clean_text
from .dates import parse_published

__all__ = ["FEED_EXT", "ReadOptions", "estimate_total", "feed_entries", "fetch", "files_in", "is_feed",
           "read_inputs", "read_records"]

log = logging.getLogger(__name__)

Item = Article | Rejection
KNOWN_FIELDS = ("id", "title", "text", "published", "source", "url", "kind")
NEWS, ACLED_NOTE = "news", "acled-note"
INPUT_KINDS = (NEWS, ACLED_NOTE)
# ACLED's event_id_cnty: the country's ISO3 code and a number ("IRQ22736")
ACLED_EVENT_ID = re.compile(r"^[A-Z]{3}\d{1,7}$")
ACLED_NOTE_MAX_CHARS = 1200
TEXT_EXT = {".txt", ".text", ".md", ""}
HTML_EXT = {".html", ".htm", ".xhtml"}
FEED_EXT = {".rss", ".atom", ".xml"}
RECORD_EXT = {".jsonl", ".ndjson", ".csv"}  # files of many records: no whole-file byte limit
# the limit's message says how to raise it (the flag and the variable set `Settings.max_document_bytes`)
RAISE_LIMIT = "raise it with --max-bytes or CONFLICTWIRE_MAX_BYTES"
TOO_DEEP = "JSON nested too deeply to read"
MAX_JSON_COUNT_BYTES = 50_000_000  # a JSON array is parsed to count its records only up to this size
csv.field_size_limit(50_000_000)


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read: `clean=False` keeps text byte-for-byte (geoparse offsets need that).

    `encoding` is set per file, when it was not UTF-8 and was read in a detected legacy
    encoding: each of its articles records it in `metadata["source_encoding"]`.
    """

    settings: Settings
    clean: bool = True
    published: date | None = None
    source: str | None = None
    encoding: str | None = None


def read_inputs(
    inputs: Iterable[str],
    settings: Settings,
    *,
    clean: bool = True,
    published: date | str | None = None,
    source: str | None = None,
) -> Iterator[Item]:
    """Read files, directories, URLs, feeds or `-` (stdin) into articles and rejections."""
    if isinstance(published, str):
        published = parse_published(published)
    opts = ReadOptions(settings, clean, published, source)
    for item in inputs:
        yield from _read_one(str(item), opts)


def read_records(records: Iterable[dict[str, Any]], settings: Settings, *, source: str = "request",
                 clean: bool = True) -> Iterator[Item]:
    """Article objects already parsed (an API request's JSON), read as a JSON Lines file's lines are.

    The same fields, limits and rejections as `read_inputs`; `source` names where they came
    from in each rejection ("request[2]").
    """
    yield from _objects(records, source, source, ReadOptions(settings, clean))


def _objects(records: Iterable[object], source: str, id_prefix: str, opts: ReadOptions) -> Iterator[Item]:
    """One article or one rejection per parsed object; the n-th is "source[n]" in a rejection."""
    for i, obj in enumerate(records, 1):
        where = f"{source}[{i}]"
        try:
            if not isinstance(obj, dict):
                raise IngestError(where, "malformed", "expected an object with a 'text' field")
            yield _record_article(obj, f"{id_prefix}-{i}", where, opts)
        except IngestError as exc:
            yield Rejection(exc.source, exc.reason, exc.detail)


def _read_one(item: str, opts: ReadOptions) -> Iterator[Item]:
    if item == "-":
        yield from _read_stdin(opts)
    elif item.startswith(("http://", "https://")):
        yield from _read_url(item, opts)
    else:
        path = Path(item)
        if path.is_dir():
            for child in files_in(path):
                yield from _read_file(child, opts)
        elif path.exists():
            yield from _read_file(path, opts)
        else:
            yield Rejection(item, "missing", "no such file or directory")


def files_in(folder: Path) -> list[Path]:
    """The files a directory input stands for, in reading order (hidden files are skipped).

    One function for reading and for `estimate_total`, so the two always agree.
    """
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


# ---------------------------------------------------------------- how many (for a progress bar)


def estimate_total(inputs: Iterable[str]) -> int | None:
    """How many items (articles and rejections) `read_inputs` will yield, or None when it cannot be known.

    Counted cheaply before any document is processed, so that a long run can show a total
    and an ETA: one per plain file, the non-blank lines of a JSONL file (not parsed), the
    rows of a CSV file, the records of a JSON array. Stdin, URLs and feeds only say how
    much they hold once read, so any of them makes the total unknown (None). It is an
    estimate: a bad line or row still counts once, as the rejection it becomes.
    """
    total = 0
    for item in inputs:
        item = str(item)
        if item == "-" or item.startswith(("http://", "https://")):
            return None
        path = Path(item)
        for file in files_in(path) if path.is_dir() else [path]:
            count = _count_items(file)
            if count is None:
                return None
            total += count
    return total


def _count_items(path: Path) -> int | None:
    """Items one file yields (at least 1: an unreadable or empty file is one rejection); None for a feed."""
    ext = path.suffix.lower()
    if ext in FEED_EXT:
        return None
    try:
        if ext in {".jsonl", ".ndjson"}:
            with path.open("rb") as fh:
                return max(1, sum(1 for line in fh if line.strip()))
        if ext == ".csv":
            with path.open(encoding="utf-8", errors="replace", newline="") as fh:
                return max(1, sum(1 for _ in csv.reader(fh)) - 1)  # quoted cells may span lines: rows, not lines
        if ext == ".json" and path.stat().st_size <= MAX_JSON_COUNT_BYTES:
            data = json.loads(path.read_bytes())
            return max(1, len(data)) if isinstance(data, list) else 1
    except (OSError, ValueError, csv.Error):
        return 1
    return 1


# ---------------------------------------------------------------- files


def _read_bytes(path: Path, opts: ReadOptions) -> bytes:
    try:
        size = path.stat().st_size
        if size > opts.settings.max_document_bytes and path.suffix.lower() not in RECORD_EXT:
            raise IngestError(str(path), "oversize", _oversize(f"{size:,} bytes", opts.settings))
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), "unreadable", exc.strerror or str(exc)) from exc


def _oversize(size: str, settings: Settings) -> str:
    """The size rejection's detail: the limit, and how to raise it."""
    return f"{size} exceeds the {settings.max_document_bytes:,}-byte limit ({RAISE_LIMIT})"


def _decode(data: bytes, source: str, settings: Settings) -> tuple[str, str | None]:
    """Text and the legacy encoding it was read in (None: UTF-8, the first try, with or without a BOM).

    Why detection rather than rejection: news archives hold many files saved as cp1252
    or cp1256 (Arabic); rejecting them whole loses the documents. Only when no encoding
    reads the bytes plausibly is the file rejected.
    """
    if not data.strip():
        raise IngestError(source, "empty", "no text")
    if b"\x00" in data[:8192]:
        raise IngestError(source, "binary", "contains NUL bytes")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        sample = data[:4096]
        control = sum(1 for b in sample if b < 9 or 13 < b < 32)
        if control > len(sample) * 0.05:
            raise IngestError(source, "binary", "not a text file") from exc
        found = _detect_encoding(data, settings.preferred_encodings)
        if found is None:
            raise IngestError(source, "undecodable", f"not UTF-8 at byte {exc.start}, and no other encoding "
                              "reads it as plausible text") from exc
        log.info("%s: not UTF-8, decoded as %s (detected)", source, found[1])
        return found


def _detect_encoding(data: bytes, preferred: tuple[str, ...]) -> tuple[str, str] | None:
    """The text and encoding `charset_normalizer` finds most plausible, or None when none is.

    Among encodings it rates exactly as well as its best (short texts often fit cp1250,
    cp1252 and others equally), the first `preferred` one wins: its best pick for a
    Spanish "Muñoz" in cp1252 can be cp1250, which reads "Muńoz".
    """
    from charset_normalizer import from_bytes  # imported only when a file is not UTF-8

    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if m.chaos == best.chaos and m.coherence == best.coherence]
    for name in preferred:
        for match in tied:
            if name in match.could_be_from_charset:
                try:
                    return data.decode(name), name
                except UnicodeDecodeError:
                    continue
    return str(best), best.encoding


def _read_file(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """Every item of one file; a file that holds none (an empty feed, "[]", a CSV header alone) is one
    rejection, so that no input goes unaccounted for."""
    count = 0
    for item in _read_file_items(path, opts):
        count += 1
        yield item
    if not count:
        yield Rejection(str(path), "empty", "no records")


def _read_file_items(path: Path, opts: ReadOptions) -> Iterator[Item]:
    ext = path.suffix.lower()
    try:
        if ext in FEED_EXT:  # feedparser reads the XML's own encoding declaration
            yield from _read_feed(_read_bytes(path, opts), str(path), opts)
            return
        if ext in RECORD_EXT and _size(path) > opts.settings.max_document_bytes:
            yield from _read_large_records(path, opts)
            return
        text, encoding = _decode(_read_bytes(path, opts), str(path), opts.settings)
        opts = replace(opts, encoding=encoding)
        if ext == ".jsonl" or ext == ".ndjson":
            yield from _read_jsonl(enumerate(io.StringIO(text), 1), str(path), opts)
        elif ext == ".csv":
            yield from _read_csv(io.StringIO(text), str(path), opts)
        elif ext == ".json":
            yield from _read_json(text, str(path), opts)
        elif ext in HTML_EXT:
            yield _html_article(text, path.stem, str(path), None, opts)
        else:
            if text.lstrip().startswith(("<!DOCTYPE html", "<html", "<HTML")):
                yield _html_article(text, path.stem, str(path), None, opts)
            else:
                yield _text_article(text, path.stem, str(path), opts)
    except IngestError as exc:
        yield Rejection(exc.source, exc.reason, exc.detail)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise IngestError(str(path), "unreadable", exc.strerror or str(exc)) from exc


def _read_large_records(path: Path, opts: ReadOptions) -> Iterator[Item]:
    """A JSON Lines or CSV file larger than one document's byte limit, read a record at a time.

    Why: reading such a file whole costs about seven times its size in memory (bytes, text,
    parsed lines), so a 100 MB file of records would need 700 MB. Streamed, memory is bounded
    by the largest record (a JSONL line over `max_document_bytes` is skipped unread and
    rejected). Legacy-encoding detection needs the whole text, so a file this large must be
    UTF-8: anything else is rejected with how to fix it.
    """
    where = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
            if b"\x00" in head:
                raise IngestError(where, "binary", "contains NUL bytes")
            bad = _first_non_utf8(fh, head)
            if bad is not None:
                raise IngestError(where, "undecodable", f"not UTF-8 at byte {bad:,}; a record file larger than "
                                  f"{opts.settings.max_document_bytes:,} bytes is read as it streams and must be "
                                  "UTF-8 (convert it, e.g. with iconv, or split it)")
            fh.seek(0)
            if path.suffix.lower() == ".csv":
                stream = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
                yield from _read_csv(stream, where, opts)
            else:
                yield from _read_jsonl(_bounded_lines(fh, opts.settings.max_document_bytes), where, opts)
    except OSError as exc:
        raise IngestError(where, "unreadable", exc.strerror or str(exc)) from exc


def _first_non_utf8(fh: Any, head: bytes) -> int | None:
    """The offset of the first byte that is not UTF-8, reading on from `head` in 1 MB steps; None if all is."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    chunk = head
    while True:
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset + exc.start
        if not chunk:
            return None
        offset += len(chunk)
        chunk = fh.read(1 << 20)


def _bounded_lines(fh: Any, limit: int) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of a binary stream; a line longer than `limit` bytes is skipped unread: (n, None)."""
    lineno = 0
    while line := fh.readline(limit + 1):
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, line.decode("utf-8-sig" if lineno == 1 else "utf-8")


def _read_stdin(opts: ReadOptions) -> Iterator[Item]:
    try:
        text, encoding = _decode(sys.stdin.buffer.read(), "<stdin>", opts.settings)
    except IngestError as exc:
        yield Rejection(exc.source, exc.reason, exc.detail)
        return
    opts = replace(opts, encoding=encoding)
    if text.lstrip().startswith("{"):
        yield from _read_jsonl(enumerate(io.StringIO(text), 1), "<stdin>", opts)
    else:
        try:
            yield _text_article(text, "stdin", "<stdin>", opts)
        except IngestError as exc:
            yield Rejection(exc.source, exc.reason, exc.detail)


# ---------------------------------------------------------------- record formats


def _read_jsonl(lines: Iterable[tuple[int, str | None]], source: str, opts: ReadOptions) -> Iterator[Item]:
    """One item per non-blank line; a line given as None was too long to read (see `_bounded_lines`)."""
    for lineno, line in lines:
        where = f"{source}:{lineno}"
        if line is None:
            yield Rejection(where, "oversize", _oversize("the line", opts.settings))
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise IngestError(where, "malformed", "a line must hold a JSON object")
            yield _record_article(obj, f"{Path(source).stem}-{lineno}", where, opts)
        except json.JSONDecodeError as exc:
            yield Rejection(where, "malformed", f"invalid JSON: {exc.msg}")
        except RecursionError:  # "[[[[...": Python's parser recurses once per level
            yield Rejection(where, "malformed", TOO_DEEP)
        except IngestError as exc:
            yield Rejection(exc.source, exc.reason, exc.detail)


def _read_json(text: str, source: str, opts: ReadOptions) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejection(source, "malformed", f"invalid JSON: {exc.msg}")
        return
    except RecursionError:
        yield Rejection(source, "malformed", TOO_DEEP)
        return
    yield from _objects(data if isinstance(data, list) else [data], source, Path(source).stem, opts)


def _read_csv(stream: IO[str], source: str, opts: ReadOptions) -> Iterator[Item]:
    """One item per row; a row the csv module cannot parse (a cell over its size limit) is rejected, and
    reading goes on with the next line."""
    reader = csv.DictReader(stream)
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        yield Rejection(source, "malformed", f"unreadable CSV header: {exc}")
        return
    if not fields or "text" not in fields:
        yield Rejection(source, "malformed", "CSV needs a 'text' column")
        return
    rowno = 1
    while True:
        rowno += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejection(f"{source}:{rowno}", "malformed", f"unreadable CSV row: {exc}")
            continue
        where = f"{source}:{rowno}"
        try:
            if None in row:  # more cells than header columns
                raise IngestError(where, "malformed", "row has more cells than the header")
            yield _record_article(row, f"{Path(source).stem}-{rowno}", where, opts)
        except IngestError as exc:
            yield Rejection(exc.source, exc.reason, exc.detail)


def _record_article(obj: dict[str, Any], default_id: str, where: str, opts: ReadOptions) -> Article:
    text = obj.get("text")
    if not isinstance(text, str):
        raise IngestError(where, "malformed", "no 'text' string")
    meta = {k: v for k, v in obj.items() if k not in KNOWN_FIELDS}
    published = parse_published(obj.get("published")) if obj.get("published") else None
    kind = obj.get("kind") or None
    if kind is not None and kind not in INPUT_KINDS:
        raise IngestError(where, "malformed", f"'kind' is {kind!r}; use one of {', '.join(INPUT_KINDS)}")
    return _make_article(
        text,
        ident=str(obj.get("id") or default_id),
        where=where,
        opts=opts,
        title=str(obj.get("title") or ""),
        url=obj.get("url") or None,
        source=obj.get("source") or None,
        published=published,
        metadata=meta,
        kind=kind,
    )


# ---------------------------------------------------------------- text, HTML, feeds, URLs


def _text_article(text: str, ident: str, where: str, opts: ReadOptions) -> Article:
    """First line is the title when it is short and stands alone, as in the seeds."""
    stripped = text.strip()
    first, _, rest = stripped.partition("\n")
    title = first.strip() if rest.strip() and len(first) <= 200 and not first.rstrip().endswith(".") else ""
    return _make_article(text, ident=ident, where=where, opts=opts, title=title)


def _html_article(html: str, ident: str, where: str, url: str | None, opts: ReadOptions) -> Article:
    import trafilatura  # heavy: imported only when HTML is actually read

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise IngestError(where, "empty", "no main text found in HTML")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta else None) or ""
    published = parse_published(meta.date) if meta and meta.date else None
    page_url = url or (meta.url if meta else None)
    source = _site_name((meta.sitename if meta else None) or "", html, title, page_url)
    body = text if not title or text.startswith(title) else f"{title}\n\n{text}"
    return _make_article(
        body, ident=ident, where=where, opts=opts, title=title, url=page_url, source=source, published=published,
    )


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
# "Headline | Outlet", "Outlet - Headline", "Headline :: Outlet", "Headline — Outlet"
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•)\s+")
_SITE_NAME_MAX_WORDS = 6


def _site_name(declared: str, html: str, headline: str, url: str | None) -> str | None:
    """The outlet of an HTML page, for the record's `source` (ACLED names the outlet there).

    The page's own word comes first (og:site_name and the other fields trafilatura reads),
    then the part of the `<title>` that is not the headline ("... | Kurdistan 24"), then the
    host of the page's address.  None when the page says nothing (a caller's `source` then applies).
    """
    if declared.strip():
        return declared.strip()
    return _title_outlet(html, headline) or _host(url)


def _title_outlet(html: str, headline: str) -> str | None:
    """The outlet named beside the headline in the `<title>` tag, if it has one."""
    import html as htmllib

    m = _TITLE_TAG.search(html)
    if not m:
        return None
    parts = _TITLE_SEPARATOR.split(" ".join(htmllib.unescape(m.group(1)).split()))
    if len(parts) < 2:
        return None
    head = headline.strip()
    # "Outlet - Headline": the headline is the end, the outlet the start; else the outlet comes last
    first, last = parts[0], parts[-1]
    candidate = first if head and last in head and first not in head else last
    part_of_headline = bool(head) and candidate in head
    return None if part_of_headline or len(candidate.split()) > _SITE_NAME_MAX_WORDS else candidate


def _host(url: str | None) -> str | None:
    """"www.rudaw.net" -> "rudaw.net": the address names the outlet when nothing else does."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def _read_feed(data: bytes, where: str, opts: ReadOptions) -> Iterator[Item]:
    for _, item in feed_entries(data, where, opts):
        yield item


def feed_entries(data: bytes, where: str, opts: ReadOptions) -> Iterator[tuple[str, Item]]:
    """Each entry of an RSS/Atom feed as (its identity, its article or rejection), in the feed's order.

    The identity is what the feed says the entry is (its id, else its link, else its title and
    text), so `watch` can tell an entry it has read from a new one; a feed that cannot be read
    at all is one rejection, whose identity is empty.
    """
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield "", Rejection(where, "malformed", f"not a readable RSS/Atom feed: {feed.get('bozo_exception')}")
        return
    outlet = feed.feed.get("title") if feed.get("feed") else None
    for i, entry in enumerate(feed.entries, 1):
        ewhere = f"{where}#{i}"
        content = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
        raw = content or entry.get("summary") or ""
        title = entry.get("title", "")
        ident = str(entry.get("id") or entry.get("link") or f"{title}\x1f{raw}")
        try:
            text = _strip_tags(raw)
            body = f"{title}\n\n{text}" if title and text else (text or title)
            published = None
            for key in ("published", "updated"):
                if entry.get(key):
                    published = parse_published(entry[key])
                    break
            yield ident, _make_article(
                body, ident=str(entry.get("id") or entry.get("link") or f"{Path(where).stem}-{i}"), where=ewhere,
                opts=opts, title=title, url=entry.get("link"), source=outlet, published=published,
            )
        except IngestError as exc:
            yield ident, Rejection(exc.source, exc.reason, exc.detail)


def _strip_tags(html: str) -> str:
    if "<" not in html:
        return html
    import lxml.html

    try:
        return lxml.html.fromstring(html).text_content()
    except Exception:  # noqa: BLE001 - lxml raises several types on fragments
        return html


def fetch(url: str, settings: Settings) -> tuple[bytes, str]:
    """The body and content type at `url`: the only network access, and only because the user gave the URL.

    Raises `IngestError` (reason fetch-failed or oversize) naming the URL.
    """
    import urllib.request

    try:
        req = urllib.request.Request(url, headers={"User-Agent": "conflictwire/0.1 (+offline research tool)"})
        with urllib.request.urlopen(req, timeout=settings.fetch_timeout) as resp:  # noqa: S310
            data = resp.read(settings.max_document_bytes + 1)
            ctype = resp.headers.get("Content-Type", "")
    except OSError as exc:
        raise IngestError(url, "fetch-failed", str(exc)) from exc
    if len(data) > settings.max_document_bytes:
        raise IngestError(url, "oversize", _oversize("the page", settings))
    return data, ctype


def is_feed(data: bytes, ctype: str = "") -> bool:
    """Whether fetched bytes are an RSS/Atom feed (by content type, else by how the document starts)."""
    head = data[:2048].lstrip().lower()
    return "xml" in ctype or "rss" in ctype or "atom" in ctype or head.startswith((b"<?xml", b"<rss", b"<feed"))


def _read_url(url: str, opts: ReadOptions) -> Iterator[Item]:
    """Fetch a page or a feed."""
    try:
        data, ctype = fetch(url, opts.settings)
    except IngestError as exc:
        yield Rejection(exc.source, exc.reason, exc.detail)
        return
    if is_feed(data, ctype):
        yield from _read_feed(data, url, opts)
        return
    try:
        text, encoding = _decode(data, url, opts.settings)
        yield _html_article(text, url, url, url, replace(opts, encoding=encoding))
    except IngestError as exc:
        yield Rejection(exc.source, exc.reason, exc.detail)


def _make_article(
    text: str, *, ident: str, where: str, opts: ReadOptions, title: str = "", url: str | None = None,
    source: str | None = None, published: date | None = None, metadata: dict[str, Any] | None = None,
    kind: str | None = None,
) -> Article:
    limits = opts.settings
    _must_encode(where, text, ident, title, url, source, metadata)
    if len(text) > limits.max_document_chars:
        raise IngestError(where, "oversize", f"{len(text)} characters > {limits.max_document_chars}")
    body = clean_text(text) if opts.clean else text
    if len(body.strip()) < limits.min_document_chars:
        raise IngestError(where, "empty", "no text" if not body.strip() else f"only {len(body.strip())} characters")
    if body.count("\ufffd") > max(10, len(body) // 100):
        raise IngestError(where, "undecodable", "too many replacement characters")
    meta = dict(metadata or {})
    if where != ident:
        meta.setdefault("origin", where)
    if opts.encoding:  # the file was not UTF-8: say what it was read as (see _decode)
        meta.setdefault("source_encoding", opts.encoding)
    return Article(
        id=ident, text=body, title=title.strip(), url=url, source=source or opts.source,
        published=published or opts.published, metadata=meta,
        kind=input_kind(kind or limits.input_kind, ident, body, title),
    )


def _must_encode(where: str, *values: object) -> None:
    """Every string of a document must be writable as UTF-8.

    Why: JSON's "\\ud800" escape gives Python a lone surrogate, which is not text; left in, it
    fails later when the article is hashed or stored, taking its whole batch down with it.
    """
    try:
        json.dumps(values, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError(where, "undecodable", f"holds a lone UTF-16 surrogate ({exc.object[exc.start]!r}), "
                          "which is not text") from exc


def input_kind(declared: str | None, ident: str, text: str, title: str) -> str:
    """What a document is: as declared (record field, then settings), else news unless it is one.

    Only a coder's note is read with the note rules ("7 fatalities coded"). Undeclared, a record
    counts as an ACLED note when it carries ACLED's event id (ISO3 code and number) on a short
    untitled text, the form of ACLED's exports; `--kind news` turns even that off.
    """
    if declared:
        if declared not in INPUT_KINDS:
            raise IngestError(ident, "malformed", f"input kind {declared!r}; use one of {', '.join(INPUT_KINDS)}")
        return declared
    note = bool(ACLED_EVENT_ID.match(ident)) and not title and len(text) <= ACLED_NOTE_MAX_CHARS
    return ACLED_NOTE if note else NEWS
