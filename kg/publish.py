"""Publish the store's named graphs to a remote SPARQL 1.1 store, each replaced atomically.

Two ways in, chosen per server ("dialect"):

* **Graph Store HTTP Protocol**: ``PUT {graph store}?graph=G`` with the graph's N-Triples.
  A PUT replaces the graph in one request, so a reader sees the old graph or the new one.
  Oxigraph offers it at ``/store``; Virtuoso at ``/sparql-graph-crud-auth`` (digest auth,
  so only with credentials); ``--graph-store URL`` names it for any other server.
* **SPARQL Update** where only that is offered (Virtuoso without credentials, once
  ``GRANT SPARQL_UPDATE TO "SPARQL"``). Virtuoso takes at most ~1000 triples per
  ``INSERT DATA``, so a larger graph is loaded in chunks into a fresh temporary graph and
  then put in place with one ``MOVE`` (which clears the target first). A failure before the
  ``MOVE`` leaves the target untouched and the temporary graph is dropped. A graph that fits
  in one chunk is replaced by ``DROP SILENT GRAPH`` + ``INSERT DATA`` in one request.

Pushing twice gives the same remote graphs (each PUT or MOVE replaces). Graphs are pushed
one after another: if a push stops half way, each graph is either old or new, never half.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from kg.errors import InputError
from kg.remote import (
    RETRY_STATUSES,
    Budget,
    Credentials,
    RemoteError,
    TransientError,
    check_url,
    permanent_server_error,
    redact,
    retry_after,
    user_agent,
)
from kg.secrets import scrub
from kg.store import EmbeddedStore

DIALECTS = ("auto", "oxigraph", "virtuoso", "generic")
#: Triples per INSERT DATA request (Virtuoso refuses much more than 1000).
CHUNK = 1000
#: Seconds spent dropping the temporary graph of a chunked update that failed.
CLEANUP_SECONDS = 30.0
_OK = frozenset({200, 201, 204})


@dataclass(frozen=True)
class Target:
    """Where and how to write: a graph store URL, else a SPARQL Update URL."""

    dialect: str
    graph_store: str | None
    update: str | None

    def describe(self) -> str:
        how = (
            f"graph store {redact(self.graph_store)}"
            if self.graph_store
            else f"SPARQL Update at {redact(self.update or '')}"
        )
        return f"{self.dialect}: {how}"


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int
    seconds: float


class _ChallengeAuth(httpx.Auth):
    """Answer the scheme the server asks for: Digest (Virtuoso's ``-auth`` endpoints) or Basic."""

    requires_request_body = True

    def __init__(self, credentials: Credentials) -> None:
        self._basic = httpx.BasicAuth(credentials.user, credentials.password)
        self._digest = httpx.DigestAuth(credentials.user, credentials.password)
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._chosen = self._digest if challenge.startswith("digest") else self._basic
        yield from self._chosen.auth_flow(request)


def client(credentials: Credentials | None, timeout: float) -> httpx.Client:
    return httpx.Client(
        timeout=timeout,
        headers={"User-Agent": user_agent()},
        auth=_ChallengeAuth(credentials) if credentials else None,
    )


def detect_dialect(http: httpx.Client, endpoint: str) -> str:
    """``oxigraph``, ``virtuoso`` or ``generic``, from the ``Server`` header of a tiny ASK."""
    try:
        response = http.get(endpoint, params={"query": "ASK {}"})
    except httpx.HTTPError as exc:
        raise RemoteError(f"{redact(endpoint)}: cannot reach the endpoint ({exc})") from None
    server = response.headers.get("server", "").lower()
    if server.startswith("oxigraph"):
        return "oxigraph"
    if server.startswith("virtuoso"):
        return "virtuoso"
    return "generic"


def resolve(
    http: httpx.Client,
    endpoint: str,
    *,
    dialect: str = "auto",
    graph_store: str | None = None,
    credentials: Credentials | None = None,
) -> Target:
    """The :class:`Target` for a query endpoint URL, asking the server its kind if ``auto``."""
    check_url(endpoint)
    if graph_store is not None:
        check_url(graph_store, "--graph-store")
    if dialect not in DIALECTS:
        raise InputError("--dialect", f"unknown dialect {dialect!r}", f"use one of {', '.join(DIALECTS)}")
    if dialect == "auto":
        dialect = detect_dialect(http, endpoint)
    parts = urlsplit(endpoint)
    root = f"{parts.scheme}://{parts.netloc}"
    if dialect == "oxigraph":
        return Target(dialect, graph_store or root + "/store", root + "/update")
    if dialect == "virtuoso":
        crud = root + "/sparql-graph-crud-auth" if credentials else None
        return Target(dialect, graph_store or crud, endpoint)
    return Target(dialect, graph_store, endpoint)


def triples_of(store: EmbeddedStore, graph: str) -> list[ox.Triple]:
    return [quad.triple for quad in store.quads(graph)]


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


class Publisher:
    """Pushes graphs to one :class:`Target` through one HTTP client, within one budget."""

    def __init__(self, http: httpx.Client, target: Target, budget: Budget) -> None:
        self.http = http
        self.target = target
        self.budget = budget

    def push(self, graph: str, triples: Sequence[ox.Triple]) -> Pushed:
        start = time.perf_counter()
        if self.target.graph_store:
            self._put(graph, ntriples(triples))
        else:
            self._update_graph(graph, triples)
        return Pushed(graph, len(triples), time.perf_counter() - start)

    def _put(self, graph: str, body: bytes) -> None:
        url = self.target.graph_store
        assert url is not None
        self._send(
            "PUT",
            url,
            graph,
            params={"graph": graph},
            content=body,
            headers={"Content-Type": "application/n-triples"},
        )

    def _update_graph(self, graph: str, triples: Sequence[ox.Triple]) -> None:
        blank = any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples
        )
        if blank and len(triples) > CHUNK:  # INSERT DATA makes fresh blank nodes per request
            raise InputError(
                graph,
                "has blank nodes and needs more than one INSERT DATA",
                "push it through a graph store (--graph-store URL)",
            )
        target = ox.NamedNode(graph)
        if len(triples) <= CHUNK:
            self.update(
                graph,
                f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n"
                f"{ntriples(triples).decode('utf-8')}}} }}",
            )
            return
        temporary = ox.NamedNode(f"urn:kg-diplo:push:{uuid.uuid4().hex}")
        try:
            for start in range(0, len(triples), CHUNK):
                chunk = ntriples(triples[start : start + CHUNK]).decode("utf-8")
                self.update(graph, f"INSERT DATA {{ GRAPH {temporary} {{\n{chunk}}} }}")
            self.update(graph, f"MOVE GRAPH {temporary} TO GRAPH {target}")
        except Exception as exc:
            # Report the first error. The clean-up has a budget of its own, as the push's may be
            # spent, so that an outage shorter than it leaves no temporary graph behind.
            cleanup = Budget(CLEANUP_SECONDS, base_delay=self.budget.base_delay, sleep=self.budget.sleep)
            try:
                Publisher(self.http, self.target, cleanup).update(graph, f"DROP SILENT GRAPH {temporary}")
            except (RemoteError, httpx.HTTPError):
                raise RemoteError(
                    f"{exc}; the temporary graph {temporary.value} stays on the server: "
                    f"drop it with DROP GRAPH {temporary} once the server answers"
                ) from exc
            raise
        except BaseException:  # Ctrl-C: one quick try, then stop
            with contextlib.suppress(RemoteError, httpx.HTTPError):
                self.update(graph, f"DROP SILENT GRAPH {temporary}")
            raise

    def update(self, graph: str, text: str) -> None:
        url = self.target.update
        assert url is not None
        self._send("POST", url, graph, data={"update": text})

    def _send(self, method: str, url: str, graph: str, **kwargs: object) -> None:
        where = f"{graph} -> {redact(url)}"

        def attempt() -> None:
            try:
                response = self.http.request(method, url, **kwargs)  # type: ignore[arg-type]
            except httpx.TimeoutException:
                raise TransientError("no answer within the timeout") from None
            except httpx.TransportError as exc:
                raise TransientError(f"cannot reach the server ({exc})") from None
            if response.status_code in _OK:
                return
            body = scrub(response.text)[:300].replace("\n", " ").strip()  # some servers echo credentials
            if response.status_code in RETRY_STATUSES and not permanent_server_error(body):
                raise TransientError(
                    f"HTTP {response.status_code} {body}", retry_after(response.headers.get("retry-after"))
                )
            raise RemoteError(f"{where}: HTTP {response.status_code} {body}{_hint(self.target, response)}")

        self.budget.call(attempt, where)


def _hint(target: Target, response: httpx.Response) -> str:
    if response.status_code == 401:
        return " (set KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or a ~/.netrc entry for this host)"
    if response.status_code in {404, 405} and target.graph_store:
        return " (no graph store here: pass --graph-store URL, or --dialect generic to use SPARQL Update)"
    if target.dialect == "virtuoso" and not target.graph_store:
        return (
            ' (grant updates with isql: GRANT SPARQL_UPDATE TO "SPARQL"; or set credentials '
            "to write through /sparql-graph-crud-auth)"
        )
    return ""


def push_store(
    store: EmbeddedStore,
    publisher: Publisher,
    graphs: Sequence[str] | None = None,
    progress: Callable[[Pushed], None] | None = None,
) -> list[Pushed]:
    """Push ``graphs`` (default: every named graph of the store), one atomic write each."""
    names = list(graphs) if graphs else store.graphs()
    missing = [g for g in names if not store.has_graph(g)]
    if missing:
        raise InputError(missing[0], "no such graph in the store", "see `kg query releases`")
    done: list[Pushed] = []
    for name in names:
        pushed = publisher.push(name, triples_of(store, name))
        done.append(pushed)
        if progress is not None:
            progress(pushed)
    return done
