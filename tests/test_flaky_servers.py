"""`kg push` and `kg link` against a server behind a fault-injecting proxy (tests/faults.py):
500s, 429 with Retry-After, dropped and reset connections, stalls, writes that succeed
but answer 500. Transient faults are ridden out with backoff; lasting ones end in a clear
error within the time budget; and the remote store never holds half a graph, nor a
temporary graph left behind."""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from faults import FaultProxy, Rule
from helpers import run_kg, samples_store
from servers import Server, start_oxigraph

from kg.publish import CHUNK, Publisher, Target, push_store
from kg.remote import Budget, RemoteError
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ID = "https://w3id.org/kg-diplo/id/"
#: Every fault kind the proxy injects, once each, in the order a push meets them.
TRANSIENT = ["500", "429:1", "close", "reset", "stall:3", "after-500", "503"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """An Oxigraph server of this module's own: the shared ones hold other tests' graphs."""
    started = start_oxigraph(tmp_path_factory.mktemp("flaky-oxigraph"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # type: ignore[no-untyped-def]
    return samples_store(tmp_path_factory.mktemp("flaky") / "store", pipeline)


@pytest.fixture
def local(store_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(store_path, read_only=True)
    yield store
    store.close()


@pytest.fixture
def proxy(server: Server) -> Iterator[FaultProxy]:
    httpx.post(server.update, data={"update": "DROP ALL"}, timeout=30).raise_for_status()
    made = FaultProxy(server.query)
    yield made
    made.close()


def remote_graphs(server: Server) -> dict[str, set[str]]:
    """Every named graph on the server, as sets of N-Triples lines."""
    answer = httpx.get(server.graph_store, headers={"Accept": "application/n-quads"}, timeout=30)
    answer.raise_for_status()
    found: dict[str, set[str]] = {}
    for quad in ox.parse(answer.content, format=ox.RdfFormat.N_QUADS):
        found.setdefault(str(quad.graph_name.value), set()).add(str(quad.triple))  # type: ignore[union-attr]
    return found


def local_graph(store: EmbeddedStore, graph: str) -> set[str]:
    return {str(q.triple) for q in store.quads(graph)}


def publisher(
    http: httpx.Client, proxy: FaultProxy, server: Server, *, seconds: float = 30, attempts: int = 8
) -> Publisher:
    """A publisher through the proxy with kg's retry rules, but backoff from 10 ms, not 1 s."""
    target = Target("oxigraph", proxy.url(server.graph_store), proxy.url(server.update))
    return Publisher(http, target, Budget(seconds=seconds, attempts=attempts, base_delay=0.01))


def test_push_rides_out_every_kind_of_transient_fault(
    server: Server, proxy: FaultProxy, local: EmbeddedStore
) -> None:
    proxy.rules = [Rule(list(TRANSIENT), method="PUT")]
    started = time.monotonic()
    with httpx.Client(timeout=1.0) as http:
        pushed = push_store(local, publisher(http, proxy, server))
    took = time.monotonic() - started
    assert proxy.faults_applied() == TRANSIENT
    gaps = [b.at - a.at for a, b in zip(proxy.log, proxy.log[1:], strict=False)]
    assert gaps[1] >= 1.0  # Retry-After: 1 honoured
    assert gaps[6] > gaps[5] > gaps[3] > gaps[2]  # backoff doubles (gap 4 holds the stall's timeout)
    assert len(pushed) == 3
    remote = remote_graphs(server)
    assert {g: local_graph(local, g) for g in local.graphs()} == remote
    assert 1.0 <= took < 30, f"{took:.1f} s: Retry-After must be honoured, backoff kept short"


def test_a_lasting_fault_ends_in_a_clear_error_and_no_half_graph(
    server: Server, proxy: FaultProxy, local: EmbeddedStore
) -> None:
    first, second, _ = local.graphs()
    proxy.rules = [Rule(["503"] * 1000, method="PUT", path=quote(second, safe=""))]
    started = time.monotonic()
    with httpx.Client(timeout=1.0) as http, pytest.raises(RemoteError) as caught:
        push_store(local, publisher(http, proxy, server, attempts=4))
    message = str(caught.value)
    assert message.startswith(f"{second} -> {proxy.root}/store: HTTP 503 injected 503")
    assert "gave up after 4 attempts" in message
    assert time.monotonic() - started < 10
    remote = remote_graphs(server)
    assert remote == {first: local_graph(local, first)}  # the one before is whole, the rest absent


def test_a_stalled_server_is_given_up_within_the_time_budget(
    server: Server, proxy: FaultProxy, local: EmbeddedStore
) -> None:
    proxy.rules = [Rule(["stall:5"] * 1000)]
    started = time.monotonic()
    with httpx.Client(timeout=0.5) as http, pytest.raises(RemoteError, match="time budget of 3 s"):
        push_store(local, publisher(http, proxy, server, seconds=3, attempts=100))
    assert time.monotonic() - started < 6
    assert remote_graphs(server) == {}


def synthetic(graph: str, n: int, tag: str) -> list[ox.Triple]:
    return [
        ox.Triple(ox.NamedNode(f"{graph}/s{i}"), ox.NamedNode(ID + "test#p"), ox.Literal(f"{tag} {i}"))
        for i in range(n)
    ]


@pytest.mark.parametrize("outage", ["inserts-fail", "server-out-for-a-while", "server-gone"])
def test_an_interrupted_chunked_update_leaves_the_old_graph_and_no_temporary_graph(
    server: Server, proxy: FaultProxy, outage: str
) -> None:
    graph = ID + "test/chunked"
    big = CHUNK * 2 + 500  # three INSERT DATA into a temporary graph, then one MOVE
    target = Target("generic", None, proxy.url(server.update))
    with httpx.Client(timeout=5.0) as http:
        Publisher(http, target, Budget(seconds=30)).push(graph, synthetic(graph, big, "old"))
        # the second chunk fails for good; or the server is out for longer than the push's
        # budget (3 attempts) and the clean-up's first tries but comes back; or it is gone
        proxy.rules = {
            "inserts-fail": [Rule(["pass", *["503"] * 1000], method="POST", body="INSERT")],
            "server-out-for-a-while": [Rule(["pass", *["503"] * 5], method="POST")],
            "server-gone": [Rule(["pass", *["503"] * 1000], method="POST")],
        }[outage]
        publisher = Publisher(http, target, Budget(seconds=5, attempts=3, base_delay=0.05))
        with pytest.raises(RemoteError, match="HTTP 503") as caught:
            publisher.push(graph, synthetic(graph, big, "new"))
        proxy.rules = []
        if outage == "server-gone":  # nothing can be dropped: the error says what stays and how to drop it
            leftover = str(caught.value).split("the temporary graph ", 1)[1].split()[0]
            assert f"stays on the server: drop it with DROP GRAPH <{leftover}>" in str(caught.value)
            httpx.post(
                server.update, data={"update": f"DROP GRAPH <{leftover}>"}, timeout=30
            ).raise_for_status()
    remote = remote_graphs(server)
    assert set(remote) == {graph}, f"left on the server: {sorted(set(remote) - {graph})}"
    assert remote[graph] == {str(t) for t in synthetic(graph, big, "old")}


def kg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, env=env, timeout=300)


def test_kg_push_retries_and_reports_what_it_pushed(
    server: Server, proxy: FaultProxy, store_path: Path
) -> None:
    proxy.rules = [Rule(["503", "close"], method="PUT")]
    done = kg("push", "--endpoint", proxy.url(server.query), "--store", str(store_path), "--timeout", "5")
    assert done.returncode == 0, done.stderr
    assert proxy.faults_applied() == ["503", "close"]
    assert "3 graphs" in done.stderr and "pushed" in done.stderr
    store = EmbeddedStore(store_path, read_only=True)
    assert remote_graphs(server) == {g: local_graph(store, g) for g in store.graphs()}
    store.close()


def fingerprint(path: Path, proxy: FaultProxy | None = None, server: Server | None = None) -> tuple[int, str]:
    """Quad count and checksum; links made through the proxy name the server itself."""
    store = EmbeddedStore(path, read_only=True)
    lines = sorted(str(q) for q in store.quads())
    if proxy is not None and server is not None:
        lines = sorted(line.replace(proxy.root, server.query.rsplit("/", 1)[0]) for line in lines)
    store.close()
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def test_kg_link_rides_out_faults_and_a_dead_endpoint_changes_nothing(
    wikidata_fixture: Server, store_path: Path, tmp_path: Path
) -> None:
    clean, flaky = tmp_path / "clean", tmp_path / "flaky"
    for copy in (clean, flaky):
        subprocess.run(["cp", "-r", str(store_path), str(copy)], check=True)
        (copy / "kg.lock").unlink(missing_ok=True)
    reference = kg("link", "--endpoint", wikidata_fixture.query, "--store", str(clean), "--format", "json")
    assert reference.returncode == 0, reference.stderr

    proxy = FaultProxy(wikidata_fixture.query, [Rule(["500", "429:1"], method="POST")])
    try:
        linked = kg(
            "link", "--endpoint", proxy.url(wikidata_fixture.query), "--store", str(flaky), "--format", "json"
        )
        assert linked.returncode == 0, linked.stderr
        assert proxy.faults_applied() == ["500", "429:1"]
        assert json.loads(linked.stdout) == json.loads(reference.stdout)
        assert fingerprint(flaky, proxy, wikidata_fixture) == fingerprint(clean)
        assert kg("check", "--store", str(flaky)).returncode == 0

        before = fingerprint(flaky)
        proxy.rules = [Rule(["503"] * 1000)]
        started = time.monotonic()
        dead = kg(
            "link", "--endpoint", proxy.url(wikidata_fixture.query), "--store", str(flaky),
            "--max-time", "4", "--timeout", "1",
        )  # fmt: skip
        assert dead.returncode == 1
        assert dead.stderr.startswith(f"kg: {proxy.root}/query: ") and "HTTP 503" in dead.stderr
        assert time.monotonic() - started < 30
        assert fingerprint(flaky) == before  # nothing half written
    finally:
        proxy.close()
