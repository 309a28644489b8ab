"""RDF dumps of the store or of one release: Turtle, TriG, N-Quads, N-Triples, JSON-LD.

TriG, N-Quads and JSON-LD keep the named graphs (one per release); Turtle and N-Triples
hold triples only, so a whole-store dump in them is the union of the release graphs, each
triple once (a country described by ten releases appears once).

JSON-LD is compacted with ``ontology/context.jsonld``, written for web developers: short
keys (``label``, ``actors``, ``date``, ``evidence`` ...), ``id`` and ``type`` without
``@``, class names as plain words (``Meeting``), kg's own IRIs relative to the base
(``person/park-jin``), concept values as ``kgd:act/request``, and multi-valued keys
(``actors``, ``agent``, ``evidence`` ...) always arrays. The compaction is done here,
term by term, so the output is the same every time and needs no JSON-LD library; a
value that does not fit its key's declared type is written as an explicit
``{"@id"}``/``{"@value", "@type"}`` object, so nothing is lost (the tests parse every
dump back and compare it with the store).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import InputError
from kg.resources import data_dir
from kg.store import EmbeddedStore

#: Output format name -> pyoxigraph format (JSON-LD is written by :func:`jsonld`).
FORMATS: dict[str, ox.RdfFormat | None] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": None,
}
_WITH_PREFIXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context (the object under ``@context`` in ontology/context.jsonld)."""
    document = json.loads((data_dir("ontology") / "context.jsonld").read_text(encoding="utf-8"))
    ctx: dict[str, Any] = document["@context"]
    return ctx


def _prefixes() -> dict[str, str]:
    return {
        k: v
        for k, v in context().items()
        if not k.startswith("@") and isinstance(v, str) and v.endswith(("/", "#"))
    }


def dump(store: EmbeddedStore, fmt: str, out: IO[bytes], release: str | None = None) -> None:
    """Write the whole store, or the release graph ``release``, to ``out`` in ``fmt``."""
    if release is not None and not store.has_graph(release):
        raise InputError(release, "no such release graph in the store", "see `kg query releases`")
    quads = store.quads(release)
    if fmt == "jsonld":
        out.write(json.dumps(jsonld(quads), ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
        return
    target = FORMATS[fmt]
    assert target is not None
    data: Iterable[ox.Triple] | Iterable[ox.Quad] = quads if target.supports_datasets else _union(quads)
    ox.serialize(data, out, target, prefixes=_turtle_prefixes() if target in _WITH_PREFIXES else None)


def _turtle_prefixes() -> dict[str, str]:
    """The context's prefixes but ``kgd``: Turtle would need ``kgd:act\\/request``, so those
    IRIs stay whole, as do kg's own (a base would turn ``https:`` prefixes relative)."""
    return {k: v for k, v in _prefixes().items() if k != "kgd"}


def _union(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    seen: set[ox.Triple] = set()
    for quad in quads:
        triple = quad.triple
        if triple not in seen:
            seen.add(triple)
            yield triple


class _Compactor:
    """Turns IRIs, literals and predicates into the short forms the context defines."""

    def __init__(self) -> None:
        ctx = context()
        self.base: str = ctx["@base"]
        self.namespaces = _prefixes()
        self.prefixes = sorted(self.namespaces.items(), key=lambda kv: -len(kv[1]))
        #: predicate IRI -> (key, coercion: "@id", a datatype IRI or None, always an array)
        self.terms: dict[str, tuple[str, str | None, bool]] = {}
        #: class IRI -> its plain name
        self.classes: dict[str, str] = {}
        for term, spec in ctx.items():
            if term.startswith("@") or term in {"id", "type"} or term in self.namespaces:
                continue
            if isinstance(spec, str) and term[:1].isupper():
                self.classes[self.expand(spec)] = term
            elif isinstance(spec, str):
                self.terms[self.expand(spec)] = (term, None, False)
            else:
                kind = spec.get("@type")
                coerce = kind if kind in {None, "@id"} else self.expand(kind)
                self.terms[self.expand(spec["@id"])] = (term, coerce, spec.get("@container") == "@set")
        self.set_keys = {key for key, _, always in self.terms.values() if always}

    def expand(self, compact: str) -> str:
        prefix, _, rest = compact.partition(":")
        return self.namespaces[prefix] + rest if prefix in self.namespaces else compact

    def iri(self, value: str) -> str:
        """An IRI as a node reference: relative to the base, else prefix:suffix, else whole."""
        if value.startswith(self.base):
            rest = value[len(self.base) :]
            if rest and ":" not in rest and not rest.startswith(("/", "?", "#")):
                return rest
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace) and len(value) > len(namespace):
                suffix = value[len(namespace) :]
                if not suffix.startswith("//"):
                    return f"{prefix}:{suffix}"
        return value

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(str(term.value))

    def value(self, obj: object, coerce: str | None) -> Any:
        if isinstance(obj, ox.NamedNode | ox.BlankNode):
            ref = self.node_id(obj)
            return ref if coerce == "@id" and isinstance(obj, ox.NamedNode) else {"@id": ref}
        assert isinstance(obj, ox.Literal)
        datatype = obj.datatype.value
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        if coerce is None and datatype == _XSD + "string":
            return obj.value
        if coerce is None and datatype == _XSD + "integer" and _CANONICAL_INT.fullmatch(obj.value):
            return int(obj.value)
        if coerce == datatype:
            return obj.value
        typed: dict[str, Any] = {"@value": obj.value}
        if datatype != _XSD + "string":
            typed["@type"] = self.iri(datatype)
        return typed


def jsonld(quads: Iterable[ox.Quad]) -> dict[str, Any]:
    """A compacted JSON-LD document: one ``@graph`` object per named graph, nodes by id."""
    c = _Compactor()
    graphs: dict[str, dict[str, dict[str, Any]]] = {}
    for quad in quads:
        graph_key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else c.node_id(quad.graph_name)
        subject = c.node_id(quad.subject)  # type: ignore[arg-type]
        node = graphs.setdefault(graph_key, {}).setdefault(subject, {"id": subject})
        predicate = quad.predicate.value
        if predicate == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
            iri = quad.object.value
            node.setdefault("type", []).append(c.classes.get(iri) or c.iri(iri))
            continue
        term, coerce, _ = c.terms.get(predicate, (c.iri(predicate), None, False))
        node.setdefault(term, []).append(c.value(quad.object, coerce))
    top: list[dict[str, Any]] = []
    for graph_key in sorted(graphs):
        nodes = [_finish(graphs[graph_key][s], c.set_keys) for s in sorted(graphs[graph_key])]
        if graph_key:
            top.append({"id": graph_key, "@graph": nodes})
        else:
            top.extend(nodes)
    return {"@context": context(), "@graph": top}


def _finish(node: dict[str, Any], sets: set[str]) -> dict[str, Any]:
    """Sort each key's values; unwrap single values except on ``@set`` keys and ``type``."""
    done: dict[str, Any] = {"id": node.pop("id")}
    if "type" in node:
        done["type"] = sorted(node.pop("type"))
    for key in sorted(node):
        values = sorted(node[key], key=lambda v: json.dumps(v, sort_keys=True))
        done[key] = values if key in sets or len(values) > 1 else values[0]
    return done
