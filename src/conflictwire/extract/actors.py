"""Actor lexicon: find actor mentions in text and name them the way ACLED does.

Why a table and not code: ACLED's actor names follow public conventions
("Military Forces of Iraq (2018-2020)", "Islamic State (Iraq)", "Civilians (Iraq)") that
change with the codebook, the country and the year. Keeping aliases, inter codes and
families in ``reference/data/actor_aliases.csv`` (each row with its source) lets a user add a
militia or a new government period with a CSV of the same columns (``Settings.actor_aliases``) instead of a code change.

Table columns (see docs/actors.md):

``canonical``
    ACLED-style name. ``{country}`` is replaced by the document's focus country, or, in rows
    whose pattern uses ``{demonym}``, by the country that demonym names ("Turkish forces").
``pattern``
    A regular expression, matched case-insensitively (use ``(?-i:...)`` for case-sensitive
    parts such as "IS"). ``{demonym}`` expands to every country demonym and name. Left empty,
    an ``actor`` row matches its own name and acronym ("ADF: Allied Democratic Forces"), and
    an ``inventory`` row only tells the lexicon a full name with its period, so "Military
    Forces of Iraq" resolves to "Military Forces of Iraq (2018-2020)".
``inter``
    ACLED inter code 1-8. State forces (1) of a country other than the focus one become 8.
``family``
    Coarse side used for role assignment and evidence: ``state``, ``pmf``, ``peshmerga``,
    ``islamic_state``, ``pkk``, ``coalition``, ``civilians``, ``protesters``...
``country``
    Whose actor it is: a country name, ``{country}`` (the focus country), ``*`` (the
    country named by the demonym), ``=COUNTRY`` (that country, and the row applies only
    when it is the focus country) or empty (transnational).
``kind``
    ``actor`` (a named side), ``assoc`` (an identity or occupation group, e.g. Farmers,
    attached as associated actor), ``target`` (a place or object whose damage makes its civilian
    owners actor2 of looting/property destruction), ``anaphor`` ("militants",
    "terrorists": resolved to the armed group the document is about), ``generic``
    ("soldiers", "police": the focus state's forces unless only a foreign force is named),
    ``default`` (the focus country's default perpetrator of unattributed violence) or
    ``inventory``.
``opponent``
    Optional: the side an actor usually fights when a report names none, ``NAME`` or
    ``NAME@FOCUSCOUNTRY``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from conflictwire.config import Settings
from conflictwire.extract.actor_roles import ANAPHOR, ActorRoles, RoleCues, assign_roles
from conflictwire.extract.phrases import trie_alternation
from conflictwire.reference.actors import ALIAS_COLUMNS, ALIAS_KINDS, ActorReference, AliasRow, read_alias_csv
from conflictwire.reference.language import LanguageReference

if TYPE_CHECKING:
    import spacy.tokens

__all__ = [
    "ActorLexicon",
    "ActorMention",
    "ActorRoles",
    "AliasRow",
    "assign_roles",
    "fill_country",
    "read_alias_csv",
]

COLUMNS = ALIAS_COLUMNS
KINDS = ALIAS_KINDS

_NEGATED = re.compile(r"\b(?:anti|non|ex)-$", re.IGNORECASE)
# "the Manbij Military Council", "the Free Syrian Army": a capitalised word between two capitalised
# words mid-sentence is part of an organisation's name, not the generic "military" or "army"
_CAP_BEFORE = re.compile(r"(?<![.!?:\n]\s)(?<!^)\b[A-Z][\w'’\-]*\s+$")
_CAP_AFTER = re.compile(r"^\s+[A-Z][a-z]")


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a capitalised word inside a longer proper name."""
    if not text[start:start + 1].isupper():
        return False
    before = text[max(0, start - 40):start]
    m = _CAP_BEFORE.search(before)
    if m is None or (m.start() == 0 and start - 40 <= 0):
        return False
    return bool(_CAP_AFTER.match(text[end:end + 3]))


_ARMED_FAMILIES = frozenset(
    {"islamic_state", "pkk", "taliban", "rebel", "militia", "pmf", "peshmerga", "gang"}
)

@dataclass(slots=True)
class ActorMention:
    """An actor named in the text: the span it came from and its ACLED-style name."""

    start: int
    end: int
    text: str
    canonical: str
    inter: int
    family: str
    kind: str = "actor"
    country: str = ""


def _norm_name(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\bof the\b", "of", name.lower())).strip()


def _base_name(name: str) -> str:
    """'Military Forces of Iraq (2018-2020) Popular...' -> 'military forces of iraq ... popular...'."""
    return _norm_name(re.sub(r"\s*\(\d{4}-(?:\d{4})?\)", "", name))


def fill_country(template: str, country: str | None, inventory: dict[str, str] | None = None) -> str:
    """Fill ``{country}`` in an ACLED name template.

    Without a country the suffix is dropped ("Civilians ({country})" -> "Civilians",
    "Military Forces of {country}" -> "Military Forces"): guessing a country would be worse
    than a name without one. With an inventory the period is added ("... of Iraq (2018-2020)").
    """
    if "{country}" not in template:
        return template
    if not country:
        name = re.sub(r"\s*\(\{country\}\)", "", template)
        name = re.sub(r"\s+of\s+(?:the\s+)?\{country\}", "", name)
        return name.replace("{country}", "").strip()
    name = template.replace("{country}", country)
    if inventory:
        return inventory.get(_base_name(name), name)
    return name


def _demonym_table(reference: ActorReference) -> dict[str, str]:
    """Demonyms and country names -> ACLED country name: countryinfo's list, then the reference's own rows."""
    import countryinfo  # local import: only needed when a lexicon is built

    table: dict[str, str] = {}
    for c in countryinfo.all_countries():
        try:
            info = c.info()
        except Exception:  # noqa: BLE001 - a broken record in a third-party table is skipped
            continue
        name = info.get("name")
        if not name:
            continue
        acled = reference.acled_country_names.get(name, name)
        table.setdefault(name, acled)
        for dem in str(info.get("demonym") or "").split(","):
            dem = dem.strip()
            if dem and dem not in table:
                table[dem] = acled
    for dem, name in reference.demonyms.items():
        table[dem] = name
    return table


def _name_pattern(canonical: str) -> str:
    """A pattern for an actor row given without one: its own name, and its acronym(s).

    ACLED writes organised groups as "ACRONYM: Full Name" ("ADF: Allied Democratic Forces",
    "ULA/AA: United League of Arakan/Arakan Army"); reports use either part. Acronyms are matched
    case-sensitively and only from three letters up, so "AA" or "CV" do not fire on ordinary text.
    """
    name = re.sub(r"\s*\([^)]*\)\s*$", "", canonical).strip()
    alternatives = []
    short, sep, full = name.partition(": ")
    if sep:
        alternatives.append(re.escape(full).replace(r"\ ", r"\s+"))
        for part in full.split("/"):
            if part.strip() and part.strip() != full:
                alternatives.append(re.escape(part.strip()).replace(r"\ ", r"\s+"))
        acronyms = [a for a in (re.sub(r"\s*\(.*?\)", "", x).strip() for x in short.split("/")) if len(a) >= 3]
        alternatives += [rf"(?-i:\b{re.escape(a)}\b)" for a in acronyms]
    else:
        alternatives.append(re.escape(name).replace(r"\ ", r"\s+"))
    return "|".join(rf"\b{a}\b" if not a.startswith("(?-i") else a for a in alternatives)


@dataclass(frozen=True, slots=True)
class _Compiled:
    row: AliasRow
    regex: re.Pattern[str]
    order: int
    uses_demonym: bool


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    """Compiled alias table. Immutable: build one per configuration with :meth:`load`."""

    rows: tuple[AliasRow, ...]
    compiled: tuple[_Compiled, ...]
    inventory: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    opponents: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, AliasRow] = field(default_factory=dict)
    country_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    roles: RoleCues | None = None  # the words that make a mention agent or target (see actor_roles)

    @classmethod
    def load(cls, settings: Settings | None = None, reference: ActorReference | None = None,
             language: LanguageReference | None = None) -> ActorLexicon:
        """The reference's alias table plus the user's extension CSV (``settings.actor_aliases``).

        User rows come first, so on an equally long match a user's name wins.  `reference` and
        `language` are the run's `Reference.actors` and `Reference.language` (read from the packaged
        tables when not given).
        """
        reference = reference if reference is not None else ActorReference.load()
        rows = list(reference.aliases)
        if settings is not None and settings.actor_aliases:
            rows = read_alias_csv(settings.actor_aliases) + rows
        return cls.from_rows(rows, reference, language)

    @classmethod
    def from_rows(cls, rows: list[AliasRow], reference: ActorReference | None = None,
                  language: LanguageReference | None = None) -> ActorLexicon:
        """Compile rows (used by :meth:`load`, and by tests with a hand-made table).

        `reference` gives the country spellings and demonyms (none without it); `language` the
        role words (the packaged ones without it).
        """
        reference = reference if reference is not None else ActorReference()
        roles = RoleCues(language if language is not None else LanguageReference.load())
        uses_demonyms = any("{demonym}" in r.pattern for r in rows)
        demonyms = _demonym_table(reference) if uses_demonyms else {}
        dem_alt = trie_alternation(list(demonyms)) + "(?:'s)?" if demonyms else "(?!)"
        inventory: dict[str, str] = {}
        opponents: dict[str, str] = {}
        defaults: dict[str, AliasRow] = {}
        compiled: list[_Compiled] = []
        for order, row in enumerate(rows):
            if row.kind == "default":
                defaults.setdefault(row.country.lstrip("="), row)
                if row.opponent:
                    opponents.setdefault(row.canonical, row.opponent)
                continue
            if row.opponent:
                opponents.setdefault(row.canonical, row.opponent)
            if "{" not in row.canonical and re.search(r"\(\d{4}-(?:\d{4})?\)", row.canonical):
                inventory.setdefault(_base_name(row.canonical), row.canonical)
            pattern = row.pattern or (_name_pattern(row.canonical) if row.kind == "actor" else "")
            if row.kind == "inventory" or not pattern:
                continue
            uses_dem = "{demonym}" in pattern
            for k in range(pattern.count("{demonym}")):  # one named group per occurrence
                pattern = pattern.replace("{demonym}", rf"\b(?P<dem{k}>{dem_alt})", 1)
            try:
                regex = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"alias pattern for {row.canonical!r} does not compile: {exc}") from exc
            compiled.append(_Compiled(row, regex, order, uses_dem))
        return cls(tuple(rows), tuple(compiled), inventory, demonyms, opponents, defaults,
                   reference.acled_country_names, roles)

    def _country_of_dem(self, dem: str) -> str:
        dem = re.sub(r"'s$", "", dem)
        if dem in self.demonyms:
            return self.demonyms[dem]
        for key, value in self.demonyms.items():
            if key.lower() == dem.lower():
                return value
        return dem

    def focus_country(self, country: str | None) -> str | None:
        """The focus country as ACLED spells it (gazetteers say "Palestinian Territory")."""
        return self.country_names.get(country, country) if country else None

    def canonical_for(self, template: str, country: str | None) -> str:
        """Fill a name template for ``country`` with the inventory's period."""
        return fill_country(template, country, self.inventory)

    def describe(self, canonical: str, country: str | None) -> tuple[int, str, str] | None:
        """(inter, family, actor's country) the table gives a filled name, for the focus country.

        Used for names that come from rules rather than from text (a usual opponent), so they get
        the same inter code a mention would: a foreign state's forces are 8.
        """
        for row in self.rows:
            if row.kind == "default" or self.canonical_for(row.canonical, country) != canonical:
                continue
            own = row.country.lstrip("=") if row.country not in ("{country}", "*") else (country or "")
            inter = 8 if row.inter == 1 and country and own and own != country else row.inter
            return inter, row.family, own
        return None

    def inter_of(self, canonical: str, country: str | None) -> int:
        """The inter code the table gives a (filled) name; 0 when the name is not in the table."""
        found = self.describe(canonical, country)
        return found[0] if found else 0

    def default_perpetrator(self, country: str | None) -> tuple[str, int] | None:
        """A focus country's default actor1 for violence whose perpetrator the text does not name.

        ACLED's own default is "Unidentified Armed Group (COUNTRY)"; a ``default`` row overrides
        it where one conflict dominates unattributed reports (e.g. shelling across a front line).
        """
        row = self.defaults.get(country or "")
        if row is None:
            return None
        return self.canonical_for(row.canonical, country), row.inter

    def usual_opponent(self, canonical: str, country: str | None) -> str:
        """The side an actor usually fights when a report names none ("" if no rule applies).

        Table value ``NAME@COUNTRY`` applies only when the focus country is COUNTRY: Turkish
        airstrikes in northern Iraq target the PKK, but not everywhere.
        """
        value = self.opponents.get(canonical, "")
        if not value:
            return ""
        name, _, where = value.partition("@")
        if where and where != country:
            return ""
        return self.canonical_for(name, country)

    def find(
        self, text: str, doc: spacy.tokens.Doc | None = None, *, country: str | None = None
    ) -> list[ActorMention]:
        """All actor mentions in ``text``, longest match first, non-overlapping, in text order.

        ``doc`` is accepted for symmetry with the other extractors; matching is on the raw
        text so that offsets always point into the untouched string.
        """
        del doc  # matching does not need the parse
        country = self.focus_country(country)
        cands: list[tuple[int, int, int, ActorMention]] = []
        for comp in self.compiled:
            row = comp.row
            scoped = row.country.startswith("=")
            if scoped and row.country[1:] != country:
                continue  # a row for one focus country only ("=Brazil": Brazil's Military Police)
            if (country and not scoped and row.kind == "actor" and row.family == "state" and not comp.uses_demonym
                    and row.country not in ("", "{country}", "*") and row.country != country):
                continue  # one state's unit ("SWAT" in Iraq's table) is not that state's in another country
            for m in comp.regex.finditer(text):
                if m.end() <= m.start() or _NEGATED.search(text, max(0, m.start() - 5), m.start()):
                    continue  # "anti-Houthi forces" are not the Houthis
                if (row.kind == "generic" or (comp.uses_demonym and row.family == "state")) and _inside_name(
                        text, m.start(), m.end()):
                    continue
                actor_country = country or ""
                dem = next((v for k, v in m.groupdict().items() if k.startswith("dem") and v), None)
                if comp.uses_demonym and dem:
                    actor_country = self._country_of_dem(dem)
                elif row.country not in ("", "{country}", "*"):
                    actor_country = row.country.lstrip("=")
                elif row.country == "":
                    actor_country = ""
                if row.kind == "anaphor":
                    canonical = ANAPHOR
                else:
                    canonical = self.canonical_for(row.canonical, actor_country or None)
                    if "{1}" in canonical and m.lastindex:
                        canonical = canonical.replace("{1}", (m.group(1) or "").strip())
                inter = row.inter
                if inter == 1 and country and actor_country and actor_country != country:
                    inter = 8
                mention = ActorMention(m.start(), m.end(), m.group(0), canonical, inter, row.family,
                                       row.kind, actor_country)
                cands.append((m.end() - m.start(), -comp.order, m.start(), mention))
        cands.sort(key=lambda c: (-c[0], -c[1], c[2]))
        taken: list[ActorMention] = []
        for _, _, _, mention in cands:
            if any(mention.start < t.end and t.start < mention.end for t in taken):
                continue
            taken.append(mention)
        taken.sort(key=lambda t: t.start)
        return _absorb_members(text, taken, self.roles.member_suffix if self.roles is not None else None)


def _absorb_members(text: str, mentions: list[ActorMention],
                    member_suffix: re.Pattern[str] | None) -> list[ActorMention]:
    """Merge "IS" + "militants" into one mention of the named group.

    Why: otherwise "militants" is a second mention (an anaphor) competing for a role. Only
    mentions lying wholly inside the member noun are absorbed; a longer one is left alone.
    """
    out: list[ActorMention] = []
    skip: set[int] = set()
    for i, men in enumerate(mentions):
        if i in skip:
            continue
        named = men.family in _ARMED_FAMILIES or (men.family in {"coalition", "state"} and men.kind == "actor")
        m = member_suffix.match(text, men.end) if named and member_suffix is not None else None
        if m:
            inside = [j for j in range(i + 1, len(mentions)) if mentions[j].start < m.end()]
            if all(mentions[j].end <= m.end() for j in inside):
                skip.update(inside)
                men = ActorMention(men.start, m.end(), text[men.start:m.end()], men.canonical, men.inter,
                                   men.family, men.kind, men.country)
        out.append(men)
    return out
