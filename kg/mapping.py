"""Facts of one release → RDF triples (one named graph per release).

The mapping is a pure function of its input: IRIs are minted from keys (``kg.iris``), no
blank nodes, no run timestamps, so the same facts always give the same quads and
re-ingesting a release replaces its named graph with identical content.

The hot path (:func:`release_triples`, :func:`triples_to_nquads`) never builds an rdflib
``Graph``: adding to one costs more than minting the terms, so the mapper collects its
triples in an ordered set and :func:`release_graph` builds a ``Graph`` only for callers
that want one.

The graph shape is described in ``ontology/README.md`` and checked by
``ontology/shapes.ttl``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV
from rdflib.term import Node

from kg import iris
from kg.model import (
    ActorKind,
    ActorRef,
    DatePrecision,
    Evidence,
    Facts,
    Meeting,
    MeetingStatus,
    Modality,
    PartialDate,
    Person,
    Place,
    Statement,
)
from kg.vocab import DIP, OA, SCHEMA, SEM

__all__ = ["Triple", "graph_to_nquads", "release_graph", "release_triples", "triples_to_nquads"]

#: A triple as the mapper mints it.
Triple = tuple[URIRef, URIRef, URIRef | Literal]

# Initiative kinds that are recurring mechanisms: typed schema:EventSeries as well.
_SERIES_KINDS = frozenset({"dialogue-mechanism", "summit-series"})

_DATE_TYPES = {
    DatePrecision.DAY: XSD.date,
    DatePrecision.MONTH: XSD.gYearMonth,
    DatePrecision.YEAR: XSD.gYear,
}

# Everything an IRI may hold unescaped, besides letters and digits; the rest is encoded.
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"

_PREFIXES = {
    "dip": str(DIP),
    "sem": str(SEM),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "kgid": iris.ID,
}


def release_graph(facts: Facts, *, software_version: str) -> tuple[URIRef, Graph]:
    """Map the facts of one release to ``(graph name, graph)``; the name is the release IRI.

    Raises ``ValueError`` naming the release when the facts are inconsistent: an act or
    kind outside the fixed sets, a key that refers to nothing in the same facts, an
    evidence span outside the text, an impossible date.
    """
    name, triples = release_triples(facts, software_version=software_version)
    graph = Graph(identifier=name)
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns)
    for triple in triples:
        graph.add(triple)
    return name, graph


def release_triples(facts: Facts, *, software_version: str) -> tuple[URIRef, list[Triple]]:
    """The triples of :func:`release_graph`, without an rdflib ``Graph``; each triple once."""
    try:
        return _Mapper(facts, software_version).run()
    except ValueError as exc:
        raise ValueError(f"{facts.release.source}: cannot map the facts to RDF: {exc}") from exc


def graph_to_nquads(name: URIRef, graph: Graph) -> str:
    """The graph as N-Quads in graph ``name``, one quad a line, lines sorted.

    Sorted output is stable across runs, so it serves both for bulk loading and for
    golden comparison.
    """
    return triples_to_nquads(name, graph)


def triples_to_nquads(name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Distinct triples as sorted N-Quads in graph ``name``, as :func:`graph_to_nquads` writes them.

    Terms are written as rdflib's N-Triples serializer writes them (``n3()`` for IRIs,
    which refuses an invalid IRI; its simpler quoting for literals).
    """
    if not isinstance(name, URIRef):
        raise TypeError("the graph name must be an IRI (URIRef)")
    suffix = f" {name.n3()} ."
    written: dict[Node, str] = {}  # a release repeats its subjects and predicates

    def term(node: Node) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = _nt_term(node)
        return text

    # distinct lines: a triple given twice is written once
    lines = sorted({f"{term(s)} {term(p)} {term(o)}{suffix}\n" for s, p, o in triples})
    return "".join(lines)


def _nt_term(term: Node) -> str:
    """A term in N-Triples, quoted exactly as rdflib's ``nt`` serializer quotes it."""
    if not isinstance(term, Literal):
        return str(term.n3())
    escaped = str(term).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
    quoted = f'"{escaped}"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def _date(value: PartialDate) -> Literal:
    """A date literal typed by its precision (xsd:date, xsd:gYearMonth or xsd:gYear)."""
    if value.month is not None and not 1 <= value.month <= 12:
        raise ValueError(f"month {value.month} of {value.iso()} is not 1-12")
    if value.day is not None:
        if value.month is None:
            raise ValueError(f"date {value!r} has a day but no month")
        dt.date(value.year, value.month, value.day)  # raises ValueError on 31 February
    if not 1 <= value.year <= 9999:
        raise ValueError(f"year {value.year} is out of range")
    return Literal(value.iso(), datatype=_DATE_TYPES[value.precision])


def _name(value: MeetingStatus | Modality | str) -> str:
    """The name of an enum member (or of a plain string the caller passed instead)."""
    return value.value if isinstance(value, MeetingStatus | Modality) else str(value)


def _url(url: str) -> URIRef:
    """The source URL as an IRI, with characters an IRI cannot hold percent-encoded."""
    return URIRef(quote(url.strip(), safe=_URL_SAFE))


def _nonneg(value: int) -> Literal:
    return Literal(value, datatype=XSD.nonNegativeInteger)


class _Mapper:
    def __init__(self, facts: Facts, software_version: str) -> None:
        self.facts = facts
        self.key = facts.release.key
        self.software_version = software_version
        self.name = iris.release_iri(self.key)
        self.triples: dict[Triple, None] = {}  # an ordered set
        self.people = {p.key for p in facts.people}
        self.countries = {c.iso3 for c in facts.countries}
        self.organizations = {o.key for o in facts.organizations}
        self.initiatives = {i.key for i in facts.initiatives}
        self.meetings = {m.key for m in facts.meetings}
        self.statements = {s.key for s in facts.statements}
        self.spans: dict[Evidence, URIRef] = {}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples[(s, p, o)] = None

    def run(self) -> tuple[URIRef, list[Triple]]:
        self.release()
        for country in self.facts.countries:
            node = iris.country_iri(country.iso3)
            self.add(node, RDF.type, SCHEMA.Country)
            self.add(node, RDFS.label, Literal(country.label))
            self.add(node, DIP.iso3, Literal(country.iso3))
            self.same_as(node, country.wikidata)
            self.evidence(node, country.evidence)
        for organization in self.facts.organizations:
            node = iris.org_iri(organization.key)
            self.add(node, RDF.type, SCHEMA.Organization)
            self.add(node, RDF.type, DIP.InternationalOrganization)
            self.add(node, RDFS.label, Literal(organization.label))
            self.same_as(node, organization.wikidata)
            self.evidence(node, organization.evidence)
        for person in self.facts.people:
            self.person(person)
        for initiative in self.facts.initiatives:
            node = iris.initiative_iri(initiative.key)
            self.add(node, RDF.type, DIP.Initiative)
            if initiative.kind in _SERIES_KINDS:
                self.add(node, RDF.type, SCHEMA.EventSeries)
            self.add(node, RDFS.label, Literal(initiative.label))
            self.add(node, DIP.initiativeKind, iris.initiative_kind_iri(initiative.kind))
            if initiative.acronym:
                self.add(node, DIP.acronym, Literal(initiative.acronym))
            self.same_as(node, initiative.wikidata)
            self.evidence(node, initiative.evidence)
        for meeting in self.facts.meetings:
            self.meeting(meeting)
        for statement in self.facts.statements:
            self.statement(statement)
        return self.name, list(self.triples)

    # -- release, provenance, evidence -------------------------------------------------

    def release(self) -> None:
        release = self.facts.release
        node = self.name
        self.add(node, RDF.type, DIP.Release)
        self.add(node, RDF.type, SCHEMA.NewsArticle)
        if release.title:
            self.add(node, DCTERMS.title, Literal(release.title))
        if release.published is not None:
            self.add(node, DCTERMS.issued, _date(release.published))
        if release.url:
            self.add(node, DCTERMS.source, _url(release.url))
        self.add(node, DIP.sourceFile, Literal(release.source))
        self.add(node, DCTERMS.format, Literal(release.media_type))
        if release.publisher:
            publisher = iris.publisher_iri(release.publisher)
            self.add(node, DCTERMS.publisher, publisher)
            self.add(publisher, RDF.type, SCHEMA.Organization)
            self.add(publisher, RDFS.label, Literal(release.publisher))
        self.add(node, SCHEMA.text, Literal(release.text))
        if release.content_sha256:
            self.add(node, DIP.contentSha256, Literal(release.content_sha256))
        run = iris.run_iri(self.software_version)
        self.add(node, PROV.wasGeneratedBy, run)
        self.add(run, RDF.type, PROV.Activity)
        self.add(run, DIP.softwareVersion, Literal(self.software_version))
        self.add(run, PROV.wasAssociatedWith, iris.SOFTWARE_AGENT)
        self.add(iris.SOFTWARE_AGENT, RDF.type, PROV.SoftwareAgent)
        self.add(iris.SOFTWARE_AGENT, RDFS.label, Literal("kg"))

    def evidence(self, node: URIRef, evidence: Iterable[Evidence]) -> None:
        """Add a span per evidence and link ``node`` to it with prov:wasDerivedFrom."""
        text_length = len(self.facts.release.text)
        for item in evidence:
            if not 0 <= item.start <= item.end <= text_length:
                raise ValueError(
                    f"evidence span {item.start}-{item.end} lies outside the text (0-{text_length})"
                )
            if item.sentence < 0:
                raise ValueError(f"evidence sentence index {item.sentence} is negative")
            span = self.spans.get(item)
            if span is None:
                span = self.spans[item] = self.span(item)
            self.add(node, PROV.wasDerivedFrom, span)

    def span(self, item: Evidence) -> URIRef:
        """Add the triples of one evidence span (once per span: many facts cite one sentence)."""
        span = iris.span_iri(self.key, item.start, item.end)
        position = iris.position_selector_iri(self.key, item.start, item.end)
        quote_selector = iris.quote_selector_iri(self.key, item.start, item.end)
        self.add(span, RDF.type, OA.SpecificResource)
        self.add(span, OA.hasSource, self.name)
        self.add(span, OA.hasSelector, position)
        self.add(span, OA.hasSelector, quote_selector)
        self.add(span, DIP.sentenceIndex, _nonneg(item.sentence))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, _nonneg(item.start))
        self.add(position, OA.end, _nonneg(item.end))
        self.add(quote_selector, RDF.type, OA.TextQuoteSelector)
        self.add(quote_selector, OA.exact, Literal(item.quote))
        return span

    def same_as(self, node: URIRef, wikidata: str | None) -> None:
        if wikidata:
            self.add(node, OWL.sameAs, iris.wikidata_iri(wikidata))

    # -- actors ------------------------------------------------------------------------

    def owner(self, country: str | None, organization: str | None) -> URIRef | None:
        """The state (preferred) or organisation node a post or place belongs to."""
        if country:
            return iris.country_iri(country)
        if organization:
            return iris.org_iri(organization)
        return None

    def actor(self, ref: ActorRef, where: str) -> URIRef:
        """The node of an actor reference, which must name an actor of the same facts."""
        known = {
            ActorKind.PERSON: self.people,
            ActorKind.COUNTRY: self.countries,
            ActorKind.ORGANIZATION: self.organizations,
        }[ref.kind]
        if ref.key not in known:
            raise ValueError(f"{where} refers to unknown {ref.kind.value} {ref.key!r}")
        if ref.kind is ActorKind.PERSON:
            return iris.person_iri(ref.key)
        if ref.kind is ActorKind.COUNTRY:
            return iris.country_iri(ref.key)
        return iris.org_iri(ref.key)

    def person(self, person: Person) -> None:
        node = iris.person_iri(person.key)
        self.add(node, RDF.type, SCHEMA.Person)
        self.add(node, SCHEMA.name, Literal(person.name))
        self.add(node, RDFS.label, Literal(person.name))
        if person.country:
            self.add(node, DIP.represents, iris.country_iri(person.country))
        if person.organization:
            self.add(node, DIP.represents, iris.org_iri(person.organization))
        for post in person.posts:
            post_node = iris.post_iri(post.title, post.country, post.organization)
            self.add(node, ORG.holds, post_node)
            self.add(post_node, RDF.type, ORG.Post)
            self.add(post_node, RDFS.label, Literal(post.title))
            owner = self.owner(post.country, post.organization)
            if owner is not None:
                self.add(post_node, ORG.postIn, owner)
        for honorific in person.honorifics:
            self.add(node, DIP.honorific, Literal(honorific))
        self.same_as(node, person.wikidata)
        self.evidence(node, person.evidence)

    def place(self, place: Place) -> URIRef:
        node = iris.place_iri(place.label)
        self.add(node, RDF.type, SCHEMA.Place)
        self.add(node, RDF.type, SEM.Place)
        self.add(node, RDFS.label, Literal(place.label))
        if place.country:
            self.add(node, SCHEMA.containedInPlace, iris.country_iri(place.country))
        return node

    # -- meetings and statements -------------------------------------------------------

    def meeting(self, meeting: Meeting) -> None:
        where = f"meeting {meeting.key!r}"
        node = iris.meeting_iri(self.key, meeting.key)
        self.add(node, RDF.type, DIP.Meeting)
        self.add(node, RDF.type, SEM.Event)
        self.add(node, DIP.meetingKind, iris.meeting_kind_iri(meeting.kind))
        status = _name(meeting.status)
        self.add(node, DIP.status, iris.status_iri(status))
        if status == "planned":
            self.add(node, SCHEMA.eventStatus, SCHEMA.EventScheduled)
        if meeting.label:
            self.add(node, RDFS.label, Literal(meeting.label))
        if meeting.date is not None:
            self.add(node, SEM.hasTimeStamp, _date(meeting.date))
            self.add(node, DIP.dateBasis, Literal(meeting.date.basis))
        if meeting.end_date is not None:
            self.add(node, SEM.hasEndTimeStamp, _date(meeting.end_date))
        if meeting.time:
            self.add(node, DIP.time, Literal(meeting.time))
        if meeting.place is not None:
            self.add(node, SEM.hasPlace, self.place(meeting.place))
        for participant in meeting.participants:
            self.add(node, SEM.hasActor, self.actor(participant, where))
        if meeting.part_of:
            if meeting.part_of not in self.meetings:
                raise ValueError(f"{where} is part of unknown meeting {meeting.part_of!r}")
            if meeting.part_of == meeting.key:
                raise ValueError(f"{where} is part of itself")
            self.add(node, SEM.subEventOf, iris.meeting_iri(self.key, meeting.part_of))
        if meeting.series:
            if meeting.series not in self.initiatives:
                raise ValueError(f"{where} belongs to unknown series {meeting.series!r}")
            self.add(node, DIP.series, iris.initiative_iri(meeting.series))
        self.evidence(node, meeting.evidence)

    def statement(self, statement: Statement) -> None:
        where = f"statement {statement.key!r}"
        node = iris.statement_iri(self.key, statement.key)
        self.add(node, RDF.type, DIP.Statement)
        self.add(node, DIP.act, iris.act_iri(statement.act))
        for speaker in statement.speakers:
            self.add(node, SCHEMA.agent, self.actor(speaker, where))
        for addressee in statement.addressees:
            self.add(node, SCHEMA.recipient, self.actor(addressee, where))
        for key in statement.about:
            if key not in self.initiatives:
                raise ValueError(f"{where} is about unknown initiative {key!r}")
            self.add(node, SCHEMA.about, iris.initiative_iri(key))
        if statement.topic:
            self.add(node, DIP.topic, Literal(statement.topic))
        modality = _name(statement.modality)
        self.add(node, DIP.modality, iris.modality_iri(modality))
        if statement.in_response_to:
            if statement.in_response_to not in self.statements:
                raise ValueError(f"{where} responds to unknown statement {statement.in_response_to!r}")
            self.add(node, DIP.inResponseTo, iris.statement_iri(self.key, statement.in_response_to))
        if statement.meeting:
            if statement.meeting not in self.meetings:
                raise ValueError(f"{where} refers to unknown meeting {statement.meeting!r}")
            self.add(node, DIP.atMeeting, iris.meeting_iri(self.key, statement.meeting))
        self.evidence(node, statement.evidence)
