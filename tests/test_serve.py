"""`kg serve`: the SPARQL 1.1 Protocol, Graph Store reads, dereferenceable IRIs, the caps,
and pushes into it from another store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import run_kg
from servers import make_store

from kg.formats import cell
from kg.queries import bind, load_queries, parse_params, with_values
from kg.remote import SparqlEndpoint
from kg.serve import KgServer, Options, make_server, negotiate
from kg.store import EmbeddedStore

ID = "https://w3id.org/kg-diplo/id/"
PARK_JIN = ID + "person/park-jin"


@pytest.fixture(scope="module")
def store(corpus_nquads: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("serve") / "store", corpus_nquads)


def running(path: Path, options: Options) -> Iterator[KgServer]:
    server = make_server(path, port=0, options=options, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def served(store: Path) -> Iterator[KgServer]:
    yield from running(store, Options())


def get(url: str, accept: str | None = None, **params: str) -> tuple[int, str, bytes]:
    full = url + ("?" + urllib.parse.urlencode(params) if params else "")
    request = urllib.request.Request(full, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def post(url: str, body: bytes, content_type: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_select_in_every_results_format(served: KgServer, store: Path) -> None:
    quads = sum(1 for _ in EmbeddedStore(store, read_only=True).quads())
    url = served.url + "/sparql"
    status, media, body = get(url, "application/sparql-results+json", query=COUNT)
    assert status == 200 and media == "application/sparql-results+json"
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) <= quads  # union: each triple once
    _, media, body = get(url, "application/sparql-results+xml", query=COUNT)
    assert media == "application/sparql-results+xml" and b"<sparql" in body
    _, media, body = get(url, "text/csv", query="SELECT ?x WHERE { VALUES ?x { 'a,b' } }")
    assert media == "text/csv" and body.decode().splitlines() == ["x", '"a,b"']
    _, media, body = get(
        url, "text/tab-separated-values", query="SELECT ?x WHERE { VALUES ?x { <http://e/> } }"
    )
    assert body.decode().splitlines() == ["?x", "<http://e/>"]
    status, _ = post(url, f"query={urllib.parse.quote(COUNT)}".encode(), "application/x-www-form-urlencoded")
    assert status == 200
    status, _, _ = get(url, "image/png", query=COUNT)
    assert status == 406


def test_ask_construct_and_the_service_description(served: KgServer) -> None:
    url = served.url + "/sparql"
    _, _, body = get(url, "application/sparql-results+json", query=f"ASK {{ <{PARK_JIN}> ?p ?o }}")
    assert json.loads(body)["boolean"] is True
    status, media, body = get(
        url, "text/turtle", query=f"CONSTRUCT {{ <{PARK_JIN}> ?p ?o }} WHERE {{ <{PARK_JIN}> ?p ?o }}"
    )
    assert status == 200 and media == "text/turtle"
    assert any(t.subject == ox.NamedNode(PARK_JIN) for t in ox.parse(body, format=ox.RdfFormat.TURTLE))
    _, media, body = get(url)
    assert media == "text/turtle" and b"sd:Service" in body


def test_saved_queries_through_kg_serve_match_the_store(served: KgServer, store: Path) -> None:
    """SPARQLWrapper (``kg query --endpoint``) against kg serve gives the embedded rows."""
    endpoint = SparqlEndpoint(served.url + "/sparql")
    local = EmbeddedStore(store, read_only=True)
    for name, params in (("releases", []), ("meetings", ["country=CHN"]), ("positions", ["country=KOR"])):
        query = load_queries()[name]
        text = with_values(query.text, bind(query, parse_params(query, params)))
        variables, rows = local.select(text)
        _, remote = endpoint.select(text)
        assert [[cell(r.get(v)) for v in variables] for r in remote] == [
            [cell(r.get(v)) for v in variables] for r in rows
        ]


def test_graph_store_reads(served: KgServer, store: Path) -> None:
    release = EmbeddedStore(store, read_only=True).graphs()[0]
    status, media, body = get(served.url + "/store", "application/n-triples", graph=release)
    assert status == 200 and media == "application/n-triples"
    served_triples = {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)}
    assert served_triples == {q.triple for q in EmbeddedStore(store, read_only=True).quads(release)}
    status, _, body = get(served.url + "/store", "text/turtle", default="")
    assert status == 200 and not list(ox.parse(body, format=ox.RdfFormat.TURTLE))  # releases are named
    assert get(served.url + "/store", graph=ID + "release/none")[0] == 404
    assert get(served.url + "/store")[0] == 400


def test_minted_iris_dereference(served: KgServer) -> None:
    page = served.url + "/id/person/park-jin"
    status, media, body = get(page, "text/turtle")
    assert status == 200 and media == "text/turtle"
    triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
    assert (
        ox.Triple(ox.NamedNode(PARK_JIN), ox.NamedNode("https://schema.org/name"), ox.Literal("Park Jin"))
        in triples
    )
    _, media, body = get(page, "application/ld+json")
    document = json.loads(body)
    assert media == "application/ld+json" and "@context" in document
    assert any(node.get("id") == "person/park-jin" for node in document["@graph"])
    _, media, body = get(page, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert (
        media.startswith("text/html")
        and b"Park Jin" in body
        and served.url.encode() + b"/id/country/KOR" in body
    )
    _, media, _ = get(page, format="jsonld")
    assert media == "application/ld+json"
    assert get(served.url + "/id/person/nobody-at-all", "text/turtle")[0] == 404


def test_read_only_by_default(served: KgServer) -> None:
    status, body = post(served.url + "/sparql", b"update=CLEAR+ALL", "application/x-www-form-urlencoded")
    assert status == 403 and b"--allow-update" in body
    request = urllib.request.Request(served.url + "/store?graph=http://e/g", data=b"", method="PUT",
                                     headers={"Content-Type": "text/turtle"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_caps_on_result_size_and_time(store: Path) -> None:
    for server in running(store, Options(max_rows=5)):
        status, _, body = get(server.url + "/sparql", "text/csv", query="SELECT * WHERE { ?s ?p ?o }")
        assert status == 400 and b"more than 5 results" in body and b"LIMIT" in body
        assert get(server.url + "/sparql", "text/csv", query="SELECT * WHERE { ?s ?p ?o } LIMIT 5")[0] == 200
    for server in running(store, Options(timeout=0.05)):
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u }"  # about 0.5 s on the corpus
        status, _, body = get(server.url + "/sparql", "text/csv", query=slow)
        assert status == 503 and b"longer than" in body


def test_foreign_hosts_and_web_pages_cannot_write(store: Path, tmp_path: Path) -> None:
    for server in running(make_store(tmp_path / "rw", b""), Options(allow_update=True)):
        status, _ = post(server.url + "/sparql", b"INSERT DATA { <http://e/s> <http://e/p> 1 }",
                         "application/sparql-update", Origin="https://evil.example")  # fmt: skip
        assert status == 403
        request = urllib.request.Request(
            server.url + "/sparql?query=ASK%7B%7D", headers={"Host": "evil.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as misdirected:
            urllib.request.urlopen(request, timeout=10)
        assert misdirected.value.code == 421


def test_push_into_kg_serve_with_and_without_a_graph_store(store: Path, tmp_path: Path) -> None:
    """`kg serve --allow-update` is a generic SPARQL 1.1 store: push to it both ways."""
    expected = {(q.graph_name, q.triple) for q in EmbeddedStore(store, read_only=True).quads()}
    for name, extra in (("gsp", ["--graph-store", "{url}/store"]), ("update", [])):
        target = make_store(tmp_path / name, b"")
        for server in running(target, Options(allow_update=True)):
            args = [a.format(url=server.url) for a in extra]
            result = run_kg("push", "--endpoint", server.url + "/sparql", "--dialect", "generic", *args,
                            "--store", str(store), "-q")  # fmt: skip
            assert result.returncode == 0, result.stderr
            assert ("graph store" if name == "gsp" else "SPARQL Update") in result.stderr
            held = {(q.graph_name, q.triple) for q in server.service.store}
            assert held == expected


def test_kg_serve_command(store: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store), "-q"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "read-only" in line
        url = line.rsplit(" at ", 1)[1].strip()
        status, _, body = get(url, "text/csv", query="SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }")
        assert status == 200 and int(list(csv.reader(io.StringIO(body.decode())))[1][0]) > 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_negotiation() -> None:
    offers = ["text/turtle", "application/ld+json", "text/html"]
    assert negotiate(None, offers) == "text/turtle"
    assert negotiate("application/ld+json", offers) == "application/ld+json"
    assert negotiate("text/html;q=0.5, application/ld+json;q=0.9", offers) == "application/ld+json"
    assert negotiate("*/*", offers) == "text/turtle"
    assert negotiate("text/*", ["application/ld+json", "text/html"]) == "text/html"
    assert negotiate("image/png", offers) is None
