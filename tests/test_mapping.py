"""Facts → RDF: the triples a user queries for, determinism, and a golden file."""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, OWL, PROV

from kg import iris
from kg.mapping import graph_to_nquads, release_graph
from kg.model import (
    ActorKind,
    ActorRef,
    Country,
    Evidence,
    Facts,
    Initiative,
    Meeting,
    MeetingStatus,
    Modality,
    Organization,
    PartialDate,
    Person,
    Place,
    Post,
    Release,
    Sentence,
    Statement,
)
from kg.vocab import DIP, OA, SCHEMA, SEM

GOLDEN = Path(__file__).parent / "data" / "golden" / "mapping-small.nq"
VERSION = "0.1.0"
ID = "https://w3id.org/kg-diplo/id/"
# rdflib's XSD namespace warns when pytest probes module attributes; keep it off the module.
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")

SENTENCES = (
    "H.E. Alice Example, Vice Premier and Minister of Foreign Affairs of Freedonia, "
    "held talks with Sylvanian Foreign Minister Bob Sample in Capital City on 5 March 2024.",
    "Alice Example invited Bob Sample to visit Freedonia.",
    "Bob Sample thanked Alice Example for the invitation.",
    "The two sides agreed to advance the Example Partnership Plan (EPP).",
    "In the evening the ministers attended a dinner with the United Nations envoy.",
    "The next round of the Freedonia-Sylvania Strategic Dialogue will be held in April 2024.",
)
TEXT = " ".join(SENTENCES)
RELEASE_KEY = "https://mfa.example.org/news/2024/03/05/talks.html?lang=en"


def _sentences() -> tuple[Sentence, ...]:
    out = []
    start = 0
    for index, text in enumerate(SENTENCES):
        out.append(Sentence(index, start, start + len(text), text, paragraph=0))
        start += len(text) + 1
    return tuple(out)


def ev(index: int) -> Evidence:
    """Evidence for the whole sentence ``index``."""
    sentence = _sentences()[index]
    return Evidence(sentence.index, sentence.start, sentence.end, sentence.text)


def person(key: str) -> ActorRef:
    return ActorRef(ActorKind.PERSON, key)


def country(iso3: str) -> ActorRef:
    return ActorRef(ActorKind.COUNTRY, iso3)


def small_facts() -> Facts:
    """A made-up release with most of what the mapping handles."""
    release = Release(
        key=RELEASE_KEY,
        text=TEXT,
        source="releases/talks.html",
        media_type="text/html",
        paragraphs=(),
        sentences=_sentences(),
        url=RELEASE_KEY,
        title="Alice Example Holds Talks with Bob Sample",
        published=PartialDate(2024, 3, 5),
        publisher="Ministry of Foreign Affairs of Freedonia",
        content_sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
    )
    alice = Person(
        key="alice-example",
        name="Alice Example",
        country="FRD",
        posts=(
            Post("Vice Premier", country="FRD"),
            Post("Minister of Foreign Affairs", country="FRD"),
        ),
        honorifics=("H.E.",),
        evidence=(ev(0),),
    )
    bob = Person(
        key="bob-sample",
        name="Bob Sample",
        country="SYL",
        posts=(Post("Foreign Minister", country="SYL"),),
        evidence=(ev(0),),
    )
    envoy = Person(
        key="un-envoy",
        name="Carol Envoy",
        organization="un",
        posts=(Post("Special Envoy", organization="un"),),
        evidence=(ev(4),),
    )
    countries = (
        Country("FRD", "Freedonia", evidence=(ev(0),)),
        Country("SYL", "Sylvania", evidence=(ev(0),)),
    )
    un = Organization("un", "United Nations", wikidata="Q1065", evidence=(ev(4),))
    initiatives = (
        Initiative(
            key="example-partnership-plan",
            label="Example Partnership Plan",
            kind="plan",
            acronym="EPP",
            evidence=(ev(3),),
        ),
        Initiative(
            key="freedonia-sylvania-strategic-dialogue",
            label="Freedonia-Sylvania Strategic Dialogue",
            kind="dialogue-mechanism",
            evidence=(ev(5),),
        ),
    )
    meetings = (
        Meeting(
            key="talks",
            kind="meeting",
            status=MeetingStatus.HELD,
            participants=(person("alice-example"), person("bob-sample")),
            date=PartialDate(2024, 3, 5),
            place=Place("Capital City", country="FRD"),
            evidence=(ev(0),),
        ),
        Meeting(
            key="dinner",
            kind="dinner",
            status=MeetingStatus.HELD,
            participants=(
                person("alice-example"),
                person("bob-sample"),
                ActorRef(ActorKind.ORGANIZATION, "un"),
            ),
            time="in the evening",
            part_of="talks",
            evidence=(ev(4),),
        ),
        Meeting(
            key="dialogue-2024",
            kind="dialogue",
            status=MeetingStatus.PLANNED,
            participants=(country("FRD"), country("SYL")),
            label="Freedonia-Sylvania Strategic Dialogue",
            date=PartialDate(2024, 4, basis="published"),
            series="freedonia-sylvania-strategic-dialogue",
            evidence=(ev(5),),
        ),
    )
    statements = (
        Statement(
            key="s1",
            act="invite",
            speakers=(person("alice-example"),),
            addressees=(person("bob-sample"),),
            topic="a visit to Freedonia",
            meeting="talks",
            evidence=(ev(1),),
        ),
        Statement(
            key="s2",
            act="appreciate",
            speakers=(person("bob-sample"),),
            addressees=(person("alice-example"),),
            in_response_to="s1",
            meeting="talks",
            evidence=(ev(2),),
        ),
        Statement(
            key="s3",
            act="agree",
            speakers=(country("FRD"), country("SYL")),
            about=("example-partnership-plan",),
            modality=Modality.ASSERTED,
            meeting="talks",
            evidence=(ev(3),),
        ),
    )
    return Facts(
        release=release,
        people=(alice, bob, envoy),
        countries=countries,
        organizations=(un,),
        initiatives=initiatives,
        meetings=meetings,
        statements=statements,
    )


@pytest.fixture(scope="module")
def mapped() -> tuple[URIRef, Graph]:
    return release_graph(small_facts(), software_version=VERSION)


def ask(graph: Graph, query: str) -> list[tuple[object, ...]]:
    prefixes = (
        f"PREFIX dip: <{DIP}>\nPREFIX schema: <{SCHEMA}>\nPREFIX sem: <{SEM}>\n"
        f"PREFIX oa: <{OA}>\nPREFIX org: <{ORG}>\nPREFIX prov: <{PROV}>\n"
        f"PREFIX dcterms: <{DCTERMS}>\nPREFIX rdfs: <{RDFS}>\nPREFIX owl: <{OWL}>\n"
        f"PREFIX act: <https://w3id.org/kg-diplo/act/>\n"
    )
    return sorted(tuple(row) for row in graph.query(prefixes + query))  # type: ignore[arg-type]


# -- the release --------------------------------------------------------------------------


def test_release_node_and_graph_name(mapped: tuple[URIRef, Graph]) -> None:
    name, g = mapped
    assert name == URIRef(ID + "release/mfa-example-org-news-2024-03-05-talks-html-lang-en")
    assert g.identifier == name
    assert (name, RDF.type, DIP.Release) in g
    assert (name, RDF.type, SCHEMA.NewsArticle) in g
    assert g.value(name, DCTERMS.issued) == Literal("2024-03-05", datatype=XSD.date)
    assert g.value(name, DCTERMS.source) == URIRef(RELEASE_KEY)
    assert g.value(name, DIP.sourceFile) == Literal("releases/talks.html")
    assert g.value(name, DCTERMS.format) == Literal("text/html")
    assert g.value(name, SCHEMA.text) == Literal(TEXT)
    assert str(g.value(name, DIP.contentSha256)) == hashlib.sha256(TEXT.encode()).hexdigest()
    publisher = g.value(name, DCTERMS.publisher)
    assert publisher == URIRef(ID + "publisher/ministry-of-foreign-affairs-of-freedonia")
    assert (publisher, RDF.type, SCHEMA.Organization) in g
    run = g.value(name, PROV.wasGeneratedBy)
    assert run == URIRef(ID + "run/0.1.0")
    assert g.value(run, DIP.softwareVersion) == Literal("0.1.0")
    assert g.value(run, PROV.wasAssociatedWith) == URIRef(ID + "software/kg")


def test_no_blank_nodes(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    assert not [t for t in g if any(isinstance(term, BNode) for term in t)]


# -- actors -------------------------------------------------------------------------------


def test_person_holds_two_posts_of_their_country(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    rows = ask(
        g,
        """SELECT ?name ?title ?iso WHERE {
             ?p a schema:Person ; schema:name ?name ; org:holds ?post ;
                dip:represents ?c ; dip:honorific "H.E." .
             ?post rdfs:label ?title ; org:postIn ?c .
             ?c dip:iso3 ?iso .
           }""",
    )
    assert [(str(n), str(t), str(i)) for n, t, i in rows] == [
        ("Alice Example", "Minister of Foreign Affairs", "FRD"),
        ("Alice Example", "Vice Premier", "FRD"),
    ]
    alice = URIRef(ID + "person/alice-example")
    assert set(g.objects(alice, ORG.holds)) == {
        URIRef(ID + "post/FRD/vice-premier"),
        URIRef(ID + "post/FRD/minister-of-foreign-affairs"),
    }


def test_countries_and_organisation(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    frd = URIRef(ID + "country/FRD")
    assert (frd, RDF.type, SCHEMA.Country) in g
    assert g.value(frd, RDFS.label) == Literal("Freedonia")
    un = URIRef(ID + "org/un")
    assert (un, RDF.type, DIP.InternationalOrganization) in g
    assert (un, RDF.type, SCHEMA.Organization) in g
    assert g.value(un, OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q1065")
    envoy = URIRef(ID + "person/un-envoy")
    assert g.value(envoy, DIP.represents) == un
    assert g.value(URIRef(ID + "post/un/special-envoy"), ORG.postIn) == un


def test_initiatives(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    epp = URIRef(ID + "initiative/example-partnership-plan")
    assert g.value(epp, DIP.initiativeKind) == URIRef(
        "https://w3id.org/kg-diplo/initiative-kind/plan"
    )
    assert g.value(epp, DIP.acronym) == Literal("EPP")
    dialogue = URIRef(ID + "initiative/freedonia-sylvania-strategic-dialogue")
    assert (dialogue, RDF.type, SCHEMA.EventSeries) in g
    assert (epp, RDF.type, SCHEMA.EventSeries) not in g


# -- meetings -----------------------------------------------------------------------------


def test_held_meeting(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    talks = URIRef(ID + "meeting/mfa-example-org-news-2024-03-05-talks-html-lang-en/talks")
    assert (talks, RDF.type, DIP.Meeting) in g
    assert (talks, RDF.type, SEM.Event) in g
    assert g.value(talks, DIP.meetingKind) == URIRef(
        "https://w3id.org/kg-diplo/meeting-kind/meeting"
    )
    assert g.value(talks, DIP.status) == URIRef("https://w3id.org/kg-diplo/status/held")
    assert g.value(talks, SCHEMA.eventStatus) is None
    assert g.value(talks, SEM.hasTimeStamp) == Literal("2024-03-05", datatype=XSD.date)
    assert g.value(talks, DIP.dateBasis) == Literal("explicit")
    place = g.value(talks, SEM.hasPlace)
    assert place == URIRef(ID + "place/capital-city")
    assert (place, RDF.type, SEM.Place) in g
    assert g.value(place, SCHEMA.containedInPlace) == URIRef(ID + "country/FRD")
    assert set(g.objects(talks, SEM.hasActor)) == {
        URIRef(ID + "person/alice-example"),
        URIRef(ID + "person/bob-sample"),
    }


def test_sub_event_and_planned_meeting(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    rows = ask(
        g,
        """SELECT ?kind ?parentKind WHERE {
             ?m sem:subEventOf ?parent ; dip:meetingKind ?kind .
             ?parent dip:meetingKind ?parentKind .
           }""",
    )
    assert [(str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1]) for a, b in rows] == [
        ("dinner", "meeting")
    ]
    planned = ask(
        g,
        """SELECT ?m ?when ?series WHERE {
             ?m dip:status <https://w3id.org/kg-diplo/status/planned> ;
                schema:eventStatus schema:EventScheduled ;
                sem:hasTimeStamp ?when ; dip:series ?series .
           }""",
    )
    assert len(planned) == 1
    _, when, series = planned[0]
    assert when == Literal("2024-04", datatype=XSD.gYearMonth)
    assert series == URIRef(ID + "initiative/freedonia-sylvania-strategic-dialogue")


# -- statements ---------------------------------------------------------------------------


def test_statements(mapped: tuple[URIRef, Graph]) -> None:
    _, g = mapped
    rows = ask(
        g,
        """SELECT ?speaker ?recipient ?reply WHERE {
             ?s1 dip:act act:invite ; schema:agent ?a ; schema:recipient ?r .
             ?s2 dip:act act:appreciate ; dip:inResponseTo ?s1 ; schema:agent ?a2 .
             ?a schema:name ?speaker . ?r schema:name ?recipient . ?a2 schema:name ?reply .
           }""",
    )
    assert [tuple(map(str, row)) for row in rows] == [("Alice Example", "Bob Sample", "Bob Sample")]
    s3 = URIRef(ID + "statement/mfa-example-org-news-2024-03-05-talks-html-lang-en/s3")
    assert set(g.objects(s3, SCHEMA.agent)) == {
        URIRef(ID + "country/FRD"),
        URIRef(ID + "country/SYL"),
    }
    assert g.value(s3, SCHEMA.about) == URIRef(ID + "initiative/example-partnership-plan")
    assert g.value(s3, DIP.modality) == URIRef("https://w3id.org/kg-diplo/modality/asserted")
    s1 = URIRef(ID + "statement/mfa-example-org-news-2024-03-05-talks-html-lang-en/s1")
    assert g.value(s1, DIP.topic) == Literal("a visit to Freedonia")
    assert g.value(s1, DIP.atMeeting) == URIRef(
        ID + "meeting/mfa-example-org-news-2024-03-05-talks-html-lang-en/talks"
    )


# -- evidence -----------------------------------------------------------------------------


def test_every_fact_cites_a_span_quoting_the_text(mapped: tuple[URIRef, Graph]) -> None:
    name, g = mapped
    rows = ask(
        g,
        """SELECT ?fact ?start ?end ?exact ?src ?sentence WHERE {
             ?fact prov:wasDerivedFrom ?span .
             ?span a oa:SpecificResource ; oa:hasSource ?src ; dip:sentenceIndex ?sentence ;
                   oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                                  [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
           }""",
    )
    for _fact, start, end, exact, src, sentence in rows:
        assert src == name
        assert TEXT[int(start) : int(end)] == str(exact)  # type: ignore[call-overload]
        assert SENTENCES[int(sentence)] == str(exact)  # type: ignore[call-overload]
        assert start.datatype == XSD.nonNegativeInteger  # type: ignore[attr-defined]
    facts = {row[0] for row in rows}
    for cls in (DIP.Meeting, DIP.Statement, SCHEMA.Person, SCHEMA.Country, DIP.Initiative):
        for node in g.subjects(RDF.type, cls):
            assert node in facts, f"{node} cites no evidence"
    span = URIRef(ID + "span/mfa-example-org-news-2024-03-05-talks-html-lang-en/0-165")
    assert (span, OA.hasSelector, URIRef(span + "/position")) in g
    assert (span, OA.hasSelector, URIRef(span + "/quote")) in g


# -- determinism and the golden file ------------------------------------------------------


def test_mapping_is_deterministic(mapped: tuple[URIRef, Graph]) -> None:
    name, g = mapped
    name2, g2 = release_graph(small_facts(), software_version=VERSION)
    assert name2 == name
    assert isomorphic(g, g2)
    assert graph_to_nquads(name, g) == graph_to_nquads(name2, g2)


def test_nquads_are_sorted_and_load_into_oxigraph(mapped: tuple[URIRef, Graph]) -> None:
    name, g = mapped
    text = graph_to_nquads(name, g)
    lines = text.splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(g)
    assert all(line.endswith(f" <{name}> .") for line in lines)
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) == len(g)
    graphs = {quad.graph_name for quad in store}
    assert graphs == {pyoxigraph.NamedNode(str(name))}


def test_golden_file(mapped: tuple[URIRef, Graph]) -> None:
    """Compare with the reviewed golden N-Quads; KG_UPDATE_GOLDEN=1 rewrites the file."""
    name, g = mapped
    text = graph_to_nquads(name, g)
    if os.environ.get("KG_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    suffix = f" <{name}> ."
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert lines and all(line.endswith(suffix) for line in lines), f"{GOLDEN}: not graph {name}"
    golden = Graph().parse(
        data="".join(line[: -len(suffix)] + " .\n" for line in lines), format="nt"
    )
    assert isomorphic(golden, g), "the mapping changed; review and set KG_UPDATE_GOLDEN=1"
    assert GOLDEN.read_text(encoding="utf-8") == text


# -- input checks -------------------------------------------------------------------------


def _replace_first(facts: Facts, field: str, **changes: object) -> Facts:
    items = getattr(facts, field)
    return dataclasses.replace(
        facts, **{field: (dataclasses.replace(items[0], **changes), *items[1:])}
    )


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("statements", {"act": "threaten"}, "unknown speech act 'threaten'"),
        ("meetings", {"kind": "party"}, "unknown meeting kind 'party'"),
        ("initiatives", {"kind": "alliance"}, "unknown initiative kind 'alliance'"),
        ("meetings", {"status": "cancelled"}, "unknown meeting status 'cancelled'"),
        ("statements", {"speakers": (person("nobody"),)}, "unknown person 'nobody'"),
        ("statements", {"in_response_to": "s9"}, "unknown statement 's9'"),
        ("statements", {"about": ("nothing",)}, "unknown initiative 'nothing'"),
        ("meetings", {"part_of": "gala"}, "unknown meeting 'gala'"),
        ("meetings", {"date": PartialDate(2024, 2, 30)}, "day is out of range"),
        ("countries", {"iso3": "frd"}, "not an ISO 3166 alpha-3 code"),
        ("organizations", {"wikidata": "1065"}, "not a Wikidata item id"),
        ("people", {"evidence": (Evidence(0, 5, 5000, "x"),)}, "lies outside the text"),
    ],
)
def test_bad_input_raises_value_error(field: str, changes: dict[str, object], message: str) -> None:
    facts = _replace_first(small_facts(), field, **changes)
    with pytest.raises(ValueError, match=message) as info:
        release_graph(facts, software_version=VERSION)
    assert "releases/talks.html" in str(info.value)


# -- IRIs ---------------------------------------------------------------------------------


def test_slugify() -> None:
    assert iris.slugify("  São Tomé & Príncipe!  ") == "sao-tome-principe"
    assert iris.slugify("Minister of Foreign Affairs") == "minister-of-foreign-affairs"
    long = iris.slugify("word " * 40)
    assert len(long) <= 80
    assert long.startswith("word-word-")
    assert long[-9] == "-" and int(long[-8:], 16) >= 0
    assert iris.slugify("王毅") == iris.slugify("王毅") != iris.slugify("李强")
    assert iris.slugify("王毅").startswith("u-")
    with pytest.raises(ValueError):
        iris.slugify("   ")
    # idempotent, so a slug passed where a key is expected gives the same IRI
    for text in ("São Tomé", "word " * 40, "王毅", "PARIS_AGREEMENT"):
        assert iris.slugify(iris.slugify(text)) == iris.slugify(text)


def test_release_slug() -> None:
    assert iris.release_slug("https://www.mfa.gov.cn/eng/xw/202403/t2024_1.html") == (
        "www-mfa-gov-cn-eng-xw-202403-t2024-1-html"
    )
    assert iris.release_slug("http://x.org/a?id=7#frag") == "x-org-a-id-7"
    assert iris.release_slug("2024-03-05 talks.txt") == "2024-03-05-talks-txt"


def test_concept_and_entity_iris() -> None:
    assert iris.act_iri("request") == URIRef("https://w3id.org/kg-diplo/act/request")
    assert iris.meeting_kind_iri("call") == URIRef("https://w3id.org/kg-diplo/meeting-kind/call")
    assert iris.initiative_kind_iri("trade-agreement") == URIRef(
        "https://w3id.org/kg-diplo/initiative-kind/trade-agreement"
    )
    assert iris.status_iri("planned") == URIRef("https://w3id.org/kg-diplo/status/planned")
    assert iris.modality_iri("conditional") == URIRef(
        "https://w3id.org/kg-diplo/modality/conditional"
    )
    assert iris.wikidata_iri("Q148") == URIRef("http://www.wikidata.org/entity/Q148")
    assert iris.wikidata_iri("http://www.wikidata.org/entity/Q148") == iris.wikidata_iri("Q148")
    assert iris.post_iri("Foreign Minister") == URIRef(ID + "post/any/foreign-minister")
    assert iris.span_iri("a.txt", 3, 9) == URIRef(ID + "span/a-txt/3-9")
    assert iris.run_iri("1.0.0+dev") == URIRef(ID + "run/1.0.0%2Bdev")
    with pytest.raises(ValueError, match="unknown speech act"):
        iris.act_iri("Request")
