"""Ontology terms as closed namespaces, and the fixed vocabularies of kg.

``DIP`` holds every term declared in ``ontology/diplo.ttl`` (``tests/test_vocab.py`` keeps
the two in step); ``SEM``, ``OA`` and ``SCHEMA`` hold the terms kg uses from vocabularies that
rdflib does not ship as closed namespaces. All raise ``AttributeError`` on a misspelt term,
so a typo fails at import or in a test, not silently in the graph.

The fixed sets (``ACTS``, ``MEETING_KINDS`` ...) are the names of the SKOS concepts defined
in ``diplo.ttl``; saved queries and users depend on them, so keep the names stable.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "ACTS",
    "DIP",
    "INITIATIVE_KINDS",
    "MEETING_KINDS",
    "MODALITIES",
    "OA",
    "SCHEMA",
    "SEM",
    "STATUSES",
]

#: The 16 speech acts, in their canonical order (``lexicon/acts.csv`` lists the same).
ACTS: tuple[str, ...] = (
    "agree",
    "decide",
    "propose",
    "request",
    "invite",
    "support",
    "welcome",
    "appreciate",
    "emphasize",
    "concern",
    "condemn",
    "hope",
    "state",
    "discuss",
    "reaffirm",
    "offer",
)

MEETING_KINDS: tuple[str, ...] = (
    "meeting",
    "call",
    "videoconference",
    "visit",
    "summit",
    "dialogue",
    "dinner",
    "lunch",
    "conference",
)

STATUSES: tuple[str, ...] = ("held", "planned")

MODALITIES: tuple[str, ...] = ("asserted", "conditional")

INITIATIVE_KINDS: tuple[str, ...] = (
    "agreement",
    "trade-agreement",
    "treaty",
    "partnership",
    "plan",
    "strategy",
    "initiative",
    "bid",
    "dialogue-mechanism",
    "summit-series",
    "resolution",
    "declaration",
    "framework",
    "fund",
    "project",
    "other",
)


class DIP(DefinedNamespace):
    """The kg-diplo ontology (``ontology/diplo.ttl``)."""

    _NS = Namespace("https://w3id.org/kg-diplo/ontology#")
    _fail = True

    # classes
    Release: URIRef
    InternationalOrganization: URIRef
    Initiative: URIRef
    Meeting: URIRef
    Statement: URIRef
    # datatype
    CAMEO: URIRef
    # provenance and evidence
    sourceFile: URIRef
    contentSha256: URIRef
    softwareVersion: URIRef
    sentenceIndex: URIRef
    # actors
    iso3: URIRef
    represents: URIRef
    honorific: URIRef
    # initiatives
    initiativeKind: URIRef
    acronym: URIRef
    # meetings
    meetingKind: URIRef
    status: URIRef
    dateBasis: URIRef
    time: URIRef
    series: URIRef
    # statements
    act: URIRef
    topic: URIRef
    modality: URIRef
    inResponseTo: URIRef
    atMeeting: URIRef
    # concept annotations
    plover: URIRef


class SEM(DefinedNamespace):
    """Simple Event Model (van Hage et al.), the terms kg uses."""

    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    _fail = True

    Event: URIRef
    Place: URIRef
    Actor: URIRef
    EventType: URIRef
    hasActor: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef
    hasBeginTimeStamp: URIRef
    hasEndTimeStamp: URIRef
    subEventOf: URIRef
    eventType: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary, the terms kg uses for evidence spans."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


class SCHEMA(DefinedNamespace):
    """schema.org, closed to the terms kg uses (rdflib's ``SDO`` accepts any name)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    Action: URIRef
    Country: URIRef
    Event: URIRef
    EventScheduled: URIRef
    EventSeries: URIRef
    Intangible: URIRef
    NewsArticle: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    about: URIRef
    agent: URIRef
    alternateName: URIRef
    containedInPlace: URIRef
    eventStatus: URIRef
    name: URIRef
    recipient: URIRef
    text: URIRef
