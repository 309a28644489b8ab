"""The lexicon: gazetteers and trigger words that the extractor matches in release text.

Everything is data in ``lexicon/`` (UTF-8 CSV with a header row, RFC 4180 quoting, ``|``
between the items of a multi-valued cell; ``abbreviations.txt`` has one token a line).
:func:`load_lexicon` reads the packaged files, then any user files passed as ``extra``; a
user row with the same key (iso3, key, name, surface, phrase ...) replaces the packaged
one, so users extend the lexicon without editing the package. Every file is checked on
load; a problem raises :class:`~kg.errors.DataFileError` naming the file, the line and the
fix.

Matching convention (see :class:`AliasIndex`): a surface form without lower-case letters
("US", "ROK", "U.S.", "G20") is an acronym and matches exactly; any other form matches
case-insensitively. Curly quotes, dashes and non-breaking spaces count as their plain
forms (:func:`surface_key`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, NoReturn, TypeVar

from kg.errors import DataFileError
from kg.resources import data_dir

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: The act names in acts.csv order; resolved on first use by ``__getattr__`` below.
ACTS: tuple[str, ...]

ORGANIZATION_KINDS = frozenset({"igo", "un-body", "forum", "grouping", "bank", "party", "other"})
ROLES = frozenset(
    [
        "head-of-state",
        "head-of-government",
        "deputy-head-of-government",
        "foreign-minister",
        "vice-foreign-minister",
        "minister",
        "deputy-minister",
        "legislator",
        "diplomat",
        "official",
        "party-official",
        "org-head",
        "military",
    ]
)
_POSITIONS = frozenset({"prefix", "suffix"})
_E = TypeVar("_E", bound="DataclassInstance")


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    iso2: str
    wikidata: str | None
    wikidata_alt: str | None
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


@dataclass(frozen=True)
class OrganizationEntry:
    key: str
    wikidata: str | None
    name: str
    aliases: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class InitiativeEntry:
    key: str
    wikidata: str | None
    name: str
    aliases: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class PersonEntry:
    name: str
    wikidata: str | None
    country: str | None
    organization: str | None
    posts: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PostEntry:
    surface: str
    title: str
    role: str
    country: str | None
    organization: str | None


@dataclass(frozen=True)
class HonorificEntry:
    form: str
    position: str
    post: str | None


@dataclass(frozen=True)
class ActEntry:
    act: str
    label: str
    cameo: str
    plover: str | None
    definition: str


@dataclass(frozen=True)
class ActVerb:
    phrase: str
    act: str
    forms: tuple[str, ...]
    takes_addressee: bool


@dataclass(frozen=True)
class MeetingKind:
    kind: str
    label: str
    definition: str


@dataclass(frozen=True)
class MeetingTrigger:
    phrase: str
    kind: str


@dataclass(frozen=True)
class InitiativeKind:
    kind: str
    label: str
    suffixes: tuple[str, ...]


@dataclass(frozen=True)
class PublisherEntry:
    """A publisher of releases and the state (or body) it speaks for: its "home"."""

    publisher: str
    name: str
    country: str | None
    organization: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class PlaceEntry:
    """A city, region or venue and the state it lies in."""

    name: str
    country: str
    kind: str
    aliases: tuple[str, ...]


# -- matching keys ------------------------------------------------------------------------

_PLAIN = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-", "‑": "-", "\u00a0": " "})


def surface_key(text: str) -> str:
    """The lookup key of a surface form: :func:`plain_text`, spaces collapsed, case-folded."""
    return " ".join(plain_text(text).split()).casefold()


def is_acronym(surface: str) -> bool:
    """True for forms such as "US", "U.S.", "G20", "HR/VP": letters, none of them lower-case."""
    return any(c.isalpha() for c in surface) and not any(c.islower() for c in surface)


def plain_text(text: str) -> str:
    """``text`` with curly quotes, dashes and NBSP made plain; offsets are unchanged."""
    return text.translate(_PLAIN)


def _exact_key(surface: str) -> str:
    return " ".join(plain_text(surface).split())


class AliasIndex(Mapping[str, str]):
    """Surface form -> entry key (iso3, organisation key, person name ...).

    Acronyms are matched exactly ("US" is the United States, "us" is nothing); other forms
    case-insensitively. Iterating yields the surface forms as written in the lexicon.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._surfaces: dict[str, str] = {}
        for surface, key in pairs:
            if is_acronym(surface):
                self._exact.setdefault(_exact_key(surface), key)
            else:
                self._folded.setdefault(surface_key(surface), key)
            self._surfaces.setdefault(surface, key)

    def __getitem__(self, surface: str) -> str:
        key = self._exact.get(_exact_key(surface))
        if key is None:
            key = self._folded.get(surface_key(surface))
        if key is None:
            raise KeyError(surface)
        return key

    def __iter__(self) -> Iterator[str]:
        return iter(self._surfaces)

    def __len__(self) -> int:
        return len(self._surfaces)

    def surfaces(self) -> tuple[str, ...]:
        """The surface forms, longest first (the order a matcher should try them in)."""
        return tuple(sorted(self._surfaces, key=lambda s: (-len(s), s)))


# -- the lexicon --------------------------------------------------------------------------


@dataclass(frozen=True)
class Lexicon:
    countries: tuple[CountryEntry, ...]
    organizations: tuple[OrganizationEntry, ...]
    initiatives: tuple[InitiativeEntry, ...]
    people: tuple[PersonEntry, ...]
    posts: tuple[PostEntry, ...]
    honorifics: tuple[HonorificEntry, ...]
    acts: tuple[ActEntry, ...]
    act_verbs: tuple[ActVerb, ...]
    meeting_kinds: tuple[MeetingKind, ...]
    meeting_triggers: tuple[MeetingTrigger, ...]
    initiative_kinds: tuple[InitiativeKind, ...]
    abbreviations: tuple[str, ...]
    publishers: tuple[PublisherEntry, ...] = ()
    places: tuple[PlaceEntry, ...] = ()

    def publisher(self, name: str) -> PublisherEntry | None:
        """The publisher with this key or alias (case-insensitive), if the lexicon knows it."""
        return self._publishers.get(surface_key(name))

    def place_country(self, name: str) -> str | None:
        """The ISO alpha-3 of the state a place (name or alias) lies in, if known."""
        return self._places.get(surface_key(name))

    @cached_property
    def _publishers(self) -> dict[str, PublisherEntry]:
        return {surface_key(form): p for p in self.publishers for form in (p.publisher, *p.aliases)}

    @cached_property
    def _places(self) -> dict[str, str]:
        return {surface_key(form): p.country for p in self.places for form in (p.name, *p.aliases)}

    def country(self, iso3: str) -> CountryEntry:
        """The country with this ISO alpha-3 code; ``KeyError`` if unknown."""
        return self._countries[iso3]

    def organization(self, key: str) -> OrganizationEntry:
        return self._organizations[key]

    def initiative(self, key: str) -> InitiativeEntry:
        return self._initiatives[key]

    def person(self, name: str) -> PersonEntry:
        """The person whose ``name`` (not alias) this is, case-insensitively."""
        return self._people[surface_key(name)]

    def post(self, surface: str) -> PostEntry:
        """The post written ``surface`` ("Foreign Minister"), case-insensitively."""
        return self.post_by_surface[surface_key(surface)]

    @property
    def act_names(self) -> frozenset[str]:
        return frozenset(a.act for a in self.acts)

    @property
    def meeting_kind_names(self) -> frozenset[str]:
        return frozenset(k.kind for k in self.meeting_kinds)

    @property
    def initiative_kind_names(self) -> frozenset[str]:
        return frozenset(k.kind for k in self.initiative_kinds)

    @cached_property
    def _countries(self) -> dict[str, CountryEntry]:
        return {c.iso3: c for c in self.countries}

    @cached_property
    def _organizations(self) -> dict[str, OrganizationEntry]:
        return {o.key: o for o in self.organizations}

    @cached_property
    def _initiatives(self) -> dict[str, InitiativeEntry]:
        return {i.key: i for i in self.initiatives}

    @cached_property
    def _people(self) -> dict[str, PersonEntry]:
        return {surface_key(p.name): p for p in self.people}

    @cached_property
    def country_by_alias(self) -> AliasIndex:
        """Names and aliases of countries -> iso3 ("ROK", "South Korea" -> "KOR")."""
        return AliasIndex((s, c.iso3) for c in self.countries for s in (c.name, *c.aliases))

    @cached_property
    def demonym_to_iso3(self) -> AliasIndex:
        """Demonyms -> iso3 ("Chinese" -> "CHN", "North Korean" -> "PRK")."""
        return AliasIndex((d, c.iso3) for c in self.countries for d in c.demonyms)

    @cached_property
    def org_by_alias(self) -> AliasIndex:
        return AliasIndex((s, o.key) for o in self.organizations for s in (o.name, *o.aliases))

    @cached_property
    def initiative_by_alias(self) -> AliasIndex:
        return AliasIndex((s, i.key) for i in self.initiatives for s in (i.name, *i.aliases))

    @cached_property
    def person_by_alias(self) -> AliasIndex:
        """Names and aliases of people -> the person's ``name``."""
        return AliasIndex((s, p.name) for p in self.people for s in (p.name, *p.aliases))

    @cached_property
    def post_by_surface(self) -> dict[str, PostEntry]:
        """``surface_key(surface)`` -> post."""
        return {surface_key(p.surface): p for p in self.posts}

    @cached_property
    def act_by_form(self) -> dict[str, ActVerb]:
        """Every inflected form ("agreed", "called on") -> its verb phrase and act."""
        return {form: verb for verb in self.act_verbs for form in verb.forms}

    @cached_property
    def meeting_kind_by_trigger(self) -> dict[str, str]:
        return {surface_key(t.phrase): t.kind for t in self.meeting_triggers}

    @cached_property
    def initiative_kind_by_suffix(self) -> dict[str, str]:
        """Capitalised head words ("Agreement", "FTA") -> initiative kind."""
        return {s: k.kind for k in self.initiative_kinds for s in k.suffixes}


# -- reading and checking files -------------------------------------------------------------
#
# Each file's header is the field list of its entry class, and a field's annotation says how
# to read the cell: ``str`` required, ``str | None`` optional, ``tuple[str, ...]`` items
# separated by ``|``, ``bool`` yes/no. Column names carry the format checks below.

_FILES: Mapping[str, type] = MappingProxyType(
    {
        "acts.csv": ActEntry,
        "meeting_kinds.csv": MeetingKind,
        "initiative_kinds.csv": InitiativeKind,
        "countries.csv": CountryEntry,
        "organizations.csv": OrganizationEntry,
        "initiatives.csv": InitiativeEntry,
        "posts.csv": PostEntry,
        "people.csv": PersonEntry,
        "honorifics.csv": HonorificEntry,
        "act_verbs.csv": ActVerb,
        "meeting_triggers.csv": MeetingTrigger,
        "abbreviations.txt": str,
        "publishers.csv": PublisherEntry,
        "places.csv": PlaceEntry,
    }
)
#: files whose keys (first column) compare case-insensitively
_FOLDED_KEYS = frozenset(
    {"posts.csv", "people.csv", "act_verbs.csv", "meeting_triggers.csv", "publishers.csv", "places.csv"}
)
_PLACE_KINDS = frozenset({"capital", "city", "region", "venue"})
_ISO3 = (r"[A-Z]{3}", "an ISO 3166-1 alpha-3 code", "KOR")
_NAME = (r"[a-z][a-z0-9-]*", "a lower-case name", "trade-agreement")
_QID = (r"Q[1-9][0-9]*", "a Wikidata QID", "Q884, or leave the cell empty")
_FORMATS = MappingProxyType(
    {
        "iso3": _ISO3,
        "country": _ISO3,
        "iso2": (r"[A-Z]{2}", "an ISO 3166-1 alpha-2 code", "KR"),
        "wikidata": _QID,
        "wikidata_alt": _QID,
        "key": (r"[A-Z][A-Z0-9_]*", "a key of capitals, digits and _", "ASEAN_PLUS_THREE"),
        "act": _NAME,
        "kind": _NAME,
        "cameo": (r"[0-9]{2,4}", "a CAMEO code", "051"),
        "plover": (r"[A-Z]+", "a PLOVER event type", "SUPPORT"),
        "abbreviation": (r"\S+\.", "one token ending in '.'", "Mr."),
    }
)
_LOWER = frozenset({"forms", "phrase"})
_SOURCES = MappingProxyType(
    {
        "country": "countries.csv (iso3)",
        "organization": "organizations.csv (key)",
        "post": "posts.csv (surface or title)",
    }
)


def _columns(name: str) -> tuple[str, ...]:
    cls = _FILES[name]
    return tuple(f.name for f in fields(cls)) if cls is not str else ("abbreviation",)


@dataclass(frozen=True)
class _Row:
    path: Path
    line: int
    cells: Mapping[str, str]

    def fail(self, problem: str, fix: str) -> NoReturn:
        raise DataFileError(f"{self.path}, line {self.line}: {problem}; {fix}")

    def value(self, column: str, required: bool, allowed: Collection[str] | None) -> str | None:
        value = self.cells[column]
        if not value:
            return self.fail(f"column '{column}' is empty", "fill it in") if required else None
        if column in _FORMATS:
            regex, what, example = _FORMATS[column]
            if not re.fullmatch(regex, value):
                self.fail(f"'{value}' in column '{column}' is not {what}", f"write e.g. {example}")
        if column in _LOWER and value != value.lower():
            self.fail(f"'{value}' in column '{column}' is not lower case", "write it in lower case")
        if allowed is not None and value not in allowed:
            known = ", ".join(sorted(allowed)) if len(allowed) <= 20 else ""
            source = _SOURCES.get(column, "the lexicon")
            fix = f"use one of {known}" if known else f"use one listed in {source}"
            self.fail(f"unknown {column} '{value}'", fix)
        return value

    def items(self, column: str) -> tuple[str, ...]:
        if not self.value(column, column == "forms", None):
            return ()
        items = [item.strip() for item in self.cells[column].split("|")]
        if not all(items):
            self.fail(f"empty item in column '{column}'", "remove the doubled or trailing '|'")
        return tuple(dict.fromkeys(items))


def _build(cls: type[_E], rows: list[_Row], **allowed: Collection[str]) -> tuple[_E, ...]:
    """One entry per row; ``allowed`` restricts a column to known values (acts, iso3 ...)."""
    entries: list[_E] = []
    for row in rows:
        values: dict[str, object] = {}
        for f in fields(cls):
            if f.type == "tuple[str, ...]":
                values[f.name] = row.items(f.name)
            elif f.type == "bool":
                flag = row.value(f.name, True, ("yes", "no"))
                values[f.name] = flag == "yes"
            else:
                values[f.name] = row.value(f.name, f.type == "str", allowed.get(f.name))
        entries.append(cls(**values))
    return tuple(entries)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataFileError(f"{path}: cannot be read ({err.strerror}); check the path") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        byte = data[err.start]
        raise DataFileError(
            f"{path}, line {line}: byte 0x{byte:02x} is not UTF-8; save the file as UTF-8"
        ) from err


def _read_rows(path: Path) -> list[_Row]:
    text, columns = _read_text(path), _columns(path.name)
    if path.suffix == ".txt":
        lines = enumerate(text.splitlines(), start=1)
        return [_Row(path, n, {columns[0]: s.strip()}) for n, s in lines if s.strip()]
    rows: list[_Row] = []
    header: list[str] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                pass
            elif not header:
                header = [cell.strip() for cell in cells]
                _check_header(path, line, header, columns)
            elif len(cells) != len(header):
                raise DataFileError(
                    f"{path}, line {line}: {len(cells)} cells, the header has {len(header)}; "
                    "quote cells that contain a comma"
                )
            else:
                cells = [cell.strip() for cell in cells]
                rows.append(_Row(path, line, dict(zip(header, cells, strict=True))))
            line = reader.line_num + 1
    except csv.Error as err:
        raise DataFileError(f"{path}, line {reader.line_num}: {err}; fix the quoting") from err
    if not header:
        _check_header(path, 1, header, columns)
    return rows


def _check_header(path: Path, line: int, header: list[str], columns: tuple[str, ...]) -> None:
    problems = [
        f"{what} column(s) {', '.join(names)}"
        for what, names in (
            ("missing", [c for c in columns if c not in header]),
            ("unknown", [c for c in header if c not in columns]),
            ("repeated", sorted({c for c in header if header.count(c) > 1})),
        )
        if names
    ]
    if problems:
        raise DataFileError(
            f"{path}, line {line}: {'; '.join(problems)}; the header must be {','.join(columns)}"
        )


def _merge(name: str, files: Iterable[list[_Row]]) -> list[_Row]:
    """Rows of the packaged file, then of each user file; a later key replaces an earlier one."""
    column = _columns(name)[0]
    merged: dict[str, _Row] = {}
    for rows in files:
        seen: dict[str, _Row] = {}
        for row in rows:
            key = row.value(column, True, None) or ""
            key = surface_key(key) if name in _FOLDED_KEYS else key
            if key in seen:
                where = f"also at line {seen[key].line}"
                row.fail(f"duplicate {column} '{row.cells[column]}' ({where})", "keep one row")
            seen[key] = row
        merged.update(seen)
    return list(merged.values())


def _user_files(extra: Sequence[Path]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for given in map(Path, extra):
        if given.is_dir():
            files = sorted(p for p in given.iterdir() if p.suffix in (".csv", ".txt"))
        elif given.is_file():
            files = [given]
        else:
            raise DataFileError(f"{given}: no such file or folder; pass a lexicon folder or file")
        for file in files:
            if file.name not in _FILES:
                known = ", ".join(_FILES)
                raise DataFileError(f"{file}: unknown lexicon file name; name it one of {known}")
            found.setdefault(file.name, []).append(file)
    return found


def _unambiguous(
    what: str,
    rows: list[_Row],
    entries: Iterable[tuple[str, Iterable[str]]],
    owners: dict[str, tuple[str, _Row]] | None = None,
) -> None:
    """Fail on a surface form that names two different entries (``owners`` spans files)."""
    owners = {} if owners is None else owners
    for row, (owner, surfaces) in zip(rows, entries, strict=True):
        for surface in surfaces:
            other, first = owners.setdefault(surface_key(surface), (owner, row))
            if other != owner:
                row.fail(
                    f"{what} '{surface}' would name both {owner} and {other} "
                    f"({first.path.name}, line {first.line})",
                    "remove it from one of the two rows",
                )


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """Read and check the packaged lexicon, then the user files or folders in ``extra``."""
    base, user = data_dir("lexicon"), _user_files(extra)
    rows: dict[str, list[_Row]] = {}
    for name in _FILES:
        rows[name] = _merge(name, [_read_rows(base / name), *map(_read_rows, user.get(name, []))])
    acts = _build(ActEntry, rows["acts.csv"])
    meeting_kinds = _build(MeetingKind, rows["meeting_kinds.csv"])
    initiative_kinds = _build(InitiativeKind, rows["initiative_kinds.csv"])
    countries = _build(CountryEntry, rows["countries.csv"])
    organizations = _build(OrganizationEntry, rows["organizations.csv"], kind=ORGANIZATION_KINDS)
    kinds = {k.kind for k in initiative_kinds}
    initiatives = _build(InitiativeEntry, rows["initiatives.csv"], kind=kinds)
    refs = {"country": {c.iso3 for c in countries}, "organization": {o.key for o in organizations}}
    posts = _build(PostEntry, rows["posts.csv"], role=ROLES, **refs)
    people = _build(PersonEntry, rows["people.csv"], **refs)
    titles = {s for p in posts for s in (p.surface, p.title)}
    honorifics = _build(HonorificEntry, rows["honorifics.csv"], position=_POSITIONS, post=titles)
    act_verbs = _build(ActVerb, rows["act_verbs.csv"], act={a.act for a in acts})
    meeting_names = {k.kind for k in meeting_kinds}
    meeting_triggers = _build(MeetingTrigger, rows["meeting_triggers.csv"], kind=meeting_names)
    abbreviations = tuple(r.cells["abbreviation"] for r in rows["abbreviations.txt"])
    publishers = _build(PublisherEntry, rows["publishers.csv"], **refs)
    places = _build(PlaceEntry, rows["places.csv"], kind=_PLACE_KINDS, country=refs["country"])

    owners: dict[str, tuple[str, _Row]] = {}  # shared by countries, organisations, initiatives
    c_names = [(f"country {c.iso3}", (c.name, *c.aliases, *c.demonyms)) for c in countries]
    o_names = [(f"organisation {o.key}", (o.name, *o.aliases)) for o in organizations]
    i_names = [(f"initiative {i.key}", (i.name, *i.aliases)) for i in initiatives]
    _unambiguous("name", rows["countries.csv"], c_names, owners)
    _unambiguous("name", rows["organizations.csv"], o_names, owners)
    _unambiguous("name", rows["initiatives.csv"], i_names, owners)
    p_names = [(p.name, (p.name, *p.aliases)) for p in people]
    _unambiguous("name", rows["people.csv"], p_names)
    _unambiguous("form", rows["act_verbs.csv"], [(v.phrase, v.forms) for v in act_verbs])
    suffixes = [(k.kind, k.suffixes) for k in initiative_kinds]
    _unambiguous("suffix", rows["initiative_kinds.csv"], suffixes)
    _unambiguous("name", rows["places.csv"], [(p.name, (p.name, *p.aliases)) for p in places])
    _unambiguous(
        "alias", rows["publishers.csv"], [(p.publisher, (p.publisher, *p.aliases)) for p in publishers]
    )
    return Lexicon(
        countries,
        organizations,
        initiatives,
        people,
        posts,
        honorifics,
        acts,
        act_verbs,
        meeting_kinds,
        meeting_triggers,
        initiative_kinds,
        abbreviations,
        publishers,
        places,
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, read once per process."""
    return load_lexicon()


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "ACTS":
        return tuple(a.act for a in default_lexicon().acts)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
