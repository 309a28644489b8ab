"""The SHACL gate: the mapped graph conforms; broken graphs and shapes files are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from test_mapping import ID, VERSION, small_facts

from kg.errors import DataFileError, ValidationFailed
from kg.mapping import graph_to_nquads, release_graph
from kg.validate import MAX_REPORTED, ShapeGate
from kg.vocab import DIP, SCHEMA

SOURCE = "releases/talks.html"
STATEMENT = "statement/mfa-example-org-news-2024-03-05-talks-html-lang-en/s1"
MEETING = "meeting/mfa-example-org-news-2024-03-05-talks-html-lang-en/talks"


@pytest.fixture(scope="module")
def gate() -> ShapeGate:
    return ShapeGate()


def small_graph() -> Graph:
    return release_graph(small_facts(), software_version=VERSION)[1]


def test_mapped_small_graph_conforms(gate: ShapeGate) -> None:
    graph = small_graph()
    before = graph_to_nquads(graph.identifier, graph)  # type: ignore[arg-type]
    gate.check(graph, SOURCE)
    assert graph_to_nquads(graph.identifier, graph) == before  # type: ignore[arg-type]


def test_missing_person_name_is_refused(gate: ShapeGate) -> None:
    graph = small_graph()
    graph.remove((URIRef(ID + "person/alice-example"), SCHEMA.name, None))
    with pytest.raises(ValidationFailed) as info:
        gate.check(graph, SOURCE)
    assert info.value.source == SOURCE
    assert SOURCE in str(info.value)
    assert "kgid:person/alice-example schema:name" in info.value.report
    assert "exactly one name" in info.value.report


def test_missing_statement_act_is_refused(gate: ShapeGate) -> None:
    graph = small_graph()
    graph.remove((URIRef(ID + STATEMENT), DIP.act, None))
    with pytest.raises(ValidationFailed) as info:
        gate.check(graph, SOURCE)
    assert f"kgid:{STATEMENT} dip:act" in info.value.report
    assert "16 speech acts" in info.value.report


def test_unknown_meeting_status_is_refused(gate: ShapeGate) -> None:
    graph = small_graph()
    meeting = URIRef(ID + MEETING)
    graph.set((meeting, DIP.status, URIRef("https://w3id.org/kg-diplo/status/cancelled")))
    with pytest.raises(ValidationFailed) as info:
        gate.check(graph, SOURCE)
    report = info.value.report
    assert f"kgid:{MEETING} dip:status" in report
    assert "held or planned" in report
    assert "status/cancelled" in report


def test_report_is_short(gate: ShapeGate) -> None:
    graph = Graph()
    for i in range(30):
        graph.add((URIRef(f"{ID}statement/x/{i}"), RDF.type, DIP.Statement))
    with pytest.raises(ValidationFailed) as info:
        gate.check(graph, "many.txt")
    lines = info.value.report.splitlines()
    assert len(lines) == MAX_REPORTED + 1
    assert lines[-1].startswith("... and ")


def test_broken_shapes_file_raises_data_file_error(tmp_path: Path) -> None:
    broken = tmp_path / "shapes.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n")
    with pytest.raises(DataFileError, match=str(broken)):
        ShapeGate(broken)


def test_missing_or_empty_shapes_file_raises_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        ShapeGate(tmp_path / "nowhere.ttl")
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    with pytest.raises(DataFileError, match="no sh:NodeShape"):
        ShapeGate(empty)


def test_malformed_shape_raises_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n"
        '  sh:property [ sh:path ex:p ; sh:minCount "one" ] .\n'
    )
    with pytest.raises(DataFileError, match=str(bad)):
        ShapeGate(bad)
