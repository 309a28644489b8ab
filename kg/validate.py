"""The SHACL gate: a release graph that does not conform to ``ontology/shapes.ttl`` is not stored.

The shapes are compiled once to Python checks (:mod:`kg.shacl`), which validate a release
graph in well under a millisecond and report the same results as pySHACL; a shapes file
that uses SHACL beyond what they implement is validated by pySHACL instead (about 80 ms
per release). Validate per release, never the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, SH

from kg.errors import DataFileError, ValidationFailed
from kg.iris import BASE, ID
from kg.resources import data_dir
from kg.shacl import CompiledShapes, ShapeError, Unsupported, Violation, compile_shapes
from kg.vocab import DIP, OA, SCHEMA, SEM

__all__ = ["ENGINES", "ShapeGate", "format_violations"]

#: At most this many violations are listed in a report; the rest are counted.
MAX_REPORTED = 20

#: ``auto`` compiles the shapes and falls back to pySHACL when they use more than the
#: compiled checks implement; ``compiled`` refuses such shapes; ``pyshacl`` always runs pySHACL.
ENGINES = ("auto", "compiled", "pyshacl")

Triples = Iterable[tuple[Node, Node, Node]]

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
    """Loads the SHACL shapes once and checks release graphs against them.

    A gate pickles as its shapes path and engine, so worker processes rebuild it.
    """

    def __init__(self, shapes_path: Path | None = None, *, engine: str = "auto") -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
        path = shapes_path if shapes_path is not None else data_dir("ontology") / "shapes.ttl"
        self.path = path
        self.requested_engine = engine
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
        self._compiled: CompiledShapes | None = None
        if engine != "pyshacl":
            try:
                self._compiled = compile_shapes(shapes)
            except ShapeError as exc:
                raise DataFileError(f"{path}: the SHACL shapes are not valid: {exc}") from exc
            except Unsupported as exc:
                if engine == "compiled":
                    raise DataFileError(
                        f"{path}: the compiled checks cannot run these shapes: {exc}"
                    ) from exc
        if self._compiled is None:
            # pySHACL reads a constraint only when a shape has focus nodes: run once on a
            # probe graph that gives every shape one, so that a malformed shape (a bad
            # sh:path, sh:minCount "one") is reported now, naming the file.
            try:
                self._pyshacl(_probe_graph(shapes))
            except Exception as exc:
                raise DataFileError(f"{path}: the SHACL shapes are not valid: {exc}") from exc

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.path, self.requested_engine))

    @property
    def engine(self) -> str:
        """The engine in use: ``compiled`` or ``pyshacl``."""
        return "compiled" if self._compiled is not None else "pyshacl"

    def violations(self, triples: Triples) -> list[Violation]:
        """Every validation result for the graph made of ``triples`` (any severity)."""
        if self._compiled is not None:
            return self._compiled.validate(triples)
        graph = triples if isinstance(triples, Graph) else _graph(triples)
        return self._pyshacl(graph)

    def check(self, triples: Triples, source: str) -> None:
        """Raise :class:`ValidationFailed` (naming ``source``) if the graph does not conform."""
        try:
            found = self.violations(triples)
        except Exception as exc:  # pySHACL can fail on ill-typed literals
            raise ValidationFailed(
                source, f"- the SHACL gate could not check the graph: {type(exc).__name__}: {exc}"
            ) from exc
        if any(v.severity == SH.Violation for v in found):
            raise ValidationFailed(source, format_violations(found))

    def _pyshacl(self, graph: Graph) -> list[Violation]:
        import pyshacl

        _conforms, report, _text = pyshacl.validate(
            graph,
            shacl_graph=self._shapes,
            inference="none",
            advanced=False,
            allow_warnings=True,
            allow_infos=True,
        )
        if not isinstance(report, Graph):
            raise RuntimeError(f"pySHACL gave no report graph: {report!r}")
        return _report_violations(report)


def _rebuild(path: Path, engine: str) -> ShapeGate:
    return ShapeGate(path, engine=engine)


def _graph(triples: Triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _report_violations(report: Graph) -> list[Violation]:
    """pySHACL's report graph as :class:`Violation` records."""
    found: dict[Violation, None] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        focus = report.value(result, SH.focusNode)
        component = report.value(result, SH.sourceConstraintComponent)
        assert focus is not None and isinstance(component, URIRef)
        violation = Violation(
            focus,
            report.value(result, SH.resultPath),
            report.value(result, SH.value),
            component,
            messages[0] if messages else "",
            report.value(result, SH.resultSeverity) or SH.Violation,  # type: ignore[arg-type]
        )
        found[violation] = None
    return list(found)


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


def format_violations(violations: Iterable[Violation]) -> str:
    """A short readable report: one line per violation (focus node, path, message, value)."""
    lines: list[str] = []
    for violation in violations:
        if violation.severity != SH.Violation:
            continue
        text = violation.message or "violates a shape"
        line = f"- {_short(violation.focus)} {_short(violation.path)}: {text}"
        if violation.value is not None:
            line += f" (value: {_short(violation.value)})"
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
