"""Frozen dataclasses passed between the stages: release -> facts -> RDF.

``extract`` produces these from a :class:`Release`; ``mapping`` turns them into RDF and
never sees raw text except through :class:`Evidence` quotes. Keys (``Person.key``,
``Initiative.key`` ...) are stable strings from which the mapping mints IRIs, so the same
input always yields the same graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Paragraph:
    """A block of the stored text; ``marker`` is its number or bullet ("1.", "o", "▲") if any."""

    index: int
    start: int
    end: int
    marker: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of the stored text, with offsets into ``Release.text``."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PartialDate:
    """A date known to the precision the text allows.

    ``basis`` records how the year (or the whole date) was fixed: ``explicit`` (written in
    full), ``published`` (day-month resolved with the published date), ``text`` (the year
    inferred from the text itself, e.g. an anniversary), ``relative`` ("today", "last
    year" ...). A date the text does not fix is not a ``PartialDate`` at all.
    """

    year: int
    month: int | None = None
    day: int | None = None
    basis: str = "explicit"

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Release:
    """One press release after ingest: clean text with structure and metadata.

    ``key`` identifies the release across re-ingests: its URL when known, else its file
    name. A changed text with the same key replaces the earlier graph.
    """

    key: str
    text: str
    source: str
    media_type: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    url: str | None = None
    title: str | None = None
    published: PartialDate | None = None
    publisher: str | None = None
    content_sha256: str = ""


@dataclass(frozen=True)
class Evidence:
    """The sentence that states a fact: ``start``/``end`` index ``Release.text``."""

    sentence: int
    start: int
    end: int
    quote: str


class ActorKind(StrEnum):
    PERSON = "person"
    COUNTRY = "country"
    ORGANIZATION = "organization"


@dataclass(frozen=True)
class ActorRef:
    """A pointer to an actor of the same :class:`Facts` by kind and key."""

    kind: ActorKind
    key: str


@dataclass(frozen=True)
class Country:
    iso3: str
    label: str
    wikidata: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Organization:
    key: str
    label: str
    wikidata: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Post:
    """An office such as "Minister of Foreign Affairs".

    It belongs to a state (``country``, ISO alpha-3) or an international organisation
    (``organization``, an organisation key), or, when the text does not say, to neither.
    """

    title: str
    country: str | None = None
    organization: str | None = None


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    country: str | None = None
    organization: str | None = None
    posts: tuple[Post, ...] = ()
    honorifics: tuple[str, ...] = ()
    wikidata: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Initiative:
    """An agreement, partnership, plan, strategy, bid, dialogue mechanism, resolution ..."""

    key: str
    label: str
    kind: str
    acronym: str | None = None
    wikidata: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Place:
    label: str
    country: str | None = None


class MeetingStatus(StrEnum):
    HELD = "held"
    PLANNED = "planned"


@dataclass(frozen=True)
class Meeting:
    """A meeting, call, visit, summit, dialogue or dinner.

    ``part_of`` is the key of the meeting this one belongs to (a dinner within a visit, a
    meeting on the sidelines of a conference).
    """

    key: str
    kind: str
    status: MeetingStatus
    participants: tuple[ActorRef, ...]
    label: str | None = None
    date: PartialDate | None = None
    end_date: PartialDate | None = None
    time: str | None = None
    place: Place | None = None
    part_of: str | None = None
    series: str | None = None
    evidence: tuple[Evidence, ...] = ()


class Modality(StrEnum):
    ASSERTED = "asserted"
    CONDITIONAL = "conditional"


@dataclass(frozen=True)
class Statement:
    """A speech act: who (``speakers``) did which of the 16 acts, to whom, about what."""

    key: str
    act: str
    speakers: tuple[ActorRef, ...]
    evidence: tuple[Evidence, ...]
    addressees: tuple[ActorRef, ...] = ()
    about: tuple[str, ...] = ()
    topic: str | None = None
    modality: Modality = Modality.ASSERTED
    in_response_to: str | None = None
    meeting: str | None = None


@dataclass(frozen=True)
class Facts:
    """Everything extracted from one release."""

    release: Release
    people: tuple[Person, ...] = ()
    countries: tuple[Country, ...] = ()
    organizations: tuple[Organization, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    statements: tuple[Statement, ...] = ()
    notes: tuple[str, ...] = field(default=())
