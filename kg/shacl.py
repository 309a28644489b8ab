"""SHACL Core shapes compiled to Python checks: the gate's fast path.

pySHACL spends ~80 ms on a release graph of ~250 triples, far more than reading, extracting
and mapping it. The shapes kg uses need only a small part of SHACL Core (targets by class
or by property, simple predicate paths, counts, datatypes, node kinds, classes, value
lists, patterns, lengths, ranges, ``sh:or``/``sh:node``/qualified value shapes), so
:func:`compile_shapes` turns ``shapes.ttl`` into closures that check an indexed release
graph in well under a millisecond, and returns the same validation results pySHACL gives
(focus node, path, value, constraint component, message): ``tests/test_fast_validation.py``
checks that on a set of broken graphs. A shapes file that uses anything else raises
:class:`Unsupported`, and the gate falls back to pySHACL for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

__all__ = ["CompiledShapes", "Unsupported", "Violation", "compile_shapes"]


class Unsupported(Exception):
    """The shapes use a SHACL feature the compiled checks do not implement."""


class ShapeError(ValueError):
    """A shape is malformed (a count that is not an integer, a list that is not a list)."""


@dataclass(frozen=True)
class Violation:
    """One validation result, as pySHACL reports it."""

    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    message: str
    severity: URIRef = SH.Violation


# Terms the per-value checks compare against, looked up once: each attribute access on an
# rdflib namespace runs its membership checks and builds a new URIRef.
_TYPE, _SUBCLASS_OF, _LANG_STRING = RDF.type, RDFS.subClassOf, RDF.langString
_RDFS_LITERAL, _RDFS_DATATYPE, _XSD_STRING = RDFS.Literal, RDFS.Datatype, XSD.string


class Data:
    """One data graph indexed by subject and predicate, with class membership."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.out: dict[Node, dict[Node, list[Node]]] = {}
        self.by_predicate: dict[Node, list[tuple[Node, Node]]] = {}
        self._superclasses: dict[Node, set[Node]] = {}
        for s, p, o in triples:
            values = self.out.setdefault(s, {}).setdefault(p, [])
            if o not in values:
                values.append(o)
                self.by_predicate.setdefault(p, []).append((s, o))

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        return self.out.get(subject, {}).get(predicate, [])

    def superclasses(self, cls: Node) -> set[Node]:
        """``cls`` and everything it is an rdfs:subClassOf, transitively, in this graph."""
        known = self._superclasses.get(cls)
        if known is not None:
            return known
        seen, todo = {cls}, [cls]
        while todo:
            for parent in self.objects(todo.pop(), _SUBCLASS_OF):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        self._superclasses[cls] = seen
        return seen

    def has_class(self, node: Node, cls: Node) -> bool:
        if isinstance(node, Literal):
            return False
        types = self.objects(node, _TYPE)
        if cls in types:
            return True
        return any(cls in self.superclasses(t) for t in types)

    def instances(self, cls: Node) -> Iterator[Node]:
        classes = {cls}
        if _SUBCLASS_OF in self.by_predicate:
            classes = {c for c, _ in self.by_predicate[_SUBCLASS_OF] if cls in self.superclasses(c)}
            classes.add(cls)
        for s, o in self.by_predicate.get(_TYPE, []):
            if o in classes:
                yield s


# A check of one focus node and its value nodes: yields (value or None, component) for
# each failure. ``conforms`` decides whether a node conforms to a whole shape (sh:or).
Check = Callable[[Data, Node, list[Node]], Iterator[tuple[Node | None, URIRef]]]


@dataclass
class Shape:
    node: Node
    path: URIRef | None
    message: str
    severity: URIRef
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    generic: dict[URIRef, str] = field(default_factory=dict)

    def values(self, data: Data, focus: Node) -> list[Node]:
        return [focus] if self.path is None else data.objects(focus, self.path)

    def violations(self, data: Data, focus: Node) -> Iterator[Violation]:
        values = self.values(data, focus)
        for check in self.checks:
            for value, component in check(data, focus, values):
                yield Violation(
                    focus, self.path, value, component, self.message_for(component), self.severity
                )
        for prop in self.properties:
            yield from prop.violations(data, focus)

    def conforms(self, data: Data, focus: Node) -> bool:
        return next(self.violations(data, focus), None) is None

    def message_for(self, component: URIRef) -> str:
        """The shape's sh:message, else pySHACL's wording for the component."""
        return self.message or self.generic.get(component, f"violates {component.n3()}")


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# Shape parameters handled here; any other sh: predicate on a shape is unsupported.
_KNOWN = frozenset(
    {
        *_TARGETS,
        SH.property, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order,
        SH.group, SH.deactivated, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind,
        SH["class"], SH["in"], SH.pattern, SH.flags, SH.minLength, SH.maxLength,
        SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH["or"], SH.node,
        SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
        SH.qualifiedValueShapesDisjoint,
    }
)  # fmt: skip


@dataclass(frozen=True)
class CompiledShapes:
    """The target shapes of a shapes graph, ready to check data graphs."""

    shapes: tuple[tuple[tuple[tuple[URIRef, Node], ...], Shape], ...]

    def validate(self, triples: Iterable[tuple[Node, Node, Node]]) -> list[Violation]:
        data = Data(triples)
        found: dict[Violation, None] = {}
        for targets, shape in self.shapes:
            for focus in _focus_nodes(data, targets):
                for violation in shape.violations(data, focus):
                    found[violation] = None
        return list(found)


def _focus_nodes(data: Data, targets: tuple[tuple[URIRef, Node], ...]) -> dict[Node, None]:
    nodes: dict[Node, None] = {}
    for kind, value in targets:
        if kind == SH.targetClass:
            nodes.update(dict.fromkeys(data.instances(value)))
        elif kind == SH.targetNode:
            nodes[value] = None
        elif kind == SH.targetSubjectsOf:
            nodes.update(dict.fromkeys(s for s, _ in data.by_predicate.get(value, [])))
        else:
            nodes.update(dict.fromkeys(o for _, o in data.by_predicate.get(value, [])))
    return nodes


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile every shape with targets; raise :class:`Unsupported` or :class:`ShapeError`."""
    compiler = _Compiler(shapes)
    compiled = []
    roots = sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str)
    for node in roots:
        if _is_true(shapes.value(node, SH.deactivated)):
            continue
        targets = tuple(sorted(((t, o) for t in _TARGETS for o in shapes.objects(node, t)), key=str))
        compiled.append((targets, compiler.shape(node)))
    for node in shapes.subjects(RDF.type, RDFS.Class):
        if (node, RDF.type, SH.NodeShape) in shapes:
            raise Unsupported(f"implicit class target of {node}")
    return CompiledShapes(tuple(compiled))


def _is_true(value: Node | None) -> bool:
    return isinstance(value, Literal) and value.value is True


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.done: dict[Node, Shape] = {}

    def one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.graph.objects(node, predicate))
        if len(values) > 1:
            raise Unsupported(f"shape {node} has {len(values)} values of {predicate}")
        return values[0] if values else None

    def integer(self, node: Node, predicate: URIRef) -> int | None:
        value = self.one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or type(value.value) is not int:
            raise ShapeError(f"shape {node}: {predicate} must be an integer, not {value.n3()}")
        return value.value

    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        unknown = {p for p in self.graph.predicates(node, None) if str(p).startswith(str(SH))} - _KNOWN
        if unknown:
            raise Unsupported(f"shape {node} uses {', '.join(sorted(map(str, unknown)))}")
        path = self.one(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported(f"shape {node} has a complex sh:path")
        message = self.one(node, SH.message)
        severity = self.one(node, SH.severity) or SH.Violation
        shape = Shape(node, path, str(message) if message is not None else "", severity)  # type: ignore[arg-type]
        self.done[node] = shape
        shape.checks = list(self.checks(node))
        kind = self.one(node, SH.nodeKind)
        if isinstance(kind, URIRef):
            qname = self.graph.namespace_manager.normalizeUri(kind)
            shape.generic[SH.NodeKindConstraintComponent] = f"Value is not of Node Kind {qname}"
        for prop in sorted(self.graph.objects(node, SH.property), key=str):
            if not _is_true(self.graph.value(prop, SH.deactivated)):
                shape.properties.append(self.shape(prop))
        return shape

    def checks(self, node: Node) -> Iterator[Check]:
        min_count, max_count = self.integer(node, SH.minCount), self.integer(node, SH.maxCount)
        if min_count is not None:
            yield _count(lambda n: n < min_count, SH.MinCountConstraintComponent)
        if max_count is not None:
            yield _count(lambda n: n > max_count, SH.MaxCountConstraintComponent)
        for predicate, make in _VALUE_CHECKS.items():
            value = self.one(node, predicate)
            if value is not None:
                yield _each(make(self, node, value), _COMPONENTS[predicate])
        qualified = self.one(node, SH.qualifiedValueShape)
        if qualified is not None:
            yield self.qualified(node, self.shape(qualified))

    def qualified(self, node: Node, inner: Shape) -> Check:
        if _is_true(self.one(node, SH.qualifiedValueShapesDisjoint)):
            raise Unsupported(f"shape {node} uses sh:qualifiedValueShapesDisjoint")
        low, high = self.integer(node, SH.qualifiedMinCount), self.integer(node, SH.qualifiedMaxCount)
        if low is None and high is None:
            raise ShapeError(f"shape {node}: sh:qualifiedValueShape needs a qualified min or max count")

        def check(data: Data, focus: Node, values: list[Node]) -> Iterator[tuple[Node | None, URIRef]]:
            conforming = sum(1 for v in values if inner.conforms(data, v))
            if high is not None and conforming > high:
                yield None, SH.QualifiedMaxCountConstraintComponent
            if low is not None and conforming < low:
                yield None, SH.QualifiedMinCountConstraintComponent

        return check

    def members(self, node: Node, value: Node) -> list[Node]:
        if value != RDF.nil and self.graph.value(value, RDF.first) is None:
            raise ShapeError(f"shape {node}: expected an RDF list, got {value.n3()}")
        return list(Collection(self.graph, value))


def _count(fails: Callable[[int], bool], component: URIRef) -> Check:
    def check(data: Data, focus: Node, values: list[Node]) -> Iterator[tuple[Node | None, URIRef]]:
        if fails(len(values)):
            yield None, component

    return check


ValueTest = Callable[[Data, Node], bool]


def _each(test: ValueTest, component: URIRef) -> Check:
    def check(data: Data, focus: Node, values: list[Node]) -> Iterator[tuple[Node | None, URIRef]]:
        for value in values:
            if not test(data, value):
                yield value, component

    return check


# -- value tests, each as pySHACL (0.40) decides it --------------------------------------

_NODE_KINDS = {
    SH.IRI: (URIRef,),
    SH.Literal: (Literal,),
    SH.BlankNode: (BNode,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}
_PYTHON_TYPES: dict[Node, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _node_kind(c: _Compiler, node: Node, kind: Node) -> ValueTest:
    kinds = _NODE_KINDS.get(kind)  # type: ignore[call-overload]
    if kinds is None:
        raise ShapeError(f"shape {node}: unknown sh:nodeKind {kind.n3()}")
    return lambda data, v: isinstance(v, kinds)


def _datatype(c: _Compiler, node: Node, datatype: Node) -> ValueTest:
    def test(data: Data, v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == datatype:
            return v.ill_typed is not True and _has_python_type(v, datatype)
        if datatype == _RDFS_LITERAL or (datatype == _RDFS_DATATYPE and v.datatype):
            return True
        if v.datatype is None and v.language is None and datatype == _XSD_STRING:
            return _has_python_type(v, datatype)
        return datatype == _LANG_STRING and bool(v.language) and _has_python_type(v, datatype)

    return test


def _has_python_type(v: Literal, datatype: Node) -> bool:
    expected = _PYTHON_TYPES.get(datatype)
    return expected is None or isinstance(v.value, expected)


def _class(c: _Compiler, node: Node, cls: Node) -> ValueTest:
    return lambda data, v: data.has_class(v, cls)


def _in(c: _Compiler, node: Node, members: Node) -> ValueTest:
    allowed = c.members(node, members)
    return lambda data, v: v in allowed


def _pattern(c: _Compiler, node: Node, pattern: Node) -> ValueTest:
    flags = 0
    for letter in str(c.one(node, SH.flags) or ""):
        flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}.get(letter, 0)
    regex = re.compile(str(pattern), flags)
    return lambda data, v: not isinstance(v, BNode) and regex.search(str(v)) is not None


def _length_limit(node: Node, bound: Node) -> int:
    if not isinstance(bound, Literal) or type(bound.value) is not int or bound.value < 0:
        raise ShapeError(f"shape {node}: a length must be an integer from 0, not {bound.n3()}")
    return bound.value


def _min_length(c: _Compiler, node: Node, bound: Node) -> ValueTest:
    limit = _length_limit(node, bound)
    return lambda data, v: limit == 0 or (not isinstance(v, BNode) and len(str(v)) >= limit)


def _max_length(c: _Compiler, node: Node, bound: Node) -> ValueTest:
    limit = _length_limit(node, bound)
    return lambda data, v: not isinstance(v, BNode) and len(str(v)) <= limit


def _range(compare: Callable[[object, object], bool]) -> Callable[[_Compiler, Node, Node], ValueTest]:
    def make(c: _Compiler, node: Node, bound: Node) -> ValueTest:
        if not isinstance(bound, Literal):
            raise ShapeError(f"shape {node}: a range bound must be a literal, not {bound.n3()}")
        limit = bound.value

        def test(data: Data, v: Node) -> bool:
            if not isinstance(v, Literal) or isinstance(v.value, str) != isinstance(limit, str):
                return False
            try:
                return v.value is not None and compare(v.value, limit)
            except TypeError:
                return False

        return test

    return make


def _or(c: _Compiler, node: Node, members: Node) -> ValueTest:
    shapes = [c.shape(m) for m in c.members(node, members)]
    return lambda data, v: any(s.conforms(data, v) for s in shapes)


def _node(c: _Compiler, node: Node, other: Node) -> ValueTest:
    shape = c.shape(other)
    return lambda data, v: shape.conforms(data, v)


_VALUE_CHECKS: dict[URIRef, Callable[[_Compiler, Node, Node], ValueTest]] = {
    SH.nodeKind: _node_kind,
    SH.datatype: _datatype,
    SH["class"]: _class,
    SH["in"]: _in,
    SH.pattern: _pattern,
    SH.minLength: _min_length,
    SH.maxLength: _max_length,
    SH.minInclusive: _range(lambda v, limit: v >= limit),  # type: ignore[operator]
    SH.maxInclusive: _range(lambda v, limit: v <= limit),  # type: ignore[operator]
    SH.minExclusive: _range(lambda v, limit: v > limit),  # type: ignore[operator]
    SH.maxExclusive: _range(lambda v, limit: v < limit),  # type: ignore[operator]
    SH["or"]: _or,
    SH.node: _node,
}
_COMPONENTS = {
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
