"""Actor knowledge: aliases as news and ACLED name actors, ACLED actor names and their government periods.

Tables (each row with its `source`; see docs/reference.md):

* `actor_aliases.csv`: one ACLED-style name and the pattern news uses for it (columns in
  `ALIAS_COLUMNS`, meaning in docs/actors.md).  A user table of the same columns, without
  the `source` column, extends it (`Settings.actor_aliases`).
* `actor_periods.csv`: a state's government periods as ACLED labels them.
* `acled_country_names.csv`: gazetteer spellings of a country -> ACLED's ("Czechia" -> "Czech Republic").
* `demonyms.csv`: adjectives and names reports use for a country that the packaged country list
  (countryinfo) lacks ("Emirati", "U.S.").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from ..errors import ReferenceDataError
from .tables import Row, read_table

__all__ = ["ALIAS_COLUMNS", "ALIAS_KINDS", "ActorReference", "AliasRow", "Period", "alias_rows", "read_alias_csv"]

ALIAS_COLUMNS = ("canonical", "pattern", "inter", "family", "country", "kind", "opponent")
ALIAS_KINDS = frozenset({"actor", "generic", "assoc", "target", "anaphor", "inventory", "default"})


@dataclass(frozen=True, slots=True)
class AliasRow:
    """One row of the alias table, as read (templates not yet filled)."""

    canonical: str
    pattern: str
    inter: int
    family: str
    country: str = ""
    kind: str = "actor"
    opponent: str = ""


@dataclass(frozen=True, slots=True)
class Period:
    """A government period of one country's state actors, as ACLED labels it."""

    country: str
    label: str  # as ACLED writes it: "2014-2018", "2022-"
    start: date
    end: date | None


def alias_rows(records: Iterable[tuple[int, Mapping[str, str]]], origin: str) -> list[AliasRow]:
    """Check and type alias records ((line, cells) pairs); a bad row raises ValueError naming file and line.

    Why strict: a silently skipped row makes an actor vanish from results with no hint why.
    """
    rows: list[AliasRow] = []
    for lineno, rec in records:
        canonical = (rec.get("canonical") or "").strip()
        if not canonical or canonical.startswith("#"):
            continue
        kind = (rec.get("kind") or "").strip() or ("actor" if rec.get("pattern") else "inventory")
        if kind == "default" and not (rec.get("country") or "").strip():
            raise ValueError(f"{origin}:{lineno}: a default row needs a country")
        if kind not in ALIAS_KINDS:
            raise ValueError(f"{origin}:{lineno}: unknown kind {kind!r}")
        try:
            inter = int((rec.get("inter") or "0").strip() or 0)
        except ValueError as exc:
            raise ValueError(f"{origin}:{lineno}: inter must be an integer 1-8") from exc
        if not 0 <= inter <= 8:
            raise ValueError(f"{origin}:{lineno}: inter must be 1-8, got {inter}")
        rows.append(AliasRow(
            canonical=canonical,
            pattern=(rec.get("pattern") or "").strip(),
            inter=inter,
            family=(rec.get("family") or "").strip() or "other",
            country=(rec.get("country") or "").strip(),
            kind=kind,
            opponent=(rec.get("opponent") or "").strip(),
        ))
    return rows


def read_alias_csv(source: Path | str) -> list[AliasRow]:
    """A user's alias CSV (the packaged columns; `source` optional, since it is the user's own knowledge)."""
    path = Path(source)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = set(ALIAS_COLUMNS[:4]) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: alias table lacks columns {sorted(missing)}")
        return alias_rows(enumerate(reader, start=2), str(path))


def _pairs(rows: list[Row], key: str, value: str) -> Mapping[str, str]:
    return MappingProxyType({r[key]: r[value] for r in rows})


@dataclass(frozen=True, slots=True)
class ActorReference:
    """Read once from `reference/data/` by `load()`; immutable afterwards, so one copy serves every stage."""

    aliases: tuple[AliasRow, ...] = ()
    periods: tuple[Period, ...] = ()
    acled_country_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    demonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def load(cls) -> ActorReference:
        """The packaged tables; a malformed alias row is a `ReferenceDataError` naming file and line."""
        alias_table = read_table("actor_aliases", required=("canonical", "inter", "family"))
        try:
            # read_table dropped comments and blank rows, so line numbers here are row ordinals
            aliases = alias_rows(((i, r) for i, r in enumerate(alias_table, start=2)), "actor_aliases.csv")
        except ValueError as exc:
            raise ReferenceDataError(str(exc)) from exc
        periods = tuple(
            Period(r["country"], r["period"], date.fromisoformat(r["start"]),
                   date.fromisoformat(r["end"]) if r.get("end") else None)
            for r in read_table("actor_periods", required=("country", "period", "start")))
        return cls(
            aliases=tuple(aliases),
            periods=periods,
            acled_country_names=_pairs(read_table("acled_country_names", required=("name", "acled")), "name", "acled"),
            demonyms=_pairs(read_table("demonyms", required=("demonym", "country")), "demonym", "country"),
        )

    def acled_country(self, country: str | None) -> str | None:
        """A country as ACLED spells it (gazetteers say "Palestinian Territory")."""
        return self.acled_country_names.get(country, country) if country else None
