"""A SPARQL 1.1 endpoint over the embedded store, and dereferenceable kg IRIs.

Routes (standard library ``http.server``; one thread per request):

* ``/sparql``: SPARQL 1.1 Protocol. ``GET ?query=``, ``POST`` form (``query=``/``update=``)
  or a ``application/sparql-query`` / ``application/sparql-update`` body;
  ``default-graph-uri`` / ``named-graph-uri`` honoured, else the default graph is the union
  of all graphs (as in ``kg query``). Results as JSON, XML, CSV or TSV (SELECT, ASK) or
  Turtle, N-Triples, RDF/XML (CONSTRUCT, DESCRIBE), by ``Accept``. A GET without a query
  returns the service description.
* ``/store``: Graph Store Protocol. ``GET ?graph=IRI`` or ``?default``; ``PUT``, ``POST``
  and ``DELETE`` only with ``--allow-update``.
* any other path: the resource ``https://w3id.org/kg-diplo`` + path (so
  ``/id/person/park-jin`` is ``https://w3id.org/kg-diplo/id/person/park-jin``), described
  by its Concise Bounded Description as Turtle, N-Triples, JSON-LD (kg's context) or HTML.

Read-only unless ``allow_update`` (the store is opened read-only). Each query runs in a
worker thread (Oxigraph releases the GIL) under a time cap and a result-size cap, with at
most ``workers`` at once. Oxigraph cannot cancel a running query, so one that passes the
time cap gets a 503 and finishes in the background, holding its slot: runaway queries
stay bounded.

Writes with an ``Origin`` header from another site are refused (a web page cannot write
to your store), and on a loopback address only loopback ``Host`` names are answered
(no DNS rebinding).
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import pyoxigraph as ox

from kg import iris
from kg.errors import StoreError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RESULTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPHS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_DESCRIBE = ["text/turtle", "application/ld+json", "text/html", "application/n-triples"]
_SHORT = {
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


@dataclass(frozen=True)
class Options:
    allow_update: bool = False
    max_rows: int = 10_000
    timeout: float = 30.0
    workers: int = 4


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def open_store(path: Path, allow_update: bool) -> ox.Store:
    if not path.exists():
        raise StoreError(f"{path}: no store here yet (run `kg ingest` first, or pass --store)")
    try:
        return ox.Store(str(path)) if allow_update else ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from exc


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


# -- result serialisation --------------------------------------------------------------


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


# -- the service -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int
    media_type: str
    body: bytes


class Service:
    """What the HTTP handler calls: queries, updates, graph reads and writes, descriptions."""

    def __init__(self, store: ox.Store, options: Options) -> None:
        self.store = store
        self.options = options
        self._slots = threading.BoundedSemaphore(options.workers)
        self._write = threading.Lock()

    # queries
    def query(self, text: str, accept: str | None, default: list[str], named: list[str]) -> Reply:
        """Evaluate in a daemon worker thread, waiting at most the time cap for it.

        Only plain values cross back (a reply, or a status and a message): pyoxigraph result
        objects must be dropped on the thread that made them.
        """
        if not self._slots.acquire(blocking=False):
            raise HttpError(503, "all query slots are busy (a long query is running); try again shortly")
        outcome: list[Reply | tuple[int, str]] = []
        deadline = time.monotonic() + self.options.timeout

        def work() -> None:
            try:
                outcome.append(self._evaluate(text, accept, default, named, deadline))
            except HttpError as exc:
                outcome.append((exc.status, str(exc)))
            except Exception as exc:  # an engine failure; its message is all the client needs
                outcome.append((500, f"the query failed: {exc}"))
            finally:
                self._slots.release()

        worker = threading.Thread(target=work, name="kg-query", daemon=True)
        worker.start()
        worker.join(self.options.timeout)
        if not outcome:
            raise HttpError(
                503,
                f"the query ran longer than {self.options.timeout:g} s; "
                "narrow it or add LIMIT (kg serve --timeout raises the cap)",
            )
        reply = outcome[0]
        if isinstance(reply, Reply):
            return reply
        raise HttpError(*reply)

    def _evaluate(
        self, text: str, accept: str | None, default: list[str], named: list[str], deadline: float
    ) -> Reply:
        kwargs: dict[str, Any] = {"use_default_graph_as_union": not default}
        if default:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
        if named:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
        try:
            result = self.store.query(text, **kwargs)
        except SyntaxError as exc:
            raise HttpError(400, f"the query does not parse: {exc}") from None
        except (ValueError, OSError) as exc:
            raise HttpError(400, f"the query cannot run: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            media = self._pick(accept, list(_RESULTS))
            return Reply(200, media, boolean_body(bool(result), _RESULTS[media]))
        if isinstance(result, ox.QuerySolutions):
            media = self._pick(accept, list(_RESULTS))
            variables = [v.value for v in result.variables]
            rows = [[s[v] for v in variables] for s in self._capped(result, deadline)]
            return Reply(200, media, solutions_body(variables, rows, _RESULTS[media]))
        media = self._pick(accept, list(_GRAPHS)[:3])
        triples = list(self._capped(result, deadline))
        return Reply(200, media, ox.serialize(triples, format=_GRAPHS[media]) or b"")

    def _capped(self, items: Iterable[Any], deadline: float) -> Iterator[Any]:
        for count, item in enumerate(items):
            if count >= self.options.max_rows:
                raise HttpError(
                    400,
                    f"the answer has more than {self.options.max_rows} results; add LIMIT "
                    "(kg serve --max-rows raises the cap)",
                )
            if time.monotonic() > deadline:
                raise HttpError(503, f"the query ran longer than {self.options.timeout:g} s")
            yield item

    @staticmethod
    def _pick(accept: str | None, offers: list[str]) -> str:
        media = negotiate(accept, offers)
        if media is None:
            raise HttpError(406, f"cannot answer in {accept}; ask for one of {', '.join(offers)}")
        return media

    # updates and graph store writes
    def update(self, text: str) -> Reply:
        self._require_update()
        with self._write:
            try:
                self.store.update(text)
            except SyntaxError as exc:
                raise HttpError(400, f"the update does not parse: {exc}") from None
            except (ValueError, OSError) as exc:
                raise HttpError(400, f"the update failed: {exc}") from None
        return Reply(204, "text/plain", b"")

    def _require_update(self) -> None:
        if not self.options.allow_update:
            raise HttpError(403, "this endpoint is read-only (start it with `kg serve --allow-update`)")

    def read_graph(self, graph: ox.NamedNode | ox.DefaultGraph, accept: str | None) -> Reply:
        if isinstance(graph, ox.NamedNode) and not self.store.contains_named_graph(graph):
            raise HttpError(404, f"no graph {graph.value} in the store")
        media = self._pick(accept, list(_GRAPHS)[:3])
        triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]
        return Reply(200, media, ox.serialize(triples, format=_GRAPHS[media]) or b"")

    def write_graph(
        self, method: str, graph: ox.NamedNode | ox.DefaultGraph, body: bytes, media: str
    ) -> Reply:
        self._require_update()
        fmt = _GRAPHS.get(media) if method != "DELETE" else None
        if method != "DELETE" and (fmt is None or fmt.supports_datasets):
            raise HttpError(
                415,
                f"send the graph as text/turtle, application/n-triples or application/rdf+xml (not {media})",
            )
        with self._write:
            existed = isinstance(graph, ox.DefaultGraph) or self.store.contains_named_graph(graph)
            if method == "DELETE":
                if not existed:
                    raise HttpError(404, f"no graph {getattr(graph, 'value', '')} in the store")
                self.store.clear_graph(graph) if isinstance(
                    graph, ox.DefaultGraph
                ) else self.store.remove_graph(graph)
                return Reply(204, "text/plain", b"")
            try:
                quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(body, format=fmt)]
            except SyntaxError as exc:
                raise HttpError(400, f"the graph does not parse: {exc}") from None
            if method == "PUT" and existed:
                self.store.clear_graph(graph)
            self.store.extend(quads)
        return Reply(204 if existed else 201, "text/plain", b"")

    # descriptions
    def describe(self, iri: str, accept: str | None, server_base: str) -> Reply:
        node = ox.NamedNode(iri)
        triples = cbd(self.store, node)
        if not triples:
            raise HttpError(404, f"nothing is known about {iri}")
        media = self._pick(accept, _DESCRIBE)
        if media == "application/ld+json":
            from kg.dumps import jsonld

            document = jsonld(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            return Reply(200, media, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        if media == "text/html":
            return Reply(200, "text/html; charset=utf-8", description_html(iri, triples, server_base))
        fmt = _GRAPHS[media]
        prefixes = _turtle_prefixes() if fmt == ox.RdfFormat.TURTLE else None
        return Reply(200, media, ox.serialize(triples, format=fmt, prefixes=prefixes) or b"")


def cbd(store: ox.Store, node: ox.NamedNode) -> list[ox.Triple]:
    """The Concise Bounded Description of ``node`` over all graphs, each triple once."""
    seen: dict[ox.Triple, None] = {}
    todo: list[ox.NamedNode | ox.BlankNode] = [node]
    visited: set[ox.NamedNode | ox.BlankNode] = set()
    while todo:
        subject = todo.pop()
        if subject in visited:
            continue
        visited.add(subject)
        for quad in store.quads_for_pattern(subject, None, None, None):
            seen.setdefault(quad.triple, None)
            if isinstance(quad.object, ox.BlankNode):
                todo.append(quad.object)
    return sorted(seen, key=str)


def _turtle_prefixes() -> dict[str, str]:
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


# -- HTTP ------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    server_version = "kg-serve"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._send(
            Reply(204, "text/plain", b""),
            extra={
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
            },
        )

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            self._send(self._route(method), head=method == "HEAD")
        except HttpError as exc:
            self._send(Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8")))
        except Exception as exc:
            self._send(Reply(500, "text/plain; charset=utf-8", f"kg serve: {exc}\n".encode()))

    def _route(self, method: str) -> Reply:
        service = self.server.service
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        accept = _SHORT.get(params.get("format", [""])[0]) or self.headers.get("Accept")
        if parts.path == "/sparql":
            if method == "POST":
                params = self._post_params(params)
            if "update" in params:
                if method != "POST":
                    raise HttpError(405, "send updates with POST")
                self._check_origin()
                return service.update(params["update"][0])
            if "query" not in params:
                return Reply(
                    200, "text/turtle", service_description(str(ox.NamedNode(self._base() + "/sparql")))
                )
            return service.query(
                params["query"][0],
                accept,
                params.get("default-graph-uri", []),
                params.get("named-graph-uri", []),
            )
        if parts.path == "/store":
            graph = self._graph_param(params)
            if method in {"GET", "HEAD"}:
                return service.read_graph(graph, accept)
            self._check_origin()
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            return service.write_graph(method, graph, self._body(), content_type)
        if method not in {"GET", "HEAD"}:
            raise HttpError(405, "resources are read with GET")
        if parts.path in {"", "/"}:
            return Reply(200, "text/html; charset=utf-8", self._index())
        return service.describe(iris.BASE + parts.path.lstrip("/"), accept, self._base())

    def _graph_param(self, params: dict[str, list[str]]) -> ox.NamedNode | ox.DefaultGraph:
        if "default" in params:
            return ox.DefaultGraph()
        if "graph" not in params:
            raise HttpError(400, "name the graph: /store?graph=IRI or /store?default")
        try:
            return ox.NamedNode(params["graph"][0])
        except ValueError:
            raise HttpError(400, f"{params['graph'][0]!r} is not an IRI") from None

    def _post_params(self, params: dict[str, list[str]]) -> dict[str, list[str]]:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        body = self._body().decode("utf-8")
        if content_type == "application/x-www-form-urlencoded":
            return {**params, **parse_qs(body, keep_blank_values=True)}
        if content_type == "application/sparql-query":
            return {**params, "query": [body]}
        if content_type == "application/sparql-update":
            return {**params, "update": [body]}
        raise HttpError(
            415, "POST a form (query= or update=), application/sparql-query or application/sparql-update"
        )

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _base(self) -> str:
        host = self.headers.get("Host")
        return f"http://{host}" if host else self.server.url

    def _check_host(self) -> None:
        if not self.server.loopback:
            return
        name = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if name not in {"127.0.0.1", "localhost", "::1", ""}:
            raise HttpError(421, f"this server answers only for loopback names, not {name!r}")

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != (self.headers.get("Host") or ""):
            raise HttpError(403, f"writes from web pages of {origin} are refused")

    def _index(self) -> bytes:
        base = html.escape(self._base())
        mode = "read-write" if self.server.service.options.allow_update else "read-only"
        return (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>kg serve</title></head><body>"
            f"<h1>kg: diplomatic relations knowledge graph</h1><ul>"
            f"<li>SPARQL 1.1 endpoint ({mode}): <code>{base}/sparql</code></li>"
            f"<li>Graph Store Protocol: <code>{base}/store?graph=IRI</code></li>"
            f"<li>Resources: <code>{base}/id/...</code> for <code>{iris.ID}...</code></li>"
            f"</ul></body></html>"
        ).encode()

    def _send(self, reply: Reply, head: bool = False, extra: dict[str, str] | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)


class KgServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: Service, *, quiet: bool = False) -> None:
        super().__init__(address, Handler)
        self.service = service
        self.quiet = quiet
        self.loopback = address[0] in {"127.0.0.1", "localhost", "::1"}
        self.url = f"http://{address[0]}:{self.server_port}"


def make_server(
    path: Path, host: str = "127.0.0.1", port: int = 0, options: Options | None = None, *, quiet: bool = False
) -> KgServer:
    options = options or Options()
    return KgServer((host, port), Service(open_store(path, options.allow_update), options), quiet=quiet)
