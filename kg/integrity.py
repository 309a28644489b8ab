"""``kg check``: is every graph in the store whole, and every release graph valid?

A graph is whole when it carries its completeness marker (:mod:`kg.completeness`) and
holds exactly as many quads as the marker says. A release graph must also have its
release node with provenance and a text that matches its content hash, and must pass the
SHACL gate as it reads back from the store (Oxigraph stores some literals in a normal
form, which the shapes accept). A batch the journal says was interrupted is reported too:
the next writer drops it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import PROV, SH, XSD
from rdflib.term import Node

from kg.completeness import QUADS
from kg.iris import ID
from kg.store import JOURNAL, EmbeddedStore
from kg.validate import ShapeGate, format_violations
from kg.vocab import DIP, SCHEMA

RELEASE_GRAPHS = ID + "release/"
_STRING = XSD.string
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Finding:
    """One problem: the graph (or the store folder) it is about, and what to do."""

    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


@dataclass
class CheckReport:
    graphs: int = 0
    releases: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def check_store(store: EmbeddedStore, gate: ShapeGate | None = None) -> CheckReport:
    """Check every named graph of ``store``; SHACL-validate release graphs when ``gate`` is given."""
    report = CheckReport()
    journal = store.path / JOURNAL
    if not store.snapshot and journal.is_file():
        pending = journal.read_text(encoding="utf-8").split()
        report.findings.append(
            Finding(
                str(store.path),
                f"an interrupted ingest left a batch of {len(pending)} release(s) half written; the "
                "next command that opens the store alone drops them: ingest them again",
            )
        )
    for graph in store.graphs():
        report.graphs += 1
        is_release = graph.startswith(RELEASE_GRAPHS)
        report.releases += is_release
        problems = check_graph(store, graph, gate if is_release else None)
        report.findings.extend(Finding(graph, problem) for problem in problems)
    return report


def check_graph(store: EmbeddedStore, graph: str, gate: ShapeGate | None) -> Iterator[str]:
    """The problems of one graph, each a sentence that ends with what to do."""
    quads = list(store.quads(graph))
    marker = store.graph_value(graph, QUADS)
    again = "ingest the release again" if graph.startswith(RELEASE_GRAPHS) else "write it again"
    held = len(quads)
    if marker is None:
        yield f"incomplete: no completeness marker, so its write was cut short (or predates it); {again}"
    elif not marker.isdigit():
        yield f"its completeness marker {marker!r} is not a count; {again}"
    elif int(marker) > held:
        yield f"incomplete: it holds {held} of the {marker} quads it was written with; {again}"
    elif int(marker) < held:
        yield f"it holds {held} quads but was written with {marker}: it was changed since; {again}"
    if graph.startswith(RELEASE_GRAPHS):
        triples = [(_term(q.subject), _term(q.predicate), _term(q.object)) for q in quads]
        yield from _release_problems(graph, triples, again)
        if gate is not None:
            violations = [v for v in gate.violations(triples) if v.severity == SH.Violation]
            if violations:
                lines = format_violations(violations).splitlines()
                yield f"fails the SHACL shapes: {'; '.join(line.lstrip('- ') for line in lines)}; {again}"


def _release_problems(graph: str, triples: Iterable[tuple[Node, Node, Node]], again: str) -> Iterator[str]:
    node = URIRef(graph)
    values: dict[Node, list[Node]] = {}
    for s, p, o in triples:
        if s == node:
            values.setdefault(p, []).append(o)
    if DIP.Release not in values.get(RDF.type, []):
        yield f"its release node is missing (no {graph} a dip:Release); {again}"
        return
    if not values.get(PROV.wasGeneratedBy):
        yield f"its release has no provenance (prov:wasGeneratedBy); {again}"
    texts = values.get(SCHEMA.text, [])
    hashes = values.get(DIP.contentSha256, [])
    if len(texts) != 1:
        yield f"its release has {len(texts)} texts (schema:text), not one; {again}"
    elif hashes and hashlib.sha256(str(texts[0]).encode("utf-8")).hexdigest() != str(hashes[0]):
        yield f"its text does not match its content hash (dip:contentSha256): it was altered; {again}"


def _term(term: object) -> Node:
    """A pyoxigraph term as the rdflib term the mapping made (plain literals stay plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Literal(term.value, lang=term.language)
        if datatype in {str(_STRING), _LANG_STRING}:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")
