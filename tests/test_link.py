"""Wikidata alignment: the lexicon's verified QIDs in release graphs, and `kg link`
against a Wikidata-shaped fixture served by real Oxigraph and Virtuoso servers."""

from __future__ import annotations

import contextlib
import csv
import http.server
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import run_kg
from servers import FIXTURE, FIXTURE_GRAPH, VIRTUOSO_PASSWORD, VIRTUOSO_USER, Server, make_store

from kg import iris
from kg.linking import LINKS_GRAPH, MANUAL, actors, coverage, reconcile, unlinked
from kg.remote import Budget, RemoteError, SparqlEndpoint, credentials_for
from kg.store import EmbeddedStore

REPO = Path(__file__).resolve().parents[1]
LOD = REPO.parent / "shared" / "lod"
WD = "http://www.wikidata.org/entity/"
FX = "http://fixture.invalid/entity/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: The two class items the issue itself names (human, sovereign state); not in the tables.
CLASSES = {"Q5", "Q3624078"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def verified_qids() -> set[str]:
    """Every QID in ../shared/lod/ and lexicon/*.csv (the only ones kg may write)."""
    qids: set[str] = set()
    for path in [*LOD.glob("*.csv"), *(REPO / "lexicon").glob("*.csv")]:
        for row in _rows(path):
            qids |= {row[c] for c in ("wikidata", "wikidata_alt") if row.get(c)}
    return qids


def lexicon_links() -> dict[str, str]:
    """Actor IRI -> the QID the lexicon gives it."""
    lexicon = REPO / "lexicon"
    links = {str(iris.country_iri(r["iso3"])): r["wikidata"] for r in _rows(lexicon / "countries.csv")}
    links |= {str(iris.org_iri(r["key"])): r["wikidata"] for r in _rows(lexicon / "organizations.csv")}
    links |= {str(iris.initiative_iri(r["key"])): r["wikidata"] for r in _rows(lexicon / "initiatives.csv")}
    links |= {str(iris.person_iri(r["name"])): r["wikidata"] for r in _rows(lexicon / "people.csv")}
    return {iri: qid for iri, qid in links.items() if qid}


@pytest.fixture(scope="module")
def corpus_store(corpus_nquads: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("link-corpus") / "store", corpus_nquads)


# -- part 1: alignment from the lexicon ----------------------------------------------------


def test_every_lexicon_known_actor_carries_its_wikidata_link(corpus_store: Path) -> None:
    store = ox.Store.read_only(str(corpus_store))
    expected = lexicon_links()
    checked = 0
    for graph in store.named_graphs():
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, graph):
            actor = quad.subject.value  # type: ignore[union-attr]
            if actor in expected:
                link = ox.Quad(
                    quad.subject, ox.NamedNode(OWL_SAME_AS), ox.NamedNode(WD + expected[actor]), graph
                )
                assert link in store, f"{actor} lacks owl:sameAs wd:{expected[actor]} in {graph}"
                checked += 1
    assert checked >= 30  # countries, organisations and people of the corpus


def test_no_wikidata_id_outside_the_verified_tables(corpus_store: Path) -> None:
    store = ox.Store.read_only(str(corpus_store))
    used = {
        q.object.value[len(WD) :]
        for q in store.quads_for_pattern(None, ox.NamedNode(OWL_SAME_AS), None, None)
        if q.object.value.startswith(WD)  # type: ignore[union-attr]
    }
    assert used and used <= verified_qids()


def test_the_fixture_uses_only_verified_qids() -> None:
    items = {
        term.value[len(WD) :]
        for triple in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
        for term in (triple.subject, triple.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(WD)
    }
    assert items - CLASSES <= verified_qids(), items - CLASSES - verified_qids()


# -- part 2: kg link -------------------------------------------------------------------------

KG = iris.ID
SMALL = f"""
@prefix kg: <{KG}> .
@prefix dip: <https://w3id.org/kg-diplo/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix org: <http://www.w3.org/ns/org#> .
kg:person\\/park-jin a schema:Person ; rdfs:label "Park Jin" ; dip:represents kg:country\\/KOR ;
  org:holds kg:post\\/KOR\\/minister-of-foreign-affairs .
kg:post\\/KOR\\/minister-of-foreign-affairs rdfs:label "Minister of Foreign Affairs" .
kg:country\\/KOR a schema:Country ; rdfs:label "Republic of Korea" ; dip:iso3 "KOR" .
kg:country\\/CHN a schema:Country ; rdfs:label "China" ; dip:iso3 "CHN" ; <{OWL_SAME_AS}> <{WD}Q148> .
kg:person\\/wang-yi a schema:Person ; rdfs:label "Wang Yi" ; dip:represents kg:country\\/CHN .
kg:person\\/song-tao a schema:Person ; rdfs:label "Song Tao" ; dip:represents kg:country\\/CHN .
kg:country\\/IND a schema:Country ; rdfs:label "India" ; dip:iso3 "IND" ; <{OWL_SAME_AS}> <{WD}Q668> .
kg:person\\/s-jaishankar a schema:Person ; rdfs:label "S. Jaishankar" ; dip:represents kg:country\\/IND .
kg:person\\/yoon-suk-yeol a schema:Person ; rdfs:label "Yoon Suk Yeol" .
kg:person\\/nobody a schema:Person ; rdfs:label "Kangshared" .
kg:org\\/arf a dip:InternationalOrganization ; rdfs:label "ASEAN Regional Forum" .
kg:org\\/cpc a dip:InternationalOrganization ; rdfs:label "Communist Party of China" .
"""
RELEASE = KG + "release/test"


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    triples = ox.parse(SMALL.encode(), format=ox.RdfFormat.TURTLE)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(RELEASE)) for t in triples]
    return make_store(tmp_path / "store", ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")


def decisions_by_actor(output: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, list[dict[str, str]]] = {}
    for row in json.loads(output):
        found.setdefault(row["actor"].removeprefix(KG), []).append(row)
    return found


def expect_small_store_decisions(found: dict[str, list[dict[str, str]]]) -> None:
    def one(actor: str, status: str = "accepted") -> dict[str, str]:
        [row] = found[actor]
        assert row["status"] == status, row
        return row

    assert (
        one("person/park-jin")["status"] == "accepted" and one("person/park-jin")["item"] == FX + "park-jin"
    )
    assert one("person/park-jin")["score"] == "0.80"  # name, a post, named like kg's (KOR has no link)
    assert one("person/wang-yi")["item"] == FX + "wang-yi"  # not the namesake athlete
    assert one("person/wang-yi")["score"] == "0.90"  # name, a post, citizenship CHN = Q148
    assert one("person/s-jaishankar")["item"] == FX + "jaishankar"  # by alias
    assert one("person/yoon-suk-yeol")["item"] == FX + "yoon-suk-yeol"  # by a `mul` label
    assert one("country/KOR")["item"] == WD + "Q884"  # by alias and ISO code
    assert one("org/arf")["item"] == FX + "asean-regional-forum"
    assert {r["status"] for r in found["person/song-tao"]} == {"ambiguous"}
    assert {r["item"] for r in found["person/song-tao"]} == {FX + "song-tao", FX + "song-tao-governor"}
    assert one("org/cpc", "unmatched")["score"] == "0.50"  # a party, not an organisation by type
    assert one("person/nobody", "unmatched")["item"] == ""
    assert "country/CHN" not in found and "country/IND" not in found  # linked already: not looked up


def quads_of(path: Path, graph: str | None = None) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    return set(store.quads_for_pattern(None, None, None, ox.NamedNode(graph) if graph else None))


def release_quads(path: Path) -> set[ox.Quad]:
    return {q for q in quads_of(path) if q.graph_name != ox.NamedNode(LINKS_GRAPH)}


def test_link_decides_by_label_type_and_what_else_agrees(small_store: Path, wikidata_fixture: Server) -> None:
    before = quads_of(small_store)
    dry = run_kg(
        "link",
        "--endpoint",
        wikidata_fixture.query,
        "--store",
        str(small_store),
        "--dry-run",
        "--format",
        "json",
    )
    assert dry.returncode == 0, dry.stderr
    assert "nothing written" in dry.stderr and quads_of(small_store) == before
    expect_small_store_decisions(decisions_by_actor(dry.stdout))

    real = run_kg(
        "link", "--endpoint", wikidata_fixture.query, "--store", str(small_store), "--format", "json"
    )
    assert real.returncode == 0, real.stderr
    assert quads_of(small_store, RELEASE) == before  # the release graph is untouched
    links = quads_of(small_store, LINKS_GRAPH)
    same_as = {(q.subject.value, q.object.value) for q in links if q.predicate.value == OWL_SAME_AS}  # type: ignore[union-attr]
    assert (KG + "person/park-jin", FX + "park-jin") in same_as
    assert not any(s == KG + "person/song-tao" for s, _ in same_as)
    sources = {q.object.value for q in links if q.predicate.value == "http://purl.org/dc/terms/source"}  # type: ignore[union-attr]
    confidences = [float(q.object.value) for q in links if q.predicate.value.endswith("confidence")]  # type: ignore[union-attr]
    assert sources == {wikidata_fixture.query} and len(confidences) == len(same_as) == 6, same_as
    assert min(confidences) >= 0.7

    again = run_kg("link", "--endpoint", wikidata_fixture.query, "--store", str(small_store))
    assert again.returncode == 0 and quads_of(small_store, LINKS_GRAPH) == links


def test_a_person_decides_the_ambiguous_ones(small_store: Path, wikidata_fixture: Server) -> None:
    chosen = FX + "song-tao"
    result = run_kg(
        "link",
        "--endpoint",
        wikidata_fixture.query,
        "--store",
        str(small_store),
        "--accept",
        f"Song Tao={chosen}",
    )
    assert result.returncode == 0, result.stderr
    links = quads_of(small_store, LINKS_GRAPH)
    assert ox.Quad(ox.NamedNode(KG + "person/song-tao"), ox.NamedNode(OWL_SAME_AS), ox.NamedNode(chosen),
                   ox.NamedNode(LINKS_GRAPH)) in links  # fmt: skip
    assert any(q.object == ox.NamedNode(MANUAL) for q in links)
    unknown = run_kg("link", "--store", str(small_store), "--accept", f"Nobody Known={chosen}", "--dry-run")
    assert unknown.returncode == 2 and "names no actor" in unknown.stderr
    bad = run_kg("link", "--store", str(small_store), "--min-score", "1.5")
    assert bad.returncode == 2 and "between 0 and 1" in bad.stderr


def test_link_against_virtuoso_decides_the_same(small_store: Path, virtuoso_server: Server) -> None:
    request = urllib.request.Request(
        virtuoso_server.graph_store + "?graph=" + FIXTURE_GRAPH,
        data=FIXTURE.read_bytes(),
        method="PUT",
        headers={"Content-Type": "text/turtle"},
    )
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, virtuoso_server.graph_store, VIRTUOSO_USER, VIRTUOSO_PASSWORD)
    urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager)).open(
        request, timeout=60
    ).close()
    result = run_kg(
        "link",
        "--endpoint",
        virtuoso_server.query,
        "--store",
        str(small_store),
        "--dry-run",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    expect_small_store_decisions(decisions_by_actor(result.stdout))


def test_link_over_the_corpus(corpus_store: Path, wikidata_fixture: Server) -> None:
    """The share of actors with a Wikidata link, before and after `kg link` (the figure in
    the closing note), and that linking writes only its own graph."""
    store = EmbeddedStore(corpus_store, read_only=True)
    before = coverage(actors(store))
    graphs, releases = store.graphs(), release_quads(corpus_store)
    del store
    result = run_kg(
        "link", "--endpoint", wikidata_fixture.query, "--store", str(corpus_store), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    store = EmbeddedStore(corpus_store, read_only=True)
    after = coverage(actors(store))
    assert release_quads(corpus_store) == releases
    assert set(store.graphs()) == {*graphs, LINKS_GRAPH}
    fixture_items = {t.subject.value for t in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)}  # type: ignore[union-attr]
    targets = {q.object.value for q in store.quads(LINKS_GRAPH) if q.predicate.value == OWL_SAME_AS}  # type: ignore[union-attr]
    assert targets and targets <= fixture_items
    assert after["all"][0] > before["all"][0] and after["all"][1] == before["all"][1]
    print(f"\nactors with owl:sameAs before kg link: {before}\nafter: {after}")


# -- politeness: a stub endpoint that misbehaves on purpose ----------------------------------


class Stub:
    """A local HTTP endpoint answering from a script of (status, headers, body, delay)."""

    def __init__(self, script: list[tuple[int, dict[str, str], str, float]]) -> None:
        self.script = script
        self.requests: list[dict[str, str]] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.requests.append(dict(self.headers))
                status, headers, body, delay = stub.script[min(len(stub.requests), len(stub.script)) - 1]
                time.sleep(delay)
                self.send_response(status)
                for key, value in {"Content-Type": "application/sparql-results+json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body.encode())))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self.wfile.write(body.encode())

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def stub() -> Iterator[Callable[[list[tuple[int, dict[str, str], str, float]]], Stub]]:
    made: list[Stub] = []

    def make(script: list[tuple[int, dict[str, str], str, float]]) -> Stub:
        made.append(Stub(script))
        return made[-1]

    yield make
    for s in made:
        s.server.shutdown()
        s.server.server_close()


OK = json.dumps(
    {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
)


def test_retries_honour_retry_after_and_back_off(stub: Callable[..., Stub]) -> None:
    endpoint = stub([(429, {"Retry-After": "2"}, "slow down", 0), (503, {}, "busy", 0), (200, {}, OK, 0)])
    waits: list[float] = []
    budget = Budget(seconds=60, base_delay=1.0, sleep=waits.append)
    _, rows = SparqlEndpoint(endpoint.url, budget=budget).select("SELECT ?x WHERE {}")
    assert [r["x"].value for r in rows] == ["1"]  # type: ignore[union-attr]
    assert len(endpoint.requests) == 3 and waits[0] >= 2 and 2 <= waits[1] <= 2.2
    assert all(r["User-Agent"].startswith("kg-diplo/") for r in endpoint.requests)


def test_gives_up_when_the_wait_exceeds_the_budget(stub: Callable[..., Stub]) -> None:
    endpoint = stub([(429, {"Retry-After": "3600"}, "come back in an hour", 0)])
    with pytest.raises(RemoteError, match="asks to wait 3600 s"):
        SparqlEndpoint(endpoint.url, budget=Budget(seconds=30)).select("SELECT ?x WHERE {}")
    assert len(endpoint.requests) == 1


def test_a_bad_query_or_a_virtuoso_error_is_not_retried(stub: Callable[..., Stub]) -> None:
    for status, body in ((400, "syntax error"), (500, "Virtuoso 37000 Error SP030: SPARQL compiler")):
        endpoint = stub([(status, {"Content-Type": "text/plain"}, body, 0)])
        with pytest.raises(RemoteError):
            SparqlEndpoint(endpoint.url, budget=Budget(seconds=30)).select("SELECT ?x WHERE {}")
        assert len(endpoint.requests) == 1


def test_a_slow_endpoint_times_out_within_the_budget(stub: Callable[..., Stub]) -> None:
    endpoint = stub([(200, {}, OK, 3.0)])
    start = time.monotonic()
    with pytest.raises(RemoteError, match="gave up after 2 attempts"):
        SparqlEndpoint(endpoint.url, budget=Budget(seconds=30, attempts=2, base_delay=0.1), timeout=1).select(
            "SELECT ?x WHERE {}"
        )
    assert time.monotonic() - start < 6


def test_requests_are_paced() -> None:
    now = [100.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    budget = Budget(seconds=60, interval=1.5, sleep=sleep, clock=lambda: now[0])
    for _ in range(3):
        budget.pace()
        now[0] += 0.5  # the request itself
    assert waits == [1.0, 1.0]


def test_credentials_come_from_the_environment_or_netrc(tmp_path: Path) -> None:
    env = {"KG_ENDPOINT_USER": "u", "KG_ENDPOINT_PASSWORD": "p"}
    assert credentials_for("http://h/sparql", env) is not None
    assert "p" not in repr(credentials_for("http://h/sparql", env))
    netrc = tmp_path / "netrc"
    netrc.write_text("machine h login nu password np\n")
    netrc.chmod(0o600)
    from_netrc = credentials_for("http://h/sparql", {**env, "NETRC": str(netrc)}, use_env=False)
    assert from_netrc is not None and from_netrc.user == "nu"
    assert credentials_for("http://other/sparql", {"NETRC": str(netrc)}) is None
    with pytest.raises(Exception, match="KG_ENDPOINT_PASSWORD"):
        credentials_for("http://h/sparql", {"KG_ENDPOINT_USER": "u"})


def test_unlinked_skips_actors_that_already_have_a_link(small_store: Path) -> None:
    todo = {a.iri.removeprefix(KG) for a in unlinked(actors(EmbeddedStore(small_store, read_only=True)))}
    assert "country/CHN" not in todo and {"person/park-jin", "country/KOR", "org/cpc"} <= todo


def test_reconcile_without_candidates_leaves_everyone_unmatched(
    stub: Callable[..., Stub], small_store: Path
) -> None:
    empty = json.dumps({"head": {"vars": ["name", "item"]}, "results": {"bindings": []}})
    endpoint = stub([(200, {}, empty, 0)])
    todo = unlinked(actors(EmbeddedStore(small_store, read_only=True)))
    decisions = reconcile(SparqlEndpoint(endpoint.url), todo)
    assert {d.status for d in decisions} == {"unmatched"} and len(decisions) == len(todo)
