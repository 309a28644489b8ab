"""The compiled SHACL checks reject exactly what pySHACL rejects, with the same results.

A fixed, deterministic set of broken graphs is made from a mapped release graph: every
predicate in turn dropped, doubled, or given a value of the wrong kind (a plain string, a
language-tagged string, an unknown IRI, a blank node, a negative number, an empty string,
an ill-typed date), every class assertion removed, a subject turned into a blank node,
and instances of a subclass declared in the data. Both engines must give the same set of
validation results (focus node, path, value, constraint component, message, severity)
for each graph, and so the same verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node
from test_mapping import ID, VERSION, XSD, small_facts

from kg.errors import DataFileError, ValidationFailed
from kg.mapping import release_triples
from kg.validate import ShapeGate
from kg.vocab import DIP, SCHEMA

Triple = tuple[Node, Node, Node]


@pytest.fixture(scope="module")
def gates() -> tuple[ShapeGate, ShapeGate]:
    compiled, reference = ShapeGate(engine="compiled"), ShapeGate(engine="pyshacl")
    assert (compiled.engine, reference.engine) == ("compiled", "pyshacl")
    return compiled, reference


def _base() -> list[Triple]:
    return sorted(
        release_triples(small_facts(), software_version=VERSION)[1], key=lambda t: tuple(map(str, t))
    )


def _other(value: Node) -> Node:
    if isinstance(value, Literal):
        return Literal(str(value) + "7", datatype=value.datatype, lang=value.language)
    return URIRef(str(value) + "-other")


def broken_graphs() -> Iterator[tuple[str, list[Triple]]]:
    base = _base()
    first: dict[Node, Triple] = {}
    for triple in base:
        first.setdefault(triple[1], triple)
    for _, (s, p, o) in sorted(first.items(), key=lambda item: str(item[0])):
        rest = [t for t in base if t != (s, p, o)]
        yield f"drop {p} of {s}", [t for t in base if not (t[0] == s and t[1] == p)]
        yield f"second {p}", [*base, (s, p, _other(o))]
        wrong: dict[str, Node] = {
            "string": Literal("x"),
            "language": Literal(str(o), lang="en"),
            "iri": URIRef(ID + "nothing/here"),
            "blank": BNode("b0"),
            "negative": Literal(-1),
            "empty": Literal(""),
            "bad-date": Literal("2024-02-30", datatype=XSD.date),
        }
        for kind, value in wrong.items():
            yield f"{kind} {p}", [*rest, (s, p, value)]
    for s, _, cls in sorted({t for t in base if t[1] == RDF.type}, key=lambda t: (str(t[2]), str(t[0]))):
        yield f"untyped {s} {cls}", [t for t in base if t != (s, RDF.type, cls)]
    release = next(s for s, p, o in base if p == RDF.type and o == DIP.Release)
    blank = BNode("release")
    yield "blank release", [tuple(blank if n == release else n for n in t) for t in base]  # type: ignore[misc]
    sub = URIRef(ID + "class/talks")
    yield (
        "subclass instance",
        [*base, (sub, RDFS.subClassOf, DIP.Meeting), (URIRef(ID + "m/x"), RDF.type, sub)],
    )
    yield (
        "subclass value",
        [
            *[t for t in base if t[2] != SCHEMA.Person],
            *[(t[0], RDF.type, sub) for t in base if t[2] == SCHEMA.Person],
            (sub, RDFS.subClassOf, SCHEMA.Person),
        ],
    )


def test_compiled_checks_reject_exactly_what_pyshacl_rejects(gates: tuple[ShapeGate, ShapeGate]) -> None:
    compiled, reference = gates
    verdicts = []
    for label, triples in broken_graphs():
        fast, slow = set(compiled.violations(triples)), set(reference.violations(triples))
        assert fast == slow, f"{label}: only compiled {fast - slow}; only pySHACL {slow - fast}"
        verdicts.append(any(v.severity == SH.Violation for v in slow))
    assert sum(verdicts) >= 150, "the broken graphs should mostly be broken"
    assert not all(verdicts), "some changes keep a graph valid; both engines must accept those"


def test_mapped_graph_conforms_on_both_engines(gates: tuple[ShapeGate, ShapeGate]) -> None:
    for gate in gates:
        assert gate.violations(_base()) == []
        gate.check(_base(), "talks.html")


def test_report_names_the_release_and_the_violation(gates: tuple[ShapeGate, ShapeGate]) -> None:
    person = URIRef(ID + "person/alice-example")
    triples = [t for t in _base() if t[:2] != (person, SCHEMA.name)]
    reports = []
    for gate in gates:
        with pytest.raises(ValidationFailed) as info:
            gate.check(triples, "talks.html")
        reports.append(info.value.report)
    assert reports[0] == reports[1]
    assert "kgid:person/alice-example schema:name: A person has exactly one name" in reports[0]


SHAPES_HEAD = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"


def test_shapes_beyond_the_compiled_checks_fall_back_to_pyshacl(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .\n", encoding="utf-8"
    )
    assert ShapeGate(shapes).engine == "pyshacl"
    with pytest.raises(DataFileError, match="shacl#closed"):
        ShapeGate(shapes, engine="compiled")


def test_malformed_counts_are_refused_by_the_compiler(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SHAPES_HEAD
        + 'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "one" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="must be an integer"):
        ShapeGate(shapes, engine="compiled")


def test_gate_pickles_as_its_shapes_path() -> None:
    import pickle

    gate = pickle.loads(pickle.dumps(ShapeGate()))
    assert gate.engine == "compiled" and gate.path.name == "shapes.ttl"
