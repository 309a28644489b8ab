"""Hostile requests to `kg serve` (the HTTP side of tests/test_hostile_parameters.py): SPARQL
injection through every parameter, updates where none are allowed, IRIs with spaces or
`>`, huge and lying bodies, parser bombs that used to overflow the stack and kill the
server, SERVICE calls that would make it fetch other URLs. Each gets a 4xx naming the
problem (never a 500, never a crash); the server binds to loopback by default, keeps
answering, and the store is unchanged: same quad count and checksum."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
QINGDAO = "https://w3id.org/kg-diplo/id/release/mofa-kr-2022-08-09-korea-china-fm-qingdao-txt"

# query= values: each must be refused, or answered without touching the store
INJECTIONS = [
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <urn:x> <urn:y> <urn:z> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/evil.ttl>",
    'SELECT * WHERE { ?s ?p "x" } } ; DROP ALL ; #',
    "SELECT * WHERE { <http://evil.example/a b> ?p ?o }",
    "SELECT * WHERE { <http://evil.example/a>b> ?p ?o }",
    "' OR '1'='1",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999999",
    "",
    "\x00",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
    # parser bombs: each of these killed the whole server with a stack overflow
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "SELECT * WHERE { FILTER(" + "(" * 100_000 + "1" + ")" * 100_000 + ") }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 20_000 + "true) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(" + "1+" * 60_000 + "1) }",
    "ASK { " + "OPTIONAL { " * 5_000 + "}" * 5_000 + " }",
]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
SPARQL_UPDATE = {"Content-Type": "application/sparql-update"}
QINGDAO_STORE = "/store?graph=" + urllib.parse.quote(QINGDAO)
HUGE = ('SELECT * WHERE { ?s ?p "' + "A" * 2_000_000 + '" }').encode()
# (method, target, body, headers): everything here must be refused with a 4xx
REQUESTS: list[tuple[str, str, bytes, dict[str, str]]] = [
    ("GET", "/sparql?update=DROP%20ALL", b"", {}),
    ("POST", "/sparql", b"update=DROP%20ALL", FORM),
    ("POST", "/sparql", b"CLEAR ALL", SPARQL_UPDATE),
    ("POST", "/sparql", b"DROP ALL", SPARQL_UPDATE | {"Origin": "https://evil.example"}),
    ("PUT", QINGDAO_STORE, b"<a:b> <a:c> <a:d> .", {"Content-Type": "application/n-triples"}),
    ("DELETE", QINGDAO_STORE, b"", {}),
    ("DELETE", "/store?default", b"", {}),
    ("GET", "/store?graph=http://a%20b", b"", {}),
    ("GET", "/store?graph=x%3E", b"", {}),
    ("GET", "/store", b"", {}),
    ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri%3E", b"", {}),
    ("GET", "/sparql?query=ASK%7B%7D&named-graph-uri=%3Cx%3E", b"", {}),
    ("GET", "/id/person/a>b", b"", {}),
    ("GET", "/id/person/" + "x" * 5_000, b"", {}),
    ("GET", "/sparql?query=" + "A" * 70_000, b"", {}),
    ("POST", "/sparql", b"query=ASK%7B%7D", FORM | {"Content-Length": "1000000000000"}),
    ("POST", "/sparql", b"", SPARQL_QUERY | {"Content-Length": "-1"}),
    ("POST", "/sparql", b"ASK {}", SPARQL_QUERY | {"Content-Length": "zero"}),
    ("POST", "/sparql", b"ASK {}", {"Content-Type": "text/evil"}),
    ("POST", "/sparql", HUGE, SPARQL_QUERY),
    ("GET", "/sparql?query=ASK%7B%7D", b"", {"Host": "evil.example"}),
    ("GET", "/sparql?query=ASK%7B%7D", b"", {"Accept": "application/x-evil"}),
]  # fmt: skip


def fingerprint(path: Path) -> tuple[int, str]:
    store = EmbeddedStore(path, read_only=True)
    lines = sorted(str(q) for q in store.quads())
    store.close()
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("serve-hostile") / "store"
    store = EmbeddedStore(path)
    assert not ingest([SAMPLES], store, pipeline).failed
    store.close()
    return path


def serve(store: Path, *extra: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", "0", "--store", str(store), "-q", *extra],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    url = line.rsplit(" at ", 1)[-1].strip().removesuffix("/sparql")
    try:
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=30)


def send(url: str, method: str, target: str, body: bytes = b"", headers: dict[str, str] | None = None) -> int:
    """The status of one raw HTTP/1.1 request (raw, so that lying headers go out as written)."""
    parts = urllib.parse.urlsplit(url)
    head = {"Host": parts.netloc, "Connection": "close", "Content-Length": str(len(body)), **(headers or {})}
    request = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as sock:
        sock.sendall(request.encode("latin-1"))
        with contextlib.suppress(OSError):  # the server refused the request before reading its body
            sock.sendall(body)
        answer = sock.recv(1024).decode("latin-1")
    return int(answer.split()[1])


def query(url: str, text: str, *, post: bool) -> int:
    if post:
        body = urllib.parse.urlencode({"query": text}).encode()
        return send(url, "POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
    return send(url, "GET", "/sparql?" + urllib.parse.urlencode({"query": text}))


def test_hostile_requests_are_refused_and_change_nothing(store_path: Path) -> None:
    before = fingerprint(store_path)
    refused = 0
    for process, url in serve(store_path, "--timeout", "5"):
        assert url.startswith("http://127.0.0.1:")  # loopback unless told otherwise
        for text in INJECTIONS:
            for post in (False, True):
                status = query(url, text, post=post)
                assert status != 500 and process.poll() is None, (text[:80], post, status)
                refused += status >= 400
        for method, target, body, headers in REQUESTS:
            status = send(url, method, target, body, headers)
            assert 400 <= status < 500, (method, target[:80], headers, status)
            assert process.poll() is None, (method, target[:80])
            refused += 1
        assert query(url, "ASK { ?s ?p ?o }", post=False) == 200  # still answering
    assert fingerprint(store_path) == before
    attempts = 2 * len(INJECTIONS) + len(REQUESTS)
    assert refused >= attempts - 4  # a few injections are harmless queries that may run
    print(f"\nkg serve: {refused} of {attempts} hostile requests refused, store unchanged")


def test_with_updates_allowed_bombs_and_services_are_still_refused(store_path: Path) -> None:
    before = fingerprint(store_path)
    for process, url in serve(store_path, "--allow-update", "--timeout", "5"):
        bombs = [  # (update, Origin header): none may crash the server or change the store
            ("INSERT { <urn:a> <urn:b> <urn:c> } WHERE { FILTER(" + "!" * 20_001 + "true) }", None),
            ("DELETE WHERE " + "{" * 10_000 + "}" * 10_000, None),
            ("INSERT { <urn:a> <urn:b> ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", None),
            ("LOAD <http://127.0.0.1:9/evil.ttl>", "https://evil.example"),  # from a web page
        ]
        for text, origin in bombs:
            body = urllib.parse.urlencode({"update": text}).encode()
            headers = FORM | ({"Origin": origin} if origin else {})
            status = send(url, "POST", "/sparql", body, headers)
            assert status != 500 and process.poll() is None, (text[:60], status)
        for text in INJECTIONS[:6]:  # updates through query= stay queries
            assert query(url, text, post=True) != 500
    assert fingerprint(store_path) == before


def test_result_size_and_time_are_capped(store_path: Path) -> None:
    for process, url in serve(store_path, "--timeout", "1", "--max-rows", "100"):
        started = time.monotonic()
        assert query(url, "SELECT * WHERE { ?a ?b ?c }", post=False) == 400  # more than 100 rows
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        assert query(url, slow, post=False) == 503  # longer than 1 s
        assert time.monotonic() - started < 10
        assert process.poll() is None
