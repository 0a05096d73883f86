"""`watch`: follow folders and RSS/Atom feeds (files or URLs), ingesting what is new at each pass.

What is new is decided by a checkpoint in the store, not in memory, so a restart (after
`kill -9`, a reboot, a crash) neither loses nor repeats anything:

* a file of a folder is a unit keyed by its path and the hash of its content (a file that
  changes is read again; its articles already stored are known by their content hash);
* an entry of a feed is a unit keyed by the feed, the entry's id (else link) and the hash of
  what it holds (an entry the outlet updates is read again).

Each unit's checkpoint (how many of its items are stored, and whether all are) commits in the
same transaction as its articles and rejections (see `pipeline.ingest_units`), so a pass
killed mid-batch resumes at the first item not committed, even inside a file of many records.
The network is used only for sources the user gives as URLs.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from ..errors import IngestError
from ..models import Article, Rejection
from ..pipeline import IngestReport, Pipeline, Unit, ingest_units
from ..store import Store
from .dates import parse_published
from .readers import FEED_EXT, ReadOptions, feed_entries, fetch, files_in, is_feed, read_inputs

__all__ = ["SourcePass", "WatchReport", "watch", "watch_pass"]

log = logging.getLogger(__name__)
Items = Callable[[], Iterator[Article | Rejection]]  # a unit's items, read only when the unit is ingested


@dataclass(slots=True)
class SourcePass:
    """What one pass found at one source: units (files or entries) new or resumed, and units read before."""

    source: str
    new: list[str] = field(default_factory=list)  # labels of the units read this pass
    seen: int = 0
    error: str = ""  # why the source could not be read this pass (it is tried again at the next)


@dataclass(slots=True)
class WatchReport:
    """All passes of a `watch`: how many, what each source gave, and the ingest counts added up."""

    passes: int = 0
    ingest: IngestReport = field(default_factory=IngestReport)
    sources: list[SourcePass] = field(default_factory=list)  # the last pass's


def _key(*parts: str) -> str:
    return "watch-" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:40]


def _item_hash(item: Article | Rejection) -> str:
    what = item.content_hash if isinstance(item, Article) else f"{item.reason}\x1f{item.detail}"
    return hashlib.sha256(what.encode("utf-8")).hexdigest()


def _file_hash(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _folder_units(folder: Path, opts: ReadOptions) -> Iterator[tuple[str, str, Items]]:
    root = folder.resolve()
    for path in files_in(root):
        key = _key("file", str(root), str(path.relative_to(root)), _file_hash(path))
        yield key, str(path), lambda p=path: read_inputs([str(p)], opts.settings, published=opts.published)


def _feed_units(source: str, data: bytes, opts: ReadOptions) -> Iterator[tuple[str, str, Items]]:
    for i, (ident, item) in enumerate(feed_entries(data, source, opts), 1):
        # an unreadable feed is one rejection, recorded once per content of the feed
        name = ident or hashlib.sha256(data).hexdigest()
        yield _key("entry", source, name, _item_hash(item)), f"{source}#{i}", lambda x=item: iter([x])


def _units(source: str, opts: ReadOptions) -> Iterator[tuple[str, str, Items]]:
    """(key, label, items) of each unit a source holds now; raises `IngestError` when it cannot be read."""
    if source.startswith(("http://", "https://")):
        data, ctype = fetch(source, opts.settings)
        if not is_feed(data, ctype):
            raise IngestError(source, "not-a-feed", "the URL did not answer with an RSS or Atom feed")
        yield from _feed_units(source, data, opts)
        return
    path = Path(source).expanduser()
    if path.is_dir():
        yield from _folder_units(path, opts)
    elif path.is_file() and path.suffix.lower() in FEED_EXT:
        yield from _feed_units(str(path.resolve()), path.read_bytes(), opts)
    elif path.is_file():
        raise IngestError(source, "not-a-feed", f"watch follows folders and feeds ({', '.join(sorted(FEED_EXT))})")
    else:
        raise IngestError(source, "missing", "no such file or directory")


def watch_pass(sources: Sequence[str], store: Store, settings: Settings, *, pipeline: Pipeline | None = None,
               on_line: Callable[[str], None] | None = None,
               on_article: Callable[[int], None] | None = None) -> tuple[IngestReport, list[SourcePass]]:
    """One pass over every source: ingest the units the store has no complete checkpoint for.

    A source that cannot be read now (a feed URL that does not answer) is reported and tried
    again at the next pass; it stops nothing.
    """
    say = on_line or (lambda line: log.info("%s", line))
    opts = ReadOptions(settings, published=parse_published(settings.default_published or ""))
    found: list[SourcePass] = []
    todo: list[tuple[str, str, Items]] = []
    partial: dict[str, int] = {}  # units an interrupted pass stored in part: how many of their items
    for source in sources:
        sp = SourcePass(source)
        found.append(sp)
        try:
            units = list(_units(source, opts))
        except (IngestError, OSError) as exc:
            sp.error = f"{exc.reason}: {exc.detail}" if isinstance(exc, IngestError) else str(exc)
            say(f"{source}: not read this pass ({sp.error})")
            continue
        held = store.checkpoints(k for k, _, _ in units)
        for key, label, items in units:
            cp = held.get(key)
            if cp is not None and cp.complete:
                sp.seen += 1
                continue
            if cp is not None:
                partial[key] = cp.position
            sp.new.append(label)
            todo.append((key, label, items))
        say(f"{source}: {len(sp.new)} new, {sp.seen} read before")

    def stream() -> Iterator[Unit]:
        for key, label, items in todo:
            done = partial.get(key, 0)
            say(f"reading {label}" + (f" (resuming after item {done})" if done else ""))
            yield Unit(key, label, items(), done)

    report = ingest_units(stream(), store, settings, pipeline=pipeline, on_article=on_article) if todo \
        else IngestReport()
    return report, found


def watch(sources: Sequence[str], store: Store, settings: Settings, *, interval: float = 300.0, once: bool = False,
          pipeline: Pipeline | None = None, on_line: Callable[[str], None] | None = None,
          on_pass: Callable[[int, IngestReport, list[SourcePass]], None] | None = None,
          stop: threading.Event | None = None) -> WatchReport:
    """Follow `sources` (folders, feed files, feed URLs): a pass now, then one every `interval` seconds.

    `once` makes one pass and returns; otherwise it runs until `stop` is set (the CLI stops on
    Ctrl-C). The models load at the first pass that has something new, and stay loaded.
    """
    stop = stop or threading.Event()
    out = WatchReport()
    while True:
        if pipeline is None and _anything_new(sources, store, settings):
            pipeline = Pipeline.from_settings(settings)
        report, found = watch_pass(sources, store, settings, pipeline=pipeline, on_line=on_line)
        out.passes += 1
        out.ingest.add(report)
        out.sources = found
        if on_pass:
            on_pass(out.passes, report, found)
        if once or stop.wait(interval):
            return out


def _anything_new(sources: Sequence[str], store: Store, settings: Settings) -> bool:
    """Whether a pass would read something: loading the models (seconds) is for a pass that does.

    Feeds given as URLs count as new without asking (a look would cost a fetch of its own).
    """
    opts = ReadOptions(settings, published=parse_published(settings.default_published or ""))
    for source in sources:
        if source.startswith(("http://", "https://")):
            return True
        try:
            keys = [k for k, _, _ in _units(source, opts)]
        except (IngestError, OSError):
            continue
        held = store.checkpoints(keys)
        if any(k not in held or not held[k].complete for k in keys):
            return True
    return False
