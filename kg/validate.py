"""The SHACL gate: a release graph that does not conform to ``ontology/shapes.ttl`` is not stored.

Each release graph is small, so validating it on rdflib's memory store is fast; validate
per release, never the whole store.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, SH

from kg.errors import DataFileError, ValidationFailed
from kg.iris import BASE, ID
from kg.resources import data_dir
from kg.vocab import DIP, OA, SCHEMA, SEM

__all__ = ["ShapeGate"]

#: At most this many violations are listed in a report; the rest are counted.
MAX_REPORTED = 20

# Prefixes for readable node names in reports, longest namespace first.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("kgid", ID),
    ("dip", str(DIP)),
    ("schema", str(SCHEMA)),
    ("sem", str(SEM)),
    ("oa", str(OA)),
    ("org", str(ORG)),
    ("prov", str(PROV)),
    ("dcterms", str(DCTERMS)),
    ("owl", str(OWL)),
    ("rdfs", str(RDFS)),
    ("kg", BASE),
)


class ShapeGate:
    """Loads the SHACL shapes once and checks release graphs against them."""

    def __init__(self, shapes_path: Path | None = None) -> None:
        path = shapes_path if shapes_path is not None else data_dir("ontology") / "shapes.ttl"
        self.path = path
        shapes = Graph()
        try:
            shapes.parse(path, format="turtle")
        except FileNotFoundError as exc:
            raise DataFileError(f"{path}: the SHACL shapes file does not exist") from exc
        except Exception as exc:  # rdflib raises many kinds of parse errors
            raise DataFileError(
                f"{path}: cannot read the SHACL shapes as Turtle: {exc} (fix the syntax)"
            ) from exc
        if (None, RDF.type, SH.NodeShape) not in shapes:
            raise DataFileError(f"{path}: no sh:NodeShape found; is this a SHACL shapes file?")
        self._shapes = shapes
        # pySHACL reads a constraint only when a shape has focus nodes: run once on a probe
        # graph that gives every shape one, so that a malformed shape (a bad sh:path,
        # sh:minCount "one") is reported now, naming the file, not at the first release.
        try:
            self._validate(_probe_graph(shapes))
        except Exception as exc:
            raise DataFileError(f"{path}: the SHACL shapes are not valid: {exc}") from exc

    def _validate(self, graph: Graph) -> tuple[bool, Graph]:
        conforms, report, _text = pyshacl.validate(
            graph,
            shacl_graph=self._shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            allow_infos=True,
        )
        if not isinstance(report, Graph):
            raise RuntimeError(f"pySHACL gave no report graph: {report!r}")
        return bool(conforms), report

    def check(self, graph: Graph, source: str) -> None:
        """Raise :class:`ValidationFailed` (naming ``source``) if ``graph`` does not conform."""
        try:
            conforms, report = self._validate(graph)
        except Exception as exc:  # pySHACL can fail on ill-typed literals
            raise ValidationFailed(
                source, f"- pySHACL could not check the graph: {type(exc).__name__}: {exc}"
            ) from exc
        if not conforms:
            raise ValidationFailed(source, format_report(report))


def _probe_graph(shapes: Graph) -> Graph:
    """A graph with one focus node for every target of the shapes."""
    probe = Graph()
    for i, cls in enumerate(sorted(set(shapes.objects(None, SH.targetClass)), key=str)):
        probe.add((URIRef(f"urn:kg:probe:class:{i}"), RDF.type, cls))
    for i, prop in enumerate(sorted(set(shapes.objects(None, SH.targetSubjectsOf)), key=str)):
        if isinstance(prop, URIRef):
            probe.add((URIRef(f"urn:kg:probe:subject:{i}"), prop, URIRef("urn:kg:probe:o")))
    for i, prop in enumerate(sorted(set(shapes.objects(None, SH.targetObjectsOf)), key=str)):
        if isinstance(prop, URIRef):
            probe.add((URIRef("urn:kg:probe:s"), prop, URIRef(f"urn:kg:probe:object:{i}")))
    return probe


def format_report(report: Graph) -> str:
    """A short readable report: one line per violation (focus node, path, message)."""
    lines: list[str] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        focus = _short(report.value(result, SH.focusNode))
        path = _short(report.value(result, SH.resultPath))
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        text = str(message) if message is not None else "violates a shape"
        line = f"- {focus} {path}: {text}"
        if value is not None:
            line += f" (value: {_short(value)})"
        lines.append(line)
    lines = sorted(set(lines))
    if len(lines) > MAX_REPORTED:
        hidden = len(lines) - MAX_REPORTED
        lines = [*lines[:MAX_REPORTED], f"... and {hidden} more violation(s)"]
    return "\n".join(lines) if lines else "(no violation details in the report)"


def _short(node: Node | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        for prefix, namespace in _PREFIXES:
            if node.startswith(namespace) and len(node) > len(namespace):
                return prefix + ":" + node[len(namespace) :]
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node)
        return repr(text if len(text) <= 60 else text[:57] + "...")
    return str(node)
