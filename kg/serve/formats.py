"""What ``kg serve`` sends back: content negotiation, SPARQL results in JSON, XML, CSV and
TSV, HTML pages for resources, and the service description.

Results are serialised here rather than by pyoxigraph because the server caps their size:
it collects at most ``max_rows`` solutions and pyoxigraph serialises only a live result.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

import pyoxigraph as ox

from kg import iris

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RESULTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
DESCRIBE = ["text/turtle", "application/ld+json", "text/html", "application/n-triples"]
SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "html": "text/html",
}


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the ``Accept`` header likes best (first offer on ties or no header)."""
    if not accept:
        return offers[0]
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        for rank, offer in enumerate(offers):
            kind = offer.split("/")[0]
            if q > 0 and media in {offer, f"{kind}/*", "*/*"}:
                specific = 0 if media == offer else 1
                key3 = (-q, specific * 100 + rank, offer)
                if best is None or key3 < best:
                    best = key3
    return best[2] if best else None


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{escape(term.language)}">{escape(term.value)}</literal>'
    if term.datatype.value != _XSD_STRING:
        return f'<literal datatype="{escape(term.datatype.value)}">{escape(term.value)}</literal>'
    return f"<literal>{escape(term.value)}</literal>"


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    text = term.value if not isinstance(term, ox.BlankNode) else f"_:{term.value}"
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def solutions_body(variables: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> bytes:
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows
        ]
        return json.dumps(
            {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
        ).encode("utf-8")
    if fmt == "xml":
        head = "".join(f'<variable name="{v}"/>' for v in variables)
        results = "".join(
            "<result>"
            + "".join(
                f'<binding name="{v}">{_xml_term(t)}</binding>'
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        return (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{results}</results></sparql>"
        ).encode()
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    lines = ["\t".join(f"?{v}" for v in variables)] + [
        "\t".join("" if t is None else str(t) for t in row) for row in rows
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def boolean_body(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(value).lower()}</boolean></sparql>"
        ).encode()
    if fmt in {"csv", "tsv"}:
        return f"{str(value).lower()}\n".encode()
    return json.dumps({"head": {}, "boolean": value}).encode("utf-8")


def turtle_prefixes() -> dict[str, str]:
    """The namespaces of kg's JSON-LD context, for readable Turtle (``kgd:`` would need
    escaped slashes, so concept IRIs stay whole)."""
    from kg.dumps import context

    return {
        key: value
        for key, value in context().items()
        if isinstance(value, str) and value.endswith(("/", "#")) and not key.startswith("@") and key != "kgd"
    }


def local_link(iri: str, server_base: str) -> str:
    return server_base + iri[len(iris.BASE) - 1 :] if iri.startswith(iris.BASE) else iri


def description_html(iri: str, triples: Sequence[ox.Triple], server_base: str) -> bytes:
    def cell(term: Any) -> str:
        if isinstance(term, ox.NamedNode):
            return (
                f'<a href="{html.escape(local_link(term.value, server_base))}">{html.escape(term.value)}</a>'
            )
        return html.escape(str(term.value))

    rows = "\n".join(
        f"<tr><td>{cell(t.predicate)}</td><td>{cell(t.object)}</td></tr>"
        for t in triples
        if t.subject == ox.NamedNode(iri)
    )
    here = html.escape(local_link(iri, server_base))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(iri)}</title>
<style>body{{font-family:sans-serif;margin:2em}}td{{padding:.2em .8em;vertical-align:top}}</style></head>
<body><h1>{html.escape(iri)}</h1>
<p>Also as <a href="{here}?format=ttl">Turtle</a> and <a href="{here}?format=jsonld">JSON-LD</a>.</p>
<table>{rows}</table></body></html>
"""
    return page.encode("utf-8")


def service_description(endpoint: str) -> bytes:
    """SPARQL 1.1 Service Description; ``endpoint`` is an IRI term such as ``<http://…>``."""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
{endpoint} a sd:Service ;
  sd:endpoint {endpoint} ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
    <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
    <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
    <http://www.w3.org/ns/formats/N-Triples> .
""".encode()
