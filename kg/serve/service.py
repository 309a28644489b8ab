"""The endpoint's work, apart from HTTP: queries under caps, updates, graph reads and
writes, and resource descriptions (Concise Bounded Descriptions).

Each query runs in a daemon worker thread (Oxigraph releases the GIL) under a time cap
and a result-size cap, with at most ``workers`` at once. Oxigraph cannot cancel a running
query, so one that passes the time cap gets a 503 and finishes in the background, holding
its slot: runaway queries stay bounded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import sparqlguard
from kg.errors import StoreError
from kg.serve.formats import (
    DESCRIBE,
    GRAPHS,
    RESULTS,
    boolean_body,
    description_html,
    negotiate,
    solutions_body,
    turtle_prefixes,
)


@dataclass(frozen=True)
class Options:
    allow_update: bool = False
    max_rows: int = 10_000
    timeout: float = 30.0
    workers: int = 4
    #: Run SERVICE clauses (they make the server fetch URLs for whoever asks; kg.sparqlguard).
    allow_service: bool = False


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
        self._guard(text)
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

        worker = sparqlguard.deep_thread(work, "kg-query")  # deep parses must not overflow the stack
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
            kwargs["default_graph"] = [_iri(g) for g in default]
        if named:
            kwargs["named_graphs"] = [_iri(g) for g in named]
        try:
            result = self.store.query(text, **kwargs)
        except SyntaxError as exc:
            raise HttpError(400, f"the query does not parse: {exc}") from None
        except (ValueError, OSError) as exc:
            raise HttpError(400, f"the query cannot run: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            media = self._pick(accept, list(RESULTS))
            return Reply(200, media, boolean_body(bool(result), RESULTS[media]))
        if isinstance(result, ox.QuerySolutions):
            media = self._pick(accept, list(RESULTS))
            variables = [v.value for v in result.variables]
            rows = [[s[v] for v in variables] for s in self._capped(result, deadline)]
            return Reply(200, media, solutions_body(variables, rows, RESULTS[media]))
        media = self._pick(accept, list(GRAPHS)[:3])
        triples = list(self._capped(result, deadline))
        return Reply(200, media, ox.serialize(triples, format=GRAPHS[media]) or b"")

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
        self._guard(text, max_chars=len(text))  # the request body cap bounds an update's length
        with self._write:
            try:
                sparqlguard.call_deep(lambda: self.store.update(text))
            except SyntaxError as exc:
                raise HttpError(400, f"the update does not parse: {exc}") from None
            except (ValueError, OSError) as exc:
                raise HttpError(400, f"the update failed: {exc}") from None
        return Reply(204, "text/plain", b"")

    def _guard(self, text: str, max_chars: int | None = None) -> None:
        try:
            sparqlguard.check(text, allow_service=self.options.allow_service, max_chars=max_chars)
        except sparqlguard.Refused as exc:
            raise HttpError(exc.status, str(exc)) from None

    def _require_update(self) -> None:
        if not self.options.allow_update:
            raise HttpError(403, "this endpoint is read-only (start it with `kg serve --allow-update`)")

    def read_graph(self, graph: ox.NamedNode | ox.DefaultGraph, accept: str | None) -> Reply:
        if isinstance(graph, ox.NamedNode) and not self.store.contains_named_graph(graph):
            raise HttpError(404, f"no graph {graph.value} in the store")
        media = self._pick(accept, list(GRAPHS)[:3])
        triples = [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]
        return Reply(200, media, ox.serialize(triples, format=GRAPHS[media]) or b"")

    def write_graph(
        self, method: str, graph: ox.NamedNode | ox.DefaultGraph, body: bytes, media: str
    ) -> Reply:
        self._require_update()
        fmt = GRAPHS.get(media) if method != "DELETE" else None
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
        node = _iri(iri)
        triples = cbd(self.store, node)
        if not triples:
            raise HttpError(404, f"nothing is known about {iri}")
        media = self._pick(accept, DESCRIBE)
        if media == "application/ld+json":
            from kg.dumps import jsonld

            document = jsonld(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            return Reply(200, media, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        if media == "text/html":
            return Reply(200, "text/html; charset=utf-8", description_html(iri, triples, server_base))
        fmt = GRAPHS[media]
        prefixes = turtle_prefixes() if fmt == ox.RdfFormat.TURTLE else None
        return Reply(200, media, ox.serialize(triples, format=fmt, prefixes=prefixes) or b"")


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise HttpError(400, f"{value[:200]!r} is not an IRI") from None


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
