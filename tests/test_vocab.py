"""The closed namespaces in kg.vocab agree with ontology/diplo.ttl and ontology/shapes.ttl."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib import namespace as rdflib_namespace
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS

from kg import iris, vocab
from kg.resources import data_dir
from kg.vocab import DIP, OA, SCHEMA, SEM

ONTOLOGY = data_dir("ontology")
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDFS.Datatype,
}
SCHEMES = [
    (iris.ACT_SCHEME, vocab.ACTS),
    (iris.MEETING_KIND_SCHEME, vocab.MEETING_KINDS),
    (iris.STATUS_SCHEME, vocab.STATUSES),
    (iris.MODALITY_SCHEME, vocab.MODALITIES),
    (iris.INITIATIVE_KIND_SCHEME, vocab.INITIATIVE_KINDS),
]
PLOVER = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "diplo.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def namespace_terms(namespace: type) -> set[URIRef]:
    return {URIRef(str(namespace) + name) for name in namespace.__annotations__}


def declared_dip_terms(ontology: Graph) -> set[URIRef]:
    return {
        s
        for s, o in ontology.subject_objects(RDF.type)
        if isinstance(s, URIRef) and s.startswith(str(DIP)) and o in DECLARATION_TYPES
    }


def test_python_namespace_matches_ontology(ontology: Graph) -> None:
    in_python = namespace_terms(DIP)
    declared = declared_dip_terms(ontology)
    assert in_python - declared == set(), "used in kg.vocab.DIP but not declared in diplo.ttl"
    assert declared - in_python == set(), "declared in diplo.ttl but missing from kg.vocab.DIP"


def test_ontology_uses_only_declared_dip_terms(ontology: Graph) -> None:
    used = {
        term
        for triple in ontology
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(DIP))
    }
    assert used <= declared_dip_terms(ontology)


def test_every_dip_term_is_documented_and_linked(ontology: Graph) -> None:
    for term in declared_dip_terms(ontology):
        assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"
        kinds = set(ontology.objects(term, RDF.type))
        if OWL.Class in kinds:
            parents = set(ontology.objects(term, RDFS.subClassOf))
            assert any(not p.startswith(str(DIP)) for p in parents), f"{term}: no reused parent"
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert ontology.value(term, RDFS.domain) is not None, f"{term} has no domain"
            assert ontology.value(term, RDFS.range) is not None, f"{term} has no range"


@pytest.mark.parametrize("namespace", [DIP, SEM, OA, SCHEMA])
def test_misspelt_term_raises(namespace: type) -> None:
    with pytest.raises(AttributeError):
        _ = namespace.Meting  # type: ignore[attr-defined]


def test_schema_terms_exist_in_schema_org() -> None:
    # rdflib's SDO lists every schema.org term but accepts any name; it warns when pytest
    # probes module attributes, so it is reached through the module here.
    assert namespace_terms(SCHEMA) <= namespace_terms(rdflib_namespace.SDO)


def test_shapes_parse_and_declare_node_shapes(shapes: Graph) -> None:
    assert len(list(shapes.subjects(RDF.type, SH.NodeShape))) >= 10


def test_fixed_sets() -> None:
    assert len(vocab.ACTS) == 16 and len(set(vocab.ACTS)) == 16
    assert vocab.ACTS[0] == "agree" and vocab.ACTS[-1] == "offer"
    assert vocab.STATUSES == ("held", "planned")
    assert vocab.MODALITIES == ("asserted", "conditional")
    assert len(vocab.MEETING_KINDS) == 9
    assert len(vocab.INITIATIVE_KINDS) == 16


@pytest.mark.parametrize(("scheme", "names"), SCHEMES)
def test_concept_schemes_have_exactly_the_fixed_sets(
    ontology: Graph, scheme: URIRef, names: tuple[str, ...]
) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    assert ontology.value(scheme, SKOS.prefLabel) is not None
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts == {URIRef(f"{scheme}/{name}") for name in names}
    for name in names:
        concept = URIRef(f"{scheme}/{name}")
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert (concept, SKOS.topConceptOf, scheme) in ontology
        assert list(ontology.objects(concept, SKOS.prefLabel)) == [Literal(name, lang="en")]
        assert ontology.value(concept, SKOS.definition) is not None, f"{concept}: no definition"


def test_acts_carry_cameo_and_plover(ontology: Graph) -> None:
    for name in vocab.ACTS:
        concept = iris.act_iri(name)
        notations = list(ontology.objects(concept, SKOS.notation))
        assert len(notations) == 1, f"{name}: expected one CAMEO code"
        (code,) = notations
        assert isinstance(code, Literal) and code.datatype == DIP.CAMEO
        assert re.fullmatch(r"[0-9]{3}", str(code)), f"{name}: CAMEO code {code!r}"
        for plover in ontology.objects(concept, DIP.plover):
            assert str(plover) in PLOVER, f"{name}: unknown PLOVER type {plover}"
    assert str(ontology.value(iris.act_iri("request"), SKOS.notation)) == "020"
    assert str(ontology.value(iris.act_iri("condemn"), SKOS.notation)) == "111"


def _sh_in(shapes: Graph, path: URIRef) -> set[URIRef]:
    lists = [
        set(Collection(shapes, head))
        for shape in shapes.subjects(SH.path, path)
        for head in shapes.objects(shape, SH["in"])
    ]
    assert len(lists) == 1, f"expected one sh:in on {path}"
    return lists[0]  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("path", "scheme", "names"),
    [
        (DIP.act, iris.ACT_SCHEME, vocab.ACTS),
        (DIP.meetingKind, iris.MEETING_KIND_SCHEME, vocab.MEETING_KINDS),
        (DIP.status, iris.STATUS_SCHEME, vocab.STATUSES),
        (DIP.modality, iris.MODALITY_SCHEME, vocab.MODALITIES),
        (DIP.initiativeKind, iris.INITIATIVE_KIND_SCHEME, vocab.INITIATIVE_KINDS),
    ],
)
def test_shapes_allow_exactly_the_scheme_concepts(
    shapes: Graph, path: URIRef, scheme: URIRef, names: tuple[str, ...]
) -> None:
    assert _sh_in(shapes, path) == {URIRef(f"{scheme}/{name}") for name in names}


def test_shapes_use_only_declared_dip_terms(ontology: Graph, shapes: Graph) -> None:
    used = {
        term
        for triple in shapes
        for term in triple
        if isinstance(term, URIRef) and term.startswith(str(DIP))
    }
    assert used <= declared_dip_terms(ontology)
